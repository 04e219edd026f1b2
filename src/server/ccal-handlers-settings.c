/* ccal-handlers-settings.c — GET and PUT /api/calendar/settings: an admin's booking settings
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-server"

#include "config.h"

#include "ccal-server-private.h"

/* admin_id must name a user of the caller's workspace; a staff caller has no calendar of their own,
 * so for them it is required. */
static gboolean
resolve_admin (CcalRequest  *request,
               const char   *admin_id,
               const char   *source,
               const char  **out_admin_id,
               GError      **error)
{
  g_autoptr (CcalDbUser) admin = NULL;

  if (admin_id == NULL)
    {
      if (request->user->role != CCAL_ROLE_ADMIN)
        {
          ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "admin_id", "The “admin_id” %s is required.", source);
          return FALSE;
        }
      admin_id = request->user->user_id;
    }

  if (!ccal_validate_uuid (admin_id, "admin_id", error))
    return FALSE;

  admin = ccal_db_get_user (request->db, request->user->workspace_id, admin_id, error);
  if (admin == NULL)
    return FALSE;

  *out_admin_id = admin_id;
  return TRUE;
}

static void
handle_get_settings (CcalRequest  *request,
                     CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalSettings) settings = NULL;
  const char *admin_id = NULL;

  if (!resolve_admin (request, ccal_request_get_query (request, "admin_id"), "parameter", &admin_id, &error) ||
      (settings = ccal_db_get_settings (request->db, request->user->workspace_id, admin_id, &error)) == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }

  ccal_response_set_resource (response, SOUP_STATUS_OK, "settings", ccal_settings_to_json (settings),
                              settings->version);
}

/* Like events, PUT changes the fields the body names and keeps the rest. */
static void
handle_put_settings (CcalRequest  *request,
                     CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalSettings) existing = NULL;
  g_autoptr (CcalSettings) settings = NULL;
  g_autoptr (CcalSettings) stored = NULL;
  g_autoptr (JsonObject) merged = NULL;
  g_autofree char *body_admin_id = NULL;
  const char *admin_id = NULL;
  gint64 if_match;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  /* Read with the model's own rules first, so a wrong type names its field. */
  settings = ccal_settings_new_from_json (request->body_object, &error);
  if (settings == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }
  body_admin_id = g_strdup (settings->admin_id);

  if (!ccal_request_get_if_match (request, &if_match, &error) ||
      !resolve_admin (request, body_admin_id, "field", &admin_id, &error) ||
      (existing = ccal_db_get_settings (request->db, request->user->workspace_id, admin_id, &error)) == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }

  merged = ccal_settings_to_json (existing);
  json_object_iter_init (&iter, request->body_object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      if (!g_str_equal (name, "version") && !g_str_equal (name, "admin_id"))
        json_object_set_member (merged, name, json_node_copy (member));
    }
  json_object_set_string_member (merged, "admin_id", admin_id);
  json_object_remove_member (merged, "version");

  g_clear_object (&settings);
  settings = ccal_settings_new_from_json (merged, &error);
  if (settings == NULL ||
      !ccal_settings_validate (settings, &error) ||
      (stored = ccal_db_put_settings (request->db, request->user->workspace_id, settings, if_match, &error)) == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }

  ccal_response_set_resource (response, SOUP_STATUS_OK, "settings", ccal_settings_to_json (stored), stored->version);
}

static const CcalRoute settings_routes[] = {
  { "GET", "/api/calendar/settings", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, handle_get_settings },
  { "PUT", "/api/calendar/settings", CCAL_ACCESS_ADMIN, CCAL_ROUTE_FLAGS_NONE, handle_put_settings },
};

const CcalRoute *
ccal_settings_routes (gsize *n_routes)
{
  *n_routes = G_N_ELEMENTS (settings_routes);
  return settings_routes;
}
