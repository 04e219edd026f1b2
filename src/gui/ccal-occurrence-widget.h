/* ccal-occurrence-widget.h — an event or booking drawn in a calendar view: a block or a chip
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "ccal-core.h"

G_BEGIN_DECLS

typedef enum
{
  CCAL_OCCURRENCE_WIDGET_BLOCK,  /* the week grid: title over the times, as tall as the occurrence */
  CCAL_OCCURRENCE_WIDGET_CHIP,   /* one line, start time and title: month cells, the all-day row */
} CcalOccurrenceWidgetShape;

#define CCAL_TYPE_OCCURRENCE_WIDGET (ccal_occurrence_widget_get_type ())
G_DECLARE_FINAL_TYPE (CcalOccurrenceWidget, ccal_occurrence_widget, CCAL, OCCURRENCE_WIDGET, GtkWidget)

/* CSS name "occurrence", with the classes "block" or "chip"; "booking", "event", "blocked" or
 * "availability"; "status-pending", "status-confirmed", "status-cancelled", "status-completed" or
 * "status-no-show"; "all-day"; "continues-before"/"continues-after" on pieces of a longer one.
 * Focusable; Enter, space or a click emit "activate". */
GtkWidget      *ccal_occurrence_widget_new            (CcalOccurrenceWidgetShape  shape);

/* Shows @occurrence (NULL: nothing) with times on @tzid's wall clock. Cheap when nothing changed,
 * so pools of these can be re-bound on every layout. */
void            ccal_occurrence_widget_set_occurrence (CcalOccurrenceWidget      *self,
                                                       CcalOccurrence            *occurrence,
                                                       const char                *tzid,
                                                       gboolean                   use_24h);
CcalOccurrence *ccal_occurrence_widget_get_occurrence (CcalOccurrenceWidget      *self);

/* Whether the accessible name also gives the date (the month view) or only the weekday. */
void            ccal_occurrence_widget_set_show_date  (CcalOccurrenceWidget      *self,
                                                       gboolean                   show_date);

/* A piece of an occurrence that started on an earlier day or goes on to a later one. */
void            ccal_occurrence_widget_set_continues  (CcalOccurrenceWidget      *self,
                                                       gboolean                   before,
                                                       gboolean                   after);

/* "14:05" or "2:05 PM" on @tzid's wall clock. */
char           *ccal_occurrence_widget_format_time    (gint64                     usec,
                                                       const char                *tzid,
                                                       gboolean                   use_24h);

/* What a screen reader says: "Consultation with Claire Dubois, Tuesday 10:00 to 10:30, confirmed". */
char           *ccal_occurrence_widget_describe       (CcalOccurrence            *occurrence,
                                                       const char                *tzid,
                                                       gboolean                   use_24h,
                                                       gboolean                   show_date);

G_END_DECLS
