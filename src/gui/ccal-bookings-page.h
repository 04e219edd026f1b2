/* ccal-bookings-page.h — the dashboard's list of bookings: search, status and date filters, sortable table, CSV
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reads the account's offline copy through a CcalBookingListModel (so 100,000 bookings scroll
 * smoothly) and follows its sync engine. Times are shown in the app's display time zone (GSettings
 * "display-timezone", else the system's) with its clock ("use-24h").
 *
 * Signals:
 *   "booking-selected" (const char *id)   the selected booking changed; NULL when none is. A booking
 *       that a sync changes or moves stays selected.
 * Actions (on the page): "bookings.export-csv" (Ctrl+Shift+E), "bookings.clear-filters",
 * "bookings.search" (Ctrl+F).
 */
#pragma once

#include <adwaita.h>

#include "ccal-account.h"
#include "ccal-booking-list-model.h"

G_BEGIN_DECLS

#define CCAL_TYPE_BOOKINGS_PAGE (ccal_bookings_page_get_type ())
G_DECLARE_FINAL_TYPE (CcalBookingsPage, ccal_bookings_page, CCAL, BOOKINGS_PAGE, AdwBin)

/* Which dates the list shows. */
typedef enum
{
  CCAL_BOOKINGS_RANGE_UPCOMING,   /* from the start of today (display time zone) on */
  CCAL_BOOKINGS_RANGE_PAST,       /* before today */
  CCAL_BOOKINGS_RANGE_ALL,
  CCAL_BOOKINGS_RANGE_CUSTOM,     /* the From–To days, both included */
} CcalBookingsRange;

GtkWidget            *ccal_bookings_page_new              (CcalAccount        *account);

/* The selected booking's id, or NULL. */
const char           *ccal_bookings_page_get_selected_id  (CcalBookingsPage   *self);
/* Selects the booking @id if the list shows it (TRUE), else clears the selection. */
gboolean              ccal_bookings_page_select_id        (CcalBookingsPage   *self,
                                                           const char         *id);

/* The filters, as the controls set them (for tests and the window's state). */
void                  ccal_bookings_page_set_search       (CcalBookingsPage   *self,
                                                           const char         *text);
/* Bits (1 << CcalBookingStatus) of the statuses shown; 0 is read as all. */
void                  ccal_bookings_page_set_statuses     (CcalBookingsPage   *self,
                                                           guint               statuses);
/* For CUSTOM, @from and @to are the first and last day shown (NULL: open-ended). */
void                  ccal_bookings_page_set_range        (CcalBookingsPage   *self,
                                                           CcalBookingsRange   range,
                                                           const GDate        *from,
                                                           const GDate        *to);
void                  ccal_bookings_page_clear_filters    (CcalBookingsPage   *self);

/* The list as shown (filter and order). */
CcalBookingListModel *ccal_bookings_page_get_model        (CcalBookingsPage   *self);
/* The text of the count label ("1,204 bookings"). */
const char           *ccal_bookings_page_get_count_text   (CcalBookingsPage   *self);

/* Writes the bookings listed (every one the filters match, in the list's order, not only those on
 * screen) to @file as CSV: a header row, then one row per booking, times in the display time zone. */
gboolean              ccal_bookings_page_write_csv        (CcalBookingsPage   *self,
                                                           GFile              *file,
                                                           GError            **error);

G_END_DECLS
