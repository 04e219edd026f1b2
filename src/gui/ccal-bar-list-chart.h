/* ccal-bar-list-chart.h — bookings by product interest as labelled horizontal bars, largest first
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A chart of the analytics page, drawn with GtkSnapshot. It copies what it shows from the
 * CcalAnalytics it is given; hovering shows the figure under the pointer as a tooltip, and its
 * accessible description is a text summary (ccal_bar_list_chart_get_summary ()).
 */
#pragma once

#include <gtk/gtk.h>

#include "ccal-analytics.h"

G_BEGIN_DECLS

#define CCAL_TYPE_BAR_LIST_CHART (ccal_bar_list_chart_get_type ())
G_DECLARE_FINAL_TYPE (CcalBarListChart, ccal_bar_list_chart, CCAL, BAR_LIST_CHART, GtkWidget)

GtkWidget  *ccal_bar_list_chart_new           (void);

/* Shows @analytics (copied; NULL shows the empty state). */
void        ccal_bar_list_chart_set_analytics (CcalBarListChart    *self,
                                               const CcalAnalytics *analytics);

/* The text summary, as screen readers get it ("No bookings in this range" when empty). */
const char *ccal_bar_list_chart_get_summary   (CcalBarListChart *self);

G_END_DECLS
