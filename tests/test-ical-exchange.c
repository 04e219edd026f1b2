/* test-ical-exchange.c — iCalendar files in the app: export a range, import a file, the calendar feed in Preferences
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Against the real server binary (tests/ccal-test-server.h), under Xvfb. Exported files are read back
 * with libical, as another calendar app would read them; imported events are checked on the server.
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include "ccal-application.h"

#include "ccal-ical-exchange.h"
#include "ccal-ical-export-dialog.h"
#include "ccal-ical-import-dialog.h"
#include "ccal-ical-private.h"
#include "ccal-preferences-window.h"
#include "ccal-recurrence.h"
#include "ccal-test-gui.h"
#include "ccal-time.h"
#include "ccal-window.h"

/* ── helpers ────────────────────────────────────────────────────────────────────────────────── */

static gint64
instant (const char *rfc3339)
{
  gint64 usec = 0;

  g_assert_true (ccal_time_parse_rfc3339 (rfc3339, NULL, &usec, NULL));
  return usec;
}

static GFile *
scratch_file (const char *name)
{
  g_autofree char *path = g_build_filename (ccal_test_gui_get_scratch_dir (), name, NULL);

  return g_file_new_for_path (path);
}

static GFile *
write_scratch_file (const char *name,
                    const char *contents,
                    gssize      length)
{
  GFile *file = scratch_file (name);
  g_autoptr (GError) error = NULL;

  g_file_replace_contents (file, contents, length < 0 ? strlen (contents) : (gsize) length, NULL, FALSE,
                           G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  return file;
}

static guint
outbox_count (CcalAccount *account)
{
  g_autoptr (GError) error = NULL;
  guint count = 0;

  g_assert_true (ccal_cache_outbox_count (ccal_account_get_cache (account), &count, &error));
  g_assert_no_error (error);
  return count;
}

/* The server's events of the admin, as the server has them now. */
static GPtrArray *
server_events (CcalTestServer *server)
{
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (server, "GET", "/api/calendar/events?limit=1000",
                                                                      server->admin_key, NULL);
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);
  JsonArray *array;

  g_assert_cmpuint (response->status, ==, 200);
  array = json_object_get_array_member (ccal_test_response_object (response), "events");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr (GError) error = NULL;
      CcalEvent *event = ccal_event_new_from_json (json_array_get_object_element (array, i), &error);

      g_assert_no_error (error);
      g_ptr_array_add (events, event);
    }
  return events;
}

static CcalEvent *
find_event (GPtrArray  *events,
            const char *title)
{
  for (guint i = 0; i < events->len; i++)
    {
      CcalEvent *event = g_ptr_array_index (events, i);

      if (g_strcmp0 (event->title, title) == 0)
        return event;
    }
  return NULL;
}

/* The VEVENT of @root whose UID is @uid (transfer full), or NULL. */
static ICalComponent *
find_vevent (ICalComponent *root,
             const char    *uid)
{
  ICalComponent *found = NULL;

  for (ICalComponent *child = i_cal_component_get_first_component (root, I_CAL_VEVENT_COMPONENT); child != NULL;
       child = i_cal_component_get_next_component (root, I_CAL_VEVENT_COMPONENT))
    {
      if (found == NULL && g_strcmp0 (i_cal_component_get_uid (child), uid) == 0)
        found = g_object_ref (child);
      g_object_unref (child);
    }
  return found;
}

/* The instant DTSTART of @vevent means, read through the file's own VTIMEZONE for a TZID. */
static gint64
vevent_start (ICalComponent *root,
              ICalComponent *vevent)
{
  g_autoptr (ICalProperty) prop = i_cal_component_get_first_property (vevent, I_CAL_DTSTART_PROPERTY);
  g_autoptr (ICalTime) dtstart = NULL;
  g_autofree char *tzid = NULL;
  g_autoptr (ICalTimezone) zone = NULL;

  g_assert_nonnull (prop);
  dtstart = i_cal_property_get_dtstart (prop);
  tzid = i_cal_property_get_parameter_as_string (prop, "TZID");
  if (tzid == NULL)
    {
      g_assert_true (i_cal_time_is_utc (dtstart));
      return (gint64) i_cal_time_as_timet (dtstart) * G_USEC_PER_SEC;
    }
  zone = i_cal_component_get_timezone (root, tzid);
  g_assert_nonnull (zone);   /* a VTIMEZONE for every TZID */
  return (gint64) i_cal_time_as_timet_with_zone (dtstart, zone) * G_USEC_PER_SEC;
}

static char *
vevent_rrule (ICalComponent *vevent)
{
  g_autoptr (ICalProperty) prop = i_cal_component_get_first_property (vevent, I_CAL_RRULE_PROPERTY);
  g_autoptr (ICalRecurrence) rule = NULL;

  if (prop == NULL)
    return NULL;
  rule = i_cal_property_get_rrule (prop);
  return i_cal_recurrence_to_string (rule);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Saves a shot of @widget's window once what changed is painted (a changed widget has no picture until
 * the next frame). */
static void
shot (GtkWidget  *widget,
      const char *name)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
  gboolean painted = FALSE;
  gulong handler;

  g_assert_nonnull (clock);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (widget);
  ccal_test_gui_wait_until (is_true, &painted, "a frame");
  g_signal_handler_disconnect (clock, handler);
  ccal_test_gui_save_shot (widget, name);
}

static void
fill_demo_data (CcalTestServer *server)
{
  g_autofree char *err = NULL;
  int status;

  status = ccal_test_server_run_cli (server, NULL, &err, "demo-data", "--database", server->database, "--workspace",
                                     server->workspace_id, NULL);
  if (status != 0)
    g_printerr ("# %s\n", err);
  g_assert_cmpint (status, ==, 0);
}

/* ── export ─────────────────────────────────────────────────────────────────────────────────── */

static void
test_export_range (void)
{
  g_autoptr (CcalTestServer) server = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (CcalTestResponse) created = NULL;
  g_autoptr (GPtrArray) bookings = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (ICalComponent) root = NULL;
  g_autoptr (ICalComponent) vevent = NULL;
  g_autoptr (ICalComponent) booking_vevent = NULL;
  g_autofree char *body = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *rrule = NULL;
  CcalIcalExportDialog *dialog;
  CcalBooking *booking = NULL;
  const char *event_id;
  gint64 event_start;
  GDate first, last;
  guint n_events = 0, n_bookings = 0;

  if (!ccal_test_gui_require_display ())
    return;

  server = ccal_test_server_new (NULL);
  fill_demo_data (server);
  account = ccal_test_gui_account_new (server, server->admin_key);

  /* A booking of the demo calendar; the week from its day is the range. */
  bookings = ccal_cache_query_bookings (ccal_account_get_cache (account), G_MININT64 / 2, G_MAXINT64 / 2,
                                        server->admin_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < bookings->len && booking == NULL; i++)
    {
      CcalBooking *candidate = g_ptr_array_index (bookings, i);

      if (candidate->status != CCAL_BOOKING_STATUS_CANCELLED)
        booking = candidate;
    }
  g_assert_nonnull (booking);
  g_assert_true (ccal_time_to_date (booking->start_time, "America/New_York", &first, NULL));
  last = first;
  g_date_add_days (&last, 6);

  /* A daily stand-up at 07:15 New York time on that day, five times. */
  {
    CcalWallClock wall = { g_date_get_year (&first), g_date_get_month (&first), g_date_get_day (&first), 7, 15, 0 };

    g_assert_true (ccal_time_from_wall_clock (&wall, "America/New_York", &event_start, NULL));
  }
  start_text = ccal_time_format_rfc3339 (event_start);
  end_text = ccal_time_format_rfc3339 (event_start + 20 * G_USEC_PER_SEC * 60);
  body = g_strdup_printf ("{\"title\":\"Stand-up (New York)\",\"type\":\"event\",\"start_time\":\"%s\","
                          "\"end_time\":\"%s\",\"timezone\":\"America/New_York\",\"rrule\":\"FREQ=DAILY;COUNT=5\"}",
                          start_text, end_text);
  created = ccal_test_server_request (server, "POST", "/api/calendar/events", server->admin_key, body);
  g_assert_cmpuint (created->status, ==, 201);
  event_id = json_object_get_string_member (ccal_test_response_member (created, "event"), "id");
  ccal_test_gui_sync (account);

  dialog = ccal_ical_export_dialog_new (account, NULL, booking->start_time);
  ccal_ical_export_dialog_set_timezone (dialog, "America/New_York");
  ccal_ical_export_dialog_set_range (dialog, CCAL_ICAL_EXPORT_RANGE_CUSTOM, &first, &last);
  ccal_test_gui_present_and_wait (GTK_WINDOW (dialog));
  shot (GTK_WIDGET (dialog), "export-dialog");
  ccal_ical_export_dialog_get_counts (dialog, &n_events, &n_bookings);
  g_assert_cmpuint (n_events, >=, 1);
  g_assert_cmpuint (n_bookings, >=, 1);
  g_assert_null (ccal_ical_export_dialog_get_error (dialog));

  file = scratch_file ("export.ics");
  g_assert_true (ccal_ical_export_dialog_export_to (dialog, file));
  ccal_test_gui_spin ();

  /* Read back as another calendar would. */
  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "BEGIN:VCALENDAR\r\n"));
  root = i_cal_parser_parse_string (contents);
  g_assert_nonnull (root);
  g_assert_cmpint (i_cal_component_isa (root), ==, I_CAL_VCALENDAR_COMPONENT);

  vevent = find_vevent (root, event_id);
  g_assert_nonnull (vevent);
  g_assert_cmpint (vevent_start (root, vevent), ==, event_start);
  rrule = vevent_rrule (vevent);
  g_assert_cmpstr (rrule, ==, "FREQ=DAILY;COUNT=5");
  g_assert_nonnull (strstr (contents, "\r\nBEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n"));
  g_assert_nonnull (strstr (contents, "\r\nDTSTART;TZID=America/New_York:"));

  booking_vevent = find_vevent (root, booking->id);
  g_assert_nonnull (booking_vevent);
  g_assert_cmpint (vevent_start (root, booking_vevent), ==, booking->start_time);

  /* RFC 5545's required properties. */
  g_assert_nonnull (strstr (contents, "\r\nPRODID:"));
  g_assert_nonnull (strstr (contents, "\r\nVERSION:2.0\r\n"));
  for (ICalComponent *child = i_cal_component_get_first_component (root, I_CAL_VEVENT_COMPONENT); child != NULL;
       child = i_cal_component_get_next_component (root, I_CAL_VEVENT_COMPONENT))
    {
      g_autoptr (ICalProperty) stamp = i_cal_component_get_first_property (child, I_CAL_DTSTAMP_PROPERTY);

      g_assert_nonnull (i_cal_component_get_uid (child));
      g_assert_nonnull (stamp);
      g_object_unref (child);
    }
}

static gboolean
is_destroyed (gpointer data)
{
  return *(gboolean *) data;
}

static void
on_destroy_cb (GtkWidget *widget,
               gpointer   user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
test_export_errors (void)
{
  g_autoptr (CcalTestServer) server = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GFile) missing_dir_file = NULL;
  CcalIcalExportDialog *dialog;
  GDate from, to;
  gint64 day = instant ("2026-03-04T12:00:00Z");
  gboolean destroyed = FALSE;

  if (!ccal_test_gui_require_display ())
    return;

  server = ccal_test_server_new (NULL);
  account = ccal_test_gui_account_new (server, server->admin_key);
  dialog = ccal_ical_export_dialog_new (account, NULL, day);
  g_signal_connect (dialog, "destroy", G_CALLBACK (on_destroy_cb), &destroyed);
  ccal_test_gui_present_and_wait (GTK_WINDOW (dialog));

  /* An empty calendar: nothing to export, said so. */
  g_assert_null (ccal_ical_export_dialog_get_error (dialog));

  /* The last day before the first: named, and no range. */
  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  g_date_set_dmy (&from, 10, G_DATE_MARCH, 2026);
  g_date_set_dmy (&to, 2, G_DATE_MARCH, 2026);
  ccal_ical_export_dialog_set_range (dialog, CCAL_ICAL_EXPORT_RANGE_CUSTOM, &from, &to);
  g_assert_nonnull (ccal_ical_export_dialog_get_error (dialog));
  g_assert_false (ccal_ical_export_dialog_get_bounds (dialog, NULL, NULL));
  shot (GTK_WIDGET (dialog), "export-error-range");

  /* A week is seven local days. */
  {
    gint64 start = 0, end = 0;

    ccal_ical_export_dialog_set_timezone (dialog, "Europe/Berlin");
    ccal_ical_export_dialog_set_range (dialog, CCAL_ICAL_EXPORT_RANGE_WEEK, NULL, NULL);
    g_assert_null (ccal_ical_export_dialog_get_error (dialog));
    g_assert_true (ccal_ical_export_dialog_get_bounds (dialog, &start, &end));
    g_assert_cmpint (start, ==, instant ("2026-03-02T00:00:00+01:00"));   /* Monday */
    g_assert_cmpint (end, ==, instant ("2026-03-09T00:00:00+01:00"));
  }

  /* A folder that does not exist: the dialog stays, naming the file. */
  missing_dir_file = scratch_file ("no-such-folder/calendar.ics");
  g_assert_false (ccal_ical_export_dialog_export_to (dialog, missing_dir_file));
  g_assert_nonnull (strstr (ccal_ical_export_dialog_get_error (dialog), "calendar.ics"));
  g_assert_false (destroyed);
  shot (GTK_WIDGET (dialog), "export-error-write");

  gtk_window_destroy (GTK_WINDOW (dialog));
  ccal_test_gui_wait_until (is_destroyed, &destroyed, "the dialog to go");
}

/* ── import ─────────────────────────────────────────────────────────────────────────────────── */

/* A file another calendar wrote: a weekly meeting in New York whose four weeks cross the switch to
 * summer time (8 March 2026), a one-off, and an instant the calendar cannot hold. */
static const char new_york_ics[] =
  "BEGIN:VCALENDAR\r\n"
  "PRODID:-//Example Corp//Other Calendar 4.2//EN\r\n"
  "VERSION:2.0\r\n"
  "BEGIN:VTIMEZONE\r\n"
  "TZID:America/New_York\r\n"
  "BEGIN:DAYLIGHT\r\n"
  "TZOFFSETFROM:-0500\r\n"
  "TZOFFSETTO:-0400\r\n"
  "TZNAME:EDT\r\n"
  "DTSTART:19700308T020000\r\n"
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"
  "END:DAYLIGHT\r\n"
  "BEGIN:STANDARD\r\n"
  "TZOFFSETFROM:-0400\r\n"
  "TZOFFSETTO:-0500\r\n"
  "TZNAME:EST\r\n"
  "DTSTART:19701101T020000\r\n"
  "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n"
  "END:STANDARD\r\n"
  "END:VTIMEZONE\r\n"
  "BEGIN:VEVENT\r\n"
  "UID:weekly-sync-2026@other.example\r\n"
  "DTSTAMP:20260201T120000Z\r\n"
  "DTSTART;TZID=America/New_York:20260302T090000\r\n"
  "DTEND;TZID=America/New_York:20260302T093000\r\n"
  "RRULE:FREQ=WEEKLY;COUNT=4\r\n"
  "SUMMARY:Weekly sync (New York)\r\n"
  "LOCATION:Room 4\r\n"
  "END:VEVENT\r\n"
  "BEGIN:VEVENT\r\n"
  "UID:supplier-call@other.example\r\n"
  "DTSTAMP:20260201T120000Z\r\n"
  "DTSTART:20260305T150000Z\r\n"
  "DTEND:20260305T160000Z\r\n"
  "SUMMARY:Supplier call\r\n"
  "END:VEVENT\r\n"
  "BEGIN:VEVENT\r\n"
  "UID:reminder@other.example\r\n"
  "DTSTAMP:20260201T120000Z\r\n"
  "DTSTART:20260306T150000Z\r\n"
  "SUMMARY:Reminder\r\n"
  "END:VEVENT\r\n"
  "END:VCALENDAR\r\n";

static void
test_import_recurring_foreign_zone (void)
{
  g_autoptr (CcalTestServer) server = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GArray) occurrences = NULL;
  g_autoptr (GError) error = NULL;
  CcalIcalImportDialog *dialog;
  CcalEvent *weekly, *call;

  if (!ccal_test_gui_require_display ())
    return;

  server = ccal_test_server_new (NULL);
  account = ccal_test_gui_account_new (server, server->admin_key);
  file = write_scratch_file ("other-calendar.ics", new_york_ics, -1);

  dialog = ccal_ical_import_dialog_new (account, NULL);
  ccal_ical_import_dialog_set_timezone (dialog, "Europe/Berlin");
  ccal_test_gui_present_and_wait (GTK_WINDOW (dialog));
  g_assert_cmpstr (ccal_ical_import_dialog_get_page (dialog), ==, "choose");
  shot (GTK_WIDGET (dialog), "import-choose");

  g_assert_true (ccal_ical_import_dialog_load_file (dialog, file));
  g_assert_cmpstr (ccal_ical_import_dialog_get_page (dialog), ==, "preview");
  g_assert_cmpuint (ccal_ical_import_dialog_get_n_events (dialog), ==, 3);
  g_assert_cmpuint (ccal_ical_import_dialog_get_n_importable (dialog), ==, 2);   /* not the instant */
  ccal_ical_import_dialog_set_event_type (dialog, CCAL_EVENT_TYPE_BLOCKED);
  shot (GTK_WIDGET (dialog), "import-preview");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shot (GTK_WIDGET (dialog), "import-preview-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  g_assert_cmpuint (ccal_ical_import_dialog_import (dialog), ==, 2);
  g_assert_cmpstr (ccal_ical_import_dialog_get_page (dialog), ==, "done");
  shot (GTK_WIDGET (dialog), "import-done");
  ccal_test_gui_sync (account);
  g_assert_cmpuint (outbox_count (account), ==, 0);

  /* On the server: the right instants, zone, rule and type. */
  events = server_events (server);
  weekly = find_event (events, "Weekly sync (New York)");
  g_assert_nonnull (weekly);
  g_assert_cmpint (weekly->start_time, ==, instant ("2026-03-02T14:00:00Z"));
  g_assert_cmpint (weekly->end_time, ==, instant ("2026-03-02T14:30:00Z"));
  g_assert_cmpstr (weekly->timezone, ==, "America/New_York");
  g_assert_cmpstr (weekly->rrule, ==, "FREQ=WEEKLY;COUNT=4");
  g_assert_cmpint (weekly->type, ==, CCAL_EVENT_TYPE_BLOCKED);
  g_assert_cmpstr (weekly->location, ==, "Room 4");
  /* 09:00 in New York every week: 14:00 UTC before 8 March, 13:00 UTC after. */
  occurrences = ccal_recurrence_expand (weekly->rrule, weekly->start_time, weekly->end_time - weekly->start_time,
                                        weekly->timezone, NULL, 0, instant ("2026-03-01T00:00:00Z"),
                                        instant ("2026-04-30T00:00:00Z"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (occurrences->len, ==, 4);
  g_assert_cmpint (g_array_index (occurrences, CcalInterval, 1).start, ==, instant ("2026-03-09T13:00:00Z"));
  g_assert_cmpint (g_array_index (occurrences, CcalInterval, 3).start, ==, instant ("2026-03-23T13:00:00Z"));

  call = find_event (events, "Supplier call");
  g_assert_nonnull (call);
  g_assert_cmpint (call->start_time, ==, instant ("2026-03-05T15:00:00Z"));
  g_assert_null (call->rrule);
  g_assert_null (find_event (events, "Reminder"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_import_corrupt_file (void)
{
  static const char binary[] = "PK\003\004\024\000\000\000\010\000garbage\000\377\376";
  g_autoptr (CcalTestServer) server = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (GFile) zip = NULL;
  g_autoptr (GFile) text = NULL;
  g_autoptr (GFile) missing = NULL;
  CcalIcalImportDialog *dialog;

  if (!ccal_test_gui_require_display ())
    return;

  server = ccal_test_server_new (NULL);
  account = ccal_test_gui_account_new (server, server->admin_key);
  zip = write_scratch_file ("meeting-notes.ics", binary, sizeof binary);
  text = write_scratch_file ("shopping list.ics", "Milk\nEggs\nBEGIN: not really\n", -1);
  missing = scratch_file ("gone.ics");

  dialog = ccal_ical_import_dialog_new (account, NULL);
  ccal_test_gui_present_and_wait (GTK_WINDOW (dialog));

  g_assert_false (ccal_ical_import_dialog_load_file (dialog, zip));
  g_assert_cmpstr (ccal_ical_import_dialog_get_page (dialog), ==, "error");
  g_assert_nonnull (strstr (ccal_ical_import_dialog_get_message (dialog), "meeting-notes.ics"));
  shot (GTK_WIDGET (dialog), "import-error");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shot (GTK_WIDGET (dialog), "import-error-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  g_assert_false (ccal_ical_import_dialog_load_file (dialog, text));
  g_assert_nonnull (strstr (ccal_ical_import_dialog_get_message (dialog), "shopping list.ics"));
  g_assert_false (ccal_ical_import_dialog_load_file (dialog, missing));
  g_assert_nonnull (strstr (ccal_ical_import_dialog_get_message (dialog), "gone.ics"));

  /* Import does nothing from an error page; nothing was staged. */
  g_assert_cmpuint (ccal_ical_import_dialog_import (dialog), ==, 0);
  g_assert_cmpuint (outbox_count (account), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Offline: the events wait in the outbox and reach the server when it is back. */
static void
test_import_offline (void)
{
  g_autoptr (CcalTestServer) server = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GPtrArray) events = NULL;
  CcalIcalImportDialog *dialog;

  if (!ccal_test_gui_require_display ())
    return;

  server = ccal_test_server_new (NULL);
  account = ccal_test_gui_account_new (server, server->admin_key);
  file = write_scratch_file ("offline.ics", new_york_ics, -1);
  ccal_test_server_stop (server);

  dialog = ccal_ical_import_dialog_new (account, NULL);
  g_assert_true (ccal_ical_import_dialog_load_file (dialog, file));
  g_assert_cmpuint (ccal_ical_import_dialog_import (dialog), ==, 2);
  g_assert_cmpuint (outbox_count (account), ==, 2);

  ccal_test_server_restart (server);
  ccal_test_gui_sync (account);
  g_assert_cmpuint (outbox_count (account), ==, 0);
  events = server_events (server);
  g_assert_nonnull (find_event (events, "Weekly sync (New York)"));
  g_assert_nonnull (find_event (events, "Supplier call"));

  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_import_staff_read_only (void)
{
  g_autoptr (CcalTestServer) server = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (GFile) file = NULL;
  g_autofree char *staff_key = NULL;
  CcalIcalImportDialog *dialog;

  if (!ccal_test_gui_require_display ())
    return;

  server = ccal_test_server_new (NULL);
  staff_key = ccal_test_server_create_key (server, NULL, "desk@example.com", "Desk", "staff", NULL);
  account = ccal_test_gui_account_new (server, staff_key);
  file = write_scratch_file ("staff.ics", new_york_ics, -1);

  dialog = ccal_ical_import_dialog_new (account, NULL);
  ccal_test_gui_present_and_wait (GTK_WINDOW (dialog));
  g_assert_cmpstr (ccal_ical_import_dialog_get_page (dialog), ==, "read-only");
  shot (GTK_WIDGET (dialog), "import-staff");
  g_assert_false (ccal_ical_import_dialog_load_file (dialog, file));
  g_assert_cmpuint (ccal_ical_import_dialog_import (dialog), ==, 0);
  g_assert_cmpuint (outbox_count (account), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* ── the calendar feed in Preferences ───────────────────────────────────────────────────────── */

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

typedef struct
{
  CcalPreferencesWindow *preferences;
  const char            *state;
} FeedWait;

static gboolean
feed_state_is (gpointer data)
{
  FeedWait *wait = data;

  return g_strcmp0 (ccal_preferences_window_get_feed_state (wait->preferences), wait->state) == 0;
}

static void
wait_feed_state (CcalPreferencesWindow *preferences,
                 const char            *state)
{
  FeedWait wait = { preferences, state };

  ccal_test_gui_wait_until (feed_state_is, &wait, state);
}

static gboolean
message_dialog_is_open (gpointer data)
{
  return find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

/* The path and query of a feed URL, for the test server's own session. */
static char *
feed_path (const char *url)
{
  g_autoptr (GUri) uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);

  g_assert_nonnull (uri);
  g_assert_cmpstr (g_uri_get_path (uri), ==, "/api/calendar/feed.ics");
  return g_strdup_printf ("%s?%s", g_uri_get_path (uri), g_uri_get_query (uri));
}

static CcalPreferencesWindow *
open_preferences (CcalWindow *window)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  CcalPreferencesWindow *preferences = CCAL_PREFERENCES_WINDOW (ccal_preferences_window_new (settings, window));

  ccal_test_gui_present_and_wait (GTK_WINDOW (preferences));
  return preferences;
}

static void
test_preferences_feed (void)
{
  static guint counter;
  g_autoptr (CcalTestServer) server = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (CcalAccount) staff_account = NULL;
  g_autoptr (CcalApplication) application = NULL;
  g_autoptr (CcalTestResponse) feed_answer = NULL;
  g_autoptr (CcalTestResponse) revoked_answer = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *app_id = NULL;
  g_autofree char *path = NULL;
  g_autofree char *staff_key = NULL;
  g_autofree char *body = NULL;
  CcalPreferencesWindow *preferences;
  CcalWindow *window;
  GtkWindow *confirm;
  const char *url;

  if (!ccal_test_gui_require_display ())
    return;

  server = ccal_test_server_new (NULL);
  account = ccal_test_gui_account_new (server, server->admin_key);
  application = ccal_application_new ();
  app_id = g_strdup_printf ("%s.Test%d.Feed%u", APP_ID, (int) getpid (), ++counter);
  g_application_set_application_id (G_APPLICATION (application), app_id);
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  window = ccal_window_new (application);
  ccal_window_set_account (window, account);

  /* None yet: one button to make one. */
  preferences = open_preferences (window);
  wait_feed_state (preferences, "none");
  g_assert_null (ccal_preferences_window_get_feed_url (preferences));
  shot (GTK_WIDGET (preferences), "preferences-feed-none");

  /* Created: the URL is shown once, and the server answers it with the calendar. */
  gtk_widget_activate_action (GTK_WIDGET (preferences), "feed.create", NULL);
  wait_feed_state (preferences, "active");
  url = ccal_preferences_window_get_feed_url (preferences);
  g_assert_nonnull (url);
  shot (GTK_WIDGET (preferences), "preferences-feed-created");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  shot (GTK_WIDGET (preferences), "preferences-feed-created-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  path = feed_path (url);
  feed_answer = ccal_test_server_request (server, "GET", path, NULL, NULL);
  g_assert_cmpuint (feed_answer->status, ==, 200);
  g_assert_true (g_str_has_prefix (ccal_test_response_header (feed_answer, "Content-Type"), "text/calendar"));
  body = g_strndup (g_bytes_get_data (feed_answer->body, NULL), g_bytes_get_size (feed_answer->body));
  g_assert_true (g_str_has_prefix (body, "BEGIN:VCALENDAR\r\n"));

  /* Opened again, the URL is not shown (the server cannot tell it again), but the feed is. */
  gtk_window_destroy (GTK_WINDOW (preferences));
  preferences = open_preferences (window);
  wait_feed_state (preferences, "active");
  g_assert_null (ccal_preferences_window_get_feed_url (preferences));
  shot (GTK_WIDGET (preferences), "preferences-feed-active");

  /* Revoke asks first, then the URL is gone. */
  gtk_widget_activate_action (GTK_WIDGET (preferences), "feed.revoke", NULL);
  ccal_test_gui_wait_until (message_dialog_is_open, NULL, "the confirmation");
  confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  ccal_test_gui_present_and_wait (confirm);
  shot (GTK_WIDGET (confirm), "preferences-feed-revoke-confirm");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "revoke");
  wait_feed_state (preferences, "none");
  revoked_answer = ccal_test_server_request (server, "GET", path, NULL, NULL);
  g_assert_cmpuint (revoked_answer->status, ==, 404);
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* Staff do not see the group. */
  staff_key = ccal_test_server_create_key (server, NULL, "desk@example.com", "Desk", "staff", NULL);
  staff_account = ccal_test_gui_account_new (server, staff_key);
  ccal_window_set_account (window, staff_account);
  preferences = open_preferences (window);
  g_assert_cmpstr (ccal_preferences_window_get_feed_state (preferences), ==, "hidden");
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* The server gone: said so, nothing to press. */
  ccal_window_set_account (window, account);
  ccal_test_server_stop (server);
  preferences = open_preferences (window);
  wait_feed_state (preferences, "unreachable");
  shot (GTK_WIDGET (preferences), "preferences-feed-unreachable");
  gtk_window_destroy (GTK_WINDOW (preferences));

  gtk_window_destroy (GTK_WINDOW (window));
  ccal_test_gui_spin ();
}

int
main (int    argc,
      char **argv)
{
  ccal_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/ical/export/range", test_export_range);
  g_test_add_func ("/gui/ical/export/errors", test_export_errors);
  g_test_add_func ("/gui/ical/import/recurring-foreign-zone", test_import_recurring_foreign_zone);
  g_test_add_func ("/gui/ical/import/corrupt-file", test_import_corrupt_file);
  g_test_add_func ("/gui/ical/import/offline", test_import_offline);
  g_test_add_func ("/gui/ical/import/staff-read-only", test_import_staff_read_only);
  g_test_add_func ("/gui/preferences/feed", test_preferences_feed);

  return ccal_test_gui_run ();
}
