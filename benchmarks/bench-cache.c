/* bench-cache.c — figures for the offline cache: bulk page inserts, and open + a month's query at 100,000 rows
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain program: it prints figures and never passes or fails on time. Run it from a release build:
 *   bench-cache [FOLDER]   (default: a new folder under $TMPDIR; the file system matters, as every
 *                           page is one synchronous transaction)
 *
 * The data: 95,000 bookings 20 minutes apart (about 3.6 years, 2,232 in a month) and 5,000 events,
 * one in twenty a weekly series; 100,000 rows. "Open + month" is what the app does at start: open
 * the file and ask for the bookings and events overlapping one month.
 */
#define G_LOG_DOMAIN "ccal-client"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>

#include "ccal-cache.h"

#define N_BOOKINGS 95000
#define N_EVENTS   5000
#define PAGE_SIZE  1000   /* the largest page the contract allows */
#define N_ROUNDS   15
#define MINUTE     CCAL_USEC_PER_MINUTE
#define HOUR       CCAL_USEC_PER_HOUR
#define DAY        CCAL_USEC_PER_DAY

/* 2026-03-02T00:00:00Z */
#define T0 G_GINT64_CONSTANT (1772409600000000)

static volatile gsize sink;

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return values[n / 2];
}

static JsonObject *
make_booking (guint i)
{
  g_autoptr (CcalBooking) booking = ccal_booking_new ();
  static const char *const statuses[] = { "confirmed", "confirmed", "confirmed", "pending", "completed", "cancelled" };

  booking->id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
  booking->workspace_id = g_strdup ("main");
  booking->admin_id = g_strdup_printf ("00000000-0000-4000-9000-%012u", i % 8);
  booking->contact = ccal_contact_new ();
  booking->contact->id = g_strdup_printf ("00000000-0000-4000-a000-%012u", i % 20000);
  booking->contact->name = g_strdup_printf ("Customer %u", i % 20000);
  booking->contact->email = g_strdup_printf ("customer%u@example.com", i % 20000);
  booking->contact->phone = g_strdup_printf ("+1 555 %07u", i % 20000);
  booking->title = g_strdup ("Product demo");
  booking->description = g_strdup ("Wants to see the reporting features.");
  booking->start_time = T0 + (gint64) i * 20 * MINUTE;
  booking->end_time = booking->start_time + 20 * MINUTE;
  booking->duration_minutes = 20;
  booking->meeting_link = g_strdup ("https://meet.example.com/abc-defg-hij");
  g_assert_true (ccal_booking_status_from_string (statuses[i % G_N_ELEMENTS (statuses)], &booking->status));
  booking->created_at = booking->start_time - 7 * DAY;
  booking->updated_at = booking->created_at;
  booking->version = 1;
  return ccal_booking_to_json (booking);
}

static JsonObject *
make_event (guint i)
{
  g_autoptr (CcalEvent) event = ccal_event_new ();

  event->id = g_strdup_printf ("00000000-0000-4000-b000-%012u", i);
  event->workspace_id = g_strdup ("main");
  event->admin_id = g_strdup_printf ("00000000-0000-4000-9000-%012u", i % 8);
  event->title = g_strdup ("Team meeting");
  event->type = i % 3 == 0 ? CCAL_EVENT_TYPE_AVAILABILITY : CCAL_EVENT_TYPE_BLOCKED;
  event->start_time = T0 + (gint64) i * 6 * HOUR + 19 * MINUTE;
  event->end_time = event->start_time + HOUR;
  event->timezone = g_strdup ("Europe/Berlin");
  if (i % 20 == 0)
    event->rrule = g_strdup ("FREQ=WEEKLY;COUNT=10");
  event->created_at = event->start_time - 7 * DAY;
  event->updated_at = event->created_at;
  event->version = 1;
  return ccal_event_to_json (event);
}

/* Pages as the server sends them, built before the clock starts. */
static GPtrArray *
make_pages (guint count,
            JsonObject *(*make) (guint))
{
  GPtrArray *pages = g_ptr_array_new_with_free_func ((GDestroyNotify) json_array_unref);

  for (guint start = 0; start < count; start += PAGE_SIZE)
    {
      JsonArray *page = json_array_sized_new (PAGE_SIZE);

      for (guint i = start; i < start + PAGE_SIZE && i < count; i++)
        json_array_add_object_element (page, make (i));
      g_ptr_array_add (pages, page);
    }
  return pages;
}

static double
insert_pages (CcalCache          *cache,
              CcalCacheCollection collection,
              GPtrArray          *pages,
              guint               count)
{
  g_autoptr (GError) error = NULL;
  gint64 begin = g_get_monotonic_time ();

  for (guint p = 0; p < pages->len; p++)
    {
      g_autofree char *token = g_strdup_printf ("token-%u", p);

      if (!ccal_cache_put_server_objects (cache, collection, g_ptr_array_index (pages, p), token, &error))
        g_error ("put_server_objects: %s", error->message);
    }
  return count / ((g_get_monotonic_time () - begin) / 1e6);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) booking_pages = NULL;
  g_autoptr (GPtrArray) event_pages = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  double open_ms[N_ROUNDS], query_ms[N_ROUNDS], total_ms[N_ROUNDS], search_ms[N_ROUNDS], suggest_ms[N_ROUNDS];
  double booking_rate, event_rate;
  gint64 month_from = T0 + 365 * DAY, month_to = T0 + 396 * DAY;
  guint n_bookings = 0, n_events = 0;
  GStatBuf st;

  folder = argc > 1 ? g_strdup (argv[1]) : g_dir_make_tmp ("bench-cache-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (folder, "bench.db", NULL);
  g_unlink (path);

  printf ("bench-cache: %u bookings + %u events in pages of %u, file %s\n", N_BOOKINGS, N_EVENTS, PAGE_SIZE, path);

  booking_pages = make_pages (N_BOOKINGS, make_booking);
  event_pages = make_pages (N_EVENTS, make_event);
  {
    g_autoptr (CcalCache) cache = ccal_cache_open (path, &error);

    g_assert_no_error (error);
    booking_rate = insert_pages (cache, CCAL_CACHE_COLLECTION_BOOKINGS, booking_pages, N_BOOKINGS);
    event_rate = insert_pages (cache, CCAL_CACHE_COLLECTION_EVENTS, event_pages, N_EVENTS);
  }
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  printf ("bulk page insert (one transaction per page): bookings %.0f rows/s, events %.0f rows/s; file %.1f MB\n",
          booking_rate, event_rate, st.st_size / 1e6);

  /* One warm-up round, then N_ROUNDS measured: each a fresh open, as at start-up. */
  for (int r = -1; r < N_ROUNDS; r++)
    {
      g_autoptr (CcalCache) cache = NULL;
      g_autoptr (GPtrArray) bookings = NULL;
      g_autoptr (GPtrArray) events = NULL;
      g_autoptr (GPtrArray) found = NULL;
      g_autoptr (GPtrArray) contacts = NULL;
      gint64 t0, t1, t2, t3, t4;

      t0 = g_get_monotonic_time ();
      cache = ccal_cache_open (path, &error);
      g_assert_no_error (error);
      t1 = g_get_monotonic_time ();
      bookings = ccal_cache_query_bookings (cache, month_from, month_to, NULL, &error);
      g_assert_no_error (error);
      events = ccal_cache_query_events (cache, month_from, month_to, NULL, &error);
      g_assert_no_error (error);
      t2 = g_get_monotonic_time ();
      found = ccal_cache_search_bookings (cache, "customer 1234", 50, &error);
      g_assert_no_error (error);
      t3 = g_get_monotonic_time ();
      contacts = ccal_cache_suggest_contacts (cache, "custo", 10, &error);
      g_assert_no_error (error);
      t4 = g_get_monotonic_time ();

      n_bookings = bookings->len;
      n_events = events->len;
      sink += found->len + contacts->len;
      if (r < 0)
        continue;
      open_ms[r] = (t1 - t0) / 1000.0;
      query_ms[r] = (t2 - t1) / 1000.0;
      total_ms[r] = (t2 - t0) / 1000.0;
      search_ms[r] = (t3 - t2) / 1000.0;
      suggest_ms[r] = (t4 - t3) / 1000.0;
    }

  printf ("open + one month (%u bookings, %u events), median of %d: %.2f ms (open %.2f ms, queries %.2f ms); "
          "target <= 5 ms\n",
          n_bookings, n_events, N_ROUNDS, median (total_ms, N_ROUNDS), median (open_ms, N_ROUNDS),
          median (query_ms, N_ROUNDS));
  printf ("search bookings by contact (\"customer 1234\", 50 newest): %.2f ms\n", median (search_ms, N_ROUNDS));
  printf ("contact suggestions (\"custo\", 10): %.2f ms\n", median (suggest_ms, N_ROUNDS));

  if (argc <= 1)
    remove_tree (folder);
  return 0;
}
