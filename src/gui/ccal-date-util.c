/* ccal-date-util.c — a calendar day between GtkCalendar and GDate
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include "ccal-date-util.h"

void
ccal_calendar_get_gdate (GtkCalendar *calendar,
                         GDate       *out_date)
{
  g_autoptr (GDateTime) selected = NULL;

  g_return_if_fail (GTK_IS_CALENDAR (calendar));
  g_return_if_fail (out_date != NULL);

  selected = gtk_calendar_get_date (calendar);
  g_date_clear (out_date, 1);
  g_date_set_dmy (out_date, g_date_time_get_day_of_month (selected), g_date_time_get_month (selected),
                  g_date_time_get_year (selected));
}

void
ccal_calendar_select_gdate (GtkCalendar *calendar,
                            const GDate *date)
{
  g_autoptr (GDateTime) noon = NULL;

  g_return_if_fail (GTK_IS_CALENDAR (calendar));
  g_return_if_fail (date != NULL && g_date_valid (date));

  noon = g_date_time_new_local (g_date_get_year (date), g_date_get_month (date), g_date_get_day (date), 12, 0, 0);
  gtk_calendar_select_day (calendar, noon);
}
