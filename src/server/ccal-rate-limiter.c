/* ccal-rate-limiter.c — per-client token buckets for the public endpoints
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-server"

#include "config.h"

#include <math.h>

#include "ccal-rate-limiter.h"

/* Above this many tracked clients, buckets that have refilled completely are dropped: a full
 * bucket is what a new client gets anyway, so forgetting it changes nothing. */
#define PRUNE_THRESHOLD 4096

typedef struct
{
  double tokens;
  gint64 updated;   /* µs, monotonic */
} Bucket;

struct _CcalRateLimiter
{
  GMutex      mutex;
  double      rate;    /* tokens per second */
  double      burst;
  GHashTable *buckets; /* client key → Bucket */
  guint       prune_at;
};

CcalRateLimiter *
ccal_rate_limiter_new (double rate,
                       double burst)
{
  CcalRateLimiter *self = g_new0 (CcalRateLimiter, 1);

  g_mutex_init (&self->mutex);
  self->rate = rate;
  self->burst = MAX (burst, 1.0);
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->prune_at = PRUNE_THRESHOLD;
  return self;
}

void
ccal_rate_limiter_free (CcalRateLimiter *self)
{
  if (self == NULL)
    return;

  g_hash_table_unref (self->buckets);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

static void
refill (CcalRateLimiter *self,
        Bucket          *bucket,
        gint64           now)
{
  if (now > bucket->updated)
    {
      bucket->tokens = MIN (self->burst, bucket->tokens + (double) (now - bucket->updated) * self->rate / G_USEC_PER_SEC);
      bucket->updated = now;
    }
}

static void
prune_full_buckets (CcalRateLimiter *self,
                    gint64           now)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->buckets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Bucket *bucket = value;

      refill (self, bucket, now);
      if (bucket->tokens >= self->burst)
        g_hash_table_iter_remove (&iter);
    }
}

gboolean
ccal_rate_limiter_take (CcalRateLimiter *self,
                        const char      *key,
                        gint64           now,
                        guint           *out_retry_after_seconds)
{
  g_autoptr (GMutexLocker) locker = NULL;
  Bucket *bucket;

  g_return_val_if_fail (self != NULL, TRUE);

  if (self->rate <= 0)
    return TRUE;
  if (key == NULL)
    key = "";

  locker = g_mutex_locker_new (&self->mutex);

  bucket = g_hash_table_lookup (self->buckets, key);
  if (bucket == NULL)
    {
      /* Many busy clients at once: prune again only when the table has doubled, so a flood of
       * addresses costs amortised O(1) per request, not a scan each. */
      if (g_hash_table_size (self->buckets) >= self->prune_at)
        {
          prune_full_buckets (self, now);
          self->prune_at = MAX (PRUNE_THRESHOLD, 2 * g_hash_table_size (self->buckets));
        }

      bucket = g_new0 (Bucket, 1);
      bucket->tokens = self->burst;
      bucket->updated = now;
      g_hash_table_insert (self->buckets, g_strdup (key), bucket);
    }

  refill (self, bucket, now);
  if (bucket->tokens >= 1.0)
    {
      bucket->tokens -= 1.0;
      return TRUE;
    }

  if (out_retry_after_seconds != NULL)
    {
      double wait = (1.0 - bucket->tokens) / self->rate;

      *out_retry_after_seconds = (guint) MAX (1.0, ceil (wait));
    }
  return FALSE;
}

guint
ccal_rate_limiter_get_n_clients (CcalRateLimiter *self)
{
  g_autoptr (GMutexLocker) locker = g_mutex_locker_new (&self->mutex);

  return g_hash_table_size (self->buckets);
}
