/* ccal-occurrence.c — one thing a calendar view draws: an event's occurrence or a booking
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include "ccal-occurrence.h"
#include "ccal-recurrence.h"
#include "ccal-time.h"

G_DEFINE_FINAL_TYPE (CcalOccurrence, ccal_occurrence, G_TYPE_OBJECT)

static void
ccal_occurrence_finalize (GObject *object)
{
  CcalOccurrence *self = CCAL_OCCURRENCE (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (ccal_occurrence_parent_class)->finalize (object);
}

static void
ccal_occurrence_class_init (CcalOccurrenceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ccal_occurrence_finalize;
}

static void
ccal_occurrence_init (CcalOccurrence *self)
{
}

static gboolean
is_blank (const char *text)
{
  return text == NULL || text[0] == '\0';
}

CcalOccurrence *
ccal_occurrence_new_for_event (CcalEvent *event,
                               gint64     start,
                               gint64     end)
{
  CcalOccurrence *self;

  g_return_val_if_fail (CCAL_IS_EVENT (event), NULL);

  self = g_object_new (CCAL_TYPE_OCCURRENCE, NULL);
  self->kind = CCAL_OCCURRENCE_EVENT;
  self->id = g_strdup (event->id);
  self->title = g_strdup (event->title != NULL ? event->title : "");
  self->event_type = event->type;
  self->event_status = event->status;
  self->booking_status = CCAL_BOOKING_STATUS_PENDING;
  self->start = start;
  self->end = end;
  self->all_day = event->is_all_day;
  self->recurring = !is_blank (event->rrule);
  self->timezone = is_blank (event->timezone) ? NULL : g_strdup (event->timezone);
  self->source = G_OBJECT (g_object_ref (event));

  return self;
}

CcalOccurrence *
ccal_occurrence_new_for_booking (CcalBooking *booking)
{
  CcalOccurrence *self;
  const char *name;
  const char *product;

  g_return_val_if_fail (CCAL_IS_BOOKING (booking), NULL);

  /* The person matters most on a front desk's grid; what they come for follows. */
  name = booking->contact != NULL ? booking->contact->name : NULL;
  product = !is_blank (booking->product_interest) ? booking->product_interest : booking->title;

  self = g_object_new (CCAL_TYPE_OCCURRENCE, NULL);
  self->kind = CCAL_OCCURRENCE_BOOKING;
  self->id = g_strdup (booking->id);
  if (!is_blank (name) && !is_blank (product))
    self->title = g_strdup_printf ("%s · %s", name, product);
  else
    self->title = g_strdup (!is_blank (name) ? name : !is_blank (product) ? product : "");
  self->event_type = CCAL_EVENT_TYPE_EVENT;
  self->event_status = CCAL_EVENT_STATUS_CONFIRMED;
  self->booking_status = booking->status;
  self->start = booking->start_time;
  self->end = booking->end_time;
  self->all_day = FALSE;
  self->recurring = FALSE;
  self->timezone = NULL;
  self->source = G_OBJECT (g_object_ref (booking));

  return self;
}

CcalEvent *
ccal_occurrence_get_event (CcalOccurrence *self)
{
  g_return_val_if_fail (CCAL_IS_OCCURRENCE (self), NULL);

  return self->kind == CCAL_OCCURRENCE_EVENT ? CCAL_EVENT (self->source) : NULL;
}

CcalBooking *
ccal_occurrence_get_booking (CcalOccurrence *self)
{
  g_return_val_if_fail (CCAL_IS_OCCURRENCE (self), NULL);

  return self->kind == CCAL_OCCURRENCE_BOOKING ? CCAL_BOOKING (self->source) : NULL;
}

const char *
ccal_occurrence_get_status_name (CcalOccurrence *self)
{
  g_return_val_if_fail (CCAL_IS_OCCURRENCE (self), NULL);

  if (self->kind == CCAL_OCCURRENCE_BOOKING)
    return ccal_booking_status_to_string (self->booking_status);
  return ccal_event_status_to_string (self->event_status);
}

gboolean
ccal_occurrence_is_cancelled (CcalOccurrence *self)
{
  g_return_val_if_fail (CCAL_IS_OCCURRENCE (self), FALSE);

  if (self->kind == CCAL_OCCURRENCE_BOOKING)
    return self->booking_status == CCAL_BOOKING_STATUS_CANCELLED;
  return self->event_status == CCAL_EVENT_STATUS_CANCELLED;
}

gboolean
ccal_occurrence_get_all_day_dates (CcalOccurrence  *self,
                                   GDate           *out_first,
                                   guint           *out_n_days,
                                   GError         **error)
{
  gint64 n_days;

  g_return_val_if_fail (CCAL_IS_OCCURRENCE (self), FALSE);
  g_return_val_if_fail (out_first != NULL, FALSE);

  /* An all-day event starts at local midnight of its first date; the date is read where the first
   * day's noon falls, so a start stored as UTC midnight still names its date, and a 23- or 25-hour
   * day counts as one (the availability code reads all-day events the same way). */
  n_days = MAX (1, (self->end - self->start + CCAL_USEC_PER_DAY / 2) / CCAL_USEC_PER_DAY);
  if (!ccal_time_to_date (self->start + CCAL_USEC_PER_DAY / 2, self->timezone != NULL ? self->timezone : "UTC",
                          out_first, error))
    return FALSE;

  if (out_n_days != NULL)
    *out_n_days = (guint) MIN (n_days, G_MAXUINT);
  return TRUE;
}

int
ccal_occurrence_compare (CcalOccurrence *a,
                         CcalOccurrence *b)
{
  gint64 length_a, length_b;

  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;

  length_a = a->end - a->start;
  length_b = b->end - b->start;
  if (length_a != length_b)
    return length_a > length_b ? -1 : 1;

  return g_strcmp0 (a->id, b->id);
}

static int
compare_occurrence_pointers (gconstpointer a,
                             gconstpointer b)
{
  return ccal_occurrence_compare (*(CcalOccurrence **) a, *(CcalOccurrence **) b);
}

static gboolean
append_event_occurrences (GPtrArray  *out,
                          CcalEvent  *event,
                          gint64      from,
                          gint64      to,
                          GError    **error)
{
  g_autoptr(GArray) intervals = NULL;
  g_autoptr(GError) local_error = NULL;
  gint64 duration = MAX (0, event->end_time - event->start_time);
  const gint64 *exdates = event->exdates != NULL ? (const gint64 *) (gpointer) event->exdates->data : NULL;
  gsize n_exdates = event->exdates != NULL ? event->exdates->len : 0;

  /* An all-day event's instants may sit up to a day off the viewer's midnights. */
  if (event->is_all_day)
    {
      from = from > G_MININT64 + CCAL_USEC_PER_DAY ? from - CCAL_USEC_PER_DAY : G_MININT64;
      to = to < G_MAXINT64 - CCAL_USEC_PER_DAY ? to + CCAL_USEC_PER_DAY : G_MAXINT64;
    }

  /* Most events do not repeat: no zone arithmetic needed for them. */
  if (is_blank (event->rrule))
    {
      gboolean excluded = FALSE;
      gboolean overlaps = duration > 0 ? event->start_time < to && event->end_time > from
                                       : event->start_time >= from && event->start_time < to;

      for (gsize i = 0; i < n_exdates; i++)
        excluded |= exdates[i] == event->start_time;
      if (overlaps && !excluded)
        g_ptr_array_add (out, ccal_occurrence_new_for_event (event, event->start_time, event->end_time));
      return TRUE;
    }

  intervals = ccal_recurrence_expand (event->rrule, event->start_time, duration,
                                      is_blank (event->timezone) ? "UTC" : event->timezone,
                                      exdates, n_exdates, from, to, &local_error);
  if (intervals == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "Event %s: ", event->id);
      return FALSE;
    }

  for (guint i = 0; i < intervals->len; i++)
    {
      const CcalInterval *interval = &g_array_index (intervals, CcalInterval, i);

      g_ptr_array_add (out, ccal_occurrence_new_for_event (event, interval->start, interval->end));
    }
  return TRUE;
}

GPtrArray *
ccal_occurrences_for_range (GPtrArray  *events,
                            GPtrArray  *bookings,
                            gint64      from,
                            gint64      to,
                            GError    **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (from <= to, NULL);

  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CcalEvent *event = g_ptr_array_index (events, i);

      g_return_val_if_fail (CCAL_IS_EVENT (event), NULL);

      if (event->deleted)
        continue;
      if (!append_event_occurrences (out, event, from, to, error))
        return NULL;
    }

  for (guint i = 0; bookings != NULL && i < bookings->len; i++)
    {
      CcalBooking *booking = g_ptr_array_index (bookings, i);
      gboolean overlaps;

      g_return_val_if_fail (CCAL_IS_BOOKING (booking), NULL);

      if (booking->deleted)
        continue;
      overlaps = booking->end_time > booking->start_time
                   ? booking->start_time < to && booking->end_time > from
                   : booking->start_time >= from && booking->start_time < to;
      if (overlaps)
        g_ptr_array_add (out, ccal_occurrence_new_for_booking (booking));
    }

  g_ptr_array_sort (out, compare_occurrence_pointers);

  return g_steal_pointer (&out);
}
