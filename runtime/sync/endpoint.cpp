#include "sync/endpoint.hpp"

namespace typedis {

endpoint endpoint::make(connection_options options, connection::push_handler on_push) {
  endpoint e;
  e.tls = options.transport == transport_kind::tls ? net::make_tls_context(options.tls) : nullptr;
  e.options = std::make_shared<const connection_options>(std::move(options));
  e.on_push = std::move(on_push);
  return e;
}

std::unique_ptr<connection> endpoint::open() const {
  auto c = connection::open(*options, tls);
  if (on_push) c->set_push_handler(on_push);
  return c;
}

}  // namespace typedis
