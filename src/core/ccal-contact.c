/* ccal-contact.c — the person a booking is for
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include "ccal-contact.h"
#include "ccal-json-private.h"
#include "ccal-validation.h"

G_DEFINE_FINAL_TYPE (CcalContact, ccal_contact, G_TYPE_OBJECT)

static void
ccal_contact_finalize (GObject *object)
{
  CcalContact *self = CCAL_CONTACT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->workspace_id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->phone, g_free);
  g_clear_pointer (&self->timezone, g_free);

  G_OBJECT_CLASS (ccal_contact_parent_class)->finalize (object);
}

static void
ccal_contact_class_init (CcalContactClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ccal_contact_finalize;
}

static void
ccal_contact_init (CcalContact *self)
{
}

CcalContact *
ccal_contact_new (void)
{
  return g_object_new (CCAL_TYPE_CONTACT, NULL);
}

CcalContact *
ccal_contact_copy (CcalContact *self)
{
  CcalContact *copy;

  g_return_val_if_fail (CCAL_IS_CONTACT (self), NULL);

  copy = ccal_contact_new ();
  copy->id = g_strdup (self->id);
  copy->workspace_id = g_strdup (self->workspace_id);
  copy->name = g_strdup (self->name);
  copy->email = g_strdup (self->email);
  copy->phone = g_strdup (self->phone);
  copy->timezone = g_strdup (self->timezone);
  return copy;
}

JsonObject *
ccal_contact_to_json (CcalContact *self)
{
  JsonObject *object;

  g_return_val_if_fail (CCAL_IS_CONTACT (self), NULL);

  object = json_object_new ();
  ccal_json_set_string (object, "id", self->id);
  ccal_json_set_string (object, "name", self->name);
  ccal_json_set_string (object, "email", self->email);
  ccal_json_set_string (object, "phone", self->phone);
  if (self->timezone != NULL)
    json_object_set_string_member (object, "timezone", self->timezone);
  return object;
}

CcalContact *
ccal_contact_new_from_json (JsonObject *object,
                            GError    **error)
{
  g_autoptr (CcalContact) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = ccal_contact_new ();
  /* The contract's embedded contact has no workspace_id (a Booking fills it in from its own), so it is
   * never written; it is read when a sender includes it anyway. */
  if (!ccal_json_read_string (object, "id", TRUE, &self->id, error) ||
      !ccal_json_read_string (object, "workspace_id", FALSE, &self->workspace_id, error) ||
      !ccal_json_read_string (object, "name", FALSE, &self->name, error) ||
      !ccal_json_read_string (object, "email", FALSE, &self->email, error) ||
      !ccal_json_read_string (object, "phone", FALSE, &self->phone, error) ||
      !ccal_json_read_string (object, "timezone", FALSE, &self->timezone, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
ccal_contact_validate (CcalContact *self,
                       GError     **error)
{
  g_return_val_if_fail (CCAL_IS_CONTACT (self), FALSE);

  /* Field names are those of the booking form and of POST /api/calendar/book. */
  if (!ccal_validate_name (self->name, "name", error) ||
      !ccal_validate_email (self->email, "email", error) ||
      !ccal_validate_phone (self->phone, "phone", error))
    return FALSE;
  if (self->timezone != NULL && !ccal_validate_timezone (self->timezone, "timezone", error))
    return FALSE;
  return TRUE;
}
