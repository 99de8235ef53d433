// typedis::net::connect: picks the transport and runs it within connect_timeout.
#include "sync/net/dial.hpp"
#include "sync/net/socket_stream.hpp"
#include "sync/net/stream.hpp"
#include "core/tls_context.hpp"
#include "sync/net/tls_stream.hpp"

namespace typedis::net {

std::unique_ptr<stream> connect(const connection_options& options, const std::shared_ptr<tls_context>& tls) {
  // One deadline for everything: resolution, every address tried, and the TLS handshake.
  const deadline until = deadline_after(options.connect_timeout);
  switch (options.transport) {
    case transport_kind::unix_socket:
      return std::make_unique<socket_stream>(dial_unix(options, until), options.endpoint());
    case transport_kind::tls: {
      // Callers should pass the client's shared context; building one here keeps a lone
      // connection (tests, tools) working, at the cost of reloading the trust store.
      std::shared_ptr<tls_context> context = tls ? tls : make_tls_context(options.tls);
      unique_fd fd = dial_tcp(options, until);
      return tls_stream::handshake(std::move(fd), options, std::move(context), until);
    }
    case transport_kind::tcp:
      break;
  }
  return std::make_unique<socket_stream>(dial_tcp(options, until), options.endpoint());
}

}  // namespace typedis::net
