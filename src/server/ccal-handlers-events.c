/* ccal-handlers-events.c — /api/calendar/events: list and sync, create, replace, delete
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-server"

#include "config.h"

#include "ccal-server-private.h"

/* Members a client may not set: the server owns them. */
static const char *const server_owned_members[] = {
  "id", "workspace_id", "created_by", "created_at", "updated_at", "version", "deleted",
};

static JsonObject *
event_item_to_json (gpointer item)
{
  CcalEvent *event = item;

  if (event->deleted)
    return ccal_json_tombstone (event->id, event->version);
  return ccal_event_to_json (event);
}

/* A body's workspace_id, when a client sends one back, must be the caller's. */
static gboolean
check_body_workspace (CcalRequest *request,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (request->body_object, "workspace_id");

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
      g_strcmp0 (json_node_get_string (node), request->user->workspace_id) == 0)
    return TRUE;

  g_set_error_literal (error, CCAL_AUTH_ERROR, CCAL_AUTH_ERROR_FORBIDDEN,
                       "The event belongs to another workspace than the credential.");
  return FALSE;
}

/* The admin whose calendar an event is on must be a user of the caller's workspace. */
static gboolean
check_admin (CcalRequest *request,
             const char  *admin_id,
             GError     **error)
{
  g_autoptr (CcalDbUser) admin = NULL;
  g_autoptr (GError) local_error = NULL;

  if (!ccal_validate_uuid (admin_id, "admin_id", error))
    return FALSE;

  admin = ccal_db_get_user (request->db, request->user->workspace_id, admin_id, &local_error);
  if (admin == NULL)
    {
      if (local_error == NULL || g_error_matches (local_error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND))
        ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "admin_id", "There is no such admin in this workspace.");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Fills what the client left to the server and checks the result. */
static gboolean
complete_event (CcalRequest *request,
                CcalEvent   *event,
                GError     **error)
{
  if (!ccal_event_validate (event, error) || !check_admin (request, event->admin_id, error))
    return FALSE;

  /* Recurrences expand in the admin's zone unless the event names one. */
  if (event->timezone == NULL)
    {
      g_autoptr (CcalSettings) settings = ccal_db_get_settings (request->db, request->user->workspace_id,
                                                                event->admin_id, error);

      if (settings == NULL)
        return FALSE;
      event->timezone = g_strdup (settings->timezone != NULL ? settings->timezone : "UTC");
    }
  return TRUE;
}

/* A DB "invalid" on a list almost always means a cursor that is not one of ours. */
static void
set_list_error (CcalResponse *response,
                GError       *error)
{
  if (g_error_matches (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID))
    {
      ccal_response_error (response, SOUP_STATUS_BAD_REQUEST, "invalid_request", "cursor",
                           "The cursor is not valid for this list.");
      return;
    }
  ccal_response_set_error (response, error);
}

static void
handle_list_events (CcalRequest  *request,
                    CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalDbPage) page = NULL;
  CcalDbListQuery query;
  const char *type_text;

  if (!ccal_request_parse_list_query (request, &query, &error) ||
      !ccal_request_query_uuid (request, "admin_id", FALSE, &query.admin_id, &error))
    {
      ccal_response_set_error (response, error);
      return;
    }

  type_text = ccal_request_get_query (request, "type");
  if (type_text != NULL)
    {
      CcalEventType type;

      if (!ccal_event_type_from_string (type_text, &type))
        {
          ccal_response_error (response, SOUP_STATUS_BAD_REQUEST, "invalid_request", "type",
                               "“type” must be availability, blocked or event.");
          return;
        }
      query.type = (int) type;
    }

  page = ccal_db_list_events (request->db, &query, &error);
  if (page == NULL)
    {
      set_list_error (response, error);
      return;
    }

  ccal_response_set_page (response, request, "events", page, event_item_to_json);
}

static CcalEvent *
get_live_event (CcalRequest *request,
                GError     **error)
{
  const char *id = ccal_request_get_param (request, "id");
  g_autoptr (CcalEvent) event = NULL;

  if (!ccal_request_check_uuid (id, "id", error))
    return NULL;

  event = ccal_db_get_event (request->db, request->user->workspace_id, id, error);
  if (event == NULL)
    return NULL;
  if (event->deleted)
    {
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND, "There is no such event.");
      return NULL;
    }
  return g_steal_pointer (&event);
}

static void
handle_get_event (CcalRequest  *request,
                  CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalEvent) event = get_live_event (request, &error);

  if (event == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }

  ccal_response_set_resource (response, SOUP_STATUS_OK, "event", ccal_event_to_json (event), event->version);
}

static void
handle_create_event (CcalRequest  *request,
                     CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (CcalEvent) event = NULL;
  g_autoptr (CcalEvent) stored = NULL;
  g_autofree char *id = ccal_uuid_new ();

  if (!check_body_workspace (request, &error))
    {
      ccal_response_set_error (response, error);
      return;
    }

  /* The server names new events; what the client sent for its own fields is ignored. */
  body = json_object_new ();
  {
    JsonObjectIter iter;
    const char *name;
    JsonNode *member;

    json_object_iter_init (&iter, request->body_object);
    while (json_object_iter_next (&iter, &name, &member))
      json_object_set_member (body, name, json_node_copy (member));
  }
  for (gsize i = 0; i < G_N_ELEMENTS (server_owned_members); i++)
    json_object_remove_member (body, server_owned_members[i]);
  json_object_set_string_member (body, "id", id);

  event = ccal_event_new_from_json (body, &error);
  if (event == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }

  g_free (event->workspace_id);
  event->workspace_id = g_strdup (request->user->workspace_id);
  if (event->admin_id == NULL)
    event->admin_id = g_strdup (request->user->user_id);
  g_free (event->created_by);
  event->created_by = g_strdup (request->user->user_id);
  event->version = 1;

  if (!complete_event (request, event, &error) ||
      (stored = ccal_db_insert_event (request->db, event, &error)) == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }

  ccal_response_set_resource (response, SOUP_STATUS_CREATED, "event", ccal_event_to_json (stored), stored->version);
  {
    g_autofree char *location = g_strconcat ("/api/calendar/events/", stored->id, NULL);

    ccal_response_set_header (response, "Location", location);
  }
}

/* PUT replaces the fields the body names and keeps the others: a client that only knows some
 * fields (an older app version) cannot wipe the rest by accident. */
static void
handle_update_event (CcalRequest  *request,
                     CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalEvent) existing = NULL;
  g_autoptr (CcalEvent) event = NULL;
  g_autoptr (CcalEvent) stored = NULL;
  g_autoptr (JsonObject) merged = NULL;
  gint64 if_match;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (!ccal_request_get_if_match (request, &if_match, &error) ||
      !check_body_workspace (request, &error) ||
      (existing = get_live_event (request, &error)) == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }

  merged = ccal_event_to_json (existing);
  json_object_iter_init (&iter, request->body_object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      gboolean owned = FALSE;

      for (gsize i = 0; i < G_N_ELEMENTS (server_owned_members); i++)
        owned |= g_str_equal (name, server_owned_members[i]);
      if (!owned)
        json_object_set_member (merged, name, json_node_copy (member));
    }

  event = ccal_event_new_from_json (merged, &error);
  if (event == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }
  if (event->admin_id == NULL)
    event->admin_id = g_strdup (existing->admin_id);

  if (!complete_event (request, event, &error) ||
      (stored = ccal_db_update_event (request->db, event, if_match, &error)) == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }

  ccal_response_set_resource (response, SOUP_STATUS_OK, "event", ccal_event_to_json (stored), stored->version);
}

static void
handle_delete_event (CcalRequest  *request,
                     CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  const char *id = ccal_request_get_param (request, "id");
  gint64 if_match;

  if (!ccal_request_get_if_match (request, &if_match, &error) ||
      !ccal_request_check_uuid (id, "id", &error) ||
      !ccal_db_delete_event (request->db, request->user->workspace_id, id, if_match, &error))
    {
      ccal_response_set_error (response, error);
      return;
    }

  ccal_response_set_empty (response);
}

static const CcalRoute event_routes[] = {
  { "GET", "/api/calendar/events", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, handle_list_events },
  { "POST", "/api/calendar/events", CCAL_ACCESS_ADMIN, CCAL_ROUTE_FLAGS_NONE, handle_create_event },
  { "GET", "/api/calendar/events/:id", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, handle_get_event },
  { "PUT", "/api/calendar/events/:id", CCAL_ACCESS_ADMIN, CCAL_ROUTE_FLAGS_NONE, handle_update_event },
  { "DELETE", "/api/calendar/events/:id", CCAL_ACCESS_ADMIN, CCAL_ROUTE_FLAGS_NONE, handle_delete_event },
};

const CcalRoute *
ccal_event_routes (gsize *n_routes)
{
  *n_routes = G_N_ELEMENTS (event_routes);
  return event_routes;
}
