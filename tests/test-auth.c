/* test-auth.c — API keys, JWT verification, Bearer parsing, the rate limiter and the router
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "ccal-auth.h"
#include "ccal-rate-limiter.h"
#include "ccal-router.h"
#include "ccal-server-private.h"

#define SECRET "0123456789abcdef0123456789abcdef-test-secret"
#define NOW    (G_GINT64_CONSTANT (1800000000) * G_USEC_PER_SEC)
#define USER   "6f1c1a52-8a2e-4d8e-9c43-0c8b8f6f2a10"

static GBytes *
secret_bytes (void)
{
  return g_bytes_new_static (SECRET, strlen (SECRET));
}

static void
test_key_format (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *key = ccal_auth_generate_api_key (FALSE, &error);
  g_autofree char *other = ccal_auth_generate_api_key (FALSE, &error);
  g_autofree char *test_key = ccal_auth_generate_api_key (TRUE, &error);
  g_autofree char *prefix = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (strlen (key), ==, CCAL_API_KEY_LENGTH);
  g_assert_true (g_str_has_prefix (key, "fc_live_"));
  g_assert_true (g_str_has_prefix (test_key, "fc_test_"));
  for (const char *p = key + 8; *p != '\0'; p++)
    g_assert_true (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));
  g_assert_true (ccal_auth_is_api_key (key));
  g_assert_true (ccal_auth_is_api_key (test_key));
  /* 256 random bits: two keys are never equal. */
  g_assert_cmpstr (key, !=, other);

  prefix = ccal_auth_api_key_prefix (key);
  g_assert_cmpuint (strlen (prefix), ==, 12);
  g_assert_true (g_str_has_prefix (key, prefix));
}

static void
test_key_shape_rejected (void)
{
  g_autofree char *upper = NULL;

  g_assert_false (ccal_auth_is_api_key (NULL));
  g_assert_false (ccal_auth_is_api_key (""));
  g_assert_false (ccal_auth_is_api_key ("fc_live_"));
  g_assert_false (ccal_auth_is_api_key ("fc_live_0123"));
  g_assert_false (ccal_auth_is_api_key ("xx_live_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
  g_assert_false (ccal_auth_is_api_key ("fc_live_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeg"));
  upper = g_ascii_strup ("fc_live_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", -1);
  g_assert_false (ccal_auth_is_api_key (upper));
  g_assert_true (ccal_auth_is_api_key ("fc_live_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"));
}

static void
test_key_hash (void)
{
  g_autofree char *hash = ccal_auth_hash_api_key ("fc_live_0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  g_autofree char *empty = ccal_auth_hash_api_key ("");

  /* SHA-256 of the empty string, a known value: the hash is plain SHA-256 hex. */
  g_assert_cmpstr (empty, ==, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpuint (strlen (hash), ==, 64);
  g_assert_null (strstr (hash, "0123456789abcdef0123"));
}

static void
test_bearer (void)
{
  g_autofree char *a = ccal_auth_parse_bearer ("Bearer abc.def");
  g_autofree char *b = ccal_auth_parse_bearer ("bearer   xyz  ");
  g_autofree char *c = ccal_auth_parse_bearer ("Basic dXNlcjpwYXNz");
  g_autofree char *d = ccal_auth_parse_bearer ("Bearer ");
  g_autofree char *e = ccal_auth_parse_bearer ("Bearerxyz");

  g_assert_cmpstr (a, ==, "abc.def");
  g_assert_cmpstr (b, ==, "xyz");
  g_assert_null (c);
  g_assert_null (d);
  g_assert_null (e);
  g_assert_null (ccal_auth_parse_bearer (NULL));
}

static char *
sign_payload (const char *payload)
{
  g_autoptr (GBytes) secret = secret_bytes ();

  return ccal_auth_sign_jwt_raw (secret, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", payload);
}

static void
test_jwt_good (void)
{
  g_autoptr (GBytes) secret = secret_bytes ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalJwtClaims) claims = NULL;
  g_autofree char *token = ccal_auth_sign_jwt (secret, USER, "acme", CCAL_ROLE_STAFF, NOW + CCAL_USEC_PER_HOUR);

  claims = ccal_auth_verify_jwt (secret, token, NOW, &error);
  g_assert_no_error (error);
  g_assert_nonnull (claims);
  g_assert_cmpstr (claims->sub, ==, USER);
  g_assert_cmpstr (claims->workspace_id, ==, "acme");
  g_assert_cmpint (claims->role, ==, CCAL_ROLE_STAFF);
  g_assert_cmpint (claims->exp, ==, NOW + CCAL_USEC_PER_HOUR);
}

static void
assert_rejected (const char *token,
                 gint64      now)
{
  g_autoptr (GBytes) secret = secret_bytes ();
  g_autoptr (GError) error = NULL;
  g_autoptr (CcalJwtClaims) claims = ccal_auth_verify_jwt (secret, token, now, &error);

  g_assert_null (claims);
  g_assert_error (error, CCAL_AUTH_ERROR, CCAL_AUTH_ERROR_UNAUTHORIZED);
}

static void
test_jwt_expired (void)
{
  g_autoptr (GBytes) secret = secret_bytes ();
  g_autofree char *token = ccal_auth_sign_jwt (secret, USER, "acme", CCAL_ROLE_ADMIN, NOW - G_USEC_PER_SEC);
  g_autofree char *exactly_now = ccal_auth_sign_jwt (secret, USER, "acme", CCAL_ROLE_ADMIN, NOW);
  g_autofree char *no_exp = sign_payload ("{\"sub\":\"" USER "\",\"workspace_id\":\"acme\",\"role\":\"admin\"}");
  g_autofree char *string_exp = sign_payload ("{\"sub\":\"" USER "\",\"workspace_id\":\"acme\",\"role\":\"admin\","
                                              "\"exp\":\"2100000000\"}");
  g_autofree char *future_nbf = sign_payload ("{\"sub\":\"" USER "\",\"workspace_id\":\"acme\",\"role\":\"admin\","
                                              "\"exp\":1900000000,\"nbf\":1850000000}");

  assert_rejected (token, NOW);
  assert_rejected (exactly_now, NOW);
  assert_rejected (no_exp, NOW);
  assert_rejected (string_exp, NOW);
  assert_rejected (future_nbf, NOW);
}

static void
test_jwt_alg_none (void)
{
  g_autoptr (GBytes) secret = secret_bytes ();
  const char *payload = "{\"sub\":\"" USER "\",\"workspace_id\":\"acme\",\"role\":\"admin\",\"exp\":1900000000}";
  g_autofree char *none_signed = ccal_auth_sign_jwt_raw (secret, "{\"alg\":\"none\"}", payload);
  g_autofree char *lower = ccal_auth_sign_jwt_raw (secret, "{\"alg\":\"hs256\"}", payload);
  g_autofree char *rs256 = ccal_auth_sign_jwt_raw (secret, "{\"alg\":\"RS256\"}", payload);
  g_autofree char *no_alg = ccal_auth_sign_jwt_raw (secret, "{\"typ\":\"JWT\"}", payload);
  g_autofree char *unsigned_token = NULL;
  char *dot;

  /* The classic: alg none and an empty signature. */
  unsigned_token = g_strdup (none_signed);
  dot = strrchr (unsigned_token, '.');
  dot[1] = '\0';

  assert_rejected (unsigned_token, NOW);
  assert_rejected (none_signed, NOW);
  assert_rejected (lower, NOW);
  assert_rejected (rs256, NOW);
  assert_rejected (no_alg, NOW);
}

static void
test_jwt_wrong_signature (void)
{
  g_autoptr (GBytes) secret = secret_bytes ();
  g_autoptr (GBytes) other_secret = g_bytes_new_static ("another-secret-of-enough-length-0123456789", 42);
  g_autofree char *token = ccal_auth_sign_jwt (other_secret, USER, "acme", CCAL_ROLE_ADMIN,
                                               NOW + CCAL_USEC_PER_HOUR);
  g_autofree char *good = ccal_auth_sign_jwt (secret, USER, "acme", CCAL_ROLE_STAFF, NOW + CCAL_USEC_PER_HOUR);
  g_autofree char *tampered = NULL;
  g_autofree char *escalated = NULL;
  g_auto (GStrv) parts = NULL;
  g_auto (GStrv) escalated_parts = NULL;

  assert_rejected (token, NOW);

  /* A payload changed after signing (staff → admin) keeps the old signature: refused. */
  escalated = ccal_auth_sign_jwt_raw (other_secret, "{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
                                      "{\"sub\":\"" USER "\",\"workspace_id\":\"acme\",\"role\":\"admin\","
                                      "\"exp\":1900000000}");
  parts = g_strsplit (good, ".", -1);
  escalated_parts = g_strsplit (escalated, ".", -1);
  tampered = g_strconcat (parts[0], ".", escalated_parts[1], ".", parts[2], NULL);
  assert_rejected (tampered, NOW);

  /* A flipped last signature character. */
  {
    g_autofree char *flipped = g_strdup (good);
    char *last = flipped + strlen (flipped) - 1;

    *last = *last == 'A' ? 'B' : 'A';
    assert_rejected (flipped, NOW);
  }
}

static void
test_jwt_malformed (void)
{
  g_autofree char *missing_claims = sign_payload ("{\"exp\":1900000000}");
  g_autofree char *bad_role = sign_payload ("{\"sub\":\"" USER "\",\"workspace_id\":\"acme\",\"role\":\"owner\","
                                            "\"exp\":1900000000}");
  g_autofree char *not_json = sign_payload ("not json");
  g_autofree char *array = sign_payload ("[1,2,3]");

  assert_rejected ("", NOW);
  assert_rejected ("abc", NOW);
  assert_rejected ("a.b", NOW);
  assert_rejected ("a.b.c.d", NOW);
  assert_rejected ("!!!.???.***", NOW);
  assert_rejected ("eyJhbGciOiJIUzI1NiJ9..", NOW);
  assert_rejected (missing_claims, NOW);
  assert_rejected (bad_role, NOW);
  assert_rejected (not_json, NOW);
  assert_rejected (array, NOW);
}

static void
test_jwt_secret_file (void)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ccal-test-auth-XXXXXX", &error);
  g_autofree char *good_path = g_build_filename (dir, "good", NULL);
  g_autofree char *short_path = g_build_filename (dir, "short", NULL);
  g_autoptr (GBytes) secret = NULL;

  g_assert_no_error (error);
  g_file_set_contents (good_path, SECRET "\n", -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (short_path, "too-short\n", -1, &error);
  g_assert_no_error (error);

  /* The trailing newline an editor adds is not part of the secret. */
  secret = ccal_auth_load_jwt_secret (good_path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (secret), ==, strlen (SECRET));

  g_assert_null (ccal_auth_load_jwt_secret (short_path, &error));
  g_assert_nonnull (error);

  g_unlink (good_path);
  g_unlink (short_path);
  g_rmdir (dir);
}

static void
test_rate_limiter (void)
{
  g_autoptr (CcalRateLimiter) limiter = ccal_rate_limiter_new (2.0, 3.0);
  gint64 t = 1000 * G_USEC_PER_SEC;
  guint retry_after = 0;

  /* A burst of 3, then empty. */
  g_assert_true (ccal_rate_limiter_take (limiter, "10.0.0.1", t, NULL));
  g_assert_true (ccal_rate_limiter_take (limiter, "10.0.0.1", t, NULL));
  g_assert_true (ccal_rate_limiter_take (limiter, "10.0.0.1", t, NULL));
  g_assert_false (ccal_rate_limiter_take (limiter, "10.0.0.1", t, &retry_after));
  g_assert_cmpuint (retry_after, ==, 1);

  /* Another client is not affected. */
  g_assert_true (ccal_rate_limiter_take (limiter, "10.0.0.2", t, NULL));

  /* Half a second at 2/s refills one token. */
  g_assert_true (ccal_rate_limiter_take (limiter, "10.0.0.1", t + G_USEC_PER_SEC / 2, NULL));
  g_assert_false (ccal_rate_limiter_take (limiter, "10.0.0.1", t + G_USEC_PER_SEC / 2, NULL));

  /* Off when the rate is 0. */
  {
    g_autoptr (CcalRateLimiter) off = ccal_rate_limiter_new (0, 1);

    for (int i = 0; i < 1000; i++)
      g_assert_true (ccal_rate_limiter_take (off, "x", t, NULL));
  }
}

static void
test_rate_limiter_slow_rate_retry_after (void)
{
  g_autoptr (CcalRateLimiter) limiter = ccal_rate_limiter_new (0.1, 1.0);
  guint retry_after = 0;

  g_assert_true (ccal_rate_limiter_take (limiter, "a", 0, NULL));
  g_assert_false (ccal_rate_limiter_take (limiter, "a", 0, &retry_after));
  /* One token per 10 s: come back in 10 s. */
  g_assert_cmpuint (retry_after, ==, 10);
}

static void
test_rate_limiter_prunes (void)
{
  g_autoptr (CcalRateLimiter) limiter = ccal_rate_limiter_new (10.0, 2.0);

  /* 4096 is where pruning starts. */
  for (int i = 0; i < 4096; i++)
    {
      g_autofree char *key = g_strdup_printf ("client-%d", i);

      g_assert_true (ccal_rate_limiter_take (limiter, key, 0, NULL));
    }
  g_assert_cmpuint (ccal_rate_limiter_get_n_clients (limiter), ==, 4096);

  /* Ten seconds later every bucket is full again, so a newcomer prunes them all. */
  g_assert_true (ccal_rate_limiter_take (limiter, "late", 10 * G_USEC_PER_SEC, NULL));
  g_assert_cmpuint (ccal_rate_limiter_get_n_clients (limiter), ==, 1);
}

static void
dummy_handler (CcalRequest  *request,
               CcalResponse *response)
{
}

static const CcalRoute test_routes[] = {
  { "GET", "/api/calendar/bookings", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, dummy_handler },
  { "GET", "/api/calendar/bookings/:id", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, dummy_handler },
  { "PATCH", "/api/calendar/bookings/:id", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, dummy_handler },
  { "GET", "/api/calendar/bookings/:id/history", CCAL_ACCESS_STAFF, CCAL_ROUTE_FLAGS_NONE, dummy_handler },
  { "GET", "/api/calendar/bookings/export", CCAL_ACCESS_ADMIN, CCAL_ROUTE_FLAGS_NONE, dummy_handler },
};

static void
test_router (void)
{
  g_autoptr (CcalRouter) router = ccal_router_new ();
  g_autoptr (GHashTable) params = NULL;
  g_autofree char *allow = NULL;
  const CcalRoute *route;

  ccal_router_add_routes (router, test_routes, G_N_ELEMENTS (test_routes));

  route = ccal_router_lookup (router, "GET", "/api/calendar/bookings/abc/history", &params, &allow);
  g_assert_true (route == &test_routes[3]);
  g_assert_cmpstr (g_hash_table_lookup (params, "id"), ==, "abc");
  g_clear_pointer (&params, g_hash_table_unref);

  /* A literal segment wins over a parameter. */
  route = ccal_router_lookup (router, "GET", "/api/calendar/bookings/export", &params, &allow);
  g_assert_true (route == &test_routes[4]);
  g_clear_pointer (&params, g_hash_table_unref);

  route = ccal_router_lookup (router, "HEAD", "/api/calendar/bookings", &params, &allow);
  g_assert_true (route == &test_routes[0]);
  g_clear_pointer (&params, g_hash_table_unref);

  /* Known path, other method: the methods it has. */
  route = ccal_router_lookup (router, "DELETE", "/api/calendar/bookings/abc", &params, &allow);
  g_assert_null (route);
  g_assert_null (params);
  g_assert_cmpstr (allow, ==, "GET, PATCH, HEAD, OPTIONS");
  g_clear_pointer (&allow, g_free);

  /* Unknown paths, including near misses. */
  for (guint i = 0; i < 4; i++)
    {
      const char *paths[] = { "/api/calendar/booking", "/api/calendar/bookings/", "/api/calendar/bookings/a/b",
                              "api/calendar/bookings" };

      route = ccal_router_lookup (router, "GET", paths[i], &params, &allow);
      g_assert_null (route);
      g_assert_null (allow);
      g_assert_null (params);
    }
}

static void
test_if_match_and_sync_token (void)
{
  CcalRequest request = { 0 };
  g_autoptr (GError) error = NULL;
  gint64 version = -1;
  gint64 seq = -1;
  g_autofree char *token = NULL;

  request.headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);

  g_assert_true (ccal_request_get_if_match (&request, &version, &error));
  g_assert_cmpint (version, ==, 0);

  soup_message_headers_replace (request.headers, "If-Match", "\"7\"");
  g_assert_true (ccal_request_get_if_match (&request, &version, &error));
  g_assert_cmpint (version, ==, 7);

  soup_message_headers_replace (request.headers, "If-Match", "W/\"8\"");
  g_assert_true (ccal_request_get_if_match (&request, &version, &error));
  g_assert_cmpint (version, ==, 8);

  soup_message_headers_replace (request.headers, "If-Match", "*");
  g_assert_true (ccal_request_get_if_match (&request, &version, &error));
  g_assert_cmpint (version, ==, 0);

  soup_message_headers_replace (request.headers, "If-Match", "\"seven\"");
  g_assert_false (ccal_request_get_if_match (&request, &version, &error));
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, "If-Match");
  g_clear_error (&error);
  soup_message_headers_unref (request.headers);

  token = ccal_sync_token_encode ("acme", 42);
  g_assert_true (ccal_sync_token_decode (token, "acme", &seq, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seq, ==, 42);

  /* Another workspace's token, a mangled one and nonsense are all "unknown": 410. */
  g_assert_false (ccal_sync_token_decode (token, "acme2", &seq, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SYNC_TOKEN_EXPIRED);
  g_clear_error (&error);
  g_assert_false (ccal_sync_token_decode ("st1.!!!", "acme", &seq, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SYNC_TOKEN_EXPIRED);
  g_clear_error (&error);
  g_assert_false (ccal_sync_token_decode ("garbage", "acme", &seq, &error));
  g_assert_error (error, CCAL_DB_ERROR, CCAL_DB_ERROR_SYNC_TOKEN_EXPIRED);
}

static void
test_error_mapping (void)
{
  struct
  {
    GQuark      domain;
    int         code;
    guint       status;
    const char *api_code;
  } cases[] = {
    { CCAL_DB_ERROR, CCAL_DB_ERROR_NOT_FOUND, 404, "not_found" },
    { CCAL_DB_ERROR, CCAL_DB_ERROR_VERSION_CONFLICT, 412, "version_conflict" },
    { CCAL_DB_ERROR, CCAL_DB_ERROR_SLOT_UNAVAILABLE, 409, "slot_unavailable" },
    { CCAL_DB_ERROR, CCAL_DB_ERROR_SYNC_TOKEN_EXPIRED, 410, "sync_token_expired" },
    { CCAL_DB_ERROR, CCAL_DB_ERROR_IDEMPOTENCY_REUSED, 422, "idempotency_key_reused" },
    { CCAL_DB_ERROR, CCAL_DB_ERROR_UNAVAILABLE, 503, "unavailable" },
    { CCAL_DB_ERROR, CCAL_DB_ERROR_FAILED, 500, "internal" },
    { CCAL_AUTH_ERROR, CCAL_AUTH_ERROR_UNAUTHORIZED, 401, "unauthorized" },
    { CCAL_AUTH_ERROR, CCAL_AUTH_ERROR_FORBIDDEN, 403, "forbidden" },
    { G_IO_ERROR, G_IO_ERROR_FAILED, 500, "internal" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GError) error = g_error_new (cases[i].domain, cases[i].code, "SELECT secret FROM t -- detail");
      CcalResponse response = { 0 };
      JsonObject *body;
      const char *message;

      response.headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
      if (cases[i].status == 500)
        g_test_expect_message ("ccal-server", G_LOG_LEVEL_WARNING, "Internal error*");
      ccal_response_set_error (&response, error);
      g_test_assert_expected_messages ();

      g_assert_cmpuint (response.status, ==, cases[i].status);
      body = json_object_get_object_member (json_node_get_object (response.body), "error");
      g_assert_cmpstr (json_object_get_string_member (body, "code"), ==, cases[i].api_code);
      message = json_object_get_string_member (body, "message");
      /* Internal details never reach the client. */
      if (cases[i].status == 500)
        g_assert_null (strstr (message, "SELECT"));

      json_node_unref (response.body);
      soup_message_headers_unref (response.headers);
    }

  /* A validation error names its field. */
  {
    g_autoptr (GError) error = NULL;
    CcalResponse response = { 0 };
    JsonObject *body;

    response.headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
    ccal_core_set_error (&error, CCAL_CORE_ERROR_INVALID, "end_time", "End must be after start.");
    ccal_response_set_error (&response, error);
    g_assert_cmpuint (response.status, ==, 400);
    body = json_object_get_object_member (json_node_get_object (response.body), "error");
    g_assert_cmpstr (json_object_get_string_member (body, "code"), ==, "invalid_request");
    g_assert_cmpstr (json_object_get_string_member (body, "field"), ==, "end_time");
    json_node_unref (response.body);
    soup_message_headers_unref (response.headers);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/api/auth/key-format", test_key_format);
  g_test_add_func ("/api/auth/key-shape-rejected", test_key_shape_rejected);
  g_test_add_func ("/api/auth/key-hash", test_key_hash);
  g_test_add_func ("/api/auth/bearer", test_bearer);
  g_test_add_func ("/api/auth/jwt-good", test_jwt_good);
  g_test_add_func ("/api/auth/jwt-expired", test_jwt_expired);
  g_test_add_func ("/api/auth/jwt-alg-none", test_jwt_alg_none);
  g_test_add_func ("/api/auth/jwt-wrong-signature", test_jwt_wrong_signature);
  g_test_add_func ("/api/auth/jwt-malformed", test_jwt_malformed);
  g_test_add_func ("/api/auth/jwt-secret-file", test_jwt_secret_file);
  g_test_add_func ("/api/rate-limiter/bucket", test_rate_limiter);
  g_test_add_func ("/api/rate-limiter/retry-after", test_rate_limiter_slow_rate_retry_after);
  g_test_add_func ("/api/rate-limiter/prunes", test_rate_limiter_prunes);
  g_test_add_func ("/api/router/match", test_router);
  g_test_add_func ("/api/request/if-match-and-sync-token", test_if_match_and_sync_token);
  g_test_add_func ("/api/response/error-mapping", test_error_mapping);

  return g_test_run ();
}
