// A fault-injection TCP proxy for the tests (and scripts/soak): listens on 127.0.0.1, forwards every
// connection to one upstream server, and damages the server-to-client bytes (the replies), or the
// client-to-server ones, as its current fault says; or loses exactly the reply to the next request
// (lose_next_reply). Threads of its own; no mocks: the server behind
// it is real. Changing the fault affects the bytes forwarded from then on, on every connection.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace typedis::test {

struct fault {
  enum class kind {
    none,          ///< forward as is
    delay,         ///< hold every chunk for `delay` before forwarding it
    cut_after,     ///< close the connection once `bytes` bytes went through (in `toward`)
    stall_after,   ///< forward `bytes` bytes, then nothing more (the connection stays open)
    corrupt_at,    ///< replace the byte at offset `bytes` (per connection) by `replacement`
    drop_every,    ///< close every `every`-th new connection at once, without a byte
    drip,          ///< forward one byte at a time, `delay` apart
  };
  enum class direction { to_client, to_server };

  kind what = kind::none;
  direction toward = direction::to_client;
  std::size_t bytes = 0;
  std::chrono::milliseconds delay{0};
  std::size_t every = 0;
  char replacement = '!';
  bool open_connections_only = false;  ///< connections accepted after set() are left alone

  /// The same fault, for the connections open when it is set (e.g. lose one reply, not the resend's).
  fault on_open_connections_only() const {
    fault f = *this;
    f.open_connections_only = true;
    return f;
  }

  static fault none() { return {}; }
  static fault delayed(std::chrono::milliseconds d) { return {kind::delay, direction::to_client, 0, d}; }
  static fault cut_after_bytes(std::size_t n, direction d = direction::to_client) { return {kind::cut_after, d, n}; }
  static fault stall_after_bytes(std::size_t n, direction d = direction::to_client) {
    return {kind::stall_after, d, n};
  }
  static fault corrupt_byte(std::size_t offset, char with = '!') {
    return {kind::corrupt_at, direction::to_client, offset, {}, 0, with};
  }
  static fault drop_every_kth(std::size_t k) { return {kind::drop_every, direction::to_client, 0, {}, k}; }
  static fault dripping(std::chrono::milliseconds gap) { return {kind::drip, direction::to_client, 0, gap}; }
};

class fault_proxy {
 public:
  /// Starts listening on 127.0.0.1 (a port the kernel picks) in front of upstream_host:upstream_port.
  fault_proxy(std::string upstream_host, int upstream_port);
  /// In front of 127.0.0.1:upstream_port.
  explicit fault_proxy(int upstream_port) : fault_proxy("127.0.0.1", upstream_port) {}
  ~fault_proxy();
  fault_proxy(const fault_proxy&) = delete;
  fault_proxy& operator=(const fault_proxy&) = delete;

  int port() const noexcept { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

  /// Byte offsets of the new fault (cut, stall, corrupt) count from this call on every open
  /// connection, and from its first byte on a connection opened later.
  void set(const fault& f);
  fault current() const;

  /// Closes every open connection now (the clients see a reset or EOF mid-whatever).
  void cut_all();

  /// The next bytes any client sends (on a connection open now or opened later) are forwarded; the
  /// first bytes the server answers on that connection are dropped and both sides of it are closed.
  /// The server has then read and run the request, and the client never sees the reply.
  void lose_next_reply() noexcept { armed_ = true; }
  /// Replies lost that way so far; connections accepted so far.
  int replies_lost() const noexcept { return lost_.load(); }
  int connections() const noexcept { return static_cast<int>(accepted_.load()); }

  std::size_t accepted() const noexcept { return accepted_.load(); }
  std::size_t dropped() const noexcept { return dropped_.load(); }
  std::size_t open_connections() const;

 private:
  struct link;
  void accept_loop();
  void serve(const std::shared_ptr<link>& l);
  std::pair<fault, std::uint64_t> current_with_generation() const;

  std::string upstream_host_;
  int upstream_port_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::atomic<std::size_t> accepted_{0};
  std::atomic<std::size_t> dropped_{0};
  std::atomic<bool> armed_{false};
  std::atomic<int> lost_{0};
  mutable std::mutex mutex_;
  fault fault_;
  std::uint64_t generation_ = 0;
  std::vector<std::shared_ptr<link>> links_;
  std::size_t serving_ = 0;  // serving threads still running (under mutex_)
  std::condition_variable all_served_;
  std::thread acceptor_;
};

/// Resident set size of this process, in bytes (from /proc/self/statm).
std::size_t resident_bytes();

}  // namespace typedis::test
