/* ccal-heatmap-chart.c — bookings by weekday and hour of the day, shaded by count
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ccal-chart-private.h"

#define PADDING        8
#define GUTTER_GAP     8     /* weekday labels to cells */
#define X_LABEL_GAP    4
#define CELL_GAP       2     /* between cells, when they are wide enough for it */
#define MAX_CELL_H     32.0f
#define MIN_SHADE      0.15f /* the faintest cell with bookings; 0 bookings is the grid colour */
#define N_DAYS         7
#define N_HOURS        24

struct _CcalHeatmapChart
{
  GtkWidget         parent_instance;

  /* owned: a copy of what is shown */
  guint             counts[N_DAYS][N_HOURS];
  guint             busiest;   /* the largest cell */
  guint             total;
  char             *summary;

  int               hover;     /* day × 24 + hour under the pointer, or -1 */
  CcalChartPalette  palette;
  int               gutter_width;  /* text metrics, -1 until measured (again after a style change) */
  int               label_height;
};

G_DEFINE_FINAL_TYPE (CcalHeatmapChart, ccal_heatmap_chart, GTK_TYPE_WIDGET)

static void
ensure_metrics (CcalHeatmapChart *self)
{
  g_autoptr(PangoLayout) hours = NULL;
  int widest = 0;

  if (self->gutter_width >= 0)
    return;

  for (guint day = 0; day < N_DAYS; day++)
    {
      g_autoptr(PangoLayout) layout = ccal_chart_create_layout (GTK_WIDGET (self), ccal_chart_weekday_name (day, FALSE),
                                                                TRUE);
      int text_width;

      pango_layout_get_pixel_size (layout, &text_width, NULL);
      widest = MAX (widest, text_width);
    }
  self->gutter_width = widest + GUTTER_GAP;
  hours = ccal_chart_create_layout (GTK_WIDGET (self), "00", TRUE);
  pango_layout_get_pixel_size (hours, NULL, &self->label_height);
}

/* The area of the 7 × 24 cells (gaps included). */
static void
get_grid_area (CcalHeatmapChart *self,
               int               width,
               int               height,
               graphene_rect_t  *out_area)
{
  float left, grid_width, grid_height;

  ensure_metrics (self);
  left = PADDING + self->gutter_width;
  grid_width = MAX (width - left - PADDING, N_HOURS);
  grid_height = MAX (height - 2 * PADDING - self->label_height - X_LABEL_GAP, N_DAYS);

  grid_height = MIN (grid_height, MAX_CELL_H * N_DAYS);
  *out_area = GRAPHENE_RECT_INIT (left, PADDING, grid_width, grid_height);
}

gboolean
ccal_heatmap_chart_get_cell (CcalHeatmapChart *self,
                             int               width,
                             int               height,
                             guint             day,
                             guint             hour,
                             graphene_rect_t  *out_rect,
                             double           *out_shade)
{
  graphene_rect_t grid;
  float cell_width, cell_height, gap;

  g_return_val_if_fail (CCAL_IS_HEATMAP_CHART (self), FALSE);
  g_return_val_if_fail (day < N_DAYS && hour < N_HOURS, FALSE);

  if (self->total == 0)
    return FALSE;

  get_grid_area (self, width, height, &grid);
  cell_width = grid.size.width / N_HOURS;
  cell_height = grid.size.height / N_DAYS;
  gap = cell_width > 4 * CELL_GAP && cell_height > 4 * CELL_GAP ? CELL_GAP : 0;

  if (out_rect != NULL)
    *out_rect = GRAPHENE_RECT_INIT (grid.origin.x + hour * cell_width + gap / 2, grid.origin.y + day * cell_height + gap / 2,
                                    cell_width - gap, cell_height - gap);
  if (out_shade != NULL)
    *out_shade = (double) self->counts[day][hour] / self->busiest;
  return TRUE;
}

static int
cell_at (CcalHeatmapChart *self,
         double            x,
         double            y)
{
  graphene_rect_t grid;
  int day, hour;

  if (self->total == 0)
    return -1;
  get_grid_area (self, gtk_widget_get_width (GTK_WIDGET (self)), gtk_widget_get_height (GTK_WIDGET (self)), &grid);
  if (!graphene_rect_contains_point (&grid, &GRAPHENE_POINT_INIT (x, y)))
    return -1;
  hour = (int) floor ((x - grid.origin.x) / (grid.size.width / N_HOURS));
  day = (int) floor ((y - grid.origin.y) / (grid.size.height / N_DAYS));
  if (hour < 0 || hour >= N_HOURS || day < 0 || day >= N_DAYS)
    return -1;
  return day * N_HOURS + hour;
}

static void
update_summary (CcalHeatmapChart *self)
{
  guint best_day = 0, best_hour = 0;
  guint day_totals[N_DAYS] = { 0 };
  guint busiest_day = 0;
  g_autofree char *cell = NULL;
  g_autofree char *day = NULL;

  g_clear_pointer (&self->summary, g_free);
  if (self->total == 0)
    {
      self->summary = g_strdup (_("No bookings in this range"));
      ccal_chart_set_summary (GTK_WIDGET (self), self->summary);
      return;
    }

  for (guint d = 0; d < N_DAYS; d++)
    for (guint h = 0; h < N_HOURS; h++)
      {
        day_totals[d] += self->counts[d][h];
        if (self->counts[d][h] > self->counts[best_day][best_hour])
          {
            best_day = d;
            best_hour = h;
          }
      }
  for (guint d = 1; d < N_DAYS; d++)
    if (day_totals[d] > day_totals[busiest_day])
      busiest_day = d;

  /* Translators: the heatmap's summary, "Busiest: Tuesday 10:00, 14 bookings." */
  cell = g_strdup_printf (ngettext ("Busiest: %s %02u:00, %u booking.", "Busiest: %s %02u:00, %u bookings.",
                                    self->counts[best_day][best_hour]),
                          ccal_chart_weekday_name (best_day, TRUE), best_hour, self->counts[best_day][best_hour]);
  day = g_strdup_printf (ngettext ("Busiest day of the week: %s, %u booking.",
                                   "Busiest day of the week: %s, %u bookings.", day_totals[busiest_day]),
                         ccal_chart_weekday_name (busiest_day, TRUE), day_totals[busiest_day]);
  self->summary = g_strconcat (cell, " ", day, NULL);
  ccal_chart_set_summary (GTK_WIDGET (self), self->summary);
}

void
ccal_heatmap_chart_set_analytics (CcalHeatmapChart    *self,
                                  const CcalAnalytics *analytics)
{
  g_return_if_fail (CCAL_IS_HEATMAP_CHART (self));

  memset (self->counts, 0, sizeof self->counts);
  self->busiest = 0;
  self->total = 0;
  self->hover = -1;
  if (analytics != NULL)
    {
      memcpy (self->counts, analytics->by_weekday_hour, sizeof self->counts);
      for (guint d = 0; d < N_DAYS; d++)
        for (guint h = 0; h < N_HOURS; h++)
          {
            self->busiest = MAX (self->busiest, self->counts[d][h]);
            self->total += self->counts[d][h];
          }
    }

  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
ccal_heatmap_chart_get_summary (CcalHeatmapChart *self)
{
  g_return_val_if_fail (CCAL_IS_HEATMAP_CHART (self), NULL);

  return self->summary;
}

/* GtkWidget */

static GdkRGBA
cell_color (CcalHeatmapChart *self,
            guint             count,
            double            shade)
{
  GdkRGBA color = self->palette.accent;

  float min_shade = self->palette.high_contrast ? 0.4f : MIN_SHADE;

  if (count == 0)
    return self->palette.faint;
  color.alpha = min_shade + (1.0f - min_shade) * (float) shade;
  return color;
}

static void
ccal_heatmap_chart_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  CcalHeatmapChart *self = CCAL_HEATMAP_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t grid;
  float cell_width;
  guint stride;
  int hour_width;
  gboolean show_counts;

  ccal_chart_palette_load (&self->palette, widget);
  if (self->total == 0)
    {
      ccal_chart_snapshot_message (widget, snapshot, _("No bookings in this range"), &self->palette.label);
      return;
    }

  get_grid_area (self, width, height, &grid);
  cell_width = grid.size.width / N_HOURS;

  /* In high contrast a cell's count is written in it too (when it fits), so the shade is not the
   * only way to read it. */
  {
    g_autofree char *widest = g_strdup_printf ("%u", self->busiest);
    g_autoptr(PangoLayout) probe = ccal_chart_create_layout (widget, widest, TRUE);
    int probe_width, probe_height;

    pango_layout_get_pixel_size (probe, &probe_width, &probe_height);
    show_counts = self->palette.high_contrast && probe_width + 4 <= cell_width &&
                  probe_height <= grid.size.height / N_DAYS;
  }

  for (guint day = 0; day < N_DAYS; day++)
    {
      g_autoptr(PangoLayout) layout = ccal_chart_create_layout (widget, ccal_chart_weekday_name (day, FALSE), TRUE);
      float cell_height = grid.size.height / N_DAYS;
      int text_width, text_height;

      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      ccal_chart_append_layout (snapshot, layout, grid.origin.x - GUTTER_GAP - text_width,
                                grid.origin.y + day * cell_height + (cell_height - text_height) / 2,
                                &self->palette.label);

      for (guint hour = 0; hour < N_HOURS; hour++)
        {
          graphene_rect_t rect;
          double shade;
          GdkRGBA color;
          GskRoundedRect rounded;

          ccal_heatmap_chart_get_cell (self, width, height, day, hour, &rect, &shade);
          color = cell_color (self, self->counts[day][hour], shade);
          gsk_rounded_rect_init_from_rect (&rounded, &rect, MIN (3.0f, rect.size.width / 4));
          gtk_snapshot_push_rounded_clip (snapshot, &rounded);
          gtk_snapshot_append_color (snapshot, &color, &rect);
          gtk_snapshot_pop (snapshot);
          if ((int) (day * N_HOURS + hour) == self->hover)
            {
              GskRoundedRect outline;
              GdkRGBA border = self->palette.foreground;

              gsk_rounded_rect_init_from_rect (&outline, &rect, MIN (3.0f, rect.size.width / 4));
              gtk_snapshot_append_border (snapshot, &outline, (float[4]) { 2, 2, 2, 2 },
                                          (GdkRGBA[4]) { border, border, border, border });
            }
          if (show_counts && self->counts[day][hour] > 0)
            {
              g_autofree char *text = g_strdup_printf ("%u", self->counts[day][hour]);
              g_autoptr(PangoLayout) count = ccal_chart_create_layout (widget, text, TRUE);
              int count_width, count_height;
              const GdkRGBA *ink = shade > 0.5 ? &self->palette.on_accent : &self->palette.foreground;

              pango_layout_get_pixel_size (count, &count_width, &count_height);
              ccal_chart_append_layout (snapshot, count, rect.origin.x + (rect.size.width - count_width) / 2,
                                        rect.origin.y + (rect.size.height - count_height) / 2, ink);
            }
        }
    }

  /* Hours under the columns, as many as fit. */
  {
    g_autoptr(PangoLayout) probe = ccal_chart_create_layout (widget, "00", TRUE);

    pango_layout_get_pixel_size (probe, &hour_width, NULL);
  }
  stride = 1;
  while (stride < N_HOURS && stride * cell_width < hour_width + 8)
    stride = stride < 2 ? 2 : stride < 3 ? 3 : stride < 6 ? 6 : 12;
  for (guint hour = 0; hour < N_HOURS; hour += stride)
    {
      g_autofree char *text = g_strdup_printf ("%02u", hour);
      g_autoptr(PangoLayout) layout = ccal_chart_create_layout (widget, text, TRUE);
      int text_width;

      pango_layout_get_pixel_size (layout, &text_width, NULL);
      ccal_chart_append_layout (snapshot, layout, grid.origin.x + (hour + 0.5f) * cell_width - text_width / 2.0f,
                                grid.origin.y + grid.size.height + X_LABEL_GAP, &self->palette.label);
    }
}

static void
ccal_heatmap_chart_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 240;
      *natural = 560;
    }
  else
    {
      *minimum = 140;
      *natural = 220;
    }
}

static gboolean
on_query_tooltip_cb (GtkWidget  *widget,
                     int         x,
                     int         y,
                     gboolean    keyboard_mode,
                     GtkTooltip *tooltip,
                     gpointer    user_data)
{
  CcalHeatmapChart *self = CCAL_HEATMAP_CHART (widget);
  int cell = keyboard_mode ? -1 : cell_at (self, x, y);
  guint day, hour, count;
  g_autofree char *text = NULL;

  if (cell < 0)
    return FALSE;
  day = cell / N_HOURS;
  hour = cell % N_HOURS;
  count = self->counts[day][hour];
  /* Translators: the heatmap's tooltip, "Tuesday 10:00–11:00" then "14 bookings" on a line of its own. */
  text = g_strdup_printf (ngettext ("%s %02u:00–%02u:00\n%u booking", "%s %02u:00–%02u:00\n%u bookings", count),
                          ccal_chart_weekday_name (day, TRUE), hour, (hour + 1) % 24, count);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              CcalHeatmapChart         *self)
{
  int cell = cell_at (self, x, y);

  if (cell == self->hover)
    return;
  self->hover = cell;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             CcalHeatmapChart         *self)
{
  if (self->hover < 0)
    return;
  self->hover = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ccal_heatmap_chart_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  CCAL_HEATMAP_CHART (widget)->gutter_width = -1;
  GTK_WIDGET_CLASS (ccal_heatmap_chart_parent_class)->css_changed (widget, change);
}

static void
ccal_heatmap_chart_finalize (GObject *object)
{
  CcalHeatmapChart *self = CCAL_HEATMAP_CHART (object);

  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (ccal_heatmap_chart_parent_class)->finalize (object);
}

static void
ccal_heatmap_chart_class_init (CcalHeatmapChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ccal_heatmap_chart_finalize;
  widget_class->snapshot = ccal_heatmap_chart_snapshot;
  widget_class->measure = ccal_heatmap_chart_measure;
  widget_class->css_changed = ccal_heatmap_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "heatmapchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ccal_heatmap_chart_init (CcalHeatmapChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->hover = -1;
  self->gutter_width = -1;

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Bookings by weekday and hour"), -1);
  update_summary (self);
}

GtkWidget *
ccal_heatmap_chart_new (void)
{
  return g_object_new (CCAL_TYPE_HEATMAP_CHART, NULL);
}
