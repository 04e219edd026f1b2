/* ccal-layout.h — side-by-side columns for overlapping events in a calendar grid
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ccal-core-types.h"

G_BEGIN_DECLS

typedef struct
{
  guint column;     /* 0-based column inside the item's cluster */
  guint n_columns;  /* columns the cluster needs: the item is 1/n_columns wide */
} CcalLayoutPlacement;

/* Places @n_items intervals: items that overlap (transitively) form a cluster; each item takes the
 * lowest column free at its start, in order of start, then longer first, then input order, so the
 * result does not depend on anything but the input. @out has room for @n_items placements. */
void ccal_layout_overlaps (const CcalInterval  *items,
                           gsize                n_items,
                           CcalLayoutPlacement *out);

G_END_DECLS
