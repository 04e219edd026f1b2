/* ccal-chart-private.h — what the analytics charts share (colours, axes, labels) and their geometry for tests
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The charts draw with GtkSnapshot and compute where things go in one function per chart, which
 * their snapshot, their tooltips and the tests all call: what the tests check is what is drawn.
 */
#pragma once

#include <gtk/gtk.h>

#include "ccal-analytics.h"
#include "ccal-bar-list-chart.h"
#include "ccal-booking.h"
#include "ccal-donut-chart.h"
#include "ccal-heatmap-chart.h"
#include "ccal-series-chart.h"

G_BEGIN_DECLS

/* ── shared helpers ───────────────────────────────────────────────────────────────────────────── */

/* Colours from the widget's style: text and lines follow the theme's foreground, series colours are
 * the GNOME palette in a shade for light, dark or high-contrast styles. */
typedef struct
{
  GdkRGBA  foreground;
  GdkRGBA  label;       /* axis labels, legends */
  GdkRGBA  grid;        /* grid lines, the hovered column */
  GdkRGBA  faint;       /* empty heat cells, bar tracks: visible, never competing with data */
  GdkRGBA  surface;     /* an opaque background like the one the chart sits on, for a PNG export */
  GdkRGBA  accent;      /* single-series bars, heat cells */
  GdkRGBA  on_accent;   /* text on a strongly accented cell */
  GdkRGBA  status[CCAL_N_BOOKING_STATUSES];
  GdkRGBA  unknown;     /* a bar whose split by status the answer did not give */
  gboolean dark;
  gboolean high_contrast;
} CcalChartPalette;

void         ccal_chart_palette_load       (CcalChartPalette  *palette,
                                            GtkWidget         *widget);

/* Statuses in the order bars stack (bottom up) and legends list them: done and firm ones first. */
extern const CcalBookingStatus ccal_chart_status_order[CCAL_N_BOOKING_STATUSES];

/* "Confirmed", "No-show" … (translated). */
const char  *ccal_chart_status_label       (CcalBookingStatus  status);

/* The smallest "nice" axis top (1, 2 or 5 × 10ⁿ steps, at most @max_ticks of them) at or above
 * @max_value; the step in @out_step. @max_value 0 gives 1 with a step of 1. */
guint        ccal_chart_nice_axis          (guint              max_value,
                                            guint              max_ticks,
                                            guint             *out_step);

/* A bucket's start as an axis label ("2 Mar", "Mar") or a tooltip's title ("Monday 2 March 2026",
 * "Week of 2 March 2026", "March 2026"), on the wall clock of @zone (kept by the caller: GLib reads
 * the zone's file again for every new GTimeZone). */
char        *ccal_chart_format_bucket      (gint64             start,
                                            CcalBucket         bucket,
                                            GTimeZone         *zone,
                                            gboolean           long_form);

/* "Monday" … for @day 0 (Monday) … 6, and its short form "Mon". */
const char  *ccal_chart_weekday_name       (guint              day,
                                            gboolean           long_form);

/* A layout for chart text, smaller than body text and with tabular figures when @small. */
PangoLayout *ccal_chart_create_layout      (GtkWidget         *widget,
                                            const char        *text,
                                            gboolean           small);
void         ccal_chart_append_layout      (GtkSnapshot       *snapshot,
                                            PangoLayout       *layout,
                                            float              x,
                                            float              y,
                                            const GdkRGBA     *color);

/* The empty state: @text centred in the allocation. */
void         ccal_chart_snapshot_message   (GtkWidget         *widget,
                                            GtkSnapshot       *snapshot,
                                            const char        *text,
                                            const GdkRGBA     *color);

/* A legend row of colour squares and labels, from (@x, @y), wrapping at @width; returns its height.
 * With @snapshot NULL it only measures. */
float        ccal_chart_snapshot_legend    (GtkWidget         *widget,
                                            GtkSnapshot       *snapshot,
                                            const CcalChartPalette *palette,
                                            const guint       *counts,
                                            float              x,
                                            float              y,
                                            float              width);

/* Sets @widget's accessible description to @summary. */
void         ccal_chart_set_summary        (GtkWidget         *widget,
                                            const char        *summary);

/* ── geometry, one function per chart ─────────────────────────────────────────────────────────── */

/* A drawn rectangle: a bar segment, a heat cell or a bar of the list, in widget coordinates. */
typedef struct
{
  guint            index;   /* bucket, list row, or day × 24 + hour */
  int              status;  /* CcalBookingStatus, or -1 when not split by status */
  guint            count;
  graphene_rect_t  rect;
} CcalChartBar;

/* The area the bars of @self stand in, for a @width × @height allocation; FALSE when empty. */
gboolean  ccal_series_chart_get_plot_area      (CcalSeriesChart   *self,
                                                int                width,
                                                int                height,
                                                graphene_rect_t   *out_area);
/* The axis top (a nice number at or above the tallest bar) and its step. */
guint     ccal_series_chart_get_axis_max       (CcalSeriesChart   *self,
                                                guint             *out_step);
/* Every non-empty segment, bucket by bucket, stacked bottom up in ccal_chart_status_order. */
GArray   *ccal_series_chart_compute_bars       (CcalSeriesChart   *self,
                                                int                width,
                                                int                height);

typedef struct
{
  CcalBookingStatus  status;
  guint              count;
  double             start_angle;  /* degrees clockwise from 12 o'clock */
  double             end_angle;
} CcalDonutSegment;

/* The ring of @self for a @width × @height allocation, and its non-empty segments in
 * ccal_chart_status_order; NULL when there is nothing to draw. */
GArray   *ccal_donut_chart_compute_segments    (CcalDonutChart    *self,
                                                int                width,
                                                int                height,
                                                graphene_point_t  *out_center,
                                                float             *out_outer_radius,
                                                float             *out_inner_radius);

/* The cell of @day (0 = Monday) and @hour, and its shade 0 … 1 (count / the busiest cell's). */
gboolean  ccal_heatmap_chart_get_cell          (CcalHeatmapChart  *self,
                                                int                width,
                                                int                height,
                                                guint              day,
                                                guint              hour,
                                                graphene_rect_t   *out_rect,
                                                double            *out_shade);

/* One bar per row shown (the largest first; beyond the shown rows one "Other" row adds up the rest). */
GArray   *ccal_bar_list_chart_compute_bars     (CcalBarListChart  *self,
                                                int                width,
                                                int                height);
/* The text of row @index ("Solar", "No product interest", "Other (3)"). */
const char *ccal_bar_list_chart_get_row_label  (CcalBarListChart  *self,
                                                guint              index);

G_END_DECLS
