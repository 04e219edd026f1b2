/* test-time.c — RFC 3339, dates, zone offsets, DST gaps and overlaps
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include "ccal-core.h"
#include "ccal-ical-private.h"

#define SECOND CCAL_USEC_PER_SECOND
#define HOUR   CCAL_USEC_PER_HOUR

static gint64
utc (int year,
     int month,
     int day,
     int hour,
     int minute,
     int second)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * SECOND;
}

static gint64
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 usec = 0;

  g_assert_true (ccal_time_parse_rfc3339 (text, "start", &usec, &error));
  g_assert_no_error (error);
  return usec;
}

static void
assert_parse_fails (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 usec = 42;

  if (!ccal_time_parse_rfc3339 (text, "start", &usec, &error))
    {
      g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
      g_assert_cmpstr (ccal_core_error_get_field (error), ==, "start");
      g_assert_nonnull (error->message);
      g_assert_cmpint (usec, ==, 42);
      return;
    }

  g_error ("“%s” was accepted as %" G_GINT64_FORMAT, text, usec);
}

static void
test_rfc3339_utc (void)
{
  g_assert_cmpint (parse_ok ("2026-12-01T09:00:00Z"), ==, utc (2026, 12, 1, 9, 0, 0));
  g_assert_cmpint (parse_ok ("2026-12-01t09:00:00z"), ==, utc (2026, 12, 1, 9, 0, 0));
  g_assert_cmpint (parse_ok ("1970-01-01T00:00:00Z"), ==, 0);
  g_assert_cmpint (parse_ok ("1969-12-31T23:59:59Z"), ==, -SECOND);
  g_assert_cmpint (parse_ok ("2028-02-29T12:00:00Z"), ==, utc (2028, 2, 29, 12, 0, 0));
  g_assert_cmpint (parse_ok ("2000-02-29T00:00:00Z"), ==, utc (2000, 2, 29, 0, 0, 0));
  g_assert_cmpint (parse_ok ("9999-12-31T23:59:59Z"), ==, utc (9999, 12, 31, 23, 59, 59));
}

static void
test_rfc3339_offsets (void)
{
  g_assert_cmpint (parse_ok ("2026-12-01T14:30:00+05:30"), ==, utc (2026, 12, 1, 9, 0, 0));
  g_assert_cmpint (parse_ok ("2026-12-01T01:00:00-08:00"), ==, utc (2026, 12, 1, 9, 0, 0));
  g_assert_cmpint (parse_ok ("2026-12-01T10:00:00+01:00"), ==, utc (2026, 12, 1, 9, 0, 0));
  g_assert_cmpint (parse_ok ("2026-12-01T09:00:00-00:00"), ==, utc (2026, 12, 1, 9, 0, 0));
  g_assert_cmpint (parse_ok ("2026-12-01T09:00:00+00:00"), ==, utc (2026, 12, 1, 9, 0, 0));
  /* Offsets move the instant across midnight and the year. */
  g_assert_cmpint (parse_ok ("2027-01-01T05:00:00+23:59"), ==, utc (2026, 12, 31, 5, 1, 0));
  g_assert_cmpint (parse_ok ("2026-12-31T20:00:00-05:00"), ==, utc (2027, 1, 1, 1, 0, 0));
}

static void
test_rfc3339_fraction (void)
{
  gint64 base = utc (2026, 12, 1, 9, 0, 0);

  g_assert_cmpint (parse_ok ("2026-12-01T09:00:00.5Z"), ==, base + 500000);
  g_assert_cmpint (parse_ok ("2026-12-01T09:00:00.123456Z"), ==, base + 123456);
  /* Nanoseconds are accepted and truncated to microseconds. */
  g_assert_cmpint (parse_ok ("2026-12-01T09:00:00.123456789Z"), ==, base + 123456);
  g_assert_cmpint (parse_ok ("2026-12-01T09:00:00.000001Z"), ==, base + 1);
  g_assert_cmpint (parse_ok ("2026-12-01T03:30:00.250-05:30"), ==, base + 250000);
}

static void
test_rfc3339_leap_second (void)
{
  /* 60 is read as 59: the instants here have no leap seconds. */
  g_assert_cmpint (parse_ok ("2016-12-31T23:59:60Z"), ==, utc (2016, 12, 31, 23, 59, 59));
}

static void
test_rfc3339_invalid (void)
{
  static const char *const bad[] = {
    "",
    "2026-13-01T00:00:00Z",
    "2026-00-10T00:00:00Z",
    "2026-02-29T00:00:00Z",
    "2100-02-29T00:00:00Z",
    "2026-04-31T00:00:00Z",
    "2026-12-00T00:00:00Z",
    "2026-12-01 09:00:00Z",
    "2026-12-01T09:00:00",
    "2026-12-01T09:00:00Z trailing",
    "2026-12-01T09:00:00Zjunk",
    "2026-12-01T09:00:00+01:00:00",
    "2026-12-01T09:00:00+0100",
    "2026-12-01T09:00:00+24:00",
    "2026-12-01T09:00:00+01:60",
    "2026-12-01T24:00:00Z",
    "2026-12-01T09:60:00Z",
    "2026-12-01T09:00:61Z",
    "2026-12-01T09:00Z",
    "2026-12-01T09:00:00.Z",
    "2026-12-01T09:00:00.1234567890Z",
    "2026-12-01",
    "26-12-01T09:00:00Z",
    "2026-1-01T09:00:00Z",
    "+2026-12-01T09:00:00Z",
    " 2026-12-01T09:00:00Z",
    "0000-01-01T00:00:00Z",
    "tomorrow",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_parse_fails (bad[i]);
  assert_parse_fails (NULL);
}

static void
test_rfc3339_error_message (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ccal_time_parse_rfc3339 ("2026-02-30T10:00:00Z", "end", NULL, &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "end");
  g_assert_nonnull (strstr (error->message, "30"));
  g_clear_error (&error);

  /* No field is fine too. */
  g_assert_false (ccal_time_parse_rfc3339 ("nope", NULL, NULL, &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_null (ccal_core_error_get_field (error));
}

static void
assert_format (gint64      usec,
               const char *expected)
{
  g_autofree char *text = ccal_time_format_rfc3339 (usec);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_rfc3339_format (void)
{
  gint64 base = utc (2026, 12, 1, 9, 0, 0);

  assert_format (base, "2026-12-01T09:00:00Z");
  assert_format (base + 500000, "2026-12-01T09:00:00.5Z");
  assert_format (base + 123456, "2026-12-01T09:00:00.123456Z");
  assert_format (base + 120000, "2026-12-01T09:00:00.12Z");
  assert_format (base + 10, "2026-12-01T09:00:00.00001Z");
  assert_format (0, "1970-01-01T00:00:00Z");
  assert_format (-SECOND / 2, "1969-12-31T23:59:59.5Z");
  assert_format (utc (2028, 2, 29, 23, 59, 59), "2028-02-29T23:59:59Z");
}

static void
test_rfc3339_round_trip (void)
{
  static const char *const texts[] = {
    "2026-12-01T09:00:00Z",
    "2026-12-01T09:00:00.5Z",
    "2026-03-29T01:00:00.000001Z",
    "1969-07-20T20:17:40.25Z",
    "2000-02-29T00:00:00Z",
  };
  static const gint64 instants[] = { 0, 1, -1, 1798275600123456, -86400 * SECOND * 365 * 30 + 7 };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *formatted = ccal_time_format_rfc3339 (parse_ok (texts[i]));

      g_assert_cmpstr (formatted, ==, texts[i]);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (instants); i++)
    {
      g_autofree char *formatted = ccal_time_format_rfc3339 (instants[i]);

      g_assert_cmpint (parse_ok (formatted), ==, instants[i]);
    }

  /* Any accepted spelling comes back as UTC with Z. */
  {
    g_autofree char *formatted = ccal_time_format_rfc3339 (parse_ok ("2026-12-01T10:00:00.500+01:00"));

    g_assert_cmpstr (formatted, ==, "2026-12-01T09:00:00.5Z");
  }
}

static void
test_date_parse (void)
{
  static const char *const bad[] = {
    "", "2026-2-01", "2026-02-1", "2026-02-30", "2026-13-01", "20261201", "2026-12-01T00:00:00Z",
    "2026-12-01 ", "2026/12/01", "0000-01-01",
  };
  g_autoptr(GError) error = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_assert_true (ccal_date_parse ("2026-12-01", "date", &date, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_get_year (&date), ==, 2026);
  g_assert_cmpint (g_date_get_month (&date), ==, 12);
  g_assert_cmpint (g_date_get_day (&date), ==, 1);

  g_assert_true (ccal_date_parse ("2028-02-29", "date", &date, &error));
  g_assert_cmpint (g_date_get_day (&date), ==, 29);

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (ccal_date_parse (bad[i], "date", &date, &error));
      g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
      g_assert_cmpstr (ccal_core_error_get_field (error), ==, "date");
      g_clear_error (&error);
    }

  g_assert_false (ccal_date_parse (NULL, "date", &date, &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
}

static void
test_date_format (void)
{
  GDate date;
  g_autofree char *text = NULL;
  g_autofree char *early = NULL;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 5, G_DATE_MARCH, 2027);
  text = ccal_date_format (&date);
  g_assert_cmpstr (text, ==, "2027-03-05");

  g_date_set_dmy (&date, 1, G_DATE_JANUARY, 987);
  early = ccal_date_format (&date);
  g_assert_cmpstr (early, ==, "0987-01-01");
}

static void
assert_offset (const char *tzid,
               gint64      usec,
               const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  int offset = 12345;

  g_assert_true (ccal_time_zone_get_offset (tzid, usec, &offset, &error));
  g_assert_no_error (error);
  text = ccal_time_format_utc_offset (offset);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_zone_offsets (void)
{
  assert_offset ("Europe/Berlin", utc (2026, 1, 15, 12, 0, 0), "+01:00");
  assert_offset ("Europe/Berlin", utc (2026, 7, 15, 12, 0, 0), "+02:00");
  assert_offset ("America/New_York", utc (2026, 1, 15, 12, 0, 0), "-05:00");
  assert_offset ("America/New_York", utc (2026, 7, 15, 12, 0, 0), "-04:00");
  assert_offset ("Asia/Kathmandu", utc (2026, 7, 15, 12, 0, 0), "+05:45");
  assert_offset ("Asia/Kolkata", utc (2026, 7, 15, 12, 0, 0), "+05:30");
  assert_offset ("America/St_Johns", utc (2026, 1, 15, 12, 0, 0), "-03:30");
  assert_offset ("UTC", utc (2026, 7, 15, 12, 0, 0), "+00:00");

  /* The switch happens at 01:00 UTC in the EU. */
  assert_offset ("Europe/Berlin", utc (2026, 3, 29, 1, 0, 0) - 1, "+01:00");
  assert_offset ("Europe/Berlin", utc (2026, 3, 29, 1, 0, 0), "+02:00");
  assert_offset ("Europe/Berlin", utc (2026, 10, 25, 1, 0, 0) - 1, "+02:00");
  assert_offset ("Europe/Berlin", utc (2026, 10, 25, 1, 0, 0), "+01:00");

  /* Beyond the zone's cached transitions, libical still applies the rules. */
  assert_offset ("Europe/Berlin", utc (2091, 7, 1, 12, 0, 0), "+02:00");
  assert_offset ("Europe/Berlin", utc (2091, 12, 1, 12, 0, 0), "+01:00");
  /* And before them: Berlin in 1900 was on CET already, New York on EST. */
  assert_offset ("Europe/Berlin", utc (1900, 6, 1, 12, 0, 0), "+01:00");
  assert_offset ("America/New_York", utc (1850, 6, 1, 12, 0, 0), "-04:56:02");
}

static void
test_format_utc_offset (void)
{
  static const struct
  {
    int         seconds;
    const char *text;
  } cases[] = {
    { 0, "+00:00" },       { 3600, "+01:00" },    { -18000, "-05:00" }, { 20700, "+05:45" },
    { -1800, "-00:30" },   { 50400, "+14:00" },   { -43200, "-12:00" }, { 3208, "+00:53:28" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ccal_time_format_utc_offset (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
assert_wall (gint64      usec,
             const char *tzid,
             int         year,
             int         month,
             int         day,
             int         hour,
             int         minute)
{
  g_autoptr(GError) error = NULL;
  CcalWallClock wall;

  g_assert_true (ccal_time_to_wall_clock (usec, tzid, &wall, &error));
  g_assert_no_error (error);
  g_assert_cmpint (wall.year, ==, year);
  g_assert_cmpint (wall.month, ==, month);
  g_assert_cmpint (wall.day, ==, day);
  g_assert_cmpint (wall.hour, ==, hour);
  g_assert_cmpint (wall.minute, ==, minute);
}

static void
test_to_wall_clock (void)
{
  assert_wall (utc (2026, 12, 1, 9, 0, 0), "Europe/Berlin", 2026, 12, 1, 10, 0);
  assert_wall (utc (2026, 12, 1, 9, 0, 0), "America/New_York", 2026, 12, 1, 4, 0);
  assert_wall (utc (2026, 12, 1, 3, 0, 0), "America/New_York", 2026, 11, 30, 22, 0);
  assert_wall (utc (2026, 12, 31, 23, 30, 0), "Asia/Kathmandu", 2027, 1, 1, 5, 15);
  assert_wall (utc (2026, 7, 1, 22, 30, 0), "Europe/Berlin", 2026, 7, 2, 0, 30);
  assert_wall (utc (2026, 7, 1, 22, 30, 0), "UTC", 2026, 7, 1, 22, 30);
  /* Sub-second instants before the epoch fall in the right second. */
  assert_wall (-1, "UTC", 1969, 12, 31, 23, 59);
}

static void
test_berlin_spring_gap (void)
{
  g_autoptr(GError) error = NULL;
  CcalWallClock gap = { 2027, 3, 28, 2, 30, 0 };
  CcalWallClock after = { 2027, 3, 28, 3, 30, 0 };
  CcalWallClock before = { 2027, 3, 28, 1, 59, 59 };
  gint64 instants[2] = { 0, 0 };
  gint64 usec = 0;

  /* 02:00–03:00 does not happen on 2027-03-28 in Berlin. */
  g_assert_cmpint (ccal_time_from_wall_clock_all (&gap, "Europe/Berlin", instants, &error), ==, 0);
  g_assert_no_error (error);

  /* Moved forward by the hour the gap lasts: 03:30 CEST. */
  g_assert_true (ccal_time_from_wall_clock (&gap, "Europe/Berlin", &usec, &error));
  g_assert_cmpint (usec, ==, utc (2027, 3, 28, 1, 30, 0));
  assert_wall (usec, "Europe/Berlin", 2027, 3, 28, 3, 30);

  g_assert_cmpint (ccal_time_from_wall_clock_all (&after, "Europe/Berlin", instants, &error), ==, 1);
  g_assert_cmpint (instants[0], ==, utc (2027, 3, 28, 1, 30, 0));

  g_assert_cmpint (ccal_time_from_wall_clock_all (&before, "Europe/Berlin", instants, &error), ==, 1);
  g_assert_cmpint (instants[0], ==, utc (2027, 3, 28, 0, 59, 59));

  /* The instants either side of the switch read as 01:59:59 CET and 03:00 CEST. */
  assert_wall (utc (2027, 3, 28, 1, 0, 0) - SECOND, "Europe/Berlin", 2027, 3, 28, 1, 59);
  assert_wall (utc (2027, 3, 28, 1, 0, 0), "Europe/Berlin", 2027, 3, 28, 3, 0);
}

static void
test_berlin_autumn_overlap (void)
{
  g_autoptr(GError) error = NULL;
  CcalWallClock twice = { 2026, 10, 25, 2, 30, 0 };
  CcalWallClock once = { 2026, 10, 25, 3, 0, 0 };
  gint64 instants[2] = { 0, 0 };
  gint64 usec = 0;

  /* 02:00–03:00 happens twice on 2026-10-25: first in CEST, then in CET. */
  g_assert_cmpint (ccal_time_from_wall_clock_all (&twice, "Europe/Berlin", instants, &error), ==, 2);
  g_assert_no_error (error);
  g_assert_cmpint (instants[0], ==, utc (2026, 10, 25, 0, 30, 0));
  g_assert_cmpint (instants[1], ==, utc (2026, 10, 25, 1, 30, 0));

  g_assert_true (ccal_time_from_wall_clock (&twice, "Europe/Berlin", &usec, &error));
  g_assert_cmpint (usec, ==, utc (2026, 10, 25, 0, 30, 0));

  /* Both read back as 02:30, with different offsets. */
  assert_wall (instants[0], "Europe/Berlin", 2026, 10, 25, 2, 30);
  assert_wall (instants[1], "Europe/Berlin", 2026, 10, 25, 2, 30);
  assert_offset ("Europe/Berlin", instants[0], "+02:00");
  assert_offset ("Europe/Berlin", instants[1], "+01:00");

  g_assert_cmpint (ccal_time_from_wall_clock_all (&once, "Europe/Berlin", instants, &error), ==, 1);
  g_assert_cmpint (instants[0], ==, utc (2026, 10, 25, 2, 0, 0));
}

static void
test_new_york_transitions (void)
{
  g_autoptr(GError) error = NULL;
  CcalWallClock gap = { 2026, 3, 8, 2, 15, 0 };
  CcalWallClock twice = { 2026, 11, 1, 1, 15, 0 };
  gint64 instants[2];
  gint64 usec;

  g_assert_cmpint (ccal_time_from_wall_clock_all (&gap, "America/New_York", instants, &error), ==, 0);
  g_assert_true (ccal_time_from_wall_clock (&gap, "America/New_York", &usec, &error));
  g_assert_cmpint (usec, ==, utc (2026, 3, 8, 7, 15, 0));  /* 03:15 EDT */

  g_assert_cmpint (ccal_time_from_wall_clock_all (&twice, "America/New_York", instants, &error), ==, 2);
  g_assert_cmpint (instants[0], ==, utc (2026, 11, 1, 5, 15, 0));  /* EDT */
  g_assert_cmpint (instants[1], ==, utc (2026, 11, 1, 6, 15, 0));  /* EST */
  g_assert_no_error (error);
}

static void
test_wall_clock_invalid (void)
{
  g_autoptr(GError) error = NULL;
  CcalWallClock wall = { 2026, 2, 30, 9, 0, 0 };
  gint64 instants[2];
  gint64 usec;

  g_assert_cmpint (ccal_time_from_wall_clock_all (&wall, "Europe/Berlin", instants, &error), ==, -1);
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_clear_error (&error);

  wall = (CcalWallClock) { 2026, 2, 3, 24, 0, 0 };
  g_assert_false (ccal_time_from_wall_clock (&wall, "Europe/Berlin", &usec, &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_clear_error (&error);

  wall = (CcalWallClock) { 2026, 2, 3, 9, 0, 0 };
  g_assert_cmpint (ccal_time_from_wall_clock_all (&wall, "Mars/Olympus_Mons", instants, &error), ==, -1);
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_UNKNOWN_TIMEZONE);
}

static void
assert_day_bounds (const char *tzid,
                   int         year,
                   int         month,
                   int         day,
                   gint64      expected_start,
                   int         expected_hours)
{
  g_autoptr(GError) error = NULL;
  gint64 start = 0, end = 0;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  g_assert_true (ccal_time_day_bounds (&date, tzid, &start, &end, &error));
  g_assert_no_error (error);
  g_assert_cmpint (start, ==, expected_start);
  g_assert_cmpint (end - start, ==, expected_hours * HOUR);
}

static void
test_day_bounds (void)
{
  assert_day_bounds ("Europe/Berlin", 2026, 12, 1, utc (2026, 11, 30, 23, 0, 0), 24);
  assert_day_bounds ("Europe/Berlin", 2026, 7, 1, utc (2026, 6, 30, 22, 0, 0), 24);
  assert_day_bounds ("Europe/Berlin", 2027, 3, 28, utc (2027, 3, 27, 23, 0, 0), 23);
  assert_day_bounds ("Europe/Berlin", 2026, 10, 25, utc (2026, 10, 24, 22, 0, 0), 25);
  assert_day_bounds ("America/New_York", 2026, 3, 8, utc (2026, 3, 8, 5, 0, 0), 23);
  assert_day_bounds ("America/New_York", 2026, 11, 1, utc (2026, 11, 1, 4, 0, 0), 25);
  assert_day_bounds ("UTC", 2026, 11, 1, utc (2026, 11, 1, 0, 0, 0), 24);
  /* Santiago springs forward at midnight: the day starts at 01:00 and lasts 23 hours. */
  assert_day_bounds ("America/Santiago", 2026, 9, 6, utc (2026, 9, 6, 4, 0, 0), 23);
}

static void
test_to_date (void)
{
  g_autoptr(GError) error = NULL;
  gint64 late = utc (2026, 12, 1, 23, 30, 0);
  GDate date;

  g_date_clear (&date, 1);
  g_assert_true (ccal_time_to_date (late, "Europe/Berlin", &date, &error));
  g_assert_cmpint (g_date_get_day (&date), ==, 2);
  g_assert_true (ccal_time_to_date (late, "America/New_York", &date, &error));
  g_assert_cmpint (g_date_get_day (&date), ==, 1);
  g_assert_true (ccal_time_to_date (late, "UTC", &date, &error));
  g_assert_cmpint (g_date_get_day (&date), ==, 1);
  g_assert_no_error (error);

  g_assert_false (ccal_time_to_date (late, "Nowhere/Special", &date, &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_UNKNOWN_TIMEZONE);
}

static void
test_zone_unknown (void)
{
  static const char *const unknown[] = {
    "", "Europe/Atlantis", "europe/berlin", "../../../etc/passwd", "/usr/share/zoneinfo/Europe/Berlin",
    "Europe//Berlin", "Europe/Berlin/", "Europe/Berlin ", "Europe", "+01:00",
  };
  g_autoptr(GError) error = NULL;
  int offset;
  CcalWallClock wall;

  for (gsize i = 0; i < G_N_ELEMENTS (unknown); i++)
    {
      g_assert_false (ccal_time_zone_is_known (unknown[i]));
      g_assert_null (ccal_ical_zone_lookup (unknown[i]));
      g_assert_false (ccal_time_zone_get_offset (unknown[i], 0, &offset, &error));
      g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_UNKNOWN_TIMEZONE);
      g_assert_cmpstr (ccal_core_error_get_field (error), ==, "timezone");
      g_clear_error (&error);
    }

  g_assert_false (ccal_time_zone_is_known (NULL));
  g_assert_false (ccal_time_to_wall_clock (0, NULL, &wall, &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_UNKNOWN_TIMEZONE);
}

static void
test_zone_known (void)
{
  g_assert_true (ccal_time_zone_is_known ("UTC"));
  g_assert_true (ccal_time_zone_is_known ("Europe/Berlin"));
  g_assert_true (ccal_time_zone_is_known ("America/Argentina/Buenos_Aires"));
  g_assert_true (ccal_time_zone_is_known ("America/Port-au-Prince"));
  g_assert_true (ccal_ical_zone_lookup ("UTC") == i_cal_timezone_get_utc_timezone ());
  g_assert_true (ccal_ical_zone_lookup ("Europe/Berlin") == ccal_ical_zone_lookup ("Europe/Berlin"));
  g_assert_cmpstr (i_cal_timezone_get_location (ccal_ical_zone_lookup ("Europe/Berlin")), ==, "Europe/Berlin");
}

static void
test_zone_list (void)
{
  g_auto(GStrv) zones = ccal_time_zone_list ();
  gboolean has_berlin = FALSE, has_utc = FALSE, has_new_york = FALSE;
  guint n = g_strv_length (zones);

  g_assert_cmpuint (n, >, 300);
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_assert_cmpint (strcmp (zones[i - 1], zones[i]), <, 0);
      has_berlin |= g_str_equal (zones[i], "Europe/Berlin");
      has_utc |= g_str_equal (zones[i], "UTC");
      has_new_york |= g_str_equal (zones[i], "America/New_York");
      g_assert_true (ccal_time_zone_is_known (zones[i]));
    }
  g_assert_true (has_berlin);
  g_assert_true (has_utc);
  g_assert_true (has_new_york);

  /* Looking up an alias does not change the list. */
  g_assert_true (ccal_time_zone_is_known ("US/Pacific"));
  {
    g_auto(GStrv) again = ccal_time_zone_list ();

    g_assert_true (g_strv_equal ((const char *const *) zones, (const char *const *) again));
  }
}

static int
libical_offset (ICalTimezone *zone,
                gint64        seconds)
{
  g_autoptr(ICalTime) tt = i_cal_time_new_from_timet_with_zone ((time_t) seconds, FALSE,
                                                                 i_cal_timezone_get_utc_timezone ());

  return i_cal_timezone_get_utc_offset_of_utc_time (zone, tt, NULL);
}

static void
assert_offset_matches (const char   *tzid,
                       ICalTimezone *zone,
                       gint64        seconds)
{
  int expected = libical_offset (zone, seconds);
  int offset = 0;

  g_assert_true (ccal_time_zone_get_offset (tzid, seconds * SECOND, &offset, NULL));
  if (offset != expected)
    g_error ("%s at %" G_GINT64_FORMAT ": %d, libical says %d", tzid, seconds, offset, expected);
}

/* The offsets come from a per-zone table read once from libical; they must equal what libical says
 * at every instant, and exactly at each change. */
static void
test_zone_matches_libical (void)
{
  static const char *const tzids[] = {
    "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago",
    "Europe/Dublin", "Africa/Casablanca", "Pacific/Chatham", "Asia/Tehran", "America/Sao_Paulo",
  };
  guint n_changes = 0;

  for (gsize z = 0; z < G_N_ELEMENTS (tzids); z++)
    {
      ICalTimezone *zone = ccal_ical_zone_lookup (tzids[z]);
      gint64 previous = utc (1960, 1, 1, 0, 0, 0) / SECOND;
      int previous_offset = libical_offset (zone, previous);

      g_assert_nonnull (zone);
      /* 1960 to 2060 in steps that divide neither an hour nor a day… */
      for (gint64 seconds = previous; seconds < utc (2060, 1, 1, 0, 0, 0) / SECOND;
           seconds += 86400 + 7 * 3600 + 13 * 60 + 7)
        {
          int offset = libical_offset (zone, seconds);

          assert_offset_matches (tzids[z], zone, seconds);

          /* …and where the offset changed in between, at the second it changes. */
          if (offset != previous_offset)
            {
              gint64 lo = previous, hi = seconds;

              while (hi - lo > 1)
                {
                  gint64 mid = lo + (hi - lo) / 2;

                  if (libical_offset (zone, mid) == previous_offset)
                    lo = mid;
                  else
                    hi = mid;
                }
              assert_offset_matches (tzids[z], zone, hi - 1);
              assert_offset_matches (tzids[z], zone, hi);
              n_changes++;
            }

          previous = seconds;
          previous_offset = offset;
        }
    }

  /* Most of these zones changed twice a year for decades. */
  g_assert_cmpuint (n_changes, >, 500);
}

typedef struct
{
  const char *tzid;
  gint64      usec;
  int         expected;
} ThreadCase;

static gpointer
lookup_thread (gpointer data)
{
  const ThreadCase *c = data;

  for (int i = 0; i < 2000; i++)
    {
      int offset = 0;

      if (!ccal_time_zone_get_offset (c->tzid, c->usec, &offset, NULL) || offset != c->expected)
        return GINT_TO_POINTER (FALSE);
    }
  return GINT_TO_POINTER (TRUE);
}

static void
test_zone_threads (void)
{
  /* Zones not used elsewhere in this file, so the first lookups race to fill the cache. */
  ThreadCase cases[] = {
    { "Europe/Paris", utc (2026, 7, 1, 0, 0, 0), 7200 },
    { "America/Chicago", utc (2026, 1, 1, 0, 0, 0), -6 * 3600 },
    { "Asia/Tokyo", utc (2026, 1, 1, 0, 0, 0), 9 * 3600 },
    { "Europe/Paris", utc (2026, 1, 1, 0, 0, 0), 3600 },
    { "America/Chicago", utc (2026, 7, 1, 0, 0, 0), -5 * 3600 },
    { "Asia/Tokyo", utc (2026, 7, 1, 0, 0, 0), 9 * 3600 },
  };
  GThread *threads[G_N_ELEMENTS (cases)];

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    threads[i] = g_thread_new ("zone-lookup", lookup_thread, &cases[i]);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_true (GPOINTER_TO_INT (g_thread_join (threads[i])));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/time/rfc3339/utc", test_rfc3339_utc);
  g_test_add_func ("/core/time/rfc3339/offsets", test_rfc3339_offsets);
  g_test_add_func ("/core/time/rfc3339/fraction", test_rfc3339_fraction);
  g_test_add_func ("/core/time/rfc3339/leap-second", test_rfc3339_leap_second);
  g_test_add_func ("/core/time/rfc3339/invalid", test_rfc3339_invalid);
  g_test_add_func ("/core/time/rfc3339/error-message", test_rfc3339_error_message);
  g_test_add_func ("/core/time/rfc3339/format", test_rfc3339_format);
  g_test_add_func ("/core/time/rfc3339/round-trip", test_rfc3339_round_trip);
  g_test_add_func ("/core/time/date/parse", test_date_parse);
  g_test_add_func ("/core/time/date/format", test_date_format);
  g_test_add_func ("/core/time/zone/offsets", test_zone_offsets);
  g_test_add_func ("/core/time/zone/format-utc-offset", test_format_utc_offset);
  g_test_add_func ("/core/time/zone/to-wall-clock", test_to_wall_clock);
  g_test_add_func ("/core/time/zone/berlin-spring-gap", test_berlin_spring_gap);
  g_test_add_func ("/core/time/zone/berlin-autumn-overlap", test_berlin_autumn_overlap);
  g_test_add_func ("/core/time/zone/new-york-transitions", test_new_york_transitions);
  g_test_add_func ("/core/time/zone/wall-clock-invalid", test_wall_clock_invalid);
  g_test_add_func ("/core/time/zone/day-bounds", test_day_bounds);
  g_test_add_func ("/core/time/zone/to-date", test_to_date);
  g_test_add_func ("/core/time/zone/unknown", test_zone_unknown);
  g_test_add_func ("/core/time/zone/known", test_zone_known);
  g_test_add_func ("/core/time/zone/list", test_zone_list);
  g_test_add_func ("/core/time/zone/matches-libical", test_zone_matches_libical);
  g_test_add_func ("/core/time/zone/threads", test_zone_threads);

  return g_test_run ();
}
