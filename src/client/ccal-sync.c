/* ccal-sync.c — the sync engine: pull with sync tokens, push the outbox, conflicts, offline and backoff
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One "run" at a time: push (peek one outbox entry, send it, record the answer, repeat), then pull
 * (events, then bookings). Everything is a chain of callbacks on the creating thread's main
 * context; the only other thread is the page writer of a large pull, which gets its own cache
 * connection. Requests asked for while a run is going on are folded into one more run after it.
 */
#define G_LOG_DOMAIN "ccal-client"

#include "config.h"

#include <string.h>

#include "ccal-sync-private.h"
#include "ccal-time.h"

/* Pages with more objects than this are written by the worker thread even in an incremental pull. */
#define WORKER_PAGE_THRESHOLD 200
/* Pages fetched ahead of the writer: enough to keep both busy, few enough to bound memory. */
#define MAX_QUEUED_PAGES 2
#define DEFAULT_SLOT_MINUTES 30
/* A Retry-After longer than this is not waited for in full: the person can always sync by hand. */
#define MAX_RETRY_AFTER_SECONDS 3600

G_DEFINE_QUARK (ccal-sync-error-quark, ccal_sync_error)

G_DEFINE_ENUM_TYPE (CcalSyncEngineState, ccal_sync_engine_state,
                    G_DEFINE_ENUM_VALUE (CCAL_SYNC_ENGINE_STATE_IDLE, "idle"),
                    G_DEFINE_ENUM_VALUE (CCAL_SYNC_ENGINE_STATE_SYNCING, "syncing"),
                    G_DEFINE_ENUM_VALUE (CCAL_SYNC_ENGINE_STATE_OFFLINE, "offline"),
                    G_DEFINE_ENUM_VALUE (CCAL_SYNC_ENGINE_STATE_ERROR, "error"))

typedef struct _Run  Run;
typedef struct _Pull Pull;

struct _CcalSync
{
  GObject parent_instance;

  /* owned */
  CcalApiClient       *client;
  CcalCache           *cache;
  GNetworkMonitor     *monitor;
  gulong               network_changed_id;
  GCancellable        *cancellable;        /* cancelled in dispose */
  CcalSyncEngineState  state;
  GError              *last_error;
  gint64               last_synced_at;
  guint                sync_interval;
  guint                interval_source;
  guint                page_size;
  guint                push_source;
  guint                retry_source;
  guint                backoff_seconds;    /* the last retry delay; 0 after a success */
  Run                 *run;                /* the run going on, or NULL */
  gboolean             pending_push;       /* asked for during the run: one more run after it */
  gboolean             pending_pull;
  GPtrArray           *pending_waiters;    /* GTask of ccal_sync_sync_async () for that next run */
  GHashTable          *book_waiters;       /* entry id (gint64 *) → BookWaiter */
  guint                run_serial;

  /* borrowed */
  CcalSyncPushHook     push_hook;
  gpointer             push_hook_data;
};

G_DEFINE_FINAL_TYPE (CcalSync, ccal_sync, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_API_CLIENT,
  PROP_CACHE,
  PROP_STATE,
  PROP_LAST_SYNCED_AT,
  PROP_SYNC_INTERVAL,
  PROP_PAGE_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_OBJECTS_CHANGED,
  SIGNAL_PROGRESS,
  SIGNAL_CONFLICT,
  SIGNAL_PUSH_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A ccal_sync_book_async () waiting for its outbox entry to be sent. */
typedef struct
{
  GTask    *task;
  char     *local_id;
  gboolean  queue_unconfirmed;
  guint     serial;              /* the run that sends it; 0 until one starts */
} BookWaiter;

/* One page of a pull, waiting to be written. */
typedef struct
{
  CcalCacheCollection  collection;
  GPtrArray           *items;          /* CcalEvent / CcalBooking as the server sent them */
  char                *sync_token;     /* only on the last page */
  gboolean             clear_first;    /* the first page of a full listing */
} PageJob;

struct _Pull
{
  Run                 *run;
  CcalCacheCollection  collection;
  char                *token;          /* the token this pull started from; NULL: full listing */
  gboolean             use_worker;
  GCancellable        *cancellable;
  char                *cursor;
  gboolean             fetching;
  gboolean             fetched_all;
  gboolean             writing;
  gboolean             restart_full;   /* a 410 came: start over with a full listing once idle */
  guint                pages_fetched;
  guint                objects_done;
  guint                pages_done;
  GQueue               jobs;           /* PageJob */
  CcalCache           *worker_cache;
  GError              *error;
};

struct _Run
{
  CcalSync             *self;          /* a reference while the run lasts */
  gboolean              push;
  gboolean              pull;
  GPtrArray            *waiters;       /* GTask */
  CcalCacheOutboxEntry *entry;         /* being sent */
  GHashTable           *handled;       /* entry ids sent in this run: never twice */
  guint                 serial;
  guint                 next_collection;
  Pull                 *current;
};

static void run_start        (CcalSync  *self,
                              gboolean   push,
                              gboolean   pull,
                              GPtrArray *waiters);
static void run_finish       (Run       *run,
                              GError    *error);
static void push_next        (Run       *run);
static void pull_next        (Run       *run);
static void pull_pump        (Pull      *pull);

/* ── small helpers ──────────────────────────────────────────────────────────────────────────── */

static void
book_waiter_free (gpointer data)
{
  BookWaiter *waiter = data;

  g_clear_object (&waiter->task);
  g_free (waiter->local_id);
  g_free (waiter);
}

static void
page_job_free (PageJob *job)
{
  g_clear_pointer (&job->items, g_ptr_array_unref);
  g_free (job->sync_token);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageJob, page_job_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BookWaiter, book_waiter_free)

/* Emits "objects-changed" for up to two ids (a created object's local and server id). */
static void
emit_changed (CcalSync           *self,
              CcalCacheCollection collection,
              const char         *id,
              const char         *other_id)
{
  const char *ids[3] = { id, NULL, NULL };

  if (other_id != NULL && g_strcmp0 (id, other_id) != 0)
    ids[id != NULL ? 1 : 0] = other_id;
  g_signal_emit (self, signals[SIGNAL_OBJECTS_CHANGED], 0, (int) collection, ids);
}

static void
set_state (CcalSync           *self,
           CcalSyncEngineState state,
           const GError       *error)
{
  g_clear_error (&self->last_error);
  if (error != NULL)
    self->last_error = g_error_copy (error);

  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
is_cancelled (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static const char *
collection_noun (CcalCacheCollection collection)
{
  return collection == CCAL_CACHE_COLLECTION_BOOKINGS ? "booking" : "event";
}

/* ── the push: one outbox entry at a time ───────────────────────────────────────────────────── */

static void
call_hook (Run              *run,
           CcalSyncPushPhase phase)
{
  if (run->self->push_hook != NULL)
    run->self->push_hook (run->self, run->entry, phase, run->self->push_hook_data);
}

/* The book request an outbox CREATE of a booking sends: its staged body, or (for a booking staged
 * again by "keep mine" after the server lost it) one made from the object. Strings are @body's or
 * @object's. */
static gboolean
book_request_from_entry (const CcalCacheOutboxEntry *entry,
                         CcalBookRequest            *request,
                         GError                    **error)
{
  JsonObject *body = entry->body;
  const char *start_text;

  memset (request, 0, sizeof *request);
  if (body != NULL)
    {
      request->admin_id = json_object_get_string_member_with_default (body, "admin_id", NULL);
      start_text = json_object_get_string_member_with_default (body, "start_time", NULL);
      request->duration_minutes = (int) json_object_get_int_member_with_default (body, "duration_minutes", 0);
      request->name = json_object_get_string_member_with_default (body, "name", NULL);
      request->email = json_object_get_string_member_with_default (body, "email", NULL);
      request->phone = json_object_get_string_member_with_default (body, "phone", NULL);
      request->product_interest = json_object_get_string_member_with_default (body, "product_interest", NULL);
      request->notes = json_object_get_string_member_with_default (body, "notes", NULL);
      request->timezone = json_object_get_string_member_with_default (body, "timezone", NULL);
      request->hold_id = json_object_get_string_member_with_default (body, "hold_id", NULL);
    }
  else
    {
      JsonObject *object = entry->object;
      JsonObject *contact = json_object_has_member (object, "contact") &&
                                JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "contact"))
                              ? json_object_get_object_member (object, "contact")
                              : NULL;

      request->admin_id = json_object_get_string_member_with_default (object, "admin_id", NULL);
      start_text = json_object_get_string_member_with_default (object, "start_time", NULL);
      request->duration_minutes = (int) json_object_get_int_member_with_default (object, "duration_minutes", 0);
      request->product_interest = json_object_get_string_member_with_default (object, "product_interest", NULL);
      request->notes = json_object_get_string_member_with_default (object, "description", NULL);
      if (contact != NULL)
        {
          request->name = json_object_get_string_member_with_default (contact, "name", NULL);
          request->email = json_object_get_string_member_with_default (contact, "email", NULL);
          request->phone = json_object_get_string_member_with_default (contact, "phone", NULL);
          request->timezone = json_object_get_string_member_with_default (contact, "timezone", NULL);
        }
    }

  if (request->admin_id == NULL || start_text == NULL || request->name == NULL || request->email == NULL)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "booking",
                           "This booking lacks the calendar, time, name or e-mail it needs.");
      return FALSE;
    }
  return ccal_time_parse_rfc3339 (start_text, "start_time", &request->start_time, error);
}

/* The members of a booking a PATCH may carry, from the whole object (an UPDATE staged without a body). */
static JsonObject *
patch_body_from_object (JsonObject *object)
{
  static const char *const members[] = {
    "status", "start_time", "duration_minutes", "title", "description", "location", "meeting_link",
    "opportunity_id",
  };
  JsonObject *body = json_object_new ();

  for (gsize i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (object, members[i]);

      if (node != NULL)
        json_object_set_member (body, members[i], json_node_copy (node));
    }
  return body;
}

static void on_push_answer_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data);
static void on_push_result_cb (GObject      *source,
                               GAsyncResult *result,
                               gpointer      user_data);

/* A booking UPDATE staged by ccal_sync_set_booking_result () carries {"result":{"outcome","notes"}}
 * as its body: it goes as PUT …/result, not as a PATCH. */
static JsonObject *
entry_result_body (const CcalCacheOutboxEntry *entry)
{
  if (entry->collection != CCAL_CACHE_COLLECTION_BOOKINGS || entry->kind != CCAL_CACHE_CHANGE_UPDATE ||
      entry->body == NULL || !json_object_has_member (entry->body, "result"))
    return NULL;
  return json_object_get_object_member (entry->body, "result");
}

/* Sends run->entry. Returns FALSE (with @error) when it cannot even be made into a request. */
static gboolean
push_send (Run     *run,
           GError **error)
{
  CcalSync *self = run->self;
  CcalCacheOutboxEntry *entry = run->entry;
  GCancellable *cancellable = self->cancellable;

  if (entry->collection == CCAL_CACHE_COLLECTION_EVENTS)
    {
      g_autoptr (CcalEvent) event = NULL;

      if (entry->kind != CCAL_CACHE_CHANGE_DELETE && (event = ccal_event_new_from_json (entry->object, error)) == NULL)
        return FALSE;

      switch (entry->kind)
        {
        case CCAL_CACHE_CHANGE_CREATE:
          ccal_api_client_create_event_async (self->client, event, entry->idempotency_key, cancellable,
                                              on_push_answer_cb, run);
          break;
        case CCAL_CACHE_CHANGE_UPDATE:
          ccal_api_client_update_event_async (self->client, event, entry->base_version, entry->idempotency_key,
                                              cancellable, on_push_answer_cb, run);
          break;
        case CCAL_CACHE_CHANGE_DELETE:
          ccal_api_client_delete_event_async (self->client, entry->object_id, entry->base_version,
                                              entry->idempotency_key, cancellable, on_push_answer_cb, run);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  else
    {
      switch (entry->kind)
        {
        case CCAL_CACHE_CHANGE_CREATE:
          {
            CcalBookRequest request;

            if (!book_request_from_entry (entry, &request, error))
              return FALSE;
            ccal_api_client_book_async (self->client, &request, entry->idempotency_key, cancellable,
                                        on_push_answer_cb, run);
          }
          break;
        case CCAL_CACHE_CHANGE_UPDATE:
          {
            g_autoptr (JsonObject) body = entry->body != NULL ? json_object_ref (entry->body)
                                                              : patch_body_from_object (entry->object);
            JsonObject *result = entry_result_body (entry);

            if (result != NULL)
              {
                ccal_api_client_set_booking_result_async (
                  self->client, entry->object_id, json_object_get_string_member_with_default (result, "outcome", ""),
                  json_object_get_string_member_with_default (result, "notes", NULL), entry->base_version,
                  cancellable, on_push_result_cb, run);
                break;
              }
            ccal_api_client_update_booking_async (self->client, entry->object_id, body, entry->base_version,
                                                  entry->idempotency_key, cancellable, on_push_answer_cb, run);
          }
          break;
        case CCAL_CACHE_CHANGE_DELETE:
          /* The contract has no DELETE for bookings: they are cancelled (a status change). */
          g_set_error_literal (error, CCAL_SYNC_ERROR, CCAL_SYNC_ERROR_INVALID_CHANGE,
                               "Bookings cannot be deleted; cancel the booking instead.");
          return FALSE;
        default:
          g_assert_not_reached ();
        }
    }

  call_hook (run, CCAL_SYNC_PUSH_SENT);
  return TRUE;
}

/* The server's object from a push answer: TRUE with *@out_object NULL for a DELETE's 204. */
static gboolean
push_finish (Run           *run,
             GAsyncResult  *result,
             JsonObject   **out_object,
             GError       **error)
{
  CcalApiClient *client = run->self->client;
  CcalCacheOutboxEntry *entry = run->entry;

  *out_object = NULL;
  if (entry->collection == CCAL_CACHE_COLLECTION_EVENTS)
    {
      g_autoptr (CcalEvent) event = NULL;

      switch (entry->kind)
        {
        case CCAL_CACHE_CHANGE_CREATE:
          event = ccal_api_client_create_event_finish (client, result, error);
          break;
        case CCAL_CACHE_CHANGE_UPDATE:
          event = ccal_api_client_update_event_finish (client, result, error);
          break;
        case CCAL_CACHE_CHANGE_DELETE:
          return ccal_api_client_delete_event_finish (client, result, error);
        default:
          g_assert_not_reached ();
        }
      if (event == NULL)
        return FALSE;
      *out_object = ccal_event_to_json (event);
      return TRUE;
    }
  else
    {
      g_autoptr (CcalBooking) booking = NULL;

      if (entry->kind == CCAL_CACHE_CHANGE_CREATE)
        booking = ccal_api_client_book_finish (client, result, error);
      else if (entry_result_body (entry) == NULL)
        booking = ccal_api_client_update_booking_finish (client, result, error);
      else if (G_IS_TASK (result) && g_task_get_source_tag (G_TASK (result)) == on_push_result_cb)
        return g_task_propagate_boolean (G_TASK (result), error);
      else
        booking = ccal_api_client_get_booking_finish (client, result, error);
      if (booking == NULL)
        return FALSE;
      *out_object = ccal_booking_to_json (booking);
      return TRUE;
    }
}

static BookWaiter *
steal_book_waiter (CcalSync *self,
                   gint64    entry_id)
{
  gpointer found_key = NULL, value = NULL;

  if (!g_hash_table_steal_extended (self->book_waiters, &entry_id, &found_key, &value))
    return NULL;
  g_free (found_key);
  return value;
}

/* A waiting booking that is not confirmed now. @refused: the server (or the request itself) said
 * no, and the caller hears why; else it was not sent or not answered (@why, may be NULL), and it
 * stays queued as "unconfirmed" when the caller allowed that. */
static void
book_waiter_settle_unsent (CcalSync     *self,
                           BookWaiter   *waiter,
                           gboolean      refused,
                           const GError *why)
{
  g_autoptr (GError) local_error = NULL;

  if (!refused && waiter->queue_unconfirmed)
    {
      g_autoptr (CcalBooking) local = ccal_cache_get_booking (self->cache, waiter->local_id, &local_error);

      if (local != NULL)
        {
          g_object_set_data (G_OBJECT (waiter->task), "confirmed", GINT_TO_POINTER (FALSE));
          g_task_return_pointer (waiter->task, g_steal_pointer (&local), g_object_unref);
          return;
        }
      g_task_return_error (waiter->task, g_steal_pointer (&local_error));
      return;
    }

  if (!ccal_cache_discard_changes (self->cache, CCAL_CACHE_COLLECTION_BOOKINGS, waiter->local_id, &local_error))
    g_debug ("Could not drop an unsent booking: %s", local_error->message);
  emit_changed (self, CCAL_CACHE_COLLECTION_BOOKINGS, waiter->local_id, NULL);

  if (refused || (why != NULL && !ccal_api_error_is_transient (why) && why->domain == CCAL_API_ERROR))
    g_task_return_error (waiter->task, g_error_copy (why));
  else if (why != NULL)
    g_task_return_new_error (waiter->task, CCAL_SYNC_ERROR, CCAL_SYNC_ERROR_OFFLINE,
                             "The booking was not made: the server could not confirm the time. %s", why->message);
  else
    g_task_return_new_error (waiter->task, CCAL_SYNC_ERROR, CCAL_SYNC_ERROR_OFFLINE,
                             "The booking was not made: the server could not be reached.");
}

/* The server refused the entry for good: it stays in the outbox, marked failed, and the rest go on. */
static gboolean
push_fail_entry (Run          *run,
                 const GError *why,
                 GError      **error)
{
  CcalSync *self = run->self;
  CcalCacheOutboxEntry *entry = run->entry;
  g_autoptr (BookWaiter) waiter = NULL;

  waiter = steal_book_waiter (self, entry->id);
  if (waiter != NULL)
    {
      /* The person is waiting for this answer: it goes to them rather than into the outbox. */
      book_waiter_settle_unsent (self, waiter, TRUE, why);
      return TRUE;
    }

  if (!ccal_cache_outbox_fail (self->cache, entry->id, why->message, error))
    return FALSE;
  emit_changed (self, entry->collection, entry->object_id, NULL);
  g_signal_emit (self, signals[SIGNAL_PUSH_FAILED], 0, (int) entry->collection, entry->object_id, why->message);
  return TRUE;
}

static gboolean
push_complete_entry (Run        *run,
                     JsonObject *server_object,
                     GError    **error)
{
  CcalSync *self = run->self;
  CcalCacheOutboxEntry *entry = run->entry;
  g_autoptr (GError) local_error = NULL;
  g_autoptr (BookWaiter) waiter = NULL;
  const char *server_id = server_object != NULL ? json_object_get_string_member_with_default (server_object, "id", NULL)
                                                : NULL;

  if (!ccal_cache_outbox_complete (self->cache, entry->id, server_object, &local_error) &&
      !g_error_matches (local_error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND))
    {
      /* NOT_FOUND: the change was discarded meanwhile; the next pull brings the server's copy. */
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  emit_changed (self, entry->collection, entry->object_id, server_id);

  waiter = steal_book_waiter (self, entry->id);
  if (waiter != NULL)
    {
      g_autoptr (CcalBooking) booking = ccal_booking_new_from_json (server_object, &local_error);

      g_object_set_data (G_OBJECT (waiter->task), "confirmed", GINT_TO_POINTER (booking != NULL));
      if (booking != NULL)
        g_task_return_pointer (waiter->task, g_steal_pointer (&booking), g_object_unref);
      else
        g_task_return_error (waiter->task, g_steal_pointer (&local_error));
    }
  return TRUE;
}

static gboolean
strings_equal_member (JsonObject *a,
                      JsonObject *b,
                      const char *member)
{
  return g_strcmp0 (json_object_get_string_member_with_default (a, member, NULL),
                    json_object_get_string_member_with_default (b, member, NULL)) == 0;
}

/* Does the server's @theirs already hold every change of this UPDATE entry? Then a 412 is our own
 * earlier attempt, applied by the server, whose answer never reached us. */
static gboolean
change_already_applied (const CcalCacheOutboxEntry *entry,
                        JsonObject                 *theirs)
{
  if (entry->kind != CCAL_CACHE_CHANGE_UPDATE ||
      json_object_get_boolean_member_with_default (theirs, "deleted", FALSE))
    return FALSE;

  if (entry->collection == CCAL_CACHE_COLLECTION_EVENTS)
    {
      g_autoptr (CcalEvent) mine = ccal_event_new_from_json (entry->object, NULL);
      g_autoptr (CcalEvent) server = ccal_event_new_from_json (theirs, NULL);
      g_autoptr (JsonNode) mine_metadata = NULL;
      g_autoptr (JsonNode) server_metadata = NULL;

      if (mine == NULL || server == NULL)
        return FALSE;
      mine_metadata = json_node_init_object (json_node_alloc (), mine->metadata);
      server_metadata = json_node_init_object (json_node_alloc (), server->metadata);
      return g_strcmp0 (mine->title, server->title) == 0 && mine->type == server->type &&
             mine->start_time == server->start_time && mine->end_time == server->end_time &&
             mine->is_all_day == server->is_all_day &&
             (mine->timezone == NULL || g_strcmp0 (mine->timezone, server->timezone) == 0) &&
             g_strcmp0 (mine->rrule, server->rrule) == 0 && g_strcmp0 (mine->description, server->description) == 0 &&
             g_strcmp0 (mine->location, server->location) == 0 && mine->status == server->status &&
             g_strcmp0 (mine->contact_id, server->contact_id) == 0 &&
             json_node_equal (mine_metadata, server_metadata);
    }
  else
    {
      g_autoptr (JsonObject) body = entry->body != NULL ? json_object_ref (entry->body)
                                                        : patch_body_from_object (entry->object);
      g_autoptr (CcalBooking) server = ccal_booking_new_from_json (theirs, NULL);
      g_autoptr (GList) members = json_object_get_members (body);

      if (server == NULL)
        return FALSE;
      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *member = l->data;

          if (g_str_equal (member, "reason"))
            continue;
          if (g_str_equal (member, "result"))
            {
              JsonObject *result = json_object_get_object_member (body, member);
              const char *notes = json_object_get_string_member_with_default (result, "notes", NULL);

              /* The server keeps empty notes as none. */
              if (notes != NULL && notes[0] == '\0')
                notes = NULL;
              if (g_strcmp0 (json_object_get_string_member_with_default (result, "outcome", NULL),
                             server->result_outcome) != 0 ||
                  g_strcmp0 (notes, server->result_notes) != 0)
                return FALSE;
              continue;
            }
          if (g_str_equal (member, "start_time"))
            {
              gint64 start;

              if (!ccal_time_parse_rfc3339 (json_object_get_string_member_with_default (body, member, ""), NULL,
                                            &start, NULL) ||
                  start != server->start_time)
                return FALSE;
            }
          else if (g_str_equal (member, "duration_minutes"))
            {
              if (json_object_get_int_member_with_default (body, member, -1) != server->duration_minutes)
                return FALSE;
            }
          else if (!strings_equal_member (body, theirs, member))
            return FALSE;
        }
      return TRUE;
    }
}

static void
on_push_theirs_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Run *run = user_data;
  CcalSync *self = run->self;
  CcalCacheOutboxEntry *entry = run->entry;
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) theirs = NULL;

  if (entry->collection == CCAL_CACHE_COLLECTION_EVENTS)
    {
      g_autoptr (CcalEvent) event = ccal_api_client_get_event_finish (self->client, result, &error);

      if (event != NULL)
        theirs = ccal_event_to_json (event);
    }
  else
    {
      g_autoptr (CcalBooking) booking = ccal_api_client_get_booking_finish (self->client, result, &error);

      if (booking != NULL)
        theirs = ccal_booking_to_json (booking);
    }

  if (theirs == NULL)
    {
      if (!g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_NOT_FOUND))
        {
          run_finish (run, g_steal_pointer (&error));
          return;
        }
      /* Deleted there: the conflict holds its tombstone. */
      g_clear_error (&error);
      theirs = json_object_new ();
      json_object_set_string_member (theirs, "id", entry->object_id);
      json_object_set_boolean_member (theirs, "deleted", TRUE);
      json_object_set_int_member (theirs, "version", MAX (entry->base_version, 1) + 1);
    }

  if (entry->kind == CCAL_CACHE_CHANGE_DELETE && json_object_get_boolean_member_with_default (theirs, "deleted", FALSE))
    {
      /* Deleting what is deleted already: done. */
      if (!push_complete_entry (run, NULL, &error))
        {
          run_finish (run, g_steal_pointer (&error));
          return;
        }
    }
  else if (change_already_applied (entry, theirs))
    {
      g_debug ("An earlier attempt of outbox entry %" G_GINT64_FORMAT " was applied; taking the server's copy",
               entry->id);
      if (!push_complete_entry (run, theirs, &error))
        {
          run_finish (run, g_steal_pointer (&error));
          return;
        }
    }
  else
    {
      if (!ccal_cache_mark_conflict (self->cache, entry->id, theirs, &error))
        {
          run_finish (run, g_steal_pointer (&error));
          return;
        }
      emit_changed (self, entry->collection, entry->object_id, NULL);
      g_signal_emit (self, signals[SIGNAL_CONFLICT], 0, (int) entry->collection, entry->object_id);
    }

  push_next (run);
}

/* 412, or 404 on a change: what does the server hold now? */
static void
push_fetch_theirs (Run *run)
{
  CcalSync *self = run->self;
  CcalCacheOutboxEntry *entry = run->entry;

  if (entry->collection == CCAL_CACHE_COLLECTION_EVENTS)
    ccal_api_client_get_event_async (self->client, entry->object_id, self->cancellable, on_push_theirs_cb, run);
  else
    ccal_api_client_get_booking_async (self->client, entry->object_id, self->cancellable, on_push_theirs_cb, run);
}

static void
on_push_answer_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Run *run = user_data;
  CcalCacheOutboxEntry *entry = run->entry;
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) cache_error = NULL;
  g_autoptr (JsonObject) server_object = NULL;

  if (push_finish (run, result, &server_object, &error))
    {
      call_hook (run, CCAL_SYNC_PUSH_ANSWERED);
      if (!push_complete_entry (run, server_object, &cache_error))
        {
          run_finish (run, g_steal_pointer (&cache_error));
          return;
        }
      push_next (run);
      return;
    }

  if (!is_cancelled (error))
    call_hook (run, CCAL_SYNC_PUSH_ANSWERED);

  if (is_cancelled (error) || ccal_api_error_is_transient (error) ||
      g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_UNAUTHORIZED) ||
      g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_TLS) ||
      g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_INVALID_RESPONSE))
    {
      /* Nothing wrong with the entry: the connection or the credential is. It stays queued. */
      run_finish (run, g_steal_pointer (&error));
      return;
    }

  if (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_VERSION_CONFLICT) ||
      (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_NOT_FOUND) && entry->kind == CCAL_CACHE_CHANGE_UPDATE))
    {
      push_fetch_theirs (run);
      return;
    }

  if (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_NOT_FOUND) && entry->kind == CCAL_CACHE_CHANGE_DELETE)
    {
      /* Gone already (deleted there, or our own earlier attempt): what we wanted. */
      if (!push_complete_entry (run, NULL, &cache_error))
        {
          run_finish (run, g_steal_pointer (&cache_error));
          return;
        }
      push_next (run);
      return;
    }

  /* 409 slot taken, 400, 403, 404 on a create, 413, 422: this entry cannot go as it is. */
  if (!push_fail_entry (run, error, &cache_error))
    {
      run_finish (run, g_steal_pointer (&cache_error));
      return;
    }
  push_next (run);
}

/* PUT …/result answered: its answer holds only the result, so the booking (with the version the
 * result gave it) is fetched, and that answer settles the entry as any push answer does. Should the
 * GET fail, the entry stays; its repeat gets 412 and is then seen as applied (change_already_applied). */
static void
on_push_result_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Run *run = user_data;
  CcalSync *self = run->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalBookingResult) answer = NULL;

  answer = ccal_api_client_set_booking_result_finish (self->client, result, &error);
  if (answer == NULL)
    {
      GTask *failed = g_task_new (source, NULL, on_push_answer_cb, run);

      /* The same handling as any refused or unanswered change, through push_finish (). */
      g_task_set_source_tag (failed, on_push_result_cb);
      g_task_return_error (failed, g_steal_pointer (&error));
      g_object_unref (failed);
      return;
    }
  ccal_api_client_get_booking_async (self->client, run->entry->object_id, self->cancellable, on_push_answer_cb, run);
}

static void
push_next (Run *run)
{
  CcalSync *self = run->self;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  CcalCacheOutboxEntry *entry;

  g_clear_pointer (&run->entry, ccal_cache_outbox_entry_free);

  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_cancellable_set_error_if_cancelled (self->cancellable, &error);
      run_finish (run, g_steal_pointer (&error));
      return;
    }

  entries = ccal_cache_outbox_peek (self->cache, 1, &error);
  if (entries == NULL)
    {
      run_finish (run, g_steal_pointer (&error));
      return;
    }

  entry = entries->len > 0 ? g_ptr_array_index (entries, 0) : NULL;
  if (entry == NULL || g_hash_table_contains (run->handled, &entry->id))
    {
      /* Nothing left (an entry seen twice means its answer could not settle it: it waits). */
      pull_next (run);
      return;
    }

  run->entry = g_ptr_array_steal_index (entries, 0);
  g_hash_table_add (run->handled, g_memdup2 (&run->entry->id, sizeof (gint64)));

  if (!push_send (run, &error))
    {
      g_autoptr (GError) cache_error = NULL;

      if (!push_fail_entry (run, error, &cache_error))
        {
          run_finish (run, g_steal_pointer (&cache_error));
          return;
        }
      push_next (run);
    }
}

/* ── the pull: pages of one collection, written in order ────────────────────────────────────── */

/* The pull is driven by pull_pump (): every callback records what it got and calls it last, and
 * only pull_pump () may end the pull (which frees it and goes on with the run). */

/* Writes @job into @cache in one transaction; @out_ids gets the ids it touched. */
static gboolean
write_page (CcalCache  *cache,
            PageJob    *job,
            GStrv      *out_ids,
            GError    **error)
{
  g_autoptr (JsonArray) array = json_array_sized_new (job->items->len);
  g_autoptr (GStrvBuilder) ids = g_strv_builder_new ();

  if (job->clear_first && !ccal_cache_clear_collection (cache, job->collection, error))
    return FALSE;

  for (guint i = 0; i < job->items->len; i++)
    {
      JsonObject *object;

      if (job->collection == CCAL_CACHE_COLLECTION_EVENTS)
        {
          CcalEvent *event = g_ptr_array_index (job->items, i);

          object = ccal_event_to_json (event);
          g_strv_builder_add (ids, event->id);
        }
      else
        {
          CcalBooking *booking = g_ptr_array_index (job->items, i);

          object = ccal_booking_to_json (booking);
          g_strv_builder_add (ids, booking->id);
        }
      json_array_add_object_element (array, object);
    }

  if (!ccal_cache_put_server_objects (cache, job->collection, array, job->sync_token, error))
    return FALSE;
  *out_ids = g_strv_builder_end (ids);
  return TRUE;
}

typedef struct
{
  PageJob   *job;
  char      *path;        /* the cache file, to open the worker's own connection */
  CcalCache *cache;       /* that connection once open (in and out) */
  GStrv      ids;
} WriteData;

static void
write_data_free (gpointer data)
{
  WriteData *write = data;

  g_clear_pointer (&write->job, page_job_free);
  g_free (write->path);
  g_clear_object (&write->cache);
  g_strfreev (write->ids);
  g_free (write);
}

static void
write_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  WriteData *write = task_data;
  GError *error = NULL;

  /* Its own connection: the main thread's stays free for the views' queries and local edits. */
  if (write->cache == NULL && (write->cache = ccal_cache_open (write->path, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (!write_page (write->cache, write->job, &write->ids, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

/* Records a written page (or why it was not); takes @error. */
static void
pull_page_written (Pull    *pull,
                   PageJob *job,
                   GStrv    ids,
                   GError  *error)
{
  CcalSync *self = pull->run->self;

  pull->writing = FALSE;
  if (error != NULL)
    {
      if (pull->error == NULL)
        pull->error = error;
      else
        g_error_free (error);
      g_cancellable_cancel (pull->cancellable);   /* stops a fetch in flight */
      return;
    }

  pull->objects_done += job->items->len;
  pull->pages_done++;
  if (job->clear_first)
    g_signal_emit (self, signals[SIGNAL_OBJECTS_CHANGED], 0, (int) pull->collection, NULL);
  if (ids != NULL && ids[0] != NULL)
    g_signal_emit (self, signals[SIGNAL_OBJECTS_CHANGED], 0, (int) pull->collection, ids);
  g_signal_emit (self, signals[SIGNAL_PROGRESS], 0, (int) pull->collection, pull->objects_done, pull->pages_done);
}

static void
on_page_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Pull *pull = user_data;
  GTask *task = G_TASK (result);
  WriteData *write = g_task_get_task_data (task);
  GError *error = NULL;

  g_task_propagate_boolean (task, &error);
  if (pull->worker_cache == NULL && write->cache != NULL)
    pull->worker_cache = g_object_ref (write->cache);
  pull_page_written (pull, write->job, write->ids, error);
  pull_pump (pull);
}

/* Starts writing the next page: in the worker thread, or right here when it is small. Returns
 * TRUE when a page was written here (there may be another). */
static gboolean
pull_write_next (Pull *pull)
{
  CcalSync *self = pull->run->self;
  g_autoptr (PageJob) job = NULL;

  if (pull->writing || pull->error != NULL || pull->restart_full || g_queue_is_empty (&pull->jobs))
    return FALSE;

  job = g_queue_pop_head (&pull->jobs);
  pull->writing = TRUE;

  if (pull->use_worker || job->items->len > WORKER_PAGE_THRESHOLD)
    {
      /* No source object: the worker may drop the task a little after the callback ran, and it
       * must not keep the engine alive then. */
      g_autoptr (GTask) task = g_task_new (NULL, NULL, on_page_written_cb, pull);
      WriteData *write = g_new0 (WriteData, 1);

      g_task_set_source_tag (task, pull_write_next);
      write->job = g_steal_pointer (&job);
      write->path = g_strdup (ccal_cache_get_path (self->cache));
      write->cache = pull->worker_cache != NULL ? g_object_ref (pull->worker_cache) : NULL;
      g_task_set_task_data (task, write, write_data_free);
      g_task_run_in_thread (task, write_in_thread);
      return FALSE;
    }
  else
    {
      g_auto (GStrv) ids = NULL;
      GError *error = NULL;

      write_page (self->cache, job, &ids, &error);
      pull_page_written (pull, job, ids, error);
      return TRUE;
    }
}

static void
on_page_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Pull *pull = user_data;
  CcalApiClient *client = CCAL_API_CLIENT (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (PageJob) job = g_new0 (PageJob, 1);
  g_autofree char *next_cursor = NULL;
  g_autofree char *sync_token = NULL;

  pull->fetching = FALSE;
  job->collection = pull->collection;

  if (pull->collection == CCAL_CACHE_COLLECTION_EVENTS)
    {
      g_autoptr (CcalEventPage) page = ccal_api_client_list_events_finish (client, result, &error);

      if (page != NULL)
        {
          job->items = g_steal_pointer (&page->events);
          next_cursor = g_steal_pointer (&page->next_cursor);
          sync_token = g_steal_pointer (&page->sync_token);
        }
    }
  else
    {
      g_autoptr (CcalBookingPage) page = ccal_api_client_list_bookings_finish (client, result, &error);

      if (page != NULL)
        {
          job->items = g_steal_pointer (&page->bookings);
          next_cursor = g_steal_pointer (&page->next_cursor);
          sync_token = g_steal_pointer (&page->sync_token);
        }
    }

  if (error != NULL)
    {
      if (g_error_matches (error, CCAL_API_ERROR, CCAL_API_ERROR_SYNC_TOKEN_EXPIRED) && pull->token != NULL)
        {
          g_debug ("The server no longer knows the %s sync token: loading them all again",
                   collection_noun (pull->collection));
          pull->restart_full = TRUE;
          g_queue_clear_full (&pull->jobs, (GDestroyNotify) page_job_free);
        }
      else if (pull->error == NULL)
        pull->error = g_steal_pointer (&error);
    }
  else if (pull->error == NULL && !pull->restart_full)
    {
      job->clear_first = pull->token == NULL && pull->pages_fetched == 0;
      pull->pages_fetched++;
      g_free (pull->cursor);
      pull->cursor = g_steal_pointer (&next_cursor);
      pull->fetched_all = pull->cursor == NULL;
      /* The token is only true once every page is in. */
      if (pull->fetched_all)
        job->sync_token = g_steal_pointer (&sync_token);
      g_queue_push_tail (&pull->jobs, g_steal_pointer (&job));
    }

  pull_pump (pull);
}

/* Starts fetching the next page when there is one and the writer is not too far behind. */
static void
pull_fetch (Pull *pull)
{
  CcalSync *self = pull->run->self;

  if (pull->fetching || pull->fetched_all || pull->error != NULL || pull->restart_full ||
      g_queue_get_length (&pull->jobs) >= MAX_QUEUED_PAGES)
    return;

  pull->fetching = TRUE;
  if (pull->collection == CCAL_CACHE_COLLECTION_EVENTS)
    {
      CcalEventQuery query = { 0 };

      query.limit = self->page_size;
      query.cursor = pull->cursor;
      query.sync_token = pull->token;
      ccal_api_client_list_events_async (self->client, &query, pull->cancellable, on_page_cb, pull);
    }
  else
    {
      CcalBookingQuery query = { 0 };

      query.limit = self->page_size;
      query.cursor = pull->cursor;
      query.sync_token = pull->token;
      ccal_api_client_list_bookings_async (self->client, &query, pull->cancellable, on_page_cb, pull);
    }
}

static void
pull_free (Pull *pull)
{
  g_queue_clear_full (&pull->jobs, (GDestroyNotify) page_job_free);
  g_clear_object (&pull->cancellable);
  g_clear_object (&pull->worker_cache);
  g_free (pull->token);
  g_free (pull->cursor);
  g_clear_error (&pull->error);
  g_free (pull);
}

/* Sets @pull up to start from its collection's stored token, or from scratch when @full. */
static void
pull_reset (Pull    *pull,
            gboolean full)
{
  CcalSync *self = pull->run->self;

  g_clear_pointer (&pull->token, g_free);
  g_clear_pointer (&pull->cursor, g_free);
  pull->fetched_all = FALSE;
  pull->restart_full = FALSE;
  pull->pages_fetched = 0;

  if (!full)
    pull->token = ccal_cache_get_sync_token (self->cache, pull->collection, &pull->error);
  /* A full listing brings everything: its pages go to the worker thread. */
  pull->use_worker = pull->token == NULL;
}

static void
pull_pump (Pull *pull)
{
  Run *run = pull->run;
  GError *error;

  while (pull_write_next (pull))
    ;
  pull_fetch (pull);

  if (pull->fetching || pull->writing)
    return;

  if (pull->error == NULL && pull->restart_full)
    {
      pull_reset (pull, TRUE);
      pull_fetch (pull);
      return;
    }
  if (pull->error == NULL && !(pull->fetched_all && g_queue_is_empty (&pull->jobs)))
    return;

  /* Done, or stopped: nothing of this pull is in flight any more. */
  error = g_steal_pointer (&pull->error);
  run->current = NULL;
  pull_free (pull);

  if (error != NULL)
    run_finish (run, error);
  else
    pull_next (run);
}

static const CcalCacheCollection pull_order[] = {
  CCAL_CACHE_COLLECTION_EVENTS,
  CCAL_CACHE_COLLECTION_BOOKINGS,
};

static void
pull_next (Run *run)
{
  CcalSync *self = run->self;
  Pull *pull;

  if (!run->pull || run->next_collection >= G_N_ELEMENTS (pull_order))
    {
      run_finish (run, NULL);
      return;
    }

  pull = g_new0 (Pull, 1);
  pull->run = run;
  pull->collection = pull_order[run->next_collection++];
  pull->cancellable = g_cancellable_new ();
  g_queue_init (&pull->jobs);
  run->current = pull;

  /* Disposing the engine stops the pull too. */
  if (g_cancellable_is_cancelled (self->cancellable))
    g_cancellable_cancel (pull->cancellable);
  else
    g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel), pull->cancellable,
                             G_CONNECT_SWAPPED);

  pull_reset (pull, FALSE);
  pull_pump (pull);
}

/* ── runs ───────────────────────────────────────────────────────────────────────────────────── */

static gboolean
on_retry_cb (gpointer user_data)
{
  CcalSync *self = user_data;

  self->retry_source = 0;
  if (self->run != NULL)
    self->pending_push = self->pending_pull = TRUE;
  else
    run_start (self, TRUE, TRUE, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (CcalSync     *self,
                const GError *error)
{
  int retry_after = ccal_api_error_get_retry_after (error);
  guint delay_ms;

  g_clear_handle_id (&self->retry_source, g_source_remove);

  self->backoff_seconds = self->backoff_seconds == 0 ? 1
                                                    : MIN (self->backoff_seconds * 2, CCAL_SYNC_MAX_BACKOFF_SECONDS);
  delay_ms = MAX (self->backoff_seconds, (guint) CLAMP (retry_after, 0, MAX_RETRY_AFTER_SECONDS)) * 1000;
  /* Up to a fifth more, so clients that lost the same server do not all come back at once. */
  delay_ms += (guint) g_random_int_range (0, (gint32) (delay_ms / 5 + 1));
  self->retry_source = g_timeout_add (delay_ms, on_retry_cb, self);
  g_source_set_name_by_id (self->retry_source, "[ccal] sync retry");
}

static void
store_last_synced (CcalSync *self)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;

  self->last_synced_at = g_get_real_time ();
  text = ccal_time_format_rfc3339 (self->last_synced_at);
  if (!ccal_cache_set_meta (self->cache, CCAL_CACHE_META_LAST_SYNCED_AT, text, &error))
    g_debug ("Could not remember the sync time: %s", error->message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNCED_AT]);
}

static void
run_free (Run *run)
{
  g_clear_pointer (&run->waiters, g_ptr_array_unref);
  g_clear_pointer (&run->entry, ccal_cache_outbox_entry_free);
  g_clear_pointer (&run->handled, g_hash_table_unref);
  g_clear_object (&run->self);
  g_free (run);
}

static void
run_finish (Run    *run,
            GError *error)
{
  g_autoptr (CcalSync) self = g_object_ref (run->self);
  g_autoptr (GError) owned_error = error;
  g_autoptr (GPtrArray) waiters = g_steal_pointer (&run->waiters);
  g_autoptr (GList) books = NULL;
  gboolean pulled = run->pull;
  guint serial = run->serial;
  gboolean push, pull;

  g_assert (self->run == run);
  self->run = NULL;
  run_free (run);

  if (error == NULL)
    {
      self->backoff_seconds = 0;
      g_clear_handle_id (&self->retry_source, g_source_remove);
      if (pulled)
        store_last_synced (self);
      set_state (self, CCAL_SYNC_ENGINE_STATE_IDLE, NULL);
    }
  else if (is_cancelled (error))
    {
      set_state (self, CCAL_SYNC_ENGINE_STATE_IDLE, NULL);
    }
  else if (ccal_api_error_is_transient (error))
    {
      g_debug ("Offline: %s", error->message);
      set_state (self, CCAL_SYNC_ENGINE_STATE_OFFLINE, error);
      schedule_retry (self, error);
    }
  else
    {
      g_debug ("Sync failed: %s", error->message);
      set_state (self, CCAL_SYNC_ENGINE_STATE_ERROR, error);
    }

  /* Bookings this run was to send but did not reach (a failure stopped it first); offline, also
   * those waiting for the next run, which is the retry's now. */
  books = g_hash_table_get_keys (self->book_waiters);
  for (GList *l = books; l != NULL; l = l->next)
    {
      BookWaiter *waiter = g_hash_table_lookup (self->book_waiters, l->data);

      if (waiter->serial == serial || self->state == CCAL_SYNC_ENGINE_STATE_OFFLINE)
        {
          g_autoptr (BookWaiter) stolen = steal_book_waiter (self, *(gint64 *) l->data);

          book_waiter_settle_unsent (self, stolen, FALSE, error);
        }
    }

  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }

  /* What was asked for meanwhile; offline, changes wait for the retry (a person's explicit sync
   * still gets its run and its answer). */
  if (self->state == CCAL_SYNC_ENGINE_STATE_OFFLINE)
    self->pending_push = self->pending_pull = FALSE;
  push = self->pending_push;
  pull = self->pending_pull;
  if ((push || pull || self->pending_waiters->len > 0) && !g_cancellable_is_cancelled (self->cancellable))
    {
      g_autoptr (GPtrArray) next_waiters = g_steal_pointer (&self->pending_waiters);

      self->pending_waiters = g_ptr_array_new_with_free_func (g_object_unref);
      self->pending_push = self->pending_pull = FALSE;
      run_start (self, push || next_waiters->len > 0, pull || next_waiters->len > 0, next_waiters);
    }
}

static void
run_start (CcalSync  *self,
           gboolean   push,
           gboolean   pull,
           GPtrArray *waiters)
{
  Run *run;

  g_assert (self->run == NULL);

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->push = push;
  run->pull = pull;
  run->waiters = waiters != NULL ? g_ptr_array_ref (waiters) : g_ptr_array_new_with_free_func (g_object_unref);
  run->handled = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  run->serial = ++self->run_serial;
  self->run = run;

  /* Bookings waiting to be sent are this run's to settle. */
  if (push)
    {
      GHashTableIter iter;
      BookWaiter *waiter;

      g_hash_table_iter_init (&iter, self->book_waiters);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &waiter))
        {
          if (waiter->serial == 0)
            waiter->serial = run->serial;
        }
    }

  if (push)
    g_clear_handle_id (&self->push_source, g_source_remove);
  if (pull)
    g_clear_handle_id (&self->retry_source, g_source_remove);
  set_state (self, CCAL_SYNC_ENGINE_STATE_SYNCING, NULL);

  if (push)
    push_next (run);
  else
    pull_next (run);
}

/* Starts a run, or folds the request into the one after the current run. */
static void
request_run (CcalSync *self,
             gboolean  push,
             gboolean  pull,
             GTask    *waiter)
{
  if (self->run != NULL)
    {
      self->pending_push |= push;
      self->pending_pull |= pull;
      if (waiter != NULL)
        g_ptr_array_add (self->pending_waiters, g_object_ref (waiter));
      return;
    }

  {
    g_autoptr (GPtrArray) waiters = g_ptr_array_new_with_free_func (g_object_unref);

    if (waiter != NULL)
      g_ptr_array_add (waiters, g_object_ref (waiter));
    run_start (self, push, pull, waiters);
  }
}

static gboolean
on_push_idle_cb (gpointer user_data)
{
  CcalSync *self = user_data;

  self->push_source = 0;
  request_run (self, TRUE, FALSE, NULL);
  return G_SOURCE_REMOVE;
}

void
ccal_sync_push (CcalSync *self)
{
  g_return_if_fail (CCAL_IS_SYNC (self));

  /* Offline, the retry timer (or a network change) sends it; each change need not find out again. */
  if (self->state == CCAL_SYNC_ENGINE_STATE_OFFLINE || self->push_source != 0)
    return;
  self->push_source = g_idle_add (on_push_idle_cb, self);
  g_source_set_name_by_id (self->push_source, "[ccal] sync push");
}

static gboolean
on_interval_cb (gpointer user_data)
{
  CcalSync *self = user_data;

  request_run (self, TRUE, TRUE, NULL);
  return G_SOURCE_CONTINUE;
}

static void
on_network_changed_cb (GNetworkMonitor *monitor,
                       gboolean         available,
                       gpointer         user_data)
{
  CcalSync *self = user_data;

  if (!available || self->state != CCAL_SYNC_ENGINE_STATE_OFFLINE)
    return;
  g_debug ("The network changed: trying the server again");
  g_clear_handle_id (&self->retry_source, g_source_remove);
  request_run (self, TRUE, TRUE, NULL);
}

void
ccal_sync_sync_async (CcalSync           *self,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  g_autoptr (GTask) task = NULL;

  g_return_if_fail (CCAL_IS_SYNC (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ccal_sync_sync_async);

  if (g_task_return_error_if_cancelled (task))
    return;
  request_run (self, TRUE, TRUE, task);
}

gboolean
ccal_sync_sync_finish (CcalSync     *self,
                       GAsyncResult *result,
                       GError      **error)
{
  g_return_val_if_fail (CCAL_IS_SYNC (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ccal_sync_sync_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ── changes the app makes ──────────────────────────────────────────────────────────────────── */

/* A model's JSON without the members a NULL left as null where the cache wants none ("id"). */
static void
drop_null_member (JsonObject *object,
                  const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node != NULL && JSON_NODE_HOLDS_NULL (node))
    json_object_remove_member (object, member);
}

gboolean
ccal_sync_save_event (CcalSync   *self,
                      CcalEvent  *event,
                      char      **out_id,
                      GError    **error)
{
  g_autoptr (JsonObject) object = NULL;
  g_autoptr (CcalCacheOutboxEntry) entry = NULL;
  CcalCacheChangeKind kind;

  g_return_val_if_fail (CCAL_IS_SYNC (self), FALSE);
  g_return_val_if_fail (CCAL_IS_EVENT (event), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!ccal_event_validate (event, error))
    return FALSE;

  object = ccal_event_to_json (event);
  drop_null_member (object, "id");
  kind = event->id == NULL ? CCAL_CACHE_CHANGE_CREATE : CCAL_CACHE_CHANGE_UPDATE;
  entry = ccal_cache_stage_change (self->cache, kind, CCAL_CACHE_COLLECTION_EVENTS, object, NULL, error);
  if (entry == NULL)
    return FALSE;

  if (out_id != NULL)
    *out_id = g_strdup (entry->object_id);
  emit_changed (self, CCAL_CACHE_COLLECTION_EVENTS, entry->object_id, NULL);
  ccal_sync_push (self);
  return TRUE;
}

gboolean
ccal_sync_delete_event (CcalSync   *self,
                        const char *event_id,
                        GError    **error)
{
  g_autoptr (JsonObject) object = json_object_new ();
  g_autoptr (CcalCacheOutboxEntry) entry = NULL;

  g_return_val_if_fail (CCAL_IS_SYNC (self), FALSE);
  g_return_val_if_fail (event_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  json_object_set_string_member (object, "id", event_id);
  entry = ccal_cache_stage_change (self->cache, CCAL_CACHE_CHANGE_DELETE, CCAL_CACHE_COLLECTION_EVENTS, object,
                                   NULL, error);
  if (entry == NULL)
    return FALSE;

  emit_changed (self, CCAL_CACHE_COLLECTION_EVENTS, event_id, NULL);
  if (entry->id != 0)
    ccal_sync_push (self);
  return TRUE;
}

static gboolean
invalid_change (GError    **error,
                const char *field,
                const char *message)
{
  ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "%s", message);
  return FALSE;
}

/* An optional string member of a PATCH: a string or null; anything else is refused. */
static gboolean
read_patch_string (JsonObject *changes,
                   const char *member,
                   char      **out_value,
                   GError    **error)
{
  JsonNode *node = json_object_get_member (changes, member);

  if (JSON_NODE_HOLDS_NULL (node))
    {
      *out_value = NULL;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_autofree char *message = g_strdup_printf ("“%s” must be text or null.", member);

      return invalid_change (error, member, message);
    }
  *out_value = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* @booking with @changes applied as the server will apply them. */
static gboolean
apply_booking_changes (CcalBooking *booking,
                       JsonObject  *changes,
                       GError     **error)
{
  g_autoptr (GList) members = json_object_get_members (changes);
  gint64 start = booking->start_time;
  gint64 duration = booking->end_time - booking->start_time;

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *node = json_object_get_member (changes, member);

      if (g_str_equal (member, "status"))
        {
          CcalBookingStatus status;
          const char *text = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                               ? json_node_get_string (node)
                               : NULL;

          if (text == NULL || !ccal_booking_status_from_string (text, &status))
            return invalid_change (error, "status", "“status” must be one of pending, confirmed, cancelled, "
                                                    "completed, no_show.");
          if (status != booking->status && !ccal_booking_status_can_change (booking->status, status))
            {
              g_autofree char *message =
                g_strdup_printf ("A %s booking cannot become %s.", ccal_booking_status_to_string (booking->status),
                                 text);

              return invalid_change (error, "status", message);
            }
          booking->status = status;
        }
      else if (g_str_equal (member, "reason"))
        {
          if (!JSON_NODE_HOLDS_NULL (node) &&
              (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING))
            return invalid_change (error, "reason", "“reason” must be text.");
        }
      else if (g_str_equal (member, "start_time"))
        {
          const char *text = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
                               ? json_node_get_string (node)
                               : NULL;

          if (text == NULL || !ccal_time_parse_rfc3339 (text, "start_time", &start, NULL))
            return invalid_change (error, "start_time", "“start_time” must be an RFC 3339 time.");
        }
      else if (g_str_equal (member, "duration_minutes"))
        {
          if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
              json_node_get_int (node) < 1 || json_node_get_int (node) > 24 * 60)
            return invalid_change (error, "duration_minutes", "“duration_minutes” must be 1 to 1440.");
          duration = json_node_get_int (node) * CCAL_USEC_PER_MINUTE;
          booking->duration_minutes = (int) json_node_get_int (node);
        }
      else if (g_str_equal (member, "title") || g_str_equal (member, "description") ||
               g_str_equal (member, "location") || g_str_equal (member, "meeting_link") ||
               g_str_equal (member, "opportunity_id"))
        {
          char *value = NULL;
          char **field = g_str_equal (member, "title")         ? &booking->title
                         : g_str_equal (member, "description") ? &booking->description
                         : g_str_equal (member, "location")    ? &booking->location
                         : g_str_equal (member, "meeting_link") ? &booking->meeting_link
                                                                : &booking->opportunity_id;

          if (!read_patch_string (changes, member, &value, error))
            return FALSE;
          g_free (*field);
          *field = value;
        }
      else
        {
          g_autofree char *message = g_strdup_printf ("A booking has no “%s” that can be changed.", member);

          return invalid_change (error, member, message);
        }
    }

  booking->start_time = start;
  booking->end_time = start + duration;
  return ccal_booking_validate (booking, error);
}

gboolean
ccal_sync_update_booking (CcalSync   *self,
                          const char *booking_id,
                          JsonObject *changes,
                          GError    **error)
{
  g_autoptr (CcalBooking) booking = NULL;
  g_autoptr (JsonObject) object = NULL;
  g_autoptr (CcalCacheOutboxEntry) entry = NULL;

  g_return_val_if_fail (CCAL_IS_SYNC (self), FALSE);
  g_return_val_if_fail (booking_id != NULL, FALSE);
  g_return_val_if_fail (changes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  booking = ccal_cache_get_booking (self->cache, booking_id, error);
  if (booking == NULL || !apply_booking_changes (booking, changes, error))
    return FALSE;

  object = ccal_booking_to_json (booking);
  entry = ccal_cache_stage_change (self->cache, CCAL_CACHE_CHANGE_UPDATE, CCAL_CACHE_COLLECTION_BOOKINGS, object,
                                   changes, error);
  if (entry == NULL)
    return FALSE;

  emit_changed (self, CCAL_CACHE_COLLECTION_BOOKINGS, booking_id, NULL);
  ccal_sync_push (self);
  return TRUE;
}

gboolean
ccal_sync_set_booking_result (CcalSync    *self,
                              const char  *booking_id,
                              const char  *outcome,
                              const char  *notes,
                              GError     **error)
{
  g_autoptr (CcalBooking) booking = NULL;
  g_autoptr (JsonObject) object = NULL;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (CcalCacheOutboxEntry) entry = NULL;
  g_autofree char *stripped = NULL;
  JsonObject *result;

  g_return_val_if_fail (CCAL_IS_SYNC (self), FALSE);
  g_return_val_if_fail (booking_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* The server's limits (it strips the outcome too), so a refusal never waits in the outbox. */
  stripped = g_strstrip (g_strdup (outcome != NULL ? outcome : ""));
  if (stripped[0] == '\0' || !g_utf8_validate (stripped, -1, NULL) || g_utf8_strlen (stripped, -1) > 200)
    return invalid_change (error, "outcome", "The outcome must be 1 to 200 characters.");
  if (notes != NULL && notes[0] == '\0')
    notes = NULL;
  if (notes != NULL && (!g_utf8_validate (notes, -1, NULL) || g_utf8_strlen (notes, -1) > 5000))
    return invalid_change (error, "notes", "The notes may be at most 5000 characters.");

  booking = ccal_cache_get_booking (self->cache, booking_id, error);
  if (booking == NULL)
    return FALSE;
  g_free (booking->result_outcome);
  booking->result_outcome = g_strdup (stripped);
  g_free (booking->result_notes);
  booking->result_notes = g_strdup (notes);

  object = ccal_booking_to_json (booking);
  body = json_object_new ();
  result = json_object_new ();
  json_object_set_string_member (result, "outcome", stripped);
  if (notes != NULL)
    json_object_set_string_member (result, "notes", notes);
  json_object_set_object_member (body, "result", result);
  entry = ccal_cache_stage_change (self->cache, CCAL_CACHE_CHANGE_UPDATE, CCAL_CACHE_COLLECTION_BOOKINGS, object,
                                   body, error);
  if (entry == NULL)
    return FALSE;

  emit_changed (self, CCAL_CACHE_COLLECTION_BOOKINGS, booking_id, NULL);
  ccal_sync_push (self);
  return TRUE;
}

/* POST /api/calendar/book's body for @request, as the outbox keeps it (byte-stable on every retry). */
static JsonObject *
book_request_to_json (const CcalBookRequest *request)
{
  JsonObject *body = json_object_new ();
  g_autofree char *start = ccal_time_format_rfc3339 (request->start_time);

  json_object_set_string_member (body, "admin_id", request->admin_id);
  json_object_set_string_member (body, "start_time", start);
  if (request->duration_minutes > 0)
    json_object_set_int_member (body, "duration_minutes", request->duration_minutes);
  json_object_set_string_member (body, "name", request->name);
  json_object_set_string_member (body, "email", request->email);
#define SET_OPTIONAL(member) \
  if (request->member != NULL) \
    json_object_set_string_member (body, #member, request->member)
  SET_OPTIONAL (phone);
  SET_OPTIONAL (product_interest);
  SET_OPTIONAL (notes);
  SET_OPTIONAL (timezone);
  SET_OPTIONAL (hold_id);
#undef SET_OPTIONAL
  return body;
}

/* The booking as the cache shows it until the server answers. */
static CcalBooking *
unconfirmed_booking (CcalSync              *self,
                     const CcalBookRequest *request)
{
  g_autoptr (CcalBooking) booking = ccal_booking_new ();
  int minutes = request->duration_minutes;

  if (minutes <= 0)
    {
      g_autoptr (CcalSettings) settings = ccal_cache_get_settings (self->cache, request->admin_id, NULL);

      minutes = settings != NULL ? settings->slot_minutes : DEFAULT_SLOT_MINUTES;
    }

  booking->admin_id = g_strdup (request->admin_id);
  booking->contact = ccal_contact_new ();
  booking->contact->name = g_strdup (request->name);
  booking->contact->email = g_strdup (request->email);
  booking->contact->phone = g_strdup (request->phone);
  booking->contact->timezone = g_strdup (request->timezone);
  booking->description = g_strdup (request->notes);
  booking->product_interest = g_strdup (request->product_interest);
  booking->start_time = request->start_time;
  booking->end_time = request->start_time + minutes * CCAL_USEC_PER_MINUTE;
  booking->duration_minutes = minutes;
  booking->status = CCAL_BOOKING_STATUS_PENDING;
  booking->source = CCAL_BOOKING_SOURCE_STAFF;
  return g_steal_pointer (&booking);
}

void
ccal_sync_book_async (CcalSync              *self,
                      const CcalBookRequest *request,
                      gboolean               queue_unconfirmed,
                      GCancellable          *cancellable,
                      GAsyncReadyCallback    callback,
                      gpointer               user_data)
{
  g_autoptr (GTask) task = NULL;
  g_autoptr (CcalBooking) booking = NULL;
  g_autoptr (JsonObject) object = NULL;
  g_autoptr (JsonObject) body = NULL;
  g_autoptr (CcalCacheOutboxEntry) entry = NULL;
  g_autoptr (GError) error = NULL;
  BookWaiter *waiter;

  g_return_if_fail (CCAL_IS_SYNC (self));
  g_return_if_fail (request != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ccal_sync_book_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  if (request->admin_id == NULL)
    {
      g_task_return_new_error (task, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID, "Choose whose calendar to book.");
      return;
    }
  if (self->state == CCAL_SYNC_ENGINE_STATE_OFFLINE && !queue_unconfirmed)
    {
      g_task_return_new_error (task, CCAL_SYNC_ERROR, CCAL_SYNC_ERROR_OFFLINE,
                               "You are offline, and a booking needs the server to confirm that the time is still "
                               "free. %s", self->last_error != NULL ? self->last_error->message : "");
      return;
    }

  booking = unconfirmed_booking (self, request);
  if (!ccal_booking_validate (booking, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  object = ccal_booking_to_json (booking);
  drop_null_member (object, "id");
  body = book_request_to_json (request);
  entry = ccal_cache_stage_change (self->cache, CCAL_CACHE_CHANGE_CREATE, CCAL_CACHE_COLLECTION_BOOKINGS, object,
                                   body, &error);
  if (entry == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  emit_changed (self, CCAL_CACHE_COLLECTION_BOOKINGS, entry->object_id, NULL);

  waiter = g_new0 (BookWaiter, 1);
  waiter->task = g_object_ref (task);
  waiter->local_id = g_strdup (entry->object_id);
  waiter->queue_unconfirmed = queue_unconfirmed;

  if (self->state == CCAL_SYNC_ENGINE_STATE_OFFLINE)
    {
      /* Queued for the next retry; the caller knows now that it is not confirmed. */
      book_waiter_settle_unsent (self, waiter, FALSE, self->last_error);
      book_waiter_free (waiter);
      return;
    }

  g_hash_table_insert (self->book_waiters, g_memdup2 (&entry->id, sizeof (gint64)), waiter);
  g_clear_handle_id (&self->push_source, g_source_remove);
  request_run (self, TRUE, FALSE, NULL);
}

CcalBooking *
ccal_sync_book_finish (CcalSync     *self,
                       GAsyncResult *result,
                       gboolean     *out_confirmed,
                       GError      **error)
{
  CcalBooking *booking;

  g_return_val_if_fail (CCAL_IS_SYNC (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ccal_sync_book_async, NULL);

  booking = g_task_propagate_pointer (G_TASK (result), error);
  if (out_confirmed != NULL)
    *out_confirmed = booking != NULL && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (result), "confirmed"));
  return booking;
}

gboolean
ccal_sync_resolve_conflict (CcalSync           *self,
                            CcalCacheCollection collection,
                            const char         *id,
                            CcalCacheResolution resolution,
                            GError            **error)
{
  g_return_val_if_fail (CCAL_IS_SYNC (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!ccal_cache_resolve_conflict (self->cache, collection, id, resolution, error))
    return FALSE;
  emit_changed (self, collection, id, NULL);
  ccal_sync_push (self);
  return TRUE;
}

gboolean
ccal_sync_retry_entry (CcalSync *self,
                       gint64    entry_id,
                       GError  **error)
{
  g_return_val_if_fail (CCAL_IS_SYNC (self), FALSE);

  if (!ccal_cache_outbox_retry (self->cache, entry_id, error))
    return FALSE;
  ccal_sync_push (self);
  return TRUE;
}

gboolean
ccal_sync_discard_changes (CcalSync           *self,
                           CcalCacheCollection collection,
                           const char         *id,
                           GError            **error)
{
  g_return_val_if_fail (CCAL_IS_SYNC (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (!ccal_cache_discard_changes (self->cache, collection, id, error))
    return FALSE;
  emit_changed (self, collection, id, NULL);
  return TRUE;
}

/* ── properties ─────────────────────────────────────────────────────────────────────────────── */

CcalApiClient *
ccal_sync_get_api_client (CcalSync *self)
{
  g_return_val_if_fail (CCAL_IS_SYNC (self), NULL);
  return self->client;
}

CcalCache *
ccal_sync_get_cache (CcalSync *self)
{
  g_return_val_if_fail (CCAL_IS_SYNC (self), NULL);
  return self->cache;
}

CcalSyncEngineState
ccal_sync_get_state (CcalSync *self)
{
  g_return_val_if_fail (CCAL_IS_SYNC (self), CCAL_SYNC_ENGINE_STATE_IDLE);
  return self->state;
}

const GError *
ccal_sync_get_last_error (CcalSync *self)
{
  g_return_val_if_fail (CCAL_IS_SYNC (self), NULL);
  return self->last_error;
}

gint64
ccal_sync_get_last_synced_at (CcalSync *self)
{
  g_return_val_if_fail (CCAL_IS_SYNC (self), 0);
  return self->last_synced_at;
}

guint
ccal_sync_get_sync_interval (CcalSync *self)
{
  g_return_val_if_fail (CCAL_IS_SYNC (self), 0);
  return self->sync_interval;
}

void
ccal_sync_set_sync_interval (CcalSync *self,
                             guint     seconds)
{
  g_return_if_fail (CCAL_IS_SYNC (self));

  if (self->sync_interval == seconds)
    return;
  self->sync_interval = seconds;
  g_clear_handle_id (&self->interval_source, g_source_remove);
  if (seconds > 0)
    {
      self->interval_source = g_timeout_add_seconds (seconds, on_interval_cb, self);
      g_source_set_name_by_id (self->interval_source, "[ccal] periodic sync");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_INTERVAL]);
}

guint
ccal_sync_get_page_size (CcalSync *self)
{
  g_return_val_if_fail (CCAL_IS_SYNC (self), 0);
  return self->page_size;
}

void
ccal_sync_set_page_size (CcalSync *self,
                         guint     page_size)
{
  g_return_if_fail (CCAL_IS_SYNC (self));
  g_return_if_fail (page_size >= 1 && page_size <= CCAL_SYNC_MAX_PAGE_SIZE);

  if (self->page_size == page_size)
    return;
  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

void
ccal_sync_set_push_hook (CcalSync        *self,
                         CcalSyncPushHook hook,
                         gpointer         user_data)
{
  g_return_if_fail (CCAL_IS_SYNC (self));

  self->push_hook = hook;
  self->push_hook_data = user_data;
}

static void
ccal_sync_constructed (GObject *object)
{
  CcalSync *self = CCAL_SYNC (object);
  g_autofree char *text = NULL;

  G_OBJECT_CLASS (ccal_sync_parent_class)->constructed (object);

  g_assert (self->client != NULL && self->cache != NULL);

  text = ccal_cache_get_meta (self->cache, CCAL_CACHE_META_LAST_SYNCED_AT, NULL);
  if (text == NULL || !ccal_time_parse_rfc3339 (text, NULL, &self->last_synced_at, NULL))
    self->last_synced_at = 0;

  self->monitor = g_object_ref (g_network_monitor_get_default ());
  self->network_changed_id = g_signal_connect (self->monitor, "network-changed",
                                               G_CALLBACK (on_network_changed_cb), self);
}

static void
ccal_sync_dispose (GObject *object)
{
  CcalSync *self = CCAL_SYNC (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_signal_handler (&self->network_changed_id, self->monitor);
  g_clear_handle_id (&self->interval_source, g_source_remove);
  g_clear_handle_id (&self->push_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);

  G_OBJECT_CLASS (ccal_sync_parent_class)->dispose (object);
}

static void
ccal_sync_finalize (GObject *object)
{
  CcalSync *self = CCAL_SYNC (object);

  g_clear_object (&self->monitor);
  g_clear_object (&self->client);
  g_clear_object (&self->cache);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->last_error);
  g_clear_pointer (&self->pending_waiters, g_ptr_array_unref);
  g_clear_pointer (&self->book_waiters, g_hash_table_unref);

  G_OBJECT_CLASS (ccal_sync_parent_class)->finalize (object);
}

static void
ccal_sync_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  CcalSync *self = CCAL_SYNC (object);

  switch (prop_id)
    {
    case PROP_API_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_CACHE:
      g_value_set_object (value, self->cache);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_SYNCED_AT:
      g_value_set_int64 (value, self->last_synced_at);
      break;
    case PROP_SYNC_INTERVAL:
      g_value_set_uint (value, self->sync_interval);
      break;
    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_sync_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  CcalSync *self = CCAL_SYNC (object);

  switch (prop_id)
    {
    case PROP_API_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_CACHE:
      self->cache = g_value_dup_object (value);
      break;
    case PROP_SYNC_INTERVAL:
      ccal_sync_set_sync_interval (self, g_value_get_uint (value));
      break;
    case PROP_PAGE_SIZE:
      ccal_sync_set_page_size (self, g_value_get_uint (value));
      break;
    case PROP_STATE:
    case PROP_LAST_SYNCED_AT:
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_sync_class_init (CcalSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = ccal_sync_constructed;
  object_class->dispose = ccal_sync_dispose;
  object_class->finalize = ccal_sync_finalize;
  object_class->get_property = ccal_sync_get_property;
  object_class->set_property = ccal_sync_set_property;

  properties[PROP_API_CLIENT] =
    g_param_spec_object ("api-client", NULL, NULL, CCAL_TYPE_API_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CACHE] =
    g_param_spec_object ("cache", NULL, NULL, CCAL_TYPE_CACHE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CCAL_TYPE_SYNC_ENGINE_STATE, CCAL_SYNC_ENGINE_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNCED_AT] =
    g_param_spec_int64 ("last-synced-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_INTERVAL] =
    g_param_spec_uint ("sync-interval", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, CCAL_SYNC_MAX_PAGE_SIZE, CCAL_SYNC_MAX_PAGE_SIZE,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_OBJECTS_CHANGED] =
    g_signal_new ("objects-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRV);
  signals[SIGNAL_PROGRESS] =
    g_signal_new ("progress", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_UINT, G_TYPE_UINT);
  signals[SIGNAL_CONFLICT] =
    g_signal_new ("conflict", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_INT, G_TYPE_STRING);
  signals[SIGNAL_PUSH_FAILED] =
    g_signal_new ("push-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_INT, G_TYPE_STRING, G_TYPE_STRING);
}

static void
ccal_sync_init (CcalSync *self)
{
  self->cancellable = g_cancellable_new ();
  self->page_size = CCAL_SYNC_MAX_PAGE_SIZE;
  self->pending_waiters = g_ptr_array_new_with_free_func (g_object_unref);
  self->book_waiters = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, book_waiter_free);
}

CcalSync *
ccal_sync_new (CcalApiClient *client,
               CcalCache     *cache)
{
  g_return_val_if_fail (CCAL_IS_API_CLIENT (client), NULL);
  g_return_val_if_fail (CCAL_IS_CACHE (cache), NULL);

  return g_object_new (CCAL_TYPE_SYNC, "api-client", client, "cache", cache, NULL);
}
