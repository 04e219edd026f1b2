/* ccal-bar-list-chart.c — bookings by product interest as labelled horizontal bars, largest first
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
#define MAX_ROWS        8      /* beyond that, the smallest are added up in an "Other" row */
#define ROW_PADDING     10     /* above and below a row's text */
#define COLUMN_GAP      12
#define LABEL_FRACTION  0.4f   /* of the width, at most, for the labels */
#define BAR_FRACTION    0.6f   /* of a row's height */

typedef struct
{
  char  *label;
  guint  count;
} Row;

struct _CcalBarListChart
{
  GtkWidget         parent_instance;

  /* owned: a copy of what is shown */
  GArray           *rows;      /* Row, largest first */
  guint             largest;
  char             *summary;

  int               hover;     /* row under the pointer, or -1 */
  CcalChartPalette  palette;
  int               row_height;  /* text metrics, -1 until measured (again after a style change) */
};

G_DEFINE_FINAL_TYPE (CcalBarListChart, ccal_bar_list_chart, GTK_TYPE_WIDGET)

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->label, g_free);
}

static int
get_row_height (CcalBarListChart *self)
{
  if (self->row_height < 0)
    {
      g_autoptr(PangoLayout) layout = ccal_chart_create_layout (GTK_WIDGET (self), "Xg", FALSE);
      int text_height;

      pango_layout_get_pixel_size (layout, NULL, &text_height);
      self->row_height = text_height + 2 * ROW_PADDING;
    }
  return self->row_height;
}

typedef struct
{
  float label_width;
  float bar_x;
  float bar_width;    /* the largest row's */
  float count_x;      /* left edge of the counts column */
} Columns;

static void
compute_columns (CcalBarListChart *self,
                 int               width,
                 Columns          *out)
{
  int widest_label = 0;
  int widest_count = 0;
  g_autofree char *largest = g_strdup_printf ("%u", self->largest);
  g_autoptr(PangoLayout) count = ccal_chart_create_layout (GTK_WIDGET (self), largest, TRUE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      g_autoptr(PangoLayout) layout = ccal_chart_create_layout (GTK_WIDGET (self),
                                                                g_array_index (self->rows, Row, i).label, FALSE);
      int text_width;

      pango_layout_get_pixel_size (layout, &text_width, NULL);
      widest_label = MAX (widest_label, text_width);
    }
  pango_layout_get_pixel_size (count, &widest_count, NULL);

  out->label_width = MIN (widest_label, (width - 2 * PADDING) * LABEL_FRACTION);
  out->bar_x = PADDING + out->label_width + COLUMN_GAP;
  out->count_x = width - PADDING - widest_count;
  out->bar_width = MAX (out->count_x - COLUMN_GAP / 2 - out->bar_x, 1);
}

GArray *
ccal_bar_list_chart_compute_bars (CcalBarListChart *self,
                                  int               width,
                                  int               height)
{
  GArray *bars = g_array_new (FALSE, FALSE, sizeof (CcalChartBar));
  Columns columns;
  int row_height;

  g_return_val_if_fail (CCAL_IS_BAR_LIST_CHART (self), bars);

  if (self->rows->len == 0)
    return bars;

  compute_columns (self, width, &columns);
  row_height = get_row_height (self);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);
      float bar_height = roundf (row_height * BAR_FRACTION);
      CcalChartBar bar = { i, -1, row->count, { { 0, 0 }, { 0, 0 } } };

      bar.rect = GRAPHENE_RECT_INIT (columns.bar_x, PADDING + i * row_height + (row_height - bar_height) / 2,
                                     columns.bar_width * row->count / self->largest, bar_height);
      g_array_append_val (bars, bar);
    }
  return bars;
}

const char *
ccal_bar_list_chart_get_row_label (CcalBarListChart *self,
                                   guint             index)
{
  g_return_val_if_fail (CCAL_IS_BAR_LIST_CHART (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  return g_array_index (self->rows, Row, index).label;
}

static int
row_at (CcalBarListChart *self,
        double            y)
{
  int index;

  if (self->rows->len == 0 || y < PADDING)
    return -1;
  index = (int) floor ((y - PADDING) / get_row_height (self));
  return index < (int) self->rows->len ? index : -1;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Row *row_a = a;
  const Row *row_b = b;

  if (row_a->count != row_b->count)
    return row_a->count > row_b->count ? -1 : 1;
  return g_utf8_collate (row_a->label, row_b->label);
}

static void
update_summary (CcalBarListChart *self)
{
  GString *text;

  g_clear_pointer (&self->summary, g_free);
  if (self->rows->len == 0)
    {
      self->summary = g_strdup (_("No bookings in this range"));
      ccal_chart_set_summary (GTK_WIDGET (self), self->summary);
      return;
    }

  text = g_string_new (NULL);
  for (guint i = 0; i < self->rows->len; i++)
    {
      const Row *row = &g_array_index (self->rows, Row, i);

      if (i > 0)
        g_string_append (text, "; ");
      /* Translators: one row of the product interest chart's summary, "Solar: 12 bookings". */
      g_string_append_printf (text, ngettext ("%s: %u booking", "%s: %u bookings", row->count), row->label, row->count);
    }
  g_string_append_c (text, '.');
  self->summary = g_string_free (text, FALSE);
  ccal_chart_set_summary (GTK_WIDGET (self), self->summary);
}

void
ccal_bar_list_chart_set_analytics (CcalBarListChart    *self,
                                   const CcalAnalytics *analytics)
{
  g_autoptr(GArray) entries = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_return_if_fail (CCAL_IS_BAR_LIST_CHART (self));

  g_array_set_size (self->rows, 0);
  self->largest = 0;
  self->hover = -1;

  if (analytics != NULL && analytics->by_product_interest != NULL)
    {
      entries = g_array_new (FALSE, FALSE, sizeof (Row));
      g_array_set_clear_func (entries, (GDestroyNotify) row_clear);
      g_hash_table_iter_init (&iter, analytics->by_product_interest);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          const char *interest = key;
          Row row = { NULL, GPOINTER_TO_UINT (value) };

          if (row.count == 0)
            continue;
          row.label = g_strdup (interest[0] != '\0' ? interest : _("No product interest"));
          g_array_append_val (entries, row);
        }
      g_array_sort (entries, compare_entries);

      for (guint i = 0; i < entries->len; i++)
        {
          Row *entry = &g_array_index (entries, Row, i);

          /* The last row left adds up the rest, when there are more than fit. */
          if (i == MAX_ROWS - 1 && entries->len > MAX_ROWS)
            {
              Row other = { NULL, 0 };
              guint n_other = entries->len - i;

              for (guint j = i; j < entries->len; j++)
                other.count += g_array_index (entries, Row, j).count;
              other.label = g_strdup_printf (ngettext ("Other (%u interest)", "Other (%u interests)", n_other),
                                             n_other);
              g_array_append_val (self->rows, other);
              break;
            }
          g_array_append_val (self->rows, *entry);
          entry->label = NULL;   /* moved into self->rows */
        }
      for (guint i = 0; i < self->rows->len; i++)
        self->largest = MAX (self->largest, g_array_index (self->rows, Row, i).count);
    }

  update_summary (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

const char *
ccal_bar_list_chart_get_summary (CcalBarListChart *self)
{
  g_return_val_if_fail (CCAL_IS_BAR_LIST_CHART (self), NULL);

  return self->summary;
}

/* GtkWidget */

static void
ccal_bar_list_chart_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  CcalBarListChart *self = CCAL_BAR_LIST_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GArray) bars = NULL;
  int row_height;
  Columns columns;

  ccal_chart_palette_load (&self->palette, widget);
  if (self->rows->len == 0)
    {
      ccal_chart_snapshot_message (widget, snapshot, _("No bookings in this range"), &self->palette.label);
      return;
    }

  bars = ccal_bar_list_chart_compute_bars (self, width, height);
  compute_columns (self, width, &columns);
  row_height = get_row_height (self);

  for (guint i = 0; i < bars->len; i++)
    {
      const CcalChartBar *bar = &g_array_index (bars, CcalChartBar, i);
      const Row *row = &g_array_index (self->rows, Row, i);
      g_autoptr(PangoLayout) label = ccal_chart_create_layout (widget, row->label, FALSE);
      g_autofree char *count_text = g_strdup_printf ("%u", row->count);
      g_autoptr(PangoLayout) count = ccal_chart_create_layout (widget, count_text, TRUE);
      float row_y = PADDING + i * row_height;
      graphene_rect_t track = GRAPHENE_RECT_INIT (columns.bar_x, bar->rect.origin.y, columns.bar_width,
                                                  bar->rect.size.height);
      GskRoundedRect rounded;
      GdkRGBA color = self->palette.accent;
      int text_width, text_height;

      if ((int) i == self->hover)
        gtk_snapshot_append_color (snapshot, &self->palette.grid,
                                   &GRAPHENE_RECT_INIT (0, row_y, width, row_height));

      pango_layout_set_width (label, (int) columns.label_width * PANGO_SCALE);
      pango_layout_set_ellipsize (label, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (label, NULL, &text_height);
      ccal_chart_append_layout (snapshot, label, PADDING, row_y + (row_height - text_height) / 2.0f,
                                &self->palette.foreground);

      /* A faint track shows where a full bar would end. */
      gsk_rounded_rect_init_from_rect (&rounded, &track, 3);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, &self->palette.faint, &track);
      if (self->palette.high_contrast)
        color.alpha = 1.0f;
      gtk_snapshot_append_color (snapshot, &color, &bar->rect);
      gtk_snapshot_pop (snapshot);

      pango_layout_get_pixel_size (count, &text_width, &text_height);
      ccal_chart_append_layout (snapshot, count, width - PADDING - text_width, row_y + (row_height - text_height) / 2.0f,
                                &self->palette.label);
    }
}

static void
ccal_bar_list_chart_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  CcalBarListChart *self = CCAL_BAR_LIST_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    {
      /* Every row, or room for the empty state's sentence. */
      *minimum = MAX (2 * PADDING + (int) self->rows->len * get_row_height (self), 120);
      *natural = *minimum;
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
  CcalBarListChart *self = CCAL_BAR_LIST_CHART (widget);
  int index = keyboard_mode ? -1 : row_at (self, y);
  const Row *row;
  g_autofree char *text = NULL;

  if (index < 0)
    return FALSE;
  row = &g_array_index (self->rows, Row, index);
  text = g_strdup_printf (ngettext ("%s: %u booking", "%s: %u bookings", row->count), row->label, row->count);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
on_motion_cb (GtkEventControllerMotion *controller,
              double                    x,
              double                    y,
              CcalBarListChart         *self)
{
  int index = row_at (self, y);

  if (index == self->hover)
    return;
  self->hover = index;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
on_leave_cb (GtkEventControllerMotion *controller,
             CcalBarListChart         *self)
{
  if (self->hover < 0)
    return;
  self->hover = -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
ccal_bar_list_chart_css_changed (GtkWidget         *widget,
                                 GtkCssStyleChange *change)
{
  CCAL_BAR_LIST_CHART (widget)->row_height = -1;
  GTK_WIDGET_CLASS (ccal_bar_list_chart_parent_class)->css_changed (widget, change);
  gtk_widget_queue_resize (widget);
}

static void
ccal_bar_list_chart_finalize (GObject *object)
{
  CcalBarListChart *self = CCAL_BAR_LIST_CHART (object);

  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->summary, g_free);

  G_OBJECT_CLASS (ccal_bar_list_chart_parent_class)->finalize (object);
}

static void
ccal_bar_list_chart_class_init (CcalBarListChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ccal_bar_list_chart_finalize;
  widget_class->snapshot = ccal_bar_list_chart_snapshot;
  widget_class->measure = ccal_bar_list_chart_measure;
  widget_class->css_changed = ccal_bar_list_chart_css_changed;

  gtk_widget_class_set_css_name (widget_class, "barlistchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ccal_bar_list_chart_init (CcalBarListChart *self)
{
  GtkEventController *motion = gtk_event_controller_motion_new ();

  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_array_set_clear_func (self->rows, (GDestroyNotify) row_clear);
  self->hover = -1;
  self->row_height = -1;

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion_cb), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (on_query_tooltip_cb), NULL);

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Bookings by product interest"), -1);
  update_summary (self);
}

GtkWidget *
ccal_bar_list_chart_new (void)
{
  return g_object_new (CCAL_TYPE_BAR_LIST_CHART, NULL);
}
