/* ccal-handlers-common.c — answering and reading requests: what every handler shares
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-server"

#include "config.h"

#include <errno.h>
#include <string.h>

#include "ccal-server-private.h"

/* ── answering ──────────────────────────────────────────────────────────────────────────────── */

static void
response_take_object (CcalResponse *response,
                      JsonObject   *object)
{
  g_clear_pointer (&response->body, json_node_unref);
  g_clear_pointer (&response->body_text, g_free);
  response->body = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
}

void
ccal_response_set_text (CcalResponse *response,
                        guint         status,
                        const char   *json_text)
{
  g_clear_pointer (&response->body, json_node_unref);
  g_free (response->body_text);
  response->body_text = g_strdup (json_text);
  response->status = status;
}

void
ccal_response_set_object (CcalResponse *response,
                          guint         status,
                          JsonObject   *object)
{
  g_return_if_fail (object != NULL);

  response->status = status;
  response_take_object (response, object);
}

void
ccal_response_set_etag (CcalResponse *response,
                        gint64        version)
{
  g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", version);

  ccal_response_set_header (response, "ETag", etag);
}

void
ccal_response_set_resource (CcalResponse *response,
                            guint         status,
                            const char   *member,
                            JsonObject   *object,
                            gint64        version)
{
  JsonObject *wrapper = json_object_new ();

  json_object_set_object_member (wrapper, member, object);
  ccal_response_set_object (response, status, wrapper);
  ccal_response_set_etag (response, version);
}

void
ccal_response_set_empty (CcalResponse *response)
{
  response->status = SOUP_STATUS_NO_CONTENT;
  g_clear_pointer (&response->body, json_node_unref);
  g_clear_pointer (&response->body_text, g_free);
}

void
ccal_response_set_header (CcalResponse *response,
                          const char   *name,
                          const char   *value)
{
  soup_message_headers_replace (response->headers, name, value);
}

void
ccal_response_error (CcalResponse *response,
                     guint         status,
                     const char   *code,
                     const char   *field,
                     const char   *message_format,
                     ...)
{
  g_autofree char *message = NULL;
  JsonObject *object, *error;
  va_list args;

  va_start (args, message_format);
  message = g_strdup_vprintf (message_format, args);
  va_end (args);

  error = json_object_new ();
  json_object_set_string_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  if (field != NULL)
    json_object_set_string_member (error, "field", field);

  object = json_object_new ();
  json_object_set_object_member (object, "error", error);
  ccal_response_set_object (response, status, object);
}

static void
set_internal_error (CcalResponse *response,
                    const GError *error)
{
  /* The details (which may hold SQL or paths) go to the log only. */
  g_warning ("Internal error: %s (%s, %d)",
             error != NULL ? error->message : "no error set",
             error != NULL ? g_quark_to_string (error->domain) : "-",
             error != NULL ? error->code : 0);
  ccal_response_error (response, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal", NULL,
                       "Something went wrong on the server. Please try again later.");
}

void
ccal_response_set_error (CcalResponse *response,
                         const GError *error)
{
  if (error == NULL)
    {
      set_internal_error (response, NULL);
      return;
    }

  if (error->domain == CCAL_CORE_ERROR)
    {
      ccal_response_error (response, SOUP_STATUS_BAD_REQUEST, "invalid_request", ccal_core_error_get_field (error),
                           "%s", error->message);
      return;
    }

  if (error->domain == CCAL_AUTH_ERROR)
    {
      switch ((CcalAuthError) error->code)
        {
        case CCAL_AUTH_ERROR_UNAUTHORIZED:
          ccal_response_error (response, SOUP_STATUS_UNAUTHORIZED, "unauthorized", NULL, "%s", error->message);
          ccal_response_set_header (response, "WWW-Authenticate", "Bearer");
          return;
        case CCAL_AUTH_ERROR_FORBIDDEN:
          ccal_response_error (response, SOUP_STATUS_FORBIDDEN, "forbidden", NULL, "%s", error->message);
          return;
        case CCAL_AUTH_ERROR_RANDOM:
        default:
          set_internal_error (response, error);
          return;
        }
    }

  if (error->domain == CCAL_DB_ERROR)
    {
      switch ((CcalDbError) error->code)
        {
        case CCAL_DB_ERROR_NOT_FOUND:
          ccal_response_error (response, SOUP_STATUS_NOT_FOUND, "not_found", NULL, "%s", error->message);
          return;
        case CCAL_DB_ERROR_VERSION_CONFLICT:
          ccal_response_error (response, SOUP_STATUS_PRECONDITION_FAILED, "version_conflict", NULL, "%s",
                               error->message);
          return;
        case CCAL_DB_ERROR_SLOT_UNAVAILABLE:
          ccal_response_error (response, SOUP_STATUS_CONFLICT, "slot_unavailable", NULL, "%s", error->message);
          return;
        case CCAL_DB_ERROR_SYNC_TOKEN_EXPIRED:
          ccal_response_error (response, SOUP_STATUS_GONE, "sync_token_expired", "sync_token",
                               "The sync token has expired or is unknown; do a full sync.");
          return;
        case CCAL_DB_ERROR_INVALID:
          ccal_response_error (response, SOUP_STATUS_BAD_REQUEST, "invalid_request", NULL, "%s", error->message);
          return;
        case CCAL_DB_ERROR_IDEMPOTENCY_REUSED:
          ccal_response_error (response, SOUP_STATUS_UNPROCESSABLE_ENTITY, "idempotency_key_reused",
                               "Idempotency-Key",
                               "This Idempotency-Key was used before with a different request.");
          return;
        case CCAL_DB_ERROR_EXISTS:
          ccal_response_error (response, SOUP_STATUS_CONFLICT, "conflict", NULL, "%s", error->message);
          return;
        case CCAL_DB_ERROR_UNAVAILABLE:
          g_message ("Database unavailable: %s", error->message);
          ccal_response_error (response, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", NULL,
                               "The service is briefly unavailable. Please try again.");
          ccal_response_set_header (response, "Retry-After", "1");
          return;
        case CCAL_DB_ERROR_FAILED:
        default:
          set_internal_error (response, error);
          return;
        }
    }

  set_internal_error (response, error);
}

/* ── reading requests ───────────────────────────────────────────────────────────────────────── */

const char *
ccal_request_get_param (CcalRequest *request,
                        const char  *name)
{
  return g_hash_table_lookup (request->params, name);
}

const char *
ccal_request_get_query (CcalRequest *request,
                        const char  *name)
{
  const char *value = g_hash_table_lookup (request->query, name);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

const char *
ccal_request_get_header (CcalRequest *request,
                         const char  *name)
{
  return soup_message_headers_get_one (request->headers, name);
}

gboolean
ccal_request_check_uuid (const char *value,
                         const char *field,
                         GError    **error)
{
  return ccal_validate_uuid (value, field, error);
}

static gboolean
missing_parameter (const char *name,
                   GError    **error)
{
  ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, name, "The “%s” parameter is required.", name);
  return FALSE;
}

gboolean
ccal_request_query_uuid (CcalRequest *request,
                         const char  *name,
                         gboolean     required,
                         const char **out_value,
                         GError     **error)
{
  const char *value = ccal_request_get_query (request, name);

  if (value == NULL)
    return required ? missing_parameter (name, error) : TRUE;
  if (!ccal_validate_uuid (value, name, error))
    return FALSE;

  *out_value = value;
  return TRUE;
}

gboolean
ccal_request_query_date (CcalRequest *request,
                         const char  *name,
                         gboolean     required,
                         GDate       *out_date,
                         GError     **error)
{
  const char *value = ccal_request_get_query (request, name);

  if (value == NULL)
    return required ? missing_parameter (name, error) : TRUE;
  return ccal_date_parse (value, name, out_date, error);
}

gboolean
ccal_request_query_time (CcalRequest *request,
                         const char  *name,
                         gboolean     required,
                         gint64      *out_usec,
                         GError     **error)
{
  const char *value = ccal_request_get_query (request, name);

  if (value == NULL)
    return required ? missing_parameter (name, error) : TRUE;
  return ccal_time_parse_rfc3339 (value, name, out_usec, error);
}

gboolean
ccal_request_query_int (CcalRequest *request,
                        const char  *name,
                        gint64       min,
                        gint64       max,
                        gboolean     required,
                        gint64      *out_value,
                        GError     **error)
{
  const char *value = ccal_request_get_query (request, name);
  gint64 number;

  if (value == NULL)
    return required ? missing_parameter (name, error) : TRUE;

  if (!g_ascii_string_to_signed (value, 10, min, max, &number, NULL))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, name,
                           "The “%s” parameter must be a whole number from %" G_GINT64_FORMAT " to %"
                           G_GINT64_FORMAT ".", name, min, max);
      return FALSE;
    }

  *out_value = number;
  return TRUE;
}

gboolean
ccal_request_query_timezone (CcalRequest *request,
                             const char  *name,
                             gboolean     required,
                             const char **out_value,
                             GError     **error)
{
  const char *value = ccal_request_get_query (request, name);

  if (value == NULL)
    return required ? missing_parameter (name, error) : TRUE;
  if (!ccal_validate_timezone (value, name, error))
    return FALSE;

  *out_value = value;
  return TRUE;
}

gboolean
ccal_request_get_if_match (CcalRequest *request,
                           gint64      *out_version,
                           GError     **error)
{
  const char *value = ccal_request_get_header (request, "If-Match");
  g_autofree char *text = NULL;
  char *digits;
  gsize length;
  gint64 version;

  *out_version = 0;
  if (value == NULL)
    return TRUE;

  text = g_strstrip (g_strdup (value));
  if (g_str_equal (text, "*"))
    return TRUE;

  /* Versions are compared as numbers, so a weak validator means the same as a strong one. */
  digits = text;
  if (g_str_has_prefix (digits, "W/"))
    digits += 2;
  length = strlen (digits);
  if (length >= 2 && digits[0] == '"' && digits[length - 1] == '"')
    {
      digits[length - 1] = '\0';
      digits++;
    }

  if (!g_ascii_string_to_signed (digits, 10, 1, G_MAXINT64, &version, NULL))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "If-Match",
                           "If-Match must be the ETag of the resource, such as \"3\".");
      return FALSE;
    }

  *out_version = version;
  return TRUE;
}

gboolean
ccal_request_parse_list_query (CcalRequest     *request,
                               CcalDbListQuery *query,
                               GError         **error)
{
  gint64 limit = 100;
  const char *sync_token;

  memset (query, 0, sizeof *query);
  query->workspace_id = request->user != NULL ? request->user->workspace_id : NULL;
  query->type = -1;
  query->status = -1;
  query->since_seq = -1;

  if (!ccal_request_query_int (request, "limit", 1, 1000, FALSE, &limit, error) ||
      !ccal_request_query_time (request, "from", FALSE, &query->from, error) ||
      !ccal_request_query_time (request, "to", FALSE, &query->to, error))
    return FALSE;
  query->limit = (guint) limit;

  if (query->from != 0 && query->to != 0 && query->to <= query->from)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "to", "“to” must be after “from”.");
      return FALSE;
    }

  query->cursor = ccal_request_get_query (request, "cursor");
  if (query->cursor != NULL && strlen (query->cursor) > 512)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "cursor", "The cursor is not valid.");
      return FALSE;
    }

  sync_token = ccal_request_get_query (request, "sync_token");
  if (sync_token != NULL && !ccal_sync_token_decode (sync_token, query->workspace_id, &query->since_seq, error))
    return FALSE;

  return TRUE;
}

/* ── lists and sync tokens ──────────────────────────────────────────────────────────────────── */

#define SYNC_TOKEN_PREFIX "st1."

char *
ccal_sync_token_encode (const char *workspace_id,
                        gint64      sync_seq)
{
  g_autofree char *plain = g_strdup_printf ("%s:%" G_GINT64_FORMAT, workspace_id, sync_seq);
  g_autofree char *encoded = g_base64_encode ((const guchar *) plain, strlen (plain));

  /* URL-safe so it can go into a query string as it is. */
  for (char *p = encoded; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }
  return g_strconcat (SYNC_TOKEN_PREFIX, encoded, NULL);
}

static gboolean
sync_token_unknown (GError **error)
{
  g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SYNC_TOKEN_EXPIRED, "Unknown sync token.");
  return FALSE;
}

gboolean
ccal_sync_token_decode (const char *token,
                        const char *workspace_id,
                        gint64     *out_sync_seq,
                        GError    **error)
{
  g_autoptr (GString) base64 = NULL;
  g_autofree guchar *plain = NULL;
  g_autofree char *text = NULL;
  const char *colon;
  gsize length;
  gint64 seq;

  if (token == NULL || workspace_id == NULL || !g_str_has_prefix (token, SYNC_TOKEN_PREFIX) || strlen (token) > 256)
    return sync_token_unknown (error);

  base64 = g_string_new (token + strlen (SYNC_TOKEN_PREFIX));
  for (char *p = base64->str; *p != '\0'; p++)
    {
      if (*p == '-')
        *p = '+';
      else if (*p == '_')
        *p = '/';
      else if (!g_ascii_isalnum (*p))
        return sync_token_unknown (error);
    }
  if (base64->len % 4 == 1)
    return sync_token_unknown (error);
  while (base64->len % 4 != 0)
    g_string_append_c (base64, '=');

  plain = g_base64_decode (base64->str, &length);
  text = g_strndup ((const char *) plain, length);
  if (strlen (text) != length)
    return sync_token_unknown (error);

  colon = strrchr (text, ':');
  if (colon == NULL ||
      strncmp (text, workspace_id, (gsize) (colon - text)) != 0 ||
      strlen (workspace_id) != (gsize) (colon - text) ||
      !g_ascii_string_to_signed (colon + 1, 10, 0, G_MAXINT64, &seq, NULL))
    return sync_token_unknown (error);

  *out_sync_seq = seq;
  return TRUE;
}

JsonObject *
ccal_json_tombstone (const char *id,
                     gint64      version)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", id);
  json_object_set_boolean_member (object, "deleted", TRUE);
  json_object_set_int_member (object, "version", version);
  return object;
}

void
ccal_response_set_page (CcalResponse  *response,
                        CcalRequest   *request,
                        const char    *member,
                        CcalDbPage    *page,
                        CcalItemToJson item_to_json)
{
  JsonObject *object = json_object_new ();
  JsonArray *items = json_array_sized_new (page->items != NULL ? page->items->len : 0);
  g_autofree char *token = NULL;

  for (guint i = 0; page->items != NULL && i < page->items->len; i++)
    json_array_add_object_element (items, item_to_json (g_ptr_array_index (page->items, i)));

  json_object_set_array_member (object, member, items);
  if (page->next_cursor != NULL)
    json_object_set_string_member (object, "next_cursor", page->next_cursor);
  else
    json_object_set_null_member (object, "next_cursor");

  token = ccal_sync_token_encode (request->user != NULL ? request->user->workspace_id : "", page->sync_seq);
  json_object_set_string_member (object, "sync_token", token);

  ccal_response_set_object (response, SOUP_STATUS_OK, object);
}

/* ── idempotency ────────────────────────────────────────────────────────────────────────────── */

char *
ccal_request_hash (const char *method,
                   const char *path,
                   GBytes     *body)
{
  g_autoptr (GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  g_checksum_update (checksum, (const guchar *) method, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) path, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  if (body != NULL)
    {
      gsize size;
      const guchar *data = g_bytes_get_data (body, &size);

      g_checksum_update (checksum, data, (gssize) size);
    }
  return g_strdup (g_checksum_get_string (checksum));
}
