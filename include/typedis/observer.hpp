/// @file
/// Observer hooks: what an executor tells a metrics or tracing backend about its commands and
/// connections. Set one through client_options::observer (or subscriber_options::observer);
/// typedis::prometheus_observer (<typedis/prometheus.hpp>, optional component) is one implementation.
#pragma once

#include <chrono>
#include <cstddef>
#include <string_view>

#include "typedis/error.hpp"

namespace typedis {

// Metrics and tracing without argument values: a hook sees the command's name, never its keys or
// values (they may hold secrets). When no observer is set, the cost is one null check per command.
/// @addtogroup observer
/// @{

/// How a command ended.
enum class command_outcome {
  ok,            ///< a reply that is not an error reply arrived
  server_error,  ///< the server answered with an error reply (command_end_event::error_prefix)
  io_error,      ///< a socket, TLS or timeout failure (command_end_event::io_state says how far it got)
  other_error,   ///< anything else: the reply could not be decoded, the pool timed out, the client closed
  aborted,       ///< a command queued in a transaction that did not run (WATCH abort, DISCARD, EXECABORT)
};

/// What a command was sent as.
enum class command_context {
  single,       ///< on its own
  pipeline,     ///< one command of a pipeline
  transaction,  ///< MULTI, EXEC or a command between them
};

/// Passed to observer::on_command_start when an executor starts a command. The commands of a
/// pipeline or transaction all start together, before the batch is sent.
struct command_start_event {
  /// The command's name as sent ("SET", "CLIENT KILL"); never an argument.
  std::string_view command;
  /// The server: "host:port", "[v6]:port" or the unix socket path.
  std::string_view endpoint;
  /// On its own, in a pipeline or in a transaction.
  command_context context = command_context::single;
};

/// Passed to observer::on_command_end when the command of the matching start event ends.
struct command_end_event {
  std::string_view command;   ///< as in command_start_event
  std::string_view endpoint;  ///< as in command_start_event
  command_context context = command_context::single;  ///< as in command_start_event
  /// From the start event until its reply arrived (or it failed): the wait for a pooled
  /// connection and retries included. A queued command of a transaction ends with EXEC's reply.
  std::chrono::nanoseconds duration{0};
  std::size_t bytes_out = 0;  ///< request bytes written (each attempt counted)
  std::size_t bytes_in = 0;   ///< bytes of its reply (a queued command: its QUEUED reply)
  command_outcome outcome = command_outcome::ok;  ///< how it ended
  /// For command_outcome::server_error: the error's first word ("WRONGTYPE", "ERR", "MOVED").
  std::string_view error_prefix;
  /// For command_outcome::io_error: whether the command was not sent or may have executed.
  send_state io_state = send_state::not_sent;
  /// How many times it was sent or tried (1 when no retry was needed).
  int attempts = 1;
};

/// What happened to a connection.
enum class connection_event_kind {
  connect,         ///< a new connection is established (handshake done); duration: connect + handshake
  connect_failed,  ///< connecting or the handshake failed; reason: the error message
  discard,         ///< a connection was closed for a reason (broken, expired, closed by the server, ...)
  reconnect,       ///< work moves to a fresh connection after an I/O error (a retried command, a subscriber)
  failover,        ///< reserved for the sentinel client: the master moved
  redirect,        ///< reserved for the cluster client: MOVED / ASK
};

/// Passed to observer::on_connection_event.
struct connection_event {
  connection_event_kind kind = connection_event_kind::connect;  ///< what happened
  std::string_view endpoint;             ///< the server
  std::string_view reason;               ///< why (discard, connect_failed, reconnect); empty otherwise
  std::chrono::nanoseconds duration{0};  ///< connect and connect_failed: time spent connecting
};

/// Receives command and connection events from every executor of one client (its pool, its
/// pipelines and transactions, its pinned connections) or of a subscriber. Called synchronously on
/// the thread that runs the command, possibly from several threads at once: implementations must
/// be thread-safe and quick. They must not throw (the hooks are noexcept) and must not call back
/// into the client. The string_views of an event are valid only during the call.
class observer {
 public:
  virtual ~observer() = default;
  /// A command starts.
  virtual void on_command_start(const command_start_event& event) noexcept { (void)event; }
  /// The command of the matching on_command_start ended (always called once after it).
  virtual void on_command_end(const command_end_event& event) noexcept { (void)event; }
  /// A connection was opened, failed to open, was discarded, or work moves to a new one.
  virtual void on_connection_event(const connection_event& event) noexcept { (void)event; }
};

/// "ok", "server_error", "io_error", "other_error" or "aborted": a stable label for metrics.
constexpr std::string_view to_string(command_outcome o) noexcept {
  switch (o) {
    case command_outcome::ok: return "ok";
    case command_outcome::server_error: return "server_error";
    case command_outcome::io_error: return "io_error";
    case command_outcome::other_error: return "other_error";
    case command_outcome::aborted: return "aborted";
  }
  return "unknown";
}

/// "single", "pipeline" or "transaction".
constexpr std::string_view to_string(command_context c) noexcept {
  switch (c) {
    case command_context::single: return "single";
    case command_context::pipeline: return "pipeline";
    case command_context::transaction: return "transaction";
  }
  return "unknown";
}

/// "connect", "connect_failed", "discard", "reconnect", "failover" or "redirect".
constexpr std::string_view to_string(connection_event_kind k) noexcept {
  switch (k) {
    case connection_event_kind::connect: return "connect";
    case connection_event_kind::connect_failed: return "connect_failed";
    case connection_event_kind::discard: return "discard";
    case connection_event_kind::reconnect: return "reconnect";
    case connection_event_kind::failover: return "failover";
    case connection_event_kind::redirect: return "redirect";
  }
  return "unknown";
}

/// @}

}  // namespace typedis
