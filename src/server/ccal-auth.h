/* ccal-auth.h — API keys, HS256 JWTs and the Bearer credential of a request
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ccal-db.h"

G_BEGIN_DECLS

#define CCAL_AUTH_ERROR (ccal_auth_error_quark ())

typedef enum
{
  CCAL_AUTH_ERROR_UNAUTHORIZED,   /* no, malformed, unknown, revoked or expired credential: 401 */
  CCAL_AUTH_ERROR_FORBIDDEN,      /* a valid credential that may not do this: 403 */
  CCAL_AUTH_ERROR_RANDOM,         /* the kernel's random source failed (key generation) */
} CcalAuthError;

GQuark ccal_auth_error_quark (void);

/* "fc_live_" (or "fc_test_") + 64 lower-case hex digits = 72 characters. */
#define CCAL_API_KEY_LENGTH        72
/* What identifies a key to a person (and to `keys revoke`): its first 12 characters. */
#define CCAL_API_KEY_PREFIX_LENGTH 12

/* A new key from 32 bytes of the kernel CSPRNG (getrandom(2)); the plaintext is shown once and
 * only its hash is stored. */
char     *ccal_auth_generate_api_key (gboolean     test_key,
                                      GError     **error);

/* Does @text have the shape of an API key? (Says nothing about whether it exists.) */
gboolean  ccal_auth_is_api_key       (const char  *text);

/* The lower-case hex SHA-256 of @key, as stored in api_keys.key_hash. */
char     *ccal_auth_hash_api_key     (const char  *key);

/* The first CCAL_API_KEY_PREFIX_LENGTH characters of @key. */
char     *ccal_auth_api_key_prefix   (const char  *key);

/* The token of an "Authorization: Bearer <token>" value (scheme case-insensitive), or NULL when
 * @authorization is NULL or not a Bearer credential. */
char     *ccal_auth_parse_bearer     (const char  *authorization);

/* The claims of a verified JWT. */
typedef struct
{
  char     *sub;            /* user id */
  char     *workspace_id;
  CcalRole  role;
  gint64    exp;            /* µs since the epoch */
} CcalJwtClaims;

void ccal_jwt_claims_free (CcalJwtClaims *claims);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalJwtClaims, ccal_jwt_claims_free)

/* Verifies a compact JWS signed HS256 with @secret: the header's "alg" must be exactly "HS256"
 * ("none" and every other algorithm are refused), the signature is compared in constant time,
 * "exp" is required and must be after @now (µs), "nbf" (when present) must not be after @now, and
 * "sub", "workspace_id" and "role" must be present. Any failure is CCAL_AUTH_ERROR_UNAUTHORIZED
 * with a message safe to show to the client. */
CcalJwtClaims *ccal_auth_verify_jwt  (GBytes      *secret,
                                      const char  *token,
                                      gint64       now,
                                      GError     **error);

/* Signs @header_json and @payload_json as they are (for tests that need odd tokens). */
char     *ccal_auth_sign_jwt_raw     (GBytes      *secret,
                                      const char  *header_json,
                                      const char  *payload_json);

/* A token with the contract's claims; @exp in µs since the epoch. */
char     *ccal_auth_sign_jwt         (GBytes      *secret,
                                      const char  *user_id,
                                      const char  *workspace_id,
                                      CcalRole     role,
                                      gint64       exp);

/* Loads a --jwt-secret-file: its bytes with one trailing newline removed; at least 32 bytes. */
GBytes   *ccal_auth_load_jwt_secret  (const char  *path,
                                      GError     **error);

/* The user behind an Authorization header value: an API key (looked up by hash; revoked keys
 * refused) or, when @jwt_secret is set, a JWT whose user must exist in its workspace. The role of a
 * JWT is the lesser of its claim and the user's stored role. NULL with CCAL_AUTH_ERROR_UNAUTHORIZED,
 * or with a CCAL_DB_ERROR when the database failed. */
CcalDbUser *ccal_auth_authenticate   (CcalDb      *db,
                                      GBytes      *jwt_secret,
                                      const char  *authorization,
                                      gint64       now,
                                      GError     **error);

G_END_DECLS
