/* test-analytics-page.c — the analytics page against the real server: KPIs, offline copy, exports, errors
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include "ccal-analytics-page.h"
#include "ccal-bar-list-chart.h"
#include "ccal-core.h"
#include "ccal-donut-chart.h"
#include "ccal-heatmap-chart.h"
#include "ccal-series-chart.h"
#include "ccal-test-gui.h"

static CcalTestServer *
server_with_demo_data (void)
{
  CcalTestServer *server = ccal_test_server_new (NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (ccal_test_server_run_cli (server, NULL, &err, "demo-data", "--database", server->database,
                                             "--workspace", server->workspace_id, NULL), ==, 0);
  return server;
}

static gboolean
is_settled (gpointer data)
{
  return !ccal_analytics_page_get_busy (CCAL_ANALYTICS_PAGE (data));
}

static GtkWidget *
show_page (CcalAccount  *account,
           GtkWidget   **out_window)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = ccal_analytics_page_new (account);

  ccal_analytics_page_set_timezone (CCAL_ANALYTICS_PAGE (page), "UTC");
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 1000);
  gtk_window_set_child (GTK_WINDOW (window), page);
  ccal_test_gui_present_and_wait (GTK_WINDOW (window));
  ccal_test_gui_wait_until (is_settled, page, "the figures");
  *out_window = window;
  return page;
}

typedef struct
{
  CcalAnalytics *analytics;
  GError        *error;
  gboolean       done;
} Fetch;

static void
on_fetched_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->analytics = ccal_api_client_get_analytics_finish (CCAL_API_CLIENT (source), result, &fetch->error);
  fetch->done = TRUE;
}

static gboolean
is_done (gpointer data)
{
  return ((Fetch *) data)->done;
}

/* The server's own answer for the range the page shows. */
static CcalAnalytics *
fetch_directly (CcalAccount         *account,
                const CcalAnalytics *shown)
{
  Fetch fetch = { NULL, NULL, FALSE };

  ccal_api_client_get_analytics_async (ccal_account_get_api_client (account), NULL, shown->from, shown->to,
                                       shown->bucket, shown->timezone, NULL, on_fetched_cb, &fetch);
  ccal_test_gui_wait_until (is_done, &fetch, "the server's figures");
  g_assert_no_error (fetch.error);
  return fetch.analytics;
}

static void
set_style (AdwColorScheme scheme)
{
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
  ccal_test_gui_spin ();
}

static gboolean
is_high_contrast (gpointer data)
{
  return adw_style_manager_get_high_contrast (adw_style_manager_get_default ()) == GPOINTER_TO_INT (data);
}

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

static void
redraw (GtkWidget *window)
{
  ccal_test_gui_present_and_wait (GTK_WINDOW (window));
}

/* The last 90 days of the demo calendar: the tiles show the server's totals, the charts its figures. */
static void
test_page_fetch (void)
{
  g_autoptr(CcalAccount) account = NULL;
  g_autoptr(CcalAnalytics) direct = NULL;
  g_autofree char *total = NULL;
  g_autofree char *confirmed = NULL;
  g_autofree char *rate = NULL;
  g_autofree char *cached = NULL;
  const CcalAnalytics *shown;
  CcalTestServer *server;
  GtkWidget *window, *page;

  if (!ccal_test_gui_require_display ())
    return;

  server = server_with_demo_data ();
  account = ccal_test_gui_account_new (server, server->admin_key);
  page = show_page (account, &window);

  ccal_analytics_page_set_range (CCAL_ANALYTICS_PAGE (page), CCAL_ANALYTICS_RANGE_LAST_90_DAYS);
  g_assert_cmpint (ccal_analytics_page_get_bucket (CCAL_ANALYTICS_PAGE (page)), ==, CCAL_BUCKET_WEEK);
  ccal_test_gui_wait_until (is_settled, page, "the figures of 90 days");
  shown = ccal_analytics_page_get_analytics (CCAL_ANALYTICS_PAGE (page));
  g_assert_nonnull (shown);
  g_assert_false (ccal_analytics_page_get_offline (CCAL_ANALYTICS_PAGE (page)));
  g_assert_cmpint (shown->to - shown->from, ==, 90 * CCAL_USEC_PER_DAY);
  g_assert_cmpint (shown->bucket, ==, CCAL_BUCKET_WEEK);

  direct = fetch_directly (account, shown);
  g_assert_cmpuint (direct->total, >, 0);
  total = g_strdup_printf ("%u", direct->total);
  confirmed = g_strdup_printf ("%u", direct->by_status[CCAL_BOOKING_STATUS_CONFIRMED]);
  rate = g_strdup_printf ("%.1f%%", direct->cancellation_rate * 100);
  g_assert_cmpstr (ccal_analytics_page_get_kpi_text (CCAL_ANALYTICS_PAGE (page), "total"), ==, total);
  g_assert_cmpstr (ccal_analytics_page_get_kpi_text (CCAL_ANALYTICS_PAGE (page), "confirmed"), ==, confirmed);
  g_assert_cmpstr (ccal_analytics_page_get_kpi_text (CCAL_ANALYTICS_PAGE (page), "cancellation-rate"), ==, rate);
  g_assert_true (g_str_has_suffix (ccal_analytics_page_get_kpi_text (CCAL_ANALYTICS_PAGE (page), "lead-time"), "days") ||
                 g_str_has_suffix (ccal_analytics_page_get_kpi_text (CCAL_ANALYTICS_PAGE (page), "lead-time"), "h"));
  g_assert_nonnull (strstr (ccal_analytics_page_get_status_text (CCAL_ANALYTICS_PAGE (page)), "updated"));

  /* The charts got the same figures. */
  g_assert_cmpstr (ccal_donut_chart_get_summary (CCAL_DONUT_CHART (ccal_analytics_page_get_chart (
                     CCAL_ANALYTICS_PAGE (page), "status"))), !=, "No bookings in this range");
  {
    g_autofree char *start = g_strdup_printf ("%u booking", direct->total);

    g_assert_true (g_str_has_prefix (ccal_donut_chart_get_summary (CCAL_DONUT_CHART (
                     ccal_analytics_page_get_chart (CCAL_ANALYTICS_PAGE (page), "status"))), start));
  }

  /* Kept for offline use, with the request. */
  cached = ccal_cache_get_meta (ccal_account_get_cache (account), CCAL_CACHE_META_ANALYTICS, NULL);
  g_assert_nonnull (cached);
  g_assert_nonnull (strstr (cached, "\"range\":\"last-90-days\""));

  redraw (window);
  ccal_test_gui_save_shot (window, "analytics-page");
  set_style (ADW_COLOR_SCHEME_FORCE_DARK);
  redraw (window);
  ccal_test_gui_save_shot (window, "analytics-page-dark");
  if (set_high_contrast (TRUE))
    {
      redraw (window);
      ccal_test_gui_save_shot (window, "analytics-page-hc-dark");
      set_style (ADW_COLOR_SCHEME_FORCE_LIGHT);
      redraw (window);
      ccal_test_gui_save_shot (window, "analytics-page-hc");
      set_high_contrast (FALSE);
    }
  set_style (ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (window));
  ccal_test_server_free (server);
}

/* A new page without the server: the cached figures at once, marked offline with their time. */
static void
test_page_offline (void)
{
  g_autoptr(CcalAccount) account = NULL;
  g_autofree char *total = NULL;
  const CcalAnalytics *shown;
  CcalTestServer *server;
  GtkWidget *window, *page;
  guint cached_total;

  if (!ccal_test_gui_require_display ())
    return;

  server = server_with_demo_data ();
  account = ccal_test_gui_account_new (server, server->admin_key);
  page = show_page (account, &window);
  ccal_analytics_page_set_range (CCAL_ANALYTICS_PAGE (page), CCAL_ANALYTICS_RANGE_THIS_MONTH);
  ccal_test_gui_wait_until (is_settled, page, "this month's figures");
  cached_total = ccal_analytics_page_get_analytics (CCAL_ANALYTICS_PAGE (page))->total;
  gtk_window_destroy (GTK_WINDOW (window));

  g_assert_cmpint (ccal_test_server_stop (server), ==, 0);

  window = gtk_window_new ();
  page = ccal_analytics_page_new (account);
  /* Shown before any answer, with the range they were asked for. */
  shown = ccal_analytics_page_get_analytics (CCAL_ANALYTICS_PAGE (page));
  g_assert_nonnull (shown);
  g_assert_cmpuint (shown->total, ==, cached_total);
  g_assert_cmpint (ccal_analytics_page_get_range (CCAL_ANALYTICS_PAGE (page)), ==, CCAL_ANALYTICS_RANGE_THIS_MONTH);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 1000);
  gtk_window_set_child (GTK_WINDOW (window), page);
  ccal_test_gui_present_and_wait (GTK_WINDOW (window));
  ccal_test_gui_wait_until (is_settled, page, "the failed request");

  g_assert_true (ccal_analytics_page_get_offline (CCAL_ANALYTICS_PAGE (page)));
  g_assert_nonnull (strstr (ccal_analytics_page_get_status_text (CCAL_ANALYTICS_PAGE (page)), "offline"));
  g_assert_nonnull (strstr (ccal_analytics_page_get_status_text (CCAL_ANALYTICS_PAGE (page)), "figures from"));
  total = g_strdup_printf ("%u", cached_total);
  g_assert_cmpstr (ccal_analytics_page_get_kpi_text (CCAL_ANALYTICS_PAGE (page), "total"), ==, total);
  redraw (window);
  ccal_test_gui_save_shot (window, "analytics-page-offline");

  gtk_window_destroy (GTK_WINDOW (window));
  ccal_test_server_free (server);
}

/* A range with no bookings: zeros, and every chart says so. */
static void
test_page_empty_range (void)
{
  g_autoptr(CcalAccount) account = NULL;
  CcalTestServer *server;
  GtkWidget *window, *page;
  GDate first, last;

  if (!ccal_test_gui_require_display ())
    return;

  server = server_with_demo_data ();
  account = ccal_test_gui_account_new (server, server->admin_key);
  page = show_page (account, &window);

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 1, G_DATE_JANUARY, 2020);
  g_date_set_dmy (&last, 31, G_DATE_JANUARY, 2020);
  ccal_analytics_page_set_custom_days (CCAL_ANALYTICS_PAGE (page), &first, &last);
  ccal_test_gui_wait_until (is_settled, page, "January 2020");

  g_assert_cmpuint (ccal_analytics_page_get_analytics (CCAL_ANALYTICS_PAGE (page))->total, ==, 0);
  g_assert_cmpuint (ccal_analytics_page_get_analytics (CCAL_ANALYTICS_PAGE (page))->series->len, ==, 31);
  g_assert_cmpstr (ccal_analytics_page_get_kpi_text (CCAL_ANALYTICS_PAGE (page), "total"), ==, "0");
  g_assert_cmpstr (ccal_analytics_page_get_kpi_text (CCAL_ANALYTICS_PAGE (page), "lead-time"), ==, "–");
  g_assert_cmpstr (ccal_analytics_page_get_kpi_text (CCAL_ANALYTICS_PAGE (page), "cancellation-rate"), ==, "–");
  g_assert_cmpstr (ccal_analytics_page_get_kpi_text (CCAL_ANALYTICS_PAGE (page), "no-show-rate"), ==, "–");
  g_assert_cmpstr (ccal_series_chart_get_summary (CCAL_SERIES_CHART (ccal_analytics_page_get_chart (
                     CCAL_ANALYTICS_PAGE (page), "series"))), ==, "No bookings in this range");
  g_assert_cmpstr (ccal_heatmap_chart_get_summary (CCAL_HEATMAP_CHART (ccal_analytics_page_get_chart (
                     CCAL_ANALYTICS_PAGE (page), "heatmap"))), ==, "No bookings in this range");
  g_assert_cmpstr (ccal_bar_list_chart_get_summary (CCAL_BAR_LIST_CHART (ccal_analytics_page_get_chart (
                     CCAL_ANALYTICS_PAGE (page), "product-interest"))), ==, "No bookings in this range");
  redraw (window);
  ccal_test_gui_save_shot (window, "analytics-page-empty");

  gtk_window_destroy (GTK_WINDOW (window));
  ccal_test_server_free (server);
}

/* What a person can get wrong or meet, said in words: days the wrong way round, a staff key. */
static void
test_page_errors (void)
{
  g_autoptr(CcalAccount) account = NULL;
  g_autoptr(CcalAccount) staff_account = NULL;
  g_autofree char *staff_key = NULL;
  CcalTestServer *server;
  GtkWidget *window, *page;
  GDate first, last;

  if (!ccal_test_gui_require_display ())
    return;

  server = server_with_demo_data ();
  account = ccal_test_gui_account_new (server, server->admin_key);
  page = show_page (account, &window);

  g_date_clear (&first, 1);
  g_date_clear (&last, 1);
  g_date_set_dmy (&first, 10, G_DATE_MARCH, 2026);
  g_date_set_dmy (&last, 2, G_DATE_MARCH, 2026);
  ccal_analytics_page_set_custom_days (CCAL_ANALYTICS_PAGE (page), &first, &last);
  g_assert_false (ccal_analytics_page_get_busy (CCAL_ANALYTICS_PAGE (page)));
  g_assert_cmpstr (ccal_analytics_page_get_status_text (CCAL_ANALYTICS_PAGE (page)), ==,
                   "The last day is before the first day.");
  redraw (window);
  ccal_test_gui_save_shot (window, "analytics-page-bad-range");
  gtk_window_destroy (GTK_WINDOW (window));

  staff_key = ccal_test_server_create_key (server, NULL, "staff@example.com", "Sam Staff", "staff", NULL);
  staff_account = ccal_test_gui_account_new (server, staff_key);
  page = show_page (staff_account, &window);
  g_assert_null (ccal_analytics_page_get_analytics (CCAL_ANALYTICS_PAGE (page)));
  g_assert_false (ccal_analytics_page_get_offline (CCAL_ANALYTICS_PAGE (page)));
  g_assert_cmpstr (ccal_analytics_page_get_status_text (CCAL_ANALYTICS_PAGE (page)), ==,
                   "Only an admin can see the figures of this workspace.");
  gtk_window_destroy (GTK_WINDOW (window));

  ccal_test_server_free (server);
}

/* Exports: a PNG of the chart's size, and CSV that holds the figures shown. */
static void
test_page_export (void)
{
  g_autoptr(CcalAccount) account = NULL;
  g_autoptr(GFile) png = NULL;
  g_autoptr(GFile) csv = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *png_path = g_build_filename (ccal_test_gui_get_scratch_dir (), "series.png", NULL);
  g_autofree char *csv_path = g_build_filename (ccal_test_gui_get_scratch_dir (), "figures.csv", NULL);
  g_autofree char *text = NULL;
  g_autofree char *total_line = NULL;
  g_auto(GStrv) lines = NULL;
  const CcalAnalytics *shown;
  CcalTestServer *server;
  GtkWidget *window, *page, *chart;
  guint header = 0, n_series_rows = 0, series_sum = 0;

  if (!ccal_test_gui_require_display ())
    return;

  server = server_with_demo_data ();
  account = ccal_test_gui_account_new (server, server->admin_key);
  page = show_page (account, &window);
  ccal_analytics_page_set_range (CCAL_ANALYTICS_PAGE (page), CCAL_ANALYTICS_RANGE_LAST_90_DAYS);
  ccal_test_gui_wait_until (is_settled, page, "the figures of 90 days");
  redraw (window);
  shown = ccal_analytics_page_get_analytics (CCAL_ANALYTICS_PAGE (page));

  chart = ccal_analytics_page_get_chart (CCAL_ANALYTICS_PAGE (page), "series");
  png = g_file_new_for_path (png_path);
  g_assert_true (ccal_analytics_page_write_png (chart, png, &error));
  g_assert_no_error (error);
  texture = gdk_texture_new_from_file (png, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_texture_get_width (texture), ==, gtk_widget_get_width (chart));
  g_assert_cmpint (gdk_texture_get_height (texture), ==, gtk_widget_get_height (chart));

  csv = g_file_new_for_path (csv_path);
  g_assert_true (ccal_analytics_page_write_csv (shown, csv, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &text, NULL, NULL));
  lines = g_strsplit (text, "\r\n", -1);
  total_line = g_strdup_printf ("Total,%u", shown->total);
  g_assert_true (g_strv_contains ((const char *const *) lines, total_line));
  g_assert_true (g_strv_contains ((const char *const *) lines, "Time zone,UTC"));
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "Period start,"))
      header = i;
  g_assert_cmpstr (lines[header], ==, "Period start,Bookings,Pending,Confirmed,Cancelled,Completed,No-show");
  for (guint i = header + 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], ",", -1);
      const CcalAnalyticsBucket *item = &g_array_index (shown->series, CcalAnalyticsBucket, n_series_rows);
      guint parts = 0;

      g_assert_cmpuint (g_strv_length (fields), ==, 7);
      g_assert_cmpuint (g_ascii_strtoull (fields[1], NULL, 10), ==, item->count);
      for (guint s = 0; s < CCAL_N_BOOKING_STATUSES; s++)
        {
          g_assert_cmpuint (g_ascii_strtoull (fields[2 + s], NULL, 10), ==, item->by_status[s]);
          parts += item->by_status[s];
        }
      g_assert_cmpuint (parts, ==, item->count);
      series_sum += item->count;
      n_series_rows++;
    }
  g_assert_cmpuint (n_series_rows, ==, shown->series->len);
  g_assert_cmpuint (series_sum, ==, shown->total);

  gtk_window_destroy (GTK_WINDOW (window));

  /* A chart that is not shown cannot be rendered: an error, not a crash or an empty file. */
  {
    GtkWidget *lone = g_object_ref_sink (ccal_series_chart_new ());
    g_autoptr(GError) lone_error = NULL;

    g_assert_false (ccal_analytics_page_write_png (lone, png, &lone_error));
    g_assert_nonnull (lone_error);
    g_object_unref (lone);
  }
  ccal_test_server_free (server);
}

int
main (int    argc,
      char **argv)
{
  ccal_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/analytics-page/fetch", test_page_fetch);
  g_test_add_func ("/gui/analytics-page/offline", test_page_offline);
  g_test_add_func ("/gui/analytics-page/empty-range", test_page_empty_range);
  g_test_add_func ("/gui/analytics-page/errors", test_page_errors);
  g_test_add_func ("/gui/analytics-page/export", test_page_export);

  return ccal_test_gui_run ();
}
