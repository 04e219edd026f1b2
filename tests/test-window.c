/* test-window.c — the application shell: window, tabs and views, command line, welcome page, dialogs
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under Xvfb (build-aux/run-tests). Without a display every case skips — or fails when
 * CCAL_TEST_STRICT=1 (CI). The welcome-page cases talk to the real server binary
 * (tests/ccal-test-server.h); the keyring is the test session's gnome-keyring when there is one,
 * and "keep for this run only" when there is not.
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <unistd.h>

#include <glib/gstdio.h>

#include "ccal-application.h"
#include "ccal-booking-dialog.h"
#include "ccal-dashboard.h"
#include "ccal-credentials.h"
#include "ccal-event-editor.h"
#include "ccal-preferences-window.h"
#include "ccal-sync-state.h"
#include "ccal-test-server.h"
#include "ccal-time.h"
#include "ccal-welcome-page.h"
#include "ccal-window.h"

static gboolean have_display;
static char *scratch_dir;

/* ── helpers ────────────────────────────────────────────────────────────────────────────────── */

static gboolean
require_display (void)
{
  if (have_display)
    return TRUE;
  if (g_strcmp0 (g_getenv ("CCAL_TEST_STRICT"), "1") == 0)
    g_test_fail_printf ("No display (CCAL_TEST_STRICT=1: GUI tests may not skip)");
  else
    g_test_skip ("No display: run under Xvfb (build-aux/run-tests)");
  return FALSE;
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (gpointer data);

/* Runs the main context until @condition holds; fails after 30 s. */
static void
wait_until (Condition   condition,
            gpointer    data,
            const char *what)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (30, on_timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Waited 30 s for %s", what);
  g_source_remove (timeout_id);
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_after_paint_cb (GdkFrameClock *clock,
                   gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Presents @window and waits for its first painted frame (widths are 0 before the first layout). */
static void
present_and_wait (GtkWindow *window)
{
  gboolean painted = FALSE;
  GdkFrameClock *clock;
  gulong handler;

  gtk_window_present (window);
  wait_until ((Condition) gtk_widget_get_mapped, window, "the window to map");
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  wait_until (is_true, &painted, "the first frame");
  g_signal_handler_disconnect (clock, handler);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >, 0);
}

static void
reset_settings (void)
{
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autoptr (GSettingsSchema) schema = NULL;
  g_auto (GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_sync ();
}

/* A CcalApplication for this test process. Several run one after the other here, and other test
 * programs may run at the same time: a registered GtkApplication stays exported on the session bus
 * (GTK keeps a reference) and its object path is made from its id, so each gets an id of its own.
 * Nothing in the app depends on the id: settings, resources and the icon use APP_ID. */
static CcalApplication *
new_test_application (void)
{
  static guint counter;
  g_autofree char *id = g_strdup_printf ("%s.Test%d.App%u", APP_ID, (int) getpid (), ++counter);
  CcalApplication *application = ccal_application_new ();

  g_application_set_application_id (G_APPLICATION (application), id);
  g_application_set_flags (G_APPLICATION (application),
                           G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE);
  return application;
}

static CcalApplication *
create_application (void)
{
  g_autoptr (GError) error = NULL;
  CcalApplication *application;

  reset_settings ();
  application = new_test_application ();
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  return application;
}

static void
destroy_windows (CcalApplication *application)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (application)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  spin ();
}

/* An account whose server refuses connections: the window goes offline at once. */
static CcalAccount *
create_unreachable_account (void)
{
  g_autoptr (CcalApiClient) client = NULL;
  g_autoptr (CcalCache) cache = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  static guint counter;

  client = ccal_api_client_new ("http://127.0.0.1:1", "fc_test_0000000000000000000000000000000000000000000000000000000000000000",
                                &error);
  g_assert_no_error (error);
  path = g_strdup_printf ("%s/unreachable-%u.db", scratch_dir, ++counter);
  cache = ccal_cache_open (path, &error);
  g_assert_no_error (error);
  return ccal_account_new_for_client (client, cache);
}

static gboolean
account_is_offline (gpointer data)
{
  return ccal_account_get_status (CCAL_ACCOUNT (data)) == CCAL_SYNC_STATUS_OFFLINE;
}

static GDate
make_date (int year,
           int month,
           int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return date;
}

static void
assert_visible_days (CcalWindow *window,
                     int         year,
                     int         month,
                     int         day,
                     guint       n_days)
{
  GDate first, expected = make_date (year, month, day);
  guint n = 0;

  ccal_window_get_visible_days (window, &first, &n);
  g_assert_cmpint (g_date_compare (&first, &expected), ==, 0);
  g_assert_cmpuint (n, ==, n_days);
}

/* ── the window ─────────────────────────────────────────────────────────────────────────────── */

static void
test_window_opens (void)
{
  g_autoptr (CcalApplication) application = NULL;
  CcalWindow *window;

  if (!require_display ())
    return;

  application = create_application ();
  window = ccal_window_new (application);
  ccal_window_show_welcome (window, NULL, NULL);
  present_and_wait (GTK_WINDOW (window));

  g_assert_cmpstr (ccal_window_get_page_name (window), ==, "welcome");
  g_assert_null (ccal_window_get_account (window));
  /* No account: calendar commands are off, so "w" or Ctrl+R do nothing on the welcome page. */
  ccal_window_set_view (window, CCAL_VIEW_WEEK);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "month");
  g_assert_cmpint (ccal_window_get_view (window), ==, CCAL_VIEW_WEEK);
  /* The default size comes from the settings. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 1200);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (window)), ==, 800);

  destroy_windows (application);
}

static void
test_window_tabs (void)
{
  g_autoptr (CcalApplication) application = NULL;
  g_autoptr (CcalAccount) account = NULL;
  CcalWindow *window;

  if (!require_display ())
    return;

  application = create_application ();
  window = ccal_window_new (application);
  account = create_unreachable_account ();
  ccal_window_set_account (window, account);
  present_and_wait (GTK_WINDOW (window));
  g_assert_cmpstr (ccal_window_get_page_name (window), ==, "calendar");

  ccal_window_set_view (window, CCAL_VIEW_MONTH);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "dashboard"));
  g_assert_cmpint (ccal_window_get_view (window), ==, CCAL_VIEW_DASHBOARD);
  /* Back to the Events tab: the view it showed before. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-events", NULL));
  g_assert_cmpint (ccal_window_get_view (window), ==, CCAL_VIEW_MONTH);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "dashboard"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "week"));
  g_assert_cmpint (ccal_window_get_view (window), ==, CCAL_VIEW_WEEK);

  /* The last view is remembered. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "dashboard"));
  {
    g_autoptr (GSettings) settings = g_settings_new (APP_ID);
    g_autofree char *last_view = g_settings_get_string (settings, "last-view");

    g_assert_cmpstr (last_view, ==, "dashboard");
  }

  destroy_windows (application);
}

static void
test_window_view_toggle (void)
{
  g_autoptr (CcalApplication) application = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  CcalWindow *window;
  GDate date = make_date (2026, 3, 25), today, shown;

  if (!require_display ())
    return;

  application = create_application ();
  g_settings_set_string (settings, "first-weekday", "monday");
  window = ccal_window_new (application);
  account = create_unreachable_account ();
  ccal_window_set_account (window, account);
  present_and_wait (GTK_WINDOW (window));

  ccal_window_set_date (window, &date);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "week"));
  assert_visible_days (window, 2026, 3, 23, 7);
  g_assert_cmpstr (ccal_window_get_date_label (window), ==, "23 – 29 Mar 2026");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "month"));
  g_assert_cmpint (ccal_window_get_view (window), ==, CCAL_VIEW_MONTH);
  /* March 2026 starts on a Sunday: the grid starts on Monday 23 February, six weeks. */
  assert_visible_days (window, 2026, 2, 23, 42);
  g_assert_cmpstr (ccal_window_get_date_label (window), ==, "March 2026");

  /* Previous / next move by the view's unit. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next", NULL));
  ccal_window_get_date (window, &shown);
  date = make_date (2026, 4, 25);
  g_assert_cmpint (g_date_compare (&shown, &date), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "week"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.previous", NULL));
  ccal_window_get_date (window, &shown);
  date = make_date (2026, 4, 18);
  g_assert_cmpint (g_date_compare (&shown, &date), ==, 0);
  assert_visible_days (window, 2026, 4, 13, 7);

  /* A week across two months and years names the year once. */
  date = make_date (2026, 12, 30);
  ccal_window_set_date (window, &date);
  g_assert_cmpstr (ccal_window_get_date_label (window), ==, "28 Dec – 3 Jan 2027");

  /* Sunday-first weeks. */
  g_settings_set_string (settings, "first-weekday", "sunday");
  assert_visible_days (window, 2026, 12, 27, 7);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.today", NULL));
  ccal_window_get_date (window, &shown);
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));   /* TZ=UTC in the tests */
  g_assert_cmpint (g_date_compare (&shown, &today), ==, 0);

  destroy_windows (application);
}

static void
test_window_offline_notice (void)
{
  g_autoptr (CcalApplication) application = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (GError) error = NULL;
  CcalWindow *window;
  CcalSyncState *sync_state;
  guint64 requests;
  gint64 as_of;

  if (!require_display ())
    return;

  application = create_application ();
  window = ccal_window_new (application);
  account = create_unreachable_account ();
  ccal_window_set_account (window, account);
  present_and_wait (GTK_WINDOW (window));
  sync_state = CCAL_SYNC_STATE (ccal_window_get_sync_state (window));

  /* Setting the account asked for a sync; the server is not there. */
  wait_until (account_is_offline, account, "the account to go offline");
  g_assert_cmpstr (ccal_sync_state_get_text (sync_state), ==, "Offline");
  g_assert_cmpstr (ccal_window_get_notice (window), ==,
                   "Offline — no copy of the schedule has been downloaded to this computer yet");

  g_assert_true (ccal_time_parse_rfc3339 ("2026-11-24T14:05:00Z", NULL, &as_of, &error));
  ccal_account_set_last_synced (account, as_of);
  g_assert_cmpstr (ccal_window_get_notice (window), ==, "Offline — showing the schedule as of 24 November, 14:05");

  /* Back online: the notice goes, the header says when the schedule was updated. */
  ccal_account_set_last_synced (account, g_get_real_time () - 2 * 60 * G_USEC_PER_SEC);
  ccal_account_set_status (account, CCAL_SYNC_STATUS_IDLE, NULL);
  g_assert_null (ccal_window_get_notice (window));
  g_assert_cmpstr (ccal_sync_state_get_text (sync_state), ==, "Updated 2 minutes ago");

  ccal_account_set_status (account, CCAL_SYNC_STATUS_SYNCING, NULL);
  ccal_account_set_progress_count (account, 1200);
  g_assert_cmpstr (ccal_sync_state_get_text (sync_state), ==, "Syncing… 1200 items");
  ccal_account_set_progress_count (account, 0);
  g_assert_cmpstr (ccal_sync_state_get_text (sync_state), ==, "Syncing…");

  /* Ctrl+R while offline asks the server again. */
  requests = ccal_api_client_get_request_count (ccal_account_get_api_client (account));
  ccal_account_set_status (account, CCAL_SYNC_STATUS_IDLE, NULL);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  wait_until (account_is_offline, account, "the account to go offline again");
  g_assert_cmpuint (ccal_api_client_get_request_count (ccal_account_get_api_client (account)), >, requests);

  destroy_windows (application);
}

static void
test_sync_state_wording (void)
{
  gint64 now = g_get_real_time ();
  g_autofree char *never = ccal_sync_state_format_updated (0, now, TRUE);
  g_autofree char *just_now = ccal_sync_state_format_updated (now - 20 * G_USEC_PER_SEC, now, TRUE);
  g_autofree char *one = ccal_sync_state_format_updated (now - 61 * G_USEC_PER_SEC, now, TRUE);
  g_autofree char *many = ccal_sync_state_format_updated (now - (gint64) 59 * 60 * G_USEC_PER_SEC, now, TRUE);
  g_autofree char *days = ccal_sync_state_format_updated (now - (gint64) 3 * 24 * 3600 * G_USEC_PER_SEC, now, TRUE);

  g_assert_cmpstr (never, ==, "Not synced yet");
  g_assert_cmpstr (just_now, ==, "Updated just now");
  g_assert_cmpstr (one, ==, "Updated 1 minute ago");
  g_assert_cmpstr (many, ==, "Updated 59 minutes ago");
  g_assert_true (g_str_has_prefix (days, "Updated on "));
}

/* ── the command line ───────────────────────────────────────────────────────────────────────── */

typedef struct
{
  CcalApplication *application;
  gboolean         checked;
  CcalView         view;
  GDate            date;
  char            *page;
} CommandLineRun;

static gboolean
check_and_quit_cb (gpointer user_data)
{
  CommandLineRun *run = user_data;
  CcalWindow *window = ccal_application_get_main_window (run->application);

  g_assert_nonnull (window);
  run->checked = TRUE;
  run->view = ccal_window_get_view (window);
  ccal_window_get_date (window, &run->date);
  run->page = g_strdup (ccal_window_get_page_name (window));
  g_application_quit (G_APPLICATION (run->application));
  return G_SOURCE_REMOVE;
}

static int
run_command_line (CommandLineRun     *run,
                  const char * const *args)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  int status;

  run->application = new_test_application ();
  g_ptr_array_add (argv, (char *) "customerconnects-calendar");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  /* The command line is handled before the main loop runs, so this idle sees its result. */
  g_idle_add (check_and_quit_cb, run);
  status = g_application_run (G_APPLICATION (run->application), (int) argv->len - 1, (char **) argv->pdata);
  destroy_windows (run->application);
  g_clear_object (&run->application);
  return status;
}

static void
test_command_line_date_and_view (void)
{
  const char * const args[] = { "--date", "2026-03-29", "--view", "month", NULL };
  CommandLineRun run = { 0 };
  GDate expected = make_date (2026, 3, 29);

  if (!require_display ())
    return;

  reset_settings ();
  g_assert_cmpint (run_command_line (&run, args), ==, 0);
  g_assert_true (run.checked);
  g_assert_cmpint (run.view, ==, CCAL_VIEW_MONTH);
  g_assert_cmpint (g_date_compare (&run.date, &expected), ==, 0);
  /* No account configured: the welcome page. */
  g_assert_cmpstr (run.page, ==, "welcome");
  g_free (run.page);
}

static void
test_command_line_dashboard (void)
{
  const char * const args[] = { "--view", "dashboard", NULL };
  CommandLineRun run = { 0 };

  if (!require_display ())
    return;

  reset_settings ();
  g_assert_cmpint (run_command_line (&run, args), ==, 0);
  g_assert_cmpint (run.view, ==, CCAL_VIEW_DASHBOARD);
  g_free (run.page);
}

static void
test_command_line_errors (void)
{
  const char * const bad_date[] = { "--date", "2026-02-30", NULL };
  const char * const bad_view[] = { "--view", "year", NULL };
  const char * const local_and_server[] = { "--local", "--server", "https://calendar.example.com", NULL };
  const char * const * const cases[] = { bad_date, bad_view, local_and_server };

  if (!require_display ())
    return;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CcalApplication) application = new_test_application ();
      g_autoptr (GPtrArray) argv = g_ptr_array_new ();
      int status;

      reset_settings ();
      g_ptr_array_add (argv, (char *) "customerconnects-calendar");
      for (guint j = 0; cases[i][j] != NULL; j++)
        g_ptr_array_add (argv, (char *) cases[i][j]);
      g_ptr_array_add (argv, NULL);
      /* Exits with 1 before opening a window. */
      status = g_application_run (G_APPLICATION (application), (int) argv->len - 1, (char **) argv->pdata);
      g_assert_cmpint (status, ==, 1);
      g_assert_null (ccal_application_get_main_window (application));
    }
}

/* A desk provisioned as issue 5 documents it: the key stored with secret-tool, then the app started
 * with --server URL. Polls until the window has settled (past "loading", and signed in to the
 * point of knowing who is there), then quits. */
typedef struct
{
  CcalApplication *application;
  gint64           deadline;
  char            *page;
  char            *base_url;
  CcalRole         role;
  char            *workspace_id;
  gboolean         me_known;
} DeskRun;

static gboolean
check_desk_cb (gpointer user_data)
{
  DeskRun *run = user_data;
  CcalWindow *window = ccal_application_get_main_window (run->application);
  const char *page = window != NULL ? ccal_window_get_page_name (window) : NULL;
  CcalAccount *account = window != NULL ? ccal_window_get_account (window) : NULL;
  const CcalMe *me = account != NULL ? ccal_account_get_me (account) : NULL;
  gboolean settled = page != NULL && g_strcmp0 (page, "loading") != 0 &&
                     (g_strcmp0 (page, "calendar") != 0 || me != NULL);

  if (!settled && g_get_monotonic_time () < run->deadline)
    return G_SOURCE_CONTINUE;

  run->page = g_strdup (page);
  if (account != NULL)
    run->base_url = g_strdup (ccal_account_get_base_url (account));
  if (me != NULL)
    {
      run->me_known = TRUE;
      run->role = me->role;
      run->workspace_id = g_strdup (me->workspace_id);
    }
  g_application_quit (G_APPLICATION (run->application));
  return G_SOURCE_REMOVE;
}

static void
on_communicated_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **out_result = user_data;

  *out_result = g_object_ref (result);
}

/* `secret-tool ARGS…` with @input on stdin; FALSE (and why in @out_error) when it fails. A keyring
 * that is locked asks for a password through a prompt nobody answers here: give up after 10 s. */
static gboolean
run_secret_tool (const char          *input,
                 char               **out_error,
                 const char * const  *args)
{
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GAsyncResult) result = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *err = NULL;
  gboolean timed_out = FALSE;
  guint timeout_id;

  process = g_subprocess_newv (args, G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  if (process == NULL)
    {
      *out_error = g_strdup (error->message);
      return FALSE;
    }
  g_subprocess_communicate_utf8_async (process, input, NULL, on_communicated_cb, &result);
  timeout_id = g_timeout_add_seconds (10, on_timeout_cb, &timed_out);
  while (result == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (result == NULL)
    {
      g_subprocess_force_exit (process);
      while (result == NULL)
        g_main_context_iteration (NULL, TRUE);
      *out_error = g_strdup ("secret-tool did not answer within 10 s (a locked keyring?)");
      return FALSE;
    }
  g_source_remove (timeout_id);
  if (!g_subprocess_communicate_utf8_finish (process, result, NULL, &err, &error))
    {
      *out_error = g_strdup (error->message);
      return FALSE;
    }
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    {
      *out_error = g_strdup_printf ("secret-tool failed: %s",
                                    err != NULL && err[0] != '\0' ? g_strstrip (err) : "no reason given");
      return FALSE;
    }
  return TRUE;
}

static void
test_command_line_provisioned_desk (void)
{
  g_autoptr (CcalTestServer) server = NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *why = NULL;
  DeskRun run = { 0 };
  int status;

  if (!require_display ())
    return;

  server = ccal_test_server_new (NULL);
  ccal_credentials_clear_session ();
  {
    const char * const store[] = { "secret-tool", "store", "--label=CustomerConnects Calendar (test desk)",
                                   "xdg:schema", "org.customerconnects.Calendar.Credential",
                                   "server", server->base_url, "kind", "api-key", NULL };

    if (!run_secret_tool (server->admin_key, &why, store))
      {
        if (g_strcmp0 (g_getenv ("CCAL_TEST_STRICT"), "1") == 0)
          g_test_fail_printf ("No usable keyring (CCAL_TEST_STRICT=1: may not skip): %s", why);
        else
          g_test_skip_printf ("No usable keyring to provision the desk with: %s", why);
        return;
      }
  }

  reset_settings ();
  run.application = new_test_application ();
  run.deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  g_ptr_array_add (argv, (char *) "customerconnects-calendar");
  g_ptr_array_add (argv, (char *) "--server");
  g_ptr_array_add (argv, server->base_url);
  g_ptr_array_add (argv, NULL);
  g_timeout_add (20, check_desk_cb, &run);
  status = g_application_run (G_APPLICATION (run.application), (int) argv->len - 1, (char **) argv->pdata);
  destroy_windows (run.application);
  g_clear_object (&run.application);

  {
    const char * const clear[] = { "secret-tool", "clear", "xdg:schema", "org.customerconnects.Calendar.Credential",
                                   "server", server->base_url, "kind", "api-key", NULL };
    g_autofree char *clear_why = NULL;

    if (!run_secret_tool (NULL, &clear_why, clear))
      g_test_message ("Could not remove the test key: %s", clear_why);
  }

  g_assert_cmpint (status, ==, 0);
  /* Signed in to that server with the provisioned key, not the welcome page. */
  g_assert_cmpstr (run.page, ==, "calendar");
  g_assert_cmpstr (run.base_url, ==, server->base_url);
  g_assert_true (run.me_known);
  g_assert_cmpint (run.role, ==, CCAL_ROLE_ADMIN);
  g_assert_cmpstr (run.workspace_id, ==, server->workspace_id);
  g_free (run.page);
  g_free (run.base_url);
  g_free (run.workspace_id);
}

/* ── the welcome page ───────────────────────────────────────────────────────────────────────── */

static gboolean
page_is_idle (gpointer data)
{
  return !ccal_welcome_page_get_busy (CCAL_WELCOME_PAGE (data));
}

static CcalWelcomePage *
open_welcome_page (CcalApplication *application,
                   CcalWindow     **out_window)
{
  CcalWindow *window = ccal_window_new (application);

  ccal_window_show_welcome (window, NULL, NULL);
  present_and_wait (GTK_WINDOW (window));
  *out_window = window;
  return CCAL_WELCOME_PAGE (ccal_window_get_welcome_page (window));
}

static void
connect_and_wait (CcalWelcomePage *page,
                  const char      *server_url,
                  const char      *key)
{
  ccal_welcome_page_set_server_url (page, server_url);
  ccal_welcome_page_set_api_key (page, key);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "welcome.connect", NULL));
  wait_until (page_is_idle, page, "the welcome page to finish");
}

static void
test_welcome_malformed_url (void)
{
  g_autoptr (CcalApplication) application = NULL;
  CcalWelcomePage *page;
  CcalWindow *window;

  if (!require_display ())
    return;

  application = create_application ();
  page = open_welcome_page (application, &window);

  connect_and_wait (page, "", "fc_test_x");
  g_assert_cmpstr (ccal_welcome_page_get_error_field (page), ==, "server-url");
  g_assert_true (g_str_has_prefix (ccal_welcome_page_get_error (page), "Enter the server address"));

  connect_and_wait (page, "ftp://calendar.example.com", "fc_test_x");
  g_assert_cmpstr (ccal_welcome_page_get_error_field (page), ==, "server-url");
  g_assert_cmpstr (ccal_welcome_page_get_error (page), ==,
                   "“ftp://calendar.example.com” is not a server address. "
                   "Enter one such as https://calendar.example.com.");

  connect_and_wait (page, "http://calendar.example.com", "fc_test_x");
  g_assert_cmpstr (ccal_welcome_page_get_error_field (page), ==, "server-url");
  g_assert_true (g_str_has_prefix (ccal_welcome_page_get_error (page), "This address starts with http://"));

  /* A good address and no key. */
  connect_and_wait (page, "https://calendar.example.com", "");
  g_assert_cmpstr (ccal_welcome_page_get_error_field (page), ==, "api-key");

  /* Editing the address clears the error. */
  ccal_welcome_page_set_server_url (page, "https://calendar.example.org");
  g_assert_null (ccal_welcome_page_get_error (page));
  g_assert_null (ccal_welcome_page_get_error_field (page));
  g_assert_cmpstr (ccal_window_get_page_name (window), ==, "welcome");

  destroy_windows (application);
}

static void
test_welcome_refused_key (void)
{
  g_autoptr (CcalApplication) application = NULL;
  g_autoptr (CcalTestServer) server = NULL;
  g_autofree char *revoked = NULL;
  CcalWelcomePage *page;
  CcalWindow *window;

  if (!require_display ())
    return;

  server = ccal_test_server_new (NULL);
  application = create_application ();
  page = open_welcome_page (application, &window);

  connect_and_wait (page, server->base_url,
                    "fc_live_0000000000000000000000000000000000000000000000000000000000000000");
  g_assert_cmpstr (ccal_welcome_page_get_error_field (page), ==, "api-key");
  g_assert_cmpstr (ccal_welcome_page_get_error (page), ==,
                   "The server refused this key. Check that it was copied in full and has not been revoked.");

  /* A key that worked once and was revoked. */
  revoked = ccal_test_server_create_key (server, NULL, "desk@example.com", "Desk", "staff", NULL);
  ccal_test_server_revoke_key (server, revoked);
  connect_and_wait (page, server->base_url, revoked);
  g_assert_cmpstr (ccal_welcome_page_get_error_field (page), ==, "api-key");
  g_assert_cmpstr (ccal_window_get_page_name (window), ==, "welcome");
  g_assert_null (ccal_window_get_account (window));

  destroy_windows (application);
}

static void
test_welcome_unreachable (void)
{
  g_autoptr (CcalApplication) application = NULL;
  CcalWelcomePage *page;
  CcalWindow *window;

  if (!require_display ())
    return;

  application = create_application ();
  page = open_welcome_page (application, &window);

  connect_and_wait (page, "http://127.0.0.1:1", "fc_test_x");
  g_assert_cmpstr (ccal_welcome_page_get_error_field (page), ==, "server-url");
  g_assert_cmpstr (ccal_welcome_page_get_error (page), ==,
                   "Could not reach http://127.0.0.1:1. Check the address and your network connection.");

  destroy_windows (application);
}

static gboolean
window_shows_calendar (gpointer data)
{
  return g_strcmp0 (ccal_window_get_page_name (CCAL_WINDOW (data)), "calendar") == 0;
}

static gboolean
window_is_settled (gpointer data)
{
  return g_strcmp0 (ccal_window_get_page_name (CCAL_WINDOW (data)), "loading") != 0;
}

static void
test_welcome_sign_in (void)
{
  g_autoptr (CcalApplication) application = NULL;
  g_autoptr (CcalTestServer) server = NULL;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *stored_url = NULL;
  CcalWelcomePage *page;
  CcalWindow *window;
  const CcalMe *me;
  gboolean kept_in_keyring;

  if (!require_display ())
    return;

  server = ccal_test_server_new (NULL);
  application = create_application ();
  page = open_welcome_page (application, &window);

  connect_and_wait (page, server->base_url, server->admin_key);
  /* Without a usable keyring the page offers to keep the key for this run. */
  kept_in_keyring = ccal_welcome_page_get_error_field (page) == NULL;
  if (!kept_in_keyring)
    {
      g_assert_cmpstr (ccal_welcome_page_get_error_field (page), ==, "keyring");
      if (g_strcmp0 (g_getenv ("CCAL_TEST_STRICT"), "1") == 0)
        g_test_message ("No usable keyring in a strict run: %s", ccal_welcome_page_get_error (page));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "welcome.keep-for-session", NULL));
    }
  wait_until (window_shows_calendar, window, "the calendar after signing in");

  me = ccal_account_get_me (ccal_window_get_account (window));
  g_assert_nonnull (me);
  g_assert_cmpint (me->role, ==, CCAL_ROLE_ADMIN);
  g_assert_cmpstr (me->workspace_id, ==, server->workspace_id);
  stored_url = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (stored_url, ==, server->base_url);

  /* The next start (--server URL, or the stored address) finds the key again. */
  ccal_window_show_welcome (window, NULL, NULL);
  ccal_window_open_server (window, server->base_url);
  wait_until (window_is_settled, window, "the stored key to be looked up");
  g_assert_cmpstr (ccal_window_get_page_name (window), ==, "calendar");
  g_assert_cmpstr (ccal_account_get_base_url (ccal_window_get_account (window)), ==, server->base_url);

  /* Signing out forgets the key: opening the server again shows the welcome page, address filled in. */
  ccal_window_sign_out (window);
  g_assert_cmpstr (ccal_window_get_page_name (window), ==, "welcome");
  g_clear_pointer (&stored_url, g_free);
  stored_url = g_settings_get_string (settings, "server-url");
  g_assert_cmpstr (stored_url, ==, "");
  ccal_credentials_clear_session ();
  if (kept_in_keyring)
    {
      /* Let the keyring deletion finish before looking up. */
      for (int i = 0; i < 20; i++)
        {
          g_usleep (10000);
          spin ();
        }
    }
  ccal_window_open_server (window, server->base_url);
  wait_until (window_is_settled, window, "the key lookup after signing out");
  g_assert_cmpstr (ccal_window_get_page_name (window), ==, "welcome");
  g_assert_cmpstr (ccal_welcome_page_get_server_url (page), ==, server->base_url);

  destroy_windows (application);
}

static gboolean
me_is_known (gpointer data)
{
  return ccal_account_get_me (CCAL_ACCOUNT (data)) != NULL;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_window_local (void)
{
  g_autoptr (CcalApplication) application = NULL;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  CcalLocalMode *local_mode;
  CcalAccount *account;
  CcalWindow *window;

  if (!require_display ())
    return;

  application = create_application ();
  window = ccal_window_new (application);
  ccal_window_show_welcome (window, NULL, NULL);
  present_and_wait (GTK_WINDOW (window));

  /* "Use a calendar on this computer". */
  g_assert_true (gtk_widget_activate_action (ccal_window_get_welcome_page (window), "welcome.use-local", NULL));
  wait_until (window_is_settled, window, "the local calendar to start");
  g_assert_cmpstr (ccal_window_get_page_name (window), ==, "calendar");
  account = ccal_window_get_account (window);
  g_assert_nonnull (ccal_account_get_local_mode (account));
  g_assert_true (g_settings_get_boolean (settings, "local-mode"));
  wait_until (me_is_known, account, "GET /me from the local server");
  g_assert_cmpint (ccal_account_get_me (account)->role, ==, CCAL_ROLE_ADMIN);

  /* Closing it goes back to the welcome page; the next start does not reopen it. The in-process
   * server stops (and lets go of everything) once its requests are done. */
  local_mode = ccal_account_get_local_mode (account);
  g_object_add_weak_pointer (G_OBJECT (local_mode), (gpointer *) &local_mode);
  ccal_window_sign_out (window);
  g_assert_cmpstr (ccal_window_get_page_name (window), ==, "welcome");
  g_assert_false (g_settings_get_boolean (settings, "local-mode"));
  wait_until (is_null, &local_mode, "the local server to stop");

  destroy_windows (application);
}

/* ── the event editor ───────────────────────────────────────────────────────────────────────── */

typedef struct
{
  CcalTestServer *server;
  const char     *title;
} ServerEventQuery;

static gboolean
server_has_event (gpointer data)
{
  ServerEventQuery *query = data;
  g_autoptr (CcalTestResponse) response =
    ccal_test_server_request (query->server, "GET", "/api/calendar/events?limit=1000", query->server->admin_key, NULL);
  JsonArray *events;

  g_assert_cmpuint (response->status, ==, 200);
  events = json_object_get_array_member (ccal_test_response_object (response), "events");
  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *event = json_array_get_object_element (events, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (event, "title", NULL), query->title) == 0)
        return TRUE;
    }
  /* Let the engine's push run before asking again. */
  g_usleep (20000);
  return FALSE;
}

static void
test_editor_validates_and_saves (void)
{
  g_autoptr (CcalApplication) application = NULL;
  g_autoptr (CcalTestServer) server = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (GPtrArray) cached = NULL;
  g_autoptr (GError) error = NULL;
  ServerEventQuery query;
  CcalEventEditor *editor;
  CcalWindow *window;
  gint64 start;
  gboolean found = FALSE;

  if (!require_display ())
    return;

  server = ccal_test_server_new (NULL);
  application = create_application ();
  window = ccal_window_new (application);
  account = ccal_account_new (server->base_url, server->admin_key, &error);
  g_assert_no_error (error);
  ccal_window_set_account (window, account);
  wait_until (me_is_known, account, "GET /me");
  present_and_wait (GTK_WINDOW (window));

  g_assert_true (ccal_time_parse_rfc3339 ("2026-12-01T10:00:00Z", NULL, &start, &error));
  editor = ccal_event_editor_new_for_range (account, "Europe/Berlin", start, start + CCAL_USEC_PER_HOUR, FALSE);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (window));
  present_and_wait (GTK_WINDOW (editor));
  ccal_event_editor_set_title (editor, "Quarterly review");

  /* An end before the start is refused, naming the end. */
  ccal_event_editor_set_times (editor, start, start - CCAL_USEC_PER_HOUR);
  g_assert_false (ccal_event_editor_save (editor));
  g_assert_cmpstr (ccal_event_editor_get_error_field (editor), ==, "end_time");
  g_assert_nonnull (ccal_event_editor_get_error (editor));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (editor)));

  /* A valid event is saved: at once in the cache, then on the server through the engine. */
  ccal_event_editor_set_times (editor, start, start + 90 * CCAL_USEC_PER_MINUTE);
  g_assert_null (ccal_event_editor_get_error (editor));
  g_assert_true (ccal_event_editor_save (editor));
  spin ();

  cached = ccal_cache_query_events (ccal_account_get_cache (account), start, start + CCAL_USEC_PER_DAY, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < cached->len; i++)
    {
      CcalEvent *event = g_ptr_array_index (cached, i);

      if (g_strcmp0 (event->title, "Quarterly review") == 0)
        {
          found = TRUE;
          g_assert_cmpint (event->start_time, ==, start);
          g_assert_cmpint (event->end_time, ==, start + 90 * CCAL_USEC_PER_MINUTE);
          g_assert_cmpstr (event->timezone, ==, "Europe/Berlin");
          g_assert_cmpint (event->type, ==, CCAL_EVENT_TYPE_EVENT);
          g_assert_null (event->rrule);
        }
    }
  g_assert_true (found);

  query.server = server;
  query.title = "Quarterly review";
  wait_until (server_has_event, &query, "the event to reach the server");

  destroy_windows (application);
}

static gboolean
account_is_idle (gpointer data)
{
  return ccal_account_get_status (CCAL_ACCOUNT (data)) == CCAL_SYNC_STATUS_IDLE;
}

/* The server goes away: the window says it is offline, an edit is kept and queued; the server
 * comes back (same address, same database): the edit reaches it and the notice goes. */
static void
test_window_offline_edit_pushed_on_return (void)
{
  g_autoptr (CcalApplication) application = NULL;
  g_autoptr (CcalTestServer) server = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (GError) error = NULL;
  ServerEventQuery query;
  CcalEventEditor *editor;
  CcalWindow *window;
  gint64 start;
  guint queued = 0;

  if (!require_display ())
    return;

  server = ccal_test_server_new (NULL);
  application = create_application ();
  window = ccal_window_new (application);
  account = ccal_account_new (server->base_url, server->admin_key, &error);
  g_assert_no_error (error);
  ccal_window_set_account (window, account);
  wait_until (me_is_known, account, "GET /me");
  present_and_wait (GTK_WINDOW (window));
  wait_until (account_is_idle, account, "the first sync");
  g_assert_null (ccal_window_get_notice (window));

  g_assert_cmpint (ccal_test_server_stop (server), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  wait_until (account_is_offline, account, "the account to go offline");
  g_assert_true (g_str_has_prefix (ccal_window_get_notice (window), "Offline — showing the schedule as of "));

  g_assert_true (ccal_time_parse_rfc3339 ("2026-12-02T10:00:00Z", NULL, &start, &error));
  editor = ccal_event_editor_new_for_range (account, "Europe/Berlin", start, start + CCAL_USEC_PER_HOUR, FALSE);
  gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (window));
  present_and_wait (GTK_WINDOW (editor));
  ccal_event_editor_set_title (editor, "Planned while offline");
  g_assert_true (ccal_event_editor_save (editor));
  spin ();
  g_assert_true (ccal_cache_outbox_count (ccal_account_get_cache (account), &queued, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (queued, ==, 1);

  ccal_test_server_restart (server);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sync", NULL));
  query.server = server;
  query.title = "Planned while offline";
  wait_until (server_has_event, &query, "the queued event to reach the server");
  wait_until (account_is_idle, account, "the sync after the server came back");
  g_assert_null (ccal_window_get_notice (window));
  g_assert_true (ccal_cache_outbox_count (ccal_account_get_cache (account), &queued, &error));
  g_assert_cmpuint (queued, ==, 0);

  destroy_windows (application);
}

static void
test_editor_repeat_rules (void)
{
  g_autoptr (CcalApplication) application = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (CcalEvent) event = ccal_event_new ();
  g_autoptr (GError) error = NULL;
  CcalEventEditor *editor;
  CcalWindow *window;

  if (!require_display ())
    return;

  application = create_application ();
  window = ccal_window_new (application);
  account = create_unreachable_account ();
  ccal_window_set_account (window, account);
  present_and_wait (GTK_WINDOW (window));

  /* A weekly rule on two days, ten times, round-trips unchanged through the editor (offline: the
   * change is queued in the cache). */
  event->id = g_strdup ("4b0a3c7e-52a4-4a60-9d57-7f1f0e6a3c01");
  event->title = g_strdup ("Team sync");
  event->type = CCAL_EVENT_TYPE_EVENT;
  event->timezone = g_strdup ("Europe/Berlin");
  g_assert_true (ccal_time_parse_rfc3339 ("2026-12-01T08:00:00Z", NULL, &event->start_time, &error));
  event->end_time = event->start_time + CCAL_USEC_PER_HOUR;
  event->rrule = g_strdup ("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10");
  event->version = 1;
  {
    g_autoptr (JsonObject) json = ccal_event_to_json (event);
    g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), json);
    g_autoptr (JsonArray) page = json_array_new ();

    json_array_add_element (page, g_steal_pointer (&node));
    g_assert_true (ccal_cache_put_server_objects (ccal_account_get_cache (account), CCAL_CACHE_COLLECTION_EVENTS,
                                                  page, NULL, &error));
    g_assert_no_error (error);
  }

  editor = ccal_event_editor_new_for_event (account, "UTC", event);
  present_and_wait (GTK_WINDOW (editor));
  ccal_event_editor_set_title (editor, "Team sync (moved room)");
  g_assert_true (ccal_event_editor_save (editor));
  {
    g_autoptr (CcalEvent) saved = ccal_cache_get_event (ccal_account_get_cache (account), event->id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (saved->title, ==, "Team sync (moved room)");
    g_assert_cmpstr (saved->rrule, ==, "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10");
    g_assert_cmpstr (saved->timezone, ==, "Europe/Berlin");
    g_assert_cmpint (saved->start_time, ==, event->start_time);
  }

  /* A rule the editor cannot show (every second week) is kept as it is. */
  g_free (event->rrule);
  event->rrule = g_strdup ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO");
  editor = ccal_event_editor_new_for_event (account, "UTC", event);
  present_and_wait (GTK_WINDOW (editor));
  g_assert_true (ccal_event_editor_save (editor));
  {
    g_autoptr (CcalEvent) saved = ccal_cache_get_event (ccal_account_get_cache (account), event->id, &error);

    g_assert_cmpstr (saved->rrule, ==, "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO");
  }

  destroy_windows (application);
}

/* ── app dialogs ────────────────────────────────────────────────────────────────────────────── */

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
about_is_open (gpointer data)
{
  return find_toplevel (ADW_TYPE_ABOUT_WINDOW) != NULL;
}

static void
test_app_about (void)
{
  g_autoptr (CcalApplication) application = NULL;
  CcalWindow *window;
  GtkWindow *about;

  if (!require_display ())
    return;

  application = create_application ();
  window = ccal_window_new (application);
  ccal_window_show_welcome (window, NULL, NULL);
  present_and_wait (GTK_WINDOW (window));

  g_action_group_activate_action (G_ACTION_GROUP (application), "about", NULL);
  wait_until (about_is_open, NULL, "the about window");
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpint (adw_about_window_get_license_type (ADW_ABOUT_WINDOW (about)), ==, GTK_LICENSE_GPL_3_0);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APP_ID);
  g_assert_true (g_str_has_prefix (adw_about_window_get_website (ADW_ABOUT_WINDOW (about)), "https://"));
  g_assert_true (gtk_window_get_transient_for (about) == GTK_WINDOW (window));
  gtk_window_destroy (about);

  destroy_windows (application);
}

static gboolean
preferences_are_open (gpointer data)
{
  return find_toplevel (CCAL_TYPE_PREFERENCES_WINDOW) != NULL;
}

static void
test_app_preferences (void)
{
  g_autoptr (CcalApplication) application = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  CcalWindow *window;
  GtkWindow *preferences;

  if (!require_display ())
    return;

  application = create_application ();
  window = ccal_window_new (application);
  account = create_unreachable_account ();
  ccal_window_set_account (window, account);
  present_and_wait (GTK_WINDOW (window));

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (application), "preferences"));
  g_action_group_activate_action (G_ACTION_GROUP (application), "preferences", NULL);
  wait_until (preferences_are_open, NULL, "the preferences window");
  preferences = find_toplevel (CCAL_TYPE_PREFERENCES_WINDOW);
  present_and_wait (preferences);

  /* A setting changed elsewhere reaches the window: Saturday-first weeks. */
  g_settings_set_string (settings, "first-weekday", "saturday");
  {
    GDate date = make_date (2026, 11, 25);

    ccal_window_set_date (window, &date);
    assert_visible_days (window, 2026, 11, 21, 7);
  }
  gtk_window_destroy (preferences);

  destroy_windows (application);
}

static gboolean
shortcuts_are_open (gpointer data)
{
  return find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW) != NULL;
}

/* Every (keyval, modifiers) pair @trigger stands for, as "keyval/mods" strings. */
static void
collect_trigger (GtkShortcutTrigger *trigger,
                 GHashTable         *out)
{
  if (GTK_IS_ALTERNATIVE_TRIGGER (trigger))
    {
      collect_trigger (gtk_alternative_trigger_get_first (GTK_ALTERNATIVE_TRIGGER (trigger)), out);
      collect_trigger (gtk_alternative_trigger_get_second (GTK_ALTERNATIVE_TRIGGER (trigger)), out);
    }
  else if (GTK_IS_KEYVAL_TRIGGER (trigger))
    {
      g_hash_table_add (out, gtk_accelerator_name (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)),
                                                   gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))));
    }
}

static void
collect_accelerators (const char *accelerators,
                      GHashTable *out)
{
  g_auto (GStrv) parts = g_strsplit (accelerators, " ", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint keyval;
      GdkModifierType mods;

      if (parts[i][0] == '\0')
        continue;
      g_assert_true (gtk_accelerator_parse (parts[i], &keyval, &mods));
      g_hash_table_add (out, gtk_accelerator_name (keyval, mods));
    }
}

/* The accelerators of the window's own shortcut controllers ("ccal-shortcuts"), anywhere in it. */
static void
collect_window_shortcuts (GtkWidget  *widget,
                          GHashTable *out)
{
  g_autoptr (GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr (GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller) ||
          g_strcmp0 (gtk_event_controller_get_name (controller), "ccal-shortcuts") != 0)
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr (GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);

          collect_trigger (gtk_shortcut_get_trigger (shortcut), out);
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_window_shortcuts (child, out);
}

static void
collect_listed (GtkWidget  *widget,
                GHashTable *out)
{
  if (GTK_IS_SHORTCUTS_SHORTCUT (widget))
    {
      g_autofree char *accelerator = NULL;

      g_object_get (widget, "accelerator", &accelerator, NULL);
      if (accelerator != NULL)
        collect_accelerators (accelerator, out);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_listed (child, out);
}

static void
test_app_shortcuts (void)
{
  g_autoptr (CcalApplication) application = NULL;
  g_autoptr (GHashTable) used = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (GStrv) actions = NULL;
  GHashTableIter iter;
  const char *accelerator;
  CcalWindow *window;
  GtkWindow *shortcuts;

  if (!require_display ())
    return;

  application = create_application ();
  window = ccal_window_new (application);
  ccal_window_show_welcome (window, NULL, NULL);
  present_and_wait (GTK_WINDOW (window));

  g_action_group_activate_action (G_ACTION_GROUP (application), "shortcuts", NULL);
  wait_until (shortcuts_are_open, NULL, "the shortcuts window");
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);

  actions = gtk_application_list_action_descriptions (GTK_APPLICATION (application));
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto (GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (application), actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        collect_accelerators (accels[j], used);
    }
  collect_window_shortcuts (GTK_WIDGET (window), used);
  collect_listed (GTK_WIDGET (shortcuts), listed);

  /* The application's and the window's: Ctrl+Q, Ctrl+N, t, w, m, Page Up… — all listed. */
  g_assert_cmpuint (g_hash_table_size (used), >=, 15);
  g_hash_table_iter_init (&iter, used);
  while (g_hash_table_iter_next (&iter, (gpointer *) &accelerator, NULL))
    {
      if (!g_hash_table_contains (listed, accelerator))
        g_error ("The shortcut %s is not in the Keyboard Shortcuts window", accelerator);
    }
  /* And nothing listed that does not exist. */
  g_hash_table_iter_init (&iter, listed);
  while (g_hash_table_iter_next (&iter, (gpointer *) &accelerator, NULL))
    {
      if (!g_hash_table_contains (used, accelerator))
        g_error ("The Keyboard Shortcuts window lists %s, which does nothing", accelerator);
    }

  gtk_window_destroy (shortcuts);
  destroy_windows (application);
}

static void
test_window_remembers_size (void)
{
  g_autoptr (CcalApplication) application = NULL;
  g_autoptr (GSettings) settings = g_settings_new (APP_ID);
  CcalWindow *window;

  if (!require_display ())
    return;

  application = create_application ();
  window = ccal_window_new (application);
  ccal_window_show_welcome (window, NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  present_and_wait (GTK_WINDOW (window));
  gtk_window_close (GTK_WINDOW (window));
  spin ();

  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));

  /* A new window starts at that size. */
  window = ccal_window_new (application);
  ccal_window_show_welcome (window, NULL, NULL);
  present_and_wait (GTK_WINDOW (window));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), ==, 900);

  destroy_windows (application);
}

/* ── dashboard and booking entry points (real server) ─────────────────────────────────────── */

static gboolean
account_knows_me (gpointer data)
{
  return ccal_account_get_me (CCAL_ACCOUNT (data)) != NULL;
}

static void
on_account_synced_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr (GError) error = NULL;

  ccal_sync_sync_finish (CCAL_SYNC (source), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* An account on @server with @key, synced once and knowing who it is. */
static CcalAccount *
create_server_account (CcalTestServer *server,
                       const char     *key)
{
  g_autoptr (CcalApiClient) client = NULL;
  g_autoptr (CcalCache) cache = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  static guint counter;
  gboolean synced = FALSE;
  CcalAccount *account;

  client = ccal_api_client_new (server->base_url, key, &error);
  g_assert_no_error (error);
  path = g_strdup_printf ("%s/server-%u.db", scratch_dir, ++counter);
  cache = ccal_cache_open (path, &error);
  g_assert_no_error (error);
  account = ccal_account_new_for_client (client, cache);
  ccal_account_request_sync (account);
  wait_until (account_knows_me, account, "GET /me");
  ccal_sync_sync_async (ccal_account_get_sync (account), NULL, on_account_synced_cb, &synced);
  wait_until (is_true, &synced, "a sync");
  return account;
}

static void
test_window_dashboard_roles (void)
{
  g_autoptr (CcalTestServer) server = NULL;
  g_autofree char *staff_key = NULL;

  if (!require_display ())
    return;

  server = ccal_test_server_new (NULL);
  staff_key = ccal_test_server_create_key (server, NULL, "desk@acme.example", "Front Desk", "staff", NULL);

  for (guint staff = 0; staff <= 1; staff++)
    {
      g_autoptr (CcalApplication) application = create_application ();
      g_autoptr (CcalAccount) account = create_server_account (server, staff ? staff_key : server->admin_key);
      CcalWindow *window = ccal_window_new (application);
      GtkWidget *dashboard;

      ccal_window_set_account (window, account);
      present_and_wait (GTK_WINDOW (window));
      /* Made when first shown, not with the window. */
      g_assert_null (ccal_window_get_dashboard (window));
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.view", "s", "dashboard"));
      dashboard = ccal_window_get_dashboard (window);
      g_assert_true (CCAL_IS_DASHBOARD (dashboard));
      g_assert_cmpstr (ccal_dashboard_get_section (CCAL_DASHBOARD (dashboard)), ==, "bookings");
      g_assert_nonnull (ccal_dashboard_get_details (CCAL_DASHBOARD (dashboard)));

      /* Availability and analytics are for admins; staff keep the bookings. */
      ccal_dashboard_set_section (CCAL_DASHBOARD (dashboard), "analytics");
      g_assert_cmpstr (ccal_dashboard_get_section (CCAL_DASHBOARD (dashboard)), ==, staff ? "bookings" : "analytics");
      ccal_dashboard_set_section (CCAL_DASHBOARD (dashboard), "availability");
      g_assert_cmpstr (ccal_dashboard_get_section (CCAL_DASHBOARD (dashboard)), ==,
                       staff ? "bookings" : "availability");

      /* Signing out drops it with the account. */
      ccal_window_set_account (window, NULL);
      g_assert_null (ccal_window_get_dashboard (window));
      destroy_windows (application);
    }
}

static void
test_window_new_booking_entry_points (void)
{
  g_autoptr (CcalTestServer) server = NULL;
  g_autoptr (CcalTestResponse) response = NULL;
  g_autoptr (CcalApplication) application = NULL;
  g_autoptr (CcalAccount) account = NULL;
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr (GDateTime) tomorrow = NULL;
  g_autoptr (GDateTime) nine_utc = NULL;
  g_autofree char *body = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  CcalWindow *window;
  GtkWindow *dialog;
  gint64 nine;

  if (!require_display ())
    return;

  server = ccal_test_server_new (NULL);
  /* Bookable tomorrow 09:00–17:00 UTC. */
  tomorrow = g_date_time_add_days (now, 1);
  nine_utc = g_date_time_new_utc (g_date_time_get_year (tomorrow), g_date_time_get_month (tomorrow),
                                  g_date_time_get_day_of_month (tomorrow), 9, 0, 0);
  nine = g_date_time_to_unix (nine_utc) * G_USEC_PER_SEC;
  from = ccal_time_format_rfc3339 (nine);
  to = ccal_time_format_rfc3339 (nine + 8 * CCAL_USEC_PER_HOUR);
  body = g_strdup_printf ("{\"admin_id\":\"%s\",\"title\":\"Open\",\"type\":\"availability\","
                          "\"start_time\":\"%s\",\"end_time\":\"%s\",\"timezone\":\"UTC\"}",
                          server->admin_id, from, to);
  response = ccal_test_server_request (server, "POST", "/api/calendar/events", server->admin_key, body);
  g_assert_cmpuint (response->status, ==, 201);

  application = create_application ();
  account = create_server_account (server, server->admin_key);
  window = ccal_window_new (application);
  /* --new-booking while the key is being looked up: the form opens with the account. */
  ccal_window_request_new_booking (window);
  g_assert_null (find_toplevel (CCAL_TYPE_BOOKING_DIALOG));
  ccal_window_set_account (window, account);
  present_and_wait (GTK_WINDOW (window));
  dialog = find_toplevel (CCAL_TYPE_BOOKING_DIALOG);
  g_assert_nonnull (dialog);
  gtk_window_destroy (dialog);
  spin ();

  /* Ctrl+B's action, from either tab. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new-booking", NULL));
  dialog = find_toplevel (CCAL_TYPE_BOOKING_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (window));
  gtk_window_destroy (dialog);
  spin ();

  /* A click on a free bookable slot books a caller there … */
  g_signal_emit_by_name (ccal_window_get_week_view (window), "create-event",
                         nine + CCAL_USEC_PER_HOUR, nine + CCAL_USEC_PER_HOUR + 30 * CCAL_USEC_PER_MINUTE);
  dialog = find_toplevel (CCAL_TYPE_BOOKING_DIALOG);
  g_assert_nonnull (dialog);
  gtk_window_destroy (dialog);
  spin ();

  /* … and one outside the bookable hours makes an event. */
  g_signal_emit_by_name (ccal_window_get_week_view (window), "create-event",
                         nine + 10 * CCAL_USEC_PER_HOUR, nine + 11 * CCAL_USEC_PER_HOUR);
  g_assert_null (find_toplevel (CCAL_TYPE_BOOKING_DIALOG));
  dialog = find_toplevel (CCAL_TYPE_EVENT_EDITOR);
  g_assert_nonnull (dialog);

  destroy_windows (application);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  /* The app's caches and the local calendar go to a scratch directory, never the real home. */
  scratch_dir = g_dir_make_tmp ("ccal-test-window-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", scratch_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", scratch_dir, TRUE);
  ccal_credentials_set_timeout (10);

  have_display = gtk_init_check ();

  g_test_add_func ("/gui/window/opens", test_window_opens);
  g_test_add_func ("/gui/window/tabs", test_window_tabs);
  g_test_add_func ("/gui/window/view-toggle", test_window_view_toggle);
  g_test_add_func ("/gui/window/offline-notice", test_window_offline_notice);
  g_test_add_func ("/gui/window/offline-edit-pushed-on-return", test_window_offline_edit_pushed_on_return);
  g_test_add_func ("/gui/window/remembers-size", test_window_remembers_size);
  g_test_add_func ("/gui/window/dashboard-roles", test_window_dashboard_roles);
  g_test_add_func ("/gui/window/new-booking-entry-points", test_window_new_booking_entry_points);
  g_test_add_func ("/gui/sync-state/wording", test_sync_state_wording);
  g_test_add_func ("/gui/command-line/date-and-view", test_command_line_date_and_view);
  g_test_add_func ("/gui/command-line/dashboard", test_command_line_dashboard);
  g_test_add_func ("/gui/command-line/errors", test_command_line_errors);
  g_test_add_func ("/gui/command-line/provisioned-desk", test_command_line_provisioned_desk);
  g_test_add_func ("/gui/welcome/malformed-url", test_welcome_malformed_url);
  g_test_add_func ("/gui/welcome/refused-key", test_welcome_refused_key);
  g_test_add_func ("/gui/welcome/unreachable", test_welcome_unreachable);
  g_test_add_func ("/gui/welcome/sign-in", test_welcome_sign_in);
  g_test_add_func ("/gui/welcome/local", test_window_local);
  g_test_add_func ("/gui/editor/validates-and-saves", test_editor_validates_and_saves);
  g_test_add_func ("/gui/editor/repeat-rules", test_editor_repeat_rules);
  g_test_add_func ("/gui/app/about", test_app_about);
  g_test_add_func ("/gui/app/preferences", test_app_preferences);
  g_test_add_func ("/gui/app/shortcuts", test_app_shortcuts);

  status = g_test_run ();

  remove_tree (scratch_dir);
  g_free (scratch_dir);
  return status;
}
