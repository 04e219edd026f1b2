/* ccal-analytics.c — booking figures for a range: totals, rates, buckets, weekday × hour
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ccal-analytics.h"
#include "ccal-booking.h"
#include "ccal-time.h"

/* A booking without a product interest is counted under "" in memory. In JSON an empty key reads
 * badly in every client and chart legend, so it is written as "(none)" and read back as "". A real
 * product interest spelt "(none)" therefore merges with the unset ones; that is accepted. */
#define NO_PRODUCT_INTEREST_JSON_KEY "(none)"

/* Enough for 27 years of day buckets; a longer series is almost surely a mistaken range, and each
 * bucket costs a zone lookup, so it is refused rather than computed. */
#define MAX_SERIES_BUCKETS 10000

static const char *const bucket_names[] = { "day", "week", "month" };

const char *
ccal_bucket_to_string (CcalBucket bucket)
{
  g_return_val_if_fail ((guint) bucket < G_N_ELEMENTS (bucket_names), NULL);

  return bucket_names[bucket];
}

gboolean
ccal_bucket_from_string (const char *text,
                         CcalBucket *out_bucket)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (bucket_names); i++)
    {
      if (g_str_equal (text, bucket_names[i]))
        {
          if (out_bucket != NULL)
            *out_bucket = (CcalBucket) i;
          return TRUE;
        }
    }
  return FALSE;
}

static CcalAnalytics *
ccal_analytics_new (void)
{
  CcalAnalytics *self = g_new0 (CcalAnalytics, 1);

  self->series = g_array_new (FALSE, FALSE, sizeof (CcalAnalyticsBucket));
  self->by_product_interest = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return self;
}

void
ccal_analytics_free (CcalAnalytics *analytics)
{
  if (analytics == NULL)
    return;

  g_free (analytics->timezone);
  g_clear_pointer (&analytics->series, g_array_unref);
  g_clear_pointer (&analytics->by_product_interest, g_hash_table_unref);
  g_free (analytics);
}

/* Moves @date back to the first day of its bucket. */
static void
align_to_bucket (GDate      *date,
                 CcalBucket  bucket)
{
  switch (bucket)
    {
    case CCAL_BUCKET_DAY:
      break;
    case CCAL_BUCKET_WEEK:
      /* G_DATE_MONDAY is 1, so this is the number of days since Monday. */
      g_date_subtract_days (date, g_date_get_weekday (date) - G_DATE_MONDAY);
      break;
    case CCAL_BUCKET_MONTH:
      g_date_set_day (date, 1);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
advance_bucket (GDate      *date,
                CcalBucket  bucket)
{
  switch (bucket)
    {
    case CCAL_BUCKET_DAY:
      g_date_add_days (date, 1);
      break;
    case CCAL_BUCKET_WEEK:
      g_date_add_days (date, 7);
      break;
    case CCAL_BUCKET_MONTH:
      g_date_add_months (date, 1);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Every bucket overlapping [from, to), the first one starting at or before @from. Each starts at
 * local midnight of its first day, so a bucket holding a DST change is 23 or 25 hours (times 1, 7 or
 * the month's days) long. */
static gboolean
fill_series (CcalAnalytics  *self,
             GError        **error)
{
  GDate date;
  gint64 start;
  gint64 end;

  if (!ccal_time_to_date (self->from, self->timezone, &date, error))
    return FALSE;
  align_to_bucket (&date, self->bucket);

  for (;;)
    {
      CcalAnalyticsBucket item = { 0 };

      if (!ccal_time_day_bounds (&date, self->timezone, &start, &end, error))
        return FALSE;
      if (start >= self->to)
        break;
      if (self->series->len >= MAX_SERIES_BUCKETS)
        {
          ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "to",
                               "The range holds more than %d %s buckets", MAX_SERIES_BUCKETS,
                               ccal_bucket_to_string (self->bucket));
          return FALSE;
        }

      item.start = start;
      g_array_append_val (self->series, item);
      advance_bucket (&date, self->bucket);
      if (!g_date_valid (&date))
        {
          ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "to", "The range ends past the last known date");
          return FALSE;
        }
    }

  return TRUE;
}

/* The bucket whose start is the last at or before @usec; @usec is never before the first. */
static CcalAnalyticsBucket *
find_bucket (GArray *series,
             gint64  usec)
{
  guint low = 0;
  guint high = series->len;

  /* Invariant: the answer lies in [low, high). */
  while (high - low > 1)
    {
      guint mid = low + (high - low) / 2;

      if (g_array_index (series, CcalAnalyticsBucket, mid).start <= usec)
        low = mid;
      else
        high = mid;
    }
  return &g_array_index (series, CcalAnalyticsBucket, low);
}

CcalAnalytics *
ccal_analytics_compute (GPtrArray   *bookings,
                        gint64       from,
                        gint64       to,
                        CcalBucket   bucket,
                        const char  *tzid,
                        GError     **error)
{
  g_autoptr(CcalAnalytics) self = NULL;
  double lead_time_sum_hours = 0.0;
  guint n_lead_times = 0;
  guint n_completed_or_no_show;

  g_return_val_if_fail (bookings != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The contract makes the zone optional; UTC is the neutral default. */
  if (tzid == NULL)
    tzid = "UTC";

  if ((guint) bucket >= G_N_ELEMENTS (bucket_names))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "bucket", "Unknown bucket %d", (int) bucket);
      return NULL;
    }
  if (to <= from)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "to", "The range must end after it starts");
      return NULL;
    }
  if (!ccal_time_zone_is_known (tzid))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_UNKNOWN_TIMEZONE, "timezone", "Unknown time zone “%s”", tzid);
      return NULL;
    }

  self = ccal_analytics_new ();
  self->from = from;
  self->to = to;
  self->timezone = g_strdup (tzid);
  self->bucket = bucket;

  if (!fill_series (self, error))
    return NULL;

  for (guint i = 0; i < bookings->len; i++)
    {
      CcalBooking *booking = g_ptr_array_index (bookings, i);
      CcalAnalyticsBucket *bucket_item;
      CcalWallClock wall;
      GDate date;
      const char *interest;
      guint count;

      g_return_val_if_fail (CCAL_IS_BOOKING (booking), NULL);
      g_return_val_if_fail ((guint) booking->status < CCAL_N_BOOKING_STATUSES, NULL);
      g_return_val_if_fail ((guint) booking->source < CCAL_N_BOOKING_SOURCES, NULL);

      if (booking->deleted || booking->start_time < from || booking->start_time >= to)
        continue;

      if (!ccal_time_to_wall_clock (booking->start_time, tzid, &wall, error))
        return NULL;

      self->total++;
      self->by_status[booking->status]++;
      self->by_source[booking->source]++;
      bucket_item = find_bucket (self->series, booking->start_time);
      bucket_item->count++;
      bucket_item->by_status[booking->status]++;

      g_date_clear (&date, 1);
      g_date_set_dmy (&date, wall.day, wall.month, wall.year);
      self->by_weekday_hour[g_date_get_weekday (&date) - G_DATE_MONDAY][wall.hour]++;

      /* created_at 0 means the booking came without one (an old export, a hand-made object). Staff
       * may enter a booking after it happened, so a lead time can be negative; it is kept as it is. */
      if (booking->created_at != 0)
        {
          lead_time_sum_hours += (double) (booking->start_time - booking->created_at) / CCAL_USEC_PER_HOUR;
          n_lead_times++;
        }

      interest = booking->product_interest != NULL ? booking->product_interest : "";
      count = GPOINTER_TO_UINT (g_hash_table_lookup (self->by_product_interest, interest));
      g_hash_table_insert (self->by_product_interest, g_strdup (interest), GUINT_TO_POINTER (count + 1));
    }

  if (self->total > 0)
    self->cancellation_rate = (double) self->by_status[CCAL_BOOKING_STATUS_CANCELLED] / self->total;

  n_completed_or_no_show = self->by_status[CCAL_BOOKING_STATUS_COMPLETED] +
                           self->by_status[CCAL_BOOKING_STATUS_NO_SHOW];
  if (n_completed_or_no_show > 0)
    self->no_show_rate = (double) self->by_status[CCAL_BOOKING_STATUS_NO_SHOW] / n_completed_or_no_show;

  if (n_lead_times > 0)
    self->avg_lead_time_hours = lead_time_sum_hours / n_lead_times;

  return g_steal_pointer (&self);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

JsonObject *
ccal_analytics_to_json (const CcalAnalytics *analytics)
{
  JsonObject *object;
  JsonObject *by_status;
  JsonObject *by_source;
  JsonObject *by_interest;
  JsonArray *series;
  JsonArray *by_weekday_hour;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree const char **interests = NULL;
  guint n_interests = 0;

  g_return_val_if_fail (analytics != NULL, NULL);

  object = json_object_new ();
  from = ccal_time_format_rfc3339 (analytics->from);
  to = ccal_time_format_rfc3339 (analytics->to);
  json_object_set_string_member (object, "from", from);
  json_object_set_string_member (object, "to", to);
  json_object_set_string_member (object, "timezone", analytics->timezone);
  json_object_set_string_member (object, "bucket", ccal_bucket_to_string (analytics->bucket));
  json_object_set_int_member (object, "total", analytics->total);

  by_status = json_object_new ();
  for (guint i = 0; i < CCAL_N_BOOKING_STATUSES; i++)
    json_object_set_int_member (by_status, ccal_booking_status_to_string (i), analytics->by_status[i]);
  json_object_set_object_member (object, "by_status", by_status);

  by_source = json_object_new ();
  for (guint i = 0; i < CCAL_N_BOOKING_SOURCES; i++)
    json_object_set_int_member (by_source, ccal_booking_source_to_string (i), analytics->by_source[i]);
  json_object_set_object_member (object, "by_source", by_source);

  series = json_array_new ();
  for (guint i = 0; analytics->series != NULL && i < analytics->series->len; i++)
    {
      const CcalAnalyticsBucket *item = &g_array_index (analytics->series, CcalAnalyticsBucket, i);
      g_autofree char *start = ccal_time_format_rfc3339 (item->start);
      JsonObject *entry = json_object_new ();
      JsonObject *entry_by_status = json_object_new ();

      json_object_set_string_member (entry, "start", start);
      json_object_set_int_member (entry, "count", item->count);
      for (guint s = 0; s < CCAL_N_BOOKING_STATUSES; s++)
        json_object_set_int_member (entry_by_status, ccal_booking_status_to_string (s), item->by_status[s]);
      json_object_set_object_member (entry, "by_status", entry_by_status);
      json_array_add_object_element (series, entry);
    }
  json_object_set_array_member (object, "series", series);

  by_weekday_hour = json_array_new ();
  for (guint day = 0; day < 7; day++)
    {
      JsonArray *hours = json_array_new ();

      for (guint hour = 0; hour < 24; hour++)
        json_array_add_int_element (hours, analytics->by_weekday_hour[day][hour]);
      json_array_add_array_element (by_weekday_hour, hours);
    }
  json_object_set_array_member (object, "by_weekday_hour", by_weekday_hour);

  json_object_set_double_member (object, "cancellation_rate", analytics->cancellation_rate);
  json_object_set_double_member (object, "no_show_rate", analytics->no_show_rate);
  json_object_set_double_member (object, "avg_lead_time_hours", analytics->avg_lead_time_hours);

  /* Sorted keys, so the same figures always give the same document. */
  by_interest = json_object_new ();
  if (analytics->by_product_interest != NULL)
    interests = (const char **) g_hash_table_get_keys_as_array (analytics->by_product_interest, &n_interests);
  if (interests != NULL)
    g_qsort_with_data (interests, n_interests, sizeof (char *), compare_strings, NULL);
  for (guint i = 0; i < n_interests; i++)
    {
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (analytics->by_product_interest, interests[i]));
      const char *key = interests[i][0] != '\0' ? interests[i] : NO_PRODUCT_INTEREST_JSON_KEY;

      if (json_object_has_member (by_interest, key))
        count += json_object_get_int_member (by_interest, key);
      json_object_set_int_member (by_interest, key, count);
    }
  json_object_set_object_member (object, "by_product_interest", by_interest);

  return object;
}

/* Reading back: every field is required, and an error names the one that is wrong, with its path
 * ("by_status.no_show", "series[3].start", "by_weekday_hour[0][23]"). */

static JsonNode *
get_member (JsonObject  *object,
            const char  *name,
            const char  *field,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL)
    ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "“%s” is missing", field);
  return node;
}

static gboolean
read_count (JsonNode    *node,
            const char  *field,
            guint       *out_count,
            GError     **error)
{
  gint64 value;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "“%s” must be a whole number", field);
      return FALSE;
    }
  value = json_node_get_int (node);
  if (value < 0 || value > G_MAXUINT)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "“%s” is out of range", field);
      return FALSE;
    }
  *out_count = (guint) value;
  return TRUE;
}

static gboolean
read_count_member (JsonObject  *object,
                   const char  *name,
                   const char  *field,
                   guint       *out_count,
                   GError     **error)
{
  JsonNode *node = get_member (object, name, field, error);

  return node != NULL && read_count (node, field, out_count, error);
}

static const char *
read_string_member (JsonObject  *object,
                    const char  *name,
                    GError     **error)
{
  JsonNode *node = get_member (object, name, name, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, name, "“%s” must be a string", name);
      return NULL;
    }
  return json_node_get_string (node);
}

static gboolean
read_time_member (JsonObject  *object,
                  const char  *name,
                  const char  *field,
                  gint64      *out_usec,
                  GError     **error)
{
  JsonNode *node = get_member (object, name, field, error);

  if (node == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "“%s” must be an RFC 3339 time", field);
      return FALSE;
    }
  return ccal_time_parse_rfc3339 (json_node_get_string (node), field, out_usec, error);
}

static gboolean
read_number_member (JsonObject  *object,
                    const char  *name,
                    double      *out_value,
                    GError     **error)
{
  JsonNode *node = get_member (object, name, name, error);
  GType type;

  if (node == NULL)
    return FALSE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_DOUBLE)
    *out_value = json_node_get_double (node);
  else if (type == G_TYPE_INT64)
    *out_value = (double) json_node_get_int (node);
  else
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, name, "“%s” must be a number", name);
      return FALSE;
    }
  if (!isfinite (*out_value))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, name, "“%s” must be a finite number", name);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
read_object_member (JsonObject  *object,
                    const char  *name,
                    GError     **error)
{
  JsonNode *node = get_member (object, name, name, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, name, "“%s” must be an object", name);
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
read_array (JsonNode    *node,
            const char  *field,
            guint        expected_length,
            GError     **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "“%s” must be an array", field);
      return NULL;
    }
  array = json_node_get_array (node);
  if (expected_length != 0 && json_array_get_length (array) != expected_length)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "“%s” must have %u entries", field,
                           expected_length);
      return NULL;
    }
  return array;
}

/* "by_status" of a series item came later than "start" and "count": an answer without it (an older
 * server, an offline copy saved before) is read with zeros. Where it is present it must be whole and
 * add up to the item's count, else a chart stacked by status would contradict its own totals. */
static gboolean
read_bucket_by_status (JsonObject           *entry,
                       guint                 index,
                       CcalAnalyticsBucket  *item,
                       GError              **error)
{
  g_autofree char *field = g_strdup_printf ("series[%u].by_status", index);
  JsonNode *node = json_object_get_member (entry, "by_status");
  JsonObject *by_status;
  guint64 sum = 0;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "“%s” must be an object", field);
      return FALSE;
    }
  by_status = json_node_get_object (node);
  for (guint s = 0; s < CCAL_N_BOOKING_STATUSES; s++)
    {
      const char *name = ccal_booking_status_to_string (s);
      g_autofree char *status_field = g_strdup_printf ("%s.%s", field, name);

      if (!read_count_member (by_status, name, status_field, &item->by_status[s], error))
        return FALSE;
      sum += item->by_status[s];
    }
  if (sum != item->count)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "“%s” must add up to the count %u", field,
                           item->count);
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_series (CcalAnalytics  *self,
             JsonObject     *object,
             GError        **error)
{
  JsonNode *node = get_member (object, "series", "series", error);
  JsonArray *array;

  if (node == NULL || (array = read_array (node, "series", 0, error)) == NULL)
    return FALSE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *field = g_strdup_printf ("series[%u]", i);
      g_autofree char *start_field = g_strdup_printf ("series[%u].start", i);
      g_autofree char *count_field = g_strdup_printf ("series[%u].count", i);
      CcalAnalyticsBucket item = { 0 };
      JsonObject *entry;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "“%s” must be an object", field);
          return FALSE;
        }
      entry = json_node_get_object (element);
      if (!read_time_member (entry, "start", start_field, &item.start, error) ||
          !read_count_member (entry, "count", count_field, &item.count, error) ||
          !read_bucket_by_status (entry, i, &item, error))
        return FALSE;
      g_array_append_val (self->series, item);
    }
  return TRUE;
}

static gboolean
read_weekday_hour (CcalAnalytics  *self,
                   JsonObject     *object,
                   GError        **error)
{
  JsonNode *node = get_member (object, "by_weekday_hour", "by_weekday_hour", error);
  JsonArray *days;

  if (node == NULL || (days = read_array (node, "by_weekday_hour", 7, error)) == NULL)
    return FALSE;

  for (guint day = 0; day < 7; day++)
    {
      g_autofree char *day_field = g_strdup_printf ("by_weekday_hour[%u]", day);
      JsonArray *hours = read_array (json_array_get_element (days, day), day_field, 24, error);

      if (hours == NULL)
        return FALSE;
      for (guint hour = 0; hour < 24; hour++)
        {
          g_autofree char *field = g_strdup_printf ("by_weekday_hour[%u][%u]", day, hour);

          if (!read_count (json_array_get_element (hours, hour), field, &self->by_weekday_hour[day][hour], error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
read_product_interest (CcalAnalytics  *self,
                       JsonObject     *object,
                       GError        **error)
{
  JsonObject *by_interest = read_object_member (object, "by_product_interest", error);
  g_autoptr(GList) names = NULL;

  if (by_interest == NULL)
    return FALSE;

  names = json_object_get_members (by_interest);
  for (const GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      g_autofree char *field = g_strdup_printf ("by_product_interest.%s", name);
      const char *key = g_str_equal (name, NO_PRODUCT_INTEREST_JSON_KEY) ? "" : name;
      guint count;

      if (!read_count (json_object_get_member (by_interest, name), field, &count, error))
        return FALSE;
      /* "(none)" and a stray "" both mean unset: add them up rather than keep one. */
      count += GPOINTER_TO_UINT (g_hash_table_lookup (self->by_product_interest, key));
      g_hash_table_insert (self->by_product_interest, g_strdup (key), GUINT_TO_POINTER (count));
    }
  return TRUE;
}

CcalAnalytics *
ccal_analytics_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(CcalAnalytics) self = NULL;
  JsonObject *by_status;
  JsonObject *by_source;
  const char *tzid;
  const char *bucket;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = ccal_analytics_new ();

  if (!read_time_member (object, "from", "from", &self->from, error) ||
      !read_time_member (object, "to", "to", &self->to, error))
    return NULL;
  if (self->to <= self->from)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "to", "The range must end after it starts");
      return NULL;
    }

  if ((tzid = read_string_member (object, "timezone", error)) == NULL)
    return NULL;
  if (!ccal_time_zone_is_known (tzid))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_UNKNOWN_TIMEZONE, "timezone", "Unknown time zone “%s”", tzid);
      return NULL;
    }
  self->timezone = g_strdup (tzid);

  if ((bucket = read_string_member (object, "bucket", error)) == NULL)
    return NULL;
  if (!ccal_bucket_from_string (bucket, &self->bucket))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "bucket", "Unknown bucket “%s”", bucket);
      return NULL;
    }

  if (!read_count_member (object, "total", "total", &self->total, error))
    return NULL;

  if ((by_status = read_object_member (object, "by_status", error)) == NULL)
    return NULL;
  for (guint i = 0; i < CCAL_N_BOOKING_STATUSES; i++)
    {
      const char *name = ccal_booking_status_to_string (i);
      g_autofree char *field = g_strdup_printf ("by_status.%s", name);

      if (!read_count_member (by_status, name, field, &self->by_status[i], error))
        return NULL;
    }

  if ((by_source = read_object_member (object, "by_source", error)) == NULL)
    return NULL;
  for (guint i = 0; i < CCAL_N_BOOKING_SOURCES; i++)
    {
      const char *name = ccal_booking_source_to_string (i);
      g_autofree char *field = g_strdup_printf ("by_source.%s", name);

      if (!read_count_member (by_source, name, field, &self->by_source[i], error))
        return NULL;
    }

  if (!read_series (self, object, error) ||
      !read_weekday_hour (self, object, error) ||
      !read_number_member (object, "cancellation_rate", &self->cancellation_rate, error) ||
      !read_number_member (object, "no_show_rate", &self->no_show_rate, error) ||
      !read_number_member (object, "avg_lead_time_hours", &self->avg_lead_time_hours, error) ||
      !read_product_interest (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}
