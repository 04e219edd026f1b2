/* ccal-booking-list-model.c — a GListModel of the cached bookings one filter selects, read lazily
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-gui"

#include "config.h"

#include "ccal-booking-list-model.h"

#define PAGE_SIZE 50
#define MAX_PAGES 24   /* 1,200 items: many screens of rows, whatever the list's length */

typedef struct
{
  guint         index;
  guint         n_items;
  CcalBooking  *items[PAGE_SIZE];
  GList         link;   /* in lru, data = the page */
} Page;

struct _CcalBookingListModel
{
  GObject parent_instance;

  /* owned */
  CcalCache              *cache;
  CcalSync               *sync;
  CcalCacheBookingFilter  filter;    /* search and admin_id are owned copies */
  GArray                 *keys;      /* gint64, in the filter's order */
  GHashTable             *pages;     /* page index → Page */
  GQueue                  lru;       /* most recently used first */
  guint                   refresh_id;
};

enum
{
  SIGNAL_CHANGING,
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void ccal_booking_list_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CcalBookingListModel, ccal_booking_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ccal_booking_list_model_list_model_init))

static GQuark
item_state_quark (void)
{
  return g_quark_from_static_string ("ccal-booking-list-model-state");
}

static void
page_free (Page *page)
{
  for (guint i = 0; i < page->n_items; i++)
    g_clear_object (&page->items[i]);
  g_free (page);
}

static void
drop_pages (CcalBookingListModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_init (&self->lru);
}

/* Every row replaced. As two signals, a removal and an addition: given both at once, GTK 4.8's list
 * views look for the widgets of the removed rows among the added items, reading every one of them
 * (100,000 bookings built for nothing). */
static void
replace_all (CcalBookingListModel *self,
             guint                 old_n,
             guint                 new_n)
{
  g_autoptr (GArray) new_keys = NULL;

  if (old_n > 0 && new_n > 0)
    {
      /* Between the two the list is empty, as it says. */
      new_keys = g_steal_pointer (&self->keys);
      self->keys = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, 0);
      g_array_unref (self->keys);
      self->keys = g_steal_pointer (&new_keys);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, new_n);
    }
  else if (old_n > 0 || new_n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, new_n);
}

/* ── GListModel ───────────────────────────────────────────────────────────────────────────── */

static GType
ccal_booking_list_model_get_item_type (GListModel *model)
{
  return CCAL_TYPE_BOOKING;
}

static guint
ccal_booking_list_model_get_n_items (GListModel *model)
{
  return CCAL_BOOKING_LIST_MODEL (model)->keys->len;
}

static gboolean
on_refresh_timeout_cb (gpointer user_data)
{
  CcalBookingListModel *self = user_data;

  self->refresh_id = 0;
  ccal_booking_list_model_refresh (self, NULL, NULL);
  return G_SOURCE_REMOVE;
}

/* A row removed since the keys were read (the refresh that follows will drop it): a blank
 * booking, since a list model must answer for every position below its length. */
static CcalBooking *
placeholder_new (CcalBookingListModel *self)
{
  CcalBooking *booking = ccal_booking_new ();

  booking->id = g_strdup ("");
  booking->contact = ccal_contact_new ();
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (on_refresh_timeout_cb, self);
  return booking;
}

static Page *
load_page (CcalBookingListModel *self,
           guint                 index)
{
  g_autoptr (GError) error = NULL;
  CcalCacheState states[PAGE_SIZE];
  Page *page = g_new0 (Page, 1);
  guint first = index * PAGE_SIZE;

  page->index = index;
  page->n_items = MIN (PAGE_SIZE, self->keys->len - first);
  page->link.data = page;

  if (!ccal_cache_fetch_bookings (self->cache, &g_array_index (self->keys, gint64, first), page->n_items, page->items,
                                  states, &error))
    g_debug ("Bookings %u–%u could not be read: %s", first, first + page->n_items, error->message);

  for (guint i = 0; i < page->n_items; i++)
    {
      if (page->items[i] == NULL)
        page->items[i] = placeholder_new (self);
      else if (states[i] != CCAL_CACHE_STATE_SYNCED)
        g_object_set_qdata (G_OBJECT (page->items[i]), item_state_quark (), GINT_TO_POINTER (states[i] + 1));
    }

  g_hash_table_insert (self->pages, GUINT_TO_POINTER (index), page);
  g_queue_push_head_link (&self->lru, &page->link);
  while (self->lru.length > MAX_PAGES)
    {
      GList *oldest = g_queue_pop_tail_link (&self->lru);

      g_hash_table_remove (self->pages, GUINT_TO_POINTER (((Page *) oldest->data)->index));
    }
  return page;
}

static gpointer
ccal_booking_list_model_get_item (GListModel *model,
                                  guint       position)
{
  CcalBookingListModel *self = CCAL_BOOKING_LIST_MODEL (model);
  guint index = position / PAGE_SIZE;
  Page *page;

  if (position >= self->keys->len)
    return NULL;

  page = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (index));
  if (page == NULL)
    page = load_page (self, index);
  else if (self->lru.head != &page->link)
    {
      g_queue_unlink (&self->lru, &page->link);
      g_queue_push_head_link (&self->lru, &page->link);
    }
  return g_object_ref (page->items[position % PAGE_SIZE]);
}

static void
ccal_booking_list_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ccal_booking_list_model_get_item_type;
  iface->get_n_items = ccal_booking_list_model_get_n_items;
  iface->get_item = ccal_booking_list_model_get_item;
}

/* ── GObject ──────────────────────────────────────────────────────────────────────────────── */

static void
on_sync_objects_changed_cb (CcalSync             *sync,
                            int                   collection,
                            const char * const   *ids,
                            CcalBookingListModel *self)
{
  if (collection == CCAL_CACHE_COLLECTION_BOOKINGS)
    ccal_booking_list_model_refresh (self, ids, NULL);
}

static void
ccal_booking_list_model_dispose (GObject *object)
{
  CcalBookingListModel *self = CCAL_BOOKING_LIST_MODEL (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_func (self->sync, on_sync_objects_changed_cb, self);
  g_clear_object (&self->sync);
  drop_pages (self);

  G_OBJECT_CLASS (ccal_booking_list_model_parent_class)->dispose (object);
}

static void
ccal_booking_list_model_finalize (GObject *object)
{
  CcalBookingListModel *self = CCAL_BOOKING_LIST_MODEL (object);

  g_clear_object (&self->cache);
  g_clear_pointer (&self->keys, g_array_unref);
  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_free ((char *) self->filter.search);
  g_free ((char *) self->filter.admin_id);

  G_OBJECT_CLASS (ccal_booking_list_model_parent_class)->finalize (object);
}

static void
ccal_booking_list_model_class_init (CcalBookingListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ccal_booking_list_model_dispose;
  object_class->finalize = ccal_booking_list_model_finalize;

  signals[SIGNAL_CHANGING] =
    g_signal_new ("changing", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ccal_booking_list_model_init (CcalBookingListModel *self)
{
  CcalCacheBookingFilter all = CCAL_CACHE_BOOKING_FILTER_INIT;

  self->filter = all;
  self->keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) page_free);
  g_queue_init (&self->lru);
}

/* ── API ──────────────────────────────────────────────────────────────────────────────────── */

CcalBookingListModel *
ccal_booking_list_model_new (CcalCache                    *cache,
                             CcalSync                     *sync,
                             const CcalCacheBookingFilter *filter)
{
  CcalBookingListModel *self;

  g_return_val_if_fail (CCAL_IS_CACHE (cache), NULL);
  g_return_val_if_fail (sync == NULL || CCAL_IS_SYNC (sync), NULL);

  self = g_object_new (CCAL_TYPE_BOOKING_LIST_MODEL, NULL);
  self->cache = g_object_ref (cache);
  if (sync != NULL)
    {
      self->sync = g_object_ref (sync);
      g_signal_connect (sync, "objects-changed", G_CALLBACK (on_sync_objects_changed_cb), self);
    }
  ccal_booking_list_model_set_filter (self, filter != NULL ? filter : &self->filter, NULL);
  return self;
}

/* The keys for the current filter; an empty list when the cache fails. */
static GArray *
read_keys (CcalBookingListModel *self,
           GError              **error)
{
  GArray *keys = ccal_cache_list_booking_keys (self->cache, &self->filter, error);

  return keys != NULL ? keys : g_array_new (FALSE, FALSE, sizeof (gint64));
}

gboolean
ccal_booking_list_model_set_filter (CcalBookingListModel         *self,
                                    const CcalCacheBookingFilter *filter,
                                    GError                      **error)
{
  g_autoptr (GError) local_error = NULL;
  CcalCacheBookingFilter copy;
  guint old_n;

  g_return_val_if_fail (CCAL_IS_BOOKING_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  g_signal_emit (self, signals[SIGNAL_CHANGING], 0);
  copy = *filter;
  copy.search = g_strdup (filter->search);
  copy.admin_id = g_strdup (filter->admin_id);
  g_free ((char *) self->filter.search);
  g_free ((char *) self->filter.admin_id);
  self->filter = copy;

  old_n = self->keys->len;
  g_array_unref (self->keys);
  self->keys = read_keys (self, &local_error);
  drop_pages (self);
  replace_all (self, old_n, self->keys->len);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

const CcalCacheBookingFilter *
ccal_booking_list_model_get_filter (CcalBookingListModel *self)
{
  g_return_val_if_fail (CCAL_IS_BOOKING_LIST_MODEL (self), NULL);

  return &self->filter;
}

gboolean
ccal_booking_list_model_refresh (CcalBookingListModel *self,
                                 const char * const   *changed_ids,
                                 GError              **error)
{
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GArray) old_keys = NULL;
  g_autoptr (GArray) changed_positions = g_array_new (FALSE, FALSE, sizeof (guint));
  guint old_n, new_n, prefix = 0, suffix = 0;
  const gint64 *a, *b;

  g_return_val_if_fail (CCAL_IS_BOOKING_LIST_MODEL (self), FALSE);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_signal_emit (self, signals[SIGNAL_CHANGING], 0);
  old_keys = g_steal_pointer (&self->keys);
  self->keys = read_keys (self, &local_error);
  old_n = old_keys->len;
  new_n = self->keys->len;
  a = (const gint64 *) (gpointer) old_keys->data;
  b = (const gint64 *) (gpointer) self->keys->data;

  if (changed_ids == NULL)
    {
      /* Anything may have changed: every row is new. */
      drop_pages (self);
      replace_all (self, old_n, new_n);
      goto out;
    }

  /* Rows shown now whose booking changed keep their place but must be read again. */
  {
    GHashTableIter iter;
    Page *page;

    g_hash_table_iter_init (&iter, self->pages);
    while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &page))
      for (guint i = 0; i < page->n_items; i++)
        if (g_strv_contains (changed_ids, page->items[i]->id))
          {
            guint position = page->index * PAGE_SIZE + i;

            g_array_append_val (changed_positions, position);
          }
  }
  drop_pages (self);

  while (prefix < old_n && prefix < new_n && a[prefix] == b[prefix])
    prefix++;
  while (suffix < old_n - prefix && suffix < new_n - prefix && a[old_n - 1 - suffix] == b[new_n - 1 - suffix])
    suffix++;

  if (old_n - prefix - suffix > 0 && new_n - prefix - suffix > 0 && new_n - prefix - suffix > 2 * PAGE_SIZE)
    {
      /* A long run of new rows (a full resync): as in replace_all (), in two steps. */
      g_autoptr (GArray) new_keys = g_steal_pointer (&self->keys);

      self->keys = g_array_sized_new (FALSE, FALSE, sizeof (gint64), old_n - (old_n - prefix - suffix));
      g_array_append_vals (self->keys, new_keys->data, prefix);
      g_array_append_vals (self->keys, &g_array_index (new_keys, gint64, new_n - suffix), suffix);
      g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_n - prefix - suffix, 0);
      g_array_unref (self->keys);
      self->keys = g_steal_pointer (&new_keys);
      g_list_model_items_changed (G_LIST_MODEL (self), prefix, 0, new_n - prefix - suffix);
    }
  else if (old_n - prefix - suffix > 0 || new_n - prefix - suffix > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old_n - prefix - suffix, new_n - prefix - suffix);

  for (guint i = 0; i < changed_positions->len; i++)
    {
      guint position = g_array_index (changed_positions, guint, i);

      /* Positions outside the changed middle are the same rows, before or after it. */
      if (position < prefix)
        g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
      else if (position >= old_n - suffix)
        g_list_model_items_changed (G_LIST_MODEL (self), position - old_n + new_n, 1, 1);
    }

out:
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

gint64
ccal_booking_list_model_get_key (CcalBookingListModel *self,
                                 guint                 position)
{
  g_return_val_if_fail (CCAL_IS_BOOKING_LIST_MODEL (self), 0);

  return position < self->keys->len ? g_array_index (self->keys, gint64, position) : 0;
}

guint
ccal_booking_list_model_find_key (CcalBookingListModel *self,
                                  gint64                key)
{
  g_return_val_if_fail (CCAL_IS_BOOKING_LIST_MODEL (self), G_MAXUINT);

  for (guint i = 0; i < self->keys->len; i++)
    if (g_array_index (self->keys, gint64, i) == key)
      return i;
  return G_MAXUINT;
}

CcalCacheState
ccal_booking_list_model_get_item_state (CcalBooking *booking)
{
  gpointer state;

  g_return_val_if_fail (CCAL_IS_BOOKING (booking), CCAL_CACHE_STATE_SYNCED);

  state = g_object_get_qdata (G_OBJECT (booking), item_state_quark ());
  return state != NULL ? (CcalCacheState) (GPOINTER_TO_INT (state) - 1) : CCAL_CACHE_STATE_SYNCED;
}

guint
ccal_booking_list_model_get_n_cached (CcalBookingListModel *self)
{
  guint n = 0;

  g_return_val_if_fail (CCAL_IS_BOOKING_LIST_MODEL (self), 0);

  for (GList *l = self->lru.head; l != NULL; l = l->next)
    n += ((Page *) l->data)->n_items;
  return n;
}
