// Internal: the blocking driver of the sentinel machine (core/sentinel.hpp), shared by the
// connections of one client. It tells a pool which data node to dial: current() resolves through
// the sentinels when nothing is known (one resolution at a time; the others wait for its result),
// open() connects to that node and checks ROLE before handing the connection out. A failure seen
// on a node (a lost connection, READONLY on a write, a ROLE mismatch) invalidates it; +switch-master
// on a sentinel does the same before anything fails. Each resolution bumps the generation: a
// pooled connection of an older generation goes to a node that is no longer the answer and is
// drained (closed when it comes back to the pool).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/sentinel.hpp"
#include "sync/connection.hpp"
#include "sync/net/stream.hpp"
#include "typedis/client_options.hpp"

namespace typedis::sentinel_impl {

class locator : public std::enable_shared_from_this<locator> {
 public:
  // `base.sentinel` is set; base.connection holds what applies to the data nodes.
  explicit locator(const client_options& base);
  ~locator();
  locator(const locator&) = delete;
  locator& operator=(const locator&) = delete;

  struct target {
    std::shared_ptr<const connection_options> options;  // a data node: base options, its host/port
    std::uint64_t generation = 0;
  };
  // The node to dial now (for role replica: the next replica, round robin). Throws io_error
  // (not_sent) naming the master and every sentinel tried when none could answer.
  target current();
  // Connects to current() and checks its ROLE; on a failure resolves once more and tries again.
  std::unique_ptr<connection> open(const std::shared_ptr<net::tls_context>& tls);
  // What was learnt at `generation` is stale: the next current() resolves again.
  void invalidate(std::uint64_t generation);
  std::uint64_t generation() const noexcept { return generation_.load(std::memory_order_acquire); }
  const sentinel_options& settings() const noexcept { return options_; }
  std::string describe() const;  // "master 'mymaster' via sentinels 127.0.0.1:26379, ..."

  // Called (from the watcher thread) after a +switch-master for our master, and after every
  // invalidation: the asynchronous engine moves its connections. Returns a handle; the listener
  // stays until the handle goes.
  using listener = std::function<void(std::uint64_t new_generation)>;
  std::shared_ptr<void> listen(listener l);
  // Starts the +switch-master watcher (when settings().watch_failover).
  void start_watching();

 private:
  target resolve_locked();
  connection_options sentinel_connection(const core::sentinel::address& a) const;
  std::unique_ptr<connection> open_sentinel(const core::sentinel::address& a);
  void watch();
  void notify(std::uint64_t generation);

  client_options base_;
  sentinel_options options_;
  std::shared_ptr<net::tls_context> sentinel_tls_;
  std::shared_ptr<net::tls_context> data_tls_;

  std::mutex mutex_;  // one resolution at a time; guards everything below
  core::sentinel::sentinel_list sentinels_;
  std::vector<core::sentinel::address> nodes_;  // the answer: the primary, or the usable replicas
  std::size_t next_node_ = 0;
  bool valid_ = false;
  std::atomic<std::uint64_t> generation_{0};

  std::mutex listeners_mutex_;
  std::vector<std::weak_ptr<listener>> listeners_;

  std::mutex watch_mutex_;
  std::condition_variable watch_wake_;
  bool stopping_ = false;
  std::thread watcher_;
};

// A locator for `o` when it names sentinels, else null.
std::shared_ptr<locator> make_locator(const client_options& o);

}  // namespace typedis::sentinel_impl
