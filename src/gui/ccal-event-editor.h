/* ccal-event-editor.h — the event editor dialog: a new event or a change to one, saved through the sync engine
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Title, type (availability / blocked / event), status, start and end (or all-day dates), time zone,
 * repeat (none, daily, weekly on chosen days, monthly; until a date or a number of times), location
 * and description. "Save" checks the fields (ccal_event_validate () and the editor's own: times as
 * typed, weekdays), shows the first problem under the header naming the field and marks its row,
 * or saves through ccal_sync_save_event () (instant in the cache, queued when offline) and closes.
 * "Delete" asks first, then emits "delete-requested" for the window to delete with an undo toast.
 */
#pragma once

#include <adwaita.h>

#include "ccal-account.h"

G_BEGIN_DECLS

#define CCAL_TYPE_EVENT_EDITOR (ccal_event_editor_get_type ())
G_DECLARE_FINAL_TYPE (CcalEventEditor, ccal_event_editor, CCAL, EVENT_EDITOR, AdwWindow)

/* A new event from @start to @end (µs), shown in @timezone; @all_day for whole days. */
CcalEventEditor *ccal_event_editor_new_for_range (CcalAccount     *account,
                                                  const char      *timezone,
                                                  gint64           start,
                                                  gint64           end,
                                                  gboolean         all_day);

/* A change to @event (a cached event; the whole series when it repeats). */
CcalEventEditor *ccal_event_editor_new_for_event (CcalAccount     *account,
                                                  const char      *timezone,
                                                  CcalEvent       *event);

/* The fields, as a person would type them (tests). */
void             ccal_event_editor_set_title     (CcalEventEditor *self,
                                                  const char      *title);
void             ccal_event_editor_set_times     (CcalEventEditor *self,
                                                  gint64           start,
                                                  gint64           end);

/* "Save": TRUE when the event was saved (the dialog then closes). */
gboolean         ccal_event_editor_save          (CcalEventEditor *self);

/* The problem shown now, and the field it names ("title", "start_time", "end_time", "timezone",
 * "rrule", "location", "description"), or NULL. */
const char      *ccal_event_editor_get_error       (CcalEventEditor *self);
const char      *ccal_event_editor_get_error_field (CcalEventEditor *self);

G_END_DECLS
