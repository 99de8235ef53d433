#include "sync/endpoint.hpp"

#include <chrono>
#include <exception>

#include "core/observed_call.hpp"
#include "sentinel/locator.hpp"

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

endpoint endpoint::make(const client_options& o, connection::push_handler on_push) {
  if (!o.sentinel) return make(o.connection, std::move(on_push), o.observer);
  endpoint e;
  e.locator = sentinel_impl::make_locator(o);
  e.name = "sentinel:" + o.sentinel->master_name;
  e.observer = o.observer;
  e.options = std::make_shared<const connection_options>(o.connection);
  e.on_push = std::move(on_push);
  return e;
}

bool endpoint::current(const connection& c) const noexcept {
  return !locator || c.generation == locator->generation();
}

std::unique_ptr<connection> endpoint::open() const {
  const auto started = std::chrono::steady_clock::now();
  try {
    auto c = locator ? locator->open(tls) : connection::open(options, tls);
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
