/* ccal-availability-page.c — the admin's availability: weekly hours, date overrides, blocked time,
 * booking settings and a live preview of the slots a caller would be offered
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ccal-availability-page.h"
#include "ccal-availability.h"
#include "ccal-date-util.h"
#include "ccal-time.h"
#include "ccal-weekday-hours-row.h"
#include "ccal-weekly-hours.h"

/* Events read for the editor: from two days ago (a day off that began in another zone) to ten
 * years ahead (the longest "book ahead"); recurring series come whenever they started. */
#define EVENTS_BACK_USEC   (2 * CCAL_USEC_PER_DAY)
#define EVENTS_AHEAD_USEC  (3660 * CCAL_USEC_PER_DAY)
#define MAX_BLOCKED_SHOWN  100

typedef struct
{
  CcalAvailabilityPage *page;
  GtkMenuButton        *button;
  GtkCalendar          *calendar;
  GDate                 date;
} DatePicker;

struct _CcalAvailabilityPage
{
  AdwBin                parent_instance;

  /* template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *read_only_label;
  GtkWidget            *hours_group;
  GtkListBox           *hours_list;
  GtkWidget            *save_hours_button;
  GtkWidget            *overrides_group;
  GtkWidget            *override_form_row;
  GtkMenuButton        *override_date_button;
  GtkCalendar          *override_calendar;
  GtkDropDown          *override_kind_dropdown;
  GtkEntry             *override_hours_entry;
  GtkLabel             *override_error_label;
  GtkListBox           *overrides_list;
  GtkWidget            *blocked_group;
  AdwEntryRow          *blocked_title_row;
  GtkWidget            *blocked_form_row;
  GtkMenuButton        *blocked_date_button;
  GtkCalendar          *blocked_calendar;
  GtkEntry             *blocked_start_entry;
  GtkEntry             *blocked_end_entry;
  GtkLabel             *blocked_error_label;
  GtkListBox           *blocked_list;
  GtkWidget            *settings_group;
  GtkWidget            *slot_row;
  GtkSpinButton        *slot_spin;
  GtkWidget            *buffer_before_row;
  GtkSpinButton        *buffer_before_spin;
  GtkWidget            *buffer_after_row;
  GtkSpinButton        *buffer_after_spin;
  GtkWidget            *notice_row;
  GtkSpinButton        *notice_spin;
  GtkWidget            *advance_row;
  GtkSpinButton        *advance_spin;
  AdwEntryRow          *timezone_row;
  GtkMenuButton        *timezone_button;
  GtkSearchEntry       *timezone_search;
  GtkListView          *timezone_list;
  GtkLabel             *settings_error_label;
  GtkCalendar          *preview_calendar;
  GtkLabel             *preview_title_label;
  GtkFlowBox           *preview_slots_box;
  GtkLabel             *preview_empty_label;

  /* made in init */
  CcalWeekdayHoursRow  *day_rows[CCAL_WEEKLY_HOURS_N_DAYS];
  GtkStringFilter      *zone_filter;
  DatePicker            override_picker;
  DatePicker            blocked_picker;

  /* owned */
  CcalAccount          *account;
  GCancellable         *cancellable;
  CcalSettings         *settings;        /* as saved: the server's, else the cache's, else the defaults */
  GPtrArray            *events;          /* CcalEvent: the admin's, from the cache */
  GArray               *preview_slots;   /* CcalInterval, NULL when not computed */
  GDate                 preview_date;
  char                 *error_field;
  GtkWidget            *error_widget;    /* borrowed: the widget marked with .error */
  GtkLabel             *error_label;     /* borrowed: where the message is shown */
  guint                 preview_idle_id;
  gulong                objects_changed_id;
  gboolean              hours_dirty;
  gboolean              settings_dirty;
  gboolean              settings_saving;
  gboolean              settings_fetching;  /* GET /settings on its way: a save waits for its version */
  gboolean              save_after_fetch;
  gboolean              filling;
};

G_DEFINE_FINAL_TYPE (CcalAvailabilityPage, ccal_availability_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ACCOUNT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_preview (CcalAvailabilityPage *self);

/* ── who and where ────────────────────────────────────────────────────────────────────────────── */

static const char *
admin_id (CcalAvailabilityPage *self)
{
  const CcalMe *me = ccal_account_get_me (self->account);

  if (me == NULL)
    return NULL;
  return me->admin_id != NULL ? me->admin_id : me->user_id;
}

static const char *
workspace_id (CcalAvailabilityPage *self)
{
  const CcalMe *me = ccal_account_get_me (self->account);

  return me != NULL ? me->workspace_id : NULL;
}

static const char *
settings_zone (CcalSettings *settings)
{
  return settings->timezone != NULL && settings->timezone[0] != '\0' ? settings->timezone : "UTC";
}

static void
today_in (const char *tzid,
          GDate      *out_date)
{
  g_date_clear (out_date, 1);
  if (!ccal_time_to_date (g_get_real_time (), tzid, out_date, NULL))
    ccal_time_to_date (g_get_real_time (), "UTC", out_date, NULL);
}

static char *
format_date (const GDate *date,
             const char  *format)
{
  g_autoptr (GDateTime) noon = g_date_time_new_utc (g_date_get_year (date), g_date_get_month (date),
                                                    g_date_get_day (date), 12, 0, 0);

  return g_date_time_format (noon, format);
}

static char *
format_clock (gint64      usec,
              const char *tzid)
{
  CcalWallClock wall;

  if (!ccal_time_to_wall_clock (usec, tzid, &wall, NULL))
    return g_strdup ("?");
  return g_strdup_printf ("%02d:%02d", wall.hour, wall.minute);
}

static void
toast (CcalAvailabilityPage *self,
       const char           *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static gboolean
is_offline (CcalAvailabilityPage *self)
{
  return ccal_sync_get_state (ccal_account_get_sync (self->account)) == CCAL_SYNC_ENGINE_STATE_OFFLINE;
}

/* ── errors ───────────────────────────────────────────────────────────────────────────────────── */

static void
clear_error (CcalAvailabilityPage *self)
{
  for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
    ccal_weekday_hours_row_set_error (self->day_rows[day], NULL, NULL);
  if (self->error_widget != NULL)
    {
      gtk_widget_remove_css_class (self->error_widget, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->error_widget), GTK_ACCESSIBLE_STATE_INVALID);
    }
  if (self->error_label != NULL)
    gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  self->error_widget = NULL;
  self->error_label = NULL;
  g_clear_pointer (&self->error_field, g_free);
}

/* Shows @message in @label, marks @widget and focuses it, so the person sees which field is wrong. */
static void
show_error (CcalAvailabilityPage *self,
            const char           *field,
            GtkWidget            *widget,
            GtkLabel             *label,
            const char           *message)
{
  clear_error (self);
  self->error_field = g_strdup (field);
  self->error_label = label;
  gtk_label_set_label (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), TRUE);

  if (widget != NULL)
    {
      self->error_widget = widget;
      gtk_widget_add_css_class (widget, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_widget_grab_focus (widget);
    }
}

static void
show_hours_error (CcalAvailabilityPage *self,
                  guint                 day,
                  const char           *day_field,
                  const char           *message)
{
  GtkWidget *entry;

  clear_error (self);
  self->error_field = g_strconcat (ccal_weekly_hours_day_name (day), ".", day_field, NULL);
  ccal_weekday_hours_row_set_error (self->day_rows[day], day_field, message);
  entry = ccal_weekday_hours_row_get_entry (self->day_rows[day], day_field);
  if (entry != NULL)
    gtk_widget_grab_focus (entry);
}

/* ── weekly hours ─────────────────────────────────────────────────────────────────────────────── */

/* "N.start" → N and whether it is the end. */
static gboolean
split_range_field (const char *field,
                   guint      *out_index,
                   gboolean   *out_is_end)
{
  char *end = NULL;
  guint64 index = g_ascii_strtoull (field, &end, 10);

  if (end == field || *end != '.' || index < 1)
    return FALSE;
  *out_index = (guint) index;
  *out_is_end = g_str_equal (end + 1, "end");
  return TRUE;
}

/* The weekly hours as typed, or NULL (with the error shown when @show) when they cannot be saved. */
static CcalWeeklyHours *
collect_hours (CcalAvailabilityPage *self,
               gboolean              show)
{
  g_autoptr (CcalWeeklyHours) hours = ccal_weekly_hours_new ();
  g_autoptr (GError) error = NULL;

  for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
    {
      CcalWeekdayHoursRow *row = self->day_rows[day];
      g_autoptr (GArray) ranges = ccal_weekday_hours_row_get_ranges (row, &error);
      const char *field;
      guint index;
      gboolean is_end;

      if (ranges != NULL)
        {
          for (guint i = 0; i < ranges->len; i++)
            {
              const CcalHoursRange *range = &g_array_index (ranges, CcalHoursRange, i);

              ccal_weekly_hours_add_range (hours, day, range->start, range->end);
            }
          continue;
        }

      field = ccal_core_error_get_field (error);
      if (show && split_range_field (field, &index, &is_end))
        {
          g_autofree char *message = NULL;

          if (is_end)
            /* Translators: "Monday, range 2: the end is not a time …" */
            message = g_strdup_printf (_("%s, range %u: the end is not a time. Write it as 17:00."),
                                       ccal_weekday_hours_row_get_label (row), index);
          else
            message = g_strdup_printf (_("%s, range %u: the start is not a time. Write it as 09:00."),
                                       ccal_weekday_hours_row_get_label (row), index);
          show_hours_error (self, day, field, message);
        }
      return NULL;
    }

  if (!ccal_weekly_hours_validate (hours, &error))
    {
      const char *field = ccal_core_error_get_field (error);
      const char *dot = field != NULL ? strchr (field, '.') : NULL;
      guint index;
      gboolean is_end;

      for (guint day = 0; show && dot != NULL && day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
        {
          g_autofree char *message = NULL;
          const char *label = ccal_weekday_hours_row_get_label (self->day_rows[day]);

          if (strncmp (field, ccal_weekly_hours_day_name (day), (gsize) (dot - field)) != 0 ||
              !split_range_field (dot + 1, &index, &is_end))
            continue;
          if (is_end)
            message = g_strdup_printf (_("%s, range %u: the end must be after the start."), label, index);
          else
            message = g_strdup_printf (_("%s, range %u overlaps another range of the day."), label, index);
          show_hours_error (self, day, dot + 1, message);
          break;
        }
      return NULL;
    }

  return g_steal_pointer (&hours);
}

static void
fill_hours (CcalAvailabilityPage *self,
            CcalWeeklyHours      *hours)
{
  self->filling = TRUE;
  for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
    {
      guint n;
      const CcalHoursRange *ranges = ccal_weekly_hours_get_ranges (hours, day, &n);

      ccal_weekday_hours_row_set_ranges (self->day_rows[day], ranges, n);
    }
  self->filling = FALSE;
}

static void
on_day_row_changed_cb (CcalWeekdayHoursRow  *row,
                       CcalAvailabilityPage *self)
{
  if (self->filling)
    return;
  self->hours_dirty = TRUE;
  clear_error (self);
  schedule_preview (self);
}

static void
on_day_row_copy_to_all_cb (CcalWeekdayHoursRow  *row,
                           CcalAvailabilityPage *self)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) ranges = ccal_weekday_hours_row_get_ranges (row, &error);
  g_autofree char *message = NULL;

  if (ranges == NULL)
    {
      collect_hours (self, TRUE);   /* shows which entry holds no time */
      return;
    }

  self->filling = TRUE;
  for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
    if (self->day_rows[day] != row)
      ccal_weekday_hours_row_set_ranges (self->day_rows[day], (const CcalHoursRange *) (gconstpointer) ranges->data,
                                         ranges->len);
  self->filling = FALSE;
  self->hours_dirty = TRUE;
  clear_error (self);
  schedule_preview (self);

  /* Translators: a notification, "Monday’s hours copied to every day. Save to keep them." */
  message = g_strdup_printf (_("%s’s hours copied to every day. Save to keep them."),
                             ccal_weekday_hours_row_get_label (row));
  toast (self, message);
}

/* Sends @changes through the sync engine (cache + outbox first, so nothing is lost offline). */
static gboolean
apply_changes (CcalAvailabilityPage *self,
               CcalEventChanges     *changes,
               GError              **error)
{
  CcalSync *sync = ccal_account_get_sync (self->account);

  for (guint i = 0; i < changes->save->len; i++)
    if (!ccal_sync_save_event (sync, g_ptr_array_index (changes->save, i), NULL, error))
      return FALSE;
  for (guint i = 0; i < changes->delete_ids->len; i++)
    if (!ccal_sync_delete_event (sync, g_ptr_array_index (changes->delete_ids, i), error))
      return FALSE;
  return TRUE;
}

static CcalHoursTarget
make_target (CcalAvailabilityPage *self,
             const char           *title)
{
  CcalHoursTarget target = { workspace_id (self), admin_id (self), settings_zone (self->settings), title };

  today_in (target.tzid, &target.today);
  return target;
}

static void
saved_message (CcalAvailabilityPage *self,
               const char           *online,
               const char           *offline)
{
  toast (self, is_offline (self) ? offline : online);
}

static void
save_hours (CcalAvailabilityPage *self)
{
  g_autoptr (CcalWeeklyHours) hours = collect_hours (self, TRUE);
  g_autoptr (CcalEventChanges) changes = NULL;
  g_autoptr (GError) error = NULL;
  CcalHoursTarget target;

  if (hours == NULL)
    return;

  target = make_target (self, _("Office hours"));
  changes = ccal_weekly_hours_plan (hours, self->events, &target, &error);
  if (changes == NULL || !apply_changes (self, changes, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The weekly hours could not be saved: %s"), error->message);

      toast (self, message);
      return;
    }

  self->hours_dirty = FALSE;
  ccal_availability_page_reload (self);
  if (changes->save->len == 0 && changes->delete_ids->len == 0)
    toast (self, _("The weekly hours are unchanged."));
  else
    saved_message (self, _("Weekly hours saved."),
                   _("Weekly hours saved on this computer. They will be sent when the server can be reached."));
}

/* ── date overrides ───────────────────────────────────────────────────────────────────────────── */

static void
date_picker_set (DatePicker  *picker,
                 const GDate *date)
{
  g_autoptr (GDateTime) noon = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date),
                                                      g_date_get_day (date), 12, 0, 0);
  /* Translators: a date on a button, "Tue 24 Nov 2026"; see g_date_time_format() */
  g_autofree char *label = format_date (date, _("%a %-d %b %Y"));

  picker->date = *date;
  gtk_menu_button_set_label (picker->button, label);
  gtk_calendar_select_day (picker->calendar, noon);
}

static void
on_picker_day_selected_cb (GtkCalendar *calendar,
                           DatePicker  *picker)
{
  g_autofree char *label = NULL;

  ccal_calendar_get_gdate (calendar, &picker->date);
  label = format_date (&picker->date, _("%a %-d %b %Y"));
  gtk_menu_button_set_label (picker->button, label);
  gtk_menu_button_popdown (picker->button);
  clear_error (picker->page);
}

static void
date_picker_init (DatePicker           *picker,
                  CcalAvailabilityPage *page,
                  GtkMenuButton        *button,
                  GtkCalendar          *calendar,
                  const char           *accessible_name)
{
  picker->page = page;
  picker->button = button;
  picker->calendar = calendar;
  g_date_clear (&picker->date, 1);
  g_signal_connect (calendar, "day-selected", G_CALLBACK (on_picker_day_selected_cb), picker);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
}

static char *
format_ranges (GArray *ranges)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < ranges->len; i++)
    {
      const CcalHoursRange *range = &g_array_index (ranges, CcalHoursRange, i);
      g_autofree char *start = ccal_hours_format_time (range->start);
      g_autofree char *end = ccal_hours_format_time (range->end);

      g_string_append_printf (text, "%s%s–%s", i > 0 ? ", " : "", start, end);
    }
  return g_string_free (text, FALSE);
}

/* "10:00–12:00, 14:00–16:00" (a hyphen works as well as the dash) → ranges, or NULL. */
static GArray *
parse_ranges (const char *text)
{
  g_autoptr (GArray) ranges = g_array_new (FALSE, FALSE, sizeof (CcalHoursRange));
  g_auto (GStrv) parts = g_strsplit (text, ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *part = g_strstrip (g_strdup (parts[i]));
      g_auto (GStrv) ends = NULL;
      CcalHoursRange range;

      if (part[0] == '\0')
        continue;
      ends = g_strsplit (part, strstr (part, "–") != NULL ? "–" : "-", 2);
      if (g_strv_length (ends) != 2 || !ccal_hours_parse_time (ends[0], FALSE, &range.start) ||
          !ccal_hours_parse_time (ends[1], TRUE, &range.end))
        return NULL;
      g_array_append_val (ranges, range);
    }
  return ranges->len > 0 ? g_steal_pointer (&ranges) : NULL;
}

static void
on_override_kind_changed_cb (CcalAvailabilityPage *self)
{
  gboolean hours = gtk_drop_down_get_selected (self->override_kind_dropdown) == CCAL_DATE_OVERRIDE_HOURS;

  gtk_widget_set_sensitive (GTK_WIDGET (self->override_hours_entry), hours);
  clear_error (self);
}

static void
add_override (CcalAvailabilityPage *self)
{
  CcalDateOverrideKind kind = gtk_drop_down_get_selected (self->override_kind_dropdown) == 1
                                ? CCAL_DATE_OVERRIDE_HOURS : CCAL_DATE_OVERRIDE_DAY_OFF;
  g_autoptr (GArray) ranges = NULL;
  g_autoptr (CcalEventChanges) changes = NULL;
  g_autoptr (GError) error = NULL;
  CcalHoursTarget target = make_target (self, kind == CCAL_DATE_OVERRIDE_DAY_OFF ? _("Day off")
                                                                                  : _("Different hours"));

  if (g_date_compare (&self->override_picker.date, &target.today) < 0)
    {
      show_error (self, "override_date", GTK_WIDGET (self->override_date_button), self->override_error_label,
                  _("Date: choose today or a later day."));
      return;
    }

  if (kind == CCAL_DATE_OVERRIDE_HOURS)
    {
      ranges = parse_ranges (gtk_editable_get_text (GTK_EDITABLE (self->override_hours_entry)));
      if (ranges == NULL)
        {
          show_error (self, "override_hours", GTK_WIDGET (self->override_hours_entry), self->override_error_label,
                      _("Hours: write the hours of that day as 10:00–14:00; separate several ranges with commas."));
          return;
        }
      if (!ccal_hours_ranges_validate ((const CcalHoursRange *) (gconstpointer) ranges->data, ranges->len, NULL,
                                       "Hours", &error))
        {
          guint index = 0;
          gboolean is_end = FALSE;
          g_autofree char *message = NULL;

          split_range_field (ccal_core_error_get_field (error), &index, &is_end);
          if (is_end)
            message = g_strdup_printf (_("Hours: range %u must end after it starts."), index);
          else
            message = g_strdup_printf (_("Hours: range %u overlaps another range."), index);
          show_error (self, "override_hours", GTK_WIDGET (self->override_hours_entry), self->override_error_label,
                      message);
          return;
        }
    }

  changes = ccal_date_override_plan_set (self->events, &self->override_picker.date, kind,
                                         ranges != NULL ? (const CcalHoursRange *) (gconstpointer) ranges->data : NULL,
                                         ranges != NULL ? ranges->len : 0, &target, &error);
  if (changes == NULL || !apply_changes (self, changes, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The date override could not be saved: %s"), error->message);

      show_error (self, "override_date", NULL, self->override_error_label, message);
      return;
    }

  clear_error (self);
  ccal_availability_page_reload (self);
  saved_message (self, _("Date override saved."),
                 _("Date override saved on this computer. It will be sent when the server can be reached."));
}

static void
on_remove_override_clicked_cb (GtkButton            *button,
                               CcalAvailabilityPage *self)
{
  GDate *date = g_object_get_data (G_OBJECT (button), "date");
  g_autoptr (CcalEventChanges) changes = NULL;
  g_autoptr (GError) error = NULL;

  changes = ccal_date_override_plan_remove (self->events, date, settings_zone (self->settings), &error);
  if (changes == NULL || !apply_changes (self, changes, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The date override could not be removed: %s"), error->message);

      toast (self, message);
      return;
    }
  ccal_availability_page_reload (self);
  toast (self, _("Date override removed. That day has its weekly hours again."));
}

static GtkWidget *
remove_button_new (const char *accessible_name)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("user-trash-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, accessible_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_name, -1);
  return button;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
add_placeholder_row (GtkListBox *list,
                     const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_append (list, row);
}

static void
fill_overrides (CcalAvailabilityPage *self)
{
  const char *tzid = settings_zone (self->settings);
  g_autoptr (GPtrArray) overrides = NULL;
  GDate today;

  today_in (tzid, &today);
  overrides = ccal_date_overrides_from_events (self->events, tzid, &today);
  clear_list (self->overrides_list);
  if (overrides->len == 0)
    add_placeholder_row (self->overrides_list, _("No date overrides. Every day has its weekly hours."));

  for (guint i = 0; i < overrides->len; i++)
    {
      CcalDateOverride *override = g_ptr_array_index (overrides, i);
      GtkWidget *row = adw_action_row_new ();
      /* Translators: a date in a list, "Tuesday 24 November 2026"; see g_date_time_format() */
      g_autofree char *title = format_date (&override->date, _("%A %-d %B %Y"));
      g_autofree char *hours = format_ranges (override->ranges);
      g_autofree char *remove_name = g_strdup_printf (_("Remove the override on %s"), title);
      GtkWidget *remove = remove_button_new (remove_name);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      if (override->kind == CCAL_DATE_OVERRIDE_DAY_OFF)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), override->title != NULL ? override->title : _("Day off"));
      else
        {
          /* Translators: "Different hours: 10:00–12:00, 14:00–16:00" */
          g_autofree char *subtitle = g_strdup_printf (_("Different hours: %s"), hours);

          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
        }
      g_object_set_data_full (G_OBJECT (remove), "date", g_memdup2 (&override->date, sizeof (GDate)), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_override_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->overrides_list, row);
    }
}

/* ── blocked time ─────────────────────────────────────────────────────────────────────────────── */

static void
add_blocked (CcalAvailabilityPage *self)
{
  const char *tzid = settings_zone (self->settings);
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->blocked_title_row))));
  g_autoptr (CcalEvent) event = NULL;
  g_autoptr (GError) error = NULL;
  CcalWallClock wall = { 0 };
  int start, end;
  GDate today;

  today_in (tzid, &today);
  if (title[0] == '\0')
    {
      show_error (self, "blocked_title", GTK_WIDGET (self->blocked_title_row), self->blocked_error_label,
                  _("Title: give the blocked time a name, such as “Meeting at the bank”."));
      return;
    }
  if (g_date_compare (&self->blocked_picker.date, &today) < 0)
    {
      show_error (self, "blocked_date", GTK_WIDGET (self->blocked_date_button), self->blocked_error_label,
                  _("Date: choose today or a later day."));
      return;
    }
  if (!ccal_hours_parse_time (gtk_editable_get_text (GTK_EDITABLE (self->blocked_start_entry)), FALSE, &start))
    {
      show_error (self, "blocked_start", GTK_WIDGET (self->blocked_start_entry), self->blocked_error_label,
                  _("From: write the start as a 24-hour time, such as 12:00."));
      return;
    }
  if (!ccal_hours_parse_time (gtk_editable_get_text (GTK_EDITABLE (self->blocked_end_entry)), TRUE, &end))
    {
      show_error (self, "blocked_end", GTK_WIDGET (self->blocked_end_entry), self->blocked_error_label,
                  _("To: write the end as a 24-hour time, such as 13:00."));
      return;
    }
  if (end <= start)
    {
      show_error (self, "blocked_end", GTK_WIDGET (self->blocked_end_entry), self->blocked_error_label,
                  _("To: the blocked time must end after it starts."));
      return;
    }

  event = ccal_event_new ();
  event->workspace_id = g_strdup (workspace_id (self));
  event->admin_id = g_strdup (admin_id (self));
  event->title = g_steal_pointer (&title);
  event->type = CCAL_EVENT_TYPE_BLOCKED;
  event->status = CCAL_EVENT_STATUS_CONFIRMED;
  event->timezone = g_strdup (tzid);
  wall.year = g_date_get_year (&self->blocked_picker.date);
  wall.month = g_date_get_month (&self->blocked_picker.date);
  wall.day = g_date_get_day (&self->blocked_picker.date);
  wall.hour = start / 60;
  wall.minute = start % 60;
  if (!ccal_time_from_wall_clock (&wall, tzid, &event->start_time, &error))
    goto failed;
  if (end == CCAL_HOURS_MINUTES_PER_DAY)
    {
      gint64 unused;

      if (!ccal_time_day_bounds (&self->blocked_picker.date, tzid, &unused, &event->end_time, &error))
        goto failed;
    }
  else
    {
      wall.hour = end / 60;
      wall.minute = end % 60;
      if (!ccal_time_from_wall_clock (&wall, tzid, &event->end_time, &error))
        goto failed;
    }

  if (!ccal_event_validate (event, &error) ||
      !ccal_sync_save_event (ccal_account_get_sync (self->account), event, NULL, &error))
    goto failed;

  clear_error (self);
  ccal_availability_page_reload (self);
  saved_message (self, _("Blocked time added."),
                 _("Blocked time saved on this computer. It will be sent when the server can be reached."));
  return;

failed:
  {
    const char *field = ccal_core_error_get_field (error);
    g_autofree char *message = g_strdup_printf (_("The blocked time could not be saved: %s"), error->message);

    if (g_strcmp0 (field, "title") == 0)
      show_error (self, "blocked_title", GTK_WIDGET (self->blocked_title_row), self->blocked_error_label, message);
    else
      show_error (self, "blocked_end", GTK_WIDGET (self->blocked_end_entry), self->blocked_error_label, message);
  }
}

static void
on_remove_blocked_clicked_cb (GtkButton            *button,
                              CcalAvailabilityPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "event-id");
  g_autoptr (GError) error = NULL;

  if (!ccal_sync_delete_event (ccal_account_get_sync (self->account), id, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The blocked time could not be removed: %s"), error->message);

      toast (self, message);
      return;
    }
  ccal_availability_page_reload (self);
  toast (self, _("Blocked time removed."));
}

static int
compare_event_starts (gconstpointer a,
                      gconstpointer b)
{
  const CcalEvent *ea = *(CcalEvent * const *) a;
  const CcalEvent *eb = *(CcalEvent * const *) b;

  return ea->start_time < eb->start_time ? -1 : ea->start_time > eb->start_time;
}

static void
fill_blocked (CcalAvailabilityPage *self)
{
  const char *tzid = settings_zone (self->settings);
  g_autoptr (GPtrArray) blocked = g_ptr_array_new ();
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < self->events->len; i++)
    {
      CcalEvent *event = g_ptr_array_index (self->events, i);

      /* All-day blocked time is listed as a day off; a repeating one has no single time to show. */
      if (event->type == CCAL_EVENT_TYPE_BLOCKED && !event->is_all_day && event->rrule == NULL &&
          event->end_time > now && event->status != CCAL_EVENT_STATUS_CANCELLED)
        g_ptr_array_add (blocked, event);
    }
  g_ptr_array_sort (blocked, compare_event_starts);

  clear_list (self->blocked_list);
  if (blocked->len == 0)
    add_placeholder_row (self->blocked_list, _("No upcoming blocked time."));

  for (guint i = 0; i < MIN (blocked->len, MAX_BLOCKED_SHOWN); i++)
    {
      CcalEvent *event = g_ptr_array_index (blocked, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *start = format_clock (event->start_time, tzid);
      g_autofree char *end = format_clock (event->end_time, tzid);
      g_autofree char *day = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *remove_name = NULL;
      GtkWidget *remove;
      GDate date;

      g_date_clear (&date, 1);
      if (!ccal_time_to_date (event->start_time, tzid, &date, NULL))
        continue;
      day = format_date (&date, _("%a %-d %b %Y"));
      /* Translators: "Tue 24 Nov 2026, 12:00–13:00" */
      subtitle = g_strdup_printf (_("%s, %s–%s"), day, start, end);
      /* Translators: tooltip, "Remove “Dentist”" */
      remove_name = g_strdup_printf (_("Remove “%s”"), event->title);
      remove = remove_button_new (remove_name);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), event->title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      g_object_set_data_full (G_OBJECT (remove), "event-id", g_strdup (event->id), g_free);
      g_signal_connect (remove, "clicked", G_CALLBACK (on_remove_blocked_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
      gtk_list_box_append (self->blocked_list, row);
    }
}

/* ── booking settings ─────────────────────────────────────────────────────────────────────────── */

static void
fill_settings (CcalAvailabilityPage *self)
{
  self->filling = TRUE;
  gtk_spin_button_set_value (self->slot_spin, self->settings->slot_minutes);
  gtk_spin_button_set_value (self->buffer_before_spin, self->settings->buffer_before_minutes);
  gtk_spin_button_set_value (self->buffer_after_spin, self->settings->buffer_after_minutes);
  gtk_spin_button_set_value (self->notice_spin, self->settings->min_notice_minutes);
  gtk_spin_button_set_value (self->advance_spin, self->settings->max_advance_days);
  gtk_editable_set_text (GTK_EDITABLE (self->timezone_row), settings_zone (self->settings));
  self->filling = FALSE;
}

/* The settings as the form has them (a copy of the saved ones with the typed values). */
static CcalSettings *
form_settings (CcalAvailabilityPage *self)
{
  g_autoptr (CcalSettings) settings = ccal_settings_copy (self->settings);
  g_autofree char *zone = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->timezone_row))));

  settings->slot_minutes = gtk_spin_button_get_value_as_int (self->slot_spin);
  settings->buffer_before_minutes = gtk_spin_button_get_value_as_int (self->buffer_before_spin);
  settings->buffer_after_minutes = gtk_spin_button_get_value_as_int (self->buffer_after_spin);
  settings->min_notice_minutes = gtk_spin_button_get_value_as_int (self->notice_spin);
  settings->max_advance_days = gtk_spin_button_get_value_as_int (self->advance_spin);
  g_free (settings->timezone);
  settings->timezone = g_steal_pointer (&zone);
  if (settings->admin_id == NULL)
    settings->admin_id = g_strdup (admin_id (self));
  return g_steal_pointer (&settings);
}

static GtkWidget *
settings_row_for_field (CcalAvailabilityPage *self,
                        const char           *field)
{
  if (g_strcmp0 (field, "slot_minutes") == 0)
    return self->slot_row;
  if (g_strcmp0 (field, "buffer_before_minutes") == 0)
    return self->buffer_before_row;
  if (g_strcmp0 (field, "buffer_after_minutes") == 0)
    return self->buffer_after_row;
  if (g_strcmp0 (field, "min_notice_minutes") == 0)
    return self->notice_row;
  if (g_strcmp0 (field, "max_advance_days") == 0)
    return self->advance_row;
  if (g_strcmp0 (field, "timezone") == 0)
    return GTK_WIDGET (self->timezone_row);
  return NULL;
}

static void
show_settings_error (CcalAvailabilityPage *self,
                     const char           *field,
                     const char           *detail)
{
  GtkWidget *row = settings_row_for_field (self, field);
  g_autofree char *message = NULL;

  if (g_strcmp0 (field, "timezone") == 0)
    {
      g_autofree char *zone = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->timezone_row))));

      /* Translators: "Time zone: “Mars/Olympus” is not a time zone …" */
      message = g_strdup_printf (_("Time zone: “%s” is not a time zone this app knows. Search for one, such as "
                                   "Europe/Berlin."), zone);
    }
  else if (row != NULL)
    {
      g_autofree char *title = NULL;

      title = g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
      /* Drop the mnemonic's underscore from the row title. */
      for (char *p = title, *q = title;; p++)
        if (*p != '_' && !(*q++ = *p))
          break;
      /* Translators: "Slot length: The value must be between 5 and 480." */
      message = g_strdup_printf (_("%s: %s"), title, detail);
    }
  else
    message = g_strdup (detail);

  show_error (self, field, row, self->settings_error_label, message);
}

static gboolean
validate_form_settings (CcalAvailabilityPage *self,
                        gboolean              show)
{
  g_autoptr (CcalSettings) settings = form_settings (self);
  g_autoptr (GError) error = NULL;

  if (ccal_settings_validate (settings, &error))
    return TRUE;
  if (show)
    show_settings_error (self, ccal_core_error_get_field (error), error->message);
  return FALSE;
}

static void
on_settings_changed_cb (CcalAvailabilityPage *self)
{
  if (self->filling)
    return;
  self->settings_dirty = TRUE;
  if (self->error_label == self->settings_error_label)
    clear_error (self);
  schedule_preview (self);
}

static void save_settings (CcalAvailabilityPage *self);

static void
on_settings_fetched_cb (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalSettings) settings = ccal_api_client_get_settings_finish (CCAL_API_CLIENT (source), result, &error);
  CcalAvailabilityPage *self = user_data;

  if (settings == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->settings_fetching = FALSE;
  /* Offline or refused: the cache's copy stays in use. An answer that crossed a save on the way
   * (older than what the save returned) must not bring old values back. */
  if (settings != NULL && !self->settings_saving && settings->version >= self->settings->version)
    {
      ccal_cache_put_settings (ccal_account_get_cache (self->account), settings, NULL);
      g_set_object (&self->settings, settings);
      if (!self->settings_dirty)
        fill_settings (self);
      ccal_availability_page_reload (self);
    }
  /* A save pressed before the server's copy arrived goes now, on top of the version just read. */
  if (self->save_after_fetch)
    {
      self->save_after_fetch = FALSE;
      save_settings (self);
    }
}

static void
fetch_settings (CcalAvailabilityPage *self)
{
  if (admin_id (self) == NULL)
    return;
  self->settings_fetching = TRUE;
  ccal_api_client_get_settings_async (ccal_account_get_api_client (self->account), admin_id (self), self->cancellable,
                                      on_settings_fetched_cb, self);
}

static void
on_settings_saved_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalSettings) saved = ccal_api_client_update_settings_finish (CCAL_API_CLIENT (source), result, &error);
  CcalAvailabilityPage *self = user_data;

  if (saved == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->settings_saving = FALSE;

  if (saved != NULL)
    {
      g_autoptr (GError) cache_error = NULL;

      if (!ccal_cache_put_settings (ccal_account_get_cache (self->account), saved, &cache_error))
        g_debug ("Settings saved but not cached: %s", cache_error->message);
      g_set_object (&self->settings, saved);
      self->settings_dirty = FALSE;
      fill_settings (self);
      ccal_availability_page_reload (self);
      toast (self, _("Booking settings saved."));
      return;
    }

  /* Whatever happened, what was typed stays in the form. */
  if (ccal_api_error_is_transient (error))
    show_error (self, "settings", NULL, self->settings_error_label,
                _("Not saved: the server cannot be reached. What you typed is kept here; save again when the "
                  "connection is back."));
  else if (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_VERSION_CONFLICT))
    {
      show_error (self, "settings", NULL, self->settings_error_label,
                  _("Not saved: these settings were changed elsewhere meanwhile. Your values are kept here; save "
                    "again to replace the other change."));
      fetch_settings (self);   /* for the new version to replace */
    }
  else if (ccal_api_error_get_field (error) != NULL && settings_row_for_field (self, ccal_api_error_get_field (error)))
    show_settings_error (self, ccal_api_error_get_field (error), error->message);
  else
    {
      g_autofree char *message = g_strdup_printf (_("Not saved: %s"), error->message);

      show_error (self, "settings", NULL, self->settings_error_label, message);
    }
}

static void
save_settings (CcalAvailabilityPage *self)
{
  g_autoptr (CcalSettings) settings = NULL;

  if (self->settings_saving)
    return;
  if (self->settings_fetching)
    {
      self->save_after_fetch = TRUE;
      return;
    }
  /* A value typed into a spin button counts once it is committed. */
  gtk_spin_button_update (self->slot_spin);
  gtk_spin_button_update (self->buffer_before_spin);
  gtk_spin_button_update (self->buffer_after_spin);
  gtk_spin_button_update (self->notice_spin);
  gtk_spin_button_update (self->advance_spin);
  if (!validate_form_settings (self, TRUE))
    return;

  clear_error (self);
  settings = form_settings (self);
  /* The server reads the version from If-Match; the body's must merely be valid (≥ 1), which the
   * defaults' 0 is not when the server's copy has not arrived yet. */
  settings->version = MAX (settings->version, 1);
  self->settings_saving = TRUE;
  ccal_api_client_update_settings_async (ccal_account_get_api_client (self->account), settings,
                                         self->settings->version, self->cancellable, on_settings_saved_cb, self);
}

/* The zone picker: a searchable list of the zones the app knows. */
static void
on_zone_setup_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
on_zone_bind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item)
{
  GtkStringObject *zone = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)), gtk_string_object_get_string (zone));
}

static void
pick_zone (CcalAvailabilityPage *self,
           guint                 position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->timezone_list));
  g_autoptr (GtkStringObject) zone = g_list_model_get_item (model, position);

  if (zone == NULL)
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->timezone_row), gtk_string_object_get_string (zone));
  gtk_menu_button_popdown (self->timezone_button);
}

static void
on_zone_activate_cb (GtkListView          *list,
                     guint                 position,
                     CcalAvailabilityPage *self)
{
  pick_zone (self, position);
}

static void
on_zone_search_changed_cb (GtkSearchEntry       *entry,
                           CcalAvailabilityPage *self)
{
  gtk_string_filter_set_search (self->zone_filter, gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
on_zone_search_activate_cb (GtkSearchEntry       *entry,
                            CcalAvailabilityPage *self)
{
  pick_zone (self, 0);
}

/* ── preview ──────────────────────────────────────────────────────────────────────────────────── */

static GArray *
busy_from_bookings (GPtrArray *bookings)
{
  GArray *busy = g_array_new (FALSE, FALSE, sizeof (CcalInterval));

  for (guint i = 0; bookings != NULL && i < bookings->len; i++)
    {
      CcalBooking *booking = g_ptr_array_index (bookings, i);
      CcalInterval interval = { booking->start_time, booking->end_time };

      if (!booking->deleted && ccal_booking_status_is_busy (booking->status))
        g_array_append_val (busy, interval);
    }
  return busy;
}

static gboolean
has_availability (GPtrArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      CcalEvent *event = g_ptr_array_index (events, i);

      if (event->type == CCAL_EVENT_TYPE_AVAILABILITY && !event->deleted &&
          event->status != CCAL_EVENT_STATUS_CANCELLED)
        return TRUE;
    }
  return FALSE;
}

static void
show_preview_message (CcalAvailabilityPage *self,
                      const char           *message)
{
  gtk_label_set_label (self->preview_empty_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_empty_label), TRUE);
}

static void
compute_preview (CcalAvailabilityPage *self)
{
  CcalCache *cache = ccal_account_get_cache (self->account);
  g_autoptr (CcalSettings) settings = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) bookings = NULL;
  g_autoptr (GArray) busy = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *day = NULL;
  g_autofree char *title = NULL;
  GtkWidget *child;
  const char *tzid;
  gint64 from, to, day_start, day_end;
  gint64 now = g_get_real_time ();

  g_clear_pointer (&self->preview_slots, g_array_unref);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->preview_slots_box))) != NULL)
    gtk_flow_box_remove (self->preview_slots_box, child);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_empty_label), FALSE);

  /* The settings as typed when they are valid: the preview answers "what if I save this?". */
  settings = validate_form_settings (self, FALSE) ? form_settings (self) : ccal_settings_copy (self->settings);
  tzid = settings_zone (settings);

  day = format_date (&self->preview_date, _("%A %-d %B %Y"));
  /* Translators: the preview's heading, "Tuesday 24 November 2026 · Europe/Berlin" */
  title = g_strdup_printf (_("%s · %s"), day, tzid);
  gtk_label_set_label (self->preview_title_label, title);

  if (admin_id (self) == NULL)
    {
      show_preview_message (self, _("Sign in again to see the preview: this computer does not know whose calendar "
                                    "this is yet."));
      return;
    }

  if (!ccal_availability_day_query_range (&self->preview_date, tzid, settings, &from, &to, &error) ||
      !ccal_time_day_bounds (&self->preview_date, tzid, &day_start, &day_end, &error))
    {
      show_preview_message (self, error->message);
      return;
    }

  events = ccal_cache_query_events (cache, from, to, admin_id (self), &error);
  if (events != NULL)
    bookings = ccal_cache_query_bookings (cache, from, to, admin_id (self), &error);
  if (events == NULL || bookings == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The preview cannot read this computer’s copy: %s"),
                                                  error->message);

      show_preview_message (self, message);
      return;
    }

  /* Weekly hours typed but not saved yet count too, as they will once saved. */
  if (self->hours_dirty)
    {
      g_autoptr (CcalWeeklyHours) hours = collect_hours (self, FALSE);
      g_autoptr (CcalEventChanges) changes = NULL;

      if (hours != NULL)
        {
          CcalHoursTarget target = make_target (self, "");

          target.tzid = tzid;
          changes = ccal_weekly_hours_plan (hours, self->events, &target, NULL);
        }
      if (changes != NULL)
        {
          GPtrArray *planned = ccal_event_changes_apply (changes, events);

          g_ptr_array_unref (events);
          events = planned;
        }
    }

  busy = busy_from_bookings (bookings);
  self->preview_slots = ccal_availability_compute_day (&self->preview_date, tzid, events, busy, settings, 0, now,
                                                       &error);
  if (self->preview_slots == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The preview cannot be computed: %s"), error->message);

      show_preview_message (self, message);
      return;
    }

  for (guint i = 0; i < self->preview_slots->len; i++)
    {
      const CcalInterval *slot = &g_array_index (self->preview_slots, CcalInterval, i);
      g_autofree char *start = format_clock (slot->start, tzid);
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      GtkWidget *label;
      gboolean repeated = FALSE;

      /* The night the clocks go back shows 02:00 twice: tell the two apart by their UTC offset. */
      for (guint k = 0; k < self->preview_slots->len; k++)
        if (k != i)
          {
            g_autofree char *other = format_clock (g_array_index (self->preview_slots, CcalInterval, k).start, tzid);

            repeated |= g_str_equal (other, start);
          }
      if (repeated)
        {
          int offset = 0;
          g_autofree char *offset_text = NULL;
          char *with_offset;

          ccal_time_zone_get_offset (tzid, slot->start, &offset, NULL);
          offset_text = ccal_time_format_utc_offset (offset);
          /* Translators: a slot on the night the clocks go back, "02:00 (+02:00)" */
          with_offset = g_strdup_printf (_("%s (%s)"), start, offset_text);
          g_free (start);
          start = with_offset;
        }
      label = gtk_label_new (start);

      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_widget_add_css_class (label, "numeric");
      gtk_widget_add_css_class (card, "card");
      gtk_box_append (GTK_BOX (card), label);
      gtk_flow_box_append (self->preview_slots_box, card);
    }

  if (self->preview_slots->len > 0)
    {
      g_autofree char *count = g_strdup_printf (ngettext ("%u slot of %d minutes", "%u slots of %d minutes",
                                                          self->preview_slots->len),
                                                self->preview_slots->len, settings->slot_minutes);

      show_preview_message (self, count);
    }
  else if (day_end <= now + (gint64) settings->min_notice_minutes * CCAL_USEC_PER_MINUTE)
    show_preview_message (self, _("No slots: this day is over, or inside the minimum notice."));
  else if (day_start > now + (gint64) settings->max_advance_days * CCAL_USEC_PER_DAY)
    show_preview_message (self, _("No slots: callers cannot book this far ahead."));
  else if (!has_availability (events))
    show_preview_message (self, _("No slots: there are no bookable hours on this day. Add weekly hours, or "
                                  "different hours for this date."));
  else
    show_preview_message (self, _("No slots on this day: its bookable hours are taken or blocked."));
}

static gboolean
preview_idle_cb (gpointer user_data)
{
  CcalAvailabilityPage *self = user_data;

  self->preview_idle_id = 0;
  compute_preview (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_preview (CcalAvailabilityPage *self)
{
  if (self->preview_idle_id == 0)
    self->preview_idle_id = g_idle_add (preview_idle_cb, self);
}

static void
on_preview_day_selected_cb (CcalAvailabilityPage *self)
{
  ccal_calendar_get_gdate (self->preview_calendar, &self->preview_date);
  schedule_preview (self);
}

/* ── loading ──────────────────────────────────────────────────────────────────────────────────── */

void
ccal_availability_page_reload (CcalAvailabilityPage *self)
{
  CcalCache *cache;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (CcalWeeklyHours) hours = NULL;
  gint64 now = g_get_real_time ();

  g_return_if_fail (CCAL_IS_AVAILABILITY_PAGE (self));

  cache = ccal_account_get_cache (self->account);
  if (admin_id (self) != NULL && !self->settings_saving)
    {
      g_autoptr (CcalSettings) cached = ccal_cache_get_settings (cache, admin_id (self), NULL);

      if (cached != NULL && cached->version >= self->settings->version)
        g_set_object (&self->settings, cached);
      if (!self->settings_dirty)
        fill_settings (self);
    }

  if (admin_id (self) != NULL)
    events = ccal_cache_query_events (cache, now - EVENTS_BACK_USEC, now + EVENTS_AHEAD_USEC, admin_id (self), &error);
  if (events == NULL)
    {
      if (error != NULL)
        {
          g_autofree char *message = g_strdup_printf (_("This computer’s copy cannot be read: %s"), error->message);

          toast (self, message);
        }
      events = g_ptr_array_new_with_free_func (g_object_unref);
    }
  g_ptr_array_unref (self->events);
  self->events = g_steal_pointer (&events);

  if (!self->hours_dirty)
    {
      hours = ccal_weekly_hours_new_from_events (self->events);
      fill_hours (self, hours);
    }
  fill_overrides (self);
  fill_blocked (self);
  schedule_preview (self);
}

static void
on_objects_changed_cb (CcalSync             *sync,
                       int                   collection,
                       GStrv                 ids,
                       CcalAvailabilityPage *self)
{
  ccal_availability_page_reload (self);
}

/* ── actions ──────────────────────────────────────────────────────────────────────────────────── */

static void
save_hours_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  save_hours (CCAL_AVAILABILITY_PAGE (widget));
}

static void
save_settings_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  save_settings (CCAL_AVAILABILITY_PAGE (widget));
}

static void
add_override_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  add_override (CCAL_AVAILABILITY_PAGE (widget));
}

static void
add_blocked_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  add_blocked (CCAL_AVAILABILITY_PAGE (widget));
}

/* ── GObject ──────────────────────────────────────────────────────────────────────────────────── */

static void
ccal_availability_page_constructed (GObject *object)
{
  CcalAvailabilityPage *self = CCAL_AVAILABILITY_PAGE (object);
  const CcalMe *me;
  GDate today;

  G_OBJECT_CLASS (ccal_availability_page_parent_class)->constructed (object);

  g_return_if_fail (CCAL_IS_ACCOUNT (self->account));

  me = ccal_account_get_me (self->account);
  if (me != NULL && me->role != CCAL_ROLE_ADMIN)
    {
      gtk_widget_set_visible (self->read_only_label, TRUE);
      gtk_widget_set_sensitive (self->hours_group, FALSE);
      gtk_widget_set_sensitive (self->overrides_group, FALSE);
      gtk_widget_set_sensitive (self->blocked_group, FALSE);
      gtk_widget_set_sensitive (self->settings_group, FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "availability.save-hours", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "availability.save-settings", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "availability.add-override", FALSE);
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "availability.add-blocked", FALSE);
    }

  /* Settings first (their zone says what "today" is), from the cache, then from the server. */
  if (admin_id (self) != NULL)
    {
      g_autoptr (CcalSettings) cached = ccal_cache_get_settings (ccal_account_get_cache (self->account),
                                                                 admin_id (self), NULL);

      if (cached != NULL)
        g_set_object (&self->settings, cached);
    }
  fill_settings (self);

  today_in (settings_zone (self->settings), &today);
  self->preview_date = today;
  date_picker_set (&self->override_picker, &today);
  date_picker_set (&self->blocked_picker, &today);
  {
    g_autoptr (GDateTime) noon = g_date_time_new_local (g_date_get_year (&today), g_date_get_month (&today),
                                                        g_date_get_day (&today), 12, 0, 0);

    gtk_calendar_select_day (self->preview_calendar, noon);
  }

  self->objects_changed_id = g_signal_connect (ccal_account_get_sync (self->account), "objects-changed",
                                               G_CALLBACK (on_objects_changed_cb), self);
  ccal_availability_page_reload (self);
  /* The first frame shows the preview already. */
  g_clear_handle_id (&self->preview_idle_id, g_source_remove);
  compute_preview (self);
  fetch_settings (self);
}

static void
ccal_availability_page_dispose (GObject *object)
{
  CcalAvailabilityPage *self = CCAL_AVAILABILITY_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->preview_idle_id, g_source_remove);
  if (self->account != NULL)
    g_clear_signal_handler (&self->objects_changed_id, ccal_account_get_sync (self->account));
  /* AdwBin unparents its child (the whole template) itself. */

  G_OBJECT_CLASS (ccal_availability_page_parent_class)->dispose (object);
}

static void
ccal_availability_page_finalize (GObject *object)
{
  CcalAvailabilityPage *self = CCAL_AVAILABILITY_PAGE (object);

  g_clear_object (&self->account);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->zone_filter);
  g_clear_pointer (&self->events, g_ptr_array_unref);
  g_clear_pointer (&self->preview_slots, g_array_unref);
  g_free (self->error_field);

  G_OBJECT_CLASS (ccal_availability_page_parent_class)->finalize (object);
}

static void
ccal_availability_page_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CcalAvailabilityPage *self = CCAL_AVAILABILITY_PAGE (object);

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
ccal_availability_page_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CcalAvailabilityPage *self = CCAL_AVAILABILITY_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_availability_page_class_init (CcalAvailabilityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ccal_availability_page_constructed;
  object_class->dispose = ccal_availability_page_dispose;
  object_class->finalize = ccal_availability_page_finalize;
  object_class->get_property = ccal_availability_page_get_property;
  object_class->set_property = ccal_availability_page_set_property;

  properties[PROP_ACCOUNT] = g_param_spec_object ("account", NULL, NULL, CCAL_TYPE_ACCOUNT,
                                                  G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                  G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/customerconnects/Calendar/ccal-availability-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, hours_group);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, hours_list);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, save_hours_button);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, overrides_group);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, override_form_row);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, override_date_button);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, override_calendar);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, override_kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, override_hours_entry);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, override_error_label);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, overrides_list);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, blocked_group);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, blocked_title_row);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, blocked_form_row);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, blocked_date_button);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, blocked_calendar);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, blocked_start_entry);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, blocked_end_entry);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, blocked_error_label);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, blocked_list);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, settings_group);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, slot_row);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, slot_spin);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, buffer_before_row);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, buffer_before_spin);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, buffer_after_row);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, buffer_after_spin);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, notice_row);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, notice_spin);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, advance_row);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, advance_spin);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, timezone_row);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, timezone_button);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, timezone_search);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, timezone_list);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, settings_error_label);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, preview_calendar);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, preview_title_label);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, preview_slots_box);
  gtk_widget_class_bind_template_child (widget_class, CcalAvailabilityPage, preview_empty_label);

  gtk_widget_class_install_action (widget_class, "availability.save-hours", NULL, save_hours_action);
  gtk_widget_class_install_action (widget_class, "availability.save-settings", NULL, save_settings_action);
  gtk_widget_class_install_action (widget_class, "availability.add-override", NULL, add_override_action);
  gtk_widget_class_install_action (widget_class, "availability.add-blocked", NULL, add_blocked_action);

  gtk_widget_class_set_css_name (widget_class, "availabilitypage");
}

static void
ccal_availability_page_init (CcalAvailabilityPage *self)
{
  static const char *day_labels[CCAL_WEEKLY_HOURS_N_DAYS] = {
    N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"), N_("Saturday"), N_("Sunday"),
  };
  g_auto (GStrv) zones = ccal_time_zone_list ();
  g_autoptr (GtkStringList) zone_list = gtk_string_list_new ((const char * const *) zones);
  GtkFilterListModel *filtered;
  GtkSingleSelection *selection;
  GtkListItemFactory *factory;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = ccal_settings_new ();
  self->events = g_ptr_array_new_with_free_func (g_object_unref);
  g_date_clear (&self->preview_date, 1);

  for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
    {
      self->day_rows[day] = CCAL_WEEKDAY_HOURS_ROW (ccal_weekday_hours_row_new (day, _(day_labels[day])));
      g_signal_connect (self->day_rows[day], "changed", G_CALLBACK (on_day_row_changed_cb), self);
      g_signal_connect (self->day_rows[day], "copy-to-all", G_CALLBACK (on_day_row_copy_to_all_cb), self);
      gtk_list_box_append (self->hours_list, GTK_WIDGET (self->day_rows[day]));
    }

  date_picker_init (&self->override_picker, self, self->override_date_button, self->override_calendar,
                    _("Date of the override"));
  date_picker_init (&self->blocked_picker, self, self->blocked_date_button, self->blocked_calendar,
                    _("Date of the blocked time"));
  g_signal_connect_swapped (self->override_kind_dropdown, "notify::selected",
                            G_CALLBACK (on_override_kind_changed_cb), self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->override_hours_entry), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->override_kind_dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Kind of override"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->override_hours_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Hours on that date"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->blocked_start_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Blocked from"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->blocked_end_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Blocked until"), -1);
  g_signal_connect_swapped (self->override_hours_entry, "changed", G_CALLBACK (clear_error), self);
  g_signal_connect_swapped (self->blocked_start_entry, "changed", G_CALLBACK (clear_error), self);
  g_signal_connect_swapped (self->blocked_end_entry, "changed", G_CALLBACK (clear_error), self);
  g_signal_connect_swapped (self->blocked_title_row, "changed", G_CALLBACK (clear_error), self);

  g_signal_connect_swapped (self->slot_spin, "value-changed", G_CALLBACK (on_settings_changed_cb), self);
  g_signal_connect_swapped (self->buffer_before_spin, "value-changed", G_CALLBACK (on_settings_changed_cb), self);
  g_signal_connect_swapped (self->buffer_after_spin, "value-changed", G_CALLBACK (on_settings_changed_cb), self);
  g_signal_connect_swapped (self->notice_spin, "value-changed", G_CALLBACK (on_settings_changed_cb), self);
  g_signal_connect_swapped (self->advance_spin, "value-changed", G_CALLBACK (on_settings_changed_cb), self);
  g_signal_connect_swapped (self->timezone_row, "changed", G_CALLBACK (on_settings_changed_cb), self);

  self->zone_filter = gtk_string_filter_new (gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL, "string"));
  gtk_string_filter_set_match_mode (self->zone_filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  gtk_string_filter_set_ignore_case (self->zone_filter, TRUE);
  filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_steal_pointer (&zone_list)),
                                        GTK_FILTER (g_object_ref (self->zone_filter)));
  selection = gtk_single_selection_new (G_LIST_MODEL (filtered));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_zone_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_zone_bind_cb), NULL);
  gtk_list_view_set_model (self->timezone_list, GTK_SELECTION_MODEL (selection));
  gtk_list_view_set_factory (self->timezone_list, factory);
  g_object_unref (selection);
  g_object_unref (factory);
  g_signal_connect (self->timezone_list, "activate", G_CALLBACK (on_zone_activate_cb), self);
  g_signal_connect (self->timezone_search, "search-changed", G_CALLBACK (on_zone_search_changed_cb), self);
  g_signal_connect (self->timezone_search, "activate", G_CALLBACK (on_zone_search_activate_cb), self);

  g_signal_connect_swapped (self->preview_calendar, "day-selected", G_CALLBACK (on_preview_day_selected_cb), self);
}

/* ── public ───────────────────────────────────────────────────────────────────────────────────── */

GtkWidget *
ccal_availability_page_new (CcalAccount *account)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (account), NULL);

  return g_object_new (CCAL_TYPE_AVAILABILITY_PAGE, "account", account, NULL);
}

CcalAccount *
ccal_availability_page_get_account (CcalAvailabilityPage *self)
{
  g_return_val_if_fail (CCAL_IS_AVAILABILITY_PAGE (self), NULL);
  return self->account;
}

void
ccal_availability_page_set_preview_date (CcalAvailabilityPage *self,
                                         const GDate          *date)
{
  g_autoptr (GDateTime) noon = NULL;

  g_return_if_fail (CCAL_IS_AVAILABILITY_PAGE (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  self->preview_date = *date;
  noon = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);
  gtk_calendar_select_day (self->preview_calendar, noon);
  g_clear_handle_id (&self->preview_idle_id, g_source_remove);
  compute_preview (self);
}

GArray *
ccal_availability_page_get_preview_slots (CcalAvailabilityPage *self)
{
  g_return_val_if_fail (CCAL_IS_AVAILABILITY_PAGE (self), NULL);

  /* Up to date even when the idle recompute has not run yet. */
  if (self->preview_idle_id != 0)
    {
      g_clear_handle_id (&self->preview_idle_id, g_source_remove);
      compute_preview (self);
    }
  return self->preview_slots;
}

const char *
ccal_availability_page_get_error_field (CcalAvailabilityPage *self)
{
  g_return_val_if_fail (CCAL_IS_AVAILABILITY_PAGE (self), NULL);
  return self->error_field;
}

gboolean
ccal_availability_page_get_loading (CcalAvailabilityPage *self)
{
  g_return_val_if_fail (CCAL_IS_AVAILABILITY_PAGE (self), FALSE);

  return self->settings_fetching;
}

gboolean
ccal_availability_page_has_unsaved_changes (CcalAvailabilityPage *self)
{
  g_return_val_if_fail (CCAL_IS_AVAILABILITY_PAGE (self), FALSE);
  return self->hours_dirty || self->settings_dirty;
}
