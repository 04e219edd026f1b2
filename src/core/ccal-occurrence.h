/* ccal-occurrence.h — one thing a calendar view draws: an event's occurrence or a booking
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "ccal-booking.h"
#include "ccal-core-types.h"
#include "ccal-event.h"

G_BEGIN_DECLS

typedef enum
{
  CCAL_OCCURRENCE_EVENT,
  CCAL_OCCURRENCE_BOOKING,
} CcalOccurrenceKind;

#define CCAL_TYPE_OCCURRENCE (ccal_occurrence_get_type ())
G_DECLARE_FINAL_TYPE (CcalOccurrence, ccal_occurrence, CCAL, OCCURRENCE, GObject)

/* A record like the models: read the fields directly, treat them as read-only. */
struct _CcalOccurrence
{
  GObject parent_instance;

  CcalOccurrenceKind  kind;
  char               *id;              /* the source event's or booking's id */
  char               *title;           /* events: the title; bookings: "Contact name · product" */
  CcalEventType       event_type;      /* bookings: CCAL_EVENT_TYPE_EVENT */
  CcalEventStatus     event_status;    /* events only */
  CcalBookingStatus   booking_status;  /* bookings only */
  gint64              start;           /* µs since the epoch, UTC: this occurrence, not the series */
  gint64              end;
  gboolean            all_day;
  gboolean            recurring;       /* one of several occurrences of an event with an rrule */
  char               *timezone;        /* the zone an all-day event's dates are in; NULL: UTC */
  GObject            *source;          /* the CcalEvent or CcalBooking (a reference) */
};

CcalOccurrence *ccal_occurrence_new_for_event   (CcalEvent            *event,
                                                 gint64                start,
                                                 gint64                end);
CcalOccurrence *ccal_occurrence_new_for_booking (CcalBooking          *booking);

CcalEvent      *ccal_occurrence_get_event       (CcalOccurrence       *self);
CcalBooking    *ccal_occurrence_get_booking     (CcalOccurrence       *self);

/* The contract's spelling of the status ("confirmed", "no_show", …). */
const char     *ccal_occurrence_get_status_name (CcalOccurrence       *self);

/* Is it cancelled (an event or a booking)? Views draw these dimmed and struck through. */
gboolean        ccal_occurrence_is_cancelled    (CcalOccurrence       *self);

/* The calendar days an all-day occurrence covers, in its own zone (an all-day event is on the same
 * dates wherever it is looked at): the first date and the number of days (≥ 1). */
gboolean        ccal_occurrence_get_all_day_dates (CcalOccurrence     *self,
                                                   GDate              *out_first,
                                                   guint              *out_n_days,
                                                   GError            **error);

/* By start, then the longer first, then by id: the order views lay occurrences out in. */
int             ccal_occurrence_compare         (CcalOccurrence       *a,
                                                 CcalOccurrence       *b);

/* What to draw in [@from, @to): the occurrences of @events (CcalEvent, recurrences expanded in each
 * event's zone) and @bookings (CcalBooking), deleted ones left out, sorted with
 * ccal_occurrence_compare(). Either array may be NULL. Cancelled items are kept (views dim them).
 * All-day events are kept when they come within a day of the range, since their dates do not depend
 * on the viewer's zone; a view places them by ccal_occurrence_get_all_day_dates(). An event whose
 * recurrence cannot be expanded fails the call with its error, prefixed by the event's id. */
GPtrArray      *ccal_occurrences_for_range      (GPtrArray            *events,
                                                 GPtrArray            *bookings,
                                                 gint64                from,
                                                 gint64                to,
                                                 GError              **error);

G_END_DECLS
