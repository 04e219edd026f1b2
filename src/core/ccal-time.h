/* ccal-time.h — RFC 3339 instants, calendar dates and IANA time zones (libical-glib zone data)
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ccal-core-types.h"

G_BEGIN_DECLS

/* A wall-clock reading in some zone. */
typedef struct
{
  int year;
  int month;   /* 1–12 */
  int day;     /* 1–31 */
  int hour;    /* 0–23 */
  int minute;  /* 0–59 */
  int second;  /* 0–59 */
} CcalWallClock;

/* "2026-12-01T09:00:00Z", "…+01:00", "…T09:00:00.250-05:30"; anything else is CCAL_CORE_ERROR_INVALID
 * naming @field (which may be NULL). */
gboolean ccal_time_parse_rfc3339      (const char          *text,
                                       const char          *field,
                                       gint64              *out_usec,
                                       GError             **error);

/* Always UTC with "Z"; fractional seconds only when there are any (trailing zeros trimmed). */
char    *ccal_time_format_rfc3339     (gint64               usec);

/* A calendar date "YYYY-MM-DD". */
gboolean ccal_date_parse              (const char          *text,
                                       const char          *field,
                                       GDate               *out_date,
                                       GError             **error);
char    *ccal_date_format             (const GDate         *date);

/* Is @tzid an IANA zone id known to the zone data ("UTC" included)? */
gboolean ccal_time_zone_is_known      (const char          *tzid);

/* Sorted IANA ids with a usable zone; transfer full, NULL-terminated. */
GStrv    ccal_time_zone_list          (void);

/* Offset from UTC in seconds that @tzid has at @usec. */
gboolean ccal_time_zone_get_offset    (const char          *tzid,
                                       gint64               usec,
                                       int                 *out_offset_seconds,
                                       GError             **error);

/* "+01:00" style; @offset_seconds as from ccal_time_zone_get_offset(). */
char    *ccal_time_format_utc_offset  (int                  offset_seconds);

gboolean ccal_time_to_wall_clock      (gint64               usec,
                                       const char          *tzid,
                                       CcalWallClock       *out_wall,
                                       GError             **error);

/* Every instant at which @tzid shows @wall: 0 in a DST gap, 2 in an overlap (earlier first), else 1.
 * Returns the count, or -1 with @error set for an unknown zone. */
int      ccal_time_from_wall_clock_all (const CcalWallClock *wall,
                                        const char          *tzid,
                                        gint64               out_instants[2],
                                        GError             **error);

/* One instant for @wall: in an overlap the earlier one; in a gap the wall time is moved forward by
 * the gap's length (02:30 on a spring-forward night becomes 03:30), as calendars usually do. */
gboolean ccal_time_from_wall_clock    (const CcalWallClock *wall,
                                       const char          *tzid,
                                       gint64              *out_usec,
                                       GError             **error);

/* The instants of local midnight starting @date and the next day: 23 or 25 hours on DST days. */
gboolean ccal_time_day_bounds         (const GDate         *date,
                                       const char          *tzid,
                                       gint64              *out_start,
                                       gint64              *out_end,
                                       GError             **error);

/* The calendar date @usec falls on in @tzid. */
gboolean ccal_time_to_date            (gint64               usec,
                                       const char          *tzid,
                                       GDate               *out_date,
                                       GError             **error);

G_END_DECLS
