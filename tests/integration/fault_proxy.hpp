// A TCP proxy on 127.0.0.1 between a client and a real server, for tests that need a network fault
// at a precise point: today "forward the next request, swallow the server's reply to it and cut
// that connection" (the reply to a command that ran is lost). Other modes (delay, stall, corrupt,
// drip) belong here as well.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

namespace typedis::test {

class fault_proxy {
 public:
  // Listens on a free loopback port and forwards every connection to 127.0.0.1:upstream_port.
  explicit fault_proxy(int upstream_port);
  ~fault_proxy();
  fault_proxy(const fault_proxy&) = delete;
  fault_proxy& operator=(const fault_proxy&) = delete;

  int port() const noexcept { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

  // The next bytes any client sends (on a connection open now or opened later) are forwarded; the
  // first bytes the server answers on that connection are dropped and both sides of it are closed.
  // The server has then read and run the request, and the client never sees the reply.
  void lose_next_reply() noexcept { armed_ = true; }
  // Replies lost so far; connections accepted so far.
  int replies_lost() const noexcept { return lost_.load(); }
  int connections() const noexcept { return accepted_.load(); }

 private:
  void run();

  int upstream_port_;
  int listen_fd_ = -1;
  int wake_[2] = {-1, -1};  // a pipe: the destructor writes to it to stop run()
  int port_ = 0;
  std::atomic<bool> armed_{false};
  std::atomic<int> lost_{0};
  std::atomic<int> accepted_{0};
  std::thread thread_;
};

}  // namespace typedis::test
