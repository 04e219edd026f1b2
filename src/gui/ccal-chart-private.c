/* ccal-chart-private.c — what the analytics charts share: colours, axes, labels, legend, empty state
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ccal-chart-private.h"

#define LEGEND_SWATCH   10
#define LEGEND_GAP      6    /* swatch to label */
#define LEGEND_SPACING  16   /* between entries */
#define LEGEND_ROW_GAP  4

const CcalBookingStatus ccal_chart_status_order[CCAL_N_BOOKING_STATUSES] = {
  CCAL_BOOKING_STATUS_CONFIRMED,
  CCAL_BOOKING_STATUS_COMPLETED,
  CCAL_BOOKING_STATUS_PENDING,
  CCAL_BOOKING_STATUS_NO_SHOW,
  CCAL_BOOKING_STATUS_CANCELLED,
};

/* The GNOME palette (libadwaita's named palette colours), one shade per style: the medium shades on
 * light backgrounds, the lighter ones on dark, and in high contrast the darkest (light) or lightest
 * (dark) shades, which keep at least 4.5:1 against the background. Indexed by CcalBookingStatus. */
static const char *const status_colors_light[CCAL_N_BOOKING_STATUSES] = {
  "#e5a50a", "#3584e4", "#9a9996", "#26a269", "#e01b24",
};
static const char *const status_colors_dark[CCAL_N_BOOKING_STATUSES] = {
  "#f6d32d", "#62a0ea", "#77767b", "#33d17a", "#f66151",
};
static const char *const status_colors_hc_light[CCAL_N_BOOKING_STATUSES] = {
  "#865e00", "#1a5fb4", "#5e5c64", "#1b6a44", "#a51d2d",
};
static const char *const status_colors_hc_dark[CCAL_N_BOOKING_STATUSES] = {
  "#f9f06b", "#99c1f1", "#c0bfbc", "#8ff0a4", "#ff938c",
};

static GdkRGBA
with_alpha (const GdkRGBA *color,
            float          alpha)
{
  GdkRGBA result = *color;

  result.alpha = color->alpha * alpha;
  return result;
}

static void
lookup_color (GtkStyleContext *context,
              const char      *name,
              const char      *fallback,
              GdkRGBA         *out)
{
  /* gtk_style_context_lookup_color () is deprecated from GTK 4.10 on, but the only way to read a
   * named colour in 4.8. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, name, out))
    gdk_rgba_parse (out, fallback);
  G_GNUC_END_IGNORE_DEPRECATIONS
}

void
ccal_chart_palette_load (CcalChartPalette *palette,
                         GtkWidget        *widget)
{
  GtkStyleContext *context;
  const char *const *status_colors;
  AdwStyleManager *manager = adw_is_initialized () ? adw_style_manager_get_default () : NULL;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  context = gtk_widget_get_style_context (widget);
  gtk_style_context_get_color (context, &palette->foreground);
  G_GNUC_END_IGNORE_DEPRECATIONS

  palette->dark = manager != NULL && adw_style_manager_get_dark (manager);
  palette->high_contrast = manager != NULL && adw_style_manager_get_high_contrast (manager);

  lookup_color (context, "view_bg_color", palette->dark ? "#1e1e1e" : "#ffffff", &palette->surface);
  lookup_color (context, "accent_bg_color", "#3584e4", &palette->accent);
  lookup_color (context, "accent_fg_color", "#ffffff", &palette->on_accent);
  palette->label = with_alpha (&palette->foreground, palette->high_contrast ? 1.0f : 0.7f);
  palette->grid = with_alpha (&palette->foreground, palette->high_contrast ? 0.45f : 0.12f);
  palette->faint = with_alpha (&palette->foreground, palette->high_contrast ? 0.16f : 0.08f);
  palette->unknown = with_alpha (&palette->foreground, 0.45f);

  if (palette->high_contrast)
    status_colors = palette->dark ? status_colors_hc_dark : status_colors_hc_light;
  else
    status_colors = palette->dark ? status_colors_dark : status_colors_light;
  for (guint i = 0; i < CCAL_N_BOOKING_STATUSES; i++)
    gdk_rgba_parse (&palette->status[i], status_colors[i]);
}

const char *
ccal_chart_status_label (CcalBookingStatus status)
{
  switch (status)
    {
    case CCAL_BOOKING_STATUS_PENDING:
      return _("Pending");
    case CCAL_BOOKING_STATUS_CONFIRMED:
      return _("Confirmed");
    case CCAL_BOOKING_STATUS_CANCELLED:
      return _("Cancelled");
    case CCAL_BOOKING_STATUS_COMPLETED:
      return _("Completed");
    case CCAL_BOOKING_STATUS_NO_SHOW:
      return _("No-show");
    default:
      g_return_val_if_reached ("");
    }
}

guint
ccal_chart_nice_axis (guint  max_value,
                      guint  max_ticks,
                      guint *out_step)
{
  static const guint factors[] = { 1, 2, 5 };
  guint64 magnitude = 1;

  g_return_val_if_fail (max_ticks > 0, 1);

  if (max_value == 0)
    {
      if (out_step != NULL)
        *out_step = 1;
      return 1;
    }

  for (;;)
    {
      for (guint i = 0; i < G_N_ELEMENTS (factors); i++)
        {
          guint64 step = factors[i] * magnitude;
          guint64 top = (max_value + step - 1) / step * step;

          if (top / step <= max_ticks)
            {
              if (out_step != NULL)
                *out_step = (guint) step;
              return (guint) top;
            }
        }
      magnitude *= 10;
    }
}

char *
ccal_chart_format_bucket (gint64      start,
                          CcalBucket  bucket,
                          GTimeZone  *zone,
                          gboolean    long_form)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (start / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, zone);
  const char *format;

  switch (bucket)
    {
    case CCAL_BUCKET_DAY:
      /* Translators: a day on a chart's axis and in its tooltip (strftime formats). */
      format = long_form ? _("%A %-d %B %Y") : _("%-d %b");
      break;
    case CCAL_BUCKET_WEEK:
      /* Translators: a week on a chart's axis (its Monday) and in its tooltip (strftime formats). */
      format = long_form ? _("Week of %-d %B %Y") : _("%-d %b");
      break;
    case CCAL_BUCKET_MONTH:
      /* Translators: a month on a chart's axis and in its tooltip (strftime formats). */
      format = long_form ? _("%B %Y") : _("%b %Y");
      break;
    default:
      g_return_val_if_reached (g_strdup (""));
    }
  return g_date_time_format (local, format);
}

const char *
ccal_chart_weekday_name (guint    day,
                         gboolean long_form)
{
  const char *long_names[] = { N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
                               N_("Saturday"), N_("Sunday") };
  /* Translators: short weekday names on the heatmap's rows. */
  const char *short_names[] = { N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun") };

  g_return_val_if_fail (day < 7, "");

  return _(long_form ? long_names[day] : short_names[day]);
}

PangoLayout *
ccal_chart_create_layout (GtkWidget  *widget,
                          const char *text,
                          gboolean    small)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);

  if (small)
    {
      PangoAttrList *attributes = pango_attr_list_new ();

      pango_attr_list_insert (attributes, pango_attr_scale_new (PANGO_SCALE_SMALL));
      pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum"));
      pango_layout_set_attributes (layout, attributes);
      pango_attr_list_unref (attributes);
    }
  return layout;
}

void
ccal_chart_append_layout (GtkSnapshot   *snapshot,
                          PangoLayout   *layout,
                          float          x,
                          float          y,
                          const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (roundf (x), roundf (y)));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

void
ccal_chart_snapshot_message (GtkWidget     *widget,
                             GtkSnapshot   *snapshot,
                             const char    *text,
                             const GdkRGBA *color)
{
  g_autoptr(PangoLayout) layout = ccal_chart_create_layout (widget, text, FALSE);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  int text_width, text_height;

  pango_layout_set_width (layout, MAX (width - 24, 1) * PANGO_SCALE);
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_get_pixel_size (layout, &text_width, &text_height);
  ccal_chart_append_layout (snapshot, layout, 12, (height - text_height) / 2.0f, color);
}

float
ccal_chart_snapshot_legend (GtkWidget              *widget,
                            GtkSnapshot            *snapshot,
                            const CcalChartPalette *palette,
                            const guint            *counts,
                            float                   x,
                            float                   y,
                            float                   width)
{
  float cursor_x = x;
  float row_y = y;
  float row_height = 0;

  for (guint i = 0; i < CCAL_N_BOOKING_STATUSES; i++)
    {
      CcalBookingStatus status = ccal_chart_status_order[i];
      g_autoptr(PangoLayout) layout = NULL;
      int text_width, text_height;
      float entry_width;

      /* Statuses with nothing in the range would name colours that appear nowhere. */
      if (counts != NULL && counts[status] == 0)
        continue;

      layout = ccal_chart_create_layout (widget, ccal_chart_status_label (status), TRUE);
      pango_layout_get_pixel_size (layout, &text_width, &text_height);
      entry_width = LEGEND_SWATCH + LEGEND_GAP + text_width;
      if (cursor_x > x && cursor_x + entry_width > x + width)
        {
          cursor_x = x;
          row_y += row_height + LEGEND_ROW_GAP;
        }
      row_height = MAX (row_height, text_height);

      if (snapshot != NULL)
        {
          graphene_rect_t swatch = GRAPHENE_RECT_INIT (cursor_x, row_y + (text_height - LEGEND_SWATCH) / 2.0f,
                                                       LEGEND_SWATCH, LEGEND_SWATCH);
          GskRoundedRect rounded;

          gsk_rounded_rect_init_from_rect (&rounded, &swatch, 2);
          gtk_snapshot_push_rounded_clip (snapshot, &rounded);
          gtk_snapshot_append_color (snapshot, &palette->status[status], &swatch);
          gtk_snapshot_pop (snapshot);
          ccal_chart_append_layout (snapshot, layout, cursor_x + LEGEND_SWATCH + LEGEND_GAP, row_y, &palette->label);
        }
      cursor_x += entry_width + LEGEND_SPACING;
    }

  return row_height > 0 ? row_y + row_height - y : 0;
}

void
ccal_chart_set_summary (GtkWidget  *widget,
                        const char *summary)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
}
