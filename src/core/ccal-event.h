/* ccal-event.h — a calendar event: availability window, blocked time or ordinary event
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "ccal-core-types.h"

G_BEGIN_DECLS

#define CCAL_TYPE_EVENT (ccal_event_get_type ())
G_DECLARE_FINAL_TYPE (CcalEvent, ccal_event, CCAL, EVENT, GObject)

/* A model is a record: its fields are public so the server, cache and views read them
 * directly; strings are owned (g_free), NULL where the contract allows null. */
struct _CcalEvent
{
  GObject parent_instance;

  char            *id;
  char            *workspace_id;
  char            *admin_id;
  char            *title;
  CcalEventType    type;
  gint64           start_time;   /* µs since the epoch, UTC */
  gint64           end_time;
  gboolean         is_all_day;
  char            *timezone;     /* IANA id the rrule expands in */
  char            *rrule;        /* RFC 5545 RRULE value (no "RRULE:" prefix) or NULL */
  GArray          *exdates;      /* gint64 occurrence starts excluded (an extension: "exdates") */
  char            *description;
  char            *location;
  CcalEventStatus  status;
  char            *contact_id;
  JsonObject      *metadata;     /* never NULL: {} when empty */
  char            *created_by;
  gint64           created_at;
  gint64           updated_at;
  gint64           version;
  gboolean         deleted;
};

CcalEvent  *ccal_event_new            (void);
CcalEvent  *ccal_event_copy           (CcalEvent   *self);

/* The contract's Event JSON (times RFC 3339 UTC "Z"). */
JsonObject *ccal_event_to_json        (CcalEvent   *self);

/* Reads an Event object as the server sends it; wrong types or values are CCAL_CORE_ERROR_INVALID
 * naming the field. Unknown fields are ignored. */
CcalEvent  *ccal_event_new_from_json  (JsonObject  *object,
                                       GError     **error);

/* Checks what a person can get wrong: title length, end after start, known zone, valid rrule. */
gboolean    ccal_event_validate       (CcalEvent   *self,
                                       GError     **error);

G_END_DECLS
