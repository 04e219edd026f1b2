/* ccal-db-sqlite.c — the embedded SQLite storage backend: schema, migrations and every query
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Concurrency model. The HTTP layer calls from several worker threads at once. Each call leases a
 * connection from a pool (creating one when none is idle) and returns it afterwards, so a
 * connection is only ever used by one thread at a time and the pool grows to the peak number of
 * concurrent calls. (A GPrivate per thread would need one static key for all CcalDb instances, and
 * the threads of a GThreadPool come and go, leaving their connections behind until close.) Each
 * connection caches its prepared statements. SQLite runs in WAL mode: readers never wait for the
 * writer. Writers take a process-wide mutex and then BEGIN IMMEDIATE: the mutex hands the write
 * lock over at once inside this process (SQLite's busy handler would poll and sleep), and BEGIN
 * IMMEDIATE with a 10 s busy timeout orders writers of other processes.
 *
 * Instants are INTEGER microseconds UTC; enums are the contract's text ("no_show"); booleans 0/1.
 * opportunity_id lives in opportunity_appointments (one opportunity per appointment).
 */
#define G_LOG_DOMAIN "ccal-db"

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "ccal-db-sqlite.h"
#include "ccal-db-private.h"

#define BUSY_TIMEOUT_MS            10000
#define IDEMPOTENCY_TTL            (24 * CCAL_USEC_PER_HOUR)
#define IDEMPOTENCY_STALE          (10 * CCAL_USEC_PER_MINUTE)
#define IDEMPOTENCY_PURGE_INTERVAL (10 * CCAL_USEC_PER_MINUTE)
#define LIST_LIMIT_DEFAULT         100
#define LIST_LIMIT_MAX             1000

/* Schema */

typedef struct
{
  int         version;
  const char *name;
  const char *sql;
} Migration;

static const Migration migrations[] = {
  { 1, "initial schema",
    "CREATE TABLE workspaces ("
    "  id          TEXT PRIMARY KEY,"
    "  change_seq  INTEGER NOT NULL DEFAULT 0,"   /* the per-workspace change counter behind sync tokens */
    "  created_at  INTEGER NOT NULL"
    ");"
    "CREATE TABLE users ("
    "  id            TEXT PRIMARY KEY,"
    "  workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,"
    "  email         TEXT NOT NULL,"
    "  name          TEXT NOT NULL,"
    "  role          TEXT NOT NULL CHECK (role IN ('admin', 'staff')),"
    "  created_at    INTEGER NOT NULL"
    ");"
    "CREATE UNIQUE INDEX users_workspace_email ON users (workspace_id, lower(email));"
    "CREATE TABLE api_keys ("
    "  id          TEXT PRIMARY KEY,"
    "  user_id     TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
    "  key_hash    TEXT NOT NULL UNIQUE,"         /* hex SHA-256 of the whole key */
    "  prefix      TEXT NOT NULL,"
    "  label       TEXT,"
    "  created_at  INTEGER NOT NULL,"
    "  revoked_at  INTEGER"
    ");"
    "CREATE INDEX api_keys_prefix ON api_keys (prefix);"
    "CREATE INDEX api_keys_user ON api_keys (user_id);"
    "CREATE TABLE contacts ("
    "  id            TEXT PRIMARY KEY,"
    "  workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,"
    "  name          TEXT NOT NULL,"
    "  email         TEXT NOT NULL,"
    "  phone         TEXT,"
    "  timezone      TEXT,"
    "  created_at    INTEGER NOT NULL,"
    "  updated_at    INTEGER NOT NULL,"
    "  deleted_at    INTEGER"
    ");"
    "CREATE UNIQUE INDEX contacts_workspace_email ON contacts (workspace_id, lower(email));"
    "CREATE TABLE calendar_events ("
    "  id            TEXT PRIMARY KEY,"
    "  workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,"
    "  admin_id      TEXT NOT NULL REFERENCES users (id),"
    "  title         TEXT,"
    "  type          TEXT NOT NULL CHECK (type IN ('availability', 'blocked', 'event')),"
    "  start_time    INTEGER NOT NULL,"
    "  end_time      INTEGER NOT NULL,"
    "  series_end    INTEGER NOT NULL,"           /* the latest instant an occurrence can reach */
    "  is_all_day    INTEGER NOT NULL DEFAULT 0,"
    "  timezone      TEXT,"
    "  rrule         TEXT,"
    "  exdates       TEXT,"                       /* excluded occurrence starts, µs, comma-separated */
    "  description   TEXT,"
    "  location      TEXT,"
    "  status        TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'cancelled')),"
    "  contact_id    TEXT REFERENCES contacts (id),"
    "  metadata      TEXT NOT NULL DEFAULT '{}',"
    "  created_by    TEXT,"
    "  created_at    INTEGER NOT NULL,"
    "  updated_at    INTEGER NOT NULL,"
    "  version       INTEGER NOT NULL DEFAULT 1,"
    "  change_seq    INTEGER NOT NULL,"
    "  deleted_at    INTEGER,"
    "  CHECK (end_time > start_time)"
    ");"
    "CREATE INDEX calendar_events_list ON calendar_events (workspace_id, start_time, id);"
    "CREATE INDEX calendar_events_sync ON calendar_events (workspace_id, change_seq, id);"
    "CREATE INDEX calendar_events_admin_span ON calendar_events (workspace_id, admin_id, series_end)"
    "  WHERE deleted_at IS NULL;"
    "CREATE TABLE appointments ("
    "  id                TEXT PRIMARY KEY,"
    "  workspace_id      TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,"
    "  admin_id          TEXT NOT NULL REFERENCES users (id),"
    "  contact_id        TEXT NOT NULL REFERENCES contacts (id),"
    "  title             TEXT,"
    "  description       TEXT,"
    "  start_time        INTEGER NOT NULL,"
    "  end_time          INTEGER NOT NULL,"
    "  duration_minutes  INTEGER NOT NULL,"
    "  location          TEXT,"
    "  meeting_link      TEXT,"
    "  product_interest  TEXT,"
    "  status            TEXT NOT NULL"
    "                    CHECK (status IN ('pending', 'confirmed', 'cancelled', 'completed', 'no_show')),"
    "  source            TEXT NOT NULL CHECK (source IN ('public', 'staff')),"
    "  created_by        TEXT,"
    "  updated_by        TEXT,"
    "  created_at        INTEGER NOT NULL,"
    "  updated_at        INTEGER NOT NULL,"
    "  version           INTEGER NOT NULL DEFAULT 1,"
    "  change_seq        INTEGER NOT NULL,"
    "  deleted_at        INTEGER,"
    "  CHECK (end_time > start_time),"
    "  CHECK (end_time - start_time <= 86400000000)"   /* CCAL_DB_MAX_BOOKING_LENGTH */
    ");"
    "CREATE INDEX appointments_list ON appointments (workspace_id, start_time, id);"
    "CREATE INDEX appointments_sync ON appointments (workspace_id, change_seq, id);"
    "CREATE INDEX appointments_busy ON appointments (workspace_id, admin_id, start_time, end_time, id)"
    "  WHERE deleted_at IS NULL AND status <> 'cancelled';"
    "CREATE INDEX appointments_contact ON appointments (contact_id);"
    "CREATE TABLE appointment_status_history ("
    "  id              INTEGER PRIMARY KEY,"
    "  appointment_id  TEXT NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,"
    "  from_status     TEXT,"
    "  to_status       TEXT NOT NULL,"
    "  changed_by      TEXT,"
    "  changed_at      INTEGER NOT NULL,"
    "  reason          TEXT"
    ");"
    "CREATE INDEX appointment_status_history_appointment ON appointment_status_history (appointment_id, id);"
    "CREATE TABLE appointment_results ("
    "  appointment_id  TEXT PRIMARY KEY REFERENCES appointments (id) ON DELETE CASCADE,"
    "  outcome         TEXT NOT NULL,"
    "  notes           TEXT,"
    "  recorded_by     TEXT,"
    "  recorded_at     INTEGER NOT NULL"
    ");"
    "CREATE TABLE appointment_follow_ups ("
    "  id              TEXT PRIMARY KEY,"
    "  appointment_id  TEXT NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,"
    "  due_at          INTEGER NOT NULL,"
    "  action          TEXT NOT NULL,"
    "  notes           TEXT,"
    "  done            INTEGER NOT NULL DEFAULT 0,"
    "  created_by      TEXT,"
    "  created_at      INTEGER NOT NULL"
    ");"
    "CREATE INDEX appointment_follow_ups_appointment ON appointment_follow_ups (appointment_id, due_at);"
    "CREATE TABLE opportunity_appointments ("
    "  appointment_id  TEXT PRIMARY KEY REFERENCES appointments (id) ON DELETE CASCADE,"
    "  opportunity_id  TEXT NOT NULL,"
    "  linked_at       INTEGER NOT NULL"
    ");"
    "CREATE INDEX opportunity_appointments_opportunity ON opportunity_appointments (opportunity_id);"
    "CREATE TABLE booking_settings ("
    "  admin_id               TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,"
    "  workspace_id           TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,"
    "  timezone               TEXT NOT NULL,"
    "  slot_minutes           INTEGER NOT NULL,"
    "  buffer_before_minutes  INTEGER NOT NULL,"
    "  buffer_after_minutes   INTEGER NOT NULL,"
    "  min_notice_minutes     INTEGER NOT NULL,"
    "  max_advance_days       INTEGER NOT NULL,"
    "  version                INTEGER NOT NULL,"
    "  updated_at             INTEGER NOT NULL"
    ");"
    "CREATE TABLE holds ("
    "  id            TEXT PRIMARY KEY,"
    "  workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,"
    "  admin_id      TEXT NOT NULL REFERENCES users (id),"
    "  created_by    TEXT,"
    "  start_time    INTEGER NOT NULL,"
    "  end_time      INTEGER NOT NULL,"
    "  expires_at    INTEGER NOT NULL,"
    "  created_at    INTEGER NOT NULL,"
    "  CHECK (end_time > start_time),"
    "  CHECK (end_time - start_time <= 86400000000)"
    ");"
    "CREATE INDEX holds_admin_time ON holds (workspace_id, admin_id, start_time);"
    "CREATE INDEX holds_expiry ON holds (expires_at);"
    "CREATE TABLE idempotency_keys ("
    "  scope          TEXT NOT NULL,"
    "  idem_key       TEXT NOT NULL,"
    "  request_hash   TEXT NOT NULL,"
    "  status         INTEGER NOT NULL DEFAULT 0,"   /* 0 while the first request runs */
    "  response_body  TEXT,"
    "  created_at     INTEGER NOT NULL,"
    "  PRIMARY KEY (scope, idem_key)"
    ");"
    "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);" },
  { 2, "calendar feed tokens",
    "CREATE TABLE feed_tokens ("
    "  admin_id      TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,"   /* one feed per admin */
    "  workspace_id  TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,"
    "  token_hash    TEXT NOT NULL UNIQUE,"       /* hex SHA-256 of the token; the token is never stored */
    "  created_at    INTEGER NOT NULL"
    ");" },
};

/* Connections, leases, statements */

typedef struct
{
  sqlite3    *handle;
  GHashTable *statements;   /* SQL text (owned) → sqlite3_stmt, prepared once per connection */
} Connection;

struct _CcalDbSqlite
{
  CcalDb      parent_instance;

  char       *path;

  GMutex      pool_lock;    /* guards the four fields below */
  GPtrArray  *connections;  /* every open Connection */
  GPtrArray  *idle;         /* those no call is using */
  gboolean    closed;

  gint64      last_idempotency_purge;   /* also under pool_lock */

  GMutex      write_lock;   /* held for the whole of each write transaction */
};

G_DEFINE_FINAL_TYPE (CcalDbSqlite, ccal_db_sqlite, CCAL_TYPE_DB)

/* One call's use of one connection; g_auto() gives it back, rolling back an open transaction. */
typedef struct
{
  CcalDbSqlite *db;
  Connection   *conn;
  gboolean      write_locked;
} Lease;

typedef sqlite3_stmt Stmt;

static void
connection_free (Connection *conn)
{
  g_hash_table_destroy (conn->statements);   /* finalizes the statements */
  if (sqlite3_close (conn->handle) != SQLITE_OK)
    g_warning ("Closing an SQLite connection failed: %s", sqlite3_errmsg (conn->handle));
  g_free (conn);
}

/* ccal_fold(text): Unicode case folding, for the case-insensitive booking search. */
static void
fold_function (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);
  char *folded;

  if (text == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  folded = g_utf8_validate (text, -1, NULL) ? g_utf8_casefold (text, -1) : g_ascii_strdown (text, -1);
  sqlite3_result_text (context, folded, -1, g_free);
}

static gboolean
exec_simple (sqlite3     *handle,
             const char  *sql,
             GError     **error)
{
  char *message = NULL;
  int rc = sqlite3_exec (handle, sql, NULL, NULL, &message);

  if (rc != SQLITE_OK)
    {
      int primary = rc & 0xff;

      if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_UNAVAILABLE, "The database is busy; try again later");
      else
        {
          g_warning ("SQLite statement failed (%d): %s", rc, message != NULL ? message : sqlite3_errstr (rc));
          ccal_db_set_failed (error);
        }
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static Connection *
connection_open (CcalDbSqlite  *self,
                 GError       **error)
{
  sqlite3 *handle = NULL;
  Connection *conn;
  int rc;

  /* NOMUTEX: a connection is never used by two threads at once (see the lease) */
  rc = sqlite3_open_v2 (self->path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_FAILED, "Could not open the database “%s”: %s", self->path,
                   sqlite3_errstr (rc));
      sqlite3_close (handle);
      return NULL;
    }

  sqlite3_extended_result_codes (handle, 1);
  sqlite3_busy_timeout (handle, BUSY_TIMEOUT_MS);
  sqlite3_create_function_v2 (handle, "ccal_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, fold_function, NULL,
                              NULL, NULL);

  /* WAL: readers do not wait for the writer. NORMAL sync in WAL keeps the file consistent on any
   * crash; only a power cut can lose the last commits. */
  if (!exec_simple (handle,
                    "PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; "
                    "PRAGMA cache_size = -16000;",
                    error))
    {
      sqlite3_close (handle);
      return NULL;
    }

  conn = g_new0 (Connection, 1);
  conn->handle = handle;
  conn->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) sqlite3_finalize);
  return conn;
}

static gboolean
lease_acquire (CcalDbSqlite  *self,
               Lease         *lease,
               GError       **error)
{
  Connection *conn = NULL;

  g_mutex_lock (&self->pool_lock);
  if (self->closed)
    {
      g_mutex_unlock (&self->pool_lock);
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_UNAVAILABLE, "The database is closed");
      return FALSE;
    }
  if (self->idle->len > 0)
    conn = g_ptr_array_steal_index_fast (self->idle, self->idle->len - 1);
  g_mutex_unlock (&self->pool_lock);

  if (conn == NULL)
    {
      conn = connection_open (self, error);
      if (conn == NULL)
        return FALSE;
      g_mutex_lock (&self->pool_lock);
      g_ptr_array_add (self->connections, conn);
      g_mutex_unlock (&self->pool_lock);
    }

  lease->db = self;
  lease->conn = conn;
  lease->write_locked = FALSE;
  return TRUE;
}

static void
lease_clear (Lease *lease)
{
  CcalDbSqlite *self = lease->db;
  Connection *conn = lease->conn;

  if (conn == NULL)
    return;

  /* an error path left its transaction open */
  if (!sqlite3_get_autocommit (conn->handle))
    exec_simple (conn->handle, "ROLLBACK", NULL);
  if (lease->write_locked)
    g_mutex_unlock (&self->write_lock);

  g_mutex_lock (&self->pool_lock);
  if (self->closed)
    {
      g_ptr_array_remove_fast (self->connections, conn);
      connection_free (conn);
    }
  else
    g_ptr_array_add (self->idle, conn);
  g_mutex_unlock (&self->pool_lock);

  lease->conn = NULL;
  lease->write_locked = FALSE;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lease, lease_clear)

/* Maps an SQLite failure to what a client may see; the details go to the log only. */
static void
set_sqlite_error (Lease   *lease,
                  int      rc,
                  GError **error)
{
  int primary = rc & 0xff;
  const char *detail = sqlite3_errmsg (lease->conn->handle);

  switch (rc)
    {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      g_debug ("Unique constraint: %s", detail);
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_EXISTS, "A record with this identity already exists");
      return;
    case SQLITE_CONSTRAINT_CHECK:
    case SQLITE_CONSTRAINT_NOTNULL:
      g_debug ("Check constraint: %s", detail);
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID,
                           "A value is out of the range the database accepts");
      return;
    default:
      break;
    }

  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    {
      g_debug ("SQLite busy (%d): %s", rc, detail);
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_UNAVAILABLE, "The database is busy; try again later");
      return;
    }

  g_warning ("SQLite error %d: %s", rc, detail);
  ccal_db_set_failed (error);
}

static void
stmt_release (Stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stmt, stmt_release)

/* The connection's prepared statement for @sql, ready to bind. Use it as g_autoptr(Stmt) so that it
 * is reset (and no read snapshot stays open) however the caller leaves. */
static Stmt *
stmt_prepare (Lease       *lease,
              const char  *sql,
              GError     **error)
{
  Connection *conn = lease->conn;
  sqlite3_stmt *stmt = g_hash_table_lookup (conn->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (conn->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (lease, rc, error);
      return NULL;
    }
  g_hash_table_insert (conn->statements, g_strdup (sql), stmt);
  return stmt;
}

/* Parameters are bound by name; a name the statement does not use is skipped (lists build their SQL
 * from the filters given). */
static void
bind_text (Stmt       *stmt,
           const char *name,
           const char *value)
{
  int i = sqlite3_bind_parameter_index (stmt, name);

  if (i == 0)
    return;
  if (value != NULL)
    sqlite3_bind_text (stmt, i, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, i);
}

static void
bind_int64 (Stmt       *stmt,
            const char *name,
            gint64      value)
{
  int i = sqlite3_bind_parameter_index (stmt, name);

  if (i != 0)
    sqlite3_bind_int64 (stmt, i, value);
}

/* SQLITE_ROW or SQLITE_DONE, or -1 with @error set. */
static int
stmt_step (Lease    *lease,
           Stmt     *stmt,
           GError  **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW || rc == SQLITE_DONE)
    return rc;
  set_sqlite_error (lease, rc, error);
  return -1;
}

static gboolean
stmt_run (Lease    *lease,
          Stmt     *stmt,
          GError  **error)
{
  return stmt_step (lease, stmt, error) == SQLITE_DONE;
}

static char *
col_strdup (Stmt *stmt,
            int   i)
{
  const unsigned char *text = sqlite3_column_text (stmt, i);

  return text != NULL ? g_strdup ((const char *) text) : NULL;
}

static void
col_set_str (char **field,
             Stmt  *stmt,
             int    i)
{
  g_free (*field);
  *field = col_strdup (stmt, i);
}

static gboolean
col_is_null (Stmt *stmt,
             int   i)
{
  return sqlite3_column_type (stmt, i) == SQLITE_NULL;
}

/* Transactions */

static gboolean
tx_exec (Lease       *lease,
         const char  *sql,
         GError     **error)
{
  g_autoptr(Stmt) stmt = stmt_prepare (lease, sql, error);

  return stmt != NULL && stmt_run (lease, stmt, error);
}

static gboolean
tx_begin_write (Lease   *lease,
                GError **error)
{
  g_mutex_lock (&lease->db->write_lock);
  lease->write_locked = TRUE;
  return tx_exec (lease, "BEGIN IMMEDIATE", error);
}

static gboolean
tx_begin_read (Lease   *lease,
               GError **error)
{
  return tx_exec (lease, "BEGIN", error);
}

static gboolean
tx_commit (Lease   *lease,
           GError **error)
{
  gboolean ok = tx_exec (lease, "COMMIT", error);

  if (ok && lease->write_locked)
    {
      g_mutex_unlock (&lease->db->write_lock);
      lease->write_locked = FALSE;
    }
  return ok;
}

/* Shared steps inside a transaction */

/* Takes the workspace's next change sequence value; NOT_FOUND for an unknown workspace. */
static gboolean
bump_change_seq (Lease       *lease,
                 const char  *workspace_id,
                 gint64      *out_seq,
                 GError     **error)
{
  g_autoptr(Stmt) stmt = stmt_prepare (lease,
                                       "UPDATE workspaces SET change_seq = change_seq + 1 WHERE id = :ws "
                                       "RETURNING change_seq",
                                       error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":ws", workspace_id);
  rc = stmt_step (lease, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      ccal_db_set_not_found (error, "Workspace");
      return FALSE;
    }
  *out_seq = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
read_change_seq (Lease       *lease,
                 const char  *workspace_id,
                 gint64      *out_seq,
                 GError     **error)
{
  g_autoptr(Stmt) stmt = stmt_prepare (lease, "SELECT change_seq FROM workspaces WHERE id = :ws", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":ws", workspace_id);
  rc = stmt_step (lease, stmt, error);
  if (rc < 0)
    return FALSE;
  /* an unknown workspace simply has nothing yet */
  *out_seq = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  return TRUE;
}

/* Is @user_id a user of @workspace_id? */
static gboolean
check_user_in_workspace (Lease       *lease,
                         const char  *workspace_id,
                         const char  *user_id,
                         const char  *what,
                         GError     **error)
{
  g_autoptr(Stmt) stmt = stmt_prepare (lease, "SELECT 1 FROM users WHERE id = :id AND workspace_id = :ws", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":id", user_id);
  bind_text (stmt, ":ws", workspace_id);
  rc = stmt_step (lease, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      ccal_db_set_not_found (error, what);
      return FALSE;
    }
  return TRUE;
}

/* Workspaces, users, keys */

static CcalDbUser *
user_from_row (Stmt *stmt)
{
  CcalDbUser *user = g_new0 (CcalDbUser, 1);
  g_autofree char *role = NULL;

  user->user_id = col_strdup (stmt, 0);
  user->workspace_id = col_strdup (stmt, 1);
  user->name = col_strdup (stmt, 2);
  user->email = col_strdup (stmt, 3);
  role = col_strdup (stmt, 4);
  if (!ccal_role_from_string (role, &user->role))
    user->role = CCAL_ROLE_STAFF;
  return user;
}

static gboolean
ccal_db_sqlite_create_workspace (CcalDb      *db,
                                 const char  *workspace_id,
                                 GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(GError) local_error = NULL;

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return FALSE;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "INSERT INTO workspaces (id, change_seq, created_at) VALUES (:id, 0, :now)",
                                         error);
    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, ":id", workspace_id);
    bind_int64 (stmt, ":now", g_get_real_time ());
    if (!stmt_run (&lease, stmt, &local_error))
      {
        if (g_error_matches (local_error, CCAL_DB_ERROR, CCAL_DB_ERROR_EXISTS))
          g_set_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_EXISTS, "The workspace “%s” already exists", workspace_id);
        else
          g_propagate_error (error, g_steal_pointer (&local_error));
        return FALSE;
      }
  }
  return tx_commit (&lease, error);
}

static char *
ccal_db_sqlite_ensure_user (CcalDb      *db,
                            const char  *workspace_id,
                            const char  *email,
                            const char  *name,
                            CcalRole     role,
                            GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autofree char *user_id = NULL;
  int rc;

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease, "SELECT 1 FROM workspaces WHERE id = :ws", error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":ws", workspace_id);
    rc = stmt_step (&lease, stmt, error);
    if (rc < 0)
      return NULL;
    if (rc == SQLITE_DONE)
      {
        ccal_db_set_not_found (error, "Workspace");
        return NULL;
      }
  }

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "SELECT id FROM users "
                                         "WHERE workspace_id = :ws AND lower(email) = lower(:email)",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":ws", workspace_id);
    bind_text (stmt, ":email", email);
    rc = stmt_step (&lease, stmt, error);
    if (rc < 0)
      return NULL;
    if (rc == SQLITE_ROW)
      user_id = col_strdup (stmt, 0);
  }

  if (user_id == NULL)
    {
      g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                           "INSERT INTO users (id, workspace_id, email, name, role, created_at) "
                                           "VALUES (:id, :ws, :email, :name, :role, :now)",
                                           error);
      if (stmt == NULL)
        return NULL;
      user_id = g_uuid_string_random ();
      bind_text (stmt, ":id", user_id);
      bind_text (stmt, ":ws", workspace_id);
      bind_text (stmt, ":email", email);
      bind_text (stmt, ":name", name);
      bind_text (stmt, ":role", ccal_role_to_string (role));
      bind_int64 (stmt, ":now", g_get_real_time ());
      if (!stmt_run (&lease, stmt, error))
        return NULL;
    }

  if (!tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&user_id);
}

static gboolean
ccal_db_sqlite_add_api_key (CcalDb      *db,
                            const char  *user_id,
                            const char  *key_hash,
                            const char  *prefix,
                            const char  *label,
                            GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autofree char *id = g_uuid_string_random ();
  int rc;

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return FALSE;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease, "SELECT 1 FROM users WHERE id = :id", error);
    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, ":id", user_id);
    rc = stmt_step (&lease, stmt, error);
    if (rc < 0)
      return FALSE;
    if (rc == SQLITE_DONE)
      {
        ccal_db_set_not_found (error, "User");
        return FALSE;
      }
  }

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "INSERT INTO api_keys (id, user_id, key_hash, prefix, label, created_at) "
                                         "VALUES (:id, :user, :hash, :prefix, :label, :now)",
                                         error);
    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, ":id", id);
    bind_text (stmt, ":user", user_id);
    bind_text (stmt, ":hash", key_hash);
    bind_text (stmt, ":prefix", prefix);
    bind_text (stmt, ":label", label);
    bind_int64 (stmt, ":now", g_get_real_time ());
    if (!stmt_run (&lease, stmt, error))
      return FALSE;
  }
  return tx_commit (&lease, error);
}

static CcalDbUser *
ccal_db_sqlite_lookup_api_key (CcalDb      *db,
                               const char  *key_hash,
                               GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(Stmt) stmt = NULL;
  CcalDbUser *user;
  int rc;

  if (!lease_acquire (self, &lease, error))
    return NULL;
  stmt = stmt_prepare (&lease,
                       "SELECT u.id, u.workspace_id, u.name, u.email, u.role, k.revoked_at "
                       "FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = :hash",
                       error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, ":hash", key_hash);
  rc = stmt_step (&lease, stmt, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      ccal_db_set_not_found (error, "API key");
      return NULL;
    }
  user = user_from_row (stmt);
  user->revoked = !col_is_null (stmt, 5);
  return user;
}

static CcalDbUser *
ccal_db_sqlite_get_user (CcalDb      *db,
                         const char  *workspace_id,
                         const char  *user_id,
                         GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(Stmt) stmt = NULL;
  int rc;

  if (!lease_acquire (self, &lease, error))
    return NULL;
  stmt = stmt_prepare (&lease,
                       "SELECT id, workspace_id, name, email, role FROM users "
                       "WHERE id = :id AND (:ws IS NULL OR workspace_id = :ws)",
                       error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, ":id", user_id);
  bind_text (stmt, ":ws", workspace_id);
  rc = stmt_step (&lease, stmt, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      ccal_db_set_not_found (error, "User");
      return NULL;
    }
  return user_from_row (stmt);
}

static gboolean
ccal_db_sqlite_revoke_api_key (CcalDb      *db,
                               const char  *key_prefix,
                               GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return FALSE;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "UPDATE api_keys SET revoked_at = :now WHERE prefix = :prefix "
                                         "AND revoked_at IS NULL",
                                         error);
    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, ":prefix", key_prefix);
    bind_int64 (stmt, ":now", g_get_real_time ());
    if (!stmt_run (&lease, stmt, error))
      return FALSE;
    if (sqlite3_changes (lease.conn->handle) == 0)
      {
        ccal_db_set_not_found (error, "API key");
        return FALSE;
      }
  }
  return tx_commit (&lease, error);
}

/* Settings */

/* The admin's settings, or the defaults (version 1); NOT_FOUND when the admin is not a user of the
 * workspace. */
static CcalSettings *
read_settings (Lease       *lease,
               const char  *workspace_id,
               const char  *admin_id,
               GError     **error)
{
  g_autoptr(Stmt) stmt = stmt_prepare (lease,
                                       "SELECT u.id, s.timezone, s.slot_minutes, s.buffer_before_minutes, "
                                       "s.buffer_after_minutes, s.min_notice_minutes, s.max_advance_days, s.version "
                                       "FROM users u LEFT JOIN booking_settings s ON s.admin_id = u.id "
                                       "WHERE u.id = :admin AND u.workspace_id = :ws",
                                       error);
  CcalSettings *settings;
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, ":admin", admin_id);
  bind_text (stmt, ":ws", workspace_id);
  rc = stmt_step (lease, stmt, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      ccal_db_set_not_found (error, "Admin");
      return NULL;
    }

  settings = ccal_settings_new ();
  col_set_str (&settings->admin_id, stmt, 0);
  if (col_is_null (stmt, 7))
    {
      settings->version = 1;
      return settings;
    }
  col_set_str (&settings->timezone, stmt, 1);
  settings->slot_minutes = sqlite3_column_int (stmt, 2);
  settings->buffer_before_minutes = sqlite3_column_int (stmt, 3);
  settings->buffer_after_minutes = sqlite3_column_int (stmt, 4);
  settings->min_notice_minutes = sqlite3_column_int (stmt, 5);
  settings->max_advance_days = sqlite3_column_int (stmt, 6);
  settings->version = sqlite3_column_int64 (stmt, 7);
  return settings;
}

static CcalSettings *
ccal_db_sqlite_get_settings (CcalDb      *db,
                             const char  *workspace_id,
                             const char  *admin_id,
                             GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };

  if (!lease_acquire (self, &lease, error))
    return NULL;
  return read_settings (&lease, workspace_id, admin_id, error);
}

static CcalSettings *
ccal_db_sqlite_put_settings (CcalDb        *db,
                             const char    *workspace_id,
                             CcalSettings  *settings,
                             gint64         if_match,
                             GError       **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(CcalSettings) current = NULL;
  g_autoptr(CcalSettings) stored = NULL;

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;

  current = read_settings (&lease, workspace_id, settings->admin_id, error);
  if (current == NULL)
    return NULL;
  if (if_match > 0 && if_match != current->version)
    {
      ccal_db_set_version_conflict (error, current->version);
      return NULL;
    }

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "INSERT INTO booking_settings (admin_id, workspace_id, timezone, "
                                         "slot_minutes, buffer_before_minutes, buffer_after_minutes, min_notice_minutes, "
                                         "max_advance_days, version, updated_at) "
                                         "VALUES (:admin, :ws, :tz, :slot, :before, :after, :notice, :advance, "
                                         ":version, :now) "
                                         "ON CONFLICT (admin_id) DO UPDATE SET timezone = excluded.timezone, "
                                         "slot_minutes = excluded.slot_minutes, "
                                         "buffer_before_minutes = excluded.buffer_before_minutes, "
                                         "buffer_after_minutes = excluded.buffer_after_minutes, "
                                         "min_notice_minutes = excluded.min_notice_minutes, "
                                         "max_advance_days = excluded.max_advance_days, "
                                         "version = excluded.version, updated_at = excluded.updated_at",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":admin", settings->admin_id);
    bind_text (stmt, ":ws", workspace_id);
    bind_text (stmt, ":tz", settings->timezone != NULL ? settings->timezone : "UTC");
    bind_int64 (stmt, ":slot", settings->slot_minutes);
    bind_int64 (stmt, ":before", settings->buffer_before_minutes);
    bind_int64 (stmt, ":after", settings->buffer_after_minutes);
    bind_int64 (stmt, ":notice", settings->min_notice_minutes);
    bind_int64 (stmt, ":advance", settings->max_advance_days);
    bind_int64 (stmt, ":version", current->version + 1);
    bind_int64 (stmt, ":now", g_get_real_time ());
    if (!stmt_run (&lease, stmt, error))
      return NULL;
  }

  stored = read_settings (&lease, workspace_id, settings->admin_id, error);
  if (stored == NULL || !tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

/* Events */

#define EVENT_COLUMNS \
  "e.id, e.workspace_id, e.admin_id, e.title, e.type, e.start_time, e.end_time, e.is_all_day, e.timezone, " \
  "e.rrule, e.exdates, e.description, e.location, e.status, e.contact_id, e.metadata, e.created_by, " \
  "e.created_at, e.updated_at, e.version, e.deleted_at, e.change_seq"
#define EVENT_COL_CHANGE_SEQ 21

static char *
exdates_to_text (GArray *exdates)
{
  GString *text;

  if (exdates == NULL || exdates->len == 0)
    return NULL;
  text = g_string_new (NULL);
  for (guint i = 0; i < exdates->len; i++)
    g_string_append_printf (text, "%s%" G_GINT64_FORMAT, i > 0 ? "," : "", g_array_index (exdates, gint64, i));
  return g_string_free (text, FALSE);
}

static void
exdates_from_text (GArray     *exdates,
                   const char *text)
{
  g_auto(GStrv) parts = NULL;

  if (text == NULL || text[0] == '\0')
    return;
  parts = g_strsplit (text, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      gint64 value;

      if (g_ascii_string_to_signed (parts[i], 10, G_MININT64, G_MAXINT64, &value, NULL))
        g_array_append_val (exdates, value);
    }
}

static char *
metadata_to_text (JsonObject *metadata)
{
  g_autoptr(JsonNode) node = NULL;

  if (metadata == NULL)
    return g_strdup ("{}");
  node = json_node_init_object (json_node_alloc (), metadata);
  return json_to_string (node, FALSE);
}

static JsonObject *
metadata_from_text (const char *text)
{
  g_autoptr(JsonNode) node = NULL;

  if (text != NULL)
    node = json_from_string (text, NULL);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_object_ref (json_node_get_object (node));
  return json_object_new ();
}

static gpointer
event_from_row (Stmt *stmt)
{
  CcalEvent *event = ccal_event_new ();
  g_autofree char *type = col_strdup (stmt, 4);
  g_autofree char *status = col_strdup (stmt, 13);

  col_set_str (&event->id, stmt, 0);
  col_set_str (&event->workspace_id, stmt, 1);
  col_set_str (&event->admin_id, stmt, 2);
  col_set_str (&event->title, stmt, 3);
  if (!ccal_event_type_from_string (type, &event->type))
    event->type = CCAL_EVENT_TYPE_EVENT;
  event->start_time = sqlite3_column_int64 (stmt, 5);
  event->end_time = sqlite3_column_int64 (stmt, 6);
  event->is_all_day = sqlite3_column_int (stmt, 7) != 0;
  col_set_str (&event->timezone, stmt, 8);
  col_set_str (&event->rrule, stmt, 9);
  if (event->exdates == NULL)
    event->exdates = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_set_size (event->exdates, 0);
  exdates_from_text (event->exdates, (const char *) sqlite3_column_text (stmt, 10));
  col_set_str (&event->description, stmt, 11);
  col_set_str (&event->location, stmt, 12);
  if (!ccal_event_status_from_string (status, &event->status))
    event->status = CCAL_EVENT_STATUS_PENDING;
  col_set_str (&event->contact_id, stmt, 14);
  g_clear_pointer (&event->metadata, json_object_unref);
  event->metadata = metadata_from_text ((const char *) sqlite3_column_text (stmt, 15));
  col_set_str (&event->created_by, stmt, 16);
  event->created_at = sqlite3_column_int64 (stmt, 17);
  event->updated_at = sqlite3_column_int64 (stmt, 18);
  event->version = sqlite3_column_int64 (stmt, 19);
  event->deleted = !col_is_null (stmt, 20);
  return event;
}

static CcalEvent *
read_event (Lease       *lease,
            const char  *workspace_id,
            const char  *id,
            GError     **error)
{
  g_autoptr(Stmt) stmt = stmt_prepare (lease,
                                       "SELECT " EVENT_COLUMNS " FROM calendar_events e "
                                       "WHERE e.id = :id AND e.workspace_id = :ws AND e.deleted_at IS NULL",
                                       error);
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, ":id", id);
  bind_text (stmt, ":ws", workspace_id);
  rc = stmt_step (lease, stmt, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      ccal_db_set_not_found (error, "Event");
      return NULL;
    }
  return event_from_row (stmt);
}

/* The admin and the contact an event names must belong to its workspace. */
static gboolean
check_event_references (Lease      *lease,
                        CcalEvent  *event,
                        GError    **error)
{
  int rc;

  if (!check_user_in_workspace (lease, event->workspace_id, event->admin_id, "Admin", error))
    return FALSE;
  if (event->contact_id != NULL)
    {
      g_autoptr(Stmt) stmt = stmt_prepare (lease, "SELECT 1 FROM contacts WHERE id = :id AND workspace_id = :ws",
                                           error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, ":id", event->contact_id);
      bind_text (stmt, ":ws", event->workspace_id);
      rc = stmt_step (lease, stmt, error);
      if (rc < 0)
        return FALSE;
      if (rc == SQLITE_DONE)
        {
          ccal_db_set_not_found (error, "Contact");
          return FALSE;
        }
    }
  return TRUE;
}

/* Binds the fields an insert and an update of an event both write. */
static void
bind_event_fields (Stmt      *stmt,
                   CcalEvent *event)
{
  g_autofree char *exdates = exdates_to_text (event->exdates);
  g_autofree char *metadata = metadata_to_text (event->metadata);

  bind_text (stmt, ":admin", event->admin_id);
  bind_text (stmt, ":title", event->title);
  bind_text (stmt, ":type", ccal_event_type_to_string (event->type));
  bind_int64 (stmt, ":start", event->start_time);
  bind_int64 (stmt, ":end", event->end_time);
  bind_int64 (stmt, ":series_end", ccal_db_event_series_end (event));
  bind_int64 (stmt, ":all_day", event->is_all_day ? 1 : 0);
  bind_text (stmt, ":tz", event->timezone);
  bind_text (stmt, ":rrule", event->rrule != NULL && event->rrule[0] != '\0' ? event->rrule : NULL);
  bind_text (stmt, ":exdates", exdates);
  bind_text (stmt, ":description", event->description);
  bind_text (stmt, ":location", event->location);
  bind_text (stmt, ":status", ccal_event_status_to_string (event->status));
  bind_text (stmt, ":contact", event->contact_id);
  bind_text (stmt, ":metadata", metadata);
}

static CcalEvent *
ccal_db_sqlite_get_event (CcalDb      *db,
                          const char  *workspace_id,
                          const char  *id,
                          GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };

  if (!lease_acquire (self, &lease, error))
    return NULL;
  return read_event (&lease, workspace_id, id, error);
}

static CcalEvent *
ccal_db_sqlite_insert_event (CcalDb     *db,
                             CcalEvent  *event,
                             GError    **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autofree char *id = event->id != NULL ? g_strdup (event->id) : g_uuid_string_random ();
  g_autoptr(CcalEvent) stored = NULL;
  gint64 now = g_get_real_time ();
  gint64 seq;

  if (event->end_time <= event->start_time)
    {
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID, "The event must end after it starts");
      return NULL;
    }
  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;
  if (!check_event_references (&lease, event, error) || !bump_change_seq (&lease, event->workspace_id, &seq, error))
    return NULL;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "INSERT INTO calendar_events (id, workspace_id, admin_id, title, type, "
                                         "start_time, end_time, series_end, is_all_day, timezone, rrule, exdates, "
                                         "description, location, status, contact_id, metadata, created_by, "
                                         "created_at, updated_at, version, change_seq) "
                                         "VALUES (:id, :ws, :admin, :title, :type, :start, :end, :series_end, "
                                         ":all_day, :tz, :rrule, :exdates, :description, :location, :status, "
                                         ":contact, :metadata, :created_by, :now, :now, 1, :seq)",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":id", id);
    bind_text (stmt, ":ws", event->workspace_id);
    bind_event_fields (stmt, event);
    bind_text (stmt, ":created_by", event->created_by);
    bind_int64 (stmt, ":now", now);
    bind_int64 (stmt, ":seq", seq);
    if (!stmt_run (&lease, stmt, error))
      return NULL;
  }

  stored = read_event (&lease, event->workspace_id, id, error);
  if (stored == NULL || !tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

/* The stored version of a live row of @table; NOT_FOUND for a missing or deleted one. */
static gboolean
read_live_version (Lease       *lease,
                   const char  *sql,
                   const char  *workspace_id,
                   const char  *id,
                   const char  *what,
                   gint64      *out_version,
                   GError     **error)
{
  g_autoptr(Stmt) stmt = stmt_prepare (lease, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":id", id);
  bind_text (stmt, ":ws", workspace_id);
  rc = stmt_step (lease, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      ccal_db_set_not_found (error, what);
      return FALSE;
    }
  *out_version = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

#define EVENT_VERSION_SQL \
  "SELECT version FROM calendar_events WHERE id = :id AND workspace_id = :ws AND deleted_at IS NULL"

static CcalEvent *
ccal_db_sqlite_update_event (CcalDb     *db,
                             CcalEvent  *event,
                             gint64      if_match,
                             GError    **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(CcalEvent) stored = NULL;
  gint64 version, seq;

  if (event->end_time <= event->start_time)
    {
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID, "The event must end after it starts");
      return NULL;
    }
  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;
  if (!read_live_version (&lease, EVENT_VERSION_SQL, event->workspace_id, event->id, "Event", &version, error))
    return NULL;
  if (if_match > 0 && if_match != version)
    {
      ccal_db_set_version_conflict (error, version);
      return NULL;
    }
  if (!check_event_references (&lease, event, error) || !bump_change_seq (&lease, event->workspace_id, &seq, error))
    return NULL;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "UPDATE calendar_events SET admin_id = :admin, title = :title, type = :type, "
                                         "start_time = :start, end_time = :end, series_end = :series_end, "
                                         "is_all_day = :all_day, timezone = :tz, rrule = :rrule, exdates = :exdates, "
                                         "description = :description, location = :location, status = :status, "
                                         "contact_id = :contact, metadata = :metadata, updated_at = :now, "
                                         "version = version + 1, change_seq = :seq "
                                         "WHERE id = :id AND workspace_id = :ws",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":id", event->id);
    bind_text (stmt, ":ws", event->workspace_id);
    bind_event_fields (stmt, event);
    bind_int64 (stmt, ":now", g_get_real_time ());
    bind_int64 (stmt, ":seq", seq);
    if (!stmt_run (&lease, stmt, error))
      return NULL;
  }

  stored = read_event (&lease, event->workspace_id, event->id, error);
  if (stored == NULL || !tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

static gboolean
ccal_db_sqlite_delete_event (CcalDb      *db,
                             const char  *workspace_id,
                             const char  *id,
                             gint64       if_match,
                             GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  gint64 version, seq, now = g_get_real_time ();

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return FALSE;
  if (!read_live_version (&lease, EVENT_VERSION_SQL, workspace_id, id, "Event", &version, error))
    return FALSE;
  if (if_match > 0 && if_match != version)
    {
      ccal_db_set_version_conflict (error, version);
      return FALSE;
    }
  if (!bump_change_seq (&lease, workspace_id, &seq, error))
    return FALSE;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "UPDATE calendar_events SET deleted_at = :now, updated_at = :now, "
                                         "version = version + 1, change_seq = :seq "
                                         "WHERE id = :id AND workspace_id = :ws",
                                         error);
    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, ":id", id);
    bind_text (stmt, ":ws", workspace_id);
    bind_int64 (stmt, ":now", now);
    bind_int64 (stmt, ":seq", seq);
    if (!stmt_run (&lease, stmt, error))
      return FALSE;
  }
  return tx_commit (&lease, error);
}

/* Bookings: reading */

#define BOOKING_SELECT \
  "SELECT a.id, a.workspace_id, a.admin_id, a.title, a.description, a.start_time, a.end_time, " \
  "a.duration_minutes, a.location, a.meeting_link, a.product_interest, a.status, a.source, a.created_by, " \
  "a.updated_by, a.created_at, a.updated_at, a.version, a.deleted_at, a.change_seq, " \
  "c.id, c.name, c.email, c.phone, c.timezone, r.outcome, r.notes, o.opportunity_id " \
  "FROM appointments a JOIN contacts c ON c.id = a.contact_id " \
  "LEFT JOIN appointment_results r ON r.appointment_id = a.id " \
  "LEFT JOIN opportunity_appointments o ON o.appointment_id = a.id "
#define BOOKING_COL_CHANGE_SEQ 19

static gpointer
booking_from_row (Stmt *stmt)
{
  CcalBooking *booking = ccal_booking_new ();
  CcalContact *contact = ccal_contact_new ();
  g_autofree char *status = col_strdup (stmt, 11);
  g_autofree char *source = col_strdup (stmt, 12);

  col_set_str (&booking->id, stmt, 0);
  col_set_str (&booking->workspace_id, stmt, 1);
  col_set_str (&booking->admin_id, stmt, 2);
  col_set_str (&booking->title, stmt, 3);
  col_set_str (&booking->description, stmt, 4);
  booking->start_time = sqlite3_column_int64 (stmt, 5);
  booking->end_time = sqlite3_column_int64 (stmt, 6);
  booking->duration_minutes = sqlite3_column_int (stmt, 7);
  col_set_str (&booking->location, stmt, 8);
  col_set_str (&booking->meeting_link, stmt, 9);
  col_set_str (&booking->product_interest, stmt, 10);
  if (!ccal_booking_status_from_string (status, &booking->status))
    booking->status = CCAL_BOOKING_STATUS_PENDING;
  if (!ccal_booking_source_from_string (source, &booking->source))
    booking->source = CCAL_BOOKING_SOURCE_PUBLIC;
  col_set_str (&booking->created_by, stmt, 13);
  col_set_str (&booking->updated_by, stmt, 14);
  booking->created_at = sqlite3_column_int64 (stmt, 15);
  booking->updated_at = sqlite3_column_int64 (stmt, 16);
  booking->version = sqlite3_column_int64 (stmt, 17);
  booking->deleted = !col_is_null (stmt, 18);

  col_set_str (&contact->id, stmt, 20);
  col_set_str (&contact->workspace_id, stmt, 1);
  col_set_str (&contact->name, stmt, 21);
  col_set_str (&contact->email, stmt, 22);
  col_set_str (&contact->phone, stmt, 23);
  col_set_str (&contact->timezone, stmt, 24);
  g_clear_object (&booking->contact);
  booking->contact = contact;

  col_set_str (&booking->result_outcome, stmt, 25);
  col_set_str (&booking->result_notes, stmt, 26);
  col_set_str (&booking->opportunity_id, stmt, 27);
  return booking;
}

static CcalBooking *
read_booking (Lease       *lease,
              const char  *workspace_id,
              const char  *id,
              GError     **error)
{
  g_autoptr(Stmt) stmt = stmt_prepare (lease,
                                       BOOKING_SELECT "WHERE a.id = :id AND a.workspace_id = :ws "
                                       "AND a.deleted_at IS NULL",
                                       error);
  int rc;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, ":id", id);
  bind_text (stmt, ":ws", workspace_id);
  rc = stmt_step (lease, stmt, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      ccal_db_set_not_found (error, "Booking");
      return NULL;
    }
  return booking_from_row (stmt);
}

static CcalBooking *
ccal_db_sqlite_get_booking (CcalDb      *db,
                            const char  *workspace_id,
                            const char  *id,
                            GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };

  if (!lease_acquire (self, &lease, error))
    return NULL;
  return read_booking (&lease, workspace_id, id, error);
}

static gboolean
booking_exists (Lease       *lease,
                const char  *workspace_id,
                const char  *id,
                GError     **error)
{
  gint64 version;

  return read_live_version (lease,
                            "SELECT version FROM appointments WHERE id = :id AND workspace_id = :ws "
                            "AND deleted_at IS NULL",
                            workspace_id, id, "Booking", &version, error);
}

/* Schedule */

static gboolean
append_busy (Lease       *lease,
             const char  *sql,
             const char  *workspace_id,
             const char  *admin_id,
             gint64       from,
             gint64       to,
             const char  *ignore_id,
             GArray      *busy,
             GError     **error)
{
  g_autoptr(Stmt) stmt = stmt_prepare (lease, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":ws", workspace_id);
  bind_text (stmt, ":admin", admin_id);
  bind_int64 (stmt, ":min_start", ccal_db_range_min_start (from));
  bind_int64 (stmt, ":from", from);
  bind_int64 (stmt, ":to", to);
  bind_text (stmt, ":ignore", ignore_id);
  bind_int64 (stmt, ":now", g_get_real_time ());
  while ((rc = stmt_step (lease, stmt, error)) == SQLITE_ROW)
    {
      CcalInterval interval = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

      g_array_append_val (busy, interval);
    }
  return rc == SQLITE_DONE;
}

/* Bookings that occupy time. start_time ≥ from − the longest booking keeps this a short index range
 * however long the admin's history is. */
#define BUSY_BOOKINGS_SQL \
  "SELECT start_time, end_time FROM appointments " \
  "WHERE workspace_id = :ws AND admin_id = :admin AND deleted_at IS NULL AND status <> 'cancelled' " \
  "AND start_time >= :min_start AND start_time < :to AND end_time > :from AND id IS NOT :ignore"
#define BUSY_HOLDS_SQL \
  "SELECT start_time, end_time FROM holds " \
  "WHERE workspace_id = :ws AND admin_id = :admin AND start_time >= :min_start AND start_time < :to " \
  "AND end_time > :from AND expires_at > :now AND id IS NOT :ignore"

static gboolean
load_schedule_in (Lease           *lease,
                  const char      *workspace_id,
                  const char      *admin_id,
                  gint64           from,
                  gint64           to,
                  const char      *ignore_hold_id,
                  const char      *ignore_booking_id,
                  CcalDbSchedule  *out,
                  GError         **error)
{
  g_autoptr(CcalSettings) settings = NULL;
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (CcalInterval));

  settings = read_settings (lease, workspace_id, admin_id, error);
  if (settings == NULL)
    return FALSE;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (lease,
                                         "SELECT " EVENT_COLUMNS " FROM calendar_events e "
                                         "WHERE e.admin_id = :admin AND e.deleted_at IS NULL AND e.series_end > :from "
                                         "AND e.start_time < :to AND e.workspace_id = :ws "
                                         "AND e.status <> 'cancelled'",
                                         error);
    int rc;

    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, ":admin", admin_id);
    bind_text (stmt, ":ws", workspace_id);
    bind_int64 (stmt, ":from", from);
    bind_int64 (stmt, ":to", to);
    while ((rc = stmt_step (lease, stmt, error)) == SQLITE_ROW)
      g_ptr_array_add (events, event_from_row (stmt));
    if (rc != SQLITE_DONE)
      return FALSE;
  }

  if (!append_busy (lease, BUSY_BOOKINGS_SQL, workspace_id, admin_id, from, to, ignore_booking_id, busy, error) ||
      !append_busy (lease, BUSY_HOLDS_SQL, workspace_id, admin_id, from, to, ignore_hold_id, busy, error))
    return FALSE;

  ccal_db_schedule_clear (out);
  out->settings = g_steal_pointer (&settings);
  out->events = g_steal_pointer (&events);
  out->busy = g_steal_pointer (&busy);
  return TRUE;
}

static gboolean
ccal_db_sqlite_load_schedule (CcalDb          *db,
                              const char      *workspace_id,
                              const char      *admin_id,
                              gint64           from,
                              gint64           to,
                              const char      *ignore_hold_id,
                              CcalDbSchedule  *out,
                              GError         **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  CcalDbSchedule schedule = { 0 };

  if (!lease_acquire (self, &lease, error) || !tx_begin_read (&lease, error))
    return FALSE;
  if (!load_schedule_in (&lease, workspace_id, admin_id, from, to, ignore_hold_id, NULL, &schedule, error) ||
      !tx_commit (&lease, error))
    {
      ccal_db_schedule_clear (&schedule);
      return FALSE;
    }
  *out = schedule;
  return TRUE;
}

/* Loads the schedule for [from, to) and asks @check about @slot. */
static gboolean
run_slot_check (Lease            *lease,
                const char       *workspace_id,
                const char       *admin_id,
                gint64            from,
                gint64            to,
                const char       *ignore_hold_id,
                const char       *ignore_booking_id,
                const CcalInterval *slot,
                CcalDbSlotCheck   check,
                gpointer          check_data,
                GError          **error)
{
  CcalDbSchedule schedule = { 0 };
  gboolean ok;

  if (!load_schedule_in (lease, workspace_id, admin_id, from, to, ignore_hold_id, ignore_booking_id, &schedule, error))
    return FALSE;
  ok = check (&schedule, slot, check_data, error);
  ccal_db_schedule_clear (&schedule);
  return ok;
}

/* The guarantee that does not depend on the caller's check: SLOT_UNAVAILABLE when a row of
 * @sql overlaps [start, end). */
static gboolean
refuse_overlap (Lease       *lease,
                const char  *sql,
                const char  *workspace_id,
                const char  *admin_id,
                gint64       start,
                gint64       end,
                const char  *ignore_id,
                GError     **error)
{
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (CcalInterval));

  if (!append_busy (lease, sql, workspace_id, admin_id, start, end, ignore_id, busy, error))
    return FALSE;
  if (busy->len > 0)
    {
      ccal_db_set_slot_unavailable (error);
      return FALSE;
    }
  return TRUE;
}

/* Holds */

static void
purge_expired_holds (Lease *lease)
{
  g_autoptr(Stmt) stmt = stmt_prepare (lease, "DELETE FROM holds WHERE expires_at <= :now", NULL);

  if (stmt == NULL)
    return;
  bind_int64 (stmt, ":now", g_get_real_time ());
  stmt_run (lease, stmt, NULL);
}

static CcalDbHold *
ccal_db_sqlite_insert_hold (CcalDb           *db,
                            const char       *workspace_id,
                            CcalDbHold       *hold,
                            gint64            from,
                            gint64            to,
                            CcalDbSlotCheck   check,
                            gpointer          check_data,
                            GError          **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(CcalDbHold) stored = NULL;
  CcalInterval slot = { hold->start_time, hold->end_time };
  gint64 now = g_get_real_time ();

  if (!ccal_db_check_span (hold->start_time, hold->end_time, "hold", error))
    return NULL;
  if (hold->expires_at <= now)
    {
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID, "The hold would expire at once");
      return NULL;
    }
  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;
  if (!check_user_in_workspace (&lease, workspace_id, hold->admin_id, "Admin", error))
    return NULL;
  purge_expired_holds (&lease);
  if (check != NULL &&
      !run_slot_check (&lease, workspace_id, hold->admin_id, from, to, NULL, NULL, &slot, check, check_data, error))
    return NULL;
  if (!refuse_overlap (&lease, BUSY_BOOKINGS_SQL, workspace_id, hold->admin_id, slot.start, slot.end, NULL, error) ||
      !refuse_overlap (&lease, BUSY_HOLDS_SQL, workspace_id, hold->admin_id, slot.start, slot.end, NULL, error))
    return NULL;

  stored = g_new0 (CcalDbHold, 1);
  stored->id = hold->id != NULL ? g_strdup (hold->id) : g_uuid_string_random ();
  stored->admin_id = g_strdup (hold->admin_id);
  stored->created_by = g_strdup (hold->created_by);
  stored->start_time = hold->start_time;
  stored->end_time = hold->end_time;
  stored->expires_at = hold->expires_at;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "INSERT INTO holds (id, workspace_id, admin_id, created_by, start_time, "
                                         "end_time, expires_at, created_at) "
                                         "VALUES (:id, :ws, :admin, :created_by, :start, :end, :expires, :now)",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":id", stored->id);
    bind_text (stmt, ":ws", workspace_id);
    bind_text (stmt, ":admin", stored->admin_id);
    bind_text (stmt, ":created_by", stored->created_by);
    bind_int64 (stmt, ":start", stored->start_time);
    bind_int64 (stmt, ":end", stored->end_time);
    bind_int64 (stmt, ":expires", stored->expires_at);
    bind_int64 (stmt, ":now", now);
    if (!stmt_run (&lease, stmt, error))
      return NULL;
  }

  if (!tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

static gboolean
delete_hold_in (Lease       *lease,
                const char  *workspace_id,
                const char  *hold_id,
                GError     **error)
{
  g_autoptr(Stmt) stmt = stmt_prepare (lease, "DELETE FROM holds WHERE id = :id AND workspace_id = :ws", error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":id", hold_id);
  bind_text (stmt, ":ws", workspace_id);
  if (!stmt_run (lease, stmt, error))
    return FALSE;
  if (sqlite3_changes (lease->conn->handle) == 0)
    {
      ccal_db_set_not_found (error, "Hold");
      return FALSE;
    }
  return TRUE;
}

static gboolean
ccal_db_sqlite_delete_hold (CcalDb      *db,
                            const char  *workspace_id,
                            const char  *hold_id,
                            GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return FALSE;
  if (!delete_hold_in (&lease, workspace_id, hold_id, error))
    return FALSE;
  return tx_commit (&lease, error);
}

/* Bookings: writing */

/* The id of the contact with @contact's e-mail in the workspace, created when there is none. An
 * existing contact keeps its name (a public form must not rename people); a phone or zone it lacks
 * is filled in. */
static char *
find_or_create_contact (Lease        *lease,
                        const char   *workspace_id,
                        CcalContact  *contact,
                        gint64        now,
                        GError      **error)
{
  g_autofree char *id = NULL;
  gboolean fill = FALSE;
  int rc;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (lease,
                                         "SELECT id, phone, timezone, deleted_at FROM contacts "
                                         "WHERE workspace_id = :ws AND lower(email) = lower(:email)",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":ws", workspace_id);
    bind_text (stmt, ":email", contact->email);
    rc = stmt_step (lease, stmt, error);
    if (rc < 0)
      return NULL;
    if (rc == SQLITE_ROW)
      {
        id = col_strdup (stmt, 0);
        fill = (col_is_null (stmt, 1) && contact->phone != NULL && contact->phone[0] != '\0') ||
               (col_is_null (stmt, 2) && contact->timezone != NULL) || !col_is_null (stmt, 3);
      }
  }

  if (id != NULL && fill)
    {
      g_autoptr(Stmt) stmt = stmt_prepare (lease,
                                           "UPDATE contacts SET phone = coalesce(phone, :phone), "
                                           "timezone = coalesce(timezone, :tz), deleted_at = NULL, updated_at = :now "
                                           "WHERE id = :id",
                                           error);
      if (stmt == NULL)
        return NULL;
      bind_text (stmt, ":id", id);
      bind_text (stmt, ":phone", contact->phone != NULL && contact->phone[0] != '\0' ? contact->phone : NULL);
      bind_text (stmt, ":tz", contact->timezone);
      bind_int64 (stmt, ":now", now);
      if (!stmt_run (lease, stmt, error))
        return NULL;
    }
  else if (id == NULL)
    {
      g_autoptr(Stmt) stmt = stmt_prepare (lease,
                                           "INSERT INTO contacts (id, workspace_id, name, email, phone, timezone, "
                                           "created_at, updated_at) "
                                           "VALUES (:id, :ws, :name, :email, :phone, :tz, :now, :now)",
                                           error);
      if (stmt == NULL)
        return NULL;
      id = g_uuid_string_random ();
      bind_text (stmt, ":id", id);
      bind_text (stmt, ":ws", workspace_id);
      bind_text (stmt, ":name", contact->name != NULL ? contact->name : contact->email);
      bind_text (stmt, ":email", contact->email);
      bind_text (stmt, ":phone", contact->phone != NULL && contact->phone[0] != '\0' ? contact->phone : NULL);
      bind_text (stmt, ":tz", contact->timezone);
      bind_int64 (stmt, ":now", now);
      if (!stmt_run (lease, stmt, error))
        return NULL;
    }
  return g_steal_pointer (&id);
}

static gboolean
append_history (Lease       *lease,
                const char  *booking_id,
                const char  *from_status,
                const char  *to_status,
                const char  *changed_by,
                gint64       changed_at,
                const char  *reason,
                GError     **error)
{
  g_autoptr(Stmt) stmt = stmt_prepare (lease,
                                       "INSERT INTO appointment_status_history (appointment_id, from_status, "
                                       "to_status, changed_by, changed_at, reason) "
                                       "VALUES (:id, :from, :to, :by, :at, :reason)",
                                       error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":id", booking_id);
  bind_text (stmt, ":from", from_status);
  bind_text (stmt, ":to", to_status);
  bind_text (stmt, ":by", changed_by);
  bind_int64 (stmt, ":at", changed_at);
  bind_text (stmt, ":reason", reason);
  return stmt_run (lease, stmt, error);
}

/* Links (or unlinks, @opportunity_id NULL) the booking's opportunity. */
static gboolean
set_opportunity (Lease       *lease,
                 const char  *booking_id,
                 const char  *opportunity_id,
                 gint64       now,
                 GError     **error)
{
  g_autoptr(Stmt) stmt = NULL;

  if (opportunity_id == NULL || opportunity_id[0] == '\0')
    stmt = stmt_prepare (lease, "DELETE FROM opportunity_appointments WHERE appointment_id = :id", error);
  else
    stmt = stmt_prepare (lease,
                         "INSERT INTO opportunity_appointments (appointment_id, opportunity_id, linked_at) "
                         "VALUES (:id, :opportunity, :now) ON CONFLICT (appointment_id) DO UPDATE SET "
                         "opportunity_id = excluded.opportunity_id, linked_at = excluded.linked_at",
                         error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":id", booking_id);
  bind_text (stmt, ":opportunity", opportunity_id);
  bind_int64 (stmt, ":now", now);
  return stmt_run (lease, stmt, error);
}

static int
booking_duration_minutes (CcalBooking *booking)
{
  if (booking->duration_minutes > 0)
    return booking->duration_minutes;
  return (int) ((booking->end_time - booking->start_time) / CCAL_USEC_PER_MINUTE);
}

/* Inserts the appointment row, its opportunity link and its creation history entry. */
static gboolean
insert_booking_row (Lease        *lease,
                    CcalBooking  *booking,
                    const char   *id,
                    const char   *contact_id,
                    gint64        now,
                    GError      **error)
{
  const char *status = ccal_booking_status_to_string (booking->status);
  gint64 created_at = booking->created_at != 0 ? booking->created_at : now;
  gint64 updated_at = booking->updated_at != 0 ? booking->updated_at : created_at;
  gint64 seq;

  if (!bump_change_seq (lease, booking->workspace_id, &seq, error))
    return FALSE;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (lease,
                                         "INSERT INTO appointments (id, workspace_id, admin_id, contact_id, title, "
                                         "description, start_time, end_time, duration_minutes, location, "
                                         "meeting_link, product_interest, status, source, created_by, updated_by, "
                                         "created_at, updated_at, version, change_seq) "
                                         "VALUES (:id, :ws, :admin, :contact, :title, :description, :start, :end, "
                                         ":duration, :location, :link, :interest, :status, :source, :created_by, "
                                         ":updated_by, :created_at, :updated_at, 1, :seq)",
                                         error);
    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, ":id", id);
    bind_text (stmt, ":ws", booking->workspace_id);
    bind_text (stmt, ":admin", booking->admin_id);
    bind_text (stmt, ":contact", contact_id);
    bind_text (stmt, ":title", booking->title);
    bind_text (stmt, ":description", booking->description);
    bind_int64 (stmt, ":start", booking->start_time);
    bind_int64 (stmt, ":end", booking->end_time);
    bind_int64 (stmt, ":duration", booking_duration_minutes (booking));
    bind_text (stmt, ":location", booking->location);
    bind_text (stmt, ":link", booking->meeting_link);
    bind_text (stmt, ":interest", booking->product_interest);
    bind_text (stmt, ":status", status);
    bind_text (stmt, ":source", ccal_booking_source_to_string (booking->source));
    bind_text (stmt, ":created_by", booking->created_by);
    bind_text (stmt, ":updated_by", booking->updated_by != NULL ? booking->updated_by : booking->created_by);
    bind_int64 (stmt, ":created_at", created_at);
    bind_int64 (stmt, ":updated_at", updated_at);
    bind_int64 (stmt, ":seq", seq);
    if (!stmt_run (lease, stmt, error))
      return FALSE;
  }

  if (booking->opportunity_id != NULL && booking->opportunity_id[0] != '\0' &&
      !set_opportunity (lease, id, booking->opportunity_id, now, error))
    return FALSE;
  return append_history (lease, id, NULL, status, booking->created_by, created_at, NULL, error);
}

/* The id of a live hold of the booking's admin overlapping the booking, or NULL. */
static gboolean
find_usable_hold (Lease        *lease,
                  CcalBooking  *booking,
                  const char   *hold_id,
                  char        **out_id,
                  GError      **error)
{
  g_autoptr(Stmt) stmt = NULL;
  int rc;

  *out_id = NULL;
  if (hold_id == NULL)
    return TRUE;
  stmt = stmt_prepare (lease,
                       "SELECT id FROM holds WHERE id = :id AND workspace_id = :ws AND admin_id = :admin "
                       "AND expires_at > :now AND start_time < :end AND end_time > :start",
                       error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":id", hold_id);
  bind_text (stmt, ":ws", booking->workspace_id);
  bind_text (stmt, ":admin", booking->admin_id);
  bind_int64 (stmt, ":now", g_get_real_time ());
  bind_int64 (stmt, ":start", booking->start_time);
  bind_int64 (stmt, ":end", booking->end_time);
  rc = stmt_step (lease, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_ROW)
    *out_id = col_strdup (stmt, 0);
  return TRUE;
}

static CcalBooking *
ccal_db_sqlite_insert_booking (CcalDb           *db,
                               CcalBooking      *booking,
                               const char       *hold_id,
                               gint64            from,
                               gint64            to,
                               CcalDbSlotCheck   check,
                               gpointer          check_data,
                               GError          **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autofree char *id = booking->id != NULL ? g_strdup (booking->id) : g_uuid_string_random ();
  g_autofree char *live_hold = NULL;
  g_autofree char *contact_id = NULL;
  g_autoptr(CcalBooking) stored = NULL;
  CcalInterval slot = { booking->start_time, booking->end_time };
  gint64 now = g_get_real_time ();

  if (!ccal_db_check_span (booking->start_time, booking->end_time, "booking", error))
    return NULL;
  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;
  if (!check_user_in_workspace (&lease, booking->workspace_id, booking->admin_id, "Admin", error) ||
      !find_usable_hold (&lease, booking, hold_id, &live_hold, error))
    return NULL;
  if (check != NULL && !run_slot_check (&lease, booking->workspace_id, booking->admin_id, from, to, live_hold, NULL,
                                        &slot, check, check_data, error))
    return NULL;
  if (ccal_booking_status_is_busy (booking->status) &&
      !refuse_overlap (&lease, BUSY_BOOKINGS_SQL, booking->workspace_id, booking->admin_id, slot.start, slot.end, NULL,
                       error))
    return NULL;

  contact_id = find_or_create_contact (&lease, booking->workspace_id, booking->contact, now, error);
  if (contact_id == NULL || !insert_booking_row (&lease, booking, id, contact_id, now, error))
    return NULL;
  if (live_hold != NULL && !delete_hold_in (&lease, booking->workspace_id, live_hold, error))
    return NULL;

  stored = read_booking (&lease, booking->workspace_id, id, error);
  if (stored == NULL || !tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

static CcalBooking *
ccal_db_sqlite_update_booking (CcalDb           *db,
                               CcalBooking      *booking,
                               gint64            if_match,
                               const char       *reason,
                               gboolean          rescheduled,
                               gint64            from,
                               gint64            to,
                               CcalDbSlotCheck   check,
                               gpointer          check_data,
                               GError          **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(CcalBooking) current = NULL;
  g_autoptr(CcalBooking) stored = NULL;
  CcalInterval slot = { booking->start_time, booking->end_time };
  const char *ws = booking->workspace_id;
  gboolean times_changed;
  gint64 now = g_get_real_time ();
  gint64 seq;

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;
  current = read_booking (&lease, ws, booking->id, error);
  if (current == NULL)
    return NULL;
  if (if_match > 0 && if_match != current->version)
    {
      ccal_db_set_version_conflict (error, current->version);
      return NULL;
    }

  times_changed = current->start_time != booking->start_time || current->end_time != booking->end_time;
  if ((times_changed || rescheduled) && !ccal_db_check_span (booking->start_time, booking->end_time, "booking", error))
    return NULL;
  if (rescheduled && check != NULL &&
      !run_slot_check (&lease, ws, current->admin_id, from, to, NULL, booking->id, &slot, check, check_data, error))
    return NULL;
  if (ccal_booking_status_is_busy (booking->status) &&
      (times_changed || !ccal_booking_status_is_busy (current->status)) &&
      !refuse_overlap (&lease, BUSY_BOOKINGS_SQL, ws, current->admin_id, slot.start, slot.end, booking->id, error))
    return NULL;

  if (!bump_change_seq (&lease, ws, &seq, error))
    return NULL;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "UPDATE appointments SET title = :title, description = :description, "
                                         "start_time = :start, end_time = :end, duration_minutes = :duration, "
                                         "location = :location, meeting_link = :link, product_interest = :interest, "
                                         "status = :status, updated_by = :updated_by, updated_at = :now, "
                                         "version = version + 1, change_seq = :seq "
                                         "WHERE id = :id AND workspace_id = :ws",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":id", booking->id);
    bind_text (stmt, ":ws", ws);
    bind_text (stmt, ":title", booking->title);
    bind_text (stmt, ":description", booking->description);
    bind_int64 (stmt, ":start", booking->start_time);
    bind_int64 (stmt, ":end", booking->end_time);
    bind_int64 (stmt, ":duration", booking_duration_minutes (booking));
    bind_text (stmt, ":location", booking->location);
    bind_text (stmt, ":link", booking->meeting_link);
    bind_text (stmt, ":interest", booking->product_interest);
    bind_text (stmt, ":status", ccal_booking_status_to_string (booking->status));
    bind_text (stmt, ":updated_by", booking->updated_by);
    bind_int64 (stmt, ":now", now);
    bind_int64 (stmt, ":seq", seq);
    if (!stmt_run (&lease, stmt, error))
      return NULL;
  }

  if (g_strcmp0 (current->opportunity_id, booking->opportunity_id) != 0 &&
      !set_opportunity (&lease, booking->id, booking->opportunity_id, now, error))
    return NULL;
  if (current->status != booking->status &&
      !append_history (&lease, booking->id, ccal_booking_status_to_string (current->status),
                       ccal_booking_status_to_string (booking->status), booking->updated_by, now, reason, error))
    return NULL;

  stored = read_booking (&lease, ws, booking->id, error);
  if (stored == NULL || !tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

static CcalBooking *
ccal_db_sqlite_set_result (CcalDb      *db,
                           const char  *workspace_id,
                           const char  *booking_id,
                           const char  *outcome,
                           const char  *notes,
                           const char  *user_id,
                           GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(CcalBooking) stored = NULL;
  gint64 now = g_get_real_time ();
  gint64 seq;

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;
  if (!booking_exists (&lease, workspace_id, booking_id, error) ||
      !bump_change_seq (&lease, workspace_id, &seq, error))
    return NULL;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "INSERT INTO appointment_results (appointment_id, outcome, notes, "
                                         "recorded_by, recorded_at) VALUES (:id, :outcome, :notes, :by, :now) "
                                         "ON CONFLICT (appointment_id) DO UPDATE SET outcome = excluded.outcome, "
                                         "notes = excluded.notes, recorded_by = excluded.recorded_by, "
                                         "recorded_at = excluded.recorded_at",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":id", booking_id);
    bind_text (stmt, ":outcome", outcome);
    bind_text (stmt, ":notes", notes);
    bind_text (stmt, ":by", user_id);
    bind_int64 (stmt, ":now", now);
    if (!stmt_run (&lease, stmt, error))
      return NULL;
  }

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "UPDATE appointments SET updated_by = :by, updated_at = :now, "
                                         "version = version + 1, change_seq = :seq "
                                         "WHERE id = :id AND workspace_id = :ws",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":id", booking_id);
    bind_text (stmt, ":ws", workspace_id);
    bind_text (stmt, ":by", user_id);
    bind_int64 (stmt, ":now", now);
    bind_int64 (stmt, ":seq", seq);
    if (!stmt_run (&lease, stmt, error))
      return NULL;
  }

  stored = read_booking (&lease, workspace_id, booking_id, error);
  if (stored == NULL || !tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

static GPtrArray *
ccal_db_sqlite_list_history (CcalDb      *db,
                             const char  *workspace_id,
                             const char  *booking_id,
                             GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ccal_db_history_entry_free);
  int rc;

  if (!lease_acquire (self, &lease, error) || !tx_begin_read (&lease, error))
    return NULL;
  if (!booking_exists (&lease, workspace_id, booking_id, error))
    return NULL;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "SELECT from_status, to_status, changed_by, changed_at, reason "
                                         "FROM appointment_status_history WHERE appointment_id = :id ORDER BY id",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":id", booking_id);
    while ((rc = stmt_step (&lease, stmt, error)) == SQLITE_ROW)
      {
        CcalDbHistoryEntry *entry = g_new0 (CcalDbHistoryEntry, 1);

        entry->from_status = col_strdup (stmt, 0);
        entry->to_status = col_strdup (stmt, 1);
        entry->changed_by = col_strdup (stmt, 2);
        entry->changed_at = sqlite3_column_int64 (stmt, 3);
        entry->reason = col_strdup (stmt, 4);
        g_ptr_array_add (entries, entry);
      }
    if (rc != SQLITE_DONE)
      return NULL;
  }

  if (!tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&entries);
}

static GPtrArray *
ccal_db_sqlite_list_follow_ups (CcalDb      *db,
                                const char  *workspace_id,
                                const char  *booking_id,
                                GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) ccal_db_follow_up_free);
  int rc;

  if (!lease_acquire (self, &lease, error) || !tx_begin_read (&lease, error))
    return NULL;
  if (!booking_exists (&lease, workspace_id, booking_id, error))
    return NULL;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "SELECT id, appointment_id, due_at, action, notes, done, created_by, "
                                         "created_at FROM appointment_follow_ups WHERE appointment_id = :id "
                                         "ORDER BY due_at, id",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":id", booking_id);
    while ((rc = stmt_step (&lease, stmt, error)) == SQLITE_ROW)
      {
        CcalDbFollowUp *item = g_new0 (CcalDbFollowUp, 1);

        item->id = col_strdup (stmt, 0);
        item->booking_id = col_strdup (stmt, 1);
        item->due_at = sqlite3_column_int64 (stmt, 2);
        item->action = col_strdup (stmt, 3);
        item->notes = col_strdup (stmt, 4);
        item->done = sqlite3_column_int (stmt, 5) != 0;
        item->created_by = col_strdup (stmt, 6);
        item->created_at = sqlite3_column_int64 (stmt, 7);
        g_ptr_array_add (items, item);
      }
    if (rc != SQLITE_DONE)
      return NULL;
  }

  if (!tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&items);
}

static CcalDbFollowUp *
ccal_db_sqlite_insert_follow_up (CcalDb          *db,
                                 const char      *workspace_id,
                                 CcalDbFollowUp  *follow_up,
                                 GError         **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(CcalDbFollowUp) stored = g_new0 (CcalDbFollowUp, 1);

  stored->id = follow_up->id != NULL ? g_strdup (follow_up->id) : g_uuid_string_random ();
  stored->booking_id = g_strdup (follow_up->booking_id);
  stored->due_at = follow_up->due_at;
  stored->action = g_strdup (follow_up->action);
  stored->notes = g_strdup (follow_up->notes);
  stored->done = follow_up->done;
  stored->created_by = g_strdup (follow_up->created_by);
  stored->created_at = g_get_real_time ();

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;
  if (!booking_exists (&lease, workspace_id, follow_up->booking_id, error))
    return NULL;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "INSERT INTO appointment_follow_ups (id, appointment_id, due_at, action, "
                                         "notes, done, created_by, created_at) "
                                         "VALUES (:id, :booking, :due, :action, :notes, :done, :by, :now)",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":id", stored->id);
    bind_text (stmt, ":booking", stored->booking_id);
    bind_int64 (stmt, ":due", stored->due_at);
    bind_text (stmt, ":action", stored->action);
    bind_text (stmt, ":notes", stored->notes);
    bind_int64 (stmt, ":done", stored->done ? 1 : 0);
    bind_text (stmt, ":by", stored->created_by);
    bind_int64 (stmt, ":now", stored->created_at);
    if (!stmt_run (&lease, stmt, error))
      return NULL;
  }

  if (!tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

static CcalDbFollowUp *
ccal_db_sqlite_update_follow_up_done (CcalDb      *db,
                                     const char  *workspace_id,
                                     const char  *booking_id,
                                     const char  *follow_up_id,
                                     gboolean     done,
                                     GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(CcalDbFollowUp) stored = NULL;
  int rc;

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;
  if (!booking_exists (&lease, workspace_id, booking_id, error))
    return NULL;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "UPDATE appointment_follow_ups SET done = :done "
                                         "WHERE id = :id AND appointment_id = :booking",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_int64 (stmt, ":done", done ? 1 : 0);
    bind_text (stmt, ":id", follow_up_id);
    bind_text (stmt, ":booking", booking_id);
    if (!stmt_run (&lease, stmt, error))
      return NULL;
    if (sqlite3_changes (lease.conn->handle) == 0)
      {
        ccal_db_set_not_found (error, "Follow-up");
        return NULL;
      }
  }

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "SELECT id, appointment_id, due_at, action, notes, done, created_by, "
                                         "created_at FROM appointment_follow_ups WHERE id = :id",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":id", follow_up_id);
    if ((rc = stmt_step (&lease, stmt, error)) != SQLITE_ROW)
      {
        if (rc == SQLITE_DONE)
          ccal_db_set_not_found (error, "Follow-up");
        return NULL;
      }
    stored = g_new0 (CcalDbFollowUp, 1);
    stored->id = col_strdup (stmt, 0);
    stored->booking_id = col_strdup (stmt, 1);
    stored->due_at = sqlite3_column_int64 (stmt, 2);
    stored->action = col_strdup (stmt, 3);
    stored->notes = col_strdup (stmt, 4);
    stored->done = sqlite3_column_int (stmt, 5) != 0;
    stored->created_by = col_strdup (stmt, 6);
    stored->created_at = sqlite3_column_int64 (stmt, 7);
  }

  if (!tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

static GPtrArray *
ccal_db_sqlite_list_bookings_in_range (CcalDb      *db,
                                       const char  *workspace_id,
                                       gint64       from,
                                       gint64       to,
                                       GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(Stmt) stmt = NULL;
  int rc;

  if (!lease_acquire (self, &lease, error))
    return NULL;
  stmt = stmt_prepare (&lease,
                       BOOKING_SELECT "WHERE a.workspace_id = :ws AND a.deleted_at IS NULL "
                       "AND a.start_time >= :from AND a.start_time < :to ORDER BY a.start_time, a.id",
                       error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, ":ws", workspace_id);
  bind_int64 (stmt, ":from", from);
  bind_int64 (stmt, ":to", to);
  while ((rc = stmt_step (&lease, stmt, error)) == SQLITE_ROW)
    g_ptr_array_add (items, booking_from_row (stmt));
  if (rc != SQLITE_DONE)
    return NULL;
  return g_steal_pointer (&items);
}

/* Lists */

typedef struct
{
  char          resource;        /* the cursor's resource letter */
  const char   *select;          /* SELECT … FROM … (aliases e or a) */
  const char   *alias;
  int           change_seq_col;
  gpointer    (*from_row) (Stmt *stmt);
} ListKind;

static const ListKind event_list = { 'e', "SELECT " EVENT_COLUMNS " FROM calendar_events e ", "e",
                                     EVENT_COL_CHANGE_SEQ, event_from_row };
static const ListKind booking_list = { 'b', BOOKING_SELECT, "a", BOOKING_COL_CHANGE_SEQ, booking_from_row };

/* Both column lists start with id (0) … start_time (5). */
#define LIST_COL_ID         0
#define LIST_COL_START_TIME 5

static CcalDbPage *
list_rows (CcalDbSqlite           *self,
           const ListKind         *kind,
           const CcalDbListQuery  *query,
           GError                **error)
{
  g_auto(Lease) lease = { 0 };
  g_auto(CcalDbCursor) cursor = { 0 };
  g_autoptr(CcalDbPage) page = g_new0 (CcalDbPage, 1);
  g_autoptr(GString) sql = g_string_new (kind->select);
  g_autofree char *needle = NULL;
  g_autofree char *last_id = NULL;
  gboolean sync = query->since_seq >= 0;
  gboolean is_events = kind == &event_list;
  const char *x = kind->alias;
  guint limit = query->limit == 0 ? LIST_LIMIT_DEFAULT : MIN (query->limit, LIST_LIMIT_MAX);
  gint64 last_key = 0;
  int rc;

  if (query->cursor != NULL && !ccal_db_cursor_decode (query->cursor, kind->resource, sync, &cursor, error))
    return NULL;

  if (!lease_acquire (self, &lease, error) || !tx_begin_read (&lease, error))
    return NULL;

  /* the first page fixes the sequence the whole listing is complete up to */
  if (cursor.id != NULL)
    page->sync_seq = cursor.sync_seq;
  else
    {
      if (!read_change_seq (&lease, query->workspace_id, &page->sync_seq, error))
        return NULL;
      if (sync && query->since_seq > page->sync_seq)
        {
          g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SYNC_TOKEN_EXPIRED,
                               "The sync token is not valid any more; do a full sync");
          return NULL;
        }
    }

  g_string_append_printf (sql, "WHERE %s.workspace_id = :ws", x);
  if (query->admin_id != NULL)
    g_string_append_printf (sql, " AND %s.admin_id = :admin", x);

  if (sync)
    {
      g_string_append_printf (sql, " AND %s.change_seq <= :upto", x);
      if (cursor.id != NULL)
        g_string_append_printf (sql, " AND (%s.change_seq, %s.id) > (:key, :after)", x, x);
      else
        g_string_append_printf (sql, " AND %s.change_seq > :since", x);
      g_string_append_printf (sql, " ORDER BY %s.change_seq, %s.id LIMIT :limit", x, x);
    }
  else
    {
      g_string_append_printf (sql, " AND %s.deleted_at IS NULL", x);
      if (is_events && query->type >= 0)
        g_string_append (sql, " AND e.type = :type");
      if (!is_events && query->status >= 0)
        g_string_append (sql, " AND a.status = :status");
      /* bookings are at most CCAL_DB_MAX_BOOKING_LENGTH long, which turns "ends after from" into an index range */
      if (query->from != 0)
        g_string_append (sql, is_events ? " AND e.series_end > :from"
                                        : " AND a.end_time > :from AND a.start_time >= :min_start");
      if (query->to != 0)
        g_string_append_printf (sql, " AND %s.start_time < :to", x);
      if (!is_events && query->search != NULL && query->search[0] != '\0')
        {
          g_string_append (sql, " AND (instr(ccal_fold(c.name), :q) > 0 OR instr(ccal_fold(c.email), :q) > 0 "
                                "OR instr(ccal_fold(coalesce(c.phone, '')), :q) > 0)");
          needle = g_utf8_casefold (query->search, -1);
        }
      if (cursor.id != NULL)
        g_string_append_printf (sql, " AND (%s.start_time, %s.id) > (:key, :after)", x, x);
      g_string_append_printf (sql, " ORDER BY %s.start_time, %s.id LIMIT :limit", x, x);
    }

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease, sql->str, error);

    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":ws", query->workspace_id);
    bind_text (stmt, ":admin", query->admin_id);
    bind_int64 (stmt, ":upto", page->sync_seq);
    bind_int64 (stmt, ":since", query->since_seq);
    bind_int64 (stmt, ":key", cursor.key);
    bind_text (stmt, ":after", cursor.id);
    if (is_events && query->type >= 0)
      bind_text (stmt, ":type", ccal_event_type_to_string (query->type));
    if (!is_events && query->status >= 0)
      bind_text (stmt, ":status", ccal_booking_status_to_string (query->status));
    bind_int64 (stmt, ":from", query->from);
    bind_int64 (stmt, ":min_start", ccal_db_range_min_start (query->from));
    bind_int64 (stmt, ":to", query->to);
    bind_text (stmt, ":q", needle);
    bind_int64 (stmt, ":limit", (gint64) limit + 1);   /* one more tells whether a next page exists */

    page->items = g_ptr_array_new_with_free_func (g_object_unref);
    while ((rc = stmt_step (&lease, stmt, error)) == SQLITE_ROW)
      {
        if (page->items->len == limit)
          {
            CcalDbCursor next = { kind->resource, sync, page->sync_seq, last_key, last_id };

            page->next_cursor = ccal_db_cursor_encode (&next);
            break;
          }
        g_ptr_array_add (page->items, kind->from_row (stmt));
        last_key = sqlite3_column_int64 (stmt, sync ? kind->change_seq_col : LIST_COL_START_TIME);
        col_set_str (&last_id, stmt, LIST_COL_ID);
      }
    if (rc < 0)
      return NULL;
  }

  if (!tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&page);
}

static CcalDbPage *
ccal_db_sqlite_list_events (CcalDb                 *db,
                            const CcalDbListQuery  *query,
                            GError                **error)
{
  return list_rows (CCAL_DB_SQLITE (db), &event_list, query, error);
}

static CcalDbPage *
ccal_db_sqlite_list_bookings (CcalDb                 *db,
                              const CcalDbListQuery  *query,
                              GError                **error)
{
  return list_rows (CCAL_DB_SQLITE (db), &booking_list, query, error);
}

/* Idempotency */

/* Drops keys older than a day, at most every few minutes (a lazy purge on the write path). */
static void
maybe_purge_idempotency (CcalDbSqlite *self,
                         Lease        *lease,
                         gint64        now)
{
  g_autoptr(Stmt) stmt = NULL;
  gboolean due;

  g_mutex_lock (&self->pool_lock);
  due = now - self->last_idempotency_purge >= IDEMPOTENCY_PURGE_INTERVAL;
  if (due)
    self->last_idempotency_purge = now;
  g_mutex_unlock (&self->pool_lock);
  if (!due)
    return;

  stmt = stmt_prepare (lease, "DELETE FROM idempotency_keys WHERE created_at <= :cutoff", NULL);
  if (stmt == NULL)
    return;
  bind_int64 (stmt, ":cutoff", now - IDEMPOTENCY_TTL);
  stmt_run (lease, stmt, NULL);
}

static CcalDbIdempotentResponse *
ccal_db_sqlite_begin_idempotent (CcalDb      *db,
                                 const char  *workspace_scope,
                                 const char  *key,
                                 const char  *request_hash,
                                 GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(CcalDbIdempotentResponse) stored = NULL;
  gint64 now = g_get_real_time ();
  gint64 created_at = 0;
  int rc;

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;
  maybe_purge_idempotency (self, &lease, now);

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "SELECT request_hash, status, response_body, created_at "
                                         "FROM idempotency_keys WHERE scope = :scope AND idem_key = :key",
                                         error);
    if (stmt == NULL)
      return NULL;
    bind_text (stmt, ":scope", workspace_scope);
    bind_text (stmt, ":key", key);
    rc = stmt_step (&lease, stmt, error);
    if (rc < 0)
      return NULL;
    if (rc == SQLITE_ROW)
      {
        stored = g_new0 (CcalDbIdempotentResponse, 1);
        stored->request_hash = col_strdup (stmt, 0);
        stored->status = (guint) sqlite3_column_int (stmt, 1);
        stored->response_body = col_strdup (stmt, 2);
        created_at = sqlite3_column_int64 (stmt, 3);
      }
  }

  if (stored != NULL)
    {
      gboolean expired = created_at <= now - IDEMPOTENCY_TTL;
      gboolean died = stored->status == 0 && created_at <= now - IDEMPOTENCY_STALE;

      if (!expired && g_strcmp0 (stored->request_hash, request_hash) != 0)
        {
          g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_IDEMPOTENCY_REUSED,
                               "This Idempotency-Key was used with a different request");
          return NULL;
        }
      if (!expired && !died)
        {
          if (!tx_commit (&lease, error))
            return NULL;
          return g_steal_pointer (&stored);
        }

      /* expired, or its first request died: the key starts over */
      {
        g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                             "UPDATE idempotency_keys SET request_hash = :hash, status = 0, "
                                             "response_body = NULL, created_at = :now "
                                             "WHERE scope = :scope AND idem_key = :key",
                                             error);
        if (stmt == NULL)
          return NULL;
        bind_text (stmt, ":scope", workspace_scope);
        bind_text (stmt, ":key", key);
        bind_text (stmt, ":hash", request_hash);
        bind_int64 (stmt, ":now", now);
        if (!stmt_run (&lease, stmt, error))
          return NULL;
      }
    }
  else
    {
      g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                           "INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, "
                                           "created_at) VALUES (:scope, :key, :hash, 0, :now)",
                                           error);
      if (stmt == NULL)
        return NULL;
      bind_text (stmt, ":scope", workspace_scope);
      bind_text (stmt, ":key", key);
      bind_text (stmt, ":hash", request_hash);
      bind_int64 (stmt, ":now", now);
      if (!stmt_run (&lease, stmt, error))
        return NULL;
    }

  tx_commit (&lease, error);
  return NULL;
}

static gboolean
ccal_db_sqlite_finish_idempotent (CcalDb      *db,
                                  const char  *workspace_scope,
                                  const char  *key,
                                  guint        status,
                                  const char  *response_body,
                                  GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return FALSE;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "UPDATE idempotency_keys SET status = :status, response_body = :body "
                                         "WHERE scope = :scope AND idem_key = :key",
                                         error);
    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, ":scope", workspace_scope);
    bind_text (stmt, ":key", key);
    bind_int64 (stmt, ":status", status);
    bind_text (stmt, ":body", response_body);
    if (!stmt_run (&lease, stmt, error))
      return FALSE;
    if (sqlite3_changes (lease.conn->handle) == 0)
      {
        ccal_db_set_not_found (error, "Idempotency key");
        return FALSE;
      }
  }
  return tx_commit (&lease, error);
}

static gboolean
ccal_db_sqlite_abandon_idempotent (CcalDb      *db,
                                   const char  *workspace_scope,
                                   const char  *key,
                                   GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return FALSE;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "DELETE FROM idempotency_keys WHERE scope = :scope AND idem_key = :key",
                                         error);
    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, ":scope", workspace_scope);
    bind_text (stmt, ":key", key);
    if (!stmt_run (&lease, stmt, error))
      return FALSE;
  }
  return tx_commit (&lease, error);
}

/* Migrations */

static gboolean
ccal_db_sqlite_migrate (CcalDb  *db,
                        GError **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  int latest = migrations[G_N_ELEMENTS (migrations) - 1].version;

  if (!lease_acquire (self, &lease, error))
    return FALSE;
  if (!exec_simple (lease.conn->handle,
                    "CREATE TABLE IF NOT EXISTS schema_migrations ("
                    "  version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)",
                    error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      const Migration *m = &migrations[i];
      gint64 newest;
      int rc;

      /* each migration in its own transaction; re-checked inside it, so two processes migrating at
       * once apply it once */
      if (!tx_begin_write (&lease, error))
        return FALSE;

      {
        g_autoptr(Stmt) stmt = stmt_prepare (&lease, "SELECT coalesce(max(version), 0) FROM schema_migrations", error);
        if (stmt == NULL || stmt_step (&lease, stmt, error) != SQLITE_ROW)
          return FALSE;
        newest = sqlite3_column_int64 (stmt, 0);
      }
      if (newest > latest)
        {
          g_set_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_FAILED,
                       "The database has schema version %" G_GINT64_FORMAT "; this program knows up to %d",
                       newest, latest);
          return FALSE;
        }

      {
        g_autoptr(Stmt) stmt = stmt_prepare (&lease, "SELECT 1 FROM schema_migrations WHERE version = :version",
                                             error);
        if (stmt == NULL)
          return FALSE;
        bind_int64 (stmt, ":version", m->version);
        rc = stmt_step (&lease, stmt, error);
        if (rc < 0)
          return FALSE;
      }

      if (rc == SQLITE_DONE)
        {
          g_autoptr(Stmt) stmt = NULL;

          g_debug ("Applying schema migration %d (%s)", m->version, m->name);
          if (!exec_simple (lease.conn->handle, m->sql, error))
            return FALSE;
          stmt = stmt_prepare (&lease,
                               "INSERT INTO schema_migrations (version, name, applied_at) "
                               "VALUES (:version, :name, :now)",
                               error);
          if (stmt == NULL)
            return FALSE;
          bind_int64 (stmt, ":version", m->version);
          bind_text (stmt, ":name", m->name);
          bind_int64 (stmt, ":now", g_get_real_time ());
          if (!stmt_run (&lease, stmt, error))
            return FALSE;
        }

      if (!tx_commit (&lease, error))
        return FALSE;
    }
  return TRUE;
}

/* Bulk import */

gboolean
ccal_db_sqlite_import_bookings (CcalDb     *db,
                                GPtrArray  *bookings,
                                GError    **error)
{
  CcalDbSqlite *self;
  g_auto(Lease) lease = { 0 };
  gint64 now = g_get_real_time ();

  g_return_val_if_fail (CCAL_IS_DB_SQLITE (db), FALSE);
  g_return_val_if_fail (bookings != NULL, FALSE);
  self = CCAL_DB_SQLITE (db);

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return FALSE;

  for (guint i = 0; i < bookings->len; i++)
    {
      CcalBooking *booking = g_ptr_array_index (bookings, i);
      g_autofree char *id = NULL;
      g_autofree char *contact_id = NULL;

      g_return_val_if_fail (CCAL_IS_BOOKING (booking) && CCAL_IS_CONTACT (booking->contact), FALSE);
      if (!ccal_db_check_span (booking->start_time, booking->end_time, "booking", error))
        return FALSE;
      id = booking->id != NULL ? g_strdup (booking->id) : g_uuid_string_random ();
      contact_id = find_or_create_contact (&lease, booking->workspace_id, booking->contact, now, error);
      if (contact_id == NULL || !insert_booking_row (&lease, booking, id, contact_id, now, error))
        return FALSE;
    }
  return tx_commit (&lease, error);
}

static gboolean
ccal_db_sqlite_import_bookings_vfunc (CcalDb     *db,
                                      GPtrArray  *bookings,
                                      GError    **error)
{
  return ccal_db_sqlite_import_bookings (db, bookings, error);
}

static char *
ccal_db_sqlite_get_workspace_admin (CcalDb      *db,
                                    const char  *workspace_id,
                                    GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(Stmt) stmt = NULL;
  int rc;

  if (!lease_acquire (self, &lease, error))
    return NULL;
  stmt = stmt_prepare (&lease,
                       "SELECT id FROM users WHERE workspace_id = :ws AND role = 'admin' "
                       "ORDER BY created_at, rowid LIMIT 1",
                       error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, ":ws", workspace_id);
  rc = stmt_step (&lease, stmt, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      ccal_db_set_not_found (error, "Workspace admin");
      return NULL;
    }
  return col_strdup (stmt, 0);
}

/* The calendar feed and the list of admins */

static gboolean
ccal_db_sqlite_set_feed_token (CcalDb      *db,
                               const char  *workspace_id,
                               const char  *admin_id,
                               const char  *token_hash,
                               gint64       created_at,
                               GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return FALSE;

  {
    /* inserts nothing unless @admin_id is an admin of the workspace */
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "INSERT INTO feed_tokens (admin_id, workspace_id, token_hash, created_at) "
                                         "SELECT id, workspace_id, :hash, :at FROM users "
                                         "WHERE id = :admin AND workspace_id = :ws AND role = 'admin' "
                                         "ON CONFLICT (admin_id) DO UPDATE SET token_hash = excluded.token_hash, "
                                         "created_at = excluded.created_at",
                                         error);
    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, ":hash", token_hash);
    bind_int64 (stmt, ":at", created_at);
    bind_text (stmt, ":admin", admin_id);
    bind_text (stmt, ":ws", workspace_id);
    if (!stmt_run (&lease, stmt, error))
      return FALSE;
    if (sqlite3_changes (lease.conn->handle) == 0)
      {
        ccal_db_set_not_found (error, "Admin");
        return FALSE;
      }
  }
  return tx_commit (&lease, error);
}

static gboolean
ccal_db_sqlite_get_feed_token (CcalDb      *db,
                               const char  *workspace_id,
                               const char  *admin_id,
                               gint64      *out_created_at,
                               GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(Stmt) stmt = NULL;
  int rc;

  if (!lease_acquire (self, &lease, error))
    return FALSE;
  stmt = stmt_prepare (&lease, "SELECT created_at FROM feed_tokens WHERE admin_id = :admin AND workspace_id = :ws",
                       error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, ":admin", admin_id);
  bind_text (stmt, ":ws", workspace_id);
  rc = stmt_step (&lease, stmt, error);
  if (rc < 0)
    return FALSE;
  if (rc == SQLITE_DONE)
    {
      ccal_db_set_not_found (error, "Calendar feed");
      return FALSE;
    }
  *out_created_at = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
ccal_db_sqlite_delete_feed_token (CcalDb      *db,
                                  const char  *workspace_id,
                                  const char  *admin_id,
                                  GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return FALSE;

  {
    g_autoptr(Stmt) stmt = stmt_prepare (&lease,
                                         "DELETE FROM feed_tokens WHERE admin_id = :admin AND workspace_id = :ws",
                                         error);
    if (stmt == NULL)
      return FALSE;
    bind_text (stmt, ":admin", admin_id);
    bind_text (stmt, ":ws", workspace_id);
    if (!stmt_run (&lease, stmt, error))
      return FALSE;
  }
  return tx_commit (&lease, error);
}

static CcalDbUser *
ccal_db_sqlite_lookup_feed_token (CcalDb      *db,
                                  const char  *token_hash,
                                  GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(Stmt) stmt = NULL;
  int rc;

  if (!lease_acquire (self, &lease, error))
    return NULL;
  stmt = stmt_prepare (&lease,
                       "SELECT u.id, u.workspace_id, u.name, u.email, u.role "
                       "FROM feed_tokens f JOIN users u ON u.id = f.admin_id "
                       "WHERE f.token_hash = :hash AND u.role = 'admin'",
                       error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, ":hash", token_hash);
  rc = stmt_step (&lease, stmt, error);
  if (rc < 0)
    return NULL;
  if (rc == SQLITE_DONE)
    {
      ccal_db_set_not_found (error, "Calendar feed");
      return NULL;
    }
  return user_from_row (stmt);
}

static GPtrArray *
ccal_db_sqlite_list_admins (CcalDb      *db,
                            const char  *workspace_id,
                            GError     **error)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(Stmt) stmt = NULL;
  g_autoptr(GPtrArray) admins = g_ptr_array_new_with_free_func ((GDestroyNotify) ccal_db_admin_free);
  g_autoptr(CcalSettings) defaults = ccal_settings_new ();
  int rc;

  if (!lease_acquire (self, &lease, error))
    return NULL;
  stmt = stmt_prepare (&lease,
                       "SELECT u.id, u.name, u.email, s.timezone FROM users u "
                       "LEFT JOIN booking_settings s ON s.admin_id = u.id "
                       "WHERE u.workspace_id = :ws AND u.role = 'admin' ORDER BY u.name, u.id",
                       error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, ":ws", workspace_id);
  while ((rc = stmt_step (&lease, stmt, error)) == SQLITE_ROW)
    {
      CcalDbAdmin *admin = g_new0 (CcalDbAdmin, 1);

      admin->admin_id = col_strdup (stmt, 0);
      admin->name = col_strdup (stmt, 1);
      admin->email = col_strdup (stmt, 2);
      admin->timezone = col_is_null (stmt, 3) ? g_strdup (defaults->timezone) : col_strdup (stmt, 3);
      g_ptr_array_add (admins, admin);
    }
  if (rc < 0)
    return NULL;
  return g_steal_pointer (&admins);
}

/* Lifetime */

static void
ccal_db_sqlite_close (CcalDb *db)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (db);

  g_mutex_lock (&self->pool_lock);
  self->closed = TRUE;
  /* connections still leased are closed when they come back */
  for (guint i = 0; i < self->idle->len; i++)
    {
      Connection *conn = g_ptr_array_index (self->idle, i);

      g_ptr_array_remove_fast (self->connections, conn);
      connection_free (conn);
    }
  g_ptr_array_set_size (self->idle, 0);
  g_mutex_unlock (&self->pool_lock);
}

static void
ccal_db_sqlite_finalize (GObject *object)
{
  CcalDbSqlite *self = CCAL_DB_SQLITE (object);

  ccal_db_sqlite_close (CCAL_DB (self));
  if (self->connections->len > 0)
    g_warning ("CcalDbSqlite finalized while %u connections are in use", self->connections->len);
  g_ptr_array_unref (self->connections);
  g_ptr_array_unref (self->idle);
  g_mutex_clear (&self->pool_lock);
  g_mutex_clear (&self->write_lock);
  g_free (self->path);

  G_OBJECT_CLASS (ccal_db_sqlite_parent_class)->finalize (object);
}

static void
ccal_db_sqlite_class_init (CcalDbSqliteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CcalDbClass *db_class = CCAL_DB_CLASS (klass);

  object_class->finalize = ccal_db_sqlite_finalize;

  db_class->migrate = ccal_db_sqlite_migrate;
  db_class->close = ccal_db_sqlite_close;
  db_class->create_workspace = ccal_db_sqlite_create_workspace;
  db_class->ensure_user = ccal_db_sqlite_ensure_user;
  db_class->add_api_key = ccal_db_sqlite_add_api_key;
  db_class->lookup_api_key = ccal_db_sqlite_lookup_api_key;
  db_class->get_user = ccal_db_sqlite_get_user;
  db_class->revoke_api_key = ccal_db_sqlite_revoke_api_key;
  db_class->get_settings = ccal_db_sqlite_get_settings;
  db_class->put_settings = ccal_db_sqlite_put_settings;
  db_class->list_events = ccal_db_sqlite_list_events;
  db_class->get_event = ccal_db_sqlite_get_event;
  db_class->insert_event = ccal_db_sqlite_insert_event;
  db_class->update_event = ccal_db_sqlite_update_event;
  db_class->delete_event = ccal_db_sqlite_delete_event;
  db_class->load_schedule = ccal_db_sqlite_load_schedule;
  db_class->insert_hold = ccal_db_sqlite_insert_hold;
  db_class->delete_hold = ccal_db_sqlite_delete_hold;
  db_class->insert_booking = ccal_db_sqlite_insert_booking;
  db_class->get_booking = ccal_db_sqlite_get_booking;
  db_class->update_booking = ccal_db_sqlite_update_booking;
  db_class->list_bookings = ccal_db_sqlite_list_bookings;
  db_class->list_history = ccal_db_sqlite_list_history;
  db_class->set_result = ccal_db_sqlite_set_result;
  db_class->list_follow_ups = ccal_db_sqlite_list_follow_ups;
  db_class->insert_follow_up = ccal_db_sqlite_insert_follow_up;
  db_class->update_follow_up_done = ccal_db_sqlite_update_follow_up_done;
  db_class->list_bookings_in_range = ccal_db_sqlite_list_bookings_in_range;
  db_class->begin_idempotent = ccal_db_sqlite_begin_idempotent;
  db_class->finish_idempotent = ccal_db_sqlite_finish_idempotent;
  db_class->abandon_idempotent = ccal_db_sqlite_abandon_idempotent;
  db_class->get_workspace_admin = ccal_db_sqlite_get_workspace_admin;
  db_class->import_bookings = ccal_db_sqlite_import_bookings_vfunc;
  db_class->set_feed_token = ccal_db_sqlite_set_feed_token;
  db_class->get_feed_token = ccal_db_sqlite_get_feed_token;
  db_class->delete_feed_token = ccal_db_sqlite_delete_feed_token;
  db_class->lookup_feed_token = ccal_db_sqlite_lookup_feed_token;
  db_class->list_admins = ccal_db_sqlite_list_admins;
}

static void
ccal_db_sqlite_init (CcalDbSqlite *self)
{
  g_mutex_init (&self->pool_lock);
  g_mutex_init (&self->write_lock);
  self->connections = g_ptr_array_new ();
  self->idle = g_ptr_array_new ();
}

CcalDb *
ccal_db_sqlite_new (const char  *path,
                    GError     **error)
{
  g_autoptr(CcalDbSqlite) self = NULL;
  Connection *conn;

  g_return_val_if_fail (path != NULL, NULL);

  if (!sqlite3_threadsafe ())
    {
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_FAILED, "SQLite was built without thread support");
      return NULL;
    }

  self = g_object_new (CCAL_TYPE_DB_SQLITE, NULL);
  self->path = g_strdup (path);

  /* open one connection now: a bad path fails here, and WAL is switched on before any concurrency */
  conn = connection_open (self, error);
  if (conn == NULL)
    return NULL;
  g_ptr_array_add (self->connections, conn);
  g_ptr_array_add (self->idle, conn);
  return CCAL_DB (g_steal_pointer (&self));
}
