/* test-ical-files.c — the client's iCalendar files: what a range exports, reading files, staging an import
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * No server: a cache in a temporary directory, and a sync engine whose server is never reached
 * (ccal_sync_save_event () only stages).
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ccal-ical-exchange.h"
#include "ccal-ical.h"
#include "ccal-time.h"

#define ADMIN_ID "0b9a7c1e-5d2f-4e8a-9c3b-1f6d2e4a8b70"

typedef struct
{
  char      *dir;
  CcalCache *cache;
} Fixture;

static gint64
instant (const char *rfc3339)
{
  gint64 usec = 0;

  g_assert_true (ccal_time_parse_rfc3339 (rfc3339, NULL, &usec, NULL));
  return usec;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("test-ical-files-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "account.db", NULL);
  fixture->cache = ccal_cache_open (path, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->cache);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static CcalEvent *
event_new (const char *id,
           const char *title,
           const char *start,
           const char *end,
           const char *rrule)
{
  CcalEvent *event = ccal_event_new ();

  event->id = g_strdup (id);
  event->workspace_id = g_strdup ("acme");
  event->admin_id = g_strdup (ADMIN_ID);
  event->title = g_strdup (title);
  event->type = CCAL_EVENT_TYPE_EVENT;
  event->status = CCAL_EVENT_STATUS_CONFIRMED;
  event->start_time = instant (start);
  event->end_time = instant (end);
  event->timezone = g_strdup ("Europe/Berlin");
  event->rrule = g_strdup (rrule);
  event->created_at = event->updated_at = instant ("2026-01-01T00:00:00Z");
  event->version = 1;
  return event;
}

static CcalBooking *
booking_new (const char        *id,
             const char        *start,
             CcalBookingStatus  status)
{
  CcalBooking *booking = ccal_booking_new ();

  booking->id = g_strdup (id);
  booking->workspace_id = g_strdup ("acme");
  booking->admin_id = g_strdup (ADMIN_ID);
  booking->contact = ccal_contact_new ();
  booking->contact->id = g_uuid_string_random ();
  booking->contact->name = g_strdup ("Ana Lima");
  booking->contact->email = g_strdup ("ana@example.com");
  booking->start_time = instant (start);
  booking->duration_minutes = 30;
  booking->end_time = booking->start_time + 30 * 60 * G_USEC_PER_SEC;
  booking->status = status;
  booking->created_at = booking->updated_at = instant ("2026-01-01T00:00:00Z");
  booking->version = 1;
  return booking;
}

static void
put_events (CcalCache  *cache,
            CcalEvent **events,
            guint       n)
{
  g_autoptr (JsonArray) array = json_array_new ();
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      json_array_add_object_element (array, ccal_event_to_json (events[i]));
      g_object_unref (events[i]);
    }
  g_assert_true (ccal_cache_put_server_objects (cache, CCAL_CACHE_COLLECTION_EVENTS, array, NULL, &error));
  g_assert_no_error (error);
}

static void
put_bookings (CcalCache    *cache,
              CcalBooking **bookings,
              guint         n)
{
  g_autoptr (JsonArray) array = json_array_new ();
  g_autoptr (GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      json_array_add_object_element (array, ccal_booking_to_json (bookings[i]));
      g_object_unref (bookings[i]);
    }
  g_assert_true (ccal_cache_put_server_objects (cache, CCAL_CACHE_COLLECTION_BOOKINGS, array, NULL, &error));
  g_assert_no_error (error);
}

static gboolean
has_id (GPtrArray  *objects,
        const char *id,
        gboolean    bookings)
{
  for (guint i = 0; i < objects->len; i++)
    {
      const char *object_id = bookings ? CCAL_BOOKING (g_ptr_array_index (objects, i))->id
                                       : CCAL_EVENT (g_ptr_array_index (objects, i))->id;

      if (g_strcmp0 (object_id, id) == 0)
        return TRUE;
    }
  return FALSE;
}

/* A week's file holds what shows in that week: a series that ended before it does not, nor do
 * cancelled things; a series with an occurrence there comes whole. */
static void
test_gather (Fixture       *fixture,
             gconstpointer  data)
{
  CcalEvent *events[4];
  CcalBooking *bookings[2];
  g_autoptr (GPtrArray) out_events = NULL;
  g_autoptr (GPtrArray) out_bookings = NULL;
  g_autoptr (GPtrArray) only_bookings = NULL;
  g_autoptr (GError) error = NULL;
  gint64 from = instant ("2026-03-09T00:00:00+01:00");
  gint64 to = instant ("2026-03-16T00:00:00+01:00");

  events[0] = event_new ("a1111111-1111-4111-8111-111111111111", "Weekly", "2026-02-02T09:00:00+01:00",
                         "2026-02-02T10:00:00+01:00", "FREQ=WEEKLY;BYDAY=MO");
  events[1] = event_new ("a2222222-2222-4222-8222-222222222222", "Ended", "2026-01-05T09:00:00+01:00",
                         "2026-01-05T10:00:00+01:00", "FREQ=WEEKLY;COUNT=2");
  events[2] = event_new ("a3333333-3333-4333-8333-333333333333", "Cancelled", "2026-03-10T09:00:00+01:00",
                         "2026-03-10T10:00:00+01:00", NULL);
  events[2]->status = CCAL_EVENT_STATUS_CANCELLED;
  events[3] = event_new ("a4444444-4444-4444-8444-444444444444", "One-off", "2026-03-11T09:00:00+01:00",
                         "2026-03-11T10:00:00+01:00", NULL);
  put_events (fixture->cache, events, G_N_ELEMENTS (events));
  bookings[0] = booking_new ("b1111111-1111-4111-8111-111111111111", "2026-03-12T10:00:00Z",
                             CCAL_BOOKING_STATUS_CONFIRMED);
  bookings[1] = booking_new ("b2222222-2222-4222-8222-222222222222", "2026-03-12T11:00:00Z",
                             CCAL_BOOKING_STATUS_CANCELLED);
  put_bookings (fixture->cache, bookings, G_N_ELEMENTS (bookings));

  g_assert_true (ccal_ical_exchange_gather (fixture->cache, from, to, ADMIN_ID,
                                            CCAL_ICAL_EXCHANGE_EVENTS | CCAL_ICAL_EXCHANGE_BOOKINGS, &out_events,
                                            &out_bookings, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (out_events->len, ==, 2);
  g_assert_true (has_id (out_events, "a1111111-1111-4111-8111-111111111111", FALSE));
  g_assert_true (has_id (out_events, "a4444444-4444-4444-8444-444444444444", FALSE));
  g_assert_cmpuint (out_bookings->len, ==, 1);
  g_assert_true (has_id (out_bookings, "b1111111-1111-4111-8111-111111111111", TRUE));

  /* Another admin's calendar is not this one. */
  g_clear_pointer (&out_events, g_ptr_array_unref);
  g_assert_true (ccal_ical_exchange_gather (fixture->cache, from, to, "c0000000-0000-4000-8000-000000000000",
                                            CCAL_ICAL_EXCHANGE_EVENTS, &out_events, NULL, &error));
  g_assert_cmpuint (out_events->len, ==, 0);

  g_assert_true (ccal_ical_exchange_gather (fixture->cache, from, to, ADMIN_ID, CCAL_ICAL_EXCHANGE_BOOKINGS, NULL,
                                            &only_bookings, &error));
  g_assert_cmpuint (only_bookings->len, ==, 1);
}

static void
test_write_bookings (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr (GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) back = NULL;
  g_autoptr (GFile) file = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "appointment.ics", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  GDate date;

  g_ptr_array_add (bookings, booking_new ("b1111111-1111-4111-8111-111111111111", "2026-03-12T10:00:00Z",
                                          CCAL_BOOKING_STATUS_CONFIRMED));
  file = g_file_new_for_path (path);
  g_assert_true (ccal_ical_exchange_write_bookings (bookings, file, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "\r\nUID:b1111111-1111-4111-8111-111111111111\r\n"));
  g_assert_nonnull (strstr (contents, "\r\nATTENDEE;CN=Ana Lima;"));
  back = ccal_ical_import_events (contents, CCAL_EVENT_TYPE_EVENT, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, 1);
  g_assert_cmpint (CCAL_EVENT (g_ptr_array_index (back, 0))->start_time, ==, instant ("2026-03-12T10:00:00Z"));

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 2, G_DATE_MARCH, 2026);
  name = ccal_ical_exchange_file_name (&date, FALSE);
  g_assert_cmpstr (name, ==, "calendar-2026-03-02.ics");
  g_free (name);
  name = ccal_ical_exchange_file_name (&date, TRUE);
  g_assert_cmpstr (name, ==, "appointment-2026-03-02.ics");
}

static const char mixed_ics[] =
  "BEGIN:VCALENDAR\r\n"
  "VERSION:2.0\r\n"
  "PRODID:-//Test//EN\r\n"
  "BEGIN:VEVENT\r\n"
  "UID:a4444444-4444-4444-8444-444444444444\r\n"
  "DTSTAMP:20260101T000000Z\r\n"
  "DTSTART:20260311T080000Z\r\n"
  "DTEND:20260311T090000Z\r\n"
  "SUMMARY:Already here\r\n"
  "END:VEVENT\r\n"
  "BEGIN:VEVENT\r\n"
  "UID:instant@example.com\r\n"
  "DTSTAMP:20260101T000000Z\r\n"
  "DTSTART:20260312T080000Z\r\n"
  "SUMMARY:An instant\r\n"
  "END:VEVENT\r\n"
  "BEGIN:VEVENT\r\n"
  "UID:fine@example.com\r\n"
  "DTSTAMP:20260101T000000Z\r\n"
  "DTSTART;TZID=America/New_York:20260302T090000\r\n"
  "DTEND;TZID=America/New_York:20260302T100000\r\n"
  "RRULE:FREQ=WEEKLY;COUNT=3\r\n"
  "SUMMARY:Fine\r\n"
  "END:VEVENT\r\n"
  "END:VCALENDAR\r\n";

static CcalIcalImportItem *
item_titled (GPtrArray  *items,
             const char *title)
{
  for (guint i = 0; i < items->len; i++)
    {
      CcalIcalImportItem *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (item->event->title, title) == 0)
        return item;
    }
  g_assert_not_reached ();
}

/* Each event says whether it can come in, and why not; only those that can are staged. */
static void
test_read_and_import (Fixture       *fixture,
                      gconstpointer  data)
{
  CcalEvent *existing[1];
  g_autoptr (GPtrArray) items = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalApiClient) client = NULL;
  g_autoptr (CcalSync) sync = NULL;
  g_autoptr (GPtrArray) outbox = NULL;
  CcalIcalImportItem *fine;
  CcalCacheOutboxEntry *entry;
  JsonObject *metadata;
  guint count = 0;

  existing[0] = event_new ("a4444444-4444-4444-8444-444444444444", "Already here", "2026-03-11T09:00:00+01:00",
                           "2026-03-11T10:00:00+01:00", NULL);
  put_events (fixture->cache, existing, 1);

  items = ccal_ical_exchange_read_text (mixed_ics, CCAL_EVENT_TYPE_AVAILABILITY, fixture->cache, ADMIN_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  g_assert_cmpint (item_titled (items, "Already here")->problem, ==, CCAL_ICAL_IMPORT_DUPLICATE);
  g_assert_cmpint (item_titled (items, "An instant")->problem, ==, CCAL_ICAL_IMPORT_INVALID);
  g_assert_cmpstr (item_titled (items, "An instant")->field, ==, "end_time");
  fine = item_titled (items, "Fine");
  g_assert_cmpint (fine->problem, ==, CCAL_ICAL_IMPORT_OK);
  g_assert_cmpstr (fine->event->admin_id, ==, ADMIN_ID);
  g_assert_cmpint (fine->event->type, ==, CCAL_EVENT_TYPE_AVAILABILITY);

  ccal_ical_exchange_set_type (items, CCAL_EVENT_TYPE_BLOCKED);
  g_assert_cmpint (fine->event->type, ==, CCAL_EVENT_TYPE_BLOCKED);
  g_assert_cmpint (item_titled (items, "Already here")->problem, ==, CCAL_ICAL_IMPORT_DUPLICATE);

  client = ccal_api_client_new ("http://127.0.0.1:9", "unused", &error);
  g_assert_no_error (error);
  sync = ccal_sync_new (client, fixture->cache);
  g_assert_cmpuint (ccal_ical_exchange_import (sync, items), ==, 1);
  g_assert_true (ccal_cache_outbox_count (fixture->cache, &count, &error));
  g_assert_cmpuint (count, ==, 1);

  outbox = ccal_cache_outbox_list (fixture->cache, &error);
  g_assert_no_error (error);
  entry = g_ptr_array_index (outbox, 0);
  g_assert_cmpint (entry->kind, ==, CCAL_CACHE_CHANGE_CREATE);
  g_assert_cmpstr (json_object_get_string_member (entry->object, "title"), ==, "Fine");
  g_assert_cmpstr (json_object_get_string_member (entry->object, "type"), ==, "blocked");
  g_assert_cmpstr (json_object_get_string_member (entry->object, "timezone"), ==, "America/New_York");
  g_assert_cmpstr (json_object_get_string_member (entry->object, "rrule"), ==, "FREQ=WEEKLY;COUNT=3");
  metadata = json_object_get_object_member (entry->object, "metadata");
  g_assert_cmpstr (json_object_get_string_member (metadata, "ical_uid"), ==, "fine@example.com");
}

/* A file that cannot be read is an error naming it, whatever the reason. */
static void
test_read_file_errors (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char binary[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
  g_autofree char *missing_path = g_build_filename (fixture->dir, "gone.ics", NULL);
  g_autofree char *binary_path = g_build_filename (fixture->dir, "picture.ics", NULL);
  g_autofree char *empty_path = g_build_filename (fixture->dir, "empty calendar.ics", NULL);
  g_autoptr (GFile) missing = g_file_new_for_path (missing_path);
  g_autoptr (GFile) picture = g_file_new_for_path (binary_path);
  g_autoptr (GFile) empty = g_file_new_for_path (empty_path);
  g_autoptr (GError) error = NULL;

  g_assert_null (ccal_ical_exchange_read_file (missing, CCAL_EVENT_TYPE_EVENT, fixture->cache, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_true (g_str_has_prefix (error->message, "gone.ics: "));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (binary_path, binary, sizeof binary, NULL));
  g_assert_null (ccal_ical_exchange_read_file (picture, CCAL_EVENT_TYPE_EVENT, fixture->cache, NULL, &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "picture.ics: "));
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (empty_path, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", -1, NULL));
  g_assert_null (ccal_ical_exchange_read_file (empty, CCAL_EVENT_TYPE_EVENT, fixture->cache, NULL, &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "empty calendar.ics: "));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/client/ical-files/gather", Fixture, NULL, fixture_setup, test_gather, fixture_teardown);
  g_test_add ("/client/ical-files/write-bookings", Fixture, NULL, fixture_setup, test_write_bookings,
              fixture_teardown);
  g_test_add ("/client/ical-files/read-and-import", Fixture, NULL, fixture_setup, test_read_and_import,
              fixture_teardown);
  g_test_add ("/client/ical-files/read-file-errors", Fixture, NULL, fixture_setup, test_read_file_errors,
              fixture_teardown);

  return g_test_run ();
}
