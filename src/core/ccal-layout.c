/* ccal-layout.c — side-by-side columns for overlapping events in a calendar grid
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include <stdlib.h>

#include "ccal-layout.h"

/* The layout is the one GNOME Calendar's week grid uses: sweep the items in order of start; a cluster
 * is a maximal run of items that overlap transitively; inside it each item takes the lowest column
 * whose last item has ended by its start, and every item of the cluster is 1/(columns the cluster
 * used) wide.
 *
 * Intervals are half-open, so an item ending at 10:00 and one starting at 10:00 do not overlap. A
 * zero-length (or inverted) item is treated as lasting 1 µs: it still gets a column of its own next to
 * whatever is running at its instant, instead of vanishing or sharing a column with it.
 *
 * To stay O(n log n) with many columns, the columns in use sit in a min-heap by the end of their last
 * item and the free ones in a min-heap by index. */

typedef struct
{
  gint64 start;
  gint64 end;    /* effective end: at least start + 1 */
  gsize  index;  /* position in the caller's array */
} SortedItem;

typedef struct
{
  gint64 end;
  guint  column;
} BusyColumn;

static int
compare_sorted_items (const void *a,
                      const void *b)
{
  const SortedItem *ia = a;
  const SortedItem *ib = b;

  if (ia->start != ib->start)
    return ia->start < ib->start ? -1 : 1;
  /* Same start: the longer one first, so it gets the leftmost column. */
  if (ia->end != ib->end)
    return ia->end > ib->end ? -1 : 1;
  if (ia->index != ib->index)
    return ia->index < ib->index ? -1 : 1;
  return 0;
}

static gint64
effective_end (const CcalInterval *interval)
{
  if (interval->end > interval->start)
    return interval->end;
  return interval->start < G_MAXINT64 ? interval->start + 1 : G_MAXINT64;
}

/* Binary min-heaps over plain arrays sized for every item, so they never grow. */

static void
busy_push (BusyColumn *heap,
           gsize      *n,
           BusyColumn  value)
{
  gsize i = (*n)++;

  while (i > 0)
    {
      gsize parent = (i - 1) / 2;

      if (heap[parent].end <= value.end)
        break;
      heap[i] = heap[parent];
      i = parent;
    }
  heap[i] = value;
}

static BusyColumn
busy_pop (BusyColumn *heap,
          gsize      *n)
{
  BusyColumn top = heap[0];
  BusyColumn last = heap[--(*n)];
  gsize i = 0;

  for (;;)
    {
      gsize child = 2 * i + 1;

      if (child >= *n)
        break;
      if (child + 1 < *n && heap[child + 1].end < heap[child].end)
        child++;
      if (last.end <= heap[child].end)
        break;
      heap[i] = heap[child];
      i = child;
    }
  if (*n > 0)
    heap[i] = last;
  return top;
}

static void
free_push (guint *heap,
           gsize *n,
           guint  column)
{
  gsize i = (*n)++;

  while (i > 0)
    {
      gsize parent = (i - 1) / 2;

      if (heap[parent] <= column)
        break;
      heap[i] = heap[parent];
      i = parent;
    }
  heap[i] = column;
}

static guint
free_pop (guint *heap,
          gsize *n)
{
  guint top = heap[0];
  guint last = heap[--(*n)];
  gsize i = 0;

  for (;;)
    {
      gsize child = 2 * i + 1;

      if (child >= *n)
        break;
      if (child + 1 < *n && heap[child + 1] < heap[child])
        child++;
      if (last <= heap[child])
        break;
      heap[i] = heap[child];
      i = child;
    }
  if (*n > 0)
    heap[i] = last;
  return top;
}

static void
close_cluster (const SortedItem    *sorted,
               gsize                first,
               gsize                last,
               guint                n_columns,
               CcalLayoutPlacement *out)
{
  for (gsize i = first; i < last; i++)
    out[sorted[i].index].n_columns = n_columns;
}

void
ccal_layout_overlaps (const CcalInterval  *items,
                      gsize                n_items,
                      CcalLayoutPlacement *out)
{
  g_autofree SortedItem *sorted = NULL;
  g_autofree BusyColumn *busy = NULL;
  g_autofree guint *free_columns = NULL;
  gsize n_busy = 0;
  gsize n_free = 0;
  gsize cluster_first = 0;
  gint64 cluster_end = G_MININT64;
  guint n_columns = 0;

  if (n_items == 0)
    return;

  g_return_if_fail (items != NULL);
  g_return_if_fail (out != NULL);

  sorted = g_new (SortedItem, n_items);
  for (gsize i = 0; i < n_items; i++)
    {
      sorted[i].start = items[i].start;
      sorted[i].end = effective_end (&items[i]);
      sorted[i].index = i;
    }
  /* The index tie-break makes the order total, so qsort's instability cannot show. */
  qsort (sorted, n_items, sizeof (SortedItem), compare_sorted_items);

  busy = g_new (BusyColumn, n_items);
  free_columns = g_new (guint, n_items);

  for (gsize i = 0; i < n_items; i++)
    {
      const SortedItem *item = &sorted[i];
      guint column;

      if (i > 0 && item->start >= cluster_end)
        {
          /* Nothing still running reaches this item: the cluster is complete. */
          close_cluster (sorted, cluster_first, i, n_columns, out);
          cluster_first = i;
          n_columns = 0;
          n_busy = 0;
          n_free = 0;
        }

      while (n_busy > 0 && busy[0].end <= item->start)
        free_push (free_columns, &n_free, busy_pop (busy, &n_busy).column);

      if (n_free > 0)
        column = free_pop (free_columns, &n_free);
      else
        column = n_columns++;

      out[item->index].column = column;
      busy_push (busy, &n_busy, (BusyColumn) { item->end, column });

      if (i == cluster_first || item->end > cluster_end)
        cluster_end = item->end;
    }

  close_cluster (sorted, cluster_first, n_items, n_columns, out);
}
