/* bench-gui.c — figures for the calendar views: start-up, snapshot time of a busy week and month, memory
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (run it under xvfb-run). Prints figures and never passes or fails on time.
 * A snapshot here is a full one: every widget of the view is marked for redraw first, so no render
 * node cached by GTK is reused — what a frame costs when everything shown has changed. Medians over
 * many runs, after warm-up runs. Peak RSS is the process's high-water mark with 10,000 occurrences
 * in the model, after both views have drawn it.
 *
 * Start-up: the app itself (CcalApplication, its command line `--server URL --view week --date
 * today`) in a child process of this one (`bench-gui --startup-child`), on a cache of 10,000 events
 * prepared as the sync engine leaves it (ccal_cache_put_server_objects () into
 * ccal_cache_path_for_server (URL)), with the server stopped: the offline start a desk makes. The
 * time runs from just before the child is spawned (so exec, linking and GTK's start-up count) to
 * the first GdkFrameClock "after-paint" of the main window showing the week with its events, read
 * inside the child on the same monotonic clock. One warm-up run is discarded, then the median of 5.
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "ccal-application.h"
#include "ccal-bookings-page.h"
#include "ccal-cache.h"
#include "ccal-chart-private.h"
#include "ccal-core.h"
#include "ccal-credentials.h"
#include "ccal-occurrence-widget.h"
#include "ccal-window.h"
#include "ccal-month-view-private.h"
#include "ccal-week-view-private.h"

#define ZONE       "Europe/Paris"
#define N_WARMUP   10
#define N_RUNS     200
#define N_STARTUP_RUNS   5
#define N_CACHED_EVENTS  10000
#define STARTUP_KEY      "fc_test_0000000000000000000000000000000000000000000000000000000000000000"

static const char *names[] = {
  "Claire Dubois", "Bo Chen", "Amara Okafor", "Lukas Meyer", "Sofia Rossi", "Hiro Tanaka", "Nadia Haddad",
  "Tomás García", "Elin Berg", "Priya Nair", "Jonas Weber", "Chloé Martin", "Omar Farouk", "Mia Jensen",
};
static const char *products[] = { "Consultation", "Product demo", "Onboarding", "Renewal review", "Quote follow-up" };

static int
compare_doubles (const void *a,
                 const void *b)
{
  double da = *(const double *) a;
  double db = *(const double *) b;

  return da < db ? -1 : da > db;
}

static gint64
paris (const GDate *date,
       int          minute_of_day)
{
  CcalWallClock wall = { g_date_get_year (date), g_date_get_month (date), g_date_get_day (date),
                         minute_of_day / 60, minute_of_day % 60, 0 };
  gint64 usec = 0;

  if (!ccal_time_from_wall_clock (&wall, ZONE, &usec, NULL))
    g_error ("no time in %s", ZONE);
  return usec;
}

/* @n occurrences over @n_days days from @first: bookings in every status and events of every kind,
 * on working hours, 15 to 90 minutes, overlapping as a busy team calendar does. */
static GListStore *
make_model (const GDate *first,
            guint        n_days,
            guint        n)
{
  GListStore *store = g_list_store_new (CCAL_TYPE_OCCURRENCE);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  GRand *rand = g_rand_new_with_seed (42);

  for (guint i = 0; i < n; i++)
    {
      GDate day = *first;
      int start_minute, length;
      gint64 start;

      g_date_add_days (&day, g_rand_int_range (rand, 0, (gint32) n_days));
      start_minute = 7 * 60 + 15 * g_rand_int_range (rand, 0, 44);
      length = 15 * g_rand_int_range (rand, 1, 7);
      start = paris (&day, start_minute);

      if (i % 3 == 0)
        {
          g_autoptr(CcalEvent) event = ccal_event_new ();

          event->id = g_strdup_printf ("event-%u", i);
          event->title = g_strdup (i % 2 ? "Team meeting" : "Supplier call");
          event->type = i % 9 == 0 ? CCAL_EVENT_TYPE_BLOCKED : i % 15 == 0 ? CCAL_EVENT_TYPE_AVAILABILITY
                                                                             : CCAL_EVENT_TYPE_EVENT;
          event->timezone = g_strdup (ZONE);
          event->start_time = start;
          event->end_time = start + length * CCAL_USEC_PER_MINUTE;
          event->is_all_day = i % 97 == 0;
          g_ptr_array_add (items, ccal_occurrence_new_for_event (event, event->start_time, event->end_time));
        }
      else
        {
          g_autoptr(CcalBooking) booking = ccal_booking_new ();

          booking->id = g_strdup_printf ("booking-%u", i);
          booking->contact = ccal_contact_new ();
          booking->contact->name = g_strdup (names[i % G_N_ELEMENTS (names)]);
          booking->product_interest = g_strdup (products[i % G_N_ELEMENTS (products)]);
          booking->status = (CcalBookingStatus) (i % CCAL_N_BOOKING_STATUSES);
          booking->start_time = start;
          booking->end_time = start + length * CCAL_USEC_PER_MINUTE;
          g_ptr_array_add (items, ccal_occurrence_new_for_booking (booking));
        }
    }

  g_list_store_splice (store, 0, 0, items->pdata, items->len);
  g_rand_free (rand);
  return store;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   guint         *n_frames)
{
  (*n_frames)++;
}

static void
wait_frames (GtkWidget *widget,
             guint      n)
{
  GdkFrameClock *clock;
  guint n_frames = 0;
  gulong handler;

  while ((clock = gtk_widget_get_frame_clock (widget)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &n_frames);
  while (n_frames < n)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);
}

static void
invalidate_tree (GtkWidget *widget)
{
  gtk_widget_queue_draw (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    invalidate_tree (child);
}

static guint
count_widgets (GtkWidget *widget)
{
  guint n = 1;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child);
  return n;
}

typedef struct
{
  double median;
  double p90;
} Figures;

/* The snapshot of @view into a render node, every widget redrawn. */
static Figures
time_snapshot (GtkWidget *view)
{
  GtkWidget *parent = gtk_widget_get_parent (view);
  double *runs = g_new (double, N_RUNS);
  Figures figures;

  for (guint i = 0; i < N_WARMUP + N_RUNS; i++)
    {
      GtkSnapshot *snapshot;
      GskRenderNode *node;
      gint64 begin;

      invalidate_tree (view);
      begin = g_get_monotonic_time ();
      snapshot = gtk_snapshot_new ();
      gtk_widget_snapshot_child (parent, view, snapshot);
      node = gtk_snapshot_free_to_node (snapshot);
      if (i >= N_WARMUP)
        runs[i - N_WARMUP] = (g_get_monotonic_time () - begin) / 1000.0;
      g_clear_pointer (&node, gsk_render_node_unref);
    }

  qsort (runs, N_RUNS, sizeof (double), compare_doubles);
  figures.median = runs[N_RUNS / 2];
  figures.p90 = runs[N_RUNS * 9 / 10];
  g_free (runs);
  return figures;
}

/* A model change laid out again: the rebuild (filtering, overlap columns, re-binding the pooled
 * widgets) and the allocation that follows, as the next frame does it. */
typedef void (*FlushFunc) (GtkWidget *view);

static void
flush_week (GtkWidget *view)
{
  ccal_week_grid_flush_layout (ccal_week_view_get_grid (CCAL_WEEK_VIEW (view)));
}

static void
flush_month (GtkWidget *view)
{
  ccal_month_view_flush_layout (CCAL_MONTH_VIEW (view));
}

static double
time_relayout (GtkWidget  *view,
               GListStore *store,
               FlushFunc   flush)
{
  double runs[41];
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (store));
  GtkAllocation allocation;

  gtk_widget_get_allocation (view, &allocation);
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr(GObject) first = g_list_model_get_item (G_LIST_MODEL (store), 0);
      gint64 begin;

      /* One item replaced, as a sync would report it. */
      g_list_store_splice (store, 0, 1, (gpointer *) &first, 1);
      begin = g_get_monotonic_time ();
      flush (view);
      gtk_widget_size_allocate (view, &allocation, -1);
      runs[i] = (g_get_monotonic_time () - begin) / 1000.0;
    }
  g_assert (g_list_model_get_n_items (G_LIST_MODEL (store)) == n_items);

  qsort (runs, G_N_ELEMENTS (runs), sizeof (double), compare_doubles);
  return runs[G_N_ELEMENTS (runs) / 2];
}

static GtkWidget *
new_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  wait_frames (window, 3);
  return window;
}

static long
read_status_kb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, key);
  return line != NULL ? strtol (line + strlen (key), NULL, 10) : -1;
}

static void
load_views_css (void)
{
  g_autoptr(GtkCssProvider) provider = gtk_css_provider_new ();
  g_autofree char *path = g_build_filename (g_getenv ("CCAL_SOURCE_DIR") != NULL ? g_getenv ("CCAL_SOURCE_DIR") : ".",
                                            "src", "gui", "ccal-views.css", NULL);

  /* The views' own style, as the app loads it, when the sources are at hand. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      printf ("(ccal-views.css not found at %s: set CCAL_SOURCE_DIR; figures without the views' CSS)\n", path);
      return;
    }
  gtk_css_provider_load_from_path (provider, path);
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* ── start-up ───────────────────────────────────────────────────────────────────────────────── */

typedef struct
{
  CcalApplication *application;
  gint64           t0;
  gboolean         done;
} StartupRun;

static guint
count_mapped_occurrences (GtkWidget *widget)
{
  guint n = CCAL_IS_OCCURRENCE_WIDGET (widget) && gtk_widget_get_mapped (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_mapped_occurrences (child);
  return n;
}

static gboolean
on_startup_notice_cb (gpointer user_data)
{
  StartupRun *run = user_data;
  const char *notice = ccal_window_get_notice (ccal_application_get_main_window (run->application));

  if (notice == NULL && g_get_monotonic_time () - run->t0 < 10 * G_USEC_PER_SEC)
    return G_SOURCE_CONTINUE;
  printf (", then “%s”\n", notice != NULL ? notice : "no offline notice");
  g_application_quit (G_APPLICATION (run->application));
  return G_SOURCE_REMOVE;
}

/* The first frame that shows the calendar's week with events in it ends the run. */
static void
on_startup_after_paint_cb (GdkFrameClock *clock,
                           StartupRun    *run)
{
  CcalWindow *window = ccal_application_get_main_window (run->application);
  gint64 elapsed = g_get_monotonic_time () - run->t0;
  guint n_shown;

  if (run->done || window == NULL || g_strcmp0 (ccal_window_get_page_name (window), "calendar") != 0 ||
      ccal_window_get_view (window) != CCAL_VIEW_WEEK)
    return;
  n_shown = count_mapped_occurrences (GTK_WIDGET (window));
  if (n_shown == 0)
    return;

  run->done = TRUE;
  printf ("STARTUP_US=%" G_GINT64_FORMAT " %u event blocks shown, renderer %s", elapsed, n_shown,
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  fflush (stdout);
  /* Then the offline notice, to be sure this was the offline start (not part of the figure). */
  g_timeout_add (20, on_startup_notice_cb, run);
}

static void
on_startup_window_realize_cb (GtkWidget  *window,
                              StartupRun *run)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_startup_after_paint_cb), run);
}

static void
on_startup_window_added_cb (GtkApplication *application,
                            GtkWindow      *window,
                            StartupRun     *run)
{
  if (CCAL_IS_WINDOW (window))
    g_signal_connect (window, "realize", G_CALLBACK (on_startup_window_realize_cb), run);
}

static gboolean
on_startup_timeout_cb (gpointer user_data)
{
  StartupRun *run = user_data;

  fprintf (stderr, "bench-gui: the week view was not painted with events within 30 s\n");
  g_application_quit (G_APPLICATION (run->application));
  return G_SOURCE_REMOVE;
}

/* bench-gui --startup-child URL: the app as a desk starts it, timed from $CCAL_BENCH_T0. */
static int
startup_child (const char *url)
{
  g_autoptr (CcalApplication) application = NULL;
  g_autofree char *today = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_local ();
  const char *argv[] = { "customerconnects-calendar", "--server", url, "--view", "week", "--date", NULL, NULL };
  StartupRun run = { 0 };

  run.t0 = g_ascii_strtoll (g_getenv ("CCAL_BENCH_T0"), NULL, 10);
  today = g_date_time_format (now, "%Y-%m-%d");
  argv[6] = today;

  /* The key this desk would find in the keyring, kept in memory here (the lookup asks the session
   * store first), so the figure does not depend on a secret service being at hand. */
  ccal_credentials_keep_for_session (url, CCAL_CREDENTIAL_KIND_API_KEY, STARTUP_KEY);

  application = ccal_application_new ();
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  run.application = application;
  g_signal_connect (application, "window-added", G_CALLBACK (on_startup_window_added_cb), &run);
  g_timeout_add_seconds (30, on_startup_timeout_cb, &run);
  g_application_run (G_APPLICATION (application), G_N_ELEMENTS (argv) - 1, (char **) argv);
  return run.done ? 0 : 1;
}

/* N_CACHED_EVENTS events over the 26 weeks either side of this week, in working hours, as the sync
 * engine stores them, and a last sync an hour ago (for the offline notice). */
static int
prepare_startup_cache (const char *url)
{
  g_autofree char *path = ccal_cache_path_for_server (url);
  g_autofree char *workspace_id = g_uuid_string_random ();
  g_autofree char *admin_id = g_uuid_string_random ();
  g_autofree char *last_synced = NULL;
  g_autoptr (CcalCache) cache = NULL;
  g_autoptr (JsonArray) page = json_array_new ();
  g_autoptr (GError) error = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  GRand *rand = g_rand_new_with_seed (7);
  gint64 today = g_date_time_to_unix (now) / 86400 * 86400 * G_USEC_PER_SEC;

  cache = ccal_cache_open (path, &error);
  if (cache == NULL)
    g_error ("bench-gui: no cache at %s: %s", path, error->message);

  for (guint i = 0; i < N_CACHED_EVENTS; i++)
    {
      g_autoptr (CcalEvent) event = ccal_event_new ();
      gint64 day = today + (gint64) g_rand_int_range (rand, -182, 183) * CCAL_USEC_PER_DAY;

      event->id = g_uuid_string_random ();
      event->workspace_id = g_strdup (workspace_id);
      event->admin_id = g_strdup (admin_id);
      event->created_by = g_strdup (admin_id);
      event->title = g_strdup_printf ("%s %s", i % 2 ? "Meeting with" : "Call with", names[i % G_N_ELEMENTS (names)]);
      event->type = i % 9 == 0 ? CCAL_EVENT_TYPE_BLOCKED : i % 15 == 0 ? CCAL_EVENT_TYPE_AVAILABILITY
                                                                         : CCAL_EVENT_TYPE_EVENT;
      event->timezone = g_strdup ("UTC");
      event->start_time = day + (7 * 60 + 15 * g_rand_int_range (rand, 0, 44)) * CCAL_USEC_PER_MINUTE;
      event->end_time = event->start_time + 15 * g_rand_int_range (rand, 1, 7) * CCAL_USEC_PER_MINUTE;
      event->created_at = event->updated_at = g_get_real_time () - CCAL_USEC_PER_DAY;
      event->version = 1;
      json_array_add_object_element (page, ccal_event_to_json (event));
    }
  g_rand_free (rand);

  if (!ccal_cache_put_server_objects (cache, CCAL_CACHE_COLLECTION_EVENTS, page, "bench-token", &error))
    g_error ("bench-gui: could not fill the cache: %s", error->message);
  last_synced = ccal_time_format_rfc3339 (g_get_real_time () - CCAL_USEC_PER_HOUR);
  if (!ccal_cache_set_meta (cache, CCAL_CACHE_META_LAST_SYNCED_AT, last_synced, &error))
    g_error ("bench-gui: %s", error->message);
  return 0;
}

/* An address nothing listens on: a free loopback port, closed again. */
static char *
stopped_server_url (void)
{
  g_autoptr (GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr (GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr (GSocketAddress) bound = NULL;

  if (socket == NULL || !g_socket_bind (socket, any, FALSE, NULL) ||
      (bound = g_socket_get_local_address (socket, NULL)) == NULL)
    return g_strdup ("http://127.0.0.1:9");
  return g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static void
bench_startup (const char *self_path)
{
  g_autofree char *scratch = NULL;
  g_autofree char *url = NULL;
  g_autofree char *schema_dir = NULL;
  g_autofree char *first_line = NULL;
  g_autoptr (GError) error = NULL;
  double runs[N_STARTUP_RUNS];

  /* The child's cache (and Mesa's shader cache) in a scratch folder: set before anything asks GLib
   * for the user cache folder. */
  scratch = g_dir_make_tmp ("bench-gui-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", scratch, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    {
      g_autofree char *bench_dir = g_path_get_dirname (self_path);

      schema_dir = g_build_filename (bench_dir, "..", "data", NULL);
      g_setenv ("GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
    }

  url = stopped_server_url ();
  {
    /* In a process of its own, so that this one's peak RSS stays the views' figure. */
    g_autoptr (GSubprocess) prepare = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, self_path, "--prepare-cache",
                                                        url, NULL);

    if (prepare == NULL || !g_subprocess_wait_check (prepare, NULL, &error))
      {
        printf ("start-up: could not prepare the cache: %s\n", error->message);
        return;
      }
  }

  for (int i = -1; i < N_STARTUP_RUNS; i++)
    {
      g_autoptr (GSubprocess) child = NULL;
      g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_autofree char *out = NULL;
      g_autofree char *t0 = NULL;
      const char *line;

      t0 = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_monotonic_time ());
      g_subprocess_launcher_setenv (launcher, "CCAL_BENCH_T0", t0, TRUE);
      child = g_subprocess_launcher_spawn (launcher, &error, self_path, "--startup-child", url, NULL);
      g_assert_no_error (error);
      if (!g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error) ||
          !g_subprocess_get_if_exited (child) || g_subprocess_get_exit_status (child) != 0 ||
          (line = strstr (out, "STARTUP_US=")) == NULL)
        {
          printf ("start-up: the app did not show the week (%s)\n", error != NULL ? error->message : "see above");
          return;
        }
      if (i < 0)
        {
          first_line = g_strndup (line, strcspn (line, "\n"));
          continue;
        }
      runs[i] = g_ascii_strtoll (line + strlen ("STARTUP_US="), NULL, 10) / 1000.0;
    }

  qsort (runs, N_STARTUP_RUNS, sizeof (double), compare_doubles);
  printf ("start-up to first painted week (10,000 cached events, offline): %.0f ms median of %d (target ≤ 300 ms)\n",
          runs[N_STARTUP_RUNS / 2], N_STARTUP_RUNS);
  printf ("  runs %.0f–%.0f ms, after one discarded warm-up; from spawning the app to its first frame with events\n"
          "  (warm-up: %s)\n", runs[0], runs[N_STARTUP_RUNS - 1], strchr (first_line, ' ') + 1);
  {
    g_autofree char *cache_dir = g_build_filename (scratch, NULL);
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", cache_dir);

    /* Our own scratch folder only. */
    if (system (command) != 0)
      printf ("(could not remove %s)\n", cache_dir);
  }
}

/* ── analytics charts ───────────────────────────────────────────────────────────────────────── */

/* The analytics page's four charts on 90 days of 2,000 bookings (every status, 12 product
 * interests, working hours), by day: 90 stacked bars, the full heatmap, 8 product rows. Each chart
 * in a window of its own at the size the page gives it. */
static void
bench_charts (void)
{
  g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalAnalytics) analytics = NULL;
  GRand *rand = g_rand_new_with_seed (90);
  gint64 from;
  GDate first;
  const struct
  {
    const char *name;
    GtkWidget *(*create) (void);
    int width, height;
  } charts[] = {
    { "bookings over time (90 stacked bars)", ccal_series_chart_new, 1100, 260 },
    { "status donut", ccal_donut_chart_new, 420, 220 },
    { "weekday × hour heatmap", ccal_heatmap_chart_new, 640, 220 },
    { "product interest (8 rows)", ccal_bar_list_chart_new, 1100, 300 },
  };

  g_date_clear (&first, 1);
  g_date_set_dmy (&first, 1, G_DATE_SEPTEMBER, 2026);
  from = paris (&first, 0);
  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(CcalBooking) booking = ccal_booking_new ();
      GDate day = first;

      g_date_add_days (&day, g_rand_int_range (rand, 0, 90));
      booking->start_time = paris (&day, 8 * 60 + 15 * g_rand_int_range (rand, 0, 40));
      booking->end_time = booking->start_time + 30 * CCAL_USEC_PER_MINUTE;
      booking->created_at = booking->start_time - g_rand_int_range (rand, 1, 400) * CCAL_USEC_PER_HOUR;
      booking->status = (CcalBookingStatus) g_rand_int_range (rand, 0, CCAL_N_BOOKING_STATUSES);
      booking->product_interest = g_strdup_printf ("%s %u", products[i % G_N_ELEMENTS (products)], i % 12);
      g_ptr_array_add (bookings, g_steal_pointer (&booking));
    }
  g_rand_free (rand);
  analytics = ccal_analytics_compute (bookings, from, from + 90 * CCAL_USEC_PER_DAY, CCAL_BUCKET_DAY, ZONE, NULL);
  g_assert (analytics != NULL);

  for (guint i = 0; i < G_N_ELEMENTS (charts); i++)
    {
      GtkWidget *chart = charts[i].create ();
      GtkWidget *window = gtk_window_new ();
      Figures figures;

      if (CCAL_IS_SERIES_CHART (chart))
        ccal_series_chart_set_analytics (CCAL_SERIES_CHART (chart), analytics);
      else if (CCAL_IS_DONUT_CHART (chart))
        ccal_donut_chart_set_analytics (CCAL_DONUT_CHART (chart), analytics);
      else if (CCAL_IS_HEATMAP_CHART (chart))
        ccal_heatmap_chart_set_analytics (CCAL_HEATMAP_CHART (chart), analytics);
      else
        ccal_bar_list_chart_set_analytics (CCAL_BAR_LIST_CHART (chart), analytics);
      gtk_window_set_default_size (GTK_WINDOW (window), charts[i].width, charts[i].height);
      gtk_window_set_child (GTK_WINDOW (window), chart);
      gtk_window_present (GTK_WINDOW (window));
      wait_frames (window, 3);
      figures = time_snapshot (chart);
      printf ("chart/snapshot %s, %d×%d: %.3f ms median, %.3f ms p90 (target ≤ 2 ms)\n", charts[i].name,
              gtk_widget_get_width (chart), gtk_widget_get_height (chart), figures.median, figures.p90);
      gtk_window_destroy (GTK_WINDOW (window));
    }
}

/* ── the dashboard's bookings list ──────────────────────────────────────────────────────────── */

#define N_LIST_BOOKINGS 100000
#define N_LIST_RUNS     5

/* 100,000 bookings from tomorrow on, 20 minutes apart (about 3.8 years), 12,000 contacts, every
 * status and both sources, written as a sync leaves them; "Upcoming" (the page's default) shows all. */
static void
fill_list_cache (CcalCache *cache)
{
  static const char *last_names[] = { "Dubois", "Chen", "Okafor", "Meyer", "Rossi", "Tanaka", "Haddad", "García",
                                      "Berg", "Nair", "Weber", "Martin" };
  g_autoptr (GError) error = NULL;
  gint64 start = (g_get_real_time () / CCAL_USEC_PER_DAY + 1) * CCAL_USEC_PER_DAY;

  for (guint first = 0; first < N_LIST_BOOKINGS; first += 1000)
    {
      g_autoptr (JsonArray) page = json_array_new ();

      for (guint i = first; i < first + 1000; i++)
        {
          g_autoptr (CcalBooking) booking = ccal_booking_new ();
          guint c = (i * 7919) % 12000;

          booking->id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
          booking->workspace_id = g_strdup ("bench");
          booking->admin_id = g_strdup ("00000000-0000-4000-8000-00000000000a");
          booking->contact = ccal_contact_new ();
          booking->contact->id = g_strdup_printf ("00000000-0000-4000-9000-%012u", c);
          booking->contact->workspace_id = g_strdup ("bench");
          booking->contact->name = g_strdup_printf ("%s %s", strchr (names[c % G_N_ELEMENTS (names)], ' ') != NULL
                                                               ? names[c % G_N_ELEMENTS (names)] : "Kim",
                                                    last_names[(c / 14) % G_N_ELEMENTS (last_names)]);
          booking->contact->email = g_strdup_printf ("person%u@example.com", c);
          booking->contact->phone = g_strdup_printf ("+33 6 %02u %02u %02u %02u", c % 100, (c / 100) % 100, i % 100, i % 7);
          booking->title = g_strdup ("Consultation");
          booking->start_time = start + (gint64) i * 20 * CCAL_USEC_PER_MINUTE;
          booking->end_time = booking->start_time + 30 * CCAL_USEC_PER_MINUTE;
          booking->duration_minutes = 30;
          booking->product_interest = g_strdup (products[i % G_N_ELEMENTS (products)]);
          booking->status = (CcalBookingStatus) (i % CCAL_N_BOOKING_STATUSES);
          booking->source = i % 2 ? CCAL_BOOKING_SOURCE_STAFF : CCAL_BOOKING_SOURCE_PUBLIC;
          booking->created_by = i % 2 ? g_strdup ("00000000-0000-4000-8000-00000000000a") : NULL;
          booking->created_at = booking->updated_at = g_get_real_time ();
          booking->version = 1;
          json_array_add_object_element (page, ccal_booking_to_json (booking));
        }
      if (!ccal_cache_put_server_objects (cache, CCAL_CACHE_COLLECTION_BOOKINGS, page, NULL, &error))
        g_error ("bench-gui: could not fill the cache: %s", error->message);
    }
}

static void
on_list_after_paint_cb (GdkFrameClock *clock,
                        gint64        *painted_at)
{
  if (*painted_at == 0)
    *painted_at = g_get_monotonic_time ();
}

/* Runs the main loop until @window paints a frame; returns when it did (monotonic µs). */
static gint64
wait_for_paint (GtkWidget *window)
{
  GdkFrameClock *clock;
  gint64 painted_at = 0;
  gulong handler;

  while ((clock = gtk_widget_get_frame_clock (window)) == NULL)
    g_main_context_iteration (NULL, TRUE);
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_list_after_paint_cb), &painted_at);
  gtk_widget_queue_draw (window);
  while (painted_at == 0)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
  return painted_at;
}

/* The bookings page on 100,000 cached bookings: from ccal_bookings_page_new () to its first painted
 * frame (the cache query for the keys, the first rows built, the column view's layout), and each
 * keystroke of a search to the painted list (the entry's 80 ms typing delay not counted: the search
 * is applied as the delay ends). Median of 5 windows. */
void ccal_register_resource (void);   /* generated with the GUI library's resources */

static void
bench_bookings_page (const char *self_path)
{
  static const char *typed[] = { "m", "mi", "mia", "mia ", "mia b", "mia be", "mia ber", "mia berg" };
  g_autofree char *scratch = NULL;
  g_autofree char *path = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalCache) cache = NULL;
  g_autoptr (CcalApiClient) client = NULL;
  g_autoptr (CcalAccount) account = NULL;
  double open_ms[N_LIST_RUNS];
  double key_ms[G_N_ELEMENTS (typed)][N_LIST_RUNS];
  guint shown[G_N_ELEMENTS (typed)];
  gint64 t0;

  g_autoptr (GSettingsSchema) schema = NULL;

  /* The page reads the app's settings; GTK has read the schemas before this runs, so they must be
   * named from the start. */
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), APP_ID, TRUE);
  if (schema == NULL)
    {
      printf ("bookings list: skipped (run with GSETTINGS_SCHEMA_DIR=BUILD/data GSETTINGS_BACKEND=memory)\n");
      return;
    }
  ccal_register_resource ();
  scratch = g_dir_make_tmp ("bench-list-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (scratch, "cache.db", NULL);
  cache = ccal_cache_open (path, &error);
  g_assert_no_error (error);
  t0 = g_get_monotonic_time ();
  fill_list_cache (cache);
  printf ("bookings list: %u bookings cached in %.1f s\n", N_LIST_BOOKINGS, (g_get_monotonic_time () - t0) / 1e6);
  client = ccal_api_client_new ("http://127.0.0.1:9", "bench", &error);
  g_assert_no_error (error);
  account = ccal_account_new_for_client (client, cache);

  for (guint run = 0; run < N_LIST_RUNS; run++)
    {
      GtkWidget *window = gtk_window_new ();
      GtkWidget *page;

      gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
      gtk_window_present (GTK_WINDOW (window));
      wait_for_paint (window);

      t0 = g_get_monotonic_time ();
      page = ccal_bookings_page_new (account);
      gtk_window_set_child (GTK_WINDOW (window), page);
      open_ms[run] = (wait_for_paint (window) - t0) / 1000.0;
      g_assert (g_list_model_get_n_items (G_LIST_MODEL (ccal_bookings_page_get_model (CCAL_BOOKINGS_PAGE (page))))
                == N_LIST_BOOKINGS);

      for (guint k = 0; k < G_N_ELEMENTS (typed); k++)
        {
          t0 = g_get_monotonic_time ();
          ccal_bookings_page_set_search (CCAL_BOOKINGS_PAGE (page), typed[k]);
          key_ms[k][run] = (wait_for_paint (window) - t0) / 1000.0;
          shown[k] = g_list_model_get_n_items (G_LIST_MODEL (ccal_bookings_page_get_model (CCAL_BOOKINGS_PAGE (page))));
        }
      gtk_window_destroy (GTK_WINDOW (window));
    }

  qsort (open_ms, N_LIST_RUNS, sizeof (double), compare_doubles);
  printf ("bookings list/open with %u cached bookings to first paint: %.1f ms median of %d (%.1f–%.1f; target ≤ 200 ms)\n",
          N_LIST_BOOKINGS, open_ms[N_LIST_RUNS / 2], N_LIST_RUNS, open_ms[0], open_ms[N_LIST_RUNS - 1]);
  for (guint k = 0; k < G_N_ELEMENTS (typed); k++)
    {
      qsort (key_ms[k], N_LIST_RUNS, sizeof (double), compare_doubles);
      printf ("bookings list/keystroke \"%s\" → %u rows painted: %.1f ms median (target ≤ 30 ms)\n", typed[k], shown[k],
              key_ms[k][N_LIST_RUNS / 2]);
    }
  g_clear_object (&account);
  g_clear_object (&cache);
  g_unlink (path);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (scratch);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GListStore) week_store = NULL;
  g_autoptr(GListStore) month_store = NULL;
  g_autoptr(GListStore) big_store = NULL;
  CcalWeekView *week;
  CcalMonthView *month;
  GtkWidget *week_window, *month_window;
  GDate date, first, year_start;
  Figures figures;
  gint64 from, to;
  long start_kb, toolkit_kb, baseline_kb, model_kb;
  gint64 begin = g_get_monotonic_time ();

  if (argc == 3 && strcmp (argv[1], "--startup-child") == 0)
    return startup_child (argv[2]);
  if (argc == 3 && strcmp (argv[1], "--prepare-cache") == 0)
    return prepare_startup_cache (argv[2]);

  start_kb = read_status_kb ("VmRSS:");

  if (!gtk_init_check ())
    {
      fprintf (stderr, "bench-gui: no display (run it under xvfb-run)\n");
      return 1;
    }
  adw_init ();
  load_views_css ();
  toolkit_kb = read_status_kb ("VmRSS:");

  printf ("bench-gui: GTK %u.%u.%u, renderer-independent snapshot times (widgets → render node), 1280×900\n",
          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version ());
  printf ("median of %d runs after %d warm-up runs; every widget of the view redrawn each time\n", N_RUNS, N_WARMUP);

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 18, G_DATE_NOVEMBER, 2026);
  baseline_kb = read_status_kb ("VmRSS:");

  /* First the memory: 10,000 occurrences over a year in one model, drawn by both views. */
  g_date_clear (&year_start, 1);
  g_date_set_dmy (&year_start, 1, G_DATE_JUNE, 2026);
  big_store = make_model (&year_start, 365, 10000);
  model_kb = read_status_kb ("VmRSS:");

  week = ccal_week_view_new ();
  ccal_week_view_set_timezone (week, ZONE);
  ccal_week_view_set_date (week, &date);
  ccal_week_view_set_model (week, G_LIST_MODEL (big_store));
  week_window = new_window (GTK_WIDGET (week));

  month = ccal_month_view_new ();
  ccal_month_view_set_timezone (month, ZONE);
  ccal_month_view_set_date (month, &date);
  ccal_month_view_set_model (month, G_LIST_MODEL (big_store));
  month_window = new_window (GTK_WIDGET (month));

  printf ("memory/10,000 occurrences in the model, week and month views drawn: peak RSS %.1f MB (target ≤ 100 MB)\n"
          "  RSS at start %.1f MB, after GTK + libadwaita + CSS %.1f MB, with the 10,000-item model %.1f MB (+%.1f),\n"
          "  with both views drawn, each in its window, %.1f MB (+%.1f, renderer %s)\n",
          read_status_kb ("VmHWM:") / 1024.0, start_kb / 1024.0, toolkit_kb / 1024.0, model_kb / 1024.0,
          (model_kb - baseline_kb) / 1024.0, read_status_kb ("VmRSS:") / 1024.0,
          (read_status_kb ("VmRSS:") - model_kb) / 1024.0,
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (week_window))));

  /* A week with 300 events and bookings. */
  ccal_week_view_get_range (week, &from, &to);
  ccal_time_to_date (from + CCAL_USEC_PER_HOUR, ZONE, &first, NULL);
  week_store = make_model (&first, 7, 300);
  ccal_week_view_set_model (week, G_LIST_MODEL (week_store));
  wait_frames (week_window, 2);
  figures = time_snapshot (GTK_WIDGET (week));
  printf ("week/snapshot (300 events, %u widgets): %.2f ms median, %.2f ms p90 (target ≤ 4 ms)\n",
          count_widgets (GTK_WIDGET (week)), figures.median, figures.p90);
  printf ("week/relayout after a model change (300 events): %.2f ms\n",
          time_relayout (GTK_WIDGET (week), week_store, flush_week));

  /* A month with 2,000. */
  ccal_month_view_get_range (month, &from, &to);
  ccal_time_to_date (from + CCAL_USEC_PER_HOUR, ZONE, &first, NULL);
  month_store = make_model (&first, 42, 2000);
  ccal_month_view_set_model (month, G_LIST_MODEL (month_store));
  wait_frames (month_window, 3);
  figures = time_snapshot (GTK_WIDGET (month));
  printf ("month/snapshot (2,000 events, %u widgets): %.2f ms median, %.2f ms p90 (target ≤ 8 ms)\n",
          count_widgets (GTK_WIDGET (month)), figures.median, figures.p90);
  printf ("month/relayout after a model change (2,000 events): %.2f ms\n",
          time_relayout (GTK_WIDGET (month), month_store, flush_month));

  gtk_window_destroy (GTK_WINDOW (week_window));
  gtk_window_destroy (GTK_WINDOW (month_window));
  bench_charts ();
  bench_bookings_page (argv[0]);
  bench_startup (argv[0]);
  printf ("total benchmark time: %.1f s\n", (g_get_monotonic_time () - begin) / 1e6);
  return 0;
}
