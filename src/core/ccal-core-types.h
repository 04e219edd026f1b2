/* ccal-core-types.h — shared enums, the time interval type and the core error domain
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Instants are microseconds since the Unix epoch, UTC (as g_get_real_time()). */
#define CCAL_USEC_PER_SECOND G_GINT64_CONSTANT (1000000)
#define CCAL_USEC_PER_MINUTE (60 * CCAL_USEC_PER_SECOND)
#define CCAL_USEC_PER_HOUR   (60 * CCAL_USEC_PER_MINUTE)
#define CCAL_USEC_PER_DAY    (24 * CCAL_USEC_PER_HOUR)

/* A half-open span of time [start, end), in microseconds since the epoch. */
typedef struct
{
  gint64 start;
  gint64 end;
} CcalInterval;

typedef enum
{
  CCAL_EVENT_TYPE_AVAILABILITY,
  CCAL_EVENT_TYPE_BLOCKED,
  CCAL_EVENT_TYPE_EVENT,
} CcalEventType;

typedef enum
{
  CCAL_EVENT_STATUS_PENDING,
  CCAL_EVENT_STATUS_CONFIRMED,
  CCAL_EVENT_STATUS_CANCELLED,
} CcalEventStatus;

typedef enum
{
  CCAL_BOOKING_STATUS_PENDING,
  CCAL_BOOKING_STATUS_CONFIRMED,
  CCAL_BOOKING_STATUS_CANCELLED,
  CCAL_BOOKING_STATUS_COMPLETED,
  CCAL_BOOKING_STATUS_NO_SHOW,
} CcalBookingStatus;
#define CCAL_N_BOOKING_STATUSES 5

typedef enum
{
  CCAL_BOOKING_SOURCE_PUBLIC,
  CCAL_BOOKING_SOURCE_STAFF,
} CcalBookingSource;
#define CCAL_N_BOOKING_SOURCES 2

typedef enum
{
  CCAL_ROLE_STAFF,
  CCAL_ROLE_ADMIN,
} CcalRole;

/* The contract's spelling of each enum value ("no_show", "availability", …). */
const char *ccal_event_type_to_string      (CcalEventType      type);
gboolean    ccal_event_type_from_string    (const char        *text,
                                            CcalEventType     *out_type);
const char *ccal_event_status_to_string    (CcalEventStatus    status);
gboolean    ccal_event_status_from_string  (const char        *text,
                                            CcalEventStatus   *out_status);
const char *ccal_booking_status_to_string  (CcalBookingStatus  status);
gboolean    ccal_booking_status_from_string (const char       *text,
                                             CcalBookingStatus *out_status);
const char *ccal_booking_source_to_string  (CcalBookingSource  source);
gboolean    ccal_booking_source_from_string (const char       *text,
                                             CcalBookingSource *out_source);
const char *ccal_role_to_string            (CcalRole           role);
gboolean    ccal_role_from_string          (const char        *text,
                                            CcalRole          *out_role);

/* pending→confirmed|cancelled; confirmed→completed|no_show|cancelled; nothing else. */
gboolean    ccal_booking_status_can_change (CcalBookingStatus  from,
                                            CcalBookingStatus  to);

/* Does a non-cancelled booking in this status occupy its time? */
gboolean    ccal_booking_status_is_busy    (CcalBookingStatus  status);

#define CCAL_CORE_ERROR (ccal_core_error_quark ())

typedef enum
{
  CCAL_CORE_ERROR_INVALID,            /* a value is malformed or out of range; see the field */
  CCAL_CORE_ERROR_UNKNOWN_TIMEZONE,   /* not an IANA zone id the zone data knows */
  CCAL_CORE_ERROR_NONEXISTENT_TIME,   /* a wall-clock time skipped by a DST change */
  CCAL_CORE_ERROR_PARSE,              /* a document (JSON, iCalendar) could not be read */
} CcalCoreError;

GQuark      ccal_core_error_quark          (void);

/* Sets a CCAL_CORE_ERROR that names the offending field (an API's "field"). */
void        ccal_core_set_error            (GError           **error,
                                            CcalCoreError      code,
                                            const char        *field,
                                            const char        *format,
                                            ...) G_GNUC_PRINTF (4, 5);

/* The field a CCAL_CORE_ERROR names, or NULL. */
const char *ccal_core_error_get_field      (const GError      *error);

G_END_DECLS
