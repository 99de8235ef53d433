// typedis::net streams against real servers. The test script provides them through:
//   TYPEDIS_TEST_URL       redis://127.0.0.1:PORT (plain server)
//   TYPEDIS_TEST_UNIX      the Unix socket path of that server
//   TYPEDIS_TEST_TLS_URL   rediss://127.0.0.1:PORT (tls-auth-clients yes)
//   TYPEDIS_TEST_TLS_CA    CA that signed the server cert (SAN IP:127.0.0.1, DNS:localhost)
//   TYPEDIS_TEST_TLS_CERT / TYPEDIS_TEST_TLS_KEY   a client certificate from the same CA
//   TYPEDIS_TEST_TLS_WRONG_CA                      an unrelated CA
// A missing variable fails the test and names it. Only loopback addresses are ever contacted;
// the stand-in servers for timeouts and refusals are sockets opened by the tests themselves.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>
#include <memory>

#include "sync/net/stream.hpp"
#include "typedis/error.hpp"
#include "typedis/url.hpp"

namespace {

using namespace std::chrono_literals;
using typedis::connection_options;
using typedis::io_error;
using typedis::send_state;
using typedis::timeout_error;
namespace net = typedis::net;

// Fails the current test (not skip) when the variable is missing.
#define REQUIRE_ENV(var, name)                                                                \
  std::string var;                                                                            \
  do {                                                                                        \
    const char* value_ = std::getenv(name);                                                   \
    if (value_ == nullptr || *value_ == '\0')                                                 \
      FAIL() << "environment variable " name " is not set (the integration test script sets it)"; \
    var = value_;                                                                             \
  } while (0)

constexpr std::string_view ping_request = "*1\r\n$4\r\nPING\r\n";

std::string read_line(net::stream& s, std::chrono::milliseconds timeout = 2000ms) {
  std::string got;
  char buf[256];
  while (got.find("\r\n") == std::string::npos) {
    const std::size_t n = s.read_some(buf, net::deadline_after(timeout), "PING");
    EXPECT_GT(n, 0u);
    got.append(buf, n);
  }
  return got;
}

std::string ping(net::stream& s) {
  s.write_all(ping_request, net::deadline_after(2000ms), "PING");
  return read_line(s);
}

connection_options from_url(const std::string& url) { return typedis::parse_url(url).connection; }

// A loopback TCP socket that listens but never accepts nor answers.
class silent_listener {
 public:
  explicit silent_listener(int family = AF_INET, int backlog = 16) {
    fd_ = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return;
    sockaddr_storage ss{};
    socklen_t len = 0;
    if (family == AF_INET6) {
      auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
      a->sin6_family = AF_INET6;
      a->sin6_addr = in6addr_loopback;
      len = sizeof *a;
    } else {
      auto* a = reinterpret_cast<sockaddr_in*>(&ss);
      a->sin_family = AF_INET;
      a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      len = sizeof *a;
    }
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&ss), len) != 0 || ::listen(fd_, backlog) != 0) {
      close();
      return;
    }
    len = sizeof ss;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&ss), &len);
    port_ = ntohs(family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&ss)->sin6_port
                                     : reinterpret_cast<sockaddr_in*>(&ss)->sin_port);
  }
  ~silent_listener() { close(); }
  silent_listener(const silent_listener&) = delete;
  silent_listener& operator=(const silent_listener&) = delete;

  bool ok() const { return fd_ >= 0; }
  std::uint16_t port() const { return port_; }
  int fd() const { return fd_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
  std::uint16_t port_ = 0;
};

struct tls_env {
  std::string url, ca, cert, key, wrong_ca;
};

connection_options tls_options_for(const tls_env& env) {
  connection_options o = from_url(env.url);
  o.tls.ca_file = env.ca;
  o.tls.cert_file = env.cert;
  o.tls.key_file = env.key;
  o.connect_timeout = 3000ms;
  return o;
}

#define REQUIRE_TLS_ENV(env)                        \
  tls_env env;                                      \
  do {                                              \
    REQUIRE_ENV(url_, "TYPEDIS_TEST_TLS_URL");      \
    REQUIRE_ENV(ca_, "TYPEDIS_TEST_TLS_CA");        \
    REQUIRE_ENV(cert_, "TYPEDIS_TEST_TLS_CERT");    \
    REQUIRE_ENV(key_, "TYPEDIS_TEST_TLS_KEY");      \
    REQUIRE_ENV(wrong_, "TYPEDIS_TEST_TLS_WRONG_CA"); \
    env = {url_, ca_, cert_, key_, wrong_};         \
  } while (0)

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// --- plain TCP and Unix ---------------------------------------------------------------------

TEST(net_stream, tcp_ipv4_ping) {
  REQUIRE_ENV(url, "TYPEDIS_TEST_URL");
  const connection_options o = from_url(url);
  auto s = net::connect(o, nullptr);
  EXPECT_EQ(s->endpoint(), o.endpoint());
  EXPECT_EQ(ping(*s), "+PONG\r\n");
  EXPECT_FALSE(s->readable_now());
  EXPECT_EQ(ping(*s), "+PONG\r\n");
}

TEST(net_stream, tcp_host_name_localhost) {
  REQUIRE_ENV(url, "TYPEDIS_TEST_URL");
  connection_options o = from_url(url);
  o.host = "localhost";  // may resolve to ::1 first, where nobody listens: the next address must be tried
  auto s = net::connect(o, nullptr);
  EXPECT_EQ(ping(*s), "+PONG\r\n");
}

TEST(net_stream, tcp_ipv6_literal) {
  silent_listener server(AF_INET6);
  if (!server.ok()) GTEST_SKIP() << "no IPv6 loopback on this machine";
  connection_options o;
  o.host = "::1";
  o.port = server.port();
  auto s = net::connect(o, nullptr);
  EXPECT_EQ(s->endpoint(), "[::1]:" + std::to_string(server.port()));
  const int peer = ::accept(server.fd(), nullptr, nullptr);
  ASSERT_GE(peer, 0);
  s->write_all(ping_request, net::deadline_after(1000ms), "PING");
  char buf[64] = {};
  const ssize_t n = ::recv(peer, buf, sizeof buf, 0);
  EXPECT_EQ(std::string(buf, n > 0 ? static_cast<std::size_t>(n) : 0), ping_request);
  ::send(peer, "+PONG\r\n", 7, MSG_NOSIGNAL);
  EXPECT_EQ(read_line(*s), "+PONG\r\n");
  ::close(peer);
}

TEST(net_stream, unix_ping) {
  REQUIRE_ENV(path, "TYPEDIS_TEST_UNIX");
  connection_options o;
  o.transport = typedis::transport_kind::unix_socket;
  o.path = path;
  auto s = net::connect(o, nullptr);
  EXPECT_EQ(s->endpoint(), "unix:" + path);
  EXPECT_EQ(ping(*s), "+PONG\r\n");
  EXPECT_FALSE(s->readable_now());
}

TEST(net_stream, unix_path_too_long_is_a_config_error) {
  connection_options o;
  o.transport = typedis::transport_kind::unix_socket;
  o.path = "/tmp/" + std::string(200, 'x');
  try {
    (void)net::connect(o, nullptr);
    FAIL() << "no exception";
  } catch (const typedis::config_error& e) {
    EXPECT_TRUE(contains(e.what(), "too long")) << e.what();
  }
}

TEST(net_stream, unix_missing_socket) {
  connection_options o;
  o.transport = typedis::transport_kind::unix_socket;
  o.path = "/tmp/typedis-no-such-socket.sock";
  try {
    (void)net::connect(o, nullptr);
    FAIL() << "no exception";
  } catch (const io_error& e) {
    EXPECT_TRUE(contains(e.what(), "unix:/tmp/typedis-no-such-socket.sock")) << e.what();
    EXPECT_EQ(e.state(), send_state::not_sent);
  }
}

TEST(net_stream, read_timeout) {
  REQUIRE_ENV(url, "TYPEDIS_TEST_URL");
  auto s = net::connect(from_url(url), nullptr);
  // BLPOP on a key nobody pushes to: a reply that takes 30 s, without DEBUG SLEEP (disabled by
  // default since Redis 7) and without blocking the server for other tests (closing the stream
  // frees the blocked client at once). The upper bound below leaves seconds of slack for a loaded
  // machine and still tells the 100 ms deadline from BLPOP's own reply.
  const std::string key = "typedis:net_test:never:" + std::to_string(::getpid());
  const std::string request = "*3\r\n$5\r\nBLPOP\r\n$" + std::to_string(key.size()) + "\r\n" + key + "\r\n$2\r\n30\r\n";
  s->write_all(request, net::deadline_after(1000ms), "BLPOP");
  const auto start = net::clock::now();
  char buf[64];
  try {
    (void)s->read_some(buf, net::deadline_after(100ms), "BLPOP");
    FAIL() << "no timeout";
  } catch (const timeout_error& e) {
    const auto elapsed = net::clock::now() - start;
    EXPECT_GE(elapsed, 100ms);
    EXPECT_LT(elapsed, 10s);  // well before BLPOP's own 30 s reply, with slack for a loaded machine
    EXPECT_TRUE(contains(e.what(), from_url(url).endpoint())) << e.what();
    EXPECT_TRUE(contains(e.what(), "BLPOP")) << e.what();
  }
}

TEST(net_stream, connection_refused_names_endpoint) {
  std::uint16_t port = 0;
  {
    silent_listener closed;
    ASSERT_TRUE(closed.ok());
    port = closed.port();
  }  // closed now: connecting is refused
  connection_options o;
  o.host = "127.0.0.1";
  o.port = port;
  try {
    (void)net::connect(o, nullptr);
    FAIL() << "no exception";
  } catch (const timeout_error& e) {
    FAIL() << "expected a refusal, got a timeout: " << e.what();
  } catch (const io_error& e) {
    const std::string endpoint = "127.0.0.1:" + std::to_string(port);
    EXPECT_TRUE(contains(e.what(), endpoint)) << e.what();
    EXPECT_TRUE(contains(e.what(), "refused")) << e.what();
    EXPECT_EQ(e.endpoint(), endpoint);
    EXPECT_EQ(e.state(), send_state::not_sent);
  }
}

TEST(net_stream, tcp_connect_timeout_when_backlog_full) {
  // A listener with a full accept queue drops further SYNs, so connect() never completes.
  silent_listener server(AF_INET, 0);
  ASSERT_TRUE(server.ok());
  connection_options o;
  o.host = "127.0.0.1";
  o.port = server.port();
  o.connect_timeout = 200ms;
  std::vector<std::unique_ptr<net::stream>> fillers;
  const auto start = net::clock::now();
  for (int i = 0; i < 8; ++i) {
    try {
      fillers.push_back(net::connect(o, nullptr));
    } catch (const timeout_error& e) {
      EXPECT_TRUE(contains(e.what(), "timed out")) << e.what();
      EXPECT_EQ(e.state(), send_state::not_sent);
      // each attempt is bounded by its 200 ms deadline; seconds of slack for a loaded machine
      EXPECT_LT(net::clock::now() - start, 200ms * static_cast<long>(fillers.size() + 1) + 5s);
      return;
    }
  }
  FAIL() << "every connect succeeded; the kernel did not apply the backlog";
}

TEST(net_stream, server_closed_connection) {
  REQUIRE_ENV(url, "TYPEDIS_TEST_URL");
  auto s = net::connect(from_url(url), nullptr);
  s->write_all("*1\r\n$4\r\nQUIT\r\n", net::deadline_after(1000ms), "QUIT");
  EXPECT_EQ(read_line(*s), "+OK\r\n");
  char buf[16];
  try {
    (void)s->read_some(buf, net::deadline_after(1000ms), "PING");
    FAIL() << "no exception";
  } catch (const timeout_error& e) {
    FAIL() << "expected EOF, got a timeout: " << e.what();
  } catch (const io_error& e) {
    EXPECT_TRUE(contains(e.what(), "connection closed by server")) << e.what();
  }
  // Writing to the closed socket must fail with an io_error, not kill us with SIGPIPE.
  bool failed = false;
  for (int i = 0; i < 50 && !failed; ++i) {
    try {
      s->write_all(ping_request, net::deadline_after(1000ms), "PING");
      std::this_thread::sleep_for(10ms);
    } catch (const io_error& e) {
      failed = true;
      EXPECT_TRUE(contains(e.what(), "write failed")) << e.what();
      EXPECT_EQ(e.state(), send_state::not_sent);
    }
  }
  EXPECT_TRUE(failed);
}

TEST(net_stream, closed_stream_reports_not_sent) {
  REQUIRE_ENV(url, "TYPEDIS_TEST_URL");
  auto s = net::connect(from_url(url), nullptr);
  s->close();
  try {
    s->write_all(ping_request, net::deadline_after(100ms), "PING");
    FAIL() << "no exception";
  } catch (const io_error& e) {
    EXPECT_EQ(e.state(), send_state::not_sent);
  }
  EXPECT_TRUE(s->readable_now());
}

// --- TLS -----------------------------------------------------------------------------------

TEST(net_tls, ping_with_client_certificate) {
  REQUIRE_TLS_ENV(env);
  const connection_options o = tls_options_for(env);
  const auto context = net::make_tls_context(o.tls);
  for (int i = 0; i < 2; ++i) {  // the context is shared by connections (the second one resumes)
    auto s = net::connect(o, context);
    EXPECT_EQ(s->endpoint(), o.endpoint());
    // TLS 1.3 session tickets arrive after the handshake, unasked. Nothing was sent yet, so once
    // the kernel has bytes for the socket they can only be tickets: readable_now() must not take
    // them for data (the pool would discard every fresh TLS connection).
    pollfd p{s->native_handle(), POLLIN, 0};
    ASSERT_EQ(::poll(&p, 1, 20000), 1) << "the server sent no session ticket within 20 s";
    EXPECT_FALSE(s->readable_now());
    EXPECT_EQ(ping(*s), "+PONG\r\n");
    EXPECT_FALSE(s->readable_now());
    EXPECT_EQ(ping(*s), "+PONG\r\n");
  }
}

TEST(net_tls, host_name_localhost_matches_dns_san) {
  REQUIRE_TLS_ENV(env);
  connection_options o = tls_options_for(env);
  o.host = "localhost";
  auto s = net::connect(o, nullptr);
  EXPECT_EQ(ping(*s), "+PONG\r\n");
}

TEST(net_tls, large_write_and_read) {
  REQUIRE_TLS_ENV(env);
  auto s = net::connect(tls_options_for(env), nullptr);
  // ECHO of 1 MiB: many records each way.
  const std::string payload(1 << 20, 'x');
  const std::string request = "*2\r\n$4\r\nECHO\r\n$" + std::to_string(payload.size()) + "\r\n" + payload + "\r\n";
  s->write_all(request, net::deadline_after(5000ms), "ECHO");
  const std::string expected = "$" + std::to_string(payload.size()) + "\r\n" + payload + "\r\n";
  std::string got;
  std::vector<char> buf(64 * 1024);
  while (got.size() < expected.size()) {
    const std::size_t n = s->read_some(buf, net::deadline_after(5000ms), "ECHO");
    got.append(buf.data(), n);
  }
  EXPECT_TRUE(got == expected);
}

TEST(net_tls, wrong_ca_fails_verification) {
  REQUIRE_TLS_ENV(env);
  connection_options o = tls_options_for(env);
  o.tls.ca_file = env.wrong_ca;
  try {
    auto s = net::connect(o, nullptr);
    FAIL() << "connected despite an unknown CA";
  } catch (const timeout_error& e) {
    FAIL() << e.what();
  } catch (const io_error& e) {
    EXPECT_TRUE(contains(e.what(), "TLS handshake with " + o.endpoint() + " failed")) << e.what();
    EXPECT_TRUE(contains(e.what(), "certificate verify failed")) << e.what();
    EXPECT_EQ(e.state(), send_state::not_sent);
  }
}

TEST(net_tls, hostname_mismatch_fails) {
  REQUIRE_TLS_ENV(env);
  connection_options o = tls_options_for(env);
  o.tls.sni = "wrong.example";  // also the name the certificate is checked against
  try {
    auto s = net::connect(o, nullptr);
    FAIL() << "connected despite a name mismatch";
  } catch (const timeout_error& e) {
    FAIL() << e.what();
  } catch (const io_error& e) {
    EXPECT_TRUE(contains(e.what(), "certificate verify failed")) << e.what();
    EXPECT_TRUE(contains(e.what(), "hostname mismatch")) << e.what();
    EXPECT_TRUE(contains(e.what(), "wrong.example")) << e.what();
  }
}

TEST(net_tls, ip_mismatch_fails) {
  REQUIRE_TLS_ENV(env);
  connection_options o = tls_options_for(env);
  o.tls.sni = "127.0.0.2";  // an IP literal is checked against IP SANs
  try {
    auto s = net::connect(o, nullptr);
    FAIL() << "connected despite an IP mismatch";
  } catch (const io_error& e) {
    EXPECT_TRUE(contains(e.what(), "IP address mismatch")) << e.what();
  }
}

TEST(net_tls, hostname_check_can_be_turned_off) {
  REQUIRE_TLS_ENV(env);
  connection_options o = tls_options_for(env);
  o.tls.sni = "wrong.example";
  o.tls.verify_hostname = false;
  auto s = net::connect(o, nullptr);
  EXPECT_EQ(ping(*s), "+PONG\r\n");
}

TEST(net_tls, verification_off_accepts_unknown_ca) {
  REQUIRE_TLS_ENV(env);
  connection_options o = tls_options_for(env);
  o.tls.ca_file = env.wrong_ca;
  o.tls.verify_peer = false;
  auto s = net::connect(o, nullptr);
  EXPECT_EQ(ping(*s), "+PONG\r\n");
}

TEST(net_tls, without_client_certificate_fails) {
  REQUIRE_TLS_ENV(env);
  connection_options o = tls_options_for(env);
  o.tls.cert_file.clear();
  o.tls.key_file.clear();
  // With TLS 1.3 the server checks the client's certificate after the client has finished its
  // handshake, so the refusal may show at connect or at the first read: either is an io_error.
  try {
    auto s = net::connect(o, nullptr);
    (void)ping(*s);
    FAIL() << "the server accepted a client without certificate";
  } catch (const timeout_error& e) {
    FAIL() << e.what();
  } catch (const io_error& e) {
    EXPECT_TRUE(contains(e.what(), o.endpoint())) << e.what();
    EXPECT_TRUE(contains(e.what(), "certificate")) << e.what();
  }
}

TEST(net_tls, read_timeout) {
  REQUIRE_TLS_ENV(env);
  auto s = net::connect(tls_options_for(env), nullptr);
  const std::string key = "typedis:net_test:never:tls:" + std::to_string(::getpid());
  // BLPOP for 30 s: the 100 ms read deadline must end the wait long before (slack for a loaded machine).
  const std::string request = "*3\r\n$5\r\nBLPOP\r\n$" + std::to_string(key.size()) + "\r\n" + key + "\r\n$2\r\n30\r\n";
  s->write_all(request, net::deadline_after(1000ms), "BLPOP");
  const auto start = net::clock::now();
  char buf[64];
  EXPECT_THROW((void)s->read_some(buf, net::deadline_after(100ms), "BLPOP"), timeout_error);
  EXPECT_LT(net::clock::now() - start, 10s);
}

TEST(net_tls, server_closed_connection) {
  REQUIRE_TLS_ENV(env);
  auto s = net::connect(tls_options_for(env), nullptr);
  s->write_all("*1\r\n$4\r\nQUIT\r\n", net::deadline_after(1000ms), "QUIT");
  EXPECT_EQ(read_line(*s), "+OK\r\n");
  char buf[16];
  try {
    (void)s->read_some(buf, net::deadline_after(1000ms), "PING");
    FAIL() << "no exception";
  } catch (const timeout_error& e) {
    FAIL() << "expected EOF, got a timeout: " << e.what();
  } catch (const io_error& e) {
    EXPECT_TRUE(contains(e.what(), "connection closed by server")) << e.what();
  }
}

TEST(net_tls, writes_after_server_killed_the_connection_fail_without_sigpipe) {
  REQUIRE_TLS_ENV(env);
  const connection_options o = tls_options_for(env);
  auto victim = net::connect(o, nullptr);
  victim->write_all("*2\r\n$6\r\nCLIENT\r\n$2\r\nID\r\n", net::deadline_after(1000ms), "CLIENT ID");
  const std::string id_line = read_line(*victim);
  ASSERT_EQ(id_line.front(), ':') << id_line;
  const std::string id = id_line.substr(1, id_line.size() - 3);
  auto killer = net::connect(o, nullptr);
  const std::string kill = "*4\r\n$6\r\nCLIENT\r\n$4\r\nKILL\r\n$2\r\nID\r\n$" + std::to_string(id.size()) + "\r\n" + id + "\r\n";
  killer->write_all(kill, net::deadline_after(1000ms), "CLIENT KILL");
  EXPECT_EQ(read_line(*killer), ":1\r\n");
  // The socket is closed on the server's side: sends now hit a reset connection. Through OpenSSL's
  // own socket BIO that would raise SIGPIPE and end this process.
  const std::string chunk(64 * 1024, 'x');
  bool failed = false;
  for (int i = 0; i < 100 && !failed; ++i) {
    try {
      victim->write_all(chunk, net::deadline_after(1000ms), "ECHO");
      std::this_thread::sleep_for(5ms);
    } catch (const timeout_error& e) {
      FAIL() << e.what();
    } catch (const io_error& e) {
      failed = true;
      EXPECT_TRUE(contains(e.what(), o.endpoint())) << e.what();
    }
  }
  EXPECT_TRUE(failed);
}

TEST(net_tls, handshake_timeout) {
  silent_listener server;  // accepts at the TCP level (kernel backlog) but never says a word
  ASSERT_TRUE(server.ok());
  connection_options o;
  o.transport = typedis::transport_kind::tls;
  o.host = "127.0.0.1";
  o.port = server.port();
  o.connect_timeout = 200ms;
  o.tls.verify_peer = false;
  const auto start = net::clock::now();
  try {
    (void)net::connect(o, nullptr);
    FAIL() << "no exception";
  } catch (const timeout_error& e) {
    const auto elapsed = net::clock::now() - start;
    EXPECT_GE(elapsed, 200ms);
    EXPECT_LT(elapsed, 10s);  // the deadline fired (a silent peer would hang forever otherwise)
    EXPECT_TRUE(contains(e.what(), "TLS handshake")) << e.what();
    EXPECT_TRUE(contains(e.what(), o.endpoint())) << e.what();
    EXPECT_EQ(e.state(), send_state::not_sent);
  }
}

TEST(net_tls, missing_ca_file_is_a_config_error) {
  typedis::tls_options t;
  t.ca_file = "/nonexistent/typedis-ca.pem";
  try {
    (void)net::make_tls_context(t);
    FAIL() << "no exception";
  } catch (const typedis::config_error& e) {
    EXPECT_TRUE(contains(e.what(), "/nonexistent/typedis-ca.pem")) << e.what();
  }
}

}  // namespace
