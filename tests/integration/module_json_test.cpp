// Opt-in integration tests of the RedisJSON commands against a real module server
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

class json_module : public ::testing::TestWithParam<int> {};

TEST_P(json_module, json_round_trip) {
  REQUIRE_MODULE_SERVER();
  typedis::client r{with_protocol(*base_url, GetParam())};
  auto& m = r;
  const std::string k = key("json");
  ASSERT_TRUE(m.json_set(k, "$", R"({"name":"ada","tags":["a"],"n":1})").has_value());
  EXPECT_FALSE(m.json_set(k, "$", "{}", {.condition = c::json_set_condition::nx}).has_value());
  const auto doc = m.json_get(k);
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ(doc->at("name"), "ada");
  const auto one = m.json_get_paths(k, {"$.name"});
  EXPECT_EQ(*one, json::array({"ada"}));
  const auto many = m.json_get_paths(k, {"$.name", "$.n"});
  EXPECT_EQ(many->at("$.n"), json::array({1}));
  EXPECT_EQ(m.json_arrappend(k, "$.tags", {R"("b")"}), (std::vector<std::optional<long long>>{2}));
  EXPECT_EQ(m.json_numincrby(k, "$.n", 2), json::array({3}));
  const auto mget = m.json_mget({k, k + ":missing"}, "$.name");
  ASSERT_EQ(mget.size(), 2u);
  EXPECT_EQ(*mget[0], json::array({"ada"}));
  EXPECT_FALSE(mget[1].has_value());
  EXPECT_EQ(m.json_del(k), 1);
}

INSTANTIATE_TEST_SUITE_P(resp, json_module, ::testing::Values(2, 3), typedis::test::protocol_name);

}  // namespace
