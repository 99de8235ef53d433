// Pipelines and transactions over the generated methods, against the real server.
#include <gtest/gtest.h>

#include <atomic>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "test_env.hpp"
#include "typedis/typedis.hpp"

using typedis::test::require_env;
using typedis::test::unique_key;

// A reply type whose decoder records the request it was handed (reply_cursor::request()): every
// executor must give each reply's decoder the request that reply answers, since option-dependent
// module replies (FT.SEARCH WITHSCORES in RESP2) are decoded from it.
struct request_seen {
  std::string request;
  long long value = 0;
};

template <>
struct typedis::decoder<request_seen> {
  static void decode(typedis::resp::reply_cursor& cursor, request_seen& out) {
    out.request = std::string(cursor.request());
    typedis::decode_into(cursor, out.value);
  }
};

namespace {

typedis::command<request_seen> incr_seen(const std::string& key) {
  static constexpr typedis::command_info info{"INCR"};
  return typedis::make_command<request_seen>(info, "INCR", key);
}

class pipeline_test : public ::testing::TestWithParam<int> {
 protected:
  typedis::client make() {
    std::string url = require_env("TYPEDIS_TEST_URL");
    if (GetParam() == 2) url += "?protocol=2";
    return typedis::client{url};
  }
};

}  // namespace

TEST_P(pipeline_test, typed_pipeline_grows_its_tuple) {
  auto r = make();
  const std::string n = unique_key("n"), k = unique_key("k"), h = unique_key("h");
  r.set(k, "value");
  r.hset(h, {{"f1", "v1"}, {"f2", "v2"}});
  auto results = r.pipeline().incr(n).get(k).hgetall(h).incr(n).exec();
  static_assert(std::is_same_v<decltype(results),
                               std::tuple<long long, std::optional<std::string>,
                                          std::unordered_map<std::string, std::string>, long long>>);
  auto [first, value, hash, second] = results;
  EXPECT_EQ(first, 1);
  EXPECT_EQ(value, "value");
  EXPECT_EQ(hash, (std::unordered_map<std::string, std::string>{{"f1", "v1"}, {"f2", "v2"}}));
  EXPECT_EQ(second, 2);
  EXPECT_EQ(r.stats().created, 1u) << "one connection, one round trip";
}

TEST_P(pipeline_test, pipeline_of_one) {
  auto r = make();
  const std::string k = unique_key();
  auto [v] = r.pipeline().incr(k).exec();
  EXPECT_EQ(v, 1);
  auto empty = r.pipeline().exec();
  static_assert(std::tuple_size_v<decltype(empty)> == 0);
}

TEST_P(pipeline_test, dynamic_pipelines_of_1000_and_100000) {
  auto r = make();
  for (int count : {1000, 100000}) {
    const std::string prefix = unique_key("bulk");
    auto writes = r.dynamic_pipeline<std::optional<typedis::ok>>();
    writes.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) writes.add(typedis::cmd::set(prefix + ":" + std::to_string(i), std::to_string(i * 7)));
    const auto written = writes.exec();
    ASSERT_EQ(written.size(), static_cast<std::size_t>(count));
    for (const auto& w : written) ASSERT_TRUE(w.has_value());

    auto reads = r.dynamic_pipeline<std::optional<std::string>>();
    for (int i = 0; i < count; ++i) reads.add(typedis::cmd::get(prefix + ":" + std::to_string(i)));
    const std::vector<std::optional<std::string>> values = reads.exec();
    ASSERT_EQ(values.size(), static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) ASSERT_EQ(values[static_cast<std::size_t>(i)], std::to_string(i * 7)) << i;

    auto cleanup = r.dynamic_pipeline<long long>();
    for (int i = 0; i < count; i += 1000) {
      std::vector<std::string> keys;
      for (int j = i; j < std::min(count, i + 1000); ++j) keys.push_back(prefix + ":" + std::to_string(j));
      cleanup.add(typedis::cmd::del(keys));
    }
    long long deleted = 0;
    for (long long d : cleanup.exec()) deleted += d;
    EXPECT_EQ(deleted, count);
  }
}

TEST_P(pipeline_test, one_failing_slot_does_not_lose_the_others) {
  auto r = make();
  const std::string list = unique_key("list"), n = unique_key("n");
  r.rpush(list, {"a"});
  auto results = r.pipeline().incr(n).get(list).incr(n).exec_results();
  ASSERT_TRUE(std::get<0>(results).has_value());
  EXPECT_EQ(*std::get<0>(results), 1);
  ASSERT_FALSE(std::get<1>(results).has_value());
  EXPECT_EQ(std::get<1>(results).error().kind, typedis::error_kind::server);
  EXPECT_EQ(std::get<1>(results).error().prefix, "WRONGTYPE");
  EXPECT_NE(std::get<1>(results).error().message.find("GET"), std::string::npos);
  ASSERT_TRUE(std::get<2>(results).has_value());
  EXPECT_EQ(*std::get<2>(results), 2);

  // The throwing form reads every reply first: the third INCR ran, and the connection is in sync.
  try {
    (void)r.pipeline().incr(n).get(list).incr(n).exec();
    FAIL() << "exec() did not throw for the failing slot";
  } catch (const typedis::server_error& e) {
    EXPECT_EQ(e.prefix(), "WRONGTYPE");
    EXPECT_EQ(e.command(), "GET");
  }
  EXPECT_EQ(r.get(n), "4");
  EXPECT_EQ(r.stats().discarded, 0u);
}

TEST_P(pipeline_test, dynamic_pipeline_failing_slot_and_decode_error) {
  auto r = make();
  const std::string k = unique_key("k"), list = unique_key("list"), text = unique_key("text");
  r.set(k, "5");
  r.set(text, "not a number");
  r.rpush(list, {"a"});
  auto p = r.dynamic_pipeline<long long>();
  p.add(typedis::make_command<long long>(typedis::generic_command_info, "GET", k));
  p.add(typedis::make_command<long long>(typedis::generic_command_info, "GET", list));  // WRONGTYPE
  p.add(typedis::make_command<long long>(typedis::generic_command_info, "GET", text));  // decode error
  p.add(typedis::make_command<long long>(typedis::generic_command_info, "INCR", k));
  try {
    (void)p.exec();
    FAIL() << "exec() did not throw";
  } catch (const typedis::server_error& e) {
    EXPECT_EQ(e.prefix(), "WRONGTYPE") << "the first failure in order is reported";
  }
  EXPECT_EQ(r.get(k), "6") << "the command after the failures ran";
  auto q = r.dynamic_pipeline<long long>();
  q.add(typedis::make_command<long long>(typedis::generic_command_info, "GET", text));
  q.add(typedis::make_command<long long>(typedis::generic_command_info, "GET", k));
  const auto results = q.exec_results();
  ASSERT_EQ(results.size(), 2u);
  ASSERT_FALSE(results[0].has_value());
  EXPECT_EQ(results[0].error().kind, typedis::error_kind::decode);
  EXPECT_EQ(*results[1], 6);
}

// The typed exec() decodes into the tuple in place (issue 16 item 3): a decode error and a server
// error in the middle, the first in order is thrown after every reply was read, and a pipeline whose
// every reply fits gives the values.
TEST_P(pipeline_test, typed_exec_in_place_reports_the_first_failure_in_order) {
  auto r = make();
  const std::string n = unique_key("n"), list = unique_key("list"), text = unique_key("text");
  r.rpush(list, {"a"});
  r.set(text, "not a number");
  try {
    (void)r.pipeline().incr(n).strlen(text).command<long long>("GET", text).get(list).incr(n).exec();
    FAIL() << "exec() did not throw for the decode error";
  } catch (const typedis::decode_error& e) {
    EXPECT_EQ(e.command(), "GET");
  }
  try {
    (void)r.pipeline().incr(n).get(list).command<long long>("GET", text).incr(n).exec();
    FAIL() << "exec() did not throw for the server error";
  } catch (const typedis::server_error& e) {
    EXPECT_EQ(e.prefix(), "WRONGTYPE");
  }
  EXPECT_EQ(r.get(n), "4") << "every INCR ran, failures or not";
  auto [a, len, b] = r.pipeline().incr(n).strlen(text).incr(n).exec();
  EXPECT_EQ(a, 5);
  EXPECT_EQ(len, 12);
  EXPECT_EQ(b, 6);
  EXPECT_EQ(r.stats().discarded, 0u);
}

// A client's dynamic pipeline has its command methods, each encoded into the batch, and converts
// to the plain dynamic_pipeline<T> that takes built commands.
TEST_P(pipeline_test, dynamic_pipeline_methods_and_the_plain_type) {
  auto r = make();
  std::vector<std::string> keys;
  for (int i = 0; i < 300; ++i) keys.push_back(unique_key("dyn"));
  auto p = r.dynamic_pipeline<long long>();
  for (const auto& k : keys) p.incrby(k, 3).incr(k);
  EXPECT_EQ(p.size(), 600u);
  const std::vector<long long> v = p.exec();
  ASSERT_EQ(v.size(), 600u);
  for (std::size_t i = 0; i < v.size(); i += 2) {
    EXPECT_EQ(v[i], 3);
    EXPECT_EQ(v[i + 1], 4);
  }
  EXPECT_EQ(p.size(), 0u) << "exec() empties the pipeline for reuse";
  p.incr(keys[0]);
  EXPECT_EQ(p.exec(), std::vector<long long>{5});

  typedis::dynamic_pipeline<long long> plain = r.dynamic_pipeline<long long>();
  plain.add(typedis::cmd::incr(keys[1]));
  EXPECT_EQ(plain.exec(), std::vector<long long>{5});

  auto any = r.dynamic_pipeline();  // resp::value: every method
  any.set(keys[2], "x").get(keys[2]).incr(keys[1]);
  const auto values = any.exec();
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(values[1].string, "x");
  EXPECT_EQ(values[2].integer, 6);
}

TEST_P(pipeline_test, transaction_returns_typed_results) {
  auto r = make();
  const std::string k = unique_key("k"), n = unique_key("n");
  auto outcome = r.transaction().set(k, "v").incr(n).incr(n).get(k).exec();
  ASSERT_TRUE(outcome.has_value());
  auto [set_ok, one, two, value] = *outcome;
  EXPECT_TRUE(set_ok.has_value());
  EXPECT_EQ(one, 1);
  EXPECT_EQ(two, 2);
  EXPECT_EQ(value, "v");
}

TEST_P(pipeline_test, runtime_error_inside_exec_is_per_command) {
  auto r = make();
  const std::string list = unique_key("list"), n = unique_key("n");
  r.rpush(list, {"x"});
  auto outcome = r.transaction().incr(n).incr(list).incr(n).exec_results();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(*std::get<0>(*outcome), 1);
  ASSERT_FALSE(std::get<1>(*outcome).has_value());
  EXPECT_EQ(std::get<1>(*outcome).error().prefix, "WRONGTYPE");
  EXPECT_EQ(*std::get<2>(*outcome), 2);  // the transaction was not rolled back
}

TEST_P(pipeline_test, queued_error_aborts_the_transaction) {
  auto r = make();
  const std::string n = unique_key("n");
  // A command with the wrong number of arguments is rejected while queued: EXEC answers EXECABORT.
  auto outcome = r.transaction().incr(n).command<long long>("INCR").incr(n).exec_results();
  ASSERT_TRUE(outcome.has_value());
  ASSERT_FALSE(std::get<1>(*outcome).has_value());
  EXPECT_EQ(std::get<1>(*outcome).error().prefix, "ERR");
  EXPECT_NE(std::get<1>(*outcome).error().message.find("INCR"), std::string::npos);
  ASSERT_FALSE(std::get<0>(*outcome).has_value());
  EXPECT_EQ(std::get<0>(*outcome).error().prefix, "EXECABORT");
  EXPECT_EQ(r.get(n), std::nullopt) << "nothing ran";
  EXPECT_THROW((void)r.transaction().incr(n).command<long long>("INCR").exec(), typedis::server_error);
}

TEST_P(pipeline_test, watch_conflict_is_a_distinct_outcome) {
  auto r = make();
  auto other = make();
  const std::string k = unique_key();
  r.set(k, "1");
  auto conn = r.pin();
  conn.watch({k});
  EXPECT_TRUE(conn.watching());
  other.set(k, "changed");
  auto outcome = conn.transaction().set(k, "mine").exec();
  EXPECT_FALSE(outcome.has_value()) << "EXEC after a conflicting write must report the abort";
  EXPECT_FALSE(conn.watching());
  EXPECT_EQ(r.get(k), "changed");
}

TEST_P(pipeline_test, watched_connection_is_unwatched_before_reuse) {
  typedis::client_options o = typedis::parse_url(require_env("TYPEDIS_TEST_URL"));
  if (GetParam() == 2) o.connection.protocol = typedis::protocol_version::resp2;
  o.pool.max_size = 1;  // the same connection comes back
  typedis::client r{o};
  auto other = make();
  const std::string k = unique_key();
  {
    auto conn = r.pin();
    conn.watch({k});
  }  // dropped while watching
  other.set(k, "changed");
  auto conn = r.pin();
  EXPECT_FALSE(conn.watching());
  auto outcome = conn.transaction().set(k, "mine").exec();
  EXPECT_TRUE(outcome.has_value()) << "a stale WATCH leaked through the pool";
  EXPECT_EQ(other.get(k), "mine");
}

TEST_P(pipeline_test, four_threads_with_watch_converge) {
  auto r = make();
  const std::string counter = unique_key("counter");
  r.set(counter, "0");
  constexpr int threads = 4;
  constexpr int increments = 50;
  std::atomic<int> attempts{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      for (int i = 0; i < increments; ++i) {
        r.transaction_with_watch(
            {counter},
            [&](typedis::pinned_connection& conn) {
              ++attempts;
              const long long current = std::stoll(conn.get(counter).value_or("0"));
              return conn.transaction().set(counter, std::to_string(current + 1));
            },
            1000);
      }
    });
  }
  for (auto& w : workers) w.join();
  EXPECT_EQ(r.get(counter), std::to_string(threads * increments));
  EXPECT_GE(attempts.load(), threads * increments);
}

TEST_P(pipeline_test, watch_retry_is_bounded) {
  auto r = make();
  auto other = make();
  const std::string k = unique_key();
  r.set(k, "0");
  int calls = 0;
  EXPECT_THROW(r.transaction_with_watch(
                   {k},
                   [&](typedis::pinned_connection& conn) {
                     ++calls;
                     other.incr(k);  // a conflicting write on every attempt
                     return conn.transaction().incr(k);
                   },
                   3),
               typedis::watch_conflict_error);
  EXPECT_EQ(calls, 3);
}

TEST_P(pipeline_test, every_executor_hands_each_decoder_its_own_request) {
  auto r = make();
  const std::string a = unique_key("a"), b = unique_key("b"), c = unique_key("c");
  const auto ca = incr_seen(a), cb = incr_seen(b), cc = incr_seen(c);
  const std::string wa(ca.bytes()), wb(cb.bytes()), wc(cc.bytes());
  ASSERT_NE(wa, wb);

  EXPECT_EQ(r.execute(ca).request, wa);
  {
    auto [x, y, z] = r.pipeline().execute(cb).execute(cc).execute(ca).exec();
    EXPECT_EQ(x.request, wb);
    EXPECT_EQ(y.request, wc);
    EXPECT_EQ(z.request, wa);
    EXPECT_EQ(z.value, 2);
  }
  {
    auto t = r.transaction().execute(cc).execute(cb).exec();
    ASSERT_TRUE(t.has_value());
    EXPECT_EQ(std::get<0>(*t).request, wc);
    EXPECT_EQ(std::get<1>(*t).request, wb);
  }
  {
    auto p = r.dynamic_pipeline<request_seen>();
    p.add(cb).add(ca);
    const auto all = p.exec();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].request, wb);
    EXPECT_EQ(all[1].request, wa);
    p.add(cc);
    const auto results = p.exec_results();
    ASSERT_EQ(results.size(), 1u);
    EXPECT_EQ(results[0]->request, wc);
  }
  {
    auto pinned = r.pin();
    EXPECT_EQ(pinned.execute(cb).request, wb);
  }
}

INSTANTIATE_TEST_SUITE_P(protocols, pipeline_test, ::testing::Values(2, 3),
                         [](const auto& info) { return "resp" + std::to_string(info.param); });
