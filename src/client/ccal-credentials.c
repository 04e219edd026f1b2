/* ccal-credentials.c — API keys and JWTs in the Secret Service keyring, or in memory for one run
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "ccal-credentials.h"

G_DEFINE_QUARK (ccal-credentials-error-quark, ccal_credentials_error)

static const char *const kind_names[] = { "api-key", "jwt" };

const char *
ccal_credential_kind_to_string (CcalCredentialKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_names))
    return NULL;
  return kind_names[kind];
}

gboolean
ccal_credential_kind_from_string (const char         *text,
                                  CcalCredentialKind *out_kind)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_str_equal (text, kind_names[i]))
        {
          if (out_kind != NULL)
            *out_kind = (CcalCredentialKind) i;
          return TRUE;
        }
    }
  return FALSE;
}

static const char *
kind_description (CcalCredentialKind kind)
{
  switch (kind)
    {
    case CCAL_CREDENTIAL_KIND_API_KEY:
      return "API key";
    case CCAL_CREDENTIAL_KIND_JWT:
      return "sign-in token";
    case CCAL_CREDENTIAL_KIND_ANY:
    default:
      return "API key or sign-in token";
    }
}

const SecretSchema *
ccal_credentials_get_schema (void)
{
  static const SecretSchema schema = {
    CCAL_CREDENTIALS_SCHEMA_NAME,
    SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "kind", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

char *
ccal_credentials_normalize_server (const char *base_url)
{
  char *server;
  gsize length;

  g_return_val_if_fail (base_url != NULL, NULL);

  server = g_strstrip (g_strdup (base_url));
  length = strlen (server);
  while (length > 0 && server[length - 1] == '/')
    server[--length] = '\0';
  return server;
}

/* Secrets handed around here live in ordinary heap memory (callers free them with g_free ());
 * overwriting them before freeing keeps them from lingering in freed memory. */
static void
wipe_free (gpointer data)
{
  char *secret = data;

  if (secret == NULL)
    return;
  memset (secret, 0, strlen (secret));
  g_free (secret);
}

/* ── the session-only store ─────────────────────────────────────────────────────────────────── */

/* "kind\nserver" → secret; values are wiped when they go. */
static GMutex session_mutex;
static GHashTable *session_secrets;

static char *
session_key (const char        *server,
             CcalCredentialKind kind)
{
  return g_strconcat (ccal_credential_kind_to_string (kind), "\n", server, NULL);
}

void
ccal_credentials_keep_for_session (const char        *server,
                                   CcalCredentialKind kind,
                                   const char        *secret)
{
  g_autofree char *normalized = NULL;

  g_return_if_fail (server != NULL);
  g_return_if_fail (kind == CCAL_CREDENTIAL_KIND_API_KEY || kind == CCAL_CREDENTIAL_KIND_JWT);
  g_return_if_fail (secret != NULL);

  normalized = ccal_credentials_normalize_server (server);

  g_mutex_lock (&session_mutex);
  if (session_secrets == NULL)
    session_secrets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, wipe_free);
  g_hash_table_replace (session_secrets, session_key (normalized, kind), g_strdup (secret));
  g_mutex_unlock (&session_mutex);
}

void
ccal_credentials_clear_session (void)
{
  g_mutex_lock (&session_mutex);
  g_clear_pointer (&session_secrets, g_hash_table_unref);
  g_mutex_unlock (&session_mutex);
}

static char *
session_lookup (const char         *server,
                CcalCredentialKind  kind,
                CcalCredentialKind *out_kind)
{
  char *secret = NULL;

  g_mutex_lock (&session_mutex);
  for (guint i = 0; session_secrets != NULL && i < G_N_ELEMENTS (kind_names) && secret == NULL; i++)
    {
      g_autofree char *key = NULL;

      if (kind != CCAL_CREDENTIAL_KIND_ANY && kind != (CcalCredentialKind) i)
        continue;
      key = session_key (server, (CcalCredentialKind) i);
      secret = g_strdup (g_hash_table_lookup (session_secrets, key));
      if (secret != NULL)
        *out_kind = (CcalCredentialKind) i;
    }
  g_mutex_unlock (&session_mutex);

  return secret;
}

static void
session_remove (const char        *server,
                CcalCredentialKind kind)
{
  g_mutex_lock (&session_mutex);
  for (guint i = 0; session_secrets != NULL && i < G_N_ELEMENTS (kind_names); i++)
    {
      g_autofree char *key = NULL;

      if (kind != CCAL_CREDENTIAL_KIND_ANY && kind != (CcalCredentialKind) i)
        continue;
      key = session_key (server, (CcalCredentialKind) i);
      g_hash_table_remove (session_secrets, key);
    }
  g_mutex_unlock (&session_mutex);
}

/* ── keyring operations: cancellable, with a timeout ────────────────────────────────────────── */

static guint keyring_timeout_seconds = CCAL_CREDENTIALS_DEFAULT_TIMEOUT_SECONDS;

void
ccal_credentials_set_timeout (guint seconds)
{
  g_return_if_fail (seconds > 0);

  g_atomic_int_set (&keyring_timeout_seconds, seconds);
}

typedef struct
{
  char               *server;
  CcalCredentialKind  kind;          /* as asked */
  CcalCredentialKind  found_kind;    /* lookup: the kind of the item chosen */
  char               *secret;        /* store: wiped when freed */

  GCancellable       *cancellable;   /* what libsecret gets: cancelled by the caller's or the timeout */
  GCancellable       *caller_cancellable;
  gulong              cancelled_id;
  GSource            *timeout_source;
  guint               timeout_seconds;
  gboolean            timed_out;
} Operation;

static void
operation_free (gpointer data)
{
  Operation *op = data;

  if (op->timeout_source != NULL)
    {
      g_source_destroy (op->timeout_source);
      g_source_unref (op->timeout_source);
    }
  if (op->caller_cancellable != NULL)
    {
      g_cancellable_disconnect (op->caller_cancellable, op->cancelled_id);
      g_object_unref (op->caller_cancellable);
    }
  g_clear_object (&op->cancellable);
  g_free (op->server);
  wipe_free (op->secret);
  g_free (op);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  Operation *op = user_data;

  op->timed_out = TRUE;
  g_cancellable_cancel (op->cancellable);
  g_clear_pointer (&op->timeout_source, g_source_unref);
  return G_SOURCE_REMOVE;
}

static void
on_caller_cancelled_cb (GCancellable *caller_cancellable,
                        gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static GTask *
new_operation (const char         *server,
               CcalCredentialKind  kind,
               gpointer            source_tag,
               GCancellable       *cancellable,
               GAsyncReadyCallback callback,
               gpointer            user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Operation *op = g_new0 (Operation, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, operation_free);

  op->server = ccal_credentials_normalize_server (server);
  op->kind = kind;
  op->cancellable = g_cancellable_new ();
  op->timeout_seconds = g_atomic_int_get (&keyring_timeout_seconds);

  if (cancellable != NULL)
    {
      op->caller_cancellable = g_object_ref (cancellable);
      op->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled_cb),
                                                g_object_ref (op->cancellable), g_object_unref);
    }

  /* A locked keyring with a display may wait forever on an unlock prompt nobody answers. */
  op->timeout_source = g_timeout_source_new_seconds (op->timeout_seconds);
  g_source_set_callback (op->timeout_source, on_timeout_cb, op, NULL);
  g_source_attach (op->timeout_source, g_task_get_context (task));

  return task;
}

static GHashTable *
new_attributes (const char        *server,
                CcalCredentialKind kind)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer) "server", (gpointer) server);
  if (kind != CCAL_CREDENTIAL_KIND_ANY)
    g_hash_table_insert (attributes, (gpointer) "kind", (gpointer) ccal_credential_kind_to_string (kind));
  return attributes;
}

/* Why the keyring cannot be used, in words (the end of "Your keyring is not available: …"). */
static char *
describe_keyring_failure (const GError *error)
{
  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER))
    return g_strdup ("no secret service such as GNOME Keyring is running.");

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT))
    return g_strdup ("it has no unlocked default keyring to keep the key in.");

  if (error->domain == G_IO_ERROR)
    return g_strdup_printf ("there is no desktop session bus to reach it (%s).", error->message);

  {
    g_autoptr (GError) copy = g_error_copy (error);

    g_dbus_error_strip_remote_error (copy);
    return g_strdup_printf ("%s.", copy->message);
  }
}

/* A libsecret failure → CCAL_CREDENTIALS_ERROR (or the caller's cancellation, unchanged). */
static GError *
map_keyring_error (Operation    *op,
                   const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (g_cancellable_is_cancelled (op->caller_cancellable))
        return g_error_copy (error);
      if (op->timed_out)
        return g_error_new (CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_LOCKED,
                            ngettext ("Your keyring did not answer within %u second; it may be locked and waiting "
                                      "for its password. Unlock it and try again.",
                                      "Your keyring did not answer within %u seconds; it may be locked and waiting "
                                      "for its password. Unlock it and try again.", op->timeout_seconds),
                            op->timeout_seconds);
      /* libsecret reports a dismissed unlock prompt as a cancellation. */
      return g_error_new_literal (CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_LOCKED,
                                  _("Your keyring is locked and was not unlocked."));
    }

  if (g_error_matches (error, SECRET_ERROR, SECRET_ERROR_IS_LOCKED))
    return g_error_new_literal (CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_LOCKED,
                                _("Your keyring is locked and was not unlocked."));

  {
    g_autofree char *reason = describe_keyring_failure (error);

    return g_error_new (CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_NO_KEYRING,
                        _("Your keyring is not available: %s"), reason);
  }
}

/* ── store ──────────────────────────────────────────────────────────────────────────────────── */

static void
on_store_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Operation *op = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (error == NULL)
        g_task_return_new_error (task, CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_NO_KEYRING,
                                 "Your keyring is not available: it did not keep the %s.",
                                 kind_description (op->kind));
      else
        g_task_return_error (task, map_keyring_error (op, error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
ccal_credentials_store_async (const char         *server,
                              CcalCredentialKind  kind,
                              const char         *secret,
                              GCancellable       *cancellable,
                              GAsyncReadyCallback callback,
                              gpointer            user_data)
{
  g_autoptr (GHashTable) attributes = NULL;
  g_autofree char *label = NULL;
  GTask *task;
  Operation *op;

  g_return_if_fail (server != NULL);
  g_return_if_fail (kind == CCAL_CREDENTIAL_KIND_API_KEY || kind == CCAL_CREDENTIAL_KIND_JWT);
  g_return_if_fail (secret != NULL);

  task = new_operation (server, kind, ccal_credentials_store_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);
  op->secret = g_strdup (secret);

  label = g_strdup_printf ("CustomerConnects Calendar %s for %s", kind_description (kind), op->server);
  attributes = new_attributes (op->server, kind);
  secret_password_storev (ccal_credentials_get_schema (), attributes, SECRET_COLLECTION_DEFAULT, label,
                          op->secret, op->cancellable, on_store_cb, task);
}

gboolean
ccal_credentials_store_finish (GAsyncResult *result,
                               GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ccal_credentials_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ── lookup ─────────────────────────────────────────────────────────────────────────────────── */

typedef struct
{
  char               *secret;
  CcalCredentialKind  kind;
} Found;

static void
found_free (gpointer data)
{
  Found *found = data;

  wipe_free (found->secret);
  g_free (found);
}

static void
return_found (GTask             *task,
              char              *secret,
              CcalCredentialKind kind)
{
  Found *found = g_new0 (Found, 1);

  found->secret = secret;
  found->kind = kind;
  g_task_return_pointer (task, found, found_free);
}

static void
return_not_found (GTask *task)
{
  Operation *op = g_task_get_task_data (task);

  g_task_return_new_error (task, CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_NOT_FOUND,
                           "No %s is stored for %s.", kind_description (op->kind), op->server);
}

/* Takes ownership of @value. */
static void
return_value (GTask       *task,
              SecretValue *value)
{
  Operation *op = g_task_get_task_data (task);
  char *secret;

  if (value == NULL)
    {
      return_not_found (task);
      return;
    }

  /* libsecret's copy is in its non-pageable pool, which g_free () must not see: hand out an
   * ordinary one and wipe libsecret's. */
  secret = secret_value_unref_to_password (value, NULL);
  if (secret == NULL)
    {
      return_not_found (task);
      return;
    }
  return_found (task, g_strdup (secret), op->found_kind);
  secret_password_free (secret);
}

static void
on_retrieve_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Operation *op = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  SecretValue *value;

  value = secret_retrievable_retrieve_secret_finish (SECRET_RETRIEVABLE (source), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, map_keyring_error (op, error));
      return;
    }
  return_value (task, value);
}

/* The kind an item was stored as, or -1 when it is not one of ours. */
static int
item_kind (SecretRetrievable *item)
{
  g_autoptr (GHashTable) attributes = secret_retrievable_get_attributes (item);
  CcalCredentialKind kind;

  if (attributes == NULL || !ccal_credential_kind_from_string (g_hash_table_lookup (attributes, "kind"), &kind))
    return -1;
  return (int) kind;
}

/* A search rather than secret_password_lookup (): it gives the kind of what it found (one search
 * serves ANY), picks the newest of duplicates, and does not leak the D-Bus reply the way
 * secret_password_lookup () does in libsecret 0.20. */
static void
on_search_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Operation *op = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  GList *items;
  SecretRetrievable *best = NULL;
  int best_kind = -1;

  items = secret_password_search_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, map_keyring_error (op, error));
      return;
    }

  for (GList *l = items; l != NULL; l = l->next)
    {
      SecretRetrievable *item = l->data;
      int kind = item_kind (item);

      if (kind < 0 || (op->kind != CCAL_CREDENTIAL_KIND_ANY && kind != (int) op->kind))
        continue;
      /* An API key before a JWT (the enum's order), then the newest. */
      if (best == NULL || kind < best_kind ||
          (kind == best_kind && secret_retrievable_get_modified (item) > secret_retrievable_get_modified (best)))
        {
          best = item;
          best_kind = kind;
        }
    }

  if (best == NULL)
    {
      return_not_found (task);
    }
  else
    {
      op->found_kind = (CcalCredentialKind) best_kind;
      /* Service items come with their secret (SECRET_SEARCH_LOAD_SECRETS); others are asked. */
      if (SECRET_IS_ITEM (best))
        return_value (task, secret_item_get_secret (SECRET_ITEM (best)));
      else
        secret_retrievable_retrieve_secret (best, op->cancellable, on_retrieve_cb, g_steal_pointer (&task));
    }

  g_list_free_full (items, g_object_unref);
}

void
ccal_credentials_lookup_async (const char         *server,
                               CcalCredentialKind  kind,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  GTask *task;
  Operation *op;
  CcalCredentialKind found_kind = kind;
  char *secret;

  g_return_if_fail (server != NULL);

  task = new_operation (server, kind, ccal_credentials_lookup_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);

  /* What the person chose to keep for this run wins: it is what they typed most recently. */
  secret = session_lookup (op->server, kind, &found_kind);
  if (secret != NULL)
    {
      return_found (task, secret, found_kind);
      g_object_unref (task);
      return;
    }

  {
    g_autoptr (GHashTable) attributes = new_attributes (op->server, kind);

    secret_password_searchv (ccal_credentials_get_schema (), attributes,
                             SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                             op->cancellable, on_search_cb, task);
  }
}

char *
ccal_credentials_lookup_finish (GAsyncResult       *result,
                                CcalCredentialKind *out_kind,
                                GError            **error)
{
  Found *found;
  char *secret;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ccal_credentials_lookup_async, NULL);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return NULL;

  if (out_kind != NULL)
    *out_kind = found->kind;
  secret = g_steal_pointer (&found->secret);
  found_free (found);
  return secret;
}

/* ── delete ─────────────────────────────────────────────────────────────────────────────────── */

static void
on_clear_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Operation *op = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;

  /* FALSE without an error only means there was nothing to remove. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      g_autoptr (GError) mapped = map_keyring_error (op, error);

      /* Without a keyring nothing can be stored in one: signing out is complete. A locked one may
       * still hold the credential, so that stays an error. */
      if (!g_error_matches (mapped, CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_NO_KEYRING))
        {
          g_task_return_error (task, g_steal_pointer (&mapped));
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

void
ccal_credentials_delete_async (const char         *server,
                               CcalCredentialKind  kind,
                               GCancellable       *cancellable,
                               GAsyncReadyCallback callback,
                               gpointer            user_data)
{
  g_autoptr (GHashTable) attributes = NULL;
  GTask *task;
  Operation *op;

  g_return_if_fail (server != NULL);

  task = new_operation (server, kind, ccal_credentials_delete_async, cancellable, callback, user_data);
  op = g_task_get_task_data (task);

  session_remove (op->server, kind);

  attributes = new_attributes (op->server, kind);
  secret_password_clearv (ccal_credentials_get_schema (), attributes, op->cancellable, on_clear_cb, task);
}

gboolean
ccal_credentials_delete_finish (GAsyncResult *result,
                                GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ccal_credentials_delete_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
