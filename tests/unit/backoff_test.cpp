// The one backoff schedule (client retries and subscriber reconnects), without a server.
#include <gtest/gtest.h>

#include <limits>

#include "core/backoff.hpp"
#include "typedis/client_options.hpp"
#include "typedis/subscriber.hpp"

using namespace std::chrono_literals;
using std::chrono::milliseconds;
using typedis::backoff_delay;
using typedis::backoff_options;

TEST(backoff, no_failure_no_wait) {
  EXPECT_EQ(backoff_delay(backoff_options{}, 0, 0.5), 0ms);
  EXPECT_EQ(backoff_delay(backoff_options{}, -3, 0.5), 0ms);
}

TEST(backoff, half_jitter_keeps_at_least_half_the_step) {
  const backoff_options o{100ms, 1000ms, 0.5};
  const long long steps[] = {100, 200, 400, 800, 1000, 1000};
  for (int n = 1; n <= 6; ++n) {
    const long long step = steps[n - 1];
    EXPECT_EQ(backoff_delay(o, n, 0.0).count(), step - step / 2) << n;
    EXPECT_EQ(backoff_delay(o, n, 0.999999).count(), step) << n;
    EXPECT_EQ(backoff_delay(o, n, 1.0).count(), step) << n;
  }
}

TEST(backoff, full_jitter_spans_zero_to_the_step) {
  const backoff_options o{10ms, 100ms, 1.0};
  EXPECT_EQ(backoff_delay(o, 1, 0.0), 0ms);
  EXPECT_EQ(backoff_delay(o, 1, 0.999999), 10ms);
  EXPECT_EQ(backoff_delay(o, 4, 0.999999), 80ms);
  EXPECT_EQ(backoff_delay(o, 5, 0.999999), 100ms);
  EXPECT_EQ(backoff_delay(o, 5, 0.5), 50ms);
}

TEST(backoff, no_jitter_is_the_exact_step) {
  const backoff_options o{30ms, 100ms, 0.0};
  EXPECT_EQ(backoff_delay(o, 1, 0.7), 30ms);
  EXPECT_EQ(backoff_delay(o, 2, 0.1), 60ms);
  EXPECT_EQ(backoff_delay(o, 3, 0.9), 100ms);
}

TEST(backoff, large_counts_and_odd_inputs_stay_bounded) {
  const backoff_options o{100ms, 1000ms, 1.0};
  EXPECT_EQ(backoff_delay(o, 1'000'000, 0.999999), 1000ms);  // no overflow
  EXPECT_EQ(backoff_delay(o, std::numeric_limits<int>::max(), 0.999999), 1000ms);
  EXPECT_EQ(backoff_delay({0ms, 1000ms, 1.0}, 5, 0.9), 0ms);  // initial 0: never waits
  EXPECT_EQ(backoff_delay({-5ms, 1000ms, 1.0}, 5, 0.9), 0ms);
  EXPECT_EQ(backoff_delay({100ms, 50ms, 0.0}, 1, 0.9), 50ms);  // initial above the cap: the cap
  EXPECT_EQ(backoff_delay({100ms, 1000ms, 7.0}, 1, 0.0), 0ms);  // jitter clamped to 1
  EXPECT_EQ(backoff_delay({100ms, 1000ms, std::numeric_limits<double>::quiet_NaN()}, 1, 0.0), 100ms);
  EXPECT_EQ(backoff_delay({100ms, 1000ms, 1.0}, 1, std::numeric_limits<double>::quiet_NaN()), 0ms);
}

TEST(backoff, jitter_source_is_uniform_enough_and_in_range) {
  typedis::jitter_source j(42);
  int low = 0;
  for (int i = 0; i < 10000; ++i) {
    const double u = j.next_unit();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    if (u < 0.5) ++low;
  }
  EXPECT_GT(low, 4500);
  EXPECT_LT(low, 5500);
}

// The older option names (retry_options::base_backoff/max_backoff, reconnect_options::initial_delay/
// max_delay) still mean what they meant: they win over the backoff struct when set.
TEST(backoff, older_option_names_are_aliases) {
  typedis::retry_options r;
  EXPECT_EQ(r.effective_backoff().initial_delay, 20ms);
  EXPECT_EQ(r.effective_backoff().max_delay, 1000ms);
  EXPECT_EQ(r.effective_backoff().jitter, 1.0);
  r.base_backoff = 5ms;
  r.max_backoff = 50ms;
  EXPECT_EQ(r.effective_backoff().initial_delay, 5ms);
  EXPECT_EQ(r.effective_backoff().max_delay, 50ms);

  typedis::reconnect_options s;
  EXPECT_EQ(s.effective_backoff().initial_delay, 100ms);
  EXPECT_EQ(s.effective_backoff().max_delay, 5000ms);
  EXPECT_EQ(s.effective_backoff().jitter, 0.5);
  s.backoff.initial_delay = 7ms;
  EXPECT_EQ(s.effective_backoff().initial_delay, 7ms);
  s.initial_delay = 20ms;
  s.max_delay = 200ms;
  EXPECT_EQ(s.effective_backoff().initial_delay, 20ms);
  EXPECT_EQ(s.effective_backoff().max_delay, 200ms);
}

// The options read naturally with designated initialisers, and both users take the same struct.
TEST(backoff, one_struct_for_retries_and_reconnects) {
  const typedis::retry_options r{.max_attempts = 2, .backoff = {.initial_delay = 5ms, .max_delay = 40ms}};
  typedis::reconnect_options s{.enabled = true, .backoff = r.backoff};
  EXPECT_EQ(s.effective_backoff().initial_delay, 5ms);
  EXPECT_EQ(s.effective_backoff().max_delay, 40ms);
  EXPECT_EQ(backoff_delay(s.effective_backoff(), 4, 0.999999), 40ms);
  EXPECT_EQ(r.max_attempts, 2);
}
