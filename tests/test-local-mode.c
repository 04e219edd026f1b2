/* test-local-mode.c — the in-process server on loopback: starts, books, lists, starts again
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * $XDG_DATA_HOME and $XDG_CACHE_HOME point into a fresh folder for this run. With a usable secret
 * service (build-aux/run-tests provides one) the key goes to the keyring and the second start finds
 * it there; without one the key is kept for the run only and the keyring error is surfaced — a
 * case of its own runs with no session bus. In CI (CCAL_TEST_STRICT=1) a missing keyring fails the
 * first case instead.
 *
 * Each case runs in a subprocess: libsoup 3.2's SoupServer keeps one reference to every socket it
 * accepts (soup-listener.c's listen_watch never drops g_socket_accept's), which valgrind reports as
 * lost in any process that serves HTTP and exits. The subprocess is the same code, and ASan checks
 * it (an ASan build's subprocess runs LeakSanitizer on exit).
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ccal-credentials.h"
#include "ccal-local-mode.h"
#include "ccal-sync.h"
#include "ccal-time.h"

static char *scratch;

/* ── waiting ────────────────────────────────────────────────────────────────────────────────── */

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Waiter;

static Waiter *
waiter_new (void)
{
  Waiter *waiter = g_new0 (Waiter, 1);

  waiter->loop = g_main_loop_new (NULL, FALSE);
  return waiter;
}

static void
waiter_free (Waiter *waiter)
{
  g_clear_object (&waiter->result);
  g_main_loop_unref (waiter->loop);
  g_free (waiter);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Waiter, waiter_free)

static void
on_result_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->result = g_object_ref (result);
  g_main_loop_quit (waiter->loop);
}

static gboolean
on_waited_too_long_cb (gpointer user_data)
{
  g_error ("An async call did not finish within 60 s.");
  return G_SOURCE_REMOVE;
}

static GAsyncResult *
waiter_run (Waiter *waiter)
{
  if (waiter->result == NULL)
    {
      guint guard = g_timeout_add_seconds (60, on_waited_too_long_cb, NULL);

      g_main_loop_run (waiter->loop);
      g_source_remove (guard);
    }
  return waiter->result;
}

/* ── helpers ────────────────────────────────────────────────────────────────────────────────── */

static gboolean
strict (void)
{
  return g_strcmp0 (g_getenv ("CCAL_TEST_STRICT"), "1") == 0;
}

static CcalLocalMode *
start_local (const char *database_path)
{
  g_autoptr (Waiter) waiter = waiter_new ();
  g_autoptr (GError) error = NULL;
  CcalLocalMode *local;

  ccal_local_mode_start_async (database_path, NULL, on_result_cb, waiter);
  local = ccal_local_mode_start_finish (waiter_run (waiter), &error);
  g_assert_no_error (error);
  g_assert_nonnull (local);
  g_assert_true (g_str_has_prefix (ccal_local_mode_get_base_url (local), "http://127.0.0.1:"));
  g_assert_true (g_str_has_prefix (ccal_local_mode_get_token (local), "fc_live_"));
  return local;
}

static void
stop_local (CcalLocalMode *local)
{
  g_autoptr (Waiter) waiter = waiter_new ();
  g_autoptr (GError) error = NULL;

  ccal_local_mode_stop_async (local, NULL, on_result_cb, waiter);
  g_assert_true (ccal_local_mode_stop_finish (local, waiter_run (waiter), &error));
  g_assert_no_error (error);
}

static CcalMe *
get_me (CcalApiClient *client,
        GError       **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_api_client_get_me_async (client, NULL, on_result_cb, waiter);
  return ccal_api_client_get_me_finish (client, waiter_run (waiter), error);
}

static void
sync_ok (CcalSync *sync)
{
  g_autoptr (Waiter) waiter = waiter_new ();
  g_autoptr (GError) error = NULL;

  ccal_sync_sync_async (sync, NULL, on_result_cb, waiter);
  g_assert_true (ccal_sync_sync_finish (sync, waiter_run (waiter), &error));
  g_assert_no_error (error);
}

/* 09:00 UTC, @days_ahead days from today. */
static gint64
morning_in_days (int days_ahead)
{
  gint64 today = g_get_real_time () / CCAL_USEC_PER_DAY * CCAL_USEC_PER_DAY;

  return today + days_ahead * CCAL_USEC_PER_DAY + 9 * CCAL_USEC_PER_HOUR;
}

static const char *
expected_admin_name (void)
{
  const char *real = g_get_real_name ();

  return real != NULL && *real != '\0' && !g_str_equal (real, "Unknown") ? real : g_get_user_name ();
}

/* Everything the app does on a local calendar: who am I, open a window, book it, list it. */
static void
use_calendar (CcalLocalMode *local,
              gboolean       first_time)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalApiClient) client = ccal_local_mode_new_api_client (local, &error);
  g_autofree char *cache_path = ccal_local_mode_get_cache_path (local);
  g_autoptr (CcalCache) cache = NULL;
  g_autoptr (CcalSync) sync = NULL;
  g_autoptr (CcalMe) me = NULL;
  g_autoptr (GPtrArray) bookings = NULL;
  gint64 day = morning_in_days (3);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (cache_path, g_get_user_cache_dir ()));
  cache = ccal_cache_open (cache_path, &error);
  g_assert_no_error (error);
  sync = ccal_sync_new (client, cache);

  me = get_me (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (me->user_id, ==, ccal_local_mode_get_admin_id (local));
  g_assert_cmpstr (me->workspace_id, ==, CCAL_LOCAL_MODE_WORKSPACE);
  g_assert_cmpint (me->role, ==, CCAL_ROLE_ADMIN);
  g_assert_cmpstr (me->name, ==, expected_admin_name ());

  sync_ok (sync);

  if (first_time)
    {
      g_autoptr (CcalEvent) window = ccal_event_new ();
      g_autoptr (CcalBooking) booking = NULL;
      CcalBookRequest request = { 0 };
      gboolean confirmed = FALSE;

      window->admin_id = g_strdup (me->user_id);
      window->title = g_strdup ("Consultations");
      window->type = CCAL_EVENT_TYPE_AVAILABILITY;
      window->start_time = day;
      window->end_time = day + 3 * CCAL_USEC_PER_HOUR;
      window->timezone = g_strdup ("UTC");
      g_assert_true (ccal_sync_save_event (sync, window, NULL, &error));
      g_assert_no_error (error);
      sync_ok (sync);

      request.admin_id = me->user_id;
      request.start_time = day + CCAL_USEC_PER_HOUR;
      request.duration_minutes = 30;
      request.name = "Kim Keller";
      request.email = "kim@example.com";
      request.phone = "+49 30 1234567";
      {
        g_autoptr (Waiter) waiter = waiter_new ();

        ccal_sync_book_async (sync, &request, FALSE, NULL, on_result_cb, waiter);
        booking = ccal_sync_book_finish (sync, waiter_run (waiter), &confirmed, &error);
      }
      g_assert_no_error (error);
      g_assert_true (confirmed);
      g_assert_cmpint (booking->start_time, ==, day + CCAL_USEC_PER_HOUR);
    }

  bookings = ccal_cache_query_bookings (cache, day, day + CCAL_USEC_PER_DAY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bookings->len, ==, 1);
  g_assert_cmpstr (((CcalBooking *) g_ptr_array_index (bookings, 0))->contact->email, ==, "kim@example.com");
  g_assert_cmpstr (((CcalBooking *) g_ptr_array_index (bookings, 0))->admin_id, ==, me->user_id);

  /* The server agrees. */
  {
    g_autoptr (Waiter) waiter = waiter_new ();
    g_autoptr (CcalBookingPage) page = NULL;

    ccal_api_client_list_bookings_async (client, NULL, NULL, on_result_cb, waiter);
    page = ccal_api_client_list_bookings_finish (client, waiter_run (waiter), &error);
    g_assert_no_error (error);
    g_assert_cmpuint (page->bookings->len, ==, 1);
  }
}

/* ── cases ──────────────────────────────────────────────────────────────────────────────────── */

static void
run_in_subprocess (void)
{
  g_test_trap_subprocess (NULL, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDOUT |
                                                     G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_start_book_list (void)
{
  g_autofree char *default_path = ccal_local_mode_get_default_database_path ();
  g_autofree char *first_token = NULL;
  g_autofree char *first_admin = NULL;
  gboolean in_keyring;

  if (!g_test_subprocess ())
    {
      run_in_subprocess ();
      return;
    }

  g_assert_true (g_str_has_prefix (default_path, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (default_path, "/customerconnects-calendar/local.db"));

  {
    g_autoptr (CcalLocalMode) local = start_local (NULL);
    const GError *keyring_error = ccal_local_mode_get_keyring_error (local);

    g_assert_cmpstr (ccal_local_mode_get_database_path (local), ==, default_path);
    g_assert_true (g_file_test (default_path, G_FILE_TEST_IS_REGULAR));
    in_keyring = ccal_local_mode_get_key_in_keyring (local);
    if (in_keyring)
      {
        g_assert_null (keyring_error);
      }
    else
      {
        /* The app shows this and runs on: the key is kept for this run only. */
        g_assert_nonnull (keyring_error);
        g_assert_true (keyring_error->domain == CCAL_CREDENTIALS_ERROR);
        if (strict ())
          g_error ("CCAL_TEST_STRICT=1 and no usable secret service: %s", keyring_error->message);
        g_test_message ("No usable keyring here (%s); the key is kept for this run", keyring_error->message);
      }
    first_token = g_strdup (ccal_local_mode_get_token (local));
    first_admin = g_strdup (ccal_local_mode_get_admin_id (local));

    use_calendar (local, TRUE);
    stop_local (local);
  }

  /* The next start: the same calendar and admin; the key comes back from where it was kept (the
   * keyring, or this process's memory when there is none). */
  {
    g_autoptr (CcalLocalMode) local = start_local (NULL);

    g_assert_cmpstr (ccal_local_mode_get_admin_id (local), ==, first_admin);
    g_assert_cmpstr (ccal_local_mode_get_token (local), ==, first_token);
    g_assert_cmpint (ccal_local_mode_get_key_in_keyring (local), ==, in_keyring);
    use_calendar (local, FALSE);
    stop_local (local);
  }

  /* Sign out of the keyring: a new key is made, and the old one's plaintext is nowhere. */
  {
    g_autoptr (Waiter) waiter = waiter_new ();
    g_autoptr (CcalLocalMode) local = NULL;
    g_autoptr (GError) error = NULL;
    g_autofree char *server = g_filename_to_uri (default_path, NULL, NULL);

    ccal_credentials_delete_async (server, CCAL_CREDENTIAL_KIND_ANY, NULL, on_result_cb, waiter);
    ccal_credentials_delete_finish (waiter_run (waiter), &error);
    if (in_keyring)
      g_assert_no_error (error);

    local = start_local (NULL);
    g_assert_cmpstr (ccal_local_mode_get_credential_server (local), ==, server);
    g_assert_cmpstr (ccal_local_mode_get_admin_id (local), ==, first_admin);
    g_assert_cmpstr (ccal_local_mode_get_token (local), !=, first_token);
    use_calendar (local, FALSE);
    stop_local (local);
  }
}

/* No session bus at all: the calendar still starts, with the reason for the person, and the key
 * lives in this run's memory. */
static void
test_no_keyring (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *path = g_build_filename (scratch, "no-keyring", "local.db", NULL);
      g_autofree char *first_token = NULL;
      const GError *keyring_error;

      /* Before anything connects: GDBus reads it once. */
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/ccal-test/bus", TRUE);

      {
        g_autoptr (CcalLocalMode) local = start_local (path);

        keyring_error = ccal_local_mode_get_keyring_error (local);
        g_assert_false (ccal_local_mode_get_key_in_keyring (local));
        g_assert_error (keyring_error, CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_NO_KEYRING);
        g_assert_true (g_str_has_prefix (keyring_error->message, "Your keyring is not available: "));
        first_token = g_strdup (ccal_local_mode_get_token (local));
        use_calendar (local, TRUE);
        stop_local (local);
      }
      {
        g_autoptr (CcalLocalMode) local = start_local (path);

        g_assert_cmpstr (ccal_local_mode_get_token (local), ==, first_token);
        use_calendar (local, FALSE);
        stop_local (local);
      }
      return;
    }

  run_in_subprocess ();
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *cache = NULL;
  gboolean is_subprocess = FALSE;
  int result;

  for (int i = 1; i < argc; i++)
    is_subprocess |= g_str_equal (argv[i], "--GTestSubprocess");

  /* A fresh data and cache home for this run (a subprocess uses its parent's), set before GLib
   * reads them. */
  if (is_subprocess)
    {
      /* Never the person's own data folder. */
      scratch = g_strdup (g_getenv ("CCAL_TEST_LOCAL_SCRATCH"));
      if (scratch == NULL)
        g_error ("Run this test as a whole: its subprocesses need the folder the parent makes.");
    }
  else
    {
      scratch = g_dir_make_tmp ("ccal-test-local-XXXXXX", &error);
      g_assert_no_error (error);
      data = g_build_filename (scratch, "data", NULL);
      cache = g_build_filename (scratch, "cache", NULL);
      g_setenv ("XDG_DATA_HOME", data, TRUE);
      g_setenv ("XDG_CACHE_HOME", cache, TRUE);
      g_setenv ("CCAL_TEST_LOCAL_SCRATCH", scratch, TRUE);
    }

  g_test_init (&argc, &argv, NULL);
  ccal_credentials_set_timeout (5);

  g_test_add_func ("/local-mode/start-book-list-restart", test_start_book_list);
  g_test_add_func ("/local-mode/no-keyring", test_no_keyring);

  result = g_test_run ();

  if (!is_subprocess)
    remove_tree (scratch);
  g_free (scratch);
  return result;
}
