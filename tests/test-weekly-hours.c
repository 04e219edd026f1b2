/* test-weekly-hours.c — weekly hours and date overrides to and from availability events
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-client"

#include "config.h"

#include "ccal-availability.h"
#include "ccal-time.h"
#include "ccal-weekly-hours.h"

#define ZONE "Europe/Berlin"
#define MONDAY 0
#define TUESDAY 1
#define FRIDAY 4
#define SATURDAY 5

static gint64
local (int y, int mo, int d, int h, int mi)
{
  CcalWallClock wall = { y, mo, d, h, mi, 0 };
  gint64 usec = 0;

  g_assert_true (ccal_time_from_wall_clock (&wall, ZONE, &usec, NULL));
  return usec;
}

static CcalEvent *
weekly (const char *id, const char *rrule, int start_hour, int end_hour)
{
  CcalEvent *event = ccal_event_new ();

  event->id = g_strdup (id);
  event->workspace_id = g_strdup ("acme");
  event->admin_id = g_strdup ("admin");
  event->title = g_strdup ("Office hours");
  event->type = CCAL_EVENT_TYPE_AVAILABILITY;
  event->timezone = g_strdup (ZONE);
  event->rrule = g_strdup (rrule);
  /* Monday 2027-03-01 */
  event->start_time = local (2027, 3, 1, start_hour, 0);
  event->end_time = local (2027, 3, 1, end_hour, 0);
  return event;
}

/* Mon–Fri 09:00–12:00 and 13:00–17:00, as the demo data writes them. */
static GPtrArray *
demo_events (void)
{
  GPtrArray *events = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (events, weekly ("am", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", 9, 12));
  g_ptr_array_add (events, weekly ("pm", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR", 13, 17));
  return events;
}

static CcalHoursTarget
target_for (int y, int m, int d)
{
  CcalHoursTarget target = { "acme", "admin", ZONE, "Office hours" };

  g_date_clear (&target.today, 1);
  g_date_set_dmy (&target.today, d, m, y);
  return target;
}

/* Saved events get ids as the cache would give them, so plans can be applied one after another. */
static GPtrArray *
apply (CcalEventChanges *changes, GPtrArray *events)
{
  static guint counter;

  for (guint i = 0; i < changes->save->len; i++)
    {
      CcalEvent *event = g_ptr_array_index (changes->save, i);

      if (event->id == NULL)
        event->id = g_strdup_printf ("new-%u", ++counter);
    }
  return ccal_event_changes_apply (changes, events);
}

static GArray *
slots_on (GPtrArray *events, int y, int m, int d)
{
  g_autoptr (CcalSettings) settings = ccal_settings_new ();
  g_autoptr (GError) error = NULL;
  GArray *slots;
  GDate date;

  g_free (settings->timezone);
  settings->timezone = g_strdup (ZONE);
  settings->min_notice_minutes = 0;
  settings->max_advance_days = 3650;
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, d, m, y);
  /* "now" long before the dates, so notice and horizon do not cut anything. */
  slots = ccal_availability_compute_day (&date, NULL, events, NULL, settings, 60, local (2027, 1, 1, 0, 0), &error);
  g_assert_no_error (error);
  return slots;
}

static void
test_parse_time (void)
{
  int minutes = -1;

  g_assert_true (ccal_hours_parse_time ("09:00", FALSE, &minutes));
  g_assert_cmpint (minutes, ==, 540);
  g_assert_true (ccal_hours_parse_time (" 9:30 ", FALSE, &minutes));
  g_assert_cmpint (minutes, ==, 570);
  g_assert_true (ccal_hours_parse_time ("17", FALSE, &minutes));
  g_assert_cmpint (minutes, ==, 1020);
  g_assert_true (ccal_hours_parse_time ("0930", FALSE, &minutes));
  g_assert_cmpint (minutes, ==, 570);
  g_assert_true (ccal_hours_parse_time ("24:00", TRUE, &minutes));
  g_assert_cmpint (minutes, ==, 1440);

  g_assert_false (ccal_hours_parse_time ("24:00", FALSE, &minutes));
  g_assert_false (ccal_hours_parse_time ("9:60", FALSE, &minutes));
  g_assert_false (ccal_hours_parse_time ("25", TRUE, &minutes));
  g_assert_false (ccal_hours_parse_time ("9:5", FALSE, &minutes));
  g_assert_false (ccal_hours_parse_time ("nine", FALSE, &minutes));
  g_assert_false (ccal_hours_parse_time ("", FALSE, &minutes));
  g_assert_false (ccal_hours_parse_time ("-1", FALSE, &minutes));

  {
    g_autofree char *text = ccal_hours_format_time (545);

    g_assert_cmpstr (text, ==, "09:05");
  }
}

static void
test_validate_names_field (void)
{
  g_autoptr (CcalWeeklyHours) hours = ccal_weekly_hours_new ();
  g_autoptr (GError) error = NULL;

  ccal_weekly_hours_add_range (hours, MONDAY, 540, 720);
  ccal_weekly_hours_add_range (hours, MONDAY, 780, 1020);
  g_assert_true (ccal_weekly_hours_validate (hours, &error));
  g_assert_no_error (error);

  /* End before start: the second range's end. */
  ccal_weekly_hours_add_range (hours, TUESDAY, 600, 600);
  g_assert_false (ccal_weekly_hours_validate (hours, &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "tuesday.1.end");
  g_assert_nonnull (strstr (error->message, "Tuesday"));
  g_clear_error (&error);

  /* Overlap: the later range's start. */
  ccal_weekly_hours_set_range (hours, TUESDAY, 0, 600, 700);
  ccal_weekly_hours_add_range (hours, MONDAY, 700, 800);
  g_assert_false (ccal_weekly_hours_validate (hours, &error));
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "monday.3.start");
  g_clear_error (&error);

  /* Touching ranges do not overlap. */
  ccal_weekly_hours_set_range (hours, MONDAY, 2, 720, 780);
  g_assert_true (ccal_weekly_hours_validate (hours, &error));
}

static void
test_read_events (void)
{
  g_autoptr (GPtrArray) events = demo_events ();
  g_autoptr (CcalWeeklyHours) hours = NULL;
  const CcalHoursRange *ranges;
  guint n;

  /* Not weekly hours: a series that ends, a fortnightly one, blocked time. */
  g_ptr_array_add (events, weekly ("until", "FREQ=WEEKLY;BYDAY=SA;UNTIL=20270601T000000Z", 9, 10));
  g_ptr_array_add (events, weekly ("fortnight", "FREQ=WEEKLY;INTERVAL=2;BYDAY=SU", 9, 10));
  g_ptr_array_add (events, weekly ("blocked", "FREQ=WEEKLY;BYDAY=SA", 9, 10));
  ((CcalEvent *) g_ptr_array_index (events, 4))->type = CCAL_EVENT_TYPE_BLOCKED;

  hours = ccal_weekly_hours_new_from_events (events);
  for (guint day = MONDAY; day <= FRIDAY; day++)
    {
      ranges = ccal_weekly_hours_get_ranges (hours, day, &n);
      g_assert_cmpuint (n, ==, 2);
      g_assert_cmpint (ranges[0].start, ==, 540);
      g_assert_cmpint (ranges[0].end, ==, 720);
      g_assert_cmpint (ranges[1].start, ==, 780);
      g_assert_cmpint (ranges[1].end, ==, 1020);
    }
  ccal_weekly_hours_get_ranges (hours, SATURDAY, &n);
  g_assert_cmpuint (n, ==, 0);
  ccal_weekly_hours_get_ranges (hours, 6, &n);
  g_assert_cmpuint (n, ==, 0);
}

static void
test_plan_minimal (void)
{
  g_autoptr (GPtrArray) events = demo_events ();
  g_autoptr (CcalWeeklyHours) hours = ccal_weekly_hours_new_from_events (events);
  g_autoptr (CcalEventChanges) same = NULL;
  g_autoptr (CcalEventChanges) friday = NULL;
  g_autoptr (CcalEventChanges) none = NULL;
  g_autoptr (GPtrArray) after = NULL;
  g_autoptr (CcalWeeklyHours) reread = NULL;
  g_autoptr (GError) error = NULL;
  CcalHoursTarget target = target_for (2027, 3, 10);
  CcalEvent *saved;

  /* Nothing changed: nothing to send. */
  same = ccal_weekly_hours_plan (hours, events, &target, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (same->save->len, ==, 0);
  g_assert_cmpuint (same->delete_ids->len, ==, 0);

  /* Friday afternoon shorter: the afternoon series loses Friday, one new series for Friday;
   * the morning series is not touched and nothing is deleted. */
  ccal_weekly_hours_set_range (hours, FRIDAY, 1, 780, 900);
  friday = ccal_weekly_hours_plan (hours, events, &target, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (friday->save->len, ==, 2);
  g_assert_cmpuint (friday->delete_ids->len, ==, 0);
  saved = g_ptr_array_index (friday->save, 0);
  g_assert_null (saved->id);                          /* 13:00–15:00 sorts first */
  g_assert_cmpstr (saved->rrule, ==, "FREQ=WEEKLY;BYDAY=FR");
  g_assert_cmpint (saved->start_time, ==, local (2027, 3, 12, 13, 0));   /* the first Friday from "today" */
  g_assert_cmpint (saved->end_time - saved->start_time, ==, 2 * CCAL_USEC_PER_HOUR);
  saved = g_ptr_array_index (friday->save, 1);
  g_assert_cmpstr (saved->id, ==, "pm");
  g_assert_cmpstr (saved->rrule, ==, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH");
  g_assert_cmpint (saved->start_time, ==, local (2027, 3, 1, 13, 0));   /* keeps its first date */

  after = apply (friday, events);
  reread = ccal_weekly_hours_new_from_events (after);
  g_assert_true (ccal_weekly_hours_equal (reread, hours));

  /* Everything removed: both series deleted, nothing saved. */
  for (guint day = 0; day < CCAL_WEEKLY_HOURS_N_DAYS; day++)
    ccal_weekly_hours_clear_day (hours, day);
  none = ccal_weekly_hours_plan (hours, events, &target, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (none->save->len, ==, 0);
  g_assert_cmpuint (none->delete_ids->len, ==, 2);
}

static void
test_copy_to_all (void)
{
  g_autoptr (GPtrArray) events = demo_events ();
  g_autoptr (CcalWeeklyHours) hours = ccal_weekly_hours_new_from_events (events);
  g_autoptr (CcalEventChanges) changes = NULL;
  g_autoptr (GError) error = NULL;
  CcalHoursTarget target = target_for (2027, 3, 10);

  ccal_weekly_hours_copy_day_to_all (hours, MONDAY);
  changes = ccal_weekly_hours_plan (hours, events, &target, &error);
  g_assert_no_error (error);
  /* Both series just get the weekend: two updates in place. */
  g_assert_cmpuint (changes->save->len, ==, 2);
  g_assert_cmpuint (changes->delete_ids->len, ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      CcalEvent *saved = g_ptr_array_index (changes->save, i);

      g_assert_nonnull (saved->id);
      g_assert_cmpstr (saved->rrule, ==, "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU");
    }
}

static void
test_override_hours (void)
{
  g_autoptr (GPtrArray) events = demo_events ();
  g_autoptr (GPtrArray) with_override = NULL;
  g_autoptr (GPtrArray) after_weekly = NULL;
  g_autoptr (GPtrArray) after_remove = NULL;
  g_autoptr (CcalEventChanges) set = NULL;
  g_autoptr (CcalEventChanges) weekly_change = NULL;
  g_autoptr (CcalEventChanges) removed = NULL;
  g_autoptr (GPtrArray) overrides = NULL;
  g_autoptr (CcalWeeklyHours) hours = NULL;
  g_autoptr (GArray) slots = NULL;
  g_autoptr (GError) error = NULL;
  CcalHoursTarget target = target_for (2027, 3, 10);
  CcalHoursRange ranges[] = { { 600, 720 } };   /* 10:00–12:00 */
  CcalDateOverride *override;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 17, 3, 2027);   /* a Wednesday */

  set = ccal_date_override_plan_set (events, &date, CCAL_DATE_OVERRIDE_HOURS, ranges, 1, &target, &error);
  g_assert_no_error (error);
  /* Both series get an EXDATE, one one-off window. */
  g_assert_cmpuint (set->save->len, ==, 3);
  with_override = apply (set, events);

  slots = slots_on (with_override, 2027, 3, 17);
  g_assert_cmpuint (slots->len, ==, 2);
  g_assert_cmpint (g_array_index (slots, CcalInterval, 0).start, ==, local (2027, 3, 17, 10, 0));
  g_assert_cmpint (g_array_index (slots, CcalInterval, 1).start, ==, local (2027, 3, 17, 11, 0));
  g_clear_pointer (&slots, g_array_unref);
  slots = slots_on (with_override, 2027, 3, 18);   /* the next day keeps its weekly hours */
  g_assert_cmpuint (slots->len, ==, 7);
  g_clear_pointer (&slots, g_array_unref);

  overrides = ccal_date_overrides_from_events (with_override, ZONE, &target.today);
  g_assert_cmpuint (overrides->len, ==, 1);
  override = g_ptr_array_index (overrides, 0);
  g_assert_cmpint (override->kind, ==, CCAL_DATE_OVERRIDE_HOURS);
  g_assert_cmpint (g_date_compare (&override->date, &date), ==, 0);
  g_assert_cmpuint (override->ranges->len, ==, 1);
  g_assert_cmpint (g_array_index (override->ranges, CcalHoursRange, 0).end, ==, 720);

  /* The weekly hours move to 08:00–12:00: the override's date stays excluded at the new time. */
  hours = ccal_weekly_hours_new_from_events (with_override);
  for (guint day = MONDAY; day <= FRIDAY; day++)
    ccal_weekly_hours_set_range (hours, day, 0, 480, 720);
  weekly_change = ccal_weekly_hours_plan (hours, with_override, &target, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (weekly_change->save->len, ==, 1);
  g_assert_cmpuint (weekly_change->delete_ids->len, ==, 0);
  after_weekly = apply (weekly_change, with_override);
  slots = slots_on (after_weekly, 2027, 3, 17);
  g_assert_cmpuint (slots->len, ==, 2);
  g_clear_pointer (&slots, g_array_unref);
  slots = slots_on (after_weekly, 2027, 3, 16);
  g_assert_cmpuint (slots->len, ==, 8);
  g_assert_cmpint (g_array_index (slots, CcalInterval, 0).start, ==, local (2027, 3, 16, 8, 0));
  g_clear_pointer (&slots, g_array_unref);

  /* Removing the override gives the date its weekly hours back. */
  removed = ccal_date_override_plan_remove (after_weekly, &date, ZONE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (removed->delete_ids->len, ==, 1);
  g_assert_cmpuint (removed->save->len, ==, 2);
  after_remove = apply (removed, after_weekly);
  slots = slots_on (after_remove, 2027, 3, 17);
  g_assert_cmpuint (slots->len, ==, 8);
}

static void
test_override_day_off (void)
{
  g_autoptr (GPtrArray) events = demo_events ();
  g_autoptr (GPtrArray) off = NULL;
  g_autoptr (GPtrArray) hours_instead = NULL;
  g_autoptr (CcalEventChanges) set = NULL;
  g_autoptr (CcalEventChanges) again = NULL;
  g_autoptr (CcalEventChanges) replace = NULL;
  g_autoptr (GPtrArray) overrides = NULL;
  g_autoptr (GArray) slots = NULL;
  g_autoptr (GError) error = NULL;
  CcalHoursTarget target = target_for (2027, 3, 10);
  CcalHoursRange ranges[] = { { 14 * 60, 16 * 60 } };
  CcalEvent *blocked;
  GDate date;

  /* The Monday after Berlin's spring-forward night. */
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 29, 3, 2027);
  target.title = "Day off";
  set = ccal_date_override_plan_set (events, &date, CCAL_DATE_OVERRIDE_DAY_OFF, NULL, 0, &target, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (set->save->len, ==, 1);
  blocked = g_ptr_array_index (set->save, 0);
  g_assert_true (blocked->is_all_day);
  g_assert_cmpint (blocked->type, ==, CCAL_EVENT_TYPE_BLOCKED);
  g_assert_cmpint (blocked->start_time, ==, local (2027, 3, 29, 0, 0));
  off = apply (set, events);

  slots = slots_on (off, 2027, 3, 29);
  g_assert_cmpuint (slots->len, ==, 0);
  g_clear_pointer (&slots, g_array_unref);
  slots = slots_on (off, 2027, 3, 30);
  g_assert_cmpuint (slots->len, ==, 7);
  g_clear_pointer (&slots, g_array_unref);

  overrides = ccal_date_overrides_from_events (off, ZONE, &target.today);
  g_assert_cmpuint (overrides->len, ==, 1);
  g_assert_cmpint (((CcalDateOverride *) g_ptr_array_index (overrides, 0))->kind, ==, CCAL_DATE_OVERRIDE_DAY_OFF);
  g_assert_cmpstr (((CcalDateOverride *) g_ptr_array_index (overrides, 0))->title, ==, "Day off");

  /* A second day off on the same date changes nothing. */
  again = ccal_date_override_plan_set (off, &date, CCAL_DATE_OVERRIDE_DAY_OFF, NULL, 0, &target, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (again->save->len + again->delete_ids->len, ==, 0);

  /* Different hours replace the day off. */
  replace = ccal_date_override_plan_set (off, &date, CCAL_DATE_OVERRIDE_HOURS, ranges, 1, &target, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (replace->delete_ids->len, ==, 1);
  hours_instead = apply (replace, off);
  slots = slots_on (hours_instead, 2027, 3, 29);
  g_assert_cmpuint (slots->len, ==, 2);
  g_assert_cmpint (g_array_index (slots, CcalInterval, 0).start, ==, local (2027, 3, 29, 14, 0));
}

static void
test_override_invalid (void)
{
  g_autoptr (GPtrArray) events = demo_events ();
  g_autoptr (GError) error = NULL;
  CcalHoursTarget target = target_for (2027, 3, 10);
  CcalHoursRange ranges[] = { { 600, 720 }, { 700, 800 } };
  CcalEventChanges *changes;
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 17, 3, 2027);
  changes = ccal_date_override_plan_set (events, &date, CCAL_DATE_OVERRIDE_HOURS, ranges, 2, &target, &error);
  g_assert_null (changes);
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "2.start");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/weekly-hours/parse-time", test_parse_time);
  g_test_add_func ("/client/weekly-hours/validate-names-field", test_validate_names_field);
  g_test_add_func ("/client/weekly-hours/read-events", test_read_events);
  g_test_add_func ("/client/weekly-hours/plan-minimal", test_plan_minimal);
  g_test_add_func ("/client/weekly-hours/copy-to-all", test_copy_to_all);
  g_test_add_func ("/client/weekly-hours/override-hours", test_override_hours);
  g_test_add_func ("/client/weekly-hours/override-day-off", test_override_day_off);
  g_test_add_func ("/client/weekly-hours/override-invalid", test_override_invalid);

  return g_test_run ();
}
