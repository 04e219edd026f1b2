/* ccal-ical.c — iCalendar (.ics) import and export of events and bookings (libical-glib)
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include <string.h>

#include "ccal-ical.h"
#include "ccal-ical-private.h"
#include "ccal-time.h"

#define CCAL_ICAL_PRODID     "-//CustomerConnects//Calendar//EN"
#define CCAL_ICAL_X_TYPE     "X-CUSTOMERCONNECTS-TYPE"
#define CCAL_ICAL_X_STATUS   "X-CUSTOMERCONNECTS-STATUS"
/* All-day events are written as zone-less DATE values; this keeps the zone whose midnights they span. */
#define CCAL_ICAL_X_TIMEZONE "X-CUSTOMERCONNECTS-TIMEZONE"
#define CCAL_ICAL_UNTITLED   "Untitled event"

/* Prefixes libical, Evolution, Thunderbird and others put before an IANA id in a TZID. */
static const char * const tzid_prefixes[] = {
  "/freeassociation.sourceforge.net/Tzfile/",
  "/freeassociation.sourceforge.net/",
  "/softwarestudio.org/Tzfile/",
  "/mozilla.org/",
  "/citadel.org/",
};

/* The Windows zone names Outlook and Exchange write, to their IANA zone (CLDR windowsZones, territory 001). */
static const struct
{
  const char *windows;
  const char *iana;
} windows_zones[] = {
  { "Dateline Standard Time", "Etc/GMT+12" },
  { "UTC-11", "Etc/GMT+11" },
  { "Hawaiian Standard Time", "Pacific/Honolulu" },
  { "Alaskan Standard Time", "America/Anchorage" },
  { "Pacific Standard Time", "America/Los_Angeles" },
  { "Pacific Standard Time (Mexico)", "America/Tijuana" },
  { "US Mountain Standard Time", "America/Phoenix" },
  { "Mountain Standard Time", "America/Denver" },
  { "Central America Standard Time", "America/Guatemala" },
  { "Central Standard Time", "America/Chicago" },
  { "Central Standard Time (Mexico)", "America/Mexico_City" },
  { "Canada Central Standard Time", "America/Regina" },
  { "SA Pacific Standard Time", "America/Bogota" },
  { "Eastern Standard Time", "America/New_York" },
  { "US Eastern Standard Time", "America/Indiana/Indianapolis" },
  { "Venezuela Standard Time", "America/Caracas" },
  { "Atlantic Standard Time", "America/Halifax" },
  { "SA Western Standard Time", "America/La_Paz" },
  { "Pacific SA Standard Time", "America/Santiago" },
  { "Newfoundland Standard Time", "America/St_Johns" },
  { "E. South America Standard Time", "America/Sao_Paulo" },
  { "Argentina Standard Time", "America/Argentina/Buenos_Aires" },
  { "SA Eastern Standard Time", "America/Cayenne" },
  { "Azores Standard Time", "Atlantic/Azores" },
  { "UTC", "UTC" },
  { "Coordinated Universal Time", "UTC" },
  { "GMT Standard Time", "Europe/London" },
  { "Greenwich Standard Time", "Atlantic/Reykjavik" },
  { "Morocco Standard Time", "Africa/Casablanca" },
  { "W. Europe Standard Time", "Europe/Berlin" },
  { "Central Europe Standard Time", "Europe/Budapest" },
  { "Romance Standard Time", "Europe/Paris" },
  { "Central European Standard Time", "Europe/Warsaw" },
  { "W. Central Africa Standard Time", "Africa/Lagos" },
  { "GTB Standard Time", "Europe/Bucharest" },
  { "E. Europe Standard Time", "Europe/Chisinau" },
  { "FLE Standard Time", "Europe/Kiev" },
  { "Egypt Standard Time", "Africa/Cairo" },
  { "South Africa Standard Time", "Africa/Johannesburg" },
  { "Israel Standard Time", "Asia/Jerusalem" },
  { "Turkey Standard Time", "Europe/Istanbul" },
  { "Arab Standard Time", "Asia/Riyadh" },
  { "Russian Standard Time", "Europe/Moscow" },
  { "E. Africa Standard Time", "Africa/Nairobi" },
  { "Iran Standard Time", "Asia/Tehran" },
  { "Arabian Standard Time", "Asia/Dubai" },
  { "Pakistan Standard Time", "Asia/Karachi" },
  { "India Standard Time", "Asia/Kolkata" },
  { "Sri Lanka Standard Time", "Asia/Colombo" },
  { "Nepal Standard Time", "Asia/Kathmandu" },
  { "Bangladesh Standard Time", "Asia/Dhaka" },
  { "SE Asia Standard Time", "Asia/Bangkok" },
  { "China Standard Time", "Asia/Shanghai" },
  { "Singapore Standard Time", "Asia/Singapore" },
  { "W. Australia Standard Time", "Australia/Perth" },
  { "Taipei Standard Time", "Asia/Taipei" },
  { "Tokyo Standard Time", "Asia/Tokyo" },
  { "Korea Standard Time", "Asia/Seoul" },
  { "Cen. Australia Standard Time", "Australia/Adelaide" },
  { "AUS Central Standard Time", "Australia/Darwin" },
  { "E. Australia Standard Time", "Australia/Brisbane" },
  { "AUS Eastern Standard Time", "Australia/Sydney" },
  { "Tasmania Standard Time", "Australia/Hobart" },
  { "New Zealand Standard Time", "Pacific/Auckland" },
};

/* ---------------------------------------------------------------------------------------------- */
/* Export                                                                                         */
/* ---------------------------------------------------------------------------------------------- */

static gboolean
zone_is_utc (const char *tzid)
{
  return tzid == NULL || g_str_equal (tzid, "UTC");
}

/* The zone an event is written in: its own when the zone data knows it, else UTC. */
static const char *
event_export_zone (CcalEvent *event)
{
  if (zone_is_utc (event->timezone) || ccal_ical_zone_lookup (event->timezone) == NULL)
    return "UTC";
  return event->timezone;
}

static ICalTime *
utc_time_new (gint64 usec)
{
  gint64 seconds = usec / CCAL_USEC_PER_SECOND;

  /* Round towards the past, also before 1970. */
  if (usec < 0 && usec % CCAL_USEC_PER_SECOND != 0)
    seconds--;

  return i_cal_time_new_from_timet_with_zone ((time_t) seconds, FALSE, i_cal_timezone_get_utc_timezone ());
}

/* A zone-less ICalTime holding the wall clock (or, with @is_date, the date) of @usec in @tzid. */
static ICalTime *
local_time_new (gint64      usec,
                const char *tzid,
                gboolean    is_date)
{
  g_autoptr(GError) error = NULL;
  CcalWallClock wall;
  ICalTime *itt;

  if (!ccal_time_to_wall_clock (usec, tzid, &wall, &error))
    {
      g_debug ("Writing %s time in UTC: %s", tzid, error->message);
      itt = utc_time_new (usec);
      if (is_date)
        i_cal_time_set_is_date (itt, TRUE);
      return itt;
    }

  itt = i_cal_time_new_null_time ();
  i_cal_time_set_date (itt, wall.year, wall.month, wall.day);
  if (is_date)
    i_cal_time_set_is_date (itt, TRUE);
  else
    i_cal_time_set_time (itt, wall.hour, wall.minute, wall.second);
  return itt;
}

/* The first day after the last day an all-day event covers: DTEND of a DATE event is exclusive. */
static ICalTime *
all_day_end_new (CcalEvent  *event,
                 const char *tzid)
{
  gint64 last_moment = event->end_time > event->start_time ? event->end_time - 1 : event->start_time;
  ICalTime *end = local_time_new (last_moment, tzid, TRUE);

  i_cal_time_adjust (end, 1, 0, 0, 0);
  return end;
}

typedef enum
{
  TIME_DTSTART,
  TIME_DTEND,
  TIME_EXDATE,
} TimeProperty;

/* A DTSTART, DTEND or EXDATE for @usec in @tzid: UTC as "Z", any other zone as its wall clock with a
 * TZID parameter naming the bare IANA id (libical would put its "/freeassociation.sourceforge.net/"
 * prefix there), all-day as a DATE. */
static ICalProperty *
time_property_new (TimeProperty kind,
                   gint64       usec,
                   const char  *tzid,
                   gboolean     is_all_day)
{
  g_autoptr(ICalTime) itt = NULL;
  ICalProperty *prop = NULL;

  if (is_all_day)
    itt = local_time_new (usec, tzid, TRUE);
  else if (zone_is_utc (tzid))
    itt = utc_time_new (usec);
  else
    itt = local_time_new (usec, tzid, FALSE);

  switch (kind)
    {
    case TIME_DTSTART:
      prop = i_cal_property_new_dtstart (itt);
      break;
    case TIME_DTEND:
      prop = i_cal_property_new_dtend (itt);
      break;
    case TIME_EXDATE:
      prop = i_cal_property_new_exdate (itt);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!is_all_day && !i_cal_time_is_utc (itt))
    i_cal_property_take_parameter (prop, i_cal_parameter_new_tzid (tzid));

  return prop;
}

static gboolean
has_text (const char *text)
{
  return text != NULL && *text != '\0';
}

/* libical escapes TEXT values and parameters but writes URIs (URL, ATTENDEE) as they are, so a line
 * break in one would end the line and start a property of the caller's choosing. */
static gboolean
is_safe_uri (const char *text)
{
  if (!has_text (text))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f || *p == ' ')
        return FALSE;
    }
  return TRUE;
}

static void
add_x_property (ICalComponent *comp,
                const char    *name,
                const char    *value)
{
  ICalProperty *prop = i_cal_property_new_x (value);

  i_cal_property_set_x_name (prop, name);
  i_cal_component_take_property (comp, prop);
}

static void
add_text_property (ICalComponent *comp,
                   ICalProperty *(*property_new) (const gchar *),
                   const char    *text)
{
  if (has_text (text))
    i_cal_component_take_property (comp, property_new (text));
}

/* RFC 5545 requires a UID in every VEVENT; an object not saved yet has no id, so it gets a fresh one. */
static void
add_uid (ICalComponent *comp,
         const char    *id)
{
  g_autofree char *fresh = has_text (id) ? NULL : g_uuid_string_random ();

  i_cal_component_take_property (comp, i_cal_property_new_uid (fresh != NULL ? fresh : id));
}

static void
add_dtstamp (ICalComponent *comp,
             gint64         updated_at)
{
  g_autoptr(ICalTime) stamp = utc_time_new (updated_at > 0 ? updated_at : g_get_real_time ());

  i_cal_component_take_property (comp, i_cal_property_new_dtstamp (stamp));
}

/* A copy of the zone data's VTIMEZONE for @tzid, its TZID rewritten to the bare IANA id that the
 * events' TZID parameters use. */
static ICalComponent *
vtimezone_new (const char *tzid)
{
  ICalTimezone *zone = ccal_ical_zone_lookup (tzid);
  g_autoptr(ICalComponent) zone_comp = NULL;
  g_autoptr(ICalProperty) tzid_prop = NULL;
  ICalComponent *copy;

  if (zone == NULL)
    return NULL;

  zone_comp = i_cal_timezone_get_component (zone);
  if (zone_comp == NULL)
    return NULL;

  copy = i_cal_component_clone (zone_comp);
  tzid_prop = i_cal_component_get_first_property (copy, I_CAL_TZID_PROPERTY);
  if (tzid_prop != NULL)
    i_cal_property_set_tzid (tzid_prop, tzid);
  else
    i_cal_component_take_property (copy, i_cal_property_new_tzid (tzid));

  return copy;
}

static ICalPropertyStatus
event_status_to_ical (CcalEventStatus status)
{
  switch (status)
    {
    case CCAL_EVENT_STATUS_PENDING:
      return I_CAL_STATUS_TENTATIVE;
    case CCAL_EVENT_STATUS_CONFIRMED:
      return I_CAL_STATUS_CONFIRMED;
    case CCAL_EVENT_STATUS_CANCELLED:
      return I_CAL_STATUS_CANCELLED;
    default:
      return I_CAL_STATUS_NONE;
    }
}

/* The category a calendar app shows for each type, so people can filter by it there. */
static const char *
event_type_category (CcalEventType type)
{
  switch (type)
    {
    case CCAL_EVENT_TYPE_AVAILABILITY:
      return "Availability";
    case CCAL_EVENT_TYPE_BLOCKED:
      return "Blocked";
    case CCAL_EVENT_TYPE_EVENT:
      return "Event";
    default:
      return NULL;
    }
}

/* Printable ASCII only: anything else in a verbatim line could break it or inject properties. */
static gboolean
is_plain_ascii (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p < 0x20 || *p > 0x7e)
        return FALSE;
    }
  return TRUE;
}

/* The RRULE as stored, so the file says exactly what the server expands. libical would rewrite it in
 * its own order, so the verbatim text goes out through an X property named RRULE (libical writes X
 * values unescaped); a rule libical cannot read is left out, one it can but unsafe to copy is written
 * in libical's form. */
static void
add_rrule (ICalComponent *vevent,
           const char    *rrule,
           const char    *event_id)
{
  g_autoptr(ICalRecurrence) recurrence = NULL;

  if (g_ascii_strncasecmp (rrule, "RRULE:", 6) == 0)
    rrule += 6;

  recurrence = i_cal_recurrence_new_from_string (rrule);
  if (recurrence == NULL || i_cal_recurrence_get_freq (recurrence) == I_CAL_NO_RECURRENCE)
    {
      g_debug ("Event %s: leaving out the unreadable RRULE “%s”", event_id, rrule);
      return;
    }

  if (is_plain_ascii (rrule))
    add_x_property (vevent, "RRULE", rrule);
  else
    i_cal_component_take_property (vevent, i_cal_property_new_rrule (recurrence));
}

static ICalComponent *
event_to_vevent (CcalEvent *event)
{
  const char *tzid = event_export_zone (event);
  ICalComponent *vevent = i_cal_component_new_vevent ();
  ICalPropertyStatus status = event_status_to_ical (event->status);
  const char *type_name = ccal_event_type_to_string (event->type);
  const char *category = event_type_category (event->type);

  add_uid (vevent, event->id);
  add_dtstamp (vevent, event->updated_at);

  i_cal_component_take_property (vevent,
                                 time_property_new (TIME_DTSTART, event->start_time, tzid, event->is_all_day));
  if (event->is_all_day)
    {
      g_autoptr(ICalTime) end = all_day_end_new (event, tzid);

      i_cal_component_take_property (vevent, i_cal_property_new_dtend (end));
      add_x_property (vevent, CCAL_ICAL_X_TIMEZONE, tzid);
    }
  else
    {
      i_cal_component_take_property (vevent, time_property_new (TIME_DTEND, event->end_time, tzid, FALSE));
    }

  add_text_property (vevent, i_cal_property_new_summary,
                     event->title != NULL && *event->title != '\0' ? event->title : CCAL_ICAL_UNTITLED);
  add_text_property (vevent, i_cal_property_new_description, event->description);
  add_text_property (vevent, i_cal_property_new_location, event->location);
  if (status != I_CAL_STATUS_NONE)
    i_cal_component_take_property (vevent, i_cal_property_new_status (status));

  if (has_text (event->rrule))
    add_rrule (vevent, event->rrule, event->id);

  if (event->exdates != NULL)
    {
      for (guint i = 0; i < event->exdates->len; i++)
        {
          gint64 exdate = g_array_index (event->exdates, gint64, i);

          i_cal_component_take_property (vevent, time_property_new (TIME_EXDATE, exdate, tzid, event->is_all_day));
        }
    }

  if (type_name != NULL)
    add_x_property (vevent, CCAL_ICAL_X_TYPE, type_name);
  add_text_property (vevent, i_cal_property_new_categories, category);

  return vevent;
}

static ICalPropertyStatus
booking_status_to_ical (CcalBookingStatus status)
{
  switch (status)
    {
    case CCAL_BOOKING_STATUS_PENDING:
      return I_CAL_STATUS_TENTATIVE;
    /* The appointment was agreed; what happened at it is not an iCalendar status. */
    case CCAL_BOOKING_STATUS_CONFIRMED:
    case CCAL_BOOKING_STATUS_COMPLETED:
    case CCAL_BOOKING_STATUS_NO_SHOW:
      return I_CAL_STATUS_CONFIRMED;
    case CCAL_BOOKING_STATUS_CANCELLED:
      return I_CAL_STATUS_CANCELLED;
    default:
      return I_CAL_STATUS_NONE;
    }
}

static ICalParameterPartstat
booking_status_to_partstat (CcalBookingStatus status)
{
  switch (status)
    {
    case CCAL_BOOKING_STATUS_PENDING:
      return I_CAL_PARTSTAT_NEEDSACTION;
    case CCAL_BOOKING_STATUS_CANCELLED:
      return I_CAL_PARTSTAT_DECLINED;
    case CCAL_BOOKING_STATUS_CONFIRMED:
    case CCAL_BOOKING_STATUS_COMPLETED:
    case CCAL_BOOKING_STATUS_NO_SHOW:
    default:
      return I_CAL_PARTSTAT_ACCEPTED;
    }
}

/* What a person needs at hand for the appointment that has no property of its own. */
static char *
booking_description (CcalBooking *booking)
{
  GString *text = g_string_new (NULL);
  CcalContact *contact = booking->contact;

  if (has_text (booking->description))
    g_string_append (text, booking->description);

  if (contact != NULL && has_text (contact->phone))
    g_string_append_printf (text, "%sPhone: %s", text->len > 0 ? "\n" : "", contact->phone);
  if (has_text (booking->product_interest))
    g_string_append_printf (text, "%sProduct interest: %s", text->len > 0 ? "\n" : "", booking->product_interest);
  if (has_text (booking->meeting_link))
    g_string_append_printf (text, "%sMeeting link: %s", text->len > 0 ? "\n" : "", booking->meeting_link);
  if (has_text (booking->result_outcome))
    g_string_append_printf (text, "%sOutcome: %s", text->len > 0 ? "\n" : "", booking->result_outcome);
  if (has_text (booking->result_notes))
    g_string_append_printf (text, "%sNotes: %s", text->len > 0 ? "\n" : "", booking->result_notes);

  return g_string_free (text, text->len == 0);
}

static ICalComponent *
booking_to_vevent (CcalBooking *booking)
{
  ICalComponent *vevent = i_cal_component_new_vevent ();
  CcalContact *contact = booking->contact;
  ICalPropertyStatus status = booking_status_to_ical (booking->status);
  const char *status_name = ccal_booking_status_to_string (booking->status);
  g_autofree char *summary = NULL;
  g_autofree char *description = booking_description (booking);

  if (has_text (booking->title))
    summary = g_strdup (booking->title);
  else if (contact != NULL && has_text (contact->name))
    summary = g_strdup_printf ("Appointment with %s", contact->name);
  else
    summary = g_strdup ("Appointment");

  add_uid (vevent, booking->id);
  add_dtstamp (vevent, booking->updated_at);
  i_cal_component_take_property (vevent, time_property_new (TIME_DTSTART, booking->start_time, "UTC", FALSE));
  i_cal_component_take_property (vevent, time_property_new (TIME_DTEND, booking->end_time, "UTC", FALSE));
  add_text_property (vevent, i_cal_property_new_summary, summary);
  add_text_property (vevent, i_cal_property_new_description, description);

  /* Calendar apps show LOCATION everywhere but URL rarely, so a call without a place gets its link there. */
  if (has_text (booking->location))
    add_text_property (vevent, i_cal_property_new_location, booking->location);
  else
    add_text_property (vevent, i_cal_property_new_location, booking->meeting_link);
  if (is_safe_uri (booking->meeting_link))
    i_cal_component_take_property (vevent, i_cal_property_new_url (booking->meeting_link));

  if (status != I_CAL_STATUS_NONE)
    i_cal_component_take_property (vevent, i_cal_property_new_status (status));

  if (contact != NULL && is_safe_uri (contact->email))
    {
      g_autofree char *mailto = g_strconcat ("mailto:", contact->email, NULL);
      ICalProperty *attendee = i_cal_property_new_attendee (mailto);

      if (has_text (contact->name))
        i_cal_property_take_parameter (attendee, i_cal_parameter_new_cn (contact->name));
      i_cal_property_take_parameter (attendee, i_cal_parameter_new_role (I_CAL_ROLE_REQPARTICIPANT));
      i_cal_property_take_parameter (attendee,
                                     i_cal_parameter_new_partstat (booking_status_to_partstat (booking->status)));
      i_cal_component_take_property (vevent, attendee);
    }

  add_x_property (vevent, CCAL_ICAL_X_TYPE, "booking");
  if (status_name != NULL)
    add_x_property (vevent, CCAL_ICAL_X_STATUS, status_name);
  add_text_property (vevent, i_cal_property_new_categories, "Appointment");

  return vevent;
}

char *
ccal_ical_export (GPtrArray *events,
                  GPtrArray *bookings)
{
  g_autoptr(ICalComponent) calendar = i_cal_component_new_vcalendar ();
  g_autoptr(GPtrArray) zones = g_ptr_array_new ();

  i_cal_component_take_property (calendar, i_cal_property_new_prodid (CCAL_ICAL_PRODID));
  i_cal_component_take_property (calendar, i_cal_property_new_version ("2.0"));
  i_cal_component_take_property (calendar, i_cal_property_new_calscale ("GREGORIAN"));
  i_cal_component_take_property (calendar, i_cal_property_new_method (I_CAL_METHOD_PUBLISH));

  /* VTIMEZONEs first: readers that resolve TZIDs while parsing need them before the events. */
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      CcalEvent *event = g_ptr_array_index (events, i);
      const char *tzid = event_export_zone (event);

      if (event->is_all_day || zone_is_utc (tzid))
        continue;
      if (!g_ptr_array_find_with_equal_func (zones, tzid, g_str_equal, NULL))
        {
          ICalComponent *vtimezone = vtimezone_new (tzid);

          g_ptr_array_add (zones, (gpointer) tzid);
          if (vtimezone != NULL)
            i_cal_component_take_component (calendar, vtimezone);
        }
    }

  for (guint i = 0; events != NULL && i < events->len; i++)
    i_cal_component_take_component (calendar, event_to_vevent (g_ptr_array_index (events, i)));

  for (guint i = 0; bookings != NULL && i < bookings->len; i++)
    i_cal_component_take_component (calendar, booking_to_vevent (g_ptr_array_index (bookings, i)));

  return i_cal_component_as_ical_string (calendar);
}

/* ---------------------------------------------------------------------------------------------- */
/* Import                                                                                         */
/* ---------------------------------------------------------------------------------------------- */

typedef struct
{
  ICalComponent *calendar;     /* the VCALENDAR holding the VEVENT, for its VTIMEZONEs */
  const char    *date_zone;    /* the zone whose midnights DATE values mean when the event names none */
} ImportContext;

/* Where a TZID leads: an IANA id the zone data knows, or failing that the file's own VTIMEZONE. */
typedef struct
{
  const char   *iana;
  ICalTimezone *file_zone;     /* owned */
} ResolvedZone;

static void
resolved_zone_clear (ResolvedZone *resolved)
{
  g_clear_object (&resolved->file_zone);
}

/* @tzid when the zone data knows it, interned: zone names outlive the parsed file they came from. */
static const char *
known_zone (const char *tzid)
{
  if (tzid == NULL || *tzid == '\0')
    return NULL;
  if (g_ascii_strcasecmp (tzid, "UTC") == 0 || g_ascii_strcasecmp (tzid, "GMT") == 0 ||
      g_ascii_strcasecmp (tzid, "Z") == 0)
    return "UTC";
  return ccal_ical_zone_lookup (tzid) != NULL ? g_intern_string (tzid) : NULL;
}

/* The IANA id in a TZID: the id itself, one behind a known vendor prefix, or behind any "/…/" path
 * (generators invent their own prefixes). */
static const char *
tzid_to_iana (const char *tzid)
{
  const char *iana;

  if ((iana = known_zone (tzid)) != NULL)
    return iana;

  for (gsize i = 0; i < G_N_ELEMENTS (tzid_prefixes); i++)
    {
      if (g_str_has_prefix (tzid, tzid_prefixes[i]) &&
          (iana = known_zone (tzid + strlen (tzid_prefixes[i]))) != NULL)
        return iana;
    }

  if (tzid[0] == '/')
    {
      for (const char *slash = strchr (tzid + 1, '/'); slash != NULL; slash = strchr (slash + 1, '/'))
        {
          if ((iana = known_zone (slash + 1)) != NULL)
            return iana;
        }
    }

  for (gsize i = 0; i < G_N_ELEMENTS (windows_zones); i++)
    {
      if (g_ascii_strcasecmp (tzid, windows_zones[i].windows) == 0)
        return known_zone (windows_zones[i].iana);
    }

  return NULL;
}

/* The X-LIC-LOCATION libical-written VTIMEZONEs carry: the IANA id whatever the TZID says. */
static const char *
vtimezone_location (ICalTimezone *file_zone)
{
  g_autoptr(ICalComponent) comp = i_cal_timezone_get_component (file_zone);
  const char *found = NULL;
  ICalProperty *prop;

  if (comp == NULL)
    return NULL;

  for (prop = i_cal_component_get_first_property (comp, I_CAL_X_PROPERTY); prop != NULL && found == NULL;
       prop = i_cal_component_get_next_property (comp, I_CAL_X_PROPERTY))
    {
      if (g_strcmp0 (i_cal_property_get_x_name (prop), "X-LIC-LOCATION") == 0)
        found = known_zone (i_cal_property_get_x (prop));
      g_object_unref (prop);
    }

  return found;
}

static void
resolve_tzid (ImportContext *ctx,
              const char    *tzid,
              ResolvedZone  *out)
{
  out->iana = tzid_to_iana (tzid);
  out->file_zone = NULL;
  if (out->iana != NULL)
    return;

  out->file_zone = i_cal_component_get_timezone (ctx->calendar, tzid);
  if (out->file_zone != NULL && (out->iana = vtimezone_location (out->file_zone)) != NULL)
    g_clear_object (&out->file_zone);
}

static gint64
utc_wall_to_usec (const CcalWallClock *wall)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (wall->year, wall->month, wall->day,
                                                 wall->hour, wall->minute, wall->second);

  return dt != NULL ? g_date_time_to_unix (dt) * CCAL_USEC_PER_SECOND : 0;
}

static void
wall_from_ical (ICalTime      *itt,
                CcalWallClock *wall)
{
  i_cal_time_get_date (itt, &wall->year, &wall->month, &wall->day);
  if (i_cal_time_is_date (itt))
    wall->hour = wall->minute = wall->second = 0;
  else
    i_cal_time_get_time (itt, &wall->hour, &wall->minute, &wall->second);
  /* A leap second (:60) is not a time GLib or the zone code accept. */
  wall->second = MIN (wall->second, 59);
}

static gboolean
wall_to_usec (const CcalWallClock *wall,
              const char          *tzid,
              gint64              *out_usec)
{
  g_autoptr(GError) error = NULL;

  if (zone_is_utc (tzid))
    {
      *out_usec = utc_wall_to_usec (wall);
      return TRUE;
    }
  if (ccal_time_from_wall_clock (wall, tzid, out_usec, &error))
    return TRUE;

  g_debug ("Reading a %s time as UTC: %s", tzid, error->message);
  *out_usec = utc_wall_to_usec (wall);
  return FALSE;
}

/* The instant of a DATE-TIME or DATE value of @prop, and the IANA zone it was given in ("UTC" for UTC,
 * floating times and zones only the file's VTIMEZONE describes). DATE values are midnight in
 * @date_zone. Floating times have no zone anywhere; they are read as UTC. */
static gint64
read_instant (ImportContext *ctx,
              ICalProperty  *prop,
              ICalTime      *itt,
              const char    *date_zone,
              const char   **out_zone)
{
  g_autofree char *tzid = i_cal_property_get_parameter_as_string (prop, "TZID");
  CcalWallClock wall;
  gint64 usec;

  wall_from_ical (itt, &wall);

  if (i_cal_time_is_date (itt))
    {
      wall_to_usec (&wall, date_zone, &usec);
      *out_zone = date_zone;
      return usec;
    }

  if (!i_cal_time_is_utc (itt) && tzid != NULL)
    {
      ResolvedZone resolved;

      resolve_tzid (ctx, tzid, &resolved);
      if (resolved.iana != NULL)
        {
          *out_zone = wall_to_usec (&wall, resolved.iana, &usec) ? resolved.iana : "UTC";
          return usec;
        }
      if (resolved.file_zone != NULL)
        {
          /* A zone only this file defines (an unmapped Windows name): convert with its rules and
           * keep the event in UTC, as no IANA zone is known to expand a recurrence in. */
          usec = (gint64) i_cal_time_as_timet_with_zone (itt, resolved.file_zone) * CCAL_USEC_PER_SECOND;
          resolved_zone_clear (&resolved);
          *out_zone = "UTC";
          return usec;
        }
      g_debug ("Unknown TZID “%s” without a VTIMEZONE; reading its times as UTC", tzid);
    }

  *out_zone = "UTC";
  return utc_wall_to_usec (&wall);
}

/* @start moved by @days calendar days on the wall clock of @tzid: 23 or 25 hours across a DST change. */
static gint64
add_days (gint64      start,
          const char *tzid,
          int         days)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) shifted = NULL;
  CcalWallClock wall;
  gint64 end;

  if (days == 0)
    return start;
  if (zone_is_utc (tzid) || !ccal_time_to_wall_clock (start, tzid, &wall, NULL))
    return start + (gint64) days * CCAL_USEC_PER_DAY;

  date = g_date_time_new_utc (wall.year, wall.month, wall.day, 0, 0, 0);
  shifted = date != NULL ? g_date_time_add_days (date, days) : NULL;
  if (shifted == NULL)
    return start + (gint64) days * CCAL_USEC_PER_DAY;

  wall.year = g_date_time_get_year (shifted);
  wall.month = g_date_time_get_month (shifted);
  wall.day = g_date_time_get_day_of_month (shifted);
  wall_to_usec (&wall, tzid, &end);
  return end;
}

/* @start plus a DURATION: weeks and days are calendar days (RFC 5545 §3.3.6), the rest exact. */
static gint64
add_duration (gint64        start,
              const char   *tzid,
              ICalDuration *duration)
{
  int sign = i_cal_duration_is_neg (duration) ? -1 : 1;
  int days = (int) (i_cal_duration_get_weeks (duration) * 7 + i_cal_duration_get_days (duration));
  gint64 exact = ((gint64) i_cal_duration_get_hours (duration) * 3600 +
                  (gint64) i_cal_duration_get_minutes (duration) * 60 +
                  (gint64) i_cal_duration_get_seconds (duration)) * CCAL_USEC_PER_SECOND;

  return add_days (start, tzid, sign * days) + sign * exact;
}

typedef struct
{
  CcalEvent *event;            /* owned */
  char      *uid;
  gboolean   is_override;      /* a RECURRENCE-ID instance of another VEVENT */
  gint64     recurrence_id;
  gboolean   cancelled;
} ImportedEvent;

static void
imported_event_free (gpointer data)
{
  ImportedEvent *imported = data;

  g_clear_object (&imported->event);
  g_free (imported->uid);
  g_free (imported);
}

static void
set_string (char       **field,
            const char  *value)
{
  g_free (*field);
  *field = g_strdup (value);
}

static char *
trimmed_or_null (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

static gboolean
status_from_ical (ICalPropertyStatus  status,
                  CcalEventStatus    *out_status)
{
  switch (status)
    {
    case I_CAL_STATUS_TENTATIVE:
      *out_status = CCAL_EVENT_STATUS_PENDING;
      return TRUE;
    case I_CAL_STATUS_CONFIRMED:
      *out_status = CCAL_EVENT_STATUS_CONFIRMED;
      return TRUE;
    case I_CAL_STATUS_CANCELLED:
      *out_status = CCAL_EVENT_STATUS_CANCELLED;
      return TRUE;
    case I_CAL_STATUS_X:
    case I_CAL_STATUS_NEEDSACTION:
    case I_CAL_STATUS_COMPLETED:
    case I_CAL_STATUS_INPROCESS:
    case I_CAL_STATUS_DRAFT:
    case I_CAL_STATUS_FINAL:
    case I_CAL_STATUS_SUBMITTED:
    case I_CAL_STATUS_PENDING:
    case I_CAL_STATUS_FAILED:
    case I_CAL_STATUS_DELETED:
    case I_CAL_STATUS_NONE:
    default:
      return FALSE;
    }
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
add_exdate (CcalEvent *event,
            gint64     exdate)
{
  if (event->exdates == NULL)
    event->exdates = g_array_new (FALSE, FALSE, sizeof (gint64));
  for (guint i = 0; i < event->exdates->len; i++)
    {
      if (g_array_index (event->exdates, gint64, i) == exdate)
        return;
    }
  g_array_append_val (event->exdates, exdate);
}

/* The properties of one VEVENT, read in a single pass over them: libical keeps one property iterator
 * per component, so the convenience getters must not run inside a property loop. */
typedef struct
{
  ICalProperty *dtstart;
  ICalProperty *dtend;
  ICalProperty *duration;
  ICalProperty *rrule;
  ICalProperty *recurrence_id;
  GPtrArray    *exdates;       /* of ICalProperty */
  const char   *uid;
  const char   *summary;
  const char   *description;
  const char   *location;
  const char   *x_timezone;
  ICalPropertyStatus status;
} VeventProperties;

static void
vevent_properties_clear (VeventProperties *props)
{
  g_clear_object (&props->dtstart);
  g_clear_object (&props->dtend);
  g_clear_object (&props->duration);
  g_clear_object (&props->rrule);
  g_clear_object (&props->recurrence_id);
  g_clear_pointer (&props->exdates, g_ptr_array_unref);
}

static void
keep_first (ICalProperty **slot,
            ICalProperty  *prop)
{
  if (*slot == NULL)
    *slot = g_object_ref (prop);
}

static void
vevent_properties_read (ICalComponent    *vevent,
                        VeventProperties *props)
{
  ICalProperty *prop;

  memset (props, 0, sizeof *props);
  props->exdates = g_ptr_array_new_with_free_func (g_object_unref);
  props->status = I_CAL_STATUS_NONE;

  for (prop = i_cal_component_get_first_property (vevent, I_CAL_ANY_PROPERTY); prop != NULL;
       prop = i_cal_component_get_next_property (vevent, I_CAL_ANY_PROPERTY))
    {
      ICalPropertyKind kind = i_cal_property_isa (prop);

      /* The strings below are owned by the native property, which the component keeps alive. */
      if (kind == I_CAL_DTSTART_PROPERTY)
        keep_first (&props->dtstart, prop);
      else if (kind == I_CAL_DTEND_PROPERTY)
        keep_first (&props->dtend, prop);
      else if (kind == I_CAL_DURATION_PROPERTY)
        keep_first (&props->duration, prop);
      else if (kind == I_CAL_RRULE_PROPERTY)
        keep_first (&props->rrule, prop);
      else if (kind == I_CAL_RECURRENCEID_PROPERTY)
        keep_first (&props->recurrence_id, prop);
      else if (kind == I_CAL_EXDATE_PROPERTY)
        g_ptr_array_add (props->exdates, g_object_ref (prop));
      else if (kind == I_CAL_UID_PROPERTY && props->uid == NULL)
        props->uid = i_cal_property_get_uid (prop);
      else if (kind == I_CAL_SUMMARY_PROPERTY && props->summary == NULL)
        props->summary = i_cal_property_get_summary (prop);
      else if (kind == I_CAL_DESCRIPTION_PROPERTY && props->description == NULL)
        props->description = i_cal_property_get_description (prop);
      else if (kind == I_CAL_LOCATION_PROPERTY && props->location == NULL)
        props->location = i_cal_property_get_location (prop);
      else if (kind == I_CAL_STATUS_PROPERTY)
        props->status = i_cal_property_get_status (prop);
      else if (kind == I_CAL_X_PROPERTY &&
               g_strcmp0 (i_cal_property_get_x_name (prop), CCAL_ICAL_X_TIMEZONE) == 0)
        props->x_timezone = i_cal_property_get_x (prop);

      g_object_unref (prop);
    }
}

/* One VEVENT as a CcalEvent, or NULL (with the reason logged) when it has no usable start. */
static ImportedEvent *
vevent_to_event (ImportContext *ctx,
                 ICalComponent *vevent,
                 CcalEventType  type)
{
  VeventProperties props;
  g_autoptr(ICalTime) dtstart = NULL;
  g_autoptr(CcalEvent) event = NULL;
  g_autofree char *summary = NULL;
  ImportedEvent *imported;
  const char *zone = NULL;
  const char *date_zone = ctx->date_zone;
  CcalEventStatus status;

  vevent_properties_read (vevent, &props);

  if (props.dtstart != NULL)
    dtstart = i_cal_property_get_dtstart (props.dtstart);
  if (dtstart == NULL || i_cal_time_is_null_time (dtstart) || !i_cal_time_is_valid_time (dtstart))
    {
      g_debug ("Skipping VEVENT “%s”: it has no readable DTSTART", props.uid != NULL ? props.uid : "");
      vevent_properties_clear (&props);
      return NULL;
    }

  /* Our own all-day events say which zone's midnights they span. */
  if (props.x_timezone != NULL && known_zone (props.x_timezone) != NULL)
    date_zone = known_zone (props.x_timezone);

  event = ccal_event_new ();
  event->type = type;
  event->is_all_day = i_cal_time_is_date (dtstart);
  event->start_time = read_instant (ctx, props.dtstart, dtstart, date_zone, &zone);
  set_string (&event->timezone, zone);

  if (props.dtend != NULL)
    {
      g_autoptr(ICalTime) dtend = i_cal_property_get_dtend (props.dtend);
      const char *end_zone;

      if (dtend != NULL && !i_cal_time_is_null_time (dtend))
        event->end_time = read_instant (ctx, props.dtend, dtend, event->timezone, &end_zone);
      else
        event->end_time = event->start_time;
    }
  else if (props.duration != NULL)
    {
      g_autoptr(ICalDuration) duration = i_cal_property_get_duration (props.duration);

      event->end_time = add_duration (event->start_time, event->timezone, duration);
    }
  else if (event->is_all_day)
    {
      /* RFC 5545 §3.6.1: a DATE start without an end lasts that one day. */
      event->end_time = add_days (event->start_time, event->timezone, 1);
    }
  else
    {
      /* RFC 5545 §3.6.1: a DATE-TIME start without an end is an instant; validation will say so. */
      event->end_time = event->start_time;
    }

  /* A malformed end before the start: keep the start, let validation name the field. */
  if (event->end_time < event->start_time)
    event->end_time = event->start_time;
  if (event->is_all_day && event->end_time == event->start_time)
    event->end_time = add_days (event->start_time, event->timezone, 1);

  summary = trimmed_or_null (props.summary);
  set_string (&event->title, summary != NULL ? summary : CCAL_ICAL_UNTITLED);
  if (has_text (props.description))
    set_string (&event->description, props.description);
  if (has_text (props.location))
    set_string (&event->location, props.location);

  /* An event without STATUS is an ordinary, settled one (RFC 5545 has no "unknown"). */
  event->status = status_from_ical (props.status, &status) ? status : CCAL_EVENT_STATUS_CONFIRMED;

  if (props.rrule != NULL)
    {
      g_autoptr(ICalRecurrence) recurrence = i_cal_property_get_rrule (props.rrule);

      if (recurrence != NULL && i_cal_recurrence_get_freq (recurrence) != I_CAL_NO_RECURRENCE)
        {
          g_free (event->rrule);
          event->rrule = i_cal_recurrence_to_string (recurrence);
        }
    }

  for (guint i = 0; i < props.exdates->len; i++)
    {
      ICalProperty *prop = g_ptr_array_index (props.exdates, i);
      g_autoptr(ICalTime) exdate = i_cal_property_get_exdate (prop);
      const char *exdate_zone;
      gint64 instant;

      if (exdate == NULL || i_cal_time_is_null_time (exdate))
        continue;

      if (i_cal_time_is_date (exdate) && !event->is_all_day)
        {
          /* A DATE EXDATE on a timed event skips that day's occurrence: the start's time of day. */
          CcalWallClock wall, start_wall;

          wall_from_ical (exdate, &wall);
          if (!zone_is_utc (event->timezone) &&
              ccal_time_to_wall_clock (event->start_time, event->timezone, &start_wall, NULL))
            {
              wall.hour = start_wall.hour;
              wall.minute = start_wall.minute;
              wall.second = start_wall.second;
              wall_to_usec (&wall, event->timezone, &instant);
            }
          else
            {
              instant = utc_wall_to_usec (&wall) + event->start_time % CCAL_USEC_PER_DAY;
            }
        }
      else
        {
          instant = read_instant (ctx, prop, exdate, event->timezone, &exdate_zone);
        }
      add_exdate (event, instant);
    }
  if (event->exdates != NULL)
    g_array_sort (event->exdates, compare_gint64);

  imported = g_new0 (ImportedEvent, 1);
  imported->uid = g_strdup (props.uid);
  imported->cancelled = event->status == CCAL_EVENT_STATUS_CANCELLED;
  if (props.recurrence_id != NULL)
    {
      g_autoptr(ICalTime) rid = i_cal_property_get_recurrenceid (props.recurrence_id);
      const char *rid_zone;

      if (rid != NULL && !i_cal_time_is_null_time (rid))
        {
          imported->is_override = TRUE;
          imported->recurrence_id = read_instant (ctx, props.recurrence_id, rid, event->timezone, &rid_zone);
          /* The moved or changed instance stands alone; its series only skips the original slot. */
          g_clear_pointer (&event->rrule, g_free);
          if (event->exdates != NULL)
            g_array_set_size (event->exdates, 0);
        }
    }
  imported->event = g_steal_pointer (&event);

  vevent_properties_clear (&props);
  return imported;
}

static void
collect_vevents (ICalComponent *component,
                 GPtrArray     *calendars_out,
                 GPtrArray     *vevents_out)
{
  ICalComponent *child;

  for (child = i_cal_component_get_first_component (component, I_CAL_VEVENT_COMPONENT); child != NULL;
       child = i_cal_component_get_next_component (component, I_CAL_VEVENT_COMPONENT))
    {
      g_ptr_array_add (vevents_out, child);
      g_ptr_array_add (calendars_out, g_object_ref (component));
    }
}

/* An id for each event: the UID when it is a UUID not taken yet, else a new one. Overrides always
 * get a new id, as they share their series' UID. The original UID is kept in metadata. */
static void
assign_ids (GPtrArray *imported_events)
{
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < imported_events->len; i++)
    {
      ImportedEvent *imported = g_ptr_array_index (imported_events, i);
      CcalEvent *event = imported->event;
      g_autofree char *id = NULL;

      if (!imported->is_override && imported->uid != NULL && g_uuid_string_is_valid (imported->uid))
        {
          id = g_ascii_strdown (imported->uid, -1);
          if (g_hash_table_contains (taken, id))
            g_clear_pointer (&id, g_free);
        }
      if (id == NULL)
        id = g_uuid_string_random ();

      g_hash_table_add (taken, g_strdup (id));
      g_free (event->id);
      event->id = g_steal_pointer (&id);

      if (imported->uid != NULL && g_strcmp0 (imported->uid, event->id) != 0)
        {
          if (event->metadata == NULL)
            event->metadata = json_object_new ();
          json_object_set_string_member (event->metadata, "ical_uid", imported->uid);
        }
    }
}

GPtrArray *
ccal_ical_import_events (const char     *ics_text,
                         CcalEventType   type,
                         GError        **error)
{
  g_autofree char *text = NULL;
  g_autoptr(ICalComponent) root = NULL;
  g_autoptr(GPtrArray) calendars = NULL;
  g_autoptr(GPtrArray) vevents = NULL;
  g_autoptr(GPtrArray) imported_events = NULL;
  g_autoptr(GHashTable) masters = NULL;
  g_autoptr(GPtrArray) result = NULL;
  const char *body;
  ICalComponentKind root_kind;

  if (ics_text == NULL)
    ics_text = "";

  /* A byte order mark (Outlook) would hide BEGIN:VCALENDAR from the parser; stray bytes would end up in
   * titles that must be UTF-8 in JSON. */
  body = g_str_has_prefix (ics_text, "\xEF\xBB\xBF") ? ics_text + 3 : ics_text;
  text = g_utf8_make_valid (body, -1);

  if (strstr (text, "BEGIN:") == NULL && strstr (text, "begin:") == NULL)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_PARSE, NULL, "This file is not an iCalendar (.ics) file.");
      return NULL;
    }

  root = i_cal_parser_parse_string (text);
  root_kind = root != NULL ? i_cal_component_isa (root) : I_CAL_NO_COMPONENT;
  if (root_kind != I_CAL_VCALENDAR_COMPONENT && root_kind != I_CAL_XROOT_COMPONENT &&
      root_kind != I_CAL_VEVENT_COMPONENT)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_PARSE, NULL, "This file is not an iCalendar (.ics) file.");
      return NULL;
    }

  /* VEVENT wrappers, each with the VCALENDAR it came from (a file may hold several). */
  calendars = g_ptr_array_new_with_free_func (g_object_unref);
  vevents = g_ptr_array_new_with_free_func (g_object_unref);
  if (root_kind == I_CAL_VEVENT_COMPONENT)
    {
      g_ptr_array_add (vevents, g_object_ref (root));
      g_ptr_array_add (calendars, g_object_ref (root));
    }
  else if (root_kind == I_CAL_VCALENDAR_COMPONENT)
    {
      collect_vevents (root, calendars, vevents);
    }
  else
    {
      ICalComponent *child;

      for (child = i_cal_component_get_first_component (root, I_CAL_VCALENDAR_COMPONENT); child != NULL;
           child = i_cal_component_get_next_component (root, I_CAL_VCALENDAR_COMPONENT))
        {
          collect_vevents (child, calendars, vevents);
          g_object_unref (child);
        }
    }

  if (vevents->len == 0)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_PARSE, NULL, "The calendar has no events.");
      return NULL;
    }

  imported_events = g_ptr_array_new_with_free_func (imported_event_free);
  for (guint i = 0; i < vevents->len; i++)
    {
      ICalComponent *calendar = g_ptr_array_index (calendars, i);
      g_autofree char *x_wr_timezone = NULL;
      ImportContext ctx = { calendar, "UTC" };
      ImportedEvent *imported;
      ICalProperty *prop;

      /* Google and Apple name the calendar's zone; DATE values mean its midnights. */
      for (prop = i_cal_component_get_first_property (calendar, I_CAL_X_PROPERTY); prop != NULL;
           prop = i_cal_component_get_next_property (calendar, I_CAL_X_PROPERTY))
        {
          if (x_wr_timezone == NULL && g_strcmp0 (i_cal_property_get_x_name (prop), "X-WR-TIMEZONE") == 0)
            x_wr_timezone = g_strdup (i_cal_property_get_x (prop));
          g_object_unref (prop);
        }
      if (x_wr_timezone != NULL && tzid_to_iana (x_wr_timezone) != NULL)
        ctx.date_zone = tzid_to_iana (x_wr_timezone);

      imported = vevent_to_event (&ctx, g_ptr_array_index (vevents, i), type);
      if (imported != NULL)
        g_ptr_array_add (imported_events, imported);
    }

  if (imported_events->len == 0)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_PARSE, "DTSTART",
                           "None of the calendar's events has a start time that can be read.");
      return NULL;
    }

  /* A changed or cancelled instance of a series: the series skips that instance. */
  masters = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < imported_events->len; i++)
    {
      ImportedEvent *imported = g_ptr_array_index (imported_events, i);

      if (!imported->is_override && imported->uid != NULL && imported->event->rrule != NULL)
        g_hash_table_insert (masters, imported->uid, imported);
    }

  assign_ids (imported_events);

  result = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < imported_events->len; i++)
    {
      ImportedEvent *imported = g_ptr_array_index (imported_events, i);
      ImportedEvent *master = NULL;

      if (imported->is_override && imported->uid != NULL)
        master = g_hash_table_lookup (masters, imported->uid);
      if (master != NULL)
        {
          add_exdate (master->event, imported->recurrence_id);
          g_array_sort (master->event->exdates, compare_gint64);
          if (imported->cancelled)
            continue;
        }
      g_ptr_array_add (result, g_object_ref (imported->event));
    }

  return g_steal_pointer (&result);
}
