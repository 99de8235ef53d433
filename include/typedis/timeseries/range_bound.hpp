/// @file
/// typedis::timeseries::range_bound: an end of a queried range (TS.RANGE, TS.REVRANGE, TS.MRANGE,
/// TS.MREVRANGE, TS.NRANGE, TS.NREVRANGE): a time point, sent as milliseconds since the Unix epoch,
/// or range_bound::earliest() / latest(), sent as `-` / `+`: the first / last sample there is.
#pragma once

#include <chrono>

#include "typedis/codec/encode.hpp"
#include "typedis/resp/writer.hpp"

namespace typedis::timeseries {

struct range_bound {  // struct: <group>_decl.hpp declares it so (clang -Wmismatched-tags)
 public:
  enum class kind : unsigned char { time, earliest, latest };

  /// Milliseconds since the Unix epoch.
  constexpr range_bound(std::chrono::milliseconds since_epoch) noexcept : ms_(since_epoch) {}  // NOLINT
  /// Finer time points are rounded down to the millisecond.
  template <class Duration>
  constexpr range_bound(std::chrono::time_point<std::chrono::system_clock, Duration> t) noexcept  // NOLINT
      : ms_(std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch())) {}

  /// `-`: the timestamp of the earliest sample.
  static constexpr range_bound earliest() noexcept { return range_bound(kind::earliest); }
  /// `+`: the timestamp of the latest sample.
  static constexpr range_bound latest() noexcept { return range_bound(kind::latest); }

  constexpr kind which() const noexcept { return kind_; }
  /// Precondition: which() == kind::time.
  constexpr std::chrono::milliseconds since_epoch() const noexcept { return ms_; }

  friend constexpr bool operator==(const range_bound&, const range_bound&) noexcept = default;

 private:
  constexpr explicit range_bound(kind k) noexcept : kind_(k) {}

  std::chrono::milliseconds ms_{0};
  kind kind_ = kind::time;
};

}  // namespace typedis::timeseries

template <>
struct typedis::encoder<typedis::timeseries::range_bound> {
  static void encode(resp::writer& w, const typedis::timeseries::range_bound& b) {
    switch (b.which()) {
      case typedis::timeseries::range_bound::kind::earliest:
        w.bulk("-");
        break;
      case typedis::timeseries::range_bound::kind::latest:
        w.bulk("+");
        break;
      case typedis::timeseries::range_bound::kind::time:
        w.integer(b.since_epoch().count());
        break;
    }
  }
};
