/* ccal-preferences-window.h — Preferences: account, display (zone, week start, clock, view) and sync
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "ccal-window.h"

G_BEGIN_DECLS

#define CCAL_TYPE_PREFERENCES_WINDOW (ccal_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (CcalPreferencesWindow, ccal_preferences_window, CCAL, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* Rows bound to @settings; the account part follows @window's account (may be NULL). */
GtkWidget *ccal_preferences_window_new (GSettings  *settings,
                                        CcalWindow *window);

G_END_DECLS
