/* ccal-sync-private.h — what tests (and only tests) may reach inside the sync engine
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ccal-sync.h"

G_BEGIN_DECLS

typedef enum
{
  CCAL_SYNC_PUSH_SENT,      /* the entry's request was handed to the API client */
  CCAL_SYNC_PUSH_ANSWERED,  /* its answer arrived; the cache has not recorded it yet */
} CcalSyncPushPhase;

typedef void (*CcalSyncPushHook) (CcalSync                   *self,
                                  const CcalCacheOutboxEntry *entry,
                                  CcalSyncPushPhase           phase,
                                  gpointer                    user_data);

/* Called at each phase of each pushed entry: a test kills the process there (_exit) to be the
 * client that crashed mid-push, or whose answer was lost. @hook NULL removes it. */
void ccal_sync_set_push_hook (CcalSync         *self,
                              CcalSyncPushHook  hook,
                              gpointer          user_data);

G_END_DECLS
