/* ccal-gui-types.h — enums shared by the app's windows and pages
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What the main window shows: the Events tab in one of its two views, or the Admin Dashboard tab.
 * Spelled "week", "month", "dashboard" on the command line and in GSettings. */
typedef enum
{
  CCAL_VIEW_WEEK,
  CCAL_VIEW_MONTH,
  CCAL_VIEW_DASHBOARD,
} CcalView;

#define CCAL_TYPE_VIEW (ccal_view_get_type ())
GType       ccal_view_get_type    (void) G_GNUC_CONST;

const char *ccal_view_to_string   (CcalView    view);
gboolean    ccal_view_from_string (const char *text,
                                   CcalView   *out_view);

/* Where an account's copy of the schedule stands. */
typedef enum
{
  CCAL_SYNC_STATUS_IDLE,     /* in step as of the last sync (or never synced) */
  CCAL_SYNC_STATUS_SYNCING,  /* a sync is running; see the progress */
  CCAL_SYNC_STATUS_OFFLINE,  /* the server cannot be reached: the cached schedule is shown */
  CCAL_SYNC_STATUS_FAILED,   /* the server answered but refused (key revoked, server error) */
} CcalSyncStatus;

#define CCAL_TYPE_SYNC_STATUS (ccal_sync_status_get_type ())
GType       ccal_sync_status_get_type (void) G_GNUC_CONST;

G_END_DECLS
