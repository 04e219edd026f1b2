/* ccal-weekly-hours.c — an admin's weekly hours and date overrides, read from and written as events
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-client"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ccal-recurrence.h"
#include "ccal-time.h"
#include "ccal-weekly-hours.h"

struct _CcalWeeklyHours
{
  GArray *days[CCAL_WEEKLY_HOURS_N_DAYS];   /* CcalHoursRange */
};

G_DEFINE_BOXED_TYPE (CcalWeeklyHours, ccal_weekly_hours, ccal_weekly_hours_copy, ccal_weekly_hours_free)

/* RFC 5545 day codes, Monday first. */
static const char * const day_codes[CCAL_WEEKLY_HOURS_N_DAYS] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };
static const char * const day_names[CCAL_WEEKLY_HOURS_N_DAYS] = {
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

/* ── times of day ─────────────────────────────────────────────────────────────────────────────── */

gboolean
ccal_hours_parse_time (const char *text,
                       gboolean    is_end,
                       int        *out_minutes)
{
  g_autofree char *stripped = NULL;
  const char *colon;
  char digits[5] = { 0 };
  gsize n_digits = 0;
  int hour, minute = 0;

  g_return_val_if_fail (out_minutes != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  stripped = g_strstrip (g_strdup (text));
  colon = strchr (stripped, ':');

  for (const char *p = stripped; *p != '\0'; p++)
    {
      if (p == colon)
        continue;
      if (!g_ascii_isdigit (*p) || n_digits == 4)
        return FALSE;
      digits[n_digits++] = *p;
    }

  if (colon != NULL)
    {
      gsize hour_digits = (gsize) (colon - stripped);

      /* "9:30", "09:30": one or two hour digits, exactly two minute digits. */
      if (hour_digits < 1 || hour_digits > 2 || n_digits - hour_digits != 2)
        return FALSE;
      minute = atoi (digits + hour_digits);
      digits[hour_digits] = '\0';
      hour = atoi (digits);
    }
  else if (n_digits >= 1 && n_digits <= 2)
    hour = atoi (digits);
  else if (n_digits >= 3)
    {
      /* "930", "0930" */
      minute = atoi (digits + n_digits - 2);
      digits[n_digits - 2] = '\0';
      hour = atoi (digits);
    }
  else
    return FALSE;

  if (minute > 59 || hour > 24 || (hour == 24 && (minute != 0 || !is_end)))
    return FALSE;

  *out_minutes = hour * 60 + minute;
  return TRUE;
}

char *
ccal_hours_format_time (int minutes)
{
  return g_strdup_printf ("%02d:%02d", minutes / 60, minutes % 60);
}

const char *
ccal_weekly_hours_day_name (guint day)
{
  g_return_val_if_fail (day < CCAL_WEEKLY_HOURS_N_DAYS, NULL);
  return day_names[day];
}

/* ── the weekly hours value ───────────────────────────────────────────────────────────────────── */

CcalWeeklyHours *
ccal_weekly_hours_new (void)
{
  CcalWeeklyHours *self = g_new0 (CcalWeeklyHours, 1);

  for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
    self->days[day] = g_array_new (FALSE, FALSE, sizeof (CcalHoursRange));
  return self;
}

CcalWeeklyHours *
ccal_weekly_hours_copy (const CcalWeeklyHours *self)
{
  CcalWeeklyHours *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = ccal_weekly_hours_new ();
  for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
    g_array_append_vals (copy->days[day], self->days[day]->data, self->days[day]->len);
  return copy;
}

void
ccal_weekly_hours_free (CcalWeeklyHours *self)
{
  if (self == NULL)
    return;
  for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
    g_array_unref (self->days[day]);
  g_free (self);
}

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const CcalHoursRange *ra = a, *rb = b;

  if (ra->start != rb->start)
    return ra->start < rb->start ? -1 : 1;
  if (ra->end != rb->end)
    return ra->end < rb->end ? -1 : 1;
  return 0;
}

static GArray *
sorted_ranges (GArray *ranges)
{
  GArray *sorted = g_array_copy (ranges);

  g_array_sort (sorted, compare_ranges);
  return sorted;
}

gboolean
ccal_weekly_hours_equal (const CcalWeeklyHours *a,
                         const CcalWeeklyHours *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
    {
      g_autoptr (GArray) sa = sorted_ranges (a->days[day]);
      g_autoptr (GArray) sb = sorted_ranges (b->days[day]);

      if (sa->len != sb->len || (sa->len > 0 && memcmp (sa->data, sb->data, sa->len * sizeof (CcalHoursRange)) != 0))
        return FALSE;
    }
  return TRUE;
}

const CcalHoursRange *
ccal_weekly_hours_get_ranges (const CcalWeeklyHours *self,
                              guint                  day,
                              guint                 *out_n_ranges)
{
  g_return_val_if_fail (self != NULL && day < CCAL_WEEKLY_HOURS_N_DAYS, NULL);

  if (out_n_ranges != NULL)
    *out_n_ranges = self->days[day]->len;
  return (const CcalHoursRange *) (gconstpointer) self->days[day]->data;
}

void
ccal_weekly_hours_add_range (CcalWeeklyHours *self,
                             guint            day,
                             int              start,
                             int              end)
{
  CcalHoursRange range = { start, end };

  g_return_if_fail (self != NULL && day < CCAL_WEEKLY_HOURS_N_DAYS);
  g_array_append_val (self->days[day], range);
}

void
ccal_weekly_hours_set_range (CcalWeeklyHours *self,
                             guint            day,
                             guint            index,
                             int              start,
                             int              end)
{
  g_return_if_fail (self != NULL && day < CCAL_WEEKLY_HOURS_N_DAYS);
  g_return_if_fail (index < self->days[day]->len);

  g_array_index (self->days[day], CcalHoursRange, index).start = start;
  g_array_index (self->days[day], CcalHoursRange, index).end = end;
}

void
ccal_weekly_hours_remove_range (CcalWeeklyHours *self,
                                guint            day,
                                guint            index)
{
  g_return_if_fail (self != NULL && day < CCAL_WEEKLY_HOURS_N_DAYS);
  g_return_if_fail (index < self->days[day]->len);
  g_array_remove_index (self->days[day], index);
}

void
ccal_weekly_hours_clear_day (CcalWeeklyHours *self,
                             guint            day)
{
  g_return_if_fail (self != NULL && day < CCAL_WEEKLY_HOURS_N_DAYS);
  g_array_set_size (self->days[day], 0);
}

void
ccal_weekly_hours_copy_day_to_all (CcalWeeklyHours *self,
                                   guint            day)
{
  g_return_if_fail (self != NULL && day < CCAL_WEEKLY_HOURS_N_DAYS);

  for (guint other = 0; other < CCAL_WEEKLY_HOURS_N_DAYS; other++)
    {
      if (other == day)
        continue;
      g_array_set_size (self->days[other], 0);
      g_array_append_vals (self->days[other], self->days[day]->data, self->days[day]->len);
    }
}

gboolean
ccal_hours_ranges_validate (const CcalHoursRange  *ranges,
                            guint                  n_ranges,
                            const char            *prefix,
                            const char            *label,
                            GError               **error)
{
  g_return_val_if_fail (ranges != NULL || n_ranges == 0, FALSE);

  if (prefix == NULL)
    prefix = "";

  /* Ends first, in form order, so the first error is the first field a person reaches. */
  for (guint i = 0; i < n_ranges; i++)
    {
      g_autofree char *field = g_strdup_printf ("%s%u.end", prefix, i + 1);

      if (ranges[i].start < 0 || ranges[i].end > CCAL_HOURS_MINUTES_PER_DAY || ranges[i].end <= ranges[i].start)
        {
          ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "%s, range %u: the end must be after the start.",
                               label, i + 1);
          return FALSE;
        }
    }

  for (guint i = 1; i < n_ranges; i++)
    for (guint j = 0; j < i; j++)
      if (ranges[i].start < ranges[j].end && ranges[j].start < ranges[i].end)
        {
          g_autofree char *field = g_strdup_printf ("%s%u.start", prefix, i + 1);

          ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "%s, range %u overlaps range %u.", label, i + 1,
                               j + 1);
          return FALSE;
        }

  return TRUE;
}

gboolean
ccal_weekly_hours_validate (const CcalWeeklyHours *self,
                            GError               **error)
{
  static const char * const labels[CCAL_WEEKLY_HOURS_N_DAYS] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
  };

  g_return_val_if_fail (self != NULL, FALSE);

  for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
    {
      g_autofree char *prefix = g_strconcat (day_names[day], ".", NULL);

      if (!ccal_hours_ranges_validate ((const CcalHoursRange *) (gconstpointer) self->days[day]->data,
                                       self->days[day]->len, prefix, labels[day], error))
        return FALSE;
    }
  return TRUE;
}

/* ── reading events ───────────────────────────────────────────────────────────────────────────── */

static const char *
event_zone (CcalEvent *event)
{
  return event->timezone != NULL && event->timezone[0] != '\0' ? event->timezone : "UTC";
}

static gboolean
event_is_live (CcalEvent *event)
{
  return !event->deleted && event->status != CCAL_EVENT_STATUS_CANCELLED;
}

/* "FREQ=WEEKLY;BYDAY=MO,TU" (WKST and INTERVAL=1 allowed) → a Monday-first bit mask. */
static gboolean
parse_weekly_rule (const char *rrule,
                   guint      *out_mask)
{
  g_auto (GStrv) parts = NULL;
  gboolean weekly = FALSE;
  guint mask = 0;

  if (rrule == NULL)
    return FALSE;

  parts = g_strsplit (rrule, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *part = parts[i];

      if (part[0] == '\0')
        continue;
      if (g_ascii_strcasecmp (part, "FREQ=WEEKLY") == 0)
        weekly = TRUE;
      else if (g_ascii_strcasecmp (part, "INTERVAL=1") == 0 || g_ascii_strncasecmp (part, "WKST=", 5) == 0)
        continue;
      else if (g_ascii_strncasecmp (part, "BYDAY=", 6) == 0)
        {
          g_auto (GStrv) days = g_strsplit (part + 6, ",", -1);

          for (guint d = 0; days[d] != NULL; d++)
            {
              guint found = CCAL_WEEKLY_HOURS_N_DAYS;

              for (guint k = 0; k < CCAL_WEEKLY_HOURS_N_DAYS; k++)
                if (g_ascii_strcasecmp (days[d], day_codes[k]) == 0)
                  found = k;
              if (found == CCAL_WEEKLY_HOURS_N_DAYS)
                return FALSE;   /* "1MO", "-1FR": not a plain weekly rule */
              mask |= 1u << found;
            }
        }
      else
        return FALSE;   /* UNTIL, COUNT, INTERVAL=2, BYHOUR …: a rule this editor cannot show */
    }

  if (!weekly || mask == 0)
    return FALSE;
  *out_mask = mask;
  return TRUE;
}

static char *
format_weekly_rule (guint mask)
{
  GString *rule = g_string_new ("FREQ=WEEKLY;BYDAY=");
  gboolean first = TRUE;

  for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
    if (mask & (1u << day))
      {
        g_string_append_printf (rule, "%s%s", first ? "" : ",", day_codes[day]);
        first = FALSE;
      }
  return g_string_free (rule, FALSE);
}

static gboolean
read_weekly_event (CcalEvent      *event,
                   guint          *out_mask,
                   CcalHoursRange *out_range)
{
  CcalWallClock wall;
  gint64 duration = event->end_time - event->start_time;
  int start;

  if (event->type != CCAL_EVENT_TYPE_AVAILABILITY || !event_is_live (event) || event->is_all_day)
    return FALSE;
  if (!parse_weekly_rule (event->rrule, out_mask))
    return FALSE;
  if (duration <= 0 || duration % CCAL_USEC_PER_MINUTE != 0 || duration > CCAL_USEC_PER_DAY)
    return FALSE;
  if (!ccal_time_to_wall_clock (event->start_time, event_zone (event), &wall, NULL) || wall.second != 0)
    return FALSE;

  start = wall.hour * 60 + wall.minute;
  if (start + duration / CCAL_USEC_PER_MINUTE > CCAL_HOURS_MINUTES_PER_DAY)
    return FALSE;
  out_range->start = start;
  out_range->end = start + (int) (duration / CCAL_USEC_PER_MINUTE);
  return TRUE;
}

gboolean
ccal_weekly_hours_is_weekly_event (CcalEvent *event)
{
  CcalHoursRange range;
  guint mask;

  g_return_val_if_fail (CCAL_IS_EVENT (event), FALSE);
  return read_weekly_event (event, &mask, &range);
}

CcalWeeklyHours *
ccal_weekly_hours_new_from_events (GPtrArray *events)
{
  CcalWeeklyHours *self = ccal_weekly_hours_new ();

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CcalHoursRange range;
      guint mask;

      if (!read_weekly_event (g_ptr_array_index (events, i), &mask, &range))
        continue;
      for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
        if (mask & (1u << day))
          g_array_append_val (self->days[day], range);
    }

  /* Several series may give one day its ranges: show them in the order of the day. */
  for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
    g_array_sort (self->days[day], compare_ranges);
  return self;
}

/* ── changes ──────────────────────────────────────────────────────────────────────────────────── */

static CcalEventChanges *
event_changes_new (void)
{
  CcalEventChanges *changes = g_new0 (CcalEventChanges, 1);

  changes->save = g_ptr_array_new_with_free_func (g_object_unref);
  changes->delete_ids = g_ptr_array_new_with_free_func (g_free);
  return changes;
}

void
ccal_event_changes_free (CcalEventChanges *changes)
{
  if (changes == NULL)
    return;
  g_ptr_array_unref (changes->save);
  g_ptr_array_unref (changes->delete_ids);
  g_free (changes);
}

GPtrArray *
ccal_event_changes_apply (CcalEventChanges *changes,
                          GPtrArray        *events)
{
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (changes != NULL, result);

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CcalEvent *event = g_ptr_array_index (events, i);
      CcalEvent *replacement = event;
      gboolean deleted = FALSE;

      for (guint k = 0; k < changes->delete_ids->len; k++)
        deleted |= g_strcmp0 (g_ptr_array_index (changes->delete_ids, k), event->id) == 0;
      if (deleted)
        continue;
      for (guint k = 0; k < changes->save->len; k++)
        {
          CcalEvent *saved = g_ptr_array_index (changes->save, k);

          if (saved->id != NULL && g_strcmp0 (saved->id, event->id) == 0)
            replacement = saved;
        }
      g_ptr_array_add (result, g_object_ref (replacement));
    }

  for (guint k = 0; k < changes->save->len; k++)
    {
      CcalEvent *saved = g_ptr_array_index (changes->save, k);
      gboolean known = FALSE;

      for (guint i = 0; saved->id != NULL && events != NULL && i < events->len; i++)
        known |= g_strcmp0 (((CcalEvent *) g_ptr_array_index (events, i))->id, saved->id) == 0;
      if (!known)
        g_ptr_array_add (result, g_object_ref (saved));
    }
  return result;
}

static guint
weekday_index (const GDate *date)
{
  return (guint) g_date_get_weekday (date) - 1;   /* G_DATE_MONDAY is 1 */
}

static gboolean
wall_instant (const GDate *date,
              int          minutes,
              const char  *tzid,
              gint64      *out_usec,
              GError     **error)
{
  CcalWallClock wall = {
    .year = g_date_get_year (date),
    .month = g_date_get_month (date),
    .day = g_date_get_day (date),
    .hour = minutes / 60,
    .minute = minutes % 60,
  };

  if (minutes >= CCAL_HOURS_MINUTES_PER_DAY)
    {
      gint64 unused;

      return ccal_time_day_bounds (date, tzid, &unused, out_usec, error);
    }
  return ccal_time_from_wall_clock (&wall, tzid, out_usec, error);
}

static int
compare_instants (gconstpointer a,
                  gconstpointer b)
{
  gint64 ia = *(const gint64 *) a, ib = *(const gint64 *) b;

  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

static gboolean
exdates_equal (GArray *a,
               GArray *b)
{
  g_autoptr (GArray) sa = g_array_copy (a);
  g_autoptr (GArray) sb = g_array_copy (b);

  g_array_sort (sa, compare_instants);
  g_array_sort (sb, compare_instants);
  return sa->len == sb->len && (sa->len == 0 || memcmp (sa->data, sb->data, sa->len * sizeof (gint64)) == 0);
}

static void
exdates_add (GArray *exdates,
             gint64  instant)
{
  for (guint i = 0; i < exdates->len; i++)
    if (g_array_index (exdates, gint64, i) == instant)
      return;
  g_array_append_val (exdates, instant);
}

/* Starts of the occurrences of @event (its EXDATEs ignored) that overlap @date's day in @tzid. */
static GArray *
occurrences_on_date (CcalEvent   *event,
                     const GDate *date,
                     const char  *tzid,
                     GError     **error)
{
  g_autoptr (GArray) occurrences = NULL;
  GArray *starts;
  gint64 day_start, day_end;

  if (!ccal_time_day_bounds (date, tzid, &day_start, &day_end, error))
    return NULL;
  occurrences = ccal_recurrence_expand (event->rrule, event->start_time, event->end_time - event->start_time,
                                        event_zone (event), NULL, 0, day_start, day_end, error);
  if (occurrences == NULL)
    return NULL;

  starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < occurrences->len; i++)
    g_array_append_val (starts, g_array_index (occurrences, CcalInterval, i).start);
  return starts;
}

static gboolean
is_override_window (CcalEvent *event,
                    GDate     *out_date)
{
  const char *text;

  if (event->type != CCAL_EVENT_TYPE_AVAILABILITY || event->rrule != NULL || !event_is_live (event) ||
      event->metadata == NULL || !json_object_has_member (event->metadata, CCAL_OVERRIDE_METADATA_KEY))
    return FALSE;
  text = json_object_get_string_member_with_default (event->metadata, CCAL_OVERRIDE_METADATA_KEY, NULL);
  g_date_clear (out_date, 1);
  return text != NULL && ccal_date_parse (text, NULL, out_date, NULL);
}

/* All-day blocked time: the date it starts on (read at its first noon, as the core does). */
static gboolean
is_day_off (CcalEvent *event,
            GDate     *out_date)
{
  if (event->type != CCAL_EVENT_TYPE_BLOCKED || !event->is_all_day || event->rrule != NULL || !event_is_live (event))
    return FALSE;
  g_date_clear (out_date, 1);
  return ccal_time_to_date (event->start_time + CCAL_USEC_PER_DAY / 2, event_zone (event), out_date, NULL);
}

static gboolean
is_recurring_window (CcalEvent *event)
{
  return event->type == CCAL_EVENT_TYPE_AVAILABILITY && event->rrule != NULL && event_is_live (event);
}

/* ── weekly plan ──────────────────────────────────────────────────────────────────────────────── */

typedef struct
{
  CcalHoursRange range;
  guint          mask;
  CcalEvent     *event;   /* borrowed: the series that will carry it, or NULL for a new one */
} Group;

/* Gives @copy (a copy of @original, or a new event) the time, days and zone of @group, moving its
 * EXDATEs with it, and excludes the dates with different hours. */
static gboolean
shape_series (CcalEvent             *copy,
              CcalEvent             *original,
              const Group           *group,
              const CcalHoursTarget *target,
              GPtrArray             *overrides,
              GError               **error)
{
  g_autoptr (GArray) exdates = g_array_new (FALSE, FALSE, sizeof (gint64));
  GDate first;
  int old_start = -1;

  g_date_clear (&first, 1);
  if (original != NULL)
    {
      CcalHoursRange old_range;
      guint old_mask;

      if (!ccal_time_to_date (original->start_time, event_zone (original), &first, error))
        return FALSE;
      if (read_weekly_event (original, &old_mask, &old_range))
        old_start = old_range.start;
    }
  else
    first = target->today;

  /* The first occurrence must be one of the rule's days (RFC 5545 counts DTSTART regardless). */
  for (guint k = 0; k < CCAL_WEEKLY_HOURS_N_DAYS && !(group->mask & (1u << weekday_index (&first))); k++)
    g_date_add_days (&first, 1);

  if (!wall_instant (&first, group->range.start, target->tzid, &copy->start_time, error))
    return FALSE;
  copy->end_time = copy->start_time + (gint64) (group->range.end - group->range.start) * CCAL_USEC_PER_MINUTE;
  g_free (copy->rrule);
  copy->rrule = format_weekly_rule (group->mask);

  /* An excluded date stays excluded at the series' new time. */
  if (original != NULL)
    for (guint i = 0; i < original->exdates->len; i++)
      {
        gint64 exdate = g_array_index (original->exdates, gint64, i);
        GDate date;
        gint64 moved;

        if (old_start == group->range.start && g_strcmp0 (event_zone (original), target->tzid) == 0)
          {
            exdates_add (exdates, exdate);
            continue;
          }
        g_date_clear (&date, 1);
        if (!ccal_time_to_date (exdate, event_zone (original), &date, error) ||
            !wall_instant (&date, group->range.start, target->tzid, &moved, error))
          return FALSE;
        exdates_add (exdates, moved);
      }

  g_free (copy->timezone);
  copy->timezone = g_strdup (target->tzid);

  for (guint i = 0; i < overrides->len; i++)
    {
      CcalDateOverride *override = g_ptr_array_index (overrides, i);
      g_autoptr (GArray) starts = NULL;

      if (override->kind != CCAL_DATE_OVERRIDE_HOURS)
        continue;
      starts = occurrences_on_date (copy, &override->date, target->tzid, error);
      if (starts == NULL)
        return FALSE;
      for (guint k = 0; k < starts->len; k++)
        exdates_add (exdates, g_array_index (starts, gint64, k));
    }

  g_array_set_size (copy->exdates, 0);
  g_array_append_vals (copy->exdates, exdates->data, exdates->len);
  return TRUE;
}

static gboolean
series_changed (CcalEvent *a,
                CcalEvent *b)
{
  return a->start_time != b->start_time || a->end_time != b->end_time || g_strcmp0 (a->rrule, b->rrule) != 0 ||
         g_strcmp0 (a->timezone, b->timezone) != 0 || !exdates_equal (a->exdates, b->exdates);
}

static CcalEvent *
new_event (const CcalHoursTarget *target,
           CcalEventType          type)
{
  CcalEvent *event = ccal_event_new ();

  event->workspace_id = g_strdup (target->workspace_id);
  event->admin_id = g_strdup (target->admin_id);
  event->title = g_strdup (target->title);
  event->type = type;
  event->timezone = g_strdup (target->tzid);
  event->status = CCAL_EVENT_STATUS_CONFIRMED;
  return event;
}

CcalEventChanges *
ccal_weekly_hours_plan (const CcalWeeklyHours *hours,
                        GPtrArray             *events,
                        const CcalHoursTarget *target,
                        GError               **error)
{
  g_autoptr (CcalEventChanges) changes = event_changes_new ();
  g_autoptr (GArray) groups = g_array_new (FALSE, FALSE, sizeof (Group));
  g_autoptr (GPtrArray) series = g_ptr_array_new ();   /* borrowed CcalEvent: the weekly ones */
  g_autoptr (GPtrArray) overrides = NULL;
  g_autoptr (GArray) masks = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr (GArray) ranges = g_array_new (FALSE, FALSE, sizeof (CcalHoursRange));
  g_autofree gboolean *series_taken = NULL;

  g_return_val_if_fail (hours != NULL && target != NULL && target->tzid != NULL, NULL);
  g_return_val_if_fail (g_date_valid (&target->today), NULL);

  /* One group per distinct range, with the days that have it, in the order of the day. */
  for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
    for (guint i = 0; i < hours->days[day]->len; i++)
      {
        const CcalHoursRange *range = &g_array_index (hours->days[day], CcalHoursRange, i);
        guint g;

        for (g = 0; g < groups->len; g++)
          if (compare_ranges (&g_array_index (groups, Group, g).range, range) == 0)
            break;
        if (g == groups->len)
          {
            Group group = { *range, 0, NULL };

            g_array_append_val (groups, group);
          }
        g_array_index (groups, Group, g).mask |= 1u << day;
      }
  g_array_sort (groups, compare_ranges);   /* the range is the first member */

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CcalEvent *event = g_ptr_array_index (events, i);
      CcalHoursRange range;
      guint mask;

      if (!read_weekly_event (event, &mask, &range))
        continue;
      g_ptr_array_add (series, event);
      g_array_append_val (masks, mask);
      g_array_append_val (ranges, range);
    }
  series_taken = g_new0 (gboolean, MAX (series->len, 1));

  /* Pass 1: the same range and days; pass 2: the same range; pass 3: any series left over. So a
   * change of Friday's hours touches one series, not all of them. */
  for (int pass = 1; pass <= 3; pass++)
    for (guint g = 0; g < groups->len; g++)
      {
        Group *group = &g_array_index (groups, Group, g);

        if (group->event != NULL)
          continue;
        for (guint s = 0; s < series->len; s++)
          {
            gboolean same_range = compare_ranges (&g_array_index (ranges, CcalHoursRange, s), &group->range) == 0;
            gboolean same_days = g_array_index (masks, guint, s) == group->mask;

            if (series_taken[s])
              continue;
            if ((pass == 1 && same_range && same_days) || (pass == 2 && same_range) || pass == 3)
              {
                group->event = g_ptr_array_index (series, s);
                series_taken[s] = TRUE;
                break;
              }
          }
      }

  {
    GDate from = target->today;

    overrides = ccal_date_overrides_from_events (events, target->tzid, &from);
  }

  for (guint g = 0; g < groups->len; g++)
    {
      Group *group = &g_array_index (groups, Group, g);
      g_autoptr (CcalEvent) shaped = NULL;

      shaped = group->event != NULL ? ccal_event_copy (group->event) : new_event (target, CCAL_EVENT_TYPE_AVAILABILITY);
      if (!shape_series (shaped, group->event, group, target, overrides, error))
        return NULL;
      if (group->event == NULL || series_changed (shaped, group->event))
        g_ptr_array_add (changes->save, g_steal_pointer (&shaped));
    }

  for (guint s = 0; s < series->len; s++)
    if (!series_taken[s])
      g_ptr_array_add (changes->delete_ids, g_strdup (((CcalEvent *) g_ptr_array_index (series, s))->id));

  return g_steal_pointer (&changes);
}

/* ── date overrides ─────────────────────────────────────────────────────────────────────────── */

void
ccal_date_override_free (CcalDateOverride *override)
{
  if (override == NULL)
    return;
  g_clear_pointer (&override->ranges, g_array_unref);
  g_clear_pointer (&override->event_ids, g_ptr_array_unref);
  g_free (override->title);
  g_free (override);
}

static int
compare_overrides (gconstpointer a,
                   gconstpointer b)
{
  const CcalDateOverride *oa = *(CcalDateOverride * const *) a;
  const CcalDateOverride *ob = *(CcalDateOverride * const *) b;

  return g_date_compare (&oa->date, &ob->date);
}

GPtrArray *
ccal_date_overrides_from_events (GPtrArray   *events,
                                 const char  *tzid,
                                 const GDate *from)
{
  g_autoptr (GHashTable) by_day = g_hash_table_new (NULL, NULL);
  GPtrArray *overrides = g_ptr_array_new_with_free_func ((GDestroyNotify) ccal_date_override_free);

  g_return_val_if_fail (tzid != NULL && from != NULL, overrides);

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CcalEvent *event = g_ptr_array_index (events, i);
      CcalDateOverride *override;
      gboolean day_off = FALSE;
      GDate date;

      if (is_day_off (event, &date))
        day_off = TRUE;
      else if (!is_override_window (event, &date))
        continue;
      if (g_date_compare (&date, from) < 0)
        continue;

      override = g_hash_table_lookup (by_day, GUINT_TO_POINTER (g_date_get_julian (&date)));
      if (override == NULL)
        {
          override = g_new0 (CcalDateOverride, 1);
          override->date = date;
          override->kind = CCAL_DATE_OVERRIDE_HOURS;
          override->ranges = g_array_new (FALSE, FALSE, sizeof (CcalHoursRange));
          override->event_ids = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (by_day, GUINT_TO_POINTER (g_date_get_julian (&date)), override);
          g_ptr_array_add (overrides, override);
        }
      g_ptr_array_add (override->event_ids, g_strdup (event->id));

      if (day_off)
        {
          override->kind = CCAL_DATE_OVERRIDE_DAY_OFF;
          if (override->title == NULL)
            override->title = g_strdup (event->title);
        }
      else
        {
          CcalWallClock wall;
          CcalHoursRange range;
          gint64 day_start, day_end;

          if (!ccal_time_to_wall_clock (event->start_time, tzid, &wall, NULL) ||
              !ccal_time_day_bounds (&date, tzid, &day_start, &day_end, NULL))
            continue;
          range.start = wall.hour * 60 + wall.minute;
          range.end = event->end_time >= day_end ? CCAL_HOURS_MINUTES_PER_DAY
                                                 : range.start + (int) ((event->end_time - event->start_time) /
                                                                        CCAL_USEC_PER_MINUTE);
          g_array_append_val (override->ranges, range);
        }
    }

  for (guint i = 0; i < overrides->len; i++)
    {
      CcalDateOverride *override = g_ptr_array_index (overrides, i);

      if (override->kind == CCAL_DATE_OVERRIDE_DAY_OFF)
        g_array_set_size (override->ranges, 0);
      g_array_sort (override->ranges, compare_ranges);
    }
  g_ptr_array_sort (overrides, compare_overrides);
  return overrides;
}

/* Removes whatever override @date has, and excludes (@exclude) or gives back the weekly
 * occurrences on it. Keeps one existing day-off event when @keep_day_off. */
static gboolean
plan_date (CcalEventChanges *changes,
           GPtrArray        *events,
           const GDate      *date,
           const char       *tzid,
           gboolean          exclude,
           gboolean          keep_day_off,
           gboolean         *out_kept_day_off,
           GError          **error)
{
  *out_kept_day_off = FALSE;

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CcalEvent *event = g_ptr_array_index (events, i);
      GDate on;

      if (is_override_window (event, &on) || is_day_off (event, &on))
        {
          if (g_date_compare (&on, date) != 0)
            continue;
          if (keep_day_off && !*out_kept_day_off && event->type == CCAL_EVENT_TYPE_BLOCKED)
            *out_kept_day_off = TRUE;
          else
            g_ptr_array_add (changes->delete_ids, g_strdup (event->id));
        }
      else if (is_recurring_window (event))
        {
          g_autoptr (GArray) starts = occurrences_on_date (event, date, tzid, error);
          g_autoptr (CcalEvent) copy = NULL;

          if (starts == NULL)
            return FALSE;
          copy = ccal_event_copy (event);
          for (guint k = 0; k < copy->exdates->len;)
            {
              gboolean on_date = FALSE;

              for (guint s = 0; s < starts->len; s++)
                on_date |= g_array_index (starts, gint64, s) == g_array_index (copy->exdates, gint64, k);
              if (on_date)
                g_array_remove_index (copy->exdates, k);
              else
                k++;
            }
          if (exclude)
            for (guint s = 0; s < starts->len; s++)
              exdates_add (copy->exdates, g_array_index (starts, gint64, s));
          if (!exdates_equal (copy->exdates, event->exdates))
            g_ptr_array_add (changes->save, g_steal_pointer (&copy));
        }
    }
  return TRUE;
}

CcalEventChanges *
ccal_date_override_plan_set (GPtrArray             *events,
                             const GDate           *date,
                             CcalDateOverrideKind   kind,
                             const CcalHoursRange  *ranges,
                             guint                  n_ranges,
                             const CcalHoursTarget *target,
                             GError               **error)
{
  g_autoptr (CcalEventChanges) changes = event_changes_new ();
  g_autofree char *date_text = NULL;
  gboolean kept_day_off;

  g_return_val_if_fail (date != NULL && g_date_valid (date) && target != NULL && target->tzid != NULL, NULL);
  g_return_val_if_fail (kind == CCAL_DATE_OVERRIDE_DAY_OFF || n_ranges > 0, NULL);

  if (kind == CCAL_DATE_OVERRIDE_HOURS && !ccal_hours_ranges_validate (ranges, n_ranges, NULL, "Hours", error))
    return NULL;

  if (!plan_date (changes, events, date, target->tzid, kind == CCAL_DATE_OVERRIDE_HOURS,
                  kind == CCAL_DATE_OVERRIDE_DAY_OFF, &kept_day_off, error))
    return NULL;

  date_text = ccal_date_format (date);
  if (kind == CCAL_DATE_OVERRIDE_DAY_OFF)
    {
      g_autoptr (CcalEvent) event = NULL;

      if (kept_day_off)
        return g_steal_pointer (&changes);
      event = new_event (target, CCAL_EVENT_TYPE_BLOCKED);
      event->is_all_day = TRUE;
      json_object_set_string_member (event->metadata, CCAL_OVERRIDE_METADATA_KEY, date_text);
      if (!ccal_time_day_bounds (date, target->tzid, &event->start_time, &event->end_time, error))
        return NULL;
      g_ptr_array_add (changes->save, g_steal_pointer (&event));
      return g_steal_pointer (&changes);
    }

  for (guint i = 0; i < n_ranges; i++)
    {
      g_autoptr (CcalEvent) event = new_event (target, CCAL_EVENT_TYPE_AVAILABILITY);

      json_object_set_string_member (event->metadata, CCAL_OVERRIDE_METADATA_KEY, date_text);
      if (!wall_instant (date, ranges[i].start, target->tzid, &event->start_time, error) ||
          !wall_instant (date, ranges[i].end, target->tzid, &event->end_time, error))
        return NULL;
      if (event->end_time <= event->start_time)
        {
          /* Only a DST gap can do this (02:00–02:30 on a spring-forward night): nothing to offer. */
          continue;
        }
      g_ptr_array_add (changes->save, g_steal_pointer (&event));
    }
  return g_steal_pointer (&changes);
}

CcalEventChanges *
ccal_date_override_plan_remove (GPtrArray   *events,
                                const GDate *date,
                                const char  *tzid,
                                GError     **error)
{
  g_autoptr (CcalEventChanges) changes = event_changes_new ();
  gboolean kept_day_off;

  g_return_val_if_fail (date != NULL && g_date_valid (date) && tzid != NULL, NULL);

  if (!plan_date (changes, events, date, tzid, FALSE, FALSE, &kept_day_off, error))
    return NULL;
  return g_steal_pointer (&changes);
}
