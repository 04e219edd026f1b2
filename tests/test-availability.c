/* test-availability.c — one day's slots from events, bookings and settings, across DST and zones
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include "ccal-core.h"

#define MINUTE CCAL_USEC_PER_MINUTE
#define HOUR CCAL_USEC_PER_HOUR
#define DAY CCAL_USEC_PER_DAY

/* Far enough back that neither notice nor advance limit matters unless a test sets them. */
#define LONG_AGO (local ("UTC", 2026, 1, 1, 0, 0))

/* A wall-clock instant computed with GLib's own zone code, independent of the code under test. */
static gint64
local (const char *tzid,
       int         year,
       int         month,
       int         day,
       int         hour,
       int         minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (tzid);
  g_autoptr(GDateTime) dt = NULL;

  g_assert_nonnull (tz);
  dt = g_date_time_new (tz, year, month, day, hour, minute, 0);
  g_assert_nonnull (dt);

  return g_date_time_to_unix (dt) * CCAL_USEC_PER_SECOND;
}

static CcalSettings *
make_settings (const char *tzid,
               int         slot_minutes)
{
  CcalSettings *settings = ccal_settings_new ();

  g_free (settings->timezone);
  settings->timezone = g_strdup (tzid);
  settings->slot_minutes = slot_minutes;
  settings->buffer_before_minutes = 0;
  settings->buffer_after_minutes = 0;
  settings->min_notice_minutes = 0;
  settings->max_advance_days = 3650;

  return settings;
}

static CcalEvent *
add_event (GPtrArray     *events,
           CcalEventType  type,
           gint64         start,
           gint64         end,
           const char    *tzid,
           const char    *rrule)
{
  CcalEvent *event = ccal_event_new ();

  g_free (event->id);
  event->id = g_strdup_printf ("00000000-0000-4000-8000-%012u", events->len);
  event->type = type;
  event->start_time = start;
  event->end_time = end;
  g_free (event->timezone);
  event->timezone = g_strdup (tzid);
  g_free (event->rrule);
  event->rrule = g_strdup (rrule);
  event->status = CCAL_EVENT_STATUS_CONFIRMED;
  g_ptr_array_add (events, event);

  return event;
}

static GDate *
make_date (int year,
           int month,
           int day)
{
  return g_date_new_dmy (day, month, year);
}

static GArray *
compute_day (const GDate  *date,
             const char   *tzid,
             GPtrArray    *events,
             GArray       *busy,
             CcalSettings *settings,
             int           duration_minutes,
             gint64        now)
{
  g_autoptr(GError) error = NULL;
  GArray *slots;

  slots = ccal_availability_compute_day (date, tzid, events, busy, settings, duration_minutes, now, &error);
  g_assert_no_error (error);
  g_assert_nonnull (slots);

  return slots;
}

/* Asserts @slots are exactly the given local "HH:MM" starts on @y-@m-@d in @tzid (NULL-terminated
 * list; "+HH:MM" means the next day), each @duration_minutes long. */
static void
assert_local_starts (GArray     *slots,
                     const char *tzid,
                     int         y,
                     int         m,
                     int         d,
                     int         duration_minutes,
                     ...)
{
  va_list args;
  const char *text;
  guint i = 0;

  va_start (args, duration_minutes);
  while ((text = va_arg (args, const char *)) != NULL)
    {
      gboolean next_day = text[0] == '+';
      int hour = (int) g_ascii_strtoll (text + next_day, NULL, 10);
      int minute = (int) g_ascii_strtoll (text + next_day + 3, NULL, 10);
      gint64 expected = local (tzid, y, m, d + next_day, hour, minute);
      const CcalInterval *slot;

      g_assert_cmpuint (i, <, slots->len);
      slot = &g_array_index (slots, CcalInterval, i);
      if (slot->start != expected)
        g_error ("slot %u starts at %" G_GINT64_FORMAT ", expected %s (%" G_GINT64_FORMAT ")",
                 i, slot->start, text, expected);
      g_assert_cmpint (slot->end - slot->start, ==, duration_minutes * MINUTE);
      i++;
    }
  va_end (args);

  g_assert_cmpuint (slots->len, ==, i);
}

/* A weekly Monday 09:00–12:00 Berlin window gives 09:00 local on both sides of both DST changes. */
static void
test_weekly_rrule_across_dst (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 60);
  const int days[][3] = { { 2026, 10, 19 }, { 2026, 10, 26 }, { 2027, 3, 22 }, { 2027, 3, 29 } };

  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("Europe/Berlin", 2026, 9, 7, 9, 0),
             local ("Europe/Berlin", 2026, 9, 7, 12, 0), "Europe/Berlin", "FREQ=WEEKLY;BYDAY=MO");

  for (gsize i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autoptr(GDate) date = make_date (days[i][0], days[i][1], days[i][2]);
      g_autoptr(GArray) slots = compute_day (date, NULL, events, NULL, settings, 0, LONG_AGO);

      assert_local_starts (slots, "Europe/Berlin", days[i][0], days[i][1], days[i][2], 60,
                           "09:00", "10:00", "11:00", NULL);
    }

  /* Tuesdays have no window. */
  {
    g_autoptr(GDate) tuesday = make_date (2026, 10, 27);
    g_autoptr(GArray) slots = compute_day (tuesday, NULL, events, NULL, settings, 0, LONG_AGO);

    g_assert_cmpuint (slots->len, ==, 0);
  }

  /* The same window read in UTC: 08:00Z in winter, 07:00Z in summer. */
  {
    g_autoptr(GDate) before = make_date (2027, 3, 22);
    g_autoptr(GDate) after = make_date (2027, 3, 29);
    g_autoptr(GArray) winter = compute_day (before, "UTC", events, NULL, settings, 0, LONG_AGO);
    g_autoptr(GArray) summer = compute_day (after, "UTC", events, NULL, settings, 0, LONG_AGO);

    assert_local_starts (winter, "UTC", 2027, 3, 22, 60, "08:00", "09:00", "10:00", NULL);
    assert_local_starts (summer, "UTC", 2027, 3, 29, 60, "07:00", "08:00", "09:00", NULL);
  }
}

/* 2027-03-28 in Berlin has 23 hours: a window covering it gives 23 hourly slots, none from the
 * neighbouring days, and no 02:00. */
static void
test_dst_spring_forward (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 60);
  g_autoptr(GDate) date = make_date (2027, 3, 28);
  g_autoptr(GArray) slots = NULL;
  gint64 day_start = local ("Europe/Berlin", 2027, 3, 28, 0, 0);
  gint64 day_end = local ("Europe/Berlin", 2027, 3, 29, 0, 0);

  g_assert_cmpint (day_end - day_start, ==, 23 * HOUR);
  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("Europe/Berlin", 2027, 3, 27, 22, 0),
             local ("Europe/Berlin", 2027, 3, 29, 2, 0), "Europe/Berlin", NULL);

  slots = compute_day (date, NULL, events, NULL, settings, 0, LONG_AGO);
  g_assert_cmpuint (slots->len, ==, 23);
  g_assert_cmpint (g_array_index (slots, CcalInterval, 0).start, ==, day_start);
  g_assert_cmpint (g_array_index (slots, CcalInterval, 22).start, ==, day_end - HOUR);
  assert_local_starts (slots, "Europe/Berlin", 2027, 3, 28, 60,
                       "00:00", "01:00", "03:00", "04:00", "05:00", "06:00", "07:00", "08:00", "09:00", "10:00",
                       "11:00", "12:00", "13:00", "14:00", "15:00", "16:00", "17:00", "18:00", "19:00", "20:00",
                       "21:00", "22:00", "23:00", NULL);
}

/* 2026-10-25 in Berlin has 25 hours: 25 hourly slots, 02:00 twice (CEST, then CET). */
static void
test_dst_fall_back (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 60);
  g_autoptr(GDate) date = make_date (2026, 10, 25);
  g_autoptr(GArray) slots = NULL;
  gint64 day_start = local ("Europe/Berlin", 2026, 10, 25, 0, 0);
  gint64 day_end = local ("Europe/Berlin", 2026, 10, 26, 0, 0);

  g_assert_cmpint (day_end - day_start, ==, 25 * HOUR);
  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, day_start - 3 * HOUR, day_end + 3 * HOUR, "Europe/Berlin", NULL);

  slots = compute_day (date, NULL, events, NULL, settings, 0, LONG_AGO);
  g_assert_cmpuint (slots->len, ==, 25);
  for (guint i = 0; i < slots->len; i++)
    g_assert_cmpint (g_array_index (slots, CcalInterval, i).start, ==, day_start + i * HOUR);
}

/* Bookings passed as busy time, widened by the settings' buffers. */
static void
test_bookings_with_buffers (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("America/New_York", 30);
  g_autoptr(GDate) date = make_date (2026, 12, 1);
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
  g_autoptr(GArray) slots = NULL;
  CcalInterval booking = { local ("America/New_York", 2026, 12, 1, 10, 0), local ("America/New_York", 2026, 12, 1, 10, 30) };

  settings->buffer_before_minutes = 15;
  settings->buffer_after_minutes = 30;
  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("America/New_York", 2026, 12, 1, 9, 0),
             local ("America/New_York", 2026, 12, 1, 12, 0), "America/New_York", NULL);
  g_array_append_val (busy, booking);

  /* Blocked [09:45, 11:00). */
  slots = compute_day (date, NULL, events, busy, settings, 0, LONG_AGO);
  assert_local_starts (slots, "America/New_York", 2026, 12, 1, 30, "09:00", "11:00", "11:30", NULL);

  /* A booking just before the window whose after-buffer reaches into it: blocked [07:45, 09:31). */
  g_array_set_size (busy, 0);
  booking.start = local ("America/New_York", 2026, 12, 1, 8, 0);
  booking.end = local ("America/New_York", 2026, 12, 1, 9, 1);
  g_array_append_val (busy, booking);
  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (date, NULL, events, busy, settings, 0, LONG_AGO);
  assert_local_starts (slots, "America/New_York", 2026, 12, 1, 30, "10:00", "10:30", "11:00", "11:30", NULL);
}

/* Now is 08:30 with an hour's notice: the morning before 09:30 is gone. */
static void
test_min_notice (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 30);
  g_autoptr(GDate) date = make_date (2026, 12, 1);
  g_autoptr(GArray) slots = NULL;

  settings->min_notice_minutes = 60;
  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("Europe/Berlin", 2026, 12, 1, 8, 0),
             local ("Europe/Berlin", 2026, 12, 1, 11, 0), "Europe/Berlin", NULL);

  slots = compute_day (date, NULL, events, NULL, settings, 0, local ("Europe/Berlin", 2026, 12, 1, 8, 30));
  assert_local_starts (slots, "Europe/Berlin", 2026, 12, 1, 30, "09:30", "10:00", "10:30", NULL);
}

/* Two days ahead at most: the day after tomorrow ends at this time of day; the day after is empty. */
static void
test_max_advance (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("UTC", 60);
  gint64 now = local ("UTC", 2026, 12, 1, 10, 15);
  g_autoptr(GDate) limit_day = make_date (2026, 12, 3);
  g_autoptr(GDate) beyond = make_date (2026, 12, 4);
  g_autoptr(GArray) slots = NULL;

  settings->max_advance_days = 2;
  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("UTC", 2026, 11, 30, 8, 0), local ("UTC", 2026, 11, 30, 12, 0),
             "UTC", "FREQ=DAILY");

  slots = compute_day (limit_day, NULL, events, NULL, settings, 0, now);
  assert_local_starts (slots, "UTC", 2026, 12, 3, 60, "08:00", "09:00", "10:00", NULL);

  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (beyond, NULL, events, NULL, settings, 0, now);
  g_assert_cmpuint (slots->len, ==, 0);
}

/* A daily lunch block (recurring) takes 12:00–13:00 out of a 09:00–17:00 window. */
static void
test_blocked_recurring_event (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 60);
  g_autoptr(GDate) date = make_date (2027, 3, 29);
  g_autoptr(GArray) slots = NULL;

  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("Europe/Berlin", 2027, 3, 1, 9, 0),
             local ("Europe/Berlin", 2027, 3, 1, 17, 0), "Europe/Berlin", "FREQ=DAILY");
  add_event (events, CCAL_EVENT_TYPE_BLOCKED, local ("Europe/Berlin", 2027, 3, 1, 12, 0),
             local ("Europe/Berlin", 2027, 3, 1, 13, 0), "Europe/Berlin", "FREQ=DAILY");
  /* An ordinary meeting blocks too. */
  add_event (events, CCAL_EVENT_TYPE_EVENT, local ("Europe/Berlin", 2027, 3, 29, 15, 30),
             local ("Europe/Berlin", 2027, 3, 29, 15, 45), "Europe/Berlin", NULL);

  slots = compute_day (date, NULL, events, NULL, settings, 0, LONG_AGO);
  assert_local_starts (slots, "Europe/Berlin", 2027, 3, 29, 60, "09:00", "10:00", "11:00", "13:00", "14:00", "16:00",
                       NULL);
}

/* An exception date removes one occurrence of a recurring block. */
static void
test_blocked_exdate (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 60);
  g_autoptr(GDate) date = make_date (2027, 3, 29);
  g_autoptr(GArray) slots = NULL;
  CcalEvent *lunch;
  gint64 skipped = local ("Europe/Berlin", 2027, 3, 29, 12, 0);

  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("Europe/Berlin", 2027, 3, 29, 11, 0),
             local ("Europe/Berlin", 2027, 3, 29, 14, 0), "Europe/Berlin", NULL);
  lunch = add_event (events, CCAL_EVENT_TYPE_BLOCKED, local ("Europe/Berlin", 2027, 3, 1, 12, 0),
                     local ("Europe/Berlin", 2027, 3, 1, 13, 0), "Europe/Berlin", "FREQ=DAILY");

  slots = compute_day (date, NULL, events, NULL, settings, 0, LONG_AGO);
  assert_local_starts (slots, "Europe/Berlin", 2027, 3, 29, 60, "11:00", "13:00", NULL);

  if (lunch->exdates == NULL)
    lunch->exdates = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (lunch->exdates, skipped);
  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (date, NULL, events, NULL, settings, 0, LONG_AGO);
  assert_local_starts (slots, "Europe/Berlin", 2027, 3, 29, 60, "11:00", "12:00", "13:00", NULL);
}

/* Cancelled or deleted events neither block nor offer time. */
static void
test_cancelled_and_deleted_ignored (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 60);
  g_autoptr(GDate) date = make_date (2026, 12, 1);
  g_autoptr(GArray) slots = NULL;
  CcalEvent *event;

  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("Europe/Berlin", 2026, 12, 1, 9, 0),
             local ("Europe/Berlin", 2026, 12, 1, 12, 0), "Europe/Berlin", NULL);
  event = add_event (events, CCAL_EVENT_TYPE_BLOCKED, local ("Europe/Berlin", 2026, 12, 1, 9, 0),
                     local ("Europe/Berlin", 2026, 12, 1, 10, 0), "Europe/Berlin", NULL);
  event->status = CCAL_EVENT_STATUS_CANCELLED;
  event = add_event (events, CCAL_EVENT_TYPE_EVENT, local ("Europe/Berlin", 2026, 12, 1, 10, 0),
                     local ("Europe/Berlin", 2026, 12, 1, 11, 0), "Europe/Berlin", NULL);
  event->deleted = TRUE;
  event = add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("Europe/Berlin", 2026, 12, 1, 14, 0),
                     local ("Europe/Berlin", 2026, 12, 1, 16, 0), "Europe/Berlin", NULL);
  event->status = CCAL_EVENT_STATUS_CANCELLED;
  /* A pending event blocks like a confirmed one. */
  event = add_event (events, CCAL_EVENT_TYPE_EVENT, local ("Europe/Berlin", 2026, 12, 1, 11, 0),
                     local ("Europe/Berlin", 2026, 12, 1, 11, 30), "Europe/Berlin", NULL);
  event->status = CCAL_EVENT_STATUS_PENDING;

  slots = compute_day (date, NULL, events, NULL, settings, 0, LONG_AGO);
  assert_local_starts (slots, "Europe/Berlin", 2026, 12, 1, 60, "09:00", "10:00", NULL);
}

/* duration 0 is the settings' slot length; another duration steps the same windows differently. */
static void
test_custom_duration (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 30);
  g_autoptr(GDate) date = make_date (2026, 12, 1);
  g_autoptr(GArray) slots = NULL;

  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("Europe/Berlin", 2026, 12, 1, 9, 0),
             local ("Europe/Berlin", 2026, 12, 1, 11, 0), "Europe/Berlin", NULL);

  slots = compute_day (date, NULL, events, NULL, settings, 0, LONG_AGO);
  assert_local_starts (slots, "Europe/Berlin", 2026, 12, 1, 30, "09:00", "09:30", "10:00", "10:30", NULL);

  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (date, NULL, events, NULL, settings, 45, LONG_AGO);
  assert_local_starts (slots, "Europe/Berlin", 2026, 12, 1, 45, "09:00", "09:45", NULL);

  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (date, NULL, events, NULL, settings, 120, LONG_AGO);
  assert_local_starts (slots, "Europe/Berlin", 2026, 12, 1, 120, "09:00", NULL);
}

/* A daily 22:00–02:00 window: the day gets the tail of last night's window and the start of tonight's. */
static void
test_window_overnight (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 30);
  g_autoptr(GDate) date = make_date (2026, 12, 1);
  g_autoptr(GArray) slots = NULL;

  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("Europe/Berlin", 2026, 11, 1, 22, 0),
             local ("Europe/Berlin", 2026, 11, 2, 2, 0), "Europe/Berlin", "FREQ=DAILY");

  slots = compute_day (date, NULL, events, NULL, settings, 0, LONG_AGO);
  assert_local_starts (slots, "Europe/Berlin", 2026, 12, 1, 30, "00:00", "00:30", "01:00", "01:30",
                       "22:00", "22:30", "23:00", "23:30", NULL);

  /* 50-minute steps from 22:00: 22:00, 22:50, 23:40 tonight, and 00:30 of last night's window
   * (stepped from 22:00 yesterday, not from midnight; 01:20 would end past 02:00). */
  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (date, NULL, events, NULL, settings, 50, LONG_AGO);
  assert_local_starts (slots, "Europe/Berlin", 2026, 12, 1, 50, "00:30", "22:00", "22:50", "23:40", NULL);
}

/* An all-day blocked event takes its whole local day, and only that day. */
static void
test_all_day_blocked (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 60);
  g_autoptr(GDate) holiday = make_date (2026, 12, 24);
  g_autoptr(GDate) before = make_date (2026, 12, 23);
  g_autoptr(GDate) after = make_date (2026, 12, 25);
  g_autoptr(GDate) overnight_day = make_date (2026, 12, 22);
  g_autoptr(GArray) slots = NULL;
  CcalEvent *event;

  /* Every evening 22:00–02:00 and every morning 09:00–11:00. */
  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("Europe/Berlin", 2026, 12, 1, 9, 0),
             local ("Europe/Berlin", 2026, 12, 1, 11, 0), "Europe/Berlin", "FREQ=DAILY");
  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("Europe/Berlin", 2026, 12, 1, 22, 0),
             local ("Europe/Berlin", 2026, 12, 2, 2, 0), "Europe/Berlin", "FREQ=DAILY");
  event = add_event (events, CCAL_EVENT_TYPE_BLOCKED, local ("Europe/Berlin", 2026, 12, 24, 0, 0),
                     local ("Europe/Berlin", 2026, 12, 25, 0, 0), "Europe/Berlin", NULL);
  event->is_all_day = TRUE;

  slots = compute_day (holiday, NULL, events, NULL, settings, 0, LONG_AGO);
  g_assert_cmpuint (slots->len, ==, 0);

  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (before, NULL, events, NULL, settings, 0, LONG_AGO);
  /* 23:00–24:00 on the 23rd ends at the holiday's midnight: touching, so it stays. */
  assert_local_starts (slots, "Europe/Berlin", 2026, 12, 23, 60, "00:00", "01:00", "09:00", "10:00", "22:00", "23:00",
                       NULL);

  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (after, NULL, events, NULL, settings, 0, LONG_AGO);
  assert_local_starts (slots, "Europe/Berlin", 2026, 12, 25, 60, "00:00", "01:00", "09:00", "10:00", "22:00", "23:00",
                       NULL);

  /* The same holiday stored at UTC midnight (as some clients send dates) blocks the same day. */
  event->start_time = local ("UTC", 2026, 12, 24, 0, 0);
  event->end_time = local ("UTC", 2026, 12, 25, 0, 0);
  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (holiday, NULL, events, NULL, settings, 0, LONG_AGO);
  g_assert_cmpuint (slots->len, ==, 0);
  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (after, NULL, events, NULL, settings, 0, LONG_AGO);
  g_assert_cmpuint (slots->len, ==, 6);

  /* A two-day recurring all-day block, yearly: 22nd and 23rd. */
  event->start_time = local ("Europe/Berlin", 2025, 12, 22, 0, 0);
  event->end_time = local ("Europe/Berlin", 2025, 12, 24, 0, 0);
  g_free (event->rrule);
  event->rrule = g_strdup ("FREQ=YEARLY");
  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (overnight_day, NULL, events, NULL, settings, 0, LONG_AGO);
  g_assert_cmpuint (slots->len, ==, 0);
  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (holiday, NULL, events, NULL, settings, 0, LONG_AGO);
  assert_local_starts (slots, "Europe/Berlin", 2026, 12, 24, 60, "00:00", "01:00", "09:00", "10:00", "22:00", "23:00",
                       NULL);
}

/* All-day events read as whole local days west of UTC and across a DST change. */
static void
test_all_day_zones (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("America/New_York", 60);
  g_autoptr(GDate) dec23 = make_date (2026, 12, 23);
  g_autoptr(GDate) dec24 = make_date (2026, 12, 24);
  g_autoptr(GDate) mar27 = make_date (2027, 3, 27);
  g_autoptr(GDate) mar28 = make_date (2027, 3, 28);
  g_autoptr(GDate) mar29 = make_date (2027, 3, 29);
  g_autoptr(GArray) slots = NULL;
  CcalEvent *event;

  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("America/New_York", 2026, 12, 1, 9, 0),
             local ("America/New_York", 2026, 12, 1, 11, 0), NULL, "FREQ=DAILY");
  /* Christmas Eve stored at UTC midnight: 19:00 the evening before in New York. */
  event = add_event (events, CCAL_EVENT_TYPE_EVENT, local ("UTC", 2026, 12, 24, 0, 0), local ("UTC", 2026, 12, 25, 0, 0),
                     NULL, NULL);
  event->is_all_day = TRUE;

  slots = compute_day (dec24, NULL, events, NULL, settings, 0, LONG_AGO);
  g_assert_cmpuint (slots->len, ==, 0);
  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (dec23, NULL, events, NULL, settings, 0, LONG_AGO);
  assert_local_starts (slots, "America/New_York", 2026, 12, 23, 60, "09:00", "10:00", NULL);

  /* A Berlin weekend of 47 hours (the clocks go forward on Sunday) blocks both days, not Monday. */
  g_ptr_array_set_size (events, 0);
  g_free (settings->timezone);
  settings->timezone = g_strdup ("Europe/Berlin");
  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("Europe/Berlin", 2027, 3, 1, 9, 0),
             local ("Europe/Berlin", 2027, 3, 1, 11, 0), NULL, "FREQ=DAILY");
  event = add_event (events, CCAL_EVENT_TYPE_BLOCKED, local ("Europe/Berlin", 2027, 3, 27, 0, 0),
                     local ("Europe/Berlin", 2027, 3, 29, 0, 0), "Europe/Berlin", NULL);
  event->is_all_day = TRUE;
  g_assert_cmpint (event->end_time - event->start_time, ==, 47 * HOUR);

  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (mar27, NULL, events, NULL, settings, 0, LONG_AGO);
  g_assert_cmpuint (slots->len, ==, 0);
  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (mar28, NULL, events, NULL, settings, 0, LONG_AGO);
  g_assert_cmpuint (slots->len, ==, 0);
  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (mar29, NULL, events, NULL, settings, 0, LONG_AGO);
  assert_local_starts (slots, "Europe/Berlin", 2027, 3, 29, 60, "09:00", "10:00", NULL);
}

/* Busy time early the next morning reaches back over midnight with its before-buffer. */
static void
test_busy_after_midnight (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 30);
  g_autoptr(GDate) date = make_date (2026, 12, 1);
  g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
  g_autoptr(GArray) slots = NULL;
  CcalInterval booking = { local ("Europe/Berlin", 2026, 12, 2, 0, 10), local ("Europe/Berlin", 2026, 12, 2, 0, 40) };

  settings->buffer_before_minutes = 15;
  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("Europe/Berlin", 2026, 12, 1, 22, 0),
             local ("Europe/Berlin", 2026, 12, 2, 2, 0), NULL, NULL);
  add_event (events, CCAL_EVENT_TYPE_BLOCKED, local ("Europe/Berlin", 2026, 12, 2, 0, 5),
             local ("Europe/Berlin", 2026, 12, 2, 0, 20), NULL, NULL);

  /* The block at 00:05 − 15 min reaches 23:50: the 23:30 slot goes. */
  slots = compute_day (date, NULL, events, NULL, settings, 0, LONG_AGO);
  assert_local_starts (slots, "Europe/Berlin", 2026, 12, 1, 30, "22:00", "22:30", "23:00", NULL);

  /* The same from a booking. */
  g_ptr_array_remove_index (events, 1);
  g_array_append_val (busy, booking);
  g_clear_pointer (&slots, g_array_unref);
  slots = compute_day (date, NULL, events, busy, settings, 0, LONG_AGO);
  assert_local_starts (slots, "Europe/Berlin", 2026, 12, 1, 30, "22:00", "22:30", "23:00", NULL);
}

/* The query zone picks the day; events keep their own zone. */
static void
test_query_zone (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 60);
  g_autoptr(GDate) date = make_date (2026, 12, 1);
  g_autoptr(GArray) slots = NULL;

  /* Berlin 05:00–09:00 daily is 23:00–03:00 the evening before in New York. */
  add_event (events, CCAL_EVENT_TYPE_AVAILABILITY, local ("Europe/Berlin", 2026, 11, 1, 5, 0),
             local ("Europe/Berlin", 2026, 11, 1, 9, 0), NULL, "FREQ=DAILY");

  slots = compute_day (date, "America/New_York", events, NULL, settings, 0, LONG_AGO);
  assert_local_starts (slots, "America/New_York", 2026, 12, 1, 60, "00:00", "01:00", "02:00", "23:00", NULL);
}

static void
test_unknown_zone (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 60);
  g_autoptr(GDate) date = make_date (2026, 12, 1);
  g_autoptr(GError) error = NULL;
  GArray *slots;
  gint64 from = 0;
  gint64 to = 0;

  slots = ccal_availability_compute_day (date, "Mars/Olympus_Mons", events, NULL, settings, 0, LONG_AGO, &error);
  g_assert_null (slots);
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_UNKNOWN_TIMEZONE);
  g_clear_error (&error);

  g_assert_false (ccal_availability_day_query_range (date, "Mars/Olympus_Mons", settings, &from, &to, &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_UNKNOWN_TIMEZONE);
}

static void
test_bad_duration (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 60);
  g_autoptr(GDate) date = make_date (2026, 12, 1);
  g_autoptr(GError) error = NULL;
  GArray *slots;

  slots = ccal_availability_compute_day (date, NULL, events, NULL, settings, -15, LONG_AGO, &error);
  g_assert_null (slots);
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "duration");
}

static void
test_day_query_range (void)
{
  g_autoptr(CcalSettings) settings = make_settings ("Europe/Berlin", 60);
  g_autoptr(GDate) date = make_date (2027, 3, 28);
  g_autoptr(GError) error = NULL;
  gint64 from = 0;
  gint64 to = 0;

  settings->buffer_before_minutes = 15;
  settings->buffer_after_minutes = 30;
  g_assert_true (ccal_availability_day_query_range (date, NULL, settings, &from, &to, &error));
  g_assert_no_error (error);
  g_assert_cmpint (from, ==, local ("Europe/Berlin", 2027, 3, 27, 0, 0) - 30 * MINUTE);
  g_assert_cmpint (to, ==, local ("Europe/Berlin", 2027, 3, 29, 0, 0) + DAY + 15 * MINUTE);

  g_assert_true (ccal_availability_day_query_range (date, "UTC", settings, &from, &to, &error));
  g_assert_cmpint (from, ==, local ("UTC", 2027, 3, 27, 0, 0) - 30 * MINUTE);
  g_assert_cmpint (to, ==, local ("UTC", 2027, 3, 30, 0, 0) + 15 * MINUTE);
}

/* ---- randomized: one-off events and bookings on ordinary and DST days against a brute force ---- */

typedef struct
{
  gint64 start;
  gint64 end;
  gboolean busy;
} FlatEvent;

static gboolean
overlaps_busy (GArray       *flat,
               CcalSettings *settings,
               gint64        start,
               gint64        end)
{
  for (guint i = 0; i < flat->len; i++)
    {
      const FlatEvent *f = &g_array_index (flat, FlatEvent, i);

      if (f->busy &&
          start < f->end + settings->buffer_after_minutes * MINUTE &&
          f->start - settings->buffer_before_minutes * MINUTE < end)
        return TRUE;
    }

  return FALSE;
}

static int
compare_instants (gconstpointer a,
                  gconstpointer b)
{
  gint64 ia = *(const gint64 *) a;
  gint64 ib = *(const gint64 *) b;

  return ia < ib ? -1 : ia > ib;
}

static void
test_random_days (void)
{
  static const int days[][3] = { { 2027, 3, 28 }, { 2026, 10, 25 }, { 2026, 12, 1 }, { 2026, 7, 14 } };
  static const char *zones[] = { "Europe/Berlin", "America/New_York", "UTC", "Asia/Kolkata" };
  guint n_cases = g_test_thorough () ? 5000 : 1000;
  guint n_nonempty = 0;

  for (guint c = 0; c < n_cases; c++)
    {
      g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GArray) busy = g_array_new (FALSE, FALSE, sizeof (CcalInterval));
      g_autoptr(GArray) flat = g_array_new (FALSE, FALSE, sizeof (FlatEvent));
      g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) slots = NULL;
      const int *ymd = days[g_test_rand_int_range (0, G_N_ELEMENTS (days))];
      const char *zone = zones[g_test_rand_int_range (0, G_N_ELEMENTS (zones))];
      g_autoptr(CcalSettings) settings = make_settings (zone, 15 * g_test_rand_int_range (1, 7));
      g_autoptr(GDate) date = make_date (ymd[0], ymd[1], ymd[2]);
      gint64 day_start = local (zone, ymd[0], ymd[1], ymd[2], 0, 0);
      gint64 day_end = local (zone, ymd[0], ymd[1], ymd[2] + 1, 0, 0);
      gint64 now = day_start + g_test_rand_int_range (-36 * 60, 6 * 60) * MINUTE;
      gint64 duration;
      int n = g_test_rand_int_range (0, 12);

      settings->buffer_before_minutes = g_test_rand_bit () ? 0 : 5 * g_test_rand_int_range (0, 13);
      settings->buffer_after_minutes = g_test_rand_bit () ? 0 : 5 * g_test_rand_int_range (0, 13);
      settings->min_notice_minutes = g_test_rand_int_range (0, 240);
      settings->max_advance_days = g_test_rand_int_range (1, 3);
      duration = settings->slot_minutes * MINUTE;

      for (int i = 0; i < n; i++)
        {
          FlatEvent f;
          /* Half windows; the rest blocked, ordinary events and bookings. */
          int kind = MAX (0, g_test_rand_int_range (-2, 4));
          gboolean ignored = g_test_rand_int_range (0, 8) == 0;

          f.start = day_start + g_test_rand_int_range (-30 * 60, 30 * 60) / 5 * 5 * MINUTE;
          f.end = f.start + g_test_rand_int_range (1, 10 * 60) / 5 * 5 * MINUTE + 5 * MINUTE;
          f.busy = kind != 0;

          if (kind == 3)
            {
              CcalInterval booking = { f.start, f.end };

              g_array_append_val (busy, booking);
            }
          else
            {
              CcalEvent *event = add_event (events, kind == 0 ? CCAL_EVENT_TYPE_AVAILABILITY
                                                    : kind == 1 ? CCAL_EVENT_TYPE_BLOCKED : CCAL_EVENT_TYPE_EVENT,
                                            f.start, f.end, zone, NULL);

              if (ignored)
                {
                  if (g_test_rand_bit ())
                    event->status = CCAL_EVENT_STATUS_CANCELLED;
                  else
                    event->deleted = TRUE;
                  continue;
                }
            }
          g_array_append_val (flat, f);
        }

      /* Brute force: every step of every live window, every rule checked directly. */
      for (guint i = 0; i < flat->len; i++)
        {
          const FlatEvent *w = &g_array_index (flat, FlatEvent, i);

          if (w->busy)
            continue;
          for (gint64 s = w->start; s + duration <= w->end; s += duration)
            {
              if (s < day_start || s >= day_end ||
                  s < now + settings->min_notice_minutes * MINUTE ||
                  s > now + settings->max_advance_days * DAY ||
                  overlaps_busy (flat, settings, s, s + duration))
                continue;
              g_array_append_val (expected, s);
            }
        }
      g_array_sort (expected, compare_instants);
      {
        guint n_out = 0;

        for (guint i = 0; i < expected->len; i++)
          if (n_out == 0 || g_array_index (expected, gint64, n_out - 1) != g_array_index (expected, gint64, i))
            g_array_index (expected, gint64, n_out++) = g_array_index (expected, gint64, i);
        g_array_set_size (expected, n_out);
      }

      slots = compute_day (date, NULL, events, busy, settings, 0, now);

      g_assert_cmpuint (slots->len, ==, expected->len);
      for (guint i = 0; i < slots->len; i++)
        {
          g_assert_cmpint (g_array_index (slots, CcalInterval, i).start, ==, g_array_index (expected, gint64, i));
          g_assert_cmpint (g_array_index (slots, CcalInterval, i).end, ==, g_array_index (expected, gint64, i) + duration);
        }
      n_nonempty += slots->len > 0;
    }

  g_assert_cmpuint (n_nonempty, >, n_cases / 5);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/availability/weekly-rrule-across-dst", test_weekly_rrule_across_dst);
  g_test_add_func ("/core/availability/dst-spring-forward", test_dst_spring_forward);
  g_test_add_func ("/core/availability/dst-fall-back", test_dst_fall_back);
  g_test_add_func ("/core/availability/bookings-with-buffers", test_bookings_with_buffers);
  g_test_add_func ("/core/availability/min-notice", test_min_notice);
  g_test_add_func ("/core/availability/max-advance", test_max_advance);
  g_test_add_func ("/core/availability/blocked-recurring-event", test_blocked_recurring_event);
  g_test_add_func ("/core/availability/blocked-exdate", test_blocked_exdate);
  g_test_add_func ("/core/availability/cancelled-and-deleted-ignored", test_cancelled_and_deleted_ignored);
  g_test_add_func ("/core/availability/custom-duration", test_custom_duration);
  g_test_add_func ("/core/availability/window-overnight", test_window_overnight);
  g_test_add_func ("/core/availability/all-day-blocked", test_all_day_blocked);
  g_test_add_func ("/core/availability/all-day-zones", test_all_day_zones);
  g_test_add_func ("/core/availability/busy-after-midnight", test_busy_after_midnight);
  g_test_add_func ("/core/availability/query-zone", test_query_zone);
  g_test_add_func ("/core/availability/unknown-zone", test_unknown_zone);
  g_test_add_func ("/core/availability/bad-duration", test_bad_duration);
  g_test_add_func ("/core/availability/day-query-range", test_day_query_range);
  g_test_add_func ("/core/availability/random-days", test_random_days);

  return g_test_run ();
}
