/* ccal-ical-exchange.c — iCalendar files of the cached calendar: gathering a range to export, writing
 * and reading .ics files
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-client"

#include "config.h"

#include <string.h>

#include "ccal-ical-exchange.h"
#include "ccal-ical.h"
#include "ccal-recurrence.h"

/* Larger files are not calendars a person exports from somewhere; reading them would only stall. */
#define MAX_FILE_BYTES (64 * 1024 * 1024)

G_DEFINE_BOXED_TYPE (CcalIcalImportItem, ccal_ical_import_item, ccal_ical_import_item_copy,
                     ccal_ical_import_item_free)

CcalIcalImportItem *
ccal_ical_import_item_copy (const CcalIcalImportItem *item)
{
  CcalIcalImportItem *copy;

  g_return_val_if_fail (item != NULL, NULL);

  copy = g_new0 (CcalIcalImportItem, 1);
  copy->event = item->event != NULL ? ccal_event_copy (item->event) : NULL;
  copy->problem = item->problem;
  copy->field = g_strdup (item->field);
  copy->detail = g_strdup (item->detail);
  return copy;
}

void
ccal_ical_import_item_free (CcalIcalImportItem *item)
{
  if (item == NULL)
    return;
  g_clear_object (&item->event);
  g_free (item->field);
  g_free (item->detail);
  g_free (item);
}

/* ── export ─────────────────────────────────────────────────────────────────────────────────── */

/* Does @event have an occurrence overlapping [@from, @to)? The cache returns every series that
 * starts before @to, also those that ended long ago. */
static gboolean
event_occurs_in (CcalEvent *event,
                 gint64     from,
                 gint64     to)
{
  g_autoptr (GArray) occurrences = NULL;
  g_autoptr (GError) error = NULL;

  if (event->rrule == NULL)
    return event->start_time < to && (event->end_time > from || event->start_time >= from);

  occurrences = ccal_recurrence_expand (event->rrule, event->start_time, event->end_time - event->start_time,
                                        event->timezone != NULL ? event->timezone : "UTC",
                                        event->exdates != NULL ? (const gint64 *) event->exdates->data : NULL,
                                        event->exdates != NULL ? event->exdates->len : 0, from, to, &error);
  if (occurrences == NULL)
    {
      /* The rule cannot be expanded here; better in the file than silently missing. */
      g_debug ("Event %s: %s", event->id, error->message);
      return TRUE;
    }
  return occurrences->len > 0;
}

gboolean
ccal_ical_exchange_gather (CcalCache              *cache,
                           gint64                  from,
                           gint64                  to,
                           const char             *admin_id,
                           CcalIcalExchangeFlags   flags,
                           GPtrArray             **out_events,
                           GPtrArray             **out_bookings,
                           GError                **error)
{
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr (GPtrArray) bookings = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (CCAL_IS_CACHE (cache), FALSE);
  g_return_val_if_fail (from < to, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (flags & CCAL_ICAL_EXCHANGE_EVENTS)
    {
      g_autoptr (GPtrArray) all = ccal_cache_query_events (cache, from, to, admin_id, error);

      if (all == NULL)
        return FALSE;
      for (guint i = 0; i < all->len; i++)
        {
          CcalEvent *event = g_ptr_array_index (all, i);

          if (event->status != CCAL_EVENT_STATUS_CANCELLED && event_occurs_in (event, from, to))
            g_ptr_array_add (events, g_object_ref (event));
        }
    }

  if (flags & CCAL_ICAL_EXCHANGE_BOOKINGS)
    {
      g_autoptr (GPtrArray) all = ccal_cache_query_bookings (cache, from, to, admin_id, error);

      if (all == NULL)
        return FALSE;
      for (guint i = 0; i < all->len; i++)
        {
          CcalBooking *booking = g_ptr_array_index (all, i);

          if (booking->status != CCAL_BOOKING_STATUS_CANCELLED)
            g_ptr_array_add (bookings, g_object_ref (booking));
        }
    }

  if (out_events != NULL)
    *out_events = g_steal_pointer (&events);
  if (out_bookings != NULL)
    *out_bookings = g_steal_pointer (&bookings);
  return TRUE;
}

gboolean
ccal_ical_exchange_write_text (const char  *text,
                               GFile       *file,
                               GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return g_file_replace_contents (file, text, strlen (text), NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                  NULL, NULL, error);
}

gboolean
ccal_ical_exchange_write (GPtrArray  *events,
                          GPtrArray  *bookings,
                          GFile      *file,
                          GError    **error)
{
  g_autofree char *text = ccal_ical_export (events, bookings);

  return ccal_ical_exchange_write_text (text, file, error);
}

gboolean
ccal_ical_exchange_write_bookings (GPtrArray  *bookings,
                                   GFile      *file,
                                   GError    **error)
{
  g_return_val_if_fail (bookings != NULL, FALSE);

  return ccal_ical_exchange_write (NULL, bookings, file, error);
}

char *
ccal_ical_exchange_file_name (const GDate *date,
                              gboolean     booking)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  return g_strdup_printf ("%s-%04d-%02d-%02d.ics", booking ? "appointment" : "calendar", g_date_get_year (date),
                          g_date_get_month (date), g_date_get_day (date));
}

/* ── import ─────────────────────────────────────────────────────────────────────────────────── */

static void
check_item (CcalIcalImportItem *item,
            CcalCache          *cache)
{
  g_autoptr (GError) error = NULL;
  const char *uid = item->event->id;

  g_clear_pointer (&item->field, g_free);
  g_clear_pointer (&item->detail, g_free);
  item->problem = CCAL_ICAL_IMPORT_OK;

  if (cache != NULL && uid != NULL)
    {
      g_autoptr (CcalEvent) existing = ccal_cache_get_event (cache, uid, NULL);

      if (existing != NULL)
        {
          item->problem = CCAL_ICAL_IMPORT_DUPLICATE;
          return;
        }
    }

  if (!ccal_event_validate (item->event, &error))
    {
      item->problem = CCAL_ICAL_IMPORT_INVALID;
      item->field = g_strdup (ccal_core_error_get_field (error));
      item->detail = g_strdup (error->message);
    }
}

GPtrArray *
ccal_ical_exchange_read_text (const char     *text,
                              CcalEventType   type,
                              CcalCache      *cache,
                              const char     *admin_id,
                              GError        **error)
{
  g_autoptr (GPtrArray) events = NULL;
  GPtrArray *items;

  g_return_val_if_fail (cache == NULL || CCAL_IS_CACHE (cache), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  events = ccal_ical_import_events (text, type, error);
  if (events == NULL)
    return NULL;

  items = g_ptr_array_new_with_free_func ((GDestroyNotify) ccal_ical_import_item_free);
  for (guint i = 0; i < events->len; i++)
    {
      CcalIcalImportItem *item = g_new0 (CcalIcalImportItem, 1);

      item->event = g_object_ref (g_ptr_array_index (events, i));
      g_free (item->event->admin_id);
      item->event->admin_id = g_strdup (admin_id);
      check_item (item, cache);
      g_ptr_array_add (items, item);
    }
  return items;
}

static char *
file_display_name (GFile *file)
{
  g_autoptr (GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME,
                                                  G_FILE_QUERY_INFO_NONE, NULL, NULL);

  if (info != NULL)
    return g_strdup (g_file_info_get_display_name (info));
  return g_file_get_basename (file);
}

GPtrArray *
ccal_ical_exchange_read_file (GFile          *file,
                              CcalEventType   type,
                              CcalCache      *cache,
                              const char     *admin_id,
                              GError        **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = NULL;
  GPtrArray *items;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = file_display_name (file);
  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, &local_error))
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", name);
      return NULL;
    }
  if (length > MAX_FILE_BYTES)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_PARSE, NULL, "%s: the file is too large for a calendar.", name);
      return NULL;
    }
  /* A NUL byte says binary data, whatever the parser would make of the text before it. */
  if (memchr (contents, '\0', length) != NULL)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_PARSE, NULL, "%s: This file is not an iCalendar (.ics) file.",
                           name);
      return NULL;
    }

  items = ccal_ical_exchange_read_text (contents, type, cache, admin_id, &local_error);
  if (items == NULL)
    g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", name);
  return items;
}

void
ccal_ical_exchange_set_type (GPtrArray     *items,
                             CcalEventType  type)
{
  g_return_if_fail (items != NULL);

  for (guint i = 0; i < items->len; i++)
    {
      CcalIcalImportItem *item = g_ptr_array_index (items, i);

      item->event->type = type;
      if (item->problem == CCAL_ICAL_IMPORT_INVALID)
        check_item (item, NULL);
    }
}

guint
ccal_ical_exchange_import (CcalSync  *sync,
                           GPtrArray *items)
{
  guint saved = 0;

  g_return_val_if_fail (CCAL_IS_SYNC (sync), 0);
  g_return_val_if_fail (items != NULL, 0);

  for (guint i = 0; i < items->len; i++)
    {
      CcalIcalImportItem *item = g_ptr_array_index (items, i);
      g_autoptr (CcalEvent) event = NULL;
      g_autoptr (GError) error = NULL;

      if (item->problem != CCAL_ICAL_IMPORT_OK)
        continue;

      /* A new event of this calendar: the file's UID stays in metadata ("ical_uid"). */
      event = ccal_event_copy (item->event);
      if (event->id != NULL && !json_object_has_member (event->metadata, "ical_uid"))
        json_object_set_string_member (event->metadata, "ical_uid", event->id);
      g_clear_pointer (&event->id, g_free);

      if (!ccal_sync_save_event (sync, event, NULL, &error))
        {
          item->problem = CCAL_ICAL_IMPORT_REFUSED;
          g_free (item->detail);
          item->detail = g_strdup (error->message);
          continue;
        }
      saved++;
    }
  return saved;
}
