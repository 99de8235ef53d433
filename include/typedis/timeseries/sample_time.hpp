/// @file
/// typedis::timeseries::sample_time: the timestamp of the sample TS.ADD, TS.INCRBY or TS.DECRBY
/// wrote (an integer of milliseconds since the Unix epoch on the wire). It is a
/// std::chrono::system_clock::time_point (derived from it), so it converts and compares as one.
#pragma once

#include <chrono>

#include "typedis/codec/decode.hpp"
#include "typedis/resp/reply_cursor.hpp"

namespace typedis::timeseries {

struct sample_time : std::chrono::system_clock::time_point {
  using time_point::time_point;
  constexpr sample_time() noexcept = default;
  constexpr sample_time(std::chrono::system_clock::time_point t) noexcept : time_point(t) {}  // NOLINT
};

}  // namespace typedis::timeseries

template <>
struct typedis::decoder<typedis::timeseries::sample_time> {
  static void decode(resp::reply_cursor& cursor, typedis::timeseries::sample_time& out);
};
