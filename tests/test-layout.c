/* test-layout.c — tests for the side-by-side layout of overlapping events
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include <string.h>

#include "ccal-core.h"

#define H(x) ((gint64) (x) * CCAL_USEC_PER_HOUR)
#define M(x) ((gint64) (x) * CCAL_USEC_PER_MINUTE)

static void
assert_layout (const CcalInterval *items,
               gsize               n_items,
               const guint        *columns,
               const guint        *n_columns)
{
  g_autofree CcalLayoutPlacement *out = g_new0 (CcalLayoutPlacement, n_items);

  ccal_layout_overlaps (items, n_items, out);
  for (gsize i = 0; i < n_items; i++)
    {
      g_test_message ("item %" G_GSIZE_FORMAT ": column %u of %u", i, out[i].column, out[i].n_columns);
      g_assert_cmpuint (out[i].column, ==, columns[i]);
      g_assert_cmpuint (out[i].n_columns, ==, n_columns[i]);
    }
}

/* The invariants a week grid relies on: every item inside its cluster's width, and no two items drawn
 * in the same column over each other. */
static void
assert_layout_valid (const CcalInterval        *items,
                     gsize                      n_items,
                     const CcalLayoutPlacement *out)
{
  for (gsize i = 0; i < n_items; i++)
    {
      g_assert_cmpuint (out[i].n_columns, >=, 1);
      g_assert_cmpuint (out[i].column, <, out[i].n_columns);
    }

  for (gsize i = 0; i < n_items; i++)
    {
      gint64 end_i = MAX (items[i].end, items[i].start + 1);

      for (gsize j = i + 1; j < n_items; j++)
        {
          gint64 end_j = MAX (items[j].end, items[j].start + 1);
          gboolean overlap = items[i].start < end_j && items[j].start < end_i;

          if (!overlap)
            continue;
          /* Overlapping items are in one cluster, so they share its width, and never a column. */
          g_assert_cmpuint (out[i].n_columns, ==, out[j].n_columns);
          g_assert_cmpuint (out[i].column, !=, out[j].column);
        }
    }
}

static void
test_layout_empty (void)
{
  CcalLayoutPlacement sentinel = { 42, 42 };

  /* Nothing to place: the output is not touched, and NULL arrays are fine. */
  ccal_layout_overlaps (NULL, 0, NULL);
  ccal_layout_overlaps ((CcalInterval[]) { { H (9), H (10) } }, 0, &sentinel);
  g_assert_cmpuint (sentinel.column, ==, 42);
  g_assert_cmpuint (sentinel.n_columns, ==, 42);
}

static void
test_layout_single (void)
{
  const CcalInterval items[] = { { H (9), H (10) } };

  assert_layout (items, G_N_ELEMENTS (items), (guint[]) { 0 }, (guint[]) { 1 });
}

static void
test_layout_disjoint (void)
{
  /* Given out of order: placement does not depend on the order they come in. */
  const CcalInterval items[] = { { H (14), H (15) }, { H (9), H (10) } };

  assert_layout (items, G_N_ELEMENTS (items), (guint[]) { 0, 0 }, (guint[]) { 1, 1 });
}

static void
test_layout_touching (void)
{
  /* Half-open: 9–10 and 10–11 are back to back, not side by side. */
  const CcalInterval items[] = { { H (9), H (10) }, { H (10), H (11) } };

  assert_layout (items, G_N_ELEMENTS (items), (guint[]) { 0, 0 }, (guint[]) { 1, 1 });
}

static void
test_layout_three_overlapping (void)
{
  const CcalInterval items[] = {
    { H (9) + M (30), H (11) },
    { H (9), H (10) + M (30) },
    { H (10), H (12) },
  };

  assert_layout (items, G_N_ELEMENTS (items), (guint[]) { 1, 0, 2 }, (guint[]) { 3, 3, 3 });
}

static void
test_layout_chain (void)
{
  /* A–B overlap, B–C overlap, A–C don't: one cluster of two columns, C takes A's column back. */
  const CcalInterval items[] = {
    { H (9), H (10) },             /* A */
    { H (9) + M (30), H (11) },    /* B */
    { H (10), H (12) },            /* C */
  };

  assert_layout (items, G_N_ELEMENTS (items), (guint[]) { 0, 1, 0 }, (guint[]) { 2, 2, 2 });
}

static void
test_layout_nested (void)
{
  /* A short meeting inside a long one sits beside it; one after the long one ends is alone again. */
  const CcalInterval items[] = {
    { H (10), H (11) },
    { H (9), H (13) },
    { H (14), H (15) },
  };

  assert_layout (items, G_N_ELEMENTS (items), (guint[]) { 1, 0, 0 }, (guint[]) { 2, 2, 1 });
}

static void
test_layout_long_spanning (void)
{
  /* An all-morning item beside three back-to-back meetings: two columns, the meetings share one. */
  const CcalInterval items[] = {
    { H (9), H (10) },
    { H (10), H (11) },
    { H (11), H (12) },
    { H (8), H (13) },
  };

  assert_layout (items, G_N_ELEMENTS (items), (guint[]) { 1, 1, 1, 0 }, (guint[]) { 2, 2, 2, 2 });
}

static void
test_layout_same_start_longer_first (void)
{
  /* Same start: the longer item goes left whatever the input order. */
  const CcalInterval items[] = { { H (9), H (10) }, { H (9), H (12) } };

  assert_layout (items, G_N_ELEMENTS (items), (guint[]) { 1, 0 }, (guint[]) { 2, 2 });
}

static void
test_layout_identical (void)
{
  /* Identical intervals keep their input order from left to right. */
  const CcalInterval items[] = { { H (9), H (10) }, { H (9), H (10) }, { H (9), H (10) } };

  assert_layout (items, G_N_ELEMENTS (items), (guint[]) { 0, 1, 2 }, (guint[]) { 3, 3, 3 });
}

static void
test_layout_zero_length (void)
{
  /* A zero-length item counts as 1 µs long: beside what runs at its instant, not beside what ended
   * then, and two at the same instant are side by side. */
  const CcalInterval items[] = {
    { H (9), H (11) },
    { H (10), H (10) },
    { H (12), H (13) },
    { H (13), H (13) },
    { H (15), H (15) },
    { H (15), H (15) },
  };

  assert_layout (items, G_N_ELEMENTS (items),
                 (guint[]) { 0, 1, 0, 0, 0, 1 },
                 (guint[]) { 2, 2, 1, 1, 2, 2 });
}

static void
test_layout_new_cluster_resets_columns (void)
{
  /* A wide cluster in the morning does not make the afternoon's lone item narrow. */
  const CcalInterval items[] = {
    { H (9), H (10) },
    { H (9), H (10) },
    { H (9), H (10) },
    { H (10), H (11) },
    { H (10) + M (30), H (11) },
  };

  assert_layout (items, G_N_ELEMENTS (items),
                 (guint[]) { 0, 1, 2, 0, 1 },
                 (guint[]) { 3, 3, 3, 2, 2 });
}

static void
test_layout_lowest_free_column (void)
{
  /* With columns 2 and 0 both free, an item takes 0, the lowest, not 2 that freed up first. */
  const CcalInterval items[] = {
    { H (8), H (12) },   /* column 0 until 12 */
    { H (8), H (10) },   /* column 1 until 10 */
    { H (8), H (9) },    /* column 2 until 9 */
    { H (9), H (11) },   /* only column 2 is free at 9 */
    { H (10), H (11) },  /* column 1 */
    { H (12), H (13) },  /* 0, 1 and 2 free: takes 0 */
    { H (11), H (13) },  /* starts before the one above: 1 and 2 free at 11 → 1 */
  };

  assert_layout (items, G_N_ELEMENTS (items),
                 (guint[]) { 0, 1, 2, 2, 1, 0, 1 },
                 (guint[]) { 3, 3, 3, 3, 3, 3, 3 });
}

static void
shuffle (GRand        *rand,
         CcalInterval *items,
         gsize         n_items)
{
  for (gsize i = n_items; i > 1; i--)
    {
      gsize j = g_rand_int_range (rand, 0, (gint32) i);
      CcalInterval tmp = items[i - 1];

      items[i - 1] = items[j];
      items[j] = tmp;
    }
}

static void
fill_random (GRand        *rand,
             CcalInterval *items,
             gsize         n_items)
{
  for (gsize i = 0; i < n_items; i++)
    {
      /* A working day in 15-minute steps, some zero-length, so ties and touching items are common. */
      gint64 start = M (15) * g_rand_int_range (rand, 0, 48);
      gint64 length = M (15) * g_rand_int_range (rand, 0, 9);

      items[i].start = H (8) + start;
      items[i].end = items[i].start + length;
    }
}

static void
test_layout_permutation (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260101);

  for (guint round = 0; round < 50; round++)
    {
      /* Distinct intervals only: equal ones may swap places, and then so would their columns. */
      g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
      g_autofree gint64 *keys = g_new (gint64, 40);
      CcalInterval items[40];
      CcalInterval shuffled[40];
      CcalLayoutPlacement out[40];
      CcalLayoutPlacement out_shuffled[40];
      gsize n_items = 0;

      while (n_items < G_N_ELEMENTS (items))
        {
          CcalInterval candidate;

          fill_random (rand, &candidate, 1);
          keys[n_items] = candidate.start * 1000 + (candidate.end - candidate.start) / M (15);
          if (g_hash_table_contains (seen, &keys[n_items]))
            continue;
          g_hash_table_add (seen, &keys[n_items]);
          items[n_items++] = candidate;
        }

      memcpy (shuffled, items, sizeof items);
      shuffle (rand, shuffled, n_items);

      ccal_layout_overlaps (items, n_items, out);
      ccal_layout_overlaps (shuffled, n_items, out_shuffled);

      for (gsize i = 0; i < n_items; i++)
        {
          gsize j;

          for (j = 0; j < n_items; j++)
            if (shuffled[j].start == items[i].start && shuffled[j].end == items[i].end)
              break;
          g_assert_cmpuint (j, <, n_items);
          g_assert_cmpuint (out[i].column, ==, out_shuffled[j].column);
          g_assert_cmpuint (out[i].n_columns, ==, out_shuffled[j].n_columns);
        }
    }
}

static void
test_layout_random_valid (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);

  for (guint round = 0; round < 200; round++)
    {
      gsize n_items = g_rand_int_range (rand, 1, 60);
      g_autofree CcalInterval *items = g_new (CcalInterval, n_items);
      g_autofree CcalLayoutPlacement *out = g_new (CcalLayoutPlacement, n_items);
      guint max_overlap = 0;
      guint max_columns = 0;

      fill_random (rand, items, n_items);
      ccal_layout_overlaps (items, n_items, out);
      assert_layout_valid (items, n_items, out);

      /* Lowest-free-column on items sorted by start is optimal: a cluster never needs more columns
       * than the most items running at one instant. */
      for (gsize i = 0; i < n_items; i++)
        {
          guint running = 0;

          for (gsize j = 0; j < n_items; j++)
            if (items[j].start <= items[i].start && items[i].start < MAX (items[j].end, items[j].start + 1))
              running++;
          max_overlap = MAX (max_overlap, running);
          max_columns = MAX (max_columns, out[i].n_columns);
        }
      g_assert_cmpuint (max_columns, ==, max_overlap);
    }
}

static void
test_layout_thousand_events (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autofree CcalInterval *items = g_new (CcalInterval, 1000);
  g_autofree CcalLayoutPlacement *out = g_new (CcalLayoutPlacement, 1000);

  /* A month of a busy team's calendar: 1,000 items over 30 days. Its speed is measured by
   * benchmarks/bench-core, not asserted here. */
  for (gsize i = 0; i < 1000; i++)
    {
      items[i].start = M (15) * g_rand_int_range (rand, 0, 30 * 24 * 4);
      items[i].end = items[i].start + M (15) * g_rand_int_range (rand, 1, 13);
    }

  ccal_layout_overlaps (items, 1000, out);
  assert_layout_valid (items, 1000, out);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/layout/empty", test_layout_empty);
  g_test_add_func ("/core/layout/single", test_layout_single);
  g_test_add_func ("/core/layout/disjoint", test_layout_disjoint);
  g_test_add_func ("/core/layout/touching", test_layout_touching);
  g_test_add_func ("/core/layout/three-overlapping", test_layout_three_overlapping);
  g_test_add_func ("/core/layout/chain", test_layout_chain);
  g_test_add_func ("/core/layout/nested", test_layout_nested);
  g_test_add_func ("/core/layout/long-spanning", test_layout_long_spanning);
  g_test_add_func ("/core/layout/same-start-longer-first", test_layout_same_start_longer_first);
  g_test_add_func ("/core/layout/identical", test_layout_identical);
  g_test_add_func ("/core/layout/zero-length", test_layout_zero_length);
  g_test_add_func ("/core/layout/new-cluster-resets-columns", test_layout_new_cluster_resets_columns);
  g_test_add_func ("/core/layout/lowest-free-column", test_layout_lowest_free_column);
  g_test_add_func ("/core/layout/permutation", test_layout_permutation);
  g_test_add_func ("/core/layout/random-valid", test_layout_random_valid);
  g_test_add_func ("/core/layout/thousand-events", test_layout_thousand_events);

  return g_test_run ();
}
