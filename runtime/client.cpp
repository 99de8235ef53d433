#include "typedis/client.hpp"

#include "batch_runner.hpp"
#include "connection.hpp"
#include "pinned_connection_impl.hpp"
#include "net/stream.hpp"
#include "pool.hpp"
#include "typedis/error.hpp"
#include "typedis/url.hpp"

namespace typedis {

struct client::impl final : detail::batch_runner {
  explicit impl(client_options o)
      : options(std::move(o)),
        tls(options.connection.transport == transport_kind::tls ? net::make_tls_context(options.connection.tls) : nullptr),
        pool(options.pool, [this] { return connection::open(options.connection, tls); }) {}

  void run_batch(const detail::batch& commands, detail::reply_handler on_reply) override {
    auto conn = pool.acquire();
    run_batch_on(*conn, commands, on_reply);
  }

  client_options options;
  std::shared_ptr<net::tls_context> tls;
  connection_pool pool;
};

client::client(std::string_view url) : client(parse_url(url)) {}
client::client(client_options options) : impl_(std::make_unique<impl>(std::move(options))) {}
client::~client() = default;
client::client(client&&) noexcept = default;
client& client::operator=(client&&) noexcept = default;

const client_options& client::options() const noexcept { return impl_->options; }

pool_stats client::stats() const { return impl_->pool.stats(); }

void client::close() {
  if (impl_) impl_->pool.close();
}

detail::batch_runner& client::runner() {
  if (!impl_) throw closed_error("client was moved from");
  return *impl_;
}

pinned_connection client::pin() {
  if (!impl_) throw closed_error("client was moved from");
  return pinned_connection(std::make_unique<pinned_connection::impl>(impl_->pool.acquire()));
}

void client::execute_raw(std::string_view request, std::string_view name, const command_info&,
                         detail::function_ref<void(resp::reply_cursor&)> decode) {
  if (!impl_) throw closed_error(std::string(name) + ": client was moved from");
  auto conn = impl_->pool.acquire();
  conn->roundtrip(request, name, decode);
}

}  // namespace typedis
