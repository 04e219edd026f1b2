/* ccal-ical-export-dialog.h — "Export as iCalendar": a day, a week or a range of events and bookings as an .ics file
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The range is This Day, This Week (the window's first weekday) or From–To (whole days, both
 * included) in the display time zone; events and/or bookings of the calendar the window shows are
 * read from the cache (works offline) and written by ccal_ical_export (): one VTIMEZONE per zone,
 * RRULE and EXDATE kept, so GNOME Calendar, Evolution, Thunderbird, Google and Outlook import it.
 * "Export…" asks where to save (GtkFileChooserNative, "calendar-YYYY-MM-DD.ics"), writes the file,
 * emits "exported" (GFile *file, guint n_events, guint n_bookings) and closes. A failure to write
 * is shown in the dialog, which stays open.
 */
#pragma once

#include <adwaita.h>

#include "ccal-account.h"

G_BEGIN_DECLS

typedef enum
{
  CCAL_ICAL_EXPORT_RANGE_DAY,
  CCAL_ICAL_EXPORT_RANGE_WEEK,
  CCAL_ICAL_EXPORT_RANGE_CUSTOM,
} CcalIcalExportRange;

#define CCAL_TYPE_ICAL_EXPORT_DIALOG (ccal_ical_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CcalIcalExportDialog, ccal_ical_export_dialog, CCAL, ICAL_EXPORT_DIALOG, AdwWindow)

/* Transient for @parent (may be NULL); "This Day" is the day @day_us falls on. When @parent is the
 * CcalWindow, its display zone and week start are used; else UTC and Monday. */
CcalIcalExportDialog *ccal_ical_export_dialog_new          (CcalAccount          *account,
                                                            GtkWindow            *parent,
                                                            gint64                day_us);

/* The zone the days are counted in (an IANA id). */
void                  ccal_ical_export_dialog_set_timezone (CcalIcalExportDialog *self,
                                                            const char           *tzid);

/* The choices, as a person would make them (tests). @from and @to are used for CUSTOM (may be NULL
 * otherwise; both days included). */
void                  ccal_ical_export_dialog_set_range    (CcalIcalExportDialog *self,
                                                            CcalIcalExportRange   range,
                                                            const GDate          *from,
                                                            const GDate          *to);
void                  ccal_ical_export_dialog_set_include  (CcalIcalExportDialog *self,
                                                            gboolean              events,
                                                            gboolean              bookings);

/* The instants [from, to) chosen now; FALSE when the choice is not a range (To before From). */
gboolean              ccal_ical_export_dialog_get_bounds   (CcalIcalExportDialog *self,
                                                            gint64               *out_from,
                                                            gint64               *out_to);
/* How many events and bookings the file will hold, as the dialog says. */
void                  ccal_ical_export_dialog_get_counts   (CcalIcalExportDialog *self,
                                                            guint                *out_events,
                                                            guint                *out_bookings);
/* The problem shown now (a sentence), or NULL. */
const char           *ccal_ical_export_dialog_get_error    (CcalIcalExportDialog *self);

/* Writes the chosen range to @file without asking (what "Export…" does after the file chooser);
 * emits "exported" and closes on success, else shows the error and returns FALSE. */
gboolean              ccal_ical_export_dialog_export_to    (CcalIcalExportDialog *self,
                                                            GFile                *file);

G_END_DECLS
