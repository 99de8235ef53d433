// A peer on loopback that answers each request it reads with whatever `respond` returns (for a
// misbehaving server or a non-Redis peer): one connection at a time, served by one thread.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>

namespace typedis::test {

class canned_server {
 public:
  // `respond(request)` gives the bytes to send back (may be empty); `after(request)`, if given, runs
  // once they are sent. Both run on the server thread and may block (to hold the next reply back).
  explicit canned_server(std::function<std::string(const std::string&)> respond,
                         std::function<void(const std::string&)> after = {})
      : respond_(std::move(respond)), after_(std::move(after)) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 8) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
      throw std::runtime_error("canned_server: cannot listen on 127.0.0.1");
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  canned_server(const canned_server&) = delete;
  canned_server& operator=(const canned_server&) = delete;
  ~canned_server() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  std::uint16_t port() const noexcept { return port_; }

 private:
  void serve() {
    for (;;) {
      const int c = ::accept(fd_, nullptr, nullptr);
      if (c < 0) return;  // the listening socket was shut down
      char buf[4096];
      for (;;) {
        const ssize_t n = ::recv(c, buf, sizeof buf, 0);
        if (n <= 0) break;
        const std::string request(buf, static_cast<std::size_t>(n));
        const std::string reply = respond_(request);
        if (!reply.empty() && ::send(c, reply.data(), reply.size(), MSG_NOSIGNAL) < 0) break;
        if (after_) after_(request);
      }
      ::close(c);
    }
  }

  std::function<std::string(const std::string&)> respond_;
  std::function<void(const std::string&)> after_;
  int fd_ = -1;
  std::uint16_t port_ = 0;
  std::thread thread_;
};

}  // namespace typedis::test
