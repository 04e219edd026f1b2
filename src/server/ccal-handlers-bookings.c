/* ccal-handlers-bookings.c — availability, book, holds, bookings, history, results, follow-ups, analytics
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One rule ties this file together: a time is bookable exactly when GET /availability would offer it
 * at that moment. Availability, POST /book, POST /holds and a reschedule all go through
 * ccal_availability_compute_day () on a schedule from the database; the three writes run it as the
 * CcalDbSlotCheck inside the database's write transaction, so two requests can never both win.
 *
 * Choices where the contract is silent (docs/api.md is written from this list):
 * - Lengths: `duration` (availability) and `duration_minutes` (book, holds, PATCH) are 5–480 minutes,
 *   the range of the settings' slot_minutes; omitted, they are the admin's slot_minutes.
 * - The admin: any user of the workspace can own a calendar (as for events and settings). On the
 *   public endpoints an unknown admin_id is 404; a `workspace_id` parameter that is not the admin's is
 *   404 too. With a credential, POST /book looks the admin up in the credential's workspace only, so
 *   another workspace's admin is 404 there (rows of other workspaces are never visible).
 * - GET /availability answers `timezone` = the zone `date` was read in and `slot_minutes` = the slot
 *   length used (the `duration` asked for, else the admin's slot_minutes). A date outside the
 *   bookable horizon (past, beyond max_advance_days) is 200 with no slots, not an error.
 *   `hold_id` (a UUID) shows the slot that hold keeps; an unknown or expired hold changes nothing.
 * - POST /book: the slot check takes the calendar day the start falls on in the admin's zone.
 *   `notes` becomes the booking's `description` (at most 5000 characters), `timezone` the contact's
 *   zone, `product_interest` at most 200 characters. The title is left null. Every new booking is
 *   `pending`, staff-made ones too: confirming is a separate, recorded step. An existing contact
 *   (same e-mail, case-insensitive) keeps its name; a missing phone or zone is filled in. A `hold_id`
 *   that is unknown, expired, or for another time is ignored (the slot must then be free as usual).
 *   201 carries `ETag` and `Location: /api/calendar/bookings/<id>`.
 * - Holds: `minutes` 1–15 (default 5), `duration_minutes` as above; only a slot availability offers
 *   can be held (409 otherwise, and for a slot held or booked meanwhile). Any staff member of the
 *   workspace may release any hold of it (a colleague takes over the call); an id of another
 *   workspace or an unknown one is 404. Holds have no version, so no ETag.
 * - GET /bookings also takes `admin_id` (one admin's bookings); `status` is one status; `q` (at most
 *   200 characters) matches the contact's name, e-mail or phone. There is no DELETE of bookings
 *   (cancel them): tombstones appear in sync answers only if a booking is deleted by other means.
 * - PATCH: setting `status` to the current status is no change (not a 400). `reason` (at most 500
 *   characters) is recorded with a status change and ignored otherwise. Only a pending or confirmed
 *   booking can be rescheduled, and not in the same request that ends it (400, field start_time).
 *   A reschedule keeps the booking's own time out of the check, so moving by less than its length
 *   works. `title` ≤ 200, `description` ≤ 5000, `location` ≤ 500, `meeting_link` ≤ 2000 characters;
 *   null clears them. `opportunity_id` is a UUID (IDs are UUIDs) or null. A PATCH that changes
 *   nothing answers the booking as it is (after checking If-Match) without a new version.
 *   Reschedules are not history entries: the history holds status changes.
 * - PUT .../result: `outcome` 1–200 characters, `notes` ≤ 5000; any status may carry a result.
 *   The answer is {"result":{"outcome","notes"}} with the booking's new version as ETag; If-Match
 *   names the booking's version.
 * - Follow-ups: `action` 1–200 characters, `notes` ≤ 5000, `due_at` any RFC 3339 time. A follow-up
 *   is {"id","booking_id","due_at","action","notes","done","created_by","created_at"}; POST answers
 *   201 {"follow_up"}, GET 200 {"follow_ups"} sorted by due time. PATCH …/follow-ups/:follow_up_id takes
 *   exactly {"done": true|false} and answers 200 {"follow_up"}; a follow-up of another booking is 404.
 * - Analytics: `from`/`to` are RFC 3339 instants or dates (a date means local midnight starting it
 *   in the report's zone; `to` is exclusive either way), `to` after `from`, at most 3660 days apart.
 *   `timezone` defaults to the caller's settings zone. Every booking of the workspace counts.
 */
#define G_LOG_DOMAIN "ccal-server"

#include "config.h"

#include <string.h>

#include "ccal-server-private.h"
#include "ccal-slot-check.h"

#define MIN_DURATION_MINUTES     5
#define MAX_DURATION_MINUTES     480
#define DEFAULT_HOLD_MINUTES     5
#define MAX_HOLD_MINUTES         15
#define TITLE_MAX_CHARS          200
#define TEXT_MAX_CHARS           5000
#define LOCATION_MAX_CHARS       500
#define MEETING_LINK_MAX_CHARS   2000
#define PRODUCT_INTEREST_MAX     200
#define REASON_MAX_CHARS         500
#define OUTCOME_MAX_CHARS        200
#define ACTION_MAX_CHARS         200
#define SEARCH_MAX_CHARS         200
#define ANALYTICS_MAX_DAYS       3660

/* ── reading JSON bodies (each failure names its field) ─────────────────────────────────────── */

static gboolean
missing_field (const char *member,
               GError    **error)
{
  ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, member, "The “%s” field is required.", member);
  return FALSE;
}

static gboolean
wrong_type (const char *member,
            const char *expected,
            GError    **error)
{
  ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, member, "The “%s” field must be %s.", member, expected);
  return FALSE;
}

/* The member's node, NULL when absent or JSON null. */
static JsonNode *
body_member (JsonObject *body,
             const char *member)
{
  JsonNode *node = json_object_get_member (body, member);

  return node != NULL && !JSON_NODE_HOLDS_NULL (node) ? node : NULL;
}

/* A borrowed string (NULL when absent or null and not @required) of at most @max_chars characters. */
static gboolean
body_string (JsonObject  *body,
             const char  *member,
             gboolean     required,
             gsize        max_chars,
             const char **out_value,
             GError     **error)
{
  JsonNode *node = body_member (body, member);
  const char *value;

  *out_value = NULL;
  if (node == NULL)
    return required ? missing_field (member, error) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (member, "a string", error);

  value = json_node_get_string (node);
  if (required)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (value));

      if (stripped[0] == '\0')
        return missing_field (member, error);
    }
  if (max_chars > 0 && !ccal_validate_text_length (value, max_chars, member, error))
    return FALSE;

  *out_value = value;
  return TRUE;
}

/* A whole number in [@min, @max]; *@out_value stays untouched when the member is absent or null. */
static gboolean
body_int (JsonObject *body,
          const char *member,
          gint64      min,
          gint64      max,
          gint64     *out_value,
          GError    **error)
{
  JsonNode *node = body_member (body, member);
  gint64 value;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node))
    return wrong_type (member, "a whole number", error);

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      value = json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);

        /* Range first: converting a double outside gint64 is undefined. */
        if (!(d >= (double) min && d <= (double) max) || d != (double) (gint64) d)
          {
            ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, member,
                                 "The “%s” field must be a whole number from %" G_GINT64_FORMAT " to %"
                                 G_GINT64_FORMAT ".", member, min, max);
            return FALSE;
          }
        value = (gint64) d;
      }
      break;
    default:
      return wrong_type (member, "a whole number", error);
    }

  if (value < min || value > max)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, member,
                           "The “%s” field must be a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT ".",
                           member, min, max);
      return FALSE;
    }

  *out_value = value;
  return TRUE;
}

/* An RFC 3339 time; *@out_usec stays untouched when the member is absent or null (unless required). */
static gboolean
body_time (JsonObject *body,
           const char *member,
           gboolean    required,
           gint64     *out_usec,
           GError    **error)
{
  JsonNode *node = body_member (body, member);

  if (node == NULL)
    return required ? missing_field (member, error) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return wrong_type (member, "an RFC 3339 time such as 2026-12-01T09:00:00Z", error);
  return ccal_time_parse_rfc3339 (json_node_get_string (node), member, out_usec, error);
}

/* A UUID member (lower-cased on the way in, as the contract writes ids). */
static gboolean
body_uuid (JsonObject  *body,
           const char  *member,
           gboolean     required,
           char       **out_value,
           GError     **error)
{
  const char *value;

  *out_value = NULL;
  if (!body_string (body, member, required, 0, &value, error))
    return FALSE;
  if (value == NULL)
    return TRUE;
  if (!ccal_validate_uuid (value, member, error))
    return FALSE;

  *out_value = g_ascii_strdown (value, -1);
  return TRUE;
}

/* PATCH: a string member that null clears. Sets *@out_present when the member was sent at all. */
static gboolean
body_nullable_string (JsonObject *body,
                      const char *member,
                      gsize       max_chars,
                      gboolean   *out_present,
                      char      **inout_value,
                      GError    **error)
{
  const char *value;

  *out_present = json_object_has_member (body, member);
  if (!*out_present)
    return TRUE;
  if (!body_string (body, member, FALSE, max_chars, &value, error))
    return FALSE;

  g_free (*inout_value);
  *inout_value = g_strdup (value);
  return TRUE;
}

/* ── the slot check shared by book, holds and reschedules ────────────────────────────────────── */

static const char *
settings_zone (CcalSettings *settings)
{
  return settings->timezone != NULL && settings->timezone[0] != '\0' ? settings->timezone : "UTC";
}

/* Prepares @check for a slot of @duration_minutes (0: the admin's slot length) starting at @start
 * (see ccal_slot_check_init ()). NOT_FOUND for an admin that is not in @workspace_id. */
static gboolean
prepare_slot_check (CcalRequest   *request,
                    const char    *workspace_id,
                    const char    *admin_id,
                    gint64         start,
                    int            duration_minutes,
                    CcalSlotCheck *check,
                    gint64        *out_end,
                    gint64        *out_from,
                    gint64        *out_to,
                    GError       **error)
{
  g_autoptr (CcalSettings) settings = ccal_db_get_settings (request->db, workspace_id, admin_id, error);

  return settings != NULL && ccal_slot_check_init (check, settings, start, duration_minutes, request->now, out_end,
                                                   out_from, out_to, error);
}

/* ── JSON answers ───────────────────────────────────────────────────────────────────────────── */

static void
json_set_time (JsonObject *object,
               const char *member,
               gint64      usec)
{
  g_autofree char *text = ccal_time_format_rfc3339 (usec);

  json_object_set_string_member (object, member, text);
}

static void
json_set_string_or_null (JsonObject *object,
                         const char *member,
                         const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static JsonObject *
booking_item_to_json (gpointer item)
{
  CcalBooking *booking = item;

  if (booking->deleted)
    return ccal_json_tombstone (booking->id, booking->version);
  return ccal_booking_to_json (booking);
}

static JsonObject *
hold_to_json (CcalDbHold *hold)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", hold->id);
  json_object_set_string_member (object, "admin_id", hold->admin_id);
  json_set_time (object, "start_time", hold->start_time);
  json_set_time (object, "end_time", hold->end_time);
  json_set_time (object, "expires_at", hold->expires_at);
  return object;
}

static JsonObject *
follow_up_to_json (CcalDbFollowUp *follow_up)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "id", follow_up->id);
  json_object_set_string_member (object, "booking_id", follow_up->booking_id);
  json_set_time (object, "due_at", follow_up->due_at);
  json_object_set_string_member (object, "action", follow_up->action);
  json_set_string_or_null (object, "notes", follow_up->notes);
  json_object_set_boolean_member (object, "done", follow_up->done);
  json_set_string_or_null (object, "created_by", follow_up->created_by);
  json_set_time (object, "created_at", follow_up->created_at);
  return object;
}

static JsonObject *
history_entry_to_json (CcalDbHistoryEntry *entry)
{
  JsonObject *object = json_object_new ();

  json_set_string_or_null (object, "from", entry->from_status);
  json_set_string_or_null (object, "to", entry->to_status);
  json_set_string_or_null (object, "changed_by", entry->changed_by);
  json_set_time (object, "changed_at", entry->changed_at);
  json_set_string_or_null (object, "reason", entry->reason);
  return object;
}

static JsonObject *
result_to_json (CcalBooking *booking)
{
  JsonObject *object = json_object_new ();

  json_set_string_or_null (object, "outcome", booking->result_outcome);
  json_set_string_or_null (object, "notes", booking->result_notes);
  return object;
}

static void
set_booking_response (CcalResponse *response,
                      guint         status,
                      CcalBooking  *booking)
{
  ccal_response_set_resource (response, status, "booking", ccal_booking_to_json (booking), booking->version);
}

/* ── GET /api/calendar/availability ─────────────────────────────────────────────────────────── */

/* The user an admin_id names, in @workspace_id or (NULL) anywhere; a 404 that says what is missing. */
static CcalDbUser *
find_admin (CcalRequest *request,
            const char  *workspace_id,
            const char  *admin_id,
            GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  CcalDbUser *admin = ccal_db_get_user (request->db, workspace_id, admin_id, &local_error);

  if (admin != NULL)
    return admin;
  if (local_error == NULL || g_error_matches (local_error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND))
    g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND, "There is no such admin.");
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

static void
handle_availability (CcalRequest  *request,
                     CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalDbUser) admin = NULL;
  g_autoptr (CcalSettings) settings = NULL;
  g_autoptr (GArray) slots = NULL;
  g_autofree char *date_text = NULL;
  g_autofree char *lower_admin_id = NULL;
  g_autofree char *lower_hold_id = NULL;
  g_auto (CcalSlotCheck) check = { 0 };
  CcalDbSchedule schedule = { 0 };
  const char *admin_id = NULL;
  const char *tzid = NULL;
  const char *hold_id = NULL;
  const char *workspace_id = ccal_request_get_query (request, "workspace_id");
  GError *compute_error = NULL;
  gint64 duration = 0;
  gint64 from, to;
  GDate date;
  JsonObject *object;
  JsonArray *array;

  g_date_clear (&date, 1);
  if (!ccal_request_query_uuid (request, "admin_id", TRUE, &admin_id, &error) ||
      !ccal_request_query_date (request, "date", TRUE, &date, &error) ||
      !ccal_request_query_timezone (request, "timezone", FALSE, &tzid, &error) ||
      !ccal_request_query_int (request, "duration", MIN_DURATION_MINUTES, MAX_DURATION_MINUTES, FALSE, &duration,
                               &error) ||
      !ccal_request_query_uuid (request, "hold_id", FALSE, &hold_id, &error))
    goto fail;

  /* Ids are lower-case text; a client that sends upper case means the same one. */
  admin_id = lower_admin_id = g_ascii_strdown (admin_id, -1);
  if (hold_id != NULL)
    hold_id = lower_hold_id = g_ascii_strdown (hold_id, -1);

  admin = find_admin (request, NULL, admin_id, &error);
  if (admin == NULL)
    goto fail;
  if (workspace_id != NULL && g_strcmp0 (workspace_id, admin->workspace_id) != 0)
    {
      g_set_error_literal (&error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND, "There is no such admin.");
      goto fail;
    }

  settings = ccal_db_get_settings (request->db, admin->workspace_id, admin->user_id, &error);
  if (settings == NULL)
    goto fail;
  if (tzid == NULL)
    tzid = settings_zone (settings);

  if (!ccal_availability_day_query_range (&date, tzid, settings, &from, &to, &compute_error))
    {
      /* The date was well-formed but the zone data cannot place it (a year far out). */
      g_clear_error (&compute_error);
      ccal_core_set_error (&error, CCAL_CORE_ERROR_INVALID, "date", "The date is out of range.");
      goto fail;
    }

  if (!ccal_db_load_schedule (request->db, admin->workspace_id, admin->user_id, from, to, hold_id, &schedule, &error))
    goto fail;

  /* The same computation as the booking check, for a day read in the caller's zone. */
  check.date = date;
  check.tzid = g_strdup (tzid);
  check.duration_minutes = (int) duration;
  check.now = request->now;
  slots = ccal_slot_check_offered (&check, &schedule, &error);
  if (slots == NULL)
    goto fail;

  object = json_object_new ();
  date_text = ccal_date_format (&date);
  json_object_set_string_member (object, "date", date_text);
  json_object_set_string_member (object, "admin_id", admin->user_id);
  json_object_set_string_member (object, "timezone", tzid);
  json_object_set_int_member (object, "slot_minutes", duration > 0 ? duration : schedule.settings->slot_minutes);

  array = json_array_sized_new (slots->len);
  for (guint i = 0; i < slots->len; i++)
    {
      const CcalInterval *slot = &g_array_index (slots, CcalInterval, i);
      JsonObject *item = json_object_new ();

      json_set_time (item, "start", slot->start);
      json_set_time (item, "end", slot->end);
      json_array_add_object_element (array, item);
    }
  json_object_set_array_member (object, "slots", array);

  ccal_db_schedule_clear (&schedule);
  ccal_response_set_object (response, SOUP_STATUS_OK, object);
  return;

fail:
  ccal_db_schedule_clear (&schedule);
  ccal_response_set_error (response, error);
}

/* ── POST /api/calendar/book ────────────────────────────────────────────────────────────────── */

static void
handle_book (CcalRequest  *request,
             CcalResponse *response)
{
  JsonObject *body = request->body_object;
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalDbUser) admin = NULL;
  g_autoptr (CcalBooking) booking = NULL;
  g_autoptr (CcalBooking) stored = NULL;
  g_auto (CcalSlotCheck) check = { 0 };
  g_autofree char *admin_id = NULL;
  g_autofree char *hold_id = NULL;
  g_autofree char *location = NULL;
  const char *name, *email, *phone, *product_interest, *notes, *tzid;
  gint64 start = 0, end, from, to;
  gint64 duration = 0;

  /* In the order a booking form shows the fields, so the first error is the first field to fix. */
  if (!body_uuid (body, "admin_id", TRUE, &admin_id, &error) ||
      !body_time (body, "start_time", TRUE, &start, &error) ||
      !body_int (body, "duration_minutes", MIN_DURATION_MINUTES, MAX_DURATION_MINUTES, &duration, &error) ||
      !body_string (body, "name", TRUE, 0, &name, &error) ||
      !ccal_validate_name (name, "name", &error) ||
      !body_string (body, "email", TRUE, 0, &email, &error) ||
      !ccal_validate_email (email, "email", &error) ||
      !body_string (body, "phone", FALSE, 0, &phone, &error) ||
      !ccal_validate_phone (phone, "phone", &error) ||
      !body_string (body, "product_interest", FALSE, PRODUCT_INTEREST_MAX, &product_interest, &error) ||
      !body_string (body, "notes", FALSE, TEXT_MAX_CHARS, &notes, &error) ||
      !body_string (body, "timezone", FALSE, 0, &tzid, &error) ||
      (tzid != NULL && !ccal_validate_timezone (tzid, "timezone", &error)) ||
      !body_uuid (body, "hold_id", FALSE, &hold_id, &error))
    goto fail;

  /* A credential books in its own workspace only; the public finds the admin anywhere. */
  admin = find_admin (request, request->user != NULL ? request->user->workspace_id : NULL, admin_id, &error);
  if (admin == NULL)
    goto fail;

  if (!prepare_slot_check (request, admin->workspace_id, admin->user_id, start, (int) duration, &check, &end, &from,
                           &to, &error))
    goto fail;

  booking = ccal_booking_new ();
  booking->workspace_id = g_strdup (admin->workspace_id);
  booking->admin_id = g_strdup (admin->user_id);
  booking->contact = ccal_contact_new ();
  booking->contact->workspace_id = g_strdup (admin->workspace_id);
  booking->contact->name = g_strstrip (g_strdup (name));
  booking->contact->email = g_strstrip (g_strdup (email));
  booking->contact->phone = phone != NULL && phone[0] != '\0' ? g_strdup (phone) : NULL;
  booking->contact->timezone = g_strdup (tzid);
  booking->start_time = start;
  booking->end_time = end;
  booking->duration_minutes = check.duration_minutes;
  booking->product_interest = product_interest != NULL && product_interest[0] != '\0' ? g_strdup (product_interest)
                                                                                       : NULL;
  booking->description = notes != NULL && notes[0] != '\0' ? g_strdup (notes) : NULL;
  booking->status = CCAL_BOOKING_STATUS_PENDING;
  if (request->user != NULL)
    {
      booking->source = CCAL_BOOKING_SOURCE_STAFF;
      booking->created_by = g_strdup (request->user->user_id);
      booking->updated_by = g_strdup (request->user->user_id);
    }
  else
    booking->source = CCAL_BOOKING_SOURCE_PUBLIC;

  stored = ccal_db_insert_booking (request->db, booking, hold_id, from, to, ccal_slot_check_run, &check, &error);
  if (stored == NULL)
    goto fail;

  set_booking_response (response, SOUP_STATUS_CREATED, stored);
  location = g_strconcat ("/api/calendar/bookings/", stored->id, NULL);
  ccal_response_set_header (response, "Location", location);
  return;

fail:
  ccal_response_set_error (response, error);
}

/* ── holds ──────────────────────────────────────────────────────────────────────────────────── */

static void
handle_create_hold (CcalRequest  *request,
                    CcalResponse *response)
{
  JsonObject *body = request->body_object;
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalDbUser) admin = NULL;
  g_autoptr (CcalDbHold) stored = NULL;
  g_auto (CcalSlotCheck) check = { 0 };
  g_autofree char *admin_id = NULL;
  CcalDbHold hold = { 0 };
  gint64 start = 0, end, from, to;
  gint64 duration = 0;
  gint64 minutes = DEFAULT_HOLD_MINUTES;
  JsonObject *wrapper;

  if (!body_uuid (body, "admin_id", TRUE, &admin_id, &error) ||
      !body_time (body, "start_time", TRUE, &start, &error) ||
      !body_int (body, "duration_minutes", MIN_DURATION_MINUTES, MAX_DURATION_MINUTES, &duration, &error) ||
      !body_int (body, "minutes", 1, MAX_HOLD_MINUTES, &minutes, &error) ||
      (admin = find_admin (request, request->user->workspace_id, admin_id, &error)) == NULL ||
      !prepare_slot_check (request, admin->workspace_id, admin->user_id, start, (int) duration, &check, &end, &from,
                           &to, &error))
    {
      ccal_response_set_error (response, error);
      return;
    }

  hold.admin_id = admin->user_id;
  hold.created_by = request->user->user_id;
  hold.start_time = start;
  hold.end_time = end;
  hold.expires_at = g_get_real_time () + minutes * CCAL_USEC_PER_MINUTE;

  stored = ccal_db_insert_hold (request->db, admin->workspace_id, &hold, from, to, ccal_slot_check_run, &check, &error);
  if (stored == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }

  wrapper = json_object_new ();
  json_object_set_object_member (wrapper, "hold", hold_to_json (stored));
  ccal_response_set_object (response, SOUP_STATUS_CREATED, wrapper);
}

static void
handle_delete_hold (CcalRequest  *request,
                    CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *id = g_ascii_strdown (ccal_request_get_param (request, "id"), -1);

  if (!ccal_request_check_uuid (id, "id", &error) ||
      !ccal_db_delete_hold (request->db, request->user->workspace_id, id, &error))
    {
      ccal_response_set_error (response, error);
      return;
    }
  ccal_response_set_empty (response);
}

/* ── bookings ───────────────────────────────────────────────────────────────────────────────── */

static void
handle_list_bookings (CcalRequest  *request,
                      CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalDbPage) page = NULL;
  CcalDbListQuery query;
  const char *status_text;

  if (!ccal_request_parse_list_query (request, &query, &error) ||
      !ccal_request_query_uuid (request, "admin_id", FALSE, &query.admin_id, &error))
    {
      ccal_response_set_error (response, error);
      return;
    }

  status_text = ccal_request_get_query (request, "status");
  if (status_text != NULL)
    {
      CcalBookingStatus status;

      if (!ccal_booking_status_from_string (status_text, &status))
        {
          ccal_response_error (response, SOUP_STATUS_BAD_REQUEST, "invalid_request", "status",
                               "“status” must be pending, confirmed, cancelled, completed or no_show.");
          return;
        }
      query.status = (int) status;
    }

  query.search = ccal_request_get_query (request, "q");
  if (query.search != NULL && !ccal_validate_text_length (query.search, SEARCH_MAX_CHARS, "q", &error))
    {
      ccal_response_set_error (response, error);
      return;
    }

  page = ccal_db_list_bookings (request->db, &query, &error);
  if (page == NULL)
    {
      /* A DB "invalid" on a list is a cursor that is not one of ours. */
      if (g_error_matches (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID))
        ccal_response_error (response, SOUP_STATUS_BAD_REQUEST, "invalid_request", "cursor",
                             "The cursor is not valid for this list.");
      else
        ccal_response_set_error (response, error);
      return;
    }

  ccal_response_set_page (response, request, "bookings", page, booking_item_to_json);
}

/* The :id of the path, checked and lower-cased. */
static char *
booking_id_param (CcalRequest *request,
                  GError     **error)
{
  const char *id = ccal_request_get_param (request, "id");

  if (!ccal_request_check_uuid (id, "id", error))
    return NULL;
  return g_ascii_strdown (id, -1);
}

static CcalBooking *
get_live_booking (CcalRequest *request,
                  GError     **error)
{
  g_autofree char *id = booking_id_param (request, error);
  g_autoptr (CcalBooking) booking = NULL;

  if (id == NULL)
    return NULL;
  booking = ccal_db_get_booking (request->db, request->user->workspace_id, id, error);
  if (booking == NULL)
    return NULL;
  if (booking->deleted)
    {
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND, "There is no such booking.");
      return NULL;
    }
  return g_steal_pointer (&booking);
}

static void
handle_get_booking (CcalRequest  *request,
                    CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalBooking) booking = get_live_booking (request, &error);

  if (booking == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }
  set_booking_response (response, SOUP_STATUS_OK, booking);
}

static gboolean
booking_can_move (CcalBookingStatus status)
{
  return status == CCAL_BOOKING_STATUS_PENDING || status == CCAL_BOOKING_STATUS_CONFIRMED;
}

static gboolean
check_status_change (CcalBookingStatus   from,
                     CcalBookingStatus   to,
                     GError            **error)
{
  if (from == to || ccal_booking_status_can_change (from, to))
    return TRUE;

  switch (from)
    {
    case CCAL_BOOKING_STATUS_PENDING:
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "status",
                           "A pending booking can only become confirmed or cancelled.");
      break;
    case CCAL_BOOKING_STATUS_CONFIRMED:
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "status",
                           "A confirmed booking can only become completed, no_show or cancelled.");
      break;
    case CCAL_BOOKING_STATUS_CANCELLED:
    case CCAL_BOOKING_STATUS_COMPLETED:
    case CCAL_BOOKING_STATUS_NO_SHOW:
    default:
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "status", "A %s booking cannot change its status.",
                           ccal_booking_status_to_string (from));
      break;
    }
  return FALSE;
}

static void
handle_patch_booking (CcalRequest  *request,
                      CcalResponse *response)
{
  JsonObject *body = request->body_object;
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalBooking) current = NULL;
  g_autoptr (CcalBooking) changed = NULL;
  g_autoptr (CcalBooking) stored = NULL;
  g_auto (CcalSlotCheck) check = { 0 };
  const char *status_text = NULL;
  const char *reason = NULL;
  gint64 if_match;
  gint64 start, duration, from = 0, to = 0;
  gboolean present;
  gboolean fields_changed = FALSE;
  gboolean rescheduled;

  if (!ccal_request_get_if_match (request, &if_match, &error) ||
      (current = get_live_booking (request, &error)) == NULL)
    goto fail;

  changed = ccal_booking_copy (current);
  start = current->start_time;
  duration = current->duration_minutes > 0 ? current->duration_minutes
                                           : (current->end_time - current->start_time) / CCAL_USEC_PER_MINUTE;

  if (!body_string (body, "status", FALSE, 0, &status_text, &error) ||
      !body_string (body, "reason", FALSE, REASON_MAX_CHARS, &reason, &error) ||
      !body_time (body, "start_time", FALSE, &start, &error) ||
      !body_int (body, "duration_minutes", MIN_DURATION_MINUTES, MAX_DURATION_MINUTES, &duration, &error))
    goto fail;

  if (status_text != NULL)
    {
      if (!ccal_booking_status_from_string (status_text, &changed->status))
        {
          ccal_core_set_error (&error, CCAL_CORE_ERROR_INVALID, "status",
                               "“status” must be pending, confirmed, cancelled, completed or no_show.");
          goto fail;
        }
      if (!check_status_change (current->status, changed->status, &error))
        goto fail;
    }

#define PATCH_TEXT(member, field, max)                                                              \
  G_STMT_START                                                                                      \
  {                                                                                                 \
    if (!body_nullable_string (body, member, max, &present, &changed->field, &error))               \
      goto fail;                                                                                    \
    fields_changed |= present && g_strcmp0 (changed->field, current->field) != 0;                   \
  }                                                                                                 \
  G_STMT_END

  PATCH_TEXT ("title", title, TITLE_MAX_CHARS);
  PATCH_TEXT ("description", description, TEXT_MAX_CHARS);
  PATCH_TEXT ("location", location, LOCATION_MAX_CHARS);
  PATCH_TEXT ("meeting_link", meeting_link, MEETING_LINK_MAX_CHARS);
  PATCH_TEXT ("opportunity_id", opportunity_id, 0);
#undef PATCH_TEXT

  if (changed->opportunity_id != NULL && g_strcmp0 (changed->opportunity_id, current->opportunity_id) != 0)
    {
      char *lower;

      if (!ccal_validate_uuid (changed->opportunity_id, "opportunity_id", &error))
        goto fail;
      lower = g_ascii_strdown (changed->opportunity_id, -1);
      g_free (changed->opportunity_id);
      changed->opportunity_id = lower;
    }

  changed->start_time = start;
  changed->duration_minutes = (int) duration;
  changed->end_time = start + duration * CCAL_USEC_PER_MINUTE;
  rescheduled = changed->start_time != current->start_time || changed->end_time != current->end_time;

  if (rescheduled)
    {
      if (!booking_can_move (current->status) || !booking_can_move (changed->status))
        {
          ccal_core_set_error (&error, CCAL_CORE_ERROR_INVALID, "start_time",
                               "Only a pending or confirmed booking can be rescheduled.");
          goto fail;
        }
      if (!prepare_slot_check (request, current->workspace_id, current->admin_id, start, (int) duration, &check,
                               &changed->end_time, &from, &to, &error))
        goto fail;
    }

  /* Nothing to change: answer what is stored, as long as the caller's version is the current one. */
  if (!rescheduled && !fields_changed && changed->status == current->status)
    {
      if (if_match > 0 && if_match != current->version)
        {
          g_set_error (&error, CCAL_DB_ERROR, CCAL_DB_ERROR_VERSION_CONFLICT,
                       "The booking was changed meanwhile (now version %" G_GINT64_FORMAT ").", current->version);
          goto fail;
        }
      set_booking_response (response, SOUP_STATUS_OK, current);
      return;
    }

  g_free (changed->updated_by);
  changed->updated_by = g_strdup (request->user->user_id);

  stored = ccal_db_update_booking (request->db, changed, if_match,
                                   changed->status != current->status ? reason : NULL, rescheduled, from, to,
                                   rescheduled ? ccal_slot_check_run : NULL, &check, &error);
  if (stored == NULL)
    goto fail;

  set_booking_response (response, SOUP_STATUS_OK, stored);
  return;

fail:
  ccal_response_set_error (response, error);
}

static void
handle_booking_history (CcalRequest  *request,
                        CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) entries = NULL;
  g_autofree char *id = booking_id_param (request, &error);
  JsonObject *object;
  JsonArray *array;

  if (id == NULL ||
      (entries = ccal_db_list_history (request->db, request->user->workspace_id, id, &error)) == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }

  array = json_array_sized_new (entries->len);
  for (guint i = 0; i < entries->len; i++)
    json_array_add_object_element (array, history_entry_to_json (g_ptr_array_index (entries, i)));

  object = json_object_new ();
  json_object_set_array_member (object, "history", array);
  ccal_response_set_object (response, SOUP_STATUS_OK, object);
}

static void
handle_put_result (CcalRequest  *request,
                   CcalResponse *response)
{
  JsonObject *body = request->body_object;
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalBooking) current = NULL;
  g_autoptr (CcalBooking) stored = NULL;
  g_autofree char *outcome = NULL;
  const char *outcome_text, *notes;
  gint64 if_match;

  if (!ccal_request_get_if_match (request, &if_match, &error) ||
      !body_string (body, "outcome", TRUE, OUTCOME_MAX_CHARS, &outcome_text, &error) ||
      !body_string (body, "notes", FALSE, TEXT_MAX_CHARS, &notes, &error) ||
      (current = get_live_booking (request, &error)) == NULL)
    goto fail;

  /* CcalDb's set_result takes no version: checked here, just before the write. */
  if (if_match > 0 && if_match != current->version)
    {
      g_set_error (&error, CCAL_DB_ERROR, CCAL_DB_ERROR_VERSION_CONFLICT,
                   "The booking was changed meanwhile (now version %" G_GINT64_FORMAT ").", current->version);
      goto fail;
    }

  outcome = g_strstrip (g_strdup (outcome_text));
  stored = ccal_db_set_result (request->db, current->workspace_id, current->id, outcome,
                               notes != NULL && notes[0] != '\0' ? notes : NULL, request->user->user_id, &error);
  if (stored == NULL)
    goto fail;

  ccal_response_set_resource (response, SOUP_STATUS_OK, "result", result_to_json (stored), stored->version);
  return;

fail:
  ccal_response_set_error (response, error);
}

static void
handle_list_follow_ups (CcalRequest  *request,
                        CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) items = NULL;
  g_autofree char *id = booking_id_param (request, &error);
  JsonObject *object;
  JsonArray *array;

  if (id == NULL ||
      (items = ccal_db_list_follow_ups (request->db, request->user->workspace_id, id, &error)) == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }

  array = json_array_sized_new (items->len);
  for (guint i = 0; i < items->len; i++)
    json_array_add_object_element (array, follow_up_to_json (g_ptr_array_index (items, i)));

  object = json_object_new ();
  json_object_set_array_member (object, "follow_ups", array);
  ccal_response_set_object (response, SOUP_STATUS_OK, object);
}

static void
handle_create_follow_up (CcalRequest  *request,
                         CcalResponse *response)
{
  JsonObject *body = request->body_object;
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalDbFollowUp) stored = NULL;
  g_autofree char *id = NULL;
  g_autofree char *action = NULL;
  const char *action_text, *notes;
  CcalDbFollowUp follow_up = { 0 };
  gint64 due_at = 0;
  JsonObject *wrapper;

  if ((id = booking_id_param (request, &error)) == NULL ||
      !body_time (body, "due_at", TRUE, &due_at, &error) ||
      !body_string (body, "action", TRUE, ACTION_MAX_CHARS, &action_text, &error) ||
      !body_string (body, "notes", FALSE, TEXT_MAX_CHARS, &notes, &error))
    {
      ccal_response_set_error (response, error);
      return;
    }

  action = g_strstrip (g_strdup (action_text));
  follow_up.booking_id = id;
  follow_up.due_at = due_at;
  follow_up.action = action;
  follow_up.notes = notes != NULL && notes[0] != '\0' ? (char *) notes : NULL;
  follow_up.created_by = request->user->user_id;

  stored = ccal_db_insert_follow_up (request->db, request->user->workspace_id, &follow_up, &error);
  if (stored == NULL)
    {
      ccal_response_set_error (response, error);
      return;
    }

  wrapper = json_object_new ();
  json_object_set_object_member (wrapper, "follow_up", follow_up_to_json (stored));
  ccal_response_set_object (response, SOUP_STATUS_CREATED, wrapper);
}

/* PATCH …/follow-ups/:follow_up_id: `done` is the only thing a follow-up changes after creation. */
static void
handle_update_follow_up (CcalRequest  *request,
                         CcalResponse *response)
{
  JsonObject *body = request->body_object;
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalDbFollowUp) stored = NULL;
  g_autoptr (GList) members = NULL;
  g_autofree char *id = NULL;
  g_autofree char *follow_up_id = NULL;
  const char *follow_up_param = ccal_request_get_param (request, "follow_up_id");
  JsonNode *node;
  JsonObject *wrapper;

  if ((id = booking_id_param (request, &error)) == NULL ||
      !ccal_request_check_uuid (follow_up_param, "follow_up_id", &error))
    goto fail;

  members = json_object_get_members (body);
  for (GList *l = members; l != NULL; l = l->next)
    if (g_strcmp0 (l->data, "done") != 0)
      {
        ccal_core_set_error (&error, CCAL_CORE_ERROR_INVALID, l->data,
                             "The “%s” field cannot be changed; only “done” can.", (const char *) l->data);
        goto fail;
      }

  node = body_member (body, "done");
  if (node == NULL)
    {
      missing_field ("done", &error);
      goto fail;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      wrong_type ("done", "true or false", &error);
      goto fail;
    }

  follow_up_id = g_ascii_strdown (follow_up_param, -1);
  stored = ccal_db_update_follow_up_done (request->db, request->user->workspace_id, id, follow_up_id,
                                          json_node_get_boolean (node), &error);
  if (stored == NULL)
    goto fail;

  wrapper = json_object_new ();
  json_object_set_object_member (wrapper, "follow_up", follow_up_to_json (stored));
  ccal_response_set_object (response, SOUP_STATUS_OK, wrapper);
  return;

fail:
  ccal_response_set_error (response, error);
}

/* ── GET /api/calendar/analytics/bookings ───────────────────────────────────────────────────── */

/* An RFC 3339 instant, or a date meaning local midnight starting it in @tzid. */
static gboolean
query_instant_or_date (CcalRequest *request,
                       const char  *name,
                       const char  *tzid,
                       gint64      *out_usec,
                       GError     **error)
{
  const char *value = ccal_request_get_query (request, name);
  gint64 unused;
  GDate date;

  if (value == NULL)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, name, "The “%s” parameter is required.", name);
      return FALSE;
    }

  if (strlen (value) == 10 && ccal_date_parse (value, name, &date, NULL))
    {
      if (!ccal_time_day_bounds (&date, tzid, out_usec, &unused, NULL))
        {
          ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, name, "The date is out of range.");
          return FALSE;
        }
      return TRUE;
    }

  if (!ccal_time_parse_rfc3339 (value, name, out_usec, NULL))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, name,
                           "“%s” must be an RFC 3339 time such as 2026-12-01T00:00:00Z or a date such as 2026-12-01.",
                           name);
      return FALSE;
    }
  return TRUE;
}

static void
handle_analytics (CcalRequest  *request,
                  CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalSettings) settings = NULL;
  g_autoptr (GPtrArray) bookings = NULL;
  g_autoptr (CcalAnalytics) analytics = NULL;
  g_autofree char *default_zone = NULL;
  const char *tzid = NULL;
  const char *bucket_text;
  CcalBucket bucket = CCAL_BUCKET_DAY;
  gint64 from = 0, to = 0;

  if (!ccal_request_query_timezone (request, "timezone", FALSE, &tzid, &error))
    goto fail;

  bucket_text = ccal_request_get_query (request, "bucket");
  if (bucket_text != NULL && !ccal_bucket_from_string (bucket_text, &bucket))
    {
      ccal_core_set_error (&error, CCAL_CORE_ERROR_INVALID, "bucket", "“bucket” must be day, week or month.");
      goto fail;
    }

  if (tzid == NULL)
    {
      settings = ccal_db_get_settings (request->db, request->user->workspace_id, request->user->user_id, &error);
      if (settings == NULL)
        goto fail;
      default_zone = g_strdup (settings_zone (settings));
      tzid = default_zone;
    }

  if (!query_instant_or_date (request, "from", tzid, &from, &error) ||
      !query_instant_or_date (request, "to", tzid, &to, &error))
    goto fail;

  if (to <= from)
    {
      ccal_core_set_error (&error, CCAL_CORE_ERROR_INVALID, "to", "“to” must be after “from”.");
      goto fail;
    }
  if ((to - from) / CCAL_USEC_PER_DAY > ANALYTICS_MAX_DAYS)
    {
      ccal_core_set_error (&error, CCAL_CORE_ERROR_INVALID, "to", "A report can span at most %d days.",
                           ANALYTICS_MAX_DAYS);
      goto fail;
    }

  bookings = ccal_db_list_bookings_in_range (request->db, request->user->workspace_id, from, to, &error);
  if (bookings == NULL)
    goto fail;

  analytics = ccal_analytics_compute (bookings, from, to, bucket, tzid, &error);
  if (analytics == NULL)
    goto fail;

  ccal_response_set_object (response, SOUP_STATUS_OK, ccal_analytics_to_json (analytics));
  return;

fail:
  ccal_response_set_error (response, error);
}

static const CcalRoute booking_routes[] = {
  { "GET", "/api/calendar/availability", CCAL_ACCESS_PUBLIC, CCAL_ROUTE_FLAGS_NONE, handle_availability },
  { "POST", "/api/calendar/book", CCAL_ACCESS_OPTIONAL, CCAL_ROUTE_FLAGS_NONE, handle_book },
  { "POST", "/api/calendar/holds", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, handle_create_hold },
  { "DELETE", "/api/calendar/holds/:id", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, handle_delete_hold },
  { "GET", "/api/calendar/bookings", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, handle_list_bookings },
  { "GET", "/api/calendar/bookings/:id", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, handle_get_booking },
  { "PATCH", "/api/calendar/bookings/:id", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, handle_patch_booking },
  { "GET", "/api/calendar/bookings/:id/history", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, handle_booking_history },
  { "PUT", "/api/calendar/bookings/:id/result", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, handle_put_result },
  { "GET", "/api/calendar/bookings/:id/follow-ups", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE,
    handle_list_follow_ups },
  { "POST", "/api/calendar/bookings/:id/follow-ups", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE,
    handle_create_follow_up },
  { "PATCH", "/api/calendar/bookings/:id/follow-ups/:follow_up_id", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE,
    handle_update_follow_up },
  { "GET", "/api/calendar/analytics/bookings", CCAL_ACCESS_ADMIN, CCAL_ROUTE_FLAGS_NONE, handle_analytics },
};

const CcalRoute *
ccal_booking_routes (gsize *n_routes)
{
  *n_routes = G_N_ELEMENTS (booking_routes);
  return booking_routes;
}
