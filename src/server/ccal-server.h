/* ccal-server.h — the calendar HTTP API server: a SoupServer, a worker pool and the routes
 *
 * Copyright 2026 The CustomerConnects Calendar authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "ccal-db.h"

G_BEGIN_DECLS

typedef struct
{
  const char         *listen_address;      /* an IP address; default "127.0.0.1" */
  guint               port;                /* 0 picks a free port; default 8080 */
  GBytes             *jwt_secret;          /* NULL: only API keys are accepted */
  const char * const *cors_origins;        /* NULL-terminated origins that get CORS headers; NULL: none */
  guint               n_workers;           /* threads running handlers; 0: 2 × processors, at least 4 */
  double              rate_limit;          /* public requests per second per client address; ≤ 0: off */
  guint               rate_burst;          /* bucket size */
  guint               shutdown_timeout;    /* seconds in-flight requests get on stop */
} CcalServerOptions;

#define CCAL_SERVER_DEFAULT_PORT             8080
#define CCAL_SERVER_DEFAULT_RATE_LIMIT       20.0
#define CCAL_SERVER_DEFAULT_RATE_BURST       40
#define CCAL_SERVER_DEFAULT_SHUTDOWN_TIMEOUT 10

/* Fills @options with the defaults above. */
void ccal_server_options_init (CcalServerOptions *options);

#define CCAL_TYPE_SERVER (ccal_server_get_type ())
G_DECLARE_FINAL_TYPE (CcalServer, ccal_server, CCAL, SERVER, GObject)

/* A server answering from @db (migrated already). @options is copied. */
CcalServer *ccal_server_new           (CcalDb                  *db,
                                       const CcalServerOptions *options);

/* Starts listening on the options' address and port (on the thread-default main context). */
gboolean    ccal_server_listen        (CcalServer              *self,
                                       GError                 **error);

/* "http://127.0.0.1:8080" once listening (the real port when 0 was asked), else NULL. */
char       *ccal_server_get_base_url  (CcalServer              *self);

/* Stops gracefully: stops accepting connections, answers new requests on open connections with
 * 503, waits up to the shutdown timeout for requests in flight, then disconnects everyone and stops
 * the workers. The result is TRUE when every request finished in time. The database is not closed
 * (it belongs to the caller). */
void        ccal_server_stop_async    (CcalServer              *self,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data);
gboolean    ccal_server_stop_finish   (CcalServer              *self,
                                       GAsyncResult            *result,
                                       GError                 **error);

/* Requests being handled now (tests and shutdown). */
guint       ccal_server_get_n_in_flight (CcalServer            *self);

G_END_DECLS
