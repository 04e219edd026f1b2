/* ccal-settings.c — an admin's booking settings
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include "ccal-json-private.h"
#include "ccal-settings.h"
#include "ccal-validation.h"

G_DEFINE_FINAL_TYPE (CcalSettings, ccal_settings, G_TYPE_OBJECT)

static void
ccal_settings_finalize (GObject *object)
{
  CcalSettings *self = CCAL_SETTINGS (object);

  g_clear_pointer (&self->admin_id, g_free);
  g_clear_pointer (&self->timezone, g_free);

  G_OBJECT_CLASS (ccal_settings_parent_class)->finalize (object);
}

static void
ccal_settings_class_init (CcalSettingsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ccal_settings_finalize;
}

static void
ccal_settings_init (CcalSettings *self)
{
  /* The contract's defaults. */
  self->timezone = g_strdup ("UTC");
  self->slot_minutes = 30;
  self->buffer_before_minutes = 0;
  self->buffer_after_minutes = 0;
  self->min_notice_minutes = 60;
  self->max_advance_days = 60;
  self->version = 1;
}

CcalSettings *
ccal_settings_new (void)
{
  return g_object_new (CCAL_TYPE_SETTINGS, NULL);
}

CcalSettings *
ccal_settings_copy (CcalSettings *self)
{
  CcalSettings *copy;

  g_return_val_if_fail (CCAL_IS_SETTINGS (self), NULL);

  copy = ccal_settings_new ();
  copy->admin_id = g_strdup (self->admin_id);
  g_free (copy->timezone);
  copy->timezone = g_strdup (self->timezone);
  copy->slot_minutes = self->slot_minutes;
  copy->buffer_before_minutes = self->buffer_before_minutes;
  copy->buffer_after_minutes = self->buffer_after_minutes;
  copy->min_notice_minutes = self->min_notice_minutes;
  copy->max_advance_days = self->max_advance_days;
  copy->version = self->version;
  return copy;
}

JsonObject *
ccal_settings_to_json (CcalSettings *self)
{
  JsonObject *object;

  g_return_val_if_fail (CCAL_IS_SETTINGS (self), NULL);

  object = json_object_new ();
  ccal_json_set_string (object, "admin_id", self->admin_id);
  ccal_json_set_string (object, "timezone", self->timezone);
  json_object_set_int_member (object, "slot_minutes", self->slot_minutes);
  json_object_set_int_member (object, "buffer_before_minutes", self->buffer_before_minutes);
  json_object_set_int_member (object, "buffer_after_minutes", self->buffer_after_minutes);
  json_object_set_int_member (object, "min_notice_minutes", self->min_notice_minutes);
  json_object_set_int_member (object, "max_advance_days", self->max_advance_days);
  json_object_set_int_member (object, "version", self->version);
  return object;
}

CcalSettings *
ccal_settings_new_from_json (JsonObject *object,
                             GError    **error)
{
  g_autoptr (CcalSettings) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = ccal_settings_new ();
  /* Only the JSON types are checked here; the ranges are ccal_settings_validate()'s, so a form can
   * show a value a person typed before saying what is wrong with it. Settings have no id of their
   * own, and a PUT body may leave admin_id to the credential, so nothing is required. */
  if (!ccal_json_read_string (object, "admin_id", FALSE, &self->admin_id, error) ||
      !ccal_json_read_string (object, "timezone", FALSE, &self->timezone, error) ||
      !ccal_json_read_int (object, "slot_minutes", G_MININT, G_MAXINT, &self->slot_minutes, error) ||
      !ccal_json_read_int (object, "buffer_before_minutes", G_MININT, G_MAXINT, &self->buffer_before_minutes,
                           error) ||
      !ccal_json_read_int (object, "buffer_after_minutes", G_MININT, G_MAXINT, &self->buffer_after_minutes,
                           error) ||
      !ccal_json_read_int (object, "min_notice_minutes", G_MININT, G_MAXINT, &self->min_notice_minutes, error) ||
      !ccal_json_read_int (object, "max_advance_days", G_MININT, G_MAXINT, &self->max_advance_days, error) ||
      !ccal_json_read_int64 (object, "version", 1, G_MAXINT64, &self->version, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
ccal_settings_validate (CcalSettings *self,
                        GError      **error)
{
  g_return_val_if_fail (CCAL_IS_SETTINGS (self), FALSE);

  return ccal_validate_timezone (self->timezone, "timezone", error) &&
         ccal_validate_int_range (self->slot_minutes, 5, 480, "slot_minutes", error) &&
         ccal_validate_int_range (self->buffer_before_minutes, 0, 240, "buffer_before_minutes", error) &&
         ccal_validate_int_range (self->buffer_after_minutes, 0, 240, "buffer_after_minutes", error) &&
         ccal_validate_int_range (self->min_notice_minutes, 0, 525600, "min_notice_minutes", error) &&
         ccal_validate_int_range (self->max_advance_days, 1, 3650, "max_advance_days", error);
}
