/// @file
/// Options of typedis::client: one server's connection options plus the pool's.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>

#include "typedis/connection_options.hpp"
#include "typedis/resp/value.hpp"

namespace typedis {

/// The connection pool of a typedis::client.
struct pool_options {
  std::size_t max_size = 8;  ///< connections open at most at once
  /// How long execute() waits for a free connection when max_size are busy.
  std::chrono::milliseconds checkout_timeout{5000};
  /// A connection idle for longer than this is PINGed before it is handed out (0: always, <0: never).
  std::chrono::milliseconds idle_check_after{30000};
  /// Connections older than this are closed when returned or checked out (0: no limit).
  std::chrono::milliseconds max_lifetime{0};
};

/// When a command fails with an I/O error or a timeout, it is sent again on a fresh connection if
/// that is safe: always when it was never sent (connect refused, nothing written), and otherwise
/// only when it is idempotent per the spec (readonly, or flagged idempotent such as SET without GET),
/// unless retry_unsafe. Server errors and decode errors are never retried.
struct retry_options {
  int max_attempts = 3;  ///< tries per command, the first included (1: no retry)
  /// Exponential backoff with full jitter: attempt n waits uniformly in [0, min(max, base * 2^(n-1))].
  std::chrono::milliseconds base_backoff{20};
  std::chrono::milliseconds max_backoff{1000};  ///< the cap of the backoff above
  bool retry_unsafe = false;  ///< also resend non-idempotent commands that may have executed
};

/// Everything a typedis::client is configured with; parse_url() fills it from a URL.
struct client_options {
  connection_options connection;  ///< the server and how to reach it
  pool_options pool;              ///< connection pool size and health checks
  retry_options retry;            ///< when failed commands are sent again
  /// RESP3 push frames arriving on pooled connections (e.g. CLIENT TRACKING invalidations) are
  /// handed here, never mistaken for replies. Called on the thread that reads them; keep it short.
  std::function<void(const resp::value&)> on_push;
};

}  // namespace typedis
