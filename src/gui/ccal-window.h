/* ccal-window.h — the main window: welcome page or the calendar (Events | Admin Dashboard)
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window shows the welcome page until it has a CcalAccount, then the calendar of that account.
 * Its commands are actions on the window ("win.*", see ccal-window.c's class_init and the
 * Keyboard Shortcuts window): view (week | month | dashboard), show-events, today, previous, next,
 * new-event, search, sync, sign-out. They are disabled while no account is signed in.
 */
#pragma once

#include <adwaita.h>

#include "ccal-account.h"
#include "ccal-gui-types.h"

G_BEGIN_DECLS

typedef struct _CcalApplication CcalApplication;

#define CCAL_TYPE_WINDOW (ccal_window_get_type ())
G_DECLARE_FINAL_TYPE (CcalWindow, ccal_window, CCAL, WINDOW, AdwApplicationWindow)

CcalWindow  *ccal_window_new                (CcalApplication *application);

/* The signed-in account; NULL shows the welcome page. Setting one asks it to sync. */
CcalAccount *ccal_window_get_account        (CcalWindow      *self);
void         ccal_window_set_account        (CcalWindow      *self,
                                             CcalAccount     *account);

/* Signs in to @server_url with the key stored for it (this run's, else the keyring's); without one,
 * shows the welcome page with the address filled in and a note saying why. */
void         ccal_window_open_server        (CcalWindow      *self,
                                             const char      *server_url);

/* Opens the calendar on this computer (an in-process server, see ccal-local-mode.h); when it cannot
 * be opened, shows the welcome page saying why. */
void         ccal_window_open_local         (CcalWindow      *self);

/* Shows the welcome page (signing out of nothing), with @server_url filled in and @notice above the
 * form (both may be NULL). */
void         ccal_window_show_welcome       (CcalWindow      *self,
                                             const char      *server_url,
                                             const char      *notice);

/* Removes the account's key from this computer and shows the welcome page, without asking
 * (win.sign-out asks first). The local calendar is only closed: its key and data stay. */
void         ccal_window_sign_out           (CcalWindow      *self);

/* What is shown: the Events tab as a week or a month, or the Admin Dashboard. Property "view". */
CcalView     ccal_window_get_view           (CcalWindow      *self);
void         ccal_window_set_view           (CcalWindow      *self,
                                             CcalView         view);

/* The date the Events views are on. Property "date" (GDate). */
void         ccal_window_get_date           (CcalWindow      *self,
                                             GDate           *out_date);
void         ccal_window_set_date           (CcalWindow      *self,
                                             const GDate     *date);

/* The time zone the calendar is shown in: the display-timezone setting, else the system's. */
const char  *ccal_window_get_timezone       (CcalWindow      *self);

/* The first day shown and the number of days (7 for a week, 42 for a month's grid). */
void         ccal_window_get_visible_days   (CcalWindow      *self,
                                             GDate           *out_first,
                                             guint           *out_n_days);

/* The date shown in the header ("23 – 29 Nov 2026"). */
const char  *ccal_window_get_date_label     (CcalWindow      *self);

void         ccal_window_add_toast          (CcalWindow      *self,
                                             AdwToast        *toast);

/* For tests: the pages and what the window shows ("loading", "welcome" or "calendar"). */
GtkWidget   *ccal_window_get_welcome_page   (CcalWindow      *self);
const char  *ccal_window_get_page_name      (CcalWindow      *self);
GtkWidget   *ccal_window_get_sync_state     (CcalWindow      *self);
/* Opens the booking form (Ctrl+B) now, or as soon as an account is open (the command line's
 * --new-booking, while the key is still being looked up). */
void         ccal_window_request_new_booking (CcalWindow      *self);
/* The Admin Dashboard (a CcalDashboard) once its tab has been shown for the account, else NULL. */
GtkWidget   *ccal_window_get_dashboard      (CcalWindow      *self);
/* The week view of the Events tab. */
GtkWidget   *ccal_window_get_week_view      (CcalWindow      *self);
/* The offline notice's text when it is shown, else NULL. */
const char  *ccal_window_get_notice         (CcalWindow      *self);

G_END_DECLS
