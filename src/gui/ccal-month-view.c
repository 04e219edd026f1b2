/* ccal-month-view.c — the Events tab's month: six weeks of days with event chips
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <math.h>
#include <time.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ccal-month-view-private.h"
#include "ccal-occurrence-widget.h"
#include "ccal-week-range.h"

#define N_COLUMNS 7
#define N_ROWS    6
#define N_CELLS   (N_COLUMNS * N_ROWS)

/* The 42 day cells are made once and re-bound when the month, the zone or the model changes; a
 * model change only marks the layout dirty, and it is rebuilt once, on the next frame. */
struct _CcalMonthView
{
  GtkWidget      parent_instance;

  /* settings */
  int            first_weekday;
  gboolean       use_24h;
  char          *tzid;
  GDate          date;           /* the first of the month shown */
  gint64         now_override;

  /* children */
  GtkWidget     *weekday_labels[N_COLUMNS];
  GtkWidget     *cells[N_CELLS];
  GtkWidget     *popover;
  GtkWidget     *popover_title;
  GtkWidget     *popover_list;

  /* owned */
  GListModel    *model;
  CcalWeekRange  range;
  gboolean       range_valid;
  gboolean       layout_dirty;
  guint          tick_id;
  guint          midnight_id;
  int            popover_cell;

  GdkRGBA        line_color;
};

G_DEFINE_FINAL_TYPE (CcalMonthView, ccal_month_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FIRST_WEEKDAY,
  PROP_USE_24H,
  N_PROPS
};

enum {
  ACTIVATE_DAY,
  ACTIVATE_OCCURRENCE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_rtl (CcalMonthView *self)
{
  return gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
}

static gint64
get_now (CcalMonthView *self)
{
  return self->now_override != 0 ? self->now_override : g_get_real_time ();
}

static void
ensure_range (CcalMonthView *self)
{
  GDate first;

  if (self->range_valid)
    return;
  ccal_week_range_week_start (&self->date, self->first_weekday, &first);
  ccal_week_range_init (&self->range, &first, N_CELLS, self->tzid);
  self->range_valid = TRUE;

  {
    g_autoptr(GDateTime) date_time = g_date_time_new_utc (g_date_get_year (&self->date), g_date_get_month (&self->date),
                                                          1, 0, 0, 0);
    /* Translators: the month view's name for screen readers, see g_date_time_format() */
    g_autofree char *label = g_date_time_format (date_time, _("%B %Y"));

    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  }
}

static gboolean
is_availability (CcalOccurrence *occurrence)
{
  return occurrence->kind == CCAL_OCCURRENCE_EVENT && occurrence->event_type == CCAL_EVENT_TYPE_AVAILABILITY;
}

/* In a day: all-day and multi-day first (they line up across days), then by start. */
static int
compare_in_day (gconstpointer a,
                gconstpointer b)
{
  CcalOccurrence *oa = *(CcalOccurrence **) a;
  CcalOccurrence *ob = *(CcalOccurrence **) b;
  gboolean long_a = ccal_week_occurrence_in_all_day_row (oa);
  gboolean long_b = ccal_week_occurrence_in_all_day_row (ob);

  if (long_a != long_b)
    return long_a ? -1 : 1;
  return ccal_occurrence_compare (oa, ob);
}

static void
update_weekday_labels (CcalMonthView *self)
{
  for (int column = 0; column < N_COLUMNS; column++)
    {
      g_autoptr(GDateTime) date_time = NULL;
      g_autofree char *text = NULL;
      GDate date;

      ccal_week_range_get_date (&self->range, (guint) column, &date);
      date_time = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                                       0, 0, 0);
      /* Translators: the abbreviated weekday over each column of the month view, see g_date_time_format() */
      text = g_date_time_format (date_time, _("%a"));
      gtk_label_set_text (GTK_LABEL (self->weekday_labels[column]), text);
    }
}

static void
rebuild_layout (CcalMonthView *self)
{
  GPtrArray *days[N_CELLS];
  gboolean bookable[N_CELLS] = { FALSE };
  guint n_items = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  GDateMonth month = g_date_get_month (&self->date);
  int today;

  self->layout_dirty = FALSE;
  ensure_range (self);
  update_weekday_labels (self);

  /* Fresh arrays: each cell keeps the one it was given until it gets the next. */
  for (guint i = 0; i < N_CELLS; i++)
    days[i] = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (self->model, i);
      CcalOccurrence *occurrence;
      int first, last;

      if (!CCAL_IS_OCCURRENCE (object))
        continue;
      occurrence = CCAL_OCCURRENCE (object);
      if (!ccal_week_range_occurrence_days (&self->range, occurrence, &first, &last))
        continue;

      for (int day = first; day <= last; day++)
        {
          if (is_availability (occurrence))
            bookable[day] = TRUE;
          else
            g_ptr_array_add (days[day], g_object_ref (occurrence));
        }
    }

  today = ccal_week_range_find_day (&self->range, get_now (self));
  for (guint i = 0; i < N_CELLS; i++)
    {
      GDate date;

      g_ptr_array_sort (days[i], compare_in_day);
      ccal_week_range_get_date (&self->range, i, &date);
      ccal_month_cell_set_day (CCAL_MONTH_CELL (self->cells[i]), &date, g_date_get_month (&date) != month,
                               (int) i == today);
      ccal_month_cell_set_occurrences (CCAL_MONTH_CELL (self->cells[i]), days[i], bookable[i], self->range.tzid,
                                       self->use_24h);
      g_ptr_array_unref (days[i]);
    }

  gtk_widget_queue_allocate (GTK_WIDGET (self));
}

static gboolean
layout_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  CcalMonthView *self = CCAL_MONTH_VIEW (widget);

  self->tick_id = 0;
  if (self->layout_dirty)
    rebuild_layout (self);
  return G_SOURCE_REMOVE;
}

static void
invalidate_layout (CcalMonthView *self)
{
  self->layout_dirty = TRUE;
  if (self->tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), layout_tick_cb, NULL, NULL);
}

static void
invalidate_range (CcalMonthView *self)
{
  self->range_valid = FALSE;
  if (self->popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  invalidate_layout (self);
}

static void schedule_midnight (CcalMonthView *self);

static gboolean
on_midnight_cb (gpointer user_data)
{
  CcalMonthView *self = user_data;

  self->midnight_id = 0;
  invalidate_layout (self);
  schedule_midnight (self);
  return G_SOURCE_REMOVE;
}

/* Today's mark moves at the display zone's midnight. */
static void
schedule_midnight (CcalMonthView *self)
{
  const char *tzid = self->range_valid ? self->range.tzid : "UTC";
  gint64 now = g_get_real_time ();
  gint64 start, end;
  GDate today;
  guint delay = 3600;

  if (ccal_time_to_date (now, tzid, &today, NULL) && ccal_time_day_bounds (&today, tzid, &start, &end, NULL))
    delay = (guint) CLAMP ((end - now) / CCAL_USEC_PER_SECOND + 1, 1, 26 * 3600);

  g_clear_handle_id (&self->midnight_id, g_source_remove);
  self->midnight_id = g_timeout_add_seconds (delay, on_midnight_cb, self);
}

/* GtkWidget */

static int
get_header_height (CcalMonthView *self)
{
  int height = 0;

  for (int column = 0; column < N_COLUMNS; column++)
    {
      int natural;

      gtk_widget_measure (self->weekday_labels[column], GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
      height = MAX (height, natural);
    }
  return height;
}

static void
ccal_month_view_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  CcalMonthView *self = CCAL_MONTH_VIEW (widget);
  int cell_min = 0, cell_nat = 0;

  for (guint i = 0; i < N_CELLS; i++)
    {
      int child_min, child_nat;

      gtk_widget_measure (self->cells[i], orientation, -1, &child_min, &child_nat, NULL, NULL);
      cell_min = MAX (cell_min, child_min);
      cell_nat = MAX (cell_nat, child_nat);
    }

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = N_COLUMNS * cell_min;
      *natural = N_COLUMNS * cell_nat;
    }
  else
    {
      int header = get_header_height (self);

      *minimum = header + N_ROWS * cell_min;
      *natural = header + N_ROWS * cell_nat;
    }
}

static double
get_column_x (CcalMonthView *self,
              int            column,
              int            width)
{
  double column_width = width / (double) N_COLUMNS;

  if (is_rtl (self))
    return width - (column + 1) * column_width;
  return column * column_width;
}

static void
ccal_month_view_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  CcalMonthView *self = CCAL_MONTH_VIEW (widget);
  int header = get_header_height (self);
  double column_width = width / (double) N_COLUMNS;
  double row_height = MAX (0, height - header) / (double) N_ROWS;

  for (int column = 0; column < N_COLUMNS; column++)
    {
      int x = (int) round (get_column_x (self, column, width));

      gtk_widget_size_allocate (self->weekday_labels[column],
                                &(GtkAllocation) { x, 0, (int) round (x + column_width) - x, header },
                                -1);
    }

  for (int i = 0; i < N_CELLS; i++)
    {
      int x = (int) round (get_column_x (self, i % N_COLUMNS, width));
      int y = header + (int) round ((i / N_COLUMNS) * row_height);
      int right = (int) round (get_column_x (self, i % N_COLUMNS, width) + column_width);
      int bottom = header + (int) round ((i / N_COLUMNS + 1) * row_height);

      /* One pixel of each cell is the line drawn between days. */
      gtk_widget_size_allocate (self->cells[i],
                                &(GtkAllocation) { x + 1, y + 1, MAX (0, right - x - 1), MAX (0, bottom - y - 1) },
                                -1);
    }

  if (gtk_widget_get_visible (self->popover))
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
ccal_month_view_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  CcalMonthView *self = CCAL_MONTH_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int header = get_header_height (self);
  double row_height = MAX (0, height - header) / (double) N_ROWS;
  double column_width = width / (double) N_COLUMNS;

  for (int row = 0; row < N_ROWS; row++)
    gtk_snapshot_append_color (snapshot, &self->line_color,
                               &GRAPHENE_RECT_INIT (0, header + round (row * row_height), width, 1));
  for (int column = 1; column < N_COLUMNS; column++)
    gtk_snapshot_append_color (snapshot, &self->line_color,
                               &GRAPHENE_RECT_INIT (round (column * column_width), header, 1, height - header));

  for (int column = 0; column < N_COLUMNS; column++)
    gtk_widget_snapshot_child (widget, self->weekday_labels[column], snapshot);
  for (int i = 0; i < N_CELLS; i++)
    gtk_widget_snapshot_child (widget, self->cells[i], snapshot);
}

static void
refresh_colors (CcalMonthView *self)
{
  gboolean high_contrast = adw_is_initialized () && adw_style_manager_get_high_contrast (adw_style_manager_get_default ());

  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &self->line_color);
  self->line_color.alpha *= high_contrast ? 0.5f : 0.15f;
}

static void
ccal_month_view_css_changed (GtkWidget         *widget,
                             GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ccal_month_view_parent_class)->css_changed (widget, change);

  refresh_colors (CCAL_MONTH_VIEW (widget));
}

static void
ccal_month_view_map (GtkWidget *widget)
{
  CcalMonthView *self = CCAL_MONTH_VIEW (widget);

  if (self->layout_dirty)
    rebuild_layout (self);

  GTK_WIDGET_CLASS (ccal_month_view_parent_class)->map (widget);

  schedule_midnight (self);
}

static void
ccal_month_view_unmap (GtkWidget *widget)
{
  CcalMonthView *self = CCAL_MONTH_VIEW (widget);

  g_clear_handle_id (&self->midnight_id, g_source_remove);
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }

  GTK_WIDGET_CLASS (ccal_month_view_parent_class)->unmap (widget);
}

/* Cells and the popover */

static int
find_cell (CcalMonthView *self,
           GtkWidget     *cell)
{
  for (int i = 0; i < N_CELLS; i++)
    if (self->cells[i] == cell)
      return i;
  return -1;
}

static void
on_cell_activate_day_cb (CcalMonthCell *cell,
                         CcalMonthView *self)
{
  GDate date;

  ccal_month_cell_get_date (cell, &date);
  g_signal_emit (self, signals[ACTIVATE_DAY], 0, &date);
}

static void
on_cell_activate_occurrence_cb (CcalMonthCell  *cell,
                                CcalOccurrence *occurrence,
                                CcalMonthView  *self)
{
  g_signal_emit (self, signals[ACTIVATE_OCCURRENCE], 0, occurrence);
}

static void
on_popover_chip_activate_cb (CcalOccurrenceWidget *chip,
                             CcalMonthView        *self)
{
  g_autoptr(CcalOccurrence) occurrence = NULL;

  if (ccal_occurrence_widget_get_occurrence (chip) == NULL)
    return;
  occurrence = g_object_ref (ccal_occurrence_widget_get_occurrence (chip));
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  g_signal_emit (self, signals[ACTIVATE_OCCURRENCE], 0, occurrence);
}

static void
on_popover_title_clicked_cb (GtkButton     *button,
                             CcalMonthView *self)
{
  if (self->popover_cell < 0)
    return;
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  on_cell_activate_day_cb (CCAL_MONTH_CELL (self->cells[self->popover_cell]), self);
}

/* "+N more": the whole day in a popover, built when opened (a handful of chips). */
static void
on_cell_show_more_cb (CcalMonthCell *cell,
                      CcalMonthView *self)
{
  GPtrArray *occurrences = ccal_month_cell_get_occurrences (cell);
  g_autoptr(GDateTime) date_time = NULL;
  g_autofree char *title = NULL;
  graphene_rect_t bounds;
  GtkWidget *child;
  GDate date;

  self->popover_cell = find_cell (self, GTK_WIDGET (cell));

  ccal_month_cell_get_date (cell, &date);
  date_time = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date), 0, 0, 0);
  /* Translators: the title of a month day's popover, see g_date_time_format() */
  title = g_date_time_format (date_time, _("%A %-d %B"));
  gtk_button_set_label (GTK_BUTTON (self->popover_title), g_strstrip (title));

  while ((child = gtk_widget_get_first_child (self->popover_list)) != NULL)
    gtk_box_remove (GTK_BOX (self->popover_list), child);
  for (guint i = 0; occurrences != NULL && i < occurrences->len; i++)
    {
      GtkWidget *chip = ccal_occurrence_widget_new (CCAL_OCCURRENCE_WIDGET_CHIP);

      ccal_occurrence_widget_set_show_date (CCAL_OCCURRENCE_WIDGET (chip), TRUE);
      ccal_occurrence_widget_set_occurrence (CCAL_OCCURRENCE_WIDGET (chip), g_ptr_array_index (occurrences, i),
                                             self->range.tzid, self->use_24h);
      g_signal_connect (chip, "activate", G_CALLBACK (on_popover_chip_activate_cb), self);
      gtk_box_append (GTK_BOX (self->popover_list), chip);
    }

  if (gtk_widget_compute_bounds (GTK_WIDGET (cell), GTK_WIDGET (self), &bounds))
    gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                                 &(GdkRectangle) { (int) bounds.origin.x, (int) bounds.origin.y,
                                                   (int) bounds.size.width, (int) bounds.size.height });
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static GtkWidget *
create_popover (CcalMonthView *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_widget_add_css_class (popover, "month-day");

  /* The title opens the day, as the day's number does. */
  self->popover_title = gtk_button_new_with_label ("");
  gtk_widget_add_css_class (self->popover_title, "flat");
  gtk_widget_add_css_class (self->popover_title, "day-title");
  gtk_widget_set_halign (self->popover_title, GTK_ALIGN_START);
  g_signal_connect (self->popover_title, "clicked", G_CALLBACK (on_popover_title_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), self->popover_title);

  self->popover_list = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 400);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->popover_list);
  gtk_box_append (GTK_BOX (box), scrolled);

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_widget_set_parent (popover, GTK_WIDGET (self));
  return popover;
}

/* GObject */

static void
ccal_month_view_dispose (GObject *object)
{
  CcalMonthView *self = CCAL_MONTH_VIEW (object);

  g_clear_handle_id (&self->midnight_id, g_source_remove);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  for (int i = 0; i < N_CELLS; i++)
    g_clear_pointer (&self->cells[i], gtk_widget_unparent);
  for (int column = 0; column < N_COLUMNS; column++)
    g_clear_pointer (&self->weekday_labels[column], gtk_widget_unparent);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (ccal_month_view_parent_class)->dispose (object);
}

static void
ccal_month_view_finalize (GObject *object)
{
  CcalMonthView *self = CCAL_MONTH_VIEW (object);

  ccal_week_range_clear (&self->range);
  g_clear_pointer (&self->tzid, g_free);

  G_OBJECT_CLASS (ccal_month_view_parent_class)->finalize (object);
}

static void
ccal_month_view_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CcalMonthView *self = CCAL_MONTH_VIEW (object);

  switch (prop_id)
    {
    case PROP_FIRST_WEEKDAY:
      g_value_set_int (value, self->first_weekday);
      break;
    case PROP_USE_24H:
      g_value_set_boolean (value, self->use_24h);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_month_view_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CcalMonthView *self = CCAL_MONTH_VIEW (object);

  switch (prop_id)
    {
    case PROP_FIRST_WEEKDAY:
      if (self->first_weekday != g_value_get_int (value))
        {
          self->first_weekday = g_value_get_int (value);
          invalidate_range (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_USE_24H:
      if (self->use_24h != g_value_get_boolean (value))
        {
          self->use_24h = g_value_get_boolean (value);
          invalidate_layout (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_month_view_class_init (CcalMonthViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ccal_month_view_dispose;
  object_class->finalize = ccal_month_view_finalize;
  object_class->get_property = ccal_month_view_get_property;
  object_class->set_property = ccal_month_view_set_property;

  widget_class->measure = ccal_month_view_measure;
  widget_class->size_allocate = ccal_month_view_size_allocate;
  widget_class->snapshot = ccal_month_view_snapshot;
  widget_class->css_changed = ccal_month_view_css_changed;
  widget_class->map = ccal_month_view_map;
  widget_class->unmap = ccal_month_view_unmap;

  properties[PROP_FIRST_WEEKDAY] =
    g_param_spec_int ("first-weekday", NULL, NULL, 0, 6, 1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USE_24H] =
    g_param_spec_boolean ("use-24h", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACTIVATE_DAY] = g_signal_new ("activate-day",
                                        G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_DATE | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[ACTIVATE_OCCURRENCE] = g_signal_new ("activate-occurrence",
                                               G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, CCAL_TYPE_OCCURRENCE);

  gtk_widget_class_set_css_name (widget_class, "monthview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ccal_month_view_init (CcalMonthView *self)
{
  self->first_weekday = 1;
  self->use_24h = TRUE;
  self->tzid = g_strdup ("UTC");
  self->popover_cell = -1;
  g_date_clear (&self->date, 1);
  g_date_set_time_t (&self->date, time (NULL));
  g_date_set_day (&self->date, 1);
  self->layout_dirty = TRUE;

  for (int column = 0; column < N_COLUMNS; column++)
    {
      self->weekday_labels[column] = gtk_label_new (NULL);
      gtk_widget_add_css_class (self->weekday_labels[column], "weekday");
      gtk_label_set_xalign (GTK_LABEL (self->weekday_labels[column]), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (self->weekday_labels[column]), PANGO_ELLIPSIZE_END);
      gtk_widget_set_parent (self->weekday_labels[column], GTK_WIDGET (self));
    }

  for (int i = 0; i < N_CELLS; i++)
    {
      self->cells[i] = ccal_month_cell_new ();
      g_signal_connect (self->cells[i], "activate-day", G_CALLBACK (on_cell_activate_day_cb), self);
      g_signal_connect (self->cells[i], "activate-occurrence", G_CALLBACK (on_cell_activate_occurrence_cb), self);
      g_signal_connect (self->cells[i], "show-more", G_CALLBACK (on_cell_show_more_cb), self);
      gtk_widget_set_parent (self->cells[i], GTK_WIDGET (self));
    }

  self->popover = create_popover (self);
  refresh_colors (self);
}

CcalMonthView *
ccal_month_view_new (void)
{
  return g_object_new (CCAL_TYPE_MONTH_VIEW, NULL);
}

static void
on_model_items_changed_cb (GListModel    *model,
                           guint          position,
                           guint          removed,
                           guint          added,
                           CcalMonthView *self)
{
  invalidate_layout (self);
}

void
ccal_month_view_set_model (CcalMonthView *self,
                           GListModel    *occurrences)
{
  g_return_if_fail (CCAL_IS_MONTH_VIEW (self));
  g_return_if_fail (occurrences == NULL || G_IS_LIST_MODEL (occurrences));

  if (self->model == occurrences)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, occurrences);
  if (self->model != NULL)
    g_signal_connect (self->model, "items-changed", G_CALLBACK (on_model_items_changed_cb), self);
  invalidate_layout (self);
}

void
ccal_month_view_set_date (CcalMonthView *self,
                          const GDate   *date)
{
  GDate first;

  g_return_if_fail (CCAL_IS_MONTH_VIEW (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  first = *date;
  g_date_set_day (&first, 1);
  if (g_date_compare (&self->date, &first) == 0)
    return;
  self->date = first;
  invalidate_range (self);
}

void
ccal_month_view_set_timezone (CcalMonthView *self,
                              const char    *tzid)
{
  g_return_if_fail (CCAL_IS_MONTH_VIEW (self));

  if (tzid == NULL || tzid[0] == '\0')
    tzid = "UTC";
  if (g_strcmp0 (self->tzid, tzid) == 0)
    return;
  g_free (self->tzid);
  self->tzid = g_strdup (tzid);
  invalidate_range (self);
}

void
ccal_month_view_get_range (CcalMonthView *self,
                           gint64        *out_from,
                           gint64        *out_to)
{
  g_return_if_fail (CCAL_IS_MONTH_VIEW (self));

  ensure_range (self);
  if (out_from != NULL)
    *out_from = ccal_week_range_get_start (&self->range);
  if (out_to != NULL)
    *out_to = ccal_week_range_get_end (&self->range);
}

/* Private: tests and the benchmark */

CcalMonthCell *
ccal_month_view_get_cell (CcalMonthView *self,
                          guint          index)
{
  g_return_val_if_fail (CCAL_IS_MONTH_VIEW (self), NULL);
  g_return_val_if_fail (index < N_CELLS, NULL);

  return CCAL_MONTH_CELL (self->cells[index]);
}

GtkPopover *
ccal_month_view_get_popover (CcalMonthView *self)
{
  g_return_val_if_fail (CCAL_IS_MONTH_VIEW (self), NULL);

  return GTK_POPOVER (self->popover);
}

void
ccal_month_view_set_now (CcalMonthView *self,
                         gint64         now)
{
  g_return_if_fail (CCAL_IS_MONTH_VIEW (self));

  self->now_override = now;
  invalidate_layout (self);
}

void
ccal_month_view_flush_layout (CcalMonthView *self)
{
  g_return_if_fail (CCAL_IS_MONTH_VIEW (self));

  if (self->layout_dirty)
    rebuild_layout (self);
}
