#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>

#include "sync/net/dial.hpp"
#include "sync/net/wait.hpp"
#include "typedis/error.hpp"

namespace typedis::net {

unique_fd dial_unix(const connection_options& options, deadline until) {
  const std::string endpoint = options.endpoint();
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (options.path.empty()) throw config_error("unix socket transport without a socket path");
  // sun_path is a fixed array (108 bytes on Linux) that must also hold the terminating NUL.
  if (options.path.size() >= sizeof addr.sun_path)
    throw config_error("unix socket path is too long (" + std::to_string(options.path.size()) +
                       " bytes, at most " + std::to_string(sizeof addr.sun_path - 1) + "): " + options.path);
  std::memcpy(addr.sun_path, options.path.data(), options.path.size());

  unique_fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) throw io_error("connect", endpoint, "socket: " + errno_text(errno), send_state::not_sent);
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0) return fd;
  const int e = errno;
  if (e == EINPROGRESS || e == EINTR) {
    if (!wait_for(fd.get(), POLLOUT, until, "connect", endpoint))
      throw timeout_error("connect", endpoint,
                          "connect to " + endpoint + " timed out after " +
                              std::to_string(options.connect_timeout.count()) + " ms",
                          send_state::not_sent);
    int error = 0;
    socklen_t len = sizeof error;
    if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &error, &len) != 0) error = errno;
    if (error == 0) return fd;
    throw io_error("connect", endpoint, "connect to " + endpoint + " failed: " + errno_text(error),
                   send_state::not_sent);
  }
  // EAGAIN from a non-blocking Unix connect means the server's backlog is full (no attempt is
  // left pending, unlike TCP's EINPROGRESS).
  const std::string why = e == EAGAIN ? "the server's listen backlog is full" : errno_text(e);
  throw io_error("connect", endpoint, "connect to " + endpoint + " failed: " + why, send_state::not_sent);
}

}  // namespace typedis::net
