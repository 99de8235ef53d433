// Internal: one connection of the asynchronous client, driven by asio over the I/O-free protocol
// session (core/session.hpp). Requests from any thread are queued on a strand; whatever is queued
// while a write is in flight goes out in the next single write; one read parses every complete
// reply in the buffer before the next read is started, and the handlers it completes may queue
// more requests that join the next write (automatic pipelining, docs/async.md).
//
// Lost connection: requests in flight fail (may_have_executed) unless the resend rule allows them
// to go again (core/dispatch.hpp may_resend); requests not yet written wait for the reconnect
// (backoff of the retry policy) and fail not_sent only after retry.max_attempts failed connects.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/local/stream_protocol.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/stream.hpp>
#include <asio/steady_timer.hpp>
#include <asio/strand.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <variant>

#include "core/backoff.hpp"
#include "core/session.hpp"
#include "sentinel/locator.hpp"
#include "typedis/client_options.hpp"
#include "typedis/detail/async_op.hpp"

namespace typedis::async_impl {

using clock = std::chrono::steady_clock;

// The client-wide counters, shared by its connections.
struct shared_counters {
  std::atomic<std::uint64_t> requests{0}, writes{0}, reads{0}, connects{0}, dedicated{0};
};

class multiplexer : public std::enable_shared_from_this<multiplexer> {
 public:
  enum class role {
    shared,      // the client's connection: reconnects after a loss
    dedicated,   // a blocking command's or a pin's: reconnects only when asked to work
    subscriber,  // raw mode, frames to on_frame; reconnects for ever (resubscribes in on_ready)
  };

  multiplexer(asio::any_io_executor ex, std::shared_ptr<const client_options> options,
              std::shared_ptr<asio::ssl::context> tls, role r, std::shared_ptr<shared_counters> counters,
              std::shared_ptr<sentinel_impl::locator> locator = nullptr);
  ~multiplexer();

  // Any thread.
  void submit(detail::async_op* op);
  void cancel(std::uint64_t id, bool timed_out);
  void close(std::exception_ptr why);
  // Bytes with no reply of their own (raw mode: SUBSCRIBE, whose answers are frames).
  void write_raw(std::string bytes);
  // Starts connecting now (a subscriber, a warm-up).
  void start();

  // Set before the first submit; called on the strand.
  std::function<void(resp::reply_cursor&)> on_frame;  // raw mode: every frame
  std::function<void()> on_ready;                     // after every handshake
  std::function<void(std::exception_ptr)> on_lost;    // the connection was lost
  std::function<void()> on_idle;                      // dedicated: nothing queued or in flight

  const std::string& endpoint() const noexcept { return endpoint_; }
  // Sentinel-backed: the node of `stale_generation` is no longer the answer. Requests in flight
  // there are answered (drained), then the connection moves to the node the sentinels name now.
  void moved(std::uint64_t stale_generation);

 private:
  enum class state { idle, connecting, handshaking, verifying, ready, waiting, closed };
  struct flight {
    detail::async_op* op;  // null: cancelled, its replies are dropped
    std::size_t count;
    std::size_t next = 0;
  };
  struct stream;
  class role_op;

  template <class F>
  void on_strand(F&& f);
  void enqueue(detail::async_op* op);
  void start_connect();
  void connect_to(std::uint64_t gen);
  void role_checked(std::uint64_t gen, const std::string& role);
  void become_ready();
  bool refused_as_replica(resp::reply_cursor& cursor);
  void reconnect_drained();
  void on_tcp_connected(std::uint64_t gen);
  void on_connected(std::uint64_t gen);
  void connect_failed(std::uint64_t gen, std::exception_ptr why);
  void flush();
  void start_read();
  void process();
  void deliver(resp::reply_cursor& cursor);
  void on_handshake_done();
  void lose(std::exception_ptr why);
  void schedule_reconnect();
  void fail_pending(const std::exception_ptr& why);
  void finish(detail::async_op* op, std::exception_ptr error);
  void cancel_now(std::uint64_t id, bool timed_out);
  void arm_deadline();
  void on_deadline();
  void arm_tick();
  void on_tick(std::uint64_t gen);
  void forget_deadline(const detail::async_op* op);
  void maybe_idle();
  std::exception_ptr io_failure(std::string_view command, std::string_view what, send_state state) const;

  asio::strand<asio::any_io_executor> strand_;
  std::shared_ptr<const client_options> options_;
  std::shared_ptr<asio::ssl::context> tls_;
  role role_;
  std::shared_ptr<shared_counters> counters_;
  std::string endpoint_;
  std::shared_ptr<sentinel_impl::locator> locator_;
  std::shared_ptr<const connection_options> target_;  // the node dialled (options_->connection, or a sentinel's answer)
  std::uint64_t target_generation_ = 0;
  bool draining_ = false;                  // no new writes: moving to another node once answered
  std::deque<detail::async_op*> requeued_;  // refused with READONLY, for the next node

  state state_ = state::idle;
  std::uint64_t gen_ = 0;  // bumped per connection: handlers of an older one do nothing
  std::unique_ptr<stream> stream_;
  std::unique_ptr<core::session> session_;
  asio::ip::tcp::resolver resolver_;
  asio::steady_timer connect_timer_;
  asio::steady_timer retry_timer_;
  asio::steady_timer deadline_timer_;
  asio::steady_timer tick_timer_;
  bool deadline_armed_ = false;
  bool writing_ = false;
  bool reading_ = false;
  bool in_dispatch_ = false;
  bool ping_outstanding_ = false;  // subscriber: a health-check PING awaits its pong
  std::deque<detail::async_op*> pending_;
  std::deque<flight> inflight_;
  std::string raw_;  // raw bytes queued while a write runs or before the handshake ends
  std::multimap<clock::time_point, std::uint64_t> deadlines_;
  int failed_connects_ = 0;
  std::exception_ptr last_connect_failure_;
  clock::time_point last_progress_{};
  clock::time_point last_activity_{};
  jitter_source jitter_;
};

}  // namespace typedis::async_impl
