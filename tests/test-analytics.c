/* test-analytics.c — tests for the booking figures: counts, rates, buckets, weekday × hour, JSON
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include "ccal-core.h"

static gint64
T (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 usec = 0;

  g_assert_true (ccal_time_parse_rfc3339 (text, "test", &usec, &error));
  g_assert_no_error (error);
  return usec;
}

static CcalBooking *
add_booking (GPtrArray         *bookings,
             const char        *start,
             CcalBookingStatus  status,
             CcalBookingSource  source)
{
  CcalBooking *booking = ccal_booking_new ();

  booking->start_time = T (start);
  booking->end_time = booking->start_time + 30 * CCAL_USEC_PER_MINUTE;
  booking->duration_minutes = 30;
  booking->status = status;
  booking->source = source;
  g_ptr_array_add (bookings, booking);
  return booking;
}

static void
set_interest (CcalBooking *booking,
              const char  *interest)
{
  g_free (booking->product_interest);
  booking->product_interest = g_strdup (interest);
}

static CcalAnalytics *
compute (GPtrArray  *bookings,
         const char *from,
         const char *to,
         CcalBucket  bucket,
         const char *tzid)
{
  g_autoptr(GError) error = NULL;
  CcalAnalytics *analytics;

  analytics = ccal_analytics_compute (bookings, T (from), T (to), bucket, tzid, &error);
  g_assert_no_error (error);
  g_assert_nonnull (analytics);
  return analytics;
}

static guint
interest_count (const CcalAnalytics *analytics,
                const char          *interest)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (analytics->by_product_interest, interest));
}

static void
assert_series (const CcalAnalytics *analytics,
               const char *const   *starts,
               const guint         *counts,
               guint                n_buckets)
{
  g_assert_cmpuint (analytics->series->len, ==, n_buckets);
  for (guint i = 0; i < n_buckets; i++)
    {
      const CcalAnalyticsBucket *item = &g_array_index (analytics->series, CcalAnalyticsBucket, i);
      g_autofree char *start = ccal_time_format_rfc3339 (item->start);

      g_assert_cmpstr (start, ==, starts[i]);
      g_assert_cmpuint (item->count, ==, counts[i]);
    }
}

static void
test_analytics_bucket_strings (void)
{
  CcalBucket bucket = CCAL_BUCKET_DAY;

  g_assert_cmpstr (ccal_bucket_to_string (CCAL_BUCKET_DAY), ==, "day");
  g_assert_cmpstr (ccal_bucket_to_string (CCAL_BUCKET_WEEK), ==, "week");
  g_assert_cmpstr (ccal_bucket_to_string (CCAL_BUCKET_MONTH), ==, "month");
  g_assert_true (ccal_bucket_from_string ("month", &bucket));
  g_assert_cmpint (bucket, ==, CCAL_BUCKET_MONTH);
  g_assert_true (ccal_bucket_from_string ("week", &bucket));
  g_assert_cmpint (bucket, ==, CCAL_BUCKET_WEEK);
  g_assert_false (ccal_bucket_from_string ("Week", &bucket));
  g_assert_false (ccal_bucket_from_string ("year", &bucket));
  g_assert_false (ccal_bucket_from_string (NULL, &bucket));
  g_assert_cmpint (bucket, ==, CCAL_BUCKET_WEEK);
}

static void
test_analytics_counts (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) analytics = NULL;

  set_interest (add_booking (bookings, "2026-03-02T09:00:00Z", CCAL_BOOKING_STATUS_PENDING,
                             CCAL_BOOKING_SOURCE_PUBLIC), "Solar");
  set_interest (add_booking (bookings, "2026-03-02T10:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED,
                             CCAL_BOOKING_SOURCE_PUBLIC), "Solar");
  set_interest (add_booking (bookings, "2026-03-03T09:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED,
                             CCAL_BOOKING_SOURCE_STAFF), "Heat pump");
  set_interest (add_booking (bookings, "2026-03-03T11:00:00Z", CCAL_BOOKING_STATUS_CANCELLED,
                             CCAL_BOOKING_SOURCE_STAFF), "");
  add_booking (bookings, "2026-03-04T09:00:00Z", CCAL_BOOKING_STATUS_COMPLETED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-04T10:00:00Z", CCAL_BOOKING_STATUS_COMPLETED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-05T09:00:00Z", CCAL_BOOKING_STATUS_NO_SHOW, CCAL_BOOKING_SOURCE_STAFF);

  analytics = compute (bookings, "2026-03-01T00:00:00Z", "2026-03-08T00:00:00Z", CCAL_BUCKET_DAY, "UTC");

  g_assert_cmpuint (analytics->total, ==, 7);
  g_assert_cmpuint (analytics->by_status[CCAL_BOOKING_STATUS_PENDING], ==, 1);
  g_assert_cmpuint (analytics->by_status[CCAL_BOOKING_STATUS_CONFIRMED], ==, 2);
  g_assert_cmpuint (analytics->by_status[CCAL_BOOKING_STATUS_CANCELLED], ==, 1);
  g_assert_cmpuint (analytics->by_status[CCAL_BOOKING_STATUS_COMPLETED], ==, 2);
  g_assert_cmpuint (analytics->by_status[CCAL_BOOKING_STATUS_NO_SHOW], ==, 1);
  g_assert_cmpuint (analytics->by_source[CCAL_BOOKING_SOURCE_PUBLIC], ==, 4);
  g_assert_cmpuint (analytics->by_source[CCAL_BOOKING_SOURCE_STAFF], ==, 3);

  /* NULL and "" product interests are both counted under "". */
  g_assert_cmpuint (g_hash_table_size (analytics->by_product_interest), ==, 3);
  g_assert_cmpuint (interest_count (analytics, "Solar"), ==, 2);
  g_assert_cmpuint (interest_count (analytics, "Heat pump"), ==, 1);
  g_assert_cmpuint (interest_count (analytics, ""), ==, 4);

  assert_series (analytics,
                 (const char *const[]) { "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z",
                                         "2026-03-04T00:00:00Z", "2026-03-05T00:00:00Z", "2026-03-06T00:00:00Z",
                                         "2026-03-07T00:00:00Z" },
                 (guint[]) { 0, 2, 2, 2, 1, 0, 0 }, 7);

  g_assert_cmpfloat_with_epsilon (analytics->cancellation_rate, 1.0 / 7.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (analytics->no_show_rate, 1.0 / 3.0, 1e-12);
}

static void
test_analytics_rates_zero_denominators (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) empty = NULL;
  g_autoptr(CcalAnalytics) open = NULL;

  /* No bookings at all: every rate is 0, never NaN. */
  empty = compute (bookings, "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", CCAL_BUCKET_DAY, "UTC");
  g_assert_cmpuint (empty->total, ==, 0);
  g_assert_cmpfloat (empty->cancellation_rate, ==, 0.0);
  g_assert_cmpfloat (empty->no_show_rate, ==, 0.0);
  g_assert_cmpfloat (empty->avg_lead_time_hours, ==, 0.0);
  g_assert_cmpuint (g_hash_table_size (empty->by_product_interest), ==, 0);
  assert_series (empty, (const char *const[]) { "2026-03-01T00:00:00Z" }, (guint[]) { 0 }, 1);

  /* Only cancellations and open bookings: nothing has happened yet, so no no-show rate. */
  add_booking (bookings, "2026-03-01T09:00:00Z", CCAL_BOOKING_STATUS_CANCELLED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-01T10:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  open = compute (bookings, "2026-03-01T00:00:00Z", "2026-03-02T00:00:00Z", CCAL_BUCKET_DAY, "UTC");
  g_assert_cmpuint (open->total, ==, 2);
  g_assert_cmpfloat (open->cancellation_rate, ==, 0.5);
  g_assert_cmpfloat (open->no_show_rate, ==, 0.0);
}

static void
test_analytics_lead_time (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) analytics = NULL;
  CcalBooking *booking;

  /* 48 h and 12 h ahead; one without created_at is left out of the mean, not counted as 0 h. */
  booking = add_booking (bookings, "2026-03-05T12:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  booking->created_at = T ("2026-03-03T12:00:00Z");
  booking = add_booking (bookings, "2026-03-05T12:00:00Z", CCAL_BOOKING_STATUS_PENDING, CCAL_BOOKING_SOURCE_STAFF);
  booking->created_at = T ("2026-03-05T00:00:00Z");
  booking = add_booking (bookings, "2026-03-05T15:00:00Z", CCAL_BOOKING_STATUS_PENDING, CCAL_BOOKING_SOURCE_STAFF);
  booking->created_at = 0;
  /* Outside the range: its 1,000 h lead time must not count. */
  booking = add_booking (bookings, "2026-04-05T12:00:00Z", CCAL_BOOKING_STATUS_PENDING, CCAL_BOOKING_SOURCE_STAFF);
  booking->created_at = booking->start_time - 1000 * CCAL_USEC_PER_HOUR;

  analytics = compute (bookings, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", CCAL_BUCKET_MONTH, "UTC");
  g_assert_cmpuint (analytics->total, ==, 3);
  g_assert_cmpfloat_with_epsilon (analytics->avg_lead_time_hours, 30.0, 1e-9);
}

static void
test_analytics_day_buckets_dst (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) spring = NULL;
  g_autoptr(CcalAnalytics) autumn = NULL;

  /* Europe/Berlin springs forward on 2026-03-29: that day runs 23:00Z–22:00Z, 23 hours, one bucket. */
  add_booking (bookings, "2026-03-28T22:59:59Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-28T23:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-29T21:30:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-29T22:30:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  /* …and falls back on 2026-10-25: that day runs 22:00Z–23:00Z, 25 hours. */
  add_booking (bookings, "2026-10-24T22:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-10-25T22:30:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-10-25T23:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);

  /* From mid-morning: the first bucket still starts at that day's local midnight. */
  spring = compute (bookings, "2026-03-28T10:00:00Z", "2026-03-30T22:00:00Z", CCAL_BUCKET_DAY, "Europe/Berlin");
  assert_series (spring,
                 (const char *const[]) { "2026-03-27T23:00:00Z", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z" },
                 (guint[]) { 1, 2, 1 }, 3);
  g_assert_cmpuint (spring->total, ==, 4);

  autumn = compute (bookings, "2026-10-24T00:00:00Z", "2026-10-26T12:00:00Z", CCAL_BUCKET_DAY, "Europe/Berlin");
  assert_series (autumn,
                 (const char *const[]) { "2026-10-23T22:00:00Z", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z" },
                 (guint[]) { 0, 2, 1 }, 3);
}

static void
test_analytics_week_buckets (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) analytics = NULL;

  /* Sunday evening UTC is already Monday in Berlin: the next week. */
  add_booking (bookings, "2026-03-08T22:59:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-08T23:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-29T21:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);

  /* From a Wednesday: the first bucket starts on the Monday before. The week of 2026-03-23 holds the
   * spring-forward Sunday, so the next Monday starts at 22:00Z. */
  analytics = compute (bookings, "2026-03-04T12:00:00Z", "2026-04-01T00:00:00Z", CCAL_BUCKET_WEEK, "Europe/Berlin");
  assert_series (analytics,
                 (const char *const[]) { "2026-03-01T23:00:00Z", "2026-03-08T23:00:00Z", "2026-03-15T23:00:00Z",
                                         "2026-03-22T23:00:00Z", "2026-03-29T22:00:00Z" },
                 (guint[]) { 1, 1, 0, 1, 0 }, 5);
}

static void
test_analytics_month_buckets (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) analytics = NULL;

  add_booking (bookings, "2026-01-31T22:59:59Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-01-31T23:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-31T21:59:59Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);

  /* Ending exactly at local 1 April midnight (CEST by then): April is not in the series. */
  analytics = compute (bookings, "2026-01-15T00:00:00Z", "2026-03-31T22:00:00Z", CCAL_BUCKET_MONTH, "Europe/Berlin");
  assert_series (analytics,
                 (const char *const[]) { "2025-12-31T23:00:00Z", "2026-01-31T23:00:00Z", "2026-02-28T23:00:00Z" },
                 (guint[]) { 1, 1, 1 }, 3);
  g_assert_cmpint (analytics->bucket, ==, CCAL_BUCKET_MONTH);
}

static void
test_analytics_weekday_hour_local (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) analytics = NULL;
  guint sum = 0;

  /* Sunday 23:30Z is Monday 00:30 in Berlin. */
  add_booking (bookings, "2026-03-01T23:30:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  /* Wednesday 09:15Z is 10:15 CET. */
  add_booking (bookings, "2026-03-04T09:15:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  /* Sunday 12:00Z is 13:00 CET; after the change, Tuesday 12:00Z is 14:00 CEST. */
  add_booking (bookings, "2026-03-08T12:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-31T12:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);

  analytics = compute (bookings, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", CCAL_BUCKET_MONTH, "Europe/Berlin");
  g_assert_cmpuint (analytics->by_weekday_hour[0][0], ==, 1);
  g_assert_cmpuint (analytics->by_weekday_hour[6][23], ==, 0);
  g_assert_cmpuint (analytics->by_weekday_hour[2][10], ==, 1);
  g_assert_cmpuint (analytics->by_weekday_hour[6][13], ==, 1);
  g_assert_cmpuint (analytics->by_weekday_hour[1][14], ==, 1);

  for (guint day = 0; day < 7; day++)
    for (guint hour = 0; hour < 24; hour++)
      sum += analytics->by_weekday_hour[day][hour];
  g_assert_cmpuint (sum, ==, 4);
}

static void
test_analytics_range_half_open (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) analytics = NULL;

  add_booking (bookings, "2026-03-01T23:59:59.999999Z", CCAL_BOOKING_STATUS_PENDING, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-02T00:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-03T23:59:59.999999Z", CCAL_BOOKING_STATUS_CANCELLED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-04T00:00:00Z", CCAL_BOOKING_STATUS_COMPLETED, CCAL_BOOKING_SOURCE_PUBLIC);

  analytics = compute (bookings, "2026-03-02T00:00:00Z", "2026-03-04T00:00:00Z", CCAL_BUCKET_DAY, "UTC");
  g_assert_cmpuint (analytics->total, ==, 2);
  g_assert_cmpuint (analytics->by_status[CCAL_BOOKING_STATUS_PENDING], ==, 0);
  g_assert_cmpuint (analytics->by_status[CCAL_BOOKING_STATUS_CONFIRMED], ==, 1);
  g_assert_cmpuint (analytics->by_status[CCAL_BOOKING_STATUS_CANCELLED], ==, 1);
  g_assert_cmpuint (analytics->by_status[CCAL_BOOKING_STATUS_COMPLETED], ==, 0);
  assert_series (analytics, (const char *const[]) { "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z" },
                 (guint[]) { 1, 1 }, 2);
}

static void
test_analytics_deleted_excluded (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) analytics = NULL;
  CcalBooking *booking;

  add_booking (bookings, "2026-03-02T09:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  booking = add_booking (bookings, "2026-03-02T10:00:00Z", CCAL_BOOKING_STATUS_CANCELLED, CCAL_BOOKING_SOURCE_STAFF);
  booking->deleted = TRUE;
  booking->created_at = booking->start_time - CCAL_USEC_PER_HOUR;
  set_interest (booking, "Solar");

  analytics = compute (bookings, "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", CCAL_BUCKET_DAY, "UTC");
  g_assert_cmpuint (analytics->total, ==, 1);
  g_assert_cmpuint (analytics->by_status[CCAL_BOOKING_STATUS_CANCELLED], ==, 0);
  g_assert_cmpuint (analytics->by_source[CCAL_BOOKING_SOURCE_STAFF], ==, 0);
  g_assert_cmpfloat (analytics->cancellation_rate, ==, 0.0);
  g_assert_cmpfloat (analytics->avg_lead_time_hours, ==, 0.0);
  g_assert_cmpuint (interest_count (analytics, "Solar"), ==, 0);
  assert_series (analytics, (const char *const[]) { "2026-03-02T00:00:00Z" }, (guint[]) { 1 }, 1);
}

static void
test_analytics_invalid_input (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  CcalAnalytics *analytics;

  analytics = ccal_analytics_compute (bookings, T ("2026-03-02T00:00:00Z"), T ("2026-03-02T00:00:00Z"),
                                      CCAL_BUCKET_DAY, "UTC", &error);
  g_assert_null (analytics);
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "to");
  g_clear_error (&error);

  analytics = ccal_analytics_compute (bookings, T ("2026-03-02T00:00:00Z"), T ("2026-03-03T00:00:00Z"),
                                      CCAL_BUCKET_DAY, "Europe/Atlantis", &error);
  g_assert_null (analytics);
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_UNKNOWN_TIMEZONE);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "timezone");
  g_clear_error (&error);

  /* A century of days is refused rather than computed. */
  analytics = ccal_analytics_compute (bookings, T ("2000-01-01T00:00:00Z"), T ("2100-01-01T00:00:00Z"),
                                      CCAL_BUCKET_DAY, "UTC", &error);
  g_assert_null (analytics);
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "to");
}

static CcalAnalytics *
make_sample (GPtrArray *bookings)
{
  CcalBooking *booking;

  booking = add_booking (bookings, "2026-03-01T23:30:00Z", CCAL_BOOKING_STATUS_COMPLETED, CCAL_BOOKING_SOURCE_PUBLIC);
  booking->created_at = booking->start_time - 50 * CCAL_USEC_PER_HOUR;
  set_interest (booking, "Solar");
  booking = add_booking (bookings, "2026-03-10T09:00:00Z", CCAL_BOOKING_STATUS_NO_SHOW, CCAL_BOOKING_SOURCE_STAFF);
  booking->created_at = booking->start_time - 7 * CCAL_USEC_PER_HOUR;
  booking = add_booking (bookings, "2026-03-30T07:00:00Z", CCAL_BOOKING_STATUS_CANCELLED, CCAL_BOOKING_SOURCE_PUBLIC);
  set_interest (booking, "Heat \"pump\" ✓");

  return compute (bookings, "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", CCAL_BUCKET_WEEK, "Europe/Berlin");
}

static JsonObject *
reparse (JsonObject *object)
{
  g_autoptr(JsonNode) root = json_node_init_object (json_node_alloc (), object);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = json_to_string (root, FALSE);

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_analytics_json_shape (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) analytics = make_sample (bookings);
  g_autoptr(JsonObject) produced = ccal_analytics_to_json (analytics);
  g_autoptr(JsonObject) object = reparse (produced);
  JsonObject *by_status = json_object_get_object_member (object, "by_status");
  JsonObject *by_source = json_object_get_object_member (object, "by_source");
  JsonObject *by_interest = json_object_get_object_member (object, "by_product_interest");
  JsonArray *series = json_object_get_array_member (object, "series");
  JsonArray *weekday_hour = json_object_get_array_member (object, "by_weekday_hour");

  g_assert_cmpuint (json_object_get_size (object), ==, 13);
  g_assert_cmpstr (json_object_get_string_member (object, "from"), ==, "2026-03-01T00:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (object, "to"), ==, "2026-04-01T00:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (object, "timezone"), ==, "Europe/Berlin");
  g_assert_cmpstr (json_object_get_string_member (object, "bucket"), ==, "week");
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 3);

  /* Every status and source is present, zeros included. */
  g_assert_cmpuint (json_object_get_size (by_status), ==, 5);
  g_assert_cmpint (json_object_get_int_member (by_status, "pending"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (by_status, "confirmed"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (by_status, "cancelled"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (by_status, "completed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (by_status, "no_show"), ==, 1);
  g_assert_cmpuint (json_object_get_size (by_source), ==, 2);
  g_assert_cmpint (json_object_get_int_member (by_source, "public"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (by_source, "staff"), ==, 1);

  /* Week buckets from Monday 23 Feb (local) to the week of 30 March. */
  g_assert_cmpuint (json_array_get_length (series), ==, 6);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (series, 0), "start"), ==,
                   "2026-02-22T23:00:00Z");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (series, 0), "count"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (series, 1), "start"), ==,
                   "2026-03-01T23:00:00Z");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (series, 1), "count"), ==, 1);

  g_assert_cmpuint (json_array_get_length (weekday_hour), ==, 7);
  for (guint day = 0; day < 7; day++)
    g_assert_cmpuint (json_array_get_length (json_array_get_array_element (weekday_hour, day)), ==, 24);
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (weekday_hour, 0), 0), ==, 1);

  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "cancellation_rate"), 1.0 / 3.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "no_show_rate"), 0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object, "avg_lead_time_hours"), 28.5, 1e-12);

  /* The unset product interest is written as "(none)", never as an empty key. */
  g_assert_cmpuint (json_object_get_size (by_interest), ==, 3);
  g_assert_false (json_object_has_member (by_interest, ""));
  g_assert_cmpint (json_object_get_int_member (by_interest, "(none)"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (by_interest, "Solar"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (by_interest, "Heat \"pump\" ✓"), ==, 1);
}

static void
test_analytics_json_round_trip (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) analytics = make_sample (bookings);
  g_autoptr(JsonObject) produced = ccal_analytics_to_json (analytics);
  g_autoptr(JsonObject) object = reparse (produced);
  g_autoptr(CcalAnalytics) back = NULL;
  g_autoptr(GError) error = NULL;
  GHashTableIter iter;
  gpointer key, value;

  back = ccal_analytics_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);

  g_assert_cmpint (back->from, ==, analytics->from);
  g_assert_cmpint (back->to, ==, analytics->to);
  g_assert_cmpstr (back->timezone, ==, analytics->timezone);
  g_assert_cmpint (back->bucket, ==, analytics->bucket);
  g_assert_cmpuint (back->total, ==, analytics->total);
  g_assert_cmpmem (back->by_status, sizeof back->by_status, analytics->by_status, sizeof analytics->by_status);
  g_assert_cmpmem (back->by_source, sizeof back->by_source, analytics->by_source, sizeof analytics->by_source);
  g_assert_cmpmem (back->by_weekday_hour, sizeof back->by_weekday_hour,
                   analytics->by_weekday_hour, sizeof analytics->by_weekday_hour);
  g_assert_cmpuint (back->series->len, ==, analytics->series->len);
  for (guint i = 0; i < back->series->len; i++)
    {
      g_assert_cmpint (g_array_index (back->series, CcalAnalyticsBucket, i).start, ==,
                       g_array_index (analytics->series, CcalAnalyticsBucket, i).start);
      g_assert_cmpuint (g_array_index (back->series, CcalAnalyticsBucket, i).count, ==,
                        g_array_index (analytics->series, CcalAnalyticsBucket, i).count);
      g_assert_cmpmem (g_array_index (back->series, CcalAnalyticsBucket, i).by_status,
                       sizeof (guint) * CCAL_N_BOOKING_STATUSES,
                       g_array_index (analytics->series, CcalAnalyticsBucket, i).by_status,
                       sizeof (guint) * CCAL_N_BOOKING_STATUSES);
    }
  /* Doubles survive the text form exactly. */
  g_assert_cmpfloat (back->cancellation_rate, ==, analytics->cancellation_rate);
  g_assert_cmpfloat (back->no_show_rate, ==, analytics->no_show_rate);
  g_assert_cmpfloat (back->avg_lead_time_hours, ==, analytics->avg_lead_time_hours);

  /* "(none)" comes back as "". */
  g_assert_cmpuint (g_hash_table_size (back->by_product_interest), ==,
                    g_hash_table_size (analytics->by_product_interest));
  g_hash_table_iter_init (&iter, analytics->by_product_interest);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gpointer back_value;

      g_assert_true (g_hash_table_lookup_extended (back->by_product_interest, key, NULL, &back_value));
      g_assert_cmpuint (GPOINTER_TO_UINT (back_value), ==, GPOINTER_TO_UINT (value));
    }
  g_assert_cmpuint (interest_count (back, ""), ==, 1);
}

static JsonArray *
weekday_hours (JsonObject *object,
               guint       day)
{
  return json_array_get_array_element (json_object_get_array_member (object, "by_weekday_hour"), day);
}

static void
spoil_from (JsonObject *object)
{
  json_object_remove_member (object, "from");
}

static void
spoil_status (JsonObject *object)
{
  json_object_remove_member (json_object_get_object_member (object, "by_status"), "no_show");
}

static void
spoil_series_start (JsonObject *object)
{
  JsonArray *series = json_object_get_array_member (object, "series");

  json_object_set_string_member (json_array_get_object_element (series, 1), "start", "yesterday");
}

static void
spoil_weekday_length (JsonObject *object)
{
  json_array_remove_element (weekday_hours (object, 2), 23);
}

static void
spoil_weekday_count (JsonObject *object)
{
  json_node_set_int (json_array_get_element (weekday_hours (object, 0), 5), -1);
}

static void
spoil_total (JsonObject *object)
{
  json_object_set_string_member (object, "total", "3");
}

static void
spoil_bucket (JsonObject *object)
{
  json_object_set_string_member (object, "bucket", "year");
}

static void
spoil_rate (JsonObject *object)
{
  json_object_set_null_member (object, "cancellation_rate");
}

static void
spoil_interest (JsonObject *object)
{
  json_object_set_double_member (json_object_get_object_member (object, "by_product_interest"), "Solar", 1.5);
}

static void
spoil_series_by_status_sum (JsonObject *object)
{
  JsonArray *series = json_object_get_array_member (object, "series");
  JsonObject *by_status = json_object_get_object_member (json_array_get_object_element (series, 1), "by_status");

  json_object_set_int_member (by_status, "pending", json_object_get_int_member (by_status, "pending") + 1);
}

static void
spoil_series_by_status_member (JsonObject *object)
{
  JsonArray *series = json_object_get_array_member (object, "series");

  json_object_remove_member (json_object_get_object_member (json_array_get_object_element (series, 2), "by_status"),
                             "completed");
}

static void
spoil_series_by_status_type (JsonObject *object)
{
  JsonArray *series = json_object_get_array_member (object, "series");

  json_object_set_int_member (json_array_get_object_element (series, 0), "by_status", 0);
}

static void
spoil_range (JsonObject *object)
{
  json_object_set_string_member (object, "to", "2026-02-01T00:00:00Z");
}

static void
test_analytics_json_errors (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) analytics = make_sample (bookings);
  g_autoptr(JsonObject) good = ccal_analytics_to_json (analytics);
  const struct
  {
    void (*spoil) (JsonObject *object);
    const char *field;
  } cases[] = {
    { spoil_from, "from" },
    { spoil_status, "by_status.no_show" },
    { spoil_series_start, "series[1].start" },
    { spoil_weekday_length, "by_weekday_hour[2]" },
    { spoil_weekday_count, "by_weekday_hour[0][5]" },
    { spoil_total, "total" },
    { spoil_bucket, "bucket" },
    { spoil_rate, "cancellation_rate" },
    { spoil_interest, "by_product_interest.Solar" },
    { spoil_range, "to" },
    { spoil_series_by_status_sum, "series[1].by_status" },
    { spoil_series_by_status_member, "series[2].by_status.completed" },
    { spoil_series_by_status_type, "series[0].by_status" },
  };

  /* Each case spoils one field of a good document; the error names that field. */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonObject) object = reparse (good);
      g_autoptr(CcalAnalytics) back = NULL;
      g_autoptr(GError) error = NULL;

      cases[i].spoil (object);
      back = ccal_analytics_new_from_json (object, &error);
      g_test_message ("%s: %s", cases[i].field, error != NULL ? error->message : "no error");
      g_assert_null (back);
      g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
      g_assert_cmpstr (ccal_core_error_get_field (error), ==, cases[i].field);
    }
}

static guint
bucket_status (const CcalAnalytics *analytics,
               guint                index,
               CcalBookingStatus    status)
{
  return g_array_index (analytics->series, CcalAnalyticsBucket, index).by_status[status];
}

/* Each bucket's count split by status, for the chart stacked by status: the parts add up to the
 * bucket's count and land in the bucket of the booking's local start. */
static void
test_analytics_series_by_status (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) analytics = NULL;

  add_booking (bookings, "2026-03-02T09:00:00Z", CCAL_BOOKING_STATUS_PENDING, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-02T10:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-02T11:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_STAFF);
  add_booking (bookings, "2026-03-03T09:00:00Z", CCAL_BOOKING_STATUS_CANCELLED, CCAL_BOOKING_SOURCE_STAFF);
  add_booking (bookings, "2026-03-03T10:00:00Z", CCAL_BOOKING_STATUS_NO_SHOW, CCAL_BOOKING_SOURCE_STAFF);
  /* 23:30 UTC on the 3rd is 00:30 on the 4th in Berlin: the 4th's bucket. */
  add_booking (bookings, "2026-03-03T23:30:00Z", CCAL_BOOKING_STATUS_COMPLETED, CCAL_BOOKING_SOURCE_PUBLIC);
  add_booking (bookings, "2026-03-04T10:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_SOURCE_PUBLIC)->deleted = TRUE;
  analytics = compute (bookings, "2026-03-01T23:00:00Z", "2026-03-04T23:00:00Z", CCAL_BUCKET_DAY, "Europe/Berlin");

  g_assert_cmpuint (analytics->series->len, ==, 3);
  g_assert_cmpuint (bucket_status (analytics, 0, CCAL_BOOKING_STATUS_PENDING), ==, 1);
  g_assert_cmpuint (bucket_status (analytics, 0, CCAL_BOOKING_STATUS_CONFIRMED), ==, 2);
  g_assert_cmpuint (bucket_status (analytics, 0, CCAL_BOOKING_STATUS_CANCELLED), ==, 0);
  g_assert_cmpuint (bucket_status (analytics, 1, CCAL_BOOKING_STATUS_CANCELLED), ==, 1);
  g_assert_cmpuint (bucket_status (analytics, 1, CCAL_BOOKING_STATUS_NO_SHOW), ==, 1);
  g_assert_cmpuint (bucket_status (analytics, 1, CCAL_BOOKING_STATUS_COMPLETED), ==, 0);
  g_assert_cmpuint (bucket_status (analytics, 2, CCAL_BOOKING_STATUS_COMPLETED), ==, 1);
  /* The deleted booking counts in no part. */
  g_assert_cmpuint (bucket_status (analytics, 2, CCAL_BOOKING_STATUS_CONFIRMED), ==, 0);
  g_assert_cmpuint (g_array_index (analytics->series, CcalAnalyticsBucket, 2).count, ==, 1);
  for (guint i = 0; i < analytics->series->len; i++)
    {
      const CcalAnalyticsBucket *item = &g_array_index (analytics->series, CcalAnalyticsBucket, i);
      guint sum = 0;

      for (guint s = 0; s < CCAL_N_BOOKING_STATUSES; s++)
        sum += item->by_status[s];
      g_assert_cmpuint (sum, ==, item->count);
    }
}

/* The JSON of each series item carries "by_status" with every status; an answer without it (an
 * older server, an offline copy saved before) still reads, with zeros. */
static void
test_analytics_json_series_by_status (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) analytics = make_sample (bookings);
  g_autoptr(JsonObject) produced = ccal_analytics_to_json (analytics);
  g_autoptr(JsonObject) object = reparse (produced);
  g_autoptr(CcalAnalytics) older = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *series = json_object_get_array_member (object, "series");
  guint n_counted = 0;

  for (guint i = 0; i < json_array_get_length (series); i++)
    {
      JsonObject *entry = json_array_get_object_element (series, i);
      const CcalAnalyticsBucket *item = &g_array_index (analytics->series, CcalAnalyticsBucket, i);
      JsonObject *by_status = json_object_get_object_member (entry, "by_status");

      g_assert_nonnull (by_status);
      g_assert_cmpuint (json_object_get_size (by_status), ==, CCAL_N_BOOKING_STATUSES);
      for (guint s = 0; s < CCAL_N_BOOKING_STATUSES; s++)
        g_assert_cmpint (json_object_get_int_member (by_status, ccal_booking_status_to_string (s)), ==,
                         item->by_status[s]);
      n_counted += item->count;
      json_object_remove_member (entry, "by_status");
    }
  g_assert_cmpuint (n_counted, ==, 3);

  older = ccal_analytics_new_from_json (object, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (older->series->len, ==, analytics->series->len);
  for (guint i = 0; i < older->series->len; i++)
    {
      const CcalAnalyticsBucket *item = &g_array_index (older->series, CcalAnalyticsBucket, i);

      g_assert_cmpuint (item->count, ==, g_array_index (analytics->series, CcalAnalyticsBucket, i).count);
      for (guint s = 0; s < CCAL_N_BOOKING_STATUSES; s++)
        g_assert_cmpuint (item->by_status[s], ==, 0);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/analytics/bucket-strings", test_analytics_bucket_strings);
  g_test_add_func ("/core/analytics/counts", test_analytics_counts);
  g_test_add_func ("/core/analytics/rates-zero-denominators", test_analytics_rates_zero_denominators);
  g_test_add_func ("/core/analytics/lead-time", test_analytics_lead_time);
  g_test_add_func ("/core/analytics/day-buckets-dst", test_analytics_day_buckets_dst);
  g_test_add_func ("/core/analytics/week-buckets", test_analytics_week_buckets);
  g_test_add_func ("/core/analytics/month-buckets", test_analytics_month_buckets);
  g_test_add_func ("/core/analytics/weekday-hour-local", test_analytics_weekday_hour_local);
  g_test_add_func ("/core/analytics/range-half-open", test_analytics_range_half_open);
  g_test_add_func ("/core/analytics/deleted-excluded", test_analytics_deleted_excluded);
  g_test_add_func ("/core/analytics/invalid-input", test_analytics_invalid_input);
  g_test_add_func ("/core/analytics/json-shape", test_analytics_json_shape);
  g_test_add_func ("/core/analytics/json-round-trip", test_analytics_json_round_trip);
  g_test_add_func ("/core/analytics/json-errors", test_analytics_json_errors);
  g_test_add_func ("/core/analytics/series-by-status", test_analytics_series_by_status);
  g_test_add_func ("/core/analytics/json-series-by-status", test_analytics_json_series_by_status);

  return g_test_run ();
}
