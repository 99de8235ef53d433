// The synchronous client against the real servers scripts/test starts (and a few it starts itself).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "test_env.hpp"
#include "typedis/typedis.hpp"

using namespace std::chrono_literals;
using typedis::test::require_env;
using typedis::test::unique_key;

namespace {

typedis::client_options tls_options(const std::string& ca_env = "TYPEDIS_TEST_TLS_CA") {
  typedis::client_options o = typedis::parse_url(require_env("TYPEDIS_TEST_TLS_URL"));
  o.connection.tls.ca_file = require_env(ca_env.c_str());
  o.connection.tls.cert_file = require_env("TYPEDIS_TEST_TLS_CERT");
  o.connection.tls.key_file = require_env("TYPEDIS_TEST_TLS_KEY");
  return o;
}

void set_get_roundtrip(typedis::client& r) {
  const std::string key = unique_key();
  EXPECT_EQ(r.command<std::string>("SET", key, "v1"), "OK");
  EXPECT_EQ(r.command<std::optional<std::string>>("GET", key), "v1");
  EXPECT_EQ(r.command<long long>("DEL", key), 1);
  EXPECT_EQ(r.command<std::optional<std::string>>("GET", key), std::nullopt);
}

std::string client_info(typedis::client& r) { return r.command<std::string>("CLIENT", "INFO"); }

// The CLIENT LIST line of connection `id` as `admin` sees it ("" once the server dropped it).
std::string client_entry(typedis::client& admin, long long id) {
  return admin.command<std::string>("CLIENT", "LIST", "ID", id);
}

// Whether connection `id` is blocked in the server on `command` (lower case, "blpop").
bool blocked_in(typedis::client& admin, long long id, const std::string& command) {
  const std::string line = client_entry(admin, id);
  return line.find(" cmd=" + command + " ") != std::string::npos && line.find(" flags=b ") != std::string::npos;
}

void expect_pool(const typedis::client& r, std::size_t open, std::size_t idle, std::size_t discarded,
                 const char* after) {
  const typedis::pool_stats s = r.stats();
  EXPECT_EQ(s.open, open) << "after " << after;
  EXPECT_EQ(s.idle, idle) << "after " << after;
  EXPECT_EQ(s.discarded, discarded) << "after " << after;
}

}  // namespace

TEST(client, tcp_set_get_incr) {
  typedis::client r{require_env("TYPEDIS_TEST_URL")};
  set_get_roundtrip(r);
  const std::string counter = unique_key("counter");
  EXPECT_EQ(r.command<long long>("INCR", counter), 1);
  EXPECT_EQ(r.command<long long>("INCRBY", counter, 41), 42);
  EXPECT_EQ(r.execute(typedis::make_command<int>(typedis::generic_command_info, "GET", counter)), 42);
}

TEST(client, tcp_by_hostname) {
  typedis::client_options o = typedis::parse_url(require_env("TYPEDIS_TEST_URL"));
  o.connection.host = "localhost";  // resolved; the server listens on 127.0.0.1 only
  typedis::client r{o};
  set_get_roundtrip(r);
}

TEST(client, unix_socket) {
  typedis::client r{"unix://" + require_env("TYPEDIS_TEST_UNIX")};
  set_get_roundtrip(r);
  // CLIENT INFO marks a unix-socket client with flag U on every server; how addr= spells the socket
  // differs (Redis: "/path:0", Valkey: "[/path:0]:0"), but it names the path.
  const std::string info = client_info(r);
  const std::size_t flags = info.find(" flags=");
  ASSERT_NE(flags, std::string::npos) << info;
  const std::string flag_list = info.substr(flags + 7, info.find(' ', flags + 1) - (flags + 7));
  EXPECT_NE(flag_list.find('U'), std::string::npos) << "expected a unix-socket client: " << info;
  EXPECT_NE(info.find(require_env("TYPEDIS_TEST_UNIX")), std::string::npos) << info;
}

TEST(client, tls_with_client_certificate) {
  typedis::client r{tls_options()};
  set_get_roundtrip(r);
}

TEST(client, tls_options_from_url) {
  const std::string url = require_env("TYPEDIS_TEST_TLS_URL") + "?tls_ca_file=" + require_env("TYPEDIS_TEST_TLS_CA") +
                          "&tls_cert_file=" + require_env("TYPEDIS_TEST_TLS_CERT") +
                          "&tls_key_file=" + require_env("TYPEDIS_TEST_TLS_KEY");
  typedis::client r{url};
  set_get_roundtrip(r);
}

TEST(client, tls_wrong_ca_is_rejected) {
  typedis::client r{tls_options("TYPEDIS_TEST_TLS_WRONG_CA")};
  try {
    r.command<std::string>("PING");
    FAIL() << "a server certificate from another CA was accepted";
  } catch (const typedis::io_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("certificate"), std::string::npos) << what;
    EXPECT_NE(what.find("127.0.0.1"), std::string::npos) << "the endpoint is named: " << what;
  }
}

TEST(client, tls_wrong_hostname_is_rejected) {
  typedis::client_options o = tls_options();
  o.connection.tls.sni = "not-this-server.example";  // the name the certificate must carry
  typedis::client r{o};
  try {
    r.command<std::string>("PING");
    FAIL() << "a certificate for another host name was accepted";
  } catch (const typedis::io_error& e) {
    EXPECT_NE(std::string(e.what()).find("not-this-server.example"), std::string::npos) << e.what();
  }
}

TEST(client, tls_verification_can_be_turned_off_explicitly) {
  typedis::client_options o = tls_options("TYPEDIS_TEST_TLS_WRONG_CA");
  o.connection.tls.verify_peer = false;
  typedis::client r{o};
  set_get_roundtrip(r);
}

TEST(client, acl_user_authenticates) {
  typedis::client r{require_env("TYPEDIS_TEST_ACL_URL")};
  EXPECT_EQ(r.command<std::string>("ACL", "WHOAMI"), require_env("TYPEDIS_TEST_ACL_USER"));
  set_get_roundtrip(r);
}

TEST(client, acl_wrong_password_is_an_auth_error_without_the_password) {
  typedis::client_options o = typedis::parse_url(require_env("TYPEDIS_TEST_URL"));
  o.connection.username = require_env("TYPEDIS_TEST_ACL_USER");
  o.connection.password = "Not-The-Password-7f3a";
  typedis::client r{o};
  try {
    r.command<std::string>("PING");
    FAIL() << "a wrong password was accepted";
  } catch (const typedis::auth_error& e) {
    const std::string what = e.what();
    EXPECT_EQ(e.prefix(), "WRONGPASS") << what;
    EXPECT_EQ(what.find("Not-The-Password-7f3a"), std::string::npos) << what;
  }
  // The same through a URL: the parse and the failure never echo it either.
  const std::string url = "redis://" + require_env("TYPEDIS_TEST_ACL_USER") + ":Wrong-Secret-91@" +
                          require_env("TYPEDIS_TEST_URL").substr(std::string("redis://").size());
  typedis::client r2{url};
  try {
    r2.command<std::string>("PING");
    FAIL() << "a wrong password was accepted";
  } catch (const typedis::error& e) {
    EXPECT_EQ(std::string(e.what()).find("Wrong-Secret-91"), std::string::npos) << e.what();
  }
}

TEST(client, resp2_and_resp3_handshakes_decode_to_the_same_types) {
  const std::string base = require_env("TYPEDIS_TEST_URL");
  typedis::client r3{base};
  typedis::client r2{base + "?protocol=2"};
  EXPECT_NE(client_info(r3).find("resp=3"), std::string::npos) << client_info(r3);
  EXPECT_NE(client_info(r2).find("resp=2"), std::string::npos) << client_info(r2);

  const std::string hash = unique_key("hash");
  r3.command<long long>("HSET", hash, "a", "1", "b", "2.5");
  using map_t = std::unordered_map<std::string, std::string>;
  EXPECT_EQ(r3.command<map_t>("HGETALL", hash), (map_t{{"a", "1"}, {"b", "2.5"}}));
  EXPECT_EQ(r2.command<map_t>("HGETALL", hash), (map_t{{"a", "1"}, {"b", "2.5"}}));

  const std::string zset = unique_key("zset");
  r3.command<long long>("ZADD", zset, 1.5, "x", 2, "y");
  using scored = std::vector<std::pair<std::string, double>>;
  const scored expected{{"x", 1.5}, {"y", 2.0}};
  EXPECT_EQ(r3.command<scored>("ZRANGE", zset, 0, -1, "WITHSCORES"), expected);  // array of pairs
  EXPECT_EQ(r2.command<scored>("ZRANGE", zset, 0, -1, "WITHSCORES"), expected);  // flat array
  EXPECT_DOUBLE_EQ(r3.command<double>("ZSCORE", zset, "x"), 1.5);                // RESP3 double
  EXPECT_DOUBLE_EQ(r2.command<double>("ZSCORE", zset, "x"), 1.5);                // RESP2 bulk
  EXPECT_EQ(r3.command<bool>("EXISTS", hash), true);
  EXPECT_EQ(r2.command<bool>("EXISTS", hash), true);

  // The generic value keeps the wire shape: a map in RESP3, a flat array in RESP2.
  EXPECT_EQ(r3.command("HGETALL", hash).type, typedis::resp::type::map);
  EXPECT_EQ(r2.command("HGETALL", hash).type, typedis::resp::type::array);
}

TEST(client, database_and_client_name_from_url) {
  const std::string base = require_env("TYPEDIS_TEST_URL");
  typedis::client db3{base + "/3?client_name=typedis-db3"};
  typedis::client db0{base};
  const std::string key = unique_key();
  db3.command<std::string>("SET", key, "in-db3");
  EXPECT_EQ(db3.command<std::optional<std::string>>("GET", key), "in-db3");
  EXPECT_EQ(db0.command<std::optional<std::string>>("GET", key), std::nullopt);
  EXPECT_EQ(db3.command<std::string>("CLIENT", "GETNAME"), "typedis-db3");
  EXPECT_NE(client_info(db3).find("db=3"), std::string::npos);
}

TEST(client, server_errors_keep_their_prefix_and_name_the_command) {
  typedis::client r{require_env("TYPEDIS_TEST_URL")};
  const std::string key = unique_key();
  r.command<long long>("LPUSH", key, "x");
  try {
    r.command<std::optional<std::string>>("GET", key);
    FAIL() << "GET on a list succeeded";
  } catch (const typedis::server_error& e) {
    EXPECT_EQ(e.prefix(), "WRONGTYPE");
    EXPECT_EQ(e.command(), "GET");
    EXPECT_EQ(std::string(e.what()).rfind("GET: WRONGTYPE", 0), 0u) << e.what();
  }
  // The connection is fine afterwards: the error was a whole reply.
  EXPECT_EQ(r.command<long long>("LLEN", key), 1);
  EXPECT_EQ(r.stats().discarded, 0u);
}

TEST(client, decode_errors_name_command_expected_and_actual) {
  typedis::client r{require_env("TYPEDIS_TEST_URL")};
  const std::string key = unique_key();
  r.command<std::string>("SET", key, "not a number");
  try {
    r.command<long long>("GET", key);
    FAIL() << "a string decoded as an integer";
  } catch (const typedis::decode_error& e) {
    EXPECT_EQ(e.command(), "GET");
    EXPECT_EQ(e.expected(), "integer");
    EXPECT_NE(e.actual().find("bulk string"), std::string::npos) << e.actual();
  }
  EXPECT_EQ(r.command<std::string>("GET", key), "not a number");  // connection still in sync
}

TEST(client, read_timeout_fires_and_the_pool_stays_healthy) {
  typedis::client_options o = typedis::parse_url(require_env("TYPEDIS_TEST_URL"));
  o.connection.read_timeout = 200ms;
  typedis::client r{o};
  set_get_roundtrip(r);
  const auto start = std::chrono::steady_clock::now();
  try {
    // A blocked client (not DEBUG SLEEP, which would stall the whole server and the retry below).
    // BLPOP waits 30 s: the bound below leaves seconds of slack for a loaded machine.
    r.command<std::optional<std::vector<std::string>>>("BLPOP", unique_key("never-pushed"), 30);
    FAIL() << "BLPOP with a 30 s timeout returned within a 200 ms read timeout";
  } catch (const typedis::timeout_error& e) {
    EXPECT_EQ(e.state(), typedis::send_state::may_have_executed);
    EXPECT_NE(std::string(e.what()).find("BLPOP"), std::string::npos) << e.what();
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  // The timed-out connection (its reply still on the way) is discarded at once, never reused.
  expect_pool(r, 0, 0, 1, "the timeout");
  set_get_roundtrip(r);
  expect_pool(r, 1, 1, 1, "the next call");
}

TEST(client, pool_state_right_after_each_kind_of_failure) {
  // A connection that failed out of sync (I/O error, timeout, protocol error) is closed when its
  // lease ends; one that got a whole reply (server error, decode error) goes back to the idle
  // list. Checked right after each failure, before another checkout could notice anything, so a
  // pool that put a broken connection back fails here.
  const std::string url = require_env("TYPEDIS_TEST_URL");
  typedis::client_options o = typedis::parse_url(url);
  o.retry.max_attempts = 1;
  o.connection.read_timeout = 0ms;  // the I/O error below comes from a kill, not a deadline
  typedis::client r{o};
  typedis::client admin{url};
  const std::string key = unique_key();
  EXPECT_EQ(r.command<std::string>("SET", key, "not a number"), "OK");
  expect_pool(r, 1, 1, 0, "SET");

  EXPECT_THROW(r.command<long long>("INCR", key), typedis::server_error);
  expect_pool(r, 1, 1, 0, "a server error");
  EXPECT_THROW(r.command<long long>("GET", key), typedis::decode_error);
  expect_pool(r, 1, 1, 0, "a decode error");

  // A reply nested deeper than limits::max_depth (1024) is a protocol error: the rest of it is
  // still on the wire.
  EXPECT_THROW(r.command<typedis::resp::value>(
                   "EVAL", "local t = {} local c = t for i = 1, 1100 do local n = {} c[1] = n c = n end return t", 0),
               typedis::protocol_error);
  expect_pool(r, 0, 0, 1, "a protocol error");

  // An I/O error: the connection is killed while BLPOP waits on it.
  const long long id = r.command<long long>("CLIENT", "ID");
  expect_pool(r, 1, 1, 1, "CLIENT ID");
  std::optional<typedis::send_state> state;
  std::thread caller([&] {
    try {
      r.command<std::optional<std::vector<std::string>>>("BLPOP", unique_key("never-pushed"), 30);
    } catch (const typedis::io_error& e) {
      state = e.state();
    }
  });
  const bool blocked = typedis::test::eventually([&] { return blocked_in(admin, id, "blpop"); });
  if (blocked) {
    EXPECT_EQ(admin.command<long long>("CLIENT", "KILL", "ID", id), 1);
  }
  caller.join();
  ASSERT_TRUE(blocked) << "BLPOP never showed up in CLIENT LIST";
  ASSERT_TRUE(state.has_value()) << "BLPOP on a killed connection did not fail";
  EXPECT_EQ(*state, typedis::send_state::may_have_executed);
  expect_pool(r, 0, 0, 2, "an I/O error");

  // A timeout, on a client with a read deadline.
  typedis::client_options t = o;
  t.connection.read_timeout = 100ms;
  typedis::client timed{t};
  EXPECT_EQ(timed.command<std::string>("PING"), "PONG");
  EXPECT_THROW(timed.command<std::optional<std::vector<std::string>>>("BLPOP", unique_key("never-pushed"), 30),
               typedis::timeout_error);
  expect_pool(timed, 0, 0, 1, "a timeout");
  EXPECT_EQ(r.command<long long>("DEL", key), 1);
}

TEST(client, server_restart_between_calls_uses_a_fresh_connection) {
  // pool_closed_check=0: the checkout sees the dead socket, so even a command of unknown safety
  // (a raw GET) goes out on a fresh connection.
  typedis::test::spawned_server server;
  typedis::client r{server.url() + "?pool_closed_check=0"};
  const std::string key = unique_key();
  r.command<std::string>("SET", key, "before");
  server.restart();  // no persistence: the key is gone, and the pooled socket is dead
  EXPECT_EQ(r.command<std::optional<std::string>>("GET", key), std::nullopt);
  EXPECT_EQ(r.stats().discarded, 1u);
  EXPECT_EQ(r.stats().created, 2u);
}

TEST(client, server_restart_right_after_a_call_resends_reads_and_fails_writes_visibly) {
  // The default check skips a connection used within the last second, so the next command is
  // written into the dead socket: a read is resent on a fresh connection, a write is not resent
  // (it may have executed, as far as the client can tell) and says so.
  typedis::test::spawned_server server;
  typedis::client r{server.url()};
  const std::string key = unique_key();
  r.set(key, "before");
  server.restart();
  EXPECT_EQ(r.get(key), std::nullopt);
  EXPECT_EQ(r.stats().discarded, 1u);
  EXPECT_EQ(r.stats().created, 2u);
  r.set(key, "after");
  server.restart();
  try {
    r.incr(key + ":n");
    ADD_FAILURE() << "INCR into a connection the server closed must fail, not be resent";
  } catch (const typedis::io_error& e) {
    EXPECT_EQ(e.state(), typedis::send_state::may_have_executed) << e.what();
  }
  // A connection idle past the window is checked first: nothing fails.
  r.set(key, "again");
  server.restart();
  std::this_thread::sleep_for(1100ms);
  EXPECT_EQ(r.incr(key + ":n"), 1);
}

TEST(client, killed_connection_is_discarded_not_reused) {
  // pool_closed_check=0: the checkout check sees the EOF even though the connection was just used.
  typedis::client r{require_env("TYPEDIS_TEST_URL") + "?pool_closed_check=0"};
  const long long id = r.command<long long>("CLIENT", "ID");
  typedis::client killer{require_env("TYPEDIS_TEST_URL")};
  EXPECT_EQ(killer.command<long long>("CLIENT", "KILL", "ID", id), 1);
  ASSERT_TRUE(typedis::test::eventually([&] { return client_entry(killer, id).empty(); }))
      << "the killed connection is still in CLIENT LIST";
  set_get_roundtrip(r);
  EXPECT_NE(r.command<long long>("CLIENT", "ID"), id);
  EXPECT_EQ(r.stats().discarded, 1u);
}

TEST(client, falls_back_to_auth_and_resp2_without_hello) {
  typedis::test::spawned_server server({"--rename-command", "HELLO", "", "--requirepass", "fallback-secret"});
  typedis::client r{"redis://:fallback-secret@127.0.0.1:" + std::to_string(server.port()) + "/2?client_name=legacy"};
  set_get_roundtrip(r);
  const std::string info = client_info(r);
  EXPECT_NE(info.find("resp=2"), std::string::npos) << info;
  EXPECT_NE(info.find("name=legacy"), std::string::npos) << info;
  EXPECT_NE(info.find("db=2"), std::string::npos) << info;

  typedis::client wrong{"redis://:not-it@127.0.0.1:" + std::to_string(server.port())};
  try {
    wrong.command<std::string>("PING");
    FAIL() << "AUTH with a wrong password succeeded";
  } catch (const typedis::auth_error& e) {
    EXPECT_EQ(std::string(e.what()).find("not-it"), std::string::npos) << e.what();
  }
}

TEST(client, pool_checkout_deadline) {
  typedis::client_options o = typedis::parse_url(require_env("TYPEDIS_TEST_URL"));
  o.pool.max_size = 1;
  o.pool.checkout_timeout = 100ms;
  o.connection.read_timeout = 0ms;  // BLPOP below blocks until this test pushes
  typedis::client r{o};
  typedis::client admin{require_env("TYPEDIS_TEST_URL")};
  const std::string key = unique_key();
  const long long id = r.command<long long>("CLIENT", "ID");  // the pool's only connection
  std::optional<std::vector<std::string>> popped;
  std::thread holder([&] { popped = r.command<std::optional<std::vector<std::string>>>("BLPOP", key, 30); });
  // The holder has the only connection once the server shows it blocked in BLPOP.
  const bool blocked = typedis::test::eventually([&] { return blocked_in(admin, id, "blpop"); });
  if (blocked) {
    EXPECT_THROW(r.command<std::string>("PING"), typedis::pool_timeout_error);
  }
  EXPECT_EQ(admin.command<long long>("LPUSH", key, "wake"), 1);
  holder.join();
  ASSERT_TRUE(blocked) << "BLPOP never showed up in CLIENT LIST";
  EXPECT_EQ(popped, (std::vector<std::string>{key, "wake"}));
  EXPECT_EQ(r.command<std::string>("PING"), "PONG");
}

TEST(client, max_lifetime_retires_connections) {
  typedis::client_options o = typedis::parse_url(require_env("TYPEDIS_TEST_URL"));
  o.pool.max_lifetime = 100ms;
  typedis::client r{o};
  const long long first = r.command<long long>("CLIENT", "ID");
  EXPECT_EQ(r.command<long long>("CLIENT", "ID"), first);
  std::this_thread::sleep_for(150ms);
  EXPECT_NE(r.command<long long>("CLIENT", "ID"), first);
}

TEST(client, large_values_round_trip) {
  typedis::client r{require_env("TYPEDIS_TEST_URL")};
  const std::string key = unique_key();
  std::string big(8 * 1024 * 1024 + 3, '\0');
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 131) % 251);
  r.command<std::string>("SET", key, big);
  EXPECT_EQ(r.command<std::string>("GET", key), big);
  r.command<long long>("DEL", key);
}

TEST(client, eight_threads_share_one_client) {
  typedis::client r{require_env("TYPEDIS_TEST_URL")};
  constexpr int threads = 8;
  constexpr int per_thread = 10000;
  const std::string prefix = unique_key("mt");
  std::atomic<int> mismatches{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      try {
        for (int i = 0; i < per_thread; ++i) {
          const std::string key = prefix + ":" + std::to_string(t) + ":" + std::to_string(i % 100);
          const std::string value = std::to_string(t) + "-" + std::to_string(i);
          r.command<std::string>("SET", key, value);
          if (r.command<std::optional<std::string>>("GET", key) != value) ++mismatches;
        }
      } catch (const std::exception& e) {
        ++failures;
        ADD_FAILURE() << e.what();
      }
    });
  }
  for (auto& th : pool) th.join();
  EXPECT_EQ(mismatches.load(), 0);
  EXPECT_EQ(failures.load(), 0);
  EXPECT_LE(r.stats().open, r.options().pool.max_size);
  EXPECT_EQ(r.stats().discarded, 0u);
}

TEST(client, closed_client_refuses_calls) {
  typedis::client r{require_env("TYPEDIS_TEST_URL")};
  set_get_roundtrip(r);
  r.close();
  EXPECT_THROW(r.command<std::string>("PING"), typedis::closed_error);
}

TEST(client, connection_refused_names_the_endpoint) {
  const int port = typedis::test::free_port();
  typedis::client r{"redis://127.0.0.1:" + std::to_string(port)};
  try {
    r.command<std::string>("PING");
    FAIL() << "connected to a closed port";
  } catch (const typedis::io_error& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:" + std::to_string(port)), std::string::npos) << e.what();
    EXPECT_EQ(e.state(), typedis::send_state::not_sent);
  }
}
