/* ccal-server-private.h — the handler API: requests, responses, routes and the helpers handlers share
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a request travels (ccal-server.c):
 *
 *   main context                               worker thread (GThreadPool)
 *   ─────────────                              ───────────────────────────
 *   route lookup (404 / 405 + Allow)
 *   CORS headers, OPTIONS preflight (204)
 *   body size (413), Content-Type (415)
 *   rate limit of public routes (429)
 *   copy everything into a CcalRequest,
 *   soup_server_message_pause ()  ──────────►  parse the JSON body (400)
 *                                              authenticate (401), role (403), workspace_id (403)
 *                                              Idempotency-Key replay for POST (422 / replay)
 *                                              route->handler (request, response)  ← synchronous CcalDb
 *                                              serialise the response
 *   write status, headers, body,   ◄──────────
 *   soup_server_message_unpause ()
 *
 * A handler therefore runs in a worker thread, may block on the database, and must touch nothing
 * but its CcalRequest, its CcalResponse and the (thread-safe) CcalDb. It never sees libsoup's
 * message. By the time it runs, the route's access rule has been enforced: request->user is the
 * authenticated user (never NULL on staff/admin routes) and a workspace_id query parameter, if any,
 * equals request->user->workspace_id.
 *
 * A handler answers by filling the response, usually with one of:
 *   ccal_response_set_object ()    200/201 with a JSON object
 *   ccal_response_set_resource ()  {"<member>": object} + ETag "<version>"  (single resources)
 *   ccal_response_set_empty ()     204
 *   ccal_response_error ()         an error body {"error":{"code","message","field"?}}
 *   ccal_response_set_error ()     the same, from a GError (CCAL_CORE_ERROR, CCAL_DB_ERROR, …)
 *
 * Typical handler:
 *
 *   static void
 *   handle_get_thing (CcalRequest  *request,
 *                     CcalResponse *response)
 *   {
 *     g_autoptr (GError) error = NULL;
 *     g_autoptr (CcalThing) thing = NULL;
 *     const char *id = ccal_request_get_param (request, "id");
 *
 *     if (!ccal_request_check_uuid (id, "id", &error) ||
 *         (thing = ccal_db_get_thing (request->db, request->user->workspace_id, id, &error)) == NULL)
 *       return ccal_response_set_error (response, error);
 *
 *     ccal_response_set_resource (response, SOUP_STATUS_OK, "thing", ccal_thing_to_json (thing),
 *                                 thing->version);
 *   }
 *
 * and its route, in a table the handler file exports (see ccal_event_routes below):
 *
 *   { "GET", "/api/calendar/things/:id", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, handle_get_thing },
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "ccal-auth.h"
#include "ccal-db.h"
#include "ccal-rate-limiter.h"
#include "ccal-server.h"

G_BEGIN_DECLS

/* Request bodies above this are refused with 413. */
#define CCAL_SERVER_MAX_BODY_SIZE (64 * 1024)

/* ── requests and responses ─────────────────────────────────────────────────────────────────── */

typedef struct
{
  /* what the client sent */
  char               *method;          /* "GET", "POST", … (HEAD is served as GET) */
  char               *path;            /* decoded path, no query */
  GHashTable         *params;          /* path parameters of the route pattern: "id" → value; never NULL */
  GHashTable         *query;           /* decoded query parameters: name → value (last wins); never NULL */
  SoupMessageHeaders *headers;         /* a private copy of the request headers (case-insensitive lookup) */
  GBytes             *body;            /* raw body; NULL when empty */
  JsonNode           *body_node;       /* parsed body, when one was sent */
  JsonObject         *body_object;     /* the same as an object; never NULL on POST/PUT/PATCH routes
                                        * unless the route has CCAL_ROUTE_BODY_OPTIONAL */
  char               *client_address;  /* the peer's IP address (the rate limiter's key) */

  /* what the server knows */
  CcalDbUser         *user;            /* authenticated user; NULL on a public route without credential */
  CcalDb             *db;              /* synchronous calls are fine here: handlers run in a worker */
  CcalServer         *server;
  gint64              now;             /* g_get_real_time () when the request arrived */
} CcalRequest;

typedef struct
{
  guint               status;          /* an HTTP status; 0 until a handler sets one (then 500) */
  JsonNode           *body;            /* NULL: no body (204, or an empty answer) */
  char               *body_text;       /* already serialised JSON, sent instead of body when set */
  const char         *content_type;    /* a static string: body_text's media type when it is not JSON */
  SoupMessageHeaders *headers;         /* extra response headers (ETag, Retry-After, Location, …) */
} CcalResponse;

/* A handler fills @response from @request. Runs in a worker thread (or, with CCAL_ROUTE_INLINE,
 * on the main context, where it must not touch the database). */
typedef void (*CcalHandlerFunc) (CcalRequest  *request,
                                 CcalResponse *response);

/* ── routes ─────────────────────────────────────────────────────────────────────────────────── */

typedef enum
{
  CCAL_ACCESS_PUBLIC,    /* no credential looked at; rate limited per client address */
  CCAL_ACCESS_OPTIONAL,  /* public and rate limited when no credential is sent; a credential that is
                          * sent must be valid (401 otherwise) and fills request->user */
  CCAL_ACCESS_STAFF,     /* staff or admin of the workspace, 401 without */
  CCAL_ACCESS_ADMIN,     /* admin only: staff gets 403 */
} CcalAccess;

typedef enum
{
  CCAL_ROUTE_FLAGS_NONE          = 0,
  CCAL_ROUTE_NO_RATE_LIMIT       = 1 << 0,  /* a public route that is never throttled (health checks) */
  CCAL_ROUTE_INLINE              = 1 << 1,  /* run on the main context: trivial public GETs that touch
                                             * no database (only honoured with CCAL_ACCESS_PUBLIC and
                                             * no request body) */
  CCAL_ROUTE_BODY_OPTIONAL       = 1 << 2,  /* POST/PUT/PATCH without a body is allowed */
  CCAL_ROUTE_NO_IDEMPOTENCY      = 1 << 3,  /* a POST that does not honour Idempotency-Key */
} CcalRouteFlags;

typedef struct
{
  const char      *method;    /* "GET", "POST", "PUT", "PATCH", "DELETE" */
  const char      *pattern;   /* "/api/calendar/bookings/:id/history": ":name" segments become params */
  CcalAccess       access;
  CcalRouteFlags   flags;
  CcalHandlerFunc  handler;
} CcalRoute;

/* The route tables of the handler files; ccal-server.c registers each. A new handler file adds
 * its table here and one line in ccal_server_init (). Literal segments win over ":param" ones. */
const CcalRoute *ccal_basic_routes    (gsize *n_routes);  /* ccal-handlers-basic.c: health, timezones, me */
const CcalRoute *ccal_event_routes    (gsize *n_routes);  /* ccal-handlers-events.c */
const CcalRoute *ccal_settings_routes (gsize *n_routes);  /* ccal-handlers-settings.c */
const CcalRoute *ccal_booking_routes  (gsize *n_routes);  /* ccal-handlers-bookings.c: availability, book,
                                                           * holds, bookings, analytics */
const CcalRoute *ccal_feed_routes     (gsize *n_routes);  /* ccal-handlers-feed.c: calendar feed, admins */

/* ── answering ──────────────────────────────────────────────────────────────────────────────── */

/* A JSON object body (takes ownership of @object). */
void ccal_response_set_object   (CcalResponse *response,
                                 guint         status,
                                 JsonObject   *object);

/* A body that is already JSON text (copied), e.g. a cached answer. */
void ccal_response_set_text     (CcalResponse *response,
                                 guint         status,
                                 const char   *json_text);

/* {"<member>": object} with ETag: "<version>" (takes ownership of @object). Use for every answer
 * that is one versioned resource (an event, a booking, the settings). */
void ccal_response_set_resource (CcalResponse *response,
                                 guint         status,
                                 const char   *member,
                                 JsonObject   *object,
                                 gint64        version);

/* 204 No Content. */
void ccal_response_set_empty    (CcalResponse *response);

void ccal_response_set_header   (CcalResponse *response,
                                 const char   *name,
                                 const char   *value);

/* ETag: "<version>". */
void ccal_response_set_etag     (CcalResponse *response,
                                 gint64        version);

/* The contract's error body: {"error":{"code":@code,"message":…,"field":@field}}; @field may be
 * NULL. @message must be safe to show to anyone: never SQL, paths or internal details. */
void ccal_response_error        (CcalResponse *response,
                                 guint         status,
                                 const char   *code,
                                 const char   *field,
                                 const char   *message_format,
                                 ...) G_GNUC_PRINTF (5, 6);

/* THE mapping from errors to answers (the only one; every handler uses it):
 *   CCAL_CORE_ERROR_*                        400 invalid_request, field from ccal_core_error_get_field ()
 *   CCAL_DB_ERROR_NOT_FOUND                  404 not_found
 *   CCAL_DB_ERROR_VERSION_CONFLICT           412 version_conflict
 *   CCAL_DB_ERROR_SLOT_UNAVAILABLE           409 slot_unavailable
 *   CCAL_DB_ERROR_SYNC_TOKEN_EXPIRED         410 sync_token_expired
 *   CCAL_DB_ERROR_INVALID                    400 invalid_request
 *   CCAL_DB_ERROR_IDEMPOTENCY_REUSED         422 idempotency_key_reused
 *   CCAL_DB_ERROR_EXISTS                     409 conflict
 *   CCAL_DB_ERROR_UNAVAILABLE                503 unavailable (+ Retry-After: 1)
 *   CCAL_AUTH_ERROR_UNAUTHORIZED             401 unauthorized (+ WWW-Authenticate: Bearer)
 *   CCAL_AUTH_ERROR_FORBIDDEN                403 forbidden
 *   anything else, CCAL_DB_ERROR_FAILED      500 internal with a generic message; the details are logged
 * A NULL @error is treated as an internal error (a bug: a function failed without saying why). */
void ccal_response_set_error    (CcalResponse *response,
                                 const GError *error);

/* ── reading requests (each failure is a CCAL_CORE_ERROR_INVALID naming the field → 400) ───── */

/* A path parameter of the route pattern, or NULL. */
const char *ccal_request_get_param  (CcalRequest *request,
                                     const char  *name);

/* A query parameter, or NULL when absent. An empty value ("?x=") counts as absent. */
const char *ccal_request_get_query  (CcalRequest *request,
                                     const char  *name);

/* A request header, or NULL. */
const char *ccal_request_get_header (CcalRequest *request,
                                     const char  *name);

/* Checks that @value is a UUID (for path parameters; 404 would hide a typo, so it is 400). */
gboolean ccal_request_check_uuid        (const char  *value,
                                         const char  *field,
                                         GError     **error);

/* Query parameter helpers. When the parameter is absent and @required is FALSE they succeed and
 * leave the output untouched (so set defaults first); absent and required is a 400 naming it. */
gboolean ccal_request_query_uuid        (CcalRequest *request,
                                         const char  *name,
                                         gboolean     required,
                                         const char **out_value,
                                         GError     **error);
gboolean ccal_request_query_date        (CcalRequest *request,
                                         const char  *name,
                                         gboolean     required,
                                         GDate       *out_date,
                                         GError     **error);
gboolean ccal_request_query_time        (CcalRequest *request,   /* RFC 3339 → µs */
                                         const char  *name,
                                         gboolean     required,
                                         gint64      *out_usec,
                                         GError     **error);
gboolean ccal_request_query_int         (CcalRequest *request,
                                         const char  *name,
                                         gint64       min,
                                         gint64       max,
                                         gboolean     required,
                                         gint64      *out_value,
                                         GError     **error);
gboolean ccal_request_query_timezone    (CcalRequest *request,   /* a known IANA id */
                                         const char  *name,
                                         gboolean     required,
                                         const char **out_value,
                                         GError     **error);

/* If-Match: "3", W/"3" or 3 → 3; absent or "*" → 0 (the CcalDb convention for "no condition");
 * anything else is a 400 naming "If-Match". */
gboolean ccal_request_get_if_match      (CcalRequest *request,
                                         gint64      *out_version,
                                         GError     **error);

/* The common list parameters of GET /events and GET /bookings into @query: limit (1–1000,
 * default 100), cursor, from, to (RFC 3339) and sync_token (→ since_seq; -1 without one; an
 * unreadable or foreign token is CCAL_DB_ERROR_SYNC_TOKEN_EXPIRED → 410). Sets
 * query->workspace_id to the caller's workspace, type/status to -1; the caller fills the rest.
 * The strings in @query point into @request. */
gboolean ccal_request_parse_list_query  (CcalRequest     *request,
                                         CcalDbListQuery *query,
                                         GError         **error);

/* ── lists and sync tokens ──────────────────────────────────────────────────────────────────── */

/* Sync tokens are opaque to clients: "st1.<base64url of workspace_id:seq>". A token only reads back
 * in the workspace that got it. */
char    *ccal_sync_token_encode (const char  *workspace_id,
                                 gint64       sync_seq);
gboolean ccal_sync_token_decode (const char  *token,
                                 const char  *workspace_id,
                                 gint64      *out_sync_seq,
                                 GError     **error);

/* Turns one page item into JSON; deleted items should become ccal_json_tombstone (). */
typedef JsonObject *(*CcalItemToJson) (gpointer item);

/* {"<member>":[…], "next_cursor": string|null, "sync_token": "…"} as 200. */
void ccal_response_set_page (CcalResponse *response,
                             CcalRequest  *request,
                             const char   *member,
                             CcalDbPage   *page,
                             CcalItemToJson item_to_json);

/* {"id", "deleted": true, "version"}: how a sync answer lists a deleted row. */
JsonObject *ccal_json_tombstone (const char *id,
                                 gint64      version);

/* ── idempotency (used by the dispatcher; exposed for tests and special handlers) ───────────── */

/* SHA-256 hex of method, "\n", path, "\n", body. */
char *ccal_request_hash (const char *method,
                         const char *path,
                         GBytes     *body);

/* ── the server's own state, read by handlers ──────────────────────────────────────────────── */

/* The JWT secret, or NULL when JWTs are not accepted. */
GBytes *ccal_server_get_jwt_secret (CcalServer *self);

G_END_DECLS
