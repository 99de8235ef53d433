// Opt-in integration tests of the RedisTimeSeries commands against a real module server
// (TYPEDIS_MODULES_URL; see module_test_env.hpp): skipped, never passed, without one.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "module_test_env.hpp"
#include "typedis/modules.hpp"
#include "typedis/typedis.hpp"

namespace {

namespace c = typedis::cmd;
using nlohmann::json;
using typedis::test::with_protocol;

std::string key(const std::string& suffix) { return typedis::test::module_key(suffix); }

class timeseries_module : public ::testing::TestWithParam<int> {};

TEST_P(timeseries_module, ts_add_range_info) {
  REQUIRE_MODULE_SERVER();
  typedis::client r{with_protocol(*base_url, GetParam())};
  auto& m = r;
  const std::string k = key("ts");
  using namespace std::chrono_literals;
  namespace ts = typedis::timeseries;
  m.ts_create(k, {.labels = {{"room", "kitchen"}}});
  EXPECT_EQ(m.ts_add(k, 1000ms, 21.5), std::chrono::system_clock::time_point(1000ms));
  EXPECT_EQ(m.ts_add(k, 2000ms, 22, {.on_duplicate = c::ts_add_on_duplicate::sum}), std::chrono::system_clock::time_point(2000ms));
  const auto range = m.ts_range(k, ts::range_bound::earliest(), ts::range_bound::latest());
  ASSERT_EQ(range.size(), 2u);
  EXPECT_EQ(range[0].timestamp, std::chrono::system_clock::time_point(1000ms));
  EXPECT_DOUBLE_EQ(range[0].value, 21.5);
  const auto last = m.ts_get(k);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->timestamp, std::chrono::system_clock::time_point(2000ms));
  const auto info = m.ts_info(k);
  EXPECT_EQ(info.total_samples, 2);
  ASSERT_TRUE(info.labels.has_value());
  EXPECT_EQ(info.labels->at("room"), "kitchen");
  r.del({k});
}

INSTANTIATE_TEST_SUITE_P(resp, timeseries_module, ::testing::Values(2, 3), typedis::test::protocol_name);

}  // namespace
