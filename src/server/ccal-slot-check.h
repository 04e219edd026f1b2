/* ccal-slot-check.h — "is this one of the offered slots?", asked inside the booking transaction
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ccal-db.h"

G_BEGIN_DECLS

/* What POST /book, POST /holds, a reschedule and the demo data hand to CcalDb as the
 * CcalDbSlotCheck's data: a slot is bookable exactly when GET /availability would list it for the
 * calendar day it starts on (in the admin's zone), with its length, at @now. */
typedef struct
{
  GDate   date;               /* the day the slot starts on, in @tzid */
  char   *tzid;               /* the admin's zone, which the schedule range was computed in */
  int     duration_minutes;
  gint64  now;
} CcalSlotCheck;

void     ccal_slot_check_clear (CcalSlotCheck *check);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CcalSlotCheck, ccal_slot_check_clear)

/* Fills @check for a slot of @duration_minutes (0: the settings' slot length) starting at @start,
 * and gives the slot's end and the schedule range [@out_from, @out_to) to load for it. A start the
 * zone data cannot place is CCAL_CORE_ERROR_INVALID naming "start_time". */
gboolean ccal_slot_check_init  (CcalSlotCheck *check,
                                CcalSettings  *settings,
                                gint64         start,
                                int            duration_minutes,
                                gint64         now,
                                gint64        *out_end,
                                gint64        *out_from,
                                gint64        *out_to,
                                GError       **error);

/* The CcalDbSlotCheck (@user_data is a CcalSlotCheck): CCAL_DB_ERROR_SLOT_UNAVAILABLE unless @slot
 * is one of the offered slots. */
gboolean ccal_slot_check_run   (const CcalDbSchedule *schedule,
                                const CcalInterval   *slot,
                                gpointer              user_data,
                                GError              **error);

/* ccal_availability_compute_day () over @schedule for @check's day, length and time. A failure on
 * stored data (an event the core cannot expand) becomes CCAL_DB_ERROR_FAILED: it is the server's
 * problem, never a 400 about a field the client did not send. */
GArray  *ccal_slot_check_offered (CcalSlotCheck        *check,
                                  const CcalDbSchedule *schedule,
                                  GError              **error);

G_END_DECLS
