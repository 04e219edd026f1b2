/* ccal-dashboard.h — the Admin Dashboard tab: bookings (list and details), availability, analytics
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ccal-account.h"

G_BEGIN_DECLS

#define CCAL_TYPE_DASHBOARD (ccal_dashboard_get_type ())
G_DECLARE_FINAL_TYPE (CcalDashboard, ccal_dashboard, CCAL, DASHBOARD, GtkWidget)

/* The dashboard of @account. Staff see the bookings only; availability and analytics are for
 * admins (the server refuses staff keys there) and are built the first time they are shown. */
GtkWidget  *ccal_dashboard_new           (CcalAccount   *account);
CcalAccount *ccal_dashboard_get_account  (CcalDashboard *self);

/* "bookings", "availability" or "analytics"; a section the signed-in role may not see is ignored. */
const char *ccal_dashboard_get_section   (CcalDashboard *self);
void        ccal_dashboard_set_section   (CcalDashboard *self,
                                          const char    *section);

/* The section's page, created now if it was not yet (tests, the window's actions). */
GtkWidget  *ccal_dashboard_get_page      (CcalDashboard *self,
                                          const char    *section);
/* The details pane beside the bookings list. */
GtkWidget  *ccal_dashboard_get_details   (CcalDashboard *self);

G_END_DECLS
