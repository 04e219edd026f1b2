/* test-availability-page.c — the availability page against the real server: the preview offers what
 * GET /availability offers, saves change the server's answer, errors name their field
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (build-aux/run-tests); without a display every case skips (fails with
 * CCAL_TEST_STRICT=1). CCAL_TEST_SHOT_DIR=/tmp/shots saves what the page looks like.
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include "ccal-availability-page.h"
#include "ccal-test-gui.h"
#include "ccal-time.h"
#include "ccal-weekday-hours-row.h"

#define ZONE "Europe/Berlin"

typedef struct
{
  CcalTestServer       *server;
  CcalAccount          *account;
  GtkWindow            *window;
  CcalAvailabilityPage *page;
} Fixture;

static gboolean
page_loaded (gpointer data)
{
  return !ccal_availability_page_get_loading (CCAL_AVAILABILITY_PAGE (data));
}

static void
fixture_setup (Fixture  *fixture,
               gboolean  demo_data)
{
  fixture->server = ccal_test_server_new (NULL);
  if (demo_data)
    g_assert_cmpint (ccal_test_server_run_cli (fixture->server, NULL, NULL, "demo-data", "--database",
                                               fixture->server->database, "--workspace",
                                               fixture->server->workspace_id, NULL), ==, 0);
  fixture->account = ccal_test_gui_account_new (fixture->server, fixture->server->admin_key);
  fixture->page = CCAL_AVAILABILITY_PAGE (ccal_availability_page_new (fixture->account));
  /* Shots are of the page alone: give it the window's background, as it has in the window. */
  gtk_widget_add_css_class (GTK_WIDGET (fixture->page), "background");
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1180, 1000);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->page));
  ccal_test_gui_present_and_wait (fixture->window);
  /* The preview is compared with the server's answer: it must use the server's settings. */
  ccal_test_gui_wait_until (page_loaded, fixture->page, "the server's booking settings");
}

static void
fixture_teardown (Fixture *fixture)
{
  gtk_window_destroy (fixture->window);
  ccal_test_gui_spin ();
  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->server, ccal_test_server_free);
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gboolean      *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Waits for the next painted frame of the window. */
static void
wait_frame (Fixture *fixture)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  gboolean painted = FALSE;
  gulong handler;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (fixture->window));
  ccal_test_gui_wait_until (is_true, &painted, "a frame");
  g_signal_handler_disconnect (clock, handler);
}

/* Saves the page as it looks now as $CCAL_TEST_SHOT_DIR/NAME.png. A widget still waiting for its
 * new size draws nothing, so this waits for frames until it draws. */
static void
shot (Fixture    *fixture,
      const char *name)
{
  const char *dir = g_getenv ("CCAL_TEST_SHOT_DIR");
  GtkWidget *widget = GTK_WIDGET (fixture->page);
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = NULL;
  int width = 0, height = 0;

  if (dir == NULL)
    return;
  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      g_autoptr (GdkPaintable) paintable = NULL;
      g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();

      wait_frame (fixture);
      paintable = gtk_widget_paintable_new (widget);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static gpointer
child (Fixture    *fixture,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (GTK_WIDGET (fixture->page), CCAL_TYPE_AVAILABILITY_PAGE, name);

  g_assert_nonnull (object);
  return object;
}

static CcalWeekdayHoursRow *
day_row (Fixture *fixture,
         guint    day)
{
  return CCAL_WEEKDAY_HOURS_ROW (gtk_list_box_get_row_at_index (child (fixture, "hours_list"), (int) day));
}

static void
set_entry (CcalWeekdayHoursRow *row,
           const char          *field,
           const char          *text)
{
  GtkWidget *entry = ccal_weekday_hours_row_get_entry (row, field);

  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
activate (Fixture    *fixture,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), action, NULL));
  ccal_test_gui_spin ();
}

static gboolean
settings_settled (gpointer data)
{
  Fixture *fixture = data;

  return !ccal_availability_page_has_unsaved_changes (fixture->page) ||
         ccal_availability_page_get_error_field (fixture->page) != NULL;
}

/* Types the settings into the form and saves them (PUT /settings). */
static void
save_settings (Fixture *fixture,
               int      slot,
               int      before,
               int      after,
               int      notice,
               int      advance)
{
  gtk_spin_button_set_value (child (fixture, "slot_spin"), slot);
  gtk_spin_button_set_value (child (fixture, "buffer_before_spin"), before);
  gtk_spin_button_set_value (child (fixture, "buffer_after_spin"), after);
  gtk_spin_button_set_value (child (fixture, "notice_spin"), notice);
  gtk_spin_button_set_value (child (fixture, "advance_spin"), advance);
  gtk_editable_set_text (child (fixture, "timezone_row"), ZONE);
  g_assert_true (ccal_availability_page_has_unsaved_changes (fixture->page));
  activate (fixture, "availability.save-settings");
  ccal_test_gui_wait_until (settings_settled, fixture, "the settings to be saved");
  if (ccal_availability_page_get_error_field (fixture->page) != NULL)
    g_error ("Saving the settings failed: %s", gtk_label_get_label (child (fixture, "settings_error_label")));
}

static GDate
date_from_today (int days)
{
  GDate date;

  g_date_clear (&date, 1);
  g_assert_true (ccal_time_to_date (g_get_real_time (), ZONE, &date, NULL));
  g_date_add_days (&date, (guint) days);
  return date;
}

static GDate
make_date (int year,
           int month,
           int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return date;
}

/* The server's slots for @date: GET /api/calendar/availability, as a caller asks. */
static GArray *
server_slots (Fixture     *fixture,
              const GDate *date)
{
  g_autofree char *text = ccal_date_format (date);
  g_autofree char *path = g_strdup_printf ("/api/calendar/availability?date=%s&admin_id=%s", text,
                                           fixture->server->admin_id);
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (fixture->server, "GET", path, NULL, NULL);
  GArray *slots = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
  JsonArray *array;

  g_assert_cmpuint (response->status, ==, 200);
  array = json_object_get_array_member (ccal_test_response_object (response), "slots");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *slot = json_array_get_object_element (array, i);
      CcalInterval interval;

      g_assert_true (ccal_time_parse_rfc3339 (json_object_get_string_member (slot, "start"), NULL, &interval.start,
                                              NULL));
      g_assert_true (ccal_time_parse_rfc3339 (json_object_get_string_member (slot, "end"), NULL, &interval.end, NULL));
      g_array_append_val (slots, interval);
    }
  return slots;
}

static gboolean
slots_equal (GArray *a,
             GArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_array_index (a, CcalInterval, i).start != g_array_index (b, CcalInterval, i).start ||
        g_array_index (a, CcalInterval, i).end != g_array_index (b, CcalInterval, i).end)
      return FALSE;
  return TRUE;
}

/* The preview equals the server's answer (asked before and after, so a slot crossing the minimum
 * notice meanwhile does not make it flaky). Returns how many slots there are. */
static guint
assert_preview_matches_server (Fixture     *fixture,
                               const GDate *date)
{
  g_autoptr (GArray) before = server_slots (fixture, date);
  g_autoptr (GArray) after = NULL;
  GArray *preview;

  ccal_availability_page_set_preview_date (fixture->page, date);
  preview = ccal_availability_page_get_preview_slots (fixture->page);
  after = server_slots (fixture, date);
  if (!slots_equal (preview, before) && !slots_equal (preview, after))
    {
      g_autofree char *text = ccal_date_format (date);

      g_error ("On %s the preview shows %u slots, the server offers %u", text, preview != NULL ? preview->len : 0,
               after->len);
    }
  return after->len;
}

static gint64
local_time (const GDate *date,
            int          hour,
            int          minute)
{
  CcalWallClock wall = { g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), hour, minute, 0 };
  gint64 usec = 0;

  g_assert_true (ccal_time_from_wall_clock (&wall, ZONE, &usec, NULL));
  return usec;
}

/* The next @weekday (G_DATE_MONDAY …) at least @min_days from today. */
static GDate
next_weekday (GDateWeekday weekday,
              int          min_days)
{
  GDate date = date_from_today (min_days);

  while (g_date_get_weekday (&date) != weekday)
    g_date_add_days (&date, 1);
  return date;
}

/* ── cases ──────────────────────────────────────────────────────────────────────────────────── */

static void
test_preview_matches_server (void)
{
  Fixture fixture = { 0 };
  CcalWeekdayHoursRow *sunday;
  GDate dates[8];
  guint with_slots = 0;

  if (!ccal_test_gui_require_display ())
    return;
  fixture_setup (&fixture, TRUE);

  /* The demo's Mon–Fri hours are shown as two ranges a day. */
  g_assert_nonnull (ccal_weekday_hours_row_get_entry (day_row (&fixture, 0), "2.end"));
  g_assert_null (ccal_weekday_hours_row_get_entry (day_row (&fixture, 5), "1.start"));
  shot (&fixture, "availability-populated");

  /* Buffers on both sides, two hours' notice, and far enough ahead for both DST changes. */
  save_settings (&fixture, 30, 5, 10, 120, 400);

  /* Sunday hours across the night the clocks change. */
  sunday = day_row (&fixture, 6);
  ccal_weekday_hours_row_add_range (sunday);
  set_entry (sunday, "1.start", "01:00");
  set_entry (sunday, "1.end", "05:00");
  ccal_weekday_hours_row_add_range (sunday);
  set_entry (sunday, "2.start", "10:00");
  set_entry (sunday, "2.end", "12:00");
  activate (&fixture, "availability.save-hours");
  g_assert_null (ccal_availability_page_get_error_field (fixture.page));
  ccal_test_gui_sync (fixture.account);

  dates[0] = date_from_today (0);
  dates[1] = date_from_today (1);
  dates[2] = next_weekday (G_DATE_WEDNESDAY, 1);   /* the demo's lunch meeting is on a Wednesday */
  dates[3] = next_weekday (G_DATE_MONDAY, 1);      /* the weekly stand-up */
  dates[4] = date_from_today (9);
  dates[5] = date_from_today (20);
  dates[6] = make_date (2027, 3, 28);              /* Berlin springs forward */
  dates[7] = make_date (2027, 10, 31);             /* and falls back */
  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    with_slots += assert_preview_matches_server (&fixture, &dates[i]) > 0;
  g_assert_cmpuint (with_slots, >=, 5);

  /* The spring-forward Sunday offers the 01:00 window at all. */
  g_assert_cmpuint (assert_preview_matches_server (&fixture, &dates[6]), >, 4);

  /* An unsaved change is previewed at once: a 60-minute slot length halves the Sunday slots. */
  gtk_spin_button_set_value (child (&fixture, "slot_spin"), 60);
  {
    GArray *preview;
    g_autoptr (GArray) server = server_slots (&fixture, &dates[7]);

    ccal_availability_page_set_preview_date (fixture.page, &dates[7]);
    preview = ccal_availability_page_get_preview_slots (fixture.page);
    g_assert_nonnull (preview);
    g_assert_cmpuint (preview->len, <, server->len);
    g_assert_cmpint (g_array_index (preview, CcalInterval, 0).end - g_array_index (preview, CcalInterval, 0).start,
                     ==, 60 * CCAL_USEC_PER_MINUTE);
  }
  shot (&fixture, "availability-preview-dst");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  ccal_test_gui_spin ();
  shot (&fixture, "availability-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  fixture_teardown (&fixture);
}

static void
collect_availability_ids (CcalAccount *account,
                          GHashTable  *ids)
{
  g_autoptr (GPtrArray) events = ccal_cache_query_events (ccal_account_get_cache (account), 0, G_MAXINT64 / 2, NULL,
                                                          NULL);

  g_hash_table_remove_all (ids);
  for (guint i = 0; i < events->len; i++)
    {
      CcalEvent *event = g_ptr_array_index (events, i);

      if (event->type == CCAL_EVENT_TYPE_AVAILABILITY)
        g_hash_table_add (ids, g_strdup (event->id));
    }
}

static void
test_save_hours_changes_server (void)
{
  Fixture fixture = { 0 };
  g_autoptr (GHashTable) before = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) after = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GArray) slots = NULL;
  CcalWeekdayHoursRow *monday;
  GHashTableIter iter;
  gpointer id;
  GDate date;

  if (!ccal_test_gui_require_display ())
    return;
  fixture_setup (&fixture, TRUE);
  collect_availability_ids (fixture.account, before);
  g_assert_cmpuint (g_hash_table_size (before), ==, 2);

  /* Mondays become 07:00–09:00 only. */
  monday = day_row (&fixture, 0);
  set_entry (monday, "1.start", "07:00");
  set_entry (monday, "1.end", "09:00");
  /* The second range goes: its remove button follows its end entry. */
  g_signal_emit_by_name (gtk_widget_get_next_sibling (ccal_weekday_hours_row_get_entry (monday, "2.end")), "clicked");
  g_assert_null (ccal_weekday_hours_row_get_entry (monday, "2.end"));
  ccal_test_gui_spin ();
  activate (&fixture, "availability.save-hours");
  g_assert_null (ccal_availability_page_get_error_field (fixture.page));
  ccal_test_gui_sync (fixture.account);

  /* The two demo series were changed in place, not deleted and made again. */
  collect_availability_ids (fixture.account, after);
  g_hash_table_iter_init (&iter, before);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_assert_true (g_hash_table_contains (after, id));

  date = next_weekday (G_DATE_MONDAY, 2);
  slots = server_slots (&fixture, &date);
  assert_preview_matches_server (&fixture, &date);
  g_assert_cmpuint (slots->len, >, 0);
  g_assert_cmpint (g_array_index (slots, CcalInterval, 0).start, >=, local_time (&date, 7, 0));
  g_assert_cmpint (g_array_index (slots, CcalInterval, slots->len - 1).end, <=, local_time (&date, 9, 0));
  g_clear_pointer (&slots, g_array_unref);

  /* Tuesdays keep their hours. */
  date = next_weekday (G_DATE_TUESDAY, 2);
  slots = server_slots (&fixture, &date);
  g_assert_cmpint (g_array_index (slots, CcalInterval, slots->len - 1).end, >, local_time (&date, 13, 0));

  fixture_teardown (&fixture);
}

static gboolean
row_count_is (gpointer data)
{
  GtkListBox *list = ((gpointer *) data)[0];
  guint wanted = GPOINTER_TO_UINT (((gpointer *) data)[1]);
  guint n = 0;

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    n++;
  return n == wanted;
}

static void
test_overrides_and_blocked (void)
{
  Fixture fixture = { 0 };
  g_autoptr (GArray) slots = NULL;
  GDate day_off = next_weekday (G_DATE_THURSDAY, 3);
  GDate different = next_weekday (G_DATE_TUESDAY, 3);
  GDate blocked = next_weekday (G_DATE_FRIDAY, 3);
  GtkCalendar *calendar;
  g_autoptr (GDateTime) noon = NULL;

  if (!ccal_test_gui_require_display ())
    return;
  fixture_setup (&fixture, TRUE);
  g_assert_cmpuint (assert_preview_matches_server (&fixture, &day_off), >, 0);

  /* A day off. */
  calendar = child (&fixture, "override_calendar");
  noon = g_date_time_new_local (g_date_get_year (&day_off), g_date_get_month (&day_off), g_date_get_day (&day_off),
                                12, 0, 0);
  gtk_calendar_select_day (calendar, noon);
  gtk_drop_down_set_selected (child (&fixture, "override_kind_dropdown"), 0);
  activate (&fixture, "availability.add-override");
  g_assert_null (ccal_availability_page_get_error_field (fixture.page));

  /* Different hours on another date: 14:00–16:00. */
  g_clear_pointer (&noon, g_date_time_unref);
  noon = g_date_time_new_local (g_date_get_year (&different), g_date_get_month (&different),
                                g_date_get_day (&different), 12, 0, 0);
  gtk_calendar_select_day (calendar, noon);
  gtk_drop_down_set_selected (child (&fixture, "override_kind_dropdown"), 1);
  gtk_editable_set_text (child (&fixture, "override_hours_entry"), "14:00–16:00");
  activate (&fixture, "availability.add-override");
  g_assert_null (ccal_availability_page_get_error_field (fixture.page));

  /* Blocked time on a third date: 09:00–11:00. */
  g_clear_pointer (&noon, g_date_time_unref);
  noon = g_date_time_new_local (g_date_get_year (&blocked), g_date_get_month (&blocked), g_date_get_day (&blocked),
                                12, 0, 0);
  gtk_calendar_select_day (child (&fixture, "blocked_calendar"), noon);
  gtk_editable_set_text (child (&fixture, "blocked_title_row"), "Bank appointment");
  gtk_editable_set_text (child (&fixture, "blocked_start_entry"), "09:00");
  gtk_editable_set_text (child (&fixture, "blocked_end_entry"), "11:00");
  activate (&fixture, "availability.add-blocked");
  g_assert_null (ccal_availability_page_get_error_field (fixture.page));

  ccal_test_gui_sync (fixture.account);

  /* The server: nothing on the day off, only 14:00–16:00 on the other date, nothing before 11:00
   * (plus the buffer) on the blocked date. */
  g_assert_cmpuint (assert_preview_matches_server (&fixture, &day_off), ==, 0);
  slots = server_slots (&fixture, &different);
  assert_preview_matches_server (&fixture, &different);
  g_assert_cmpuint (slots->len, >, 0);
  g_assert_cmpint (g_array_index (slots, CcalInterval, 0).start, ==, local_time (&different, 14, 0));
  g_assert_cmpint (g_array_index (slots, CcalInterval, slots->len - 1).end, <=, local_time (&different, 16, 0));
  g_clear_pointer (&slots, g_array_unref);
  slots = server_slots (&fixture, &blocked);
  assert_preview_matches_server (&fixture, &blocked);
  g_assert_cmpuint (slots->len, >, 0);
  g_assert_cmpint (g_array_index (slots, CcalInterval, 0).start, >=, local_time (&blocked, 11, 0));
  g_clear_pointer (&slots, g_array_unref);

  /* The demo's own day off is listed too; ours and the different hours make three. */
  {
    gpointer data[2] = { child (&fixture, "overrides_list"), GUINT_TO_POINTER (3) };

    ccal_test_gui_wait_until (row_count_is, data, "three overrides in the list");
  }
  shot (&fixture, "availability-overrides");

  /* Removing the different hours gives the date its weekly hours back on the server. */
  {
    GtkListBox *list = child (&fixture, "overrides_list");
    GtkWidget *found = NULL;
    g_autofree char *title = NULL;
    g_autoptr (GDateTime) at = g_date_time_new_utc (g_date_get_year (&different), g_date_get_month (&different),
                                                    g_date_get_day (&different), 12, 0, 0);

    title = g_date_time_format (at, "%A %-d %B %Y");
    for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
         row = gtk_widget_get_next_sibling (row))
      if (g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), title) == 0)
        found = row;
    g_assert_nonnull (found);
    /* The remove button is the row's last suffix: find it by its accessible tooltip. */
    {
      g_autofree char *tooltip = g_strdup_printf ("Remove the override on %s", title);
      GtkWidget *button = NULL;
      GtkWidget *walk = found;

      while (walk != NULL && button == NULL)
        {
          if (GTK_IS_BUTTON (walk) && g_strcmp0 (gtk_widget_get_tooltip_text (walk), tooltip) == 0)
            button = walk;
          else if (gtk_widget_get_first_child (walk) != NULL)
            walk = gtk_widget_get_first_child (walk);
          else
            {
              while (walk != found && gtk_widget_get_next_sibling (walk) == NULL)
                walk = gtk_widget_get_parent (walk);
              walk = walk == found ? NULL : gtk_widget_get_next_sibling (walk);
            }
        }
      g_assert_nonnull (button);
      g_signal_emit_by_name (button, "clicked");
    }
  }
  ccal_test_gui_sync (fixture.account);
  slots = server_slots (&fixture, &different);
  assert_preview_matches_server (&fixture, &different);
  g_assert_cmpint (g_array_index (slots, CcalInterval, 0).start, <, local_time (&different, 12, 0));

  fixture_teardown (&fixture);
}

static void
test_validation_names_field (void)
{
  Fixture fixture = { 0 };
  CcalWeekdayHoursRow *monday;
  GtkWidget *error_label;

  if (!ccal_test_gui_require_display ())
    return;
  fixture_setup (&fixture, TRUE);
  monday = day_row (&fixture, 0);

  /* End before start. */
  set_entry (monday, "1.end", "08:00");
  activate (&fixture, "availability.save-hours");
  g_assert_cmpstr (ccal_availability_page_get_error_field (fixture.page), ==, "monday.1.end");
  g_assert_true (gtk_widget_has_css_class (ccal_weekday_hours_row_get_entry (monday, "1.end"), "error"));
  error_label = gtk_widget_get_last_child (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (monday)));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (error_label)), "Monday, range 1"));
  shot (&fixture, "availability-error");

  /* Overlap. */
  set_entry (monday, "1.end", "14:00");
  g_assert_null (ccal_availability_page_get_error_field (fixture.page));   /* typing clears it */
  activate (&fixture, "availability.save-hours");
  g_assert_cmpstr (ccal_availability_page_get_error_field (fixture.page), ==, "monday.2.start");

  /* Not a time. */
  set_entry (monday, "1.end", "12:00");
  set_entry (day_row (&fixture, 2), "2.start", "13:7x");
  activate (&fixture, "availability.save-hours");
  g_assert_cmpstr (ccal_availability_page_get_error_field (fixture.page), ==, "wednesday.2.start");
  g_assert_true (gtk_widget_has_css_class (ccal_weekday_hours_row_get_entry (day_row (&fixture, 2), "2.start"),
                                           "error"));
  set_entry (day_row (&fixture, 2), "2.start", "13:00");

  /* Settings: a zone nobody knows. */
  gtk_editable_set_text (child (&fixture, "timezone_row"), "Mars/Olympus_Mons");
  activate (&fixture, "availability.save-settings");
  g_assert_cmpstr (ccal_availability_page_get_error_field (fixture.page), ==, "timezone");
  g_assert_nonnull (strstr (gtk_label_get_label (child (&fixture, "settings_error_label")), "Time zone"));
  g_assert_true (ccal_availability_page_has_unsaved_changes (fixture.page));
  g_assert_cmpstr (gtk_editable_get_text (child (&fixture, "timezone_row")), ==, "Mars/Olympus_Mons");

  /* Overrides: hours that are not hours. */
  gtk_drop_down_set_selected (child (&fixture, "override_kind_dropdown"), 1);
  gtk_editable_set_text (child (&fixture, "override_hours_entry"), "after lunch");
  activate (&fixture, "availability.add-override");
  g_assert_cmpstr (ccal_availability_page_get_error_field (fixture.page), ==, "override_hours");
  gtk_editable_set_text (child (&fixture, "override_hours_entry"), "10:00–12:00, 11:00–13:00");
  activate (&fixture, "availability.add-override");
  g_assert_cmpstr (ccal_availability_page_get_error_field (fixture.page), ==, "override_hours");
  g_assert_nonnull (strstr (gtk_label_get_label (child (&fixture, "override_error_label")), "range 2"));

  /* Blocked time that ends before it starts. */
  gtk_editable_set_text (child (&fixture, "blocked_start_entry"), "15:00");
  gtk_editable_set_text (child (&fixture, "blocked_end_entry"), "14:00");
  activate (&fixture, "availability.add-blocked");
  g_assert_cmpstr (ccal_availability_page_get_error_field (fixture.page), ==, "blocked_end");
  shot (&fixture, "availability-error-blocked");

  fixture_teardown (&fixture);
}

static void
test_settings_offline_kept (void)
{
  Fixture fixture = { 0 };
  g_autoptr (CcalTestResponse) response = NULL;

  if (!ccal_test_gui_require_display ())
    return;
  fixture_setup (&fixture, FALSE);

  ccal_test_server_stop (fixture.server);
  gtk_spin_button_set_value (child (&fixture, "slot_spin"), 45);
  activate (&fixture, "availability.save-settings");
  ccal_test_gui_wait_until (settings_settled, &fixture, "the save to fail");
  g_assert_cmpstr (ccal_availability_page_get_error_field (fixture.page), ==, "settings");
  g_assert_nonnull (strstr (gtk_label_get_label (child (&fixture, "settings_error_label")), "cannot be reached"));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (child (&fixture, "slot_spin")), ==, 45);
  g_assert_true (ccal_availability_page_has_unsaved_changes (fixture.page));
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (child (&fixture, "settings_group"), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    shot (&fixture, "availability-offline");
  }

  /* Back online: the same values go through. */
  ccal_test_server_restart (fixture.server);
  activate (&fixture, "availability.save-settings");
  ccal_test_gui_wait_until (settings_settled, &fixture, "the settings to be saved");
  g_assert_null (ccal_availability_page_get_error_field (fixture.page));
  response = ccal_test_server_request (fixture.server, "GET", "/api/calendar/settings", fixture.server->admin_key,
                                       NULL);
  g_assert_cmpint (json_object_get_int_member (ccal_test_response_member (response, "settings"), "slot_minutes"), ==,
                   45);
  {
    g_autoptr (CcalSettings) cached = ccal_cache_get_settings (ccal_account_get_cache (fixture.account),
                                                               fixture.server->admin_id, NULL);

    g_assert_nonnull (cached);
    g_assert_cmpint (cached->slot_minutes, ==, 45);
  }

  fixture_teardown (&fixture);
}

static void
test_empty (void)
{
  Fixture fixture = { 0 };
  GArray *preview;
  GDate date = date_from_today (3);

  if (!ccal_test_gui_require_display ())
    return;
  fixture_setup (&fixture, FALSE);

  for (guint day = 0; day < 7; day++)
    g_assert_null (ccal_weekday_hours_row_get_entry (day_row (&fixture, day), "1.start"));
  ccal_availability_page_set_preview_date (fixture.page, &date);
  preview = ccal_availability_page_get_preview_slots (fixture.page);
  g_assert_nonnull (preview);
  g_assert_cmpuint (preview->len, ==, 0);
  shot (&fixture, "availability-empty");

  /* Add Tuesday hours and copy them to every day: the preview shows them before saving. */
  ccal_weekday_hours_row_add_range (day_row (&fixture, 1));
  g_signal_emit_by_name (day_row (&fixture, 1), "copy-to-all");
  for (guint day = 0; day < 7; day++)
    g_assert_nonnull (ccal_weekday_hours_row_get_entry (day_row (&fixture, day), "1.start"));
  preview = ccal_availability_page_get_preview_slots (fixture.page);
  g_assert_cmpuint (preview->len, ==, 16);   /* 09:00–17:00 in 30 minutes */
  g_assert_true (ccal_availability_page_has_unsaved_changes (fixture.page));

  fixture_teardown (&fixture);
}

int
main (int    argc,
      char **argv)
{
  ccal_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/availability/preview-matches-server", test_preview_matches_server);
  g_test_add_func ("/gui/availability/save-hours-changes-server", test_save_hours_changes_server);
  g_test_add_func ("/gui/availability/overrides-and-blocked", test_overrides_and_blocked);
  g_test_add_func ("/gui/availability/validation-names-field", test_validation_names_field);
  g_test_add_func ("/gui/availability/settings-offline-kept", test_settings_offline_kept);
  g_test_add_func ("/gui/availability/empty", test_empty);

  return ccal_test_gui_run ();
}
