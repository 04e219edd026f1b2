/* ccal-db-sqlite.h — the embedded SQLite storage backend
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "ccal-db.h"

G_BEGIN_DECLS

#define CCAL_TYPE_DB_SQLITE (ccal_db_sqlite_get_type ())
G_DECLARE_FINAL_TYPE (CcalDbSqlite, ccal_db_sqlite, CCAL, DB_SQLITE, CcalDb)

/* Opens (creating it when missing) the database file at @path, in WAL mode. Connections are made
 * on demand, one per concurrent caller, and reused. Does not migrate. */
CcalDb   *ccal_db_sqlite_new             (const char  *path,
                                          GError     **error);

/* ccal_db_import_bookings() for this backend (kept for its callers).
 * Stores many bookings in one transaction, without any slot or overlap check: for tests,
 * benchmarks and demo data that know their bookings do not overlap. Contacts are found or created
 * by e-mail; each booking gets a creation history entry and its own change sequence; missing ids
 * are generated; created_at/updated_at are kept when set (non-zero). */
gboolean  ccal_db_sqlite_import_bookings (CcalDb      *db,
                                          GPtrArray   *bookings,
                                          GError     **error);

G_END_DECLS
