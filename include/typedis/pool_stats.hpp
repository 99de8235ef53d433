/// @file
/// typedis::pool_stats: what a connection pool holds and has done (client::stats()).
#pragma once

#include <cstddef>

namespace typedis {

/// Counts of a connection pool, for monitoring and tests.
struct pool_stats {
  std::size_t open = 0;       ///< connections that exist (idle + in use)
  std::size_t idle = 0;       ///< of which waiting in the pool
  std::size_t created = 0;    ///< connections opened since the pool was made
  std::size_t discarded = 0;  ///< connections dropped as broken, expired or unhealthy
};

}  // namespace typedis
