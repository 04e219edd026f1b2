/* ccal-booking-dialog.h — booking on behalf of a caller: pick a free slot, hold it, type the caller's details, book
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A modal window with three pages:
 * - "booking": whose calendar (only shown when the workspace has several), a date (GtkCalendar), that
 *   day's free slots as GET /availability answers them (in the display zone, with the slot length,
 *   and in the caller's zone once chosen), and the form: name, e-mail, phone, product interest, the
 *   caller's zone and notes, with contacts from the cache suggested as the person types. Picking a
 *   slot holds it on the server (POST /holds) and shows the time left; picking another moves the
 *   hold; closing the dialog releases it. "Book" (Enter) checks every field (the core's checks, as
 *   the server does), names each bad one, or books through ccal_sync_book_async () with the hold.
 *   A slot taken meanwhile (409) says so, reloads the slots and keeps everything typed.
 * - "offline": the server cannot be reached, so the booking is not confirmed; the person may queue it
 *   as an unconfirmed request (sent when the server is back) or go back.
 * - "done": the booking's summary, Copy, Export .ics…, Add Another and Close. A queued booking shows
 *   "Not confirmed yet" there, then "Confirmed" or "Failed" with the server's reason when it is sent.
 */
#pragma once

#include <adwaita.h>

#include "ccal-account.h"

G_BEGIN_DECLS

#define CCAL_TYPE_BOOKING_DIALOG (ccal_booking_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CcalBookingDialog, ccal_booking_dialog, CCAL, BOOKING_DIALOG, AdwWindow)

/* A new booking on @account, modal on @parent (may be NULL). Shows today in the display time zone
 * (the "display-timezone" setting, else the system's). Present it with gtk_window_present ().
 *
 * Signal "booked" (CcalBooking *booking, gboolean confirmed): a booking was made — confirmed by the
 * server, or (FALSE) queued as an unconfirmed request with a local id until the server accepts it. */
CcalBookingDialog *ccal_booking_dialog_new           (CcalAccount       *account,
                                                      GtkWindow         *parent);

/* Shows the day of @start_us (µs UTC) and, when it is a free slot, picks and holds it (a free slot
 * clicked in the week view). */
void               ccal_booking_dialog_set_start     (CcalBookingDialog *self,
                                                      gint64             start_us);

/* ── what a person does, for tests ────────────────────────────────────────────────────────────── */

/* Shows @date's free slots (the window opens the form on the later day it shows). */
void               ccal_booking_dialog_set_date      (CcalBookingDialog *self,
                                                      const GDate       *date);
/* Picks the listed slot that starts at @start_us and holds it; FALSE when no such slot is listed. */
gboolean           ccal_booking_dialog_pick_slot     (CcalBookingDialog *self,
                                                      gint64             start_us);
/* The form's fields by the contract's names: "name", "email", "phone", "product_interest", "notes",
 * "timezone" (an IANA id, or "" for not known). */
void               ccal_booking_dialog_set_text      (CcalBookingDialog *self,
                                                      const char        *field,
                                                      const char        *text);
char              *ccal_booking_dialog_get_text      (CcalBookingDialog *self,
                                                      const char        *field);
/* "Book" (the action "booking.submit"). */
void               ccal_booking_dialog_submit        (CcalBookingDialog *self);

/* ── what the dialog shows, for tests ─────────────────────────────────────────────────────────── */

/* "booking", "offline" or "done". */
const char        *ccal_booking_dialog_get_page      (CcalBookingDialog *self);
/* TRUE while slots are loading, a hold is being made or a booking is being sent. */
gboolean           ccal_booking_dialog_is_busy       (CcalBookingDialog *self);
/* The starts of the listed slots (µs UTC), in order. */
GArray            *ccal_booking_dialog_get_slots     (CcalBookingDialog *self);
/* The hold kept now, or NULL. */
const CcalHold    *ccal_booking_dialog_get_hold      (CcalBookingDialog *self);
/* The sentence shown above the form (slot taken, hold expired, …), or NULL. */
const char        *ccal_booking_dialog_get_notice    (CcalBookingDialog *self);
/* The fields the last "Book" found wrong (contract names), NULL-terminated; NULL when none. */
const char * const *ccal_booking_dialog_get_error_fields (CcalBookingDialog *self);
/* The admins offered in the picker (admin ids), NULL-terminated; the picker shows when there are
 * several. The calendar booked is ccal_booking_dialog_get_admin_id (). */
const char * const *ccal_booking_dialog_get_admin_ids (CcalBookingDialog *self);
const char        *ccal_booking_dialog_get_admin_id  (CcalBookingDialog *self);
/* The summary on the "done" page, and its status line ("Confirmed", "Not confirmed yet", …). */
const char        *ccal_booking_dialog_get_summary   (CcalBookingDialog *self);
const char        *ccal_booking_dialog_get_status    (CcalBookingDialog *self);

G_END_DECLS
