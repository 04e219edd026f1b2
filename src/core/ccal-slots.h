/* ccal-slots.h — the bookable-slot algorithm shared by the server and the app
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ccal-core-types.h"

G_BEGIN_DECLS

typedef struct
{
  gint64 duration;        /* slot length, µs, > 0 */
  gint64 buffer_before;   /* each busy interval starts this much earlier, µs */
  gint64 buffer_after;    /* … and ends this much later, µs */
  gint64 earliest_start;  /* now + min notice: slots starting before are dropped */
  gint64 latest_start;    /* now + max advance: slots starting after are dropped */
  gint64 range_start;     /* only slots starting in [range_start, range_end) (the day) */
  gint64 range_end;
} CcalSlotRules;

/* Sorts @intervals (a GArray of CcalInterval) by start and merges overlapping or touching ones,
 * in place: the index ccal_slots_compute() expects for busy time. Empty intervals are dropped. */
void    ccal_intervals_normalize (GArray              *intervals);

/* Cuts each window into @rules->duration steps from the window's start; keeps the steps that fit in
 * the window, start inside the rules' range and notice limits, and do not overlap any busy interval
 * widened by the buffers. @busy must be normalized (sorted, merged): it is searched by bisection, so
 * a day query costs O(log n) in the size of the admin's history. Returns a sorted GArray of unique
 * CcalInterval. */
GArray *ccal_slots_compute       (const CcalInterval  *windows,
                                  gsize                n_windows,
                                  const CcalInterval  *busy,
                                  gsize                n_busy,
                                  const CcalSlotRules *rules);

/* Is @slot one of @slots (exact start and end)? */
gboolean ccal_slots_contain      (GArray              *slots,
                                  const CcalInterval  *slot);

G_END_DECLS
