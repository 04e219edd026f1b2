/* ccal-weekday-hours-row.c — one weekday of the weekly hours editor: its time ranges, add, remove, copy
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>
#include <stdlib.h>

#include "ccal-weekday-hours-row.h"

typedef struct
{
  GtkWidget *box;
  GtkEntry  *start;
  GtkEntry  *end;
  GtkWidget *remove;
} Line;

struct _CcalWeekdayHoursRow
{
  GtkListBoxRow  parent_instance;

  /* children */
  GtkWidget     *day_label;
  GtkWidget     *ranges_box;
  GtkWidget     *unavailable_label;
  GtkWidget     *error_label;

  /* owned */
  GPtrArray     *lines;        /* Line */
  char          *label;
  guint          day;
  GtkWidget     *error_entry;  /* borrowed: the entry marked with .error */
  gboolean       filling;
};

G_DEFINE_FINAL_TYPE (CcalWeekdayHoursRow, ccal_weekday_hours_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  CHANGED,
  COPY_TO_ALL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
emit_changed (CcalWeekdayHoursRow *self)
{
  if (!self->filling)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
update_placeholder (CcalWeekdayHoursRow *self)
{
  gtk_widget_set_visible (self->unavailable_label, self->lines->len == 0);
}

static void
relabel_lines (CcalWeekdayHoursRow *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);
      /* Translators: what a screen reader says for a time entry: "Monday, range 2, start" */
      g_autofree char *start_name = g_strdup_printf (_("%s, range %u, start"), self->label, i + 1);
      /* Translators: what a screen reader says for a time entry: "Monday, range 2, end" */
      g_autofree char *end_name = g_strdup_printf (_("%s, range %u, end"), self->label, i + 1);
      /* Translators: tooltip of the button that removes one time range of a weekday */
      g_autofree char *remove_name = g_strdup_printf (_("Remove %s range %u"), self->label, i + 1);

      gtk_accessible_update_property (GTK_ACCESSIBLE (line->start), GTK_ACCESSIBLE_PROPERTY_LABEL, start_name, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (line->end), GTK_ACCESSIBLE_PROPERTY_LABEL, end_name, -1);
      gtk_widget_set_tooltip_text (line->remove, remove_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (line->remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_name, -1);
    }
}

static void
on_remove_clicked_cb (GtkButton           *button,
                      CcalWeekdayHoursRow *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);

      if (line->remove != GTK_WIDGET (button))
        continue;
      ccal_weekday_hours_row_set_error (self, NULL, NULL);
      gtk_box_remove (GTK_BOX (self->ranges_box), line->box);
      g_ptr_array_remove_index (self->lines, i);
      break;
    }
  relabel_lines (self);
  update_placeholder (self);
  emit_changed (self);
}

static void
on_entry_changed_cb (GtkEditable         *editable,
                     CcalWeekdayHoursRow *self)
{
  emit_changed (self);
}

static GtkEntry *
time_entry_new (CcalWeekdayHoursRow *self)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 5);
  gtk_editable_set_max_width_chars (GTK_EDITABLE (entry), 6);
  gtk_entry_set_max_length (GTK_ENTRY (entry), 5);
  gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_DIGITS);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), "09:00");
  gtk_entry_set_alignment (GTK_ENTRY (entry), 0.5);
  gtk_widget_set_valign (entry, GTK_ALIGN_CENTER);
  g_signal_connect (entry, "changed", G_CALLBACK (on_entry_changed_cb), self);
  return GTK_ENTRY (entry);
}

static Line *
append_line (CcalWeekdayHoursRow *self,
             int                  start,
             int                  end)
{
  g_autofree char *start_text = ccal_hours_format_time (start);
  g_autofree char *end_text = ccal_hours_format_time (end);
  Line *line = g_new0 (Line, 1);
  GtkWidget *dash;

  line->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  line->start = time_entry_new (self);
  line->end = time_entry_new (self);
  gtk_editable_set_text (GTK_EDITABLE (line->start), start_text);
  gtk_editable_set_text (GTK_EDITABLE (line->end), end_text);
  dash = gtk_label_new ("–");
  gtk_widget_add_css_class (dash, "dim-label");
  line->remove = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  gtk_widget_add_css_class (line->remove, "flat");
  gtk_widget_set_valign (line->remove, GTK_ALIGN_CENTER);
  g_signal_connect (line->remove, "clicked", G_CALLBACK (on_remove_clicked_cb), self);

  gtk_box_append (GTK_BOX (line->box), GTK_WIDGET (line->start));
  gtk_box_append (GTK_BOX (line->box), dash);
  gtk_box_append (GTK_BOX (line->box), GTK_WIDGET (line->end));
  gtk_box_append (GTK_BOX (line->box), line->remove);
  gtk_box_append (GTK_BOX (self->ranges_box), line->box);
  g_ptr_array_add (self->lines, line);
  relabel_lines (self);
  update_placeholder (self);
  return line;
}

void
ccal_weekday_hours_row_add_range (CcalWeekdayHoursRow *self)
{
  int start = 9 * 60, end = 17 * 60;
  Line *line;

  g_return_if_fail (CCAL_IS_WEEKDAY_HOURS_ROW (self));

  if (self->lines->len > 0)
    {
      Line *last = g_ptr_array_index (self->lines, self->lines->len - 1);
      int last_end;

      /* After the last range: an hour's break, then two hours (as far as the day allows). */
      if (ccal_hours_parse_time (gtk_editable_get_text (GTK_EDITABLE (last->end)), TRUE, &last_end))
        {
          start = MIN (last_end + 60, CCAL_HOURS_MINUTES_PER_DAY - 60);
          end = MIN (start + 120, CCAL_HOURS_MINUTES_PER_DAY);
        }
    }
  line = append_line (self, start, end);
  gtk_widget_grab_focus (GTK_WIDGET (line->start));
  emit_changed (self);
}

static void
on_add_clicked_cb (CcalWeekdayHoursRow *self)
{
  ccal_weekday_hours_row_add_range (self);
}

static void
on_copy_clicked_cb (CcalWeekdayHoursRow *self)
{
  g_signal_emit (self, signals[COPY_TO_ALL], 0);
}

void
ccal_weekday_hours_row_set_ranges (CcalWeekdayHoursRow  *self,
                                   const CcalHoursRange *ranges,
                                   guint                 n_ranges)
{
  g_return_if_fail (CCAL_IS_WEEKDAY_HOURS_ROW (self));

  self->filling = TRUE;
  ccal_weekday_hours_row_set_error (self, NULL, NULL);
  for (guint i = 0; i < self->lines->len; i++)
    gtk_box_remove (GTK_BOX (self->ranges_box), ((Line *) g_ptr_array_index (self->lines, i))->box);
  g_ptr_array_set_size (self->lines, 0);
  for (guint i = 0; i < n_ranges; i++)
    append_line (self, ranges[i].start, ranges[i].end);
  update_placeholder (self);
  self->filling = FALSE;
}

GArray *
ccal_weekday_hours_row_get_ranges (CcalWeekdayHoursRow  *self,
                                   GError              **error)
{
  g_autoptr (GArray) ranges = g_array_new (FALSE, FALSE, sizeof (CcalHoursRange));

  g_return_val_if_fail (CCAL_IS_WEEKDAY_HOURS_ROW (self), NULL);

  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);
      CcalHoursRange range;

      if (!ccal_hours_parse_time (gtk_editable_get_text (GTK_EDITABLE (line->start)), FALSE, &range.start))
        {
          g_autofree char *field = g_strdup_printf ("%u.start", i + 1);

          ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "not a time");
          return NULL;
        }
      if (!ccal_hours_parse_time (gtk_editable_get_text (GTK_EDITABLE (line->end)), TRUE, &range.end))
        {
          g_autofree char *field = g_strdup_printf ("%u.end", i + 1);

          ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "not a time");
          return NULL;
        }
      g_array_append_val (ranges, range);
    }
  return g_steal_pointer (&ranges);
}

GtkWidget *
ccal_weekday_hours_row_get_entry (CcalWeekdayHoursRow *self,
                                  const char          *field)
{
  char *end = NULL;
  guint64 index;
  Line *line;

  g_return_val_if_fail (CCAL_IS_WEEKDAY_HOURS_ROW (self), NULL);

  if (field == NULL)
    return NULL;
  index = g_ascii_strtoull (field, &end, 10);
  if (end == field || *end != '.' || index < 1 || index > self->lines->len)
    return NULL;
  line = g_ptr_array_index (self->lines, index - 1);
  if (g_str_equal (end + 1, "start"))
    return GTK_WIDGET (line->start);
  if (g_str_equal (end + 1, "end"))
    return GTK_WIDGET (line->end);
  return NULL;
}

void
ccal_weekday_hours_row_set_error (CcalWeekdayHoursRow *self,
                                  const char          *field,
                                  const char          *message)
{
  g_return_if_fail (CCAL_IS_WEEKDAY_HOURS_ROW (self));

  if (self->error_entry != NULL)
    {
      gtk_widget_remove_css_class (self->error_entry, "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (self->error_entry), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->error_entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  self->error_entry = NULL;

  gtk_label_set_label (GTK_LABEL (self->error_label), message != NULL ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
  if (message == NULL)
    return;

  self->error_entry = ccal_weekday_hours_row_get_entry (self, field);
  if (self->error_entry != NULL)
    {
      gtk_widget_add_css_class (self->error_entry, "error");
      gtk_accessible_update_state (GTK_ACCESSIBLE (self->error_entry), GTK_ACCESSIBLE_STATE_INVALID,
                                   GTK_ACCESSIBLE_INVALID_TRUE, -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_entry), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                      message, -1);
    }
}

guint
ccal_weekday_hours_row_get_day (CcalWeekdayHoursRow *self)
{
  g_return_val_if_fail (CCAL_IS_WEEKDAY_HOURS_ROW (self), 0);
  return self->day;
}

const char *
ccal_weekday_hours_row_get_label (CcalWeekdayHoursRow *self)
{
  g_return_val_if_fail (CCAL_IS_WEEKDAY_HOURS_ROW (self), NULL);
  return self->label;
}

static void
ccal_weekday_hours_row_finalize (GObject *object)
{
  CcalWeekdayHoursRow *self = CCAL_WEEKDAY_HOURS_ROW (object);

  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_free (self->label);
  G_OBJECT_CLASS (ccal_weekday_hours_row_parent_class)->finalize (object);
}

static void
ccal_weekday_hours_row_class_init (CcalWeekdayHoursRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ccal_weekday_hours_row_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
  signals[COPY_TO_ALL] = g_signal_new ("copy-to-all", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                       NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "weekdayhoursrow");
}

static void
ccal_weekday_hours_row_init (CcalWeekdayHoursRow *self)
{
  self->lines = g_ptr_array_new_with_free_func (g_free);
}

GtkWidget *
ccal_weekday_hours_row_new (guint       day,
                            const char *label)
{
  CcalWeekdayHoursRow *self = g_object_new (CCAL_TYPE_WEEKDAY_HOURS_ROW, "activatable", FALSE,
                                            "selectable", FALSE, NULL);
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *add, *copy;
  /* Translators: tooltip of the button that adds a time range to a weekday, "Add a range to Monday" */
  g_autofree char *add_name = g_strdup_printf (_("Add a range to %s"), label);
  /* Translators: tooltip, "Copy Monday's hours to all days" */
  g_autofree char *copy_name = g_strdup_printf (_("Copy %s’s hours to all days"), label);

  g_return_val_if_fail (day < CCAL_WEEKLY_HOURS_N_DAYS, NULL);

  self->day = day;
  self->label = g_strdup (label);

  gtk_widget_set_margin_top (outer, 8);
  gtk_widget_set_margin_bottom (outer, 8);
  gtk_widget_set_margin_start (outer, 12);
  gtk_widget_set_margin_end (outer, 6);

  self->day_label = gtk_label_new (label);
  gtk_label_set_xalign (GTK_LABEL (self->day_label), 0);
  gtk_label_set_width_chars (GTK_LABEL (self->day_label), 11);
  gtk_widget_set_valign (self->day_label, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->day_label, 8);
  gtk_widget_add_css_class (self->day_label, "heading");

  self->ranges_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_hexpand (self->ranges_box, TRUE);
  self->unavailable_label = gtk_label_new (_("Unavailable"));
  gtk_label_set_xalign (GTK_LABEL (self->unavailable_label), 0);
  gtk_widget_set_margin_top (self->unavailable_label, 8);
  gtk_widget_set_margin_bottom (self->unavailable_label, 8);
  gtk_widget_add_css_class (self->unavailable_label, "dim-label");
  gtk_box_append (GTK_BOX (self->ranges_box), self->unavailable_label);

  add = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, add_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, add_name, -1);
  g_signal_connect_swapped (add, "clicked", G_CALLBACK (on_add_clicked_cb), self);
  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_tooltip_text (copy, copy_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL, copy_name, -1);
  g_signal_connect_swapped (copy, "clicked", G_CALLBACK (on_copy_clicked_cb), self);
  gtk_widget_set_valign (buttons, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (buttons), add);
  gtk_box_append (GTK_BOX (buttons), copy);

  gtk_box_append (GTK_BOX (line), self->day_label);
  gtk_box_append (GTK_BOX (line), self->ranges_box);
  gtk_box_append (GTK_BOX (line), buttons);

  /* An alert, so a screen reader says the error when it appears. */
  self->error_label = g_object_new (GTK_TYPE_LABEL, "accessible-role", GTK_ACCESSIBLE_ROLE_ALERT, NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);

  gtk_box_append (GTK_BOX (outer), line);
  gtk_box_append (GTK_BOX (outer), self->error_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), outer);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);

  return GTK_WIDGET (self);
}
