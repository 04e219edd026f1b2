/* test-week-grid.c — the week view places events and bookings, and turns clicks and drags into edits
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <math.h>

#include <gtk/gtk.h>

#include "ccal-core.h"
#include "ccal-occurrence-widget.h"
#include "ccal-week-view-private.h"

#define ZONE "Europe/Paris"

static gboolean have_display;

/* Without a display the GUI cases skip, unless CCAL_TEST_STRICT=1 (CI) makes that a failure. */
static gboolean
require_display (void)
{
  if (have_display)
    return TRUE;
  if (g_strcmp0 (g_getenv ("CCAL_TEST_STRICT"), "1") == 0)
    {
      g_test_fail_printf ("no display (CCAL_TEST_STRICT=1)");
      return FALSE;
    }
  g_test_skip ("no display");
  return FALSE;
}

static gint64
paris (int month,
       int day,
       int hour,
       int minute)
{
  CcalWallClock wall = { 2026, month, day, hour, minute, 0 };
  gint64 usec = 0;

  g_assert_true (ccal_time_from_wall_clock (&wall, ZONE, &usec, NULL));
  return usec;
}

static CcalOccurrence *
add_event (GListStore    *store,
           const char    *id,
           CcalEventType  type,
           gint64         start,
           gint64         end)
{
  g_autoptr(CcalEvent) event = ccal_event_new ();
  g_autoptr(CcalOccurrence) occurrence = NULL;

  event->id = g_strdup (id);
  event->title = g_strdup (id);
  event->type = type;
  event->start_time = start;
  event->end_time = end;
  event->timezone = g_strdup (ZONE);
  occurrence = ccal_occurrence_new_for_event (event, start, end);
  g_list_store_append (store, occurrence);
  return occurrence;
}

static CcalOccurrence *
add_booking (GListStore        *store,
             const char        *id,
             CcalBookingStatus  status,
             gint64             start,
             gint64             end)
{
  g_autoptr(CcalBooking) booking = ccal_booking_new ();
  g_autoptr(CcalOccurrence) occurrence = NULL;

  booking->id = g_strdup (id);
  booking->contact = ccal_contact_new ();
  booking->contact->name = g_strdup ("Claire Dubois");
  booking->product_interest = g_strdup ("Consultation");
  booking->status = status;
  booking->start_time = start;
  booking->end_time = end;
  occurrence = ccal_occurrence_new_for_booking (booking);
  g_list_store_append (store, occurrence);
  return occurrence;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   guint         *n_frames)
{
  (*n_frames)++;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main loop until @widget's window has painted @n frames: a model change is laid out
 * on the next frame, so after one painted frame everything is in place. */
static void
wait_frames (GtkWidget *widget,
             guint      n)
{
  GdkFrameClock *clock;
  guint n_frames = 0;
  gboolean timed_out = FALSE;
  guint timeout_id;
  gulong handler;

  while ((clock = gtk_widget_get_frame_clock (widget)) == NULL)
    g_main_context_iteration (NULL, TRUE);

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &n_frames);
  timeout_id = g_timeout_add_seconds (10, on_timeout_cb, &timed_out);
  while (n_frames < n && !timed_out)
    {
      gtk_widget_queue_draw (widget);
      g_main_context_iteration (NULL, TRUE);
    }
  g_signal_handler_disconnect (clock, handler);
  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_false (timed_out);
}

typedef struct
{
  GtkWidget    *window;
  CcalWeekView *view;
  CcalWeekGrid *grid;
  GListStore   *store;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  GDate date;

  if (!have_display)
    return;

  fixture->store = g_list_store_new (CCAL_TYPE_OCCURRENCE);
  fixture->view = g_object_ref_sink (ccal_week_view_new ());
  fixture->grid = ccal_week_view_get_grid (fixture->view);
  ccal_week_view_set_timezone (fixture->view, ZONE);
  /* A Wednesday: the week shown is Monday 2 to Sunday 8 March 2026. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 4, G_DATE_MARCH, 2026);
  ccal_week_view_set_date (fixture->view, &date);
  ccal_week_view_set_now (fixture->view, paris (3, 4, 11, 0));
  ccal_week_view_set_model (fixture->view, G_LIST_MODEL (fixture->store));

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  gtk_window_set_child (GTK_WINDOW (fixture->window), GTK_WIDGET (fixture->view));
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_frames (fixture->window, 2);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->view);
  g_clear_object (&fixture->store);
}

/* The visible occurrence widgets of the grid, by occurrence id. */
static GHashTable *
collect_blocks (GtkWidget *parent)
{
  GHashTable *blocks = g_hash_table_new (g_str_hash, g_str_equal);

  for (GtkWidget *child = gtk_widget_get_first_child (parent); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      CcalOccurrence *occurrence;

      if (!CCAL_IS_OCCURRENCE_WIDGET (child) || !gtk_widget_get_child_visible (child))
        continue;
      occurrence = ccal_occurrence_widget_get_occurrence (CCAL_OCCURRENCE_WIDGET (child));
      g_assert_nonnull (occurrence);
      g_hash_table_insert (blocks, occurrence->id, child);
    }
  return blocks;
}

static graphene_rect_t
block_bounds (Fixture    *fixture,
              GHashTable *blocks,
              const char *id)
{
  GtkWidget *block = g_hash_table_lookup (blocks, id);
  graphene_rect_t bounds;

  g_assert_nonnull (block);
  g_assert_true (gtk_widget_compute_bounds (block, GTK_WIDGET (fixture->grid), &bounds));
  return bounds;
}

static graphene_rect_t
day_area (Fixture *fixture,
          guint    day)
{
  graphene_rect_t area;

  ccal_week_grid_get_day_area (fixture->grid, day, &area);
  return area;
}

/* The block's day column is the one its centre is in; its top is its start on the wall clock. */
static void
assert_block_at (Fixture    *fixture,
                 GHashTable *blocks,
                 const char *id,
                 guint       day,
                 int         hour,
                 int         minute,
                 int         minutes)
{
  graphene_rect_t bounds = block_bounds (fixture, blocks, id);
  graphene_rect_t area = day_area (fixture, day);
  double per_minute = ccal_week_grid_get_hour_height (fixture->grid) / 60.0;
  double centre = bounds.origin.x + bounds.size.width / 2;

  g_test_message ("%s: %g,%g %gx%g; day %u at %g+%g", id, bounds.origin.x, bounds.origin.y, bounds.size.width,
                  bounds.size.height, day, area.origin.x, area.size.width);
  g_assert_cmpfloat (centre, >, area.origin.x);
  g_assert_cmpfloat (centre, <, area.origin.x + area.size.width);
  g_assert_cmpfloat (fabs (bounds.origin.y - (hour * 60 + minute) * per_minute), <=, 2);
  g_assert_cmpfloat (fabs (bounds.size.height - minutes * per_minute), <=, 3);
}

/* A known week lands in the right columns and rows; three mutually overlapping events share their
 * day in three columns; an availability window is shaded, not a widget; other weeks stay out. */
static void
test_placement (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GHashTable) blocks = NULL;
  graphene_rect_t c, d, e, f, thursday;

  if (!require_display ())
    return;

  add_event (fixture->store, "monday-9", CCAL_EVENT_TYPE_EVENT, paris (3, 2, 9, 0), paris (3, 2, 10, 0));
  add_booking (fixture->store, "wednesday-1430", CCAL_BOOKING_STATUS_CONFIRMED, paris (3, 4, 14, 30), paris (3, 4, 15, 0));
  add_event (fixture->store, "thursday-c", CCAL_EVENT_TYPE_EVENT, paris (3, 5, 10, 0), paris (3, 5, 12, 0));
  add_event (fixture->store, "thursday-d", CCAL_EVENT_TYPE_BLOCKED, paris (3, 5, 10, 30), paris (3, 5, 11, 30));
  add_booking (fixture->store, "thursday-e", CCAL_BOOKING_STATUS_PENDING, paris (3, 5, 11, 0), paris (3, 5, 11, 45));
  add_event (fixture->store, "friday-alone", CCAL_EVENT_TYPE_EVENT, paris (3, 6, 16, 0), paris (3, 6, 17, 0));
  add_event (fixture->store, "tuesday-open", CCAL_EVENT_TYPE_AVAILABILITY, paris (3, 3, 9, 0), paris (3, 3, 17, 0));
  add_event (fixture->store, "next-week", CCAL_EVENT_TYPE_EVENT, paris (3, 9, 9, 0), paris (3, 9, 10, 0));
  add_event (fixture->store, "last-week", CCAL_EVENT_TYPE_EVENT, paris (2, 28, 9, 0), paris (2, 28, 10, 0));
  wait_frames (fixture->window, 1);

  blocks = collect_blocks (GTK_WIDGET (fixture->grid));
  g_assert_cmpuint (g_hash_table_size (blocks), ==, 6);
  g_assert_false (g_hash_table_contains (blocks, "tuesday-open"));
  g_assert_false (g_hash_table_contains (blocks, "next-week"));
  g_assert_false (g_hash_table_contains (blocks, "last-week"));
  g_assert_cmpuint (ccal_week_grid_get_n_bands (fixture->grid), ==, 1);

  assert_block_at (fixture, blocks, "monday-9", 0, 9, 0, 60);
  assert_block_at (fixture, blocks, "wednesday-1430", 2, 14, 30, 30);
  assert_block_at (fixture, blocks, "thursday-c", 3, 10, 0, 120);
  assert_block_at (fixture, blocks, "thursday-d", 3, 10, 30, 60);
  assert_block_at (fixture, blocks, "thursday-e", 3, 11, 0, 45);
  assert_block_at (fixture, blocks, "friday-alone", 4, 16, 0, 60);

  /* Three columns, left to right in order of start, of equal width, not overlapping. */
  c = block_bounds (fixture, blocks, "thursday-c");
  d = block_bounds (fixture, blocks, "thursday-d");
  e = block_bounds (fixture, blocks, "thursday-e");
  thursday = day_area (fixture, 3);
  g_assert_cmpfloat (c.origin.x + c.size.width, <=, d.origin.x);
  g_assert_cmpfloat (d.origin.x + d.size.width, <=, e.origin.x);
  g_assert_cmpfloat (fabs (c.size.width - d.size.width), <=, 1);
  g_assert_cmpfloat (fabs (d.size.width - e.size.width), <=, 1);
  g_assert_cmpfloat (c.size.width, <, thursday.size.width / 3);
  g_assert_cmpfloat (c.size.width, >, thursday.size.width / 3 - 6);

  /* Alone in its day: (almost) the whole column. */
  f = block_bounds (fixture, blocks, "friday-alone");
  g_assert_cmpfloat (f.size.width, >, day_area (fixture, 4).size.width - 10);
}

/* On the Sunday DST begins (a 23-hour day) events still sit at their wall-clock hour. */
static void
test_dst_day (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GHashTable) blocks = NULL;
  GDate date;

  if (!require_display ())
    return;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 29, G_DATE_MARCH, 2026);
  ccal_week_view_set_date (fixture->view, &date);
  add_event (fixture->store, "sunday-10", CCAL_EVENT_TYPE_EVENT, paris (3, 29, 10, 0), paris (3, 29, 11, 0));
  add_event (fixture->store, "sunday-1", CCAL_EVENT_TYPE_EVENT, paris (3, 29, 1, 0), paris (3, 29, 1, 30));
  wait_frames (fixture->window, 1);

  blocks = collect_blocks (GTK_WIDGET (fixture->grid));
  assert_block_at (fixture, blocks, "sunday-10", 6, 10, 0, 60);
  assert_block_at (fixture, blocks, "sunday-1", 6, 1, 0, 30);
}

/* A booking's CSS class follows its status, also when the model's item is replaced; the widgets
 * are the pool's, re-bound rather than made again. */
static void
test_status_classes (Fixture       *fixture,
                     gconstpointer  user_data)
{
  static const struct
  {
    CcalBookingStatus status;
    const char       *css_class;
  } cases[] = {
    { CCAL_BOOKING_STATUS_PENDING, "status-pending" },
    { CCAL_BOOKING_STATUS_CONFIRMED, "status-confirmed" },
    { CCAL_BOOKING_STATUS_COMPLETED, "status-completed" },
    { CCAL_BOOKING_STATUS_NO_SHOW, "status-no-show" },
    { CCAL_BOOKING_STATUS_CANCELLED, "status-cancelled" },
  };
  g_autoptr(GHashTable) blocks = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new ();
  GtkWidget *blocked;

  if (!require_display ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = g_strdup_printf ("booking-%u", i);

      add_booking (fixture->store, id, cases[i].status, paris (3, 3, 9 + (int) i, 0), paris (3, 3, 9 + (int) i, 30));
    }
  add_event (fixture->store, "blocked", CCAL_EVENT_TYPE_BLOCKED, paris (3, 6, 12, 0), paris (3, 6, 13, 0));
  wait_frames (fixture->window, 1);

  blocks = collect_blocks (GTK_WIDGET (fixture->grid));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = g_strdup_printf ("booking-%u", i);
      GtkWidget *block = g_hash_table_lookup (blocks, id);

      g_assert_nonnull (block);
      g_assert_true (gtk_widget_has_css_class (block, "booking"));
      g_assert_true (gtk_widget_has_css_class (block, cases[i].css_class));
      for (guint j = 0; j < G_N_ELEMENTS (cases); j++)
        if (j != i)
          g_assert_false (gtk_widget_has_css_class (block, cases[j].css_class));
      g_ptr_array_add (before, block);
    }
  blocked = g_hash_table_lookup (blocks, "blocked");
  g_assert_true (gtk_widget_has_css_class (blocked, "blocked"));
  g_assert_false (gtk_widget_has_css_class (blocked, "booking"));

  /* The first booking is confirmed now: the sync engine hands over a new item for it. */
  g_list_store_remove_all (fixture->store);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = g_strdup_printf ("booking-%u", i);

      add_booking (fixture->store, id, i == 0 ? CCAL_BOOKING_STATUS_CONFIRMED : cases[i].status,
                   paris (3, 3, 9 + (int) i, 0), paris (3, 3, 9 + (int) i, 30));
    }
  wait_frames (fixture->window, 1);

  g_clear_pointer (&blocks, g_hash_table_unref);
  blocks = collect_blocks (GTK_WIDGET (fixture->grid));
  g_assert_cmpuint (g_hash_table_size (blocks), ==, G_N_ELEMENTS (cases));
  g_assert_true (gtk_widget_has_css_class (g_hash_table_lookup (blocks, "booking-0"), "status-confirmed"));
  g_assert_false (gtk_widget_has_css_class (g_hash_table_lookup (blocks, "booking-0"), "status-pending"));
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *id = g_strdup_printf ("booking-%u", i);

      g_assert_true (g_ptr_array_find (before, g_hash_table_lookup (blocks, id), NULL));
    }
}

/* A burst of model changes within a frame costs one layout. */
static void
test_layout_once_per_frame (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GHashTable) blocks = NULL;
  guint n_before;

  if (!require_display ())
    return;

  n_before = ccal_week_grid_get_n_layouts (fixture->grid);
  for (int i = 0; i < 60; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%d", i);

      add_event (fixture->store, id, CCAL_EVENT_TYPE_EVENT, paris (3, 2 + i % 5, 8 + i % 10, 0),
                 paris (3, 2 + i % 5, 9 + i % 10, 0));
    }
  g_assert_cmpuint (ccal_week_grid_get_n_layouts (fixture->grid), ==, n_before);
  wait_frames (fixture->window, 1);

  g_assert_cmpuint (ccal_week_grid_get_n_layouts (fixture->grid), ==, n_before + 1);
  blocks = collect_blocks (GTK_WIDGET (fixture->grid));
  g_assert_cmpuint (g_hash_table_size (blocks), ==, 60);
}

typedef struct
{
  guint           n_emissions;
  gint64          start;
  gint64          end;
  CcalOccurrence *occurrence;
} Emitted;

static void
on_create_event_cb (CcalWeekView *view,
                    gint64        start,
                    gint64        end,
                    Emitted      *emitted)
{
  emitted->n_emissions++;
  emitted->start = start;
  emitted->end = end;
}

static void
on_move_occurrence_cb (CcalWeekView   *view,
                       CcalOccurrence *occurrence,
                       gint64          start,
                       gint64          end,
                       Emitted        *emitted)
{
  emitted->n_emissions++;
  emitted->occurrence = occurrence;
  emitted->start = start;
  emitted->end = end;
}

static double
y_of (Fixture *fixture,
      int      hour,
      int      minute)
{
  return (hour * 60 + minute) * ccal_week_grid_get_hour_height (fixture->grid) / 60.0;
}

/* A click on an empty slot asks for an event in that slot, snapped to slot-minutes. */
static void
test_click_creates_slot (Fixture       *fixture,
                         gconstpointer  user_data)
{
  Emitted emitted = { 0 };
  graphene_rect_t tuesday;
  double x;

  if (!require_display ())
    return;

  g_signal_connect (fixture->view, "create-event", G_CALLBACK (on_create_event_cb), &emitted);
  tuesday = day_area (fixture, 1);
  x = tuesday.origin.x + tuesday.size.width / 2;

  ccal_week_grid_test_drag (fixture->grid, x, y_of (fixture, 10, 40), x, y_of (fixture, 10, 40));
  g_assert_cmpuint (emitted.n_emissions, ==, 1);
  g_assert_cmpint (emitted.start, ==, paris (3, 3, 10, 30));
  g_assert_cmpint (emitted.end, ==, paris (3, 3, 11, 0));

  g_object_set (fixture->view, "slot-minutes", 15, NULL);
  ccal_week_grid_test_drag (fixture->grid, x, y_of (fixture, 10, 40), x, y_of (fixture, 10, 40));
  g_assert_cmpuint (emitted.n_emissions, ==, 2);
  g_assert_cmpint (emitted.start, ==, paris (3, 3, 10, 30));
  g_assert_cmpint (emitted.end, ==, paris (3, 3, 10, 45));

  /* Inside an availability window (shaded, no widget) it is still an empty slot. */
  add_event (fixture->store, "open", CCAL_EVENT_TYPE_AVAILABILITY, paris (3, 3, 9, 0), paris (3, 3, 17, 0));
  wait_frames (fixture->window, 1);
  ccal_week_grid_test_drag (fixture->grid, x, y_of (fixture, 14, 5), x, y_of (fixture, 14, 5));
  g_assert_cmpuint (emitted.n_emissions, ==, 3);
  g_assert_cmpint (emitted.start, ==, paris (3, 3, 14, 0));
  g_assert_cmpint (emitted.end, ==, paris (3, 3, 14, 15));

  /* The hour labels are not a day. */
  ccal_week_grid_test_drag (fixture->grid, 2, y_of (fixture, 10, 0), 2, y_of (fixture, 10, 0));
  g_assert_cmpuint (emitted.n_emissions, ==, 3);
}

/* Dragging on empty space asks for an event over every slot the pointer went through. */
static void
test_drag_creates_range (Fixture       *fixture,
                         gconstpointer  user_data)
{
  Emitted emitted = { 0 };
  graphene_rect_t friday;
  double x;

  if (!require_display ())
    return;

  g_signal_connect (fixture->view, "create-event", G_CALLBACK (on_create_event_cb), &emitted);
  friday = day_area (fixture, 4);
  x = friday.origin.x + friday.size.width / 2;

  ccal_week_grid_test_drag (fixture->grid, x, y_of (fixture, 11, 50), x, y_of (fixture, 10, 10));
  g_assert_cmpuint (emitted.n_emissions, ==, 1);
  g_assert_cmpint (emitted.start, ==, paris (3, 6, 10, 0));
  g_assert_cmpint (emitted.end, ==, paris (3, 6, 12, 0));
}

/* Dragging a block moves it (length kept, snapped to the slot); its bottom edge resizes it. */
static void
test_move_and_resize (Fixture       *fixture,
                      gconstpointer  user_data)
{
  Emitted emitted = { 0 };
  g_autoptr(GHashTable) blocks = NULL;
  CcalOccurrence *monday, *friday;
  graphene_rect_t bounds;
  double column_width, x, y;

  if (!require_display ())
    return;

  column_width = day_area (fixture, 0).size.width;
  monday = add_event (fixture->store, "monday", CCAL_EVENT_TYPE_EVENT, paris (3, 2, 9, 0), paris (3, 2, 10, 0));
  friday = add_booking (fixture->store, "friday", CCAL_BOOKING_STATUS_CONFIRMED, paris (3, 6, 16, 0), paris (3, 6, 17, 0));
  wait_frames (fixture->window, 1);
  g_signal_connect (fixture->view, "move-occurrence", G_CALLBACK (on_move_occurrence_cb), &emitted);
  blocks = collect_blocks (GTK_WIDGET (fixture->grid));

  /* Two days right and 70 minutes down: Wednesday, one hour later (the nearest slot). */
  bounds = block_bounds (fixture, blocks, "monday");
  x = bounds.origin.x + bounds.size.width / 2;
  y = bounds.origin.y + bounds.size.height / 2;
  ccal_week_grid_test_drag (fixture->grid, x, y, x + 2 * column_width, y + (y_of (fixture, 1, 10)));
  g_assert_cmpuint (emitted.n_emissions, ==, 1);
  g_assert_true (emitted.occurrence == monday);
  g_assert_cmpint (emitted.start, ==, paris (3, 4, 10, 0));
  g_assert_cmpint (emitted.end, ==, paris (3, 4, 11, 0));

  /* Its bottom edge down by 35 minutes: ends at 17:30, starts where it did. */
  bounds = block_bounds (fixture, blocks, "friday");
  x = bounds.origin.x + bounds.size.width / 2;
  y = bounds.origin.y + bounds.size.height - 2;
  ccal_week_grid_test_drag (fixture->grid, x, y, x, y + y_of (fixture, 0, 35));
  g_assert_cmpuint (emitted.n_emissions, ==, 2);
  g_assert_true (emitted.occurrence == friday);
  g_assert_cmpint (emitted.start, ==, paris (3, 6, 16, 0));
  g_assert_cmpint (emitted.end, ==, paris (3, 6, 17, 30));

  /* A drag that lands where it started asks for nothing. */
  bounds = block_bounds (fixture, blocks, "monday");
  x = bounds.origin.x + bounds.size.width / 2;
  y = bounds.origin.y + bounds.size.height / 2;
  ccal_week_grid_test_drag (fixture->grid, x, y, x + 3, y + 10);
  g_assert_cmpuint (emitted.n_emissions, ==, 2);
}

/* Right to left: the week runs from the right edge. */
static void
test_rtl (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(GHashTable) blocks = NULL;
  graphene_rect_t monday, sunday, bounds;

  if (!require_display ())
    return;

  gtk_widget_set_direction (GTK_WIDGET (fixture->grid), GTK_TEXT_DIR_RTL);
  add_event (fixture->store, "monday", CCAL_EVENT_TYPE_EVENT, paris (3, 2, 9, 0), paris (3, 2, 10, 0));
  wait_frames (fixture->window, 1);

  monday = day_area (fixture, 0);
  sunday = day_area (fixture, 6);
  g_assert_cmpfloat (monday.origin.x, >, sunday.origin.x);
  g_assert_cmpfloat (monday.origin.x + monday.size.width, >, gtk_widget_get_width (GTK_WIDGET (fixture->grid)) - 80);

  blocks = collect_blocks (GTK_WIDGET (fixture->grid));
  bounds = block_bounds (fixture, blocks, "monday");
  g_assert_cmpfloat (bounds.origin.x, >=, monday.origin.x);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=, monday.origin.x + monday.size.width);
}

/* Arrow keys move between events: down within a day, right to the nearest in time on the next day
 * that has any. Enter activates. */
static void
on_activate_occurrence_cb (CcalWeekView   *view,
                           CcalOccurrence *occurrence,
                           Emitted        *emitted)
{
  emitted->n_emissions++;
  emitted->occurrence = occurrence;
}

static CcalOccurrence *
focused_occurrence (Fixture *fixture)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

  g_assert_true (CCAL_IS_OCCURRENCE_WIDGET (focus));
  return ccal_occurrence_widget_get_occurrence (CCAL_OCCURRENCE_WIDGET (focus));
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  user_data)
{
  Emitted emitted = { 0 };

  if (!require_display ())
    return;

  add_event (fixture->store, "mon-9", CCAL_EVENT_TYPE_EVENT, paris (3, 2, 9, 0), paris (3, 2, 10, 0));
  add_event (fixture->store, "mon-14", CCAL_EVENT_TYPE_EVENT, paris (3, 2, 14, 0), paris (3, 2, 15, 0));
  add_event (fixture->store, "thu-8", CCAL_EVENT_TYPE_EVENT, paris (3, 5, 8, 0), paris (3, 5, 9, 0));
  add_event (fixture->store, "thu-15", CCAL_EVENT_TYPE_EVENT, paris (3, 5, 15, 0), paris (3, 5, 16, 0));
  wait_frames (fixture->window, 1);
  g_signal_connect (fixture->view, "activate-occurrence", G_CALLBACK (on_activate_occurrence_cb), &emitted);

  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->grid), GTK_DIR_TAB_FORWARD));
  g_assert_cmpstr (focused_occurrence (fixture)->id, ==, "mon-9");
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->grid), GTK_DIR_DOWN));
  g_assert_cmpstr (focused_occurrence (fixture)->id, ==, "mon-14");
  /* Tuesday and Wednesday are empty: on to Thursday, 15:00 being nearest to 14:00. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->grid), GTK_DIR_RIGHT));
  g_assert_cmpstr (focused_occurrence (fixture)->id, ==, "thu-15");
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->grid), GTK_DIR_UP));
  g_assert_cmpstr (focused_occurrence (fixture)->id, ==, "thu-8");
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->grid), GTK_DIR_LEFT));
  g_assert_cmpstr (focused_occurrence (fixture)->id, ==, "mon-9");

  g_assert_true (gtk_widget_activate (gtk_root_get_focus (GTK_ROOT (fixture->window))));
  g_assert_cmpuint (emitted.n_emissions, ==, 1);
  g_assert_cmpstr (emitted.occurrence->id, ==, "mon-9");

  /* Shift+Tab from the first leaves the grid. */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (fixture->grid), GTK_DIR_TAB_BACKWARD) == FALSE);
}

/* All-day events and those of a day or more go to the all-day row, as one chip across their days. */
static void
test_all_day_row (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GHashTable) grid_blocks = NULL;
  g_autoptr(GHashTable) header_chips = NULL;
  CcalWeekHeader *header;
  graphene_rect_t fair, tuesday, wednesday;
  g_autoptr(CcalEvent) event = ccal_event_new ();
  g_autoptr(CcalOccurrence) occurrence = NULL;
  double offset;

  if (!require_display ())
    return;

  /* Tuesday and Wednesday, all day in Paris. */
  event->id = g_strdup ("fair");
  event->title = g_strdup ("Trade fair");
  event->is_all_day = TRUE;
  event->timezone = g_strdup (ZONE);
  event->start_time = paris (3, 3, 0, 0);
  event->end_time = paris (3, 5, 0, 0);
  occurrence = ccal_occurrence_new_for_event (event, event->start_time, event->end_time);
  g_list_store_append (fixture->store, occurrence);
  add_event (fixture->store, "timed", CCAL_EVENT_TYPE_EVENT, paris (3, 3, 9, 0), paris (3, 3, 10, 0));
  wait_frames (fixture->window, 1);

  header = ccal_week_view_get_header (fixture->view);
  grid_blocks = collect_blocks (GTK_WIDGET (fixture->grid));
  header_chips = collect_blocks (GTK_WIDGET (header));
  g_assert_false (g_hash_table_contains (grid_blocks, "fair"));
  g_assert_true (g_hash_table_contains (grid_blocks, "timed"));
  g_assert_cmpuint (g_hash_table_size (header_chips), ==, 1);
  g_assert_true (gtk_widget_has_css_class (g_hash_table_lookup (header_chips, "fair"), "all-day"));

  /* The header's columns are the grid's: compare in the view's coordinates. */
  g_assert_true (gtk_widget_compute_bounds (g_hash_table_lookup (header_chips, "fair"), GTK_WIDGET (fixture->view),
                                            &fair));
  tuesday = day_area (fixture, 1);
  wednesday = day_area (fixture, 2);
  {
    graphene_point_t origin;

    g_assert_true (gtk_widget_compute_point (GTK_WIDGET (fixture->grid), GTK_WIDGET (fixture->view),
                                             &GRAPHENE_POINT_INIT (0, 0), &origin));
    offset = origin.x;
  }
  g_assert_cmpfloat (fabs (fair.origin.x - (offset + tuesday.origin.x)), <=, 4);
  g_assert_cmpfloat (fabs (fair.origin.x + fair.size.width - (offset + wednesday.origin.x + wednesday.size.width)), <=, 4);
}

/* What a screen reader says for a booking and for a repeating blocked time. */
static void
test_accessible_labels (void)
{
  g_autoptr(CcalBooking) booking = ccal_booking_new ();
  g_autoptr(CcalOccurrence) booking_occurrence = NULL;
  g_autoptr(CcalEvent) lunch = ccal_event_new ();
  g_autoptr(CcalOccurrence) lunch_occurrence = NULL;
  g_autofree char *booking_label = NULL;
  g_autofree char *lunch_label = NULL;
  g_autofree char *lunch_label_12h = NULL;

  booking->id = g_strdup ("b");
  booking->contact = ccal_contact_new ();
  booking->contact->name = g_strdup ("Claire Dubois");
  booking->product_interest = g_strdup ("Consultation");
  booking->status = CCAL_BOOKING_STATUS_CONFIRMED;
  booking->start_time = paris (3, 3, 10, 0);
  booking->end_time = paris (3, 3, 10, 30);
  booking_occurrence = ccal_occurrence_new_for_booking (booking);
  booking_label = ccal_occurrence_widget_describe (booking_occurrence, ZONE, TRUE, FALSE);
  g_assert_cmpstr (booking_label, ==, "Consultation with Claire Dubois, Tuesday 10:00 to 10:30, confirmed");

  lunch->id = g_strdup ("lunch");
  lunch->title = g_strdup ("Lunch");
  lunch->type = CCAL_EVENT_TYPE_BLOCKED;
  lunch->rrule = g_strdup ("FREQ=DAILY");
  lunch->timezone = g_strdup (ZONE);
  lunch->start_time = paris (3, 2, 12, 0);
  lunch->end_time = paris (3, 2, 13, 0);
  lunch_occurrence = ccal_occurrence_new_for_event (lunch, paris (3, 5, 12, 0), paris (3, 5, 13, 0));
  lunch_label = ccal_occurrence_widget_describe (lunch_occurrence, ZONE, TRUE, TRUE);
  g_assert_cmpstr (lunch_label, ==, "Blocked: Lunch, Thursday 5 March 12:00 to 13:00, repeats");
  lunch_label_12h = ccal_occurrence_widget_describe (lunch_occurrence, ZONE, FALSE, FALSE);
  g_assert_cmpstr (lunch_label_12h, ==, "Blocked: Lunch, Thursday 12:00 PM to 1:00 PM, repeats");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();

  g_test_add_func ("/gui/week-grid/accessible-labels", test_accessible_labels);
#define ADD(path, func) g_test_add ((path), Fixture, NULL, fixture_setup, (func), fixture_teardown)
  ADD ("/gui/week-grid/placement", test_placement);
  ADD ("/gui/week-grid/dst-day", test_dst_day);
  ADD ("/gui/week-grid/status-classes", test_status_classes);
  ADD ("/gui/week-grid/layout-once-per-frame", test_layout_once_per_frame);
  ADD ("/gui/week-grid/click-creates-slot", test_click_creates_slot);
  ADD ("/gui/week-grid/drag-creates-range", test_drag_creates_range);
  ADD ("/gui/week-grid/move-and-resize", test_move_and_resize);
  ADD ("/gui/week-grid/rtl", test_rtl);
  ADD ("/gui/week-grid/keyboard", test_keyboard);
  ADD ("/gui/week-grid/all-day-row", test_all_day_row);
#undef ADD

  return g_test_run ();
}
