// Internal: the server-side timeout a blocking command carries (BLPOP's last argument, XREAD's
// BLOCK milliseconds, ...), read back from its encoded request. A blocking call may legitimately
// wait that long for its reply, so the client's deadline for it is that timeout plus read_timeout
// (none when the timeout is 0, which blocks for ever). Which argument holds the timeout and in
// which unit is a fact of each command's grammar; tests/codegen/test_blocking_timeouts.py checks
// this table against every command the spec flags `blocking`.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace typedis::core {

// The timeout in `request` (a RESP array of bulk strings) when its command is a blocking one that
// blocks in this call: nothing for other commands, and for XREAD without BLOCK. Zero: for ever.
std::optional<std::chrono::milliseconds> blocking_timeout(std::string_view request) noexcept;

}  // namespace typedis::core
