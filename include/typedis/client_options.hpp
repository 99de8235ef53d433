// Options of typedis::client: one server's connection options plus the pool's.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>

#include "typedis/connection_options.hpp"

namespace typedis {

struct pool_options {
  std::size_t max_size = 8;  // connections open at most at once
  // How long execute() waits for a free connection when max_size are busy.
  std::chrono::milliseconds checkout_timeout{5000};
  // A connection idle for longer than this is PINGed before it is handed out (0: always, <0: never).
  std::chrono::milliseconds idle_check_after{30000};
  // Connections older than this are closed when returned or checked out (0: no limit).
  std::chrono::milliseconds max_lifetime{0};
};

struct client_options {
  connection_options connection;
  pool_options pool;
};

}  // namespace typedis
