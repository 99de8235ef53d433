// Internal: everything needed to open connections to one server, owned (no reference into another
// object), so that a pool per node of a cluster, or a primary found by a sentinel at run time, gets
// its own. The connection options are shared and immutable: every connection of the endpoint reads
// the same copy.
#pragma once

#include <memory>
#include <string>

#include "sync/connection.hpp"
#include "sync/net/stream.hpp"
#include "typedis/client_options.hpp"
#include "typedis/connection_options.hpp"
#include "typedis/observer.hpp"

namespace typedis {
namespace sentinel_impl {
class locator;
}

struct endpoint {
  std::shared_ptr<const connection_options> options;
  std::shared_ptr<net::tls_context> tls;  // null unless options->transport is tls
  connection::push_handler on_push;       // RESP3 pushes arriving between replies
  std::shared_ptr<typedis::observer> observer;  // told about connects and their failures; may be null
  std::string name;                       // "host:port" or the socket path, for observer events
  // Set for a sentinel-backed client: the node to dial is asked of it at each open().
  std::shared_ptr<sentinel_impl::locator> locator;

  // Copies `options`; makes the TLS context (reading certificate files) when the transport is TLS.
  static endpoint make(connection_options options, connection::push_handler on_push = {},
                       std::shared_ptr<typedis::observer> observer = {});
  // The endpoint of a client: its server, or the node its sentinels name (o.sentinel).
  static endpoint make(const client_options& o, connection::push_handler on_push);
  // Whether `c` still goes to the node this endpoint would dial (false: the primary moved).
  bool current(const connection& c) const noexcept;

  // Connects and runs the handshake (throws as connection::open); reports connect or
  // connect_failed to the observer.
  std::unique_ptr<connection> open() const;
};

}  // namespace typedis
