/* ccal-validation.h — checks of values a person types, each error naming its field
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "ccal-core-types.h"

G_BEGIN_DECLS

/* Each returns TRUE when @value is acceptable, else FALSE with a CCAL_CORE_ERROR_INVALID whose
 * field is @field and whose message a person can act on ("Enter an e-mail address like …"). */
gboolean ccal_validate_name         (const char *value, const char *field, GError **error); /* 1–200 chars, not blank */
gboolean ccal_validate_email        (const char *value, const char *field, GError **error);
gboolean ccal_validate_phone        (const char *value, const char *field, GError **error); /* NULL/"" is fine */
gboolean ccal_validate_uuid         (const char *value, const char *field, GError **error);
gboolean ccal_validate_workspace_id (const char *value, const char *field, GError **error); /* 1–64 [A-Za-z0-9_-] */
gboolean ccal_validate_timezone     (const char *value, const char *field, GError **error);
gboolean ccal_validate_time_range   (gint64 start, gint64 end, const char *field, GError **error); /* end > start */
gboolean ccal_validate_int_range    (gint64 value, gint64 min, gint64 max, const char *field, GError **error);
gboolean ccal_validate_text_length  (const char *value, gsize max_chars, const char *field, GError **error); /* NULL ok */

/* A new random UUID, lower-case. */
char    *ccal_uuid_new              (void);

G_END_DECLS
