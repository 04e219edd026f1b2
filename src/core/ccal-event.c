/* ccal-event.c — a calendar event: availability window, blocked time or ordinary event
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include "ccal-event.h"
#include "ccal-json-private.h"
#include "ccal-recurrence.h"
#include "ccal-time.h"
#include "ccal-validation.h"

#define TITLE_MAX_CHARS       200
#define DESCRIPTION_MAX_CHARS 5000
#define LOCATION_MAX_CHARS    500

G_DEFINE_FINAL_TYPE (CcalEvent, ccal_event, G_TYPE_OBJECT)

static void
ccal_event_finalize (GObject *object)
{
  CcalEvent *self = CCAL_EVENT (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->workspace_id, g_free);
  g_clear_pointer (&self->admin_id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->rrule, g_free);
  g_clear_pointer (&self->exdates, g_array_unref);
  g_clear_pointer (&self->description, g_free);
  g_clear_pointer (&self->location, g_free);
  g_clear_pointer (&self->contact_id, g_free);
  g_clear_pointer (&self->metadata, json_object_unref);
  g_clear_pointer (&self->created_by, g_free);

  G_OBJECT_CLASS (ccal_event_parent_class)->finalize (object);
}

static void
ccal_event_class_init (CcalEventClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ccal_event_finalize;
}

static void
ccal_event_init (CcalEvent *self)
{
  self->type = CCAL_EVENT_TYPE_EVENT;
  self->status = CCAL_EVENT_STATUS_PENDING;
  self->exdates = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->metadata = json_object_new ();
  self->version = 1;
}

CcalEvent *
ccal_event_new (void)
{
  return g_object_new (CCAL_TYPE_EVENT, NULL);
}

CcalEvent *
ccal_event_copy (CcalEvent *self)
{
  CcalEvent *copy;

  g_return_val_if_fail (CCAL_IS_EVENT (self), NULL);

  copy = ccal_event_new ();
  copy->id = g_strdup (self->id);
  copy->workspace_id = g_strdup (self->workspace_id);
  copy->admin_id = g_strdup (self->admin_id);
  copy->title = g_strdup (self->title);
  copy->type = self->type;
  copy->start_time = self->start_time;
  copy->end_time = self->end_time;
  copy->is_all_day = self->is_all_day;
  copy->timezone = g_strdup (self->timezone);
  copy->rrule = g_strdup (self->rrule);
  if (self->exdates != NULL)
    g_array_append_vals (copy->exdates, self->exdates->data, self->exdates->len);
  copy->description = g_strdup (self->description);
  copy->location = g_strdup (self->location);
  copy->status = self->status;
  copy->contact_id = g_strdup (self->contact_id);
  if (self->metadata != NULL)
    {
      json_object_unref (copy->metadata);
      copy->metadata = ccal_json_object_deep_copy (self->metadata);
    }
  copy->created_by = g_strdup (self->created_by);
  copy->created_at = self->created_at;
  copy->updated_at = self->updated_at;
  copy->version = self->version;
  copy->deleted = self->deleted;
  return copy;
}

JsonObject *
ccal_event_to_json (CcalEvent *self)
{
  JsonObject *object;
  JsonArray *exdates;

  g_return_val_if_fail (CCAL_IS_EVENT (self), NULL);

  object = json_object_new ();
  ccal_json_set_string (object, "id", self->id);
  ccal_json_set_string (object, "workspace_id", self->workspace_id);
  ccal_json_set_string (object, "admin_id", self->admin_id);
  ccal_json_set_string (object, "title", self->title);
  json_object_set_string_member (object, "type", ccal_event_type_to_string (self->type));
  ccal_json_set_time (object, "start_time", self->start_time);
  ccal_json_set_time (object, "end_time", self->end_time);
  json_object_set_boolean_member (object, "is_all_day", self->is_all_day);
  ccal_json_set_string (object, "timezone", self->timezone);
  ccal_json_set_string (object, "rrule", self->rrule);

  exdates = json_array_new ();
  for (guint i = 0; self->exdates != NULL && i < self->exdates->len; i++)
    {
      g_autofree char *text = ccal_time_format_rfc3339 (g_array_index (self->exdates, gint64, i));

      json_array_add_string_element (exdates, text);
    }
  json_object_set_array_member (object, "exdates", exdates);

  ccal_json_set_string (object, "description", self->description);
  ccal_json_set_string (object, "location", self->location);
  json_object_set_string_member (object, "status", ccal_event_status_to_string (self->status));
  ccal_json_set_string (object, "contact_id", self->contact_id);
  json_object_set_object_member (object, "metadata",
                                 self->metadata != NULL ? ccal_json_object_deep_copy (self->metadata)
                                                        : json_object_new ());
  ccal_json_set_string (object, "created_by", self->created_by);
  ccal_json_set_time_or_null (object, "created_at", self->created_at);
  ccal_json_set_time_or_null (object, "updated_at", self->updated_at);
  json_object_set_int_member (object, "version", self->version);
  json_object_set_boolean_member (object, "deleted", self->deleted);
  return object;
}

static gboolean
read_type (JsonObject    *object,
           gboolean       required,
           CcalEventType *inout_type,
           GError       **error)
{
  const char *text;

  if (!ccal_json_peek_string (object, "type", required, &text, error))
    return FALSE;
  if (text != NULL && !ccal_event_type_from_string (text, inout_type))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "type",
                           "The “type” field must be availability, blocked or event.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_status (JsonObject      *object,
             CcalEventStatus *inout_status,
             GError         **error)
{
  const char *text;

  if (!ccal_json_peek_string (object, "status", FALSE, &text, error))
    return FALSE;
  if (text != NULL && !ccal_event_status_from_string (text, inout_status))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "status",
                           "The “status” field must be pending, confirmed or cancelled.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
read_exdates (JsonObject *object,
              GArray     *exdates,
              GError    **error)
{
  JsonNode *node = ccal_json_get_member (object, "exdates");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return ccal_json_set_type_error ("exdates", "an array of RFC 3339 times", error);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gint64 usec;

      if (!ccal_json_node_is_string (element))
        return ccal_json_set_type_error ("exdates", "an array of RFC 3339 times", error);
      if (!ccal_time_parse_rfc3339 (json_node_get_string (element), "exdates", &usec, error))
        return FALSE;
      g_array_append_val (exdates, usec);
    }
  return TRUE;
}

static gboolean
read_metadata (JsonObject  *object,
               JsonObject **inout_metadata,
               GError     **error)
{
  JsonNode *node = ccal_json_get_member (object, "metadata");

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return ccal_json_set_type_error ("metadata", "a JSON object", error);

  json_object_unref (*inout_metadata);
  *inout_metadata = ccal_json_object_deep_copy (json_node_get_object (node));
  return TRUE;
}

CcalEvent *
ccal_event_new_from_json (JsonObject *object,
                          GError    **error)
{
  g_autoptr (CcalEvent) self = NULL;
  gboolean full;

  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = ccal_event_new ();

  /* A sync answer's tombstone is {"id","deleted":true,"version"}: only the id is required there. */
  if (!ccal_json_read_boolean (object, "deleted", &self->deleted, error))
    return NULL;
  full = !self->deleted;

  if (!ccal_json_read_string (object, "id", TRUE, &self->id, error) ||
      !ccal_json_read_string (object, "workspace_id", FALSE, &self->workspace_id, error) ||
      !ccal_json_read_string (object, "admin_id", FALSE, &self->admin_id, error) ||
      !ccal_json_read_string (object, "title", FALSE, &self->title, error) ||
      !read_type (object, full, &self->type, error) ||
      !ccal_json_read_time (object, "start_time", full, &self->start_time, error) ||
      !ccal_json_read_time (object, "end_time", full, &self->end_time, error) ||
      !ccal_json_read_boolean (object, "is_all_day", &self->is_all_day, error) ||
      !ccal_json_read_string (object, "timezone", FALSE, &self->timezone, error) ||
      !ccal_json_read_string (object, "rrule", FALSE, &self->rrule, error) ||
      !read_exdates (object, self->exdates, error) ||
      !ccal_json_read_string (object, "description", FALSE, &self->description, error) ||
      !ccal_json_read_string (object, "location", FALSE, &self->location, error) ||
      !read_status (object, &self->status, error) ||
      !ccal_json_read_string (object, "contact_id", FALSE, &self->contact_id, error) ||
      !read_metadata (object, &self->metadata, error) ||
      !ccal_json_read_string (object, "created_by", FALSE, &self->created_by, error) ||
      !ccal_json_read_time (object, "created_at", FALSE, &self->created_at, error) ||
      !ccal_json_read_time (object, "updated_at", FALSE, &self->updated_at, error) ||
      !ccal_json_read_int64 (object, "version", 1, G_MAXINT64, &self->version, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
ccal_event_validate (CcalEvent *self,
                     GError   **error)
{
  g_return_val_if_fail (CCAL_IS_EVENT (self), FALSE);

  /* In the order an editor shows the fields, so the first error is the topmost. */
  if (!ccal_validate_text_length (self->title, TITLE_MAX_CHARS, "title", error) ||
      !ccal_validate_time_range (self->start_time, self->end_time, "end_time", error))
    return FALSE;
  /* NULL means the admin's zone, which the server fills in. */
  if (self->timezone != NULL && !ccal_validate_timezone (self->timezone, "timezone", error))
    return FALSE;
  if (self->rrule != NULL && !ccal_recurrence_validate (self->rrule, "rrule", error))
    return FALSE;
  if (!ccal_validate_text_length (self->location, LOCATION_MAX_CHARS, "location", error) ||
      !ccal_validate_text_length (self->description, DESCRIPTION_MAX_CHARS, "description", error))
    return FALSE;
  return TRUE;
}
