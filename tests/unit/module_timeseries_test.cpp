// Unit tests of the RedisTimeSeries (TS.*) commands: wire tests (every command's exact request bytes for a
// representative call, written out by hand from the documented syntax, not from the generator) and
// decode tests (exact RESP2 and RESP3 reply fixtures written from the documented reply formats,
// decoded into the command's reply type; malformed variants must give typedis::decode_error).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "module_test_support.hpp"

namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using namespace module_test;
namespace c = typedis::cmd;
using nlohmann::json;
using typedis::resp::value;

TEST(module_wire, timeseries_writes) {
  using dp = c::ts_add_duplicate_policy_policy;
  EXPECT_EQ(c::ts_add("t", "1000", 21.5, {.on_duplicate = dp::sum}).bytes(),
            "*6\r\n$6\r\nTS.ADD\r\n$1\r\nt\r\n$4\r\n1000\r\n$4\r\n21.5\r\n$12\r\nON_DUPLICATE\r\n$3\r\nSUM\r\n");
  EXPECT_EQ(c::ts_add("t", "*", -1.25,
                      {.retention = 86400000,
                       .encoding = c::ts_add_encoding_enc::uncompressed,
                       .chunk_size = 4096,
                       .duplicate_policy = dp::last,
                       .ignore = c::ts_add_ignore{.ignoremaxtimediff = 10, .ignoremaxvaldiff = 0.5},
                       .labels = {{{"room", "kitchen"}, {"type", "temp"}}}})
                .bytes(),
            wire({"TS.ADD", "t", "*", "-1.25", "RETENTION", "86400000", "ENCODING", "UNCOMPRESSED", "CHUNK_SIZE", "4096",
                  "DUPLICATE_POLICY", "LAST", "IGNORE", "10", "0.5", "LABELS", "room", "kitchen", "type", "temp"}));
  EXPECT_EQ(c::ts_create("t", {.retention = 60000,
                               .encoding = c::ts_create_encoding_enc::compressed,
                               .duplicate_policy = dp::max,
                               .labels = c::ts_create_labels{.label_value_pairs = {{"room", "study"}}}})
                .bytes(),
            wire({"TS.CREATE", "t", "RETENTION", "60000", "ENCODING", "COMPRESSED", "DUPLICATE_POLICY", "MAX", "LABELS",
                  "room", "study"}));
  EXPECT_EQ(c::ts_alter("t", {.retention = 0, .chunk_size = 128, .duplicate_policy = dp::block}).bytes(),
            wire({"TS.ALTER", "t", "RETENTION", "0", "CHUNK_SIZE", "128", "DUPLICATE_POLICY", "BLOCK"}));
  EXPECT_EQ(c::ts_createrule("t", "t:avg", c::ts_createrule_aggregator::twa, 60000, {.aligntimestamp = 500}).bytes(),
            wire({"TS.CREATERULE", "t", "t:avg", "AGGREGATION", "twa", "60000", "500"}));
  EXPECT_EQ(c::ts_createrule("t", "t:s", c::ts_createrule_aggregator::std_p, 1000).bytes(),
            wire({"TS.CREATERULE", "t", "t:s", "AGGREGATION", "std.p", "1000"}));
  EXPECT_EQ(c::ts_deleterule("t", "t:avg").bytes(), wire({"TS.DELETERULE", "t", "t:avg"}));
  EXPECT_EQ(c::ts_incrby("cnt", 2.5, {.timestamp_block = "*", .retention_block = 1000}).bytes(),
            wire({"TS.INCRBY", "cnt", "2.5", "TIMESTAMP", "*", "RETENTION", "1000"}));
  EXPECT_EQ(c::ts_decrby("cnt", 1, {.timestamp_block = "1700000000000", .labels_block = {{{"k", "v"}}}}).bytes(),
            wire({"TS.DECRBY", "cnt", "1", "TIMESTAMP", "1700000000000", "LABELS", "k", "v"}));
  EXPECT_EQ(c::ts_del("t", 0, 1000).bytes(), wire({"TS.DEL", "t", "0", "1000"}));
  EXPECT_EQ(c::ts_madd({{"a", "1000", 1.5}, {"b", "*", 2}}).bytes(),
            wire({"TS.MADD", "a", "1000", "1.5", "b", "*", "2"}));
}

TEST(module_wire, timeseries_reads) {
  EXPECT_EQ(c::ts_get("t", {.latest = true}).bytes(), wire({"TS.GET", "t", "LATEST"}));
  EXPECT_EQ(c::ts_info("t", {.debug = true}).bytes(), wire({"TS.INFO", "t", "DEBUG"}));
  EXPECT_EQ(c::ts_queryindex({"room=kitchen", "type!="}).bytes(), wire({"TS.QUERYINDEX", "room=kitchen", "type!="}));
  using bt = c::ts_range_aggregation_block_buckettimestamp_block_bt;
  EXPECT_EQ(c::ts_range("t", "-", "+",
                        {.latest = true,
                         .filter_by_ts_block = {{1000, 2000}},
                         .filter_by_value_block = c::ts_range_filter_by_value_block{.min = 0, .max = 100},
                         .count_block = 10,
                         .aggregation_block = c::ts_range_aggregation_block{.align_block = "start",
                                                                            .aggregators = "avg",
                                                                            .bucketduration = 60000,
                                                                            .buckettimestamp_block = bt::mid,
                                                                            .empty_token = true}})
                .bytes(),
            wire({"TS.RANGE", "t", "-", "+", "LATEST", "FILTER_BY_TS", "1000", "2000", "FILTER_BY_VALUE", "0", "100",
                  "COUNT", "10", "ALIGN", "start", "AGGREGATION", "avg", "60000", "BUCKETTIMESTAMP", "mid", "EMPTY"}));
  EXPECT_EQ(c::ts_revrange("t", "0", "1700000000000", {.count_block = 3}).bytes(),
            wire({"TS.REVRANGE", "t", "0", "1700000000000", "COUNT", "3"}));
  EXPECT_EQ(c::ts_mget({"room=kitchen"}, {.latest = true, .labels_block = typedis::withlabels{}}).bytes(),
            wire({"TS.MGET", "LATEST", "WITHLABELS", "FILTER", "room=kitchen"}));
  EXPECT_EQ(c::ts_mget({"a=1", "b=(x,y)"},
                       {.labels_block = c::ts_mget_labels_block_selected_labels_block{.label = {"room", "type"}}})
                .bytes(),
            wire({"TS.MGET", "SELECTED_LABELS", "room", "type", "FILTER", "a=1", "b=(x,y)"}));
  EXPECT_EQ(c::ts_mrange("-", "+", {"type=temp"},
                         {.labels = typedis::withlabels{},
                          .count = 100,
                          .aggregation = c::ts_mrange_aggregation{.aggregation = {.aggregators = "max", .bucketduration = 3600000}},
                          .groupby = c::ts_mrange_groupby{.label = "room", .reducer = c::ts_mrange_groupby_reducer::sum}})
                .bytes(),
            wire({"TS.MRANGE", "-", "+", "WITHLABELS", "COUNT", "100", "AGGREGATION", "max", "3600000", "FILTER",
                  "type=temp", "GROUPBY", "room", "REDUCE", "sum"}));
  EXPECT_EQ(c::ts_mrevrange("0", "+", {"type=temp", "room!="},
                            {.filter_by_value = c::ts_mrevrange_filter_by_value{.min = -10, .max = 40.5},
                             .groupby = c::ts_mrevrange_groupby{.label = "type", .reducer = c::ts_mrevrange_groupby_reducer::avg}})
                .bytes(),
            wire({"TS.MREVRANGE", "0", "+", "FILTER_BY_VALUE", "-10", "40.5", "FILTER", "type=temp", "room!=", "GROUPBY",
                  "type", "REDUCE", "avg"}));
  EXPECT_EQ(c::ts_nrange({"a", "b"}, "-", "+", {.count_block = 5}).bytes(),
            wire({"TS.NRANGE", "2", "a", "b", "-", "+", "COUNT", "5"}));
  EXPECT_EQ(c::ts_nrevrange({"a"}, "1000", "+", {.latest = true}).bytes(),
            wire({"TS.NREVRANGE", "1", "a", "1000", "+", "LATEST"}));
  EXPECT_EQ(c::ts_querylabels(typedis::labels{}, {.filter = {{"room=kitchen"}}}).bytes(),
            wire({"TS.QUERYLABELS", "LABELS", "FILTER", "room=kitchen"}));
  EXPECT_EQ(c::ts_querylabels(c::ts_querylabels_subtype_values{.label = "room"}).bytes(),
            wire({"TS.QUERYLABELS", "VALUES", "room"}));
  EXPECT_EQ(c::ts_read("t", "1000", {.block = c::ts_read_block{.milliseconds = 2s, .min_count = 1}, .max_count = 10}).bytes(),
            wire({"TS.READ", "t", "1000", "BLOCK", "2000", "1", "MAX_COUNT", "10"}));
}

// ---- RedisTimeSeries -----------------------------------------------------------------------------

TEST(module_decode, ts_samples) {
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_add("t", "*", 1))>(i(1700000000000)), 1700000000000);
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_incrby("t", 1))>(i(1000)), 1000);
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_decrby("t", 1))>(i(1000)), 1000);
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_del("t", 0, 1))>(i(2)), 2);
  (void)decode_reply<REPLY_OF(c::ts_create("t"))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::ts_alter("t"))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::ts_createrule("a", "b", c::ts_createrule_aggregator::avg, 1))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::ts_deleterule("a", "b"))>("+OK\r\n");
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_madd({{"a", "1", 1}}))>(arr(2) + i(1000) + i(1001)),
            (std::vector<long long>{1000, 1001}));
  // A per-sample error inside TS.MADD's array surfaces as the server error, not a crash.
  EXPECT_THROW((void)decode_reply<REPLY_OF(c::ts_madd({{"a", "1", 1}}))>(arr(2) + i(1000) + "-ERR TSDB: the key does not exist\r\n"),
               typedis::server_error);

  using get_t = REPLY_OF(c::ts_get("t"));
  for (const auto& bytes : {arr(2) + i(1000) + b("21.5"), arr(2) + i(1000) + d("21.5")}) {
    const auto v = decode_reply<get_t>(bytes);
    EXPECT_EQ(v.timestamp, 1000);
    ASSERT_TRUE(v.value.has_value());
    EXPECT_DOUBLE_EQ(*v.value, 21.5);
  }
  const auto empty = decode_reply<get_t>(arr(0));  // series without samples
  EXPECT_FALSE(empty.timestamp.has_value());
  EXPECT_FALSE(empty.value.has_value());
  expect_decode_error<get_t>(arr(2) + i(1000) + b("warm"));
  expect_decode_error<get_t>(b("21.5"));

  using range_t = REPLY_OF(c::ts_range("t", "-", "+"));
  static_assert(std::is_same_v<range_t, REPLY_OF(c::ts_revrange("t", "-", "+"))>);
  for (const auto& bytes : {arr(2) + arr(2) + i(1000) + b("21.5") + arr(2) + i(2000) + b("nan"),
                            arr(2) + arr(2) + i(1000) + d("21.5") + arr(2) + i(2000) + d("nan")}) {
    const auto v = decode_reply<range_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].first, 1000);
    EXPECT_DOUBLE_EQ(v[0].second, 21.5);
    EXPECT_EQ(v[1].first, 2000);
    EXPECT_TRUE(std::isnan(v[1].second));  // EMPTY buckets of some aggregators
  }
  EXPECT_TRUE(decode_reply<range_t>(arr(0)).empty());
  expect_decode_error<range_t>(arr(1) + arr(1) + i(1000));
  expect_decode_error<range_t>(arr(1) + arr(3) + i(1000) + b("1") + b("2"));
  expect_decode_error<range_t>(arr(1) + arr(2) + b("noon") + b("1"));

  using qi_t = REPLY_OF(c::ts_queryindex({"a=b"}));
  for (const auto& bytes : {arr(2) + b("t:kitchen:hum") + b("t:kitchen:temp"), set(2) + b("t:kitchen:hum") + b("t:kitchen:temp")})
    EXPECT_EQ(decode_reply<qi_t>(bytes).size(), 2u);
}

TEST(module_decode, ts_info) {
  using info_t = REPLY_OF(c::ts_info("t"));
  const std::string r2 = arr(28) + b("totalSamples") + i(2) + b("memoryUsage") + i(4239) + b("firstTimestamp") +
                         i(1000) + b("lastTimestamp") + i(2000) + b("retentionTime") + i(0) + b("chunkCount") + i(1) +
                         b("chunkSize") + i(4096) + b("chunkType") + st("compressed") + b("duplicatePolicy") + nil2 +
                         b("labels") + arr(1) + arr(2) + b("room") + b("kitchen") + b("sourceKey") + nil2 + b("rules") +
                         arr(1) + arr(3) + b("t:avg") + i(60000) + b("AVG") + b("ignoreMaxTimeDiff") + i(0) +
                         b("ignoreMaxValDiff") + b("0.5");
  const std::string r3 = map(13) + b("totalSamples") + i(2) + b("memoryUsage") + i(4239) + b("firstTimestamp") +
                         i(1000) + b("lastTimestamp") + i(2000) + b("retentionTime") + i(0) + b("chunkCount") + i(1) +
                         b("chunkSize") + i(4096) + b("chunkType") + st("compressed") + b("duplicatePolicy") + null3 +
                         b("labels") + map(1) + b("room") + b("kitchen") + b("sourceKey") + null3 + b("rules") +
                         map(1) + b("t:avg") + arr(2) + i(60000) + b("AVG") + b("ignoreMaxValDiff") + d("0.5");
  for (const auto& bytes : {r2, r3}) {
    SCOPED_TRACE(bytes.substr(0, 4));
    const auto v = decode_reply<info_t>(bytes);
    EXPECT_EQ(v.total_samples, 2);
    EXPECT_EQ(v.memory_usage, 4239);
    EXPECT_EQ(v.first_timestamp, 1000);
    EXPECT_EQ(v.last_timestamp, 2000);
    EXPECT_EQ(v.retention_time, 0);
    EXPECT_EQ(v.chunk_count, 1);
    EXPECT_EQ(v.chunk_size, 4096);
    EXPECT_EQ(v.chunk_type, "compressed");
    EXPECT_FALSE(v.duplicate_policy.has_value());
    ASSERT_TRUE(v.labels.has_value());
    EXPECT_EQ(v.labels->at("room"), "kitchen");
    EXPECT_FALSE(v.source_key.has_value());
    ASSERT_TRUE(v.rules.has_value());
    ASSERT_TRUE(v.ignore_max_val_diff.has_value());
    EXPECT_DOUBLE_EQ(*v.ignore_max_val_diff, 0.5);
  }
  expect_decode_error<info_t>(arr(2) + b("totalSamples") + i(2));              // required fields missing
  expect_decode_error<info_t>(arr(14) + b("totalSamples") + b("two") + b("memoryUsage") + i(1) + b("firstTimestamp") +
                              i(1) + b("lastTimestamp") + i(1) + b("retentionTime") + i(0) + b("chunkCount") + i(1) +
                              b("chunkSize") + i(1));
  expect_decode_error<info_t>(i(1));
}

TEST(module_decode, ts_uncurated_structures) {
  {  // TS.MGET WITHLABELS: RESP2 [[key, [[label, value]...], [ts, value]]...]; RESP3 {key: [{labels}, [ts, value]]}.
    const value v = as_value(arr(1) + arr(3) + b("temp:kitchen") + arr(1) + arr(2) + b("room") + b("kitchen") + arr(2) +
                             i(1000) + b("21.5"));
    const value& row = v.elements[0];
    EXPECT_EQ(row.elements[0].string, "temp:kitchen");
    EXPECT_EQ(row.elements[1].elements[0].elements[1].string, "kitchen");
    EXPECT_EQ(row.elements[2].elements[0].integer, 1000);
    const std::string r3 = map(1) + b("temp:kitchen") + arr(2) + map(1) + b("room") + b("kitchen") + arr(2) + i(1000) +
                           d("21.5");
    const value w = as_value(r3);
    EXPECT_EQ(w.elements[0].string, "temp:kitchen");
    EXPECT_EQ(w.elements[1].elements[0].type, typedis::resp::type::map);
    EXPECT_EQ(w.elements[1].elements[1].elements[1].type, typedis::resp::type::double_type);
    (void)decode_reply<REPLY_OF(c::ts_mget({"a=b"}))>(r3);
  }
  {  // TS.MRANGE ... GROUPBY room REDUCE max: RESP2 rows [group, labels incl. __reducer__/__source__, samples].
    const value v = as_value(arr(1) + arr(3) + b("room=kitchen") + arr(3) + arr(2) + b("room") + b("kitchen") + arr(2) +
                             b("__reducer__") + b("max") + arr(2) + b("__source__") + b("t1,t2") + arr(2) + arr(2) +
                             i(1000) + b("30") + arr(2) + i(2000) + b("31.5"));
    const value& row = v.elements[0];
    EXPECT_EQ(row.elements[0].string, "room=kitchen");
    EXPECT_EQ(row.elements[1].elements[1].elements[1].string, "max");
    EXPECT_EQ(row.elements[1].elements[2].elements[1].string, "t1,t2");
    EXPECT_EQ(row.elements[2].elements.size(), 2u);
    // RESP3: {group: [{labels}, {reducers: [..]}, {sources: [..]}, [[ts, value]...]]}.
    const std::string r3 = map(1) + b("room=kitchen") + arr(4) + map(1) + b("room") + b("kitchen") + map(1) +
                           b("reducers") + arr(1) + b("max") + map(1) + b("sources") + arr(2) + b("t1") + b("t2") +
                           arr(2) + arr(2) + i(1000) + d("30") + arr(2) + i(2000) + d("31.5");
    const value w = as_value(r3);
    const value& group = w.elements[1];
    ASSERT_EQ(group.elements.size(), 4u);
    EXPECT_EQ(group.elements[1].elements[1].elements[0].string, "max");
    EXPECT_EQ(group.elements[2].elements[1].elements.size(), 2u);
    EXPECT_EQ(group.elements[3].elements[1].elements[0].integer, 2000);
    (void)decode_reply<REPLY_OF(c::ts_mrange("-", "+", {"a=b"}))>(r3);
    (void)decode_reply<REPLY_OF(c::ts_mrevrange("-", "+", {"a=b"}))>(r3);
  }
}

}  // namespace
