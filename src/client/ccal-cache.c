/* ccal-cache.c — the offline copy of one account: objects, sync tokens and the outbox (SQLite)
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows. events and bookings hold each object as the contract's JSON (what the person sees: the
 * local version when changed) plus the columns the views query by. server_json is the server's copy
 * while there are local changes (to go back to, or theirs in a CONFLICT); server_version is the
 * server's version the local changes are based on (If-Match). deleted marks a pending local
 * deletion (the server's deletions remove rows).
 *
 * Ranges. An overlap query "start < to AND end > from" cannot use one B-tree for both ends. Rows
 * lasting at most MAX_SHORT_SPAN (every booking, nearly every event) must start after
 * from − MAX_SHORT_SPAN, which bounds the index scan to the range plus a week; the few longer rows
 * and recurring series (long_span = 1, end_us = G_MAXINT64) have a partial index of their own.
 *
 * Search. Contacts (one per lower-cased e-mail, as the server keys them) have an FTS5 trigram
 * index for substrings of 3+ characters; bookings link to them by contact_email_lc. Shorter text,
 * or text that hundreds of contacts share, matches bookings densely: walking them newest first
 * (with LIKE on their own lower-cased contact columns) reaches the limit sooner.
 *
 * Reading. Queries build models from each row's "view" (see below), not from its JSON.
 *
 * Every write is one BEGIN IMMEDIATE transaction (so a second connection waits at the start instead
 * of failing to upgrade a read lock); synchronous=FULL so a committed local change survives power loss.
 */
#define G_LOG_DOMAIN "ccal-client"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ccal-cache.h"

#define APPLICATION_ID  0x4343414c   /* "CCAL" in the file header: tells our files from others' */
#define SCHEMA_VERSION  1
#define BUSY_TIMEOUT_MS 5000
#define MAX_SHORT_SPAN  (7 * CCAL_USEC_PER_DAY)
#define HASH_HEX_CHARS  16
#define SEARCH_SELECTIVE_CONTACTS 256   /* fewer matching contacts: search through them, else walk bookings */
#define PEOPLE_INDEX_SQL \
  "CREATE INDEX IF NOT EXISTS bookings_people ON bookings" \
  " (start_us, status, contact_name_lc, contact_email_lc, contact_phone_digits)"

G_DEFINE_QUARK (ccal-cache-error-quark, ccal_cache_error)

static const char schema_sql[] =
  "CREATE TABLE events ("
  "  id              TEXT NOT NULL UNIQUE,"
  "  state           INTEGER NOT NULL,"
  "  admin_id        TEXT,"
  "  start_us        INTEGER NOT NULL,"
  "  end_us          INTEGER NOT NULL,"      /* G_MAXINT64 for a recurring series */
  "  long_span       INTEGER NOT NULL,"
  "  status          INTEGER NOT NULL,"
  "  deleted         INTEGER NOT NULL,"
  "  server_version  INTEGER NOT NULL,"      /* 0: never on the server */
  "  json            TEXT NOT NULL,"
  "  view            BLOB NOT NULL,"        /* the object for fast reading, see "Views" */
  "  server_json     TEXT,"
  "  failure         TEXT"
  ");"
  "CREATE INDEX events_start ON events (start_us);"
  "CREATE INDEX events_long ON events (start_us) WHERE long_span = 1;"
  "CREATE INDEX events_unsynced ON events (state) WHERE state != 0;"
  "CREATE TABLE bookings ("
  "  id                    TEXT NOT NULL UNIQUE,"
  "  state                 INTEGER NOT NULL,"
  "  admin_id              TEXT,"
  "  start_us              INTEGER NOT NULL,"
  "  end_us                INTEGER NOT NULL,"
  "  long_span             INTEGER NOT NULL,"
  "  status                INTEGER NOT NULL,"
  "  deleted               INTEGER NOT NULL,"
  "  server_version        INTEGER NOT NULL,"
  "  json                  TEXT NOT NULL,"
  "  view                  BLOB NOT NULL,"
  "  server_json           TEXT,"
  "  failure               TEXT,"
  "  contact_name_lc       TEXT,"
  "  contact_email_lc      TEXT,"
  "  contact_phone_digits  TEXT"
  ");"
  "CREATE INDEX bookings_start ON bookings (start_us);"
  "CREATE INDEX bookings_long ON bookings (start_us) WHERE long_span = 1;"
  "CREATE INDEX bookings_status ON bookings (status, start_us);"
  "CREATE INDEX bookings_contact ON bookings (contact_email_lc);"
  "CREATE INDEX bookings_unsynced ON bookings (state) WHERE state != 0;"
  /* cid: an explicit rowid, which VACUUM keeps, for the external-content FTS index. */
  "CREATE TABLE contacts ("
  "  cid           INTEGER PRIMARY KEY,"
  "  email_lc      TEXT NOT NULL UNIQUE,"
  "  id            TEXT,"
  "  workspace_id  TEXT,"
  "  name          TEXT,"
  "  email         TEXT,"
  "  phone         TEXT,"
  "  timezone      TEXT,"
  "  name_lc       TEXT NOT NULL,"
  "  phone_digits  TEXT"
  ");"
  "CREATE INDEX contacts_name ON contacts (name_lc, email_lc);"
  "CREATE VIRTUAL TABLE contacts_fts USING fts5 (name_lc, email_lc, phone_digits,"
  "  content = 'contacts', content_rowid = 'cid', tokenize = 'trigram');"
  "CREATE TRIGGER contacts_ai AFTER INSERT ON contacts BEGIN"
  "  INSERT INTO contacts_fts (rowid, name_lc, email_lc, phone_digits)"
  "    VALUES (new.cid, new.name_lc, new.email_lc, new.phone_digits);"
  "END;"
  "CREATE TRIGGER contacts_ad AFTER DELETE ON contacts BEGIN"
  "  INSERT INTO contacts_fts (contacts_fts, rowid, name_lc, email_lc, phone_digits)"
  "    VALUES ('delete', old.cid, old.name_lc, old.email_lc, old.phone_digits);"
  "END;"
  "CREATE TRIGGER contacts_au AFTER UPDATE ON contacts BEGIN"
  "  INSERT INTO contacts_fts (contacts_fts, rowid, name_lc, email_lc, phone_digits)"
  "    VALUES ('delete', old.cid, old.name_lc, old.email_lc, old.phone_digits);"
  "  INSERT INTO contacts_fts (rowid, name_lc, email_lc, phone_digits)"
  "    VALUES (new.cid, new.name_lc, new.email_lc, new.phone_digits);"
  "END;"
  "CREATE TABLE settings (admin_id TEXT PRIMARY KEY, json TEXT NOT NULL);"
  "CREATE TABLE sync_tokens (collection TEXT PRIMARY KEY, token TEXT NOT NULL);"
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  /* AUTOINCREMENT: an entry id is never reused, so the sync engine cannot complete the wrong one. */
  "CREATE TABLE outbox ("
  "  id               INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  collection       INTEGER NOT NULL,"
  "  object_id        TEXT NOT NULL,"
  "  kind             INTEGER NOT NULL,"
  "  object           TEXT NOT NULL,"
  "  body             TEXT,"
  "  base_version     INTEGER NOT NULL,"
  "  idempotency_key  TEXT NOT NULL,"
  "  created_at       INTEGER NOT NULL,"
  "  attempts         INTEGER NOT NULL DEFAULT 0,"
  "  failed           INTEGER NOT NULL DEFAULT 0,"
  "  failure          TEXT"
  ");"
  "CREATE INDEX outbox_object ON outbox (collection, object_id, id);";

/* Statements. "@T" is replaced by the collection's table. */
typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_ROW_GET,
  STMT_ROW_VIEW,
  STMT_ROW_DELETE,
  STMT_ROW_RENAME,
  STMT_ROW_TOMBSTONE,
  STMT_EVENT_UPSERT_SERVER,
  STMT_EVENT_STORE,
  STMT_BOOKING_UPSERT_SERVER,
  STMT_BOOKING_STORE,
  STMT_CLEAR_SYNCED,
  STMT_RANGE,
  STMT_RANGE_STATUS,
  STMT_COUNT,
  STMT_COUNT_STATUS,
  STMT_UNSYNCED,
  STMT_SEARCH_FTS,
  STMT_SEARCH_SCAN,
  STMT_CONTACT_UPSERT,
  STMT_CONTACTS_NAME_PREFIX,
  STMT_CONTACTS_EMAIL_PREFIX,
  STMT_CONTACTS_FTS,
  STMT_CONTACTS_FTS_COUNT,
  STMT_SETTINGS_PUT,
  STMT_SETTINGS_GET,
  STMT_TOKEN_GET,
  STMT_TOKEN_SET,
  STMT_TOKEN_DELETE,
  STMT_META_GET,
  STMT_META_SET,
  STMT_META_DELETE,
  STMT_OUTBOX_INSERT,
  STMT_OUTBOX_GET,
  STMT_OUTBOX_LIST,
  STMT_OUTBOX_PEEK,
  STMT_OUTBOX_ATTEMPT,
  STMT_OUTBOX_DELETE,
  STMT_OUTBOX_DELETE_OBJECT,
  STMT_OUTBOX_FOR_OBJECT,
  STMT_OUTBOX_REBASE,
  STMT_OUTBOX_REWRITE,
  STMT_OUTBOX_SET_FAILED,
  STMT_OUTBOX_COUNT,
  N_STMTS
} StmtId;

#define ROW_COLUMNS "id, state, server_version, deleted, json, server_json, failure"
#define OUTBOX_COLUMNS \
  "id, kind, collection, object_id, object, body, base_version, idempotency_key, created_at, attempts, failed, failure"

/* The two arms of an overlap query: ?1 = from − MAX_SHORT_SPAN, ?2 = from, ?3 = to, ?4 = admin or NULL. */
#define RANGE_ARM(cols, long_span, start_lower, extra) \
  "SELECT " cols " FROM @T WHERE long_span = " long_span start_lower " AND start_us < ?3 AND end_us > ?2" \
  " AND deleted = 0 AND (?4 IS NULL OR admin_id = ?4)" extra
#define RANGE_SQL(cols, extra) \
  RANGE_ARM (cols, "0", " AND start_us > ?1", extra) " UNION ALL " RANGE_ARM (cols, "1", "", extra)

#define UPSERT_SET \
  "state = excluded.state, admin_id = excluded.admin_id, start_us = excluded.start_us, end_us = excluded.end_us," \
  " long_span = excluded.long_span, status = excluded.status, deleted = excluded.deleted," \
  " server_version = excluded.server_version, json = excluded.json, view = excluded.view," \
  " server_json = excluded.server_json, failure = excluded.failure"
#define EVENT_INSERT \
  "INSERT INTO events (id, state, admin_id, start_us, end_us, long_span, status, deleted, server_version, json," \
  " server_json, failure, view) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)" \
  " ON CONFLICT (id) DO UPDATE SET " UPSERT_SET
#define BOOKING_INSERT \
  "INSERT INTO bookings (id, state, admin_id, start_us, end_us, long_span, status, deleted, server_version, json," \
  " server_json, failure, view, contact_name_lc, contact_email_lc, contact_phone_digits)" \
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)" \
  " ON CONFLICT (id) DO UPDATE SET " UPSERT_SET ", contact_name_lc = excluded.contact_name_lc," \
  " contact_email_lc = excluded.contact_email_lc, contact_phone_digits = excluded.contact_phone_digits"
/* A page never replaces local changes, nor a newer copy (an outbox answer that came first). */
#define SERVER_ONLY(table) " WHERE " table ".state = 0 AND excluded.server_version >= " table ".server_version"

#define CONTACT_COLUMNS "c.id, c.workspace_id, c.name, c.email, c.phone, c.timezone, c.email_lc"

static const char *const stmt_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_ROW_GET] = "SELECT " ROW_COLUMNS " FROM @T WHERE id = ?1",
  [STMT_ROW_VIEW] = "SELECT view, json FROM @T WHERE id = ?1",
  [STMT_ROW_DELETE] = "DELETE FROM @T WHERE id = ?1",
  [STMT_ROW_RENAME] = "UPDATE @T SET id = ?2 WHERE id = ?1",
  [STMT_ROW_TOMBSTONE] = "DELETE FROM @T WHERE id = ?1 AND state = 0 AND server_version <= ?2",
  [STMT_EVENT_UPSERT_SERVER] = EVENT_INSERT SERVER_ONLY ("events"),
  [STMT_EVENT_STORE] = EVENT_INSERT,
  [STMT_BOOKING_UPSERT_SERVER] = BOOKING_INSERT SERVER_ONLY ("bookings"),
  [STMT_BOOKING_STORE] = BOOKING_INSERT,
  [STMT_CLEAR_SYNCED] = "DELETE FROM @T WHERE state = 0",
  /* By start only, which the index gives without a sort of the whole rows; ties come in rowid order. */
  [STMT_RANGE] = RANGE_SQL ("start_us, view, json", "") " ORDER BY 1",
  [STMT_RANGE_STATUS] = RANGE_SQL ("start_us, view, json", " AND status = ?5") " ORDER BY 1 LIMIT ?6",
  [STMT_COUNT] = "SELECT (SELECT count(*) FROM @T) - (SELECT count(*) FROM @T WHERE state != 0 AND deleted = 1)",
  [STMT_COUNT_STATUS] = "SELECT status, count(*) FROM (" RANGE_SQL ("status", "") ") GROUP BY status",
  [STMT_UNSYNCED] = "SELECT id, state FROM @T WHERE state != 0",
  /* CROSS JOIN keeps SQLite from walking all bookings by date and probing the matches. */
  [STMT_SEARCH_FTS] = "SELECT b.view, b.json FROM (SELECT c.email_lc AS email_lc FROM contacts_fts f"
                      "  JOIN contacts c ON c.cid = f.rowid WHERE contacts_fts MATCH ?1) AS m"
                      " CROSS JOIN bookings b ON b.contact_email_lc = m.email_lc"
                      " WHERE b.deleted = 0 ORDER BY b.start_us DESC LIMIT ?2",
  [STMT_SEARCH_SCAN] = "SELECT view, json FROM bookings WHERE deleted = 0 AND (contact_name_lc LIKE ?1 ESCAPE '\\'"
                       " OR contact_email_lc LIKE ?1 ESCAPE '\\' OR contact_phone_digits LIKE ?2 ESCAPE '\\')"
                       " ORDER BY start_us DESC LIMIT ?3",
  [STMT_CONTACT_UPSERT] = "INSERT INTO contacts (email_lc, id, workspace_id, name, email, phone, timezone, name_lc,"
                          " phone_digits) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                          " ON CONFLICT (email_lc) DO UPDATE SET id = excluded.id,"
                          " workspace_id = excluded.workspace_id, name = excluded.name, email = excluded.email,"
                          " phone = excluded.phone, timezone = excluded.timezone, name_lc = excluded.name_lc,"
                          " phone_digits = excluded.phone_digits"
                          /* unchanged contacts (most of a page) cost no FTS update */
                          " WHERE contacts.id IS NOT excluded.id OR contacts.workspace_id IS NOT excluded.workspace_id"
                          " OR contacts.name IS NOT excluded.name OR contacts.email IS NOT excluded.email"
                          " OR contacts.phone IS NOT excluded.phone OR contacts.timezone IS NOT excluded.timezone",
  /* Each in index order, so a prefix that thousands share still stops at the limit. */
  [STMT_CONTACTS_NAME_PREFIX] = "SELECT " CONTACT_COLUMNS " FROM contacts c WHERE c.name_lc >= ?1 AND c.name_lc < ?2"
                                " ORDER BY c.name_lc, c.email_lc LIMIT ?3",
  [STMT_CONTACTS_EMAIL_PREFIX] = "SELECT " CONTACT_COLUMNS " FROM contacts c WHERE c.email_lc >= ?1 AND c.email_lc < ?2"
                                 " ORDER BY c.email_lc LIMIT ?3",
  /* Newest contacts first: FTS5 walks its rowids backwards and stops at the limit. */
  [STMT_CONTACTS_FTS] = "SELECT " CONTACT_COLUMNS " FROM contacts_fts f JOIN contacts c ON c.cid = f.rowid"
                        " WHERE contacts_fts MATCH ?1 ORDER BY f.rowid DESC LIMIT ?2",
  [STMT_CONTACTS_FTS_COUNT] = "SELECT count(*) FROM (SELECT 1 FROM contacts_fts WHERE contacts_fts MATCH ?1 LIMIT ?2)",
  [STMT_SETTINGS_PUT] = "INSERT OR REPLACE INTO settings (admin_id, json) VALUES (?1, ?2)",
  [STMT_SETTINGS_GET] = "SELECT json FROM settings WHERE admin_id = ?1",
  [STMT_TOKEN_GET] = "SELECT token FROM sync_tokens WHERE collection = ?1",
  [STMT_TOKEN_SET] = "INSERT OR REPLACE INTO sync_tokens (collection, token) VALUES (?1, ?2)",
  [STMT_TOKEN_DELETE] = "DELETE FROM sync_tokens WHERE collection = ?1",
  [STMT_META_GET] = "SELECT value FROM meta WHERE key = ?1",
  [STMT_META_SET] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
  [STMT_META_DELETE] = "DELETE FROM meta WHERE key = ?1",
  [STMT_OUTBOX_INSERT] = "INSERT INTO outbox (collection, object_id, kind, object, body, base_version,"
                         " idempotency_key, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
  [STMT_OUTBOX_GET] = "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE id = ?1",
  [STMT_OUTBOX_LIST] = "SELECT " OUTBOX_COLUMNS " FROM outbox ORDER BY id",
  /* The oldest entry of each object, unless it failed or its object waits on a conflict. */
  [STMT_OUTBOX_PEEK] = "SELECT " OUTBOX_COLUMNS " FROM outbox o WHERE o.failed = 0"
                       " AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.collection = o.collection"
                       "   AND p.object_id = o.object_id AND p.id < o.id)"
                       " AND NOT EXISTS (SELECT 1 FROM events e WHERE o.collection = 0 AND e.id = o.object_id"
                       "   AND e.state = 4)"   /* CCAL_CACHE_STATE_CONFLICT */
                       " AND NOT EXISTS (SELECT 1 FROM bookings b WHERE o.collection = 1 AND b.id = o.object_id"
                       "   AND b.state = 4)"
                       " ORDER BY o.id LIMIT ?1",
  [STMT_OUTBOX_ATTEMPT] = "UPDATE outbox SET attempts = attempts + 1 WHERE id = ?1",
  [STMT_OUTBOX_DELETE] = "DELETE FROM outbox WHERE id = ?1",
  [STMT_OUTBOX_DELETE_OBJECT] = "DELETE FROM outbox WHERE collection = ?1 AND object_id = ?2",
  [STMT_OUTBOX_FOR_OBJECT] = "SELECT " OUTBOX_COLUMNS " FROM outbox WHERE collection = ?1 AND object_id = ?2"
                             " ORDER BY id",
  [STMT_OUTBOX_REBASE] = "UPDATE outbox SET base_version = ?3 WHERE collection = ?1 AND object_id = ?2",
  [STMT_OUTBOX_REWRITE] = "UPDATE outbox SET object_id = ?2, object = ?3, body = ?4 WHERE id = ?1",
  [STMT_OUTBOX_SET_FAILED] = "UPDATE outbox SET failed = ?2, failure = ?3 WHERE id = ?1",
  [STMT_OUTBOX_COUNT] = "SELECT count(*) FROM outbox",
};

/* The SQL above spells these as numbers. */
G_STATIC_ASSERT (CCAL_CACHE_STATE_SYNCED == 0 && CCAL_CACHE_STATE_CONFLICT == 4);
G_STATIC_ASSERT (CCAL_CACHE_COLLECTION_EVENTS == 0 && CCAL_CACHE_COLLECTION_BOOKINGS == 1);

struct _CcalCache
{
  GObject parent_instance;

  /* owned */
  char         *path;
  gboolean      was_reset;
  GMutex        lock;            /* serialises every call: one connection, cached statements, one parser */
  sqlite3      *db;
  sqlite3_stmt *stmts[N_STMTS][2];
  JsonParser   *parser;
};

static void ccal_cache_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CcalCache, ccal_cache, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, ccal_cache_initable_iface_init))

G_DEFINE_BOXED_TYPE (CcalCacheOutboxEntry, ccal_cache_outbox_entry, ccal_cache_outbox_entry_copy,
                     ccal_cache_outbox_entry_free)

enum
{
  PROP_0,
  PROP_PATH,
  PROP_WAS_RESET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* ── small helpers ────────────────────────────────────────────────────────────────────────── */

const char *
ccal_cache_collection_to_string (CcalCacheCollection collection)
{
  switch (collection)
    {
    case CCAL_CACHE_COLLECTION_EVENTS:
      return "events";
    case CCAL_CACHE_COLLECTION_BOOKINGS:
      return "bookings";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
collection_is_valid (CcalCacheCollection collection)
{
  return collection == CCAL_CACHE_COLLECTION_EVENTS || collection == CCAL_CACHE_COLLECTION_BOOKINGS;
}

CcalCacheOutboxEntry *
ccal_cache_outbox_entry_copy (const CcalCacheOutboxEntry *entry)
{
  CcalCacheOutboxEntry *copy;

  g_return_val_if_fail (entry != NULL, NULL);

  copy = g_new0 (CcalCacheOutboxEntry, 1);
  *copy = *entry;
  copy->object_id = g_strdup (entry->object_id);
  copy->object = entry->object != NULL ? json_object_ref (entry->object) : NULL;
  copy->body = entry->body != NULL ? json_object_ref (entry->body) : NULL;
  copy->idempotency_key = g_strdup (entry->idempotency_key);
  copy->failure_reason = g_strdup (entry->failure_reason);
  return copy;
}

void
ccal_cache_outbox_entry_free (CcalCacheOutboxEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->object_id);
  g_clear_pointer (&entry->object, json_object_unref);
  g_clear_pointer (&entry->body, json_object_unref);
  g_free (entry->idempotency_key);
  g_free (entry->failure_reason);
  g_free (entry);
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

/* Lower-case for comparison; NULL reads as "". */
static char *
fold_text (const char *text)
{
  return g_utf8_strdown (text != NULL ? text : "", -1);
}

static char *
phone_digits (const char *phone)
{
  GString *digits = g_string_new (NULL);

  for (const char *p = phone; p != NULL && *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);
  return g_string_free (digits, FALSE);
}

/* Saturating a − b for the range scan's lower bound. */
static gint64
saturating_sub (gint64 a,
                gint64 b)
{
  return a < G_MININT64 + b ? G_MININT64 : a - b;
}

/* ── statements and errors ────────────────────────────────────────────────────────────────── */

/* A cached statement used for one call: reset (releasing its read snapshot) when it goes out of scope. */
typedef sqlite3_stmt CacheStmt;

static void
cache_stmt_release (CacheStmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CacheStmt, cache_stmt_release)

static const char *
table_name (CcalCacheCollection collection)
{
  return collection == CCAL_CACHE_COLLECTION_BOOKINGS ? "bookings" : "events";
}

static gboolean
set_sqlite_error (CcalCache  *self,
                  int         rc,
                  const char *doing,
                  GError    **error)
{
  CcalCacheError code;

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = CCAL_CACHE_ERROR_CORRUPT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = CCAL_CACHE_ERROR_BUSY;
      break;
    default:
      code = CCAL_CACHE_ERROR_FAILED;
      break;
    }

  g_set_error (error, CCAL_CACHE_ERROR, code, "The offline copy could not %s: %s", doing,
               self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  return FALSE;
}

static CacheStmt *
stmt_get (CcalCache          *self,
          StmtId              id,
          CcalCacheCollection collection,
          GError            **error)
{
  sqlite3_stmt **slot;
  int rc;

  if (strstr (stmt_sql[id], "@T") == NULL)
    collection = 0;
  slot = &self->stmts[id][collection];

  if (*slot == NULL)
    {
      g_autoptr (GString) sql = g_string_new (stmt_sql[id]);

      g_string_replace (sql, "@T", table_name (collection), 0);
      rc = sqlite3_prepare_v3 (self->db, sql->str, (int) sql->len, SQLITE_PREPARE_PERSISTENT, slot, NULL);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (self, rc, "be read", error);
          return NULL;
        }
    }
  return *slot;
}

/* Binds NULL for a NULL string; the text must outlive the step. */
static void
bind_text (CacheStmt  *stmt,
           int         index,
           const char *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, index);
}

static char *
column_strdup (CacheStmt *stmt,
               int        column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* Steps a statement that returns no rows (or whose rows are not wanted). */
static gboolean
stmt_run (CcalCache  *self,
          CacheStmt  *stmt,
          const char *doing,
          GError    **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return set_sqlite_error (self, rc, doing, error);
  return TRUE;
}

/* SQLITE_ROW → 1, SQLITE_DONE → 0, an error → −1. */
static int
stmt_next (CcalCache  *self,
           CacheStmt  *stmt,
           const char *doing,
           GError    **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    return 1;
  if (rc == SQLITE_DONE)
    return 0;
  set_sqlite_error (self, rc, doing, error);
  return -1;
}

static gboolean
exec_stmt (CcalCache  *self,
           StmtId      id,
           const char *doing,
           GError    **error)
{
  g_autoptr (CacheStmt) stmt = stmt_get (self, id, 0, error);

  return stmt != NULL && stmt_run (self, stmt, doing, error);
}

static gboolean
tx_begin (CcalCache *self,
          GError   **error)
{
  return exec_stmt (self, STMT_BEGIN, "start a change", error);
}

static gboolean
tx_commit (CcalCache *self,
           GError   **error)
{
  if (!exec_stmt (self, STMT_COMMIT, "save the change", error))
    {
      /* A failed COMMIT can leave the transaction open; nothing of it must stay. */
      if (!sqlite3_get_autocommit (self->db))
        exec_stmt (self, STMT_ROLLBACK, "undo the change", NULL);
      return FALSE;
    }
  return TRUE;
}

static void
tx_rollback (CcalCache *self)
{
  if (!sqlite3_get_autocommit (self->db))
    exec_stmt (self, STMT_ROLLBACK, "undo the change", NULL);
}

static gboolean
tx_finish (CcalCache *self,
           gboolean   ok,
           GError   **error)
{
  if (!ok)
    {
      tx_rollback (self);
      return FALSE;
    }
  return tx_commit (self, error);
}

/* ── JSON and models ──────────────────────────────────────────────────────────────────────── */

/* A new reference to the object @text holds (the cache's own text, so a failure is a bug or damage). */
static JsonObject *
text_to_object (CcalCache  *self,
                const char *text,
                gssize      length,
                GError    **error)
{
  g_autoptr (GError) local_error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (self->parser, text, length, &local_error))
    {
      g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_CORRUPT, "The offline copy holds unreadable data: %s",
                   local_error->message);
      return NULL;
    }
  root = json_parser_get_root (self->parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_CORRUPT,
                           "The offline copy holds unreadable data: not a JSON object");
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

static GObject *
object_to_model (CcalCacheCollection collection,
                 JsonObject         *object,
                 GError            **error)
{
  if (collection == CCAL_CACHE_COLLECTION_BOOKINGS)
    return G_OBJECT (ccal_booking_new_from_json (object, error));
  return G_OBJECT (ccal_event_new_from_json (object, error));
}

static GObject *
text_to_model (CcalCache          *self,
               CcalCacheCollection collection,
               const char         *text,
               gssize              length,
               GError            **error)
{
  g_autoptr (JsonObject) object = text_to_object (self, text, length, error);
  g_autoptr (GError) local_error = NULL;
  GObject *model;

  if (object == NULL)
    return NULL;
  model = object_to_model (collection, object, &local_error);
  if (model == NULL)
    g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_CORRUPT, "The offline copy holds an unreadable %s: %s",
                 collection == CCAL_CACHE_COLLECTION_BOOKINGS ? "booking" : "event", local_error->message);
  return model;
}

/* ── views ────────────────────────────────────────────────────────────────────────────────────
 *
 * json-glib needs about 9 µs to parse a booking (a month of a busy calendar: 2,000 of them, 20 ms),
 * so each row also keeps its object's fields in a small binary "view", written from the same
 * model as the columns, which a query turns back into a model in well under a microsecond. (A
 * GVariant was tried first: its checks of untrusted data made it slower than the JSON.) JSON stays
 * the record: it keeps members this version does not know, and is what the outbox and conflicts
 * hold; a view that does not read back falls back to it. A field added to a model must be added
 * here and VIEW_FORMAT raised; /cache/objects/views-match-json checks every field.
 *
 * Layout: a format byte, then each field in order: strings as a 32-bit length + 1 (0 for NULL)
 * and the bytes, integers as 64-bit, booleans as one byte; all little-endian. */

#define VIEW_BOOKING 0xB1
#define VIEW_EVENT   0xE1

static void
view_put_int (GByteArray *view,
              gint64      value)
{
  guint64 le = GUINT64_TO_LE ((guint64) value);

  g_byte_array_append (view, (const guint8 *) &le, sizeof le);
}

static void
view_put_string (GByteArray *view,
                 const char *text)
{
  gsize length = text != NULL ? strlen (text) : 0;
  guint32 le = GUINT32_TO_LE (text != NULL ? (guint32) length + 1 : 0);

  g_byte_array_append (view, (const guint8 *) &le, sizeof le);
  if (text != NULL)
    g_byte_array_append (view, (const guint8 *) text, (guint) length);
}

typedef struct
{
  const guint8 *p;
  const guint8 *end;
  gboolean      ok;   /* FALSE once anything was out of bounds: the view is damaged */
} ViewReader;

static gint64
view_get_int (ViewReader *reader)
{
  guint64 le;

  if (!reader->ok || (gsize) (reader->end - reader->p) < sizeof le)
    {
      reader->ok = FALSE;
      return 0;
    }
  memcpy (&le, reader->p, sizeof le);
  reader->p += sizeof le;
  return (gint64) GUINT64_FROM_LE (le);
}

static char *
view_get_string (ViewReader *reader)
{
  guint32 le;
  guint32 length;
  char *text;

  if (!reader->ok || (gsize) (reader->end - reader->p) < sizeof le)
    {
      reader->ok = FALSE;
      return NULL;
    }
  memcpy (&le, reader->p, sizeof le);
  reader->p += sizeof le;
  length = GUINT32_FROM_LE (le);
  if (length == 0)
    return NULL;
  if ((gsize) (reader->end - reader->p) < length - 1)
    {
      reader->ok = FALSE;
      return NULL;
    }
  text = g_strndup ((const char *) reader->p, length - 1);
  reader->p += length - 1;
  return text;
}

/* An enum read back: FALSE (damaged) when outside [0, @n_values). */
static int
view_get_enum (ViewReader *reader,
               int         n_values)
{
  gint64 value = view_get_int (reader);

  if (value < 0 || value >= n_values)
    reader->ok = FALSE;
  return reader->ok ? (int) value : 0;
}

static void
booking_to_view (CcalBooking *booking,
                 GByteArray  *view)
{
  CcalContact *contact = booking->contact;

  g_byte_array_append (view, (const guint8[]) { VIEW_BOOKING }, 1);
  view_put_string (view, booking->id);
  view_put_string (view, booking->workspace_id);
  view_put_string (view, booking->admin_id);
  view_put_int (view, contact != NULL);
  if (contact != NULL)
    {
      view_put_string (view, contact->id);
      view_put_string (view, contact->workspace_id);
      view_put_string (view, contact->name);
      view_put_string (view, contact->email);
      view_put_string (view, contact->phone);
      view_put_string (view, contact->timezone);
    }
  view_put_string (view, booking->title);
  view_put_string (view, booking->description);
  view_put_int (view, booking->start_time);
  view_put_int (view, booking->end_time);
  view_put_int (view, booking->duration_minutes);
  view_put_string (view, booking->location);
  view_put_string (view, booking->meeting_link);
  view_put_string (view, booking->product_interest);
  view_put_int (view, booking->status);
  view_put_int (view, booking->source);
  view_put_string (view, booking->result_outcome);
  view_put_string (view, booking->result_notes);
  view_put_string (view, booking->opportunity_id);
  view_put_string (view, booking->created_by);
  view_put_string (view, booking->updated_by);
  view_put_int (view, booking->created_at);
  view_put_int (view, booking->updated_at);
  view_put_int (view, booking->version);
  view_put_int (view, booking->deleted);
}

static CcalBooking *
booking_from_view (ViewReader *r)
{
  g_autoptr (CcalBooking) booking = ccal_booking_new ();

  booking->id = view_get_string (r);
  booking->workspace_id = view_get_string (r);
  booking->admin_id = view_get_string (r);
  if (view_get_int (r) != 0)
    {
      booking->contact = ccal_contact_new ();
      booking->contact->id = view_get_string (r);
      booking->contact->workspace_id = view_get_string (r);
      booking->contact->name = view_get_string (r);
      booking->contact->email = view_get_string (r);
      booking->contact->phone = view_get_string (r);
      booking->contact->timezone = view_get_string (r);
    }
  booking->title = view_get_string (r);
  booking->description = view_get_string (r);
  booking->start_time = view_get_int (r);
  booking->end_time = view_get_int (r);
  booking->duration_minutes = (int) view_get_int (r);
  booking->location = view_get_string (r);
  booking->meeting_link = view_get_string (r);
  booking->product_interest = view_get_string (r);
  booking->status = view_get_enum (r, CCAL_N_BOOKING_STATUSES);
  booking->source = view_get_enum (r, CCAL_N_BOOKING_SOURCES);
  booking->result_outcome = view_get_string (r);
  booking->result_notes = view_get_string (r);
  booking->opportunity_id = view_get_string (r);
  booking->created_by = view_get_string (r);
  booking->updated_by = view_get_string (r);
  booking->created_at = view_get_int (r);
  booking->updated_at = view_get_int (r);
  booking->version = view_get_int (r);
  booking->deleted = view_get_int (r) != 0;

  return r->ok && r->p == r->end && booking->id != NULL ? g_steal_pointer (&booking) : NULL;
}

static void
event_to_view (CcalEvent  *event,
               GByteArray *view)
{
  g_autofree char *metadata = NULL;
  guint n_exdates = event->exdates != NULL ? event->exdates->len : 0;

  if (event->metadata != NULL && json_object_get_size (event->metadata) > 0)
    metadata = object_to_text (event->metadata);

  g_byte_array_append (view, (const guint8[]) { VIEW_EVENT }, 1);
  view_put_string (view, event->id);
  view_put_string (view, event->workspace_id);
  view_put_string (view, event->admin_id);
  view_put_string (view, event->title);
  view_put_int (view, event->type);
  view_put_int (view, event->start_time);
  view_put_int (view, event->end_time);
  view_put_int (view, event->is_all_day);
  view_put_string (view, event->timezone);
  view_put_string (view, event->rrule);
  view_put_int (view, n_exdates);
  for (guint i = 0; i < n_exdates; i++)
    view_put_int (view, g_array_index (event->exdates, gint64, i));
  view_put_string (view, event->description);
  view_put_string (view, event->location);
  view_put_int (view, event->status);
  view_put_string (view, event->contact_id);
  view_put_string (view, metadata);
  view_put_string (view, event->created_by);
  view_put_int (view, event->created_at);
  view_put_int (view, event->updated_at);
  view_put_int (view, event->version);
  view_put_int (view, event->deleted);
}

static CcalEvent *
event_from_view (CcalCache  *self,
                 ViewReader *r)
{
  g_autoptr (CcalEvent) event = ccal_event_new ();
  g_autofree char *metadata = NULL;
  gint64 n_exdates;

  event->id = view_get_string (r);
  event->workspace_id = view_get_string (r);
  event->admin_id = view_get_string (r);
  event->title = view_get_string (r);
  event->type = view_get_enum (r, CCAL_EVENT_TYPE_EVENT + 1);
  event->start_time = view_get_int (r);
  event->end_time = view_get_int (r);
  event->is_all_day = view_get_int (r) != 0;
  event->timezone = view_get_string (r);
  event->rrule = view_get_string (r);
  n_exdates = view_get_int (r);
  if (n_exdates < 0 || n_exdates > (r->end - r->p) / 8)
    return NULL;
  for (gint64 i = 0; i < n_exdates; i++)
    {
      gint64 day = view_get_int (r);

      g_array_append_val (event->exdates, day);
    }
  event->description = view_get_string (r);
  event->location = view_get_string (r);
  event->status = view_get_enum (r, CCAL_EVENT_STATUS_CANCELLED + 1);
  event->contact_id = view_get_string (r);
  metadata = view_get_string (r);
  event->created_by = view_get_string (r);
  event->created_at = view_get_int (r);
  event->updated_at = view_get_int (r);
  event->version = view_get_int (r);
  event->deleted = view_get_int (r) != 0;

  if (!r->ok || r->p != r->end || event->id == NULL)
    return NULL;
  if (metadata != NULL)
    {
      JsonObject *object = text_to_object (self, metadata, -1, NULL);

      if (object == NULL)
        return NULL;
      json_object_unref (event->metadata);
      event->metadata = object;
    }
  return g_steal_pointer (&event);
}

static GByteArray *
model_to_view (CcalCacheCollection collection,
               GObject            *model)
{
  GByteArray *view = g_byte_array_sized_new (512);

  if (collection == CCAL_CACHE_COLLECTION_BOOKINGS)
    booking_to_view (CCAL_BOOKING (model), view);
  else
    event_to_view (CCAL_EVENT (model), view);
  return view;
}

/* The model in a row's view, or, when the view is damaged, in its JSON. */
static GObject *
row_to_model (CcalCache          *self,
              CcalCacheCollection collection,
              CacheStmt          *stmt,
              int                 view_column,
              int                 json_column,
              GError            **error)
{
  const guint8 *data = sqlite3_column_blob (stmt, view_column);
  int size = sqlite3_column_bytes (stmt, view_column);
  GObject *model = NULL;

  if (data != NULL && size > 1)
    {
      ViewReader reader = { data + 1, data + size, TRUE };

      if (collection == CCAL_CACHE_COLLECTION_BOOKINGS && data[0] == VIEW_BOOKING)
        model = G_OBJECT (booking_from_view (&reader));
      else if (collection == CCAL_CACHE_COLLECTION_EVENTS && data[0] == VIEW_EVENT)
        model = G_OBJECT (event_from_view (self, &reader));
    }
  if (model != NULL)
    return model;

  return text_to_model (self, collection, (const char *) sqlite3_column_text (stmt, json_column),
                        sqlite3_column_bytes (stmt, json_column), error);
}

/* The columns a row is queried by, read from its object. */
typedef struct
{
  GObject     *model;      /* owns the strings below */
  const char  *id;
  const char  *admin_id;
  gint64       start_us;
  gint64       end_us;
  gboolean     long_span;
  int          status;
  gint64       version;
  GByteArray  *view;
  CcalContact *contact;    /* bookings */
  char        *name_lc;
  char        *email_lc;
  char        *phone_digits;
} Columns;

static void
columns_clear (Columns *columns)
{
  g_clear_object (&columns->model);
  g_clear_pointer (&columns->view, g_byte_array_unref);
  g_clear_pointer (&columns->name_lc, g_free);
  g_clear_pointer (&columns->email_lc, g_free);
  g_clear_pointer (&columns->phone_digits, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Columns, columns_clear)

static void
columns_from_model (CcalCacheCollection collection,
                    GObject            *model,
                    Columns            *out)
{
  memset (out, 0, sizeof *out);
  out->model = model;

  if (collection == CCAL_CACHE_COLLECTION_BOOKINGS)
    {
      CcalBooking *booking = CCAL_BOOKING (model);

      out->id = booking->id;
      out->admin_id = booking->admin_id;
      out->start_us = booking->start_time;
      out->end_us = booking->end_time;
      out->status = booking->status;
      out->version = booking->version;
      out->contact = booking->contact;
      if (booking->contact != NULL)
        {
          out->name_lc = fold_text (booking->contact->name);
          out->email_lc = fold_text (booking->contact->email);
          out->phone_digits = phone_digits (booking->contact->phone);
        }
    }
  else
    {
      CcalEvent *event = CCAL_EVENT (model);

      out->id = event->id;
      out->admin_id = event->admin_id;
      out->start_us = event->start_time;
      /* A series covers every occurrence; when it ends is the expansion's business. */
      out->end_us = event->rrule != NULL ? G_MAXINT64 : event->end_time;
      out->status = event->status;
      out->version = event->version;
    }
  out->long_span = out->end_us < out->start_us || out->end_us - out->start_us > MAX_SHORT_SPAN;
  out->view = model_to_view (collection, model);
}

/* ── rows ─────────────────────────────────────────────────────────────────────────────────── */

typedef struct
{
  char           *id;
  CcalCacheState  state;
  gint64          server_version;
  gboolean        deleted;
  char           *json;          /* the current (local) version */
  char           *server_json;   /* the server's copy while there are local changes, or NULL */
  char           *failure;
} Row;

static void
row_clear (Row *row)
{
  g_clear_pointer (&row->id, g_free);
  g_clear_pointer (&row->json, g_free);
  g_clear_pointer (&row->server_json, g_free);
  g_clear_pointer (&row->failure, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, row_clear)

static const char *
collection_noun (CcalCacheCollection collection)
{
  return collection == CCAL_CACHE_COLLECTION_BOOKINGS ? "booking" : "event";
}

/* Returns 1 and fills @row, 0 when there is none, −1 on error. */
static int
row_lookup (CcalCache          *self,
            CcalCacheCollection collection,
            const char         *id,
            Row                *row,
            GError            **error)
{
  g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_ROW_GET, collection, error);
  int found;

  if (stmt == NULL)
    return -1;
  bind_text (stmt, 1, id);
  found = stmt_next (self, stmt, "be read", error);
  if (found != 1)
    return found;

  row->id = column_strdup (stmt, 0);
  row->state = sqlite3_column_int (stmt, 1);
  row->server_version = sqlite3_column_int64 (stmt, 2);
  row->deleted = sqlite3_column_int (stmt, 3) != 0;
  row->json = column_strdup (stmt, 4);
  row->server_json = column_strdup (stmt, 5);
  row->failure = column_strdup (stmt, 6);
  return 1;
}

static gboolean
row_get (CcalCache          *self,
         CcalCacheCollection collection,
         const char         *id,
         Row                *row,
         GError            **error)
{
  int found = row_lookup (self, collection, id, row, error);

  if (found == 0)
    g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND, "There is no %s “%s” in the offline copy.",
                 collection_noun (collection), id);
  return found == 1;
}

static gboolean
contact_upsert (CcalCache     *self,
                const Columns *columns,
                GError       **error)
{
  g_autoptr (CacheStmt) stmt = NULL;
  CcalContact *contact = columns->contact;

  /* The server finds contacts by e-mail; one without any is nothing to suggest. */
  if (contact == NULL || columns->email_lc == NULL || columns->email_lc[0] == '\0')
    return TRUE;

  stmt = stmt_get (self, STMT_CONTACT_UPSERT, 0, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, columns->email_lc);
  bind_text (stmt, 2, contact->id);
  bind_text (stmt, 3, contact->workspace_id);
  bind_text (stmt, 4, contact->name);
  bind_text (stmt, 5, contact->email);
  bind_text (stmt, 6, contact->phone);
  bind_text (stmt, 7, contact->timezone);
  bind_text (stmt, 8, columns->name_lc);
  bind_text (stmt, 9, columns->phone_digits);
  return stmt_run (self, stmt, "save a contact", error);
}

/* Binds a row's values to an upsert (events: ?1–?13, bookings also ?14–?16) and runs it. */
static gboolean
row_write (CcalCache          *self,
           CcalCacheCollection collection,
           StmtId              id,
           const Columns      *columns,
           CcalCacheState      state,
           gboolean            deleted,
           gint64              server_version,
           const char         *json,
           int                 json_length,
           const char         *server_json,
           const char         *failure,
           GError            **error)
{
  g_autoptr (CacheStmt) stmt = stmt_get (self, id, collection, error);

  if (stmt == NULL)
    return FALSE;

  bind_text (stmt, 1, columns->id);
  sqlite3_bind_int (stmt, 2, state);
  bind_text (stmt, 3, columns->admin_id);
  sqlite3_bind_int64 (stmt, 4, columns->start_us);
  sqlite3_bind_int64 (stmt, 5, columns->end_us);
  sqlite3_bind_int (stmt, 6, columns->long_span);
  sqlite3_bind_int (stmt, 7, columns->status);
  sqlite3_bind_int (stmt, 8, deleted);
  sqlite3_bind_int64 (stmt, 9, server_version);
  sqlite3_bind_text (stmt, 10, json, json_length, SQLITE_STATIC);
  bind_text (stmt, 11, server_json);
  bind_text (stmt, 12, failure);
  sqlite3_bind_blob (stmt, 13, columns->view->data, (int) columns->view->len, SQLITE_STATIC);
  if (collection == CCAL_CACHE_COLLECTION_BOOKINGS)
    {
      bind_text (stmt, 14, columns->name_lc);
      bind_text (stmt, 15, columns->email_lc);
      bind_text (stmt, 16, columns->phone_digits);
    }
  if (!stmt_run (self, stmt, "save a change", error))
    return FALSE;

  return collection != CCAL_CACHE_COLLECTION_BOOKINGS || contact_upsert (self, columns, error);
}

/* Writes @row as it is, its columns read from row->json. */
static gboolean
row_store (CcalCache          *self,
           CcalCacheCollection collection,
           const Row          *row,
           GError            **error)
{
  g_auto (Columns) columns = { 0 };
  GObject *model = text_to_model (self, collection, row->json, -1, error);

  if (model == NULL)
    return FALSE;
  columns_from_model (collection, model, &columns);
  columns.id = row->id;   /* the row's id wins over a stale one in the text */

  return row_write (self, collection,
                    collection == CCAL_CACHE_COLLECTION_BOOKINGS ? STMT_BOOKING_STORE : STMT_EVENT_STORE,
                    &columns, row->state, row->deleted, row->server_version, row->json, -1, row->server_json,
                    row->failure, error);
}

static gboolean
row_delete (CcalCache          *self,
            CcalCacheCollection collection,
            const char         *id,
            GError            **error)
{
  g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_ROW_DELETE, collection, error);

  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, id);
  return stmt_run (self, stmt, "remove an object", error);
}

/* ── outbox rows ──────────────────────────────────────────────────────────────────────────── */

static CcalCacheOutboxEntry *
entry_from_stmt (CcalCache *self,
                 CacheStmt *stmt,
                 GError   **error)
{
  g_autoptr (CcalCacheOutboxEntry) entry = g_new0 (CcalCacheOutboxEntry, 1);
  const char *body;

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->kind = sqlite3_column_int (stmt, 1);
  entry->collection = sqlite3_column_int (stmt, 2);
  entry->object_id = column_strdup (stmt, 3);
  entry->object = text_to_object (self, (const char *) sqlite3_column_text (stmt, 4), sqlite3_column_bytes (stmt, 4),
                                  error);
  if (entry->object == NULL)
    return NULL;
  body = (const char *) sqlite3_column_text (stmt, 5);
  if (body != NULL)
    {
      entry->body = text_to_object (self, body, sqlite3_column_bytes (stmt, 5), error);
      if (entry->body == NULL)
        return NULL;
    }
  entry->base_version = sqlite3_column_int64 (stmt, 6);
  entry->idempotency_key = column_strdup (stmt, 7);
  entry->created_at = sqlite3_column_int64 (stmt, 8);
  entry->attempts = (guint) sqlite3_column_int (stmt, 9);
  entry->failed = sqlite3_column_int (stmt, 10) != 0;
  entry->failure_reason = column_strdup (stmt, 11);
  return g_steal_pointer (&entry);
}

/* Every entry a statement returns (bound by the caller). */
static GPtrArray *
entries_from_stmt (CcalCache *self,
                   CacheStmt *stmt,
                   GError   **error)
{
  g_autoptr (GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ccal_cache_outbox_entry_free);
  int found;

  while ((found = stmt_next (self, stmt, "read the outbox", error)) == 1)
    {
      CcalCacheOutboxEntry *entry = entry_from_stmt (self, stmt, error);

      if (entry == NULL)
        return NULL;
      g_ptr_array_add (entries, entry);
    }
  return found == 0 ? g_steal_pointer (&entries) : NULL;
}

static CcalCacheOutboxEntry *
entry_get (CcalCache *self,
           gint64     entry_id,
           GError   **error)
{
  g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_OUTBOX_GET, 0, error);
  int found;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  found = stmt_next (self, stmt, "read the outbox", error);
  if (found == 0)
    g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND,
                 "There is no change %" G_GINT64_FORMAT " waiting to be sent.", entry_id);
  if (found != 1)
    return NULL;
  return entry_from_stmt (self, stmt, error);
}

static GPtrArray *
entries_for_object (CcalCache          *self,
                    CcalCacheCollection collection,
                    const char         *object_id,
                    GError            **error)
{
  g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_OUTBOX_FOR_OBJECT, 0, error);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, collection);
  bind_text (stmt, 2, object_id);
  return entries_from_stmt (self, stmt, error);
}

static gint64
entry_insert (CcalCache          *self,
              CcalCacheChangeKind kind,
              CcalCacheCollection collection,
              const char         *object_id,
              const char         *object_json,
              const char         *body_json,
              gint64              base_version,
              GError            **error)
{
  g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_OUTBOX_INSERT, 0, error);
  g_autofree char *key = g_uuid_string_random ();

  if (stmt == NULL)
    return 0;
  sqlite3_bind_int (stmt, 1, collection);
  bind_text (stmt, 2, object_id);
  sqlite3_bind_int (stmt, 3, kind);
  bind_text (stmt, 4, object_json);
  bind_text (stmt, 5, body_json);
  sqlite3_bind_int64 (stmt, 6, base_version);
  bind_text (stmt, 7, key);
  sqlite3_bind_int64 (stmt, 8, g_get_real_time ());
  if (!stmt_run (self, stmt, "queue the change", error))
    return 0;
  return sqlite3_last_insert_rowid (self->db);
}

static gboolean
entry_delete (CcalCache *self,
              gint64     entry_id,
              GError   **error)
{
  g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_OUTBOX_DELETE, 0, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  return stmt_run (self, stmt, "update the outbox", error);
}

static gboolean
entries_delete_for_object (CcalCache          *self,
                           CcalCacheCollection collection,
                           const char         *object_id,
                           GError            **error)
{
  g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_OUTBOX_DELETE_OBJECT, 0, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, collection);
  bind_text (stmt, 2, object_id);
  return stmt_run (self, stmt, "update the outbox", error);
}

static gboolean
entries_rebase (CcalCache          *self,
                CcalCacheCollection collection,
                const char         *object_id,
                gint64              base_version,
                GError            **error)
{
  g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_OUTBOX_REBASE, 0, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, collection);
  bind_text (stmt, 2, object_id);
  sqlite3_bind_int64 (stmt, 3, base_version);
  return stmt_run (self, stmt, "update the outbox", error);
}

static gboolean
entry_set_failed (CcalCache  *self,
                  gint64      entry_id,
                  gboolean    failed,
                  const char *reason,
                  GError    **error)
{
  g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_OUTBOX_SET_FAILED, 0, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, entry_id);
  sqlite3_bind_int (stmt, 2, failed);
  bind_text (stmt, 3, reason);
  return stmt_run (self, stmt, "update the outbox", error);
}

/* ── opening ──────────────────────────────────────────────────────────────────────────────── */

typedef enum
{
  FILE_OURS,
  FILE_EMPTY,
  FILE_FOREIGN,       /* a database of another application, or of a newer schema */
  FILE_UNREADABLE,    /* not a database, or damaged */
} FileKind;

/* Runs a one-value PRAGMA/SELECT; SQLITE_NOTADB/CORRUPT are returned, not reported. */
static int
query_int (sqlite3    *db,
           const char *sql,
           gint64     *out_value)
{
  sqlite3_stmt *stmt = NULL;
  int rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          *out_value = sqlite3_column_int64 (stmt, 0);
          rc = SQLITE_OK;
        }
      else if (rc == SQLITE_DONE)
        {
          *out_value = 0;
          rc = SQLITE_OK;
        }
    }
  sqlite3_finalize (stmt);
  return rc;
}

static gboolean
inspect_file (CcalCache *self,
              FileKind  *out_kind,
              GError   **error)
{
  gint64 app_id = 0, user_version = 0, n_objects = 0;
  int rc;

  rc = query_int (self->db, "PRAGMA application_id", &app_id);
  if (rc == SQLITE_OK)
    rc = query_int (self->db, "PRAGMA user_version", &user_version);
  if (rc == SQLITE_OK)
    rc = query_int (self->db, "SELECT count(*) FROM sqlite_master", &n_objects);

  switch (rc & 0xff)
    {
    case SQLITE_OK:
      break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      *out_kind = FILE_UNREADABLE;
      return TRUE;
    default:
      return set_sqlite_error (self, rc, "be opened", error);
    }

  if (app_id == APPLICATION_ID && user_version == SCHEMA_VERSION)
    *out_kind = FILE_OURS;
  else if (app_id == 0 && user_version == 0 && n_objects == 0)
    *out_kind = FILE_EMPTY;
  else
    *out_kind = FILE_FOREIGN;   /* future schemas get migrations here; a newer one is moved aside */
  return TRUE;
}

static gboolean
create_schema (CcalCache *self,
               GError   **error)
{
  g_autofree char *pragmas = g_strdup_printf ("PRAGMA application_id = %d; PRAGMA user_version = %d;",
                                              APPLICATION_ID, SCHEMA_VERSION);
  FileKind kind;
  int rc;

  rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, "be created", error);

  /* Another connection may have made it while this one waited for the lock. */
  if (!inspect_file (self, &kind, error))
    goto fail;
  if (kind == FILE_EMPTY)
    {
      rc = sqlite3_exec (self->db, schema_sql, NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, pragmas, NULL, NULL, NULL);
      if (rc != SQLITE_OK)
        {
          set_sqlite_error (self, rc, "be created", error);
          goto fail;
        }
    }
  else if (kind != FILE_OURS)
    {
      g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_FAILED,
                   "The offline copy %s was replaced by another file while it was being created.", self->path);
      goto fail;
    }

  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, "be created", error);
      goto fail;
    }
  return TRUE;

fail:
  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

static void
close_connection (CcalCache *self)
{
  for (guint i = 0; i < N_STMTS; i++)
    for (guint c = 0; c < 2; c++)
      g_clear_pointer (&self->stmts[i][c], sqlite3_finalize);
  g_clear_pointer (&self->db, sqlite3_close_v2);
}

static gboolean
open_connection (CcalCache *self,
                 GError   **error)
{
  int rc;

  /* Contacts are personal data: only the person may read the file (SQLite gives -wal/-shm the same mode). */
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      int fd = g_open (self->path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);

      if (fd >= 0)
        g_close (fd, NULL);
    }

  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_FAILED, "The offline copy %s could not be opened: %s",
                   self->path, self->db != NULL ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
      close_connection (self);
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, TRUE);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  return TRUE;
}

static char *
aside_path (const char *path)
{
  g_autoptr (GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  char *candidate = g_strdup_printf ("%s.corrupt-%s", path, stamp);

  /* Two resets in one second (tests do it) must not overwrite the first. */
  for (guint n = 2; g_file_test (candidate, G_FILE_TEST_EXISTS); n++)
    {
      g_free (candidate);
      candidate = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }
  return candidate;
}

static gboolean
move_aside (const char *path,
            char      **out_target,
            GError    **error)
{
  g_autofree char *target = aside_path (path);
  static const char *const suffixes[] = { "-wal", "-shm" };

  if (g_rename (path, target) != 0 && errno != ENOENT)
    {
      int saved_errno = errno;

      g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_FAILED, "The damaged offline copy %s could not be moved: %s",
                   path, g_strerror (saved_errno));
      return FALSE;
    }

  /* Another file's write-ahead log must never be replayed into the fresh cache. */
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_rename (from, to) != 0 && errno != ENOENT)
        g_unlink (from);
    }

  if (out_target != NULL)
    *out_target = g_steal_pointer (&target);
  return TRUE;
}

gboolean
ccal_cache_move_aside (const char *path,
                       GError    **error)
{
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return move_aside (path, NULL, error);
}

static gboolean
ccal_cache_initable_init (GInitable    *initable,
                          GCancellable *cancellable,
                          GError      **error)
{
  CcalCache *self = CCAL_CACHE (initable);
  g_autofree char *folder = NULL;
  FileKind kind;

  if (self->path == NULL)
    {
      g_set_error_literal (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_FAILED, "No path was given for the offline copy.");
      return FALSE;
    }

  folder = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_FAILED, "The folder %s could not be created: %s", folder,
                   g_strerror (saved_errno));
      return FALSE;
    }

  if (!open_connection (self, error) || !inspect_file (self, &kind, error))
    return FALSE;

  if (kind == FILE_UNREADABLE || kind == FILE_FOREIGN)
    {
      g_autofree char *target = NULL;

      close_connection (self);
      if (!move_aside (self->path, &target, error))
        return FALSE;
      g_warning ("The offline cache %s was %s; it was moved to %s and a new one is made", self->path,
                 kind == FILE_UNREADABLE ? "not a readable database" : "of another application or version", target);
      self->was_reset = TRUE;
      if (!open_connection (self, error) || !inspect_file (self, &kind, error))
        return FALSE;
    }

  /* WAL: a worker's connection writes pages while this one reads. Not possible on some network
   * file systems; the cache then still works, with readers waiting for writers. */
  sqlite3_exec (self->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
  sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
  /* Reads straight from the OS page cache, without a copy per page: most of a range query's time. */
  sqlite3_exec (self->db, "PRAGMA mmap_size = 268435456", NULL, NULL, NULL);

  if (kind == FILE_EMPTY && !create_schema (self, error))
    return FALSE;
  /* The bookings list searches and sorts by these without reading whole rows (see "a filtered, sorted
   * list of bookings"); files made before it get it here, once. Without it the list is only slower. */
  sqlite3_exec (self->db, PEOPLE_INDEX_SQL, NULL, NULL, NULL);
  return TRUE;
}

static void
ccal_cache_initable_iface_init (GInitableIface *iface)
{
  iface->init = ccal_cache_initable_init;
}

/* ── GObject ──────────────────────────────────────────────────────────────────────────────── */

static void
ccal_cache_finalize (GObject *object)
{
  CcalCache *self = CCAL_CACHE (object);

  close_connection (self);
  g_clear_object (&self->parser);
  g_clear_pointer (&self->path, g_free);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ccal_cache_parent_class)->finalize (object);
}

static void
ccal_cache_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CcalCache *self = CCAL_CACHE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_WAS_RESET:
      g_value_set_boolean (value, self->was_reset);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_cache_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  CcalCache *self = CCAL_CACHE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_free (self->path);
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_cache_class_init (CcalCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ccal_cache_finalize;
  object_class->get_property = ccal_cache_get_property;
  object_class->set_property = ccal_cache_set_property;

  properties[PROP_PATH] = g_param_spec_string ("path", NULL, NULL, NULL,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WAS_RESET] = g_param_spec_boolean ("was-reset", NULL, NULL, FALSE,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ccal_cache_init (CcalCache *self)
{
  g_mutex_init (&self->lock);
  self->parser = json_parser_new ();
}

char *
ccal_cache_path_for_server (const char *base_url)
{
  g_autoptr (GUri) uri = NULL;
  g_autofree char *normalized = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *file = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && g_uri_get_host (uri) != NULL)
    {
      g_autofree char *scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
      g_autofree char *host = g_ascii_strdown (g_uri_get_host (uri), -1);
      g_autofree char *path = g_strdup (g_uri_get_path (uri));
      int port = g_uri_get_port (uri);
      gsize len = strlen (path);

      while (len > 0 && path[len - 1] == '/')
        path[--len] = '\0';
      if ((port == 443 && g_str_equal (scheme, "https")) || (port == 80 && g_str_equal (scheme, "http")))
        port = -1;
      normalized = port > 0 ? g_strdup_printf ("%s://%s:%d%s", scheme, host, port, path)
                            : g_strdup_printf ("%s://%s%s", scheme, host, path);
    }
  else
    {
      /* Not a URL: still one file per distinct text. */
      normalized = g_strstrip (g_strdup (base_url));
    }

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, normalized, -1);
  digest[HASH_HEX_CHARS] = '\0';
  file = g_strconcat (digest, ".db", NULL);
  return g_build_filename (g_get_user_cache_dir (), "customerconnects-calendar", file, NULL);
}

CcalCache *
ccal_cache_open (const char *path,
                 GError    **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (CCAL_TYPE_CACHE, NULL, error, "path", path, NULL);
}

const char *
ccal_cache_get_path (CcalCache *self)
{
  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);

  return self->path;
}

gboolean
ccal_cache_get_was_reset (CcalCache *self)
{
  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);

  return self->was_reset;
}

/* ── reading ──────────────────────────────────────────────────────────────────────────────── */

static GObject *
get_model (CcalCache          *self,
           CcalCacheCollection collection,
           const char         *id,
           GError            **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_ROW_VIEW, collection, error);
  int found;

  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, id);
  found = stmt_next (self, stmt, "be read", error);
  if (found == 0)
    g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND, "There is no %s “%s” in the offline copy.",
                 collection_noun (collection), id);
  if (found != 1)
    return NULL;
  return row_to_model (self, collection, stmt, 0, 1, error);
}

CcalEvent *
ccal_cache_get_event (CcalCache  *self,
                      const char *id,
                      GError    **error)
{
  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return CCAL_EVENT (get_model (self, CCAL_CACHE_COLLECTION_EVENTS, id, error));
}

CcalBooking *
ccal_cache_get_booking (CcalCache  *self,
                        const char *id,
                        GError    **error)
{
  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return CCAL_BOOKING (get_model (self, CCAL_CACHE_COLLECTION_BOOKINGS, id, error));
}

/* The models of each row, whose view is in column @column and JSON in the next. */
static GPtrArray *
models_from_stmt (CcalCache          *self,
                  CcalCacheCollection collection,
                  CacheStmt          *stmt,
                  int                 column,
                  GError            **error)
{
  g_autoptr (GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  int found;

  while ((found = stmt_next (self, stmt, "be read", error)) == 1)
    {
      GObject *model = row_to_model (self, collection, stmt, column, column + 1, error);

      if (model == NULL)
        return NULL;
      g_ptr_array_add (models, model);
    }
  return found == 0 ? g_steal_pointer (&models) : NULL;
}

static void
bind_range (CacheStmt  *stmt,
            gint64      from,
            gint64      to,
            const char *admin_id)
{
  sqlite3_bind_int64 (stmt, 1, saturating_sub (from, MAX_SHORT_SPAN));
  sqlite3_bind_int64 (stmt, 2, from);
  sqlite3_bind_int64 (stmt, 3, to);
  bind_text (stmt, 4, admin_id);
}

static GPtrArray *
query_range (CcalCache          *self,
             CcalCacheCollection collection,
             gint64              from,
             gint64              to,
             const char         *admin_id,
             GError            **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CacheStmt) stmt = NULL;

  if (from >= to)
    return g_ptr_array_new_with_free_func (g_object_unref);

  locker = g_mutex_locker_new (&self->lock);
  stmt = stmt_get (self, STMT_RANGE, collection, error);
  if (stmt == NULL)
    return NULL;
  bind_range (stmt, from, to, admin_id);
  return models_from_stmt (self, collection, stmt, 1, error);
}

GPtrArray *
ccal_cache_query_events (CcalCache  *self,
                         gint64      from,
                         gint64      to,
                         const char *admin_id,
                         GError    **error)
{
  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return query_range (self, CCAL_CACHE_COLLECTION_EVENTS, from, to, admin_id, error);
}

GPtrArray *
ccal_cache_query_bookings (CcalCache  *self,
                           gint64      from,
                           gint64      to,
                           const char *admin_id,
                           GError    **error)
{
  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return query_range (self, CCAL_CACHE_COLLECTION_BOOKINGS, from, to, admin_id, error);
}

GPtrArray *
ccal_cache_query_bookings_by_status (CcalCache        *self,
                                     CcalBookingStatus status,
                                     gint64            from,
                                     gint64            to,
                                     guint             limit,
                                     GError          **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CacheStmt) stmt = NULL;

  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (from >= to)
    return g_ptr_array_new_with_free_func (g_object_unref);

  locker = g_mutex_locker_new (&self->lock);
  stmt = stmt_get (self, STMT_RANGE_STATUS, CCAL_CACHE_COLLECTION_BOOKINGS, error);
  if (stmt == NULL)
    return NULL;
  bind_range (stmt, from, to, NULL);
  sqlite3_bind_int (stmt, 5, status);
  sqlite3_bind_int64 (stmt, 6, limit > 0 ? (gint64) limit : -1);
  return models_from_stmt (self, CCAL_CACHE_COLLECTION_BOOKINGS, stmt, 1, error);
}

/* What a person types, read for searching. */
typedef struct
{
  char *folded;      /* lower-cased, trimmed */
  char *digits;      /* the digits when it looks like a phone number (digits, spaces, +-()./), else NULL */
  char *fts_query;   /* an FTS5 trigram query, or NULL when too short for the index */
} SearchText;

static void
search_text_clear (SearchText *text)
{
  g_clear_pointer (&text->folded, g_free);
  g_clear_pointer (&text->digits, g_free);
  g_clear_pointer (&text->fts_query, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SearchText, search_text_clear)

/* An FTS5 string: in double quotes, inner ones doubled. */
static void
append_fts_phrase (GString    *query,
                   const char *text)
{
  g_string_append_c (query, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (query, '"');
      g_string_append_c (query, *p);
    }
  g_string_append_c (query, '"');
}

static void
search_text_init (SearchText *out,
                  const char *text)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  gboolean phone_like = TRUE;
  gboolean has_digit = FALSE;
  GString *fts = g_string_new (NULL);

  memset (out, 0, sizeof *out);
  out->folded = fold_text (trimmed);

  for (const char *p = out->folded; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        has_digit = TRUE;
      else if (strchr (" +-()./", *p) == NULL)
        phone_like = FALSE;
    }
  if (phone_like && has_digit)
    out->digits = phone_digits (out->folded);

  /* Trigrams need three characters; shorter text is matched by the scan. */
  if (g_utf8_strlen (out->folded, -1) >= 3 && (out->digits == NULL || strlen (out->digits) >= 3))
    {
      g_string_append (fts, "{name_lc email_lc} : ");
      append_fts_phrase (fts, out->folded);
      if (out->digits != NULL)
        {
          g_string_append (fts, " OR phone_digits : ");
          append_fts_phrase (fts, out->digits);
        }
      out->fts_query = g_string_free (fts, FALSE);
    }
  else
    g_string_free (fts, TRUE);
}

/* "%text%" for LIKE … ESCAPE '\'. */
static char *
like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

GPtrArray *
ccal_cache_search_bookings (CcalCache  *self,
                            const char *text,
                            guint       limit,
                            GError    **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CacheStmt) stmt = NULL;
  g_auto (SearchText) search = { 0 };
  g_autofree char *pattern = NULL;
  g_autofree char *digits_pattern = NULL;
  gboolean use_index = FALSE;

  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  search_text_init (&search, text);
  if (search.folded[0] == '\0')
    return g_ptr_array_new_with_free_func (g_object_unref);

  locker = g_mutex_locker_new (&self->lock);

  /* The index pays when few contacts match. When many do ("customer"), matching bookings are dense
   * and walking them newest first reaches the limit sooner than collecting every match. */
  if (search.fts_query != NULL)
    {
      g_autoptr (CacheStmt) count = stmt_get (self, STMT_CONTACTS_FTS_COUNT, 0, error);

      if (count == NULL)
        return NULL;
      bind_text (count, 1, search.fts_query);
      sqlite3_bind_int (count, 2, SEARCH_SELECTIVE_CONTACTS);
      if (stmt_next (self, count, "be searched", error) != 1)
        return NULL;
      use_index = sqlite3_column_int (count, 0) < SEARCH_SELECTIVE_CONTACTS;
    }

  if (use_index)
    {
      stmt = stmt_get (self, STMT_SEARCH_FTS, 0, error);
      if (stmt == NULL)
        return NULL;
      bind_text (stmt, 1, search.fts_query);
      sqlite3_bind_int64 (stmt, 2, limit > 0 ? (gint64) limit : -1);
    }
  else
    {
      stmt = stmt_get (self, STMT_SEARCH_SCAN, 0, error);
      if (stmt == NULL)
        return NULL;
      pattern = like_pattern (search.folded);
      digits_pattern = search.digits != NULL ? like_pattern (search.digits) : NULL;
      bind_text (stmt, 1, pattern);
      bind_text (stmt, 2, digits_pattern);
      sqlite3_bind_int64 (stmt, 3, limit > 0 ? (gint64) limit : -1);
    }
  return models_from_stmt (self, CCAL_CACHE_COLLECTION_BOOKINGS, stmt, 0, error);
}

/* Appends the contacts a statement returns (CONTACT_COLUMNS first), skipping e-mails in @seen. */
static int
collect_contacts (CcalCache  *self,
                  CacheStmt  *stmt,
                  GHashTable *seen,
                  GPtrArray  *contacts,
                  guint       limit,
                  GError    **error)
{
  int found = 0;

  while (contacts->len < limit && (found = stmt_next (self, stmt, "be searched", error)) == 1)
    {
      const char *email_lc = (const char *) sqlite3_column_text (stmt, 6);
      CcalContact *contact;

      if (g_hash_table_contains (seen, email_lc))
        continue;
      g_hash_table_add (seen, g_strdup (email_lc));

      contact = ccal_contact_new ();
      contact->id = column_strdup (stmt, 0);
      contact->workspace_id = column_strdup (stmt, 1);
      contact->name = column_strdup (stmt, 2);
      contact->email = column_strdup (stmt, 3);
      contact->phone = column_strdup (stmt, 4);
      contact->timezone = column_strdup (stmt, 5);
      g_ptr_array_add (contacts, contact);
    }
  return contacts->len < limit ? found : 0;
}

GPtrArray *
ccal_cache_suggest_contacts (CcalCache  *self,
                             const char *text,
                             guint       limit,
                             GError    **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto (SearchText) search = { 0 };
  g_autofree char *upper = NULL;

  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  search_text_init (&search, text);
  if (search.folded[0] == '\0' || limit == 0)
    return g_steal_pointer (&contacts);

  locker = g_mutex_locker_new (&self->lock);

  /* Prefixes through the B-tree indexes: every string starting with @folded sorts below folded + 0xFF,
   * a byte UTF-8 never uses. */
  upper = g_strconcat (search.folded, "\xff", NULL);
  for (StmtId id = STMT_CONTACTS_NAME_PREFIX; id <= STMT_CONTACTS_EMAIL_PREFIX; id++)
    {
      g_autoptr (CacheStmt) stmt = NULL;

      if (contacts->len >= limit)
        break;
      stmt = stmt_get (self, id, 0, error);
      if (stmt == NULL)
        return NULL;
      bind_text (stmt, 1, search.folded);
      sqlite3_bind_text (stmt, 2, upper, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, limit);
      if (collect_contacts (self, stmt, seen, contacts, limit, error) < 0)
        return NULL;
    }

  if (contacts->len < limit && search.fts_query != NULL)
    {
      g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_CONTACTS_FTS, 0, error);

      if (stmt == NULL)
        return NULL;
      bind_text (stmt, 1, search.fts_query);
      sqlite3_bind_int64 (stmt, 2, (gint64) limit + contacts->len);
      if (collect_contacts (self, stmt, seen, contacts, limit, error) < 0)
        return NULL;
    }
  return g_steal_pointer (&contacts);
}

/* ── a filtered, sorted list of bookings ──────────────────────────────────────────────────────
 *
 * The statement is built per call from the filter (prepared in well under a millisecond, next to a
 * query over up to 100,000 rows). Search reuses ccal_cache_search_bookings ()'s reading of the
 * text: with 3+ characters the contacts' trigram index narrows the rows first (bookings without an
 * e-mail are not in it and are added back), and the LIKE on the booking's own columns then decides,
 * so a contact renamed in a newer booking does not drag older ones in. Sorting by start time walks
 * the bookings_start index; the other orders sort the matching rows. */

static const char *const booking_sort_sql[CCAL_CACHE_N_BOOKING_SORTS] = {
  [CCAL_CACHE_BOOKING_SORT_START] = NULL,
  [CCAL_CACHE_BOOKING_SORT_CONTACT] = "contact_name_lc",
  [CCAL_CACHE_BOOKING_SORT_PHONE] = "contact_phone_digits",
  [CCAL_CACHE_BOOKING_SORT_PRODUCT] = "json_extract (json, '$.product_interest') COLLATE NOCASE",
  /* the order a booking lives through; cancelled last */
  [CCAL_CACHE_BOOKING_SORT_STATUS] = "CASE status WHEN 0 THEN 0 WHEN 1 THEN 1 WHEN 3 THEN 2 WHEN 4 THEN 3 ELSE 4 END",
  [CCAL_CACHE_BOOKING_SORT_SOURCE] = "json_extract (json, '$.source')",
  [CCAL_CACHE_BOOKING_SORT_BOOKED_BY] = "json_extract (json, '$.created_by')",
};

G_STATIC_ASSERT (CCAL_BOOKING_STATUS_PENDING == 0 && CCAL_BOOKING_STATUS_CONFIRMED == 1 &&
                 CCAL_BOOKING_STATUS_CANCELLED == 2 && CCAL_BOOKING_STATUS_COMPLETED == 3 &&
                 CCAL_BOOKING_STATUS_NO_SHOW == 4);

/* The parameters a filter's statement binds (?1…?7). */
typedef struct
{
  SearchText  search;
  char       *pattern;          /* ?4 */
  char       *digits_pattern;   /* ?5 */
  gboolean    use_index;        /* ?6 is the FTS query */
  gboolean    people_index;     /* scan bookings_people instead of the rows */
} FilterParams;

static void
filter_params_clear (FilterParams *params)
{
  search_text_clear (&params->search);
  g_clear_pointer (&params->pattern, g_free);
  g_clear_pointer (&params->digits_pattern, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (FilterParams, filter_params_clear)

/* SELECT @columns FROM bookings WHERE <the filter> [ORDER BY <its order>], its parameters bound by
 * filter_bind (): ?1 from, ?2 to, ?3 admin, ?4/?5 LIKE patterns, ?6 FTS query, ?7/?8 limit/offset. */
static char *
filter_sql (const CcalCacheBookingFilter *filter,
            const FilterParams           *params,
            const char                   *columns,
            gboolean                      ordered,
            gboolean                      paged)
{
  GString *sql = g_string_new (NULL);
  guint all = (1u << CCAL_N_BOOKING_STATUSES) - 1;
  const char *direction = filter->descending ? " DESC" : "";

  /* Local deletions are few: leaving them out by the partial index keeps the scans off the rows. */
  g_string_append_printf (sql, "SELECT %s FROM bookings%s WHERE rowid NOT IN"
                               " (SELECT rowid FROM bookings WHERE state != 0 AND deleted = 1)",
                          columns, params->people_index ? " INDEXED BY bookings_people" : "");
  if ((filter->statuses & all) != 0 && (filter->statuses & all) != all)
    {
      const char *separator = "";

      g_string_append (sql, " AND status IN (");
      for (int s = 0; s < CCAL_N_BOOKING_STATUSES; s++)
        if (filter->statuses & (1u << s))
          {
            g_string_append_printf (sql, "%s%d", separator, s);
            separator = ", ";
          }
      g_string_append_c (sql, ')');
    }
  if (filter->from != G_MININT64)
    g_string_append (sql, " AND start_us >= ?1");
  if (filter->to != G_MAXINT64)
    g_string_append (sql, " AND start_us < ?2");
  if (filter->admin_id != NULL)
    g_string_append (sql, " AND admin_id = ?3");
  if (params->pattern != NULL)
    {
      g_string_append (sql, " AND (contact_name_lc LIKE ?4 ESCAPE '\\' OR contact_email_lc LIKE ?4 ESCAPE '\\'"
                            " OR contact_phone_digits LIKE ?5 ESCAPE '\\')");
      if (params->use_index)
        g_string_append (sql, " AND rowid IN (SELECT b.rowid FROM contacts_fts f JOIN contacts c ON c.cid = f.rowid"
                              " CROSS JOIN bookings b ON b.contact_email_lc = c.email_lc WHERE contacts_fts MATCH ?6"
                              " UNION ALL SELECT rowid FROM bookings WHERE contact_email_lc = '')");
    }
  if (ordered)
    {
      const char *key = booking_sort_sql[filter->sort];

      g_string_append (sql, " ORDER BY ");
      if (key != NULL)
        g_string_append_printf (sql, "%s%s, ", key, direction);
      g_string_append_printf (sql, "start_us%s, rowid%s", direction, direction);
    }
  if (paged)
    g_string_append (sql, " LIMIT ?7 OFFSET ?8");
  return g_string_free (sql, FALSE);
}

/* Reads the filter's search text; FALSE on error. */
static gboolean
filter_params_init (CcalCache                    *self,
                    const CcalCacheBookingFilter *filter,
                    FilterParams                 *out,
                    GError                      **error)
{
  memset (out, 0, sizeof *out);
  search_text_init (&out->search, filter->search != NULL ? filter->search : "");
  if (out->search.folded[0] == '\0')
    return TRUE;

  out->pattern = like_pattern (out->search.folded);
  out->digits_pattern = out->search.digits != NULL ? like_pattern (out->search.digits) : NULL;
  if (out->search.fts_query != NULL)
    {
      g_autoptr (CacheStmt) count = stmt_get (self, STMT_CONTACTS_FTS_COUNT, 0, error);

      if (count == NULL)
        return FALSE;
      bind_text (count, 1, out->search.fts_query);
      sqlite3_bind_int (count, 2, SEARCH_SELECTIVE_CONTACTS);
      if (stmt_next (self, count, "be searched", error) != 1)
        return FALSE;
      /* Text that hundreds of contacts share matches bookings densely: a scan is as quick. */
      out->use_index = sqlite3_column_int (count, 0) < SEARCH_SELECTIVE_CONTACTS;
    }
  return TRUE;
}

/* Scanning every row for a LIKE or a contact order reads the small bookings_people index instead of
 * the rows (a third of the time at 100,000 rows); SQLite does not see that by itself. */
static gboolean
filter_wants_people_index (CcalCache                    *self,
                           const CcalCacheBookingFilter *filter,
                           const FilterParams           *params)
{
  sqlite3_stmt *stmt = NULL;
  gboolean exists;

  if (filter->admin_id != NULL || params->use_index ||
      (params->pattern == NULL && filter->sort != CCAL_CACHE_BOOKING_SORT_CONTACT &&
       filter->sort != CCAL_CACHE_BOOKING_SORT_PHONE))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'bookings_people'",
                          -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  exists = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_finalize (stmt);
  return exists;
}

/* A prepared statement for @filter (finalize it), bound; NULL on error. */
static sqlite3_stmt *
filter_prepare (CcalCache                    *self,
                const CcalCacheBookingFilter *filter,
                FilterParams                 *params,
                const char                   *columns,
                gboolean                      ordered,
                guint                         offset,
                guint                         limit,
                GError                      **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!filter_params_init (self, filter, params, error))
    return NULL;
  params->people_index = filter_wants_people_index (self, filter, params);
  sql = filter_sql (filter, params, columns, ordered, limit > 0 || offset > 0);
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (self, rc, "be read", error);
      return NULL;
    }
  /* Parameters absent from the SQL are out of range: SQLite ignores such binds. */
  sqlite3_bind_int64 (stmt, 1, filter->from);
  sqlite3_bind_int64 (stmt, 2, filter->to);
  bind_text (stmt, 3, filter->admin_id);
  bind_text (stmt, 4, params->pattern);
  bind_text (stmt, 5, params->digits_pattern);
  if (params->use_index)
    bind_text (stmt, 6, params->search.fts_query);
  sqlite3_bind_int64 (stmt, 7, limit > 0 ? (gint64) limit : -1);
  sqlite3_bind_int64 (stmt, 8, offset);
  return stmt;
}

static gboolean
filter_is_valid (const CcalCacheBookingFilter *filter)
{
  return filter != NULL && (guint) filter->sort < CCAL_CACHE_N_BOOKING_SORTS;
}

GArray *
ccal_cache_list_booking_keys (CcalCache                    *self,
                              const CcalCacheBookingFilter *filter,
                              GError                      **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GArray) keys = NULL;
  g_auto (FilterParams) params = { 0 };
  sqlite3_stmt *stmt;
  int found;

  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (filter_is_valid (filter), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (filter->from >= filter->to)
    return g_steal_pointer (&keys);

  locker = g_mutex_locker_new (&self->lock);
  stmt = filter_prepare (self, filter, &params, "rowid", TRUE, 0, 0, error);
  if (stmt == NULL)
    return NULL;
  while ((found = stmt_next (self, stmt, "be read", error)) == 1)
    {
      gint64 key = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (keys, key);
    }
  sqlite3_finalize (stmt);
  return found == 0 ? g_steal_pointer (&keys) : NULL;
}

gboolean
ccal_cache_count_bookings_matching (CcalCache                    *self,
                                    const CcalCacheBookingFilter *filter,
                                    guint                        *out_count,
                                    GError                      **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_auto (FilterParams) params = { 0 };
  sqlite3_stmt *stmt;
  gboolean ok;

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (filter_is_valid (filter), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *out_count = 0;
  if (filter->from >= filter->to)
    return TRUE;

  locker = g_mutex_locker_new (&self->lock);
  stmt = filter_prepare (self, filter, &params, "count(*)", FALSE, 0, 0, error);
  if (stmt == NULL)
    return FALSE;
  ok = stmt_next (self, stmt, "be counted", error) == 1;
  if (ok)
    *out_count = (guint) sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return ok;
}

GPtrArray *
ccal_cache_query_bookings_filtered (CcalCache                    *self,
                                    const CcalCacheBookingFilter *filter,
                                    guint                         offset,
                                    guint                         limit,
                                    GError                      **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_auto (FilterParams) params = { 0 };
  GPtrArray *models;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (filter_is_valid (filter), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (filter->from >= filter->to)
    return g_ptr_array_new_with_free_func (g_object_unref);

  locker = g_mutex_locker_new (&self->lock);
  stmt = filter_prepare (self, filter, &params, "view, json", TRUE, offset, limit, error);
  if (stmt == NULL)
    return NULL;
  models = models_from_stmt (self, CCAL_CACHE_COLLECTION_BOOKINGS, stmt, 0, error);
  sqlite3_finalize (stmt);
  return models;
}

gboolean
ccal_cache_fetch_bookings (CcalCache       *self,
                           const gint64    *keys,
                           guint            n_keys,
                           CcalBooking    **out_bookings,
                           CcalCacheState  *out_states,
                           GError         **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (keys != NULL || n_keys == 0, FALSE);
  g_return_val_if_fail (out_bookings != NULL || n_keys == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_keys == 0)
    return TRUE;
  memset (out_bookings, 0, sizeof (CcalBooking *) * n_keys);
  if (out_states != NULL)
    memset (out_states, 0, sizeof (CcalCacheState) * n_keys);

  locker = g_mutex_locker_new (&self->lock);
  rc = sqlite3_prepare_v2 (self->db, "SELECT view, json, state FROM bookings WHERE rowid = ?1", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (self, rc, "be read", error);

  for (guint i = 0; i < n_keys; i++)
    {
      int found;

      sqlite3_bind_int64 (stmt, 1, keys[i]);
      found = stmt_next (self, stmt, "be read", error);
      if (found == 1)
        {
          out_bookings[i] = CCAL_BOOKING (row_to_model (self, CCAL_CACHE_COLLECTION_BOOKINGS, stmt, 0, 1, error));
          if (out_bookings[i] == NULL)
            found = -1;
          else if (out_states != NULL)
            out_states[i] = sqlite3_column_int (stmt, 2);
        }
      sqlite3_reset (stmt);
      if (found < 0)
        {
          for (guint j = 0; j < i; j++)
            g_clear_object (&out_bookings[j]);
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

gboolean
ccal_cache_count (CcalCache          *self,
                  CcalCacheCollection collection,
                  guint              *out_count,
                  GError            **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CacheStmt) stmt = NULL;

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (collection_is_valid (collection), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  stmt = stmt_get (self, STMT_COUNT, collection, error);
  if (stmt == NULL || stmt_next (self, stmt, "be counted", error) != 1)
    return FALSE;
  *out_count = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

gboolean
ccal_cache_count_bookings_by_status (CcalCache *self,
                                     gint64     from,
                                     gint64     to,
                                     guint      out_counts[CCAL_N_BOOKING_STATUSES],
                                     GError   **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CacheStmt) stmt = NULL;
  int found;

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (out_counts != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memset (out_counts, 0, sizeof (guint) * CCAL_N_BOOKING_STATUSES);
  if (from >= to)
    return TRUE;

  locker = g_mutex_locker_new (&self->lock);
  stmt = stmt_get (self, STMT_COUNT_STATUS, CCAL_CACHE_COLLECTION_BOOKINGS, error);
  if (stmt == NULL)
    return FALSE;
  bind_range (stmt, from, to, NULL);
  while ((found = stmt_next (self, stmt, "be counted", error)) == 1)
    {
      int status = sqlite3_column_int (stmt, 0);

      if (status >= 0 && status < CCAL_N_BOOKING_STATUSES)
        out_counts[status] = (guint) sqlite3_column_int64 (stmt, 1);
    }
  return found == 0;
}

gboolean
ccal_cache_get_state (CcalCache          *self,
                      CcalCacheCollection collection,
                      const char         *id,
                      CcalCacheState     *out_state,
                      char              **out_failure_reason,
                      GError            **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_auto (Row) row = { 0 };

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (collection_is_valid (collection), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!row_get (self, collection, id, &row, error))
    return FALSE;
  if (out_state != NULL)
    *out_state = row.state;
  if (out_failure_reason != NULL)
    *out_failure_reason = g_steal_pointer (&row.failure);
  return TRUE;
}

GHashTable *
ccal_cache_get_unsynced (CcalCache          *self,
                         CcalCacheCollection collection,
                         GError            **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CacheStmt) stmt = NULL;
  g_autoptr (GHashTable) states = NULL;
  int found;

  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (collection_is_valid (collection), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = stmt_get (self, STMT_UNSYNCED, collection, error);
  if (stmt == NULL)
    return NULL;
  states = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((found = stmt_next (self, stmt, "be read", error)) == 1)
    g_hash_table_insert (states, column_strdup (stmt, 0), GINT_TO_POINTER (sqlite3_column_int (stmt, 1)));
  return found == 0 ? g_steal_pointer (&states) : NULL;
}

gboolean
ccal_cache_get_conflict (CcalCache          *self,
                         CcalCacheCollection collection,
                         const char         *id,
                         JsonObject        **out_mine,
                         JsonObject        **out_theirs,
                         GError            **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (JsonObject) mine = NULL;
  g_autoptr (JsonObject) theirs = NULL;
  g_auto (Row) row = { 0 };

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (collection_is_valid (collection), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!row_get (self, collection, id, &row, error))
    return FALSE;
  if (row.state != CCAL_CACHE_STATE_CONFLICT || row.server_json == NULL)
    {
      g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_INVALID, "The %s “%s” is not in conflict.",
                   collection_noun (collection), id);
      return FALSE;
    }
  mine = text_to_object (self, row.json, -1, error);
  if (mine == NULL)
    return FALSE;
  theirs = text_to_object (self, row.server_json, -1, error);
  if (theirs == NULL)
    return FALSE;

  if (out_mine != NULL)
    *out_mine = g_steal_pointer (&mine);
  if (out_theirs != NULL)
    *out_theirs = g_steal_pointer (&theirs);
  return TRUE;
}

/* ── settings, sync tokens, meta ──────────────────────────────────────────────────────────── */

gboolean
ccal_cache_put_settings (CcalCache    *self,
                         CcalSettings *settings,
                         GError      **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CacheStmt) stmt = NULL;
  g_autoptr (JsonObject) object = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (CCAL_IS_SETTINGS (settings), FALSE);
  g_return_val_if_fail (settings->admin_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  object = ccal_settings_to_json (settings);
  text = object_to_text (object);

  locker = g_mutex_locker_new (&self->lock);
  stmt = stmt_get (self, STMT_SETTINGS_PUT, 0, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, settings->admin_id);
  bind_text (stmt, 2, text);
  return stmt_run (self, stmt, "save the settings", error);
}

/* The text column 0 of the one row @stmt (already bound) returns; NULL with no error when there is none. */
static char *
single_text (CcalCache  *self,
             CacheStmt  *stmt,
             GError    **error)
{
  int found = stmt_next (self, stmt, "be read", error);

  return found == 1 ? column_strdup (stmt, 0) : NULL;
}

CcalSettings *
ccal_cache_get_settings (CcalCache  *self,
                         const char *admin_id,
                         GError    **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CacheStmt) stmt = NULL;
  g_autoptr (JsonObject) object = NULL;
  g_autoptr (GError) local_error = NULL;
  g_autofree char *text = NULL;
  CcalSettings *settings;

  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (admin_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = stmt_get (self, STMT_SETTINGS_GET, 0, error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, admin_id);
  text = single_text (self, stmt, &local_error);
  if (text == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND,
                     "There are no settings for “%s” in the offline copy.", admin_id);
      return NULL;
    }

  object = text_to_object (self, text, -1, error);
  if (object == NULL)
    return NULL;
  settings = ccal_settings_new_from_json (object, &local_error);
  if (settings == NULL)
    g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_CORRUPT, "The offline copy holds unreadable settings: %s",
                 local_error->message);
  return settings;
}

char *
ccal_cache_get_sync_token (CcalCache          *self,
                           CcalCacheCollection collection,
                           GError            **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CacheStmt) stmt = NULL;

  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (collection_is_valid (collection), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = stmt_get (self, STMT_TOKEN_GET, 0, error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, ccal_cache_collection_to_string (collection));
  return single_text (self, stmt, error);
}

gboolean
ccal_cache_set_meta (CcalCache  *self,
                     const char *key,
                     const char *value,
                     GError    **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CacheStmt) stmt = NULL;

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  stmt = stmt_get (self, value != NULL ? STMT_META_SET : STMT_META_DELETE, 0, error);
  if (stmt == NULL)
    return FALSE;
  bind_text (stmt, 1, key);
  if (value != NULL)
    bind_text (stmt, 2, value);
  return stmt_run (self, stmt, "save a setting", error);
}

char *
ccal_cache_get_meta (CcalCache  *self,
                     const char *key,
                     GError    **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CacheStmt) stmt = NULL;

  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = stmt_get (self, STMT_META_GET, 0, error);
  if (stmt == NULL)
    return NULL;
  bind_text (stmt, 1, key);
  return single_text (self, stmt, error);
}

/* ── pulling ──────────────────────────────────────────────────────────────────────────────── */

static gboolean
apply_server_object (CcalCache          *self,
                     CcalCacheCollection collection,
                     JsonNode           *node,
                     guint               index,
                     GError            **error)
{
  g_autoptr (GError) local_error = NULL;
  g_auto (Columns) columns = { 0 };
  g_autofree char *text = NULL;
  JsonObject *object;
  GObject *model;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID, "Item %u of the server's %s is not an object.",
                   index, ccal_cache_collection_to_string (collection));
      return FALSE;
    }
  object = json_node_get_object (node);

  if (json_object_get_boolean_member_with_default (object, "deleted", FALSE))
    {
      g_autoptr (CacheStmt) stmt = NULL;
      const char *id = json_object_get_string_member_with_default (object, "id", NULL);

      if (id == NULL)
        {
          g_set_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID,
                       "Item %u of the server's %s is a deletion without an id.", index,
                       ccal_cache_collection_to_string (collection));
          return FALSE;
        }
      stmt = stmt_get (self, STMT_ROW_TOMBSTONE, collection, error);
      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, json_object_get_int_member_with_default (object, "version", G_MAXINT64));
      return stmt_run (self, stmt, "remove an object", error);
    }

  model = object_to_model (collection, object, &local_error);
  if (model == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "Item %u of the server's %s: ", index,
                                  ccal_cache_collection_to_string (collection));
      return FALSE;
    }
  columns_from_model (collection, model, &columns);
  text = json_to_string (node, FALSE);

  return row_write (self, collection,
                    collection == CCAL_CACHE_COLLECTION_BOOKINGS ? STMT_BOOKING_UPSERT_SERVER
                                                                 : STMT_EVENT_UPSERT_SERVER,
                    &columns, CCAL_CACHE_STATE_SYNCED, FALSE, columns.version, text, -1, NULL, NULL, error);
}

gboolean
ccal_cache_put_server_objects (CcalCache          *self,
                               CcalCacheCollection collection,
                               JsonArray          *objects,
                               const char         *sync_token,
                               GError            **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  guint n;
  gboolean ok = TRUE;

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (collection_is_valid (collection), FALSE);
  g_return_val_if_fail (objects != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!tx_begin (self, error))
    return FALSE;

  n = json_array_get_length (objects);
  for (guint i = 0; ok && i < n; i++)
    ok = apply_server_object (self, collection, json_array_get_element (objects, i), i, error);

  if (ok && sync_token != NULL)
    {
      g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_TOKEN_SET, 0, error);

      ok = stmt != NULL;
      if (ok)
        {
          bind_text (stmt, 1, ccal_cache_collection_to_string (collection));
          bind_text (stmt, 2, sync_token);
          ok = stmt_run (self, stmt, "save the sync token", error);
        }
    }
  return tx_finish (self, ok, error);
}

gboolean
ccal_cache_clear_collection (CcalCache          *self,
                             CcalCacheCollection collection,
                             GError            **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  gboolean ok;

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (collection_is_valid (collection), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!tx_begin (self, error))
    return FALSE;
  {
    g_autoptr (CacheStmt) clear = stmt_get (self, STMT_CLEAR_SYNCED, collection, error);

    ok = clear != NULL && stmt_run (self, clear, "be cleared", error);
  }
  if (ok)
    {
      g_autoptr (CacheStmt) token = stmt_get (self, STMT_TOKEN_DELETE, 0, error);

      ok = token != NULL;
      if (ok)
        {
          bind_text (token, 1, ccal_cache_collection_to_string (collection));
          ok = stmt_run (self, token, "be cleared", error);
        }
    }
  return tx_finish (self, ok, error);
}

/* ── the outbox ───────────────────────────────────────────────────────────────────────────── */

/* A private deep copy of @object, as text and parsed (from the text, so both agree). */
static JsonObject *
copy_object (CcalCache  *self,
             JsonObject *object,
             GError    **error)
{
  g_autofree char *text = object_to_text (object);

  return text_to_object (self, text, -1, error);
}

static gboolean
validate_object (CcalCacheCollection collection,
                 JsonObject         *object,
                 GError            **error)
{
  g_autoptr (GObject) model = object_to_model (collection, object, error);

  return model != NULL;
}

/* The state a row with local changes has once its server copy is known. */
static CcalCacheState
pending_state (const Row *row)
{
  if (row->state == CCAL_CACHE_STATE_CONFLICT)
    return CCAL_CACHE_STATE_CONFLICT;
  return row->deleted ? CCAL_CACHE_STATE_LOCALLY_DELETED : CCAL_CACHE_STATE_LOCALLY_MODIFIED;
}

static CcalCacheOutboxEntry *
stage_create (CcalCache          *self,
              CcalCacheCollection collection,
              JsonObject         *object,
              const char         *body_text,
              GError            **error)
{
  g_autoptr (JsonObject) copy = copy_object (self, object, error);
  g_auto (Row) row = { 0 };
  const char *id;
  gint64 entry_id;
  int found;

  if (copy == NULL)
    return NULL;

  /* The server gives the real ids; the local ones only have to be unique and readable. */
  id = json_object_get_string_member_with_default (copy, "id", NULL);
  if (id == NULL)
    {
      g_autofree char *local_id = g_uuid_string_random ();

      json_object_set_string_member (copy, "id", local_id);
      id = json_object_get_string_member (copy, "id");
    }
  if (collection == CCAL_CACHE_COLLECTION_BOOKINGS && json_object_has_member (copy, "contact") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (copy, "contact")))
    {
      JsonObject *contact = json_object_get_object_member (copy, "contact");

      if (json_object_get_string_member_with_default (contact, "id", NULL) == NULL)
        {
          g_autofree char *local_id = g_uuid_string_random ();

          json_object_set_string_member (contact, "id", local_id);
        }
    }
  if (!validate_object (collection, copy, error))
    return NULL;

  found = row_lookup (self, collection, id, &row, error);
  if (found < 0)
    return NULL;
  if (found == 1)
    {
      g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_INVALID, "There already is a %s “%s”.",
                   collection_noun (collection), id);
      return NULL;
    }

  row.id = g_strdup (id);
  row.state = CCAL_CACHE_STATE_LOCALLY_CREATED;
  row.json = object_to_text (copy);
  if (!row_store (self, collection, &row, error))
    return NULL;

  entry_id = entry_insert (self, CCAL_CACHE_CHANGE_CREATE, collection, id, row.json, body_text, 0, error);
  return entry_id != 0 ? entry_get (self, entry_id, error) : NULL;
}

static CcalCacheOutboxEntry *
stage_update (CcalCache          *self,
              CcalCacheCollection collection,
              const char         *id,
              JsonObject         *object,
              const char         *body_text,
              GError            **error)
{
  g_auto (Row) row = { 0 };
  gint64 entry_id;

  if (!validate_object (collection, object, error) || !row_get (self, collection, id, &row, error))
    return NULL;
  if (row.deleted)
    {
      g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_INVALID, "The %s “%s” has been deleted.",
                   collection_noun (collection), id);
      return NULL;
    }

  if (row.state == CCAL_CACHE_STATE_SYNCED)
    {
      row.state = CCAL_CACHE_STATE_LOCALLY_MODIFIED;
      row.server_json = g_steal_pointer (&row.json);
    }
  g_free (row.json);
  row.json = object_to_text (object);
  if (!row_store (self, collection, &row, error))
    return NULL;

  entry_id = entry_insert (self, CCAL_CACHE_CHANGE_UPDATE, collection, id, row.json, body_text, row.server_version,
                           error);
  return entry_id != 0 ? entry_get (self, entry_id, error) : NULL;
}

static CcalCacheOutboxEntry *
stage_delete (CcalCache          *self,
              CcalCacheCollection collection,
              const char         *id,
              const char         *body_text,
              GError            **error)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_auto (Row) row = { 0 };
  gint64 entry_id;

  if (!row_get (self, collection, id, &row, error))
    return NULL;
  if (row.deleted)
    {
      g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_INVALID, "The %s “%s” has already been deleted.",
                   collection_noun (collection), id);
      return NULL;
    }

  entries = entries_for_object (self, collection, id, error);
  if (entries == NULL)
    return NULL;

  /* Never sent (or refused for good): the server has nothing to delete, so nothing is queued. */
  if (row.state == CCAL_CACHE_STATE_LOCALLY_CREATED && entries->len > 0)
    {
      CcalCacheOutboxEntry *create = g_ptr_array_index (entries, 0);

      if (create->kind == CCAL_CACHE_CHANGE_CREATE && (create->attempts == 0 || create->failed))
        {
          g_autoptr (CcalCacheOutboxEntry) dropped = g_new0 (CcalCacheOutboxEntry, 1);

          if (!entries_delete_for_object (self, collection, id, error) || !row_delete (self, collection, id, error))
            return NULL;
          dropped->kind = CCAL_CACHE_CHANGE_DELETE;
          dropped->collection = collection;
          dropped->object_id = g_strdup (id);
          dropped->object = text_to_object (self, row.json, -1, error);
          if (dropped->object == NULL)
            return NULL;
          dropped->created_at = g_get_real_time ();
          return g_steal_pointer (&dropped);
        }
    }

  if (row.state == CCAL_CACHE_STATE_SYNCED)
    row.server_json = g_strdup (row.json);
  if (row.state != CCAL_CACHE_STATE_CONFLICT)
    row.state = CCAL_CACHE_STATE_LOCALLY_DELETED;
  row.deleted = TRUE;
  if (!row_store (self, collection, &row, error))
    return NULL;

  entry_id = entry_insert (self, CCAL_CACHE_CHANGE_DELETE, collection, id, row.json, body_text, row.server_version,
                           error);
  return entry_id != 0 ? entry_get (self, entry_id, error) : NULL;
}

CcalCacheOutboxEntry *
ccal_cache_stage_change (CcalCache          *self,
                         CcalCacheChangeKind kind,
                         CcalCacheCollection collection,
                         JsonObject         *object,
                         JsonObject         *body,
                         GError            **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CcalCacheOutboxEntry) entry = NULL;
  g_autofree char *body_text = NULL;
  const char *id = NULL;

  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (collection_is_valid (collection), NULL);
  g_return_val_if_fail (object != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (kind != CCAL_CACHE_CHANGE_CREATE)
    {
      id = json_object_get_string_member_with_default (object, "id", NULL);
      if (id == NULL)
        {
          ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "id", "The “id” field is required.");
          return NULL;
        }
    }
  if (body != NULL)
    body_text = object_to_text (body);

  locker = g_mutex_locker_new (&self->lock);
  if (!tx_begin (self, error))
    return NULL;

  switch (kind)
    {
    case CCAL_CACHE_CHANGE_CREATE:
      entry = stage_create (self, collection, object, body_text, error);
      break;
    case CCAL_CACHE_CHANGE_UPDATE:
      entry = stage_update (self, collection, id, object, body_text, error);
      break;
    case CCAL_CACHE_CHANGE_DELETE:
      entry = stage_delete (self, collection, id, body_text, error);
      break;
    default:
      g_critical ("Unknown change kind %d", kind);
      break;
    }

  if (!tx_finish (self, entry != NULL, error))
    return NULL;
  return g_steal_pointer (&entry);
}

GPtrArray *
ccal_cache_outbox_peek (CcalCache *self,
                        guint      max_entries,
                        GError   **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  if (!tx_begin (self, error))
    return NULL;
  {
    g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_OUTBOX_PEEK, 0, error);

    if (stmt != NULL)
      {
        sqlite3_bind_int64 (stmt, 1, max_entries > 0 ? (gint64) max_entries : -1);
        entries = entries_from_stmt (self, stmt, error);
      }
  }
  ok = entries != NULL;

  /* Counted, so a delete of a never-pushed object knows whether the server may have seen its create. */
  for (guint i = 0; ok && i < entries->len; i++)
    {
      CcalCacheOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_OUTBOX_ATTEMPT, 0, error);

      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_int64 (stmt, 1, entry->id);
          ok = stmt_run (self, stmt, "update the outbox", error);
          entry->attempts++;
        }
    }

  if (!tx_finish (self, ok, error))
    return NULL;
  return g_steal_pointer (&entries);
}

GPtrArray *
ccal_cache_outbox_list (CcalCache *self,
                        GError   **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CacheStmt) stmt = NULL;

  g_return_val_if_fail (CCAL_IS_CACHE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  locker = g_mutex_locker_new (&self->lock);
  stmt = stmt_get (self, STMT_OUTBOX_LIST, 0, error);
  if (stmt == NULL)
    return NULL;
  return entries_from_stmt (self, stmt, error);
}

gboolean
ccal_cache_outbox_count (CcalCache *self,
                         guint     *out_count,
                         GError   **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CacheStmt) stmt = NULL;

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (out_count != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  stmt = stmt_get (self, STMT_OUTBOX_COUNT, 0, error);
  if (stmt == NULL || stmt_next (self, stmt, "read the outbox", error) != 1)
    return FALSE;
  *out_count = (guint) sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

/* Sets member "id" of the object in @text (if it has one) to @id. */
static char *
retarget_text (CcalCache  *self,
               const char *text,
               const char *id,
               GError    **error)
{
  g_autoptr (JsonObject) object = NULL;

  if (text == NULL)
    return NULL;
  object = text_to_object (self, text, -1, error);
  if (object == NULL)
    return NULL;
  if (json_object_has_member (object, "id"))
    json_object_set_string_member (object, "id", id);
  return object_to_text (object);
}

/* The server gave a created object its real id: the row and the later entries take it. */
static gboolean
rename_object (CcalCache          *self,
               CcalCacheCollection collection,
               const char         *old_id,
               const char         *new_id,
               GError            **error)
{
  g_autoptr (GPtrArray) entries = NULL;
  g_auto (Row) existing = { 0 };
  int found;

  /* A pull may have brought the object in under its real id before this answer came. */
  found = row_lookup (self, collection, new_id, &existing, error);
  if (found < 0)
    return FALSE;
  if (found == 1 && existing.state == CCAL_CACHE_STATE_SYNCED)
    {
      if (!row_delete (self, collection, new_id, error))
        return FALSE;
      found = 0;
    }

  if (found == 0)
    {
      g_autoptr (CacheStmt) stmt = stmt_get (self, STMT_ROW_RENAME, collection, error);

      if (stmt == NULL)
        return FALSE;
      bind_text (stmt, 1, old_id);
      bind_text (stmt, 2, new_id);
      if (!stmt_run (self, stmt, "update an object", error))
        return FALSE;
    }
  else if (!row_delete (self, collection, old_id, error))   /* …and was already edited there: that row wins */
    return FALSE;

  entries = entries_for_object (self, collection, old_id, error);
  if (entries == NULL)
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      CcalCacheOutboxEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr (CacheStmt) stmt = NULL;
      g_autofree char *object_text = NULL;
      g_autofree char *body_text = NULL;
      g_autofree char *old_text = object_to_text (entry->object);

      object_text = retarget_text (self, old_text, new_id, error);
      if (object_text == NULL)
        return FALSE;
      if (entry->body != NULL)
        {
          g_autofree char *old_body = object_to_text (entry->body);

          body_text = retarget_text (self, old_body, new_id, error);
          if (body_text == NULL)
            return FALSE;
        }

      stmt = stmt_get (self, STMT_OUTBOX_REWRITE, 0, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, entry->id);
      bind_text (stmt, 2, new_id);
      bind_text (stmt, 3, object_text);
      bind_text (stmt, 4, body_text);
      if (!stmt_run (self, stmt, "update the outbox", error))
        return FALSE;
    }
  return TRUE;
}

/* The server's answer to a create or update of @entry's object. */
static gboolean
complete_with_object (CcalCache                  *self,
                      const CcalCacheOutboxEntry *entry,
                      JsonObject                 *server_object,
                      GError                    **error)
{
  g_autoptr (GObject) model = NULL;
  g_autoptr (GPtrArray) remaining = NULL;
  g_autoptr (GError) local_error = NULL;
  g_auto (Row) row = { 0 };
  g_auto (Columns) columns = { 0 };
  const char *id = entry->object_id;
  gboolean renamed;
  int found;

  model = object_to_model (entry->collection, server_object, &local_error);
  if (model == NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "The server's answer: ");
      return FALSE;
    }
  columns_from_model (entry->collection, g_steal_pointer (&model), &columns);

  renamed = !g_str_equal (columns.id, id);
  if (renamed)
    {
      if (!rename_object (self, entry->collection, id, columns.id, error))
        return FALSE;
      id = columns.id;
    }

  found = row_lookup (self, entry->collection, id, &row, error);
  if (found < 0)
    return FALSE;
  if (found == 0)
    return TRUE;   /* discarded meanwhile; the next pull brings the server's copy */
  if (renamed)
    {
      char *json = retarget_text (self, row.json, id, error);

      if (json == NULL)
        return FALSE;
      g_free (row.json);
      row.json = json;
    }

  remaining = entries_for_object (self, entry->collection, id, error);
  if (remaining == NULL)
    return FALSE;

  g_free (row.server_json);
  row.server_json = object_to_text (server_object);
  row.server_version = columns.version;
  if (remaining->len == 0)
    {
      g_free (row.json);
      row.json = g_steal_pointer (&row.server_json);
      row.state = CCAL_CACHE_STATE_SYNCED;
      row.deleted = FALSE;
      g_clear_pointer (&row.failure, g_free);
    }
  else
    {
      row.state = pending_state (&row);
      if (!entries_rebase (self, entry->collection, id, row.server_version, error))
        return FALSE;
    }
  return row_store (self, entry->collection, &row, error);
}

gboolean
ccal_cache_outbox_complete (CcalCache  *self,
                            gint64      entry_id,
                            JsonObject *server_object,
                            GError    **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CcalCacheOutboxEntry) entry = NULL;
  gboolean ok;

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!tx_begin (self, error))
    return FALSE;

  entry = entry_get (self, entry_id, error);
  ok = entry != NULL && entry_delete (self, entry_id, error);
  if (ok)
    {
      gboolean gone = entry->kind == CCAL_CACHE_CHANGE_DELETE ||
                      (server_object != NULL &&
                       json_object_get_boolean_member_with_default (server_object, "deleted", FALSE));

      if (gone)
        ok = entries_delete_for_object (self, entry->collection, entry->object_id, error) &&
             row_delete (self, entry->collection, entry->object_id, error);
      else if (server_object == NULL)
        {
          g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_INVALID,
                       "The server's answer to a %s is needed to complete it.",
                       entry->kind == CCAL_CACHE_CHANGE_CREATE ? "creation" : "change");
          ok = FALSE;
        }
      else
        ok = complete_with_object (self, entry, server_object, error);
    }
  return tx_finish (self, ok, error);
}

/* Sets or clears the failure shown on an entry's row. */
static gboolean
set_row_failure (CcalCache                  *self,
                 const CcalCacheOutboxEntry *entry,
                 const char                 *reason,
                 GError                    **error)
{
  g_auto (Row) row = { 0 };
  int found = row_lookup (self, entry->collection, entry->object_id, &row, error);

  if (found <= 0)
    return found == 0;
  g_free (row.failure);
  row.failure = g_strdup (reason);
  return row_store (self, entry->collection, &row, error);
}

static gboolean
set_entry_failed (CcalCache  *self,
                  gint64      entry_id,
                  gboolean    failed,
                  const char *reason,
                  GError    **error)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->lock);
  g_autoptr (CcalCacheOutboxEntry) entry = NULL;
  gboolean ok;

  if (!tx_begin (self, error))
    return FALSE;
  entry = entry_get (self, entry_id, error);
  ok = entry != NULL && entry_set_failed (self, entry_id, failed, reason, error) &&
       set_row_failure (self, entry, reason, error);
  return tx_finish (self, ok, error);
}

gboolean
ccal_cache_outbox_fail (CcalCache  *self,
                        gint64      entry_id,
                        const char *reason,
                        GError    **error)
{
  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (reason != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_entry_failed (self, entry_id, TRUE, reason, error);
}

gboolean
ccal_cache_outbox_retry (CcalCache *self,
                         gint64     entry_id,
                         GError   **error)
{
  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return set_entry_failed (self, entry_id, FALSE, NULL, error);
}

/* Back to the server's copy @server_text (NULL: the object never reached the server, or is gone there). */
static gboolean
revert_row (CcalCache          *self,
            CcalCacheCollection collection,
            Row                *row,
            char               *server_text,
            GError            **error)
{
  g_autoptr (JsonObject) server_object = NULL;
  g_autofree char *text = server_text;

  if (!entries_delete_for_object (self, collection, row->id, error))
    return FALSE;
  if (text != NULL)
    {
      server_object = text_to_object (self, text, -1, error);
      if (server_object == NULL)
        return FALSE;
    }
  if (server_object == NULL || json_object_get_boolean_member_with_default (server_object, "deleted", FALSE))
    return row_delete (self, collection, row->id, error);

  g_free (row->json);
  row->json = g_steal_pointer (&text);
  g_clear_pointer (&row->server_json, g_free);
  g_clear_pointer (&row->failure, g_free);
  row->state = CCAL_CACHE_STATE_SYNCED;
  row->deleted = FALSE;
  row->server_version = json_object_get_int_member_with_default (server_object, "version", row->server_version);
  return row_store (self, collection, row, error);
}

gboolean
ccal_cache_discard_changes (CcalCache          *self,
                            CcalCacheCollection collection,
                            const char         *id,
                            GError            **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_auto (Row) row = { 0 };
  gboolean ok;

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (collection_is_valid (collection), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!tx_begin (self, error))
    return FALSE;
  ok = row_get (self, collection, id, &row, error);
  if (ok && row.state != CCAL_CACHE_STATE_SYNCED)
    ok = revert_row (self, collection, &row, g_steal_pointer (&row.server_json), error);
  return tx_finish (self, ok, error);
}

gboolean
ccal_cache_mark_conflict (CcalCache  *self,
                          gint64      entry_id,
                          JsonObject *theirs,
                          GError    **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (CcalCacheOutboxEntry) entry = NULL;
  g_auto (Row) row = { 0 };
  gboolean ok;

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (theirs != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!tx_begin (self, error))
    return FALSE;
  entry = entry_get (self, entry_id, error);
  ok = entry != NULL && row_get (self, entry->collection, entry->object_id, &row, error);
  if (ok)
    {
      row.state = CCAL_CACHE_STATE_CONFLICT;
      g_free (row.server_json);
      row.server_json = object_to_text (theirs);
      g_clear_pointer (&row.failure, g_free);
      ok = row_store (self, entry->collection, &row, error);
    }
  return tx_finish (self, ok, error);
}

static gboolean
keep_mine (CcalCache          *self,
           CcalCacheCollection collection,
           Row                *row,
           JsonObject         *theirs,
           GError            **error)
{
  /* Deleted on the server: "mine" can only come back as a new object. */
  if (json_object_get_boolean_member_with_default (theirs, "deleted", FALSE))
    {
      if (!entries_delete_for_object (self, collection, row->id, error))
        return FALSE;
      if (row->deleted)
        return row_delete (self, collection, row->id, error);

      g_clear_pointer (&row->server_json, g_free);
      g_clear_pointer (&row->failure, g_free);
      row->state = CCAL_CACHE_STATE_LOCALLY_CREATED;
      row->server_version = 0;
      return row_store (self, collection, row, error) &&
             entry_insert (self, CCAL_CACHE_CHANGE_CREATE, collection, row->id, row->json, NULL, 0, error) != 0;
    }

  row->server_version = json_object_get_int_member_with_default (theirs, "version", row->server_version);
  row->state = row->deleted ? CCAL_CACHE_STATE_LOCALLY_DELETED : CCAL_CACHE_STATE_LOCALLY_MODIFIED;
  g_clear_pointer (&row->failure, g_free);
  /* server_json keeps theirs: the copy to go back to if mine is discarded later. */
  return entries_rebase (self, collection, row->id, row->server_version, error) &&
         row_store (self, collection, row, error);
}

gboolean
ccal_cache_resolve_conflict (CcalCache          *self,
                             CcalCacheCollection collection,
                             const char         *id,
                             CcalCacheResolution resolution,
                             GError            **error)
{
  g_autoptr (GMutexLocker) locker = NULL;
  g_autoptr (JsonObject) theirs = NULL;
  g_auto (Row) row = { 0 };
  gboolean ok;

  g_return_val_if_fail (CCAL_IS_CACHE (self), FALSE);
  g_return_val_if_fail (collection_is_valid (collection), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  locker = g_mutex_locker_new (&self->lock);
  if (!tx_begin (self, error))
    return FALSE;

  ok = row_get (self, collection, id, &row, error);
  if (ok && (row.state != CCAL_CACHE_STATE_CONFLICT || row.server_json == NULL))
    {
      g_set_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_INVALID, "The %s “%s” is not in conflict.",
                   collection_noun (collection), id);
      ok = FALSE;
    }
  if (ok)
    {
      theirs = text_to_object (self, row.server_json, -1, error);
      ok = theirs != NULL;
    }
  if (ok)
    {
      switch (resolution)
        {
        case CCAL_CACHE_RESOLVE_KEEP_MINE:
          ok = keep_mine (self, collection, &row, theirs, error);
          break;
        case CCAL_CACHE_RESOLVE_TAKE_THEIRS:
          ok = revert_row (self, collection, &row, g_steal_pointer (&row.server_json), error);
          break;
        default:
          g_critical ("Unknown conflict resolution %d", resolution);
          ok = FALSE;
          break;
        }
    }
  return tx_finish (self, ok, error);
}
