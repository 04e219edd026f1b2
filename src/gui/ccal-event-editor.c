/* ccal-event-editor.c — the event editor dialog: a new event or a change to one, saved through the sync engine
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "ccal-date-util.h"
#include "ccal-event-editor.h"
#include "ccal-time.h"

/* A date button: a GtkMenuButton showing the date, with a GtkCalendar popover. */
typedef struct
{
  CcalEventEditor *editor;
  GtkMenuButton   *button;
  GtkCalendar     *calendar;
  GDate            date;
  gboolean         updating;
} DatePicker;

/* The repeat row's items; CUSTOM only when the event has a rule this editor cannot show. */
enum {
  REPEAT_NONE,
  REPEAT_DAILY,
  REPEAT_WEEKLY,
  REPEAT_MONTHLY,
  REPEAT_CUSTOM,
};

enum {
  REPEAT_END_NEVER,
  REPEAT_END_UNTIL,
  REPEAT_END_COUNT,
};

struct _CcalEventEditor
{
  AdwWindow        parent_instance;

  /* template widgets */
  AdwWindowTitle  *window_title;
  GtkWidget       *save_button;
  GtkWidget       *read_only_label;
  GtkRevealer     *error_revealer;
  GtkLabel        *error_label;
  GtkWidget       *form_group;
  AdwEntryRow     *title_row;
  AdwComboRow     *type_row;
  AdwComboRow     *status_row;
  GtkWidget       *when_group;
  GtkSwitch       *all_day_switch;
  GtkWidget       *start_row;
  GtkBox          *start_box;
  GtkWidget       *end_row;
  GtkBox          *end_box;
  AdwComboRow     *timezone_row;
  GtkWidget       *repeat_group;
  AdwComboRow     *repeat_row;
  GtkWidget       *weekdays_row;
  GtkBox          *weekdays_box;
  AdwComboRow     *repeat_end_row;
  GtkWidget       *until_row;
  GtkBox          *until_box;
  GtkWidget       *count_row;
  GtkSpinButton   *count_spin;
  GtkWidget       *details_group;
  AdwEntryRow     *location_row;
  GtkWidget       *description_frame;
  GtkTextView     *description_view;
  GtkWidget       *delete_button;

  /* made in init, children of the boxes above */
  GtkEntry        *start_time_entry;
  GtkEntry        *end_time_entry;
  GtkToggleButton *weekday_buttons[7];   /* Monday … Sunday */
  DatePicker       start_picker;
  DatePicker       end_picker;
  DatePicker       until_picker;

  /* owned */
  CcalAccount     *account;
  CcalEvent       *event;                /* the event being changed; NULL for a new one */
  GStrv            zones;
  char            *custom_rrule;         /* a rule kept as it is unless the repeat is changed */
  char            *error_field;
  GtkWidget       *error_widget;         /* borrowed: the row marked with .error */
  gboolean         use_24h;
};

G_DEFINE_FINAL_TYPE (CcalEventEditor, ccal_event_editor, ADW_TYPE_WINDOW)

enum {
  SAVED,
  DELETE_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* RFC 5545 day codes, Monday first like weekday_buttons. */
static const char * const weekday_codes[] = { "MO", "TU", "WE", "TH", "FR", "SA", "SU" };

/* ── errors ───────────────────────────────────────────────────────────────────────────────────── */

static void
clear_error (CcalEventEditor *self)
{
  if (self->error_widget != NULL)
    gtk_widget_remove_css_class (self->error_widget, "error");
  self->error_widget = NULL;
  g_clear_pointer (&self->error_field, g_free);
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static GtkWidget *
widget_for_field (CcalEventEditor *self,
                  const char      *field)
{
  if (g_strcmp0 (field, "title") == 0)
    return GTK_WIDGET (self->title_row);
  if (g_strcmp0 (field, "start_time") == 0)
    return self->start_row;
  if (g_strcmp0 (field, "end_time") == 0)
    return self->end_row;
  if (g_strcmp0 (field, "timezone") == 0)
    return GTK_WIDGET (self->timezone_row);
  if (g_strcmp0 (field, "rrule") == 0)
    return GTK_WIDGET (self->repeat_row);
  if (g_strcmp0 (field, "location") == 0)
    return GTK_WIDGET (self->location_row);
  if (g_strcmp0 (field, "description") == 0)
    return self->description_frame;
  return NULL;
}

static void
show_error (CcalEventEditor *self,
            const char      *field,
            const char      *message)
{
  clear_error (self);
  self->error_field = g_strdup (field);
  gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);

  self->error_widget = widget_for_field (self, field);
  if (self->error_widget != NULL)
    {
      gtk_widget_add_css_class (self->error_widget, "error");
      gtk_widget_grab_focus (self->error_widget);
    }
}

static void
on_field_changed_cb (CcalEventEditor *self)
{
  clear_error (self);
}

/* ── dates and times ──────────────────────────────────────────────────────────────────────────── */

static void
date_picker_set (DatePicker  *picker,
                 const GDate *date)
{
  g_autoptr (GDateTime) noon = NULL;
  g_autofree char *label = NULL;

  picker->date = *date;
  noon = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);
  /* Translators: a date on a button, "Tue 24 Nov 2026"; see g_date_time_format() */
  label = g_date_time_format (noon, _("%a %-d %b %Y"));
  gtk_menu_button_set_label (picker->button, label);

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
  clear_error (picker->editor);
}

static void
date_picker_init (DatePicker      *picker,
                  CcalEventEditor *editor,
                  GtkBox          *box,
                  const char      *accessible_label)
{
  GtkWidget *popover = gtk_popover_new ();

  picker->editor = editor;
  g_date_clear (&picker->date, 1);
  picker->calendar = GTK_CALENDAR (gtk_calendar_new ());
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (picker->calendar));
  picker->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_popover (picker->button, popover);
  gtk_widget_set_valign (GTK_WIDGET (picker->button), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (picker->button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  g_signal_connect (picker->calendar, "day-selected", G_CALLBACK (on_date_picker_day_selected_cb), picker);
  gtk_box_append (box, GTK_WIDGET (picker->button));
}

static GtkEntry *
create_time_entry (CcalEventEditor *self,
                   GtkBox          *box,
                   const char      *accessible_label)
{
  GtkEntry *entry = GTK_ENTRY (gtk_entry_new ());

  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 8);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 8);
  gtk_widget_set_valign (GTK_WIDGET (entry), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  g_signal_connect_swapped (entry, "changed", G_CALLBACK (on_field_changed_cb), self);
  gtk_box_append (box, GTK_WIDGET (entry));
  return entry;
}

static void
set_time_text (CcalEventEditor *self,
               GtkEntry        *entry,
               int              hour,
               int              minute)
{
  g_autofree char *text = NULL;

  if (self->use_24h)
    text = g_strdup_printf ("%02d:%02d", hour, minute);
  else
    text = g_strdup_printf ("%d:%02d %s", hour % 12 == 0 ? 12 : hour % 12, minute, hour < 12 ? _("AM") : _("PM"));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

/* "14:30", "1430", "9", "2:30 pm", "2pm", "2:30 PM": what people type for a time of day. */
static gboolean
parse_time (const char *text,
            int        *out_hour,
            int        *out_minute)
{
  g_autofree char *lower = g_utf8_strdown (text, -1);
  const char *p = g_strstrip (lower);
  int hour = 0, minute = 0, digits = 0;
  gboolean am = FALSE, pm = FALSE;

  while (g_ascii_isdigit (*p) && digits < 4)
    {
      hour = hour * 10 + (*p++ - '0');
      digits++;
    }
  if (digits == 0)
    return FALSE;
  if (digits > 2)
    {
      /* "1430" */
      minute = hour % 100;
      hour /= 100;
    }
  else if (*p == ':' || *p == '.')
    {
      p++;
      if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
        return FALSE;
      minute = (p[0] - '0') * 10 + (p[1] - '0');
      p += 2;
    }
  while (*p == ' ')
    p++;
  if (g_str_has_prefix (p, _("am")) || g_str_has_prefix (p, "am") || g_str_equal (p, "a"))
    am = TRUE;
  else if (g_str_has_prefix (p, _("pm")) || g_str_has_prefix (p, "pm") || g_str_equal (p, "p"))
    pm = TRUE;
  else if (*p != '\0')
    return FALSE;

  if (am || pm)
    {
      if (hour < 1 || hour > 12)
        return FALSE;
      hour = hour % 12 + (pm ? 12 : 0);
    }
  if (hour > 23 || minute > 59)
    return FALSE;
  *out_hour = hour;
  *out_minute = minute;
  return TRUE;
}

static const char *
get_timezone (CcalEventEditor *self)
{
  guint selected = adw_combo_row_get_selected (self->timezone_row);

  if (selected == GTK_INVALID_LIST_POSITION || selected >= g_strv_length (self->zones))
    return "UTC";
  return self->zones[selected];
}

static void
select_timezone (CcalEventEditor *self,
                 const char      *tzid)
{
  for (guint i = 0; self->zones[i] != NULL; i++)
    {
      if (g_strcmp0 (self->zones[i], tzid) == 0)
        {
          adw_combo_row_set_selected (self->timezone_row, i);
          return;
        }
    }
  for (guint i = 0; self->zones[i] != NULL; i++)
    {
      if (g_str_equal (self->zones[i], "UTC"))
        adw_combo_row_set_selected (self->timezone_row, i);
    }
}

static void
update_sensitivity (CcalEventEditor *self)
{
  gboolean all_day = gtk_switch_get_active (self->all_day_switch);
  guint repeat = adw_combo_row_get_selected (self->repeat_row);
  guint repeat_end = adw_combo_row_get_selected (self->repeat_end_row);
  gboolean repeats = repeat != REPEAT_NONE && repeat != REPEAT_CUSTOM;

  gtk_widget_set_visible (GTK_WIDGET (self->start_time_entry), !all_day);
  gtk_widget_set_visible (GTK_WIDGET (self->end_time_entry), !all_day);
  gtk_widget_set_visible (self->weekdays_row, repeat == REPEAT_WEEKLY);
  gtk_widget_set_visible (GTK_WIDGET (self->repeat_end_row), repeats);
  gtk_widget_set_visible (self->until_row, repeats && repeat_end == REPEAT_END_UNTIL);
  gtk_widget_set_visible (self->count_row, repeats && repeat_end == REPEAT_END_COUNT);
}

static void
on_all_day_changed_cb (CcalEventEditor *self)
{
  clear_error (self);
  update_sensitivity (self);
}

static void
on_repeat_changed_cb (CcalEventEditor *self)
{
  clear_error (self);
  update_sensitivity (self);
}

void
ccal_event_editor_set_times (CcalEventEditor *self,
                             gint64           start,
                             gint64           end)
{
  CcalWallClock start_wall, end_wall;
  const char *tzid;
  GDate date;

  g_return_if_fail (CCAL_IS_EVENT_EDITOR (self));

  tzid = get_timezone (self);
  if (!ccal_time_to_wall_clock (start, tzid, &start_wall, NULL) ||
      !ccal_time_to_wall_clock (end, tzid, &end_wall, NULL))
    return;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, start_wall.day, start_wall.month, start_wall.year);
  date_picker_set (&self->start_picker, &date);
  set_time_text (self, self->start_time_entry, start_wall.hour, start_wall.minute);

  g_date_set_dmy (&date, end_wall.day, end_wall.month, end_wall.year);
  /* All-day events end at the midnight after their last day; the editor shows the last day. */
  if (gtk_switch_get_active (self->all_day_switch) && end > start && end_wall.hour == 0 && end_wall.minute == 0)
    g_date_subtract_days (&date, 1);
  date_picker_set (&self->end_picker, &date);
  set_time_text (self, self->end_time_entry, end_wall.hour, end_wall.minute);

  if (!g_date_valid (&self->until_picker.date))
    {
      GDate until = self->start_picker.date;

      g_date_add_months (&until, 1);
      date_picker_set (&self->until_picker, &until);
    }
  clear_error (self);
}

void
ccal_event_editor_set_title (CcalEventEditor *self,
                             const char      *title)
{
  g_return_if_fail (CCAL_IS_EVENT_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title != NULL ? title : "");
}

/* ── repeat rules ─────────────────────────────────────────────────────────────────────────────── */

/* Shows @rrule in the repeat rows when it is one the editor can express; else keeps it as "Custom". */
static void
load_rrule (CcalEventEditor *self,
            const char      *rrule)
{
  g_auto (GStrv) parts = NULL;
  guint repeat = REPEAT_NONE;
  gboolean simple = TRUE;

  if (rrule == NULL || rrule[0] == '\0')
    {
      adw_combo_row_set_selected (self->repeat_row, REPEAT_NONE);
      return;
    }

  parts = g_strsplit (rrule, ";", -1);
  for (guint i = 0; parts[i] != NULL && simple; i++)
    {
      const char *part = parts[i];

      if (g_str_equal (part, "FREQ=DAILY"))
        repeat = REPEAT_DAILY;
      else if (g_str_equal (part, "FREQ=WEEKLY"))
        repeat = REPEAT_WEEKLY;
      else if (g_str_equal (part, "FREQ=MONTHLY"))
        repeat = REPEAT_MONTHLY;
      else if (g_str_equal (part, "INTERVAL=1") || g_str_has_prefix (part, "WKST="))
        ;
      else if (g_str_has_prefix (part, "BYDAY="))
        {
          g_auto (GStrv) days = g_strsplit (part + strlen ("BYDAY="), ",", -1);

          for (guint d = 0; d < 7; d++)
            gtk_toggle_button_set_active (self->weekday_buttons[d], g_strv_contains ((const char * const *) days,
                                                                                      weekday_codes[d]));
          for (guint j = 0; days[j] != NULL; j++)
            simple = simple && g_strv_contains (weekday_codes, days[j]);
        }
      else if (g_str_has_prefix (part, "COUNT="))
        {
          gtk_spin_button_set_value (self->count_spin, g_ascii_strtod (part + strlen ("COUNT="), NULL));
          adw_combo_row_set_selected (self->repeat_end_row, REPEAT_END_COUNT);
        }
      else if (g_str_has_prefix (part, "UNTIL="))
        {
          const char *value = part + strlen ("UNTIL=");
          GDate until;
          int year, month, day;

          if (strlen (value) < 8 || sscanf (value, "%4d%2d%2d", &year, &month, &day) != 3 ||
              !g_date_valid_dmy (day, month, year))
            simple = FALSE;
          else
            {
              g_date_clear (&until, 1);
              g_date_set_dmy (&until, day, month, year);
              date_picker_set (&self->until_picker, &until);
              adw_combo_row_set_selected (self->repeat_end_row, REPEAT_END_UNTIL);
            }
        }
      else
        simple = FALSE;
    }
  /* BYDAY only means "these weekdays" in a weekly rule. */
  if (repeat != REPEAT_WEEKLY && strstr (rrule, "BYDAY=") != NULL)
    simple = FALSE;

  if (simple && repeat != REPEAT_NONE)
    {
      adw_combo_row_set_selected (self->repeat_row, repeat);
      return;
    }

  g_free (self->custom_rrule);
  self->custom_rrule = g_strdup (rrule);
  gtk_string_list_append (GTK_STRING_LIST (adw_combo_row_get_model (self->repeat_row)),
                          /* Translators: a repeat rule this editor cannot show, kept as it is */
                          _("Custom — kept as it is"));
  adw_combo_row_set_selected (self->repeat_row, REPEAT_CUSTOM);
}

/* The RRULE of the repeat rows, NULL for none; FALSE with the problem shown. */
static gboolean
build_rrule (CcalEventEditor *self,
             const char      *tzid,
             char           **out_rrule)
{
  g_autoptr (GString) rule = NULL;
  guint repeat = adw_combo_row_get_selected (self->repeat_row);

  *out_rrule = NULL;
  switch (repeat)
    {
    case REPEAT_NONE:
      return TRUE;
    case REPEAT_CUSTOM:
      *out_rrule = g_strdup (self->custom_rrule);
      return TRUE;
    case REPEAT_DAILY:
      rule = g_string_new ("FREQ=DAILY");
      break;
    case REPEAT_MONTHLY:
      rule = g_string_new ("FREQ=MONTHLY");
      break;
    case REPEAT_WEEKLY:
    default:
      {
        gboolean any = FALSE;

        rule = g_string_new ("FREQ=WEEKLY;BYDAY=");
        for (guint d = 0; d < 7; d++)
          {
            if (!gtk_toggle_button_get_active (self->weekday_buttons[d]))
              continue;
            g_string_append_printf (rule, "%s%s", any ? "," : "", weekday_codes[d]);
            any = TRUE;
          }
        if (!any)
          {
            show_error (self, "rrule", _("Choose at least one day of the week for the event to repeat on."));
            return FALSE;
          }
      }
      break;
    }

  switch (adw_combo_row_get_selected (self->repeat_end_row))
    {
    case REPEAT_END_UNTIL:
      {
        g_autoptr (GDateTime) until = NULL;
        g_autofree char *text = NULL;
        gint64 day_start, day_end;

        if (g_date_compare (&self->until_picker.date, &self->start_picker.date) < 0)
          {
            show_error (self, "rrule", _("The last day of the repeat is before the event starts. Choose a later day."));
            return FALSE;
          }
        /* The end of that day in the event's zone, in UTC as RFC 5545 wants it with a zoned start. */
        if (!ccal_time_day_bounds (&self->until_picker.date, tzid, &day_start, &day_end, NULL))
          return FALSE;
        until = g_date_time_new_from_unix_utc ((day_end - 1) / G_USEC_PER_SEC);
        text = g_date_time_format (until, "%Y%m%dT%H%M%SZ");
        g_string_append_printf (rule, ";UNTIL=%s", text);
      }
      break;
    case REPEAT_END_COUNT:
      g_string_append_printf (rule, ";COUNT=%d", gtk_spin_button_get_value_as_int (self->count_spin));
      break;
    case REPEAT_END_NEVER:
    default:
      break;
    }

  *out_rrule = g_string_free (g_steal_pointer (&rule), FALSE);
  return TRUE;
}

/* ── loading and saving ───────────────────────────────────────────────────────────────────────── */

static gboolean
read_instant (CcalEventEditor *self,
              const GDate     *date,
              GtkEntry        *time_entry,
              gboolean         all_day,
              const char      *tzid,
              const char      *field,
              gint64          *out_usec)
{
  g_autoptr (GError) error = NULL;
  CcalWallClock wall = { 0 };

  wall.year = g_date_get_year (date);
  wall.month = g_date_get_month (date);
  wall.day = g_date_get_day (date);
  if (!all_day && !parse_time (gtk_editable_get_text (GTK_EDITABLE (time_entry)), &wall.hour, &wall.minute))
    {
      show_error (self, field,
                  g_str_equal (field, "start_time")
                  ? _("Enter the start time as 14:30 or 2:30 PM.")
                  : _("Enter the end time as 14:30 or 2:30 PM."));
      gtk_widget_grab_focus (GTK_WIDGET (time_entry));
      return FALSE;
    }
  if (!ccal_time_from_wall_clock (&wall, tzid, out_usec, &error))
    {
      show_error (self, "timezone", error->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
ccal_event_editor_save (CcalEventEditor *self)
{
  g_autoptr (CcalEvent) event = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *rrule = NULL;
  g_autofree char *description = NULL;
  g_autofree char *id = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start_iter, end_iter;
  const char *tzid = get_timezone (self);
  const char *text;
  gboolean all_day = gtk_switch_get_active (self->all_day_switch);
  GDate end_date;
  gint64 start, end;

  g_return_val_if_fail (CCAL_IS_EVENT_EDITOR (self), FALSE);

  clear_error (self);
  if (!gtk_widget_get_visible (self->save_button))
    return FALSE;

  end_date = self->end_picker.date;
  if (all_day)
    g_date_add_days (&end_date, 1);
  if (!read_instant (self, &self->start_picker.date, self->start_time_entry, all_day, tzid, "start_time", &start) ||
      !read_instant (self, &end_date, self->end_time_entry, all_day, tzid, "end_time", &end) ||
      !build_rrule (self, tzid, &rrule))
    return FALSE;

  event = self->event != NULL ? ccal_event_copy (self->event) : ccal_event_new ();
  if (self->event == NULL)
    {
      const CcalMe *me = ccal_account_get_me (self->account);

      event->admin_id = g_strdup (me != NULL ? me->admin_id : NULL);
    }

  text = gtk_editable_get_text (GTK_EDITABLE (self->title_row));
  g_free (event->title);
  event->title = text[0] != '\0' ? g_strstrip (g_strdup (text)) : NULL;
  event->type = (CcalEventType) adw_combo_row_get_selected (self->type_row);
  event->status = (CcalEventStatus) adw_combo_row_get_selected (self->status_row);
  event->start_time = start;
  event->end_time = end;
  event->is_all_day = all_day;
  g_free (event->timezone);
  event->timezone = g_strdup (tzid);
  g_free (event->rrule);
  event->rrule = g_steal_pointer (&rrule);
  text = gtk_editable_get_text (GTK_EDITABLE (self->location_row));
  g_free (event->location);
  event->location = text[0] != '\0' ? g_strdup (text) : NULL;
  buffer = gtk_text_view_get_buffer (self->description_view);
  gtk_text_buffer_get_bounds (buffer, &start_iter, &end_iter);
  description = gtk_text_buffer_get_text (buffer, &start_iter, &end_iter, FALSE);
  g_free (event->description);
  event->description = description[0] != '\0' ? g_steal_pointer (&description) : NULL;

  /* Validates (the core's checks, each naming its field), then writes the cache and the outbox. */
  if (!ccal_sync_save_event (ccal_account_get_sync (self->account), event, &id, &error))
    {
      show_error (self, error->domain == CCAL_CORE_ERROR ? ccal_core_error_get_field (error) : NULL,
                  error->message);
      return FALSE;
    }

  g_signal_emit (self, signals[SAVED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ccal_event_editor_save (CCAL_EVENT_EDITOR (widget));
}

static void
on_delete_response_cb (CcalEventEditor *self,
                       const char      *response)
{
  if (g_strcmp0 (response, "delete") != 0 || self->event == NULL)
    return;

  g_signal_emit (self, signals[DELETE_REQUESTED], 0, self->event);
  gtk_window_close (GTK_WINDOW (self));
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CcalEventEditor *self = CCAL_EVENT_EDITOR (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;

  if (self->event == NULL)
    return;

  /* Translators: %s is the event's title */
  heading = g_strdup_printf (_("Delete “%s”?"), self->event->title != NULL ? self->event->title : _("Untitled"));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading,
                                   self->event->rrule != NULL
                                   ? _("The event is deleted with all its repetitions.")
                                   : NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_delete_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
load_event (CcalEventEditor *self,
            CcalEvent       *event)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->description_view);

  ccal_event_editor_set_title (self, event->title);
  adw_combo_row_set_selected (self->type_row, event->type);
  adw_combo_row_set_selected (self->status_row, event->status);
  gtk_switch_set_active (self->all_day_switch, event->is_all_day);
  if (event->timezone != NULL)
    select_timezone (self, event->timezone);
  ccal_event_editor_set_times (self, event->start_time, event->end_time);
  load_rrule (self, event->rrule);
  gtk_editable_set_text (GTK_EDITABLE (self->location_row), event->location != NULL ? event->location : "");
  gtk_text_buffer_set_text (buffer, event->description != NULL ? event->description : "", -1);
}

/* Staff may look but not change: the server only lets admins write events. */
static void
apply_role (CcalEventEditor *self)
{
  const CcalMe *me = ccal_account_get_me (self->account);
  gboolean read_only = me != NULL && me->role == CCAL_ROLE_STAFF;

  gtk_widget_set_visible (self->read_only_label, read_only);
  gtk_widget_set_visible (self->save_button, !read_only);
  gtk_widget_set_visible (self->delete_button, !read_only && self->event != NULL);
  gtk_widget_set_sensitive (self->form_group, !read_only);
  gtk_widget_set_sensitive (self->when_group, !read_only);
  gtk_widget_set_sensitive (self->repeat_group, !read_only);
  gtk_widget_set_sensitive (self->details_group, !read_only);
  gtk_text_view_set_editable (self->description_view, !read_only);
}

/* ── GObject ──────────────────────────────────────────────────────────────────────────────────── */

static void
ccal_event_editor_dispose (GObject *object)
{
  CcalEventEditor *self = CCAL_EVENT_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CCAL_TYPE_EVENT_EDITOR);

  G_OBJECT_CLASS (ccal_event_editor_parent_class)->dispose (object);
}

static void
ccal_event_editor_finalize (GObject *object)
{
  CcalEventEditor *self = CCAL_EVENT_EDITOR (object);

  g_clear_object (&self->account);
  g_clear_object (&self->event);
  g_clear_pointer (&self->zones, g_strfreev);
  g_clear_pointer (&self->custom_rrule, g_free);
  g_clear_pointer (&self->error_field, g_free);

  G_OBJECT_CLASS (ccal_event_editor_parent_class)->finalize (object);
}

static void
ccal_event_editor_class_init (CcalEventEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ccal_event_editor_dispose;
  object_class->finalize = ccal_event_editor_finalize;

  /**
   * CcalEventEditor::saved:
   * @id: the event's id (a local one for a new event until the server gives the real one)
   */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  /**
   * CcalEventEditor::delete-requested:
   * @event: the event to delete (confirmed by the person)
   */
  signals[DELETE_REQUESTED] =
    g_signal_new ("delete-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CCAL_TYPE_EVENT);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/customerconnects/Calendar/ccal-event-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, form_group);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, title_row);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, type_row);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, status_row);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, when_group);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, all_day_switch);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, start_row);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, start_box);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, end_row);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, end_box);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, timezone_row);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, repeat_group);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, repeat_row);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, weekdays_row);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, weekdays_box);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, repeat_end_row);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, until_row);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, until_box);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, count_row);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, count_spin);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, details_group);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, location_row);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, description_frame);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, description_view);
  gtk_widget_class_bind_template_child (widget_class, CcalEventEditor, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_all_day_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_repeat_changed_cb);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.delete", NULL, delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ccal_event_editor_init (CcalEventEditor *self)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GtkStringList) zones_model = NULL;
  g_autoptr (GtkStringList) repeat_model = NULL;
  g_autoptr (GDateTime) monday = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->use_24h = g_settings_get_boolean (settings, "use-24h");

  date_picker_init (&self->start_picker, self, self->start_box, _("Start date"));
  self->start_time_entry = create_time_entry (self, self->start_box, _("Start time"));
  date_picker_init (&self->end_picker, self, self->end_box, _("End date"));
  self->end_time_entry = create_time_entry (self, self->end_box, _("End time"));
  date_picker_init (&self->until_picker, self, self->until_box, _("Last day of the repeat"));

  /* Weekday toggles, Monday first, labelled by the locale's short day names. */
  monday = g_date_time_new_utc (2024, 1, 1, 12, 0, 0);   /* a Monday */
  for (guint d = 0; d < 7; d++)
    {
      g_autoptr (GDateTime) day = g_date_time_add_days (monday, (int) d);
      g_autofree char *short_name = g_date_time_format (day, "%a");
      g_autofree char *long_name = g_date_time_format (day, "%A");
      GtkWidget *button = gtk_toggle_button_new_with_label (short_name);

      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, long_name, -1);
      g_signal_connect_swapped (button, "toggled", G_CALLBACK (on_field_changed_cb), self);
      gtk_box_append (self->weekdays_box, button);
      self->weekday_buttons[d] = GTK_TOGGLE_BUTTON (button);
    }

  repeat_model = gtk_string_list_new (NULL);
  gtk_string_list_append (repeat_model, _("Does Not Repeat"));
  gtk_string_list_append (repeat_model, _("Every Day"));
  gtk_string_list_append (repeat_model, _("Every Week"));
  gtk_string_list_append (repeat_model, _("Every Month"));
  adw_combo_row_set_model (self->repeat_row, G_LIST_MODEL (repeat_model));

  self->zones = ccal_time_zone_list ();
  zones_model = gtk_string_list_new ((const char * const *) self->zones);
  adw_combo_row_set_model (self->timezone_row, G_LIST_MODEL (zones_model));

  adw_combo_row_set_selected (self->type_row, CCAL_EVENT_TYPE_EVENT);
  adw_combo_row_set_selected (self->status_row, CCAL_EVENT_STATUS_CONFIRMED);
  update_sensitivity (self);
}

static CcalEventEditor *
create_editor (CcalAccount *account,
               const char  *timezone)
{
  CcalEventEditor *self = g_object_new (CCAL_TYPE_EVENT_EDITOR, NULL);

  self->account = g_object_ref (account);
  select_timezone (self, timezone);
  return self;
}

CcalEventEditor *
ccal_event_editor_new_for_range (CcalAccount *account,
                                 const char  *timezone,
                                 gint64       start,
                                 gint64       end,
                                 gboolean     all_day)
{
  CcalEventEditor *self;

  g_return_val_if_fail (CCAL_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (end > start, NULL);

  self = create_editor (account, timezone);
  adw_window_title_set_title (self->window_title, _("New Event"));
  gtk_switch_set_active (self->all_day_switch, all_day);
  ccal_event_editor_set_times (self, start, end);
  /* A new weekly event repeats on the weekday it starts on. */
  gtk_toggle_button_set_active (self->weekday_buttons[g_date_get_weekday (&self->start_picker.date) - 1], TRUE);
  apply_role (self);
  return self;
}

CcalEventEditor *
ccal_event_editor_new_for_event (CcalAccount *account,
                                 const char  *timezone,
                                 CcalEvent   *event)
{
  CcalEventEditor *self;

  g_return_val_if_fail (CCAL_IS_ACCOUNT (account), NULL);
  g_return_val_if_fail (CCAL_IS_EVENT (event), NULL);

  self = create_editor (account, timezone);
  self->event = ccal_event_copy (event);
  adw_window_title_set_title (self->window_title, _("Edit Event"));
  load_event (self, event);
  apply_role (self);
  return self;
}

const char *
ccal_event_editor_get_error (CcalEventEditor *self)
{
  g_return_val_if_fail (CCAL_IS_EVENT_EDITOR (self), NULL);

  return gtk_revealer_get_reveal_child (self->error_revealer) ? gtk_label_get_label (self->error_label) : NULL;
}

const char *
ccal_event_editor_get_error_field (CcalEventEditor *self)
{
  g_return_val_if_fail (CCAL_IS_EVENT_EDITOR (self), NULL);

  return self->error_field;
}
