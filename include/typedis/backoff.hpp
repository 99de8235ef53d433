/// @file
/// typedis::backoff_options: the one backoff schedule of typedis, used by the client's retries
/// (client_options::retry.backoff) and the subscriber's reconnects (subscriber_options::reconnect.backoff).
#pragma once

#include <chrono>

namespace typedis {

/// Exponential backoff with jitter. After n consecutive failures the wait is a step of
/// min(max_delay, initial_delay * 2^(n-1)), of which the fraction `jitter` is random: the wait is
/// uniform in [step * (1 - jitter), step]. jitter 1 is "full jitter" (anywhere from 0 to the step),
/// 0.5 keeps at least half the step, 0 waits exactly the step. initial_delay 0: no wait at all.
struct backoff_options {
  std::chrono::milliseconds initial_delay{20};  ///< the step after the first failure
  std::chrono::milliseconds max_delay{1000};    ///< the cap of the step
  double jitter = 1.0;                          ///< random fraction of the step, in [0, 1]
};

}  // namespace typedis
