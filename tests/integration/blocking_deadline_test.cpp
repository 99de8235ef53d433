// A blocking command waits for its own timeout, not for read_timeout (issue 15 item 7): the
// deadline of its reply is its timeout plus read_timeout, on the pooled client and on a pinned
// connection; one that blocks for ever has none; without BLOCK, XREAD keeps the plain deadline.
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "fault_proxy.hpp"
#include "test_env.hpp"
#include "typedis/typedis.hpp"

using namespace std::chrono_literals;
using typedis::test::require_env;
using typedis::test::unique_key;

namespace {

using steady = std::chrono::steady_clock;

typedis::client_options short_reads() {
  typedis::client_options o = typedis::parse_url(require_env("TYPEDIS_TEST_URL"));
  o.connection.read_timeout = 300ms;
  return o;
}

double seconds_since(steady::time_point t) { return std::chrono::duration<double>(steady::now() - t).count(); }

TEST(blocking_deadline, blpop_waits_for_its_own_timeout_beyond_read_timeout) {
  typedis::client r(short_reads());
  const auto start = steady::now();
  EXPECT_EQ(r.blpop({unique_key("q")}, 1s), std::nullopt);  // was: timeout_error after 300 ms
  const double took = seconds_since(start);
  EXPECT_GE(took, 0.9);
  EXPECT_LT(took, 5.0);
  EXPECT_EQ(r.stats().discarded, 0u) << "the connection answered in time and stays pooled";
}

TEST(blocking_deadline, xread_block_waits_for_its_block_time) {
  typedis::client r(short_reads());
  const std::string s = unique_key("s");
  r.xadd(s, typedis::cmd::xadd_id_selector_id{"1-1"}, {{"f", "v"}});
  const auto start = steady::now();
  const auto got = r.xread({s}, {"$"}, {.block = 800ms});
  EXPECT_FALSE(got.has_value() && !got->empty()) << "nothing new was added";
  EXPECT_GE(seconds_since(start), 0.7);
}

TEST(blocking_deadline, a_blocking_call_that_gets_its_value_returns_it) {
  typedis::client r(short_reads());
  typedis::client pusher(require_env("TYPEDIS_TEST_URL"));
  const std::string q = unique_key("q");
  std::thread later([&] {
    std::this_thread::sleep_for(600ms);  // after read_timeout: the old deadline would have fired
    pusher.rpush(q, {"job"});
  });
  const auto got = r.blpop({q}, 5s);
  later.join();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->second, "job");
}

TEST(blocking_deadline, the_deadline_still_fires_past_timeout_plus_read_timeout_on_a_pinned_connection) {
  const typedis::client_options upstream = typedis::parse_url(require_env("TYPEDIS_TEST_URL"));
  typedis::test::fault_proxy proxy(upstream.connection.host, upstream.connection.port);
  typedis::client_options o = typedis::parse_url(proxy.url());
  o.connection.read_timeout = 300ms;
  typedis::client r(o);
  auto pinned = r.pin();
  ASSERT_EQ(pinned.ping(), "PONG");
  // The server answers BLPOP after its 0.5 s, but the proxy holds that answer back: the deadline
  // (0.5 s + 0.3 s) must fire rather than wait for ever.
  proxy.set(typedis::test::fault::stall_after_bytes(0));
  const auto start = steady::now();
  EXPECT_THROW((void)pinned.blpop({unique_key("q")}, 500ms), typedis::timeout_error);
  const double took = seconds_since(start);
  EXPECT_GE(took, 0.75);
  EXPECT_LT(took, 2.5);
}

}  // namespace
