/// @file
/// Redis URLs: redis://, rediss:// (TLS), unix:// and redis+sentinel:// (Redis Sentinel).
///
///   redis://[[user]:password@]host[:port][/db][?option=value&...]
///   rediss://...                                   same, over TLS
///   unix://[[user]:password@]/path/to/socket[?db=N&...]
///   redis+sentinel://[[user]:password@]host[:port][,host[:port]...]/master_name[/db][?option=value&...]
///   rediss+sentinel://...                          same, data nodes and sentinels over TLS
///
/// A sentinel URL lists the sentinels (port 26379 when omitted) and names the master they
/// monitor; the user and password are the data nodes', and so is every option below. Options of
/// sentinel URLs only: role=primary|replica (default primary), replica_fallback=true|false (role
/// replica: the primary when no replica is usable), sentinel_username=, sentinel_password= (the
/// sentinels' own credentials), sentinel_tls=true|false, watch_failover=true|false (follow
/// +switch-master; default true). See docs/sentinel.md and client_options::sentinel.
///
/// Userinfo, path and query values are percent-decoded. Hosts may be IPv6 literals in brackets.
/// Reserved characters in the user name and password ('/', '?', '#', '@', ':') must be
/// percent-encoded, and so must an '@' in an option value (%40): an '@' after the host is refused,
/// since it cannot be told from a password that spilled out of the userinfo.
/// Query options (an unknown or malformed one is a config_error that says which item of the query
/// it is, and names the option when it is a known one):
///   protocol=2|3, db=N, client_name=NAME (alias name=),
///   connect_timeout=, read_timeout=, write_timeout=, timeout= (sets read and write, and connect
///     unless connect_timeout= is given)
///     durations: "250ms", "2s", "1.5s", "1m"; a bare number means seconds (as in redis-py)
///   keepalive=true|false, keepalive_idle=DURATION
///   tls_ca_file=, tls_ca_dir=, tls_cert_file=, tls_key_file=, tls_sni=,
///   tls_verify=full|ca|none  (full: CA and hostname; ca: CA only; none: no verification)
///   pool_size=, pool_timeout=, pool_max_lifetime=, pool_idle_check=, pool_closed_check=
///                                                                     (client-level; see client_options)
///   max_bulk=, max_elements=, max_depth=, max_line=, read_buffer_keep=   (reply limits and the read
///     buffer's high-water mark; sizes: "4096", "64k", "16m", "1g")
#pragma once

#include <string_view>

#include "typedis/client_options.hpp"

namespace typedis {

/// Throws config_error saying where the URL is malformed. No part of the user name or password
/// appears in the message, even when a reserved character made the URL parse differently than
/// meant: text that may hold a part of them (option names and values, a path that is not a number,
/// text with a ':', a port without a preceding '@') is described, not quoted.
client_options parse_url(std::string_view url);

}  // namespace typedis
