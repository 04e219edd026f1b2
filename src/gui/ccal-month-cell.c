/* ccal-month-cell.c — one day of the month view: its number, chips for what happens, "+N more"
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <glib/gi18n.h>

#include "ccal-month-cell.h"
#include "ccal-occurrence-widget.h"

#define CHIP_SPACING      2
#define INITIAL_CAPACITY  4

/* Chips are bound for as many occurrences as fitted at the last allocation (a month with 2,000
 * bookings needs a handful of widgets per day, not 50); when the cell grows, one more frame binds
 * what now fits. */
struct _CcalMonthCell
{
  GtkWidget   parent_instance;

  /* children */
  GtkWidget  *day_button;
  GtkWidget  *more_button;
  GPtrArray  *chips;         /* CcalOccurrenceWidget pool */

  /* owned */
  GPtrArray  *occurrences;   /* CcalOccurrence, shared with the view */
  char       *tzid;
  gboolean    use_24h;
  GDate       date;
  guint       n_bound;
  guint       capacity;
  guint       n_shown;
  guint       n_hidden;
  guint       tick_id;
};

G_DEFINE_FINAL_TYPE (CcalMonthCell, ccal_month_cell, GTK_TYPE_WIDGET)

enum {
  ACTIVATE_DAY,
  ACTIVATE_OCCURRENCE,
  SHOW_MORE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static guint
get_n_occurrences (CcalMonthCell *self)
{
  return self->occurrences != NULL ? self->occurrences->len : 0;
}

/* Does the occurrence go on from the day before, or into the next? Squares the chip's corners. */
static void
get_continues (CcalMonthCell  *self,
               CcalOccurrence *occurrence,
               gboolean       *out_before,
               gboolean       *out_after)
{
  GDate first, last;

  *out_before = *out_after = FALSE;
  if (occurrence->all_day)
    {
      guint n_days = 1;

      if (!ccal_occurrence_get_all_day_dates (occurrence, &first, &n_days, NULL))
        return;
      last = first;
      g_date_add_days (&last, n_days - 1);
    }
  else
    {
      const char *tzid = self->tzid != NULL ? self->tzid : "UTC";

      if (!ccal_time_to_date (occurrence->start, tzid, &first, NULL) ||
          !ccal_time_to_date (MAX (occurrence->start, occurrence->end - 1), tzid, &last, NULL))
        return;
    }
  *out_before = g_date_compare (&first, &self->date) < 0;
  *out_after = g_date_compare (&last, &self->date) > 0;
}

static void
on_chip_activate_cb (CcalOccurrenceWidget *chip,
                     CcalMonthCell        *self)
{
  CcalOccurrence *occurrence = ccal_occurrence_widget_get_occurrence (chip);

  if (occurrence != NULL)
    g_signal_emit (self, signals[ACTIVATE_OCCURRENCE], 0, occurrence);
}

static void
bind_chips (CcalMonthCell *self)
{
  guint n_wanted = MIN (get_n_occurrences (self), self->capacity);

  while (self->chips->len < n_wanted)
    {
      GtkWidget *chip = ccal_occurrence_widget_new (CCAL_OCCURRENCE_WIDGET_CHIP);

      ccal_occurrence_widget_set_show_date (CCAL_OCCURRENCE_WIDGET (chip), TRUE);
      g_signal_connect (chip, "activate", G_CALLBACK (on_chip_activate_cb), self);
      gtk_widget_insert_before (chip, GTK_WIDGET (self), self->more_button);
      g_ptr_array_add (self->chips, chip);
    }

  for (guint i = 0; i < self->chips->len; i++)
    {
      CcalOccurrenceWidget *chip = g_ptr_array_index (self->chips, i);

      if (i < n_wanted)
        {
          CcalOccurrence *occurrence = g_ptr_array_index (self->occurrences, i);
          gboolean before, after;

          get_continues (self, occurrence, &before, &after);
          ccal_occurrence_widget_set_occurrence (chip, occurrence, self->tzid, self->use_24h);
          ccal_occurrence_widget_set_continues (chip, before, after);
        }
      else
        {
          ccal_occurrence_widget_set_occurrence (chip, NULL, NULL, self->use_24h);
          gtk_widget_set_child_visible (GTK_WIDGET (chip), FALSE);
        }
    }
  self->n_bound = n_wanted;
  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static gboolean
grow_tick_cb (GtkWidget     *widget,
              GdkFrameClock *frame_clock,
              gpointer       user_data)
{
  CcalMonthCell *self = CCAL_MONTH_CELL (widget);

  self->tick_id = 0;
  bind_chips (self);
  return G_SOURCE_REMOVE;
}

static void
update_day_label (CcalMonthCell *self)
{
  g_autoptr(GDateTime) date_time = NULL;
  g_autofree char *number = NULL;
  g_autofree char *day = NULL;
  g_autofree char *accessible = NULL;
  guint n = get_n_occurrences (self);

  if (!g_date_valid (&self->date))
    return;

  date_time = g_date_time_new_utc (g_date_get_year (&self->date), g_date_get_month (&self->date),
                                   g_date_get_day (&self->date), 0, 0, 0);
  number = g_strdup_printf ("%d", g_date_get_day (&self->date));
  /* Translators: a day of the month view for screen readers, see g_date_time_format() */
  day = g_date_time_format (date_time, _("%A %-d %B %Y"));
  if (n == 0)
    /* Translators: a day with nothing on it, "Monday 16 November 2026, nothing scheduled" */
    accessible = g_strdup_printf (_("%s, nothing scheduled"), g_strstrip (day));
  else
    accessible = g_strdup_printf (ngettext ("%s, %u item", "%s, %u items", n), g_strstrip (day), n);

  gtk_button_set_label (GTK_BUTTON (self->day_button), number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->day_button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
}

static void
ccal_month_cell_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  CcalMonthCell *self = CCAL_MONTH_CELL (widget);
  int day_min, day_nat, more_min;

  gtk_widget_measure (self->day_button, orientation, -1, &day_min, &day_nat, NULL, NULL);
  gtk_widget_measure (self->more_button, orientation, -1, &more_min, NULL, NULL, NULL);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MAX (day_min, 32);
      *natural = MAX (day_nat, 120);
    }
  else
    {
      /* Room for the number and a "+N more": something is always said about a busy day. */
      *minimum = day_nat + more_min;
      *natural = day_nat + 4 * (more_min + CHIP_SPACING);
    }
}

static void
ccal_month_cell_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  CcalMonthCell *self = CCAL_MONTH_CELL (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  guint n_total = get_n_occurrences (self);
  int day_width, day_height, chip_height = 0, more_width, more_height, available, y;
  guint n_fit, n_shown;

  gtk_widget_measure (self->day_button, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &day_width, NULL, NULL);
  gtk_widget_measure (self->day_button, GTK_ORIENTATION_VERTICAL, -1, NULL, &day_height, NULL, NULL);
  day_width = MIN (day_width, width);
  gtk_widget_size_allocate (self->day_button,
                            &(GtkAllocation) { rtl ? width - day_width : 0, 0, day_width, day_height },
                            -1);

  if (self->chips->len > 0)
    gtk_widget_measure (g_ptr_array_index (self->chips, 0), GTK_ORIENTATION_VERTICAL, -1, &chip_height, NULL,
                        NULL, NULL);
  gtk_widget_measure (self->more_button, GTK_ORIENTATION_VERTICAL, -1, &more_height, NULL, NULL, NULL);
  available = height - day_height;

  /* Everything, or as many chips as leave room for "+N more" below them. */
  if (chip_height > 0 && (int) n_total * (chip_height + CHIP_SPACING) <= available)
    n_fit = n_total;
  else if (chip_height > 0)
    n_fit = (guint) MAX (0, (available - more_height) / (chip_height + CHIP_SPACING));
  else
    n_fit = 0;
  n_fit = MIN (n_fit, n_total);

  if (n_fit > self->n_bound && self->n_bound < n_total)
    {
      /* Taller than last time: bind more chips on the next frame, show what is bound now. */
      self->capacity = MAX (self->capacity, n_fit);
      if (self->tick_id == 0)
        self->tick_id = gtk_widget_add_tick_callback (widget, grow_tick_cb, NULL, NULL);
    }
  n_shown = MIN (n_fit, self->n_bound);

  y = day_height;
  for (guint i = 0; i < self->chips->len; i++)
    {
      GtkWidget *chip = g_ptr_array_index (self->chips, i);

      gtk_widget_set_child_visible (chip, i < n_shown);
      if (i >= n_shown)
        continue;
      gtk_widget_size_allocate (chip, &(GtkAllocation) { 0, y, width, chip_height }, -1);
      y += chip_height + CHIP_SPACING;
    }

  self->n_shown = n_shown;
  self->n_hidden = n_total - n_shown;
  gtk_widget_set_child_visible (self->more_button, self->n_hidden > 0);
  if (self->n_hidden > 0)
    {
      g_autofree char *text = NULL;

      /* Translators: the button under a month day's chips, for the events that do not fit */
      text = g_strdup_printf (ngettext ("+%u more", "+%u more", self->n_hidden), self->n_hidden);
      if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (self->more_button)), text) != 0)
        gtk_button_set_label (GTK_BUTTON (self->more_button), text);
      gtk_widget_measure (self->more_button, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &more_width, NULL, NULL);
      more_width = MIN (more_width, width);
      gtk_widget_size_allocate (self->more_button,
                                &(GtkAllocation) { rtl ? width - more_width : 0, y, more_width, more_height },
                                -1);
    }
}

static void
ccal_month_cell_unmap (GtkWidget *widget)
{
  CcalMonthCell *self = CCAL_MONTH_CELL (widget);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
      bind_chips (self);
    }

  GTK_WIDGET_CLASS (ccal_month_cell_parent_class)->unmap (widget);
}

static void
on_day_button_clicked_cb (GtkButton     *button,
                          CcalMonthCell *self)
{
  g_signal_emit (self, signals[ACTIVATE_DAY], 0);
}

static void
on_more_button_clicked_cb (GtkButton     *button,
                           CcalMonthCell *self)
{
  g_signal_emit (self, signals[SHOW_MORE], 0);
}

static void
on_cell_released_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     CcalMonthCell   *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);

  /* A double click on the day's empty space opens it, as its number does. */
  if (n_press == 2 && picked == GTK_WIDGET (self))
    g_signal_emit (self, signals[ACTIVATE_DAY], 0);
}

static void
ccal_month_cell_dispose (GObject *object)
{
  CcalMonthCell *self = CCAL_MONTH_CELL (object);

  while (self->chips->len > 0)
    gtk_widget_unparent (g_ptr_array_steal_index (self->chips, self->chips->len - 1));
  g_clear_pointer (&self->day_button, gtk_widget_unparent);
  g_clear_pointer (&self->more_button, gtk_widget_unparent);
  g_clear_pointer (&self->occurrences, g_ptr_array_unref);

  G_OBJECT_CLASS (ccal_month_cell_parent_class)->dispose (object);
}

static void
ccal_month_cell_finalize (GObject *object)
{
  CcalMonthCell *self = CCAL_MONTH_CELL (object);

  g_clear_pointer (&self->chips, g_ptr_array_unref);
  g_clear_pointer (&self->tzid, g_free);

  G_OBJECT_CLASS (ccal_month_cell_parent_class)->finalize (object);
}

static void
ccal_month_cell_class_init (CcalMonthCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ccal_month_cell_dispose;
  object_class->finalize = ccal_month_cell_finalize;

  widget_class->measure = ccal_month_cell_measure;
  widget_class->size_allocate = ccal_month_cell_size_allocate;
  widget_class->unmap = ccal_month_cell_unmap;

  signals[ACTIVATE_DAY] = g_signal_new ("activate-day",
                                        G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 0);
  signals[ACTIVATE_OCCURRENCE] = g_signal_new ("activate-occurrence",
                                               G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, CCAL_TYPE_OCCURRENCE);
  signals[SHOW_MORE] = g_signal_new ("show-more",
                                     G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 0);

  gtk_widget_class_set_css_name (widget_class, "monthcell");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ccal_month_cell_init (CcalMonthCell *self)
{
  GtkGesture *click;

  g_date_clear (&self->date, 1);
  self->use_24h = TRUE;
  self->capacity = INITIAL_CAPACITY;
  self->chips = g_ptr_array_new ();

  self->day_button = gtk_button_new_with_label ("");
  gtk_widget_add_css_class (self->day_button, "flat");
  gtk_widget_add_css_class (self->day_button, "day-number");
  g_signal_connect (self->day_button, "clicked", G_CALLBACK (on_day_button_clicked_cb), self);
  gtk_widget_set_parent (self->day_button, GTK_WIDGET (self));

  self->more_button = gtk_button_new_with_label ("");
  gtk_widget_add_css_class (self->more_button, "flat");
  gtk_widget_add_css_class (self->more_button, "more");
  gtk_widget_set_child_visible (self->more_button, FALSE);
  g_signal_connect (self->more_button, "clicked", G_CALLBACK (on_more_button_clicked_cb), self);
  gtk_widget_set_parent (self->more_button, GTK_WIDGET (self));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_cell_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
ccal_month_cell_new (void)
{
  return g_object_new (CCAL_TYPE_MONTH_CELL, NULL);
}

static void
set_css_class (GtkWidget  *widget,
               const char *name,
               gboolean    enabled)
{
  if (enabled)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

void
ccal_month_cell_set_day (CcalMonthCell *self,
                         const GDate   *date,
                         gboolean       other_month,
                         gboolean       today)
{
  g_return_if_fail (CCAL_IS_MONTH_CELL (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  set_css_class (GTK_WIDGET (self), "other-month", other_month);
  set_css_class (GTK_WIDGET (self), "today", today);
  if (g_date_valid (&self->date) && g_date_compare (&self->date, date) == 0)
    return;
  self->date = *date;
  update_day_label (self);
}

void
ccal_month_cell_get_date (CcalMonthCell *self,
                          GDate         *out_date)
{
  g_return_if_fail (CCAL_IS_MONTH_CELL (self));

  *out_date = self->date;
}

void
ccal_month_cell_set_occurrences (CcalMonthCell *self,
                                 GPtrArray     *occurrences,
                                 gboolean       bookable,
                                 const char    *tzid,
                                 gboolean       use_24h)
{
  g_return_if_fail (CCAL_IS_MONTH_CELL (self));

  set_css_class (GTK_WIDGET (self), "bookable", bookable);

  if (occurrences != NULL)
    g_ptr_array_ref (occurrences);
  g_clear_pointer (&self->occurrences, g_ptr_array_unref);
  self->occurrences = occurrences;
  if (g_strcmp0 (self->tzid, tzid) != 0)
    {
      g_free (self->tzid);
      self->tzid = g_strdup (tzid);
    }
  self->use_24h = use_24h;

  bind_chips (self);
  update_day_label (self);
}

GPtrArray *
ccal_month_cell_get_occurrences (CcalMonthCell *self)
{
  g_return_val_if_fail (CCAL_IS_MONTH_CELL (self), NULL);

  return self->occurrences;
}

guint
ccal_month_cell_get_n_shown (CcalMonthCell *self)
{
  g_return_val_if_fail (CCAL_IS_MONTH_CELL (self), 0);

  return self->n_shown;
}

guint
ccal_month_cell_get_n_hidden (CcalMonthCell *self)
{
  g_return_val_if_fail (CCAL_IS_MONTH_CELL (self), 0);

  return self->n_hidden;
}

GtkWidget *
ccal_month_cell_get_more_button (CcalMonthCell *self)
{
  g_return_val_if_fail (CCAL_IS_MONTH_CELL (self), NULL);

  return self->more_button;
}

GtkWidget *
ccal_month_cell_get_day_button (CcalMonthCell *self)
{
  g_return_val_if_fail (CCAL_IS_MONTH_CELL (self), NULL);

  return self->day_button;
}
