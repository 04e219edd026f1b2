/* ccal-weekly-hours.h — an admin's weekly hours and date overrides, read from and written as events
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server knows only events: availability windows (bookable) and blocked/ordinary events (busy),
 * see ccal_availability_compute_day (). This file is the translation between those and what an
 * availability editor shows:
 *
 * - Weekly hours: one `availability` event per distinct time range, repeating
 *   "FREQ=WEEKLY;BYDAY=…" on the weekdays that have that range (as the demo data writes
 *   "Mon–Fri 09:00–12:00"). Only such plain weekly series (no UNTIL, COUNT or INTERVAL, not all-day,
 *   within one day) are read as weekly hours; any other availability event is left as it is.
 * - A day off on a date: an all-day `blocked` event on it (as the demo data's "Day off"); busy time
 *   removes every window of that day, whatever the weekly hours say later.
 * - Different hours on a date: every recurring availability series loses its occurrences on that
 *   date (EXDATE), and one-off `availability` events carrying metadata
 *   {"availability_override": "YYYY-MM-DD"} give that date's hours. Weekly saves keep those
 *   EXDATEs on the series they rewrite, so an override survives a change of the weekly hours.
 *
 * Plans are lists of changes for ccal_sync_save_event () / ccal_sync_delete_event (): nothing here
 * touches the cache or the network. Dates are calendar days in the settings' zone.
 */
#pragma once

#include <glib-object.h>

#include "ccal-event.h"

G_BEGIN_DECLS

#define CCAL_WEEKLY_HOURS_N_DAYS       7                        /* Monday = 0 … Sunday = 6 */
#define CCAL_HOURS_MINUTES_PER_DAY     (24 * 60)
#define CCAL_OVERRIDE_METADATA_KEY     "availability_override"  /* "YYYY-MM-DD" on one-off windows */

/* A time range within a day, in minutes after local midnight: 0 ≤ start < end ≤ 1440. */
typedef struct
{
  int start;
  int end;
} CcalHoursRange;

/* "09:00", "9:00", "9", "0900"; "24:00" only when @is_end. FALSE for anything else. */
gboolean    ccal_hours_parse_time        (const char  *text,
                                          gboolean     is_end,
                                          int         *out_minutes);
/* "09:00" (24-hour, as the entries take it). */
char       *ccal_hours_format_time       (int          minutes);

/* The field-name part of a weekday ("monday" … "sunday"), as validation errors name it. */
const char *ccal_weekly_hours_day_name   (guint        day);

typedef struct _CcalWeeklyHours CcalWeeklyHours;

#define CCAL_TYPE_WEEKLY_HOURS (ccal_weekly_hours_get_type ())
GType                  ccal_weekly_hours_get_type          (void) G_GNUC_CONST;

CcalWeeklyHours       *ccal_weekly_hours_new               (void);
CcalWeeklyHours       *ccal_weekly_hours_copy              (const CcalWeeklyHours *self);
void                   ccal_weekly_hours_free              (CcalWeeklyHours       *self);
/* Same ranges on every day, in any order. */
gboolean               ccal_weekly_hours_equal             (const CcalWeeklyHours *a,
                                                            const CcalWeeklyHours *b);

/* The ranges of @day in the order they were added (the order a form shows). */
const CcalHoursRange  *ccal_weekly_hours_get_ranges        (const CcalWeeklyHours *self,
                                                            guint                  day,
                                                            guint                 *out_n_ranges);
void                   ccal_weekly_hours_add_range         (CcalWeeklyHours       *self,
                                                            guint                  day,
                                                            int                    start,
                                                            int                    end);
void                   ccal_weekly_hours_set_range         (CcalWeeklyHours       *self,
                                                            guint                  day,
                                                            guint                  index,
                                                            int                    start,
                                                            int                    end);
void                   ccal_weekly_hours_remove_range      (CcalWeeklyHours       *self,
                                                            guint                  day,
                                                            guint                  index);
void                   ccal_weekly_hours_clear_day         (CcalWeeklyHours       *self,
                                                            guint                  day);
/* Every other day gets @day's ranges. */
void                   ccal_weekly_hours_copy_day_to_all   (CcalWeeklyHours       *self,
                                                            guint                  day);

/* Each range ends after it starts and no two ranges of a day overlap. CCAL_CORE_ERROR_INVALID naming
 * the field "DAY.N.end" when range N ends before it starts, "DAY.N.start" when it overlaps an
 * earlier range (N counts from 1, e.g. "monday.2.end"); the message is English, for logs and
 * tests: a form words its own from the field. */
gboolean               ccal_weekly_hours_validate          (const CcalWeeklyHours *self,
                                                            GError               **error);
/* The same check for one date's ranges; fields "N.start" / "N.end" with @prefix (may be NULL)
 * before them; @label starts the message. */
gboolean               ccal_hours_ranges_validate          (const CcalHoursRange  *ranges,
                                                            guint                  n_ranges,
                                                            const char            *prefix,
                                                            const char            *label,
                                                            GError               **error);

/* Is @event one of the plain weekly availability series read as weekly hours? */
gboolean               ccal_weekly_hours_is_weekly_event   (CcalEvent             *event);

/* The weekly hours the plain weekly series among @events (CcalEvent, any kinds) give, each read on
 * the wall clock of its own zone. */
CcalWeeklyHours       *ccal_weekly_hours_new_from_events   (GPtrArray             *events);

/* What to send: events to save (id NULL: new) and ids to delete. */
typedef struct
{
  GPtrArray *save;        /* CcalEvent */
  GPtrArray *delete_ids;  /* char * */
} CcalEventChanges;

void ccal_event_changes_free (CcalEventChanges *changes);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalEventChanges, ccal_event_changes_free)

/* Where new events go and what they are called. */
typedef struct
{
  const char *workspace_id;
  const char *admin_id;
  const char *tzid;        /* the settings' zone: new and rewritten events run in it */
  const char *title;       /* of new events ("Office hours", "Day off") */
  GDate       today;       /* in @tzid: new weekly series start on or after it */
} CcalHoursTarget;

/* The fewest changes that turn the weekly series among @events into @hours: a series whose range
 * and days already match is left alone; one whose range matches gets its new days; others are
 * rewritten in place (keeping their id, first date and EXDATEs, moved to the new time); only what
 * is left over is created or deleted. Every series keeps the EXDATEs of the dates that have
 * different hours. @hours must be valid. */
CcalEventChanges      *ccal_weekly_hours_plan              (const CcalWeeklyHours *hours,
                                                            GPtrArray             *events,
                                                            const CcalHoursTarget *target,
                                                            GError               **error);

/* ── date overrides ─────────────────────────────────────────────────────────────────────────── */

typedef enum
{
  CCAL_DATE_OVERRIDE_DAY_OFF,
  CCAL_DATE_OVERRIDE_HOURS,
} CcalDateOverrideKind;

typedef struct
{
  GDate                 date;
  CcalDateOverrideKind  kind;
  GArray               *ranges;     /* CcalHoursRange, sorted; empty for a day off */
  char                 *title;      /* a day off's event title */
  GPtrArray            *event_ids;  /* char *: the events that make it */
} CcalDateOverride;

void ccal_date_override_free (CcalDateOverride *override);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalDateOverride, ccal_date_override_free)

/* The overrides in @events on @from or later (dates in @tzid), sorted by date; a day off wins over
 * different hours on the same date. CcalDateOverride. */
GPtrArray             *ccal_date_overrides_from_events     (GPtrArray             *events,
                                                            const char            *tzid,
                                                            const GDate           *from);

/* Sets @date to a day off (@ranges ignored) or to @ranges (valid, at least one), replacing any
 * override it had. */
CcalEventChanges      *ccal_date_override_plan_set         (GPtrArray             *events,
                                                            const GDate           *date,
                                                            CcalDateOverrideKind   kind,
                                                            const CcalHoursRange  *ranges,
                                                            guint                  n_ranges,
                                                            const CcalHoursTarget *target,
                                                            GError               **error);
/* Gives @date its weekly hours back. */
CcalEventChanges      *ccal_date_override_plan_remove      (GPtrArray             *events,
                                                            const GDate           *date,
                                                            const char            *tzid,
                                                            GError               **error);

/* @events with @changes applied (a saved event replaces the one with its id, or is added when its
 * id is NULL or unknown; deleted ones go): what the schedule will be once they are sent, for a
 * preview. New array. */
GPtrArray             *ccal_event_changes_apply            (CcalEventChanges      *changes,
                                                            GPtrArray             *events);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalWeeklyHours, ccal_weekly_hours_free)

G_END_DECLS
