/* ccal-week-view-private.h — the week view's parts, for its tests and the benchmark
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ccal-week-grid-private.h"
#include "ccal-week-header.h"
#include "ccal-week-view.h"

G_BEGIN_DECLS

CcalWeekGrid   *ccal_week_view_get_grid   (CcalWeekView *self);
CcalWeekHeader *ccal_week_view_get_header (CcalWeekView *self);

/* Pretend the time is @now (µs) for today and the current-time line; 0: the real clock. */
void            ccal_week_view_set_now    (CcalWeekView *self,
                                           gint64        now);

G_END_DECLS
