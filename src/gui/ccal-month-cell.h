/* ccal-month-cell.h — one day of the month view: its number, chips for what happens, "+N more"
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ccal-core.h"

G_BEGIN_DECLS

#define CCAL_TYPE_MONTH_CELL (ccal_month_cell_get_type ())
G_DECLARE_FINAL_TYPE (CcalMonthCell, ccal_month_cell, CCAL, MONTH_CELL, GtkWidget)

/* Part of CcalMonthView, which keeps 42 of these and re-binds them. CSS name "monthcell", with
 * "today", "other-month" and "bookable" (an availability window that day) classes. Signals:
 * "activate-day" (the day's number, or a double click on the cell), "activate-occurrence"
 * (CcalOccurrence *), "show-more" (the "+N more" button). */
GtkWidget  *ccal_month_cell_new             (void);

void        ccal_month_cell_set_day         (CcalMonthCell *self,
                                             const GDate   *date,
                                             gboolean       other_month,
                                             gboolean       today);
void        ccal_month_cell_get_date        (CcalMonthCell *self,
                                             GDate         *out_date);

/* @occurrences: the day's CcalOccurrence in the order to show them (the cell keeps a reference to
 * the array: do not change it afterwards). */
void        ccal_month_cell_set_occurrences (CcalMonthCell *self,
                                             GPtrArray     *occurrences,
                                             gboolean       bookable,
                                             const char    *tzid,
                                             gboolean       use_24h);
GPtrArray  *ccal_month_cell_get_occurrences (CcalMonthCell *self);

/* As last laid out: chips shown, and how many the "+N more" button stands for (0: no button). */
guint       ccal_month_cell_get_n_shown     (CcalMonthCell *self);
guint       ccal_month_cell_get_n_hidden    (CcalMonthCell *self);

GtkWidget  *ccal_month_cell_get_more_button (CcalMonthCell *self);
GtkWidget  *ccal_month_cell_get_day_button  (CcalMonthCell *self);

G_END_DECLS
