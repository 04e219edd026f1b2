/* ccal-recurrence.h — RRULE expansion in an event's zone (libical-glib)
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ccal-core-types.h"

G_BEGIN_DECLS

/* Is @rrule an RRULE value libical understands (FREQ required)? Error names @field. */
gboolean ccal_recurrence_validate (const char    *rrule,
                                   const char    *field,
                                   GError       **error);

/* The occurrences of an event starting at @dtstart and lasting @duration (µs) that overlap
 * [@range_start, @range_end), as a sorted GArray of CcalInterval. Occurrences are computed on the
 * wall clock of @tzid, so a weekly 09:00 stays 09:00 local across DST. @rrule NULL means the single
 * occurrence. @exdates (may be NULL) lists occurrence starts to skip. COUNT counts from @dtstart,
 * not from the range. */
GArray  *ccal_recurrence_expand   (const char    *rrule,
                                   gint64         dtstart,
                                   gint64         duration,
                                   const char    *tzid,
                                   const gint64  *exdates,
                                   gsize          n_exdates,
                                   gint64         range_start,
                                   gint64         range_end,
                                   GError       **error);

G_END_DECLS
