/* test-cache.c — the offline cache: storage, queries, pulled pages, the outbox, conflicts, damaged files
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A "crash" is simulated by dropping the CcalCache without any further call and opening the file
 * again: whatever a call returned as done must be there.
 */
#define G_LOG_DOMAIN "ccal-client"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ccal-cache.h"

#define HOUR CCAL_USEC_PER_HOUR
#define DAY  CCAL_USEC_PER_DAY

/* 2026-03-02T00:00:00Z, a Monday */
#define T0 G_GINT64_CONSTANT (1772409600000000)

typedef struct
{
  char      *dir;
  char      *path;
  CcalCache *cache;
} Fixture;

static void
fixture_setup (Fixture      *fixture,
               gconstpointer data)
{
  g_autoptr (GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("test-cache-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "sub", "account.db", NULL);
  fixture->cache = ccal_cache_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->cache);
}

static void
remove_tree (const char *path)
{
  g_autoptr (GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture      *fixture,
                  gconstpointer data)
{
  g_clear_object (&fixture->cache);
  remove_tree (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

/* Drops the connection without any goodbye and opens the file again. */
static void
reopen (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;

  g_clear_object (&fixture->cache);
  fixture->cache = ccal_cache_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_false (ccal_cache_get_was_reset (fixture->cache));
}

/* ── objects ──────────────────────────────────────────────────────────────────────────────── */

static JsonObject *
booking_json (const char *id,
              gint64      start,
              gint64      end,
              const char *status,
              const char *name,
              const char *email,
              const char *phone,
              gint64      version)
{
  g_autoptr (CcalBooking) booking = ccal_booking_new ();
  g_autoptr (JsonObject) object = NULL;

  booking->id = g_strdup (id);
  booking->workspace_id = g_strdup ("ws");
  booking->admin_id = g_strdup ("00000000-0000-4000-8000-00000000000a");
  booking->contact = ccal_contact_new ();
  booking->contact->id = g_strdup_printf ("c-%s", email);
  booking->contact->name = g_strdup (name);
  booking->contact->email = g_strdup (email);
  booking->contact->phone = g_strdup (phone);
  booking->title = g_strdup_printf ("Call with %s", name);
  booking->start_time = start;
  booking->end_time = end;
  booking->duration_minutes = (int) ((end - start) / CCAL_USEC_PER_MINUTE);
  g_assert_true (ccal_booking_status_from_string (status, &booking->status));
  booking->version = version;
  object = ccal_booking_to_json (booking);
  return g_steal_pointer (&object);
}

static JsonObject *
simple_booking (const char *id,
                gint64      start,
                gint64      version)
{
  return booking_json (id, start, start + HOUR, "confirmed", "Ann Example", "ann@example.com", NULL, version);
}

static JsonObject *
event_json (const char *id,
            gint64      start,
            gint64      end,
            const char *rrule,
            gint64      version)
{
  g_autoptr (CcalEvent) event = ccal_event_new ();

  event->id = g_strdup (id);
  event->workspace_id = g_strdup ("ws");
  event->admin_id = g_strdup ("00000000-0000-4000-8000-00000000000a");
  event->title = g_strdup_printf ("Event %s", id);
  event->start_time = start;
  event->end_time = end;
  event->timezone = g_strdup ("UTC");
  event->rrule = g_strdup (rrule);
  event->version = version;
  return ccal_event_to_json (event);
}

static JsonObject *
tombstone (const char *id,
           gint64      version)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", id);
  json_object_set_boolean_member (object, "deleted", TRUE);
  json_object_set_int_member (object, "version", version);
  return object;
}

/* Takes the objects (NULL-terminated). */
static void
put_page (CcalCache          *cache,
          CcalCacheCollection collection,
          const char         *token,
          ...)
{
  g_autoptr (JsonArray) page = json_array_new ();
  g_autoptr (GError) error = NULL;
  JsonObject *object;
  va_list args;

  va_start (args, token);
  while ((object = va_arg (args, JsonObject *)) != NULL)
    json_array_add_object_element (page, object);
  va_end (args);

  g_assert_true (ccal_cache_put_server_objects (cache, collection, page, token, &error));
  g_assert_no_error (error);
}

static char *
object_text (JsonObject *object)
{
  g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

/* The ids of a result, space-separated, in order. */
static char *
ids_of (GPtrArray *models)
{
  g_autoptr (GString) ids = g_string_new (NULL);

  for (guint i = 0; i < models->len; i++)
    {
      gpointer model = g_ptr_array_index (models, i);
      const char *id = CCAL_IS_BOOKING (model) ? CCAL_BOOKING (model)->id : CCAL_EVENT (model)->id;

      g_string_append_printf (ids, "%s%s", i > 0 ? " " : "", id);
    }
  return g_strdup (ids->str);
}

static CcalCacheState
state_of (CcalCache          *cache,
          CcalCacheCollection collection,
          const char         *id)
{
  g_autoptr (GError) error = NULL;
  CcalCacheState state = -1;

  g_assert_true (ccal_cache_get_state (cache, collection, id, &state, NULL, &error));
  g_assert_no_error (error);
  return state;
}

static gboolean
has_row (CcalCache          *cache,
         CcalCacheCollection collection,
         const char         *id)
{
  g_autoptr (GError) error = NULL;
  gboolean found = ccal_cache_get_state (cache, collection, id, NULL, NULL, &error);

  if (!found)
    g_assert_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND);
  return found;
}

static GPtrArray *
outbox (CcalCache *cache)
{
  g_autoptr (GError) error = NULL;
  GPtrArray *entries = ccal_cache_outbox_list (cache, &error);

  g_assert_no_error (error);
  return entries;
}

static CcalCacheOutboxEntry *
stage (CcalCache          *cache,
       CcalCacheChangeKind kind,
       CcalCacheCollection collection,
       JsonObject         *object)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) owned = object;
  CcalCacheOutboxEntry *entry = ccal_cache_stage_change (cache, kind, collection, owned, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entry);
  return entry;
}

static JsonObject *
id_only (const char *id)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", id);
  return object;
}

static CcalCacheOutboxEntry *
peek_one (CcalCache *cache)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = ccal_cache_outbox_peek (cache, 1, &error);

  g_assert_no_error (error);
  if (entries->len == 0)
    return NULL;
  return ccal_cache_outbox_entry_copy (g_ptr_array_index (entries, 0));
}

/* ── opening ──────────────────────────────────────────────────────────────────────────────── */

static void
test_path_for_server (void)
{
  g_autofree char *a = ccal_cache_path_for_server ("https://Cal.Example.com:443/");
  g_autofree char *b = ccal_cache_path_for_server ("https://cal.example.com");
  g_autofree char *c = ccal_cache_path_for_server ("https://cal.example.com:8443");
  g_autofree char *d = ccal_cache_path_for_server ("http://cal.example.com");
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), "customerconnects-calendar", NULL);
  g_autofree char *base = g_path_get_basename (a);
  g_autofree char *dirname = g_path_get_dirname (a);

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpstr (a, !=, d);
  g_assert_cmpstr (dirname, ==, folder);
  g_assert_cmpuint (strlen (base), ==, 16 + 3);
  g_assert_true (g_str_has_suffix (base, ".db"));
}

static void
test_open_reopen (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalSettings) settings = ccal_settings_new ();
  g_autoptr (CcalSettings) read = NULL;
  g_autofree char *token = NULL;
  g_autofree char *synced = NULL;
  g_autofree char *missing = NULL;
  gboolean was_reset = TRUE;
  GStatBuf st;

  g_assert_false (ccal_cache_get_was_reset (fixture->cache));
  g_object_get (fixture->cache, "was-reset", &was_reset, NULL);
  g_assert_false (was_reset);
  g_assert_cmpstr (ccal_cache_get_path (fixture->cache), ==, fixture->path);

  /* Personal data: only the person may read it. */
  g_assert_cmpint (g_stat (fixture->path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0077, ==, 0);

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "tok-1", simple_booking ("b1", T0, 1), NULL);
  settings->admin_id = g_strdup ("00000000-0000-4000-8000-00000000000a");
  settings->slot_minutes = 45;
  settings->timezone = (g_free (settings->timezone), g_strdup ("Europe/Berlin"));
  g_assert_true (ccal_cache_put_settings (fixture->cache, settings, &error));
  g_assert_true (ccal_cache_set_meta (fixture->cache, CCAL_CACHE_META_LAST_SYNCED_AT, "2026-03-02T09:00:00Z", &error));
  g_assert_no_error (error);

  reopen (fixture);

  token = ccal_cache_get_sync_token (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (token, ==, "tok-1");
  g_assert_null (ccal_cache_get_sync_token (fixture->cache, CCAL_CACHE_COLLECTION_EVENTS, &error));
  g_assert_no_error (error);
  synced = ccal_cache_get_meta (fixture->cache, CCAL_CACHE_META_LAST_SYNCED_AT, &error);
  g_assert_cmpstr (synced, ==, "2026-03-02T09:00:00Z");
  g_assert_true (ccal_cache_set_meta (fixture->cache, CCAL_CACHE_META_LAST_SYNCED_AT, NULL, &error));
  missing = ccal_cache_get_meta (fixture->cache, CCAL_CACHE_META_LAST_SYNCED_AT, &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  read = ccal_cache_get_settings (fixture->cache, "00000000-0000-4000-8000-00000000000a", &error);
  g_assert_no_error (error);
  g_assert_cmpint (read->slot_minutes, ==, 45);
  g_assert_cmpstr (read->timezone, ==, "Europe/Berlin");
  g_assert_null (ccal_cache_get_settings (fixture->cache, "someone-else", &error));
  g_assert_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND);

  g_assert_true (has_row (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1"));
}

static void
test_round_trip (Fixture      *fixture,
                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) booking_in = booking_json ("b1", T0 + 9 * HOUR, T0 + 10 * HOUR, "pending", "Zoë Müller",
                                                    "Zoe@Example.org", "+49 (30) 1234-567", 3);
  g_autoptr (JsonObject) event_in = event_json ("e1", T0, T0 + HOUR, "FREQ=WEEKLY;COUNT=4", 2);
  g_autoptr (CcalBooking) booking = NULL;
  g_autoptr (CcalEvent) event = NULL;
  g_autoptr (JsonObject) booking_out = NULL;
  g_autoptr (JsonObject) event_out = NULL;
  g_autofree char *booking_in_text = NULL;
  g_autofree char *booking_out_text = NULL;
  g_autofree char *event_in_text = NULL;
  g_autofree char *event_out_text = NULL;

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL, json_object_ref (booking_in), NULL);
  put_page (fixture->cache, CCAL_CACHE_COLLECTION_EVENTS, NULL, json_object_ref (event_in), NULL);
  reopen (fixture);

  booking = ccal_cache_get_booking (fixture->cache, "b1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (booking->contact->name, ==, "Zoë Müller");
  g_assert_cmpstr (booking->contact->email, ==, "Zoe@Example.org");
  g_assert_cmpstr (booking->contact->phone, ==, "+49 (30) 1234-567");
  g_assert_cmpint (booking->start_time, ==, T0 + 9 * HOUR);
  g_assert_cmpint (booking->status, ==, CCAL_BOOKING_STATUS_PENDING);
  g_assert_cmpint (booking->version, ==, 3);
  booking_out = ccal_booking_to_json (booking);
  booking_in_text = object_text (booking_in);
  booking_out_text = object_text (booking_out);
  g_assert_cmpstr (booking_out_text, ==, booking_in_text);

  event = ccal_cache_get_event (fixture->cache, "e1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (event->rrule, ==, "FREQ=WEEKLY;COUNT=4");
  event_out = ccal_event_to_json (event);
  event_in_text = object_text (event_in);
  event_out_text = object_text (event_out);
  g_assert_cmpstr (event_out_text, ==, event_in_text);

  g_assert_null (ccal_cache_get_booking (fixture->cache, "nope", &error));
  g_assert_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND);
  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1"), ==, CCAL_CACHE_STATE_SYNCED);
}

/* ── queries ──────────────────────────────────────────────────────────────────────────────── */

static void
test_range_boundaries (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  struct
  {
    gint64      from;
    gint64      to;
    const char *bookings;
    const char *events;
  } cases[] = {
    /* b-10 is [10:00, 11:00), b-11 [11:00, 12:00); e-long [day −3, day +5), e-series from day −30 weekly */
    { T0 + 10 * HOUR, T0 + 11 * HOUR, "b-10", "e-series e-long" },
    { T0 + 11 * HOUR, T0 + 12 * HOUR, "b-11", "e-series e-long" },                /* end is exclusive */
    { T0 + 9 * HOUR, T0 + 10 * HOUR, "", "e-series e-long" },                     /* start is exclusive as an end */
    { T0 + 10 * HOUR + 59 * CCAL_USEC_PER_MINUTE, T0 + 11 * HOUR + 1, "b-10 b-11", "e-series e-long" },
    { T0 + 12 * HOUR, T0 + DAY, "", "e-series e-long" },
    { T0 + 6 * DAY, T0 + 7 * DAY, "", "e-series" },                              /* after the long event */
    { T0 - 40 * DAY, T0 - 30 * DAY, "", "" },                                     /* before the series */
    { T0 + 11 * HOUR, T0 + 11 * HOUR, "", "" },                                   /* empty range */
  };

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL,
            simple_booking ("b-11", T0 + 11 * HOUR, 1), simple_booking ("b-10", T0 + 10 * HOUR, 1), NULL);
  put_page (fixture->cache, CCAL_CACHE_COLLECTION_EVENTS, NULL,
            event_json ("e-long", T0 - 3 * DAY, T0 + 5 * DAY, NULL, 1),
            event_json ("e-series", T0 - 30 * DAY, T0 - 30 * DAY + HOUR, "FREQ=WEEKLY", 1), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GPtrArray) bookings = ccal_cache_query_bookings (fixture->cache, cases[i].from, cases[i].to, NULL,
                                                                  &error);
      g_autoptr (GPtrArray) events = NULL;
      g_autofree char *booking_ids = NULL;
      g_autofree char *event_ids = NULL;

      g_assert_no_error (error);
      events = ccal_cache_query_events (fixture->cache, cases[i].from, cases[i].to, NULL, &error);
      g_assert_no_error (error);
      booking_ids = ids_of (bookings);
      event_ids = ids_of (events);
      g_test_message ("case %u", i);
      g_assert_cmpstr (booking_ids, ==, cases[i].bookings);
      g_assert_cmpstr (event_ids, ==, cases[i].events);
    }

  /* Filtered by admin. */
  {
    g_autoptr (GPtrArray) none = ccal_cache_query_bookings (fixture->cache, T0, T0 + DAY, "another-admin", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_by_status_and_counts (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) pending = NULL;
  g_autoptr (GPtrArray) first = NULL;
  g_autofree char *ids = NULL;
  guint counts[CCAL_N_BOOKING_STATUSES];
  guint count = 0;

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL,
            booking_json ("p2", T0 + 2 * DAY, T0 + 2 * DAY + HOUR, "pending", "A", "a@x.org", NULL, 1),
            booking_json ("p1", T0 + 1 * DAY, T0 + 1 * DAY + HOUR, "pending", "A", "a@x.org", NULL, 1),
            booking_json ("c1", T0 + 1 * DAY, T0 + 1 * DAY + HOUR, "confirmed", "A", "a@x.org", NULL, 1),
            booking_json ("x1", T0 + 3 * DAY, T0 + 3 * DAY + HOUR, "cancelled", "A", "a@x.org", NULL, 1),
            booking_json ("p3", T0 + 30 * DAY, T0 + 30 * DAY + HOUR, "pending", "A", "a@x.org", NULL, 1), NULL);

  pending = ccal_cache_query_bookings_by_status (fixture->cache, CCAL_BOOKING_STATUS_PENDING, G_MININT64, G_MAXINT64,
                                                 0, &error);
  g_assert_no_error (error);
  ids = ids_of (pending);
  g_assert_cmpstr (ids, ==, "p1 p2 p3");
  g_clear_pointer (&ids, g_free);

  first = ccal_cache_query_bookings_by_status (fixture->cache, CCAL_BOOKING_STATUS_PENDING, T0 + DAY + HOUR,
                                               T0 + 10 * DAY, 5, &error);
  g_assert_no_error (error);
  ids = ids_of (first);
  g_assert_cmpstr (ids, ==, "p2");

  g_assert_true (ccal_cache_count_bookings_by_status (fixture->cache, T0, T0 + 7 * DAY, counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[CCAL_BOOKING_STATUS_PENDING], ==, 2);
  g_assert_cmpuint (counts[CCAL_BOOKING_STATUS_CONFIRMED], ==, 1);
  g_assert_cmpuint (counts[CCAL_BOOKING_STATUS_CANCELLED], ==, 1);
  g_assert_cmpuint (counts[CCAL_BOOKING_STATUS_COMPLETED], ==, 0);

  g_assert_true (ccal_cache_count (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, &count, &error));
  g_assert_cmpuint (count, ==, 5);
  ccal_cache_outbox_entry_free (stage (fixture->cache, CCAL_CACHE_CHANGE_DELETE, CCAL_CACHE_COLLECTION_BOOKINGS, id_only ("p3")));
  g_assert_true (ccal_cache_count (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, &count, &error));
  g_assert_cmpuint (count, ==, 4);
  g_assert_true (ccal_cache_count (fixture->cache, CCAL_CACHE_COLLECTION_EVENTS, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 0);
}

static void
add_search_data (CcalCache *cache)
{
  put_page (cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL,
            booking_json ("b-jo1", T0 + 1 * DAY, T0 + 1 * DAY + HOUR, "confirmed", "Jörg Schmidt", "joerg@firma.de",
                          "+49 30 123-4567", 1),
            booking_json ("b-jo2", T0 + 5 * DAY, T0 + 5 * DAY + HOUR, "pending", "Jörg Schmidt", "joerg@firma.de",
                          "+49 30 123-4567", 1),
            booking_json ("b-ann", T0 + 2 * DAY, T0 + 2 * DAY + HOUR, "confirmed", "Ann Smith", "ann.smith@example.com",
                          "(555) 010-9999", 1),
            booking_json ("b-bob", T0 + 3 * DAY, T0 + 3 * DAY + HOUR, "confirmed", "Bob Annand", "bob@example.com",
                          NULL, 1),
            booking_json ("b-pct", T0 + 4 * DAY, T0 + 4 * DAY + HOUR, "confirmed", "100% Kim", "kim_1@x.org", NULL, 1),
            NULL);
}

static void
test_search (Fixture      *fixture,
             gconstpointer data)
{
  struct
  {
    const char *text;
    const char *ids;   /* newest first */
  } cases[] = {
    { "schmidt", "b-jo2 b-jo1" },
    { "JÖRG", "b-jo2 b-jo1" },               /* case-insensitive beyond ASCII */
    { "ann", "b-bob b-ann" },                /* "Ann Smith" and "Bob Annand" */
    { "EXAMPLE.COM", "b-bob b-ann" },
    { "smith@", "b-ann" },
    { "1234567", "b-jo2 b-jo1" },            /* phone digits, punctuation ignored */
    { "123-45", "b-jo2 b-jo1" },
    { "555 010", "b-ann" },
    { "an", "b-bob b-ann" },                 /* short text: a scan */
    { "%", "b-pct" },                        /* LIKE's wildcards are literal */
    { "_", "b-pct" },
    { "0%", "b-pct" },
    { "\"", "" },
    { "nobody", "" },
    { "   ", "" },
  };

  add_search_data (fixture->cache);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) found = ccal_cache_search_bookings (fixture->cache, cases[i].text, 20, &error);
      g_autofree char *ids = NULL;

      g_assert_no_error (error);
      ids = ids_of (found);
      g_test_message ("search “%s”", cases[i].text);
      g_assert_cmpstr (ids, ==, cases[i].ids);
    }

  /* The limit keeps the newest. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) one = ccal_cache_search_bookings (fixture->cache, "schmidt", 1, &error);
    g_autofree char *ids = NULL;

    g_assert_no_error (error);
    ids = ids_of (one);
    g_assert_cmpstr (ids, ==, "b-jo2");
  }
}

/* ── the bookings list: filter, order, keys ───────────────────────────────────────────────── */

/* The ids @filter selects, in order, read through the keys; the count and the paged query must agree. */
static char *
list_ids (CcalCache                    *cache,
          const CcalCacheBookingFilter *filter)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) keys = ccal_cache_list_booking_keys (cache, filter, &error);
  g_autoptr (GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) paged = NULL;
  g_autofree CcalBooking **fetched = NULL;
  g_autofree char *paged_ids = NULL;
  char *ids;
  guint count = G_MAXUINT;

  g_assert_no_error (error);
  fetched = g_new0 (CcalBooking *, keys->len + 1);
  g_assert_true (ccal_cache_fetch_bookings (cache, (const gint64 *) (gpointer) keys->data, keys->len, fetched, NULL,
                                            &error));
  g_assert_no_error (error);
  for (guint i = 0; i < keys->len; i++)
    {
      g_assert_nonnull (fetched[i]);
      g_ptr_array_add (bookings, fetched[i]);
    }
  ids = ids_of (bookings);

  g_assert_true (ccal_cache_count_bookings_matching (cache, filter, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, keys->len);
  paged = ccal_cache_query_bookings_filtered (cache, filter, 0, 0, &error);
  g_assert_no_error (error);
  paged_ids = ids_of (paged);
  g_assert_cmpstr (paged_ids, ==, ids);
  return ids;
}

static void
add_list_data (CcalCache *cache)
{
  g_autoptr (CcalCacheOutboxEntry) created = NULL;
  g_autoptr (CcalCacheOutboxEntry) deleted = NULL;

  add_search_data (cache);
  put_page (cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL,
            booking_json ("b-can", T0 + 6 * DAY, T0 + 6 * DAY + HOUR, "cancelled", "Carl Cancel", "carl@example.net",
                          NULL, 1),
            NULL);
  /* Made offline (not on the server yet) and deleted offline (hidden). */
  created = stage (cache, CCAL_CACHE_CHANGE_CREATE, CCAL_CACHE_COLLECTION_BOOKINGS,
                   booking_json ("b-local", T0 + DAY / 2, T0 + DAY / 2 + HOUR, "pending", "Zoe Local",
                                 "zoe@local.test", NULL, 1));
  deleted = stage (cache, CCAL_CACHE_CHANGE_DELETE, CCAL_CACHE_COLLECTION_BOOKINGS, id_only ("b-bob"));
}

static void
test_booking_list_filters (Fixture      *fixture,
                           gconstpointer data)
{
  struct
  {
    guint       statuses;
    gint64      from;
    gint64      to;
    const char *search;
    const char *ids;
  } cases[] = {
    { 0, G_MININT64, G_MAXINT64, NULL, "b-local b-jo1 b-ann b-pct b-jo2 b-can" },
    { 1u << CCAL_BOOKING_STATUS_PENDING, G_MININT64, G_MAXINT64, NULL, "b-local b-jo2" },
    { (1u << CCAL_BOOKING_STATUS_CONFIRMED) | (1u << CCAL_BOOKING_STATUS_CANCELLED), G_MININT64, G_MAXINT64, NULL,
      "b-jo1 b-ann b-pct b-can" },
    { 0x1f, G_MININT64, G_MAXINT64, NULL, "b-local b-jo1 b-ann b-pct b-jo2 b-can" },
    { 0, T0 + 2 * DAY, T0 + 5 * DAY, NULL, "b-ann b-pct" },       /* starts in [from, to) */
    { 0, T0 + 5 * DAY, G_MAXINT64, NULL, "b-jo2 b-can" },
    { 0, G_MININT64, T0 + DAY, NULL, "b-local" },
    { 0, T0 + 3 * DAY, T0 + 3 * DAY, NULL, "" },
    { 0, G_MININT64, G_MAXINT64, "SCHMIDT", "b-jo1 b-jo2" },     /* the trigram index */
    { 0, G_MININT64, G_MAXINT64, "ann", "b-ann" },               /* Bob Annand is deleted */
    { 0, G_MININT64, G_MAXINT64, "an", "b-ann b-can" },          /* short: a scan */
    { 0, G_MININT64, G_MAXINT64, "123-45", "b-jo1 b-jo2" },      /* phone digits */
    { 0, G_MININT64, G_MAXINT64, "zoe@local", "b-local" },       /* a local booking is searchable */
    { 0, G_MININT64, G_MAXINT64, "example", "b-ann b-can" },
    { 0, G_MININT64, G_MAXINT64, "%", "b-pct" },
    { 0, G_MININT64, G_MAXINT64, "   ", "b-local b-jo1 b-ann b-pct b-jo2 b-can" },
    { 0, G_MININT64, G_MAXINT64, "nobody", "" },
    { 1u << CCAL_BOOKING_STATUS_CONFIRMED, T0 + 2 * DAY, G_MAXINT64, "m", "b-ann b-pct" },
  };

  add_list_data (fixture->cache);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CcalCacheBookingFilter filter = CCAL_CACHE_BOOKING_FILTER_INIT;
      g_autofree char *ids = NULL;

      filter.statuses = cases[i].statuses;
      filter.from = cases[i].from;
      filter.to = cases[i].to;
      filter.search = cases[i].search;
      g_test_message ("case %u", i);
      ids = list_ids (fixture->cache, &filter);
      g_assert_cmpstr (ids, ==, cases[i].ids);
    }

  /* Another calendar's bookings are not this admin's. */
  {
    CcalCacheBookingFilter filter = CCAL_CACHE_BOOKING_FILTER_INIT;
    g_autofree char *ids = NULL;

    filter.admin_id = "00000000-0000-4000-8000-00000000000b";
    ids = list_ids (fixture->cache, &filter);
    g_assert_cmpstr (ids, ==, "");
    filter.admin_id = "00000000-0000-4000-8000-00000000000a";
    g_clear_pointer (&ids, g_free);
    ids = list_ids (fixture->cache, &filter);
    g_assert_cmpstr (ids, ==, "b-local b-jo1 b-ann b-pct b-jo2 b-can");
  }
}

static void
test_booking_list_order (Fixture      *fixture,
                         gconstpointer data)
{
  struct
  {
    CcalCacheBookingSort sort;
    gboolean             descending;
    const char          *ids;
  } cases[] = {
    { CCAL_CACHE_BOOKING_SORT_START, TRUE, "b-can b-jo2 b-pct b-ann b-jo1 b-local" },
    /* "100% kim" < "ann smith" < "carl cancel" < "jörg schmidt" (twice, by start) < "zoe local" */
    { CCAL_CACHE_BOOKING_SORT_CONTACT, FALSE, "b-pct b-ann b-can b-jo1 b-jo2 b-local" },
    { CCAL_CACHE_BOOKING_SORT_CONTACT, TRUE, "b-local b-jo2 b-jo1 b-can b-ann b-pct" },
    /* no phone first, then 49301234567, then 5550109999 */
    { CCAL_CACHE_BOOKING_SORT_PHONE, FALSE, "b-local b-pct b-can b-jo1 b-jo2 b-ann" },
    /* pending, confirmed, …, cancelled last */
    { CCAL_CACHE_BOOKING_SORT_STATUS, FALSE, "b-local b-jo2 b-jo1 b-ann b-pct b-can" },
    { CCAL_CACHE_BOOKING_SORT_STATUS, TRUE, "b-can b-pct b-ann b-jo1 b-jo2 b-local" },
    /* staff bookings (these) have no product, source or creator to tell apart: by start */
    { CCAL_CACHE_BOOKING_SORT_PRODUCT, FALSE, "b-local b-jo1 b-ann b-pct b-jo2 b-can" },
    { CCAL_CACHE_BOOKING_SORT_SOURCE, FALSE, "b-local b-jo1 b-ann b-pct b-jo2 b-can" },
    { CCAL_CACHE_BOOKING_SORT_BOOKED_BY, TRUE, "b-can b-jo2 b-pct b-ann b-jo1 b-local" },
  };

  add_list_data (fixture->cache);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      CcalCacheBookingFilter filter = CCAL_CACHE_BOOKING_FILTER_INIT;
      g_autofree char *ids = NULL;

      filter.sort = cases[i].sort;
      filter.descending = cases[i].descending;
      g_test_message ("case %u", i);
      ids = list_ids (fixture->cache, &filter);
      g_assert_cmpstr (ids, ==, cases[i].ids);
    }

  /* A page from the middle. */
  {
    CcalCacheBookingFilter filter = CCAL_CACHE_BOOKING_FILTER_INIT;
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) page = ccal_cache_query_bookings_filtered (fixture->cache, &filter, 2, 2, &error);
    g_autofree char *ids = NULL;

    g_assert_no_error (error);
    ids = ids_of (page);
    g_assert_cmpstr (ids, ==, "b-ann b-pct");
  }
}

static void
test_booking_list_keys (Fixture      *fixture,
                        gconstpointer data)
{
  CcalCacheBookingFilter filter = CCAL_CACHE_BOOKING_FILTER_INIT;
  g_autoptr (GError) error = NULL;
  g_autoptr (GArray) keys = NULL;
  g_autoptr (GArray) after = NULL;
  CcalBooking *bookings[6] = { NULL };
  CcalCacheState states[6];

  add_list_data (fixture->cache);
  keys = ccal_cache_list_booking_keys (fixture->cache, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (keys->len, ==, 6);

  /* Each row's offline state comes with it. */
  g_assert_true (ccal_cache_fetch_bookings (fixture->cache, (const gint64 *) (gpointer) keys->data, 6, bookings, states,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpstr (bookings[0]->id, ==, "b-local");
  g_assert_cmpint (states[0], ==, CCAL_CACHE_STATE_LOCALLY_CREATED);
  g_assert_cmpstr (bookings[1]->id, ==, "b-jo1");
  g_assert_cmpint (states[1], ==, CCAL_CACHE_STATE_SYNCED);
  for (guint i = 0; i < 6; i++)
    g_clear_object (&bookings[i]);

  /* A newer server copy keeps the row's key; a row that goes leaves a gap. */
  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL,
            booking_json ("b-jo1", T0 + 1 * DAY, T0 + 1 * DAY + HOUR, "completed", "Jörg Schmidt", "joerg@firma.de",
                          "+49 30 123-4567", 2),
            NULL);
  g_assert_true (ccal_cache_discard_changes (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b-local", &error));
  g_assert_no_error (error);
  g_assert_true (ccal_cache_fetch_bookings (fixture->cache, (const gint64 *) (gpointer) keys->data, 2, bookings, states,
                                            &error));
  g_assert_no_error (error);
  g_assert_null (bookings[0]);
  g_assert_cmpint (states[0], ==, CCAL_CACHE_STATE_SYNCED);
  g_assert_nonnull (bookings[1]);
  g_assert_cmpstr (bookings[1]->id, ==, "b-jo1");
  g_assert_cmpint (bookings[1]->status, ==, CCAL_BOOKING_STATUS_COMPLETED);
  g_clear_object (&bookings[1]);

  after = ccal_cache_list_booking_keys (fixture->cache, &filter, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (after->len, ==, 5);
  g_assert_cmpint (g_array_index (after, gint64, 0), ==, g_array_index (keys, gint64, 1));

  /* Nothing asked, nothing read. */
  g_assert_true (ccal_cache_fetch_bookings (fixture->cache, NULL, 0, NULL, NULL, &error));
  g_assert_no_error (error);
}

static char *
names_of (GPtrArray *contacts)
{
  g_autoptr (GString) names = g_string_new (NULL);

  for (guint i = 0; i < contacts->len; i++)
    g_string_append_printf (names, "%s%s", i > 0 ? "|" : "", CCAL_CONTACT (g_ptr_array_index (contacts, i))->name);
  return g_strdup (names->str);
}

static void
test_contact_suggestions (Fixture      *fixture,
                          gconstpointer data)
{
  struct
  {
    const char *text;
    guint       limit;
    const char *names;
  } cases[] = {
    { "a", 10, "Ann Smith" },                       /* prefix of a name or an e-mail */
    { "b", 10, "Bob Annand" },
    { "ann", 10, "Ann Smith|Bob Annand" },          /* prefixes first, then substrings */
    { "ann", 1, "Ann Smith" },
    { "smi", 10, "Sam Smithy|Ann Smith" },          /* the e-mail prefix "smithy@" first */
    { "firma", 10, "Jörg Schmidt" },
    { "010 99", 10, "Ann Smith" },
    { "zz", 10, "" },
  };

  add_search_data (fixture->cache);
  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL,
            booking_json ("b-sm", T0, T0 + HOUR, "confirmed", "Sam Smithy", "smithy@example.com", NULL, 1), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = NULL;
      g_autoptr (GPtrArray) found = ccal_cache_suggest_contacts (fixture->cache, cases[i].text, cases[i].limit,
                                                                 &error);
      g_autofree char *names = NULL;

      g_assert_no_error (error);
      names = names_of (found);
      g_test_message ("suggest “%s”", cases[i].text);
      g_assert_cmpstr (names, ==, cases[i].names);
    }

  /* A contact's latest details win, and it is suggested once. */
  {
    g_autoptr (GError) error = NULL;
    g_autoptr (GPtrArray) found = NULL;

    put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL,
              booking_json ("b-bob2", T0, T0 + HOUR, "confirmed", "Robert Annand", "BOB@example.com", "777", 1), NULL);
    found = ccal_cache_suggest_contacts (fixture->cache, "bob@", 10, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (found->len, ==, 1);
    g_assert_cmpstr (CCAL_CONTACT (g_ptr_array_index (found, 0))->name, ==, "Robert Annand");
    g_assert_cmpstr (CCAL_CONTACT (g_ptr_array_index (found, 0))->phone, ==, "777");
  }
}

/* Every field of both models, none at its default. */
static JsonObject *
full_booking_json (void)
{
  g_autoptr (CcalBooking) booking = ccal_booking_new ();

  booking->id = g_strdup ("b-full");
  booking->workspace_id = g_strdup ("ws");
  booking->admin_id = g_strdup ("admin");
  booking->contact = ccal_contact_new ();
  booking->contact->id = g_strdup ("contact");
  booking->contact->workspace_id = g_strdup ("ws");
  booking->contact->name = g_strdup ("Ada “Quoted” Lovelace");
  booking->contact->email = g_strdup ("ada@example.org");
  booking->contact->phone = g_strdup ("+44 20 7946 0000");
  booking->contact->timezone = g_strdup ("Europe/London");
  booking->title = g_strdup ("Demo\nsecond line");
  booking->description = g_strdup ("");
  booking->start_time = T0 + 9 * HOUR + 1;
  booking->end_time = T0 + 10 * HOUR;
  booking->duration_minutes = 59;
  booking->location = g_strdup ("Room 1");
  booking->meeting_link = g_strdup ("https://meet.example.org/x");
  booking->product_interest = g_strdup ("Analytics");
  booking->status = CCAL_BOOKING_STATUS_NO_SHOW;
  booking->source = CCAL_BOOKING_SOURCE_STAFF;
  booking->result_outcome = g_strdup ("lost");
  booking->result_notes = g_strdup ("Did not come");
  booking->opportunity_id = g_strdup ("opp");
  booking->created_by = g_strdup ("user-1");
  booking->updated_by = g_strdup ("user-2");
  booking->created_at = T0 - DAY;
  booking->updated_at = T0 - HOUR;
  booking->version = 42;
  return ccal_booking_to_json (booking);
}

static JsonObject *
full_event_json (void)
{
  g_autoptr (CcalEvent) event = ccal_event_new ();
  gint64 exdate = T0 + 7 * DAY;

  event->id = g_strdup ("e-full");
  event->workspace_id = g_strdup ("ws");
  event->admin_id = g_strdup ("admin");
  event->title = g_strdup ("Blocked");
  event->type = CCAL_EVENT_TYPE_BLOCKED;
  event->start_time = T0;
  event->end_time = T0 + DAY;
  event->is_all_day = TRUE;
  event->timezone = g_strdup ("Europe/Berlin");
  event->rrule = g_strdup ("FREQ=DAILY;COUNT=10");
  g_array_append_val (event->exdates, exdate);
  event->description = g_strdup ("Ünïcödé");
  event->location = g_strdup ("Berlin");
  event->status = CCAL_EVENT_STATUS_CONFIRMED;
  event->contact_id = g_strdup ("contact");
  json_object_set_string_member (event->metadata, "colour", "red");
  json_object_set_int_member (event->metadata, "n", 3);
  event->created_by = g_strdup ("user-1");
  event->created_at = T0 - DAY;
  event->updated_at = T0 - HOUR;
  event->version = 9;
  return ccal_event_to_json (event);
}

static void
test_views_match_json (Fixture      *fixture,
                       gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) booking_in = full_booking_json ();
  g_autoptr (JsonObject) event_in = full_event_json ();
  g_autofree char *booking_text = object_text (booking_in);
  g_autofree char *event_text = object_text (event_in);
  g_autoptr (GPtrArray) bookings = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) found = NULL;
  g_autoptr (CcalBooking) booking = NULL;
  g_autoptr (CcalEvent) event = NULL;

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL, json_object_ref (booking_in), NULL);
  put_page (fixture->cache, CCAL_CACHE_COLLECTION_EVENTS, NULL, json_object_ref (event_in), NULL);

  /* Each way a model comes out of the cache gives back exactly what went in. */
  bookings = ccal_cache_query_bookings (fixture->cache, T0, T0 + DAY, NULL, &error);
  g_assert_no_error (error);
  found = ccal_cache_search_bookings (fixture->cache, "lovelace", 10, &error);
  g_assert_no_error (error);
  booking = ccal_cache_get_booking (fixture->cache, "b-full", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bookings->len, ==, 1);
  g_assert_cmpuint (found->len, ==, 1);
  {
    CcalBooking *all[] = { g_ptr_array_index (bookings, 0), g_ptr_array_index (found, 0), booking };

    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      {
        g_autoptr (JsonObject) out = ccal_booking_to_json (all[i]);
        g_autofree char *text = object_text (out);

        g_assert_cmpstr (text, ==, booking_text);
        g_assert_cmpstr (all[i]->contact->workspace_id, ==, "ws");
      }
  }

  events = ccal_cache_query_events (fixture->cache, T0, T0 + DAY, NULL, &error);
  g_assert_no_error (error);
  event = ccal_cache_get_event (fixture->cache, "e-full", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 1);
  {
    CcalEvent *all[] = { g_ptr_array_index (events, 0), event };

    for (guint i = 0; i < G_N_ELEMENTS (all); i++)
      {
        g_autoptr (JsonObject) out = ccal_event_to_json (all[i]);
        g_autofree char *text = object_text (out);

        g_assert_cmpstr (text, ==, event_text);
      }
  }

  /* Queries read the views, not the JSON. */
  {
    g_autoptr (GPtrArray) again = NULL;
    g_autoptr (JsonObject) out = NULL;
    g_autofree char *text = NULL;
    sqlite3 *db = NULL;

    g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE bookings SET json = '{}'", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
    again = ccal_cache_query_bookings (fixture->cache, T0, T0 + DAY, NULL, &error);
    g_assert_no_error (error);
    out = ccal_booking_to_json (g_ptr_array_index (again, 0));
    text = object_text (out);
    g_assert_cmpstr (text, ==, booking_text);
  }
}

static void
test_damaged_view_falls_back (Fixture      *fixture,
                              gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) booking_in = full_booking_json ();
  g_autofree char *booking_text = object_text (booking_in);
  g_autoptr (GPtrArray) bookings = NULL;
  g_autoptr (JsonObject) out = NULL;
  g_autofree char *text = NULL;
  sqlite3 *db = NULL;

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL, json_object_ref (booking_in), NULL);

  /* Cut short, as a torn write would. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE bookings SET view = substr (view, 1, 40)", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  sqlite3_close (db);

  bookings = ccal_cache_query_bookings (fixture->cache, T0, T0 + DAY, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (bookings->len, ==, 1);
  out = ccal_booking_to_json (g_ptr_array_index (bookings, 0));
  text = object_text (out);
  g_assert_cmpstr (text, ==, booking_text);
}

static void
test_search_many_matches (Fixture      *fixture,
                          gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) page = json_array_new ();
  g_autoptr (GPtrArray) few = NULL;
  g_autoptr (GPtrArray) many = NULL;
  g_autoptr (GPtrArray) newest = NULL;
  g_autoptr (GPtrArray) suggested = NULL;

  /* 400 customers: "customer" matches them all (walked newest first), "customer 29" eleven (by index). */
  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%03u", i);
      g_autofree char *name = g_strdup_printf ("Customer %u", i);
      g_autofree char *email = g_strdup_printf ("c%u@example.com", i);

      json_array_add_object_element (page, booking_json (id, T0 + i * HOUR, T0 + i * HOUR + HOUR, "confirmed", name,
                                                         email, NULL, 1));
    }
  g_assert_true (ccal_cache_put_server_objects (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, page, NULL, &error));

  few = ccal_cache_search_bookings (fixture->cache, "customer 29", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (few->len, ==, 11);   /* 29 and 290–299 */
  g_assert_cmpstr (CCAL_BOOKING (g_ptr_array_index (few, 0))->id, ==, "b299");
  g_assert_cmpstr (CCAL_BOOKING (g_ptr_array_index (few, 10))->id, ==, "b029");

  many = ccal_cache_search_bookings (fixture->cache, "CUSTOMER", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (many->len, ==, 400);
  newest = ccal_cache_search_bookings (fixture->cache, "customer", 3, &error);
  g_assert_cmpuint (newest->len, ==, 3);
  g_assert_cmpstr (CCAL_BOOKING (g_ptr_array_index (newest, 0))->id, ==, "b399");
  g_assert_cmpstr (CCAL_BOOKING (g_ptr_array_index (newest, 2))->id, ==, "b397");

  suggested = ccal_cache_suggest_contacts (fixture->cache, "customer 1", 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (suggested->len, ==, 5);
  g_assert_cmpstr (CCAL_CONTACT (g_ptr_array_index (suggested, 0))->name, ==, "Customer 1");
  g_assert_cmpstr (CCAL_CONTACT (g_ptr_array_index (suggested, 1))->name, ==, "Customer 10");
}

/* ── pulling ──────────────────────────────────────────────────────────────────────────────── */

static void
test_pull_tombstones (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalBooking) b2 = NULL;
  g_autofree char *token = NULL;

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "t1", simple_booking ("b1", T0, 1),
            simple_booking ("b2", T0 + HOUR, 1), simple_booking ("b3", T0 + 2 * HOUR, 1), NULL);
  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "t2", tombstone ("b1", 2), tombstone ("unknown", 5),
            simple_booking ("b2", T0 + 5 * HOUR, 2), NULL);

  g_assert_false (has_row (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1"));
  b2 = ccal_cache_get_booking (fixture->cache, "b2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (b2->start_time, ==, T0 + 5 * HOUR);
  g_assert_cmpint (b2->version, ==, 2);
  token = ccal_cache_get_sync_token (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, &error);
  g_assert_cmpstr (token, ==, "t2");

  /* An older copy arriving late (a page after an outbox answer) does not win. */
  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL, simple_booking ("b2", T0, 1), NULL);
  g_clear_object (&b2);
  b2 = ccal_cache_get_booking (fixture->cache, "b2", &error);
  g_assert_cmpint (b2->version, ==, 2);
  g_assert_cmpint (b2->start_time, ==, T0 + 5 * HOUR);
}

static void
test_pull_keeps_local_changes (Fixture      *fixture,
                               gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalBooking) b1 = NULL;
  g_autoptr (JsonObject) edit = simple_booking ("b1", T0 + 3 * HOUR, 1);

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL, simple_booking ("b1", T0, 1),
            simple_booking ("b2", T0, 1), NULL);
  ccal_cache_outbox_entry_free (stage (fixture->cache, CCAL_CACHE_CHANGE_UPDATE, CCAL_CACHE_COLLECTION_BOOKINGS,
                          json_object_ref (edit)));
  ccal_cache_outbox_entry_free (stage (fixture->cache, CCAL_CACHE_CHANGE_DELETE, CCAL_CACHE_COLLECTION_BOOKINGS, id_only ("b2")));

  /* Someone else changed b1 and deleted b2 on the server meanwhile. */
  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "t", simple_booking ("b1", T0 + 7 * HOUR, 2),
            tombstone ("b2", 2), NULL);

  b1 = ccal_cache_get_booking (fixture->cache, "b1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (b1->start_time, ==, T0 + 3 * HOUR);
  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1"), ==,
                   CCAL_CACHE_STATE_LOCALLY_MODIFIED);
  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b2"), ==,
                   CCAL_CACHE_STATE_LOCALLY_DELETED);

  /* A full resync keeps them too. */
  g_assert_true (ccal_cache_clear_collection (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, &error));
  g_assert_no_error (error);
  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1"), ==,
                   CCAL_CACHE_STATE_LOCALLY_MODIFIED);
  g_assert_true (has_row (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b2"));
  g_assert_null (ccal_cache_get_sync_token (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, &error));
  g_assert_no_error (error);
}

static void
test_pull_clear_collection (Fixture      *fixture,
                            gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  guint count = 99;

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "tb", simple_booking ("b1", T0, 1), NULL);
  put_page (fixture->cache, CCAL_CACHE_COLLECTION_EVENTS, "te", event_json ("e1", T0, T0 + HOUR, NULL, 1), NULL);
  g_assert_true (ccal_cache_clear_collection (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, &error));
  g_assert_no_error (error);

  g_assert_true (ccal_cache_count (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, &count, &error));
  g_assert_cmpuint (count, ==, 0);
  g_assert_true (ccal_cache_count (fixture->cache, CCAL_CACHE_COLLECTION_EVENTS, &count, &error));
  g_assert_cmpuint (count, ==, 1);
  token = ccal_cache_get_sync_token (fixture->cache, CCAL_CACHE_COLLECTION_EVENTS, &error);
  g_assert_cmpstr (token, ==, "te");
}

static void
test_pull_invalid_page (Fixture      *fixture,
                        gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonArray) page = json_array_new ();
  g_autoptr (JsonObject) broken = simple_booking ("b2", T0, 1);
  g_autofree char *token = NULL;

  json_object_set_string_member (broken, "start_time", "yesterday");
  json_array_add_object_element (page, simple_booking ("b1", T0, 1));
  json_array_add_object_element (page, json_object_ref (broken));

  g_assert_false (ccal_cache_put_server_objects (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, page, "t", &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "start_time");

  /* Nothing of the page was applied. */
  g_assert_false (has_row (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1"));
  g_clear_error (&error);
  token = ccal_cache_get_sync_token (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, &error);
  g_assert_no_error (error);
  g_assert_null (token);
}

/* ── staging changes ──────────────────────────────────────────────────────────────────────── */

static void
assert_uuid (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (g_uuid_string_is_valid (text));
}

static void
test_stage_create (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalCacheOutboxEntry) entry = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (CcalBooking) booking = NULL;
  g_autoptr (GPtrArray) in_range = NULL;
  g_autoptr (JsonObject) object = simple_booking (NULL, T0, 1);
  g_autofree char *id = NULL;
  CcalCacheOutboxEntry *stored;

  json_object_remove_member (json_object_get_object_member (object, "contact"), "id");
  entry = stage (fixture->cache, CCAL_CACHE_CHANGE_CREATE, CCAL_CACHE_COLLECTION_BOOKINGS, json_object_ref (object));
  assert_uuid (entry->object_id);
  assert_uuid (entry->idempotency_key);
  g_assert_cmpint (entry->base_version, ==, 0);
  g_assert_cmpint (entry->kind, ==, CCAL_CACHE_CHANGE_CREATE);
  g_assert_cmpuint (entry->attempts, ==, 0);
  id = g_strdup (entry->object_id);

  reopen (fixture);

  entries = outbox (fixture->cache);
  g_assert_cmpuint (entries->len, ==, 1);
  stored = g_ptr_array_index (entries, 0);
  g_assert_cmpint (stored->id, ==, entry->id);
  g_assert_cmpstr (stored->idempotency_key, ==, entry->idempotency_key);
  g_assert_cmpstr (stored->object_id, ==, id);
  g_assert_cmpstr (json_object_get_string_member (stored->object, "id"), ==, id);

  booking = ccal_cache_get_booking (fixture->cache, id, &error);
  g_assert_no_error (error);
  assert_uuid (booking->contact->id);
  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, id), ==,
                   CCAL_CACHE_STATE_LOCALLY_CREATED);
  in_range = ccal_cache_query_bookings (fixture->cache, T0, T0 + DAY, NULL, &error);
  g_assert_cmpuint (in_range->len, ==, 1);

  /* Typed offline, suggested next time. */
  {
    g_autoptr (GPtrArray) suggested = ccal_cache_suggest_contacts (fixture->cache, "ann", 5, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (suggested->len, ==, 1);
  }

  /* An invalid object is refused, naming the field, and nothing is written. */
  {
    g_autoptr (JsonObject) invalid = simple_booking ("x", T0, 1);
    g_autoptr (CcalCacheOutboxEntry) none = NULL;

    json_object_set_string_member (invalid, "end_time", "never");
    none = ccal_cache_stage_change (fixture->cache, CCAL_CACHE_CHANGE_CREATE, CCAL_CACHE_COLLECTION_BOOKINGS, invalid,
                                    NULL, &error);
    g_assert_null (none);
    g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
    g_assert_cmpstr (ccal_core_error_get_field (error), ==, "end_time");
    g_clear_error (&error);
    g_clear_pointer (&entries, g_ptr_array_unref);
    entries = outbox (fixture->cache);
    g_assert_cmpuint (entries->len, ==, 1);
  }
}

static void
test_stage_update (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalCacheOutboxEntry) entry = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (CcalEvent) event = NULL;
  g_autoptr (JsonObject) body = json_object_new ();
  g_autoptr (JsonObject) edit = event_json ("e1", T0 + 2 * HOUR, T0 + 3 * HOUR, NULL, 4);
  CcalCacheOutboxEntry *stored;

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_EVENTS, NULL, event_json ("e1", T0, T0 + HOUR, NULL, 4), NULL);
  json_object_set_string_member (body, "start_time", "2026-03-02T02:00:00Z");
  entry = ccal_cache_stage_change (fixture->cache, CCAL_CACHE_CHANGE_UPDATE, CCAL_CACHE_COLLECTION_EVENTS, edit, body,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->base_version, ==, 4);

  reopen (fixture);

  entries = outbox (fixture->cache);
  g_assert_cmpuint (entries->len, ==, 1);
  stored = g_ptr_array_index (entries, 0);
  g_assert_cmpint (stored->kind, ==, CCAL_CACHE_CHANGE_UPDATE);
  g_assert_cmpint (stored->base_version, ==, 4);
  g_assert_cmpstr (stored->object_id, ==, "e1");
  g_assert_nonnull (stored->body);
  g_assert_cmpstr (json_object_get_string_member (stored->body, "start_time"), ==, "2026-03-02T02:00:00Z");
  assert_uuid (stored->idempotency_key);

  event = ccal_cache_get_event (fixture->cache, "e1", &error);
  g_assert_cmpint (event->start_time, ==, T0 + 2 * HOUR);
  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_EVENTS, "e1"), ==,
                   CCAL_CACHE_STATE_LOCALLY_MODIFIED);

  /* Unknown objects cannot be updated. */
  {
    g_autoptr (JsonObject) unknown = event_json ("nope", T0, T0 + HOUR, NULL, 1);
    g_autoptr (CcalCacheOutboxEntry) none = ccal_cache_stage_change (fixture->cache, CCAL_CACHE_CHANGE_UPDATE,
                                                                     CCAL_CACHE_COLLECTION_EVENTS, unknown, NULL,
                                                                     &error);

    g_assert_null (none);
    g_assert_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND);
  }
}

static void
test_stage_delete (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalCacheOutboxEntry) entry = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autoptr (GPtrArray) in_range = NULL;
  g_autoptr (CcalBooking) still = NULL;

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL, simple_booking ("b1", T0, 7), NULL);
  entry = stage (fixture->cache, CCAL_CACHE_CHANGE_DELETE, CCAL_CACHE_COLLECTION_BOOKINGS, id_only ("b1"));
  g_assert_cmpint (entry->base_version, ==, 7);

  reopen (fixture);

  entries = outbox (fixture->cache);
  g_assert_cmpuint (entries->len, ==, 1);
  g_assert_cmpint (((CcalCacheOutboxEntry *) g_ptr_array_index (entries, 0))->kind, ==, CCAL_CACHE_CHANGE_DELETE);
  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1"), ==,
                   CCAL_CACHE_STATE_LOCALLY_DELETED);
  in_range = ccal_cache_query_bookings (fixture->cache, T0, T0 + DAY, NULL, &error);
  g_assert_cmpuint (in_range->len, ==, 0);
  still = ccal_cache_get_booking (fixture->cache, "b1", &error);
  g_assert_no_error (error);

  /* Twice is an error, not a second entry. */
  {
    g_autoptr (JsonObject) again = id_only ("b1");
    g_autoptr (CcalCacheOutboxEntry) none = ccal_cache_stage_change (fixture->cache, CCAL_CACHE_CHANGE_DELETE,
                                                                     CCAL_CACHE_COLLECTION_BOOKINGS, again, NULL,
                                                                     &error);

    g_assert_null (none);
    g_assert_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_INVALID);
  }
}

static void
test_create_then_delete (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr (CcalCacheOutboxEntry) created = NULL;
  g_autoptr (CcalCacheOutboxEntry) deleted = NULL;
  g_autoptr (CcalCacheOutboxEntry) sent = NULL;
  g_autoptr (CcalCacheOutboxEntry) peeked = NULL;
  g_autoptr (GPtrArray) entries = NULL;

  /* Never handed out: both go. */
  created = stage (fixture->cache, CCAL_CACHE_CHANGE_CREATE, CCAL_CACHE_COLLECTION_BOOKINGS, simple_booking ("n1", T0, 1));
  ccal_cache_outbox_entry_free (stage (fixture->cache, CCAL_CACHE_CHANGE_UPDATE, CCAL_CACHE_COLLECTION_BOOKINGS,
                          simple_booking ("n1", T0 + HOUR, 1)));
  deleted = stage (fixture->cache, CCAL_CACHE_CHANGE_DELETE, CCAL_CACHE_COLLECTION_BOOKINGS, id_only ("n1"));
  g_assert_cmpint (deleted->id, ==, 0);
  g_assert_false (has_row (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "n1"));
  entries = outbox (fixture->cache);
  g_assert_cmpuint (entries->len, ==, 0);
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Handed out (the POST may have reached the server): the delete is queued after it. */
  sent = stage (fixture->cache, CCAL_CACHE_CHANGE_CREATE, CCAL_CACHE_COLLECTION_BOOKINGS, simple_booking ("n2", T0, 1));
  peeked = peek_one (fixture->cache);
  g_assert_cmpint (peeked->id, ==, sent->id);
  g_assert_cmpuint (peeked->attempts, ==, 1);
  g_clear_pointer (&deleted, ccal_cache_outbox_entry_free);
  deleted = stage (fixture->cache, CCAL_CACHE_CHANGE_DELETE, CCAL_CACHE_COLLECTION_BOOKINGS, id_only ("n2"));
  g_assert_cmpint (deleted->id, >, sent->id);
  entries = outbox (fixture->cache);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "n2"), ==,
                   CCAL_CACHE_STATE_LOCALLY_DELETED);
}

/* ── the outbox ───────────────────────────────────────────────────────────────────────────── */

static void
test_outbox_order (Fixture      *fixture,
                   gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) all = NULL;
  g_autoptr (GPtrArray) sendable = NULL;
  g_autoptr (CcalCacheOutboxEntry) a1 = NULL;
  g_autoptr (CcalCacheOutboxEntry) b1 = NULL;
  g_autoptr (CcalCacheOutboxEntry) a2 = NULL;
  g_autoptr (CcalCacheOutboxEntry) c1 = NULL;
  guint count = 0;

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL, simple_booking ("a", T0, 1),
            simple_booking ("b", T0, 1), NULL);
  a1 = stage (fixture->cache, CCAL_CACHE_CHANGE_UPDATE, CCAL_CACHE_COLLECTION_BOOKINGS,
              booking_json ("a", T0, T0 + HOUR, "cancelled", "Ann", "ann@x.org", NULL, 1));
  b1 = stage (fixture->cache, CCAL_CACHE_CHANGE_UPDATE, CCAL_CACHE_COLLECTION_BOOKINGS, simple_booking ("b", T0 + DAY, 1));
  a2 = stage (fixture->cache, CCAL_CACHE_CHANGE_UPDATE, CCAL_CACHE_COLLECTION_BOOKINGS, simple_booking ("a", T0 + HOUR, 1));
  c1 = stage (fixture->cache, CCAL_CACHE_CHANGE_CREATE, CCAL_CACHE_COLLECTION_EVENTS,
              event_json ("c", T0, T0 + HOUR, NULL, 1));

  g_assert_cmpint (a1->id, <, b1->id);
  g_assert_cmpint (b1->id, <, a2->id);
  g_assert_cmpint (a2->id, <, c1->id);
  g_assert_cmpstr (a1->idempotency_key, !=, a2->idempotency_key);

  reopen (fixture);

  all = outbox (fixture->cache);
  g_assert_cmpuint (all->len, ==, 4);
  for (guint i = 0; i < all->len; i++)
    {
      const CcalCacheOutboxEntry *expected[] = { a1, b1, a2, c1 };

      g_assert_cmpint (((CcalCacheOutboxEntry *) g_ptr_array_index (all, i))->id, ==, expected[i]->id);
    }
  g_assert_true (ccal_cache_outbox_count (fixture->cache, &count, &error));
  g_assert_cmpuint (count, ==, 4);

  /* Only the first change of each object can be sent; "a"'s second waits for its first. */
  sendable = ccal_cache_outbox_peek (fixture->cache, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sendable->len, ==, 3);
  g_assert_cmpint (((CcalCacheOutboxEntry *) g_ptr_array_index (sendable, 0))->id, ==, a1->id);
  g_assert_cmpint (((CcalCacheOutboxEntry *) g_ptr_array_index (sendable, 1))->id, ==, b1->id);
  g_assert_cmpint (((CcalCacheOutboxEntry *) g_ptr_array_index (sendable, 2))->id, ==, c1->id);
  g_assert_cmpint (json_object_get_int_member (((CcalCacheOutboxEntry *) g_ptr_array_index (sendable, 0))->object,
                                               "version"), ==, 1);
}

static void
test_outbox_complete (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalCacheOutboxEntry) create = NULL;
  g_autoptr (CcalCacheOutboxEntry) update = NULL;
  g_autoptr (CcalCacheOutboxEntry) next = NULL;
  g_autoptr (JsonObject) answer = NULL;
  g_autoptr (JsonObject) answer2 = NULL;
  g_autoptr (CcalBooking) booking = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  const char *server_id = "11111111-2222-4333-8444-555555555555";

  create = stage (fixture->cache, CCAL_CACHE_CHANGE_CREATE, CCAL_CACHE_COLLECTION_BOOKINGS,
                  simple_booking (NULL, T0, 1));
  update = stage (fixture->cache, CCAL_CACHE_CHANGE_UPDATE, CCAL_CACHE_COLLECTION_BOOKINGS,
                  booking_json (create->object_id, T0 + HOUR, T0 + 2 * HOUR, "confirmed", "Ann Example",
                                "ann@example.com", NULL, 1));
  g_assert_cmpint (update->base_version, ==, 0);

  /* The server created it under its own id, version 1. */
  answer = simple_booking (server_id, T0, 1);
  g_clear_pointer (&next, ccal_cache_outbox_entry_free);
  next = peek_one (fixture->cache);
  g_assert_cmpint (next->id, ==, create->id);
  g_assert_true (ccal_cache_outbox_complete (fixture->cache, create->id, answer, &error));
  g_assert_no_error (error);

  g_assert_false (has_row (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, create->object_id));
  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, server_id), ==,
                   CCAL_CACHE_STATE_LOCALLY_MODIFIED);
  booking = ccal_cache_get_booking (fixture->cache, server_id, &error);
  g_assert_cmpstr (booking->id, ==, server_id);
  g_assert_cmpint (booking->start_time, ==, T0 + HOUR);   /* the later edit is still what shows */
  g_clear_object (&booking);

  /* The edit now targets the real id, with the created version as If-Match. */
  g_clear_pointer (&next, ccal_cache_outbox_entry_free);
  next = peek_one (fixture->cache);
  g_assert_cmpint (next->id, ==, update->id);
  g_assert_cmpstr (next->object_id, ==, server_id);
  g_assert_cmpstr (json_object_get_string_member (next->object, "id"), ==, server_id);
  g_assert_cmpint (next->base_version, ==, 1);
  g_assert_cmpstr (next->idempotency_key, ==, update->idempotency_key);

  answer2 = simple_booking (server_id, T0 + HOUR, 2);
  json_object_set_string_member (answer2, "updated_by", "server");
  g_assert_true (ccal_cache_outbox_complete (fixture->cache, update->id, answer2, &error));
  g_assert_no_error (error);

  reopen (fixture);
  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, server_id), ==, CCAL_CACHE_STATE_SYNCED);
  booking = ccal_cache_get_booking (fixture->cache, server_id, &error);
  g_assert_cmpint (booking->version, ==, 2);
  g_assert_cmpstr (booking->updated_by, ==, "server");
  entries = outbox (fixture->cache);
  g_assert_cmpuint (entries->len, ==, 0);

  /* A delete's 204 removes the row. */
  g_clear_pointer (&next, ccal_cache_outbox_entry_free);
  next = stage (fixture->cache, CCAL_CACHE_CHANGE_DELETE, CCAL_CACHE_COLLECTION_BOOKINGS, id_only (server_id));
  g_assert_cmpint (next->base_version, ==, 2);
  g_assert_true (ccal_cache_outbox_complete (fixture->cache, next->id, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (has_row (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, server_id));

  /* Completing twice (an answer handled after a restart) is NOT_FOUND, nothing else. */
  g_assert_false (ccal_cache_outbox_complete (fixture->cache, next->id, NULL, &error));
  g_assert_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND);
}

static void
test_outbox_fail (Fixture      *fixture,
                  gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalCacheOutboxEntry) create = NULL;
  g_autoptr (CcalCacheOutboxEntry) confirm = NULL;
  g_autoptr (CcalCacheOutboxEntry) other = NULL;
  g_autoptr (CcalCacheOutboxEntry) next = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *reason = NULL;
  CcalCacheState state;

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_EVENTS, NULL, event_json ("e1", T0, T0 + HOUR, NULL, 1), NULL);
  create = stage (fixture->cache, CCAL_CACHE_CHANGE_CREATE, CCAL_CACHE_COLLECTION_BOOKINGS,
                  simple_booking ("b1", T0, 1));
  confirm = stage (fixture->cache, CCAL_CACHE_CHANGE_UPDATE, CCAL_CACHE_COLLECTION_BOOKINGS,
                   simple_booking ("b1", T0, 1));
  other = stage (fixture->cache, CCAL_CACHE_CHANGE_UPDATE, CCAL_CACHE_COLLECTION_EVENTS,
                 event_json ("e1", T0, T0 + 2 * HOUR, NULL, 1));

  next = peek_one (fixture->cache);
  g_assert_cmpint (next->id, ==, create->id);
  g_assert_true (ccal_cache_outbox_fail (fixture->cache, create->id, "That time was just taken.", &error));
  g_assert_no_error (error);

  reopen (fixture);

  g_assert_true (ccal_cache_get_state (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1", &state, &reason, &error));
  g_assert_cmpint (state, ==, CCAL_CACHE_STATE_LOCALLY_CREATED);
  g_assert_cmpstr (reason, ==, "That time was just taken.");
  entries = outbox (fixture->cache);
  g_assert_cmpuint (entries->len, ==, 3);
  g_assert_true (((CcalCacheOutboxEntry *) g_ptr_array_index (entries, 0))->failed);
  g_assert_cmpstr (((CcalCacheOutboxEntry *) g_ptr_array_index (entries, 0))->failure_reason, ==,
                   "That time was just taken.");

  /* The failed entry and the later change of its object wait; other objects go on. */
  g_clear_pointer (&next, ccal_cache_outbox_entry_free);
  next = peek_one (fixture->cache);
  g_assert_cmpint (next->id, ==, other->id);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = ccal_cache_outbox_peek (fixture->cache, 10, &error);
  g_assert_cmpuint (entries->len, ==, 1);

  /* Retried: sent again, in its place. */
  g_assert_true (ccal_cache_outbox_retry (fixture->cache, create->id, &error));
  g_clear_pointer (&reason, g_free);
  g_assert_true (ccal_cache_get_state (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1", NULL, &reason, &error));
  g_assert_null (reason);
  g_clear_pointer (&next, ccal_cache_outbox_entry_free);
  next = peek_one (fixture->cache);
  g_assert_cmpint (next->id, ==, create->id);
  g_assert_cmpuint (next->attempts, ==, 2);

  /* Given up: discarding a never-created booking removes it and its entries. */
  g_assert_true (ccal_cache_outbox_fail (fixture->cache, create->id, "Still taken.", &error));
  g_assert_true (ccal_cache_discard_changes (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1", &error));
  g_assert_no_error (error);
  g_assert_false (has_row (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1"));
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = outbox (fixture->cache);
  g_assert_cmpuint (entries->len, ==, 1);

  /* Discarding an edit puts the server's copy back. */
  g_assert_true (ccal_cache_discard_changes (fixture->cache, CCAL_CACHE_COLLECTION_EVENTS, "e1", &error));
  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_EVENTS, "e1"), ==, CCAL_CACHE_STATE_SYNCED);
  {
    g_autoptr (CcalEvent) event = ccal_cache_get_event (fixture->cache, "e1", &error);

    g_assert_cmpint (event->end_time, ==, T0 + HOUR);
  }

  g_assert_false (ccal_cache_outbox_fail (fixture->cache, 999, "x", &error));
  g_assert_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_NOT_FOUND);
}

/* ── conflicts ────────────────────────────────────────────────────────────────────────────── */

/* b1 at version 3 edited here (to 14:00) and there (to 16:00, version 4): the push gets 412. */
static CcalCacheOutboxEntry *
make_conflict (Fixture *fixture)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (JsonObject) theirs = simple_booking ("b1", T0 + 16 * HOUR, 4);
  g_autoptr (JsonObject) mine = NULL;
  g_autoptr (JsonObject) server = NULL;
  g_autoptr (CcalCacheOutboxEntry) peeked = NULL;
  CcalCacheOutboxEntry *entry;

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL, simple_booking ("b1", T0 + 9 * HOUR, 3), NULL);
  entry = stage (fixture->cache, CCAL_CACHE_CHANGE_UPDATE, CCAL_CACHE_COLLECTION_BOOKINGS,
                 simple_booking ("b1", T0 + 14 * HOUR, 3));
  peeked = peek_one (fixture->cache);
  g_assert_cmpint (peeked->id, ==, entry->id);
  g_assert_true (ccal_cache_mark_conflict (fixture->cache, entry->id, theirs, &error));
  g_assert_no_error (error);

  reopen (fixture);

  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1"), ==, CCAL_CACHE_STATE_CONFLICT);
  g_assert_true (ccal_cache_get_conflict (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1", &mine, &server, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (mine, "start_time"), ==, "2026-03-02T14:00:00Z");
  g_assert_cmpstr (json_object_get_string_member (server, "start_time"), ==, "2026-03-02T16:00:00Z");

  /* Nothing of the object is sent while it waits for a person. */
  g_assert_null (peek_one (fixture->cache));
  return entry;
}

static void
test_conflict_keep_mine (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalCacheOutboxEntry) entry = make_conflict (fixture);
  g_autoptr (CcalCacheOutboxEntry) again = NULL;
  g_autoptr (CcalBooking) booking = NULL;

  g_assert_true (ccal_cache_resolve_conflict (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1",
                                              CCAL_CACHE_RESOLVE_KEEP_MINE, &error));
  g_assert_no_error (error);

  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1"), ==,
                   CCAL_CACHE_STATE_LOCALLY_MODIFIED);
  booking = ccal_cache_get_booking (fixture->cache, "b1", &error);
  g_assert_cmpint (booking->start_time, ==, T0 + 14 * HOUR);
  again = peek_one (fixture->cache);
  g_assert_nonnull (again);
  g_assert_cmpint (again->id, ==, entry->id);
  g_assert_cmpint (again->base_version, ==, 4);   /* If-Match: the server's current version */

  g_assert_false (ccal_cache_resolve_conflict (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1",
                                               CCAL_CACHE_RESOLVE_KEEP_MINE, &error));
  g_assert_error (error, CCAL_CACHE_ERROR, CCAL_CACHE_ERROR_INVALID);
}

static void
test_conflict_take_theirs (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalCacheOutboxEntry) entry = make_conflict (fixture);
  g_autoptr (CcalBooking) booking = NULL;
  g_autoptr (GPtrArray) entries = NULL;

  g_assert_true (ccal_cache_resolve_conflict (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1",
                                              CCAL_CACHE_RESOLVE_TAKE_THEIRS, &error));
  g_assert_no_error (error);

  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1"), ==, CCAL_CACHE_STATE_SYNCED);
  booking = ccal_cache_get_booking (fixture->cache, "b1", &error);
  g_assert_cmpint (booking->start_time, ==, T0 + 16 * HOUR);
  g_assert_cmpint (booking->version, ==, 4);
  entries = outbox (fixture->cache);
  g_assert_cmpuint (entries->len, ==, 0);

  /* Synced again: the next page applies as usual. */
  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL, simple_booking ("b1", T0 + 17 * HOUR, 5), NULL);
  g_clear_object (&booking);
  booking = ccal_cache_get_booking (fixture->cache, "b1", &error);
  g_assert_cmpint (booking->version, ==, 5);
}

static void
test_conflict_deleted_on_server (Fixture      *fixture,
                                 gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalCacheOutboxEntry) entry = NULL;
  g_autoptr (CcalCacheOutboxEntry) create = NULL;
  g_autoptr (JsonObject) gone = tombstone ("b1", 4);
  g_autoptr (CcalBooking) booking = NULL;

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL, simple_booking ("b1", T0, 3), NULL);
  entry = stage (fixture->cache, CCAL_CACHE_CHANGE_UPDATE, CCAL_CACHE_COLLECTION_BOOKINGS,
                 simple_booking ("b1", T0 + HOUR, 3));
  g_assert_true (ccal_cache_mark_conflict (fixture->cache, entry->id, gone, &error));
  g_assert_true (ccal_cache_resolve_conflict (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1",
                                              CCAL_CACHE_RESOLVE_KEEP_MINE, &error));
  g_assert_no_error (error);

  /* Mine comes back as a new booking. */
  g_assert_cmpint (state_of (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1"), ==,
                   CCAL_CACHE_STATE_LOCALLY_CREATED);
  create = peek_one (fixture->cache);
  g_assert_cmpint (create->kind, ==, CCAL_CACHE_CHANGE_CREATE);
  g_assert_cmpint (create->base_version, ==, 0);
  booking = ccal_cache_get_booking (fixture->cache, "b1", &error);
  g_assert_cmpint (booking->start_time, ==, T0 + HOUR);

  /* Taking theirs of a deletion removes it. */
  g_assert_true (ccal_cache_mark_conflict (fixture->cache, create->id, gone, &error));
  g_assert_true (ccal_cache_resolve_conflict (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1",
                                              CCAL_CACHE_RESOLVE_TAKE_THEIRS, &error));
  g_assert_no_error (error);
  g_assert_false (has_row (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1"));
}

/* ── damaged files ────────────────────────────────────────────────────────────────────────── */

static guint
count_moved_aside (const char *dir,
                   const char *name)
{
  g_autoptr (GDir) listing = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strconcat (name, ".corrupt-", NULL);
  const char *entry;
  guint n = 0;

  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (entry, prefix) && !g_str_has_suffix (entry, "-wal") && !g_str_has_suffix (entry, "-shm"))
      n++;
  return n;
}

static void
assert_reset_and_usable (Fixture    *fixture,
                         const char *original_contents,
                         gsize       original_length)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autoptr (GDir) listing = NULL;
  const char *entry;
  gboolean was_reset = FALSE;
  guint count = 99;

  g_test_expect_message ("ccal-client", G_LOG_LEVEL_WARNING, "*offline cache*moved to*");
  fixture->cache = ccal_cache_open (fixture->path, &error);
  g_test_assert_expected_messages ();
  g_assert_no_error (error);
  g_assert_nonnull (fixture->cache);
  g_assert_true (ccal_cache_get_was_reset (fixture->cache));
  g_object_get (fixture->cache, "was-reset", &was_reset, NULL);
  g_assert_true (was_reset);

  /* Fresh and working. */
  g_assert_true (ccal_cache_count (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, &count, &error));
  g_assert_cmpuint (count, ==, 0);
  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL, simple_booking ("b1", T0, 1), NULL);

  /* The old file is kept aside, untouched. */
  g_assert_cmpuint (count_moved_aside (folder, "account.db"), ==, 1);
  listing = g_dir_open (folder, 0, NULL);
  while ((entry = g_dir_read_name (listing)) != NULL)
    if (g_str_has_prefix (entry, "account.db.corrupt-") && !g_str_has_suffix (entry, "-wal") &&
        !g_str_has_suffix (entry, "-shm") && original_contents != NULL)
      {
        g_autofree char *aside = g_build_filename (folder, entry, NULL);
        g_autofree char *contents = NULL;
        gsize length = 0;

        g_assert_true (g_file_get_contents (aside, &contents, &length, NULL));
        g_assert_cmpmem (contents, length, original_contents, original_length);
      }

  /* And the next start is normal. */
  reopen (fixture);
}

static void
test_corrupt_random_bytes (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *junk = g_malloc (16384);
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);

  for (gsize i = 0; i < 16384; i++)
    junk[i] = (char) g_rand_int_range (rand, 0, 256);

  g_clear_object (&fixture->cache);
  g_assert_true (g_file_set_contents (fixture->path, junk, 16384, &error));
  assert_reset_and_usable (fixture, junk, 16384);
}

static void
test_corrupt_foreign_sqlite (Fixture      *fixture,
                             gconstpointer data)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  sqlite3 *db = NULL;

  g_clear_object (&fixture->cache);
  g_unlink (fixture->path);
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT);"
                                     "INSERT INTO photos (path) VALUES ('/home/me/cat.jpg');",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_true (g_file_get_contents (fixture->path, &contents, &length, NULL));

  assert_reset_and_usable (fixture, contents, length);
}

static void
test_corrupt_move_aside (Fixture      *fixture,
                         gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);

  put_page (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, NULL, simple_booking ("b1", T0, 1), NULL);
  g_clear_object (&fixture->cache);
  g_assert_true (ccal_cache_move_aside (fixture->path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_moved_aside (folder, "account.db"), ==, 1);

  /* An empty start, not a reset. */
  reopen (fixture);
  g_assert_false (has_row (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, "b1"));
}

/* ── two connections ──────────────────────────────────────────────────────────────────────── */

typedef struct
{
  const char *path;
  guint       pages;
} WorkerData;

static gpointer
write_pages_in_thread (gpointer user_data)
{
  WorkerData *data = user_data;
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalCache) cache = ccal_cache_open (data->path, &error);

  g_assert_no_error (error);
  for (guint p = 0; p < data->pages; p++)
    {
      g_autoptr (JsonArray) page = json_array_new ();
      g_autofree char *token = g_strdup_printf ("page-%u", p);

      for (guint i = 0; i < 100; i++)
        {
          g_autofree char *id = g_strdup_printf ("w-%u-%u", p, i);

          json_array_add_object_element (page, simple_booking (id, T0 + (p * 100 + i) * HOUR, 1));
        }
      g_assert_true (ccal_cache_put_server_objects (cache, CCAL_CACHE_COLLECTION_BOOKINGS, page, token, &error));
      g_assert_no_error (error);
    }
  return NULL;
}

static void
test_two_connections (Fixture      *fixture,
                      gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  WorkerData worker = { fixture->path, 20 };
  g_autofree char *token = NULL;
  GThread *thread;
  guint count = 0;
  guint staged = 0;

  thread = g_thread_new ("sync-worker", write_pages_in_thread, &worker);

  /* Meanwhile the main connection reads and stages changes. */
  while (staged < 20)
    {
      g_autoptr (GPtrArray) some = ccal_cache_query_bookings (fixture->cache, T0, T0 + 5000 * HOUR, NULL, &error);
      g_autofree char *id = g_strdup_printf ("local-%u", staged);

      g_assert_no_error (error);
      ccal_cache_outbox_entry_free (stage (fixture->cache, CCAL_CACHE_CHANGE_CREATE, CCAL_CACHE_COLLECTION_BOOKINGS,
                              simple_booking (id, T0 - DAY, 1)));
      staged++;
    }
  g_thread_join (thread);

  g_assert_true (ccal_cache_count (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 20 * 100 + 20);
  token = ccal_cache_get_sync_token (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, &error);
  g_assert_cmpstr (token, ==, "page-19");
  g_assert_true (ccal_cache_outbox_count (fixture->cache, &count, &error));
  g_assert_cmpuint (count, ==, 20);
}

/* ── size ─────────────────────────────────────────────────────────────────────────────────── */

static void
test_large_open_and_month (Fixture      *fixture,
                           gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalCache) cache = NULL;
  g_autoptr (GPtrArray) month = NULL;
  gint64 begin, opened, queried;
  const guint n_rows = 100000;

  /* 100,000 bookings 20 minutes apart (about 3.8 years, 2,160 a month). */
  begin = g_get_monotonic_time ();
  for (guint page_start = 0; page_start < n_rows; page_start += 1000)
    {
      g_autoptr (JsonArray) page = json_array_new ();

      for (guint i = page_start; i < page_start + 1000; i++)
        {
          g_autofree char *id = g_strdup_printf ("00000000-0000-4000-8000-%012u", i);
          g_autofree char *name = g_strdup_printf ("Person %u", i % 5000);
          g_autofree char *email = g_strdup_printf ("person%u@example.com", i % 5000);
          gint64 start = T0 + (gint64) i * 20 * CCAL_USEC_PER_MINUTE;

          json_array_add_object_element (page, booking_json (id, start, start + 20 * CCAL_USEC_PER_MINUTE,
                                                             "confirmed", name, email, "+1 555 0100", 1));
        }
      g_assert_true (ccal_cache_put_server_objects (fixture->cache, CCAL_CACHE_COLLECTION_BOOKINGS, page, NULL,
                                                    &error));
      g_assert_no_error (error);
    }
  g_test_message ("inserted %u rows in %.0f ms", n_rows, (g_get_monotonic_time () - begin) / 1000.0);
  g_clear_object (&fixture->cache);

  begin = g_get_monotonic_time ();
  cache = ccal_cache_open (fixture->path, &error);
  g_assert_no_error (error);
  opened = g_get_monotonic_time ();
  month = ccal_cache_query_bookings (cache, T0 + 365 * DAY, T0 + 396 * DAY, NULL, &error);
  queried = g_get_monotonic_time ();
  g_assert_no_error (error);
  g_assert_cmpuint (month->len, ==, 31 * 72);

  g_test_message ("100,000 rows: open %.2f ms, one month (%u bookings) %.2f ms, together %.2f ms",
                  (opened - begin) / 1000.0, month->len, (queried - opened) / 1000.0, (queried - begin) / 1000.0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  g_test_add_func ("/cache/open/path-for-server", test_path_for_server);
  ADD ("/cache/open/reopen", test_open_reopen);
  ADD ("/cache/objects/round-trip", test_round_trip);
  ADD ("/cache/objects/views-match-json", test_views_match_json);
  ADD ("/cache/objects/damaged-view-falls-back", test_damaged_view_falls_back);
  ADD ("/cache/query/range-boundaries", test_range_boundaries);
  ADD ("/cache/query/by-status-and-counts", test_by_status_and_counts);
  ADD ("/cache/query/search", test_search);
  ADD ("/cache/query/contact-suggestions", test_contact_suggestions);
  ADD ("/cache/query/search-many-matches", test_search_many_matches);
  ADD ("/cache/booking-list/filters", test_booking_list_filters);
  ADD ("/cache/booking-list/order", test_booking_list_order);
  ADD ("/cache/booking-list/keys", test_booking_list_keys);
  ADD ("/cache/pull/tombstones", test_pull_tombstones);
  ADD ("/cache/pull/keeps-local-changes", test_pull_keeps_local_changes);
  ADD ("/cache/pull/clear-collection", test_pull_clear_collection);
  ADD ("/cache/pull/invalid-page", test_pull_invalid_page);
  ADD ("/cache/offline/create", test_stage_create);
  ADD ("/cache/offline/update", test_stage_update);
  ADD ("/cache/offline/delete", test_stage_delete);
  ADD ("/cache/offline/create-then-delete", test_create_then_delete);
  ADD ("/cache/outbox/order", test_outbox_order);
  ADD ("/cache/outbox/complete", test_outbox_complete);
  ADD ("/cache/outbox/fail", test_outbox_fail);
  ADD ("/cache/conflict/keep-mine", test_conflict_keep_mine);
  ADD ("/cache/conflict/take-theirs", test_conflict_take_theirs);
  ADD ("/cache/conflict/deleted-on-server", test_conflict_deleted_on_server);
  ADD ("/cache/corrupt/random-bytes", test_corrupt_random_bytes);
  ADD ("/cache/corrupt/foreign-sqlite", test_corrupt_foreign_sqlite);
  ADD ("/cache/corrupt/move-aside", test_corrupt_move_aside);
  ADD ("/cache/concurrency/two-connections", test_two_connections);
  ADD ("/cache/size/100k-open-and-month", test_large_open_and_month);
#undef ADD

  return g_test_run ();
}
