/* ccal-booking-list-model.h — a GListModel of the cached bookings one filter selects, read lazily
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The cache answers a filter with the ordered keys of the matching rows (ccal_cache_list_booking_keys ());
 * the model keeps only those (8 bytes a row) and builds CcalBooking items page by page as a view asks
 * for them, holding a bounded number of pages (least recently used first out). So 100,000 bookings cost
 * 800 KB and the few items on screen, and sorting is the cache's ORDER BY, never a sort of the items.
 *
 * Signals: "changing" and "changed" (no arguments) come before and after each new filter or refresh,
 * around its "items-changed" (if any): a selection can let go of its row first and find it again by
 * its key after (a GtkSingleSelection whose selected row is replaced looks through every added item).
 */
#pragma once

#include <gio/gio.h>

#include "ccal-cache.h"
#include "ccal-sync.h"

G_BEGIN_DECLS

#define CCAL_TYPE_BOOKING_LIST_MODEL (ccal_booking_list_model_get_type ())
G_DECLARE_FINAL_TYPE (CcalBookingListModel, ccal_booking_list_model, CCAL, BOOKING_LIST_MODEL, GObject)

/* The bookings of @cache matching @filter (copied; NULL: CCAL_CACHE_BOOKING_FILTER_INIT, all by start
 * time); when @sync is not NULL the model follows its "objects-changed" for bookings. */
CcalBookingListModel *ccal_booking_list_model_new        (CcalCache                    *cache,
                                                          CcalSync                     *sync,
                                                          const CcalCacheBookingFilter *filter);

/* Reads the keys for @filter (copied) and replaces every row: "items-changed" for removing them all,
 * then for adding the new ones (one change would make GTK 4.8 read every added item), between
 * "changing" and "changed". FALSE with
 * @error when the cache could not answer: the list is then empty. */
gboolean              ccal_booking_list_model_set_filter (CcalBookingListModel         *self,
                                                          const CcalCacheBookingFilter *filter,
                                                          GError                      **error);
/* The filter in use; its strings belong to the model. */
const CcalCacheBookingFilter *ccal_booking_list_model_get_filter (CcalBookingListModel *self);

/* Reads the keys again for the same filter; "items-changed" covers only what moved, and rows whose
 * bookings are in @changed_ids (NULL: every row) are read again. */
gboolean              ccal_booking_list_model_refresh    (CcalBookingListModel         *self,
                                                          const char * const           *changed_ids,
                                                          GError                      **error);

/* The row's key (for finding it again after a refresh), or 0 outside the list. */
gint64                ccal_booking_list_model_get_key    (CcalBookingListModel         *self,
                                                          guint                         position);
/* The position of @key, or G_MAXUINT. */
guint                 ccal_booking_list_model_find_key   (CcalBookingListModel         *self,
                                                          gint64                        key);

/* The offline state of an item this model returned (SYNCED for others). */
CcalCacheState        ccal_booking_list_model_get_item_state (CcalBooking              *booking);

/* Items built and held now (a bounded number, whatever the list's length). */
guint                 ccal_booking_list_model_get_n_cached (CcalBookingListModel       *self);

G_END_DECLS
