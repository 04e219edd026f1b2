/* ccal-db-postgres.c — the PostgreSQL storage backend: schema, migrations and every query
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * This backend lets many server processes share one database, so every guarantee lives in the
 * database, never in one process's memory:
 *
 * - No double booking: an exclusion constraint (btree_gist) on appointments refuses two live,
 *   non-cancelled bookings of one admin whose tstzrange overlap, whatever interleaving of processes
 *   tries it; its violation (SQLSTATE 23P01) is CCAL_DB_ERROR_SLOT_UNAVAILABLE. The slot check still
 *   runs inside the write transaction, after locking the admin's users row (FOR NO KEY UPDATE, which
 *   leaves foreign-key checks alone): writers for one admin queue on that lock, so the schedule the
 *   check reads is the one the booking commits against. Holds are checked under the same lock.
 * - Sync tokens: the per-workspace change counter is a column of workspaces, bumped with UPDATE …
 *   RETURNING inside each change's transaction. The row lock it takes is held to the commit, so
 *   sequence numbers commit in order and a listing up to a committed sequence misses nothing.
 * - Idempotency keys are rows (INSERT … ON CONFLICT), versions are checked under row locks
 *   (SELECT … FOR NO KEY UPDATE), and contacts/users are created with ON CONFLICT DO NOTHING.
 * - Migrations run under a transaction-scoped advisory lock: two processes starting at once apply
 *   each migration once.
 * Locks are always taken in the order users → the changed row → workspaces, so writers never
 * deadlock.
 *
 * Connections: a pool like the SQLite backend's (a lease per call, one connection per concurrent
 * caller, at most POOL_MAX). Every connection caches its prepared statements; every value goes in
 * as a parameter. When the server drops a connection (a restart, a network cut) the call fails with
 * CCAL_DB_ERROR_UNAVAILABLE — or, when nothing had been sent on the lease yet, reconnects and
 * retries once — and the next use of that connection reconnects (PQreset), so the server recovers by
 * itself when the database is back.
 *
 * Types: ids are uuid (workspace ids are text), instants timestamptz (passed in binary as µs, read
 * back as µs via extract(epoch)), metadata jsonb, enums the contract's text.
 */
#define G_LOG_DOMAIN "ccal-db"

#include "config.h"

#include <string.h>

#include <libpq-fe.h>

#include "ccal-db-postgres.h"
#include "ccal-db-private.h"

#define POOL_MAX                   32
#define POOL_WAIT_USEC             (10 * G_USEC_PER_SEC)
#define IDEMPOTENCY_TTL            (24 * CCAL_USEC_PER_HOUR)
#define IDEMPOTENCY_STALE          (10 * CCAL_USEC_PER_MINUTE)
#define IDEMPOTENCY_PURGE_INTERVAL (10 * CCAL_USEC_PER_MINUTE)
#define LIST_LIMIT_DEFAULT         100
#define LIST_LIMIT_MAX             1000
#define MAX_PARAMS                 32

/* "ccal" + "migr": the advisory lock key every process migrates under */
#define MIGRATION_LOCK_KEY         "6363616c6d696772"

/* type OIDs (from pg_type.dat; libpq does not export them) */
#define OID_BOOL        16
#define OID_INT8        20
#define OID_TEXT        25
#define OID_TIMESTAMPTZ 1184
#define OID_TIMESTAMPTZ_ARRAY 1185
#define OID_UUID        2950
#define OID_JSONB       3802

/* PostgreSQL counts binary timestamps from 2000-01-01 */
#define PG_EPOCH_OFFSET_USEC G_GINT64_CONSTANT (946684800000000)

/* An instant column read back as µs since the Unix epoch (exact: extract returns numeric). */
#define US(col) "(extract(epoch FROM " col ") * 1000000)::int8"

/* Schema */

typedef struct
{
  int         version;
  const char *name;
  const char *sql;
} Migration;

static const Migration migrations[] = {
  { 1, "initial schema",
    "CREATE EXTENSION IF NOT EXISTS btree_gist;"
    "CREATE TABLE workspaces ("
    "  id          text PRIMARY KEY,"
    "  change_seq  bigint NOT NULL DEFAULT 0,"     /* the per-workspace change counter behind sync tokens */
    "  created_at  timestamptz NOT NULL"
    ");"
    "CREATE TABLE users ("
    "  id            uuid PRIMARY KEY,"
    "  workspace_id  text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,"
    "  email         text NOT NULL,"
    "  name          text NOT NULL,"
    "  role          text NOT NULL CHECK (role IN ('admin', 'staff')),"
    "  created_at    timestamptz NOT NULL"
    ");"
    "CREATE UNIQUE INDEX users_workspace_email ON users (workspace_id, lower(email));"
    "CREATE INDEX users_workspace_role ON users (workspace_id, role, created_at);"
    "CREATE TABLE api_keys ("
    "  id          uuid PRIMARY KEY,"
    "  user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,"
    "  key_hash    text NOT NULL UNIQUE,"          /* hex SHA-256 of the whole key */
    "  prefix      text NOT NULL,"
    "  label       text,"
    "  created_at  timestamptz NOT NULL,"
    "  revoked_at  timestamptz"
    ");"
    "CREATE INDEX api_keys_prefix ON api_keys (prefix);"
    "CREATE INDEX api_keys_user ON api_keys (user_id);"
    "CREATE TABLE contacts ("
    "  id            uuid PRIMARY KEY,"
    "  workspace_id  text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,"
    "  name          text NOT NULL,"
    "  email         text NOT NULL,"
    "  phone         text,"
    "  timezone      text,"
    "  created_at    timestamptz NOT NULL,"
    "  updated_at    timestamptz NOT NULL,"
    "  deleted_at    timestamptz"
    ");"
    "CREATE UNIQUE INDEX contacts_workspace_email ON contacts (workspace_id, lower(email));"
    "CREATE TABLE calendar_events ("
    "  id            uuid PRIMARY KEY,"
    "  workspace_id  text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,"
    "  admin_id      uuid NOT NULL REFERENCES users (id),"
    "  title         text,"
    "  type          text NOT NULL CHECK (type IN ('availability', 'blocked', 'event')),"
    "  start_time    timestamptz NOT NULL,"
    "  end_time      timestamptz NOT NULL,"
    "  series_end    timestamptz NOT NULL,"        /* the latest instant an occurrence can reach */
    "  is_all_day    boolean NOT NULL DEFAULT false,"
    "  timezone      text,"
    "  rrule         text,"
    "  exdates       timestamptz[],"               /* excluded occurrence starts */
    "  description   text,"
    "  location      text,"
    "  status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'cancelled')),"
    "  contact_id    uuid REFERENCES contacts (id),"
    "  metadata      jsonb NOT NULL DEFAULT '{}',"
    "  created_by    uuid,"
    "  created_at    timestamptz NOT NULL,"
    "  updated_at    timestamptz NOT NULL,"
    "  version       bigint NOT NULL DEFAULT 1,"
    "  change_seq    bigint NOT NULL,"
    "  deleted_at    timestamptz,"
    "  CHECK (end_time > start_time)"
    ");"
    "CREATE INDEX calendar_events_list ON calendar_events (workspace_id, start_time, id);"
    "CREATE INDEX calendar_events_sync ON calendar_events (workspace_id, change_seq, id);"
    "CREATE INDEX calendar_events_admin_span ON calendar_events (workspace_id, admin_id, series_end)"
    "  WHERE deleted_at IS NULL;"
    "CREATE TABLE appointments ("
    "  id                uuid PRIMARY KEY,"
    "  workspace_id      text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,"
    "  admin_id          uuid NOT NULL REFERENCES users (id),"
    "  contact_id        uuid NOT NULL REFERENCES contacts (id),"
    "  title             text,"
    "  description       text,"
    "  start_time        timestamptz NOT NULL,"
    "  end_time          timestamptz NOT NULL,"
    "  duration_minutes  integer NOT NULL,"
    "  location          text,"
    "  meeting_link      text,"
    "  product_interest  text,"
    "  status            text NOT NULL"
    "                    CHECK (status IN ('pending', 'confirmed', 'cancelled', 'completed', 'no_show')),"
    "  source            text NOT NULL CHECK (source IN ('public', 'staff')),"
    "  created_by        uuid,"
    "  updated_by        uuid,"
    "  created_at        timestamptz NOT NULL,"
    "  updated_at        timestamptz NOT NULL,"
    "  version           bigint NOT NULL DEFAULT 1,"
    "  change_seq        bigint NOT NULL,"
    "  deleted_at        timestamptz,"
    "  CHECK (end_time > start_time),"
    "  CHECK (end_time - start_time <= interval '24 hours'),"   /* CCAL_DB_MAX_BOOKING_LENGTH */
    /* the guarantee itself: whatever process writes, two busy bookings of one admin never overlap */
    "  CONSTRAINT appointments_no_overlap EXCLUDE USING gist"
    "    (admin_id WITH =, tstzrange(start_time, end_time) WITH &&)"
    "    WHERE (status <> 'cancelled' AND deleted_at IS NULL)"
    ");"
    "CREATE INDEX appointments_list ON appointments (workspace_id, start_time, id);"
    "CREATE INDEX appointments_sync ON appointments (workspace_id, change_seq, id);"
    "CREATE INDEX appointments_busy ON appointments (workspace_id, admin_id, start_time, end_time, id)"
    "  WHERE deleted_at IS NULL AND status <> 'cancelled';"
    "CREATE INDEX appointments_contact ON appointments (contact_id);"
    "CREATE TABLE appointment_status_history ("
    "  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  appointment_id  uuid NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,"
    "  from_status     text,"
    "  to_status       text NOT NULL,"
    "  changed_by      uuid,"
    "  changed_at      timestamptz NOT NULL,"
    "  reason          text"
    ");"
    "CREATE INDEX appointment_status_history_appointment ON appointment_status_history (appointment_id, id);"
    "CREATE TABLE appointment_results ("
    "  appointment_id  uuid PRIMARY KEY REFERENCES appointments (id) ON DELETE CASCADE,"
    "  outcome         text NOT NULL,"
    "  notes           text,"
    "  recorded_by     uuid,"
    "  recorded_at     timestamptz NOT NULL"
    ");"
    "CREATE TABLE appointment_follow_ups ("
    "  id              uuid PRIMARY KEY,"
    "  appointment_id  uuid NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,"
    "  due_at          timestamptz NOT NULL,"
    "  action          text NOT NULL,"
    "  notes           text,"
    "  done            boolean NOT NULL DEFAULT false,"
    "  created_by      uuid,"
    "  created_at      timestamptz NOT NULL"
    ");"
    "CREATE INDEX appointment_follow_ups_appointment ON appointment_follow_ups (appointment_id, due_at);"
    "CREATE TABLE opportunity_appointments ("
    "  appointment_id  uuid PRIMARY KEY REFERENCES appointments (id) ON DELETE CASCADE,"
    "  opportunity_id  text NOT NULL,"
    "  linked_at       timestamptz NOT NULL"
    ");"
    "CREATE INDEX opportunity_appointments_opportunity ON opportunity_appointments (opportunity_id);"
    "CREATE TABLE booking_settings ("
    "  admin_id               uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,"
    "  workspace_id           text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,"
    "  timezone               text NOT NULL,"
    "  slot_minutes           integer NOT NULL,"
    "  buffer_before_minutes  integer NOT NULL,"
    "  buffer_after_minutes   integer NOT NULL,"
    "  min_notice_minutes     integer NOT NULL,"
    "  max_advance_days       integer NOT NULL,"
    "  version                bigint NOT NULL,"
    "  updated_at             timestamptz NOT NULL"
    ");"
    "CREATE TABLE holds ("
    "  id            uuid PRIMARY KEY,"
    "  workspace_id  text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,"
    "  admin_id      uuid NOT NULL REFERENCES users (id),"
    "  created_by    uuid,"
    "  start_time    timestamptz NOT NULL,"
    "  end_time      timestamptz NOT NULL,"
    "  expires_at    timestamptz NOT NULL,"
    "  created_at    timestamptz NOT NULL,"
    "  CHECK (end_time > start_time),"
    "  CHECK (end_time - start_time <= interval '24 hours')"
    ");"
    "CREATE INDEX holds_admin_time ON holds (workspace_id, admin_id, start_time);"
    "CREATE INDEX holds_expiry ON holds (expires_at);"
    "CREATE TABLE idempotency_keys ("
    "  scope          text NOT NULL,"
    "  idem_key       text NOT NULL,"
    "  request_hash   text NOT NULL,"
    "  status         integer NOT NULL DEFAULT 0,"   /* 0 while the first request runs */
    "  response_body  text,"
    "  created_at     timestamptz NOT NULL,"
    "  PRIMARY KEY (scope, idem_key)"
    ");"
    "CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);" },
  { 2, "calendar feed tokens",
    "CREATE TABLE feed_tokens ("
    "  admin_id      uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,"   /* one feed per admin */
    "  workspace_id  text NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,"
    "  token_hash    text NOT NULL UNIQUE,"       /* hex SHA-256 of the token; the token is never stored */
    "  created_at    timestamptz NOT NULL"
    ");" },
};

/* Connections, leases, statements */

typedef struct
{
  PGconn     *pg;
  GHashTable *statements;   /* SQL text → prepared statement name (both owned) */
  guint       next_statement;
} Connection;

struct _CcalDbPostgres
{
  CcalDb      parent_instance;

  char       *uri;

  GMutex      pool_lock;    /* guards the fields below */
  GCond       pool_cond;    /* a connection came back, or the pool closed */
  GPtrArray  *idle;         /* open connections no call is using */
  guint       n_open;       /* connections open or being opened, leased or idle */
  gboolean    closed;
  gint64      last_idempotency_purge;
};

G_DEFINE_FINAL_TYPE (CcalDbPostgres, ccal_db_postgres, CCAL_TYPE_DB)

/* One call's use of one connection; g_auto() gives it back, rolling back an open transaction. */
typedef struct
{
  CcalDbPostgres *db;
  Connection     *conn;
  guint           n_sent;   /* statements sent: a lost connection is retried only before the first */
} Lease;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

static void
set_unavailable (GError **error)
{
  g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_UNAVAILABLE,
                       "The database cannot be reached; try again later");
}

static void
on_notice_cb (void       *user_data,
              const char *message)
{
  gsize length = strlen (message);

  while (length > 0 && g_ascii_isspace (message[length - 1]))
    length--;
  g_debug ("PostgreSQL: %.*s", (int) length, message);
}

/* Session settings, after every (re)connect. Lock waits end like SQLite's busy timeout. */
static gboolean
connection_setup (Connection *conn)
{
  g_autoptr(PGresult) res = NULL;

  PQsetNoticeProcessor (conn->pg, on_notice_cb, NULL);
  g_hash_table_remove_all (conn->statements);   /* a new session has none of them */
  res = PQexec (conn->pg, "SET lock_timeout = '10s'; SET idle_in_transaction_session_timeout = '60s'");
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      g_debug ("Setting up a PostgreSQL session failed: %s", PQerrorMessage (conn->pg));
      return FALSE;
    }
  return TRUE;
}

static PGconn *
connect_uri (const char *uri)
{
  /* defaults first: what the URI itself says wins (expand_dbname) */
  const char *keywords[] = { "connect_timeout", "application_name", "keepalives_idle", "keepalives_interval",
                             "keepalives_count", "dbname", NULL };
  const char *values[] = { "5", "customerconnects-calendar-server", "30", "10", "3", uri, NULL };

  return PQconnectdbParams (keywords, values, 1);
}

static void
connection_free (Connection *conn)
{
  PQfinish (conn->pg);
  g_hash_table_destroy (conn->statements);
  g_free (conn);
}

static Connection *
connection_open (CcalDbPostgres  *self,
                 GError         **error)
{
  Connection *conn = g_new0 (Connection, 1);

  conn->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  conn->pg = connect_uri (self->uri);
  if (conn->pg == NULL || PQstatus (conn->pg) != CONNECTION_OK || !connection_setup (conn))
    {
      g_debug ("Connecting to PostgreSQL failed: %s", conn->pg != NULL ? PQerrorMessage (conn->pg) : "out of memory");
      set_unavailable (error);
      connection_free (conn);
      return NULL;
    }
  return conn;
}

/* Makes a dropped connection again; FALSE while the server cannot be reached. */
static gboolean
connection_reset (Connection *conn)
{
  PQreset (conn->pg);
  if (PQstatus (conn->pg) != CONNECTION_OK)
    {
      g_debug ("Reconnecting to PostgreSQL failed: %s", PQerrorMessage (conn->pg));
      return FALSE;
    }
  return connection_setup (conn);
}

static gboolean
lease_acquire (CcalDbPostgres  *self,
               Lease           *lease,
               GError         **error)
{
  Connection *conn = NULL;
  gint64 deadline = g_get_monotonic_time () + POOL_WAIT_USEC;

  g_mutex_lock (&self->pool_lock);
  while (!self->closed && self->idle->len == 0 && self->n_open >= POOL_MAX)
    {
      if (!g_cond_wait_until (&self->pool_cond, &self->pool_lock, deadline))
        {
          g_mutex_unlock (&self->pool_lock);
          g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_UNAVAILABLE,
                               "Every database connection is busy; try again later");
          return FALSE;
        }
    }
  if (self->closed)
    {
      g_mutex_unlock (&self->pool_lock);
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_UNAVAILABLE, "The database is closed");
      return FALSE;
    }
  if (self->idle->len > 0)
    conn = g_ptr_array_steal_index_fast (self->idle, self->idle->len - 1);
  else
    self->n_open++;   /* reserve the place; connect outside the lock */
  g_mutex_unlock (&self->pool_lock);

  if (conn == NULL)
    {
      conn = connection_open (self, error);
      if (conn == NULL)
        {
          g_mutex_lock (&self->pool_lock);
          self->n_open--;
          g_cond_signal (&self->pool_cond);
          g_mutex_unlock (&self->pool_lock);
          return FALSE;
        }
    }

  lease->db = self;
  lease->conn = conn;
  lease->n_sent = 0;

  /* dropped earlier (the server restarted or went away): try again now */
  if (PQstatus (conn->pg) != CONNECTION_OK && !connection_reset (conn))
    {
      set_unavailable (error);
      return FALSE;   /* the caller's g_auto() gives the connection back for a later try */
    }
  return TRUE;
}

static void
lease_clear (Lease *lease)
{
  CcalDbPostgres *self = lease->db;
  Connection *conn = lease->conn;

  if (conn == NULL)
    return;

  /* an error path left its transaction open */
  if (PQstatus (conn->pg) == CONNECTION_OK)
    {
      PGTransactionStatusType status = PQtransactionStatus (conn->pg);

      if (status == PQTRANS_INTRANS || status == PQTRANS_INERROR)
        PQclear (PQexec (conn->pg, "ROLLBACK"));
    }

  g_mutex_lock (&self->pool_lock);
  if (self->closed)
    {
      self->n_open--;
      connection_free (conn);
    }
  else
    g_ptr_array_add (self->idle, conn);
  g_cond_signal (&self->pool_cond);
  g_mutex_unlock (&self->pool_lock);

  lease->conn = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Lease, lease_clear)

/* Parameters: every value travels as a parameter, typed, so a statement can be prepared once.
 * Each p_*() returns the parameter's number for the $n in the SQL. */
typedef struct
{
  int         n;
  const char *values[MAX_PARAMS];
  int         lengths[MAX_PARAMS];
  int         formats[MAX_PARAMS];
  Oid         types[MAX_PARAMS];
  char        buf[MAX_PARAMS][24];
  GPtrArray  *owned;      /* strings made for the call (arrays), freed by params_clear */
} Params;

static void
params_clear (Params *p)
{
  g_clear_pointer (&p->owned, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Params, params_clear)

static int
p_add (Params     *p,
       Oid         type,
       const char *value,
       int         length,
       int         format)
{
  g_assert (p->n < MAX_PARAMS);
  p->types[p->n] = type;
  p->values[p->n] = value;
  p->lengths[p->n] = length;
  p->formats[p->n] = format;
  return ++p->n;
}

static int
p_text (Params     *p,
        const char *value)
{
  return p_add (p, OID_TEXT, value, 0, 0);
}

static gboolean
is_uuid (const char *text)
{
  if (text == NULL || strlen (text) != 36)
    return FALSE;
  for (int i = 0; i < 36; i++)
    {
      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
        }
      else if (!g_ascii_isxdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

/* Text that is not a UUID matches no row, as it would in the SQLite backend (and makes a NOT NULL
 * column refuse the row, INVALID). */
static int
p_uuid (Params     *p,
        const char *value)
{
  return p_add (p, OID_UUID, is_uuid (value) ? value : NULL, 0, 0);
}

static int
p_int (Params *p,
       gint64  value)
{
  g_assert (p->n < MAX_PARAMS);
  g_snprintf (p->buf[p->n], sizeof p->buf[p->n], "%" G_GINT64_FORMAT, value);
  return p_add (p, OID_INT8, p->buf[p->n], 0, 0);
}

static int
p_bool (Params   *p,
        gboolean  value)
{
  return p_add (p, OID_BOOL, value ? "t" : "f", 0, 0);
}

/* µs since the Unix epoch, in binary: exact, no text formatting. G_MAXINT64 is 'infinity'. */
static int
p_time (Params *p,
        gint64  usec)
{
  gint64 pg_usec;
  guint64 be;

  g_assert (p->n < MAX_PARAMS);
  if (usec == G_MAXINT64)
    pg_usec = G_MAXINT64;
  else if (usec < G_MININT64 + PG_EPOCH_OFFSET_USEC)
    pg_usec = G_MININT64;
  else
    pg_usec = usec - PG_EPOCH_OFFSET_USEC;
  be = GUINT64_TO_BE ((guint64) pg_usec);
  memcpy (p->buf[p->n], &be, sizeof be);
  return p_add (p, OID_TIMESTAMPTZ, p->buf[p->n], sizeof be, 1);
}

static int
p_owned (Params *p,
         Oid     type,
         char   *value)
{
  if (value != NULL)
    {
      if (p->owned == NULL)
        p->owned = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (p->owned, value);
    }
  return p_add (p, type, value, 0, 0);
}

/* Text form of an instant ("2030-03-04 10:00:00.000000+00"), for arrays and COPY. */
static void
format_timestamp (gint64  usec,
                  char   *out,
                  gsize   size)
{
  gint64 days = usec / CCAL_USEC_PER_DAY;
  gint64 rest = usec % CCAL_USEC_PER_DAY;
  gint64 z, era, doe, yoe, doy, mp, year, month, day;

  if (rest < 0)
    {
      rest += CCAL_USEC_PER_DAY;
      days--;
    }
  /* civil date from days since 1970-01-01 (H. Hinnant's algorithm) */
  z = days + 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  day = doy - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  year = yoe + era * 400 + (month <= 2);

  g_snprintf (out, size, "%04" G_GINT64_FORMAT "-%02d-%02d %02d:%02d:%02d.%06d+00", year, (int) month, (int) day,
              (int) (rest / CCAL_USEC_PER_HOUR), (int) (rest / CCAL_USEC_PER_MINUTE % 60),
              (int) (rest / CCAL_USEC_PER_SECOND % 60), (int) (rest % CCAL_USEC_PER_SECOND));
}

/* Excluded occurrence starts as a timestamptz[] literal, NULL for none. */
static int
p_exdates (Params *p,
           GArray *exdates)
{
  GString *text;

  if (exdates == NULL || exdates->len == 0)
    return p_add (p, OID_TIMESTAMPTZ_ARRAY, NULL, 0, 0);
  text = g_string_new ("{");
  for (guint i = 0; i < exdates->len; i++)
    {
      char stamp[64];

      format_timestamp (g_array_index (exdates, gint64, i), stamp, sizeof stamp);
      g_string_append_printf (text, "%s\"%s\"", i > 0 ? "," : "", stamp);
    }
  g_string_append_c (text, '}');
  return p_owned (p, OID_TIMESTAMPTZ_ARRAY, g_string_free (text, FALSE));
}

/* Errors */

static gboolean
sqlstate_is (const char *state,
             const char *code)
{
  return state != NULL && strcmp (state, code) == 0;
}

/* Did the connection (or the server behind it) go away? */
static gboolean
connection_lost (Connection     *conn,
                 const PGresult *res)
{
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;

  if (res == NULL || PQstatus (conn->pg) != CONNECTION_OK)
    return TRUE;
  return (state != NULL && g_str_has_prefix (state, "08")) || sqlstate_is (state, "57P01") ||
         sqlstate_is (state, "57P02") || sqlstate_is (state, "57P03");
}

/* Maps a failure to what a client may see; the details go to the log only. */
static void
set_pg_error (Lease          *lease,
              const PGresult *res,
              GError        **error)
{
  const char *state = res != NULL ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char *detail = res != NULL ? PQresultErrorMessage (res) : PQerrorMessage (lease->conn->pg);

  if (connection_lost (lease->conn, res))
    {
      g_debug ("PostgreSQL connection lost (%s): %s", state != NULL ? state : "-", detail);
      set_unavailable (error);
      return;
    }

  if (sqlstate_is (state, "23505"))
    {
      g_debug ("Unique constraint: %s", detail);
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_EXISTS, "A record with this identity already exists");
    }
  else if (sqlstate_is (state, "23P01"))
    {
      g_debug ("Exclusion constraint: %s", detail);
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE,
                           "The requested time is no longer available");
    }
  else if (sqlstate_is (state, "23503"))
    {
      g_debug ("Foreign key: %s", detail);
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND, "A record it refers to was not found");
    }
  else if (sqlstate_is (state, "23514") || sqlstate_is (state, "23502") ||
           (state != NULL && g_str_has_prefix (state, "22")))
    {
      g_debug ("Value refused (%s): %s", state, detail);
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID,
                           "A value is out of the range the database accepts");
    }
  else if (sqlstate_is (state, "40001") || sqlstate_is (state, "40P01") || sqlstate_is (state, "55P03") ||
           sqlstate_is (state, "57014") || (state != NULL && g_str_has_prefix (state, "53")))
    {
      g_debug ("PostgreSQL busy (%s): %s", state, detail);
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_UNAVAILABLE, "The database is busy; try again later");
    }
  else
    {
      g_warning ("PostgreSQL error %s: %s", state != NULL ? state : "-", detail);
      ccal_db_set_failed (error);
    }
}

/* Statements */

static PGresult *
exec_once (Connection   *conn,
           const char   *sql,
           const Params *p)
{
  const char *name = g_hash_table_lookup (conn->statements, sql);

  if (p == NULL)
    return PQexec (conn->pg, sql);

  if (name == NULL)
    {
      g_autofree char *new_name = g_strdup_printf ("ccal_%u", ++conn->next_statement);
      PGresult *res = PQprepare (conn->pg, new_name, sql, p->n, p->types);

      if (PQresultStatus (res) != PGRES_COMMAND_OK)
        return res;
      PQclear (res);
      name = new_name;
      g_hash_table_insert (conn->statements, g_strdup (sql), g_steal_pointer (&new_name));
    }
  return PQexecPrepared (conn->pg, name, p->n, p->values, p->lengths, p->formats, 0);
}

/* Runs @sql (prepared once per connection when @p is given, as is otherwise) and returns its
 * result, or NULL with @error set. */
static PGresult *
run (Lease        *lease,
     const char   *sql,
     const Params *p,
     GError      **error)
{
  for (int attempt = 0;; attempt++)
    {
      PGresult *res = exec_once (lease->conn, sql, p);
      ExecStatusType status = res != NULL ? PQresultStatus (res) : PGRES_FATAL_ERROR;

      if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK)
        {
          lease->n_sent++;
          return res;
        }
      /* a connection the server dropped while it sat in the pool: nothing of this call was sent
       * before, so trying once more on a new session is safe */
      if (attempt == 0 && lease->n_sent == 0 && connection_lost (lease->conn, res) &&
          connection_reset (lease->conn))
        {
          PQclear (res);
          continue;
        }
      lease->n_sent++;
      set_pg_error (lease, res, error);
      PQclear (res);
      return NULL;
    }
}

static gboolean
run_command (Lease        *lease,
             const char   *sql,
             const Params *p,
             GError      **error)
{
  g_autoptr(PGresult) res = run (lease, sql, p, error);

  return res != NULL;
}

/* Rows a command changed. */
static gint64
res_changes (PGresult *res)
{
  const char *n = PQcmdTuples (res);

  return n != NULL && n[0] != '\0' ? g_ascii_strtoll (n, NULL, 10) : 0;
}

static char *
col_dup (const PGresult *res,
         int             row,
         int             col)
{
  return PQgetisnull (res, row, col) ? NULL : g_strdup (PQgetvalue (res, row, col));
}

static void
col_set_str (char           **field,
             const PGresult  *res,
             int              row,
             int              col)
{
  g_free (*field);
  *field = col_dup (res, row, col);
}

static gint64
col_int64 (const PGresult *res,
           int             row,
           int             col)
{
  return PQgetisnull (res, row, col) ? 0 : g_ascii_strtoll (PQgetvalue (res, row, col), NULL, 10);
}

static gboolean
col_bool (const PGresult *res,
          int             row,
          int             col)
{
  return !PQgetisnull (res, row, col) && PQgetvalue (res, row, col)[0] == 't';
}

static gboolean
col_is_null (const PGresult *res,
             int             row,
             int             col)
{
  return PQgetisnull (res, row, col);
}

/* Transactions */

/* Writers: READ COMMITTED plus row locks (see the top of the file). */
static gboolean
tx_begin_write (Lease   *lease,
                GError **error)
{
  return run_command (lease, "BEGIN", NULL, error);
}

/* Readers of several statements: one snapshot for all of them. */
static gboolean
tx_begin_read (Lease   *lease,
               GError **error)
{
  return run_command (lease, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", NULL, error);
}

static gboolean
tx_commit (Lease   *lease,
           GError **error)
{
  return run_command (lease, "COMMIT", NULL, error);
}

/* Shared steps inside a transaction */

/* Takes the workspace's next change sequence value; NOT_FOUND for an unknown workspace. The row
 * stays locked to the commit, which keeps sequence order and commit order the same. */
static gboolean
bump_change_seq (Lease       *lease,
                 const char  *workspace_id,
                 gint64       count,
                 gint64      *out_seq,
                 GError     **error)
{
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  p_text (&p, workspace_id);
  p_int (&p, count);
  res = run (lease, "UPDATE workspaces SET change_seq = change_seq + $2 WHERE id = $1 RETURNING change_seq", &p,
             error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      ccal_db_set_not_found (error, "Workspace");
      return FALSE;
    }
  *out_seq = col_int64 (res, 0, 0);
  return TRUE;
}

static gboolean
read_change_seq (Lease       *lease,
                 const char  *workspace_id,
                 gint64      *out_seq,
                 GError     **error)
{
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  p_text (&p, workspace_id);
  res = run (lease, "SELECT change_seq FROM workspaces WHERE id = $1", &p, error);
  if (res == NULL)
    return FALSE;
  /* an unknown workspace simply has nothing yet */
  *out_seq = PQntuples (res) > 0 ? col_int64 (res, 0, 0) : 0;
  return TRUE;
}

/* Is @user_id a user of @workspace_id? With @lock, the row stays locked to the commit: every
 * writer of that admin's schedule queues here, in any process. */
static gboolean
check_user_in_workspace (Lease       *lease,
                         const char  *workspace_id,
                         const char  *user_id,
                         gboolean     lock,
                         const char  *what,
                         GError     **error)
{
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  p_uuid (&p, user_id);
  p_text (&p, workspace_id);
  res = run (lease,
             lock ? "SELECT 1 FROM users WHERE id = $1 AND workspace_id = $2 FOR NO KEY UPDATE"
                  : "SELECT 1 FROM users WHERE id = $1 AND workspace_id = $2",
             &p, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      ccal_db_set_not_found (error, what);
      return FALSE;
    }
  return TRUE;
}

/* Workspaces, users, keys */

static CcalDbUser *
user_from_row (const PGresult *res,
               int             row)
{
  CcalDbUser *user = g_new0 (CcalDbUser, 1);

  user->user_id = col_dup (res, row, 0);
  user->workspace_id = col_dup (res, row, 1);
  user->name = col_dup (res, row, 2);
  user->email = col_dup (res, row, 3);
  if (!ccal_role_from_string (PQgetvalue (res, row, 4), &user->role))
    user->role = CCAL_ROLE_STAFF;
  return user;
}

static gboolean
ccal_db_postgres_create_workspace (CcalDb      *db,
                                   const char  *workspace_id,
                                   GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  if (!lease_acquire (self, &lease, error))
    return FALSE;
  p_text (&p, workspace_id);
  p_time (&p, g_get_real_time ());
  res = run (&lease,
             "INSERT INTO workspaces (id, change_seq, created_at) VALUES ($1, 0, $2) ON CONFLICT (id) DO NOTHING",
             &p, error);
  if (res == NULL)
    return FALSE;
  if (res_changes (res) == 0)
    {
      g_set_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_EXISTS, "The workspace “%s” already exists", workspace_id);
      return FALSE;
    }
  return TRUE;
}

static char *
ccal_db_postgres_ensure_user (CcalDb      *db,
                              const char  *workspace_id,
                              const char  *email,
                              const char  *name,
                              CcalRole     role,
                              GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_autofree char *new_id = g_uuid_string_random ();

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;

  {
    g_auto(Params) p = { 0 };
    g_autoptr(PGresult) res = NULL;

    p_text (&p, workspace_id);
    res = run (&lease, "SELECT 1 FROM workspaces WHERE id = $1", &p, error);
    if (res == NULL)
      return NULL;
    if (PQntuples (res) == 0)
      {
        ccal_db_set_not_found (error, "Workspace");
        return NULL;
      }
  }

  /* ON CONFLICT: two processes adding the same person at once end with one user */
  {
    g_auto(Params) p = { 0 };
    g_autoptr(PGresult) res = NULL;

    p_uuid (&p, new_id);
    p_text (&p, workspace_id);
    p_text (&p, email);
    p_text (&p, name);
    p_text (&p, ccal_role_to_string (role));
    p_time (&p, g_get_real_time ());
    res = run (&lease,
               "INSERT INTO users (id, workspace_id, email, name, role, created_at) "
               "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (workspace_id, lower(email)) DO NOTHING",
               &p, error);
    if (res == NULL)
      return NULL;
  }

  {
    g_auto(Params) p = { 0 };
    g_autoptr(PGresult) res = NULL;
    char *user_id;

    p_text (&p, workspace_id);
    p_text (&p, email);
    res = run (&lease, "SELECT id FROM users WHERE workspace_id = $1 AND lower(email) = lower($2)", &p, error);
    if (res == NULL)
      return NULL;
    if (PQntuples (res) == 0)
      {
        ccal_db_set_failed (error);
        return NULL;
      }
    user_id = col_dup (res, 0, 0);
    if (!tx_commit (&lease, error))
      {
        g_free (user_id);
        return NULL;
      }
    return user_id;
  }
}

static gboolean
ccal_db_postgres_add_api_key (CcalDb      *db,
                              const char  *user_id,
                              const char  *key_hash,
                              const char  *prefix,
                              const char  *label,
                              GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;
  g_autofree char *id = g_uuid_string_random ();

  if (!lease_acquire (self, &lease, error))
    return FALSE;

  /* one statement: the user must exist (no such user inserts nothing) */
  p_uuid (&p, id);
  p_uuid (&p, user_id);
  p_text (&p, key_hash);
  p_text (&p, prefix);
  p_text (&p, label);
  p_time (&p, g_get_real_time ());
  res = run (&lease,
             "INSERT INTO api_keys (id, user_id, key_hash, prefix, label, created_at) "
             "SELECT $1, u.id, $3, $4, $5, $6 FROM users u WHERE u.id = $2",
             &p, error);
  if (res == NULL)
    return FALSE;
  if (res_changes (res) == 0)
    {
      ccal_db_set_not_found (error, "User");
      return FALSE;
    }
  return TRUE;
}

static CcalDbUser *
ccal_db_postgres_lookup_api_key (CcalDb      *db,
                                 const char  *key_hash,
                                 GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;
  CcalDbUser *user;

  if (!lease_acquire (self, &lease, error))
    return NULL;
  p_text (&p, key_hash);
  res = run (&lease,
             "SELECT u.id, u.workspace_id, u.name, u.email, u.role, k.revoked_at IS NOT NULL "
             "FROM api_keys k JOIN users u ON u.id = k.user_id WHERE k.key_hash = $1",
             &p, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      ccal_db_set_not_found (error, "API key");
      return NULL;
    }
  user = user_from_row (res, 0);
  user->revoked = col_bool (res, 0, 5);
  return user;
}

static CcalDbUser *
ccal_db_postgres_get_user (CcalDb      *db,
                           const char  *workspace_id,
                           const char  *user_id,
                           GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  if (!lease_acquire (self, &lease, error))
    return NULL;
  p_uuid (&p, user_id);
  p_text (&p, workspace_id);
  res = run (&lease,
             "SELECT id, workspace_id, name, email, role FROM users "
             "WHERE id = $1 AND ($2::text IS NULL OR workspace_id = $2)",
             &p, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      ccal_db_set_not_found (error, "User");
      return NULL;
    }
  return user_from_row (res, 0);
}

static gboolean
ccal_db_postgres_revoke_api_key (CcalDb      *db,
                                 const char  *key_prefix,
                                 GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  if (!lease_acquire (self, &lease, error))
    return FALSE;
  p_text (&p, key_prefix);
  p_time (&p, g_get_real_time ());
  res = run (&lease, "UPDATE api_keys SET revoked_at = $2 WHERE prefix = $1 AND revoked_at IS NULL", &p, error);
  if (res == NULL)
    return FALSE;
  if (res_changes (res) == 0)
    {
      ccal_db_set_not_found (error, "API key");
      return FALSE;
    }
  return TRUE;
}

static char *
ccal_db_postgres_get_workspace_admin (CcalDb      *db,
                                      const char  *workspace_id,
                                      GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  if (!lease_acquire (self, &lease, error))
    return NULL;
  p_text (&p, workspace_id);
  res = run (&lease,
             "SELECT id FROM users WHERE workspace_id = $1 AND role = 'admin' ORDER BY created_at, id LIMIT 1",
             &p, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      ccal_db_set_not_found (error, "Workspace admin");
      return NULL;
    }
  return col_dup (res, 0, 0);
}

/* Settings */

/* The admin's settings, or the defaults (version 1); NOT_FOUND when the admin is not a user of the
 * workspace. With @lock, the admin's row stays locked to the commit. */
static CcalSettings *
read_settings (Lease       *lease,
               const char  *workspace_id,
               const char  *admin_id,
               gboolean     lock,
               GError     **error)
{
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;
  CcalSettings *settings;

  p_uuid (&p, admin_id);
  p_text (&p, workspace_id);
  res = run (lease,
             lock ? "SELECT u.id, s.timezone, s.slot_minutes, s.buffer_before_minutes, s.buffer_after_minutes, "
                    "s.min_notice_minutes, s.max_advance_days, s.version "
                    "FROM users u LEFT JOIN booking_settings s ON s.admin_id = u.id "
                    "WHERE u.id = $1 AND u.workspace_id = $2 FOR NO KEY UPDATE OF u"
                  : "SELECT u.id, s.timezone, s.slot_minutes, s.buffer_before_minutes, s.buffer_after_minutes, "
                    "s.min_notice_minutes, s.max_advance_days, s.version "
                    "FROM users u LEFT JOIN booking_settings s ON s.admin_id = u.id "
                    "WHERE u.id = $1 AND u.workspace_id = $2",
             &p, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      ccal_db_set_not_found (error, "Admin");
      return NULL;
    }

  settings = ccal_settings_new ();
  col_set_str (&settings->admin_id, res, 0, 0);
  if (col_is_null (res, 0, 7))
    {
      settings->version = 1;
      return settings;
    }
  col_set_str (&settings->timezone, res, 0, 1);
  settings->slot_minutes = (int) col_int64 (res, 0, 2);
  settings->buffer_before_minutes = (int) col_int64 (res, 0, 3);
  settings->buffer_after_minutes = (int) col_int64 (res, 0, 4);
  settings->min_notice_minutes = (int) col_int64 (res, 0, 5);
  settings->max_advance_days = (int) col_int64 (res, 0, 6);
  settings->version = col_int64 (res, 0, 7);
  return settings;
}

static CcalSettings *
ccal_db_postgres_get_settings (CcalDb      *db,
                               const char  *workspace_id,
                               const char  *admin_id,
                               GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };

  if (!lease_acquire (self, &lease, error))
    return NULL;
  return read_settings (&lease, workspace_id, admin_id, FALSE, error);
}

static CcalSettings *
ccal_db_postgres_put_settings (CcalDb        *db,
                               const char    *workspace_id,
                               CcalSettings  *settings,
                               gint64         if_match,
                               GError       **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(CcalSettings) current = NULL;
  g_autoptr(CcalSettings) stored = NULL;

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;

  /* the admin's lock makes read-compare-write one step against other processes */
  current = read_settings (&lease, workspace_id, settings->admin_id, TRUE, error);
  if (current == NULL)
    return NULL;
  if (if_match > 0 && if_match != current->version)
    {
      ccal_db_set_version_conflict (error, current->version);
      return NULL;
    }

  {
    g_auto(Params) p = { 0 };

    p_uuid (&p, settings->admin_id);
    p_text (&p, workspace_id);
    p_text (&p, settings->timezone != NULL ? settings->timezone : "UTC");
    p_int (&p, settings->slot_minutes);
    p_int (&p, settings->buffer_before_minutes);
    p_int (&p, settings->buffer_after_minutes);
    p_int (&p, settings->min_notice_minutes);
    p_int (&p, settings->max_advance_days);
    p_int (&p, current->version + 1);
    p_time (&p, g_get_real_time ());
    if (!run_command (&lease,
                      "INSERT INTO booking_settings (admin_id, workspace_id, timezone, slot_minutes, "
                      "buffer_before_minutes, buffer_after_minutes, min_notice_minutes, max_advance_days, version, "
                      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                      "ON CONFLICT (admin_id) DO UPDATE SET timezone = excluded.timezone, "
                      "slot_minutes = excluded.slot_minutes, buffer_before_minutes = excluded.buffer_before_minutes, "
                      "buffer_after_minutes = excluded.buffer_after_minutes, "
                      "min_notice_minutes = excluded.min_notice_minutes, max_advance_days = excluded.max_advance_days, "
                      "version = excluded.version, updated_at = excluded.updated_at",
                      &p, error))
      return NULL;
  }

  stored = read_settings (&lease, workspace_id, settings->admin_id, FALSE, error);
  if (stored == NULL || !tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

/* Events */

#define EVENT_COLUMNS \
  "e.id, e.workspace_id, e.admin_id, e.title, e.type, " US ("e.start_time") ", " US ("e.end_time") ", " \
  "e.is_all_day, e.timezone, e.rrule, " \
  "(SELECT string_agg(" US ("x") "::text, ',' ORDER BY o) FROM unnest(e.exdates) WITH ORDINALITY u (x, o)), " \
  "e.description, e.location, e.status, e.contact_id, e.metadata, e.created_by, " US ("e.created_at") ", " \
  US ("e.updated_at") ", e.version, e.deleted_at IS NOT NULL, e.change_seq"
#define EVENT_COL_CHANGE_SEQ 21

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
event_from_row (const PGresult *res,
                int             row)
{
  CcalEvent *event = ccal_event_new ();

  col_set_str (&event->id, res, row, 0);
  col_set_str (&event->workspace_id, res, row, 1);
  col_set_str (&event->admin_id, res, row, 2);
  col_set_str (&event->title, res, row, 3);
  if (!ccal_event_type_from_string (PQgetvalue (res, row, 4), &event->type))
    event->type = CCAL_EVENT_TYPE_EVENT;
  event->start_time = col_int64 (res, row, 5);
  event->end_time = col_int64 (res, row, 6);
  event->is_all_day = col_bool (res, row, 7);
  col_set_str (&event->timezone, res, row, 8);
  col_set_str (&event->rrule, res, row, 9);
  if (event->exdates == NULL)
    event->exdates = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_set_size (event->exdates, 0);
  if (!col_is_null (res, row, 10))
    exdates_from_text (event->exdates, PQgetvalue (res, row, 10));
  col_set_str (&event->description, res, row, 11);
  col_set_str (&event->location, res, row, 12);
  if (!ccal_event_status_from_string (PQgetvalue (res, row, 13), &event->status))
    event->status = CCAL_EVENT_STATUS_PENDING;
  col_set_str (&event->contact_id, res, row, 14);
  g_clear_pointer (&event->metadata, json_object_unref);
  event->metadata = metadata_from_text (col_is_null (res, row, 15) ? NULL : PQgetvalue (res, row, 15));
  col_set_str (&event->created_by, res, row, 16);
  event->created_at = col_int64 (res, row, 17);
  event->updated_at = col_int64 (res, row, 18);
  event->version = col_int64 (res, row, 19);
  event->deleted = col_bool (res, row, 20);
  return event;
}

static CcalEvent *
read_event (Lease       *lease,
            const char  *workspace_id,
            const char  *id,
            GError     **error)
{
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  p_uuid (&p, id);
  p_text (&p, workspace_id);
  res = run (lease,
             "SELECT " EVENT_COLUMNS " FROM calendar_events e "
             "WHERE e.id = $1 AND e.workspace_id = $2 AND e.deleted_at IS NULL",
             &p, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      ccal_db_set_not_found (error, "Event");
      return NULL;
    }
  return event_from_row (res, 0);
}

/* The admin and the contact an event names must belong to its workspace. */
static gboolean
check_event_references (Lease      *lease,
                        CcalEvent  *event,
                        GError    **error)
{
  if (!check_user_in_workspace (lease, event->workspace_id, event->admin_id, FALSE, "Admin", error))
    return FALSE;
  if (event->contact_id != NULL)
    {
      g_auto(Params) p = { 0 };
      g_autoptr(PGresult) res = NULL;

      p_uuid (&p, event->contact_id);
      p_text (&p, event->workspace_id);
      res = run (lease, "SELECT 1 FROM contacts WHERE id = $1 AND workspace_id = $2", &p, error);
      if (res == NULL)
        return FALSE;
      if (PQntuples (res) == 0)
        {
          ccal_db_set_not_found (error, "Contact");
          return FALSE;
        }
    }
  return TRUE;
}

/* Adds the fields an insert and an update of an event both write, as $3 … $17. */
static void
params_event_fields (Params    *p,
                     CcalEvent *event)
{
  p_uuid (p, event->admin_id);                                   /* $3 */
  p_text (p, event->title);
  p_text (p, ccal_event_type_to_string (event->type));           /* $5 */
  p_time (p, event->start_time);
  p_time (p, event->end_time);                                   /* $7 */
  p_time (p, ccal_db_event_series_end (event));
  p_bool (p, event->is_all_day);                                 /* $9 */
  p_text (p, event->timezone);
  p_text (p, event->rrule != NULL && event->rrule[0] != '\0' ? event->rrule : NULL);  /* $11 */
  p_exdates (p, event->exdates);
  p_text (p, event->description);                                /* $13 */
  p_text (p, event->location);
  p_text (p, ccal_event_status_to_string (event->status));       /* $15 */
  p_uuid (p, event->contact_id);
  p_owned (p, OID_JSONB, metadata_to_text (event->metadata));    /* $17 */
}

static CcalEvent *
ccal_db_postgres_get_event (CcalDb      *db,
                            const char  *workspace_id,
                            const char  *id,
                            GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };

  if (!lease_acquire (self, &lease, error))
    return NULL;
  return read_event (&lease, workspace_id, id, error);
}

static CcalEvent *
ccal_db_postgres_insert_event (CcalDb     *db,
                               CcalEvent  *event,
                               GError    **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_autofree char *id = event->id != NULL ? g_strdup (event->id) : g_uuid_string_random ();
  g_autoptr(CcalEvent) stored = NULL;
  gint64 seq;

  if (event->end_time <= event->start_time)
    {
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID, "The event must end after it starts");
      return NULL;
    }
  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;
  if (!check_event_references (&lease, event, error) ||
      !bump_change_seq (&lease, event->workspace_id, 1, &seq, error))
    return NULL;

  {
    g_auto(Params) p = { 0 };
    gint64 now = g_get_real_time ();

    p_uuid (&p, id);
    p_text (&p, event->workspace_id);
    params_event_fields (&p, event);
    p_uuid (&p, event->created_by);   /* $18 */
    p_time (&p, now);
    p_int (&p, seq);                  /* $20 */
    if (!run_command (&lease,
                      "INSERT INTO calendar_events (id, workspace_id, admin_id, title, type, start_time, end_time, "
                      "series_end, is_all_day, timezone, rrule, exdates, description, location, status, contact_id, "
                      "metadata, created_by, created_at, updated_at, version, change_seq) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
                      "$19, $19, 1, $20)",
                      &p, error))
      return NULL;
  }

  stored = read_event (&lease, event->workspace_id, id, error);
  if (stored == NULL || !tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

/* The stored version of a live row, locked to the commit (If-Match is a read-compare-write that
 * other processes must not interleave); NOT_FOUND for a missing or deleted one. */
static gboolean
lock_live_version (Lease       *lease,
                   const char  *sql,
                   const char  *workspace_id,
                   const char  *id,
                   const char  *what,
                   gint64      *out_version,
                   GError     **error)
{
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  p_uuid (&p, id);
  p_text (&p, workspace_id);
  res = run (lease, sql, &p, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      ccal_db_set_not_found (error, what);
      return FALSE;
    }
  *out_version = col_int64 (res, 0, 0);
  return TRUE;
}

#define EVENT_VERSION_SQL \
  "SELECT version FROM calendar_events WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL " \
  "FOR NO KEY UPDATE"

static CcalEvent *
ccal_db_postgres_update_event (CcalDb     *db,
                               CcalEvent  *event,
                               gint64      if_match,
                               GError    **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
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
  if (!lock_live_version (&lease, EVENT_VERSION_SQL, event->workspace_id, event->id, "Event", &version, error))
    return NULL;
  if (if_match > 0 && if_match != version)
    {
      ccal_db_set_version_conflict (error, version);
      return NULL;
    }
  if (!check_event_references (&lease, event, error) ||
      !bump_change_seq (&lease, event->workspace_id, 1, &seq, error))
    return NULL;

  {
    g_auto(Params) p = { 0 };

    p_uuid (&p, event->id);
    p_text (&p, event->workspace_id);
    params_event_fields (&p, event);
    p_time (&p, g_get_real_time ());   /* $18 */
    p_int (&p, seq);
    if (!run_command (&lease,
                      "UPDATE calendar_events SET admin_id = $3, title = $4, type = $5, start_time = $6, "
                      "end_time = $7, series_end = $8, is_all_day = $9, timezone = $10, rrule = $11, exdates = $12, "
                      "description = $13, location = $14, status = $15, contact_id = $16, metadata = $17, "
                      "updated_at = $18, version = version + 1, change_seq = $19 "
                      "WHERE id = $1 AND workspace_id = $2",
                      &p, error))
      return NULL;
  }

  stored = read_event (&lease, event->workspace_id, event->id, error);
  if (stored == NULL || !tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

static gboolean
ccal_db_postgres_delete_event (CcalDb      *db,
                               const char  *workspace_id,
                               const char  *id,
                               gint64       if_match,
                               GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  gint64 version, seq;

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return FALSE;
  if (!lock_live_version (&lease, EVENT_VERSION_SQL, workspace_id, id, "Event", &version, error))
    return FALSE;
  if (if_match > 0 && if_match != version)
    {
      ccal_db_set_version_conflict (error, version);
      return FALSE;
    }
  if (!bump_change_seq (&lease, workspace_id, 1, &seq, error))
    return FALSE;

  p_uuid (&p, id);
  p_text (&p, workspace_id);
  p_time (&p, g_get_real_time ());
  p_int (&p, seq);
  if (!run_command (&lease,
                    "UPDATE calendar_events SET deleted_at = $3, updated_at = $3, version = version + 1, "
                    "change_seq = $4 WHERE id = $1 AND workspace_id = $2",
                    &p, error))
    return FALSE;
  return tx_commit (&lease, error);
}

/* Bookings: reading */

#define BOOKING_SELECT \
  "SELECT a.id, a.workspace_id, a.admin_id, a.title, a.description, " US ("a.start_time") ", " \
  US ("a.end_time") ", a.duration_minutes, a.location, a.meeting_link, a.product_interest, a.status, a.source, " \
  "a.created_by, a.updated_by, " US ("a.created_at") ", " US ("a.updated_at") ", a.version, " \
  "a.deleted_at IS NOT NULL, a.change_seq, c.id, c.name, c.email, c.phone, c.timezone, r.outcome, r.notes, " \
  "o.opportunity_id " \
  "FROM appointments a JOIN contacts c ON c.id = a.contact_id " \
  "LEFT JOIN appointment_results r ON r.appointment_id = a.id " \
  "LEFT JOIN opportunity_appointments o ON o.appointment_id = a.id "
#define BOOKING_COL_CHANGE_SEQ 19

static gpointer
booking_from_row (const PGresult *res,
                  int             row)
{
  CcalBooking *booking = ccal_booking_new ();
  CcalContact *contact = ccal_contact_new ();

  col_set_str (&booking->id, res, row, 0);
  col_set_str (&booking->workspace_id, res, row, 1);
  col_set_str (&booking->admin_id, res, row, 2);
  col_set_str (&booking->title, res, row, 3);
  col_set_str (&booking->description, res, row, 4);
  booking->start_time = col_int64 (res, row, 5);
  booking->end_time = col_int64 (res, row, 6);
  booking->duration_minutes = (int) col_int64 (res, row, 7);
  col_set_str (&booking->location, res, row, 8);
  col_set_str (&booking->meeting_link, res, row, 9);
  col_set_str (&booking->product_interest, res, row, 10);
  if (!ccal_booking_status_from_string (PQgetvalue (res, row, 11), &booking->status))
    booking->status = CCAL_BOOKING_STATUS_PENDING;
  if (!ccal_booking_source_from_string (PQgetvalue (res, row, 12), &booking->source))
    booking->source = CCAL_BOOKING_SOURCE_PUBLIC;
  col_set_str (&booking->created_by, res, row, 13);
  col_set_str (&booking->updated_by, res, row, 14);
  booking->created_at = col_int64 (res, row, 15);
  booking->updated_at = col_int64 (res, row, 16);
  booking->version = col_int64 (res, row, 17);
  booking->deleted = col_bool (res, row, 18);

  col_set_str (&contact->id, res, row, 20);
  col_set_str (&contact->workspace_id, res, row, 1);
  col_set_str (&contact->name, res, row, 21);
  col_set_str (&contact->email, res, row, 22);
  col_set_str (&contact->phone, res, row, 23);
  col_set_str (&contact->timezone, res, row, 24);
  g_clear_object (&booking->contact);
  booking->contact = contact;

  col_set_str (&booking->result_outcome, res, row, 25);
  col_set_str (&booking->result_notes, res, row, 26);
  col_set_str (&booking->opportunity_id, res, row, 27);
  return booking;
}

/* With @lock, the appointment row stays locked to the commit. */
static CcalBooking *
read_booking (Lease       *lease,
              const char  *workspace_id,
              const char  *id,
              gboolean     lock,
              GError     **error)
{
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  p_uuid (&p, id);
  p_text (&p, workspace_id);
  res = run (lease,
             lock ? BOOKING_SELECT "WHERE a.id = $1 AND a.workspace_id = $2 AND a.deleted_at IS NULL "
                    "FOR NO KEY UPDATE OF a"
                  : BOOKING_SELECT "WHERE a.id = $1 AND a.workspace_id = $2 AND a.deleted_at IS NULL",
             &p, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      ccal_db_set_not_found (error, "Booking");
      return NULL;
    }
  return booking_from_row (res, 0);
}

static CcalBooking *
ccal_db_postgres_get_booking (CcalDb      *db,
                              const char  *workspace_id,
                              const char  *id,
                              GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };

  if (!lease_acquire (self, &lease, error))
    return NULL;
  return read_booking (&lease, workspace_id, id, FALSE, error);
}

/* NOT_FOUND unless the booking is live in the workspace; with @lock its row stays locked. */
static gboolean
booking_exists (Lease       *lease,
                const char  *workspace_id,
                const char  *id,
                gboolean     lock,
                char       **out_admin_id,
                GError     **error)
{
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  p_uuid (&p, id);
  p_text (&p, workspace_id);
  res = run (lease,
             lock ? "SELECT admin_id FROM appointments WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL "
                    "FOR NO KEY UPDATE"
                  : "SELECT admin_id FROM appointments WHERE id = $1 AND workspace_id = $2 AND deleted_at IS NULL",
             &p, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      ccal_db_set_not_found (error, "Booking");
      return FALSE;
    }
  if (out_admin_id != NULL)
    *out_admin_id = col_dup (res, 0, 0);
  return TRUE;
}

/* Schedule */

/* Bookings that occupy time. start_time ≥ from − the longest booking keeps this a short index range
 * however long the admin's history is. */
#define BUSY_BOOKINGS_SQL \
  "SELECT " US ("start_time") ", " US ("end_time") " FROM appointments " \
  "WHERE workspace_id = $1 AND admin_id = $2 AND deleted_at IS NULL AND status <> 'cancelled' " \
  "AND start_time >= $3 AND start_time < $4 AND end_time > $5 AND id IS DISTINCT FROM $6 " \
  "ORDER BY start_time"
#define BUSY_HOLDS_SQL \
  "SELECT " US ("start_time") ", " US ("end_time") " FROM holds " \
  "WHERE workspace_id = $1 AND admin_id = $2 AND start_time >= $3 AND start_time < $4 AND end_time > $5 " \
  "AND id IS DISTINCT FROM $6 AND expires_at > $7 ORDER BY start_time"

static gboolean
append_busy (Lease       *lease,
             gboolean     holds,
             const char  *workspace_id,
             const char  *admin_id,
             gint64       from,
             gint64       to,
             const char  *ignore_id,
             GArray      *busy,
             GError     **error)
{
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  p_text (&p, workspace_id);
  p_uuid (&p, admin_id);
  p_time (&p, ccal_db_range_min_start (from));
  p_time (&p, to);
  p_time (&p, from);
  p_uuid (&p, ignore_id);
  if (holds)
    p_time (&p, g_get_real_time ());
  res = run (lease, holds ? BUSY_HOLDS_SQL : BUSY_BOOKINGS_SQL, &p, error);
  if (res == NULL)
    return FALSE;
  for (int i = 0; i < PQntuples (res); i++)
    {
      CcalInterval interval = { col_int64 (res, i, 0), col_int64 (res, i, 1) };

      g_array_append_val (busy, interval);
    }
  return TRUE;
}

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

  settings = read_settings (lease, workspace_id, admin_id, FALSE, error);
  if (settings == NULL)
    return FALSE;

  {
    g_auto(Params) p = { 0 };
    g_autoptr(PGresult) res = NULL;

    p_uuid (&p, admin_id);
    p_text (&p, workspace_id);
    p_time (&p, from);
    p_time (&p, to);
    res = run (lease,
               "SELECT " EVENT_COLUMNS " FROM calendar_events e "
               "WHERE e.workspace_id = $2 AND e.admin_id = $1 AND e.deleted_at IS NULL AND e.series_end > $3 "
               "AND e.start_time < $4 AND e.status <> 'cancelled' ORDER BY e.start_time, e.id",
               &p, error);
    if (res == NULL)
      return FALSE;
    for (int i = 0; i < PQntuples (res); i++)
      g_ptr_array_add (events, event_from_row (res, i));
  }

  if (!append_busy (lease, FALSE, workspace_id, admin_id, from, to, ignore_booking_id, busy, error) ||
      !append_busy (lease, TRUE, workspace_id, admin_id, from, to, ignore_hold_id, busy, error))
    return FALSE;

  ccal_db_schedule_clear (out);
  out->settings = g_steal_pointer (&settings);
  out->events = g_steal_pointer (&events);
  out->busy = g_steal_pointer (&busy);
  return TRUE;
}

static gboolean
ccal_db_postgres_load_schedule (CcalDb          *db,
                                const char      *workspace_id,
                                const char      *admin_id,
                                gint64           from,
                                gint64           to,
                                const char      *ignore_hold_id,
                                CcalDbSchedule  *out,
                                GError         **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
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
run_slot_check (Lease              *lease,
                const char         *workspace_id,
                const char         *admin_id,
                gint64              from,
                gint64              to,
                const char         *ignore_hold_id,
                const char         *ignore_booking_id,
                const CcalInterval *slot,
                CcalDbSlotCheck     check,
                gpointer            check_data,
                GError            **error)
{
  CcalDbSchedule schedule = { 0 };
  gboolean ok;

  if (!load_schedule_in (lease, workspace_id, admin_id, from, to, ignore_hold_id, ignore_booking_id, &schedule, error))
    return FALSE;
  ok = check (&schedule, slot, check_data, error);
  ccal_db_schedule_clear (&schedule);
  return ok;
}

/* The guarantee that does not depend on the caller's check (the exclusion constraint is the last
 * one): SLOT_UNAVAILABLE when a busy booking (or with @holds, a live hold) overlaps [start, end). */
static gboolean
refuse_overlap (Lease       *lease,
                gboolean     holds,
                const char  *workspace_id,
                const char  *admin_id,
                gint64       start,
                gint64       end,
                const char  *ignore_id,
                GError     **error)
{
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (CcalInterval));

  if (!append_busy (lease, holds, workspace_id, admin_id, start, end, ignore_id, busy, error))
    return FALSE;
  if (busy->len > 0)
    {
      ccal_db_set_slot_unavailable (error);
      return FALSE;
    }
  return TRUE;
}

/* Holds */

static CcalDbHold *
ccal_db_postgres_insert_hold (CcalDb           *db,
                              const char       *workspace_id,
                              CcalDbHold       *hold,
                              gint64            from,
                              gint64            to,
                              CcalDbSlotCheck   check,
                              gpointer          check_data,
                              GError          **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
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
  /* the admin's lock: holds and bookings of this admin, from any process, are checked one by one */
  if (!check_user_in_workspace (&lease, workspace_id, hold->admin_id, TRUE, "Admin", error))
    return NULL;

  {
    g_auto(Params) p = { 0 };

    p_text (&p, workspace_id);
    p_uuid (&p, hold->admin_id);
    p_time (&p, now);
    if (!run_command (&lease, "DELETE FROM holds WHERE workspace_id = $1 AND admin_id = $2 AND expires_at <= $3", &p,
                      error))
      return NULL;
  }

  if (check != NULL &&
      !run_slot_check (&lease, workspace_id, hold->admin_id, from, to, NULL, NULL, &slot, check, check_data, error))
    return NULL;
  if (!refuse_overlap (&lease, FALSE, workspace_id, hold->admin_id, slot.start, slot.end, NULL, error) ||
      !refuse_overlap (&lease, TRUE, workspace_id, hold->admin_id, slot.start, slot.end, NULL, error))
    return NULL;

  stored = g_new0 (CcalDbHold, 1);
  stored->id = hold->id != NULL ? g_strdup (hold->id) : g_uuid_string_random ();
  stored->admin_id = g_strdup (hold->admin_id);
  stored->created_by = g_strdup (hold->created_by);
  stored->start_time = hold->start_time;
  stored->end_time = hold->end_time;
  stored->expires_at = hold->expires_at;

  {
    g_auto(Params) p = { 0 };

    p_uuid (&p, stored->id);
    p_text (&p, workspace_id);
    p_uuid (&p, stored->admin_id);
    p_uuid (&p, stored->created_by);
    p_time (&p, stored->start_time);
    p_time (&p, stored->end_time);
    p_time (&p, stored->expires_at);
    p_time (&p, now);
    if (!run_command (&lease,
                      "INSERT INTO holds (id, workspace_id, admin_id, created_by, start_time, end_time, expires_at, "
                      "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                      &p, error))
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
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  p_uuid (&p, hold_id);
  p_text (&p, workspace_id);
  res = run (lease, "DELETE FROM holds WHERE id = $1 AND workspace_id = $2", &p, error);
  if (res == NULL)
    return FALSE;
  if (res_changes (res) == 0)
    {
      ccal_db_set_not_found (error, "Hold");
      return FALSE;
    }
  return TRUE;
}

static gboolean
ccal_db_postgres_delete_hold (CcalDb      *db,
                              const char  *workspace_id,
                              const char  *hold_id,
                              GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };

  if (!lease_acquire (self, &lease, error))
    return FALSE;
  return delete_hold_in (&lease, workspace_id, hold_id, error);
}

/* Bookings: writing */

static const char *
nonempty (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : NULL;
}

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
  for (int attempt = 0; attempt < 2; attempt++)
    {
      g_autofree char *id = NULL;

      {
        g_auto(Params) p = { 0 };
        g_autoptr(PGresult) res = NULL;

        p_text (&p, workspace_id);
        p_text (&p, contact->email);
        res = run (lease,
                   "SELECT id, phone IS NULL, timezone IS NULL, deleted_at IS NOT NULL FROM contacts "
                   "WHERE workspace_id = $1 AND lower(email) = lower($2)",
                   &p, error);
        if (res == NULL)
          return NULL;
        if (PQntuples (res) > 0)
          {
            gboolean fill = (col_bool (res, 0, 1) && nonempty (contact->phone) != NULL) ||
                            (col_bool (res, 0, 2) && contact->timezone != NULL) || col_bool (res, 0, 3);

            id = col_dup (res, 0, 0);
            if (fill)
              {
                g_auto(Params) q = { 0 };

                p_uuid (&q, id);
                p_text (&q, nonempty (contact->phone));
                p_text (&q, contact->timezone);
                p_time (&q, now);
                if (!run_command (lease,
                                  "UPDATE contacts SET phone = coalesce(phone, $2), timezone = coalesce(timezone, $3), "
                                  "deleted_at = NULL, updated_at = $4 WHERE id = $1",
                                  &q, error))
                  return NULL;
              }
            return g_steal_pointer (&id);
          }
      }

      /* ON CONFLICT: another process may create the same contact right now; then read theirs */
      {
        g_auto(Params) p = { 0 };
        g_autoptr(PGresult) res = NULL;

        id = g_uuid_string_random ();
        p_uuid (&p, id);
        p_text (&p, workspace_id);
        p_text (&p, contact->name != NULL ? contact->name : contact->email);
        p_text (&p, contact->email);
        p_text (&p, nonempty (contact->phone));
        p_text (&p, contact->timezone);
        p_time (&p, now);
        res = run (lease,
                   "INSERT INTO contacts (id, workspace_id, name, email, phone, timezone, created_at, updated_at) "
                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (workspace_id, lower(email)) DO NOTHING",
                   &p, error);
        if (res == NULL)
          return NULL;
        if (res_changes (res) == 1)
          return g_steal_pointer (&id);
      }
    }
  ccal_db_set_failed (error);
  return NULL;
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
  g_auto(Params) p = { 0 };

  p_uuid (&p, booking_id);
  p_text (&p, from_status);
  p_text (&p, to_status);
  p_uuid (&p, changed_by);
  p_time (&p, changed_at);
  p_text (&p, reason);
  return run_command (lease,
                      "INSERT INTO appointment_status_history (appointment_id, from_status, to_status, changed_by, "
                      "changed_at, reason) VALUES ($1, $2, $3, $4, $5, $6)",
                      &p, error);
}

/* Links (or unlinks, @opportunity_id NULL) the booking's opportunity. */
static gboolean
set_opportunity (Lease       *lease,
                 const char  *booking_id,
                 const char  *opportunity_id,
                 gint64       now,
                 GError     **error)
{
  g_auto(Params) p = { 0 };

  p_uuid (&p, booking_id);
  if (nonempty (opportunity_id) == NULL)
    return run_command (lease, "DELETE FROM opportunity_appointments WHERE appointment_id = $1", &p, error);
  p_text (&p, opportunity_id);
  p_time (&p, now);
  return run_command (lease,
                      "INSERT INTO opportunity_appointments (appointment_id, opportunity_id, linked_at) "
                      "VALUES ($1, $2, $3) ON CONFLICT (appointment_id) DO UPDATE SET "
                      "opportunity_id = excluded.opportunity_id, linked_at = excluded.linked_at",
                      &p, error);
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

  if (!bump_change_seq (lease, booking->workspace_id, 1, &seq, error))
    return FALSE;

  {
    g_auto(Params) p = { 0 };

    p_uuid (&p, id);
    p_text (&p, booking->workspace_id);
    p_uuid (&p, booking->admin_id);
    p_uuid (&p, contact_id);
    p_text (&p, booking->title);                                /* $5 */
    p_text (&p, booking->description);
    p_time (&p, booking->start_time);
    p_time (&p, booking->end_time);
    p_int (&p, booking_duration_minutes (booking));
    p_text (&p, booking->location);                             /* $10 */
    p_text (&p, booking->meeting_link);
    p_text (&p, booking->product_interest);
    p_text (&p, status);
    p_text (&p, ccal_booking_source_to_string (booking->source));
    p_uuid (&p, booking->created_by);                           /* $15 */
    p_uuid (&p, booking->updated_by != NULL ? booking->updated_by : booking->created_by);
    p_time (&p, created_at);
    p_time (&p, updated_at);
    p_int (&p, seq);                                            /* $19 */
    /* an overlap committed by another process meanwhile: 23P01, SLOT_UNAVAILABLE */
    if (!run_command (lease,
                      "INSERT INTO appointments (id, workspace_id, admin_id, contact_id, title, description, "
                      "start_time, end_time, duration_minutes, location, meeting_link, product_interest, status, "
                      "source, created_by, updated_by, created_at, updated_at, version, change_seq) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, "
                      "1, $19)",
                      &p, error))
      return FALSE;
  }

  if (nonempty (booking->opportunity_id) != NULL &&
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
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  *out_id = NULL;
  if (!is_uuid (hold_id))
    return TRUE;
  p_uuid (&p, hold_id);
  p_text (&p, booking->workspace_id);
  p_uuid (&p, booking->admin_id);
  p_time (&p, g_get_real_time ());
  p_time (&p, booking->start_time);
  p_time (&p, booking->end_time);
  res = run (lease,
             "SELECT id FROM holds WHERE id = $1 AND workspace_id = $2 AND admin_id = $3 AND expires_at > $4 "
             "AND start_time < $6 AND end_time > $5",
             &p, error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) > 0)
    *out_id = col_dup (res, 0, 0);
  return TRUE;
}

static CcalBooking *
ccal_db_postgres_insert_booking (CcalDb           *db,
                                 CcalBooking      *booking,
                                 const char       *hold_id,
                                 gint64            from,
                                 gint64            to,
                                 CcalDbSlotCheck   check,
                                 gpointer          check_data,
                                 GError          **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
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
  if (!check_user_in_workspace (&lease, booking->workspace_id, booking->admin_id, TRUE, "Admin", error) ||
      !find_usable_hold (&lease, booking, hold_id, &live_hold, error))
    return NULL;
  if (check != NULL && !run_slot_check (&lease, booking->workspace_id, booking->admin_id, from, to, live_hold, NULL,
                                        &slot, check, check_data, error))
    return NULL;
  if (ccal_booking_status_is_busy (booking->status) &&
      !refuse_overlap (&lease, FALSE, booking->workspace_id, booking->admin_id, slot.start, slot.end, NULL,
                       error))
    return NULL;

  contact_id = find_or_create_contact (&lease, booking->workspace_id, booking->contact, now, error);
  if (contact_id == NULL || !insert_booking_row (&lease, booking, id, contact_id, now, error))
    return NULL;
  if (live_hold != NULL && !delete_hold_in (&lease, booking->workspace_id, live_hold, error))
    return NULL;

  stored = read_booking (&lease, booking->workspace_id, id, FALSE, error);
  if (stored == NULL || !tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

static CcalBooking *
ccal_db_postgres_update_booking (CcalDb           *db,
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
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(CcalBooking) current = NULL;
  g_autoptr(CcalBooking) stored = NULL;
  g_autofree char *admin_id = NULL;
  CcalInterval slot = { booking->start_time, booking->end_time };
  const char *ws = booking->workspace_id;
  gboolean times_changed;
  gint64 now = g_get_real_time ();
  gint64 seq;

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;
  /* a booking never changes its admin: find it, lock the admin (the schedule), then the row */
  if (!booking_exists (&lease, ws, booking->id, FALSE, &admin_id, error) ||
      !check_user_in_workspace (&lease, ws, admin_id, TRUE, "Admin", error))
    return NULL;
  current = read_booking (&lease, ws, booking->id, TRUE, error);
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
      !refuse_overlap (&lease, FALSE, ws, current->admin_id, slot.start, slot.end, booking->id, error))
    return NULL;

  if (!bump_change_seq (&lease, ws, 1, &seq, error))
    return NULL;

  {
    g_auto(Params) p = { 0 };

    p_uuid (&p, booking->id);
    p_text (&p, ws);
    p_text (&p, booking->title);
    p_text (&p, booking->description);
    p_time (&p, booking->start_time);                              /* $5 */
    p_time (&p, booking->end_time);
    p_int (&p, booking_duration_minutes (booking));
    p_text (&p, booking->location);
    p_text (&p, booking->meeting_link);
    p_text (&p, booking->product_interest);                        /* $10 */
    p_text (&p, ccal_booking_status_to_string (booking->status));
    p_uuid (&p, booking->updated_by);
    p_time (&p, now);
    p_int (&p, seq);                                               /* $14 */
    if (!run_command (&lease,
                      "UPDATE appointments SET title = $3, description = $4, start_time = $5, end_time = $6, "
                      "duration_minutes = $7, location = $8, meeting_link = $9, product_interest = $10, status = $11, "
                      "updated_by = $12, updated_at = $13, version = version + 1, change_seq = $14 "
                      "WHERE id = $1 AND workspace_id = $2",
                      &p, error))
      return NULL;
  }

  if (g_strcmp0 (current->opportunity_id, booking->opportunity_id) != 0 &&
      !set_opportunity (&lease, booking->id, booking->opportunity_id, now, error))
    return NULL;
  if (current->status != booking->status &&
      !append_history (&lease, booking->id, ccal_booking_status_to_string (current->status),
                       ccal_booking_status_to_string (booking->status), booking->updated_by, now, reason, error))
    return NULL;

  stored = read_booking (&lease, ws, booking->id, FALSE, error);
  if (stored == NULL || !tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

static CcalBooking *
ccal_db_postgres_set_result (CcalDb      *db,
                             const char  *workspace_id,
                             const char  *booking_id,
                             const char  *outcome,
                             const char  *notes,
                             const char  *user_id,
                             GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(CcalBooking) stored = NULL;
  gint64 now = g_get_real_time ();
  gint64 seq;

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return NULL;
  if (!booking_exists (&lease, workspace_id, booking_id, TRUE, NULL, error) ||
      !bump_change_seq (&lease, workspace_id, 1, &seq, error))
    return NULL;

  {
    g_auto(Params) p = { 0 };

    p_uuid (&p, booking_id);
    p_text (&p, outcome);
    p_text (&p, notes);
    p_uuid (&p, user_id);
    p_time (&p, now);
    if (!run_command (&lease,
                      "INSERT INTO appointment_results (appointment_id, outcome, notes, recorded_by, recorded_at) "
                      "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (appointment_id) DO UPDATE SET "
                      "outcome = excluded.outcome, notes = excluded.notes, recorded_by = excluded.recorded_by, "
                      "recorded_at = excluded.recorded_at",
                      &p, error))
      return NULL;
  }

  {
    g_auto(Params) p = { 0 };

    p_uuid (&p, booking_id);
    p_text (&p, workspace_id);
    p_uuid (&p, user_id);
    p_time (&p, now);
    p_int (&p, seq);
    if (!run_command (&lease,
                      "UPDATE appointments SET updated_by = $3, updated_at = $4, version = version + 1, "
                      "change_seq = $5 WHERE id = $1 AND workspace_id = $2",
                      &p, error))
      return NULL;
  }

  stored = read_booking (&lease, workspace_id, booking_id, FALSE, error);
  if (stored == NULL || !tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&stored);
}

static GPtrArray *
ccal_db_postgres_list_history (CcalDb      *db,
                               const char  *workspace_id,
                               const char  *booking_id,
                               GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ccal_db_history_entry_free);

  if (!lease_acquire (self, &lease, error) || !tx_begin_read (&lease, error))
    return NULL;
  if (!booking_exists (&lease, workspace_id, booking_id, FALSE, NULL, error))
    return NULL;

  p_uuid (&p, booking_id);
  res = run (&lease,
             "SELECT from_status, to_status, changed_by, " US ("changed_at") ", reason "
             "FROM appointment_status_history WHERE appointment_id = $1 ORDER BY id",
             &p, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    {
      CcalDbHistoryEntry *entry = g_new0 (CcalDbHistoryEntry, 1);

      entry->from_status = col_dup (res, i, 0);
      entry->to_status = col_dup (res, i, 1);
      entry->changed_by = col_dup (res, i, 2);
      entry->changed_at = col_int64 (res, i, 3);
      entry->reason = col_dup (res, i, 4);
      g_ptr_array_add (entries, entry);
    }

  if (!tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&entries);
}

static GPtrArray *
ccal_db_postgres_list_follow_ups (CcalDb      *db,
                                  const char  *workspace_id,
                                  const char  *booking_id,
                                  GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) ccal_db_follow_up_free);

  if (!lease_acquire (self, &lease, error) || !tx_begin_read (&lease, error))
    return NULL;
  if (!booking_exists (&lease, workspace_id, booking_id, FALSE, NULL, error))
    return NULL;

  p_uuid (&p, booking_id);
  res = run (&lease,
             "SELECT id, appointment_id, " US ("due_at") ", action, notes, done, created_by, " US ("created_at") " "
             "FROM appointment_follow_ups WHERE appointment_id = $1 ORDER BY due_at, id",
             &p, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    {
      CcalDbFollowUp *item = g_new0 (CcalDbFollowUp, 1);

      item->id = col_dup (res, i, 0);
      item->booking_id = col_dup (res, i, 1);
      item->due_at = col_int64 (res, i, 2);
      item->action = col_dup (res, i, 3);
      item->notes = col_dup (res, i, 4);
      item->done = col_bool (res, i, 5);
      item->created_by = col_dup (res, i, 6);
      item->created_at = col_int64 (res, i, 7);
      g_ptr_array_add (items, item);
    }

  if (!tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&items);
}

static CcalDbFollowUp *
ccal_db_postgres_insert_follow_up (CcalDb          *db,
                                   const char      *workspace_id,
                                   CcalDbFollowUp  *follow_up,
                                   GError         **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;
  g_autoptr(CcalDbFollowUp) stored = g_new0 (CcalDbFollowUp, 1);

  stored->id = follow_up->id != NULL ? g_strdup (follow_up->id) : g_uuid_string_random ();
  stored->booking_id = g_strdup (follow_up->booking_id);
  stored->due_at = follow_up->due_at;
  stored->action = g_strdup (follow_up->action);
  stored->notes = g_strdup (follow_up->notes);
  stored->done = follow_up->done;
  stored->created_by = g_strdup (follow_up->created_by);
  stored->created_at = g_get_real_time ();

  if (!lease_acquire (self, &lease, error))
    return NULL;

  /* one statement: only a live booking of the workspace gets a follow-up */
  p_uuid (&p, stored->id);
  p_uuid (&p, stored->booking_id);
  p_time (&p, stored->due_at);
  p_text (&p, stored->action);
  p_text (&p, stored->notes);
  p_bool (&p, stored->done);
  p_uuid (&p, stored->created_by);
  p_time (&p, stored->created_at);
  p_text (&p, workspace_id);
  res = run (&lease,
             "INSERT INTO appointment_follow_ups (id, appointment_id, due_at, action, notes, done, created_by, "
             "created_at) SELECT $1, a.id, $3, $4, $5, $6, $7, $8 FROM appointments a "
             "WHERE a.id = $2 AND a.workspace_id = $9 AND a.deleted_at IS NULL",
             &p, error);
  if (res == NULL)
    return NULL;
  if (res_changes (res) == 0)
    {
      ccal_db_set_not_found (error, "Booking");
      return NULL;
    }
  return g_steal_pointer (&stored);
}

static CcalDbFollowUp *
ccal_db_postgres_update_follow_up_done (CcalDb      *db,
                                       const char  *workspace_id,
                                       const char  *booking_id,
                                       const char  *follow_up_id,
                                       gboolean     done,
                                       GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;
  CcalDbFollowUp *stored;

  if (!lease_acquire (self, &lease, error))
    return NULL;

  /* one statement: only a follow-up of a live booking of the workspace changes */
  p_bool (&p, done);
  p_uuid (&p, follow_up_id);
  p_uuid (&p, booking_id);
  p_text (&p, workspace_id);
  res = run (&lease,
             "UPDATE appointment_follow_ups f SET done = $1 FROM appointments a "
             "WHERE f.id = $2 AND f.appointment_id = $3 AND a.id = f.appointment_id AND a.workspace_id = $4 "
             "AND a.deleted_at IS NULL "
             "RETURNING f.id, f.appointment_id, " US ("f.due_at") ", f.action, f.notes, f.done, f.created_by, "
             US ("f.created_at"),
             &p, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      ccal_db_set_not_found (error, "Follow-up");
      return NULL;
    }

  stored = g_new0 (CcalDbFollowUp, 1);
  stored->id = col_dup (res, 0, 0);
  stored->booking_id = col_dup (res, 0, 1);
  stored->due_at = col_int64 (res, 0, 2);
  stored->action = col_dup (res, 0, 3);
  stored->notes = col_dup (res, 0, 4);
  stored->done = col_bool (res, 0, 5);
  stored->created_by = col_dup (res, 0, 6);
  stored->created_at = col_int64 (res, 0, 7);
  return stored;
}

static GPtrArray *
ccal_db_postgres_list_bookings_in_range (CcalDb      *db,
                                         const char  *workspace_id,
                                         gint64       from,
                                         gint64       to,
                                         GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (!lease_acquire (self, &lease, error))
    return NULL;
  p_text (&p, workspace_id);
  p_time (&p, from);
  p_time (&p, to);
  res = run (&lease,
             BOOKING_SELECT "WHERE a.workspace_id = $1 AND a.deleted_at IS NULL "
             "AND a.start_time >= $2 AND a.start_time < $3 ORDER BY a.start_time, a.id",
             &p, error);
  if (res == NULL)
    return NULL;
  for (int i = 0; i < PQntuples (res); i++)
    g_ptr_array_add (items, booking_from_row (res, i));
  return g_steal_pointer (&items);
}

/* Lists */

typedef struct
{
  char          resource;        /* the cursor's resource letter */
  const char   *select;          /* SELECT … FROM … (aliases e or a) */
  const char   *alias;
  int           change_seq_col;
  gpointer    (*from_row) (const PGresult *res, int row);
} ListKind;

static const ListKind event_list = { 'e', "SELECT " EVENT_COLUMNS " FROM calendar_events e ", "e",
                                     EVENT_COL_CHANGE_SEQ, event_from_row };
static const ListKind booking_list = { 'b', BOOKING_SELECT, "a", BOOKING_COL_CHANGE_SEQ, booking_from_row };

/* Both column lists start with id (0) … start_time (5). */
#define LIST_COL_ID         0
#define LIST_COL_START_TIME 5

static CcalDbPage *
list_rows (CcalDbPostgres         *self,
           const ListKind         *kind,
           const CcalDbListQuery  *query,
           GError                **error)
{
  g_auto(Lease) lease = { 0 };
  g_auto(CcalDbCursor) cursor = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(CcalDbPage) page = g_new0 (CcalDbPage, 1);
  g_autoptr(GString) sql = g_string_new (kind->select);
  g_autoptr(PGresult) res = NULL;
  gboolean sync = query->since_seq >= 0;
  gboolean is_events = kind == &event_list;
  const char *x = kind->alias;
  guint limit = query->limit == 0 ? LIST_LIMIT_DEFAULT : MIN (query->limit, LIST_LIMIT_MAX);
  int n_rows;

  if (query->cursor != NULL)
    {
      if (!ccal_db_cursor_decode (query->cursor, kind->resource, sync, &cursor, error))
        return NULL;
      if (!is_uuid (cursor.id))
        {
          g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID, "The cursor is not valid");
          return NULL;
        }
    }

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

  /* the SQL depends only on which filters are set, never on their values */
  g_string_append_printf (sql, "WHERE %s.workspace_id = $%d", x, p_text (&p, query->workspace_id));
  if (query->admin_id != NULL)
    g_string_append_printf (sql, " AND %s.admin_id = $%d", x, p_uuid (&p, query->admin_id));

  if (sync)
    {
      g_string_append_printf (sql, " AND %s.change_seq <= $%d", x, p_int (&p, page->sync_seq));
      if (cursor.id != NULL)
        {
          int key = p_int (&p, cursor.key);
          int after = p_uuid (&p, cursor.id);

          g_string_append_printf (sql, " AND (%s.change_seq, %s.id) > ($%d, $%d)", x, x, key, after);
        }
      else
        g_string_append_printf (sql, " AND %s.change_seq > $%d", x, p_int (&p, query->since_seq));
      g_string_append_printf (sql, " ORDER BY %s.change_seq, %s.id", x, x);
    }
  else
    {
      g_string_append_printf (sql, " AND %s.deleted_at IS NULL", x);
      if (is_events && query->type >= 0)
        g_string_append_printf (sql, " AND e.type = $%d", p_text (&p, ccal_event_type_to_string (query->type)));
      if (!is_events && query->status >= 0)
        g_string_append_printf (sql, " AND a.status = $%d",
                                p_text (&p, ccal_booking_status_to_string (query->status)));
      /* bookings are at most CCAL_DB_MAX_BOOKING_LENGTH long, which turns "ends after from" into an index range */
      if (query->from != 0)
        {
          if (is_events)
            g_string_append_printf (sql, " AND e.series_end > $%d", p_time (&p, query->from));
          else
            {
              int from = p_time (&p, query->from);
              int min_start = p_time (&p, ccal_db_range_min_start (query->from));

              g_string_append_printf (sql, " AND a.end_time > $%d AND a.start_time >= $%d", from, min_start);
            }
        }
      if (query->to != 0)
        g_string_append_printf (sql, " AND %s.start_time < $%d", x, p_time (&p, query->to));
      if (!is_events && query->search != NULL && query->search[0] != '\0')
        {
          int q = p_text (&p, query->search);

          /* lower() folds per the database's ctype: create it UTF-8 with a UTF-8 locale (README) */
          g_string_append_printf (sql,
                                  " AND (strpos(lower(c.name), lower($%d)) > 0"
                                  " OR strpos(lower(c.email), lower($%d)) > 0"
                                  " OR strpos(lower(coalesce(c.phone, '')), lower($%d)) > 0)",
                                  q, q, q);
        }
      if (cursor.id != NULL)
        {
          int key = p_time (&p, cursor.key);
          int after = p_uuid (&p, cursor.id);

          g_string_append_printf (sql, " AND (%s.start_time, %s.id) > ($%d, $%d)", x, x, key, after);
        }
      g_string_append_printf (sql, " ORDER BY %s.start_time, %s.id", x, x);
    }
  /* one more row tells whether a next page exists */
  g_string_append_printf (sql, " LIMIT $%d", p_int (&p, (gint64) limit + 1));

  res = run (&lease, sql->str, &p, error);
  if (res == NULL)
    return NULL;

  n_rows = PQntuples (res);
  page->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (int i = 0; i < n_rows && (guint) i < limit; i++)
    g_ptr_array_add (page->items, kind->from_row (res, i));
  if ((guint) n_rows > limit)
    {
      int last = (int) limit - 1;
      CcalDbCursor next = { kind->resource, sync, page->sync_seq,
                            col_int64 (res, last, sync ? kind->change_seq_col : LIST_COL_START_TIME),
                            PQgetvalue (res, last, LIST_COL_ID) };

      page->next_cursor = ccal_db_cursor_encode (&next);
    }

  if (!tx_commit (&lease, error))
    return NULL;
  return g_steal_pointer (&page);
}

static CcalDbPage *
ccal_db_postgres_list_events (CcalDb                 *db,
                              const CcalDbListQuery  *query,
                              GError                **error)
{
  return list_rows (CCAL_DB_POSTGRES (db), &event_list, query, error);
}

static CcalDbPage *
ccal_db_postgres_list_bookings (CcalDb                 *db,
                                const CcalDbListQuery  *query,
                                GError                **error)
{
  return list_rows (CCAL_DB_POSTGRES (db), &booking_list, query, error);
}

/* Idempotency */

/* Drops keys older than a day, at most every few minutes per process; in its own statement, so a
 * purge racing another process's purge can never fail a request. */
static void
maybe_purge_idempotency (CcalDbPostgres *self,
                         Lease          *lease,
                         gint64          now)
{
  g_auto(Params) p = { 0 };
  gboolean due;

  g_mutex_lock (&self->pool_lock);
  due = now - self->last_idempotency_purge >= IDEMPOTENCY_PURGE_INTERVAL;
  if (due)
    self->last_idempotency_purge = now;
  g_mutex_unlock (&self->pool_lock);
  if (!due)
    return;

  p_time (&p, now - IDEMPOTENCY_TTL);
  run_command (lease, "DELETE FROM idempotency_keys WHERE created_at <= $1", &p, NULL);
}

static CcalDbIdempotentResponse *
ccal_db_postgres_begin_idempotent (CcalDb      *db,
                                   const char  *workspace_scope,
                                   const char  *key,
                                   const char  *request_hash,
                                   GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  gint64 now = g_get_real_time ();

  if (!lease_acquire (self, &lease, error))
    return NULL;
  maybe_purge_idempotency (self, &lease, now);

  /* the key may vanish between the insert and the read (abandoned by its request): look again */
  for (int attempt = 0; attempt < 3; attempt++)
    {
      g_autoptr(CcalDbIdempotentResponse) stored = NULL;
      gint64 created_at;
      gboolean expired, died;

      if (!tx_begin_write (&lease, error))
        return NULL;

      {
        g_auto(Params) p = { 0 };
        g_autoptr(PGresult) res = NULL;

        p_text (&p, workspace_scope);
        p_text (&p, key);
        p_text (&p, request_hash);
        p_time (&p, now);
        res = run (&lease,
                   "INSERT INTO idempotency_keys (scope, idem_key, request_hash, status, created_at) "
                   "VALUES ($1, $2, $3, 0, $4) ON CONFLICT (scope, idem_key) DO NOTHING",
                   &p, error);
        if (res == NULL)
          return NULL;
        if (res_changes (res) == 1)
          {
            tx_commit (&lease, error);
            return NULL;
          }
      }

      {
        g_auto(Params) p = { 0 };
        g_autoptr(PGresult) res = NULL;

        p_text (&p, workspace_scope);
        p_text (&p, key);
        res = run (&lease,
                   "SELECT request_hash, status, response_body, " US ("created_at") " FROM idempotency_keys "
                   "WHERE scope = $1 AND idem_key = $2 FOR UPDATE",
                   &p, error);
        if (res == NULL)
          return NULL;
        if (PQntuples (res) == 0)
          {
            if (!tx_commit (&lease, error))
              return NULL;
            continue;
          }
        stored = g_new0 (CcalDbIdempotentResponse, 1);
        stored->request_hash = col_dup (res, 0, 0);
        stored->status = (guint) col_int64 (res, 0, 1);
        stored->response_body = col_dup (res, 0, 2);
        created_at = col_int64 (res, 0, 3);
      }

      expired = created_at <= now - IDEMPOTENCY_TTL;
      died = stored->status == 0 && created_at <= now - IDEMPOTENCY_STALE;
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
        g_auto(Params) p = { 0 };

        p_text (&p, workspace_scope);
        p_text (&p, key);
        p_text (&p, request_hash);
        p_time (&p, now);
        if (!run_command (&lease,
                          "UPDATE idempotency_keys SET request_hash = $3, status = 0, response_body = NULL, "
                          "created_at = $4 WHERE scope = $1 AND idem_key = $2",
                          &p, error))
          return NULL;
      }
      tx_commit (&lease, error);
      return NULL;
    }

  g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_UNAVAILABLE, "The database is busy; try again later");
  return NULL;
}

static gboolean
ccal_db_postgres_finish_idempotent (CcalDb      *db,
                                    const char  *workspace_scope,
                                    const char  *key,
                                    guint        status,
                                    const char  *response_body,
                                    GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  if (!lease_acquire (self, &lease, error))
    return FALSE;
  p_text (&p, workspace_scope);
  p_text (&p, key);
  p_int (&p, status);
  p_text (&p, response_body);
  res = run (&lease, "UPDATE idempotency_keys SET status = $3, response_body = $4 WHERE scope = $1 AND idem_key = $2",
             &p, error);
  if (res == NULL)
    return FALSE;
  if (res_changes (res) == 0)
    {
      ccal_db_set_not_found (error, "Idempotency key");
      return FALSE;
    }
  return TRUE;
}

static gboolean
ccal_db_postgres_abandon_idempotent (CcalDb      *db,
                                     const char  *workspace_scope,
                                     const char  *key,
                                     GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };

  if (!lease_acquire (self, &lease, error))
    return FALSE;
  p_text (&p, workspace_scope);
  p_text (&p, key);
  return run_command (&lease, "DELETE FROM idempotency_keys WHERE scope = $1 AND idem_key = $2", &p, error);
}

/* Migrations */

static gboolean
lock_migrations (Lease   *lease,
                 GError **error)
{
  return run_command (lease, "SELECT pg_advisory_xact_lock(x'" MIGRATION_LOCK_KEY "'::int8)", NULL, error);
}

/* A migration's failure is for the person running init or serve: say what PostgreSQL said. */
static gboolean
run_migration_sql (Lease            *lease,
                   const Migration  *m,
                   GError          **error)
{
  g_autoptr(PGresult) res = PQexec (lease->conn->pg, m->sql);

  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      if (connection_lost (lease->conn, res))
        set_unavailable (error);
      else
        g_set_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_FAILED, "Schema migration %d (%s) failed: %s", m->version,
                     m->name, g_strchomp (g_strdup (PQresultErrorMessage (res))));
      return FALSE;
    }
  return TRUE;
}

static gboolean
ccal_db_postgres_migrate (CcalDb  *db,
                          GError **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  int latest = migrations[G_N_ELEMENTS (migrations) - 1].version;

  if (!lease_acquire (self, &lease, error))
    return FALSE;

  /* every step holds the advisory lock: two processes starting at once apply each migration once */
  if (!tx_begin_write (&lease, error) || !lock_migrations (&lease, error) ||
      !run_command (&lease,
                    "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, "
                    "applied_at timestamptz NOT NULL DEFAULT now())",
                    NULL, error) ||
      !tx_commit (&lease, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (migrations); i++)
    {
      const Migration *m = &migrations[i];
      gint64 newest;
      gboolean applied;

      if (!tx_begin_write (&lease, error) || !lock_migrations (&lease, error))
        return FALSE;

      {
        g_autoptr(PGresult) res = run (&lease, "SELECT coalesce(max(version), 0) FROM schema_migrations", NULL,
                                       error);
        if (res == NULL)
          return FALSE;
        newest = col_int64 (res, 0, 0);
      }
      if (newest > latest)
        {
          g_set_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_FAILED,
                       "The database has schema version %" G_GINT64_FORMAT "; this program knows up to %d",
                       newest, latest);
          return FALSE;
        }

      {
        g_auto(Params) p = { 0 };
        g_autoptr(PGresult) res = NULL;

        p_int (&p, m->version);
        res = run (&lease, "SELECT 1 FROM schema_migrations WHERE version = $1", &p, error);
        if (res == NULL)
          return FALSE;
        applied = PQntuples (res) > 0;
      }

      if (!applied)
        {
          g_auto(Params) p = { 0 };

          g_debug ("Applying schema migration %d (%s)", m->version, m->name);
          if (!run_migration_sql (&lease, m, error))
            return FALSE;
          p_int (&p, m->version);
          p_text (&p, m->name);
          if (!run_command (&lease, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", &p, error))
            return FALSE;
        }

      if (!tx_commit (&lease, error))
        return FALSE;
    }
  return TRUE;
}

/* Bulk import */

/* Appends @text to a COPY text-format row (NULL is \N). */
static void
copy_field (GString    *row,
            const char *text)
{
  if (row->len > 0 && row->str[row->len - 1] != '\n')
    g_string_append_c (row, '\t');
  if (text == NULL)
    {
      g_string_append (row, "\\N");
      return;
    }
  for (const char *c = text; *c != '\0'; c++)
    {
      switch (*c)
        {
        case '\\': g_string_append (row, "\\\\"); break;
        case '\n': g_string_append (row, "\\n"); break;
        case '\r': g_string_append (row, "\\r"); break;
        case '\t': g_string_append (row, "\\t"); break;
        default: g_string_append_c (row, *c); break;
        }
    }
}

static void
copy_field_time (GString *row,
                 gint64   usec)
{
  char stamp[64];

  format_timestamp (usec, stamp, sizeof stamp);
  copy_field (row, stamp);
}

static void
copy_field_int (GString *row,
                gint64   value)
{
  char number[32];

  g_snprintf (number, sizeof number, "%" G_GINT64_FORMAT, value);
  copy_field (row, number);
}

static gboolean
copy_rows (Lease       *lease,
           const char  *sql,
           GString     *data,
           GError     **error)
{
  PGresult *res = PQexec (lease->conn->pg, sql);
  gboolean ok;

  if (PQresultStatus (res) != PGRES_COPY_IN)
    {
      set_pg_error (lease, res, error);
      PQclear (res);
      return FALSE;
    }
  PQclear (res);
  lease->n_sent++;

  ok = PQputCopyData (lease->conn->pg, data->str, (int) data->len) == 1 && PQputCopyEnd (lease->conn->pg, NULL) == 1;
  res = PQgetResult (lease->conn->pg);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      set_pg_error (lease, res, error);
      ok = FALSE;
    }
  else if (!ok)
    {
      set_unavailable (error);
    }
  PQclear (res);
  /* drain: libpq wants NULL before the next command */
  while ((res = PQgetResult (lease->conn->pg)) != NULL)
    PQclear (res);
  return ok;
}

static gboolean
ccal_db_postgres_import_bookings (CcalDb     *db,
                                  GPtrArray  *bookings,
                                  GError    **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_autoptr(GHashTable) contacts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);   /* workspace → bookings */
  g_autoptr(GHashTable) next_seq = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GString) rows = g_string_new (NULL);
  g_autoptr(GString) history = g_string_new (NULL);
  g_autoptr(GString) opportunities = g_string_new (NULL);
  gint64 now = g_get_real_time ();

  for (guint i = 0; i < bookings->len; i++)
    {
      CcalBooking *booking = g_ptr_array_index (bookings, i);

      if (!ccal_db_check_span (booking->start_time, booking->end_time, "booking", error))
        return FALSE;
      g_hash_table_insert (counts, booking->workspace_id,
                           GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (counts, booking->workspace_id)) + 1));
    }
  if (bookings->len == 0)
    return TRUE;

  if (!lease_acquire (self, &lease, error) || !tx_begin_write (&lease, error))
    return FALSE;

  /* one change-sequence range per workspace: each booking still gets its own value */
  {
    GHashTableIter iter;
    gpointer ws, n;

    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, &ws, &n))
      {
        gint64 last;
        gint64 *first = g_new (gint64, 1);

        if (!bump_change_seq (&lease, ws, GPOINTER_TO_INT (n), &last, error))
          {
            g_free (first);
            return FALSE;
          }
        *first = last - GPOINTER_TO_INT (n) + 1;
        g_hash_table_insert (next_seq, ws, first);
      }
  }

  for (guint i = 0; i < bookings->len; i++)
    {
      CcalBooking *booking = g_ptr_array_index (bookings, i);
      g_autofree char *folded = g_utf8_strdown (booking->contact->email, -1);
      g_autofree char *contact_key = g_strconcat (booking->workspace_id, "\n", folded, NULL);
      g_autofree char *id = booking->id != NULL ? g_strdup (booking->id) : g_uuid_string_random ();
      const char *contact_id = g_hash_table_lookup (contacts, contact_key);
      const char *status = ccal_booking_status_to_string (booking->status);
      gint64 created_at = booking->created_at != 0 ? booking->created_at : now;
      gint64 updated_at = booking->updated_at != 0 ? booking->updated_at : created_at;
      gint64 *seq = g_hash_table_lookup (next_seq, booking->workspace_id);

      if (!is_uuid (id))
        {
          g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID, "A booking id is not a UUID");
          return FALSE;
        }
      if (contact_id == NULL)
        {
          char *found = find_or_create_contact (&lease, booking->workspace_id, booking->contact, now, error);

          if (found == NULL)
            return FALSE;
          g_hash_table_insert (contacts, g_steal_pointer (&contact_key), found);
          contact_id = found;
        }

      copy_field (rows, id);
      copy_field (rows, booking->workspace_id);
      copy_field (rows, booking->admin_id);
      copy_field (rows, contact_id);
      copy_field (rows, booking->title);
      copy_field (rows, booking->description);
      copy_field_time (rows, booking->start_time);
      copy_field_time (rows, booking->end_time);
      copy_field_int (rows, booking_duration_minutes (booking));
      copy_field (rows, booking->location);
      copy_field (rows, booking->meeting_link);
      copy_field (rows, booking->product_interest);
      copy_field (rows, status);
      copy_field (rows, ccal_booking_source_to_string (booking->source));
      copy_field (rows, is_uuid (booking->created_by) ? booking->created_by : NULL);
      copy_field (rows, is_uuid (booking->updated_by) ? booking->updated_by
                        : is_uuid (booking->created_by) ? booking->created_by : NULL);
      copy_field_time (rows, created_at);
      copy_field_time (rows, updated_at);
      copy_field_int (rows, (*seq)++);
      g_string_append_c (rows, '\n');

      copy_field (history, id);
      copy_field (history, NULL);
      copy_field (history, status);
      copy_field (history, is_uuid (booking->created_by) ? booking->created_by : NULL);
      copy_field_time (history, created_at);
      g_string_append_c (history, '\n');

      if (nonempty (booking->opportunity_id) != NULL)
        {
          copy_field (opportunities, id);
          copy_field (opportunities, booking->opportunity_id);
          copy_field_time (opportunities, now);
          g_string_append_c (opportunities, '\n');
        }
    }

  /* the exclusion constraint checks these rows too: an overlap fails the whole import */
  if (!copy_rows (&lease,
                  "COPY appointments (id, workspace_id, admin_id, contact_id, title, description, start_time, "
                  "end_time, duration_minutes, location, meeting_link, product_interest, status, source, created_by, "
                  "updated_by, created_at, updated_at, change_seq) FROM STDIN",
                  rows, error) ||
      !copy_rows (&lease,
                  "COPY appointment_status_history (appointment_id, from_status, to_status, changed_by, changed_at) "
                  "FROM STDIN",
                  history, error))
    return FALSE;
  if (opportunities->len > 0 &&
      !copy_rows (&lease, "COPY opportunity_appointments (appointment_id, opportunity_id, linked_at) FROM STDIN",
                  opportunities, error))
    return FALSE;
  if (!tx_commit (&lease, error))
    return FALSE;

  /* fresh statistics: the planner must not meet thousands of rows it has never heard of */
  run_command (&lease, "ANALYZE appointments, contacts, appointment_status_history", NULL, NULL);
  return TRUE;
}

/* The calendar feed and the list of admins */

static gboolean
ccal_db_postgres_set_feed_token (CcalDb      *db,
                                 const char  *workspace_id,
                                 const char  *admin_id,
                                 const char  *token_hash,
                                 gint64       created_at,
                                 GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  if (!lease_acquire (self, &lease, error))
    return FALSE;

  /* one statement: inserts nothing unless @admin_id is an admin of the workspace */
  p_uuid (&p, admin_id);
  p_text (&p, workspace_id);
  p_text (&p, token_hash);
  p_time (&p, created_at);
  res = run (&lease,
             "INSERT INTO feed_tokens (admin_id, workspace_id, token_hash, created_at) "
             "SELECT id, workspace_id, $3, $4 FROM users WHERE id = $1 AND workspace_id = $2 AND role = 'admin' "
             "ON CONFLICT (admin_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at",
             &p, error);
  if (res == NULL)
    return FALSE;
  if (res_changes (res) == 0)
    {
      ccal_db_set_not_found (error, "Admin");
      return FALSE;
    }
  return TRUE;
}

static gboolean
ccal_db_postgres_get_feed_token (CcalDb      *db,
                                 const char  *workspace_id,
                                 const char  *admin_id,
                                 gint64      *out_created_at,
                                 GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  if (!lease_acquire (self, &lease, error))
    return FALSE;
  p_uuid (&p, admin_id);
  p_text (&p, workspace_id);
  res = run (&lease, "SELECT " US ("created_at") " FROM feed_tokens WHERE admin_id = $1 AND workspace_id = $2", &p,
             error);
  if (res == NULL)
    return FALSE;
  if (PQntuples (res) == 0)
    {
      ccal_db_set_not_found (error, "Calendar feed");
      return FALSE;
    }
  *out_created_at = col_int64 (res, 0, 0);
  return TRUE;
}

static gboolean
ccal_db_postgres_delete_feed_token (CcalDb      *db,
                                    const char  *workspace_id,
                                    const char  *admin_id,
                                    GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };

  if (!lease_acquire (self, &lease, error))
    return FALSE;
  p_uuid (&p, admin_id);
  p_text (&p, workspace_id);
  return run_command (&lease, "DELETE FROM feed_tokens WHERE admin_id = $1 AND workspace_id = $2", &p, error);
}

static CcalDbUser *
ccal_db_postgres_lookup_feed_token (CcalDb      *db,
                                    const char  *token_hash,
                                    GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;

  if (!lease_acquire (self, &lease, error))
    return NULL;
  p_text (&p, token_hash);
  res = run (&lease,
             "SELECT u.id, u.workspace_id, u.name, u.email, u.role "
             "FROM feed_tokens f JOIN users u ON u.id = f.admin_id WHERE f.token_hash = $1 AND u.role = 'admin'",
             &p, error);
  if (res == NULL)
    return NULL;
  if (PQntuples (res) == 0)
    {
      ccal_db_set_not_found (error, "Calendar feed");
      return NULL;
    }
  return user_from_row (res, 0);
}

static GPtrArray *
ccal_db_postgres_list_admins (CcalDb      *db,
                              const char  *workspace_id,
                              GError     **error)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);
  g_auto(Lease) lease = { 0 };
  g_auto(Params) p = { 0 };
  g_autoptr(PGresult) res = NULL;
  g_autoptr(GPtrArray) admins = NULL;
  g_autoptr(CcalSettings) defaults = ccal_settings_new ();

  if (!lease_acquire (self, &lease, error))
    return NULL;
  p_text (&p, workspace_id);
  res = run (&lease,
             "SELECT u.id, u.name, u.email, s.timezone FROM users u "
             "LEFT JOIN booking_settings s ON s.admin_id = u.id "
             "WHERE u.workspace_id = $1 AND u.role = 'admin' ORDER BY u.name, u.id",
             &p, error);
  if (res == NULL)
    return NULL;

  admins = g_ptr_array_new_full (PQntuples (res), (GDestroyNotify) ccal_db_admin_free);
  for (int row = 0; row < PQntuples (res); row++)
    {
      CcalDbAdmin *admin = g_new0 (CcalDbAdmin, 1);

      admin->admin_id = col_dup (res, row, 0);
      admin->name = col_dup (res, row, 1);
      admin->email = col_dup (res, row, 2);
      admin->timezone = col_is_null (res, row, 3) ? g_strdup (defaults->timezone) : col_dup (res, row, 3);
      g_ptr_array_add (admins, admin);
    }
  return g_steal_pointer (&admins);
}

/* Lifetime */

static void
ccal_db_postgres_close (CcalDb *db)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (db);

  g_mutex_lock (&self->pool_lock);
  self->closed = TRUE;
  /* connections still leased are closed when they come back */
  for (guint i = 0; i < self->idle->len; i++)
    connection_free (g_ptr_array_index (self->idle, i));
  self->n_open -= self->idle->len;
  g_ptr_array_set_size (self->idle, 0);
  g_cond_broadcast (&self->pool_cond);
  g_mutex_unlock (&self->pool_lock);
}

static void
ccal_db_postgres_finalize (GObject *object)
{
  CcalDbPostgres *self = CCAL_DB_POSTGRES (object);

  ccal_db_postgres_close (CCAL_DB (self));
  if (self->n_open > 0)
    g_warning ("CcalDbPostgres finalized while %u connections are in use", self->n_open);
  g_ptr_array_unref (self->idle);
  g_mutex_clear (&self->pool_lock);
  g_cond_clear (&self->pool_cond);
  g_free (self->uri);

  G_OBJECT_CLASS (ccal_db_postgres_parent_class)->finalize (object);
}

static void
ccal_db_postgres_class_init (CcalDbPostgresClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CcalDbClass *db_class = CCAL_DB_CLASS (klass);

  object_class->finalize = ccal_db_postgres_finalize;

  db_class->migrate = ccal_db_postgres_migrate;
  db_class->close = ccal_db_postgres_close;
  db_class->create_workspace = ccal_db_postgres_create_workspace;
  db_class->ensure_user = ccal_db_postgres_ensure_user;
  db_class->add_api_key = ccal_db_postgres_add_api_key;
  db_class->lookup_api_key = ccal_db_postgres_lookup_api_key;
  db_class->get_user = ccal_db_postgres_get_user;
  db_class->revoke_api_key = ccal_db_postgres_revoke_api_key;
  db_class->get_settings = ccal_db_postgres_get_settings;
  db_class->put_settings = ccal_db_postgres_put_settings;
  db_class->list_events = ccal_db_postgres_list_events;
  db_class->get_event = ccal_db_postgres_get_event;
  db_class->insert_event = ccal_db_postgres_insert_event;
  db_class->update_event = ccal_db_postgres_update_event;
  db_class->delete_event = ccal_db_postgres_delete_event;
  db_class->load_schedule = ccal_db_postgres_load_schedule;
  db_class->insert_hold = ccal_db_postgres_insert_hold;
  db_class->delete_hold = ccal_db_postgres_delete_hold;
  db_class->insert_booking = ccal_db_postgres_insert_booking;
  db_class->get_booking = ccal_db_postgres_get_booking;
  db_class->update_booking = ccal_db_postgres_update_booking;
  db_class->list_bookings = ccal_db_postgres_list_bookings;
  db_class->list_history = ccal_db_postgres_list_history;
  db_class->set_result = ccal_db_postgres_set_result;
  db_class->list_follow_ups = ccal_db_postgres_list_follow_ups;
  db_class->insert_follow_up = ccal_db_postgres_insert_follow_up;
  db_class->update_follow_up_done = ccal_db_postgres_update_follow_up_done;
  db_class->list_bookings_in_range = ccal_db_postgres_list_bookings_in_range;
  db_class->begin_idempotent = ccal_db_postgres_begin_idempotent;
  db_class->finish_idempotent = ccal_db_postgres_finish_idempotent;
  db_class->abandon_idempotent = ccal_db_postgres_abandon_idempotent;
  db_class->get_workspace_admin = ccal_db_postgres_get_workspace_admin;
  db_class->import_bookings = ccal_db_postgres_import_bookings;
  db_class->set_feed_token = ccal_db_postgres_set_feed_token;
  db_class->get_feed_token = ccal_db_postgres_get_feed_token;
  db_class->delete_feed_token = ccal_db_postgres_delete_feed_token;
  db_class->lookup_feed_token = ccal_db_postgres_lookup_feed_token;
  db_class->list_admins = ccal_db_postgres_list_admins;
}

static void
ccal_db_postgres_init (CcalDbPostgres *self)
{
  g_mutex_init (&self->pool_lock);
  g_cond_init (&self->pool_cond);
  self->idle = g_ptr_array_new ();
}

CcalDb *
ccal_db_postgres_new (const char  *uri,
                      GError     **error)
{
  g_autoptr(CcalDbPostgres) self = NULL;
  PQconninfoOption *options;
  char *message = NULL;
  Connection *conn;

  g_return_val_if_fail (uri != NULL, NULL);

  if (!PQisthreadsafe ())
    {
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_FAILED, "libpq was built without thread support");
      return NULL;
    }
  options = PQconninfoParse (uri, &message);
  if (options == NULL)
    {
      g_set_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID, "The PostgreSQL URI is not valid: %s",
                   message != NULL ? g_strchomp (message) : "out of memory");
      PQfreemem (message);
      return NULL;
    }
  PQconninfoFree (options);

  self = g_object_new (CCAL_TYPE_DB_POSTGRES, NULL);
  self->uri = g_strdup (uri);

  /* connect once now: an unreachable server or a refused login fails here, with libpq's reason */
  conn = g_new0 (Connection, 1);
  conn->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  conn->pg = connect_uri (uri);
  if (conn->pg == NULL || PQstatus (conn->pg) != CONNECTION_OK || !connection_setup (conn))
    {
      g_autofree char *reason = g_strdup (conn->pg != NULL ? PQerrorMessage (conn->pg) : "out of memory");

      g_set_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_UNAVAILABLE, "Could not connect to PostgreSQL: %s",
                   g_strstrip (reason));
      connection_free (conn);
      return NULL;
    }
  self->n_open = 1;
  g_ptr_array_add (self->idle, conn);
  return CCAL_DB (g_steal_pointer (&self));
}
