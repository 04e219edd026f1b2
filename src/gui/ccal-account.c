/* ccal-account.c — the calendar the app is signed in to: its client, offline copy, sync engine and state
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "ccal-account.h"

struct _CcalAccount
{
  GObject         parent_instance;

  /* owned */
  CcalApiClient  *client;
  CcalCache      *cache;
  CcalSync       *sync;
  CcalLocalMode  *local_mode;
  CcalMe         *me;
  char           *status_message;
  GCancellable   *cancellable;

  CcalSyncStatus  status;
  guint           progress[2];   /* objects pulled in this run, per CcalCacheCollection */
  gint64          last_synced;
  guint           sync_interval;
};

G_DEFINE_FINAL_TYPE (CcalAccount, ccal_account, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_API_CLIENT,
  PROP_CACHE,
  PROP_LOCAL_MODE,
  PROP_BASE_URL,
  PROP_ME,
  PROP_STATUS,
  PROP_STATUS_MESSAGE,
  PROP_PROGRESS_COUNT,
  PROP_LAST_SYNCED,
  PROP_SYNC_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Cache meta keys: who was signed in, for offline starts. */
#define META_ME_USER_ID      "app.me.user-id"
#define META_ME_NAME         "app.me.name"
#define META_ME_EMAIL        "app.me.email"
#define META_ME_ROLE         "app.me.role"
#define META_ME_WORKSPACE_ID "app.me.workspace-id"
#define META_ME_ADMIN_ID     "app.me.admin-id"

static char *
get_meta (CcalAccount *self,
          const char  *key)
{
  g_autoptr (GError) error = NULL;
  char *value = ccal_cache_get_meta (self->cache, key, &error);

  if (error != NULL && !g_error_matches (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND))
    g_debug ("Could not read %s from the cache: %s", key, error->message);
  return value;
}

static void
set_meta (CcalAccount *self,
          const char  *key,
          const char  *value)
{
  g_autoptr (GError) error = NULL;

  /* The cache is a convenience here: failing to remember only costs an offline start its details. */
  if (!ccal_cache_set_meta (self->cache, key, value, &error))
    g_debug ("Could not write %s to the cache: %s", key, error->message);
}

static void
load_from_cache (CcalAccount *self)
{
  g_autofree char *user_id = get_meta (self, META_ME_USER_ID);
  g_autofree char *role = NULL;
  CcalMe *me;

  if (user_id == NULL)
    return;

  me = g_new0 (CcalMe, 1);
  me->user_id = g_steal_pointer (&user_id);
  me->name = get_meta (self, META_ME_NAME);
  me->email = get_meta (self, META_ME_EMAIL);
  me->workspace_id = get_meta (self, META_ME_WORKSPACE_ID);
  me->admin_id = get_meta (self, META_ME_ADMIN_ID);
  role = get_meta (self, META_ME_ROLE);
  if (role == NULL || !ccal_role_from_string (role, &me->role))
    me->role = CCAL_ROLE_STAFF;
  self->me = me;
}

static void
on_me_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr (CcalAccount) self = user_data;
  g_autoptr (CcalMe) me = NULL;

  /* Failures show through the engine's state (offline, key refused); the cached CcalMe stays. */
  me = ccal_api_client_get_me_finish (CCAL_API_CLIENT (source), result, NULL);
  if (me != NULL)
    ccal_account_set_me (self, me);
}

static void
on_sync_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  /* What went wrong is the engine's state and last error, which the account follows. */
  if (!ccal_sync_sync_finish (CCAL_SYNC (source), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Sync failed: %s", error->message);
}

static char *
describe_failure (const GError *error)
{
  if (error == NULL)
    return NULL;
  if (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_UNAUTHORIZED))
    return g_strdup (_("The server no longer accepts this key. Sign out and connect with a new key."));
  if (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_FORBIDDEN))
    return g_strdup (_("This key may no longer use the calendar. Ask your administrator for a new key."));
  if (error->domain == CCAL_CACHE_ERROR)
    /* Translators: %s says why, e.g. "disk full" */
    return g_strdup_printf (_("The calendar could not be saved on this computer: %s"), error->message);
  return g_strdup (error->message);
}

static void
on_sync_state_cb (CcalAccount *self)
{
  g_autofree char *message = NULL;

  switch (ccal_sync_get_state (self->sync))
    {
    case CCAL_SYNC_ENGINE_STATE_SYNCING:
      if (self->status != CCAL_SYNC_STATUS_SYNCING)
        {
          self->progress[0] = self->progress[1] = 0;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_COUNT]);
        }
      ccal_account_set_status (self, CCAL_SYNC_STATUS_SYNCING, NULL);
      break;

    case CCAL_SYNC_ENGINE_STATE_OFFLINE:
      ccal_account_set_status (self, CCAL_SYNC_STATUS_OFFLINE,
                               _("The server cannot be reached. Changes are kept and sent when it is back."));
      break;

    case CCAL_SYNC_ENGINE_STATE_ERROR:
      message = describe_failure (ccal_sync_get_last_error (self->sync));
      ccal_account_set_status (self, CCAL_SYNC_STATUS_FAILED, message);
      break;

    case CCAL_SYNC_ENGINE_STATE_IDLE:
    default:
      ccal_account_set_status (self, CCAL_SYNC_STATUS_IDLE, NULL);
      break;
    }
}

static void
on_sync_last_synced_cb (CcalAccount *self)
{
  ccal_account_set_last_synced (self, ccal_sync_get_last_synced_at (self->sync));
}

static void
on_sync_progress_cb (CcalAccount *self,
                     int          collection,
                     guint        objects,
                     guint        pages)
{
  if (collection < 0 || collection >= (int) G_N_ELEMENTS (self->progress))
    return;
  self->progress[collection] = objects;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_COUNT]);
}

static void
on_local_mode_stopped_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  if (!ccal_local_mode_stop_finish (CCAL_LOCAL_MODE (source), result, &error))
    g_debug ("Stopping the local calendar: %s", error->message);
  g_object_unref (source);
}

static void
ccal_account_dispose (GObject *object)
{
  CcalAccount *self = CCAL_ACCOUNT (object);

  g_cancellable_cancel (self->cancellable);
  if (self->sync != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sync, self);
      ccal_sync_set_sync_interval (self->sync, 0);
    }

  G_OBJECT_CLASS (ccal_account_parent_class)->dispose (object);
}

static void
ccal_account_finalize (GObject *object)
{
  CcalAccount *self = CCAL_ACCOUNT (object);

  g_clear_object (&self->sync);
  g_clear_object (&self->client);
  g_clear_object (&self->cache);
  /* The client (and its connections) go first, then the in-process server stops; the stop keeps
   * it alive until done. */
  if (self->local_mode != NULL)
    ccal_local_mode_stop_async (g_steal_pointer (&self->local_mode), NULL, on_local_mode_stopped_cb, NULL);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->me, ccal_me_free);
  g_clear_pointer (&self->status_message, g_free);

  G_OBJECT_CLASS (ccal_account_parent_class)->finalize (object);
}

static void
ccal_account_constructed (GObject *object)
{
  CcalAccount *self = CCAL_ACCOUNT (object);

  G_OBJECT_CLASS (ccal_account_parent_class)->constructed (object);

  g_assert (self->client != NULL);
  g_assert (self->cache != NULL);
  load_from_cache (self);

  self->sync = ccal_sync_new (self->client, self->cache);
  self->last_synced = ccal_sync_get_last_synced_at (self->sync);
  g_signal_connect_object (self->sync, "notify::state", G_CALLBACK (on_sync_state_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "notify::last-synced-at", G_CALLBACK (on_sync_last_synced_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "progress", G_CALLBACK (on_sync_progress_cb), self, G_CONNECT_SWAPPED);
}

static void
ccal_account_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CcalAccount *self = CCAL_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_API_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;
    case PROP_LOCAL_MODE:
      g_value_set_object (value, self->local_mode);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, ccal_account_get_base_url (self));
      break;
    case PROP_ME:
      g_value_set_boxed (value, self->me);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_STATUS_MESSAGE:
      g_value_set_string (value, self->status_message);
      break;
    case PROP_PROGRESS_COUNT:
      g_value_set_uint (value, ccal_account_get_progress_count (self));
      break;
    case PROP_LAST_SYNCED:
      g_value_set_int64 (value, self->last_synced);
      break;
    case PROP_SYNC_INTERVAL:
      g_value_set_uint (value, self->sync_interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_account_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CcalAccount *self = CCAL_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_API_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_CACHE:
      self->cache = g_value_dup_object (value);
      break;
    case PROP_LOCAL_MODE:
      self->local_mode = g_value_dup_object (value);
      break;
    case PROP_ME:
      ccal_account_set_me (self, g_value_get_boxed (value));
      break;
    case PROP_PROGRESS_COUNT:
      ccal_account_set_progress_count (self, g_value_get_uint (value));
      break;
    case PROP_LAST_SYNCED:
      ccal_account_set_last_synced (self, g_value_get_int64 (value));
      break;
    case PROP_SYNC_INTERVAL:
      ccal_account_set_sync_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_account_class_init (CcalAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ccal_account_constructed;
  object_class->dispose = ccal_account_dispose;
  object_class->finalize = ccal_account_finalize;
  object_class->get_property = ccal_account_get_property;
  object_class->set_property = ccal_account_set_property;

  properties[PROP_API_CLIENT] =
    g_param_spec_object ("api-client", NULL, NULL, CCAL_TYPE_API_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, CCAL_TYPE_CACHE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCAL_MODE] =
    g_param_spec_object ("local-mode", NULL, NULL, CCAL_TYPE_LOCAL_MODE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ME] =
    g_param_spec_boxed ("me", NULL, NULL, CCAL_TYPE_ME,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, CCAL_TYPE_SYNC_STATUS, CCAL_SYNC_STATUS_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATUS_MESSAGE] =
    g_param_spec_string ("status-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROGRESS_COUNT] =
    g_param_spec_uint ("progress-count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNCED] =
    g_param_spec_int64 ("last-synced", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_INTERVAL] =
    g_param_spec_uint ("sync-interval", NULL, NULL, 0, 1440, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ccal_account_init (CcalAccount *self)
{
  self->cancellable = g_cancellable_new ();
  self->status = CCAL_SYNC_STATUS_IDLE;
}

CcalAccount *
ccal_account_new (const char  *base_url,
                  const char  *token,
                  GError     **error)
{
  g_autoptr (CcalApiClient) client = NULL;
  g_autoptr (CcalCache) cache = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  client = ccal_api_client_new (base_url, token, error);
  if (client == NULL)
    return NULL;

  path = ccal_cache_path_for_server (base_url);
  cache = ccal_cache_open (path, error);
  if (cache == NULL)
    return NULL;

  return ccal_account_new_for_client (client, cache);
}

CcalAccount *
ccal_account_new_local (CcalLocalMode  *local_mode,
                        GError        **error)
{
  g_autoptr (CcalApiClient) client = NULL;
  g_autoptr (CcalCache) cache = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (CCAL_IS_LOCAL_MODE (local_mode), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  client = ccal_local_mode_new_api_client (local_mode, error);
  if (client == NULL)
    return NULL;
  path = ccal_local_mode_get_cache_path (local_mode);
  cache = ccal_cache_open (path, error);
  if (cache == NULL)
    return NULL;

  return g_object_new (CCAL_TYPE_ACCOUNT,
                       "api-client", client,
                       "cache", cache,
                       "local-mode", local_mode,
                       NULL);
}

CcalAccount *
ccal_account_new_for_client (CcalApiClient *client,
                             CcalCache     *cache)
{
  g_return_val_if_fail (CCAL_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (CCAL_IS_CACHE (cache), NULL);

  return g_object_new (CCAL_TYPE_ACCOUNT,
                       "api-client", client,
                       "cache", cache,
                       NULL);
}

const char *
ccal_account_get_base_url (CcalAccount *self)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (self), NULL);

  return ccal_api_client_get_base_url (self->client);
}

CcalApiClient *
ccal_account_get_api_client (CcalAccount *self)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (self), NULL);

  return self->client;
}

CcalCache *
ccal_account_get_cache (CcalAccount *self)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (self), NULL);

  return self->cache;
}

CcalSync *
ccal_account_get_sync (CcalAccount *self)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (self), NULL);

  return self->sync;
}

CcalLocalMode *
ccal_account_get_local_mode (CcalAccount *self)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (self), NULL);

  return self->local_mode;
}

const CcalMe *
ccal_account_get_me (CcalAccount *self)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (self), NULL);

  return self->me;
}

void
ccal_account_set_me (CcalAccount  *self,
                     const CcalMe *me)
{
  g_return_if_fail (CCAL_IS_ACCOUNT (self));

  if (me == self->me)
    return;

  g_clear_pointer (&self->me, ccal_me_free);
  if (me != NULL)
    {
      self->me = ccal_me_copy (me);
      set_meta (self, META_ME_USER_ID, me->user_id);
      set_meta (self, META_ME_NAME, me->name);
      set_meta (self, META_ME_EMAIL, me->email);
      set_meta (self, META_ME_ROLE, ccal_role_to_string (me->role));
      set_meta (self, META_ME_WORKSPACE_ID, me->workspace_id);
      set_meta (self, META_ME_ADMIN_ID, me->admin_id);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ME]);
}

CcalSyncStatus
ccal_account_get_status (CcalAccount *self)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (self), CCAL_SYNC_STATUS_IDLE);

  return self->status;
}

const char *
ccal_account_get_status_message (CcalAccount *self)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (self), NULL);

  return self->status_message;
}

void
ccal_account_set_status (CcalAccount    *self,
                         CcalSyncStatus  status,
                         const char     *message)
{
  g_return_if_fail (CCAL_IS_ACCOUNT (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->status_message, message) != 0)
    {
      g_free (self->status_message);
      self->status_message = g_strdup (message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_MESSAGE]);
    }
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

guint
ccal_account_get_progress_count (CcalAccount *self)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (self), 0);

  return self->progress[0] + self->progress[1];
}

void
ccal_account_set_progress_count (CcalAccount *self,
                                 guint        count)
{
  g_return_if_fail (CCAL_IS_ACCOUNT (self));

  if (ccal_account_get_progress_count (self) == count)
    return;
  self->progress[0] = count;
  self->progress[1] = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS_COUNT]);
}

gint64
ccal_account_get_last_synced (CcalAccount *self)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (self), 0);

  return self->last_synced;
}

void
ccal_account_set_last_synced (CcalAccount *self,
                              gint64       when)
{
  g_return_if_fail (CCAL_IS_ACCOUNT (self));

  if (self->last_synced == when)
    return;
  self->last_synced = when;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED]);
}

guint
ccal_account_get_sync_interval (CcalAccount *self)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (self), 0);

  return self->sync_interval;
}

void
ccal_account_set_sync_interval (CcalAccount *self,
                                guint        minutes)
{
  g_return_if_fail (CCAL_IS_ACCOUNT (self));

  if (self->sync_interval == minutes)
    return;
  self->sync_interval = minutes;
  ccal_sync_set_sync_interval (self->sync, minutes * 60);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_INTERVAL]);
}

void
ccal_account_request_sync (CcalAccount *self)
{
  g_return_if_fail (CCAL_IS_ACCOUNT (self));

  ccal_api_client_get_me_async (self->client, self->cancellable, on_me_cb, g_object_ref (self));
  ccal_sync_sync_async (self->sync, self->cancellable, on_sync_done_cb, NULL);
}

GCancellable *
ccal_account_get_cancellable (CcalAccount *self)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (self), NULL);

  return self->cancellable;
}
