/* ccal-donut-chart.c — bookings by status as a ring, with the total in the middle and a legend
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

#define PADDING         8
#define HOVER_GROWTH    4      /* px the hovered segment stands out; kept free around the ring */
#define INNER_FRACTION  0.62f  /* inner radius / outer radius */
#define MIN_DIAMETER    96     /* below this the legend goes under the ring */
#define LEGEND_GAP      24     /* ring to legend */
#define SWATCH          10
#define SWATCH_GAP      8
#define VALUE_GAP       16     /* label to figures */
#define ROW_GAP         8

struct _CcalDonutChart
{
  GtkWidget         parent_instance;

  /* owned: a copy of what is shown */
  guint             counts[CCAL_N_BOOKING_STATUSES];
  guint             total;
  char             *summary;

  int               hover;     /* CcalBookingStatus under the pointer, or -1 */
  CcalChartPalette  palette;
};

G_DEFINE_FINAL_TYPE (CcalDonutChart, ccal_donut_chart, GTK_TYPE_WIDGET)

typedef struct
{
  PangoLayout *labels[CCAL_N_BOOKING_STATUSES];
  PangoLayout *values[CCAL_N_BOOKING_STATUSES];
  int          label_width;
  int          value_width;
  int          row_height;
  guint        n_rows;
} Legend;

static double
percent (guint part,
         guint whole)
{
  return whole > 0 ? 100.0 * part / whole : 0.0;
}

static void
legend_init (CcalDonutChart *self,
             Legend         *legend)
{
  memset (legend, 0, sizeof *legend);
  for (guint i = 0; i < CCAL_N_BOOKING_STATUSES; i++)
    {
      CcalBookingStatus status = ccal_chart_status_order[i];
      g_autofree char *value = NULL;
      int label_width, value_width, height;

      if (self->counts[status] == 0)
        continue;
      /* Translators: a status's figures in the donut's legend, "40 (48%)". */
      value = g_strdup_printf (_("%u (%.0f%%)"), self->counts[status], percent (self->counts[status], self->total));
      legend->labels[status] = ccal_chart_create_layout (GTK_WIDGET (self), ccal_chart_status_label (status), TRUE);
      legend->values[status] = ccal_chart_create_layout (GTK_WIDGET (self), value, TRUE);
      pango_layout_get_pixel_size (legend->labels[status], &label_width, &height);
      pango_layout_get_pixel_size (legend->values[status], &value_width, NULL);
      legend->label_width = MAX (legend->label_width, label_width);
      legend->value_width = MAX (legend->value_width, value_width);
      legend->row_height = MAX (legend->row_height, height);
      legend->n_rows++;
    }
}

static void
legend_clear (Legend *legend)
{
  for (guint i = 0; i < CCAL_N_BOOKING_STATUSES; i++)
    {
      g_clear_object (&legend->labels[i]);
      g_clear_object (&legend->values[i]);
    }
}

static float
legend_width (const Legend *legend)
{
  return SWATCH + SWATCH_GAP + legend->label_width + VALUE_GAP + legend->value_width;
}

static float
legend_height (const Legend *legend)
{
  return legend->n_rows * legend->row_height + (legend->n_rows > 0 ? (legend->n_rows - 1) * ROW_GAP : 0);
}

/* Where the ring and the legend go: the legend beside the ring when there is room, else under it. */
static void
compute_layout (CcalDonutChart  *self,
                const Legend    *legend,
                int              width,
                int              height,
                graphene_rect_t *out_ring_area,
                graphene_point_t *out_legend_origin)
{
  float side_width = width - 2 * PADDING - legend_width (legend) - LEGEND_GAP;

  if (side_width >= MIN (MIN_DIAMETER, height - 2 * PADDING))
    {
      float ring = MIN (side_width, height - 2 * PADDING);
      /* Ring and legend centred together. */
      float left = PADDING + (width - 2 * PADDING - ring - LEGEND_GAP - legend_width (legend)) / 2;

      *out_ring_area = GRAPHENE_RECT_INIT (left, PADDING, ring, height - 2 * PADDING);
      *out_legend_origin = GRAPHENE_POINT_INIT (left + ring + LEGEND_GAP, (height - legend_height (legend)) / 2);
    }
  else
    {
      float below = legend_height (legend) + LEGEND_GAP / 2;

      *out_ring_area = GRAPHENE_RECT_INIT (PADDING, PADDING, width - 2 * PADDING, MAX (height - 2 * PADDING - below, 1));
      *out_legend_origin = GRAPHENE_POINT_INIT ((width - legend_width (legend)) / 2,
                                                PADDING + out_ring_area->size.height + LEGEND_GAP / 2);
    }
}

GArray *
ccal_donut_chart_compute_segments (CcalDonutChart   *self,
                                   int               width,
                                   int               height,
                                   graphene_point_t *out_center,
                                   float            *out_outer_radius,
                                   float            *out_inner_radius)
{
  GArray *segments;
  Legend legend;
  graphene_rect_t ring_area;
  graphene_point_t legend_origin;
  float outer;
  double angle = 0;

  g_return_val_if_fail (CCAL_IS_DONUT_CHART (self), NULL);

  if (self->total == 0)
    return NULL;

  legend_init (self, &legend);
  compute_layout (self, &legend, width, height, &ring_area, &legend_origin);
  legend_clear (&legend);

  outer = MAX (MIN (ring_area.size.width, ring_area.size.height) / 2 - HOVER_GROWTH, 1);
  if (out_center != NULL)
    graphene_rect_get_center (&ring_area, out_center);
  if (out_outer_radius != NULL)
    *out_outer_radius = outer;
  if (out_inner_radius != NULL)
    *out_inner_radius = outer * INNER_FRACTION;

  segments = g_array_new (FALSE, FALSE, sizeof (CcalDonutSegment));
  for (guint i = 0; i < CCAL_N_BOOKING_STATUSES; i++)
    {
      CcalBookingStatus status = ccal_chart_status_order[i];
      CcalDonutSegment segment = { status, self->counts[status], angle, 0 };

      if (segment.count == 0)
        continue;
      angle += 360.0 * segment.count / self->total;
      segment.end_angle = angle;
      g_array_append_val (segments, segment);
    }
  /* The last segment closes the ring exactly, whatever the rounding. */
  g_array_index (segments, CcalDonutSegment, segments->len - 1).end_angle = 360.0;
  return segments;
}

/* The status of the segment at (@x, @y), or -1. */
static int
status_at (CcalDonutChart *self,
           double          x,
           double          y)
{
  g_autoptr(GArray) segments = NULL;
  graphene_point_t center;
  float outer, inner;
  double distance, angle;

  segments = ccal_donut_chart_compute_segments (self, gtk_widget_get_width (GTK_WIDGET (self)),
                                                gtk_widget_get_height (GTK_WIDGET (self)), &center, &outer, &inner);
  if (segments == NULL)
    return -1;
  distance = hypot (x - center.x, y - center.y);
  if (distance < inner || distance > outer + HOVER_GROWTH)
    return -1;
  /* Clockwise from 12 o'clock, in degrees. */
  angle = atan2 (x - center.x, center.y - y) * 180.0 / G_PI;
  if (angle < 0)
    angle += 360.0;
  for (guint i = 0; i < segments->len; i++)
    {
      const CcalDonutSegment *segment = &g_array_index (segments, CcalDonutSegment, i);

      if (angle >= segment->start_angle && angle < segment->end_angle)
        return segment->status;
    }
  return -1;
}

static void
update_summary (CcalDonutChart *self)
{
  GString *text;

  g_clear_pointer (&self->summary, g_free);
  if (self->total == 0)
    {
      self->summary = g_strdup (_("No bookings in this range"));
      ccal_chart_set_summary (GTK_WIDGET (self), self->summary);
      return;
    }

  text = g_string_new (NULL);
  g_string_append_printf (text, ngettext ("%u booking.", "%u bookings.", self->total), self->total);
  for (guint i = 0; i < CCAL_N_BOOKING_STATUSES; i++)
    {
      CcalBookingStatus status = ccal_chart_status_order[i];

      if (self->counts[status] > 0)
        /* Translators: one status in the donut's summary, " Confirmed: 40 (48%)." */
        g_string_append_printf (text, _(" %s: %u (%.0f%%)."), ccal_chart_status_label (status), self->counts[status],
                                percent (self->counts[status], self->total));
    }
  self->summary = g_string_free (text, FALSE);
  ccal_chart_set_summary (GTK_WIDGET (self), self->summary);
}

void
ccal_donut_chart_set_analytics (CcalDonutChart      *self,
                                const CcalAnalytics *analytics)
{
  g_return_if_fail (CCAL_IS_DONUT_CHART (self));

  memset (self->counts, 0, sizeof self->counts);
  self->total = 0;
  self->hover = -1;
  if (analytics != NULL)
    {
      for (guint i = 0; i < CCAL_N_BOOKING_STATUSES; i++)
        {
          self->counts[i] = analytics->by_status[i];
          self->total += analytics->by_status[i];
        }
    }

  update_summary (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
ccal_donut_chart_get_summary (CcalDonutChart *self)
{
  g_return_val_if_fail (CCAL_IS_DONUT_CHART (self), NULL);

  return self->summary;
}

/* GtkWidget */

static void
append_segment_path (cairo_t                *cr,
                     const graphene_point_t *center,
                     float                   outer,
                     float                   inner,
                     double                  start_angle,
                     double                  end_angle)
{
  /* Degrees clockwise from 12 o'clock to cairo's radians clockwise from 3 o'clock. */
  double start = (start_angle - 90.0) * G_PI / 180.0;
  double end = (end_angle - 90.0) * G_PI / 180.0;

  cairo_new_sub_path (cr);
  cairo_arc (cr, center->x, center->y, outer, start, end);
  cairo_arc_negative (cr, center->x, center->y, inner, end, start);
  cairo_close_path (cr);
}

static void
snapshot_ring (CcalDonutChart         *self,
               GtkSnapshot            *snapshot,
               GArray                 *segments,
               const graphene_point_t *center,
               float                   outer,
               float                   inner)
{
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (center->x - outer - HOVER_GROWTH, center->y - outer - HOVER_GROWTH,
                                               2 * (outer + HOVER_GROWTH), 2 * (outer + HOVER_GROWTH));
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);

  for (guint i = 0; i < segments->len; i++)
    {
      const CcalDonutSegment *segment = &g_array_index (segments, CcalDonutSegment, i);
      float grow = (int) segment->status == self->hover ? HOVER_GROWTH : 0;

      append_segment_path (cr, center, outer + grow, inner, segment->start_angle, segment->end_angle);
      gdk_cairo_set_source_rgba (cr, &self->palette.status[segment->status]);
      cairo_fill (cr);
    }

  /* Segments are kept apart by a real gap (wider in high contrast) cut along their edges, so
   * whatever the chart sits on shows through. */
  if (segments->len > 1)
    {
      cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
      cairo_set_line_width (cr, self->palette.high_contrast ? 3.0 : 2.0);
      for (guint i = 0; i < segments->len; i++)
        {
          const CcalDonutSegment *segment = &g_array_index (segments, CcalDonutSegment, i);
          double angle = (segment->start_angle - 90.0) * G_PI / 180.0;

          cairo_move_to (cr, center->x + (inner - 1) * cos (angle), center->y + (inner - 1) * sin (angle));
          cairo_line_to (cr, center->x + (outer + HOVER_GROWTH + 1) * cos (angle),
                         center->y + (outer + HOVER_GROWTH + 1) * sin (angle));
        }
      cairo_stroke (cr);
    }
  cairo_destroy (cr);
}

static void
snapshot_center (CcalDonutChart         *self,
                 GtkSnapshot            *snapshot,
                 const graphene_point_t *center,
                 float                   inner)
{
  g_autofree char *number = g_strdup_printf ("%u", self->total);
  g_autoptr(PangoLayout) value = ccal_chart_create_layout (GTK_WIDGET (self), number, FALSE);
  g_autoptr(PangoLayout) unit = ccal_chart_create_layout (GTK_WIDGET (self),
                                                          ngettext ("booking", "bookings", self->total), TRUE);
  PangoAttrList *attributes = pango_attr_list_new ();
  int value_width, value_height, unit_width, unit_height;

  pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_XX_LARGE));
  pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum"));
  pango_layout_set_attributes (value, attributes);
  pango_attr_list_unref (attributes);

  pango_layout_get_pixel_size (value, &value_width, &value_height);
  pango_layout_get_pixel_size (unit, &unit_width, &unit_height);
  /* Only when it fits inside the hole. */
  if (MAX (value_width, unit_width) > 2 * inner * 0.9f || value_height + unit_height > 2 * inner * 0.9f)
    return;
  ccal_chart_append_layout (snapshot, value, center->x - value_width / 2.0f,
                            center->y - (value_height + unit_height) / 2.0f, &self->palette.foreground);
  ccal_chart_append_layout (snapshot, unit, center->x - unit_width / 2.0f,
                            center->y - (value_height + unit_height) / 2.0f + value_height, &self->palette.label);
}

static void
snapshot_legend (CcalDonutChart         *self,
                 GtkSnapshot            *snapshot,
                 const Legend           *legend,
                 const graphene_point_t *origin)
{
  float y = origin->y;

  for (guint i = 0; i < CCAL_N_BOOKING_STATUSES; i++)
    {
      CcalBookingStatus status = ccal_chart_status_order[i];
      graphene_rect_t swatch;
      GskRoundedRect rounded;
      int value_width;

      if (legend->labels[status] == NULL)
        continue;
      swatch = GRAPHENE_RECT_INIT (origin->x, y + (legend->row_height - SWATCH) / 2.0f, SWATCH, SWATCH);
      gsk_rounded_rect_init_from_rect (&rounded, &swatch, 2);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, &self->palette.status[status], &swatch);
      gtk_snapshot_pop (snapshot);

      ccal_chart_append_layout (snapshot, legend->labels[status], origin->x + SWATCH + SWATCH_GAP, y,
                                &self->palette.foreground);
      pango_layout_get_pixel_size (legend->values[status], &value_width, NULL);
      ccal_chart_append_layout (snapshot, legend->values[status], origin->x + legend_width (legend) - value_width, y,
                                &self->palette.label);
      y += legend->row_height + ROW_GAP;
    }
}

static void
ccal_donut_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  CcalDonutChart *self = CCAL_DONUT_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GArray) segments = NULL;
  graphene_point_t center, legend_origin;
  graphene_rect_t ring_area;
  float outer, inner;
  Legend legend;

  ccal_chart_palette_load (&self->palette, widget);
  segments = ccal_donut_chart_compute_segments (self, width, height, &center, &outer, &inner);
  if (segments == NULL)
    {
      ccal_chart_snapshot_message (widget, snapshot, _("No bookings in this range"), &self->palette.label);
      return;
    }

  snapshot_ring (self, snapshot, segments, &center, outer, inner);
  snapshot_center (self, snapshot, &center, inner);

  legend_init (self, &legend);
  compute_layout (self, &legend, width, height, &ring_area, &legend_origin);
  snapshot_legend (self, snapshot, &legend, &legend_origin);
  legend_clear (&legend);
}

static void
ccal_donut_chart_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 160;
      *natural = 360;
    }
  else
    {
      *minimum = 160;
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
  CcalDonutChart *self = CCAL_DONUT_CHART (widget);
  int status = keyboard_mode ? -1 : status_at (self, x, y);
  g_autofree char *count = NULL;
  g_autofree char *text = NULL;

  if (status < 0)
    return FALSE;
  count = g_strdup_printf (ngettext ("%u booking", "%u bookings", self->counts[status]), self->counts[status]);
  /* Translators: the donut's tooltip, "Confirmed: 40 bookings (48%)". */
  text = g_strdup_printf (_("%s: %s (%.0f%%)"), ccal_chart_status_label (status), count,
                          percent (self->counts[status], self->total));
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              CcalDonutChart           *self)
{
  int status = status_at (self, x, y);

  if (status == self->hover)
    return;
  self->hover = status;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             CcalDonutChart           *self)
{
  if (self->hover < 0)
    return;
  self->hover = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ccal_donut_chart_finalize (GObject *object)
{
  CcalDonutChart *self = CCAL_DONUT_CHART (object);

  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (ccal_donut_chart_parent_class)->finalize (object);
}

static void
ccal_donut_chart_class_init (CcalDonutChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ccal_donut_chart_finalize;
  widget_class->snapshot = ccal_donut_chart_snapshot;
  widget_class->measure = ccal_donut_chart_measure;

  gtk_widget_class_set_css_name (widget_class, "donutchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ccal_donut_chart_init (CcalDonutChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->hover = -1;

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Bookings by status"), -1);
  update_summary (self);
}

GtkWidget *
ccal_donut_chart_new (void)
{
  return g_object_new (CCAL_TYPE_DONUT_CHART, NULL);
}
