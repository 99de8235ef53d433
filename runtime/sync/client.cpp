#include "typedis/basic_client.hpp"

#include "sync/batch_runner.hpp"
#include "sync/connection.hpp"
#include "sync/observed_run.hpp"
#include "sync/pinned_connection_impl.hpp"
#include "sync/net/stream.hpp"
#include "sync/endpoint.hpp"
#include "sync/pool.hpp"
#include "sentinel/locator.hpp"
#include "core/dispatch.hpp"
#include "core/server_support.hpp"
#include "typedis/error.hpp"

#include <optional>
#include <stdexcept>
#include <random>
#include <thread>
#include <typeinfo>
#include "typedis/url.hpp"

namespace typedis {
namespace {

// The typed methods of these commands are not on the pooled client (a compile error); this stops
// the same commands sent as r.execute(typedis::cmd::select(1)) or in a pooled pipeline, before
// anything is written.
void refuse_connection_state(const command_info& info, std::string_view name) {
  if (has_flag(info.flags, command_flag::connection_state))
    throw std::logic_error(std::string(name) +
                           ": changes the connection's state, which would leak to the pool's next user; "
                           "run it on a pinned connection (client.pin()) or a typedis::subscriber");
}

// A batch may carry MULTI ... EXEC (or DISCARD) as a whole, as transactions frame themselves: the
// connection is back in its pooled state once the batch ran. Anything else that changes state, or a
// MULTI left open, is refused before anything is written.
void refuse_leaking_state(const detail::batch& commands) {
  std::size_t open_multi = commands.size();  // index of an unclosed MULTI, or size() for none
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const command_info& info = commands.info(i);
    if (!has_flag(info.flags, command_flag::connection_state)) continue;
    const std::string_view name = commands.name(i);
    if (name == "MULTI" && open_multi == commands.size()) {
      open_multi = i;
      continue;
    }
    if ((name == "EXEC" || name == "DISCARD") && open_multi != commands.size()) {
      open_multi = commands.size();
      continue;
    }
    refuse_connection_state(info, name);
  }
  if (open_multi != commands.size()) refuse_connection_state(commands.info(open_multi), commands.name(open_multi));
}

}  // namespace

// The sync client's driver of the dispatch policy (core/dispatch.hpp): it runs attempts, reports
// each outcome, and does what the policy decides.
struct client_base::impl final : detail::batch_runner {
  explicit impl(client_options o)
      : options(std::move(o)),
        pool(endpoint::make(options, options.on_push), options.pool),
        policy_options{options.retry.max_attempts, options.retry.effective_backoff(), options.retry.retry_unsafe} {}

  // Runs `work` on a pooled connection until the policy says done or fail. Failing to get a
  // connection (connect, TLS, or the handshake's HELLO/AUTH/SELECT) means the caller's request was
  // not written: that is reported as not_sent, whatever the handshake's own request went through.
  void run(dispatch::request request, std::string_view name, detail::function_ref<void(connection&)> work) {
    dispatch::policy policy(policy_options, jitter_seed());
    for (;; ++request.attempt) {
      std::optional<connection_pool::lease> conn;
      try {
        conn.emplace(pool.acquire());
      } catch (const io_error& e) {
        const dispatch::decision d = policy.decide(request, dispatch::outcome::io(send_state::not_sent));
        if (d.what != dispatch::decision::action::retry) rethrow_as_not_sent(e, name);
        std::this_thread::sleep_for(d.delay);
        continue;
      }
      try {
        work(**conn);
        return;
      } catch (const io_error& e) {
        // A node that failed may no longer be the primary: ask the sentinels again.
        if (pool.target().locator) pool.target().locator->invalidate((*conn)->generation);
        const dispatch::decision d = policy.decide(request, dispatch::outcome::io(e.state()));
        if (d.what != dispatch::decision::action::retry) throw;
        detail::report(options.observer.get(), connection_event_kind::reconnect, pool.target().name, e.what());
        std::this_thread::sleep_for(d.delay);
      } catch (const server_error& e) {
        // READONLY from a sentinel-backed primary: a failover demoted it. The write was refused,
        // not run, so it goes to the new primary like a request never sent.
        if (pool.target().locator && e.prefix() == "READONLY") {
          pool.target().locator->invalidate((*conn)->generation);
          (*conn)->mark_broken();  // drained: it goes to the old primary
          const dispatch::decision d = policy.decide(request, dispatch::outcome::io(send_state::not_sent));
          if (d.what != dispatch::decision::action::retry) throw;
          std::this_thread::sleep_for(d.delay);
          continue;
        }
        // Outside a cluster the policy answers `done`: the error reply is the caller's answer.
        const dispatch::decision d = policy.decide(request, dispatch::outcome::server(e.message()));
        if (d.what != dispatch::decision::action::retry) throw;
        std::this_thread::sleep_for(d.delay);
      }
    }
  }

  // The error of a connection that could not be set up, for a request that was never written.
  [[noreturn]] static void rethrow_as_not_sent(const io_error& e, std::string_view name) {
    if (e.state() == send_state::not_sent) throw;
    std::string what = e.what();
    // "HELLO: <reason> [endpoint] (command may have executed)" -> "<name>: connection setup failed:
    // HELLO: <reason> [endpoint] (command not sent)": the suffix speaks of the caller's command.
    constexpr std::string_view suffix = " (command may have executed)";
    if (what.size() >= suffix.size() && what.compare(what.size() - suffix.size(), suffix.size(), suffix) == 0)
      what.resize(what.size() - suffix.size());
    const std::size_t bracket = what.rfind(" [");
    if (!e.endpoint().empty() && bracket != std::string::npos) what.resize(bracket);
    what = "connection setup failed: " + what;
    if (dynamic_cast<const timeout_error*>(&e) != nullptr)
      throw timeout_error(name, e.endpoint(), what, send_state::not_sent);
    throw io_error(name, e.endpoint(), what, send_state::not_sent);
  }

  // A batch is resent only when nothing of it was written (its replies may be partly consumed).
  void run_batch(const detail::batch& commands, detail::reply_handler on_reply) override {
    refuse_leaking_state(commands);
    dispatch::request request;
    request.batch = true;
    const std::string_view name = commands.size() == 0 ? std::string_view("pipeline") : commands.name(0);
    observer* const obs = options.observer.get();
    if (obs == nullptr) {
      run(request, name, [&](connection& conn) { run_batch_on(conn, commands, on_reply); });
      return;
    }
    detail::observed_batch observed(*obs, commands, pool.target().name);
    try {
      run(request, name, [&](connection& conn) { run_observed_batch_on(conn, commands, on_reply, observed); });
    } catch (...) {
      observed.failed();
      throw;
    }
  }

  client_options options;
  connection_pool pool;
  dispatch::policy_options policy_options;
};

client_base::client_base(std::string_view url) : client_base(parse_url(url)) {}
client_base::client_base(client_options options) : impl_(std::make_unique<impl>(std::move(options))) {}
client_base::~client_base() = default;
client_base::client_base(client_base&&) noexcept = default;
client_base& client_base::operator=(client_base&&) noexcept = default;

const client_options& client_base::options() const noexcept { return impl_->options; }

pool_stats client_base::stats() const { return impl_->pool.stats(); }

void client_base::close() {
  if (impl_) impl_->pool.close();
}

detail::batch_runner& client_base::runner() {
  if (!impl_) throw closed_error("client was moved from");
  return *impl_;
}

pinned_connection_base client_base::pin_connection() {
  if (!impl_) throw closed_error("client was moved from");
  return pinned_connection_base(std::make_unique<pinned_connection_base::impl>(
      impl_->pool.acquire(), impl_->options.observer, impl_->pool.target().name));
}

void client_base::execute_raw(std::string_view request, std::string_view name, const command_info& info,
                              const call_options& options, detail::function_ref<void(resp::reply_cursor&)> decode) {
  if (!impl_) throw closed_error(std::string(name) + ": client was moved from");
  refuse_connection_state(info, name);
  // The decoder runs only once a whole reply is in, so a failed attempt wrote nothing to the result.
  const auto roundtrip = [&](connection& conn) {
    try {
      conn.roundtrip(request, info, name, decode, options.read_buffer);
    } catch (const server_error& e) {
      if (typeid(e) != typeid(server_error)) throw;
      throw detail::explain_server_error(e, info, conn.server_name(), conn.server_version());
    }
  };
  observer* const obs = impl_->options.observer.get();
  if (obs == nullptr) {
    impl_->run({&info, options.resend_safe}, name, roundtrip);
    return;
  }
  detail::observed_call call(*obs, name, impl_->pool.target().name);
  try {
    impl_->run({&info, options.resend_safe}, name, [&](connection& conn) {
      observe_attempt(conn, request.size(), call, [&] { roundtrip(conn); });
    });
    call.succeeded();
  } catch (...) {
    call.failed();
    throw;
  }
}

}  // namespace typedis
