/// @file
/// Redis URLs: redis://, rediss:// (TLS) and unix://.
///
///   redis://[[user]:password@]host[:port][/db][?option=value&...]
///   rediss://...                                   same, over TLS
///   unix://[[user]:password@]/path/to/socket[?db=N&...]
///
/// Userinfo, path and query values are percent-decoded. Hosts may be IPv6 literals in brackets.
/// Query options (unknown or malformed ones are a config_error that names them):
///   protocol=2|3, db=N, client_name=NAME (alias name=),
///   connect_timeout=, read_timeout=, write_timeout=, timeout= (sets read and write)
///     durations: "250ms", "2s", "1.5s", "1m"; a bare number means seconds (as in redis-py)
///   keepalive=true|false, keepalive_idle=DURATION
///   tls_ca_file=, tls_ca_dir=, tls_cert_file=, tls_key_file=, tls_sni=,
///   tls_verify=full|ca|none  (full: CA and hostname; ca: CA only; none: no verification)
///   pool_size=, pool_timeout=, pool_max_lifetime=, pool_idle_check=   (client-level; see client_options)
#pragma once

#include <string_view>

#include "typedis/client_options.hpp"

namespace typedis {

/// Throws config_error naming the offending part; the message never includes the password.
client_options parse_url(std::string_view url);

}  // namespace typedis
