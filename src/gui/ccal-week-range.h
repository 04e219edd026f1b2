/* ccal-week-range.h — a run of whole local days (a week, or the six weeks of a month view) in a zone
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ccal-core.h"

G_BEGIN_DECLS

#define CCAL_WEEK_RANGE_MAX_DAYS 42
#define CCAL_MINUTES_PER_DAY     1440

/* The local midnights of each day, so the views place an instant with a binary search and, on the
 * usual 24-hour day, minutes with plain arithmetic. DST days (23 or 25 hours) go through the zone. */
typedef struct
{
  GDate    first;
  guint    n_days;
  char    *tzid;
  gint64   bounds[CCAL_WEEK_RANGE_MAX_DAYS + 1];  /* bounds[i]: the midnight starting day i */
  gboolean regular[CCAL_WEEK_RANGE_MAX_DAYS];     /* day i lasts exactly 24 hours */
} CcalWeekRange;

/* The first day of the week holding @date, weeks starting on @first_weekday (0 = Sunday … 6). */
void     ccal_week_range_week_start     (const GDate         *date,
                                         int                  first_weekday,
                                         GDate               *out_first);

/* An unknown @tzid falls back to UTC. @n_days ≤ CCAL_WEEK_RANGE_MAX_DAYS. */
void     ccal_week_range_init           (CcalWeekRange       *self,
                                         const GDate         *first,
                                         guint                n_days,
                                         const char          *tzid);
void     ccal_week_range_clear          (CcalWeekRange       *self);

gint64   ccal_week_range_get_start      (const CcalWeekRange *self);
gint64   ccal_week_range_get_end        (const CcalWeekRange *self);

/* The day @usec falls on: -1 before the range, n_days after it. */
int      ccal_week_range_find_day       (const CcalWeekRange *self,
                                         gint64               usec);

/* Minutes of wall clock from day @day's midnight to @usec, clamped to 0 … 1440. */
int      ccal_week_range_minute_in_day  (const CcalWeekRange *self,
                                         guint                day,
                                         gint64               usec);

/* The instant @minute (0 … 1440) of day @day shows; in a DST gap the later side. */
gint64   ccal_week_range_instant_at     (const CcalWeekRange *self,
                                         guint                day,
                                         int                  minute);

void     ccal_week_range_get_date       (const CcalWeekRange *self,
                                         guint                day,
                                         GDate               *out_date);

/* Day index of @date (may be negative or ≥ n_days). */
int      ccal_week_range_index_of_date  (const CcalWeekRange *self,
                                         const GDate         *date);

/* The days of the range an occurrence covers, as the views show it: timed ones from the day of their
 * start to the day of their last instant, all-day ones on their own dates. FALSE when it shows on
 * none of them. */
gboolean ccal_week_range_occurrence_days (const CcalWeekRange *self,
                                          CcalOccurrence      *occurrence,
                                          int                 *out_first,
                                          int                 *out_last);

/* Does the week view put @occurrence in its all-day row (all-day, or a day or longer) rather than
 * in the hours grid? Availability windows are always shaded in the grid. */
gboolean ccal_week_occurrence_in_all_day_row (CcalOccurrence  *occurrence);

G_END_DECLS
