/* ccal-db.c — the storage interface: dispatch to a backend, opening by URI, shared helpers
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-db"

#include "config.h"

#include <string.h>

#include "ccal-db.h"
#include "ccal-db-private.h"
#include "ccal-db-sqlite.h"
#ifdef CCAL_HAVE_POSTGRES
#include "ccal-db-postgres.h"
#endif

G_DEFINE_QUARK (ccal-db-error-quark, ccal_db_error)

G_DEFINE_ABSTRACT_TYPE (CcalDb, ccal_db, G_TYPE_OBJECT)

static void
ccal_db_class_init (CcalDbClass *klass)
{
}

static void
ccal_db_init (CcalDb *self)
{
}

void
ccal_db_set_failed (GError **error)
{
  g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_FAILED, "The database could not complete the request");
}

/* Records */

void
ccal_db_user_free (CcalDbUser *user)
{
  if (user == NULL)
    return;
  g_free (user->user_id);
  g_free (user->workspace_id);
  g_free (user->name);
  g_free (user->email);
  g_free (user);
}

void
ccal_db_page_free (CcalDbPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page);
}

void
ccal_db_schedule_clear (CcalDbSchedule *schedule)
{
  g_return_if_fail (schedule != NULL);
  g_clear_object (&schedule->settings);
  g_clear_pointer (&schedule->events, g_ptr_array_unref);
  g_clear_pointer (&schedule->busy, g_array_unref);
}

void
ccal_db_hold_free (CcalDbHold *hold)
{
  if (hold == NULL)
    return;
  g_free (hold->id);
  g_free (hold->admin_id);
  g_free (hold->created_by);
  g_free (hold);
}

void
ccal_db_history_entry_free (CcalDbHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->from_status);
  g_free (entry->to_status);
  g_free (entry->changed_by);
  g_free (entry->reason);
  g_free (entry);
}

void
ccal_db_follow_up_free (CcalDbFollowUp *follow_up)
{
  if (follow_up == NULL)
    return;
  g_free (follow_up->id);
  g_free (follow_up->booking_id);
  g_free (follow_up->action);
  g_free (follow_up->notes);
  g_free (follow_up->created_by);
  g_free (follow_up);
}

void
ccal_db_idempotent_response_free (CcalDbIdempotentResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->request_hash);
  g_free (response->response_body);
  g_free (response);
}

void
ccal_db_admin_free (CcalDbAdmin *admin)
{
  if (admin == NULL)
    return;
  g_free (admin->admin_id);
  g_free (admin->name);
  g_free (admin->email);
  g_free (admin->timezone);
  g_free (admin);
}

void
ccal_db_list_query_init (CcalDbListQuery *query,
                         const char      *workspace_id)
{
  g_return_if_fail (query != NULL);
  memset (query, 0, sizeof *query);
  query->workspace_id = workspace_id;
  query->type = -1;
  query->status = -1;
  query->limit = 100;
  query->since_seq = -1;
}

/* Cursors */

char *
ccal_db_cursor_encode (const CcalDbCursor *cursor)
{
  g_autofree char *text = NULL;
  g_autofree char *base64 = NULL;
  char *p;

  g_return_val_if_fail (cursor != NULL && cursor->id != NULL, NULL);

  text = g_strdup_printf ("1|%c|%c|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s", cursor->resource,
                          cursor->sync ? 's' : 'l', cursor->sync_seq, cursor->key, cursor->id);
  base64 = g_base64_encode ((const guchar *) text, strlen (text));

  /* base64url without padding: safe in a query string as is */
  for (p = base64; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  return g_steal_pointer (&base64);
}

static gboolean
parse_int64 (const char *text,
             gint64     *out)
{
  gint64 value;

  if (!g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, &value, NULL))
    return FALSE;
  *out = value;
  return TRUE;
}

static gboolean
is_id_text (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || len > 64)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

gboolean
ccal_db_cursor_decode (const char    *text,
                       char           resource,
                       gboolean       sync,
                       CcalDbCursor  *out,
                       GError       **error)
{
  g_autofree char *base64 = NULL;
  g_autofree guchar *raw = NULL;
  g_autofree char *plain = NULL;
  g_auto(GStrv) parts = NULL;
  gsize len, raw_len;
  gint64 sync_seq, key;

  g_return_val_if_fail (out != NULL, FALSE);
  memset (out, 0, sizeof *out);

  len = text != NULL ? strlen (text) : 0;
  if (len == 0 || len > 512 || len % 4 == 1)
    goto invalid;

  /* g_base64_decode() skips characters it does not know; a cursor must be exact */
  base64 = g_malloc (len + 3);
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == '-')
        c = '+';
      else if (c == '_')
        c = '/';
      else if (!g_ascii_isalnum (c))
        goto invalid;
      base64[i] = c;
    }
  while (len % 4 != 0)
    base64[len++] = '=';
  base64[len] = '\0';

  raw = g_base64_decode (base64, &raw_len);
  if (raw == NULL || raw_len == 0 || memchr (raw, '\0', raw_len) != NULL)
    goto invalid;
  plain = g_strndup ((const char *) raw, raw_len);

  parts = g_strsplit (plain, "|", -1);
  if (g_strv_length (parts) != 6 || g_strcmp0 (parts[0], "1") != 0)
    goto invalid;
  if (parts[1][0] != resource || parts[1][1] != '\0')
    goto invalid;
  if (parts[2][0] != (sync ? 's' : 'l') || parts[2][1] != '\0')
    goto invalid;
  if (!parse_int64 (parts[3], &sync_seq) || sync_seq < 0 || !parse_int64 (parts[4], &key))
    goto invalid;
  if (!is_id_text (parts[5]))
    goto invalid;

  out->resource = resource;
  out->sync = sync;
  out->sync_seq = sync_seq;
  out->key = key;
  out->id = g_strdup (parts[5]);
  return TRUE;

invalid:
  g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID, "The cursor is not valid");
  return FALSE;
}

void
ccal_db_cursor_clear (CcalDbCursor *cursor)
{
  g_clear_pointer (&cursor->id, g_free);
}

/* Recurring events */

static gboolean
parse_digits (const char *p,
              int         n,
              int        *out)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      value = value * 10 + (p[i] - '0');
    }
  *out = value;
  return TRUE;
}

/* "UNTIL=20261231" or "UNTIL=20261231T235959[Z]" → an instant read as UTC, or FALSE. */
static gboolean
parse_rrule_until (const char *rrule,
                   gint64     *out_usec)
{
  g_auto(GStrv) parts = g_strsplit (rrule, ";", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      const char *value;
      int year, month, day, hour = 0, minute = 0, second = 0;
      g_autoptr(GDateTime) dt = NULL;

      if (g_ascii_strncasecmp (parts[i], "UNTIL=", 6) != 0)
        continue;
      value = parts[i] + 6;
      if (!parse_digits (value, 4, &year) || !parse_digits (value + 4, 2, &month) ||
          !parse_digits (value + 6, 2, &day))
        return FALSE;
      if (value[8] == 'T' || value[8] == 't')
        {
          if (!parse_digits (value + 9, 2, &hour) || !parse_digits (value + 11, 2, &minute) ||
              !parse_digits (value + 13, 2, &second))
            return FALSE;
        }
      else if (value[8] != '\0')
        return FALSE;

      dt = g_date_time_new_utc (year, month, day, hour, minute, second);
      if (dt == NULL)
        return FALSE;
      *out_usec = g_date_time_to_unix (dt) * G_USEC_PER_SEC;
      return TRUE;
    }
  return FALSE;
}

gint64
ccal_db_event_series_end (CcalEvent *event)
{
  gint64 until;

  g_return_val_if_fail (CCAL_IS_EVENT (event), G_MAXINT64);

  if (event->rrule == NULL || event->rrule[0] == '\0')
    return event->end_time;
  if (!parse_rrule_until (event->rrule, &until))
    return G_MAXINT64;

  /* a date or floating UNTIL is local to the event's zone: a day covers any offset */
  until += CCAL_USEC_PER_DAY;
  if (event->end_time > event->start_time && until <= G_MAXINT64 - (event->end_time - event->start_time))
    until += event->end_time - event->start_time;
  return MAX (until, event->end_time);
}

/* Opening */

CcalDb *
ccal_db_open (const char  *uri,
              GError     **error)
{
  g_return_val_if_fail (uri != NULL, NULL);

  if (g_str_has_prefix (uri, "postgresql://") || g_str_has_prefix (uri, "postgres://"))
    {
#ifdef CCAL_HAVE_POSTGRES
      return ccal_db_postgres_new (uri, error);
#else
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_FAILED, "PostgreSQL support is not built");
      return NULL;
#endif
    }
  if (g_str_has_prefix (uri, "sqlite:"))
    uri += strlen ("sqlite:");
  if (uri[0] == '\0')
    {
      g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID, "The database path is empty");
      return NULL;
    }
  return ccal_db_sqlite_new (uri, error);
}

/* Dispatchers */

#define DB_CLASS(self) CCAL_DB_GET_CLASS (self)

gboolean
ccal_db_migrate (CcalDb  *self,
                 GError **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), FALSE);
  return DB_CLASS (self)->migrate (self, error);
}

void
ccal_db_close (CcalDb *self)
{
  g_return_if_fail (CCAL_IS_DB (self));
  DB_CLASS (self)->close (self);
}

gboolean
ccal_db_create_workspace (CcalDb      *self,
                          const char  *workspace_id,
                          GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), FALSE);
  g_return_val_if_fail (workspace_id != NULL, FALSE);
  return DB_CLASS (self)->create_workspace (self, workspace_id, error);
}

char *
ccal_db_ensure_user (CcalDb      *self,
                     const char  *workspace_id,
                     const char  *email,
                     const char  *name,
                     CcalRole     role,
                     GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_id != NULL && email != NULL && name != NULL, NULL);
  return DB_CLASS (self)->ensure_user (self, workspace_id, email, name, role, error);
}

gboolean
ccal_db_add_api_key (CcalDb      *self,
                     const char  *user_id,
                     const char  *key_hash,
                     const char  *prefix,
                     const char  *label,
                     GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), FALSE);
  g_return_val_if_fail (user_id != NULL && key_hash != NULL && prefix != NULL, FALSE);
  return DB_CLASS (self)->add_api_key (self, user_id, key_hash, prefix, label, error);
}

CcalDbUser *
ccal_db_lookup_api_key (CcalDb      *self,
                        const char  *key_hash,
                        GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (key_hash != NULL, NULL);
  return DB_CLASS (self)->lookup_api_key (self, key_hash, error);
}

CcalDbUser *
ccal_db_get_user (CcalDb      *self,
                  const char  *workspace_id,
                  const char  *user_id,
                  GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (user_id != NULL, NULL);
  return DB_CLASS (self)->get_user (self, workspace_id, user_id, error);
}

gboolean
ccal_db_revoke_api_key (CcalDb      *self,
                        const char  *key_prefix,
                        GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), FALSE);
  g_return_val_if_fail (key_prefix != NULL, FALSE);
  return DB_CLASS (self)->revoke_api_key (self, key_prefix, error);
}

CcalSettings *
ccal_db_get_settings (CcalDb      *self,
                      const char  *workspace_id,
                      const char  *admin_id,
                      GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_id != NULL && admin_id != NULL, NULL);
  return DB_CLASS (self)->get_settings (self, workspace_id, admin_id, error);
}

CcalSettings *
ccal_db_put_settings (CcalDb        *self,
                      const char    *workspace_id,
                      CcalSettings  *settings,
                      gint64         if_match,
                      GError       **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_id != NULL, NULL);
  g_return_val_if_fail (CCAL_IS_SETTINGS (settings) && settings->admin_id != NULL, NULL);
  return DB_CLASS (self)->put_settings (self, workspace_id, settings, if_match, error);
}

CcalDbPage *
ccal_db_list_events (CcalDb                 *self,
                     const CcalDbListQuery  *query,
                     GError                **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (query != NULL && query->workspace_id != NULL, NULL);
  return DB_CLASS (self)->list_events (self, query, error);
}

CcalEvent *
ccal_db_get_event (CcalDb      *self,
                   const char  *workspace_id,
                   const char  *id,
                   GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_id != NULL && id != NULL, NULL);
  return DB_CLASS (self)->get_event (self, workspace_id, id, error);
}

CcalEvent *
ccal_db_insert_event (CcalDb     *self,
                      CcalEvent  *event,
                      GError    **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (CCAL_IS_EVENT (event) && event->workspace_id != NULL && event->admin_id != NULL, NULL);
  return DB_CLASS (self)->insert_event (self, event, error);
}

CcalEvent *
ccal_db_update_event (CcalDb     *self,
                      CcalEvent  *event,
                      gint64      if_match,
                      GError    **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (CCAL_IS_EVENT (event) && event->id != NULL && event->workspace_id != NULL, NULL);
  return DB_CLASS (self)->update_event (self, event, if_match, error);
}

gboolean
ccal_db_delete_event (CcalDb      *self,
                      const char  *workspace_id,
                      const char  *id,
                      gint64       if_match,
                      GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), FALSE);
  g_return_val_if_fail (workspace_id != NULL && id != NULL, FALSE);
  return DB_CLASS (self)->delete_event (self, workspace_id, id, if_match, error);
}

gboolean
ccal_db_load_schedule (CcalDb          *self,
                       const char      *workspace_id,
                       const char      *admin_id,
                       gint64           from,
                       gint64           to,
                       const char      *ignore_hold_id,
                       CcalDbSchedule  *out,
                       GError         **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), FALSE);
  g_return_val_if_fail (workspace_id != NULL && admin_id != NULL && out != NULL, FALSE);
  return DB_CLASS (self)->load_schedule (self, workspace_id, admin_id, from, to, ignore_hold_id, out, error);
}

CcalDbHold *
ccal_db_insert_hold (CcalDb           *self,
                     const char       *workspace_id,
                     CcalDbHold       *hold,
                     gint64            from,
                     gint64            to,
                     CcalDbSlotCheck   check,
                     gpointer          check_data,
                     GError          **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_id != NULL && hold != NULL && hold->admin_id != NULL, NULL);
  return DB_CLASS (self)->insert_hold (self, workspace_id, hold, from, to, check, check_data, error);
}

gboolean
ccal_db_delete_hold (CcalDb      *self,
                     const char  *workspace_id,
                     const char  *hold_id,
                     GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), FALSE);
  g_return_val_if_fail (workspace_id != NULL && hold_id != NULL, FALSE);
  return DB_CLASS (self)->delete_hold (self, workspace_id, hold_id, error);
}

CcalBooking *
ccal_db_insert_booking (CcalDb           *self,
                        CcalBooking      *booking,
                        const char       *hold_id,
                        gint64            from,
                        gint64            to,
                        CcalDbSlotCheck   check,
                        gpointer          check_data,
                        GError          **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (CCAL_IS_BOOKING (booking), NULL);
  g_return_val_if_fail (booking->workspace_id != NULL && booking->admin_id != NULL, NULL);
  g_return_val_if_fail (CCAL_IS_CONTACT (booking->contact) && booking->contact->email != NULL, NULL);
  return DB_CLASS (self)->insert_booking (self, booking, hold_id, from, to, check, check_data, error);
}

CcalBooking *
ccal_db_get_booking (CcalDb      *self,
                     const char  *workspace_id,
                     const char  *id,
                     GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_id != NULL && id != NULL, NULL);
  return DB_CLASS (self)->get_booking (self, workspace_id, id, error);
}

CcalBooking *
ccal_db_update_booking (CcalDb           *self,
                        CcalBooking      *booking,
                        gint64            if_match,
                        const char       *reason,
                        gboolean          rescheduled,
                        gint64            from,
                        gint64            to,
                        CcalDbSlotCheck   check,
                        gpointer          check_data,
                        GError          **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (CCAL_IS_BOOKING (booking) && booking->id != NULL && booking->workspace_id != NULL, NULL);
  return DB_CLASS (self)->update_booking (self, booking, if_match, reason, rescheduled, from, to, check, check_data,
                                          error);
}

CcalDbPage *
ccal_db_list_bookings (CcalDb                 *self,
                       const CcalDbListQuery  *query,
                       GError                **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (query != NULL && query->workspace_id != NULL, NULL);
  return DB_CLASS (self)->list_bookings (self, query, error);
}

GPtrArray *
ccal_db_list_history (CcalDb      *self,
                      const char  *workspace_id,
                      const char  *booking_id,
                      GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_id != NULL && booking_id != NULL, NULL);
  return DB_CLASS (self)->list_history (self, workspace_id, booking_id, error);
}

CcalBooking *
ccal_db_set_result (CcalDb      *self,
                    const char  *workspace_id,
                    const char  *booking_id,
                    const char  *outcome,
                    const char  *notes,
                    const char  *user_id,
                    GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_id != NULL && booking_id != NULL && outcome != NULL, NULL);
  return DB_CLASS (self)->set_result (self, workspace_id, booking_id, outcome, notes, user_id, error);
}

GPtrArray *
ccal_db_list_follow_ups (CcalDb      *self,
                         const char  *workspace_id,
                         const char  *booking_id,
                         GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_id != NULL && booking_id != NULL, NULL);
  return DB_CLASS (self)->list_follow_ups (self, workspace_id, booking_id, error);
}

CcalDbFollowUp *
ccal_db_insert_follow_up (CcalDb          *self,
                          const char      *workspace_id,
                          CcalDbFollowUp  *follow_up,
                          GError         **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_id != NULL && follow_up != NULL && follow_up->booking_id != NULL, NULL);
  g_return_val_if_fail (follow_up->action != NULL, NULL);
  return DB_CLASS (self)->insert_follow_up (self, workspace_id, follow_up, error);
}

CcalDbFollowUp *
ccal_db_update_follow_up_done (CcalDb      *self,
                               const char  *workspace_id,
                               const char  *booking_id,
                               const char  *follow_up_id,
                               gboolean     done,
                               GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_id != NULL && booking_id != NULL && follow_up_id != NULL, NULL);
  return DB_CLASS (self)->update_follow_up_done (self, workspace_id, booking_id, follow_up_id, done, error);
}

GPtrArray *
ccal_db_list_bookings_in_range (CcalDb      *self,
                                const char  *workspace_id,
                                gint64       from,
                                gint64       to,
                                GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_id != NULL, NULL);
  return DB_CLASS (self)->list_bookings_in_range (self, workspace_id, from, to, error);
}

CcalDbIdempotentResponse *
ccal_db_begin_idempotent (CcalDb      *self,
                          const char  *workspace_scope,
                          const char  *key,
                          const char  *request_hash,
                          GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_scope != NULL && key != NULL && request_hash != NULL, NULL);
  return DB_CLASS (self)->begin_idempotent (self, workspace_scope, key, request_hash, error);
}

gboolean
ccal_db_finish_idempotent (CcalDb      *self,
                           const char  *workspace_scope,
                           const char  *key,
                           guint        status,
                           const char  *response_body,
                           GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), FALSE);
  g_return_val_if_fail (workspace_scope != NULL && key != NULL && status > 0, FALSE);
  return DB_CLASS (self)->finish_idempotent (self, workspace_scope, key, status, response_body, error);
}

gboolean
ccal_db_abandon_idempotent (CcalDb      *self,
                            const char  *workspace_scope,
                            const char  *key,
                            GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), FALSE);
  g_return_val_if_fail (workspace_scope != NULL && key != NULL, FALSE);
  return DB_CLASS (self)->abandon_idempotent (self, workspace_scope, key, error);
}

char *
ccal_db_get_workspace_admin (CcalDb      *self,
                             const char  *workspace_id,
                             GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_id != NULL, NULL);
  return DB_CLASS (self)->get_workspace_admin (self, workspace_id, error);
}

gboolean
ccal_db_import_bookings (CcalDb     *self,
                         GPtrArray  *bookings,
                         GError    **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), FALSE);
  g_return_val_if_fail (bookings != NULL, FALSE);
  for (guint i = 0; i < bookings->len; i++)
    {
      CcalBooking *booking = g_ptr_array_index (bookings, i);

      g_return_val_if_fail (CCAL_IS_BOOKING (booking) && CCAL_IS_CONTACT (booking->contact), FALSE);
      g_return_val_if_fail (booking->workspace_id != NULL && booking->admin_id != NULL, FALSE);
      g_return_val_if_fail (booking->contact->email != NULL, FALSE);
    }
  return DB_CLASS (self)->import_bookings (self, bookings, error);
}

void
ccal_db_set_not_found (GError     **error,
                       const char  *what)
{
  g_set_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND, "%s not found", what);
}

void
ccal_db_set_version_conflict (GError **error,
                              gint64   stored)
{
  g_set_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_VERSION_CONFLICT,
               "The record was changed meanwhile (now version %" G_GINT64_FORMAT ")", stored);
}

void
ccal_db_set_slot_unavailable (GError **error)
{
  g_set_error_literal (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE,
                       "The requested time is no longer available");
}

gint64
ccal_db_range_min_start (gint64 from)
{
  return from > G_MININT64 + CCAL_DB_MAX_BOOKING_LENGTH ? from - CCAL_DB_MAX_BOOKING_LENGTH : G_MININT64;
}

gboolean
ccal_db_check_span (gint64       start,
                    gint64       end,
                    const char  *what,
                    GError     **error)
{
  if (end <= start)
    {
      g_set_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID, "The %s must end after it starts", what);
      return FALSE;
    }
  if (end - start > CCAL_DB_MAX_BOOKING_LENGTH)
    {
      g_set_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_INVALID, "A %s can last at most 24 hours", what);
      return FALSE;
    }
  return TRUE;
}

gboolean
ccal_db_set_feed_token (CcalDb      *self,
                        const char  *workspace_id,
                        const char  *admin_id,
                        const char  *token_hash,
                        gint64       created_at,
                        GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), FALSE);
  g_return_val_if_fail (workspace_id != NULL && admin_id != NULL && token_hash != NULL, FALSE);
  return DB_CLASS (self)->set_feed_token (self, workspace_id, admin_id, token_hash, created_at, error);
}

gboolean
ccal_db_get_feed_token (CcalDb      *self,
                        const char  *workspace_id,
                        const char  *admin_id,
                        gint64      *out_created_at,
                        GError     **error)
{
  gint64 created_at = 0;

  g_return_val_if_fail (CCAL_IS_DB (self), FALSE);
  g_return_val_if_fail (workspace_id != NULL && admin_id != NULL, FALSE);
  if (!DB_CLASS (self)->get_feed_token (self, workspace_id, admin_id, &created_at, error))
    return FALSE;
  if (out_created_at != NULL)
    *out_created_at = created_at;
  return TRUE;
}

gboolean
ccal_db_delete_feed_token (CcalDb      *self,
                           const char  *workspace_id,
                           const char  *admin_id,
                           GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), FALSE);
  g_return_val_if_fail (workspace_id != NULL && admin_id != NULL, FALSE);
  return DB_CLASS (self)->delete_feed_token (self, workspace_id, admin_id, error);
}

CcalDbUser *
ccal_db_lookup_feed_token (CcalDb      *self,
                           const char  *token_hash,
                           GError     **error)
{
  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (token_hash != NULL, NULL);
  return DB_CLASS (self)->lookup_feed_token (self, token_hash, error);
}

typedef struct
{
  char        *key;     /* the case-folded name */
  CcalDbAdmin *admin;
} AdminSortEntry;

static int
compare_admin_entries (gconstpointer a,
                       gconstpointer b)
{
  const AdminSortEntry *x = a;
  const AdminSortEntry *y = b;
  int cmp = strcmp (x->key, y->key);

  return cmp != 0 ? cmp : g_strcmp0 (x->admin->admin_id, y->admin->admin_id);
}

/* Sorted here rather than in SQL: the backends' collations differ, the answer must not. */
GPtrArray *
ccal_db_list_admins (CcalDb      *self,
                     const char  *workspace_id,
                     GError     **error)
{
  g_autoptr (GPtrArray) admins = NULL;
  g_autoptr (GArray) entries = NULL;

  g_return_val_if_fail (CCAL_IS_DB (self), NULL);
  g_return_val_if_fail (workspace_id != NULL, NULL);

  admins = DB_CLASS (self)->list_admins (self, workspace_id, error);
  if (admins == NULL)
    return NULL;

  entries = g_array_sized_new (FALSE, FALSE, sizeof (AdminSortEntry), admins->len);
  for (guint i = 0; i < admins->len; i++)
    {
      CcalDbAdmin *admin = g_ptr_array_index (admins, i);
      AdminSortEntry entry = { g_utf8_casefold (admin->name != NULL ? admin->name : "", -1), admin };

      g_array_append_val (entries, entry);
    }
  g_array_sort (entries, compare_admin_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      AdminSortEntry *entry = &g_array_index (entries, AdminSortEntry, i);

      admins->pdata[i] = entry->admin;
      g_free (entry->key);
    }
  return g_steal_pointer (&admins);
}
