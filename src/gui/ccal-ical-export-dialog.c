/* ccal-ical-export-dialog.c — "Export as iCalendar": a day, a week or a range of events and bookings as an .ics file
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "ccal-date-util.h"
#include "ccal-ical-exchange.h"
#include "ccal-ical-export-dialog.h"
#include "ccal-time.h"
#include "ccal-week-range.h"
#include "ccal-window.h"

/* A date button: a GtkMenuButton showing the date, with a GtkCalendar popover. */
typedef struct
{
  CcalIcalExportDialog *dialog;
  GtkMenuButton        *button;
  GtkCalendar          *calendar;
  GDate                 date;
  gboolean              updating;
} DatePicker;

struct _CcalIcalExportDialog
{
  AdwWindow             parent_instance;

  /* template widgets */
  GtkWidget            *export_button;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  AdwActionRow         *day_row;
  AdwActionRow         *week_row;
  GtkCheckButton       *day_check;
  GtkCheckButton       *week_check;
  GtkCheckButton       *custom_check;
  GtkWidget            *from_row;
  GtkWidget            *to_row;
  GtkBox               *from_box;
  GtkBox               *to_box;
  GtkCheckButton       *events_check;
  GtkCheckButton       *bookings_check;
  GtkLabel             *summary_label;

  DatePicker            from_picker;
  DatePicker            to_picker;

  /* owned */
  CcalAccount          *account;
  char                 *timezone;
  GDate                 day;             /* "This Day" */
  int                   first_weekday;   /* 0 = Sunday … 6 */
  char                 *error;
  guint                 n_events;
  guint                 n_bookings;
  GtkNativeDialog      *chooser;
};

G_DEFINE_FINAL_TYPE (CcalIcalExportDialog, ccal_ical_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_summary (CcalIcalExportDialog *self);

/* ── errors ───────────────────────────────────────────────────────────────────────────────────── */

static void
clear_error (CcalIcalExportDialog *self)
{
  g_clear_pointer (&self->error, g_free);
  gtk_widget_remove_css_class (self->to_row, "error");
  gtk_accessible_reset_state (GTK_ACCESSIBLE (self->to_row), GTK_ACCESSIBLE_STATE_INVALID);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static void
show_error (CcalIcalExportDialog *self,
            GtkWidget            *row,
            const char           *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_relation (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, self->error_label,
                                      NULL, -1);
    }
}

/* ── dates ────────────────────────────────────────────────────────────────────────────────────── */

static char *
format_date (const GDate *date)
{
  g_autoptr (GDateTime) noon = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                                                    g_date_get_day (date), 12, 0, 0);

  /* Translators: a date, "Tue 24 Nov 2026"; see g_date_time_format() */
  return g_date_time_format (noon, _("%a %-d %b %Y"));
}

static void
date_picker_set (DatePicker  *picker,
                 const GDate *date)
{
  g_autoptr (GDateTime) noon = NULL;
  g_autofree char *label = format_date (date);

  picker->date = *date;
  gtk_menu_button_set_label (picker->button, label);
  noon = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);
  picker->updating = TRUE;
  gtk_calendar_select_day (picker->calendar, noon);
  picker->updating = FALSE;
}

static void
on_date_picker_day_selected_cb (GtkCalendar *calendar,
                                DatePicker  *picker)
{
  GDate date;

  if (picker->updating)
    return;

  ccal_calendar_get_gdate (calendar, &date);
  date_picker_set (picker, &date);
  gtk_menu_button_popdown (picker->button);
  gtk_check_button_set_active (picker->dialog->custom_check, TRUE);
  update_summary (picker->dialog);
}

static void
date_picker_init (DatePicker           *picker,
                  CcalIcalExportDialog *dialog,
                  GtkBox               *box,
                  GtkWidget            *row,
                  const char           *accessible_label)
{
  GtkWidget *popover = gtk_popover_new ();

  picker->dialog = dialog;
  g_date_clear (&picker->date, 1);
  picker->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (picker->calendar));
  picker->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_popover (picker->button, popover);
  gtk_widget_set_valign (GTK_WIDGET (picker->button), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picker->button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), GTK_WIDGET (picker->button));
  g_signal_connect (picker->calendar, "day-selected", G_CALLBACK (on_date_picker_day_selected_cb), picker);
  gtk_box_append (box, GTK_WIDGET (picker->button));
}

static CcalIcalExportRange
get_range (CcalIcalExportDialog *self)
{
  if (gtk_check_button_get_active (self->week_check))
    return CCAL_ICAL_EXPORT_RANGE_WEEK;
  if (gtk_check_button_get_active (self->custom_check))
    return CCAL_ICAL_EXPORT_RANGE_CUSTOM;
  return CCAL_ICAL_EXPORT_RANGE_DAY;
}

/* The first and last day (both included) of the choice. */
static void
get_days (CcalIcalExportDialog *self,
          GDate                *out_first,
          GDate                *out_last)
{
  switch (get_range (self))
    {
    case CCAL_ICAL_EXPORT_RANGE_WEEK:
      ccal_week_range_week_start (&self->day, self->first_weekday, out_first);
      *out_last = *out_first;
      g_date_add_days (out_last, 6);
      break;
    case CCAL_ICAL_EXPORT_RANGE_CUSTOM:
      *out_first = self->from_picker.date;
      *out_last = self->to_picker.date;
      break;
    case CCAL_ICAL_EXPORT_RANGE_DAY:
    default:
      *out_first = self->day;
      *out_last = self->day;
      break;
    }
}

gboolean
ccal_ical_export_dialog_get_bounds (CcalIcalExportDialog *self,
                                    gint64               *out_from,
                                    gint64               *out_to)
{
  GDate first, last;
  gint64 from, to, ignored;

  g_return_val_if_fail (CCAL_IS_ICAL_EXPORT_DIALOG (self), FALSE);

  get_days (self, &first, &last);
  if (!g_date_valid (&first) || !g_date_valid (&last) || g_date_compare (&last, &first) < 0)
    return FALSE;
  if (!ccal_time_day_bounds (&first, self->timezone, &from, &ignored, NULL) ||
      !ccal_time_day_bounds (&last, self->timezone, &ignored, &to, NULL))
    return FALSE;
  if (out_from != NULL)
    *out_from = from;
  if (out_to != NULL)
    *out_to = to;
  return TRUE;
}

static CcalIcalExchangeFlags
get_flags (CcalIcalExportDialog *self)
{
  CcalIcalExchangeFlags flags = 0;

  if (gtk_check_button_get_active (self->events_check))
    flags |= CCAL_ICAL_EXCHANGE_EVENTS;
  if (gtk_check_button_get_active (self->bookings_check))
    flags |= CCAL_ICAL_EXCHANGE_BOOKINGS;
  return flags;
}

static const char *
get_admin_id (CcalIcalExportDialog *self)
{
  const CcalMe *me = ccal_account_get_me (self->account);

  /* The calendar the window shows: the signed-in person's (their admin's), or all when none is named. */
  return me != NULL ? me->admin_id : NULL;
}

static gboolean
gather (CcalIcalExportDialog  *self,
        GPtrArray            **out_events,
        GPtrArray            **out_bookings,
        GError               **error)
{
  gint64 from, to;

  if (!ccal_ical_export_dialog_get_bounds (self, &from, &to))
    {
      g_set_error_literal (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID, _("The last day is before the first."));
      return FALSE;
    }
  return ccal_ical_exchange_gather (ccal_account_get_cache (self->account), from, to, get_admin_id (self),
                                    get_flags (self), out_events, out_bookings, error);
}

/* The days each choice stands for, the count of what will be exported, and whether Export can go. */
static void
update_summary (CcalIcalExportDialog *self)
{
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) bookings = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *day_text = format_date (&self->day);
  g_autofree char *week_text = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *last_text = NULL;
  GDate first, last;
  gboolean custom = get_range (self) == CCAL_ICAL_EXPORT_RANGE_CUSTOM;

  ccal_week_range_week_start (&self->day, self->first_weekday, &first);
  last = first;
  g_date_add_days (&last, 6);
  first_text = format_date (&first);
  last_text = format_date (&last);
  /* Translators: a week, "Mon 23 Nov 2026 – Sun 29 Nov 2026" */
  week_text = g_strdup_printf (_("%s – %s"), first_text, last_text);
  adw_action_row_set_subtitle (self->day_row, day_text);
  adw_action_row_set_subtitle (self->week_row, week_text);
  gtk_widget_set_sensitive (self->from_row, custom);
  gtk_widget_set_sensitive (self->to_row, custom);

  clear_error (self);
  self->n_events = self->n_bookings = 0;

  if (get_flags (self) == 0)
    {
      gtk_label_set_label (self->summary_label, _("Choose events, bookings or both."));
      gtk_widget_set_sensitive (self->export_button, FALSE);
      return;
    }

  if (!gather (self, &events, &bookings, &error))
    {
      gboolean range_error = g_error_matches (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);

      if (range_error)
        {
          show_error (self, self->to_row, error->message);
        }
      else
        {
          g_autofree char *message = g_strdup_printf (_("The offline copy of the calendar could not be read: %s"),
                                                      error->message);
          show_error (self, NULL, message);
        }
      gtk_label_set_label (self->summary_label, "");
      gtk_widget_set_sensitive (self->export_button, FALSE);
      return;
    }

  self->n_events = events != NULL ? events->len : 0;
  self->n_bookings = bookings != NULL ? bookings->len : 0;
  if (self->n_events == 0 && self->n_bookings == 0)
    {
      gtk_label_set_label (self->summary_label, _("There is nothing in this range to export."));
    }
  else
    {
      g_autofree char *events_text = NULL;
      g_autofree char *bookings_text = NULL;
      g_autofree char *text = NULL;

      events_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u event", "%u events", self->n_events),
                                     self->n_events);
      bookings_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u booking", "%u bookings",
                                                    self->n_bookings),
                                       self->n_bookings);
      /* Translators: "4 events and 2 bookings will be exported." */
      text = g_strdup_printf (_("%s and %s will be exported."), events_text, bookings_text);
      gtk_label_set_label (self->summary_label, text);
    }
  gtk_widget_set_sensitive (self->export_button, self->n_events + self->n_bookings > 0);
}

static void
on_range_toggled_cb (CcalIcalExportDialog *self)
{
  update_summary (self);
}

static void
on_include_toggled_cb (CcalIcalExportDialog *self)
{
  update_summary (self);
}

/* ── exporting ────────────────────────────────────────────────────────────────────────────────── */

gboolean
ccal_ical_export_dialog_export_to (CcalIcalExportDialog *self,
                                   GFile                *file)
{
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) bookings = NULL;
  g_autoptr (GError) error = NULL;
  guint n_events, n_bookings;

  g_return_val_if_fail (CCAL_IS_ICAL_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!gather (self, &events, &bookings, &error) || !ccal_ical_exchange_write (events, bookings, file, &error))
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *message = NULL;
      const char *reason = error->message;

      /* GIO's messages repeat the whole path; these say what a person can do about it. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        reason = _("the folder does not exist.");
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED))
        reason = _("you may not write to that folder.");
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
        reason = _("the disk is full.");
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_READ_ONLY))
        reason = _("the disk is read-only.");
      /* Translators: the first %s is a file name, the second why it failed ("the folder does not exist.") */
      message = g_strdup_printf (_("Could not save “%s”: %s"), name, reason);
      show_error (self, NULL, message);
      return FALSE;
    }

  n_events = events != NULL ? events->len : 0;
  n_bookings = bookings != NULL ? bookings->len : 0;
  g_signal_emit (self, signals[EXPORTED], 0, file, n_events, n_bookings);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
on_chooser_response_cb (GtkNativeDialog      *chooser,
                        int                   response,
                        CcalIcalExportDialog *self)
{
  g_autoptr (GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    ccal_ical_export_dialog_export_to (self, file);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CcalIcalExportDialog *self = CCAL_ICAL_EXPORT_DIALOG (widget);
  g_autofree char *name = NULL;
  GDate first, last;

  if (self->chooser != NULL)
    return;

  get_days (self, &first, &last);
  name = ccal_ical_exchange_file_name (&first, FALSE);
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Export Calendar"), GTK_WINDOW (self),
                                                                   GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                                                   _("_Cancel")));
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self);
  gtk_native_dialog_show (self->chooser);
}

/* ── public ───────────────────────────────────────────────────────────────────────────────────── */

void
ccal_ical_export_dialog_set_timezone (CcalIcalExportDialog *self,
                                      const char           *tzid)
{
  g_return_if_fail (CCAL_IS_ICAL_EXPORT_DIALOG (self));

  if (tzid == NULL || !ccal_time_zone_is_known (tzid))
    tzid = "UTC";
  g_free (self->timezone);
  self->timezone = g_strdup (tzid);
  update_summary (self);
}

void
ccal_ical_export_dialog_set_range (CcalIcalExportDialog *self,
                                   CcalIcalExportRange   range,
                                   const GDate          *from,
                                   const GDate          *to)
{
  g_return_if_fail (CCAL_IS_ICAL_EXPORT_DIALOG (self));

  if (from != NULL && g_date_valid (from))
    date_picker_set (&self->from_picker, from);
  if (to != NULL && g_date_valid (to))
    date_picker_set (&self->to_picker, to);
  switch (range)
    {
    case CCAL_ICAL_EXPORT_RANGE_WEEK:
      gtk_check_button_set_active (self->week_check, TRUE);
      break;
    case CCAL_ICAL_EXPORT_RANGE_CUSTOM:
      gtk_check_button_set_active (self->custom_check, TRUE);
      break;
    case CCAL_ICAL_EXPORT_RANGE_DAY:
    default:
      gtk_check_button_set_active (self->day_check, TRUE);
      break;
    }
  update_summary (self);
}

void
ccal_ical_export_dialog_set_include (CcalIcalExportDialog *self,
                                     gboolean              events,
                                     gboolean              bookings)
{
  g_return_if_fail (CCAL_IS_ICAL_EXPORT_DIALOG (self));

  gtk_check_button_set_active (self->events_check, events);
  gtk_check_button_set_active (self->bookings_check, bookings);
}

void
ccal_ical_export_dialog_get_counts (CcalIcalExportDialog *self,
                                    guint                *out_events,
                                    guint                *out_bookings)
{
  g_return_if_fail (CCAL_IS_ICAL_EXPORT_DIALOG (self));

  if (out_events != NULL)
    *out_events = self->n_events;
  if (out_bookings != NULL)
    *out_bookings = self->n_bookings;
}

const char *
ccal_ical_export_dialog_get_error (CcalIcalExportDialog *self)
{
  g_return_val_if_fail (CCAL_IS_ICAL_EXPORT_DIALOG (self), NULL);

  return self->error;
}

/* ── the class ────────────────────────────────────────────────────────────────────────────────── */

static void
ccal_ical_export_dialog_dispose (GObject *object)
{
  CcalIcalExportDialog *self = CCAL_ICAL_EXPORT_DIALOG (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (self->chooser);
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), CCAL_TYPE_ICAL_EXPORT_DIALOG);

  G_OBJECT_CLASS (ccal_ical_export_dialog_parent_class)->dispose (object);
}

static void
ccal_ical_export_dialog_finalize (GObject *object)
{
  CcalIcalExportDialog *self = CCAL_ICAL_EXPORT_DIALOG (object);

  g_clear_object (&self->account);
  g_clear_pointer (&self->timezone, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (ccal_ical_export_dialog_parent_class)->finalize (object);
}

static void
ccal_ical_export_dialog_class_init (CcalIcalExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ccal_ical_export_dialog_dispose;
  object_class->finalize = ccal_ical_export_dialog_finalize;

  /**
   * CcalIcalExportDialog::exported:
   * @file: where the calendar was saved
   * @n_events: events in the file
   * @n_bookings: bookings in the file
   */
  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 3, G_TYPE_FILE, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/customerconnects/Calendar/ccal-ical-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, export_button);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, day_row);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, week_row);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, day_check);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, week_check);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, custom_check);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, from_row);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, from_box);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, to_box);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, events_check);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, bookings_check);
  gtk_widget_class_bind_template_child (widget_class, CcalIcalExportDialog, summary_label);
  gtk_widget_class_bind_template_callback (widget_class, on_range_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_include_toggled_cb);

  gtk_widget_class_install_action (widget_class, "export.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "export.export", NULL);
}

static void
ccal_ical_export_dialog_init (CcalIcalExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->timezone = g_strdup ("UTC");
  self->first_weekday = 1;
  g_date_clear (&self->day, 1);
  date_picker_init (&self->from_picker, self, self->from_box, self->from_row, _("First day"));
  date_picker_init (&self->to_picker, self, self->to_box, self->to_row, _("Last day"));
}

CcalIcalExportDialog *
ccal_ical_export_dialog_new (CcalAccount *account,
                             GtkWindow   *parent,
                             gint64       day_us)
{
  CcalIcalExportDialog *self;

  g_return_val_if_fail (CCAL_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (CCAL_TYPE_ICAL_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->account = g_object_ref (account);

  if (parent != NULL && CCAL_IS_WINDOW (parent))
    {
      GDate first;
      guint n_days;

      g_free (self->timezone);
      self->timezone = g_strdup (ccal_window_get_timezone (CCAL_WINDOW (parent)));
      if (self->timezone == NULL)
        self->timezone = g_strdup ("UTC");
      /* The week and month grids start on the window's first weekday. */
      ccal_window_get_visible_days (CCAL_WINDOW (parent), &first, &n_days);
      if (g_date_valid (&first))
        self->first_weekday = g_date_get_weekday (&first) % 7;
    }

  if (!ccal_time_to_date (day_us, self->timezone, &self->day, NULL))
    ccal_time_to_date (day_us, "UTC", &self->day, NULL);
  date_picker_set (&self->from_picker, &self->day);
  date_picker_set (&self->to_picker, &self->day);
  update_summary (self);

  return self;
}
