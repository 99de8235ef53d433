/// @file
/// typedis::sentinel: a client of one Redis Sentinel, with the generated SENTINEL commands
/// (sentinel_get_master_addr_by_name, sentinel_replicas, sentinel_failover, sentinel_master, ...)
/// and the connection commands (ping, hello, auth, client_*), for programs that manage or monitor
/// a deployment. A client of the data nodes *through* Sentinel is an ordinary typedis::client made
/// from a redis+sentinel:// URL or client_options::sentinel (docs/sentinel.md).
///
///   typedis::sentinel s{"redis://127.0.0.1:26379"};
///   auto addr = s.sentinel_get_master_addr_by_name("mymaster");
#pragma once

#include "typedis/basic_client.hpp"
#include "typedis/commands/connection.hpp"
#include "typedis/commands/sentinel.hpp"

namespace typedis {

/// A client of one sentinel: the SENTINEL commands and the connection commands.
using sentinel = basic_client<sentinel_commands, connection_commands>;

}  // namespace typedis
