#include "fault_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <condition_variable>
#include <stdexcept>
#include <system_error>

namespace typedis::test {

namespace {

[[noreturn]] void fail_errno(const char* what) { throw std::system_error(errno, std::generic_category(), what); }

int connect_to(const std::string& host, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::inet_pton(AF_INET, host.c_str(), &addr.sin_addr) != 1 ||
      ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return -1;
  }
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

bool send_all(int fd, const char* data, std::size_t size) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

// One proxied connection: the client's socket and the upstream one, and what went through.
struct fault_proxy::link {
  int client = -1;
  int server = -1;
  std::atomic<bool> cut{false};
  std::size_t forwarded[2] = {0, 0};  // [to_client, to_server] since `generation` was set
  std::uint64_t generation = 0;
  std::uint64_t born = 0;  // the generation current when it was accepted
  bool trapped = false;    // lose_next_reply chose this connection: its next reply is swallowed
  // Under the proxy's mutex. shutdown wakes a poll() in the serving thread, which closes the fds
  // (and sets them to -1 under the mutex first, so that a closed number is never shut down again).
  void close_both() {
    cut = true;
    if (client >= 0) ::shutdown(client, SHUT_RDWR);
    if (server >= 0) ::shutdown(server, SHUT_RDWR);
  }
};

fault_proxy::fault_proxy(std::string upstream_host, int upstream_port)
    : upstream_host_(std::move(upstream_host)), upstream_port_(upstream_port) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) fail_errno("fault_proxy socket");
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 128) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    const int e = errno;
    ::close(listen_fd_);
    throw std::system_error(e, std::generic_category(), "fault_proxy listen");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

fault_proxy::~fault_proxy() {
  stopping_ = true;
  ::shutdown(listen_fd_, SHUT_RDWR);
  acceptor_.join();
  ::close(listen_fd_);
  cut_all();
  std::unique_lock lock(mutex_);
  all_served_.wait(lock, [this] { return serving_ == 0; });
}

void fault_proxy::set(const fault& f) {
  std::lock_guard lock(mutex_);
  fault_ = f;
  ++generation_;
}

fault fault_proxy::current() const {
  std::lock_guard lock(mutex_);
  return fault_;
}

std::pair<fault, std::uint64_t> fault_proxy::current_with_generation() const {
  std::lock_guard lock(mutex_);
  return {fault_, generation_};
}

void fault_proxy::cut_all() {
  std::lock_guard lock(mutex_);
  for (auto& l : links_) l->close_both();
}

std::size_t fault_proxy::open_connections() const {
  std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& l : links_) n += l->cut ? 0 : 1;
  return n;
}

void fault_proxy::accept_loop() {
  while (!stopping_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (::poll(&p, 1, 100) <= 0) continue;
    const int client = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    const std::size_t number = ++accepted_;
    const fault f = current();
    if (f.what == fault::kind::drop_every && f.every > 0 && number % f.every == 0) {
      ++dropped_;
      ::close(client);
      continue;
    }
    const int one = 1;
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    const int server = connect_to(upstream_host_, upstream_port_);
    if (server < 0) {
      ::close(client);
      continue;
    }
    auto l = std::make_shared<link>();
    l->client = client;
    l->server = server;
    std::lock_guard lock(mutex_);
    l->generation = l->born = generation_;
    // Finished links are forgotten here, so that a long soak does not accumulate them.
    std::erase_if(links_, [](const std::shared_ptr<link>& x) { return x->cut.load(); });
    links_.push_back(l);
    ++serving_;
    // Detached: a soak opens thousands of connections; the destructor waits for serving_ == 0.
    std::thread([this, l] { serve(l); }).detach();
  }
}

void fault_proxy::serve(const std::shared_ptr<link>& l) {
  char buf[16384];
  bool stalled[2] = {false, false};
  while (!l->cut && !stopping_) {
    pollfd p[2] = {{l->server, static_cast<short>(stalled[0] ? 0 : POLLIN), 0},
                   {l->client, static_cast<short>(stalled[1] ? 0 : POLLIN), 0}};
    const int ready = ::poll(p, 2, 100);
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    bool done = false;
    for (int side = 0; side < 2 && !done; ++side) {  // 0: server -> client, 1: client -> server
      if (p[side].revents & (POLLERR | POLLNVAL)) {
        done = true;
        break;
      }
      if (stalled[side] || !(p[side].revents & (POLLIN | POLLHUP))) continue;
      const int from = side == 0 ? l->server : l->client;
      const int to = side == 0 ? l->client : l->server;
      const ssize_t n = ::recv(from, buf, sizeof buf, 0);
      if (n <= 0) {
        done = true;
        break;
      }
      if (side == 1 && !l->trapped && armed_.exchange(false)) l->trapped = true;
      if (side == 0 && l->trapped) {  // the reply to the trapped request: swallowed, then cut
        ++lost_;
        done = true;
        break;
      }
      const auto [f, generation] = current_with_generation();
      if (generation != l->generation) {  // byte offsets count from the latest set()
        l->generation = generation;
        l->forwarded[0] = l->forwarded[1] = 0;
      }
      const auto dir = side == 0 ? fault::direction::to_client : fault::direction::to_server;
      const bool applies = f.toward == dir && !(f.open_connections_only && l->born == generation);
      std::size_t size = static_cast<std::size_t>(n);
      std::size_t& sent = l->forwarded[side];
      if (applies && (f.what == fault::kind::cut_after || f.what == fault::kind::stall_after) &&
          sent + size >= f.bytes) {
        const std::size_t allowed = f.bytes > sent ? f.bytes - sent : 0;
        if (!send_all(to, buf, allowed)) done = true;
        sent += allowed;
        if (f.what == fault::kind::cut_after) {
          done = true;
        } else {
          // Stop reading this side: what the peer sends next stays unread until the connection ends.
          stalled[side] = true;
        }
        continue;
      }
      if (applies && f.what == fault::kind::corrupt_at && f.bytes >= sent && f.bytes < sent + size)
        buf[f.bytes - sent] = f.replacement;
      if (applies && f.what == fault::kind::delay) std::this_thread::sleep_for(f.delay);
      if (applies && f.what == fault::kind::drip) {
        for (std::size_t i = 0; i < size && !done; ++i) {
          if (!send_all(to, buf + i, 1)) done = true;
          if (l->cut) done = true;
          std::this_thread::sleep_for(f.delay);
        }
      } else if (!send_all(to, buf, size)) {
        done = true;
      }
      sent += size;
    }
    if (done) break;
  }
  std::lock_guard lock(mutex_);
  l->close_both();
  ::close(l->client);
  ::close(l->server);
  l->client = l->server = -1;
  if (--serving_ == 0) all_served_.notify_all();
}

std::size_t resident_bytes() {
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  unsigned long size = 0, resident = 0;
  const int got = std::fscanf(f, "%lu %lu", &size, &resident);
  std::fclose(f);
  return got == 2 ? resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE)) : 0;
}

}  // namespace typedis::test
