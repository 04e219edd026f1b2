/* test-sync.c — CcalSync against the real server binary: pulls counted by request, offline edits,
 * a client killed mid-push, conflicts between two clients, refused bookings, a corrupt cache
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "ccal-sync-private.h"
#include "ccal-test-server.h"
#include "ccal-time.h"

/* ── waiting ────────────────────────────────────────────────────────────────────────────────── */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static Waiter *
waiter_new (void)
{
  Waiter *waiter = g_new0 (Waiter, 1);

  waiter->loop = g_main_loop_new (NULL, FALSE);
  return waiter;
}

static void
waiter_free (Waiter *waiter)
{
  g_clear_object (&waiter->result);
  g_main_loop_unref (waiter->loop);
  g_free (waiter);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Waiter, waiter_free)

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Waiter *waiter = user_data;

  g_assert_null (waiter->result);
  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

static gboolean
on_waited_too_long_cb (gpointer user_data)
{
  g_error ("%s did not finish within 60 s.", (const char *) user_data);
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
waiter_run (Waiter *waiter)
{
  if (waiter->result == NULL)
    {
      guint guard = g_timeout_add_seconds (60, on_waited_too_long_cb, (gpointer) "An async call");

      g_main_loop_run (waiter->loop);
      g_source_remove (guard);
    }
  return waiter->result;
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the default main context until @condition holds; fails the test after @timeout_ms. */
static void
wait_until (Condition   condition,
            gpointer    data,
            guint       timeout_ms,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Waited %u ms for %s", timeout_ms, what);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* ── files ──────────────────────────────────────────────────────────────────────────────────── */

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

static char *
make_tmpdir (void)
{
  g_autoptr (GError) error = NULL;
  char *dir = g_dir_make_tmp ("ccal-test-sync-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* ── server-side helpers (plain HTTP with the admin's key) ──────────────────────────────────── */

/* 09:00 UTC, @days_ahead days from today. */
static gint64
morning_in_days (int days_ahead)
{
  gint64 today = g_get_real_time () / CCAL_USEC_PER_DAY * CCAL_USEC_PER_DAY;

  return today + days_ahead * CCAL_USEC_PER_DAY + 9 * CCAL_USEC_PER_HOUR;
}

static JsonObject *
request_member (CcalTestServer *server,
                const char     *method,
                const char     *path,
                const char     *body,
                guint           status,
                const char     *member)
{
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (server, method, path, server->admin_key, body);

  if (response->status != status)
    g_error ("%s %s: %u, not %u: %.*s", method, path, response->status, status,
             (int) g_bytes_get_size (response->body), (const char *) g_bytes_get_data (response->body, NULL));
  return member != NULL ? json_object_ref (ccal_test_response_member (response, member)) : NULL;
}

/* An event on the server; returns its id. */
static char *
server_create_event (CcalTestServer *server,
                     const char     *title,
                     const char     *type,
                     gint64          start,
                     gint64          end)
{
  g_autofree char *start_text = ccal_time_format_rfc3339 (start);
  g_autofree char *end_text = ccal_time_format_rfc3339 (end);
  g_autofree char *body = g_strdup_printf ("{\"title\":\"%s\",\"type\":\"%s\",\"start_time\":\"%s\","
                                           "\"end_time\":\"%s\",\"timezone\":\"UTC\"}",
                                           title, type, start_text, end_text);
  g_autoptr (JsonObject) event = request_member (server, "POST", "/api/calendar/events", body, 201, "event");

  return g_strdup (json_object_get_string_member (event, "id"));
}

static JsonObject *
server_get (CcalTestServer *server,
            const char     *collection,
            const char     *id,
            guint           status)
{
  g_autofree char *path = g_strdup_printf ("/api/calendar/%s/%s", collection, id);

  return request_member (server, "GET", path, NULL, status,
                         status == 200 ? (g_str_equal (collection, "events") ? "event" : "booking") : NULL);
}

/* How many live events on the server have @title. */
static guint
server_count_events_titled (CcalTestServer *server,
                            const char     *title)
{
  g_autoptr (CcalTestResponse) response =
    ccal_test_server_request (server, "GET", "/api/calendar/events?limit=1000", server->admin_key, NULL);
  JsonArray *events;
  guint count = 0;

  g_assert_cmpuint (response->status, ==, 200);
  events = json_object_get_array_member (ccal_test_response_object (response), "events");
  /* One page holds them all. */
  g_assert_null (json_object_get_string_member_with_default (ccal_test_response_object (response), "next_cursor",
                                                             NULL));
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (events, i), "title"), title) == 0)
        count++;
    }
  return count;
}

/* An availability window 09:00–12:00 UTC @days_ahead days from now: six 30-minute slots. */
static void
server_open_window (CcalTestServer *server,
                    int             days_ahead)
{
  gint64 start = morning_in_days (days_ahead);
  g_autofree char *id = server_create_event (server, "Open for calls", "availability", start,
                                            start + 3 * CCAL_USEC_PER_HOUR);
}

static char *
server_book (CcalTestServer *server,
             gint64          start,
             const char     *name,
             const char     *email)
{
  g_autofree char *start_text = ccal_time_format_rfc3339 (start);
  g_autofree char *body = g_strdup_printf ("{\"admin_id\":\"%s\",\"start_time\":\"%s\",\"name\":\"%s\","
                                           "\"email\":\"%s\"}", server->admin_id, start_text, name, email);
  g_autoptr (JsonObject) booking = request_member (server, "POST", "/api/calendar/book", body, 201, "booking");

  return g_strdup (json_object_get_string_member (booking, "id"));
}

/* ── a client: API client, cache and sync engine, with what its signals said ───────────────── */

typedef struct
{
  CcalApiClient *api;
  CcalCache     *cache;
  CcalSync      *sync;
  GPtrArray     *changed;       /* "events:ID" / "bookings:*" per id of each "objects-changed" */
  guint          n_progress;
  guint          progress_objects;
  guint          progress_pages;
  GPtrArray     *conflicts;     /* ids */
  GPtrArray     *failures;      /* "ID: reason" */
  GArray        *states;        /* CcalSyncEngineState as they were notified */
} Client;

static void
on_objects_changed_cb (CcalSync *sync,
                       int       collection,
                       GStrv     ids,
                       Client   *client)
{
  const char *name = ccal_cache_collection_to_string ((CcalCacheCollection) collection);

  if (ids == NULL)
    g_ptr_array_add (client->changed, g_strdup_printf ("%s:*", name));
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    g_ptr_array_add (client->changed, g_strdup_printf ("%s:%s", name, ids[i]));
}

static void
on_progress_cb (CcalSync *sync,
                int       collection,
                guint     objects,
                guint     pages,
                Client   *client)
{
  client->n_progress++;
  client->progress_objects = objects;
  client->progress_pages = pages;
}

static void
on_conflict_cb (CcalSync   *sync,
                int         collection,
                const char *id,
                Client     *client)
{
  g_ptr_array_add (client->conflicts, g_strdup (id));
}

static void
on_push_failed_cb (CcalSync   *sync,
                   int         collection,
                   const char *id,
                   const char *reason,
                   Client     *client)
{
  g_ptr_array_add (client->failures, g_strdup_printf ("%s: %s", id, reason));
}

static void
on_state_cb (CcalSync   *sync,
             GParamSpec *pspec,
             Client     *client)
{
  CcalSyncEngineState state = ccal_sync_get_state (sync);

  g_array_append_val (client->states, state);
}

static Client *
client_new (const char *base_url,
            const char *token,
            const char *cache_path)
{
  Client *client = g_new0 (Client, 1);
  g_autoptr (GError) error = NULL;

  client->api = ccal_api_client_new (base_url, token, &error);
  g_assert_no_error (error);
  client->cache = ccal_cache_open (cache_path, &error);
  g_assert_no_error (error);
  client->sync = ccal_sync_new (client->api, client->cache);
  client->changed = g_ptr_array_new_with_free_func (g_free);
  client->conflicts = g_ptr_array_new_with_free_func (g_free);
  client->failures = g_ptr_array_new_with_free_func (g_free);
  client->states = g_array_new (FALSE, FALSE, sizeof (CcalSyncEngineState));
  g_signal_connect (client->sync, "objects-changed", G_CALLBACK (on_objects_changed_cb), client);
  g_signal_connect (client->sync, "progress", G_CALLBACK (on_progress_cb), client);
  g_signal_connect (client->sync, "conflict", G_CALLBACK (on_conflict_cb), client);
  g_signal_connect (client->sync, "push-failed", G_CALLBACK (on_push_failed_cb), client);
  g_signal_connect (client->sync, "notify::state", G_CALLBACK (on_state_cb), client);
  return client;
}

static Client *
client_for_server (CcalTestServer *server,
                   const char     *dir,
                   const char     *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return client_new (server->base_url, server->admin_key, path);
}

static void
client_free (Client *client)
{
  /* Nothing may be running: a run holds the engine, and would keep it alive. */
  g_signal_handlers_disconnect_by_data (client->sync, client);
  g_assert_finalize_object (client->sync);
  g_assert_finalize_object (client->cache);
  g_assert_finalize_object (client->api);
  g_ptr_array_unref (client->changed);
  g_ptr_array_unref (client->conflicts);
  g_ptr_array_unref (client->failures);
  g_array_unref (client->states);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static guint64
requests (Client *client)
{
  return ccal_api_client_get_request_count (client->api);
}

static gboolean
client_sync (Client  *client,
             GError **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_sync_sync_async (client->sync, NULL, on_result_cb, waiter);
  return ccal_sync_sync_finish (client->sync, waiter_run (waiter), error);
}

static void
client_sync_ok (Client *client)
{
  g_autoptr (GError) error = NULL;

  g_assert_true (client_sync (client, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ccal_sync_get_state (client->sync), ==, CCAL_SYNC_ENGINE_STATE_IDLE);
}

static guint
cache_count (Client             *client,
             CcalCacheCollection collection)
{
  g_autoptr (GError) error = NULL;
  guint count = 0;

  g_assert_true (ccal_cache_count (client->cache, collection, &count, &error));
  g_assert_no_error (error);
  return count;
}

static guint
outbox_count (Client *client)
{
  g_autoptr (GError) error = NULL;
  guint count = 0;

  g_assert_true (ccal_cache_outbox_count (client->cache, &count, &error));
  g_assert_no_error (error);
  return count;
}

static CcalCacheState
cache_state (Client             *client,
             CcalCacheCollection collection,
             const char         *id,
             char              **out_failure)
{
  g_autoptr (GError) error = NULL;
  CcalCacheState state = CCAL_CACHE_STATE_SYNCED;

  g_assert_true (ccal_cache_get_state (client->cache, collection, id, &state, out_failure, &error));
  g_assert_no_error (error);
  return state;
}

static gboolean
changed_has (Client     *client,
             const char *entry)
{
  for (guint i = 0; i < client->changed->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (client->changed, i), entry))
        return TRUE;
    }
  return FALSE;
}

static CcalEvent *
cached_event (Client     *client,
              const char *id)
{
  g_autoptr (GError) error = NULL;
  CcalEvent *event = ccal_cache_get_event (client->cache, id, &error);

  g_assert_no_error (error);
  return event;
}

static void
rename_event (Client     *client,
              const char *id,
              const char *title)
{
  g_autoptr (CcalEvent) event = cached_event (client, id);
  g_autoptr (GError) error = NULL;

  g_free (event->title);
  event->title = g_strdup (title);
  g_assert_true (ccal_sync_save_event (client->sync, event, NULL, &error));
  g_assert_no_error (error);
}

static char *
add_event (Client     *client,
           const char *admin_id,
           const char *title,
           gint64      start)
{
  g_autoptr (CcalEvent) event = ccal_event_new ();
  g_autoptr (GError) error = NULL;
  char *id = NULL;

  event->admin_id = g_strdup (admin_id);
  event->title = g_strdup (title);
  event->type = CCAL_EVENT_TYPE_EVENT;
  event->start_time = start;
  event->end_time = start + CCAL_USEC_PER_HOUR;
  event->timezone = g_strdup ("UTC");
  g_assert_true (ccal_sync_save_event (client->sync, event, &id, &error));
  g_assert_no_error (error);
  g_assert_nonnull (id);
  return id;
}

/* ── pull ───────────────────────────────────────────────────────────────────────────────────── */

/* 6 events (one an availability window) and 3 bookings on the server, pages of 2:
 * the first sync lists events in 3 requests and bookings in 2 (a full page with nothing after it
 * has next_cursor null: the server reads one row more to know). Then 3 changes on the server
 * (an event renamed, an event deleted, a booking confirmed): 1 request per collection. */
static void
test_pull_full_then_incremental (void)
{
  g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *renamed_id = NULL;
  g_autofree char *deleted_id = NULL;
  g_autofree char *booking_id = NULL;
  g_autofree char *entry = NULL;
  g_autoptr (CcalEvent) renamed = NULL;
  g_autoptr (CcalBooking) booking = NULL;
  g_autoptr (GError) error = NULL;
  gint64 day = morning_in_days (10);
  gint64 before_sync;
  guint64 before;

  server_open_window (server, 10);
  renamed_id = server_create_event (server, "Team meeting", "event", day + 5 * CCAL_USEC_PER_HOUR,
                                    day + 6 * CCAL_USEC_PER_HOUR);
  deleted_id = server_create_event (server, "Dentist", "blocked", day + 7 * CCAL_USEC_PER_HOUR,
                                    day + 8 * CCAL_USEC_PER_HOUR);
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *title = g_strdup_printf ("Filler %d", i);
      g_autofree char *id = server_create_event (server, title, "event", day + (i + 20) * CCAL_USEC_PER_HOUR,
                                                day + (i + 21) * CCAL_USEC_PER_HOUR);
    }
  booking_id = server_book (server, day, "Ann Archer", "ann@example.com");
  g_free (server_book (server, day + 30 * CCAL_USEC_PER_MINUTE, "Bob Baker", "bob@example.com"));
  g_free (server_book (server, day + 60 * CCAL_USEC_PER_MINUTE, "Cy Cole", "cy@example.com"));

  {
    g_autoptr (Client) client = client_for_server (server, dir, "cache.db");

    ccal_sync_set_page_size (client->sync, 2);
    g_assert_cmpint (ccal_sync_get_last_synced_at (client->sync), ==, 0);

    /* First sync into an empty cache. */
    before = requests (client);
    before_sync = g_get_real_time ();
    client_sync_ok (client);
    g_assert_cmpuint (requests (client) - before, ==, 3 + 2);
    g_assert_cmpuint (cache_count (client, CCAL_CACHE_COLLECTION_EVENTS), ==, 6);
    g_assert_cmpuint (cache_count (client, CCAL_CACHE_COLLECTION_BOOKINGS), ==, 3);
    /* One progress report per page; the last one of bookings: 3 objects in 2 pages. */
    g_assert_cmpuint (client->n_progress, ==, 5);
    g_assert_cmpuint (client->progress_objects, ==, 3);
    g_assert_cmpuint (client->progress_pages, ==, 2);
    g_assert_true (changed_has (client, "events:*"));
    entry = g_strdup_printf ("events:%s", renamed_id);
    g_assert_true (changed_has (client, entry));
    g_assert_cmpint (ccal_sync_get_last_synced_at (client->sync), >=, before_sync);
    g_assert_cmpint (client->states->len, ==, 2);
    g_assert_cmpint (g_array_index (client->states, CcalSyncEngineState, 0), ==, CCAL_SYNC_ENGINE_STATE_SYNCING);
    g_assert_cmpint (g_array_index (client->states, CcalSyncEngineState, 1), ==, CCAL_SYNC_ENGINE_STATE_IDLE);

    /* Three changes made on the server by someone else. */
    {
      g_autofree char *patch_path = g_strdup_printf ("/api/calendar/bookings/%s", booking_id);
      g_autofree char *event_path = g_strdup_printf ("/api/calendar/events/%s", deleted_id);
      g_autoptr (JsonObject) event = server_get (server, "events", renamed_id, 200);
      g_autoptr (JsonNode) node = NULL;
      g_autofree char *body = NULL;
      g_autofree char *put_path = g_strdup_printf ("/api/calendar/events/%s", renamed_id);
      g_autoptr (JsonObject) ignored = NULL;

      json_object_set_string_member (event, "title", "Team meeting (moved to room 4)");
      node = json_node_init_object (json_node_alloc (), event);
      body = json_to_string (node, FALSE);
      ignored = request_member (server, "PUT", put_path, body, 200, "event");
      request_member (server, "DELETE", event_path, NULL, 204, NULL);
      g_clear_pointer (&ignored, json_object_unref);
      ignored = request_member (server, "PATCH", patch_path, "{\"status\":\"confirmed\"}", 200, "booking");
    }

    g_ptr_array_set_size (client->changed, 0);
    before = requests (client);
    client_sync_ok (client);
    g_assert_cmpuint (requests (client) - before, ==, 1 + 1);
    g_assert_cmpuint (cache_count (client, CCAL_CACHE_COLLECTION_EVENTS), ==, 5);
    renamed = cached_event (client, renamed_id);
    g_assert_cmpstr (renamed->title, ==, "Team meeting (moved to room 4)");
    g_assert_cmpint (renamed->version, ==, 2);
    g_assert_null (ccal_cache_get_event (client->cache, deleted_id, &error));
    g_assert_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND);
    g_clear_error (&error);
    booking = ccal_cache_get_booking (client->cache, booking_id, &error);
    g_assert_no_error (error);
    g_assert_cmpint (booking->status, ==, CCAL_BOOKING_STATUS_CONFIRMED);
    /* Views hear exactly which objects changed, and no "reload everything". */
    g_assert_cmpuint (client->changed->len, ==, 3);
    g_assert_false (changed_has (client, "events:*"));
    g_clear_pointer (&entry, g_free);
    entry = g_strdup_printf ("events:%s", deleted_id);
    g_assert_true (changed_has (client, entry));

    /* Nothing changed: one request per collection, nothing written. */
    g_ptr_array_set_size (client->changed, 0);
    before = requests (client);
    client_sync_ok (client);
    g_assert_cmpuint (requests (client) - before, ==, 2);
    g_assert_cmpuint (client->changed->len, ==, 0);
  }

  /* "Last synced" survives a restart (it is in the cache). */
  {
    g_autoptr (Client) again = client_for_server (server, dir, "cache.db");

    g_assert_cmpint (ccal_sync_get_last_synced_at (again->sync) / G_USEC_PER_SEC, >=, before_sync / G_USEC_PER_SEC);
  }

  remove_tree (dir);
}

/* A token the server will not take (here: one it issued for another workspace) is 410: the
 * collection is cleared of synced rows and listed again in full; rows the server no longer has go. */
static void
test_pull_expired_token (void)
{
  g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *other_key = ccal_test_server_init_workspace (server, "other", "boss@other.example", "Olga Other",
                                                               NULL);
  g_autofree char *foreign_token = NULL;
  gint64 day = morning_in_days (3);
  g_autoptr (Client) client = client_for_server (server, dir, "cache.db");
  g_autoptr (GError) error = NULL;
  guint64 before;

  for (int i = 0; i < 3; i++)
    {
      g_autofree char *title = g_strdup_printf ("Call %d", i);

      g_free (server_create_event (server, title, "event", day + i * CCAL_USEC_PER_HOUR,
                                   day + (i + 1) * CCAL_USEC_PER_HOUR));
    }
  ccal_sync_set_page_size (client->sync, 2);
  client_sync_ok (client);
  g_assert_cmpuint (cache_count (client, CCAL_CACHE_COLLECTION_EVENTS), ==, 3);

  /* The other workspace's token, and a row the server never had. */
  {
    g_autoptr (CcalTestResponse) response =
      ccal_test_server_request (server, "GET", "/api/calendar/events", other_key, NULL);
    g_autoptr (JsonArray) stale = json_array_new ();
    g_autoptr (CcalEvent) ghost = ccal_event_new ();

    g_assert_cmpuint (response->status, ==, 200);
    foreign_token = g_strdup (json_object_get_string_member (ccal_test_response_object (response), "sync_token"));
    ghost->id = g_strdup ("00000000-0000-4000-8000-00000000dead");
    ghost->title = g_strdup ("Ghost");
    ghost->start_time = day;
    ghost->end_time = day + CCAL_USEC_PER_HOUR;
    json_array_add_object_element (stale, ccal_event_to_json (ghost));
    g_assert_true (ccal_cache_put_server_objects (client->cache, CCAL_CACHE_COLLECTION_EVENTS, stale, foreign_token,
                                                  &error));
    g_assert_no_error (error);
  }
  g_assert_cmpuint (cache_count (client, CCAL_CACHE_COLLECTION_EVENTS), ==, 4);

  g_ptr_array_set_size (client->changed, 0);
  before = requests (client);
  client_sync_ok (client);
  /* events: the 410, then 2 pages of the full listing; bookings: 1 incremental request. */
  g_assert_cmpuint (requests (client) - before, ==, 1 + 2 + 1);
  g_assert_cmpuint (cache_count (client, CCAL_CACHE_COLLECTION_EVENTS), ==, 3);
  g_assert_null (ccal_cache_get_event (client->cache, "00000000-0000-4000-8000-00000000dead", &error));
  g_assert_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (changed_has (client, "events:*"));

  /* And the new token works: the next sync is incremental again. */
  before = requests (client);
  client_sync_ok (client);
  g_assert_cmpuint (requests (client) - before, ==, 2);

  g_clear_pointer (&client, client_free);
  remove_tree (dir);
}

/* A cache file that is not a database is moved aside, and the engine fills a fresh one. */
static void
test_pull_corrupt_cache (void)
{
  g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "cache.db", NULL);
  g_autoptr (GError) error = NULL;
  gint64 day = morning_in_days (4);

  server_open_window (server, 4);
  g_free (server_create_event (server, "Review", "event", day + 4 * CCAL_USEC_PER_HOUR,
                               day + 5 * CCAL_USEC_PER_HOUR));
  g_free (server_book (server, day, "Dee Dunn", "dee@example.com"));

  {
    g_autoptr (Client) client = client_new (server->base_url, server->admin_key, path);

    client_sync_ok (client);
    g_assert_cmpuint (cache_count (client, CCAL_CACHE_COLLECTION_EVENTS), ==, 2);
  }

  /* Disk trouble, or another program, wrote over it. */
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_assert_true (g_file_set_contents (path, "this is not a database, just some text that is long enough to be a "
                                            "file header and then some more", -1, &error));
  g_assert_no_error (error);

  {
    g_autoptr (Client) client = NULL;
    guint64 before;

    g_test_expect_message ("ccal-client", G_LOG_LEVEL_WARNING, "*");
    client = client_new (server->base_url, server->admin_key, path);
    g_test_assert_expected_messages ();
    g_assert_true (ccal_cache_get_was_reset (client->cache));
    g_assert_cmpuint (cache_count (client, CCAL_CACHE_COLLECTION_EVENTS), ==, 0);

    before = requests (client);
    client_sync_ok (client);
    g_assert_cmpuint (requests (client) - before, ==, 2);
    g_assert_cmpuint (cache_count (client, CCAL_CACHE_COLLECTION_EVENTS), ==, 2);
    g_assert_cmpuint (cache_count (client, CCAL_CACHE_COLLECTION_BOOKINGS), ==, 1);
  }

  remove_tree (dir);
}

/* ── offline ────────────────────────────────────────────────────────────────────────────────── */

static gboolean
is_offline (gpointer data)
{
  return ccal_sync_get_state (((Client *) data)->sync) == CCAL_SYNC_ENGINE_STATE_OFFLINE;
}

static gboolean
is_settled (gpointer data)
{
  Client *client = data;

  return ccal_sync_get_state (client->sync) == CCAL_SYNC_ENGINE_STATE_IDLE && outbox_count (client) == 0;
}

static const char *
port_of (const char *base_url)
{
  return strrchr (base_url, ':') + 1;
}

/* Three edits and a queued booking while the server is down stay in the outbox; when it is back
 * (same database, same port) the engine's own retry sends each exactly once. */
static void
test_offline_edits_applied_once (void)
{
  g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
  g_autoptr (CcalTestServer) restarted = NULL;
  g_autofree char *dir = make_tmpdir ();
  g_autoptr (Client) client = client_for_server (server, dir, "cache.db");
  g_autofree char *kept_id = NULL;
  g_autofree char *deleted_id = NULL;
  g_autofree char *new_id = NULL;
  g_autofree char *server_new_id = NULL;
  g_autoptr (CcalBooking) unconfirmed = NULL;
  g_autoptr (CcalBooking) refused = NULL;
  g_autoptr (GError) error = NULL;
  gint64 day = morning_in_days (5);
  CcalBookRequest request = { 0 };
  gboolean confirmed = TRUE;

  server_open_window (server, 5);
  kept_id = server_create_event (server, "Planning", "event", day + 4 * CCAL_USEC_PER_HOUR,
                                 day + 5 * CCAL_USEC_PER_HOUR);
  deleted_id = server_create_event (server, "Lunch", "blocked", day + 3 * CCAL_USEC_PER_HOUR,
                                    day + 4 * CCAL_USEC_PER_HOUR);
  client_sync_ok (client);

  g_assert_cmpint (ccal_test_server_stop (server), ==, 0);

  rename_event (client, kept_id, "Planning (offline edit)");
  wait_until (is_offline, client, 10000, "the engine to notice it is offline");
  g_assert_error (ccal_sync_get_last_error (client->sync), CCAL_API_ERROR, CCAL_API_ERROR_NETWORK);
  new_id = add_event (client, server->admin_id, "Written on the train", day + 6 * CCAL_USEC_PER_HOUR);
  g_assert_true (ccal_sync_delete_event (client->sync, deleted_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (outbox_count (client), ==, 3);
  g_assert_cmpint (cache_state (client, CCAL_CACHE_COLLECTION_EVENTS, new_id, NULL), ==,
                   CCAL_CACHE_STATE_LOCALLY_CREATED);

  /* A booking does not pretend: offline it fails at once and leaves nothing … */
  request.admin_id = server->admin_id;
  request.start_time = day + 90 * CCAL_USEC_PER_MINUTE;
  request.name = "Eve Evans";
  request.email = "eve@example.com";
  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_sync_book_async (client->sync, &request, FALSE, NULL, on_result_cb, waiter);
    refused = ccal_sync_book_finish (client->sync, waiter_run (waiter), &confirmed, &error);
  }
  g_assert_null (refused);
  g_assert_false (confirmed);
  g_assert_error (error, CCAL_SYNC_ERROR, CCAL_SYNC_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_cmpuint (outbox_count (client), ==, 3);
  g_assert_cmpuint (cache_count (client, CCAL_CACHE_COLLECTION_BOOKINGS), ==, 0);

  /* … unless the person chose to queue it, unconfirmed. */
  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_sync_book_async (client->sync, &request, TRUE, NULL, on_result_cb, waiter);
    unconfirmed = ccal_sync_book_finish (client->sync, waiter_run (waiter), &confirmed, &error);
  }
  g_assert_no_error (error);
  g_assert_nonnull (unconfirmed);
  g_assert_false (confirmed);
  g_assert_cmpint (cache_state (client, CCAL_CACHE_COLLECTION_BOOKINGS, unconfirmed->id, NULL), ==,
                   CCAL_CACHE_STATE_LOCALLY_CREATED);
  g_assert_cmpuint (outbox_count (client), ==, 4);

  /* Still offline a moment later: nothing was sent, nothing lost. */
  g_assert_true (is_offline (client));
  g_assert_cmpuint (outbox_count (client), ==, 4);

  /* Back, on the same database and port: the backoff retry (≤ 2.4 s here) sends everything. */
  {
    const char *const args[] = { "--port", port_of (server->base_url), NULL };

    restarted = ccal_test_server_new_sharing (server, args);
  }
  g_assert_cmpstr (restarted->base_url, ==, server->base_url);
  wait_until (is_settled, client, 20000, "the outbox to be sent");

  /* Each change exactly once. */
  g_assert_cmpuint (server_count_events_titled (restarted, "Written on the train"), ==, 1);
  g_assert_cmpuint (server_count_events_titled (restarted, "Planning (offline edit)"), ==, 1);
  g_assert_cmpuint (server_count_events_titled (restarted, "Lunch"), ==, 0);
  {
    g_autoptr (JsonObject) kept = server_get (restarted, "events", kept_id, 200);
    g_autoptr (CcalTestResponse) bookings =
      ccal_test_server_request (restarted, "GET", "/api/calendar/bookings", restarted->admin_key, NULL);
    JsonArray *list = json_object_get_array_member (ccal_test_response_object (bookings), "bookings");

    g_assert_cmpint (json_object_get_int_member (kept, "version"), ==, 2);
    g_assert_cmpuint (json_array_get_length (list), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                       json_array_get_object_element (list, 0), "contact"), "email"), ==, "eve@example.com");
  }

  /* The created event and booking now go by their server ids, and views were told both ids. */
  g_assert_null (ccal_cache_get_event (client->cache, new_id, &error));
  g_assert_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (ccal_cache_get_booking (client->cache, unconfirmed->id, &error));
  g_clear_error (&error);
  g_assert_cmpuint (cache_count (client, CCAL_CACHE_COLLECTION_BOOKINGS), ==, 1);
  g_assert_cmpuint (cache_count (client, CCAL_CACHE_COLLECTION_EVENTS), ==, 3);
  g_assert_cmpuint (client->failures->len, ==, 0);

  g_clear_pointer (&client, client_free);
  g_clear_pointer (&restarted, ccal_test_server_free);
  remove_tree (dir);
}

/* A network change while offline is tried at once, without waiting for the backoff. */
static void
test_offline_network_changed (void)
{
  g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
  g_autoptr (CcalTestServer) restarted = NULL;
  g_autofree char *dir = make_tmpdir ();
  g_autoptr (Client) client = client_for_server (server, dir, "cache.db");
  g_autoptr (GError) error = NULL;
  gint64 emitted;

  client_sync_ok (client);
  g_assert_cmpint (ccal_test_server_stop (server), ==, 0);
  /* Three failures: the next retry is 4 s (+ up to 20 %) away. */
  for (int i = 0; i < 3; i++)
    {
      g_assert_false (client_sync (client, &error));
      g_assert_error (error, CCAL_API_ERROR, CCAL_API_ERROR_NETWORK);
      g_assert_cmpint (ccal_sync_get_state (client->sync), ==, CCAL_SYNC_ENGINE_STATE_OFFLINE);
      g_clear_error (&error);
    }

  {
    const char *const args[] = { "--port", port_of (server->base_url), NULL };

    restarted = ccal_test_server_new_sharing (server, args);
  }
  emitted = g_get_monotonic_time ();
  g_signal_emit_by_name (g_network_monitor_get_default (), "network-changed", TRUE);
  wait_until (is_settled, client, 20000, "a sync after the network change");
  /* Well before the backoff retry: this run came from the signal. */
  g_assert_cmpint (g_get_monotonic_time () - emitted, <, 2 * G_USEC_PER_SEC);
  g_assert_null (ccal_sync_get_last_error (client->sync));

  g_clear_pointer (&client, client_free);
  g_clear_pointer (&restarted, ccal_test_server_free);
  remove_tree (dir);
}

/* ── a client killed mid-push ───────────────────────────────────────────────────────────────── */

/* The child (this test in a subprocess) learns where to go from a key file named after its parent. */
static char *
crash_params_path (GPid parent)
{
  g_autofree char *name = g_strdup_printf ("ccal-test-sync-crash-%d.ini", (int) parent);

  return g_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
on_push_die_cb (CcalSync                   *sync,
                const CcalCacheOutboxEntry *entry,
                CcalSyncPushPhase           phase,
                gpointer                    user_data)
{
  /* The server has done it; this client never records that: its answer is lost with it. */
  if (phase == CCAL_SYNC_PUSH_ANSWERED)
    _exit (0);
}

/* In the child: open the cache, push, die as the first answer arrives. */
static void
crash_child (void)
{
  g_autofree char *params = crash_params_path (getppid ());
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *base_url = NULL, *key = NULL, *cache_path = NULL;
  g_autoptr (Client) client = NULL;

  g_assert_true (g_key_file_load_from_file (keys, params, G_KEY_FILE_NONE, &error));
  g_assert_no_error (error);
  base_url = g_key_file_get_string (keys, "crash", "base_url", NULL);
  key = g_key_file_get_string (keys, "crash", "key", NULL);
  cache_path = g_key_file_get_string (keys, "crash", "cache", NULL);

  client = client_new (base_url, key, cache_path);
  ccal_sync_set_push_hook (client->sync, on_push_die_cb, NULL);
  client_sync (client, &error);
  g_error ("The push finished instead of dying mid-way: %s", error != NULL ? error->message : "no error");
}

/* Runs the push of @cache_path's outbox in a child that dies when the first answer arrives. */
static void
push_and_crash (CcalTestServer *server,
                const char     *cache_path)
{
  g_autofree char *params = crash_params_path (getpid ());
  g_autoptr (GKeyFile) keys = g_key_file_new ();
  g_autoptr (GError) error = NULL;

  g_key_file_set_string (keys, "crash", "base_url", server->base_url);
  g_key_file_set_string (keys, "crash", "key", server->admin_key);
  g_key_file_set_string (keys, "crash", "cache", cache_path);
  g_assert_true (g_key_file_save_to_file (keys, params, &error));
  g_assert_no_error (error);

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unlink (params);
  g_test_trap_assert_passed ();
}

/* A create whose answer was lost: the replay carries the same Idempotency-Key, so the server
 * answers with the event it made the first time — one event, now known by its server id. */
static void
test_crash_after_create (void)
{
  g_autoptr (CcalTestServer) server = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *local_id = NULL;
  gint64 day = morning_in_days (6);

  if (g_test_subprocess ())
    {
      crash_child ();
      return;
    }

  server = ccal_test_server_new (NULL);
  dir = make_tmpdir ();
  path = g_build_filename (dir, "cache.db", NULL);

  {
    g_autoptr (Client) client = client_new (server->base_url, server->admin_key, path);

    client_sync_ok (client);
    /* Staged, and the engine dropped before its idle push ran: the change waits in the file. */
    local_id = add_event (client, server->admin_id, "Quarterly review", day);
  }

  push_and_crash (server, path);
  /* The child's request did reach the server. */
  g_assert_cmpuint (server_count_events_titled (server, "Quarterly review"), ==, 1);

  {
    g_autoptr (Client) client = client_new (server->base_url, server->admin_key, path);
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) events = NULL;
    g_autofree char *server_id = NULL;
    guint64 before;

    g_assert_cmpuint (outbox_count (client), ==, 1);
    before = requests (client);
    client_sync_ok (client);
    /* The replayed POST, then one pull request per collection. */
    g_assert_cmpuint (requests (client) - before, ==, 1 + 2);
    g_assert_cmpuint (outbox_count (client), ==, 0);
    g_assert_cmpuint (server_count_events_titled (server, "Quarterly review"), ==, 1);

    events = ccal_cache_query_events (client->cache, day - CCAL_USEC_PER_DAY, day + CCAL_USEC_PER_DAY, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (events->len, ==, 1);
    server_id = g_strdup (((CcalEvent *) g_ptr_array_index (events, 0))->id);
    g_assert_cmpstr (server_id, !=, local_id);
    g_assert_cmpint (cache_state (client, CCAL_CACHE_COLLECTION_EVENTS, server_id, NULL), ==,
                     CCAL_CACHE_STATE_SYNCED);
  }

  remove_tree (dir);
}

/* An update whose answer was lost: the replay's If-Match is now stale (412), and the server's copy
 * already holds the change — taken as done, not as a conflict, and not applied twice. */
static void
test_crash_after_update (void)
{
  g_autoptr (CcalTestServer) server = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *event_id = NULL;
  gint64 day = morning_in_days (6);

  if (g_test_subprocess ())
    {
      crash_child ();
      return;
    }

  server = ccal_test_server_new (NULL);
  dir = make_tmpdir ();
  path = g_build_filename (dir, "cache.db", NULL);
  event_id = server_create_event (server, "Board meeting", "event", day, day + CCAL_USEC_PER_HOUR);

  {
    g_autoptr (Client) client = client_new (server->base_url, server->admin_key, path);

    client_sync_ok (client);
    rename_event (client, event_id, "Board meeting (agenda sent)");
  }

  push_and_crash (server, path);
  {
    g_autoptr (JsonObject) event = server_get (server, "events", event_id, 200);

    g_assert_cmpstr (json_object_get_string_member (event, "title"), ==, "Board meeting (agenda sent)");
    g_assert_cmpint (json_object_get_int_member (event, "version"), ==, 2);
  }

  {
    g_autoptr (Client) client = client_new (server->base_url, server->admin_key, path);
    g_autoptr (JsonObject) event = NULL;
    guint64 before = requests (client);

    client_sync_ok (client);
    /* The replayed PUT (412), a GET of the server's copy, then the pull. */
    g_assert_cmpuint (requests (client) - before, ==, 2 + 2);
    g_assert_cmpuint (client->conflicts->len, ==, 0);
    g_assert_cmpuint (outbox_count (client), ==, 0);
    g_assert_cmpint (cache_state (client, CCAL_CACHE_COLLECTION_EVENTS, event_id, NULL), ==, CCAL_CACHE_STATE_SYNCED);
    event = server_get (server, "events", event_id, 200);
    g_assert_cmpint (json_object_get_int_member (event, "version"), ==, 2);
  }

  remove_tree (dir);
}

/* ── conflicts between two clients ──────────────────────────────────────────────────────────── */

typedef struct
{
  CcalTestServer *server;
  char           *dir;
  char           *event_id;
  Client         *a;
  Client         *b;
} Conflict;

/* A and B both have the event; A renames it and syncs; B renames it too: 412 → conflict. */
static void
conflict_set_up (Conflict *conflict)
{
  gint64 day = morning_in_days (7);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) mine = NULL;
  g_autoptr (JsonObject) theirs = NULL;
  guint64 before;

  conflict->server = ccal_test_server_new (NULL);
  conflict->dir = make_tmpdir ();
  conflict->event_id = server_create_event (conflict->server, "Demo", "event", day, day + CCAL_USEC_PER_HOUR);
  conflict->a = client_for_server (conflict->server, conflict->dir, "a.db");
  conflict->b = client_for_server (conflict->server, conflict->dir, "b.db");
  client_sync_ok (conflict->a);
  client_sync_ok (conflict->b);

  rename_event (conflict->a, conflict->event_id, "Demo for Acme");
  client_sync_ok (conflict->a);

  rename_event (conflict->b, conflict->event_id, "Demo for Globex");
  before = requests (conflict->b);
  client_sync_ok (conflict->b);
  /* The PUT (412), a GET of theirs, the pull. */
  g_assert_cmpuint (requests (conflict->b) - before, ==, 2 + 2);
  g_assert_cmpuint (conflict->b->conflicts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (conflict->b->conflicts, 0), ==, conflict->event_id);
  g_assert_cmpint (cache_state (conflict->b, CCAL_CACHE_COLLECTION_EVENTS, conflict->event_id, NULL), ==,
                   CCAL_CACHE_STATE_CONFLICT);
  g_assert_true (ccal_cache_get_conflict (conflict->b->cache, CCAL_CACHE_COLLECTION_EVENTS, conflict->event_id, &mine,
                                          &theirs, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (mine, "title"), ==, "Demo for Globex");
  g_assert_cmpstr (json_object_get_string_member (theirs, "title"), ==, "Demo for Acme");
  g_assert_cmpint (json_object_get_int_member (theirs, "version"), ==, 2);
  /* Nothing more is sent for it until the person decides. */
  before = requests (conflict->b);
  client_sync_ok (conflict->b);
  g_assert_cmpuint (requests (conflict->b) - before, ==, 2);
}

static void
conflict_tear_down (Conflict *conflict)
{
  client_free (conflict->a);
  client_free (conflict->b);
  ccal_test_server_free (conflict->server);
  remove_tree (conflict->dir);
  g_free (conflict->dir);
  g_free (conflict->event_id);
}

static void
test_conflict_keep_mine (void)
{
  Conflict conflict = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) event = NULL;
  g_autoptr (CcalEvent) on_a = NULL;

  conflict_set_up (&conflict);
  g_assert_true (ccal_sync_resolve_conflict (conflict.b->sync, CCAL_CACHE_COLLECTION_EVENTS, conflict.event_id,
                                             CCAL_CACHE_RESOLVE_KEEP_MINE, &error));
  g_assert_no_error (error);
  client_sync_ok (conflict.b);

  event = server_get (conflict.server, "events", conflict.event_id, 200);
  g_assert_cmpstr (json_object_get_string_member (event, "title"), ==, "Demo for Globex");
  g_assert_cmpint (json_object_get_int_member (event, "version"), ==, 3);
  g_assert_cmpint (cache_state (conflict.b, CCAL_CACHE_COLLECTION_EVENTS, conflict.event_id, NULL), ==,
                   CCAL_CACHE_STATE_SYNCED);
  /* A sees B's version on its next sync. */
  client_sync_ok (conflict.a);
  on_a = cached_event (conflict.a, conflict.event_id);
  g_assert_cmpstr (on_a->title, ==, "Demo for Globex");

  conflict_tear_down (&conflict);
}

static void
test_conflict_take_theirs (void)
{
  Conflict conflict = { 0 };
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) event = NULL;
  g_autoptr (CcalEvent) on_b = NULL;
  guint64 before;

  conflict_set_up (&conflict);
  g_assert_true (ccal_sync_resolve_conflict (conflict.b->sync, CCAL_CACHE_COLLECTION_EVENTS, conflict.event_id,
                                             CCAL_CACHE_RESOLVE_TAKE_THEIRS, &error));
  g_assert_no_error (error);
  on_b = cached_event (conflict.b, conflict.event_id);
  g_assert_cmpstr (on_b->title, ==, "Demo for Acme");
  g_assert_cmpuint (outbox_count (conflict.b), ==, 0);

  before = requests (conflict.b);
  client_sync_ok (conflict.b);
  g_assert_cmpuint (requests (conflict.b) - before, ==, 2);   /* nothing to push */
  event = server_get (conflict.server, "events", conflict.event_id, 200);
  g_assert_cmpstr (json_object_get_string_member (event, "title"), ==, "Demo for Acme");
  g_assert_cmpint (json_object_get_int_member (event, "version"), ==, 2);
  g_assert_cmpint (cache_state (conflict.b, CCAL_CACHE_COLLECTION_EVENTS, conflict.event_id, NULL), ==,
                   CCAL_CACHE_STATE_SYNCED);

  conflict_tear_down (&conflict);
}

/* B edits what A deleted: the conflict holds the server's tombstone; keeping mine makes it anew. */
static void
test_conflict_deleted_on_server (void)
{
  g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
  g_autofree char *dir = make_tmpdir ();
  g_autoptr (Client) a = client_for_server (server, dir, "a.db");
  g_autoptr (Client) b = client_for_server (server, dir, "b.db");
  gint64 day = morning_in_days (8);
  g_autofree char *event_id = server_create_event (server, "Workshop", "event", day, day + CCAL_USEC_PER_HOUR);
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) mine = NULL;
  g_autoptr (JsonObject) theirs = NULL;

  client_sync_ok (a);
  client_sync_ok (b);
  g_assert_true (ccal_sync_delete_event (a->sync, event_id, &error));
  g_assert_no_error (error);
  client_sync_ok (a);
  server_get (server, "events", event_id, 404);

  rename_event (b, event_id, "Workshop (room booked)");
  client_sync_ok (b);
  g_assert_cmpuint (b->conflicts->len, ==, 1);
  g_assert_true (ccal_cache_get_conflict (b->cache, CCAL_CACHE_COLLECTION_EVENTS, event_id, &mine, &theirs, &error));
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (theirs, "deleted"));

  g_assert_true (ccal_sync_resolve_conflict (b->sync, CCAL_CACHE_COLLECTION_EVENTS, event_id,
                                             CCAL_CACHE_RESOLVE_KEEP_MINE, &error));
  g_assert_no_error (error);
  client_sync_ok (b);
  g_assert_cmpuint (server_count_events_titled (server, "Workshop (room booked)"), ==, 1);
  g_assert_cmpuint (outbox_count (b), ==, 0);

  g_clear_pointer (&a, client_free);
  g_clear_pointer (&b, client_free);
  remove_tree (dir);
}

/* ── bookings ───────────────────────────────────────────────────────────────────────────────── */

/* A reschedule into a slot someone else took is refused (409): "push-failed" with the server's
 * reason, the entry stays failed with that reason, and the edit after it still goes. */
static void
test_booking_409_others_go_on (void)
{
  g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
  g_autofree char *dir = make_tmpdir ();
  g_autoptr (Client) client = client_for_server (server, dir, "cache.db");
  gint64 day = morning_in_days (9);
  g_autofree char *mine_id = NULL;
  g_autofree char *event_id = server_create_event (server, "Prep", "event", day + 5 * CCAL_USEC_PER_HOUR,
                                                  day + 6 * CCAL_USEC_PER_HOUR);
  g_autofree char *taken_id = NULL;
  g_autofree char *failure = NULL;
  g_autofree char *start_text = NULL;
  g_autoptr (JsonObject) changes = json_object_new ();
  g_autoptr (JsonObject) event = NULL;
  g_autoptr (JsonObject) booking = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;

  server_open_window (server, 9);
  mine_id = server_book (server, day, "Fay Fisher", "fay@example.com");
  client_sync_ok (client);

  /* Someone books 10:00 while this client, unaware, moves Fay there; then an unrelated edit. */
  taken_id = server_book (server, day + CCAL_USEC_PER_HOUR, "Gus Green", "gus@example.com");
  start_text = ccal_time_format_rfc3339 (day + CCAL_USEC_PER_HOUR);
  json_object_set_string_member (changes, "start_time", start_text);
  g_assert_true (ccal_sync_update_booking (client->sync, mine_id, changes, &error));
  g_assert_no_error (error);
  rename_event (client, event_id, "Prep (slides)");
  g_assert_cmpuint (outbox_count (client), ==, 2);

  client_sync_ok (client);
  g_assert_cmpuint (client->failures->len, ==, 1);
  g_test_message ("push-failed: %s", (const char *) g_ptr_array_index (client->failures, 0));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (client->failures, 0), mine_id));
  g_assert_nonnull (strstr (g_ptr_array_index (client->failures, 0), "available"));

  event = server_get (server, "events", event_id, 200);
  g_assert_cmpstr (json_object_get_string_member (event, "title"), ==, "Prep (slides)");
  booking = server_get (server, "bookings", mine_id, 200);
  g_assert_cmpstr (json_object_get_string_member (booking, "start_time"), !=, start_text);

  /* The refused entry stays, marked, with the reason on its object. */
  entries = ccal_cache_outbox_list (client->cache, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_true (((CcalCacheOutboxEntry *) g_ptr_array_index (entries, 0))->failed);
  g_assert_cmpint (cache_state (client, CCAL_CACHE_COLLECTION_BOOKINGS, mine_id, &failure), ==,
                   CCAL_CACHE_STATE_LOCALLY_MODIFIED);
  g_assert_nonnull (strstr (failure, "available"));

  /* Not sent again by later syncs. */
  {
    guint64 before = requests (client);

    client_sync_ok (client);
    g_assert_cmpuint (requests (client) - before, ==, 2);
    g_assert_cmpuint (client->failures->len, ==, 1);
  }

  /* Discarding brings back the server's copy. */
  g_assert_true (ccal_sync_discard_changes (client->sync, CCAL_CACHE_COLLECTION_BOOKINGS, mine_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cache_state (client, CCAL_CACHE_COLLECTION_BOOKINGS, mine_id, NULL), ==, CCAL_CACHE_STATE_SYNCED);
  g_assert_cmpuint (outbox_count (client), ==, 0);

  g_clear_pointer (&client, client_free);
  remove_tree (dir);
}

static CcalBooking *
book (Client                *client,
      const CcalBookRequest *request,
      gboolean               queue_unconfirmed,
      gboolean              *out_confirmed,
      GError               **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_sync_book_async (client->sync, request, queue_unconfirmed, NULL, on_result_cb, waiter);
  return ccal_sync_book_finish (client->sync, waiter_run (waiter), out_confirmed, error);
}

/* Online, a booking is confirmed by the server before the call returns — or refused, leaving
 * nothing behind; status changes go one allowed step at a time. */
static void
test_booking_online (void)
{
  g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
  g_autofree char *dir = make_tmpdir ();
  g_autoptr (Client) client = client_for_server (server, dir, "cache.db");
  gint64 day = morning_in_days (11);
  g_autoptr (CcalBooking) made = NULL;
  g_autoptr (CcalBooking) refused = NULL;
  g_autoptr (CcalBooking) cached = NULL;
  g_autoptr (JsonObject) changes = json_object_new ();
  g_autoptr (JsonObject) on_server = NULL;
  g_autoptr (GError) error = NULL;
  CcalBookRequest request = { 0 };
  gboolean confirmed = FALSE;
  guint64 before;

  server_open_window (server, 11);
  g_free (server_book (server, day, "Hal Hunt", "hal@example.com"));
  client_sync_ok (client);

  request.admin_id = server->admin_id;
  request.start_time = day + 30 * CCAL_USEC_PER_MINUTE;
  request.name = "Ida Irving";
  request.email = "ida@example.com";
  request.product_interest = "Analytics";
  before = requests (client);
  made = book (client, &request, FALSE, &confirmed, &error);
  g_assert_no_error (error);
  g_assert_true (confirmed);
  g_assert_cmpuint (requests (client) - before, ==, 1);
  g_assert_cmpint (made->status, ==, CCAL_BOOKING_STATUS_PENDING);
  g_assert_cmpint (made->source, ==, CCAL_BOOKING_SOURCE_STAFF);
  cached = ccal_cache_get_booking (client->cache, made->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cached->contact->email, ==, "ida@example.com");
  g_assert_cmpint (cache_state (client, CCAL_CACHE_COLLECTION_BOOKINGS, made->id, NULL), ==, CCAL_CACHE_STATE_SYNCED);

  /* Hal has 09:00: refused with the server's reason, nothing stays. */
  request.start_time = day;
  request.name = "Jo Jones";
  request.email = "jo@example.com";
  refused = book (client, &request, TRUE, &confirmed, &error);
  g_assert_null (refused);
  g_assert_error (error, CCAL_API_ERROR, CCAL_API_ERROR_SLOT_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_cmpuint (cache_count (client, CCAL_CACHE_COLLECTION_BOOKINGS), ==, 2);
  g_assert_cmpuint (outbox_count (client), ==, 0);
  g_assert_cmpuint (client->failures->len, ==, 0);

  /* pending → completed skips a step: refused here, before anything is queued. */
  json_object_set_string_member (changes, "status", "completed");
  g_assert_false (ccal_sync_update_booking (client->sync, made->id, changes, &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "status");
  g_clear_error (&error);
  g_assert_cmpuint (outbox_count (client), ==, 0);

  /* pending → confirmed → completed, staged together, sent in order. */
  json_object_set_string_member (changes, "status", "confirmed");
  g_assert_true (ccal_sync_update_booking (client->sync, made->id, changes, &error));
  g_assert_no_error (error);
  json_object_set_string_member (changes, "status", "completed");
  json_object_set_string_member (changes, "reason", "Signed the contract");
  g_assert_true (ccal_sync_update_booking (client->sync, made->id, changes, &error));
  g_assert_no_error (error);
  client_sync_ok (client);
  on_server = server_get (server, "bookings", made->id, 200);
  g_assert_cmpstr (json_object_get_string_member (on_server, "status"), ==, "completed");
  g_assert_cmpint (json_object_get_int_member (on_server, "version"), ==, 3);
  g_assert_cmpuint (outbox_count (client), ==, 0);

  g_clear_pointer (&client, client_free);
  remove_tree (dir);
}

/* A result recorded offline waits in the outbox with the cached booking showing it; back online it
 * goes as one PUT …/result (then a GET for the new version), and a status change staged after it is
 * based on that version, so neither conflicts. */
static void
test_booking_result_offline (void)
{
  g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
  g_autoptr (CcalTestServer) restarted = NULL;
  g_autofree char *dir = make_tmpdir ();
  g_autoptr (Client) client = client_for_server (server, dir, "cache.db");
  gint64 day = morning_in_days (12);
  g_autofree char *booking_id = NULL;
  g_autoptr (CcalBooking) cached = NULL;
  g_autoptr (JsonObject) changes = json_object_new ();
  g_autoptr (JsonObject) on_server = NULL;
  g_autoptr (GError) error = NULL;

  server_open_window (server, 12);
  booking_id = server_book (server, day, "Kim King", "kim@example.com");
  client_sync_ok (client);
  g_assert_cmpint (ccal_test_server_stop (server), ==, 0);

  g_assert_true (ccal_sync_set_booking_result (client->sync, booking_id, "  Signed up for a trial ",
                                               "Call back in May", &error));
  g_assert_no_error (error);
  json_object_set_string_member (changes, "status", "confirmed");
  g_assert_true (ccal_sync_update_booking (client->sync, booking_id, changes, &error));
  g_assert_no_error (error);
  wait_until (is_offline, client, 10000, "the engine to notice it is offline");
  g_assert_cmpuint (outbox_count (client), ==, 2);
  cached = ccal_cache_get_booking (client->cache, booking_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (cached->result_outcome, ==, "Signed up for a trial");
  g_assert_cmpstr (cached->result_notes, ==, "Call back in May");
  g_assert_cmpint (cached->status, ==, CCAL_BOOKING_STATUS_CONFIRMED);
  g_assert_cmpint (cache_state (client, CCAL_CACHE_COLLECTION_BOOKINGS, booking_id, NULL), ==,
                   CCAL_CACHE_STATE_LOCALLY_MODIFIED);

  {
    const char *const args[] = { "--port", port_of (server->base_url), NULL };

    restarted = ccal_test_server_new_sharing (server, args);
  }
  wait_until (is_settled, client, 20000, "the result to be sent");

  on_server = server_get (restarted, "bookings", booking_id, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (on_server, "result"), "outcome"),
                   ==, "Signed up for a trial");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (on_server, "result"), "notes"),
                   ==, "Call back in May");
  g_assert_cmpstr (json_object_get_string_member (on_server, "status"), ==, "confirmed");
  /* Created (1), the result (2), the status (3): each once. */
  g_assert_cmpint (json_object_get_int_member (on_server, "version"), ==, 3);
  g_assert_cmpuint (client->conflicts->len, ==, 0);
  g_assert_cmpuint (client->failures->len, ==, 0);
  g_assert_cmpint (cache_state (client, CCAL_CACHE_COLLECTION_BOOKINGS, booking_id, NULL), ==,
                   CCAL_CACHE_STATE_SYNCED);
  g_clear_object (&cached);
  cached = ccal_cache_get_booking (client->cache, booking_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cached->version, ==, 3);
  g_assert_cmpstr (cached->result_outcome, ==, "Signed up for a trial");

  g_clear_pointer (&client, client_free);
  g_clear_pointer (&restarted, ccal_test_server_free);
  remove_tree (dir);
}

/* Values the server would refuse are refused before anything is queued, naming the field. */
static void
test_booking_result_invalid (void)
{
  g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
  g_autofree char *dir = make_tmpdir ();
  g_autoptr (Client) client = client_for_server (server, dir, "cache.db");
  gint64 day = morning_in_days (13);
  g_autofree char *booking_id = NULL;
  g_autofree char *long_outcome = g_strnfill (201, 'x');
  g_autofree char *long_notes = g_strnfill (5001, 'x');
  g_autoptr (GError) error = NULL;

  server_open_window (server, 13);
  booking_id = server_book (server, day, "Lea Lane", "lea@example.com");
  client_sync_ok (client);

  g_assert_false (ccal_sync_set_booking_result (client->sync, booking_id, "   ", NULL, &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "outcome");
  g_clear_error (&error);
  g_assert_false (ccal_sync_set_booking_result (client->sync, booking_id, long_outcome, NULL, &error));
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "outcome");
  g_clear_error (&error);
  g_assert_false (ccal_sync_set_booking_result (client->sync, booking_id, "Fine", long_notes, &error));
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "notes");
  g_clear_error (&error);
  g_assert_false (ccal_sync_set_booking_result (client->sync, "no-such-booking", "Fine", NULL, &error));
  g_assert_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (outbox_count (client), ==, 0);

  g_clear_pointer (&client, client_free);
  remove_tree (dir);
}

/* Someone else changed the booking meanwhile: the result's PUT gets 412 and the booking is a
 * conflict; keeping mine sends the result again on their version. */
static void
test_booking_result_conflict (void)
{
  g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
  g_autofree char *dir = make_tmpdir ();
  g_autoptr (Client) client = client_for_server (server, dir, "cache.db");
  gint64 day = morning_in_days (14);
  g_autofree char *booking_id = NULL;
  g_autofree char *path = NULL;
  g_autoptr (JsonObject) on_server = NULL;
  g_autoptr (JsonObject) mine = NULL;
  g_autoptr (JsonObject) theirs = NULL;
  g_autoptr (GError) error = NULL;

  server_open_window (server, 14);
  booking_id = server_book (server, day, "Max Moss", "max@example.com");
  client_sync_ok (client);
  path = g_strdup_printf ("/api/calendar/bookings/%s", booking_id);
  g_clear_pointer (&on_server, json_object_unref);
  on_server = request_member (server, "PATCH", path, "{\"title\":\"Intro call\"}", 200, "booking");

  g_assert_true (ccal_sync_set_booking_result (client->sync, booking_id, "Not a fit right now", NULL, &error));
  g_assert_no_error (error);
  client_sync_ok (client);
  g_assert_cmpuint (client->conflicts->len, ==, 1);
  g_assert_cmpint (cache_state (client, CCAL_CACHE_COLLECTION_BOOKINGS, booking_id, NULL), ==,
                   CCAL_CACHE_STATE_CONFLICT);
  g_assert_true (ccal_cache_get_conflict (client->cache, CCAL_CACHE_COLLECTION_BOOKINGS, booking_id, &mine, &theirs,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (theirs, "title"), ==, "Intro call");

  g_assert_true (ccal_sync_resolve_conflict (client->sync, CCAL_CACHE_COLLECTION_BOOKINGS, booking_id,
                                             CCAL_CACHE_RESOLVE_KEEP_MINE, &error));
  g_assert_no_error (error);
  client_sync_ok (client);
  g_clear_pointer (&on_server, json_object_unref);
  on_server = server_get (server, "bookings", booking_id, 200);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (on_server, "result"), "outcome"),
                   ==, "Not a fit right now");
  g_assert_cmpstr (json_object_get_string_member (on_server, "title"), ==, "Intro call");
  g_assert_cmpint (cache_state (client, CCAL_CACHE_COLLECTION_BOOKINGS, booking_id, NULL), ==,
                   CCAL_CACHE_STATE_SYNCED);
  g_assert_cmpuint (outbox_count (client), ==, 0);

  g_clear_pointer (&client, client_free);
  remove_tree (dir);
}

/* ── periodic ───────────────────────────────────────────────────────────────────────────────── */

static gboolean
has_pulled_twice (gpointer data)
{
  return ccal_api_client_get_request_count (((Client *) data)->api) >= 4;
}

static void
test_periodic (void)
{
  g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
  g_autofree char *dir = make_tmpdir ();
  g_autoptr (Client) client = client_for_server (server, dir, "cache.db");

  ccal_sync_set_sync_interval (client->sync, 1);
  g_assert_cmpuint (ccal_sync_get_sync_interval (client->sync), ==, 1);
  wait_until (has_pulled_twice, client, 10000, "two periodic syncs");
  ccal_sync_set_sync_interval (client->sync, 0);
  /* Let the run going on finish, so the engine can go. */
  wait_until (is_settled, client, 10000, "the last periodic sync");
  g_assert_cmpint (ccal_sync_get_last_synced_at (client->sync), >, 0);

  g_clear_pointer (&client, client_free);
  remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync/pull/full-then-incremental", test_pull_full_then_incremental);
  g_test_add_func ("/sync/pull/expired-token-full-resync", test_pull_expired_token);
  g_test_add_func ("/sync/pull/corrupt-cache-rebuilt", test_pull_corrupt_cache);
  g_test_add_func ("/sync/offline/edits-applied-once", test_offline_edits_applied_once);
  g_test_add_func ("/sync/offline/network-changed", test_offline_network_changed);
  g_test_add_func ("/sync/crash/after-create-answer", test_crash_after_create);
  g_test_add_func ("/sync/crash/after-update-answer", test_crash_after_update);
  g_test_add_func ("/sync/conflict/keep-mine", test_conflict_keep_mine);
  g_test_add_func ("/sync/conflict/take-theirs", test_conflict_take_theirs);
  g_test_add_func ("/sync/conflict/deleted-on-server", test_conflict_deleted_on_server);
  g_test_add_func ("/sync/booking/409-others-go-on", test_booking_409_others_go_on);
  g_test_add_func ("/sync/booking/online", test_booking_online);
  g_test_add_func ("/sync/booking/result-offline", test_booking_result_offline);
  g_test_add_func ("/sync/booking/result-invalid", test_booking_result_invalid);
  g_test_add_func ("/sync/booking/result-conflict", test_booking_result_conflict);
  g_test_add_func ("/sync/periodic", test_periodic);

  return g_test_run ();
}
