/* ccal-cache.h — the offline copy of one account: objects, sync tokens and the outbox (SQLite)
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model is evolution-data-server's ECalCache: every event and booking row carries an offline
 * state, and a local change writes the row and an outbox entry in one transaction, so what a person
 * typed survives a crash. The sync engine pulls pages in with ccal_cache_put_server_objects() and
 * pushes the outbox with peek → send → complete/fail/mark_conflict.
 *
 * Threads: a CcalCache is one SQLite connection; its calls are serialised by an internal mutex, so
 * one object may be shared, but a thread doing bulk writes (a first sync) should open its own
 * CcalCache on the same path. Two or more connections to one file work together: the file is in
 * WAL mode (readers never wait for a writer) and each connection waits up to 5 s for another's
 * write transaction. Open the first connection (the one that may rebuild a damaged file) before the
 * others.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ccal-booking.h"
#include "ccal-contact.h"
#include "ccal-core-types.h"
#include "ccal-event.h"
#include "ccal-settings.h"

G_BEGIN_DECLS

#define CCAL_CACHE_ERROR (ccal_cache_error_quark ())

typedef enum
{
  CCAL_CACHE_ERROR_FAILED,      /* SQLite could not do it (disk full, I/O error, read-only); see the message */
  CCAL_CACHE_ERROR_CORRUPT,     /* damage found after opening: close, ccal_cache_move_aside(), open again */
  CCAL_CACHE_ERROR_BUSY,        /* another connection kept the file locked for longer than the timeout */
  CCAL_CACHE_ERROR_NOT_FOUND,   /* no such object or outbox entry */
  CCAL_CACHE_ERROR_INVALID,     /* the call does not fit the object's state (e.g. resolving a non-conflict) */
} CcalCacheError;

GQuark ccal_cache_error_quark (void);

typedef enum
{
  CCAL_CACHE_COLLECTION_EVENTS,    /* "events" */
  CCAL_CACHE_COLLECTION_BOOKINGS,  /* "bookings" */
} CcalCacheCollection;

typedef enum
{
  CCAL_CACHE_STATE_SYNCED,            /* the server's copy */
  CCAL_CACHE_STATE_LOCALLY_CREATED,   /* not on the server yet; its id is a local one until pushed */
  CCAL_CACHE_STATE_LOCALLY_MODIFIED,  /* changes waiting in the outbox */
  CCAL_CACHE_STATE_LOCALLY_DELETED,   /* deletion waiting in the outbox; hidden from the queries */
  CCAL_CACHE_STATE_CONFLICT,          /* the server refused the change (412): both versions are kept */
} CcalCacheState;

typedef enum
{
  CCAL_CACHE_CHANGE_CREATE,
  CCAL_CACHE_CHANGE_UPDATE,
  CCAL_CACHE_CHANGE_DELETE,
} CcalCacheChangeKind;

typedef enum
{
  CCAL_CACHE_RESOLVE_KEEP_MINE,    /* send my version again, based on the server's current version */
  CCAL_CACHE_RESOLVE_TAKE_THEIRS,  /* drop my changes, keep the server's copy */
} CcalCacheResolution;

/* Meta keys the app uses (values are text). */
#define CCAL_CACHE_META_LAST_SYNCED_AT "last_synced_at"   /* RFC 3339 */
#define CCAL_CACHE_META_ANALYTICS      "analytics"        /* the last analytics answer, JSON */

const char *ccal_cache_collection_to_string (CcalCacheCollection collection);

/* One queued change, as the sync engine sends it. */
typedef struct
{
  gint64               id;               /* increasing: the order changes were made in */
  CcalCacheChangeKind  kind;
  CcalCacheCollection  collection;
  char                *object_id;        /* the cache row's id (a local one for never-pushed objects) */
  JsonObject          *object;           /* the whole object after the change (for a delete: as it was) */
  JsonObject          *body;             /* what to send, if the caller staged one (a PATCH's members); or NULL */
  gint64               base_version;     /* If-Match; 0 = none (a create, or waiting on the object's create) */
  char                *idempotency_key;  /* a UUID made when staged; the same on every retry */
  gint64               created_at;       /* µs, when staged */
  guint                attempts;         /* times handed out by ccal_cache_outbox_peek() */
  gboolean             failed;           /* ccal_cache_outbox_fail() was called; not sent again until retried */
  char                *failure_reason;
} CcalCacheOutboxEntry;

#define CCAL_TYPE_CACHE_OUTBOX_ENTRY (ccal_cache_outbox_entry_get_type ())
GType                 ccal_cache_outbox_entry_get_type (void) G_GNUC_CONST;
CcalCacheOutboxEntry *ccal_cache_outbox_entry_copy     (const CcalCacheOutboxEntry *entry);
void                  ccal_cache_outbox_entry_free     (CcalCacheOutboxEntry       *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalCacheOutboxEntry, ccal_cache_outbox_entry_free)

#define CCAL_TYPE_CACHE (ccal_cache_get_type ())
G_DECLARE_FINAL_TYPE (CcalCache, ccal_cache, CCAL, CACHE, GObject)

/* $XDG_CACHE_HOME/customerconnects-calendar/<hash>.db, hash = the first 16 hex digits of the
 * SHA-256 of the normalised URL (scheme and host lower-cased, default port, user info, query and
 * trailing slashes dropped), so "https://Cal.Example.com:443/" and "https://cal.example.com" share one. */
char       *ccal_cache_path_for_server (const char *base_url);

/* Opens (creating the file and its folder if needed) the cache at @path. A file that is not a SQLite
 * database, or one of another application or a newer schema, is renamed to
 * "<path>.corrupt-<YYYYmmdd-HHMMSS>" with a warning and a fresh cache is made: see
 * ccal_cache_get_was_reset(). Fails only when no cache can be made at all (an unwritable folder). */
CcalCache  *ccal_cache_open            (const char  *path,
                                        GError     **error);
const char *ccal_cache_get_path        (CcalCache   *self);
/* TRUE when ccal_cache_open() had to rebuild the file ("the offline copy was rebuilt"). Property "was-reset". */
gboolean    ccal_cache_get_was_reset   (CcalCache   *self);
/* Renames a (closed) cache file and its -wal/-shm aside as ccal_cache_open() does; for CCAL_CACHE_ERROR_CORRUPT. */
gboolean    ccal_cache_move_aside      (const char  *path,
                                        GError     **error);

/* ── reading ──────────────────────────────────────────────────────────────────────────────── */

/* The current (local, if changed) version of one object in any state; NOT_FOUND otherwise. */
CcalEvent   *ccal_cache_get_event       (CcalCache   *self,
                                         const char  *id,
                                         GError     **error);
CcalBooking *ccal_cache_get_booking     (CcalCache   *self,
                                         const char  *id,
                                         GError     **error);

/* Objects overlapping [@from, @to), by start time, without deleted ones (local deletions included);
 * @admin_id NULL for all. Recurring events are returned when their series starts before @to
 * (until it ends is not known here): expand them with ccal_recurrence_expand(). Element type
 * CcalEvent / CcalBooking. */
GPtrArray   *ccal_cache_query_events    (CcalCache   *self,
                                         gint64       from,
                                         gint64       to,
                                         const char  *admin_id,
                                         GError     **error);
GPtrArray   *ccal_cache_query_bookings  (CcalCache   *self,
                                         gint64       from,
                                         gint64       to,
                                         const char  *admin_id,
                                         GError     **error);
/* Bookings in @status overlapping [@from, @to) (G_MININT64, G_MAXINT64 for all), by start time;
 * @limit 0 for no limit. */
GPtrArray   *ccal_cache_query_bookings_by_status (CcalCache         *self,
                                                  CcalBookingStatus  status,
                                                  gint64             from,
                                                  gint64             to,
                                                  guint              limit,
                                                  GError           **error);
/* Bookings whose contact name, e-mail or phone contains @text (case-insensitive; for the phone,
 * digits are compared without spaces or punctuation), latest start first; @limit 0 for all. */
GPtrArray   *ccal_cache_search_bookings (CcalCache   *self,
                                         const char  *text,
                                         guint        limit,
                                         GError     **error);
/* Contacts seen in bookings for "suggest as you type": those whose name starts with @text (by
 * name), then whose e-mail does (by e-mail), then, for 3+ characters, those containing it anywhere,
 * phone digits included (newest first). Case-insensitive; each contact once. CcalContact. */
GPtrArray   *ccal_cache_suggest_contacts (CcalCache  *self,
                                          const char *text,
                                          guint       limit,
                                          GError    **error);

/* ── a filtered, sorted list of bookings (the dashboard's bookings list) ────────────────────── */

typedef enum
{
  CCAL_CACHE_BOOKING_SORT_START,       /* start time */
  CCAL_CACHE_BOOKING_SORT_CONTACT,     /* contact name, case-insensitive */
  CCAL_CACHE_BOOKING_SORT_PHONE,       /* the phone number's digits */
  CCAL_CACHE_BOOKING_SORT_PRODUCT,     /* product interest, case-insensitive */
  CCAL_CACHE_BOOKING_SORT_STATUS,      /* pending, confirmed, completed, no-show, cancelled */
  CCAL_CACHE_BOOKING_SORT_SOURCE,      /* public, staff */
  CCAL_CACHE_BOOKING_SORT_BOOKED_BY,   /* created_by (a user id; public bookings have none and come first) */
} CcalCacheBookingSort;
#define CCAL_CACHE_N_BOOKING_SORTS 7

/* Which bookings, in which order. Ties are broken by start time, then by the order rows were stored. */
typedef struct
{
  guint                 statuses;     /* bits (1 << CcalBookingStatus); 0 = every status */
  gint64                from;         /* bookings starting in [from, to); G_MININT64 / G_MAXINT64 for no bound */
  gint64                to;
  const char           *search;       /* contact name, e-mail or phone contains it, as in
                                       * ccal_cache_search_bookings (); NULL or blank for all */
  const char           *admin_id;     /* NULL for every calendar */
  CcalCacheBookingSort  sort;
  gboolean              descending;
} CcalCacheBookingFilter;

#define CCAL_CACHE_BOOKING_FILTER_INIT { 0, G_MININT64, G_MAXINT64, NULL, NULL, CCAL_CACHE_BOOKING_SORT_START, FALSE }

/* The keys of the bookings matching @filter, in its order (a GArray of gint64), local changes
 * included and local deletions left out. A list reads them once per filter and then fetches only
 * the rows it shows with ccal_cache_fetch_bookings (): at 100,000 rows that is far cheaper than
 * LIMIT/OFFSET pages, whose cost grows with the offset. Keys are opaque; they stay valid while the
 * row exists (a sync that changes it keeps its key). */
GArray      *ccal_cache_list_booking_keys (CcalCache                    *self,
                                           const CcalCacheBookingFilter *filter,
                                           GError                      **error);
/* How many bookings match @filter. */
gboolean     ccal_cache_count_bookings_matching (CcalCache                    *self,
                                                 const CcalCacheBookingFilter *filter,
                                                 guint                        *out_count,
                                                 GError                      **error);
/* Up to @limit (0: all) bookings matching @filter from position @offset, in its order. */
GPtrArray   *ccal_cache_query_bookings_filtered (CcalCache                    *self,
                                                 const CcalCacheBookingFilter *filter,
                                                 guint                         offset,
                                                 guint                         limit,
                                                 GError                      **error);
/* The bookings of @n_keys keys: out_bookings[i] (transfer full) is NULL when the row is gone; its
 * offline state goes to out_states[i] (SYNCED for a gone row) when @out_states is not NULL. */
gboolean     ccal_cache_fetch_bookings  (CcalCache            *self,
                                         const gint64         *keys,
                                         guint                 n_keys,
                                         CcalBooking         **out_bookings,
                                         CcalCacheState       *out_states,
                                         GError              **error);

/* Rows of @collection, deleted ones not counted. */
gboolean     ccal_cache_count           (CcalCache           *self,
                                         CcalCacheCollection  collection,
                                         guint               *out_count,
                                         GError             **error);
/* Bookings overlapping [@from, @to) per status, indexed by CcalBookingStatus. */
gboolean     ccal_cache_count_bookings_by_status (CcalCache  *self,
                                                  gint64      from,
                                                  gint64      to,
                                                  guint       out_counts[CCAL_N_BOOKING_STATUSES],
                                                  GError    **error);

/* The offline state of one object and, when its last push failed, why (transfer full, may be NULL). */
gboolean     ccal_cache_get_state       (CcalCache            *self,
                                         CcalCacheCollection   collection,
                                         const char           *id,
                                         CcalCacheState       *out_state,
                                         char                **out_failure_reason,
                                         GError              **error);
/* Every object not SYNCED: id (char *) → CcalCacheState (GINT_TO_POINTER); few, and cheap to get,
 * so a view can mark pending and conflicting items after a range query. */
GHashTable  *ccal_cache_get_unsynced    (CcalCache            *self,
                                         CcalCacheCollection   collection,
                                         GError              **error);
/* Both versions of an object in CONFLICT: mine (as staged) and theirs (the server's, which may be a
 * tombstone {"id","deleted":true,"version"}). */
gboolean     ccal_cache_get_conflict    (CcalCache            *self,
                                         CcalCacheCollection   collection,
                                         const char           *id,
                                         JsonObject          **out_mine,
                                         JsonObject          **out_theirs,
                                         GError              **error);

/* ── settings, sync tokens, meta ──────────────────────────────────────────────────────────── */

gboolean      ccal_cache_put_settings   (CcalCache     *self,
                                         CcalSettings  *settings,
                                         GError       **error);
/* NOT_FOUND when none was stored for @admin_id. */
CcalSettings *ccal_cache_get_settings   (CcalCache     *self,
                                         const char    *admin_id,
                                         GError       **error);
/* NULL when there is none (a full sync is due) or on error. */
char         *ccal_cache_get_sync_token (CcalCache            *self,
                                         CcalCacheCollection   collection,
                                         GError              **error);
/* @value NULL removes @key. */
gboolean      ccal_cache_set_meta       (CcalCache   *self,
                                         const char  *key,
                                         const char  *value,
                                         GError     **error);
char         *ccal_cache_get_meta       (CcalCache   *self,
                                         const char  *key,
                                         GError     **error);

/* ── pulling ──────────────────────────────────────────────────────────────────────────────── */

/* Applies one page of the server's answer (the "events" or "bookings" array, objects and
 * {"id","deleted":true,"version"} tombstones) and, when @sync_token is not NULL, stores it — all in
 * one transaction. SYNCED rows are replaced unless the page's version is older than the row's;
 * tombstones remove them. Rows with local changes (any other state) are left as they are: the
 * outbox will settle them. An object the core cannot read fails the whole page (nothing applied). */
gboolean ccal_cache_put_server_objects (CcalCache            *self,
                                        CcalCacheCollection   collection,
                                        JsonArray            *objects,
                                        const char           *sync_token,
                                        GError              **error);
/* Before a full resync (after 410): removes the SYNCED rows and the sync token of @collection,
 * keeping rows with local changes, the outbox and the contact suggestions. */
gboolean ccal_cache_clear_collection   (CcalCache            *self,
                                        CcalCacheCollection   collection,
                                        GError              **error);

/* ── the outbox ───────────────────────────────────────────────────────────────────────────── */

/* Records a local change: the row (with its new offline state) and an outbox entry with a fresh
 * Idempotency-Key, in one transaction, before returning the entry.
 * - CREATE: @object is the whole new object; without an "id" (or a booking's "contact.id") the
 *   cache gives it a random UUID. The row is LOCALLY_CREATED.
 * - UPDATE: @object is the whole object after the edit; @body (optional) is what to send, e.g. a
 *   booking PATCH with only the changed members. The row becomes LOCALLY_MODIFIED (a never-pushed
 *   row stays LOCALLY_CREATED; a conflicting one stays CONFLICT).
 * - DELETE: @object needs only "id". The row becomes LOCALLY_DELETED. Deleting an object whose
 *   create was never handed out by ccal_cache_outbox_peek() drops the row and all its entries
 *   instead (nothing to tell the server); the returned entry is then the dropped DELETE, with id 0.
 * Each edit is its own entry, sent in order (not merged), because a booking's status may only move
 * one step at a time (pending → confirmed → completed). The If-Match (base_version) is the
 * server's version of the object; entries after an unsent one get it when that one completes.
 * Invalid objects are CCAL_CORE_ERROR_INVALID naming the field; UPDATE/DELETE of an unknown or
 * already deleted object is NOT_FOUND / INVALID. */
CcalCacheOutboxEntry *ccal_cache_stage_change (CcalCache            *self,
                                               CcalCacheChangeKind   kind,
                                               CcalCacheCollection   collection,
                                               JsonObject           *object,
                                               JsonObject           *body,
                                               GError              **error);

/* Up to @max_entries (0: all) entries to send now, oldest first: the oldest entry of each object, unless
 * it failed or the object is in CONFLICT (later entries of that object wait). Counts an attempt on
 * each. Element type CcalCacheOutboxEntry. */
GPtrArray *ccal_cache_outbox_peek     (CcalCache   *self,
                                       guint        max_entries,
                                       GError     **error);
/* Every entry, oldest first, failed ones included (for a "pending changes" list). */
GPtrArray *ccal_cache_outbox_list     (CcalCache   *self,
                                       GError     **error);
gboolean   ccal_cache_outbox_count    (CcalCache   *self,
                                       guint       *out_count,
                                       GError     **error);
/* The server accepted the entry and answered with @server_object (NULL for a DELETE's 204): the
 * entry is removed and, if it was the object's last one, the row becomes SYNCED with the server's
 * copy; otherwise the remaining entries get its version as their base. A created object's local
 * id is replaced by the server's everywhere (rows and later entries). One transaction. NOT_FOUND
 * when the entry is gone (discarded meanwhile): the next pull brings the server's copy. */
gboolean   ccal_cache_outbox_complete (CcalCache   *self,
                                       gint64       entry_id,
                                       JsonObject  *server_object,
                                       GError     **error);
/* The server refused the entry for good (409 slot taken, 400, 404): it is kept, marked failed
 * with @reason and no longer sent, nor are later entries of its object; the row keeps its state
 * and shows the reason (ccal_cache_get_state()). */
gboolean   ccal_cache_outbox_fail     (CcalCache   *self,
                                       gint64       entry_id,
                                       const char  *reason,
                                       GError     **error);
/* Sends a failed entry again (after the person changed something, or the cause went away). */
gboolean   ccal_cache_outbox_retry    (CcalCache   *self,
                                       gint64       entry_id,
                                       GError     **error);
/* Drops every entry of an object and puts back the server's copy (or removes a never-pushed one). */
gboolean   ccal_cache_discard_changes (CcalCache            *self,
                                       CcalCacheCollection   collection,
                                       const char           *id,
                                       GError              **error);

/* The entry got 412: its object becomes CONFLICT holding mine and @theirs (the server's current
 * object, or its tombstone); its entries wait until ccal_cache_resolve_conflict(). */
gboolean   ccal_cache_mark_conflict   (CcalCache   *self,
                                       gint64       entry_id,
                                       JsonObject  *theirs,
                                       GError     **error);
/* KEEP_MINE: the object's entries are sent again with theirs' version as If-Match (theirs deleted on
 * the server: mine is staged again as a CREATE, unless mine was a deletion too). TAKE_THEIRS: the
 * entries are dropped and the row becomes theirs, SYNCED (or goes, for a tombstone). */
gboolean   ccal_cache_resolve_conflict (CcalCache            *self,
                                        CcalCacheCollection   collection,
                                        const char           *id,
                                        CcalCacheResolution   resolution,
                                        GError              **error);

G_END_DECLS
