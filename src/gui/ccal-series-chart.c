/* ccal-series-chart.c — bookings over time, a bar per bucket stacked by status, with axes and a legend
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
#define LEGEND_GAP     10    /* legend to plot */
#define GUTTER_GAP     8     /* y labels to plot */
#define X_LABEL_GAP    4     /* plot to x labels */
#define X_LABEL_SPACE  12    /* at least between two x labels */
#define BAR_FRACTION   0.7f  /* of a bucket's slot; the rest is the gap between bars */
#define MAX_BAR_WIDTH  48.0f
#define MAX_TICKS      5

struct _CcalSeriesChart
{
  GtkWidget         parent_instance;

  /* owned: a copy of what is shown */
  GArray           *buckets;    /* CcalAnalyticsBucket */
  CcalBucket        bucket;
  GTimeZone        *zone;
  guint             total;
  guint             status_totals[CCAL_N_BOOKING_STATUSES];
  guint             tallest;
  char             *summary;

  int               hover;      /* bucket under the pointer, or -1 */
  CcalChartPalette  palette;

  /* text metrics for the last width, measured again after a change of data, width or style */
  int               metrics_width;   /* -1: not measured */
  float             legend_height;
  int               top_label_width;
  int               label_height;
};

G_DEFINE_FINAL_TYPE (CcalSeriesChart, ccal_series_chart, GTK_TYPE_WIDGET)

static gboolean
is_empty (CcalSeriesChart *self)
{
  return self->total == 0 || self->buckets->len == 0;
}

static char *
format_count (guint count)
{
  return g_strdup_printf ("%u", count);
}

guint
ccal_series_chart_get_axis_max (CcalSeriesChart *self,
                                guint           *out_step)
{
  g_return_val_if_fail (CCAL_IS_SERIES_CHART (self), 1);

  return ccal_chart_nice_axis (self->tallest, MAX_TICKS, out_step);
}

static void
ensure_metrics (CcalSeriesChart *self,
                int              width)
{
  g_autofree char *top_label = NULL;
  g_autoptr(PangoLayout) layout = NULL;

  if (self->metrics_width == width)
    return;

  /* The y labels' gutter is as wide as the top tick's label, the widest. */
  top_label = format_count (ccal_series_chart_get_axis_max (self, NULL));
  layout = ccal_chart_create_layout (GTK_WIDGET (self), top_label, TRUE);
  pango_layout_get_pixel_size (layout, &self->top_label_width, &self->label_height);
  self->legend_height = ccal_chart_snapshot_legend (GTK_WIDGET (self), NULL, NULL, self->status_totals, PADDING,
                                                    PADDING, width - 2 * PADDING);
  self->metrics_width = width;
}

gboolean
ccal_series_chart_get_plot_area (CcalSeriesChart *self,
                                 int              width,
                                 int              height,
                                 graphene_rect_t *out_area)
{
  float top, left, bottom;

  g_return_val_if_fail (CCAL_IS_SERIES_CHART (self), FALSE);
  g_return_val_if_fail (out_area != NULL, FALSE);

  if (is_empty (self))
    return FALSE;

  ensure_metrics (self, width);
  top = PADDING + self->legend_height + (self->legend_height > 0 ? LEGEND_GAP : 0) + self->label_height / 2.0f;
  left = PADDING + self->top_label_width + GUTTER_GAP;
  bottom = PADDING + self->label_height + X_LABEL_GAP;

  *out_area = GRAPHENE_RECT_INIT (left, top, MAX (width - left - PADDING, 1.0f), MAX (height - top - bottom, 1.0f));
  return TRUE;
}

static float
slot_width (CcalSeriesChart       *self,
            const graphene_rect_t *plot)
{
  return plot->size.width / self->buckets->len;
}

GArray *
ccal_series_chart_compute_bars (CcalSeriesChart *self,
                                int              width,
                                int              height)
{
  GArray *bars = g_array_new (FALSE, FALSE, sizeof (CcalChartBar));
  graphene_rect_t plot;
  float slot, bar_width;
  guint axis_max;

  g_return_val_if_fail (CCAL_IS_SERIES_CHART (self), bars);

  if (!ccal_series_chart_get_plot_area (self, width, height, &plot))
    return bars;

  axis_max = ccal_series_chart_get_axis_max (self, NULL);
  slot = slot_width (self, &plot);
  bar_width = slot >= 2 ? MIN (slot * BAR_FRACTION, MAX_BAR_WIDTH) : slot;

  for (guint i = 0; i < self->buckets->len; i++)
    {
      const CcalAnalyticsBucket *item = &g_array_index (self->buckets, CcalAnalyticsBucket, i);
      float x = plot.origin.x + i * slot + (slot - bar_width) / 2;
      float base = plot.origin.y + plot.size.height;
      guint split = 0;

      for (guint s = 0; s < CCAL_N_BOOKING_STATUSES; s++)
        split += item->by_status[s];

      /* An answer without the split (an older server) still gets its bars, in one neutral colour. */
      if (split == 0 && item->count > 0)
        {
          CcalChartBar bar = { i, -1, item->count, { { 0, 0 }, { 0, 0 } } };
          float bar_height = plot.size.height * item->count / axis_max;

          bar.rect = GRAPHENE_RECT_INIT (x, base - bar_height, bar_width, bar_height);
          g_array_append_val (bars, bar);
          continue;
        }

      for (guint s = 0; s < CCAL_N_BOOKING_STATUSES; s++)
        {
          CcalBookingStatus status = ccal_chart_status_order[s];
          CcalChartBar bar = { i, (int) status, item->by_status[status], { { 0, 0 }, { 0, 0 } } };
          float bar_height;

          if (bar.count == 0)
            continue;
          bar_height = plot.size.height * bar.count / axis_max;
          base -= bar_height;
          bar.rect = GRAPHENE_RECT_INIT (x, base, bar_width, bar_height);
          g_array_append_val (bars, bar);
        }
    }
  return bars;
}

/* The bucket whose column holds (@x, @y), or -1. */
static int
bucket_at (CcalSeriesChart *self,
           double           x,
           double           y)
{
  graphene_rect_t plot;
  int index;

  if (!ccal_series_chart_get_plot_area (self, gtk_widget_get_width (GTK_WIDGET (self)),
                                        gtk_widget_get_height (GTK_WIDGET (self)), &plot))
    return -1;
  if (y < plot.origin.y || y > plot.origin.y + plot.size.height || x < plot.origin.x)
    return -1;
  index = (int) floor ((x - plot.origin.x) / slot_width (self, &plot));
  return index < (int) self->buckets->len ? index : -1;
}

static char *
describe_bucket (CcalSeriesChart *self,
                 guint            index)
{
  const CcalAnalyticsBucket *item = &g_array_index (self->buckets, CcalAnalyticsBucket, index);
  g_autofree char *title = ccal_chart_format_bucket (item->start, self->bucket, self->zone, TRUE);
  GString *text = g_string_new (title);

  g_string_append_c (text, '\n');
  g_string_append_printf (text, ngettext ("%u booking", "%u bookings", item->count), item->count);
  for (guint s = 0; s < CCAL_N_BOOKING_STATUSES; s++)
    {
      CcalBookingStatus status = ccal_chart_status_order[s];

      if (item->by_status[status] > 0)
        /* Translators: a line of a chart's tooltip, "Confirmed: 4". */
        g_string_append_printf (text, _("\n%s: %u"), ccal_chart_status_label (status), item->by_status[status]);
    }
  return g_string_free (text, FALSE);
}

static void
update_summary (CcalSeriesChart *self)
{
  const CcalAnalyticsBucket *busiest = NULL;
  g_autofree char *when = NULL;
  g_autofree char *total = NULL;
  g_autofree char *most = NULL;

  g_clear_pointer (&self->summary, g_free);
  if (is_empty (self))
    {
      self->summary = g_strdup (_("No bookings in this range"));
      ccal_chart_set_summary (GTK_WIDGET (self), self->summary);
      return;
    }

  for (guint i = 0; i < self->buckets->len; i++)
    {
      const CcalAnalyticsBucket *item = &g_array_index (self->buckets, CcalAnalyticsBucket, i);

      if (busiest == NULL || item->count > busiest->count)
        busiest = item;
    }
  when = ccal_chart_format_bucket (busiest->start, self->bucket, self->zone, TRUE);
  total = g_strdup_printf (ngettext ("%u booking in the range.", "%u bookings in the range.", self->total),
                           self->total);
  switch (self->bucket)
    {
    case CCAL_BUCKET_DAY:
      /* Translators: "Busiest day: Monday 2 March 2026, 9 bookings." */
      most = g_strdup_printf (ngettext ("Busiest day: %s, %u booking.", "Busiest day: %s, %u bookings.",
                                        busiest->count), when, busiest->count);
      break;
    case CCAL_BUCKET_WEEK:
      most = g_strdup_printf (ngettext ("Busiest week: %s, %u booking.", "Busiest week: %s, %u bookings.",
                                        busiest->count), when, busiest->count);
      break;
    case CCAL_BUCKET_MONTH:
      most = g_strdup_printf (ngettext ("Busiest month: %s, %u booking.", "Busiest month: %s, %u bookings.",
                                        busiest->count), when, busiest->count);
      break;
    default:
      g_assert_not_reached ();
    }
  self->summary = g_strconcat (total, " ", most, NULL);
  ccal_chart_set_summary (GTK_WIDGET (self), self->summary);
}

void
ccal_series_chart_set_analytics (CcalSeriesChart     *self,
                                 const CcalAnalytics *analytics)
{
  g_return_if_fail (CCAL_IS_SERIES_CHART (self));

  g_array_set_size (self->buckets, 0);
  memset (self->status_totals, 0, sizeof self->status_totals);
  self->total = 0;
  self->tallest = 0;
  self->hover = -1;
  self->metrics_width = -1;
  g_clear_pointer (&self->zone, g_time_zone_unref);

  if (analytics != NULL && analytics->series != NULL)
    {
      g_array_append_vals (self->buckets, analytics->series->data, analytics->series->len);
      self->bucket = analytics->bucket;
      self->zone = g_time_zone_new_identifier (analytics->timezone);
      if (self->zone == NULL)
        self->zone = g_time_zone_new_utc ();
      for (guint i = 0; i < self->buckets->len; i++)
        {
          const CcalAnalyticsBucket *item = &g_array_index (self->buckets, CcalAnalyticsBucket, i);

          self->total += item->count;
          self->tallest = MAX (self->tallest, item->count);
          for (guint s = 0; s < CCAL_N_BOOKING_STATUSES; s++)
            self->status_totals[s] += item->by_status[s];
        }
    }

  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
ccal_series_chart_get_summary (CcalSeriesChart *self)
{
  g_return_val_if_fail (CCAL_IS_SERIES_CHART (self), NULL);

  return self->summary;
}

/* GtkWidget */

static void
snapshot_axes (CcalSeriesChart       *self,
               GtkSnapshot           *snapshot,
               const graphene_rect_t *plot)
{
  GtkWidget *widget = GTK_WIDGET (self);
  guint step;
  guint axis_max = ccal_series_chart_get_axis_max (self, &step);

  for (guint value = 0; value <= axis_max; value += step)
    {
      g_autofree char *text = format_count (value);
      g_autoptr(PangoLayout) layout = ccal_chart_create_layout (widget, text, TRUE);
      float y = roundf (plot->origin.y + plot->size.height - plot->size.height * value / axis_max);
      int text_width, text_height;

      gtk_snapshot_append_color (snapshot, &self->palette.grid,
                                 &GRAPHENE_RECT_INIT (plot->origin.x, y, plot->size.width, 1));
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      ccal_chart_append_layout (snapshot, layout, plot->origin.x - GUTTER_GAP - text_width, y - text_height / 2.0f,
                                &self->palette.label);
    }
}

static void
snapshot_x_labels (CcalSeriesChart       *self,
                   GtkSnapshot           *snapshot,
                   const graphene_rect_t *plot)
{
  GtkWidget *widget = GTK_WIDGET (self);
  float slot = slot_width (self, plot);
  int widest = 0;
  guint stride;
  float y = plot->origin.y + plot->size.height + X_LABEL_GAP;
  int width = gtk_widget_get_width (widget);

  /* Labels are about as wide as each other: the first and last decide how many fit. */
  for (guint i = 0; i < self->buckets->len; i += MAX (self->buckets->len - 1, 1))
    {
      gint64 start = g_array_index (self->buckets, CcalAnalyticsBucket, i).start;
      g_autofree char *text = ccal_chart_format_bucket (start, self->bucket, self->zone, FALSE);
      g_autoptr(PangoLayout) layout = ccal_chart_create_layout (widget, text, TRUE);
      int text_width;

      pango_layout_get_pixel_size (layout, &text_width, NULL);
      widest = MAX (widest, text_width);
    }
  stride = MAX (1, (guint) ceilf ((widest + X_LABEL_SPACE) / slot));

  for (guint i = 0; i < self->buckets->len; i += stride)
    {
      gint64 start = g_array_index (self->buckets, CcalAnalyticsBucket, i).start;
      g_autofree char *text = ccal_chart_format_bucket (start, self->bucket, self->zone, FALSE);
      g_autoptr(PangoLayout) layout = ccal_chart_create_layout (widget, text, TRUE);
      int text_width;
      float x;

      pango_layout_get_pixel_size (layout, &text_width, NULL);
      x = plot->origin.x + (i + 0.5f) * slot - text_width / 2.0f;
      x = CLAMP (x, 0, width - text_width);
      ccal_chart_append_layout (snapshot, layout, x, y, &self->palette.label);
    }
}

static void
ccal_series_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  CcalSeriesChart *self = CCAL_SERIES_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GArray) bars = NULL;
  graphene_rect_t plot;

  ccal_chart_palette_load (&self->palette, widget);
  if (!ccal_series_chart_get_plot_area (self, width, height, &plot))
    {
      ccal_chart_snapshot_message (widget, snapshot, _("No bookings in this range"), &self->palette.label);
      return;
    }

  ccal_chart_snapshot_legend (widget, snapshot, &self->palette, self->status_totals, PADDING, PADDING,
                              width - 2 * PADDING);

  if (self->hover >= 0)
    {
      float slot = slot_width (self, &plot);

      gtk_snapshot_append_color (snapshot, &self->palette.grid,
                                 &GRAPHENE_RECT_INIT (plot.origin.x + self->hover * slot, plot.origin.y, slot,
                                                      plot.size.height));
    }

  snapshot_axes (self, snapshot, &plot);

  bars = ccal_series_chart_compute_bars (self, width, height);
  for (guint i = 0; i < bars->len; i++)
    {
      const CcalChartBar *bar = &g_array_index (bars, CcalChartBar, i);
      const GdkRGBA *color = bar->status >= 0 ? &self->palette.status[bar->status] : &self->palette.unknown;

      graphene_rect_t rect = bar->rect;

      /* Stacked parts stay apart in high contrast: a pixel row of gap above each. */
      if (self->palette.high_contrast && rect.size.height > 3)
        {
          rect.origin.y += 1;
          rect.size.height -= 1;
        }
      gtk_snapshot_append_color (snapshot, color, &rect);
    }

  snapshot_x_labels (self, snapshot, &plot);
}

static void
ccal_series_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 640;
    }
  else
    {
      *minimum = 160;
      *natural = 260;
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
  CcalSeriesChart *self = CCAL_SERIES_CHART (widget);
  int index = keyboard_mode ? -1 : bucket_at (self, x, y);
  g_autofree char *text = NULL;

  if (index < 0)
    return FALSE;
  text = describe_bucket (self, index);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              CcalSeriesChart          *self)
{
  int index = bucket_at (self, x, y);

  if (index == self->hover)
    return;
  self->hover = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             CcalSeriesChart          *self)
{
  if (self->hover < 0)
    return;
  self->hover = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ccal_series_chart_css_changed (GtkWidget         *widget,
                               GtkCssStyleChange *change)
{
  CCAL_SERIES_CHART (widget)->metrics_width = -1;
  GTK_WIDGET_CLASS (ccal_series_chart_parent_class)->css_changed (widget, change);
}

static void
ccal_series_chart_finalize (GObject *object)
{
  CcalSeriesChart *self = CCAL_SERIES_CHART (object);

  g_clear_pointer (&self->buckets, g_array_unref);
  g_clear_pointer (&self->zone, g_time_zone_unref);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (ccal_series_chart_parent_class)->finalize (object);
}

static void
ccal_series_chart_class_init (CcalSeriesChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ccal_series_chart_finalize;
  widget_class->snapshot = ccal_series_chart_snapshot;
  widget_class->measure = ccal_series_chart_measure;
  widget_class->css_changed = ccal_series_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "serieschart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ccal_series_chart_init (CcalSeriesChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->buckets = g_array_new (FALSE, FALSE, sizeof (CcalAnalyticsBucket));
  self->hover = -1;
  self->metrics_width = -1;

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Bookings over time"), -1);
  update_summary (self);
}

GtkWidget *
ccal_series_chart_new (void)
{
  return g_object_new (CCAL_TYPE_SERIES_CHART, NULL);
}
