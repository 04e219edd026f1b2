/* ccal-ical-import-dialog.h — "Import Events": the events of an .ics file into the calendar, previewed first
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pages: "choose" (a button opening a GtkFileChooserNative for .ics files), "preview" (each event's
 * title, when in the display time zone, how it repeats, and why it cannot be imported when it
 * cannot; one type — availability, blocked time or event — for all), "error" (the file cannot be
 * read: a sentence naming it, nothing imported), "read-only" (a staff key: only admins add events),
 * "done" (how many were imported). "Import" saves each event through ccal_sync_save_event (), so it
 * works offline (the outbox sends them later), and emits "imported" (guint n_imported).
 */
#pragma once

#include <adwaita.h>

#include "ccal-account.h"

G_BEGIN_DECLS

#define CCAL_TYPE_ICAL_IMPORT_DIALOG (ccal_ical_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (CcalIcalImportDialog, ccal_ical_import_dialog, CCAL, ICAL_IMPORT_DIALOG, AdwWindow)

/* Transient for @parent (may be NULL); when it is the CcalWindow, times are shown in its zone. */
CcalIcalImportDialog *ccal_ical_import_dialog_new            (CcalAccount          *account,
                                                              GtkWindow            *parent);

/* The zone the preview shows times in (an IANA id). */
void                  ccal_ical_import_dialog_set_timezone   (CcalIcalImportDialog *self,
                                                              const char           *tzid);

/* Reads @file and shows its events (or why it cannot be read), as after choosing it. TRUE when the
 * preview is shown. */
gboolean              ccal_ical_import_dialog_load_file      (CcalIcalImportDialog *self,
                                                              GFile                *file);

/* The type every event is imported as (the "Import As" row). */
void                  ccal_ical_import_dialog_set_event_type (CcalIcalImportDialog *self,
                                                              CcalEventType         type);

/* "Import": returns how many events were saved. */
guint                 ccal_ical_import_dialog_import         (CcalIcalImportDialog *self);

/* For tests: the page shown ("choose", "preview", "error", "read-only", "done"), its message (the
 * error, or the result), and the events of the preview and how many of them can be imported. */
const char           *ccal_ical_import_dialog_get_page       (CcalIcalImportDialog *self);
const char           *ccal_ical_import_dialog_get_message    (CcalIcalImportDialog *self);
guint                 ccal_ical_import_dialog_get_n_events   (CcalIcalImportDialog *self);
guint                 ccal_ical_import_dialog_get_n_importable (CcalIcalImportDialog *self);

G_END_DECLS
