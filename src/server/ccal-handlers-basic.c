/* ccal-handlers-basic.c — GET /api/health, /api/calendar/timezones and /api/calendar/me
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-server"

#include "config.h"

#include "ccal-server-private.h"

static void
handle_health (CcalRequest  *request,
               CcalResponse *response)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "status", "ok");
  json_object_set_string_member (object, "version", PACKAGE_VERSION);
  ccal_response_set_object (response, SOUP_STATUS_OK, object);
}

/* Every UTC offset change in the zone data happens on a quarter hour (UTC), so the list for one
 * quarter hour is the list for all of it; building it walks every zone, so it is kept as text. */
#define TIMEZONE_CACHE_PERIOD (15 * CCAL_USEC_PER_MINUTE)

static GMutex timezone_cache_mutex;
static gint64 timezone_cache_period = -1;
static char *timezone_cache_text;

static char *
build_timezones (gint64 now)
{
  g_auto (GStrv) ids = ccal_time_zone_list ();
  g_autoptr (JsonNode) node = NULL;
  JsonArray *zones = json_array_new ();
  JsonObject *object = json_object_new ();

  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *offset_text = NULL;
      JsonObject *zone;
      int offset;

      if (!ccal_time_zone_get_offset (ids[i], now, &offset, &error))
        {
          /* A zone the list offers but cannot convert is left out, not a failed answer. */
          g_debug ("Leaving out time zone %s: %s", ids[i], error->message);
          continue;
        }

      offset_text = ccal_time_format_utc_offset (offset);
      zone = json_object_new ();
      json_object_set_string_member (zone, "id", ids[i]);
      json_object_set_string_member (zone, "utc_offset", offset_text);
      json_array_add_object_element (zones, zone);
    }

  json_object_set_array_member (object, "timezones", zones);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  return json_to_string (node, FALSE);
}

static void
handle_timezones (CcalRequest  *request,
                  CcalResponse *response)
{
  gint64 period = request->now / TIMEZONE_CACHE_PERIOD;

  g_mutex_lock (&timezone_cache_mutex);
  if (timezone_cache_period != period || timezone_cache_text == NULL)
    {
      g_free (timezone_cache_text);
      timezone_cache_text = build_timezones (period * TIMEZONE_CACHE_PERIOD);
      timezone_cache_period = period;
    }
  ccal_response_set_text (response, SOUP_STATUS_OK, timezone_cache_text);
  g_mutex_unlock (&timezone_cache_mutex);
}

static void
handle_me (CcalRequest  *request,
           CcalResponse *response)
{
  CcalDbUser *user = request->user;
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "user_id", user->user_id);
  json_object_set_string_member (object, "name", user->name);
  json_object_set_string_member (object, "email", user->email);
  json_object_set_string_member (object, "role", ccal_role_to_string (user->role));
  json_object_set_string_member (object, "workspace_id", user->workspace_id);
  /* The calendar the user works on: an admin's own; for staff, the workspace's first admin. */
  if (user->role == CCAL_ROLE_ADMIN)
    {
      json_object_set_string_member (object, "admin_id", user->user_id);
    }
  else
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *admin_id = ccal_db_get_workspace_admin (request->db, user->workspace_id, &error);

      if (admin_id != NULL)
        json_object_set_string_member (object, "admin_id", admin_id);
      else if (error == NULL || g_error_matches (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND))
        json_object_set_null_member (object, "admin_id");
      else
        {
          json_object_unref (object);
          ccal_response_set_error (response, error);
          return;
        }
    }

  ccal_response_set_object (response, SOUP_STATUS_OK, object);
}

static const CcalRoute basic_routes[] = {
  { "GET", "/api/health", CCAL_ACCESS_PUBLIC, CCAL_ROUTE_NO_RATE_LIMIT | CCAL_ROUTE_INLINE, handle_health },
  { "GET", "/api/calendar/timezones", CCAL_ACCESS_PUBLIC, CCAL_ROUTE_FLAGS_NONE, handle_timezones },
  { "GET", "/api/calendar/me", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, handle_me },
};

const CcalRoute *
ccal_basic_routes (gsize *n_routes)
{
  *n_routes = G_N_ELEMENTS (basic_routes);
  return basic_routes;
}
