/// @file
/// typedis::timeseries::timestamp: the timestamp of a sample to add (TS.ADD, TS.MADD): a time point,
/// sent as milliseconds since the Unix epoch (the module's unit), or timestamp::now(), sent as `*`:
/// the server's clock when it adds the sample.
#pragma once

#include <chrono>

#include "typedis/codec/encode.hpp"
#include "typedis/resp/writer.hpp"

namespace typedis::timeseries {

struct timestamp {  // struct: <group>_decl.hpp declares it so (clang -Wmismatched-tags)
 public:
  /// A default timestamp is now(): a TS.MADD element left without one takes the server's clock.
  constexpr timestamp() noexcept = default;
  /// Milliseconds since the Unix epoch.
  constexpr timestamp(std::chrono::milliseconds since_epoch) noexcept : ms_(since_epoch), now_(false) {}  // NOLINT
  /// Finer time points are rounded down to the millisecond.
  template <class Duration>
  constexpr timestamp(std::chrono::time_point<std::chrono::system_clock, Duration> t) noexcept  // NOLINT
      : ms_(std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch())), now_(false) {}

  /// `*`: the server's clock.
  static constexpr timestamp now() noexcept { return timestamp{}; }

  constexpr bool is_now() const noexcept { return now_; }
  /// Precondition: !is_now().
  constexpr std::chrono::milliseconds since_epoch() const noexcept { return ms_; }

  friend constexpr bool operator==(const timestamp&, const timestamp&) noexcept = default;

 private:
  std::chrono::milliseconds ms_{0};
  bool now_ = true;
};

}  // namespace typedis::timeseries

template <>
struct typedis::encoder<typedis::timeseries::timestamp> {
  static void encode(resp::writer& w, const typedis::timeseries::timestamp& t) {
    if (t.is_now()) {
      w.bulk("*");
    } else {
      w.integer(t.since_epoch().count());
    }
  }
};
