/* ccal-ical-exchange.h — iCalendar files of the cached calendar: gathering a range to export, writing
 * and reading .ics files
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GTK-free half of the app's import and export: what goes into a file is read from the cache
 * (so it works offline), the text is made by ccal_ical_export (), and files are written and read
 * here. An import's events go through ccal_sync_save_event () (see ccal_ical_exchange_import ()).
 */
#pragma once

#include <gio/gio.h>

#include "ccal-booking.h"
#include "ccal-cache.h"
#include "ccal-event.h"
#include "ccal-sync.h"

G_BEGIN_DECLS

typedef enum
{
  CCAL_ICAL_EXCHANGE_EVENTS   = 1 << 0,
  CCAL_ICAL_EXCHANGE_BOOKINGS = 1 << 1,
} CcalIcalExchangeFlags;

/* The events and bookings of @admin_id (NULL: all) with something in [@from, @to), from @cache: a
 * recurring event only when one of its occurrences falls there, and then as the whole series (its
 * RRULE and EXDATEs kept). Cancelled events and bookings are left out: a file is for putting the
 * schedule into another calendar. Either out array may be NULL when its flag is not set. */
gboolean  ccal_ical_exchange_gather          (CcalCache              *cache,
                                              gint64                  from,
                                              gint64                  to,
                                              const char             *admin_id,
                                              CcalIcalExchangeFlags   flags,
                                              GPtrArray             **out_events,
                                              GPtrArray             **out_bookings,
                                              GError                **error);

/* Writes @text to @file, replacing it (the folder must exist). */
gboolean  ccal_ical_exchange_write_text      (const char             *text,
                                              GFile                  *file,
                                              GError                **error);

/* @events and @bookings (CcalEvent / CcalBooking; either may be NULL) as one .ics file. */
gboolean  ccal_ical_exchange_write           (GPtrArray              *events,
                                              GPtrArray              *bookings,
                                              GFile                  *file,
                                              GError                **error);

/* @bookings (CcalBooking) as an .ics file: "Add to calendar" for one appointment. */
gboolean  ccal_ical_exchange_write_bookings  (GPtrArray              *bookings,
                                              GFile                  *file,
                                              GError                **error);

/* "calendar-YYYY-MM-DD.ics" for @date; "appointment-YYYY-MM-DD.ics" when @booking is TRUE. */
char     *ccal_ical_exchange_file_name       (const GDate            *date,
                                              gboolean                booking);

/* Why an event of a file is not imported. */
typedef enum
{
  CCAL_ICAL_IMPORT_OK,          /* it will be (or was) imported */
  CCAL_ICAL_IMPORT_DUPLICATE,   /* its UID is an event this calendar has already */
  CCAL_ICAL_IMPORT_INVALID,     /* the calendar cannot hold it: see field and detail */
  CCAL_ICAL_IMPORT_REFUSED,     /* the sync engine did not take it: see detail */
} CcalIcalImportProblem;

/* An event of a file and what becomes of it on import. */
typedef struct
{
  CcalEvent             *event;    /* as read from the file, with the type asked for */
  CcalIcalImportProblem  problem;
  char                  *field;    /* INVALID: the event field at fault ("title", "end_time", "rrule", …) */
  char                  *detail;   /* INVALID, REFUSED: the core's or engine's message (English) */
} CcalIcalImportItem;

#define CCAL_TYPE_ICAL_IMPORT_ITEM (ccal_ical_import_item_get_type ())
GType               ccal_ical_import_item_get_type (void) G_GNUC_CONST;
CcalIcalImportItem *ccal_ical_import_item_copy     (const CcalIcalImportItem *item);
void                ccal_ical_import_item_free     (CcalIcalImportItem       *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalIcalImportItem, ccal_ical_import_item_free)

/* Reads the events of the .ics @text (CcalIcalImportItem, in the file's order), each checked as the
 * calendar will check it (ccal_event_validate ()) and against @cache (may be NULL): an event whose
 * UID is an event the cache has already is "already in this calendar" and not imported again.
 * @admin_id becomes each event's calendar. Not iCalendar, or nothing readable: CCAL_CORE_ERROR_PARSE. */
GPtrArray *ccal_ical_exchange_read_text      (const char             *text,
                                              CcalEventType           type,
                                              CcalCache              *cache,
                                              const char             *admin_id,
                                              GError                **error);

/* The same for a file; the error's message names the file (its display name). */
GPtrArray *ccal_ical_exchange_read_file      (GFile                  *file,
                                              CcalEventType           type,
                                              CcalCache              *cache,
                                              const char             *admin_id,
                                              GError                **error);

/* Sets every item's event type to @type (the person changed the choice after reading); problems
 * are checked again. */
void       ccal_ical_exchange_set_type       (GPtrArray              *items,
                                              CcalEventType           type);

/* Saves each OK item as a new event through ccal_sync_save_event () (into the cache and the outbox
 * at once, sent when the server can be reached). Returns how many were saved; an item the engine
 * refuses becomes REFUSED with its reason. */
guint      ccal_ical_exchange_import         (CcalSync               *sync,
                                              GPtrArray              *items);

G_END_DECLS
