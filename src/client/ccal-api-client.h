/* ccal-api-client.h — the HTTP API of customerconnects-calendar-server as typed async calls
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One CcalApiClient per account: a base URL, a credential and one SoupSession (30 s timeout,
 * TLS certificates verified through glib-networking). Every endpoint of docs/api.md is a
 * ccal_api_client_X_async () / _finish () pair; results are the core models (CcalBooking,
 * CcalEvent, CcalSettings, CcalAnalytics) or the small structs below. Errors are CCAL_API_ERROR
 * (see ccal-client-types.h) or G_IO_ERROR_CANCELLED.
 *
 * A client must be used from the thread (main context) that created it: its SoupSession is.
 * The credential is sent as "Authorization: Bearer …" and never logged.
 */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ccal-analytics.h"
#include "ccal-booking.h"
#include "ccal-client-types.h"
#include "ccal-event.h"
#include "ccal-settings.h"

G_BEGIN_DECLS

/* ── result types ───────────────────────────────────────────────────────────────────────────── */

/* GET /api/calendar/me */
typedef struct
{
  char     *user_id;
  char     *name;
  char     *email;
  CcalRole  role;
  char     *workspace_id;
  char     *admin_id;       /* the calendar this user works on; NULL when the server names none */
} CcalMe;

/* One entry of GET /api/calendar/timezones. */
typedef struct
{
  char *id;                 /* IANA id */
  int   utc_offset_seconds; /* now; ccal_time_format_utc_offset () spells it */
} CcalTimezoneOffset;

/* POST /api/calendar/holds */
typedef struct
{
  char   *id;
  char   *admin_id;
  gint64  start_time;
  gint64  end_time;
  gint64  expires_at;
} CcalHold;

/* A page of GET /api/calendar/bookings: deleted rows (sync answers) are CcalBookings with only
 * id, version and deleted = TRUE. Follow next_cursor until it is NULL; keep the last sync_token. */
typedef struct
{
  GPtrArray *bookings;      /* CcalBooking */
  char      *next_cursor;   /* NULL on the last page */
  char      *sync_token;
} CcalBookingPage;

/* A page of GET /api/calendar/events, same rules. */
typedef struct
{
  GPtrArray *events;        /* CcalEvent */
  char      *next_cursor;
  char      *sync_token;
} CcalEventPage;

/* One status change of a booking (GET …/history), oldest first. */
typedef struct
{
  gboolean           has_from;    /* FALSE for the creation */
  CcalBookingStatus  from;
  CcalBookingStatus  to;
  char              *changed_by;  /* user id; NULL for a public booking */
  gint64             changed_at;
  char              *reason;
} CcalBookingHistoryEntry;

/* PUT …/result */
typedef struct
{
  char *outcome;
  char *notes;
} CcalBookingResult;

/* GET|POST …/follow-ups */
typedef struct
{
  char     *id;
  char     *booking_id;
  gint64    due_at;
  char     *action;
  char     *notes;
  gboolean  done;
  char     *created_by;
  gint64    created_at;
} CcalFollowUp;

/* One entry of GET /api/calendar/admins: a calendar of the credential's workspace. */
typedef struct
{
  char *admin_id;
  char *name;
  char *email;
  char *timezone;           /* IANA id */
} CcalAdmin;

/* POST|GET /api/calendar/feed: the signed-in admin's secret iCalendar feed. The server keeps only
 * a hash of the token, so @url and @token are set only in the answer that created them (NULL from
 * ccal_api_client_get_feed_finish ()). */
typedef struct
{
  char   *url;              /* <base>/api/calendar/feed.ics?token=… to subscribe to */
  char   *token;
  gint64  created_at;
} CcalFeed;

#define CCAL_TYPE_ME                    (ccal_me_get_type ())
#define CCAL_TYPE_TIMEZONE_OFFSET       (ccal_timezone_offset_get_type ())
#define CCAL_TYPE_HOLD                  (ccal_hold_get_type ())
#define CCAL_TYPE_BOOKING_PAGE          (ccal_booking_page_get_type ())
#define CCAL_TYPE_EVENT_PAGE            (ccal_event_page_get_type ())
#define CCAL_TYPE_BOOKING_HISTORY_ENTRY (ccal_booking_history_entry_get_type ())
#define CCAL_TYPE_BOOKING_RESULT        (ccal_booking_result_get_type ())
#define CCAL_TYPE_FOLLOW_UP             (ccal_follow_up_get_type ())
#define CCAL_TYPE_ADMIN                 (ccal_admin_get_type ())
#define CCAL_TYPE_FEED                  (ccal_feed_get_type ())

GType                    ccal_me_get_type                    (void) G_GNUC_CONST;
CcalMe                  *ccal_me_copy                        (const CcalMe *me);
void                     ccal_me_free                        (CcalMe *me);
GType                    ccal_timezone_offset_get_type       (void) G_GNUC_CONST;
CcalTimezoneOffset      *ccal_timezone_offset_copy           (const CcalTimezoneOffset *zone);
void                     ccal_timezone_offset_free           (CcalTimezoneOffset *zone);
GType                    ccal_hold_get_type                  (void) G_GNUC_CONST;
CcalHold                *ccal_hold_copy                      (const CcalHold *hold);
void                     ccal_hold_free                      (CcalHold *hold);
GType                    ccal_booking_page_get_type          (void) G_GNUC_CONST;
CcalBookingPage         *ccal_booking_page_copy              (const CcalBookingPage *page);
void                     ccal_booking_page_free              (CcalBookingPage *page);
GType                    ccal_event_page_get_type            (void) G_GNUC_CONST;
CcalEventPage           *ccal_event_page_copy                (const CcalEventPage *page);
void                     ccal_event_page_free                (CcalEventPage *page);
GType                    ccal_booking_history_entry_get_type (void) G_GNUC_CONST;
CcalBookingHistoryEntry *ccal_booking_history_entry_copy     (const CcalBookingHistoryEntry *entry);
void                     ccal_booking_history_entry_free     (CcalBookingHistoryEntry *entry);
GType                    ccal_booking_result_get_type        (void) G_GNUC_CONST;
CcalBookingResult       *ccal_booking_result_copy            (const CcalBookingResult *result);
void                     ccal_booking_result_free            (CcalBookingResult *result);
GType                    ccal_follow_up_get_type             (void) G_GNUC_CONST;
CcalFollowUp            *ccal_follow_up_copy                 (const CcalFollowUp *follow_up);
void                     ccal_follow_up_free                 (CcalFollowUp *follow_up);
GType                    ccal_admin_get_type                 (void) G_GNUC_CONST;
CcalAdmin               *ccal_admin_copy                     (const CcalAdmin *admin);
void                     ccal_admin_free                     (CcalAdmin *admin);
GType                    ccal_feed_get_type                  (void) G_GNUC_CONST;
CcalFeed                *ccal_feed_copy                      (const CcalFeed *feed);
void                     ccal_feed_free                      (CcalFeed *feed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalMe, ccal_me_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalTimezoneOffset, ccal_timezone_offset_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalHold, ccal_hold_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalBookingPage, ccal_booking_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalEventPage, ccal_event_page_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalBookingHistoryEntry, ccal_booking_history_entry_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalBookingResult, ccal_booking_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalFollowUp, ccal_follow_up_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalAdmin, ccal_admin_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalFeed, ccal_feed_free)

/* ── request types (filled on the caller's stack; zero means "not given") ───────────────────── */

/* POST /api/calendar/book */
typedef struct
{
  const char *admin_id;          /* required */
  gint64      start_time;        /* required, µs UTC */
  int         duration_minutes;  /* 0: the admin's slot length */
  const char *name;              /* required */
  const char *email;             /* required */
  const char *phone;
  const char *product_interest;
  const char *notes;
  const char *timezone;          /* the caller's zone, kept with the contact */
  const char *hold_id;           /* book the slot this caller holds */
} CcalBookRequest;

/* GET /api/calendar/bookings */
typedef struct
{
  const char        *workspace_id;
  const char        *admin_id;    /* one admin's bookings */
  gint64             from;        /* 0: open */
  gint64             to;          /* 0: open */
  gboolean           by_status;   /* filter on @status */
  CcalBookingStatus  status;
  const char        *q;           /* contact name / e-mail search */
  guint              limit;       /* 0: the server's default (100); at most 1000 */
  const char        *cursor;      /* next_cursor of the previous page */
  const char        *sync_token;  /* only what changed since */
} CcalBookingQuery;

/* GET /api/calendar/events */
typedef struct
{
  const char    *admin_id;
  const char    *workspace_id;
  gint64         from;
  gint64         to;
  gboolean       by_type;
  CcalEventType  type;
  guint          limit;
  const char    *cursor;
  const char    *sync_token;
} CcalEventQuery;

/* ── the client ─────────────────────────────────────────────────────────────────────────────── */

#define CCAL_TYPE_API_CLIENT (ccal_api_client_get_type ())
G_DECLARE_FINAL_TYPE (CcalApiClient, ccal_api_client, CCAL, API_CLIENT, GObject)

/* The default for the "timeout" property, in seconds. */
#define CCAL_API_CLIENT_DEFAULT_TIMEOUT 30

/* @base_url is "https://host[:port][/prefix]" (a trailing slash is ignored); "http://" only for a
 * loopback host (127.0.0.0/8, ::1, localhost), else CCAL_API_ERROR_INSECURE_URL; anything that is
 * not an http(s) URL is CCAL_API_ERROR_INVALID_URL. @token (API key or JWT) may be NULL for the
 * public endpoints. To allow plain http:// elsewhere, construct with g_initable_new (
 * CCAL_TYPE_API_CLIENT, NULL, error, "base-url", …, "token", …, "allow-insecure", TRUE, NULL). */
CcalApiClient *ccal_api_client_new              (const char     *base_url,
                                                 const char     *token,
                                                 GError        **error);

/* The base URL as given, without a trailing slash. */
const char    *ccal_api_client_get_base_url     (CcalApiClient  *self);

/* Replaces the credential for the calls that start from now on (a refreshed JWT). */
void           ccal_api_client_set_token        (CcalApiClient  *self,
                                                 const char     *token);

/* How many requests were sent (answered or not): the sync engine's tests count calls with it. */
guint64        ccal_api_client_get_request_count (CcalApiClient *self);

/* A fresh random Idempotency-Key (a UUID). */
char          *ccal_api_new_idempotency_key     (void);

/* In every call below: @cancellable may be NULL. @if_match is the version the change is based on
 * (sent as If-Match: "N"), 0 for none. @idempotency_key may be NULL; the server honours it on POST
 * (repeat → the first answer, nothing created twice) and the PUT/PATCH/DELETE calls send it too, so
 * an outbox entry can use one key throughout. */

/* GET /api/health → the server's version. */
void           ccal_api_client_get_health_async (CcalApiClient       *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
char          *ccal_api_client_get_health_finish (CcalApiClient      *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);

/* GET /api/calendar/timezones → CcalTimezoneOffset, sorted by id. */
void           ccal_api_client_list_timezones_async  (CcalApiClient       *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
GPtrArray     *ccal_api_client_list_timezones_finish (CcalApiClient       *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* GET /api/calendar/availability. @timezone NULL: the admin's; @duration_minutes 0: the slot
 * length; @hold_id: see the slot this caller holds. → CcalInterval array; @out_slot_minutes and
 * @out_timezone (the zone @date was read in) are optional. */
void           ccal_api_client_get_availability_async  (CcalApiClient       *self,
                                                        const GDate         *date,
                                                        const char          *admin_id,
                                                        const char          *timezone,
                                                        int                  duration_minutes,
                                                        const char          *hold_id,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
GArray        *ccal_api_client_get_availability_finish (CcalApiClient       *self,
                                                        GAsyncResult        *result,
                                                        int                 *out_slot_minutes,
                                                        char               **out_timezone,
                                                        GError             **error);

/* POST /api/calendar/book → the new booking (409: CCAL_API_ERROR_SLOT_UNAVAILABLE). */
void           ccal_api_client_book_async  (CcalApiClient         *self,
                                            const CcalBookRequest *request,
                                            const char            *idempotency_key,
                                            GCancellable          *cancellable,
                                            GAsyncReadyCallback    callback,
                                            gpointer               user_data);
CcalBooking   *ccal_api_client_book_finish (CcalApiClient         *self,
                                            GAsyncResult          *result,
                                            GError               **error);

/* GET /api/calendar/me */
void           ccal_api_client_get_me_async  (CcalApiClient       *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
CcalMe        *ccal_api_client_get_me_finish (CcalApiClient       *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* POST /api/calendar/holds. @duration_minutes 0: the slot length; @hold_minutes 0: the server's
 * default (5, at most 15). */
void           ccal_api_client_create_hold_async  (CcalApiClient       *self,
                                                   const char          *admin_id,
                                                   gint64               start_time,
                                                   int                  duration_minutes,
                                                   int                  hold_minutes,
                                                   const char          *idempotency_key,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
CcalHold      *ccal_api_client_create_hold_finish (CcalApiClient       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* DELETE /api/calendar/holds/:id */
void           ccal_api_client_delete_hold_async  (CcalApiClient       *self,
                                                   const char          *hold_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       ccal_api_client_delete_hold_finish (CcalApiClient       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* GET /api/calendar/bookings; @query may be NULL (first page, everything). */
void             ccal_api_client_list_bookings_async  (CcalApiClient          *self,
                                                       const CcalBookingQuery *query,
                                                       GCancellable           *cancellable,
                                                       GAsyncReadyCallback     callback,
                                                       gpointer                user_data);
CcalBookingPage *ccal_api_client_list_bookings_finish (CcalApiClient          *self,
                                                       GAsyncResult           *result,
                                                       GError                **error);

/* GET /api/calendar/bookings/:id */
void           ccal_api_client_get_booking_async  (CcalApiClient       *self,
                                                   const char          *booking_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
CcalBooking   *ccal_api_client_get_booking_finish (CcalApiClient       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* PATCH /api/calendar/bookings/:id with @changes (any of status, reason, start_time,
 * duration_minutes, title, description, location, meeting_link, opportunity_id) as it is. */
void           ccal_api_client_update_booking_async  (CcalApiClient       *self,
                                                      const char          *booking_id,
                                                      JsonObject          *changes,
                                                      gint64               if_match,
                                                      const char          *idempotency_key,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
CcalBooking   *ccal_api_client_update_booking_finish (CcalApiClient       *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

/* GET /api/calendar/bookings/:id/history → CcalBookingHistoryEntry, oldest first. */
void           ccal_api_client_get_booking_history_async  (CcalApiClient       *self,
                                                           const char          *booking_id,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);
GPtrArray     *ccal_api_client_get_booking_history_finish (CcalApiClient       *self,
                                                           GAsyncResult        *result,
                                                           GError             **error);

/* PUT /api/calendar/bookings/:id/result; @notes may be NULL. */
void               ccal_api_client_set_booking_result_async  (CcalApiClient       *self,
                                                              const char          *booking_id,
                                                              const char          *outcome,
                                                              const char          *notes,
                                                              gint64               if_match,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
CcalBookingResult *ccal_api_client_set_booking_result_finish (CcalApiClient       *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

/* GET /api/calendar/bookings/:id/follow-ups → CcalFollowUp, by due time. */
void           ccal_api_client_list_follow_ups_async  (CcalApiClient       *self,
                                                       const char          *booking_id,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
GPtrArray     *ccal_api_client_list_follow_ups_finish (CcalApiClient       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* POST /api/calendar/bookings/:id/follow-ups; @notes may be NULL. */
void           ccal_api_client_create_follow_up_async  (CcalApiClient       *self,
                                                        const char          *booking_id,
                                                        gint64               due_at,
                                                        const char          *action,
                                                        const char          *notes,
                                                        const char          *idempotency_key,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
CcalFollowUp  *ccal_api_client_create_follow_up_finish (CcalApiClient       *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

/* PATCH /api/calendar/bookings/:id/follow-ups/:follow_up_id {"done"} → the updated CcalFollowUp. */
void           ccal_api_client_set_follow_up_done_async  (CcalApiClient       *self,
                                                          const char          *booking_id,
                                                          const char          *follow_up_id,
                                                          gboolean             done,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
CcalFollowUp  *ccal_api_client_set_follow_up_done_finish (CcalApiClient       *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);

/* GET /api/calendar/events; @query may be NULL. */
void           ccal_api_client_list_events_async  (CcalApiClient        *self,
                                                   const CcalEventQuery *query,
                                                   GCancellable         *cancellable,
                                                   GAsyncReadyCallback   callback,
                                                   gpointer              user_data);
CcalEventPage *ccal_api_client_list_events_finish (CcalApiClient        *self,
                                                   GAsyncResult         *result,
                                                   GError              **error);

/* GET /api/calendar/events/:id (the server has it, though the contract lists only the list). */
void           ccal_api_client_get_event_async  (CcalApiClient       *self,
                                                 const char          *event_id,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
CcalEvent     *ccal_api_client_get_event_finish (CcalApiClient       *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);

/* POST /api/calendar/events with @event's fields (the server assigns id, version and owner). */
void           ccal_api_client_create_event_async  (CcalApiClient       *self,
                                                    CcalEvent           *event,
                                                    const char          *idempotency_key,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
CcalEvent     *ccal_api_client_create_event_finish (CcalApiClient       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* PUT /api/calendar/events/:id (@event->id) with @event's fields. */
void           ccal_api_client_update_event_async  (CcalApiClient       *self,
                                                    CcalEvent           *event,
                                                    gint64               if_match,
                                                    const char          *idempotency_key,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
CcalEvent     *ccal_api_client_update_event_finish (CcalApiClient       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* DELETE /api/calendar/events/:id (a soft delete: a tombstone in the next sync). */
void           ccal_api_client_delete_event_async  (CcalApiClient       *self,
                                                    const char          *event_id,
                                                    gint64               if_match,
                                                    const char          *idempotency_key,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gboolean       ccal_api_client_delete_event_finish (CcalApiClient       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* GET /api/calendar/settings; @admin_id NULL: the caller's own (admins). */
void           ccal_api_client_get_settings_async  (CcalApiClient       *self,
                                                    const char          *admin_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
CcalSettings  *ccal_api_client_get_settings_finish (CcalApiClient       *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

/* PUT /api/calendar/settings with all of @settings' fields. */
void           ccal_api_client_update_settings_async  (CcalApiClient       *self,
                                                       CcalSettings        *settings,
                                                       gint64               if_match,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
CcalSettings  *ccal_api_client_update_settings_finish (CcalApiClient       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

/* GET /api/calendar/analytics/bookings for [@from, @to); @workspace_id and @timezone may be NULL. */
void           ccal_api_client_get_analytics_async  (CcalApiClient       *self,
                                                     const char          *workspace_id,
                                                     gint64               from,
                                                     gint64               to,
                                                     CcalBucket           bucket,
                                                     const char          *timezone,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
CcalAnalytics *ccal_api_client_get_analytics_finish (CcalApiClient       *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* GET /api/calendar/admins → CcalAdmin of the credential's workspace, sorted by name (staff or
 * admin credential). */
void           ccal_api_client_list_admins_async  (CcalApiClient       *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
GPtrArray     *ccal_api_client_list_admins_finish (CcalApiClient       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* POST /api/calendar/feed (admin credential): a new secret feed URL for the signed-in admin; the
 * previous one stops working. The result's url and token are shown once: the server cannot tell
 * them again. */
void           ccal_api_client_create_feed_async  (CcalApiClient       *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
CcalFeed      *ccal_api_client_create_feed_finish (CcalApiClient       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* GET /api/calendar/feed (admin credential) → CcalFeed with only created_at (url and token NULL);
 * NULL with CCAL_API_ERROR_NOT_FOUND when the admin has no feed. */
void           ccal_api_client_get_feed_async     (CcalApiClient       *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
CcalFeed      *ccal_api_client_get_feed_finish    (CcalApiClient       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* DELETE /api/calendar/feed (admin credential): the feed URL stops working. Revoking when there is
 * none succeeds too. */
void           ccal_api_client_revoke_feed_async  (CcalApiClient       *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean       ccal_api_client_revoke_feed_finish (CcalApiClient       *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
