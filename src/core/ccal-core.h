/* ccal-core.h — the core library: everything the server and the app share
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ccal-analytics.h"
#include "ccal-availability.h"
#include "ccal-booking.h"
#include "ccal-contact.h"
#include "ccal-core-types.h"
#include "ccal-csv.h"
#include "ccal-event.h"
#include "ccal-ical.h"
#include "ccal-layout.h"
#include "ccal-occurrence.h"
#include "ccal-recurrence.h"
#include "ccal-settings.h"
#include "ccal-slots.h"
#include "ccal-time.h"
#include "ccal-validation.h"
