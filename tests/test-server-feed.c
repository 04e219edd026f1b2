/* test-server-feed.c — the real server over HTTP: an admin's secret iCalendar feed and the list of
 * a workspace's admins
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <string.h>

#include <libical-glib/libical-glib.h>

#include "ccal-test-server.h"

#define FEED_PATH "/api/calendar/feed.ics"

/* One server for every case (rate limit off: the feed is a public endpoint these cases call often);
 * each case uses a workspace of its own. */
static CcalTestServer *shared;

typedef struct
{
  char *workspace_id;
  char *admin_id;
  char *admin_key;
  char *staff_key;
} Calendar;

static void
calendar_free (Calendar *calendar)
{
  g_free (calendar->workspace_id);
  g_free (calendar->admin_id);
  g_free (calendar->admin_key);
  g_free (calendar->staff_key);
  g_free (calendar);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Calendar, calendar_free)

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

/* A workspace whose admin ("Ada Admin") is bookable every day 09:00–12:00 UTC, plus a staff member. */
static Calendar *
calendar_new (const char *workspace_id)
{
  Calendar *calendar = g_new0 (Calendar, 1);
  g_autofree char *admin_email = g_strdup_printf ("admin@%s.example", workspace_id);
  g_autofree char *staff_email = g_strdup_printf ("staff@%s.example", workspace_id);
  g_autofree char *yesterday = day_from_now (-1);
  g_autofree char *event = NULL;
  g_autoptr (CcalTestResponse) created = NULL;

  calendar->workspace_id = g_strdup (workspace_id);
  calendar->admin_key = ccal_test_server_init_workspace (shared, workspace_id, admin_email, "Ada Admin",
                                                         &calendar->admin_id);
  calendar->staff_key = ccal_test_server_create_key (shared, workspace_id, staff_email, "Sam Staff", "staff", NULL);

  event = g_strdup_printf ("{\"title\":\"Office hours\",\"type\":\"availability\",\"start_time\":\"%sT09:00:00Z\","
                           "\"end_time\":\"%sT12:00:00Z\",\"rrule\":\"FREQ=DAILY\"}", yesterday, yesterday);
  created = ccal_test_server_request (shared, "POST", "/api/calendar/events", calendar->admin_key, event);
  assert_status (created, 201);
  return calendar;
}

/* POST /api/calendar/feed that must succeed; returns the token (and the URL in @out_url). */
static char *
create_feed (Calendar  *calendar,
             char     **out_url)
{
  g_autoptr (CcalTestResponse) response =
    ccal_test_server_request (shared, "POST", "/api/calendar/feed", calendar->admin_key, NULL);
  JsonObject *feed;
  const char *token;

  assert_status (response, 201);
  feed = ccal_test_response_member (response, "feed");
  token = json_object_get_string_member (feed, "token");
  g_assert_nonnull (token);
  g_assert_cmpuint (strlen (token), >=, 43);   /* at least 256 bits, however it is spelled */
  g_assert_nonnull (json_object_get_string_member (feed, "created_at"));
  if (out_url != NULL)
    *out_url = g_strdup (json_object_get_string_member (feed, "url"));
  return g_strdup (token);
}

static CcalTestResponse *
get_feed_ics (const char         *token,
              const char * const *headers)
{
  g_autofree char *path = token != NULL ? g_strconcat (FEED_PATH "?token=", token, NULL) : g_strdup (FEED_PATH);

  return ccal_test_server_request_full (shared, NULL, "GET", path, NULL, NULL, NULL, 0, headers);
}

/* The feed's body parsed with libical-glib (asserts it is a VCALENDAR). */
static ICalComponent *
parse_feed (CcalTestResponse *response)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body));
  ICalComponent *calendar = i_cal_component_new_from_string (text);

  g_assert_nonnull (calendar);
  g_assert_cmpint (i_cal_component_isa (calendar), ==, I_CAL_VCALENDAR_COMPONENT);
  return calendar;
}

/* Is there a VEVENT with this UID? */
static gboolean
feed_has_uid (ICalComponent *calendar,
              const char    *uid)
{
  gboolean found = FALSE;

  for (ICalComponent *vevent = i_cal_component_get_first_component (calendar, I_CAL_VEVENT_COMPONENT);
       vevent != NULL;
       vevent = i_cal_component_get_next_component (calendar, I_CAL_VEVENT_COMPONENT))
    {
      found |= g_strcmp0 (i_cal_component_get_uid (vevent), uid) == 0;
      g_object_unref (vevent);
    }
  return found;
}

/* The value of a calendar-level X- property, or NULL. */
static char *
feed_x_property (ICalComponent *calendar,
                 const char    *name)
{
  char *value = NULL;

  for (ICalProperty *prop = i_cal_component_get_first_property (calendar, I_CAL_X_PROPERTY);
       prop != NULL;
       prop = i_cal_component_get_next_property (calendar, I_CAL_X_PROPERTY))
    {
      if (value == NULL && g_strcmp0 (i_cal_property_get_x_name (prop), name) == 0)
        value = g_strdup (i_cal_property_get_x (prop));
      g_object_unref (prop);
    }
  return value;
}

static void
assert_no_feed (CcalTestResponse *response)
{
  ccal_test_response_assert_error (response, 404, "not_found", NULL);
  g_assert_true (g_str_has_prefix (ccal_test_response_header (response, "Content-Type"), "application/json"));
}

/* ── cases ──────────────────────────────────────────────────────────────────────────────────── */

/* Without its token (none, malformed, unknown) the feed is a plain 404, the same for every case,
 * and an admin credential does not stand in for the token. */
static void
test_feed_needs_token (void)
{
  g_autoptr (Calendar) calendar = calendar_new ("feed-token");
  g_autofree char *token = create_feed (calendar, NULL);
  g_autofree char *unknown = g_strnfill (strlen (token), 'a');
  g_autofree char *bearer = g_strconcat ("Bearer ", calendar->admin_key, NULL);
  const char *with_key[] = { "Authorization", bearer, NULL };
  g_autoptr (CcalTestResponse) none = get_feed_ics (NULL, NULL);
  g_autoptr (CcalTestResponse) empty = get_feed_ics ("", NULL);
  g_autoptr (CcalTestResponse) malformed = get_feed_ics ("not-a-token", NULL);
  g_autoptr (CcalTestResponse) wrong = get_feed_ics (unknown, NULL);
  g_autoptr (CcalTestResponse) key_only = get_feed_ics (NULL, with_key);
  g_autoptr (CcalTestResponse) right = get_feed_ics (token, NULL);

  assert_no_feed (none);
  assert_no_feed (empty);
  assert_no_feed (malformed);
  assert_no_feed (wrong);
  assert_no_feed (key_only);
  assert_status (right, 200);
}

/* The answer is iCalendar with the names a calendar app shows, cacheable only privately, and the
 * URL it was created with is the one that works. */
static void
test_feed_serves_icalendar (void)
{
  g_autoptr (Calendar) calendar = calendar_new ("feed-ics");
  g_autofree char *url = NULL;
  g_autofree char *token = create_feed (calendar, &url);
  g_autofree char *expected_url = g_strconcat (shared->base_url, FEED_PATH "?token=", token, NULL);
  g_autoptr (CcalTestResponse) response = NULL;
  g_autoptr (CcalTestResponse) head = NULL;
  ICalComponent *ical;
  g_autofree char *calname = NULL;
  g_autofree char *zone = NULL;

  g_assert_cmpstr (url, ==, expected_url);

  response = get_feed_ics (token, NULL);
  assert_status (response, 200);
  g_assert_cmpstr (ccal_test_response_header (response, "Content-Type"), ==, "text/calendar; charset=utf-8");
  g_assert_nonnull (strstr (ccal_test_response_header (response, "Cache-Control"), "private"));
  g_assert_nonnull (ccal_test_response_header (response, "ETag"));

  ical = parse_feed (response);
  calname = feed_x_property (ical, "X-WR-CALNAME");
  zone = feed_x_property (ical, "X-WR-TIMEZONE");
  g_assert_nonnull (calname);
  g_assert_nonnull (strstr (calname, "Ada Admin"));
  g_assert_cmpstr (zone, ==, "UTC");
  /* The availability window is not busy time. */
  g_assert_cmpint (i_cal_component_count_components (ical, I_CAL_VEVENT_COMPONENT), ==, 0);
  g_object_unref (ical);

  head = ccal_test_server_request_full (shared, NULL, "HEAD", FEED_PATH "?token=x", NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (head->status, ==, 404);
}

/* The calendar's name is the admin's, whatever characters it has and however long it is (escaped
 * and folded as RFC 5545 wants, so a reader gets it back whole). */
static void
test_feed_calendar_name (void)
{
  const char *name = "Zoë Überlänge-Ørsted, Sales; Nord\\Süd — a name far longer than one iCalendar line";
  g_autofree char *admin_key = ccal_test_server_init_workspace (shared, "feed-name", "zoe@feed-name.example", name,
                                                                NULL);
  g_autoptr (CcalTestResponse) created =
    ccal_test_server_request (shared, "POST", "/api/calendar/feed", admin_key, NULL);
  g_autoptr (CcalTestResponse) response = NULL;
  g_autofree char *text = NULL;
  g_autofree char *calname = NULL;
  g_autofree char *expected = g_strconcat (name, " (CustomerConnects)", NULL);
  g_auto (GStrv) lines = NULL;
  ICalComponent *ical;

  assert_status (created, 201);
  response = get_feed_ics (json_object_get_string_member (ccal_test_response_member (created, "feed"), "token"),
                           NULL);
  assert_status (response, 200);

  text = g_strndup (g_bytes_get_data (response->body, NULL), g_bytes_get_size (response->body));
  lines = g_strsplit (text, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpuint (strlen (lines[i]), <=, 75);

  ical = parse_feed (response);
  calname = feed_x_property (ical, "X-WR-CALNAME");
  g_assert_cmpstr (calname, ==, expected);
  g_object_unref (ical);
}

/* A new feed revokes the old one; DELETE revokes it; GET /feed tells whether there is one and
 * since when, never the token. */
static void
test_feed_replace_and_revoke (void)
{
  g_autoptr (Calendar) calendar = calendar_new ("feed-revoke");
  g_autoptr (CcalTestResponse) before = NULL;
  g_autoptr (CcalTestResponse) status = NULL;
  g_autoptr (CcalTestResponse) old_feed = NULL;
  g_autoptr (CcalTestResponse) new_feed = NULL;
  g_autoptr (CcalTestResponse) deleted = NULL;
  g_autoptr (CcalTestResponse) deleted_again = NULL;
  g_autoptr (CcalTestResponse) after_delete = NULL;
  g_autoptr (CcalTestResponse) status_after = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  JsonObject *feed;

  before = ccal_test_server_request (shared, "GET", "/api/calendar/feed", calendar->admin_key, NULL);
  ccal_test_response_assert_error (before, 404, "not_found", NULL);

  first = create_feed (calendar, NULL);
  second = create_feed (calendar, NULL);
  g_assert_cmpstr (first, !=, second);

  old_feed = get_feed_ics (first, NULL);
  assert_no_feed (old_feed);
  new_feed = get_feed_ics (second, NULL);
  assert_status (new_feed, 200);

  status = ccal_test_server_request (shared, "GET", "/api/calendar/feed", calendar->admin_key, NULL);
  assert_status (status, 200);
  feed = ccal_test_response_member (status, "feed");
  g_assert_nonnull (json_object_get_string_member (feed, "created_at"));
  g_assert_false (json_object_has_member (feed, "token"));
  g_assert_false (json_object_has_member (feed, "url"));

  deleted = ccal_test_server_request (shared, "DELETE", "/api/calendar/feed", calendar->admin_key, NULL);
  assert_status (deleted, 204);
  after_delete = get_feed_ics (second, NULL);
  assert_no_feed (after_delete);
  status_after = ccal_test_server_request (shared, "GET", "/api/calendar/feed", calendar->admin_key, NULL);
  ccal_test_response_assert_error (status_after, 404, "not_found", NULL);
  deleted_again = ccal_test_server_request (shared, "DELETE", "/api/calendar/feed", calendar->admin_key, NULL);
  assert_status (deleted_again, 204);
}

/* Booking, then cancelling, changes the body and its ETag; an unchanged feed answers 304 to
 * If-None-Match. Events are in, availability windows are not. */
static void
test_feed_follows_bookings (void)
{
  g_autoptr (Calendar) calendar = calendar_new ("feed-changes");
  g_autofree char *token = create_feed (calendar, NULL);
  g_autofree char *day = day_from_now (3);
  g_autofree char *body = NULL;
  g_autofree char *event_body = NULL;
  g_autofree char *booking_id = NULL;
  g_autofree char *event_id = NULL;
  g_autofree char *etag_empty = NULL;
  g_autofree char *etag_booked = NULL;
  g_autofree char *booking_path = NULL;
  ICalComponent *ical;

  {
    g_autoptr (CcalTestResponse) response = get_feed_ics (token, NULL);

    assert_status (response, 200);
    etag_empty = g_strdup (ccal_test_response_header (response, "ETag"));
  }
  {
    const char *headers[] = { "If-None-Match", etag_empty, NULL };
    g_autoptr (CcalTestResponse) response = get_feed_ics (token, headers);

    g_assert_cmpuint (response->status, ==, 304);
    g_assert_cmpuint (g_bytes_get_size (response->body), ==, 0);
    g_assert_cmpstr (ccal_test_response_header (response, "ETag"), ==, etag_empty);
  }

  body = g_strdup_printf ("{\"admin_id\":\"%s\",\"start_time\":\"%sT10:00:00Z\",\"name\":\"Bea Booker\","
                          "\"email\":\"bea@example.com\"}", calendar->admin_id, day);
  {
    g_autoptr (CcalTestResponse) response =
      ccal_test_server_request (shared, "POST", "/api/calendar/book", NULL, body);

    assert_status (response, 201);
    booking_id = g_strdup (json_object_get_string_member (ccal_test_response_member (response, "booking"), "id"));
  }
  event_body = g_strdup_printf ("{\"title\":\"Dentist\",\"type\":\"blocked\",\"start_time\":\"%sT14:00:00Z\","
                                "\"end_time\":\"%sT15:00:00Z\"}", day, day);
  {
    g_autoptr (CcalTestResponse) response =
      ccal_test_server_request (shared, "POST", "/api/calendar/events", calendar->admin_key, event_body);

    assert_status (response, 201);
    event_id = g_strdup (json_object_get_string_member (ccal_test_response_member (response, "event"), "id"));
  }

  {
    const char *headers[] = { "If-None-Match", etag_empty, NULL };
    g_autoptr (CcalTestResponse) response = get_feed_ics (token, headers);

    assert_status (response, 200);
    etag_booked = g_strdup (ccal_test_response_header (response, "ETag"));
    g_assert_cmpstr (etag_booked, !=, etag_empty);
    ical = parse_feed (response);
    g_assert_true (feed_has_uid (ical, booking_id));
    g_assert_true (feed_has_uid (ical, event_id));
    g_assert_cmpint (i_cal_component_count_components (ical, I_CAL_VEVENT_COMPONENT), ==, 2);
    g_object_unref (ical);
  }

  booking_path = g_strconcat ("/api/calendar/bookings/", booking_id, NULL);
  {
    const char *status = "{\"status\":\"cancelled\"}";
    g_autoptr (CcalTestResponse) response =
      ccal_test_server_request_full (shared, NULL, "PATCH", booking_path, calendar->admin_key, "application/json",
                                     status, strlen (status), NULL);

    assert_status (response, 200);
  }
  {
    const char *headers[] = { "If-None-Match", etag_booked, NULL };
    g_autoptr (CcalTestResponse) response = get_feed_ics (token, headers);

    assert_status (response, 200);
    g_assert_cmpstr (ccal_test_response_header (response, "ETag"), !=, etag_booked);
    ical = parse_feed (response);
    g_assert_false (feed_has_uid (ical, booking_id));
    g_assert_true (feed_has_uid (ical, event_id));
    g_object_unref (ical);
  }
}

/* The feed is the admin's own: staff can neither make, see nor revoke one; no credential is 401. */
static void
test_feed_staff_forbidden (void)
{
  g_autoptr (Calendar) calendar = calendar_new ("feed-staff");
  g_autoptr (CcalTestResponse) create = NULL;
  g_autoptr (CcalTestResponse) get = NULL;
  g_autoptr (CcalTestResponse) revoke = NULL;
  g_autoptr (CcalTestResponse) anonymous = NULL;

  create = ccal_test_server_request (shared, "POST", "/api/calendar/feed", calendar->staff_key, NULL);
  ccal_test_response_assert_error (create, 403, "forbidden", NULL);
  get = ccal_test_server_request (shared, "GET", "/api/calendar/feed", calendar->staff_key, NULL);
  ccal_test_response_assert_error (get, 403, "forbidden", NULL);
  revoke = ccal_test_server_request (shared, "DELETE", "/api/calendar/feed", calendar->staff_key, NULL);
  ccal_test_response_assert_error (revoke, 403, "forbidden", NULL);
  anonymous = ccal_test_server_request (shared, "POST", "/api/calendar/feed", NULL, NULL);
  ccal_test_response_assert_error (anonymous, 401, "unauthorized", NULL);
}

/* Behind a TLS-terminating proxy the URL is the one the admin reached the server by; values that
 * would not make a clean URL are ignored. */
static void
test_feed_url_behind_proxy (void)
{
  g_autoptr (Calendar) calendar = calendar_new ("feed-proxy");
  const char *forwarded[] = { "X-Forwarded-Proto", "https", "X-Forwarded-Host", "cal.example.com",
                              "X-Forwarded-Prefix", "/booking/", NULL };
  const char *rfc7239[] = { "Forwarded", "for=192.0.2.1;proto=https;host=\"cal.example.org:8443\", proto=http",
                            NULL };
  const char *hostile[] = { "X-Forwarded-Proto", "javascript", "X-Forwarded-Host", "evil.example/path?x=",
                            NULL };
  g_autoptr (CcalTestResponse) a = NULL;
  g_autoptr (CcalTestResponse) b = NULL;
  g_autoptr (CcalTestResponse) c = NULL;
  const char *url;

  a = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/feed", calendar->admin_key, NULL, NULL, 0,
                                     forwarded);
  assert_status (a, 201);
  url = json_object_get_string_member (ccal_test_response_member (a, "feed"), "url");
  g_assert_true (g_str_has_prefix (url, "https://cal.example.com/booking" FEED_PATH "?token="));

  b = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/feed", calendar->admin_key, NULL, NULL, 0,
                                     rfc7239);
  assert_status (b, 201);
  url = json_object_get_string_member (ccal_test_response_member (b, "feed"), "url");
  g_assert_true (g_str_has_prefix (url, "https://cal.example.org:8443" FEED_PATH "?token="));

  c = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/feed", calendar->admin_key, NULL, NULL, 0,
                                     hostile);
  assert_status (c, 201);
  url = json_object_get_string_member (ccal_test_response_member (c, "feed"), "url");
  g_assert_true (g_str_has_prefix (url, shared->base_url));
}

/* A repeated POST with the same Idempotency-Key is not replayed from storage (that would keep the
 * secret in clear): it makes a new feed, and only the newest works. */
static void
test_feed_not_replayed (void)
{
  g_autoptr (Calendar) calendar = calendar_new ("feed-idem");
  const char *headers[] = { "Idempotency-Key", "feed-once", NULL };
  g_autoptr (CcalTestResponse) first = NULL;
  g_autoptr (CcalTestResponse) second = NULL;
  g_autoptr (CcalTestResponse) old_feed = NULL;
  const char *first_token, *second_token;

  first = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/feed", calendar->admin_key, NULL, NULL,
                                         0, headers);
  second = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/feed", calendar->admin_key, NULL,
                                          NULL, 0, headers);
  assert_status (first, 201);
  assert_status (second, 201);
  g_assert_null (ccal_test_response_header (second, "Idempotent-Replayed"));
  first_token = json_object_get_string_member (ccal_test_response_member (first, "feed"), "token");
  second_token = json_object_get_string_member (ccal_test_response_member (second, "feed"), "token");
  g_assert_cmpstr (first_token, !=, second_token);
  old_feed = get_feed_ics (first_token, NULL);
  assert_no_feed (old_feed);
}

/* The feed is public, so it is throttled per address like the other public endpoints (here on a
 * server of its own with a small bucket), whether the token is right or not. */
static void
test_feed_rate_limited (void)
{
  const char *const serve_args[] = { "--rate-limit", "0.5", "--rate-burst", "2", NULL };
  g_autoptr (CcalTestServer) server = ccal_test_server_new (serve_args);
  g_autoptr (CcalTestResponse) created =
    ccal_test_server_request (server, "POST", "/api/calendar/feed", server->admin_key, NULL);
  g_autofree char *path = NULL;
  guint n_ok = 0;
  guint n_limited = 0;

  assert_status (created, 201);
  path = g_strconcat (FEED_PATH "?token=",
                      json_object_get_string_member (ccal_test_response_member (created, "feed"), "token"), NULL);
  for (int i = 0; i < 4; i++)
    {
      g_autoptr (CcalTestResponse) response = ccal_test_server_request (server, "GET", path, NULL, NULL);

      if (response->status == 200)
        n_ok++;
      else
        {
          ccal_test_response_assert_error (response, 429, "rate_limited", NULL);
          g_assert_nonnull (ccal_test_response_header (response, "Retry-After"));
          n_limited++;
        }
    }
  g_assert_cmpuint (n_ok, ==, 2);
  g_assert_cmpuint (n_limited, ==, 2);
}

/* GET /admins: the workspace's admins (not its staff, not another workspace's), sorted by name,
 * each with the zone of their settings; staff may ask; no credential is 401. */
static void
test_admins_list (void)
{
  g_autoptr (Calendar) calendar = calendar_new ("admins");
  g_autoptr (Calendar) other = calendar_new ("admins-other");
  g_autofree char *second_id = NULL;
  g_autofree char *second_key = ccal_test_server_create_key (shared, "admins", "aaron@admins.example", "aaron Able",
                                                             "admin", &second_id);
  g_autoptr (CcalTestResponse) settings = NULL;
  g_autoptr (CcalTestResponse) response = NULL;
  g_autoptr (CcalTestResponse) as_admin = NULL;
  g_autoptr (CcalTestResponse) anonymous = NULL;
  JsonArray *admins;
  JsonObject *first, *second;

  settings = ccal_test_server_request (shared, "PUT", "/api/calendar/settings", calendar->admin_key,
                                      "{\"timezone\":\"Europe/Berlin\"}");
  assert_status (settings, 200);

  response = ccal_test_server_request (shared, "GET", "/api/calendar/admins", calendar->staff_key, NULL);
  assert_status (response, 200);
  admins = json_object_get_array_member (ccal_test_response_object (response), "admins");
  g_assert_cmpuint (json_array_get_length (admins), ==, 2);

  /* Case does not decide the order: "aaron Able" comes before "Ada Admin". */
  first = json_array_get_object_element (admins, 0);
  second = json_array_get_object_element (admins, 1);
  g_assert_cmpstr (json_object_get_string_member (first, "admin_id"), ==, second_id);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "aaron Able");
  g_assert_cmpstr (json_object_get_string_member (first, "email"), ==, "aaron@admins.example");
  g_assert_cmpstr (json_object_get_string_member (first, "timezone"), ==, "UTC");
  g_assert_cmpstr (json_object_get_string_member (second, "admin_id"), ==, calendar->admin_id);
  g_assert_cmpstr (json_object_get_string_member (second, "name"), ==, "Ada Admin");
  g_assert_cmpstr (json_object_get_string_member (second, "timezone"), ==, "Europe/Berlin");

  as_admin = ccal_test_server_request (shared, "GET", "/api/calendar/admins", other->admin_key, NULL);
  assert_status (as_admin, 200);
  admins = json_object_get_array_member (ccal_test_response_object (as_admin), "admins");
  g_assert_cmpuint (json_array_get_length (admins), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (admins, 0), "admin_id"), ==,
                   other->admin_id);

  anonymous = ccal_test_server_request (shared, "GET", "/api/calendar/admins", NULL, NULL);
  ccal_test_response_assert_error (anonymous, 401, "unauthorized", NULL);
}

int
main (int    argc,
      char **argv)
{
  const char *const serve_args[] = { "--rate-limit", "0", NULL };
  int result;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/feed/needs-token", test_feed_needs_token);
  g_test_add_func ("/server/feed/serves-icalendar", test_feed_serves_icalendar);
  g_test_add_func ("/server/feed/calendar-name", test_feed_calendar_name);
  g_test_add_func ("/server/feed/replace-and-revoke", test_feed_replace_and_revoke);
  g_test_add_func ("/server/feed/follows-bookings", test_feed_follows_bookings);
  g_test_add_func ("/server/feed/staff-forbidden", test_feed_staff_forbidden);
  g_test_add_func ("/server/feed/url-behind-proxy", test_feed_url_behind_proxy);
  g_test_add_func ("/server/feed/not-replayed", test_feed_not_replayed);
  g_test_add_func ("/server/feed/rate-limited", test_feed_rate_limited);
  g_test_add_func ("/server/admins/list", test_admins_list);

  shared = ccal_test_server_new (serve_args);
  result = g_test_run ();
  ccal_test_server_free (shared);

  return result;
}
