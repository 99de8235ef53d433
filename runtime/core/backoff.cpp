#include "core/backoff.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>

namespace typedis {

std::chrono::milliseconds backoff_delay(const backoff_options& options, int failed, double unit) noexcept {
  if (failed <= 0) return std::chrono::milliseconds{0};
  const long long initial = std::max<long long>(options.initial_delay.count(), 0);
  const long long cap = std::max<long long>(options.max_delay.count(), 0);
  long long step = std::min(initial, cap);
  // Doubling stops at the cap, so a large failure count cannot overflow.
  for (int i = 1; i < failed && step < cap; ++i) step = std::min(step * 2, cap);
  if (step <= 0) return std::chrono::milliseconds{0};
  // NaN fails both comparisons of clamp's contract: treat it as "no jitter" / "the bottom".
  const double jitter = std::isnan(options.jitter) ? 0.0 : std::clamp(options.jitter, 0.0, 1.0);
  const double u = std::isnan(unit) ? 0.0 : std::clamp(unit, 0.0, 1.0);
  const auto window = static_cast<long long>(static_cast<double>(step) * jitter);
  const auto offset = std::min(window, static_cast<long long>(static_cast<double>(window + 1) * u));
  return std::chrono::milliseconds{step - window + offset};
}

std::uint64_t jitter_seed() noexcept {
  thread_local std::uint64_t state = [] {
    try {
      return static_cast<std::uint64_t>(std::random_device{}()) << 32 ^ std::random_device{}();
    } catch (...) {
      return static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
    }
  }();
  return state += 0x9e3779b97f4a7c15ull;
}

}  // namespace typedis
