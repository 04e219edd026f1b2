/* ccal-account.h — the calendar the app is signed in to: its client, offline copy, sync engine and state
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One CcalAccount per signed-in server (or the local calendar). It owns the CcalApiClient, the
 * CcalCache and the CcalSync engine of that server, and carries what the window shows about it:
 * who is signed in (CcalMe, remembered in the cache so an offline start still knows the role) and
 * the sync state ("status", "status-message", "progress-count", "last-synced"), which follows the
 * engine. Views read the cache and listen to the engine's "objects-changed"; edits go through the
 * engine (ccal_sync_save_event () …).
 */
#pragma once

#include <gio/gio.h>

#include "ccal-api-client.h"
#include "ccal-cache.h"
#include "ccal-gui-types.h"
#include "ccal-local-mode.h"
#include "ccal-sync.h"

G_BEGIN_DECLS

#define CCAL_TYPE_ACCOUNT (ccal_account_get_type ())
G_DECLARE_FINAL_TYPE (CcalAccount, ccal_account, CCAL, ACCOUNT, GObject)

/* An account on the server at @base_url with the credential @token, and its cache at
 * ccal_cache_path_for_server (@base_url). Fails with CCAL_API_ERROR_INVALID_URL / _INSECURE_URL
 * for a bad address, or a CCAL_CACHE_ERROR when no cache can be made. Nothing is sent yet. */
CcalAccount    *ccal_account_new                (const char     *base_url,
                                                 const char     *token,
                                                 GError        **error);

/* The calendar on this computer, served by @local_mode (kept alive by the account). */
CcalAccount    *ccal_account_new_local          (CcalLocalMode  *local_mode,
                                                 GError        **error);

/* On a client and a cache made by the caller (tests). */
CcalAccount    *ccal_account_new_for_client     (CcalApiClient  *client,
                                                 CcalCache      *cache);

const char     *ccal_account_get_base_url       (CcalAccount    *self);
CcalApiClient  *ccal_account_get_api_client     (CcalAccount    *self);
CcalCache      *ccal_account_get_cache          (CcalAccount    *self);
CcalSync       *ccal_account_get_sync           (CcalAccount    *self);
/* The in-process server of a local calendar, else NULL. */
CcalLocalMode  *ccal_account_get_local_mode     (CcalAccount    *self);

/* Who is signed in: from the last GET /me, else from the cache; NULL when never known. */
const CcalMe   *ccal_account_get_me             (CcalAccount    *self);
void            ccal_account_set_me             (CcalAccount    *self,
                                                 const CcalMe   *me);

/* The engine's state as the window shows it. Setting it is for tests; the engine's changes win. */
CcalSyncStatus  ccal_account_get_status         (CcalAccount    *self);
/* A sentence for the person when @status is OFFLINE or FAILED (why), else NULL. */
const char     *ccal_account_get_status_message (CcalAccount    *self);
void            ccal_account_set_status         (CcalAccount    *self,
                                                 CcalSyncStatus  status,
                                                 const char     *message);

/* Objects brought in by the sync running now (the server does not say how many there are). */
guint           ccal_account_get_progress_count (CcalAccount    *self);
void            ccal_account_set_progress_count (CcalAccount    *self,
                                                 guint           count);

/* When the schedule was last brought in step with the server (µs since the epoch), 0 for never. */
gint64          ccal_account_get_last_synced    (CcalAccount    *self);
void            ccal_account_set_last_synced    (CcalAccount    *self,
                                                 gint64          when);

/* Minutes between automatic syncs; 0 for none. */
guint           ccal_account_get_sync_interval  (CcalAccount    *self);
void            ccal_account_set_sync_interval  (CcalAccount    *self,
                                                 guint           minutes);

/* Syncs now (Ctrl+R, Retry), and asks the server again who is signed in. */
void            ccal_account_request_sync       (CcalAccount    *self);

/* Cancelled when the account is disposed: for work done on its behalf. */
GCancellable   *ccal_account_get_cancellable    (CcalAccount    *self);

G_END_DECLS
