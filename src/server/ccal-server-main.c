/* ccal-server-main.c — customerconnects-calendar-server: init, keys, serve, demo-data
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-server"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>
#include <json-glib/json-glib.h>

#include "ccal-auth.h"
#include "ccal-demo-data.h"
#include "ccal-server.h"

/* Exit codes: 0 done, 1 the work failed (database, workspace exists, …), 2 bad command line. */
#define EXIT_FAILED 1
#define EXIT_USAGE  2

static const char *program_name = "customerconnects-calendar-server";

static int
usage_error (GOptionContext *context,
             const char     *format,
             ...) G_GNUC_PRINTF (2, 3);

static int
usage_error (GOptionContext *context,
             const char     *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", program_name, message);
  if (context != NULL)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

      g_printerr ("\n%s", help);
    }
  return EXIT_USAGE;
}

static int
failure (const char *format,
         ...) G_GNUC_PRINTF (1, 2);

static int
failure (const char *format,
         ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", program_name, message);
  return EXIT_FAILED;
}

/* Parses @argv (whose argv[0] is the subcommand) and checks that nothing is left over. */
static gboolean
parse_options (GOptionContext *context,
               int            *argc,
               char         ***argv,
               int            *out_exit)
{
  g_autoptr (GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *out_exit = usage_error (context, "%s", error->message);
      return FALSE;
    }
  if (*argc > 1)
    {
      *out_exit = usage_error (context, "unexpected argument “%s”", (*argv)[1]);
      return FALSE;
    }
  return TRUE;
}

static gboolean
require_option (GOptionContext *context,
                const char     *value,
                const char     *name,
                int            *out_exit)
{
  if (value != NULL && value[0] != '\0')
    return TRUE;
  *out_exit = usage_error (context, "--%s is required", name);
  return FALSE;
}

static CcalDb *
open_database (const char *uri,
               int        *out_exit)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalDb) db = ccal_db_open (uri, &error);

  if (db == NULL)
    {
      *out_exit = failure ("cannot open the database “%s”: %s", uri, error->message);
      return NULL;
    }
  if (!ccal_db_migrate (db, &error))
    {
      *out_exit = failure ("cannot prepare the database “%s”: %s", uri, error->message);
      return NULL;
    }
  return g_steal_pointer (&db);
}

static void
print_json_line (JsonObject *object)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  g_print ("%s\n", text);
}

/* Creates a key for @user_id, stores its hash, returns the plaintext (shown once). */
static char *
create_api_key (CcalDb     *db,
                const char *user_id,
                const char *label,
                GError    **error)
{
  g_autofree char *key = ccal_auth_generate_api_key (FALSE, error);
  g_autofree char *hash = NULL;
  g_autofree char *prefix = NULL;

  if (key == NULL)
    return NULL;

  hash = ccal_auth_hash_api_key (key);
  prefix = ccal_auth_api_key_prefix (key);
  if (!ccal_db_add_api_key (db, user_id, hash, prefix, label, error))
    return NULL;
  return g_steal_pointer (&key);
}

/* Checks what a person typed for a user, with the same rules as the API. */
static gboolean
validate_user_options (GOptionContext *context,
                       const char     *workspace_id,
                       const char     *email,
                       const char     *name,
                       int            *out_exit)
{
  g_autoptr (GError) error = NULL;

  if (!ccal_validate_workspace_id (workspace_id, "workspace", &error) ||
      !ccal_validate_email (email, "email", &error) ||
      !ccal_validate_name (name, "name", &error))
    {
      *out_exit = usage_error (NULL, "--%s: %s", ccal_core_error_get_field (error), error->message);
      return FALSE;
    }
  return TRUE;
}

/* ── init ───────────────────────────────────────────────────────────────────────────────────── */

static int
command_init (int    argc,
              char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("- create a workspace and its admin");
  g_autofree char *database = NULL, *workspace = NULL, *email = NULL, *name = NULL;
  g_autoptr (CcalDb) db = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *admin_id = NULL;
  g_autofree char *key = NULL;
  JsonObject *object;
  int exit_code = 0;
  const GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_STRING, &database, "The database: a path, sqlite:PATH or postgresql://…", "URI" },
    { "workspace", 0, 0, G_OPTION_ARG_STRING, &workspace, "The new workspace's id (1–64 of A–Z a–z 0–9 _ -)", "ID" },
    { "admin-email", 0, 0, G_OPTION_ARG_STRING, &email, "The admin's e-mail address", "E" },
    { "admin-name", 0, 0, G_OPTION_ARG_STRING, &name, "The admin's name", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context,
                                "Creates (or migrates) the schema, adds the workspace and its admin user, and prints\n"
                                "{\"workspace_id\",\"admin_id\",\"api_key\"} as one JSON line. The key is shown only once.");
  if (!parse_options (context, &argc, &argv, &exit_code) ||
      !require_option (context, database, "database", &exit_code) ||
      !require_option (context, workspace, "workspace", &exit_code) ||
      !require_option (context, email, "admin-email", &exit_code) ||
      !require_option (context, name, "admin-name", &exit_code) ||
      !validate_user_options (context, workspace, email, name, &exit_code) ||
      (db = open_database (database, &exit_code)) == NULL)
    return exit_code;

  if (!ccal_db_create_workspace (db, workspace, &error))
    {
      if (g_error_matches (error, CCAL_DB_ERROR, CCAL_DB_ERROR_EXISTS))
        return failure ("the workspace “%s” already exists; use `keys create` to add users to it", workspace);
      return failure ("cannot create the workspace: %s", error->message);
    }

  admin_id = ccal_db_ensure_user (db, workspace, email, name, CCAL_ROLE_ADMIN, &error);
  if (admin_id == NULL)
    return failure ("cannot create the admin: %s", error->message);

  key = create_api_key (db, admin_id, "init", &error);
  if (key == NULL)
    return failure ("cannot create the API key: %s", error->message);

  object = json_object_new ();
  json_object_set_string_member (object, "workspace_id", workspace);
  json_object_set_string_member (object, "admin_id", admin_id);
  json_object_set_string_member (object, "api_key", key);
  print_json_line (object);

  ccal_db_close (db);
  return 0;
}

/* ── keys ───────────────────────────────────────────────────────────────────────────────────── */

static int
command_keys_create (int    argc,
                     char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("- create a user (if needed) and an API key");
  g_autofree char *database = NULL, *workspace = NULL, *email = NULL, *name = NULL, *role_text = NULL;
  g_autofree char *label = NULL;
  g_autoptr (CcalDb) db = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *key = NULL;
  CcalRole role;
  JsonObject *object;
  int exit_code = 0;
  const GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_STRING, &database, "The database: a path, sqlite:PATH or postgresql://…", "URI" },
    { "workspace", 0, 0, G_OPTION_ARG_STRING, &workspace, "The workspace (made by init)", "ID" },
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, "The user's e-mail address", "E" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The user's name", "N" },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role_text, "staff or admin", "ROLE" },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label, "What the key is for (optional)", "TEXT" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_summary (context, "Prints {\"user_id\",\"api_key\"} as one JSON line. The key is shown only once.");
  if (!parse_options (context, &argc, &argv, &exit_code) ||
      !require_option (context, database, "database", &exit_code) ||
      !require_option (context, workspace, "workspace", &exit_code) ||
      !require_option (context, email, "email", &exit_code) ||
      !require_option (context, name, "name", &exit_code) ||
      !require_option (context, role_text, "role", &exit_code))
    return exit_code;

  if (!ccal_role_from_string (role_text, &role))
    return usage_error (NULL, "--role must be staff or admin, not “%s”", role_text);
  if (!validate_user_options (context, workspace, email, name, &exit_code) ||
      (db = open_database (database, &exit_code)) == NULL)
    return exit_code;

  user_id = ccal_db_ensure_user (db, workspace, email, name, role, &error);
  if (user_id == NULL)
    {
      if (g_error_matches (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND))
        return failure ("there is no workspace “%s”; create it with `init`", workspace);
      return failure ("cannot create the user: %s", error->message);
    }

  key = create_api_key (db, user_id, label != NULL ? label : "keys create", &error);
  if (key == NULL)
    return failure ("cannot create the API key: %s", error->message);

  object = json_object_new ();
  json_object_set_string_member (object, "user_id", user_id);
  json_object_set_string_member (object, "api_key", key);
  print_json_line (object);

  ccal_db_close (db);
  return 0;
}

static int
command_keys_revoke (int    argc,
                     char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("- revoke an API key");
  g_autofree char *database = NULL, *prefix = NULL;
  g_autoptr (CcalDb) db = NULL;
  g_autoptr (GError) error = NULL;
  int exit_code = 0;
  const GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_STRING, &database, "The database: a path, sqlite:PATH or postgresql://…", "URI" },
    { "prefix", 0, 0, G_OPTION_ARG_STRING, &prefix, "The key's first 12 characters (fc_live_xxxx)", "P" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, &argc, &argv, &exit_code) ||
      !require_option (context, database, "database", &exit_code) ||
      !require_option (context, prefix, "prefix", &exit_code))
    return exit_code;

  /* A whole key works too: only its prefix is looked at. */
  if (strlen (prefix) < CCAL_API_KEY_PREFIX_LENGTH)
    return usage_error (NULL, "--prefix needs the first %d characters of the key", CCAL_API_KEY_PREFIX_LENGTH);
  prefix[CCAL_API_KEY_PREFIX_LENGTH] = '\0';

  if ((db = open_database (database, &exit_code)) == NULL)
    return exit_code;

  if (!ccal_db_revoke_api_key (db, prefix, &error))
    {
      if (g_error_matches (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND))
        return failure ("no API key starts with “%s”", prefix);
      return failure ("cannot revoke the key: %s", error->message);
    }

  g_printerr ("Revoked the API key %s…\n", prefix);
  ccal_db_close (db);
  return 0;
}

static int
command_keys (int    argc,
              char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "create"))
    return command_keys_create (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "revoke"))
    return command_keys_revoke (argc - 1, argv + 1);
  return usage_error (NULL, "usage: %s keys create|revoke [OPTION…] (see keys create --help)", program_name);
}

/* ── serve ──────────────────────────────────────────────────────────────────────────────────── */

typedef struct
{
  GMainLoop  *loop;
  CcalServer *server;
  CcalDb     *db;
  gboolean    stopping;
  int         exit_code;
} ServeState;

static void
on_server_stopped_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ServeState *state = user_data;
  g_autoptr (GError) error = NULL;

  if (!ccal_server_stop_finish (CCAL_SERVER (source), result, &error))
    {
      if (error != NULL)
        g_printerr ("%s: %s\n", program_name, error->message);
      state->exit_code = EXIT_FAILED;
      g_main_loop_quit (state->loop);
      return;
    }

  ccal_db_close (state->db);
  g_printerr ("stopped\n");
  g_main_loop_quit (state->loop);
}

static gboolean
on_stop_signal_cb (gpointer user_data)
{
  ServeState *state = user_data;

  if (!state->stopping)
    {
      state->stopping = TRUE;
      g_printerr ("stopping: finishing the requests in flight\n");
      ccal_server_stop_async (state->server, NULL, on_server_stopped_cb, state);
    }
  return G_SOURCE_CONTINUE;
}

static int
command_serve (int    argc,
               char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("- answer the calendar API over HTTP");
  g_autofree char *database = NULL, *listen = NULL, *jwt_secret_file = NULL;
  g_auto (GStrv) cors_origins = NULL;
  g_autoptr (CcalDb) db = NULL;
  g_autoptr (CcalServer) server = NULL;
  g_autoptr (GBytes) jwt_secret = NULL;
  g_autoptr (GMainLoop) loop = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *url = NULL;
  CcalServerOptions options;
  ServeState state = { 0 };
  int port = CCAL_SERVER_DEFAULT_PORT;
  int workers = 0;
  double rate_limit = CCAL_SERVER_DEFAULT_RATE_LIMIT;
  int rate_burst = CCAL_SERVER_DEFAULT_RATE_BURST;
  int shutdown_timeout = CCAL_SERVER_DEFAULT_SHUTDOWN_TIMEOUT;
  int exit_code = 0;
  const GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_STRING, &database, "The database: a path, sqlite:PATH or postgresql://…", "URI" },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "The IP address to listen on (default 127.0.0.1)", "ADDRESS" },
    { "port", 0, 0, G_OPTION_ARG_INT, &port, "The TCP port (default 8080; 0 picks a free one)", "PORT" },
    { "jwt-secret-file", 0, 0, G_OPTION_ARG_FILENAME, &jwt_secret_file, "Accept HS256 JWTs signed with the secret in F (≥ 32 bytes)", "F" },
    { "cors-origin", 0, 0, G_OPTION_ARG_STRING_ARRAY, &cors_origins, "An origin that may call the API from a browser (repeatable)", "O" },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers, "Threads that run requests (default 2 × CPUs, at least 4)", "N" },
    { "rate-limit", 0, 0, G_OPTION_ARG_DOUBLE, &rate_limit, "Public requests per second per client address (default 20; 0 turns it off)", "N" },
    { "rate-burst", 0, 0, G_OPTION_ARG_INT, &rate_burst, "Requests a client may make at once before the rate applies (default 40)", "N" },
    { "shutdown-timeout", 0, 0, G_OPTION_ARG_INT, &shutdown_timeout, "Seconds requests in flight get on SIGTERM (default 10)", "S" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, &argc, &argv, &exit_code) ||
      !require_option (context, database, "database", &exit_code))
    return exit_code;

  if (port < 0 || port > 65535)
    return usage_error (NULL, "--port must be from 0 to 65535");
  if (workers < 0 || workers > 1024)
    return usage_error (NULL, "--workers must be from 0 (automatic) to 1024");
  if (!(rate_limit >= 0 && rate_limit <= 1e6))
    return usage_error (NULL, "--rate-limit must be from 0 to 1000000");
  if (rate_burst < 1 || rate_burst > 1000000)
    return usage_error (NULL, "--rate-burst must be from 1 to 1000000");
  if (shutdown_timeout < 0 || shutdown_timeout > 3600)
    return usage_error (NULL, "--shutdown-timeout must be from 0 to 3600");

  if (jwt_secret_file != NULL)
    {
      jwt_secret = ccal_auth_load_jwt_secret (jwt_secret_file, &error);
      if (jwt_secret == NULL)
        return usage_error (NULL, "--jwt-secret-file: %s", error->message);
    }

  if ((db = open_database (database, &exit_code)) == NULL)
    return exit_code;

  ccal_server_options_init (&options);
  if (listen != NULL)
    options.listen_address = listen;
  options.port = (guint) port;
  options.jwt_secret = jwt_secret;
  options.cors_origins = (const char * const *) cors_origins;
  options.n_workers = (guint) workers;
  options.rate_limit = rate_limit;
  options.rate_burst = (guint) rate_burst;
  options.shutdown_timeout = (guint) shutdown_timeout;

  server = ccal_server_new (db, &options);
  if (!ccal_server_listen (server, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT))
        return usage_error (NULL, "--listen: %s", error->message);
      return failure ("cannot listen on %s port %d: %s", options.listen_address, port, error->message);
    }

  loop = g_main_loop_new (NULL, FALSE);
  state.loop = loop;
  state.server = server;
  state.db = db;

  g_unix_signal_add (SIGTERM, on_stop_signal_cb, &state);
  g_unix_signal_add (SIGINT, on_stop_signal_cb, &state);

  url = ccal_server_get_base_url (server);
  g_printerr ("listening on %s\n", url);

  g_main_loop_run (loop);

  /* The signal sources stay attached until the process exits: removing them would restore the
   * default action, and a second SIGTERM (a supervisor repeating itself) would then kill the
   * process while it closes the database. Nothing iterates this context any more. */
  return state.exit_code;
}

/* ── demo-data ──────────────────────────────────────────────────────────────────────────────── */

static int
command_demo_data (int    argc,
                   char **argv)
{
  g_autoptr (GOptionContext) context = g_option_context_new ("- fill a workspace with realistic demo data");
  g_autofree char *database = NULL, *workspace = NULL;
  g_autoptr (CcalDb) db = NULL;
  g_autoptr (GError) error = NULL;
  int exit_code = 0;
  const GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_STRING, &database, "The database: a path, sqlite:PATH or postgresql://…", "URI" },
    { "workspace", 0, 0, G_OPTION_ARG_STRING, &workspace, "The workspace (made by init)", "ID" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!parse_options (context, &argc, &argv, &exit_code) ||
      !require_option (context, database, "database", &exit_code) ||
      !require_option (context, workspace, "workspace", &exit_code))
    return exit_code;

  if (!ccal_validate_workspace_id (workspace, "workspace", &error))
    return usage_error (NULL, "--workspace: %s", error->message);
  if ((db = open_database (database, &exit_code)) == NULL)
    return exit_code;

  if (!ccal_demo_data_fill (db, workspace, &error))
    return failure ("cannot fill the workspace: %s", error->message);

  ccal_db_close (db);
  return 0;
}

/* ── main ───────────────────────────────────────────────────────────────────────────────────── */

static void
print_usage (FILE *stream)
{
  fprintf (stream,
           "Usage: %s COMMAND [OPTION…]\n"
           "\n"
           "Commands:\n"
           "  init        create a workspace and its admin; prints the admin's API key\n"
           "  keys create create a user and an API key\n"
           "  keys revoke revoke an API key by its prefix\n"
           "  serve       answer the calendar API over HTTP\n"
           "  demo-data   fill a workspace with realistic demo data\n"
           "\n"
           "Run “%s COMMAND --help” for a command's options.\n",
           program_name, program_name);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  /* A client that hangs up mid-answer must not kill the server. */
  signal (SIGPIPE, SIG_IGN);

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return 0;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("%s %s\n", program_name, PACKAGE_VERSION);
      return 0;
    }

  /* So each command's --help says "customerconnects-calendar-server init [OPTION…]". */
  {
    g_autofree char *prgname = g_strdup_printf ("%s %s", program_name,
                                                g_str_equal (argv[1], "keys") && argc > 2 ? "keys" : argv[1]);

    g_set_prgname (prgname);
  }

  if (g_str_equal (argv[1], "init"))
    return command_init (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "keys"))
    return command_keys (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "serve"))
    return command_serve (argc - 1, argv + 1);
  if (g_str_equal (argv[1], "demo-data"))
    return command_demo_data (argc - 1, argv + 1);

  g_printerr ("%s: unknown command “%s”\n\n", program_name, argv[1]);
  print_usage (stderr);
  return EXIT_USAGE;
}
