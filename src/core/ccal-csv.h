/* ccal-csv.h — writing CSV (RFC 4180) for the exports a spreadsheet opens
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends one record of @n_fields fields to @out, ended by CRLF. A field holding a comma, a quote,
 * CR or LF is quoted with its quotes doubled; NULL is an empty field. A field that a spreadsheet
 * would run as a formula (starting with =, @, tab or CR, or + / - not followed by a number such as a
 * phone number) gets a leading apostrophe: exports hold what callers typed (CSV injection). */
void ccal_csv_append_row (GString            *out,
                          const char * const *fields,
                          gsize               n_fields);

G_END_DECLS
