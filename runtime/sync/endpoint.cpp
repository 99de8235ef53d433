#include "sync/endpoint.hpp"

#include <chrono>
#include <exception>

#include "core/observed_call.hpp"

namespace typedis {

endpoint endpoint::make(connection_options options, connection::push_handler on_push,
                        std::shared_ptr<typedis::observer> observer) {
  endpoint e;
  e.name = options.endpoint();
  e.observer = std::move(observer);
  e.tls = options.transport == transport_kind::tls ? net::make_tls_context(options.tls) : nullptr;
  e.options = std::make_shared<const connection_options>(std::move(options));
  e.on_push = std::move(on_push);
  return e;
}

std::unique_ptr<connection> endpoint::open() const {
  const auto started = std::chrono::steady_clock::now();
  try {
    auto c = connection::open(options, tls);
    if (on_push) c->set_push_handler(on_push);
    detail::report(observer.get(), connection_event_kind::connect, name, {}, std::chrono::steady_clock::now() - started);
    return c;
  } catch (const std::exception& e) {
    detail::report(observer.get(), connection_event_kind::connect_failed, name, e.what(),
                   std::chrono::steady_clock::now() - started);
    throw;
  }
}

}  // namespace typedis
