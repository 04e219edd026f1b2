/* ccal-credentials.h — the API key (or JWT) of an account, in the system keyring or for this run only
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Credentials are kept by the Secret Service (gnome-keyring, KWallet…) under the schema
 * "org.customerconnects.Calendar.Credential" with two attributes:
 *
 *   server  the server's base URL without a trailing slash ("https://calendar.example.com")
 *   kind    "api-key" or "jwt"
 *
 * so an administrator can provision a desk before the app is first opened:
 *
 *   secret-tool store --label='CustomerConnects Calendar' \
 *       xdg:schema org.customerconnects.Calendar.Credential \
 *       server https://calendar.example.com kind api-key
 *
 * and start it with `customerconnects-calendar --server https://calendar.example.com`.
 *
 * When the keyring is missing or locked, a person can keep the key "for this run only":
 * ccal_credentials_keep_for_session () holds it in this process's memory, and lookups look there
 * first. Nothing is ever written to disk in plain text, and nothing here logs a secret.
 *
 * Every keyring call is asynchronous, cancellable and gives up after a timeout (a keyring waiting
 * on an unlock prompt nobody answers would otherwise never finish): the failures are
 * CCAL_CREDENTIALS_ERROR (see ccal-client-types.h), or G_IO_ERROR_CANCELLED when @cancellable was
 * cancelled.
 */
#pragma once

#include <gio/gio.h>
#include <libsecret/secret.h>

#include "ccal-client-types.h"

G_BEGIN_DECLS

#define CCAL_CREDENTIALS_SCHEMA_NAME "org.customerconnects.Calendar.Credential"

/* How long a keyring call may take before it fails with CCAL_CREDENTIALS_ERROR_LOCKED. */
#define CCAL_CREDENTIALS_DEFAULT_TIMEOUT_SECONDS 10

const SecretSchema *ccal_credentials_get_schema        (void);

/* @base_url as the "server" attribute spells it: surrounding blanks and trailing slashes removed. */
char               *ccal_credentials_normalize_server  (const char          *base_url);

/* Stores @secret for @server (not ANY) in the keyring, replacing what was there for that kind. */
void                ccal_credentials_store_async       (const char          *server,
                                                        CcalCredentialKind   kind,
                                                        const char          *secret,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean            ccal_credentials_store_finish      (GAsyncResult        *result,
                                                        GError             **error);

/* The secret for @server: the session store first, then the keyring. With CCAL_CREDENTIAL_KIND_ANY
 * an API key is preferred to a JWT; @out_kind (optional) says which was found. Nothing stored:
 * CCAL_CREDENTIALS_ERROR_NOT_FOUND. The result is ordinary memory: free it with g_free () (or
 * secret_password_free (), which wipes it first). */
void                ccal_credentials_lookup_async      (const char          *server,
                                                        CcalCredentialKind   kind,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
char               *ccal_credentials_lookup_finish     (GAsyncResult        *result,
                                                        CcalCredentialKind  *out_kind,
                                                        GError             **error);

/* Removes the credential of @kind (ANY: both kinds) for @server from the session store and the
 * keyring ("sign out"). Succeeds when there was nothing to remove. */
void                ccal_credentials_delete_async      (const char          *server,
                                                        CcalCredentialKind   kind,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gboolean            ccal_credentials_delete_finish     (GAsyncResult        *result,
                                                        GError             **error);

/* Keeps @secret in memory for the rest of this run only (the keyring is not touched). */
void                ccal_credentials_keep_for_session  (const char          *server,
                                                        CcalCredentialKind   kind,
                                                        const char          *secret);

/* Forgets every credential kept for this run (wiping the memory). */
void                ccal_credentials_clear_session     (void);

/* Changes the keyring timeout for the calls that start from now on (tests use a short one). */
void                ccal_credentials_set_timeout       (guint                seconds);

G_END_DECLS
