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

  /* owned */
  GSettings            *settings;
  GStrv                 zones;        /* the timezone row's items after the first ("system") */
  GWeakRef              window;
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

static void
update_account (CcalPreferencesWindow *self)
{
  g_autoptr (CcalWindow) window = g_weak_ref_get (&self->window);
  CcalAccount *account = window != NULL ? ccal_window_get_account (window) : NULL;
  const CcalMe *me = account != NULL ? ccal_account_get_me (account) : NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->account_group), account != NULL);
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
  gtk_widget_class_bind_template_callback (widget_class, on_sign_out_button_clicked_cb);
}

static void
ccal_preferences_window_init (CcalPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_weak_ref_init (&self->window, NULL);
  fill_timezones (self);
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
