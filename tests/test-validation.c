/* test-validation.c — what the forms and the server accept from a person, and what they say otherwise
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include <string.h>

#include "ccal-core.h"

typedef gboolean (*ValidateFunc) (const char *value, const char *field, GError **error);

typedef struct
{
  const char *value;
  gboolean    ok;
} Case;

/* A message a person can act on: a capitalised sentence ending in a full stop. */
static void
assert_sentence (const char *message)
{
  gsize length;

  g_assert_nonnull (message);
  length = strlen (message);
  g_assert_cmpuint (length, >, 10);
  g_assert_true (g_ascii_isupper (message[0]));
  g_assert_cmpint (message[length - 1], ==, '.');
  g_assert_null (strstr (message, "(null)"));
}

static void
assert_invalid (const GError *error,
                const char   *field)
{
  g_assert_error (error, CCAL_CORE_ERROR, CCAL_CORE_ERROR_INVALID);
  g_assert_cmpstr (ccal_core_error_get_field (error), ==, field);
  assert_sentence (error->message);
}

static void
check_cases (ValidateFunc func,
             const char  *field,
             const Case  *cases,
             gsize        n_cases)
{
  for (gsize i = 0; i < n_cases; i++)
    {
      g_autoptr (GError) error = NULL;
      gboolean ok = func (cases[i].value, field, &error);

      if (ok != cases[i].ok)
        {
          g_test_fail_printf ("%s: “%s” was %s, expected %s", field, cases[i].value ? cases[i].value : "(NULL)",
                              ok ? "accepted" : "rejected", cases[i].ok ? "accepted" : "rejected");
          continue;
        }
      if (ok)
        g_assert_no_error (error);
      else
        assert_invalid (error, field);
    }
}

/* @unit repeated @count times. */
static char *
repeat (const char *unit,
        guint       count)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < count; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

static void
test_name (void)
{
  g_autofree char *ascii_200 = repeat ("a", 200);
  g_autofree char *ascii_201 = repeat ("a", 201);
  g_autofree char *accented_200 = repeat ("é", 200); /* 400 bytes, 200 characters */
  g_autofree char *accented_201 = repeat ("é", 201);
  const Case cases[] = {
    { "Ann", TRUE },
    { "Ann-Marie O'Neil", TRUE },
    { "José Müller", TRUE },
    { "李小龙", TRUE },
    { " Bob ", TRUE },
    { "A", TRUE },
    { ascii_200, TRUE },
    { accented_200, TRUE },
    { NULL, FALSE },
    { "", FALSE },
    { "   ", FALSE },
    { " \t ", FALSE },
    { "\xe3\x80\x80", FALSE }, /* an ideographic space only */
    { ascii_201, FALSE },
    { accented_201, FALSE },
    { "Ann\xff", FALSE },
    { "Ann\nBob", FALSE },
  };

  check_cases (ccal_validate_name, "name", cases, G_N_ELEMENTS (cases));
}

static void
test_name_messages (void)
{
  g_autofree char *long_name = repeat ("a", 201);
  g_autoptr (GError) blank = NULL;
  g_autoptr (GError) too_long = NULL;

  g_assert_false (ccal_validate_name ("  ", "name", &blank));
  g_assert_cmpstr (blank->message, ==, "Enter a name.");
  g_assert_false (ccal_validate_name (long_name, "name", &too_long));
  g_assert_cmpstr (too_long->message, ==, "Shorten the name to 200 characters or fewer.");
}

static void
test_email (void)
{
  /* 64 + 1 + 189 = 254 characters, the longest allowed. */
  g_autofree char *local = repeat ("a", 64);
  g_autofree char *label = repeat ("b", 63);
  g_autofree char *last_57 = repeat ("c", 57);
  g_autofree char *last_58 = repeat ("c", 58);
  g_autofree char *longest = g_strdup_printf ("%s@%s.%s.%s.com", local, label, label, last_57);
  g_autofree char *too_long = g_strdup_printf ("%s@%s.%s.%s.com", local, label, label, last_58);
  const Case cases[] = {
    { "name@example.com", TRUE },
    { "first.last+tag@sub.example.co.uk", TRUE },
    { "x@y.io", TRUE },
    { "o'brien@example.ie", TRUE },
    { "ünïcode@exämple.de", TRUE },
    { longest, TRUE },
    { NULL, FALSE },
    { "", FALSE },
    { "plainaddress", FALSE },
    { "@example.com", FALSE },
    { "name@", FALSE },
    { "name@example", FALSE },
    { "name@@example.com", FALSE },
    { "a@b@example.com", FALSE },
    { "name @example.com", FALSE },
    { "name@exa mple.com", FALSE },
    { " name@example.com", FALSE },
    { "name@example.com\n", FALSE },
    { "name@.example.com", FALSE },
    { "name@example.com.", FALSE },
    { "name@example..com", FALSE },
    { "Ann <ann@example.com>", FALSE },
    { "ann@example.com,bob@example.com", FALSE },
    { "name@example.com\xff", FALSE },
    { too_long, FALSE },
  };

  g_assert_cmpuint (strlen (longest), ==, 254);
  check_cases (ccal_validate_email, "email", cases, G_N_ELEMENTS (cases));
}

static void
test_email_messages (void)
{
  g_autoptr (GError) empty = NULL;
  g_autoptr (GError) spaced = NULL;

  g_assert_false (ccal_validate_email ("", "email", &empty));
  g_assert_cmpstr (empty->message, ==, "Enter an e-mail address such as name@example.com.");
  g_assert_false (ccal_validate_email ("ann @example.com", "email", &spaced));
  g_assert_cmpstr (spaced->message, ==, "Remove the spaces from the e-mail address.");
}

static void
test_phone (void)
{
  g_autofree char *digits_40 = repeat ("1", 40);
  g_autofree char *digits_41 = repeat ("1", 41);
  const Case cases[] = {
    { NULL, TRUE }, /* optional */
    { "", TRUE },
    { "12345", TRUE },
    { "+49 30 1234567", TRUE },
    { "(030) 123-4567", TRUE },
    { "+1 (555) 123-4567", TRUE },
    { digits_40, TRUE },
    { "1234", FALSE },
    { "+-() 1 2 3 4", FALSE },
    { digits_41, FALSE },
    { "+1 (555) 12a-4567", FALSE },
    { "call me", FALSE },
    { "555.123.4567", FALSE },
    { "555/1234567", FALSE },
    { "\xe2\x98\x8e 12345", FALSE }, /* ☎ */
    { "12345\n", FALSE },
  };

  check_cases (ccal_validate_phone, "phone", cases, G_N_ELEMENTS (cases));
}

static void
test_uuid (void)
{
  const Case cases[] = {
    { "123e4567-e89b-12d3-a456-426614174000", TRUE },
    { "123E4567-E89B-12D3-A456-426614174000", TRUE },
    { "00000000-0000-0000-0000-000000000000", TRUE },
    { NULL, FALSE },
    { "", FALSE },
    { "123e4567e89b12d3a456426614174000", FALSE },
    { "{123e4567-e89b-12d3-a456-426614174000}", FALSE },
    { "123e4567-e89b-12d3-a456-42661417400", FALSE },
    { "123e4567-e89b-12d3-a456-4266141740000", FALSE },
    { "123e4567-e89b-12d3-a456_426614174000", FALSE },
    { "g23e4567-e89b-12d3-a456-426614174000", FALSE },
    { "123e4567-e89b-12d3-a456-426614174000 ", FALSE },
    { "123e45678-e89-12d3-a456-426614174000", FALSE },
    { "123e4567-e89b-12d3-a456-42661417400-", FALSE },
  };

  check_cases (ccal_validate_uuid, "admin_id", cases, G_N_ELEMENTS (cases));
}

static void
test_workspace_id (void)
{
  g_autofree char *chars_64 = repeat ("w", 64);
  g_autofree char *chars_65 = repeat ("w", 65);
  const Case cases[] = {
    { "acme", TRUE },
    { "A", TRUE },
    { "Acme_Sales-2026", TRUE },
    { "-_-", TRUE },
    { chars_64, TRUE },
    { NULL, FALSE },
    { "", FALSE },
    { chars_65, FALSE },
    { "acme corp", FALSE },
    { "acme.corp", FALSE },
    { "acme/sales", FALSE },
    { "ümlaut", FALSE },
    { "acme\n", FALSE },
  };

  check_cases (ccal_validate_workspace_id, "workspace_id", cases, G_N_ELEMENTS (cases));
}

static void
test_timezone (void)
{
  const Case cases[] = {
    { "UTC", TRUE },
    { "Europe/Berlin", TRUE },
    { "America/New_York", TRUE },
    { "Asia/Kolkata", TRUE },
    { NULL, FALSE },
    { "", FALSE },
    { "Mars/Olympus_Mons", FALSE },
    { "Europe/Atlantis", FALSE },
  };
  g_autoptr (GError) error = NULL;
  g_autoptr (GError) unreadable = NULL;

  check_cases (ccal_validate_timezone, "timezone", cases, G_N_ELEMENTS (cases));

  /* What was typed is echoed so the person sees the mistake; unreadable text is not. */
  g_assert_false (ccal_validate_timezone ("Europe/Berln", "timezone", &error));
  g_assert_nonnull (strstr (error->message, "Europe/Berln"));
  g_assert_false (ccal_validate_timezone ("Europe/\xff", "timezone", &unreadable));
  assert_invalid (unreadable, "timezone");
  g_assert_true (g_utf8_validate (unreadable->message, -1, NULL));
}

static void
test_time_range (void)
{
  gint64 start = G_GINT64_CONSTANT (1796115600) * CCAL_USEC_PER_SECOND;
  g_autoptr (GError) equal = NULL;
  g_autoptr (GError) reversed = NULL;

  g_assert_true (ccal_validate_time_range (start, start + 1, "end_time", NULL));
  g_assert_true (ccal_validate_time_range (start, start + CCAL_USEC_PER_HOUR, "end_time", NULL));

  g_assert_false (ccal_validate_time_range (start, start, "end_time", &equal));
  assert_invalid (equal, "end_time");
  g_assert_cmpstr (equal->message, ==, "Choose an end time after the start time.");

  g_assert_false (ccal_validate_time_range (start, start - CCAL_USEC_PER_MINUTE, "end_time", &reversed));
  assert_invalid (reversed, "end_time");
}

static void
test_int_range (void)
{
  g_autoptr (GError) below = NULL;
  g_autoptr (GError) above = NULL;
  g_autoptr (GError) unknown_field = NULL;

  g_assert_true (ccal_validate_int_range (5, 5, 480, "slot_minutes", NULL));
  g_assert_true (ccal_validate_int_range (480, 5, 480, "slot_minutes", NULL));

  g_assert_false (ccal_validate_int_range (4, 5, 480, "slot_minutes", &below));
  assert_invalid (below, "slot_minutes");
  g_assert_cmpstr (below->message, ==, "Enter a whole number of minutes from 5 to 480 for the slot length.");

  g_assert_false (ccal_validate_int_range (481, 5, 480, "slot_minutes", &above));
  assert_invalid (above, "slot_minutes");

  g_assert_false (ccal_validate_int_range (-1, 0, G_MAXINT64, "retry_count", &unknown_field));
  assert_invalid (unknown_field, "retry_count");
  g_assert_nonnull (strstr (unknown_field->message, "the retry count"));
}

static void
test_text_length (void)
{
  g_autofree char *accented_200 = repeat ("ö", 200);
  g_autofree char *accented_201 = repeat ("ö", 201);
  g_autoptr (GError) too_long = NULL;
  g_autoptr (GError) unreadable = NULL;
  g_autoptr (GError) nested = NULL;

  g_assert_true (ccal_validate_text_length (NULL, 200, "title", NULL));
  g_assert_true (ccal_validate_text_length ("", 200, "title", NULL));
  /* Characters are counted, not bytes. */
  g_assert_true (ccal_validate_text_length (accented_200, 200, "title", NULL));

  g_assert_false (ccal_validate_text_length (accented_201, 200, "title", &too_long));
  assert_invalid (too_long, "title");
  g_assert_cmpstr (too_long->message, ==, "Shorten the title to 200 characters or fewer.");

  g_assert_false (ccal_validate_text_length ("caf\xc3", 200, "description", &unreadable));
  assert_invalid (unreadable, "description");

  g_assert_false (ccal_validate_text_length ("abcdef", 5, "result.notes", &nested));
  g_assert_cmpstr (nested->message, ==, "Shorten the notes to 5 characters or fewer.");
}

static void
test_no_error_location (void)
{
  /* Callers that only want a yes/no pass NULL. */
  g_assert_false (ccal_validate_email ("nope", "email", NULL));
  g_assert_false (ccal_validate_name (NULL, "name", NULL));
  g_assert_false (ccal_validate_int_range (0, 1, 2, "max_advance_days", NULL));
  g_assert_true (ccal_validate_uuid ("123e4567-e89b-12d3-a456-426614174000", NULL, NULL));
}

static void
test_uuid_new (void)
{
  g_autofree char *a = ccal_uuid_new ();
  g_autofree char *b = ccal_uuid_new ();
  g_autofree char *lower = NULL;

  g_assert_true (ccal_validate_uuid (a, "id", NULL));
  g_assert_true (ccal_validate_uuid (b, "id", NULL));
  g_assert_cmpstr (a, !=, b);

  /* The contract's ids are lower-case text. */
  lower = g_ascii_strdown (a, -1);
  g_assert_cmpstr (a, ==, lower);
  /* Version 4. */
  g_assert_cmpint (a[14], ==, '4');
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/validation/name", test_name);
  g_test_add_func ("/core/validation/name-messages", test_name_messages);
  g_test_add_func ("/core/validation/email", test_email);
  g_test_add_func ("/core/validation/email-messages", test_email_messages);
  g_test_add_func ("/core/validation/phone", test_phone);
  g_test_add_func ("/core/validation/uuid", test_uuid);
  g_test_add_func ("/core/validation/workspace-id", test_workspace_id);
  g_test_add_func ("/core/validation/timezone", test_timezone);
  g_test_add_func ("/core/validation/time-range", test_time_range);
  g_test_add_func ("/core/validation/int-range", test_int_range);
  g_test_add_func ("/core/validation/text-length", test_text_length);
  g_test_add_func ("/core/validation/no-error-location", test_no_error_location);
  g_test_add_func ("/core/validation/uuid-new", test_uuid_new);

  return g_test_run ();
}
