/* ccal-date-util.h — a calendar day between GtkCalendar and GDate
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The day @calendar shows as selected. */
void ccal_calendar_get_gdate    (GtkCalendar *calendar,
                                 GDate       *out_date);
/* Selects @date in @calendar (local noon, so no zone offset can move it to another day). */
void ccal_calendar_select_gdate (GtkCalendar *calendar,
                                 const GDate *date);

G_END_DECLS
