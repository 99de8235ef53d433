/// @file
/// typedis::timeseries::sample: one sample of a time series (TS.GET, TS.RANGE, TS.REVRANGE, and the
/// series of TS.MGET / TS.MRANGE). On the wire [timestamp, value]: the value is a numeric bulk
/// string ("21.5") in RESP2 and a double in RESP3.
#pragma once

#include <chrono>
#include <optional>

#include "typedis/codec/decode.hpp"
#include "typedis/resp/reply_cursor.hpp"

namespace typedis::timeseries {

struct sample {
  std::chrono::system_clock::time_point timestamp{};  ///< whole milliseconds since the Unix epoch
  double value = 0;

  friend bool operator==(const sample&, const sample&) = default;
};

namespace detail {
/// The module's timestamps (milliseconds since the epoch) as a time point; a decode_error when the
/// value does not fit system_clock's range.
std::chrono::system_clock::time_point time_from_millis(long long since_epoch);
}  // namespace detail

}  // namespace typedis::timeseries

namespace typedis {

template <>
struct decoder<timeseries::sample> {
  static void decode(resp::reply_cursor& cursor, timeseries::sample& out);
};

/// TS.GET and TS.MGET answer an empty array, not a null, for a series without samples: both are
/// std::nullopt.
template <>
struct decoder<std::optional<timeseries::sample>> {
  static void decode(resp::reply_cursor& cursor, std::optional<timeseries::sample>& out);
};

}  // namespace typedis
