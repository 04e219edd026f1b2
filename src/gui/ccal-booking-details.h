/* ccal-booking-details.h — the booking details pane of the admin dashboard
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows one cached booking (ccal_cache_get_booking ()) and changes it through the account's sync
 * engine, so every change works offline and conflicts are offered: the contact with copy buttons,
 * the time in the display zone (and in the caller's, when it differs), the next statuses the core
 * allows with a reason, the result, title/location/meeting link/opportunity, a reschedule to a free
 * slot (online), and the server's status history and follow-ups (fetched when shown). It follows
 * the engine's "objects-changed" (a created booking's local id becomes its server id) and shows the
 * booking's sync state: waiting to upload, a conflict (Keep Mine / Take Theirs) or a refused change
 * (Retry / Discard).
 */
#pragma once

#include <adwaita.h>

#include "ccal-account.h"

G_BEGIN_DECLS

#define CCAL_TYPE_BOOKING_DETAILS (ccal_booking_details_get_type ())
G_DECLARE_FINAL_TYPE (CcalBookingDetails, ccal_booking_details, CCAL, BOOKING_DETAILS, AdwBin)

CcalBookingDetails *ccal_booking_details_new            (CcalAccount        *account);

CcalAccount        *ccal_booking_details_get_account    (CcalBookingDetails *self);

/* The booking shown (property "booking-id"); NULL shows "Select a Booking". When its local id is
 * replaced by the server's, the property follows. */
const char         *ccal_booking_details_get_booking_id (CcalBookingDetails *self);
void                ccal_booking_details_set_booking_id (CcalBookingDetails *self,
                                                         const char         *booking_id);

G_END_DECLS
