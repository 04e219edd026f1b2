/* ccal-time.c — RFC 3339 instants, calendar dates and IANA time zones (libical-glib zone data)
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ccal-ical-private.h"
#include "ccal-time.h"

#define SECONDS_PER_DAY 86400

/* How far ahead of the current year a zone's transition table reaches; later instants ask libical. */
#define ZONE_TABLE_YEARS_AHEAD 30

typedef struct
{
  gint64 at;      /* seconds since the epoch, UTC, when @offset starts */
  int    offset;  /* seconds east of UTC from @at on */
} ZoneTransition;

/* A zone resolved once and kept for the life of the process (the zone data is static). */
typedef struct
{
  ICalTimezone   *ical;          /* transfer none: owned by libical-glib */
  gboolean        is_utc;
  ZoneTransition *transitions;   /* sorted by @at; may be NULL */
  gsize           n_transitions;
  gint64          table_end;     /* the table is exact for [transitions[0].at, table_end) */
} CcalZone;

static GMutex zone_lock;
static GHashTable *zones;  /* (owned) tzid → (owned) CcalZone */

/* Civil-calendar arithmetic on the proleptic Gregorian calendar (H. Hinnant's algorithms), so no
 * conversion depends on the process's TZ or allocates. */
static gint64
days_from_civil (gint64 year,
                 int    month,
                 int    day)
{
  gint64 era, yoe, doy, doe;

  year -= month <= 2;
  era = (year >= 0 ? year : year - 399) / 400;
  yoe = year - era * 400;
  doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64  days,
                 gint64 *out_year,
                 int    *out_month,
                 int    *out_day)
{
  gint64 era, doe, yoe, doy, mp;
  int month;

  days += 719468;
  era = (days >= 0 ? days : days - 146096) / 146097;
  doe = days - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  month = mp < 10 ? mp + 3 : mp - 9;

  *out_day = doy - (153 * mp + 2) / 5 + 1;
  *out_month = month;
  *out_year = yoe + era * 400 + (month <= 2);
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;
  return q;
}

static int
days_in_month (gint64 year,
               int    month)
{
  static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  gboolean leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;

  return month == 2 && leap ? 29 : days[month - 1];
}

/* Seconds since the epoch of a wall reading taken as if it were UTC. */
static gint64
naive_seconds (const CcalWallClock *wall)
{
  return days_from_civil (wall->year, wall->month, wall->day) * SECONDS_PER_DAY
         + wall->hour * 3600 + wall->minute * 60 + wall->second;
}

static void
wall_from_naive_seconds (gint64         seconds,
                         CcalWallClock *out_wall)
{
  gint64 days = floor_div (seconds, SECONDS_PER_DAY);
  gint64 rest = seconds - days * SECONDS_PER_DAY;
  gint64 year;

  civil_from_days (days, &year, &out_wall->month, &out_wall->day);
  out_wall->year = (int) year;
  out_wall->hour = rest / 3600;
  out_wall->minute = (rest / 60) % 60;
  out_wall->second = rest % 60;
}

/* ---- RFC 3339 and dates ---- */

static gboolean
read_digits (const char **cursor,
             int          n_digits,
             int         *out_value)
{
  const char *p = *cursor;
  int value = 0;

  for (int i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      value = value * 10 + (p[i] - '0');
    }

  *cursor = p + n_digits;
  *out_value = value;
  return TRUE;
}

static gboolean
read_char (const char **cursor,
           char         c)
{
  if (**cursor != c)
    return FALSE;
  (*cursor)++;
  return TRUE;
}

/* Reads "YYYY-MM-DD" and checks it is a real day; sets an error naming @field otherwise. */
static gboolean
read_date (const char **cursor,
           const char  *text,
           const char  *field,
           const char  *expected,
           int         *out_year,
           int         *out_month,
           int         *out_day,
           GError     **error)
{
  if (!read_digits (cursor, 4, out_year) || !read_char (cursor, '-') || !read_digits (cursor, 2, out_month)
      || !read_char (cursor, '-') || !read_digits (cursor, 2, out_day))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "“%.64s” is not %s", text, expected);
      return FALSE;
    }

  if (*out_year < 1)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "Year %04d is out of range", *out_year);
      return FALSE;
    }
  if (*out_month < 1 || *out_month > 12)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "Month %02d is out of range", *out_month);
      return FALSE;
    }
  if (*out_day < 1 || *out_day > days_in_month (*out_year, *out_month))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "%04d-%02d has no day %02d",
                           *out_year, *out_month, *out_day);
      return FALSE;
    }

  return TRUE;
}

gboolean
ccal_time_parse_rfc3339 (const char *text,
                         const char *field,
                         gint64     *out_usec,
                         GError    **error)
{
  static const char expected[] = "an RFC 3339 time such as 2026-12-01T09:00:00Z or 2026-12-01T10:00:00+01:00";
  const char *p = text;
  int year, month, day, hour, minute, second;
  int usec = 0;
  int offset = 0;
  gint64 seconds;

  if (text == NULL || *text == '\0')
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "A time is required, %s", expected);
      return FALSE;
    }

  if (!read_date (&p, text, field, expected, &year, &month, &day, error))
    return FALSE;

  /* RFC 3339 allows a space for readability, but the API contract does not: only T or t. */
  if (!(read_char (&p, 'T') || read_char (&p, 't')) || !read_digits (&p, 2, &hour) || !read_char (&p, ':')
      || !read_digits (&p, 2, &minute) || !read_char (&p, ':') || !read_digits (&p, 2, &second))
    goto malformed;

  if (*p == '.')
    {
      int n_digits = 0;
      int scale = 100000;

      for (p++; g_ascii_isdigit (*p); p++, n_digits++)
        {
          /* Digits past microseconds are read but dropped (truncated, not rounded). */
          if (scale > 0)
            {
              usec += (*p - '0') * scale;
              scale /= 10;
            }
        }
      if (n_digits == 0 || n_digits > 9)
        goto malformed;
    }

  if (*p == 'Z' || *p == 'z')
    p++;
  else if (*p == '+' || *p == '-')
    {
      int sign = *p == '-' ? -1 : 1;
      int offset_hours, offset_minutes;

      p++;
      if (!read_digits (&p, 2, &offset_hours) || !read_char (&p, ':') || !read_digits (&p, 2, &offset_minutes))
        goto malformed;
      if (offset_hours > 23 || offset_minutes > 59)
        {
          ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "UTC offset %c%02d:%02d is out of range",
                               sign < 0 ? '-' : '+', offset_hours, offset_minutes);
          return FALSE;
        }
      offset = sign * (offset_hours * 3600 + offset_minutes * 60);
    }
  else
    goto malformed;

  if (*p != '\0')
    goto malformed;

  if (hour > 23 || minute > 59 || second > 60)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "Time of day %02d:%02d:%02d is out of range",
                           hour, minute, second);
      return FALSE;
    }
  /* A leap second is folded into the second before it; instants here have no leap seconds. */
  if (second == 60)
    second = 59;

  seconds = days_from_civil (year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offset;
  if (out_usec != NULL)
    *out_usec = seconds * CCAL_USEC_PER_SECOND + usec;
  return TRUE;

malformed:
  ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "“%.64s” is not %s", text, expected);
  return FALSE;
}

/* Writes @value as exactly @width decimal digits, zero-padded. */
static void
put_digits (char *out,
            int   value,
            int   width)
{
  for (int i = width - 1; i >= 0; i--)
    {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
}

char *
ccal_time_format_rfc3339 (gint64 usec)
{
  gint64 seconds = floor_div (usec, CCAL_USEC_PER_SECOND);
  int fraction = usec - seconds * CCAL_USEC_PER_SECOND;
  CcalWallClock wall;
  char digits[8];
  int n_digits = 6;

  wall_from_naive_seconds (seconds, &wall);
  if (fraction == 0 && wall.year >= 0 && wall.year <= 9999)
    {
      /* The common case, by hand: servers format every slot of every answer, and printf's
       * format parsing was a third of an availability request's work. */
      char *text = g_malloc (sizeof "2026-12-01T09:00:00Z");

      put_digits (text, wall.year, 4);
      text[4] = '-';
      put_digits (text + 5, wall.month, 2);
      text[7] = '-';
      put_digits (text + 8, wall.day, 2);
      text[10] = 'T';
      put_digits (text + 11, wall.hour, 2);
      text[13] = ':';
      put_digits (text + 14, wall.minute, 2);
      text[16] = ':';
      put_digits (text + 17, wall.second, 2);
      text[19] = 'Z';
      text[20] = '\0';
      return text;
    }
  if (fraction == 0)
    return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02dZ", wall.year, wall.month, wall.day, wall.hour,
                            wall.minute, wall.second);

  g_snprintf (digits, sizeof digits, "%06d", fraction);
  while (digits[n_digits - 1] == '0')
    n_digits--;
  digits[n_digits] = '\0';

  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%sZ", wall.year, wall.month, wall.day, wall.hour,
                          wall.minute, wall.second, digits);
}

gboolean
ccal_date_parse (const char *text,
                 const char *field,
                 GDate      *out_date,
                 GError    **error)
{
  static const char expected[] = "a date such as 2026-12-01";
  const char *p = text;
  int year, month, day;

  if (text == NULL || *text == '\0')
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "A date is required, %s", expected);
      return FALSE;
    }

  if (!read_date (&p, text, field, expected, &year, &month, &day, error))
    return FALSE;

  if (*p != '\0')
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "“%.64s” is not %s", text, expected);
      return FALSE;
    }

  if (out_date != NULL)
    g_date_set_dmy (out_date, day, month, year);
  return TRUE;
}

char *
ccal_date_format (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%04d-%02d-%02d", (int) g_date_get_year (date), (int) g_date_get_month (date),
                          (int) g_date_get_day (date));
}

/* ---- Zones ---- */

/* Asks libical directly: exact for any instant, but allocates and costs ~0.5 µs. */
static int
ical_offset_at (ICalTimezone *ical,
                gint64        seconds)
{
  g_autoptr(ICalTime) tt = i_cal_time_new_from_timet_with_zone ((time_t) seconds, FALSE,
                                                                 i_cal_timezone_get_utc_timezone ());

  return i_cal_timezone_get_utc_offset_of_utc_time (ical, tt, NULL);
}

static int
parse_month_abbrev (const char *name)
{
  static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

  for (int i = 0; i < 12; i++)
    if (strcmp (name, months[i]) == 0)
      return i + 1;
  return 0;
}

/* One line of i_cal_timezone_dump_changes(): "LOCATION\t28 Mar 2027\t 1:00:00\t+0200" (UTC time the
 * offset starts, then the offset as ±HHMM or ±HHMMSS). */
static gboolean
parse_dump_line (const char     *line,
                 ZoneTransition *out)
{
  const char *tab = strchr (line, '\t');
  char month_name[4];
  int day, year, hour, minute, second, n_chars = 0;
  const char *offset_text;
  gsize offset_len;
  int sign, value;
  int month;

  if (tab == NULL)
    return FALSE;
  if (sscanf (tab + 1, "%d %3s %d\t%d:%d:%d\t%n", &day, month_name, &year, &hour, &minute, &second, &n_chars) != 6
      || n_chars == 0)
    return FALSE;

  month = parse_month_abbrev (month_name);
  if (month == 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return FALSE;

  offset_text = tab + 1 + n_chars;
  offset_len = strlen (offset_text);
  if ((offset_len != 5 && offset_len != 7) || (offset_text[0] != '+' && offset_text[0] != '-'))
    return FALSE;
  sign = offset_text[0] == '-' ? -1 : 1;
  offset_text++;

  {
    int hh, mm, ss = 0;

    if (!read_digits (&offset_text, 2, &hh) || !read_digits (&offset_text, 2, &mm)
        || (offset_len == 7 && !read_digits (&offset_text, 2, &ss)))
      return FALSE;
    value = hh * 3600 + mm * 60 + ss;
  }

  out->at = days_from_civil (year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
  out->offset = sign * value;
  return TRUE;
}

/* libical-glib has no accessor for a zone's transitions, but it can print them; reading that print once
 * per zone turns every later offset lookup into a binary search without allocation. If the print ever
 * looks different, the table stays empty and every lookup asks libical. */
static void
zone_build_table (CcalZone *zone)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  int last_year = g_date_time_get_year (now) + ZONE_TABLE_YEARS_AHEAD;
  g_autoptr(GArray) transitions = g_array_new (FALSE, FALSE, sizeof (ZoneTransition));
  g_autofree char *dump = NULL;
  size_t dump_len = 0;
  g_auto(GStrv) lines = NULL;
  FILE *stream;

  stream = open_memstream (&dump, &dump_len);
  if (stream == NULL)
    return;
  i_cal_timezone_dump_changes (zone->ical, last_year, stream);
  if (fclose (stream) != 0 || dump == NULL)
    return;

  lines = g_strsplit (dump, "\n", -1);
  for (gsize i = 0; lines[i] != NULL; i++)
    {
      ZoneTransition transition;

      if (lines[i][0] == '\0')
        continue;
      if (!parse_dump_line (lines[i], &transition))
        return;
      if (transitions->len > 0 && g_array_index (transitions, ZoneTransition, transitions->len - 1).at >= transition.at)
        return;
      g_array_append_val (transitions, transition);
    }

  if (transitions->len == 0)
    return;

  zone->n_transitions = transitions->len;
  zone->transitions = (ZoneTransition *) (void *) g_array_free (g_steal_pointer (&transitions), FALSE);
  zone->table_end = days_from_civil (last_year + 1, 1, 1) * SECONDS_PER_DAY;
}

/* IANA ids are ASCII path-like names; refusing anything else keeps odd input (“../”, absolute paths)
 * away from libical's zone file loader. */
static gboolean
tzid_looks_valid (const char *tzid)
{
  gsize len = strlen (tzid);

  if (len == 0 || len > 64 || tzid[0] == '/' || tzid[len - 1] == '/')
    return FALSE;

  for (const char *p = tzid; *p != '\0'; p++)
    {
      if (!(g_ascii_isalnum (*p) || *p == '/' || *p == '_' || *p == '-' || *p == '+'))
        return FALSE;
      if (*p == '/' && p[1] == '/')
        return FALSE;
    }

  return TRUE;
}

static CcalZone *
zone_lookup (const char *tzid)
{
  CcalZone *zone;
  ICalTimezone *ical;

  if (tzid == NULL || !tzid_looks_valid (tzid))
    return NULL;

  g_mutex_lock (&zone_lock);

  if (zones == NULL)
    zones = g_hash_table_new (g_str_hash, g_str_equal);

  zone = g_hash_table_lookup (zones, tzid);
  if (zone != NULL)
    goto out;

  /* Unknown ids are not remembered: they would let a client grow the table without bound. */
  if (g_str_equal (tzid, "UTC"))
    ical = i_cal_timezone_get_utc_timezone ();
  else
    ical = i_cal_timezone_get_builtin_timezone (tzid);
  if (ical == NULL)
    goto out;

  zone = g_new0 (CcalZone, 1);
  zone->ical = ical;
  zone->is_utc = ical == i_cal_timezone_get_utc_timezone ();
  if (!zone->is_utc)
    zone_build_table (zone);
  g_hash_table_insert (zones, g_strdup (tzid), zone);

out:
  g_mutex_unlock (&zone_lock);
  return zone;
}

static int
zone_offset_at (const CcalZone *zone,
                gint64          seconds)
{
  gsize lo, hi;

  if (zone->is_utc)
    return 0;

  if (zone->n_transitions == 0 || seconds < zone->transitions[0].at || seconds >= zone->table_end)
    return ical_offset_at (zone->ical, seconds);

  /* The last transition at or before @seconds. */
  lo = 0;
  hi = zone->n_transitions;
  while (hi - lo > 1)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (zone->transitions[mid].at <= seconds)
        lo = mid;
      else
        hi = mid;
    }

  return zone->transitions[lo].offset;
}

static CcalZone *
zone_lookup_or_error (const char *tzid,
                      GError    **error)
{
  CcalZone *zone = zone_lookup (tzid);

  if (zone == NULL)
    ccal_core_set_error (error, CCAL_CORE_ERROR_UNKNOWN_TIMEZONE, "timezone", "“%.64s” is not a known time zone",
                         tzid != NULL ? tzid : "");
  return zone;
}

ICalTimezone *
ccal_ical_zone_lookup (const char *tzid)
{
  CcalZone *zone = zone_lookup (tzid);

  return zone != NULL ? zone->ical : NULL;
}

gboolean
ccal_time_zone_is_known (const char *tzid)
{
  return zone_lookup (tzid) != NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Under zone_lock: libical's builtin array grows when an alias is first looked up, which our lookups
 * only do under the same lock. */
static GStrv
collect_zone_ids (void)
{
  ICalArray *builtin = i_cal_timezone_get_builtin_timezones ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  gint n = builtin != NULL ? i_cal_array_size (builtin) : 0;

  for (gint i = 0; i < n; i++)
    {
      g_autoptr(ICalTimezone) ical = i_cal_timezone_array_element_at (builtin, i);
      const char *location;

      if (ical == NULL)
        continue;

      /* Aliases (US/Eastern…) join this array once something looks them up. Unlike the zone.tab
       * entries they carry no coordinates; leaving them out keeps the list the same all along. */
      if (i_cal_timezone_get_latitude (ical) == 0.0 && i_cal_timezone_get_longitude (ical) == 0.0)
        continue;

      location = i_cal_timezone_get_location (ical);
      if (location != NULL && tzid_looks_valid (location))
        g_ptr_array_add (ids, g_strdup (location));
    }
  g_ptr_array_add (ids, g_strdup ("UTC"));

  g_ptr_array_sort (ids, compare_strings);
  for (guint i = 1; i < ids->len;)
    {
      if (strcmp (g_ptr_array_index (ids, i - 1), g_ptr_array_index (ids, i)) == 0)
        g_ptr_array_remove_index (ids, i);
      else
        i++;
    }

  g_ptr_array_add (ids, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&ids), FALSE);
}

GStrv
ccal_time_zone_list (void)
{
  static GStrv ids;  /* computed once; the zone data does not change while we run */
  GStrv copy;

  g_mutex_lock (&zone_lock);
  if (ids == NULL)
    ids = collect_zone_ids ();
  copy = g_strdupv (ids);
  g_mutex_unlock (&zone_lock);

  return copy;
}

gboolean
ccal_time_zone_get_offset (const char *tzid,
                           gint64      usec,
                           int        *out_offset_seconds,
                           GError    **error)
{
  CcalZone *zone = zone_lookup_or_error (tzid, error);

  if (zone == NULL)
    return FALSE;

  if (out_offset_seconds != NULL)
    *out_offset_seconds = zone_offset_at (zone, floor_div (usec, CCAL_USEC_PER_SECOND));
  return TRUE;
}

char *
ccal_time_format_utc_offset (int offset_seconds)
{
  char sign = offset_seconds < 0 ? '-' : '+';
  int magnitude = ABS (offset_seconds);

  /* Only historical local mean times have seconds; show them rather than round them away. */
  if (magnitude % 60 != 0)
    return g_strdup_printf ("%c%02d:%02d:%02d", sign, magnitude / 3600, (magnitude / 60) % 60, magnitude % 60);

  return g_strdup_printf ("%c%02d:%02d", sign, magnitude / 3600, (magnitude / 60) % 60);
}

gboolean
ccal_time_to_wall_clock (gint64         usec,
                         const char    *tzid,
                         CcalWallClock *out_wall,
                         GError       **error)
{
  CcalZone *zone = zone_lookup_or_error (tzid, error);
  gint64 seconds;

  if (zone == NULL)
    return FALSE;

  seconds = floor_div (usec, CCAL_USEC_PER_SECOND);
  if (out_wall != NULL)
    wall_from_naive_seconds (seconds + zone_offset_at (zone, seconds), out_wall);
  return TRUE;
}

static gboolean
wall_is_valid (const CcalWallClock *wall,
               GError             **error)
{
  if (wall->year < 1 || wall->month < 1 || wall->month > 12 || wall->day < 1
      || wall->day > days_in_month (wall->year, wall->month) || wall->hour < 0 || wall->hour > 23
      || wall->minute < 0 || wall->minute > 59 || wall->second < 0 || wall->second > 59)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, NULL, "%04d-%02d-%02d %02d:%02d:%02d is not a valid time",
                           wall->year, wall->month, wall->day, wall->hour, wall->minute, wall->second);
      return FALSE;
    }
  return TRUE;
}

/* The instants (seconds) at which @zone shows @naive (a wall reading as seconds), sorted; also the
 * offset in force just before, which a gap needs. */
static int
zone_resolve_wall (const CcalZone *zone,
                   gint64          naive,
                   gint64          out_seconds[2],
                   int            *out_offset_before)
{
  /* Every offset the zone can have around this wall reading: no zone is more than a day from UTC, so
   * the offsets a day either side (and at the reading) cover any single transition nearby. */
  int candidates[3] = {
    zone_offset_at (zone, naive - SECONDS_PER_DAY),
    zone_offset_at (zone, naive),
    zone_offset_at (zone, naive + SECONDS_PER_DAY),
  };
  gint64 found[3];
  int n_found = 0;

  *out_offset_before = candidates[0];

  for (int i = 0; i < 3; i++)
    {
      gint64 instant = naive - candidates[i];
      int at = n_found;

      if (zone_offset_at (zone, instant) != candidates[i])
        continue;

      /* Insertion into the (at most three) sorted instants found so far, without duplicates. */
      while (at > 0 && found[at - 1] > instant)
        at--;
      if (at > 0 && found[at - 1] == instant)
        continue;
      memmove (found + at + 1, found + at, (n_found - at) * sizeof (gint64));
      found[at] = instant;
      n_found++;
    }

  /* Two transitions within a day would be needed for a third reading; keep the earliest two. */
  n_found = MIN (n_found, 2);
  memcpy (out_seconds, found, n_found * sizeof (gint64));
  return n_found;
}

int
ccal_time_from_wall_clock_all (const CcalWallClock *wall,
                               const char          *tzid,
                               gint64               out_instants[2],
                               GError             **error)
{
  CcalZone *zone;
  gint64 seconds[2];
  int offset_before;
  int n;

  g_return_val_if_fail (wall != NULL, -1);

  zone = zone_lookup_or_error (tzid, error);
  if (zone == NULL || !wall_is_valid (wall, error))
    return -1;

  n = zone_resolve_wall (zone, naive_seconds (wall), seconds, &offset_before);
  for (int i = 0; i < n; i++)
    out_instants[i] = seconds[i] * CCAL_USEC_PER_SECOND;
  return n;
}

gboolean
ccal_time_from_wall_clock (const CcalWallClock *wall,
                           const char          *tzid,
                           gint64              *out_usec,
                           GError             **error)
{
  CcalZone *zone;
  gint64 naive;
  gint64 seconds[2];
  int offset_before;
  int n;

  g_return_val_if_fail (wall != NULL, FALSE);

  zone = zone_lookup_or_error (tzid, error);
  if (zone == NULL || !wall_is_valid (wall, error))
    return FALSE;

  naive = naive_seconds (wall);
  n = zone_resolve_wall (zone, naive, seconds, &offset_before);

  /* In a gap, reading the wall time with the offset from before the change moves it forward by the
   * gap's length: 02:30 on a spring-forward night becomes 03:30. */
  if (out_usec != NULL)
    *out_usec = (n > 0 ? seconds[0] : naive - offset_before) * CCAL_USEC_PER_SECOND;
  return TRUE;
}

gboolean
ccal_time_day_bounds (const GDate *date,
                      const char  *tzid,
                      gint64      *out_start,
                      gint64      *out_end,
                      GError     **error)
{
  CcalWallClock midnight = { 0 };
  GDate next;

  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  midnight.year = g_date_get_year (date);
  midnight.month = g_date_get_month (date);
  midnight.day = g_date_get_day (date);
  /* Where midnight falls in a gap (some zones change at 00:00) the day starts when the gap ends. */
  if (!ccal_time_from_wall_clock (&midnight, tzid, out_start, error))
    return FALSE;

  next = *date;
  g_date_add_days (&next, 1);
  midnight.year = g_date_get_year (&next);
  midnight.month = g_date_get_month (&next);
  midnight.day = g_date_get_day (&next);
  return ccal_time_from_wall_clock (&midnight, tzid, out_end, error);
}

gboolean
ccal_time_to_date (gint64      usec,
                   const char *tzid,
                   GDate      *out_date,
                   GError    **error)
{
  CcalWallClock wall;

  if (!ccal_time_to_wall_clock (usec, tzid, &wall, error))
    return FALSE;

  if (out_date != NULL)
    g_date_set_dmy (out_date, wall.day, wall.month, wall.year);
  return TRUE;
}
