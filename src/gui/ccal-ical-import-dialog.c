/* ccal-ical-import-dialog.c — "Import Events": the events of an .ics file into the calendar, previewed first
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ccal-ical-exchange.h"
#include "ccal-ical-import-dialog.h"
#include "ccal-time.h"
#include "ccal-window.h"

struct _CcalIcalImportDialog
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwWindowTitle  *window_title;
  GtkWidget       *cancel_button;
  GtkWidget       *import_button;
  GtkStack        *stack;
  AdwStatusPage   *error_page;
  AdwComboRow     *type_row;
  GtkLabel        *summary_label;
  GtkListBox      *events_list;
  AdwStatusPage   *done_page;
  GtkWidget       *close_button;

  /* owned */
  CcalAccount     *account;
  GSettings       *settings;
  char            *timezone;
  char            *file_name;
  GPtrArray       *items;           /* CcalIcalImportItem of the file shown */
  char            *message;
  GtkNativeDialog *chooser;
};

#define N_EVENT_TYPES (CCAL_EVENT_TYPE_EVENT + 1)   /* the "Import As" row's items, in CcalEventType order */

G_DEFINE_FINAL_TYPE (CcalIcalImportDialog, ccal_ical_import_dialog, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ── pages ────────────────────────────────────────────────────────────────────────────────────── */

static void
set_message (CcalIcalImportDialog *self,
             const char           *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
}

static void
show_page (CcalIcalImportDialog *self,
           const char           *name)
{
  gboolean preview = g_str_equal (name, "preview");
  gboolean done = g_str_equal (name, "done");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (self->import_button, preview);
  gtk_widget_set_visible (self->cancel_button, !done);
  adw_window_title_set_subtitle (self->window_title, self->file_name != NULL && !done ? self->file_name : "");
}

static gboolean
is_read_only (CcalIcalImportDialog *self)
{
  const CcalMe *me = ccal_account_get_me (self->account);

  return me != NULL && me->role == CCAL_ROLE_STAFF;
}

/* ── the preview ──────────────────────────────────────────────────────────────────────────────── */

static GDateTime *
local_date_time (gint64      usec,
                 const char *tzid)
{
  g_autoptr (GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr (GTimeZone) zone = g_time_zone_new_identifier (tzid);

  if (utc == NULL)
    return NULL;
  return zone != NULL ? g_date_time_to_timezone (utc, zone) : g_date_time_ref (utc);
}

static char *
format_time (CcalIcalImportDialog *self,
             GDateTime            *dt)
{
  if (g_settings_get_boolean (self->settings, "use-24h"))
    return g_date_time_format (dt, "%H:%M");
  /* Translators: a time with AM/PM, "9:30 AM"; see g_date_time_format() */
  return g_date_time_format (dt, _("%-l:%M %p"));
}

/* Translators: a date, "Tue 3 Mar 2026"; see g_date_time_format() */
#define DATE_FORMAT N_("%a %-d %b %Y")

/* When the event is, as the calendar will show it: in the display zone, with the event's own wall
 * clock as well when its zone is another one (a file from New York, shown in Berlin). */
static char *
format_when (CcalIcalImportDialog *self,
             CcalEvent            *event)
{
  const char *event_zone = event->timezone != NULL ? event->timezone : "UTC";
  g_autoptr (GDateTime) start = NULL;
  g_autoptr (GDateTime) end = NULL;
  g_autofree char *start_date = NULL;
  g_autofree char *start_time = NULL;
  g_autofree char *end_time = NULL;
  g_autofree char *text = NULL;

  if (event->is_all_day)
    {
      gint64 last = event->end_time > event->start_time ? event->end_time - 1 : event->start_time;
      g_autoptr (GDateTime) first_day = local_date_time (event->start_time, event_zone);
      g_autoptr (GDateTime) last_day = local_date_time (last, event_zone);
      g_autofree char *first_text = NULL;
      g_autofree char *last_text = NULL;

      if (first_day == NULL || last_day == NULL)
        return g_strdup ("");
      first_text = g_date_time_format (first_day, _(DATE_FORMAT));
      last_text = g_date_time_format (last_day, _(DATE_FORMAT));
      if (g_str_equal (first_text, last_text))
        /* Translators: "Tue 3 Mar 2026, all day" */
        return g_strdup_printf (_("%s, all day"), first_text);
      /* Translators: "Tue 3 Mar 2026 – Thu 5 Mar 2026, all day" */
      return g_strdup_printf (_("%s – %s, all day"), first_text, last_text);
    }

  start = local_date_time (event->start_time, self->timezone);
  end = local_date_time (event->end_time, self->timezone);
  if (start == NULL || end == NULL)
    return g_strdup ("");
  start_date = g_date_time_format (start, _(DATE_FORMAT));
  start_time = format_time (self, start);
  end_time = format_time (self, end);

  if (g_date_time_get_year (start) == g_date_time_get_year (end) &&
      g_date_time_get_day_of_year (start) == g_date_time_get_day_of_year (end))
    {
      /* Translators: "Tue 3 Mar 2026, 15:00 – 16:00" */
      text = g_strdup_printf (_("%s, %s – %s"), start_date, start_time, end_time);
    }
  else
    {
      g_autofree char *end_date = g_date_time_format (end, _(DATE_FORMAT));

      /* Translators: "Tue 3 Mar 2026, 22:00 – Wed 4 Mar 2026, 02:00" */
      text = g_strdup_printf (_("%s, %s – %s, %s"), start_date, start_time, end_date, end_time);
    }

  if (!g_str_equal (event_zone, self->timezone) && !g_str_equal (event_zone, "UTC"))
    {
      g_autoptr (GDateTime) own = local_date_time (event->start_time, event_zone);
      g_autofree char *own_time = own != NULL ? format_time (self, own) : NULL;

      if (own_time != NULL)
        {
          g_autofree char *with_zone = NULL;

          /* Translators: the event's own wall clock, "Tue 3 Mar 2026, 15:00 – 16:00 (09:00 America/New_York)" */
          with_zone = g_strdup_printf (_("%s (%s %s)"), text, own_time, event_zone);
          g_free (text);
          text = g_steal_pointer (&with_zone);
        }
    }
  return g_steal_pointer (&text);
}

/* "Repeats weekly, 6 times": the parts of an RRULE a person needs to recognise the series. */
static char *
describe_rrule (const char *rrule)
{
  g_auto (GStrv) parts = g_strsplit (rrule, ";", -1);
  const char *freq = NULL;
  guint interval = 1, count = 0;
  const char *until = NULL;
  GString *text = g_string_new (NULL);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (g_str_has_prefix (parts[i], "FREQ="))
        freq = parts[i] + 5;
      else if (g_str_has_prefix (parts[i], "INTERVAL="))
        interval = MAX (1, (guint) g_ascii_strtoull (parts[i] + 9, NULL, 10));
      else if (g_str_has_prefix (parts[i], "COUNT="))
        count = (guint) g_ascii_strtoull (parts[i] + 6, NULL, 10);
      else if (g_str_has_prefix (parts[i], "UNTIL="))
        until = parts[i] + 6;
    }

  if (g_strcmp0 (freq, "DAILY") == 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Repeats daily", "Repeats every %u days", interval),
                            interval);
  else if (g_strcmp0 (freq, "WEEKLY") == 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Repeats weekly", "Repeats every %u weeks", interval),
                            interval);
  else if (g_strcmp0 (freq, "MONTHLY") == 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Repeats monthly", "Repeats every %u months",
                                               interval),
                            interval);
  else if (g_strcmp0 (freq, "YEARLY") == 0)
    g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "Repeats yearly", "Repeats every %u years", interval),
                            interval);
  else
    g_string_append (text, _("Repeats"));

  if (count > 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "once", "%u times", count), count);
    }
  else if (until != NULL && strlen (until) >= 8)
    {
      int year = 0, month = 0, day = 0;
      g_autoptr (GDateTime) date = NULL;

      /* "20260428" or "20260428T070000Z": the date is enough to recognise the series' end. */
      if (sscanf (until, "%4d%2d%2d", &year, &month, &day) == 3)
        date = g_date_time_new_utc (year, month, day, 12, 0, 0);

      if (date != NULL)
        {
          g_autofree char *date_text = g_date_time_format (date, _(DATE_FORMAT));

          g_string_append (text, ", ");
          /* Translators: the last day of a repeating event, "until Tue 28 Apr 2026" */
          g_string_append_printf (text, _("until %s"), date_text);
        }
    }
  return g_string_free (text, FALSE);
}

/* Why an event of the file will not be imported, for a person. */
static char *
describe_problem (CcalIcalImportItem *item)
{
  const char *field = item->field;

  switch (item->problem)
    {
    case CCAL_ICAL_IMPORT_OK:
      return NULL;
    case CCAL_ICAL_IMPORT_DUPLICATE:
      return g_strdup (_("Already in this calendar"));
    case CCAL_ICAL_IMPORT_REFUSED:
      /* Translators: %s is the reason the calendar gave */
      return g_strdup_printf (_("Not imported: %s"), item->detail != NULL ? item->detail : "");
    case CCAL_ICAL_IMPORT_INVALID:
    default:
      break;
    }

  if (g_strcmp0 (field, "title") == 0)
    return g_strdup (_("Its title is longer than the calendar allows"));
  if (g_strcmp0 (field, "end_time") == 0)
    return g_strdup (_("It has no length: it ends when it starts"));
  if (g_strcmp0 (field, "rrule") == 0)
    return g_strdup (_("Its repeat rule is not one the calendar supports"));
  if (g_strcmp0 (field, "timezone") == 0)
    return g_strdup (_("Its time zone is not known"));
  if (g_strcmp0 (field, "location") == 0)
    return g_strdup (_("Its location is longer than the calendar allows"));
  if (g_strcmp0 (field, "description") == 0)
    return g_strdup (_("Its description is longer than the calendar allows"));
  /* Translators: %s is the reason the event cannot be kept */
  return g_strdup_printf (_("The calendar cannot hold it: %s"), item->detail != NULL ? item->detail : "");
}

static GtkWidget *
create_event_row (CcalIcalImportDialog *self,
                  CcalIcalImportItem   *item)
{
  CcalEvent *event = item->event;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *when = format_when (self, event);
  g_autofree char *problem = describe_problem (item);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), event->title);
  if (event->rrule != NULL)
    {
      g_autofree char *repeats = describe_rrule (event->rrule);

      subtitle = g_strdup_printf ("%s\n%s", when, repeats);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
    }
  else
    {
      subtitle = g_steal_pointer (&when);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (problem != NULL)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      GtkWidget *label = gtk_label_new (problem);

      gtk_widget_add_css_class (icon, "warning");
      gtk_widget_add_css_class (label, "warning");
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_width_chars (GTK_LABEL (label), 18);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
      gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
      gtk_box_append (GTK_BOX (box), icon);
      gtk_box_append (GTK_BOX (box), label);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), box);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, problem, -1);
    }
  return row;
}

static guint
count_importable (CcalIcalImportDialog *self)
{
  guint n = 0;

  for (guint i = 0; self->items != NULL && i < self->items->len; i++)
    {
      CcalIcalImportItem *item = g_ptr_array_index (self->items, i);

      if (item->problem == CCAL_ICAL_IMPORT_OK)
        n++;
    }
  return n;
}

static void
fill_preview (CcalIcalImportDialog *self)
{
  g_autofree char *events_text = NULL;
  g_autofree char *text = NULL;
  GtkWidget *child;
  guint n = self->items->len;
  guint importable = count_importable (self);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->events_list))) != NULL)
    gtk_list_box_remove (self->events_list, child);
  for (guint i = 0; i < n; i++)
    gtk_list_box_append (self->events_list, create_event_row (self, g_ptr_array_index (self->items, i)));

  /* Translators: "12 events in “work.ics”." */
  events_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event in “%s”.", "%u events in “%s”.", n), n,
                                 self->file_name);
  if (importable == n)
    text = g_steal_pointer (&events_text);
  else if (importable == 0)
    text = g_strdup_printf ("%s %s", events_text, _("None of them can be imported; the reasons are below."));
  else
    {
      g_autofree char *skipped = NULL;

      skipped = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u will not be imported; the reason is below.",
                                              "%u will not be imported; the reasons are below.", n - importable),
                                 n - importable);
      text = g_strdup_printf ("%s %s", events_text, skipped);
    }
  gtk_label_set_label (self->summary_label, text);
  gtk_widget_set_sensitive (self->import_button, importable > 0);
}

static void
on_type_row_selected_cb (CcalIcalImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->type_row);

  if (self->items == NULL || selected >= N_EVENT_TYPES)
    return;
  ccal_ical_exchange_set_type (self->items, (CcalEventType) selected);
  fill_preview (self);
}

/* ── loading and importing ────────────────────────────────────────────────────────────────────── */

static CcalEventType
get_event_type (CcalIcalImportDialog *self)
{
  guint selected = adw_combo_row_get_selected (self->type_row);

  return selected < N_EVENT_TYPES ? (CcalEventType) selected : CCAL_EVENT_TYPE_EVENT;
}

static char *
display_name (GFile *file)
{
  g_autoptr (GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                                                  G_FILE_QUERY_INFO_NONE, NULL, NULL);

  return info != NULL ? g_strdup (g_file_info_get_display_name (info)) : g_file_get_basename (file);
}

gboolean
ccal_ical_import_dialog_load_file (CcalIcalImportDialog *self,
                                   GFile                *file)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = NULL;
  const CcalMe *me;

  g_return_val_if_fail (CCAL_IS_ICAL_IMPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (is_read_only (self))
    return FALSE;

  g_free (self->file_name);
  self->file_name = display_name (file);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  set_message (self, NULL);

  me = ccal_account_get_me (self->account);
  items = ccal_ical_exchange_read_file (file, get_event_type (self), ccal_account_get_cache (self->account),
                                        me != NULL ? me->admin_id : NULL, &error);
  if (items == NULL)
    {
      g_autofree char *message = NULL;

      if (g_error_matches (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_PARSE))
        /* Translators: %s is a file name */
        message = g_strdup_printf (_("“%s” is not an iCalendar file, or it holds no events this calendar can read. "
                                     "Nothing was imported."),
                                   self->file_name);
      else
        /* Translators: the first %s is a file name, the second why it could not be read */
        message = g_strdup_printf (_("“%s” could not be read: %s. Nothing was imported."), self->file_name,
                                   error->message);
      set_message (self, message);
      adw_status_page_set_description (self->error_page, message);
      show_page (self, "error");
      return FALSE;
    }

  self->items = g_steal_pointer (&items);
  fill_preview (self);
  show_page (self, "preview");
  return TRUE;
}

guint
ccal_ical_import_dialog_import (CcalIcalImportDialog *self)
{
  g_autofree char *title = NULL;
  GString *description;
  guint imported, refused = 0;
  gboolean offline;

  g_return_val_if_fail (CCAL_IS_ICAL_IMPORT_DIALOG (self), 0);

  if (self->items == NULL || is_read_only (self))
    return 0;

  imported = ccal_ical_exchange_import (ccal_account_get_sync (self->account), self->items);
  for (guint i = 0; i < self->items->len; i++)
    {
      CcalIcalImportItem *item = g_ptr_array_index (self->items, i);

      if (item->problem == CCAL_ICAL_IMPORT_REFUSED)
        refused++;
    }

  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Event Imported", "%u Events Imported", imported),
                           imported);
  description = g_string_new (NULL);
  offline = ccal_sync_get_state (ccal_account_get_sync (self->account)) == CCAL_SYNC_ENGINE_STATE_OFFLINE;
  if (imported > 0 && offline)
    g_string_append (description, _("They are in the calendar on this computer and will be sent to the server when "
                                    "it can be reached."));
  else if (imported > 0)
    g_string_append (description, _("They are in the calendar and are being sent to the server."));
  if (refused > 0)
    {
      if (description->len > 0)
        g_string_append_c (description, ' ');
      g_string_append_printf (description, g_dngettext (GETTEXT_PACKAGE, "%u event could not be saved.",
                                                        "%u events could not be saved.", refused),
                              refused);
    }
  adw_status_page_set_title (self->done_page, title);
  adw_status_page_set_description (self->done_page, description->str);
  set_message (self, description->str);
  g_string_free (description, TRUE);

  show_page (self, "done");
  gtk_widget_grab_focus (self->close_button);
  g_signal_emit (self, signals[IMPORTED], 0, imported);
  return imported;
}

static void
on_chooser_response_cb (GtkNativeDialog      *chooser,
                        int                   response,
                        CcalIcalImportDialog *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    ccal_ical_import_dialog_load_file (self, file);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CcalIcalImportDialog *self = CCAL_ICAL_IMPORT_DIALOG (widget);
  g_autoptr (GtkFileFilter) ics_filter = gtk_file_filter_new ();
  g_autoptr (GtkFileFilter) all_filter = gtk_file_filter_new ();

  if (self->chooser != NULL || is_read_only (self))
    return;

  gtk_file_filter_set_name (ics_filter, _("iCalendar Files"));
  gtk_file_filter_add_mime_type (ics_filter, "text/calendar");
  gtk_file_filter_add_suffix (ics_filter, "ics");
  gtk_file_filter_add_suffix (ics_filter, "ical");
  gtk_file_filter_add_suffix (ics_filter, "ifb");
  gtk_file_filter_set_name (all_filter, _("All Files"));
  gtk_file_filter_add_pattern (all_filter, "*");

  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Import Events"), GTK_WINDOW (self),
                                                                   GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                                                   _("_Cancel")));
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), ics_filter);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all_filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (self->chooser);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ccal_ical_import_dialog_import (CCAL_ICAL_IMPORT_DIALOG (widget));
}

/* ── public ───────────────────────────────────────────────────────────────────────────────────── */

void
ccal_ical_import_dialog_set_timezone (CcalIcalImportDialog *self,
                                      const char           *tzid)
{
  g_return_if_fail (CCAL_IS_ICAL_IMPORT_DIALOG (self));

  if (tzid == NULL || !ccal_time_zone_is_known (tzid))
    tzid = "UTC";
  g_free (self->timezone);
  self->timezone = g_strdup (tzid);
  if (self->items != NULL)
    fill_preview (self);
}

void
ccal_ical_import_dialog_set_event_type (CcalIcalImportDialog *self,
                                        CcalEventType         type)
{
  g_return_if_fail (CCAL_IS_ICAL_IMPORT_DIALOG (self));
  g_return_if_fail (type < N_EVENT_TYPES);

  adw_combo_row_set_selected (self->type_row, type);
}

const char *
ccal_ical_import_dialog_get_page (CcalIcalImportDialog *self)
{
  g_return_val_if_fail (CCAL_IS_ICAL_IMPORT_DIALOG (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
ccal_ical_import_dialog_get_message (CcalIcalImportDialog *self)
{
  g_return_val_if_fail (CCAL_IS_ICAL_IMPORT_DIALOG (self), NULL);

  return self->message;
}

guint
ccal_ical_import_dialog_get_n_events (CcalIcalImportDialog *self)
{
  g_return_val_if_fail (CCAL_IS_ICAL_IMPORT_DIALOG (self), 0);

  return self->items != NULL ? self->items->len : 0;
}

guint
ccal_ical_import_dialog_get_n_importable (CcalIcalImportDialog *self)
{
  g_return_val_if_fail (CCAL_IS_ICAL_IMPORT_DIALOG (self), 0);

  return count_importable (self);
}

/* ── the class ────────────────────────────────────────────────────────────────────────────────── */

static void
ccal_ical_import_dialog_dispose (GObject *object)
{
  CcalIcalImportDialog *self = CCAL_ICAL_IMPORT_DIALOG (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CCAL_TYPE_ICAL_IMPORT_DIALOG);

  G_OBJECT_CLASS (ccal_ical_import_dialog_parent_class)->dispose (object);
}

static void
ccal_ical_import_dialog_finalize (GObject *object)
{
  CcalIcalImportDialog *self = CCAL_ICAL_IMPORT_DIALOG (object);

  g_clear_object (&self->account);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->file_name, g_free);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->message, g_free);

  G_OBJECT_CLASS (ccal_ical_import_dialog_parent_class)->finalize (object);
}

static void
ccal_ical_import_dialog_class_init (CcalIcalImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ccal_ical_import_dialog_dispose;
  object_class->finalize = ccal_ical_import_dialog_finalize;

  /**
   * CcalIcalImportDialog::imported:
   * @n_imported: events saved (in the cache and the outbox)
   */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/customerconnects/Calendar/ccal-ical-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CcalIcalImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalImportDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalImportDialog, error_page);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalImportDialog, type_row);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalImportDialog, events_list);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalImportDialog, done_page);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalImportDialog, close_button);
  gtk_widget_class_bind_template_callback (widget_class, on_type_row_selected_cb);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "import.choose", NULL);
}

static void
ccal_ical_import_dialog_init (CcalIcalImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->settings = g_settings_new (APP_ID);
  self->timezone = g_strdup ("UTC");
  adw_combo_row_set_selected (self->type_row, CCAL_EVENT_TYPE_EVENT);
}

CcalIcalImportDialog *
ccal_ical_import_dialog_new (CcalAccount *account,
                             GtkWindow   *parent)
{
  CcalIcalImportDialog *self;

  g_return_val_if_fail (CCAL_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CCAL_TYPE_ICAL_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->account = g_object_ref (account);
  if (parent != NULL && CCAL_IS_WINDOW (parent))
    ccal_ical_import_dialog_set_timezone (self, ccal_window_get_timezone (CCAL_WINDOW (parent)));

  /* Staff keys cannot write events: say so now rather than fail on Import. */
  show_page (self, is_read_only (self) ? "read-only" : "choose");
  return self;
}
