/* ccal-weekday-hours-row.h — one weekday of the weekly hours editor: its time ranges, add, remove, copy
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ccal-weekly-hours.h"

G_BEGIN_DECLS

#define CCAL_TYPE_WEEKDAY_HOURS_ROW (ccal_weekday_hours_row_get_type ())
G_DECLARE_FINAL_TYPE (CcalWeekdayHoursRow, ccal_weekday_hours_row, CCAL, WEEKDAY_HOURS_ROW, GtkListBoxRow)

/* A row for @day (0 = Monday) titled @label ("Monday").
 *
 * Signals:
 *   "changed"       a range was typed, added or removed (the page re-validates and re-previews);
 *   "copy-to-all"   the person asked to give every other day this day's ranges. */
GtkWidget  *ccal_weekday_hours_row_new          (guint                 day,
                                                 const char           *label);
guint       ccal_weekday_hours_row_get_day      (CcalWeekdayHoursRow  *self);
const char *ccal_weekday_hours_row_get_label    (CcalWeekdayHoursRow  *self);

/* Shows @ranges (replacing what was typed). */
void        ccal_weekday_hours_row_set_ranges   (CcalWeekdayHoursRow  *self,
                                                 const CcalHoursRange *ranges,
                                                 guint                 n_ranges);
/* The ranges as typed (CcalHoursRange), or NULL when an entry holds no time: then
 * CCAL_CORE_ERROR_INVALID names "N.start" or "N.end" (N from 1). */
GArray     *ccal_weekday_hours_row_get_ranges   (CcalWeekdayHoursRow  *self,
                                                 GError              **error);

/* Appends a range (the last one's end + 1 h, or 09:00–17:00) and focuses its start. */
void        ccal_weekday_hours_row_add_range    (CcalWeekdayHoursRow  *self);

/* Marks the entry of @field ("N.start" / "N.end", or NULL for none) and shows @message under the
 * row; NULL @message clears it. */
void        ccal_weekday_hours_row_set_error    (CcalWeekdayHoursRow  *self,
                                                 const char           *field,
                                                 const char           *message);
/* The entry for @field, or NULL. */
GtkWidget  *ccal_weekday_hours_row_get_entry    (CcalWeekdayHoursRow  *self,
                                                 const char           *field);

G_END_DECLS
