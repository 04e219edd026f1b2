/* ccal-slot-check.c — "is this one of the offered slots?", asked inside the booking transaction
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-server"

#include "config.h"

#include "ccal-slot-check.h"

void
ccal_slot_check_clear (CcalSlotCheck *check)
{
  g_clear_pointer (&check->tzid, g_free);
}

gboolean
ccal_slot_check_init (CcalSlotCheck *check,
                      CcalSettings  *settings,
                      gint64         start,
                      int            duration_minutes,
                      gint64         now,
                      gint64        *out_end,
                      gint64        *out_from,
                      gint64        *out_to,
                      GError       **error)
{
  g_autoptr (GError) local_error = NULL;

  g_clear_pointer (&check->tzid, g_free);
  check->duration_minutes = duration_minutes > 0 ? duration_minutes : settings->slot_minutes;
  check->tzid = g_strdup (settings->timezone != NULL && settings->timezone[0] != '\0' ? settings->timezone : "UTC");
  check->now = now;
  *out_end = start + check->duration_minutes * CCAL_USEC_PER_MINUTE;

  g_date_clear (&check->date, 1);
  if (!ccal_time_to_date (start, check->tzid, &check->date, &local_error) ||
      !ccal_availability_day_query_range (&check->date, check->tzid, settings, out_from, out_to, &local_error))
    {
      if (local_error->domain != CCAL_CORE_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "start_time", "The start time is out of range.");
      return FALSE;
    }
  return TRUE;
}

GArray *
ccal_slot_check_offered (CcalSlotCheck        *check,
                         const CcalDbSchedule *schedule,
                         GError              **error)
{
  g_autoptr (GError) local_error = NULL;
  GArray *slots;

  slots = ccal_availability_compute_day (&check->date, check->tzid, schedule->events, schedule->busy,
                                         schedule->settings, check->duration_minutes, check->now, &local_error);
  if (slots != NULL)
    return slots;

  if (local_error->domain == CCAL_CORE_ERROR)
    g_set_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_FAILED, "Cannot compute availability: %s", local_error->message);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

gboolean
ccal_slot_check_run (const CcalDbSchedule *schedule,
                     const CcalInterval   *slot,
                     gpointer              user_data,
                     GError              **error)
{
  g_autoptr (GArray) slots = ccal_slot_check_offered (user_data, schedule, error);

  if (slots == NULL)
    return FALSE;
  if (!ccal_slots_contain (slots, slot))
    {
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE,
                           "This time is not available. Please choose one of the offered slots.");
      return FALSE;
    }
  return TRUE;
}
