/* ccal-week-header.h — the week view's top: the seven days' names and the all-day row
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ccal-core.h"

G_BEGIN_DECLS

#define CCAL_TYPE_WEEK_HEADER (ccal_week_header_get_type ())
G_DECLARE_FINAL_TYPE (CcalWeekHeader, ccal_week_header, CCAL, WEEK_HEADER, GtkWidget)

/* Part of CcalWeekView. Properties "first-weekday", "use-24h"; signal "activate-occurrence". Shows
 * the occurrences of the model that ccal_week_occurrence_in_all_day_row() accepts. */
GtkWidget *ccal_week_header_new          (void);

void       ccal_week_header_set_model    (CcalWeekHeader *self,
                                          GListModel     *occurrences);
void       ccal_week_header_set_date     (CcalWeekHeader *self,
                                          const GDate    *date);
void       ccal_week_header_set_timezone (CcalWeekHeader *self,
                                          const char     *tzid);

/* Space before the first column (the grid's hour labels) and after the last (a scrollbar), so the
 * days line up with the grid's columns. Takes effect at the next allocation. */
void       ccal_week_header_set_margins  (CcalWeekHeader *self,
                                          int             leading,
                                          int             trailing);

/* Pretend the time is @now (µs) to mark today; 0: the real clock. */
void       ccal_week_header_set_now      (CcalWeekHeader *self,
                                          gint64          now);

/* A minute passed: today may have changed. */
void       ccal_week_header_update_now   (CcalWeekHeader *self);

G_END_DECLS
