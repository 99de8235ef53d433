#include "sync/net/socket_stream.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>

#include "sync/net/wait.hpp"
#include "typedis/error.hpp"

namespace typedis::net {

namespace {

send_state state_after(std::size_t written) {
  return written == 0 ? send_state::not_sent : send_state::may_have_executed;
}

}  // namespace

socket_stream::socket_stream(unique_fd fd, std::string endpoint) : stream(std::move(endpoint)), fd_(std::move(fd)) {
  if (fd_) {
    const int flags = ::fcntl(fd_.get(), F_GETFL);
    if (flags >= 0 && (flags & O_NONBLOCK) != 0) ::fcntl(fd_.get(), F_SETFL, flags & ~O_NONBLOCK);
  }
}

namespace {
// A wait may end this much after its deadline (the clock is read before recv starts waiting) or
// be cut short by up to a tenth (then recv is called again): setting SO_RCVTIMEO costs a syscall,
// and a reply read with the usual per-reply timeout never needs a new one.
constexpr std::chrono::microseconds late_by{1000};
}  // namespace

void socket_stream::fit_receive_timeout(deadline until, std::string_view command) {
  std::chrono::microseconds wanted{0};  // no deadline: wait for ever
  if (until != deadline::max()) {
    const auto left = std::chrono::duration_cast<std::chrono::microseconds>(until - clock::now());
    wanted = std::max(left, std::chrono::microseconds(1));  // 0 would mean "for ever"
  }
  const bool fits = wanted.count() == 0
                        ? receive_timeout_.count() == 0
                        : receive_timeout_.count() != 0 && receive_timeout_ <= wanted + late_by &&
                              receive_timeout_ >= wanted - wanted / 10;
  if (fits) return;
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(wanted.count() / 1000000);
  tv.tv_usec = static_cast<suseconds_t>(wanted.count() % 1000000);
  if (::setsockopt(fd_.get(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0)
    throw io_error(command, endpoint(), "setsockopt(SO_RCVTIMEO) failed: " + errno_text(errno));
  receive_timeout_ = wanted;
}

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
    const ssize_t n = ::send(fd, bytes.data() + written, bytes.size() - written, MSG_NOSIGNAL | MSG_DONTWAIT);
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
    // One recv that waits in the kernel, bounded by SO_RCVTIMEO (see the header).
    if (until != deadline::max() && clock::now() >= until)
      throw timeout_error(command, endpoint(), "read timed out waiting for the reply");
    fit_receive_timeout(until, command);
    const ssize_t n = ::recv(fd, into.data(), into.size(), 0);
    if (n > 0) return static_cast<std::size_t>(n);
    if (n == 0) throw io_error(command, endpoint(), "connection closed by server");
    const int e = errno;
    if (e == EINTR || e == EAGAIN || e == EWOULDBLOCK) continue;  // the clock decides (loop top)
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
