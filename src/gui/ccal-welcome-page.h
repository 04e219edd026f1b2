/* ccal-welcome-page.h — first run: connect to a workspace (server address + API key) or a local calendar
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Connect" checks the address, then asks the server GET /me with the key, then stores the key in the
 * keyring (ccal-credentials). Every failure is shown inline under the form and names the field at
 * fault ("server-url", "api-key" or "keyring"); when the keyring cannot take the key, "Keep for This
 * Run Only" keeps it in memory instead. On success the page emits "signed-in". "Use a calendar on
 * this computer" (action "welcome.use-local") emits "use-local".
 */
#pragma once

#include <adwaita.h>

#include "ccal-api-client.h"

G_BEGIN_DECLS

#define CCAL_TYPE_WELCOME_PAGE (ccal_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (CcalWelcomePage, ccal_welcome_page, CCAL, WELCOME_PAGE, AdwBin)

GtkWidget  *ccal_welcome_page_new             (void);

const char *ccal_welcome_page_get_server_url  (CcalWelcomePage *self);
void        ccal_welcome_page_set_server_url  (CcalWelcomePage *self,
                                               const char      *server_url);
void        ccal_welcome_page_set_api_key     (CcalWelcomePage *self,
                                               const char      *api_key);

/* A note above the form, e.g. why the page is shown again ("No key is stored for …"); NULL hides it. */
void        ccal_welcome_page_set_notice      (CcalWelcomePage *self,
                                               const char      *notice);

/* The error shown under the form now, and the field it is about ("server-url", "api-key",
 * "keyring"), or NULL. */
const char *ccal_welcome_page_get_error       (CcalWelcomePage *self);
const char *ccal_welcome_page_get_error_field (CcalWelcomePage *self);

/* TRUE while a check or the keyring is running. */
gboolean    ccal_welcome_page_get_busy        (CcalWelcomePage *self);

/* Starts "Connect" (the same as the button and the "welcome.connect" action). */
void        ccal_welcome_page_connect         (CcalWelcomePage *self);

/* Forgets what was typed and any error. */
void        ccal_welcome_page_reset           (CcalWelcomePage *self);

G_END_DECLS
