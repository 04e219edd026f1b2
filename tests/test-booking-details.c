/* test-booking-details.c — the booking details pane against the real server: allowed statuses, a
 * status change reaching the server and its history, copy buttons, a result saved offline, a
 * conflict, a refused reschedule and marking a follow-up done
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <string.h>

#include "ccal-booking-details.h"
#include "ccal-test-gui.h"
#include "ccal-time.h"

/* ── the server ─────────────────────────────────────────────────────────────────────────────── */

/* 09:00 UTC, @days_ahead days from today. */
static gint64
morning_in_days (int days_ahead)
{
  gint64 today = g_get_real_time () / CCAL_USEC_PER_DAY * CCAL_USEC_PER_DAY;

  return today + days_ahead * CCAL_USEC_PER_DAY + 9 * CCAL_USEC_PER_HOUR;
}

static JsonObject *
request_member (CcalTestServer *server,
                const char     *method,
                const char     *path,
                const char     *body,
                guint           status,
                const char     *member)
{
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (server, method, path, server->admin_key, body);

  if (response->status != status)
    g_error ("%s %s: %u, not %u: %.*s", method, path, response->status, status,
             (int) g_bytes_get_size (response->body), (const char *) g_bytes_get_data (response->body, NULL));
  return member != NULL ? json_object_ref (ccal_test_response_member (response, member)) : NULL;
}

/* An availability window 09:00–12:00 UTC @days_ahead days from now. */
static void
server_open_window (CcalTestServer *server,
                    int             days_ahead)
{
  gint64 start = morning_in_days (days_ahead);
  g_autofree char *start_text = ccal_time_format_rfc3339 (start);
  g_autofree char *end_text = ccal_time_format_rfc3339 (start + 3 * CCAL_USEC_PER_HOUR);
  g_autofree char *body = g_strdup_printf ("{\"title\":\"Open\",\"type\":\"availability\",\"start_time\":\"%s\","
                                           "\"end_time\":\"%s\",\"timezone\":\"UTC\"}", start_text, end_text);
  g_autoptr (JsonObject) event = request_member (server, "POST", "/api/calendar/events", body, 201, "event");
}

/* A booking by a caller in New York, with a phone; returns its id. */
static char *
server_book (CcalTestServer *server,
             gint64          start,
             const char     *name,
             const char     *email)
{
  g_autofree char *start_text = ccal_time_format_rfc3339 (start);
  g_autofree char *body = g_strdup_printf ("{\"admin_id\":\"%s\",\"start_time\":\"%s\",\"name\":\"%s\","
                                           "\"email\":\"%s\",\"phone\":\"+1 212 555 0100\","
                                           "\"timezone\":\"America/New_York\"}",
                                           server->admin_id, start_text, name, email);
  g_autoptr (JsonObject) booking = request_member (server, "POST", "/api/calendar/book", body, 201, "booking");

  return g_strdup (json_object_get_string_member (booking, "id"));
}

static void
server_patch (CcalTestServer *server,
              const char     *id,
              const char     *body)
{
  g_autofree char *path = g_strdup_printf ("/api/calendar/bookings/%s", id);
  g_autoptr (JsonObject) booking = request_member (server, "PATCH", path, body, 200, "booking");
}

static JsonObject *
server_get_booking (CcalTestServer *server,
                    const char     *id)
{
  g_autofree char *path = g_strdup_printf ("/api/calendar/bookings/%s", id);

  return request_member (server, "GET", path, NULL, 200, "booking");
}

/* ── the pane ───────────────────────────────────────────────────────────────────────────────── */

typedef struct
{
  CcalTestServer     *server;
  CcalAccount        *account;
  GtkWindow          *window;
  CcalBookingDetails *details;
} Fixture;

static void
fixture_set_up (Fixture *fixture)
{
  fixture->server = ccal_test_server_new (NULL);
  server_open_window (fixture->server, 3);
}

/* After the bookings are on the server: the account (synced) and the pane in a window. */
static void
fixture_show (Fixture *fixture)
{
  fixture->account = ccal_test_gui_account_new (fixture->server, fixture->server->admin_key);
  fixture->details = ccal_booking_details_new (fixture->account);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 560, 1500);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->details));
  ccal_test_gui_present_and_wait (fixture->window);
}

static void
fixture_tear_down (Fixture *fixture)
{
  /* Let the engine finish what it is doing, so the account can go. */
  ccal_test_gui_spin ();
  gtk_window_destroy (fixture->window);
  ccal_test_gui_spin ();
  g_clear_object (&fixture->account);
  g_clear_pointer (&fixture->server, ccal_test_server_free);
}

static GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
named (Fixture    *fixture,
       const char *name)
{
  GtkWidget *widget = find_named (GTK_WIDGET (fixture->details), name);

  if (widget == NULL)
    g_error ("No widget named %s", name);
  return widget;
}

/* On screen: it and every ancestor visible, the stack page shown, the revealer open. */
static gboolean
is_shown (GtkWidget *widget)
{
  return gtk_widget_get_mapped (widget);
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

/* The pane as it looks after the next frame (layout and style changes drawn). */
static void
shot (Fixture    *fixture,
      const char *name)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (fixture->window));
  gboolean painted = FALSE;
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);

  gtk_widget_queue_draw (GTK_WIDGET (fixture->window));
  ccal_test_gui_wait_until (is_true, &painted, "a frame");
  g_signal_handler_disconnect (clock, handler);
  ccal_test_gui_save_shot (GTK_WIDGET (fixture->details), name);
}

/* As a click does (gtk_widget_activate () would wait for the button's press animation). */
static void
click (Fixture    *fixture,
       const char *name)
{
  GtkWidget *button = named (fixture, name);

  for (GtkWidget *w = button; w != NULL; w = gtk_widget_get_parent (w))
    if (!gtk_widget_get_sensitive (w))
      g_error ("%s is not sensitive: %s", name, G_OBJECT_TYPE_NAME (w));
  g_signal_emit_by_name (button, "clicked");
}

static char *
status_choices (Fixture *fixture)
{
  GListModel *model = adw_combo_row_get_model (ADW_COMBO_ROW (named (fixture, "status-row")));
  GString *text = g_string_new (NULL);

  for (guint i = 0; model != NULL && i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (GtkStringObject) item = g_list_model_get_item (model, i);

      g_string_append_printf (text, "%s%s", i > 0 ? "," : "", gtk_string_object_get_string (item));
    }
  return g_string_free (text, FALSE);
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

static CcalCacheState
booking_state (Fixture    *fixture,
               const char *id)
{
  CcalCacheState state = CCAL_CACHE_STATE_SYNCED;
  g_autoptr (GError) error = NULL;

  g_assert_true (ccal_cache_get_state (ccal_account_get_cache (fixture->account), CCAL_CACHE_COLLECTION_BOOKINGS, id,
                                       &state, NULL, &error));
  g_assert_no_error (error);
  return state;
}

static gboolean
outbox_is_empty (gpointer data)
{
  Fixture *fixture = data;
  guint count = 1;

  ccal_cache_outbox_count (ccal_account_get_cache (fixture->account), &count, NULL);
  return count == 0 &&
         ccal_sync_get_state (ccal_account_get_sync (fixture->account)) == CCAL_SYNC_ENGINE_STATE_IDLE;
}

typedef struct
{
  Fixture    *fixture;
  const char *name;
  const char *text;    /* NULL: shown is enough */
} Expect;

static gboolean
expect_holds (gpointer data)
{
  Expect *expect = data;
  GtkWidget *widget = find_named (GTK_WIDGET (expect->fixture->details), expect->name);
  const char *label;

  if (widget == NULL || !is_shown (widget))
    return FALSE;
  if (expect->text == NULL)
    return TRUE;
  label = GTK_IS_LABEL (widget) ? gtk_label_get_label (GTK_LABEL (widget)) : NULL;
  return label != NULL && strstr (label, expect->text) != NULL;
}

static void
wait_for (Fixture    *fixture,
          const char *name,
          const char *text)
{
  Expect expect = { fixture, name, text };
  g_autofree char *what = g_strdup_printf ("%s to show “%s”", name, text != NULL ? text : "");

  ccal_test_gui_wait_until (expect_holds, &expect, what);
}

typedef struct
{
  GtkWidget *list;
  guint      rows;
} RowCount;

static gboolean
has_rows (gpointer data)
{
  RowCount *count = data;

  return count_rows (count->list) == count->rows;
}

static gboolean
has_children (gpointer data)
{
  return gtk_widget_get_first_child (data) != NULL;
}

/* ── cases ──────────────────────────────────────────────────────────────────────────────────── */

static void
test_empty (void)
{
  Fixture fixture = { 0 };
  g_autofree char *id = NULL;

  if (!ccal_test_gui_require_display ())
    return;
  fixture_set_up (&fixture);
  id = server_book (fixture.server, morning_in_days (3), "Ann Archer", "ann@example.com");
  fixture_show (&fixture);

  g_assert_null (ccal_booking_details_get_booking_id (fixture.details));
  g_assert_true (is_shown (named (&fixture, "empty-page")));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (named (&fixture, "empty-page"))), ==,
                   "Select a Booking");
  shot (&fixture, "empty");

  ccal_booking_details_set_booking_id (fixture.details, id);
  g_assert_false (is_shown (named (&fixture, "empty-page")));
  ccal_booking_details_set_booking_id (fixture.details, NULL);
  g_assert_true (is_shown (named (&fixture, "empty-page")));

  /* An id the cache does not know says so instead of showing stale data. */
  ccal_booking_details_set_booking_id (fixture.details, "00000000-0000-4000-8000-000000000000");
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (named (&fixture, "empty-page"))), ==,
                   "Booking Not Found");

  fixture_tear_down (&fixture);
}

/* pending offers exactly Confirmed and Cancelled; the change goes through the engine to the server,
 * shows in the history, and then confirmed's next steps are offered. */
static void
test_status_change (void)
{
  Fixture fixture = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *choices = NULL;
  g_autoptr (JsonObject) on_server = NULL;
  GtkWidget *caller;
  RowCount history = { 0 };

  if (!ccal_test_gui_require_display ())
    return;
  fixture_set_up (&fixture);
  id = server_book (fixture.server, morning_in_days (3), "Ben Baker", "ben@example.com");
  fixture_show (&fixture);
  ccal_booking_details_set_booking_id (fixture.details, id);

  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (named (&fixture, "heading-label"))), ==, "Ben Baker");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (named (&fixture, "status-label"))), ==, "Pending");
  choices = status_choices (&fixture);
  g_assert_cmpstr (choices, ==, "Confirmed,Cancelled");
  g_assert_false (is_shown (named (&fixture, "final-row")));

  /* Shown in UTC (the display zone here), and in the caller's zone, which differs. */
  caller = named (&fixture, "caller-time-row");
  g_assert_true (is_shown (caller));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (caller)), "America/New_York"));

  history.list = named (&fixture, "history-list");
  history.rows = 1;
  ccal_test_gui_wait_until (has_rows, &history, "the history's creation entry");

  adw_combo_row_set_selected (ADW_COMBO_ROW (named (&fixture, "status-row")), 0);
  gtk_editable_set_text (GTK_EDITABLE (named (&fixture, "reason-row")), "Called to confirm");
  click (&fixture, "apply-status-button");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (named (&fixture, "status-label"))), ==, "Confirmed");
  g_free (choices);
  choices = status_choices (&fixture);
  g_assert_cmpstr (choices, ==, "Cancelled,Completed,No-show");

  ccal_test_gui_wait_until (outbox_is_empty, &fixture, "the status change to be sent");
  on_server = server_get_booking (fixture.server, id);
  g_assert_cmpstr (json_object_get_string_member (on_server, "status"), ==, "confirmed");

  history.rows = 2;
  ccal_test_gui_wait_until (has_rows, &history, "the status change in the history");
  {
    GtkWidget *row = gtk_widget_get_last_child (history.list);

    g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "Pending → Confirmed");
    g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Called to confirm"));
  }
  wait_for (&fixture, "follow-ups-label", "No follow-ups yet.");
  shot (&fixture, "populated");

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  ccal_test_gui_spin ();
  shot (&fixture, "populated-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  fixture_tear_down (&fixture);
}

/* A completed booking offers no next status at all. */
static void
test_final_status (void)
{
  Fixture fixture = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *choices = NULL;

  if (!ccal_test_gui_require_display ())
    return;
  fixture_set_up (&fixture);
  id = server_book (fixture.server, morning_in_days (3), "Cal Cole", "cal@example.com");
  server_patch (fixture.server, id, "{\"status\":\"confirmed\"}");
  server_patch (fixture.server, id, "{\"status\":\"completed\"}");
  fixture_show (&fixture);
  ccal_booking_details_set_booking_id (fixture.details, id);

  choices = status_choices (&fixture);
  g_assert_cmpstr (choices, ==, "");
  g_assert_false (is_shown (named (&fixture, "status-row")));
  g_assert_false (is_shown (named (&fixture, "apply-status-button")));
  g_assert_true (is_shown (named (&fixture, "final-row")));
  /* Nor can it move. */
  g_assert_false (is_shown (named (&fixture, "date-button")));

  fixture_tear_down (&fixture);
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
on_clipboard_read_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ClipboardRead *read = user_data;
  g_autoptr (GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (source), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

static char *
clipboard_text (GtkWidget *widget)
{
  ClipboardRead read = { 0 };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, on_clipboard_read_cb, &read);
  ccal_test_gui_wait_until (clipboard_read_done, &read, "the clipboard");
  return read.text;
}

static void
test_copy (void)
{
  Fixture fixture = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *email = NULL;
  g_autofree char *phone = NULL;

  if (!ccal_test_gui_require_display ())
    return;
  fixture_set_up (&fixture);
  id = server_book (fixture.server, morning_in_days (3), "Dee Dale", "dee@example.com");
  fixture_show (&fixture);
  ccal_booking_details_set_booking_id (fixture.details, id);

  click (&fixture, "copy-email-button");
  email = clipboard_text (GTK_WIDGET (fixture.details));
  g_assert_cmpstr (email, ==, "dee@example.com");
  click (&fixture, "copy-phone-button");
  phone = clipboard_text (GTK_WIDGET (fixture.details));
  g_assert_cmpstr (phone, ==, "+1 212 555 0100");

  fixture_tear_down (&fixture);
}

static const char *
port_of (const char *base_url)
{
  return strrchr (base_url, ':') + 1;
}

static gboolean
engine_offline (gpointer data)
{
  return ccal_sync_get_state (ccal_account_get_sync (((Fixture *) data)->account)) == CCAL_SYNC_ENGINE_STATE_OFFLINE;
}

/* Offline: the result is kept and said to be waiting; history is unavailable and says why; free
 * times need the server. Back online, the result reaches the server without anything else done. */
static void
test_result_offline (void)
{
  Fixture fixture = { 0 };
  g_autoptr (CcalTestServer) restarted = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr (JsonObject) on_server = NULL;
  g_autoptr (CcalBooking) cached = NULL;

  if (!ccal_test_gui_require_display ())
    return;
  fixture_set_up (&fixture);
  first = server_book (fixture.server, morning_in_days (3), "Eve Earl", "eve@example.com");
  second = server_book (fixture.server, morning_in_days (3) + CCAL_USEC_PER_HOUR, "Fin Ford", "fin@example.com");
  fixture_show (&fixture);

  g_assert_cmpint (ccal_test_server_stop (fixture.server), ==, 0);
  ccal_booking_details_set_booking_id (fixture.details, first);
  wait_for (&fixture, "history-label", "History is shown when the server can be reached.");

  gtk_editable_set_text (GTK_EDITABLE (named (&fixture, "outcome-row")), "Signed up for a 30-day trial");
  gtk_editable_set_text (GTK_EDITABLE (named (&fixture, "notes-row")), "Wants the analytics add-on");
  click (&fixture, "save-result-button");
  g_assert_false (is_shown (named (&fixture, "error-label")));
  g_assert_cmpint (booking_state (&fixture, first), ==, CCAL_CACHE_STATE_LOCALLY_MODIFIED);
  ccal_test_gui_wait_until (engine_offline, &fixture, "the engine to notice it is offline");
  wait_for (&fixture, "notice-label", "sent when the server can be reached");
  g_assert_false (is_shown (named (&fixture, "keep-mine-button")));
  g_assert_false (is_shown (named (&fixture, "retry-button")));

  /* The free times need the server; adding a follow-up too, and what was typed stays. */
  click (&fixture, "find-slots-button");
  wait_for (&fixture, "slots-label", "needs a connection");
  gtk_editable_set_text (GTK_EDITABLE (named (&fixture, "action-row")), "Send the quote");
  click (&fixture, "add-follow-up-button");
  wait_for (&fixture, "follow-ups-label", "needs a connection");
  g_assert_false (is_shown (named (&fixture, "error-label")));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (&fixture, "action-row"))), ==, "Send the quote");
  shot (&fixture, "offline");

  /* The cache shows it already. */
  cached = ccal_cache_get_booking (ccal_account_get_cache (fixture.account), first, NULL);
  g_assert_cmpstr (cached->result_outcome, ==, "Signed up for a 30-day trial");

  {
    const char *const args[] = { "--port", port_of (fixture.server->base_url), NULL };

    restarted = ccal_test_server_new_sharing (fixture.server, args);
  }
  ccal_test_gui_wait_until (outbox_is_empty, &fixture, "the result to be sent");
  on_server = server_get_booking (restarted, first);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (on_server, "result"), "outcome"), ==,
                   "Signed up for a 30-day trial");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (on_server, "result"), "notes"), ==,
                   "Wants the analytics add-on");
  g_assert_cmpint (booking_state (&fixture, first), ==, CCAL_CACHE_STATE_SYNCED);
  /* Synced again, the history is fetched. */
  wait_for (&fixture, "history-list", NULL);

  fixture_tear_down (&fixture);
  g_clear_pointer (&restarted, ccal_test_server_free);
}

static gboolean
follow_up_done_on_server (CcalTestServer *server,
                          const char     *booking_id)
{
  g_autofree char *path = g_strdup_printf ("/api/calendar/bookings/%s/follow-ups", booking_id);
  g_autoptr (CcalTestResponse) response = ccal_test_server_request (server, "GET", path, server->admin_key, NULL);
  JsonArray *list;

  g_assert_cmpuint (response->status, ==, 200);
  list = json_object_get_array_member (ccal_test_response_object (response), "follow_ups");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  return json_object_get_boolean_member (json_array_get_object_element (list, 0), "done");
}

typedef struct
{
  Fixture   *fixture;
  GtkWidget *old;      /* the check before the refresh */
  gboolean   active;
} CheckShown;

/* The list was fetched again: a new Done check, ready, showing @active. */
static gboolean
check_refreshed (gpointer data)
{
  CheckShown *expect = data;
  GtkWidget *check = find_named (GTK_WIDGET (expect->fixture->details), "follow-up-done-check");

  return check != NULL && check != expect->old && gtk_widget_get_sensitive (check) &&
         gtk_check_button_get_active (GTK_CHECK_BUTTON (check)) == expect->active;
}

/* The Done check marks a follow-up done on the server and the list shows it so; without the
 * server the check goes back and the line under the list says why. */
static void
test_follow_up_done (void)
{
  Fixture fixture = { 0 };
  g_autoptr (CcalTestServer) restarted = NULL;
  g_autofree char *id = NULL;
  g_autofree char *follow_path = NULL;
  g_autoptr (JsonObject) created = NULL;
  RowCount follow_ups = { 0 };
  CheckShown expect = { &fixture, NULL, TRUE };
  GtkWidget *check;
  GtkWidget *row;

  if (!ccal_test_gui_require_display ())
    return;
  fixture_set_up (&fixture);
  id = server_book (fixture.server, morning_in_days (3), "Gil Grant", "gil@example.com");
  follow_path = g_strdup_printf ("/api/calendar/bookings/%s/follow-ups", id);
  created = request_member (fixture.server, "POST", follow_path,
                            "{\"due_at\":\"2030-01-10T09:00:00Z\",\"action\":\"Send the quote\"}", 201, "follow_up");
  fixture_show (&fixture);
  ccal_booking_details_set_booking_id (fixture.details, id);

  follow_ups.list = named (&fixture, "follow-ups-list");
  follow_ups.rows = 1;
  ccal_test_gui_wait_until (has_rows, &follow_ups, "the follow-up");
  check = named (&fixture, "follow-up-done-check");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_true (gtk_widget_get_focusable (check));
  shot (&fixture, "follow-up-open");

  /* Ticked from the keyboard: it reaches the server, the list fetched again says done, and the
   * focus stays on the follow-up's check. */
  expect.old = check;
  gtk_widget_grab_focus (check);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  ccal_test_gui_wait_until (check_refreshed, &expect, "the follow-up to be listed done");
  g_assert_true (follow_up_done_on_server (fixture.server, id));
  g_assert_true (gtk_widget_has_focus (named (&fixture, "follow-up-done-check")));
  row = gtk_widget_get_first_child (follow_ups.list);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "Done"));
  g_assert_false (is_shown (named (&fixture, "follow-ups-label")));
  shot (&fixture, "follow-up-done");

  /* Without the server, unticking it is refused: the check goes back, the reason is shown. */
  g_assert_cmpint (ccal_test_server_stop (fixture.server), ==, 0);
  check = named (&fixture, "follow-up-done-check");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), FALSE);
  wait_for (&fixture, "follow-ups-label", "needs a connection");
  check = named (&fixture, "follow-up-done-check");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_true (gtk_widget_get_sensitive (check));
  g_assert_true (gtk_widget_has_css_class (named (&fixture, "follow-ups-label"), "error"));
  {
    /* The list is at the bottom of the pane: show it in the pictures. */
    GtkWidget *scrolled = gtk_widget_get_ancestor (check, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  }
  shot (&fixture, "follow-up-refused");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  ccal_test_gui_spin ();
  shot (&fixture, "follow-up-refused-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* And the server still has it done. */
  {
    const char *const args[] = { "--port", port_of (fixture.server->base_url), NULL };

    restarted = ccal_test_server_new_sharing (fixture.server, args);
  }
  g_assert_true (follow_up_done_on_server (restarted, id));

  fixture_tear_down (&fixture);
  g_clear_pointer (&restarted, ccal_test_server_free);
}

/* Someone else changed the booking: the pane offers both choices; taking theirs shows theirs. */
static void
test_conflict (void)
{
  Fixture fixture = { 0 };
  g_autofree char *id = NULL;

  if (!ccal_test_gui_require_display ())
    return;
  fixture_set_up (&fixture);
  id = server_book (fixture.server, morning_in_days (3), "Gil Grant", "gil@example.com");
  fixture_show (&fixture);
  ccal_booking_details_set_booking_id (fixture.details, id);

  server_patch (fixture.server, id, "{\"title\":\"Intro call (moved to the phone)\"}");
  gtk_editable_set_text (GTK_EDITABLE (named (&fixture, "outcome-row")), "Not a fit right now");
  click (&fixture, "save-result-button");

  wait_for (&fixture, "keep-mine-button", NULL);
  g_assert_true (is_shown (named (&fixture, "take-theirs-button")));
  g_assert_false (is_shown (named (&fixture, "retry-button")));
  g_assert_cmpint (booking_state (&fixture, id), ==, CCAL_CACHE_STATE_CONFLICT);
  wait_for (&fixture, "notice-label", "changed this booking on the server");
  shot (&fixture, "conflict");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  ccal_test_gui_spin ();
  shot (&fixture, "conflict-dark");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  click (&fixture, "take-theirs-button");
  g_assert_cmpint (booking_state (&fixture, id), ==, CCAL_CACHE_STATE_SYNCED);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (named (&fixture, "heading-label"))), ==,
                   "Intro call (moved to the phone)");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (named (&fixture, "outcome-row"))), ==, "");
  g_assert_false (is_shown (named (&fixture, "keep-mine-button")));

  fixture_tear_down (&fixture);
}

/* A reschedule into a time someone else took meanwhile is refused: the reason shows with Retry and
 * Discard; discarding puts the booking back. */
static void
test_refused_reschedule (void)
{
  Fixture fixture = { 0 };
  g_autofree char *id = NULL;
  g_autofree char *taken = NULL;
  g_autoptr (JsonObject) changes = json_object_new ();
  g_autofree char *target = ccal_time_format_rfc3339 (morning_in_days (3) + CCAL_USEC_PER_HOUR);
  g_autoptr (GError) error = NULL;
  GtkWidget *slots;

  if (!ccal_test_gui_require_display ())
    return;
  fixture_set_up (&fixture);
  id = server_book (fixture.server, morning_in_days (3), "Hal Hunt", "hal@example.com");
  fixture_show (&fixture);
  ccal_booking_details_set_booking_id (fixture.details, id);

  /* The free times the pane offers are the server's: 10:00 is one of them now. */
  click (&fixture, "find-slots-button");
  slots = named (&fixture, "slots-box");
  ccal_test_gui_wait_until (has_children, slots, "the free times");
  {
    gboolean found = FALSE;

    /* 09:00 is this booking's own; 09:30 … 11:30 are free. */
    for (GtkWidget *child = gtk_widget_get_first_child (slots); child != NULL;
         child = gtk_widget_get_next_sibling (child))
      {
        GtkWidget *button = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

        found = found || g_strcmp0 (gtk_button_get_label (GTK_BUTTON (button)), "10:00") == 0;
        g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), !=, "09:00");
      }
    g_assert_true (found);
  }
  taken = server_book (fixture.server, morning_in_days (3) + CCAL_USEC_PER_HOUR, "Ivy Irwin", "ivy@example.com");

  /* This pane did not see that yet: moving there goes to the outbox and is refused on upload. */
  json_object_set_string_member (changes, "start_time", target);
  g_assert_true (ccal_sync_update_booking (ccal_account_get_sync (fixture.account), id, changes, &error));
  g_assert_no_error (error);
  wait_for (&fixture, "retry-button", NULL);
  g_assert_true (is_shown (named (&fixture, "discard-button")));
  g_assert_false (is_shown (named (&fixture, "keep-mine-button")));
  wait_for (&fixture, "notice-label", "refused");
  shot (&fixture, "refused");

  click (&fixture, "discard-button");
  g_assert_cmpint (booking_state (&fixture, id), ==, CCAL_CACHE_STATE_SYNCED);
  g_assert_false (is_shown (named (&fixture, "retry-button")));

  fixture_tear_down (&fixture);
}

int
main (int    argc,
      char **argv)
{
  ccal_test_gui_init (&argc, &argv);

  g_test_add_func ("/gui/booking-details/empty", test_empty);
  g_test_add_func ("/gui/booking-details/status-change", test_status_change);
  g_test_add_func ("/gui/booking-details/final-status", test_final_status);
  g_test_add_func ("/gui/booking-details/copy", test_copy);
  g_test_add_func ("/gui/booking-details/result-offline", test_result_offline);
  g_test_add_func ("/gui/booking-details/conflict", test_conflict);
  g_test_add_func ("/gui/booking-details/refused-reschedule", test_refused_reschedule);
  g_test_add_func ("/gui/booking-details/follow-up-done", test_follow_up_done);

  return ccal_test_gui_run ();
}
