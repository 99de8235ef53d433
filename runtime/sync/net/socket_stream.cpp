#include "sync/net/socket_stream.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

#include "sync/net/wait.hpp"
#include "typedis/error.hpp"

namespace typedis::net {

namespace {

send_state state_after(std::size_t written) {
  return written == 0 ? send_state::not_sent : send_state::may_have_executed;
}

}  // namespace

socket_stream::socket_stream(unique_fd fd, std::string endpoint) : stream(std::move(endpoint)), fd_(std::move(fd)) {}

int socket_stream::open_fd(std::string_view command) const {
  if (!fd_) throw io_error(command, endpoint(), "connection is closed", send_state::not_sent);
  return fd_.get();
}

void socket_stream::write_all(std::span<const char> bytes, deadline until, std::string_view command) {
  const int fd = open_fd(command);
  std::size_t written = 0;
  while (written < bytes.size()) {
    // Try first: the send buffer usually has room, and that saves a poll() per write.
    // MSG_NOSIGNAL: a peer that went away is an EPIPE here, never a process-killing SIGPIPE.
    const ssize_t n = ::send(fd, bytes.data() + written, bytes.size() - written, MSG_NOSIGNAL);
    if (n >= 0) {
      written += static_cast<std::size_t>(n);
      continue;
    }
    const int e = errno;
    if (e == EINTR) continue;
    if (e == EAGAIN || e == EWOULDBLOCK) {
      if (!wait_for(fd, POLLOUT, until, command, endpoint()))
        throw timeout_error(command, endpoint(), "write timed out", state_after(written));
      continue;
    }
    throw io_error(command, endpoint(), "write failed: " + errno_text(e), state_after(written));
  }
}

std::size_t socket_stream::read_some(std::span<char> into, deadline until, std::string_view command) {
  const int fd = open_fd(command);
  if (into.empty()) throw io_error(command, endpoint(), "read into an empty buffer");
  for (;;) {
    // Wait first: a reply is rarely there the instant after its request was written.
    if (!wait_for(fd, POLLIN, until, command, endpoint()))
      throw timeout_error(command, endpoint(), "read timed out waiting for the reply");
    const ssize_t n = ::recv(fd, into.data(), into.size(), 0);
    if (n > 0) return static_cast<std::size_t>(n);
    if (n == 0) throw io_error(command, endpoint(), "connection closed by server");
    const int e = errno;
    if (e == EINTR || e == EAGAIN || e == EWOULDBLOCK) continue;
    throw io_error(command, endpoint(), "read failed: " + errno_text(e));
  }
}

bool socket_stream::readable_now() {
  if (!fd_) return true;  // reading would fail at once, as with EOF
  pollfd p{fd_.get(), POLLIN, 0};
  int n = 0;
  do {
    n = ::poll(&p, 1, 0);
  } while (n < 0 && errno == EINTR);
  return n != 0;  // a poll() failure is reported as readable so that callers drop the connection
}

void socket_stream::close() noexcept { fd_.reset(); }

}  // namespace typedis::net
