/// @file
/// typedis::timeseries::series: one series of TS.MRANGE / TS.MREVRANGE, or one GROUPBY group.
///
/// RESP2: an array of [key, [[label, value]...], [[timestamp, value]...]] where GROUPBY adds the
/// labels __reducer__ and __source__ ("k1,k2"); RESP3: a map key -> [labels map, metadata maps
/// ({aggregators: [...]}; GROUPBY: {reducers: [...]}, {sources: [...]}), samples]. Both decode into
/// the same std::vector<series>: the reducer and the source keys are taken out of the RESP2 labels
/// (which carry them only with WITHLABELS: without it the reducer is read from the request, and the
/// sources are unknown).
#pragma once

#include <string>
#include <vector>

#include "typedis/codec/decode.hpp"
#include "typedis/resp/reply_cursor.hpp"
#include "typedis/timeseries/label.hpp"
#include "typedis/timeseries/sample.hpp"

namespace typedis::timeseries {

struct series {
  std::string key{};                    ///< the series' key; with GROUPBY "<label>=<value>" of the group
  std::vector<label> labels{};          ///< WITHLABELS / SELECTED_LABELS; empty without them
  std::vector<std::string> reducers{};  ///< GROUPBY: the reducer ("max")
  std::vector<std::string> sources{};   ///< GROUPBY: the keys of the series in the group (RESP2: WITHLABELS)
  std::vector<sample> samples{};

  friend bool operator==(const series&, const series&) = default;
};

}  // namespace typedis::timeseries

namespace typedis {

template <>
struct decoder<timeseries::series> {
  /// One RESP2 row [key, labels, samples].
  static void decode(resp::reply_cursor& cursor, timeseries::series& out);
};

/// The whole reply: the RESP2 array of rows or the RESP3 map key -> [labels, metadata..., samples].
template <>
struct decoder<std::vector<timeseries::series>> {
  static void decode(resp::reply_cursor& cursor, std::vector<timeseries::series>& out);
};

}  // namespace typedis
