/* ccal-client-types.h — shared enums and error domains of the client layer
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ── CCAL_API_ERROR: what a call to the server can end with ─────────────────────────────────── */

#define CCAL_API_ERROR (ccal_api_error_quark ())

/* The first codes follow the contract's error codes (docs/api.md); the rest are failures that never
 * reached a server answer. G_IO_ERROR_CANCELLED is passed through as it is, never mapped. */
typedef enum
{
  CCAL_API_ERROR_INVALID_REQUEST,         /* 400 invalid_request (and other 4xx); see the field */
  CCAL_API_ERROR_UNAUTHORIZED,            /* 401: no or bad credential */
  CCAL_API_ERROR_FORBIDDEN,               /* 403: wrong role or other workspace */
  CCAL_API_ERROR_NOT_FOUND,               /* 404 */
  CCAL_API_ERROR_SLOT_UNAVAILABLE,        /* 409 slot_unavailable */
  CCAL_API_ERROR_CONFLICT,                /* any other 409 (e.g. idempotency_key_in_use: retry later) */
  CCAL_API_ERROR_VERSION_CONFLICT,        /* 412: If-Match did not match; nothing was changed */
  CCAL_API_ERROR_SYNC_TOKEN_EXPIRED,      /* 410: do a full sync */
  CCAL_API_ERROR_PAYLOAD_TOO_LARGE,       /* 413 */
  CCAL_API_ERROR_UNSUPPORTED_MEDIA_TYPE,  /* 415 */
  CCAL_API_ERROR_IDEMPOTENCY_KEY_REUSED,  /* 422: same key, different body */
  CCAL_API_ERROR_RATE_LIMITED,            /* 429; see ccal_api_error_get_retry_after() */
  CCAL_API_ERROR_SERVER_ERROR,            /* 500 internal and other 5xx */
  CCAL_API_ERROR_UNAVAILABLE,             /* 502/503/504: up soon, maybe with a retry-after */
  CCAL_API_ERROR_NETWORK,                 /* no answer: refused, unreachable, DNS — "offline" */
  CCAL_API_ERROR_TLS,                     /* the certificate could not be verified, or no TLS */
  CCAL_API_ERROR_TIMEOUT,                 /* connected or not, no answer in time */
  CCAL_API_ERROR_INVALID_RESPONSE,        /* an answer that is not the contract's (bad JSON, redirect) */
  CCAL_API_ERROR_INVALID_URL,             /* the server address is not an http(s) URL */
  CCAL_API_ERROR_INSECURE_URL,            /* http:// to a host that is not loopback, not allowed */
} CcalApiError;

GQuark      ccal_api_error_quark            (void);

/* The request field the server named ("email", "If-Match", …), or NULL. */
const char *ccal_api_error_get_field        (const GError *error);

/* The contract's code text as the server sent it ("slot_unavailable"), or NULL when there was no
 * error body (network failures, a proxy's page). */
const char *ccal_api_error_get_server_code  (const GError *error);

/* The HTTP status of the answer, or 0 when there was none. */
guint       ccal_api_error_get_http_status  (const GError *error);

/* Seconds the server asked to wait (Retry-After on 429/503/409), or -1 when it said nothing. */
int         ccal_api_error_get_retry_after  (const GError *error);

/* Is it worth trying the same request again later without changing it (offline, timeout, 429,
 * 5xx)? The sync engine keeps such outbox entries; everything else needs a person or a resync. */
gboolean    ccal_api_error_is_transient     (const GError *error);

/* ── credentials ────────────────────────────────────────────────────────────────────────────── */

typedef enum
{
  CCAL_CREDENTIAL_KIND_API_KEY,   /* "api-key": fc_live_… / fc_test_… */
  CCAL_CREDENTIAL_KIND_JWT,       /* "jwt" */
  CCAL_CREDENTIAL_KIND_ANY,       /* lookups only: an API key if there is one, else a JWT */
} CcalCredentialKind;

/* The keyring attribute spelling ("api-key", "jwt"); NULL for ANY. */
const char *ccal_credential_kind_to_string   (CcalCredentialKind  kind);
gboolean    ccal_credential_kind_from_string (const char         *text,
                                              CcalCredentialKind *out_kind);

#define CCAL_CREDENTIALS_ERROR (ccal_credentials_error_quark ())

typedef enum
{
  CCAL_CREDENTIALS_ERROR_NO_KEYRING,   /* no session bus, no secret service, or it refused to store */
  CCAL_CREDENTIALS_ERROR_LOCKED,       /* locked and not unlocked (refused or no answer in time) */
  CCAL_CREDENTIALS_ERROR_NOT_FOUND,    /* nothing stored for this server (and kind) */
} CcalCredentialsError;

GQuark      ccal_credentials_error_quark     (void);

G_END_DECLS
