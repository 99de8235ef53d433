/// @file
/// typedis::timeseries::info: TS.INFO's reply, with the compaction rules and (TS.INFO ... DEBUG) the
/// chunks typed.
///
/// RESP2: a flat array of name/value pairs, labels as [[label, value]...], rules as
/// [[dest key, bucket duration, aggregator, alignment]...], each chunk a flat name/value array.
/// RESP3: a map of the same names, labels a map, rules a map dest key -> [bucket duration,
/// aggregator, alignment], each chunk a map. Unknown names (newer servers) are skipped.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "typedis/codec/decode.hpp"
#include "typedis/resp/reply_cursor.hpp"

namespace typedis::timeseries {

/// A compaction rule of the series (TS.CREATERULE): samples are aggregated into dest_key.
struct compaction_rule {
  std::string dest_key{};
  std::chrono::milliseconds bucket_duration{};
  std::string aggregator{};               ///< as the server spells it ("AVG", "twa")
  std::chrono::milliseconds alignment{};  ///< 0 from servers before RedisTimeSeries 1.8

  friend bool operator==(const compaction_rule&, const compaction_rule&) = default;
};

/// One chunk of the series (TS.INFO ... DEBUG).
struct chunk_info {
  std::chrono::system_clock::time_point start_timestamp{};
  std::chrono::system_clock::time_point end_timestamp{};
  long long samples = 0;
  long long size = 0;           ///< bytes of data, without overheads
  double bytes_per_sample = 0;  ///< inf for an empty chunk

  friend bool operator==(const chunk_info&, const chunk_info&) = default;
};

struct info {
  long long total_samples = 0;
  long long memory_usage = 0;
  std::chrono::system_clock::time_point first_timestamp{};
  std::chrono::system_clock::time_point last_timestamp{};
  std::chrono::milliseconds retention_time{};  ///< 0: samples are kept forever
  long long chunk_count = 0;
  long long chunk_size = 0;
  std::string chunk_type{};                       ///< "compressed" or "uncompressed"
  std::optional<std::string> duplicate_policy{};  ///< null: the server's default
  std::vector<std::pair<std::string, std::string>> labels{};
  std::optional<std::string> source_key{};  ///< the source when this series is a compaction
  std::vector<compaction_rule> rules{};
  std::optional<std::chrono::milliseconds> ignore_max_time_diff{};  ///< newer servers
  std::optional<double> ignore_max_val_diff{};                      ///< newer servers
  std::optional<std::string> key_self_name{};                       ///< DEBUG
  std::vector<chunk_info> chunks{};                                 ///< DEBUG

  friend bool operator==(const info&, const info&) = default;
};

}  // namespace typedis::timeseries

template <>
struct typedis::decoder<typedis::timeseries::info> {
  static void decode(resp::reply_cursor& cursor, typedis::timeseries::info& out);
};
