/* ccal-week-range.c — a run of whole local days (a week, or the six weeks of a month view) in a zone
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include "ccal-week-range.h"

void
ccal_week_range_week_start (const GDate *date,
                            int          first_weekday,
                            GDate       *out_first)
{
  int weekday;

  g_return_if_fail (date != NULL && g_date_valid (date));

  /* GDate counts Monday 1 … Sunday 7; the property counts Sunday 0 … Saturday 6. */
  weekday = g_date_get_weekday (date) % 7;
  *out_first = *date;
  g_date_subtract_days (out_first, (guint) ((weekday - first_weekday + 7) % 7));
}

void
ccal_week_range_init (CcalWeekRange *self,
                      const GDate   *first,
                      guint          n_days,
                      const char    *tzid)
{
  g_return_if_fail (first != NULL && g_date_valid (first));
  g_return_if_fail (n_days >= 1 && n_days <= CCAL_WEEK_RANGE_MAX_DAYS);

  g_free (self->tzid);
  self->tzid = g_strdup (tzid != NULL && ccal_time_zone_is_known (tzid) ? tzid : "UTC");
  self->first = *first;
  self->n_days = n_days;

  for (guint i = 0; i <= n_days; i++)
    {
      GDate day = *first;
      gint64 end;

      g_date_add_days (&day, i);
      if (!ccal_time_day_bounds (&day, self->tzid, &self->bounds[i], &end, NULL))
        /* Not expected for a known zone; keep the range usable. */
        self->bounds[i] = i > 0 ? self->bounds[i - 1] + CCAL_USEC_PER_DAY : 0;
    }
  for (guint i = 0; i < n_days; i++)
    self->regular[i] = self->bounds[i + 1] - self->bounds[i] == CCAL_USEC_PER_DAY;
}

void
ccal_week_range_clear (CcalWeekRange *self)
{
  g_clear_pointer (&self->tzid, g_free);
}

gint64
ccal_week_range_get_start (const CcalWeekRange *self)
{
  return self->bounds[0];
}

gint64
ccal_week_range_get_end (const CcalWeekRange *self)
{
  return self->bounds[self->n_days];
}

int
ccal_week_range_find_day (const CcalWeekRange *self,
                          gint64               usec)
{
  guint low = 0;
  guint high = self->n_days;

  if (usec < self->bounds[0])
    return -1;
  if (usec >= self->bounds[self->n_days])
    return (int) self->n_days;

  /* bounds[low] <= usec < bounds[high] */
  while (high - low > 1)
    {
      guint middle = (low + high) / 2;

      if (self->bounds[middle] <= usec)
        low = middle;
      else
        high = middle;
    }
  return (int) low;
}

int
ccal_week_range_minute_in_day (const CcalWeekRange *self,
                               guint                day,
                               gint64               usec)
{
  CcalWallClock wall;

  g_return_val_if_fail (day < self->n_days, 0);

  if (usec <= self->bounds[day])
    return 0;
  if (usec >= self->bounds[day + 1])
    return CCAL_MINUTES_PER_DAY;
  if (self->regular[day])
    return (int) ((usec - self->bounds[day]) / CCAL_USEC_PER_MINUTE);

  /* A DST day: the grid shows wall-clock hours, as every calendar does. */
  if (!ccal_time_to_wall_clock (usec, self->tzid, &wall, NULL))
    return (int) MIN ((usec - self->bounds[day]) / CCAL_USEC_PER_MINUTE, CCAL_MINUTES_PER_DAY);
  return wall.hour * 60 + wall.minute;
}

gint64
ccal_week_range_instant_at (const CcalWeekRange *self,
                            guint                day,
                            int                  minute)
{
  CcalWallClock wall = { 0 };
  GDate date;
  gint64 usec;

  g_return_val_if_fail (day < self->n_days, 0);

  minute = CLAMP (minute, 0, CCAL_MINUTES_PER_DAY);
  if (minute == CCAL_MINUTES_PER_DAY)
    return self->bounds[day + 1];
  if (self->regular[day])
    return self->bounds[day] + minute * CCAL_USEC_PER_MINUTE;

  ccal_week_range_get_date (self, day, &date);
  wall.year = g_date_get_year (&date);
  wall.month = g_date_get_month (&date);
  wall.day = g_date_get_day (&date);
  wall.hour = minute / 60;
  wall.minute = minute % 60;
  if (!ccal_time_from_wall_clock (&wall, self->tzid, &usec, NULL))
    return self->bounds[day] + minute * CCAL_USEC_PER_MINUTE;
  return usec;
}

void
ccal_week_range_get_date (const CcalWeekRange *self,
                          guint                day,
                          GDate               *out_date)
{
  *out_date = self->first;
  g_date_add_days (out_date, day);
}

int
ccal_week_range_index_of_date (const CcalWeekRange *self,
                               const GDate         *date)
{
  return (int) ((gint64) g_date_get_julian (date) - (gint64) g_date_get_julian (&self->first));
}

gboolean
ccal_week_range_occurrence_days (const CcalWeekRange *self,
                                 CcalOccurrence      *occurrence,
                                 int                 *out_first,
                                 int                 *out_last)
{
  int first, last;

  if (occurrence->all_day)
    {
      GDate date;
      guint n_days = 1;

      if (!ccal_occurrence_get_all_day_dates (occurrence, &date, &n_days, NULL))
        return FALSE;
      first = ccal_week_range_index_of_date (self, &date);
      last = first + (int) MIN (n_days, 10000) - 1;
    }
  else
    {
      gint64 last_instant = MAX (occurrence->start, occurrence->end - 1);

      if (last_instant < self->bounds[0] || occurrence->start >= self->bounds[self->n_days])
        return FALSE;
      first = ccal_week_range_find_day (self, occurrence->start);
      last = ccal_week_range_find_day (self, last_instant);
    }

  if (last < 0 || first >= (int) self->n_days)
    return FALSE;
  *out_first = MAX (first, 0);
  *out_last = MIN (last, (int) self->n_days - 1);
  return TRUE;
}

gboolean
ccal_week_occurrence_in_all_day_row (CcalOccurrence *occurrence)
{
  if (occurrence->event_type == CCAL_EVENT_TYPE_AVAILABILITY && occurrence->kind == CCAL_OCCURRENCE_EVENT)
    return FALSE;
  return occurrence->all_day || occurrence->end - occurrence->start >= CCAL_USEC_PER_DAY;
}
