/* ccal-availability-page.h — the admin's availability: weekly hours, date overrides, blocked time,
 * booking settings and a live preview of the slots a caller would be offered
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the signed-in admin's events, bookings and settings from the account's cache and follows
 * the sync engine's "objects-changed". Events are written with ccal_sync_save_event () /
 * ccal_sync_delete_event () (so they work offline, through the outbox); settings need the server
 * (PUT /settings): offline, what was typed stays in the form with a notice until it can be saved.
 * The preview runs ccal_availability_compute_day (), the server's own function, on the cached
 * events and bookings with the form's (possibly unsaved) weekly hours and settings.
 *
 * Actions (group "availability"): save-hours, save-settings, add-override, add-blocked.
 */
#pragma once

#include <adwaita.h>

#include "ccal-account.h"

G_BEGIN_DECLS

#define CCAL_TYPE_AVAILABILITY_PAGE (ccal_availability_page_get_type ())
G_DECLARE_FINAL_TYPE (CcalAvailabilityPage, ccal_availability_page, CCAL, AVAILABILITY_PAGE, AdwBin)

GtkWidget   *ccal_availability_page_new                (CcalAccount          *account);
CcalAccount *ccal_availability_page_get_account        (CcalAvailabilityPage *self);

/* Reads the cache again (unsaved weekly hours and settings stay as typed). Done by itself on the
 * engine's "objects-changed"; the dashboard may call it when the page is shown. */
void         ccal_availability_page_reload             (CcalAvailabilityPage *self);

/* The day the preview shows (a date in the booking time zone). */
void         ccal_availability_page_set_preview_date   (CcalAvailabilityPage *self,
                                                        const GDate          *date);
/* The slots the preview shows now (CcalInterval), or NULL when it cannot be computed. */
GArray      *ccal_availability_page_get_preview_slots  (CcalAvailabilityPage *self);

/* The field of the error shown now ("monday.2.end", "slot_minutes", "override_hours",
 * "blocked_end" …), or NULL. */
const char  *ccal_availability_page_get_error_field    (CcalAvailabilityPage *self);

/* Are there weekly hours or settings typed but not saved yet? */
gboolean     ccal_availability_page_has_unsaved_changes (CcalAvailabilityPage *self);
/* TRUE while the server's booking settings are being fetched (the preview uses the cached ones). */
gboolean     ccal_availability_page_get_loading         (CcalAvailabilityPage *self);

G_END_DECLS
