/* ccal-availability.h — an admin's bookable slots for one day, from events, bookings and settings
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ccal-event.h"
#include "ccal-settings.h"

G_BEGIN_DECLS

/* The one function behind GET /availability, the booking check and the app's preview.
 *
 * @date is the calendar day in @tzid (NULL: the settings' zone). @events are the admin's
 * CcalEvents that may touch the day (availability windows and busy events; recurrences are expanded
 * here; cancelled or deleted events are ignored). @busy is a GArray of CcalInterval (bookings and
 * holds that occupy time), in any order. @duration_minutes 0 means the settings' slot length.
 * Returns a sorted GArray of CcalInterval. */
GArray  *ccal_availability_compute_day (const GDate   *date,
                                        const char    *tzid,
                                        GPtrArray     *events,
                                        GArray        *busy,
                                        CcalSettings  *settings,
                                        int            duration_minutes,
                                        gint64         now,
                                        GError       **error);

/* The span of time whose events and bookings can affect ccal_availability_compute_day() for @date:
 * the day widened by the buffers and a day either side (windows may start the evening before). */
gboolean ccal_availability_day_query_range (const GDate  *date,
                                            const char   *tzid,
                                            CcalSettings *settings,
                                            gint64       *out_from,
                                            gint64       *out_to,
                                            GError      **error);

G_END_DECLS
