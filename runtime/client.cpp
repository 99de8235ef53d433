#include "typedis/client.hpp"

#include "batch_runner.hpp"
#include "connection.hpp"
#include "pinned_connection_impl.hpp"
#include "net/stream.hpp"
#include "pool.hpp"
#include "retry.hpp"
#include "typedis/error.hpp"

#include <optional>
#include <random>
#include <thread>
#include "typedis/url.hpp"

namespace typedis {

struct client::impl final : detail::batch_runner {
  explicit impl(client_options o)
      : options(std::move(o)),
        tls(options.connection.transport == transport_kind::tls ? net::make_tls_context(options.connection.tls) : nullptr),
        pool(options.pool, [this] {
          auto c = connection::open(options.connection, tls);
          if (options.on_push) c->set_push_handler(options.on_push);
          return c;
        }) {}

  // A batch is resent only when nothing of it was written: its replies may be partly consumed.
  void run_batch(const detail::batch& commands, detail::reply_handler on_reply) override {
    retry_schedule schedule(options.retry, seed());
    for (int attempt = 1;; ++attempt) {
      std::optional<connection_pool::lease> conn;
      try {
        conn.emplace(pool.acquire());
      } catch (const io_error&) {
        if (attempt >= options.retry.max_attempts) throw;
        std::this_thread::sleep_for(schedule.backoff(attempt));
        continue;
      }
      try {
        run_batch_on(**conn, commands, on_reply);
        return;
      } catch (const io_error& e) {
        if (e.state() != send_state::not_sent || attempt >= options.retry.max_attempts) throw;
        std::this_thread::sleep_for(schedule.backoff(attempt));
      }
    }
  }

  static std::uint64_t seed() {
    thread_local std::uint64_t s = std::random_device{}();
    return s += 0x9e3779b97f4a7c15ull;
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

void client::execute_raw(std::string_view request, std::string_view name, const command_info& info,
                         detail::function_ref<void(resp::reply_cursor&)> decode) {
  if (!impl_) throw closed_error(std::string(name) + ": client was moved from");
  retry_schedule schedule(impl_->options.retry, impl::seed());
  for (int attempt = 1;; ++attempt) {
    std::optional<connection_pool::lease> conn;
    try {
      conn.emplace(impl_->pool.acquire());
    } catch (const io_error&) {
      // Connecting or the handshake failed: this command was not sent, whatever the error says.
      if (attempt >= impl_->options.retry.max_attempts) throw;
      std::this_thread::sleep_for(schedule.backoff(attempt));
      continue;
    }
    try {
      (*conn)->roundtrip(request, name, decode);
      return;
    } catch (const io_error& e) {
      // The decoder runs only once a whole reply is in, so a failed attempt wrote nothing to the result.
      if (!schedule.should_retry(e, info, attempt)) throw;
      std::this_thread::sleep_for(schedule.backoff(attempt));
    }
  }
}

}  // namespace typedis
