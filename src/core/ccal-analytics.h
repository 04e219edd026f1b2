/* ccal-analytics.h — booking figures for a range: totals, rates, buckets, weekday × hour
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "ccal-core-types.h"

G_BEGIN_DECLS

typedef enum
{
  CCAL_BUCKET_DAY,
  CCAL_BUCKET_WEEK,   /* weeks start on Monday in the report's zone */
  CCAL_BUCKET_MONTH,
} CcalBucket;

const char *ccal_bucket_to_string   (CcalBucket  bucket);
gboolean    ccal_bucket_from_string (const char *text,
                                     CcalBucket *out_bucket);

typedef struct
{
  gint64 start;                               /* bucket start (local midnight in the zone), µs UTC */
  guint  count;
  guint  by_status[CCAL_N_BOOKING_STATUSES];  /* the bucket's count per status; they add up to count.
                                               * All 0 when read from an answer without them. */
} CcalAnalyticsBucket;

typedef struct
{
  gint64      from;
  gint64      to;
  char       *timezone;
  CcalBucket  bucket;
  guint       total;
  guint       by_status[CCAL_N_BOOKING_STATUSES];
  guint       by_source[CCAL_N_BOOKING_SOURCES];
  GArray     *series;                 /* CcalAnalyticsBucket, every bucket in range, zeros included */
  guint       by_weekday_hour[7][24]; /* [0] = Monday, local time of the booking's start */
  double      cancellation_rate;      /* cancelled / total (0 when total is 0) */
  double      no_show_rate;           /* no_show / (completed + no_show) (0 when none) */
  double      avg_lead_time_hours;    /* mean of start − created_at over the counted bookings */
  GHashTable *by_product_interest;    /* char* → GUINT_TO_POINTER(count); unset is "" */
} CcalAnalytics;

/* Counts the CcalBookings of @bookings whose start lies in [@from, @to), deleted ones excluded,
 * bucketed on the wall clock of @tzid. */
CcalAnalytics *ccal_analytics_compute       (GPtrArray      *bookings,
                                             gint64          from,
                                             gint64          to,
                                             CcalBucket      bucket,
                                             const char     *tzid,
                                             GError        **error);
void           ccal_analytics_free          (CcalAnalytics  *analytics);

/* The contract's /analytics/bookings answer, and back (for the app's offline copy). */
JsonObject    *ccal_analytics_to_json       (const CcalAnalytics *analytics);
CcalAnalytics *ccal_analytics_new_from_json (JsonObject     *object,
                                             GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalAnalytics, ccal_analytics_free)

G_END_DECLS
