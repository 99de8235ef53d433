// Internal: waiting on one socket with a deadline, the single place where the transport blocks.
#pragma once

#include <string>
#include <string_view>

#include "sync/net/stream.hpp"

namespace typedis::net {

// Milliseconds for poll(): -1 for deadline::max(), 0 once the deadline has passed, rounded up
// otherwise so that a wait never ends before its deadline.
int poll_timeout(deadline until) noexcept;

// Waits until `fd` reports one of `events` (POLLIN, POLLOUT), an error or a hang-up: true; or
// until the deadline passes: false. A failing poll() is an io_error for `command` on `endpoint`.
bool wait_for(int fd, short events, deadline until, std::string_view command, std::string_view endpoint);

// The text of an errno value, for messages.
std::string errno_text(int error);

}  // namespace typedis::net
