// The constant commands the runtime sends by itself (MULTI and EXEC around a transaction, UNWATCH
// when a watched pinned connection goes back to the pool, PING health checks), built once by the
// generated builders so that each carries its command_info (name, flags, key specs) like any
// command a user sends, at no cost per use.
#pragma once

#include "typedis/command.hpp"
#include "typedis/generated/connection.hpp"
#include "typedis/generated/transactions.hpp"

namespace typedis::detail {

const decltype(cmd::multi())& multi_command();
const decltype(cmd::exec())& exec_command();
const decltype(cmd::unwatch())& unwatch_command();
const decltype(cmd::ping())& ping_command();

}  // namespace typedis::detail
