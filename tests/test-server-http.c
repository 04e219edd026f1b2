/* test-server-http.c — the real server binary over HTTP: protocol, roles, events, settings, shutdown
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <signal.h>
#include <string.h>

#include "ccal-test-server.h"

/* Most cases share one server (starting one takes a while); each case that counts rows works in a
 * workspace of its own so the others cannot disturb it. */
static CcalTestServer *shared;

static const char *const event_body_format =
  "{\"title\":\"%s\",\"type\":\"%s\",\"start_time\":\"%s\",\"end_time\":\"%s\"}";

static JsonObject *
create_event (CcalTestServer *server,
              const char     *key,
              const char     *title,
              const char     *start,
              const char     *end)
{
  g_autofree char *body = g_strdup_printf (event_body_format, title, "blocked", start, end);
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (server, "POST", "/api/calendar/events", key, body);

  if (response->status != 201)
    g_printerr ("# %.*s\n", (int) g_bytes_get_size (response->body), (const char *) g_bytes_get_data (response->body, NULL));
  g_assert_cmpuint (response->status, ==, 201);
  return json_object_ref (ccal_test_response_member (response, "event"));
}

static char *
event_path (const char *id)
{
  return g_strconcat ("/api/calendar/events/", id, NULL);
}

/* ── protocol ───────────────────────────────────────────────────────────────────────────────── */

static void
test_health (void)
{
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "GET", "/api/health", NULL, NULL);
  JsonObject *object = ccal_test_response_object (response);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==, "application/json");
}

static void
test_timezones (void)
{
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "GET", "/api/calendar/timezones",
                                                                    NULL, NULL);
  JsonArray *zones;
  gboolean saw_berlin = FALSE, saw_utc = FALSE;

  g_assert_cmpuint (response->status, ==, 200);
  zones = json_object_get_array_member (ccal_test_response_object (response), "timezones");
  g_assert_cmpuint (json_array_get_length (zones), >, 300);

  for (guint i = 0; i < json_array_get_length (zones); i++)
    {
      JsonObject *zone = json_array_get_object_element (zones, i);
      const char *id = json_object_get_string_member (zone, "id");
      const char *offset = json_object_get_string_member (zone, "utc_offset");

      /* "+01:00" / "-03:30" */
      g_assert_cmpuint (strlen (offset), ==, 6);
      g_assert_true (offset[0] == '+' || offset[0] == '-');
      g_assert_cmpint (offset[3], ==, ':');

      if (i > 0)
        {
          const char *previous = json_object_get_string_member (json_array_get_object_element (zones, i - 1), "id");

          g_assert_cmpint (strcmp (previous, id), <, 0);
        }
      saw_berlin |= g_str_equal (id, "Europe/Berlin");
      if (g_str_equal (id, "UTC"))
        {
          saw_utc = TRUE;
          g_assert_cmpstr (offset, ==, "+00:00");
        }
    }
  g_assert_true (saw_berlin);
  g_assert_true (saw_utc);
}

static void
test_unknown_route (void)
{
  const char *paths[] = { "/", "/api", "/api/calendar/nothing", "/api/calendar/events/x/y/z", "/../etc/passwd" };

  for (gsize i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "GET", paths[i], shared->admin_key,
                                                                        NULL);

      /* libsoup itself refuses a path that climbs out ("/../"); everything else is our 404 JSON. */
      if (response->status == 400 && i == 4)
        continue;
      ccal_test_response_assert_error (response, 404, "not_found", NULL);
    }
}

static void
test_wrong_method (void)
{
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "DELETE", "/api/calendar/timezones",
                                                                    NULL, NULL);
  g_autoptr (CcalTestResponse) settings = ccal_test_server_request (shared, "POST", "/api/calendar/settings",
                                                                    shared->admin_key, "{}");
  const char *allow;

  ccal_test_response_assert_error (response, 405, "method_not_allowed", NULL);
  allow = ccal_test_response_header (response, "Allow");
  g_assert_nonnull (allow);
  g_assert_nonnull (strstr (allow, "GET"));

  ccal_test_response_assert_error (settings, 405, "method_not_allowed", NULL);
  allow = ccal_test_response_header (settings, "Allow");
  g_assert_nonnull (strstr (allow, "GET"));
  g_assert_nonnull (strstr (allow, "PUT"));
  g_assert_null (strstr (allow, "POST"));
}

static void
test_payload_too_large (void)
{
  gsize size = 64 * 1024 + 1;
  g_autofree char *big = g_malloc (size);
  g_autoptr (CcalTestResponse) response = NULL;
  g_autoptr (CcalTestResponse) exactly = NULL;
  g_autoptr (CcalTestResponse) after = NULL;

  /* A JSON string just over the limit: the size alone decides. */
  memset (big, ' ', size);
  big[0] = '{';
  big[size - 1] = '}';
  response = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/events", shared->admin_key,
                                            "application/json", big, size, NULL);
  ccal_test_response_assert_error (response, 413, "payload_too_large", NULL);

  /* Exactly 64 KiB is allowed (and then judged as JSON: an empty object misses its fields). */
  big[size - 2] = '}';
  exactly = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/events", shared->admin_key,
                                           "application/json", big, size - 1, NULL);
  ccal_test_response_assert_error (exactly, 400, "invalid_request", NULL);

  /* The server still answers normally afterwards. */
  after = ccal_test_server_request (shared, "GET", "/api/health", NULL, NULL);
  g_assert_cmpuint (after->status, ==, 200);
}

static void
test_payload_too_large_chunked (void)
{
  gsize size = 200 * 1024;
  g_autofree char *url = g_strconcat (shared->base_url, "/api/calendar/events", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", shared->admin_key, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr (GInputStream) stream = NULL;
  g_autoptr (GBytes) body = NULL;
  g_autoptr (GError) error = NULL;
  char *data = g_malloc (size);

  memset (data, ' ', size);
  data[0] = '{';
  data[size - 1] = '}';
  /* A stream of unknown length goes out chunked: no Content-Length to refuse early. */
  stream = g_memory_input_stream_new_from_data (data, (gssize) size, g_free);
  soup_message_set_request_body (msg, "application/json", stream, -1);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);

  body = soup_session_send_and_read (shared->session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 413);
  g_assert_nonnull (strstr (g_bytes_get_data (body, NULL), "payload_too_large"));
}

static void
test_unsupported_media_type (void)
{
  const char *body = "{\"title\":\"x\"}";
  g_autoptr (CcalTestResponse) text = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/events",
                                                                     shared->admin_key, "text/plain", body,
                                                                     strlen (body), NULL);
  g_autoptr (CcalTestResponse) form = ccal_test_server_request_full (shared, NULL, "PUT", "/api/calendar/settings",
                                                                     shared->admin_key,
                                                                     "application/x-www-form-urlencoded",
                                                                     "a=b", 3, NULL);
  g_autoptr (CcalTestResponse) latin1 = ccal_test_server_request_full (shared, NULL, "PUT", "/api/calendar/settings",
                                                                       shared->admin_key,
                                                                       "application/json; charset=iso-8859-1",
                                                                       "{}", 2, NULL);
  g_autoptr (CcalTestResponse) utf8 = ccal_test_server_request_full (shared, NULL, "PUT", "/api/calendar/settings",
                                                                     shared->admin_key,
                                                                     "application/json; charset=UTF-8", "{}", 2, NULL);

  ccal_test_response_assert_error (text, 415, "unsupported_media_type", NULL);
  ccal_test_response_assert_error (form, 415, "unsupported_media_type", NULL);
  ccal_test_response_assert_error (latin1, 415, "unsupported_media_type", NULL);
  g_assert_cmpuint (utf8->status, ==, 200);
}

static void
test_malformed_json (void)
{
  const char *bodies[] = { "{\"title\":", "[1,2]", "\"text\"", "42", "{\"title\":\"a\"} trailing" };

  for (gsize i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "POST", "/api/calendar/events",
                                                                        shared->admin_key, bodies[i]);
      JsonObject *error;

      ccal_test_response_assert_error (response, 400, "invalid_request", NULL);
      error = json_object_get_object_member (ccal_test_response_object (response), "error");
      /* Only code, message and (optionally) field. */
      g_assert_cmpuint (json_object_get_size (error), <=, 3);
    }

  /* A POST without a body. */
  {
    g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "POST", "/api/calendar/events",
                                                                      shared->admin_key, NULL);

    ccal_test_response_assert_error (response, 400, "invalid_request", NULL);
  }

  /* Invalid UTF-8 is not JSON either. */
  {
    g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "POST", "/api/calendar/events",
                                                                      shared->admin_key, "{\"title\":\"\xff\xfe\"}");

    ccal_test_response_assert_error (response, 400, "invalid_request", NULL);
  }
}

static void
test_wrong_types_name_field (void)
{
  struct
  {
    const char *body;
    const char *field;
  } cases[] = {
    { "{\"title\":5,\"type\":\"blocked\",\"start_time\":\"2030-01-01T09:00:00Z\",\"end_time\":\"2030-01-01T10:00:00Z\"}", "title" },
    { "{\"title\":\"x\",\"type\":\"party\",\"start_time\":\"2030-01-01T09:00:00Z\",\"end_time\":\"2030-01-01T10:00:00Z\"}", "type" },
    { "{\"title\":\"x\",\"type\":\"blocked\",\"start_time\":1893488400,\"end_time\":\"2030-01-01T10:00:00Z\"}", "start_time" },
    { "{\"title\":\"x\",\"type\":\"blocked\",\"start_time\":\"2030-01-01T09:00:00Z\",\"end_time\":\"2030-01-01T08:00:00Z\"}", "end_time" },
    { "{\"title\":\"x\",\"type\":\"blocked\",\"start_time\":\"2030-01-01T09:00:00Z\",\"end_time\":\"2030-01-01T10:00:00Z\",\"timezone\":\"Mars/Olympus\"}", "timezone" },
    { "{\"title\":\"x\",\"type\":\"blocked\",\"start_time\":\"2030-01-01T09:00:00Z\",\"end_time\":\"2030-01-01T10:00:00Z\",\"admin_id\":\"nope\"}", "admin_id" },
    { "{\"title\":\"x\",\"type\":\"blocked\",\"start_time\":\"2030-01-01T09:00:00Z\",\"end_time\":\"2030-01-01T10:00:00Z\",\"metadata\":[1]}", "metadata" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "POST", "/api/calendar/events",
                                                                        shared->admin_key, cases[i].body);

      ccal_test_response_assert_error (response, 400, "invalid_request", cases[i].field);
    }
}

static void
test_bad_query_parameters (void)
{
  struct
  {
    const char *path;
    const char *field;
  } cases[] = {
    { "/api/calendar/events?limit=0", "limit" },
    { "/api/calendar/events?limit=1001", "limit" },
    { "/api/calendar/events?limit=ten", "limit" },
    { "/api/calendar/events?from=yesterday", "from" },
    { "/api/calendar/events?to=2030-13-01T00:00:00Z", "to" },
    { "/api/calendar/events?type=party", "type" },
    { "/api/calendar/events?admin_id=not-a-uuid", "admin_id" },
    { "/api/calendar/events?cursor=bm9wZQ", "cursor" },
    { "/api/calendar/events/not-a-uuid", "id" },
    { "/api/calendar/settings?admin_id=42", "admin_id" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "GET", cases[i].path,
                                                                        shared->admin_key, NULL);

      ccal_test_response_assert_error (response, 400, "invalid_request", cases[i].field);
    }
}

/* ── the role matrix ────────────────────────────────────────────────────────────────────────── */

static void
assert_unauthorized (const char *method,
                     const char *path,
                     const char *token,
                     const char *body)
{
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, method, path, token, body);

  ccal_test_response_assert_error (response, 401, "unauthorized", NULL);
  g_assert_cmpstr (ccal_test_response_header (response, "WWW-Authenticate"), ==, "Bearer");
}

static void
test_no_credential (void)
{
  assert_unauthorized ("GET", "/api/calendar/me", NULL, NULL);
  assert_unauthorized ("GET", "/api/calendar/events", NULL, NULL);
  assert_unauthorized ("GET", "/api/calendar/settings", NULL, NULL);
  assert_unauthorized ("POST", "/api/calendar/events", NULL, "{}");

  /* Not a Bearer credential at all. */
  {
    const char *headers[] = { "Authorization", "Basic YWRtaW46YWRtaW4=", NULL };
    g_autoptr (CcalTestResponse) response = ccal_test_server_request_full (shared, NULL, "GET", "/api/calendar/me",
                                                                           NULL, NULL, NULL, 0, headers);

    ccal_test_response_assert_error (response, 401, "unauthorized", NULL);
  }
}

static void
test_bad_key (void)
{
  g_autofree char *unknown = g_strdup (shared->admin_key);

  /* Right shape, wrong bits. */
  unknown[strlen (unknown) - 1] = unknown[strlen (unknown) - 1] == '0' ? '1' : '0';
  assert_unauthorized ("GET", "/api/calendar/me", unknown, NULL);
  assert_unauthorized ("GET", "/api/calendar/me", "fc_live_short", NULL);
  assert_unauthorized ("GET", "/api/calendar/me", "garbage", NULL);
}

static void
test_revoked_key (void)
{
  g_autofree char *key = ccal_test_server_create_key (shared, NULL, "leaver@acme.example", "Lee Leaver", "staff", NULL);
  g_autoptr (CcalTestResponse) before = ccal_test_server_request (shared, "GET", "/api/calendar/me", key, NULL);

  g_assert_cmpuint (before->status, ==, 200);
  /* Staff work on the workspace's admin's calendar: /me tells them which. */
  g_assert_cmpstr (json_object_get_string_member (ccal_test_response_object (before), "role"), ==, "staff");
  g_assert_cmpstr (json_object_get_string_member (ccal_test_response_object (before), "admin_id"), ==,
                   shared->admin_id);
  ccal_test_server_revoke_key (shared, key);
  assert_unauthorized ("GET", "/api/calendar/me", key, NULL);
}

static void
test_staff_on_admin_endpoint (void)
{
  g_autofree char *staff = ccal_test_server_create_key (shared, NULL, "sam@acme.example", "Sam Staff", "staff", NULL);
  g_autofree char *body = g_strdup_printf (event_body_format, "x", "blocked", "2030-01-01T09:00:00Z",
                                           "2030-01-01T10:00:00Z");
  g_autofree char *settings_path = g_strdup_printf ("/api/calendar/settings?admin_id=%s", shared->admin_id);
  g_autoptr (JsonObject) event = create_event (shared, shared->admin_key, "Lunch", "2030-01-02T12:00:00Z",
                                               "2030-01-02T13:00:00Z");
  g_autofree char *path = event_path (json_object_get_string_member (event, "id"));

  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "POST", "/api/calendar/events", staff, body);
    ccal_test_response_assert_error (r, 403, "forbidden", NULL);
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "PUT", path, staff, "{\"title\":\"Mine\"}");
    ccal_test_response_assert_error (r, 403, "forbidden", NULL);
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "DELETE", path, staff, NULL);
    ccal_test_response_assert_error (r, 403, "forbidden", NULL);
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "PUT", "/api/calendar/settings", staff,
                                                               "{\"slot_minutes\":15}");
    ccal_test_response_assert_error (r, 403, "forbidden", NULL);
  }

  /* What staff may do. */
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", "/api/calendar/events", staff, NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", path, staff, NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", settings_path, staff, NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
  {
    /* Staff have no calendar of their own: which admin must be said. */
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", "/api/calendar/settings", staff, NULL);
    ccal_test_response_assert_error (r, 400, "invalid_request", "admin_id");
  }
}

static void
test_other_workspace (void)
{
  g_autofree char *other_admin_id = NULL;
  g_autofree char *other_key = ccal_test_server_init_workspace (shared, "globex", "hank@globex.example",
                                                                "Hank Scorpio", &other_admin_id);
  g_autoptr (JsonObject) event = create_event (shared, shared->admin_key, "Acme only", "2030-02-01T09:00:00Z",
                                               "2030-02-01T10:00:00Z");
  g_autofree char *path = event_path (json_object_get_string_member (event, "id"));
  g_autofree char *foreign_settings = g_strdup_printf ("/api/calendar/settings?admin_id=%s", shared->admin_id);

  /* Another workspace's row is "not found", whatever the method. */
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", path, other_key, NULL);
    ccal_test_response_assert_error (r, 404, "not_found", NULL);
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "PUT", path, other_key, "{\"title\":\"Mine\"}");
    ccal_test_response_assert_error (r, 404, "not_found", NULL);
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "DELETE", path, other_key, NULL);
    ccal_test_response_assert_error (r, 404, "not_found", NULL);
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", foreign_settings, other_key, NULL);
    ccal_test_response_assert_error (r, 404, "not_found", NULL);
  }

  /* Its list does not show acme's events. */
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", "/api/calendar/events", other_key, NULL);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ccal_test_response_object (r), "events")),
                      ==, 0);
  }

  /* Naming another workspace is forbidden; naming one's own is fine. */
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", "/api/calendar/events?workspace_id=acme",
                                                               other_key, NULL);
    ccal_test_response_assert_error (r, 403, "forbidden", NULL);
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET",
                                                               "/api/calendar/events?workspace_id=globex",
                                                               other_key, NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }

  /* The event still exists, unchanged, for its owner. */
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", path, shared->admin_key, NULL);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (ccal_test_response_member (r, "event"), "title"), ==, "Acme only");
  }

  /* A body claiming another workspace is refused too. */
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "POST", "/api/calendar/events", other_key,
                                                               "{\"workspace_id\":\"acme\",\"title\":\"x\",\"type\":\"blocked\","
                                                               "\"start_time\":\"2030-01-01T09:00:00Z\","
                                                               "\"end_time\":\"2030-01-01T10:00:00Z\"}");
    ccal_test_response_assert_error (r, 403, "forbidden", NULL);
  }
}

static void
test_jwt (void)
{
  g_autofree char *staff_id = NULL;
  g_autofree char *staff_key = ccal_test_server_create_key (shared, NULL, "jay@acme.example", "Jay Token", "staff",
                                                            &staff_id);
  g_autofree char *good = ccal_test_server_make_jwt (shared, shared->admin_id, "acme", "admin", 600);
  g_autofree char *narrowed = ccal_test_server_make_jwt (shared, shared->admin_id, "acme", "staff", 600);
  g_autofree char *widened = ccal_test_server_make_jwt (shared, staff_id, "acme", "admin", 600);
  g_autofree char *expired = ccal_test_server_make_jwt (shared, shared->admin_id, "acme", "admin", -10);
  g_autofree char *unknown_user = ccal_test_server_make_jwt (shared, "6f1c1a52-8a2e-4d8e-9c43-0c8b8f6f2a10", "acme",
                                                             "admin", 600);
  g_autofree char *wrong_workspace = ccal_test_server_make_jwt (shared, shared->admin_id, "globex2", "admin", 600);
  g_autofree char *payload = g_strdup_printf ("{\"sub\":\"%s\",\"workspace_id\":\"acme\",\"role\":\"admin\","
                                              "\"exp\":%" G_GINT64_FORMAT "}",
                                              shared->admin_id, g_get_real_time () / G_USEC_PER_SEC + 600);
  g_autofree char *wrong_signature = ccal_test_jwt_sign ("a-completely-different-secret-0123456789",
                                                         "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload);
  g_autofree char *alg_none = ccal_test_jwt_sign (shared->jwt_secret, "{\"alg\":\"none\",\"typ\":\"JWT\"}", payload);
  g_autofree char *alg_none_unsigned = g_strdup (alg_none);

  *(strrchr (alg_none_unsigned, '.') + 1) = '\0';

  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", "/api/calendar/me", good, NULL);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (ccal_test_response_object (r), "user_id"), ==, shared->admin_id);
    g_assert_cmpstr (json_object_get_string_member (ccal_test_response_object (r), "role"), ==, "admin");
  }

  /* A token may narrow the role (an admin's staff token) but never widen it. */
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "PUT", "/api/calendar/settings", narrowed,
                                                               "{\"slot_minutes\":30}");
    ccal_test_response_assert_error (r, 403, "forbidden", NULL);
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "PUT", "/api/calendar/settings", widened,
                                                               "{\"slot_minutes\":30}");
    ccal_test_response_assert_error (r, 403, "forbidden", NULL);
  }

  assert_unauthorized ("GET", "/api/calendar/me", expired, NULL);
  assert_unauthorized ("GET", "/api/calendar/me", unknown_user, NULL);
  assert_unauthorized ("GET", "/api/calendar/me", wrong_workspace, NULL);
  assert_unauthorized ("GET", "/api/calendar/me", wrong_signature, NULL);
  assert_unauthorized ("GET", "/api/calendar/me", alg_none, NULL);
  assert_unauthorized ("GET", "/api/calendar/me", alg_none_unsigned, NULL);
}

static void
test_me (void)
{
  g_autofree char *staff_id = NULL;
  g_autofree char *staff = ccal_test_server_create_key (shared, NULL, "mo@acme.example", "Mo Staff", "staff", &staff_id);
  g_autoptr (CcalTestResponse) admin_me = ccal_test_server_request (shared, "GET", "/api/calendar/me",
                                                                    shared->admin_key, NULL);
  g_autoptr (CcalTestResponse) staff_me = ccal_test_server_request (shared, "GET", "/api/calendar/me", staff, NULL);
  JsonObject *object;

  g_assert_cmpuint (admin_me->status, ==, 200);
  object = ccal_test_response_object (admin_me);
  g_assert_cmpstr (json_object_get_string_member (object, "user_id"), ==, shared->admin_id);
  g_assert_cmpstr (json_object_get_string_member (object, "email"), ==, "admin@acme.example");
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "Ada Admin");
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, "admin");
  g_assert_cmpstr (json_object_get_string_member (object, "workspace_id"), ==, "acme");
  g_assert_cmpstr (json_object_get_string_member (object, "admin_id"), ==, shared->admin_id);

  g_assert_cmpuint (staff_me->status, ==, 200);
  object = ccal_test_response_object (staff_me);
  g_assert_cmpstr (json_object_get_string_member (object, "user_id"), ==, staff_id);
  g_assert_cmpstr (json_object_get_string_member (object, "role"), ==, "staff");
  g_assert_true (json_object_has_member (object, "admin_id"));
}

/* ── events ─────────────────────────────────────────────────────────────────────────────────── */

static void
test_events_crud (void)
{
  g_autoptr (JsonObject) event = create_event (shared, shared->admin_key, "Dentist", "2030-03-01T09:00:00+01:00",
                                               "2030-03-01T10:00:00+01:00");
  const char *id = json_object_get_string_member (event, "id");
  g_autofree char *path = event_path (id);

  /* Stored as given, answered in UTC. */
  g_assert_cmpstr (json_object_get_string_member (event, "start_time"), ==, "2030-03-01T08:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (event, "workspace_id"), ==, "acme");
  g_assert_cmpstr (json_object_get_string_member (event, "admin_id"), ==, shared->admin_id);
  g_assert_cmpstr (json_object_get_string_member (event, "created_by"), ==, shared->admin_id);
  g_assert_cmpint (json_object_get_int_member (event, "version"), ==, 1);

  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", path, shared->admin_key, NULL);
    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (ccal_test_response_header (r, "ETag"), ==, "\"1\"");
  }

  /* A stale If-Match changes nothing. */
  {
    const char *headers[] = { "If-Match", "\"7\"", NULL };
    g_autoptr (CcalTestResponse) r = ccal_test_server_request_full (shared, NULL, "PUT", path, shared->admin_key,
                                                                    "application/json", "{\"title\":\"Stale\"}", 17,
                                                                    headers);
    ccal_test_response_assert_error (r, 412, "version_conflict", NULL);
  }

  /* The right one changes the named field only and bumps the version. */
  {
    const char *headers[] = { "If-Match", "\"1\"", NULL };
    const char *body = "{\"title\":\"Dentist (moved)\",\"location\":\"Main St 1\"}";
    g_autoptr (CcalTestResponse) r = ccal_test_server_request_full (shared, NULL, "PUT", path, shared->admin_key,
                                                                    "application/json", body, strlen (body), headers);
    JsonObject *updated;

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (ccal_test_response_header (r, "ETag"), ==, "\"2\"");
    updated = ccal_test_response_member (r, "event");
    g_assert_cmpstr (json_object_get_string_member (updated, "title"), ==, "Dentist (moved)");
    g_assert_cmpstr (json_object_get_string_member (updated, "location"), ==, "Main St 1");
    g_assert_cmpstr (json_object_get_string_member (updated, "start_time"), ==, "2030-03-01T08:00:00Z");
    g_assert_cmpint (json_object_get_int_member (updated, "version"), ==, 2);
  }

  /* A PUT that would make it invalid is refused and changes nothing. */
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "PUT", path, shared->admin_key,
                                                               "{\"end_time\":\"2030-03-01T07:00:00Z\"}");
    g_autoptr (CcalTestResponse) check = ccal_test_server_request (shared, "GET", path, shared->admin_key, NULL);

    ccal_test_response_assert_error (r, 400, "invalid_request", "end_time");
    g_assert_cmpstr (ccal_test_response_header (check, "ETag"), ==, "\"2\"");
  }

  /* DELETE honours If-Match as well. */
  {
    const char *headers[] = { "If-Match", "\"1\"", NULL };
    g_autoptr (CcalTestResponse) r = ccal_test_server_request_full (shared, NULL, "DELETE", path, shared->admin_key,
                                                                    NULL, NULL, 0, headers);
    ccal_test_response_assert_error (r, 412, "version_conflict", NULL);
  }
  {
    const char *headers[] = { "If-Match", "\"2\"", NULL };
    g_autoptr (CcalTestResponse) r = ccal_test_server_request_full (shared, NULL, "DELETE", path, shared->admin_key,
                                                                    NULL, NULL, 0, headers);
    g_assert_cmpuint (r->status, ==, 204);
    g_assert_cmpuint (g_bytes_get_size (r->body), ==, 0);
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", path, shared->admin_key, NULL);
    ccal_test_response_assert_error (r, 404, "not_found", NULL);
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "PUT", path, shared->admin_key,
                                                               "{\"title\":\"Zombie\"}");
    ccal_test_response_assert_error (r, 404, "not_found", NULL);
  }

  /* An id that never existed. */
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "DELETE",
                                                               "/api/calendar/events/00000000-0000-4000-8000-000000000000",
                                                               shared->admin_key, NULL);
    ccal_test_response_assert_error (r, 404, "not_found", NULL);
  }
}

static guint
count_events (const char *key,
              const char *query)
{
  g_autofree char *path = g_strconcat ("/api/calendar/events", query, NULL);
  g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", path, key, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return json_array_get_length (json_object_get_array_member (ccal_test_response_object (r), "events"));
}

static void
test_events_idempotent_replay (void)
{
  g_autofree char *key = ccal_test_server_init_workspace (shared, "replay", "r@replay.example", "Rae Play", NULL);
  g_autofree char *body = g_strdup_printf (event_body_format, "Offline edit", "event", "2030-04-01T09:00:00Z",
                                           "2030-04-01T10:00:00Z");
  g_autofree char *other_body = g_strdup_printf (event_body_format, "Other", "event", "2030-04-01T09:00:00Z",
                                                 "2030-04-01T10:00:00Z");
  const char *headers[] = { "Idempotency-Key", "outbox-entry-0001", NULL };
  g_autoptr (CcalTestResponse) first = NULL;
  g_autoptr (CcalTestResponse) second = NULL;
  g_autoptr (CcalTestResponse) reused = NULL;

  first = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/events", key, "application/json", body,
                                         strlen (body), headers);
  second = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/events", key, "application/json", body,
                                          strlen (body), headers);
  g_assert_cmpuint (first->status, ==, 201);
  g_assert_cmpuint (second->status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (ccal_test_response_member (first, "event"), "id"), ==,
                   json_object_get_string_member (ccal_test_response_member (second, "event"), "id"));
  g_assert_cmpstr (ccal_test_response_header (second, "ETag"), ==, "\"1\"");
  g_assert_cmpuint (count_events (key, ""), ==, 1);

  reused = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/events", key, "application/json",
                                          other_body, strlen (other_body), headers);
  ccal_test_response_assert_error (reused, 422, "idempotency_key_reused", NULL);
  g_assert_cmpuint (count_events (key, ""), ==, 1);

  /* Without a key, the same body makes a second event: keys are what make replays safe. */
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "POST", "/api/calendar/events", key, body);
    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpuint (count_events (key, ""), ==, 2);
  }

  /* Keys are 1–255 characters. */
  {
    g_autofree char *long_key = g_strnfill (256, 'k');
    const char *long_headers[] = { "Idempotency-Key", long_key, NULL };
    g_autoptr (CcalTestResponse) r = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/events", key,
                                                                    "application/json", body, strlen (body),
                                                                    long_headers);
    ccal_test_response_assert_error (r, 400, "invalid_request", "Idempotency-Key");
  }
}

static void
test_events_paging (void)
{
  g_autofree char *key = ccal_test_server_init_workspace (shared, "paging", "p@paging.example", "Pat Paging", NULL);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *cursor = NULL;
  guint pages = 0;
  guint sizes[3] = { 0 };

  for (int i = 0; i < 250; i++)
    {
      g_autofree char *start = g_strdup_printf ("2030-05-%02dT%02d:00:00Z", 1 + i / 10, 8 + i % 10);
      g_autofree char *end = g_strdup_printf ("2030-05-%02dT%02d:30:00Z", 1 + i / 10, 8 + i % 10);
      g_autofree char *title = g_strdup_printf ("Event %d", i);
      g_autoptr (JsonObject) event = create_event (shared, key, title, start, end);
    }

  do
    {
      g_autofree char *path = cursor != NULL
                                ? g_strdup_printf ("/api/calendar/events?limit=100&cursor=%s", cursor)
                                : g_strdup ("/api/calendar/events?limit=100");
      g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", path, key, NULL);
      JsonObject *object;
      JsonArray *events;

      g_assert_cmpuint (r->status, ==, 200);
      object = ccal_test_response_object (r);
      events = json_object_get_array_member (object, "events");
      g_assert_cmpuint (pages, <, 3);
      sizes[pages++] = json_array_get_length (events);

      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          const char *id = json_object_get_string_member (json_array_get_object_element (events, i), "id");

          /* No row twice across pages. */
          g_assert_true (g_hash_table_add (seen, g_strdup (id)));
        }

      g_clear_pointer (&cursor, g_free);
      if (!json_object_get_null_member (object, "next_cursor"))
        cursor = g_uri_escape_string (json_object_get_string_member (object, "next_cursor"), NULL, TRUE);
      g_assert_nonnull (json_object_get_string_member (object, "sync_token"));
    }
  while (cursor != NULL);

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (sizes[0], ==, 100);
  g_assert_cmpuint (sizes[1], ==, 100);
  g_assert_cmpuint (sizes[2], ==, 50);
  g_assert_cmpuint (g_hash_table_size (seen), ==, 250);

  /* The default page is 100. */
  g_assert_cmpuint (count_events (key, ""), ==, 100);
}

static char *
list_sync_token (const char *key,
                 const char *path)
{
  g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", path, key, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  return g_strdup (json_object_get_string_member (ccal_test_response_object (r), "sync_token"));
}

static void
test_events_sync_token (void)
{
  g_autofree char *key = ccal_test_server_init_workspace (shared, "sync", "s@sync.example", "Syd Sync", NULL);
  g_autoptr (JsonObject) kept = create_event (shared, key, "Kept", "2030-06-01T09:00:00Z", "2030-06-01T10:00:00Z");
  g_autoptr (JsonObject) changed = create_event (shared, key, "Changed", "2030-06-02T09:00:00Z",
                                                 "2030-06-02T10:00:00Z");
  g_autoptr (JsonObject) removed = create_event (shared, key, "Removed", "2030-06-03T09:00:00Z",
                                                 "2030-06-03T10:00:00Z");
  g_autoptr (JsonObject) added = NULL;
  g_autofree char *token = list_sync_token (key, "/api/calendar/events");
  g_autofree char *changed_path = event_path (json_object_get_string_member (changed, "id"));
  g_autofree char *removed_path = event_path (json_object_get_string_member (removed, "id"));
  g_autofree char *escaped = g_uri_escape_string (token, NULL, TRUE);
  g_autofree char *sync_path = g_strdup_printf ("/api/calendar/events?sync_token=%s", escaped);
  g_autofree char *next_token = NULL;
  gboolean saw_changed = FALSE, saw_removed = FALSE, saw_added = FALSE;

  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "PUT", changed_path, key,
                                                               "{\"title\":\"Changed twice\"}");
    g_assert_cmpuint (r->status, ==, 200);
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "DELETE", removed_path, key, NULL);
    g_assert_cmpuint (r->status, ==, 204);
  }
  added = create_event (shared, key, "Added", "2030-06-04T09:00:00Z", "2030-06-04T10:00:00Z");

  /* Exactly what changed since the token: the edit, the deletion (as a tombstone) and the new one. */
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", sync_path, key, NULL);
    JsonArray *events;

    g_assert_cmpuint (r->status, ==, 200);
    events = json_object_get_array_member (ccal_test_response_object (r), "events");
    g_assert_cmpuint (json_array_get_length (events), ==, 3);

    for (guint i = 0; i < json_array_get_length (events); i++)
      {
        JsonObject *event = json_array_get_object_element (events, i);
        const char *id = json_object_get_string_member (event, "id");

        g_assert_cmpstr (id, !=, json_object_get_string_member (kept, "id"));
        if (g_str_equal (id, json_object_get_string_member (changed, "id")))
          {
            saw_changed = TRUE;
            g_assert_cmpstr (json_object_get_string_member (event, "title"), ==, "Changed twice");
          }
        else if (g_str_equal (id, json_object_get_string_member (removed, "id")))
          {
            saw_removed = TRUE;
            g_assert_true (json_object_get_boolean_member (event, "deleted"));
            g_assert_true (json_object_has_member (event, "version"));
          }
        else if (g_str_equal (id, json_object_get_string_member (added, "id")))
          {
            saw_added = TRUE;
          }
      }
    g_assert_true (saw_changed && saw_removed && saw_added);
    next_token = g_strdup (json_object_get_string_member (ccal_test_response_object (r), "sync_token"));
  }

  /* Nothing changed since the newer token. */
  {
    g_autofree char *next_escaped = g_uri_escape_string (next_token, NULL, TRUE);
    g_autofree char *path = g_strdup_printf ("/api/calendar/events?sync_token=%s", next_escaped);

    g_assert_cmpuint (count_events (key, path + strlen ("/api/calendar/events")), ==, 0);
  }

  /* An unknown token, and a token of another workspace, mean "start over". */
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", "/api/calendar/events?sync_token=bogus",
                                                               key, NULL);
    ccal_test_response_assert_error (r, 410, "sync_token_expired", NULL);
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", sync_path, shared->admin_key, NULL);
    ccal_test_response_assert_error (r, 410, "sync_token_expired", NULL);
  }
}

/* ── settings ───────────────────────────────────────────────────────────────────────────────── */

static void
test_settings (void)
{
  g_autofree char *key = ccal_test_server_init_workspace (shared, "settings", "s@settings.example", "Set Tings", NULL);
  gint64 version;
  g_autofree char *etag = NULL;

  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "GET", "/api/calendar/settings", key, NULL);
    JsonObject *settings;

    g_assert_cmpuint (r->status, ==, 200);
    settings = ccal_test_response_member (r, "settings");
    g_assert_cmpint (json_object_get_int_member (settings, "slot_minutes"), ==, 30);
    g_assert_cmpint (json_object_get_int_member (settings, "buffer_before_minutes"), ==, 0);
    version = json_object_get_int_member (settings, "version");
    etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);
    g_assert_cmpstr (ccal_test_response_header (r, "ETag"), ==, etag);
  }

  {
    const char *headers[] = { "If-Match", etag, NULL };
    const char *body = "{\"slot_minutes\":45,\"timezone\":\"Europe/Berlin\"}";
    g_autoptr (CcalTestResponse) r = ccal_test_server_request_full (shared, NULL, "PUT", "/api/calendar/settings", key,
                                                                    "application/json", body, strlen (body), headers);
    JsonObject *settings;

    g_assert_cmpuint (r->status, ==, 200);
    settings = ccal_test_response_member (r, "settings");
    g_assert_cmpint (json_object_get_int_member (settings, "slot_minutes"), ==, 45);
    g_assert_cmpstr (json_object_get_string_member (settings, "timezone"), ==, "Europe/Berlin");
    /* Untouched fields keep their values. */
    g_assert_cmpint (json_object_get_int_member (settings, "max_advance_days"), ==, 60);
    g_assert_cmpint (json_object_get_int_member (settings, "version"), >, version);
  }

  /* The old ETag is stale now. */
  {
    const char *headers[] = { "If-Match", etag, NULL };
    const char *body = "{\"slot_minutes\":20}";
    g_autoptr (CcalTestResponse) r = ccal_test_server_request_full (shared, NULL, "PUT", "/api/calendar/settings", key,
                                                                    "application/json", body, strlen (body), headers);
    ccal_test_response_assert_error (r, 412, "version_conflict", NULL);
  }

  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "PUT", "/api/calendar/settings", key,
                                                               "{\"slot_minutes\":3}");
    ccal_test_response_assert_error (r, 400, "invalid_request", "slot_minutes");
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "PUT", "/api/calendar/settings", key,
                                                               "{\"buffer_after_minutes\":\"ten\"}");
    ccal_test_response_assert_error (r, 400, "invalid_request", "buffer_after_minutes");
  }
  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (shared, "PUT", "/api/calendar/settings", key,
                                                               "{\"timezone\":\"Europe/Atlantis\"}");
    ccal_test_response_assert_error (r, 400, "invalid_request", "timezone");
  }

  /* Events the admin makes without a zone take the admin's. */
  {
    g_autoptr (JsonObject) event = create_event (shared, key, "Zoned", "2030-07-01T09:00:00Z", "2030-07-01T10:00:00Z");

    g_assert_cmpstr (json_object_get_string_member (event, "timezone"), ==, "Europe/Berlin");
  }
}

/* ── CORS, rate limits, shutdown, CLI ───────────────────────────────────────────────────────── */

static void
test_cors (void)
{
  const char *args[] = { "--cors-origin", "https://app.example", "--cors-origin", "https://book.example", NULL };
  g_autoptr (CcalTestServer) server = ccal_test_server_new (args);

  {
    const char *headers[] = { "Origin", "https://book.example", "Access-Control-Request-Method", "POST",
                              "Access-Control-Request-Headers", "authorization, content-type, idempotency-key", NULL };
    g_autoptr (CcalTestResponse) r = ccal_test_server_request_full (server, NULL, "OPTIONS", "/api/calendar/events",
                                                                    NULL, NULL, NULL, 0, headers);
    const char *allowed_headers;

    g_assert_cmpuint (r->status, ==, 204);
    g_assert_cmpstr (ccal_test_response_header (r, "Access-Control-Allow-Origin"), ==, "https://book.example");
    g_assert_nonnull (strstr (ccal_test_response_header (r, "Access-Control-Allow-Methods"), "POST"));
    allowed_headers = ccal_test_response_header (r, "Access-Control-Allow-Headers");
    for (guint i = 0; i < 4; i++)
      {
        const char *names[] = { "Authorization", "Content-Type", "If-Match", "Idempotency-Key" };

        g_assert_nonnull (strstr (allowed_headers, names[i]));
      }
    g_assert_nonnull (strstr (ccal_test_response_header (r, "Vary"), "Origin"));
  }

  /* An origin not on the list gets no CORS headers. */
  {
    const char *headers[] = { "Origin", "https://evil.example", "Access-Control-Request-Method", "POST", NULL };
    g_autoptr (CcalTestResponse) r = ccal_test_server_request_full (server, NULL, "OPTIONS", "/api/calendar/events",
                                                                    NULL, NULL, NULL, 0, headers);

    g_assert_null (ccal_test_response_header (r, "Access-Control-Allow-Origin"));
    g_assert_null (ccal_test_response_header (r, "Access-Control-Allow-Methods"));
  }

  /* Real answers (errors too) carry the origin and expose ETag and Retry-After. */
  {
    const char *headers[] = { "Origin", "https://app.example", NULL };
    g_autoptr (CcalTestResponse) ok = ccal_test_server_request_full (server, NULL, "GET", "/api/calendar/me",
                                                                     server->admin_key, NULL, NULL, 0, headers);
    g_autoptr (CcalTestResponse) denied = ccal_test_server_request_full (server, NULL, "GET", "/api/calendar/me",
                                                                         NULL, NULL, NULL, 0, headers);

    g_assert_cmpuint (ok->status, ==, 200);
    g_assert_cmpstr (ccal_test_response_header (ok, "Access-Control-Allow-Origin"), ==, "https://app.example");
    g_assert_nonnull (strstr (ccal_test_response_header (ok, "Access-Control-Expose-Headers"), "ETag"));
    g_assert_nonnull (strstr (ccal_test_response_header (ok, "Access-Control-Expose-Headers"), "Retry-After"));
    g_assert_cmpuint (denied->status, ==, 401);
    g_assert_cmpstr (ccal_test_response_header (denied, "Access-Control-Allow-Origin"), ==, "https://app.example");
  }

  /* Preflight of an unknown path is still a 404. */
  {
    const char *headers[] = { "Origin", "https://app.example", "Access-Control-Request-Method", "GET", NULL };
    g_autoptr (CcalTestResponse) r = ccal_test_server_request_full (server, NULL, "OPTIONS", "/api/nothing",
                                                                    NULL, NULL, NULL, 0, headers);

    ccal_test_response_assert_error (r, 404, "not_found", NULL);
  }
}

static void
test_rate_limit (void)
{
  /* One token per 100 s: nothing refills while the test runs, however slow the machine. */
  const char *args[] = { "--rate-limit", "0.01", "--rate-burst", "3", NULL };
  g_autoptr (CcalTestServer) server = ccal_test_server_new (args);
  guint64 retry_after;

  for (int i = 0; i < 3; i++)
    {
      g_autoptr (CcalTestResponse) r = ccal_test_server_request (server, "GET", "/api/calendar/timezones", NULL, NULL);
      g_assert_cmpuint (r->status, ==, 200);
    }

  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (server, "GET", "/api/calendar/timezones", NULL, NULL);

    ccal_test_response_assert_error (r, 429, "rate_limited", NULL);
    g_assert_nonnull (ccal_test_response_header (r, "Retry-After"));
    g_assert_true (g_ascii_string_to_unsigned (ccal_test_response_header (r, "Retry-After"), 10, 1, 100, &retry_after,
                                               NULL));
  }

  /* Health checks and authenticated endpoints are not throttled. */
  for (int i = 0; i < 10; i++)
    {
      g_autoptr (CcalTestResponse) health = ccal_test_server_request (server, "GET", "/api/health", NULL, NULL);
      g_autoptr (CcalTestResponse) me = ccal_test_server_request (server, "GET", "/api/calendar/me",
                                                                  server->admin_key, NULL);

      g_assert_cmpuint (health->status, ==, 200);
      g_assert_cmpuint (me->status, ==, 200);
    }
}

static void
test_sigterm (void)
{
  g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
  g_autofree char *log = NULL;
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) uri = g_uri_parse (server->base_url, G_URI_FLAGS_NONE, NULL);

  {
    g_autoptr (CcalTestResponse) r = ccal_test_server_request (server, "GET", "/api/health", NULL, NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }

  g_assert_cmpint (ccal_test_server_stop (server), ==, 0);
  log = ccal_test_server_get_log (server);
  g_assert_nonnull (strstr (log, "stopped"));

  /* Nobody listens any more. */
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), (guint16) g_uri_get_port (uri), NULL,
                                                &error);
  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static void
test_sigterm_lets_requests_finish (void)
{
  g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
  g_autoptr (GSocketClient) client = g_socket_client_new ();
  g_autoptr (GSocketConnection) connection = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (GUri) uri = g_uri_parse (server->base_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *request = NULL;
  g_autoptr (GString) answer = g_string_new (NULL);
  GOutputStream *out;
  GInputStream *in;
  char buffer[4096];
  gssize n;
  gsize written;

  /* A request whose body is still on its way when SIGTERM arrives must still be answered. */
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), (guint16) g_uri_get_port (uri), NULL,
                                                &error);
  g_assert_no_error (error);
  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  in = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  request = g_strdup_printf ("PUT /api/calendar/settings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
                             "Content-Type: application/json\r\nContent-Length: 19\r\nConnection: close\r\n\r\n"
                             "{\"slot_minutes\":",
                             server->admin_key);
  g_output_stream_write_all (out, request, strlen (request), &written, NULL, &error);
  g_assert_no_error (error);
  g_usleep (200 * 1000);

  g_subprocess_send_signal (server->process, SIGTERM);
  g_usleep (200 * 1000);

  g_output_stream_write_all (out, "25}", 3, &written, NULL, &error);
  g_assert_no_error (error);
  while ((n = g_input_stream_read (in, buffer, sizeof buffer, NULL, &error)) > 0)
    g_string_append_len (answer, buffer, n);
  g_assert_no_error (error);

  g_assert_true (g_str_has_prefix (answer->str, "HTTP/1.1 200"));
  g_assert_nonnull (strstr (answer->str, "\"slot_minutes\":25"));
  g_assert_cmpint (ccal_test_server_stop (server), ==, 0);
}

static void
test_cli_errors (void)
{
  g_autofree char *err = NULL;
  int status;

  /* init of an existing workspace: a clear message and exit 1. */
  status = ccal_test_server_run_cli (shared, NULL, &err, "init", "--database", shared->database, "--workspace", "acme",
                                     "--admin-email", "x@acme.example", "--admin-name", "X", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_clear_pointer (&err, g_free);

  /* Bad command lines: exit 2, saying what is wrong. */
  status = ccal_test_server_run_cli (shared, NULL, &err, "init", "--database", shared->database, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--workspace"));
  g_clear_pointer (&err, g_free);

  status = ccal_test_server_run_cli (shared, NULL, &err, "keys", "create", "--database", shared->database,
                                     "--workspace", "acme", "--email", "a@acme.example", "--name", "A", "--role",
                                     "owner", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (err, "--role"));
  g_clear_pointer (&err, g_free);

  status = ccal_test_server_run_cli (shared, NULL, &err, "init", "--database", shared->database, "--workspace",
                                     "bad id!", "--admin-email", "x@y.example", "--admin-name", "X", NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&err, g_free);

  status = ccal_test_server_run_cli (shared, NULL, &err, "serve", "--database", shared->database, "--port", "70000",
                                     NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&err, g_free);

  status = ccal_test_server_run_cli (shared, NULL, &err, "frobnicate", NULL);
  g_assert_cmpint (status, ==, 2);
  g_clear_pointer (&err, g_free);

  /* A workspace that does not exist. */
  status = ccal_test_server_run_cli (shared, NULL, &err, "keys", "create", "--database", shared->database,
                                     "--workspace", "nowhere", "--email", "a@b.example", "--name", "A", "--role",
                                     "staff", NULL);
  g_assert_cmpint (status, ==, 1);
  g_clear_pointer (&err, g_free);
}

int
main (int    argc,
      char **argv)
{
  int result;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/http/health", test_health);
  g_test_add_func ("/server/http/timezones-sorted", test_timezones);
  g_test_add_func ("/server/http/unknown-route", test_unknown_route);
  g_test_add_func ("/server/http/wrong-method", test_wrong_method);
  g_test_add_func ("/server/http/payload-too-large", test_payload_too_large);
  g_test_add_func ("/server/http/payload-too-large-chunked", test_payload_too_large_chunked);
  g_test_add_func ("/server/http/unsupported-media-type", test_unsupported_media_type);
  g_test_add_func ("/server/http/malformed-json", test_malformed_json);
  g_test_add_func ("/server/http/wrong-types-name-field", test_wrong_types_name_field);
  g_test_add_func ("/server/http/bad-query-parameters", test_bad_query_parameters);
  g_test_add_func ("/server/auth/no-credential", test_no_credential);
  g_test_add_func ("/server/auth/bad-key", test_bad_key);
  g_test_add_func ("/server/auth/revoked-key", test_revoked_key);
  g_test_add_func ("/server/auth/staff-on-admin-endpoint", test_staff_on_admin_endpoint);
  g_test_add_func ("/server/auth/other-workspace", test_other_workspace);
  g_test_add_func ("/server/auth/jwt", test_jwt);
  g_test_add_func ("/server/me", test_me);
  g_test_add_func ("/server/events/crud-etag-if-match", test_events_crud);
  g_test_add_func ("/server/events/idempotent-replay", test_events_idempotent_replay);
  g_test_add_func ("/server/events/paging", test_events_paging);
  g_test_add_func ("/server/events/sync-token", test_events_sync_token);
  g_test_add_func ("/server/settings/get-put", test_settings);
  g_test_add_func ("/server/http/cors", test_cors);
  g_test_add_func ("/server/http/rate-limit", test_rate_limit);
  g_test_add_func ("/server/http/sigterm", test_sigterm);
  g_test_add_func ("/server/http/sigterm-lets-requests-finish", test_sigterm_lets_requests_finish);
  g_test_add_func ("/server/cli/errors", test_cli_errors);

  shared = ccal_test_server_new (NULL);
  result = g_test_run ();
  ccal_test_server_free (shared);

  return result;
}
