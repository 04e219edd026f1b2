/* ccal-slots.c — the bookable-slot algorithm: windows cut into steps, minus buffered busy time
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include "ccal-slots.h"

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  const CcalInterval *ia = a;
  const CcalInterval *ib = b;

  if (ia->start != ib->start)
    return ia->start < ib->start ? -1 : 1;
  if (ia->end != ib->end)
    return ia->end < ib->end ? -1 : 1;
  return 0;
}

void
ccal_intervals_normalize (GArray *intervals)
{
  CcalInterval *items;
  guint n_out = 0;

  g_return_if_fail (intervals != NULL);
  g_return_if_fail (g_array_get_element_size (intervals) == sizeof (CcalInterval));

  g_array_sort (intervals, compare_intervals);
  items = (CcalInterval *) (gpointer) intervals->data;

  for (guint i = 0; i < intervals->len; i++)
    {
      CcalInterval cur = items[i];

      if (cur.end <= cur.start)
        continue;

      /* Touching intervals merge too: the result is the same busy time with fewer entries. */
      if (n_out > 0 && cur.start <= items[n_out - 1].end)
        items[n_out - 1].end = MAX (items[n_out - 1].end, cur.end);
      else
        items[n_out++] = cur;
    }

  g_array_set_size (intervals, n_out);
}

/* The index of the first busy interval whose buffered end lies after @t, i.e. the first one that
 * can still overlap a slot starting at or after @t. Normalized intervals are disjoint and sorted,
 * so their ends are sorted as well. */
static gsize
find_first_busy_ending_after (const CcalInterval *busy,
                              gsize               n_busy,
                              gint64              buffer_after,
                              gint64              t)
{
  gsize lo = 0;
  gsize hi = n_busy;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (busy[mid].end + buffer_after > t)
        hi = mid;
      else
        lo = mid + 1;
    }

  return lo;
}

/* The number of whole steps of @duration from @origin needed to reach @target or pass it
 * (0 when @target ≤ @origin). Done in unsigned arithmetic so far-apart instants cannot overflow. */
static guint64
steps_to_reach (gint64 origin,
                gint64 target,
                gint64 duration)
{
  guint64 distance;

  if (target <= origin)
    return 0;

  distance = (guint64) target - (guint64) origin;
  return distance / (guint64) duration + (distance % (guint64) duration != 0);
}

static void
append_window_slots (GArray              *slots,
                     const CcalInterval  *window,
                     const CcalInterval  *busy,
                     gsize                n_busy,
                     const CcalSlotRules *rules)
{
  gint64 duration = rules->duration;
  gint64 lowest_start;
  guint64 n_steps;
  guint64 step;
  gsize b;

  if (window->end <= window->start)
    return;

  /* Whole steps in the window: a trailing partial step is not a slot. */
  n_steps = ((guint64) window->end - (guint64) window->start) / (guint64) duration;

  /* Jump straight to the first step that may start inside the range and after the notice, so a
   * window spanning months costs no more than one spanning a day. */
  lowest_start = MAX (rules->range_start, rules->earliest_start);
  step = steps_to_reach (window->start, lowest_start, duration);
  if (step >= n_steps)
    return;

  b = find_first_busy_ending_after (busy, n_busy, rules->buffer_after,
                                    window->start + (gint64) step * duration);

  for (; step < n_steps; step++)
    {
      gint64 start = window->start + (gint64) step * duration;
      gint64 end = start + duration;
      CcalInterval slot;

      if (start >= rules->range_end || start > rules->latest_start)
        break;

      /* Busy intervals wholly before this slot (with their buffer) can't touch any later slot. */
      while (b < n_busy && busy[b].end + rules->buffer_after <= start)
        b++;

      if (b < n_busy && busy[b].start - rules->buffer_before < end)
        {
          /* Overlaps: resume at the first step at or after the end of the buffered busy time. */
          guint64 next = steps_to_reach (window->start, busy[b].end + rules->buffer_after, duration);

          step = MAX (next, step + 1) - 1;
          continue;
        }

      slot.start = start;
      slot.end = end;
      g_array_append_val (slots, slot);
    }
}

GArray *
ccal_slots_compute (const CcalInterval  *windows,
                    gsize                n_windows,
                    const CcalInterval  *busy,
                    gsize                n_busy,
                    const CcalSlotRules *rules)
{
  g_autoptr(GArray) slots = NULL;
  CcalInterval *items;
  guint n_out = 0;

  g_return_val_if_fail (rules != NULL, NULL);
  g_return_val_if_fail (rules->duration > 0, NULL);
  g_return_val_if_fail (rules->buffer_before >= 0 && rules->buffer_after >= 0, NULL);
  g_return_val_if_fail (windows != NULL || n_windows == 0, NULL);
  g_return_val_if_fail (busy != NULL || n_busy == 0, NULL);

  slots = g_array_new (FALSE, FALSE, sizeof (CcalInterval));

  for (gsize i = 0; i < n_windows; i++)
    append_window_slots (slots, &windows[i], busy, n_busy, rules);

  /* Each window yields sorted slots; overlapping windows may interleave or repeat them. */
  if (n_windows > 1)
    {
      g_array_sort (slots, compare_intervals);
      items = (CcalInterval *) (gpointer) slots->data;

      for (guint i = 0; i < slots->len; i++)
        {
          if (n_out > 0 && compare_intervals (&items[n_out - 1], &items[i]) == 0)
            continue;
          items[n_out++] = items[i];
        }

      g_array_set_size (slots, n_out);
    }

  return g_steal_pointer (&slots);
}

/* A linear scan: @slots is one day's answer (a few hundred at most) and need not be sorted. */
gboolean
ccal_slots_contain (GArray             *slots,
                    const CcalInterval *slot)
{
  g_return_val_if_fail (slots != NULL, FALSE);
  g_return_val_if_fail (slot != NULL, FALSE);

  for (guint i = 0; i < slots->len; i++)
    {
      const CcalInterval *item = &g_array_index (slots, CcalInterval, i);

      if (item->start == slot->start && item->end == slot->end)
        return TRUE;
    }

  return FALSE;
}
