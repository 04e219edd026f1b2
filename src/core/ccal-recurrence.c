/* ccal-recurrence.c — RRULE expansion in an event's zone (libical-glib)
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ccal-ical-private.h"
#include "ccal-recurrence.h"
#include "ccal-time.h"

/* An expansion that walks this many occurrences is refused rather than left to eat a server thread
 * (FREQ=SECONDLY from years back, say). A weekly rule over 50 years is about 2,600. */
#define MAX_ITERATIONS 100000

/* Wall time and UTC are never further apart than this, DST gaps included. */
#define WALL_SLACK_SECONDS (2 * 86400)

/* libical wants the bare value; an "RRULE:" prefix, as in a pasted iCalendar line, is accepted. */
static const char *
skip_rrule_prefix (const char *rrule)
{
  if (g_ascii_strncasecmp (rrule, "RRULE:", 6) == 0)
    return rrule + 6;
  return rrule;
}

static ICalRecurrence *
parse_rrule (const char *rrule,
             const char *field,
             GError    **error)
{
  g_autoptr(ICalRecurrence) recurrence = NULL;
  const char *value;
  ICalErrorEnum parse_error;

  if (rrule == NULL || *rrule == '\0')
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "A recurrence rule needs at least FREQ");
      return NULL;
    }

  value = skip_rrule_prefix (rrule);

  /* libical reports what it could not read only through its (per-thread) errno. */
  i_cal_error_clear_errno ();
  recurrence = i_cal_recurrence_new_from_string (value);
  parse_error = i_cal_errno_return ();
  i_cal_error_clear_errno ();

  if (recurrence == NULL || parse_error != I_CAL_NO_ERROR)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "“%.100s” is not a recurrence rule", rrule);
      return NULL;
    }

  if (i_cal_recurrence_get_freq (recurrence) == I_CAL_NO_RECURRENCE)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field,
                           "The recurrence rule “%.100s” has no FREQ (such as FREQ=WEEKLY)", rrule);
      return NULL;
    }

  return g_steal_pointer (&recurrence);
}

gboolean
ccal_recurrence_validate (const char *rrule,
                          const char *field,
                          GError    **error)
{
  g_autoptr(ICalRecurrence) recurrence = parse_rrule (rrule, field, error);

  return recurrence != NULL;
}

static int
compare_instants (gconstpointer a,
                  gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  const CcalInterval *x = a;
  const CcalInterval *y = b;

  if (x->start != y->start)
    return (x->start > y->start) - (x->start < y->start);
  return (x->end > y->end) - (x->end < y->end);
}

/* The last instant UNTIL allows, inclusive. A DATE means through the end of that local day; a time
 * without Z is a wall time in the event's zone (RFC 5545 wants it to match DTSTART, which is local). */
static gboolean
until_to_instant (ICalTime   *until,
                  const char *tzid,
                  gint64     *out_until,
                  GError    **error)
{
  CcalWallClock wall = { 0 };

  i_cal_time_get_date (until, &wall.year, &wall.month, &wall.day);

  if (i_cal_time_is_date (until))
    {
      GDate date;
      gint64 day_start, day_end;

      if (!g_date_valid_dmy (wall.day, wall.month, wall.year))
        goto invalid;
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, wall.day, wall.month, wall.year);
      if (!ccal_time_day_bounds (&date, tzid, &day_start, &day_end, error))
        return FALSE;
      *out_until = day_end - 1;
      return TRUE;
    }

  i_cal_time_get_time (until, &wall.hour, &wall.minute, &wall.second);
  if (i_cal_time_is_utc (until))
    {
      g_autoptr(GDateTime) utc = g_date_time_new_utc (wall.year, wall.month, wall.day, wall.hour, wall.minute,
                                                     wall.second);

      if (utc == NULL)
        goto invalid;
      *out_until = g_date_time_to_unix (utc) * CCAL_USEC_PER_SECOND;
      return TRUE;
    }

  return ccal_time_from_wall_clock (&wall, tzid, out_until, error);

invalid:
  ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "rrule", "The recurrence rule's UNTIL is not a valid time");
  return FALSE;
}

/* Does [start, start + duration) overlap [range_start, range_end)? A zero-length occurrence counts
 * when it lies inside the range. */
static gboolean
overlaps_range (gint64 start,
                gint64 duration,
                gint64 range_start,
                gint64 range_end)
{
  if (start >= range_end)
    return FALSE;
  return duration > 0 ? start + duration > range_start : start >= range_start;
}

static gboolean
is_excluded (gint64        start,
             const gint64 *sorted_exdates,
             gsize         n_exdates)
{
  return n_exdates > 0 && bsearch (&start, sorted_exdates, n_exdates, sizeof (gint64), compare_instants) != NULL;
}

/* What one expansion needs while walking occurrences, whichever way they are generated. */
typedef struct
{
  const char   *tzid;
  gint64        duration;
  gint64        range_start;
  gint64        range_end;
  gint64        until;           /* inclusive; G_MAXINT64 without UNTIL */
  gint64        sub_second;      /* DTSTART's microseconds within its second, kept by every occurrence */
  gint64        skip_before;     /* wall time (naive seconds) before which nothing can reach the range */
  gint64        stop_after;      /* wall time after which nothing can start in range or before UNTIL */
  const gint64 *exdates;         /* sorted */
  gsize         n_exdates;
  GArray       *out;
  gint64        previous_start;
  gboolean      unsorted;
} Expansion;

typedef enum
{
  ADD_CONTINUE,
  ADD_STOP,
  ADD_FAILED,
} AddResult;

/* Places one occurrence (a wall reading in the event's zone) in UTC and keeps it if it is wanted. */
static AddResult
expansion_add (Expansion           *self,
               const CcalWallClock *wall,
               gint64               naive,
               GError             **error)
{
  CcalInterval occurrence;
  gint64 start;

  if (naive < self->skip_before)
    return ADD_CONTINUE;
  if (naive > self->stop_after)
    return ADD_STOP;

  if (!ccal_time_from_wall_clock (wall, self->tzid, &start, error))
    return ADD_FAILED;
  start += self->sub_second;

  /* A later wall time can still map earlier (a DST gap), so UNTIL and the range end skip rather than
   * stop; stop_after ends the walk. */
  if (start > self->until || !overlaps_range (start, self->duration, self->range_start, self->range_end)
      || is_excluded (start, self->exdates, self->n_exdates))
    return ADD_CONTINUE;

  occurrence.start = start;
  occurrence.end = start + self->duration;
  self->unsorted |= start < self->previous_start;
  self->previous_start = start;
  g_array_append_val (self->out, occurrence);
  return ADD_CONTINUE;
}

static void
wall_set_julian (CcalWallClock *wall,
                 guint32        julian)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, julian);
  wall->year = g_date_get_year (&date);
  wall->month = g_date_get_month (&date);
  wall->day = g_date_get_day (&date);
}

/* GDate's Julian day of 1970-01-01, to turn days into naive seconds. */
#define JULIAN_EPOCH 719163

static gint64
julian_naive_seconds (gint64 julian,
                      int    seconds_of_day)
{
  return (julian - JULIAN_EPOCH) * 86400 + seconds_of_day;
}

/* The rules almost every booking calendar uses: DAILY or WEEKLY with plain weekdays in BYDAY,
 * INTERVAL, COUNT and WKST. */
typedef struct
{
  gboolean weekly;
  int      interval;
  int      count;       /* 0: unbounded */
  guint    day_mask;    /* bit (1 << GDateWeekday); 0 means every day */
  int      week_start;  /* GDateWeekday */
} SimpleRule;

static GDateWeekday
weekday_from_ical (ICalRecurrenceWeekday day)
{
  return day == I_CAL_SUNDAY_WEEKDAY ? G_DATE_SUNDAY : (GDateWeekday) (day - 1);
}

static gboolean
by_part_is_empty (gshort first)
{
  return first == I_CAL_RECURRENCE_ARRAY_MAX;
}

static gboolean
simple_rule_from_recurrence (ICalRecurrence *recurrence,
                             const char     *rrule,
                             SimpleRule     *out)
{
  ICalRecurrenceFrequency freq = i_cal_recurrence_get_freq (recurrence);

  if (freq != I_CAL_DAILY_RECURRENCE && freq != I_CAL_WEEKLY_RECURRENCE)
    return FALSE;
  /* Non-Gregorian calendars and their SKIP are libical's business. */
  {
    g_autofree char *lower = g_ascii_strdown (rrule, -1);

    if (strstr (lower, "rscale") != NULL)
      return FALSE;
  }
  if (!by_part_is_empty (i_cal_recurrence_get_by_second (recurrence, 0))
      || !by_part_is_empty (i_cal_recurrence_get_by_minute (recurrence, 0))
      || !by_part_is_empty (i_cal_recurrence_get_by_hour (recurrence, 0))
      || !by_part_is_empty (i_cal_recurrence_get_by_month_day (recurrence, 0))
      || !by_part_is_empty (i_cal_recurrence_get_by_year_day (recurrence, 0))
      || !by_part_is_empty (i_cal_recurrence_get_by_week_no (recurrence, 0))
      || !by_part_is_empty (i_cal_recurrence_get_by_month (recurrence, 0))
      || !by_part_is_empty (i_cal_recurrence_get_by_set_pos (recurrence, 0)))
    return FALSE;

  out->weekly = freq == I_CAL_WEEKLY_RECURRENCE;
  out->interval = MAX (1, i_cal_recurrence_get_interval (recurrence));
  out->count = MAX (0, i_cal_recurrence_get_count (recurrence));
  out->week_start = i_cal_recurrence_get_week_start (recurrence) == I_CAL_NO_WEEKDAY
                      ? G_DATE_MONDAY
                      : weekday_from_ical (i_cal_recurrence_get_week_start (recurrence));
  out->day_mask = 0;

  for (guint i = 0; i < I_CAL_BY_DAY_SIZE; i++)
    {
      gshort day = i_cal_recurrence_get_by_day (recurrence, i);

      if (by_part_is_empty (day))
        break;
      /* "2MO" and the like need the month or year around them. */
      if (i_cal_recurrence_day_position (day) != 0)
        return FALSE;
      out->day_mask |= 1u << weekday_from_ical (i_cal_recurrence_day_day_of_week (day));
    }

  return TRUE;
}

/* Walks a SimpleRule with day arithmetic, as libical would but without its per-step cost (it goes
 * through ICU's calendar for every candidate). Without COUNT, it starts near the range instead of
 * at DTSTART. */
static gboolean
expand_simple (const SimpleRule    *rule,
               const CcalWallClock *start_wall,
               Expansion           *expansion,
               GError             **error)
{
  int seconds_of_day = start_wall->hour * 3600 + start_wall->minute * 60 + start_wall->second;
  GDate start_date;
  gint64 start_julian, first_julian, step, skip_julian;
  guint day_mask;
  int produced = 0;

  g_date_clear (&start_date, 1);
  g_date_set_dmy (&start_date, start_wall->day, start_wall->month, start_wall->year);
  start_julian = g_date_get_julian (&start_date);

  /* WEEKLY without BYDAY repeats on DTSTART's weekday. */
  day_mask = rule->day_mask;
  if (rule->weekly && day_mask == 0)
    day_mask = 1u << g_date_get_weekday (&start_date);

  /* Periods start on DTSTART's day (DAILY) or on the WKST day of DTSTART's week (WEEKLY). */
  first_julian = start_julian;
  if (rule->weekly)
    first_julian -= (g_date_get_weekday (&start_date) - rule->week_start + 7) % 7;
  step = (gint64) rule->interval * (rule->weekly ? 7 : 1);

  skip_julian = expansion->skip_before / 86400 + JULIAN_EPOCH - 1;
  if (rule->count == 0 && skip_julian > first_julian)
    first_julian += (skip_julian - first_julian) / step * step;

  for (guint iteration = 0;; iteration++)
    {
      gint64 period = first_julian + iteration * step;
      int period_days = rule->weekly ? 7 : 1;

      if (julian_naive_seconds (period, 0) > expansion->stop_after || period > G_MAXUINT32 - 7)
        return TRUE;
      if (iteration >= MAX_ITERATIONS)
        {
          ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "rrule",
                               "The recurrence rule repeats too often to expand over this range");
          return FALSE;
        }

      for (int i = 0; i < period_days; i++)
        {
          gint64 julian = period + i;
          GDateWeekday weekday = (GDateWeekday) ((julian - 1) % 7 + 1);  /* GDate's day 1 is a Monday */
          CcalWallClock wall = *start_wall;

          if (julian < start_julian || (day_mask != 0 && !(day_mask & (1u << weekday))))
            continue;

          wall_set_julian (&wall, julian);
          switch (expansion_add (expansion, &wall, julian_naive_seconds (julian, seconds_of_day), error))
            {
            case ADD_CONTINUE:
              break;
            case ADD_STOP:
              return TRUE;
            case ADD_FAILED:
              return FALSE;
            }

          if (rule->count > 0 && ++produced >= rule->count)
            return TRUE;
        }
    }
}

/* Everything else goes through libical's iterator, on floating wall times. */
static gboolean
expand_with_libical (ICalRecurrence      *recurrence,
                     const char          *rrule,
                     const CcalWallClock *start_wall,
                     Expansion           *expansion,
                     GError             **error)
{
  g_autoptr(ICalTime) start_time = i_cal_time_new_null_time ();
  g_autoptr(ICalRecurIterator) iterator = NULL;

  i_cal_time_set_date (start_time, start_wall->year, start_wall->month, start_wall->day);
  i_cal_time_set_time (start_time, start_wall->hour, start_wall->minute, start_wall->second);
  i_cal_time_set_is_date (start_time, FALSE);

  iterator = i_cal_recur_iterator_new (recurrence, start_time);
  if (iterator == NULL)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "rrule", "“%.100s” cannot be expanded", rrule);
      return FALSE;
    }

  for (guint iteration = 0;; iteration++)
    {
      g_autoptr(ICalTime) next = i_cal_recur_iterator_next (iterator);
      CcalWallClock wall = { 0 };
      GDate date;

      if (next == NULL || i_cal_time_is_null_time (next))
        return TRUE;

      if (iteration >= MAX_ITERATIONS)
        {
          ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "rrule",
                               "The recurrence rule “%.100s” repeats too often to expand", rrule);
          return FALSE;
        }

      i_cal_time_get_date (next, &wall.year, &wall.month, &wall.day);
      i_cal_time_get_time (next, &wall.hour, &wall.minute, &wall.second);
      if (!g_date_valid_dmy (wall.day, wall.month, wall.year))
        return TRUE;
      g_date_clear (&date, 1);
      g_date_set_dmy (&date, wall.day, wall.month, wall.year);

      switch (expansion_add (expansion, &wall,
                             julian_naive_seconds (g_date_get_julian (&date),
                                                   wall.hour * 3600 + wall.minute * 60 + wall.second),
                             error))
        {
        case ADD_CONTINUE:
          break;
        case ADD_STOP:
          return TRUE;
        case ADD_FAILED:
          return FALSE;
        }
    }
}

GArray *
ccal_recurrence_expand (const char   *rrule,
                        gint64        dtstart,
                        gint64        duration,
                        const char   *tzid,
                        const gint64 *exdates,
                        gsize         n_exdates,
                        gint64        range_start,
                        gint64        range_end,
                        GError      **error)
{
  g_autoptr(GArray) occurrences = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
  g_autoptr(ICalRecurrence) recurrence = NULL;
  g_autoptr(ICalTime) until = NULL;
  g_autofree gint64 *sorted_exdates = NULL;
  CcalWallClock start_wall;
  Expansion expansion = { 0 };
  SimpleRule simple;
  gboolean ok;

  g_return_val_if_fail (duration >= 0, NULL);
  g_return_val_if_fail (exdates != NULL || n_exdates == 0, NULL);

  if (!ccal_time_to_wall_clock (dtstart, tzid, &start_wall, error))
    return NULL;

  if (rrule == NULL)
    {
      CcalInterval single = { dtstart, dtstart + duration };
      gboolean excluded = FALSE;

      for (gsize i = 0; i < n_exdates; i++)
        excluded |= exdates[i] == dtstart;

      if (!excluded && overlaps_range (single.start, duration, range_start, range_end))
        g_array_append_val (occurrences, single);
      return g_steal_pointer (&occurrences);
    }

  recurrence = parse_rrule (rrule, "rrule", error);
  if (recurrence == NULL)
    return NULL;

  expansion.tzid = tzid;
  expansion.duration = duration;
  expansion.range_start = range_start;
  expansion.range_end = range_end;
  expansion.until = G_MAXINT64;
  expansion.out = occurrences;
  expansion.previous_start = G_MININT64;

  /* UNTIL is applied here, where its DATE / local / UTC forms can be read in the event's zone; libical
   * would compare it against floating occurrence times. */
  until = i_cal_recurrence_get_until (recurrence);
  if (until != NULL && !i_cal_time_is_null_time (until))
    {
      g_autoptr(ICalTime) no_until = i_cal_time_new_null_time ();

      if (!until_to_instant (until, tzid, &expansion.until, error))
        return NULL;
      i_cal_recurrence_set_until (recurrence, no_until);
    }

  if (n_exdates > 0)
    {
      sorted_exdates = g_memdup2 (exdates, n_exdates * sizeof (gint64));
      qsort (sorted_exdates, n_exdates, sizeof (gint64), compare_instants);
    }
  expansion.exdates = sorted_exdates;
  expansion.n_exdates = n_exdates;

  expansion.sub_second = dtstart % CCAL_USEC_PER_SECOND;
  if (expansion.sub_second < 0)
    expansion.sub_second += CCAL_USEC_PER_SECOND;

  /* Wall-time bounds outside which an occurrence certainly misses the range, to skip placing the
   * occurrences before it in UTC and to stop soon after it. */
  expansion.skip_before = range_start / CCAL_USEC_PER_SECOND - duration / CCAL_USEC_PER_SECOND - WALL_SLACK_SECONDS;
  expansion.stop_after = MIN (range_end, expansion.until) / CCAL_USEC_PER_SECOND + WALL_SLACK_SECONDS;

  /* The rule runs on wall times in the event's zone, so 09:00 stays 09:00 across DST; each
   * occurrence is placed in UTC afterwards. */
  if (simple_rule_from_recurrence (recurrence, rrule, &simple))
    ok = expand_simple (&simple, &start_wall, &expansion, error);
  else
    ok = expand_with_libical (recurrence, rrule, &start_wall, &expansion, error);
  if (!ok)
    return NULL;

  /* Occurrences come in wall-time order; only a DST gap can put one before its predecessor in UTC,
   * or onto it (02:30 moved to 03:30 when 03:30 is an occurrence too): sort and keep one of each. */
  if (expansion.unsorted)
    g_array_sort (occurrences, compare_intervals);
  for (guint i = 1; i < occurrences->len;)
    {
      if (g_array_index (occurrences, CcalInterval, i).start == g_array_index (occurrences, CcalInterval, i - 1).start)
        g_array_remove_index (occurrences, i);
      else
        i++;
    }

  return g_steal_pointer (&occurrences);
}
