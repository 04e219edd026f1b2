/* ccal-test-gui.h — what every GUI test needs: a display check, waiting on the main loop, a window's
 * first frame, and an account synced with a real server
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage (main):
 *
 *   ccal_test_gui_init (&argc, &argv);      // g_test_init, scratch XDG dirs, gtk + libadwaita, resources
 *   g_test_add_func ("/gui/thing/works", test_thing_works);
 *   return ccal_test_gui_run ();            // g_test_run, then removes the scratch directory
 *
 * and in a test:
 *
 *   if (!ccal_test_gui_require_display ())
 *     return;
 *   g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
 *   g_autoptr (CcalAccount) account = ccal_test_gui_account_new (server, server->admin_key);
 *
 * Without a display every case skips — or fails when CCAL_TEST_STRICT=1 (CI).
 */
#pragma once

#include <adwaita.h>

#include "ccal-account.h"
#include "ccal-test-server.h"

G_BEGIN_DECLS

typedef gboolean (*CcalTestCondition) (gpointer data);

void         ccal_test_gui_init             (int                *argc,
                                             char             ***argv);
int          ccal_test_gui_run              (void);

/* A directory removed after the run; XDG_CACHE_HOME and XDG_DATA_HOME point into it. */
const char  *ccal_test_gui_get_scratch_dir  (void);

/* TRUE when there is a display; else skips the test (or fails it under CCAL_TEST_STRICT=1). */
gboolean     ccal_test_gui_require_display  (void);

/* Runs the main context until @condition (@data) holds; aborts after 30 s naming @what. */
void         ccal_test_gui_wait_until       (CcalTestCondition   condition,
                                             gpointer            data,
                                             const char         *what);
/* Dispatches whatever is pending, without blocking. */
void         ccal_test_gui_spin             (void);
/* Presents @window and waits for its first painted frame (sizes are 0 before the first layout). */
void         ccal_test_gui_present_and_wait (GtkWindow          *window);

/* Renders @widget (mapped, after its first frame) as it looks now and saves it as a PNG at @path —
 * for looking at a screen in a test run: `CCAL_TEST_SHOT_DIR=/tmp/shots meson test …` and
 * ccal_test_gui_save_shot () below. */
void         ccal_test_gui_save_png         (GtkWidget          *widget,
                                             const char         *path);
/* When $CCAL_TEST_SHOT_DIR is set, saves @widget there as NAME.png; else does nothing. */
void         ccal_test_gui_save_shot        (GtkWidget          *widget,
                                             const char         *name);

/* An account on @server signed in with @api_key, its cache a new file in the scratch directory,
 * that knows who it is (ccal_account_get_me ()) after one complete sync (so the cache holds the
 * server's events and bookings). */
CcalAccount *ccal_test_gui_account_new      (CcalTestServer     *server,
                                             const char         *api_key);
/* Runs one sync of @account's engine and waits for it; asserts it succeeded. */
void         ccal_test_gui_sync             (CcalAccount        *account);

G_END_DECLS
