// Opt-in integration tests of the RedisTimeSeries commands against a real module server
// (TYPEDIS_MODULES_URL; see module_test_env.hpp): skipped, never passed, without one. Every TS.*
// command runs through the typed client API, over RESP2 and RESP3. One more test needs no module:
// a Lua script on the plain test server answers in the module's reply shapes, decoded through the
// client in both protocols.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "module_test_env.hpp"
#include "typedis/modules.hpp"
#include "typedis/typedis.hpp"

namespace {

using namespace std::chrono_literals;
namespace c = typedis::cmd;
namespace ts = typedis::timeseries;
using time_point = std::chrono::system_clock::time_point;
using typedis::test::with_protocol;

std::string key(const std::string& suffix) { return typedis::test::module_key(suffix); }
time_point at(std::chrono::milliseconds ms) { return time_point(ms); }

class timeseries_module : public ::testing::TestWithParam<int> {};

TEST_P(timeseries_module, create_add_get_range_info) {
  REQUIRE_MODULE_SERVER("TS.ADD");
  typedis::client r{with_protocol(*base_url, GetParam())};
  const std::string k = key("ts");
  const std::string label = "room" + std::to_string(GetParam());
  // Samples an hour old, inside the 24 h retention (the server drops older ones, correctly),
  // on a whole second so that the 1 s buckets below start at b.
  const auto now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch());
  const std::chrono::milliseconds b = std::chrono::floor<std::chrono::seconds>(now_ms - 1h);
  EXPECT_EQ(r.ts_create(k, {.retention = 24h, .duplicate_policy = c::ts_create_duplicate_policy::last,
                            .labels = {{label, "kitchen"}}}),
            typedis::ok{});
  EXPECT_FALSE(r.ts_get(k).has_value());  // no sample yet: an empty array on the wire
  EXPECT_EQ(r.ts_add(k, at(b + 1000ms), 21.5), at(b + 1000ms));
  EXPECT_EQ(r.ts_add(k, at(b + 2000ms), 22, {.on_duplicate = c::ts_add_on_duplicate::sum}), at(b + 2000ms));
  EXPECT_EQ(r.ts_add(k, at(b + 2000ms), 1, {.on_duplicate = c::ts_add_on_duplicate::sum}), at(b + 2000ms));
  const time_point now = r.ts_add(k, ts::timestamp::now(), 5);  // the server's clock
  EXPECT_GT(now, at(b + 2000ms));

  const std::vector<ts::sample> all = r.ts_range(k, ts::range_bound::earliest(), ts::range_bound::latest());
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0], (ts::sample{at(b + 1000ms), 21.5}));
  EXPECT_EQ(all[1], (ts::sample{at(b + 2000ms), 23}));
  const auto rev = r.ts_revrange(k, at(b), at(b + 2000ms), {.count = 1});
  ASSERT_EQ(rev.size(), 1u);
  EXPECT_EQ(rev[0].timestamp, at(b + 2000ms));
  const auto buckets = r.ts_range(k, at(b), at(b + 2999ms),
                                  {.aggregation = c::ts_range_aggregation{.aggregator = c::ts_range_aggregation_aggregator::max,
                                                                          .bucketduration = 1s}});
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_DOUBLE_EQ(buckets[1].value, 23);
  const auto filtered = r.ts_range(k, at(b), at(b + 2999ms), {.filter_by_ts = {at(b + 1000ms)}, .filter_by_value = c::ts_range_filter_by_value{0, 100}});
  ASSERT_EQ(filtered.size(), 1u);

  const std::optional<ts::sample> last = r.ts_get(k, {.latest = true});
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->timestamp, now);

  const ts::info info = r.ts_info(k, {.debug = true});
  EXPECT_EQ(info.total_samples, 3);
  EXPECT_EQ(info.retention_time, 24h);
  EXPECT_EQ(info.first_timestamp, at(b + 1000ms));
  EXPECT_EQ(info.labels, (std::vector<std::pair<std::string, std::string>>{{label, "kitchen"}}));
  EXPECT_EQ(info.key_self_name, k);
  EXPECT_FALSE(info.chunks.empty());

  EXPECT_EQ(r.ts_alter(k, {.retention = 0ms, .labels = c::ts_alter_labels{.pairs = {{label, "hall"}}}}), typedis::ok{});
  EXPECT_EQ(r.ts_info(k).retention_time, 0ms);
  EXPECT_EQ(r.ts_del(k, at(b), at(b + 1500ms)), 1);
  r.del({k});
}

TEST_P(timeseries_module, incrby_decrby_madd_rules) {
  REQUIRE_MODULE_SERVER("TS.ADD");
  typedis::client r{with_protocol(*base_url, GetParam())};
  const std::string counter = key("counter");
  const std::string src = key("src");
  const std::string avg = key("src:avg");
  EXPECT_EQ(r.ts_incrby(counter, 5, {.timestamp = at(1000ms)}), at(1000ms));
  EXPECT_EQ(r.ts_decrby(counter, 2, {.timestamp = at(1000ms)}), at(1000ms));
  EXPECT_GT(r.ts_incrby(counter, 1), at(1000ms));  // no TIMESTAMP: the server's clock
  EXPECT_EQ(r.ts_range(counter, 0ms, 1000ms)[0].value, 3);

  r.ts_create(src);
  r.ts_create(avg);
  EXPECT_EQ(r.ts_createrule(src, avg, c::ts_createrule_aggregator::avg, 1s), typedis::ok{});
  const ts::info with_rule = r.ts_info(src);
  ASSERT_EQ(with_rule.rules.size(), 1u);
  EXPECT_EQ(with_rule.rules[0].dest_key, avg);
  EXPECT_EQ(with_rule.rules[0].bucket_duration, 1s);
  EXPECT_EQ(r.ts_info(avg).source_key, src);

  // One element per sample; the one for a missing key is an error of its own.
  const std::vector<ts::add_result> added =
      r.ts_madd({{src, 1000ms, 1}, {src, 1500ms, 3}, {src, 2500ms, 10}, {key("missing"), 1000ms, 1}});
  ASSERT_EQ(added.size(), 4u);
  ASSERT_TRUE(added[0].has_value());
  EXPECT_EQ(*added[0], at(1000ms));
  EXPECT_FALSE(added[3].has_value());
  EXPECT_THROW((void)added[3].value(), typedis::server_error);
  const auto compacted = r.ts_range(avg, ts::range_bound::earliest(), ts::range_bound::latest());
  ASSERT_EQ(compacted.size(), 1u);  // the bucket [1000, 2000) closed when 2500 arrived
  EXPECT_DOUBLE_EQ(compacted[0].value, 2);

  EXPECT_EQ(r.ts_deleterule(src, avg), typedis::ok{});
  EXPECT_TRUE(r.ts_info(src).rules.empty());
  r.del({counter, src, avg});
}

TEST_P(timeseries_module, mget_mrange_groupby_queryindex) {
  REQUIRE_MODULE_SERVER("TS.ADD");
  typedis::client r{with_protocol(*base_url, GetParam())};
  // A label value unique to this run (digits only: filter values are parsed), so that the filters
  // only see these series.
  const std::string run = std::to_string(std::hash<std::string>{}(key("run")));
  const std::string a = key("stock:A");
  const std::string b = key("stock:B");
  r.ts_create(a, {.labels = {{"run", run}, {"type", "stock"}, {"name", "A"}}});
  r.ts_create(b, {.labels = {{"run", run}, {"type", "stock"}, {"name", "B"}}});
  r.ts_madd({{a, 1000ms, 100}, {a, 1010ms, 110}, {b, 1000ms, 120}, {b, 1010ms, 100}});
  const std::string filter = "run=" + run;

  std::vector<std::string> keys = r.ts_queryindex({filter});
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{a, b}));

  std::vector<ts::last_sample> latest = r.ts_mget({filter}, {.labels = typedis::withlabels{}});
  ASSERT_EQ(latest.size(), 2u);
  std::sort(latest.begin(), latest.end(), [](const auto& x, const auto& y) { return x.key < y.key; });
  EXPECT_EQ(latest[0].key, a);
  EXPECT_EQ(latest[0].last, (ts::sample{at(1010ms), 110}));
  EXPECT_EQ(latest[0].labels.size(), 3u);
  const auto selected = r.ts_mget({filter}, {.labels = typedis::selected_labels{{"name", "absent"}}});
  ASSERT_EQ(selected.size(), 2u);
  ASSERT_EQ(selected[0].labels.size(), 2u);
  EXPECT_FALSE(selected[0].labels[1].second.has_value());  // the series has no label "absent"

  std::vector<ts::series> ranges = r.ts_mrange(ts::range_bound::earliest(), ts::range_bound::latest(), {filter});
  ASSERT_EQ(ranges.size(), 2u);
  for (const auto& s : ranges) {
    EXPECT_TRUE(s.labels.empty());
    EXPECT_EQ(s.samples.size(), 2u);
  }
  const auto grouped = r.ts_mrange(ts::range_bound::earliest(), ts::range_bound::latest(), {filter},
                                   {.labels = typedis::withlabels{},
                                    .groupby = c::ts_mrange_groupby{.label = "type", .reducer = c::ts_mrange_groupby_reducer::max}});
  ASSERT_EQ(grouped.size(), 1u);
  EXPECT_EQ(grouped[0].key, "type=stock");
  EXPECT_EQ(grouped[0].reducers, (std::vector<std::string>{"max"}));
  std::vector<std::string> sources = grouped[0].sources;
  std::sort(sources.begin(), sources.end());
  EXPECT_EQ(sources, (std::vector<std::string>{a, b}));
  EXPECT_EQ(grouped[0].samples, (std::vector<ts::sample>{{at(1000ms), 120}, {at(1010ms), 110}}));
  const auto reversed = r.ts_mrevrange(0ms, ts::range_bound::latest(), {filter},
                                       {.count = 1,
                                        .aggregation = c::ts_mrevrange_aggregation{.aggregator = c::ts_mrevrange_aggregation_aggregator::sum,
                                                                                   .bucketduration = 1s}});
  ASSERT_EQ(reversed.size(), 2u);
  for (const auto& s : reversed) {
    ASSERT_EQ(s.samples.size(), 1u);
    EXPECT_EQ(s.samples[0].timestamp, at(1000ms));
  }
  r.del({a, b});
}

// TS.NRANGE, TS.NREVRANGE, TS.READ and TS.QUERYLABELS (RedisTimeSeries 8.10) answer untyped values;
// an older server does not know them.
TEST_P(timeseries_module, newer_commands_untyped) {
  REQUIRE_MODULE_SERVER("TS.ADD");
  typedis::client r{with_protocol(*base_url, GetParam())};
  const std::string k = key("n");
  r.ts_add(k, 1000ms, 1, {.labels = {{"n", k}}});
  try {
    const typedis::resp::value nr = r.ts_nrange({k}, ts::range_bound::earliest(), ts::range_bound::latest());
    EXPECT_NE(nr.type, typedis::resp::type::null);
    (void)r.ts_nrevrange({k}, ts::range_bound::earliest(), ts::range_bound::latest());
    (void)r.ts_read(k, "0");
    (void)r.ts_querylabels(typedis::labels{}, {.filter = {{"n=" + k}}});
    (void)r.ts_querylabels(c::ts_querylabels_subtype_values{.label = "n"});
  } catch (const typedis::server_error& e) {
    r.del({k});
    GTEST_SKIP() << "the module predates TS.NRANGE/TS.READ/TS.QUERYLABELS: " << e.what();
  }
  r.del({k});
}

INSTANTIATE_TEST_SUITE_P(resp, timeseries_module, ::testing::Values(2, 3), typedis::test::protocol_name);

// The module's documented reply shapes, written by a Lua script (ARGV[1] = the protocol, since the
// RESP2 and RESP3 forms differ in structure): {ok=...} is a simple string (the module's RESP2
// values), {double=...} a RESP3 double, {map=...} a RESP3 map.
class timeseries_reply_shapes : public ::testing::TestWithParam<int> {};

TEST_P(timeseries_reply_shapes, decoded_through_the_client) {
  typedis::client r{with_protocol(typedis::test::require_env("TYPEDIS_TEST_URL"), GetParam())};
  const std::string protocol = std::to_string(GetParam());

  // TS.MRANGE ... WITHLABELS GROUPBY g REDUCE max
  const char* mrange = R"(
    if ARGV[1] == '2' then
      return {{'g=1', {{'g', '1'}, {'__reducer__', 'max'}, {'__source__', 'a,b'}},
               {{1000, {ok = '21.5'}}, {2000, {ok = '-3'}}}}}
    end
    return {map = {['g=1'] = {{map = {g = '1'}}, {map = {reducers = {'max'}}}, {map = {sources = {'a', 'b'}}},
                              {{1000, {double = 21.5}}, {2000, {double = -3}}}}}})";
  const auto series = r.command<std::vector<ts::series>>("EVAL", mrange, 0, protocol);
  ASSERT_EQ(series.size(), 1u);
  EXPECT_EQ(series[0], (ts::series{.key = "g=1",
                                   .labels = {{"g", "1"}},
                                   .reducers = {"max"},
                                   .sources = {"a", "b"},
                                   .samples = {{at(1000ms), 21.5}, {at(2000ms), -3}}}));

  // TS.MGET WITHLABELS: a series with a sample and one without.
  const char* mget = R"(
    if ARGV[1] == '2' then
      return {{'k', {{'room', 'hall'}}, {1000, {ok = '1.5'}}}, {'e', {}, {}}}
    end
    return {map = {k = {{map = {room = 'hall'}}, {1000, {double = 1.5}}}, e = {{map = {}}, {}}}})";
  std::vector<ts::last_sample> latest = r.command<std::vector<ts::last_sample>>("EVAL", mget, 0, protocol);
  std::sort(latest.begin(), latest.end(), [](const auto& x, const auto& y) { return x.key < y.key; });
  ASSERT_EQ(latest.size(), 2u);
  EXPECT_EQ(latest[0], (ts::last_sample{.key = "e"}));
  EXPECT_EQ(latest[1], (ts::last_sample{.key = "k", .labels = {{"room", "hall"}}, .last = ts::sample{at(1000ms), 1.5}}));

  // GROUPBY without WITHLABELS: RESP2 rows carry no labels, the decoder reads the reducer from the
  // request the client sent (here the script's arguments hold the words GROUPBY l REDUCE min).
  const char* grouped = R"(
    if ARGV[1] == '2' then return {{'l=1', {}, {}}} end
    return {map = {['l=1'] = {{map = {}}, {map = {reducers = {'min'}}}, {map = {sources = {}}}, {}}}})";
  const auto groups =
      r.command<std::vector<ts::series>>("EVAL", grouped, 0, protocol, "GROUPBY", "l", "REDUCE", "min");
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].reducers, (std::vector<std::string>{"min"}));

  // TS.INFO with a rule.
  const char* info = R"(
    local fields = {'totalSamples', 1, 'memoryUsage', 100, 'firstTimestamp', 1000, 'lastTimestamp', 1000,
                    'retentionTime', 60000, 'chunkCount', 1, 'chunkSize', 4096, 'chunkType', {ok = 'compressed'},
                    'duplicatePolicy', false, 'sourceKey', false}
    if ARGV[1] == '2' then
      table.insert(fields, 'labels'); table.insert(fields, {{'room', 'hall'}})
      table.insert(fields, 'rules'); table.insert(fields, {{'t:avg', 1000, {ok = 'AVG'}, 0}})
      return fields
    end
    local m = {}
    for i = 1, #fields, 2 do m[fields[i]] = fields[i + 1] end
    m['labels'] = {map = {room = 'hall'}}
    m['rules'] = {map = {['t:avg'] = {1000, {ok = 'AVG'}, 0}}}
    return {map = m})";
  const auto described = r.command<ts::info>("EVAL", info, 0, protocol);
  EXPECT_EQ(described.total_samples, 1);
  EXPECT_EQ(described.first_timestamp, at(1000ms));
  EXPECT_EQ(described.retention_time, 1min);
  EXPECT_EQ(described.chunk_type, "compressed");
  EXPECT_EQ(described.labels, (std::vector<std::pair<std::string, std::string>>{{"room", "hall"}}));
  EXPECT_EQ(described.rules, (std::vector<ts::compaction_rule>{{"t:avg", 1s, "AVG", 0ms}}));

  // TS.GET of an empty series, TS.MADD with a failed sample.
  EXPECT_FALSE(r.command<std::optional<ts::sample>>("EVAL", "return {}", 0).has_value());
  const auto added =
      r.command<std::vector<ts::add_result>>("EVAL", "return {1000, redis.error_reply('ERR TSDB: no key'), 1001}", 0);
  ASSERT_EQ(added.size(), 3u);
  EXPECT_EQ(*added[0], at(1000ms));
  ASSERT_FALSE(added[1].has_value());
  EXPECT_NE(added[1].error().message.find("TSDB: no key"), std::string::npos);
  EXPECT_EQ(*added[2], at(1001ms));
}

INSTANTIATE_TEST_SUITE_P(resp, timeseries_reply_shapes, ::testing::Values(2, 3), typedis::test::protocol_name);

}  // namespace
