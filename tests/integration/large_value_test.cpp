// Large values against a real server (issue 16 item 5): a bulk reply from 256 KiB is read straight
// into the string the caller gets (or the caller's call_options::read_buffer), arriving in many
// reads; a connection that dies in the middle of one fails the call naming endpoint and command,
// and is discarded; the asynchronous client, over the same session, gets them in order among
// small replies.
#include <gtest/gtest.h>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/use_future.hpp>
#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "fault_proxy.hpp"
#include "test_env.hpp"
#include "typedis/async.hpp"
#include "typedis/typedis.hpp"

using namespace std::chrono_literals;
using typedis::test::fault;
using typedis::test::fault_proxy;
using typedis::test::require_env;
using typedis::test::unique_key;

namespace {

int server_port() { return typedis::parse_url(require_env("TYPEDIS_TEST_URL")).connection.port; }

// Every byte differs from its neighbours and CR/LF occur inside: a shifted or truncated copy shows.
std::string pattern(std::size_t n) {
  std::string v(n, '\0');
  for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<char>("\r\nabcdefghijklmnopqrstuvwxyz0123456789"[(i * 7 + i / 251) % 38]);
  return v;
}

typedis::client_options one_connection(const std::string& url) {
  typedis::client_options o = typedis::parse_url(url);
  o.pool.max_size = 1;
  return o;
}

}  // namespace

TEST(large_value, get_of_64_mib_comes_back_whole) {
  typedis::client r{one_connection(require_env("TYPEDIS_TEST_URL"))};
  const std::string k = unique_key();
  const std::string value = pattern(64u << 20);
  r.set(k, value);
  const std::optional<std::string> v = r.get(k);
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->size(), value.size());
  EXPECT_TRUE(*v == value);
  // Just under, at and just over the size from which a value is read straight into its string.
  for (const std::size_t n : {(256u << 10) - 1, 256u << 10, (256u << 10) + 1}) {
    const std::string w = pattern(n);
    r.set(k, w);
    EXPECT_TRUE(r.get(k) == w) << n;
  }
  // Back to back with small replies on the same connection: nothing shifted.
  auto [a, b, c] = r.pipeline().get(k).incr(k + ":n").get(k).exec();
  EXPECT_TRUE(a == pattern((256u << 10) + 1));
  EXPECT_EQ(b, 1);
  EXPECT_TRUE(c == a);
  r.del({k, k + ":n"});
}

TEST(large_value, read_into_the_callers_buffer_reuses_its_storage) {
  typedis::client r{one_connection(require_env("TYPEDIS_TEST_URL"))};
  const std::string k = unique_key();
  const std::string value = pattern(8u << 20);
  r.set(k, value);
  std::string buffer;
  buffer.reserve(value.size() + 2);
  const char* storage = buffer.data();
  for (int round = 0; round < 3; ++round) {
    std::optional<std::string> v = r.execute(typedis::cmd::get(k), {.read_buffer = &buffer});
    ASSERT_TRUE(v.has_value());
    EXPECT_TRUE(*v == value);
    EXPECT_EQ(v->data(), storage) << "the bytes landed in the buffer's storage, which the result took";
    EXPECT_TRUE(buffer.empty());
    buffer = std::move(*v);  // handed back for the next call
  }
  // A small reply leaves the buffer alone.
  r.set(k, "small");
  EXPECT_EQ(r.execute(typedis::cmd::get(k), {.read_buffer = &buffer}), "small");
  EXPECT_EQ(buffer.data(), storage);
  r.del(k);
}

TEST(large_value, a_value_split_across_many_reads_through_a_proxy) {
  fault_proxy proxy(server_port());
  typedis::client r{one_connection(proxy.url())};
  typedis::client direct{require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key();
  const std::string value = pattern(5u << 20);
  direct.set(k, value);
  // The proxy forwards whatever it reads at once: many small pieces, cut at arbitrary offsets.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(r.get(k) == value);
  // Delayed pieces: each read may end anywhere in the value.
  proxy.set(fault::delayed(1ms));
  EXPECT_TRUE(r.get(k) == value);
  proxy.set(fault::none());
  EXPECT_EQ(r.stats().discarded, 0u);
  direct.del(k);
}

TEST(large_value, a_connection_that_dies_mid_value_fails_naming_endpoint_and_command) {
  fault_proxy proxy(server_port());
  typedis::client_options o = one_connection(proxy.url());
  o.retry.max_attempts = 1;  // the failure itself, not a resend
  typedis::client r{o};
  typedis::client direct{require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key();
  direct.set(k, pattern(4u << 20));
  ASSERT_EQ(r.ping(), "PONG");  // the pooled connection exists: the cut is in GET's reply
  for (const bool into_buffer : {false, true}) {
    SCOPED_TRACE(into_buffer ? "into the caller's buffer" : "into a new string");
    const auto before = r.stats();
    proxy.set(fault::cut_after_bytes(3u << 20).on_open_connections_only());
    std::string buffer;
    try {
      const auto v = r.execute(typedis::cmd::get(k), {.read_buffer = into_buffer ? &buffer : nullptr});
      ADD_FAILURE() << "GET returned " << (v ? v->size() : 0) << " bytes from a connection cut after 3 MiB";
    } catch (const typedis::io_error& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find("GET"), std::string::npos) << what;
      EXPECT_NE(what.find("127.0.0.1:" + std::to_string(proxy.port())), std::string::npos) << what;
      EXPECT_EQ(e.state(), typedis::send_state::may_have_executed) << what;
    }
    proxy.set(fault::none());
    EXPECT_EQ(r.stats().discarded, before.discarded + 1) << "the cut connection must not go back to the pool";
    // The next call gets a fresh connection and the whole value.
    EXPECT_TRUE(r.get(k) == pattern(4u << 20));
  }
  direct.del(k);
}

TEST(large_value, the_async_client_gets_large_values_in_order_among_small_ones) {
  asio::io_context io;
  typedis::async_client c{io.get_executor(), require_env("TYPEDIS_TEST_URL")};
  std::thread runner([&] {
    auto guard = asio::make_work_guard(io);
    io.run_for(60s);
  });
  const std::string k = unique_key();
  const std::string value = pattern(3u << 20);
  c.set(k, value, asio::use_future).get();
  // All in flight at once on the one multiplexed connection: large and small replies interleave
  // in its reads.
  std::vector<std::future<std::optional<std::string>>> large;
  std::vector<std::future<long long>> small;
  for (int i = 0; i < 8; ++i) {
    large.push_back(c.get(k, asio::use_future));
    small.push_back(c.incr(k + ":n", asio::use_future));
  }
  for (int i = 0; i < 8; ++i) {
    const std::optional<std::string> v = large[static_cast<std::size_t>(i)].get();
    EXPECT_TRUE(v == value) << i;
    EXPECT_EQ(small[static_cast<std::size_t>(i)].get(), i + 1);
  }
  c.del(k, asio::use_future).get();
  c.del(k + ":n", asio::use_future).get();
  c.close();
  io.stop();
  runner.join();
}
