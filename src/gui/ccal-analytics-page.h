/* ccal-analytics-page.h — the Admin Dashboard's analytics: KPI tiles and four charts for a range
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For a range (this week, this month, the last 90 days, or custom days) and a bucket (day, week,
 * month) the page asks the server GET /api/calendar/analytics/bookings and shows the total,
 * confirmed, cancellation and no-show rates and the average lead time, bookings over time stacked
 * by status, a status donut, a weekday × hour heatmap and bookings by product interest.
 *
 * The last answer and the request it answered are kept in the account's cache (meta key
 * CCAL_CACHE_META_ANALYTICS, a JSON object {"request": {"range", "from", "to", "bucket",
 * "timezone"}, "fetched_at", "analytics"}), so a start without the server shows them, marked
 * "offline" with the time they were fetched. Errors are shown in words above the figures.
 *
 * Actions (on the page): "analytics.refresh", "analytics.export-csv" (a file chooser, then
 * ccal_analytics_page_write_csv ()), "analytics.save-png" with a string target naming the chart
 * ("series", "status", "heatmap", "product-interest"; a file chooser, then
 * ccal_analytics_page_write_png ()).
 */
#pragma once

#include <adwaita.h>

#include "ccal-account.h"
#include "ccal-analytics.h"

G_BEGIN_DECLS

typedef enum
{
  CCAL_ANALYTICS_RANGE_THIS_WEEK,     /* Monday to Sunday, this week */
  CCAL_ANALYTICS_RANGE_THIS_MONTH,
  CCAL_ANALYTICS_RANGE_LAST_90_DAYS,  /* 89 days ago to today, both included */
  CCAL_ANALYTICS_RANGE_CUSTOM,        /* ccal_analytics_page_set_custom_days () */
} CcalAnalyticsRange;

#define CCAL_TYPE_ANALYTICS_PAGE (ccal_analytics_page_get_type ())
G_DECLARE_FINAL_TYPE (CcalAnalyticsPage, ccal_analytics_page, CCAL, ANALYTICS_PAGE, AdwBin)

/* Shows the cached figures at once (if any), then fetches this week's (or the cached request's range). */
GtkWidget           *ccal_analytics_page_new             (CcalAccount         *account);

/* The zone ranges and buckets are counted in (property "timezone"); default the system's. A change
 * fetches again. */
const char          *ccal_analytics_page_get_timezone    (CcalAnalyticsPage   *self);
void                 ccal_analytics_page_set_timezone    (CcalAnalyticsPage   *self,
                                                          const char          *tzid);

/* Changing the range or the bucket fetches again (a range preset also picks its usual bucket). */
CcalAnalyticsRange   ccal_analytics_page_get_range       (CcalAnalyticsPage   *self);
void                 ccal_analytics_page_set_range       (CcalAnalyticsPage   *self,
                                                          CcalAnalyticsRange   range);
/* Selects CCAL_ANALYTICS_RANGE_CUSTOM from @first to @last (days, both included). */
void                 ccal_analytics_page_set_custom_days (CcalAnalyticsPage   *self,
                                                          const GDate         *first,
                                                          const GDate         *last);
CcalBucket           ccal_analytics_page_get_bucket      (CcalAnalyticsPage   *self);
void                 ccal_analytics_page_set_bucket      (CcalAnalyticsPage   *self,
                                                          CcalBucket           bucket);

/* Asks the server again ("analytics.refresh"). */
void                 ccal_analytics_page_refresh         (CcalAnalyticsPage   *self);

/* The figures shown, or NULL. */
const CcalAnalytics *ccal_analytics_page_get_analytics   (CcalAnalyticsPage   *self);
/* TRUE while a request runs (property "busy"). */
gboolean             ccal_analytics_page_get_busy        (CcalAnalyticsPage   *self);
/* TRUE when the figures shown are the cached copy because the server could not be reached
 * (property "offline"). */
gboolean             ccal_analytics_page_get_offline     (CcalAnalyticsPage   *self);
/* The line above the figures: when they were fetched, "offline", or what went wrong. */
const char          *ccal_analytics_page_get_status_text (CcalAnalyticsPage   *self);
/* A KPI tile's value as shown: "total", "confirmed", "cancellation-rate", "no-show-rate", "lead-time". */
const char          *ccal_analytics_page_get_kpi_text    (CcalAnalyticsPage   *self,
                                                          const char          *kpi);
/* A chart by the names "analytics.save-png" takes. */
GtkWidget           *ccal_analytics_page_get_chart       (CcalAnalyticsPage   *self,
                                                          const char          *name);

/* Renders @chart (shown, so it has a size) as it looks now, on its style's background, as a PNG of
 * its size into @file. */
gboolean             ccal_analytics_page_write_png       (GtkWidget           *chart,
                                                          GFile               *file,
                                                          GError             **error);
/* The figures as CSV: a table of the totals, one of the buckets by status, the weekday × hour
 * counts and the product interests, separated by empty lines. */
gboolean             ccal_analytics_page_write_csv       (const CcalAnalytics *analytics,
                                                          GFile               *file,
                                                          GError             **error);

G_END_DECLS
