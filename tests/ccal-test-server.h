/* ccal-test-server.h — runs the real server binary for integration tests and talks HTTP to it
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Usage:
 *
 *   g_autoptr (CcalTestServer) server = ccal_test_server_new (NULL);
 *   g_autoptr (CcalTestResponse) response =
 *     ccal_test_server_request (server, "GET", "/api/calendar/me", server->admin_key, NULL);
 *   g_assert_cmpuint (response->status, ==, 200);
 *   g_assert_cmpstr (json_object_get_string_member (ccal_test_response_object (response), "role"), ==, "admin");
 *
 * ccal_test_server_new () makes a temporary directory, runs `init` there (workspace "acme", an admin,
 * a fresh SQLite database), writes a JWT secret file, starts `serve --port 0 --jwt-secret-file …`
 * plus any extra arguments, and waits for its "listening on http://HOST:PORT" line. Freeing it
 * stops the server with SIGTERM (asserting a clean exit 0 unless ccal_test_server_stop () was called
 * already) and removes the directory. The binary is $CCAL_SERVER_BINARY (set by tests/meson.build).
 *
 * Everything here asserts on failure (g_assert), so a test reads as a list of requests and checks.
 * The server's stderr goes to a log file; it is printed when starting fails, when the server exits
 * uncleanly, and always when $CCAL_TEST_SERVER_LOG is set. A server log that contains a CRITICAL
 * fails the test.
 *
 * Threads: each SoupSession must stay in one thread. ccal_test_server_request () uses the server's
 * session (the test's main thread); tests that send from several threads give each thread its own
 * session from ccal_test_server_new_session () and use ccal_test_server_request_full ().
 *
 * Rate limiting: the server runs with its defaults (20 requests/s per address, burst 40, on the
 * public endpoints). A test that fires many public requests passes { "--rate-limit", "0", NULL }.
 *
 * Backends: with CCAL_TEST_BACKEND=postgres (tests/meson.build registers every server suite a
 * second time, as NAME-postgres, with it), each server gets a fresh PostgreSQL database in the
 * cluster $CCAL_TEST_POSTGRES_URI names (made with psql, dropped when the server is freed) instead
 * of a SQLite file; server->database is then its postgresql:// URI. When PostgreSQL is not there,
 * such a program skips as a whole ("1..0 # SKIP …", said loudly on stderr), or fails with
 * CCAL_TEST_STRICT=1 (CI).
 */
#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct
{
  char        *tmpdir;           /* removed by ccal_test_server_free () */
  char        *database;         /* the SQLite database file in tmpdir */
  char        *workspace_id;     /* "acme" */
  char        *admin_id;         /* the workspace's admin (from init) */
  char        *admin_key;        /* the admin's API key (from init) */
  char        *jwt_secret;       /* the secret the server verifies JWTs with */
  char        *jwt_secret_path;
  char        *base_url;         /* "http://127.0.0.1:PORT" */
  char        *log_path;         /* the server's stderr */
  GSubprocess *process;          /* NULL once stopped */
  SoupSession *session;          /* for the main thread */
  int          exit_status;      /* after ccal_test_server_stop (): the exit code, or -1 */
  char        *backend;          /* "sqlite" or "postgres" */
  char        *pg_maintenance;   /* postgres: the URI the database was made through */
  char        *pg_database;      /* postgres: the database's name, dropped on free (NULL: not ours) */
} CcalTestServer;

typedef struct
{
  guint               status;
  GBytes             *body;      /* never NULL (maybe empty) */
  JsonNode           *json;      /* the parsed body, NULL when it is empty or not JSON */
  SoupMessageHeaders *headers;   /* response headers */
} CcalTestResponse;

/* Starts a server; @extra_serve_args (NULL-terminated, may be NULL) are added to `serve`. */
CcalTestServer   *ccal_test_server_new              (const char * const *extra_serve_args);

/* The same with the backend chosen here: @backend "sqlite" or "postgres" (NULL: from the
 * environment as above) and, for postgres, @postgres_uri the cluster to make the database in (NULL:
 * $CCAL_TEST_POSTGRES_URI). */
CcalTestServer   *ccal_test_server_new_full         (const char         *backend,
                                                     const char         *postgres_uri,
                                                     const char * const *extra_serve_args);

/* Another `serve` process on @first's database (another machine behind a load balancer, in
 * effect): same workspace, admin, key and JWT secret; its own port and log. Freeing it leaves the
 * database to @first (free it before @first). */
CcalTestServer   *ccal_test_server_new_sharing      (CcalTestServer     *first,
                                                     const char * const *extra_serve_args);

/* Is the backend the environment selects PostgreSQL? */
gboolean          ccal_test_server_backend_is_postgres (void);

/* SIGTERM, then waits up to 20 s. Returns the exit code (-1 when killed by a signal or timed out);
 * also kept in server->exit_status. Calling it twice returns the first result. */
int               ccal_test_server_stop             (CcalTestServer     *server);

/* Starts a stopped server again on the same database and the same port, as after an outage (clients
 * keep their base URL). The extra `serve` arguments of the first start are not repeated. */
void              ccal_test_server_restart          (CcalTestServer     *server);

void              ccal_test_server_free             (CcalTestServer     *server);

/* The server's stderr so far. */
char             *ccal_test_server_get_log          (CcalTestServer     *server);

/* Runs the binary with the given arguments (NULL-terminated), in tmpdir. Returns the exit code;
 * @out_stdout and @out_stderr (optional) get what it printed. */
int               ccal_test_server_run_cli          (CcalTestServer     *server,
                                                     char              **out_stdout,
                                                     char              **out_stderr,
                                                     const char         *first_arg,
                                                     ...) G_GNUC_NULL_TERMINATED;

/* `keys create` in @workspace_id (NULL: the server's) with @role "staff" or "admin"; returns the
 * API key, and the user's id in @out_user_id (optional). */
char             *ccal_test_server_create_key       (CcalTestServer     *server,
                                                     const char         *workspace_id,
                                                     const char         *email,
                                                     const char         *name,
                                                     const char         *role,
                                                     char              **out_user_id);

/* `init` of another workspace in the same database; returns its admin's key (and id). */
char             *ccal_test_server_init_workspace   (CcalTestServer     *server,
                                                     const char         *workspace_id,
                                                     const char         *admin_email,
                                                     const char         *admin_name,
                                                     char              **out_admin_id);

/* `keys revoke --prefix` for @api_key. */
void              ccal_test_server_revoke_key       (CcalTestServer     *server,
                                                     const char         *api_key);

/* A JWT signed HS256 with the server's secret over the given header and payload JSON as they are
 * (so tests can make odd ones). @secret NULL means the server's. */
char             *ccal_test_jwt_sign                (const char         *secret,
                                                     const char         *header_json,
                                                     const char         *payload_json);

/* A well-formed token for @user_id expiring @expires_in_seconds from now (negative: expired). */
char             *ccal_test_server_make_jwt         (CcalTestServer     *server,
                                                     const char         *user_id,
                                                     const char         *workspace_id,
                                                     const char         *role,
                                                     gint64              expires_in_seconds);

/* A new session for another thread. */
SoupSession      *ccal_test_server_new_session      (void);

/* @method @path (with query) with "Authorization: Bearer @token" when @token is set and, when
 * @json_body is set, that text as an application/json body. */
CcalTestResponse *ccal_test_server_request          (CcalTestServer     *server,
                                                     const char         *method,
                                                     const char         *path,
                                                     const char         *token,
                                                     const char         *json_body);

/* Everything adjustable: @session NULL uses the server's; @content_type NULL sends none; @body may be
 * NULL; @headers is NULL or a NULL-terminated list of name, value pairs. Thread-safe as long as
 * each thread uses its own @session. */
CcalTestResponse *ccal_test_server_request_full     (CcalTestServer     *server,
                                                     SoupSession        *session,
                                                     const char         *method,
                                                     const char         *path,
                                                     const char         *token,
                                                     const char         *content_type,
                                                     const char         *body,
                                                     gsize               body_length,
                                                     const char * const *headers);

void              ccal_test_response_free           (CcalTestResponse   *response);

/* The body as a JSON object (asserts it is one). */
JsonObject       *ccal_test_response_object         (CcalTestResponse   *response);

/* A member object of the body, e.g. "event" of {"event":{…}} (asserts it exists). */
JsonObject       *ccal_test_response_member         (CcalTestResponse   *response,
                                                     const char         *member);

const char       *ccal_test_response_header         (CcalTestResponse   *response,
                                                     const char         *name);

/* Asserts @status and the contract's error shape {"error":{"code":@code,"message":…}}, and when
 * @field is not NULL, "field": @field. */
void              ccal_test_response_assert_error   (CcalTestResponse   *response,
                                                     guint               status,
                                                     const char         *code,
                                                     const char         *field);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalTestServer, ccal_test_server_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalTestResponse, ccal_test_response_free)

G_END_DECLS
