/* ccal-router.c — matches a method and path against the route tables
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-server"

#include "config.h"

#include <string.h>

#include "ccal-router.h"

typedef struct
{
  const CcalRoute *route;
  GStrv            segments;   /* the pattern split at "/" */
  guint            n_literals; /* more literal segments = more specific */
} CompiledRoute;

struct _CcalRouter
{
  GArray *routes;  /* CompiledRoute */
};

static void
compiled_route_clear (gpointer data)
{
  CompiledRoute *compiled = data;

  g_strfreev (compiled->segments);
}

CcalRouter *
ccal_router_new (void)
{
  CcalRouter *self = g_new0 (CcalRouter, 1);

  self->routes = g_array_new (FALSE, TRUE, sizeof (CompiledRoute));
  g_array_set_clear_func (self->routes, compiled_route_clear);
  return self;
}

void
ccal_router_free (CcalRouter *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->routes);
  g_free (self);
}

void
ccal_router_add_routes (CcalRouter      *self,
                        const CcalRoute *routes,
                        gsize            n_routes)
{
  for (gsize i = 0; i < n_routes; i++)
    {
      CompiledRoute compiled = { 0 };

      g_return_if_fail (routes[i].pattern != NULL && routes[i].pattern[0] == '/');

      compiled.route = &routes[i];
      compiled.segments = g_strsplit (routes[i].pattern + 1, "/", -1);
      for (guint j = 0; compiled.segments[j] != NULL; j++)
        {
          if (compiled.segments[j][0] != ':')
            compiled.n_literals++;
        }
      g_array_append_val (self->routes, compiled);
    }
}

static gboolean
match_segments (const CompiledRoute *compiled,
                char               **path_segments,
                GHashTable          *params)
{
  guint i;

  for (i = 0; compiled->segments[i] != NULL; i++)
    {
      const char *pattern = compiled->segments[i];
      const char *segment = path_segments[i];

      if (segment == NULL)
        return FALSE;
      if (pattern[0] == ':')
        {
          if (segment[0] == '\0')
            return FALSE;
          if (params != NULL)
            g_hash_table_insert (params, g_strdup (pattern + 1), g_strdup (segment));
        }
      else if (strcmp (pattern, segment) != 0)
        {
          return FALSE;
        }
    }

  return path_segments[i] == NULL;
}

const CcalRoute *
ccal_router_lookup (CcalRouter  *self,
                    const char  *method,
                    const char  *path,
                    GHashTable **out_params,
                    char       **out_allow)
{
  g_auto (GStrv) path_segments = NULL;
  g_autoptr (GPtrArray) allowed = NULL;
  const CompiledRoute *best = NULL;

  *out_params = NULL;
  *out_allow = NULL;

  if (path == NULL || path[0] != '/')
    return NULL;
  if (g_strcmp0 (method, "HEAD") == 0)
    method = "GET";

  path_segments = g_strsplit (path + 1, "/", -1);
  allowed = g_ptr_array_new ();

  for (guint i = 0; i < self->routes->len; i++)
    {
      const CompiledRoute *compiled = &g_array_index (self->routes, CompiledRoute, i);

      if (!match_segments (compiled, path_segments, NULL))
        continue;

      if (g_strcmp0 (compiled->route->method, method) == 0)
        {
          if (best == NULL || compiled->n_literals > best->n_literals)
            best = compiled;
        }

      {
        gboolean seen = FALSE;

        for (guint j = 0; j < allowed->len; j++)
          seen |= g_str_equal (g_ptr_array_index (allowed, j), compiled->route->method);
        if (!seen)
          g_ptr_array_add (allowed, (gpointer) compiled->route->method);
      }
    }

  if (best != NULL)
    {
      GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

      match_segments (best, path_segments, params);
      *out_params = params;
      return best->route;
    }

  if (allowed->len > 0)
    {
      g_autoptr (GString) allow = g_string_new (NULL);
      gboolean has_get = FALSE;

      for (guint j = 0; j < allowed->len; j++)
        {
          const char *name = g_ptr_array_index (allowed, j);

          has_get |= g_str_equal (name, "GET");
          g_string_append_printf (allow, "%s%s", allow->len > 0 ? ", " : "", name);
        }
      if (has_get)
        g_string_append (allow, ", HEAD");
      g_string_append (allow, ", OPTIONS");
      *out_allow = g_string_free (g_steal_pointer (&allow), FALSE);
    }

  return NULL;
}
