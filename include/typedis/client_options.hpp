/// @file
/// Options of typedis::client: one server's connection options plus the pool's.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>

#include "typedis/backoff.hpp"
#include "typedis/connection_options.hpp"
#include "typedis/observer.hpp"
#include "typedis/sentinel_options.hpp"
#include "typedis/resp/value.hpp"

namespace typedis {

/// The connection pool of a typedis::client.
struct pool_options {
  std::size_t max_size = 8;  ///< connections open at most at once
  /// How long execute() waits for a free connection when max_size are busy.
  std::chrono::milliseconds checkout_timeout{5000};
  /// A connection idle for longer than this is PINGed before it is handed out (0: always, <0: never).
  std::chrono::milliseconds idle_check_after{30000};
  /// A connection used less than this long ago is handed out without the check for the data or EOF
  /// a server-closed connection leaves (one poll(), a syscall). By default (1 s) a busy connection
  /// costs two syscalls per round trip (send, recv) like hiredis's, and one idle for longer is
  /// checked first: a server restart or an idle timeout (Redis counts `timeout` in whole seconds)
  /// while the application was quiet never costs a command. A connection the server closed within
  /// the last second fails the command it carries, which then goes again only under the resend
  /// rule (retry_options): a GET is resent on a new connection, an INCR fails with
  /// send_state::may_have_executed. 0: always checked (one poll() per command; the window
  /// shrinks to the microseconds between that poll and the write). URL key pool_closed_check.
  std::chrono::milliseconds closed_check_after{1000};
  /// Connections older than this are closed when returned or checked out (0: no limit).
  std::chrono::milliseconds max_lifetime{0};
};

/// When a command fails with an I/O error or a timeout, it is sent again on a fresh connection if
/// that is safe (docs/pipelines-transactions-scripts.md, "Retries"):
/// - always when it was never sent (connect refused, handshake failed, nothing written);
/// - after it may have executed (the request was written, the reply was lost), only when it is
///   read-only (spec flag `readonly`) or the call was marked safe (r.resend_safe(),
///   typedis::call_options::resend_safe) or retry_unsafe is set. A command whose reply could differ
///   on a second run (SET NX, DEL, RENAME, INCR, ...) is otherwise reported as
///   io_error with state() == may_have_executed, never answered from a second run.
/// - a blocking command (BLPOP, XREAD BLOCK, ...) is never resent after it may have executed.
/// Server errors and decode errors are never retried.
struct retry_options {
  int max_attempts = 3;  ///< tries per command, the first included (1: no retry)
  /// The wait between tries (full jitter by default: attempt n waits in [0, min(max, initial * 2^(n-1))]).
  backoff_options backoff{std::chrono::milliseconds{20}, std::chrono::milliseconds{1000}, 1.0};
  /// Treat every call as marked safe to resend (blocking commands, pipelines and transactions excepted).
  bool retry_unsafe = false;
  // Older names of backoff.initial_delay and backoff.max_delay, kept so that code written before
  // backoff_options compiles and means the same: when set, they win over `backoff`.
  std::optional<std::chrono::milliseconds> base_backoff = std::nullopt;  ///< older name of backoff.initial_delay (wins when set)
  std::optional<std::chrono::milliseconds> max_backoff = std::nullopt;  ///< older name of backoff.max_delay (wins when set)

  /// `backoff` with the older names above applied.
  backoff_options effective_backoff() const noexcept {
    backoff_options b = backoff;
    if (base_backoff) b.initial_delay = *base_backoff;
    if (max_backoff) b.max_delay = *max_backoff;
    return b;
  }
};

/// Everything a typedis::client is configured with; parse_url() fills it from a URL.
struct client_options {
  connection_options connection;  ///< the server and how to reach it
  pool_options pool;              ///< connection pool size and health checks
  retry_options retry;            ///< when failed commands are sent again
  /// RESP3 push frames arriving on pooled connections (e.g. CLIENT TRACKING invalidations) are
  /// handed here, never mistaken for replies. Called on the thread that reads them; keep it short.
  std::function<void(const resp::value&)> on_push;
  /// Told about every command (single, pipelined, in a transaction, on a pinned connection) and
  /// every connection event of this client: see <typedis/observer.hpp> and docs/observability.md.
  /// Null (the default): nothing is reported, at the cost of one null check per command.
  std::shared_ptr<typedis::observer> observer;
  /// Set: the server is found through Redis Sentinel (connection.host/port are then ignored;
  /// every other connection option applies to the data nodes). docs/sentinel.md.
  std::optional<sentinel_options> sentinel;
};

}  // namespace typedis
