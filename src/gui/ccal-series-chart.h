/* ccal-series-chart.h — bookings over time, a bar per bucket stacked by status, with axes and a legend
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart of the analytics page, drawn with GtkSnapshot. It copies what it shows from the
 * CcalAnalytics it is given; hovering shows the figure under the pointer as a tooltip, and its
 * accessible description is a text summary (ccal_series_chart_get_summary ()).
 */
#pragma once

#include <gtk/gtk.h>

#include "ccal-analytics.h"

G_BEGIN_DECLS

#define CCAL_TYPE_SERIES_CHART (ccal_series_chart_get_type ())
G_DECLARE_FINAL_TYPE (CcalSeriesChart, ccal_series_chart, CCAL, SERIES_CHART, GtkWidget)

GtkWidget  *ccal_series_chart_new           (void);

/* Shows @analytics (copied; NULL shows the empty state). */
void        ccal_series_chart_set_analytics (CcalSeriesChart     *self,
                                             const CcalAnalytics *analytics);

/* The text summary, as screen readers get it ("No bookings in this range" when empty). */
const char *ccal_series_chart_get_summary   (CcalSeriesChart *self);

G_END_DECLS
