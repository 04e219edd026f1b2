/* ccal-application.c — the application: single instance, command line, app-wide actions
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "ccal-application.h"
#include "ccal-preferences-window.h"
#include "ccal-resources.h"
#include "ccal-time.h"

struct _CcalApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (CcalApplication, ccal_application, ADW_TYPE_APPLICATION)

#define WEBSITE "https://github.com/customerconnects/calendar"

/* Every application-level accelerator; the single-key ones live on the window (see ccal-window.c).
 * The Keyboard Shortcuts window lists both, and test-window checks that it does. */
static const struct
{
  const char *action;
  const char *accels[3];
} accelerators[] = {
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.shortcuts", { "<Control>question", NULL } },
  { "app.quit", { "<Control>q", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.new-event", { "<Control>n", NULL } },
  { "win.new-booking", { "<Control>b", NULL } },
  { "win.import", { "<Control>i", NULL } },
  { "win.export", { "<Control>e", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.sync", { "<Control>r", NULL } },
};

static const GOptionEntry option_entries[] = {
  { "server", 's', 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect to the workspace server at URL, with the key stored for it"), N_("URL") },
  { "local", 'l', 0, G_OPTION_ARG_NONE, NULL,
    N_("Use a calendar on this computer"), NULL },
  { "date", 'd', 0, G_OPTION_ARG_STRING, NULL,
    N_("Show the calendar on DATE"), N_("YYYY-MM-DD") },
  { "view", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Open the view VIEW: week, month or dashboard"), N_("VIEW") },
  { "new-booking", 'b', 0, G_OPTION_ARG_NONE, NULL,
    N_("Open the booking form for a caller"), NULL },
  { NULL }
};

CcalWindow *
ccal_application_get_main_window (CcalApplication *self)
{
  g_return_val_if_fail (CCAL_IS_APPLICATION (self), NULL);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (CCAL_IS_WINDOW (l->data))
        return l->data;
    }
  return NULL;
}

static CcalWindow *
ensure_main_window (CcalApplication *self,
                    gboolean        *out_created)
{
  CcalWindow *window = ccal_application_get_main_window (self);

  *out_created = window == NULL;
  if (window == NULL)
    window = ccal_window_new (self);
  return window;
}

/* A new window opens the workspace of the last run, or the welcome page. */
static void
open_default_account (CcalApplication *self,
                      CcalWindow      *window)
{
  g_autofree char *server_url = g_settings_get_string (self->settings, "server-url");

  if (g_settings_get_boolean (self->settings, "local-mode"))
    ccal_window_open_local (window);
  else if (server_url[0] != '\0')
    ccal_window_open_server (window, server_url);
  else
    ccal_window_show_welcome (window, NULL, NULL);
}

static void
ccal_application_activate (GApplication *application)
{
  CcalApplication *self = CCAL_APPLICATION (application);
  gboolean created;
  CcalWindow *window = ensure_main_window (self, &created);

  if (created)
    open_default_account (self, window);
  gtk_window_present (GTK_WINDOW (window));
}

static int
ccal_application_command_line (GApplication            *application,
                               GApplicationCommandLine *command_line)
{
  CcalApplication *self = CCAL_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autoptr (GError) error = NULL;
  const char *server_url = NULL;
  const char *date_text = NULL;
  const char *view_text = NULL;
  gboolean local = FALSE;
  gboolean new_booking = FALSE;
  CcalView view = CCAL_VIEW_WEEK;
  CcalWindow *window;
  gboolean created;
  GDate date;

  g_variant_dict_lookup (options, "server", "&s", &server_url);
  g_variant_dict_lookup (options, "date", "&s", &date_text);
  g_variant_dict_lookup (options, "view", "&s", &view_text);
  g_variant_dict_lookup (options, "local", "b", &local);
  g_variant_dict_lookup (options, "new-booking", "b", &new_booking);

  g_date_clear (&date, 1);
  if (date_text != NULL && !ccal_date_parse (date_text, "--date", &date, &error))
    {
      /* Translators: %s is the date as typed */
      g_application_command_line_printerr (command_line, _("--date: “%s” is not a date such as 2026-12-01\n"),
                                           date_text);
      return EXIT_FAILURE;
    }
  if (view_text != NULL && !ccal_view_from_string (view_text, &view))
    {
      g_application_command_line_printerr (command_line, _("--view: “%s” is not week, month or dashboard\n"),
                                           view_text);
      return EXIT_FAILURE;
    }
  if (local && server_url != NULL)
    {
      g_application_command_line_printerr (command_line, _("--local and --server cannot be used together\n"));
      return EXIT_FAILURE;
    }
  window = ensure_main_window (self, &created);
  if (g_date_valid (&date))
    ccal_window_set_date (window, &date);
  if (view_text != NULL)
    ccal_window_set_view (window, view);
  if (local)
    ccal_window_open_local (window);
  else if (server_url != NULL)
    ccal_window_open_server (window, server_url);
  else if (created)
    open_default_account (self, window);

  gtk_window_present (GTK_WINDOW (window));
  if (new_booking)
    ccal_window_request_new_booking (window);
  return EXIT_SUCCESS;
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  CcalApplication *self = CCAL_APPLICATION (user_data);
  CcalWindow *window = ccal_application_get_main_window (self);
  GtkWidget *preferences = ccal_preferences_window_new (self->settings, window);

  gtk_window_present (GTK_WINDOW (preferences));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  CcalApplication *self = CCAL_APPLICATION (user_data);
  g_autoptr (GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder = gtk_builder_new_from_resource ("/org/customerconnects/Calendar/ccal-shortcuts-window.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (shortcuts, gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_set_application (shortcuts, GTK_APPLICATION (self));
  gtk_window_present (shortcuts);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  CcalApplication *self = CCAL_APPLICATION (user_data);
  static const char *developers[] = { "The CustomerConnects Calendar authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application", self,
                        "application-name", _("CustomerConnects Calendar"),
                        "application-icon", APP_ID,
                        "developer-name", _("The CustomerConnects Calendar authors"),
                        "developers", developers,
                        "version", PACKAGE_VERSION,
                        "website", WEBSITE,
                        "issue-url", WEBSITE "/issues",
                        "copyright", "© 2026 The CustomerConnects Calendar authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        /* Translators: your name and e-mail, one translator a line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  CcalApplication *self = CCAL_APPLICATION (user_data);
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing (rather than destroying) lets each window save its size. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "about", about_action },
  { "quit", quit_action },
};

static void
ccal_application_startup (GApplication *application)
{
  CcalApplication *self = CCAL_APPLICATION (application);

  G_APPLICATION_CLASS (ccal_application_parent_class)->startup (application);

  self->settings = g_settings_new (APP_ID);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accelerators); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accelerators[i].action,
                                           accelerators[i].accels);
}

static void
ccal_application_finalize (GObject *object)
{
  CcalApplication *self = CCAL_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (ccal_application_parent_class)->finalize (object);
}

static void
ccal_application_class_init (CcalApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = ccal_application_finalize;
  application_class->startup = ccal_application_startup;
  application_class->activate = ccal_application_activate;
  application_class->command_line = ccal_application_command_line;

  /* Before any template is loaded and before AdwApplication looks for style.css. */
  ccal_register_resource ();
}

static void
ccal_application_init (CcalApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("The desk calendar of a team that takes appointments."));
}

CcalApplication *
ccal_application_new (void)
{
  return g_object_new (CCAL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/org/customerconnects/Calendar",
                       NULL);
}

GSettings *
ccal_application_get_settings (CcalApplication *self)
{
  g_return_val_if_fail (CCAL_IS_APPLICATION (self), NULL);

  return self->settings;
}
