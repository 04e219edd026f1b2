/* bench-core.c — figures for the core's hot paths: slots, availability, recurrence, layout
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain program: it prints the median over several rounds of the mean time per operation, and
 * never passes or fails on time. Run it from a release build.
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ccal-core.h"

#define N_ROUNDS 15
#define MINUTE CCAL_USEC_PER_MINUTE
#define HOUR CCAL_USEC_PER_HOUR
#define DAY CCAL_USEC_PER_DAY

/* Keeps results alive so the compiler cannot drop the work. */
static volatile gsize sink;

typedef void (*BenchFunc) (gpointer data,
                           guint    iteration);

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return da < db ? -1 : da > db;
}

/* Median over N_ROUNDS of the mean µs per call, each round @iterations calls after one warm-up round. */
static double
measure (BenchFunc func,
         gpointer  data,
         guint     iterations)
{
  double rounds[N_ROUNDS];

  for (guint i = 0; i < iterations; i++)
    func (data, i);

  for (guint r = 0; r < N_ROUNDS; r++)
    {
      gint64 begin = g_get_monotonic_time ();

      for (guint i = 0; i < iterations; i++)
        func (data, i);
      rounds[r] = (double) (g_get_monotonic_time () - begin) / iterations;
    }

  qsort (rounds, N_ROUNDS, sizeof (double), compare_doubles);
  return rounds[N_ROUNDS / 2];
}

static gint64
berlin (int year,
        int month,
        int day,
        int hour,
        int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * CCAL_USEC_PER_SECOND;
}

/* ---- 1. slots for a day against a large busy history ---- */

#define N_HISTORY_DAYS 2000
#define BOOKINGS_PER_DAY 5

typedef struct
{
  GArray        *busy;          /* normalized: the index */
  gint64         first_day;     /* local midnight of day 0 (UTC here: the maths does not care) */
  CcalSlotRules  rules;
} SlotsBench;

static void
slots_bench_run (gpointer data,
                 guint    iteration)
{
  SlotsBench *b = data;
  /* A different day each time, so the bisection does not always land on cached lines. */
  gint64 day = b->first_day + (gint64) ((iteration * 7919u) % N_HISTORY_DAYS) * DAY;
  CcalInterval window = { day + 9 * HOUR, day + 17 * HOUR };
  CcalSlotRules rules = b->rules;
  g_autoptr(GArray) slots = NULL;

  rules.range_start = day;
  rules.range_end = day + DAY;
  slots = ccal_slots_compute (&window, 1, (const CcalInterval *) (gconstpointer) b->busy->data, b->busy->len, &rules);
  sink += slots->len;
}

typedef struct
{
  GArray *raw;
} NormalizeBench;

static void
normalize_bench_run (gpointer data,
                     guint    iteration)
{
  NormalizeBench *b = data;
  g_autoptr(GArray) copy = g_array_copy (b->raw);

  ccal_intervals_normalize (copy);
  sink += copy->len;
}

/* Five 30-minute bookings on distinct hours between 08:00 and 18:00 each day: none touch, so the
 * normalized index keeps all of them. */
static GArray *
make_history (gint64 first_day,
              GRand *rand)
{
  GArray *busy = g_array_new (FALSE, FALSE, sizeof (CcalInterval));

  for (int d = 0; d < N_HISTORY_DAYS; d++)
    {
      gboolean taken[10] = { FALSE, };

      for (int k = 0; k < BOOKINGS_PER_DAY; k++)
        {
          CcalInterval booking;
          int hour;

          do
            hour = g_rand_int_range (rand, 0, 10);
          while (taken[hour]);
          taken[hour] = TRUE;

          booking.start = first_day + d * DAY + (8 + hour) * HOUR;
          booking.end = booking.start + 30 * MINUTE;
          g_array_append_val (busy, booking);
        }
    }

  return busy;
}

static void
bench_slots (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  SlotsBench b = { 0 };
  NormalizeBench nb = { 0 };
  double per_query;
  double per_normalize;
  double slots_per_day;
  guint raw_len;

  b.first_day = G_GINT64_CONSTANT (1767225600) * CCAL_USEC_PER_SECOND;   /* 2026-01-01T00:00:00Z */
  nb.raw = make_history (b.first_day, rand);
  raw_len = nb.raw->len;
  b.busy = g_array_copy (nb.raw);
  ccal_intervals_normalize (b.busy);

  b.rules.duration = 30 * MINUTE;
  b.rules.buffer_before = 10 * MINUTE;
  b.rules.buffer_after = 10 * MINUTE;
  b.rules.earliest_start = G_MININT64;
  b.rules.latest_start = G_MAXINT64;

  per_query = measure (slots_bench_run, &b, 20000);
  sink = 0;
  for (guint i = 0; i < N_HISTORY_DAYS; i++)
    slots_bench_run (&b, i);
  slots_per_day = (double) sink / N_HISTORY_DAYS;
  per_normalize = measure (normalize_bench_run, &nb, 20);

  printf ("slots/day (%u busy in the index, %.1f slots per day): %.2f µs per query (target ≤ 20 µs)\n",
          b.busy->len, slots_per_day, per_query);
  printf ("slots/normalize (%u busy, once per index build): %.0f µs\n", raw_len, per_normalize);

  g_array_unref (b.busy);
  g_array_unref (nb.raw);
}

/* ---- 1b. the whole day: weekly rrule window, busy events, bookings ---- */

typedef struct
{
  GPtrArray    *events;
  GArray       *busy;
  CcalSettings *settings;
  GDate         dates[5];
  gint64        now;
} AvailabilityBench;

static void
availability_bench_run (gpointer data,
                        guint    iteration)
{
  AvailabilityBench *b = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) slots = NULL;

  slots = ccal_availability_compute_day (&b->dates[iteration % G_N_ELEMENTS (b->dates)], NULL, b->events, b->busy,
                                         b->settings, 0, b->now, &error);
  if (slots == NULL)
    g_error ("availability failed: %s", error->message);
  sink += slots->len;
}

static CcalEvent *
make_event (CcalEventType  type,
            gint64         start,
            gint64         end,
            const char    *rrule)
{
  CcalEvent *event = ccal_event_new ();

  event->type = type;
  event->start_time = start;
  event->end_time = end;
  g_free (event->timezone);
  event->timezone = g_strdup ("Europe/Berlin");
  event->rrule = g_strdup (rrule);
  event->status = CCAL_EVENT_STATUS_CONFIRMED;

  return event;
}

static void
bench_availability (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  AvailabilityBench b = { 0 };
  g_autoptr(GArray) history = NULL;
  gint64 first_day = berlin (2026, 1, 1, 0, 0);
  double per_day;
  double per_day_history;

  b.settings = ccal_settings_new ();
  g_free (b.settings->timezone);
  b.settings->timezone = g_strdup ("Europe/Berlin");
  b.settings->slot_minutes = 30;
  b.settings->buffer_before_minutes = 10;
  b.settings->buffer_after_minutes = 10;
  b.settings->max_advance_days = 3650;
  b.now = first_day;

  /* A working-week window created a year before the queried days, and a weekly lunch block. */
  b.events = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (b.events, make_event (CCAL_EVENT_TYPE_AVAILABILITY, berlin (2026, 1, 5, 9, 0),
                                         berlin (2026, 1, 5, 17, 0), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));
  g_ptr_array_add (b.events, make_event (CCAL_EVENT_TYPE_BLOCKED, berlin (2026, 1, 5, 12, 0),
                                         berlin (2026, 1, 5, 13, 0), "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"));
  for (int i = 0; i < 5; i++)
    g_date_set_dmy (&b.dates[i], 11 + i, G_DATE_JANUARY, 2027);

  /* What a database returns for the day's query range: a few bookings around it. */
  b.busy = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
  for (int d = 9; d < 17; d++)
    for (int k = 0; k < 4; k++)
      {
        CcalInterval booking;

        booking.start = berlin (2027, 1, d, 9, 0) + g_rand_int_range (rand, 0, 16) * 30 * MINUTE;
        booking.end = booking.start + 30 * MINUTE;
        g_array_append_val (b.busy, booking);
      }
  per_day = measure (availability_bench_run, &b, 500);
  printf ("availability/day (weekly rrule window + weekly block, %u bookings): %.1f µs per day\n",
          b.busy->len, per_day);

  /* The same with the whole 10,000-booking history passed in (it is copied and normalized per call). */
  history = make_history (first_day, rand);
  g_array_append_vals (history, b.busy->data, b.busy->len);
  g_array_unref (b.busy);
  b.busy = g_steal_pointer (&history);
  per_day_history = measure (availability_bench_run, &b, 50);
  printf ("availability/day (same, %u bookings passed unfiltered): %.1f µs per day\n", b.busy->len, per_day_history);

  g_array_unref (b.busy);
  g_ptr_array_unref (b.events);
  g_object_unref (b.settings);
}

/* ---- 2. weekly RRULE over a year ---- */

typedef struct
{
  const char *rrule;
  gint64      dtstart;
  gint64      from;
  gint64      to;
  guint       n_occurrences;
} RecurrenceBench;

static void
recurrence_bench_run (gpointer data,
                      guint    iteration)
{
  RecurrenceBench *b = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) occurrences = NULL;

  occurrences = ccal_recurrence_expand (b->rrule, b->dtstart, 8 * HOUR, "Europe/Berlin",
                                        NULL, 0, b->from, b->to, &error);
  if (occurrences == NULL)
    g_error ("expansion failed: %s", error->message);
  b->n_occurrences = occurrences->len;
  sink += occurrences->len;
}

static void
bench_recurrence (void)
{
  RecurrenceBench b;
  double per_year;

  b.rrule = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR";
  b.dtstart = berlin (2026, 1, 5, 9, 0);
  b.from = berlin (2026, 1, 1, 0, 0);
  b.to = berlin (2027, 1, 1, 0, 0);
  per_year = measure (recurrence_bench_run, &b, 20);
  printf ("recurrence/weekly MO-FR Europe/Berlin over a year (%u occurrences): %.0f µs per expansion (%.2f µs per occurrence)\n",
          b.n_occurrences, per_year, b.n_occurrences > 0 ? per_year / b.n_occurrences : 0.0);

  /* Rules beyond plain DAILY/WEEKLY go through libical's iterator: show what that costs. */
  b.rrule = "FREQ=MONTHLY;BYDAY=1MO,3MO";
  per_year = measure (recurrence_bench_run, &b, 20);
  printf ("recurrence/monthly 1st+3rd Monday (libical iterator, %u occurrences): %.0f µs per expansion (%.2f µs per occurrence)\n",
          b.n_occurrences, per_year, b.n_occurrences > 0 ? per_year / b.n_occurrences : 0.0);
}

/* ---- 3. overlap layout ---- */

typedef struct
{
  CcalInterval        *items;
  CcalLayoutPlacement *out;
  gsize                n_items;
} LayoutBench;

static void
layout_bench_run (gpointer data,
                  guint    iteration)
{
  LayoutBench *b = data;

  ccal_layout_overlaps (b->items, b->n_items, b->out);
  sink += b->out[iteration % b->n_items].n_columns;
}

static void
bench_layout (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1);
  LayoutBench b;
  gint64 week = berlin (2026, 12, 7, 0, 0);
  double per_layout;

  /* A busy week: 1,000 events of 15 min to 3 h during working hours, many overlapping. */
  b.n_items = 1000;
  b.items = g_new (CcalInterval, b.n_items);
  b.out = g_new (CcalLayoutPlacement, b.n_items);
  for (gsize i = 0; i < b.n_items; i++)
    {
      b.items[i].start = week + g_rand_int_range (rand, 0, 7) * DAY + 8 * HOUR + g_rand_int_range (rand, 0, 40) * 15 * MINUTE;
      b.items[i].end = b.items[i].start + g_rand_int_range (rand, 1, 13) * 15 * MINUTE;
    }

  per_layout = measure (layout_bench_run, &b, 200);
  printf ("layout/overlaps (%" G_GSIZE_FORMAT " events in a week): %.1f µs per layout\n", b.n_items, per_layout);

  g_free (b.items);
  g_free (b.out);
}

int
main (int    argc,
      char **argv)
{
  gint64 begin = g_get_monotonic_time ();

  printf ("bench-core: median of %d rounds, mean per operation\n", N_ROUNDS);
  bench_slots ();
  bench_availability ();
  bench_recurrence ();
  bench_layout ();
  printf ("total benchmark time: %.1f s\n", (g_get_monotonic_time () - begin) / 1e6);

  return 0;
}
