/* ccal-contact.h — the person a booking is for
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define CCAL_TYPE_CONTACT (ccal_contact_get_type ())
G_DECLARE_FINAL_TYPE (CcalContact, ccal_contact, CCAL, CONTACT, GObject)

struct _CcalContact
{
  GObject parent_instance;

  char *id;
  char *workspace_id;
  char *name;
  char *email;
  char *phone;      /* NULL when not given */
  char *timezone;   /* the caller's IANA zone, NULL when unknown */
};

CcalContact *ccal_contact_new           (void);
CcalContact *ccal_contact_copy          (CcalContact *self);
/* {"id","name","email","phone"} as embedded in a Booking (plus "timezone" when set). */
JsonObject  *ccal_contact_to_json       (CcalContact *self);
CcalContact *ccal_contact_new_from_json (JsonObject  *object,
                                         GError     **error);
/* name 1–200 chars, a plausible e-mail, an optional phone of digits, spaces and +-(). */
gboolean     ccal_contact_validate      (CcalContact *self,
                                         GError     **error);

G_END_DECLS
