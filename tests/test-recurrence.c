/* test-recurrence.c — RRULE expansion on an event zone's wall clock
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include "ccal-core.h"
#include "ccal-ical-private.h"

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

static gint64
berlin (int year,
        int month,
        int day,
        int hour,
        int minute)
{
  CcalWallClock wall = { year, month, day, hour, minute, 0 };
  gint64 usec = 0;

  g_assert_true (ccal_time_from_wall_clock (&wall, "Europe/Berlin", &usec, NULL));
  return usec;
}

static GArray *
expand_ok (const char   *rrule,
           gint64        dtstart,
           gint64        duration,
           const char   *tzid,
           const gint64 *exdates,
           gsize         n_exdates,
           gint64        from,
           gint64        to)
{
  g_autoptr(GError) error = NULL;
  GArray *occurrences;

  occurrences = ccal_recurrence_expand (rrule, dtstart, duration, tzid, exdates, n_exdates, from, to, &error);
  g_assert_no_error (error);
  g_assert_nonnull (occurrences);

  for (guint i = 0; i < occurrences->len; i++)
    {
      const CcalInterval *occurrence = &g_array_index (occurrences, CcalInterval, i);

      g_assert_cmpint (occurrence->end - occurrence->start, ==, duration);
      if (i > 0)
        g_assert_cmpint (g_array_index (occurrences, CcalInterval, i - 1).start, <, occurrence->start);
    }

  return occurrences;
}

static gint64
start_at (GArray *occurrences,
          guint   index)
{
  g_assert_cmpuint (index, <, occurrences->len);
  return g_array_index (occurrences, CcalInterval, index).start;
}

static void
assert_local (gint64      usec,
              const char *tzid,
              int         weekday,
              int         hour,
              int         minute)
{
  CcalWallClock wall;
  GDate date;

  g_assert_true (ccal_time_to_wall_clock (usec, tzid, &wall, NULL));
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, wall.day, wall.month, wall.year);
  if (weekday != G_DATE_BAD_WEEKDAY)
    g_assert_cmpint (g_date_get_weekday (&date), ==, weekday);
  g_assert_cmpint (wall.hour, ==, hour);
  g_assert_cmpint (wall.minute, ==, minute);
}

static void
test_weekly_across_dst (void)
{
  /* Mondays 09:00 in Berlin; summer time starts on Sunday 2026-03-29. */
  g_autoptr(GArray) occurrences = expand_ok ("FREQ=WEEKLY", berlin (2026, 3, 16, 9, 0), HOUR, "Europe/Berlin", NULL,
                                             0, utc (2026, 3, 1, 0, 0), utc (2026, 4, 10, 0, 0));

  g_assert_cmpuint (occurrences->len, ==, 4);
  g_assert_cmpint (start_at (occurrences, 0), ==, utc (2026, 3, 16, 8, 0));
  g_assert_cmpint (start_at (occurrences, 1), ==, utc (2026, 3, 23, 8, 0));
  g_assert_cmpint (start_at (occurrences, 2), ==, utc (2026, 3, 30, 7, 0));
  g_assert_cmpint (start_at (occurrences, 3), ==, utc (2026, 4, 6, 7, 0));
  for (guint i = 0; i < occurrences->len; i++)
    assert_local (start_at (occurrences, i), "Europe/Berlin", G_DATE_MONDAY, 9, 0);
}

static void
test_weekly_autumn (void)
{
  /* And back: winter time from Sunday 2026-10-25; New York follows a week later. */
  g_autoptr(GArray) berlin_weeks = expand_ok ("FREQ=WEEKLY;BYDAY=TU", berlin (2026, 10, 20, 9, 0), HOUR,
                                              "Europe/Berlin", NULL, 0, utc (2026, 10, 1, 0, 0),
                                              utc (2026, 11, 4, 0, 0));
  g_autoptr(GArray) new_york_weeks = NULL;
  CcalWallClock wall = { 2026, 10, 27, 9, 0, 0 };
  gint64 new_york_start;

  g_assert_cmpuint (berlin_weeks->len, ==, 3);
  g_assert_cmpint (start_at (berlin_weeks, 0), ==, utc (2026, 10, 20, 7, 0));
  g_assert_cmpint (start_at (berlin_weeks, 1), ==, utc (2026, 10, 27, 8, 0));
  g_assert_cmpint (start_at (berlin_weeks, 2), ==, utc (2026, 11, 3, 8, 0));

  g_assert_true (ccal_time_from_wall_clock (&wall, "America/New_York", &new_york_start, NULL));
  new_york_weeks = expand_ok ("FREQ=WEEKLY", new_york_start, HOUR, "America/New_York", NULL, 0,
                              utc (2026, 10, 1, 0, 0), utc (2026, 11, 11, 0, 0));
  g_assert_cmpuint (new_york_weeks->len, ==, 3);
  g_assert_cmpint (start_at (new_york_weeks, 0), ==, utc (2026, 10, 27, 13, 0));
  g_assert_cmpint (start_at (new_york_weeks, 1), ==, utc (2026, 11, 3, 14, 0));
  g_assert_cmpint (start_at (new_york_weeks, 2), ==, utc (2026, 11, 10, 14, 0));
}

static void
test_byday (void)
{
  /* Starting Monday 2026-12-07, over two weeks. */
  g_autoptr(GArray) occurrences = expand_ok ("FREQ=WEEKLY;BYDAY=MO,WE,FR", berlin (2026, 12, 7, 10, 0), 30 * MINUTE,
                                             "Europe/Berlin", NULL, 0, berlin (2026, 12, 7, 0, 0),
                                             berlin (2026, 12, 21, 0, 0));
  static const int days[] = { 7, 9, 11, 14, 16, 18 };

  g_assert_cmpuint (occurrences->len, ==, G_N_ELEMENTS (days));
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    g_assert_cmpint (start_at (occurrences, i), ==, berlin (2026, 12, days[i], 10, 0));
}

static void
test_byday_start_off_pattern (void)
{
  /* A Tuesday DTSTART with BYDAY=MO: libical's reading, which we follow, is that the Tuesday itself is
   * no occurrence. */
  g_autoptr(GArray) occurrences = expand_ok ("FREQ=WEEKLY;BYDAY=MO", berlin (2026, 12, 8, 10, 0), HOUR,
                                             "Europe/Berlin", NULL, 0, berlin (2026, 12, 1, 0, 0),
                                             berlin (2026, 12, 22, 0, 0));

  g_assert_cmpuint (occurrences->len, ==, 2);
  g_assert_cmpint (start_at (occurrences, 0), ==, berlin (2026, 12, 14, 10, 0));
  g_assert_cmpint (start_at (occurrences, 1), ==, berlin (2026, 12, 21, 10, 0));
}

static void
test_interval (void)
{
  g_autoptr(GArray) occurrences = expand_ok ("FREQ=WEEKLY;INTERVAL=2", berlin (2026, 1, 5, 9, 0), HOUR,
                                             "Europe/Berlin", NULL, 0, berlin (2026, 1, 1, 0, 0),
                                             berlin (2026, 2, 28, 0, 0));
  static const int days[][2] = { { 1, 5 }, { 1, 19 }, { 2, 2 }, { 2, 16 } };

  g_assert_cmpuint (occurrences->len, ==, G_N_ELEMENTS (days));
  for (guint i = 0; i < G_N_ELEMENTS (days); i++)
    g_assert_cmpint (start_at (occurrences, i), ==, berlin (2026, days[i][0], days[i][1], 9, 0));
}

static void
test_count_from_dtstart (void)
{
  /* Daily ×5 from 2026-12-01; a range starting after the 3rd (on the 3rd at 12:00) sees the last two. */
  g_autoptr(GArray) occurrences = expand_ok ("FREQ=DAILY;COUNT=5", berlin (2026, 12, 1, 9, 0), HOUR, "Europe/Berlin",
                                             NULL, 0, berlin (2026, 12, 3, 12, 0), berlin (2027, 1, 1, 0, 0));

  g_assert_cmpuint (occurrences->len, ==, 2);
  g_assert_cmpint (start_at (occurrences, 0), ==, berlin (2026, 12, 4, 9, 0));
  g_assert_cmpint (start_at (occurrences, 1), ==, berlin (2026, 12, 5, 9, 0));
}

static void
test_count_weekly_byday (void)
{
  /* COUNT counts occurrences, not weeks: MO,WE,FR ×4 ends on the second Monday. */
  g_autoptr(GArray) occurrences = expand_ok ("FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=4", berlin (2026, 12, 7, 10, 0), HOUR,
                                             "Europe/Berlin", NULL, 0, berlin (2026, 12, 1, 0, 0),
                                             berlin (2027, 1, 1, 0, 0));

  g_assert_cmpuint (occurrences->len, ==, 4);
  g_assert_cmpint (start_at (occurrences, 3), ==, berlin (2026, 12, 14, 10, 0));
}

static void
test_until_inclusive (void)
{
  gint64 dtstart = berlin (2026, 12, 1, 9, 0);
  gint64 from = berlin (2026, 11, 1, 0, 0);
  gint64 to = berlin (2027, 1, 1, 0, 0);
  /* The same end written as a UTC time, a local time and a date: the 4th's occurrence is the last. */
  g_autoptr(GArray) as_utc = expand_ok ("FREQ=DAILY;UNTIL=20261204T080000Z", dtstart, HOUR, "Europe/Berlin", NULL, 0,
                                        from, to);
  g_autoptr(GArray) as_local = expand_ok ("FREQ=DAILY;UNTIL=20261204T090000", dtstart, HOUR, "Europe/Berlin", NULL,
                                          0, from, to);
  g_autoptr(GArray) as_date = expand_ok ("FREQ=DAILY;UNTIL=20261204", dtstart, HOUR, "Europe/Berlin", NULL, 0, from,
                                         to);
  g_autoptr(GArray) just_before = expand_ok ("FREQ=DAILY;UNTIL=20261204T075959Z", dtstart, HOUR, "Europe/Berlin",
                                             NULL, 0, from, to);

  g_assert_cmpuint (as_utc->len, ==, 4);
  g_assert_cmpint (start_at (as_utc, 3), ==, berlin (2026, 12, 4, 9, 0));
  g_assert_cmpuint (as_local->len, ==, 4);
  g_assert_cmpint (start_at (as_local, 3), ==, berlin (2026, 12, 4, 9, 0));
  g_assert_cmpuint (as_date->len, ==, 4);
  g_assert_cmpint (start_at (as_date, 3), ==, berlin (2026, 12, 4, 9, 0));
  g_assert_cmpuint (just_before->len, ==, 3);
}

static void
test_exdate (void)
{
  gint64 exdates[] = { berlin (2026, 12, 9, 10, 0), berlin (2026, 12, 2, 10, 0) /* not an occurrence */ };
  g_autoptr(GArray) occurrences = expand_ok ("FREQ=WEEKLY;BYDAY=MO,WE,FR", berlin (2026, 12, 7, 10, 0), HOUR,
                                             "Europe/Berlin", exdates, G_N_ELEMENTS (exdates),
                                             berlin (2026, 12, 7, 0, 0), berlin (2026, 12, 14, 0, 0));

  g_assert_cmpuint (occurrences->len, ==, 2);
  g_assert_cmpint (start_at (occurrences, 0), ==, berlin (2026, 12, 7, 10, 0));
  g_assert_cmpint (start_at (occurrences, 1), ==, berlin (2026, 12, 11, 10, 0));
}

static void
test_exdate_counts (void)
{
  /* An EXDATE removes an occurrence without extending COUNT. */
  gint64 exdates[] = { berlin (2026, 12, 2, 9, 0) };
  g_autoptr(GArray) occurrences = expand_ok ("FREQ=DAILY;COUNT=3", berlin (2026, 12, 1, 9, 0), HOUR, "Europe/Berlin",
                                             exdates, 1, berlin (2026, 11, 1, 0, 0), berlin (2027, 1, 1, 0, 0));

  g_assert_cmpuint (occurrences->len, ==, 2);
  g_assert_cmpint (start_at (occurrences, 1), ==, berlin (2026, 12, 3, 9, 0));
}

static void
test_range_in_middle (void)
{
  /* A rule started two years earlier, asked about one week. */
  g_autoptr(GArray) occurrences = expand_ok ("FREQ=WEEKLY;BYDAY=TU,TH", berlin (2024, 12, 3, 14, 0), 90 * MINUTE,
                                             "Europe/Berlin", NULL, 0, berlin (2026, 12, 7, 0, 0),
                                             berlin (2026, 12, 14, 0, 0));

  g_assert_cmpuint (occurrences->len, ==, 2);
  g_assert_cmpint (start_at (occurrences, 0), ==, berlin (2026, 12, 8, 14, 0));
  g_assert_cmpint (start_at (occurrences, 1), ==, berlin (2026, 12, 10, 14, 0));
}

static void
test_overlap_range_start (void)
{
  /* 22:00–02:00 every night: the one running into the range counts, one ending at its start does not. */
  g_autoptr(GArray) running_in = expand_ok ("FREQ=DAILY", berlin (2026, 12, 1, 22, 0), 4 * HOUR, "Europe/Berlin",
                                            NULL, 0, berlin (2026, 12, 5, 1, 0), berlin (2026, 12, 5, 12, 0));
  g_autoptr(GArray) touching = expand_ok ("FREQ=DAILY", berlin (2026, 12, 1, 22, 0), 4 * HOUR, "Europe/Berlin", NULL,
                                          0, berlin (2026, 12, 5, 2, 0), berlin (2026, 12, 5, 12, 0));
  g_autoptr(GArray) at_end = expand_ok ("FREQ=DAILY", berlin (2026, 12, 1, 22, 0), 4 * HOUR, "Europe/Berlin", NULL, 0,
                                        berlin (2026, 12, 5, 12, 0), berlin (2026, 12, 5, 22, 0));

  g_assert_cmpuint (running_in->len, ==, 1);
  g_assert_cmpint (start_at (running_in, 0), ==, berlin (2026, 12, 4, 22, 0));
  g_assert_cmpuint (touching->len, ==, 0);
  /* The range is half-open: an occurrence starting at its end is outside. */
  g_assert_cmpuint (at_end->len, ==, 0);
}

static void
test_daily_dst_gap (void)
{
  /* 02:30 does not exist on 2027-03-28 in Berlin; that day's occurrence moves to 03:30 CEST. */
  g_autoptr(GArray) occurrences = expand_ok ("FREQ=DAILY", berlin (2027, 3, 26, 2, 30), 30 * MINUTE,
                                             "Europe/Berlin", NULL, 0, utc (2027, 3, 26, 0, 0),
                                             utc (2027, 3, 30, 0, 0));

  g_assert_cmpuint (occurrences->len, ==, 4);
  g_assert_cmpint (start_at (occurrences, 0), ==, utc (2027, 3, 26, 1, 30));
  g_assert_cmpint (start_at (occurrences, 1), ==, utc (2027, 3, 27, 1, 30));
  g_assert_cmpint (start_at (occurrences, 2), ==, utc (2027, 3, 28, 1, 30));
  assert_local (start_at (occurrences, 2), "Europe/Berlin", G_DATE_SUNDAY, 3, 30);
  g_assert_cmpint (start_at (occurrences, 3), ==, utc (2027, 3, 29, 0, 30));
  assert_local (start_at (occurrences, 3), "Europe/Berlin", G_DATE_MONDAY, 2, 30);
}

static void
test_daily_dst_overlap (void)
{
  /* 02:30 happens twice on 2026-10-25; the occurrence is the first of them. */
  g_autoptr(GArray) occurrences = expand_ok ("FREQ=DAILY;COUNT=3", berlin (2026, 10, 24, 2, 30), 30 * MINUTE,
                                             "Europe/Berlin", NULL, 0, utc (2026, 10, 1, 0, 0),
                                             utc (2026, 11, 1, 0, 0));

  g_assert_cmpuint (occurrences->len, ==, 3);
  g_assert_cmpint (start_at (occurrences, 0), ==, utc (2026, 10, 24, 0, 30));
  g_assert_cmpint (start_at (occurrences, 1), ==, utc (2026, 10, 25, 0, 30));
  g_assert_cmpint (start_at (occurrences, 2), ==, utc (2026, 10, 26, 1, 30));
}

static void
test_gap_collision (void)
{
  /* With 02:30 and 03:30 every day, the shifted 02:30 lands on 03:30 on the spring-forward day: one
   * occurrence, not two at the same instant. */
  g_autoptr(GArray) occurrences = expand_ok ("FREQ=DAILY;BYHOUR=2,3;BYMINUTE=30", berlin (2027, 3, 27, 2, 30),
                                             15 * MINUTE, "Europe/Berlin", NULL, 0, utc (2027, 3, 27, 0, 0),
                                             utc (2027, 3, 28, 12, 0));

  g_assert_cmpuint (occurrences->len, ==, 3);
  g_assert_cmpint (start_at (occurrences, 0), ==, utc (2027, 3, 27, 1, 30));
  g_assert_cmpint (start_at (occurrences, 1), ==, utc (2027, 3, 27, 2, 30));
  g_assert_cmpint (start_at (occurrences, 2), ==, utc (2027, 3, 28, 1, 30));
}

static void
test_monthly (void)
{
  /* The 31st skips the months without one; the second Tuesday moves around. */
  g_autoptr(GArray) month_ends = expand_ok ("FREQ=MONTHLY;BYMONTHDAY=31", berlin (2026, 1, 31, 9, 0), HOUR,
                                            "Europe/Berlin", NULL, 0, berlin (2026, 1, 1, 0, 0),
                                            berlin (2026, 6, 1, 0, 0));
  g_autoptr(GArray) second_tuesdays = expand_ok ("FREQ=MONTHLY;BYDAY=2TU", berlin (2026, 1, 13, 18, 0), HOUR,
                                                 "Europe/Berlin", NULL, 0, berlin (2026, 3, 1, 0, 0),
                                                 berlin (2026, 5, 1, 0, 0));

  g_assert_cmpuint (month_ends->len, ==, 3);
  g_assert_cmpint (start_at (month_ends, 0), ==, berlin (2026, 1, 31, 9, 0));
  g_assert_cmpint (start_at (month_ends, 1), ==, berlin (2026, 3, 31, 9, 0));
  g_assert_cmpint (start_at (month_ends, 2), ==, berlin (2026, 5, 31, 9, 0));

  g_assert_cmpuint (second_tuesdays->len, ==, 2);
  g_assert_cmpint (start_at (second_tuesdays, 0), ==, berlin (2026, 3, 10, 18, 0));
  g_assert_cmpint (start_at (second_tuesdays, 1), ==, berlin (2026, 4, 14, 18, 0));
}

static void
test_no_rrule (void)
{
  gint64 start = berlin (2026, 12, 1, 9, 0);
  g_autoptr(GArray) inside = expand_ok (NULL, start, HOUR, "Europe/Berlin", NULL, 0, start - DAY, start + DAY);
  g_autoptr(GArray) outside = expand_ok (NULL, start, HOUR, "Europe/Berlin", NULL, 0, start + HOUR, start + DAY);
  g_autoptr(GArray) excluded = expand_ok (NULL, start, HOUR, "Europe/Berlin", &start, 1, start - DAY, start + DAY);

  g_assert_cmpuint (inside->len, ==, 1);
  g_assert_cmpint (start_at (inside, 0), ==, start);
  g_assert_cmpuint (outside->len, ==, 0);
  g_assert_cmpuint (excluded->len, ==, 0);
}

static void
test_validate (void)
{
  static const char *const bad[] = {
    "", "FREQ=SOMETIMES", "BYDAY=MO", "FREQ=WEEKLY;BYDAY=XX", "FREQ=DAILY;INTERVAL=0", "FREQ=DAILY;COUNT=abc",
    "FREQ=WEEKLY;FOO=BAR", "RRULE:", "every monday",
  };
  static const char *const good[] = {
    "FREQ=WEEKLY;BYDAY=MO,WE,FR", "RRULE:FREQ=DAILY;COUNT=5", "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1", "FREQ=DAILY;UNTIL=20261231T230000Z", "FREQ=WEEKLY;INTERVAL=2;WKST=SU",
  };
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (ccal_recurrence_validate (bad[i], "rrule", &error));
      g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
      g_assert_cmpstr (ccal_core_error_get_field (error), ==, "rrule");
      g_clear_error (&error);
    }

  g_assert_false (ccal_recurrence_validate (NULL, "recurrence", &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "recurrence");
  g_clear_error (&error);

  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_assert_true (ccal_recurrence_validate (good[i], "rrule", &error));
      g_assert_no_error (error);
    }
}

static void
test_expand_errors (void)
{
  g_autoptr(GError) error = NULL;
  GArray *occurrences;

  occurrences = ccal_recurrence_expand ("FREQ=SOMETIMES", 0, HOUR, "Europe/Berlin", NULL, 0, 0, DAY, &error);
  g_assert_null (occurrences);
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "rrule");
  g_clear_error (&error);

  occurrences = ccal_recurrence_expand ("FREQ=DAILY", 0, HOUR, "Atlantis/Capital", NULL, 0, 0, DAY, &error);
  g_assert_null (occurrences);
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_UNKNOWN_TIMEZONE);
  g_clear_error (&error);

  /* A per-second rule from long ago is refused instead of tying up the caller. */
  occurrences = ccal_recurrence_expand ("FREQ=SECONDLY", utc (2000, 1, 1, 0, 0), 1, "UTC", NULL, 0,
                                        utc (2026, 1, 1, 0, 0), utc (2026, 1, 2, 0, 0), &error);
  g_assert_null (occurrences);
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
}

/* Our own walk of DAILY/WEEKLY rules must give exactly the wall times libical's iterator gives. */
static GArray *
expand_with_libical (const char *rrule,
                     gint64      dtstart,
                     gint64      duration,
                     const char *tzid,
                     gint64      from,
                     gint64      to)
{
  GArray *expected = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
  g_autoptr(ICalRecurrence) recurrence = i_cal_recurrence_new_from_string (rrule);
  g_autoptr(ICalTime) start = i_cal_time_new_null_time ();
  g_autoptr(ICalRecurIterator) iterator = NULL;
  CcalWallClock wall;

  g_assert_true (ccal_time_to_wall_clock (dtstart, tzid, &wall, NULL));
  i_cal_time_set_date (start, wall.year, wall.month, wall.day);
  i_cal_time_set_time (start, wall.hour, wall.minute, wall.second);
  iterator = i_cal_recur_iterator_new (recurrence, start);

  for (;;)
    {
      g_autoptr(ICalTime) next = i_cal_recur_iterator_next (iterator);
      CcalInterval occurrence;

      if (next == NULL || i_cal_time_is_null_time (next))
        break;
      i_cal_time_get_date (next, &wall.year, &wall.month, &wall.day);
      i_cal_time_get_time (next, &wall.hour, &wall.minute, &wall.second);
      g_assert_true (ccal_time_from_wall_clock (&wall, tzid, &occurrence.start, NULL));
      if (occurrence.start >= to)
        break;
      occurrence.end = occurrence.start + duration;
      if (occurrence.end > from)
        g_array_append_val (expected, occurrence);
    }

  return expected;
}

static void
test_matches_libical (void)
{
  static const char *const rules[] = {
    "FREQ=DAILY",
    "FREQ=DAILY;INTERVAL=3",
    "FREQ=DAILY;BYDAY=MO,WE",
    "FREQ=DAILY;INTERVAL=3;BYDAY=MO,TU,WE,TH,FR",
    "FREQ=DAILY;INTERVAL=2;COUNT=40",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;COUNT=10",
    "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
    "FREQ=WEEKLY;BYDAY=SU",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,MO;WKST=SU",
    "FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SA;WKST=WE",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH,FR;COUNT=9",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR;COUNT=100",
  };
  /* A Monday, a Wednesday and a Sunday DTSTART, at different times of day. */
  const gint64 starts[] = { berlin (2026, 1, 5, 9, 0), berlin (2025, 12, 31, 23, 30), berlin (2026, 3, 29, 2, 30) };
  const gint64 ranges[][2] = {
    { utc (2025, 12, 1, 0, 0), utc (2026, 3, 1, 0, 0) },
    { utc (2026, 3, 10, 12, 0), utc (2026, 11, 5, 0, 0) },
    { utc (2027, 6, 1, 0, 0), utc (2027, 6, 20, 0, 0) },
  };

  for (gsize r = 0; r < G_N_ELEMENTS (rules); r++)
    for (gsize s = 0; s < G_N_ELEMENTS (starts); s++)
      for (gsize g = 0; g < G_N_ELEMENTS (ranges); g++)
        {
          g_autoptr(GArray) ours = expand_ok (rules[r], starts[s], 2 * HOUR, "Europe/Berlin", NULL, 0, ranges[g][0],
                                              ranges[g][1]);
          g_autoptr(GArray) theirs = expand_with_libical (rules[r], starts[s], 2 * HOUR, "Europe/Berlin",
                                                          ranges[g][0], ranges[g][1]);

          if (ours->len != theirs->len)
            g_error ("%s from start %" G_GSIZE_FORMAT " in range %" G_GSIZE_FORMAT ": %u occurrences, libical %u",
                     rules[r], s, g, ours->len, theirs->len);
          for (guint i = 0; i < ours->len; i++)
            g_assert_cmpint (start_at (ours, i), ==, start_at (theirs, i));
        }
}

static void
test_year_of_weekdays (void)
{
  /* The benchmark's shape: Monday to Friday over a year has 261 weekdays in 2026, less 2 before DTSTART. */
  g_autoptr(GArray) occurrences = expand_ok ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", berlin (2026, 1, 5, 9, 0), 8 * HOUR,
                                             "Europe/Berlin", NULL, 0, berlin (2026, 1, 1, 0, 0),
                                             berlin (2027, 1, 1, 0, 0));

  g_assert_cmpuint (occurrences->len, ==, 259);
  for (guint i = 0; i < occurrences->len; i++)
    assert_local (start_at (occurrences, i), "Europe/Berlin", G_DATE_BAD_WEEKDAY, 9, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/recurrence/weekly-across-dst", test_weekly_across_dst);
  g_test_add_func ("/core/recurrence/weekly-autumn", test_weekly_autumn);
  g_test_add_func ("/core/recurrence/byday", test_byday);
  g_test_add_func ("/core/recurrence/byday-start-off-pattern", test_byday_start_off_pattern);
  g_test_add_func ("/core/recurrence/interval", test_interval);
  g_test_add_func ("/core/recurrence/count-from-dtstart", test_count_from_dtstart);
  g_test_add_func ("/core/recurrence/count-weekly-byday", test_count_weekly_byday);
  g_test_add_func ("/core/recurrence/until-inclusive", test_until_inclusive);
  g_test_add_func ("/core/recurrence/exdate", test_exdate);
  g_test_add_func ("/core/recurrence/exdate-counts", test_exdate_counts);
  g_test_add_func ("/core/recurrence/range-in-middle", test_range_in_middle);
  g_test_add_func ("/core/recurrence/overlap-range-start", test_overlap_range_start);
  g_test_add_func ("/core/recurrence/daily-dst-gap", test_daily_dst_gap);
  g_test_add_func ("/core/recurrence/daily-dst-overlap", test_daily_dst_overlap);
  g_test_add_func ("/core/recurrence/gap-collision", test_gap_collision);
  g_test_add_func ("/core/recurrence/monthly", test_monthly);
  g_test_add_func ("/core/recurrence/no-rrule", test_no_rrule);
  g_test_add_func ("/core/recurrence/validate", test_validate);
  g_test_add_func ("/core/recurrence/expand-errors", test_expand_errors);
  g_test_add_func ("/core/recurrence/matches-libical", test_matches_libical);
  g_test_add_func ("/core/recurrence/year-of-weekdays", test_year_of_weekdays);

  return g_test_run ();
}
