// Unit tests of the RedisTimeSeries (TS.*) commands: wire tests (every command's exact request bytes for a
// representative call, written out by hand from the documented syntax, not from the generator) and
// decode tests (exact RESP2 and RESP3 reply fixtures written from the documented reply formats,
// decoded into the command's reply type; malformed variants must give typedis::decode_error).
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "module_test_support.hpp"

namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using namespace module_test;
namespace c = typedis::cmd;
namespace ts = typedis::timeseries;
using typedis::resp::value;
using time_point = std::chrono::system_clock::time_point;

// A time point from milliseconds since the epoch.
time_point at(std::chrono::milliseconds ms) { return time_point(ms); }

const time_point t0 = at(1700000000000ms);

// ---- arguments: timestamps and range bounds -------------------------------------------------------

TEST(module_wire, timeseries_timestamps) {
  // TS.ADD: a time point, milliseconds since the epoch, or `*`.
  EXPECT_EQ(c::ts_add("t", t0, 21.5).bytes(), wire({"TS.ADD", "t", "1700000000000", "21.5"}));
  EXPECT_EQ(c::ts_add("t", 1000ms, 1).bytes(), wire({"TS.ADD", "t", "1000", "1"}));
  EXPECT_EQ(c::ts_add("t", ts::timestamp::now(), 1).bytes(), wire({"TS.ADD", "t", "*", "1"}));
  // Finer time points are rounded down to the millisecond, before the epoch too.
  EXPECT_EQ(c::ts_add("t", t0 + 1500us, 1).bytes(), wire({"TS.ADD", "t", "1700000000001", "1"}));
  EXPECT_EQ(c::ts_add("t", time_point(-1500us), 1).bytes(), wire({"TS.ADD", "t", "-2", "1"}));
  // Coarser ones are exact.
  EXPECT_EQ(c::ts_add("t", std::chrono::sys_days(std::chrono::days(1)), 1).bytes(), wire({"TS.ADD", "t", "86400000", "1"}));

  EXPECT_TRUE(ts::timestamp::now().is_now());
  EXPECT_TRUE(ts::timestamp{}.is_now());  // a TS.MADD element without a timestamp: the server's clock
  EXPECT_FALSE(ts::timestamp(0ms).is_now());
  EXPECT_EQ(ts::timestamp(t0).since_epoch(), 1700000000000ms);
  EXPECT_EQ(ts::timestamp(t0), ts::timestamp(1700000000000ms));
  EXPECT_NE(ts::timestamp(0ms), ts::timestamp::now());

  // Range bounds: `-` and `+`, or a time.
  EXPECT_EQ(c::ts_range("t", ts::range_bound::earliest(), ts::range_bound::latest()).bytes(), wire({"TS.RANGE", "t", "-", "+"}));
  EXPECT_EQ(c::ts_range("t", t0, t0 + 1h).bytes(), wire({"TS.RANGE", "t", "1700000000000", "1700003600000"}));
  EXPECT_EQ(c::ts_revrange("t", 0ms, ts::range_bound::latest()).bytes(), wire({"TS.REVRANGE", "t", "0", "+"}));
  EXPECT_EQ(ts::range_bound::earliest().which(), ts::range_bound::kind::earliest);
  EXPECT_EQ(ts::range_bound(5ms).since_epoch(), 5ms);
  EXPECT_NE(ts::range_bound::earliest(), ts::range_bound::latest());

  // The grammar's specials only where it allows them: `*` is no range bound, `-`/`+` no sample time.
  static_assert(!std::is_constructible_v<ts::range_bound, ts::timestamp>);
  static_assert(!std::is_constructible_v<ts::timestamp, ts::range_bound>);
  static_assert(!std::is_convertible_v<long long, ts::timestamp>);  // a bare number has no unit
}

TEST(module_wire, timeseries_enum_names) {
  // The short names are the generated enums themselves, usable in every command.
  static_assert(std::is_same_v<ts::aggregator, c::ts_range_aggregation_aggregator>);
  static_assert(std::is_same_v<ts::aggregator, c::ts_mrange_groupby_reducer>);
  static_assert(std::is_same_v<ts::aggregator, c::ts_mrevrange_aggregation_aggregator>);
  static_assert(std::is_same_v<ts::duplicate_policy, c::ts_add_on_duplicate>);
  static_assert(std::is_same_v<ts::duplicate_policy, c::ts_alter_duplicate_policy>);
  static_assert(std::is_same_v<ts::encoding, c::ts_incrby_encoding>);
  static_assert(std::is_same_v<ts::bucket_timestamp, c::ts_mrevrange_aggregation_buckettimestamp>);
  EXPECT_EQ(c::ts_mrange(0ms, 1ms, {"a=b"},
                         {.aggregation = c::ts_mrange_aggregation{.aggregator = ts::aggregator::var_p,
                                                                  .bucketduration = 1ms,
                                                                  .buckettimestamp = ts::bucket_timestamp::start},
                          .groupby = c::ts_mrange_groupby{.label = "l", .reducer = ts::aggregator::countall}})
                .bytes(),
            wire({"TS.MRANGE", "0", "1", "AGGREGATION", "var.p", "1", "BUCKETTIMESTAMP", "start", "FILTER", "a=b",
                  "GROUPBY", "l", "REDUCE", "countall"}));
  EXPECT_EQ(c::ts_create("t", {.encoding = ts::encoding::compressed, .duplicate_policy = ts::duplicate_policy::min}).bytes(),
            wire({"TS.CREATE", "t", "ENCODING", "COMPRESSED", "DUPLICATE_POLICY", "MIN"}));
}

TEST(module_wire, timeseries_writes) {
  using dp = c::ts_add_duplicate_policy;
  EXPECT_EQ(c::ts_add("t", 1000ms, 21.5, {.on_duplicate = dp::sum}).bytes(),
            "*6\r\n$6\r\nTS.ADD\r\n$1\r\nt\r\n$4\r\n1000\r\n$4\r\n21.5\r\n$12\r\nON_DUPLICATE\r\n$3\r\nSUM\r\n");
  EXPECT_EQ(c::ts_add("t", ts::timestamp::now(), -1.25,
                      {.retention = 24h,
                       .encoding = c::ts_add_encoding::uncompressed,
                       .chunk_size = 4096,
                       .duplicate_policy = dp::last,
                       .ignore = c::ts_add_ignore{.max_time_diff = 10ms, .max_val_diff = 0.5},
                       .labels = {{"room", "kitchen"}, {"type", "temp"}}})
                .bytes(),
            wire({"TS.ADD", "t", "*", "-1.25", "RETENTION", "86400000", "ENCODING", "UNCOMPRESSED", "CHUNK_SIZE", "4096",
                  "DUPLICATE_POLICY", "LAST", "IGNORE", "10", "0.5", "LABELS", "room", "kitchen", "type", "temp"}));
  EXPECT_EQ(c::ts_create("t", {.retention = 1min,
                               .encoding = c::ts_create_encoding::compressed,
                               .duplicate_policy = dp::max,
                               .labels = {{"room", "study"}}})
                .bytes(),
            wire({"TS.CREATE", "t", "RETENTION", "60000", "ENCODING", "COMPRESSED", "DUPLICATE_POLICY", "MAX", "LABELS",
                  "room", "study"}));
  EXPECT_EQ(c::ts_create("t", {.ignore = c::ts_create_ignore{.max_time_diff = 2s, .max_val_diff = 0.1}}).bytes(),
            wire({"TS.CREATE", "t", "IGNORE", "2000", "0.1"}));
  EXPECT_EQ(c::ts_create("t").bytes(), wire({"TS.CREATE", "t"}));  // no labels: no LABELS word
  EXPECT_EQ(c::ts_alter("t", {.retention = 0ms, .chunk_size = 128, .duplicate_policy = dp::block}).bytes(),
            wire({"TS.ALTER", "t", "RETENTION", "0", "CHUNK_SIZE", "128", "DUPLICATE_POLICY", "BLOCK"}));
  EXPECT_EQ(c::ts_alter("t", {.labels = c::ts_alter_labels{.pairs = {{"room", "hall"}}}}).bytes(),
            wire({"TS.ALTER", "t", "LABELS", "room", "hall"}));
  // TS.ALTER's LABELS without pairs removes every label.
  EXPECT_EQ(c::ts_alter("t", {.labels = c::ts_alter_labels{}}).bytes(), wire({"TS.ALTER", "t", "LABELS"}));
  EXPECT_EQ(c::ts_createrule("t", "t:avg", c::ts_createrule_aggregator::twa, 1min, {.aligntimestamp = at(500ms)}).bytes(),
            wire({"TS.CREATERULE", "t", "t:avg", "AGGREGATION", "twa", "60000", "500"}));
  EXPECT_EQ(c::ts_createrule("t", "t:s", c::ts_createrule_aggregator::std_p, 1000ms).bytes(),
            wire({"TS.CREATERULE", "t", "t:s", "AGGREGATION", "std.p", "1000"}));
  EXPECT_EQ(c::ts_createrule("t", "t:n", c::ts_createrule_aggregator::countnan, 1s).bytes(),
            wire({"TS.CREATERULE", "t", "t:n", "AGGREGATION", "countnan", "1000"}));
  EXPECT_EQ(c::ts_deleterule("t", "t:avg").bytes(), wire({"TS.DELETERULE", "t", "t:avg"}));
  // TS.INCRBY / TS.DECRBY: no TIMESTAMP = the server's clock.
  EXPECT_EQ(c::ts_incrby("cnt", 2.5).bytes(), wire({"TS.INCRBY", "cnt", "2.5"}));
  EXPECT_EQ(c::ts_incrby("cnt", 2.5, {.timestamp = t0, .retention = 1s}).bytes(),
            wire({"TS.INCRBY", "cnt", "2.5", "TIMESTAMP", "1700000000000", "RETENTION", "1000"}));
  EXPECT_EQ(c::ts_decrby("cnt", 1, {.timestamp = at(1000ms), .labels = {{"k", "v"}}}).bytes(),
            wire({"TS.DECRBY", "cnt", "1", "TIMESTAMP", "1000", "LABELS", "k", "v"}));
  EXPECT_EQ(c::ts_del("t", at(0ms), t0).bytes(), wire({"TS.DEL", "t", "0", "1700000000000"}));
  EXPECT_EQ(c::ts_del("t", ts::range_bound::earliest(), 5ms).bytes(), wire({"TS.DEL", "t", "-", "5"}));
  EXPECT_EQ(c::ts_madd({{"a", 1000ms, 1.5}, {"b", ts::timestamp::now(), 2}, {"c", t0, -3}}).bytes(),
            wire({"TS.MADD", "a", "1000", "1.5", "b", "*", "2", "c", "1700000000000", "-3"}));
  const std::array rows{c::ts_madd_ktv{"a", 1ms, 1}, c::ts_madd_ktv{"a", {}, 2}};
  EXPECT_EQ(c::ts_madd(rows).bytes(), wire({"TS.MADD", "a", "1", "1", "a", "*", "2"}));
}

TEST(module_wire, timeseries_reads) {
  EXPECT_EQ(c::ts_get("t", {.latest = true}).bytes(), wire({"TS.GET", "t", "LATEST"}));
  EXPECT_EQ(c::ts_info("t", {.debug = true}).bytes(), wire({"TS.INFO", "t", "DEBUG"}));
  EXPECT_EQ(c::ts_queryindex({"room=kitchen", "type!="}).bytes(), wire({"TS.QUERYINDEX", "room=kitchen", "type!="}));
  using agg = c::ts_range_aggregation_aggregator;
  using bt = c::ts_range_aggregation_buckettimestamp;
  EXPECT_EQ(c::ts_range("t", ts::range_bound::earliest(), ts::range_bound::latest(),
                        {.latest = true,
                         .filter_by_ts = {at(1000ms), at(2000ms)},
                         .filter_by_value = c::ts_range_filter_by_value{.min = 0, .max = 100},
                         .count = 10,
                         .aggregation = c::ts_range_aggregation{.align = at(5000ms),
                                                                .aggregator = agg::avg,
                                                                .bucketduration = 1min,
                                                                .buckettimestamp = bt::mid,
                                                                .empty = true}})
                .bytes(),
            wire({"TS.RANGE", "t", "-", "+", "LATEST", "FILTER_BY_TS", "1000", "2000", "FILTER_BY_VALUE", "0", "100",
                  "COUNT", "10", "ALIGN", "5000", "AGGREGATION", "avg", "60000", "BUCKETTIMESTAMP", "mid", "EMPTY"}));
  // Every aggregator's word.
  const std::pair<agg, std::string_view> words[] = {
      {agg::avg, "avg"},     {agg::sum, "sum"},     {agg::min, "min"},     {agg::max, "max"},         {agg::range, "range"},
      {agg::count, "count"}, {agg::first, "first"}, {agg::last, "last"},   {agg::std_p, "std.p"},     {agg::std_s, "std.s"},
      {agg::var_p, "var.p"}, {agg::var_s, "var.s"}, {agg::twa, "twa"},     {agg::countnan, "countnan"}, {agg::countall, "countall"}};
  for (const auto& [a, word] : words) {
    EXPECT_EQ(c::ts_revrange("t", 0ms, 10ms, {.aggregation = c::ts_revrange_aggregation{.aggregator = a, .bucketduration = 5ms}}).bytes(),
              wire({"TS.REVRANGE", "t", "0", "10", "AGGREGATION", word, "5"}));
  }
  EXPECT_EQ(c::ts_revrange("t", at(0ms), t0, {.count = 3}).bytes(), wire({"TS.REVRANGE", "t", "0", "1700000000000", "COUNT", "3"}));
  EXPECT_EQ(c::ts_revrange("t", 0ms, 1ms, {.aggregation = c::ts_revrange_aggregation{.aggregator = agg::last, .bucketduration = 1ms, .buckettimestamp = bt::end}}).bytes(),
            wire({"TS.REVRANGE", "t", "0", "1", "AGGREGATION", "last", "1", "BUCKETTIMESTAMP", "end"}));
  EXPECT_EQ(c::ts_mget({"room=kitchen"}, {.latest = true, .labels = typedis::withlabels{}}).bytes(),
            wire({"TS.MGET", "LATEST", "WITHLABELS", "FILTER", "room=kitchen"}));
  EXPECT_EQ(c::ts_mget({"a=1", "b=(x,y)"}, {.labels = typedis::selected_labels{{"room", "type"}}}).bytes(),
            wire({"TS.MGET", "SELECTED_LABELS", "room", "type", "FILTER", "a=1", "b=(x,y)"}));
  EXPECT_EQ(c::ts_mrange(ts::range_bound::earliest(), ts::range_bound::latest(), {"type=temp"},
                         {.labels = typedis::withlabels{},
                          .count = 100,
                          .aggregation = c::ts_mrange_aggregation{.aggregator = agg::max, .bucketduration = 1h},
                          .groupby = c::ts_mrange_groupby{.label = "room", .reducer = c::ts_mrange_groupby_reducer::sum}})
                .bytes(),
            wire({"TS.MRANGE", "-", "+", "WITHLABELS", "COUNT", "100", "AGGREGATION", "max", "3600000", "FILTER",
                  "type=temp", "GROUPBY", "room", "REDUCE", "sum"}));
  EXPECT_EQ(c::ts_mrange(t0, ts::range_bound::latest(), {"a=b"}, {.filter_by_ts = {t0}, .labels = typedis::selected_labels{{"room"}}, .excludeempty = true}).bytes(),
            wire({"TS.MRANGE", "1700000000000", "+", "FILTER_BY_TS", "1700000000000", "SELECTED_LABELS", "room", "FILTER", "a=b", "EXCLUDEEMPTY"}));
  EXPECT_EQ(c::ts_mrevrange(0ms, ts::range_bound::latest(), {"type=temp", "room!="},
                            {.filter_by_value = c::ts_mrevrange_filter_by_value{.min = -10, .max = 40.5},
                             .groupby = c::ts_mrevrange_groupby{.label = "type", .reducer = c::ts_mrevrange_groupby_reducer::avg}})
                .bytes(),
            wire({"TS.MREVRANGE", "0", "+", "FILTER_BY_VALUE", "-10", "40.5", "FILTER", "type=temp", "room!=", "GROUPBY",
                  "type", "REDUCE", "avg"}));
  EXPECT_EQ(c::ts_nrange({"a", "b"}, ts::range_bound::earliest(), ts::range_bound::latest(), {.count = 5}).bytes(),
            wire({"TS.NRANGE", "2", "a", "b", "-", "+", "COUNT", "5"}));
  EXPECT_EQ(c::ts_nrange({"a"}, 0ms, 10ms, {.aggregation = c::ts_nrange_aggregation{.aggregators = {"min", "max"}, .bucketduration = 5ms}}).bytes(),
            wire({"TS.NRANGE", "1", "a", "0", "10", "AGGREGATION", "min", "max", "5"}));
  EXPECT_EQ(c::ts_nrevrange({"a"}, 1000ms, ts::range_bound::latest(), {.latest = true}).bytes(),
            wire({"TS.NREVRANGE", "1", "a", "1000", "+", "LATEST"}));
  EXPECT_EQ(c::ts_querylabels(typedis::labels{}, {.filter = {{"room=kitchen"}}}).bytes(),
            wire({"TS.QUERYLABELS", "LABELS", "FILTER", "room=kitchen"}));
  EXPECT_EQ(c::ts_querylabels(c::ts_querylabels_subtype_values{.label = "room"}).bytes(),
            wire({"TS.QUERYLABELS", "VALUES", "room"}));
  EXPECT_EQ(c::ts_read("t", "1000", {.block = c::ts_read_block{.milliseconds = 2s, .min_count = 1}, .max_count = 10}).bytes(),
            wire({"TS.READ", "t", "1000", "BLOCK", "2000", "1", "MAX_COUNT", "10"}));
}

// ---- replies: samples ----------------------------------------------------------------------------

TEST(module_decode, ts_sample_times) {
  for (const auto& cmd_reply : {decode_reply<REPLY_OF(c::ts_add("t", 0ms, 1))>(i(1700000000000)),
                                decode_reply<REPLY_OF(c::ts_incrby("t", 1))>(i(1700000000000)),
                                decode_reply<REPLY_OF(c::ts_decrby("t", 1))>(i(1700000000000))}) {
    const time_point t = cmd_reply;  // a sample_time is a time point
    EXPECT_EQ(t, t0);
    EXPECT_EQ(cmd_reply, t0);
    EXPECT_EQ(std::chrono::duration_cast<std::chrono::milliseconds>(cmd_reply.time_since_epoch()).count(), 1700000000000);
  }
  using add_t = REPLY_OF(c::ts_add("t", 0ms, 1));
  EXPECT_EQ(decode_reply<add_t>(i(-5)), at(-5ms));  // before the epoch
  expect_decode_error<add_t>(i(9223372036854775807));  // does not fit system_clock
  expect_decode_error<add_t>(b("soon"));
  expect_decode_error<add_t>(arr(1) + i(1));
  EXPECT_THROW((void)decode_reply<add_t>("-ERR TSDB: invalid timestamp\r\n"), typedis::server_error);
}

TEST(module_decode, ts_madd_per_sample_results) {
  using madd_t = REPLY_OF(c::ts_madd({{"a", 1ms, 1}}));
  static_assert(std::is_same_v<madd_t, std::vector<ts::add_result>>);
  const auto v = decode_reply<madd_t>(arr(3) + i(1000) + "-ERR TSDB: the key does not exist\r\n" + i(1001));
  ASSERT_EQ(v.size(), 3u);
  ASSERT_TRUE(v[0].has_value());
  EXPECT_EQ(*v[0], at(1000ms));
  // The failed sample is an error of its own; the others were added.
  ASSERT_FALSE(v[1].has_value());
  EXPECT_EQ(v[1].error().kind, typedis::error_kind::server);
  EXPECT_EQ(v[1].error().prefix, "ERR");
  EXPECT_NE(v[1].error().message.find("the key does not exist"), std::string::npos);
  EXPECT_THROW((void)v[1].value(), typedis::server_error);
  ASSERT_TRUE(v[2]);
  EXPECT_EQ(v[2].value(), at(1001ms));
  EXPECT_TRUE(decode_reply<madd_t>(arr(0)).empty());
  expect_decode_error<madd_t>(arr(1) + b("x"));
  expect_decode_error<madd_t>(i(1));
}

TEST(module_decode, ts_get) {
  using get_t = REPLY_OF(c::ts_get("t"));
  static_assert(std::is_same_v<get_t, std::optional<ts::sample>>);
  // RESP2 values are numeric simple strings (bulk strings accepted too); RESP3 values are doubles.
  for (const auto& bytes : {arr(2) + i(1000) + st("21.5"), arr(2) + i(1000) + b("21.5"), arr(2) + i(1000) + d("21.5")}) {
    const auto v = decode_reply<get_t>(bytes);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->timestamp, at(1000ms));
    EXPECT_DOUBLE_EQ(v->value, 21.5);
    EXPECT_EQ(*v, (ts::sample{at(1000ms), 21.5}));
  }
  EXPECT_FALSE(decode_reply<get_t>(arr(0)).has_value());  // series without samples
  EXPECT_FALSE(decode_reply<get_t>(null3).has_value());
  expect_decode_error<get_t>(arr(2) + i(1000) + b("warm"));
  expect_decode_error<get_t>(arr(1) + i(1000));
  expect_decode_error<get_t>(arr(3) + i(1000) + b("1") + b("2"));
  expect_decode_error<get_t>(b("21.5"));
  expect_decode_error<get_t>(map(1) + i(1000) + d("1"));
  expect_decode_error<get_t>(arr(2) + b("noon") + b("1"));
}

TEST(module_decode, ts_range) {
  using range_t = REPLY_OF(c::ts_range("t", 0ms, 1ms));
  static_assert(std::is_same_v<range_t, std::vector<ts::sample>>);
  static_assert(std::is_same_v<range_t, REPLY_OF(c::ts_revrange("t", 0ms, 1ms))>);
  for (const auto& bytes : {arr(2) + arr(2) + i(1000) + st("21.5") + arr(2) + i(2000) + st("nan"),
                            arr(2) + arr(2) + i(1000) + b("21.5") + arr(2) + i(2000) + b("nan"),
                            arr(2) + arr(2) + i(1000) + d("21.5") + arr(2) + i(2000) + d("nan")}) {
    const auto v = decode_reply<range_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].timestamp, at(1000ms));
    EXPECT_DOUBLE_EQ(v[0].value, 21.5);
    EXPECT_EQ(v[1].timestamp, at(2000ms));
    EXPECT_TRUE(std::isnan(v[1].value));  // EMPTY buckets of some aggregators
  }
  EXPECT_TRUE(decode_reply<range_t>(arr(0)).empty());
  expect_decode_error<range_t>(arr(1) + arr(1) + i(1000));
  expect_decode_error<range_t>(arr(1) + arr(3) + i(1000) + b("1") + b("2"));
  expect_decode_error<range_t>(arr(1) + arr(2) + b("noon") + b("1"));
  expect_decode_error<range_t>(arr(1) + arr(0));  // an empty sample inside a range is no sample
  expect_decode_error<range_t>(b("x"));
}

// ---- replies: TS.MGET and TS.MRANGE ----------------------------------------------------------------

TEST(module_decode, ts_mget) {
  using mget_t = REPLY_OF(c::ts_mget({"a=b"}));
  static_assert(std::is_same_v<mget_t, std::vector<ts::last_sample>>);
  // WITHLABELS; the second series has no sample.
  const std::string r2 = arr(2) +                                                                      //
                         arr(3) + b("temp:kitchen") + arr(2) + arr(2) + b("room") + b("kitchen") +      //
                         arr(2) + b("type") + b("temp") + arr(2) + i(1000) + b("21.5") +                //
                         arr(3) + b("temp:hall") + arr(1) + arr(2) + b("room") + b("hall") + arr(0);
  const std::string r3 = map(2) +                                                                      //
                         b("temp:kitchen") + arr(2) + map(2) + b("room") + b("kitchen") + b("type") +  //
                         b("temp") + arr(2) + i(1000) + d("21.5") +                                    //
                         b("temp:hall") + arr(2) + map(1) + b("room") + b("hall") + arr(0);
  for (const auto& bytes : {r2, r3}) {
    SCOPED_TRACE(bytes.substr(0, 4));
    const auto v = decode_reply<mget_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].key, "temp:kitchen");
    ASSERT_EQ(v[0].labels.size(), 2u);
    EXPECT_EQ(v[0].labels[0], (ts::label{"room", "kitchen"}));
    EXPECT_EQ(v[0].labels[1], (ts::label{"type", "temp"}));
    ASSERT_TRUE(v[0].last.has_value());
    EXPECT_EQ(*v[0].last, (ts::sample{at(1000ms), 21.5}));
    EXPECT_EQ(v[1].key, "temp:hall");
    EXPECT_EQ(v[1].labels, (std::vector<ts::label>{{"room", "hall"}}));
    EXPECT_FALSE(v[1].last.has_value());
  }
  // Without labels (RESP3 may send an empty array where the labels map goes), SELECTED_LABELS with a
  // label the series lacks (null).
  for (const auto& bytes : {arr(1) + arr(3) + b("k") + arr(0) + arr(2) + i(5) + b("1"),
                            map(1) + b("k") + arr(2) + arr(0) + arr(2) + i(5) + d("1"),
                            map(1) + b("k") + arr(2) + map(0) + arr(2) + i(5) + d("1")}) {
    const auto v = decode_reply<mget_t>(bytes);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_TRUE(v[0].labels.empty());
    EXPECT_EQ(v[0].last, (ts::sample{at(5ms), 1}));
  }
  for (const auto& bytes : {arr(1) + arr(3) + b("k") + arr(2) + arr(2) + b("team") + nil2 + arr(2) + b("room") +
                                b("hall") + arr(0),
                            map(1) + b("k") + arr(2) + map(2) + b("team") + null3 + b("room") + b("hall") + arr(0)}) {
    const auto v = decode_reply<mget_t>(bytes);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_EQ(v[0].labels, (std::vector<ts::label>{{"team", std::nullopt}, {"room", "hall"}}));
    // label_value tells a null value (reported, empty) from a label the reply lacks (nullptr).
    const std::optional<std::string>* team = ts::label_value(v[0].labels, "team");
    ASSERT_NE(team, nullptr);
    EXPECT_FALSE(team->has_value());
    ASSERT_NE(ts::label_value(v[0].labels, "room"), nullptr);
    EXPECT_EQ(*ts::label_value(v[0].labels, "room"), "hall");
    EXPECT_EQ(ts::label_value(v[0].labels, "type"), nullptr);
  }
  EXPECT_TRUE(decode_reply<mget_t>(arr(0)).empty());
  EXPECT_TRUE(decode_reply<mget_t>(map(0)).empty());
  // Malformed.
  expect_decode_error<mget_t>(arr(1) + arr(2) + b("k") + arr(0));                          // row of 2
  expect_decode_error<mget_t>(arr(1) + arr(3) + arr(0) + arr(0) + arr(0));                 // key not a string
  expect_decode_error<mget_t>(arr(1) + arr(3) + b("k") + arr(1) + b("room") + arr(0));     // labels not pairs
  expect_decode_error<mget_t>(arr(1) + arr(3) + b("k") + arr(0) + arr(1) + i(5));           // sample of 1
  expect_decode_error<mget_t>(map(1) + b("k") + arr(1) + map(0));                           // RESP3 value of 1
  expect_decode_error<mget_t>(map(1) + b("k") + b("v"));
  expect_decode_error<mget_t>(b("k"));
}

TEST(module_decode, ts_mrange) {
  using mrange_t = REPLY_OF(c::ts_mrange(0ms, 1ms, {"a=b"}));
  static_assert(std::is_same_v<mrange_t, std::vector<ts::series>>);
  static_assert(std::is_same_v<mrange_t, REPLY_OF(c::ts_mrevrange(0ms, 1ms, {"a=b"}))>);

  {  // Without WITHLABELS: empty labels (RESP3: an empty map or array, and the aggregators metadata).
    const std::string r2 = arr(2) + arr(3) + b("ts1") + arr(0) + arr(2) + arr(2) + i(1000) + st("90") + arr(2) +
                           i(2000) + st("45") + arr(3) + b("ts2") + arr(0) + arr(0);
    const std::string r3 = map(2) + b("ts1") + arr(3) + map(0) + map(1) + b("aggregators") + arr(0) + arr(2) + arr(2) +
                           i(1000) + d("90") + arr(2) + i(2000) + d("45") + b("ts2") + arr(3) + arr(0) + map(1) +
                           b("aggregators") + arr(0) + arr(0);
    for (const auto& bytes : {r2, r3}) {
      SCOPED_TRACE(bytes.substr(0, 4));
      const auto v = decode_reply<mrange_t>(bytes);
      ASSERT_EQ(v.size(), 2u);
      EXPECT_EQ(v[0].key, "ts1");
      EXPECT_TRUE(v[0].labels.empty());
      EXPECT_TRUE(v[0].reducers.empty());
      EXPECT_TRUE(v[0].sources.empty());
      EXPECT_EQ(v[0].samples, (std::vector<ts::sample>{{at(1000ms), 90}, {at(2000ms), 45}}));
      EXPECT_EQ(v[1], (ts::series{.key = "ts2"}));
    }
  }
  {  // WITHLABELS with AGGREGATION (RESP3 names the aggregator in the metadata: not part of the value).
    const std::string r2 = arr(1) + arr(3) + b("ts1") + arr(2) + arr(2) + b("metric") + b("cpu") + arr(2) +
                           b("metric_name") + b("system") + arr(1) + arr(2) + i(1000) + b("67.5");
    const std::string r3 = map(1) + b("ts1") + arr(3) + map(2) + b("metric") + b("cpu") + b("metric_name") +
                           b("system") + map(1) + b("aggregators") + arr(1) + b("avg") + arr(1) + arr(2) + i(1000) +
                           d("67.5");
    for (const auto& bytes : {r2, r3}) {
      SCOPED_TRACE(bytes.substr(0, 4));
      const auto v = decode_reply<mrange_t>(bytes);
      ASSERT_EQ(v.size(), 1u);
      EXPECT_EQ(v[0].key, "ts1");
      EXPECT_EQ(v[0].labels, (std::vector<ts::label>{{"metric", "cpu"}, {"metric_name", "system"}}));
      EXPECT_EQ(v[0].samples, (std::vector<ts::sample>{{at(1000ms), 67.5}}));
      EXPECT_TRUE(v[0].reducers.empty());
    }
  }
  {  // SELECTED_LABELS team, one series without that label (null).
    const std::string r2 = arr(2) + arr(3) + b("ts1") + arr(1) + arr(2) + b("team") + b("NY") + arr(0) + arr(3) +
                           b("ts2") + arr(1) + arr(2) + b("team") + nil2 + arr(0);
    const std::string r3 = map(2) + b("ts1") + arr(3) + map(1) + b("team") + b("NY") + map(1) + b("aggregators") +
                           arr(0) + arr(0) + b("ts2") + arr(3) + map(1) + b("team") + null3 + map(1) + b("aggregators") +
                           arr(0) + arr(0);
    for (const auto& bytes : {r2, r3}) {
      SCOPED_TRACE(bytes.substr(0, 4));
      const auto v = decode_reply<mrange_t>(bytes);
      ASSERT_EQ(v.size(), 2u);
      EXPECT_EQ(v[0].labels, (std::vector<ts::label>{{"team", "NY"}}));
      EXPECT_EQ(v[1].labels, (std::vector<ts::label>{{"team", std::nullopt}}));
    }
  }
  {  // GROUPBY metric_name REDUCE max WITHLABELS: RESP2 reports the reducer and sources as labels.
    const std::string r2 = arr(2) +                                                                       //
                           arr(3) + b("metric_name=system") + arr(3) + arr(2) + b("metric_name") + b("system") +  //
                           arr(2) + b("__reducer__") + b("max") + arr(2) + b("__source__") + b("ts1,ts3") +      //
                           arr(2) + arr(2) + i(1548149180000) + b("90") + arr(2) + i(1548149185000) + b("45") +   //
                           arr(3) + b("metric_name=user") + arr(3) + arr(2) + b("metric_name") + b("user") +      //
                           arr(2) + b("__reducer__") + b("max") + arr(2) + b("__source__") + b("ts2") +          //
                           arr(1) + arr(2) + i(1548149180000) + b("99");
    const std::string r3 = map(2) +                                                                            //
                           b("metric_name=system") + arr(4) + map(1) + b("metric_name") + b("system") +        //
                           map(1) + b("reducers") + arr(1) + b("max") + map(1) + b("sources") + arr(2) +       //
                           b("ts1") + b("ts3") + arr(2) + arr(2) + i(1548149180000) + d("90") + arr(2) +       //
                           i(1548149185000) + d("45") +                                                        //
                           b("metric_name=user") + arr(4) + map(1) + b("metric_name") + b("user") + map(1) +  //
                           b("reducers") + arr(1) + b("max") + map(1) + b("sources") + arr(1) + b("ts2") +     //
                           arr(1) + arr(2) + i(1548149180000) + d("99");
    for (const auto& bytes : {r2, r3}) {
      SCOPED_TRACE(bytes.substr(0, 4));
      const auto v = decode_reply<mrange_t>(bytes);
      ASSERT_EQ(v.size(), 2u);
      EXPECT_EQ(v[0].key, "metric_name=system");
      EXPECT_EQ(v[0].labels, (std::vector<ts::label>{{"metric_name", "system"}}));
      EXPECT_EQ(v[0].reducers, (std::vector<std::string>{"max"}));
      EXPECT_EQ(v[0].sources, (std::vector<std::string>{"ts1", "ts3"}));
      EXPECT_EQ(v[0].samples, (std::vector<ts::sample>{{at(1548149180000ms), 90}, {at(1548149185000ms), 45}}));
      EXPECT_EQ(v[1].key, "metric_name=user");
      EXPECT_EQ(v[1].sources, (std::vector<std::string>{"ts2"}));
      EXPECT_EQ(v[1].samples, (std::vector<ts::sample>{{at(1548149180000ms), 99}}));
    }
    // Both protocols give the same value.
    EXPECT_EQ(decode_reply<mrange_t>(r2), decode_reply<mrange_t>(r3));
  }
  {  // GROUPBY without WITHLABELS: RESP2 has no labels at all, the reducer is the request's.
    const auto request = c::ts_mrange(ts::range_bound::earliest(), ts::range_bound::latest(), {"type=stock"},
                                      {.groupby = c::ts_mrange_groupby{.label = "type", .reducer = c::ts_mrange_groupby_reducer::var_s}});
    const std::string r2 = arr(1) + arr(3) + b("type=stock") + arr(0) + arr(1) + arr(2) + i(1000) + st("50");
    const std::string r3 = map(1) + b("type=stock") + arr(4) + map(0) + map(1) + b("reducers") + arr(1) + b("var.s") +
                           map(1) + b("sources") + arr(0) + arr(1) + arr(2) + i(1000) + d("50");
    for (const auto& bytes : {r2, r3}) {
      SCOPED_TRACE(bytes.substr(0, 4));
      const auto v = decode_for<mrange_t>(request.bytes(), bytes);
      ASSERT_EQ(v.size(), 1u);
      EXPECT_TRUE(v[0].labels.empty());
      EXPECT_EQ(v[0].reducers, (std::vector<std::string>{"var.s"}));
      EXPECT_TRUE(v[0].sources.empty());  // RESP2 reports the sources only among WITHLABELS' labels
    }
    // Without GROUPBY in the request nothing is made up.
    EXPECT_TRUE(decode_for<mrange_t>(c::ts_mrange(0ms, 1ms, {"a=b"}).bytes(), r2)[0].reducers.empty());
    EXPECT_TRUE(decode_reply<mrange_t>(r2)[0].reducers.empty());  // request unknown
  }
  {  // GROUPBY without WITHLABELS; unknown metadata keys of newer servers are skipped.
    const std::string r3 = map(1) + b("type=stock") + arr(4) + arr(0) + map(2) + b("reducers") + arr(1) + b("sum") +
                           b("future") + map(1) + b("x") + i(1) + map(1) + b("sources") + arr(2) + b("stock:A") +
                           b("stock:B") + arr(0);
    const auto v = decode_reply<mrange_t>(r3);
    ASSERT_EQ(v.size(), 1u);
    EXPECT_TRUE(v[0].labels.empty());
    EXPECT_EQ(v[0].reducers, (std::vector<std::string>{"sum"}));
    EXPECT_EQ(v[0].sources, (std::vector<std::string>{"stock:A", "stock:B"}));
  }
  EXPECT_TRUE(decode_reply<mrange_t>(arr(0)).empty());
  EXPECT_TRUE(decode_reply<mrange_t>(map(0)).empty());
  // Malformed.
  expect_decode_error<mrange_t>(arr(1) + arr(2) + b("ts1") + arr(0));                                   // row of 2
  expect_decode_error<mrange_t>(arr(1) + arr(4) + b("ts1") + arr(0) + arr(0) + arr(0));                 // row of 4
  expect_decode_error<mrange_t>(arr(1) + arr(3) + arr(0) + arr(0) + arr(0));                            // key not a string
  expect_decode_error<mrange_t>(arr(1) + arr(3) + b("ts1") + arr(3) + b("a") + b("b") + b("c") + arr(0));  // odd labels
  expect_decode_error<mrange_t>(arr(1) + arr(3) + b("ts1") + arr(0) + arr(1) + arr(2) + i(1) + b("x")); // bad value
  expect_decode_error<mrange_t>(arr(1) + arr(3) + b("ts1") + arr(0) + b("samples"));                    // samples not an array
  expect_decode_error<mrange_t>(map(1) + b("ts1") + arr(1) + map(0));                                   // RESP3 value of 1
  expect_decode_error<mrange_t>(map(1) + b("ts1") + arr(3) + map(0) + b("meta") + arr(0));              // metadata not a map
  expect_decode_error<mrange_t>(map(1) + b("ts1") + arr(3) + map(0) + arr(1) + b("reducers") + arr(0)); // odd metadata
  expect_decode_error<mrange_t>(map(1) + b("ts1") + map(1) + b("a") + b("b"));                          // value a map
  expect_decode_error<mrange_t>(i(3));
}

// ---- replies: the other commands ---------------------------------------------------------------------

TEST(module_decode, ts_simple_replies) {
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_del("t", t0, t0))>(i(2)), 2);
  expect_decode_error<REPLY_OF(c::ts_del("t", t0, t0))>(b("two"));
  static_assert(std::is_same_v<REPLY_OF(c::ts_create("t")), typedis::ok>);
  static_assert(std::is_same_v<REPLY_OF(c::ts_alter("t")), typedis::ok>);
  static_assert(std::is_same_v<REPLY_OF(c::ts_createrule("a", "b", c::ts_createrule_aggregator::avg, 1ms)), typedis::ok>);
  static_assert(std::is_same_v<REPLY_OF(c::ts_deleterule("a", "b")), typedis::ok>);
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_create("t"))>(st("OK")), typedis::ok{});
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_alter("t"))>(st("OK")), typedis::ok{});
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_deleterule("a", "b"))>(st("OK")), typedis::ok{});
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_createrule("a", "b", ts::aggregator::avg, 1ms))>(st("OK")), typedis::ok{});
  expect_decode_error<REPLY_OF(c::ts_create("t"))>(st("QUEUED"));
  EXPECT_THROW((void)decode_reply<REPLY_OF(c::ts_create("t"))>("-ERR TSDB: key already exists\r\n"), typedis::server_error);

  using qi_t = REPLY_OF(c::ts_queryindex({"a=b"}));
  for (const auto& bytes : {arr(2) + b("t:kitchen:hum") + b("t:kitchen:temp"), set(2) + b("t:kitchen:hum") + b("t:kitchen:temp")})
    EXPECT_EQ(decode_reply<qi_t>(bytes), (std::vector<std::string>{"t:kitchen:hum", "t:kitchen:temp"}));
  expect_decode_error<qi_t>(arr(1) + arr(0));
}

TEST(module_decode, ts_info) {
  using info_t = REPLY_OF(c::ts_info("t"));
  static_assert(std::is_same_v<info_t, ts::info>);
  // A compaction source with one rule (RESP2 rules carry the alignment since 1.8; RESP3 keys them
  // by destination).
  const std::string r2 = arr(28) + b("totalSamples") + i(2) + b("memoryUsage") + i(4239) + b("firstTimestamp") +
                         i(1000) + b("lastTimestamp") + i(2000) + b("retentionTime") + i(86400000) + b("chunkCount") +
                         i(1) + b("chunkSize") + i(4096) + b("chunkType") + st("compressed") + b("duplicatePolicy") +
                         nil2 + b("labels") + arr(1) + arr(2) + b("room") + b("kitchen") + b("sourceKey") + nil2 +
                         b("rules") + arr(1) + arr(4) + b("t:avg") + i(60000) + st("AVG") + i(500) +
                         b("ignoreMaxTimeDiff") + i(10) + b("ignoreMaxValDiff") + b("0.5");
  const std::string r3 = map(14) + b("totalSamples") + i(2) + b("memoryUsage") + i(4239) + b("firstTimestamp") +
                         i(1000) + b("lastTimestamp") + i(2000) + b("retentionTime") + i(86400000) + b("chunkCount") +
                         i(1) + b("chunkSize") + i(4096) + b("chunkType") + st("compressed") + b("duplicatePolicy") +
                         null3 + b("labels") + map(1) + b("room") + b("kitchen") + b("sourceKey") + null3 + b("rules") +
                         map(1) + b("t:avg") + arr(3) + i(60000) + st("AVG") + i(500) + b("ignoreMaxTimeDiff") + i(10) +
                         b("ignoreMaxValDiff") + d("0.5");
  for (const auto& bytes : {r2, r3}) {
    SCOPED_TRACE(bytes.substr(0, 4));
    const auto v = decode_reply<info_t>(bytes);
    EXPECT_EQ(v.total_samples, 2);
    EXPECT_EQ(v.memory_usage, 4239);
    EXPECT_EQ(v.first_timestamp, at(1000ms));
    EXPECT_EQ(v.last_timestamp, at(2000ms));
    EXPECT_EQ(v.retention_time, 24h);
    EXPECT_EQ(v.chunk_count, 1);
    EXPECT_EQ(v.chunk_size, 4096);
    EXPECT_EQ(v.chunk_type, "compressed");
    EXPECT_FALSE(v.duplicate_policy.has_value());
    EXPECT_EQ(v.labels, (std::vector<std::pair<std::string, std::string>>{{"room", "kitchen"}}));
    EXPECT_FALSE(v.source_key.has_value());
    EXPECT_EQ(v.rules, (std::vector<ts::compaction_rule>{{"t:avg", 1min, "AVG", 500ms}}));
    EXPECT_EQ(v.ignore_max_time_diff, 10ms);
    EXPECT_EQ(v.ignore_max_val_diff, 0.5);
    EXPECT_FALSE(v.key_self_name.has_value());
    EXPECT_TRUE(v.chunks.empty());
  }
  EXPECT_EQ(decode_reply<info_t>(r2), decode_reply<info_t>(r3));

  // A compaction (sourceKey, duplicatePolicy), an old server's 3-element rule, DEBUG's chunks.
  const std::string d2 = arr(26) + b("totalSamples") + i(0) + b("memoryUsage") + i(4246) + b("firstTimestamp") + i(0) +
                         b("lastTimestamp") + i(0) + b("retentionTime") + i(0) + b("chunkCount") + i(1) +
                         b("chunkSize") + i(4096) + b("duplicatePolicy") + st("last") + b("labels") + arr(0) +
                         b("sourceKey") + b("t") + b("rules") + arr(1) + arr(3) + b("t:max") + i(1000) + st("MAX") +
                         b("keySelfName") + b("t:avg") + b("Chunks") + arr(1) + arr(12) + b("startTimestamp") + i(0) +
                         b("endTimestamp") + i(0) + b("samples") + i(0) + b("size") + i(4096) + b("bytesPerSample") +
                         b("inf") + b("future") + arr(0);
  const std::string d3 = map(13) + b("totalSamples") + i(0) + b("memoryUsage") + i(4246) + b("firstTimestamp") + i(0) +
                         b("lastTimestamp") + i(0) + b("retentionTime") + i(0) + b("chunkCount") + i(1) +
                         b("chunkSize") + i(4096) + b("duplicatePolicy") + st("last") + b("labels") + map(0) +
                         b("sourceKey") + b("t") + b("rules") + map(1) + b("t:max") + arr(2) + i(1000) + st("MAX") +
                         b("keySelfName") + b("t:avg") + b("Chunks") + arr(1) + map(6) + b("startTimestamp") + i(0) +
                         b("endTimestamp") + i(0) + b("samples") + i(0) + b("size") + i(4096) + b("bytesPerSample") +
                         d("inf") + b("future") + map(0);
  for (const auto& bytes : {d2, d3}) {
    SCOPED_TRACE(bytes.substr(0, 4));
    const auto v = decode_reply<info_t>(bytes);
    EXPECT_EQ(v.duplicate_policy, "last");
    EXPECT_TRUE(v.labels.empty());
    EXPECT_EQ(v.source_key, "t");
    EXPECT_EQ(v.rules, (std::vector<ts::compaction_rule>{{"t:max", 1s, "MAX", 0ms}}));
    EXPECT_FALSE(v.ignore_max_time_diff.has_value());
    EXPECT_EQ(v.key_self_name, "t:avg");
    ASSERT_EQ(v.chunks.size(), 1u);
    EXPECT_EQ(v.chunks[0].start_timestamp, at(0ms));
    EXPECT_EQ(v.chunks[0].samples, 0);
    EXPECT_EQ(v.chunks[0].size, 4096);
    EXPECT_TRUE(std::isinf(v.chunks[0].bytes_per_sample));
  }
  // labels may be a nil.
  EXPECT_TRUE(decode_reply<info_t>(arr(16) + b("totalSamples") + i(0) + b("memoryUsage") + i(1) + b("firstTimestamp") +
                                   i(0) + b("lastTimestamp") + i(0) + b("retentionTime") + i(0) + b("chunkCount") + i(1) +
                                   b("chunkSize") + i(1) + b("labels") + nil2)
                  .labels.empty());
  // Malformed.
  const std::string head = b("totalSamples") + i(2) + b("memoryUsage") + i(1) + b("firstTimestamp") + i(1) +
                           b("lastTimestamp") + i(1) + b("retentionTime") + i(0) + b("chunkCount") + i(1) +
                           b("chunkSize") + i(1);
  expect_decode_error<info_t>(arr(2) + b("totalSamples") + i(2));  // required fields missing
  expect_decode_error<info_t>(arr(14) + b("totalSamples") + b("two") + head.substr(b("totalSamples").size() + i(2).size()));
  expect_decode_error<info_t>(arr(15) + head + b("labels"));       // odd
  expect_decode_error<info_t>(arr(16) + head + b("rules") + arr(1) + arr(1) + b("t:avg"));
  expect_decode_error<info_t>(arr(16) + head + b("rules") + arr(1) + arr(5) + b("t") + i(1) + b("AVG") + i(0) + i(0));
  expect_decode_error<info_t>(arr(16) + head + b("rules") + map(1) + b("t") + map(1) + i(1) + b("AVG"));
  expect_decode_error<info_t>(arr(16) + head + b("Chunks") + arr(1) + arr(1) + b("samples"));
  expect_decode_error<info_t>(arr(16) + head + b("firstTimestamp") + i(9223372036854775807));
  expect_decode_error<info_t>(i(1));
}

TEST(module_decode, ts_untyped_newer_commands) {
  // TS.NRANGE, TS.NREVRANGE, TS.READ and TS.QUERYLABELS (8.10) have no documented reply yet.
  static_assert(std::is_same_v<REPLY_OF(c::ts_nrange({"a"}, 0ms, 1ms)), value>);
  static_assert(std::is_same_v<REPLY_OF(c::ts_nrevrange({"a"}, 0ms, 1ms)), value>);
  static_assert(std::is_same_v<REPLY_OF(c::ts_read("t", "0")), value>);
  static_assert(std::is_same_v<REPLY_OF(c::ts_querylabels(typedis::labels{})), value>);
  const value v = decode_reply<REPLY_OF(c::ts_querylabels(typedis::labels{}))>(arr(2) + b("room") + b("type"));
  ASSERT_EQ(v.elements.size(), 2u);
  EXPECT_EQ(v.elements[1].string, "type");
}

// Every TS decoder over mutated fixtures: a reply that still parses is decoded or refused with a
// typedis::error, never a crash, another exception or elements left behind.
TEST(module_decode, timeseries_decoders_survive_mutations) {
  const std::vector<std::string> valid = {
      arr(2) + arr(2) + i(1000) + st("21.5") + arr(2) + i(2000) + d("1"),
      arr(3) + i(1000) + "-ERR TSDB: bad\r\n" + i(1001),
      arr(1) + arr(3) + b("ts1") + arr(1) + arr(2) + b("team") + nil2 + arr(1) + arr(2) + i(1) + st("2"),
      map(1) + b("g=1") + arr(4) + map(1) + b("g") + b("1") + map(1) + b("reducers") + arr(1) + b("max") + map(1) +
          b("sources") + arr(2) + b("a") + b("b") + arr(1) + arr(2) + i(1) + d("2"),
      arr(1) + arr(3) + b("g=1") + arr(2) + arr(2) + b("__reducer__") + b("max") + arr(2) + b("__source__") + b("a,b") +
          arr(0),
      map(1) + b("k") + arr(2) + map(1) + b("room") + b("x") + arr(2) + i(5) + d("1"),
      arr(20) + b("totalSamples") + i(0) + b("memoryUsage") + i(1) + b("firstTimestamp") + i(0) + b("lastTimestamp") +
          i(0) + b("retentionTime") + i(0) + b("chunkCount") + i(1) + b("chunkSize") + i(1) + b("rules") + arr(1) +
          arr(4) + b("d") + i(1) + st("AVG") + i(0) + b("labels") + arr(1) + arr(2) + b("a") + b("b") + b("Chunks") +
          arr(1) + arr(2) + b("samples") + i(0),
  };
  decode_tally tally;
  for (const std::string& bytes : mutated_replies(valid, "*%:$,_029-+")) {
    tally.attempt<std::optional<ts::sample>>(bytes);
    tally.attempt<std::vector<ts::sample>>(bytes);
    tally.attempt<ts::sample_time>(bytes);
    tally.attempt<std::vector<ts::add_result>>(bytes);
    tally.attempt<std::vector<ts::series>>(bytes);
    tally.attempt<std::vector<ts::last_sample>>(bytes);
    tally.attempt<ts::info>(bytes);
  }
  EXPECT_GT(tally.decoded, 50u);
  EXPECT_GT(tally.refused, 1000u);
}

}  // namespace
