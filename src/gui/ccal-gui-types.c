/* ccal-gui-types.c — enums shared by the app's windows and pages
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include "ccal-gui-types.h"

G_DEFINE_ENUM_TYPE (CcalView, ccal_view,
  G_DEFINE_ENUM_VALUE (CCAL_VIEW_WEEK, "week"),
  G_DEFINE_ENUM_VALUE (CCAL_VIEW_MONTH, "month"),
  G_DEFINE_ENUM_VALUE (CCAL_VIEW_DASHBOARD, "dashboard"))

G_DEFINE_ENUM_TYPE (CcalSyncStatus, ccal_sync_status,
  G_DEFINE_ENUM_VALUE (CCAL_SYNC_STATUS_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (CCAL_SYNC_STATUS_SYNCING, "syncing"),
  G_DEFINE_ENUM_VALUE (CCAL_SYNC_STATUS_OFFLINE, "offline"),
  G_DEFINE_ENUM_VALUE (CCAL_SYNC_STATUS_FAILED, "failed"))

static const char * const view_names[] = { "week", "month", "dashboard" };

const char *
ccal_view_to_string (CcalView view)
{
  g_return_val_if_fail (view <= CCAL_VIEW_DASHBOARD, NULL);

  return view_names[view];
}

gboolean
ccal_view_from_string (const char *text,
                       CcalView   *out_view)
{
  g_return_val_if_fail (out_view != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (view_names); i++)
    {
      if (g_strcmp0 (text, view_names[i]) == 0)
        {
          *out_view = (CcalView) i;
          return TRUE;
        }
    }
  return FALSE;
}
