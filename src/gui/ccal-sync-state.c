/* ccal-sync-state.c — the header bar's word on the sync: "Updated 2 minutes ago", "Syncing…", "Offline"
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "ccal-sync-state.h"

struct _CcalSyncState
{
  GtkWidget    parent_instance;

  /* children */
  GtkWidget   *spinner;
  GtkWidget   *icon;
  GtkWidget   *label;

  /* owned */
  CcalAccount *account;
  GSettings   *settings;
  gulong       notify_handler;
  guint        tick_id;
};

G_DEFINE_FINAL_TYPE (CcalSyncState, ccal_sync_state, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
ccal_sync_state_format_updated (gint64   last_synced,
                                gint64   now,
                                gboolean use_24h)
{
  g_autoptr (GDateTime) then = NULL;
  g_autoptr (GDateTime) today = NULL;
  g_autofree char *when = NULL;
  gint64 minutes = (now - last_synced) / G_USEC_PER_SEC / 60;

  if (last_synced <= 0)
    return g_strdup (_("Not synced yet"));
  if (minutes < 1)
    return g_strdup (_("Updated just now"));
  if (minutes < 60)
    return g_strdup_printf (ngettext ("Updated %d minute ago", "Updated %d minutes ago", (gulong) minutes),
                            (int) minutes);

  then = g_date_time_new_from_unix_local (last_synced / G_USEC_PER_SEC);
  today = g_date_time_new_from_unix_local (now / G_USEC_PER_SEC);
  if (g_date_time_get_year (then) == g_date_time_get_year (today) &&
      g_date_time_get_day_of_year (then) == g_date_time_get_day_of_year (today))
    {
      /* Translators: a time of day in the 24-hour and 12-hour clock, see g_date_time_format() */
      when = g_date_time_format (then, use_24h ? _("%H:%M") : _("%l:%M %p"));
      g_strstrip (when);
      /* Translators: %s is a time of day such as 14:05 */
      return g_strdup_printf (_("Updated at %s"), when);
    }

  /* Translators: a day and month such as "3 November", see g_date_time_format() */
  when = g_date_time_format (then, _("%e %B"));
  g_strstrip (when);
  /* Translators: %s is a date such as "3 November" */
  return g_strdup_printf (_("Updated on %s"), when);
}

static void
update (CcalSyncState *self)
{
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  const char *icon_name = NULL;
  gboolean spinning = FALSE;

  if (self->account == NULL)
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  switch (ccal_account_get_status (self->account))
    {
    case CCAL_SYNC_STATUS_SYNCING:
      {
        guint count = ccal_account_get_progress_count (self->account);

        spinning = TRUE;
        /* The server does not say how many there are: a count, not a percentage. */
        if (count > 0)
          text = g_strdup_printf (ngettext ("Syncing… %u item", "Syncing… %u items", count), count);
        else
          text = g_strdup (_("Syncing…"));
      }
      break;

    case CCAL_SYNC_STATUS_OFFLINE:
      icon_name = "network-offline-symbolic";
      text = g_strdup (_("Offline"));
      tooltip = g_strdup (ccal_account_get_status_message (self->account));
      break;

    case CCAL_SYNC_STATUS_FAILED:
      icon_name = "dialog-warning-symbolic";
      text = g_strdup (_("Sync failed"));
      tooltip = g_strdup (ccal_account_get_status_message (self->account));
      break;

    case CCAL_SYNC_STATUS_IDLE:
    default:
      text = ccal_sync_state_format_updated (ccal_account_get_last_synced (self->account),
                                             g_get_real_time (),
                                             g_settings_get_boolean (self->settings, "use-24h"));
      break;
    }

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_widget_set_visible (self->spinner, spinning);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), spinning);
  gtk_widget_set_visible (self->icon, icon_name != NULL);
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (self->icon), icon_name);
  gtk_label_set_label (GTK_LABEL (self->label), text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                  -1);
}

static void
on_account_notify_cb (CcalSyncState *self)
{
  update (self);
}

/* "2 minutes ago" goes stale: refresh the wording every half minute while visible. */
static gboolean
on_tick_cb (gpointer user_data)
{
  update (CCAL_SYNC_STATE (user_data));
  return G_SOURCE_CONTINUE;
}

static void
ccal_sync_state_map (GtkWidget *widget)
{
  CcalSyncState *self = CCAL_SYNC_STATE (widget);

  GTK_WIDGET_CLASS (ccal_sync_state_parent_class)->map (widget);
  update (self);
  if (self->tick_id == 0)
    self->tick_id = g_timeout_add_seconds (30, on_tick_cb, self);
}

static void
ccal_sync_state_unmap (GtkWidget *widget)
{
  CcalSyncState *self = CCAL_SYNC_STATE (widget);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  GTK_WIDGET_CLASS (ccal_sync_state_parent_class)->unmap (widget);
}

static void
ccal_sync_state_dispose (GObject *object)
{
  CcalSyncState *self = CCAL_SYNC_STATE (object);

  ccal_sync_state_set_account (self, NULL);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_pointer (&self->spinner, gtk_widget_unparent);
  g_clear_pointer (&self->icon, gtk_widget_unparent);
  g_clear_pointer (&self->label, gtk_widget_unparent);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ccal_sync_state_parent_class)->dispose (object);
}

static void
ccal_sync_state_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CcalSyncState *self = CCAL_SYNC_STATE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_sync_state_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CcalSyncState *self = CCAL_SYNC_STATE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      ccal_sync_state_set_account (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_sync_state_class_init (CcalSyncStateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ccal_sync_state_dispose;
  object_class->get_property = ccal_sync_state_get_property;
  object_class->set_property = ccal_sync_state_set_property;
  widget_class->map = ccal_sync_state_map;
  widget_class->unmap = ccal_sync_state_unmap;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, CCAL_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "syncstate");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_STATUS);
}

static void
ccal_sync_state_init (CcalSyncState *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 6);
  self->settings = g_settings_new (APP_ID);

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_parent (self->spinner, GTK_WIDGET (self));
  self->icon = gtk_image_new ();
  gtk_widget_set_parent (self->icon, GTK_WIDGET (self));
  self->label = gtk_label_new (NULL);
  gtk_label_set_single_line_mode (GTK_LABEL (self->label), TRUE);
  gtk_widget_add_css_class (self->label, "dim-label");
  gtk_widget_set_parent (self->label, GTK_WIDGET (self));

  g_signal_connect_object (self->settings, "changed::use-24h", G_CALLBACK (on_account_notify_cb), self,
                           G_CONNECT_SWAPPED);
  update (self);
}

GtkWidget *
ccal_sync_state_new (void)
{
  return g_object_new (CCAL_TYPE_SYNC_STATE, NULL);
}

CcalAccount *
ccal_sync_state_get_account (CcalSyncState *self)
{
  g_return_val_if_fail (CCAL_IS_SYNC_STATE (self), NULL);

  return self->account;
}

void
ccal_sync_state_set_account (CcalSyncState *self,
                             CcalAccount   *account)
{
  g_return_if_fail (CCAL_IS_SYNC_STATE (self));
  g_return_if_fail (account == NULL || CCAL_IS_ACCOUNT (account));

  if (self->account == account)
    return;

  if (self->account != NULL)
    g_clear_signal_handler (&self->notify_handler, self->account);
  g_set_object (&self->account, account);
  if (account != NULL)
    self->notify_handler = g_signal_connect_object (account, "notify", G_CALLBACK (on_account_notify_cb), self,
                                                    G_CONNECT_SWAPPED);
  if (self->label != NULL)
    update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

const char *
ccal_sync_state_get_text (CcalSyncState *self)
{
  g_return_val_if_fail (CCAL_IS_SYNC_STATE (self), NULL);

  return gtk_label_get_label (GTK_LABEL (self->label));
}
