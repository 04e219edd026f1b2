/* ccal-validation.c — checks of values a person types, each error naming its field
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include <string.h>

#include "ccal-time.h"
#include "ccal-validation.h"

#define NAME_MAX_CHARS         200
#define EMAIL_MAX_CHARS        254 /* RFC 5321's limit on a forward path */
#define PHONE_MAX_CHARS        40
#define PHONE_MIN_DIGITS       5
#define WORKSPACE_ID_MAX_CHARS 64

/* How a message refers to a field, and the unit of a number entered in it. */
typedef struct
{
  const char *field;
  const char *label;
  const char *unit;
} FieldLabel;

static const FieldLabel field_labels[] = {
  { "name", "the name", NULL },
  { "title", "the title", NULL },
  { "description", "the description", NULL },
  { "location", "the location", NULL },
  { "notes", "the notes", NULL },
  { "meeting_link", "the meeting link", NULL },
  { "product_interest", "the product interest", NULL },
  { "duration_minutes", "the duration", "minutes" },
  { "slot_minutes", "the slot length", "minutes" },
  { "buffer_before_minutes", "the buffer before each booking", "minutes" },
  { "buffer_after_minutes", "the buffer after each booking", "minutes" },
  { "min_notice_minutes", "the minimum notice", "minutes" },
  { "max_advance_days", "how far ahead people can book", "days" },
};

static const FieldLabel *
lookup_field (const char *field)
{
  const char *last;

  if (field == NULL)
    return NULL;

  /* "contact.name", "result.notes": the last part says what the value is. */
  last = strrchr (field, '.');
  last = last != NULL ? last + 1 : field;

  for (guint i = 0; i < G_N_ELEMENTS (field_labels); i++)
    {
      if (g_str_equal (field_labels[i].field, last))
        return &field_labels[i];
    }
  return NULL;
}

/* "the meeting link" for a known field, else "the <field with spaces>", else "this value". */
static char *
describe_field (const char *field)
{
  const FieldLabel *known = lookup_field (field);
  const char *last;
  g_autofree char *words = NULL;

  if (known != NULL)
    return g_strdup (known->label);
  if (field == NULL || *field == '\0')
    return g_strdup ("this value");

  last = strrchr (field, '.');
  words = g_strdup (last != NULL ? last + 1 : field);
  g_strdelimit (words, "_", ' ');
  return g_strconcat ("the ", words, NULL);
}

static gboolean
set_invalid (GError    **error,
             const char *field,
             const char *message)
{
  ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field, "%s", message);
  return FALSE;
}

static gboolean
has_control_characters (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        return TRUE;
    }
  return FALSE;
}

gboolean
ccal_validate_name (const char *value,
                    const char *field,
                    GError    **error)
{
  gboolean blank = TRUE;

  if (value == NULL || *value == '\0')
    return set_invalid (error, field, "Enter a name.");
  if (!g_utf8_validate (value, -1, NULL))
    return set_invalid (error, field, "Retype the name: it contains characters that are not valid text.");

  for (const char *p = value; *p != '\0' && blank; p = g_utf8_next_char (p))
    blank = g_unichar_isspace (g_utf8_get_char (p));
  if (blank)
    return set_invalid (error, field, "Enter a name.");

  /* A line break in a name ends up in e-mail headers and one-line lists. */
  if (has_control_characters (value))
    return set_invalid (error, field, "Remove line breaks and tabs from the name.");
  if (g_utf8_strlen (value, -1) > NAME_MAX_CHARS)
    return set_invalid (error, field, "Shorten the name to 200 characters or fewer.");

  return TRUE;
}

gboolean
ccal_validate_email (const char *value,
                     const char *field,
                     GError    **error)
{
  static const char example[] = "Enter an e-mail address such as name@example.com.";
  const char *at;
  const char *domain;

  if (value == NULL || *value == '\0' || !g_utf8_validate (value, -1, NULL))
    return set_invalid (error, field, example);
  if (g_utf8_strlen (value, -1) > EMAIL_MAX_CHARS)
    return set_invalid (error, field, "Shorten the e-mail address to 254 characters or fewer.");

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        return set_invalid (error, field, "Remove the spaces from the e-mail address.");
      /* What people paste from a mail client ("Ann <ann@example.com>", lists): not one plain address. */
      if (g_unichar_iscntrl (c) || (c < 0x80 && strchr ("<>()[]\\,;:\"", (int) c) != NULL))
        return set_invalid (error, field, example);
    }

  at = strchr (value, '@');
  if (at == NULL || at == value || strchr (at + 1, '@') != NULL)
    return set_invalid (error, field, example);

  domain = at + 1;
  if (*domain == '\0' || *domain == '.' || g_str_has_suffix (domain, ".") || strchr (domain, '.') == NULL ||
      strstr (domain, "..") != NULL)
    return set_invalid (error, field, example);

  return TRUE;
}

gboolean
ccal_validate_phone (const char *value,
                     const char *field,
                     GError    **error)
{
  guint digits = 0;

  if (value == NULL || *value == '\0')
    return TRUE;

  for (const char *p = value; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr (" +-()", *p) == NULL)
        return set_invalid (error, field, "Enter the phone number using only digits, spaces and + - ( ).");
    }

  /* Only ASCII is left, so bytes are characters. */
  if (strlen (value) > PHONE_MAX_CHARS)
    return set_invalid (error, field, "Shorten the phone number to 40 characters or fewer.");
  if (digits < PHONE_MIN_DIGITS)
    return set_invalid (error, field, "Enter a phone number with at least 5 digits, or leave it empty.");

  return TRUE;
}

gboolean
ccal_validate_uuid (const char *value,
                    const char *field,
                    GError    **error)
{
  /* Canonical 8-4-4-4-12; the server writes lower case but upper case is the same id. */
  static const guint dashes[] = { 8, 13, 18, 23 };
  gsize length = value != NULL ? strlen (value) : 0;

  if (length != 36)
    goto invalid;

  for (guint i = 0, d = 0; i < 36; i++)
    {
      if (d < G_N_ELEMENTS (dashes) && i == dashes[d])
        {
          if (value[i] != '-')
            goto invalid;
          d++;
        }
      else if (!g_ascii_isxdigit (value[i]))
        goto invalid;
    }
  return TRUE;

invalid:
  return set_invalid (error, field, "Enter an ID in the form 123e4567-e89b-12d3-a456-426614174000.");
}

gboolean
ccal_validate_workspace_id (const char *value,
                            const char *field,
                            GError    **error)
{
  if (value == NULL || *value == '\0')
    return set_invalid (error, field, "Enter a workspace ID.");

  for (const char *p = value; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '_' && *p != '-')
        return set_invalid (error, field, "Use only letters A–Z, digits, “-” and “_” in the workspace ID.");
    }

  if (strlen (value) > WORKSPACE_ID_MAX_CHARS)
    return set_invalid (error, field, "Shorten the workspace ID to 64 characters or fewer.");

  return TRUE;
}

gboolean
ccal_validate_timezone (const char *value,
                        const char *field,
                        GError    **error)
{
  if (value == NULL || *value == '\0')
    return set_invalid (error, field, "Choose a time zone, such as Europe/Berlin.");
  if (ccal_time_zone_is_known (value))
    return TRUE;

  /* Echo what was typed only when it is short, readable text. */
  if (strlen (value) <= 64 && g_utf8_validate (value, -1, NULL) && !has_control_characters (value))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field,
                           "Choose a time zone from the list, such as Europe/Berlin: “%s” is not one.", value);
      return FALSE;
    }
  return set_invalid (error, field, "Choose a time zone from the list, such as Europe/Berlin.");
}

gboolean
ccal_validate_time_range (gint64      start,
                          gint64      end,
                          const char *field,
                          GError    **error)
{
  if (end > start)
    return TRUE;
  return set_invalid (error, field, "Choose an end time after the start time.");
}

gboolean
ccal_validate_int_range (gint64      value,
                         gint64      min,
                         gint64      max,
                         const char *field,
                         GError    **error)
{
  const FieldLabel *known;
  g_autofree char *label = NULL;
  g_autofree char *unit = NULL;

  if (value >= min && value <= max)
    return TRUE;

  known = lookup_field (field);
  label = describe_field (field);
  unit = known != NULL && known->unit != NULL ? g_strdup_printf ("of %s ", known->unit) : g_strdup ("");
  ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field,
                       "Enter a whole number %sfrom %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT " for %s.",
                       unit, min, max, label);
  return FALSE;
}

gboolean
ccal_validate_text_length (const char *value,
                           gsize       max_chars,
                           const char *field,
                           GError    **error)
{
  g_autofree char *label = NULL;

  if (value == NULL)
    return TRUE;

  label = describe_field (field);
  if (!g_utf8_validate (value, -1, NULL))
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field,
                           "Retype %s: it contains characters that are not valid text.", label);
      return FALSE;
    }
  if ((gsize) g_utf8_strlen (value, -1) > max_chars)
    {
      ccal_core_set_error (error, CCAL_CORE_ERROR_INVALID, field,
                           "Shorten %s to %" G_GSIZE_FORMAT " %s or fewer.", label, max_chars,
                           max_chars == 1 ? "character" : "characters");
      return FALSE;
    }
  return TRUE;
}

char *
ccal_uuid_new (void)
{
  return g_uuid_string_random ();
}
