/* ccal-handlers-feed.c — an admin's secret iCalendar feed (/api/calendar/feed…) and the list of admins
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The feed is what Google Calendar, Outlook or Thunderbird subscribe to: a URL whose only credential
 * is the token in its query (those apps cannot send an Authorization header). Each admin has at most
 * one; making a new one revokes the old. Like API keys, only the token's SHA-256 is stored, so the
 * URL is shown once, in the answer that made it.
 *
 * What the feed holds: the admin's events and blocked times and their non-cancelled bookings from
 * FEED_DAYS_BACK days ago to FEED_DAYS_AHEAD (or max_advance_days, when longer) days ahead — the busy
 * time a person wants beside their other calendars. Availability windows are left out: they are
 * when one *could* be booked, not busy time, and would cover the week in blocks.
 */
#define G_LOG_DOMAIN "ccal-server"

#include "config.h"

#include <string.h>

#include "ccal-server-private.h"

#define FEED_DAYS_BACK     30
#define FEED_DAYS_AHEAD    180
#define FEED_TOKEN_LENGTH  64       /* lower-case hex of 32 random bytes */
#define FEED_PATH          "/api/calendar/feed.ics"
#define FEED_CONTENT_TYPE  "text/calendar; charset=utf-8"
/* Calendar apps poll on their own schedule; an intermediary must not keep a copy of a secret URL's
 * answer for others, and must ask again (with If-None-Match) before reusing its own. */
#define FEED_CACHE_CONTROL "private, no-cache"

/* ── helpers ────────────────────────────────────────────────────────────────────────────────── */

static void
json_set_time (JsonObject *object,
               const char *member,
               gint64      usec)
{
  g_autofree char *text = ccal_time_format_rfc3339 (usec);

  json_object_set_string_member (object, member, text);
}

/* A new feed token: the 32 CSPRNG bytes of a fresh API key, without its "fc_live_" marker, so that a
 * feed token is never mistaken for (or accepted as) an API key. */
static char *
generate_feed_token (GError **error)
{
  g_autofree char *key = ccal_auth_generate_api_key (FALSE, error);
  const char *random_part;

  if (key == NULL)
    return NULL;
  random_part = key + strlen ("fc_live_");
  g_assert (strlen (random_part) == FEED_TOKEN_LENGTH);
  return g_strdup (random_part);
}

static gboolean
is_feed_token (const char *text)
{
  if (text == NULL || strlen (text) != FEED_TOKEN_LENGTH)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
        return FALSE;
    }
  return TRUE;
}

/* A host[:port] as it may stand in a URL: a DNS name or IPv4 address, or an IPv6 one in brackets. */
static gboolean
is_url_host (const char *host)
{
  const char *p = host;

  if (host == NULL || host[0] == '\0' || strlen (host) > 255)
    return FALSE;

  if (*p == '[')
    {
      for (p++; *p != ']'; p++)
        {
          if (*p == '\0' || !(g_ascii_isxdigit (*p) || *p == ':' || *p == '.'))
            return FALSE;
        }
      p++;
    }
  else
    {
      for (; *p != '\0' && *p != ':'; p++)
        {
          if (!(g_ascii_isalnum (*p) || *p == '.' || *p == '-'))
            return FALSE;
        }
      if (p == host)
        return FALSE;
    }

  if (*p == ':')
    {
      if (p[1] == '\0')
        return FALSE;
      for (p++; *p != '\0'; p++)
        {
          if (!g_ascii_isdigit (*p))
            return FALSE;
        }
    }
  return *p == '\0';
}

/* A path prefix such as "/calendar" (no trailing slash, nothing that needs escaping). */
static gboolean
is_url_prefix (const char *prefix)
{
  if (prefix == NULL || prefix[0] != '/' || strlen (prefix) > 200 || strstr (prefix, "//") != NULL)
    return FALSE;
  for (const char *p = prefix; *p != '\0'; p++)
    {
      if (!(g_ascii_isalnum (*p) || strchr ("/-._~", *p) != NULL))
        return FALSE;
    }
  return TRUE;
}

/* The first element of a comma-separated header value, trimmed; NULL when empty. */
static char *
first_list_element (const char *value)
{
  g_autofree char *first = NULL;
  const char *comma;

  if (value == NULL)
    return NULL;
  comma = strchr (value, ',');
  first = comma != NULL ? g_strndup (value, comma - value) : g_strdup (value);
  g_strstrip (first);
  return first[0] != '\0' ? g_steal_pointer (&first) : NULL;
}

/* Reads proto= and host= of the first element of an RFC 7239 Forwarded header. */
static void
parse_forwarded (const char  *value,
                 char       **out_proto,
                 char       **out_host)
{
  g_autofree char *first = first_list_element (value);
  g_auto (GStrv) pairs = NULL;

  if (first == NULL)
    return;
  pairs = g_strsplit (first, ";", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *pair = g_strstrip (pairs[i]);
      char *equals = strchr (pair, '=');
      char *pair_value;
      gsize length;

      if (equals == NULL)
        continue;
      *equals = '\0';
      pair_value = equals + 1;
      length = strlen (pair_value);
      if (length >= 2 && pair_value[0] == '"' && pair_value[length - 1] == '"')
        {
          pair_value[length - 1] = '\0';
          pair_value++;
        }
      if (g_ascii_strcasecmp (g_strstrip (pair), "proto") == 0 && *out_proto == NULL)
        *out_proto = g_strdup (pair_value);
      else if (g_ascii_strcasecmp (pair, "host") == 0 && *out_host == NULL)
        *out_host = g_strdup (pair_value);
    }
}

/* Where the caller reached this server, for the feed URL it is shown. Behind a reverse proxy
 * (which terminates TLS) the address the caller used is in Forwarded (RFC 7239) or
 * X-Forwarded-Proto/-Host/-Prefix; else it is Host over plain http (this server speaks no TLS).
 * Trusting those headers is safe here: the URL only goes back to the admin whose request carried
 * them, and nothing is stored. Values that would not make a clean URL are ignored. Without any host
 * it is a 400 naming "Host". */
static char *
request_base_url (CcalRequest  *request,
                  GError      **error)
{
  g_autofree char *proto = NULL;
  g_autofree char *host = NULL;
  g_autofree char *prefix = NULL;
  const char *scheme = "http";

  parse_forwarded (ccal_request_get_header (request, "Forwarded"), &proto, &host);
  if (proto == NULL)
    proto = first_list_element (ccal_request_get_header (request, "X-Forwarded-Proto"));
  if (host == NULL)
    host = first_list_element (ccal_request_get_header (request, "X-Forwarded-Host"));
  prefix = first_list_element (ccal_request_get_header (request, "X-Forwarded-Prefix"));

  if (proto != NULL && (g_ascii_strcasecmp (proto, "https") == 0 || g_ascii_strcasecmp (proto, "http") == 0))
    scheme = g_ascii_strcasecmp (proto, "https") == 0 ? "https" : "http";
  if (!is_url_host (host))
    {
      g_free (host);
      host = g_strdup (ccal_request_get_header (request, "Host"));
    }
  if (prefix != NULL)
    {
      gsize length = strlen (prefix);

      if (length > 1 && prefix[length - 1] == '/')
        prefix[length - 1] = '\0';
      if (!is_url_prefix (prefix) || g_str_equal (prefix, "/"))
        g_clear_pointer (&prefix, g_free);
    }

  /* HTTP/1.0 without Host: there is no address to give (the listening one may be a private one). */
  if (!is_url_host (host))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, "Host",
                           "The request has no usable Host header to build the feed address from.");
      return NULL;
    }

  return g_strconcat (scheme, "://", host, prefix, NULL);
}

/* 404 for every token that does not open a feed: no token, a malformed one, an unknown or revoked
 * one. The answer is the same in each case, so it tells nothing about which admins exist. */
static void
respond_no_feed (CcalResponse *response)
{
  ccal_response_error (response, SOUP_STATUS_NOT_FOUND, "not_found", NULL,
                       "There is no calendar feed at this address.");
}

/* ── iCalendar text ─────────────────────────────────────────────────────────────────────────── */

/* Appends "NAME:value" as RFC 5545 TEXT (escaped), folded at 75 octets without splitting a UTF-8
 * sequence, with CRLF. */
static void
append_text_property (GString    *out,
                      const char *name,
                      const char *value)
{
  g_autoptr (GString) line = g_string_new (name);
  gsize line_start = out->len;

  g_string_append_c (line, ':');
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\': g_string_append (line, "\\\\"); break;
        case ';':  g_string_append (line, "\\;"); break;
        case ',':  g_string_append (line, "\\,"); break;
        case '\n': g_string_append (line, "\\n"); break;
        case '\r': break;
        default:   g_string_append_c (line, *p); break;
        }
    }

  for (const char *p = line->str; *p != '\0';)
    {
      const char *next = g_utf8_next_char (p);
      gsize written = out->len - line_start;

      if (written + (gsize) (next - p) > 75)
        {
          g_string_append (out, "\r\n ");
          line_start = out->len - 1;
        }
      g_string_append_len (out, p, next - p);
      p = next;
    }
  g_string_append (out, "\r\n");
}

/* ccal_ical_export () plus the names calendar apps show for a subscribed calendar. */
static char *
build_feed_text (CcalDbUser *admin,
                 const char *timezone,
                 GPtrArray  *events,
                 GPtrArray  *bookings)
{
  g_autofree char *exported = ccal_ical_export (events, bookings);
  const char *begin = "BEGIN:VCALENDAR\r\n";
  g_autoptr (GString) text = NULL;
  g_autofree char *name = NULL;

  if (!g_str_has_prefix (exported, begin))
    return g_steal_pointer (&exported);

  name = g_strdup_printf ("%s (CustomerConnects)", admin->name != NULL && admin->name[0] != '\0' ? admin->name
                                                                                                : admin->email);
  text = g_string_sized_new (strlen (exported) + 256);
  g_string_append (text, begin);
  append_text_property (text, "X-WR-CALNAME", name);
  if (timezone != NULL)
    append_text_property (text, "X-WR-TIMEZONE", timezone);
  g_string_append (text, exported + strlen (begin));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Does If-None-Match name @etag (or "*")? Weak and strong forms compare alike (RFC 9110 13.1.2). */
static gboolean
if_none_match_matches (const char *header,
                       const char *etag)
{
  g_auto (GStrv) tags = NULL;

  if (header == NULL)
    return FALSE;
  tags = g_strsplit (header, ",", -1);
  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);

      if (g_str_has_prefix (tag, "W/"))
        tag += 2;
      if (g_str_equal (tag, "*") || g_str_equal (tag, etag))
        return TRUE;
    }
  return FALSE;
}

/* Every page of a list; @list is ccal_db_list_events or ccal_db_list_bookings. */
typedef CcalDbPage *(*ListFunc) (CcalDb *db, const CcalDbListQuery *query, GError **error);

static GPtrArray *
list_all (CcalDb       *db,
          ListFunc      list,
          CcalDbUser   *admin,
          gint64        from,
          gint64        to,
          GError      **error)
{
  g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *cursor = NULL;

  do
    {
      g_autoptr (CcalDbPage) page = NULL;
      CcalDbListQuery query;

      ccal_db_list_query_init (&query, admin->workspace_id);
      query.admin_id = admin->user_id;
      query.from = from;
      query.to = to;
      query.limit = 1000;
      query.cursor = cursor;
      page = list (db, &query, error);
      if (page == NULL)
        return NULL;

      for (guint i = 0; i < page->items->len; i++)
        g_ptr_array_add (items, g_object_ref (g_ptr_array_index (page->items, i)));
      g_free (cursor);
      cursor = g_steal_pointer (&page->next_cursor);
    }
  while (cursor != NULL);

  return g_steal_pointer (&items);
}

/* ── handlers ───────────────────────────────────────────────────────────────────────────────── */

/* GET /api/calendar/feed.ics?token=… (the token is the credential) */
static void
handle_get_feed_ics (CcalRequest  *request,
                     CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalDbUser) admin = NULL;
  g_autoptr (CcalSettings) settings = NULL;
  g_autoptr (GPtrArray) events = NULL;
  g_autoptr (GPtrArray) bookings = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *text = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *etag = NULL;
  const char *token = ccal_request_get_query (request, "token");
  gint64 from, to;
  int days_ahead;

  if (!is_feed_token (token))
    return respond_no_feed (response);

  hash = ccal_auth_hash_api_key (token);
  admin = ccal_db_lookup_feed_token (request->db, hash, &error);
  if (admin == NULL)
    {
      if (g_error_matches (error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND))
        return respond_no_feed (response);
      return ccal_response_set_error (response, error);
    }

  settings = ccal_db_get_settings (request->db, admin->workspace_id, admin->user_id, &error);
  if (settings == NULL)
    return ccal_response_set_error (response, error);

  days_ahead = MAX (FEED_DAYS_AHEAD, settings->max_advance_days);
  from = request->now - FEED_DAYS_BACK * CCAL_USEC_PER_DAY;
  to = request->now + days_ahead * CCAL_USEC_PER_DAY;

  events = list_all (request->db, ccal_db_list_events, admin, from, to, &error);
  if (events == NULL)
    return ccal_response_set_error (response, error);
  bookings = list_all (request->db, ccal_db_list_bookings, admin, from, to, &error);
  if (bookings == NULL)
    return ccal_response_set_error (response, error);

  for (guint i = events->len; i > 0; i--)
    {
      CcalEvent *event = g_ptr_array_index (events, i - 1);

      if (event->type == CCAL_EVENT_TYPE_AVAILABILITY || event->status == CCAL_EVENT_STATUS_CANCELLED)
        g_ptr_array_remove_index (events, i - 1);
    }
  for (guint i = bookings->len; i > 0; i--)
    {
      CcalBooking *booking = g_ptr_array_index (bookings, i - 1);

      if (booking->status == CCAL_BOOKING_STATUS_CANCELLED)
        g_ptr_array_remove_index (bookings, i - 1);
    }

  text = build_feed_text (admin, settings->timezone, events, bookings);

  /* The body's own digest: the export is deterministic (DTSTAMP is each row's updated_at), so the tag
   * changes exactly when what a subscriber would see changes. */
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
  etag = g_strdup_printf ("\"%.32s\"", digest);
  ccal_response_set_header (response, "ETag", etag);
  ccal_response_set_header (response, "Cache-Control", FEED_CACHE_CONTROL);

  if (if_none_match_matches (ccal_request_get_header (request, "If-None-Match"), etag))
    {
      response->status = SOUP_STATUS_NOT_MODIFIED;
      return;
    }

  response->status = SOUP_STATUS_OK;
  response->content_type = FEED_CONTENT_TYPE;
  response->body_text = g_steal_pointer (&text);
}

/* POST /api/calendar/feed: a new feed URL for the signed-in admin; the previous one stops working. */
static void
handle_create_feed (CcalRequest  *request,
                    CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *url = NULL;
  JsonObject *feed, *object;

  /* Before anything is stored: a request that cannot be told its URL must not revoke the old one. */
  base_url = request_base_url (request, &error);
  if (base_url == NULL)
    return ccal_response_set_error (response, error);

  token = generate_feed_token (&error);
  if (token == NULL)
    return ccal_response_set_error (response, error);

  hash = ccal_auth_hash_api_key (token);
  if (!ccal_db_set_feed_token (request->db, request->user->workspace_id, request->user->user_id, hash, request->now,
                               &error))
    return ccal_response_set_error (response, error);

  url = g_strconcat (base_url, FEED_PATH "?token=", token, NULL);

  feed = json_object_new ();
  json_object_set_string_member (feed, "url", url);
  json_object_set_string_member (feed, "token", token);
  json_set_time (feed, "created_at", request->now);
  object = json_object_new ();
  json_object_set_object_member (object, "feed", feed);
  ccal_response_set_object (response, SOUP_STATUS_CREATED, object);
}

/* GET /api/calendar/feed: whether the admin has a feed, and since when (never its URL). */
static void
handle_get_feed (CcalRequest  *request,
                 CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  gint64 created_at = 0;
  JsonObject *feed, *object;

  if (!ccal_db_get_feed_token (request->db, request->user->workspace_id, request->user->user_id, &created_at, &error))
    return ccal_response_set_error (response, error);

  feed = json_object_new ();
  json_set_time (feed, "created_at", created_at);
  object = json_object_new ();
  json_object_set_object_member (object, "feed", feed);
  ccal_response_set_object (response, SOUP_STATUS_OK, object);
}

/* DELETE /api/calendar/feed: the feed URL stops working (also fine when there is none). */
static void
handle_delete_feed (CcalRequest  *request,
                    CcalResponse *response)
{
  g_autoptr (GError) error = NULL;

  if (!ccal_db_delete_feed_token (request->db, request->user->workspace_id, request->user->user_id, &error))
    return ccal_response_set_error (response, error);
  ccal_response_set_empty (response);
}

/* GET /api/calendar/admins: the calendars of the caller's workspace (the booking dialog's "for whom"). */
static void
handle_list_admins (CcalRequest  *request,
                    CcalResponse *response)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) admins = NULL;
  JsonArray *array;
  JsonObject *object;

  admins = ccal_db_list_admins (request->db, request->user->workspace_id, &error);
  if (admins == NULL)
    return ccal_response_set_error (response, error);

  array = json_array_sized_new (admins->len);
  for (guint i = 0; i < admins->len; i++)
    {
      CcalDbAdmin *admin = g_ptr_array_index (admins, i);
      JsonObject *item = json_object_new ();

      json_object_set_string_member (item, "admin_id", admin->admin_id);
      json_object_set_string_member (item, "name", admin->name);
      json_object_set_string_member (item, "email", admin->email);
      json_object_set_string_member (item, "timezone", admin->timezone);
      json_array_add_object_element (array, item);
    }
  object = json_object_new ();
  json_object_set_array_member (object, "admins", array);
  ccal_response_set_object (response, SOUP_STATUS_OK, object);
}

/* POST /feed answers with the secret itself: an Idempotency-Key replay would have to store it in
 * clear, so the route does not honour one (a repeat simply makes another feed). */
static const CcalRoute feed_routes[] = {
  { "GET", FEED_PATH, CCAL_ACCESS_PUBLIC, CCAL_ROUTE_FLAGS_NONE, handle_get_feed_ics },
  { "POST", "/api/calendar/feed", CCAL_ACCESS_ADMIN, CCAL_ROUTE_BODY_OPTIONAL | CCAL_ROUTE_NO_IDEMPOTENCY,
    handle_create_feed },
  { "GET", "/api/calendar/feed", CCAL_ACCESS_ADMIN, CCAL_ROUTE_FLAGS_NONE, handle_get_feed },
  { "DELETE", "/api/calendar/feed", CCAL_ACCESS_ADMIN, CCAL_ROUTE_FLAGS_NONE, handle_delete_feed },
  { "GET", "/api/calendar/admins", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, handle_list_admins },
};

const CcalRoute *
ccal_feed_routes (gsize *n_routes)
{
  *n_routes = G_N_ELEMENTS (feed_routes);
  return feed_routes;
}
