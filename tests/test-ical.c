/* test-ical.c — iCalendar export and import: round trips, other calendars' files, bad input
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include <string.h>

#include "ccal-core.h"

static gint64
instant (const char *rfc3339)
{
  g_autoptr(GError) error = NULL;
  gint64 usec = 0;

  g_assert_true (ccal_time_parse_rfc3339 (rfc3339, NULL, &usec, &error));
  g_assert_no_error (error);
  return usec;
}

static void
assert_instant (gint64      usec,
                const char *expected)
{
  g_autofree char *text = ccal_time_format_rfc3339 (usec);

  g_assert_cmpstr (text, ==, expected);
}

static CcalEvent *
event_new (const char *id,
           const char *title,
           const char *start,
           const char *end,
           const char *timezone)
{
  CcalEvent *event = ccal_event_new ();

  event->id = g_strdup (id);
  event->title = g_strdup (title);
  event->start_time = instant (start);
  event->end_time = instant (end);
  event->timezone = g_strdup (timezone);
  event->updated_at = instant ("2026-02-01T12:00:00Z");
  return event;
}

static GPtrArray *
one_event (CcalEvent *event)
{
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (events, event);
  return events;
}

/* Imported events must be ones the app can save as they are. */
static void
assert_valid (GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (ccal_event_validate (g_ptr_array_index (events, i), &error));
      g_assert_no_error (error);
    }
}

static CcalEvent *
import_one (const char   *ics,
            CcalEventType type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = ccal_ical_import_events (ics, type, &error);

  g_assert_no_error (error);
  g_assert_nonnull (events);
  g_assert_cmpuint (events->len, ==, 1);
  assert_valid (events);
  return g_object_ref (g_ptr_array_index (events, 0));
}

static CcalEvent *
round_trip (CcalEvent *event)
{
  g_autoptr(GPtrArray) events = one_event (g_object_ref (event));
  g_autofree char *ics = ccal_ical_export (events, NULL);

  return import_one (ics, event->type);
}

static guint
count_occurrences (const char *haystack,
                   const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* RFC 5545 §3.1: every line ends in CRLF and is at most 75 octets without it. */
static void
assert_rfc5545_lines (const char *ics)
{
  g_auto(GStrv) lines = NULL;
  gsize len = strlen (ics);

  g_assert_true (g_str_has_suffix (ics, "\r\n"));
  lines = g_strsplit (ics, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strchr (lines[i], '\n') != NULL || strchr (lines[i], '\r') != NULL)
        g_error ("line %u has a bare line break: “%s”", i + 1, lines[i]);
      if (strlen (lines[i]) > 75)
        g_error ("line %u is %zu octets: “%s”", i + 1, strlen (lines[i]), lines[i]);
      /* A fold never splits a UTF-8 character. */
      g_assert_true (g_utf8_validate (lines[i], -1, NULL));
    }
  g_assert_cmpuint (len, >, 0);
}

/* The logical lines: a CRLF followed by a space is a fold. */
static char *
unfold (const char *ics)
{
  g_auto(GStrv) parts = g_strsplit (ics, "\r\n ", -1);

  return g_strjoinv ("", parts);
}

static CcalEvent *
berlin_weekly_new (void)
{
  CcalEvent *event = event_new ("5d0e7d7a-9a8b-4c6f-8a55-3f7e1c2b9d10", "Team stand-up",
                                "2026-03-10T08:00:00Z", "2026-03-10T08:30:00Z", "Europe/Berlin");
  gint64 exdates[] = { instant ("2026-03-17T08:00:00Z"), instant ("2026-03-31T07:00:00Z") };

  event->type = CCAL_EVENT_TYPE_AVAILABILITY;
  event->status = CCAL_EVENT_STATUS_CONFIRMED;
  event->rrule = g_strdup ("FREQ=WEEKLY;UNTIL=20260428T070000Z;BYDAY=TU");
  g_array_append_vals (event->exdates, exdates, G_N_ELEMENTS (exdates));
  return event;
}

static CcalBooking *
booking_new (void)
{
  CcalBooking *booking = ccal_booking_new ();

  booking->id = g_strdup ("0b9f4c1e-2f1d-4d8a-9b3e-6a1c2d3e4f50");
  booking->start_time = instant ("2026-04-20T13:00:00Z");
  booking->end_time = instant ("2026-04-20T13:30:00Z");
  booking->duration_minutes = 30;
  booking->status = CCAL_BOOKING_STATUS_CONFIRMED;
  booking->meeting_link = g_strdup ("https://meet.example.com/abc-defg-hij");
  booking->product_interest = g_strdup ("Solar panels");
  booking->description = g_strdup ("Wants a quote for a 10 kWp roof.");
  if (booking->contact == NULL)
    booking->contact = ccal_contact_new ();
  booking->contact->name = g_strdup ("Anna Müller, Jr.");
  booking->contact->email = g_strdup ("anna@example.com");
  booking->contact->phone = g_strdup ("+49 30 1234567");
  return booking;
}

static void
test_export_structure (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *ics = NULL;
  CcalEvent *second;

  g_ptr_array_add (events, berlin_weekly_new ());
  second = event_new ("6e1f8e8b-0b9c-4d70-9b66-4a8f2d3c0e21", "Lunch", "2026-03-11T11:00:00Z",
                      "2026-03-11T12:00:00Z", "Europe/Berlin");
  second->type = CCAL_EVENT_TYPE_BLOCKED;
  g_ptr_array_add (events, second);
  g_ptr_array_add (bookings, booking_new ());

  ics = ccal_ical_export (events, bookings);

  g_assert_true (g_str_has_prefix (ics, "BEGIN:VCALENDAR\r\n"));
  g_assert_true (g_str_has_suffix (ics, "END:VCALENDAR\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nPRODID:-//CustomerConnects//Calendar//EN\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nVERSION:2.0\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nCALSCALE:GREGORIAN\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nMETHOD:PUBLISH\r\n"));

  /* One VTIMEZONE for the zone both events use, named by its IANA id, before the events. */
  g_assert_cmpuint (count_occurrences (ics, "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n"), ==, 1);
  g_assert_cmpuint (count_occurrences (ics, "BEGIN:VTIMEZONE"), ==, 1);
  g_assert_true (strstr (ics, "BEGIN:VTIMEZONE") < strstr (ics, "BEGIN:VEVENT"));
  g_assert_cmpuint (count_occurrences (ics, "BEGIN:VEVENT"), ==, 3);

  g_assert_nonnull (strstr (ics, "\r\nUID:5d0e7d7a-9a8b-4c6f-8a55-3f7e1c2b9d10\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nDTSTAMP:20260201T120000Z\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nDTSTART;TZID=Europe/Berlin:20260310T090000\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nDTEND;TZID=Europe/Berlin:20260310T093000\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nRRULE:FREQ=WEEKLY;UNTIL=20260428T070000Z;BYDAY=TU\r\n"));
  /* The second exdate is after the switch to summer time: still 09:00 on the wall clock. */
  g_assert_nonnull (strstr (ics, "\r\nEXDATE;TZID=Europe/Berlin:20260317T090000\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nEXDATE;TZID=Europe/Berlin:20260331T090000\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nSTATUS:CONFIRMED\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nSTATUS:TENTATIVE\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nX-CUSTOMERCONNECTS-TYPE:availability\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nX-CUSTOMERCONNECTS-TYPE:blocked\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nX-CUSTOMERCONNECTS-TYPE:booking\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nCATEGORIES:Availability\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nCATEGORIES:Blocked\r\n"));
  g_assert_null (strstr (ics, "freeassociation"));

  assert_rfc5545_lines (ics);
}

static void
test_export_folding (void)
{
  g_autoptr(CcalEvent) event = event_new ("1c6a3f0e-8d2b-4e1f-a3c5-7b9d0e2f4a61", NULL, "2026-06-01T10:00:00Z",
                                          "2026-06-01T11:00:00Z", "UTC");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(CcalEvent) back = NULL;
  g_autofree char *ics = NULL;
  GString *long_text = g_string_new (NULL);

  /* Multi-octet characters at every offset, so some fold falls right before or inside one. */
  for (int i = 0; i < 40; i++)
    g_string_append (long_text, i % 3 == 0 ? "Grüße, " : (i % 3 == 1 ? "café; " : "🗓 ok "));
  g_string_append (long_text, "\nSecond line");
  event->title = g_strdup ("Überprüfung der Jahresplanung mit allen Abteilungsleiterinnen und Abteilungsleitern");
  event->description = g_string_free (long_text, FALSE);

  events = one_event (g_object_ref (event));
  ics = ccal_ical_export (events, NULL);
  assert_rfc5545_lines (ics);
  g_assert_cmpuint (count_occurrences (ics, "\r\n "), >, 5);

  back = import_one (ics, CCAL_EVENT_TYPE_EVENT);
  g_assert_cmpstr (back->title, ==, event->title);
  g_assert_cmpstr (back->description, ==, event->description);
}

/* The RRULE goes out as stored (libical would reorder its parts), never as a way to add lines. */
static void
test_export_rrule_verbatim (void)
{
  g_autoptr(CcalEvent) event = berlin_weekly_new ();
  g_autoptr(GPtrArray) events = one_event (g_object_ref (event));
  g_autofree char *ics = NULL;
  g_autoptr(CcalEvent) back = NULL;

  g_free (event->rrule);
  event->rrule = g_strdup ("FREQ=WEEKLY;BYDAY=TU,TH;INTERVAL=2;WKST=MO;COUNT=6");
  ics = ccal_ical_export (events, NULL);
  g_assert_nonnull (strstr (ics, "\r\nRRULE:FREQ=WEEKLY;BYDAY=TU,TH;INTERVAL=2;WKST=MO;COUNT=6\r\n"));

  /* Read back in libical's order, meaning the same rule. */
  back = import_one (ics, CCAL_EVENT_TYPE_EVENT);
  g_assert_cmpstr (back->rrule, ==, "FREQ=WEEKLY;COUNT=6;INTERVAL=2;BYDAY=TU,TH");

  g_free (event->rrule);
  event->rrule = g_strdup ("RRULE:FREQ=DAILY;COUNT=3");
  g_free (ics);
  ics = ccal_ical_export (events, NULL);
  g_assert_nonnull (strstr (ics, "\r\nRRULE:FREQ=DAILY;COUNT=3\r\n"));
}

/* Line breaks in stored values stay inside their property: none can add one of its own. */
static void
test_export_no_injection (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *ics = NULL;
  CcalEvent *event = berlin_weekly_new ();
  CcalBooking *booking = booking_new ();

  g_free (event->rrule);
  event->rrule = g_strdup ("FREQ=DAILY\r\nX-EVIL:rrule");
  event->description = g_strdup ("text\r\nX-EVIL:description");
  g_ptr_array_add (events, event);
  g_free (booking->meeting_link);
  booking->meeting_link = g_strdup ("https://meet.example.com/\r\nX-EVIL:url");
  g_free (booking->contact->email);
  booking->contact->email = g_strdup ("anna@example.com\r\nX-EVIL:attendee");
  g_free (booking->contact->name);
  booking->contact->name = g_strdup ("Anna\r\nX-EVIL:cn");
  g_ptr_array_add (bookings, booking);

  ics = ccal_ical_export (events, bookings);
  assert_rfc5545_lines (ics);
  g_assert_null (strstr (ics, "\r\nX-EVIL"));
  g_assert_null (strstr (ics, "\r\nURL:"));
  g_assert_null (strstr (ics, "\r\nATTENDEE"));
  g_assert_cmpuint (count_occurrences (ics, "BEGIN:VEVENT"), ==, 2);
}

/* RFC 5545 §3.6.1: UID is required; an event or booking not saved yet (no id) still gets one, its own. */
static void
test_export_uid_for_unsaved (void)
{
  g_autoptr(GPtrArray) events = one_event (event_new (NULL, "Draft", "2026-06-01T10:00:00Z", "2026-06-01T11:00:00Z",
                                                      "UTC"));
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *ics = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) uids = g_ptr_array_new ();
  CcalBooking *booking = booking_new ();

  g_clear_pointer (&booking->id, g_free);
  g_ptr_array_add (bookings, booking);
  ics = ccal_ical_export (events, bookings);

  lines = g_strsplit (ics, "\r\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "UID:"))
        {
          g_assert_true (g_uuid_string_is_valid (lines[i] + 4));
          g_ptr_array_add (uids, lines[i] + 4);
        }
    }
  g_assert_cmpuint (uids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (uids, 0), !=, g_ptr_array_index (uids, 1));
  g_assert_cmpuint (count_occurrences (ics, "\r\nDTSTAMP:"), ==, 2);
}

static void
test_round_trip_utc (void)
{
  g_autoptr(CcalEvent) event = event_new ("3a2b1c0d-4e5f-4a6b-8c7d-9e0f1a2b3c4d", "Call with supplier",
                                          "2026-05-12T14:15:00Z", "2026-05-12T15:00:00Z", "UTC");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(CcalEvent) back = NULL;
  g_autofree char *ics = NULL;

  event->description = g_strdup ("Agenda: prices, delivery; dates\nBring the contract.");
  event->location = g_strdup ("Room 4, 2nd floor");
  event->status = CCAL_EVENT_STATUS_CANCELLED;

  events = one_event (g_object_ref (event));
  ics = ccal_ical_export (events, NULL);
  g_assert_nonnull (strstr (ics, "\r\nDTSTART:20260512T141500Z\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nDTEND:20260512T150000Z\r\n"));
  g_assert_null (strstr (ics, "BEGIN:VTIMEZONE"));

  back = import_one (ics, CCAL_EVENT_TYPE_EVENT);
  g_assert_cmpstr (back->id, ==, event->id);
  g_assert_cmpstr (back->title, ==, event->title);
  g_assert_cmpstr (back->description, ==, event->description);
  g_assert_cmpstr (back->location, ==, event->location);
  g_assert_cmpint (back->start_time, ==, event->start_time);
  g_assert_cmpint (back->end_time, ==, event->end_time);
  g_assert_cmpstr (back->timezone, ==, "UTC");
  g_assert_false (back->is_all_day);
  g_assert_null (back->rrule);
  g_assert_cmpuint (back->exdates->len, ==, 0);
  g_assert_cmpint (back->status, ==, CCAL_EVENT_STATUS_CANCELLED);
  g_assert_cmpint (back->type, ==, CCAL_EVENT_TYPE_EVENT);
}

static void
test_round_trip_berlin_weekly (void)
{
  g_autoptr(CcalEvent) event = berlin_weekly_new ();
  g_autoptr(CcalEvent) back = round_trip (event);

  g_assert_cmpstr (back->id, ==, event->id);
  g_assert_cmpstr (back->timezone, ==, "Europe/Berlin");
  g_assert_cmpint (back->start_time, ==, event->start_time);
  g_assert_cmpint (back->end_time, ==, event->end_time);
  g_assert_cmpstr (back->rrule, ==, event->rrule);
  g_assert_cmpint (back->type, ==, CCAL_EVENT_TYPE_AVAILABILITY);
  g_assert_cmpint (back->status, ==, CCAL_EVENT_STATUS_CONFIRMED);
  g_assert_cmpuint (back->exdates->len, ==, 2);
  g_assert_cmpint (g_array_index (back->exdates, gint64, 0), ==, g_array_index (event->exdates, gint64, 0));
  g_assert_cmpint (g_array_index (back->exdates, gint64, 1), ==, g_array_index (event->exdates, gint64, 1));
}

static void
test_round_trip_all_day (void)
{
  /* 1–2 May in Berlin: from local midnight to the midnight after the last day. */
  g_autoptr(CcalEvent) event = event_new ("7f8e9d0c-1b2a-4c3d-8e4f-5a6b7c8d9e0f", "Trade fair",
                                          "2026-04-30T22:00:00Z", "2026-05-02T22:00:00Z", "Europe/Berlin");
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(CcalEvent) back = NULL;
  g_autofree char *ics = NULL;

  event->is_all_day = TRUE;
  events = one_event (g_object_ref (event));
  ics = ccal_ical_export (events, NULL);
  g_assert_nonnull (strstr (ics, "\r\nDTSTART;VALUE=DATE:20260501\r\n"));
  g_assert_nonnull (strstr (ics, "\r\nDTEND;VALUE=DATE:20260503\r\n"));
  /* DATE values name no zone, so none is needed. */
  g_assert_null (strstr (ics, "BEGIN:VTIMEZONE"));

  back = import_one (ics, CCAL_EVENT_TYPE_EVENT);
  g_assert_true (back->is_all_day);
  g_assert_cmpstr (back->timezone, ==, "Europe/Berlin");
  g_assert_cmpint (back->start_time, ==, event->start_time);
  g_assert_cmpint (back->end_time, ==, event->end_time);
  g_assert_cmpstr (back->title, ==, "Trade fair");
}

static void
test_round_trip_booking (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalEvent) back = NULL;
  g_autofree char *ics = NULL;
  g_autofree char *unfolded = NULL;
  CcalBooking *booking = booking_new ();

  g_ptr_array_add (bookings, booking);
  ics = ccal_ical_export (NULL, bookings);
  assert_rfc5545_lines (ics);
  unfolded = unfold (ics);

  g_assert_nonnull (strstr (unfolded, "\r\nUID:0b9f4c1e-2f1d-4d8a-9b3e-6a1c2d3e4f50\r\n"));
  g_assert_nonnull (strstr (unfolded, "\r\nSUMMARY:Appointment with Anna Müller\\, Jr.\r\n"));
  g_assert_nonnull (strstr (unfolded, "\r\nDTSTART:20260420T130000Z\r\n"));
  g_assert_nonnull (strstr (unfolded, "\r\nDTEND:20260420T133000Z\r\n"));
  g_assert_nonnull (strstr (unfolded, "\r\nSTATUS:CONFIRMED\r\n"));
  g_assert_nonnull (strstr (unfolded, "CN=\"Anna Müller, Jr.\""));
  g_assert_nonnull (strstr (unfolded, ":mailto:anna@example.com\r\n"));
  g_assert_nonnull (strstr (unfolded, "\r\nATTENDEE;"));
  g_assert_nonnull (strstr (unfolded, "\r\nURL:https://meet.example.com/abc-defg-hij\r\n"));
  g_assert_nonnull (strstr (unfolded, "\r\nLOCATION:https://meet.example.com/abc-defg-hij\r\n"));
  g_assert_nonnull (strstr (unfolded, "\r\nX-CUSTOMERCONNECTS-TYPE:booking\r\n"));
  g_assert_null (strstr (unfolded, "BEGIN:VTIMEZONE"));

  back = import_one (ics, CCAL_EVENT_TYPE_BLOCKED);
  g_assert_cmpstr (back->title, ==, "Appointment with Anna Müller, Jr.");
  g_assert_cmpint (back->start_time, ==, booking->start_time);
  g_assert_cmpint (back->end_time, ==, booking->end_time);
  g_assert_cmpstr (back->timezone, ==, "UTC");
  g_assert_cmpint (back->type, ==, CCAL_EVENT_TYPE_BLOCKED);
  g_assert_nonnull (strstr (back->description, "Wants a quote for a 10 kWp roof."));
  g_assert_nonnull (strstr (back->description, "Phone: +49 30 1234567"));
  g_assert_nonnull (strstr (back->description, "Product interest: Solar panels"));

  /* A title of its own wins over the generated one. */
  booking->title = g_strdup ("Roof survey");
  g_free (ics);
  ics = ccal_ical_export (NULL, bookings);
  g_assert_nonnull (strstr (ics, "\r\nSUMMARY:Roof survey\r\n"));
}

/* As GNOME Calendar / Evolution write it: a VTIMEZONE, TZID=Europe/Berlin, DURATION, RRULE with UNTIL,
 * EXDATE, and a non-UUID UID. */
static const char evolution_ics[] =
  "BEGIN:VCALENDAR\r\n"
  "CALSCALE:GREGORIAN\r\n"
  "PRODID:-//Ximian//NONSGML Evolution Calendar//EN\r\n"
  "VERSION:2.0\r\n"
  "BEGIN:VTIMEZONE\r\n"
  "TZID:Europe/Berlin\r\n"
  "X-LIC-LOCATION:Europe/Berlin\r\n"
  "BEGIN:DAYLIGHT\r\n"
  "TZNAME:CEST\r\n"
  "TZOFFSETFROM:+0100\r\n"
  "TZOFFSETTO:+0200\r\n"
  "DTSTART:19700329T020000\r\n"
  "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
  "END:DAYLIGHT\r\n"
  "BEGIN:STANDARD\r\n"
  "TZNAME:CET\r\n"
  "TZOFFSETFROM:+0200\r\n"
  "TZOFFSETTO:+0100\r\n"
  "DTSTART:19701025T030000\r\n"
  "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
  "END:STANDARD\r\n"
  "END:VTIMEZONE\r\n"
  "BEGIN:VEVENT\r\n"
  "UID:20260220T101112Z-1234-1000-1-0@laptop\r\n"
  "DTSTAMP:20260220T101112Z\r\n"
  "DTSTART;TZID=Europe/Berlin:20260302T100000\r\n"
  "DURATION:PT1H\r\n"
  "RRULE:FREQ=WEEKLY;UNTIL=20260330T080000Z;BYDAY=MO\r\n"
  "EXDATE;TZID=Europe/Berlin:20260316T100000\r\n"
  "SUMMARY:Weekly planning\r\n"
  "LOCATION:Office\r\n"
  "DESCRIPTION:Bring the numbers\\, please.\r\n"
  "TRANSP:OPAQUE\r\n"
  "CLASS:PUBLIC\r\n"
  "CREATED:20260220T101130Z\r\n"
  "LAST-MODIFIED:20260220T101130Z\r\n"
  "END:VEVENT\r\n"
  "END:VCALENDAR\r\n";

static void
test_import_evolution (void)
{
  g_autoptr(CcalEvent) event = import_one (evolution_ics, CCAL_EVENT_TYPE_EVENT);

  assert_instant (event->start_time, "2026-03-02T09:00:00Z");
  assert_instant (event->end_time, "2026-03-02T10:00:00Z");
  g_assert_cmpstr (event->timezone, ==, "Europe/Berlin");
  g_assert_false (event->is_all_day);
  g_assert_cmpstr (event->title, ==, "Weekly planning");
  g_assert_cmpstr (event->location, ==, "Office");
  g_assert_cmpstr (event->description, ==, "Bring the numbers, please.");
  g_assert_cmpstr (event->rrule, ==, "FREQ=WEEKLY;UNTIL=20260330T080000Z;BYDAY=MO");
  g_assert_cmpuint (event->exdates->len, ==, 1);
  assert_instant (g_array_index (event->exdates, gint64, 0), "2026-03-16T09:00:00Z");
  /* No STATUS: an ordinary settled event. */
  g_assert_cmpint (event->status, ==, CCAL_EVENT_STATUS_CONFIRMED);
  /* Not a UUID: a new id, the UID kept for reference. */
  g_assert_true (g_uuid_string_is_valid (event->id));
  g_assert_cmpstr (json_object_get_string_member (event->metadata, "ical_uid"), ==,
                   "20260220T101112Z-1234-1000-1-0@laptop");
}

/* What a person sees after importing that file: Mondays at 10:00 Berlin time until the 30th, the 16th
 * skipped, the last one after the switch to summer time. */
static void
test_import_evolution_occurrences (void)
{
  g_autoptr(CcalEvent) event = import_one (evolution_ics, CCAL_EVENT_TYPE_EVENT);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) occurrences = NULL;
  const char *expected[] = {
    "2026-03-02T09:00:00Z", "2026-03-09T09:00:00Z", "2026-03-23T09:00:00Z", "2026-03-30T08:00:00Z",
  };

  occurrences = ccal_recurrence_expand (event->rrule, event->start_time, event->end_time - event->start_time,
                                        event->timezone, (const gint64 *) event->exdates->data,
                                        event->exdates->len, instant ("2026-01-01T00:00:00Z"),
                                        instant ("2027-01-01T00:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (occurrences->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      CcalInterval *occurrence = &g_array_index (occurrences, CcalInterval, i);

      assert_instant (occurrence->start, expected[i]);
      g_assert_cmpint (occurrence->end - occurrence->start, ==, CCAL_USEC_PER_HOUR);
    }
}

/* Older Evolution and libical-written files put a vendor prefix before the IANA id; DATE values are
 * all-day, and DURATION can span days. */
static void
test_import_prefixed_tzid_and_dates (void)
{
  static const char ics[] =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Ximian//NONSGML Evolution Calendar//EN\r\n"
    "BEGIN:VTIMEZONE\r\n"
    "TZID:/freeassociation.sourceforge.net/Tzfile/America/New_York\r\n"
    "X-LIC-LOCATION:America/New_York\r\n"
    "BEGIN:STANDARD\r\n"
    "TZNAME:EST\r\n"
    "TZOFFSETFROM:-0400\r\n"
    "TZOFFSETTO:-0500\r\n"
    "DTSTART:19701101T020000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\r\n"
    "END:STANDARD\r\n"
    "BEGIN:DAYLIGHT\r\n"
    "TZNAME:EDT\r\n"
    "TZOFFSETFROM:-0500\r\n"
    "TZOFFSETTO:-0400\r\n"
    "DTSTART:19700308T020000\r\n"
    "RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\r\n"
    "END:DAYLIGHT\r\n"
    "END:VTIMEZONE\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:a\r\n"
    "DTSTART;TZID=/freeassociation.sourceforge.net/Tzfile/America/New_York:20260707T090000\r\n"
    "DTEND;TZID=/freeassociation.sourceforge.net/Tzfile/America/New_York:20260707T093000\r\n"
    "SUMMARY:Prefixed\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:b\r\n"
    "DTSTART;VALUE=DATE:20260710\r\n"
    "SUMMARY:One day\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:c\r\n"
    "DTSTART;VALUE=DATE:20260720\r\n"
    "DURATION:P3D\r\n"
    "SUMMARY:Three days\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = ccal_ical_import_events (ics, CCAL_EVENT_TYPE_EVENT, &error);
  CcalEvent *event;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 3);
  assert_valid (events);

  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (event->timezone, ==, "America/New_York");
  assert_instant (event->start_time, "2026-07-07T13:00:00Z");
  assert_instant (event->end_time, "2026-07-07T13:30:00Z");

  /* Zone-less DATEs with no calendar zone given: UTC days. */
  event = g_ptr_array_index (events, 1);
  g_assert_true (event->is_all_day);
  g_assert_cmpstr (event->timezone, ==, "UTC");
  assert_instant (event->start_time, "2026-07-10T00:00:00Z");
  assert_instant (event->end_time, "2026-07-11T00:00:00Z");

  event = g_ptr_array_index (events, 2);
  g_assert_true (event->is_all_day);
  assert_instant (event->start_time, "2026-07-20T00:00:00Z");
  assert_instant (event->end_time, "2026-07-23T00:00:00Z");
}

/* As Outlook writes it: a byte order mark, Windows zone names (quoted), a LANGUAGE parameter, a long
 * Exchange UID, and a custom zone only its VTIMEZONE describes. */
static const char outlook_ics[] =
  "\xEF\xBB\xBF"
  "BEGIN:VCALENDAR\r\n"
  "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\n"
  "VERSION:2.0\r\n"
  "METHOD:PUBLISH\r\n"
  "X-MS-OLK-FORCEINSPECTOROPEN:TRUE\r\n"
  "BEGIN:VTIMEZONE\r\n"
  "TZID:W. Europe Standard Time\r\n"
  "BEGIN:STANDARD\r\n"
  "DTSTART:16011028T030000\r\n"
  "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\n"
  "TZOFFSETFROM:+0200\r\n"
  "TZOFFSETTO:+0100\r\n"
  "END:STANDARD\r\n"
  "BEGIN:DAYLIGHT\r\n"
  "DTSTART:16010325T020000\r\n"
  "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n"
  "TZOFFSETFROM:+0100\r\n"
  "TZOFFSETTO:+0200\r\n"
  "END:DAYLIGHT\r\n"
  "END:VTIMEZONE\r\n"
  "BEGIN:VTIMEZONE\r\n"
  "TZID:Customized Time Zone\r\n"
  "BEGIN:STANDARD\r\n"
  "DTSTART:16010101T000000\r\n"
  "TZOFFSETFROM:+0530\r\n"
  "TZOFFSETTO:+0530\r\n"
  "END:STANDARD\r\n"
  "END:VTIMEZONE\r\n"
  "BEGIN:VEVENT\r\n"
  "CLASS:PUBLIC\r\n"
  "CREATED:20260401T081500Z\r\n"
  "DESCRIPTION:Quarterly numbers.\\n\r\n"
  "DTEND;TZID=\"W. Europe Standard Time\":20260415T110000\r\n"
  "DTSTAMP:20260401T081500Z\r\n"
  "DTSTART;TZID=\"W. Europe Standard Time\":20260415T100000\r\n"
  "LAST-MODIFIED:20260401T081500Z\r\n"
  "LOCATION:Teams\r\n"
  "PRIORITY:5\r\n"
  "SEQUENCE:0\r\n"
  "SUMMARY;LANGUAGE=en-us:Quarterly review\r\n"
  "TRANSP:OPAQUE\r\n"
  "UID:040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5D60100000000000000001000\r\n"
  " 0000F1E2D3C4B5A69788796A5B4C3D2E1F0\r\n"
  "X-MICROSOFT-CDO-BUSYSTATUS:BUSY\r\n"
  "X-MICROSOFT-CDO-IMPORTANCE:1\r\n"
  "END:VEVENT\r\n"
  "BEGIN:VEVENT\r\n"
  "DTSTART;TZID=\"Customized Time Zone\":20260415T100000\r\n"
  "DTEND;TZID=\"Customized Time Zone\":20260415T103000\r\n"
  "SUMMARY:Call with Pune\r\n"
  "UID:040000008200E00074C5B7101A82E00800000000B0B1C2D3E4F5D601\r\n"
  "END:VEVENT\r\n"
  "END:VCALENDAR\r\n";

static void
test_import_outlook (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = ccal_ical_import_events (outlook_ics, CCAL_EVENT_TYPE_BLOCKED, &error);
  CcalEvent *event;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  assert_valid (events);

  event = g_ptr_array_index (events, 0);
  g_assert_cmpstr (event->title, ==, "Quarterly review");
  g_assert_cmpstr (event->timezone, ==, "Europe/Berlin");
  assert_instant (event->start_time, "2026-04-15T08:00:00Z");
  assert_instant (event->end_time, "2026-04-15T09:00:00Z");
  g_assert_cmpint (event->type, ==, CCAL_EVENT_TYPE_BLOCKED);
  g_assert_cmpstr (event->location, ==, "Teams");
  /* The folded UID is read whole. */
  g_assert_cmpstr (json_object_get_string_member (event->metadata, "ical_uid"), ==,
                   "040000008200E00074C5B7101A82E00800000000A0B1C2D3E4F5D601"
                   "000000000000000010000000F1E2D3C4B5A69788796A5B4C3D2E1F0");

  /* No IANA zone to keep: converted with the file's own rules, kept in UTC. */
  event = g_ptr_array_index (events, 1);
  g_assert_cmpstr (event->timezone, ==, "UTC");
  assert_instant (event->start_time, "2026-04-15T04:30:00Z");
  assert_instant (event->end_time, "2026-04-15T05:00:00Z");
  g_assert_cmpstr (((CcalEvent *) g_ptr_array_index (events, 0))->id, !=, event->id);
}

static void
test_import_exdate_lists (void)
{
  static const char ics[] =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "PRODID:-//Test//EN\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:9b2e4c6a-1d3f-4a5b-8c7d-0e1f2a3b4c5d\r\n"
    "DTSTART;TZID=Europe/Berlin:20260302T100000\r\n"
    "DTEND;TZID=Europe/Berlin:20260302T110000\r\n"
    "RRULE:FREQ=DAILY;COUNT=30\r\n"
    "EXDATE;TZID=Europe/Berlin:20260305T100000,20260304T100000\r\n"
    "EXDATE:20260330T080000Z\r\n"
    "EXDATE;VALUE=DATE:20260310\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(CcalEvent) event = import_one (ics, CCAL_EVENT_TYPE_EVENT);

  g_assert_cmpstr (event->id, ==, "9b2e4c6a-1d3f-4a5b-8c7d-0e1f2a3b4c5d");
  g_assert_cmpstr (event->rrule, ==, "FREQ=DAILY;COUNT=30");
  g_assert_cmpstr (event->title, ==, "Untitled event");
  /* Sorted; a DATE exdate on a timed series skips that day's occurrence. */
  g_assert_cmpuint (event->exdates->len, ==, 4);
  assert_instant (g_array_index (event->exdates, gint64, 0), "2026-03-04T09:00:00Z");
  assert_instant (g_array_index (event->exdates, gint64, 1), "2026-03-05T09:00:00Z");
  assert_instant (g_array_index (event->exdates, gint64, 2), "2026-03-10T09:00:00Z");
  assert_instant (g_array_index (event->exdates, gint64, 3), "2026-03-30T08:00:00Z");
}

/* Floating times belong to no zone; they are read as UTC. A missing SUMMARY gets a title. */
static void
test_import_floating (void)
{
  static const char ics[] =
    "BEGIN:VCALENDAR\n"
    "VERSION:2.0\n"
    "BEGIN:VEVENT\n"
    "UID:floating-1\n"
    "DTSTART:20260901T090000\n"
    "DTEND:20260901T100000\n"
    "SUMMARY:   \n"
    "STATUS:TENTATIVE\n"
    "END:VEVENT\n"
    "END:VCALENDAR\n";
  g_autoptr(CcalEvent) event = import_one (ics, CCAL_EVENT_TYPE_EVENT);

  assert_instant (event->start_time, "2026-09-01T09:00:00Z");
  assert_instant (event->end_time, "2026-09-01T10:00:00Z");
  g_assert_cmpstr (event->timezone, ==, "UTC");
  g_assert_cmpstr (event->title, ==, "Untitled event");
  g_assert_cmpint (event->status, ==, CCAL_EVENT_STATUS_PENDING);
}

/* A moved instance (RECURRENCE-ID) stands alone and its series skips the original slot; a cancelled
 * instance is only skipped. */
static void
test_import_recurrence_id (void)
{
  static const char ics[] =
    "BEGIN:VCALENDAR\r\n"
    "VERSION:2.0\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:series@example.com\r\n"
    "DTSTART:20260601T080000Z\r\n"
    "DTEND:20260601T090000Z\r\n"
    "RRULE:FREQ=DAILY;COUNT=5\r\n"
    "SUMMARY:Daily\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:series@example.com\r\n"
    "RECURRENCE-ID:20260602T080000Z\r\n"
    "DTSTART:20260602T120000Z\r\n"
    "DTEND:20260602T130000Z\r\n"
    "SUMMARY:Daily (moved)\r\n"
    "END:VEVENT\r\n"
    "BEGIN:VEVENT\r\n"
    "UID:series@example.com\r\n"
    "RECURRENCE-ID:20260604T080000Z\r\n"
    "DTSTART:20260604T080000Z\r\n"
    "DTEND:20260604T090000Z\r\n"
    "STATUS:CANCELLED\r\n"
    "SUMMARY:Daily\r\n"
    "END:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = ccal_ical_import_events (ics, CCAL_EVENT_TYPE_EVENT, &error);
  CcalEvent *series, *moved;

  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  assert_valid (events);
  series = g_ptr_array_index (events, 0);
  moved = g_ptr_array_index (events, 1);

  g_assert_cmpstr (series->rrule, ==, "FREQ=DAILY;COUNT=5");
  g_assert_cmpuint (series->exdates->len, ==, 2);
  assert_instant (g_array_index (series->exdates, gint64, 0), "2026-06-02T08:00:00Z");
  assert_instant (g_array_index (series->exdates, gint64, 1), "2026-06-04T08:00:00Z");

  g_assert_cmpstr (moved->title, ==, "Daily (moved)");
  g_assert_null (moved->rrule);
  assert_instant (moved->start_time, "2026-06-02T12:00:00Z");
  g_assert_cmpstr (moved->id, !=, series->id);
}

static void
assert_rejected (const char *text,
                 const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = ccal_ical_import_events (text, CCAL_EVENT_TYPE_EVENT, &error);

  g_assert_null (events);
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_import_garbage (void)
{
  assert_rejected ("hello", "This file is not an iCalendar (.ics) file.");
  assert_rejected ("", "This file is not an iCalendar (.ics) file.");
  assert_rejected (NULL, "This file is not an iCalendar (.ics) file.");
  assert_rejected ("{\"events\": []}", "This file is not an iCalendar (.ics) file.");
  assert_rejected ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna\r\nEND:VCARD\r\n",
                   "This file is not an iCalendar (.ics) file.");
  assert_rejected ("BEGIN:VCALENDAR\r\nEND:VCALENDAR", "The calendar has no events.");
  assert_rejected ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VTODO\r\nSUMMARY:Buy milk\r\nEND:VTODO\r\n"
                   "END:VCALENDAR\r\n",
                   "The calendar has no events.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/ical/export/structure", test_export_structure);
  g_test_add_func ("/core/ical/export/folding", test_export_folding);
  g_test_add_func ("/core/ical/export/rrule-verbatim", test_export_rrule_verbatim);
  g_test_add_func ("/core/ical/export/no-injection", test_export_no_injection);
  g_test_add_func ("/core/ical/export/uid-for-unsaved", test_export_uid_for_unsaved);
  g_test_add_func ("/core/ical/round-trip/utc", test_round_trip_utc);
  g_test_add_func ("/core/ical/round-trip/berlin-weekly", test_round_trip_berlin_weekly);
  g_test_add_func ("/core/ical/round-trip/all-day", test_round_trip_all_day);
  g_test_add_func ("/core/ical/round-trip/booking", test_round_trip_booking);
  g_test_add_func ("/core/ical/import/evolution", test_import_evolution);
  g_test_add_func ("/core/ical/import/evolution-occurrences", test_import_evolution_occurrences);
  g_test_add_func ("/core/ical/import/prefixed-tzid-and-dates", test_import_prefixed_tzid_and_dates);
  g_test_add_func ("/core/ical/import/outlook", test_import_outlook);
  g_test_add_func ("/core/ical/import/exdate-lists", test_import_exdate_lists);
  g_test_add_func ("/core/ical/import/floating", test_import_floating);
  g_test_add_func ("/core/ical/import/recurrence-id", test_import_recurrence_id);
  g_test_add_func ("/core/ical/import/garbage", test_import_garbage);

  return g_test_run ();
}
