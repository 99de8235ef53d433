// Internal: the backoff delay of typedis::backoff_options, and the cheap random source the
// retry driver draws jitter from. I/O-free, unit-tested.
#pragma once

#include <chrono>
#include <cstdint>

#include "typedis/backoff.hpp"

namespace typedis {

// The wait before the next try after `failed` consecutive failures (0: none yet, no wait).
// `unit` is a random number in [0, 1) that places the wait inside its jitter window.
std::chrono::milliseconds backoff_delay(const backoff_options& options, int failed, double unit) noexcept;

// A seed for a jitter_source: std::random_device read once per thread (a read costs tens of
// microseconds on some machines: never per command), then a Weyl sequence.
std::uint64_t jitter_seed() noexcept;

// xorshift64*: jitter needs no cryptographic quality, and this costs a few instructions.
class jitter_source {
 public:
  explicit jitter_source(std::uint64_t seed) noexcept : state_(seed | 1) {}
  // Uniform in [0, 1).
  double next_unit() noexcept {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    const std::uint64_t r = state_ * 2685821657736338717ull;
    return static_cast<double>(r >> 11) * 0x1.0p-53;
  }

 private:
  std::uint64_t state_;
};

}  // namespace typedis
