/// @file
/// typedis::basic_async_client: the asynchronous client on asio (docs/async.md). Every generated
/// command is a method taking a completion token last; requests from any number of coroutines and
/// threads share one connection, written together and answered in order.
///
///   typedis::async_client c{io.get_executor(), "redis://127.0.0.1:6379"};
///   std::optional<std::string> v = co_await c.get("k", asio::use_awaitable);
///   c.incr("n", [](std::exception_ptr e, long long n) { ... });
#pragma once

#include <asio/any_io_executor.hpp>

#include <chrono>
#include <memory>
#include <string_view>
#include <utility>

#include "typedis/async/engine.hpp"
#include "typedis/async/operation.hpp"
#include "typedis/async/pipeline.hpp"
#include "typedis/client_options.hpp"
#include "typedis/generated/async_connection_state_commands.hpp"
#include "typedis/mixins.hpp"
#include "typedis/url.hpp"

namespace typedis {

/// The asynchronous client (defined below).
template <class SyncMixins, template <class> class... AsyncMs>
class basic_async_client;

/// The requests of an async client with a deadline each: c.with_timeout(100ms).get("k", token).
/// A request still unanswered at its deadline completes with timeout_error (not_sent when it was
/// not written yet; otherwise its reply is read and dropped when it comes).
template <class SyncMixins, template <class> class... AsyncMs>
class async_timed_view : public AsyncMs<async_timed_view<SyncMixins, AsyncMs...>>... {
 public:
  /// Made by basic_async_client::with_timeout.
  async_timed_view(detail::initiate_request<asio::any_io_executor> how) : how_(std::move(how)) {}

  /// Any command<T>, with this view's deadline.
  template <class T, class CompletionToken>
  auto async_execute(command<T> cmd, CompletionToken&& token) {
    return detail::start_request<T>(how_, detail::command_body<T>(std::move(cmd)), std::forward<CompletionToken>(token));
  }

 private:
  detail::initiate_request<asio::any_io_executor> how_;
};

/// A connection for one caller's exclusive use (WATCH ... MULTI/EXEC): the commands of the
/// client plus those that change a connection's state (watch, unwatch, select, ...) when the
/// mixin set has them; closed when the last copy goes.
template <class SyncMixins, template <class> class... AsyncMs>
class async_pinned_connection : public AsyncMs<async_pinned_connection<SyncMixins, AsyncMs...>>... {
 public:
  using executor_type = asio::any_io_executor;  ///< the client's executor
  /// Made by basic_async_client::pin.
  async_pinned_connection(executor_type ex, std::shared_ptr<detail::async_target> target)
      : how_{std::move(target), std::move(ex)} {}

  /// Any command<T> on this connection.
  template <class T, class CompletionToken>
  auto async_execute(command<T> cmd, CompletionToken&& token) {
    return detail::start_request<T>(how_, detail::command_body<T>(std::move(cmd)), std::forward<CompletionToken>(token));
  }
  /// A typed pipeline on this connection.
  async_pipeline<SyncMixins, executor_type> pipeline() { return async_pipeline<SyncMixins, executor_type>(how_); }
  /// MULTI ... EXEC on this connection (after watch(): std::nullopt when a watched key changed).
  async_transaction<SyncMixins, executor_type> transaction() {
    return async_transaction<SyncMixins, executor_type>(how_);
  }
  /// The client's executor.
  executor_type get_executor() const noexcept { return how_.io; }

 private:
  detail::initiate_request<executor_type> how_;
};

/// The asynchronous client: the methods of the asynchronous mixins AsyncMs (each with a completion
/// token last) on one multiplexed connection; SyncMixins are the methods its pipelines chain.
template <class SyncMixins, template <class> class... AsyncMs>
class basic_async_client : public AsyncMs<basic_async_client<SyncMixins, AsyncMs...>>... {
 public:
  using executor_type = asio::any_io_executor;  ///< the executor it was made with
  using pipeline_type = async_pipeline<SyncMixins, executor_type>;        ///< what pipeline() returns
  using transaction_type = async_transaction<SyncMixins, executor_type>;  ///< what transaction() returns

  /// A URL as described in <typedis/url.hpp>. Connects on the first request.
  basic_async_client(executor_type ex, std::string_view url) : basic_async_client(std::move(ex), parse_url(url)) {}
  /// The same from options.
  basic_async_client(executor_type ex, client_options options)
      : ex_(ex), engine_(detail::make_async_engine(std::move(ex), std::move(options))) {}
  /// Closes: requests not answered yet complete with closed_error.
  ~basic_async_client() {
    if (engine_) engine_->close();
  }
  basic_async_client(basic_async_client&&) noexcept = default;             ///< Moves the connection.
  basic_async_client& operator=(basic_async_client&&) noexcept = default;  ///< Moves the connection.

  /// The executor it was made with (handlers without one of their own run there).
  executor_type get_executor() const noexcept { return ex_; }

  /// Any command<T>: co_await c.async_execute(typedis::cmd::get("k"), asio::use_awaitable).
  template <class T, class CompletionToken>
  auto async_execute(command<T> cmd, CompletionToken&& token) {
    return detail::start_request<T>(how(), detail::command_body<T>(std::move(cmd)), std::forward<CompletionToken>(token));
  }

  /// The same command marked safe to send again after a lost connection (call_options::resend_safe).
  template <class T, class CompletionToken>
  auto async_execute_resend_safe(command<T> cmd, CompletionToken&& token) {
    auto h = how();
    h.resend_safe = true;
    return detail::start_request<T>(h, detail::command_body<T>(std::move(cmd)), std::forward<CompletionToken>(token));
  }

  /// A typed pipeline: c.pipeline().incr("n").get("k").async_exec(token).
  pipeline_type pipeline() { return pipeline_type(how()); }
  /// MULTI ... EXEC: c.transaction().set("k", "v").incr("n").async_exec(token).
  transaction_type transaction() { return transaction_type(how()); }

  /// The same methods with a per-request deadline.
  async_timed_view<SyncMixins, AsyncMs...> with_timeout(std::chrono::milliseconds timeout) {
    auto h = how();
    h.timeout = timeout;
    return async_timed_view<SyncMixins, AsyncMs...>(std::move(h));
  }

  /// A connection of its own, for WATCH flows and state-changing commands; connects on its first
  /// request.
  async_pinned_connection<SyncMixins, AsyncMs..., async_connection_state_commands> pin() {
    return async_pinned_connection<SyncMixins, AsyncMs..., async_connection_state_commands>(ex_, engine_->pin());
  }

  /// Fails every request not answered yet with closed_error and closes the connections.
  void close() { engine_->close(); }
  /// Requests completed, reads and writes so far (automatic pipelining at work).
  detail::async_stats stats() const { return engine_->stats(); }

 private:
  detail::initiate_request<executor_type> how() const { return {engine_, ex_}; }

  executor_type ex_;
  std::shared_ptr<detail::async_engine> engine_;
};

}  // namespace typedis
