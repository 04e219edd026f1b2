/* test-credentials.c — credentials in a real gnome-keyring, and what happens without one
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * build-aux/run-tests runs this under dbus-run-session with an unlocked gnome-keyring. Without a
 * usable secret service the keyring cases skip — or fail when CCAL_TEST_STRICT=1 (CI). The cases
 * about a missing secret service make their own environment in a subprocess (a bus address that
 * leads nowhere, or a private dbus-daemon), so they always run.
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include <glib/gstdio.h>

#include "ccal-credentials.h"

/* ── helpers ────────────────────────────────────────────────────────────────────────────────── */

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
  g_error ("A keyring call did not call back within 60 s.");
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

static gboolean
store (const char        *server,
       CcalCredentialKind kind,
       const char        *secret,
       GError           **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_credentials_store_async (server, kind, secret, NULL, on_result_cb, waiter);
  return ccal_credentials_store_finish (waiter_run (waiter), error);
}

static char *
lookup (const char         *server,
        CcalCredentialKind  kind,
        CcalCredentialKind *out_kind,
        GError            **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_credentials_lookup_async (server, kind, NULL, on_result_cb, waiter);
  return ccal_credentials_lookup_finish (waiter_run (waiter), out_kind, error);
}

static gboolean
delete (const char        *server,
        CcalCredentialKind kind,
        GError           **error)
{
  g_autoptr (Waiter) waiter = waiter_new ();

  ccal_credentials_delete_async (server, kind, NULL, on_result_cb, waiter);
  return ccal_credentials_delete_finish (waiter_run (waiter), error);
}

static gboolean
strict (void)
{
  return g_strcmp0 (g_getenv ("CCAL_TEST_STRICT"), "1") == 0;
}

/* Skips the case (fails it in strict mode) when @error says there is no usable keyring here. */
static gboolean
keyring_unusable (const GError *error)
{
  if (!g_error_matches (error, CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_NO_KEYRING) &&
      !g_error_matches (error, CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_LOCKED))
    return FALSE;

  if (strict ())
    g_error ("CCAL_TEST_STRICT=1 and no usable secret service: %s", error->message);
  g_test_skip_printf ("No usable secret service (run through build-aux/run-tests): %s", error->message);
  return TRUE;
}

/* A server address no other case (or other test program) uses. */
static char *
unique_server (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("https://%s.calendar.example.com", uuid);
}

static void
assert_not_found (const char        *server,
                  CcalCredentialKind kind)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = lookup (server, kind, NULL, &error);

  g_assert_null (secret);
  g_assert_error (error, CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, server));
}

/* ── with the real keyring ──────────────────────────────────────────────────────────────────── */

static void
test_store_lookup_delete (void)
{
  g_autofree char *server = unique_server ();
  g_autofree char *with_slash = g_strconcat (server, "/", NULL);
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *any = NULL;
  CcalCredentialKind kind = CCAL_CREDENTIAL_KIND_JWT;

  /* Stored under the address with a trailing slash, found without it. */
  if (!store (with_slash, CCAL_CREDENTIAL_KIND_API_KEY, "fc_test_0123456789abcdef", &error) &&
      keyring_unusable (error))
    return;
  g_assert_no_error (error);

  secret = lookup (server, CCAL_CREDENTIAL_KIND_API_KEY, &kind, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "fc_test_0123456789abcdef");
  g_assert_cmpint (kind, ==, CCAL_CREDENTIAL_KIND_API_KEY);

  any = lookup (with_slash, CCAL_CREDENTIAL_KIND_ANY, &kind, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (any, ==, "fc_test_0123456789abcdef");
  g_assert_cmpint (kind, ==, CCAL_CREDENTIAL_KIND_API_KEY);

  /* Storing again replaces, it does not add a second item. */
  store (server, CCAL_CREDENTIAL_KIND_API_KEY, "fc_test_fedcba9876543210", &error);
  g_assert_no_error (error);
  g_clear_pointer (&secret, g_free);
  secret = lookup (server, CCAL_CREDENTIAL_KIND_API_KEY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "fc_test_fedcba9876543210");

  assert_not_found (server, CCAL_CREDENTIAL_KIND_JWT);

  g_assert_true (delete (server, CCAL_CREDENTIAL_KIND_API_KEY, &error));
  g_assert_no_error (error);
  assert_not_found (server, CCAL_CREDENTIAL_KIND_ANY);

  /* Signing out twice is fine. */
  g_assert_true (delete (server, CCAL_CREDENTIAL_KIND_API_KEY, &error));
  g_assert_no_error (error);
}

static void
test_kinds (void)
{
  g_autofree char *server = unique_server ();
  g_autoptr (GError) error = NULL;
  g_autofree char *jwt = NULL;
  g_autofree char *any = NULL;
  g_autofree char *after = NULL;
  CcalCredentialKind kind;

  if (!store (server, CCAL_CREDENTIAL_KIND_JWT, "eyJhbGciOiJIUzI1NiJ9.e30.sig", &error) && keyring_unusable (error))
    return;
  g_assert_no_error (error);

  /* Only a JWT: ANY finds it and says so. */
  any = lookup (server, CCAL_CREDENTIAL_KIND_ANY, &kind, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (any, ==, "eyJhbGciOiJIUzI1NiJ9.e30.sig");
  g_assert_cmpint (kind, ==, CCAL_CREDENTIAL_KIND_JWT);
  assert_not_found (server, CCAL_CREDENTIAL_KIND_API_KEY);

  /* Both: ANY prefers the API key, JWT still gets the JWT. */
  store (server, CCAL_CREDENTIAL_KIND_API_KEY, "fc_live_abc", &error);
  g_assert_no_error (error);
  g_clear_pointer (&any, g_free);
  any = lookup (server, CCAL_CREDENTIAL_KIND_ANY, &kind, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (any, ==, "fc_live_abc");
  g_assert_cmpint (kind, ==, CCAL_CREDENTIAL_KIND_API_KEY);
  jwt = lookup (server, CCAL_CREDENTIAL_KIND_JWT, &kind, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (jwt, ==, "eyJhbGciOiJIUzI1NiJ9.e30.sig");

  /* Deleting the JWT leaves the key. */
  g_assert_true (delete (server, CCAL_CREDENTIAL_KIND_JWT, &error));
  g_assert_no_error (error);
  after = lookup (server, CCAL_CREDENTIAL_KIND_ANY, &kind, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (after, ==, "fc_live_abc");

  g_assert_true (delete (server, CCAL_CREDENTIAL_KIND_ANY, &error));
  g_assert_no_error (error);
  assert_not_found (server, CCAL_CREDENTIAL_KIND_ANY);
}

/* Runs secret-tool with @stdin_text; returns its stdout, asserting it succeeded. */
static char *
run_secret_tool (const char *stdin_text,
                 const char *first_arg,
                 ...)
{
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) "secret-tool");
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("secret-tool %s failed: %s", first_arg, err);
  return g_steal_pointer (&out);
}

/* What an administrator does to provision a desk (docs): the app must find it. */
static void
test_secret_tool_provisioned (void)
{
  g_autofree char *server = unique_server ();
  g_autofree char *ours = unique_server ();
  g_autofree char *program = g_find_program_in_path ("secret-tool");
  g_autofree char *secret = NULL;
  g_autofree char *printed = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *discard = NULL;
  CcalCredentialKind kind = CCAL_CREDENTIAL_KIND_JWT;

  if (program == NULL)
    {
      if (strict ())
        g_error ("CCAL_TEST_STRICT=1 and secret-tool (libsecret-tools) is not installed.");
      g_test_skip ("secret-tool (libsecret-tools) is not installed.");
      return;
    }

  /* Probe first, so a missing keyring skips instead of failing in secret-tool. */
  discard = lookup (server, CCAL_CREDENTIAL_KIND_ANY, NULL, &error);
  if (error != NULL && keyring_unusable (error))
    return;
  g_clear_error (&error);

  g_free (run_secret_tool ("fc_live_provisioned0123456789", "store", "--label=Front desk calendar",
                           "xdg:schema", CCAL_CREDENTIALS_SCHEMA_NAME, "server", server, "kind", "api-key", NULL));

  secret = lookup (server, CCAL_CREDENTIAL_KIND_ANY, &kind, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "fc_live_provisioned0123456789");
  g_assert_cmpint (kind, ==, CCAL_CREDENTIAL_KIND_API_KEY);

  /* And the other way: what the app stores, secret-tool finds by the documented attributes. */
  store (ours, CCAL_CREDENTIAL_KIND_JWT, "eyJ.ours.sig", &error);
  g_assert_no_error (error);
  printed = run_secret_tool (NULL, "lookup", "server", ours, "kind", "jwt", NULL);
  g_assert_cmpstr (g_strchomp (printed), ==, "eyJ.ours.sig");

  delete (server, CCAL_CREDENTIAL_KIND_ANY, &error);
  g_assert_no_error (error);
  delete (ours, CCAL_CREDENTIAL_KIND_ANY, &error);
  g_assert_no_error (error);
}

static void
test_cancelled (void)
{
  g_autofree char *server = unique_server ();
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (Waiter) waiter = waiter_new ();
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = NULL;

  ccal_credentials_lookup_async (server, CCAL_CREDENTIAL_KIND_ANY, cancellable, on_result_cb, waiter);
  g_cancellable_cancel (cancellable);
  secret = ccal_credentials_lookup_finish (waiter_run (waiter), NULL, &error);

  /* The caller's cancellation stays a cancellation, not "keyring locked". */
  g_assert_null (secret);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_session_wins (void)
{
  g_autofree char *server = unique_server ();
  g_autoptr (GError) error = NULL;
  g_autofree char *secret = NULL;
  g_autofree char *keyring = NULL;

  if (!store (server, CCAL_CREDENTIAL_KIND_API_KEY, "fc_test_in_keyring", &error) && keyring_unusable (error))
    return;
  g_assert_no_error (error);

  /* The person typed a new key and chose "this run only": that one is used. */
  ccal_credentials_keep_for_session (server, CCAL_CREDENTIAL_KIND_API_KEY, "fc_test_typed_now");
  secret = lookup (server, CCAL_CREDENTIAL_KIND_ANY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "fc_test_typed_now");

  ccal_credentials_clear_session ();
  keyring = lookup (server, CCAL_CREDENTIAL_KIND_ANY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (keyring, ==, "fc_test_in_keyring");

  delete (server, CCAL_CREDENTIAL_KIND_ANY, &error);
  g_assert_no_error (error);
}

/* ── without a secret service (subprocesses) ────────────────────────────────────────────────── */

static void
use_bus_address (const char *address)
{
  /* Before anything connects: GDBus reads it once. With it set, GDBus never autolaunches a bus. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
}

static void
assert_no_keyring (const GError *error,
                   const char   *reason)
{
  g_assert_error (error, CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_NO_KEYRING);
  g_assert_true (g_str_has_prefix (error->message, "Your keyring is not available: "));
  if (reason != NULL)
    g_assert_nonnull (strstr (error->message, reason));
}

static void
test_no_bus (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr (GError) error = NULL;
      g_autofree char *secret = NULL;

      use_bus_address ("unix:path=/nonexistent/ccal-test/bus");

      secret = lookup ("https://calendar.example.com", CCAL_CREDENTIAL_KIND_ANY, NULL, &error);
      g_assert_null (secret);
      assert_no_keyring (error, "session bus");
      g_clear_error (&error);

      g_assert_false (store ("https://calendar.example.com", CCAL_CREDENTIAL_KIND_API_KEY, "fc_test_x", &error));
      assert_no_keyring (error, NULL);
      g_test_message ("%s", error->message);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* "Keep for this run only" is all there is when the keyring is missing. */
static void
test_session_without_keyring (void)
{
  if (g_test_subprocess ())
    {
      const char *server = "https://calendar.example.com";
      g_autoptr (GError) error = NULL;
      g_autofree char *secret = NULL;
      g_autofree char *gone = NULL;
      CcalCredentialKind kind = CCAL_CREDENTIAL_KIND_API_KEY;

      use_bus_address ("unix:path=/nonexistent/ccal-test/bus");

      ccal_credentials_keep_for_session ("https://calendar.example.com/", CCAL_CREDENTIAL_KIND_JWT, "eyJ.session.sig");
      secret = lookup (server, CCAL_CREDENTIAL_KIND_ANY, &kind, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (secret, ==, "eyJ.session.sig");
      g_assert_cmpint (kind, ==, CCAL_CREDENTIAL_KIND_JWT);

      /* Signing out forgets it; with no keyring there is nothing more to remove. */
      g_assert_true (delete (server, CCAL_CREDENTIAL_KIND_ANY, &error));
      g_assert_no_error (error);
      gone = lookup (server, CCAL_CREDENTIAL_KIND_ANY, NULL, &error);
      g_assert_null (gone);
      assert_no_keyring (error, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* A dbus-daemon of our own with no activatable services at all. */
typedef struct
{
  GSubprocess *daemon;
  char        *config_path;
  char        *address;
} PrivateBus;

static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static PrivateBus *
private_bus_start (void)
{
  static const char config[] =
    "<!DOCTYPE busconfig PUBLIC \"-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN\"\n"
    " \"http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd\">\n"
    "<busconfig>\n"
    "  <type>session</type>\n"
    "  <listen>unix:tmpdir=/tmp</listen>\n"
    "  <auth>EXTERNAL</auth>\n"
    "  <policy context=\"default\">\n"
    "    <allow send_destination=\"*\" eavesdrop=\"true\"/>\n"
    "    <allow eavesdrop=\"true\"/>\n"
    "    <allow own=\"*\"/>\n"
    "  </policy>\n"
    "</busconfig>\n";
  PrivateBus *bus = g_new0 (PrivateBus, 1);
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr (GDataInputStream) out = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *config_arg = NULL;
  int fd;

  fd = g_file_open_tmp ("ccal-test-bus-XXXXXX.conf", &bus->config_path, &error);
  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (bus->config_path, config, -1, &error);
  g_assert_no_error (error);

  config_arg = g_strconcat ("--config-file=", bus->config_path, NULL);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  bus->daemon = g_subprocess_launcher_spawn (launcher, &error, "dbus-daemon", config_arg, "--nofork",
                                             "--print-address=1", NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (bus->daemon));
  bus->address = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (bus->address);
  return bus;
}

static void
private_bus_stop (PrivateBus *bus)
{
  g_subprocess_send_signal (bus->daemon, SIGTERM);
  g_subprocess_wait (bus->daemon, NULL, NULL);
  g_object_unref (bus->daemon);
  g_unlink (bus->config_path);
  g_free (bus->config_path);
  g_free (bus->address);
  g_free (bus);
}

static gboolean
have_dbus_daemon (void)
{
  g_autofree char *program = g_find_program_in_path ("dbus-daemon");

  if (program != NULL)
    return TRUE;
  if (strict ())
    g_error ("CCAL_TEST_STRICT=1 and dbus-daemon is not installed.");
  g_test_skip ("dbus-daemon is not installed.");
  return FALSE;
}

static void
test_no_provider (void)
{
  if (!g_test_subprocess () && !have_dbus_daemon ())
    return;

  if (g_test_subprocess ())
    {
      PrivateBus *bus = private_bus_start ();
      g_autoptr (GError) error = NULL;
      g_autofree char *secret = NULL;

      use_bus_address (bus->address);
      secret = lookup ("https://calendar.example.com", CCAL_CREDENTIAL_KIND_API_KEY, NULL, &error);
      g_assert_null (secret);
      assert_no_keyring (error, "no secret service");
      g_test_message ("%s", error->message);

      private_bus_stop (bus);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Drops every call to the name it owns: a secret service stuck on a prompt, as far as a caller sees. */
static GDBusMessage *
drop_method_calls_filter (GDBusConnection *connection,
                          GDBusMessage    *message,
                          gboolean         incoming,
                          gpointer         user_data)
{
  if (incoming && g_dbus_message_get_message_type (message) == G_DBUS_MESSAGE_TYPE_METHOD_CALL)
    {
      g_object_unref (message);
      return NULL;
    }
  return message;
}

static void
test_keyring_hangs (void)
{
  if (!g_test_subprocess () && !have_dbus_daemon ())
    return;

  if (g_test_subprocess ())
    {
      PrivateBus *bus = private_bus_start ();
      g_autoptr (GDBusConnection) owner = NULL;
      g_autoptr (GVariant) reply = NULL;
      g_autoptr (GError) error = NULL;
      g_autofree char *secret = NULL;
      guint32 result;
      gint64 started;

      owner = g_dbus_connection_new_for_address_sync (bus->address,
                                                      G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                      G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                      NULL, NULL, &error);
      g_assert_no_error (error);
      g_dbus_connection_add_filter (owner, drop_method_calls_filter, NULL, NULL);
      reply = g_dbus_connection_call_sync (owner, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "RequestName",
                                           g_variant_new ("(su)", "org.freedesktop.secrets", 4),
                                           G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
      g_assert_no_error (error);
      g_variant_get (reply, "(u)", &result);
      g_assert_cmpuint (result, ==, 1);

      use_bus_address (bus->address);
      ccal_credentials_set_timeout (2);
      started = g_get_monotonic_time ();
      secret = lookup ("https://calendar.example.com", CCAL_CREDENTIAL_KIND_API_KEY, NULL, &error);
      g_assert_null (secret);
      g_assert_error (error, CCAL_CREDENTIALS_ERROR, CCAL_CREDENTIALS_ERROR_LOCKED);
      g_assert_nonnull (strstr (error->message, "did not answer within 2 seconds"));
      g_assert_cmpint (g_get_monotonic_time () - started, >=, 1 * G_USEC_PER_SEC);
      g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);

      g_dbus_connection_close_sync (owner, NULL, NULL);
      private_bus_stop (bus);
      return;
    }

  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_schema (void)
{
  const SecretSchema *schema = ccal_credentials_get_schema ();
  g_autofree char *normalized = ccal_credentials_normalize_server ("  https://calendar.example.com/base//  ");
  CcalCredentialKind kind;

  /* These spellings are what administrators type into secret-tool: they must never change. */
  g_assert_cmpstr (schema->name, ==, "org.customerconnects.Calendar.Credential");
  g_assert_cmpstr (schema->attributes[0].name, ==, "server");
  g_assert_cmpstr (schema->attributes[1].name, ==, "kind");
  g_assert_null (schema->attributes[2].name);
  g_assert_cmpstr (ccal_credential_kind_to_string (CCAL_CREDENTIAL_KIND_API_KEY), ==, "api-key");
  g_assert_cmpstr (ccal_credential_kind_to_string (CCAL_CREDENTIAL_KIND_JWT), ==, "jwt");
  g_assert_null (ccal_credential_kind_to_string (CCAL_CREDENTIAL_KIND_ANY));
  g_assert_true (ccal_credential_kind_from_string ("jwt", &kind));
  g_assert_cmpint (kind, ==, CCAL_CREDENTIAL_KIND_JWT);
  g_assert_false (ccal_credential_kind_from_string ("password", &kind));
  g_assert_cmpstr (normalized, ==, "https://calendar.example.com/base");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credentials/schema", test_schema);
  g_test_add_func ("/credentials/keyring/store-lookup-delete", test_store_lookup_delete);
  g_test_add_func ("/credentials/keyring/kinds", test_kinds);
  g_test_add_func ("/credentials/keyring/secret-tool-provisioned", test_secret_tool_provisioned);
  g_test_add_func ("/credentials/keyring/cancelled", test_cancelled);
  g_test_add_func ("/credentials/session/wins-over-keyring", test_session_wins);
  g_test_add_func ("/credentials/session/without-keyring", test_session_without_keyring);
  g_test_add_func ("/credentials/no-secret-service/no-bus", test_no_bus);
  g_test_add_func ("/credentials/no-secret-service/no-provider", test_no_provider);
  g_test_add_func ("/credentials/no-secret-service/hangs-times-out", test_keyring_hangs);

  return g_test_run ();
}
