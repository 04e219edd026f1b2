/* test-month-view.c — the month view: six weeks of days, chips, "+N more", activating days
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include <gtk/gtk.h>

#include "ccal-core.h"
#include "ccal-month-view-private.h"
#include "ccal-occurrence-widget.h"

#define ZONE "America/New_York"

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
new_york (int month,
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
  booking->contact->name = g_strdup (id);
  booking->product_interest = g_strdup ("Demo");
  booking->status = status;
  booking->start_time = start;
  booking->end_time = end;
  occurrence = ccal_occurrence_new_for_booking (booking);
  g_list_store_append (store, occurrence);
  return occurrence;
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

/* Iterates the main loop until @widget's window has painted @n frames. */
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
  GtkWidget     *window;
  CcalMonthView *view;
  GListStore    *store;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  GDate date;

  if (!have_display)
    return;

  fixture->store = g_list_store_new (CCAL_TYPE_OCCURRENCE);
  fixture->view = g_object_ref_sink (ccal_month_view_new ());
  ccal_month_view_set_timezone (fixture->view, ZONE);
  /* Any day of the month will do: October 2026, which starts on a Thursday. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 17, G_DATE_OCTOBER, 2026);
  ccal_month_view_set_date (fixture->view, &date);
  ccal_month_view_set_now (fixture->view, new_york (10, 14, 12, 0));
  ccal_month_view_set_model (fixture->view, G_LIST_MODEL (fixture->store));

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);
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

static void
assert_date (const GDate *date,
             int          year,
             int          month,
             int          day)
{
  g_assert_true (g_date_valid (date));
  g_assert_cmpint (g_date_get_year (date), ==, year);
  g_assert_cmpint (g_date_get_month (date), ==, month);
  g_assert_cmpint (g_date_get_day (date), ==, day);
}

/* The cell of @month/@day in the six weeks shown (October 2026 with Monday first: the grid starts on
 * Monday 28 September). */
static CcalMonthCell *
cell_for (Fixture *fixture,
          int      month,
          int      day)
{
  for (guint i = 0; i < 42; i++)
    {
      CcalMonthCell *cell = ccal_month_view_get_cell (fixture->view, i);
      GDate date;

      ccal_month_cell_get_date (cell, &date);
      if ((int) g_date_get_month (&date) == month && g_date_get_day (&date) == day)
        return cell;
    }
  g_assert_not_reached ();
}

static guint
count_visible_chips (GtkWidget *parent)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (parent); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (CCAL_IS_OCCURRENCE_WIDGET (child) && gtk_widget_get_child_visible (child))
      n++;
  return n;
}

/* Six weeks from the week holding the 1st, days of other months marked, today marked. */
static void
test_days (Fixture       *fixture,
           gconstpointer  user_data)
{
  GDate date;

  if (!require_display ())
    return;

  ccal_month_cell_get_date (ccal_month_view_get_cell (fixture->view, 0), &date);
  assert_date (&date, 2026, 9, 28);
  ccal_month_cell_get_date (ccal_month_view_get_cell (fixture->view, 41), &date);
  assert_date (&date, 2026, 11, 8);

  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (cell_for (fixture, 9, 30)), "other-month"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (cell_for (fixture, 10, 1)), "other-month"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (cell_for (fixture, 11, 1)), "other-month"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (cell_for (fixture, 10, 14)), "today"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (cell_for (fixture, 10, 15)), "today"));

  /* Weeks starting on Sunday move the first day. */
  g_object_set (fixture->view, "first-weekday", 0, NULL);
  wait_frames (fixture->window, 1);
  ccal_month_cell_get_date (ccal_month_view_get_cell (fixture->view, 0), &date);
  assert_date (&date, 2026, 9, 27);
}

/* A day with more than fits shows as many chips as fit and "+N more" for the rest; a taller view
 * shows more of them and a smaller N. */
static void
test_more_count (Fixture       *fixture,
                 gconstpointer  user_data)
{
  CcalMonthCell *busy, *quiet;
  GtkWidget *more;
  guint shown, hidden, shown_tall;
  g_autofree char *label = NULL;
  graphene_rect_t more_bounds, cell_bounds;

  if (!require_display ())
    return;

  for (int i = 0; i < 12; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%02d", i);

      gint64 start = new_york (10, 21, 8 + i / 2, (i % 2) * 30);

      add_booking (fixture->store, id, CCAL_BOOKING_STATUS_CONFIRMED, start, start + 30 * CCAL_USEC_PER_MINUTE);
    }
  add_booking (fixture->store, "alone", CCAL_BOOKING_STATUS_PENDING, new_york (10, 22, 9, 0), new_york (10, 22, 9, 30));
  /* Bookable windows are no chips. */
  add_event (fixture->store, "open", CCAL_EVENT_TYPE_AVAILABILITY, new_york (10, 22, 9, 0), new_york (10, 22, 17, 0));
  wait_frames (fixture->window, 2);

  busy = cell_for (fixture, 10, 21);
  shown = ccal_month_cell_get_n_shown (busy);
  hidden = ccal_month_cell_get_n_hidden (busy);
  g_test_message ("700 px: %u shown, %u more", shown, hidden);
  g_assert_cmpuint (shown, >=, 1);
  g_assert_cmpuint (hidden, >, 0);
  g_assert_cmpuint (shown + hidden, ==, 12);
  g_assert_cmpuint (count_visible_chips (GTK_WIDGET (busy)), ==, shown);

  more = ccal_month_cell_get_more_button (busy);
  g_assert_true (gtk_widget_get_child_visible (more));
  label = g_strdup_printf ("+%u more", hidden);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (more)), ==, label);
  /* The button is inside the day, not drawn over the next one. */
  g_assert_true (gtk_widget_compute_bounds (more, GTK_WIDGET (fixture->view), &more_bounds));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (busy), GTK_WIDGET (fixture->view), &cell_bounds));
  g_assert_cmpfloat (more_bounds.origin.y + more_bounds.size.height, <=, cell_bounds.origin.y + cell_bounds.size.height + 0.5);

  quiet = cell_for (fixture, 10, 22);
  g_assert_cmpuint (ccal_month_cell_get_n_shown (quiet), ==, 1);
  g_assert_cmpuint (ccal_month_cell_get_n_hidden (quiet), ==, 0);
  g_assert_false (gtk_widget_get_child_visible (ccal_month_cell_get_more_button (quiet)));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (quiet), "bookable"));

  /* Twice as tall: more chips, fewer behind the button (bound on the next frame). */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 1000);
  wait_frames (fixture->window, 3);
  shown_tall = ccal_month_cell_get_n_shown (busy);
  g_test_message ("1000 px: %u shown, %u more", shown_tall, ccal_month_cell_get_n_hidden (busy));
  g_assert_cmpuint (shown_tall, >, shown);
  g_assert_cmpuint (shown_tall + ccal_month_cell_get_n_hidden (busy), ==, 12);
  g_assert_cmpuint (count_visible_chips (GTK_WIDGET (busy)), ==, shown_tall);
}

/* "+N more" opens a popover with the whole day. */
static void
test_more_popover (Fixture       *fixture,
                   gconstpointer  user_data)
{
  GtkPopover *popover;
  guint n_chips = 0;

  if (!require_display ())
    return;

  for (int i = 0; i < 10; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%02d", i);

      add_booking (fixture->store, id, CCAL_BOOKING_STATUS_CONFIRMED, new_york (10, 7, 8 + i, 0), new_york (10, 7, 8 + i, 30));
    }
  wait_frames (fixture->window, 2);

  /* What a click does (gtk_widget_activate() would wait for the button's press animation). */
  g_signal_emit_by_name (ccal_month_cell_get_more_button (cell_for (fixture, 10, 7)), "clicked");
  wait_frames (fixture->window, 1);
  popover = ccal_month_view_get_popover (fixture->view);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));

  /* Count the chips anywhere under the popover. */
  {
    g_autoptr(GPtrArray) stack = g_ptr_array_new ();

    g_ptr_array_add (stack, popover);
    while (stack->len > 0)
      {
        GtkWidget *widget = g_ptr_array_steal_index (stack, stack->len - 1);

        if (CCAL_IS_OCCURRENCE_WIDGET (widget))
          n_chips++;
        for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
          g_ptr_array_add (stack, child);
      }
  }
  g_assert_cmpuint (n_chips, ==, 10);
  gtk_popover_popdown (popover);
}

typedef struct
{
  guint           n_emissions;
  GDate           date;
  CcalOccurrence *occurrence;
} Emitted;

static void
on_activate_day_cb (CcalMonthView *view,
                    const GDate   *date,
                    Emitted       *emitted)
{
  emitted->n_emissions++;
  emitted->date = *date;
}

static void
on_activate_occurrence_cb (CcalMonthView  *view,
                           CcalOccurrence *occurrence,
                           Emitted        *emitted)
{
  emitted->n_emissions++;
  emitted->occurrence = occurrence;
}

/* Activating a day's number names that day; a chip names its occurrence. */
static void
test_activate (Fixture       *fixture,
               gconstpointer  user_data)
{
  Emitted days = { 0 };
  Emitted chips = { 0 };
  CcalOccurrence *booking;
  CcalMonthCell *cell;
  GtkWidget *chip = NULL;

  if (!require_display ())
    return;

  booking = add_booking (fixture->store, "claire", CCAL_BOOKING_STATUS_CONFIRMED, new_york (10, 9, 10, 0),
                         new_york (10, 9, 10, 30));
  wait_frames (fixture->window, 1);
  g_signal_connect (fixture->view, "activate-day", G_CALLBACK (on_activate_day_cb), &days);
  g_signal_connect (fixture->view, "activate-occurrence", G_CALLBACK (on_activate_occurrence_cb), &chips);

  g_signal_emit_by_name (ccal_month_cell_get_day_button (cell_for (fixture, 10, 9)), "clicked");
  g_assert_cmpuint (days.n_emissions, ==, 1);
  assert_date (&days.date, 2026, 10, 9);

  /* A day of the next month shown at the end. */
  g_signal_emit_by_name (ccal_month_cell_get_day_button (cell_for (fixture, 11, 3)), "clicked");
  g_assert_cmpuint (days.n_emissions, ==, 2);
  assert_date (&days.date, 2026, 11, 3);

  cell = cell_for (fixture, 10, 9);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (cell)); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (CCAL_IS_OCCURRENCE_WIDGET (child) && gtk_widget_get_child_visible (child))
      chip = child;
  g_assert_nonnull (chip);
  g_assert_true (gtk_widget_activate (chip));
  g_assert_cmpuint (chips.n_emissions, ==, 1);
  g_assert_true (chips.occurrence == booking);
}

/* A model change re-binds the same 42 cells and chip widgets; the new data shows. */
static void
test_recycled (Fixture       *fixture,
               gconstpointer  user_data)
{
  CcalMonthCell *cells[42];
  CcalMonthCell *cell;
  GtkWidget *chip_before = NULL, *chip_after = NULL;

  if (!require_display ())
    return;

  add_booking (fixture->store, "first", CCAL_BOOKING_STATUS_PENDING, new_york (10, 12, 9, 0), new_york (10, 12, 9, 30));
  wait_frames (fixture->window, 1);
  for (guint i = 0; i < 42; i++)
    cells[i] = ccal_month_view_get_cell (fixture->view, i);
  cell = cell_for (fixture, 10, 12);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (cell)); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (CCAL_IS_OCCURRENCE_WIDGET (child) && gtk_widget_get_child_visible (child))
      chip_before = child;
  g_assert_nonnull (chip_before);
  g_assert_true (gtk_widget_has_css_class (chip_before, "status-pending"));

  g_list_store_remove_all (fixture->store);
  add_booking (fixture->store, "first", CCAL_BOOKING_STATUS_CONFIRMED, new_york (10, 12, 9, 0), new_york (10, 12, 9, 30));
  wait_frames (fixture->window, 1);

  for (guint i = 0; i < 42; i++)
    g_assert_true (ccal_month_view_get_cell (fixture->view, i) == cells[i]);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (cell)); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (CCAL_IS_OCCURRENCE_WIDGET (child) && gtk_widget_get_child_visible (child))
      chip_after = child;
  g_assert_true (chip_after == chip_before);
  g_assert_true (gtk_widget_has_css_class (chip_after, "status-confirmed"));
}

/* Days are the display zone's: 23:30 in New York on the 5th is the 6th in UTC, but the 5th here;
 * an event over midnight shows on both days. */
static void
test_timezone_days (Fixture       *fixture,
                    gconstpointer  user_data)
{
  if (!require_display ())
    return;

  add_booking (fixture->store, "late", CCAL_BOOKING_STATUS_CONFIRMED, new_york (10, 5, 23, 0), new_york (10, 5, 23, 30));
  add_event (fixture->store, "overnight", CCAL_EVENT_TYPE_BLOCKED, new_york (10, 6, 22, 0), new_york (10, 7, 2, 0));
  wait_frames (fixture->window, 1);

  g_assert_cmpuint (ccal_month_cell_get_occurrences (cell_for (fixture, 10, 5))->len, ==, 1);
  g_assert_cmpuint (ccal_month_cell_get_occurrences (cell_for (fixture, 10, 6))->len, ==, 1);
  g_assert_cmpuint (ccal_month_cell_get_occurrences (cell_for (fixture, 10, 7))->len, ==, 1);
  g_assert_cmpuint (ccal_month_cell_get_occurrences (cell_for (fixture, 10, 8))->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();

#define ADD(path, func) g_test_add ((path), Fixture, NULL, fixture_setup, (func), fixture_teardown)
  ADD ("/gui/month-view/days", test_days);
  ADD ("/gui/month-view/more-count", test_more_count);
  ADD ("/gui/month-view/more-popover", test_more_popover);
  ADD ("/gui/month-view/activate", test_activate);
  ADD ("/gui/month-view/recycled", test_recycled);
  ADD ("/gui/month-view/timezone-days", test_timezone_days);
#undef ADD

  return g_test_run ();
}
