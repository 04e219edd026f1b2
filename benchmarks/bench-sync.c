/* bench-sync.c — figures for the sync engine against a real server: first sync, incremental sync, cache open
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A plain program: it prints figures and never passes or fails on time. Run it from a release build:
 *   bench-sync [FOLDER]   (default: a new folder under $TMPDIR, removed afterwards)
 *
 * What it does:
 * 1. Seeds a SQLite database straight through CcalDb (in a child process of its own, so the seeding's
 *    memory does not count below): workspace "bench", one admin, 50,000 bookings 20 minutes apart
 *    (ccal_db_sqlite_import_bookings) with 20,000 contacts, and 5,000 events (one in twenty a weekly
 *    series).
 * 2. Starts customerconnects-calendar-server on it (a separate process on 127.0.0.1, no rate limit),
 *    so the peak RSS below is the client's alone.
 * 3. First sync into an empty cache with CcalSync (pages of 1,000): wall time, this process's peak
 *    RSS (VmHWM, reset before the sync), and the longest the main loop went without running a 1 ms
 *    timer meanwhile — the engine's promise is that it never blocks the main thread.
 * 4. Incremental sync after 10 bookings changed on the server (another client PATCHes them):
 *    median of 9 rounds.
 * 5. Fills the cache up to 100,000 rows (45,000 more bookings written as server pages), then
 *    opens it and asks for one month of events and bookings, as the app does at start: median of 15.
 */
#define G_LOG_DOMAIN "ccal-bench"

#include "config.h"

#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/resource.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ccal-auth.h"
#include "ccal-db-sqlite.h"
#include "ccal-sync.h"
#include "ccal-time.h"

#define N_BOOKINGS        50000
#define N_EVENTS          5000
#define N_CONTACTS        20000
#define N_FILL_BOOKINGS   45000
#define IMPORT_BATCH      5000
#define N_INCREMENTAL     9
#define N_CHANGES         10
#define N_OPEN_ROUNDS     15
#define MINUTE            CCAL_USEC_PER_MINUTE
#define HOUR              CCAL_USEC_PER_HOUR
#define DAY               CCAL_USEC_PER_DAY

/* 2025-01-06T00:00:00Z, a Monday: 50,000 bookings 20 minutes apart reach into 2026-12. */
#define T0 G_GINT64_CONSTANT (1736121600000000)
/* The month the app opens on: 2026-03. */
#define MONTH_FROM G_GINT64_CONSTANT (1772323200000000)
#define MONTH_TO   G_GINT64_CONSTANT (1775001600000000)

#define TARGET_FIRST_SYNC_S   3.0
#define TARGET_PEAK_RSS_MB    150.0
#define TARGET_INCREMENTAL_MS 30.0
#define TARGET_OPEN_MS        5.0

#ifndef CCAL_SERVER_BINARY
#define CCAL_SERVER_BINARY "customerconnects-calendar-server"
#endif

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

static void
check (gboolean      ok,
       const GError *error,
       const char   *what)
{
  if (!ok)
    {
      g_printerr ("bench-sync: %s: %s\n", what, error != NULL ? error->message : "failed");
      exit (1);
    }
}

/* ── seeding (child process) ────────────────────────────────────────────────────────────────── */

static CcalBooking *
make_booking (const char *admin_id,
              guint       i,
              gint64      start)
{
  static const CcalBookingStatus statuses[] = {
    CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_STATUS_COMPLETED,
    CCAL_BOOKING_STATUS_PENDING, CCAL_BOOKING_STATUS_CANCELLED, CCAL_BOOKING_STATUS_NO_SHOW,
  };
  CcalBooking *booking = ccal_booking_new ();
  guint contact = i % N_CONTACTS;

  booking->workspace_id = g_strdup ("bench");
  booking->admin_id = g_strdup (admin_id);
  booking->contact = ccal_contact_new ();
  booking->contact->name = g_strdup_printf ("Customer %u", contact);
  booking->contact->email = g_strdup_printf ("customer%u@example.com", contact);
  booking->contact->phone = g_strdup_printf ("+1 555 %07u", contact);
  booking->title = g_strdup ("Product demo");
  booking->description = g_strdup ("Wants to see the reporting features.");
  booking->start_time = start;
  booking->end_time = start + 20 * MINUTE;
  booking->duration_minutes = 20;
  booking->meeting_link = g_strdup ("https://meet.example.com/abc-defg-hij");
  booking->product_interest = g_strdup (i % 3 == 0 ? "Analytics" : "Scheduling");
  booking->status = statuses[i % G_N_ELEMENTS (statuses)];
  booking->source = i % 4 == 0 ? CCAL_BOOKING_SOURCE_STAFF : CCAL_BOOKING_SOURCE_PUBLIC;
  booking->created_at = start - 7 * DAY;
  booking->updated_at = booking->created_at;
  booking->version = 1;
  return booking;
}

static int
seed (const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalDb) db = ccal_db_open (path, &error);
  g_autofree char *admin_id = NULL;
  g_autofree char *key = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr (GPtrArray) batch = g_ptr_array_new_with_free_func (g_object_unref);

  check (db != NULL && ccal_db_migrate (db, &error), error, "opening the database");
  check (ccal_db_create_workspace (db, "bench", &error), error, "making the workspace");
  admin_id = ccal_db_ensure_user (db, "bench", "admin@bench.example", "Bea Bench", CCAL_ROLE_ADMIN, &error);
  check (admin_id != NULL, error, "making the admin");
  key = ccal_auth_generate_api_key (FALSE, &error);
  check (key != NULL, error, "making a key");
  hash = ccal_auth_hash_api_key (key);
  prefix = ccal_auth_api_key_prefix (key);
  check (ccal_db_add_api_key (db, admin_id, hash, prefix, "bench", &error), error, "storing the key");

  for (guint i = 0; i < N_BOOKINGS; i++)
    {
      g_ptr_array_add (batch, make_booking (admin_id, i, T0 + (gint64) i * 20 * MINUTE));
      if (batch->len == IMPORT_BATCH || i + 1 == N_BOOKINGS)
        {
          check (ccal_db_sqlite_import_bookings (db, batch, &error), error, "importing bookings");
          g_ptr_array_set_size (batch, 0);
        }
    }

  for (guint i = 0; i < N_EVENTS; i++)
    {
      g_autoptr (CcalEvent) event = ccal_event_new ();
      g_autoptr (CcalEvent) stored = NULL;

      event->workspace_id = g_strdup ("bench");
      event->admin_id = g_strdup (admin_id);
      event->created_by = g_strdup (admin_id);
      event->title = g_strdup_printf ("Event %u", i);
      event->type = i % 10 == 0 ? CCAL_EVENT_TYPE_BLOCKED : CCAL_EVENT_TYPE_EVENT;
      event->start_time = T0 + (gint64) i * 3 * HOUR + 30 * MINUTE;
      event->end_time = event->start_time + HOUR;
      event->timezone = g_strdup ("Europe/Berlin");
      event->description = g_strdup ("Agenda to follow.");
      event->location = g_strdup ("Room 4");
      if (i % 20 == 0)
        event->rrule = g_strdup ("FREQ=WEEKLY;COUNT=10");
      stored = ccal_db_insert_event (db, event, &error);
      check (stored != NULL, error, "inserting an event");
    }

  ccal_db_close (db);
  g_print ("%s %s\n", admin_id, key);
  return 0;
}

/* ── the measuring process ──────────────────────────────────────────────────────────────────── */

/* CPU seconds (user + system) this process has used so far, all threads. */
static double
self_cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (double) usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + (double) usage.ru_stime.tv_sec +
         usage.ru_stime.tv_usec / 1e6;
}

/* The same for another process, from /proc/PID/stat (fields 14 and 15, in clock ticks). */
static double
process_cpu_s (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *stat = NULL;
  g_auto (GStrv) fields = NULL;
  const char *after_name;

  if (pid == NULL || !g_file_get_contents (path, &stat, NULL, NULL) || (after_name = strrchr (stat, ')')) == NULL)
    return -1;
  fields = g_strsplit (after_name + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return -1;
  /* after ")": field 3 is index 0, so utime (14) is index 11 and stime (15) index 12 */
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / (double) sysconf (_SC_CLK_TCK);
}

static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}

/* Makes VmHWM the current RSS (Linux ≥ 4.0), so the peak is this phase's. */
static void
reset_peak_rss (void)
{
  FILE *file = fopen ("/proc/self/clear_refs", "w");

  if (file == NULL || fputs ("5", file) < 0 || fclose (file) != 0)
    g_printerr ("bench-sync: could not reset the peak RSS; it includes the start-up\n");
}

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

static GAsyncResult *
waiter_run (Waiter *waiter)
{
  if (waiter->result == NULL)
    g_main_loop_run (waiter->loop);
  return waiter->result;
}

static void
waiter_clear (Waiter *waiter)
{
  g_clear_object (&waiter->result);
  g_clear_pointer (&waiter->loop, g_main_loop_unref);
}

static void
sync_once (CcalSync *sync)
{
  Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL };
  g_autoptr (GError) error = NULL;

  ccal_sync_sync_async (sync, NULL, on_result_cb, &waiter);
  check (ccal_sync_sync_finish (sync, waiter_run (&waiter), &error), error, "syncing");
  waiter_clear (&waiter);
}

/* The main loop's pulse: the longest gap between two runs of a 1 ms timer. */
typedef struct
{
  gint64 last;
  gint64 longest;
} Pulse;

static gboolean
on_pulse_cb (gpointer user_data)
{
  Pulse *pulse = user_data;
  gint64 now = g_get_monotonic_time ();

  if (pulse->last != 0)
    pulse->longest = MAX (pulse->longest, now - pulse->last);
  pulse->last = now;
  return G_SOURCE_CONTINUE;
}

static void
on_progress_cb (CcalSync *sync,
                int       collection,
                guint     objects,
                guint     pages,
                gpointer  user_data)
{
  guint *last_pages = user_data;

  last_pages[collection] = pages;
}

static char *
run_seed (const char *self_path,
          const char *db_path)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { self_path, "--seed", db_path, NULL };
  int status;

  check (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL, &status, &error),
         error, "running the seed");
  check (g_spawn_check_wait_status (status, &error), error, "seeding");
  return g_strstrip (g_steal_pointer (&out));
}

static GSubprocess *
start_server (const char *db_path,
              const char *log_path,
              char      **out_base_url)
{
  const char *binary = g_getenv ("CCAL_SERVER_BINARY") != NULL ? g_getenv ("CCAL_SERVER_BINARY")
                                                                 : CCAL_SERVER_BINARY;
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_autoptr (GError) error = NULL;
  GSubprocess *process;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  g_subprocess_launcher_set_stderr_file_path (launcher, log_path);
  process = g_subprocess_launcher_spawn (launcher, &error, binary, "serve", "--database", db_path,
                                         "--listen", "127.0.0.1", "--port", "0", "--rate-limit", "0", NULL);
  check (process != NULL, error, "starting the server");

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *log = NULL;
      const char *line;

      g_file_get_contents (log_path, &log, NULL, NULL);
      line = log != NULL ? strstr (log, "listening on http://") : NULL;
      if (line != NULL && strchr (line, '\n') != NULL)
        {
          const char *url = line + strlen ("listening on ");

          *out_base_url = g_strndup (url, (gsize) (strchr (url, '\n') - url));
          return process;
        }
      g_usleep (10 * 1000);
    }
  g_printerr ("bench-sync: the server did not start\n");
  exit (1);
}

/* PATCHes @n bookings of @page (round @round) through another client, as someone else would. */
static void
change_bookings_on_server (CcalApiClient *other,
                           GPtrArray     *ids,
                           guint          round)
{
  for (guint i = 0; i < N_CHANGES; i++)
    {
      Waiter waiter = { g_main_loop_new (NULL, FALSE), NULL };
      g_autoptr (JsonObject) changes = json_object_new ();
      g_autoptr (GError) error = NULL;
      g_autoptr (CcalBooking) booking = NULL;
      g_autofree char *title = g_strdup_printf ("Product demo (round %u)", round);

      json_object_set_string_member (changes, "title", title);
      ccal_api_client_update_booking_async (other, g_ptr_array_index (ids, (round * N_CHANGES + i) % ids->len),
                                            changes, 0, NULL, NULL, on_result_cb, &waiter);
      booking = ccal_api_client_update_booking_finish (other, waiter_run (&waiter), &error);
      check (booking != NULL, error, "changing a booking");
      waiter_clear (&waiter);
    }
}

static void
fill_cache (CcalCache  *cache,
            const char *admin_id)
{
  g_autoptr (GError) error = NULL;

  for (guint first = 0; first < N_FILL_BOOKINGS; first += 1000)
    {
      g_autoptr (JsonArray) page = json_array_new ();

      for (guint i = first; i < first + 1000 && i < N_FILL_BOOKINGS; i++)
        {
          g_autoptr (CcalBooking) booking = make_booking (admin_id, i, T0 - (gint64) (i + 1) * 20 * MINUTE);

          booking->id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
          booking->contact->id = g_strdup_printf ("00000000-0000-4000-a000-%012u", i % N_CONTACTS);
          json_array_add_object_element (page, ccal_booking_to_json (booking));
        }
      check (ccal_cache_put_server_objects (cache, CCAL_CACHE_COLLECTION_BOOKINGS, page, NULL, &error), error,
             "filling the cache");
    }
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *log_path = NULL;
  g_autofree char *cache_path = NULL;
  g_autofree char *self_path = NULL;
  g_autofree char *seeded = NULL;
  g_autofree char *base_url = NULL;
  g_auto (GStrv) parts = NULL;
  g_autoptr (GSubprocess) server = NULL;
  g_autoptr (GPtrArray) changed_ids = g_ptr_array_new_with_free_func (g_free);
  gboolean own_folder = argc < 2;
  double client_cpu_s, server_cpu_s;
  double first_sync_s, first_rss_mb, incremental[N_INCREMENTAL], open_ms[N_OPEN_ROUNDS];
  guint n_events = 0, n_bookings = 0, month_events = 0, month_bookings = 0;
  guint pages[2] = { 0, 0 };
  gint64 stall_us;
  gint64 seed_start;
  double seed_s;

  setlocale (LC_ALL, "");
  if (argc == 3 && g_str_equal (argv[1], "--seed"))
    return seed (argv[2]);

  folder = own_folder ? g_dir_make_tmp ("bench-sync-XXXXXX", &error) : g_strdup (argv[1]);
  check (folder != NULL && g_mkdir_with_parents (folder, 0700) == 0, error, "making the folder");
  db_path = g_build_filename (folder, "server.db", NULL);
  log_path = g_build_filename (folder, "server.log", NULL);
  cache_path = g_build_filename (folder, "cache.db", NULL);
  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_strdup (argv[0]);

  g_print ("bench-sync: seeding %u bookings and %u events …\n", N_BOOKINGS, N_EVENTS);
  seed_start = g_get_monotonic_time ();
  seeded = run_seed (self_path, db_path);
  seed_s = (double) (g_get_monotonic_time () - seed_start) / G_USEC_PER_SEC;
  parts = g_strsplit (seeded, " ", 2);
  check (g_strv_length (parts) == 2, NULL, "reading the seed's answer");
  server = start_server (db_path, log_path, &base_url);
  g_print ("bench-sync: seeded in %.1f s; server at %s\n\n", seed_s, base_url);

  /* ── 1. first sync ── */
  {
    g_autoptr (CcalApiClient) client = ccal_api_client_new (base_url, parts[1], &error);
    g_autoptr (CcalCache) cache = NULL;
    g_autoptr (CcalSync) sync = NULL;
    g_autoptr (CcalApiClient) other = ccal_api_client_new (base_url, parts[1], &error);
    Pulse pulse = { 0, 0 };
    guint pulse_id;
    gint64 start;

    check (client != NULL && other != NULL, error, "making the clients");
    reset_peak_rss ();
    cache = ccal_cache_open (cache_path, &error);
    check (cache != NULL, error, "opening the cache");
    sync = ccal_sync_new (client, cache);
    g_signal_connect (sync, "progress", G_CALLBACK (on_progress_cb), pages);

    pulse_id = g_timeout_add (1, on_pulse_cb, &pulse);
    client_cpu_s = self_cpu_s ();
    server_cpu_s = process_cpu_s (g_subprocess_get_identifier (server));
    start = g_get_monotonic_time ();
    sync_once (sync);
    first_sync_s = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
    client_cpu_s = self_cpu_s () - client_cpu_s;
    server_cpu_s = process_cpu_s (g_subprocess_get_identifier (server)) - server_cpu_s;
    g_source_remove (pulse_id);
    stall_us = pulse.longest;
    first_rss_mb = peak_rss_mb ();
    g_signal_handlers_disconnect_by_func (sync, on_progress_cb, pages);

    check (ccal_cache_count (cache, CCAL_CACHE_COLLECTION_EVENTS, &n_events, &error) &&
           ccal_cache_count (cache, CCAL_CACHE_COLLECTION_BOOKINGS, &n_bookings, &error), error, "counting");

    /* ── 2. incremental syncs ── */
    {
      g_autoptr (GPtrArray) some = ccal_cache_query_bookings (cache, T0, T0 + 30 * DAY, NULL, &error);

      check (some != NULL && some->len >= N_CHANGES * N_INCREMENTAL, error, "picking bookings");
      for (guint i = 0; i < some->len; i++)
        g_ptr_array_add (changed_ids, g_strdup (((CcalBooking *) g_ptr_array_index (some, i))->id));
    }
    for (guint round = 0; round < N_INCREMENTAL; round++)
      {
        guint64 before = ccal_api_client_get_request_count (client);

        change_bookings_on_server (other, changed_ids, round);
        start = g_get_monotonic_time ();
        sync_once (sync);
        incremental[round] = (double) (g_get_monotonic_time () - start) / 1000.0;
        check (ccal_api_client_get_request_count (client) - before == 2, NULL, "an incremental sync of 2 requests");
      }

    /* ── 3. a cache of 100,000 rows ── */
    fill_cache (cache, parts[0]);
  }

  for (guint round = 0; round < N_OPEN_ROUNDS; round++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr (CcalCache) cache = ccal_cache_open (cache_path, &error);
      g_autoptr (GPtrArray) events = NULL;
      g_autoptr (GPtrArray) bookings = NULL;

      check (cache != NULL, error, "opening the cache");
      events = ccal_cache_query_events (cache, MONTH_FROM, MONTH_TO, NULL, &error);
      check (events != NULL, error, "querying events");
      bookings = ccal_cache_query_bookings (cache, MONTH_FROM, MONTH_TO, NULL, &error);
      check (bookings != NULL, error, "querying bookings");
      open_ms[round] = (double) (g_get_monotonic_time () - start) / 1000.0;
      month_events = events->len;
      month_bookings = bookings->len;
      if (round == 0)
        {
          guint rows_events = 0, rows_bookings = 0;

          check (ccal_cache_count (cache, CCAL_CACHE_COLLECTION_EVENTS, &rows_events, &error) &&
                 ccal_cache_count (cache, CCAL_CACHE_COLLECTION_BOOKINGS, &rows_bookings, &error), error, "counting");
          g_print ("cache for the open test: %u rows (%u events, %u bookings)\n\n", rows_events + rows_bookings,
                   rows_events, rows_bookings);
        }
    }

  g_print ("%-64s %12s %12s\n", "what", "figure", "target");
  g_print ("%-64s %10.2f s %10.1f s\n", "first sync, 50,000 bookings + 5,000 events (wall)", first_sync_s,
           TARGET_FIRST_SYNC_S);
  g_print ("%-64s %9.1f MB %9.0f MB\n", "  peak RSS of the client during it (VmHWM)", first_rss_mb, TARGET_PEAK_RSS_MB);
  g_print ("%-64s %10.2f s %12s\n", "  CPU used by the client (all threads)", client_cpu_s, "—");
  g_print ("%-64s %10.2f s %12s\n", "  CPU used by the server", server_cpu_s, "—");
  g_print ("%-64s %9.1f ms %12s\n", "  longest main-loop stall during it", (double) stall_us / 1000.0, "—");
  g_print ("%-64s %12u %12s\n", "  events in the cache", n_events, "5000");
  g_print ("%-64s %12u %12s\n", "  bookings in the cache", n_bookings, "50000");
  g_print ("%-64s %5u + %-4u %12s\n", "  pages (events + bookings)", pages[CCAL_CACHE_COLLECTION_EVENTS],
           pages[CCAL_CACHE_COLLECTION_BOOKINGS], "—");
  g_print ("%-64s %9.1f ms %9.0f ms\n", "incremental sync, 10 bookings changed (median of 9)",
           median (incremental, N_INCREMENTAL), TARGET_INCREMENTAL_MS);
  g_print ("%-64s %9.2f ms %9.0f ms\n", "cache open + one month's query, 100,000 rows (median of 15)",
           median (open_ms, N_OPEN_ROUNDS), TARGET_OPEN_MS);
  g_print ("%-64s %5u + %-4u %12s\n", "  rows in the month (events + bookings)", month_events, month_bookings, "—");

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, NULL);
  if (own_folder)
    remove_tree (folder);
  return 0;
}
