#include "core/retry.hpp"

#include <algorithm>

namespace typedis {

retry_schedule::retry_schedule(const retry_options& options, std::uint64_t seed)
    : options_(options), state_(seed | 1) {}

bool retry_schedule::should_retry(const io_error& e, const command_info& info, int attempt) const noexcept {
  if (attempt >= options_.max_attempts) return false;
  return e.state() == send_state::not_sent || idempotent(info) || options_.retry_unsafe;
}

std::chrono::milliseconds retry_schedule::backoff(int attempt) noexcept {
  const long long base = std::max<long long>(0, options_.base_backoff.count());
  const long long cap = std::max<long long>(0, options_.max_backoff.count());
  long long ceiling = base;
  for (int i = 1; i < attempt && ceiling < cap; ++i) ceiling *= 2;
  ceiling = std::min(ceiling, cap);
  if (ceiling <= 0) return std::chrono::milliseconds{0};
  // xorshift64*: cheap, and jitter needs no cryptographic quality
  state_ ^= state_ >> 12;
  state_ ^= state_ << 25;
  state_ ^= state_ >> 27;
  const std::uint64_t r = state_ * 2685821657736338717ull;
  return std::chrono::milliseconds{static_cast<long long>(r % static_cast<std::uint64_t>(ceiling + 1))};
}

}  // namespace typedis
