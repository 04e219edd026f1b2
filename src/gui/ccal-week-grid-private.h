/* ccal-week-grid-private.h — the week grid's hooks for its tests and the benchmark
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ccal-week-grid.h"

G_BEGIN_DECLS

/* Runs the pointer path: press at (@x0, @y0), move to (@x1, @y1), release (grid coordinates). The
 * same points make a click. What it emits is what a person's drag would emit. */
void   ccal_week_grid_test_drag        (CcalWeekGrid    *self,
                                        double           x0,
                                        double           y0,
                                        double           x1,
                                        double           y1);

/* The rectangle of day column @day (0 = the week's first day), in grid coordinates. */
void   ccal_week_grid_get_day_area     (CcalWeekGrid    *self,
                                        guint            day,
                                        graphene_rect_t *out_area);

/* Availability windows shaded (not widgets) in the current layout. */
guint  ccal_week_grid_get_n_bands      (CcalWeekGrid    *self);

/* Pretend the time is @now (µs) for today's column and the current-time line; 0: the real clock. */
void   ccal_week_grid_set_now          (CcalWeekGrid    *self,
                                        gint64           now);

/* How many times the layout was rebuilt: model changes within a frame cost one. */
guint  ccal_week_grid_get_n_layouts    (CcalWeekGrid    *self);

/* Lays out now what a model change only scheduled for the next frame. */
void   ccal_week_grid_flush_layout     (CcalWeekGrid    *self);

G_END_DECLS
