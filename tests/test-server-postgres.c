/* test-server-postgres.c — scale-out: two server processes on one database race for one slot, and
 * the PostgreSQL server goes away mid-run and comes back
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Like every server suite, tests/meson.build runs this one twice: on SQLite (two processes on one
 * file) and with CCAL_TEST_BACKEND=postgres (two processes on one PostgreSQL database). The outage
 * case is PostgreSQL's alone: it starts a throwaway cluster of its own with
 * build-aux/pg-test-cluster, because stopping the shared one would break the suites running beside
 * it.
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ccal-test-server.h"

#define N_RACERS           8
#define ATTEMPTS_PER_RACER 16     /* 128 attempts at one slot */
#define N_LOADERS          2
#define SLOTS_PER_DAY      24     /* 08:00–20:00 in 30-minute slots */

static const char * const serve_args[] = { "--rate-limit", "0", NULL };

static gboolean
strict_mode (void)
{
  return g_strcmp0 (g_getenv ("CCAL_TEST_STRICT"), "1") == 0;
}

static void
assert_status (CcalTestResponse *response,
               guint             status)
{
  if (response->status != status)
    g_printerr ("# status %u: %.*s\n", response->status, (int) MIN (g_bytes_get_size (response->body), 800),
                (const char *) g_bytes_get_data (response->body, NULL));
  g_assert_cmpuint (response->status, ==, status);
}

/* "YYYY-MM-DD" of the UTC day @days from today. */
static char *
day_from_now (int days)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* The start of bookable slot @k: 30-minute slots 08:00–20:00 UTC from the day after tomorrow on. */
static char *
slot_start (guint k)
{
  g_autofree char *day = day_from_now (2 + (int) (k / SLOTS_PER_DAY));
  guint minutes = 8 * 60 + (k % SLOTS_PER_DAY) * 30;

  return g_strdup_printf ("%sT%02u:%02u:00Z", day, minutes / 60, minutes % 60);
}

/* The admin of @server's workspace works every day 08:00–20:00 UTC. */
static void
open_calendar (CcalTestServer *server)
{
  g_autofree char *yesterday = day_from_now (-1);
  g_autofree char *event = NULL;
  g_autoptr (CcalTestResponse) settings = NULL;
  g_autoptr (CcalTestResponse) created = NULL;

  settings = ccal_test_server_request (server, "PUT", "/api/calendar/settings", server->admin_key,
                                       "{\"timezone\":\"UTC\",\"max_advance_days\":60,\"slot_minutes\":30}");
  assert_status (settings, 200);
  event = g_strdup_printf ("{\"title\":\"Office hours\",\"type\":\"availability\",\"start_time\":\"%sT08:00:00Z\","
                           "\"end_time\":\"%sT20:00:00Z\",\"rrule\":\"FREQ=DAILY\"}", yesterday, yesterday);
  created = ccal_test_server_request (server, "POST", "/api/calendar/events", server->admin_key, event);
  assert_status (created, 201);
}

static char *
book_body (const char *admin_id,
           const char *start,
           const char *email)
{
  return g_strdup_printf ("{\"admin_id\":\"%s\",\"start_time\":\"%s\",\"duration_minutes\":30,\"name\":\"Racer\","
                          "\"email\":\"%s\"}", admin_id, start, email);
}

static CcalTestResponse *
post_book (CcalTestServer *server,
           SoupSession    *session,
           const char     *start,
           const char     *email)
{
  g_autofree char *body = book_body (server->admin_id, start, email);

  return ccal_test_server_request_full (server, session, "POST", "/api/calendar/book", NULL, "application/json", body,
                                        strlen (body), NULL);
}

static const char *
booking_id_of (CcalTestResponse *response)
{
  return json_object_get_string_member (ccal_test_response_member (response, "booking"), "id");
}

/* Every booking the list shows (following the cursor). */
static GHashTable *
list_booking_ids (CcalTestServer *server)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;

  do
    {
      g_autofree char *path = cursor != NULL
                                ? g_strdup_printf ("/api/calendar/bookings?limit=1000&cursor=%s", cursor)
                                : g_strdup ("/api/calendar/bookings?limit=1000");
      g_autoptr (CcalTestResponse) response = ccal_test_server_request (server, "GET", path, server->admin_key, NULL);
      JsonObject *object;
      JsonArray *bookings;

      assert_status (response, 200);
      object = ccal_test_response_object (response);
      bookings = json_object_get_array_member (object, "bookings");
      for (guint i = 0; i < json_array_get_length (bookings); i++)
        g_hash_table_add (ids, g_strdup (json_object_get_string_member (json_array_get_object_element (bookings, i),
                                                                        "id")));
      g_clear_pointer (&cursor, g_free);
      if (!json_object_get_null_member (object, "next_cursor"))
        cursor = g_strdup (json_object_get_string_member (object, "next_cursor"));
    }
  while (cursor != NULL);
  return ids;
}

/* ── two processes, one slot ────────────────────────────────────────────────────────────────── */

typedef struct
{
  CcalTestServer *servers[2];
  const char     *start;
  GMutex          lock;
  GCond           cond;
  guint           ready;
  gboolean        go;
  /* results, under lock */
  guint           created[2];      /* per server */
  guint           refused[2];
  guint           server_errors;   /* 5xx */
  guint           other;
  char           *booking_id;
} Race;

typedef struct
{
  Race  *race;
  guint  index;
} Racer;

static gpointer
racer_run (gpointer user_data)
{
  Racer *racer = user_data;
  Race *race = racer->race;
  g_autoptr (SoupSession) session = ccal_test_server_new_session ();

  /* open a connection to each server first, so the race is about the booking, not TCP */
  for (guint s = 0; s < 2; s++)
    {
      g_autoptr (CcalTestResponse) health = ccal_test_server_request_full (race->servers[s], session, "GET",
                                                                          "/api/health", NULL, NULL, NULL, 0, NULL);

      g_assert_cmpuint (health->status, ==, 200);
    }

  g_mutex_lock (&race->lock);
  race->ready++;
  g_cond_broadcast (&race->cond);
  while (!race->go)
    g_cond_wait (&race->cond, &race->lock);
  g_mutex_unlock (&race->lock);

  for (guint i = 0; i < ATTEMPTS_PER_RACER; i++)
    {
      guint s = (racer->index + i) % 2;
      g_autofree char *email = g_strdup_printf ("racer-%u-%u@example.com", racer->index, i);
      g_autoptr (CcalTestResponse) response = post_book (race->servers[s], session, race->start, email);

      g_mutex_lock (&race->lock);
      if (response->status == 201)
        {
          race->created[s]++;
          g_free (race->booking_id);
          race->booking_id = g_strdup (booking_id_of (response));
        }
      else if (response->status == 409)
        race->refused[s]++;
      else
        {
          g_printerr ("# racer %u, attempt %u on server %u: %u %.*s\n", racer->index, i, s, response->status,
                      (int) MIN (g_bytes_get_size (response->body), 300),
                      (const char *) g_bytes_get_data (response->body, NULL));
          if (response->status >= 500)
            race->server_errors++;
          else
            race->other++;
        }
      g_mutex_unlock (&race->lock);
    }
  return NULL;
}

static void
test_race_two_processes (void)
{
  g_autoptr (CcalTestServer) first = ccal_test_server_new (serve_args);
  g_autoptr (CcalTestServer) second = ccal_test_server_new_sharing (first, serve_args);
  g_autofree char *start = slot_start (SLOTS_PER_DAY * 5 + 4);
  g_autoptr (GTimer) timer = NULL;
  Race race = { { first, second }, start };
  Racer racers[N_RACERS];
  GThread *threads[N_RACERS];
  guint attempts = N_RACERS * ATTEMPTS_PER_RACER;
  double seconds;

  open_calendar (first);
  g_mutex_init (&race.lock);
  g_cond_init (&race.cond);

  for (guint i = 0; i < N_RACERS; i++)
    {
      racers[i] = (Racer) { &race, i };
      threads[i] = g_thread_new ("racer", racer_run, &racers[i]);
    }
  g_mutex_lock (&race.lock);
  while (race.ready < N_RACERS)
    g_cond_wait (&race.cond, &race.lock);
  timer = g_timer_new ();
  race.go = TRUE;
  g_cond_broadcast (&race.cond);
  g_mutex_unlock (&race.lock);
  for (guint i = 0; i < N_RACERS; i++)
    g_thread_join (threads[i]);
  seconds = g_timer_elapsed (timer, NULL);

  g_test_message ("%s: %u bookings of one slot across 2 server processes in %.2f s: "
                  "201 x %u (process A %u, B %u), 409 x %u (A %u, B %u), 5xx x %u, other x %u",
                  first->backend, attempts, seconds, race.created[0] + race.created[1], race.created[0],
                  race.created[1], race.refused[0] + race.refused[1], race.refused[0], race.refused[1],
                  race.server_errors, race.other);

  g_assert_cmpuint (race.server_errors, ==, 0);
  g_assert_cmpuint (race.other, ==, 0);
  g_assert_cmpuint (race.created[0] + race.created[1], ==, 1);
  g_assert_cmpuint (race.refused[0] + race.refused[1], ==, attempts - 1);

  /* both processes see the one booking, and only it */
  for (guint s = 0; s < 2; s++)
    {
      g_autoptr (GHashTable) ids = list_booking_ids (race.servers[s]);

      g_assert_cmpuint (g_hash_table_size (ids), ==, 1);
      g_assert_true (g_hash_table_contains (ids, race.booking_id));
    }

  g_free (race.booking_id);
  g_mutex_clear (&race.lock);
  g_cond_clear (&race.cond);
}

/* ── the database goes away and comes back ──────────────────────────────────────────────────── */

typedef struct
{
  CcalTestServer *servers[2];
  gint            next_slot;
  gint            stop;
  GMutex          lock;
  GPtrArray      *acknowledged;    /* booking ids answered 201 */
  guint           created;
  guint           unavailable;     /* 503 with the contract's JSON */
  guint           unexpected;      /* anything else */
  guint           created_after_restart;
  gboolean        restarted;
} Load;

static gpointer
loader_run (gpointer user_data)
{
  Load *load = user_data;
  g_autoptr (SoupSession) session = ccal_test_server_new_session ();
  guint n = 0;

  while (!g_atomic_int_get (&load->stop))
    {
      guint k = (guint) g_atomic_int_add (&load->next_slot, 1);
      guint s = n++ % 2;
      g_autofree char *start = slot_start (k);
      g_autofree char *email = g_strdup_printf ("load-%u@example.com", k);
      g_autoptr (CcalTestResponse) response = post_book (load->servers[s], session, start, email);
      JsonObject *error = NULL;

      if (response->status == 503 && response->json != NULL && JSON_NODE_HOLDS_OBJECT (response->json))
        error = json_object_get_object_member (json_node_get_object (response->json), "error");

      g_mutex_lock (&load->lock);
      if (response->status == 201)
        {
          g_ptr_array_add (load->acknowledged, g_strdup (booking_id_of (response)));
          load->created++;
          if (load->restarted)
            load->created_after_restart++;
        }
      else if (error != NULL && g_strcmp0 (json_object_get_string_member (error, "code"), "unavailable") == 0)
        load->unavailable++;
      else
        {
          g_printerr ("# slot %u on server %u: %u %.*s\n", k, s, response->status,
                      (int) MIN (g_bytes_get_size (response->body), 300),
                      (const char *) g_bytes_get_data (response->body, NULL));
          load->unexpected++;
        }
      g_mutex_unlock (&load->lock);

      g_usleep (response->status == 503 ? 20 * 1000 : 2 * 1000);
    }
  return NULL;
}

static guint
load_get (Load  *load,
          guint *field)
{
  guint value;

  g_mutex_lock (&load->lock);
  value = *field;
  g_mutex_unlock (&load->lock);
  return value;
}

/* Waits up to @seconds for *@field to reach @at_least. */
static gboolean
load_wait (Load  *load,
           guint *field,
           guint  at_least,
           guint  seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (load_get (load, field) < at_least)
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_usleep (20 * 1000);
    }
  return TRUE;
}

/* Runs build-aux/pg-test-cluster @command [@dir]; returns its stdout, or NULL with @out_error. */
static char *
pg_cluster (const char  *command,
            const char  *dir,
            char       **out_error)
{
  const char *srcdir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *script = g_build_filename (srcdir != NULL ? srcdir : ".", "..", "build-aux", "pg-test-cluster",
                                              NULL);
  const char *argv[] = { script, command, dir, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error))
    {
      *out_error = g_strdup (error->message);
      return NULL;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      *out_error = g_strdup_printf ("pg-test-cluster %s failed: %s", command, g_strstrip (err));
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* The value of "@key=" in pg-test-cluster's output. */
static char *
output_value (const char *output,
              const char *key)
{
  g_auto (GStrv) lines = g_strsplit (output, "\n", -1);
  g_autofree char *prefix = g_strconcat (key, "=", NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], prefix))
      return g_strdup (lines[i] + strlen (prefix));
  return NULL;
}

/* An authenticated read answers 503 with the contract's error body while the database is away. */
static void
assert_unavailable (CcalTestServer *server)
{
  g_autoptr (CcalTestResponse) me = ccal_test_server_request (server, "GET", "/api/calendar/bookings",
                                                              server->admin_key, NULL);

  ccal_test_response_assert_error (me, 503, "unavailable", NULL);
  g_assert_nonnull (ccal_test_response_header (me, "Retry-After"));
}

/* The outage itself, in a subprocess of the test (see below), on the cluster in @dir. */
static void
run_outage (const char *dir,
            const char *uri)
{
  g_autofree char *reason = NULL;
  g_autofree char *output = NULL;
  g_autofree char *figures = NULL;
  g_autofree char *figures_path = g_build_filename (dir, "figures", NULL);
  g_autoptr (GError) error = NULL;
  CcalTestServer *first, *second;
  Load load = { { NULL, NULL }, 0 };
  GThread *loaders[N_LOADERS];
  g_autoptr (GTimer) timer = NULL;
  guint before, during_unavailable;
  double outage_seconds, recovery_seconds;

  first = ccal_test_server_new_full ("postgres", uri, serve_args);
  second = ccal_test_server_new_sharing (first, serve_args);
  open_calendar (first);

  load.servers[0] = first;
  load.servers[1] = second;
  load.acknowledged = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&load.lock);
  for (guint i = 0; i < N_LOADERS; i++)
    loaders[i] = g_thread_new ("loader", loader_run, &load);

  /* bookings flow through both processes */
  g_assert_true (load_wait (&load, &load.created, 20, 30));
  before = load_get (&load, &load.created);

  /* PostgreSQL stops (a fast shutdown drops every session): the servers answer 503 meanwhile */
  output = pg_cluster ("stop", dir, &reason);
  g_assert_nonnull (output);
  timer = g_timer_new ();
  g_assert_true (load_wait (&load, &load.unavailable, 10, 30));
  assert_unavailable (first);
  assert_unavailable (second);
  g_usleep (2 * G_USEC_PER_SEC);
  during_unavailable = load_get (&load, &load.unavailable);
  outage_seconds = g_timer_elapsed (timer, NULL);

  /* … and comes back: the servers work again by themselves */
  g_free (output);
  output = pg_cluster ("start", dir, &reason);
  g_assert_nonnull (output);
  g_timer_start (timer);
  g_mutex_lock (&load.lock);
  load.restarted = TRUE;
  g_mutex_unlock (&load.lock);
  g_assert_true (load_wait (&load, &load.created_after_restart, 1, 30));
  recovery_seconds = g_timer_elapsed (timer, NULL);
  g_assert_true (load_wait (&load, &load.created_after_restart, 20, 30));
  for (guint s = 0; s < 2; s++)
    {
      g_autoptr (CcalTestResponse) me = ccal_test_server_request (load.servers[s], "GET", "/api/calendar/me",
                                                                  first->admin_key, NULL);

      assert_status (me, 200);
    }

  g_atomic_int_set (&load.stop, 1);
  for (guint i = 0; i < N_LOADERS; i++)
    g_thread_join (loaders[i]);

  figures = g_strdup_printf ("outage of %.1f s under load: %u bookings before, %u x 503 while PostgreSQL was down, "
                             "first 201 %.2f s after it was back, %u bookings acknowledged in all, "
                             "%u unexpected answers",
                             outage_seconds, before, during_unavailable, recovery_seconds, load.created,
                             load.unexpected);
  g_file_set_contents (figures_path, figures, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (load.unexpected, ==, 0);

  /* no acknowledged booking is lost: each is readable through either process, and listed */
  {
    g_autoptr (GHashTable) listed = list_booking_ids (first);

    for (guint i = 0; i < load.acknowledged->len; i++)
      {
        const char *id = g_ptr_array_index (load.acknowledged, i);
        g_autofree char *path = g_strdup_printf ("/api/calendar/bookings/%s", id);
        g_autoptr (CcalTestResponse) got = ccal_test_server_request (load.servers[i % 2], "GET", path,
                                                                     first->admin_key, NULL);

        assert_status (got, 200);
        g_assert_true (g_hash_table_contains (listed, id));
      }
  }

  ccal_test_server_free (second);
  ccal_test_server_free (first);
  g_ptr_array_unref (load.acknowledged);
  g_mutex_clear (&load.lock);
}

static char *
outage_note_path (pid_t pid)
{
  g_autofree char *name = g_strdup_printf ("ccal-test-outage-%d", (int) pid);

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

/* The cluster is this test's own, and must not outlive it even when an assertion fails: the work
 * runs in a subprocess, and this process removes the cluster whatever became of it. */
static void
test_database_restart (void)
{
  g_autofree char *reason = NULL;
  g_autofree char *output = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *figures = NULL;
  g_autofree char *figures_path = NULL;
  g_autofree char *note = NULL;
  g_autofree char *note_path = NULL;
  g_autoptr (GError) error = NULL;

  if (g_test_subprocess ())
    {
      g_autofree char *parent_note = NULL;
      g_autofree char *parent_note_path = outage_note_path (getppid ());
      g_auto (GStrv) lines = NULL;

      /* what the parent started, in the note it left for its child */
      g_file_get_contents (parent_note_path, &parent_note, NULL, NULL);
      g_assert_nonnull (parent_note);
      lines = g_strsplit (parent_note, "\n", 2);
      run_outage (lines[0], lines[1]);
      return;
    }

  output = pg_cluster ("start", NULL, &reason);
  if (output == NULL)
    {
      g_autofree char *message = g_strdup_printf ("PostgreSQL could not be started: %s", reason);

      g_printerr ("\n*** %s\n\n", message);
      if (strict_mode ())
        g_test_fail_printf ("%s (CCAL_TEST_STRICT=1)", message);
      else
        g_test_skip (message);
      return;
    }
  dir = output_value (output, "DIR");
  uri = output_value (output, "URI");
  g_assert_nonnull (dir);
  g_assert_nonnull (uri);

  note = g_strconcat (dir, "\n", uri, NULL);
  note_path = outage_note_path (getpid ());
  g_file_set_contents (note_path, note, -1, &error);
  g_assert_no_error (error);
  g_test_trap_subprocess (NULL, 240 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unlink (note_path);

  figures_path = g_build_filename (dir, "figures", NULL);
  if (g_file_get_contents (figures_path, &figures, NULL, NULL))
    g_test_message ("%s", figures);
  g_free (pg_cluster ("destroy", dir, &reason));
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/scale-out/race-two-processes", test_race_two_processes);
  /* the outage is PostgreSQL's: SQLite has no server to lose */
  if (ccal_test_server_backend_is_postgres ())
    g_test_add_func ("/server/scale-out/database-restart", test_database_restart);

  return g_test_run ();
}
