// The resend rule against a real server, with the reply to a command that ran lost on the way back
// (a proxy forwards the request, swallows the server's answer and cuts the connection): a command
// whose second run would answer differently (SET NX, DEL, INCR) is not sent again and fails with
// may_have_executed; a read-only one (GET) is resent; a call marked resend_safe is resent. A failed
// handshake is reported as not_sent for the caller's command.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

#include "fault_proxy.hpp"
#include "test_env.hpp"
#include "typedis/typedis.hpp"

using namespace std::chrono_literals;
using typedis::test::fault_proxy;
using typedis::test::unique_key;

namespace typedis {
// Readable failure messages for the state (gtest would print its bytes).
inline void PrintTo(send_state s, std::ostream* os) {
  *os << (s == send_state::not_sent ? "not_sent" : "may_have_executed");
}
}  // namespace typedis

namespace {

int server_port() { return typedis::parse_url(typedis::test::require_env("TYPEDIS_TEST_URL")).connection.port; }

typedis::client_options through(const fault_proxy& proxy, int max_attempts = 5) {
  typedis::client_options o = typedis::parse_url(proxy.url());
  o.pool.max_size = 1;
  o.retry.max_attempts = max_attempts;
  o.retry.backoff = {1ms, 10ms, 1.0};
  return o;
}

// Runs `call` with the reply to its request lost; returns the io_error's state, or nullopt when
// the call returned (it was resent on a fresh connection).
template <class Call>
std::optional<typedis::send_state> lose_reply_of(fault_proxy& proxy, Call&& call) {
  proxy.lose_next_reply();
  try {
    call();
  } catch (const typedis::io_error& e) {
    return e.state();
  }
  return std::nullopt;
}

}  // namespace

TEST(resend_rule, set_nx_is_not_resent_after_a_lost_reply) {
  fault_proxy proxy(server_port());
  typedis::client r{through(proxy)};
  typedis::client admin{typedis::test::require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key();
  r.ping();  // the pooled connection exists: the lost reply is SET's, not the handshake's
  std::optional<typedis::ok> answer;
  const auto state = lose_reply_of(proxy, [&] { answer = r.set(k, "mine", {.condition = typedis::nx{}}); });
  EXPECT_EQ(proxy.replies_lost(), 1);
  ASSERT_TRUE(state.has_value()) << "SET NX was resent and answered " << (answer ? "OK" : "not set")
                                 << " for a key this very call had set";
  EXPECT_EQ(*state, typedis::send_state::may_have_executed);
  EXPECT_EQ(admin.get(k), "mine") << "the first run set the key";
  EXPECT_EQ(r.get(k), "mine");  // the client is usable again
}

TEST(resend_rule, del_is_not_resent_after_a_lost_reply) {
  fault_proxy proxy(server_port());
  typedis::client r{through(proxy)};
  typedis::client admin{typedis::test::require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key();
  admin.set(k, "v");
  r.ping();
  long long deleted = -1;
  const auto state = lose_reply_of(proxy, [&] { deleted = r.del({k}); });
  EXPECT_EQ(proxy.replies_lost(), 1);
  ASSERT_TRUE(state.has_value()) << "DEL was resent and answered " << deleted << " although it deleted the key";
  EXPECT_EQ(*state, typedis::send_state::may_have_executed);
  EXPECT_EQ(admin.exists({k}), 0);
}

TEST(resend_rule, incr_runs_once) {
  fault_proxy proxy(server_port());
  typedis::client r{through(proxy)};
  typedis::client admin{typedis::test::require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key();
  r.ping();
  const auto state = lose_reply_of(proxy, [&] { r.incr(k); });
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(*state, typedis::send_state::may_have_executed);
  EXPECT_EQ(admin.get(k), "1");
}

TEST(resend_rule, get_is_resent_after_a_lost_reply) {
  fault_proxy proxy(server_port());
  typedis::client r{through(proxy)};
  typedis::client admin{typedis::test::require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key();
  admin.set(k, "value");
  r.ping();
  const int connections = proxy.connections();
  std::optional<std::string> got;
  const auto state = lose_reply_of(proxy, [&] { got = r.get(k); });
  EXPECT_FALSE(state.has_value()) << "GET is read-only: resent on a fresh connection";
  EXPECT_EQ(proxy.replies_lost(), 1);
  EXPECT_EQ(proxy.connections(), connections + 1);
  EXPECT_EQ(got, "value");
}

TEST(resend_rule, a_call_marked_safe_is_resent) {
  fault_proxy proxy(server_port());
  typedis::client r{through(proxy)};
  typedis::client admin{typedis::test::require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key();
  r.ping();
  long long second_run = 0;
  const auto state = lose_reply_of(proxy, [&] { second_run = r.resend_safe().incr(k); });
  EXPECT_FALSE(state.has_value());
  EXPECT_EQ(proxy.replies_lost(), 1);
  EXPECT_EQ(second_run, 2) << "the mark accepts the second run's answer";
  EXPECT_EQ(admin.get(k), "2");
  // The same through call_options, on the generic path (never resent without the mark).
  const auto generic = lose_reply_of(proxy, [&] {
    r.execute(typedis::make_command<long long>(typedis::generic_command_info, "INCR", k), {.resend_safe = true});
  });
  EXPECT_FALSE(generic.has_value());
  EXPECT_EQ(admin.get(k), "4");
  const auto unmarked = lose_reply_of(proxy, [&] { r.command<long long>("INCR", k); });
  ASSERT_TRUE(unmarked.has_value());
  EXPECT_EQ(*unmarked, typedis::send_state::may_have_executed);
  EXPECT_EQ(admin.get(k), "5");
}

// XREAD is read-only but blocking: its wait may have begun, so it is never sent again, marked or
// not (issue 15 item 7: it used to be resent and take a multiple of its time budget).
TEST(resend_rule, blocking_reads_are_never_resent) {
  fault_proxy proxy(server_port());
  typedis::client r{through(proxy)};
  const std::string s = unique_key();
  r.ping();
  const auto plain = lose_reply_of(proxy, [&] { r.xread({s}, {"$"}, {.block = 20ms}); });
  ASSERT_TRUE(plain.has_value()) << "XREAD BLOCK was resent";
  EXPECT_EQ(*plain, typedis::send_state::may_have_executed);
  r.ping();  // a fresh connection, so that the next lost reply is BLPOP's, not HELLO's
  const auto marked = lose_reply_of(proxy, [&] { r.resend_safe().blpop({s + "-list"}, 0.02s); });
  ASSERT_TRUE(marked.has_value()) << "BLPOP was resent although blocking commands never are";
  EXPECT_EQ(*marked, typedis::send_state::may_have_executed);
  EXPECT_EQ(proxy.replies_lost(), 2);
}

TEST(resend_rule, pipelines_are_not_resent_once_written) {
  fault_proxy proxy(server_port());
  typedis::client r{through(proxy)};
  typedis::client admin{typedis::test::require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key();
  r.ping();
  const auto state = lose_reply_of(proxy, [&] { r.pipeline().get(k).incr(k).exec(); });
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(*state, typedis::send_state::may_have_executed);
  EXPECT_EQ(admin.get(k), "1");
}

// The handshake's HELLO reaches the server and its reply is lost: the caller's command was never
// written, so its error says not_sent (it used to carry HELLO's may_have_executed).
TEST(resend_rule, handshake_failure_is_not_sent) {
  fault_proxy proxy(server_port());
  typedis::client r{through(proxy, 1)};
  typedis::client admin{typedis::test::require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key();
  proxy.lose_next_reply();  // no connection yet: the next request is HELLO
  try {
    r.incr(k);
    FAIL() << "the handshake's reply was lost";
  } catch (const typedis::io_error& e) {
    EXPECT_EQ(e.state(), typedis::send_state::not_sent) << e.what();
    EXPECT_NE(std::string(e.what()).find("INCR"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("(command not sent)"), std::string::npos) << e.what();
  }
  EXPECT_EQ(proxy.replies_lost(), 1);
  EXPECT_EQ(admin.exists({k}), 0) << "INCR never ran";
  // With attempts left the same failure is retried (nothing was written), and INCR runs once.
  typedis::client retried{through(proxy, 3)};
  proxy.lose_next_reply();
  EXPECT_EQ(retried.incr(k), 1);
  EXPECT_EQ(proxy.replies_lost(), 2);
}

// HELLO is written but its answer does not come within the deadline: a timeout_error, not_sent.
TEST(resend_rule, handshake_timeout_is_not_sent) {
  // A private server: CLIENT PAUSE ALL holds every normal client's commands, HELLO included, and
  // must not stall the other tests. The pause simply expires.
  typedis::test::spawned_server server;
  typedis::client admin{server.url()};
  typedis::client_options o = typedis::parse_url(server.url());
  o.retry.max_attempts = 1;
  o.connection.connect_timeout = 300ms;
  o.connection.read_timeout = 300ms;
  typedis::client r{o};
  admin.command<typedis::ignore_t>("CLIENT", "PAUSE", 2000, "ALL");
  try {
    r.get(unique_key());
    FAIL() << "HELLO cannot be answered while the server is paused";
  } catch (const typedis::timeout_error& e) {
    EXPECT_EQ(e.state(), typedis::send_state::not_sent) << e.what();
  } catch (const typedis::io_error& e) {
    ADD_FAILURE() << "expected a timeout_error: " << e.what();
  }
}
