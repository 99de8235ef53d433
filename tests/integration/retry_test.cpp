// Retries against a private server: what is resent, what is not, and that a command is never
// executed twice by a retry.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

#include "test_env.hpp"
#include "typedis/typedis.hpp"

using namespace std::chrono_literals;
using typedis::test::unique_key;

namespace {

typedis::client_options options_for(const typedis::test::spawned_server& server) {
  typedis::client_options o = typedis::parse_url(server.url());
  o.pool.max_size = 1;  // the command under test runs on the connection we kill
  o.retry.max_attempts = 5;
  o.retry.base_backoff = 20ms;
  o.retry.max_backoff = 200ms;
  return o;
}

// Whether connection `id` is held by the server in `command` (lower case): CLIENT LIST shows it
// blocked (flags=b) with that command.
bool blocked_in(typedis::client& admin, long long id, const std::string& command) {
  const std::string line = admin.command<std::string>("CLIENT", "LIST", "ID", id);
  return line.find(" cmd=" + command + " ") != std::string::npos && line.find(" flags=b ") != std::string::npos;
}

}  // namespace

TEST(retry, killed_before_the_write_executes_once) {
  typedis::test::spawned_server server;
  typedis::client_options o = options_for(server);
  o.pool.closed_check_after = 0ms;  // every checkout looks for the EOF a killed connection leaves
  typedis::client r{o};
  typedis::client admin{server.url()};
  const std::string k = unique_key();
  EXPECT_EQ(r.incr(k), 1);
  EXPECT_EQ(admin.command<long long>("CLIENT", "KILL", "ID", r.client_id()), 1);
  EXPECT_EQ(r.incr(k), 2) << "the dead connection is replaced before INCR is written";
  EXPECT_EQ(admin.get(k), "2");
}

// With the default time-based check, a connection used a moment ago is not polled: a command
// written into it after the server closed it fails as "may have executed" unless resending it
// cannot change its answer. INCR then surfaces the error (and ran at most once); GET goes again.
TEST(retry, killed_just_after_use_incr_fails_visibly_and_get_is_resent) {
  typedis::test::spawned_server server;
  typedis::client_options o = options_for(server);
  o.pool.closed_check_after = 60s;  // the default's behaviour, without depending on how fast this runs
  typedis::client r{o};
  typedis::client admin{server.url()};
  const std::string k = unique_key();
  ASSERT_EQ(r.incr(k), 1);
  ASSERT_EQ(admin.command<long long>("CLIENT", "KILL", "ID", r.client_id()), 1);
  std::optional<long long> got;
  std::optional<typedis::send_state> state;
  try {
    got = r.incr(k);
  } catch (const typedis::io_error& e) {
    state = e.state();
  }
  const std::optional<std::string> v = admin.get(k);
  if (got) {
    // The write itself failed (the reset had arrived): nothing was sent, so it went again once.
    EXPECT_EQ(*got, 2);
    EXPECT_EQ(v, "2");
  } else {
    ASSERT_TRUE(state.has_value()) << "INCR neither returned nor failed with an io_error";
    EXPECT_EQ(*state, typedis::send_state::may_have_executed);
    EXPECT_EQ(v, "1") << "the server had closed the connection before INCR arrived: it never ran";
  }
  // A read is resent on a new connection, so the caller never sees the dead one.
  ASSERT_EQ(admin.command<long long>("CLIENT", "KILL", "ID", r.client_id()), 1);
  EXPECT_EQ(r.get(k), v);
}

TEST(retry, killed_after_the_write_is_not_retried_for_incr) {
  typedis::test::spawned_server server;
  typedis::client r{options_for(server)};
  typedis::client admin{server.url()};
  const std::string k = unique_key();
  ASSERT_EQ(r.incr(k), 1);
  const long long id = r.client_id();
  // Writes are paused: INCR is read by the server and held; then its connection is killed.
  admin.command<typedis::ignore_t>("CLIENT", "PAUSE", 2000, "WRITE");
  std::optional<typedis::send_state> state;
  std::thread caller([&] {
    try {
      r.incr(k);
    } catch (const typedis::io_error& e) {
      state = e.state();
    }
  });
  // The server has read INCR and holds it once CLIENT LIST shows the connection blocked in it.
  const bool held = typedis::test::eventually([&] { return blocked_in(admin, id, "incr"); });
  admin.command<long long>("CLIENT", "KILL", "ID", id);
  caller.join();
  admin.command<typedis::ignore_t>("CLIENT", "UNPAUSE");
  ASSERT_TRUE(held) << "INCR never showed up as held in CLIENT LIST";
  ASSERT_TRUE(state.has_value()) << "INCR on a killed connection must fail, not be resent";
  EXPECT_EQ(*state, typedis::send_state::may_have_executed);
  const std::optional<std::string> v = admin.get(k);
  EXPECT_TRUE(v == "1" || v == "2") << "INCR ran at most once: " << v.value_or("(nil)");
}

TEST(retry, killed_after_the_write_is_retried_for_readonly_pfcount) {
  // PFCOUNT is readonly (so retried) but may write a cache into the HyperLogLog, so CLIENT PAUSE
  // WRITE holds it, and the server still answers CLIENT LIST and CLIENT KILL meanwhile (a PAUSE
  // ALL would hold those too, and nothing could tell when the read-only call had arrived).
  typedis::test::spawned_server server;
  typedis::client r{options_for(server)};
  typedis::client admin{server.url()};
  const std::string k = unique_key();
  ASSERT_TRUE(r.pfadd(k, {.element = {"a", "b", "c"}}));
  const long long id = r.client_id();
  admin.command<typedis::ignore_t>("CLIENT", "PAUSE", 20000, "WRITE");
  std::optional<long long> got;
  std::string failure;
  std::thread caller([&] {
    try {
      got = r.pfcount({k});
    } catch (const std::exception& e) {
      failure = e.what();
    }
  });
  // The server has read PFCOUNT and holds it once CLIENT LIST shows the connection blocked in it.
  const bool held = typedis::test::eventually([&] { return blocked_in(admin, id, "pfcount"); });
  admin.command<long long>("CLIENT", "KILL", "ID", id);
  admin.command<typedis::ignore_t>("CLIENT", "UNPAUSE");
  caller.join();
  ASSERT_TRUE(held) << "PFCOUNT never showed up as held in CLIENT LIST";
  EXPECT_EQ(failure, "");
  EXPECT_EQ(got, 3) << "PFCOUNT is readonly: resent on a fresh connection";
  EXPECT_NE(r.client_id(), id);
}

TEST(retry, unsent_commands_wait_for_the_server_to_come_back) {
  typedis::test::spawned_server server;
  typedis::client_options o = options_for(server);
  o.retry.max_attempts = 40;
  o.retry.max_backoff = 100ms;
  o.pool.closed_check_after = 0ms;  // the pooled connection's EOF is seen before INCR is written
  typedis::client r{o};
  const std::string k = unique_key();
  ASSERT_EQ(r.incr(k), 1);
  server.stop();
  std::thread restarter([&] {
    std::this_thread::sleep_for(300ms);
    server.start();
  });
  // Connection refused, then accepted: INCR was never sent before, so it is resent, once.
  std::optional<long long> v;
  std::string failure;
  try {
    v = r.incr(k);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  restarter.join();
  EXPECT_EQ(failure, "");
  EXPECT_EQ(v, 1) << "the restarted server has no data, and INCR ran exactly once";
}

TEST(retry, no_retry_when_disabled) {
  typedis::test::spawned_server server;
  typedis::client_options o = options_for(server);
  o.retry.max_attempts = 1;
  typedis::client r{o};
  server.stop();
  try {
    r.incr(unique_key());
    FAIL() << "the server is down";
  } catch (const typedis::io_error& e) {
    EXPECT_EQ(e.state(), typedis::send_state::not_sent);
  }
  server.start();
}

TEST(nothrow, returns_results_instead_of_throwing) {
  typedis::client r{typedis::test::require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key(), list = unique_key("list");
  r.set(k, "v");
  r.rpush(list, {"a"});
  auto ok = r.nothrow().get(k);
  ASSERT_TRUE(ok.has_value());
  EXPECT_EQ(*ok, "v");
  auto wrong = r.nothrow().get(list);
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().kind, typedis::error_kind::server);
  EXPECT_EQ(wrong.error().prefix, "WRONGTYPE");
  EXPECT_THROW(wrong.value(), typedis::server_error);
  auto decoded = r.nothrow().command<long long>("GET", k);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().kind, typedis::error_kind::decode);

  typedis::client down{"redis://127.0.0.1:" + std::to_string(typedis::test::free_port())};
  auto io = down.nothrow().ping();
  ASSERT_FALSE(io.has_value());
  EXPECT_EQ(io.error().kind, typedis::error_kind::io);
  EXPECT_EQ(io.error().state, typedis::send_state::not_sent);
}

TEST(push, tracking_invalidations_go_to_the_handler_not_to_replies) {
  std::vector<typedis::resp::value> pushes;
  typedis::client_options o = typedis::parse_url(typedis::test::require_env("TYPEDIS_TEST_URL"));
  o.pool.max_size = 1;
  o.on_push = [&](const typedis::resp::value& v) { pushes.push_back(v); };
  typedis::client r{o};
  typedis::client other{typedis::test::require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key();
  r.set(k, "1");
  r.command<typedis::ignore_t>("CLIENT", "TRACKING", "ON");
  EXPECT_EQ(r.get(k), "1");  // now tracked
  other.set(k, "2");         // the server pushes an invalidation to r's connection
  // Interleaved with the next replies: each call still gets its own reply.
  for (int i = 0; i < 20 && pushes.empty(); ++i) {
    EXPECT_EQ(r.echo("ping-" + std::to_string(i)), "ping-" + std::to_string(i));
    if (pushes.empty()) std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(r.get(k), "2");
  ASSERT_FALSE(pushes.empty());
  const auto& p = pushes.front();
  EXPECT_EQ(p.type, typedis::resp::type::push);
  ASSERT_EQ(p.elements.size(), 2u);
  EXPECT_EQ(p.elements[0].string, "invalidate");
  ASSERT_FALSE(p.elements[1].elements.empty());
  EXPECT_EQ(p.elements[1].elements[0].string, k);
}
