/// @file
/// typedis::timeseries::last_sample: one series of TS.MGET: its key, labels and last sample.
///
/// RESP2: an array of [key, [[label, value]...], [timestamp, value] or []]; RESP3: a map
/// key -> [labels map, [timestamp, value] or []]. Both decode into the same
/// std::vector<last_sample>.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "typedis/codec/decode.hpp"
#include "typedis/resp/reply_cursor.hpp"
#include "typedis/timeseries/label.hpp"
#include "typedis/timeseries/sample.hpp"

namespace typedis::timeseries {

struct last_sample {
  std::string key{};
  std::vector<label> labels{};   ///< WITHLABELS / SELECTED_LABELS; empty without them
  std::optional<sample> last{};  ///< empty when the series has no sample

  friend bool operator==(const last_sample&, const last_sample&) = default;
};

}  // namespace typedis::timeseries

namespace typedis {

template <>
struct decoder<timeseries::last_sample> {
  /// One RESP2 row [key, labels, sample].
  static void decode(resp::reply_cursor& cursor, timeseries::last_sample& out);
};

/// The whole reply: the RESP2 array of rows or the RESP3 map key -> [labels, sample].
template <>
struct decoder<std::vector<timeseries::last_sample>> {
  static void decode(resp::reply_cursor& cursor, std::vector<timeseries::last_sample>& out);
};

}  // namespace typedis
