// parse_url: see include/typedis/url.hpp for the accepted format.
//
// Secrets: the userinfo is never quoted in a message, even when it is misparsed. Text from
// elsewhere (host, port, path, option names and values) may be quoted only where it cannot hold a
// misplaced part of a password:
// - an '@' after the authority (in the path or the query) means a password with an unencoded '/',
//   '?' or '#' spilled out of the userinfo, or is ambiguous with it: refused without quoting
//   anything ('@' in an option value is written %40);
// - without an '@', "host:port" may be "user:password" with the "@host" forgotten: a port that is
//   not a number is then reported without quoting the host or the port;
// - no text holding a ':' is quoted (see quoted()), other than an IPv6 address after an '@'.
#include "typedis/url.hpp"

#include <arpa/inet.h>

#include <cctype>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "typedis/error.hpp"

namespace typedis {
namespace {

using std::chrono::milliseconds;

[[noreturn]] void fail(const std::string& what) { throw config_error("invalid Redis URL: " + what); }

// Text with a ':' is withheld: outside the host part, it may be a misplaced "user:password" (a URL
// without "@host", or with an unencoded delimiter before the ':').
std::string quoted(std::string_view text) {
  if (text.find(':') != std::string_view::npos) return "(not shown: it holds a ':', as a user name and password would)";
  std::string out;
  out.reserve(text.size() + 2);
  out += '\'';
  out += text;
  out += '\'';
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> percent_decode(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size()) return std::nullopt;  // needs two hex digits after '%'
    const int hi = hex_value(in[i + 1]);
    const int lo = hex_value(in[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// `part` names what is decoded; a secret part is never quoted.
std::string decode(std::string_view in, std::string_view part, bool secret) {
  auto out = percent_decode(in);
  if (!out) {
    std::string what = "malformed percent-escape in the ";
    what += part;
    if (!secret) what += " " + quoted(in);
    fail(what);
  }
  return std::move(*out);
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

// "250ms", "2s", "1.5s", "1m", "1h"; a bare number is seconds (as in redis-py).
std::optional<milliseconds> parse_duration(std::string_view text, bool allow_negative) {
  bool negative = false;
  if (allow_negative && !text.empty() && text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  std::size_t digits = 0;
  bool seen_dot = false;
  std::size_t int_digits = 0;
  std::size_t frac_digits = 0;
  for (; digits < text.size(); ++digits) {
    const char c = text[digits];
    if (c >= '0' && c <= '9') {
      (seen_dot ? frac_digits : int_digits)++;
    } else if (c == '.' && !seen_dot) {
      seen_dot = true;
    } else {
      break;
    }
  }
  // Only plain decimals: from_chars alone would also take "inf", "nan" and exponents.
  if (int_digits == 0 || (seen_dot && frac_digits == 0)) return std::nullopt;
  const std::string_view number = text.substr(0, digits);
  const std::string_view unit = text.substr(digits);
  double factor = 0;
  if (unit.empty() || unit == "s") {
    factor = 1000;
  } else if (unit == "ms") {
    factor = 1;
  } else if (unit == "m") {
    factor = 60'000;
  } else if (unit == "h") {
    factor = 3'600'000;
  } else {
    return std::nullopt;
  }
  double value = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc{} || end != number.data() + number.size()) return std::nullopt;
  const double ms = value * factor;
  if (ms > 1e12) return std::nullopt;  // ~31 years: surely a typo
  auto count = static_cast<long long>(std::llround(ms));
  if (count == 0 && ms > 0) count = 1;  // a positive timeout must not turn into "no deadline"
  return milliseconds{negative ? -count : count};
}

std::optional<bool> parse_bool(std::string_view text) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  return std::nullopt;
}

// Option values are never quoted (a password with an unencoded '@' and '?' can end up as one);
// parse_query adds which item of the query it was.
[[noreturn]] void bad_value(std::string_view option, std::string_view /*value*/, std::string_view expected) {
  fail("invalid value for option " + quoted(option) + " (expected " + std::string(expected) + ")");
}

constexpr std::string_view known_options[] = {
    "protocol",     "db",          "client_name",   "name",          "connect_timeout", "read_timeout",
    "write_timeout", "timeout",    "keepalive",     "keepalive_idle", "tls_ca_file",     "tls_ca_dir",
    "tls_cert_file", "tls_key_file", "tls_sni",     "tls_verify",    "pool_size",       "pool_timeout",
    "pool_max_lifetime", "pool_idle_check", "pool_closed_check", "max_bulk",   "max_elements", "max_depth",   "max_line",
    "read_buffer_keep", "role", "replica_fallback", "sentinel_username", "sentinel_password", "sentinel_tls",
    "watch_failover"};

// A byte count: digits with an optional unit k, m, g (KiB, MiB, GiB; "kb", "mb", "gb" too).
std::size_t size_option(std::string_view option, std::string_view value, std::uint64_t max) {
  std::size_t digits = 0;
  while (digits < value.size() && value[digits] >= '0' && value[digits] <= '9') ++digits;
  std::string_view unit = value.substr(digits);
  std::uint64_t factor = 1;
  if (unit == "k" || unit == "kb") {
    factor = 1u << 10;
  } else if (unit == "m" || unit == "mb") {
    factor = 1u << 20;
  } else if (unit == "g" || unit == "gb") {
    factor = 1u << 30;
  } else if (!unit.empty()) {
    factor = 0;
  }
  const auto n = digits == 0 ? std::nullopt : parse_unsigned(value.substr(0, digits));
  if (factor == 0 || !n || *n == 0 || *n > max / factor)
    bad_value(option, value, "a positive size such as 4096, 64k, 16m or 1g, at most " + std::to_string(max));
  return static_cast<std::size_t>(*n * factor);
}

bool known_option(std::string_view key) {
  for (std::string_view k : known_options)
    if (k == key) return true;
  return false;
}

milliseconds duration_option(std::string_view option, std::string_view value, bool allow_negative = false) {
  auto d = parse_duration(value, allow_negative);
  if (!d) bad_value(option, value, "a duration such as 250ms, 2s, 1.5s or 1m");
  return *d;
}

int database_number(std::string_view text) {
  auto n = parse_unsigned(text);
  if (!n || *n > static_cast<std::uint64_t>(INT_MAX)) return -1;
  return static_cast<int>(*n);
}

// What the query said that matters once every option is read.
struct query_state {
  std::optional<int> db;
  std::optional<milliseconds> timeout;
  bool connect_timeout_given = false;
};

void apply_option(client_options& out, std::string_view key, const std::string& value,
                  query_state& q) {
  connection_options& c = out.connection;
  if (key == "protocol") {
    if (value == "2" || value == "resp2") {
      c.protocol = protocol_version::resp2;
    } else if (value == "3" || value == "resp3") {
      c.protocol = protocol_version::resp3;
    } else {
      bad_value(key, value, "2, 3, resp2 or resp3");
    }
  } else if (key == "db") {
    const int db = database_number(value);
    if (db < 0) bad_value(key, value, "a non-negative integer");
    q.db = db;
  } else if (key == "client_name" || key == "name") {
    c.client_name = value;
  } else if (key == "connect_timeout") {
    c.connect_timeout = duration_option(key, value);
    q.connect_timeout_given = true;
  } else if (key == "read_timeout") {
    c.read_timeout = duration_option(key, value);
  } else if (key == "write_timeout") {
    c.write_timeout = duration_option(key, value);
  } else if (key == "timeout") {
    c.read_timeout = c.write_timeout = duration_option(key, value);
    q.timeout = c.read_timeout;
  } else if (key == "keepalive") {
    auto b = parse_bool(value);
    if (!b) bad_value(key, value, "true or false");
    c.keepalive = *b;
  } else if (key == "keepalive_idle") {
    const milliseconds d = duration_option(key, value);
    // TCP_KEEPIDLE counts whole seconds.
    if (d.count() < 1000 || d.count() % 1000 != 0) bad_value(key, value, "a whole number of seconds, at least 1s");
    c.keepalive_idle = std::chrono::duration_cast<std::chrono::seconds>(d);
  } else if (key == "tls_ca_file") {
    c.tls.ca_file = value;
  } else if (key == "tls_ca_dir") {
    c.tls.ca_dir = value;
  } else if (key == "tls_cert_file") {
    c.tls.cert_file = value;
  } else if (key == "tls_key_file") {
    c.tls.key_file = value;
  } else if (key == "tls_sni") {
    c.tls.sni = value;
  } else if (key == "tls_verify") {
    if (value == "full") {
      c.tls.verify_peer = c.tls.verify_hostname = true;
    } else if (value == "ca") {
      c.tls.verify_peer = true;
      c.tls.verify_hostname = false;
    } else if (value == "none") {
      c.tls.verify_peer = c.tls.verify_hostname = false;
    } else {
      bad_value(key, value, "full, ca or none");
    }
  } else if (key == "max_bulk") {
    c.limits.max_bulk_length = size_option(key, value, std::uint64_t{1} << 32);
  } else if (key == "max_elements") {
    c.limits.max_aggregate_size = size_option(key, value, std::uint64_t{1} << 32);
  } else if (key == "max_depth") {
    c.limits.max_depth = size_option(key, value, 1u << 16);
  } else if (key == "max_line") {
    c.limits.max_line_length = size_option(key, value, std::uint64_t{1} << 32);
  } else if (key == "read_buffer_keep") {
    c.read_buffer_keep = size_option(key, value, std::uint64_t{1} << 40);
  } else if (key == "role" && out.sentinel) {
    if (value == "primary" || value == "master") {
      out.sentinel->role = sentinel_role::primary;
    } else if (value == "replica" || value == "slave") {
      out.sentinel->role = sentinel_role::replica;
    } else {
      bad_value(key, value, "primary or replica");
    }
  } else if (key == "replica_fallback" && out.sentinel) {
    auto b = parse_bool(value);
    if (!b) bad_value(key, value, "true or false");
    out.sentinel->replica_fallback_to_primary = *b;
  } else if (key == "sentinel_username" && out.sentinel) {
    out.sentinel->username = value;
  } else if (key == "sentinel_password" && out.sentinel) {
    out.sentinel->password = value;
  } else if (key == "sentinel_tls" && out.sentinel) {
    auto b = parse_bool(value);
    if (!b) bad_value(key, value, "true or false");
    out.sentinel->tls = *b;
  } else if (key == "watch_failover" && out.sentinel) {
    auto b = parse_bool(value);
    if (!b) bad_value(key, value, "true or false");
    out.sentinel->watch_failover = *b;
  } else if (key == "pool_size") {
    auto n = parse_unsigned(value);
    if (!n || *n == 0 || *n > 1'000'000) bad_value(key, value, "a positive integer");
    out.pool.max_size = static_cast<std::size_t>(*n);
  } else if (key == "pool_timeout") {
    out.pool.checkout_timeout = duration_option(key, value);
  } else if (key == "pool_max_lifetime") {
    out.pool.max_lifetime = duration_option(key, value);
  } else if (key == "pool_idle_check") {
    out.pool.idle_check_after = duration_option(key, value, /*allow_negative=*/true);  // <0: never
  } else if (key == "pool_closed_check") {
    out.pool.closed_check_after = duration_option(key, value);
  } else {
    // The name is not quoted: only known names are, since anything else may be part of a password.
    std::string message = "unknown option (known:";
    for (std::string_view k : known_options) message.append(" ").append(k);
    fail(message + ")");
  }
}

// `query` is the text after '?'. `&` separates options; empty ones (a trailing '&') are ignored.
void parse_query(client_options& out, std::string_view query, query_state& q) {
  for (std::size_t number = 1; !query.empty(); ++number) {
    const std::size_t amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    const std::string where = " (item " + std::to_string(number) + " of the query)";
    if (item.empty()) continue;
    const std::size_t eq = item.find('=');
    const std::string key = decode(item.substr(0, eq), "name of query item " + std::to_string(number), true);
    if (eq == std::string_view::npos) {
      if (known_option(key)) fail("option '" + key + "' has no value (expected " + key + "=...)" + where);
      fail("an option without '=value'" + where);
    }
    const std::string value = decode(item.substr(eq + 1), "value of query item " + std::to_string(number), true);
    try {
      apply_option(out, key, value, q);
    } catch (const config_error& e) {
      throw config_error(e.what() + where);
    }
  }
}

void parse_userinfo(connection_options& c, std::string_view userinfo) {
  // Without a ':' the whole userinfo is the password, as redis-cli reads it: treating it as a
  // password is also the safe side, since a password is never printed.
  const std::size_t colon = userinfo.find(':');
  if (colon == std::string_view::npos) {
    c.password = decode(userinfo, "password", true);
  } else {
    c.username = decode(userinfo.substr(0, colon), "user name", true);
    c.password = decode(userinfo.substr(colon + 1), "password", true);
  }
}

bool valid_host_name(std::string_view host) {
  for (const char ch : host) {
    const auto c = static_cast<unsigned char>(ch);
    if (!std::isalnum(c) && c != '-' && c != '.' && c != '_') return false;
  }
  return true;
}

bool all_digits(std::string_view text) {
  return !text.empty() && text.find_first_not_of("0123456789") == std::string_view::npos;
}

// `after_userinfo`: the URL had an '@', so the port text cannot be part of a password.
std::uint16_t parse_port(std::string_view text, bool after_userinfo) {
  if (text.empty()) fail("missing port after ':'");
  auto n = parse_unsigned(text);
  if (!n || *n == 0 || *n > 65535) {
    if (after_userinfo || all_digits(text)) fail("invalid port " + quoted(text) + " (expected 1-65535)");
    fail("invalid port after ':' in the host part (expected 1-65535; a user name and password must be "
         "followed by '@host')");
  }
  return static_cast<std::uint16_t>(*n);
}

void parse_host_port(connection_options& c, std::string_view hostport, bool after_userinfo) {
  std::string_view port_text;
  bool has_port = false;
  if (!hostport.empty() && hostport.front() == '[') {
    const std::size_t close = hostport.find(']');
    if (close == std::string_view::npos)
      fail("missing ']' after IPv6 address" + (after_userinfo ? " '" + std::string(hostport) + "'" : std::string{}));
    const std::string host = decode(hostport.substr(1, close - 1), "host", false);
    // A zone ("fe80::1%eth0", written %25eth0 in the URL) is passed through to getaddrinfo.
    const std::string address = host.substr(0, host.find('%'));
    in6_addr parsed{};
    if (inet_pton(AF_INET6, address.c_str(), &parsed) != 1) fail("invalid IPv6 address" + (after_userinfo ? " '" + host + "'" : " " + quoted(host)));
    c.host = host;
    const std::string_view after = hostport.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') fail("unexpected " + quoted(after) + " after IPv6 address");
      has_port = true;
      port_text = after.substr(1);
    }
  } else {
    const std::size_t colon = hostport.find(':');
    std::string_view host_text = hostport.substr(0, colon);
    if (colon != std::string_view::npos) {
      if (hostport.find(':', colon + 1) != std::string_view::npos)
        fail("an IPv6 address must be written in brackets, e.g. redis://[::1]:6379");
      has_port = true;
      port_text = hostport.substr(colon + 1);
      // Checked before the host: "user:password" without "@host" must not have its user quoted.
      if (!after_userinfo && !all_digits(port_text)) (void)parse_port(port_text, after_userinfo);
    }
    // An empty host keeps the default (127.0.0.1), as in "redis:///2" or "redis://:6380".
    if (!host_text.empty()) {
      std::string host = decode(host_text, "host", false);
      if (!valid_host_name(host)) fail("invalid host " + quoted(host));
      c.host = std::move(host);
    }
  }
  if (has_port) c.port = parse_port(port_text, after_userinfo);
}

}  // namespace

client_options parse_url(std::string_view url) {
  client_options out;
  connection_options& c = out.connection;

  const std::size_t sep = url.find("://");
  if (sep == std::string_view::npos) fail("missing scheme (expected redis://, rediss://, unix:// or redis+sentinel://)");
  std::string scheme(url.substr(0, sep));
  for (char& ch : scheme) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  std::string_view rest = url.substr(sep + 3);

  std::optional<int> path_db;
  query_state q;
  std::string_view query;
  bool has_query = false;

  if (scheme == "unix") {
    c.transport = transport_kind::unix_socket;
    if (rest.empty() || rest.front() != '/') {
      const std::size_t at = rest.rfind("@/");
      if (at == std::string_view::npos)
        fail("a unix socket URL needs an absolute path, e.g. unix:///run/redis.sock");
      parse_userinfo(c, rest.substr(0, at));
      rest = rest.substr(at + 1);
    }
    const std::size_t q = rest.find('?');
    // As for redis://: an '@' after the userinfo may be a misplaced part of a password
    // ("unix:///pw@/s.sock", "unix:///p%zzw?x=1@/s.sock"; found by tests/fuzz/url_fuzz.cpp).
    if (rest.find('@') != std::string_view::npos)
      fail("'@' found after the userinfo: percent-encode reserved characters ('/', '?', '#', '@', ':') in the "
           "user name and password, and '@' in the socket path and option values (%40)");
    c.path = decode(rest.substr(0, q), "socket path", false);
    if (c.path.size() <= 1) fail("missing unix socket path, e.g. unix:///run/redis.sock");
    if (q != std::string_view::npos) {
      has_query = true;
      query = rest.substr(q + 1);
    }
  } else if (scheme == "redis" || scheme == "rediss") {
    c.transport = scheme == "rediss" ? transport_kind::tls : transport_kind::tcp;
    const std::size_t end = rest.find_first_of("/?");
    const std::string_view authority = rest.substr(0, end);
    const std::string_view tail = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    const std::size_t at = authority.rfind('@');
    if (tail.find('@') != std::string_view::npos)
      fail("'@' found after the host: percent-encode reserved characters ('/', '?', '#', '@', ':') in the "
           "user name and password, and '@' in option values (%40)");
    std::string_view hostport = authority;
    if (at != std::string_view::npos) {
      parse_userinfo(c, authority.substr(0, at));
      hostport = authority.substr(at + 1);
    }
    parse_host_port(c, hostport, at != std::string_view::npos);

    const std::size_t q = tail.find('?');
    const std::string_view path = tail.substr(0, q);
    if (q != std::string_view::npos) {
      has_query = true;
      query = tail.substr(q + 1);
    }
    if (path.size() > 1) {
      const std::string db_text = decode(path.substr(1), "database", true);
      const int db = database_number(db_text);
      // Only a number is quoted: other text in the path may be part of a password.
      if (db < 0)
        fail("invalid database" + (all_digits(db_text) ? " " + quoted(db_text) : std::string{}) +
             " in the path (expected /N with N >= 0)");
      path_db = db;
    }
  } else if (scheme == "redis+sentinel" || scheme == "rediss+sentinel") {
    // redis+sentinel://[user:password@]host[:port][,host[:port]...]/master_name[/db][?options]
    c.transport = scheme == "rediss+sentinel" ? transport_kind::tls : transport_kind::tcp;
    out.sentinel.emplace();
    out.sentinel->tls = c.transport == transport_kind::tls;
    const std::size_t end = rest.find_first_of("/?");
    const std::string_view authority = rest.substr(0, end);
    const std::string_view tail = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
    if (tail.find('@') != std::string_view::npos)
      fail("'@' found after the hosts: percent-encode reserved characters ('/', '?', '#', '@', ':') in the "
           "user name and password, and '@' in option values (%40)");
    const std::size_t at = authority.rfind('@');
    std::string_view hosts = authority;
    if (at != std::string_view::npos) {
      parse_userinfo(c, authority.substr(0, at));
      hosts = authority.substr(at + 1);
    }
    while (!hosts.empty() || out.sentinel->sentinels.empty()) {
      const std::size_t comma = hosts.find(',');
      const std::string_view one = hosts.substr(0, comma);
      if (one.empty()) fail("missing sentinel host (expected redis+sentinel://host:26379[,host:port...]/master)");
      connection_options h;
      h.host.clear();
      h.port = 26379;
      parse_host_port(h, one, at != std::string_view::npos);
      if (h.host.empty()) fail("missing sentinel host before " + std::string(one.substr(0, 1) == ":" ? "the port" : "','"));
      out.sentinel->sentinels.push_back({h.host, h.port});
      if (comma == std::string_view::npos) break;
      hosts = hosts.substr(comma + 1);
      if (hosts.empty()) fail("missing sentinel host after ','");
    }
    const std::size_t qpos = tail.find('?');
    std::string_view path = tail.substr(0, qpos);
    if (qpos != std::string_view::npos) {
      has_query = true;
      query = tail.substr(qpos + 1);
    }
    if (path.size() <= 1) fail("missing master name in the path (expected redis+sentinel://host:26379/mymaster)");
    path.remove_prefix(1);
    const std::size_t slash = path.find('/');
    out.sentinel->master_name = decode(path.substr(0, slash), "master name", false);
    if (out.sentinel->master_name.empty()) fail("empty master name in the path");
    if (slash != std::string_view::npos && slash + 1 < path.size()) {
      const std::string db_text = decode(path.substr(slash + 1), "database", true);
      const int db = database_number(db_text);
      if (db < 0) fail("invalid database" + (all_digits(db_text) ? " " + quoted(db_text) : std::string{}) +
                       " after the master name (expected /master/N with N >= 0)");
      path_db = db;
    }
  } else {
    const bool printable = scheme.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789+-.") == std::string::npos;
    // Built with append: GCC 12 at -O3 reports a false -Wrestrict on `" " + quoted(...)`.
    std::string message = "unsupported scheme";
    if (printable) message.append(" ").append(quoted(scheme));
    message.append(" (expected redis://, rediss://, unix:// or redis+sentinel://)");
    fail(message);
  }

  if (has_query) parse_query(out, query, q);
  if (path_db && q.db && *path_db != *q.db)
    fail("database given twice with different values: /" + std::to_string(*path_db) + " and db=" +
         std::to_string(*q.db));
  if (path_db) c.database = *path_db;
  if (q.db) c.database = *q.db;
  // timeout= bounds connecting (TCP, TLS handshake, HELLO) too unless connect_timeout= is given, in
  // either order, as redis-py's socket_timeout does: rediss:// to a plain-text port must not
  // outlast it. A zero timeout (no deadline for replies) leaves connecting its own.
  if (q.timeout && !q.connect_timeout_given && q.timeout->count() > 0) c.connect_timeout = *q.timeout;
  return out;
}

}  // namespace typedis
