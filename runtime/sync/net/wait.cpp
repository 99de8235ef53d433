#include "sync/net/wait.hpp"

#include <poll.h>

#include <cerrno>
#include <climits>
#include <system_error>

#include "typedis/error.hpp"

namespace typedis::net {

int poll_timeout(deadline until) noexcept {
  if (until == deadline::max()) return -1;
  const auto now = clock::now();
  if (until <= now) return 0;
  const auto ms = std::chrono::ceil<std::chrono::milliseconds>(until - now).count();
  return ms > INT_MAX ? INT_MAX : static_cast<int>(ms);
}

bool wait_for(int fd, short events, deadline until, std::string_view command, std::string_view endpoint) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, poll_timeout(until));
    if (n > 0) return true;
    if (n == 0) {
      // poll() may wake a little early on some kernels; only the clock decides.
      if (until != deadline::max() && clock::now() >= until) return false;
      continue;
    }
    if (errno == EINTR) continue;
    throw io_error(command, endpoint, "poll failed: " + errno_text(errno));
  }
}

std::string errno_text(int error) { return std::error_code(error, std::system_category()).message(); }

}  // namespace typedis::net
