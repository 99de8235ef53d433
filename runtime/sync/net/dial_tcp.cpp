#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <string>
#include <vector>

#include "sync/net/dial.hpp"
#include "sync/net/wait.hpp"
#include "typedis/error.hpp"

namespace typedis::net {

namespace {

constexpr std::string_view connect_command = "connect";

std::string address_text(const sockaddr* sa) {
  char buf[INET6_ADDRSTRLEN] = {};
  if (sa->sa_family == AF_INET6) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
    ::inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf);
    return "[" + std::string(buf) + "]:" + std::to_string(ntohs(in6->sin6_port));
  }
  const auto* in4 = reinterpret_cast<const sockaddr_in*>(sa);
  ::inet_ntop(AF_INET, &in4->sin_addr, buf, sizeof buf);
  return std::string(buf) + ":" + std::to_string(ntohs(in4->sin_port));
}

void set_int_option(int fd, int level, int name, int value) {
  // Best effort: these tune latency and dead-peer detection; a kernel that refuses one still
  // leaves a working connection, so a failure is not worth failing the connect for.
  (void)::setsockopt(fd, level, name, &value, sizeof value);
}

void tune(int fd, const connection_options& options) {
  set_int_option(fd, IPPROTO_TCP, TCP_NODELAY, 1);  // requests are written whole; no Nagle delay
  if (!options.keepalive) return;
  set_int_option(fd, SOL_SOCKET, SO_KEEPALIVE, 1);
  const auto idle = static_cast<int>(std::clamp<long long>(options.keepalive_idle.count(), 1, 32767));
#ifdef TCP_KEEPIDLE
  set_int_option(fd, IPPROTO_TCP, TCP_KEEPIDLE, idle);
#endif
  // As redis-server does for its own side: probe every idle/3 seconds, give up after 3 probes.
#ifdef TCP_KEEPINTVL
  set_int_option(fd, IPPROTO_TCP, TCP_KEEPINTVL, std::max(1, idle / 3));
#endif
#ifdef TCP_KEEPCNT
  set_int_option(fd, IPPROTO_TCP, TCP_KEEPCNT, 3);
#endif
}

struct addrinfo_deleter {
  void operator()(addrinfo* ai) const noexcept { ::freeaddrinfo(ai); }
};

enum class attempt_result { connected, failed, timed_out };

// One non-blocking connect, waited for until `until`. On failure `why` says what happened.
attempt_result try_connect(const addrinfo& ai, deadline until, unique_fd& fd, std::string& why,
                           std::string_view endpoint) {
  fd.reset(::socket(ai.ai_family, ai.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai.ai_protocol));
  if (!fd) {
    why = "socket: " + errno_text(errno);
    return attempt_result::failed;
  }
  if (::connect(fd.get(), ai.ai_addr, ai.ai_addrlen) == 0) return attempt_result::connected;
  // EINTR: the connection attempt goes on asynchronously, exactly as with EINPROGRESS.
  if (errno != EINPROGRESS && errno != EINTR) {
    why = errno_text(errno);
    return attempt_result::failed;
  }
  if (!wait_for(fd.get(), POLLOUT, until, connect_command, endpoint)) {
    why = "timed out";
    return attempt_result::timed_out;
  }
  int error = 0;
  socklen_t len = sizeof error;
  if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &len) != 0) error = errno;
  if (error == 0) return attempt_result::connected;
  why = errno_text(error);
  return attempt_result::failed;
}

}  // namespace

unique_fd dial_tcp(const connection_options& options, deadline until) {
  const std::string endpoint = options.endpoint();
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* raw = nullptr;
  // getaddrinfo() cannot be given a deadline: a stuck resolver can outlast connect_timeout.
  const std::string port = std::to_string(options.port);
  const int rc = ::getaddrinfo(options.host.c_str(), port.c_str(), &hints, &raw);
  if (rc != 0) {
    const std::string why = rc == EAI_SYSTEM ? errno_text(errno) : std::string(::gai_strerror(rc));
    throw io_error(connect_command, endpoint, "cannot resolve host '" + options.host + "': " + why,
                   send_state::not_sent);
  }
  const std::unique_ptr<addrinfo, addrinfo_deleter> list(raw);
  std::vector<const addrinfo*> addresses;
  for (const addrinfo* ai = raw; ai != nullptr; ai = ai->ai_next) addresses.push_back(ai);

  std::string failures;
  for (std::size_t i = 0; i < addresses.size(); ++i) {
    // Share what is left of the timeout among the remaining addresses (at least a second each,
    // if that much is left), so that one black-holed address cannot starve the next ones.
    deadline attempt_until = until;
    if (until != deadline::max()) {
      const auto now = clock::now();
      if (now >= until) break;
      const auto left = until - now;
      const auto share = left / static_cast<long>(addresses.size() - i);
      attempt_until = now + std::max<clock::duration>(share, std::min<clock::duration>(left, std::chrono::seconds(1)));
    }
    unique_fd fd;
    std::string why;
    const attempt_result r = try_connect(*addresses[i], attempt_until, fd, why, endpoint);
    if (r == attempt_result::connected) {
      tune(fd.get(), options);
      return fd;
    }
    if (!failures.empty()) failures += "; ";
    const std::string address = address_text(addresses[i]->ai_addr);
    if (addresses.size() > 1 || address != endpoint) failures += address + ": ";
    failures += why;
  }

  // The last address gets all the time left, so a timed-out last attempt ends past `until`.
  if (until != deadline::max() && clock::now() >= until) {
    std::string what = "connect to " + endpoint + " timed out after " +
                       std::to_string(options.connect_timeout.count()) + " ms";
    if (!failures.empty() && failures != "timed out") what += " (" + failures + ")";
    throw timeout_error(connect_command, endpoint, what, send_state::not_sent);
  }
  throw io_error(connect_command, endpoint, "connect to " + endpoint + " failed: " + failures, send_state::not_sent);
}

}  // namespace typedis::net
