// parse_url: valid URLs with every field compared against the expectation, invalid ones checked
// for a config_error that names the bad part and never quotes the password.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "typedis/error.hpp"
#include "typedis/url.hpp"

namespace {

using namespace std::chrono_literals;
using typedis::client_options;
using typedis::config_error;
using typedis::parse_url;
using typedis::protocol_version;
using typedis::transport_kind;

void expect_same(const client_options& want, const client_options& got, const std::string& url) {
  SCOPED_TRACE(url);
  const auto& w = want.connection;
  const auto& g = got.connection;
  EXPECT_EQ(w.transport, g.transport);
  EXPECT_EQ(w.host, g.host);
  EXPECT_EQ(w.port, g.port);
  EXPECT_EQ(w.path, g.path);
  EXPECT_EQ(w.username, g.username);
  EXPECT_EQ(w.password, g.password);
  EXPECT_EQ(w.database, g.database);
  EXPECT_EQ(w.client_name, g.client_name);
  EXPECT_EQ(w.protocol, g.protocol);
  EXPECT_EQ(w.connect_timeout, g.connect_timeout);
  EXPECT_EQ(w.read_timeout, g.read_timeout);
  EXPECT_EQ(w.write_timeout, g.write_timeout);
  EXPECT_EQ(w.keepalive, g.keepalive);
  EXPECT_EQ(w.keepalive_idle, g.keepalive_idle);
  EXPECT_EQ(w.tls.verify_peer, g.tls.verify_peer);
  EXPECT_EQ(w.tls.verify_hostname, g.tls.verify_hostname);
  EXPECT_EQ(w.tls.ca_file, g.tls.ca_file);
  EXPECT_EQ(w.tls.ca_dir, g.tls.ca_dir);
  EXPECT_EQ(w.tls.cert_file, g.tls.cert_file);
  EXPECT_EQ(w.tls.key_file, g.tls.key_file);
  EXPECT_EQ(w.tls.sni, g.tls.sni);
  EXPECT_EQ(w.limits.max_bulk_length, g.limits.max_bulk_length);
  EXPECT_EQ(w.limits.max_aggregate_size, g.limits.max_aggregate_size);
  EXPECT_EQ(w.limits.max_depth, g.limits.max_depth);
  EXPECT_EQ(w.limits.max_line_length, g.limits.max_line_length);
  EXPECT_EQ(w.read_buffer_keep, g.read_buffer_keep);
  EXPECT_EQ(want.pool.max_size, got.pool.max_size);
  EXPECT_EQ(want.pool.checkout_timeout, got.pool.checkout_timeout);
  EXPECT_EQ(want.pool.idle_check_after, got.pool.idle_check_after);
  EXPECT_EQ(want.pool.max_lifetime, got.pool.max_lifetime);
}

struct valid_case {
  std::string url;
  std::function<void(client_options&)> expect;  // applied to default options
};

TEST(parse_url, valid_urls) {
  const std::vector<valid_case> cases = {
      {"redis://localhost", [](client_options& o) { o.connection.host = "localhost"; }},
      {"redis://localhost:6380",
       [](client_options& o) {
         o.connection.host = "localhost";
         o.connection.port = 6380;
       }},
      {"REDIS://Example.COM:1", [](client_options& o) {
         o.connection.host = "Example.COM";
         o.connection.port = 1;
       }},
      {"redis://10.0.0.1:65535/15",
       [](client_options& o) {
         o.connection.host = "10.0.0.1";
         o.connection.port = 65535;
         o.connection.database = 15;
       }},
      {"redis://h/", [](client_options& o) { o.connection.host = "h"; }},
      {"redis://h/0", [](client_options& o) { o.connection.host = "h"; }},
      {"redis://", [](client_options&) {}},
      {"redis:///2", [](client_options& o) { o.connection.database = 2; }},
      {"redis://:6390", [](client_options& o) { o.connection.port = 6390; }},
      {"redis://[::1]", [](client_options& o) { o.connection.host = "::1"; }},
      {"redis://[::1]:7000/1",
       [](client_options& o) {
         o.connection.host = "::1";
         o.connection.port = 7000;
         o.connection.database = 1;
       }},
      {"redis://[2001:db8::1:2]:6379", [](client_options& o) { o.connection.host = "2001:db8::1:2"; }},
      {"redis://[fe80::1%25eth0]:6379", [](client_options& o) { o.connection.host = "fe80::1%eth0"; }},
      {"redis://[::ffff:127.0.0.1]", [](client_options& o) { o.connection.host = "::ffff:127.0.0.1"; }},
      {"redis://:secret@h",
       [](client_options& o) {
         o.connection.host = "h";
         o.connection.password = "secret";
       }},
      {"redis://alice:secret@h:1234/3",
       [](client_options& o) {
         o.connection.host = "h";
         o.connection.port = 1234;
         o.connection.username = "alice";
         o.connection.password = "secret";
         o.connection.database = 3;
       }},
      // A userinfo without ':' is the password (as redis-cli reads it).
      {"redis://onlypass@h",
       [](client_options& o) {
         o.connection.host = "h";
         o.connection.password = "onlypass";
       }},
      {"redis://alice:@h",
       [](client_options& o) {
         o.connection.host = "h";
         o.connection.username = "alice";
       }},
      // Percent-decoding in the userinfo, and a raw '@' / ':' in the password.
      {"redis://al%69ce:p%40ss%3Aw%2Fo%3Frd%25@h",
       [](client_options& o) {
         o.connection.host = "h";
         o.connection.username = "alice";
         o.connection.password = "p@ss:w/o?rd%";
       }},
      {"redis://u:p@ss:w#rd@h",
       [](client_options& o) {
         o.connection.host = "h";
         o.connection.username = "u";
         o.connection.password = "p@ss:w#rd";
       }},
      {"redis://[::1]:6379?db=4", [](client_options& o) {
         o.connection.host = "::1";
         o.connection.database = 4;
       }},
      {"redis://h/4?db=4", [](client_options& o) {
         o.connection.host = "h";
         o.connection.database = 4;
       }},
      {"rediss://h",
       [](client_options& o) {
         o.connection.transport = transport_kind::tls;
         o.connection.host = "h";
       }},
      {"rediss://:pw@redis.example.com:6380/1?tls_ca_file=%2Fetc%2Fca.pem&tls_ca_dir=/etc/ssl/certs"
       "&tls_cert_file=/c.pem&tls_key_file=/k.pem&tls_sni=cache.internal",
       [](client_options& o) {
         auto& c = o.connection;
         c.transport = transport_kind::tls;
         c.host = "redis.example.com";
         c.port = 6380;
         c.password = "pw";
         c.database = 1;
         c.tls.ca_file = "/etc/ca.pem";
         c.tls.ca_dir = "/etc/ssl/certs";
         c.tls.cert_file = "/c.pem";
         c.tls.key_file = "/k.pem";
         c.tls.sni = "cache.internal";
       }},
      {"rediss://h?tls_verify=ca",
       [](client_options& o) {
         o.connection.transport = transport_kind::tls;
         o.connection.host = "h";
         o.connection.tls.verify_hostname = false;
       }},
      {"rediss://h?tls_verify=none",
       [](client_options& o) {
         o.connection.transport = transport_kind::tls;
         o.connection.host = "h";
         o.connection.tls.verify_peer = false;
         o.connection.tls.verify_hostname = false;
       }},
      {"rediss://h?tls_verify=none&tls_verify=full",
       [](client_options& o) {
         o.connection.transport = transport_kind::tls;
         o.connection.host = "h";
       }},
      {"unix:///run/redis.sock",
       [](client_options& o) {
         o.connection.transport = transport_kind::unix_socket;
         o.connection.path = "/run/redis.sock";
       }},
      {"unix:///tmp/my%20redis.sock?db=9&protocol=2",
       [](client_options& o) {
         o.connection.transport = transport_kind::unix_socket;
         o.connection.path = "/tmp/my redis.sock";
         o.connection.database = 9;
         o.connection.protocol = protocol_version::resp2;
       }},
      {"unix://bob:s%3Acret@/var/run/redis/redis.sock",
       [](client_options& o) {
         o.connection.transport = transport_kind::unix_socket;
         o.connection.path = "/var/run/redis/redis.sock";
         o.connection.username = "bob";
         o.connection.password = "s:cret";
       }},
      {"unix://topsecret@/s.sock",
       [](client_options& o) {
         o.connection.transport = transport_kind::unix_socket;
         o.connection.path = "/s.sock";
         o.connection.password = "topsecret";
       }},
      {"redis://h?protocol=2", [](client_options& o) {
         o.connection.host = "h";
         o.connection.protocol = protocol_version::resp2;
       }},
      {"redis://h?protocol=resp2&protocol=resp3", [](client_options& o) { o.connection.host = "h"; }},
      {"redis://h?protocol=3", [](client_options& o) { o.connection.host = "h"; }},
      {"redis://h?client_name=my%20app", [](client_options& o) {
         o.connection.host = "h";
         o.connection.client_name = "my app";
       }},
      {"redis://h?name=worker-1&", [](client_options& o) {
         o.connection.host = "h";
         o.connection.client_name = "worker-1";
       }},
      {"redis://h?client_name=me%40there", [](client_options& o) {
         o.connection.host = "h";
         o.connection.client_name = "me@there";
       }},
      {"redis://h?connect_timeout=250ms&read_timeout=2s&write_timeout=1.5s",
       [](client_options& o) {
         o.connection.host = "h";
         o.connection.connect_timeout = 250ms;
         o.connection.read_timeout = 2s;
         o.connection.write_timeout = 1500ms;
       }},
      {"redis://h?timeout=1m", [](client_options& o) {
         o.connection.host = "h";
         o.connection.read_timeout = o.connection.write_timeout = o.connection.connect_timeout = 60s;
       }},
      {"redis://h?connect_timeout=0.25&timeout=3", [](client_options& o) {  // either order
         o.connection.host = "h";
         o.connection.read_timeout = o.connection.write_timeout = 3s;
         o.connection.connect_timeout = 250ms;
       }},
      {"redis://h?client_name=connect_timeout&timeout=2s", [](client_options& o) {  // a value, not the option
         o.connection.host = "h";
         o.connection.client_name = "connect_timeout";
         o.connection.read_timeout = o.connection.write_timeout = o.connection.connect_timeout = 2s;
       }},
      {"redis://h?timeout=0", [](client_options& o) {  // no deadline for replies; connecting keeps its own
         o.connection.host = "h";
         o.connection.read_timeout = o.connection.write_timeout = 0ms;
       }},
      {"redis://h?timeout=3&connect_timeout=0.25", [](client_options& o) {
         o.connection.host = "h";
         o.connection.read_timeout = o.connection.write_timeout = 3s;
         o.connection.connect_timeout = 250ms;
       }},
      {"redis://h?read_timeout=0", [](client_options& o) {
         o.connection.host = "h";
         o.connection.read_timeout = 0ms;
       }},
      {"redis://h?timeout=1h", [](client_options& o) {
         o.connection.host = "h";
         o.connection.read_timeout = o.connection.write_timeout = o.connection.connect_timeout = 3600s;
       }},
      {"redis://h?keepalive=false", [](client_options& o) {
         o.connection.host = "h";
         o.connection.keepalive = false;
       }},
      {"redis://h?keepalive=true&keepalive_idle=30s", [](client_options& o) {
         o.connection.host = "h";
         o.connection.keepalive_idle = 30s;
       }},
      {"redis://h?keepalive_idle=2m", [](client_options& o) {
         o.connection.host = "h";
         o.connection.keepalive_idle = 120s;
       }},
      {"redis://h?pool_size=32&pool_timeout=100ms&pool_max_lifetime=1h&pool_idle_check=10s",
       [](client_options& o) {
         o.connection.host = "h";
         o.pool.max_size = 32;
         o.pool.checkout_timeout = 100ms;
         o.pool.max_lifetime = 3600s;
         o.pool.idle_check_after = 10s;
       }},
      {"redis://h?pool_idle_check=-1", [](client_options& o) {
         o.connection.host = "h";
         o.pool.idle_check_after = -1000ms;
       }},
      {"redis://h?pool_idle_check=0", [](client_options& o) {
         o.connection.host = "h";
         o.pool.idle_check_after = 0ms;
       }},
      {"redis://my_host-1.example", [](client_options& o) { o.connection.host = "my_host-1.example"; }},
      {"redis://h?max_bulk=16m&max_elements=100000&max_depth=32&max_line=64k&read_buffer_keep=4096",
       [](client_options& o) {
         o.connection.host = "h";
         o.connection.limits.max_bulk_length = 16u << 20;
         o.connection.limits.max_aggregate_size = 100000;
         o.connection.limits.max_depth = 32;
         o.connection.limits.max_line_length = 64u << 10;
         o.connection.read_buffer_keep = 4096;
       }},
      {"redis://h?max_bulk=1g&read_buffer_keep=2mb", [](client_options& o) {
         o.connection.host = "h";
         o.connection.limits.max_bulk_length = 1u << 30;
         o.connection.read_buffer_keep = 2u << 20;
       }},
  };
  for (const auto& c : cases) {
    client_options want;
    c.expect(want);
    try {
      expect_same(want, parse_url(c.url), c.url);
    } catch (const std::exception& e) {
      ADD_FAILURE() << c.url << " threw: " << e.what();
    }
  }
}

struct invalid_case {
  std::string url;
  std::vector<std::string> mentions;  // each must appear in the message
  std::string password;               // must never appear in it (also: user text not to quote)
};

TEST(parse_url, invalid_urls) {
  const std::vector<invalid_case> cases = {
      {"localhost:6379", {"missing scheme"}, ""},
      {"redis://h?max_bulk=0", {"'max_bulk'", "positive size"}, ""},
      {"redis://h?max_bulk=12q", {"'max_bulk'", "positive size"}, ""},
      {"redis://h?max_depth=100000", {"'max_depth'", "at most 65536"}, ""},
      {"redis://h?max_elements=99999999999", {"'max_elements'"}, ""},
      {"secretpw@localhost", {"missing scheme"}, "secretpw"},
      {"http://h", {"unsupported scheme", "'http'"}, ""},
      // Without an '@', "h:abc" may be "user:password" with "@host" forgotten: nothing quoted.
      {"redis://h:abc", {"invalid port after ':'", "'@host'"}, "abc"},
      {"redis://alice:hunter2", {"invalid port after ':'"}, "hunter2"},
      {"redis://al$ice:hunter2", {"invalid port after ':'"}, "al$ice"},
      {"redis://h:0", {"invalid port", "'0'"}, ""},
      {"redis://h:65536", {"invalid port", "'65536'"}, ""},
      {"redis://h:", {"missing port"}, ""},
      {"redis://:hunter2@h:port", {"invalid port", "'port'"}, "hunter2"},
      {"redis://u:hunter2@h:99999", {"invalid port", "'99999'"}, "hunter2"},
      {"redis://::1:6379", {"IPv6", "brackets"}, ""},
      {"redis://[::1:6379", {"missing ']'"}, ""},
      {"redis://[not-ipv6]:6379", {"invalid IPv6 address", "'not-ipv6'"}, ""},
      {"redis://[::1]x", {"unexpected", "'x'"}, ""},
      {"redis://[::1]:", {"missing port"}, ""},
      {"redis://bad host", {"invalid host", "'bad host'"}, ""},
      {"redis://:hunter2@bad$host", {"invalid host", "'bad$host'"}, "hunter2"},
      {"redis://h/abc", {"invalid database in the path"}, "abc"},
      {"redis://h/-1", {"invalid database in the path"}, ""},
      {"redis://h/1/2", {"invalid database in the path"}, ""},
      {"redis://h/99999999999", {"invalid database", "'99999999999'"}, ""},
      {"redis://:hunter2@h/x", {"invalid database"}, "hunter2"},
      {"redis://h/1?db=2", {"database given twice", "/1", "db=2"}, ""},
      {"redis://h?db=x", {"invalid value for option 'db'", "item 1 of the query"}, "=x"},
      {"redis://h?db=", {"invalid value for option 'db'"}, ""},
      {"redis://h?foo=bar", {"unknown option", "known: protocol db", "item 1 of the query"}, "foo"},
      {"redis://h?db=1&foo=bar", {"unknown option", "item 2 of the query"}, "foo"},
      {"redis://:hunter2@h?password=hunter3", {"unknown option"}, "hunter"},
      {"redis://h?db", {"option 'db' has no value"}, ""},
      {"redis://h?db=1&Secret", {"without '=value'", "item 2 of the query"}, "Secret"},
      {"redis://h?protocol=4", {"'protocol'", "2, 3, resp2 or resp3"}, ""},
      {"redis://:hunter2@h?protocol=resp4", {"'protocol'"}, "hunter2"},
      {"redis://h?connect_timeout=fast", {"'connect_timeout'", "duration"}, "fast"},
      {"redis://h?read_timeout=5x", {"'read_timeout'"}, ""},
      {"redis://h?write_timeout=-1s", {"'write_timeout'"}, ""},
      {"redis://h?timeout=1e3", {"'timeout'"}, ""},
      {"redis://h?timeout=inf", {"'timeout'"}, ""},
      {"redis://h?timeout=.5s", {"'timeout'"}, ""},
      {"redis://h?timeout=1.", {"'timeout'"}, ""},
      {"redis://h?timeout=", {"'timeout'"}, ""},
      {"redis://h?keepalive=maybe", {"'keepalive'", "true or false"}, "maybe"},
      {"redis://h?keepalive_idle=500ms", {"'keepalive_idle'"}, ""},
      {"redis://h?tls_verify=partial", {"'tls_verify'", "full, ca or none"}, "partial"},
      {"redis://h?pool_size=0", {"'pool_size'", "a positive integer"}, ""},
      {"redis://h?pool_size=-3", {"'pool_size'"}, ""},
      {"redis://h?pool_timeout=soon", {"'pool_timeout'"}, "soon"},
      {"redis://h?pool_max_lifetime=-1", {"'pool_max_lifetime'"}, ""},
      {"redis://h?client_name=%zz", {"malformed percent-escape", "value of query item 1"}, "%zz"},
      {"redis://h?client_%4=x", {"malformed percent-escape", "name of query item 1"}, "client"},
      {"redis://h?db=%4", {"malformed percent-escape", "value of query item 1"}, "%4"},
      {"redis://h%2", {"malformed percent-escape", "host"}, ""},
      // Bad escapes in the userinfo are reported without quoting it.
      {"redis://user:hunt%zzer2@h", {"malformed percent-escape", "password"}, "hunt%zzer2"},
      {"redis://us%er:hunter2@h", {"malformed percent-escape", "user name"}, "hunter2"},
      {"redis://hunter%2@h", {"malformed percent-escape", "password"}, "hunter%2"},
      // A password with an unencoded '/' or '?' spills out of the userinfo: reported unquoted.
      {"redis://user:hun/ter2@h:6379/0", {"'@' found after the host", "percent-encode"}, "ter2"},
      {"redis://user:hun?ter2@h", {"'@' found after the host"}, "ter2"},
      {"redis://:a/b?c@h?db=1", {"'@' found after the host"}, "a/b?c"},
      // issue 14 item 6: an unencoded '?' made the rest of the password look like an option.
      {"redis://:Secr3tPw?x=1@host", {"'@' found after the host", "percent-encode"}, "Secr3tPw"},
      {"redis://u:Secr3tPw?db=1@host:6379", {"'@' found after the host"}, "Secr3tPw"},
      {"redis://u:Secr3t#Pw/x=1@host", {"'@' found after the host"}, "Pw/x"},
      // '@' in an option value must be %40: unencoded, it cannot be told from a spilled password.
      {"redis://h?client_name=me@there", {"'@' found after the host", "%40"}, ""},
      {"unix://", {"absolute path"}, ""},
      {"unix:///", {"missing unix socket path"}, ""},
      {"unix://relative.sock", {"absolute path"}, ""},
      {"unix://hunter2@relative.sock", {"absolute path"}, "hunter2"},
      {"unix:///s.sock?db=-1", {"'db'"}, "-1"},
      {"unix:///s.sock?bogus=1", {"unknown option"}, "bogus"},
      {"unix://u:hunter2@/s%g.sock", {"malformed percent-escape", "socket path"}, "hunter2"},
      {"unix://u:hun%ter2@/s.sock", {"malformed percent-escape", "password"}, "hun%ter2"},
      // Found by tests/fuzz/url_fuzz.cpp: a userinfo starting with '/' made all of it the socket
      // path and query (the path was quoted in a percent-escape error, and a known option name in
      // it changed which query item an error named).
      {"unix:///Secr%zz3t?x@/tmp/redis.sock", {"'@' found after the userinfo", "%40"}, "Secr"},
      {"unix:///Secr3t?x=1&timeout=1&y@/tmp/redis.sock", {"'@' found after the userinfo"}, "Secr"},
      {"unix:///tmp/s.sock?client_name=me@there", {"'@' found after the userinfo"}, ""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.url);
    try {
      (void)parse_url(c.url);
      ADD_FAILURE() << c.url << ": no exception";
    } catch (const config_error& e) {
      const std::string message = e.what();
      for (const auto& m : c.mentions) {
        EXPECT_NE(message.find(m), std::string::npos) << "'" << m << "' not in: " << message;
      }
      if (!c.password.empty()) {
        EXPECT_EQ(message.find(c.password), std::string::npos) << "password leaked: " << message;
      }
      EXPECT_NE(message.find("invalid Redis URL"), std::string::npos) << message;
    } catch (const std::exception& e) {
      ADD_FAILURE() << c.url << ": wrong exception type: " << e.what();
    }
  }
}

// Property (issue 14 item 6): whatever is malformed, no part of the userinfo reaches the message.
// Known user names and passwords are broken by every reserved character at every position and
// placed in URLs of every shape; no 3-character piece of them may appear in a message.
TEST(parse_url, userinfo_never_appears_in_any_message) {
  const std::string user = "Kv8uQzN";
  const std::string password = "Secr3tPwXj";
  const std::string breakers[] = {"/", "?", "#", "@", ":", "%", "%z", "[", "]", "&", "=", " ", "?x=1",
                                  "/0?db=1", "?db=x&", "@h?", "\x01", "$"};
  const std::string templates[] = {
      "redis://{u}:{p}@host:6379/0", "redis://:{p}@host",          "rediss://{p}@host?db=1",
      "redis://{u}:{p}@[::1]:6380",  "redis://{u}:{p}@h?protocol=9", "redis://{u}:{p}",
      "redis://:{p}",                "redis://{p}@",               "unix://{u}:{p}@/tmp/s.sock?db=1",
      "unix://:{p}@relative",        "redis://{u}:{p}@host:port",  "redis://{u}:{p}@bad$host/x",
  };
  // Every 3-character piece of the credentials; none of them occurs in the fixed text of messages.
  std::vector<std::string> pieces;
  for (const std::string& secret : {user, password})
    for (std::size_t i = 0; i + 3 <= secret.size(); ++i) pieces.push_back(secret.substr(i, 3));
  auto with_breaker = [](const std::string& secret, std::size_t at, const std::string& b) {
    return secret.substr(0, at) + b + secret.substr(at);
  };
  auto fill = [](std::string t, const std::string& u, const std::string& p) {
    for (std::size_t at; (at = t.find("{u}")) != std::string::npos;) t.replace(at, 3, u);
    for (std::size_t at; (at = t.find("{p}")) != std::string::npos;) t.replace(at, 3, p);
    return t;
  };
  std::size_t urls = 0, rejected = 0, leaks = 0;
  for (const std::string& t : templates) {
    for (const std::string& b : breakers) {
      for (std::size_t at = 0; at <= password.size(); ++at) {
        for (const bool break_user : {false, true}) {
          const std::string u = break_user ? with_breaker(user, at % (user.size() + 1), b) : user;
          const std::string url = fill(t, u, with_breaker(password, at, b));
          ++urls;
          try {
            (void)parse_url(url);
          } catch (const config_error& e) {
            ++rejected;
            const std::string message = e.what();
            for (const std::string& piece : pieces) {
              if (message.find(piece) == std::string::npos) continue;
              if (++leaks <= 20) ADD_FAILURE() << "userinfo piece '" << piece << "' leaked for " << url << ": " << message;
              break;
            }
          }
        }
      }
    }
  }
  EXPECT_EQ(leaks, 0u);
  // Most of these URLs are malformed: the property was checked on many messages.
  EXPECT_GT(urls, 4000u);
  EXPECT_GT(rejected, urls / 2) << rejected << " of " << urls << " rejected";
}

}  // namespace
