/* test-charts.c — tests for the analytics charts: geometry of a known data set, summaries, rendering
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include "ccal-chart-private.h"
#include "ccal-core.h"
#include "ccal-test-gui.h"

#define WIDTH   600
#define HEIGHT  300
#define EPSILON 1e-3

static gint64
T (const char *text)
{
  gint64 usec = 0;

  g_assert_true (ccal_time_parse_rfc3339 (text, "test", &usec, NULL));
  return usec;
}

static void
add_booking (GPtrArray         *bookings,
             const char        *start,
             CcalBookingStatus  status,
             const char        *interest)
{
  CcalBooking *booking = ccal_booking_new ();

  booking->start_time = T (start);
  booking->end_time = booking->start_time + 30 * CCAL_USEC_PER_MINUTE;
  booking->status = status;
  booking->product_interest = g_strdup (interest);
  g_ptr_array_add (bookings, booking);
}

/* Three days from Monday 2 March 2026 (UTC):
 *   Monday:   2 confirmed (09:00, 09:30), 1 pending (10:00)                         → 3
 *   Tuesday:  4 completed (10:00 ×4), 1 no-show and 1 cancelled (11:00)             → 6
 *   Wednesday: nothing.
 * Product interests: Solar 5, Heat pump 3, none 1. */
static CcalAnalytics *
make_known (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  CcalAnalytics *analytics;

  add_booking (bookings, "2026-03-02T09:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, "Solar");
  add_booking (bookings, "2026-03-02T09:30:00Z", CCAL_BOOKING_STATUS_CONFIRMED, "Solar");
  add_booking (bookings, "2026-03-02T10:00:00Z", CCAL_BOOKING_STATUS_PENDING, "Heat pump");
  for (guint i = 0; i < 4; i++)
    add_booking (bookings, "2026-03-03T10:00:00Z", CCAL_BOOKING_STATUS_COMPLETED, i < 3 ? "Solar" : "Heat pump");
  add_booking (bookings, "2026-03-03T11:00:00Z", CCAL_BOOKING_STATUS_NO_SHOW, "Heat pump");
  add_booking (bookings, "2026-03-03T11:00:00Z", CCAL_BOOKING_STATUS_CANCELLED, NULL);

  analytics = ccal_analytics_compute (bookings, T ("2026-03-02T00:00:00Z"), T ("2026-03-05T00:00:00Z"),
                                      CCAL_BUCKET_DAY, "UTC", &error);
  g_assert_no_error (error);
  return analytics;
}

static CcalAnalytics *
make_empty (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  CcalAnalytics *analytics;

  analytics = ccal_analytics_compute (bookings, T ("2026-03-02T00:00:00Z"), T ("2026-03-09T00:00:00Z"),
                                      CCAL_BUCKET_DAY, "UTC", NULL);
  g_assert_nonnull (analytics);
  return analytics;
}

static void
assert_rect (const graphene_rect_t *rect,
             double                 x,
             double                 y,
             double                 width,
             double                 height)
{
  g_assert_cmpfloat_with_epsilon (rect->origin.x, x, EPSILON);
  g_assert_cmpfloat_with_epsilon (rect->origin.y, y, EPSILON);
  g_assert_cmpfloat_with_epsilon (rect->size.width, width, EPSILON);
  g_assert_cmpfloat_with_epsilon (rect->size.height, height, EPSILON);
}

/* ── series ─────────────────────────────────────────────────────────────────────────────────── */

static void
test_series_bars (void)
{
  g_autoptr(CcalAnalytics) analytics = NULL;
  g_autoptr(GArray) bars = NULL;
  GtkWidget *chart;
  graphene_rect_t plot;
  guint step, axis_max;
  float slot, bar_width, bottom;
  const struct
  {
    guint bucket;
    int   status;
    guint count;
  } expected[] = {
    /* Stacked bottom up: confirmed, completed, pending, no-show, cancelled. */
    { 0, CCAL_BOOKING_STATUS_CONFIRMED, 2 },
    { 0, CCAL_BOOKING_STATUS_PENDING, 1 },
    { 1, CCAL_BOOKING_STATUS_COMPLETED, 4 },
    { 1, CCAL_BOOKING_STATUS_NO_SHOW, 1 },
    { 1, CCAL_BOOKING_STATUS_CANCELLED, 1 },
  };

  if (!ccal_test_gui_require_display ())
    return;

  analytics = make_known ();
  chart = g_object_ref_sink (ccal_series_chart_new ());
  ccal_series_chart_set_analytics (CCAL_SERIES_CHART (chart), analytics);

  /* The tallest bar is 6: steps of 2 up to 6 (at most 5 ticks). */
  axis_max = ccal_series_chart_get_axis_max (CCAL_SERIES_CHART (chart), &step);
  g_assert_cmpuint (axis_max, ==, 6);
  g_assert_cmpuint (step, ==, 2);

  g_assert_true (ccal_series_chart_get_plot_area (CCAL_SERIES_CHART (chart), WIDTH, HEIGHT, &plot));
  g_assert_cmpfloat (plot.origin.x, >, 8);
  g_assert_cmpfloat (plot.origin.y, >, 8);
  g_assert_cmpfloat (plot.origin.x + plot.size.width, <=, WIDTH);
  g_assert_cmpfloat (plot.origin.y + plot.size.height, <, HEIGHT);

  bars = ccal_series_chart_compute_bars (CCAL_SERIES_CHART (chart), WIDTH, HEIGHT);
  g_assert_cmpuint (bars->len, ==, G_N_ELEMENTS (expected));
  slot = plot.size.width / 3;
  bar_width = MIN (slot * 0.7f, 48.0f);
  bottom = plot.origin.y + plot.size.height;
  for (guint i = 0; i < bars->len; i++)
    {
      const CcalChartBar *bar = &g_array_index (bars, CcalChartBar, i);
      double height = plot.size.height * expected[i].count / 6.0;

      g_assert_cmpuint (bar->index, ==, expected[i].bucket);
      g_assert_cmpint (bar->status, ==, expected[i].status);
      g_assert_cmpuint (bar->count, ==, expected[i].count);
      /* A new bucket starts on the axis; a segment of the same bucket on the one below it. */
      if (i == 0 || expected[i - 1].bucket != expected[i].bucket)
        bottom = plot.origin.y + plot.size.height;
      assert_rect (&bar->rect, plot.origin.x + expected[i].bucket * slot + (slot - bar_width) / 2, bottom - height,
                   bar_width, height);
      bottom -= height;
    }
  /* Tuesday's 6 reach the axis top exactly. */
  g_assert_cmpfloat_with_epsilon (g_array_index (bars, CcalChartBar, 4).rect.origin.y, plot.origin.y, EPSILON);

  g_assert_cmpstr (ccal_series_chart_get_summary (CCAL_SERIES_CHART (chart)), ==,
                   "9 bookings in the range. Busiest day: Tuesday 3 March 2026, 6 bookings.");
  g_object_unref (chart);
}

/* An answer without the split by status (an older server) still draws each bucket, in one piece. */
static void
test_series_without_split (void)
{
  g_autoptr(CcalAnalytics) analytics = NULL;
  g_autoptr(GArray) bars = NULL;
  GtkWidget *chart;
  graphene_rect_t plot;

  if (!ccal_test_gui_require_display ())
    return;

  analytics = make_known ();
  for (guint i = 0; i < analytics->series->len; i++)
    memset (g_array_index (analytics->series, CcalAnalyticsBucket, i).by_status, 0,
            sizeof (guint) * CCAL_N_BOOKING_STATUSES);
  chart = g_object_ref_sink (ccal_series_chart_new ());
  ccal_series_chart_set_analytics (CCAL_SERIES_CHART (chart), analytics);
  g_assert_true (ccal_series_chart_get_plot_area (CCAL_SERIES_CHART (chart), WIDTH, HEIGHT, &plot));

  bars = ccal_series_chart_compute_bars (CCAL_SERIES_CHART (chart), WIDTH, HEIGHT);
  g_assert_cmpuint (bars->len, ==, 2);
  g_assert_cmpint (g_array_index (bars, CcalChartBar, 0).status, ==, -1);
  g_assert_cmpuint (g_array_index (bars, CcalChartBar, 0).count, ==, 3);
  g_assert_cmpfloat_with_epsilon (g_array_index (bars, CcalChartBar, 0).rect.size.height, plot.size.height / 2, EPSILON);
  g_assert_cmpuint (g_array_index (bars, CcalChartBar, 1).count, ==, 6);
  g_object_unref (chart);
}

static void
test_nice_axis (void)
{
  const struct
  {
    guint max_value;
    guint top;
    guint step;
  } cases[] = {
    { 0, 1, 1 }, { 1, 1, 1 }, { 4, 4, 1 }, { 5, 5, 1 }, { 6, 6, 2 }, { 9, 10, 2 }, { 11, 15, 5 },
    { 23, 25, 5 }, { 26, 30, 10 }, { 99, 100, 20 }, { 101, 150, 50 }, { 4321, 5000, 1000 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      guint step = 0;

      g_assert_cmpuint (ccal_chart_nice_axis (cases[i].max_value, 5, &step), ==, cases[i].top);
      g_assert_cmpuint (step, ==, cases[i].step);
    }
}

/* ── donut ──────────────────────────────────────────────────────────────────────────────────── */

static void
test_donut_segments (void)
{
  g_autoptr(CcalAnalytics) analytics = NULL;
  g_autoptr(GArray) segments = NULL;
  GtkWidget *chart;
  graphene_point_t center;
  float outer, inner;
  const struct
  {
    CcalBookingStatus status;
    guint             count;
    double            start;
    double            end;
  } expected[] = {
    /* 9 bookings: 40° each. */
    { CCAL_BOOKING_STATUS_CONFIRMED, 2, 0, 80 },
    { CCAL_BOOKING_STATUS_COMPLETED, 4, 80, 240 },
    { CCAL_BOOKING_STATUS_PENDING, 1, 240, 280 },
    { CCAL_BOOKING_STATUS_NO_SHOW, 1, 280, 320 },
    { CCAL_BOOKING_STATUS_CANCELLED, 1, 320, 360 },
  };

  if (!ccal_test_gui_require_display ())
    return;

  analytics = make_known ();
  chart = g_object_ref_sink (ccal_donut_chart_new ());
  ccal_donut_chart_set_analytics (CCAL_DONUT_CHART (chart), analytics);

  segments = ccal_donut_chart_compute_segments (CCAL_DONUT_CHART (chart), 400, 240, &center, &outer, &inner);
  g_assert_nonnull (segments);
  g_assert_cmpuint (segments->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < segments->len; i++)
    {
      const CcalDonutSegment *segment = &g_array_index (segments, CcalDonutSegment, i);

      g_assert_cmpint (segment->status, ==, expected[i].status);
      g_assert_cmpuint (segment->count, ==, expected[i].count);
      g_assert_cmpfloat_with_epsilon (segment->start_angle, expected[i].start, 1e-9);
      g_assert_cmpfloat_with_epsilon (segment->end_angle, expected[i].end, 1e-9);
    }

  /* The ring fits the allocation, beside its legend, and leaves a hole for the total. */
  g_assert_cmpfloat (center.x - outer, >=, 0);
  g_assert_cmpfloat (center.y - outer, >=, 0);
  g_assert_cmpfloat (center.y + outer, <=, 240);
  g_assert_cmpfloat (center.x + outer, <, 400 / 2 + 40);
  g_assert_cmpfloat_with_epsilon (inner, outer * 0.62f, EPSILON);

  g_assert_cmpstr (ccal_donut_chart_get_summary (CCAL_DONUT_CHART (chart)), ==,
                   "9 bookings. Confirmed: 2 (22%). Completed: 4 (44%). Pending: 1 (11%). No-show: 1 (11%)."
                   " Cancelled: 1 (11%).");
  g_object_unref (chart);
}

/* ── heatmap ────────────────────────────────────────────────────────────────────────────────── */

static void
test_heatmap_cells (void)
{
  g_autoptr(CcalAnalytics) analytics = NULL;
  GtkWidget *chart;
  graphene_rect_t first, next_hour, next_day, busiest, last;
  double shade;

  if (!ccal_test_gui_require_display ())
    return;

  analytics = make_known ();
  chart = g_object_ref_sink (ccal_heatmap_chart_new ());
  ccal_heatmap_chart_set_analytics (CCAL_HEATMAP_CHART (chart), analytics);

  /* Shade = count / the busiest cell's (Tuesday 10:00, 4). */
  g_assert_true (ccal_heatmap_chart_get_cell (CCAL_HEATMAP_CHART (chart), WIDTH, HEIGHT, 1, 10, &busiest, &shade));
  g_assert_cmpfloat (shade, ==, 1.0);
  g_assert_true (ccal_heatmap_chart_get_cell (CCAL_HEATMAP_CHART (chart), WIDTH, HEIGHT, 0, 9, NULL, &shade));
  g_assert_cmpfloat (shade, ==, 0.5);
  g_assert_true (ccal_heatmap_chart_get_cell (CCAL_HEATMAP_CHART (chart), WIDTH, HEIGHT, 0, 10, NULL, &shade));
  g_assert_cmpfloat (shade, ==, 0.25);
  g_assert_true (ccal_heatmap_chart_get_cell (CCAL_HEATMAP_CHART (chart), WIDTH, HEIGHT, 6, 23, &last, &shade));
  g_assert_cmpfloat (shade, ==, 0.0);

  /* A regular 24 × 7 grid inside the allocation. */
  ccal_heatmap_chart_get_cell (CCAL_HEATMAP_CHART (chart), WIDTH, HEIGHT, 0, 0, &first, NULL);
  ccal_heatmap_chart_get_cell (CCAL_HEATMAP_CHART (chart), WIDTH, HEIGHT, 0, 1, &next_hour, NULL);
  ccal_heatmap_chart_get_cell (CCAL_HEATMAP_CHART (chart), WIDTH, HEIGHT, 1, 0, &next_day, NULL);
  g_assert_cmpfloat_with_epsilon (next_hour.origin.y, first.origin.y, EPSILON);
  g_assert_cmpfloat_with_epsilon (next_day.origin.x, first.origin.x, EPSILON);
  g_assert_cmpfloat (next_hour.origin.x, >=, first.origin.x + first.size.width);
  g_assert_cmpfloat (next_day.origin.y, >=, first.origin.y + first.size.height);
  g_assert_cmpfloat_with_epsilon (busiest.origin.x - first.origin.x, 10 * (next_hour.origin.x - first.origin.x), EPSILON);
  g_assert_cmpfloat_with_epsilon (busiest.origin.y - first.origin.y, next_day.origin.y - first.origin.y, EPSILON);
  g_assert_cmpfloat (first.origin.x, >, 8);   /* room for the weekday names */
  g_assert_cmpfloat (last.origin.x + last.size.width, <=, WIDTH);
  g_assert_cmpfloat (last.origin.y + last.size.height, <, HEIGHT);

  g_assert_cmpstr (ccal_heatmap_chart_get_summary (CCAL_HEATMAP_CHART (chart)), ==,
                   "Busiest: Tuesday 10:00, 4 bookings. Busiest day of the week: Tuesday, 6 bookings.");
  g_object_unref (chart);
}

/* ── bar list ───────────────────────────────────────────────────────────────────────────────── */

static void
test_bar_list_rows (void)
{
  g_autoptr(CcalAnalytics) analytics = NULL;
  g_autoptr(GArray) bars = NULL;
  GtkWidget *chart;
  const CcalChartBar *solar, *heat_pump, *none;

  if (!ccal_test_gui_require_display ())
    return;

  analytics = make_known ();
  chart = g_object_ref_sink (ccal_bar_list_chart_new ());
  ccal_bar_list_chart_set_analytics (CCAL_BAR_LIST_CHART (chart), analytics);

  bars = ccal_bar_list_chart_compute_bars (CCAL_BAR_LIST_CHART (chart), WIDTH, HEIGHT);
  g_assert_cmpuint (bars->len, ==, 3);
  g_assert_cmpstr (ccal_bar_list_chart_get_row_label (CCAL_BAR_LIST_CHART (chart), 0), ==, "Solar");
  g_assert_cmpstr (ccal_bar_list_chart_get_row_label (CCAL_BAR_LIST_CHART (chart), 1), ==, "Heat pump");
  g_assert_cmpstr (ccal_bar_list_chart_get_row_label (CCAL_BAR_LIST_CHART (chart), 2), ==, "No product interest");
  solar = &g_array_index (bars, CcalChartBar, 0);
  heat_pump = &g_array_index (bars, CcalChartBar, 1);
  none = &g_array_index (bars, CcalChartBar, 2);
  g_assert_cmpuint (solar->count, ==, 5);
  g_assert_cmpuint (heat_pump->count, ==, 3);
  g_assert_cmpuint (none->count, ==, 1);

  /* Lengths in proportion from one start; rows one under the other. */
  g_assert_cmpfloat_with_epsilon (heat_pump->rect.origin.x, solar->rect.origin.x, EPSILON);
  g_assert_cmpfloat_with_epsilon (heat_pump->rect.size.width, solar->rect.size.width * 3 / 5, EPSILON);
  g_assert_cmpfloat_with_epsilon (none->rect.size.width, solar->rect.size.width / 5, EPSILON);
  g_assert_cmpfloat (solar->rect.origin.x + solar->rect.size.width, <, WIDTH - 8);
  g_assert_cmpfloat (heat_pump->rect.origin.y, >=, solar->rect.origin.y + solar->rect.size.height);
  g_assert_cmpfloat_with_epsilon (none->rect.origin.y - heat_pump->rect.origin.y,
                                  heat_pump->rect.origin.y - solar->rect.origin.y, EPSILON);

  g_assert_cmpstr (ccal_bar_list_chart_get_summary (CCAL_BAR_LIST_CHART (chart)), ==,
                   "Solar: 5 bookings; Heat pump: 3 bookings; No product interest: 1 booking.");
  g_object_unref (chart);
}

/* More interests than rows: the smallest are added up in one "Other" row, none is lost. */
static void
test_bar_list_other (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) analytics = NULL;
  g_autoptr(GArray) bars = NULL;
  GtkWidget *chart;
  guint sum = 0;

  if (!ccal_test_gui_require_display ())
    return;

  /* Interest k (0 … 11) has 12 − k bookings: 78 in all. */
  for (guint k = 0; k < 12; k++)
    {
      g_autofree char *name = g_strdup_printf ("Product %02u", k);

      for (guint n = 0; n < 12 - k; n++)
        add_booking (bookings, "2026-03-02T09:00:00Z", CCAL_BOOKING_STATUS_CONFIRMED, name);
    }
  analytics = ccal_analytics_compute (bookings, T ("2026-03-02T00:00:00Z"), T ("2026-03-03T00:00:00Z"),
                                      CCAL_BUCKET_DAY, "UTC", NULL);
  chart = g_object_ref_sink (ccal_bar_list_chart_new ());
  ccal_bar_list_chart_set_analytics (CCAL_BAR_LIST_CHART (chart), analytics);
  bars = ccal_bar_list_chart_compute_bars (CCAL_BAR_LIST_CHART (chart), WIDTH, 400);

  g_assert_cmpuint (bars->len, ==, 8);
  g_assert_cmpstr (ccal_bar_list_chart_get_row_label (CCAL_BAR_LIST_CHART (chart), 0), ==, "Product 00");
  g_assert_cmpstr (ccal_bar_list_chart_get_row_label (CCAL_BAR_LIST_CHART (chart), 6), ==, "Product 06");
  g_assert_cmpstr (ccal_bar_list_chart_get_row_label (CCAL_BAR_LIST_CHART (chart), 7), ==, "Other (5 interests)");
  /* 5 + 4 + 3 + 2 + 1 */
  g_assert_cmpuint (g_array_index (bars, CcalChartBar, 7).count, ==, 15);
  for (guint i = 0; i < bars->len; i++)
    sum += g_array_index (bars, CcalChartBar, i).count;
  g_assert_cmpuint (sum, ==, 78);
  /* "Other" (15) is longer than Product 06 (6): bars scale to the largest shown row. */
  g_assert_cmpfloat (g_array_index (bars, CcalChartBar, 7).rect.size.width, >,
                     g_array_index (bars, CcalChartBar, 6).rect.size.width);
  g_object_unref (chart);
}

/* ── empty state ────────────────────────────────────────────────────────────────────────────── */

static void
test_empty (void)
{
  g_autoptr(CcalAnalytics) analytics = NULL;
  g_autoptr(GArray) series_bars = NULL;
  g_autoptr(GArray) list_bars = NULL;
  GtkWidget *series, *donut, *heatmap, *list;
  graphene_rect_t plot;

  if (!ccal_test_gui_require_display ())
    return;

  analytics = make_empty ();
  series = g_object_ref_sink (ccal_series_chart_new ());
  donut = g_object_ref_sink (ccal_donut_chart_new ());
  heatmap = g_object_ref_sink (ccal_heatmap_chart_new ());
  list = g_object_ref_sink (ccal_bar_list_chart_new ());
  ccal_series_chart_set_analytics (CCAL_SERIES_CHART (series), analytics);
  ccal_donut_chart_set_analytics (CCAL_DONUT_CHART (donut), analytics);
  ccal_heatmap_chart_set_analytics (CCAL_HEATMAP_CHART (heatmap), analytics);
  ccal_bar_list_chart_set_analytics (CCAL_BAR_LIST_CHART (list), analytics);

  g_assert_false (ccal_series_chart_get_plot_area (CCAL_SERIES_CHART (series), WIDTH, HEIGHT, &plot));
  series_bars = ccal_series_chart_compute_bars (CCAL_SERIES_CHART (series), WIDTH, HEIGHT);
  g_assert_cmpuint (series_bars->len, ==, 0);
  g_assert_null (ccal_donut_chart_compute_segments (CCAL_DONUT_CHART (donut), WIDTH, HEIGHT, NULL, NULL, NULL));
  g_assert_false (ccal_heatmap_chart_get_cell (CCAL_HEATMAP_CHART (heatmap), WIDTH, HEIGHT, 0, 0, NULL, NULL));
  list_bars = ccal_bar_list_chart_compute_bars (CCAL_BAR_LIST_CHART (list), WIDTH, HEIGHT);
  g_assert_cmpuint (list_bars->len, ==, 0);

  g_assert_cmpstr (ccal_series_chart_get_summary (CCAL_SERIES_CHART (series)), ==, "No bookings in this range");
  g_assert_cmpstr (ccal_donut_chart_get_summary (CCAL_DONUT_CHART (donut)), ==, "No bookings in this range");
  g_assert_cmpstr (ccal_heatmap_chart_get_summary (CCAL_HEATMAP_CHART (heatmap)), ==, "No bookings in this range");
  g_assert_cmpstr (ccal_bar_list_chart_get_summary (CCAL_BAR_LIST_CHART (list)), ==, "No bookings in this range");

  /* NULL is the empty state too. */
  ccal_donut_chart_set_analytics (CCAL_DONUT_CHART (donut), NULL);
  g_assert_cmpstr (ccal_donut_chart_get_summary (CCAL_DONUT_CHART (donut)), ==, "No bookings in this range");

  g_object_unref (series);
  g_object_unref (donut);
  g_object_unref (heatmap);
  g_object_unref (list);
}

/* ── rendering ──────────────────────────────────────────────────────────────────────────────── */

static GdkTexture *
render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

/* The colour at (@x, @y) of @texture (downloaded as premultiplied BGRA; the charts' bars are opaque). */
static void
read_pixel (GdkTexture *texture,
            int         x,
            int         y,
            GdkRGBA    *out)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc (width * height * 4);
  const guchar *pixel;

  gdk_texture_download (texture, data, width * 4);
  pixel = data + (y * width + x) * 4;
  *out = (GdkRGBA) { pixel[2] / 255.0f, pixel[1] / 255.0f, pixel[0] / 255.0f, pixel[3] / 255.0f };
}

static void
assert_color (const GdkRGBA *color,
              const char    *expected)
{
  GdkRGBA want;

  g_assert_true (gdk_rgba_parse (&want, expected));
  g_test_message ("pixel %.3f %.3f %.3f %.3f, expected %s", color->red, color->green, color->blue, color->alpha,
                  expected);
  g_assert_cmpfloat_with_epsilon (color->red, want.red, 2.0 / 255);
  g_assert_cmpfloat_with_epsilon (color->green, want.green, 2.0 / 255);
  g_assert_cmpfloat_with_epsilon (color->blue, want.blue, 2.0 / 255);
  g_assert_cmpfloat_with_epsilon (color->alpha, 1.0, 2.0 / 255);
}

static gboolean
is_dark (gpointer data)
{
  return adw_style_manager_get_dark (adw_style_manager_get_default ()) == GPOINTER_TO_INT (data);
}

static void
set_dark (gboolean dark)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();

  adw_style_manager_set_color_scheme (manager, dark ? ADW_COLOR_SCHEME_FORCE_DARK : ADW_COLOR_SCHEME_FORCE_LIGHT);
  ccal_test_gui_wait_until (is_dark, GINT_TO_POINTER (dark), "the colour scheme");
}

static gboolean
is_high_contrast (gpointer data)
{
  return adw_style_manager_get_high_contrast (adw_style_manager_get_default ()) == GPOINTER_TO_INT (data);
}

/* libadwaita follows the desktop's a11y setting (there is no portal in the test session); FALSE when
 * that schema is not installed. */
static gboolean
set_high_contrast (gboolean high_contrast)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;

  if (source == NULL || (schema = g_settings_schema_source_lookup (source, "org.gnome.desktop.a11y.interface",
                                                                   TRUE)) == NULL)
    return FALSE;
  settings = g_settings_new ("org.gnome.desktop.a11y.interface");
  g_settings_set_boolean (settings, "high-contrast", high_contrast);
  ccal_test_gui_wait_until (is_high_contrast, GINT_TO_POINTER (high_contrast), "high contrast");
  return TRUE;
}

/* Every chart drawn in a window, light and dark, with data and empty (g_test makes any GTK warning
 * fatal); a bar's pixels are its status colour for the style, and the shots are saved to look at. */
static void
test_render (void)
{
  g_autoptr(CcalAnalytics) analytics = NULL;
  g_autoptr(CcalAnalytics) empty = NULL;
  GtkWidget *window, *grid, *series, *donut, *heatmap, *list;

  if (!ccal_test_gui_require_display ())
    return;

  analytics = make_known ();
  empty = make_empty ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  grid = gtk_grid_new ();
  series = ccal_series_chart_new ();
  donut = ccal_donut_chart_new ();
  heatmap = ccal_heatmap_chart_new ();
  list = ccal_bar_list_chart_new ();
  gtk_widget_set_hexpand (series, TRUE);
  gtk_widget_set_vexpand (series, TRUE);
  gtk_widget_set_hexpand (heatmap, TRUE);
  gtk_grid_attach (GTK_GRID (grid), series, 0, 0, 2, 1);
  gtk_grid_attach (GTK_GRID (grid), donut, 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), heatmap, 1, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), list, 0, 2, 2, 1);
  gtk_window_set_child (GTK_WINDOW (window), grid);

  /* Light, dark, then high contrast light and dark. */
  for (int pass = 0; pass < 4; pass++)
    {
      gboolean dark = pass % 2;
      gboolean high_contrast = pass >= 2;
      const char *expected[] = { "#26a269", "#33d17a", "#1b6a44", "#8ff0a4" };
      const char *names[] = { "charts-light", "charts-dark", "charts-hc-light", "charts-hc-dark" };
      g_autofree char *empty_name = g_strconcat (names[pass], "-empty", NULL);
      g_autoptr(GdkTexture) texture = NULL;
      g_autoptr(GArray) bars = NULL;
      const CcalChartBar *completed;
      GdkRGBA pixel;

      if (high_contrast && !set_high_contrast (TRUE))
        {
          g_test_message ("No org.gnome.desktop.a11y.interface schema: high contrast not tried");
          break;
        }
      set_dark (dark);
      ccal_series_chart_set_analytics (CCAL_SERIES_CHART (series), analytics);
      ccal_donut_chart_set_analytics (CCAL_DONUT_CHART (donut), analytics);
      ccal_heatmap_chart_set_analytics (CCAL_HEATMAP_CHART (heatmap), analytics);
      ccal_bar_list_chart_set_analytics (CCAL_BAR_LIST_CHART (list), analytics);
      ccal_test_gui_present_and_wait (GTK_WINDOW (window));

      /* Tuesday's completed segment: green, a shade lighter on dark. */
      texture = render (series);
      bars = ccal_series_chart_compute_bars (CCAL_SERIES_CHART (series), gtk_widget_get_width (series),
                                             gtk_widget_get_height (series));
      completed = &g_array_index (bars, CcalChartBar, 2);
      g_assert_cmpint (completed->status, ==, CCAL_BOOKING_STATUS_COMPLETED);
      read_pixel (texture, completed->rect.origin.x + completed->rect.size.width / 2,
                  completed->rect.origin.y + completed->rect.size.height / 2, &pixel);
      assert_color (&pixel, expected[pass]);

      ccal_test_gui_save_shot (window, names[pass]);

      ccal_series_chart_set_analytics (CCAL_SERIES_CHART (series), empty);
      ccal_donut_chart_set_analytics (CCAL_DONUT_CHART (donut), empty);
      ccal_heatmap_chart_set_analytics (CCAL_HEATMAP_CHART (heatmap), empty);
      ccal_bar_list_chart_set_analytics (CCAL_BAR_LIST_CHART (list), empty);
      ccal_test_gui_present_and_wait (GTK_WINDOW (window));
      g_clear_object (&texture);
      texture = render (donut);
      g_assert_nonnull (texture);
      ccal_test_gui_save_shot (window, empty_name);
    }

  set_high_contrast (FALSE);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  ccal_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/charts/nice-axis", test_nice_axis);
  g_test_add_func ("/gui/charts/series/bars", test_series_bars);
  g_test_add_func ("/gui/charts/series/without-split", test_series_without_split);
  g_test_add_func ("/gui/charts/donut/segments", test_donut_segments);
  g_test_add_func ("/gui/charts/heatmap/cells", test_heatmap_cells);
  g_test_add_func ("/gui/charts/bar-list/rows", test_bar_list_rows);
  g_test_add_func ("/gui/charts/bar-list/other", test_bar_list_other);
  g_test_add_func ("/gui/charts/empty", test_empty);
  g_test_add_func ("/gui/charts/render", test_render);

  return ccal_test_gui_run ();
}
