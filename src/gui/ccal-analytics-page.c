/* ccal-analytics-page.c — the Admin Dashboard's analytics: KPI tiles and four charts for a range
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <stdlib.h>

#include <glib/gi18n.h>

#include "ccal-analytics-page.h"
#include "ccal-chart-private.h"
#include "ccal-core.h"
#include "ccal-csv.h"
#include "ccal-date-util.h"

#define N_KPIS 5

static const char *const kpi_names[N_KPIS] = {
  "total", "confirmed", "cancellation-rate", "no-show-rate", "lead-time",
};

static const char *const range_names[] = { "this-week", "this-month", "last-90-days", "custom" };

/* The charts, in page order, by the names "analytics.save-png" takes. */
enum
{
  CHART_SERIES,
  CHART_STATUS,
  CHART_HEATMAP,
  CHART_INTEREST,
  N_CHARTS
};

static const char *const chart_names[N_CHARTS] = { "series", "status", "heatmap", "product-interest" };

struct _CcalAnalyticsPage
{
  AdwBin              parent_instance;

  /* template widgets */
  AdwToastOverlay    *toast_overlay;  /* the bin's child */
  GtkDropDown        *range_dropdown;
  GtkWidget          *custom_box;
  GtkMenuButton      *first_button;
  GtkMenuButton      *last_button;
  GtkCalendar        *first_calendar;
  GtkCalendar        *last_calendar;
  GtkDropDown        *bucket_dropdown;
  GtkSpinner         *spinner;
  GtkLabel           *status_label;
  GtkWidget          *kpi_box;
  GtkWidget          *series_card;
  GtkWidget          *status_card;
  GtkWidget          *heatmap_card;
  GtkWidget          *interest_card;

  /* made here, owned by the template's boxes */
  GtkLabel           *kpi_values[N_KPIS];
  GtkWidget          *charts[N_CHARTS];

  /* owned */
  CcalAccount        *account;
  GCancellable       *cancellable;    /* the request running, if any */
  char               *tzid;
  CcalAnalyticsRange  range;
  GDate               first_day;      /* the custom range, both days included */
  GDate               last_day;
  CcalBucket          bucket;
  CcalAnalytics      *analytics;      /* shown */
  gint64              fetched_at;     /* when the shown figures came from the server, µs */
  gboolean            offline;
  gboolean            busy;
  char               *status_text;
  gboolean            updating_controls;
};

enum
{
  PROP_0,
  PROP_ACCOUNT,
  PROP_TIMEZONE,
  PROP_BUSY,
  PROP_OFFLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CcalAnalyticsPage, ccal_analytics_page, ADW_TYPE_BIN)

static CcalBucket
default_bucket (CcalAnalyticsRange range)
{
  return range == CCAL_ANALYTICS_RANGE_LAST_90_DAYS ? CCAL_BUCKET_WEEK : CCAL_BUCKET_DAY;
}

static gboolean
range_from_string (const char         *text,
                   CcalAnalyticsRange *out_range)
{
  for (guint i = 0; i < G_N_ELEMENTS (range_names); i++)
    if (g_strcmp0 (text, range_names[i]) == 0)
      {
        *out_range = (CcalAnalyticsRange) i;
        return TRUE;
      }
  return FALSE;
}

/* [from, to) of the chosen range, local midnights in the page's zone. */
static gboolean
compute_range (CcalAnalyticsPage  *self,
               gint64             *out_from,
               gint64             *out_to,
               GError            **error)
{
  GDate first, after_last;
  gint64 unused;

  if (!ccal_time_to_date (g_get_real_time (), self->tzid, &first, error))
    return FALSE;
  after_last = first;

  switch (self->range)
    {
    case CCAL_ANALYTICS_RANGE_THIS_WEEK:
      g_date_subtract_days (&first, g_date_get_weekday (&first) - G_DATE_MONDAY);
      after_last = first;
      g_date_add_days (&after_last, 7);
      break;
    case CCAL_ANALYTICS_RANGE_THIS_MONTH:
      g_date_set_day (&first, 1);
      after_last = first;
      g_date_add_months (&after_last, 1);
      break;
    case CCAL_ANALYTICS_RANGE_LAST_90_DAYS:
      g_date_subtract_days (&first, 89);
      g_date_add_days (&after_last, 1);
      break;
    case CCAL_ANALYTICS_RANGE_CUSTOM:
      if (!g_date_valid (&self->first_day) || !g_date_valid (&self->last_day))
        {
          g_set_error_literal (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID, _("Choose the first and last day."));
          return FALSE;
        }
      if (g_date_compare (&self->last_day, &self->first_day) < 0)
        {
          g_set_error_literal (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID,
                               _("The last day is before the first day."));
          return FALSE;
        }
      first = self->first_day;
      after_last = self->last_day;
      g_date_add_days (&after_last, 1);
      break;
    default:
      g_assert_not_reached ();
    }

  return ccal_time_day_bounds (&first, self->tzid, out_from, &unused, error) &&
         ccal_time_day_bounds (&after_last, self->tzid, out_to, &unused, error);
}

/* ── showing ────────────────────────────────────────────────────────────────────────────────── */

static char *
format_time_of_day (gint64 usec)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  gboolean use_24h = g_settings_get_boolean (settings, "use-24h");
  gboolean today = g_date_time_get_year (time) == g_date_time_get_year (now) &&
                   g_date_time_get_day_of_year (time) == g_date_time_get_day_of_year (now);

  /* Translators: when figures were fetched, today ("14:02") or another day ("3 Mar 14:02"). */
  if (use_24h)
    return g_date_time_format (time, today ? _("%H:%M") : _("%-d %b %H:%M"));
  /* Translators: the same with the 12-hour clock ("2:02 PM", "3 Mar 2:02 PM"). */
  return g_date_time_format (time, today ? _("%-l:%M %p") : _("%-d %b %-l:%M %p"));
}

/* "2 Mar – 8 Mar 2026": the shown figures' days, the last one included. */
static char *
format_shown_range (const CcalAnalytics *analytics)
{
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (analytics->timezone);
  g_autoptr(GDateTime) from_utc = g_date_time_new_from_unix_utc (analytics->from / G_USEC_PER_SEC);
  g_autoptr(GDateTime) last_utc = g_date_time_new_from_unix_utc ((analytics->to - 1) / G_USEC_PER_SEC);
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *last_text = NULL;

  if (zone == NULL)
    zone = g_time_zone_new_utc ();
  from = g_date_time_to_timezone (from_utc, zone);
  last = g_date_time_to_timezone (last_utc, zone);
  /* Translators: the two ends of the figures' range (strftime formats). */
  from_text = g_date_time_format (from, _("%-d %b"));
  last_text = g_date_time_format (last, _("%-d %b %Y"));
  /* Translators: "2 Mar – 8 Mar 2026". */
  return g_strdup_printf (_("%s – %s"), from_text, last_text);
}

static void
set_status (CcalAnalyticsPage *self,
            const char        *text,
            gboolean           is_problem)
{
  g_free (self->status_text);
  self->status_text = g_strdup (text);
  gtk_label_set_label (self->status_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), text != NULL && text[0] != '\0');
  if (is_problem)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "offline-notice");
      /* GTK 4.8 has no announcements: the description at least carries it to a screen reader. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->status_label), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                      -1);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "offline-notice");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
}

static char *
format_rate (double rate)
{
  /* Translators: a rate on a KPI tile, "12.5%". */
  return g_strdup_printf (_("%.1f%%"), rate * 100.0);
}

static char *
format_lead_time (double hours)
{
  if (hours < 48.0)
    /* Translators: the average lead time on a KPI tile, in hours. */
    return g_strdup_printf (_("%.1f h"), hours);
  /* Translators: the average lead time on a KPI tile, in days. */
  return g_strdup_printf (_("%.1f days"), hours / 24.0);
}

static void
show_analytics (CcalAnalyticsPage *self)
{
  const CcalAnalytics *analytics = self->analytics;
  g_autofree char *values[N_KPIS] = { NULL };

  if (analytics != NULL)
    {
      values[0] = g_strdup_printf ("%u", analytics->total);
      values[1] = g_strdup_printf ("%u", analytics->by_status[CCAL_BOOKING_STATUS_CONFIRMED]);
      /* A rate without a denominator is no rate at all, not 0 %. */
      if (analytics->total > 0)
        values[2] = format_rate (analytics->cancellation_rate);
      if (analytics->by_status[CCAL_BOOKING_STATUS_COMPLETED] + analytics->by_status[CCAL_BOOKING_STATUS_NO_SHOW] > 0)
        values[3] = format_rate (analytics->no_show_rate);
      values[4] = analytics->total > 0 ? format_lead_time (analytics->avg_lead_time_hours) : g_strdup ("–");
    }
  for (guint i = 0; i < N_KPIS; i++)
    gtk_label_set_label (self->kpi_values[i], values[i] != NULL ? values[i] : "–");
  for (guint i = 0; i < N_KPIS; i++)
    g_clear_pointer (&values[i], g_free);

  ccal_series_chart_set_analytics (CCAL_SERIES_CHART (self->charts[CHART_SERIES]), analytics);
  ccal_donut_chart_set_analytics (CCAL_DONUT_CHART (self->charts[CHART_STATUS]), analytics);
  ccal_heatmap_chart_set_analytics (CCAL_HEATMAP_CHART (self->charts[CHART_HEATMAP]), analytics);
  ccal_bar_list_chart_set_analytics (CCAL_BAR_LIST_CHART (self->charts[CHART_INTEREST]), analytics);
}

/* The controls follow the page's state without fetching again. */
static void
update_controls (CcalAnalyticsPage *self)
{
  self->updating_controls = TRUE;
  gtk_drop_down_set_selected (self->range_dropdown, self->range);
  gtk_drop_down_set_selected (self->bucket_dropdown, self->bucket);
  gtk_widget_set_visible (self->custom_box, self->range == CCAL_ANALYTICS_RANGE_CUSTOM);
  if (g_date_valid (&self->first_day) && g_date_valid (&self->last_day))
    {
      GDate *days[2] = { &self->first_day, &self->last_day };
      GtkMenuButton *buttons[2] = { self->first_button, self->last_button };
      GtkCalendar *calendars[2] = { self->first_calendar, self->last_calendar };

      for (guint i = 0; i < 2; i++)
        {
          g_autoptr(GDateTime) day = g_date_time_new_local (g_date_get_year (days[i]), g_date_get_month (days[i]),
                                                            g_date_get_day (days[i]), 12, 0, 0);
          /* Translators: a custom range's end on its button (strftime format). */
          g_autofree char *label = g_date_time_format (day, _("%-d %b %Y"));

          gtk_menu_button_set_label (buttons[i], label);
          gtk_calendar_select_day (calendars[i], day);
        }
    }
  self->updating_controls = FALSE;
}

static void
set_busy (CcalAnalyticsPage *self,
          gboolean           busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
set_offline (CcalAnalyticsPage *self,
             gboolean           offline)
{
  if (self->offline == offline)
    return;
  self->offline = offline;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

/* ── the cached copy ────────────────────────────────────────────────────────────────────────── */

static void
save_to_cache (CcalAnalyticsPage *self)
{
  g_autoptr(JsonObject) envelope = json_object_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *fetched_at = ccal_time_format_rfc3339 (self->fetched_at);
  g_autofree char *from = ccal_time_format_rfc3339 (self->analytics->from);
  g_autofree char *to = ccal_time_format_rfc3339 (self->analytics->to);
  JsonObject *request = json_object_new ();

  json_object_set_string_member (request, "range", range_names[self->range]);
  json_object_set_string_member (request, "from", from);
  json_object_set_string_member (request, "to", to);
  json_object_set_string_member (request, "bucket", ccal_bucket_to_string (self->bucket));
  json_object_set_string_member (request, "timezone", self->tzid);
  json_object_set_object_member (envelope, "request", request);
  json_object_set_string_member (envelope, "fetched_at", fetched_at);
  json_object_set_object_member (envelope, "analytics", ccal_analytics_to_json (self->analytics));

  root = json_node_init_object (json_node_alloc (), envelope);
  text = json_to_string (root, FALSE);
  /* Losing the offline copy costs only the offline view of the figures: say so in the log only. */
  if (!ccal_cache_set_meta (ccal_account_get_cache (self->account), CCAL_CACHE_META_ANALYTICS, text, &error))
    g_debug ("Could not keep the figures for offline use: %s", error->message);
}

/* Shows the cached figures, if any, and restores the range they were asked for. */
static void
load_from_cache (CcalAnalyticsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = ccal_cache_get_meta (ccal_account_get_cache (self->account), CCAL_CACHE_META_ANALYTICS,
                                               &error);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CcalAnalytics) analytics = NULL;
  JsonObject *envelope, *request, *figures;
  JsonNode *root;
  gint64 fetched_at = 0;
  CcalAnalyticsRange range;
  CcalBucket bucket;

  if (text == NULL)
    return;
  if (!json_parser_load_from_data (parser, text, -1, &error) || (root = json_parser_get_root (parser)) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_debug ("The cached figures are not readable; they are ignored");
      return;
    }
  envelope = json_node_get_object (root);
  figures = json_object_get_object_member (envelope, "analytics");
  if (figures == NULL || (analytics = ccal_analytics_new_from_json (figures, &error)) == NULL)
    {
      g_debug ("The cached figures are not readable; they are ignored: %s", error != NULL ? error->message : "");
      return;
    }
  if (json_object_has_member (envelope, "fetched_at"))
    ccal_time_parse_rfc3339 (json_object_get_string_member (envelope, "fetched_at"), "fetched_at", &fetched_at, NULL);

  request = json_object_get_object_member (envelope, "request");
  if (request != NULL && range_from_string (json_object_get_string_member (request, "range"), &range))
    self->range = range;
  self->bucket = ccal_bucket_from_string (json_object_get_string_member (request != NULL ? request : envelope, "bucket"),
                                          &bucket) ? bucket : analytics->bucket;
  if (self->range == CCAL_ANALYTICS_RANGE_CUSTOM)
    {
      if (!ccal_time_to_date (analytics->from, analytics->timezone, &self->first_day, NULL) ||
          !ccal_time_to_date (analytics->to - 1, analytics->timezone, &self->last_day, NULL))
        self->range = CCAL_ANALYTICS_RANGE_THIS_WEEK;
    }

  g_clear_pointer (&self->analytics, ccal_analytics_free);
  self->analytics = g_steal_pointer (&analytics);
  self->fetched_at = fetched_at;
  update_controls (self);
  show_analytics (self);
  {
    g_autofree char *range_text = format_shown_range (self->analytics);
    g_autofree char *when = format_time_of_day (self->fetched_at);
    /* Translators: the cached figures shown while asking the server for new ones. */
    g_autofree char *status = g_strdup_printf (_("%s · figures from %s"), range_text, when);

    set_status (self, status, FALSE);
  }
}

/* ── fetching ───────────────────────────────────────────────────────────────────────────────── */

static gboolean
is_offline_error (const GError *error)
{
  return g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_NETWORK) ||
         g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_TIMEOUT) ||
         g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_UNAVAILABLE);
}

static char *
describe_error (const GError *error)
{
  if (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_FORBIDDEN))
    return g_strdup (_("Only an admin can see the figures of this workspace."));
  if (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_UNAUTHORIZED))
    return g_strdup (_("The server did not accept the sign-in key. Sign in again to see the figures."));
  if (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_INVALID_REQUEST))
    /* Translators: the server refused the range; %s is its reason. */
    return g_strdup_printf (_("The server refused this range: %s"), error->message);
  /* Translators: %s says why. */
  return g_strdup_printf (_("The figures could not be loaded: %s"), error->message);
}

static void
on_analytics_fetched_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalAnalytics) analytics = NULL;
  CcalAnalyticsPage *self;

  analytics = ccal_api_client_get_analytics_finish (CCAL_API_CLIENT (source), result, &error);
  /* Cancelled: the page may be gone, or another request replaced this one. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self = CCAL_ANALYTICS_PAGE (user_data);
  g_clear_object (&self->cancellable);
  set_busy (self, FALSE);

  if (analytics == NULL)
    {
      g_autofree char *status = NULL;

      if (is_offline_error (error))
        {
          if (self->analytics != NULL)
            {
              g_autofree char *range_text = format_shown_range (self->analytics);
              g_autofree char *when = format_time_of_day (self->fetched_at);

              /* Translators: "You are offline · figures from 14:02 for 2 Mar – 8 Mar 2026". */
              status = g_strdup_printf (_("You are offline · figures from %s for %s"), when, range_text);
            }
          else
            status = g_strdup (_("Offline: the server cannot be reached, and no figures were saved for offline use."));
          set_offline (self, TRUE);
        }
      else
        status = describe_error (error);
      set_status (self, status, TRUE);
      return;
    }

  g_clear_pointer (&self->analytics, ccal_analytics_free);
  self->analytics = g_steal_pointer (&analytics);
  self->fetched_at = g_get_real_time ();
  set_offline (self, FALSE);
  save_to_cache (self);
  show_analytics (self);
  {
    g_autofree char *range_text = format_shown_range (self->analytics);
    g_autofree char *when = format_time_of_day (self->fetched_at);
    /* Translators: "2 Mar – 8 Mar 2026 · updated 14:02". */
    g_autofree char *status = g_strdup_printf (_("%s · updated %s"), range_text, when);

    set_status (self, status, FALSE);
  }
}

void
ccal_analytics_page_refresh (CcalAnalyticsPage *self)
{
  g_autoptr(GError) error = NULL;
  gint64 from, to;

  g_return_if_fail (CCAL_IS_ANALYTICS_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (!compute_range (self, &from, &to, &error))
    {
      set_busy (self, FALSE);
      set_status (self, error->message, TRUE);
      return;
    }

  self->cancellable = g_cancellable_new ();
  set_busy (self, TRUE);
  ccal_api_client_get_analytics_async (ccal_account_get_api_client (self->account), NULL, from, to, self->bucket,
                                       self->tzid, self->cancellable, on_analytics_fetched_cb, self);
}

/* ── export ─────────────────────────────────────────────────────────────────────────────────── */

gboolean
ccal_analytics_page_write_png (GtkWidget  *chart,
                               GFile      *file,
                               GError    **error)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GBytes) png = NULL;
  GtkSnapshot *snapshot;
  GtkNative *native;
  CcalChartPalette palette;
  int width, height;

  g_return_val_if_fail (GTK_IS_WIDGET (chart), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  width = gtk_widget_get_width (chart);
  height = gtk_widget_get_height (chart);
  native = gtk_widget_get_native (chart);
  if (width <= 0 || height <= 0 || native == NULL || !gtk_widget_get_mapped (chart))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The chart is not on screen, so it cannot be saved."));
      return FALSE;
    }

  /* On an opaque background of the chart's style: a transparent PNG shows black text on black in
   * many viewers. */
  ccal_chart_palette_load (&palette, chart);
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_color (snapshot, &palette.surface, &GRAPHENE_RECT_INIT (0, 0, width, height));
  paintable = gtk_widget_paintable_new (chart);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (native), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  png = gdk_texture_save_to_png_bytes (texture);

  return g_file_replace_contents (file, g_bytes_get_data (png, NULL), g_bytes_get_size (png), NULL, FALSE,
                                  G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, error);
}

static void
append_row (GString    *out,
            GPtrArray  *fields)
{
  ccal_csv_append_row (out, (const char *const *) fields->pdata, fields->len);
  g_ptr_array_set_size (fields, 0);
}

static char *
format_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  /* A dot whatever the locale, so spreadsheets and scripts read the same figure. */
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.4f", value));
}

static char *
format_local_day (gint64      usec,
                  const char *tzid)
{
  GDate date;

  if (!ccal_time_to_date (usec, tzid, &date, NULL))
    return ccal_time_format_rfc3339 (usec);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
}

static int
compare_interests (gconstpointer a,
                   gconstpointer b)
{
  return g_utf8_collate (*(const char *const *) a, *(const char *const *) b);
}

gboolean
ccal_analytics_page_write_csv (const CcalAnalytics  *analytics,
                               GFile                *file,
                               GError              **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autofree const char **interests = NULL;
  guint n_interests = 0;
  const struct
  {
    const char *name;
    char       *value;
  } totals[] = {
    { N_("From"), ccal_time_format_rfc3339 (analytics->from) },
    { N_("To"), ccal_time_format_rfc3339 (analytics->to) },
    { N_("Time zone"), g_strdup (analytics->timezone) },
    { N_("Bucket"), g_strdup (ccal_bucket_to_string (analytics->bucket)) },
    { N_("Total"), g_strdup_printf ("%u", analytics->total) },
    { N_("Pending"), g_strdup_printf ("%u", analytics->by_status[CCAL_BOOKING_STATUS_PENDING]) },
    { N_("Confirmed"), g_strdup_printf ("%u", analytics->by_status[CCAL_BOOKING_STATUS_CONFIRMED]) },
    { N_("Cancelled"), g_strdup_printf ("%u", analytics->by_status[CCAL_BOOKING_STATUS_CANCELLED]) },
    { N_("Completed"), g_strdup_printf ("%u", analytics->by_status[CCAL_BOOKING_STATUS_COMPLETED]) },
    { N_("No-show"), g_strdup_printf ("%u", analytics->by_status[CCAL_BOOKING_STATUS_NO_SHOW]) },
    { N_("Cancellation rate"), format_number (analytics->cancellation_rate) },
    { N_("No-show rate"), format_number (analytics->no_show_rate) },
    { N_("Average lead time (hours)"), format_number (analytics->avg_lead_time_hours) },
  };

  g_return_val_if_fail (analytics != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  /* The totals: figure, value. */
  g_ptr_array_add (fields, g_strdup (_("Figure")));
  g_ptr_array_add (fields, g_strdup (_("Value")));
  append_row (out, fields);
  for (guint i = 0; i < G_N_ELEMENTS (totals); i++)
    {
      g_ptr_array_add (fields, g_strdup (_(totals[i].name)));
      g_ptr_array_add (fields, totals[i].value);
      append_row (out, fields);
    }
  g_string_append (out, "\r\n");

  /* The buckets: start day, total, then each status. */
  g_ptr_array_add (fields, g_strdup (_("Period start")));
  g_ptr_array_add (fields, g_strdup (_("Bookings")));
  for (guint s = 0; s < CCAL_N_BOOKING_STATUSES; s++)
    g_ptr_array_add (fields, g_strdup (ccal_chart_status_label (s)));
  append_row (out, fields);
  for (guint i = 0; analytics->series != NULL && i < analytics->series->len; i++)
    {
      const CcalAnalyticsBucket *item = &g_array_index (analytics->series, CcalAnalyticsBucket, i);

      g_ptr_array_add (fields, format_local_day (item->start, analytics->timezone));
      g_ptr_array_add (fields, g_strdup_printf ("%u", item->count));
      for (guint s = 0; s < CCAL_N_BOOKING_STATUSES; s++)
        g_ptr_array_add (fields, g_strdup_printf ("%u", item->by_status[s]));
      append_row (out, fields);
    }
  g_string_append (out, "\r\n");

  /* Weekday × hour. */
  g_ptr_array_add (fields, g_strdup (_("Weekday")));
  for (guint hour = 0; hour < 24; hour++)
    g_ptr_array_add (fields, g_strdup_printf ("%02u:00", hour));
  append_row (out, fields);
  for (guint day = 0; day < 7; day++)
    {
      g_ptr_array_add (fields, g_strdup (ccal_chart_weekday_name (day, TRUE)));
      for (guint hour = 0; hour < 24; hour++)
        g_ptr_array_add (fields, g_strdup_printf ("%u", analytics->by_weekday_hour[day][hour]));
      append_row (out, fields);
    }
  g_string_append (out, "\r\n");

  /* Product interests, by name; the unset one as the chart names it. */
  g_ptr_array_add (fields, g_strdup (_("Product interest")));
  g_ptr_array_add (fields, g_strdup (_("Bookings")));
  append_row (out, fields);
  if (analytics->by_product_interest != NULL)
    interests = (const char **) g_hash_table_get_keys_as_array (analytics->by_product_interest, &n_interests);
  if (interests != NULL)
    qsort (interests, n_interests, sizeof (char *), compare_interests);
  for (guint i = 0; i < n_interests; i++)
    {
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (analytics->by_product_interest, interests[i]));

      g_ptr_array_add (fields, g_strdup (interests[i][0] != '\0' ? interests[i] : _("No product interest")));
      g_ptr_array_add (fields, g_strdup_printf ("%u", count));
      append_row (out, fields);
    }

  return g_file_replace_contents (file, out->str, out->len, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                  NULL, error);
}

static void
toast (CcalAnalyticsPage *self,
       const char        *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

typedef struct
{
  CcalAnalyticsPage *page;
  int                chart;   /* or -1 for the CSV */
} SaveRequest;

static void
on_save_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  g_autofree SaveRequest *request = user_data;
  CcalAnalyticsPage *self = request->page;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gboolean saved;

  if (response != GTK_RESPONSE_ACCEPT || (file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog))) == NULL)
    goto out;

  if (request->chart >= 0)
    saved = ccal_analytics_page_write_png (self->charts[request->chart], file, &error);
  else if (self->analytics != NULL)
    saved = ccal_analytics_page_write_csv (self->analytics, file, &error);
  else
    {
      g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There are no figures to export yet."));
      saved = FALSE;
    }

  name = g_file_get_basename (file);
  if (saved)
    {
      /* Translators: %s is a file name. */
      g_autofree char *text = g_strdup_printf (_("Saved “%s”"), name);

      toast (self, text);
    }
  else
    {
      /* Translators: the first %s is a file name, the second why. */
      g_autofree char *text = g_strdup_printf (_("Could not save “%s”: %s"), name, error->message);

      set_status (self, text, TRUE);
    }

out:
  g_object_unref (self);
  g_object_unref (dialog);
}

static void
ask_where_to_save (CcalAnalyticsPage *self,
                   int                chart,
                   const char        *title,
                   const char        *suggested_name)
{
  GtkNative *native = gtk_widget_get_native (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;
  SaveRequest *request = g_new0 (SaveRequest, 1);

  dialog = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (native) ? GTK_WINDOW (native) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested_name);
  request->page = g_object_ref (self);
  request->chart = chart;
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_response_cb), request);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CcalAnalyticsPage *self = CCAL_ANALYTICS_PAGE (widget);

  if (self->analytics == NULL)
    {
      set_status (self, _("There are no figures to export yet."), TRUE);
      return;
    }
  ask_where_to_save (self, -1, _("Export Figures as CSV"), _("booking-figures.csv"));
}

static void
save_png_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CcalAnalyticsPage *self = CCAL_ANALYTICS_PAGE (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  g_autofree char *file_name = NULL;

  for (int i = 0; i < N_CHARTS; i++)
    if (g_str_equal (name, chart_names[i]))
      {
        file_name = g_strconcat (name, ".png", NULL);
        ask_where_to_save (self, i, _("Save Chart as PNG"), file_name);
        return;
      }
  g_warning ("No chart called “%s”", name);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ccal_analytics_page_refresh (CCAL_ANALYTICS_PAGE (widget));
}

/* ── controls ───────────────────────────────────────────────────────────────────────────────── */

static void
on_range_selected_cb (GtkDropDown       *dropdown,
                      GParamSpec        *pspec,
                      CcalAnalyticsPage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating_controls || selected >= G_N_ELEMENTS (range_names))
    return;
  ccal_analytics_page_set_range (self, (CcalAnalyticsRange) selected);
}

static void
on_bucket_selected_cb (GtkDropDown       *dropdown,
                       GParamSpec        *pspec,
                       CcalAnalyticsPage *self)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self->updating_controls || selected > CCAL_BUCKET_MONTH)
    return;
  ccal_analytics_page_set_bucket (self, (CcalBucket) selected);
}

static void
on_first_calendar_day_selected_cb (GtkCalendar       *calendar,
                                   CcalAnalyticsPage *self)
{
  GDate first;

  if (self->updating_controls)
    return;
  ccal_calendar_get_gdate (calendar, &first);
  gtk_menu_button_popdown (self->first_button);
  ccal_analytics_page_set_custom_days (self, &first, &self->last_day);
}

static void
on_last_calendar_day_selected_cb (GtkCalendar       *calendar,
                                  CcalAnalyticsPage *self)
{
  GDate last;

  if (self->updating_controls)
    return;
  ccal_calendar_get_gdate (calendar, &last);
  gtk_menu_button_popdown (self->last_button);
  ccal_analytics_page_set_custom_days (self, &self->first_day, &last);
}

/* ── public ─────────────────────────────────────────────────────────────────────────────────── */

GtkWidget *
ccal_analytics_page_new (CcalAccount *account)
{
  g_return_val_if_fail (CCAL_IS_ACCOUNT (account), NULL);

  return g_object_new (CCAL_TYPE_ANALYTICS_PAGE, "account", account, NULL);
}

const char *
ccal_analytics_page_get_timezone (CcalAnalyticsPage *self)
{
  g_return_val_if_fail (CCAL_IS_ANALYTICS_PAGE (self), NULL);

  return self->tzid;
}

void
ccal_analytics_page_set_timezone (CcalAnalyticsPage *self,
                                  const char        *tzid)
{
  g_return_if_fail (CCAL_IS_ANALYTICS_PAGE (self));

  if (tzid == NULL || !ccal_time_zone_is_known (tzid) || g_strcmp0 (tzid, self->tzid) == 0)
    return;
  g_free (self->tzid);
  self->tzid = g_strdup (tzid);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEZONE]);
  if (self->account != NULL)
    ccal_analytics_page_refresh (self);
}

CcalAnalyticsRange
ccal_analytics_page_get_range (CcalAnalyticsPage *self)
{
  g_return_val_if_fail (CCAL_IS_ANALYTICS_PAGE (self), CCAL_ANALYTICS_RANGE_THIS_WEEK);

  return self->range;
}

void
ccal_analytics_page_set_range (CcalAnalyticsPage  *self,
                               CcalAnalyticsRange  range)
{
  g_return_if_fail (CCAL_IS_ANALYTICS_PAGE (self));
  g_return_if_fail ((guint) range < G_N_ELEMENTS (range_names));

  self->range = range;
  self->bucket = default_bucket (range);
  /* Custom starts from the days shown, so the person changes one end rather than both. */
  if (range == CCAL_ANALYTICS_RANGE_CUSTOM && !g_date_valid (&self->first_day) && self->analytics != NULL)
    {
      ccal_time_to_date (self->analytics->from, self->analytics->timezone, &self->first_day, NULL);
      ccal_time_to_date (self->analytics->to - 1, self->analytics->timezone, &self->last_day, NULL);
    }
  if (range == CCAL_ANALYTICS_RANGE_CUSTOM && !g_date_valid (&self->first_day))
    {
      ccal_time_to_date (g_get_real_time (), self->tzid, &self->last_day, NULL);
      self->first_day = self->last_day;
      g_date_subtract_days (&self->first_day, 29);
    }
  update_controls (self);
  ccal_analytics_page_refresh (self);
}

void
ccal_analytics_page_set_custom_days (CcalAnalyticsPage *self,
                                     const GDate       *first,
                                     const GDate       *last)
{
  g_return_if_fail (CCAL_IS_ANALYTICS_PAGE (self));
  g_return_if_fail (first != NULL && last != NULL);

  if (self->range != CCAL_ANALYTICS_RANGE_CUSTOM)
    self->bucket = CCAL_BUCKET_DAY;
  self->range = CCAL_ANALYTICS_RANGE_CUSTOM;
  self->first_day = *first;
  self->last_day = *last;
  update_controls (self);
  ccal_analytics_page_refresh (self);
}

CcalBucket
ccal_analytics_page_get_bucket (CcalAnalyticsPage *self)
{
  g_return_val_if_fail (CCAL_IS_ANALYTICS_PAGE (self), CCAL_BUCKET_DAY);

  return self->bucket;
}

void
ccal_analytics_page_set_bucket (CcalAnalyticsPage *self,
                                CcalBucket         bucket)
{
  g_return_if_fail (CCAL_IS_ANALYTICS_PAGE (self));
  g_return_if_fail (bucket <= CCAL_BUCKET_MONTH);

  if (bucket == self->bucket)
    return;
  self->bucket = bucket;
  update_controls (self);
  ccal_analytics_page_refresh (self);
}

const CcalAnalytics *
ccal_analytics_page_get_analytics (CcalAnalyticsPage *self)
{
  g_return_val_if_fail (CCAL_IS_ANALYTICS_PAGE (self), NULL);

  return self->analytics;
}

gboolean
ccal_analytics_page_get_busy (CcalAnalyticsPage *self)
{
  g_return_val_if_fail (CCAL_IS_ANALYTICS_PAGE (self), FALSE);

  return self->busy;
}

gboolean
ccal_analytics_page_get_offline (CcalAnalyticsPage *self)
{
  g_return_val_if_fail (CCAL_IS_ANALYTICS_PAGE (self), FALSE);

  return self->offline;
}

const char *
ccal_analytics_page_get_status_text (CcalAnalyticsPage *self)
{
  g_return_val_if_fail (CCAL_IS_ANALYTICS_PAGE (self), NULL);

  return self->status_text;
}

const char *
ccal_analytics_page_get_kpi_text (CcalAnalyticsPage *self,
                                  const char        *kpi)
{
  g_return_val_if_fail (CCAL_IS_ANALYTICS_PAGE (self), NULL);

  for (guint i = 0; i < N_KPIS; i++)
    if (g_strcmp0 (kpi, kpi_names[i]) == 0)
      return gtk_label_get_label (self->kpi_values[i]);
  g_return_val_if_reached (NULL);
}

GtkWidget *
ccal_analytics_page_get_chart (CcalAnalyticsPage *self,
                               const char        *name)
{
  g_return_val_if_fail (CCAL_IS_ANALYTICS_PAGE (self), NULL);

  for (guint i = 0; i < N_CHARTS; i++)
    if (g_strcmp0 (name, chart_names[i]) == 0)
      return self->charts[i];
  g_return_val_if_reached (NULL);
}

/* ── building ───────────────────────────────────────────────────────────────────────────────── */

static void
add_kpi_tile (CcalAnalyticsPage *self,
              guint              index,
              const char        *caption)
{
  GtkWidget *tile = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *value = gtk_label_new ("–");
  GtkWidget *label = gtk_label_new (caption);

  gtk_widget_add_css_class (tile, "card");
  gtk_widget_add_css_class (value, "title-2");
  gtk_widget_add_css_class (value, "numeric");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_top (value, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_box_append (GTK_BOX (tile), value);
  gtk_box_append (GTK_BOX (tile), label);
  /* Read as "Total: 42". */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (value), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  gtk_box_append (GTK_BOX (self->kpi_box), tile);
  self->kpi_values[index] = GTK_LABEL (value);
}

static void
fill_card (GtkWidget  *card,
           const char *title,
           GtkWidget  *chart,
           const char *chart_name,
           int         chart_height)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *save = gtk_button_new_from_icon_name ("document-save-symbolic");
  g_autofree char *tooltip = g_strdup_printf (_("Save “%s” as PNG…"), title);

  gtk_widget_add_css_class (label, "heading");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (save, "flat");
  gtk_widget_set_tooltip_text (save, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (save), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (save), "analytics.save-png");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (save), "s", chart_name);
  gtk_widget_set_margin_top (header, 6);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 6);
  gtk_box_append (GTK_BOX (header), label);
  gtk_box_append (GTK_BOX (header), save);

  gtk_widget_set_size_request (chart, -1, chart_height);
  gtk_widget_set_vexpand (chart, TRUE);
  gtk_widget_set_margin_start (chart, 6);
  gtk_widget_set_margin_end (chart, 6);
  gtk_widget_set_margin_bottom (chart, 6);
  gtk_box_append (GTK_BOX (card), header);
  gtk_box_append (GTK_BOX (card), chart);
}

static void
ccal_analytics_page_constructed (GObject *object)
{
  CcalAnalyticsPage *self = CCAL_ANALYTICS_PAGE (object);

  G_OBJECT_CLASS (ccal_analytics_page_parent_class)->constructed (object);

  g_return_if_fail (self->account != NULL);

  update_controls (self);
  load_from_cache (self);
  ccal_analytics_page_refresh (self);
}

static void
ccal_analytics_page_dispose (GObject *object)
{
  CcalAnalyticsPage *self = CCAL_ANALYTICS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), CCAL_TYPE_ANALYTICS_PAGE);

  G_OBJECT_CLASS (ccal_analytics_page_parent_class)->dispose (object);
}

static void
ccal_analytics_page_finalize (GObject *object)
{
  CcalAnalyticsPage *self = CCAL_ANALYTICS_PAGE (object);

  g_clear_object (&self->account);
  g_clear_pointer (&self->tzid, g_free);
  g_clear_pointer (&self->analytics, ccal_analytics_free);
  g_clear_pointer (&self->status_text, g_free);

  G_OBJECT_CLASS (ccal_analytics_page_parent_class)->finalize (object);
}

static void
ccal_analytics_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CcalAnalyticsPage *self = CCAL_ANALYTICS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_TIMEZONE:
      g_value_set_string (value, self->tzid);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_analytics_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CcalAnalyticsPage *self = CCAL_ANALYTICS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ACCOUNT:
      self->account = g_value_dup_object (value);
      break;
    case PROP_TIMEZONE:
      ccal_analytics_page_set_timezone (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_analytics_page_class_init (CcalAnalyticsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ccal_analytics_page_constructed;
  object_class->dispose = ccal_analytics_page_dispose;
  object_class->finalize = ccal_analytics_page_finalize;
  object_class->get_property = ccal_analytics_page_get_property;
  object_class->set_property = ccal_analytics_page_set_property;

  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, CCAL_TYPE_ACCOUNT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEZONE] =
    g_param_spec_string ("timezone", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/customerconnects/Calendar/ccal-analytics-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CcalAnalyticsPage, range_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CcalAnalyticsPage, custom_box);
  gtk_widget_class_bind_template_child (widget_class, CcalAnalyticsPage, first_button);
  gtk_widget_class_bind_template_child (widget_class, CcalAnalyticsPage, last_button);
  gtk_widget_class_bind_template_child (widget_class, CcalAnalyticsPage, first_calendar);
  gtk_widget_class_bind_template_child (widget_class, CcalAnalyticsPage, last_calendar);
  gtk_widget_class_bind_template_child (widget_class, CcalAnalyticsPage, bucket_dropdown);
  gtk_widget_class_bind_template_child (widget_class, CcalAnalyticsPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CcalAnalyticsPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, CcalAnalyticsPage, kpi_box);
  gtk_widget_class_bind_template_child (widget_class, CcalAnalyticsPage, series_card);
  gtk_widget_class_bind_template_child (widget_class, CcalAnalyticsPage, status_card);
  gtk_widget_class_bind_template_child (widget_class, CcalAnalyticsPage, heatmap_card);
  gtk_widget_class_bind_template_child (widget_class, CcalAnalyticsPage, interest_card);
  gtk_widget_class_bind_template_callback (widget_class, on_first_calendar_day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_last_calendar_day_selected_cb);

  gtk_widget_class_install_action (widget_class, "analytics.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "analytics.export-csv", NULL, export_csv_action);
  gtk_widget_class_install_action (widget_class, "analytics.save-png", "s", save_png_action);

  gtk_widget_class_set_css_name (widget_class, "analyticspage");
}

static void
ccal_analytics_page_init (CcalAnalyticsPage *self)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The bin's own child: not a bound template child, which dispose_template would take from the bin. */
  self->toast_overlay = ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self)));

  /* The system's zone when it has an IANA name, else UTC (as the window does). */
  self->tzid = g_strdup (g_time_zone_get_identifier (local));
  if (!ccal_time_zone_is_known (self->tzid))
    {
      g_free (self->tzid);
      self->tzid = g_strdup ("UTC");
    }
  self->range = CCAL_ANALYTICS_RANGE_THIS_WEEK;
  self->bucket = default_bucket (self->range);
  g_date_clear (&self->first_day, 1);
  g_date_clear (&self->last_day, 1);

  add_kpi_tile (self, 0, _("Bookings"));
  add_kpi_tile (self, 1, _("Confirmed"));
  add_kpi_tile (self, 2, _("Cancellation rate"));
  add_kpi_tile (self, 3, _("No-show rate"));
  add_kpi_tile (self, 4, _("Average lead time"));

  self->charts[CHART_SERIES] = ccal_series_chart_new ();
  self->charts[CHART_STATUS] = ccal_donut_chart_new ();
  self->charts[CHART_HEATMAP] = ccal_heatmap_chart_new ();
  self->charts[CHART_INTEREST] = ccal_bar_list_chart_new ();
  fill_card (self->series_card, _("Bookings over time"), self->charts[CHART_SERIES], chart_names[CHART_SERIES], 260);
  fill_card (self->status_card, _("By status"), self->charts[CHART_STATUS], chart_names[CHART_STATUS], 220);
  fill_card (self->heatmap_card, _("By weekday and hour"), self->charts[CHART_HEATMAP], chart_names[CHART_HEATMAP],
             220);
  fill_card (self->interest_card, _("By product interest"), self->charts[CHART_INTEREST],
             chart_names[CHART_INTEREST], 120);

  g_signal_connect (self->range_dropdown, "notify::selected", G_CALLBACK (on_range_selected_cb), self);
  g_signal_connect (self->bucket_dropdown, "notify::selected", G_CALLBACK (on_bucket_selected_cb), self);
  set_status (self, NULL, FALSE);
}
