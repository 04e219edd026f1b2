/* bench-gui.c — figures for the calendar views: snapshot time of a busy week and month, memory
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Needs a display (run it under xvfb-run). Prints figures and never passes or fails on time.
 * A snapshot here is a full one: every widget of the view is marked for redraw first, so no render
 * node cached by GTK is reused — what a frame costs when everything shown has changed. Medians over
 * many runs, after warm-up runs. Peak RSS is the process's high-water mark with 10,000 occurrences
 * in the model, after both views have drawn it.
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "ccal-core.h"
#include "ccal-month-view-private.h"
#include "ccal-week-view-private.h"

#define ZONE       "Europe/Paris"
#define N_WARMUP   10
#define N_RUNS     200

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
  printf ("total benchmark time: %.1f s\n", (g_get_monotonic_time () - begin) / 1e6);
  return 0;
}
