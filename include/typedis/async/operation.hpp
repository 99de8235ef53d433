/// @file
/// How an asynchronous request meets asio: the completion signature, the op that carries the
/// caller's handler to the engine, and cancellation.
///
/// Every asynchronous operation of typedis completes with `void(std::exception_ptr, T)`: in a
/// coroutine (asio::use_awaitable) and with asio::use_future the error is rethrown as the same
/// typed exception the synchronous client throws (server_error with its prefix, io_error with its
/// send_state, timeout_error, cancelled_error); a callback receives it without a throw and may
/// inspect it with typedis::error_info (or rethrow it). An error_code would have lost the error's
/// type and the server's text, which is why the signature is not asio's usual one.
#pragma once

#include <asio/associated_cancellation_slot.hpp>
#include <asio/associated_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/cancellation_type.hpp>
#include <asio/dispatch.hpp>
#include <asio/executor_work_guard.hpp>

#include <chrono>
#include <exception>
#include <memory>
#include <utility>

#include "typedis/codec/decode.hpp"
#include "typedis/command.hpp"
#include "typedis/detail/async_op.hpp"
#include "typedis/error.hpp"
#include "typedis/result.hpp"

namespace typedis::detail {

// The error of an exception_ptr as error_info (the kind, the server's prefix, the send state).
inline error_info error_info_of(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (...) {
    return error_info::current();
  }
}

// One command: decodes its reply straight from the read buffer into the result.
template <class T>
class command_body {
 public:
  using value_type = T;
  explicit command_body(command<T>&& cmd) : cmd_(std::move(cmd)) {}

  std::size_t size() const noexcept { return 1; }
  std::string_view request(std::size_t) const noexcept { return cmd_.bytes(); }
  std::string_view name(std::size_t) const noexcept { return cmd_.name(); }
  const command_info& info(std::size_t) const noexcept { return cmd_.info(); }

  void on_reply(std::size_t, resp::reply_cursor& reply) noexcept {
    try {
      reply.set_request(cmd_.bytes());
      const resp::node& top = reply.peek();
      if (resp::is_error(top.type)) {
        error_ = std::make_exception_ptr(server_error(cmd_.name(), reply.text(top)));
        return;
      }
      decoder<T>::decode(reply, value_);
    } catch (const decode_error& e) {
      error_ = std::make_exception_ptr(e.command().empty() ? e.with_command(cmd_.name()) : e);
    } catch (const server_error& e) {  // an error nested in the reply
      error_ = std::make_exception_ptr(server_error(cmd_.name(), e.message()));
    } catch (...) {
      error_ = std::current_exception();
    }
  }

  std::pair<std::exception_ptr, T> finish(std::exception_ptr error) {
    if (!error) error = std::move(error_);
    if (error) return {std::move(error), T{}};
    return {nullptr, std::move(value_)};
  }

 private:
  command<T> cmd_;
  T value_{};
  std::exception_ptr error_;
};

// The engine's view of a body, with the caller's handler: completes on the handler's executor
// (the client's when it has none), keeping that executor busy until then.
template <class Body, class Handler, class IoExecutor>
class handler_op final : public async_op {
  using handler_executor = asio::associated_executor_t<Handler, IoExecutor>;

 public:
  handler_op(Body&& body, Handler&& handler, const IoExecutor& io)
      : body_(std::move(body)),
        handler_(std::move(handler)),
        work_(asio::get_associated_executor(handler_, io)) {}

  std::size_t size() const noexcept override { return body_.size(); }
  std::string_view request(std::size_t i) const noexcept override { return body_.request(i); }
  std::string_view name(std::size_t i) const noexcept override { return body_.name(i); }
  const command_info& info(std::size_t i) const noexcept override { return body_.info(i); }
  void on_reply(std::size_t i, resp::reply_cursor& reply) override { body_.on_reply(i, reply); }
  void on_part(const cluster_part& part, resp::reply_cursor& reply) override {
    if constexpr (requires { body_.on_part(part, reply); })
      body_.on_part(part, reply);
    else
      body_.on_reply(0, reply);
  }

  void complete(std::exception_ptr error) noexcept override {
    auto slot = asio::get_associated_cancellation_slot(handler_);
    if (slot.is_connected()) slot.clear();
    auto [e, value] = body_.finish(std::move(error));
    auto work = std::move(work_);
    auto handler = std::move(handler_);
    delete this;
    const handler_executor ex = work.get_executor();
    asio::dispatch(ex, [h = std::move(handler), e = std::move(e), v = std::move(value)]() mutable {
      std::move(h)(std::move(e), std::move(v));
    });
  }

  Handler& handler() noexcept { return handler_; }

 private:
  Body body_;
  Handler handler_;
  asio::executor_work_guard<handler_executor> work_;
};

// The initiation of every typedis async operation: builds the op around the handler, wires the
// handler's cancellation slot to the engine, and submits it.
template <class IoExecutor>
struct initiate_request {
  std::shared_ptr<async_target> target;
  IoExecutor io;
  std::chrono::milliseconds timeout{0};  // 0: none
  bool resend_safe = false;

  template <class Handler, class Body>
  void operator()(Handler&& handler, Body&& body) const {
    using op_type = handler_op<std::decay_t<Body>, std::decay_t<Handler>, IoExecutor>;
    auto* op = new op_type(std::move(body), std::forward<Handler>(handler), io);
    op->resend_safe = resend_safe;
    if (op->size() == 0) return op->complete(nullptr);  // an empty pipeline: nothing to send
    op->id = target->next_id();
    if (timeout.count() > 0) op->deadline = std::chrono::steady_clock::now() + timeout;
    auto slot = asio::get_associated_cancellation_slot(op->handler());
    if (slot.is_connected()) {
      slot.assign([weak = std::weak_ptr<async_target>(target), id = op->id](asio::cancellation_type_t) {
        if (auto t = weak.lock()) t->cancel(id, false);
      });
    }
    target->submit(op);
  }
};

template <class Value, class IoExecutor, class Body, class Token>
auto start_request(const initiate_request<IoExecutor>& how, Body&& body, Token&& token) {
  return asio::async_initiate<Token, void(std::exception_ptr, Value)>(how, token, std::forward<Body>(body));
}

}  // namespace typedis::detail
