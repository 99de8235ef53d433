// Internal: everything needed to open connections to one server, owned (no reference into another
// object), so that a pool per node of a cluster, or a primary found by a sentinel at run time, gets
// its own. The connection options are shared and immutable: every connection of the endpoint reads
// the same copy.
#pragma once

#include <memory>

#include "sync/connection.hpp"
#include "sync/net/stream.hpp"
#include "typedis/connection_options.hpp"

namespace typedis {

struct endpoint {
  std::shared_ptr<const connection_options> options;
  std::shared_ptr<net::tls_context> tls;  // null unless options->transport is tls
  connection::push_handler on_push;       // RESP3 pushes arriving between replies

  // Copies `options`; makes the TLS context (reading certificate files) when the transport is TLS.
  static endpoint make(connection_options options, connection::push_handler on_push = {});

  // Connects and runs the handshake (throws as connection::open).
  std::unique_ptr<connection> open() const;
};

}  // namespace typedis
