/* test-api-client.c — CcalApiClient against the real server binary: every endpoint, every error
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <string.h>

#include "ccal-api-client.h"
#include "ccal-test-server.h"
#include "ccal-time.h"

static CcalTestServer *shared;

/* ── waiting for async calls ────────────────────────────────────────────────────────────────── */

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
  g_error ("An API call did not call back within 60 s.");
  return G_SOURCE_REMOVE;
}

/* Runs the main loop until the callback has the result. */
static GAsyncResult *
waiter_run (Waiter *waiter)
{
  if (waiter->result == NULL)
    {
      guint guard = g_timeout_add_seconds (60, on_waited_too_long_cb, NULL);

      g_main_loop_run (waiter->loop);
      g_source_remove (guard);
    }
  return waiter->result;
}

/* ── helpers ────────────────────────────────────────────────────────────────────────────────── */

static CcalApiClient *
new_client (const char *token)
{
  g_autoptr (GError) error = NULL;
  CcalApiClient *client = ccal_api_client_new (shared->base_url, token, &error);

  g_assert_no_error (error);
  g_assert_nonnull (client);
  return client;
}

static void
assert_api_error (const GError *error,
                  CcalApiError  code,
                  guint         http_status,
                  const char   *field)
{
  g_assert_error (error, CCAL_API_ERROR, (int) code);
  g_assert_cmpuint (ccal_api_error_get_http_status (error), ==, http_status);
  g_assert_cmpstr (ccal_api_error_get_field (error), ==, field);
  /* Whatever went wrong, a person gets a sentence. */
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

/* 09:00 UTC, @days_ahead days from today. */
static gint64
morning_in_days (int days_ahead)
{
  gint64 today = g_get_real_time () / CCAL_USEC_PER_DAY * CCAL_USEC_PER_DAY;

  return today + days_ahead * CCAL_USEC_PER_DAY + 9 * CCAL_USEC_PER_HOUR;
}

static CcalEvent *
new_event (const char   *title,
           CcalEventType type,
           gint64        start,
           gint64        end)
{
  CcalEvent *event = ccal_event_new ();

  event->title = g_strdup (title);
  event->type = type;
  event->start_time = start;
  event->end_time = end;
  return event;
}

static CcalEvent *
create_event (CcalApiClient *client,
              CcalEvent     *event,
              const char    *idempotency_key,
              GError       **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_api_client_create_event_async (client, event, idempotency_key, NULL, on_result_cb, waiter);
  return ccal_api_client_create_event_finish (client, waiter_run (waiter), error);
}

static CcalEventPage *
list_events (CcalApiClient        *client,
             const CcalEventQuery *query,
             GError              **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_api_client_list_events_async (client, query, NULL, on_result_cb, waiter);
  return ccal_api_client_list_events_finish (client, waiter_run (waiter), error);
}

/* ── construction: the address rules ────────────────────────────────────────────────────────── */

static void
test_url_invalid (void)
{
  const char *const bad[] = {
    "", "   ", "calendar.example.com", "ftp://calendar.example.com", "mailto:admin@example.com",
    "https://", "https://calendar.example.com/?x=1", "https://calendar.example.com/#top",
    "https://user:pw@calendar.example.com",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (CcalApiClient) client = ccal_api_client_new (bad[i], "fc_test_x", &error);

      g_test_message ("address “%s”", bad[i]);
      g_assert_null (client);
      g_assert_error (error, CCAL_API_ERROR, CCAL_API_ERROR_INVALID_URL);
    }
}

static void
test_url_insecure (void)
{
  const char *const loopback[] = {
    "http://127.0.0.1:8080", "http://127.1.2.3", "http://[::1]:8080/", "http://localhost:8080/",
    "http://LOCALHOST", "https://calendar.example.com",
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalApiClient) refused = ccal_api_client_new ("http://calendar.example.com", "fc_test_x", &error);
  g_autoptr (CcalApiClient) opted_in = NULL;

  g_assert_null (refused);
  g_assert_error (error, CCAL_API_ERROR, CCAL_API_ERROR_INSECURE_URL);
  g_assert_nonnull (strstr (error->message, "https://"));
  g_assert_nonnull (strstr (error->message, "unencrypted"));
  g_clear_error (&error);

  /* 10.0.0.1 is private, not loopback: still refused. */
  refused = ccal_api_client_new ("http://10.0.0.1:8080", NULL, &error);
  g_assert_error (error, CCAL_API_ERROR, CCAL_API_ERROR_INSECURE_URL);
  g_clear_error (&error);

  for (gsize i = 0; i < G_N_ELEMENTS (loopback); i++)
    {
      g_autoptr (CcalApiClient) client = ccal_api_client_new (loopback[i], NULL, &error);

      g_test_message ("address “%s”", loopback[i]);
      g_assert_no_error (error);
      g_assert_nonnull (client);
    }

  opted_in = g_initable_new (CCAL_TYPE_API_CLIENT, NULL, &error,
                             "base-url", "http://calendar.example.com/base/",
                             "token", "fc_test_x",
                             "allow-insecure", TRUE,
                             NULL);
  g_assert_no_error (error);
  /* The trailing slash is dropped, so paths join without "//". */
  g_assert_cmpstr (ccal_api_client_get_base_url (opted_in), ==, "http://calendar.example.com/base");
}

/* ── public endpoints ───────────────────────────────────────────────────────────────────────── */

static void
test_health (void)
{
  g_autoptr (CcalApiClient) client = new_client (NULL);
  g_autoptr (Waiter) waiter = waiter_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *version = NULL;

  g_assert_cmpuint (ccal_api_client_get_request_count (client), ==, 0);
  ccal_api_client_get_health_async (client, NULL, on_result_cb, waiter);
  version = ccal_api_client_get_health_finish (client, waiter_run (waiter), &error);

  g_assert_no_error (error);
  g_assert_cmpstr (version, ==, PACKAGE_VERSION);
  g_assert_cmpuint (ccal_api_client_get_request_count (client), ==, 1);
}

static void
test_timezones (void)
{
  g_autoptr (CcalApiClient) client = new_client (NULL);
  g_autoptr (Waiter) waiter = waiter_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) zones = NULL;
  gboolean saw_utc = FALSE;
  gboolean saw_kolkata = FALSE;

  ccal_api_client_list_timezones_async (client, NULL, on_result_cb, waiter);
  zones = ccal_api_client_list_timezones_finish (client, waiter_run (waiter), &error);

  g_assert_no_error (error);
  g_assert_cmpuint (zones->len, >, 300);
  for (guint i = 0; i < zones->len; i++)
    {
      CcalTimezoneOffset *zone = g_ptr_array_index (zones, i);

      if (i > 0)
        g_assert_cmpstr (((CcalTimezoneOffset *) g_ptr_array_index (zones, i - 1))->id, <, zone->id);
      if (g_str_equal (zone->id, "UTC"))
        {
          saw_utc = TRUE;
          g_assert_cmpint (zone->utc_offset_seconds, ==, 0);
        }
      if (g_str_equal (zone->id, "Asia/Kolkata"))
        {
          /* A half-hour offset survives the "+05:30" reading. */
          saw_kolkata = TRUE;
          g_assert_cmpint (zone->utc_offset_seconds, ==, 5 * 3600 + 30 * 60);
        }
    }
  g_assert_true (saw_utc);
  g_assert_true (saw_kolkata);
}

/* ── authentication ─────────────────────────────────────────────────────────────────────────── */

static CcalMe *
get_me (CcalApiClient *client,
        GError       **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_api_client_get_me_async (client, NULL, on_result_cb, waiter);
  return ccal_api_client_get_me_finish (client, waiter_run (waiter), error);
}

static void
test_me (void)
{
  g_autoptr (CcalApiClient) client = new_client (shared->admin_key);
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalMe) me = get_me (client, &error);
  g_autoptr (CcalMe) copy = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (me->user_id, ==, shared->admin_id);
  g_assert_cmpint (me->role, ==, CCAL_ROLE_ADMIN);
  g_assert_cmpstr (me->workspace_id, ==, shared->workspace_id);
  g_assert_cmpstr (me->admin_id, ==, shared->admin_id);

  copy = g_boxed_copy (CCAL_TYPE_ME, me);
  g_assert_cmpstr (copy->user_id, ==, me->user_id);
  g_assert_true (copy->user_id != me->user_id);

  /* A key provisioned with `echo KEY | secret-tool store …` ends in a newline: it still works. */
  {
    g_autofree char *piped = g_strconcat (shared->admin_key, "\n", NULL);
    g_autoptr (CcalApiClient) piped_client = new_client (piped);
    g_autoptr (CcalMe) piped_me = get_me (piped_client, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (piped_me->user_id, ==, shared->admin_id);
  }
}

static void
test_jwt (void)
{
  g_autofree char *token = ccal_test_server_make_jwt (shared, shared->admin_id, shared->workspace_id, "admin", 600);
  g_autofree char *expired = ccal_test_server_make_jwt (shared, shared->admin_id, shared->workspace_id, "admin", -600);
  g_autoptr (CcalApiClient) client = new_client (token);
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalMe) me = get_me (client, &error);
  g_autoptr (CcalMe) refused = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (me->user_id, ==, shared->admin_id);

  /* A refreshed token replaces the old one for the next calls. */
  ccal_api_client_set_token (client, expired);
  refused = get_me (client, &error);
  g_assert_null (refused);
  assert_api_error (error, CCAL_API_ERROR_UNAUTHORIZED, 401, NULL);
  g_assert_cmpstr (ccal_api_error_get_server_code (error), ==, "unauthorized");
  g_assert_true (g_str_has_prefix (error->message, "The server refused the sign-in token."));
  g_assert_nonnull (strstr (error->message, "expired"));
  g_assert_false (ccal_api_error_is_transient (error));
}

static void
test_bad_key (void)
{
  g_autoptr (CcalApiClient) client =
    new_client ("fc_live_0000000000000000000000000000000000000000000000000000000000000000");
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalMe) me = get_me (client, &error);

  g_assert_null (me);
  assert_api_error (error, CCAL_API_ERROR_UNAUTHORIZED, 401, NULL);
  g_assert_true (g_str_has_prefix (error->message, "The server refused the API key."));
  /* The message never repeats the credential. */
  g_assert_null (strstr (error->message, "fc_live_"));
}

static void
test_forbidden (void)
{
  g_autofree char *staff_key = ccal_test_server_create_key (shared, NULL, "clerk@example.com", "Clerk", "staff", NULL);
  g_autoptr (CcalApiClient) client = new_client (staff_key);
  g_autoptr (CcalEvent) event = new_event ("Team meeting", CCAL_EVENT_TYPE_EVENT, morning_in_days (3),
                                           morning_in_days (3) + CCAL_USEC_PER_HOUR);
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalEvent) created = create_event (client, event, NULL, &error);
  g_autoptr (CcalMe) me = NULL;

  g_assert_null (created);
  assert_api_error (error, CCAL_API_ERROR_FORBIDDEN, 403, NULL);
  g_clear_error (&error);

  /* The same key may read. */
  me = get_me (client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (me->role, ==, CCAL_ROLE_STAFF);
}

/* ── events ─────────────────────────────────────────────────────────────────────────────────── */

static void
test_events_round_trip (void)
{
  g_autoptr (CcalApiClient) client = new_client (shared->admin_key);
  gint64 start = morning_in_days (5);
  g_autoptr (CcalEvent) event = new_event ("Quarterly review", CCAL_EVENT_TYPE_EVENT, start,
                                           start + CCAL_USEC_PER_HOUR);
  g_autoptr (CcalEvent) created = NULL;
  g_autoptr (CcalEvent) fetched = NULL;
  g_autoptr (CcalEvent) updated = NULL;
  g_autoptr (CcalEvent) stale = NULL;
  g_autoptr (CcalEventPage) before = NULL;
  g_autoptr (CcalEventPage) changes = NULL;
  g_autoptr (GError) error = NULL;
  CcalEventQuery query = { 0 };
  gboolean found = FALSE;

  /* A sync token from before the changes, to see them (and the deletion) afterwards. */
  before = list_events (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (before->sync_token);

  event->location = g_strdup ("Room 4");
  created = create_event (client, event, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (created->id);
  g_assert_cmpint (created->version, ==, 1);
  g_assert_cmpstr (created->title, ==, "Quarterly review");
  g_assert_cmpstr (created->location, ==, "Room 4");
  g_assert_cmpint (created->start_time, ==, start);
  g_assert_cmpstr (created->admin_id, ==, shared->admin_id);

  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_get_event_async (client, created->id, NULL, on_result_cb, waiter);
    fetched = ccal_api_client_get_event_finish (client, waiter_run (waiter), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (fetched->id, ==, created->id);
    g_assert_cmpint (fetched->end_time, ==, start + CCAL_USEC_PER_HOUR);
  }

  /* PUT with the version it is based on. */
  g_free (fetched->title);
  fetched->title = g_strdup ("Quarterly review (moved)");
  fetched->start_time += CCAL_USEC_PER_HOUR;
  fetched->end_time += CCAL_USEC_PER_HOUR;
  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_update_event_async (client, fetched, fetched->version, NULL, NULL, on_result_cb, waiter);
    updated = ccal_api_client_update_event_finish (client, waiter_run (waiter), &error);
    g_assert_no_error (error);
    g_assert_cmpint (updated->version, ==, 2);
    g_assert_cmpstr (updated->title, ==, "Quarterly review (moved)");
    g_assert_cmpint (updated->start_time, ==, start + CCAL_USEC_PER_HOUR);
  }

  /* The same change based on version 1 again: 412, and nothing changes. */
  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_update_event_async (client, fetched, 1, NULL, NULL, on_result_cb, waiter);
    stale = ccal_api_client_update_event_finish (client, waiter_run (waiter), &error);
    g_assert_null (stale);
    assert_api_error (error, CCAL_API_ERROR_VERSION_CONFLICT, 412, NULL);
    g_assert_cmpstr (ccal_api_error_get_server_code (error), ==, "version_conflict");
    g_clear_error (&error);
  }
  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_delete_event_async (client, created->id, 1, NULL, NULL, on_result_cb, waiter);
    g_assert_false (ccal_api_client_delete_event_finish (client, waiter_run (waiter), &error));
    assert_api_error (error, CCAL_API_ERROR_VERSION_CONFLICT, 412, NULL);
    g_clear_error (&error);
  }
  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_delete_event_async (client, created->id, 2, NULL, NULL, on_result_cb, waiter);
    g_assert_true (ccal_api_client_delete_event_finish (client, waiter_run (waiter), &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr (Waiter) waiter = waiter_new ();
    g_autoptr (CcalEvent) gone = NULL;

    ccal_api_client_get_event_async (client, created->id, NULL, on_result_cb, waiter);
    gone = ccal_api_client_get_event_finish (client, waiter_run (waiter), &error);
    g_assert_null (gone);
    assert_api_error (error, CCAL_API_ERROR_NOT_FOUND, 404, NULL);
    g_clear_error (&error);
  }

  /* The sync answer carries the deletion as a tombstone. */
  query.sync_token = before->sync_token;
  changes = list_events (client, &query, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < changes->events->len; i++)
    {
      CcalEvent *item = g_ptr_array_index (changes->events, i);

      if (g_strcmp0 (item->id, created->id) == 0)
        {
          found = TRUE;
          g_assert_true (item->deleted);
          g_assert_cmpint (item->version, >=, 3);
        }
    }
  g_assert_true (found);
  g_assert_cmpstr (changes->sync_token, !=, before->sync_token);
}

static void
test_events_paging (void)
{
  g_autoptr (CcalApiClient) client = new_client (shared->admin_key);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *cursor = NULL;
  gint64 start = morning_in_days (40);
  guint pages = 0;

  for (int i = 0; i < 5; i++)
    {
      g_autofree char *title = g_strdup_printf ("Paging %d", i);
      g_autoptr (CcalEvent) event = new_event (title, CCAL_EVENT_TYPE_BLOCKED, start + i * CCAL_USEC_PER_HOUR,
                                               start + i * CCAL_USEC_PER_HOUR + 30 * CCAL_USEC_PER_MINUTE);
      g_autoptr (CcalEvent) created = create_event (client, event, NULL, &error);

      g_assert_no_error (error);
    }

  do
    {
      CcalEventQuery query = { 0 };
      g_autoptr (CcalEventPage) page = NULL;

      query.from = start;
      query.to = start + CCAL_USEC_PER_DAY;
      query.by_type = TRUE;
      query.type = CCAL_EVENT_TYPE_BLOCKED;
      query.limit = 2;
      query.cursor = cursor;
      page = list_events (client, &query, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->events->len, <=, 2);
      for (guint i = 0; i < page->events->len; i++)
        {
          CcalEvent *item = g_ptr_array_index (page->events, i);

          g_assert_cmpint (item->type, ==, CCAL_EVENT_TYPE_BLOCKED);
          g_assert_true (g_hash_table_add (seen, g_strdup (item->id)));
        }
      g_free (cursor);
      cursor = g_strdup (page->next_cursor);
      pages++;
    }
  while (cursor != NULL && pages < 10);

  g_assert_cmpuint (g_hash_table_size (seen), ==, 5);
  g_assert_cmpuint (pages, >=, 3);
}

static void
test_events_idempotency (void)
{
  g_autoptr (CcalApiClient) client = new_client (shared->admin_key);
  g_autofree char *key = ccal_api_new_idempotency_key ();
  gint64 start = morning_in_days (50);
  g_autoptr (CcalEvent) event = new_event ("Replayed", CCAL_EVENT_TYPE_EVENT, start, start + CCAL_USEC_PER_HOUR);
  g_autoptr (CcalEvent) first = NULL;
  g_autoptr (CcalEvent) again = NULL;
  g_autoptr (CcalEvent) different = NULL;
  g_autoptr (CcalEventPage) page = NULL;
  g_autoptr (GError) error = NULL;
  CcalEventQuery query = { 0 };

  g_assert_true (g_uuid_string_is_valid (key));

  first = create_event (client, event, key, &error);
  g_assert_no_error (error);
  /* The answer was lost; the outbox sends it again with the same key. */
  again = create_event (client, event, key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->id, ==, first->id);

  query.from = start;
  query.to = start + CCAL_USEC_PER_HOUR;
  page = list_events (client, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->events->len, ==, 1);

  /* The same key with another body is refused. */
  g_free (event->title);
  event->title = g_strdup ("Something else");
  different = create_event (client, event, key, &error);
  g_assert_null (different);
  assert_api_error (error, CCAL_API_ERROR_IDEMPOTENCY_KEY_REUSED, 422, "Idempotency-Key");
}

static void
test_sync_token_expired (void)
{
  g_autoptr (CcalApiClient) client = new_client (shared->admin_key);
  g_autoptr (CcalEventPage) page = NULL;
  g_autoptr (GError) error = NULL;
  CcalEventQuery query = { 0 };

  query.sync_token = "st1.not-a-token-this-server-made";
  page = list_events (client, &query, &error);
  g_assert_null (page);
  assert_api_error (error, CCAL_API_ERROR_SYNC_TOKEN_EXPIRED, 410, "sync_token");
}

static void
test_invalid_field (void)
{
  g_autoptr (CcalApiClient) client = new_client (shared->admin_key);
  gint64 start = morning_in_days (6);
  g_autoptr (CcalEvent) backwards = new_event ("Backwards", CCAL_EVENT_TYPE_EVENT, start, start - CCAL_USEC_PER_HOUR);
  g_autoptr (CcalEvent) created = NULL;
  g_autoptr (CcalEventPage) page = NULL;
  g_autoptr (GError) error = NULL;
  CcalEventQuery query = { 0 };

  created = create_event (client, backwards, NULL, &error);
  g_assert_null (created);
  assert_api_error (error, CCAL_API_ERROR_INVALID_REQUEST, 400, "end_time");
  g_assert_cmpstr (ccal_api_error_get_server_code (error), ==, "invalid_request");
  g_clear_error (&error);

  query.limit = 5000;
  page = list_events (client, &query, &error);
  g_assert_null (page);
  assert_api_error (error, CCAL_API_ERROR_INVALID_REQUEST, 400, "limit");
}

static void
test_payload_too_large (void)
{
  g_autoptr (CcalApiClient) client = new_client (shared->admin_key);
  gint64 start = morning_in_days (7);
  g_autoptr (CcalEvent) event = new_event ("Huge", CCAL_EVENT_TYPE_EVENT, start, start + CCAL_USEC_PER_HOUR);
  g_autoptr (CcalEvent) created = NULL;
  g_autoptr (GError) error = NULL;

  event->description = g_strnfill (70 * 1024, 'x');
  created = create_event (client, event, NULL, &error);
  g_assert_null (created);
  assert_api_error (error, CCAL_API_ERROR_PAYLOAD_TOO_LARGE, 413, NULL);
}

/* ── settings ───────────────────────────────────────────────────────────────────────────────── */

static CcalSettings *
update_settings (CcalApiClient *client,
                 CcalSettings  *settings,
                 gint64         if_match,
                 GError       **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_api_client_update_settings_async (client, settings, if_match, NULL, on_result_cb, waiter);
  return ccal_api_client_update_settings_finish (client, waiter_run (waiter), error);
}

static void
test_settings (void)
{
  g_autoptr (CcalApiClient) client = new_client (shared->admin_key);
  g_autoptr (CcalSettings) settings = NULL;
  g_autoptr (CcalSettings) stored = NULL;
  g_autoptr (CcalSettings) stale = NULL;
  g_autoptr (CcalSettings) invalid = NULL;
  g_autoptr (GError) error = NULL;
  gint64 version;

  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_get_settings_async (client, NULL, NULL, on_result_cb, waiter);
    settings = ccal_api_client_get_settings_finish (client, waiter_run (waiter), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (settings->admin_id, ==, shared->admin_id);
    g_assert_cmpint (settings->version, >=, 1);
  }

  version = settings->version;
  settings->buffer_after_minutes = 10;
  stored = update_settings (client, settings, version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->buffer_after_minutes, ==, 10);
  g_assert_cmpint (stored->version, ==, version + 1);

  stale = update_settings (client, settings, version, &error);
  g_assert_null (stale);
  assert_api_error (error, CCAL_API_ERROR_VERSION_CONFLICT, 412, NULL);
  g_clear_error (&error);

  stored->slot_minutes = 2;
  invalid = update_settings (client, stored, stored->version, &error);
  g_assert_null (invalid);
  assert_api_error (error, CCAL_API_ERROR_INVALID_REQUEST, 400, "slot_minutes");
  g_clear_error (&error);

  /* Put it back for the booking tests. */
  stored->slot_minutes = 30;
  stored->buffer_after_minutes = 0;
  g_clear_object (&settings);
  settings = update_settings (client, stored, stored->version, &error);
  g_assert_no_error (error);
}

/* ── bookings, holds, availability, analytics ───────────────────────────────────────────────── */

/* An availability window 09:00–12:00 UTC on the day @days_ahead from today. */
static void
open_window (CcalApiClient *client,
             int            days_ahead)
{
  gint64 start = morning_in_days (days_ahead);
  g_autoptr (CcalEvent) window = new_event ("Open for calls", CCAL_EVENT_TYPE_AVAILABILITY, start,
                                            start + 3 * CCAL_USEC_PER_HOUR);
  g_autoptr (CcalEvent) created = NULL;
  g_autoptr (GError) error = NULL;

  window->timezone = g_strdup ("UTC");
  created = create_event (client, window, NULL, &error);
  g_assert_no_error (error);
}

static GArray *
get_availability (CcalApiClient *client,
                  int            days_ahead,
                  const char    *hold_id,
                  int           *out_slot_minutes,
                  GError       **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();
  g_autoptr (GDate) date = g_date_new ();
  g_autofree char *timezone = NULL;
  GArray *slots;

  g_date_set_time_t (date, (time_t) (morning_in_days (days_ahead) / CCAL_USEC_PER_SECOND));
  ccal_api_client_get_availability_async (client, date, shared->admin_id, "UTC", 0, hold_id, NULL, on_result_cb,
                                          waiter);
  slots = ccal_api_client_get_availability_finish (client, waiter_run (waiter), out_slot_minutes, &timezone, error);
  if (slots != NULL)
    g_assert_cmpstr (timezone, ==, "UTC");
  return slots;
}

static CcalBooking *
book (CcalApiClient         *client,
      const CcalBookRequest *request,
      const char            *idempotency_key,
      GError               **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_api_client_book_async (client, request, idempotency_key, NULL, on_result_cb, waiter);
  return ccal_api_client_book_finish (client, waiter_run (waiter), error);
}

static gboolean
has_slot_at (GArray *slots,
             gint64  start)
{
  for (guint i = 0; i < slots->len; i++)
    {
      if (g_array_index (slots, CcalInterval, i).start == start)
        return TRUE;
    }
  return FALSE;
}

static void
test_availability_and_book (void)
{
  g_autoptr (CcalApiClient) public_client = new_client (NULL);
  g_autoptr (CcalApiClient) admin = new_client (shared->admin_key);
  g_autoptr (GArray) slots = NULL;
  g_autoptr (GArray) after = NULL;
  g_autoptr (CcalBooking) booking = NULL;
  g_autoptr (CcalBooking) replay = NULL;
  g_autoptr (CcalBooking) taken = NULL;
  g_autoptr (CcalBooking) invalid = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *key = ccal_api_new_idempotency_key ();
  CcalBookRequest request = { 0 };
  int slot_minutes = 0;
  gint64 first;

  open_window (admin, 10);
  slots = get_availability (public_client, 10, NULL, &slot_minutes, &error);
  g_assert_no_error (error);
  g_assert_cmpint (slot_minutes, ==, 30);
  g_assert_cmpuint (slots->len, ==, 6);
  first = g_array_index (slots, CcalInterval, 0).start;
  g_assert_cmpint (first, ==, morning_in_days (10));
  g_assert_cmpint (g_array_index (slots, CcalInterval, 0).end, ==, first + 30 * CCAL_USEC_PER_MINUTE);

  request.admin_id = shared->admin_id;
  request.start_time = first;
  request.name = "Ada Lovelace";
  request.email = "ada@example.com";
  request.phone = "+44 20 7946 0000";
  request.product_interest = "analytical engine";
  request.notes = "Call before noon";
  request.timezone = "Europe/London";
  booking = book (public_client, &request, key, &error);
  g_assert_no_error (error);
  g_assert_nonnull (booking->id);
  g_assert_cmpint (booking->start_time, ==, first);
  g_assert_cmpint (booking->end_time, ==, first + 30 * CCAL_USEC_PER_MINUTE);
  g_assert_cmpint (booking->status, ==, CCAL_BOOKING_STATUS_PENDING);
  g_assert_cmpint (booking->source, ==, CCAL_BOOKING_SOURCE_PUBLIC);
  g_assert_cmpstr (booking->contact->email, ==, "ada@example.com");
  g_assert_cmpstr (booking->product_interest, ==, "analytical engine");

  /* A replay with the same key returns the same booking instead of a 409. */
  replay = book (public_client, &request, key, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (replay->id, ==, booking->id);

  after = get_availability (public_client, 10, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 5);
  g_assert_false (has_slot_at (after, first));

  request.email = "grace@example.com";
  request.name = "Grace Hopper";
  taken = book (public_client, &request, NULL, &error);
  g_assert_null (taken);
  assert_api_error (error, CCAL_API_ERROR_SLOT_UNAVAILABLE, 409, NULL);
  g_assert_cmpstr (ccal_api_error_get_server_code (error), ==, "slot_unavailable");
  g_clear_error (&error);

  request.start_time = first + 30 * CCAL_USEC_PER_MINUTE;
  request.email = "not an address";
  invalid = book (public_client, &request, NULL, &error);
  g_assert_null (invalid);
  assert_api_error (error, CCAL_API_ERROR_INVALID_REQUEST, 400, "email");
  g_clear_error (&error);

  {
    g_autoptr (GArray) none = NULL;
    g_autoptr (Waiter) waiter = waiter_new ();
    g_autoptr (GDate) date = g_date_new_dmy (1, 1, 2030);

    /* An admin nobody knows: 404. */
    ccal_api_client_get_availability_async (public_client, date, "00000000-0000-4000-8000-000000000000", NULL, 0,
                                            NULL, NULL, on_result_cb, waiter);
    none = ccal_api_client_get_availability_finish (public_client, waiter_run (waiter), NULL, NULL, &error);
    g_assert_null (none);
    assert_api_error (error, CCAL_API_ERROR_NOT_FOUND, 404, NULL);
  }
}

static void
test_holds (void)
{
  g_autoptr (CcalApiClient) public_client = new_client (NULL);
  g_autoptr (CcalApiClient) admin = new_client (shared->admin_key);
  g_autoptr (CcalHold) hold = NULL;
  g_autoptr (CcalHold) second = NULL;
  g_autoptr (GArray) others = NULL;
  g_autoptr (GArray) holder = NULL;
  g_autoptr (GArray) released = NULL;
  g_autoptr (GError) error = NULL;
  gint64 start = morning_in_days (11) + CCAL_USEC_PER_HOUR;

  open_window (admin, 11);
  {
    g_autoptr (Waiter) waiter = waiter_new ();
    gint64 before = g_get_real_time ();

    ccal_api_client_create_hold_async (admin, shared->admin_id, start, 0, 0, NULL, NULL, on_result_cb, waiter);
    hold = ccal_api_client_create_hold_finish (admin, waiter_run (waiter), &error);
    g_assert_no_error (error);
    g_assert_nonnull (hold->id);
    g_assert_cmpint (hold->start_time, ==, start);
    g_assert_cmpint (hold->end_time, ==, start + 30 * CCAL_USEC_PER_MINUTE);
    /* Five minutes by default. */
    g_assert_cmpint (hold->expires_at, >=,
                     before / CCAL_USEC_PER_SECOND * CCAL_USEC_PER_SECOND + 4 * CCAL_USEC_PER_MINUTE);
    g_assert_cmpint (hold->expires_at, <=, g_get_real_time () + 6 * CCAL_USEC_PER_MINUTE);
  }

  others = get_availability (public_client, 11, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (has_slot_at (others, start));
  holder = get_availability (admin, 11, hold->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (has_slot_at (holder, start));

  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_create_hold_async (admin, shared->admin_id, start, 0, 0, NULL, NULL, on_result_cb, waiter);
    second = ccal_api_client_create_hold_finish (admin, waiter_run (waiter), &error);
    g_assert_null (second);
    assert_api_error (error, CCAL_API_ERROR_SLOT_UNAVAILABLE, 409, NULL);
    g_clear_error (&error);
  }

  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_delete_hold_async (admin, hold->id, NULL, on_result_cb, waiter);
    g_assert_true (ccal_api_client_delete_hold_finish (admin, waiter_run (waiter), &error));
    g_assert_no_error (error);
  }
  released = get_availability (public_client, 11, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (has_slot_at (released, start));

  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_delete_hold_async (admin, hold->id, NULL, on_result_cb, waiter);
    g_assert_false (ccal_api_client_delete_hold_finish (admin, waiter_run (waiter), &error));
    assert_api_error (error, CCAL_API_ERROR_NOT_FOUND, 404, NULL);
  }
}

static CcalBooking *
staff_booking (CcalApiClient *admin,
               int            days_ahead,
               const char    *email)
{
  g_autoptr (GError) error = NULL;
  CcalBookRequest request = { 0 };
  CcalBooking *booking;

  open_window (admin, days_ahead);
  request.admin_id = shared->admin_id;
  request.start_time = morning_in_days (days_ahead);
  request.name = "Charles Babbage";
  request.email = email;
  booking = book (admin, &request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (booking->source, ==, CCAL_BOOKING_SOURCE_STAFF);
  return booking;
}

static CcalBooking *
update_booking (CcalApiClient *client,
                const char    *id,
                const char    *changes_json,
                gint64         if_match,
                GError       **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();
  g_autoptr (JsonNode) node = json_from_string (changes_json, NULL);

  ccal_api_client_update_booking_async (client, id, json_node_get_object (node), if_match, NULL, NULL, on_result_cb,
                                        waiter);
  return ccal_api_client_update_booking_finish (client, waiter_run (waiter), error);
}

static void
test_booking_lifecycle (void)
{
  g_autoptr (CcalApiClient) admin = new_client (shared->admin_key);
  g_autoptr (CcalBooking) booking = staff_booking (admin, 12, "babbage@example.com");
  g_autoptr (CcalBooking) fetched = NULL;
  g_autoptr (CcalBooking) confirmed = NULL;
  g_autoptr (CcalBooking) stale = NULL;
  g_autoptr (CcalBooking) bad_status = NULL;
  g_autoptr (CcalBooking) completed = NULL;
  g_autoptr (GPtrArray) history = NULL;
  g_autoptr (CcalBookingResult) result = NULL;
  g_autoptr (CcalFollowUp) follow_up = NULL;
  g_autoptr (GPtrArray) follow_ups = NULL;
  g_autoptr (GError) error = NULL;
  gint64 due = morning_in_days (14);

  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_get_booking_async (admin, booking->id, NULL, on_result_cb, waiter);
    fetched = ccal_api_client_get_booking_finish (admin, waiter_run (waiter), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (fetched->id, ==, booking->id);
    g_assert_cmpstr (fetched->created_by, ==, shared->admin_id);
  }

  confirmed = update_booking (admin, booking->id, "{\"status\":\"confirmed\",\"location\":\"Phone\"}",
                              booking->version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (confirmed->status, ==, CCAL_BOOKING_STATUS_CONFIRMED);
  g_assert_cmpstr (confirmed->location, ==, "Phone");
  g_assert_cmpint (confirmed->version, ==, booking->version + 1);

  stale = update_booking (admin, booking->id, "{\"title\":\"Stale\"}", booking->version, &error);
  g_assert_null (stale);
  assert_api_error (error, CCAL_API_ERROR_VERSION_CONFLICT, 412, NULL);
  g_clear_error (&error);

  /* confirmed → pending is not a move the contract allows. */
  bad_status = update_booking (admin, booking->id, "{\"status\":\"pending\"}", 0, &error);
  g_assert_null (bad_status);
  assert_api_error (error, CCAL_API_ERROR_INVALID_REQUEST, 400, "status");
  g_clear_error (&error);

  completed = update_booking (admin, booking->id, "{\"status\":\"completed\",\"reason\":\"Went well\"}",
                              confirmed->version, &error);
  g_assert_no_error (error);
  g_assert_cmpint (completed->status, ==, CCAL_BOOKING_STATUS_COMPLETED);

  {
    g_autoptr (Waiter) waiter = waiter_new ();
    CcalBookingHistoryEntry *entry;

    ccal_api_client_get_booking_history_async (admin, booking->id, NULL, on_result_cb, waiter);
    history = ccal_api_client_get_booking_history_finish (admin, waiter_run (waiter), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (history->len, ==, 3);
    entry = g_ptr_array_index (history, 0);
    g_assert_false (entry->has_from);
    g_assert_cmpint (entry->to, ==, CCAL_BOOKING_STATUS_PENDING);
    entry = g_ptr_array_index (history, 1);
    g_assert_true (entry->has_from);
    g_assert_cmpint (entry->from, ==, CCAL_BOOKING_STATUS_PENDING);
    g_assert_cmpint (entry->to, ==, CCAL_BOOKING_STATUS_CONFIRMED);
    g_assert_cmpstr (entry->changed_by, ==, shared->admin_id);
    entry = g_ptr_array_index (history, 2);
    g_assert_cmpint (entry->to, ==, CCAL_BOOKING_STATUS_COMPLETED);
    g_assert_cmpstr (entry->reason, ==, "Went well");
  }

  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_set_booking_result_async (admin, booking->id, "won", "Ordered two engines", 0, NULL,
                                              on_result_cb, waiter);
    result = ccal_api_client_set_booking_result_finish (admin, waiter_run (waiter), &error);
    g_assert_no_error (error);
    g_assert_cmpstr (result->outcome, ==, "won");
    g_assert_cmpstr (result->notes, ==, "Ordered two engines");
  }

  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_create_follow_up_async (admin, booking->id, due, "Send the quote", NULL, NULL, NULL,
                                            on_result_cb, waiter);
    follow_up = ccal_api_client_create_follow_up_finish (admin, waiter_run (waiter), &error);
    g_assert_no_error (error);
    g_assert_nonnull (follow_up->id);
    g_assert_cmpint (follow_up->due_at, ==, due);
    g_assert_cmpstr (follow_up->action, ==, "Send the quote");
  }
  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_list_follow_ups_async (admin, booking->id, NULL, on_result_cb, waiter);
    follow_ups = ccal_api_client_list_follow_ups_finish (admin, waiter_run (waiter), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (follow_ups->len, ==, 1);
    g_assert_cmpstr (((CcalFollowUp *) g_ptr_array_index (follow_ups, 0))->id, ==, follow_up->id);
  }

  {
    g_autoptr (Waiter) waiter = waiter_new ();
    g_autoptr (CcalBooking) unknown = NULL;

    ccal_api_client_get_booking_async (admin, "00000000-0000-4000-8000-000000000000", NULL, on_result_cb, waiter);
    unknown = ccal_api_client_get_booking_finish (admin, waiter_run (waiter), &error);
    g_assert_null (unknown);
    assert_api_error (error, CCAL_API_ERROR_NOT_FOUND, 404, NULL);
  }
}

static CcalBookingPage *
list_bookings (CcalApiClient          *client,
               const CcalBookingQuery *query,
               GError                **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_api_client_list_bookings_async (client, query, NULL, on_result_cb, waiter);
  return ccal_api_client_list_bookings_finish (client, waiter_run (waiter), error);
}

static CcalFollowUp *
set_follow_up_done (CcalApiClient *client,
                    const char    *booking_id,
                    const char    *follow_up_id,
                    gboolean       done,
                    GError       **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_api_client_set_follow_up_done_async (client, booking_id, follow_up_id, done, NULL, on_result_cb, waiter);
  return ccal_api_client_set_follow_up_done_finish (client, waiter_run (waiter), error);
}

/* PATCH …/follow-ups/:id marks a follow-up done and back; the list agrees; an unknown one is NOT_FOUND. */
static void
test_follow_up_done (void)
{
  g_autoptr (CcalApiClient) admin = new_client (shared->admin_key);
  g_autoptr (CcalBooking) booking = staff_booking (admin, 16, "lovelace@example.com");
  g_autoptr (CcalFollowUp) created = NULL;
  g_autoptr (CcalFollowUp) done = NULL;
  g_autoptr (CcalFollowUp) undone = NULL;
  g_autoptr (CcalFollowUp) unknown = NULL;
  g_autoptr (GPtrArray) follow_ups = NULL;
  g_autoptr (GError) error = NULL;

  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_create_follow_up_async (admin, booking->id, morning_in_days (18), "Send the contract", NULL, NULL,
                                            NULL, on_result_cb, waiter);
    created = ccal_api_client_create_follow_up_finish (admin, waiter_run (waiter), &error);
    g_assert_no_error (error);
    g_assert_false (created->done);
  }

  done = set_follow_up_done (admin, booking->id, created->id, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (done->id, ==, created->id);
  g_assert_cmpstr (done->action, ==, "Send the contract");
  g_assert_true (done->done);

  {
    g_autoptr (Waiter) waiter = waiter_new ();

    ccal_api_client_list_follow_ups_async (admin, booking->id, NULL, on_result_cb, waiter);
    follow_ups = ccal_api_client_list_follow_ups_finish (admin, waiter_run (waiter), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (follow_ups->len, ==, 1);
    g_assert_true (((CcalFollowUp *) g_ptr_array_index (follow_ups, 0))->done);
  }

  undone = set_follow_up_done (admin, booking->id, created->id, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (undone->done);

  unknown = set_follow_up_done (admin, booking->id, "00000000-0000-4000-8000-000000000000", TRUE, &error);
  g_assert_null (unknown);
  assert_api_error (error, CCAL_API_ERROR_NOT_FOUND, 404, NULL);
}

static void
test_bookings_list_and_sync (void)
{
  g_autoptr (CcalApiClient) admin = new_client (shared->admin_key);
  g_autoptr (CcalBookingPage) before = NULL;
  g_autoptr (CcalBookingPage) search = NULL;
  g_autoptr (CcalBookingPage) changes = NULL;
  g_autoptr (CcalBookingPage) expired = NULL;
  g_autoptr (CcalBooking) first = NULL;
  g_autoptr (CcalBooking) second = NULL;
  g_autoptr (CcalBooking) cancelled = NULL;
  g_autoptr (GError) error = NULL;
  CcalBookingQuery query = { 0 };
  gboolean saw_cancel = FALSE;

  before = list_bookings (admin, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (before->sync_token);

  first = staff_booking (admin, 20, "lin@example.com");
  second = staff_booking (admin, 21, "turing@example.com");

  query.q = "turing";
  search = list_bookings (admin, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (search->bookings->len, ==, 1);
  g_assert_cmpstr (((CcalBooking *) g_ptr_array_index (search->bookings, 0))->id, ==, second->id);
  g_assert_null (search->next_cursor);

  cancelled = update_booking (admin, first->id, "{\"status\":\"cancelled\",\"reason\":\"Ill\"}", first->version,
                              &error);
  g_assert_no_error (error);

  memset (&query, 0, sizeof query);
  query.sync_token = before->sync_token;
  changes = list_bookings (admin, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->bookings->len, >=, 2);
  for (guint i = 0; i < changes->bookings->len; i++)
    {
      CcalBooking *item = g_ptr_array_index (changes->bookings, i);

      if (g_strcmp0 (item->id, first->id) == 0)
        {
          saw_cancel = TRUE;
          g_assert_cmpint (item->status, ==, CCAL_BOOKING_STATUS_CANCELLED);
        }
    }
  g_assert_true (saw_cancel);

  memset (&query, 0, sizeof query);
  query.by_status = TRUE;
  query.status = CCAL_BOOKING_STATUS_CANCELLED;
  query.from = morning_in_days (20);
  query.to = morning_in_days (22);
  {
    g_autoptr (CcalBookingPage) by_status = list_bookings (admin, &query, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (by_status->bookings->len, ==, 1);
    g_assert_cmpstr (((CcalBooking *) g_ptr_array_index (by_status->bookings, 0))->id, ==, first->id);
  }

  memset (&query, 0, sizeof query);
  query.sync_token = "st1.AAAA";
  expired = list_bookings (admin, &query, &error);
  g_assert_null (expired);
  assert_api_error (error, CCAL_API_ERROR_SYNC_TOKEN_EXPIRED, 410, "sync_token");
}

static void
test_analytics (void)
{
  g_autoptr (CcalApiClient) admin = new_client (shared->admin_key);
  g_autoptr (CcalBooking) booking = staff_booking (admin, 30, "analytics@example.com");
  g_autoptr (Waiter) waiter = waiter_new ();
  g_autoptr (CcalAnalytics) analytics = NULL;
  g_autoptr (GError) error = NULL;
  gint64 from = morning_in_days (30) - 9 * CCAL_USEC_PER_HOUR;
  gint64 to = from + CCAL_USEC_PER_DAY;

  ccal_api_client_get_analytics_async (admin, NULL, from, to, CCAL_BUCKET_DAY, "UTC", NULL, on_result_cb, waiter);
  analytics = ccal_api_client_get_analytics_finish (admin, waiter_run (waiter), &error);
  g_assert_no_error (error);
  g_assert_cmpint (analytics->from, ==, from);
  g_assert_cmpint (analytics->to, ==, to);
  g_assert_cmpuint (analytics->total, ==, 1);
  g_assert_cmpuint (analytics->by_status[CCAL_BOOKING_STATUS_PENDING], ==, 1);
  g_assert_cmpuint (analytics->by_source[CCAL_BOOKING_SOURCE_STAFF], ==, 1);
  g_assert_cmpuint (analytics->series->len, ==, 1);
}

static void
test_analytics_needs_admin (void)
{
  g_autofree char *staff_key = ccal_test_server_create_key (shared, NULL, "analyst@example.com", "Analyst", "staff",
                                                            NULL);
  g_autoptr (CcalApiClient) staff = new_client (staff_key);
  g_autoptr (Waiter) waiter = waiter_new ();
  g_autoptr (CcalAnalytics) analytics = NULL;
  g_autoptr (GError) error = NULL;
  gint64 from = morning_in_days (1);

  ccal_api_client_get_analytics_async (staff, NULL, from, from + CCAL_USEC_PER_DAY, CCAL_BUCKET_WEEK, NULL, NULL,
                                       on_result_cb, waiter);
  analytics = ccal_api_client_get_analytics_finish (staff, waiter_run (waiter), &error);
  g_assert_null (analytics);
  assert_api_error (error, CCAL_API_ERROR_FORBIDDEN, 403, NULL);
}

/* ── failures without a (proper) answer ─────────────────────────────────────────────────────── */

/* A loopback port with nothing listening: bind one, note it, close it. */
static guint16
closed_port (void)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;
  g_autoptr (GError) error = NULL;

  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  g_socket_close (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
test_connection_refused (void)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalApiClient) client = ccal_api_client_new (url, "fc_test_x", &error);
  g_autoptr (Waiter) waiter = waiter_new ();
  g_autofree char *version = NULL;

  g_assert_no_error (error);
  ccal_api_client_get_health_async (client, NULL, on_result_cb, waiter);
  version = ccal_api_client_get_health_finish (client, waiter_run (waiter), &error);
  g_assert_null (version);
  assert_api_error (error, CCAL_API_ERROR_NETWORK, 0, NULL);
  g_assert_true (g_str_has_prefix (error->message, "Could not reach http://127.0.0.1:"));
  g_assert_nonnull (strstr (error->message, "check the address and your network"));
  g_assert_true (ccal_api_error_is_transient (error));
}

/* Accepts connections and never says a word. */
typedef struct
{
  GSocketService *service;
  GPtrArray      *connections;
  char           *url;
} SilentServer;

static gboolean
on_silent_incoming_cb (GSocketService    *service,
                       GSocketConnection *connection,
                       GObject           *source_object,
                       gpointer           user_data)
{
  SilentServer *silent = user_data;

  g_ptr_array_add (silent->connections, g_object_ref (connection));
  return TRUE;
}

static SilentServer *
silent_server_new (void)
{
  SilentServer *silent = g_new0 (SilentServer, 1);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) effective = NULL;
  g_autoptr (GError) error = NULL;

  silent->service = g_socket_service_new ();
  silent->connections = g_ptr_array_new_with_free_func (g_object_unref);
  g_socket_listener_add_address (G_SOCKET_LISTENER (silent->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  g_signal_connect (silent->service, "incoming", G_CALLBACK (on_silent_incoming_cb), silent);
  silent->url = g_strdup_printf ("http://127.0.0.1:%u",
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  return silent;
}

static void
silent_server_free (SilentServer *silent)
{
  g_socket_service_stop (silent->service);
  g_socket_listener_close (G_SOCKET_LISTENER (silent->service));
  g_object_unref (silent->service);
  g_ptr_array_unref (silent->connections);
  g_free (silent->url);
  g_free (silent);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SilentServer, silent_server_free)

static void
test_timeout (void)
{
  g_autoptr (SilentServer) silent = silent_server_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalApiClient) client = ccal_api_client_new (silent->url, "fc_test_x", &error);
  g_autoptr (Waiter) waiter = waiter_new ();
  g_autofree char *version = NULL;
  gint64 started;

  g_assert_no_error (error);
  g_object_set (client, "timeout", 1u, NULL);
  started = g_get_monotonic_time ();
  ccal_api_client_get_health_async (client, NULL, on_result_cb, waiter);
  version = ccal_api_client_get_health_finish (client, waiter_run (waiter), &error);
  g_assert_null (version);
  assert_api_error (error, CCAL_API_ERROR_TIMEOUT, 0, NULL);
  g_assert_nonnull (strstr (error->message, "did not answer within 1 second."));
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

static void
test_cancelled (void)
{
  g_autoptr (SilentServer) silent = silent_server_new ();
  g_autoptr (CcalApiClient) real = new_client (shared->admin_key);
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalApiClient) hanging = ccal_api_client_new (silent->url, "fc_test_x", &error);

  g_assert_no_error (error);

  /* Cancelled before the loop even runs. */
  {
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();
    g_autoptr (Waiter) waiter = waiter_new ();
    g_autoptr (CcalMe) me = NULL;

    ccal_api_client_get_me_async (real, cancellable, on_result_cb, waiter);
    g_cancellable_cancel (cancellable);
    me = ccal_api_client_get_me_finish (real, waiter_run (waiter), &error);
    g_assert_null (me);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  /* Cancelled while waiting for an answer that would never come. */
  {
    g_autoptr (GCancellable) cancellable = g_cancellable_new ();
    g_autoptr (Waiter) waiter = waiter_new ();
    g_autofree char *version = NULL;
    gint64 started = g_get_monotonic_time ();

    ccal_api_client_get_health_async (hanging, cancellable, on_result_cb, waiter);
    g_timeout_add (100, cancel_cb, cancellable);
    version = ccal_api_client_get_health_finish (hanging, waiter_run (waiter), &error);
    g_assert_null (version);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_USEC_PER_SEC);
  }
}

/* Broken answers the client must not take for the contract's. A raw socket service (in worker
 * threads) answers with canned bytes; with a certificate it speaks TLS first. */
typedef struct
{
  GSocketService  *service;
  GTlsCertificate *certificate;   /* NULL: plain HTTP */
  guint16          port;
} CannedServer;

static const char *
canned_answer (const char *request_line)
{
  if (strstr (request_line, " /garbage/") != NULL)
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 12\r\nConnection: close\r\n\r\n"
           "{\"version\": ";
  if (strstr (request_line, " /proxy/") != NULL)
    return "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 37\r\nConnection: close\r\n\r\n"
           "<html><body>Bad gateway</body></html>";
  if (strstr (request_line, " /moved/") != NULL)
    return "HTTP/1.1 301 Moved Permanently\r\nLocation: https://elsewhere.example.com/api/health\r\n"
           "Content-Length: 0\r\nConnection: close\r\n\r\n";
  return "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
}

static gboolean
on_canned_run_cb (GThreadedSocketService *service,
                  GSocketConnection      *connection,
                  GObject                *source_object,
                  gpointer                user_data)
{
  CannedServer *canned = user_data;
  g_autoptr (GIOStream) tls = NULL;
  g_autoptr (GDataInputStream) in = NULL;
  g_autofree char *request_line = NULL;
  GIOStream *stream = G_IO_STREAM (connection);
  const char *answer;

  if (canned->certificate != NULL)
    {
      tls = g_tls_server_connection_new (stream, canned->certificate, NULL);
      /* The client is expected to refuse the certificate right here. */
      if (tls == NULL || !g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, NULL))
        return TRUE;
      stream = tls;
    }

  in = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (in), FALSE);
  request_line = g_data_input_stream_read_line_utf8 (in, NULL, NULL, NULL);
  if (request_line == NULL)
    return TRUE;
  for (;;)
    {
      g_autofree char *header = g_data_input_stream_read_line_utf8 (in, NULL, NULL, NULL);

      if (header == NULL || header[0] == '\0' || g_str_equal (header, "\r"))
        break;
    }

  answer = canned_answer (request_line);
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
  return TRUE;
}

static CannedServer *
canned_server_new (GTlsCertificate *certificate)
{
  CannedServer *canned = g_new0 (CannedServer, 1);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) effective = NULL;
  g_autoptr (GError) error = NULL;

  canned->certificate = certificate != NULL ? g_object_ref (certificate) : NULL;
  canned->service = g_threaded_socket_service_new (4);
  g_socket_listener_add_address (G_SOCKET_LISTENER (canned->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  canned->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (canned->service, "run", G_CALLBACK (on_canned_run_cb), canned);
  g_socket_service_start (canned->service);
  return canned;
}

static void
canned_server_free (CannedServer *canned)
{
  g_socket_service_stop (canned->service);
  g_socket_listener_close (G_SOCKET_LISTENER (canned->service));
  /* Finalizing the threaded service waits for its handlers. */
  g_object_unref (canned->service);
  g_clear_object (&canned->certificate);
  g_free (canned);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CannedServer, canned_server_free)

static char *
broken_health (const char *base_url,
               GError    **error)
{
  g_autoptr (CcalApiClient) client = ccal_api_client_new (base_url, NULL, error);
  g_autoptr (Waiter) waiter = waiter_new ();

  g_assert_nonnull (client);
  ccal_api_client_get_health_async (client, NULL, on_result_cb, waiter);
  return ccal_api_client_get_health_finish (client, waiter_run (waiter), error);
}

static void
test_invalid_answers (void)
{
  g_autoptr (CannedServer) canned = canned_server_new (NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *root = g_strdup_printf ("http://127.0.0.1:%u", canned->port);

  {
    g_autofree char *url = g_strconcat (root, "/garbage", NULL);
    g_autofree char *version = broken_health (url, &error);

    g_assert_null (version);
    assert_api_error (error, CCAL_API_ERROR_INVALID_RESPONSE, 0, NULL);
    g_assert_nonnull (strstr (error->message, url));
    g_clear_error (&error);
  }
  {
    g_autofree char *url = g_strconcat (root, "/proxy", NULL);
    g_autofree char *version = broken_health (url, &error);

    g_assert_null (version);
    assert_api_error (error, CCAL_API_ERROR_UNAVAILABLE, 502, NULL);
    g_assert_null (ccal_api_error_get_server_code (error));
    g_assert_true (ccal_api_error_is_transient (error));
    g_clear_error (&error);
  }
  {
    /* Not followed: the credential must not travel to wherever a redirect points. */
    g_autofree char *url = g_strconcat (root, "/moved", NULL);
    g_autofree char *version = broken_health (url, &error);

    g_assert_null (version);
    assert_api_error (error, CCAL_API_ERROR_INVALID_RESPONSE, 301, NULL);
    g_clear_error (&error);
  }
}

/* A self-signed certificate for "ccal-test.invalid" (EC P-256, valid until 2126). */
static const char test_certificate_pem[] =
  "-----BEGIN CERTIFICATE-----\n"
  "MIIBjzCCATWgAwIBAgIUKBEomXQTkFZgpSedk1B1sTjjA04wCgYIKoZIzj0EAwIw\n"
  "HDEaMBgGA1UEAwwRY2NhbC10ZXN0LmludmFsaWQwIBcNMjYxMTI0MTUwNjUxWhgP\n"
  "MjEyNjEwMzExNTA2NTFaMBwxGjAYBgNVBAMMEWNjYWwtdGVzdC5pbnZhbGlkMFkw\n"
  "EwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE8u+pjBdx9o5eJacdz+nIj6WEf1VNMotc\n"
  "egoGLoIsmhRMXTZw2MXUQ9fzdMXLoj2Fhpv4AATtJZeMj9fu/W8RIaNTMFEwHQYD\n"
  "VR0OBBYEFPExlP+UrQrr76U2W/XeSCVDUcTYMB8GA1UdIwQYMBaAFPExlP+UrQrr\n"
  "76U2W/XeSCVDUcTYMA8GA1UdEwEB/wQFMAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIh\n"
  "ALoLqQdfbjdREHx+9mYnEi4KE/Vx4sh1c0CuLUaTPbDOAiAYSuJaUcJU21nSYI2O\n"
  "+mYwO1UlRiufAou3kUPX9dvTKA==\n"
  "-----END CERTIFICATE-----\n"
  "-----BEGIN PRIVATE KEY-----\n"
  "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgffQKOqWsYWcwoMdx\n"
  "3ON4oqYVYXc7siwfsgaC287xzvihRANCAATy76mMF3H2jl4lpx3P6ciPpYR/VU0y\n"
  "i1x6CgYugiyaFExdNnDYxdRD1/N0xcuiPYWGm/gABO0ll4yP1+79bxEh\n"
  "-----END PRIVATE KEY-----\n";

static void
test_tls_untrusted (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GTlsCertificate) certificate = g_tls_certificate_new_from_pem (test_certificate_pem, -1, &error);
  g_autoptr (CannedServer) canned = NULL;
  g_autofree char *url = NULL;
  g_autofree char *version = NULL;

  g_assert_no_error (error);
  if (!g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    {
      g_test_skip ("No TLS backend (glib-networking) is installed.");
      return;
    }

  canned = canned_server_new (certificate);
  url = g_strdup_printf ("https://127.0.0.1:%u/garbage", canned->port);

  /* The certificate is refused before any answer is read: TLS, not INVALID_RESPONSE. */
  version = broken_health (url, &error);
  g_assert_null (version);
  assert_api_error (error, CCAL_API_ERROR_TLS, 0, NULL);
  g_assert_nonnull (strstr (error->message, "certificate"));
  g_assert_false (ccal_api_error_is_transient (error));
}

static void
free_error_or_null (gpointer data)
{
  if (data != NULL)
    g_error_free (data);
}

static void
on_rate_limited_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GPtrArray *errors = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) zones = ccal_api_client_list_timezones_finish (CCAL_API_CLIENT (source), result, &error);

  g_ptr_array_add (errors, g_steal_pointer (&error));
}

static void
test_rate_limited (void)
{
  /* Its own server with a tight limit (1/s, burst 5), so even a slow run (valgrind) hits it; the
   * shared one runs without a limit. */
  const char *const serve_args[] = { "--rate-limit", "1", "--rate-burst", "5", NULL };
  g_autoptr (CcalTestServer) server = ccal_test_server_new (serve_args);
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalApiClient) client = ccal_api_client_new (server->base_url, NULL, &error);
  g_autoptr (GPtrArray) errors = g_ptr_array_new_with_free_func (free_error_or_null);
  const GError *limited = NULL;

  g_assert_no_error (error);
  for (int i = 0; i < 20; i++)
    ccal_api_client_list_timezones_async (client, NULL, on_rate_limited_cb, errors);
  while (errors->len < 20)
    g_main_context_iteration (NULL, TRUE);

  for (guint i = 0; i < errors->len; i++)
    {
      const GError *item = g_ptr_array_index (errors, i);

      if (item != NULL)
        {
          g_assert_error (item, CCAL_API_ERROR, CCAL_API_ERROR_RATE_LIMITED);
          limited = item;
        }
    }
  g_assert_nonnull (limited);
  g_assert_cmpuint (ccal_api_error_get_http_status (limited), ==, 429);
  g_assert_cmpint (ccal_api_error_get_retry_after (limited), >=, 1);
  g_assert_true (ccal_api_error_is_transient (limited));
}

/* ── admins and the calendar feed ───────────────────────────────────────────────────────────── */

static GPtrArray *
list_admins (CcalApiClient *client,
             GError       **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_api_client_list_admins_async (client, NULL, on_result_cb, waiter);
  return ccal_api_client_list_admins_finish (client, waiter_run (waiter), error);
}

static CcalFeed *
create_feed (CcalApiClient *client,
             GError       **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_api_client_create_feed_async (client, NULL, on_result_cb, waiter);
  return ccal_api_client_create_feed_finish (client, waiter_run (waiter), error);
}

static CcalFeed *
get_feed (CcalApiClient *client,
          GError       **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_api_client_get_feed_async (client, NULL, on_result_cb, waiter);
  return ccal_api_client_get_feed_finish (client, waiter_run (waiter), error);
}

static gboolean
revoke_feed (CcalApiClient *client,
             GError       **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_api_client_revoke_feed_async (client, NULL, on_result_cb, waiter);
  return ccal_api_client_revoke_feed_finish (client, waiter_run (waiter), error);
}

/* Staff sees the admins of its own workspace, sorted by name, with their zones. */
static void
test_admins_list (void)
{
  g_autofree char *admin_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *admin_key = ccal_test_server_init_workspace (shared, "client-admins", "zed@client-admins.example",
                                                                "Zed Zimmer", &admin_id);
  g_autofree char *second_key = ccal_test_server_create_key (shared, "client-admins", "amy@client-admins.example",
                                                             "Amy Adler", "admin", &second_id);
  g_autofree char *staff_key = ccal_test_server_create_key (shared, "client-admins", "sol@client-admins.example",
                                                            "Sol Staff", "staff", NULL);
  g_autoptr (CcalApiClient) client = new_client (staff_key);
  g_autoptr (GPtrArray) admins = NULL;
  g_autoptr (GError) error = NULL;
  CcalAdmin *first, *second;
  g_autoptr (CcalAdmin) copy = NULL;

  admins = list_admins (client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (admins);
  g_assert_cmpuint (admins->len, ==, 2);
  first = g_ptr_array_index (admins, 0);
  second = g_ptr_array_index (admins, 1);
  g_assert_cmpstr (first->admin_id, ==, second_id);
  g_assert_cmpstr (first->name, ==, "Amy Adler");
  g_assert_cmpstr (first->email, ==, "amy@client-admins.example");
  g_assert_cmpstr (first->timezone, ==, "UTC");
  g_assert_cmpstr (second->admin_id, ==, admin_id);
  g_assert_cmpstr (second->name, ==, "Zed Zimmer");

  copy = g_boxed_copy (CCAL_TYPE_ADMIN, second);
  g_assert_cmpstr (copy->admin_id, ==, admin_id);
  g_assert_cmpstr (copy->timezone, ==, second->timezone);
}

/* Create shows the URL once; get says only since when; revoke ends it (get is then NOT_FOUND);
 * staff may do none of it. */
static void
test_feed_lifecycle (void)
{
  g_autofree char *admin_key = ccal_test_server_init_workspace (shared, "client-feed", "ann@client-feed.example",
                                                                "Ann Feed", NULL);
  g_autofree char *staff_key = ccal_test_server_create_key (shared, "client-feed", "stu@client-feed.example",
                                                            "Stu Staff", "staff", NULL);
  g_autoptr (CcalApiClient) client = new_client (admin_key);
  g_autoptr (CcalApiClient) staff = new_client (staff_key);
  g_autoptr (CcalFeed) none = NULL;
  g_autoptr (CcalFeed) created = NULL;
  g_autoptr (CcalFeed) copy = NULL;
  g_autoptr (CcalFeed) status = NULL;
  g_autoptr (CcalFeed) gone = NULL;
  g_autoptr (CcalFeed) refused = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalTestResponse) ics = NULL;
  g_autofree char *expected_url = NULL;
  gint64 before = g_get_real_time ();

  none = get_feed (client, &error);
  g_assert_null (none);
  assert_api_error (error, CCAL_API_ERROR_NOT_FOUND, 404, NULL);
  g_clear_error (&error);

  created = create_feed (client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (created->token);
  expected_url = g_strconcat (shared->base_url, "/api/calendar/feed.ics?token=", created->token, NULL);
  g_assert_cmpstr (created->url, ==, expected_url);
  g_assert_cmpint (created->created_at, >=, before);
  g_assert_cmpint (created->created_at, <=, g_get_real_time ());

  copy = g_boxed_copy (CCAL_TYPE_FEED, created);
  g_assert_cmpstr (copy->url, ==, created->url);
  g_assert_cmpstr (copy->token, ==, created->token);
  g_assert_cmpint (copy->created_at, ==, created->created_at);

  /* The URL works with nothing but itself. */
  ics = ccal_test_server_request (shared, "GET", created->url + strlen (shared->base_url), NULL, NULL);
  g_assert_cmpuint (ics->status, ==, 200);

  status = get_feed (client, &error);
  g_assert_no_error (error);
  g_assert_null (status->url);
  g_assert_null (status->token);
  g_assert_cmpint (status->created_at, ==, created->created_at);

  refused = create_feed (staff, &error);
  g_assert_null (refused);
  assert_api_error (error, CCAL_API_ERROR_FORBIDDEN, 403, NULL);
  g_clear_error (&error);
  g_assert_false (revoke_feed (staff, &error));
  assert_api_error (error, CCAL_API_ERROR_FORBIDDEN, 403, NULL);
  g_clear_error (&error);

  g_assert_true (revoke_feed (client, &error));
  g_assert_no_error (error);
  gone = get_feed (client, &error);
  g_assert_null (gone);
  assert_api_error (error, CCAL_API_ERROR_NOT_FOUND, 404, NULL);
}

int
main (int    argc,
      char **argv)
{
  const char *const serve_args[] = { "--rate-limit", "0", NULL };
  int result;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/api/url/invalid", test_url_invalid);
  g_test_add_func ("/api/url/insecure-http-refused", test_url_insecure);
  g_test_add_func ("/api/health", test_health);
  g_test_add_func ("/api/timezones", test_timezones);
  g_test_add_func ("/api/auth/me", test_me);
  g_test_add_func ("/api/auth/jwt-and-expired-jwt", test_jwt);
  g_test_add_func ("/api/auth/bad-key", test_bad_key);
  g_test_add_func ("/api/auth/forbidden", test_forbidden);
  g_test_add_func ("/api/events/round-trip-if-match", test_events_round_trip);
  g_test_add_func ("/api/events/paging", test_events_paging);
  g_test_add_func ("/api/events/idempotency-key", test_events_idempotency);
  g_test_add_func ("/api/events/sync-token-expired", test_sync_token_expired);
  g_test_add_func ("/api/errors/invalid-field", test_invalid_field);
  g_test_add_func ("/api/errors/payload-too-large", test_payload_too_large);
  g_test_add_func ("/api/settings/round-trip-if-match", test_settings);
  g_test_add_func ("/api/bookings/availability-and-book", test_availability_and_book);
  g_test_add_func ("/api/bookings/holds", test_holds);
  g_test_add_func ("/api/bookings/lifecycle", test_booking_lifecycle);
  g_test_add_func ("/api/bookings/follow-up-done", test_follow_up_done);
  g_test_add_func ("/api/bookings/list-and-sync", test_bookings_list_and_sync);
  g_test_add_func ("/api/analytics/bookings", test_analytics);
  g_test_add_func ("/api/analytics/needs-admin", test_analytics_needs_admin);
  g_test_add_func ("/api/admins/list", test_admins_list);
  g_test_add_func ("/api/feed/lifecycle", test_feed_lifecycle);
  g_test_add_func ("/api/errors/connection-refused", test_connection_refused);
  g_test_add_func ("/api/errors/timeout", test_timeout);
  g_test_add_func ("/api/errors/cancelled", test_cancelled);
  g_test_add_func ("/api/errors/invalid-answers", test_invalid_answers);
  g_test_add_func ("/api/errors/tls-untrusted", test_tls_untrusted);
  g_test_add_func ("/api/errors/rate-limited", test_rate_limited);

  shared = ccal_test_server_new (serve_args);
  result = g_test_run ();
  ccal_test_server_free (shared);

  return result;
}
