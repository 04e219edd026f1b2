/* ccal-demo-data.c — fills a workspace with realistic weeks of availability, events and bookings
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What it makes, on one admin's calendar, relative to today (in the admin's zone):
 * - settings: the admin's zone (Europe/Berlin when none was chosen), 30-minute slots, 10 minutes of
 *   buffer after each appointment, 60 minutes of notice, 60 days ahead;
 * - availability: Mon–Fri 09:00–12:00 and 13:00–17:00 as two weekly RRULE series from four weeks ago;
 * - blocked time (a lunch meeting, a day off, a dentist's appointment) and ordinary events (a weekly
 *   stand-up, a planning meeting, a webinar);
 * - a dozen contacts and, from four weeks back to six weeks ahead, one to three bookings on most
 *   working days: past ones completed, no_show or cancelled, future ones pending, confirmed or
 *   cancelled (each status at least once), booked publicly or by staff, with product interests, and
 *   for past meetings results and follow-ups.
 *
 * Everything goes through the CcalDb interface, so it works on every backend. Each booking takes a
 * slot that ccal_availability_compute_day () offers for its day: future ones through the same slot
 * check as POST /book; past ones computed as of the moment they were "made" (the database's overlap
 * rule still applies, so nothing overlaps). Status changes go through update_booking in the allowed
 * order, so the history reads like real use. The random choices use a fixed seed.
 *
 * ccal_demo_data_fill () fills the calendar of the workspace's first admin (the one `init` made),
 * so the admin who signs in sees a populated week; a workspace without an admin gets a demo admin
 * (Lena Hoffmann). ccal_demo_data_fill_for_admin () names the owner outright.
 */
#define G_LOG_DOMAIN "ccal-server"

#include "config.h"

#include "ccal-demo-data.h"
#include "ccal-slot-check.h"

#define DEMO_MARK          "demo_data"
#define WEEKS_BACK         4
#define DAYS_AHEAD         42
#define DEMO_SEED          20260101

typedef struct
{
  const char *name;
  const char *email;
  const char *phone;
  const char *timezone;
} DemoContact;

static const DemoContact demo_contacts[] = {
  { "Anna Schmidt", "anna.schmidt@example.de", "+49 30 1234567", "Europe/Berlin" },
  { "Lukas Becker", "lukas.becker@example.com", "+49 151 23456789", "Europe/Berlin" },
  { "Sophie Wagner", "s.wagner@example.at", "+43 1 5123456", "Europe/Vienna" },
  { "Mehmet Yılmaz", "mehmet.yilmaz@example.de", "+49 40 9876543", "Europe/Berlin" },
  { "Emma Fischer", "emma.fischer@example.org", NULL, "Europe/Berlin" },
  { "Jonas Müller", "jonas.mueller@example.com", "+49 89 2233445", "Europe/Berlin" },
  { "Claire Dubois", "claire.dubois@example.fr", "+33 1 42 68 53 00", "Europe/Paris" },
  { "Noah Keller", "noah.keller@example.ch", "+41 44 668 18 00", "Europe/Zurich" },
  { "Olivia Brown", "olivia.brown@example.com", "+1 (212) 555-0147", "America/New_York" },
  { "Felix Neumann", "felix.neumann@example.net", "+49 221 345678", "Europe/Berlin" },
  { "Marta Kowalska", "marta.kowalska@example.pl", "+48 22 628 12 34", "Europe/Warsaw" },
  { "Paul Richter", "paul.richter@example.de", NULL, "Europe/Berlin" },
};

static const char *const product_interests[] = {
  "CRM Starter", "CRM Professional", "Calendar booking add-on", "Support plan", "Data migration", NULL,
};

static const char *const customer_notes[] = {
  "We are about 20 people in sales and want to move off spreadsheets.",
  "Please call on my mobile, I am travelling that week.",
  "Interested in pricing for annual billing.",
  "Could you show how the booking page works on our website?",
  NULL,
  NULL,
};

static const char *const outcomes[] = {
  "Interested — sending a quote",
  "Signed up for a 30-day trial",
  "Needs approval from management",
  "Not a fit right now",
  "Closed: annual contract",
};

typedef struct
{
  CcalDb       *db;
  const char   *workspace_id;
  const char   *admin_id;
  char         *staff_id;
  char         *zone;
  gint64        now;
  GDate         today;
  GRand        *rand;
  guint         n_by_status[CCAL_N_BOOKING_STATUSES];
  guint         n_past;
  guint         n_future;
} Demo;

static void
demo_clear (Demo *demo)
{
  g_clear_pointer (&demo->staff_id, g_free);
  g_clear_pointer (&demo->zone, g_free);
  g_clear_pointer (&demo->rand, g_rand_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Demo, demo_clear)

static const char *
pick (Demo              *demo,
      const char *const *items,
      gsize              n_items)
{
  return items[g_rand_int_range (demo->rand, 0, (gint32) n_items)];
}

static gboolean
chance (Demo *demo,
        int   percent)
{
  return g_rand_int_range (demo->rand, 0, 100) < percent;
}

/* The instant @date shows @hour:@minute in the admin's zone. */
static gboolean
local_time (Demo         *demo,
            const GDate  *date,
            int           hour,
            int           minute,
            gint64       *out_usec,
            GError      **error)
{
  CcalWallClock wall = {
    g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), hour, minute, 0,
  };

  return ccal_time_from_wall_clock (&wall, demo->zone, out_usec, error);
}

static GDate
day_offset (const GDate *date,
            int          days)
{
  GDate result = *date;

  if (days >= 0)
    g_date_add_days (&result, (guint) days);
  else
    g_date_subtract_days (&result, (guint) -days);
  return result;
}

/* The first day on or after @date that is @weekday. */
static GDate
next_weekday (const GDate  *date,
              GDateWeekday  weekday)
{
  int delta = ((int) weekday - (int) g_date_get_weekday (date) + 7) % 7;

  return day_offset (date, delta);
}

/* ── settings and events ────────────────────────────────────────────────────────────────────── */

static gboolean
put_settings (Demo    *demo,
              GError **error)
{
  g_autoptr (CcalSettings) settings = NULL;
  g_autoptr (CcalSettings) stored = NULL;

  settings = ccal_db_get_settings (demo->db, demo->workspace_id, demo->admin_id, error);
  if (settings == NULL)
    return FALSE;

  /* An admin who chose a zone keeps it; the default UTC becomes a zone with DST, which is what the
   * demo is for. */
  if (settings->timezone == NULL || g_str_equal (settings->timezone, "UTC"))
    {
      g_free (settings->timezone);
      settings->timezone = g_strdup ("Europe/Berlin");
    }
  settings->slot_minutes = 30;
  settings->buffer_before_minutes = 0;
  settings->buffer_after_minutes = 10;
  settings->min_notice_minutes = 60;
  settings->max_advance_days = 60;

  stored = ccal_db_put_settings (demo->db, demo->workspace_id, settings, 0, error);
  if (stored == NULL)
    return FALSE;

  demo->zone = g_strdup (stored->timezone);
  return TRUE;
}

static gboolean
add_event (Demo          *demo,
           CcalEventType  type,
           const char    *title,
           const GDate   *date,
           int            start_hour,
           int            start_minute,
           int            end_hour,
           int            end_minute,
           gboolean       all_day,
           const char    *rrule,
           const char    *location,
           GError       **error)
{
  g_autoptr (CcalEvent) event = ccal_event_new ();
  g_autoptr (CcalEvent) stored = NULL;

  event->workspace_id = g_strdup (demo->workspace_id);
  event->admin_id = g_strdup (demo->admin_id);
  event->title = g_strdup (title);
  event->type = type;
  event->timezone = g_strdup (demo->zone);
  event->rrule = g_strdup (rrule);
  event->location = g_strdup (location);
  event->is_all_day = all_day;
  event->status = CCAL_EVENT_STATUS_CONFIRMED;
  event->created_by = g_strdup (demo->admin_id);
  json_object_set_boolean_member (event->metadata, DEMO_MARK, TRUE);

  if (all_day)
    {
      if (!ccal_time_day_bounds (date, demo->zone, &event->start_time, &event->end_time, error))
        return FALSE;
    }
  else if (!local_time (demo, date, start_hour, start_minute, &event->start_time, error) ||
           !local_time (demo, date, end_hour, end_minute, &event->end_time, error))
    return FALSE;

  if (!ccal_event_validate (event, error))
    return FALSE;
  stored = ccal_db_insert_event (demo->db, event, error);
  return stored != NULL;
}

static gboolean
add_events (Demo         *demo,
            const GDate  *first_monday,
            GError      **error)
{
  GDate next_monday = next_weekday (&demo->today, G_DATE_MONDAY);
  GDate this_monday = day_offset (&next_monday, -7);
  GDate lunch = day_offset (&next_monday, 2);         /* Wednesday next week */
  GDate day_off = day_offset (&next_monday, 7 + 4);   /* Friday in two weeks */
  GDate dentist = day_offset (&this_monday, -7 + 1);  /* Tuesday last week */
  GDate planning = day_offset (&this_monday, 3);      /* Thursday this week */
  GDate webinar = day_offset (&next_monday, 14 + 1);  /* Tuesday in three weeks */
  const char *weekdays = "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR";

  return add_event (demo, CCAL_EVENT_TYPE_AVAILABILITY, "Office hours (morning)", first_monday, 9, 0, 12, 0, FALSE,
                    weekdays, NULL, error) &&
         add_event (demo, CCAL_EVENT_TYPE_AVAILABILITY, "Office hours (afternoon)", first_monday, 13, 0, 17, 0, FALSE,
                    weekdays, NULL, error) &&
         add_event (demo, CCAL_EVENT_TYPE_EVENT, "Sales team stand-up", first_monday, 9, 0, 9, 30, FALSE,
                    "FREQ=WEEKLY;BYDAY=MO", "Meeting room 2", error) &&
         add_event (demo, CCAL_EVENT_TYPE_BLOCKED, "Lunch meeting with Nordlicht GmbH", &lunch, 11, 30, 13, 30,
                    FALSE, NULL, "Restaurant Lindenhof", error) &&
         add_event (demo, CCAL_EVENT_TYPE_BLOCKED, "Day off", &day_off, 0, 0, 0, 0, TRUE, NULL, NULL, error) &&
         add_event (demo, CCAL_EVENT_TYPE_BLOCKED, "Dentist", &dentist, 15, 0, 16, 30, FALSE, NULL, NULL, error) &&
         add_event (demo, CCAL_EVENT_TYPE_EVENT, "Quarterly planning", &planning, 14, 0, 16, 0, FALSE, NULL,
                    "Meeting room 1", error) &&
         add_event (demo, CCAL_EVENT_TYPE_EVENT, "Webinar: What's new in CustomerConnects", &webinar, 16, 0, 17, 0,
                    FALSE, NULL, "Online", error);
}

/* ── bookings ───────────────────────────────────────────────────────────────────────────────── */

static gboolean
change_status (Demo               *demo,
               CcalBooking       **inout_booking,
               CcalBookingStatus   status,
               const char         *reason,
               GError            **error)
{
  g_autoptr (CcalBooking) changed = ccal_booking_copy (*inout_booking);
  CcalBooking *stored;

  g_assert (ccal_booking_status_can_change (changed->status, status));
  changed->status = status;
  g_free (changed->updated_by);
  changed->updated_by = g_strdup (demo->admin_id);

  stored = ccal_db_update_booking (demo->db, changed, 0, reason, FALSE, 0, 0, NULL, NULL, error);
  if (stored == NULL)
    return FALSE;
  g_object_unref (*inout_booking);
  *inout_booking = stored;
  return TRUE;
}

/* The status a booking ends in: weighted, but the first of each kind comes first so every status
 * shows up however few bookings the calendar gets. */
static CcalBookingStatus
choose_status (Demo     *demo,
               gboolean  past)
{
  static const CcalBookingStatus past_order[] = {
    CCAL_BOOKING_STATUS_COMPLETED, CCAL_BOOKING_STATUS_NO_SHOW, CCAL_BOOKING_STATUS_CANCELLED,
  };
  static const CcalBookingStatus future_order[] = {
    CCAL_BOOKING_STATUS_CONFIRMED, CCAL_BOOKING_STATUS_PENDING, CCAL_BOOKING_STATUS_CANCELLED,
  };
  int roll;

  if (past && demo->n_past < G_N_ELEMENTS (past_order))
    return past_order[demo->n_past];
  if (!past && demo->n_future < G_N_ELEMENTS (future_order))
    return future_order[demo->n_future];

  roll = g_rand_int_range (demo->rand, 0, 100);
  if (past)
    return roll < 62 ? CCAL_BOOKING_STATUS_COMPLETED : roll < 78 ? CCAL_BOOKING_STATUS_NO_SHOW
                                                                 : CCAL_BOOKING_STATUS_CANCELLED;
  return roll < 40 ? CCAL_BOOKING_STATUS_PENDING : roll < 85 ? CCAL_BOOKING_STATUS_CONFIRMED
                                                             : CCAL_BOOKING_STATUS_CANCELLED;
}

/* Walks the booking from pending to @status the way people would have. */
static gboolean
apply_status (Demo               *demo,
              CcalBooking       **booking,
              CcalBookingStatus   status,
              GError            **error)
{
  static const char *const confirm_reasons[] = { "Confirmed by phone", "Confirmed by e-mail", NULL };
  static const char *const cancel_reasons[] = {
    "Customer asked to postpone", "Budget not approved yet", "Customer is ill", "Booked twice by mistake",
  };

  switch (status)
    {
    case CCAL_BOOKING_STATUS_PENDING:
      return TRUE;
    case CCAL_BOOKING_STATUS_CONFIRMED:
      return change_status (demo, booking, status, pick (demo, confirm_reasons, G_N_ELEMENTS (confirm_reasons)),
                            error);
    case CCAL_BOOKING_STATUS_CANCELLED:
      if (chance (demo, 50) &&
          !change_status (demo, booking, CCAL_BOOKING_STATUS_CONFIRMED, "Confirmed by e-mail", error))
        return FALSE;
      return change_status (demo, booking, status, pick (demo, cancel_reasons, G_N_ELEMENTS (cancel_reasons)), error);
    case CCAL_BOOKING_STATUS_COMPLETED:
      return change_status (demo, booking, CCAL_BOOKING_STATUS_CONFIRMED, "Confirmed by phone", error) &&
             change_status (demo, booking, status, NULL, error);
    case CCAL_BOOKING_STATUS_NO_SHOW:
      return change_status (demo, booking, CCAL_BOOKING_STATUS_CONFIRMED, "Confirmed by e-mail", error) &&
             change_status (demo, booking, status, "Did not join; left a voicemail", error);
    default:
      g_assert_not_reached ();
    }
}

/* Results and follow-ups of a past meeting. */
static gboolean
add_outcome (Demo         *demo,
             CcalBooking  *booking,
             GError      **error)
{
  CcalDbFollowUp follow_up = { 0 };
  g_autoptr (CcalDbFollowUp) stored = NULL;
  g_autoptr (CcalBooking) with_result = NULL;

  if (booking->status == CCAL_BOOKING_STATUS_COMPLETED && chance (demo, 75))
    {
      const char *outcome = pick (demo, outcomes, G_N_ELEMENTS (outcomes));

      with_result = ccal_db_set_result (demo->db, demo->workspace_id, booking->id, outcome,
                                        chance (demo, 60) ? "Walked through the booking page and reporting." : NULL,
                                        demo->admin_id, error);
      if (with_result == NULL)
        return FALSE;

      if (!chance (demo, 55))
        return TRUE;
      follow_up.action = (char *) (g_str_has_prefix (outcome, "Interested") ? "Send the quote" : "Check in by phone");
    }
  else if (booking->status == CCAL_BOOKING_STATUS_NO_SHOW)
    follow_up.action = (char *) "Call to find a new time";
  else
    return TRUE;

  follow_up.booking_id = booking->id;
  follow_up.due_at = booking->start_time + g_rand_int_range (demo->rand, 1, 6) * CCAL_USEC_PER_DAY;
  follow_up.notes = chance (demo, 50) ? (char *) "Mention the onboarding workshop." : NULL;
  follow_up.done = follow_up.due_at < demo->now && chance (demo, 70);
  follow_up.created_by = (char *) demo->admin_id;
  stored = ccal_db_insert_follow_up (demo->db, demo->workspace_id, &follow_up, error);
  return stored != NULL;
}

/* One booking in a slot of @slots (which that day offered when it was made). */
static gboolean
add_booking (Demo                *demo,
             const CcalInterval  *slot,
             gint64               created_at,
             CcalSlotCheck       *check,
             gint64               from,
             gint64               to,
             GError             **error)
{
  const DemoContact *who = &demo_contacts[g_rand_int_range (demo->rand, 0, G_N_ELEMENTS (demo_contacts))];
  gboolean past = slot->start < demo->now;
  g_autoptr (CcalBooking) booking = ccal_booking_new ();
  CcalBooking *stored;
  CcalBookingStatus status;
  const char *interest = pick (demo, product_interests, G_N_ELEMENTS (product_interests));
  int kind = g_rand_int_range (demo->rand, 0, 3);

  booking->workspace_id = g_strdup (demo->workspace_id);
  booking->admin_id = g_strdup (demo->admin_id);
  booking->contact = ccal_contact_new ();
  booking->contact->workspace_id = g_strdup (demo->workspace_id);
  booking->contact->name = g_strdup (who->name);
  booking->contact->email = g_strdup (who->email);
  booking->contact->phone = g_strdup (who->phone);
  booking->contact->timezone = g_strdup (who->timezone);
  booking->start_time = slot->start;
  booking->end_time = slot->end;
  booking->duration_minutes = (int) ((slot->end - slot->start) / CCAL_USEC_PER_MINUTE);
  booking->product_interest = g_strdup (interest);
  booking->title = interest != NULL ? g_strdup_printf ("Consultation: %s", interest) : g_strdup ("Introductory call");
  booking->description = g_strdup (pick (demo, customer_notes, G_N_ELEMENTS (customer_notes)));
  booking->status = CCAL_BOOKING_STATUS_PENDING;
  booking->created_at = created_at;
  booking->updated_at = created_at;

  if (kind == 0)
    {
      booking->location = g_strdup ("Video call");
      booking->meeting_link = g_strdup_printf ("https://meet.example.com/demo-%04u",
                                               (guint) g_rand_int_range (demo->rand, 0, 10000));
    }
  else if (kind == 1)
    booking->location = g_strdup ("Phone call");
  else
    booking->location = g_strdup ("Office, Friedrichstraße 68, Berlin");

  if (chance (demo, 40))
    {
      booking->source = CCAL_BOOKING_SOURCE_STAFF;
      booking->created_by = g_strdup (chance (demo, 60) ? demo->staff_id : demo->admin_id);
      booking->updated_by = g_strdup (booking->created_by);
    }
  else
    booking->source = CCAL_BOOKING_SOURCE_PUBLIC;

  if (past && chance (demo, 30))
    booking->opportunity_id = g_uuid_string_random ();

  /* Future bookings pass the server's own check; past ones were offered when they were made, which
   * the check (run now) cannot see, and the storage's overlap rule still guards them. */
  stored = ccal_db_insert_booking (demo->db, booking, NULL, from, to, past ? NULL : ccal_slot_check_run,
                                   past ? NULL : check, error);
  if (stored == NULL)
    return FALSE;
  g_object_unref (booking);
  booking = stored;

  status = choose_status (demo, past);
  if (past)
    demo->n_past++;
  else
    demo->n_future++;

  if (!apply_status (demo, &booking, status, error) || (past && !add_outcome (demo, booking, error)))
    return FALSE;

  demo->n_by_status[status]++;
  return TRUE;
}

/* One to three bookings (sometimes none) on @date, each in a slot offered that day. */
static gboolean
add_bookings_on (Demo         *demo,
                 const GDate  *date,
                 GError      **error)
{
  int wanted = g_rand_int_range (demo->rand, 0, 100) < 15 ? 0 : g_rand_int_range (demo->rand, 1, 4);

  for (int i = 0; i < wanted; i++)
    {
      g_autoptr (CcalSettings) settings = NULL;
      g_autoptr (GArray) slots = NULL;
      g_auto (CcalSlotCheck) check = { 0 };
      CcalDbSchedule schedule = { 0 };
      gint64 day_start, day_end, unused, from, to, created_at;
      gboolean ok;

      if (!ccal_time_day_bounds (date, demo->zone, &day_start, &day_end, error))
        return FALSE;

      /* Past days: booked 1–12 days before; coming days: some time in the last week. */
      if (day_end <= demo->now)
        created_at = day_start - g_rand_int_range (demo->rand, 1, 13) * CCAL_USEC_PER_DAY -
                     g_rand_int_range (demo->rand, 0, 10 * 60) * CCAL_USEC_PER_MINUTE;
      else
        created_at = demo->now - g_rand_int_range (demo->rand, 0, 7 * 24 * 60) * CCAL_USEC_PER_MINUTE;

      settings = ccal_db_get_settings (demo->db, demo->workspace_id, demo->admin_id, error);
      if (settings == NULL ||
          !ccal_slot_check_init (&check, settings, day_start + CCAL_USEC_PER_DAY / 2, 0,
                                 day_end <= demo->now ? created_at : demo->now, &unused, &from, &to, error))
        return FALSE;
      check.date = *date;

      if (!ccal_db_load_schedule (demo->db, demo->workspace_id, demo->admin_id, from, to, NULL, &schedule, error))
        return FALSE;
      slots = ccal_slot_check_offered (&check, &schedule, error);
      ccal_db_schedule_clear (&schedule);
      if (slots == NULL)
        return FALSE;
      if (slots->len == 0)
        return TRUE;

      /* Today's first offered slot may already be past the notice period's start: skip those. */
      {
        guint index = (guint) g_rand_int_range (demo->rand, 0, (gint32) slots->len);
        const CcalInterval *slot = &g_array_index (slots, CcalInterval, index);
        g_autoptr (GError) local_error = NULL;

        if (slot->start < demo->now && slot->end > demo->now)
          continue;
        ok = add_booking (demo, slot, created_at, &check, from, to, &local_error);
        if (!ok)
          {
            /* Someone (a real user of the workspace) took it meanwhile: try another. */
            if (g_error_matches (local_error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE))
              continue;
            g_propagate_error (error, g_steal_pointer (&local_error));
            return FALSE;
          }
      }
    }
  return TRUE;
}

/* ── finding the calendar and refusing a second run ─────────────────────────────────────────── */

static gboolean
has_demo_data (CcalDb      *db,
               const char  *workspace_id,
               const char  *admin_id,
               gboolean    *out_found,
               GError     **error)
{
  g_autofree char *cursor = NULL;
  CcalDbListQuery query;

  *out_found = FALSE;
  do
    {
      g_autoptr (CcalDbPage) page = NULL;

      ccal_db_list_query_init (&query, workspace_id);
      query.admin_id = admin_id;
      query.type = CCAL_EVENT_TYPE_AVAILABILITY;
      query.limit = 1000;
      query.cursor = cursor;
      page = ccal_db_list_events (db, &query, error);
      if (page == NULL)
        return FALSE;

      for (guint i = 0; i < page->items->len; i++)
        {
          CcalEvent *event = g_ptr_array_index (page->items, i);

          if (event->metadata != NULL && json_object_has_member (event->metadata, DEMO_MARK))
            {
              *out_found = TRUE;
              return TRUE;
            }
        }

      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  while (cursor != NULL);

  return TRUE;
}

gboolean
ccal_demo_data_fill_for_admin (CcalDb      *db,
                               const char  *workspace_id,
                               const char  *admin_id,
                               GError     **error)
{
  g_auto (Demo) demo = { 0 };
  g_autoptr (CcalDbUser) admin = NULL;
  gboolean found;
  GDate first_monday, last_day;

  g_return_val_if_fail (CCAL_IS_DB (db), FALSE);
  g_return_val_if_fail (workspace_id != NULL && admin_id != NULL, FALSE);

  admin = ccal_db_get_user (db, workspace_id, admin_id, error);
  if (admin == NULL)
    return FALSE;

  if (!has_demo_data (db, workspace_id, admin_id, &found, error))
    return FALSE;
  if (found)
    {
      g_set_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_EXISTS,
                   "the workspace “%s” already has demo data; nothing was added", workspace_id);
      return FALSE;
    }

  demo.db = db;
  demo.workspace_id = workspace_id;
  demo.admin_id = admin_id;
  demo.now = g_get_real_time ();
  demo.rand = g_rand_new_with_seed (DEMO_SEED);

  if (!put_settings (&demo, error))
    return FALSE;

  /* A colleague who books for customers on the phone. */
  demo.staff_id = ccal_db_ensure_user (db, workspace_id, "jonas.weber@example.com", "Jonas Weber", CCAL_ROLE_STAFF,
                                       error);
  if (demo.staff_id == NULL)
    return FALSE;

  g_date_clear (&demo.today, 1);
  if (!ccal_time_to_date (demo.now, demo.zone, &demo.today, error))
    return FALSE;
  first_monday = day_offset (&demo.today, -7 * WEEKS_BACK);
  first_monday = day_offset (&first_monday, -(int) (g_date_get_weekday (&first_monday) - G_DATE_MONDAY));
  last_day = day_offset (&demo.today, DAYS_AHEAD);

  if (!add_events (&demo, &first_monday, error))
    return FALSE;

  for (GDate date = first_monday; g_date_compare (&date, &last_day) <= 0; g_date_add_days (&date, 1))
    {
      if (g_date_get_weekday (&date) >= G_DATE_SATURDAY)
        continue;
      if (!add_bookings_on (&demo, &date, error))
        return FALSE;
    }

  g_debug ("Demo data for %s: %u past and %u future bookings", workspace_id, demo.n_past, demo.n_future);
  return TRUE;
}

gboolean
ccal_demo_data_fill (CcalDb      *db,
                     const char  *workspace_id,
                     GError     **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *admin_id = NULL;

  g_return_val_if_fail (CCAL_IS_DB (db), FALSE);
  g_return_val_if_fail (workspace_id != NULL, FALSE);

  admin_id = ccal_db_get_workspace_admin (db, workspace_id, &local_error);
  if (admin_id == NULL && !g_error_matches (local_error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND) &&
      local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (admin_id == NULL)
    admin_id = ccal_db_ensure_user (db, workspace_id, "lena.hoffmann@example.com", "Lena Hoffmann", CCAL_ROLE_ADMIN,
                                    error);
  if (admin_id == NULL)
    return FALSE;

  return ccal_demo_data_fill_for_admin (db, workspace_id, admin_id, error);
}
