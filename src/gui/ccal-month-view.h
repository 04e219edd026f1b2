/* ccal-month-view.h — the Events tab's month: six weeks of days with event chips
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ccal-core.h"

G_BEGIN_DECLS

#define CCAL_TYPE_MONTH_VIEW (ccal_month_view_get_type ())
G_DECLARE_FINAL_TYPE (CcalMonthView, ccal_month_view, CCAL, MONTH_VIEW, GtkWidget)

/* Properties:
 *   "first-weekday"  int, 0 = Sunday … 6 = Saturday; default 1 (Monday)
 *   "use-24h"        boolean, default TRUE
 * Signals:
 *   "activate-day"         (GDate *)           a day's number clicked, or its empty space double-clicked
 *   "activate-occurrence"  (CcalOccurrence *)  a chip, in a day or in its "+N more" popover
 * Availability windows are not drawn as chips; their days get the CSS class "bookable". */
CcalMonthView *ccal_month_view_new          (void);

/* CcalOccurrence items (any order); changes are laid out once per frame. */
void           ccal_month_view_set_model    (CcalMonthView *self,
                                             GListModel    *occurrences);

/* Shows the month holding @date (any day of it), in the six weeks around it. */
void           ccal_month_view_set_date     (CcalMonthView *self,
                                             const GDate   *date);

/* The zone whose calendar days the view shows (IANA id); NULL or unknown: UTC. */
void           ccal_month_view_set_timezone (CcalMonthView *self,
                                             const char    *tzid);

/* The instants the 42 days shown cover, [from, to): what the model should hold. */
void           ccal_month_view_get_range    (CcalMonthView *self,
                                             gint64        *out_from,
                                             gint64        *out_to);

G_END_DECLS
