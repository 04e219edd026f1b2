/* test-booking-dialog.c — booking on behalf of a caller against the real server: hold, book, 409, offline queue
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each case starts the server binary with a UTC admin who is available every day 09:00–12:00 (six
 * 30-minute slots), opens the dialog on the day after tomorrow and works it as a person would;
 * what it made is checked over HTTP. Runs under Xvfb; without a display every case skips (or fails
 * with CCAL_TEST_STRICT=1).
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include "ccal-booking-dialog.h"
#include "ccal-test-gui.h"
#include "ccal-time.h"

typedef struct
{
  CcalTestServer    *server;
  CcalAccount       *account;
  CcalBookingDialog *dialog;
  GDate              day;
  char              *day_text;      /* "YYYY-MM-DD" */
  guint              booked;        /* "booked" emissions */
  gboolean           last_confirmed;
  CcalBooking       *last_booking;
} Fixture;

/* ── helpers ────────────────────────────────────────────────────────────────────────────────── */

static gint64
at (Fixture    *fixture,
    int         hour,
    int         minute)
{
  CcalWallClock wall = { g_date_get_year (&fixture->day), g_date_get_month (&fixture->day),
                         g_date_get_day (&fixture->day), hour, minute, 0 };
  gint64 usec = 0;

  g_assert_true (ccal_time_from_wall_clock (&wall, "UTC", &usec, NULL));
  return usec;
}

static char *
at_text (Fixture *fixture,
         int      hour,
         int      minute)
{
  return ccal_time_format_rfc3339 (at (fixture, hour, minute));
}

static void
on_booked_cb (CcalBookingDialog *dialog,
              CcalBooking       *booking,
              gboolean           confirmed,
              Fixture           *fixture)
{
  fixture->booked++;
  fixture->last_confirmed = confirmed;
  g_set_object (&fixture->last_booking, booking);
}

static gboolean
dialog_idle (gpointer data)
{
  return !ccal_booking_dialog_is_busy (data);
}

static gboolean
dialog_has_hold (gpointer data)
{
  return ccal_booking_dialog_get_hold (data) != NULL && !ccal_booking_dialog_is_busy (data);
}

typedef struct
{
  CcalBookingDialog *dialog;
  const char        *page;
} PageWait;

static gboolean
dialog_on_page (gpointer data)
{
  PageWait *wait = data;

  return g_strcmp0 (ccal_booking_dialog_get_page (wait->dialog), wait->page) == 0 &&
         !ccal_booking_dialog_is_busy (wait->dialog);
}

static void
wait_for_page (Fixture    *fixture,
               const char *page)
{
  PageWait wait = { fixture->dialog, page };

  ccal_test_gui_wait_until (dialog_on_page, &wait, page);
}

static void
wait_ms (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
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

/* Saves the dialog as it looks after its next frame (when CCAL_TEST_SHOT_DIR is set). */
static void
shot (Fixture    *fixture,
      const char *name)
{
  GdkFrameClock *clock;
  gboolean painted = FALSE;
  gulong handler;

  if (g_getenv ("CCAL_TEST_SHOT_DIR") == NULL)
    return;
  /* Let revealers finish their transitions. */
  wait_ms (400);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->dialog));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (fixture->dialog));
  ccal_test_gui_wait_until (is_true, &painted, "a frame");
  g_signal_handler_disconnect (clock, handler);
  ccal_test_gui_save_shot (GTK_WIDGET (fixture->dialog), name);
}

static void
fixture_open_dialog (Fixture *fixture)
{
  fixture->dialog = ccal_booking_dialog_new (fixture->account, NULL);
  g_object_ref_sink (fixture->dialog);
  g_signal_connect (fixture->dialog, "booked", G_CALLBACK (on_booked_cb), fixture);
  ccal_test_gui_present_and_wait (GTK_WINDOW (fixture->dialog));
  ccal_booking_dialog_set_date (fixture->dialog, &fixture->day);
  ccal_test_gui_wait_until (dialog_idle, fixture->dialog, "the day's free slots");
}

/* A server whose admin works 09:00–12:00 UTC every day, an account on it, the dialog open. */
static gboolean
fixture_setup (Fixture *fixture)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autoptr (GDateTime) later = g_date_time_add_days (now, 2);
  g_autoptr (CcalTestResponse) settings = NULL;
  g_autoptr (CcalTestResponse) created = NULL;
  g_autofree char *first_day = g_date_time_format (yesterday, "%Y-%m-%d");
  g_autofree char *event = NULL;

  memset (fixture, 0, sizeof *fixture);
  if (!ccal_test_gui_require_display ())
    return FALSE;

  /* The cases poll the public availability: no rate limit. */
  fixture->server = ccal_test_server_new ((const char * const[]) { "--rate-limit", "0", NULL });
  settings = ccal_test_server_request (fixture->server, "PUT", "/api/calendar/settings", fixture->server->admin_key,
                                       "{\"timezone\":\"UTC\",\"slot_minutes\":30}");
  g_assert_cmpuint (settings->status, ==, 200);
  event = g_strdup_printf ("{\"title\":\"Office hours\",\"type\":\"availability\",\"start_time\":\"%sT09:00:00Z\","
                           "\"end_time\":\"%sT12:00:00Z\",\"rrule\":\"FREQ=DAILY\"}", first_day, first_day);
  created = ccal_test_server_request (fixture->server, "POST", "/api/calendar/events", fixture->server->admin_key,
                                      event);
  g_assert_cmpuint (created->status, ==, 201);

  g_date_clear (&fixture->day, 1);
  g_date_set_dmy (&fixture->day, g_date_time_get_day_of_month (later), g_date_time_get_month (later),
                  g_date_time_get_year (later));
  fixture->day_text = g_date_time_format (later, "%Y-%m-%d");
  fixture->account = ccal_test_gui_account_new (fixture->server, fixture->server->admin_key);
  fixture_open_dialog (fixture);
  return TRUE;
}

static void
fixture_close_dialog (Fixture *fixture)
{
  if (fixture->dialog == NULL)
    return;
  gtk_window_destroy (GTK_WINDOW (fixture->dialog));
  g_clear_object (&fixture->dialog);
  /* Let the hold's release (fire and forget) finish. */
  wait_ms (300);
}

static void
fixture_teardown (Fixture *fixture)
{
  fixture_close_dialog (fixture);
  g_clear_object (&fixture->last_booking);
  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->server, ccal_test_server_free);
  g_free (fixture->day_text);
}

/* The slot starts GET /availability offers to everyone else, as "…Z" strings. */
static GPtrArray *
public_slots (Fixture *fixture)
{
  g_autofree char *path = g_strdup_printf ("/api/calendar/availability?admin_id=%s&date=%s",
                                           fixture->server->admin_id, fixture->day_text);
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (fixture->server, "GET", path, NULL, NULL);
  GPtrArray *starts = g_ptr_array_new_with_free_func (g_free);
  JsonArray *slots;

  g_assert_cmpuint (response->status, ==, 200);
  slots = json_object_get_array_member (ccal_test_response_object (response), "slots");
  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      const char *start = json_object_get_string_member (json_array_get_object_element (slots, i), "start");
      gint64 usec = 0;

      g_assert_true (ccal_time_parse_rfc3339 (start, NULL, &usec, NULL));
      g_ptr_array_add (starts, ccal_time_format_rfc3339 (usec));
    }
  return starts;
}

static gboolean
public_slot_free (Fixture *fixture,
                  int      hour,
                  int      minute)
{
  g_autoptr (GPtrArray) starts = public_slots (fixture);
  g_autofree char *start = at_text (fixture, hour, minute);

  return g_ptr_array_find_with_equal_func (starts, start, g_str_equal, NULL);
}

/* Another desk or a web visitor books @hour:@minute without any hold. */
static guint
book_elsewhere (Fixture *fixture,
                int      hour,
                int      minute)
{
  g_autofree char *start = at_text (fixture, hour, minute);
  g_autofree char *body = g_strdup_printf ("{\"admin_id\":\"%s\",\"start_time\":\"%s\",\"name\":\"Web Visitor\","
                                           "\"email\":\"visitor@example.net\"}", fixture->server->admin_id, start);
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (fixture->server, "POST", "/api/calendar/book",
                                                                    NULL, body);

  return response->status;
}

static guint
count_server_bookings (Fixture *fixture)
{
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (fixture->server, "GET", "/api/calendar/bookings",
                                                                    fixture->server->admin_key, NULL);

  g_assert_cmpuint (response->status, ==, 200);
  return json_array_get_length (json_object_get_array_member (ccal_test_response_object (response), "bookings"));
}

static gboolean
slots_contain (CcalBookingDialog *dialog,
               gint64             start)
{
  g_autoptr (GArray) slots = ccal_booking_dialog_get_slots (dialog);

  for (guint i = 0; i < slots->len; i++)
    {
      if (g_array_index (slots, gint64, i) == start)
        return TRUE;
    }
  return FALSE;
}

static void
pick_and_hold (Fixture *fixture,
               int      hour,
               int      minute)
{
  const CcalHold *hold;

  g_assert_true (ccal_booking_dialog_pick_slot (fixture->dialog, at (fixture, hour, minute)));
  ccal_test_gui_wait_until (dialog_has_hold, fixture->dialog, "the hold");
  hold = ccal_booking_dialog_get_hold (fixture->dialog);
  g_assert_cmpint (hold->start_time, ==, at (fixture, hour, minute));
  g_assert_cmpint (hold->end_time, ==, at (fixture, hour, minute) + G_GINT64_CONSTANT (30) * 60 * G_USEC_PER_SEC);
  g_assert_cmpint (hold->expires_at, >, g_get_real_time ());
}

static void
fill_form (Fixture *fixture)
{
  ccal_booking_dialog_set_text (fixture->dialog, "name", "Jane Caller");
  ccal_booking_dialog_set_text (fixture->dialog, "email", "jane.caller@example.com");
  ccal_booking_dialog_set_text (fixture->dialog, "phone", "+1 (212) 555-0100");
  ccal_booking_dialog_set_text (fixture->dialog, "product_interest", "Solar panels");
  ccal_booking_dialog_set_text (fixture->dialog, "notes", "Calls back after lunch.");
  ccal_booking_dialog_set_text (fixture->dialog, "timezone", "America/New_York");
}

static void
assert_form_kept (Fixture *fixture)
{
  static const char * const expected[][2] = {
    { "name", "Jane Caller" },
    { "email", "jane.caller@example.com" },
    { "phone", "+1 (212) 555-0100" },
    { "product_interest", "Solar panels" },
    { "notes", "Calls back after lunch." },
    { "timezone", "America/New_York" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *text = ccal_booking_dialog_get_text (fixture->dialog, expected[i][0]);

      g_assert_cmpstr (text, ==, expected[i][1]);
    }
}

typedef struct
{
  GType       type;
  const char *title;    /* AdwPreferencesRow title, or NULL for any */
} Match;

static GtkWidget *
find_widget (GtkWidget   *root,
             const Match *match)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, match->type) &&
          (match->title == NULL ||
           (ADW_IS_PREFERENCES_ROW (child) &&
            g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), match->title) == 0)))
        return child;
      found = find_widget (child, match);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The first suggested contact's row (it carries the contact it stands for). */
static GtkWidget *
find_suggestion (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LIST_BOX_ROW (child) && g_object_get_data (G_OBJECT (child), "contact-index") != NULL &&
          gtk_widget_is_visible (child))
        return child;
      found = find_suggestion (child);
      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Activates the shortcut @keyval + @mods of @widget as a key press would. */
static gboolean
press_shortcut (GtkWidget       *widget,
                guint            keyval,
                GdkModifierType  mods)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);
  g_autoptr (GtkShortcutTrigger) wanted = gtk_keyval_trigger_new (keyval, mods);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          if (gtk_shortcut_trigger_equal (gtk_shortcut_get_trigger (shortcut), wanted))
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                                 widget, gtk_shortcut_get_arguments (shortcut));
        }
    }
  return FALSE;
}

/* ── cases ──────────────────────────────────────────────────────────────────────────────────── */

static void
on_clipboard_text_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

static void
test_book (void)
{
  Fixture fixture;
  g_autoptr (CcalTestResponse) response = NULL;
  g_autofree char *path = NULL;
  g_autofree char *clipboard_text = NULL;
  JsonObject *booking, *contact;

  if (!fixture_setup (&fixture))
    return;

  g_assert_true (slots_contain (fixture.dialog, at (&fixture, 9, 0)));
  g_assert_true (slots_contain (fixture.dialog, at (&fixture, 11, 30)));
  shot (&fixture, "slot-list");

  fill_form (&fixture);
  pick_and_hold (&fixture, 9, 30);
  shot (&fixture, "form-held");

  ccal_booking_dialog_submit (fixture.dialog);
  wait_for_page (&fixture, "done");
  g_assert_cmpuint (fixture.booked, ==, 1);
  g_assert_true (fixture.last_confirmed);
  g_assert_cmpstr (ccal_booking_dialog_get_status (fixture.dialog), ==, "Confirmed");
  g_assert_nonnull (strstr (ccal_booking_dialog_get_summary (fixture.dialog), "Jane Caller"));
  g_assert_nonnull (strstr (ccal_booking_dialog_get_summary (fixture.dialog), "America/New_York"));
  shot (&fixture, "confirmation");

  /* The server has it, with what was typed. */
  path = g_strdup_printf ("/api/calendar/bookings/%s", fixture.last_booking->id);
  response = ccal_test_server_request (fixture.server, "GET", path, fixture.server->admin_key, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  booking = ccal_test_response_member (response, "booking");
  contact = json_object_get_object_member (booking, "contact");
  g_assert_cmpstr (json_object_get_string_member (contact, "name"), ==, "Jane Caller");
  g_assert_cmpstr (json_object_get_string_member (contact, "email"), ==, "jane.caller@example.com");
  g_assert_cmpstr (json_object_get_string_member (contact, "phone"), ==, "+1 (212) 555-0100");
  g_assert_cmpstr (json_object_get_string_member (booking, "product_interest"), ==, "Solar panels");
  g_assert_cmpstr (json_object_get_string_member (booking, "description"), ==, "Calls back after lunch.");
  g_assert_cmpstr (json_object_get_string_member (booking, "source"), ==, "staff");
  {
    gint64 usec = 0;

    g_assert_true (ccal_time_parse_rfc3339 (json_object_get_string_member (booking, "start_time"), NULL, &usec, NULL));
    g_assert_cmpint (usec, ==, at (&fixture, 9, 30));
  }
  g_assert_false (public_slot_free (&fixture, 9, 30));

  /* Copy puts the summary on the clipboard. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "booking.copy", NULL);
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (fixture.dialog)), NULL, on_clipboard_text_cb,
                                 &clipboard_text);
  ccal_test_gui_wait_until (is_set, &clipboard_text, "the clipboard");
  g_assert_cmpstr (clipboard_text, ==, ccal_booking_dialog_get_summary (fixture.dialog));

  /* Add Another: a clean form on the same day, without the booked slot. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "booking.add-another", NULL);
  wait_for_page (&fixture, "booking");
  {
    g_autofree char *name = ccal_booking_dialog_get_text (fixture.dialog, "name");

    g_assert_cmpstr (name, ==, "");
  }
  g_assert_false (slots_contain (fixture.dialog, at (&fixture, 9, 30)));
  g_assert_true (slots_contain (fixture.dialog, at (&fixture, 10, 0)));

  fixture_teardown (&fixture);
}

static void
test_double_submit (void)
{
  Fixture fixture;

  if (!fixture_setup (&fixture))
    return;

  fill_form (&fixture);
  pick_and_hold (&fixture, 10, 0);
  /* Two activations before the answer: the button, then Enter. */
  ccal_booking_dialog_submit (fixture.dialog);
  ccal_booking_dialog_submit (fixture.dialog);
  gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "booking.submit", NULL);
  wait_for_page (&fixture, "done");
  wait_ms (200);

  g_assert_cmpuint (fixture.booked, ==, 1);
  g_assert_cmpuint (count_server_bookings (&fixture), ==, 1);
  fixture_teardown (&fixture);
}

static void
test_hold_keeps_others_out (void)
{
  Fixture fixture;

  if (!fixture_setup (&fixture))
    return;

  g_assert_true (public_slot_free (&fixture, 11, 0));
  pick_and_hold (&fixture, 11, 0);
  shot (&fixture, "held");

  /* Nobody else sees or gets it while the caller is on the line. */
  g_assert_false (public_slot_free (&fixture, 11, 0));
  g_assert_cmpuint (book_elsewhere (&fixture, 11, 0), ==, 409);
  g_assert_true (slots_contain (fixture.dialog, at (&fixture, 11, 0)));

  /* Picking another slot moves the hold. */
  pick_and_hold (&fixture, 11, 30);
  g_assert_false (public_slot_free (&fixture, 11, 30));
  g_assert_true (public_slot_free (&fixture, 11, 0));
  fixture_teardown (&fixture);
}

static void
test_slot_taken (void)
{
  Fixture fixture;
  g_autofree char *hold_path = NULL;
  g_autoptr (CcalTestResponse) released = NULL;

  if (!fixture_setup (&fixture))
    return;

  fill_form (&fixture);

  /* Taken elsewhere after the list was shown, before the hold: the hold is refused. */
  g_assert_true (slots_contain (fixture.dialog, at (&fixture, 10, 0)));
  g_assert_cmpuint (book_elsewhere (&fixture, 10, 0), ==, 201);
  g_assert_true (ccal_booking_dialog_pick_slot (fixture.dialog, at (&fixture, 10, 0)));
  ccal_test_gui_wait_until (dialog_idle, fixture.dialog, "the refused hold");
  g_assert_null (ccal_booking_dialog_get_hold (fixture.dialog));
  g_assert_nonnull (strstr (ccal_booking_dialog_get_notice (fixture.dialog), "That time was just taken"));
  g_assert_false (slots_contain (fixture.dialog, at (&fixture, 10, 0)));
  g_assert_true (slots_contain (fixture.dialog, at (&fixture, 10, 30)));
  assert_form_kept (&fixture);
  shot (&fixture, "slot-taken");

  /* Taken while held once the hold is gone (a colleague released it): the booking is refused. */
  pick_and_hold (&fixture, 10, 30);
  hold_path = g_strdup_printf ("/api/calendar/holds/%s", ccal_booking_dialog_get_hold (fixture.dialog)->id);
  released = ccal_test_server_request (fixture.server, "DELETE", hold_path, fixture.server->admin_key, NULL);
  g_assert_cmpuint (released->status, ==, 204);
  g_assert_cmpuint (book_elsewhere (&fixture, 10, 30), ==, 201);
  ccal_booking_dialog_submit (fixture.dialog);
  wait_for_page (&fixture, "booking");
  g_assert_cmpuint (fixture.booked, ==, 0);
  g_assert_nonnull (strstr (ccal_booking_dialog_get_notice (fixture.dialog), "That time was just taken"));
  g_assert_false (slots_contain (fixture.dialog, at (&fixture, 10, 30)));
  g_assert_true (slots_contain (fixture.dialog, at (&fixture, 11, 0)));
  assert_form_kept (&fixture);
  g_assert_cmpuint (count_server_bookings (&fixture), ==, 2);
  fixture_teardown (&fixture);
}

static void
test_invalid_fields (void)
{
  Fixture fixture;
  const char * const *fields;
  guint64 requests;

  if (!fixture_setup (&fixture))
    return;

  pick_and_hold (&fixture, 9, 0);
  ccal_booking_dialog_set_text (fixture.dialog, "name", "   ");
  ccal_booking_dialog_set_text (fixture.dialog, "email", "jane.example.com");
  ccal_booking_dialog_set_text (fixture.dialog, "phone", "call me maybe");
  ccal_booking_dialog_set_text (fixture.dialog, "product_interest", "Heat pumps");

  requests = ccal_api_client_get_request_count (ccal_account_get_api_client (fixture.account));
  ccal_booking_dialog_submit (fixture.dialog);
  ccal_test_gui_spin ();

  fields = ccal_booking_dialog_get_error_fields (fixture.dialog);
  g_assert_nonnull (fields);
  g_assert_cmpuint (g_strv_length ((GStrv) fields), ==, 3);
  g_assert_cmpstr (fields[0], ==, "name");
  g_assert_cmpstr (fields[1], ==, "email");
  g_assert_cmpstr (fields[2], ==, "phone");
  g_assert_cmpstr (ccal_booking_dialog_get_page (fixture.dialog), ==, "booking");
  g_assert_cmpuint (ccal_api_client_get_request_count (ccal_account_get_api_client (fixture.account)), ==, requests);
  shot (&fixture, "form-errors");

  /* Fixing one field clears its mark only. */
  ccal_booking_dialog_set_text (fixture.dialog, "email", "jane@example.com");
  ccal_booking_dialog_set_text (fixture.dialog, "name", "Jane");
  ccal_booking_dialog_submit (fixture.dialog);
  ccal_test_gui_spin ();
  fields = ccal_booking_dialog_get_error_fields (fixture.dialog);
  g_assert_nonnull (fields);
  g_assert_cmpuint (g_strv_length ((GStrv) fields), ==, 1);
  g_assert_cmpstr (fields[0], ==, "phone");
  g_assert_cmpuint (fixture.booked, ==, 0);
  g_assert_cmpuint (count_server_bookings (&fixture), ==, 0);
  fixture_teardown (&fixture);
}

static gboolean
slot_free_again (gpointer data)
{
  Fixture *fixture = data;

  wait_ms (50);
  return public_slot_free (fixture, 9, 0);
}

static void
test_cancel_releases_hold (void)
{
  Fixture fixture;

  if (!fixture_setup (&fixture))
    return;

  pick_and_hold (&fixture, 9, 0);
  g_assert_false (public_slot_free (&fixture, 9, 0));
  gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "window.close", NULL);
  ccal_test_gui_wait_until (slot_free_again, &fixture, "the hold's release");
  g_assert_cmpuint (count_server_bookings (&fixture), ==, 0);
  fixture_teardown (&fixture);
}

static gboolean
booking_status_is (gpointer data)
{
  Fixture *fixture = data;
  const char *status = ccal_booking_dialog_get_status (fixture->dialog);

  return status != NULL && !g_str_equal (status, "Not confirmed yet");
}

/* Offline: nothing pretended; queued as unconfirmed; then sent with the next sync. @taken: someone
 * else books the slot first, so the queued booking fails with the server's reason. */
static void
run_offline (gboolean taken)
{
  Fixture fixture;
  g_autoptr (CcalBooking) cached = NULL;
  g_autofree char *hold_id = NULL;

  if (!fixture_setup (&fixture))
    return;

  fill_form (&fixture);
  pick_and_hold (&fixture, 11, 30);
  hold_id = g_strdup (ccal_booking_dialog_get_hold (fixture.dialog)->id);
  g_assert_cmpint (ccal_test_server_stop (fixture.server), ==, 0);

  ccal_booking_dialog_submit (fixture.dialog);
  wait_for_page (&fixture, "offline");
  g_assert_cmpuint (fixture.booked, ==, 0);
  shot (&fixture, "offline");

  gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "booking.queue", NULL);
  wait_for_page (&fixture, "done");
  g_assert_cmpuint (fixture.booked, ==, 1);
  g_assert_false (fixture.last_confirmed);
  g_assert_cmpstr (ccal_booking_dialog_get_status (fixture.dialog), ==, "Not confirmed yet");
  cached = ccal_cache_get_booking (ccal_account_get_cache (fixture.account), fixture.last_booking->id, NULL);
  g_assert_nonnull (cached);
  g_assert_cmpstr (cached->contact->email, ==, "jane.caller@example.com");
  shot (&fixture, "queued");

  ccal_test_server_restart (fixture.server);
  if (taken)
    {
      g_autofree char *path = g_strdup_printf ("/api/calendar/holds/%s", hold_id);
      g_autoptr (CcalTestResponse) released = NULL;

      /* The hold ran out meanwhile (released here, as a colleague may), and a web visitor took the time. */
      released = ccal_test_server_request (fixture.server, "DELETE", path, fixture.server->admin_key, NULL);
      g_assert_cmpuint (released->status, ==, 204);
      g_assert_cmpuint (book_elsewhere (&fixture, 11, 30), ==, 201);
    }
  ccal_test_gui_sync (fixture.account);
  ccal_test_gui_wait_until (booking_status_is, &fixture, "the queued booking's answer");
  if (taken)
    {
      g_assert_true (g_str_has_prefix (ccal_booking_dialog_get_status (fixture.dialog), "Failed: "));
      g_assert_cmpuint (fixture.booked, ==, 1);
      shot (&fixture, "queued-failed");

      /* Back to the form: the caller's details are still there. */
      gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "booking.back", NULL);
      wait_for_page (&fixture, "booking");
      assert_form_kept (&fixture);
      g_assert_false (slots_contain (fixture.dialog, at (&fixture, 11, 30)));
    }
  else
    {
      g_assert_cmpstr (ccal_booking_dialog_get_status (fixture.dialog), ==, "Confirmed");
      g_assert_cmpuint (count_server_bookings (&fixture), ==, 1);
      g_assert_cmpuint (fixture.booked, ==, 2);
      g_assert_true (fixture.last_confirmed);
    }
  fixture_teardown (&fixture);
}

static void
test_offline_queue (void)
{
  run_offline (FALSE);
}

static void
test_offline_queue_refused (void)
{
  run_offline (TRUE);
}

static void
test_keyboard (void)
{
  Fixture fixture;
  Match email_match = { ADW_TYPE_ENTRY_ROW, "_E-mail" };
  Match text_match = { GTK_TYPE_TEXT, NULL };
  GtkWidget *email_row, *text;
  GtkWidget *dialog;

  if (!fixture_setup (&fixture))
    return;

  /* Enter in a field books. */
  fill_form (&fixture);
  pick_and_hold (&fixture, 9, 0);
  email_row = find_widget (GTK_WIDGET (fixture.dialog), &email_match);
  g_assert_nonnull (email_row);
  text = find_widget (email_row, &text_match);
  g_assert_nonnull (text);
  gtk_widget_grab_focus (text);
  /* What Enter does in the field. */
  g_signal_emit_by_name (text, "activate");
  wait_for_page (&fixture, "done");
  g_assert_cmpuint (fixture.booked, ==, 1);
  g_assert_cmpuint (count_server_bookings (&fixture), ==, 1);

  /* Escape closes (and releases the hold). */
  fixture_close_dialog (&fixture);
  fixture_open_dialog (&fixture);
  pick_and_hold (&fixture, 9, 30);
  dialog = GTK_WIDGET (fixture.dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (press_shortcut (dialog, GDK_KEY_Escape, 0));
  g_clear_object (&fixture.dialog);
  ccal_test_gui_spin ();
  g_assert_null (dialog);
  wait_ms (300);
  g_assert_true (public_slot_free (&fixture, 9, 30));
  fixture_teardown (&fixture);
}

static void
test_set_start (void)
{
  Fixture fixture;

  if (!fixture_setup (&fixture))
    return;

  fixture_close_dialog (&fixture);
  fixture.dialog = ccal_booking_dialog_new (fixture.account, NULL);
  g_object_ref_sink (fixture.dialog);
  ccal_booking_dialog_set_start (fixture.dialog, at (&fixture, 10, 30));
  ccal_test_gui_present_and_wait (GTK_WINDOW (fixture.dialog));
  ccal_test_gui_wait_until (dialog_has_hold, fixture.dialog, "the week view's slot held");
  g_assert_cmpint (ccal_booking_dialog_get_hold (fixture.dialog)->start_time, ==, at (&fixture, 10, 30));
  fixture_teardown (&fixture);
}

static void
test_admin_picker (void)
{
  Fixture fixture;
  Match admin_match = { ADW_TYPE_COMBO_ROW, "Book _with" };
  const char * const *ids;
  GtkWidget *row;
  g_autofree char *key = NULL;

  if (!fixture_setup (&fixture))
    return;

  /* One calendar: no picker, the signed-in admin's. */
  ids = ccal_booking_dialog_get_admin_ids (fixture.dialog);
  g_assert_nonnull (ids);
  g_assert_cmpuint (g_strv_length ((GStrv) ids), ==, 1);
  row = find_widget (GTK_WIDGET (fixture.dialog), &admin_match);
  g_assert_nonnull (row);
  g_assert_false (gtk_widget_is_visible (row));
  g_assert_cmpstr (ccal_booking_dialog_get_admin_id (fixture.dialog), ==, fixture.server->admin_id);

  /* Two: the picker shows, the signed-in admin's calendar first chosen. */
  key = ccal_test_server_create_key (fixture.server, NULL, "second@acme.example", "Bea Second", "admin", NULL);
  fixture_close_dialog (&fixture);
  fixture_open_dialog (&fixture);
  ids = ccal_booking_dialog_get_admin_ids (fixture.dialog);
  g_assert_cmpuint (g_strv_length ((GStrv) ids), ==, 2);
  row = find_widget (GTK_WIDGET (fixture.dialog), &admin_match);
  g_assert_true (gtk_widget_is_visible (row));
  g_assert_cmpstr (ccal_booking_dialog_get_admin_id (fixture.dialog), ==, fixture.server->admin_id);
  shot (&fixture, "admin-picker");
  fixture_teardown (&fixture);
}

static void
test_suggestions_and_dark (void)
{
  Fixture fixture;
  GtkWidget *row;

  if (!fixture_setup (&fixture))
    return;

  /* A caller known from an earlier booking. */
  fill_form (&fixture);
  pick_and_hold (&fixture, 9, 0);
  ccal_booking_dialog_submit (fixture.dialog);
  wait_for_page (&fixture, "done");
  ccal_test_gui_sync (fixture.account);
  gtk_widget_activate_action (GTK_WIDGET (fixture.dialog), "booking.add-another", NULL);
  wait_for_page (&fixture, "booking");

  ccal_booking_dialog_set_text (fixture.dialog, "name", "Jan");
  ccal_test_gui_spin ();
  row = find_suggestion (GTK_WIDGET (fixture.dialog));
  g_assert_nonnull (row);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  wait_ms (300);
  shot (&fixture, "suggestions-dark");
  g_signal_emit_by_name (row, "activate");
  ccal_test_gui_spin ();
  {
    g_autofree char *email = ccal_booking_dialog_get_text (fixture.dialog, "email");
    g_autofree char *tzid = ccal_booking_dialog_get_text (fixture.dialog, "timezone");

    g_assert_cmpstr (email, ==, "jane.caller@example.com");
    g_assert_cmpstr (tzid, ==, "America/New_York");
  }
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
  fixture_teardown (&fixture);
}

int
main (int    argc,
      char **argv)
{
  ccal_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/booking-dialog/book", test_book);
  g_test_add_func ("/gui/booking-dialog/double-submit", test_double_submit);
  g_test_add_func ("/gui/booking-dialog/hold-keeps-others-out", test_hold_keeps_others_out);
  g_test_add_func ("/gui/booking-dialog/slot-taken", test_slot_taken);
  g_test_add_func ("/gui/booking-dialog/invalid-fields", test_invalid_fields);
  g_test_add_func ("/gui/booking-dialog/cancel-releases-hold", test_cancel_releases_hold);
  g_test_add_func ("/gui/booking-dialog/offline-queue", test_offline_queue);
  g_test_add_func ("/gui/booking-dialog/offline-queue-refused", test_offline_queue_refused);
  g_test_add_func ("/gui/booking-dialog/keyboard", test_keyboard);
  g_test_add_func ("/gui/booking-dialog/set-start", test_set_start);
  g_test_add_func ("/gui/booking-dialog/admin-picker", test_admin_picker);
  g_test_add_func ("/gui/booking-dialog/suggestions-and-dark", test_suggestions_and_dark);

  return ccal_test_gui_run ();
}
