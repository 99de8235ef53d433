// The typed API as a user meets it (issue 15), on a real server in RESP2 and RESP3: numbers as
// values, floating-point arguments, the SCAN-family ranges, stream entries, TIME, DEBUG
// subcommands, BITFIELD's flat operations, a single-field HSET. Needs TYPEDIS_TEST_URL (a
// redis-server 7.0 or later with --enable-debug-command local, as scripts/test starts it).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "test_env.hpp"
#include "typedis/typedis.hpp"

using namespace std::chrono_literals;
using typedis::test::require_env;
using typedis::test::unique_key;
namespace c = typedis::cmd;

namespace {

class typed_api : public ::testing::TestWithParam<int> {
 protected:
  typedis::client r{require_env("TYPEDIS_TEST_URL") + "?protocol=" + std::to_string(GetParam())};
};

INSTANTIATE_TEST_SUITE_P(protocol, typed_api, ::testing::Values(2, 3),
                         [](const ::testing::TestParamInfo<int>& i) { return "resp" + std::to_string(i.param); });

TEST_P(typed_api, numbers_are_values) {
  const std::string n = unique_key("n"), pi = unique_key("pi"), s = unique_key("s");
  EXPECT_EQ(r.set(n, 0), typedis::ok{});  // used to be a null const char*: a crash
  EXPECT_EQ(r.get(n), "0");
  EXPECT_EQ(r.incr(n), 1);
  EXPECT_EQ(r.set(pi, 3.14), typedis::ok{});
  EXPECT_EQ(r.get(pi), "3.14");
  EXPECT_DOUBLE_EQ(r.incrbyfloat(pi, 1), 4.14);
  EXPECT_EQ(r.sadd(s, std::vector<int>{1, 2, 2}), 2);
  EXPECT_EQ(r.sismember(s, 2), true);
}

TEST_P(typed_api, floating_point_arguments) {
  const std::string z = unique_key("z"), y = unique_key("y");
  r.zadd(z, {{1, "a"}, {2, "b"}});
  r.zadd(y, {{10, "a"}, {20, "b"}});
  EXPECT_DOUBLE_EQ(r.zincrby(z, 2.5, "a"), 3.5);  // was sent as ZINCRBY z 2 a
  auto u = r.zunion_withscores({z, y}, {.weights = {1, 0.5}});
  ASSERT_EQ(u.size(), 2u);
  EXPECT_EQ(u[0], (std::pair<std::string, double>{"a", 8.5}));
  EXPECT_EQ(u[1], (std::pair<std::string, double>{"b", 12.0}));
  EXPECT_EQ(r.zcount(z, "(2", "+inf"), 1);  // exclusive bound as text, a number as a number
  EXPECT_EQ(r.zcount(z, 2, 3.5), 2);
}

TEST_P(typed_api, scan_ranges) {
  const std::string prefix = unique_key("scan") + ":";
  std::set<std::string> keys;
  for (int i = 0; i < 25; ++i) {
    keys.insert(prefix + std::to_string(i));
    r.set(prefix + std::to_string(i), i);
  }
  const std::string pattern = prefix + "*";
  std::set<std::string> seen;
  for (const std::string& k : r.scan_all({.match = pattern, .count = 5})) seen.insert(k);
  EXPECT_EQ(seen, keys);

  const std::string h = unique_key("h"), s = unique_key("s"), z = unique_key("z");
  EXPECT_EQ(r.hset(h, "f", "v"), 1);  // one field
  EXPECT_EQ(r.hset(h, "g", 2), 1);
  std::set<std::pair<std::string, std::string>> fields;
  for (const auto& [f, v] : r.hscan_all(h)) fields.insert({f, v});
  EXPECT_EQ(fields, (std::set<std::pair<std::string, std::string>>{{"f", "v"}, {"g", "2"}}));
  r.sadd(s, {"a", "b", "c"});
  std::set<std::string> members;
  for (const std::string& m : r.sscan_all(s)) members.insert(m);
  EXPECT_EQ(members, (std::set<std::string>{"a", "b", "c"}));
  r.zadd(z, {{1.5, "a"}, {2, "b"}});
  std::vector<std::pair<std::string, double>> scored;
  for (const auto& e : r.zscan_all(z)) scored.push_back(e);
  std::sort(scored.begin(), scored.end());
  EXPECT_EQ(scored, (std::vector<std::pair<std::string, double>>{{"a", 1.5}, {"b", 2.0}}));
  int empty = 0;
  for (const std::string& m : r.sscan_all(unique_key("none"))) empty += static_cast<int>(m.size()) + 1;
  EXPECT_EQ(empty, 0);

  // the cursor goes back in as it came out
  auto [cursor, page] = r.scan(0, {.match = pattern, .count = 5});
  while (cursor != "0") std::tie(cursor, page) = r.scan(cursor, {.match = pattern, .count = 5});
  EXPECT_EQ(cursor, "0");
}

TEST_P(typed_api, stream_entries_and_durations) {
  const std::string s = unique_key("s");
  r.xadd(s, c::xadd_id_selector_id{"1-1"}, {{"f", "v"}, {"g", "w"}});
  r.xadd(s, c::xadd_id_selector_id{"1-2"}, {{"f", "x"}});
  auto entries = r.xrange(s, "-", "+");
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].id, "1-1");
  EXPECT_EQ(entries[0].fields, (std::vector<std::pair<std::string, std::string>>{{"f", "v"}, {"g", "w"}}));
  r.xgroup_create(s, "g", c::xgroup_create_id_selector_id{"0"});
  auto read = r.xreadgroup("g", "c", {s}, {">"}, {.count = 2});
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->at(s).size(), 2u);
  // an entry deleted while pending comes back without fields
  EXPECT_EQ(r.xdel(s, {"1-1"}), 1);
  auto history = r.xreadgroup("g", "c", {s}, {"0"});
  ASSERT_TRUE(history.has_value());
  ASSERT_EQ(history->at(s).size(), 2u);
  EXPECT_EQ(history->at(s)[0].id, "1-1");
  EXPECT_EQ(history->at(s)[0].fields, std::nullopt);
  EXPECT_EQ(history->at(s)[1].fields, (std::optional<std::vector<std::pair<std::string, std::string>>>{{{"f", "x"}}}));
  // min-idle-time is a duration
  auto claimed = r.xclaim(s, "g", "c2", 0ms, {"1-2"});
  ASSERT_EQ(claimed.size(), 1u);
  EXPECT_EQ(claimed[0].fields, (std::vector<std::pair<std::string, std::string>>{{"f", "x"}}));
  EXPECT_EQ(r.xclaim(s, "g", "c", 1h, {"1-2"}).size(), 0u);  // not idle for an hour
  // BLOCK is a duration; a trim threshold a length
  EXPECT_EQ(r.xread({s}, {"$"}, {.block = 10ms}), std::nullopt);
  EXPECT_EQ(r.xtrim(s, c::xtrim_strategy_maxlen{.threshold = 0}), 1);
}

TEST_P(typed_api, time_is_two_integers) {
  const auto t = r.time();
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  EXPECT_LE(std::abs(t.seconds - now.count()), 60);
  EXPECT_GE(t.microseconds, 0);
  EXPECT_LT(t.microseconds, 1000000);
}

TEST_P(typed_api, debug_subcommands) {
  const std::string k = unique_key("k");
  r.set(k, "12345");
  EXPECT_NE(r.debug_object(k).find("encoding:int"), std::string::npos);
  EXPECT_EQ(r.debug_sleep(0s), typedis::ok{});
  EXPECT_EQ(r.debug_log("typedis typed_api test"), typedis::ok{});
  EXPECT_EQ(r.debug_set_active_expire(1), typedis::ok{});
  const auto digests = r.debug_digest_value({k, unique_key("none")});
  ASSERT_EQ(digests.size(), 2u);
  EXPECT_EQ(digests[0].size(), 40u);
  EXPECT_NE(digests[0], digests[1]);
  EXPECT_EQ(r.debug_digest().size(), 40u);
}

TEST_P(typed_api, bitfield_operations_in_one_list) {
  const std::string b = unique_key("b");
  auto replies = r.bitfield(b, {.operation = {typedis::set{"u8", 0, 250},
                                              c::bitfield_operation_overflow{c::bitfield_operation_overflow_behavior::sat},
                                              typedis::incrby{"u8", 0, 10}, typedis::get{"u8", 0}}});
  EXPECT_EQ(replies, (std::vector<std::optional<long long>>{0, 255, 255}));
  EXPECT_EQ(r.bitcount(b, {.range = c::bitcount_range{.start = 0, .end_unit_block = {{-1}}}}), 8);
}

}  // namespace
