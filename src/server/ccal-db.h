/* ccal-db.h — the storage interface of the server; SQL lives only in its backends
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A CcalDb is opened from a URI ("PATH", "sqlite:PATH", "postgresql://…") and used from
 * several worker threads at once: every call is safe to make concurrently (a backend keeps one
 * connection per thread, or a pool). Calls are synchronous; the HTTP layer runs them off the main
 * context. Every call is scoped to one workspace: a row of another workspace is "not found".
 *
 * Ownership: model arguments (CcalEvent, CcalBooking, …) are read, never kept or modified; every
 * returned object, page or array is new (transfer full) and reflects the row as stored (ids, version,
 * created_at/updated_at, the contact found by e-mail, result, opportunity_id).
 * Versions start at 1 and grow by 1 per change; an @if_match > 0 that differs from the stored version
 * is CCAL_DB_ERROR_VERSION_CONFLICT and changes nothing (0 skips the check). Every change of an event or
 * a booking takes the next value of its workspace's change sequence (the sync token's source).
 * Soft-deleted rows are "not found" for get/update/delete and only show up in sync listings.
 */
#pragma once

#include <glib-object.h>

#include "ccal-core.h"

G_BEGIN_DECLS

#define CCAL_DB_ERROR (ccal_db_error_quark ())

typedef enum
{
  CCAL_DB_ERROR_FAILED,              /* anything unexpected: logged, answered 500 without details */
  CCAL_DB_ERROR_UNAVAILABLE,         /* the database cannot be reached now: 503 */
  CCAL_DB_ERROR_NOT_FOUND,           /* no such row in this workspace: 404 */
  CCAL_DB_ERROR_EXISTS,              /* unique constraint (a workspace that exists, …) */
  CCAL_DB_ERROR_VERSION_CONFLICT,    /* If-Match mismatch: 412 */
  CCAL_DB_ERROR_SLOT_UNAVAILABLE,    /* the time is taken or not bookable: 409 */
  CCAL_DB_ERROR_SYNC_TOKEN_EXPIRED,  /* 410 */
  CCAL_DB_ERROR_INVALID,             /* a value the database refuses (bad cursor, …): 400 */
  CCAL_DB_ERROR_IDEMPOTENCY_REUSED,  /* same key, different request: 422 */
} CcalDbError;

GQuark ccal_db_error_quark (void);

/* A user as authentication sees it. */
typedef struct
{
  char     *user_id;
  char     *workspace_id;
  char     *name;
  char     *email;
  CcalRole  role;
  gboolean  revoked;       /* the API key (not the user) is revoked */
} CcalDbUser;

void ccal_db_user_free (CcalDbUser *user);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalDbUser, ccal_db_user_free)

/* Which rows a list wants. Zero/NULL fields mean "no filter"; start from ccal_db_list_query_init(),
 * because 0 is a valid since_seq (a full sync) and a valid type/status.
 * A list is ordered by (start_time, id) and excludes deleted rows. In sync mode (since_seq ≥ 0) it is
 * ordered by change sequence, includes deleted rows and honours only workspace_id and admin_id (a row
 * that left a from/to/type/status filter must still reach the client). A since_seq above the
 * workspace's current sequence is CCAL_DB_ERROR_SYNC_TOKEN_EXPIRED; a cursor that this backend did not
 * make (or one of the other mode) is CCAL_DB_ERROR_INVALID. */
typedef struct
{
  const char *workspace_id;
  const char *admin_id;
  gint64      from;          /* rows ending after from (0: open) */
  gint64      to;            /* rows starting before to (0: open) */
  int         type;          /* events: a CcalEventType, or -1 */
  int         status;        /* bookings: a CcalBookingStatus, or -1 */
  const char *search;        /* bookings: substring of contact name, e-mail or phone */
  guint       limit;         /* 1–1000 (0 means 100, more is cut to 1000) */
  const char *cursor;        /* from a previous page's next_cursor, or NULL */
  gint64      since_seq;     /* sync mode when ≥ 0: rows changed after this sequence, deleted included */
} CcalDbListQuery;

/* No filters, type/status -1, since_seq -1 (not a sync), limit 100. */
void ccal_db_list_query_init (CcalDbListQuery *query,
                              const char      *workspace_id);

/* One page of a list. */
typedef struct
{
  GPtrArray *items;          /* CcalEvent or CcalBooking (deleted ones have deleted = TRUE) */
  char      *next_cursor;    /* NULL on the last page; opaque base64url text */
  gint64     sync_seq;       /* the workspace's change sequence this listing is complete up to (as read
                              * with the first page; later pages carry it in their cursor) */
} CcalDbPage;

void ccal_db_page_free (CcalDbPage *page);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalDbPage, ccal_db_page_free)

/* What decides whether a time is bookable for one admin, loaded in one transaction. */
typedef struct
{
  CcalSettings *settings;    /* the admin's (defaults when none stored) */
  GPtrArray    *events;      /* CcalEvent of the admin that may touch [from, to) */
  GArray       *busy;        /* CcalInterval: non-cancelled bookings and live holds in [from, to) */
} CcalDbSchedule;

/* Frees what a CcalDbSchedule holds (not the struct itself) and zeroes it. */
void ccal_db_schedule_clear (CcalDbSchedule *schedule);

/* The longest booking or hold the storage accepts: the overlap queries look this far back for
 * bookings that started before the range, which keeps them O(bookings per day). */
#define CCAL_DB_MAX_BOOKING_LENGTH (24 * G_GINT64_CONSTANT (3600000000))

/* Decides, inside the write transaction, whether @slot may be taken given @schedule. Returns FALSE
 * with an error (CCAL_DB_ERROR_SLOT_UNAVAILABLE or a core validation error) to refuse; the error
 * reaches the caller unchanged. It runs while the database's write lock is held: it must be quick
 * and must not call the database. */
typedef gboolean (*CcalDbSlotCheck) (const CcalDbSchedule *schedule,
                                     const CcalInterval   *slot,
                                     gpointer              user_data,
                                     GError              **error);

typedef struct
{
  char   *id;
  char   *admin_id;
  char   *created_by;
  gint64  start_time;
  gint64  end_time;
  gint64  expires_at;
} CcalDbHold;

void ccal_db_hold_free (CcalDbHold *hold);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalDbHold, ccal_db_hold_free)

typedef struct
{
  char   *from_status;      /* NULL for the creation */
  char   *to_status;
  char   *changed_by;       /* user id, NULL for a public booking */
  gint64  changed_at;
  char   *reason;
} CcalDbHistoryEntry;

void ccal_db_history_entry_free (CcalDbHistoryEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalDbHistoryEntry, ccal_db_history_entry_free)

typedef struct
{
  char    *id;
  char    *booking_id;
  gint64   due_at;
  char    *action;
  char    *notes;
  gboolean done;
  char    *created_by;
  gint64   created_at;
} CcalDbFollowUp;

void ccal_db_follow_up_free (CcalDbFollowUp *follow_up);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalDbFollowUp, ccal_db_follow_up_free)

/* A stored answer to a POST with an Idempotency-Key. */
typedef struct
{
  char   *request_hash;     /* SHA-256 of method, path and body */
  guint   status;           /* 0 while the first request is still running */
  char   *response_body;
} CcalDbIdempotentResponse;

void ccal_db_idempotent_response_free (CcalDbIdempotentResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalDbIdempotentResponse, ccal_db_idempotent_response_free)

/* One admin of a workspace, as GET /api/calendar/admins lists it. */
typedef struct
{
  char *admin_id;
  char *name;
  char *email;
  char *timezone;           /* the admin's settings' zone, or the default ("UTC") when none are stored */
} CcalDbAdmin;

void ccal_db_admin_free (CcalDbAdmin *admin);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalDbAdmin, ccal_db_admin_free)

#define CCAL_TYPE_DB (ccal_db_get_type ())
G_DECLARE_DERIVABLE_TYPE (CcalDb, ccal_db, CCAL, DB, GObject)

struct _CcalDbClass
{
  GObjectClass parent_class;

  gboolean     (*migrate)              (CcalDb *self, GError **error);
  void         (*close)                (CcalDb *self);

  /* workspaces, users, keys */
  gboolean     (*create_workspace)     (CcalDb *self, const char *workspace_id, GError **error);
  char *       (*ensure_user)          (CcalDb *self, const char *workspace_id, const char *email, const char *name,
                                        CcalRole role, GError **error);
  gboolean     (*add_api_key)          (CcalDb *self, const char *user_id, const char *key_hash, const char *prefix,
                                        const char *label, GError **error);
  CcalDbUser * (*lookup_api_key)       (CcalDb *self, const char *key_hash, GError **error);
  CcalDbUser * (*get_user)             (CcalDb *self, const char *workspace_id, const char *user_id, GError **error);
  gboolean     (*revoke_api_key)       (CcalDb *self, const char *key_prefix, GError **error);

  /* settings */
  CcalSettings *(*get_settings)        (CcalDb *self, const char *workspace_id, const char *admin_id, GError **error);
  CcalSettings *(*put_settings)        (CcalDb *self, const char *workspace_id, CcalSettings *settings,
                                        gint64 if_match, GError **error);

  /* events */
  CcalDbPage * (*list_events)          (CcalDb *self, const CcalDbListQuery *query, GError **error);
  CcalEvent *  (*get_event)            (CcalDb *self, const char *workspace_id, const char *id, GError **error);
  CcalEvent *  (*insert_event)         (CcalDb *self, CcalEvent *event, GError **error);
  CcalEvent *  (*update_event)         (CcalDb *self, CcalEvent *event, gint64 if_match, GError **error);
  gboolean     (*delete_event)         (CcalDb *self, const char *workspace_id, const char *id, gint64 if_match,
                                        GError **error);

  /* schedule, holds and bookings */
  gboolean     (*load_schedule)        (CcalDb *self, const char *workspace_id, const char *admin_id, gint64 from,
                                        gint64 to, const char *ignore_hold_id, CcalDbSchedule *out, GError **error);
  CcalDbHold * (*insert_hold)          (CcalDb *self, const char *workspace_id, CcalDbHold *hold, gint64 from,
                                        gint64 to, CcalDbSlotCheck check, gpointer check_data, GError **error);
  gboolean     (*delete_hold)          (CcalDb *self, const char *workspace_id, const char *hold_id, GError **error);
  CcalBooking *(*insert_booking)       (CcalDb *self, CcalBooking *booking, const char *hold_id, gint64 from,
                                        gint64 to, CcalDbSlotCheck check, gpointer check_data, GError **error);
  CcalBooking *(*get_booking)          (CcalDb *self, const char *workspace_id, const char *id, GError **error);
  CcalBooking *(*update_booking)       (CcalDb *self, CcalBooking *booking, gint64 if_match, const char *reason,
                                        gboolean rescheduled, gint64 from, gint64 to, CcalDbSlotCheck check,
                                        gpointer check_data, GError **error);
  CcalDbPage * (*list_bookings)        (CcalDb *self, const CcalDbListQuery *query, GError **error);
  GPtrArray *  (*list_history)         (CcalDb *self, const char *workspace_id, const char *booking_id, GError **error);
  CcalBooking *(*set_result)           (CcalDb *self, const char *workspace_id, const char *booking_id,
                                        const char *outcome, const char *notes, const char *user_id, GError **error);
  GPtrArray *  (*list_follow_ups)      (CcalDb *self, const char *workspace_id, const char *booking_id, GError **error);
  CcalDbFollowUp *(*insert_follow_up)  (CcalDb *self, const char *workspace_id, CcalDbFollowUp *follow_up,
                                        GError **error);
  CcalDbFollowUp *(*update_follow_up_done) (CcalDb *self, const char *workspace_id, const char *booking_id,
                                            const char *follow_up_id, gboolean done, GError **error);
  GPtrArray *  (*list_bookings_in_range) (CcalDb *self, const char *workspace_id, gint64 from, gint64 to,
                                          GError **error);

  /* idempotency */
  CcalDbIdempotentResponse *(*begin_idempotent) (CcalDb *self, const char *workspace_scope, const char *key,
                                                 const char *request_hash, GError **error);
  gboolean     (*finish_idempotent)    (CcalDb *self, const char *workspace_scope, const char *key, guint status,
                                        const char *response_body, GError **error);
  gboolean     (*abandon_idempotent)   (CcalDb *self, const char *workspace_scope, const char *key, GError **error);

  /* added after the first release of this interface */
  char *       (*get_workspace_admin)  (CcalDb *self, const char *workspace_id, GError **error);
  gboolean     (*import_bookings)      (CcalDb *self, GPtrArray *bookings, GError **error);

  /* the calendar feed and the list of admins */
  gboolean     (*set_feed_token)       (CcalDb *self, const char *workspace_id, const char *admin_id,
                                        const char *token_hash, gint64 created_at, GError **error);
  gboolean     (*get_feed_token)       (CcalDb *self, const char *workspace_id, const char *admin_id,
                                        gint64 *out_created_at, GError **error);
  gboolean     (*delete_feed_token)    (CcalDb *self, const char *workspace_id, const char *admin_id, GError **error);
  CcalDbUser * (*lookup_feed_token)    (CcalDb *self, const char *token_hash, GError **error);
  GPtrArray *  (*list_admins)          (CcalDb *self, const char *workspace_id, GError **error);
};

/* Opens (and creates) the database a URI names: "PATH" or "sqlite:PATH"; "postgresql://…" or
 * "postgres://…" (any libpq URI) when that backend is built. Does not migrate. A PostgreSQL server
 * that cannot be reached is CCAL_DB_ERROR_UNAVAILABLE, a malformed URI CCAL_DB_ERROR_INVALID. */
CcalDb *ccal_db_open (const char *uri, GError **error);

/* Thin dispatchers to the vfuncs above, same arguments. What each promises:
 *
 * migrate: applies the schema migrations not yet recorded in the database, each in its own
 *   transaction; safe to run again and from several processes. A database of a newer schema fails.
 * close: closes every connection; later calls fail with CCAL_DB_ERROR_UNAVAILABLE. Call it once no
 *   other thread uses the database (finalize also closes).
 * create_workspace: CCAL_DB_ERROR_EXISTS when the id is taken.
 * ensure_user: the id of the user with that e-mail (case-insensitive) in the workspace, created with
 *   @name and @role when there is none (an existing user keeps its name and role).
 * add_api_key: @key_hash is the hex SHA-256 of the whole key; the plaintext is never passed here.
 * lookup_api_key: the key's user with revoked set when the key is revoked; NOT_FOUND for no such key.
 * get_user: @workspace_id NULL looks the id up in every workspace (the public endpoints know only the
 *   admin's id and learn the workspace from the returned user).
 * revoke_api_key: revokes every key with that prefix; NOT_FOUND when none was live.
 * get_settings: the stored settings, or the defaults (version 1) when none are stored; put_settings
 *   stores @settings for settings->admin_id and returns them with the next version.
 *   Both are NOT_FOUND when the admin is not a user of the workspace.
 * insert_event/update_event: event->workspace_id and event->admin_id must name a workspace and one of
 *   its users (else NOT_FOUND); event->id NULL gets a new UUID; update replaces every field except
 *   id, workspace_id, created_by and created_at.
 * load_schedule: the settings, the events touching [from, to) (recurring ones included while their
 *   series may reach it) and the busy intervals, read in one snapshot. NOT_FOUND for an unknown admin.
 * insert_hold, insert_booking, update_booking: one write transaction that checks the admin, loads the
 *   schedule for [@from, @to) (the booking's own hold, or the booking itself, left out), calls
 *   @check (may be NULL) and, independently of it, refuses with SLOT_UNAVAILABLE any overlap with a
 *   non-cancelled booking of the admin (holds: and with a live hold). insert_booking finds or creates
 *   the contact by e-mail (an existing contact keeps its name; a missing phone/timezone is filled in),
 *   uses and deletes a live hold of the same admin overlapping the booking (any other @hold_id is
 *   ignored), and records the creation in the history (from NULL, changed_by = created_by).
 *   update_booking replaces title, description, times, duration, location, meeting_link,
 *   product_interest, status, opportunity_id and updated_by; a status change appends a history entry
 *   (changed_by = updated_by, @reason); @check runs only when @rescheduled, the overlap rule whenever
 *   the times change. Bookings and holds longer than CCAL_DB_MAX_BOOKING_LENGTH are INVALID.
 * delete_hold: NOT_FOUND when there is no such hold in the workspace.
 * list_history: oldest first; list_follow_ups: by due time; both NOT_FOUND for an unknown booking.
 * update_follow_up_done: sets `done` of one follow-up of a live booking of the workspace and returns it;
 *   NOT_FOUND for an unknown booking or a follow-up that is not the booking's.
 * set_result: records the outcome (replacing an earlier one) and counts as a change of the booking
 *   (version, change sequence, updated_by = @user_id); returns the booking.
 * list_bookings_in_range: the non-deleted bookings starting in [from, to), any status, by start.
 * begin_idempotent: NULL without error when (@workspace_scope, @key) is new — the caller then runs the
 *   request and calls finish_idempotent (or abandon_idempotent after a failure it should not replay);
 *   a stored response with the same hash otherwise (status 0: the first request is still running);
 *   IDEMPOTENCY_REUSED for another hash. Keys are kept 24 h; a request that stayed "running" for 10
 *   minutes is taken to have died and may be run again.
 * get_workspace_admin: the id of the workspace's first admin (by creation time): the admin a staff
 *   member books for. NOT_FOUND when the workspace has no admin.
 * import_bookings: stores many bookings in one transaction without the slot check: for tests,
 *   benchmarks and demo data that know their bookings do not overlap (a backend that enforces the
 *   no-overlap rule in the database itself refuses an overlap with SLOT_UNAVAILABLE and stores
 *   nothing). Contacts are found or created by e-mail; each booking gets a creation history entry
 *   and its own change sequence; missing ids are generated; created_at/updated_at are kept when set.
 * set_feed_token: gives the admin @admin_id of @workspace_id the calendar feed token whose hex SHA-256
 *   is @token_hash (the plaintext is never passed here), replacing the one it had: one feed per admin.
 *   NOT_FOUND when @admin_id is not an admin of the workspace.
 * get_feed_token: when the admin's feed token was made (@out_created_at); NOT_FOUND when there is none.
 * delete_feed_token: removes the admin's feed token; succeeds when there was none.
 * lookup_feed_token: the admin whose feed token has this hash; NOT_FOUND for no such token.
 * list_admins: the workspace's admins (CcalDbAdmin), sorted by name (case-folded), then id. */
gboolean ccal_db_migrate (CcalDb *self, GError **error);
void ccal_db_close (CcalDb *self);
gboolean ccal_db_create_workspace (CcalDb *self, const char *workspace_id, GError **error);
char * ccal_db_ensure_user (CcalDb *self, const char *workspace_id, const char *email, const char *name, CcalRole role,
                            GError **error);
gboolean ccal_db_add_api_key (CcalDb *self, const char *user_id, const char *key_hash, const char *prefix,
                              const char *label, GError **error);
CcalDbUser * ccal_db_lookup_api_key (CcalDb *self, const char *key_hash, GError **error);
CcalDbUser * ccal_db_get_user (CcalDb *self, const char *workspace_id, const char *user_id, GError **error);
gboolean ccal_db_revoke_api_key (CcalDb *self, const char *key_prefix, GError **error);
CcalSettings * ccal_db_get_settings (CcalDb *self, const char *workspace_id, const char *admin_id, GError **error);
CcalSettings * ccal_db_put_settings (CcalDb *self, const char *workspace_id, CcalSettings *settings, gint64 if_match,
                                     GError **error);
CcalDbPage * ccal_db_list_events (CcalDb *self, const CcalDbListQuery *query, GError **error);
CcalEvent * ccal_db_get_event (CcalDb *self, const char *workspace_id, const char *id, GError **error);
CcalEvent * ccal_db_insert_event (CcalDb *self, CcalEvent *event, GError **error);
CcalEvent * ccal_db_update_event (CcalDb *self, CcalEvent *event, gint64 if_match, GError **error);
gboolean ccal_db_delete_event (CcalDb *self, const char *workspace_id, const char *id, gint64 if_match, GError **error);
gboolean ccal_db_load_schedule (CcalDb *self, const char *workspace_id, const char *admin_id, gint64 from, gint64 to,
                                const char *ignore_hold_id, CcalDbSchedule *out, GError **error);
CcalDbHold * ccal_db_insert_hold (CcalDb *self, const char *workspace_id, CcalDbHold *hold, gint64 from, gint64 to,
                                  CcalDbSlotCheck check, gpointer check_data, GError **error);
gboolean ccal_db_delete_hold (CcalDb *self, const char *workspace_id, const char *hold_id, GError **error);
CcalBooking * ccal_db_insert_booking (CcalDb *self, CcalBooking *booking, const char *hold_id, gint64 from, gint64 to,
                                      CcalDbSlotCheck check, gpointer check_data, GError **error);
CcalBooking * ccal_db_get_booking (CcalDb *self, const char *workspace_id, const char *id, GError **error);
CcalBooking * ccal_db_update_booking (CcalDb *self, CcalBooking *booking, gint64 if_match, const char *reason,
                                      gboolean rescheduled, gint64 from, gint64 to, CcalDbSlotCheck check,
                                      gpointer check_data, GError **error);
CcalDbPage * ccal_db_list_bookings (CcalDb *self, const CcalDbListQuery *query, GError **error);
GPtrArray * ccal_db_list_history (CcalDb *self, const char *workspace_id, const char *booking_id, GError **error);
CcalBooking * ccal_db_set_result (CcalDb *self, const char *workspace_id, const char *booking_id, const char *outcome,
                                  const char *notes, const char *user_id, GError **error);
GPtrArray * ccal_db_list_follow_ups (CcalDb *self, const char *workspace_id, const char *booking_id, GError **error);
CcalDbFollowUp * ccal_db_insert_follow_up (CcalDb *self, const char *workspace_id, CcalDbFollowUp *follow_up,
                                           GError **error);
CcalDbFollowUp * ccal_db_update_follow_up_done (CcalDb *self, const char *workspace_id, const char *booking_id,
                                                const char *follow_up_id, gboolean done, GError **error);
GPtrArray * ccal_db_list_bookings_in_range (CcalDb *self, const char *workspace_id, gint64 from, gint64 to,
                                            GError **error);
CcalDbIdempotentResponse * ccal_db_begin_idempotent (CcalDb *self, const char *workspace_scope, const char *key,
                                                     const char *request_hash, GError **error);
gboolean ccal_db_finish_idempotent (CcalDb *self, const char *workspace_scope, const char *key, guint status,
                                    const char *response_body, GError **error);
gboolean ccal_db_abandon_idempotent (CcalDb *self, const char *workspace_scope, const char *key, GError **error);
char * ccal_db_get_workspace_admin (CcalDb *self, const char *workspace_id, GError **error);
gboolean ccal_db_import_bookings (CcalDb *self, GPtrArray *bookings, GError **error);
gboolean ccal_db_set_feed_token (CcalDb *self, const char *workspace_id, const char *admin_id, const char *token_hash,
                                 gint64 created_at, GError **error);
gboolean ccal_db_get_feed_token (CcalDb *self, const char *workspace_id, const char *admin_id, gint64 *out_created_at,
                                 GError **error);
gboolean ccal_db_delete_feed_token (CcalDb *self, const char *workspace_id, const char *admin_id, GError **error);
CcalDbUser * ccal_db_lookup_feed_token (CcalDb *self, const char *token_hash, GError **error);
GPtrArray * ccal_db_list_admins (CcalDb *self, const char *workspace_id, GError **error);

G_END_DECLS

