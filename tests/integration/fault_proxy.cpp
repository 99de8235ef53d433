#include "fault_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace typedis::test {
namespace {

int connect_upstream(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

bool write_all(int fd, const char* data, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::send(fd, data, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

struct link {
  int client = -1;
  int server = -1;
  bool trapped = false;  // its last request was forwarded with the proxy armed: drop the reply
  void close_both() {
    if (client >= 0) ::close(client);
    if (server >= 0) ::close(server);
    client = server = -1;
  }
};

}  // namespace

fault_proxy::fault_proxy(int upstream_port) : upstream_port_(upstream_port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("fault_proxy: socket failed");
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 64) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error(std::string("fault_proxy: cannot listen: ") + std::strerror(errno));
  }
  port_ = ntohs(addr.sin_port);
  if (::pipe2(wake_, O_CLOEXEC) != 0) {
    ::close(listen_fd_);
    throw std::runtime_error("fault_proxy: pipe failed");
  }
  thread_ = std::thread([this] { run(); });
}

fault_proxy::~fault_proxy() {
  const char stop = 's';
  (void)!::write(wake_[1], &stop, 1);
  thread_.join();
  ::close(wake_[0]);
  ::close(wake_[1]);
  ::close(listen_fd_);
}

void fault_proxy::run() {
  std::vector<link> links;
  std::vector<char> buffer(64 * 1024);
  for (;;) {
    std::vector<pollfd> fds{{wake_[0], POLLIN, 0}, {listen_fd_, POLLIN, 0}};
    for (const link& l : links) {
      fds.push_back({l.client, POLLIN, 0});
      fds.push_back({l.server, POLLIN, 0});
    }
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents != 0) break;
    if (fds[1].revents & POLLIN) {
      const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
      if (client >= 0) {
        const int server = connect_upstream(upstream_port_);
        if (server < 0) {
          ::close(client);
        } else {
          links.push_back({client, server, false});
          ++accepted_;
        }
      }
    }
    for (std::size_t i = 0; i < links.size() && 2 + 2 * i + 1 < fds.size(); ++i) {
      link& l = links[i];
      const pollfd& from_client = fds[2 + 2 * i];
      const pollfd& from_server = fds[2 + 2 * i + 1];
      if (from_client.revents != 0) {
        const ssize_t n = ::recv(l.client, buffer.data(), buffer.size(), 0);
        if (n <= 0) {
          l.close_both();
          continue;
        }
        if (!l.trapped && armed_.exchange(false)) l.trapped = true;
        if (!write_all(l.server, buffer.data(), static_cast<std::size_t>(n))) {
          l.close_both();
          continue;
        }
      }
      if (from_server.revents != 0) {
        const ssize_t n = ::recv(l.server, buffer.data(), buffer.size(), 0);
        if (n <= 0 || l.trapped) {
          if (n > 0) ++lost_;
          l.close_both();
          continue;
        }
        if (!write_all(l.client, buffer.data(), static_cast<std::size_t>(n))) l.close_both();
      }
    }
    std::erase_if(links, [](const link& l) { return l.client < 0; });
  }
  for (link& l : links) l.close_both();
}

}  // namespace typedis::test
