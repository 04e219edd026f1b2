/* ccal-json-private.h — reading and writing the contract's JSON members, shared by the models
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "ccal-core-types.h"
#include "ccal-time.h"

G_BEGIN_DECLS

/* Header-only (static inline) so the four model files share one implementation without a new
 * source file in the build.
 *
 * Reading rules, the same for every model: a member that is absent or JSON null keeps the model's
 * default, unless it is required; a member of the wrong JSON type, or whose value cannot be read,
 * is CCAL_CORE_ERROR_INVALID naming that member. */

/* The member's node, or NULL when it is absent or JSON null. */
static inline JsonNode *
ccal_json_get_member (JsonObject *object,
                      const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

static inline gboolean
ccal_json_set_missing_error (const char *field,
                             GError    **error)
{
  ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "The “%s” field is required.", field);
  return FALSE;
}

static inline gboolean
ccal_json_set_type_error (const char *field,
                          const char *expected,
                          GError    **error)
{
  ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "The “%s” field must be %s.", field, expected);
  return FALSE;
}

static inline gboolean
ccal_json_node_is_string (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A borrowed string, or NULL when absent/null and not @required. */
static inline gboolean
ccal_json_peek_string (JsonObject  *object,
                       const char  *member,
                       gboolean     required,
                       const char **out_value,
                       GError     **error)
{
  JsonNode *node = ccal_json_get_member (object, member);

  *out_value = NULL;
  if (node == NULL)
    return required ? ccal_json_set_missing_error (member, error) : TRUE;
  if (!ccal_json_node_is_string (node))
    return ccal_json_set_type_error (member, "a string", error);

  *out_value = json_node_get_string (node);
  return TRUE;
}

/* Replaces *@inout_value when the member is present. */
static inline gboolean
ccal_json_read_string (JsonObject *object,
                       const char *member,
                       gboolean    required,
                       char      **inout_value,
                       GError    **error)
{
  const char *value;

  if (!ccal_json_peek_string (object, member, required, &value, error))
    return FALSE;
  if (value != NULL)
    {
      g_free (*inout_value);
      *inout_value = g_strdup (value);
    }
  return TRUE;
}

static inline gboolean
ccal_json_read_time (JsonObject *object,
                     const char *member,
                     gboolean    required,
                     gint64     *inout_usec,
                     GError    **error)
{
  JsonNode *node = ccal_json_get_member (object, member);
  gint64 usec;

  if (node == NULL)
    return required ? ccal_json_set_missing_error (member, error) : TRUE;
  /* A number here is most likely epoch seconds: say what the contract wants instead. */
  if (!ccal_json_node_is_string (node))
    return ccal_json_set_type_error (member, "an RFC 3339 time such as 2026-12-01T09:00:00Z", error);
  if (!ccal_time_parse_rfc3339 (json_node_get_string (node), member, &usec, error))
    return FALSE;

  *inout_usec = usec;
  return TRUE;
}

/* JSON integers, and numbers with no fraction (what some JSON writers send), within [@min, @max]. */
static inline gboolean
ccal_json_read_int64 (JsonObject *object,
                      const char *member,
                      gint64      min,
                      gint64      max,
                      gint64     *inout_value,
                      GError    **error)
{
  JsonNode *node = ccal_json_get_member (object, member);
  gint64 value;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return ccal_json_set_type_error (member, "a whole number", error);

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      value = json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        /* Range first: converting a double outside gint64 is undefined. 2^63 is just outside. */
        if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0) || d != (double) (gint64) d)
          return ccal_json_set_type_error (member, "a whole number", error);
        value = (gint64) d;
      }
      break;
    default:
      return ccal_json_set_type_error (member, "a whole number", error);
    }

  /* Ranges that are only the C type's limits are not worth quoting. */
  if (value < min)
    {
      if (min <= G_MININT)
        ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, member, "The “%s” field is too small.", member);
      else
        ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, member,
                             "The “%s” field must be %" G_GINT64_FORMAT " or more.", member, min);
      return FALSE;
    }
  if (value > max)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, member, "The “%s” field is too large.", member);
      return FALSE;
    }

  *inout_value = value;
  return TRUE;
}

static inline gboolean
ccal_json_read_int (JsonObject *object,
                    const char *member,
                    int         min,
                    int         max,
                    int        *inout_value,
                    GError    **error)
{
  gint64 value = *inout_value;

  if (!ccal_json_read_int64 (object, member, min, max, &value, error))
    return FALSE;
  *inout_value = (int) value;
  return TRUE;
}

static inline gboolean
ccal_json_read_boolean (JsonObject *object,
                        const char *member,
                        gboolean   *inout_value,
                        GError    **error)
{
  JsonNode *node = ccal_json_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return ccal_json_set_type_error (member, "true or false", error);

  *inout_value = json_node_get_boolean (node);
  return TRUE;
}

/* json_node_copy() only takes references on objects and arrays; a model must own its metadata. */
static inline JsonNode *ccal_json_node_deep_copy (JsonNode *node);

static inline JsonObject *
ccal_json_object_deep_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (copy, name, ccal_json_node_deep_copy (member));
  return copy;
}

static inline JsonNode *
ccal_json_node_deep_copy (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *copy = ccal_json_object_deep_copy (json_node_get_object (node));
        JsonNode *result = json_node_init_object (json_node_alloc (), copy);

        json_object_unref (copy);
        return result;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *copy = json_array_sized_new (json_array_get_length (array));
        JsonNode *result;

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (copy, ccal_json_node_deep_copy (json_array_get_element (array, i)));
        result = json_node_init_array (json_node_alloc (), copy);
        json_array_unref (copy);
        return result;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

static inline void
ccal_json_set_string (JsonObject *object,
                      const char *member,
                      const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static inline void
ccal_json_set_time (JsonObject *object,
                    const char *member,
                    gint64      usec)
{
  g_autofree char *text = ccal_time_format_rfc3339 (usec);

  json_object_set_string_member (object, member, text);
}

/* created_at/updated_at: 0 means "not known yet" (an object the server has not seen), written as null. */
static inline void
ccal_json_set_time_or_null (JsonObject *object,
                            const char *member,
                            gint64      usec)
{
  if (usec != 0)
    ccal_json_set_time (object, member, usec);
  else
    json_object_set_null_member (object, member);
}

G_END_DECLS
