/* ccal-availability.c — an admin's bookable slots for one day, from events, bookings and settings
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include "ccal-availability.h"
#include "ccal-recurrence.h"
#include "ccal-slots.h"
#include "ccal-time.h"

/* A slot longer than a day is not an appointment; the limit also keeps the query range of
 * ccal_availability_day_query_range() (a day either side) sufficient. */
#define MAX_DURATION_MINUTES (24 * 60)

static const char *
settings_zone (CcalSettings *settings)
{
  return settings->timezone != NULL && settings->timezone[0] != '\0' ? settings->timezone : "UTC";
}

/* The whole local days an all-day occurrence covers, in @zone. All-day events are meant to start at
 * local midnight of their first date; the date is taken where the first day's noon falls, so a start
 * stored as UTC midnight names the same date in any zone within ±12 h, and a 23- or 25-hour day
 * still counts as one. */
static gboolean
all_day_span (const CcalInterval *occurrence,
              const char         *zone,
              CcalInterval       *out_span,
              GError            **error)
{
  GDate first;
  GDate last;
  gint64 n_days;
  gint64 unused;

  n_days = MAX (1, (occurrence->end - occurrence->start + CCAL_USEC_PER_DAY / 2) / CCAL_USEC_PER_DAY);

  if (!ccal_time_to_date (occurrence->start + CCAL_USEC_PER_DAY / 2, zone, &first, error))
    return FALSE;
  last = first;
  g_date_add_days (&last, (guint) (n_days - 1));

  return ccal_time_day_bounds (&first, zone, &out_span->start, &unused, error) &&
         ccal_time_day_bounds (&last, zone, &unused, &out_span->end, error);
}

/* Appends to @out the occurrences of @event that can matter for [@from, @to): timed occurrences
 * overlapping it, and all-day occurrences as the whole local days they cover. */
static gboolean
expand_event (CcalEvent    *event,
              const char   *default_zone,
              gint64        from,
              gint64        to,
              GArray       *out,
              GError      **error)
{
  const char *zone = event->timezone != NULL && event->timezone[0] != '\0' ? event->timezone : default_zone;
  const gint64 *exdates = event->exdates != NULL ? (const gint64 *) (gconstpointer) event->exdates->data : NULL;
  gsize n_exdates = event->exdates != NULL ? event->exdates->len : 0;
  g_autoptr(GArray) occurrences = NULL;
  g_autoptr(GError) local_error = NULL;

  if (event->end_time <= event->start_time)
    return TRUE;

  /* An all-day occurrence's instants may sit a few hours off the local days it blocks. */
  if (event->is_all_day)
    {
      from -= 2 * CCAL_USEC_PER_DAY;
      to += 2 * CCAL_USEC_PER_DAY;
    }

  occurrences = ccal_recurrence_expand (event->rrule, event->start_time, event->end_time - event->start_time, zone,
                                        exdates, n_exdates, from, to, &local_error);
  if (occurrences == NULL)
    {
      /* Never guess: an event we cannot read could be the one that blocks a slot. */
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "Event %s: ",
                                  event->id != NULL ? event->id : "(no id)");
      return FALSE;
    }

  for (guint i = 0; i < occurrences->len; i++)
    {
      const CcalInterval *occurrence = &g_array_index (occurrences, CcalInterval, i);
      CcalInterval span;

      if (!event->is_all_day)
        span = *occurrence;
      else if (!all_day_span (occurrence, zone, &span, error))
        return FALSE;

      g_array_append_val (out, span);
    }

  return TRUE;
}

static gboolean
resolve_duration (CcalSettings *settings,
                  int           duration_minutes,
                  gint64       *out_duration,
                  GError      **error)
{
  if (duration_minutes < 0 || duration_minutes > MAX_DURATION_MINUTES)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "duration",
                           "The slot length must be between 1 and %d minutes", MAX_DURATION_MINUTES);
      return FALSE;
    }

  if (duration_minutes == 0)
    duration_minutes = settings->slot_minutes;

  if (duration_minutes <= 0 || duration_minutes > MAX_DURATION_MINUTES)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "slot_minutes",
                           "The slot length must be between 1 and %d minutes", MAX_DURATION_MINUTES);
      return FALSE;
    }

  *out_duration = duration_minutes * CCAL_USEC_PER_MINUTE;
  return TRUE;
}

GArray *
ccal_availability_compute_day (const GDate   *date,
                               const char    *tzid,
                               GPtrArray     *events,
                               GArray        *busy,
                               CcalSettings  *settings,
                               int            duration_minutes,
                               gint64         now,
                               GError       **error)
{
  g_autoptr(GArray) windows = NULL;
  g_autoptr(GArray) busy_index = NULL;
  const char *default_zone;
  CcalSlotRules rules = { 0 };
  gint64 busy_from;
  gint64 busy_to;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (CCAL_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (busy == NULL || g_array_get_element_size (busy) == sizeof (CcalInterval), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  default_zone = settings_zone (settings);

  if (!ccal_time_day_bounds (date, tzid != NULL ? tzid : default_zone, &rules.range_start, &rules.range_end, error))
    return NULL;
  if (!resolve_duration (settings, duration_minutes, &rules.duration, error))
    return NULL;

  rules.buffer_before = MAX (0, settings->buffer_before_minutes) * CCAL_USEC_PER_MINUTE;
  rules.buffer_after = MAX (0, settings->buffer_after_minutes) * CCAL_USEC_PER_MINUTE;
  rules.earliest_start = now + MAX (0, settings->min_notice_minutes) * CCAL_USEC_PER_MINUTE;
  rules.latest_start = now + (gint64) MAX (0, settings->max_advance_days) * CCAL_USEC_PER_DAY;

  /* A window matters if it holds a slot starting in the day, so it overlaps the day. Busy time
   * matters if, buffered, it overlaps a slot starting in the day. */
  busy_from = rules.range_start - rules.buffer_after;
  busy_to = rules.range_end + rules.duration + rules.buffer_before;

  windows = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
  busy_index = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
  /* Keep only what can touch the day, so a caller passing a whole history pays a scan, not a sort. */
  for (guint i = 0; busy != NULL && i < busy->len; i++)
    {
      const CcalInterval *interval = &g_array_index (busy, CcalInterval, i);

      if (interval->start < busy_to && interval->end > busy_from)
        g_array_append_val (busy_index, *interval);
    }

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CcalEvent *event = g_ptr_array_index (events, i);
      gboolean ok = TRUE;

      if (event->deleted || event->status == CCAL_EVENT_STATUS_CANCELLED)
        continue;

      switch (event->type)
        {
        case CCAL_EVENT_TYPE_AVAILABILITY:
          ok = expand_event (event, default_zone, rules.range_start, rules.range_end, windows, error);
          break;
        case CCAL_EVENT_TYPE_BLOCKED:
        case CCAL_EVENT_TYPE_EVENT:
          ok = expand_event (event, default_zone, busy_from, busy_to, busy_index, error);
          break;
        default:
          g_warn_if_reached ();
          break;
        }

      if (!ok)
        return NULL;
    }

  ccal_intervals_normalize (busy_index);

  return ccal_slots_compute ((const CcalInterval *) (gconstpointer) windows->data, windows->len,
                             (const CcalInterval *) (gconstpointer) busy_index->data, busy_index->len, &rules);
}

gboolean
ccal_availability_day_query_range (const GDate  *date,
                                   const char   *tzid,
                                   CcalSettings *settings,
                                   gint64       *out_from,
                                   gint64       *out_to,
                                   GError      **error)
{
  gint64 day_start;
  gint64 day_end;

  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
  g_return_val_if_fail (CCAL_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (out_from != NULL && out_to != NULL, FALSE);

  if (!ccal_time_day_bounds (date, tzid != NULL ? tzid : settings_zone (settings), &day_start, &day_end, error))
    return FALSE;

  /* Load events and bookings overlapping [from, to), plus every recurring event that starts before
   * @to: its later occurrences may fall on the day. A day either side covers windows from the
   * evening before, slots running past midnight (≤ 1 day long) and all-day events stored a few
   * hours off their local days. */
  *out_from = day_start - CCAL_USEC_PER_DAY - MAX (0, settings->buffer_after_minutes) * CCAL_USEC_PER_MINUTE;
  *out_to = day_end + CCAL_USEC_PER_DAY + MAX (0, settings->buffer_before_minutes) * CCAL_USEC_PER_MINUTE;

  return TRUE;
}
