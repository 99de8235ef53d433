/// @file
/// typedis::subscriber: Pub/Sub on a connection of its own (never one of a client's pooled ones).
///
///     typedis::subscriber sub{"redis://localhost:6379"};
///     sub.subscribe({"news", "alerts"});
///     sub.psubscribe("user:*");
///     while (auto m = sub.get_message(1s)) std::cout << m->channel << ": " << m->payload << '\n';
///
/// or a loop on its own thread, stopped from another:
///
///     std::thread t([&] { sub.run([](const typedis::message& m) { ... }); });
///     sub.subscribe("later");   // allowed while run() is active
///     sub.stop(); t.join();
///
/// The subscriber PINGs the server when the connection has been idle for health_check_interval and
/// treats a missing answer (within connection.read_timeout) as a dead connection. A lost connection
/// is reopened with exponential backoff and jitter, and every channel, pattern and shard channel that
/// was subscribed is subscribed again. Messages published while it was disconnected are lost: Redis
/// Pub/Sub keeps nothing for absent subscribers. See docs/pubsub.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "typedis/arg_range.hpp"
#include "typedis/client_options.hpp"
#include "typedis/connection_options.hpp"
#include "typedis/message.hpp"

namespace typedis {

/// What on_reconnect is told after a lost connection was reopened and resubscribed.
struct reconnect_info {
  std::uint64_t reconnects = 0;  ///< successful reconnects so far, this one included
  int attempts = 0;              ///< connection attempts this reconnect took (1 when the first worked)
  std::string reason;            ///< why the previous connection was dropped (no credentials in it)
};

struct reconnect_options {
  /// false: a lost connection is reported (the error propagates out of get_message/run) and the
  /// next call makes one attempt to reconnect and resubscribe.
  bool enabled = true;
  /// Delay before attempt n+1 after n failed ones: about initial_delay * 2^(n-1), capped at
  /// max_delay, of which a random half is jitter (so that many subscribers do not reconnect in step).
  /// The first attempt after a drop is immediate. The same backoff_options as the client's retries.
  backoff_options backoff{std::chrono::milliseconds{100}, std::chrono::milliseconds{5000}, 0.5};
  // Older names of backoff.initial_delay and backoff.max_delay, kept so that code written before
  // backoff_options compiles and means the same: when set, they win over `backoff`.
  std::optional<std::chrono::milliseconds> initial_delay = std::nullopt;  ///< older name of backoff.initial_delay (wins when set)
  std::optional<std::chrono::milliseconds> max_delay = std::nullopt;  ///< older name of backoff.max_delay (wins when set)
  /// Consecutive failed attempts after which get_message/run throw the last connection error
  /// (the count then starts again). 0: keep trying for ever.
  int max_attempts = 0;

  /// `backoff` with the older names above applied.
  backoff_options effective_backoff() const noexcept {
    backoff_options b = backoff;
    if (initial_delay) b.initial_delay = *initial_delay;
    if (max_delay) b.max_delay = *max_delay;
    return b;
  }
};

struct subscriber_options {
  /// Idle time (no byte received or sent) after which a PING checks the connection. 0: never.
  std::chrono::milliseconds health_check_interval{5000};
  /// Also hand out subscribe/unsubscribe confirmations (kind subscribe, unsubscribe, ...).
  bool deliver_confirmations = false;
  reconnect_options reconnect;
  /// Called on the reading thread (get_message/run), with no lock held, after each reconnect: it may
  /// call subscribe() and the like.
  std::function<void(const reconnect_info&)> on_reconnect;
  /// Told about the subscriber's commands (SUBSCRIBE, UNSUBSCRIBE, ...: ended once written) and its
  /// connection events (connect, connect_failed, discard, reconnect). Null: nothing is reported.
  /// A subscriber made from client_options uses the client's observer when this one is null.
  std::shared_ptr<typedis::observer> observer;
};

struct subscriber_stats {
  std::uint64_t reconnects = 0;          ///< connections reopened after a loss
  std::uint64_t failed_attempts = 0;     ///< reconnect attempts that failed
  std::uint64_t health_check_failures = 0;  ///< PINGs that got no answer in time
  bool connected = false;
};

class subscriber {
 public:
  /// Connects at once (throws io_error, timeout_error, auth_error on failure). Any transport, RESP2
  /// or RESP3, ACL user: the same connection options as a client.
  explicit subscriber(std::string_view url, subscriber_options options = {});
  explicit subscriber(const client_options& options, subscriber_options sub_options = {});
  explicit subscriber(connection_options connection, subscriber_options options = {});
  ~subscriber();
  subscriber(subscriber&&) noexcept;
  subscriber& operator=(subscriber&&) noexcept;
  subscriber(const subscriber&) = delete;
  subscriber& operator=(const subscriber&) = delete;

  /// Adds names to the subscribed sets and sends the command (when disconnected, the reconnect will
  /// send it). Callable from any thread, also while another thread is in get_message() or run().
  /// An empty list does nothing.
  void subscribe(arg_range<std::string_view> channels);
  void psubscribe(arg_range<std::string_view> patterns);
  void ssubscribe(arg_range<std::string_view> shard_channels);

  /// Removes names; no argument: all of that family. Once the call returns, no message for a removed
  /// name is handed out any more, even one the server sent before it processed the command.
  void unsubscribe(arg_range<std::string_view> channels = {});
  void punsubscribe(arg_range<std::string_view> patterns = {});
  void sunsubscribe(arg_range<std::string_view> shard_channels = {});

  /// The next message, waiting at most `timeout` (which also bounds any reconnecting it does);
  /// nullopt when none came. Data messages, and confirmations if deliver_confirmations is set.
  /// Throws server_error when the server rejected a (un)subscribe command (for example NOPERM),
  /// protocol_error on bytes that are not a Pub/Sub frame, and connection errors as described for
  /// reconnect_options. One reading thread at a time (get_message or run): a second one gets
  /// std::logic_error.
  std::optional<message> get_message(std::chrono::milliseconds timeout);

  /// Calls `handler` for every message until stop() is called (from the handler or any thread).
  /// Exceptions from the handler and errors as for get_message end the loop and propagate; run()
  /// can then be called again.
  void run(const std::function<void(const message&)>& handler);

  /// Makes run() return within about 50 ms (or once a reconnect attempt under way ends, bounded by
  /// connect_timeout); thread-safe, does not block. If run() is not active,
  /// the next run() returns at once (a stop() racing with the start of a thread is not lost).
  void stop() noexcept;

  /// Snapshots of what is subscribed (what the calls asked for; resubscribed after a reconnect).
  std::set<std::string> channels() const;
  std::set<std::string> patterns() const;
  std::set<std::string> shard_channels() const;

  std::uint64_t reconnects() const noexcept;
  subscriber_stats stats() const;
  const connection_options& options() const noexcept;

  /// Closes the connection; later calls throw closed_error. Not while another thread reads.
  void close();

 private:
  struct impl;
  impl& self() const;  ///< throws closed_error when moved from
  std::unique_ptr<impl> impl_;
};

}  // namespace typedis
