/* test-slots.c — the slot algorithm: buffers, notice, advance, dedupe, edges and a brute-force oracle
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include "ccal-core.h"

#define MINUTE CCAL_USEC_PER_MINUTE
#define HOUR CCAL_USEC_PER_HOUR
#define DAY CCAL_USEC_PER_DAY

/* 2026-12-01T00:00:00Z, a Tuesday. */
#define T0 (G_GINT64_CONSTANT (1796083200) * CCAL_USEC_PER_SECOND)

/* Rules for the day [T0, T0 + 1 day) with no notice, no advance limit and no buffers. */
static CcalSlotRules
day_rules (gint64 duration)
{
  CcalSlotRules rules = {
    .duration = duration,
    .buffer_before = 0,
    .buffer_after = 0,
    .earliest_start = G_MININT64,
    .latest_start = G_MAXINT64,
    .range_start = T0,
    .range_end = T0 + DAY,
  };

  return rules;
}

static GArray *
compute (const CcalInterval  *windows,
         gsize                n_windows,
         const CcalInterval  *busy,
         gsize                n_busy,
         const CcalSlotRules *rules)
{
  g_autoptr(GArray) index = g_array_new (FALSE, FALSE, sizeof (CcalInterval));

  if (n_busy > 0)
    g_array_append_vals (index, busy, n_busy);
  ccal_intervals_normalize (index);

  return ccal_slots_compute (windows, n_windows, (CcalInterval *) (gpointer) index->data, index->len, rules);
}

/* Asserts @slots starts at exactly the given minutes after T0 (list ends with -1), each @duration long. */
static void
assert_slot_starts (GArray *slots,
                    gint64  duration,
                    ...)
{
  va_list args;
  guint i = 0;
  int minute;

  va_start (args, duration);
  while ((minute = va_arg (args, int)) >= 0)
    {
      const CcalInterval *slot;

      g_assert_cmpuint (i, <, slots->len);
      slot = &g_array_index (slots, CcalInterval, i);
      g_assert_cmpint ((slot->start - T0) / MINUTE, ==, minute);
      g_assert_cmpint (slot->start, ==, T0 + minute * MINUTE);
      g_assert_cmpint (slot->end - slot->start, ==, duration);
      i++;
    }
  va_end (args);

  g_assert_cmpuint (slots->len, ==, i);
}

static void
test_normalize (void)
{
  CcalInterval raw[] = {
    { T0 + 5 * HOUR, T0 + 6 * HOUR },
    { T0 + 1 * HOUR, T0 + 2 * HOUR },
    { T0 + 2 * HOUR, T0 + 3 * HOUR },   /* touches the previous one */
    { T0 + 7 * HOUR, T0 + 7 * HOUR },   /* empty */
    { T0 + 9 * HOUR, T0 + 8 * HOUR },   /* inverted: empty */
    { T0 + 5 * HOUR + 30 * MINUTE, T0 + 5 * HOUR + 40 * MINUTE },  /* inside another */
    { T0 + 5 * HOUR + 50 * MINUTE, T0 + 6 * HOUR + 10 * MINUTE },  /* overlaps its end */
  };
  g_autoptr(GArray) intervals = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
  CcalInterval *items;

  g_array_append_vals (intervals, raw, G_N_ELEMENTS (raw));
  ccal_intervals_normalize (intervals);
  items = (CcalInterval *) (gpointer) intervals->data;

  g_assert_cmpuint (intervals->len, ==, 2);
  g_assert_cmpint (items[0].start, ==, T0 + 1 * HOUR);
  g_assert_cmpint (items[0].end, ==, T0 + 3 * HOUR);
  g_assert_cmpint (items[1].start, ==, T0 + 5 * HOUR);
  g_assert_cmpint (items[1].end, ==, T0 + 6 * HOUR + 10 * MINUTE);

  g_array_set_size (intervals, 0);
  ccal_intervals_normalize (intervals);
  g_assert_cmpuint (intervals->len, ==, 0);
}

static void
test_plain_window (void)
{
  CcalInterval window = { T0 + 9 * HOUR, T0 + 12 * HOUR };
  CcalSlotRules rules = day_rules (30 * MINUTE);
  g_autoptr(GArray) slots = compute (&window, 1, NULL, 0, &rules);

  assert_slot_starts (slots, 30 * MINUTE, 540, 570, 600, 630, 660, 690, -1);
}

static void
test_no_windows (void)
{
  CcalInterval busy = { T0, T0 + HOUR };
  CcalSlotRules rules = day_rules (30 * MINUTE);
  g_autoptr(GArray) slots = compute (NULL, 0, &busy, 1, &rules);

  g_assert_nonnull (slots);
  g_assert_cmpuint (slots->len, ==, 0);
}

/* A 10:00–11:00 booking with 15 min before and 30 min after blocks [09:45, 11:30). */
static void
test_buffers_both_sides (void)
{
  CcalInterval window = { T0 + 9 * HOUR, T0 + 13 * HOUR };
  CcalInterval busy = { T0 + 10 * HOUR, T0 + 11 * HOUR };
  CcalSlotRules rules = day_rules (30 * MINUTE);
  g_autoptr(GArray) slots = NULL;

  rules.buffer_before = 15 * MINUTE;
  rules.buffer_after = 30 * MINUTE;
  slots = compute (&window, 1, &busy, 1, &rules);

  /* 09:30 ends at 10:00 > 09:45: gone. 11:00 starts before 11:30: gone. 11:30 stays. */
  assert_slot_starts (slots, 30 * MINUTE, 540, 690, 720, 750, -1);

  /* Without buffers only the booked hour is gone. */
  rules.buffer_before = rules.buffer_after = 0;
  g_clear_pointer (&slots, g_array_unref);
  slots = compute (&window, 1, &busy, 1, &rules);
  assert_slot_starts (slots, 30 * MINUTE, 540, 570, 660, 690, 720, 750, -1);
}

/* "Now" is 08:50 with an hour's notice: 09:00 and 09:30 are too soon, 10:00 is fine (start ≥ limit). */
static void
test_min_notice (void)
{
  CcalInterval window = { T0 + 9 * HOUR, T0 + 12 * HOUR };
  CcalSlotRules rules = day_rules (30 * MINUTE);
  g_autoptr(GArray) slots = NULL;

  rules.earliest_start = T0 + 8 * HOUR + 50 * MINUTE + 60 * MINUTE;
  slots = compute (&window, 1, NULL, 0, &rules);
  assert_slot_starts (slots, 30 * MINUTE, 600, 630, 660, 690, -1);

  rules.earliest_start = T0 + 10 * HOUR;
  g_clear_pointer (&slots, g_array_unref);
  slots = compute (&window, 1, NULL, 0, &rules);
  assert_slot_starts (slots, 30 * MINUTE, 600, 630, 660, 690, -1);

  /* Notice past the window: nothing. */
  rules.earliest_start = T0 + 12 * HOUR;
  g_clear_pointer (&slots, g_array_unref);
  slots = compute (&window, 1, NULL, 0, &rules);
  assert_slot_starts (slots, 30 * MINUTE, -1);
}

/* The advance limit falls at 10:15: 10:00 is the last slot that may start; a limit of exactly
 * 10:30 keeps 10:30 (only slots starting after the limit are dropped). */
static void
test_max_advance (void)
{
  CcalInterval window = { T0 + 9 * HOUR, T0 + 12 * HOUR };
  CcalSlotRules rules = day_rules (30 * MINUTE);
  g_autoptr(GArray) slots = NULL;

  rules.latest_start = T0 + 10 * HOUR + 15 * MINUTE;
  slots = compute (&window, 1, NULL, 0, &rules);
  assert_slot_starts (slots, 30 * MINUTE, 540, 570, 600, -1);

  rules.latest_start = T0 + 10 * HOUR + 30 * MINUTE;
  g_clear_pointer (&slots, g_array_unref);
  slots = compute (&window, 1, NULL, 0, &rules);
  assert_slot_starts (slots, 30 * MINUTE, 540, 570, 600, 630, -1);

  rules.latest_start = T0 + 8 * HOUR;
  g_clear_pointer (&slots, g_array_unref);
  slots = compute (&window, 1, NULL, 0, &rules);
  assert_slot_starts (slots, 30 * MINUTE, -1);
}

/* 09:00–11:00 and 10:00–12:00 give each step once; 09:15–10:15 adds its own phase. */
static void
test_overlapping_windows_dedupe (void)
{
  CcalInterval windows[] = {
    { T0 + 10 * HOUR, T0 + 12 * HOUR },
    { T0 + 9 * HOUR, T0 + 11 * HOUR },
    { T0 + 9 * HOUR, T0 + 11 * HOUR },
  };
  CcalInterval offset_window = { T0 + 9 * HOUR + 15 * MINUTE, T0 + 10 * HOUR + 15 * MINUTE };
  CcalSlotRules rules = day_rules (30 * MINUTE);
  g_autoptr(GArray) slots = NULL;
  g_autoptr(GArray) all = g_array_new (FALSE, FALSE, sizeof (CcalInterval));

  slots = compute (windows, G_N_ELEMENTS (windows), NULL, 0, &rules);
  assert_slot_starts (slots, 30 * MINUTE, 540, 570, 600, 630, 660, 690, -1);

  g_array_append_vals (all, windows, G_N_ELEMENTS (windows));
  g_array_append_val (all, offset_window);
  g_clear_pointer (&slots, g_array_unref);
  slots = compute ((CcalInterval *) (gpointer) all->data, all->len, NULL, 0, &rules);
  assert_slot_starts (slots, 30 * MINUTE, 540, 555, 570, 585, 600, 630, 660, 690, -1);
}

/* 09:00–10:40 in 30-minute steps: 10:30–11:00 would leave the window, so it is not offered. */
static void
test_partial_step_dropped (void)
{
  CcalInterval window = { T0 + 9 * HOUR, T0 + 10 * HOUR + 40 * MINUTE };
  CcalSlotRules rules = day_rules (30 * MINUTE);
  g_autoptr(GArray) slots = compute (&window, 1, NULL, 0, &rules);

  assert_slot_starts (slots, 30 * MINUTE, 540, 570, 600, -1);

  /* A window shorter than one slot has none. */
  window.end = T0 + 9 * HOUR + 29 * MINUTE;
  g_clear_pointer (&slots, g_array_unref);
  slots = compute (&window, 1, NULL, 0, &rules);
  assert_slot_starts (slots, 30 * MINUTE, -1);
}

/* Busy 10:00–10:30 exactly: the slots 09:30–10:00 and 10:30–11:00 only touch it and stay. */
static void
test_busy_touching_edge (void)
{
  CcalInterval window = { T0 + 9 * HOUR, T0 + 12 * HOUR };
  CcalInterval busy = { T0 + 10 * HOUR, T0 + 10 * HOUR + 30 * MINUTE };
  CcalSlotRules rules = day_rules (30 * MINUTE);
  g_autoptr(GArray) slots = compute (&window, 1, &busy, 1, &rules);

  assert_slot_starts (slots, 30 * MINUTE, 540, 570, 630, 660, 690, -1);

  /* One microsecond more on either side takes the neighbour. */
  busy.start -= 1;
  g_clear_pointer (&slots, g_array_unref);
  slots = compute (&window, 1, &busy, 1, &rules);
  assert_slot_starts (slots, 30 * MINUTE, 540, 630, 660, 690, -1);

  busy.start += 1;
  busy.end += 1;
  g_clear_pointer (&slots, g_array_unref);
  slots = compute (&window, 1, &busy, 1, &rules);
  assert_slot_starts (slots, 30 * MINUTE, 540, 570, 660, 690, -1);

  /* With buffers the edge moves by the buffer, still half-open. */
  busy.end -= 1;
  rules.buffer_before = 30 * MINUTE;
  rules.buffer_after = 30 * MINUTE;
  g_clear_pointer (&slots, g_array_unref);
  slots = compute (&window, 1, &busy, 1, &rules);
  assert_slot_starts (slots, 30 * MINUTE, 540, 660, 690, -1);
}

static void
test_custom_duration (void)
{
  CcalInterval window = { T0 + 9 * HOUR, T0 + 12 * HOUR };
  CcalInterval busy = { T0 + 10 * HOUR + 50 * MINUTE, T0 + 11 * HOUR };
  CcalSlotRules rules = day_rules (45 * MINUTE);
  g_autoptr(GArray) slots = compute (&window, 1, &busy, 1, &rules);

  /* 09:00, 09:45, [10:30 hits the busy 10:50], 11:15; 12:00 would end past the window. */
  assert_slot_starts (slots, 45 * MINUTE, 540, 585, 675, -1);
}

/* A 22:00–02:00 window: the day [T0, T0 + 1 d) gets 22:00–23:30 of this evening and 00:00–01:30
 * of the window that started the evening before; steps stay on the window's 22:00 grid. */
static void
test_window_overnight (void)
{
  CcalInterval windows[] = {
    { T0 - 2 * HOUR, T0 + 2 * HOUR },
    { T0 + 22 * HOUR, T0 + 26 * HOUR },
  };
  CcalSlotRules rules = day_rules (30 * MINUTE);
  g_autoptr(GArray) slots = NULL;
  CcalInterval odd = { T0 - 2 * HOUR - 20 * MINUTE, T0 + 1 * HOUR };

  slots = compute (windows, G_N_ELEMENTS (windows), NULL, 0, &rules);
  assert_slot_starts (slots, 30 * MINUTE, 0, 30, 60, 90, 1320, 1350, 1380, 1410, -1);

  /* Stepping from 21:40 the previous evening: the first slots in the day start at 00:10. */
  g_clear_pointer (&slots, g_array_unref);
  slots = compute (&odd, 1, NULL, 0, &rules);
  assert_slot_starts (slots, 30 * MINUTE, 10, -1);
}

/* A window of a whole year still yields only the day's slots, and quickly. */
static void
test_long_window (void)
{
  CcalInterval window = { T0 - 200 * DAY, T0 + 165 * DAY };
  CcalSlotRules rules = day_rules (60 * MINUTE);
  g_autoptr(GArray) slots = compute (&window, 1, NULL, 0, &rules);

  g_assert_cmpuint (slots->len, ==, 24);
  g_assert_cmpint (g_array_index (slots, CcalInterval, 0).start, ==, T0);
  g_assert_cmpint (g_array_index (slots, CcalInterval, 23).start, ==, T0 + 23 * HOUR);
}

/* Many busy intervals before and after the day: only the ones near it matter. */
static void
test_large_history (void)
{
  CcalInterval window = { T0 + 9 * HOUR, T0 + 17 * HOUR };
  CcalSlotRules rules = day_rules (30 * MINUTE);
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
  g_autoptr(GArray) slots = NULL;

  for (int d = -5000; d < 5000; d++)
    {
      CcalInterval b = { T0 + d * DAY + 12 * HOUR, T0 + d * DAY + 13 * HOUR };

      g_array_append_val (busy, b);
    }
  ccal_intervals_normalize (busy);
  g_assert_cmpuint (busy->len, ==, 10000);

  slots = ccal_slots_compute (&window, 1, (CcalInterval *) (gpointer) busy->data, busy->len, &rules);
  assert_slot_starts (slots, 30 * MINUTE, 540, 570, 600, 630, 660, 690, 780, 810, 840, 870, 900, 930, 960, 990, -1);
}

static void
test_contain (void)
{
  CcalInterval window = { T0 + 9 * HOUR, T0 + 10 * HOUR };
  CcalSlotRules rules = day_rules (30 * MINUTE);
  g_autoptr(GArray) slots = compute (&window, 1, NULL, 0, &rules);
  CcalInterval yes = { T0 + 9 * HOUR + 30 * MINUTE, T0 + 10 * HOUR };
  CcalInterval wrong_end = { T0 + 9 * HOUR + 30 * MINUTE, T0 + 10 * HOUR + 30 * MINUTE };
  CcalInterval off_grid = { T0 + 9 * HOUR + 10 * MINUTE, T0 + 9 * HOUR + 40 * MINUTE };

  g_assert_true (ccal_slots_contain (slots, &yes));
  g_assert_false (ccal_slots_contain (slots, &wrong_end));
  g_assert_false (ccal_slots_contain (slots, &off_grid));
}

/* ---- randomized properties against a brute-force oracle ---- */

typedef struct
{
  GArray        *windows;
  GArray        *busy;      /* raw, as generated: overlapping, empty, unsorted */
  CcalSlotRules  rules;
} RandomCase;

static gint64
random_between (gint64 lo,
                gint64 hi)
{
  /* Ranges here are at most a few days in the chosen unit, well within gint32. */
  return lo + g_test_rand_int_range (0, (gint32) (hi - lo));
}

static void
random_case_generate (RandomCase *rc)
{
  /* Mix a minute grid (the usual case, with exact ties at edges) and odd seconds. */
  gint64 unit = g_test_rand_bit () ? MINUTE : CCAL_USEC_PER_SECOND * 7;
  gint64 day = DAY / unit;
  static const int durations[] = { 5, 15, 20, 30, 45, 60, 90, 120 };
  int n_windows = g_test_rand_int_range (0, 5);
  int n_busy = g_test_rand_int_range (0, 25);

  rc->windows = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
  rc->busy = g_array_new (FALSE, FALSE, sizeof (CcalInterval));

  for (int i = 0; i < n_windows; i++)
    {
      CcalInterval w;

      w.start = T0 + random_between (-day, day + day / 2) * unit;
      w.end = w.start + random_between (0, day / 2) * unit;
      g_array_append_val (rc->windows, w);
    }

  for (int i = 0; i < n_busy; i++)
    {
      CcalInterval b;

      b.start = T0 + random_between (-day, 2 * day) * unit;
      b.end = b.start + random_between (-day / 48, day / 6) * unit;
      g_array_append_val (rc->busy, b);
    }

  if (g_test_rand_bit ())
    rc->rules.duration = durations[g_test_rand_int_range (0, G_N_ELEMENTS (durations))] * MINUTE;
  else
    rc->rules.duration = random_between (1, day / 12) * unit;
  rc->rules.buffer_before = g_test_rand_bit () ? 0 : random_between (0, 120) * unit;
  rc->rules.buffer_after = g_test_rand_bit () ? 0 : random_between (0, 120) * unit;
  rc->rules.earliest_start = g_test_rand_bit () ? G_MININT64 : T0 + random_between (-day, day) * unit;
  rc->rules.latest_start = g_test_rand_bit () ? G_MAXINT64 : T0 + random_between (0, 2 * day) * unit;
  /* Days of 23, 24 and 25 hours. */
  rc->rules.range_start = T0;
  rc->rules.range_end = T0 + DAY + (g_test_rand_int_range (-1, 2)) * HOUR;
}

static void
random_case_clear (RandomCase *rc)
{
  g_clear_pointer (&rc->windows, g_array_unref);
  g_clear_pointer (&rc->busy, g_array_unref);
}

static gboolean
overlaps_buffered_busy (const RandomCase *rc,
                        gint64            start,
                        gint64            end)
{
  for (guint i = 0; i < rc->busy->len; i++)
    {
      const CcalInterval *b = &g_array_index (rc->busy, CcalInterval, i);

      if (b->end <= b->start)
        continue;
      if (start < b->end + rc->rules.buffer_after && b->start - rc->rules.buffer_before < end)
        return TRUE;
    }

  return FALSE;
}

static gboolean
candidate_allowed (const RandomCase *rc,
                   gint64            start)
{
  const CcalSlotRules *r = &rc->rules;

  return start >= r->range_start && start < r->range_end &&
         start >= r->earliest_start && start <= r->latest_start &&
         !overlaps_buffered_busy (rc, start, start + r->duration);
}

static int
compare_starts (gconstpointer a,
                gconstpointer b)
{
  gint64 sa = ((const CcalInterval *) a)->start;
  gint64 sb = ((const CcalInterval *) b)->start;

  return sa < sb ? -1 : sa > sb;
}

/* Every step of every window, checked one by one against every raw busy interval. */
static GArray *
oracle_slots (const RandomCase *rc)
{
  GArray *slots = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
  guint n_out = 0;

  for (guint i = 0; i < rc->windows->len; i++)
    {
      const CcalInterval *w = &g_array_index (rc->windows, CcalInterval, i);

      for (gint64 s = w->start; s + rc->rules.duration <= w->end; s += rc->rules.duration)
        {
          if (candidate_allowed (rc, s))
            {
              CcalInterval slot = { s, s + rc->rules.duration };

              g_array_append_val (slots, slot);
            }
        }
    }

  g_array_sort (slots, compare_starts);
  for (guint i = 0; i < slots->len; i++)
    {
      if (n_out > 0 && g_array_index (slots, CcalInterval, n_out - 1).start == g_array_index (slots, CcalInterval, i).start)
        continue;
      g_array_index (slots, CcalInterval, n_out++) = g_array_index (slots, CcalInterval, i);
    }
  g_array_set_size (slots, n_out);

  return slots;
}

/* The properties a booking page relies on, checked on the answer itself. */
static void
assert_slot_properties (const RandomCase *rc,
                        GArray           *slots)
{
  const CcalSlotRules *r = &rc->rules;

  for (guint i = 0; i < slots->len; i++)
    {
      const CcalInterval *slot = &g_array_index (slots, CcalInterval, i);
      gboolean on_some_window_grid = FALSE;

      g_assert_cmpint (slot->end - slot->start, ==, r->duration);
      if (i > 0)
        g_assert_cmpint (g_array_index (slots, CcalInterval, i - 1).start, <, slot->start);

      for (guint j = 0; j < rc->windows->len && !on_some_window_grid; j++)
        {
          const CcalInterval *w = &g_array_index (rc->windows, CcalInterval, j);

          on_some_window_grid = slot->start >= w->start && slot->end <= w->end &&
                                (slot->start - w->start) % r->duration == 0;
        }
      g_assert_true (on_some_window_grid);

      g_assert_false (overlaps_buffered_busy (rc, slot->start, slot->end));
      g_assert_cmpint (slot->start, >=, r->range_start);
      g_assert_cmpint (slot->start, <, r->range_end);
      g_assert_cmpint (slot->start, >=, r->earliest_start);
      g_assert_cmpint (slot->start, <=, r->latest_start);
      g_assert_true (ccal_slots_contain (slots, slot));
    }
}

static void
test_random_against_oracle (void)
{
  guint n_cases = g_test_thorough () ? 50000 : 5000;
  guint n_nonempty = 0;
  guint n_busy_mattered = 0;

  for (guint c = 0; c < n_cases; c++)
    {
      RandomCase rc = { 0 };
      g_autoptr(GArray) slots = NULL;
      g_autoptr(GArray) expected = NULL;
      g_autoptr(GArray) no_busy = NULL;

      random_case_generate (&rc);

      slots = compute ((CcalInterval *) (gpointer) rc.windows->data, rc.windows->len,
                       (CcalInterval *) (gpointer) rc.busy->data, rc.busy->len, &rc.rules);
      expected = oracle_slots (&rc);

      assert_slot_properties (&rc, slots);

      /* Completeness and soundness at once: exactly the oracle's slots. */
      g_assert_cmpuint (slots->len, ==, expected->len);
      for (guint i = 0; i < slots->len; i++)
        {
          g_assert_cmpint (g_array_index (slots, CcalInterval, i).start, ==, g_array_index (expected, CcalInterval, i).start);
          g_assert_cmpint (g_array_index (slots, CcalInterval, i).end, ==, g_array_index (expected, CcalInterval, i).end);
        }

      no_busy = compute ((CcalInterval *) (gpointer) rc.windows->data, rc.windows->len, NULL, 0, &rc.rules);
      n_nonempty += slots->len > 0;
      n_busy_mattered += no_busy->len != slots->len;

      random_case_clear (&rc);
    }

  /* The generator must exercise the interesting cases, not just produce empty days. */
  g_assert_cmpuint (n_nonempty, >, n_cases / 4);
  g_assert_cmpuint (n_busy_mattered, >, n_cases / 10);
}

static void
test_random_normalize (void)
{
  for (guint c = 0; c < 2000; c++)
    {
      g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
      g_autoptr(GArray) norm = NULL;
      int n = g_test_rand_int_range (0, 30);

      for (int i = 0; i < n; i++)
        {
          CcalInterval iv;

          iv.start = g_test_rand_int_range (0, 200);
          iv.end = iv.start + g_test_rand_int_range (-5, 30);
          g_array_append_val (raw, iv);
        }

      norm = g_array_copy (raw);
      ccal_intervals_normalize (norm);

      for (guint i = 0; i < norm->len; i++)
        {
          const CcalInterval *iv = &g_array_index (norm, CcalInterval, i);

          g_assert_cmpint (iv->start, <, iv->end);
          /* Disjoint and not even touching. */
          if (i > 0)
            g_assert_cmpint (g_array_index (norm, CcalInterval, i - 1).end, <, iv->start);
        }

      /* Same set of covered points. */
      for (gint64 t = -1; t < 240; t++)
        {
          gboolean in_raw = FALSE;
          gboolean in_norm = FALSE;

          for (guint i = 0; i < raw->len; i++)
            in_raw |= g_array_index (raw, CcalInterval, i).start <= t && t < g_array_index (raw, CcalInterval, i).end;
          for (guint i = 0; i < norm->len; i++)
            in_norm |= g_array_index (norm, CcalInterval, i).start <= t && t < g_array_index (norm, CcalInterval, i).end;
          g_assert_cmpint (in_raw, ==, in_norm);
        }
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/slots/normalize", test_normalize);
  g_test_add_func ("/core/slots/plain-window", test_plain_window);
  g_test_add_func ("/core/slots/no-windows", test_no_windows);
  g_test_add_func ("/core/slots/buffers-both-sides", test_buffers_both_sides);
  g_test_add_func ("/core/slots/min-notice", test_min_notice);
  g_test_add_func ("/core/slots/max-advance", test_max_advance);
  g_test_add_func ("/core/slots/overlapping-windows-dedupe", test_overlapping_windows_dedupe);
  g_test_add_func ("/core/slots/partial-step-dropped", test_partial_step_dropped);
  g_test_add_func ("/core/slots/busy-touching-edge", test_busy_touching_edge);
  g_test_add_func ("/core/slots/custom-duration", test_custom_duration);
  g_test_add_func ("/core/slots/window-overnight", test_window_overnight);
  g_test_add_func ("/core/slots/long-window", test_long_window);
  g_test_add_func ("/core/slots/large-history", test_large_history);
  g_test_add_func ("/core/slots/contain", test_contain);
  g_test_add_func ("/core/slots/random-against-oracle", test_random_against_oracle);
  g_test_add_func ("/core/slots/random-normalize", test_random_normalize);

  return g_test_run ();
}
