/* ccal-core-types.c — enum spellings, status rules and the core error domain
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "ccal-core"

#include "config.h"

#include "ccal-core-types.h"

typedef struct
{
  char *field;
} CcalCoreErrorPrivate;

static void
ccal_core_error_private_init (CcalCoreErrorPrivate *priv)
{
  priv->field = NULL;
}

static void
ccal_core_error_private_copy (const CcalCoreErrorPrivate *src,
                              CcalCoreErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
}

static void
ccal_core_error_private_clear (CcalCoreErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

/* An extended error domain (GLib ≥ 2.68) so a validation error can carry the field it is about. */
G_DEFINE_EXTENDED_ERROR (CcalCoreError, ccal_core_error)

void
ccal_core_set_error (GError    **error,
                     CcalCoreError code,
                     const char *field,
                     const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  GError *new_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  new_error = g_error_new_literal (CCAL_CORE_ERROR, code, message);
  if (field != NULL)
    {
      CcalCoreErrorPrivate *priv = ccal_core_error_get_private (new_error);
      priv->field = g_strdup (field);
    }
  g_propagate_error (error, new_error);
}

const char *
ccal_core_error_get_field (const GError *error)
{
  CcalCoreErrorPrivate *priv;

  if (error == NULL || error->domain != CCAL_CORE_ERROR)
    return NULL;

  priv = ccal_core_error_get_private (error);
  return priv != NULL ? priv->field : NULL;
}

static gboolean
lookup_name (const char *const *names,
             guint               n_names,
             const char         *text,
             int                *out_value)
{
  if (text == NULL)
    return FALSE;

  for (guint i = 0; i < n_names; i++)
    {
      if (g_str_equal (names[i], text))
        {
          *out_value = (int) i;
          return TRUE;
        }
    }
  return FALSE;
}

static const char *const event_type_names[] = { "availability", "blocked", "event" };
static const char *const event_status_names[] = { "pending", "confirmed", "cancelled" };
static const char *const booking_status_names[] = { "pending", "confirmed", "cancelled", "completed", "no_show" };
static const char *const booking_source_names[] = { "public", "staff" };
static const char *const role_names[] = { "staff", "admin" };

#define DEFINE_ENUM_STRINGS(Type, prefix, names)                                   \
  const char *                                                                     \
  prefix##_to_string (Type value)                                                  \
  {                                                                                \
    g_return_val_if_fail ((guint) value < G_N_ELEMENTS (names), NULL);             \
    return names[value];                                                           \
  }                                                                                \
                                                                                   \
  gboolean                                                                         \
  prefix##_from_string (const char *text,                                          \
                        Type       *out_value)                                     \
  {                                                                                \
    int value;                                                                     \
    if (!lookup_name (names, G_N_ELEMENTS (names), text, &value))                  \
      return FALSE;                                                                \
    if (out_value != NULL)                                                         \
      *out_value = (Type) value;                                                   \
    return TRUE;                                                                   \
  }

DEFINE_ENUM_STRINGS (CcalEventType, ccal_event_type, event_type_names)
DEFINE_ENUM_STRINGS (CcalEventStatus, ccal_event_status, event_status_names)
DEFINE_ENUM_STRINGS (CcalBookingStatus, ccal_booking_status, booking_status_names)
DEFINE_ENUM_STRINGS (CcalBookingSource, ccal_booking_source, booking_source_names)
DEFINE_ENUM_STRINGS (CcalRole, ccal_role, role_names)

gboolean
ccal_booking_status_can_change (CcalBookingStatus from,
                                CcalBookingStatus to)
{
  switch (from)
    {
    case CCAL_BOOKING_STATUS_PENDING:
      return to == CCAL_BOOKING_STATUS_CONFIRMED || to == CCAL_BOOKING_STATUS_CANCELLED;
    case CCAL_BOOKING_STATUS_CONFIRMED:
      return to == CCAL_BOOKING_STATUS_COMPLETED ||
             to == CCAL_BOOKING_STATUS_NO_SHOW ||
             to == CCAL_BOOKING_STATUS_CANCELLED;
    case CCAL_BOOKING_STATUS_CANCELLED:
    case CCAL_BOOKING_STATUS_COMPLETED:
    case CCAL_BOOKING_STATUS_NO_SHOW:
    default:
      return FALSE;
    }
}

gboolean
ccal_booking_status_is_busy (CcalBookingStatus status)
{
  return status != CCAL_BOOKING_STATUS_CANCELLED;
}
