/* ccal-local-mode.c — the calendar without an account: the server in-process on loopback
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Starting is three steps: look the key up in the keyring (async, main thread), prepare the
 * database and the key in a worker thread (SQLite work), then store a new key in the keyring
 * and start listening (main thread, where the server must live).
 */
#define G_LOG_DOMAIN "ccal-client"

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "ccal-auth.h"
#include "ccal-credentials.h"
#include "ccal-local-mode.h"
#include "ccal-server.h"

#define APP_FOLDER        "customerconnects-calendar"
#define LOCAL_WORKERS     2     /* one person's requests: two handler threads are plenty */
#define SHUTDOWN_SECONDS  5

struct _CcalLocalMode
{
  GObject parent_instance;

  /* owned */
  char       *database_path;
  char       *credential_server;
  char       *admin_id;
  char       *token;
  char       *base_url;
  GError     *keyring_error;    /* NULL: the key is in the keyring */
  CcalDb     *db;
  CcalServer *server;
};

G_DEFINE_FINAL_TYPE (CcalLocalMode, ccal_local_mode, G_TYPE_OBJECT)

/* Credential servers whose key is kept for this run only → why (GError): a later start in the
 * same run finds the key in the session store, and must still say it is not in the keyring. */
static GHashTable *session_only_keys;

static void
remember_session_only (const char   *credential_server,
                       const GError *why)
{
  if (session_only_keys == NULL)
    session_only_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_error_free);
  g_hash_table_replace (session_only_keys, g_strdup (credential_server), g_error_copy (why));
}

static const GError *
lookup_session_only (const char *credential_server)
{
  return session_only_keys != NULL ? g_hash_table_lookup (session_only_keys, credential_server) : NULL;
}

char *
ccal_local_mode_get_default_database_path (void)
{
  return g_build_filename (g_get_user_data_dir (), APP_FOLDER, "local.db", NULL);
}

/* ── starting ───────────────────────────────────────────────────────────────────────────────── */

typedef struct
{
  CcalLocalMode *self;
  char          *stored_key;    /* from the keyring (or this run's memory), NULL when none */
  gboolean       key_is_new;
} Start;

static void
start_free (gpointer data)
{
  Start *start = data;

  g_clear_object (&start->self);
  if (start->stored_key != NULL)
    secret_password_free (start->stored_key);
  g_free (start);
}

/* The desktop user's name as a person reads it. */
static char *
local_admin_name (void)
{
  const char *real = g_get_real_name ();

  /* GLib says "Unknown" when the password database has no real name. */
  if (real != NULL && *real != '\0' && !g_str_equal (real, "Unknown") && g_utf8_validate (real, -1, NULL))
    return g_strdup (real);
  return g_strdup (g_get_user_name ());
}

/* An address for the local admin; nobody writes to it, it only has to be valid. */
static char *
local_admin_email (void)
{
  g_autoptr (GString) user = g_string_new (NULL);

  for (const char *p = g_get_user_name (); p != NULL && *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '.' || *p == '_' || *p == '-')
        g_string_append_c (user, g_ascii_tolower (*p));
    }
  if (user->len == 0)
    g_string_append (user, "me");
  return g_strdup_printf ("%s@localhost.localdomain", user->str);
}

static gboolean
key_is_valid (CcalDb     *db,
              const char *key,
              const char *admin_id)
{
  g_autofree char *hash = NULL;
  g_autoptr (CcalDbUser) user = NULL;

  if (!ccal_auth_is_api_key (key))
    return FALSE;
  hash = ccal_auth_hash_api_key (key);
  user = ccal_db_lookup_api_key (db, hash, NULL);
  return user != NULL && !user->revoked && g_strcmp0 (user->workspace_id, CCAL_LOCAL_MODE_WORKSPACE) == 0 &&
         g_strcmp0 (user->user_id, admin_id) == 0;
}

/* In a worker: the database, the workspace, its admin, and a key that works. */
static void
prepare_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Start *start = task_data;
  CcalLocalMode *self = start->self;
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (self->database_path);
  g_autoptr (CcalDb) db = NULL;
  g_autofree char *admin_id = NULL;

  /* The schedule holds customers' names and numbers: the folder is the user's alone. */
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               "Could not make the folder for the local calendar “%s”: %s", folder,
                               g_strerror (saved_errno));
      return;
    }

  db = ccal_db_open (self->database_path, &error);
  if (db == NULL || !ccal_db_migrate (db, &error))
    {
      g_prefix_error (&error, "The local calendar “%s” cannot be opened: ", self->database_path);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!ccal_db_create_workspace (db, CCAL_LOCAL_MODE_WORKSPACE, &error))
    {
      if (!g_error_matches (error, CCAL_DB_ERROR, CCAL_DB_ERROR_EXISTS))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_clear_error (&error);
    }

  admin_id = ccal_db_get_workspace_admin (db, CCAL_LOCAL_MODE_WORKSPACE, &error);
  if (admin_id == NULL && g_error_matches (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND))
    {
      g_autofree char *name = local_admin_name ();
      g_autofree char *email = local_admin_email ();

      g_clear_error (&error);
      admin_id = ccal_db_ensure_user (db, CCAL_LOCAL_MODE_WORKSPACE, email, name, CCAL_ROLE_ADMIN, &error);
    }
  if (admin_id == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (start->stored_key != NULL && key_is_valid (db, start->stored_key, admin_id))
    {
      self->token = g_strdup (start->stored_key);
    }
  else
    {
      /* First start, or the key was lost with the keyring (or kept for one run only): a new one.
       * Old keys stay valid, but nobody has their plaintext any more. */
      g_autofree char *key = ccal_auth_generate_api_key (FALSE, &error);
      g_autofree char *hash = NULL;
      g_autofree char *prefix = NULL;

      if (key == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      hash = ccal_auth_hash_api_key (key);
      prefix = ccal_auth_api_key_prefix (key);
      if (!ccal_db_add_api_key (db, admin_id, hash, prefix, "local mode", &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      self->token = g_steal_pointer (&key);
      start->key_is_new = TRUE;
    }

  self->admin_id = g_steal_pointer (&admin_id);
  self->db = g_steal_pointer (&db);
  g_task_return_boolean (task, TRUE);
}

static void
start_listening (GTask *task)
{
  Start *start = g_task_get_task_data (task);
  CcalLocalMode *self = start->self;
  CcalServerOptions options;
  g_autoptr (GError) error = NULL;

  ccal_server_options_init (&options);
  options.listen_address = "127.0.0.1";
  options.port = 0;
  options.n_workers = LOCAL_WORKERS;
  options.rate_limit = 0;     /* one person on loopback */
  options.shutdown_timeout = SHUTDOWN_SECONDS;

  self->server = ccal_server_new (self->db, &options);
  if (!ccal_server_listen (self->server, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  self->base_url = ccal_server_get_base_url (self->server);
  g_debug ("Local calendar at %s on %s", self->database_path, self->base_url);
  g_task_return_pointer (task, g_object_ref (self), g_object_unref);
}

static void
on_key_stored_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Start *start = g_task_get_task_data (task);
  CcalLocalMode *self = start->self;

  if (!ccal_credentials_store_finish (result, &self->keyring_error))
    {
      ccal_credentials_keep_for_session (self->credential_server, CCAL_CREDENTIAL_KIND_API_KEY, self->token);
      remember_session_only (self->credential_server, self->keyring_error);
    }
  else if (session_only_keys != NULL)
    {
      g_hash_table_remove (session_only_keys, self->credential_server);
    }
  start_listening (task);
}

static void
on_prepared_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Start *start = g_task_get_task_data (task);
  CcalLocalMode *self = start->self;
  g_autoptr (GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (start->key_is_new && self->keyring_error == NULL)
    {
      ccal_credentials_store_async (self->credential_server, CCAL_CREDENTIAL_KIND_API_KEY, self->token,
                                    g_task_get_cancellable (task), on_key_stored_cb, g_object_ref (task));
      return;
    }
  if (start->key_is_new)
    {
      ccal_credentials_keep_for_session (self->credential_server, CCAL_CREDENTIAL_KIND_API_KEY, self->token);
      remember_session_only (self->credential_server, self->keyring_error);
    }
  else if (self->keyring_error == NULL && lookup_session_only (self->credential_server) != NULL)
    {
      /* Found in this run's memory, where an earlier start had to keep it. */
      self->keyring_error = g_error_copy (lookup_session_only (self->credential_server));
    }
  start_listening (task);
}

static void
on_key_looked_up_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Start *start = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GTask) prepare = NULL;

  start->stored_key = ccal_credentials_lookup_finish (result, NULL, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Missing or locked: a key for this run only, and the person is told (no second wait on a
   * keyring that did not answer). Nothing stored yet is not a problem. */
  if (error != NULL && !g_error_matches (error, CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_NOT_FOUND))
    start->self->keyring_error = g_steal_pointer (&error);

  prepare = g_task_new (NULL, g_task_get_cancellable (task), on_prepared_cb, g_object_ref (task));
  g_task_set_source_tag (prepare, prepare_in_thread);
  g_task_set_task_data (prepare, start, NULL);
  g_task_run_in_thread (prepare, prepare_in_thread);
}

void
ccal_local_mode_start_async (const char         *database_path,
                             GCancellable       *cancellable,
                             GAsyncReadyCallback callback,
                             gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;
  Start *start;

  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ccal_local_mode_start_async);

  start = g_new0 (Start, 1);
  start->self = g_object_new (CCAL_TYPE_LOCAL_MODE, NULL);
  start->self->database_path = database_path != NULL ? g_strdup (database_path)
                                                     : ccal_local_mode_get_default_database_path ();
  if (!g_path_is_absolute (start->self->database_path))
    {
      g_autofree char *relative = g_steal_pointer (&start->self->database_path);
      g_autofree char *cwd = g_get_current_dir ();

      start->self->database_path = g_build_filename (cwd, relative, NULL);
    }
  start->self->credential_server = g_filename_to_uri (start->self->database_path, NULL, NULL);
  g_task_set_task_data (task, start, start_free);

  ccal_credentials_lookup_async (start->self->credential_server, CCAL_CREDENTIAL_KIND_API_KEY, cancellable,
                                 on_key_looked_up_cb, g_object_ref (task));
}

CcalLocalMode *
ccal_local_mode_start_finish (GAsyncResult *result,
                              GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ccal_local_mode_start_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ── stopping ───────────────────────────────────────────────────────────────────────────────── */

static void
on_server_stopped_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  CcalLocalMode *self = g_task_get_source_object (task);
  g_autoptr (GError) error = NULL;
  gboolean in_time = ccal_server_stop_finish (CCAL_SERVER (source), result, &error);

  if (!in_time && error == NULL)
    g_debug ("Some requests to the local server did not finish in time");
  g_clear_object (&self->server);
  if (self->db != NULL)
    ccal_db_close (self->db);

  if (error != NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
ccal_local_mode_stop_async (CcalLocalMode      *self,
                            GCancellable       *cancellable,
                            GAsyncReadyCallback callback,
                            gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CCAL_IS_LOCAL_MODE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ccal_local_mode_stop_async);

  if (self->server == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  ccal_server_stop_async (self->server, cancellable, on_server_stopped_cb, g_steal_pointer (&task));
}

gboolean
ccal_local_mode_stop_finish (CcalLocalMode *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (CCAL_IS_LOCAL_MODE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ── getters ────────────────────────────────────────────────────────────────────────────────── */

const char *
ccal_local_mode_get_base_url (CcalLocalMode *self)
{
  g_return_val_if_fail (CCAL_IS_LOCAL_MODE (self), NULL);
  return self->base_url;
}

const char *
ccal_local_mode_get_token (CcalLocalMode *self)
{
  g_return_val_if_fail (CCAL_IS_LOCAL_MODE (self), NULL);
  return self->token;
}

const char *
ccal_local_mode_get_database_path (CcalLocalMode *self)
{
  g_return_val_if_fail (CCAL_IS_LOCAL_MODE (self), NULL);
  return self->database_path;
}

const char *
ccal_local_mode_get_admin_id (CcalLocalMode *self)
{
  g_return_val_if_fail (CCAL_IS_LOCAL_MODE (self), NULL);
  return self->admin_id;
}

const char *
ccal_local_mode_get_credential_server (CcalLocalMode *self)
{
  g_return_val_if_fail (CCAL_IS_LOCAL_MODE (self), NULL);
  return self->credential_server;
}

char *
ccal_local_mode_get_cache_path (CcalLocalMode *self)
{
  g_autofree char *hash = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (CCAL_IS_LOCAL_MODE (self), NULL);

  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, self->database_path, -1);
  hash[16] = '\0';
  name = g_strdup_printf ("local-%s.db", hash);
  return g_build_filename (g_get_user_cache_dir (), APP_FOLDER, name, NULL);
}

gboolean
ccal_local_mode_get_key_in_keyring (CcalLocalMode *self)
{
  g_return_val_if_fail (CCAL_IS_LOCAL_MODE (self), FALSE);
  return self->token != NULL && self->keyring_error == NULL;
}

const GError *
ccal_local_mode_get_keyring_error (CcalLocalMode *self)
{
  g_return_val_if_fail (CCAL_IS_LOCAL_MODE (self), NULL);
  return self->keyring_error;
}

CcalApiClient *
ccal_local_mode_new_api_client (CcalLocalMode *self,
                                GError       **error)
{
  g_return_val_if_fail (CCAL_IS_LOCAL_MODE (self), NULL);
  g_return_val_if_fail (self->base_url != NULL, NULL);

  return ccal_api_client_new (self->base_url, self->token, error);
}

static void
ccal_local_mode_finalize (GObject *object)
{
  CcalLocalMode *self = CCAL_LOCAL_MODE (object);

  g_clear_object (&self->server);
  g_clear_object (&self->db);
  g_free (self->database_path);
  g_free (self->credential_server);
  g_free (self->admin_id);
  if (self->token != NULL)
    secret_password_wipe (self->token);
  g_free (self->token);
  g_free (self->base_url);
  g_clear_error (&self->keyring_error);

  G_OBJECT_CLASS (ccal_local_mode_parent_class)->finalize (object);
}

static void
ccal_local_mode_class_init (CcalLocalModeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ccal_local_mode_finalize;
}

static void
ccal_local_mode_init (CcalLocalMode *self)
{
}
