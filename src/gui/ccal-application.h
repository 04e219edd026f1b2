/* ccal-application.h — the application: single instance, command line, app-wide actions
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Command line (also when forwarded to the running instance):
 *   --server URL          sign in to URL with the key stored for it
 *   --local               the calendar on this computer (an in-process server)
 *   --date YYYY-MM-DD     open the Events views on that day
 *   --view week|month|dashboard
 * Actions: app.preferences (Ctrl+,), app.shortcuts (Ctrl+?), app.about, app.quit (Ctrl+Q).
 */
#pragma once

#include <adwaita.h>

#include "ccal-window.h"

G_BEGIN_DECLS

#define CCAL_TYPE_APPLICATION (ccal_application_get_type ())
G_DECLARE_FINAL_TYPE (CcalApplication, ccal_application, CCAL, APPLICATION, AdwApplication)

CcalApplication *ccal_application_new             (void);

/* The app's settings (org.customerconnects.Calendar), shared by its windows. */
GSettings       *ccal_application_get_settings    (CcalApplication *self);

/* The calendar window, or NULL before the first one is made. */
CcalWindow      *ccal_application_get_main_window (CcalApplication *self);

G_END_DECLS
