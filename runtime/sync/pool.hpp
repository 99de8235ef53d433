// Internal: a bounded pool of connections to one endpoint. Checkout waits up to the checkout
// deadline for a free slot; connections idle for a while are PINGed before reuse, old ones are
// retired, and a connection that saw an I/O or protocol error is closed, never pooled again.
// It knows nothing of the client: a cluster client holds one per node.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

#include "sync/connection.hpp"
#include "sync/endpoint.hpp"
#include "typedis/client_options.hpp"
#include "typedis/pool_stats.hpp"

namespace typedis {

class connection_pool {
 public:
  connection_pool(typedis::endpoint target, pool_options options);
  ~connection_pool();

  // A checked-out connection; returns itself to the pool when destroyed (or is discarded if broken).
  class lease {
   public:
    lease(connection_pool* pool, std::unique_ptr<connection> c) noexcept : pool_(pool), conn_(std::move(c)) {}
    lease(lease&&) noexcept = default;
    lease& operator=(lease&&) = delete;
    ~lease() {
      if (conn_) pool_->release(std::move(conn_));
    }
    connection* operator->() const noexcept { return conn_.get(); }
    connection& operator*() const noexcept { return *conn_; }

   private:
    connection_pool* pool_;
    std::unique_ptr<connection> conn_;
  };

  lease acquire();
  void close();
  pool_stats stats() const;
  const typedis::endpoint& target() const noexcept { return target_; }

 private:
  void release(std::unique_ptr<connection> c);
  // Outside the lock. Null when it can be handed out, else why not (the discard event's reason).
  const char* unusable(connection& c);
  // Closes `c`; the target's observer hears of it with `reason`.
  void discard(std::unique_ptr<connection> c, std::string_view reason);

  const typedis::endpoint target_;
  const pool_options options_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<connection>> idle_;  // most recently used last
  std::size_t open_ = 0;
  std::size_t created_ = 0;
  std::size_t discarded_ = 0;
  bool closed_ = false;
};

}  // namespace typedis
