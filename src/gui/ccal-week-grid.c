/* ccal-week-grid.c — the hours of a week: seven day columns with the timed events and bookings
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <math.h>
#include <string.h>
#include <time.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ccal-occurrence-widget.h"
#include "ccal-week-grid-private.h"
#include "ccal-week-range.h"

/* GNOME Calendar's approach: a plain widget that draws the hour lines, the hour labels, today's
 * column, availability bands and the current-time line itself, and places one child widget per
 * timed event or booking (from a pool, re-bound on every layout). A model change only marks the
 * layout dirty; it is rebuilt once, on the next frame. */

#define N_DAYS          7
#define HOUR_HEIGHT     48   /* px for an hour: a 30-minute slot is 24 px, one line of text */
#define MIN_BLOCK_PX    20   /* a 5-minute event still gets a line; overlaps use this height too */
#define COLUMN_GAP      6    /* room to click beside events to create another at that time */
#define MIN_COLUMN      32
#define LABEL_PADDING   8
#define RESIZE_HANDLE   6    /* px at a block's bottom edge that resize instead of move */
#define DRAG_THRESHOLD  6

typedef struct
{
  CcalOccurrence *occurrence;   /* a reference */
  guint           day;
  int             start_minute; /* wall-clock minutes of the day, 0 … 1440 */
  int             end_minute;
  guint           column;
  guint           n_columns;
  gboolean        continues_before;
  gboolean        continues_after;
  GtkWidget      *widget;       /* the pool member bound to it; NULL for a band */
} GridItem;

typedef enum
{
  DRAG_NONE,
  DRAG_CREATE,
  DRAG_MOVE,
  DRAG_RESIZE,
} DragMode;

struct _CcalWeekGrid
{
  GtkWidget       parent_instance;

  /* settings */
  int             first_weekday;
  gboolean        use_24h;
  int             slot_minutes;
  char           *tzid;
  GDate           date;
  gint64          now_override;

  /* owned */
  GListModel     *model;
  CcalWeekRange   range;
  gboolean        range_valid;
  GArray         *items;         /* GridItem, by day then start */
  GArray         *bands;         /* GridItem: availability windows, drawn not placed */
  GPtrArray      *pool;          /* CcalOccurrenceWidget children; the first items->len are bound */
  gboolean        layout_dirty;
  guint           tick_id;
  guint           n_layouts;     /* rebuilds so far, for the tests */

  /* drawing, refreshed on style changes */
  PangoLayout    *hour_layouts[24];
  int             gutter_width;
  GdkRGBA         line_color;
  GdkRGBA         half_line_color;
  GdkRGBA         label_color;
  GdkRGBA         today_color;
  GdkRGBA         now_color;
  GdkRGBA         band_color;
  GdkRGBA         band_edge_color;
  GdkRGBA         selection_color;
  GdkRGBA         selection_edge_color;

  struct
  {
    DragMode        mode;
    gboolean        active;         /* past the threshold: a drag, not a click */
    double          start_x;
    double          start_y;
    int             start_day;
    int             start_minute;
    CcalOccurrence *occurrence;     /* MOVE, RESIZE: a reference */
    GtkWidget      *widget;
    guint           item_day;       /* the piece being dragged */
    int             item_start;
    int             item_end;
    /* the preview: where it would go now */
    int             day;
    int             from_minute;
    int             to_minute;
    gint64          new_start;
    gint64          new_end;
  } drag;
};

G_DEFINE_FINAL_TYPE (CcalWeekGrid, ccal_week_grid, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FIRST_WEEKDAY,
  PROP_USE_24H,
  PROP_SLOT_MINUTES,
  N_PROPS
};

enum {
  CREATE_EVENT,
  ACTIVATE_OCCURRENCE,
  MOVE_OCCURRENCE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
grid_item_clear (gpointer data)
{
  GridItem *item = data;

  g_clear_object (&item->occurrence);
}

static gboolean
is_rtl (CcalWeekGrid *self)
{
  return gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
}

static gint64
get_now (CcalWeekGrid *self)
{
  return self->now_override != 0 ? self->now_override : g_get_real_time ();
}

static double
minute_to_y (int minute)
{
  return minute * (double) HOUR_HEIGHT / 60.0;
}

static double
get_column_width (CcalWeekGrid *self)
{
  return MAX (0.0, (gtk_widget_get_width (GTK_WIDGET (self)) - self->gutter_width) / (double) N_DAYS);
}

/* The left edge of day @day's column, mirrored in right-to-left locales. */
static double
get_day_x (CcalWeekGrid *self,
           guint         day)
{
  double column_width = get_column_width (self);

  if (is_rtl (self))
    return gtk_widget_get_width (GTK_WIDGET (self)) - self->gutter_width - (day + 1) * column_width;
  return self->gutter_width + day * column_width;
}

/* Which day and minute a point of the grid is on; FALSE in the hour labels' gutter. */
static gboolean
point_to_slot (CcalWeekGrid *self,
               double        x,
               double        y,
               gboolean      clamp,
               int          *out_day,
               int          *out_minute)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double column_width = get_column_width (self);
  double along = is_rtl (self) ? width - x : x;

  along -= self->gutter_width;
  if (column_width <= 0 || (!clamp && (along < 0 || along >= N_DAYS * column_width)))
    return FALSE;

  *out_day = CLAMP ((int) floor (along / column_width), 0, N_DAYS - 1);
  *out_minute = CLAMP ((int) floor (y * 60.0 / HOUR_HEIGHT), 0, CCAL_MINUTES_PER_DAY - 1);
  return TRUE;
}

static int
snap_down (CcalWeekGrid *self,
           int           minute)
{
  return minute / self->slot_minutes * self->slot_minutes;
}

static int
snap_nearest (CcalWeekGrid *self,
              int           minute)
{
  return (int) floor ((double) minute / self->slot_minutes + 0.5) * self->slot_minutes;
}

/* Layout */

static void
ensure_range (CcalWeekGrid *self)
{
  GDate first;

  if (self->range_valid)
    return;
  ccal_week_range_week_start (&self->date, self->first_weekday, &first);
  ccal_week_range_init (&self->range, &first, N_DAYS, self->tzid);
  self->range_valid = TRUE;

  {
    g_autoptr(GDateTime) date_time = g_date_time_new_utc (g_date_get_year (&first), g_date_get_month (&first),
                                                          g_date_get_day (&first), 0, 0, 0);
    /* Translators: the week grid's name for screen readers, see g_date_time_format() */
    g_autofree char *label = g_date_time_format (date_time, _("Week of %-d %B %Y"));

    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  }
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const GridItem *ia = a;
  const GridItem *ib = b;

  if (ia->day != ib->day)
    return ia->day < ib->day ? -1 : 1;
  if (ia->start_minute != ib->start_minute)
    return ia->start_minute < ib->start_minute ? -1 : 1;
  if (ia->end_minute != ib->end_minute)
    return ia->end_minute > ib->end_minute ? -1 : 1;
  return ccal_occurrence_compare (ia->occurrence, ib->occurrence);
}

static void
collect_occurrence (CcalWeekGrid   *self,
                    CcalOccurrence *occurrence)
{
  gboolean band = occurrence->kind == CCAL_OCCURRENCE_EVENT && occurrence->event_type == CCAL_EVENT_TYPE_AVAILABILITY;
  int first, last;

  if (ccal_week_occurrence_in_all_day_row (occurrence))
    return;
  if (!ccal_week_range_occurrence_days (&self->range, occurrence, &first, &last))
    return;

  for (int day = first; day <= last; day++)
    {
      GridItem item = { 0 };

      item.day = (guint) day;
      if (occurrence->all_day)
        {
          /* Only an all-day availability window gets here: bookable the whole day. */
          item.start_minute = 0;
          item.end_minute = CCAL_MINUTES_PER_DAY;
        }
      else
        {
          item.start_minute = ccal_week_range_minute_in_day (&self->range, item.day, occurrence->start);
          item.end_minute = ccal_week_range_minute_in_day (&self->range, item.day, occurrence->end);
          item.end_minute = MAX (item.end_minute, item.start_minute);
          item.continues_before = occurrence->start < self->range.bounds[day];
          item.continues_after = occurrence->end > self->range.bounds[day + 1];
        }
      item.occurrence = g_object_ref (occurrence);
      g_array_append_val (band ? self->bands : self->items, item);
    }
}

/* Columns for overlapping items of each day, with the height they are drawn at: two short events
 * that do not overlap in time but would on screen sit side by side. */
static void
place_columns (CcalWeekGrid *self)
{
  int min_minutes = (MIN_BLOCK_PX * 60 + HOUR_HEIGHT - 1) / HOUR_HEIGHT;
  g_autofree CcalInterval *intervals = g_new (CcalInterval, MAX (1, self->items->len));
  g_autofree CcalLayoutPlacement *placements = g_new (CcalLayoutPlacement, MAX (1, self->items->len));
  guint first = 0;

  while (first < self->items->len)
    {
      guint day = g_array_index (self->items, GridItem, first).day;
      guint last = first;

      while (last < self->items->len && g_array_index (self->items, GridItem, last).day == day)
        {
          GridItem *item = &g_array_index (self->items, GridItem, last);

          intervals[last - first].start = item->start_minute;
          intervals[last - first].end = MAX (item->end_minute, item->start_minute + min_minutes);
          last++;
        }

      ccal_layout_overlaps (intervals, last - first, placements);
      for (guint i = first; i < last; i++)
        {
          GridItem *item = &g_array_index (self->items, GridItem, i);

          item->column = placements[i - first].column;
          item->n_columns = placements[i - first].n_columns;
        }
      first = last;
    }
}

static void
on_occurrence_widget_activate_cb (CcalOccurrenceWidget *widget,
                                  CcalWeekGrid         *self)
{
  CcalOccurrence *occurrence = ccal_occurrence_widget_get_occurrence (widget);

  if (occurrence != NULL)
    g_signal_emit (self, signals[ACTIVATE_OCCURRENCE], 0, occurrence);
}

static GtkWidget *
pool_get (CcalWeekGrid *self,
          guint         index)
{
  GtkWidget *widget;

  if (index < self->pool->len)
    return g_ptr_array_index (self->pool, index);

  widget = ccal_occurrence_widget_new (CCAL_OCCURRENCE_WIDGET_BLOCK);
  g_signal_connect (widget, "activate", G_CALLBACK (on_occurrence_widget_activate_cb), self);
  gtk_widget_set_parent (widget, GTK_WIDGET (self));
  g_ptr_array_add (self->pool, widget);
  return widget;
}

static void
bind_widgets (CcalWeekGrid *self)
{
  guint n_items = self->items->len;

  for (guint i = 0; i < n_items; i++)
    {
      GridItem *item = &g_array_index (self->items, GridItem, i);
      CcalOccurrenceWidget *widget = CCAL_OCCURRENCE_WIDGET (pool_get (self, i));

      ccal_occurrence_widget_set_occurrence (widget, item->occurrence, self->range.tzid, self->use_24h);
      ccal_occurrence_widget_set_continues (widget, item->continues_before, item->continues_after);
      gtk_widget_set_child_visible (GTK_WIDGET (widget), TRUE);
      item->widget = GTK_WIDGET (widget);
    }

  /* Keep some spare widgets for the next week; let a much larger pool go. */
  while (self->pool->len > 2 * n_items + 32)
    {
      GtkWidget *widget = g_ptr_array_steal_index (self->pool, self->pool->len - 1);

      gtk_widget_unparent (widget);
    }
  for (guint i = n_items; i < self->pool->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (self->pool, i);

      gtk_widget_set_child_visible (widget, FALSE);
      ccal_occurrence_widget_set_occurrence (CCAL_OCCURRENCE_WIDGET (widget), NULL, NULL, self->use_24h);
    }
}

/* The model changed under a drag: keep dragging the same piece if it is still there (its widget may
 * be another one of the pool now), else drop the drag. */
static void
follow_dragged_item (CcalWeekGrid *self)
{
  if (self->drag.widget == NULL)
    return;

  self->drag.widget = NULL;
  for (guint i = 0; i < self->items->len; i++)
    {
      const GridItem *item = &g_array_index (self->items, GridItem, i);

      if (item->day == self->drag.item_day && item->occurrence->start == self->drag.occurrence->start &&
          g_strcmp0 (item->occurrence->id, self->drag.occurrence->id) == 0)
        {
          self->drag.widget = item->widget;
          return;
        }
    }
  g_clear_object (&self->drag.occurrence);
  self->drag.mode = DRAG_NONE;
  self->drag.active = FALSE;
}

static void
rebuild_layout (CcalWeekGrid *self)
{
  guint n_items;

  self->layout_dirty = FALSE;
  self->n_layouts++;
  ensure_range (self);

  g_array_set_size (self->items, 0);
  g_array_set_size (self->bands, 0);

  n_items = self->model != NULL ? g_list_model_get_n_items (self->model) : 0;
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (self->model, i);

      if (CCAL_IS_OCCURRENCE (object))
        collect_occurrence (self, CCAL_OCCURRENCE (object));
    }

  g_array_sort (self->items, compare_items);
  place_columns (self);
  bind_widgets (self);
  follow_dragged_item (self);

  gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
layout_tick_cb (GtkWidget     *widget,
                GdkFrameClock *frame_clock,
                gpointer       user_data)
{
  CcalWeekGrid *self = CCAL_WEEK_GRID (widget);

  self->tick_id = 0;
  if (self->layout_dirty)
    rebuild_layout (self);
  return G_SOURCE_REMOVE;
}

/* Everything that changes what is shown comes here: the work waits for the next frame, so a burst
 * of model changes (a sync) costs one layout. */
static void
invalidate_layout (CcalWeekGrid *self)
{
  self->layout_dirty = TRUE;
  if (self->tick_id == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), layout_tick_cb, NULL, NULL);
}

static void
invalidate_range (CcalWeekGrid *self)
{
  self->range_valid = FALSE;
  invalidate_layout (self);
}

/* Drawing resources */

static void
clear_hour_layouts (CcalWeekGrid *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->hour_layouts); i++)
    g_clear_object (&self->hour_layouts[i]);
}

static char *
format_hour (int      hour,
             gboolean use_24h)
{
  if (use_24h)
    return g_strdup_printf ("%02d:00", hour);
  /* Translators: hour labels of the 12-hour clock in the week grid */
  return g_strdup_printf (hour < 12 ? _("%d AM") : _("%d PM"), hour % 12 == 0 ? 12 : hour % 12);
}

static void
ensure_hour_layouts (CcalWeekGrid *self)
{
  g_autoptr(PangoAttrList) attributes = NULL;
  int widest = 0;

  if (self->hour_layouts[0] != NULL)
    return;

  attributes = pango_attr_list_new ();
  pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_SMALL));
  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum"));

  for (int hour = 0; hour < 24; hour++)
    {
      g_autofree char *text = format_hour (hour, self->use_24h);
      int width;

      self->hour_layouts[hour] = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
      pango_layout_set_attributes (self->hour_layouts[hour], attributes);
      pango_layout_get_pixel_size (self->hour_layouts[hour], &width, NULL);
      widest = MAX (widest, width);
    }

  self->gutter_width = widest + 2 * LABEL_PADDING;
}

static gboolean
lookup_color (GtkStyleContext *context,
              const char      *name,
              const GdkRGBA   *fallback,
              GdkRGBA         *out)
{
  if (gtk_style_context_lookup_color (context, name, out))
    return TRUE;
  *out = *fallback;
  return FALSE;
}

static GdkRGBA
with_alpha (const GdkRGBA *color,
            float          alpha)
{
  GdkRGBA result = *color;

  result.alpha = color->alpha * alpha;
  return result;
}

/* Colours come from the theme (dark and high-contrast variants included): lines and labels are the
 * foreground at low opacity, like libadwaita's own borders; the rest use its named colours. */
static void
refresh_colors (CcalWeekGrid *self)
{
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (self));
  gboolean high_contrast = adw_is_initialized () && adw_style_manager_get_high_contrast (adw_style_manager_get_default ());
  GdkRGBA foreground, accent, accent_bg, success;

  gtk_style_context_get_color (context, &foreground);
  lookup_color (context, "accent_color", &(GdkRGBA) { 0.11f, 0.44f, 0.85f, 1.0f }, &accent);
  lookup_color (context, "accent_bg_color", &(GdkRGBA) { 0.21f, 0.52f, 0.89f, 1.0f }, &accent_bg);
  lookup_color (context, "success_color", &(GdkRGBA) { 0.11f, 0.52f, 0.33f, 1.0f }, &success);

  self->line_color = with_alpha (&foreground, high_contrast ? 0.5f : 0.15f);
  self->half_line_color = with_alpha (&foreground, high_contrast ? 0.3f : 0.06f);
  self->label_color = with_alpha (&foreground, high_contrast ? 1.0f : 0.6f);
  self->today_color = with_alpha (&accent_bg, high_contrast ? 0.15f : 0.07f);
  self->now_color = accent;
  self->band_color = with_alpha (&success, high_contrast ? 0.3f : 0.13f);
  self->band_edge_color = with_alpha (&success, 0.8f);
  self->selection_color = with_alpha (&accent_bg, 0.25f);
  self->selection_edge_color = accent_bg;
}

/* GtkWidget */

static void
ccal_week_grid_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  CcalWeekGrid *self = CCAL_WEEK_GRID (widget);

  ensure_hour_layouts (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = self->gutter_width + N_DAYS * MIN_COLUMN;
      *natural = self->gutter_width + N_DAYS * 120;
    }
  else
    {
      *minimum = *natural = 24 * HOUR_HEIGHT;
    }
}

/* Where item @item goes: its day column, its share of the column for overlaps, its time. */
static void
get_item_rect (CcalWeekGrid    *self,
               const GridItem  *item,
               graphene_rect_t *out)
{
  double column_width = get_column_width (self);
  double x0 = get_day_x (self, item->day);
  double inner_start, inner_end, width, left, top, bottom;
  guint column = item->column;
  guint n_columns = MAX (1, item->n_columns);

  /* The column's own line is on its leading edge; the click gap on its trailing edge. */
  if (is_rtl (self))
    {
      inner_start = x0 + COLUMN_GAP;
      inner_end = x0 + column_width - 1;
      column = n_columns - 1 - column;
    }
  else
    {
      inner_start = x0 + 1;
      inner_end = x0 + column_width - COLUMN_GAP;
    }
  width = MAX (0.0, inner_end - inner_start) / n_columns;
  left = round (inner_start + column * width);

  top = round (minute_to_y (item->start_minute));
  bottom = round (MAX (minute_to_y (item->end_minute), top + MIN_BLOCK_PX));
  *out = GRAPHENE_RECT_INIT (left, top + 1, MAX (0.0, round (inner_start + (column + 1) * width) - left - 1),
                             MAX (0.0, bottom - top - 2));
}

static void
allocate_child (GtkWidget             *child,
                const graphene_rect_t *rect)
{
  int min_width, min_height;

  /* Never below the CSS box (padding and borders), which GTK refuses. */
  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, -1, &min_height, NULL, NULL, NULL);
  gtk_widget_size_allocate (child,
                            &(GtkAllocation) {
                              .x = (int) rect->origin.x,
                              .y = (int) rect->origin.y,
                              .width = MAX ((int) rect->size.width, min_width),
                              .height = MAX ((int) rect->size.height, min_height),
                            },
                            -1);
}

static void
ccal_week_grid_size_allocate (GtkWidget *widget,
                              int        width,
                              int        height,
                              int        baseline)
{
  CcalWeekGrid *self = CCAL_WEEK_GRID (widget);

  ensure_hour_layouts (self);

  for (guint i = 0; i < self->items->len; i++)
    {
      GridItem *item = &g_array_index (self->items, GridItem, i);
      graphene_rect_t rect;

      if (item->widget == NULL)
        continue;

      if (self->drag.active && item->widget == self->drag.widget)
        {
          /* The piece being dragged follows the pointer, the whole width of the day it is over. */
          GridItem preview = *item;

          preview.day = (guint) self->drag.day;
          preview.start_minute = self->drag.from_minute;
          preview.end_minute = self->drag.to_minute;
          preview.column = 0;
          preview.n_columns = 1;
          get_item_rect (self, &preview, &rect);
        }
      else
        {
          get_item_rect (self, item, &rect);
        }
      allocate_child (item->widget, &rect);
    }
}

static void
append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             double         x,
             double         y,
             double         width,
             double         height)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

static void
snapshot_bands (CcalWeekGrid *self,
                GtkSnapshot  *snapshot)
{
  double column_width = get_column_width (self);
  gboolean rtl = is_rtl (self);

  for (guint i = 0; i < self->bands->len; i++)
    {
      const GridItem *band = &g_array_index (self->bands, GridItem, i);
      double x = get_day_x (self, band->day) + (rtl ? 0 : 1);
      double top = round (minute_to_y (band->start_minute));
      double bottom = round (minute_to_y (band->end_minute));
      double width = column_width - 1;

      if (bottom <= top)
        continue;
      append_rect (snapshot, &self->band_color, x, top, width, bottom - top);
      /* A bar on the leading edge marks the window, as a margin line would on paper. */
      append_rect (snapshot, &self->band_edge_color, rtl ? x + width - 3 : x, top, 3, bottom - top);
    }
}

static void
snapshot_lines (CcalWeekGrid *self,
                GtkSnapshot  *snapshot)
{
  double column_width = get_column_width (self);
  gboolean rtl = is_rtl (self);
  double days_x = rtl ? 0 : self->gutter_width;
  double days_width = N_DAYS * column_width;

  for (int hour = 0; hour < 24; hour++)
    {
      double y = hour * HOUR_HEIGHT;

      /* Hour lines reach into the gutter a little, to tie the labels to them. */
      if (hour > 0)
        append_rect (snapshot, &self->line_color, rtl ? 0 : self->gutter_width - LABEL_PADDING / 2, y,
                     days_width + LABEL_PADDING / 2, 1);
      append_rect (snapshot, &self->half_line_color, days_x, y + HOUR_HEIGHT / 2, days_width, 1);
    }

  for (guint day = 0; day < N_DAYS; day++)
    {
      double x = round (get_day_x (self, day));

      append_rect (snapshot, &self->line_color, rtl ? round (x + column_width) - 1 : x, 0, 1, 24 * HOUR_HEIGHT);
    }
}

static void
snapshot_hour_labels (CcalWeekGrid *self,
                      GtkSnapshot  *snapshot)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  gboolean rtl = is_rtl (self);

  /* Labels sit centred on their hour line; midnight's would be cut off at the top. */
  for (int hour = 1; hour < 24; hour++)
    {
      PangoLayout *layout = self->hour_layouts[hour];
      int label_width, label_height;
      double x;

      pango_layout_get_pixel_size (layout, &label_width, &label_height);
      x = rtl ? width - self->gutter_width + LABEL_PADDING : self->gutter_width - LABEL_PADDING - label_width;

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, hour * HOUR_HEIGHT - label_height / 2.0));
      gtk_snapshot_append_layout (snapshot, layout, &self->label_color);
      gtk_snapshot_restore (snapshot);
    }
}

static void
snapshot_selection (CcalWeekGrid *self,
                    GtkSnapshot  *snapshot)
{
  GridItem selection = { 0 };
  graphene_rect_t rect;
  GskRoundedRect outline;

  if (self->drag.mode != DRAG_CREATE || !self->drag.active)
    return;

  selection.day = (guint) self->drag.day;
  selection.start_minute = self->drag.from_minute;
  selection.end_minute = self->drag.to_minute;
  selection.n_columns = 1;
  get_item_rect (self, &selection, &rect);

  gsk_rounded_rect_init_from_rect (&outline, &rect, 6);
  gtk_snapshot_push_rounded_clip (snapshot, &outline);
  gtk_snapshot_append_color (snapshot, &self->selection_color, &rect);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 1, 1, 1, 1 },
                              (GdkRGBA[4]) { self->selection_edge_color, self->selection_edge_color,
                                             self->selection_edge_color, self->selection_edge_color });
}

static void
snapshot_now (CcalWeekGrid *self,
              GtkSnapshot  *snapshot,
              int           today)
{
  gint64 now = get_now (self);
  double column_width = get_column_width (self);
  double x = get_day_x (self, (guint) today);
  double y = round (minute_to_y (ccal_week_range_minute_in_day (&self->range, (guint) today, now)));
  double dot_x = is_rtl (self) ? x + column_width - 4 : x - 4;
  GskRoundedRect dot;

  append_rect (snapshot, &self->now_color, x, y - 1, column_width, 2);

  gsk_rounded_rect_init_from_rect (&dot, &GRAPHENE_RECT_INIT (dot_x, y - 4, 8, 8), 4);
  gtk_snapshot_push_rounded_clip (snapshot, &dot);
  gtk_snapshot_append_color (snapshot, &self->now_color, &dot.bounds);
  gtk_snapshot_pop (snapshot);
}

static void
ccal_week_grid_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CcalWeekGrid *self = CCAL_WEEK_GRID (widget);
  int today;

  ensure_range (self);
  ensure_hour_layouts (self);

  today = ccal_week_range_find_day (&self->range, get_now (self));
  if (today >= 0 && today < N_DAYS)
    append_rect (snapshot, &self->today_color, get_day_x (self, (guint) today), 0, get_column_width (self),
                 24 * HOUR_HEIGHT);

  snapshot_bands (self, snapshot);
  snapshot_lines (self, snapshot);
  snapshot_hour_labels (self, snapshot);
  snapshot_selection (self, snapshot);

  for (guint i = 0; i < self->items->len; i++)
    {
      GtkWidget *child = g_array_index (self->items, GridItem, i).widget;

      if (child != NULL && child != self->drag.widget)
        gtk_widget_snapshot_child (widget, child, snapshot);
    }
  /* What is being dragged goes over everything else. */
  if (self->drag.widget != NULL)
    gtk_widget_snapshot_child (widget, self->drag.widget, snapshot);

  if (today >= 0 && today < N_DAYS)
    snapshot_now (self, snapshot, today);
}

static void
ccal_week_grid_css_changed (GtkWidget         *widget,
                            GtkCssStyleChange *change)
{
  CcalWeekGrid *self = CCAL_WEEK_GRID (widget);

  GTK_WIDGET_CLASS (ccal_week_grid_parent_class)->css_changed (widget, change);

  refresh_colors (self);
  clear_hour_layouts (self);
  gtk_widget_queue_resize (widget);
}

static void
ccal_week_grid_system_setting_changed (GtkWidget        *widget,
                                       GtkSystemSetting  setting)
{
  GTK_WIDGET_CLASS (ccal_week_grid_parent_class)->system_setting_changed (widget, setting);

  clear_hour_layouts (CCAL_WEEK_GRID (widget));
  gtk_widget_queue_resize (widget);
}

static void
ccal_week_grid_direction_changed (GtkWidget        *widget,
                                  GtkTextDirection  previous)
{
  GTK_WIDGET_CLASS (ccal_week_grid_parent_class)->direction_changed (widget, previous);

  clear_hour_layouts (CCAL_WEEK_GRID (widget));
  gtk_widget_queue_allocate (widget);
}

static void
ccal_week_grid_map (GtkWidget *widget)
{
  CcalWeekGrid *self = CCAL_WEEK_GRID (widget);

  /* Shown again after model changes while hidden: lay out now, before the first frame. The children
   * are parented before the map so that they map along. */
  if (self->layout_dirty)
    rebuild_layout (self);

  GTK_WIDGET_CLASS (ccal_week_grid_parent_class)->map (widget);
}

static void
ccal_week_grid_unmap (GtkWidget *widget)
{
  CcalWeekGrid *self = CCAL_WEEK_GRID (widget);

  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (widget, self->tick_id);
      self->tick_id = 0;
    }

  GTK_WIDGET_CLASS (ccal_week_grid_parent_class)->unmap (widget);
}

/* Keyboard: Tab walks the occurrences day by day in time order; Up and Down move within a day, Left
 * and Right to the nearest in time on the next day that has any. */
static int
find_item_of_widget (CcalWeekGrid *self,
                     GtkWidget    *widget)
{
  if (widget == NULL)
    return -1;
  for (guint i = 0; i < self->items->len; i++)
    if (g_array_index (self->items, GridItem, i).widget == widget)
      return (int) i;
  return -1;
}

static int
find_nearest_on_day (CcalWeekGrid *self,
                     int           current,
                     int           step)
{
  const GridItem *from = &g_array_index (self->items, GridItem, current);

  for (int day = (int) from->day + step; day >= 0 && day < N_DAYS; day += step)
    {
      int best = -1;
      int best_distance = G_MAXINT;

      for (guint i = 0; i < self->items->len; i++)
        {
          const GridItem *item = &g_array_index (self->items, GridItem, i);
          int distance;

          if ((int) item->day != day)
            continue;
          distance = ABS (item->start_minute - from->start_minute);
          if (distance < best_distance)
            {
              best = (int) i;
              best_distance = distance;
            }
        }
      if (best >= 0)
        return best;
    }
  return -1;
}

static gboolean
ccal_week_grid_focus (GtkWidget        *widget,
                      GtkDirectionType  direction)
{
  CcalWeekGrid *self = CCAL_WEEK_GRID (widget);
  int n_items, current;
  int target = -1;

  if (self->layout_dirty)
    rebuild_layout (self);
  n_items = (int) self->items->len;
  current = find_item_of_widget (self, gtk_widget_get_focus_child (widget));
  if (n_items == 0)
    return FALSE;

  switch (direction)
    {
    case GTK_DIR_TAB_FORWARD:
      target = current < 0 ? 0 : current + 1;
      if (target >= n_items)
        return FALSE;
      break;

    case GTK_DIR_TAB_BACKWARD:
      target = current < 0 ? n_items - 1 : current - 1;
      if (target < 0)
        return FALSE;
      break;

    case GTK_DIR_DOWN:
    case GTK_DIR_UP:
      if (current < 0)
        {
          target = direction == GTK_DIR_DOWN ? 0 : n_items - 1;
          break;
        }
      target = current + (direction == GTK_DIR_DOWN ? 1 : -1);
      if (target < 0 || target >= n_items ||
          g_array_index (self->items, GridItem, target).day != g_array_index (self->items, GridItem, current).day)
        target = current;
      break;

    case GTK_DIR_LEFT:
    case GTK_DIR_RIGHT:
      if (current < 0)
        return FALSE;
      target = find_nearest_on_day (self, current, (direction == GTK_DIR_RIGHT) != is_rtl (self) ? 1 : -1);
      if (target < 0)
        target = current;
      break;

    default:
      return FALSE;
    }

  if (target == current)
    gtk_widget_error_bell (widget);
  gtk_widget_grab_focus (g_array_index (self->items, GridItem, target).widget);
  return TRUE;
}

/* Pointer: click an empty slot to create there, drag on empty space to create a range, drag a block
 * to move it, drag its bottom edge to resize it; everything snaps to slot-minutes. */

static void
drag_reset (CcalWeekGrid *self)
{
  gboolean had_widget = self->drag.widget != NULL;

  g_clear_object (&self->drag.occurrence);
  memset (&self->drag, 0, sizeof self->drag);
  if (had_widget)
    gtk_widget_queue_allocate (GTK_WIDGET (self));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static GtkWidget *
pick_occurrence_widget (CcalWeekGrid *self,
                        double        x,
                        double        y)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self), x, y, GTK_PICK_DEFAULT);

  while (picked != NULL && picked != GTK_WIDGET (self))
    {
      if (CCAL_IS_OCCURRENCE_WIDGET (picked) && gtk_widget_get_parent (picked) == GTK_WIDGET (self))
        return picked;
      picked = gtk_widget_get_parent (picked);
    }
  return NULL;
}

static void
grid_drag_begin (CcalWeekGrid *self,
                 double        x,
                 double        y)
{
  GtkWidget *picked;
  int item_index;

  drag_reset (self);
  ensure_range (self);

  self->drag.start_x = x;
  self->drag.start_y = y;
  if (!point_to_slot (self, x, y, FALSE, &self->drag.start_day, &self->drag.start_minute))
    return;

  picked = pick_occurrence_widget (self, x, y);
  item_index = find_item_of_widget (self, picked);
  if (item_index >= 0)
    {
      const GridItem *item = &g_array_index (self->items, GridItem, item_index);
      graphene_rect_t bounds;

      if (!gtk_widget_compute_bounds (picked, GTK_WIDGET (self), &bounds))
        return;
      self->drag.widget = picked;
      self->drag.occurrence = g_object_ref (item->occurrence);
      self->drag.item_day = item->day;
      self->drag.item_start = item->start_minute;
      self->drag.item_end = item->end_minute;
      self->drag.mode = !item->continues_after && bounds.size.height >= 2 * RESIZE_HANDLE &&
                        y >= bounds.origin.y + bounds.size.height - RESIZE_HANDLE ? DRAG_RESIZE : DRAG_MOVE;
    }
  else
    {
      self->drag.mode = DRAG_CREATE;
    }
}

/* The wall-clock minutes from the start of the week's first day, for moving across days. */
static void
update_move_preview (CcalWeekGrid *self,
                     int           day,
                     int           minute)
{
  CcalOccurrence *occurrence = self->drag.occurrence;
  int delta = (day - self->drag.start_day) * CCAL_MINUTES_PER_DAY + (minute - self->drag.start_minute);
  int piece_start = (int) self->drag.item_day * CCAL_MINUTES_PER_DAY + self->drag.item_start;
  int length = self->drag.item_end - self->drag.item_start;
  int new_piece_start = snap_nearest (self, piece_start + delta);
  int new_day, new_minute;
  gint64 shift;

  /* Stay inside the week shown, and start no later than a slot before midnight. */
  new_piece_start = CLAMP (new_piece_start, 0, N_DAYS * CCAL_MINUTES_PER_DAY - self->slot_minutes);
  new_day = new_piece_start / CCAL_MINUTES_PER_DAY;
  new_minute = MIN (new_piece_start % CCAL_MINUTES_PER_DAY, CCAL_MINUTES_PER_DAY - self->slot_minutes);

  self->drag.day = new_day;
  self->drag.from_minute = new_minute;
  self->drag.to_minute = MIN (new_minute + length, CCAL_MINUTES_PER_DAY);

  /* The occurrence keeps its length; its start moves by what the piece moved. */
  shift = ccal_week_range_instant_at (&self->range, (guint) new_day, new_minute) -
          ccal_week_range_instant_at (&self->range, self->drag.item_day, self->drag.item_start);
  self->drag.new_start = occurrence->start + shift;
  self->drag.new_end = occurrence->end + shift;
}

static void
update_resize_preview (CcalWeekGrid *self,
                       int           minute)
{
  CcalOccurrence *occurrence = self->drag.occurrence;
  int lowest = self->drag.item_start + self->slot_minutes;
  int end_minute = CLAMP (snap_nearest (self, minute), MIN (lowest, CCAL_MINUTES_PER_DAY), CCAL_MINUTES_PER_DAY);

  self->drag.day = (int) self->drag.item_day;
  self->drag.from_minute = self->drag.item_start;
  self->drag.to_minute = end_minute;
  self->drag.new_start = occurrence->start;
  self->drag.new_end = MAX (occurrence->start + CCAL_USEC_PER_MINUTE,
                            ccal_week_range_instant_at (&self->range, self->drag.item_day, end_minute));
}

static void
update_create_preview (CcalWeekGrid *self,
                       int           minute)
{
  int low = MIN (minute, self->drag.start_minute);
  int high = MAX (minute, self->drag.start_minute);

  /* A range drawn inside one day, covering every slot the pointer touched. */
  self->drag.day = self->drag.start_day;
  self->drag.from_minute = snap_down (self, low);
  self->drag.to_minute = MIN (snap_down (self, high) + self->slot_minutes, CCAL_MINUTES_PER_DAY);
  self->drag.new_start = ccal_week_range_instant_at (&self->range, (guint) self->drag.day, self->drag.from_minute);
  self->drag.new_end = ccal_week_range_instant_at (&self->range, (guint) self->drag.day, self->drag.to_minute);
}

static void
update_preview (CcalWeekGrid *self,
                double        x,
                double        y)
{
  int day, minute;

  if (!point_to_slot (self, x, y, TRUE, &day, &minute))
    return;

  switch (self->drag.mode)
    {
    case DRAG_CREATE:
      update_create_preview (self, minute);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    case DRAG_MOVE:
      update_move_preview (self, day, minute);
      gtk_widget_queue_allocate (GTK_WIDGET (self));
      break;
    case DRAG_RESIZE:
      update_resize_preview (self, (int) round (y * 60.0 / HOUR_HEIGHT));
      gtk_widget_queue_allocate (GTK_WIDGET (self));
      break;
    case DRAG_NONE:
    default:
      break;
    }
}

/* Returns TRUE when the press has become a drag (and the gesture should claim it). */
static gboolean
grid_drag_update (CcalWeekGrid *self,
                  double        x,
                  double        y)
{
  gboolean started = FALSE;

  if (self->drag.mode == DRAG_NONE)
    return FALSE;

  if (!self->drag.active)
    {
      if (hypot (x - self->drag.start_x, y - self->drag.start_y) < DRAG_THRESHOLD)
        return FALSE;
      self->drag.active = TRUE;
      started = TRUE;
    }

  update_preview (self, x, y);
  return started;
}

static void
grid_drag_end (CcalWeekGrid *self,
               double        x,
               double        y)
{
  DragMode mode = self->drag.mode;
  g_autoptr(CcalOccurrence) occurrence = NULL;
  gint64 new_start, new_end;

  if (mode == DRAG_NONE)
    return;

  if (self->drag.active)
    update_preview (self, x, y);
  else if (mode == DRAG_CREATE)
    /* A click: the slot under the pointer. */
    update_create_preview (self, self->drag.start_minute);
  else
    {
      /* A click on an occurrence: the widget itself emits activate. */
      drag_reset (self);
      return;
    }

  occurrence = self->drag.occurrence != NULL ? g_object_ref (self->drag.occurrence) : NULL;
  new_start = self->drag.new_start;
  new_end = self->drag.new_end;
  drag_reset (self);

  if (mode == DRAG_CREATE)
    g_signal_emit (self, signals[CREATE_EVENT], 0, new_start, new_end);
  else if (occurrence != NULL && (new_start != occurrence->start || new_end != occurrence->end))
    g_signal_emit (self, signals[MOVE_OCCURRENCE], 0, occurrence, new_start, new_end);
}

static void
on_drag_begin_cb (GtkGestureDrag *gesture,
                  double          x,
                  double          y,
                  CcalWeekGrid   *self)
{
  grid_drag_begin (self, x, y);
}

static void
on_drag_update_cb (GtkGestureDrag *gesture,
                   double          offset_x,
                   double          offset_y,
                   CcalWeekGrid   *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  /* Once it is a drag, the occurrence under the pointer must not also take it as a click. */
  if (grid_drag_update (self, x + offset_x, y + offset_y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_drag_end_cb (GtkGestureDrag *gesture,
                double          offset_x,
                double          offset_y,
                CcalWeekGrid   *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  grid_drag_end (self, x + offset_x, y + offset_y);
}

static void
on_drag_cancel_cb (GtkGesture       *gesture,
                   GdkEventSequence *sequence,
                   CcalWeekGrid     *self)
{
  drag_reset (self);
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              CcalWeekGrid             *self)
{
  GtkWidget *picked;
  int index;

  if (self->drag.mode != DRAG_NONE)
    return;

  /* Show where a block can be resized. */
  picked = pick_occurrence_widget (self, x, y);
  index = find_item_of_widget (self, picked);
  if (index >= 0)
    {
      graphene_rect_t bounds;
      gboolean on_edge = FALSE;

      if (!g_array_index (self->items, GridItem, index).continues_after &&
          gtk_widget_compute_bounds (picked, GTK_WIDGET (self), &bounds))
        on_edge = bounds.size.height >= 2 * RESIZE_HANDLE && y >= bounds.origin.y + bounds.size.height - RESIZE_HANDLE;
      gtk_widget_set_cursor_from_name (picked, on_edge ? "ns-resize" : NULL);
    }
}

/* GObject */

static void
ccal_week_grid_dispose (GObject *object)
{
  CcalWeekGrid *self = CCAL_WEEK_GRID (object);

  drag_reset (self);
  while (self->pool->len > 0)
    gtk_widget_unparent (g_ptr_array_steal_index (self->pool, self->pool->len - 1));
  g_array_set_size (self->items, 0);
  g_array_set_size (self->bands, 0);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_clear_object (&self->model);

  G_OBJECT_CLASS (ccal_week_grid_parent_class)->dispose (object);
}

static void
ccal_week_grid_finalize (GObject *object)
{
  CcalWeekGrid *self = CCAL_WEEK_GRID (object);

  clear_hour_layouts (self);
  ccal_week_range_clear (&self->range);
  g_clear_pointer (&self->items, g_array_unref);
  g_clear_pointer (&self->bands, g_array_unref);
  g_clear_pointer (&self->pool, g_ptr_array_unref);
  g_clear_pointer (&self->tzid, g_free);

  G_OBJECT_CLASS (ccal_week_grid_parent_class)->finalize (object);
}

static void
ccal_week_grid_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CcalWeekGrid *self = CCAL_WEEK_GRID (object);

  switch (prop_id)
    {
    case PROP_FIRST_WEEKDAY:
      g_value_set_int (value, self->first_weekday);
      break;
    case PROP_USE_24H:
      g_value_set_boolean (value, self->use_24h);
      break;
    case PROP_SLOT_MINUTES:
      g_value_set_int (value, self->slot_minutes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_week_grid_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CcalWeekGrid *self = CCAL_WEEK_GRID (object);

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
          clear_hour_layouts (self);
          invalidate_layout (self);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SLOT_MINUTES:
      if (self->slot_minutes != g_value_get_int (value))
        {
          self->slot_minutes = g_value_get_int (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_week_grid_class_init (CcalWeekGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ccal_week_grid_dispose;
  object_class->finalize = ccal_week_grid_finalize;
  object_class->get_property = ccal_week_grid_get_property;
  object_class->set_property = ccal_week_grid_set_property;

  widget_class->measure = ccal_week_grid_measure;
  widget_class->size_allocate = ccal_week_grid_size_allocate;
  widget_class->snapshot = ccal_week_grid_snapshot;
  widget_class->css_changed = ccal_week_grid_css_changed;
  widget_class->system_setting_changed = ccal_week_grid_system_setting_changed;
  widget_class->direction_changed = ccal_week_grid_direction_changed;
  widget_class->map = ccal_week_grid_map;
  widget_class->unmap = ccal_week_grid_unmap;
  widget_class->focus = ccal_week_grid_focus;

  properties[PROP_FIRST_WEEKDAY] =
    g_param_spec_int ("first-weekday", NULL, NULL, 0, 6, 1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USE_24H] =
    g_param_spec_boolean ("use-24h", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SLOT_MINUTES] =
    g_param_spec_int ("slot-minutes", NULL, NULL, 5, 480, 30,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CREATE_EVENT] = g_signal_new ("create-event",
                                        G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 2, G_TYPE_INT64, G_TYPE_INT64);
  signals[ACTIVATE_OCCURRENCE] = g_signal_new ("activate-occurrence",
                                               G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST,
                                               0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 1, CCAL_TYPE_OCCURRENCE);
  signals[MOVE_OCCURRENCE] = g_signal_new ("move-occurrence",
                                           G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 3, CCAL_TYPE_OCCURRENCE, G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_css_name (widget_class, "weekgrid");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ccal_week_grid_init (CcalWeekGrid *self)
{
  GtkGesture *drag;
  GtkEventController *motion;

  self->first_weekday = 1;
  self->use_24h = TRUE;
  self->slot_minutes = 30;
  self->tzid = g_strdup ("UTC");
  g_date_clear (&self->date, 1);
  g_date_set_time_t (&self->date, time (NULL));
  self->layout_dirty = TRUE;

  self->items = g_array_new (FALSE, TRUE, sizeof (GridItem));
  g_array_set_clear_func (self->items, grid_item_clear);
  self->bands = g_array_new (FALSE, TRUE, sizeof (GridItem));
  g_array_set_clear_func (self->bands, grid_item_clear);
  self->pool = g_ptr_array_new ();

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end_cb), self);
  g_signal_connect (drag, "cancel", G_CALLBACK (on_drag_cancel_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  refresh_colors (self);
}

GtkWidget *
ccal_week_grid_new (void)
{
  return g_object_new (CCAL_TYPE_WEEK_GRID, NULL);
}

static void
on_model_items_changed_cb (GListModel   *model,
                           guint         position,
                           guint         removed,
                           guint         added,
                           CcalWeekGrid *self)
{
  invalidate_layout (self);
}

void
ccal_week_grid_set_model (CcalWeekGrid *self,
                          GListModel   *occurrences)
{
  g_return_if_fail (CCAL_IS_WEEK_GRID (self));
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
ccal_week_grid_set_date (CcalWeekGrid *self,
                         const GDate  *date)
{
  g_return_if_fail (CCAL_IS_WEEK_GRID (self));
  g_return_if_fail (date != NULL && g_date_valid (date));

  if (g_date_compare (&self->date, date) == 0)
    return;
  self->date = *date;
  invalidate_range (self);
}

void
ccal_week_grid_set_timezone (CcalWeekGrid *self,
                             const char   *tzid)
{
  g_return_if_fail (CCAL_IS_WEEK_GRID (self));

  if (tzid == NULL || tzid[0] == '\0')
    tzid = "UTC";
  if (g_strcmp0 (self->tzid, tzid) == 0)
    return;
  g_free (self->tzid);
  self->tzid = g_strdup (tzid);
  invalidate_range (self);
}

void
ccal_week_grid_get_range (CcalWeekGrid *self,
                          gint64       *out_from,
                          gint64       *out_to)
{
  g_return_if_fail (CCAL_IS_WEEK_GRID (self));

  ensure_range (self);
  if (out_from != NULL)
    *out_from = ccal_week_range_get_start (&self->range);
  if (out_to != NULL)
    *out_to = ccal_week_range_get_end (&self->range);
}

int
ccal_week_grid_get_gutter_width (CcalWeekGrid *self)
{
  g_return_val_if_fail (CCAL_IS_WEEK_GRID (self), 0);

  ensure_hour_layouts (self);
  return self->gutter_width;
}

int
ccal_week_grid_get_hour_height (CcalWeekGrid *self)
{
  g_return_val_if_fail (CCAL_IS_WEEK_GRID (self), HOUR_HEIGHT);

  return HOUR_HEIGHT;
}

void
ccal_week_grid_update_now (CcalWeekGrid *self)
{
  g_return_if_fail (CCAL_IS_WEEK_GRID (self));

  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Private: tests and the benchmark */

void
ccal_week_grid_test_drag (CcalWeekGrid *self,
                          double        x0,
                          double        y0,
                          double        x1,
                          double        y1)
{
  g_return_if_fail (CCAL_IS_WEEK_GRID (self));

  grid_drag_begin (self, x0, y0);
  grid_drag_update (self, x1, y1);
  grid_drag_end (self, x1, y1);
}

void
ccal_week_grid_get_day_area (CcalWeekGrid    *self,
                             guint            day,
                             graphene_rect_t *out_area)
{
  g_return_if_fail (CCAL_IS_WEEK_GRID (self));
  g_return_if_fail (day < N_DAYS);

  *out_area = GRAPHENE_RECT_INIT (get_day_x (self, day), 0, get_column_width (self), 24 * HOUR_HEIGHT);
}

guint
ccal_week_grid_get_n_bands (CcalWeekGrid *self)
{
  g_return_val_if_fail (CCAL_IS_WEEK_GRID (self), 0);

  return self->bands->len;
}

void
ccal_week_grid_set_now (CcalWeekGrid *self,
                        gint64        now)
{
  g_return_if_fail (CCAL_IS_WEEK_GRID (self));

  self->now_override = now;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ccal_week_grid_flush_layout (CcalWeekGrid *self)
{
  g_return_if_fail (CCAL_IS_WEEK_GRID (self));

  if (self->layout_dirty)
    rebuild_layout (self);
}

guint
ccal_week_grid_get_n_layouts (CcalWeekGrid *self)
{
  g_return_val_if_fail (CCAL_IS_WEEK_GRID (self), 0);

  return self->n_layouts;
}
