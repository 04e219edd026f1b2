/* ccal-router.h — matches a method and path against the route tables
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ccal-server-private.h"

G_BEGIN_DECLS

typedef struct _CcalRouter CcalRouter;

CcalRouter      *ccal_router_new        (void);
void             ccal_router_free       (CcalRouter      *self);

/* Adds @n_routes routes; the table must outlive the router (route tables are static). */
void             ccal_router_add_routes (CcalRouter      *self,
                                         const CcalRoute *routes,
                                         gsize            n_routes);

/* The route for @method and @path, with its ":name" parameters in @out_params (a new table).
 * HEAD finds GET routes. When the path is known but not for @method, returns NULL and sets
 * @out_allow to the methods it has ("GET, PUT"); when the path is unknown, NULL and @out_allow NULL. */
const CcalRoute *ccal_router_lookup     (CcalRouter      *self,
                                         const char      *method,
                                         const char      *path,
                                         GHashTable     **out_params,
                                         char           **out_allow);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CcalRouter, ccal_router_free)

G_END_DECLS
