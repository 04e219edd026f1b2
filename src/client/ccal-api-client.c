/* ccal-api-client.c — typed async calls to customerconnects-calendar-server over one SoupSession
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-client"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include <libsoup/soup.h>

#include "ccal-api-client.h"
#include "ccal-time.h"

/* Answers larger than this are parsed in a worker thread: a page of 1000 bookings is ~0.5 MB and
 * takes long enough to parse to drop frames on the main thread. */
#define PARSE_IN_THREAD_THRESHOLD (128 * 1024)

/* A server message longer than this is not a sentence for a person; it is cut. */
#define MAX_SERVER_MESSAGE_LENGTH 500

/* ── the error domain ───────────────────────────────────────────────────────────────────────── */

typedef struct
{
  char  *field;
  char  *server_code;
  guint  http_status;
  int    retry_after;
} CcalApiErrorPrivate;

static void
ccal_api_error_private_init (CcalApiErrorPrivate *priv)
{
  priv->field = NULL;
  priv->server_code = NULL;
  priv->http_status = 0;
  priv->retry_after = -1;
}

static void
ccal_api_error_private_copy (const CcalApiErrorPrivate *src,
                             CcalApiErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
  dest->server_code = g_strdup (src->server_code);
  dest->http_status = src->http_status;
  dest->retry_after = src->retry_after;
}

static void
ccal_api_error_private_clear (CcalApiErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
  g_clear_pointer (&priv->server_code, g_free);
}

/* Extended (GLib ≥ 2.68) so an error keeps the server's field, code, status and Retry-After. */
G_DEFINE_EXTENDED_ERROR (CcalApiError, ccal_api_error)

static CcalApiErrorPrivate *
get_error_private (const GError *error)
{
  if (error == NULL || error->domain != CCAL_API_ERROR)
    return NULL;
  return ccal_api_error_get_private (error);
}

const char *
ccal_api_error_get_field (const GError *error)
{
  CcalApiErrorPrivate *priv = get_error_private (error);

  return priv != NULL ? priv->field : NULL;
}

const char *
ccal_api_error_get_server_code (const GError *error)
{
  CcalApiErrorPrivate *priv = get_error_private (error);

  return priv != NULL ? priv->server_code : NULL;
}

guint
ccal_api_error_get_http_status (const GError *error)
{
  CcalApiErrorPrivate *priv = get_error_private (error);

  return priv != NULL ? priv->http_status : 0;
}

int
ccal_api_error_get_retry_after (const GError *error)
{
  CcalApiErrorPrivate *priv = get_error_private (error);

  return priv != NULL ? priv->retry_after : -1;
}

gboolean
ccal_api_error_is_transient (const GError *error)
{
  if (error == NULL || error->domain != CCAL_API_ERROR)
    return FALSE;

  switch ((CcalApiError) error->code)
    {
    case CCAL_API_ERROR_NETWORK:
    case CCAL_API_ERROR_TIMEOUT:
    case CCAL_API_ERROR_RATE_LIMITED:
    case CCAL_API_ERROR_SERVER_ERROR:
    case CCAL_API_ERROR_UNAVAILABLE:
      return TRUE;
    case CCAL_API_ERROR_CONFLICT:
      /* idempotency_key_in_use: the first request with this key is still running. */
      return ccal_api_error_get_retry_after (error) >= 0;
    case CCAL_API_ERROR_INVALID_REQUEST:
    case CCAL_API_ERROR_UNAUTHORIZED:
    case CCAL_API_ERROR_FORBIDDEN:
    case CCAL_API_ERROR_NOT_FOUND:
    case CCAL_API_ERROR_SLOT_UNAVAILABLE:
    case CCAL_API_ERROR_VERSION_CONFLICT:
    case CCAL_API_ERROR_SYNC_TOKEN_EXPIRED:
    case CCAL_API_ERROR_PAYLOAD_TOO_LARGE:
    case CCAL_API_ERROR_UNSUPPORTED_MEDIA_TYPE:
    case CCAL_API_ERROR_IDEMPOTENCY_KEY_REUSED:
    case CCAL_API_ERROR_TLS:
    case CCAL_API_ERROR_INVALID_RESPONSE:
    case CCAL_API_ERROR_INVALID_URL:
    case CCAL_API_ERROR_INSECURE_URL:
    default:
      return FALSE;
    }
}

static GError *
new_api_error (CcalApiError code,
               guint        http_status,
               const char  *server_code,
               const char  *field,
               int          retry_after,
               const char  *message)
{
  GError *error = g_error_new_literal (CCAL_API_ERROR, code, message);
  CcalApiErrorPrivate *priv = ccal_api_error_get_private (error);

  priv->http_status = http_status;
  priv->server_code = g_strdup (server_code);
  priv->field = g_strdup (field);
  priv->retry_after = retry_after;
  return error;
}

static gboolean
set_simple_error (GError     **error,
                  CcalApiError code,
                  const char  *format,
                  ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_simple_error (GError     **error,
                  CcalApiError code,
                  const char  *format,
                  ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_propagate_error (error, new_api_error (code, 0, NULL, NULL, -1, message));
  return FALSE;
}

/* ── result types ───────────────────────────────────────────────────────────────────────────── */

CcalMe *
ccal_me_copy (const CcalMe *me)
{
  CcalMe *copy = g_new0 (CcalMe, 1);

  copy->user_id = g_strdup (me->user_id);
  copy->name = g_strdup (me->name);
  copy->email = g_strdup (me->email);
  copy->role = me->role;
  copy->workspace_id = g_strdup (me->workspace_id);
  copy->admin_id = g_strdup (me->admin_id);
  return copy;
}

void
ccal_me_free (CcalMe *me)
{
  if (me == NULL)
    return;
  g_free (me->user_id);
  g_free (me->name);
  g_free (me->email);
  g_free (me->workspace_id);
  g_free (me->admin_id);
  g_free (me);
}

G_DEFINE_BOXED_TYPE (CcalMe, ccal_me, ccal_me_copy, ccal_me_free)

CcalTimezoneOffset *
ccal_timezone_offset_copy (const CcalTimezoneOffset *zone)
{
  CcalTimezoneOffset *copy = g_new0 (CcalTimezoneOffset, 1);

  copy->id = g_strdup (zone->id);
  copy->utc_offset_seconds = zone->utc_offset_seconds;
  return copy;
}

void
ccal_timezone_offset_free (CcalTimezoneOffset *zone)
{
  if (zone == NULL)
    return;
  g_free (zone->id);
  g_free (zone);
}

G_DEFINE_BOXED_TYPE (CcalTimezoneOffset, ccal_timezone_offset, ccal_timezone_offset_copy, ccal_timezone_offset_free)

CcalHold *
ccal_hold_copy (const CcalHold *hold)
{
  CcalHold *copy = g_memdup2 (hold, sizeof *hold);

  copy->id = g_strdup (hold->id);
  copy->admin_id = g_strdup (hold->admin_id);
  return copy;
}

void
ccal_hold_free (CcalHold *hold)
{
  if (hold == NULL)
    return;
  g_free (hold->id);
  g_free (hold->admin_id);
  g_free (hold);
}

G_DEFINE_BOXED_TYPE (CcalHold, ccal_hold, ccal_hold_copy, ccal_hold_free)

static gpointer
copy_booking_func (gconstpointer src,
                   gpointer      user_data)
{
  return ccal_booking_copy ((CcalBooking *) src);
}

static gpointer
copy_event_func (gconstpointer src,
                 gpointer      user_data)
{
  return ccal_event_copy ((CcalEvent *) src);
}

CcalBookingPage *
ccal_booking_page_copy (const CcalBookingPage *page)
{
  CcalBookingPage *copy = g_new0 (CcalBookingPage, 1);

  copy->bookings = g_ptr_array_copy (page->bookings, copy_booking_func, NULL);
  g_ptr_array_set_free_func (copy->bookings, g_object_unref);
  copy->next_cursor = g_strdup (page->next_cursor);
  copy->sync_token = g_strdup (page->sync_token);
  return copy;
}

void
ccal_booking_page_free (CcalBookingPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->bookings, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page->sync_token);
  g_free (page);
}

G_DEFINE_BOXED_TYPE (CcalBookingPage, ccal_booking_page, ccal_booking_page_copy, ccal_booking_page_free)

CcalEventPage *
ccal_event_page_copy (const CcalEventPage *page)
{
  CcalEventPage *copy = g_new0 (CcalEventPage, 1);

  copy->events = g_ptr_array_copy (page->events, copy_event_func, NULL);
  g_ptr_array_set_free_func (copy->events, g_object_unref);
  copy->next_cursor = g_strdup (page->next_cursor);
  copy->sync_token = g_strdup (page->sync_token);
  return copy;
}

void
ccal_event_page_free (CcalEventPage *page)
{
  if (page == NULL)
    return;
  g_clear_pointer (&page->events, g_ptr_array_unref);
  g_free (page->next_cursor);
  g_free (page->sync_token);
  g_free (page);
}

G_DEFINE_BOXED_TYPE (CcalEventPage, ccal_event_page, ccal_event_page_copy, ccal_event_page_free)

CcalBookingHistoryEntry *
ccal_booking_history_entry_copy (const CcalBookingHistoryEntry *entry)
{
  CcalBookingHistoryEntry *copy = g_memdup2 (entry, sizeof *entry);

  copy->changed_by = g_strdup (entry->changed_by);
  copy->reason = g_strdup (entry->reason);
  return copy;
}

void
ccal_booking_history_entry_free (CcalBookingHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->changed_by);
  g_free (entry->reason);
  g_free (entry);
}

G_DEFINE_BOXED_TYPE (CcalBookingHistoryEntry, ccal_booking_history_entry, ccal_booking_history_entry_copy,
                     ccal_booking_history_entry_free)

CcalBookingResult *
ccal_booking_result_copy (const CcalBookingResult *result)
{
  CcalBookingResult *copy = g_new0 (CcalBookingResult, 1);

  copy->outcome = g_strdup (result->outcome);
  copy->notes = g_strdup (result->notes);
  return copy;
}

void
ccal_booking_result_free (CcalBookingResult *result)
{
  if (result == NULL)
    return;
  g_free (result->outcome);
  g_free (result->notes);
  g_free (result);
}

G_DEFINE_BOXED_TYPE (CcalBookingResult, ccal_booking_result, ccal_booking_result_copy, ccal_booking_result_free)

CcalFollowUp *
ccal_follow_up_copy (const CcalFollowUp *follow_up)
{
  CcalFollowUp *copy = g_memdup2 (follow_up, sizeof *follow_up);

  copy->id = g_strdup (follow_up->id);
  copy->booking_id = g_strdup (follow_up->booking_id);
  copy->action = g_strdup (follow_up->action);
  copy->notes = g_strdup (follow_up->notes);
  copy->created_by = g_strdup (follow_up->created_by);
  return copy;
}

void
ccal_follow_up_free (CcalFollowUp *follow_up)
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

G_DEFINE_BOXED_TYPE (CcalFollowUp, ccal_follow_up, ccal_follow_up_copy, ccal_follow_up_free)

CcalAdmin *
ccal_admin_copy (const CcalAdmin *admin)
{
  CcalAdmin *copy = g_new0 (CcalAdmin, 1);

  copy->admin_id = g_strdup (admin->admin_id);
  copy->name = g_strdup (admin->name);
  copy->email = g_strdup (admin->email);
  copy->timezone = g_strdup (admin->timezone);
  return copy;
}

void
ccal_admin_free (CcalAdmin *admin)
{
  if (admin == NULL)
    return;
  g_free (admin->admin_id);
  g_free (admin->name);
  g_free (admin->email);
  g_free (admin->timezone);
  g_free (admin);
}

G_DEFINE_BOXED_TYPE (CcalAdmin, ccal_admin, ccal_admin_copy, ccal_admin_free)

CcalFeed *
ccal_feed_copy (const CcalFeed *feed)
{
  CcalFeed *copy = g_memdup2 (feed, sizeof *feed);

  copy->url = g_strdup (feed->url);
  copy->token = g_strdup (feed->token);
  return copy;
}

void
ccal_feed_free (CcalFeed *feed)
{
  if (feed == NULL)
    return;
  g_free (feed->url);
  /* The token is a credential: do not leave it behind in freed memory. */
  if (feed->token != NULL)
    memset (feed->token, 0, strlen (feed->token));
  g_free (feed->token);
  g_free (feed);
}

G_DEFINE_BOXED_TYPE (CcalFeed, ccal_feed, ccal_feed_copy, ccal_feed_free)

/* ── the client object ──────────────────────────────────────────────────────────────────────── */

struct _CcalApiClient
{
  GObject parent_instance;

  /* owned */
  char        *base_url;        /* validated, no trailing slash */
  char        *token;           /* never logged */
  SoupSession *session;         /* created by init */

  gboolean     allow_insecure;
  guint        timeout;
  guint64      n_requests;
};

static void ccal_api_client_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CcalApiClient, ccal_api_client, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, ccal_api_client_initable_iface_init))

enum
{
  PROP_0,
  PROP_BASE_URL,
  PROP_TOKEN,
  PROP_ALLOW_INSECURE,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr (GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0 || g_ascii_strcasecmp (host, "localhost.") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

/* The rules of ccal_api_client_new (); @out_base_url gets the address without trailing slashes. */
static gboolean
check_base_url (const char *base_url,
                gboolean    allow_insecure,
                char      **out_base_url,
                GError    **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GUri) uri = NULL;
  const char *scheme;
  const char *host;
  gsize length;

  if (base_url == NULL || *g_strstrip (text = g_strdup (base_url)) == '\0')
    return set_simple_error (error, CCAL_API_ERROR_INVALID_URL,
                             "No server address was given. Enter one such as https://calendar.example.com.");

  uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  scheme = uri != NULL ? g_uri_get_scheme (uri) : NULL;
  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    return set_simple_error (error, CCAL_API_ERROR_INVALID_URL,
                             "“%s” is not a web address. Enter the server’s address starting with https://, "
                             "such as https://calendar.example.com.", text);

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    return set_simple_error (error, CCAL_API_ERROR_INVALID_URL,
                             "“%s” names no server. Enter an address such as https://calendar.example.com.", text);

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    return set_simple_error (error, CCAL_API_ERROR_INVALID_URL,
                             "The server address “%s” must not contain “?” or “#”.", text);

  if (g_uri_get_userinfo (uri) != NULL)
    return set_simple_error (error, CCAL_API_ERROR_INVALID_URL,
                             "The server address must not contain a user name or password; "
                             "the API key is entered separately.");

  if (g_ascii_strcasecmp (scheme, "http") == 0 && !allow_insecure && !host_is_loopback (host))
    return set_simple_error (error, CCAL_API_ERROR_INSECURE_URL,
                             "The address “%s” uses plain http://, which would send your API key and calendar "
                             "unencrypted over the network. Use an https:// address, or allow insecure "
                             "connections explicitly.", text);

  length = strlen (text);
  while (length > 0 && text[length - 1] == '/')
    text[--length] = '\0';

  *out_base_url = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
ccal_api_client_initable_init (GInitable    *initable,
                               GCancellable *cancellable,
                               GError      **error)
{
  CcalApiClient *self = CCAL_API_CLIENT (initable);
  g_autofree char *base_url = NULL;
  g_autofree char *user_agent = NULL;

  if (self->session != NULL)
    return TRUE;

  if (!check_base_url (self->base_url, self->allow_insecure, &base_url, error))
    return FALSE;
  g_free (self->base_url);
  self->base_url = g_steal_pointer (&base_url);

  user_agent = g_strdup_printf ("customerconnects-calendar/%s", PACKAGE_VERSION);
  /* TLS is verified against the system's CAs by default (glib-networking); nothing here relaxes it. */
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout", 60,
                                                 "user-agent", user_agent,
                                                 NULL);
  return TRUE;
}

static void
ccal_api_client_initable_iface_init (GInitableIface *iface)
{
  iface->init = ccal_api_client_initable_init;
}

static void
ccal_api_client_finalize (GObject *object)
{
  CcalApiClient *self = CCAL_API_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->token, g_free);

  G_OBJECT_CLASS (ccal_api_client_parent_class)->finalize (object);
}

static void
ccal_api_client_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CcalApiClient *self = CCAL_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;
    case PROP_ALLOW_INSECURE:
      g_value_set_boolean (value, self->allow_insecure);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_api_client_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CcalApiClient *self = CCAL_API_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_free (self->base_url);
      self->base_url = g_value_dup_string (value);
      break;
    case PROP_TOKEN:
      ccal_api_client_set_token (self, g_value_get_string (value));
      break;
    case PROP_ALLOW_INSECURE:
      self->allow_insecure = g_value_get_boolean (value);
      break;
    case PROP_TIMEOUT:
      if (self->timeout != g_value_get_uint (value))
        {
          self->timeout = g_value_get_uint (value);
          if (self->session != NULL)
            soup_session_set_timeout (self->session, self->timeout);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ccal_api_client_class_init (CcalApiClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ccal_api_client_finalize;
  object_class->get_property = ccal_api_client_get_property;
  object_class->set_property = ccal_api_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Write-only: nothing should read the credential back out of the client (and log it). */
  properties[PROP_TOKEN] =
    g_param_spec_string ("token", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  properties[PROP_ALLOW_INSECURE] =
    g_param_spec_boolean ("allow-insecure", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, CCAL_API_CLIENT_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ccal_api_client_init (CcalApiClient *self)
{
  self->timeout = CCAL_API_CLIENT_DEFAULT_TIMEOUT;
}

CcalApiClient *
ccal_api_client_new (const char *base_url,
                     const char *token,
                     GError    **error)
{
  return g_initable_new (CCAL_TYPE_API_CLIENT, NULL, error,
                         "base-url", base_url,
                         "token", token,
                         NULL);
}

const char *
ccal_api_client_get_base_url (CcalApiClient *self)
{
  g_return_val_if_fail (CCAL_IS_API_CLIENT (self), NULL);

  return self->base_url;
}

void
ccal_api_client_set_token (CcalApiClient *self,
                           const char    *token)
{
  g_return_if_fail (CCAL_IS_API_CLIENT (self));

  if (g_strcmp0 (self->token, token) == 0)
    return;

  /* Overwrite the old one before freeing it: it should not linger in freed memory. */
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  /* A key pasted or piped into secret-tool often ends in a newline; no credential has blanks. */
  self->token = token != NULL ? g_strstrip (g_strdup (token)) : NULL;
  if (self->token != NULL && *self->token == '\0')
    g_clear_pointer (&self->token, g_free);
}

guint64
ccal_api_client_get_request_count (CcalApiClient *self)
{
  g_return_val_if_fail (CCAL_IS_API_CLIENT (self), 0);

  return self->n_requests;
}

char *
ccal_api_new_idempotency_key (void)
{
  return g_uuid_string_random ();
}

/* ── mapping failures to CCAL_API_ERROR (the one place) ─────────────────────────────────────── */

typedef struct
{
  const char   *name;
  CcalApiError  code;
} ServerCode;

static const ServerCode server_codes[] = {
  { "invalid_request", CCAL_API_ERROR_INVALID_REQUEST },
  { "unauthorized", CCAL_API_ERROR_UNAUTHORIZED },
  { "forbidden", CCAL_API_ERROR_FORBIDDEN },
  { "not_found", CCAL_API_ERROR_NOT_FOUND },
  { "slot_unavailable", CCAL_API_ERROR_SLOT_UNAVAILABLE },
  { "version_conflict", CCAL_API_ERROR_VERSION_CONFLICT },
  { "sync_token_expired", CCAL_API_ERROR_SYNC_TOKEN_EXPIRED },
  { "payload_too_large", CCAL_API_ERROR_PAYLOAD_TOO_LARGE },
  { "unsupported_media_type", CCAL_API_ERROR_UNSUPPORTED_MEDIA_TYPE },
  { "idempotency_key_reused", CCAL_API_ERROR_IDEMPOTENCY_KEY_REUSED },
  { "rate_limited", CCAL_API_ERROR_RATE_LIMITED },
  { "internal", CCAL_API_ERROR_SERVER_ERROR },
  { "unavailable", CCAL_API_ERROR_UNAVAILABLE },
};

static CcalApiError
code_for_status (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
      return CCAL_API_ERROR_INVALID_REQUEST;
    case SOUP_STATUS_UNAUTHORIZED:
      return CCAL_API_ERROR_UNAUTHORIZED;
    case SOUP_STATUS_FORBIDDEN:
      return CCAL_API_ERROR_FORBIDDEN;
    case SOUP_STATUS_NOT_FOUND:
      return CCAL_API_ERROR_NOT_FOUND;
    case SOUP_STATUS_REQUEST_TIMEOUT:
      return CCAL_API_ERROR_TIMEOUT;
    case SOUP_STATUS_CONFLICT:
      return CCAL_API_ERROR_CONFLICT;
    case SOUP_STATUS_GONE:
      return CCAL_API_ERROR_SYNC_TOKEN_EXPIRED;
    case SOUP_STATUS_PRECONDITION_FAILED:
      return CCAL_API_ERROR_VERSION_CONFLICT;
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      return CCAL_API_ERROR_PAYLOAD_TOO_LARGE;
    case SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE:
      return CCAL_API_ERROR_UNSUPPORTED_MEDIA_TYPE;
    case 429:
      return CCAL_API_ERROR_RATE_LIMITED;
    case SOUP_STATUS_BAD_GATEWAY:
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
    case SOUP_STATUS_GATEWAY_TIMEOUT:
      return CCAL_API_ERROR_UNAVAILABLE;
    default:
      if (status >= 500 && status < 600)
        return CCAL_API_ERROR_SERVER_ERROR;
      if (status >= 400 && status < 500)
        return CCAL_API_ERROR_INVALID_REQUEST;
      /* 1xx/3xx (redirects are not followed) or nonsense: not an answer of this API. */
      return CCAL_API_ERROR_INVALID_RESPONSE;
    }
}

/* Retry-After is delta-seconds or an HTTP date; -1 when absent or unreadable. */
static int
parse_retry_after (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  guint64 seconds;

  if (value == NULL)
    return -1;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXINT, &seconds, NULL))
    return (int) seconds;

  {
    g_autoptr (GDateTime) when = soup_date_time_new_from_http_string (value);
    g_autoptr (GDateTime) now = g_date_time_new_now_utc ();

    if (when == NULL)
      return -1;
    return (int) CLAMP (g_date_time_difference (when, now) / G_TIME_SPAN_SECOND, 0, G_MAXINT);
  }
}

/* The message for @code when the server sent none we can use. */
static char *
default_message (CcalApiError code,
                 guint        status,
                 const char  *base_url,
                 const char  *credential_name,
                 int          retry_after)
{
  switch (code)
    {
    case CCAL_API_ERROR_UNAUTHORIZED:
      /* Translators: %s is "API key" or "sign-in token" */
      return g_strdup_printf (_("The server refused the %s."), credential_name);
    case CCAL_API_ERROR_FORBIDDEN:
      return g_strdup (_("This account is not allowed to do that. Ask an administrator of the workspace."));
    case CCAL_API_ERROR_NOT_FOUND:
      return g_strdup (_("The server does not know this item; it may have been deleted."));
    case CCAL_API_ERROR_SLOT_UNAVAILABLE:
      return g_strdup (_("That time is no longer available. Choose another slot."));
    case CCAL_API_ERROR_CONFLICT:
      return g_strdup (_("The server could not do this right now because of a conflicting request. Try again."));
    case CCAL_API_ERROR_VERSION_CONFLICT:
      return g_strdup (_("Someone else changed this in the meantime; nothing was saved."));
    case CCAL_API_ERROR_SYNC_TOKEN_EXPIRED:
      return g_strdup (_("The server can no longer tell what changed; everything will be loaded again."));
    case CCAL_API_ERROR_PAYLOAD_TOO_LARGE:
      return g_strdup (_("This is too large for the server to accept. Shorten the text and try again."));
    case CCAL_API_ERROR_UNSUPPORTED_MEDIA_TYPE:
      return g_strdup (_("The server did not accept the format of the request."));
    case CCAL_API_ERROR_IDEMPOTENCY_KEY_REUSED:
      return g_strdup (_("This change was already sent once with different contents; it was not applied."));
    case CCAL_API_ERROR_RATE_LIMITED:
      if (retry_after >= 0)
        return g_strdup_printf (ngettext ("The server is receiving too many requests. Try again in %d second.",
                                          "The server is receiving too many requests. Try again in %d seconds.",
                                          retry_after), retry_after);
      return g_strdup (_("The server is receiving too many requests. Try again in a moment."));
    case CCAL_API_ERROR_SERVER_ERROR:
      return g_strdup_printf (_("The server at %s had an internal problem (HTTP %u). Try again later; if it "
                              "persists, tell its administrator."), base_url, status);
    case CCAL_API_ERROR_UNAVAILABLE:
      return g_strdup_printf (_("The server at %s is not available right now (HTTP %u). Try again later."),
                              base_url, status);
    case CCAL_API_ERROR_TIMEOUT:
      return g_strdup_printf (_("%s did not answer in time. Try again later."), base_url);
    case CCAL_API_ERROR_INVALID_RESPONSE:
      return g_strdup_printf (_("The server at %s sent an answer this app cannot read (HTTP %u). Check that "
                              "the address is the calendar server’s."), base_url, status);
    case CCAL_API_ERROR_INVALID_REQUEST:
    case CCAL_API_ERROR_NETWORK:
    case CCAL_API_ERROR_TLS:
    case CCAL_API_ERROR_INVALID_URL:
    case CCAL_API_ERROR_INSECURE_URL:
    default:
      return g_strdup_printf (_("The server did not accept the request (HTTP %u)."), status);
    }
}

/* A server message fit to show a person: valid UTF-8, one reasonable line. */
static char *
clean_server_message (const char *message)
{
  g_autofree char *text = NULL;

  if (message == NULL || !g_utf8_validate (message, -1, NULL))
    return NULL;

  text = g_strstrip (g_strdup (message));
  if (*text == '\0')
    return NULL;
  if (g_utf8_strlen (text, -1) > MAX_SERVER_MESSAGE_LENGTH)
    {
      g_autofree char *cut = g_utf8_substring (text, 0, MAX_SERVER_MESSAGE_LENGTH);

      return g_strconcat (cut, "…", NULL);
    }
  return g_steal_pointer (&text);
}

static const char *
peek_string_member (JsonObject *object,
                    const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* HTTP status + the contract's error body {"error":{"code","message","field"}} → CCAL_API_ERROR. */
static GError *
error_from_answer (guint               status,
                   SoupMessageHeaders *headers,
                   GBytes             *body,
                   const char         *base_url,
                   const char         *credential_name)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autofree char *message = NULL;
  JsonObject *error_object = NULL;
  const char *server_code = NULL;
  const char *field = NULL;
  CcalApiError code;
  int retry_after;
  gsize size = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &size) : NULL;

  if (data != NULL && size > 0 && json_parser_load_from_data (parser, data, (gssize) size, NULL))
    {
      JsonNode *root = json_parser_get_root (parser);
      JsonNode *node = root != NULL && JSON_NODE_HOLDS_OBJECT (root)
                         ? json_object_get_member (json_node_get_object (root), "error")
                         : NULL;

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        error_object = json_node_get_object (node);
    }

  server_code = peek_string_member (error_object, "code");
  field = peek_string_member (error_object, "field");
  retry_after = parse_retry_after (headers);

  code = code_for_status (status);
  for (gsize i = 0; server_code != NULL && i < G_N_ELEMENTS (server_codes); i++)
    {
      if (g_str_equal (server_codes[i].name, server_code))
        {
          code = server_codes[i].code;
          break;
        }
    }

  message = clean_server_message (peek_string_member (error_object, "message"));
  if (message == NULL)
    {
      message = default_message (code, status, base_url, credential_name, retry_after);
    }
  else if (code == CCAL_API_ERROR_UNAUTHORIZED)
    {
      /* Say what was refused first: the server's reason alone ("The token has expired.") does not
       * tell a person that signing in again is what helps. */
      g_autofree char *reason = g_steal_pointer (&message);

      /* Translators: the first %s is "API key" or "sign-in token", the second the server's reason */
      message = g_strdup_printf (_("The server refused the %s. %s"), credential_name, reason);
    }

  return new_api_error (code, status, server_code, field, retry_after, message);
}

static const char *
describe_certificate_errors (GTlsCertificateFlags flags)
{
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return _("it is not signed by an authority this computer trusts");
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("it was made for a different address");
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return _("it has expired");
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _("it is not valid yet (check this computer’s clock)");
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return _("it has been revoked");
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return _("it uses an insecure algorithm");
  return _("it could not be verified");
}

/* A failure before any HTTP answer (or while reading it) → CCAL_API_ERROR; cancellation stays. */
static GError *
error_from_transport (const GError *error,
                      SoupMessage  *message,
                      const char   *base_url,
                      guint         timeout)
{
  g_autofree char *text = NULL;
  CcalApiError code;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == G_TLS_ERROR)
    {
      GTlsCertificateFlags flags = message != NULL ? soup_message_get_tls_peer_certificate_errors (message) : 0;

      code = CCAL_API_ERROR_TLS;
      if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_UNAVAILABLE))
        text = g_strdup_printf (_("A secure connection to %s is not possible: TLS support is missing on this "
                                  "computer (install glib-networking)."), base_url);
      else if (flags != 0 || g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
        /* Translators: the second %s is a reason such as "it has expired" */
        text = g_strdup_printf (_("The connection to %s is not secure: its certificate cannot be trusted because "
                                  "%s. Check the address; a server with its own certificate needs that certificate "
                                  "installed on this computer."), base_url, describe_certificate_errors (flags));
      else
        text = g_strdup_printf (_("A secure connection to %s could not be made (%s). Check the address."),
                                base_url, error->message);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      code = CCAL_API_ERROR_TIMEOUT;
      text = g_strdup_printf (ngettext ("%s did not answer within %u second. Check your network, or try again later.",
                                        "%s did not answer within %u seconds. Check your network, or try again later.",
                                        timeout), base_url, timeout);
    }
  else if (g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_PARSING) ||
           g_error_matches (error, SOUP_SESSION_ERROR, SOUP_SESSION_ERROR_ENCODING))
    {
      code = CCAL_API_ERROR_INVALID_RESPONSE;
      text = g_strdup_printf (_("%s did not answer in HTTP. Check the address (http:// or https://, and the "
                                "port)."), base_url);
    }
  else
    {
      /* Refused, unreachable, DNS, reset: for a person these all mean "offline or wrong address". */
      code = CCAL_API_ERROR_NETWORK;
      text = g_strdup_printf (_("Could not reach %s — check the address and your network. (%s)"),
                              base_url, error->message);
    }

  return new_api_error (code, 0, NULL, NULL, -1, text);
}

/* ── reading answers ────────────────────────────────────────────────────────────────────────── */

static gboolean
invalid_answer (GError    **error,
                const char *what,
                const char *detail)
{
  return set_simple_error (error, CCAL_API_ERROR_INVALID_RESPONSE,
                           "The server sent %s this app cannot read: %s Check that the app and the server "
                           "are up to date.", what, detail);
}

static gboolean
missing_member (GError    **error,
                const char *name)
{
  g_autofree char *detail = g_strdup_printf ("“%s” is missing or has the wrong type.", name);

  return invalid_answer (error, "an answer", detail);
}

static JsonNode *
get_member (JsonObject *object,
            const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

static JsonObject *
require_object (JsonObject *object,
                const char *name,
                GError    **error)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      missing_member (error, name);
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
require_array (JsonObject *object,
               const char *name,
               GError    **error)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      missing_member (error, name);
      return NULL;
    }
  return json_node_get_array (node);
}

/* A string member into *@out (NULL when absent/null and not @required). */
static gboolean
read_string (JsonObject *object,
             const char *name,
             gboolean    required,
             char      **out,
             GError    **error)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL)
    {
      *out = NULL;
      return required ? missing_member (error, name) : TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return missing_member (error, name);

  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
read_time (JsonObject *object,
           const char *name,
           gboolean    required,
           gint64     *out,
           GError    **error)
{
  g_autofree char *text = NULL;
  g_autoptr (GError) local_error = NULL;

  *out = 0;
  if (!read_string (object, name, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!ccal_time_parse_rfc3339 (text, name, out, &local_error))
    return invalid_answer (error, "a time", local_error->message);
  return TRUE;
}

static gboolean
read_int (JsonObject *object,
          const char *name,
          gboolean    required,
          gint64     *out,
          GError    **error)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL)
    return required ? missing_member (error, name) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return missing_member (error, name);

  *out = json_node_get_int (node);
  return TRUE;
}

static gboolean
read_boolean (JsonObject *object,
              const char *name,
              gboolean   *out,
              GError    **error)
{
  JsonNode *node = get_member (object, name);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return missing_member (error, name);

  *out = json_node_get_boolean (node);
  return TRUE;
}

/* A core model's complaint about what the server sent. */
static gboolean
invalid_model (GError    **error,
               const char *what,
               GError     *model_error)
{
  return invalid_answer (error, what, model_error->message);
}

/* ── sending requests ───────────────────────────────────────────────────────────────────────── */

typedef struct _Call Call;

/* Turns a successful answer's JSON object into the call's result; runs in a worker thread for large
 * answers, so it must only read @root and @call->parse_data. */
typedef gpointer (*ParseFunc) (JsonObject *root,
                               Call       *call,
                               GError    **error);

struct _Call
{
  SoupMessage    *message;
  ParseFunc       parse;           /* NULL: the answer is empty (204) */
  gpointer        parse_data;
  GDestroyNotify  parse_data_free;
  GDestroyNotify  result_free;
  GBytes         *answer;
  char           *base_url;
  const char     *credential_name;
  guint           timeout;
};

static void
call_free (gpointer data)
{
  Call *call = data;

  g_clear_object (&call->message);
  if (call->parse_data_free != NULL)
    g_clear_pointer (&call->parse_data, call->parse_data_free);
  g_clear_pointer (&call->answer, g_bytes_unref);
  g_free (call->base_url);
  g_free (call);
}

static gpointer
parse_answer (Call    *call,
              GError **error)
{
  g_autoptr (JsonParser) parser = json_parser_new_immutable ();
  g_autoptr (GError) local_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (call->answer, &size);
  JsonNode *root;

  if (size == 0 || !json_parser_load_from_data (parser, data, (gssize) size, &local_error))
    {
      set_simple_error (error, CCAL_API_ERROR_INVALID_RESPONSE,
                        "The server at %s sent an answer that is not JSON. Check that the address is the "
                        "calendar server’s.", call->base_url);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_simple_error (error, CCAL_API_ERROR_INVALID_RESPONSE,
                        "The server at %s sent an answer that is not a JSON object. Check that the address is "
                        "the calendar server’s.", call->base_url);
      return NULL;
    }

  return call->parse (json_node_get_object (root), call, error);
}

static void
parse_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Call *call = task_data;
  GError *error = NULL;
  gpointer result = parse_answer (call, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, call->result_free);
}

static void
on_send_and_read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr (GTask) task = user_data;
  Call *call = g_task_get_task_data (task);
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) answer = NULL;
  gpointer parsed;
  guint status;

  answer = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  if (answer == NULL)
    {
      g_task_return_error (task, error_from_transport (error, call->message, call->base_url, call->timeout));
      return;
    }

  status = soup_message_get_status (call->message);
  if (status < 200 || status >= 300)
    {
      g_task_return_error (task, error_from_answer (status, soup_message_get_response_headers (call->message),
                                                   answer, call->base_url, call->credential_name));
      return;
    }

  if (call->parse == NULL)
    {
      g_task_return_pointer (task, GINT_TO_POINTER (TRUE), NULL);
      return;
    }

  call->answer = g_steal_pointer (&answer);
  if (g_bytes_get_size (call->answer) > PARSE_IN_THREAD_THRESHOLD)
    {
      g_task_run_in_thread (task, parse_in_thread);
      return;
    }

  parsed = parse_answer (call, &error);
  if (parsed == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, parsed, call->result_free);
}

/* Sends @method @path_and_query (already escaped) with @body (borrowed, may be NULL) and finishes
 * @task with @parse's result. Takes @task. */
static void
send_call (CcalApiClient *self,
           GTask         *task,
           const char    *method,
           const char    *path_and_query,
           JsonObject    *body,
           gint64         if_match,
           const char    *idempotency_key,
           ParseFunc      parse,
           GDestroyNotify result_free)
{
  g_autofree char *url = NULL;
  SoupMessageHeaders *headers;
  Call *call;

  g_return_if_fail (self->session != NULL);

  call = g_task_get_task_data (task);
  if (call == NULL)
    {
      call = g_new0 (Call, 1);
      g_task_set_task_data (task, call, call_free);
    }
  call->parse = parse;
  call->result_free = result_free;
  call->base_url = g_strdup (self->base_url);
  call->timeout = self->timeout;
  call->credential_name = self->token != NULL && g_str_has_prefix (self->token, "fc_") ? _("API key")
                                                                                       : _("sign-in token");

  url = g_strconcat (self->base_url, path_and_query, NULL);
  call->message = soup_message_new (method, url);
  if (call->message == NULL)
    {
      g_task_return_new_error (task, CCAL_API_ERROR, CCAL_API_ERROR_INVALID_URL,
                               "“%s” is not a valid address for a request.", url);
      g_object_unref (task);
      return;
    }

  /* A redirect would carry the credential to wherever it points, and turn a POST into a GET:
   * it is reported instead (as INVALID_RESPONSE) so a person can fix the address. */
  soup_message_add_flags (call->message, SOUP_MESSAGE_NO_REDIRECT);

  headers = soup_message_get_request_headers (call->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));
    }
  if (if_match > 0)
    {
      g_autofree char *etag = g_strdup_printf ("\"%" G_GINT64_FORMAT "\"", if_match);

      soup_message_headers_replace (headers, "If-Match", etag);
    }
  if (idempotency_key != NULL)
    soup_message_headers_replace (headers, "Idempotency-Key", idempotency_key);

  if (body != NULL)
    {
      g_autoptr (JsonNode) node = json_node_init_object (json_node_alloc (), body);
      gsize length;
      char *text = json_to_string (node, FALSE);
      g_autoptr (GBytes) bytes = NULL;

      length = strlen (text);
      bytes = g_bytes_new_take (text, length);
      soup_message_set_request_body_from_bytes (call->message, "application/json", bytes);
    }

  self->n_requests++;
  /* The path only: a query can hold a person's name or e-mail (q=…). */
  g_debug ("%s %.*s", method, (int) strcspn (path_and_query, "?"), path_and_query);
  soup_session_send_and_read_async (self->session, call->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_send_and_read_cb, task);
}

static GTask *
new_call_task (CcalApiClient       *self,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

/* Attaches data for the parse function (freed with the call). */
static void
set_parse_data (GTask         *task,
                gpointer       data,
                GDestroyNotify data_free)
{
  Call *call = g_new0 (Call, 1);

  call->parse_data = data;
  call->parse_data_free = data_free;
  g_task_set_task_data (task, call, call_free);
}

static gpointer
finish_call (CcalApiClient *self,
             GAsyncResult  *result,
             gpointer       source_tag,
             GError       **error)
{
  g_return_val_if_fail (CCAL_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* "/api/calendar/bookings/<escaped id><suffix>" */
static char *
path_with_id (const char *prefix,
              const char *id,
              const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat (prefix, escaped, suffix, NULL);
}

static void
append_query (GString    *path,
              const char *name,
              const char *value)
{
  if (value == NULL)
    return;
  g_string_append_c (path, strchr (path->str, '?') != NULL ? '&' : '?');
  g_string_append (path, name);
  g_string_append_c (path, '=');
  g_string_append_uri_escaped (path, value, NULL, FALSE);
}

static void
append_query_time (GString    *path,
                   const char *name,
                   gint64      usec)
{
  g_autofree char *text = NULL;

  if (usec == 0)
    return;
  text = ccal_time_format_rfc3339 (usec);
  append_query (path, name, text);
}

static void
append_query_uint (GString    *path,
                   const char *name,
                   guint       value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (value == 0)
    return;
  g_snprintf (text, sizeof text, "%u", value);
  append_query (path, name, text);
}

static void
set_time_member (JsonObject *object,
                 const char *name,
                 gint64      usec)
{
  g_autofree char *text = ccal_time_format_rfc3339 (usec);

  json_object_set_string_member (object, name, text);
}

static void
set_optional_string (JsonObject *object,
                     const char *name,
                     const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, name, value);
}

/* ── GET /api/health ────────────────────────────────────────────────────────────────────────── */

static gpointer
parse_health (JsonObject *root,
              Call       *call,
              GError    **error)
{
  char *version = NULL;

  if (!read_string (root, "version", TRUE, &version, error))
    return NULL;
  return version;
}

void
ccal_api_client_get_health_async (CcalApiClient       *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));

  task = new_call_task (self, ccal_api_client_get_health_async, cancellable, callback, user_data);
  send_call (self, task, "GET", "/api/health", NULL, 0, NULL, parse_health, g_free);
}

char *
ccal_api_client_get_health_finish (CcalApiClient *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return finish_call (self, result, ccal_api_client_get_health_async, error);
}

/* ── GET /api/calendar/timezones ────────────────────────────────────────────────────────────── */

/* "+01:00" / "-05:30" → seconds */
static gboolean
parse_utc_offset (const char *text,
                  int        *out_seconds)
{
  int sign;

  if (text == NULL || strlen (text) != 6 || (text[0] != '+' && text[0] != '-') || text[3] != ':' ||
      !g_ascii_isdigit (text[1]) || !g_ascii_isdigit (text[2]) || !g_ascii_isdigit (text[4]) ||
      !g_ascii_isdigit (text[5]))
    return FALSE;

  sign = text[0] == '-' ? -1 : 1;
  *out_seconds = sign * (((text[1] - '0') * 10 + (text[2] - '0')) * 3600 +
                         ((text[4] - '0') * 10 + (text[5] - '0')) * 60);
  return TRUE;
}

static gpointer
parse_timezones (JsonObject *root,
                 Call       *call,
                 GError    **error)
{
  g_autoptr (GPtrArray) zones = NULL;
  JsonArray *array = require_array (root, "timezones", error);

  if (array == NULL)
    return NULL;

  zones = g_ptr_array_new_full (json_array_get_length (array), (GDestroyNotify) ccal_timezone_offset_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr (CcalTimezoneOffset) zone = g_new0 (CcalTimezoneOffset, 1);
      g_autofree char *offset = NULL;
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          missing_member (error, "timezones");
          return NULL;
        }
      object = json_node_get_object (node);
      if (!read_string (object, "id", TRUE, &zone->id, error) ||
          !read_string (object, "utc_offset", TRUE, &offset, error))
        return NULL;
      if (!parse_utc_offset (offset, &zone->utc_offset_seconds))
        {
          invalid_answer (error, "a time zone", "“utc_offset” is not like +01:00.");
          return NULL;
        }
      g_ptr_array_add (zones, g_steal_pointer (&zone));
    }

  return g_steal_pointer (&zones);
}

void
ccal_api_client_list_timezones_async (CcalApiClient       *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));

  task = new_call_task (self, ccal_api_client_list_timezones_async, cancellable, callback, user_data);
  send_call (self, task, "GET", "/api/calendar/timezones", NULL, 0, NULL, parse_timezones,
             (GDestroyNotify) g_ptr_array_unref);
}

GPtrArray *
ccal_api_client_list_timezones_finish (CcalApiClient *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_call (self, result, ccal_api_client_list_timezones_async, error);
}

/* ── GET /api/calendar/availability ─────────────────────────────────────────────────────────── */

typedef struct
{
  GArray *slots;
  int     slot_minutes;
  char   *timezone;
} AvailabilityResult;

static void
availability_result_free (gpointer data)
{
  AvailabilityResult *availability = data;

  g_clear_pointer (&availability->slots, g_array_unref);
  g_free (availability->timezone);
  g_free (availability);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (AvailabilityResult, availability_result_free)

static gpointer
parse_availability (JsonObject *root,
                    Call       *call,
                    GError    **error)
{
  g_autoptr (AvailabilityResult) availability = g_new0 (AvailabilityResult, 1);
  gint64 slot_minutes = 0;
  JsonArray *slots;

  if (!read_int (root, "slot_minutes", TRUE, &slot_minutes, error) ||
      !read_string (root, "timezone", FALSE, &availability->timezone, error) ||
      (slots = require_array (root, "slots", error)) == NULL)
    return NULL;

  availability->slot_minutes = (int) CLAMP (slot_minutes, 0, G_MAXINT);
  availability->slots = g_array_sized_new (FALSE, FALSE, sizeof (CcalInterval), json_array_get_length (slots));
  for (guint i = 0; i < json_array_get_length (slots); i++)
    {
      JsonNode *node = json_array_get_element (slots, i);
      CcalInterval slot;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          missing_member (error, "slots");
          return NULL;
        }
      if (!read_time (json_node_get_object (node), "start", TRUE, &slot.start, error) ||
          !read_time (json_node_get_object (node), "end", TRUE, &slot.end, error))
        return NULL;
      if (slot.end <= slot.start)
        {
          invalid_answer (error, "a slot", "it ends before it starts.");
          return NULL;
        }
      g_array_append_val (availability->slots, slot);
    }

  return g_steal_pointer (&availability);
}

void
ccal_api_client_get_availability_async (CcalApiClient       *self,
                                        const GDate         *date,
                                        const char          *admin_id,
                                        const char          *timezone,
                                        int                  duration_minutes,
                                        const char          *hold_id,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr (GString) path = g_string_new ("/api/calendar/availability");
  g_autofree char *date_text = NULL;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (date != NULL && g_date_valid (date));
  g_return_if_fail (admin_id != NULL);

  date_text = ccal_date_format (date);
  append_query (path, "date", date_text);
  append_query (path, "admin_id", admin_id);
  append_query (path, "timezone", timezone);
  append_query_uint (path, "duration", duration_minutes > 0 ? (guint) duration_minutes : 0);
  append_query (path, "hold_id", hold_id);

  task = new_call_task (self, ccal_api_client_get_availability_async, cancellable, callback, user_data);
  send_call (self, task, "GET", path->str, NULL, 0, NULL, parse_availability, availability_result_free);
}

GArray *
ccal_api_client_get_availability_finish (CcalApiClient *self,
                                         GAsyncResult  *result,
                                         int           *out_slot_minutes,
                                         char         **out_timezone,
                                         GError       **error)
{
  g_autoptr (AvailabilityResult) availability =
    finish_call (self, result, ccal_api_client_get_availability_async, error);

  if (availability == NULL)
    return NULL;
  if (out_slot_minutes != NULL)
    *out_slot_minutes = availability->slot_minutes;
  if (out_timezone != NULL)
    *out_timezone = g_steal_pointer (&availability->timezone);
  return g_steal_pointer (&availability->slots);
}

/* ── bookings ───────────────────────────────────────────────────────────────────────────────── */

static gpointer
parse_booking_object (JsonObject *object,
                      GError    **error)
{
  g_autoptr (GError) model_error = NULL;
  CcalBooking *booking = ccal_booking_new_from_json (object, &model_error);

  if (booking == NULL)
    invalid_model (error, "a booking", model_error);
  return booking;
}

static gpointer
parse_booking (JsonObject *root,
               Call       *call,
               GError    **error)
{
  JsonObject *object = require_object (root, "booking", error);

  return object != NULL ? parse_booking_object (object, error) : NULL;
}

void
ccal_api_client_book_async (CcalApiClient         *self,
                            const CcalBookRequest *request,
                            const char            *idempotency_key,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  g_autoptr (JsonObject) body = json_object_new ();
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (request != NULL);
  g_return_if_fail (request->admin_id != NULL && request->name != NULL && request->email != NULL);

  json_object_set_string_member (body, "admin_id", request->admin_id);
  set_time_member (body, "start_time", request->start_time);
  if (request->duration_minutes > 0)
    json_object_set_int_member (body, "duration_minutes", request->duration_minutes);
  json_object_set_string_member (body, "name", request->name);
  json_object_set_string_member (body, "email", request->email);
  set_optional_string (body, "phone", request->phone);
  set_optional_string (body, "product_interest", request->product_interest);
  set_optional_string (body, "notes", request->notes);
  set_optional_string (body, "timezone", request->timezone);
  set_optional_string (body, "hold_id", request->hold_id);

  task = new_call_task (self, ccal_api_client_book_async, cancellable, callback, user_data);
  send_call (self, task, "POST", "/api/calendar/book", body, 0, idempotency_key, parse_booking, g_object_unref);
}

CcalBooking *
ccal_api_client_book_finish (CcalApiClient *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return finish_call (self, result, ccal_api_client_book_async, error);
}

static gpointer
parse_booking_page (JsonObject *root,
                    Call       *call,
                    GError    **error)
{
  g_autoptr (CcalBookingPage) page = g_new0 (CcalBookingPage, 1);
  JsonArray *array = require_array (root, "bookings", error);

  if (array == NULL ||
      !read_string (root, "next_cursor", FALSE, &page->next_cursor, error) ||
      !read_string (root, "sync_token", FALSE, &page->sync_token, error))
    return NULL;

  page->bookings = g_ptr_array_new_full (json_array_get_length (array), g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      CcalBooking *booking;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          missing_member (error, "bookings");
          return NULL;
        }
      if ((booking = parse_booking_object (json_node_get_object (node), error)) == NULL)
        return NULL;
      g_ptr_array_add (page->bookings, booking);
    }

  return g_steal_pointer (&page);
}

void
ccal_api_client_list_bookings_async (CcalApiClient          *self,
                                     const CcalBookingQuery *query,
                                     GCancellable           *cancellable,
                                     GAsyncReadyCallback     callback,
                                     gpointer                user_data)
{
  g_autoptr (GString) path = g_string_new ("/api/calendar/bookings");
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));

  if (query != NULL)
    {
      append_query (path, "workspace_id", query->workspace_id);
      append_query (path, "admin_id", query->admin_id);
      append_query_time (path, "from", query->from);
      append_query_time (path, "to", query->to);
      if (query->by_status)
        append_query (path, "status", ccal_booking_status_to_string (query->status));
      append_query (path, "q", query->q);
      append_query_uint (path, "limit", query->limit);
      append_query (path, "cursor", query->cursor);
      append_query (path, "sync_token", query->sync_token);
    }

  task = new_call_task (self, ccal_api_client_list_bookings_async, cancellable, callback, user_data);
  send_call (self, task, "GET", path->str, NULL, 0, NULL, parse_booking_page,
             (GDestroyNotify) ccal_booking_page_free);
}

CcalBookingPage *
ccal_api_client_list_bookings_finish (CcalApiClient *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_call (self, result, ccal_api_client_list_bookings_async, error);
}

void
ccal_api_client_get_booking_async (CcalApiClient       *self,
                                   const char          *booking_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (booking_id != NULL);

  path = path_with_id ("/api/calendar/bookings/", booking_id, NULL);
  task = new_call_task (self, ccal_api_client_get_booking_async, cancellable, callback, user_data);
  send_call (self, task, "GET", path, NULL, 0, NULL, parse_booking, g_object_unref);
}

CcalBooking *
ccal_api_client_get_booking_finish (CcalApiClient *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_call (self, result, ccal_api_client_get_booking_async, error);
}

void
ccal_api_client_update_booking_async (CcalApiClient       *self,
                                      const char          *booking_id,
                                      JsonObject          *changes,
                                      gint64               if_match,
                                      const char          *idempotency_key,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (booking_id != NULL);
  g_return_if_fail (changes != NULL);

  path = path_with_id ("/api/calendar/bookings/", booking_id, NULL);
  task = new_call_task (self, ccal_api_client_update_booking_async, cancellable, callback, user_data);
  send_call (self, task, "PATCH", path, changes, if_match, idempotency_key, parse_booking, g_object_unref);
}

CcalBooking *
ccal_api_client_update_booking_finish (CcalApiClient *self,
                                       GAsyncResult  *result,
                                       GError       **error)
{
  return finish_call (self, result, ccal_api_client_update_booking_async, error);
}

static gboolean
read_status (JsonObject        *object,
             const char        *name,
             gboolean          *out_present,
             CcalBookingStatus *out_status,
             GError           **error)
{
  g_autofree char *text = NULL;

  if (!read_string (object, name, out_present == NULL, &text, error))
    return FALSE;
  if (out_present != NULL)
    *out_present = text != NULL;
  if (text != NULL && !ccal_booking_status_from_string (text, out_status))
    return invalid_answer (error, "a booking status", "it is not one of the contract’s.");
  return TRUE;
}

static gpointer
parse_history (JsonObject *root,
               Call       *call,
               GError    **error)
{
  g_autoptr (GPtrArray) entries = NULL;
  JsonArray *array = require_array (root, "history", error);

  if (array == NULL)
    return NULL;

  entries = g_ptr_array_new_full (json_array_get_length (array), (GDestroyNotify) ccal_booking_history_entry_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr (CcalBookingHistoryEntry) entry = g_new0 (CcalBookingHistoryEntry, 1);
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          missing_member (error, "history");
          return NULL;
        }
      object = json_node_get_object (node);
      if (!read_status (object, "from", &entry->has_from, &entry->from, error) ||
          !read_status (object, "to", NULL, &entry->to, error) ||
          !read_string (object, "changed_by", FALSE, &entry->changed_by, error) ||
          !read_time (object, "changed_at", TRUE, &entry->changed_at, error) ||
          !read_string (object, "reason", FALSE, &entry->reason, error))
        return NULL;
      g_ptr_array_add (entries, g_steal_pointer (&entry));
    }

  return g_steal_pointer (&entries);
}

void
ccal_api_client_get_booking_history_async (CcalApiClient       *self,
                                           const char          *booking_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (booking_id != NULL);

  path = path_with_id ("/api/calendar/bookings/", booking_id, "/history");
  task = new_call_task (self, ccal_api_client_get_booking_history_async, cancellable, callback, user_data);
  send_call (self, task, "GET", path, NULL, 0, NULL, parse_history, (GDestroyNotify) g_ptr_array_unref);
}

GPtrArray *
ccal_api_client_get_booking_history_finish (CcalApiClient *self,
                                            GAsyncResult  *result,
                                            GError       **error)
{
  return finish_call (self, result, ccal_api_client_get_booking_history_async, error);
}

static gpointer
parse_result (JsonObject *root,
              Call       *call,
              GError    **error)
{
  g_autoptr (CcalBookingResult) booking_result = g_new0 (CcalBookingResult, 1);
  JsonObject *object = require_object (root, "result", error);

  if (object == NULL ||
      !read_string (object, "outcome", TRUE, &booking_result->outcome, error) ||
      !read_string (object, "notes", FALSE, &booking_result->notes, error))
    return NULL;
  return g_steal_pointer (&booking_result);
}

void
ccal_api_client_set_booking_result_async (CcalApiClient       *self,
                                          const char          *booking_id,
                                          const char          *outcome,
                                          const char          *notes,
                                          gint64               if_match,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr (JsonObject) body = json_object_new ();
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (booking_id != NULL);
  g_return_if_fail (outcome != NULL);

  json_object_set_string_member (body, "outcome", outcome);
  set_optional_string (body, "notes", notes);

  path = path_with_id ("/api/calendar/bookings/", booking_id, "/result");
  task = new_call_task (self, ccal_api_client_set_booking_result_async, cancellable, callback, user_data);
  send_call (self, task, "PUT", path, body, if_match, NULL, parse_result, (GDestroyNotify) ccal_booking_result_free);
}

CcalBookingResult *
ccal_api_client_set_booking_result_finish (CcalApiClient *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return finish_call (self, result, ccal_api_client_set_booking_result_async, error);
}

static CcalFollowUp *
parse_follow_up_object (JsonObject *object,
                        GError    **error)
{
  g_autoptr (CcalFollowUp) follow_up = g_new0 (CcalFollowUp, 1);

  if (!read_string (object, "id", TRUE, &follow_up->id, error) ||
      !read_string (object, "booking_id", FALSE, &follow_up->booking_id, error) ||
      !read_time (object, "due_at", TRUE, &follow_up->due_at, error) ||
      !read_string (object, "action", TRUE, &follow_up->action, error) ||
      !read_string (object, "notes", FALSE, &follow_up->notes, error) ||
      !read_boolean (object, "done", &follow_up->done, error) ||
      !read_string (object, "created_by", FALSE, &follow_up->created_by, error) ||
      !read_time (object, "created_at", FALSE, &follow_up->created_at, error))
    return NULL;
  return g_steal_pointer (&follow_up);
}

static gpointer
parse_follow_ups (JsonObject *root,
                  Call       *call,
                  GError    **error)
{
  g_autoptr (GPtrArray) follow_ups = NULL;
  JsonArray *array = require_array (root, "follow_ups", error);

  if (array == NULL)
    return NULL;

  follow_ups = g_ptr_array_new_full (json_array_get_length (array), (GDestroyNotify) ccal_follow_up_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      CcalFollowUp *follow_up;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          missing_member (error, "follow_ups");
          return NULL;
        }
      if ((follow_up = parse_follow_up_object (json_node_get_object (node), error)) == NULL)
        return NULL;
      g_ptr_array_add (follow_ups, follow_up);
    }

  return g_steal_pointer (&follow_ups);
}

static gpointer
parse_follow_up (JsonObject *root,
                 Call       *call,
                 GError    **error)
{
  JsonObject *object = require_object (root, "follow_up", error);

  return object != NULL ? parse_follow_up_object (object, error) : NULL;
}

void
ccal_api_client_list_follow_ups_async (CcalApiClient       *self,
                                       const char          *booking_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (booking_id != NULL);

  path = path_with_id ("/api/calendar/bookings/", booking_id, "/follow-ups");
  task = new_call_task (self, ccal_api_client_list_follow_ups_async, cancellable, callback, user_data);
  send_call (self, task, "GET", path, NULL, 0, NULL, parse_follow_ups, (GDestroyNotify) g_ptr_array_unref);
}

GPtrArray *
ccal_api_client_list_follow_ups_finish (CcalApiClient *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return finish_call (self, result, ccal_api_client_list_follow_ups_async, error);
}

void
ccal_api_client_create_follow_up_async (CcalApiClient       *self,
                                        const char          *booking_id,
                                        gint64               due_at,
                                        const char          *action,
                                        const char          *notes,
                                        const char          *idempotency_key,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr (JsonObject) body = json_object_new ();
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (booking_id != NULL);
  g_return_if_fail (action != NULL);

  set_time_member (body, "due_at", due_at);
  json_object_set_string_member (body, "action", action);
  set_optional_string (body, "notes", notes);

  path = path_with_id ("/api/calendar/bookings/", booking_id, "/follow-ups");
  task = new_call_task (self, ccal_api_client_create_follow_up_async, cancellable, callback, user_data);
  send_call (self, task, "POST", path, body, 0, idempotency_key, parse_follow_up,
             (GDestroyNotify) ccal_follow_up_free);
}

CcalFollowUp *
ccal_api_client_create_follow_up_finish (CcalApiClient *self,
                                         GAsyncResult  *result,
                                         GError       **error)
{
  return finish_call (self, result, ccal_api_client_create_follow_up_async, error);
}

void
ccal_api_client_set_follow_up_done_async (CcalApiClient       *self,
                                          const char          *booking_id,
                                          const char          *follow_up_id,
                                          gboolean             done,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr (JsonObject) body = json_object_new ();
  g_autofree char *escaped = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (booking_id != NULL);
  g_return_if_fail (follow_up_id != NULL);

  json_object_set_boolean_member (body, "done", done);

  escaped = g_uri_escape_string (follow_up_id, NULL, FALSE);
  prefix = path_with_id ("/api/calendar/bookings/", booking_id, "/follow-ups/");
  path = g_strconcat (prefix, escaped, NULL);
  task = new_call_task (self, ccal_api_client_set_follow_up_done_async, cancellable, callback, user_data);
  send_call (self, task, "PATCH", path, body, 0, NULL, parse_follow_up, (GDestroyNotify) ccal_follow_up_free);
}

CcalFollowUp *
ccal_api_client_set_follow_up_done_finish (CcalApiClient *self,
                                           GAsyncResult  *result,
                                           GError       **error)
{
  return finish_call (self, result, ccal_api_client_set_follow_up_done_async, error);
}

/* ── GET /api/calendar/me ───────────────────────────────────────────────────────────────────── */

static gpointer
parse_me (JsonObject *root,
          Call       *call,
          GError    **error)
{
  g_autoptr (CcalMe) me = g_new0 (CcalMe, 1);
  g_autofree char *role = NULL;

  if (!read_string (root, "user_id", TRUE, &me->user_id, error) ||
      !read_string (root, "name", FALSE, &me->name, error) ||
      !read_string (root, "email", FALSE, &me->email, error) ||
      !read_string (root, "role", TRUE, &role, error) ||
      !read_string (root, "workspace_id", TRUE, &me->workspace_id, error) ||
      !read_string (root, "admin_id", FALSE, &me->admin_id, error))
    return NULL;

  if (!ccal_role_from_string (role, &me->role))
    {
      invalid_answer (error, "a role", "it is neither “staff” nor “admin”.");
      return NULL;
    }
  return g_steal_pointer (&me);
}

void
ccal_api_client_get_me_async (CcalApiClient       *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));

  task = new_call_task (self, ccal_api_client_get_me_async, cancellable, callback, user_data);
  send_call (self, task, "GET", "/api/calendar/me", NULL, 0, NULL, parse_me, (GDestroyNotify) ccal_me_free);
}

CcalMe *
ccal_api_client_get_me_finish (CcalApiClient *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return finish_call (self, result, ccal_api_client_get_me_async, error);
}

/* ── holds ──────────────────────────────────────────────────────────────────────────────────── */

static gpointer
parse_hold (JsonObject *root,
            Call       *call,
            GError    **error)
{
  g_autoptr (CcalHold) hold = g_new0 (CcalHold, 1);
  JsonObject *object = require_object (root, "hold", error);

  if (object == NULL ||
      !read_string (object, "id", TRUE, &hold->id, error) ||
      !read_string (object, "admin_id", FALSE, &hold->admin_id, error) ||
      !read_time (object, "start_time", TRUE, &hold->start_time, error) ||
      !read_time (object, "end_time", TRUE, &hold->end_time, error) ||
      !read_time (object, "expires_at", TRUE, &hold->expires_at, error))
    return NULL;
  return g_steal_pointer (&hold);
}

void
ccal_api_client_create_hold_async (CcalApiClient       *self,
                                   const char          *admin_id,
                                   gint64               start_time,
                                   int                  duration_minutes,
                                   int                  hold_minutes,
                                   const char          *idempotency_key,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr (JsonObject) body = json_object_new ();
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (admin_id != NULL);

  json_object_set_string_member (body, "admin_id", admin_id);
  set_time_member (body, "start_time", start_time);
  if (duration_minutes > 0)
    json_object_set_int_member (body, "duration_minutes", duration_minutes);
  if (hold_minutes > 0)
    json_object_set_int_member (body, "minutes", hold_minutes);

  task = new_call_task (self, ccal_api_client_create_hold_async, cancellable, callback, user_data);
  send_call (self, task, "POST", "/api/calendar/holds", body, 0, idempotency_key, parse_hold,
             (GDestroyNotify) ccal_hold_free);
}

CcalHold *
ccal_api_client_create_hold_finish (CcalApiClient *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_call (self, result, ccal_api_client_create_hold_async, error);
}

void
ccal_api_client_delete_hold_async (CcalApiClient       *self,
                                   const char          *hold_id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (hold_id != NULL);

  path = path_with_id ("/api/calendar/holds/", hold_id, NULL);
  task = new_call_task (self, ccal_api_client_delete_hold_async, cancellable, callback, user_data);
  send_call (self, task, "DELETE", path, NULL, 0, NULL, NULL, NULL);
}

gboolean
ccal_api_client_delete_hold_finish (CcalApiClient *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_call (self, result, ccal_api_client_delete_hold_async, error) != NULL;
}

/* ── events ─────────────────────────────────────────────────────────────────────────────────── */

static gpointer
parse_event_object (JsonObject *object,
                    GError    **error)
{
  g_autoptr (GError) model_error = NULL;
  CcalEvent *event = ccal_event_new_from_json (object, &model_error);

  if (event == NULL)
    invalid_model (error, "an event", model_error);
  return event;
}

static gpointer
parse_event (JsonObject *root,
             Call       *call,
             GError    **error)
{
  JsonObject *object = require_object (root, "event", error);

  return object != NULL ? parse_event_object (object, error) : NULL;
}

static gpointer
parse_event_page (JsonObject *root,
                  Call       *call,
                  GError    **error)
{
  g_autoptr (CcalEventPage) page = g_new0 (CcalEventPage, 1);
  JsonArray *array = require_array (root, "events", error);

  if (array == NULL ||
      !read_string (root, "next_cursor", FALSE, &page->next_cursor, error) ||
      !read_string (root, "sync_token", FALSE, &page->sync_token, error))
    return NULL;

  page->events = g_ptr_array_new_full (json_array_get_length (array), g_object_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      CcalEvent *event;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          missing_member (error, "events");
          return NULL;
        }
      if ((event = parse_event_object (json_node_get_object (node), error)) == NULL)
        return NULL;
      g_ptr_array_add (page->events, event);
    }

  return g_steal_pointer (&page);
}

/* The event's JSON without what the server owns (it ignores those anyway). */
static JsonObject *
event_body (CcalEvent *event)
{
  static const char *const server_owned[] = {
    "id", "workspace_id", "created_by", "created_at", "updated_at", "version", "deleted",
  };
  JsonObject *body = ccal_event_to_json (event);

  for (gsize i = 0; i < G_N_ELEMENTS (server_owned); i++)
    json_object_remove_member (body, server_owned[i]);
  return body;
}

void
ccal_api_client_list_events_async (CcalApiClient        *self,
                                   const CcalEventQuery *query,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr (GString) path = g_string_new ("/api/calendar/events");
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));

  if (query != NULL)
    {
      append_query (path, "admin_id", query->admin_id);
      append_query (path, "workspace_id", query->workspace_id);
      append_query_time (path, "from", query->from);
      append_query_time (path, "to", query->to);
      if (query->by_type)
        append_query (path, "type", ccal_event_type_to_string (query->type));
      append_query_uint (path, "limit", query->limit);
      append_query (path, "cursor", query->cursor);
      append_query (path, "sync_token", query->sync_token);
    }

  task = new_call_task (self, ccal_api_client_list_events_async, cancellable, callback, user_data);
  send_call (self, task, "GET", path->str, NULL, 0, NULL, parse_event_page, (GDestroyNotify) ccal_event_page_free);
}

CcalEventPage *
ccal_api_client_list_events_finish (CcalApiClient *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_call (self, result, ccal_api_client_list_events_async, error);
}

void
ccal_api_client_get_event_async (CcalApiClient       *self,
                                 const char          *event_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (event_id != NULL);

  path = path_with_id ("/api/calendar/events/", event_id, NULL);
  task = new_call_task (self, ccal_api_client_get_event_async, cancellable, callback, user_data);
  send_call (self, task, "GET", path, NULL, 0, NULL, parse_event, g_object_unref);
}

CcalEvent *
ccal_api_client_get_event_finish (CcalApiClient *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return finish_call (self, result, ccal_api_client_get_event_async, error);
}

void
ccal_api_client_create_event_async (CcalApiClient       *self,
                                    CcalEvent           *event,
                                    const char          *idempotency_key,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr (JsonObject) body = NULL;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (CCAL_IS_EVENT (event));

  body = event_body (event);
  task = new_call_task (self, ccal_api_client_create_event_async, cancellable, callback, user_data);
  send_call (self, task, "POST", "/api/calendar/events", body, 0, idempotency_key, parse_event, g_object_unref);
}

CcalEvent *
ccal_api_client_create_event_finish (CcalApiClient *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_call (self, result, ccal_api_client_create_event_async, error);
}

void
ccal_api_client_update_event_async (CcalApiClient       *self,
                                    CcalEvent           *event,
                                    gint64               if_match,
                                    const char          *idempotency_key,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr (JsonObject) body = NULL;
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (CCAL_IS_EVENT (event));
  g_return_if_fail (event->id != NULL);

  body = event_body (event);
  path = path_with_id ("/api/calendar/events/", event->id, NULL);
  task = new_call_task (self, ccal_api_client_update_event_async, cancellable, callback, user_data);
  send_call (self, task, "PUT", path, body, if_match, idempotency_key, parse_event, g_object_unref);
}

CcalEvent *
ccal_api_client_update_event_finish (CcalApiClient *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_call (self, result, ccal_api_client_update_event_async, error);
}

void
ccal_api_client_delete_event_async (CcalApiClient       *self,
                                    const char          *event_id,
                                    gint64               if_match,
                                    const char          *idempotency_key,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autofree char *path = NULL;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (event_id != NULL);

  path = path_with_id ("/api/calendar/events/", event_id, NULL);
  task = new_call_task (self, ccal_api_client_delete_event_async, cancellable, callback, user_data);
  send_call (self, task, "DELETE", path, NULL, if_match, idempotency_key, NULL, NULL);
}

gboolean
ccal_api_client_delete_event_finish (CcalApiClient *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_call (self, result, ccal_api_client_delete_event_async, error) != NULL;
}

/* ── settings ───────────────────────────────────────────────────────────────────────────────── */

static gpointer
parse_settings (JsonObject *root,
                Call       *call,
                GError    **error)
{
  g_autoptr (GError) model_error = NULL;
  JsonObject *object = require_object (root, "settings", error);
  CcalSettings *settings;

  if (object == NULL)
    return NULL;
  settings = ccal_settings_new_from_json (object, &model_error);
  if (settings == NULL)
    invalid_model (error, "settings", model_error);
  return settings;
}

void
ccal_api_client_get_settings_async (CcalApiClient       *self,
                                    const char          *admin_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr (GString) path = g_string_new ("/api/calendar/settings");
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));

  append_query (path, "admin_id", admin_id);
  task = new_call_task (self, ccal_api_client_get_settings_async, cancellable, callback, user_data);
  send_call (self, task, "GET", path->str, NULL, 0, NULL, parse_settings, g_object_unref);
}

CcalSettings *
ccal_api_client_get_settings_finish (CcalApiClient *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  return finish_call (self, result, ccal_api_client_get_settings_async, error);
}

void
ccal_api_client_update_settings_async (CcalApiClient       *self,
                                       CcalSettings        *settings,
                                       gint64               if_match,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr (JsonObject) body = NULL;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));
  g_return_if_fail (CCAL_IS_SETTINGS (settings));

  /* The version travels as If-Match, not in the body. */
  body = ccal_settings_to_json (settings);
  json_object_remove_member (body, "version");

  task = new_call_task (self, ccal_api_client_update_settings_async, cancellable, callback, user_data);
  send_call (self, task, "PUT", "/api/calendar/settings", body, if_match, NULL, parse_settings, g_object_unref);
}

CcalSettings *
ccal_api_client_update_settings_finish (CcalApiClient *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return finish_call (self, result, ccal_api_client_update_settings_async, error);
}

/* ── GET /api/calendar/analytics/bookings ───────────────────────────────────────────────────── */

typedef struct
{
  CcalBucket  bucket;
  char       *timezone;   /* as asked; NULL: the server's choice */
} AnalyticsRequest;

static void
analytics_request_free (gpointer data)
{
  AnalyticsRequest *request = data;

  g_free (request->timezone);
  g_free (request);
}

static gpointer
parse_analytics (JsonObject *root,
                 Call       *call,
                 GError    **error)
{
  AnalyticsRequest *request = call->parse_data;
  g_autoptr (GError) model_error = NULL;
  g_autoptr (JsonObject) copy = NULL;
  CcalAnalytics *analytics;

  /* The contract's answer does not repeat the bucket and zone it was asked for; the model wants them. */
  if (!json_object_has_member (root, "bucket") || !json_object_has_member (root, "timezone"))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      copy = json_object_new ();
      json_object_iter_init (&iter, root);
      while (json_object_iter_next (&iter, &name, &member))
        json_object_set_member (copy, name, json_node_copy (member));
      if (!json_object_has_member (copy, "bucket"))
        json_object_set_string_member (copy, "bucket", ccal_bucket_to_string (request->bucket));
      if (!json_object_has_member (copy, "timezone"))
        json_object_set_string_member (copy, "timezone", request->timezone != NULL ? request->timezone : "UTC");
      root = copy;
    }

  analytics = ccal_analytics_new_from_json (root, &model_error);
  if (analytics == NULL)
    invalid_model (error, "booking figures", model_error);
  return analytics;
}

void
ccal_api_client_get_analytics_async (CcalApiClient       *self,
                                     const char          *workspace_id,
                                     gint64               from,
                                     gint64               to,
                                     CcalBucket           bucket,
                                     const char          *timezone,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr (GString) path = g_string_new ("/api/calendar/analytics/bookings");
  AnalyticsRequest *request;
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));

  append_query (path, "workspace_id", workspace_id);
  append_query_time (path, "from", from);
  append_query_time (path, "to", to);
  append_query (path, "bucket", ccal_bucket_to_string (bucket));
  append_query (path, "timezone", timezone);

  request = g_new0 (AnalyticsRequest, 1);
  request->bucket = bucket;
  request->timezone = g_strdup (timezone);

  task = new_call_task (self, ccal_api_client_get_analytics_async, cancellable, callback, user_data);
  set_parse_data (task, request, analytics_request_free);
  send_call (self, task, "GET", path->str, NULL, 0, NULL, parse_analytics, (GDestroyNotify) ccal_analytics_free);
}

CcalAnalytics *
ccal_api_client_get_analytics_finish (CcalApiClient *self,
                                      GAsyncResult  *result,
                                      GError       **error)
{
  return finish_call (self, result, ccal_api_client_get_analytics_async, error);
}

/* ── admins and the calendar feed ───────────────────────────────────────────────────────────── */

static gpointer
parse_admins (JsonObject *root,
              Call       *call,
              GError    **error)
{
  g_autoptr (GPtrArray) admins = NULL;
  JsonArray *array = require_array (root, "admins", error);

  if (array == NULL)
    return NULL;

  admins = g_ptr_array_new_full (json_array_get_length (array), (GDestroyNotify) ccal_admin_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr (CcalAdmin) admin = g_new0 (CcalAdmin, 1);
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          missing_member (error, "admins");
          return NULL;
        }
      object = json_node_get_object (node);
      if (!read_string (object, "admin_id", TRUE, &admin->admin_id, error) ||
          !read_string (object, "name", TRUE, &admin->name, error) ||
          !read_string (object, "email", FALSE, &admin->email, error) ||
          !read_string (object, "timezone", FALSE, &admin->timezone, error))
        return NULL;
      g_ptr_array_add (admins, g_steal_pointer (&admin));
    }

  return g_steal_pointer (&admins);
}

void
ccal_api_client_list_admins_async (CcalApiClient       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));

  task = new_call_task (self, ccal_api_client_list_admins_async, cancellable, callback, user_data);
  send_call (self, task, "GET", "/api/calendar/admins", NULL, 0, NULL, parse_admins,
             (GDestroyNotify) g_ptr_array_unref);
}

GPtrArray *
ccal_api_client_list_admins_finish (CcalApiClient *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_call (self, result, ccal_api_client_list_admins_async, error);
}

/* {"feed":{"url"?,"token"?,"created_at"}}: url and token only in the answer that made them. */
static gpointer
parse_feed (JsonObject *root,
            Call       *call,
            GError    **error)
{
  JsonObject *object = require_object (root, "feed", error);
  g_autoptr (CcalFeed) feed = NULL;

  if (object == NULL)
    return NULL;
  feed = g_new0 (CcalFeed, 1);
  if (!read_string (object, "url", FALSE, &feed->url, error) ||
      !read_string (object, "token", FALSE, &feed->token, error) ||
      !read_time (object, "created_at", TRUE, &feed->created_at, error))
    return NULL;
  return g_steal_pointer (&feed);
}

void
ccal_api_client_create_feed_async (CcalApiClient       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));

  /* No Idempotency-Key: the server does not replay this answer (it would have to keep the secret). */
  task = new_call_task (self, ccal_api_client_create_feed_async, cancellable, callback, user_data);
  send_call (self, task, "POST", "/api/calendar/feed", NULL, 0, NULL, parse_feed, (GDestroyNotify) ccal_feed_free);
}

CcalFeed *
ccal_api_client_create_feed_finish (CcalApiClient *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_call (self, result, ccal_api_client_create_feed_async, error);
}

void
ccal_api_client_get_feed_async (CcalApiClient       *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));

  task = new_call_task (self, ccal_api_client_get_feed_async, cancellable, callback, user_data);
  send_call (self, task, "GET", "/api/calendar/feed", NULL, 0, NULL, parse_feed, (GDestroyNotify) ccal_feed_free);
}

CcalFeed *
ccal_api_client_get_feed_finish (CcalApiClient *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return finish_call (self, result, ccal_api_client_get_feed_async, error);
}

void
ccal_api_client_revoke_feed_async (CcalApiClient       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CCAL_IS_API_CLIENT (self));

  task = new_call_task (self, ccal_api_client_revoke_feed_async, cancellable, callback, user_data);
  send_call (self, task, "DELETE", "/api/calendar/feed", NULL, 0, NULL, NULL, NULL);
}

gboolean
ccal_api_client_revoke_feed_finish (CcalApiClient *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return finish_call (self, result, ccal_api_client_revoke_feed_async, error) != NULL;
}
