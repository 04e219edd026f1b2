/* test-occurrence.c — what the calendar views draw for a range: occurrences of events and bookings
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include "ccal-core.h"

#define MINUTE CCAL_USEC_PER_MINUTE
#define HOUR   CCAL_USEC_PER_HOUR
#define DAY    CCAL_USEC_PER_DAY

static gint64
utc (int year,
     int month,
     int day,
     int hour,
     int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * CCAL_USEC_PER_SECOND;
}

static CcalEvent *
make_event (const char    *id,
            const char    *title,
            CcalEventType  type,
            gint64         start,
            gint64         end)
{
  CcalEvent *event = ccal_event_new ();

  event->id = g_strdup (id);
  event->title = g_strdup (title);
  event->type = type;
  event->start_time = start;
  event->end_time = end;
  event->timezone = g_strdup ("UTC");
  event->status = CCAL_EVENT_STATUS_CONFIRMED;
  return event;
}

static CcalBooking *
make_booking (const char        *id,
              const char        *name,
              const char        *product,
              CcalBookingStatus  status,
              gint64             start,
              gint64             end)
{
  CcalBooking *booking = ccal_booking_new ();

  booking->id = g_strdup (id);
  booking->contact = ccal_contact_new ();
  booking->contact->name = g_strdup (name);
  booking->product_interest = g_strdup (product);
  booking->title = g_strdup ("Appointment");
  booking->status = status;
  booking->start_time = start;
  booking->end_time = end;
  booking->duration_minutes = (int) ((end - start) / MINUTE);
  return booking;
}

static GPtrArray *
occurrences_ok (GPtrArray *events,
                GPtrArray *bookings,
                gint64     from,
                gint64     to)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *occurrences = ccal_occurrences_for_range (events, bookings, from, to, &error);

  g_assert_no_error (error);
  g_assert_nonnull (occurrences);
  for (guint i = 0; i < occurrences->len; i++)
    {
      CcalOccurrence *occurrence = g_ptr_array_index (occurrences, i);

      g_test_message ("%u: %s %s %" G_GINT64_FORMAT "–%" G_GINT64_FORMAT, i, occurrence->id, occurrence->title,
                      occurrence->start, occurrence->end);
    }
  return occurrences;
}

#define OCCURRENCE(array, i) ((CcalOccurrence *) g_ptr_array_index ((array), (i)))

/* A daily 09:00 in Berlin over a week that ends DST: every occurrence stays 09:00 on the wall clock,
 * so its UTC start moves by an hour after the change; each is its own occurrence of the one event. */
static void
test_recurring_week (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) occurrences = NULL;
  CcalEvent *standup;

  /* 2026-10-01 09:00 CEST is 07:00 UTC. */
  standup = make_event ("standup", "Stand-up", CCAL_EVENT_TYPE_EVENT, utc (2026, 10, 1, 7, 0), utc (2026, 10, 1, 7, 15));
  g_free (standup->timezone);
  standup->timezone = g_strdup ("Europe/Berlin");
  standup->rrule = g_strdup ("FREQ=DAILY");
  g_ptr_array_add (events, standup);

  /* Monday 19 to Monday 26 October 2026 (UTC midnights); Berlin leaves DST on Sunday the 25th. */
  occurrences = occurrences_ok (events, NULL, utc (2026, 10, 19, 0, 0), utc (2026, 10, 26, 0, 0));
  g_assert_cmpuint (occurrences->len, ==, 7);

  for (guint i = 0; i < occurrences->len; i++)
    {
      CcalOccurrence *occurrence = OCCURRENCE (occurrences, i);
      int day = 19 + (int) i;

      g_assert_cmpint (occurrence->kind, ==, CCAL_OCCURRENCE_EVENT);
      g_assert_cmpstr (occurrence->id, ==, "standup");
      g_assert_cmpstr (occurrence->title, ==, "Stand-up");
      g_assert_true (occurrence->recurring);
      g_assert_true (ccal_occurrence_get_event (occurrence) == standup);
      g_assert_null (ccal_occurrence_get_booking (occurrence));
      g_assert_cmpint (occurrence->start, ==, utc (2026, 10, day, day < 25 ? 7 : 8, 0));
      g_assert_cmpint (occurrence->end - occurrence->start, ==, 15 * MINUTE);
    }
}

/* Deleted events and bookings are gone from every view; so is an excluded occurrence. */
static void
test_deleted_skipped (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) occurrences = NULL;
  CcalEvent *deleted_event, *weekly, *kept;
  CcalBooking *deleted_booking;
  gint64 excluded = utc (2026, 3, 4, 10, 0);

  deleted_event = make_event ("gone", "Gone", CCAL_EVENT_TYPE_EVENT, utc (2026, 3, 3, 9, 0), utc (2026, 3, 3, 10, 0));
  deleted_event->deleted = TRUE;
  g_ptr_array_add (events, deleted_event);

  weekly = make_event ("daily", "Daily", CCAL_EVENT_TYPE_EVENT, utc (2026, 3, 2, 10, 0), utc (2026, 3, 2, 11, 0));
  weekly->rrule = g_strdup ("FREQ=DAILY;COUNT=5");
  g_array_append_val (weekly->exdates, excluded);
  g_ptr_array_add (events, weekly);

  kept = make_event ("kept", "Kept", CCAL_EVENT_TYPE_BLOCKED, utc (2026, 3, 5, 12, 0), utc (2026, 3, 5, 13, 0));
  g_ptr_array_add (events, kept);

  deleted_booking = make_booking ("b-gone", "Ann", "Demo", CCAL_BOOKING_STATUS_CONFIRMED,
                                  utc (2026, 3, 3, 14, 0), utc (2026, 3, 3, 14, 30));
  deleted_booking->deleted = TRUE;
  g_ptr_array_add (bookings, deleted_booking);

  occurrences = occurrences_ok (events, bookings, utc (2026, 3, 2, 0, 0), utc (2026, 3, 9, 0, 0));

  /* Daily: 2, 3, 5, 6 March (the 4th excluded, COUNT=5 ends on the 6th), and the blocked time. */
  g_assert_cmpuint (occurrences->len, ==, 5);
  g_assert_cmpint (OCCURRENCE (occurrences, 0)->start, ==, utc (2026, 3, 2, 10, 0));
  g_assert_cmpint (OCCURRENCE (occurrences, 1)->start, ==, utc (2026, 3, 3, 10, 0));
  g_assert_cmpint (OCCURRENCE (occurrences, 2)->start, ==, utc (2026, 3, 5, 10, 0));
  g_assert_cmpstr (OCCURRENCE (occurrences, 3)->id, ==, "kept");
  g_assert_cmpint (OCCURRENCE (occurrences, 3)->event_type, ==, CCAL_EVENT_TYPE_BLOCKED);
  g_assert_false (OCCURRENCE (occurrences, 3)->recurring);
  g_assert_cmpint (OCCURRENCE (occurrences, 4)->start, ==, utc (2026, 3, 6, 10, 0));
  for (guint i = 0; i < occurrences->len; i++)
    {
      g_assert_cmpstr (OCCURRENCE (occurrences, i)->id, !=, "gone");
      g_assert_cmpstr (OCCURRENCE (occurrences, i)->id, !=, "b-gone");
    }
}

/* Bookings in the range come in with their contact, product and status; those outside do not;
 * cancelled ones stay (the views dim them). */
static void
test_bookings_included (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) occurrences = NULL;
  CcalBooking *claire, *cancelled, *no_product;
  CcalOccurrence *occurrence;

  claire = make_booking ("b1", "Claire Dubois", "Consultation", CCAL_BOOKING_STATUS_CONFIRMED,
                         utc (2026, 6, 2, 10, 0), utc (2026, 6, 2, 10, 30));
  g_ptr_array_add (bookings, claire);
  cancelled = make_booking ("b2", "Bo Chen", "Demo", CCAL_BOOKING_STATUS_CANCELLED,
                            utc (2026, 6, 3, 9, 0), utc (2026, 6, 3, 9, 30));
  g_ptr_array_add (bookings, cancelled);
  no_product = make_booking ("b3", "Dana Ek", NULL, CCAL_BOOKING_STATUS_NO_SHOW,
                             utc (2026, 6, 4, 9, 0), utc (2026, 6, 4, 9, 30));
  g_ptr_array_add (bookings, no_product);
  /* Ends exactly when the range starts: half-open, so not in it. */
  g_ptr_array_add (bookings, make_booking ("before", "Early Bird", "Demo", CCAL_BOOKING_STATUS_PENDING,
                                           utc (2026, 5, 31, 23, 0), utc (2026, 6, 1, 0, 0)));
  g_ptr_array_add (bookings, make_booking ("after", "Late Comer", "Demo", CCAL_BOOKING_STATUS_PENDING,
                                           utc (2026, 6, 8, 0, 0), utc (2026, 6, 8, 0, 30)));

  occurrences = occurrences_ok (NULL, bookings, utc (2026, 6, 1, 0, 0), utc (2026, 6, 8, 0, 0));
  g_assert_cmpuint (occurrences->len, ==, 3);

  occurrence = OCCURRENCE (occurrences, 0);
  g_assert_cmpint (occurrence->kind, ==, CCAL_OCCURRENCE_BOOKING);
  g_assert_cmpstr (occurrence->id, ==, "b1");
  g_assert_cmpstr (occurrence->title, ==, "Claire Dubois · Consultation");
  g_assert_cmpint (occurrence->booking_status, ==, CCAL_BOOKING_STATUS_CONFIRMED);
  g_assert_cmpstr (ccal_occurrence_get_status_name (occurrence), ==, "confirmed");
  g_assert_cmpint (occurrence->start, ==, claire->start_time);
  g_assert_cmpint (occurrence->end, ==, claire->end_time);
  g_assert_false (occurrence->all_day);
  g_assert_true (ccal_occurrence_get_booking (occurrence) == claire);
  g_assert_null (ccal_occurrence_get_event (occurrence));
  g_assert_false (ccal_occurrence_is_cancelled (occurrence));

  occurrence = OCCURRENCE (occurrences, 1);
  g_assert_cmpstr (occurrence->id, ==, "b2");
  g_assert_true (ccal_occurrence_is_cancelled (occurrence));

  /* Without a product the booking's own title names what it is for. */
  occurrence = OCCURRENCE (occurrences, 2);
  g_assert_cmpstr (occurrence->title, ==, "Dana Ek · Appointment");
  g_assert_cmpstr (ccal_occurrence_get_status_name (occurrence), ==, "no_show");
}

/* Start first; at one start the longer first (it takes the leftmost column); events and bookings
 * mixed in one order. */
static void
test_order (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) occurrences = NULL;
  const char *expected[] = { "long", "short", "booking", "late" };

  g_ptr_array_add (events, make_event ("late", "Late", CCAL_EVENT_TYPE_EVENT, utc (2026, 2, 2, 15, 0), utc (2026, 2, 2, 16, 0)));
  g_ptr_array_add (events, make_event ("short", "Short", CCAL_EVENT_TYPE_EVENT, utc (2026, 2, 2, 9, 0), utc (2026, 2, 2, 9, 30)));
  g_ptr_array_add (events, make_event ("long", "Long", CCAL_EVENT_TYPE_AVAILABILITY, utc (2026, 2, 2, 9, 0), utc (2026, 2, 2, 17, 0)));
  g_ptr_array_add (bookings, make_booking ("booking", "Claire Dubois", "Consultation", CCAL_BOOKING_STATUS_PENDING,
                                           utc (2026, 2, 2, 9, 30), utc (2026, 2, 2, 10, 0)));

  occurrences = occurrences_ok (events, bookings, utc (2026, 2, 2, 0, 0), utc (2026, 2, 3, 0, 0));
  g_assert_cmpuint (occurrences->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (OCCURRENCE (occurrences, i)->id, ==, expected[i]);
  g_assert_cmpint (OCCURRENCE (occurrences, 0)->event_type, ==, CCAL_EVENT_TYPE_AVAILABILITY);
}

/* An all-day event keeps its date in its own zone, and is handed over when it lies just outside the
 * range in UTC, since a viewer east or west of it still sees it on that date. */
static void
test_all_day (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) occurrences = NULL;
  CcalEvent *holiday, *far;
  GDate first;
  guint n_days = 0;

  /* 24–26 December in Auckland: starts at local midnight, 11:00 UTC the day before. */
  holiday = make_event ("holiday", "Holiday", CCAL_EVENT_TYPE_BLOCKED, utc (2026, 12, 23, 11, 0), utc (2026, 12, 26, 11, 0));
  holiday->is_all_day = TRUE;
  g_free (holiday->timezone);
  holiday->timezone = g_strdup ("Pacific/Auckland");
  g_ptr_array_add (events, holiday);

  far = make_event ("far", "Far", CCAL_EVENT_TYPE_EVENT, utc (2026, 12, 1, 0, 0), utc (2026, 12, 2, 0, 0));
  far->is_all_day = TRUE;
  g_ptr_array_add (events, far);

  /* A UTC range that ends before the holiday's first instant still brings it. */
  occurrences = occurrences_ok (events, NULL, utc (2026, 12, 16, 0, 0), utc (2026, 12, 23, 0, 0));
  g_assert_cmpuint (occurrences->len, ==, 1);
  g_assert_true (OCCURRENCE (occurrences, 0)->all_day);
  g_assert_cmpstr (OCCURRENCE (occurrences, 0)->timezone, ==, "Pacific/Auckland");

  g_assert_true (ccal_occurrence_get_all_day_dates (OCCURRENCE (occurrences, 0), &first, &n_days, NULL));
  g_assert_cmpint (g_date_get_year (&first), ==, 2026);
  g_assert_cmpint (g_date_get_month (&first), ==, 12);
  g_assert_cmpint (g_date_get_day (&first), ==, 24);
  g_assert_cmpuint (n_days, ==, 3);
}

/* A rule that cannot be expanded fails the call and says which event it was. */
static void
test_bad_rrule (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) occurrences = NULL;
  g_autoptr(GError) error = NULL;
  CcalEvent *broken;

  broken = make_event ("broken-1", "Broken", CCAL_EVENT_TYPE_EVENT, utc (2026, 1, 5, 9, 0), utc (2026, 1, 5, 10, 0));
  broken->rrule = g_strdup ("FREQ=SOMETIMES");
  g_ptr_array_add (events, broken);

  occurrences = ccal_occurrences_for_range (events, NULL, utc (2026, 1, 5, 0, 0), utc (2026, 1, 12, 0, 0), &error);
  g_assert_null (occurrences);
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "Event broken-1: "));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/occurrence/recurring-week", test_recurring_week);
  g_test_add_func ("/core/occurrence/deleted-skipped", test_deleted_skipped);
  g_test_add_func ("/core/occurrence/bookings-included", test_bookings_included);
  g_test_add_func ("/core/occurrence/order", test_order);
  g_test_add_func ("/core/occurrence/all-day", test_all_day);
  g_test_add_func ("/core/occurrence/bad-rrule", test_bad_rrule);

  return g_test_run ();
}
