/* ccal-sync.h — the sync engine: pulls the server's changes into the cache and pushes the outbox
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model is evolution-data-server's ECalMetaBackend: the app reads only the cache and changes
 * things only through this object, which writes the cache row and an outbox entry in one
 * transaction (so nothing a person typed is lost) and then sends the outbox.
 *
 * A sync run (ccal_sync_sync_async (), the periodic timer, a retry) first pushes, then pulls:
 *
 * - Push: the outbox in the order the changes were made, one request per entry, each with the
 *   entry's own Idempotency-Key (the same on every retry) and its If-Match. A lost answer or a
 *   crash therefore never duplicates anything: a repeated POST gets the first answer back; a
 *   repeated PUT/PATCH that the server already applied comes back 412, and when the server's copy
 *   already holds every change of the entry it is taken as done; a repeated DELETE comes back 404
 *   and is taken as done.
 *   412 (someone else changed it) → the object becomes CONFLICT holding both versions (the
 *   server's is fetched) and "conflict" is emitted; ccal_sync_resolve_conflict () settles it.
 *   A refusal for good (409 slot taken, 400, 403, 404, 422) → the entry is marked failed with the
 *   server's reason, "push-failed" is emitted, and the entries after it go on.
 *   A transient failure (no network, timeout, 429, 5xx) → the run stops and the state is OFFLINE;
 *   it is tried again after 1, 2, 4 … seconds (at most 5 minutes, or the server's Retry-After), and
 *   at once when GNetworkMonitor reports a network change.
 * - Pull: events, then bookings, with GET …?sync_token= paged to the end; each page goes into the
 *   cache in one transaction and the new sync token is stored with the last page only, so an
 *   interrupted pull starts again from the old token. Without a token (first sync, or after a 410
 *   sync_token_expired) the collection is cleared of synced rows and listed in full. A full listing,
 *   or any page of more than a few hundred objects, is written by a worker thread on its own cache
 *   connection while the next page is being fetched, so the main loop never waits for SQLite.
 *
 * Progress: the server does not say how many objects there are, so "progress" reports what is
 * known — objects and pages done so far for the collection being pulled. A UI shows it as a count
 * ("4,000 bookings loaded"), not as a fraction.
 *
 * Everything here runs on the thread (main context) that created the object, like the
 * CcalApiClient it uses; signals are emitted there.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ccal-api-client.h"
#include "ccal-cache.h"

G_BEGIN_DECLS

#define CCAL_SYNC_ERROR (ccal_sync_error_quark ())

typedef enum
{
  CCAL_SYNC_ERROR_OFFLINE,         /* a booking needs the server to confirm the slot, and it cannot be reached */
  CCAL_SYNC_ERROR_INVALID_CHANGE,  /* a change the contract has no request for (deleting a booking) */
} CcalSyncError;

GQuark ccal_sync_error_quark (void);

/* Where the engine stands; the "state" property. The name keeps clear of the app's CcalSyncStatus. */
typedef enum
{
  CCAL_SYNC_ENGINE_STATE_IDLE,     /* in step as of the last run (or never run) */
  CCAL_SYNC_ENGINE_STATE_SYNCING,  /* a run is pushing or pulling */
  CCAL_SYNC_ENGINE_STATE_OFFLINE,  /* the server cannot be reached: retrying with backoff; see the last error */
  CCAL_SYNC_ENGINE_STATE_ERROR,    /* refused for good (key revoked, disk full); see the last error */
} CcalSyncEngineState;

#define CCAL_TYPE_SYNC_ENGINE_STATE (ccal_sync_engine_state_get_type ())
GType ccal_sync_engine_state_get_type (void) G_GNUC_CONST;

/* The largest page the contract allows, and the default "page-size". */
#define CCAL_SYNC_MAX_PAGE_SIZE 1000
/* The longest wait between retries while offline, in seconds. */
#define CCAL_SYNC_MAX_BACKOFF_SECONDS 300

#define CCAL_TYPE_SYNC (ccal_sync_get_type ())
G_DECLARE_FINAL_TYPE (CcalSync, ccal_sync, CCAL, SYNC, GObject)

/* The engine of one account. Nothing is sent until a run is asked for (ccal_sync_sync_async (), a
 * change, or "sync-interval"). The cache's last sync time is read now.
 *
 * Signals (all on the creating thread):
 *   "objects-changed" (int collection, GStrv ids)   objects of that CcalCacheCollection were
 *       added, changed or removed in the cache — by a pull, a push answer or a local change. @ids
 *       may hold a created object's local id and its new server id; NULL means "the whole
 *       collection, reload it" (a full resync cleared it).
 *   "progress" (int collection, guint objects, guint pages)   a pulled page was written.
 *   "conflict" (int collection, char *id)   the server refused a change because the object changed
 *       there meanwhile (412); both versions are in ccal_cache_get_conflict ().
 *   "push-failed" (int collection, char *id, char *reason)   the server refused a change for good;
 *       @reason is its message for a person (e.g. "That time is no longer available.").
 */
CcalSync            *ccal_sync_new                  (CcalApiClient        *client,
                                                     CcalCache            *cache);

CcalApiClient       *ccal_sync_get_api_client       (CcalSync             *self);
CcalCache           *ccal_sync_get_cache            (CcalSync             *self);

CcalSyncEngineState  ccal_sync_get_state            (CcalSync             *self);
/* Why the state is OFFLINE or ERROR (the failure that put it there), else NULL. */
const GError        *ccal_sync_get_last_error       (CcalSync             *self);
/* µs since the epoch of the end of the last complete pull, 0 for never; kept in the cache's meta
 * (CCAL_CACHE_META_LAST_SYNCED_AT). Property "last-synced-at". */
gint64               ccal_sync_get_last_synced_at   (CcalSync             *self);

/* Seconds between automatic runs; 0 (the default) for none. Property "sync-interval". */
guint                ccal_sync_get_sync_interval    (CcalSync             *self);
void                 ccal_sync_set_sync_interval    (CcalSync             *self,
                                                     guint                 seconds);

/* Objects per pulled page, 1–CCAL_SYNC_MAX_PAGE_SIZE. Property "page-size". */
guint                ccal_sync_get_page_size        (CcalSync             *self);
void                 ccal_sync_set_page_size        (CcalSync             *self,
                                                     guint                 page_size);

/* One run: push the outbox, then pull both collections. When a run is going on already, this
 * waits for it and then for one more, so what changed on the server before the call is in the
 * cache after it. Fails with the error that stopped the run (CCAL_API_ERROR, CCAL_CACHE_ERROR);
 * refusals of single entries do not fail it (they are "push-failed" signals). Cancelling
 * @cancellable makes this call finish with G_IO_ERROR_CANCELLED when the run ends; the run itself
 * (which others may share) goes on. */
void                 ccal_sync_sync_async           (CcalSync             *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean             ccal_sync_sync_finish          (CcalSync             *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

/* Sends the outbox soon (from an idle callback, so several changes made together go in one
 * push). Every change below calls it; while OFFLINE it waits for the next retry instead. */
void                 ccal_sync_push                 (CcalSync             *self);

/* ── changes the app makes (each in the cache and the outbox before returning) ─────────────── */

/* Saves @event: a new one when @event->id is NULL (it gets a local id until the server gives
 * the real one; @out_id, optional, says which), else an edit of that cached event. Invalid fields
 * are CCAL_CORE_ERROR naming the field; an unknown id is CCAL_CACHE_ERROR_NOT_FOUND. */
gboolean             ccal_sync_save_event           (CcalSync             *self,
                                                     CcalEvent            *event,
                                                     char                **out_id,
                                                     GError              **error);
gboolean             ccal_sync_delete_event         (CcalSync             *self,
                                                     const char           *event_id,
                                                     GError              **error);

/* Changes a booking the way PATCH /api/calendar/bookings/:id does: @changes holds any of status
 * (one allowed step from the booking's current local status), reason (kept with the status
 * change), start_time (RFC 3339) and duration_minutes (a reschedule; the server checks the slot
 * when the change is sent), title, description, location, meeting_link and opportunity_id.
 * A step the status may not take, a wrong value or any other member is CCAL_CORE_ERROR_INVALID
 * naming the field, and nothing is staged. */
gboolean             ccal_sync_update_booking       (CcalSync             *self,
                                                     const char           *booking_id,
                                                     JsonObject           *changes,
                                                     GError              **error);

/* Records the result of a booking (PUT /api/calendar/bookings/:id/result) through the outbox, so it
 * works offline: @outcome 1–200 characters (surrounding spaces dropped), @notes at most 5000 (NULL
 * or "" for none). The cached booking shows it at once; when sent, the booking is fetched again for
 * the version the result gave it. Wrong values are CCAL_CORE_ERROR_INVALID naming "outcome" or
 * "notes", and nothing is staged; an unknown id is CCAL_CACHE_ERROR_NOT_FOUND. */
gboolean             ccal_sync_set_booking_result   (CcalSync             *self,
                                                     const char           *booking_id,
                                                     const char           *outcome,
                                                     const char           *notes,
                                                     GError              **error);

/* Books @request (POST /api/calendar/book) through the outbox (one Idempotency-Key for good).
 * A booking is only real once the server has checked the slot, so this does not pretend:
 * - online, it is sent at once and the result is the server's booking (@out_confirmed TRUE), or
 *   its refusal (CCAL_API_ERROR_SLOT_UNAVAILABLE …), in which case nothing stays in the cache;
 * - offline (state OFFLINE, or the attempt fails for a transient reason), it fails with
 *   CCAL_SYNC_ERROR_OFFLINE and leaves nothing behind — unless @queue_unconfirmed, when the
 *   booking stays in the cache as LOCALLY_CREATED ("unconfirmed") and is the result with
 *   @out_confirmed FALSE; it is sent on the next push and then gets its server id
 *   ("objects-changed") or fails with the server's reason ("push-failed").
 * When the answer to a sent booking is lost (a timeout), the server may have made it: it then
 * arrives with the next pull. @cancellable is only checked before anything is staged. */
void                 ccal_sync_book_async           (CcalSync             *self,
                                                     const CcalBookRequest *request,
                                                     gboolean              queue_unconfirmed,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
CcalBooking         *ccal_sync_book_finish          (CcalSync             *self,
                                                     GAsyncResult         *result,
                                                     gboolean             *out_confirmed,
                                                     GError              **error);

/* Settles a conflict (see "conflict"): KEEP_MINE sends my version again on top of theirs;
 * TAKE_THEIRS drops my changes. Then pushes. */
gboolean             ccal_sync_resolve_conflict     (CcalSync             *self,
                                                     CcalCacheCollection   collection,
                                                     const char           *id,
                                                     CcalCacheResolution   resolution,
                                                     GError              **error);

/* Sends a failed outbox entry again (after "push-failed", when the person wants to retry). */
gboolean             ccal_sync_retry_entry          (CcalSync             *self,
                                                     gint64                entry_id,
                                                     GError              **error);

/* Drops every pending change of an object and shows the server's copy again. */
gboolean             ccal_sync_discard_changes      (CcalSync             *self,
                                                     CcalCacheCollection   collection,
                                                     const char           *id,
                                                     GError              **error);

G_END_DECLS
