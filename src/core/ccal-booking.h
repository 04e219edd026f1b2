/* ccal-booking.h — an appointment booked with an admin
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "ccal-contact.h"
#include "ccal-core-types.h"

G_BEGIN_DECLS

#define CCAL_TYPE_BOOKING (ccal_booking_get_type ())
G_DECLARE_FINAL_TYPE (CcalBooking, ccal_booking, CCAL, BOOKING, GObject)

struct _CcalBooking
{
  GObject parent_instance;

  char              *id;
  char              *workspace_id;
  char              *admin_id;
  CcalContact       *contact;          /* never NULL once read from JSON */
  char              *title;
  char              *description;
  gint64             start_time;       /* µs since the epoch, UTC */
  gint64             end_time;
  int                duration_minutes;
  char              *location;
  char              *meeting_link;
  char              *product_interest;
  CcalBookingStatus  status;
  CcalBookingSource  source;
  char              *result_outcome;   /* "result": null or {"outcome","notes"} */
  char              *result_notes;
  char              *opportunity_id;
  char              *created_by;
  char              *updated_by;
  gint64             created_at;
  gint64             updated_at;
  gint64             version;
  gboolean           deleted;
};

CcalBooking *ccal_booking_new           (void);
CcalBooking *ccal_booking_copy          (CcalBooking *self);
JsonObject  *ccal_booking_to_json       (CcalBooking *self);
CcalBooking *ccal_booking_new_from_json (JsonObject  *object,
                                         GError     **error);
gboolean     ccal_booking_validate      (CcalBooking *self,
                                         GError     **error);

G_END_DECLS
