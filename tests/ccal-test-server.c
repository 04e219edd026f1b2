/* ccal-test-server.c — runs the real server binary for integration tests and talks HTTP to it
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib/gstdio.h>

#include "ccal-test-server.h"

#define START_TIMEOUT_SECONDS 20
#define STOP_TIMEOUT_SECONDS  20

/* ── backends ───────────────────────────────────────────────────────────────────────────────── */

gboolean
ccal_test_server_backend_is_postgres (void)
{
  return g_strcmp0 (g_getenv ("CCAL_TEST_BACKEND"), "postgres") == 0;
}

static char *
find_psql (void)
{
  const char *configured = g_getenv ("CCAL_TEST_PSQL");
  g_autoptr (GDir) dir = NULL;
  g_autofree char *best = NULL;
  char *found;
  const char *name;

  if (configured != NULL && configured[0] != '\0')
    return g_strdup (configured);
  found = g_find_program_in_path ("psql");
  if (found != NULL)
    return found;
  /* Debian keeps the binaries per major version */
  dir = g_dir_open ("/usr/lib/postgresql", 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *candidate = g_build_filename ("/usr/lib/postgresql", name, "bin", "psql", NULL);

      if (g_file_test (candidate, G_FILE_TEST_IS_EXECUTABLE) && (best == NULL || strcmp (candidate, best) > 0))
        {
          g_free (best);
          best = g_steal_pointer (&candidate);
        }
    }
  return g_steal_pointer (&best);
}

/* Runs @sql with psql in the database @uri names. FALSE with @out_reason (one line) on failure. */
static gboolean
run_psql (const char  *uri,
          const char  *sql,
          char       **out_reason)
{
  g_autofree char *psql = find_psql ();
  g_autofree char *err = NULL;
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) envp = g_environ_setenv (g_get_environ (), "PGCONNECT_TIMEOUT", "5", TRUE);
  const char *argv[] = { psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", uri, "-c", sql, NULL };
  int status = 0;

  if (psql == NULL)
    {
      *out_reason = g_strdup ("psql was not found (install Debian's postgresql package)");
      return FALSE;
    }
  if (!g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err, &status,
                     &error))
    {
      *out_reason = g_strdup (error->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      *out_reason = g_strstrip (g_strdelimit (g_strdup (err != NULL ? err : "psql failed"), "\n", ' '));
      return FALSE;
    }
  return TRUE;
}

/* @uri with its database name replaced by @dbname (the path of a postgresql:// URI). */
static char *
pg_uri_for (const char *uri,
            const char *dbname)
{
  const char *authority = strstr (uri, "://");
  const char *path, *query;

  g_assert_nonnull (authority);
  authority += 3;
  path = strchr (authority, '/');
  query = strchr (authority, '?');
  if (path == NULL || (query != NULL && query < path))
    path = query != NULL ? query : authority + strlen (authority);
  query = strchr (path, '?');
  return g_strdup_printf ("%.*s/%s%s", (int) (path - uri), uri, dbname, query != NULL ? query : "");
}

/* Before main (): a PostgreSQL run of a suite without PostgreSQL skips as a whole, loudly, or
 * fails in strict mode (CI), before any case starts. */
__attribute__ ((constructor)) static void
check_postgres_backend (void)
{
  const char *uri = g_getenv ("CCAL_TEST_POSTGRES_URI");
  g_autofree char *reason = NULL;
  g_autofree char *why = NULL;

  if (!ccal_test_server_backend_is_postgres ())
    return;
  if (uri == NULL || uri[0] == '\0')
    reason = g_strdup ("CCAL_TEST_POSTGRES_URI is not set "
                       "(build-aux/run-tests starts a throwaway cluster and sets it)");
  else if (!run_psql (uri, "SELECT 1", &why))
    reason = g_strdup_printf ("%s cannot be reached: %s", uri, why);
  if (reason == NULL)
    return;

  g_printerr ("\n*** PostgreSQL is not available: %s\n*** The PostgreSQL run of this suite does not test anything.\n\n",
              reason);
  if (g_strcmp0 (g_getenv ("CCAL_TEST_STRICT"), "1") == 0)
    {
      g_print ("Bail out! PostgreSQL is not available (CCAL_TEST_STRICT=1): %s\n", reason);
      exit (1);
    }
  g_print ("1..0 # SKIP PostgreSQL is not available: %s\n", reason);
  exit (0);
}

static const char *
server_binary (void)
{
  const char *binary = g_getenv ("CCAL_SERVER_BINARY");

  if (binary == NULL || binary[0] == '\0')
    g_error ("CCAL_SERVER_BINARY is not set: run the tests with `meson test`.");
  return binary;
}

static void
print_log (CcalTestServer *server,
           const char     *why)
{
  g_autofree char *log = ccal_test_server_get_log (server);

  g_printerr ("# --- server log (%s) ---\n%s# --- end of server log ---\n", why, log != NULL ? log : "");
}

char *
ccal_test_server_get_log (CcalTestServer *server)
{
  char *contents = NULL;

  if (server->log_path == NULL || !g_file_get_contents (server->log_path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

static int
run_argv (const char  *cwd,
          const char **argv,
          char       **out_stdout,
          char       **out_stderr)
{
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  if (cwd != NULL)
    g_subprocess_launcher_set_cwd (launcher, cwd);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);

  if (out_stdout != NULL)
    *out_stdout = g_steal_pointer (&stdout_text);
  if (out_stderr != NULL)
    *out_stderr = g_steal_pointer (&stderr_text);

  if (!g_subprocess_get_if_exited (process))
    return -1;
  return g_subprocess_get_exit_status (process);
}

int
ccal_test_server_run_cli (CcalTestServer *server,
                          char          **out_stdout,
                          char          **out_stderr,
                          const char     *first_arg,
                          ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  va_list args;

  g_ptr_array_add (argv, (gpointer) server_binary ());
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  return run_argv (server->tmpdir, (const char **) argv->pdata, out_stdout, out_stderr);
}

static JsonObject *
parse_json_line (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_nonnull (root);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

char *
ccal_test_server_init_workspace (CcalTestServer *server,
                                 const char     *workspace_id,
                                 const char     *admin_email,
                                 const char     *admin_name,
                                 char          **out_admin_id)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (JsonObject) object = NULL;
  int status;

  status = ccal_test_server_run_cli (server, &out, &err, "init", "--database", server->database, "--workspace",
                                     workspace_id, "--admin-email", admin_email, "--admin-name", admin_name, NULL);
  if (status != 0)
    g_printerr ("# init failed (%d): %s\n", status, err);
  g_assert_cmpint (status, ==, 0);

  object = parse_json_line (out);
  g_assert_cmpstr (json_object_get_string_member (object, "workspace_id"), ==, workspace_id);
  if (out_admin_id != NULL)
    *out_admin_id = g_strdup (json_object_get_string_member (object, "admin_id"));
  return g_strdup (json_object_get_string_member (object, "api_key"));
}

char *
ccal_test_server_create_key (CcalTestServer *server,
                             const char     *workspace_id,
                             const char     *email,
                             const char     *name,
                             const char     *role,
                             char          **out_user_id)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr (JsonObject) object = NULL;
  int status;

  status = ccal_test_server_run_cli (server, &out, &err, "keys", "create", "--database", server->database,
                                     "--workspace", workspace_id != NULL ? workspace_id : server->workspace_id,
                                     "--email", email, "--name", name, "--role", role, NULL);
  if (status != 0)
    g_printerr ("# keys create failed (%d): %s\n", status, err);
  g_assert_cmpint (status, ==, 0);

  object = parse_json_line (out);
  if (out_user_id != NULL)
    *out_user_id = g_strdup (json_object_get_string_member (object, "user_id"));
  return g_strdup (json_object_get_string_member (object, "api_key"));
}

void
ccal_test_server_revoke_key (CcalTestServer *server,
                             const char     *api_key)
{
  g_autofree char *prefix = g_strndup (api_key, 12);
  g_autofree char *err = NULL;
  int status;

  status = ccal_test_server_run_cli (server, NULL, &err, "keys", "revoke", "--database", server->database,
                                     "--prefix", prefix, NULL);
  if (status != 0)
    g_printerr ("# keys revoke failed (%d): %s\n", status, err);
  g_assert_cmpint (status, ==, 0);
}

/* ── JWTs ───────────────────────────────────────────────────────────────────────────────────── */

static char *
base64url (const guint8 *data,
           gsize         length)
{
  char *text = g_base64_encode (data, length);
  char *p;

  for (p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  return text;
}

char *
ccal_test_jwt_sign (const char *secret,
                    const char *header_json,
                    const char *payload_json)
{
  g_autofree char *header = base64url ((const guint8 *) header_json, strlen (header_json));
  g_autofree char *payload = base64url ((const guint8 *) payload_json, strlen (payload_json));
  g_autofree char *input = g_strconcat (header, ".", payload, NULL);
  g_autoptr (GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *) secret, strlen (secret));
  g_autofree char *signature = NULL;
  guint8 digest[32];
  gsize digest_length = sizeof digest;

  g_hmac_update (hmac, (const guchar *) input, -1);
  g_hmac_get_digest (hmac, digest, &digest_length);
  signature = base64url (digest, digest_length);

  return g_strconcat (input, ".", signature, NULL);
}

char *
ccal_test_server_make_jwt (CcalTestServer *server,
                           const char     *user_id,
                           const char     *workspace_id,
                           const char     *role,
                           gint64          expires_in_seconds)
{
  g_autofree char *payload = NULL;

  payload = g_strdup_printf ("{\"sub\":\"%s\",\"workspace_id\":\"%s\",\"role\":\"%s\",\"exp\":%" G_GINT64_FORMAT "}",
                             user_id, workspace_id, role,
                             g_get_real_time () / G_USEC_PER_SEC + expires_in_seconds);
  return ccal_test_jwt_sign (server->jwt_secret, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload);
}

/* ── starting and stopping ──────────────────────────────────────────────────────────────────── */

static char *
random_secret (void)
{
  GString *secret = g_string_new (NULL);

  /* Only the tests see it; strength does not matter, length does (the server wants ≥ 32 bytes). */
  for (int i = 0; i < 48; i++)
    g_string_append_printf (secret, "%c", "abcdefghijklmnopqrstuvwxyz0123456789"[g_random_int_range (0, 36)]);
  return g_string_free (secret, FALSE);
}

static gboolean
wait_for_listening (CcalTestServer *server)
{
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_SECONDS * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      g_autofree char *log = ccal_test_server_get_log (server);
      const char *line = strstr (log, "listening on http://");

      if (line != NULL && strchr (line, '\n') != NULL)
        {
          const char *url = line + strlen ("listening on ");

          server->base_url = g_strndup (url, (gsize) (strchr (url, '\n') - url));
          return TRUE;
        }
      if (g_subprocess_get_identifier (server->process) == NULL)
        return FALSE;  /* it exited */

      g_usleep (10 * 1000);
    }
  return FALSE;
}

/* Runs in the child between fork and exec: a test that dies on a failed assertion takes its
 * server with it instead of leaving it running. */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

SoupSession *
ccal_test_server_new_session (void)
{
  /* No proxy: the server is on loopback, and a CI machine's http_proxy must not get in between. */
  return soup_session_new_with_options ("timeout", 60, "max-conns-per-host", 64, "max-conns", 256,
                                        "proxy-resolver", NULL, NULL);
}

/* Runs `serve` on server->database on @port ("0": any free one) and waits until it listens. */
static void
start_serve (CcalTestServer     *server,
             const char         *port,
             const char * const *extra_serve_args)
{
  g_autoptr (GSubprocessLauncher) launcher = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GError) error = NULL;
  g_auto (GStrv) wrapper = NULL;

  /* e.g. CCAL_TEST_SERVER_WRAPPER="valgrind --leak-check=full --error-exitcode=1" checks the server too */
  if (g_getenv ("CCAL_TEST_SERVER_WRAPPER") != NULL && g_getenv ("CCAL_TEST_SERVER_WRAPPER")[0] != '\0')
    {
      g_shell_parse_argv (g_getenv ("CCAL_TEST_SERVER_WRAPPER"), NULL, &wrapper, &error);
      g_assert_no_error (error);
      for (guint i = 0; wrapper[i] != NULL; i++)
        g_ptr_array_add (argv, wrapper[i]);
    }
  g_ptr_array_add (argv, (gpointer) server_binary ());
  g_ptr_array_add (argv, "serve");
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, server->database);
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, (gpointer) port);
  g_ptr_array_add (argv, "--jwt-secret-file");
  g_ptr_array_add (argv, server->jwt_secret_path);
  for (guint i = 0; extra_serve_args != NULL && extra_serve_args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) extra_serve_args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_cwd (launcher, server->tmpdir);
  g_subprocess_launcher_set_stderr_file_path (launcher, server->log_path);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  if (!wait_for_listening (server))
    {
      print_log (server, "did not start");
      g_error ("The server did not start within %d s", START_TIMEOUT_SECONDS);
    }

  server->session = ccal_test_server_new_session ();
}

/* A server with its temp dir, log and JWT secret, not started. */
static CcalTestServer *
server_alloc (const char *jwt_secret)
{
  CcalTestServer *server = g_new0 (CcalTestServer, 1);
  g_autoptr (GError) error = NULL;

  server->exit_status = -1;
  server->tmpdir = g_dir_make_tmp ("ccal-test-server-XXXXXX", &error);
  g_assert_no_error (error);
  server->log_path = g_build_filename (server->tmpdir, "server.log", NULL);
  server->jwt_secret_path = g_build_filename (server->tmpdir, "jwt-secret", NULL);
  server->jwt_secret = jwt_secret != NULL ? g_strdup (jwt_secret) : random_secret ();
  g_file_set_contents (server->jwt_secret_path, server->jwt_secret, -1, &error);
  g_assert_no_error (error);
  return server;
}

CcalTestServer *
ccal_test_server_new_full (const char         *backend,
                           const char         *postgres_uri,
                           const char * const *extra_serve_args)
{
  CcalTestServer *server = server_alloc (NULL);

  if (backend == NULL)
    backend = ccal_test_server_backend_is_postgres () ? "postgres" : "sqlite";
  server->backend = g_strdup (backend);

  if (g_str_equal (backend, "postgres"))
    {
      static gint counter;
      g_autofree char *reason = NULL;
      g_autofree char *sql = NULL;

      if (postgres_uri == NULL)
        postgres_uri = g_getenv ("CCAL_TEST_POSTGRES_URI");
      g_assert_nonnull (postgres_uri);
      server->pg_maintenance = g_strdup (postgres_uri);
      server->pg_database = g_strdup_printf ("ccal_test_srv_%d_%d", (int) getpid (), g_atomic_int_add (&counter, 1));
      sql = g_strdup_printf ("CREATE DATABASE %s", server->pg_database);
      if (!run_psql (postgres_uri, sql, &reason))
        g_error ("Could not make the test database: %s", reason);
      server->database = pg_uri_for (postgres_uri, server->pg_database);
    }
  else
    {
      g_assert_cmpstr (backend, ==, "sqlite");
      server->database = g_build_filename (server->tmpdir, "calendar.db", NULL);
    }

  server->workspace_id = g_strdup ("acme");
  server->admin_key = ccal_test_server_init_workspace (server, server->workspace_id, "admin@acme.example",
                                                       "Ada Admin", &server->admin_id);
  start_serve (server, "0", extra_serve_args);
  return server;
}

CcalTestServer *
ccal_test_server_new (const char * const *extra_serve_args)
{
  return ccal_test_server_new_full (NULL, NULL, extra_serve_args);
}

CcalTestServer *
ccal_test_server_new_sharing (CcalTestServer     *first,
                              const char * const *extra_serve_args)
{
  CcalTestServer *server = server_alloc (first->jwt_secret);

  server->backend = g_strdup (first->backend);
  server->pg_maintenance = g_strdup (first->pg_maintenance);
  server->database = g_strdup (first->database);
  server->workspace_id = g_strdup (first->workspace_id);
  server->admin_id = g_strdup (first->admin_id);
  server->admin_key = g_strdup (first->admin_key);
  start_serve (server, "0", extra_serve_args);
  return server;
}

static void
on_wait_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

static gboolean
on_wait_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for the process in a private context, so the caller's main context is left alone. */
static gboolean
wait_with_timeout (GSubprocess *process,
                   guint        seconds)
{
  g_autoptr (GMainContext) context = g_main_context_new ();
  g_autoptr (GSource) timeout = g_timeout_source_new_seconds (seconds);
  gboolean done = FALSE, timed_out = FALSE;

  g_main_context_push_thread_default (context);
  g_subprocess_wait_async (process, NULL, on_wait_cb, &done);
  g_source_set_callback (timeout, on_wait_timeout_cb, &timed_out, NULL);
  g_source_attach (timeout, context);
  while (!done && !timed_out)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);

  if (!done)
    {
      g_printerr ("# the server did not exit within %u s; killing it\n", seconds);
      g_subprocess_force_exit (process);
      while (!done)
        g_main_context_iteration (context, TRUE);
    }
  g_main_context_pop_thread_default (context);
  return !timed_out && g_subprocess_get_if_exited (process);
}

int
ccal_test_server_stop (CcalTestServer *server)
{
  g_autofree char *log = NULL;
  gboolean exited;

  if (server->process == NULL)
    return server->exit_status;

  g_clear_object (&server->session);
  g_subprocess_send_signal (server->process, SIGTERM);
  exited = wait_with_timeout (server->process, STOP_TIMEOUT_SECONDS);
  server->exit_status = exited ? g_subprocess_get_exit_status (server->process) : -1;
  g_clear_object (&server->process);

  log = ccal_test_server_get_log (server);
  if (server->exit_status != 0 || g_getenv ("CCAL_TEST_SERVER_LOG") != NULL)
    print_log (server, server->exit_status != 0 ? "unclean exit" : "CCAL_TEST_SERVER_LOG");
  if (strstr (log, "CRITICAL") != NULL)
    {
      print_log (server, "a CRITICAL was logged");
      g_test_fail ();
    }

  return server->exit_status;
}

void
ccal_test_server_restart (CcalTestServer *server)
{
  g_autoptr (GUri) uri = g_uri_parse (server->base_url, G_URI_FLAGS_NONE, NULL);
  g_autofree char *port = NULL;

  g_assert_nonnull (uri);
  g_assert_null (server->process);
  port = g_strdup_printf ("%d", g_uri_get_port (uri));
  /* The new process must be seen listening, not the old one's line. */
  {
    g_autofree char *previous = g_strconcat (server->log_path, ".previous", NULL);
    g_rename (server->log_path, previous);
  }
  g_clear_object (&server->session);
  g_clear_pointer (&server->base_url, g_free);
  server->exit_status = -1;
  start_serve (server, port, NULL);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
ccal_test_server_free (CcalTestServer *server)
{
  if (server == NULL)
    return;

  if (server->process != NULL)
    g_assert_cmpint (ccal_test_server_stop (server), ==, 0);

  g_clear_object (&server->session);
  if (server->tmpdir != NULL)
    remove_tree (server->tmpdir);
  if (server->pg_database != NULL)
    {
      g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", server->pg_database);
      g_autofree char *reason = NULL;

      /* the cluster may be gone already (a test that stopped it); nothing is left to clean then */
      if (!run_psql (server->pg_maintenance, sql, &reason))
        g_printerr ("# could not drop %s: %s\n", server->pg_database, reason);
    }

  g_free (server->tmpdir);
  g_free (server->database);
  g_free (server->workspace_id);
  g_free (server->admin_id);
  g_free (server->admin_key);
  g_free (server->jwt_secret);
  g_free (server->jwt_secret_path);
  g_free (server->base_url);
  g_free (server->log_path);
  g_free (server->backend);
  g_free (server->pg_maintenance);
  g_free (server->pg_database);
  g_free (server);
}

/* ── requests ───────────────────────────────────────────────────────────────────────────────── */

void
ccal_test_response_free (CcalTestResponse *response)
{
  if (response == NULL)
    return;

  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

CcalTestResponse *
ccal_test_server_request_full (CcalTestServer     *server,
                               SoupSession        *session,
                               const char         *method,
                               const char         *path,
                               const char         *token,
                               const char         *content_type,
                               const char         *body,
                               gsize               body_length,
                               const char * const *headers)
{
  g_autofree char *url = g_strconcat (server->base_url, path, NULL);
  g_autoptr (SoupMessage) msg = soup_message_new (method, url);
  g_autoptr (GError) error = NULL;
  CcalTestResponse *response;
  SoupMessageHeaders *request_headers;

  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);

  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (request_headers, "Authorization", authorization);
    }
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);

  if (body != NULL)
    {
      g_autoptr (GBytes) bytes = g_bytes_new (body, body_length);

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  else if (content_type != NULL)
    {
      soup_message_headers_replace (request_headers, "Content-Type", content_type);
    }

  response = g_new0 (CcalTestResponse, 1);
  response->body = soup_session_send_and_read (session != NULL ? session : server->session, msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  if (g_bytes_get_size (response->body) > 0)
    {
      g_autoptr (JsonParser) parser = json_parser_new ();
      gsize size;
      const char *data = g_bytes_get_data (response->body, &size);

      if (json_parser_load_from_data (parser, data, (gssize) size, NULL) && json_parser_get_root (parser) != NULL)
        response->json = json_node_copy (json_parser_get_root (parser));
    }

  return response;
}

CcalTestResponse *
ccal_test_server_request (CcalTestServer *server,
                          const char     *method,
                          const char     *path,
                          const char     *token,
                          const char     *json_body)
{
  return ccal_test_server_request_full (server, NULL, method, path, token,
                                        json_body != NULL ? "application/json" : NULL,
                                        json_body, json_body != NULL ? strlen (json_body) : 0, NULL);
}

JsonObject *
ccal_test_response_object (CcalTestResponse *response)
{
  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    {
      g_printerr ("# status %u, body: %.*s\n", response->status, (int) MIN (g_bytes_get_size (response->body), 600),
                  (const char *) g_bytes_get_data (response->body, NULL));
      g_assert_not_reached ();
    }
  return json_node_get_object (response->json);
}

JsonObject *
ccal_test_response_member (CcalTestResponse *response,
                           const char       *member)
{
  JsonObject *object = ccal_test_response_object (response);
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_printerr ("# status %u, body has no object “%s”: %.*s\n", response->status, member,
                  (int) MIN (g_bytes_get_size (response->body), 600), (const char *) g_bytes_get_data (response->body, NULL));
      g_assert_not_reached ();
    }
  return json_node_get_object (node);
}

const char *
ccal_test_response_header (CcalTestResponse *response,
                           const char       *name)
{
  return soup_message_headers_get_one (response->headers, name);
}

void
ccal_test_response_assert_error (CcalTestResponse *response,
                                 guint             status,
                                 const char       *code,
                                 const char       *field)
{
  JsonObject *object, *error;

  if (response->status != status)
    g_printerr ("# expected %u %s, got %u: %.*s\n", status, code, response->status,
                (int) MIN (g_bytes_get_size (response->body), 600), (const char *) g_bytes_get_data (response->body, NULL));
  g_assert_cmpuint (response->status, ==, status);

  object = ccal_test_response_object (response);
  g_assert_true (json_object_has_member (object, "error"));
  error = json_object_get_object_member (object, "error");
  g_assert_nonnull (error);
  g_assert_cmpstr (json_object_get_string_member (error, "code"), ==, code);
  g_assert_true (json_object_has_member (error, "message"));
  g_assert_cmpuint (strlen (json_object_get_string_member (error, "message")), >, 0);
  if (field != NULL)
    g_assert_cmpstr (json_object_get_string_member_with_default (error, "field", NULL), ==, field);
}
