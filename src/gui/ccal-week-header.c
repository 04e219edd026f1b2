/* ccal-week-header.c — the week view's top: the seven days' names and the all-day row
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

#include "ccal-occurrence-widget.h"
#include "ccal-week-header.h"
#include "ccal-week-range.h"

#define N_DAYS        7
#define LANE_SPACING  2
#define ROW_PADDING   4
#define EMPTY_ROW     8   /* the all-day row when nothing is in it: a strip, not a gap */

typedef struct
{
  CcalOccurrence *occurrence;  /* a reference */
  int             first;       /* days of the week it covers */
  int             last;
  guint           lane;
  GtkWidget      *widget;
} HeaderItem;

struct _CcalWeekHeader
{
  GtkWidget       parent_instance;

  /* settings */
  int             first_weekday;
  gboolean        use_24h;
  char           *tzid;
  GDate           date;
  gint64          now_override;
  int             leading;
  int             trailing;

  /* children */
  GtkWidget      *day_boxes[N_DAYS];
  GtkWidget      *weekday_labels[N_DAYS];
  GtkWidget      *number_labels[N_DAYS];

  /* owned */
  GListModel     *model;
  CcalWeekRange   range;
  gboolean        range_valid;
  GArray         *items;      /* HeaderItem */
  GPtrArray      *pool;       /* CcalOccurrenceWidget chips */
  guint           n_lanes;
  int             today;      /* column marked as today, or -1 */
  gboolean        layout_dirty;
  guint           tick_id;

  GdkRGBA         line_color;
  GdkRGBA         today_color;
};

G_DEFINE_FINAL_TYPE (CcalWeekHeader, ccal_week_header, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FIRST_WEEKDAY,
  PROP_USE_24H,
  N_PROPS
};

enum {
  ACTIVATE_OCCURRENCE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
header_item_clear (gpointer data)
{
  HeaderItem *item = data;

  g_clear_object (&item->occurrence);
}

static gboolean
is_rtl (CcalWeekHeader *self)
{
  return gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
}

static double
get_column_width (CcalWeekHeader *self)
{
  return MAX (0.0, (gtk_widget_get_width (GTK_WIDGET (self)) - self->leading - self->trailing) / (double) N_DAYS);
}

static double
get_day_x (CcalWeekHeader *self,
           int             day)
{
  double column_width = get_column_width (self);

  if (is_rtl (self))
    return gtk_widget_get_width (GTK_WIDGET (self)) - self->leading - (day + 1) * column_width;
  return self->leading + day * column_width;
}

static void
ensure_range (CcalWeekHeader *self)
{
  GDate first;

  if (self->range_valid)
    return;
  ccal_week_range_week_start (&self->date, self->first_weekday, &first);
  ccal_week_range_init (&self->range, &first, N_DAYS, self->tzid);
  self->range_valid = TRUE;
}

static void
update_day_labels (CcalWeekHeader *self)
{
  gint64 now = self->now_override != 0 ? self->now_override : g_get_real_time ();

  ensure_range (self);
  self->today = ccal_week_range_find_day (&self->range, now);
  if (self->today >= N_DAYS)
    self->today = -1;

  for (int day = 0; day < N_DAYS; day++)
    {
      g_autoptr(GDateTime) date_time = NULL;
      g_autofree char *weekday = NULL;
      g_autofree char *number = NULL;
      g_autofree char *accessible = NULL;
      GDate date;

      ccal_week_range_get_date (&self->range, (guint) day, &date);
      date_time = g_date_time_new_utc (g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                                       0, 0, 0);
      /* Translators: the abbreviated weekday over each column of the week view, see g_date_time_format() */
      weekday = g_date_time_format (date_time, _("%a"));
      number = g_strdup_printf ("%d", g_date_get_day (&date));
      /* Translators: a column's date for screen readers, see g_date_time_format() */
      accessible = g_date_time_format (date_time, _("%A %-d %B %Y"));

      gtk_label_set_text (GTK_LABEL (self->weekday_labels[day]), weekday);
      gtk_label_set_text (GTK_LABEL (self->number_labels[day]), number);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->day_boxes[day]), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      g_strstrip (accessible), -1);
      if (day == self->today)
        gtk_widget_add_css_class (self->day_boxes[day], "today");
      else
        gtk_widget_remove_css_class (self->day_boxes[day], "today");
    }
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const HeaderItem *ia = a;
  const HeaderItem *ib = b;

  if (ia->first != ib->first)
    return ia->first < ib->first ? -1 : 1;
  if (ia->last != ib->last)
    return ia->last > ib->last ? -1 : 1;
  return ccal_occurrence_compare (ia->occurrence, ib->occurrence);
}

static void
on_chip_activate_cb (CcalOccurrenceWidget *widget,
                     CcalWeekHeader       *self)
{
  CcalOccurrence *occurrence = ccal_occurrence_widget_get_occurrence (widget);

  if (occurrence != NULL)
    g_signal_emit (self, signals[ACTIVATE_OCCURRENCE], 0, occurrence);
}

static void
rebuild_layout (CcalWeekHeader *self)
{
  guint n_items = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  int lane_ends[64];
  guint old_lanes = self->n_lanes;

  self->layout_dirty = FALSE;
  update_day_labels (self);
  g_array_set_size (self->items, 0);

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (self->model, i);
      HeaderItem item = { 0 };

      if (!CCAL_IS_OCCURRENCE (object) || !ccal_week_occurrence_in_all_day_row (CCAL_OCCURRENCE (object)))
        continue;
      if (!ccal_week_range_occurrence_days (&self->range, CCAL_OCCURRENCE (object), &item.first, &item.last))
        continue;
      item.occurrence = g_object_ref (CCAL_OCCURRENCE (object));
      g_array_append_val (self->items, item);
    }
  g_array_sort (self->items, compare_items);

  /* Each item takes the first lane free over all its days. */
  self->n_lanes = 0;
  for (guint i = 0; i < self->items->len; i++)
    {
      HeaderItem *item = &g_array_index (self->items, HeaderItem, i);
      guint lane = 0;

      while (lane < self->n_lanes && lane_ends[lane] >= item->first)
        lane++;
      if (lane == G_N_ELEMENTS (lane_ends))
        lane = G_N_ELEMENTS (lane_ends) - 1;
      if (lane == self->n_lanes)
        self->n_lanes++;
      lane_ends[lane] = item->last;
      item->lane = lane;
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      HeaderItem *item = &g_array_index (self->items, HeaderItem, i);
      GtkWidget *widget;
      GDate first_date;
      guint n_days = 1;
      gboolean before = FALSE, after = FALSE;

      if (i < self->pool->len)
        widget = g_ptr_array_index (self->pool, i);
      else
        {
          widget = ccal_occurrence_widget_new (CCAL_OCCURRENCE_WIDGET_CHIP);
          g_signal_connect (widget, "activate", G_CALLBACK (on_chip_activate_cb), self);
          gtk_widget_set_parent (widget, GTK_WIDGET (self));
          g_ptr_array_add (self->pool, widget);
        }

      /* Does it go on outside this week? */
      if (item->occurrence->all_day &&
          ccal_occurrence_get_all_day_dates (item->occurrence, &first_date, &n_days, NULL))
        {
          int first = ccal_week_range_index_of_date (&self->range, &first_date);

          before = first < 0;
          after = first + (int) n_days > N_DAYS;
        }
      else if (!item->occurrence->all_day)
        {
          before = item->occurrence->start < ccal_week_range_get_start (&self->range);
          after = item->occurrence->end > ccal_week_range_get_end (&self->range);
        }

      ccal_occurrence_widget_set_occurrence (CCAL_OCCURRENCE_WIDGET (widget), item->occurrence, self->range.tzid,
                                             self->use_24h);
      ccal_occurrence_widget_set_continues (CCAL_OCCURRENCE_WIDGET (widget), before, after);
      gtk_widget_set_child_visible (widget, TRUE);
      item->widget = widget;
    }
  for (guint i = self->items->len; i < self->pool->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (self->pool, i);

      gtk_widget_set_child_visible (widget, FALSE);
      ccal_occurrence_widget_set_occurrence (CCAL_OCCURRENCE_WIDGET (widget), NULL, NULL, self->use_24h);
    }

  if (old_lanes != self->n_lanes)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  else
    gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
layout_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  CcalWeekHeader *self = CCAL_WEEK_HEADER (widget);

  self->tick_id = 0;
  if (self->layout_dirty)
    rebuild_layout (self);
  return G_SOURCE_REMOVE;
}

static void
invalidate_layout (CcalWeekHeader *self)
{
  self->layout_dirty = TRUE;
  if (self->tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), layout_tick_cb, NULL, NULL);
}

static void
invalidate_range (CcalWeekHeader *self)
{
  self->range_valid = FALSE;
  invalidate_layout (self);
}

static int
get_chip_height (CcalWeekHeader *self)
{
  GtkWidget *probe = self->pool->len > 0 ? g_ptr_array_index (self->pool, 0) : NULL;
  int height = 0;

  if (probe != NULL)
    gtk_widget_measure (probe, GTK_ORIENTATION_VERTICAL, -1, &height, NULL, NULL, NULL);
  return MAX (height, 16);
}

static int
get_labels_height (CcalWeekHeader *self)
{
  int height = 0;

  for (int day = 0; day < N_DAYS; day++)
    {
      int natural;

      gtk_widget_measure (self->day_boxes[day], GTK_ORIENTATION_VERTICAL, -1, NULL, &natural, NULL, NULL);
      height = MAX (height, natural);
    }
  return height;
}

static int
get_all_day_height (CcalWeekHeader *self)
{
  if (self->n_lanes == 0)
    return EMPTY_ROW;
  return 2 * ROW_PADDING + (int) self->n_lanes * (get_chip_height (self) + LANE_SPACING) - LANE_SPACING;
}

static void
ccal_week_header_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  CcalWeekHeader *self = CCAL_WEEK_HEADER (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->leading + self->trailing + N_DAYS * 32;
      *natural = self->leading + self->trailing + N_DAYS * 120;
    }
  else
    {
      *minimum = *natural = get_labels_height (self) + get_all_day_height (self) + 1;
    }
}

static void
ccal_week_header_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  CcalWeekHeader *self = CCAL_WEEK_HEADER (widget);
  double column_width = get_column_width (self);
  int labels_height = get_labels_height (self);
  int chip_height = get_chip_height (self);
  gboolean rtl = is_rtl (self);

  for (int day = 0; day < N_DAYS; day++)
    {
      double x = round (get_day_x (self, day));

      gtk_widget_size_allocate (self->day_boxes[day],
                                &(GtkAllocation) {
                                  .x = (int) x,
                                  .y = 0,
                                  .width = (int) (round (get_day_x (self, day) + column_width) - x),
                                  .height = labels_height,
                                },
                                -1);
    }

  for (guint i = 0; i < self->items->len; i++)
    {
      const HeaderItem *item = &g_array_index (self->items, HeaderItem, i);
      double left = rtl ? get_day_x (self, item->last) : get_day_x (self, item->first);
      double right = (rtl ? get_day_x (self, item->first) : get_day_x (self, item->last)) + column_width;
      int min_width;

      gtk_widget_measure (item->widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
      gtk_widget_size_allocate (item->widget,
                                &(GtkAllocation) {
                                  .x = (int) round (left) + 2,
                                  .y = labels_height + ROW_PADDING + (int) item->lane * (chip_height + LANE_SPACING),
                                  .width = MAX (min_width, (int) round (right - left) - 4),
                                  .height = chip_height,
                                },
                                -1);
    }
}

static void
ccal_week_header_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CcalWeekHeader *self = CCAL_WEEK_HEADER (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int labels_height = get_labels_height (self);
  double column_width = get_column_width (self);
  gboolean rtl = is_rtl (self);

  if (self->today >= 0)
    gtk_snapshot_append_color (snapshot, &self->today_color,
                               &GRAPHENE_RECT_INIT (get_day_x (self, self->today), 0, column_width, height));

  /* The grid's day lines go on through the all-day row; a line closes the header. */
  for (int day = 0; day < N_DAYS; day++)
    {
      double x = round (get_day_x (self, day));

      gtk_snapshot_append_color (snapshot, &self->line_color,
                                 &GRAPHENE_RECT_INIT (rtl ? round (x + column_width) - 1 : x, labels_height,
                                                      1, height - labels_height));
    }
  gtk_snapshot_append_color (snapshot, &self->line_color, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));

  for (int day = 0; day < N_DAYS; day++)
    gtk_widget_snapshot_child (widget, self->day_boxes[day], snapshot);
  for (guint i = 0; i < self->items->len; i++)
    gtk_widget_snapshot_child (widget, g_array_index (self->items, HeaderItem, i).widget, snapshot);
}

static void
refresh_colors (CcalWeekHeader *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gboolean high_contrast = adw_is_initialized () && adw_style_manager_get_high_contrast (adw_style_manager_get_default ());
  GdkRGBA foreground, accent_bg;

  gtk_style_context_get_color (context, &foreground);
  if (!gtk_style_context_lookup_color (context, "accent_bg_color", &accent_bg))
    accent_bg = (GdkRGBA) { 0.21f, 0.52f, 0.89f, 1.0f };

  self->line_color = foreground;
  self->line_color.alpha *= high_contrast ? 0.5f : 0.15f;
  self->today_color = accent_bg;
  self->today_color.alpha *= high_contrast ? 0.15f : 0.07f;
}

static void
ccal_week_header_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ccal_week_header_parent_class)->css_changed (widget, change);

  refresh_colors (CCAL_WEEK_HEADER (widget));
}

static void
ccal_week_header_map (GtkWidget *widget)
{
  CcalWeekHeader *self = CCAL_WEEK_HEADER (widget);

  if (self->layout_dirty)
    rebuild_layout (self);

  GTK_WIDGET_CLASS (ccal_week_header_parent_class)->map (widget);
}

static void
ccal_week_header_unmap (GtkWidget *widget)
{
  CcalWeekHeader *self = CCAL_WEEK_HEADER (widget);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }

  GTK_WIDGET_CLASS (ccal_week_header_parent_class)->unmap (widget);
}

static void
ccal_week_header_dispose (GObject *object)
{
  CcalWeekHeader *self = CCAL_WEEK_HEADER (object);

  while (self->pool->len > 0)
    gtk_widget_unparent (g_ptr_array_steal_index (self->pool, self->pool->len - 1));
  for (int day = 0; day < N_DAYS; day++)
    g_clear_pointer (&self->day_boxes[day], gtk_widget_unparent);
  g_array_set_size (self->items, 0);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (ccal_week_header_parent_class)->dispose (object);
}

static void
ccal_week_header_finalize (GObject *object)
{
  CcalWeekHeader *self = CCAL_WEEK_HEADER (object);

  ccal_week_range_clear (&self->range);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->pool, g_ptr_array_unref);
  g_clear_pointer (&self->tzid, g_free);

  G_OBJECT_CLASS (ccal_week_header_parent_class)->finalize (object);
}

static void
ccal_week_header_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CcalWeekHeader *self = CCAL_WEEK_HEADER (object);

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
ccal_week_header_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CcalWeekHeader *self = CCAL_WEEK_HEADER (object);

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
ccal_week_header_class_init (CcalWeekHeaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ccal_week_header_dispose;
  object_class->finalize = ccal_week_header_finalize;
  object_class->get_property = ccal_week_header_get_property;
  object_class->set_property = ccal_week_header_set_property;

  widget_class->measure = ccal_week_header_measure;
  widget_class->size_allocate = ccal_week_header_size_allocate;
  widget_class->snapshot = ccal_week_header_snapshot;
  widget_class->css_changed = ccal_week_header_css_changed;
  widget_class->map = ccal_week_header_map;
  widget_class->unmap = ccal_week_header_unmap;

  properties[PROP_FIRST_WEEKDAY] =
    g_param_spec_int ("first-weekday", NULL, NULL, 0, 6, 1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USE_24H] =
    g_param_spec_boolean ("use-24h", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACTIVATE_OCCURRENCE] = g_signal_new ("activate-occurrence",
                                               G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, CCAL_TYPE_OCCURRENCE);

  gtk_widget_class_set_css_name (widget_class, "weekheader");
}

static void
ccal_week_header_init (CcalWeekHeader *self)
{
  self->first_weekday = 1;
  self->use_24h = TRUE;
  self->tzid = g_strdup ("UTC");
  self->today = -1;
  g_date_clear (&self->date, 1);
  g_date_set_time_t (&self->date, time (NULL));
  self->layout_dirty = TRUE;

  self->items = g_array_new (FALSE, TRUE, sizeof (HeaderItem));
  g_array_set_clear_func (self->items, header_item_clear);
  self->pool = g_ptr_array_new ();

  for (int day = 0; day < N_DAYS; day++)
    {
      self->day_boxes[day] = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_widget_add_css_class (self->day_boxes[day], "day");
      self->weekday_labels[day] = gtk_label_new (NULL);
      gtk_widget_add_css_class (self->weekday_labels[day], "weekday");
      gtk_label_set_ellipsize (GTK_LABEL (self->weekday_labels[day]), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (self->weekday_labels[day]), 0.0f);
      self->number_labels[day] = gtk_label_new (NULL);
      gtk_widget_add_css_class (self->number_labels[day], "day-number");
      gtk_label_set_xalign (GTK_LABEL (self->number_labels[day]), 0.0f);
      gtk_box_append (GTK_BOX (self->day_boxes[day]), self->weekday_labels[day]);
      gtk_box_append (GTK_BOX (self->day_boxes[day]), self->number_labels[day]);
      gtk_widget_set_parent (self->day_boxes[day], GTK_WIDGET (self));
    }

  refresh_colors (self);
  update_day_labels (self);
}

GtkWidget *
ccal_week_header_new (void)
{
  return g_object_new (CCAL_TYPE_WEEK_HEADER, NULL);
}

static void
on_model_items_changed_cb (GListModel     *model,
                           guint           position,
                           guint           removed,
                           guint           added,
                           CcalWeekHeader *self)
{
  invalidate_layout (self);
}

void
ccal_week_header_set_model (CcalWeekHeader *self,
                            GListModel     *occurrences)
{
  g_return_if_fail (CCAL_IS_WEEK_HEADER (self));
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
ccal_week_header_set_date (CcalWeekHeader *self,
                           const GDate    *date)
{
  g_return_if_fail (CCAL_IS_WEEK_HEADER (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  if (g_date_compare (&self->date, date) == 0)
    return;
  self->date = *date;
  invalidate_range (self);
  /* The day names change at once: they are cheap, and the header must never show the old week. */
  update_day_labels (self);
}

void
ccal_week_header_set_timezone (CcalWeekHeader *self,
                               const char     *tzid)
{
  g_return_if_fail (CCAL_IS_WEEK_HEADER (self));

  if (tzid == NULL || tzid[0] == '\0')
    tzid = "UTC";
  if (g_strcmp0 (self->tzid, tzid) == 0)
    return;
  g_free (self->tzid);
  self->tzid = g_strdup (tzid);
  invalidate_range (self);
}

void
ccal_week_header_set_margins (CcalWeekHeader *self,
                              int             leading,
                              int             trailing)
{
  g_return_if_fail (CCAL_IS_WEEK_HEADER (self));

  if (self->leading == leading && self->trailing == trailing)
    return;
  /* The view calls this right before allocating the header: no need to queue anything. */
  self->leading = leading;
  self->trailing = trailing;
}

void
ccal_week_header_set_now (CcalWeekHeader *self,
                          gint64          now)
{
  g_return_if_fail (CCAL_IS_WEEK_HEADER (self));

  self->now_override = now;
  ccal_week_header_update_now (self);
}

void
ccal_week_header_update_now (CcalWeekHeader *self)
{
  int old_today = self->today;

  g_return_if_fail (CCAL_IS_WEEK_HEADER (self));

  update_day_labels (self);
  if (old_today != self->today)
    gtk_widget_queue_draw (GTK_WIDGET (self));
}
