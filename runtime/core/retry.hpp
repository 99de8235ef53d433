// Internal: the retry decision and backoff schedule (I/O-free, unit-tested).
#pragma once

#include <chrono>
#include <cstdint>

#include "typedis/client_options.hpp"
#include "typedis/command.hpp"
#include "typedis/error.hpp"

namespace typedis {

class retry_schedule {
 public:
  explicit retry_schedule(const retry_options& options, std::uint64_t seed);

  // Whether the command may be sent again after failing with `e` on attempt `attempt` (1-based):
  // attempts left, and either nothing was sent, or the command is idempotent, or the user opted in.
  bool should_retry(const io_error& e, const command_info& info, int attempt) const noexcept;

  // Full jitter: uniform in [0, min(max_backoff, base_backoff * 2^(attempt-1))].
  std::chrono::milliseconds backoff(int attempt) noexcept;

  static bool idempotent(const command_info& info) noexcept {
    return has_flag(info.flags, command_flag::idempotent) || has_flag(info.flags, command_flag::readonly);
  }

 private:
  const retry_options& options_;
  std::uint64_t state_;
};

}  // namespace typedis
