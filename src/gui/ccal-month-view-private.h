/* ccal-month-view-private.h — the month view's parts, for its tests and the benchmark
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ccal-month-cell.h"
#include "ccal-month-view.h"

G_BEGIN_DECLS

/* Day @index (0 … 41) of the six weeks shown. */
CcalMonthCell *ccal_month_view_get_cell      (CcalMonthView *self,
                                              guint          index);

/* The "+N more" popover (listing the day last opened). */
GtkPopover    *ccal_month_view_get_popover   (CcalMonthView *self);

/* Pretend the time is @now (µs) to mark today; 0: the real clock. */
void           ccal_month_view_set_now       (CcalMonthView *self,
                                              gint64         now);

/* Lays out now what a model change only scheduled for the next frame. */
void           ccal_month_view_flush_layout  (CcalMonthView *self);

G_END_DECLS
