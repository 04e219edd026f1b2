/* ccal-auth.c — API keys, HS256 JWTs and the Bearer credential of a request
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-server"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ccal-auth.h"

G_DEFINE_QUARK (ccal-auth-error-quark, ccal_auth_error)

#define API_KEY_RANDOM_BYTES 32
#define JWT_MIN_SECRET_BYTES 32

static gboolean
fill_random (guint8  *buffer,
             gsize    length,
             GError **error)
{
  gsize done = 0;

  /* getrandom(2) blocks only until the pool is initialised at boot, then never. */
  while (done < length)
    {
      ssize_t n = getrandom (buffer + done, length - done, 0);

      if (n < 0)
        {
          int saved_errno = errno;

          if (saved_errno == EINTR)
            continue;
          g_set_error (error, CCAL_AUTH_ERROR, CCAL_AUTH_ERROR_RANDOM,
                       "Could not read random bytes from the kernel: %s", g_strerror (saved_errno));
          return FALSE;
        }
      done += (gsize) n;
    }
  return TRUE;
}

char *
ccal_auth_generate_api_key (gboolean test_key,
                            GError **error)
{
  guint8 bytes[API_KEY_RANDOM_BYTES];
  GString *key;

  if (!fill_random (bytes, sizeof bytes, error))
    return NULL;

  key = g_string_sized_new (CCAL_API_KEY_LENGTH + 1);
  g_string_append (key, test_key ? "fc_test_" : "fc_live_");
  for (gsize i = 0; i < sizeof bytes; i++)
    g_string_append_printf (key, "%02x", bytes[i]);
  memset (bytes, 0, sizeof bytes);

  return g_string_free (key, FALSE);
}

gboolean
ccal_auth_is_api_key (const char *text)
{
  if (text == NULL || strlen (text) != CCAL_API_KEY_LENGTH)
    return FALSE;
  if (!g_str_has_prefix (text, "fc_live_") && !g_str_has_prefix (text, "fc_test_"))
    return FALSE;

  for (const char *p = text + 8; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
        return FALSE;
    }
  return TRUE;
}

char *
ccal_auth_hash_api_key (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
}

char *
ccal_auth_api_key_prefix (const char *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return g_strndup (key, CCAL_API_KEY_PREFIX_LENGTH);
}

char *
ccal_auth_parse_bearer (const char *authorization)
{
  const char *token;

  if (authorization == NULL)
    return NULL;

  while (*authorization == ' ')
    authorization++;
  if (g_ascii_strncasecmp (authorization, "Bearer", 6) != 0 || authorization[6] != ' ')
    return NULL;

  token = authorization + 7;
  while (*token == ' ')
    token++;
  if (*token == '\0')
    return NULL;

  return g_strchomp (g_strdup (token));
}

void
ccal_jwt_claims_free (CcalJwtClaims *claims)
{
  if (claims == NULL)
    return;

  g_free (claims->sub);
  g_free (claims->workspace_id);
  g_free (claims);
}

/* base64url without padding (RFC 7515 §2). */
static char *
base64url_encode (const guint8 *data,
                  gsize         length)
{
  char *text = g_base64_encode (data, length);
  gsize end;

  for (char *p = text; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
    }
  end = strlen (text);
  while (end > 0 && text[end - 1] == '=')
    text[--end] = '\0';
  return text;
}

/* g_base64_decode() skips characters it does not know, so the alphabet is checked first. */
static GBytes *
base64url_decode (const char *text,
                  gsize       length)
{
  g_autoptr (GString) padded = NULL;
  guchar *data;
  gsize data_length;

  if (length % 4 == 1)
    return NULL;
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (!g_ascii_isalnum (c) && c != '-' && c != '_')
        return NULL;
    }

  padded = g_string_new_len (text, (gssize) length);
  for (char *p = padded->str; *p != '\0'; p++)
    {
      if (*p == '-')
        *p = '+';
      else if (*p == '_')
        *p = '/';
    }
  while (padded->len % 4 != 0)
    g_string_append_c (padded, '=');

  data = g_base64_decode (padded->str, &data_length);
  return g_bytes_new_take (data, data_length);
}

static char *
hs256_signature (GBytes     *secret,
                 const char *signing_input,
                 gsize       length)
{
  g_autoptr (GHmac) hmac = NULL;
  guint8 digest[32];
  gsize digest_length = sizeof digest;
  gsize secret_length;
  const guint8 *secret_data = g_bytes_get_data (secret, &secret_length);

  hmac = g_hmac_new (G_CHECKSUM_SHA256, secret_data, secret_length);
  g_hmac_update (hmac, (const guchar *) signing_input, (gssize) length);
  g_hmac_get_digest (hmac, digest, &digest_length);

  return base64url_encode (digest, digest_length);
}

/* Time taken depends only on the lengths, which are public (a SHA-256 MAC is always 43 chars). */
static gboolean
constant_time_equal (const char *a,
                     gsize       a_length,
                     const char *b,
                     gsize       b_length)
{
  guint8 diff = 0;

  if (a_length != b_length)
    return FALSE;
  for (gsize i = 0; i < a_length; i++)
    diff |= (guint8) (a[i] ^ b[i]);
  return diff == 0;
}

static JsonObject *
decode_json_segment (const char *text,
                     gsize       length)
{
  g_autoptr (GBytes) bytes = base64url_decode (text, length);
  g_autoptr (JsonParser) parser = NULL;
  JsonNode *root;
  gsize size;
  const char *data;

  if (bytes == NULL)
    return NULL;

  data = g_bytes_get_data (bytes, &size);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static gboolean
unauthorized (GError    **error,
              const char *message)
{
  g_set_error_literal (error, CCAL_AUTH_ERROR, CCAL_AUTH_ERROR_UNAUTHORIZED, message);
  return FALSE;
}

static const char *
claim_string (JsonObject *claims,
              const char *name)
{
  JsonNode *node = json_object_get_member (claims, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* NumericDate: seconds since the epoch, an integer or a number with a fraction. */
static gboolean
claim_time (JsonObject *claims,
            const char *name,
            gint64     *out_usec)
{
  JsonNode *node = json_object_get_member (claims, name);
  double seconds;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      seconds = (double) json_node_get_int (node);
      break;
    case G_TYPE_DOUBLE:
      seconds = json_node_get_double (node);
      break;
    default:
      return FALSE;
    }

  /* Beyond year 9999 is nonsense; also keeps the multiplication in range. */
  if (!(seconds >= 0 && seconds < 253402300800.0))
    return FALSE;
  *out_usec = (gint64) (seconds * G_USEC_PER_SEC);
  return TRUE;
}

CcalJwtClaims *
ccal_auth_verify_jwt (GBytes     *secret,
                      const char *token,
                      gint64      now,
                      GError    **error)
{
  g_autoptr (JsonObject) header = NULL;
  g_autoptr (JsonObject) payload = NULL;
  g_autoptr (CcalJwtClaims) claims = NULL;
  g_autofree char *expected = NULL;
  const char *first_dot, *second_dot, *signature;
  const char *alg, *sub, *workspace_id, *role;
  gint64 nbf;

  g_return_val_if_fail (secret != NULL, NULL);

  if (token == NULL ||
      (first_dot = strchr (token, '.')) == NULL ||
      (second_dot = strchr (first_dot + 1, '.')) == NULL ||
      strchr (second_dot + 1, '.') != NULL)
    {
      unauthorized (error, "The token is not a JWT.");
      return NULL;
    }

  header = decode_json_segment (token, (gsize) (first_dot - token));
  if (header == NULL)
    {
      unauthorized (error, "The token's header cannot be read.");
      return NULL;
    }

  /* Exactly HS256: "none", "hs256", RS256 (key confusion) and the rest are all refused. */
  alg = claim_string (header, "alg");
  if (g_strcmp0 (alg, "HS256") != 0)
    {
      unauthorized (error, "The token must be signed with HS256.");
      return NULL;
    }

  signature = second_dot + 1;
  expected = hs256_signature (secret, token, (gsize) (second_dot - token));
  if (!constant_time_equal (expected, strlen (expected), signature, strlen (signature)))
    {
      unauthorized (error, "The token's signature is not valid.");
      return NULL;
    }

  payload = decode_json_segment (first_dot + 1, (gsize) (second_dot - first_dot - 1));
  if (payload == NULL)
    {
      unauthorized (error, "The token's claims cannot be read.");
      return NULL;
    }

  claims = g_new0 (CcalJwtClaims, 1);
  if (!claim_time (payload, "exp", &claims->exp))
    {
      unauthorized (error, "The token has no valid “exp” claim.");
      return NULL;
    }
  if (claims->exp <= now)
    {
      unauthorized (error, "The token has expired.");
      return NULL;
    }
  if (json_object_has_member (payload, "nbf") && (!claim_time (payload, "nbf", &nbf) || nbf > now))
    {
      unauthorized (error, "The token is not valid yet.");
      return NULL;
    }

  sub = claim_string (payload, "sub");
  workspace_id = claim_string (payload, "workspace_id");
  role = claim_string (payload, "role");
  if (sub == NULL || workspace_id == NULL || role == NULL || !ccal_role_from_string (role, &claims->role))
    {
      unauthorized (error, "The token needs “sub”, “workspace_id” and “role” claims.");
      return NULL;
    }
  claims->sub = g_strdup (sub);
  claims->workspace_id = g_strdup (workspace_id);

  return g_steal_pointer (&claims);
}

char *
ccal_auth_sign_jwt_raw (GBytes     *secret,
                        const char *header_json,
                        const char *payload_json)
{
  g_autofree char *header = base64url_encode ((const guint8 *) header_json, strlen (header_json));
  g_autofree char *payload = base64url_encode ((const guint8 *) payload_json, strlen (payload_json));
  g_autofree char *signing_input = g_strconcat (header, ".", payload, NULL);
  g_autofree char *signature = hs256_signature (secret, signing_input, strlen (signing_input));

  return g_strconcat (signing_input, ".", signature, NULL);
}

char *
ccal_auth_sign_jwt (GBytes     *secret,
                    const char *user_id,
                    const char *workspace_id,
                    CcalRole    role,
                    gint64      exp)
{
  g_autoptr (JsonBuilder) builder = json_builder_new ();
  g_autoptr (JsonNode) root = NULL;
  g_autofree char *payload = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sub");
  json_builder_add_string_value (builder, user_id);
  json_builder_set_member_name (builder, "workspace_id");
  json_builder_add_string_value (builder, workspace_id);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, ccal_role_to_string (role));
  json_builder_set_member_name (builder, "exp");
  json_builder_add_int_value (builder, exp / G_USEC_PER_SEC);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  payload = json_to_string (root, FALSE);
  return ccal_auth_sign_jwt_raw (secret, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload);
}

GBytes *
ccal_auth_load_jwt_secret (const char *path,
                           GError    **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  /* Files written with echo end in a newline that is not part of the secret. */
  if (length > 0 && contents[length - 1] == '\n')
    length--;
  if (length > 0 && contents[length - 1] == '\r')
    length--;

  if (length < JWT_MIN_SECRET_BYTES)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "The JWT secret in %s is too short: HS256 needs at least %d bytes.", path,
                   JWT_MIN_SECRET_BYTES);
      return NULL;
    }

  return g_bytes_new (contents, length);
}

static CcalDbUser *
authenticate_api_key (CcalDb     *db,
                      const char *token,
                      GError    **error)
{
  g_autofree char *hash = ccal_auth_hash_api_key (token);
  g_autoptr (CcalDbUser) user = NULL;
  g_autoptr (GError) local_error = NULL;

  user = ccal_db_lookup_api_key (db, hash, &local_error);
  if (user == NULL)
    {
      if (g_error_matches (local_error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND) || local_error == NULL)
        unauthorized (error, "The API key is not valid.");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (user->revoked)
    {
      unauthorized (error, "The API key has been revoked.");
      return NULL;
    }
  return g_steal_pointer (&user);
}

static CcalDbUser *
authenticate_jwt (CcalDb     *db,
                  GBytes     *jwt_secret,
                  const char *token,
                  gint64      now,
                  GError    **error)
{
  g_autoptr (CcalJwtClaims) claims = NULL;
  g_autoptr (CcalDbUser) user = NULL;
  g_autoptr (GError) local_error = NULL;

  if (jwt_secret == NULL)
    {
      unauthorized (error, "The credential is not a valid API key, and this server accepts no JWTs.");
      return NULL;
    }

  claims = ccal_auth_verify_jwt (jwt_secret, token, now, error);
  if (claims == NULL)
    return NULL;

  /* A malformed workspace id cannot exist; saying so early keeps odd text away from the database. */
  if (!ccal_validate_workspace_id (claims->workspace_id, "workspace_id", NULL) ||
      !ccal_validate_uuid (claims->sub, "sub", NULL))
    {
      unauthorized (error, "The token's user does not exist.");
      return NULL;
    }

  user = ccal_db_get_user (db, claims->workspace_id, claims->sub, &local_error);
  if (user == NULL)
    {
      if (g_error_matches (local_error, CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND) || local_error == NULL)
        unauthorized (error, "The token's user does not exist.");
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* The token may narrow the user's rights, never widen them. */
  if (claims->role == CCAL_ROLE_STAFF)
    user->role = CCAL_ROLE_STAFF;
  user->revoked = FALSE;

  return g_steal_pointer (&user);
}

CcalDbUser *
ccal_auth_authenticate (CcalDb     *db,
                        GBytes     *jwt_secret,
                        const char *authorization,
                        gint64      now,
                        GError    **error)
{
  g_autofree char *token = NULL;

  g_return_val_if_fail (CCAL_IS_DB (db), NULL);

  if (authorization == NULL)
    {
      unauthorized (error, "This endpoint needs an “Authorization: Bearer …” credential.");
      return NULL;
    }

  token = ccal_auth_parse_bearer (authorization);
  if (token == NULL)
    {
      unauthorized (error, "The Authorization header must be “Bearer <API key or JWT>”.");
      return NULL;
    }

  if (g_str_has_prefix (token, "fc_live_") || g_str_has_prefix (token, "fc_test_"))
    {
      if (!ccal_auth_is_api_key (token))
        {
          unauthorized (error, "The API key is not valid.");
          return NULL;
        }
      return authenticate_api_key (db, token, error);
    }

  return authenticate_jwt (db, jwt_secret, token, now, error);
}
