/* ccal-local-mode.h — the calendar without an account: the server in-process on loopback
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With no account configured the app runs on a local calendar: the same server code as
 * customerconnects-calendar-server, in this process, listening on 127.0.0.1 on a free port, with a
 * SQLite database in $XDG_DATA_HOME/customerconnects-calendar/local.db. The first start makes the
 * workspace "local" with the desktop user as its admin (their real name) and a random API key;
 * the key is kept in the keyring (CCAL_CREDENTIALS_SCHEMA_NAME, server = the database's file://
 * URI, kind api-key) and never written anywhere else. Later starts look it up; when the keyring
 * is missing or locked a new key is made and kept for this run only, and
 * ccal_local_mode_get_keyring_error () says why, for the app to show.
 *
 * Everything else is the same as with a remote server: make a CcalApiClient from the base URL and
 * token, a CcalCache at ccal_local_mode_get_cache_path (), and a CcalSync on them.
 *
 * The server answers on the main context of the thread that started it (its handlers run in two
 * worker threads), so that thread must keep running its main loop.
 */
#pragma once

#include <gio/gio.h>

#include "ccal-api-client.h"

G_BEGIN_DECLS

/* The workspace a local calendar keeps its data in. */
#define CCAL_LOCAL_MODE_WORKSPACE "local"

#define CCAL_TYPE_LOCAL_MODE (ccal_local_mode_get_type ())
G_DECLARE_FINAL_TYPE (CcalLocalMode, ccal_local_mode, CCAL, LOCAL_MODE, GObject)

/* $XDG_DATA_HOME/customerconnects-calendar/local.db */
char          *ccal_local_mode_get_default_database_path (void);

/* Opens (creating and migrating when needed) the database at @database_path (NULL: the default),
 * makes sure the workspace, its admin and a key exist, and starts the server. Fails with
 * CCAL_DB_ERROR when the database cannot be used (with the path in the message), or a
 * G_IO_ERROR when the folder cannot be made or no port can be had. A keyring problem does not
 * fail it (see ccal_local_mode_get_keyring_error ()). */
void           ccal_local_mode_start_async         (const char           *database_path,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
CcalLocalMode *ccal_local_mode_start_finish        (GAsyncResult         *result,
                                                    GError              **error);

/* "http://127.0.0.1:PORT" — a new port on every start. */
const char    *ccal_local_mode_get_base_url        (CcalLocalMode        *self);
/* The admin's API key (the credential for a CcalApiClient). */
const char    *ccal_local_mode_get_token           (CcalLocalMode        *self);
const char    *ccal_local_mode_get_database_path   (CcalLocalMode        *self);
/* The local admin's user id (the calendar new events and bookings go to). */
const char    *ccal_local_mode_get_admin_id        (CcalLocalMode        *self);
/* The keyring's "server" attribute for the key: the database's file:// URI (the port changes). */
const char    *ccal_local_mode_get_credential_server (CcalLocalMode      *self);
/* Where the offline cache of this calendar goes: one stable file per database (the base URL,
 * which ccal_cache_path_for_server () hashes, changes with the port). */
char          *ccal_local_mode_get_cache_path      (CcalLocalMode        *self);

/* Is the key in the keyring? FALSE: it is kept for this run only, and the error says why
 * ("Your keyring is not available: …", CCAL_CREDENTIALS_ERROR). */
gboolean       ccal_local_mode_get_key_in_keyring  (CcalLocalMode        *self);
const GError  *ccal_local_mode_get_keyring_error   (CcalLocalMode        *self);

/* A client for the local server with the admin's key. */
CcalApiClient *ccal_local_mode_new_api_client      (CcalLocalMode        *self,
                                                    GError              **error);

/* Stops the server (letting requests in flight finish) and closes the database. */
void           ccal_local_mode_stop_async          (CcalLocalMode        *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean       ccal_local_mode_stop_finish         (CcalLocalMode        *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
