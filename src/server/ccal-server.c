/* ccal-server.c — the calendar HTTP API server: a SoupServer, a worker pool and the routes
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-server"

#include "config.h"

#include <sys/socket.h>

#include <string.h>

#include "ccal-router.h"
#include "ccal-server-private.h"

#define CORS_ALLOWED_HEADERS "Authorization, Content-Type, If-Match, Idempotency-Key"
#define CORS_EXPOSED_HEADERS "ETag, Retry-After"
#define CORS_MAX_AGE         "600"

#define IDEMPOTENCY_KEY_MAX_LENGTH 255

struct _CcalServer
{
  GObject            parent_instance;

  /* owned */
  CcalDb            *db;
  char              *listen_address;
  GBytes            *jwt_secret;
  GStrv              cors_origins;
  CcalServerOptions  options;         /* the strings in it point at the fields above */
  SoupServer        *soup;
  CcalRouter        *router;
  CcalRateLimiter   *limiter;
  GThreadPool       *pool;
  GMainContext      *context;         /* where libsoup runs and responses are written */

  /* main context only */
  guint              n_in_flight;     /* requests from their headers to their last byte out */
  gboolean           stopping;
  GSource           *stop_idle;
  GTask             *stop_task;
  GSource           *stop_timeout;
};

G_DEFINE_FINAL_TYPE (CcalServer, ccal_server, G_TYPE_OBJECT)

static void finish_stop (CcalServer *self,
                         gboolean    drained);
static void maybe_finish_stop (CcalServer *self);

/* One request on its way through a worker. */
typedef struct
{
  CcalServer        *server;          /* owned ref */
  SoupServerMessage *msg;             /* owned ref; touched on the main context only */
  gulong             finished_id;
  gboolean           finished;        /* the client went away before the answer */
  const CcalRoute   *route;
  CcalRequest        request;
  CcalResponse       response;
  char              *response_text;   /* the serialised body, made in the worker */
  gsize              response_length;
} Job;

void
ccal_server_options_init (CcalServerOptions *options)
{
  memset (options, 0, sizeof *options);
  options->listen_address = "127.0.0.1";
  options->port = CCAL_SERVER_DEFAULT_PORT;
  options->rate_limit = CCAL_SERVER_DEFAULT_RATE_LIMIT;
  options->rate_burst = CCAL_SERVER_DEFAULT_RATE_BURST;
  options->shutdown_timeout = CCAL_SERVER_DEFAULT_SHUTDOWN_TIMEOUT;
}

GBytes *
ccal_server_get_jwt_secret (CcalServer *self)
{
  return self->jwt_secret;
}

guint
ccal_server_get_n_in_flight (CcalServer *self)
{
  g_return_val_if_fail (CCAL_IS_SERVER (self), 0);

  return self->n_in_flight;
}

/* ── requests and responses ─────────────────────────────────────────────────────────────────── */

static void
response_init (CcalResponse *response)
{
  response->status = 0;
  response->body = NULL;
  response->body_text = NULL;
  response->content_type = NULL;
  response->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
}

static void
response_clear (CcalResponse *response)
{
  g_clear_pointer (&response->body, json_node_unref);
  g_clear_pointer (&response->body_text, g_free);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
}

static void
request_clear (CcalRequest *request)
{
  g_clear_pointer (&request->method, g_free);
  g_clear_pointer (&request->path, g_free);
  g_clear_pointer (&request->params, g_hash_table_unref);
  g_clear_pointer (&request->query, g_hash_table_unref);
  g_clear_pointer (&request->headers, soup_message_headers_unref);
  g_clear_pointer (&request->body, g_bytes_unref);
  g_clear_pointer (&request->body_node, json_node_unref);
  request->body_object = NULL;
  g_clear_pointer (&request->client_address, g_free);
  g_clear_pointer (&request->user, ccal_db_user_free);
  g_clear_object (&request->db);
  request->server = NULL;
}

static void
copy_header (const char *name,
             const char *value,
             gpointer    user_data)
{
  soup_message_headers_append (user_data, name, value);
}

static void
job_free (Job *job)
{
  if (job->finished_id != 0)
    g_signal_handler_disconnect (job->msg, job->finished_id);
  request_clear (&job->request);
  response_clear (&job->response);
  g_free (job->response_text);
  g_clear_object (&job->msg);
  g_clear_object (&job->server);
  g_free (job);
}

/* Writes @response into @msg: status, extra headers and the JSON body (already serialised when
 * @text is given, so a worker did that work). */
static void
write_response (SoupServerMessage *msg,
                CcalResponse      *response,
                char              *text,
                gsize              length)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  guint status = response->status != 0 ? response->status : SOUP_STATUS_INTERNAL_SERVER_ERROR;

  soup_message_headers_foreach (response->headers, copy_header, headers);
  /* API answers are never cached; a handler that knows better (the calendar feed) says so itself. */
  if (soup_message_headers_get_one (response->headers, "Cache-Control") == NULL)
    soup_message_headers_replace (headers, "Cache-Control", "no-store");

  if (text == NULL && response->body_text != NULL)
    {
      text = g_strdup (response->body_text);
      length = strlen (text);
    }
  else if (text == NULL && response->body != NULL)
    {
      text = json_to_string (response->body, FALSE);
      length = strlen (text);
    }
  else if (text != NULL)
    {
      text = g_memdup2 (text, length);
    }

  /* libsoup 3.2 has no phrase of its own for 429. */
  soup_server_message_set_status (msg, status, status == 429 ? "Too Many Requests" : NULL);
  if (text != NULL)
    {
      const char *content_type = response->content_type != NULL ? response->content_type : "application/json";

      soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, text, length);
    }
}

/* Answers on the main context right away (router, body and rate-limit errors). */
static void
respond_now (SoupServerMessage *msg,
             CcalResponse      *response)
{
  write_response (msg, response, NULL, 0);
}

static void
respond_error_now (SoupServerMessage *msg,
                   guint              status,
                   const char        *code,
                   const char        *message)
{
  CcalResponse response;

  response_init (&response);
  ccal_response_error (&response, status, code, NULL, "%s", message);
  respond_now (msg, &response);
  response_clear (&response);
}

/* ── CORS ───────────────────────────────────────────────────────────────────────────────────── */

static gboolean
origin_is_allowed (CcalServer *self,
                   const char *origin)
{
  if (origin == NULL || self->cors_origins == NULL)
    return FALSE;
  for (guint i = 0; self->cors_origins[i] != NULL; i++)
    {
      if (g_str_equal (self->cors_origins[i], "*") || g_str_equal (self->cors_origins[i], origin))
        return TRUE;
    }
  return FALSE;
}

/* Returns whether the request's origin is allowed. */
static gboolean
apply_cors (CcalServer        *self,
            SoupServerMessage *msg)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *origin = soup_message_headers_get_one (request_headers, "Origin");

  if (self->cors_origins == NULL)
    return FALSE;

  /* Caches must not hand one origin's answer to another. */
  soup_message_headers_append (headers, "Vary", "Origin");
  if (!origin_is_allowed (self, origin))
    return FALSE;

  soup_message_headers_replace (headers, "Access-Control-Allow-Origin", origin);
  soup_message_headers_replace (headers, "Access-Control-Expose-Headers", CORS_EXPOSED_HEADERS);
  return TRUE;
}

/* ── body checks (main context) ─────────────────────────────────────────────────────────────── */

#define TOO_LARGE_KEY "ccal-body-too-large"

static void
on_msg_got_chunk_cb (SoupServerMessage *msg,
                     GBytes            *chunk,
                     gpointer           user_data)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  gsize *received = g_object_get_data (G_OBJECT (msg), "ccal-body-received");

  *received += g_bytes_get_size (chunk);
  if (*received > CCAL_SERVER_MAX_BODY_SIZE && g_object_get_data (G_OBJECT (msg), TOO_LARGE_KEY) == NULL)
    {
      /* Stop keeping what a chunked upload sends beyond the limit; the 413 comes once it ends. */
      g_object_set_data (G_OBJECT (msg), TOO_LARGE_KEY, GINT_TO_POINTER (TRUE));
      soup_message_body_set_accumulate (body, FALSE);
    }
}

static void
on_counted_msg_finished_cb (SoupServerMessage *msg,
                            gpointer           user_data)
{
  CcalServer *self = user_data;

  g_assert (self->n_in_flight > 0);
  self->n_in_flight--;
  maybe_finish_stop (self);
}

/* Runs when the headers are in, before the body is read: a declared size over the limit is
 * refused without reading it. */
static void
on_early_request (SoupServer        *soup,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  CcalServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  /* Counted from here, not from the handler: a request whose body is still arriving when SIGTERM
   * comes is in flight too, and gets its answer. */
  self->n_in_flight++;
  g_signal_connect_object (msg, "finished", G_CALLBACK (on_counted_msg_finished_cb), self, 0);

  if (self->stopping)
    {
      apply_cors (self, msg);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      respond_error_now (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", "The server is shutting down.");
      return;
    }

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      if (soup_message_headers_get_content_length (headers) > CCAL_SERVER_MAX_BODY_SIZE)
        {
          apply_cors (self, msg);
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
          respond_error_now (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                             "The request body is larger than 64 KiB.");
        }
      break;
    case SOUP_ENCODING_CHUNKED:
    case SOUP_ENCODING_EOF:
      g_object_set_data_full (G_OBJECT (msg), "ccal-body-received", g_new0 (gsize, 1), g_free);
      g_signal_connect (msg, "got-chunk", G_CALLBACK (on_msg_got_chunk_cb), NULL);
      break;
    case SOUP_ENCODING_UNRECOGNIZED:
    case SOUP_ENCODING_NONE:
    case SOUP_ENCODING_BYTERANGES:
    default:
      break;
    }
}

static gboolean
method_takes_body (const char *method)
{
  return g_str_equal (method, "POST") || g_str_equal (method, "PUT") || g_str_equal (method, "PATCH");
}

static gboolean
content_type_is_json (SoupMessageHeaders *headers)
{
  g_autoptr (GHashTable) params = NULL;
  const char *type = soup_message_headers_get_content_type (headers, &params);
  const char *charset;

  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    return FALSE;

  charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  return charset == NULL || g_ascii_strcasecmp (charset, "utf-8") == 0;
}

/* ── the worker side ────────────────────────────────────────────────────────────────────────── */

static gboolean
parse_body (CcalRequest  *request,
            CcalResponse *response)
{
  g_autoptr (JsonParser) parser = NULL;
  g_autoptr (GError) error = NULL;
  gsize size;
  const char *data;
  JsonNode *root;

  if (request->body == NULL)
    return TRUE;

  data = g_bytes_get_data (request->body, &size);
  if (!g_utf8_validate (data, (gssize) size, NULL))
    {
      ccal_response_error (response, SOUP_STATUS_BAD_REQUEST, "invalid_request", NULL,
                           "The request body is not valid UTF-8.");
      return FALSE;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, &error))
    {
      ccal_response_error (response, SOUP_STATUS_BAD_REQUEST, "invalid_request", NULL,
                           "The request body is not valid JSON: %s", error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      ccal_response_error (response, SOUP_STATUS_BAD_REQUEST, "invalid_request", NULL,
                           "The request body must be a JSON object.");
      return FALSE;
    }

  request->body_node = json_node_ref (root);
  request->body_object = json_node_get_object (root);
  return TRUE;
}

static gboolean
authorize (CcalServer      *self,
           const CcalRoute *route,
           CcalRequest     *request,
           CcalResponse    *response)
{
  g_autoptr (GError) error = NULL;
  const char *authorization = ccal_request_get_header (request, "Authorization");
  const char *workspace_id;

  switch (route->access)
    {
    case CCAL_ACCESS_PUBLIC:
      return TRUE;
    case CCAL_ACCESS_OPTIONAL:
      if (authorization == NULL)
        return TRUE;
      break;
    case CCAL_ACCESS_STAFF:
    case CCAL_ACCESS_ADMIN:
    default:
      break;
    }

  request->user = ccal_auth_authenticate (self->db, self->jwt_secret, authorization, request->now, &error);
  if (request->user == NULL)
    {
      ccal_response_set_error (response, error);
      return FALSE;
    }

  if (route->access == CCAL_ACCESS_ADMIN && request->user->role != CCAL_ROLE_ADMIN)
    {
      ccal_response_error (response, SOUP_STATUS_FORBIDDEN, "forbidden", NULL, "This needs an admin credential.");
      return FALSE;
    }

  workspace_id = ccal_request_get_query (request, "workspace_id");
  if (workspace_id != NULL && g_strcmp0 (workspace_id, request->user->workspace_id) != 0)
    {
      ccal_response_error (response, SOUP_STATUS_FORBIDDEN, "forbidden", "workspace_id",
                           "The credential does not belong to this workspace.");
      return FALSE;
    }

  return TRUE;
}

static void
run_handler (const CcalRoute *route,
             CcalRequest     *request,
             CcalResponse    *response)
{
  route->handler (request, response);

  if (response->status == 0)
    {
      g_warning ("Handler for %s %s set no status", request->method, route->pattern);
      ccal_response_set_error (response, NULL);
    }
}

static char *
serialise_response (CcalResponse *response)
{
  if (response->body_text != NULL)
    return g_strdup (response->body_text);
  return response->body != NULL ? json_to_string (response->body, FALSE) : NULL;
}

/* A replayed answer has no stored headers; its ETag comes back from the resource's version. */
static void
set_etag_from_stored_body (CcalResponse *response,
                           const char   *text)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  JsonObject *object, *resource;
  GList *members;
  JsonNode *node, *version;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return;
  node = json_parser_get_root (parser);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return;

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  if (members != NULL && members->next == NULL)
    {
      node = json_object_get_member (object, members->data);
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          resource = json_node_get_object (node);
          version = json_object_get_member (resource, "version");
          if (version != NULL && JSON_NODE_HOLDS_VALUE (version) &&
              json_node_get_value_type (version) == G_TYPE_INT64)
            ccal_response_set_etag (response, json_node_get_int (version));
        }
    }
  g_list_free (members);
}

/* POST + Idempotency-Key: the first request runs and its answer is stored; a repeat with the same
 * key and the same method, path and body gets that answer again; a different request is 422. */
static void
run_idempotent (CcalServer      *self,
                Job             *job,
                const char      *key)
{
  CcalRequest *request = &job->request;
  CcalResponse *response = &job->response;
  g_autoptr (CcalDbIdempotentResponse) stored = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *scope = NULL;
  g_autofree char *hash = NULL;

  if (strlen (key) > IDEMPOTENCY_KEY_MAX_LENGTH)
    {
      ccal_response_error (response, SOUP_STATUS_BAD_REQUEST, "invalid_request", "Idempotency-Key",
                           "An Idempotency-Key has 1 to %d characters.", IDEMPOTENCY_KEY_MAX_LENGTH);
      return;
    }

  /* Keys belong to whoever sent them: a user, or the public (where the body is the secret). */
  scope = request->user != NULL
            ? g_strdup_printf ("%s/%s", request->user->workspace_id, request->user->user_id)
            : g_strdup ("public");
  hash = ccal_request_hash (request->method, request->path, request->body);

  stored = ccal_db_begin_idempotent (request->db, scope, key, hash, &error);
  if (error != NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }

  if (stored != NULL)
    {
      if (g_strcmp0 (stored->request_hash, hash) != 0)
        {
          g_set_error_literal (&error, CCAL_DB_ERROR, CCAL_DB_ERROR_IDEMPOTENCY_REUSED, "reused");
          ccal_response_set_error (response, error);
          return;
        }
      if (stored->status == 0)
        {
          /* The first request with this key is still running. */
          ccal_response_error (response, SOUP_STATUS_CONFLICT, "idempotency_key_in_use", "Idempotency-Key",
                               "A request with this Idempotency-Key is still being processed; retry shortly.");
          ccal_response_set_header (response, "Retry-After", "1");
          return;
        }

      response->status = stored->status;
      if (stored->response_body != NULL && stored->response_body[0] != '\0')
        {
          job->response_text = g_strdup (stored->response_body);
          job->response_length = strlen (job->response_text);
          set_etag_from_stored_body (response, stored->response_body);
        }
      ccal_response_set_header (response, "Idempotent-Replayed", "true");
      return;
    }

  run_handler (job->route, request, response);
  job->response_text = serialise_response (response);
  job->response_length = job->response_text != NULL ? strlen (job->response_text) : 0;

  /* A server error is not an answer worth repeating: the client may try again for real. */
  if (response->status < 500)
    {
      if (!ccal_db_finish_idempotent (request->db, scope, key, response->status, job->response_text, &error))
        g_warning ("Could not store the answer for an Idempotency-Key: %s", error->message);
    }
  else if (!ccal_db_abandon_idempotent (request->db, scope, key, &error))
    {
      g_warning ("Could not release an Idempotency-Key: %s", error->message);
    }
}

static gboolean
complete_job (gpointer user_data)
{
  Job *job = user_data;
  g_autoptr (CcalServer) self = g_object_ref (job->server);

  if (!job->finished)
    {
      write_response (job->msg, &job->response, job->response_text, job->response_length);
      soup_server_message_unpause (job->msg);
    }

  job_free (job);

  return G_SOURCE_REMOVE;
}

static void
worker_run (gpointer data,
            gpointer user_data)
{
  Job *job = data;
  CcalServer *self = job->server;
  CcalRequest *request = &job->request;
  CcalResponse *response = &job->response;
  const char *key;

  if (!parse_body (request, response))
    goto out;

  if (request->body_object == NULL && method_takes_body (request->method) &&
      (job->route->flags & CCAL_ROUTE_BODY_OPTIONAL) == 0)
    {
      ccal_response_error (response, SOUP_STATUS_BAD_REQUEST, "invalid_request", NULL,
                           "This request needs a JSON object as its body.");
      goto out;
    }

  if (!authorize (self, job->route, request, response))
    goto out;

  key = ccal_request_get_header (request, "Idempotency-Key");
  if (key != NULL && g_str_equal (request->method, "POST") &&
      (job->route->flags & CCAL_ROUTE_NO_IDEMPOTENCY) == 0)
    {
      run_idempotent (self, job, key);
      if (job->response_text == NULL)
        job->response_text = serialise_response (response);
    }
  else
    {
      run_handler (job->route, request, response);
    }

out:
  if (job->response_text == NULL)
    job->response_text = serialise_response (response);
  if (job->response_text != NULL && job->response_length == 0)
    job->response_length = strlen (job->response_text);

  /* Always through a source: g_main_context_invoke () could run it right here in the worker when
   * the main context happens to be free, and libsoup is not thread-safe. */
  {
    g_autoptr (GSource) source = g_idle_source_new ();

    g_source_set_priority (source, G_PRIORITY_DEFAULT);
    g_source_set_callback (source, complete_job, job, NULL);
    g_source_attach (source, self->context);
  }
}

/* ── the main-context side ──────────────────────────────────────────────────────────────────── */

static void
on_msg_finished_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  Job *job = user_data;

  job->finished = TRUE;
}

static void
answer_preflight (CcalServer        *self,
                  SoupServerMessage *msg,
                  const char        *allow,
                  gboolean           cors_allowed)
{
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Allow", allow);
  if (cors_allowed && soup_message_headers_get_one (request_headers, "Access-Control-Request-Method") != NULL)
    {
      soup_message_headers_replace (headers, "Access-Control-Allow-Methods", allow);
      soup_message_headers_replace (headers, "Access-Control-Allow-Headers", CORS_ALLOWED_HEADERS);
      soup_message_headers_replace (headers, "Access-Control-Max-Age", CORS_MAX_AGE);
    }
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

static void
on_request (SoupServer        *soup,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  CcalServer *self = user_data;
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  const char *method = soup_server_message_get_method (msg);
  g_autoptr (GHashTable) params = NULL;
  g_autofree char *allow = NULL;
  g_autoptr (GBytes) body = NULL;
  const CcalRoute *route;
  gboolean cors_allowed;
  Job *job;

  /* A request that started before a stop is answered normally; later ones were refused (503) in
   * on_early_request (). */
  cors_allowed = apply_cors (self, msg);

  route = ccal_router_lookup (self->router, method, path, &params, &allow);

  if (g_str_equal (method, "OPTIONS") && allow != NULL)
    {
      answer_preflight (self, msg, allow, cors_allowed);
      return;
    }
  if (route == NULL)
    {
      if (allow != NULL)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
          respond_error_now (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                             "This method is not allowed here.");
        }
      else
        {
          respond_error_now (msg, SOUP_STATUS_NOT_FOUND, "not_found", "There is nothing at this address.");
        }
      return;
    }

  if (g_object_get_data (G_OBJECT (msg), TOO_LARGE_KEY) != NULL ||
      request_body->length > CCAL_SERVER_MAX_BODY_SIZE)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      respond_error_now (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                         "The request body is larger than 64 KiB.");
      return;
    }

  if (request_body->length > 0)
    {
      if (!content_type_is_json (request_headers))
        {
          respond_error_now (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
                             "The request body must be JSON (Content-Type: application/json).");
          return;
        }
      body = soup_message_body_flatten (request_body);
    }

  /* Throttled before any work is queued, so a flood costs a hash lookup each. */
  if ((route->access == CCAL_ACCESS_PUBLIC && (route->flags & CCAL_ROUTE_NO_RATE_LIMIT) == 0) ||
      (route->access == CCAL_ACCESS_OPTIONAL &&
       soup_message_headers_get_one (request_headers, "Authorization") == NULL))
    {
      guint retry_after = 1;

      if (!ccal_rate_limiter_take (self->limiter, soup_server_message_get_remote_host (msg),
                                   g_get_monotonic_time (), &retry_after))
        {
          g_autofree char *seconds = g_strdup_printf ("%u", retry_after);

          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
          respond_error_now (msg, 429, "rate_limited",
                             "Too many requests; please slow down.");
          return;
        }
    }

  job = g_new0 (Job, 1);
  job->server = g_object_ref (self);
  job->msg = g_object_ref (msg);
  job->route = route;
  job->request.method = g_strdup (g_str_equal (method, "HEAD") ? "GET" : method);
  job->request.path = g_strdup (path);
  job->request.params = g_steal_pointer (&params);
  job->request.query = query != NULL ? g_hash_table_ref (query)
                                     : g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  job->request.headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_foreach (request_headers, copy_header, job->request.headers);
  job->request.body = g_steal_pointer (&body);
  job->request.client_address = g_strdup (soup_server_message_get_remote_host (msg));
  job->request.db = g_object_ref (self->db);
  job->request.server = self;
  job->request.now = g_get_real_time ();
  response_init (&job->response);

  /* Inline is for public answers without a body; anything needing a credential goes to a worker. */
  if ((route->flags & CCAL_ROUTE_INLINE) && route->access == CCAL_ACCESS_PUBLIC && job->request.body == NULL)
    {
      run_handler (route, &job->request, &job->response);
      respond_now (msg, &job->response);
      job_free (job);
      return;
    }

  job->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_msg_finished_cb), job);
  soup_server_message_pause (msg);
  g_thread_pool_push (self->pool, job, NULL);
}

/* ── life cycle ─────────────────────────────────────────────────────────────────────────────── */

static void
ccal_server_finalize (GObject *object)
{
  CcalServer *self = CCAL_SERVER (object);

  /* Workers hold a reference through their jobs, so none is running now. */
  if (self->pool != NULL)
    g_thread_pool_free (self->pool, FALSE, TRUE);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->router, ccal_router_free);
  g_clear_pointer (&self->limiter, ccal_rate_limiter_free);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_pointer (&self->listen_address, g_free);
  g_clear_pointer (&self->jwt_secret, g_bytes_unref);
  g_clear_pointer (&self->cors_origins, g_strfreev);
  g_clear_object (&self->db);
  g_assert (self->stop_task == NULL);

  G_OBJECT_CLASS (ccal_server_parent_class)->finalize (object);
}

static void
ccal_server_class_init (CcalServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ccal_server_finalize;
}

static void
ccal_server_init (CcalServer *self)
{
  const CcalRoute *routes;
  gsize n_routes;

  self->router = ccal_router_new ();

  routes = ccal_basic_routes (&n_routes);
  ccal_router_add_routes (self->router, routes, n_routes);
  routes = ccal_event_routes (&n_routes);
  ccal_router_add_routes (self->router, routes, n_routes);
  routes = ccal_settings_routes (&n_routes);
  ccal_router_add_routes (self->router, routes, n_routes);
  routes = ccal_booking_routes (&n_routes);
  ccal_router_add_routes (self->router, routes, n_routes);
  routes = ccal_feed_routes (&n_routes);
  ccal_router_add_routes (self->router, routes, n_routes);
}

CcalServer *
ccal_server_new (CcalDb                  *db,
                 const CcalServerOptions *options)
{
  CcalServer *self;
  guint n_workers;

  g_return_val_if_fail (CCAL_IS_DB (db), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  self = g_object_new (CCAL_TYPE_SERVER, NULL);
  self->db = g_object_ref (db);
  self->options = *options;
  self->listen_address = g_strdup (options->listen_address != NULL ? options->listen_address : "127.0.0.1");
  self->options.listen_address = self->listen_address;
  self->jwt_secret = options->jwt_secret != NULL ? g_bytes_ref (options->jwt_secret) : NULL;
  self->options.jwt_secret = self->jwt_secret;
  if (options->cors_origins != NULL && options->cors_origins[0] != NULL)
    self->cors_origins = g_strdupv ((char **) options->cors_origins);
  self->options.cors_origins = (const char * const *) self->cors_origins;

  self->limiter = ccal_rate_limiter_new (options->rate_limit, options->rate_burst);

  n_workers = options->n_workers;
  if (n_workers == 0)
    n_workers = MAX (4, 2 * g_get_num_processors ());
  self->options.n_workers = n_workers;
  self->pool = g_thread_pool_new (worker_run, NULL, (int) n_workers, FALSE, NULL);

  self->context = g_main_context_ref_thread_default ();
  self->soup = soup_server_new ("server-header", "customerconnects-calendar-server/" PACKAGE_VERSION " ", NULL);
  soup_server_add_early_handler (self->soup, NULL, on_early_request, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request, self, NULL);

  return self;
}

gboolean
ccal_server_listen (CcalServer *self,
                    GError    **error)
{
  g_autoptr (GInetAddress) address = NULL;
  g_autoptr (GSocketAddress) socket_address = NULL;
  g_autoptr (GSocket) listen_socket = NULL;

  g_return_val_if_fail (CCAL_IS_SERVER (self), FALSE);

  address = g_inet_address_new_from_string (self->listen_address);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address to listen on (such as 127.0.0.1 or ::1).", self->listen_address);
      return FALSE;
    }

  socket_address = g_inet_socket_address_new (address, (guint16) self->options.port);

  /* Our own socket rather than soup_server_listen (): GLib's default backlog of 10 resets
   * connections when a burst of clients (a booking race, a load balancer's pool) connects at once. */
  listen_socket = g_socket_new (g_inet_address_get_family (address), G_SOCKET_TYPE_STREAM,
                                G_SOCKET_PROTOCOL_TCP, error);
  if (listen_socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (listen_socket, SOMAXCONN);
  if (!g_socket_bind (listen_socket, socket_address, TRUE, error) ||
      !g_socket_listen (listen_socket, error) ||
      !soup_server_listen_socket (self->soup, listen_socket, 0, error))
    return FALSE;

  g_clear_pointer (&self->context, g_main_context_unref);
  self->context = g_main_context_ref_thread_default ();
  return TRUE;
}

char *
ccal_server_get_base_url (CcalServer *self)
{
  GSList *listeners;
  g_autoptr (GSocketAddress) address = NULL;
  g_autoptr (GUri) uri = NULL;
  g_autofree char *host = NULL;

  g_return_val_if_fail (CCAL_IS_SERVER (self), NULL);

  /* Read from the socket rather than soup_server_get_uris (), which leaks an address in libsoup 3.2. */
  listeners = soup_server_get_listeners (self->soup);
  if (listeners != NULL)
    address = g_socket_get_local_address (listeners->data, NULL);
  g_slist_free (listeners);
  if (address == NULL || !G_IS_INET_SOCKET_ADDRESS (address))
    return NULL;

  host = g_inet_address_to_string (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
  /* GUri puts an IPv6 host in brackets, as a URL needs. */
  uri = g_uri_build (G_URI_FLAGS_NONE, "http", NULL, host,
                     g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address)), "", NULL, NULL);
  return g_uri_to_string (uri);
}

static void
finish_stop (CcalServer *self,
             gboolean    drained)
{
  g_autoptr (GTask) task = g_steal_pointer (&self->stop_task);

  if (self->stop_timeout != NULL)
    {
      g_source_destroy (self->stop_timeout);
      g_clear_pointer (&self->stop_timeout, g_source_unref);
    }
  if (self->stop_idle != NULL)
    {
      g_source_destroy (self->stop_idle);
      g_clear_pointer (&self->stop_idle, g_source_unref);
    }

  soup_server_disconnect (self->soup);
  if (drained)
    {
      g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
    }
  else
    {
      /* A request stuck in the database must not keep the process alive: leave it behind. */
      g_warning ("%u requests did not finish within %u s; stopping anyway", self->n_in_flight,
                 self->options.shutdown_timeout);
    }

  g_task_return_boolean (task, drained);
}

static gboolean
on_stop_idle_cb (gpointer user_data)
{
  CcalServer *self = user_data;

  g_clear_pointer (&self->stop_idle, g_source_unref);
  if (self->stop_task != NULL && self->n_in_flight == 0)
    finish_stop (self, TRUE);
  return G_SOURCE_REMOVE;
}

/* Not right inside a message's "finished" handler: disconnecting then would pull the connection
 * from under libsoup while it finishes the message. */
static void
maybe_finish_stop (CcalServer *self)
{
  if (!self->stopping || self->stop_task == NULL || self->n_in_flight > 0 || self->stop_idle != NULL)
    return;

  self->stop_idle = g_idle_source_new ();
  g_source_set_callback (self->stop_idle, on_stop_idle_cb, self, NULL);
  g_source_attach (self->stop_idle, self->context);
}

static gboolean
on_stop_timeout_cb (gpointer user_data)
{
  CcalServer *self = user_data;

  finish_stop (self, FALSE);
  return G_SOURCE_REMOVE;
}

void
ccal_server_stop_async (CcalServer         *self,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  GSList *listeners;

  g_return_if_fail (CCAL_IS_SERVER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ccal_server_stop_async);

  if (self->stopping)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "The server is already stopping.");
      return;
    }
  self->stopping = TRUE;
  self->stop_task = g_steal_pointer (&task);

  /* shutdown(2) of a listening socket ends its LISTEN state: new connections are refused at once,
   * libsoup's accept fails and it stops watching, while open connections carry on. */
  listeners = soup_server_get_listeners (self->soup);
  for (GSList *l = listeners; l != NULL; l = l->next)
    g_socket_shutdown (l->data, TRUE, FALSE, NULL);
  g_slist_free (listeners);

  self->stop_timeout = g_timeout_source_new_seconds (self->options.shutdown_timeout);
  g_source_set_callback (self->stop_timeout, on_stop_timeout_cb, self, NULL);
  g_source_attach (self->stop_timeout, self->context);

  maybe_finish_stop (self);
}

gboolean
ccal_server_stop_finish (CcalServer   *self,
                         GAsyncResult *result,
                         GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
