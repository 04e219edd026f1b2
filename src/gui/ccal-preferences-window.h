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

/* The "Calendar Feed" group (admins of a server only; actions feed.create, feed.revoke — both ask
 * first when a URL exists — and feed.copy). For tests: the URL shown now (only right after creating
 * it), and the group's state: "hidden", "loading", "none", "active", "unreachable" or "busy". */
const char *ccal_preferences_window_get_feed_url   (CcalPreferencesWindow *self);
const char *ccal_preferences_window_get_feed_state (CcalPreferencesWindow *self);

G_END_DECLS
