/* ccal-week-view.h — the Events tab's week: day header, all-day row and the hours grid
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ccal-core.h"

G_BEGIN_DECLS

#define CCAL_TYPE_WEEK_VIEW (ccal_week_view_get_type ())
G_DECLARE_FINAL_TYPE (CcalWeekView, ccal_week_view, CCAL, WEEK_VIEW, GtkWidget)

/* Properties:
 *   "first-weekday"  int, 0 = Sunday … 6 = Saturday; default 1 (Monday)
 *   "use-24h"        boolean, default TRUE
 *   "slot-minutes"   int 5–480, what clicks and drags snap to; default 30
 * Signals:
 *   "create-event"         (gint64 start, gint64 end)  a click on an empty slot, or a range dragged out
 *   "activate-occurrence"  (CcalOccurrence *)          a click, Enter or space on an event or booking
 *   "move-occurrence"      (CcalOccurrence *, gint64 new_start, gint64 new_end)  dragged or resized;
 *                          the view changes nothing itself: update the model to accept the move.
 * Times are µs since the epoch, UTC. */
CcalWeekView *ccal_week_view_new          (void);

/* CcalOccurrence items (any order; e.g. from ccal_occurrences_for_range() over get_range()).
 * Changes are laid out once per frame. */
void          ccal_week_view_set_model    (CcalWeekView *self,
                                           GListModel   *occurrences);

/* Shows the week holding @date. */
void          ccal_week_view_set_date     (CcalWeekView *self,
                                           const GDate  *date);

/* The zone whose wall clock the grid shows (IANA id); NULL or unknown: UTC. */
void          ccal_week_view_set_timezone (CcalWeekView *self,
                                           const char   *tzid);

/* The instants the week shown covers, [from, to): what the model should hold. */
void          ccal_week_view_get_range    (CcalWeekView *self,
                                           gint64       *out_from,
                                           gint64       *out_to);

G_END_DECLS
