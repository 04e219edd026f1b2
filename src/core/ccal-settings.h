/* ccal-settings.h — an admin's booking settings
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CCAL_TYPE_SETTINGS (ccal_settings_get_type ())
G_DECLARE_FINAL_TYPE (CcalSettings, ccal_settings, CCAL, SETTINGS, GObject)

struct _CcalSettings
{
  GObject parent_instance;

  char   *admin_id;
  char   *timezone;                 /* default "UTC" */
  int     slot_minutes;             /* 5–480, default 30 */
  int     buffer_before_minutes;    /* 0–240, default 0 */
  int     buffer_after_minutes;     /* 0–240, default 0 */
  int     min_notice_minutes;       /* ≥ 0, default 60 */
  int     max_advance_days;         /* ≥ 1, default 60 */
  gint64  version;
};

/* The contract's defaults. */
CcalSettings *ccal_settings_new           (void);
CcalSettings *ccal_settings_copy          (CcalSettings *self);
JsonObject   *ccal_settings_to_json       (CcalSettings *self);
CcalSettings *ccal_settings_new_from_json (JsonObject   *object,
                                           GError      **error);
gboolean      ccal_settings_validate      (CcalSettings *self,
                                           GError      **error);

G_END_DECLS
