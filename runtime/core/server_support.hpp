// Internal: which servers have a command (command_info::availability, from the spec) against the
// server a connection talks to (HELLO's server and version), so that a server lacking a command
// answers more than a bare "unknown command": the error names the servers and versions that have
// it and the server that does not.
#pragma once

#include <optional>
#include <string_view>

#include "typedis/command.hpp"
#include "typedis/error.hpp"

namespace typedis::detail {

// Whether `availability` ("redis >= 8.6.0, valkey", "valkey >= 9.0.0", "redis (module json)")
// includes server `name` at `version`; nullopt when either is unknown (no HELLO, no facts).
std::optional<bool> server_has(std::string_view availability, std::string_view name, std::string_view version);

// The error to report for `e`, the reply to `info`'s command from server `name` `version`: `e`,
// or, for an "unknown command"/"unknown subcommand" or for any ERR of a server the spec says lacks
// the command (Redis answers Valkey's BYPOLYGON with a syntax error), `e` with those facts added.
server_error explain_server_error(const server_error& e, const command_info& info, std::string_view name,
                                  std::string_view version);

}  // namespace typedis::detail
