/* ccal-db-private.h — helpers shared by the storage backends (no SQL here)
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ccal-db.h"

G_BEGIN_DECLS

/* What a list cursor carries: the position after the last row returned and the change sequence
 * the first page was read at. Its text is base64url of "1|<resource>|<mode>|<seq>|<key>|<id>". */
typedef struct
{
  char      resource;   /* 'e' events, 'b' bookings */
  gboolean  sync;       /* key is a change_seq (sync mode) or a start_time */
  gint64    sync_seq;
  gint64    key;
  char     *id;
} CcalDbCursor;

char     *ccal_db_cursor_encode    (const CcalDbCursor *cursor);

/* Reads @text into @out; a cursor of another resource or mode, or not made by
 * ccal_db_cursor_encode(), is CCAL_DB_ERROR_INVALID. */
gboolean  ccal_db_cursor_decode    (const char         *text,
                                    char                resource,
                                    gboolean            sync,
                                    CcalDbCursor       *out,
                                    GError            **error);
void      ccal_db_cursor_clear     (CcalDbCursor       *cursor);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CcalDbCursor, ccal_db_cursor_clear)

/* The latest instant an event's occurrences can reach: end_time for a single event, the RRULE's
 * UNTIL (widened by a day for floating/local forms, plus the length) for a bounded series,
 * G_MAXINT64 for an open or COUNT-bounded series. Lets "events touching [from, to)" use an index. */
gint64    ccal_db_event_series_end (CcalEvent          *event);

/* The one message a client may see for an unexpected storage failure. */
void      ccal_db_set_failed       (GError            **error);

/* The errors every backend reports the same way. */
void      ccal_db_set_not_found          (GError **error,
                                          const char *what);
void      ccal_db_set_version_conflict   (GError **error,
                                          gint64   stored);
void      ccal_db_set_slot_unavailable   (GError **error);

/* The earliest start of a booking or hold that can still overlap [from, …): lengths are capped at
 * CCAL_DB_MAX_BOOKING_LENGTH, which keeps overlap queries to a short index range. */
gint64    ccal_db_range_min_start        (gint64   from);

/* A booking's or hold's span: end after start, at most CCAL_DB_MAX_BOOKING_LENGTH. */
gboolean  ccal_db_check_span             (gint64       start,
                                          gint64       end,
                                          const char  *what,
                                          GError     **error);

G_END_DECLS
