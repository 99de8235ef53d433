/// @file
/// typedis::async_subscriber: pub/sub on a connection of its own, with messages received by a
/// completion token. It resubscribes every channel, pattern and shard channel after a reconnect
/// (a server restart, a lost connection); messages published while it was away are lost, as
/// with any Redis subscriber.
///
///   typedis::async_subscriber sub{io.get_executor(), url};
///   sub.subscribe({"news"});
///   typedis::message m = co_await sub.async_receive(asio::use_awaitable);
#pragma once

#include <asio/any_io_executor.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "typedis/arg_range.hpp"
#include "typedis/async/engine.hpp"
#include "typedis/async/operation.hpp"
#include "typedis/message.hpp"
#include "typedis/url.hpp"

namespace typedis {
namespace detail {

template <class Handler, class IoExecutor>
class message_op final : public async_message_op {
  using handler_executor = asio::associated_executor_t<Handler, IoExecutor>;

 public:
  message_op(Handler&& h, const IoExecutor& io) : handler_(std::move(h)), work_(asio::get_associated_executor(handler_, io)) {}
  void complete(std::exception_ptr error, message* m) noexcept override {
    auto slot = asio::get_associated_cancellation_slot(handler_);
    if (slot.is_connected()) slot.clear();
    message value = m ? std::move(*m) : message{};
    auto work = std::move(work_);
    auto handler = std::move(handler_);
    delete this;
    const handler_executor ex = work.get_executor();
    asio::dispatch(ex, [h = std::move(handler), e = std::move(error), v = std::move(value)]() mutable {
      std::move(h)(std::move(e), std::move(v));
    });
  }
  Handler& handler() noexcept { return handler_; }

 private:
  Handler handler_;
  asio::executor_work_guard<handler_executor> work_;
};

}  // namespace detail

/// Pub/sub on a connection of its own, messages received with a completion token; resubscribes
/// everything after a reconnect (or a failover, when sentinel-backed).
class async_subscriber {
 public:
  using executor_type = asio::any_io_executor;  ///< the executor it was made with

  /// A URL as described in <typedis/url.hpp> (redis+sentinel:// included). Connects at once.
  async_subscriber(executor_type ex, std::string_view url) : async_subscriber(std::move(ex), parse_url(url)) {}
  /// The same from options.
  async_subscriber(executor_type ex, client_options options)
      : ex_(ex), s_(detail::make_async_subscription(std::move(ex), std::move(options))) {}
  ~async_subscriber() {
    if (s_) s_->close();
  }
  async_subscriber(async_subscriber&&) noexcept = default;             ///< Moves the subscription.
  async_subscriber& operator=(async_subscriber&&) noexcept = default;  ///< Moves the subscription.

  /// Each confirmation arrives as a message (kind subscribe, ...) through async_receive.
  void subscribe(arg_range<std::string_view> channels) { change(family::channel, true, channels); }
  /// UNSUBSCRIBE from these channels.
  void unsubscribe(arg_range<std::string_view> channels) { change(family::channel, false, channels); }
  /// PSUBSCRIBE to these patterns.
  void psubscribe(arg_range<std::string_view> patterns) { change(family::pattern, true, patterns); }
  /// PUNSUBSCRIBE from these patterns.
  void punsubscribe(arg_range<std::string_view> patterns) { change(family::pattern, false, patterns); }
  /// SSUBSCRIBE to these shard channels.
  void ssubscribe(arg_range<std::string_view> channels) { change(family::shard, true, channels); }
  /// SUNSUBSCRIBE from these shard channels.
  void sunsubscribe(arg_range<std::string_view> channels) { change(family::shard, false, channels); }

  /// The next message (data or confirmation), in the order the server sent them; completes with
  /// `void(std::exception_ptr, typedis::message)`. Cancellable (the message is not lost: the next
  /// receive gets it).
  template <class CompletionToken>
  auto async_receive(CompletionToken&& token) {
    return asio::async_initiate<CompletionToken, void(std::exception_ptr, message)>(
        [s = s_, io = ex_](auto handler) {
          using op_type = detail::message_op<std::decay_t<decltype(handler)>, executor_type>;
          auto* op = new op_type(std::move(handler), io);
          op->id = s->next_id();
          auto slot = asio::get_associated_cancellation_slot(op->handler());
          if (slot.is_connected())
            slot.assign([weak = std::weak_ptr<detail::async_subscription>(s), id = op->id](asio::cancellation_type_t) {
              if (auto t = weak.lock()) t->cancel(id);
            });
          s->receive(op);
        },
        token);
  }

  /// Times the connection was re-established (and everything resubscribed).
  std::uint64_t reconnects() const noexcept { return s_->reconnects(); }
  /// Ends the subscription; waiting receives complete with closed_error.
  void close() { s_->close(); }
  /// The executor it was made with.
  executor_type get_executor() const noexcept { return ex_; }

 private:
  using family = detail::async_subscription::family;
  void change(family f, bool subscribe, arg_range<std::string_view> names) {
    std::vector<std::string> owned;
    names.for_each([&](std::string_view n) { owned.emplace_back(n); });
    s_->change(f, subscribe, std::move(owned));
  }

  executor_type ex_;
  std::shared_ptr<detail::async_subscription> s_;
};

}  // namespace typedis
