/* ccal-week-grid.h — the hours of a week: seven day columns with the timed events and bookings
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ccal-core.h"

G_BEGIN_DECLS

#define CCAL_TYPE_WEEK_GRID (ccal_week_grid_get_type ())
G_DECLARE_FINAL_TYPE (CcalWeekGrid, ccal_week_grid, CCAL, WEEK_GRID, GtkWidget)

/* Part of CcalWeekView, which most code should use. Properties "first-weekday" (0 = Sunday … 6),
 * "use-24h", "slot-minutes"; signals "create-event" (gint64 start, gint64 end),
 * "activate-occurrence" (CcalOccurrence *), "move-occurrence" (CcalOccurrence *, gint64 start,
 * gint64 end), as documented on CcalWeekView. */
GtkWidget *ccal_week_grid_new              (void);

void       ccal_week_grid_set_model        (CcalWeekGrid *self,
                                            GListModel   *occurrences);
void       ccal_week_grid_set_date         (CcalWeekGrid *self,
                                            const GDate  *date);
void       ccal_week_grid_set_timezone     (CcalWeekGrid *self,
                                            const char   *tzid);

/* The instants the week shown covers, [from, to). */
void       ccal_week_grid_get_range        (CcalWeekGrid *self,
                                            gint64       *out_from,
                                            gint64       *out_to);

/* Width of the hour labels' column, so the view can line the day header up with the columns. */
int        ccal_week_grid_get_gutter_width (CcalWeekGrid *self);
int        ccal_week_grid_get_hour_height  (CcalWeekGrid *self);

/* The view's clock says a minute passed: move the current-time line (and today, at midnight). */
void       ccal_week_grid_update_now       (CcalWeekGrid *self);

G_END_DECLS
