/* test-csv.c — CSV records a spreadsheet reads back as the same fields, and never runs as formulas
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-test"

#include "config.h"

#include "ccal-csv.h"

static char *
row (const char * const *fields,
     gsize               n_fields)
{
  GString *out = g_string_new (NULL);

  ccal_csv_append_row (out, fields, n_fields);
  return g_string_free (out, FALSE);
}

static void
test_csv_plain_and_quoted (void)
{
  const char *plain[] = { "2026-03-02 09:00", "Ada Lovelace", "ada@example.com" };
  const char *quoted[] = { "Smith, Jane", "She said \"hi\"", "two\nlines", NULL, "" };
  g_autofree char *a = row (plain, G_N_ELEMENTS (plain));
  g_autofree char *b = row (quoted, G_N_ELEMENTS (quoted));

  g_assert_cmpstr (a, ==, "2026-03-02 09:00,Ada Lovelace,ada@example.com\r\n");
  g_assert_cmpstr (b, ==, "\"Smith, Jane\",\"She said \"\"hi\"\"\",\"two\nlines\",,\r\n");
}

static void
test_csv_formula_injection (void)
{
  const char *fields[] = { "=HYPERLINK(\"http://x\")", "@SUM(A1)", "+SUM(A1)", "-cmd", "+49 30 1234567",
                           "-3", "+1 (555) 010-0199" };
  g_autofree char *text = row (fields, G_N_ELEMENTS (fields));

  g_assert_cmpstr (text, ==,
                   "\"'=HYPERLINK(\"\"http://x\"\")\",\"'@SUM(A1)\",\"'+SUM(A1)\",\"'-cmd\","
                   "+49 30 1234567,-3,+1 (555) 010-0199\r\n");
}

static void
test_csv_utf8_untouched (void)
{
  const char *fields[] = { "Jürgen Groß", "Zoë 😀" };
  g_autofree char *text = row (fields, G_N_ELEMENTS (fields));

  g_assert_cmpstr (text, ==, "Jürgen Groß,Zoë 😀\r\n");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/csv/plain-and-quoted", test_csv_plain_and_quoted);
  g_test_add_func ("/core/csv/formula-injection", test_csv_formula_injection);
  g_test_add_func ("/core/csv/utf8-untouched", test_csv_utf8_untouched);

  return g_test_run ();
}
