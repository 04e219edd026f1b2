/* ccal-db-postgres.h — the PostgreSQL storage backend: many server processes, one database
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ccal-db.h"

G_BEGIN_DECLS

#define CCAL_TYPE_DB_POSTGRES (ccal_db_postgres_get_type ())
G_DECLARE_FINAL_TYPE (CcalDbPostgres, ccal_db_postgres, CCAL, DB_POSTGRES, CcalDb)

/* Connects to the database a libpq URI ("postgresql://user@host:port/db?…") names. Connections
 * are made on demand, one per concurrent caller up to a limit, and reused; a connection that the
 * server dropped (a restart, a network cut) is made again on its next use. Does not migrate.
 * CCAL_DB_ERROR_UNAVAILABLE when the server cannot be reached, INVALID for a malformed URI. */
CcalDb *ccal_db_postgres_new (const char  *uri,
                              GError     **error);

G_END_DECLS
