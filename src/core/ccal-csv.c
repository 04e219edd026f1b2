/* ccal-csv.c — writing CSV (RFC 4180) for the exports a spreadsheet opens
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include <string.h>

#include "ccal-csv.h"

/* "+49 30 1234", "-3", "+1 (555) 010-0199": a sign before a number or a phone number is data. */
static gboolean
is_signed_number (const char *text)
{
  gboolean digits = FALSE;

  for (const char *p = text + 1; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits = TRUE;
      else if (strchr (" ()-+./", *p) == NULL)
        return FALSE;
    }
  return digits;
}

static gboolean
looks_like_formula (const char *text)
{
  switch (text[0])
    {
    case '=':
    case '@':
    case '\t':
    case '\r':
      return TRUE;
    case '+':
    case '-':
      return !is_signed_number (text);
    default:
      return FALSE;
    }
}

static void
append_field (GString    *out,
              const char *field)
{
  gboolean formula;

  if (field == NULL || field[0] == '\0')
    return;

  formula = looks_like_formula (field);
  if (!formula && strpbrk (field, ",\"\r\n") == NULL)
    {
      g_string_append (out, field);
      return;
    }

  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

void
ccal_csv_append_row (GString            *out,
                     const char * const *fields,
                     gsize               n_fields)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (fields != NULL || n_fields == 0);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_field (out, fields[i]);
    }
  g_string_append (out, "\r\n");
}
