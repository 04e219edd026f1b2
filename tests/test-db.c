/* test-db.c — the storage layer against both backends, a real SQLite file and a real PostgreSQL
 * database: migrations, versions, paging, sync, isolation, the no-double-booking guarantee under
 * concurrency, idempotency and a 100k-row schedule
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every case runs twice, as /db/sqlite/… and /db/postgres/…, each time on a fresh database (a new
 * file; a new PostgreSQL database made in the server that $CCAL_TEST_POSTGRES_URI names, dropped
 * afterwards). Without that variable, or when the server cannot be reached, the PostgreSQL cases
 * skip and say why; with CCAL_TEST_STRICT=1 (CI) they fail instead.
 */
#define G_LOG_DOMAIN "ccal-db"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <sqlite3.h>
#ifdef CCAL_HAVE_POSTGRES
#include <libpq-fe.h>
#endif

#include "ccal-db.h"
#include "ccal-db-sqlite.h"

/* 2030-03-04T00:00:00Z, a Monday */
#define BASE_DAY (G_GINT64_CONSTANT (1898812800) * CCAL_USEC_PER_SECOND)
#define AT(day, hour, minute) \
  (BASE_DAY + (gint64) (day) * CCAL_USEC_PER_DAY + (gint64) (hour) * CCAL_USEC_PER_HOUR + \
   (gint64) (minute) * CCAL_USEC_PER_MINUTE)

typedef enum
{
  BACKEND_SQLITE,
  BACKEND_POSTGRES,
} Backend;

static const char * const backend_names[] = { "sqlite", "postgres" };

typedef struct
{
  Backend  backend;
  char    *dir;        /* SQLite: the temp dir holding the file */
  char    *path;       /* SQLite: the file */
  char    *pg_name;    /* PostgreSQL: the database made for this case */
  char    *uri;        /* what ccal_db_open () was given */
  CcalDb  *db;         /* NULL when the case is skipped */
  char    *admin_id;
} Fixture;

typedef void (*CaseFunc) (Fixture *f, gconstpointer data);

/* A registered case: which backend, which test. */
typedef struct
{
  Backend  backend;
  CaseFunc func;
} Case;

/* PostgreSQL helpers */

static gboolean
strict_mode (void)
{
  return g_strcmp0 (g_getenv ("CCAL_TEST_STRICT"), "1") == 0;
}

/* Marks the current case skipped (or failed in strict mode) with @reason. */
static void
skip_or_fail (const char *reason)
{
  if (strict_mode ())
    g_test_fail_printf ("%s (CCAL_TEST_STRICT=1: a PostgreSQL case may not skip)", reason);
  else
    g_test_skip (reason);
}

#ifdef CCAL_HAVE_POSTGRES
/* @uri with its database name replaced by @dbname (the path of a postgresql:// URI). */
static char *
pg_uri_for (const char *uri,
            const char *dbname)
{
  const char *authority = strstr (uri, "://");
  const char *path, *query;

  g_assert_nonnull (authority);
  authority += 3;
  path = strchr (authority, '/');
  query = strchr (authority, '?');
  if (path == NULL || (query != NULL && query < path))
    path = query != NULL ? query : authority + strlen (authority);
  query = strchr (path, '?');
  return g_strdup_printf ("%.*s/%s%s", (int) (path - uri), uri, dbname, query != NULL ? query : "");
}

/* A connection to the database $CCAL_TEST_POSTGRES_URI names, or NULL with @out_reason set. */
static PGconn *
pg_connect_maintenance (char **out_reason)
{
  const char *uri = g_getenv ("CCAL_TEST_POSTGRES_URI");
  PGconn *conn;

  if (uri == NULL || uri[0] == '\0')
    {
      *out_reason = g_strdup ("PostgreSQL is not available: CCAL_TEST_POSTGRES_URI is not set "
                              "(build-aux/run-tests starts a throwaway cluster and sets it)");
      return NULL;
    }
  conn = PQconnectdb (uri);
  if (PQstatus (conn) != CONNECTION_OK)
    {
      *out_reason = g_strdup_printf ("PostgreSQL is not available at %s: %s", uri, PQerrorMessage (conn));
      g_strchomp (*out_reason);
      PQfinish (conn);
      return NULL;
    }
  return conn;
}

static void
pg_exec_ok (PGconn     *conn,
            const char *sql)
{
  PGresult *res = PQexec (conn, sql);

  if (PQresultStatus (res) != PGRES_COMMAND_OK && PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQresultErrorMessage (res));
  PQclear (res);
}

/* A new empty database; returns its URI and its name in @out_name. NULL (with @out_reason) when
 * PostgreSQL is not there. */
static char *
pg_create_database (char **out_name,
                    char **out_reason)
{
  static gint counter;
  PGconn *conn = pg_connect_maintenance (out_reason);
  g_autofree char *name = NULL;
  g_autofree char *sql = NULL;

  if (conn == NULL)
    return NULL;
  name = g_strdup_printf ("ccal_test_db_%d_%d", (int) getpid (), g_atomic_int_add (&counter, 1));
  sql = g_strdup_printf ("CREATE DATABASE %s", name);
  pg_exec_ok (conn, sql);
  PQfinish (conn);

  *out_name = g_strdup (name);
  return pg_uri_for (g_getenv ("CCAL_TEST_POSTGRES_URI"), name);
}

static void
pg_drop_database (const char *name)
{
  g_autofree char *reason = NULL;
  g_autofree char *sql = g_strdup_printf ("DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
  PGconn *conn = pg_connect_maintenance (&reason);

  if (conn == NULL)
    return;
  pg_exec_ok (conn, sql);
  PQfinish (conn);
}

/* One integer from @sql run in the database @uri names. */
static gint64
pg_query_int (const char *uri,
              const char *sql)
{
  PGconn *conn = PQconnectdb (uri);
  PGresult *res;
  gint64 value;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  res = PQexec (conn, sql);
  if (PQresultStatus (res) != PGRES_TUPLES_OK || PQntuples (res) != 1)
    g_error ("%s: %s", sql, PQresultErrorMessage (res));
  value = g_ascii_strtoll (PQgetvalue (res, 0, 0), NULL, 10);
  PQclear (res);
  PQfinish (conn);
  return value;
}
#endif

/* Fixture */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;

  f->backend = c->backend;
  if (f->backend == BACKEND_SQLITE)
    {
      f->dir = g_dir_make_tmp ("ccal-test-db-XXXXXX", &error);
      g_assert_no_error (error);
      f->path = g_build_filename (f->dir, "calendar.db", NULL);
      f->uri = g_strconcat ("sqlite:", f->path, NULL);
    }
  else
    {
#ifdef CCAL_HAVE_POSTGRES
      g_autofree char *reason = NULL;

      f->uri = pg_create_database (&f->pg_name, &reason);
      if (f->uri == NULL)
        {
          skip_or_fail (reason);
          return;
        }
#else
      skip_or_fail ("PostgreSQL support is not built (libpq was not found)");
      return;
#endif
    }

  f->db = ccal_db_open (f->uri, &error);
  g_assert_no_error (error);
  g_assert_true (ccal_db_migrate (f->db, &error));
  g_assert_no_error (error);
  g_assert_true (ccal_db_create_workspace (f->db, "acme", &error));
  g_assert_no_error (error);
  f->admin_id = ccal_db_ensure_user (f->db, "acme", "ada@example.com", "Ada Admin", CCAL_ROLE_ADMIN, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->admin_id);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_assert_cmpint (g_remove (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->db != NULL)
    ccal_db_close (f->db);
  g_clear_object (&f->db);
  if (f->dir != NULL)
    remove_dir (f->dir);
#ifdef CCAL_HAVE_POSTGRES
  if (f->pg_name != NULL)
    pg_drop_database (f->pg_name);
#endif
  g_free (f->dir);
  g_free (f->path);
  g_free (f->pg_name);
  g_free (f->uri);
  g_free (f->admin_id);
}

/* The registered test function: runs the case unless its setup skipped it. */
static void
run_case (Fixture       *f,
          gconstpointer  data)
{
  const Case *c = data;

  if (f->db != NULL)
    c->func (f, NULL);
}

static CcalEvent *
make_event (const char *workspace_id,
            const char *admin_id,
            const char *title,
            gint64      start,
            gint64      end)
{
  CcalEvent *event = ccal_event_new ();

  event->workspace_id = g_strdup (workspace_id);
  event->admin_id = g_strdup (admin_id);
  event->title = g_strdup (title);
  event->type = CCAL_EVENT_TYPE_EVENT;
  event->start_time = start;
  event->end_time = end;
  event->timezone = g_strdup ("UTC");
  return event;
}

static CcalBooking *
make_booking (const char *workspace_id,
              const char *admin_id,
              gint64      start,
              int         minutes,
              const char *name,
              const char *email)
{
  CcalBooking *booking = ccal_booking_new ();

  booking->workspace_id = g_strdup (workspace_id);
  booking->admin_id = g_strdup (admin_id);
  booking->title = g_strdup_printf ("Meeting with %s", name);
  booking->start_time = start;
  booking->end_time = start + minutes * CCAL_USEC_PER_MINUTE;
  booking->duration_minutes = minutes;
  booking->contact = ccal_contact_new ();
  booking->contact->name = g_strdup (name);
  booking->contact->email = g_strdup (email);
  return booking;
}

static gboolean
check_always_yes (const CcalDbSchedule  *schedule,
                  const CcalInterval    *slot,
                  gpointer               user_data,
                  GError               **error)
{
  return TRUE;
}

/* What the server's check does in essence: the slot must be free of every busy interval. */
static gboolean
check_schedule_free (const CcalDbSchedule  *schedule,
                     const CcalInterval    *slot,
                     gpointer               user_data,
                     GError               **error)
{
  g_assert_nonnull (schedule->settings);
  g_assert_nonnull (schedule->events);
  for (guint i = 0; i < schedule->busy->len; i++)
    {
      const CcalInterval *busy = &g_array_index (schedule->busy, CcalInterval, i);

      if (busy->start < slot->end && busy->end > slot->start)
        {
          g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE, "taken");
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_refuse_invalid (const CcalDbSchedule  *schedule,
                      const CcalInterval    *slot,
                      gpointer               user_data,
                      GError               **error)
{
  ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "start_time", "Not a slot");
  return FALSE;
}

static CcalBooking *
book (Fixture     *f,
      gint64       start,
      int          minutes,
      const char  *name,
      const char  *email,
      GError     **error)
{
  g_autoptr(CcalBooking) booking = make_booking ("acme", f->admin_id, start, minutes, name, email);

  return ccal_db_insert_booking (f->db, booking, NULL, start - CCAL_USEC_PER_DAY, start + CCAL_USEC_PER_DAY,
                                 check_always_yes, NULL, error);
}

/* Every page of a listing, following next_cursor; returns the ids in order. */
static GPtrArray *
collect_event_ids (CcalDb          *db,
                   CcalDbListQuery *query,
                   guint           *out_pages,
                   gint64          *out_sync_seq)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *cursor = NULL;
  guint pages = 0;

  do
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CcalDbPage) page = NULL;

      query->cursor = cursor;
      page = ccal_db_list_events (db, query, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->items->len, <=, query->limit);
      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (ids, g_strdup (CCAL_EVENT (g_ptr_array_index (page->items, i))->id));
      if (out_sync_seq != NULL)
        *out_sync_seq = page->sync_seq;
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
      pages++;
    }
  while (cursor != NULL);

  query->cursor = NULL;
  if (out_pages != NULL)
    *out_pages = pages;
  return ids;
}

/* Migrations */

static void
test_migrate_idempotent (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalDb) second = NULL;
  g_autofree char *same_admin = NULL;

  g_assert_true (ccal_db_migrate (f->db, &error));
  g_assert_no_error (error);

  /* a second handle (another process, in effect) on the same database migrates nothing and sees the data */
  second = ccal_db_open (f->uri, &error);
  g_assert_no_error (error);
  g_assert_true (ccal_db_migrate (second, &error));
  g_assert_no_error (error);
  g_assert_false (ccal_db_create_workspace (second, "acme", &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_EXISTS);
  g_clear_error (&error);
  same_admin = ccal_db_ensure_user (second, "acme", "ADA@example.com", "Someone else", CCAL_ROLE_STAFF, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (same_admin, ==, f->admin_id);
  ccal_db_close (second);
  g_assert_false (ccal_db_create_workspace (second, "late", &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  if (f->backend == BACKEND_SQLITE)
    {
      sqlite3 *raw = NULL;
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_open_v2 (f->path, &raw, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (raw, "SELECT count(*), count(DISTINCT version) FROM schema_migrations", -1,
                                           &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), >=, 1);
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, sqlite3_column_int (stmt, 1));
      sqlite3_finalize (stmt);
      g_assert_cmpint (sqlite3_prepare_v2 (raw, "PRAGMA journal_mode", -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "wal");
      sqlite3_finalize (stmt);
      sqlite3_close (raw);
    }
#ifdef CCAL_HAVE_POSTGRES
  else
    {
      g_assert_cmpint (pg_query_int (f->uri, "SELECT count(*) FROM schema_migrations"), >=, 1);
      g_assert_cmpint (pg_query_int (f->uri, "SELECT count(*) - count(DISTINCT version) FROM schema_migrations"), ==,
                       0);
      /* the guarantee lives in the database: the exclusion constraint exists */
      g_assert_cmpint (pg_query_int (f->uri, "SELECT count(*) FROM pg_constraint "
                                             "WHERE conname = 'appointments_no_overlap' AND contype = 'x'"), ==, 1);
    }
#endif
}

static void
test_open_uris_sqlite (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalDb) db = NULL;

  db = ccal_db_open ("sqlite:", &error);
  g_assert_null (db);
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID);
  g_clear_error (&error);

  db = ccal_db_open ("/nonexistent-dir-for-ccal-tests/x/calendar.db", &error);
  g_assert_null (db);
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_FAILED);
}

/* Needs no server: a malformed URI and one where nothing listens. */
static void
test_open_uris_postgres (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalDb) db = NULL;

#ifdef CCAL_HAVE_POSTGRES
  db = ccal_db_open ("postgresql://ccal@[::1/calendar", &error);
  g_assert_null (db);
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID);
  g_clear_error (&error);

  /* port 1 on loopback: refused at once */
  db = ccal_db_open ("postgres://ccal@127.0.0.1:1/calendar?connect_timeout=2", &error);
  g_assert_null (db);
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (error->message, "Could not connect to PostgreSQL"));
#else
  db = ccal_db_open ("postgresql://localhost/calendar", &error);
  g_assert_null (db);
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "PostgreSQL support is not built");
  skip_or_fail ("PostgreSQL support is not built (libpq was not found)");
#endif
}

/* Workspaces, users, keys */

static void
test_auth_keys (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *staff_id = NULL;
  g_autofree char *again = NULL;
  g_autoptr(CcalDbUser) user = NULL;
  const char *hash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

  g_assert_false (ccal_db_create_workspace (f->db, "acme", &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_EXISTS);
  g_clear_error (&error);

  staff_id = ccal_db_ensure_user (f->db, "acme", "Sam@Example.com", "Sam Staff", CCAL_ROLE_STAFF, &error);
  g_assert_no_error (error);
  again = ccal_db_ensure_user (f->db, "acme", "sam@example.COM", "Sam", CCAL_ROLE_ADMIN, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, staff_id);

  g_assert_null (ccal_db_ensure_user (f->db, "nowhere", "x@example.com", "X", CCAL_ROLE_STAFF, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ccal_db_add_api_key (f->db, staff_id, hash, "fc_live_9f86d0", "laptop", &error));
  g_assert_no_error (error);
  g_assert_false (ccal_db_add_api_key (f->db, staff_id, hash, "fc_live_9f86d0", "again", &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_EXISTS);
  g_clear_error (&error);
  g_assert_false (ccal_db_add_api_key (f->db, "no-such-user", "ab", "fc_live_ab", NULL, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  user = ccal_db_lookup_api_key (f->db, hash, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->user_id, ==, staff_id);
  g_assert_cmpstr (user->workspace_id, ==, "acme");
  g_assert_cmpstr (user->email, ==, "Sam@Example.com");
  g_assert_cmpstr (user->name, ==, "Sam Staff");
  g_assert_cmpint (user->role, ==, CCAL_ROLE_STAFF);
  g_assert_false (user->revoked);
  g_clear_pointer (&user, ccal_db_user_free);

  g_assert_true (ccal_db_revoke_api_key (f->db, "fc_live_9f86d0", &error));
  g_assert_no_error (error);
  user = ccal_db_lookup_api_key (f->db, hash, &error);
  g_assert_no_error (error);
  g_assert_true (user->revoked);
  g_clear_pointer (&user, ccal_db_user_free);
  g_assert_false (ccal_db_revoke_api_key (f->db, "fc_live_9f86d0", &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_null (ccal_db_lookup_api_key (f->db, "0000", &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  user = ccal_db_get_user (f->db, NULL, f->admin_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (user->workspace_id, ==, "acme");
  g_assert_cmpint (user->role, ==, CCAL_ROLE_ADMIN);
  g_clear_pointer (&user, ccal_db_user_free);
  g_assert_true (ccal_db_create_workspace (f->db, "globex", &error));
  g_assert_no_error (error);
  g_assert_null (ccal_db_get_user (f->db, "globex", f->admin_id, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
}

/* Settings */

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalSettings) defaults = NULL;
  g_autoptr(CcalSettings) stored = NULL;
  g_autoptr(CcalSettings) again = NULL;

  defaults = ccal_db_get_settings (f->db, "acme", f->admin_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (defaults->slot_minutes, ==, 30);
  g_assert_cmpint (defaults->version, ==, 1);

  g_free (defaults->timezone);
  defaults->timezone = g_strdup ("Europe/Berlin");
  defaults->slot_minutes = 45;
  defaults->buffer_after_minutes = 10;
  stored = ccal_db_put_settings (f->db, "acme", defaults, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->version, ==, 2);
  g_assert_cmpstr (stored->timezone, ==, "Europe/Berlin");
  g_assert_cmpint (stored->slot_minutes, ==, 45);
  g_assert_cmpint (stored->buffer_after_minutes, ==, 10);

  g_assert_null (ccal_db_put_settings (f->db, "acme", defaults, 1, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_VERSION_CONFLICT);
  g_clear_error (&error);

  again = ccal_db_get_settings (f->db, "acme", f->admin_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->version, ==, 2);
  g_assert_cmpint (again->slot_minutes, ==, 45);

  g_assert_true (ccal_db_create_workspace (f->db, "globex", &error));
  g_assert_null (ccal_db_get_settings (f->db, "globex", f->admin_id, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
}

/* Events */

static void
test_events_if_match (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalEvent) event = make_event ("acme", f->admin_id, "Planning", AT (0, 9, 0), AT (0, 10, 0));
  g_autoptr(CcalEvent) stored = NULL;
  g_autoptr(CcalEvent) got = NULL;
  g_autoptr(CcalEvent) updated = NULL;
  g_autoptr(CcalEvent) forced = NULL;

  json_object_set_string_member (event->metadata, "color", "teal");
  event->rrule = g_strdup ("FREQ=WEEKLY;BYDAY=MO");
  g_array_append_val (event->exdates, (gint64) { AT (7, 9, 0) });
  event->created_by = g_strdup (f->admin_id);

  stored = ccal_db_insert_event (f->db, event, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored->id);
  g_assert_true (g_uuid_string_is_valid (stored->id));
  g_assert_cmpint (stored->version, ==, 1);
  g_assert_cmpint (stored->created_at, >, 0);
  g_assert_cmpint (stored->updated_at, ==, stored->created_at);

  got = ccal_db_get_event (f->db, "acme", stored->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (got->title, ==, "Planning");
  g_assert_cmpint (got->start_time, ==, AT (0, 9, 0));
  g_assert_cmpint (got->end_time, ==, AT (0, 10, 0));
  g_assert_cmpint (got->type, ==, CCAL_EVENT_TYPE_EVENT);
  g_assert_cmpstr (got->rrule, ==, "FREQ=WEEKLY;BYDAY=MO");
  g_assert_cmpuint (got->exdates->len, ==, 1);
  g_assert_cmpint (g_array_index (got->exdates, gint64, 0), ==, AT (7, 9, 0));
  g_assert_cmpstr (json_object_get_string_member (got->metadata, "color"), ==, "teal");
  g_assert_cmpstr (got->created_by, ==, f->admin_id);
  g_assert_false (got->deleted);

  g_free (got->title);
  got->title = g_strdup ("Planning (moved)");
  got->start_time = AT (0, 11, 0);
  got->end_time = AT (0, 12, 0);
  updated = ccal_db_update_event (f->db, got, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (updated->version, ==, 2);
  g_assert_cmpstr (updated->title, ==, "Planning (moved)");
  g_assert_cmpint (updated->created_at, ==, stored->created_at);

  /* a stale If-Match changes nothing */
  g_free (got->title);
  got->title = g_strdup ("Lost update");
  g_assert_null (ccal_db_update_event (f->db, got, 1, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_VERSION_CONFLICT);
  g_clear_error (&error);
  g_clear_object (&forced);
  forced = ccal_db_get_event (f->db, "acme", stored->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (forced->title, ==, "Planning (moved)");
  g_assert_cmpint (forced->version, ==, 2);
  g_clear_object (&forced);

  /* no If-Match: last writer wins */
  forced = ccal_db_update_event (f->db, got, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (forced->version, ==, 3);
  g_assert_cmpstr (forced->title, ==, "Lost update");

  g_assert_false (ccal_db_delete_event (f->db, "acme", stored->id, 2, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_VERSION_CONFLICT);
  g_clear_error (&error);

  /* an unknown admin is refused */
  g_free (got->admin_id);
  got->admin_id = g_strdup ("4a6e0c3c-0000-4000-8000-000000000000");
  g_assert_null (ccal_db_update_event (f->db, got, 0, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
}

static void
test_events_soft_delete (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalEvent) keep = make_event ("acme", f->admin_id, "Keep", AT (0, 9, 0), AT (0, 10, 0));
  g_autoptr(CcalEvent) drop = make_event ("acme", f->admin_id, "Drop", AT (0, 11, 0), AT (0, 12, 0));
  g_autoptr(CcalEvent) kept = NULL;
  g_autoptr(CcalEvent) dropped = NULL;
  g_autoptr(CcalDbPage) list = NULL;
  g_autoptr(CcalDbPage) sync = NULL;
  CcalDbListQuery query;
  gboolean found_deleted = FALSE;

  kept = ccal_db_insert_event (f->db, keep, &error);
  g_assert_no_error (error);
  dropped = ccal_db_insert_event (f->db, drop, &error);
  g_assert_no_error (error);

  g_assert_true (ccal_db_delete_event (f->db, "acme", dropped->id, dropped->version, &error));
  g_assert_no_error (error);

  g_assert_null (ccal_db_get_event (f->db, "acme", dropped->id, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ccal_db_delete_event (f->db, "acme", dropped->id, 0, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  ccal_db_list_query_init (&query, "acme");
  list = ccal_db_list_events (f->db, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->items->len, ==, 1);
  g_assert_cmpstr (CCAL_EVENT (g_ptr_array_index (list->items, 0))->id, ==, kept->id);
  g_assert_null (list->next_cursor);

  query.since_seq = 0;
  sync = ccal_db_list_events (f->db, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sync->items->len, ==, 2);
  for (guint i = 0; i < sync->items->len; i++)
    {
      CcalEvent *event = g_ptr_array_index (sync->items, i);

      if (g_strcmp0 (event->id, dropped->id) == 0)
        {
          g_assert_true (event->deleted);
          g_assert_cmpint (event->version, ==, 2);
          found_deleted = TRUE;
        }
      else
        g_assert_false (event->deleted);
    }
  g_assert_true (found_deleted);
  g_assert_cmpint (sync->sync_seq, ==, 3);
}

static void
test_events_paging (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(CcalDbPage) first = NULL;
  g_autoptr(CcalDbPage) bookings_first = NULL;
  CcalDbListQuery query;
  guint pages = 0;
  gint64 previous_start = G_MININT64;

  /* 250 events, several sharing a start time so the id breaks ties */
  for (int i = 0; i < 250; i++)
    {
      g_autofree char *title = g_strdup_printf ("Event %03d", i);
      g_autoptr(CcalEvent) event = make_event ("acme", f->admin_id, title, AT (i / 3, 8, 0), AT (i / 3, 9, 0));
      g_autoptr(CcalEvent) stored = ccal_db_insert_event (f->db, event, &error);

      g_assert_no_error (error);
    }

  ccal_db_list_query_init (&query, "acme");
  ids = collect_event_ids (f->db, &query, &pages, NULL);
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (ids->len, ==, 250);
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (g_hash_table_add (seen, g_ptr_array_index (ids, i)));

  /* the order is (start_time, id) across pages */
  {
    g_autofree char *cursor = NULL;
    g_autofree char *previous_id = NULL;

    do
      {
        g_autoptr(CcalDbPage) page = NULL;

        query.cursor = cursor;
        page = ccal_db_list_events (f->db, &query, &error);
        g_assert_no_error (error);
        for (guint i = 0; i < page->items->len; i++)
          {
            CcalEvent *event = g_ptr_array_index (page->items, i);

            g_assert_cmpint (event->start_time, >=, previous_start);
            if (event->start_time == previous_start)
              g_assert_cmpstr (event->id, >, previous_id);
            previous_start = event->start_time;
            g_free (previous_id);
            previous_id = g_strdup (event->id);
          }
        g_free (cursor);
        cursor = g_steal_pointer (&page->next_cursor);
      }
    while (cursor != NULL);
    query.cursor = NULL;
  }

  /* from/to select by overlap */
  query.from = AT (10, 0, 0);
  query.to = AT (12, 0, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = collect_event_ids (f->db, &query, &pages, NULL);
  g_assert_cmpuint (ids->len, ==, 6);
  query.from = query.to = 0;

  /* cursors that are not ours, or of the other mode or resource */
  query.limit = 100;
  first = ccal_db_list_events (f->db, &query, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first->next_cursor);

  query.cursor = "not-a-cursor!";
  g_assert_null (ccal_db_list_events (f->db, &query, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID);
  g_clear_error (&error);
  query.cursor = "MXxlfGx8M3w0";   /* "1|e|l|3|4" — a field short */
  g_assert_null (ccal_db_list_events (f->db, &query, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID);
  g_clear_error (&error);

  query.cursor = first->next_cursor;
  query.since_seq = 0;
  g_assert_null (ccal_db_list_events (f->db, &query, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID);
  g_clear_error (&error);
  query.since_seq = -1;
  g_assert_null (ccal_db_list_bookings (f->db, &query, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID);
  g_clear_error (&error);
  query.cursor = NULL;
}

static void
test_events_sync (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GPtrArray) nothing = NULL;
  g_autoptr(CcalEvent) added = NULL;
  g_autoptr(CcalEvent) updated = NULL;
  g_autoptr(CcalEvent) extra = make_event ("acme", f->admin_id, "Added later", AT (3, 9, 0), AT (3, 10, 0));
  CcalDbListQuery query;
  gint64 seq = -1, seq_after = -1;
  guint pages;

  for (int i = 0; i < 30; i++)
    {
      g_autoptr(CcalEvent) event = make_event ("acme", f->admin_id, "Event", AT (i, 9, 0), AT (i, 10, 0));

      g_ptr_array_add (stored, ccal_db_insert_event (f->db, event, &error));
      g_assert_no_error (error);
    }

  /* a full listing hands out the sequence to sync from */
  ccal_db_list_query_init (&query, "acme");
  query.limit = 7;
  g_clear_pointer (&changed, g_ptr_array_unref);
  changed = collect_event_ids (f->db, &query, &pages, &seq);
  g_assert_cmpuint (changed->len, ==, 30);
  g_assert_cmpint (seq, ==, 30);

  updated = ccal_db_update_event (f->db, g_ptr_array_index (stored, 4), 0, &error);
  g_assert_no_error (error);
  g_assert_true (ccal_db_delete_event (f->db, "acme", CCAL_EVENT (g_ptr_array_index (stored, 9))->id, 0, &error));
  g_assert_no_error (error);
  added = ccal_db_insert_event (f->db, extra, &error);
  g_assert_no_error (error);

  query.since_seq = seq;
  query.limit = 2;
  g_clear_pointer (&changed, g_ptr_array_unref);
  changed = collect_event_ids (f->db, &query, &pages, &seq_after);
  g_assert_cmpuint (changed->len, ==, 3);
  g_assert_cmpuint (pages, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (changed, 0), ==, updated->id);
  g_assert_cmpstr (g_ptr_array_index (changed, 1), ==, CCAL_EVENT (g_ptr_array_index (stored, 9))->id);
  g_assert_cmpstr (g_ptr_array_index (changed, 2), ==, added->id);
  g_assert_cmpint (seq_after, ==, seq + 3);

  /* nothing since the newest token; a token from the future is expired */
  query.since_seq = seq_after;
  nothing = collect_event_ids (f->db, &query, &pages, NULL);
  g_assert_cmpuint (nothing->len, ==, 0);

  query.since_seq = seq_after + 1;
  g_assert_null (ccal_db_list_events (f->db, &query, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SYNC_TOKEN_EXPIRED);
}

/* A change made while a client pages through a listing reaches it with the next sync. */
static void
test_events_change_during_paging (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalDbPage) first = NULL;
  g_autoptr(CcalDbPage) second = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(CcalEvent) moved = NULL;
  CcalDbListQuery query;
  CcalEvent *late;

  for (int i = 0; i < 4; i++)
    {
      g_autoptr(CcalEvent) event = make_event ("acme", f->admin_id, "Event", AT (i, 9, 0), AT (i, 10, 0));

      g_ptr_array_add (stored, ccal_db_insert_event (f->db, event, &error));
      g_assert_no_error (error);
    }

  ccal_db_list_query_init (&query, "acme");
  query.limit = 2;
  first = ccal_db_list_events (f->db, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->sync_seq, ==, 4);

  /* the last event moves before the page boundary: this listing misses it … */
  late = g_ptr_array_index (stored, 3);
  late->start_time = AT (0, 7, 0);
  late->end_time = AT (0, 8, 0);
  moved = ccal_db_update_event (f->db, late, 0, &error);
  g_assert_no_error (error);

  query.cursor = first->next_cursor;
  second = ccal_db_list_events (f->db, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (second->items->len, ==, 1);
  g_assert_cmpint (second->sync_seq, ==, 4);
  g_assert_null (second->next_cursor);

  /* … and the sync from the listing's sequence brings it */
  ccal_db_list_query_init (&query, "acme");
  query.since_seq = second->sync_seq;
  changed = collect_event_ids (f->db, &query, NULL, NULL);
  g_assert_cmpuint (changed->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (changed, 0), ==, moved->id);
}

static void
test_events_isolation (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalEvent) event = make_event ("acme", f->admin_id, "Secret", AT (0, 9, 0), AT (0, 10, 0));
  g_autoptr(CcalEvent) stored = NULL;
  g_autoptr(CcalEvent) intruder = NULL;
  g_autoptr(CcalDbPage) page = NULL;
  g_autoptr(CcalBooking) booking = NULL;
  g_autofree char *other_admin = NULL;
  CcalDbListQuery query;

  g_assert_true (ccal_db_create_workspace (f->db, "globex", &error));
  g_assert_no_error (error);
  other_admin = ccal_db_ensure_user (f->db, "globex", "gil@example.com", "Gil", CCAL_ROLE_ADMIN, &error);
  g_assert_no_error (error);

  stored = ccal_db_insert_event (f->db, event, &error);
  g_assert_no_error (error);
  booking = book (f, AT (1, 9, 0), 30, "Bo", "bo@example.com", &error);
  g_assert_no_error (error);

  g_assert_null (ccal_db_get_event (f->db, "globex", stored->id, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ccal_db_delete_event (f->db, "globex", stored->id, 0, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (ccal_db_get_booking (f->db, "globex", booking->id, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (ccal_db_list_history (f->db, "globex", booking->id, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* an update claiming the other workspace does not reach the row */
  intruder = ccal_event_copy (stored);
  g_free (intruder->workspace_id);
  intruder->workspace_id = g_strdup ("globex");
  g_free (intruder->admin_id);
  intruder->admin_id = g_strdup (other_admin);
  g_assert_null (ccal_db_update_event (f->db, intruder, 0, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* nor may an event of one workspace name the admin of another */
  g_free (intruder->id);
  intruder->id = NULL;
  g_free (intruder->admin_id);
  intruder->admin_id = g_strdup (f->admin_id);
  g_assert_null (ccal_db_insert_event (f->db, intruder, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  ccal_db_list_query_init (&query, "globex");
  page = ccal_db_list_events (f->db, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 0);
  g_clear_pointer (&page, ccal_db_page_free);
  page = ccal_db_list_bookings (f->db, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 0);
  g_assert_cmpint (page->sync_seq, ==, 0);
}

/* Recurring series reach the schedule of any later day while they last. */
static void
test_schedule_recurring (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalEvent) open = make_event ("acme", f->admin_id, "Office hours", AT (0, 9, 0), AT (0, 17, 0));
  g_autoptr(CcalEvent) ended = make_event ("acme", f->admin_id, "Old hours", AT (0, 8, 0), AT (0, 9, 0));
  g_autoptr(CcalEvent) once = make_event ("acme", f->admin_id, "Dentist", AT (0, 12, 0), AT (0, 13, 0));
  g_autoptr(CcalEvent) a = NULL;
  g_autoptr(CcalEvent) b = NULL;
  g_autoptr(CcalEvent) c = NULL;
  CcalDbSchedule schedule = { 0 };

  open->type = CCAL_EVENT_TYPE_AVAILABILITY;
  open->rrule = g_strdup ("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");
  ended->type = CCAL_EVENT_TYPE_AVAILABILITY;
  ended->rrule = g_strdup ("FREQ=DAILY;UNTIL=20300310T080000Z");
  a = ccal_db_insert_event (f->db, open, &error);
  g_assert_no_error (error);
  b = ccal_db_insert_event (f->db, ended, &error);
  g_assert_no_error (error);
  c = ccal_db_insert_event (f->db, once, &error);
  g_assert_no_error (error);

  /* day 3 of the first week: all three may touch it */
  g_assert_true (ccal_db_load_schedule (f->db, "acme", f->admin_id, AT (0, 0, 0), AT (1, 0, 0), NULL, &schedule,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (schedule.events->len, ==, 3);
  ccal_db_schedule_clear (&schedule);

  /* a year later only the open-ended series is left */
  g_assert_true (ccal_db_load_schedule (f->db, "acme", f->admin_id, AT (365, 0, 0), AT (366, 0, 0), NULL, &schedule,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (schedule.events->len, ==, 1);
  g_assert_cmpstr (CCAL_EVENT (g_ptr_array_index (schedule.events, 0))->id, ==, a->id);
  g_assert_cmpint (schedule.settings->slot_minutes, ==, 30);
  ccal_db_schedule_clear (&schedule);

  g_assert_false (ccal_db_load_schedule (f->db, "acme", "no-such-admin", AT (0, 0, 0), AT (1, 0, 0), NULL, &schedule,
                                         &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
}

/* Bookings */

static void
test_bookings_overlap_refused (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalBooking) first = NULL;
  g_autoptr(CcalBooking) adjacent = NULL;
  g_autoptr(CcalBooking) cancelled = NULL;
  g_autoptr(CcalBooking) rebooked = NULL;
  g_autoptr(CcalBooking) long_one = NULL;
  g_autoptr(CcalBooking) refused = NULL;
  CcalDbSchedule schedule = { 0 };

  first = book (f, AT (0, 10, 0), 60, "Ann", "ann@example.com", &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->version, ==, 1);
  g_assert_cmpstr (first->contact->email, ==, "ann@example.com");
  g_assert_nonnull (first->contact->id);

  /* the check says yes; the storage still refuses any overlap, including partial ones */
  g_assert_null (book (f, AT (0, 10, 0), 60, "Ben", "ben@example.com", &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_null (book (f, AT (0, 10, 30), 60, "Ben", "ben@example.com", &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_null (book (f, AT (0, 9, 30), 31, "Ben", "ben@example.com", &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE);
  g_clear_error (&error);

  /* a booking that started the day before and runs into this one */
  long_one = make_booking ("acme", f->admin_id, AT (-1, 23, 0), 12 * 60, "Lou", "lou@example.com");
  refused = ccal_db_insert_booking (f->db, long_one, NULL, 0, 0, NULL, NULL, &error);
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE);
  g_assert_null (refused);
  g_clear_error (&error);

  /* touching is not overlapping */
  adjacent = book (f, AT (0, 11, 0), 30, "Ben", "ben@example.com", &error);
  g_assert_no_error (error);

  /* a cancelled booking frees its time */
  first->status = CCAL_BOOKING_STATUS_CANCELLED;
  cancelled = ccal_db_update_booking (f->db, first, first->version, "called off", FALSE, 0, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  rebooked = book (f, AT (0, 10, 0), 60, "Cat", "cat@example.com", &error);
  g_assert_no_error (error);

  /* nor can the cancelled one come back over the new one */
  cancelled->status = CCAL_BOOKING_STATUS_CONFIRMED;
  g_assert_null (ccal_db_update_booking (f->db, cancelled, 0, NULL, FALSE, 0, 0, NULL, NULL, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE);
  g_clear_error (&error);

  /* a refusal by the check propagates as it is, and nothing is stored */
  {
    g_autoptr(CcalBooking) free_time = make_booking ("acme", f->admin_id, AT (2, 9, 0), 30, "Dan", "dan@example.com");

    g_assert_null (ccal_db_insert_booking (f->db, free_time, NULL, AT (2, 0, 0), AT (3, 0, 0), check_refuse_invalid,
                                           NULL, &error));
    g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
    g_clear_error (&error);
  }

  g_assert_true (ccal_db_load_schedule (f->db, "acme", f->admin_id, AT (0, 0, 0), AT (3, 0, 0), NULL, &schedule,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (schedule.busy->len, ==, 2);   /* adjacent + rebooked; not the cancelled one, not Dan */
  ccal_db_schedule_clear (&schedule);

  /* a booking longer than the storage allows */
  g_clear_object (&long_one);
  long_one = make_booking ("acme", f->admin_id, AT (5, 0, 0), 25 * 60, "Lou", "lou@example.com");
  g_assert_null (ccal_db_insert_booking (f->db, long_one, NULL, 0, 0, NULL, NULL, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID);
}

static void
test_bookings_status_history (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalBooking) booking = make_booking ("acme", f->admin_id, AT (0, 10, 0), 30, "Ann", "ann@example.com");
  g_autoptr(CcalBooking) stored = NULL;
  g_autoptr(CcalBooking) confirmed = NULL;
  g_autoptr(CcalBooking) retitled = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *staff_id = NULL;
  CcalDbHistoryEntry *entry;

  staff_id = ccal_db_ensure_user (f->db, "acme", "sam@example.com", "Sam", CCAL_ROLE_STAFF, &error);
  g_assert_no_error (error);

  booking->source = CCAL_BOOKING_SOURCE_STAFF;
  booking->created_by = g_strdup (staff_id);
  booking->opportunity_id = g_strdup ("opp-42");
  booking->product_interest = g_strdup ("Solar");
  stored = ccal_db_insert_booking (f->db, booking, NULL, 0, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stored->status, ==, CCAL_BOOKING_STATUS_PENDING);
  g_assert_cmpint (stored->source, ==, CCAL_BOOKING_SOURCE_STAFF);
  g_assert_cmpstr (stored->created_by, ==, staff_id);
  g_assert_cmpstr (stored->updated_by, ==, staff_id);
  g_assert_cmpstr (stored->opportunity_id, ==, "opp-42");
  g_assert_cmpstr (stored->product_interest, ==, "Solar");
  g_assert_cmpint (stored->duration_minutes, ==, 30);

  stored->status = CCAL_BOOKING_STATUS_CONFIRMED;
  g_free (stored->updated_by);
  stored->updated_by = g_strdup (f->admin_id);
  confirmed = ccal_db_update_booking (f->db, stored, 1, "Customer called back", FALSE, 0, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (confirmed->status, ==, CCAL_BOOKING_STATUS_CONFIRMED);
  g_assert_cmpint (confirmed->version, ==, 2);
  g_assert_cmpstr (confirmed->updated_by, ==, f->admin_id);

  /* a stale If-Match changes nothing */
  stored->status = CCAL_BOOKING_STATUS_CANCELLED;
  g_assert_null (ccal_db_update_booking (f->db, stored, 1, "too late", FALSE, 0, 0, NULL, NULL, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_VERSION_CONFLICT);
  g_clear_error (&error);

  /* a change without a status change adds no history; unlinking the opportunity sticks */
  g_free (confirmed->title);
  confirmed->title = g_strdup ("Solar consultation");
  g_clear_pointer (&confirmed->opportunity_id, g_free);
  retitled = ccal_db_update_booking (f->db, confirmed, 2, NULL, FALSE, 0, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (retitled->version, ==, 3);
  g_assert_cmpstr (retitled->title, ==, "Solar consultation");
  g_assert_null (retitled->opportunity_id);

  history = ccal_db_list_history (f->db, "acme", stored->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  entry = g_ptr_array_index (history, 0);
  g_assert_null (entry->from_status);
  g_assert_cmpstr (entry->to_status, ==, "pending");
  g_assert_cmpstr (entry->changed_by, ==, staff_id);
  g_assert_null (entry->reason);
  entry = g_ptr_array_index (history, 1);
  g_assert_cmpstr (entry->from_status, ==, "pending");
  g_assert_cmpstr (entry->to_status, ==, "confirmed");
  g_assert_cmpstr (entry->changed_by, ==, f->admin_id);
  g_assert_cmpstr (entry->reason, ==, "Customer called back");
  g_assert_cmpint (entry->changed_at, >=, stored->created_at);
}

static void
test_bookings_reschedule (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalBooking) a = NULL;
  g_autoptr(CcalBooking) b = NULL;
  g_autoptr(CcalBooking) moved = NULL;
  g_autoptr(CcalBooking) nudged = NULL;

  a = book (f, AT (0, 10, 0), 60, "Ann", "ann@example.com", &error);
  g_assert_no_error (error);
  b = book (f, AT (0, 14, 0), 60, "Ben", "ben@example.com", &error);
  g_assert_no_error (error);

  /* onto the other booking: refused by the schedule check … */
  b->start_time = AT (0, 10, 30);
  b->end_time = AT (0, 11, 30);
  g_assert_null (ccal_db_update_booking (f->db, b, 0, NULL, TRUE, AT (0, 0, 0), AT (1, 0, 0), check_schedule_free,
                                         NULL, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE);
  g_clear_error (&error);
  /* … and by the storage when the check waves it through */
  g_assert_null (ccal_db_update_booking (f->db, b, 0, NULL, TRUE, AT (0, 0, 0), AT (1, 0, 0), check_always_yes, NULL,
                                         &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE);
  g_clear_error (&error);

  /* a booking may move over its own old time: it does not collide with itself */
  a->start_time = AT (0, 10, 30);
  a->end_time = AT (0, 11, 30);
  nudged = ccal_db_update_booking (f->db, a, 1, NULL, TRUE, AT (0, 0, 0), AT (1, 0, 0), check_schedule_free, NULL,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (nudged->start_time, ==, AT (0, 10, 30));

  b->start_time = AT (0, 16, 0);
  b->end_time = AT (0, 17, 0);
  moved = ccal_db_update_booking (f->db, b, 1, NULL, TRUE, AT (0, 0, 0), AT (1, 0, 0), check_schedule_free, NULL,
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpint (moved->start_time, ==, AT (0, 16, 0));
  g_assert_cmpint (moved->version, ==, 2);
}

static void
test_bookings_holds (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalDbHold) stored = NULL;
  g_autoptr(CcalDbHold) second = NULL;
  g_autoptr(CcalBooking) other = NULL;
  g_autoptr(CcalBooking) holder = NULL;
  g_autoptr(CcalBooking) booked = NULL;
  g_autoptr(CcalBooking) ignored = NULL;
  CcalDbHold hold = { 0 };
  CcalDbSchedule schedule = { 0 };
  gint64 now = g_get_real_time ();

  hold.admin_id = f->admin_id;
  hold.start_time = AT (0, 10, 0);
  hold.end_time = AT (0, 10, 30);
  hold.expires_at = now + 5 * CCAL_USEC_PER_MINUTE;
  stored = ccal_db_insert_hold (f->db, "acme", &hold, AT (0, 0, 0), AT (1, 0, 0), check_schedule_free, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored->id);

  /* a second hold on the same time is refused even by a lenient check */
  second = ccal_db_insert_hold (f->db, "acme", &hold, AT (0, 0, 0), AT (1, 0, 0), check_always_yes, NULL, &error);
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE);
  g_assert_null (second);
  g_clear_error (&error);

  /* others see the held time as busy */
  other = make_booking ("acme", f->admin_id, AT (0, 10, 0), 30, "Oz", "oz@example.com");
  g_assert_null (ccal_db_insert_booking (f->db, other, NULL, AT (0, 0, 0), AT (1, 0, 0), check_schedule_free, NULL,
                                         &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE);
  g_clear_error (&error);
  g_assert_true (ccal_db_load_schedule (f->db, "acme", f->admin_id, AT (0, 0, 0), AT (1, 0, 0), NULL, &schedule,
                                        &error));
  g_assert_cmpuint (schedule.busy->len, ==, 1);
  ccal_db_schedule_clear (&schedule);
  g_assert_true (ccal_db_load_schedule (f->db, "acme", f->admin_id, AT (0, 0, 0), AT (1, 0, 0), stored->id, &schedule,
                                        &error));
  g_assert_cmpuint (schedule.busy->len, ==, 0);
  ccal_db_schedule_clear (&schedule);

  /* an unknown hold id is ignored: the check decides (and says no) */
  ignored = ccal_db_insert_booking (f->db, other, "3e1f5a0e-0000-4000-8000-000000000000", AT (0, 0, 0), AT (1, 0, 0),
                                    check_schedule_free, NULL, &error);
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE);
  g_assert_null (ignored);
  g_clear_error (&error);

  /* the holder books it; the hold is used up */
  holder = make_booking ("acme", f->admin_id, AT (0, 10, 0), 30, "Hal", "hal@example.com");
  booked = ccal_db_insert_booking (f->db, holder, stored->id, AT (0, 0, 0), AT (1, 0, 0), check_schedule_free, NULL,
                                   &error);
  g_assert_no_error (error);
  g_assert_false (ccal_db_delete_hold (f->db, "acme", stored->id, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* an expired hold blocks nothing */
  g_clear_pointer (&stored, ccal_db_hold_free);
  hold.start_time = AT (0, 12, 0);
  hold.end_time = AT (0, 12, 30);
  hold.expires_at = g_get_real_time () + 200 * 1000;
  stored = ccal_db_insert_hold (f->db, "acme", &hold, 0, 0, NULL, NULL, &error);
  g_assert_no_error (error);
  g_usleep (300 * 1000);
  g_assert_true (ccal_db_load_schedule (f->db, "acme", f->admin_id, AT (0, 11, 0), AT (0, 13, 0), NULL, &schedule,
                                        &error));
  g_assert_cmpuint (schedule.busy->len, ==, 0);
  ccal_db_schedule_clear (&schedule);
  g_assert_true (ccal_db_delete_hold (f->db, "acme", stored->id, &error));
  g_assert_no_error (error);
}

static void
test_bookings_search (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  struct { const char *name, *email, *phone; } people[] = {
    { "Zoë Åberg", "zoe@example.com", "+46 70 123 45 67" },
    { "Max Mustermann", "MAX@Muster.de", NULL },
    { "Ann Smith", "ann@example.com", "(555) 010-9999" },
  };
  const struct { const char *q; guint count; } searches[] = {
    { "åberg", 1 }, { "ZOË", 1 }, { "muster", 1 }, { "EXAMPLE.COM", 2 }, { "010-99", 1 }, { "nobody", 0 },
  };
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalBooking) confirmed = NULL;
  g_autoptr(CcalBooking) again = NULL;
  CcalDbListQuery query;

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    {
      g_autoptr(CcalBooking) booking = make_booking ("acme", f->admin_id, AT (i, 9, 0), 30, people[i].name,
                                                     people[i].email);

      booking->contact->phone = g_strdup (people[i].phone);
      g_ptr_array_add (stored, ccal_db_insert_booking (f->db, booking, NULL, 0, 0, NULL, NULL, &error));
      g_assert_no_error (error);
    }

  /* the same e-mail in another case finds the same contact, which keeps its name */
  again = book (f, AT (5, 9, 0), 30, "Someone Else", "ANN@EXAMPLE.COM", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->contact->id, ==, CCAL_BOOKING (g_ptr_array_index (stored, 2))->contact->id);
  g_assert_cmpstr (again->contact->name, ==, "Ann Smith");

  ccal_db_list_query_init (&query, "acme");
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      g_autoptr(CcalDbPage) page = NULL;
      guint expected = searches[i].count;

      /* Ann has two bookings */
      if (g_str_equal (searches[i].q, "EXAMPLE.COM") || g_str_equal (searches[i].q, "010-99"))
        expected++;
      query.search = searches[i].q;
      page = ccal_db_list_bookings (f->db, &query, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (page->items->len, ==, expected);
    }
  query.search = NULL;

  confirmed = g_object_ref (g_ptr_array_index (stored, 1));
  confirmed->status = CCAL_BOOKING_STATUS_CONFIRMED;
  g_clear_object (&confirmed);
  confirmed = ccal_db_update_booking (f->db, g_ptr_array_index (stored, 1), 0, NULL, FALSE, 0, 0, NULL, NULL, &error);
  g_assert_no_error (error);

  query.status = CCAL_BOOKING_STATUS_CONFIRMED;
  {
    g_autoptr(CcalDbPage) page = ccal_db_list_bookings (f->db, &query, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (page->items->len, ==, 1);
    g_assert_cmpstr (CCAL_BOOKING (g_ptr_array_index (page->items, 0))->contact->name, ==, "Max Mustermann");
  }
  query.status = CCAL_BOOKING_STATUS_PENDING;
  query.from = AT (2, 0, 0);
  {
    g_autoptr(CcalDbPage) page = ccal_db_list_bookings (f->db, &query, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (page->items->len, ==, 2);
  }
}

static void
test_bookings_result_follow_ups (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalBooking) booking = NULL;
  g_autoptr(CcalBooking) with_result = NULL;
  g_autoptr(CcalBooking) replaced = NULL;
  g_autoptr(CcalDbFollowUp) stored = NULL;
  g_autoptr(CcalDbFollowUp) earlier = NULL;
  g_autoptr(GPtrArray) follow_ups = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(CcalDbPage) page = NULL;
  CcalDbFollowUp input = { 0 };
  CcalDbListQuery query;

  booking = book (f, AT (0, 9, 0), 30, "Ann", "ann@example.com", &error);
  g_assert_no_error (error);
  g_assert_null (booking->result_outcome);

  with_result = ccal_db_set_result (f->db, "acme", booking->id, "won", "Signed the contract", f->admin_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (with_result->result_outcome, ==, "won");
  g_assert_cmpstr (with_result->result_notes, ==, "Signed the contract");
  g_assert_cmpint (with_result->version, ==, 2);
  replaced = ccal_db_set_result (f->db, "acme", booking->id, "lost", NULL, f->admin_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (replaced->result_outcome, ==, "lost");
  g_assert_null (replaced->result_notes);
  g_assert_cmpint (replaced->version, ==, 3);

  /* a result is a change of the booking a sync must bring */
  ccal_db_list_query_init (&query, "acme");
  query.since_seq = 1;
  page = ccal_db_list_bookings (f->db, &query, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->items->len, ==, 1);
  g_assert_cmpstr (CCAL_BOOKING (g_ptr_array_index (page->items, 0))->result_outcome, ==, "lost");

  input.booking_id = booking->id;
  input.due_at = AT (7, 9, 0);
  input.action = "call";
  input.notes = "Ask about the roof";
  input.created_by = f->admin_id;
  stored = ccal_db_insert_follow_up (f->db, "acme", &input, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stored->id);
  input.due_at = AT (3, 9, 0);
  input.action = "email";
  input.notes = NULL;
  earlier = ccal_db_insert_follow_up (f->db, "acme", &input, &error);
  g_assert_no_error (error);

  follow_ups = ccal_db_list_follow_ups (f->db, "acme", booking->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (follow_ups->len, ==, 2);
  g_assert_cmpstr (((CcalDbFollowUp *) g_ptr_array_index (follow_ups, 0))->action, ==, "email");
  g_assert_cmpstr (((CcalDbFollowUp *) g_ptr_array_index (follow_ups, 1))->notes, ==, "Ask about the roof");

  g_assert_null (ccal_db_list_follow_ups (f->db, "acme", "no-such-booking", &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (ccal_db_set_result (f->db, "acme", "no-such-booking", "won", NULL, NULL, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
  g_clear_error (&error);

  changed = ccal_db_list_bookings_in_range (f->db, "acme", AT (0, 0, 0), AT (1, 0, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changed->len, ==, 1);
}

/* Idempotency */

static void
test_idempotency (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalDbIdempotentResponse) running = NULL;
  g_autoptr(CcalDbIdempotentResponse) replay = NULL;
  g_autoptr(CcalDbIdempotentResponse) other_scope = NULL;
  g_autoptr(CcalDbIdempotentResponse) fresh = NULL;

  g_assert_null (ccal_db_begin_idempotent (f->db, "acme", "key-1", "hash-a", &error));
  g_assert_no_error (error);

  /* the first request has not finished */
  running = ccal_db_begin_idempotent (f->db, "acme", "key-1", "hash-a", &error);
  g_assert_no_error (error);
  g_assert_nonnull (running);
  g_assert_cmpuint (running->status, ==, 0);

  g_assert_true (ccal_db_finish_idempotent (f->db, "acme", "key-1", 201, "{\"booking\":{}}", &error));
  g_assert_no_error (error);
  replay = ccal_db_begin_idempotent (f->db, "acme", "key-1", "hash-a", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (replay->status, ==, 201);
  g_assert_cmpstr (replay->response_body, ==, "{\"booking\":{}}");
  g_assert_cmpstr (replay->request_hash, ==, "hash-a");

  g_assert_null (ccal_db_begin_idempotent (f->db, "acme", "key-1", "hash-b", &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_IDEMPOTENCY_REUSED);
  g_clear_error (&error);

  /* keys are per scope */
  other_scope = ccal_db_begin_idempotent (f->db, "globex", "key-1", "hash-b", &error);
  g_assert_no_error (error);
  g_assert_null (other_scope);

  /* an abandoned key (the first attempt failed) may be used again, even with another body */
  g_assert_null (ccal_db_begin_idempotent (f->db, "acme", "key-2", "hash-c", &error));
  g_assert_no_error (error);
  g_assert_true (ccal_db_abandon_idempotent (f->db, "acme", "key-2", &error));
  g_assert_no_error (error);
  fresh = ccal_db_begin_idempotent (f->db, "acme", "key-2", "hash-d", &error);
  g_assert_no_error (error);
  g_assert_null (fresh);
}

/* Concurrency: many threads booking one slot */

#define N_THREADS  8
#define N_ATTEMPTS 25

typedef struct
{
  Fixture  *f;
  CcalDb   *dbs[2];       /* two handles on one database: like two server processes */
  gboolean  with_check;
  gint      ready;
  gint      go;
  gint      booked;
  gint      refused;
  gint      other_errors;
} Race;

typedef struct
{
  Race *race;
  int   thread_no;
} RaceThread;

static gpointer
race_thread (gpointer user_data)
{
  RaceThread *rt = user_data;
  Race *race = rt->race;

  g_atomic_int_inc (&race->ready);
  while (!g_atomic_int_get (&race->go))
    g_thread_yield ();

  for (int i = 0; i < N_ATTEMPTS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *email = g_strdup_printf ("racer-%d-%d@example.com", rt->thread_no, i);
      g_autoptr(CcalBooking) booking = make_booking ("acme", race->f->admin_id, AT (0, 10, 0), 30, "Racer", email);
      g_autoptr(CcalBooking) stored = NULL;

      /* half of the attempts overlap the slot only partly */
      if (i % 2 == 1)
        {
          booking->start_time += 15 * CCAL_USEC_PER_MINUTE;
          booking->end_time += 15 * CCAL_USEC_PER_MINUTE;
        }
      stored = ccal_db_insert_booking (race->dbs[rt->thread_no % 2], booking, NULL, AT (0, 0, 0), AT (1, 0, 0),
                                       race->with_check ? check_schedule_free : NULL, NULL, &error);
      if (stored != NULL)
        g_atomic_int_inc (&race->booked);
      else if (g_error_matches (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE))
        g_atomic_int_inc (&race->refused);
      else
        {
          g_printerr ("unexpected error: %s\n", error->message);
          g_atomic_int_inc (&race->other_errors);
        }
    }
  return NULL;
}

static void
run_race (Fixture  *f,
          gboolean  with_check)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalDb) second = ccal_db_open (f->uri, &error);
  Race race = { f, { f->db, second }, with_check, 0, 0, 0, 0, 0 };
  RaceThread threads[N_THREADS];
  GThread *handles[N_THREADS];
  CcalDbSchedule schedule = { 0 };

  g_assert_no_error (error);

  for (int i = 0; i < N_THREADS; i++)
    {
      threads[i] = (RaceThread) { &race, i };
      handles[i] = g_thread_new ("racer", race_thread, &threads[i]);
    }
  while (g_atomic_int_get (&race.ready) < N_THREADS)
    g_thread_yield ();
  g_atomic_int_set (&race.go, 1);
  for (int i = 0; i < N_THREADS; i++)
    g_thread_join (handles[i]);

  g_assert_cmpint (race.other_errors, ==, 0);
  g_assert_cmpint (race.booked, ==, 1);
  g_assert_cmpint (race.refused, ==, N_THREADS * N_ATTEMPTS - 1);

  g_assert_true (ccal_db_load_schedule (f->db, "acme", f->admin_id, AT (0, 0, 0), AT (1, 0, 0), NULL, &schedule,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (schedule.busy->len, ==, 1);
  ccal_db_schedule_clear (&schedule);
  ccal_db_close (second);
}

static void
test_bookings_race_checked (Fixture       *f,
                            gconstpointer  data)
{
  run_race (f, TRUE);
}

static void
test_bookings_race_unchecked (Fixture       *f,
                              gconstpointer  data)
{
  run_race (f, FALSE);
}

/* Performance sanity: a day's schedule among 100,000 bookings */

#define N_BULK      100000
#define BULK_BATCH  10000
#define PER_DAY     10

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
test_schedule_100k (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GArray) timings = g_array_new (FALSE, FALSE, sizeof (double));
  CcalDbSchedule schedule = { 0 };
  int days = N_BULK / PER_DAY;
  double import_seconds;

  for (int batch = 0; batch < N_BULK / BULK_BATCH; batch++)
    {
      g_autoptr(GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);

      for (int i = batch * BULK_BATCH; i < (batch + 1) * BULK_BATCH; i++)
        {
          g_autofree char *email = g_strdup_printf ("customer-%d@example.com", i % 2000);
          CcalBooking *booking = make_booking ("acme", f->admin_id, AT (i / PER_DAY - days / 2, 8 + i % PER_DAY, 0),
                                               45, "Customer", email);

          if (i % 17 == 0)
            booking->status = CCAL_BOOKING_STATUS_CANCELLED;
          g_ptr_array_add (bookings, booking);
        }
      g_assert_true (ccal_db_import_bookings (f->db, bookings, &error));
      g_assert_no_error (error);
    }
  import_seconds = g_timer_elapsed (timer, NULL);

  for (int run = 0; run < 21; run++)
    {
      gint64 day = run - 10;
      guint expected = 0;
      double elapsed;

      for (int i = (day + days / 2) * PER_DAY; i < (day + days / 2 + 1) * PER_DAY; i++)
        if (i % 17 != 0)
          expected++;

      g_timer_start (timer);
      g_assert_true (ccal_db_load_schedule (f->db, "acme", f->admin_id, AT (day, 0, 0), AT (day + 1, 0, 0), NULL,
                                            &schedule, &error));
      elapsed = g_timer_elapsed (timer, NULL) * 1000.0;
      g_assert_no_error (error);
      g_assert_cmpuint (schedule.busy->len, ==, expected);
      ccal_db_schedule_clear (&schedule);
      g_array_append_val (timings, elapsed);
    }
  g_array_sort (timings, compare_doubles);
  g_test_message ("imported %d bookings in %.2f s; load_schedule for one day: median %.3f ms, max %.3f ms",
                  N_BULK, import_seconds, g_array_index (timings, double, timings->len / 2),
                  g_array_index (timings, double, timings->len - 1));

  /* a booking at the busiest time still goes through the whole checked path */
  {
    g_autoptr(CcalBooking) late = make_booking ("acme", f->admin_id, AT (0, 20, 0), 30, "Late", "late@example.com");
    g_autoptr(CcalBooking) stored = NULL;

    g_timer_start (timer);
    stored = ccal_db_insert_booking (f->db, late, NULL, AT (0, 0, 0), AT (1, 0, 0), check_schedule_free, NULL, &error);
    g_assert_no_error (error);
    g_test_message ("checked insert_booking among %d bookings: %.3f ms", N_BULK, g_timer_elapsed (timer, NULL) * 1000);
  }
}

/* PostgreSQL only */

#ifdef CCAL_HAVE_POSTGRES
/* The guarantee does not depend on this program: rows written by anything else (another process,
 * a person with psql) cannot overlap either. */
static void
test_pg_exclusion_constraint (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalBooking) booking = book (f, AT (0, 10, 0), 30, "Ann", "ann@example.com", &error);
  g_autofree char *insert = NULL;
  PGconn *conn = PQconnectdb (f->uri);
  struct { const char *start, *end, *status, *sqlstate; } rows[] = {
    { "2030-03-04 10:15:00+00", "2030-03-04 10:45:00+00", "confirmed", "23P01" },  /* overlaps */
    { "2030-03-04 09:00:00+00", "2030-03-04 11:00:00+00", "completed", "23P01" },  /* covers it */
    { "2030-03-04 10:00:00+00", "2030-03-04 10:30:00+00", "cancelled", NULL },     /* cancelled: free */
    { "2030-03-04 10:30:00+00", "2030-03-04 11:00:00+00", "pending", NULL },       /* adjacent: [) */
  };

  g_assert_no_error (error);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *values[] = { booking->admin_id, booking->contact->id, rows[i].start, rows[i].end, rows[i].status };
      PGresult *res = PQexecParams (conn,
                                    "INSERT INTO appointments (id, workspace_id, admin_id, contact_id, start_time, "
                                    "end_time, duration_minutes, status, source, created_at, updated_at, change_seq) "
                                    "VALUES (gen_random_uuid(), 'acme', $1, $2, $3, $4, 30, $5, 'staff', now(), now(), "
                                    "1000)",
                                    5, NULL, values, NULL, NULL, 0);

      if (rows[i].sqlstate != NULL)
        {
          g_assert_cmpint (PQresultStatus (res), ==, PGRES_FATAL_ERROR);
          g_assert_cmpstr (PQresultErrorField (res, PG_DIAG_SQLSTATE), ==, rows[i].sqlstate);
        }
      else
        g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
      PQclear (res);
    }
  PQfinish (conn);

  /* and a reschedule onto the adjacent row is refused by the storage layer */
  booking->start_time = AT (0, 10, 15);
  booking->end_time = AT (0, 10, 45);
  g_assert_null (ccal_db_update_booking (f->db, booking, 0, NULL, TRUE, AT (0, 0, 0), AT (1, 0, 0), NULL, NULL,
                                         &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE);
}

typedef struct
{
  const char *uri;
  gint        go;
  gint        ok;
} MigrateRace;

static gpointer
migrate_thread (gpointer user_data)
{
  MigrateRace *race = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalDb) db = ccal_db_open (race->uri, &error);

  g_assert_no_error (error);
  while (!g_atomic_int_get (&race->go))
    g_thread_yield ();
  if (ccal_db_migrate (db, &error))
    g_atomic_int_inc (&race->ok);
  else
    g_printerr ("# migrate failed: %s\n", error->message);
  ccal_db_close (db);
  return NULL;
}

/* Several processes starting at once on an empty database: each migration is applied once. */
static void
test_pg_migrate_concurrent (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *reason = NULL;
  g_autofree char *name = NULL;
  g_autofree char *uri = pg_create_database (&name, &reason);
  MigrateRace race = { uri, 0, 0 };
  GThread *threads[6];

  g_assert_nonnull (uri);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("migrate", migrate_thread, &race);
  g_usleep (100 * 1000);
  g_atomic_int_set (&race.go, 1);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_cmpint (race.ok, ==, G_N_ELEMENTS (threads));
  g_assert_cmpint (pg_query_int (uri, "SELECT count(*) - count(DISTINCT version) FROM schema_migrations"), ==, 0);
  g_assert_cmpint (pg_query_int (uri, "SELECT count(*) FROM schema_migrations"), ==,
                   pg_query_int (f->uri, "SELECT count(*) FROM schema_migrations"));
  pg_drop_database (name);
}

/* The server dropped every session (as a restart does): the next calls reconnect by themselves. */
static void
test_pg_reconnect (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CcalSettings) settings = NULL;
  g_autoptr(CcalBooking) booking = NULL;
  g_autofree char *kill = g_strdup_printf ("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                           "WHERE datname = '%s' AND pid <> pg_backend_pid()",
                                           f->pg_name);

  settings = ccal_db_get_settings (f->db, "acme", f->admin_id, &error);
  g_assert_no_error (error);
  g_clear_object (&settings);

  g_assert_cmpint (pg_query_int (f->uri, kill), >=, 1);
  g_usleep (100 * 1000);

  settings = ccal_db_get_settings (f->db, "acme", f->admin_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (settings);

  g_assert_cmpint (pg_query_int (f->uri, kill), >=, 1);
  g_usleep (100 * 1000);
  booking = book (f, AT (0, 10, 0), 30, "Ann", "ann@example.com", &error);
  g_assert_no_error (error);
  g_assert_nonnull (booking);
}
#endif

/* get_workspace_admin: the first admin, not a staff member nor a later admin. */
static void
test_workspace_admin (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *staff_id = NULL;
  g_autofree char *second_admin = NULL;
  g_autofree char *first = NULL;

  staff_id = ccal_db_ensure_user (f->db, "acme", "sam@example.com", "Sam", CCAL_ROLE_STAFF, &error);
  g_assert_no_error (error);
  g_usleep (2000);
  second_admin = ccal_db_ensure_user (f->db, "acme", "bea@example.com", "Bea", CCAL_ROLE_ADMIN, &error);
  g_assert_no_error (error);

  first = ccal_db_get_workspace_admin (f->db, "acme", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, f->admin_id);

  g_assert_true (ccal_db_create_workspace (f->db, "empty", &error));
  g_assert_no_error (error);
  g_assert_null (ccal_db_get_workspace_admin (f->db, "empty", &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND);
}

static Case cases[128];
static guint n_cases;

/* Registers @func as /db/BACKEND@path for each backend in @backends (a bit mask). */
static void
add_case (const char *path,
          CaseFunc    func,
          guint       backends)
{
  for (Backend backend = BACKEND_SQLITE; backend <= BACKEND_POSTGRES; backend++)
    {
      g_autofree char *full = NULL;
      Case *c;

      if ((backends & (1u << backend)) == 0)
        continue;
      g_assert_cmpuint (n_cases, <, G_N_ELEMENTS (cases));
      c = &cases[n_cases++];
      c->backend = backend;
      c->func = func;
      full = g_strdup_printf ("/db/%s%s", backend_names[backend], path);
      g_test_add (full, Fixture, c, fixture_setup, run_case, fixture_teardown);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define BOTH     ((1u << BACKEND_SQLITE) | (1u << BACKEND_POSTGRES))
#define POSTGRES (1u << BACKEND_POSTGRES)
  add_case ("/migrate/idempotent", test_migrate_idempotent, BOTH);
  g_test_add_func ("/db/sqlite/open/uris", test_open_uris_sqlite);
  g_test_add_func ("/db/postgres/open/uris", test_open_uris_postgres);
  add_case ("/auth/keys-round-trip", test_auth_keys, BOTH);
  add_case ("/auth/workspace-admin", test_workspace_admin, BOTH);
  add_case ("/settings/defaults-and-if-match", test_settings, BOTH);
  add_case ("/events/if-match", test_events_if_match, BOTH);
  add_case ("/events/soft-delete", test_events_soft_delete, BOTH);
  add_case ("/events/paging", test_events_paging, BOTH);
  add_case ("/events/sync", test_events_sync, BOTH);
  add_case ("/events/change-during-paging", test_events_change_during_paging, BOTH);
  add_case ("/events/workspace-isolation", test_events_isolation, BOTH);
  add_case ("/schedule/recurring", test_schedule_recurring, BOTH);
  add_case ("/bookings/overlap-refused", test_bookings_overlap_refused, BOTH);
  add_case ("/bookings/status-history", test_bookings_status_history, BOTH);
  add_case ("/bookings/reschedule", test_bookings_reschedule, BOTH);
  add_case ("/bookings/holds", test_bookings_holds, BOTH);
  add_case ("/bookings/search-and-filter", test_bookings_search, BOTH);
  add_case ("/bookings/result-and-follow-ups", test_bookings_result_follow_ups, BOTH);
  add_case ("/idempotency/replay", test_idempotency, BOTH);
  add_case ("/bookings/race-one-slot", test_bookings_race_checked, BOTH);
  add_case ("/bookings/race-one-slot-unchecked", test_bookings_race_unchecked, BOTH);
  add_case ("/schedule/100k-bookings", test_schedule_100k, BOTH);
#ifdef CCAL_HAVE_POSTGRES
  add_case ("/guarantee/exclusion-constraint", test_pg_exclusion_constraint, POSTGRES);
  add_case ("/migrate/concurrent", test_pg_migrate_concurrent, POSTGRES);
  add_case ("/reconnect/after-sessions-dropped", test_pg_reconnect, POSTGRES);
#endif
#undef BOTH
#undef POSTGRES

  return g_test_run ();
}
