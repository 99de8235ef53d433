// Internal: opening a connected, non-blocking socket to a server (before any TLS).
#pragma once

#include "sync/net/stream.hpp"
#include "sync/net/unique_fd.hpp"

namespace typedis::net {

// Resolves options.host (names, IPv4 and IPv6 literals) and tries each address in turn until one
// connects, all within `until`; sets TCP_NODELAY and the keep-alive options.
// Throws io_error, or timeout_error if the deadline passed, both with send_state::not_sent.
unique_fd dial_tcp(const connection_options& options, deadline until);

// Connects to the Unix socket options.path. A path too long for sockaddr_un is a config_error.
unique_fd dial_unix(const connection_options& options, deadline until);

}  // namespace typedis::net
