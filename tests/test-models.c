/* test-models.c — the event, booking, contact and settings records and their contract JSON
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include <string.h>

#include "ccal-core.h"

#define USEC(seconds) (G_GINT64_CONSTANT (seconds) * CCAL_USEC_PER_SECOND)

/* 2026-12-01T09:00:00Z and friends. */
#define T_DEC_01_0900 USEC (1796115600)
#define T_DEC_01_1030 USEC (1796121000)
#define T_DEC_08_0900 USEC (1796720400)
#define T_DEC_15_0900 USEC (1797325200)
#define T_NOV_20_0815 USEC (1795162500)
#define T_NOV_21_1200 USEC (1795262400)

#define EVENT_ID   "6f1c2a54-0d7e-4b8e-9a51-2f0c3d4e5a61"
#define ADMIN_ID   "a1b2c3d4-e5f6-4789-8abc-def012345678"
#define CONTACT_ID "c0ffee00-1234-4abc-8def-0123456789ab"
#define BOOKING_ID "b00c1a9e-7777-4e4e-9f9f-abcdefabcdef"
#define USER_ID    "5e200000-0000-4000-8000-000000000001"

/* ---- JSON helpers ---- */

static char *
generate (JsonObject *object)
{
  g_autoptr (JsonNode) root = json_node_init_object (json_node_alloc (), object);
  g_autoptr (JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr (JsonParser) parser = json_parser_new ();
  g_autoptr (GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_object_ref (json_node_get_object (root));
}

/* The wire trip: an object as text and back, as between server and client. */
static JsonObject *
through_text (JsonObject *object)
{
  g_autofree char *text = generate (object);

  return parse_object (text);
}

/* @base with @member replaced by the JSON value @literal (or removed when @literal is NULL). */
static JsonObject *
with_member (const char *base,
             const char *member,
             const char *literal)
{
  JsonObject *object = parse_object (base);

  if (literal == NULL)
    json_object_remove_member (object, member);
  else
    {
      g_autofree char *wrapper = g_strdup_printf ("{\"v\": %s}", literal);
      g_autoptr (JsonObject) holder = parse_object (wrapper);

      json_object_set_member (object, member, json_node_copy (json_object_get_member (holder, "v")));
    }
  return object;
}

static void
assert_invalid_field (const GError *error,
                      const char   *field)
{
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, field);
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 0);
}

static void
assert_member_null (JsonObject *object,
                    const char *member)
{
  g_assert_true (json_object_has_member (object, member));
  g_assert_true (json_object_get_null_member (object, member));
}

typedef struct
{
  const char *member;
  const char *literal;   /* NULL: the member is removed */
  const char *field;     /* the field the error must name */
} BadCase;

typedef GObject *(*FromJsonFunc) (JsonObject *object, GError **error);

/* Each model's reader with one signature, so one table-driven check serves all four. */
static GObject *
event_from_json (JsonObject *object,
                 GError    **error)
{
  return (GObject *) ccal_event_new_from_json (object, error);
}

static GObject *
booking_from_json (JsonObject *object,
                   GError    **error)
{
  return (GObject *) ccal_booking_new_from_json (object, error);
}

static GObject *
contact_from_json (JsonObject *object,
                   GError    **error)
{
  return (GObject *) ccal_contact_new_from_json (object, error);
}

static GObject *
settings_from_json (JsonObject *object,
                    GError    **error)
{
  return (GObject *) ccal_settings_new_from_json (object, error);
}

static void
check_bad_cases (FromJsonFunc   from_json,
                 const char    *base,
                 const BadCase *cases,
                 gsize          n_cases)
{
  /* The base itself must be readable, or every case would pass for the wrong reason. */
  {
    g_autoptr (JsonObject) object = parse_object (base);
    g_autoptr (GError) error = NULL;
    g_autoptr (GObject) model = from_json (object, &error);

    g_assert_no_error (error);
    g_assert_nonnull (model);
  }

  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr (JsonObject) object = with_member (base, cases[i].member, cases[i].literal);
      g_autoptr (GError) error = NULL;
      g_autoptr (GObject) model = from_json (object, &error);

      if (model != NULL)
        {
          g_test_fail_printf ("“%s”: %s was accepted", cases[i].member,
                              cases[i].literal != NULL ? cases[i].literal : "(missing)");
          continue;
        }
      if (error == NULL || g_strcmp0 (ccal_core_error_get_field (error), cases[i].field) != 0)
        {
          g_test_fail_printf ("“%s”: %s named field “%s”, expected “%s”", cases[i].member,
                              cases[i].literal != NULL ? cases[i].literal : "(missing)",
                              error != NULL ? ccal_core_error_get_field (error) : "(no error)", cases[i].field);
          continue;
        }
      assert_invalid_field (error, cases[i].field);
    }
}

/* ---- Event ---- */

static CcalEvent *
make_full_event (void)
{
  CcalEvent *event = ccal_event_new ();
  g_autoptr (JsonObject) metadata = parse_object ("{\"color\": \"#3584e4\", \"priority\": 3, \"ratio\": 0.5,"
                                                  " \"nested\": {\"list\": [1, \"two\", null, true]}}");
  gint64 exdates[] = { T_DEC_08_0900, T_DEC_15_0900 };

  event->id = g_strdup (EVENT_ID);
  event->workspace_id = g_strdup ("acme");
  event->admin_id = g_strdup (ADMIN_ID);
  event->title = g_strdup ("Office hours ✓ «Ü»");
  event->type = CCAL_EVENT_TYPE_AVAILABILITY;
  /* A fraction of a second must survive the trip too. */
  event->start_time = T_DEC_01_0900 + 250000;
  event->end_time = T_DEC_01_1030;
  event->is_all_day = TRUE;
  event->timezone = g_strdup ("Europe/Berlin");
  event->rrule = g_strdup ("FREQ=WEEKLY;BYDAY=TU;COUNT=10");
  g_array_append_vals (event->exdates, exdates, G_N_ELEMENTS (exdates));
  event->description = g_strdup ("Line one\nLine two \"quoted\"");
  event->location = g_strdup ("Room 4");
  event->status = CCAL_EVENT_STATUS_CONFIRMED;
  event->contact_id = g_strdup (CONTACT_ID);
  json_object_unref (event->metadata);
  event->metadata = g_steal_pointer (&metadata);
  event->created_by = g_strdup (USER_ID);
  event->created_at = T_NOV_20_0815;
  event->updated_at = T_NOV_21_1200;
  event->version = 7;
  event->deleted = FALSE;
  return event;
}

static void
assert_events_equal (CcalEvent *a,
                     CcalEvent *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->workspace_id, ==, b->workspace_id);
  g_assert_cmpstr (a->admin_id, ==, b->admin_id);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpint (a->type, ==, b->type);
  g_assert_cmpint (a->start_time, ==, b->start_time);
  g_assert_cmpint (a->end_time, ==, b->end_time);
  g_assert_cmpint (a->is_all_day, ==, b->is_all_day);
  g_assert_cmpstr (a->timezone, ==, b->timezone);
  g_assert_cmpstr (a->rrule, ==, b->rrule);
  g_assert_cmpuint (a->exdates->len, ==, b->exdates->len);
  for (guint i = 0; i < a->exdates->len; i++)
    g_assert_cmpint (g_array_index (a->exdates, gint64, i), ==, g_array_index (b->exdates, gint64, i));
  g_assert_cmpstr (a->description, ==, b->description);
  g_assert_cmpstr (a->location, ==, b->location);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpstr (a->contact_id, ==, b->contact_id);
  g_assert_true (json_object_equal (a->metadata, b->metadata));
  g_assert_cmpstr (a->created_by, ==, b->created_by);
  g_assert_cmpint (a->created_at, ==, b->created_at);
  g_assert_cmpint (a->updated_at, ==, b->updated_at);
  g_assert_cmpint (a->version, ==, b->version);
  g_assert_cmpint (a->deleted, ==, b->deleted);
}

static CcalEvent *
event_round_trip (CcalEvent *event)
{
  g_autoptr (JsonObject) json = ccal_event_to_json (event);
  g_autoptr (JsonObject) received = through_text (json);
  g_autoptr (GError) error = NULL;
  CcalEvent *back = ccal_event_new_from_json (received, &error);

  g_assert_no_error (error);
  g_assert_nonnull (back);
  return back;
}

static void
test_event_defaults (void)
{
  g_autoptr (CcalEvent) event = ccal_event_new ();

  g_assert_null (event->id);
  g_assert_null (event->title);
  g_assert_null (event->timezone);
  g_assert_null (event->rrule);
  g_assert_cmpint (event->type, ==, CCAL_EVENT_TYPE_EVENT);
  g_assert_cmpint (event->status, ==, CCAL_EVENT_STATUS_PENDING);
  g_assert_nonnull (event->metadata);
  g_assert_cmpuint (json_object_get_size (event->metadata), ==, 0);
  g_assert_nonnull (event->exdates);
  g_assert_cmpuint (event->exdates->len, ==, 0);
  g_assert_cmpuint (g_array_get_element_size (event->exdates), ==, sizeof (gint64));
  g_assert_cmpint (event->version, ==, 1);
  g_assert_false (event->is_all_day);
  g_assert_false (event->deleted);
}

static void
test_event_round_trip (void)
{
  g_autoptr (CcalEvent) event = make_full_event ();
  g_autoptr (CcalEvent) back = event_round_trip (event);

  assert_events_equal (event, back);
}

static void
test_event_round_trip_empty (void)
{
  g_autoptr (CcalEvent) event = ccal_event_new ();
  g_autoptr (CcalEvent) back = NULL;

  event->id = g_strdup (EVENT_ID);
  event->type = CCAL_EVENT_TYPE_BLOCKED;
  event->start_time = T_DEC_01_0900;
  event->end_time = T_DEC_01_1030;

  back = event_round_trip (event);
  assert_events_equal (event, back);
}

static void
test_event_json_shape (void)
{
  static const char *const members[] = {
    "id", "workspace_id", "admin_id", "title", "type", "start_time", "end_time", "is_all_day", "timezone",
    "rrule", "exdates", "description", "location", "status", "contact_id", "metadata", "created_by",
    "created_at", "updated_at", "version", "deleted",
  };
  g_autoptr (CcalEvent) event = make_full_event ();
  g_autoptr (CcalEvent) bare = ccal_event_new ();
  g_autoptr (JsonObject) json = ccal_event_to_json (event);
  g_autoptr (JsonObject) bare_json = NULL;
  JsonArray *exdates;

  g_assert_cmpuint (json_object_get_size (json), ==, G_N_ELEMENTS (members));
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_assert_true (json_object_has_member (json, members[i]));

  g_assert_cmpstr (json_object_get_string_member (json, "type"), ==, "availability");
  g_assert_cmpstr (json_object_get_string_member (json, "status"), ==, "confirmed");
  g_assert_cmpstr (json_object_get_string_member (json, "start_time"), ==, "2026-12-01T09:00:00.25Z");
  g_assert_cmpstr (json_object_get_string_member (json, "end_time"), ==, "2026-12-01T10:30:00Z");
  g_assert_cmpstr (json_object_get_string_member (json, "created_at"), ==, "2026-11-20T08:15:00Z");
  g_assert_true (json_object_get_boolean_member (json, "is_all_day"));
  g_assert_false (json_object_get_boolean_member (json, "deleted"));
  g_assert_cmpint (json_object_get_int_member (json, "version"), ==, 7);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json, "metadata"), "priority"), ==, 3);

  exdates = json_object_get_array_member (json, "exdates");
  g_assert_cmpuint (json_array_get_length (exdates), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (exdates, 0), ==, "2026-12-08T09:00:00Z");
  g_assert_cmpstr (json_array_get_string_element (exdates, 1), ==, "2026-12-15T09:00:00Z");

  /* Unset optional strings and not-yet-known times are null; metadata is {} and exdates []. */
  bare_json = ccal_event_to_json (bare);
  assert_member_null (bare_json, "title");
  assert_member_null (bare_json, "rrule");
  assert_member_null (bare_json, "timezone");
  assert_member_null (bare_json, "contact_id");
  assert_member_null (bare_json, "created_at");
  assert_member_null (bare_json, "updated_at");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (bare_json, "metadata")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (bare_json, "exdates")), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (bare_json, "start_time"), ==, "1970-01-01T00:00:00Z");
}

static void
test_event_to_json_owns_metadata (void)
{
  g_autoptr (CcalEvent) event = make_full_event ();
  g_autoptr (JsonObject) json = ccal_event_to_json (event);
  JsonObject *nested = json_object_get_object_member (json_object_get_object_member (json, "metadata"), "nested");

  /* Changing what to_json returned must not change the event. */
  json_object_set_string_member (nested, "added", "x");
  g_assert_false (json_object_has_member (json_object_get_object_member (event->metadata, "nested"), "added"));
}

#define EVENT_MINIMAL                                                                                 \
  "{\"id\": \"" EVENT_ID "\", \"type\": \"event\", \"start_time\": \"2026-12-01T09:00:00Z\","         \
  " \"end_time\": \"2026-12-01T10:30:00Z\"}"

static void
test_event_missing_optional (void)
{
  g_autoptr (JsonObject) object = parse_object (EVENT_MINIMAL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalEvent) event = ccal_event_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (event->id, ==, EVENT_ID);
  g_assert_cmpint (event->type, ==, CCAL_EVENT_TYPE_EVENT);
  g_assert_cmpint (event->start_time, ==, T_DEC_01_0900);
  g_assert_cmpint (event->end_time, ==, T_DEC_01_1030);
  g_assert_cmpint (event->status, ==, CCAL_EVENT_STATUS_PENDING);
  g_assert_null (event->title);
  g_assert_null (event->timezone);
  g_assert_null (event->rrule);
  g_assert_nonnull (event->metadata);
  g_assert_cmpuint (json_object_get_size (event->metadata), ==, 0);
  g_assert_cmpuint (event->exdates->len, ==, 0);
  g_assert_cmpint (event->version, ==, 1);
  g_assert_cmpint (event->created_at, ==, 0);
  g_assert_false (event->deleted);
}

static void
test_event_nulls_are_defaults (void)
{
  g_autoptr (JsonObject) object = parse_object (
    "{\"id\": \"" EVENT_ID "\", \"type\": \"blocked\", \"start_time\": \"2026-12-01T09:00:00Z\","
    " \"end_time\": \"2026-12-01T10:30:00Z\", \"title\": null, \"metadata\": null, \"exdates\": null,"
    " \"status\": null, \"version\": null, \"created_at\": null, \"deleted\": null, \"rrule\": null}");
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalEvent) event = ccal_event_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_null (event->title);
  g_assert_null (event->rrule);
  g_assert_cmpuint (json_object_get_size (event->metadata), ==, 0);
  g_assert_cmpuint (event->exdates->len, ==, 0);
  g_assert_cmpint (event->status, ==, CCAL_EVENT_STATUS_PENDING);
  g_assert_cmpint (event->version, ==, 1);
  g_assert_false (event->deleted);
}

static void
test_event_other_offsets (void)
{
  /* Requests may use any offset; the model holds the instant. */
  g_autoptr (JsonObject) object = parse_object (
    "{\"id\": \"" EVENT_ID "\", \"type\": \"event\", \"start_time\": \"2026-12-01T10:00:00+01:00\","
    " \"end_time\": \"2026-12-01T05:30:00-05:00\", \"exdates\": [\"2026-12-08T10:00:00+01:00\"]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalEvent) event = ccal_event_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_cmpint (event->start_time, ==, T_DEC_01_0900);
  g_assert_cmpint (event->end_time, ==, T_DEC_01_1030);
  g_assert_cmpint (g_array_index (event->exdates, gint64, 0), ==, T_DEC_08_0900);
}

static void
test_event_unknown_fields_ignored (void)
{
  g_autoptr (JsonObject) object = with_member (EVENT_MINIMAL, "colour_of_the_day", "{\"a\": [1, 2]}");
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalEvent) event = ccal_event_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);
}

static void
test_event_bad_json (void)
{
  static const BadCase cases[] = {
    /* required */
    { "id", NULL, "id" },
    { "id", "null", "id" },
    { "type", NULL, "type" },
    { "start_time", NULL, "start_time" },
    { "end_time", "null", "end_time" },
    /* wrong JSON type */
    { "id", "7", "id" },
    { "start_time", "5", "start_time" },
    { "start_time", "1796115600", "start_time" },
    { "end_time", "{}", "end_time" },
    { "title", "[]", "title" },
    { "title", "12", "title" },
    { "type", "1", "type" },
    { "is_all_day", "\"yes\"", "is_all_day" },
    { "is_all_day", "1", "is_all_day" },
    { "timezone", "[]", "timezone" },
    { "rrule", "{}", "rrule" },
    { "exdates", "\"2026-12-08T09:00:00Z\"", "exdates" },
    { "exdates", "[5]", "exdates" },
    { "exdates", "[null]", "exdates" },
    { "description", "false", "description" },
    { "location", "3.5", "location" },
    { "status", "0", "status" },
    { "contact_id", "[\"" CONTACT_ID "\"]", "contact_id" },
    { "metadata", "[]", "metadata" },
    { "metadata", "\"{}\"", "metadata" },
    { "metadata", "42", "metadata" },
    { "created_by", "{}", "created_by" },
    { "created_at", "true", "created_at" },
    { "updated_at", "0", "updated_at" },
    { "version", "\"1\"", "version" },
    { "version", "1.5", "version" },
    { "deleted", "\"false\"", "deleted" },
    /* invalid value */
    { "type", "\"meeting\"", "type" },
    { "type", "\"Availability\"", "type" },
    { "status", "\"done\"", "status" },
    { "start_time", "\"tomorrow\"", "start_time" },
    { "start_time", "\"2026-12-01\"", "start_time" },
    { "end_time", "\"2026-13-01T09:00:00Z\"", "end_time" },
    { "exdates", "[\"2026-12-08T09:00:00Z\", \"soon\"]", "exdates" },
    { "created_at", "\"yesterday\"", "created_at" },
    { "version", "0", "version" },
    { "version", "-3", "version" },
  };

  check_bad_cases (event_from_json, EVENT_MINIMAL, cases, G_N_ELEMENTS (cases));
}

static void
test_event_tombstone (void)
{
  g_autoptr (JsonObject) object = parse_object ("{\"id\": \"" EVENT_ID "\", \"deleted\": true, \"version\": 4}");
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalEvent) event = ccal_event_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (event->id, ==, EVENT_ID);
  g_assert_true (event->deleted);
  g_assert_cmpint (event->version, ==, 4);
  g_assert_nonnull (event->metadata);
}

static void
test_event_tombstone_needs_id (void)
{
  g_autoptr (JsonObject) object = parse_object ("{\"deleted\": true, \"version\": 4}");
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalEvent) event = ccal_event_new_from_json (object, &error);

  g_assert_null (event);
  assert_invalid_field (error, "id");
}

static void
test_event_copy_independent (void)
{
  g_autoptr (CcalEvent) event = make_full_event ();
  g_autoptr (CcalEvent) copy = ccal_event_copy (event);
  g_autoptr (CcalEvent) pristine = make_full_event ();
  gint64 extra = T_DEC_15_0900 + CCAL_USEC_PER_DAY * 7;

  assert_events_equal (event, copy);
  g_assert_true (copy->title != event->title);
  g_assert_true (copy->metadata != event->metadata);
  g_assert_true (copy->exdates != event->exdates);

  /* Changing the copy, deep inside too, leaves the original as it was. */
  g_free (copy->title);
  copy->title = g_strdup ("Changed");
  copy->rrule[0] = 'X';
  g_array_append_val (copy->exdates, extra);
  json_object_set_int_member (copy->metadata, "priority", 9);
  json_array_add_int_element (
    json_object_get_array_member (json_object_get_object_member (copy->metadata, "nested"), "list"), 5);

  assert_events_equal (event, pristine);
}

static void
test_event_validate (void)
{
  g_autoptr (CcalEvent) event = make_full_event ();
  g_autoptr (GError) error = NULL;

  g_assert_true (ccal_event_validate (event, &error));
  g_assert_no_error (error);

  /* No zone means "the admin's" and is fine; so is no rrule. */
  g_clear_pointer (&event->timezone, g_free);
  g_clear_pointer (&event->rrule, g_free);
  g_assert_true (ccal_event_validate (event, &error));
  g_assert_no_error (error);
}

typedef void (*EventBreaker) (CcalEvent *event);

static void
break_title (CcalEvent *event)
{
  g_free (event->title);
  event->title = g_strnfill (201, 'x');
}

static void
break_times (CcalEvent *event)
{
  event->end_time = event->start_time;
}

static void
break_timezone (CcalEvent *event)
{
  g_free (event->timezone);
  event->timezone = g_strdup ("Europe/Atlantis");
}

static void
break_rrule (CcalEvent *event)
{
  g_free (event->rrule);
  event->rrule = g_strdup ("FREQ=SOMETIMES");
}

static void
break_location (CcalEvent *event)
{
  g_free (event->location);
  event->location = g_strnfill (501, 'x');
}

static void
break_description (CcalEvent *event)
{
  g_free (event->description);
  event->description = g_strnfill (5001, 'x');
}

static void
test_event_validate_errors (void)
{
  static const struct
  {
    EventBreaker breaker;
    const char  *field;
  } cases[] = {
    { break_title, "title" },
    { break_times, "end_time" },
    { break_timezone, "timezone" },
    { break_rrule, "rrule" },
    { break_location, "location" },
    { break_description, "description" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CcalEvent) event = make_full_event ();
      g_autoptr (GError) error = NULL;

      cases[i].breaker (event);
      g_assert_false (ccal_event_validate (event, &error));
      g_assert_nonnull (error);
      g_assert_cmpstr (ccal_core_error_get_field (error), ==, cases[i].field);
    }
}

/* ---- Contact ---- */

static CcalContact *
make_contact (void)
{
  CcalContact *contact = ccal_contact_new ();

  contact->id = g_strdup (CONTACT_ID);
  contact->name = g_strdup ("Zoë O'Connor");
  contact->email = g_strdup ("zoe@example.com");
  contact->phone = g_strdup ("+353 1 234 5678");
  return contact;
}

static void
assert_contacts_equal (CcalContact *a,
                       CcalContact *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->name, ==, b->name);
  g_assert_cmpstr (a->email, ==, b->email);
  g_assert_cmpstr (a->phone, ==, b->phone);
  g_assert_cmpstr (a->timezone, ==, b->timezone);
}

static void
test_contact_defaults (void)
{
  g_autoptr (CcalContact) contact = ccal_contact_new ();

  g_assert_null (contact->id);
  g_assert_null (contact->workspace_id);
  g_assert_null (contact->name);
  g_assert_null (contact->email);
  g_assert_null (contact->phone);
  g_assert_null (contact->timezone);
}

static void
test_contact_round_trip (void)
{
  g_autoptr (CcalContact) contact = make_contact ();
  g_autoptr (CcalContact) with_zone = make_contact ();
  g_autoptr (CcalContact) no_phone = make_contact ();

  with_zone->timezone = g_strdup ("America/Chicago");
  g_clear_pointer (&no_phone->phone, g_free);

  CcalContact *contacts[] = { contact, with_zone, no_phone };
  for (guint i = 0; i < G_N_ELEMENTS (contacts); i++)
    {
      g_autoptr (JsonObject) json = ccal_contact_to_json (contacts[i]);
      g_autoptr (JsonObject) received = through_text (json);
      g_autoptr (GError) error = NULL;
      g_autoptr (CcalContact) back = ccal_contact_new_from_json (received, &error);

      g_assert_no_error (error);
      assert_contacts_equal (contacts[i], back);
    }
}

static void
test_contact_json_shape (void)
{
  g_autoptr (CcalContact) contact = make_contact ();
  g_autoptr (JsonObject) json = NULL;
  g_autoptr (JsonObject) with_zone = NULL;

  /* Exactly the contract's {id, name, email, phone}; null phone when not given. */
  g_clear_pointer (&contact->phone, g_free);
  contact->workspace_id = g_strdup ("acme");
  json = ccal_contact_to_json (contact);
  g_assert_cmpuint (json_object_get_size (json), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json, "id"), ==, CONTACT_ID);
  g_assert_cmpstr (json_object_get_string_member (json, "name"), ==, "Zoë O'Connor");
  g_assert_cmpstr (json_object_get_string_member (json, "email"), ==, "zoe@example.com");
  assert_member_null (json, "phone");

  contact->timezone = g_strdup ("Asia/Tokyo");
  with_zone = ccal_contact_to_json (contact);
  g_assert_cmpuint (json_object_get_size (with_zone), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (with_zone, "timezone"), ==, "Asia/Tokyo");
}

static void
test_contact_bad_json (void)
{
  static const BadCase cases[] = {
    { "id", NULL, "id" },
    { "id", "null", "id" },
    { "id", "12", "id" },
    { "name", "[]", "name" },
    { "email", "{\"address\": \"a@b.c\"}", "email" },
    { "phone", "5551234567", "phone" },
    { "timezone", "true", "timezone" },
  };

  check_bad_cases (contact_from_json,
                   "{\"id\": \"" CONTACT_ID "\", \"name\": \"Ann\", \"email\": \"ann@example.com\", \"phone\": null}",
                   cases, G_N_ELEMENTS (cases));
}

static void
test_contact_copy_independent (void)
{
  g_autoptr (CcalContact) contact = make_contact ();
  g_autoptr (CcalContact) copy = NULL;

  contact->workspace_id = g_strdup ("acme");
  contact->timezone = g_strdup ("Europe/Dublin");
  copy = ccal_contact_copy (contact);
  assert_contacts_equal (contact, copy);
  g_assert_cmpstr (copy->workspace_id, ==, "acme");

  copy->name[0] = 'X';
  copy->email[0] = 'X';
  g_assert_cmpstr (contact->name, ==, "Zoë O'Connor");
  g_assert_cmpstr (contact->email, ==, "zoe@example.com");
}

static void
test_contact_validate (void)
{
  static const struct
  {
    const char *name;
    const char *email;
    const char *phone;
    const char *timezone;
    const char *field;   /* NULL: valid */
  } cases[] = {
    { "Ann", "ann@example.com", NULL, NULL, NULL },
    { "Ann", "ann@example.com", "+49 30 1234567", "Europe/Berlin", NULL },
    { "", "ann@example.com", NULL, NULL, "name" },
    { NULL, "ann@example.com", NULL, NULL, "name" },
    { "Ann", "ann.example.com", NULL, NULL, "email" },
    { "Ann", NULL, NULL, NULL, "email" },
    { "Ann", "ann@example.com", "12", NULL, "phone" },
    { "Ann", "ann@example.com", NULL, "Moon/Base", "timezone" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (CcalContact) contact = ccal_contact_new ();
      g_autoptr (GError) error = NULL;
      gboolean ok;

      contact->name = g_strdup (cases[i].name);
      contact->email = g_strdup (cases[i].email);
      contact->phone = g_strdup (cases[i].phone);
      contact->timezone = g_strdup (cases[i].timezone);
      ok = ccal_contact_validate (contact, &error);

      if (cases[i].field == NULL)
        {
          g_assert_no_error (error);
          g_assert_true (ok);
        }
      else
        {
          g_assert_false (ok);
          assert_invalid_field (error, cases[i].field);
        }
    }
}

/* ---- Booking ---- */

static CcalBooking *
make_full_booking (void)
{
  CcalBooking *booking = ccal_booking_new ();

  booking->id = g_strdup (BOOKING_ID);
  booking->workspace_id = g_strdup ("acme");
  booking->admin_id = g_strdup (ADMIN_ID);
  booking->contact = make_contact ();
  booking->title = g_strdup ("Intro call");
  booking->description = g_strdup ("Wants a demo of the “Pro” plan");
  booking->start_time = T_DEC_01_0900;
  booking->end_time = T_DEC_01_1030;
  booking->duration_minutes = 90;
  booking->location = g_strdup ("Phone");
  booking->meeting_link = g_strdup ("https://meet.example.com/abc-defg");
  booking->product_interest = g_strdup ("Pro plan");
  booking->status = CCAL_BOOKING_STATUS_COMPLETED;
  booking->source = CCAL_BOOKING_SOURCE_STAFF;
  booking->result_outcome = g_strdup ("won");
  booking->result_notes = g_strdup ("Signed for 12 months.");
  booking->opportunity_id = g_strdup ("opp-42");
  booking->created_by = g_strdup (USER_ID);
  booking->updated_by = g_strdup (USER_ID);
  booking->created_at = T_NOV_20_0815;
  booking->updated_at = T_NOV_21_1200;
  booking->version = 3;
  return booking;
}

static void
assert_bookings_equal (CcalBooking *a,
                       CcalBooking *b)
{
  g_assert_cmpstr (a->id, ==, b->id);
  g_assert_cmpstr (a->workspace_id, ==, b->workspace_id);
  g_assert_cmpstr (a->admin_id, ==, b->admin_id);
  g_assert_cmpint (a->contact != NULL, ==, b->contact != NULL);
  if (a->contact != NULL)
    assert_contacts_equal (a->contact, b->contact);
  g_assert_cmpstr (a->title, ==, b->title);
  g_assert_cmpstr (a->description, ==, b->description);
  g_assert_cmpint (a->start_time, ==, b->start_time);
  g_assert_cmpint (a->end_time, ==, b->end_time);
  g_assert_cmpint (a->duration_minutes, ==, b->duration_minutes);
  g_assert_cmpstr (a->location, ==, b->location);
  g_assert_cmpstr (a->meeting_link, ==, b->meeting_link);
  g_assert_cmpstr (a->product_interest, ==, b->product_interest);
  g_assert_cmpint (a->status, ==, b->status);
  g_assert_cmpint (a->source, ==, b->source);
  g_assert_cmpstr (a->result_outcome, ==, b->result_outcome);
  g_assert_cmpstr (a->result_notes, ==, b->result_notes);
  g_assert_cmpstr (a->opportunity_id, ==, b->opportunity_id);
  g_assert_cmpstr (a->created_by, ==, b->created_by);
  g_assert_cmpstr (a->updated_by, ==, b->updated_by);
  g_assert_cmpint (a->created_at, ==, b->created_at);
  g_assert_cmpint (a->updated_at, ==, b->updated_at);
  g_assert_cmpint (a->version, ==, b->version);
  g_assert_cmpint (a->deleted, ==, b->deleted);
}

static CcalBooking *
booking_round_trip (CcalBooking *booking)
{
  g_autoptr (JsonObject) json = ccal_booking_to_json (booking);
  g_autoptr (JsonObject) received = through_text (json);
  g_autoptr (GError) error = NULL;
  CcalBooking *back = ccal_booking_new_from_json (received, &error);

  g_assert_no_error (error);
  g_assert_nonnull (back);
  return back;
}

static void
test_booking_defaults (void)
{
  g_autoptr (CcalBooking) booking = ccal_booking_new ();

  g_assert_null (booking->id);
  g_assert_null (booking->contact);
  g_assert_null (booking->result_outcome);
  g_assert_null (booking->result_notes);
  g_assert_cmpint (booking->status, ==, CCAL_BOOKING_STATUS_PENDING);
  g_assert_cmpint (booking->source, ==, CCAL_BOOKING_SOURCE_PUBLIC);
  g_assert_cmpint (booking->duration_minutes, ==, 0);
  g_assert_cmpint (booking->version, ==, 1);
  g_assert_false (booking->deleted);
}

static void
test_booking_round_trip (void)
{
  g_autoptr (CcalBooking) booking = make_full_booking ();
  g_autoptr (CcalBooking) back = booking_round_trip (booking);

  assert_bookings_equal (booking, back);
  /* The embedded contact belongs to the booking's workspace. */
  g_assert_cmpstr (back->contact->workspace_id, ==, "acme");
}

static void
test_booking_round_trip_every_status (void)
{
  for (int status = 0; status < CCAL_N_BOOKING_STATUSES; status++)
    for (int source = 0; source < CCAL_N_BOOKING_SOURCES; source++)
      {
        g_autoptr (CcalBooking) booking = make_full_booking ();
        g_autoptr (CcalBooking) back = NULL;

        booking->status = (CcalBookingStatus) status;
        booking->source = (CcalBookingSource) source;
        g_clear_pointer (&booking->result_outcome, g_free);
        g_clear_pointer (&booking->title, g_free);
        back = booking_round_trip (booking);
        assert_bookings_equal (booking, back);
      }
}

static void
test_booking_result (void)
{
  g_autoptr (CcalBooking) booking = make_full_booking ();
  g_autoptr (JsonObject) json = ccal_booking_to_json (booking);
  JsonObject *result = json_object_get_object_member (json, "result");
  g_autoptr (JsonObject) none = NULL;
  g_autoptr (JsonObject) notes_only = NULL;
  g_autoptr (CcalBooking) back = NULL;

  g_assert_cmpuint (json_object_get_size (result), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "won");
  g_assert_cmpstr (json_object_get_string_member (result, "notes"), ==, "Signed for 12 months.");

  /* No result yet: null. */
  g_clear_pointer (&booking->result_outcome, g_free);
  g_clear_pointer (&booking->result_notes, g_free);
  none = ccal_booking_to_json (booking);
  assert_member_null (none, "result");

  /* An outcome without notes: "notes": null. */
  booking->result_outcome = g_strdup ("lost");
  notes_only = ccal_booking_to_json (booking);
  result = json_object_get_object_member (notes_only, "result");
  g_assert_cmpstr (json_object_get_string_member (result, "outcome"), ==, "lost");
  assert_member_null (result, "notes");
  back = booking_round_trip (booking);
  g_assert_cmpstr (back->result_outcome, ==, "lost");
  g_assert_null (back->result_notes);
}

static void
test_booking_json_shape (void)
{
  static const char *const members[] = {
    "id", "workspace_id", "admin_id", "contact", "title", "description", "start_time", "end_time",
    "duration_minutes", "location", "meeting_link", "product_interest", "status", "source", "result",
    "opportunity_id", "created_by", "updated_by", "created_at", "updated_at", "version", "deleted",
  };
  g_autoptr (CcalBooking) booking = make_full_booking ();
  g_autoptr (JsonObject) json = ccal_booking_to_json (booking);
  JsonObject *contact;

  g_assert_cmpuint (json_object_get_size (json), ==, G_N_ELEMENTS (members));
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    g_assert_true (json_object_has_member (json, members[i]));

  contact = json_object_get_object_member (json, "contact");
  g_assert_cmpstr (json_object_get_string_member (contact, "email"), ==, "zoe@example.com");
  g_assert_false (json_object_has_member (contact, "workspace_id"));
  g_assert_cmpstr (json_object_get_string_member (json, "status"), ==, "completed");
  g_assert_cmpstr (json_object_get_string_member (json, "source"), ==, "staff");
  g_assert_cmpstr (json_object_get_string_member (json, "start_time"), ==, "2026-12-01T09:00:00Z");
  g_assert_cmpint (json_object_get_int_member (json, "duration_minutes"), ==, 90);
  g_assert_cmpint (json_object_get_int_member (json, "version"), ==, 3);

  booking->status = CCAL_BOOKING_STATUS_NO_SHOW;
  {
    g_autoptr (JsonObject) no_show = ccal_booking_to_json (booking);

    g_assert_cmpstr (json_object_get_string_member (no_show, "status"), ==, "no_show");
  }
}

#define BOOKING_MINIMAL                                                                                 \
  "{\"id\": \"" BOOKING_ID "\", \"workspace_id\": \"acme\", \"status\": \"confirmed\","                 \
  " \"start_time\": \"2026-12-01T09:00:00Z\", \"end_time\": \"2026-12-01T10:30:00Z\","                  \
  " \"contact\": {\"id\": \"" CONTACT_ID "\", \"name\": \"Ann\", \"email\": \"ann@example.com\"}}"

static void
test_booking_missing_optional (void)
{
  g_autoptr (JsonObject) object = parse_object (BOOKING_MINIMAL);
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalBooking) booking = ccal_booking_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_cmpint (booking->status, ==, CCAL_BOOKING_STATUS_CONFIRMED);
  g_assert_cmpint (booking->source, ==, CCAL_BOOKING_SOURCE_PUBLIC);
  /* No duration given: the span says 90 minutes. */
  g_assert_cmpint (booking->duration_minutes, ==, 90);
  g_assert_cmpstr (booking->contact->name, ==, "Ann");
  g_assert_null (booking->contact->phone);
  g_assert_cmpstr (booking->contact->workspace_id, ==, "acme");
  g_assert_null (booking->result_outcome);
  g_assert_null (booking->title);
  g_assert_cmpint (booking->version, ==, 1);
  g_assert_false (booking->deleted);
}

static void
test_booking_duration_given (void)
{
  g_autoptr (JsonObject) object = with_member (BOOKING_MINIMAL, "duration_minutes", "30.0");
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalBooking) booking = ccal_booking_new_from_json (object, &error);

  /* A whole number written as 30.0 (as some JSON writers do) is still 30. */
  g_assert_no_error (error);
  g_assert_cmpint (booking->duration_minutes, ==, 30);
}

static void
test_booking_bad_json (void)
{
  static const BadCase cases[] = {
    /* required */
    { "id", NULL, "id" },
    { "status", NULL, "status" },
    { "start_time", NULL, "start_time" },
    { "end_time", NULL, "end_time" },
    { "contact", NULL, "contact" },
    { "contact", "null", "contact" },
    /* wrong JSON type */
    { "contact", "\"Ann\"", "contact" },
    { "contact", "[]", "contact" },
    { "contact", "{\"name\": \"Ann\"}", "contact.id" },
    { "contact", "{\"id\": \"" CONTACT_ID "\", \"email\": 5}", "contact.email" },
    { "contact", "{\"id\": \"" CONTACT_ID "\", \"name\": [\"Ann\"]}", "contact.name" },
    { "start_time", "1796115600", "start_time" },
    { "end_time", "[]", "end_time" },
    { "title", "[]", "title" },
    { "description", "{}", "description" },
    { "duration_minutes", "\"30\"", "duration_minutes" },
    { "duration_minutes", "30.5", "duration_minutes" },
    { "location", "1", "location" },
    { "meeting_link", "true", "meeting_link" },
    { "product_interest", "[\"Pro\"]", "product_interest" },
    { "status", "1", "status" },
    { "source", "0", "source" },
    { "result", "\"won\"", "result" },
    { "result", "[]", "result" },
    { "result", "{\"outcome\": 5}", "result.outcome" },
    { "result", "{\"outcome\": \"won\", \"notes\": []}", "result.notes" },
    { "opportunity_id", "42", "opportunity_id" },
    { "created_by", "[]", "created_by" },
    { "updated_by", "{}", "updated_by" },
    { "created_at", "1", "created_at" },
    { "updated_at", "false", "updated_at" },
    { "version", "\"2\"", "version" },
    { "deleted", "0", "deleted" },
    /* invalid value */
    { "status", "\"done\"", "status" },
    { "status", "\"no-show\"", "status" },
    { "source", "\"web\"", "source" },
    { "start_time", "\"2026-12-01 09:00\"", "start_time" },
    { "duration_minutes", "-30", "duration_minutes" },
    { "duration_minutes", "1e12", "duration_minutes" },
    { "version", "0", "version" },
  };

  check_bad_cases (booking_from_json, BOOKING_MINIMAL, cases, G_N_ELEMENTS (cases));
}

static void
test_booking_contact_error_names_path (void)
{
  g_autoptr (JsonObject) object = with_member (BOOKING_MINIMAL, "contact", "{\"name\": \"Ann\"}");
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalBooking) booking = ccal_booking_new_from_json (object, &error);

  /* Both the field and the message say which "id" is missing: the contact's, not the booking's. */
  g_assert_null (booking);
  assert_invalid_field (error, "contact.id");
  g_assert_nonnull (strstr (error->message, "“contact.id”"));
}

static void
test_booking_tombstone (void)
{
  g_autoptr (JsonObject) object = parse_object ("{\"id\": \"" BOOKING_ID "\", \"deleted\": true, \"version\": 9}");
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalBooking) booking = ccal_booking_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (booking->id, ==, BOOKING_ID);
  g_assert_true (booking->deleted);
  g_assert_cmpint (booking->version, ==, 9);
  /* "never NULL once read from JSON" holds for tombstones too. */
  g_assert_nonnull (booking->contact);
}

static void
test_booking_copy_independent (void)
{
  g_autoptr (CcalBooking) booking = make_full_booking ();
  g_autoptr (CcalBooking) copy = ccal_booking_copy (booking);
  g_autoptr (CcalBooking) pristine = make_full_booking ();
  g_autoptr (CcalBooking) empty = ccal_booking_new ();
  g_autoptr (CcalBooking) empty_copy = ccal_booking_copy (empty);

  assert_bookings_equal (booking, copy);
  g_assert_true (copy->contact != booking->contact);

  g_free (copy->contact->name);
  copy->contact->name = g_strdup ("Someone else");
  copy->result_notes[0] = 'X';
  copy->meeting_link[0] = 'X';
  copy->status = CCAL_BOOKING_STATUS_CANCELLED;
  assert_bookings_equal (booking, pristine);

  g_assert_null (empty_copy->contact);
}

static void
test_booking_validate (void)
{
  g_autoptr (CcalBooking) booking = make_full_booking ();
  g_autoptr (GError) error = NULL;

  g_assert_true (ccal_booking_validate (booking, &error));
  g_assert_no_error (error);
}

static void
test_booking_validate_errors (void)
{
  enum { NO_CONTACT, BAD_EMAIL, BAD_PHONE, BLANK_NAME, END_BEFORE_START, LONG_TITLE, LONG_NOTES, LONG_LOCATION };
  static const char *const fields[] = {
    [NO_CONTACT] = "name",
    [BAD_EMAIL] = "email",
    [BAD_PHONE] = "phone",
    [BLANK_NAME] = "name",
    [END_BEFORE_START] = "end_time",
    [LONG_TITLE] = "title",
    [LONG_NOTES] = "result.notes",
    [LONG_LOCATION] = "location",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autoptr (CcalBooking) booking = make_full_booking ();
      g_autoptr (GError) error = NULL;

      switch (i)
        {
        case NO_CONTACT:
          g_clear_object (&booking->contact);
          break;
        case BAD_EMAIL:
          g_free (booking->contact->email);
          booking->contact->email = g_strdup ("zoe at example.com");
          break;
        case BAD_PHONE:
          g_free (booking->contact->phone);
          booking->contact->phone = g_strdup ("call after 5");
          break;
        case BLANK_NAME:
          g_free (booking->contact->name);
          booking->contact->name = g_strdup ("   ");
          break;
        case END_BEFORE_START:
          booking->end_time = booking->start_time - CCAL_USEC_PER_MINUTE;
          break;
        case LONG_TITLE:
          g_free (booking->title);
          booking->title = g_strnfill (201, 't');
          break;
        case LONG_NOTES:
          g_free (booking->result_notes);
          booking->result_notes = g_strnfill (5001, 'n');
          break;
        case LONG_LOCATION:
          g_free (booking->location);
          booking->location = g_strnfill (501, 'l');
          break;
        default:
          g_assert_not_reached ();
        }

      g_assert_false (ccal_booking_validate (booking, &error));
      assert_invalid_field (error, fields[i]);
    }
}

/* ---- Settings ---- */

static void
assert_settings_equal (CcalSettings *a,
                       CcalSettings *b)
{
  g_assert_cmpstr (a->admin_id, ==, b->admin_id);
  g_assert_cmpstr (a->timezone, ==, b->timezone);
  g_assert_cmpint (a->slot_minutes, ==, b->slot_minutes);
  g_assert_cmpint (a->buffer_before_minutes, ==, b->buffer_before_minutes);
  g_assert_cmpint (a->buffer_after_minutes, ==, b->buffer_after_minutes);
  g_assert_cmpint (a->min_notice_minutes, ==, b->min_notice_minutes);
  g_assert_cmpint (a->max_advance_days, ==, b->max_advance_days);
  g_assert_cmpint (a->version, ==, b->version);
}

static void
test_settings_defaults (void)
{
  g_autoptr (CcalSettings) settings = ccal_settings_new ();
  g_autoptr (JsonObject) empty = parse_object ("{}");
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalSettings) from_empty = NULL;

  g_assert_null (settings->admin_id);
  g_assert_cmpstr (settings->timezone, ==, "UTC");
  g_assert_cmpint (settings->slot_minutes, ==, 30);
  g_assert_cmpint (settings->buffer_before_minutes, ==, 0);
  g_assert_cmpint (settings->buffer_after_minutes, ==, 0);
  g_assert_cmpint (settings->min_notice_minutes, ==, 60);
  g_assert_cmpint (settings->max_advance_days, ==, 60);
  g_assert_cmpint (settings->version, ==, 1);
  g_assert_true (ccal_settings_validate (settings, NULL));

  /* Anything left out of a settings object is the default. */
  from_empty = ccal_settings_new_from_json (empty, &error);
  g_assert_no_error (error);
  assert_settings_equal (settings, from_empty);
}

static void
test_settings_round_trip (void)
{
  g_autoptr (CcalSettings) settings = ccal_settings_new ();
  g_autoptr (JsonObject) json = NULL;
  g_autoptr (JsonObject) received = NULL;
  g_autoptr (CcalSettings) back = NULL;
  g_autoptr (GError) error = NULL;

  settings->admin_id = g_strdup (ADMIN_ID);
  g_free (settings->timezone);
  settings->timezone = g_strdup ("America/Los_Angeles");
  settings->slot_minutes = 45;
  settings->buffer_before_minutes = 10;
  settings->buffer_after_minutes = 15;
  settings->min_notice_minutes = 1440;
  settings->max_advance_days = 90;
  settings->version = 12;

  json = ccal_settings_to_json (settings);
  g_assert_cmpuint (json_object_get_size (json), ==, 8);
  g_assert_cmpint (json_object_get_int_member (json, "slot_minutes"), ==, 45);
  g_assert_cmpint (json_object_get_int_member (json, "buffer_before_minutes"), ==, 10);
  g_assert_cmpint (json_object_get_int_member (json, "buffer_after_minutes"), ==, 15);
  g_assert_cmpint (json_object_get_int_member (json, "min_notice_minutes"), ==, 1440);
  g_assert_cmpint (json_object_get_int_member (json, "max_advance_days"), ==, 90);
  g_assert_cmpstr (json_object_get_string_member (json, "timezone"), ==, "America/Los_Angeles");

  received = through_text (json);
  back = ccal_settings_new_from_json (received, &error);
  g_assert_no_error (error);
  assert_settings_equal (settings, back);
}

static void
test_settings_bad_json (void)
{
  static const BadCase cases[] = {
    { "admin_id", "1", "admin_id" },
    { "timezone", "5", "timezone" },
    { "timezone", "{\"id\": \"UTC\"}", "timezone" },
    { "slot_minutes", "\"30\"", "slot_minutes" },
    { "slot_minutes", "30.5", "slot_minutes" },
    { "slot_minutes", "[30]", "slot_minutes" },
    { "slot_minutes", "1e12", "slot_minutes" },
    { "slot_minutes", "1e300", "slot_minutes" },
    { "buffer_before_minutes", "true", "buffer_before_minutes" },
    { "buffer_after_minutes", "{}", "buffer_after_minutes" },
    { "min_notice_minutes", "\"1h\"", "min_notice_minutes" },
    { "max_advance_days", "false", "max_advance_days" },
    { "max_advance_days", "-9999999999", "max_advance_days" },
    { "version", "\"3\"", "version" },
    { "version", "0", "version" },
  };

  check_bad_cases (settings_from_json,
                   "{\"admin_id\": \"" ADMIN_ID "\", \"timezone\": \"Europe/Berlin\", \"slot_minutes\": 30}",
                   cases, G_N_ELEMENTS (cases));
}

static void
test_settings_out_of_range_is_read (void)
{
  /* Reading keeps what was sent so a form can show it; validation is what says no. */
  g_autoptr (JsonObject) object = parse_object ("{\"slot_minutes\": 2, \"timezone\": \"Nowhere/Land\"}");
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalSettings) settings = ccal_settings_new_from_json (object, &error);

  g_assert_no_error (error);
  g_assert_cmpint (settings->slot_minutes, ==, 2);
  g_assert_false (ccal_settings_validate (settings, &error));
  assert_invalid_field (error, "timezone");
}

static void
test_settings_validate_ranges (void)
{
  static const struct
  {
    const char *field;
    gsize       offset;
    int         min;
    int         max;
  } ranges[] = {
    { "slot_minutes", G_STRUCT_OFFSET (CcalSettings, slot_minutes), 5, 480 },
    { "buffer_before_minutes", G_STRUCT_OFFSET (CcalSettings, buffer_before_minutes), 0, 240 },
    { "buffer_after_minutes", G_STRUCT_OFFSET (CcalSettings, buffer_after_minutes), 0, 240 },
    { "min_notice_minutes", G_STRUCT_OFFSET (CcalSettings, min_notice_minutes), 0, 525600 },
    { "max_advance_days", G_STRUCT_OFFSET (CcalSettings, max_advance_days), 1, 3650 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
    {
      const int good[] = { ranges[i].min, ranges[i].max };
      const int bad[] = { ranges[i].min - 1, ranges[i].max + 1, G_MININT, G_MAXINT };

      for (guint j = 0; j < G_N_ELEMENTS (good); j++)
        {
          g_autoptr (CcalSettings) settings = ccal_settings_new ();
          g_autoptr (GError) error = NULL;

          G_STRUCT_MEMBER (int, settings, ranges[i].offset) = good[j];
          g_assert_true (ccal_settings_validate (settings, &error));
          g_assert_no_error (error);
        }
      for (guint j = 0; j < G_N_ELEMENTS (bad); j++)
        {
          g_autoptr (CcalSettings) settings = ccal_settings_new ();
          g_autoptr (GError) error = NULL;

          G_STRUCT_MEMBER (int, settings, ranges[i].offset) = bad[j];
          g_assert_false (ccal_settings_validate (settings, &error));
          assert_invalid_field (error, ranges[i].field);
        }
    }
}

static void
test_settings_validate_timezone (void)
{
  g_autoptr (CcalSettings) settings = ccal_settings_new ();
  g_autoptr (GError) unknown = NULL;
  g_autoptr (GError) missing = NULL;

  g_free (settings->timezone);
  settings->timezone = g_strdup ("Europe/Berlin");
  g_assert_true (ccal_settings_validate (settings, NULL));

  g_free (settings->timezone);
  settings->timezone = g_strdup ("Europe/Berlim");
  g_assert_false (ccal_settings_validate (settings, &unknown));
  assert_invalid_field (unknown, "timezone");

  g_clear_pointer (&settings->timezone, g_free);
  g_assert_false (ccal_settings_validate (settings, &missing));
  assert_invalid_field (missing, "timezone");
}

static void
test_settings_copy_independent (void)
{
  g_autoptr (CcalSettings) settings = ccal_settings_new ();
  g_autoptr (CcalSettings) copy = NULL;

  settings->admin_id = g_strdup (ADMIN_ID);
  settings->slot_minutes = 20;
  copy = ccal_settings_copy (settings);
  assert_settings_equal (settings, copy);

  copy->timezone[0] = 'X';
  copy->admin_id[0] = 'X';
  copy->slot_minutes = 60;
  g_assert_cmpstr (settings->timezone, ==, "UTC");
  g_assert_cmpstr (settings->admin_id, ==, ADMIN_ID);
  g_assert_cmpint (settings->slot_minutes, ==, 20);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/models/event/defaults", test_event_defaults);
  g_test_add_func ("/core/models/event/round-trip", test_event_round_trip);
  g_test_add_func ("/core/models/event/round-trip-empty", test_event_round_trip_empty);
  g_test_add_func ("/core/models/event/json-shape", test_event_json_shape);
  g_test_add_func ("/core/models/event/to-json-owns-metadata", test_event_to_json_owns_metadata);
  g_test_add_func ("/core/models/event/missing-optional", test_event_missing_optional);
  g_test_add_func ("/core/models/event/nulls-are-defaults", test_event_nulls_are_defaults);
  g_test_add_func ("/core/models/event/other-offsets", test_event_other_offsets);
  g_test_add_func ("/core/models/event/unknown-fields-ignored", test_event_unknown_fields_ignored);
  g_test_add_func ("/core/models/event/bad-json", test_event_bad_json);
  g_test_add_func ("/core/models/event/tombstone", test_event_tombstone);
  g_test_add_func ("/core/models/event/tombstone-needs-id", test_event_tombstone_needs_id);
  g_test_add_func ("/core/models/event/copy-independent", test_event_copy_independent);
  g_test_add_func ("/core/models/event/validate", test_event_validate);
  g_test_add_func ("/core/models/event/validate-errors", test_event_validate_errors);

  g_test_add_func ("/core/models/contact/defaults", test_contact_defaults);
  g_test_add_func ("/core/models/contact/round-trip", test_contact_round_trip);
  g_test_add_func ("/core/models/contact/json-shape", test_contact_json_shape);
  g_test_add_func ("/core/models/contact/bad-json", test_contact_bad_json);
  g_test_add_func ("/core/models/contact/copy-independent", test_contact_copy_independent);
  g_test_add_func ("/core/models/contact/validate", test_contact_validate);

  g_test_add_func ("/core/models/booking/defaults", test_booking_defaults);
  g_test_add_func ("/core/models/booking/round-trip", test_booking_round_trip);
  g_test_add_func ("/core/models/booking/round-trip-every-status", test_booking_round_trip_every_status);
  g_test_add_func ("/core/models/booking/result", test_booking_result);
  g_test_add_func ("/core/models/booking/json-shape", test_booking_json_shape);
  g_test_add_func ("/core/models/booking/missing-optional", test_booking_missing_optional);
  g_test_add_func ("/core/models/booking/duration-given", test_booking_duration_given);
  g_test_add_func ("/core/models/booking/bad-json", test_booking_bad_json);
  g_test_add_func ("/core/models/booking/contact-error-names-path", test_booking_contact_error_names_path);
  g_test_add_func ("/core/models/booking/tombstone", test_booking_tombstone);
  g_test_add_func ("/core/models/booking/copy-independent", test_booking_copy_independent);
  g_test_add_func ("/core/models/booking/validate", test_booking_validate);
  g_test_add_func ("/core/models/booking/validate-errors", test_booking_validate_errors);

  g_test_add_func ("/core/models/settings/defaults", test_settings_defaults);
  g_test_add_func ("/core/models/settings/round-trip", test_settings_round_trip);
  g_test_add_func ("/core/models/settings/bad-json", test_settings_bad_json);
  g_test_add_func ("/core/models/settings/out-of-range-is-read", test_settings_out_of_range_is_read);
  g_test_add_func ("/core/models/settings/validate-ranges", test_settings_validate_ranges);
  g_test_add_func ("/core/models/settings/validate-timezone", test_settings_validate_timezone);
  g_test_add_func ("/core/models/settings/copy-independent", test_settings_copy_independent);

  return g_test_run ();
}
