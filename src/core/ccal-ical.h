/* ccal-ical.h — iCalendar (.ics) import and export of events and bookings (libical-glib)
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ccal-booking.h"
#include "ccal-event.h"

G_BEGIN_DECLS

/* A VCALENDAR with one VEVENT per event (DTSTART/DTEND with TZID, a VTIMEZONE for every zone used,
 * RRULE and EXDATE kept, all-day as DATE values) and per booking (attendee = the contact).
 * Either array may be NULL. Returns the text, CRLF line endings, lines folded at 75 octets. */
char      *ccal_ical_export           (GPtrArray   *events,
                                       GPtrArray   *bookings);

/* Reads the VEVENTs of an .ics text into new CcalEvents of @type (UID → id when it is a UUID,
 * else a new one; SUMMARY, DESCRIPTION, LOCATION, DTSTART/DTEND/DURATION with their TZID, RRULE,
 * EXDATE, all-day). A text that is not iCalendar is CCAL_CORE_ERROR_PARSE. */
GPtrArray *ccal_ical_import_events    (const char  *ics_text,
                                       CcalEventType type,
                                       GError     **error);

G_END_DECLS
