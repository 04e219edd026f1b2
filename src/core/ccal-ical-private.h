/* ccal-ical-private.h — libical-glib glue the core shares internally
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libical-glib/libical-glib.h>

G_BEGIN_DECLS

/* libical-glib 3.0 ships no autoptr cleanups. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalTime, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalComponent, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalProperty, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalRecurrence, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalRecurIterator, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalDuration, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ICalTimezone, g_object_unref)

/* The zone for an IANA id from the system zone data (transfer none), "UTC" included; NULL if unknown. */
ICalTimezone *ccal_ical_zone_lookup (const char *tzid);

G_END_DECLS
