// Every sync executor through tests/integration/fault_proxy.hpp, a TCP proxy in front of the real
// server that delays, drips, stalls, cuts and corrupts replies and drops connections (issue 14).
// Assertions: each deadline fires within its bound (generous bounds: these are not benchmarks), no
// reply reaches a caller it was not meant for, and memory stays bounded.
//
// Tests of the defects issue 14 lists as still open (items 2-5, owned elsewhere) are written as
// they should pass and skipped with "known defect: issue 14 item N" until their owners land the
// fix; TYPEDIS_TEST_KNOWN_DEFECTS=1 runs them anyway (to see them fail, or pass once fixed).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "fault_proxy.hpp"
#include "test_env.hpp"
#include "typedis/typedis.hpp"

using namespace std::chrono_literals;
using typedis::test::fault;
using typedis::test::fault_proxy;
using typedis::test::require_env;
using typedis::test::unique_key;

namespace {

using steady = std::chrono::steady_clock;

#define KNOWN_DEFECT(item, what)                                                                  \
  do {                                                                                            \
    if (std::getenv("TYPEDIS_TEST_KNOWN_DEFECTS") == nullptr)                                     \
      GTEST_SKIP() << "known defect: issue 14 item " item " (" what "); TYPEDIS_TEST_KNOWN_DEFECTS=1 runs it"; \
  } while (false)

// A proxy in front of the plain test server.
std::unique_ptr<fault_proxy> make_proxy() {
  const typedis::client_options upstream = typedis::parse_url(require_env("TYPEDIS_TEST_URL"));
  return std::make_unique<fault_proxy>(upstream.connection.host, upstream.connection.port);
}

// Client options for `proxy`: short deadlines, and no retry unless asked (a test sees each failure).
typedis::client_options options_for(const fault_proxy& proxy, int attempts = 1,
                                    std::chrono::milliseconds timeout = 400ms) {
  typedis::client_options o = typedis::parse_url(proxy.url());
  o.connection.read_timeout = o.connection.write_timeout = timeout;
  o.connection.connect_timeout = 2s;
  o.retry.max_attempts = attempts;
  o.retry.base_backoff = 1ms;
  o.retry.max_backoff = 10ms;
  return o;
}

// Opens the pooled connection before a test sets a fault counted in bytes: the handshake's reply
// (HELLO lists the server's modules) differs in size between servers, and the fault is meant for
// the commands, not for the handshake.
void open_first(typedis::client& r) { ASSERT_EQ(r.ping(), "PONG"); }

double seconds_since(steady::time_point start) {
  return std::chrono::duration<double>(steady::now() - start).count();
}

// ---- sync client ------------------------------------------------------------------------------

TEST(fault_proxy_client, delayed_and_dripped_replies_are_correct) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy, 1, 5s));
  const std::string k = unique_key(), n = unique_key("n");
  long long expected = 0;
  for (const fault& f : {fault::delayed(5ms), fault::dripping(0ms), fault::dripping(1ms)}) {
    proxy->set(f);
    const std::string value = "value-" + std::to_string(static_cast<int>(f.what)) + std::string(100, 'x');
    r.set(k, value);
    EXPECT_EQ(r.get(k), value);
    EXPECT_EQ(r.incr(n), ++expected);
  }
  EXPECT_EQ(r.stats().discarded, 0u);
}

TEST(fault_proxy_client, a_stalled_reply_fails_within_the_read_timeout) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy, 1, 300ms));
  const std::string k = unique_key();
  r.set(k, "v");
  for (std::size_t after : {0u, 3u}) {  // no byte of the reply, or part of it
    proxy->set(fault::stall_after_bytes(after));
    const auto start = steady::now();
    EXPECT_THROW((void)r.get(k), typedis::timeout_error);
    const double took = seconds_since(start);
    EXPECT_GE(took, 0.25);
    EXPECT_LT(took, 5.0) << "the read deadline did not fire in time";
    proxy->set(fault::none());
    EXPECT_EQ(r.get(k), "v") << "the client recovers on a fresh connection";
  }
  EXPECT_GE(r.stats().discarded, 2u);
}

TEST(fault_proxy_client, a_stalled_request_fails_within_the_write_or_read_timeout) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy, 1, 300ms));
  const std::string k = unique_key();
  r.set(k, "v");
  // The proxy stops reading the request: a big value fills the socket buffers, then nothing moves.
  proxy->set(fault::stall_after_bytes(10, fault::direction::to_server));
  const auto start = steady::now();
  EXPECT_THROW(r.set(k, std::string(8u << 20, 'x')), typedis::timeout_error);
  EXPECT_LT(seconds_since(start), 5.0);
  proxy->set(fault::none());
  EXPECT_EQ(r.get(k), "v");
}

TEST(fault_proxy_client, a_dripping_reply_fails_within_the_read_timeout) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy, 1, 500ms));
  const std::string k = unique_key();
  r.set(k, std::string(200, 'v'));
  proxy->set(fault::dripping(50ms));  // 200+ bytes at 20 bytes/s: about 10 s for the whole reply
  const auto start = steady::now();
  EXPECT_THROW((void)r.get(k), typedis::timeout_error);
  EXPECT_LT(seconds_since(start), 2.5) << "the deadline must cover the whole reply";
}

TEST(fault_proxy_client, a_cut_reply_is_an_io_error_and_the_client_recovers) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy));
  const std::string k = unique_key();
  r.set(k, std::string(1000, 'v'));
  for (std::size_t after : {0u, 1u, 5u, 500u}) {
    proxy->set(fault::cut_after_bytes(after));
    try {
      (void)r.get(k);
      ADD_FAILURE() << "no error for a reply cut after " << after << " bytes";
    } catch (const typedis::io_error& e) {
      EXPECT_EQ(e.state(), typedis::send_state::may_have_executed) << e.what();
    }
    proxy->set(fault::none());
    EXPECT_EQ(r.get(k), std::string(1000, 'v'));
  }
}

TEST(fault_proxy_client, a_corrupted_type_byte_is_a_protocol_error_and_the_connection_is_dropped) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy));
  const std::string k = unique_key();
  r.set(k, "v");
  const auto discarded = r.stats().discarded;
  proxy->set(fault::corrupt_byte(0, '@'));  // '$' of the bulk reply -> not a RESP type
  EXPECT_THROW((void)r.get(k), typedis::protocol_error);
  proxy->set(fault::none());
  EXPECT_EQ(r.get(k), "v");
  EXPECT_EQ(r.stats().discarded, discarded + 1);
}

TEST(fault_proxy_client, dropped_connections_are_retried_when_nothing_was_sent) {
  auto proxy = make_proxy();
  proxy->set(fault::drop_every_kth(2));
  typedis::client_options o = options_for(*proxy, 3);
  o.pool.max_size = 1;
  typedis::client r(o);
  const std::string k = unique_key();
  r.set(k, "v");
  for (int i = 0; i < 10; ++i) {
    proxy->cut_all();  // the next call needs a new connection; every second one is dropped
    EXPECT_EQ(r.get(k), "v");
  }
  EXPECT_GE(proxy->dropped(), 4u);
}

TEST(fault_proxy_client, a_lost_del_reply_is_not_answered_by_a_resend) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy, 3));
  const std::string k = unique_key();
  r.set(k, "v");
  proxy->set(fault::cut_after_bytes(0).on_open_connections_only());  // DEL runs, its reply is lost
  try {
    // The resend would find nothing to delete: 0 is the wrong answer for this call.
    EXPECT_EQ(r.del({k}), 1) << "a resend's answer was returned";
  } catch (const typedis::io_error& e) {
    EXPECT_EQ(e.state(), typedis::send_state::may_have_executed);
  }
  proxy->set(fault::none());
  EXPECT_EQ(r.exists({k}), 0);
}

TEST(fault_proxy_client, a_failed_handshake_leaves_the_command_not_sent) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy, 1));
  const std::string k = unique_key();
  proxy->set(fault::cut_after_bytes(0));  // the first connection's HELLO gets no answer
  try {
    (void)r.get(k);
    ADD_FAILURE() << "no error";
  } catch (const typedis::io_error& e) {
    EXPECT_EQ(e.state(), typedis::send_state::not_sent) << e.what();
  }
}

// 8 threads each own a key and check every value they read back, while the proxy cuts every
// connection at random moments and drops every third new one: a reply handed to the wrong caller
// (or to the right caller for an older request) shows up as a value the thread never wrote.
TEST(fault_proxy_client, no_reply_reaches_the_wrong_caller_under_cuts) {
  auto proxy = make_proxy();
  proxy->set(fault::drop_every_kth(3));
  typedis::client_options o = options_for(*proxy, 3, 2s);
  o.pool.max_size = 4;
  typedis::client r(o);
  const std::string prefix = unique_key("owner");
  std::atomic<bool> done{false};
  std::atomic<long> good{0}, failed{0}, wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      const std::string key = prefix + ":" + std::to_string(t);
      std::set<std::string> possible = {""};  // values the key may hold ("" = none yet)
      for (int i = 0; i < 400; ++i) {
        const std::string value = "t" + std::to_string(t) + "-" + std::to_string(i) + std::string(i % 7 * 50, '.');
        try {
          r.set(key, value);
          possible = {value};
        } catch (const typedis::error&) {
          possible.insert(value);  // may have executed
          ++failed;
        }
        try {
          const std::string got = r.get(key).value_or("");
          if (possible.count(got) == 0) {
            ++wrong;
          } else {
            possible = {got};
            ++good;
          }
        } catch (const typedis::error&) {
          ++failed;
        }
      }
    });
  }
  std::thread chaos([&] {
    // Load pacing, not synchronisation: cut whatever is open every few milliseconds.
    while (!done) {
      std::this_thread::sleep_for(7ms);
      proxy->cut_all();
    }
  });
  for (auto& t : threads) t.join();
  done = true;
  chaos.join();
  EXPECT_EQ(wrong.load(), 0) << "a GET returned a value its thread never wrote";
  EXPECT_GT(good.load(), 100) << "too few calls got through to check anything";
  EXPECT_GT(proxy->accepted(), 20u) << "the connections were not cut";
  RecordProperty("good", std::to_string(good.load()));
  RecordProperty("failed", std::to_string(failed.load()));
}

#if defined(__SANITIZE_ADDRESS__)
constexpr bool under_asan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool under_asan = true;
#else
constexpr bool under_asan = false;
#endif
#else
constexpr bool under_asan = false;
#endif

TEST(fault_proxy_client, memory_stays_bounded_under_cuts) {
  if (under_asan) GTEST_SKIP() << "RSS is not meaningful under ASan (freed memory stays quarantined)";
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy, 3));
  const std::string k = unique_key();
  const std::string value(64 * 1024, 'm');
  r.set(k, value);
  auto round = [&](int calls) {
    for (int i = 0; i < calls; ++i) {
      proxy->set(i % 3 == 0 ? fault::cut_after_bytes(static_cast<std::size_t>(i * 37 % 60000)) : fault::none());
      try {
        if (r.get(k) != value) ADD_FAILURE() << "wrong value";
      } catch (const typedis::error&) {
      }
    }
  };
  round(300);  // warm up: pool, allocator caches
  const std::size_t before = typedis::test::resident_bytes();
  round(1500);
  const std::size_t after = typedis::test::resident_bytes();
  ASSERT_GT(before, 0u);
  EXPECT_LT(after, before + (32u << 20)) << "RSS grew from " << before << " to " << after;
}

// ---- pipelines --------------------------------------------------------------------------------

TEST(fault_proxy_pipeline, dripped_pipeline_replies_land_in_their_slots) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy, 1, 5s));
  const std::string k = unique_key();
  proxy->set(fault::dripping(0ms));
  auto p = r.dynamic_pipeline<long long>();
  for (int i = 0; i < 300; ++i) p.add(typedis::cmd::incrby(k, i));
  const auto results = p.exec();
  ASSERT_EQ(results.size(), 300u);
  long long sum = 0;
  for (int i = 0; i < 300; ++i) {
    sum += i;
    ASSERT_EQ(results[static_cast<std::size_t>(i)], sum) << "slot " << i;
  }
}

TEST(fault_proxy_pipeline, a_stalled_pipeline_fails_within_the_read_timeout) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy, 1, 300ms));
  const std::string k = unique_key();
  open_first(r);
  proxy->set(fault::stall_after_bytes(200));  // some replies arrive, then nothing
  auto p = r.dynamic_pipeline<long long>();
  for (int i = 0; i < 200; ++i) p.add(typedis::cmd::incr(k));
  const auto start = steady::now();
  EXPECT_THROW((void)p.exec(), typedis::timeout_error);
  EXPECT_LT(seconds_since(start), 5.0);
  proxy->set(fault::none());
  const long long ran = std::stoll(r.get(k).value_or("0"));
  EXPECT_GE(ran, 1);  // the server ran them all; only the replies were held back
  EXPECT_LE(ran, 200);
}

TEST(fault_proxy_pipeline, a_cut_pipeline_fails_and_the_next_one_is_in_sync) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy));
  const std::string k = unique_key();
  open_first(r);
  proxy->set(fault::cut_after_bytes(1500));  // about 300 of the 1000 ":N\r\n" replies
  auto p = r.dynamic_pipeline<long long>();
  for (int i = 0; i < 1000; ++i) p.add(typedis::cmd::incr(k));
  EXPECT_THROW((void)p.exec(), typedis::io_error);
  proxy->set(fault::none());
  const long long before = std::stoll(r.get(k).value_or("0"));
  auto q = r.dynamic_pipeline<long long>();
  for (int i = 0; i < 10; ++i) q.add(typedis::cmd::incr(k));
  const auto results = q.exec();
  ASSERT_EQ(results.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(results[static_cast<std::size_t>(i)], before + i + 1);
}

TEST(fault_proxy_pipeline, a_cut_pipeline_keeps_the_replies_it_received) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy));
  const std::string k = unique_key();
  open_first(r);
  proxy->set(fault::cut_after_bytes(1500));
  auto p = r.dynamic_pipeline<long long>();
  for (int i = 0; i < 1000; ++i) p.add(typedis::cmd::incr(k));
  const auto results = p.exec_results();
  ASSERT_EQ(results.size(), 1000u);
  std::size_t received = 0;
  while (received < results.size() && results[received].has_value()) {
    EXPECT_EQ(*results[received], static_cast<long long>(received + 1));
    ++received;
  }
  EXPECT_GT(received, 100u) << "the replies read before the cut were discarded";
  for (std::size_t i = received; i < results.size(); ++i) {
    ASSERT_FALSE(results[i].has_value());
    EXPECT_NE(results[i].error().kind, typedis::error_kind::server);
  }
}

TEST(fault_proxy_pipeline, a_cut_typed_pipeline_keeps_the_replies_it_received) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy));
  const std::string k = unique_key(), big = unique_key("big");
  r.set(big, std::string(4000, 'b'));
  proxy->set(fault::cut_after_bytes(30));  // ":1\r\n" and ":2\r\n" arrive, the bulk is cut
  auto [one, two, value, three] = r.pipeline().incr(k).incr(k).get(big).incr(k).exec_results();
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(*one, 1);
  ASSERT_TRUE(two.has_value());
  EXPECT_EQ(*two, 2);
  ASSERT_FALSE(value.has_value());
  EXPECT_EQ(value.error().kind, typedis::error_kind::io);
  EXPECT_EQ(value.error().state, typedis::send_state::may_have_executed);
  ASSERT_FALSE(three.has_value());
  EXPECT_EQ(three.error().state, typedis::send_state::may_have_executed);
}

// ---- transactions -----------------------------------------------------------------------------

TEST(fault_proxy_transaction, dripped_transaction_is_correct) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy, 1, 5s));
  const std::string k = unique_key(), n = unique_key("n");
  proxy->set(fault::dripping(0ms));
  auto outcome = r.transaction().set(k, "v").incr(n).incr(n).get(k).exec();
  ASSERT_TRUE(outcome.has_value());
  auto [set_ok, one, two, value] = *outcome;
  EXPECT_TRUE(set_ok.has_value());
  EXPECT_EQ(one, 1);
  EXPECT_EQ(two, 2);
  EXPECT_EQ(value, "v");
}

TEST(fault_proxy_transaction, a_cut_transaction_is_all_or_nothing) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy));
  open_first(r);
  for (std::size_t after : {0u, 5u, 20u, 40u}) {  // during the QUEUED replies or during EXEC's
    const std::string n = unique_key("n");
    proxy->set(fault::cut_after_bytes(after));
    EXPECT_THROW((void)r.transaction().incr(n).incr(n).incr(n).exec(), typedis::io_error) << after;
    proxy->set(fault::none());
    const auto value = r.get(n);
    EXPECT_TRUE(!value || *value == "3") << "a transaction ran in part: " << *value;
  }
}

TEST(fault_proxy_transaction, a_cut_transaction_reports_every_slot_as_unknown) {
  auto proxy = make_proxy();
  typedis::client r(options_for(*proxy));
  open_first(r);
  const std::string n = unique_key("n");
  proxy->set(fault::cut_after_bytes(5));  // MULTI's +OK, then nothing: EXEC's fate is unknown
  const auto outcome = r.transaction().incr(n).incr(n).exec_results();
  ASSERT_TRUE(outcome.has_value());
  const auto& [a, b] = *outcome;
  ASSERT_FALSE(a.has_value());
  ASSERT_FALSE(b.has_value());
  EXPECT_EQ(a.error().kind, typedis::error_kind::io);
  EXPECT_EQ(b.error().state, typedis::send_state::may_have_executed);
}

// ---- subscriber -------------------------------------------------------------------------------

typedis::subscriber_options quick_subscriber() {
  typedis::subscriber_options o;
  o.health_check_interval = 200ms;
  o.reconnect.initial_delay = 10ms;
  o.reconnect.max_delay = 100ms;
  return o;
}

// Publishes `payload` (directly, not through the proxy) until `sub` hands out a message on
// `channel`, at most `limit`; returns the payloads received.
std::optional<std::string> publish_until_received(typedis::client& direct, typedis::subscriber& sub,
                                                  const std::string& channel, const std::string& payload,
                                                  std::chrono::milliseconds limit = 10s) {
  const auto end = steady::now() + limit;
  while (steady::now() < end) {
    direct.publish(channel, payload);
    if (auto m = sub.get_message(100ms)) return std::string(m->payload);
  }
  return std::nullopt;
}

TEST(fault_proxy_subscriber, dripped_messages_arrive_whole_and_in_order) {
  auto proxy = make_proxy();
  typedis::client direct(require_env("TYPEDIS_TEST_URL"));
  typedis::client_options o = options_for(*proxy, 1, 5s);
  typedis::subscriber sub(o, quick_subscriber());
  const std::string channel = unique_key("ch");
  sub.subscribe(channel);
  ASSERT_TRUE(publish_until_received(direct, sub, channel, "ready")) << "subscription never became active";
  while (sub.get_message(50ms)) {
  }
  proxy->set(fault::dripping(0ms));
  for (int i = 0; i < 20; ++i) direct.publish(channel, "message-" + std::to_string(i));
  for (int i = 0; i < 20; ++i) {
    auto m = sub.get_message(5s);
    ASSERT_TRUE(m.has_value()) << i;
    EXPECT_EQ(m->channel, channel);
    EXPECT_EQ(m->payload, "message-" + std::to_string(i));
  }
}

TEST(fault_proxy_subscriber, a_cut_connection_is_reopened_and_resubscribed) {
  auto proxy = make_proxy();
  typedis::client direct(require_env("TYPEDIS_TEST_URL"));
  typedis::subscriber sub(options_for(*proxy, 1, 2s), quick_subscriber());
  const std::string channel = unique_key("ch");
  sub.subscribe(channel);
  ASSERT_TRUE(publish_until_received(direct, sub, channel, "first"));
  for (int cut = 1; cut <= 3; ++cut) {
    proxy->cut_all();
    const auto start = steady::now();
    ASSERT_TRUE(publish_until_received(direct, sub, channel, "after-" + std::to_string(cut)))
        << "no message after cut " << cut;
    EXPECT_LT(seconds_since(start), 10.0);
    EXPECT_GE(sub.reconnects(), static_cast<std::uint64_t>(cut));
  }
}

TEST(fault_proxy_subscriber, a_stalled_connection_is_detected_by_the_health_check) {
  auto proxy = make_proxy();
  typedis::client direct(require_env("TYPEDIS_TEST_URL"));
  typedis::subscriber sub(options_for(*proxy, 1, 500ms), quick_subscriber());
  const std::string channel = unique_key("ch");
  sub.subscribe(channel);
  ASSERT_TRUE(publish_until_received(direct, sub, channel, "first"));
  proxy->set(fault::stall_after_bytes(0));
  const auto start = steady::now();
  // health_check_interval (200 ms) + read_timeout (500 ms), with a wide margin.
  while (sub.stats().health_check_failures == 0 && seconds_since(start) < 10.0) {
    try {
      (void)sub.get_message(100ms);
    } catch (const typedis::error&) {
    }
  }
  EXPECT_GE(sub.stats().health_check_failures, 1u);
  EXPECT_LT(seconds_since(start), 5.0) << "the dead connection was noticed late";
  proxy->set(fault::none());
  EXPECT_TRUE(publish_until_received(direct, sub, channel, "back"));
}

}  // namespace
