/* test-server-bookings.c — the booking side of the real server over HTTP: availability, book, holds,
 * bookings, history, results, follow-ups, analytics and demo data
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <string.h>

#include "ccal-test-server.h"

/* One server for every case (rate limit off: these cases send many public requests on purpose);
 * each case sets up a workspace of its own, so cases cannot see each other's bookings. */
static CcalTestServer *shared;

/* A calendar to book on: its workspace, admin and a staff member. */
typedef struct
{
  char *workspace_id;
  char *admin_id;
  char *admin_key;
  char *staff_id;
  char *staff_key;
} Calendar;

static void
calendar_free (Calendar *calendar)
{
  g_free (calendar->workspace_id);
  g_free (calendar->admin_id);
  g_free (calendar->admin_key);
  g_free (calendar->staff_id);
  g_free (calendar->staff_key);
  g_free (calendar);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Calendar, calendar_free)

static void
print_body (CcalTestResponse *response)
{
  g_printerr ("# status %u: %.*s\n", response->status, (int) MIN (g_bytes_get_size (response->body), 800),
              (const char *) g_bytes_get_data (response->body, NULL));
}

static void
assert_status (CcalTestResponse *response,
               guint             status)
{
  if (response->status != status)
    print_body (response);
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

/* "<day>T<hh:mm>:00Z" */
static char *
at (const char *day,
    const char *hhmm)
{
  return g_strdup_printf ("%sT%s:00Z", day, hhmm);
}

/* A workspace whose admin works in @zone with an availability window @window_start–@window_end
 * (RFC 3339, the first occurrence) repeating by @rrule, plus a staff member. */
static Calendar *
calendar_new (const char *workspace_id,
              const char *zone,
              const char *window_start,
              const char *window_end,
              const char *rrule,
              int         max_advance_days)
{
  Calendar *calendar = g_new0 (Calendar, 1);
  g_autofree char *admin_email = g_strdup_printf ("admin@%s.example", workspace_id);
  g_autofree char *staff_email = g_strdup_printf ("staff@%s.example", workspace_id);
  g_autofree char *settings = NULL;
  g_autofree char *event = NULL;
  g_autoptr (CcalTestResponse) response = NULL;
  g_autoptr (CcalTestResponse) created = NULL;

  calendar->workspace_id = g_strdup (workspace_id);
  calendar->admin_key = ccal_test_server_init_workspace (shared, workspace_id, admin_email, "Ada Admin",
                                                         &calendar->admin_id);
  calendar->staff_key = ccal_test_server_create_key (shared, workspace_id, staff_email, "Sam Staff", "staff",
                                                     &calendar->staff_id);

  settings = g_strdup_printf ("{\"timezone\":\"%s\",\"max_advance_days\":%d}", zone, max_advance_days);
  response = ccal_test_server_request (shared, "PUT", "/api/calendar/settings", calendar->admin_key, settings);
  assert_status (response, 200);

  event = g_strdup_printf ("{\"title\":\"Office hours\",\"type\":\"availability\",\"start_time\":\"%s\","
                           "\"end_time\":\"%s\",\"rrule\":\"%s\"}", window_start, window_end, rrule);
  created = ccal_test_server_request (shared, "POST", "/api/calendar/events", calendar->admin_key, event);
  assert_status (created, 201);
  return calendar;
}

/* The usual calendar: UTC, every day 09:00–12:00, so a day a week ahead has six 30-minute slots. */
static Calendar *
calendar_new_daily (const char *workspace_id)
{
  g_autofree char *yesterday = day_from_now (-1);
  g_autofree char *start = at (yesterday, "09:00");
  g_autofree char *end = at (yesterday, "12:00");

  return calendar_new (workspace_id, "UTC", start, end, "FREQ=DAILY", 60);
}

static char *
availability_path (const char *admin_id,
                   const char *date,
                   const char *extra)
{
  return g_strdup_printf ("/api/calendar/availability?admin_id=%s&date=%s%s", admin_id, date,
                          extra != NULL ? extra : "");
}

/* The slot starts GET /availability lists, as "…Z" strings. */
static GPtrArray *
slot_starts (const char *admin_id,
             const char *date,
             const char *extra)
{
  g_autofree char *path = availability_path (admin_id, date, extra);
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "GET", path, NULL, NULL);
  GPtrArray *starts = g_ptr_array_new_with_free_func (g_free);
  JsonArray *slots;

  assert_status (response, 200);
  slots = json_object_get_array_member (ccal_test_response_object (response), "slots");
  for (guint i = 0; i < json_array_get_length (slots); i++)
    g_ptr_array_add (starts, g_strdup (json_object_get_string_member (json_array_get_object_element (slots, i),
                                                                      "start")));
  return starts;
}

static gboolean
contains (GPtrArray  *strings,
          const char *value)
{
  return g_ptr_array_find_with_equal_func (strings, value, g_str_equal, NULL);
}

/* @template with @ADMIN@ and @START@ replaced, and @LONG<n>@ by n "x" characters. */
static char *
expand (const char *template,
        const char *admin_id,
        const char *start)
{
  GString *text = g_string_new (template);
  const char *long_mark;

  g_string_replace (text, "@ADMIN@", admin_id, 0);
  g_string_replace (text, "@START@", start, 0);
  while ((long_mark = strstr (text->str, "@LONG")) != NULL)
    {
      gsize position = (gsize) (long_mark - text->str);
      guint64 count = g_ascii_strtoull (long_mark + 5, NULL, 10);
      const char *end = strchr (long_mark + 5, '@');
      g_autofree char *filler = g_strnfill ((gsize) count, 'x');

      g_assert_nonnull (end);
      g_string_erase (text, (gssize) position, (gssize) (end + 1 - long_mark));
      g_string_insert (text, (gssize) position, filler);
    }
  return g_string_free (text, FALSE);
}

static char *
book_body (const char *admin_id,
           const char *start,
           const char *name,
           const char *email,
           const char *extra)
{
  return g_strdup_printf ("{\"admin_id\":\"%s\",\"start_time\":\"%s\",\"name\":\"%s\",\"email\":\"%s\"%s}", admin_id,
                          start, name, email, extra != NULL ? extra : "");
}

/* POST /book; returns the response (the caller checks it). */
static CcalTestResponse *
book (const char *token,
      const char *admin_id,
      const char *start,
      const char *email,
      const char *extra)
{
  g_autofree char *body = book_body (admin_id, start, "Bea Booker", email, extra);

  return ccal_test_server_request (shared, "POST", "/api/calendar/book", token, body);
}

/* POST /book that must succeed; returns the booking's id. */
static char *
book_ok (const char *token,
         const char *admin_id,
         const char *start,
         const char *email)
{
  g_autoptr (CcalTestResponse) response = book (token, admin_id, start, email, NULL);

  assert_status (response, 201);
  return g_strdup (json_object_get_string_member (ccal_test_response_member (response, "booking"), "id"));
}

static char *
booking_path (const char *id,
              const char *suffix)
{
  return g_strconcat ("/api/calendar/bookings/", id, suffix, NULL);
}

static CcalTestResponse *
patch_booking (const char *token,
               const char *id,
               const char *if_match,
               const char *body)
{
  g_autofree char *path = booking_path (id, NULL);
  const char *headers[] = { "If-Match", if_match, NULL };

  return ccal_test_server_request_full (shared, NULL, "PATCH", path, token, "application/json", body, strlen (body),
                                        if_match != NULL ? headers : NULL);
}

/* ── availability ───────────────────────────────────────────────────────────────────────────── */

static void
test_availability_happy_path (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("avail");
  g_autofree char *day = day_from_now (7);
  g_autofree char *yesterday_of_day = day_from_now (6);
  g_autofree char *path = availability_path (calendar->admin_id, day, NULL);
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "GET", path, NULL, NULL);
  g_autoptr (GPtrArray) hours = NULL;
  g_autoptr (GPtrArray) kiritimati = NULL;
  g_autoptr (GPtrArray) new_york = NULL;
  const char *const halves[] = { "09:00", "09:30", "10:00", "10:30", "11:00", "11:30" };
  JsonObject *object;
  JsonArray *slots;

  /* Public: no credential, the contract's shape, six half-hour slots from the window's start. */
  assert_status (response, 200);
  object = ccal_test_response_object (response);
  g_assert_cmpstr (json_object_get_string_member (object, "date"), ==, day);
  g_assert_cmpstr (json_object_get_string_member (object, "admin_id"), ==, calendar->admin_id);
  g_assert_cmpstr (json_object_get_string_member (object, "timezone"), ==, "UTC");
  g_assert_cmpint (json_object_get_int_member (object, "slot_minutes"), ==, 30);
  slots = json_object_get_array_member (object, "slots");
  g_assert_cmpuint (json_array_get_length (slots), ==, G_N_ELEMENTS (halves));
  for (guint i = 0; i < G_N_ELEMENTS (halves); i++)
    {
      JsonObject *slot = json_array_get_object_element (slots, i);
      g_autofree char *start = at (day, halves[i]);

      g_assert_cmpstr (json_object_get_string_member (slot, "start"), ==, start);
      if (i + 1 < G_N_ELEMENTS (halves))
        {
          g_autofree char *end = at (day, halves[i + 1]);

          g_assert_cmpstr (json_object_get_string_member (slot, "end"), ==, end);
        }
    }

  /* duration cuts the window in longer steps. */
  hours = slot_starts (calendar->admin_id, day, "&duration=60");
  g_assert_cmpuint (hours->len, ==, 3);
  {
    g_autofree char *ten = at (day, "10:00");

    g_assert_cmpstr (g_ptr_array_index (hours, 1), ==, ten);
  }

  /* date is read in timezone: New York's day (UTC−5/−4) holds the same six slots; Kiritimati's
   * (UTC+14 all year) runs from 10:00Z the day before to 10:00Z: four slots of the day before, two
   * of the day. */
  new_york = slot_starts (calendar->admin_id, day, "&timezone=America/New_York");
  g_assert_cmpuint (new_york->len, ==, 6);
  {
    g_autofree char *first = at (day, "09:00");

    g_assert_cmpstr (g_ptr_array_index (new_york, 0), ==, first);
  }
  kiritimati = slot_starts (calendar->admin_id, day, "&timezone=Pacific/Kiritimati");
  g_assert_cmpuint (kiritimati->len, ==, 6);
  {
    g_autofree char *first = at (yesterday_of_day, "10:00");
    g_autofree char *last = at (day, "09:30");

    g_assert_cmpstr (g_ptr_array_index (kiritimati, 0), ==, first);
    g_assert_cmpstr (g_ptr_array_index (kiritimati, 5), ==, last);
  }
}

static void
test_availability_errors (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("avail-errors");
  g_autoptr (Calendar) other = calendar_new_daily ("avail-other");
  g_autofree char *day = day_from_now (7);
  const struct
  {
    const char *query;   /* @ADMIN@ and @START@ (the date) are filled in */
    guint       status;
    const char *code;
    const char *field;
  } cases[] = {
    { "date=@START@", 400, "invalid_request", "admin_id" },
    { "admin_id=not-a-uuid&date=@START@", 400, "invalid_request", "admin_id" },
    { "admin_id=@ADMIN@", 400, "invalid_request", "date" },
    { "admin_id=@ADMIN@&date=2026-02-30", 400, "invalid_request", "date" },
    { "admin_id=@ADMIN@&date=tomorrow", 400, "invalid_request", "date" },
    { "admin_id=@ADMIN@&date=@START@&timezone=Mars/Olympus_Mons", 400, "invalid_request", "timezone" },
    { "admin_id=@ADMIN@&date=@START@&duration=0", 400, "invalid_request", "duration" },
    { "admin_id=@ADMIN@&date=@START@&duration=481", 400, "invalid_request", "duration" },
    { "admin_id=@ADMIN@&date=@START@&duration=half", 400, "invalid_request", "duration" },
    { "admin_id=@ADMIN@&date=@START@&hold_id=123", 400, "invalid_request", "hold_id" },
    { "admin_id=6f1c1d8e-7d55-4b5a-9a43-0c6d1d2b9e10&date=@START@", 404, "not_found", NULL },
    /* The admin exists, but not in the workspace asked about. */
    { "admin_id=@ADMIN@&date=@START@&workspace_id=avail-other", 404, "not_found", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = expand (cases[i].query, calendar->admin_id, day);
      g_autofree char *path = g_strconcat ("/api/calendar/availability?", query, NULL);
      g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "GET", path, NULL, NULL);

      g_test_message ("%s", path);
      ccal_test_response_assert_error (response, cases[i].status, cases[i].code, cases[i].field);
    }

  /* A day in the past or beyond max_advance_days is no error, just no slots. */
  {
    g_autofree char *past = day_from_now (-3);
    g_autofree char *far = day_from_now (90);
    g_autoptr (GPtrArray) none = slot_starts (calendar->admin_id, past, NULL);
    g_autoptr (GPtrArray) none_either = slot_starts (calendar->admin_id, far, NULL);

    g_assert_cmpuint (none->len, ==, 0);
    g_assert_cmpuint (none_either->len, ==, 0);
  }
}

/* The first last-Sunday-of-@month whose previous Sunday is at least two days away. */
static GDate
next_dst_sunday (GDateMonth month)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  GDate today, result;

  g_date_clear (&today, 1);
  g_date_clear (&result, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now), (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));

  for (GDateYear year = g_date_get_year (&today);; year++)
    {
      GDate week_before;

      g_date_set_dmy (&result, g_date_get_days_in_month (month, year), month, year);
      while (g_date_get_weekday (&result) != G_DATE_SUNDAY)
        g_date_subtract_days (&result, 1);
      week_before = result;
      g_date_subtract_days (&week_before, 7);
      if (g_date_days_between (&today, &week_before) >= 2)
        return result;
    }
}

static char *
date_text (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));
}

/* Four slots at @first_hour:00Z, :30, +1:00, +1:30 on @date. */
static void
assert_four_slots (GPtrArray   *starts,
                   const GDate *date,
                   int          first_hour)
{
  g_autofree char *day = date_text (date);

  g_assert_cmpuint (starts->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *expected = g_strdup_printf ("%sT%02d:%02d:00Z", day, first_hour + (int) i / 2,
                                                   (int) (i % 2) * 30);

      g_assert_cmpstr (g_ptr_array_index (starts, i), ==, expected);
    }
}

/* A Europe/Berlin admin available Sundays 09:00–11:00 local: before the spring change that is
 * 08:00Z, on and after it 07:00Z; in autumn the other way round. The booking check agrees. */
static void
test_availability_dst (void)
{
  /* 2026-01-04 is a Sunday in CET (UTC+1). */
  g_autoptr (Calendar) calendar = calendar_new ("dst", "Europe/Berlin", "2026-01-04T08:00:00Z",
                                                "2026-01-04T10:00:00Z", "FREQ=WEEKLY;BYDAY=SU", 800);
  GDate spring = next_dst_sunday (G_DATE_MARCH);
  GDate autumn = next_dst_sunday (G_DATE_OCTOBER);
  GDate before_spring = spring, before_autumn = autumn;
  g_autofree char *spring_day = date_text (&spring);
  g_autofree char *before_spring_day = NULL;
  g_autofree char *autumn_day = date_text (&autumn);
  g_autofree char *before_autumn_day = NULL;
  g_autoptr (GPtrArray) a = NULL;
  g_autoptr (GPtrArray) b = NULL;
  g_autoptr (GPtrArray) c = NULL;
  g_autoptr (GPtrArray) d = NULL;

  g_date_subtract_days (&before_spring, 7);
  g_date_subtract_days (&before_autumn, 7);
  before_spring_day = date_text (&before_spring);
  before_autumn_day = date_text (&before_autumn);
  g_test_message ("spring forward %s, fall back %s", spring_day, autumn_day);

  a = slot_starts (calendar->admin_id, before_spring_day, NULL);
  assert_four_slots (a, &before_spring, 8);
  b = slot_starts (calendar->admin_id, spring_day, NULL);
  assert_four_slots (b, &spring, 7);
  c = slot_starts (calendar->admin_id, before_autumn_day, NULL);
  assert_four_slots (c, &before_autumn, 7);
  d = slot_starts (calendar->admin_id, autumn_day, NULL);
  assert_four_slots (d, &autumn, 8);

  /* 07:00Z is 09:00 local on the spring day but 08:00 local a week before: bookable only on the first. */
  {
    g_autofree char *spring_seven = at (spring_day, "07:00");
    g_autofree char *before_seven = at (before_spring_day, "07:00");
    g_autofree char *id = book_ok (NULL, calendar->admin_id, spring_seven, "dst@example.com");
    g_autoptr (CcalTestResponse) refused = book (NULL, calendar->admin_id, before_seven, "dst@example.com", NULL);

    ccal_test_response_assert_error (refused, 409, "slot_unavailable", NULL);
  }
}

/* ── booking ────────────────────────────────────────────────────────────────────────────────── */

static void
test_book_public (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("book-public");
  g_autofree char *day = day_from_now (7);
  g_autofree char *nine = at (day, "09:00");
  g_autofree char *ten = at (day, "10:00");
  g_autofree char *nine_thirty = at (day, "09:30");
  g_autofree char *body = book_body (calendar->admin_id, nine, "Bea Booker", "bea@example.com",
                                     ",\"phone\":\"+49 (30) 123-456\",\"product_interest\":\"CRM Starter\","
                                     "\"notes\":\"Please call first.\",\"timezone\":\"Europe/Vienna\"");
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "POST", "/api/calendar/book", NULL, body);
  g_autoptr (CcalTestResponse) again = NULL;
  g_autoptr (CcalTestResponse) second = NULL;
  g_autoptr (GPtrArray) starts = NULL;
  g_autofree char *location = NULL;
  JsonObject *booking, *contact;

  assert_status (response, 201);
  booking = ccal_test_response_member (response, "booking");
  g_assert_cmpstr (json_object_get_string_member (booking, "workspace_id"), ==, "book-public");
  g_assert_cmpstr (json_object_get_string_member (booking, "admin_id"), ==, calendar->admin_id);
  g_assert_cmpstr (json_object_get_string_member (booking, "start_time"), ==, nine);
  g_assert_cmpstr (json_object_get_string_member (booking, "end_time"), ==, nine_thirty);
  g_assert_cmpint (json_object_get_int_member (booking, "duration_minutes"), ==, 30);
  g_assert_cmpstr (json_object_get_string_member (booking, "status"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (booking, "source"), ==, "public");
  g_assert_true (json_object_get_null_member (booking, "created_by"));
  g_assert_cmpstr (json_object_get_string_member (booking, "product_interest"), ==, "CRM Starter");
  g_assert_cmpstr (json_object_get_string_member (booking, "description"), ==, "Please call first.");
  g_assert_cmpint (json_object_get_int_member (booking, "version"), ==, 1);
  contact = json_object_get_object_member (booking, "contact");
  g_assert_cmpstr (json_object_get_string_member (contact, "name"), ==, "Bea Booker");
  g_assert_cmpstr (json_object_get_string_member (contact, "email"), ==, "bea@example.com");
  g_assert_cmpstr (json_object_get_string_member (contact, "phone"), ==, "+49 (30) 123-456");
  g_assert_cmpstr (ccal_test_response_header (response, "ETag"), ==, "\"1\"");
  location = booking_path (json_object_get_string_member (booking, "id"), NULL);
  g_assert_cmpstr (ccal_test_response_header (response, "Location"), ==, location);

  /* The slot is gone for everyone; the others stay. */
  starts = slot_starts (calendar->admin_id, day, NULL);
  g_assert_false (contains (starts, nine));
  g_assert_true (contains (starts, nine_thirty));
  g_assert_cmpuint (starts->len, ==, 5);

  again = book (NULL, calendar->admin_id, nine, "someone.else@example.com", NULL);
  ccal_test_response_assert_error (again, 409, "slot_unavailable", NULL);

  /* The same person again (e-mail in another case, another spelling of the name): the same contact,
   * which keeps its name. */
  {
    g_autofree char *other = book_body (calendar->admin_id, ten, "B. Booker", "BEA@example.com", NULL);

    second = ccal_test_server_request (shared, "POST", "/api/calendar/book", NULL, other);
    assert_status (second, 201);
    contact = json_object_get_object_member (ccal_test_response_member (second, "booking"), "contact");
    g_assert_cmpstr (json_object_get_string_member (contact, "id"), ==,
                     json_object_get_string_member (json_object_get_object_member (booking, "contact"), "id"));
    g_assert_cmpstr (json_object_get_string_member (contact, "name"), ==, "Bea Booker");
  }
}

static void
test_book_staff (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("book-staff");
  g_autofree char *day = day_from_now (8);
  g_autofree char *ten = at (day, "10:00");
  g_autofree char *eleven = at (day, "11:00");
  g_autoptr (CcalTestResponse) by_staff = book (calendar->staff_key, calendar->admin_id, ten, "cal@example.com",
                                                ",\"duration_minutes\":60");
  g_autoptr (CcalTestResponse) by_admin = book (calendar->admin_key, calendar->admin_id, eleven, "cal@example.com",
                                                NULL);
  g_autoptr (CcalTestResponse) bad_key = book ("fc_live_0000000000000000000000000000000000000000000000000000000000000000",
                                               calendar->admin_id, eleven, "cal@example.com", NULL);
  JsonObject *booking;

  assert_status (by_staff, 201);
  booking = ccal_test_response_member (by_staff, "booking");
  g_assert_cmpstr (json_object_get_string_member (booking, "source"), ==, "staff");
  g_assert_cmpstr (json_object_get_string_member (booking, "created_by"), ==, calendar->staff_id);
  g_assert_cmpstr (json_object_get_string_member (booking, "status"), ==, "pending");
  g_assert_cmpint (json_object_get_int_member (booking, "duration_minutes"), ==, 60);

  assert_status (by_admin, 201);
  booking = ccal_test_response_member (by_admin, "booking");
  g_assert_cmpstr (json_object_get_string_member (booking, "source"), ==, "staff");
  g_assert_cmpstr (json_object_get_string_member (booking, "created_by"), ==, calendar->admin_id);

  /* A credential that is sent must be valid. */
  ccal_test_response_assert_error (bad_key, 401, "unauthorized", NULL);
}

static void
test_book_validation (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("book-validation");
  g_autofree char *day = day_from_now (7);
  g_autofree char *nine = at (day, "09:00");
  const char *admin = calendar->admin_id;
  const struct
  {
    const char *body;   /* see expand () */
    const char *field;
  } cases[] = {
    { "{\"start_time\":\"@START@\",\"name\":\"A\",\"email\":\"a@example.com\"}", "admin_id" },
    { "{\"admin_id\":\"nope\",\"start_time\":\"@START@\",\"name\":\"A\",\"email\":\"a@example.com\"}", "admin_id" },
    { "{\"admin_id\":42,\"start_time\":\"@START@\",\"name\":\"A\",\"email\":\"a@example.com\"}", "admin_id" },
    { "{\"admin_id\":\"@ADMIN@\",\"name\":\"A\",\"email\":\"a@example.com\"}", "start_time" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"next tuesday\",\"name\":\"A\",\"email\":\"a@example.com\"}",
      "start_time" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":1767000000,\"name\":\"A\",\"email\":\"a@example.com\"}", "start_time" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"duration_minutes\":4,\"name\":\"A\","
      "\"email\":\"a@example.com\"}", "duration_minutes" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"duration_minutes\":\"30\",\"name\":\"A\","
      "\"email\":\"a@example.com\"}", "duration_minutes" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"duration_minutes\":30.5,\"name\":\"A\","
      "\"email\":\"a@example.com\"}", "duration_minutes" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"email\":\"a@example.com\"}", "name" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"name\":\"   \",\"email\":\"a@example.com\"}", "name" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"name\":\"@LONG201@\",\"email\":\"a@example.com\"}", "name" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"name\":[\"A\"],\"email\":\"a@example.com\"}", "name" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"name\":\"A\"}", "email" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"name\":\"A\",\"email\":\"not an address\"}", "email" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"name\":\"A\",\"email\":\"a@example.com\","
      "\"phone\":\"call me maybe\"}", "phone" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"name\":\"A\",\"email\":\"a@example.com\","
      "\"product_interest\":\"@LONG201@\"}", "product_interest" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"name\":\"A\",\"email\":\"a@example.com\","
      "\"notes\":\"@LONG5001@\"}", "notes" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"name\":\"A\",\"email\":\"a@example.com\","
      "\"timezone\":\"Europe/Atlantis\"}", "timezone" },
    { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"name\":\"A\",\"email\":\"a@example.com\","
      "\"hold_id\":\"h1\"}", "hold_id" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *body = expand (cases[i].body, admin, nine);
      g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "POST", "/api/calendar/book", NULL,
                                                                        body);

      g_test_message ("case %" G_GSIZE_FORMAT ": field %s", i, cases[i].field);
      ccal_test_response_assert_error (response, 400, "invalid_request", cases[i].field);
    }

  /* An unknown admin is 404; times that availability does not offer are 409. */
  {
    g_autofree char *eight = at (day, "08:00");
    g_autofree char *quarter = at (day, "09:15");
    g_autofree char *noon = at (day, "12:00");
    g_autofree char *yesterday = day_from_now (-1);
    g_autofree char *past = at (yesterday, "09:00");
    g_autofree char *far_day = day_from_now (70);
    g_autofree char *far = at (far_day, "09:00");
    const char *refused[] = { eight, quarter, noon, past, far };
    g_autoptr (CcalTestResponse) unknown = book (NULL, "6f1c1d8e-7d55-4b5a-9a43-0c6d1d2b9e10", nine, "a@example.com",
                                                 NULL);
    g_autoptr (CcalTestResponse) long_ago = book (NULL, admin, "2000-01-01T00:00:00Z", "a@example.com", NULL);

    ccal_test_response_assert_error (unknown, 404, "not_found", NULL);
    ccal_test_response_assert_error (long_ago, 409, "slot_unavailable", NULL);
    for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        g_autoptr (CcalTestResponse) response = book (NULL, admin, refused[i], "a@example.com", NULL);

        g_test_message ("%s", refused[i]);
        ccal_test_response_assert_error (response, 409, "slot_unavailable", NULL);
      }

    /* 11:30 with 60 minutes would run past the window. */
    {
      g_autofree char *late = at (day, "11:30");
      g_autoptr (CcalTestResponse) response = book (NULL, admin, late, "a@example.com", ",\"duration_minutes\":60");

      ccal_test_response_assert_error (response, 409, "slot_unavailable", NULL);
    }
  }
}

static void
test_book_idempotent_replay (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("book-replay");
  g_autofree char *day = day_from_now (7);
  g_autofree char *nine = at (day, "09:00");
  g_autofree char *ten = at (day, "10:00");
  g_autofree char *body = book_body (calendar->admin_id, nine, "Rita Replay", "rita@example.com", NULL);
  g_autofree char *other_body = book_body (calendar->admin_id, ten, "Rita Replay", "rita@example.com", NULL);
  const char *headers[] = { "Idempotency-Key", "book-once-1", NULL };
  g_autoptr (CcalTestResponse) first = NULL;
  g_autoptr (CcalTestResponse) second = NULL;
  g_autoptr (CcalTestResponse) different = NULL;
  g_autoptr (CcalTestResponse) list = NULL;
  g_autoptr (GPtrArray) starts = NULL;

  first = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/book", NULL, "application/json", body,
                                         strlen (body), headers);
  assert_status (first, 201);
  second = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/book", NULL, "application/json", body,
                                          strlen (body), headers);
  assert_status (second, 201);
  g_assert_cmpstr (json_object_get_string_member (ccal_test_response_member (second, "booking"), "id"), ==,
                   json_object_get_string_member (ccal_test_response_member (first, "booking"), "id"));
  g_assert_cmpstr (ccal_test_response_header (second, "ETag"), ==, "\"1\"");

  different = ccal_test_server_request_full (shared, NULL, "POST", "/api/calendar/book", NULL, "application/json",
                                             other_body, strlen (other_body), headers);
  ccal_test_response_assert_error (different, 422, "idempotency_key_reused", NULL);

  /* One booking made, and 10:00 is still free. */
  list = ccal_test_server_request (shared, "GET", "/api/calendar/bookings", calendar->admin_key, NULL);
  assert_status (list, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ccal_test_response_object (list), "bookings")),
                    ==, 1);
  starts = slot_starts (calendar->admin_id, day, NULL);
  g_assert_true (contains (starts, ten));
  g_assert_false (contains (starts, nine));
}

/* ── the race ───────────────────────────────────────────────────────────────────────────────── */

#define N_RACERS 48

typedef struct
{
  GMutex   lock;
  GCond    cond;
  gboolean go;
  guint    ready;
  char    *token;
  char    *admin_id;
  char    *start;
} Race;

typedef struct
{
  Race  *race;
  guint  index;
  guint  status;
  char  *booking_id;
} Racer;

/* POST /book on @session's open connection. libsoup opens a new connection for every POST (it is
 * not idempotent); marking it idempotent lets it reuse the one the racer opened beforehand. */
static guint
send_booking (SoupSession *session,
              const char  *token,
              const char  *body,
              char       **out_booking_id)
{
  g_autofree char *url = g_strconcat (shared->base_url, "/api/calendar/book", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr (GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr (GBytes) reply = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonParser) parser = json_parser_new ();

  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  if (soup_message_get_status (msg) == 201 &&
      json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), (gssize) g_bytes_get_size (reply), NULL))
    *out_booking_id = g_strdup (json_object_get_string_member (
      json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "booking"), "id"));
  return soup_message_get_status (msg);
}

static gpointer
racer_run (gpointer data)
{
  Racer *racer = data;
  Race *race = racer->race;
  g_autoptr (SoupSession) session = soup_session_new_with_options ("timeout", 60, "max-conns-per-host", 1,
                                                                   "proxy-resolver", NULL, NULL);
  g_autoptr (CcalTestResponse) response = NULL;
  g_autofree char *body = g_strdup_printf ("{\"admin_id\":\"%s\",\"start_time\":\"%s\",\"name\":\"Racer %u\","
                                           "\"email\":\"racer%u@example.com\"}", race->admin_id, race->start,
                                           racer->index, racer->index);

  /* Connect first (one keep-alive connection per racer): what must collide is the requests, not
   * 48 TCP handshakes on the server's listen queue. */
  response = ccal_test_server_request_full (shared, session, "GET", "/api/health", NULL, NULL, NULL, 0, NULL);
  g_assert_cmpuint (response->status, ==, 200);

  g_mutex_lock (&race->lock);
  race->ready++;
  g_cond_broadcast (&race->cond);
  while (!race->go)
    g_cond_wait (&race->cond, &race->lock);
  g_mutex_unlock (&race->lock);

  racer->status = send_booking (session, race->token, body, &racer->booking_id);
  return NULL;
}

static void
test_book_race (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("race");
  g_autofree char *day = day_from_now (7);
  g_autofree char *ten = at (day, "10:00");
  Race race = { 0 };
  Racer racers[N_RACERS] = { { 0 } };
  GThread *threads[N_RACERS];
  guint created = 0, refused = 0;
  g_autoptr (CcalTestResponse) list = NULL;

  g_mutex_init (&race.lock);
  g_cond_init (&race.cond);
  race.token = calendar->staff_key;
  race.admin_id = calendar->admin_id;
  race.start = ten;

  /* One racer connects at a time; then all send at once. */
  for (guint i = 0; i < N_RACERS; i++)
    {
      racers[i].race = &race;
      racers[i].index = i;
      threads[i] = g_thread_new ("racer", racer_run, &racers[i]);

      g_mutex_lock (&race.lock);
      while (race.ready <= i)
        g_cond_wait (&race.cond, &race.lock);
      g_mutex_unlock (&race.lock);
    }

  g_mutex_lock (&race.lock);
  race.go = TRUE;
  g_cond_broadcast (&race.cond);
  g_mutex_unlock (&race.lock);

  for (guint i = 0; i < N_RACERS; i++)
    g_thread_join (threads[i]);

  for (guint i = 0; i < N_RACERS; i++)
    {
      if (racers[i].status == 201)
        created++;
      else if (racers[i].status == 409)
        refused++;
      else
        g_printerr ("# racer %u got %u\n", i, racers[i].status);
    }
  g_assert_cmpuint (created, ==, 1);
  g_assert_cmpuint (refused, ==, N_RACERS - 1);

  /* And the database agrees: one booking at 10:00. */
  list = ccal_test_server_request (shared, "GET", "/api/calendar/bookings", calendar->admin_key, NULL);
  assert_status (list, 200);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (ccal_test_response_object (list), "bookings")),
                    ==, 1);

  for (guint i = 0; i < N_RACERS; i++)
    g_free (racers[i].booking_id);
  g_mutex_clear (&race.lock);
  g_cond_clear (&race.cond);
}

/* ── holds ──────────────────────────────────────────────────────────────────────────────────── */

static char *
create_hold (const char *token,
             const char *admin_id,
             const char *start,
             guint       expected_status)
{
  g_autofree char *body = g_strdup_printf ("{\"admin_id\":\"%s\",\"start_time\":\"%s\"}", admin_id, start);
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "POST", "/api/calendar/holds", token, body);

  assert_status (response, expected_status);
  if (expected_status != 201)
    return NULL;
  return g_strdup (json_object_get_string_member (ccal_test_response_member (response, "hold"), "id"));
}

static void
test_holds (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("holds");
  g_autoptr (Calendar) other = calendar_new_daily ("holds-other");
  g_autofree char *day = day_from_now (7);
  g_autofree char *ten = at (day, "10:00");
  g_autofree char *ten_thirty = at (day, "10:30");
  g_autofree char *eleven = at (day, "11:00");
  g_autofree char *hold_body = g_strdup_printf ("{\"admin_id\":\"%s\",\"start_time\":\"%s\",\"minutes\":10}",
                                                calendar->admin_id, ten);
  g_autoptr (CcalTestResponse) response = NULL;
  g_autofree char *hold_id = NULL;
  g_autofree char *hold_query = NULL;
  g_autofree char *hold_path = NULL;
  g_autofree char *second_hold = NULL;
  g_autofree char *second_path = NULL;
  JsonObject *hold;
  gint64 expires, now;

  /* Staff holds 10:00 for ten minutes. */
  response = ccal_test_server_request (shared, "POST", "/api/calendar/holds", calendar->staff_key, hold_body);
  assert_status (response, 201);
  hold = ccal_test_response_member (response, "hold");
  hold_id = g_strdup (json_object_get_string_member (hold, "id"));
  g_assert_cmpstr (json_object_get_string_member (hold, "admin_id"), ==, calendar->admin_id);
  g_assert_cmpstr (json_object_get_string_member (hold, "start_time"), ==, ten);
  g_assert_cmpstr (json_object_get_string_member (hold, "end_time"), ==, ten_thirty);
  {
    g_autoptr (GDateTime) expires_at = g_date_time_new_from_iso8601 (json_object_get_string_member (hold,
                                                                                                    "expires_at"),
                                                                     NULL);

    g_assert_nonnull (expires_at);
    expires = g_date_time_to_unix (expires_at);
    now = g_get_real_time () / G_USEC_PER_SEC;
    g_assert_cmpint (expires, >, now + 9 * 60 - 30);
    g_assert_cmpint (expires, <=, now + 10 * 60 + 1);
  }
  g_clear_pointer (&response, ccal_test_response_free);

  /* Others do not see it; the holder (hold_id) does. */
  {
    g_autoptr (GPtrArray) public_view = slot_starts (calendar->admin_id, day, NULL);
    g_autoptr (GPtrArray) holder_view = NULL;

    hold_query = g_strconcat ("&hold_id=", hold_id, NULL);
    holder_view = slot_starts (calendar->admin_id, day, hold_query);
    g_assert_false (contains (public_view, ten));
    g_assert_true (contains (holder_view, ten));
    g_assert_cmpuint (holder_view->len, ==, public_view->len + 1);
  }

  /* Taking it without the hold, or holding it again, is refused. */
  response = book (NULL, calendar->admin_id, ten, "sneaky@example.com", NULL);
  ccal_test_response_assert_error (response, 409, "slot_unavailable", NULL);
  g_clear_pointer (&response, ccal_test_response_free);
  g_free (create_hold (calendar->admin_key, calendar->admin_id, ten, 409));

  /* Bad holds. */
  {
    const struct
    {
      const char *body;
      guint       status;
      const char *field;
    } cases[] = {
      { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"minutes\":16}", 400, "minutes" },
      { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"minutes\":0}", 400, "minutes" },
      { "{\"admin_id\":\"@ADMIN@\"}", 400, "start_time" },
      { "{\"start_time\":\"@START@\"}", 400, "admin_id" },
      { "{\"admin_id\":\"@ADMIN@\",\"start_time\":\"@START@\",\"duration_minutes\":999}", 400, "duration_minutes" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *body = expand (cases[i].body, calendar->admin_id, eleven);
        g_autoptr (CcalTestResponse) bad = ccal_test_server_request (shared, "POST", "/api/calendar/holds",
                                                                     calendar->staff_key, body);

        ccal_test_response_assert_error (bad, cases[i].status, "invalid_request", cases[i].field);
      }
  }

  /* Holds need a credential, and the admin of the caller's workspace. */
  {
    g_autofree char *body = g_strdup_printf ("{\"admin_id\":\"%s\",\"start_time\":\"%s\"}", calendar->admin_id, eleven);
    g_autoptr (CcalTestResponse) anonymous = ccal_test_server_request (shared, "POST", "/api/calendar/holds", NULL,
                                                                       body);
    g_autoptr (CcalTestResponse) foreign = ccal_test_server_request (shared, "POST", "/api/calendar/holds",
                                                                     other->staff_key, body);

    ccal_test_response_assert_error (anonymous, 401, "unauthorized", NULL);
    ccal_test_response_assert_error (foreign, 404, "not_found", NULL);
  }

  /* The holder books it with hold_id; the hold is used up. */
  {
    g_autofree char *with_hold = g_strdup_printf (",\"hold_id\":\"%s\"", hold_id);

    response = book (NULL, calendar->admin_id, ten, "caller@example.com", with_hold);
    assert_status (response, 201);
  }
  g_clear_pointer (&response, ccal_test_response_free);
  hold_path = g_strconcat ("/api/calendar/holds/", hold_id, NULL);
  response = ccal_test_server_request (shared, "DELETE", hold_path, calendar->staff_key, NULL);
  ccal_test_response_assert_error (response, 404, "not_found", NULL);
  g_clear_pointer (&response, ccal_test_response_free);

  /* A booked slot cannot be held. */
  g_free (create_hold (calendar->staff_key, calendar->admin_id, ten, 409));

  /* A second hold, released: the slot comes back. Another workspace cannot release it. */
  second_hold = create_hold (calendar->staff_key, calendar->admin_id, eleven, 201);
  second_path = g_strconcat ("/api/calendar/holds/", second_hold, NULL);
  {
    g_autoptr (GPtrArray) held = slot_starts (calendar->admin_id, day, NULL);
    g_autoptr (GPtrArray) released = NULL;
    g_autoptr (CcalTestResponse) foreign = ccal_test_server_request (shared, "DELETE", second_path, other->admin_key,
                                                                     NULL);
    g_autoptr (CcalTestResponse) deleted = NULL;
    g_autoptr (CcalTestResponse) unknown = ccal_test_server_request (
      shared, "DELETE", "/api/calendar/holds/6f1c1d8e-7d55-4b5a-9a43-0c6d1d2b9e10", calendar->staff_key, NULL);
    g_autoptr (CcalTestResponse) not_uuid = ccal_test_server_request (shared, "DELETE", "/api/calendar/holds/x",
                                                                      calendar->staff_key, NULL);

    g_assert_false (contains (held, eleven));
    ccal_test_response_assert_error (foreign, 404, "not_found", NULL);
    ccal_test_response_assert_error (unknown, 404, "not_found", NULL);
    ccal_test_response_assert_error (not_uuid, 400, "invalid_request", "id");

    deleted = ccal_test_server_request (shared, "DELETE", second_path, calendar->staff_key, NULL);
    assert_status (deleted, 204);
    g_assert_cmpuint (g_bytes_get_size (deleted->body), ==, 0);
    released = slot_starts (calendar->admin_id, day, NULL);
    g_assert_true (contains (released, eleven));
  }
}

/* ── changing bookings ──────────────────────────────────────────────────────────────────────── */

static void
test_patch_status (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("patch-status");
  g_autofree char *day = day_from_now (7);
  g_autofree char *nine = at (day, "09:00");
  g_autofree char *ten = at (day, "10:00");
  g_autofree char *id = book_ok (NULL, calendar->admin_id, nine, "pat@example.com");
  g_autofree char *other_id = book_ok (NULL, calendar->admin_id, ten, "pat@example.com");
  g_autofree char *history_path = booking_path (id, "/history");
  g_autoptr (CcalTestResponse) response = NULL;
  JsonArray *history;
  JsonObject *entry;

  /* pending → confirmed, with a reason, by staff. */
  response = patch_booking (calendar->staff_key, id, "\"1\"", "{\"status\":\"confirmed\",\"reason\":\"Called back\"}");
  assert_status (response, 200);
  g_assert_cmpstr (json_object_get_string_member (ccal_test_response_member (response, "booking"), "status"), ==,
                   "confirmed");
  g_assert_cmpstr (json_object_get_string_member (ccal_test_response_member (response, "booking"), "updated_by"), ==,
                   calendar->staff_id);
  g_assert_cmpint (json_object_get_int_member (ccal_test_response_member (response, "booking"), "version"), ==, 2);
  g_assert_cmpstr (ccal_test_response_header (response, "ETag"), ==, "\"2\"");
  g_clear_pointer (&response, ccal_test_response_free);

  /* A stale If-Match changes nothing. */
  response = patch_booking (calendar->staff_key, id, "\"1\"", "{\"status\":\"completed\"}");
  ccal_test_response_assert_error (response, 412, "version_conflict", NULL);
  g_clear_pointer (&response, ccal_test_response_free);

  /* Refused transitions name the field. */
  {
    const char *refused[] = { "{\"status\":\"pending\"}", "{\"status\":\"done\"}", "{\"status\":7}" };

    for (gsize i = 0; i < G_N_ELEMENTS (refused); i++)
      {
        response = patch_booking (calendar->staff_key, id, NULL, refused[i]);
        ccal_test_response_assert_error (response, 400, "invalid_request", "status");
        g_clear_pointer (&response, ccal_test_response_free);
      }
  }

  /* confirmed → completed; then nothing more. The other booking: pending → completed is refused. */
  response = patch_booking (calendar->admin_key, id, "\"2\"", "{\"status\":\"completed\",\"reason\":\"Went well\"}");
  assert_status (response, 200);
  g_clear_pointer (&response, ccal_test_response_free);
  response = patch_booking (calendar->admin_key, id, NULL, "{\"status\":\"cancelled\"}");
  ccal_test_response_assert_error (response, 400, "invalid_request", "status");
  g_clear_pointer (&response, ccal_test_response_free);
  response = patch_booking (calendar->admin_key, other_id, NULL, "{\"status\":\"no_show\"}");
  ccal_test_response_assert_error (response, 400, "invalid_request", "status");
  g_clear_pointer (&response, ccal_test_response_free);
  response = patch_booking (calendar->admin_key, other_id, NULL, "{\"status\":\"cancelled\",\"reason\":\"Ill\"}");
  assert_status (response, 200);
  g_clear_pointer (&response, ccal_test_response_free);

  /* Setting the status it has is no change: same version. */
  response = patch_booking (calendar->admin_key, id, "\"3\"", "{\"status\":\"completed\"}");
  assert_status (response, 200);
  g_assert_cmpint (json_object_get_int_member (ccal_test_response_member (response, "booking"), "version"), ==, 3);
  g_clear_pointer (&response, ccal_test_response_free);

  /* The history: creation, then each change with who and why. */
  response = ccal_test_server_request (shared, "GET", history_path, calendar->staff_key, NULL);
  assert_status (response, 200);
  history = json_object_get_array_member (ccal_test_response_object (response), "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 3);
  entry = json_array_get_object_element (history, 0);
  g_assert_true (json_object_get_null_member (entry, "from"));
  g_assert_cmpstr (json_object_get_string_member (entry, "to"), ==, "pending");
  entry = json_array_get_object_element (history, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "from"), ==, "pending");
  g_assert_cmpstr (json_object_get_string_member (entry, "to"), ==, "confirmed");
  g_assert_cmpstr (json_object_get_string_member (entry, "changed_by"), ==, calendar->staff_id);
  g_assert_cmpstr (json_object_get_string_member (entry, "reason"), ==, "Called back");
  g_assert_true (json_object_has_member (entry, "changed_at"));
  entry = json_array_get_object_element (history, 2);
  g_assert_cmpstr (json_object_get_string_member (entry, "to"), ==, "completed");
  g_assert_cmpstr (json_object_get_string_member (entry, "changed_by"), ==, calendar->admin_id);
  g_assert_cmpstr (json_object_get_string_member (entry, "reason"), ==, "Went well");
}

static void
test_patch_reschedule (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("reschedule");
  g_autofree char *day = day_from_now (7);
  g_autofree char *nine = at (day, "09:00");
  g_autofree char *nine_thirty = at (day, "09:30");
  g_autofree char *ten = at (day, "10:00");
  g_autofree char *eleven = at (day, "11:00");
  g_autofree char *twelve = at (day, "12:00");
  g_autofree char *id = book_ok (NULL, calendar->admin_id, nine, "mover@example.com");
  g_autofree char *taken_id = book_ok (NULL, calendar->admin_id, ten, "taker@example.com");
  g_autofree char *body = NULL;
  g_autoptr (CcalTestResponse) response = NULL;
  g_autoptr (GPtrArray) starts = NULL;
  JsonObject *booking;

  /* Into a taken slot: 409, and nothing changed. */
  body = g_strdup_printf ("{\"start_time\":\"%s\"}", ten);
  response = patch_booking (calendar->admin_key, id, NULL, body);
  ccal_test_response_assert_error (response, 409, "slot_unavailable", NULL);
  g_clear_pointer (&response, ccal_test_response_free);
  g_clear_pointer (&body, g_free);

  /* Off the grid: 409. By less than its own length (09:00 → 09:30): fine, its old time is free. */
  body = g_strdup_printf ("{\"start_time\":\"%sT09:10:00Z\"}", day);
  response = patch_booking (calendar->admin_key, id, NULL, body);
  ccal_test_response_assert_error (response, 409, "slot_unavailable", NULL);
  g_clear_pointer (&response, ccal_test_response_free);
  g_clear_pointer (&body, g_free);
  body = g_strdup_printf ("{\"start_time\":\"%s\"}", nine_thirty);
  response = patch_booking (calendar->admin_key, id, "\"1\"", body);
  assert_status (response, 200);
  g_clear_pointer (&response, ccal_test_response_free);
  g_clear_pointer (&body, g_free);

  /* To 11:00 for an hour, with other fields at the same time. */
  body = g_strdup_printf ("{\"start_time\":\"%s\",\"duration_minutes\":60,\"title\":\"Demo\",\"location\":\"Room 1\","
                          "\"meeting_link\":\"https://meet.example.com/x\","
                          "\"opportunity_id\":\"0B1C2D3E-4F50-4A6B-8C7D-9E0F1A2B3C4D\"}", eleven);
  response = patch_booking (calendar->admin_key, id, "\"2\"", body);
  assert_status (response, 200);
  booking = ccal_test_response_member (response, "booking");
  g_assert_cmpstr (json_object_get_string_member (booking, "start_time"), ==, eleven);
  g_assert_cmpstr (json_object_get_string_member (booking, "end_time"), ==, twelve);
  g_assert_cmpint (json_object_get_int_member (booking, "duration_minutes"), ==, 60);
  g_assert_cmpstr (json_object_get_string_member (booking, "title"), ==, "Demo");
  g_assert_cmpstr (json_object_get_string_member (booking, "location"), ==, "Room 1");
  g_assert_cmpstr (json_object_get_string_member (booking, "meeting_link"), ==, "https://meet.example.com/x");
  g_assert_cmpstr (json_object_get_string_member (booking, "opportunity_id"), ==,
                   "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d");
  g_assert_cmpint (json_object_get_int_member (booking, "version"), ==, 3);
  g_clear_pointer (&response, ccal_test_response_free);
  g_clear_pointer (&body, g_free);

  /* Availability follows: 09:00 and 09:30 are free again, 11:00 and 11:30 are taken. */
  starts = slot_starts (calendar->admin_id, day, NULL);
  g_assert_true (contains (starts, nine));
  g_assert_true (contains (starts, nine_thirty));
  g_assert_false (contains (starts, eleven));
  g_assert_false (contains (starts, ten));
  g_assert_cmpuint (starts->len, ==, 3);

  /* null clears; bad values name their field. */
  response = patch_booking (calendar->admin_key, id, NULL, "{\"location\":null}");
  assert_status (response, 200);
  g_assert_true (json_object_get_null_member (ccal_test_response_member (response, "booking"), "location"));
  g_clear_pointer (&response, ccal_test_response_free);
  {
    g_autofree char *long_title = g_strnfill (201, 't');
    g_autofree char *title_body = g_strdup_printf ("{\"title\":\"%s\"}", long_title);
    const struct
    {
      const char *body;
      const char *field;
    } cases[] = {
      { title_body, "title" },
      { "{\"opportunity_id\":\"opp-1\"}", "opportunity_id" },
      { "{\"start_time\":\"soon\"}", "start_time" },
      { "{\"duration_minutes\":1000}", "duration_minutes" },
      { "{\"description\":false}", "description" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        response = patch_booking (calendar->admin_key, id, NULL, cases[i].body);
        ccal_test_response_assert_error (response, 400, "invalid_request", cases[i].field);
        g_clear_pointer (&response, ccal_test_response_free);
      }
  }

  /* A cancelled booking cannot move. */
  response = patch_booking (calendar->admin_key, taken_id, NULL, "{\"status\":\"cancelled\"}");
  assert_status (response, 200);
  g_clear_pointer (&response, ccal_test_response_free);
  body = g_strdup_printf ("{\"start_time\":\"%s\"}", nine);
  response = patch_booking (calendar->admin_key, taken_id, NULL, body);
  ccal_test_response_assert_error (response, 400, "invalid_request", "start_time");
  g_clear_pointer (&response, ccal_test_response_free);
  g_clear_pointer (&body, g_free);

  /* And a PATCH that changes nothing keeps the version. */
  response = patch_booking (calendar->admin_key, id, "\"4\"", "{\"title\":\"Demo\"}");
  assert_status (response, 200);
  g_assert_cmpint (json_object_get_int_member (ccal_test_response_member (response, "booking"), "version"), ==, 4);
}

static void
test_result_and_follow_ups (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("results");
  g_autofree char *day = day_from_now (7);
  g_autofree char *nine = at (day, "09:00");
  g_autofree char *id = book_ok (NULL, calendar->admin_id, nine, "res@example.com");
  g_autofree char *result_path = booking_path (id, "/result");
  g_autofree char *follow_path = booking_path (id, "/follow-ups");
  g_autofree char *get_path = booking_path (id, NULL);
  g_autoptr (CcalTestResponse) response = NULL;
  JsonObject *result, *follow_up;
  JsonArray *list;
  const char *stale[] = { "If-Match", "\"1\"", NULL };

  response = ccal_test_server_request (shared, "PUT", result_path, calendar->staff_key,
                                       "{\"outcome\":\"Interested\",\"notes\":\"Send a quote\"}");
  assert_status (response, 200);
  result = ccal_test_response_member (response, "result");
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "Interested");
  g_assert_cmpstr (json_object_get_string_member (result, "notes"), ==, "Send a quote");
  g_assert_cmpstr (ccal_test_response_header (response, "ETag"), ==, "\"2\"");
  g_clear_pointer (&response, ccal_test_response_free);

  /* The booking carries it; replacing it bumps the version again; a stale If-Match is refused. */
  response = ccal_test_server_request (shared, "GET", get_path, calendar->staff_key, NULL);
  assert_status (response, 200);
  result = json_object_get_object_member (ccal_test_response_member (response, "booking"), "result");
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "Interested");
  g_clear_pointer (&response, ccal_test_response_free);

  response = ccal_test_server_request_full (shared, NULL, "PUT", result_path, calendar->staff_key, "application/json",
                                            "{\"outcome\":\"Signed\"}", strlen ("{\"outcome\":\"Signed\"}"), stale);
  ccal_test_response_assert_error (response, 412, "version_conflict", NULL);
  g_clear_pointer (&response, ccal_test_response_free);

  response = ccal_test_server_request (shared, "PUT", result_path, calendar->staff_key, "{\"outcome\":\"Signed\"}");
  assert_status (response, 200);
  g_assert_true (json_object_get_null_member (ccal_test_response_member (response, "result"), "notes"));
  g_assert_cmpstr (ccal_test_response_header (response, "ETag"), ==, "\"3\"");
  g_clear_pointer (&response, ccal_test_response_free);

  response = ccal_test_server_request (shared, "PUT", result_path, calendar->staff_key, "{\"notes\":\"x\"}");
  ccal_test_response_assert_error (response, 400, "invalid_request", "outcome");
  g_clear_pointer (&response, ccal_test_response_free);

  /* Follow-ups: created in any order, listed by due time. */
  response = ccal_test_server_request (shared, "POST", follow_path, calendar->staff_key,
                                       "{\"due_at\":\"2030-01-10T09:00:00+01:00\",\"action\":\"Call again\"}");
  assert_status (response, 201);
  follow_up = ccal_test_response_member (response, "follow_up");
  g_assert_cmpstr (json_object_get_string_member (follow_up, "booking_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (follow_up, "due_at"), ==, "2030-01-10T08:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (follow_up, "action"), ==, "Call again");
  g_assert_false (json_object_get_boolean_member (follow_up, "done"));
  g_assert_cmpstr (json_object_get_string_member (follow_up, "created_by"), ==, calendar->staff_id);
  g_clear_pointer (&response, ccal_test_response_free);

  response = ccal_test_server_request (shared, "POST", follow_path, calendar->admin_key,
                                       "{\"due_at\":\"2030-01-05T09:00:00Z\",\"action\":\"Send quote\","
                                       "\"notes\":\"20 seats\"}");
  assert_status (response, 201);
  g_clear_pointer (&response, ccal_test_response_free);

  response = ccal_test_server_request (shared, "GET", follow_path, calendar->staff_key, NULL);
  assert_status (response, 200);
  list = json_object_get_array_member (ccal_test_response_object (response), "follow_ups");
  g_assert_cmpuint (json_array_get_length (list), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "action"), ==, "Send quote");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "notes"), ==, "20 seats");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 1), "action"), ==, "Call again");
  g_clear_pointer (&response, ccal_test_response_free);

  {
    const struct
    {
      const char *body;
      const char *field;
    } cases[] = {
      { "{\"action\":\"Call\"}", "due_at" },
      { "{\"due_at\":\"someday\",\"action\":\"Call\"}", "due_at" },
      { "{\"due_at\":\"2030-01-05T09:00:00Z\"}", "action" },
      { "{\"due_at\":\"2030-01-05T09:00:00Z\",\"action\":\"  \"}", "action" },
      { "{\"due_at\":\"2030-01-05T09:00:00Z\",\"action\":\"Call\",\"notes\":3}", "notes" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        response = ccal_test_server_request (shared, "POST", follow_path, calendar->staff_key, cases[i].body);
        ccal_test_response_assert_error (response, 400, "invalid_request", cases[i].field);
        g_clear_pointer (&response, ccal_test_response_free);
      }
  }

  /* Unknown bookings: 404 everywhere. */
  {
    const char *unknown = "6f1c1d8e-7d55-4b5a-9a43-0c6d1d2b9e10";
    g_autofree char *unknown_follow = booking_path (unknown, "/follow-ups");
    g_autofree char *unknown_result = booking_path (unknown, "/result");
    g_autofree char *unknown_history = booking_path (unknown, "/history");

    response = ccal_test_server_request (shared, "GET", unknown_follow, calendar->staff_key, NULL);
    ccal_test_response_assert_error (response, 404, "not_found", NULL);
    g_clear_pointer (&response, ccal_test_response_free);
    response = ccal_test_server_request (shared, "POST", unknown_follow, calendar->staff_key,
                                         "{\"due_at\":\"2030-01-05T09:00:00Z\",\"action\":\"Call\"}");
    ccal_test_response_assert_error (response, 404, "not_found", NULL);
    g_clear_pointer (&response, ccal_test_response_free);
    response = ccal_test_server_request (shared, "PUT", unknown_result, calendar->staff_key, "{\"outcome\":\"x\"}");
    ccal_test_response_assert_error (response, 404, "not_found", NULL);
    g_clear_pointer (&response, ccal_test_response_free);
    response = ccal_test_server_request (shared, "GET", unknown_history, calendar->staff_key, NULL);
    ccal_test_response_assert_error (response, 404, "not_found", NULL);
    g_clear_pointer (&response, ccal_test_response_free);
  }
}

/* PATCH …/follow-ups/:follow_up_id marks one done and back; only its own booking and workspace reach it. */
static void
test_follow_up_done (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("follow-done");
  g_autoptr (Calendar) other = calendar_new_daily ("follow-done-b");
  g_autofree char *day = day_from_now (7);
  g_autofree char *nine = at (day, "09:00");
  g_autofree char *ten = at (day, "10:00");
  g_autofree char *id = book_ok (NULL, calendar->admin_id, nine, "done@example.com");
  g_autofree char *second = book_ok (NULL, calendar->admin_id, ten, "done2@example.com");
  g_autofree char *follow_path = booking_path (id, "/follow-ups");
  g_autofree char *follow_up_id = NULL;
  g_autofree char *item_path = NULL;
  g_autoptr (CcalTestResponse) response = NULL;
  JsonObject *follow_up;
  JsonArray *list;

  response = ccal_test_server_request (shared, "POST", follow_path, calendar->staff_key,
                                       "{\"due_at\":\"2030-01-10T09:00:00Z\",\"action\":\"Call again\"}");
  assert_status (response, 201);
  follow_up_id = g_strdup (json_object_get_string_member (ccal_test_response_member (response, "follow_up"), "id"));
  item_path = g_strconcat (follow_path, "/", follow_up_id, NULL);
  g_clear_pointer (&response, ccal_test_response_free);

  /* Staff marks it done: the answer and the list say so, the rest is unchanged. */
  response = ccal_test_server_request (shared, "PATCH", item_path, calendar->staff_key, "{\"done\":true}");
  assert_status (response, 200);
  follow_up = ccal_test_response_member (response, "follow_up");
  g_assert_cmpstr (json_object_get_string_member (follow_up, "id"), ==, follow_up_id);
  g_assert_cmpstr (json_object_get_string_member (follow_up, "booking_id"), ==, id);
  g_assert_cmpstr (json_object_get_string_member (follow_up, "action"), ==, "Call again");
  g_assert_cmpstr (json_object_get_string_member (follow_up, "due_at"), ==, "2030-01-10T09:00:00Z");
  g_assert_true (json_object_get_boolean_member (follow_up, "done"));
  g_clear_pointer (&response, ccal_test_response_free);

  response = ccal_test_server_request (shared, "GET", follow_path, calendar->staff_key, NULL);
  assert_status (response, 200);
  list = json_object_get_array_member (ccal_test_response_object (response), "follow_ups");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (list, 0), "done"));
  g_clear_pointer (&response, ccal_test_response_free);

  /* The admin undoes it. */
  response = ccal_test_server_request (shared, "PATCH", item_path, calendar->admin_key, "{\"done\":false}");
  assert_status (response, 200);
  g_assert_false (json_object_get_boolean_member (ccal_test_response_member (response, "follow_up"), "done"));
  g_clear_pointer (&response, ccal_test_response_free);

  response = ccal_test_server_request (shared, "GET", follow_path, calendar->staff_key, NULL);
  assert_status (response, 200);
  list = json_object_get_array_member (ccal_test_response_object (response), "follow_ups");
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (list, 0), "done"));
  g_clear_pointer (&response, ccal_test_response_free);

  /* Bodies without a boolean `done`, or with anything else, are refused naming the field. */
  {
    const struct
    {
      const char *body;
      const char *field;
    } cases[] = {
      { "{}", "done" },
      { "{\"done\":null}", "done" },
      { "{\"done\":\"yes\"}", "done" },
      { "{\"done\":1}", "done" },
      { "{\"done\":true,\"action\":\"Other\"}", "action" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        response = ccal_test_server_request (shared, "PATCH", item_path, calendar->staff_key, cases[i].body);
        ccal_test_response_assert_error (response, 400, "invalid_request", cases[i].field);
        g_clear_pointer (&response, ccal_test_response_free);
      }
  }

  /* 404: unknown follow-up, unknown booking, the follow-up through another booking, another workspace. */
  {
    const char *unknown = "6f1c1d8e-7d55-4b5a-9a43-0c6d1d2b9e10";
    g_autofree char *unknown_item = g_strconcat (follow_path, "/", unknown, NULL);
    g_autofree char *unknown_booking = g_strconcat ("/api/calendar/bookings/", unknown, "/follow-ups/",
                                                    follow_up_id, NULL);
    g_autofree char *wrong_booking = g_strconcat ("/api/calendar/bookings/", second, "/follow-ups/",
                                                  follow_up_id, NULL);

    response = ccal_test_server_request (shared, "PATCH", unknown_item, calendar->staff_key, "{\"done\":true}");
    ccal_test_response_assert_error (response, 404, "not_found", NULL);
    g_clear_pointer (&response, ccal_test_response_free);
    response = ccal_test_server_request (shared, "PATCH", unknown_booking, calendar->staff_key, "{\"done\":true}");
    ccal_test_response_assert_error (response, 404, "not_found", NULL);
    g_clear_pointer (&response, ccal_test_response_free);
    response = ccal_test_server_request (shared, "PATCH", wrong_booking, calendar->staff_key, "{\"done\":true}");
    ccal_test_response_assert_error (response, 404, "not_found", NULL);
    g_clear_pointer (&response, ccal_test_response_free);
    response = ccal_test_server_request (shared, "PATCH", item_path, other->admin_key, "{\"done\":true}");
    ccal_test_response_assert_error (response, 404, "not_found", NULL);
    g_clear_pointer (&response, ccal_test_response_free);
    response = ccal_test_server_request (shared, "PATCH", item_path, NULL, "{\"done\":true}");
    ccal_test_response_assert_error (response, 401, "unauthorized", NULL);
    g_clear_pointer (&response, ccal_test_response_free);
  }

  /* None of the refused requests changed it. */
  response = ccal_test_server_request (shared, "GET", follow_path, calendar->staff_key, NULL);
  assert_status (response, 200);
  list = json_object_get_array_member (ccal_test_response_object (response), "follow_ups");
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (list, 0), "done"));
}

/* ── listing and syncing ────────────────────────────────────────────────────────────────────── */

static JsonObject *
get_object (const char *path,
            const char *token)
{
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "GET", path, token, NULL);

  assert_status (response, 200);
  return json_object_ref (ccal_test_response_object (response));
}

static void
test_list_paging_and_sync (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("listing");
  g_autofree char *day = day_from_now (7);
  const char *times[] = { "11:00", "09:00", "10:30", "09:30", "10:00" };
  g_autoptr (GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;
  g_autofree char *token = NULL;
  g_autofree char *previous_start = NULL;
  guint pages = 0;

  for (gsize i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *start = at (day, times[i]);
      g_autofree char *email = g_strdup_printf ("person%" G_GSIZE_FORMAT "@example.com", i);

      g_ptr_array_add (ids, book_ok (NULL, calendar->admin_id, start, email));
    }

  /* Pages of two, in start order, until next_cursor is null. */
  do
    {
      g_autofree char *path = cursor != NULL ? g_strdup_printf ("/api/calendar/bookings?limit=2&cursor=%s", cursor)
                                             : g_strdup ("/api/calendar/bookings?limit=2");
      g_autoptr (JsonObject) page = get_object (path, calendar->staff_key);
      JsonArray *bookings = json_object_get_array_member (page, "bookings");

      g_assert_cmpuint (json_array_get_length (bookings), <=, 2);
      for (guint i = 0; i < json_array_get_length (bookings); i++)
        {
          JsonObject *booking = json_array_get_object_element (bookings, i);
          const char *start = json_object_get_string_member (booking, "start_time");

          if (previous_start != NULL)
            g_assert_cmpstr (previous_start, <, start);
          g_free (previous_start);
          previous_start = g_strdup (start);
          g_ptr_array_add (seen, g_strdup (json_object_get_string_member (booking, "id")));
        }

      g_free (cursor);
      cursor = json_object_get_null_member (page, "next_cursor")
                 ? NULL
                 : g_strdup (json_object_get_string_member (page, "next_cursor"));
      if (token == NULL)
        token = g_strdup (json_object_get_string_member (page, "sync_token"));
      pages++;
    }
  while (cursor != NULL);

  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (seen->len, ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (contains (seen, g_ptr_array_index (ids, i)));

  /* Filters: status, q, from/to. */
  {
    g_autoptr (CcalTestResponse) cancelled = patch_booking (calendar->admin_key, g_ptr_array_index (ids, 0), NULL,
                                                            "{\"status\":\"cancelled\",\"reason\":\"No time\"}");
    g_autoptr (JsonObject) by_status = NULL;
    g_autoptr (JsonObject) by_name = NULL;
    g_autoptr (JsonObject) by_time = NULL;
    g_autofree char *from = at (day, "09:30");
    g_autofree char *to = at (day, "10:30");
    g_autofree char *time_path = g_strdup_printf ("/api/calendar/bookings?from=%s&to=%s", from, to);
    JsonArray *bookings;

    assert_status (cancelled, 200);
    by_status = get_object ("/api/calendar/bookings?status=cancelled", calendar->staff_key);
    bookings = json_object_get_array_member (by_status, "bookings");
    g_assert_cmpuint (json_array_get_length (bookings), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (bookings, 0), "id"), ==,
                     g_ptr_array_index (ids, 0));

    by_name = get_object ("/api/calendar/bookings?q=person3%40", calendar->staff_key);
    bookings = json_object_get_array_member (by_name, "bookings");
    g_assert_cmpuint (json_array_get_length (bookings), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (bookings, 0), "id"), ==,
                     g_ptr_array_index (ids, 3));

    /* Bookings ending after 09:30 and starting before 10:30: 09:30 and 10:00. */
    by_time = get_object (time_path, calendar->staff_key);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (by_time, "bookings")), ==, 2);
  }

  /* Sync: only what changed since the token (the cancellation and a reschedule), in full. */
  {
    g_autofree char *body = g_strdup_printf ("{\"start_time\":\"%sT11:30:00Z\"}", day);
    g_autoptr (CcalTestResponse) moved = patch_booking (calendar->admin_key, g_ptr_array_index (ids, 1), NULL, body);
    g_autofree char *sync_path = g_strdup_printf ("/api/calendar/bookings?sync_token=%s", token);
    g_autoptr (JsonObject) changes = NULL;
    g_autoptr (JsonObject) nothing = NULL;
    g_autofree char *next_path = NULL;
    JsonArray *bookings;

    assert_status (moved, 200);
    changes = get_object (sync_path, calendar->staff_key);
    bookings = json_object_get_array_member (changes, "bookings");
    g_assert_cmpuint (json_array_get_length (bookings), ==, 2);
    for (guint i = 0; i < 2; i++)
      {
        JsonObject *booking = json_array_get_object_element (bookings, i);
        const char *id = json_object_get_string_member (booking, "id");

        g_assert_false (json_object_get_boolean_member (booking, "deleted"));
        if (g_str_equal (id, g_ptr_array_index (ids, 0)))
          g_assert_cmpstr (json_object_get_string_member (booking, "status"), ==, "cancelled");
        else
          g_assert_cmpstr (id, ==, g_ptr_array_index (ids, 1));
      }

    next_path = g_strdup_printf ("/api/calendar/bookings?sync_token=%s",
                                 json_object_get_string_member (changes, "sync_token"));
    nothing = get_object (next_path, calendar->staff_key);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (nothing, "bookings")), ==, 0);
  }

  /* Bad parameters. */
  {
    g_autoptr (CcalTestResponse) bad_status = ccal_test_server_request (shared, "GET", "/api/calendar/bookings?status=x",
                                                                        calendar->staff_key, NULL);
    g_autoptr (CcalTestResponse) bad_cursor = ccal_test_server_request (shared, "GET",
                                                                        "/api/calendar/bookings?cursor=abc",
                                                                        calendar->staff_key, NULL);
    g_autoptr (CcalTestResponse) bad_token = ccal_test_server_request (shared, "GET",
                                                                       "/api/calendar/bookings?sync_token=st1.zzz",
                                                                       calendar->staff_key, NULL);
    g_autoptr (CcalTestResponse) bad_limit = ccal_test_server_request (shared, "GET",
                                                                       "/api/calendar/bookings?limit=1001",
                                                                       calendar->staff_key, NULL);
    g_autoptr (CcalTestResponse) anonymous = ccal_test_server_request (shared, "GET", "/api/calendar/bookings", NULL,
                                                                       NULL);

    ccal_test_response_assert_error (bad_status, 400, "invalid_request", "status");
    ccal_test_response_assert_error (bad_cursor, 400, "invalid_request", "cursor");
    ccal_test_response_assert_error (bad_token, 410, "sync_token_expired", NULL);
    ccal_test_response_assert_error (bad_limit, 400, "invalid_request", "limit");
    ccal_test_response_assert_error (anonymous, 401, "unauthorized", NULL);
  }
}

static void
test_workspace_isolation (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("iso-a");
  g_autoptr (Calendar) other = calendar_new_daily ("iso-b");
  g_autofree char *day = day_from_now (7);
  g_autofree char *nine = at (day, "09:00");
  g_autofree char *id = book_ok (NULL, calendar->admin_id, nine, "iso@example.com");
  const char *suffixes[] = { "", "/history", "/follow-ups" };
  g_autoptr (CcalTestResponse) patched = patch_booking (other->admin_key, id, NULL, "{\"status\":\"confirmed\"}");
  g_autoptr (CcalTestResponse) result = NULL;
  g_autoptr (CcalTestResponse) foreign_book = book (other->staff_key, calendar->admin_id, nine, "x@example.com", NULL);
  g_autoptr (CcalTestResponse) own = NULL;
  g_autoptr (JsonObject) list = NULL;
  g_autofree char *result_path = booking_path (id, "/result");

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = booking_path (id, suffixes[i]);
      g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "GET", path, other->admin_key, NULL);

      ccal_test_response_assert_error (response, 404, "not_found", NULL);
    }
  ccal_test_response_assert_error (patched, 404, "not_found", NULL);
  result = ccal_test_server_request (shared, "PUT", result_path, other->staff_key, "{\"outcome\":\"x\"}");
  ccal_test_response_assert_error (result, 404, "not_found", NULL);

  /* Another workspace's credential cannot book on this calendar (its admin is not theirs). */
  ccal_test_response_assert_error (foreign_book, 404, "not_found", NULL);

  /* Its list does not show the booking, and a foreign workspace_id is 403. */
  list = get_object ("/api/calendar/bookings", other->admin_key);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (list, "bookings")), ==, 0);
  {
    g_autoptr (CcalTestResponse) foreign = ccal_test_server_request (shared, "GET",
                                                                     "/api/calendar/bookings?workspace_id=iso-a",
                                                                     other->admin_key, NULL);

    ccal_test_response_assert_error (foreign, 403, "forbidden", NULL);
  }

  /* The owner still sees it unchanged. */
  {
    g_autofree char *path = booking_path (id, NULL);

    own = ccal_test_server_request (shared, "GET", path, calendar->staff_key, NULL);
    assert_status (own, 200);
    g_assert_cmpstr (json_object_get_string_member (ccal_test_response_member (own, "booking"), "status"), ==,
                     "pending");
    g_assert_cmpstr (ccal_test_response_header (own, "ETag"), ==, "\"1\"");
  }
}

/* ── analytics ──────────────────────────────────────────────────────────────────────────────── */

static void
test_analytics (void)
{
  g_autoptr (Calendar) calendar = calendar_new_daily ("analytics");
  g_autofree char *day = day_from_now (7);
  g_autofree char *next_day = day_from_now (8);
  g_autofree char *nine = at (day, "09:00");
  g_autofree char *ten = at (day, "10:00");
  g_autofree char *eleven = at (day, "11:00");
  g_autofree char *next_nine = at (next_day, "09:00");
  g_autofree char *a = book_ok (NULL, calendar->admin_id, nine, "a@example.com");
  g_autofree char *b = book_ok (NULL, calendar->admin_id, ten, "b@example.com");
  g_autofree char *c = book_ok (calendar->staff_key, calendar->admin_id, eleven, "c@example.com");
  g_autofree char *d = book_ok (NULL, calendar->admin_id, next_nine, "d@example.com");
  g_autofree char *day_after = day_from_now (9);
  g_autofree char *path = g_strdup_printf ("/api/calendar/analytics/bookings?from=%s&to=%s", day, day_after);
  g_autoptr (CcalTestResponse) cancel = patch_booking (calendar->admin_key, b, NULL, "{\"status\":\"cancelled\"}");
  g_autoptr (CcalTestResponse) confirm = patch_booking (calendar->admin_key, c, NULL, "{\"status\":\"confirmed\"}");
  g_autoptr (CcalTestResponse) staff = NULL;
  g_autoptr (JsonObject) report = NULL;
  JsonObject *by_status, *by_source;
  JsonArray *series;

  assert_status (cancel, 200);
  assert_status (confirm, 200);

  staff = ccal_test_server_request (shared, "GET", path, calendar->staff_key, NULL);
  ccal_test_response_assert_error (staff, 403, "forbidden", NULL);

  report = get_object (path, calendar->admin_key);
  g_assert_cmpint (json_object_get_int_member (report, "total"), ==, 4);
  by_status = json_object_get_object_member (report, "by_status");
  g_assert_cmpint (json_object_get_int_member (by_status, "pending"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (by_status, "confirmed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (by_status, "cancelled"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (by_status, "completed"), ==, 0);
  by_source = json_object_get_object_member (report, "by_source");
  g_assert_cmpint (json_object_get_int_member (by_source, "public"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (by_source, "staff"), ==, 1);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (report, "cancellation_rate"), 0.25, 1e-9);
  series = json_object_get_array_member (report, "series");
  g_assert_cmpuint (json_array_get_length (series), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (series, 0), "count"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (series, 1), "count"), ==, 1);
  /* Each bucket split by status, for the chart stacked by status. */
  by_status = json_object_get_object_member (json_array_get_object_element (series, 0), "by_status");
  g_assert_cmpint (json_object_get_int_member (by_status, "pending"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (by_status, "confirmed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (by_status, "cancelled"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (report, "by_weekday_hour")), ==, 7);

  /* A range that holds only the first day, as RFC 3339 instants. */
  {
    g_autofree char *instants = g_strdup_printf ("/api/calendar/analytics/bookings?from=%s&to=%s&bucket=month"
                                                 "&timezone=Europe/Berlin", nine, next_nine);
    g_autoptr (JsonObject) first_day = get_object (instants, calendar->admin_key);

    g_assert_cmpint (json_object_get_int_member (first_day, "total"), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (first_day, "timezone"), ==, "Europe/Berlin");
  }

  /* Errors name their parameter. */
  {
    const struct
    {
      const char *query;
      const char *field;
    } cases[] = {
      { "to=2026-12-01", "from" },
      { "from=2026-12-01", "to" },
      { "from=2026-12-01&to=2026-11-01", "to" },
      { "from=yesterday&to=2026-12-01", "from" },
      { "from=2026-11-01&to=2026-12-01&bucket=year", "bucket" },
      { "from=2026-11-01&to=2026-12-01&timezone=Nowhere/Land", "timezone" },
      { "from=2000-01-01&to=2026-12-01", "to" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autofree char *bad = g_strconcat ("/api/calendar/analytics/bookings?", cases[i].query, NULL);
        g_autoptr (CcalTestResponse) response = ccal_test_server_request (shared, "GET", bad, calendar->admin_key,
                                                                          NULL);

        ccal_test_response_assert_error (response, 400, "invalid_request", cases[i].field);
      }
  }

  (void) a;
  (void) d;
}

/* ── demo data ──────────────────────────────────────────────────────────────────────────────── */

static void
test_demo_data (void)
{
  g_autofree char *key = ccal_test_server_init_workspace (shared, "demo", "owner@demo.example", "Olga Owner", NULL);
  g_autofree char *err = NULL;
  g_autofree char *cursor = NULL;
  g_autoptr (GPtrArray) bookings = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr (GHashTable) statuses = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GHashTable) sources = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (JsonObject) events = NULL;
  guint with_result = 0;
  gint64 now = g_get_real_time ();
  int status;

  status = ccal_test_server_run_cli (shared, NULL, &err, "demo-data", "--database", shared->database, "--workspace",
                                     "demo", NULL);
  if (status != 0)
    g_printerr ("# %s\n", err);
  g_assert_cmpint (status, ==, 0);

  /* Every booking, through the API. */
  do
    {
      g_autofree char *path = cursor != NULL ? g_strdup_printf ("/api/calendar/bookings?limit=50&cursor=%s", cursor)
                                             : g_strdup ("/api/calendar/bookings?limit=50");
      g_autoptr (JsonObject) page = get_object (path, key);
      JsonArray *items = json_object_get_array_member (page, "bookings");

      for (guint i = 0; i < json_array_get_length (items); i++)
        g_ptr_array_add (bookings, json_object_ref (json_array_get_object_element (items, i)));
      g_free (cursor);
      cursor = json_object_get_null_member (page, "next_cursor") ? NULL
                                                                 : g_strdup (json_object_get_string_member (page,
                                                                                                            "next_cursor"));
    }
  while (cursor != NULL);

  g_assert_cmpuint (bookings->len, >=, 30);
  for (guint i = 0; i < bookings->len; i++)
    {
      JsonObject *booking = g_ptr_array_index (bookings, i);
      const char *booking_status = json_object_get_string_member (booking, "status");
      g_autoptr (GDateTime) start = g_date_time_new_from_iso8601 (json_object_get_string_member (booking,
                                                                                                 "start_time"),
                                                                  NULL);
      gboolean past = g_date_time_to_unix (start) * G_USEC_PER_SEC < now;

      g_hash_table_add (statuses, (gpointer) booking_status);
      g_hash_table_add (sources, (gpointer) json_object_get_string_member (booking, "source"));
      with_result += !json_object_get_null_member (booking, "result");

      /* Past meetings are settled, future ones are not. */
      if (past)
        g_assert_true (g_str_equal (booking_status, "completed") || g_str_equal (booking_status, "no_show") ||
                       g_str_equal (booking_status, "cancelled"));
      else
        g_assert_true (g_str_equal (booking_status, "pending") || g_str_equal (booking_status, "confirmed") ||
                       g_str_equal (booking_status, "cancelled"));

      /* No two live bookings of one admin overlap. */
      for (guint j = i + 1; j < bookings->len; j++)
        {
          JsonObject *other = g_ptr_array_index (bookings, j);

          if (g_str_equal (booking_status, "cancelled") ||
              g_str_equal (json_object_get_string_member (other, "status"), "cancelled") ||
              !g_str_equal (json_object_get_string_member (booking, "admin_id"),
                            json_object_get_string_member (other, "admin_id")))
            continue;
          /* RFC 3339 UTC strings of one format compare like the instants. */
          g_assert_false (g_strcmp0 (json_object_get_string_member (booking, "start_time"),
                                     json_object_get_string_member (other, "end_time")) < 0 &&
                          g_strcmp0 (json_object_get_string_member (other, "start_time"),
                                     json_object_get_string_member (booking, "end_time")) < 0);
        }
    }

  g_assert_cmpuint (g_hash_table_size (statuses), ==, 5);
  g_assert_cmpuint (g_hash_table_size (sources), ==, 2);

  /* The calendar filled is the one of the admin `init` made, who signs in and sees it. */
  {
    g_autoptr (JsonObject) me = get_object ("/api/calendar/me", key);

    for (guint i = 0; i < bookings->len; i++)
      g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (bookings, i), "admin_id"), ==,
                       json_object_get_string_member (me, "user_id"));
  }
  g_assert_cmpuint (with_result, >, 0);

  /* Windows, blocked time and events are there too. */
  events = get_object ("/api/calendar/events?limit=100", key);
  {
    JsonArray *items = json_object_get_array_member (events, "events");
    g_autoptr (GHashTable) types = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < json_array_get_length (items); i++)
      g_hash_table_add (types, (gpointer) json_object_get_string_member (json_array_get_object_element (items, i),
                                                                         "type"));
    g_assert_cmpuint (g_hash_table_size (types), ==, 3);
  }

  /* A second run adds nothing and says why. */
  g_clear_pointer (&err, g_free);
  status = ccal_test_server_run_cli (shared, NULL, &err, "demo-data", "--database", shared->database, "--workspace",
                                     "demo", NULL);
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "already has demo data"));
  {
    g_autoptr (JsonObject) again = get_object ("/api/calendar/bookings?limit=1000", key);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (again, "bookings")), ==, bookings->len);
  }
}

int
main (int    argc,
      char **argv)
{
  const char *const serve_args[] = { "--rate-limit", "0", NULL };
  int result;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/bookings/availability/happy-path", test_availability_happy_path);
  g_test_add_func ("/server/bookings/availability/errors", test_availability_errors);
  g_test_add_func ("/server/bookings/availability/dst", test_availability_dst);
  g_test_add_func ("/server/bookings/book/public", test_book_public);
  g_test_add_func ("/server/bookings/book/staff", test_book_staff);
  g_test_add_func ("/server/bookings/book/validation", test_book_validation);
  g_test_add_func ("/server/bookings/book/idempotent-replay", test_book_idempotent_replay);
  g_test_add_func ("/server/bookings/book/race", test_book_race);
  g_test_add_func ("/server/bookings/holds", test_holds);
  g_test_add_func ("/server/bookings/patch/status", test_patch_status);
  g_test_add_func ("/server/bookings/patch/reschedule", test_patch_reschedule);
  g_test_add_func ("/server/bookings/result-and-follow-ups", test_result_and_follow_ups);
  g_test_add_func ("/server/bookings/follow-up-done", test_follow_up_done);
  g_test_add_func ("/server/bookings/list/paging-and-sync", test_list_paging_and_sync);
  g_test_add_func ("/server/bookings/workspace-isolation", test_workspace_isolation);
  g_test_add_func ("/server/bookings/analytics", test_analytics);
  g_test_add_func ("/server/bookings/demo-data", test_demo_data);

  shared = ccal_test_server_new (serve_args);
  result = g_test_run ();
  ccal_test_server_free (shared);

  return result;
}
