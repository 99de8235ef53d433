// Internal: what the asynchronous client's templates (in the user's translation unit) and its
// compiled connection engine (runtime/async) hand each other. Free of asio on purpose: the engine
// is compiled once into the library, and the only asio type that crosses into it is the executor
// the client is built from (see docs/async.md, "Layers").
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "typedis/command.hpp"
#include "typedis/resp/reply_cursor.hpp"

namespace typedis::detail {

struct cluster_part;

// One request on a connection: a command or a batch (a pipeline, a transaction's framed
// commands). Created by the templates with the caller's completion handler inside; the engine
// writes its commands, hands it every reply in order and completes it exactly once.
class async_op {
 public:
  // Requests of one batch are written together and never resent once written; a single read-only
  // command (or one marked resend_safe) may be, after a lost connection (docs/async.md).
  virtual std::size_t size() const noexcept = 0;
  virtual std::string_view request(std::size_t i) const noexcept = 0;
  virtual std::string_view name(std::size_t i) const noexcept = 0;
  virtual const command_info& info(std::size_t i) const noexcept = 0;
  // Reply i (in order, on the engine's strand); the cursor is valid during the call only.
  virtual void on_reply(std::size_t i, resp::reply_cursor& reply) = 0;
  // The cluster engine: one answer of several (a fan-out over nodes, one part of a command split
  // by slot). An op that is not a cluster command takes it as its one reply.
  virtual void on_part(const cluster_part& part, resp::reply_cursor& reply) {
    (void)part;
    on_reply(0, reply);
  }
  // Exactly once: after the last reply (error null) or with what ended the request. The op hands
  // the result to its handler's executor and deletes itself.
  virtual void complete(std::exception_ptr error) noexcept = 0;

  std::uint64_t id = 0;  // set by the engine; names the request for cancel()
  bool resend_safe = false;
  int attempts = 0;  // times written (a resend after a lost connection counts)
  // Reached before the last reply: the request fails with timeout_error (none: max()).
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();

 protected:
  ~async_op() = default;
};

// Counters of one engine, for tests and benchmarks: what automatic pipelining achieved.
struct async_stats {
  std::uint64_t requests = 0;     // ops completed
  std::uint64_t writes = 0;       // write calls on sockets
  std::uint64_t reads = 0;        // read calls on sockets
  std::uint64_t connects = 0;     // connections established (handshake done)
  std::uint64_t dedicated = 0;    // dedicated connections opened (blocking commands, pins)
};

// Where requests go: the client's shared connection, or a connection of its own (a pinned one).
// Every member is safe to call from any thread.
class async_target {
 public:
  virtual ~async_target() = default;
  // Queues `op` (ownership stays with the op, which deletes itself in complete()). A blocking
  // command goes to a dedicated connection; everything else shares one.
  virtual void submit(async_op* op) = 0;
  // The request `id` is dropped if not written yet, else its reply is read and discarded; either
  // way it completes now with cancelled_error (timeout_error when `timed_out`). No effect on a
  // request already complete.
  virtual void cancel(std::uint64_t id, bool timed_out = false) = 0;
  virtual std::uint64_t next_id() noexcept = 0;
};

// The compiled side of a client: one multiplexed connection with reconnects, and the dedicated
// connections of blocking commands and pins.
class async_engine : public async_target {
 public:
  // A connection of its own (WATCH flows, SELECT): connected on its first request, closed when
  // the last handle goes.
  virtual std::shared_ptr<async_target> pin() = 0;
  // Fails every request with closed_error and closes the connections; later submits fail likewise.
  virtual void close() = 0;
  virtual async_stats stats() const = 0;
};

}  // namespace typedis::detail

namespace typedis {
struct message;
}

namespace typedis::detail {

// A wait for the next pub/sub message (async_subscriber::async_receive).
class async_message_op {
 public:
  // Exactly once: a message, or the error that ended the wait (cancelled_error, closed_error).
  virtual void complete(std::exception_ptr error, message* m) noexcept = 0;
  std::uint64_t id = 0;

 protected:
  ~async_message_op() = default;
};

// The compiled side of a subscriber: a connection in pub/sub mode that resubscribes everything
// after a reconnect. Safe to call from any thread.
class async_subscription {
 public:
  enum class family { channel, pattern, shard };
  virtual ~async_subscription() = default;
  virtual void change(family f, bool subscribe, std::vector<std::string> names) = 0;
  virtual void receive(async_message_op* op) = 0;
  virtual void cancel(std::uint64_t id) = 0;
  virtual std::uint64_t next_id() noexcept = 0;
  virtual void close() = 0;
  // Reconnects so far (each followed by a resubscription).
  virtual std::uint64_t reconnects() const noexcept = 0;
};

}  // namespace typedis::detail
