/* ccal-test-gui.c — shared set-up and waiting for the GUI tests (see ccal-test-gui.h)
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <glib/gstdio.h>

#include "ccal-credentials.h"
#include "ccal-test-gui.h"

/* From the app's compiled resources (--manual-register). */
void ccal_register_resource (void);

static gboolean have_display;
static char *scratch_dir;

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

void
ccal_test_gui_init (int    *argc,
                    char ***argv)
{
  g_autoptr (GError) error = NULL;

  g_test_init (argc, argv, NULL);

  /* Caches and the local calendar go to a scratch directory, never the real home. */
  scratch_dir = g_dir_make_tmp ("ccal-test-gui-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_CACHE_HOME", scratch_dir, TRUE);
  g_setenv ("XDG_DATA_HOME", scratch_dir, TRUE);
  ccal_credentials_set_timeout (10);

  have_display = gtk_init_check ();
  if (have_display)
    {
      adw_init ();
      ccal_register_resource ();
    }
}

int
ccal_test_gui_run (void)
{
  int status = g_test_run ();

  remove_tree (scratch_dir);
  g_clear_pointer (&scratch_dir, g_free);
  return status;
}

const char *
ccal_test_gui_get_scratch_dir (void)
{
  return scratch_dir;
}

gboolean
ccal_test_gui_require_display (void)
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
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
ccal_test_gui_wait_until (CcalTestCondition  condition,
                          gpointer           data,
                          const char        *what)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (30, on_timeout_cb, &timed_out);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("Waited 30 s for %s", what);
  g_source_remove (timeout_id);
}

void
ccal_test_gui_spin (void)
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

void
ccal_test_gui_present_and_wait (GtkWindow *window)
{
  gboolean painted = FALSE;
  GdkFrameClock *clock;
  gulong handler;

  gtk_window_present (window);
  ccal_test_gui_wait_until ((CcalTestCondition) gtk_widget_get_mapped, window, "the window to map");
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint_cb), &painted);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  ccal_test_gui_wait_until (is_true, &painted, "the first frame");
  g_signal_handler_disconnect (clock, handler);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (window)), >, 0);
}

void
ccal_test_gui_save_png (GtkWidget  *widget,
                        const char *path)
{
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr (GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr (GskRenderNode) node = NULL;
  g_autoptr (GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  g_assert_cmpint (width, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

void
ccal_test_gui_save_shot (GtkWidget  *widget,
                         const char *name)
{
  const char *dir = g_getenv ("CCAL_TEST_SHOT_DIR");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL || dir[0] == '\0')
    return;
  g_mkdir_with_parents (dir, 0755);
  file = g_strconcat (name, ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  ccal_test_gui_save_png (widget, path);
  g_test_message ("Saved %s", path);
}

typedef struct
{
  gboolean  done;
  GError   *error;
} SyncWait;

static void
on_synced_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SyncWait *wait = user_data;

  ccal_sync_sync_finish (CCAL_SYNC (source), result, &wait->error);
  wait->done = TRUE;
}

void
ccal_test_gui_sync (CcalAccount *account)
{
  SyncWait wait = { FALSE, NULL };

  ccal_sync_sync_async (ccal_account_get_sync (account), NULL, on_synced_cb, &wait);
  ccal_test_gui_wait_until (is_true, &wait.done, "a sync");
  g_assert_no_error (wait.error);
}

static gboolean
has_me (gpointer data)
{
  return ccal_account_get_me (CCAL_ACCOUNT (data)) != NULL;
}

CcalAccount *
ccal_test_gui_account_new (CcalTestServer *server,
                           const char     *api_key)
{
  static guint counter;
  g_autoptr (CcalApiClient) client = NULL;
  g_autoptr (CcalCache) cache = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *path = NULL;
  CcalAccount *account;

  client = ccal_api_client_new (server->base_url, api_key, &error);
  g_assert_no_error (error);
  path = g_strdup_printf ("%s/account-%u.db", scratch_dir, ++counter);
  cache = ccal_cache_open (path, &error);
  g_assert_no_error (error);
  account = ccal_account_new_for_client (client, cache);
  ccal_account_request_sync (account);
  ccal_test_gui_wait_until (has_me, account, "GET /api/calendar/me");
  ccal_test_gui_sync (account);
  return account;
}
