/* ccal-demo-data.h — fills a workspace with realistic weeks of availability, events and bookings
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ccal-db.h"

G_BEGIN_DECLS

/* Used by `customerconnects-calendar-server demo-data`: the workspace must exist (init). The data
 * goes on the calendar of the workspace's admin as far as the storage interface can tell who that
 * is (see ccal-demo-data.c); ccal_demo_data_fill_for_admin () names the calendar owner outright.
 * A workspace that has demo data already is refused with CCAL_DB_ERROR_EXISTS, adding nothing. */
gboolean ccal_demo_data_fill           (CcalDb      *db,
                                        const char  *workspace_id,
                                        GError     **error);

gboolean ccal_demo_data_fill_for_admin (CcalDb      *db,
                                        const char  *workspace_id,
                                        const char  *admin_id,
                                        GError     **error);

G_END_DECLS
