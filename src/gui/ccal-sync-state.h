/* ccal-sync-state.h — the header bar's word on the sync: "Updated 2 minutes ago", "Syncing…", "Offline"
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ccal-account.h"

G_BEGIN_DECLS

#define CCAL_TYPE_SYNC_STATE (ccal_sync_state_get_type ())
G_DECLARE_FINAL_TYPE (CcalSyncState, ccal_sync_state, CCAL, SYNC_STATE, GtkWidget)

GtkWidget   *ccal_sync_state_new         (void);

/* The account to follow; NULL shows nothing. */
CcalAccount *ccal_sync_state_get_account (CcalSyncState *self);
void         ccal_sync_state_set_account (CcalSyncState *self,
                                          CcalAccount   *account);

/* The text shown now (tests, accessibility). */
const char  *ccal_sync_state_get_text    (CcalSyncState *self);

/* "Updated 2 minutes ago" and friends for @last_synced seen at @now (µs); 24-hour times when
 * @use_24h. Exposed for tests. */
char        *ccal_sync_state_format_updated (gint64   last_synced,
                                             gint64   now,
                                             gboolean use_24h);

G_END_DECLS
