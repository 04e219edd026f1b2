/* ccal-rate-limiter.h — per-client token buckets for the public endpoints
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _CcalRateLimiter CcalRateLimiter;

/* Each key (a client address) gets a bucket of @burst tokens refilled at @rate tokens per second;
 * a request takes one. @rate ≤ 0 turns limiting off. Safe to use from several threads. */
CcalRateLimiter *ccal_rate_limiter_new  (double           rate,
                                         double           burst);
void             ccal_rate_limiter_free (CcalRateLimiter *self);

/* Takes a token for @key at @now (µs, monotonic). FALSE when the bucket is empty; then
 * @out_retry_after_seconds (optional) is the whole number of seconds until a token is back (≥ 1). */
gboolean         ccal_rate_limiter_take (CcalRateLimiter *self,
                                         const char      *key,
                                         gint64           now,
                                         guint           *out_retry_after_seconds);

/* The number of clients tracked (for tests of the pruning). */
guint            ccal_rate_limiter_get_n_clients (CcalRateLimiter *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalRateLimiter, ccal_rate_limiter_free)

G_END_DECLS
