/* bench-seed.c — fills a database with what benchmarks/bench-server measures against
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Works on any backend ccal_db_open () accepts (a SQLite path or a postgresql:// URI), through the
 * CcalDb interface only, and makes two workspaces:
 *
 * - "bench-TAG": one busy admin in Europe/Berlin with daily opening hours 07:00–21:00 (one
 *   FREQ=DAILY series that starts with the history), a weekly blocked team meeting, 15-minute slots,
 *   60 minutes of notice and 90 days ahead, and --bookings bookings (100,000 by default): every
 *   other slot of each past day, going back day by day as far as the count needs (about ten years),
 *   and every third slot of today and the 90 bookable days, so the availability answer still has
 *   free slots. Past bookings are completed, no-show or cancelled, future ones pending, confirmed
 *   or cancelled; 5,000 contacts. This is what GET /availability reads: a large table of which each
 *   query needs one day of one admin.
 * - "bench-book-TAG": --book-admins admins (UTC, 15-minute slots, no notice, 3650 days ahead) who
 *   are free around the clock every day from today: POST /book takes slot (k / admins) % 96 of day
 *   1 + (k / admins) / 96 of admin k % admins, a distinct free slot for every k.
 *
 * Prints one JSON line with the ids and dates bench-server needs; progress goes to stderr.
 */
#define G_LOG_DOMAIN "ccal-bench"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ccal-db.h"

#define BUSY_ZONE            "Europe/Berlin"
#define SLOT_MINUTES         15
#define OPEN_HOUR            7
#define CLOSE_HOUR           21
#define SLOTS_PER_DAY        ((CLOSE_HOUR - OPEN_HOUR) * 60 / SLOT_MINUTES)
#define HORIZON_DAYS         90
#define N_CONTACTS           5000
#define IMPORT_BATCH         5000
#define BOOK_HORIZON_DAYS    3650

typedef struct
{
  CcalDb     *db;
  const char *workspace_id;
  const char *admin_id;
  GPtrArray  *batch;           /* CcalBooking waiting for the next import */
  guint       n_done;
  guint       n_total;
} Seed;

static GDate
add_days (const GDate *date,
          int          days)
{
  GDate result = *date;

  if (days >= 0)
    g_date_add_days (&result, (guint) days);
  else
    g_date_subtract_days (&result, (guint) -days);
  return result;
}

static gboolean
wall_time (const GDate  *date,
           const char   *zone,
           int           hour,
           int           minute,
           gint64       *out_usec,
           GError      **error)
{
  CcalWallClock wall = {
    g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), hour, minute, 0,
  };

  return ccal_time_from_wall_clock (&wall, zone, out_usec, error);
}

static gboolean
flush_batch (Seed     *seed,
             GError  **error)
{
  if (seed->batch->len == 0)
    return TRUE;
  if (!ccal_db_import_bookings (seed->db, seed->batch, error))
    return FALSE;
  seed->n_done += seed->batch->len;
  g_ptr_array_set_size (seed->batch, 0);
  g_printerr ("\rbench-seed: %u of %u bookings", seed->n_done, seed->n_total);
  return TRUE;
}

/* One 15-minute booking in slot @slot of @date; @index picks its status and contact. */
static gboolean
add_booking (Seed         *seed,
             const GDate  *date,
             int           slot,
             gboolean      past,
             guint         index,
             GError      **error)
{
  g_autoptr (CcalBooking) booking = ccal_booking_new ();
  int minutes = OPEN_HOUR * 60 + slot * SLOT_MINUTES;
  guint who = index % N_CONTACTS;

  booking->workspace_id = g_strdup (seed->workspace_id);
  booking->admin_id = g_strdup (seed->admin_id);
  booking->contact = ccal_contact_new ();
  booking->contact->workspace_id = g_strdup (seed->workspace_id);
  booking->contact->name = g_strdup_printf ("Customer %04u", who);
  booking->contact->email = g_strdup_printf ("customer%04u@example.com", who);
  booking->contact->timezone = g_strdup (BUSY_ZONE);
  if (!wall_time (date, BUSY_ZONE, minutes / 60, minutes % 60, &booking->start_time, error))
    return FALSE;
  booking->end_time = booking->start_time + SLOT_MINUTES * CCAL_USEC_PER_MINUTE;
  booking->duration_minutes = SLOT_MINUTES;
  booking->title = g_strdup ("Consultation");
  booking->location = g_strdup ("Phone call");
  booking->product_interest = g_strdup (index % 3 == 0 ? "CRM Professional" : "CRM Starter");

  if (past)
    booking->status = index % 10 == 0 ? CCAL_BOOKING_STATUS_CANCELLED
                    : index % 10 == 1 ? CCAL_BOOKING_STATUS_NO_SHOW
                                      : CCAL_BOOKING_STATUS_COMPLETED;
  else
    booking->status = index % 20 == 0 ? CCAL_BOOKING_STATUS_CANCELLED
                    : index % 2 == 1  ? CCAL_BOOKING_STATUS_CONFIRMED
                                      : CCAL_BOOKING_STATUS_PENDING;

  if (index % 4 == 0)
    {
      booking->source = CCAL_BOOKING_SOURCE_STAFF;
      booking->created_by = g_strdup (seed->admin_id);
      booking->updated_by = g_strdup (seed->admin_id);
    }
  else
    booking->source = CCAL_BOOKING_SOURCE_PUBLIC;

  /* Booked one to fourteen days ahead, as people do. */
  booking->created_at = booking->start_time - (gint64) (1 + index % 14) * CCAL_USEC_PER_DAY;
  booking->updated_at = booking->created_at;

  g_ptr_array_add (seed->batch, g_steal_pointer (&booking));
  if (seed->batch->len >= IMPORT_BATCH)
    return flush_batch (seed, error);
  return TRUE;
}

static gboolean
put_settings (CcalDb       *db,
              const char   *workspace_id,
              const char   *admin_id,
              const char   *zone,
              int           min_notice_minutes,
              int           max_advance_days,
              GError      **error)
{
  g_autoptr (CcalSettings) settings = ccal_db_get_settings (db, workspace_id, admin_id, error);
  g_autoptr (CcalSettings) stored = NULL;

  if (settings == NULL)
    return FALSE;
  g_free (settings->timezone);
  settings->timezone = g_strdup (zone);
  settings->slot_minutes = SLOT_MINUTES;
  settings->buffer_before_minutes = 0;
  settings->buffer_after_minutes = 0;
  settings->min_notice_minutes = min_notice_minutes;
  settings->max_advance_days = max_advance_days;
  stored = ccal_db_put_settings (db, workspace_id, settings, 0, error);
  return stored != NULL;
}

static gboolean
add_event (CcalDb         *db,
           const char     *workspace_id,
           const char     *admin_id,
           CcalEventType   type,
           const char     *title,
           const char     *zone,
           gint64          start,
           gint64          end,
           const char     *rrule,
           GError        **error)
{
  g_autoptr (CcalEvent) event = ccal_event_new ();
  g_autoptr (CcalEvent) stored = NULL;

  event->workspace_id = g_strdup (workspace_id);
  event->admin_id = g_strdup (admin_id);
  event->title = g_strdup (title);
  event->type = type;
  event->timezone = g_strdup (zone);
  event->rrule = g_strdup (rrule);
  event->status = CCAL_EVENT_STATUS_CONFIRMED;
  event->created_by = g_strdup (admin_id);
  event->start_time = start;
  event->end_time = end;
  if (!ccal_event_validate (event, error))
    return FALSE;
  stored = ccal_db_insert_event (db, event, error);
  return stored != NULL;
}

/* The busy admin: future first (every third slot), then past days backwards (every other slot). */
static gboolean
seed_busy_admin (Seed         *seed,
                 const GDate  *today,
                 GDate        *out_first_day,
                 GError      **error)
{
  guint index = 0;
  GDate day;
  gint64 start, end;

  for (int offset = 0; offset <= HORIZON_DAYS && index < seed->n_total; offset++)
    {
      day = add_days (today, offset);
      for (int slot = 0; slot < SLOTS_PER_DAY && index < seed->n_total; slot += 3)
        if (!add_booking (seed, &day, slot, FALSE, index++, error))
          return FALSE;
    }

  day = *today;
  while (index < seed->n_total)
    {
      g_date_subtract_days (&day, 1);
      for (int slot = 0; slot < SLOTS_PER_DAY && index < seed->n_total; slot += 2)
        if (!add_booking (seed, &day, slot, TRUE, index++, error))
          return FALSE;
    }
  if (!flush_batch (seed, error))
    return FALSE;
  g_printerr ("\n");

  /* The opening hours and the team meeting start with the history (on a Monday for the meeting). */
  *out_first_day = g_date_compare (&day, today) < 0 ? day : *today;
  if (!wall_time (out_first_day, BUSY_ZONE, OPEN_HOUR, 0, &start, error) ||
      !wall_time (out_first_day, BUSY_ZONE, CLOSE_HOUR, 0, &end, error) ||
      !add_event (seed->db, seed->workspace_id, seed->admin_id, CCAL_EVENT_TYPE_AVAILABILITY, "Opening hours",
                  BUSY_ZONE, start, end, "FREQ=DAILY", error))
    return FALSE;

  day = add_days (out_first_day, (G_DATE_MONDAY - (int) g_date_get_weekday (out_first_day) + 7) % 7);
  if (!wall_time (&day, BUSY_ZONE, 12, 0, &start, error) ||
      !wall_time (&day, BUSY_ZONE, 13, 0, &end, error) ||
      !add_event (seed->db, seed->workspace_id, seed->admin_id, CCAL_EVENT_TYPE_BLOCKED, "Team meeting",
                  BUSY_ZONE, start, end, "FREQ=WEEKLY;BYDAY=MO", error))
    return FALSE;

  return put_settings (seed->db, seed->workspace_id, seed->admin_id, BUSY_ZONE, 60, HORIZON_DAYS, error);
}

/* Admins free around the clock from today (UTC) on. */
static gboolean
seed_book_admins (CcalDb        *db,
                  const char    *workspace_id,
                  guint          n_admins,
                  const GDate   *today_utc,
                  JsonBuilder   *ids,
                  GError       **error)
{
  gint64 start, end;

  if (!ccal_time_day_bounds (today_utc, "UTC", &start, &end, error))
    return FALSE;

  for (guint i = 0; i < n_admins; i++)
    {
      g_autofree char *email = g_strdup_printf ("book-admin-%03u@example.com", i);
      g_autofree char *name = g_strdup_printf ("Booking admin %03u", i);
      g_autofree char *admin_id = ccal_db_ensure_user (db, workspace_id, email, name, CCAL_ROLE_ADMIN, error);

      if (admin_id == NULL ||
          !put_settings (db, workspace_id, admin_id, "UTC", 0, BOOK_HORIZON_DAYS, error) ||
          !add_event (db, workspace_id, admin_id, CCAL_EVENT_TYPE_AVAILABILITY, "Around the clock", "UTC", start,
                      end, "FREQ=DAILY", error))
        return FALSE;
      json_builder_add_string_value (ids, admin_id);
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr (GOptionContext) context = NULL;
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalDb) db = NULL;
  g_autoptr (GPtrArray) batch = NULL;
  g_autoptr (JsonBuilder) builder = NULL;
  g_autoptr (JsonGenerator) generator = NULL;
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *database = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *workspace_id = NULL;
  g_autofree char *book_workspace_id = NULL;
  g_autofree char *admin_id = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *today_text = NULL;
  g_autofree char *json = NULL;
  int n_bookings = 100000;
  int n_book_admins = 100;
  gint64 began = g_get_monotonic_time ();
  GOptionEntry entries[] = {
    { "database", 0, 0, G_OPTION_ARG_STRING, &database, "Database URI (a SQLite path or postgresql://…)", "URI" },
    { "tag", 0, 0, G_OPTION_ARG_STRING, &tag, "Suffix of the two workspace ids (default: random)", "TAG" },
    { "bookings", 0, 0, G_OPTION_ARG_INT, &n_bookings, "Bookings of the busy admin (default 100000)", "N" },
    { "book-admins", 0, 0, G_OPTION_ARG_INT, &n_book_admins, "Admins that POST /book spreads over (default 100)",
      "N" },
    { NULL },
  };
  Seed seed = { 0 };
  GDate today, today_utc, first_day;
  gint64 now = g_get_real_time ();

  context = g_option_context_new ("— fill a database for bench-server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || database == NULL || n_bookings < 0 ||
      n_book_admins < 1 || n_book_admins > 1000)
    {
      g_printerr ("bench-seed: %s\n", error != NULL ? error->message
                                                    : "--database is required; --book-admins is 1–1000");
      return 2;
    }
  if (tag == NULL)
    tag = g_strdup_printf ("%08x", g_random_int ());
  workspace_id = g_strdup_printf ("bench-%s", tag);
  book_workspace_id = g_strdup_printf ("bench-book-%s", tag);

  db = ccal_db_open (database, &error);
  if (db == NULL || !ccal_db_migrate (db, &error) || !ccal_db_create_workspace (db, workspace_id, &error) ||
      !ccal_db_create_workspace (db, book_workspace_id, &error))
    goto fail;
  admin_id = ccal_db_ensure_user (db, workspace_id, "busy.admin@example.com", "Busy Admin", CCAL_ROLE_ADMIN, &error);
  if (admin_id == NULL)
    goto fail;

  g_date_clear (&today, 1);
  g_date_clear (&today_utc, 1);
  g_date_clear (&first_day, 1);
  if (!ccal_time_to_date (now, BUSY_ZONE, &today, &error) || !ccal_time_to_date (now, "UTC", &today_utc, &error))
    goto fail;

  batch = g_ptr_array_new_with_free_func (g_object_unref);
  seed.db = db;
  seed.workspace_id = workspace_id;
  seed.admin_id = admin_id;
  seed.batch = batch;
  seed.n_total = (guint) n_bookings;
  if (!seed_busy_admin (&seed, &today, &first_day, &error))
    goto fail;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "book_admins");
  json_builder_begin_array (builder);
  if (!seed_book_admins (db, book_workspace_id, (guint) n_book_admins, &today_utc, builder, &error))
    goto fail;
  json_builder_end_array (builder);

  first_text = ccal_date_format (&first_day);
  today_text = ccal_date_format (&today_utc);
  json_builder_set_member_name (builder, "workspace_id");
  json_builder_add_string_value (builder, workspace_id);
  json_builder_set_member_name (builder, "admin_id");
  json_builder_add_string_value (builder, admin_id);
  json_builder_set_member_name (builder, "timezone");
  json_builder_add_string_value (builder, BUSY_ZONE);
  json_builder_set_member_name (builder, "bookings");
  json_builder_add_int_value (builder, n_bookings);
  json_builder_set_member_name (builder, "first_day");
  json_builder_add_string_value (builder, first_text);
  json_builder_set_member_name (builder, "horizon_days");
  json_builder_add_int_value (builder, HORIZON_DAYS);
  json_builder_set_member_name (builder, "book_workspace_id");
  json_builder_add_string_value (builder, book_workspace_id);
  json_builder_set_member_name (builder, "book_today");
  json_builder_add_string_value (builder, today_text);
  json_builder_set_member_name (builder, "book_slots_per_day");
  json_builder_add_int_value (builder, 24 * 60 / SLOT_MINUTES);
  json_builder_set_member_name (builder, "book_slot_minutes");
  json_builder_add_int_value (builder, SLOT_MINUTES);
  json_builder_set_member_name (builder, "seconds");
  json_builder_add_double_value (builder, (double) (g_get_monotonic_time () - began) / G_USEC_PER_SEC);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  printf ("%s\n", json);
  ccal_db_close (db);
  return 0;

fail:
  g_printerr ("\nbench-seed: %s\n", error->message);
  return 1;
}
