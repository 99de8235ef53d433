// The retry decision and the backoff schedule, without a server.
#include <gtest/gtest.h>

#include "core/retry.hpp"

using namespace std::chrono_literals;

namespace {

const typedis::command_info incr{"INCR", typedis::command_flag::write};
const typedis::command_info get{"GET", typedis::command_flag::readonly};
const typedis::command_info set{"SET", typedis::command_flag::write | typedis::command_flag::idempotent};

typedis::io_error failure(typedis::send_state s) { return typedis::io_error("X", "127.0.0.1:1", "boom", s); }

}  // namespace

TEST(retry_schedule, unsent_commands_are_always_retried) {
  typedis::retry_options o;
  o.max_attempts = 3;
  typedis::retry_schedule s(o, 1);
  EXPECT_TRUE(s.should_retry(failure(typedis::send_state::not_sent), incr, 1));
  EXPECT_TRUE(s.should_retry(failure(typedis::send_state::not_sent), incr, 2));
  EXPECT_FALSE(s.should_retry(failure(typedis::send_state::not_sent), incr, 3)) << "attempts are bounded";
}

TEST(retry_schedule, possibly_executed_commands_only_when_idempotent) {
  typedis::retry_options o;
  typedis::retry_schedule s(o, 1);
  EXPECT_FALSE(s.should_retry(failure(typedis::send_state::may_have_executed), incr, 1));
  EXPECT_FALSE(s.should_retry(failure(typedis::send_state::may_have_executed), typedis::generic_command_info, 1));
  EXPECT_TRUE(s.should_retry(failure(typedis::send_state::may_have_executed), get, 1));
  EXPECT_TRUE(s.should_retry(failure(typedis::send_state::may_have_executed), set, 1));
  o.retry_unsafe = true;
  EXPECT_TRUE(s.should_retry(failure(typedis::send_state::may_have_executed), incr, 1)) << "user opted in";
}

TEST(retry_schedule, single_attempt_means_no_retry) {
  typedis::retry_options o;
  o.max_attempts = 1;
  typedis::retry_schedule s(o, 1);
  EXPECT_FALSE(s.should_retry(failure(typedis::send_state::not_sent), get, 1));
}

TEST(retry_schedule, full_jitter_stays_under_the_exponential_cap) {
  typedis::retry_options o;
  o.base_backoff = 10ms;
  o.max_backoff = 100ms;
  typedis::retry_schedule s(o, 42);
  for (int attempt = 1; attempt <= 8; ++attempt) {
    const long long cap = std::min<long long>(100, 10LL << (attempt - 1));
    long long seen_max = 0;
    long long seen_min = cap;
    for (int i = 0; i < 2000; ++i) {
      const long long d = s.backoff(attempt).count();
      ASSERT_GE(d, 0);
      ASSERT_LE(d, cap) << "attempt " << attempt;
      seen_max = std::max(seen_max, d);
      seen_min = std::min(seen_min, d);
    }
    // Full jitter: the whole range is used, not a fixed delay.
    EXPECT_GE(seen_max, cap * 8 / 10) << "attempt " << attempt;
    EXPECT_LE(seen_min, cap / 5) << "attempt " << attempt;
  }
}

TEST(retry_schedule, zero_backoff) {
  typedis::retry_options o;
  o.base_backoff = 0ms;
  typedis::retry_schedule s(o, 7);
  EXPECT_EQ(s.backoff(3), 0ms);
}
