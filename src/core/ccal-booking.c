/* ccal-booking.c — an appointment booked with an admin
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include "ccal-booking.h"
#include "ccal-json-private.h"
#include "ccal-validation.h"

#define TITLE_MAX_CHARS            200
#define DESCRIPTION_MAX_CHARS      5000
#define LOCATION_MAX_CHARS         500
#define MEETING_LINK_MAX_CHARS     2000
#define PRODUCT_INTEREST_MAX_CHARS 200
#define OUTCOME_MAX_CHARS          200
#define NOTES_MAX_CHARS            5000

G_DEFINE_FINAL_TYPE (CcalBooking, ccal_booking, G_TYPE_OBJECT)

static void
ccal_booking_finalize (GObject *object)
{
  CcalBooking *self = CCAL_BOOKING (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->workspace_id, g_free);
  g_clear_pointer (&self->admin_id, g_free);
  g_clear_object (&self->contact);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->meeting_link, g_free);
  g_clear_pointer (&self->product_interest, g_free);
  g_clear_pointer (&self->result_outcome, g_free);
  g_clear_pointer (&self->result_notes, g_free);
  g_clear_pointer (&self->opportunity_id, g_free);
  g_clear_pointer (&self->created_by, g_free);
  g_clear_pointer (&self->updated_by, g_free);

  G_OBJECT_CLASS (ccal_booking_parent_class)->finalize (object);
}

static void
ccal_booking_class_init (CcalBookingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ccal_booking_finalize;
}

static void
ccal_booking_init (CcalBooking *self)
{
  self->status = CCAL_BOOKING_STATUS_PENDING;
  self->source = CCAL_BOOKING_SOURCE_PUBLIC;
  self->version = 1;
}

CcalBooking *
ccal_booking_new (void)
{
  return g_object_new (CCAL_TYPE_BOOKING, NULL);
}

CcalBooking *
ccal_booking_copy (CcalBooking *self)
{
  CcalBooking *copy;

  g_return_val_if_fail (CCAL_IS_BOOKING (self), NULL);

  copy = ccal_booking_new ();
  copy->id = g_strdup (self->id);
  copy->workspace_id = g_strdup (self->workspace_id);
  copy->admin_id = g_strdup (self->admin_id);
  copy->contact = self->contact != NULL ? ccal_contact_copy (self->contact) : NULL;
  copy->title = g_strdup (self->title);
  copy->description = g_strdup (self->description);
  copy->start_time = self->start_time;
  copy->end_time = self->end_time;
  copy->duration_minutes = self->duration_minutes;
  copy->location = g_strdup (self->location);
  copy->meeting_link = g_strdup (self->meeting_link);
  copy->product_interest = g_strdup (self->product_interest);
  copy->status = self->status;
  copy->source = self->source;
  copy->result_outcome = g_strdup (self->result_outcome);
  copy->result_notes = g_strdup (self->result_notes);
  copy->opportunity_id = g_strdup (self->opportunity_id);
  copy->created_by = g_strdup (self->created_by);
  copy->updated_by = g_strdup (self->updated_by);
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  copy->version = self->version;
  copy->deleted = self->deleted;
  return copy;
}

JsonObject *
ccal_booking_to_json (CcalBooking *self)
{
  JsonObject *object;

  g_return_val_if_fail (CCAL_IS_BOOKING (self), NULL);

  object = json_object_new ();
  ccal_json_set_string (object, "id", self->id);
  ccal_json_set_string (object, "workspace_id", self->workspace_id);
  ccal_json_set_string (object, "admin_id", self->admin_id);
  if (self->contact != NULL)
    json_object_set_object_member (object, "contact", ccal_contact_to_json (self->contact));
  else
    json_object_set_null_member (object, "contact");
  ccal_json_set_string (object, "title", self->title);
  ccal_json_set_string (object, "description", self->description);
  ccal_json_set_time (object, "start_time", self->start_time);
  ccal_json_set_time (object, "end_time", self->end_time);
  json_object_set_int_member (object, "duration_minutes", self->duration_minutes);
  ccal_json_set_string (object, "location", self->location);
  ccal_json_set_string (object, "meeting_link", self->meeting_link);
  ccal_json_set_string (object, "product_interest", self->product_interest);
  json_object_set_string_member (object, "status", ccal_booking_status_to_string (self->status));
  json_object_set_string_member (object, "source", ccal_booking_source_to_string (self->source));

  if (self->result_outcome != NULL || self->result_notes != NULL)
    {
      JsonObject *result = json_object_new ();

      ccal_json_set_string (result, "outcome", self->result_outcome);
      ccal_json_set_string (result, "notes", self->result_notes);
      json_object_set_object_member (object, "result", result);
    }
  else
    json_object_set_null_member (object, "result");

  ccal_json_set_string (object, "opportunity_id", self->opportunity_id);
  ccal_json_set_string (object, "created_by", self->created_by);
  ccal_json_set_string (object, "updated_by", self->updated_by);
  ccal_json_set_time_or_null (object, "created_at", self->created_at);
  ccal_json_set_time_or_null (object, "updated_at", self->updated_at);
  json_object_set_int_member (object, "version", self->version);
  json_object_set_boolean_member (object, "deleted", self->deleted);
  return object;
}

static gboolean
read_status (JsonObject        *object,
             gboolean           required,
             CcalBookingStatus *inout_status,
             GError           **error)
{
  const char *text;

  if (!ccal_json_peek_string (object, "status", required, &text, error))
    return FALSE;
  if (text != NULL && !ccal_booking_status_from_string (text, inout_status))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "status",
                           "The “status” field must be pending, confirmed, cancelled, completed or no_show.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_source (JsonObject        *object,
             CcalBookingSource *inout_source,
             GError           **error)
{
  const char *text;

  if (!ccal_json_peek_string (object, "source", FALSE, &text, error))
    return FALSE;
  if (text != NULL && !ccal_booking_source_from_string (text, inout_source))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "source", "The “source” field must be public or staff.");
      return FALSE;
    }
  return TRUE;
}

/* Errors inside the embedded contact name "contact.<member>", so a caller can tell "contact.id"
 * from the booking's own "id". */
static gboolean
read_contact (JsonObject   *object,
              gboolean      required,
              CcalContact **out_contact,
              GError      **error)
{
  JsonNode *node = ccal_json_get_member (object, "contact");
  g_autoptr (GError) local_error = NULL;

  if (node == NULL)
    return required ? ccal_json_set_missing_error ("contact", error) : TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return ccal_json_set_type_error ("contact", "an object with id, name, email and phone", error);

  *out_contact = ccal_contact_new_from_json (json_node_get_object (node), &local_error);
  if (*out_contact == NULL)
    {
      const char *member = ccal_core_error_get_field (local_error);
      g_autofree char *field = NULL;
      g_autofree char *quoted = NULL;
      g_autofree char *requoted = NULL;
      g_auto (GStrv) parts = NULL;

      if (member == NULL)
        {
          ccal_core_set_error (error, local_error->code, "contact", "%s", local_error->message);
          return FALSE;
        }

      /* "The “id” field is required." becomes "The “contact.id” field is required." */
      field = g_strconcat ("contact.", member, NULL);
      quoted = g_strconcat ("“", member, "”", NULL);
      requoted = g_strconcat ("“", field, "”", NULL);
      parts = g_strsplit (local_error->message, quoted, 2);
      ccal_core_set_error (error, local_error->code, field, "%s%s%s", parts[0], parts[1] != NULL ? requoted : "",
                           parts[1] != NULL ? parts[1] : "");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_result (JsonObject  *object,
             CcalBooking *self,
             GError     **error)
{
  JsonNode *node = ccal_json_get_member (object, "result");
  JsonObject *result;
  const char *outcome;
  const char *notes;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return ccal_json_set_type_error ("result", "null or an object with outcome and notes", error);

  result = json_node_get_object (node);
  if (!ccal_json_peek_string (result, "outcome", FALSE, &outcome, NULL))
    return ccal_json_set_type_error ("result.outcome", "a string", error);
  if (!ccal_json_peek_string (result, "notes", FALSE, &notes, NULL))
    return ccal_json_set_type_error ("result.notes", "a string", error);

  self->result_outcome = g_strdup (outcome);
  self->result_notes = g_strdup (notes);
  return TRUE;
}

CcalBooking *
ccal_booking_new_from_json (JsonObject *object,
                            GError    **error)
{
  g_autoptr (CcalBooking) self = NULL;
  gboolean full;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = ccal_booking_new ();

  /* A sync answer's tombstone is {"id","deleted":true,"version"}: only the id is required there. */
  if (!ccal_json_read_boolean (object, "deleted", &self->deleted, error))
    return NULL;
  full = !self->deleted;

  self->duration_minutes = -1;
  if (!ccal_json_read_string (object, "id", TRUE, &self->id, error) ||
      !ccal_json_read_string (object, "workspace_id", FALSE, &self->workspace_id, error) ||
      !ccal_json_read_string (object, "admin_id", FALSE, &self->admin_id, error) ||
      !read_contact (object, full, &self->contact, error) ||
      !ccal_json_read_string (object, "title", FALSE, &self->title, error) ||
      !ccal_json_read_string (object, "description", FALSE, &self->description, error) ||
      !ccal_json_read_time (object, "start_time", full, &self->start_time, error) ||
      !ccal_json_read_time (object, "end_time", full, &self->end_time, error) ||
      !ccal_json_read_int (object, "duration_minutes", 0, G_MAXINT, &self->duration_minutes, error) ||
      !ccal_json_read_string (object, "location", FALSE, &self->location, error) ||
      !ccal_json_read_string (object, "meeting_link", FALSE, &self->meeting_link, error) ||
      !ccal_json_read_string (object, "product_interest", FALSE, &self->product_interest, error) ||
      !read_status (object, full, &self->status, error) ||
      !read_source (object, &self->source, error) ||
      !read_result (object, self, error) ||
      !ccal_json_read_string (object, "opportunity_id", FALSE, &self->opportunity_id, error) ||
      !ccal_json_read_string (object, "created_by", FALSE, &self->created_by, error) ||
      !ccal_json_read_string (object, "updated_by", FALSE, &self->updated_by, error) ||
      !ccal_json_read_time (object, "created_at", FALSE, &self->created_at, error) ||
      !ccal_json_read_time (object, "updated_at", FALSE, &self->updated_at, error) ||
      !ccal_json_read_int64 (object, "version", 1, G_MAXINT64, &self->version, error))
    return NULL;

  /* Absent duration: the booked span says it. */
  if (self->duration_minutes < 0)
    self->duration_minutes = self->end_time > self->start_time
                                 ? (int) MIN ((self->end_time - self->start_time) / CCAL_USEC_PER_MINUTE, G_MAXINT)
                                 : 0;

  /* The contract's embedded contact has no workspace of its own: it is the booking's. */
  if (self->contact == NULL)
    self->contact = ccal_contact_new ();
  if (self->contact->workspace_id == NULL)
    self->contact->workspace_id = g_strdup (self->workspace_id);

  return g_steal_pointer (&self);
}

gboolean
ccal_booking_validate (CcalBooking *self,
                       GError     **error)
{
  g_return_val_if_fail (CCAL_IS_BOOKING (self), FALSE);

  if (self->contact == NULL)
    return ccal_validate_name (NULL, "name", error);

  /* In the order the booking form shows the fields. */
  return ccal_contact_validate (self->contact, error) &&
         ccal_validate_time_range (self->start_time, self->end_time, "end_time", error) &&
         ccal_validate_text_length (self->title, TITLE_MAX_CHARS, "title", error) &&
         ccal_validate_text_length (self->product_interest, PRODUCT_INTEREST_MAX_CHARS, "product_interest", error) &&
         ccal_validate_text_length (self->location, LOCATION_MAX_CHARS, "location", error) &&
         ccal_validate_text_length (self->meeting_link, MEETING_LINK_MAX_CHARS, "meeting_link", error) &&
         ccal_validate_text_length (self->description, DESCRIPTION_MAX_CHARS, "description", error) &&
         ccal_validate_text_length (self->result_outcome, OUTCOME_MAX_CHARS, "result.outcome", error) &&
         ccal_validate_text_length (self->result_notes, NOTES_MAX_CHARS, "result.notes", error);
}
