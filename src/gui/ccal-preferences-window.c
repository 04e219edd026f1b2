/* ccal-preferences-window.c — Preferences: account, display (zone, week start, clock, view) and sync
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "ccal-preferences-window.h"
#include "ccal-time.h"

/* Where the "Calendar Feed" group stands. */
typedef enum
{
  FEED_HIDDEN,        /* no account, the local calendar, or not an admin */
  FEED_LOADING,       /* asking the server whether there is one */
  FEED_NONE,
  FEED_ACTIVE,        /* there is one; its URL is shown only right after creating it */
  FEED_UNREACHABLE,   /* the server could not be asked */
  FEED_BUSY,          /* creating or revoking */
} FeedState;

struct _CcalPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  AdwPreferencesGroup  *account_group;
  AdwActionRow         *server_row;
  AdwActionRow         *user_row;
  GtkWidget            *sign_out_button;
  AdwComboRow          *timezone_row;
  AdwComboRow          *first_weekday_row;
  AdwComboRow          *clock_row;
  AdwComboRow          *default_view_row;
  AdwComboRow          *sync_interval_row;
  GtkWidget            *feed_group;
  AdwActionRow         *feed_status_row;
  GtkWidget            *feed_create_button;
  GtkWidget            *feed_new_button;
  GtkWidget            *feed_revoke_button;
  AdwActionRow         *feed_url_row;

  /* owned */
  GSettings            *settings;
  GStrv                 zones;        /* the timezone row's items after the first ("system") */
  GWeakRef              window;
  CcalAccount          *feed_account;   /* the account the feed group shows */
  GCancellable         *feed_cancellable;
  FeedState             feed_state;
  char                 *feed_url;       /* shown once, after creating */
};

G_DEFINE_FINAL_TYPE (CcalPreferencesWindow, ccal_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

/* The combo rows' items, in order, as the settings spell them. */
static const char * const first_weekday_choices[] = { "locale", "monday", "sunday", "saturday", NULL };
static const char * const default_view_choices[] = { "last", "week", "month", "dashboard", NULL };
static const guint sync_interval_choices[] = { 1, 5, 15, 30, 60, 0 };

static gboolean
get_choice_mapping (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *text = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    {
      if (g_str_equal (choices[i], text))
        {
          g_value_set_uint (value, i);
          return TRUE;
        }
    }
  return FALSE;
}

static GVariant *
set_choice_mapping (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *choices = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((GStrv) choices))
    return NULL;
  return g_variant_new_string (choices[selected]);
}

static gboolean
get_clock_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  g_value_set_uint (value, g_variant_get_boolean (variant) ? 0 : 1);
  return TRUE;
}

static GVariant *
set_clock_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  return g_variant_new_boolean (g_value_get_uint (value) == 0);
}

static gboolean
get_sync_interval_mapping (GValue   *value,
                           GVariant *variant,
                           gpointer  user_data)
{
  int minutes = (int) g_variant_get_uint32 (variant);
  guint best = G_N_ELEMENTS (sync_interval_choices) - 1;   /* 0: only when asked */

  /* A value set elsewhere (gsettings set … 10) shows as the nearest choice. */
  if (minutes > 0)
    {
      best = 0;
      for (guint i = 1; i < G_N_ELEMENTS (sync_interval_choices) && sync_interval_choices[i] > 0; i++)
        {
          if (ABS ((int) sync_interval_choices[i] - minutes) < ABS ((int) sync_interval_choices[best] - minutes))
            best = i;
        }
    }
  g_value_set_uint (value, best);
  return TRUE;
}

static GVariant *
set_sync_interval_mapping (const GValue       *value,
                           const GVariantType *expected_type,
                           gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (sync_interval_choices))
    return NULL;
  return g_variant_new_uint32 (sync_interval_choices[selected]);
}

static gboolean
get_timezone_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  CcalPreferencesWindow *self = user_data;
  const char *tzid = g_variant_get_string (variant, NULL);

  if (tzid[0] != '\0')
    {
      for (guint i = 0; self->zones[i] != NULL; i++)
        {
          if (g_str_equal (self->zones[i], tzid))
            {
              g_value_set_uint (value, i + 1);
              return TRUE;
            }
        }
    }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
set_timezone_mapping (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  CcalPreferencesWindow *self = user_data;
  guint selected = g_value_get_uint (value);

  if (selected == 0 || selected > g_strv_length (self->zones))
    return g_variant_new_string ("");
  return g_variant_new_string (self->zones[selected - 1]);
}

/* ── the calendar feed ──────────────────────────────────────────────────────────────────────── */

static void update_feed (CcalPreferencesWindow *self);

static void
set_feed_state (CcalPreferencesWindow *self,
                FeedState              state,
                gint64                 created_at)
{
  g_autofree char *subtitle = NULL;
  gboolean idle = state == FEED_NONE || state == FEED_ACTIVE;

  self->feed_state = state;
  gtk_widget_set_visible (self->feed_group, state != FEED_HIDDEN);

  switch (state)
    {
    case FEED_LOADING:
      subtitle = g_strdup (_("Checking…"));
      break;
    case FEED_BUSY:
      subtitle = g_strdup (_("Asking the server…"));
      break;
    case FEED_NONE:
      subtitle = g_strdup (_("None yet"));
      break;
    case FEED_ACTIVE:
      if (created_at > 0)
        {
          g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (created_at / G_USEC_PER_SEC);
          g_autoptr (GDateTime) local = utc != NULL ? g_date_time_to_local (utc) : NULL;
          /* Translators: when the feed URL was made, "Tue 3 Mar 2026"; see g_date_time_format() */
          g_autofree char *date = local != NULL ? g_date_time_format (local, _("%a %-d %b %Y")) : NULL;

          /* Translators: %s is a date */
          subtitle = date != NULL ? g_strdup_printf (_("Active, made on %s"), date) : NULL;
        }
      if (subtitle == NULL)
        subtitle = g_strdup (_("Active"));
      break;
    case FEED_UNREACHABLE:
      subtitle = g_strdup (_("The feed can be managed when the server can be reached."));
      break;
    case FEED_HIDDEN:
    default:
      break;
    }
  adw_action_row_set_subtitle (self->feed_status_row, subtitle != NULL ? subtitle : "");

  gtk_widget_set_visible (self->feed_create_button, state == FEED_NONE);
  gtk_widget_set_visible (self->feed_new_button, state == FEED_ACTIVE);
  gtk_widget_set_visible (self->feed_revoke_button, state == FEED_ACTIVE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feed.create", idle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feed.revoke", state == FEED_ACTIVE);

  /* The URL cannot be shown again once it is replaced or revoked. */
  if (state != FEED_ACTIVE && state != FEED_BUSY)
    g_clear_pointer (&self->feed_url, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->feed_url_row), self->feed_url != NULL);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->feed_url_row),
                                 self->feed_url != NULL ? self->feed_url : "");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "feed.copy", self->feed_url != NULL);
}

static gboolean
is_unreachable (const GError *error)
{
  return g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_NETWORK) ||
         g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_TIMEOUT) ||
         g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_UNAVAILABLE) ||
         g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_TLS);
}

/* A failed create or revoke: the group goes back to what the server said before, and a toast says why. */
static void
feed_failed (CcalPreferencesWindow *self,
             const GError          *error,
             FeedState              previous)
{
  g_autofree char *message = NULL;

  if (is_unreachable (error))
    message = g_strdup (_("The feed can be managed when the server can be reached."));
  else
    /* Translators: %s is the server's reason */
    message = g_strdup_printf (_("The feed could not be changed: %s"), error->message);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (message));
  set_feed_state (self, is_unreachable (error) ? FEED_UNREACHABLE : previous, 0);
  if (!is_unreachable (error))
    update_feed (self);
}

static void
on_get_feed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr (CcalFeed) feed = NULL;
  g_autoptr (GError) error = NULL;
  CcalPreferencesWindow *self;

  feed = ccal_api_client_get_feed_finish (CCAL_API_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CCAL_PREFERENCES_WINDOW (user_data);

  if (feed != NULL)
    set_feed_state (self, FEED_ACTIVE, feed->created_at);
  else if (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_NOT_FOUND))
    set_feed_state (self, FEED_NONE, 0);
  else if (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_FORBIDDEN))
    set_feed_state (self, FEED_HIDDEN, 0);
  else
    set_feed_state (self, FEED_UNREACHABLE, 0);
}

static void
query_feed (CcalPreferencesWindow *self)
{
  g_cancellable_cancel (self->feed_cancellable);
  g_clear_object (&self->feed_cancellable);
  self->feed_cancellable = g_cancellable_new ();
  set_feed_state (self, FEED_LOADING, 0);
  ccal_api_client_get_feed_async (ccal_account_get_api_client (self->feed_account), self->feed_cancellable,
                                  on_get_feed_cb, self);
}

static void
on_account_status_cb (CcalPreferencesWindow *self)
{
  /* Back online: ask again. */
  if (self->feed_state == FEED_UNREACHABLE && self->feed_account != NULL &&
      ccal_account_get_status (self->feed_account) != CCAL_SYNC_STATUS_OFFLINE)
    query_feed (self);
}

/* The group follows the window's account: admins of a server see it, staff and the local calendar do not. */
static void
update_feed (CcalPreferencesWindow *self)
{
  g_autoptr (CcalWindow) window = g_weak_ref_get (&self->window);
  CcalAccount *account = window != NULL ? ccal_window_get_account (window) : NULL;
  const CcalMe *me = account != NULL ? ccal_account_get_me (account) : NULL;
  gboolean eligible = account != NULL && ccal_account_get_local_mode (account) == NULL && me != NULL &&
                      me->role == CCAL_ROLE_ADMIN;

  if (account != self->feed_account)
    {
      g_cancellable_cancel (self->feed_cancellable);
      if (self->feed_account != NULL)
        g_signal_handlers_disconnect_by_data (self->feed_account, self);
      g_set_object (&self->feed_account, account);
      g_clear_pointer (&self->feed_url, g_free);
      set_feed_state (self, FEED_HIDDEN, 0);
      if (account != NULL)
        {
          g_signal_connect_object (account, "notify::status", G_CALLBACK (on_account_status_cb), self,
                                   G_CONNECT_SWAPPED);
          /* The role is known (or changes) when GET /me answers. */
          g_signal_connect_object (account, "notify::me", G_CALLBACK (update_feed), self, G_CONNECT_SWAPPED);
        }
    }

  if (!eligible)
    {
      g_cancellable_cancel (self->feed_cancellable);
      set_feed_state (self, FEED_HIDDEN, 0);
    }
  else if (self->feed_state == FEED_HIDDEN)
    {
      query_feed (self);
    }
}

static void
on_create_feed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (CcalFeed) feed = NULL;
  g_autoptr (GError) error = NULL;
  CcalPreferencesWindow *self;

  feed = ccal_api_client_create_feed_finish (CCAL_API_CLIENT (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CCAL_PREFERENCES_WINDOW (user_data);

  if (feed == NULL)
    {
      feed_failed (self, error, FEED_NONE);
      return;
    }
  g_free (self->feed_url);
  self->feed_url = g_strdup (feed->url);
  set_feed_state (self, FEED_ACTIVE, feed->created_at);
  gtk_widget_grab_focus (GTK_WIDGET (self->feed_url_row));
}

static void
create_feed (CcalPreferencesWindow *self)
{
  g_cancellable_cancel (self->feed_cancellable);
  g_clear_object (&self->feed_cancellable);
  self->feed_cancellable = g_cancellable_new ();
  set_feed_state (self, FEED_BUSY, 0);
  ccal_api_client_create_feed_async (ccal_account_get_api_client (self->feed_account), self->feed_cancellable,
                                     on_create_feed_cb, self);
}

static void
on_revoke_feed_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  CcalPreferencesWindow *self;

  if (!ccal_api_client_revoke_feed_finish (CCAL_API_CLIENT (source), result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = CCAL_PREFERENCES_WINDOW (user_data);

  if (error != NULL)
    {
      feed_failed (self, error, FEED_ACTIVE);
      return;
    }
  set_feed_state (self, FEED_NONE, 0);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("The feed URL was revoked. Calendars subscribed to it no longer "
                                                     "get updates.")));
}

static void
on_feed_confirm_response_cb (AdwMessageDialog      *dialog,
                             const char            *response,
                             CcalPreferencesWindow *self)
{
  if (self->feed_account == NULL || self->feed_state != FEED_ACTIVE)
    return;

  if (g_str_equal (response, "replace"))
    {
      create_feed (self);
    }
  else if (g_str_equal (response, "revoke"))
    {
      g_cancellable_cancel (self->feed_cancellable);
      g_clear_object (&self->feed_cancellable);
      self->feed_cancellable = g_cancellable_new ();
      set_feed_state (self, FEED_BUSY, 0);
      ccal_api_client_revoke_feed_async (ccal_account_get_api_client (self->feed_account), self->feed_cancellable,
                                         on_revoke_feed_cb, self);
    }
}

/* Replacing and revoking both stop the current URL for everyone subscribed: ask first. */
static void
confirm_feed_change (CcalPreferencesWindow *self,
                     gboolean               revoke)
{
  GtkWidget *dialog;

  if (revoke)
    {
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Revoke the Feed URL?"),
                                       _("Calendar apps subscribed to it stop getting updates at once. You can create "
                                         "a new URL afterwards."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "revoke", _("_Revoke"),
                                        NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "revoke",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  else
    {
      dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Create a New Feed URL?"),
                                       _("The current URL stops working: calendar apps subscribed to it need the new "
                                         "one."));
      adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "replace",
                                        _("Create _New URL"), NULL);
      adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "replace",
                                                  ADW_RESPONSE_DESTRUCTIVE);
    }
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_feed_confirm_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
feed_create_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CcalPreferencesWindow *self = CCAL_PREFERENCES_WINDOW (widget);

  if (self->feed_account == NULL)
    return;
  if (self->feed_state == FEED_ACTIVE)
    confirm_feed_change (self, FALSE);
  else if (self->feed_state == FEED_NONE)
    create_feed (self);
}

static void
feed_revoke_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CcalPreferencesWindow *self = CCAL_PREFERENCES_WINDOW (widget);

  if (self->feed_account != NULL && self->feed_state == FEED_ACTIVE)
    confirm_feed_change (self, TRUE);
}

static void
feed_copy_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CcalPreferencesWindow *self = CCAL_PREFERENCES_WINDOW (widget);

  if (self->feed_url == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->feed_url);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), adw_toast_new (_("Feed URL copied")));
}

const char *
ccal_preferences_window_get_feed_url (CcalPreferencesWindow *self)
{
  g_return_val_if_fail (CCAL_IS_PREFERENCES_WINDOW (self), NULL);

  return self->feed_url;
}

const char *
ccal_preferences_window_get_feed_state (CcalPreferencesWindow *self)
{
  static const char * const names[] = { "hidden", "loading", "none", "active", "unreachable", "busy" };

  g_return_val_if_fail (CCAL_IS_PREFERENCES_WINDOW (self), NULL);

  return names[self->feed_state];
}

/* ── the account ──────────────────────────────────────────────────────────────────────────────── */

static void
update_account (CcalPreferencesWindow *self)
{
  g_autoptr (CcalWindow) window = g_weak_ref_get (&self->window);
  CcalAccount *account = window != NULL ? ccal_window_get_account (window) : NULL;
  const CcalMe *me = account != NULL ? ccal_account_get_me (account) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->account_group), account != NULL);
  update_feed (self);
  if (account == NULL)
    return;

  if (ccal_account_get_local_mode (account) != NULL)
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->server_row), _("Calendar"));
      adw_action_row_set_subtitle (self->server_row, _("On this computer"));
      gtk_button_set_label (GTK_BUTTON (self->sign_out_button), _("_Close"));
    }
  else
    adw_action_row_set_subtitle (self->server_row, ccal_account_get_base_url (account));
  gtk_widget_set_visible (GTK_WIDGET (self->user_row), me != NULL);
  if (me != NULL)
    {
      g_autofree char *text = NULL;

      /* Translators: "Ana Lima (admin@example.com), admin"; the last part is the role */
      text = g_strdup_printf (_("%s (%s), %s"), me->name != NULL ? me->name : "",
                              me->email != NULL ? me->email : "", ccal_role_to_string (me->role));
      adw_action_row_set_subtitle (self->user_row, text);
    }
}

static void
on_sign_out_button_clicked_cb (CcalPreferencesWindow *self)
{
  g_autoptr (CcalWindow) window = g_weak_ref_get (&self->window);

  gtk_window_close (GTK_WINDOW (self));
  if (window != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL);
}

static void
fill_timezones (CcalPreferencesWindow *self)
{
  g_autoptr (GTimeZone) local = g_time_zone_new_local ();
  g_autoptr (GtkStringList) model = gtk_string_list_new (NULL);
  g_autofree char *system = NULL;

  /* Translators: the first choice of time zone; %s is the system's zone, e.g. "Europe/Berlin" */
  system = g_strdup_printf (_("System (%s)"), g_time_zone_get_identifier (local));
  gtk_string_list_append (model, system);
  self->zones = ccal_time_zone_list ();
  for (guint i = 0; self->zones[i] != NULL; i++)
    gtk_string_list_append (model, self->zones[i]);
  adw_combo_row_set_model (self->timezone_row, G_LIST_MODEL (model));
}

static void
ccal_preferences_window_dispose (GObject *object)
{
  CcalPreferencesWindow *self = CCAL_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->feed_cancellable);
  if (self->feed_account != NULL)
    g_signal_handlers_disconnect_by_data (self->feed_account, self);
  g_clear_object (&self->feed_account);
  gtk_widget_dispose_template (GTK_WIDGET (self), CCAL_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (ccal_preferences_window_parent_class)->dispose (object);
}

static void
ccal_preferences_window_finalize (GObject *object)
{
  CcalPreferencesWindow *self = CCAL_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->zones, g_strfreev);
  g_weak_ref_clear (&self->window);
  g_clear_object (&self->feed_cancellable);
  g_clear_pointer (&self->feed_url, g_free);

  G_OBJECT_CLASS (ccal_preferences_window_parent_class)->finalize (object);
}

static void
ccal_preferences_window_class_init (CcalPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ccal_preferences_window_dispose;
  object_class->finalize = ccal_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/customerconnects/Calendar/ccal-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, account_group);
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, sign_out_button);
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, timezone_row);
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, first_weekday_row);
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, clock_row);
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, default_view_row);
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, sync_interval_row);
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, feed_group);
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, feed_status_row);
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, feed_create_button);
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, feed_new_button);
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, feed_revoke_button);
  gtk_widget_class_bind_template_child (widget_class, CcalPreferencesWindow, feed_url_row);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_out_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "feed.create", NULL, feed_create_action);
  gtk_widget_class_install_action (widget_class, "feed.revoke", NULL, feed_revoke_action);
  gtk_widget_class_install_action (widget_class, "feed.copy", NULL, feed_copy_action);
}

static void
ccal_preferences_window_init (CcalPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_weak_ref_init (&self->window, NULL);
  fill_timezones (self);
  set_feed_state (self, FEED_HIDDEN, 0);
}

GtkWidget *
ccal_preferences_window_new (GSettings  *settings,
                             CcalWindow *window)
{
  CcalPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (window == NULL || CCAL_IS_WINDOW (window), NULL);

  self = g_object_new (CCAL_TYPE_PREFERENCES_WINDOW,
                       "transient-for", window,
                       NULL);
  self->settings = g_object_ref (settings);
  g_weak_ref_set (&self->window, window);

  g_settings_bind_with_mapping (settings, "display-timezone", self->timezone_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, get_timezone_mapping, set_timezone_mapping, self, NULL);
  g_settings_bind_with_mapping (settings, "first-weekday", self->first_weekday_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, get_choice_mapping, set_choice_mapping,
                                (gpointer) first_weekday_choices, NULL);
  g_settings_bind_with_mapping (settings, "use-24h", self->clock_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, get_clock_mapping, set_clock_mapping, NULL, NULL);
  g_settings_bind_with_mapping (settings, "default-view", self->default_view_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, get_choice_mapping, set_choice_mapping,
                                (gpointer) default_view_choices, NULL);
  g_settings_bind_with_mapping (settings, "sync-interval", self->sync_interval_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, get_sync_interval_mapping, set_sync_interval_mapping,
                                NULL, NULL);

  if (window != NULL)
    g_signal_connect_object (window, "notify::account", G_CALLBACK (update_account), self, G_CONNECT_SWAPPED);
  update_account (self);

  return GTK_WIDGET (self);
}
