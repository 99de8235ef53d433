/// @file
/// typedis::sentinel_options: a client whose connections go to the data node that Redis Sentinel
/// says is the current primary (or a replica) of a named master (docs/sentinel.md). Set
/// client_options::sentinel, or use a redis+sentinel:// URL (<typedis/url.hpp>).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace typedis {

/// A sentinel's address.
struct sentinel_address {
  std::string host;             ///< name, IPv4 or IPv6 literal
  std::uint16_t port = 26379;   ///< Sentinel's default port
  /// Same host text and port.
  friend bool operator==(const sentinel_address&, const sentinel_address&) = default;
};

/// Which data nodes a sentinel-backed client talks to.
enum class sentinel_role {
  primary,  ///< the current primary (writes and reads)
  replica,  ///< the replicas, spread over them (reads only)
};

/// How to find the data nodes through Redis Sentinel (client_options::sentinel; docs/sentinel.md).
struct sentinel_options {
  std::vector<sentinel_address> sentinels;  ///< asked in turn; the one that answers moves to the front
  std::string master_name;                  ///< the name the sentinels monitor (`sentinel monitor NAME ...`)
  sentinel_role role = sentinel_role::primary;  ///< the primary (default) or the replicas
  /// role replica: when no replica is usable, use the primary rather than fail.
  bool replica_fallback_to_primary = false;
  std::string username;  ///< the sentinels' ACL user (empty: none; the data nodes' are in connection)
  std::string password;  ///< the sentinels' password (empty: no AUTH)
  /// TLS to the sentinels (with connection.tls's files); by default as the data nodes.
  bool tls = false;
  /// Subscribe to +switch-master on a sentinel and move to a new primary before a request fails.
  bool watch_failover = true;
};

}  // namespace typedis
