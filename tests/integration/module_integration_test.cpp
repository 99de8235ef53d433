// Opt-in integration tests of the module commands (RedisJSON, RediSearch, RedisTimeSeries, Vector
// Sets) against a real module server, e.g. redis-stack-server or Redis 8 with its modules:
//
//   TYPEDIS_MODULES_URL=redis://127.0.0.1:6379 ctest -R module_integration
//
// Debian ships no module server, so without TYPEDIS_MODULES_URL every test here is reported as
// SKIPPED (never passed). Each test runs over RESP2 and RESP3 (`?protocol=` is appended to the
// URL), since the module replies differ most between the two.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "test_env.hpp"
#include "typedis/modules.hpp"
#include "typedis/typedis.hpp"

namespace {

namespace c = typedis::cmd;
using nlohmann::json;

std::optional<std::string> modules_url() {
  const char* url = std::getenv("TYPEDIS_MODULES_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

std::string with_protocol(const std::string& url, int protocol) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "protocol=" + std::to_string(protocol);
}

#define REQUIRE_MODULE_SERVER()                                                                       \
  const std::optional<std::string> base_url = modules_url();                                        \
  if (!base_url) GTEST_SKIP() << "TYPEDIS_MODULES_URL is not set: no module server to test against"

class module_integration : public ::testing::TestWithParam<int> {};

std::string key(const std::string& suffix) {
  return typedis::test::unique_key(suffix + ":p" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
}

TEST_P(module_integration, json_round_trip) {
  REQUIRE_MODULE_SERVER();
  typedis::client r{with_protocol(*base_url, GetParam())};
  auto m = typedis::modules(r);
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

TEST_P(module_integration, ft_create_search_info) {
  REQUIRE_MODULE_SERVER();
  typedis::client r{with_protocol(*base_url, GetParam())};
  auto m = typedis::modules(r);
  const std::string prefix = key("ft") + ":";
  const std::string idx = prefix + "idx";
  const std::pair<std::string_view, std::string_view> vector_attributes[] = {
      {"TYPE", "FLOAT32"}, {"DIM", "2"}, {"DISTANCE_METRIC", "L2"}};
  const c::ft_create_field schema[] = {
      {.field_name = "title", .field_type = typedis::text{}},
      {.field_name = "price", .field_type = typedis::numeric{},
       .sortable = c::ft_create_field_sortable{}},
      {.field_name = "v",
       .field_type = c::ft_create_field_field_type_vector{
           .algorithm = c::ft_create_field_field_type_vector_algorithm::flat,
           .nargs = 6,
           .attribute = vector_attributes}}};
  m.ft_create(idx, schema, {.data_type = c::ft_create_data_type::hash, .prefix = c::ft_create_prefix{.count = 1, .prefix = {prefix}}});
  r.hset(prefix + "1", {{"title", "hello world"}, {"price", "10"}});
  // Indexing is asynchronous: wait until the document is searchable.
  typedis::resp::value found;
  for (int attempt = 0; attempt < 50; ++attempt) {
    found = m.ft_search(idx, "@title:hello", {.nocontent = true});
    const bool hit = GetParam() == 2 ? (!found.elements.empty() && found.elements[0].integer == 1)
                                     : found.type == typedis::resp::type::map;
    if (hit) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (GetParam() == 2) {
    ASSERT_EQ(found.elements.size(), 2u);
    EXPECT_EQ(found.elements[1].string, prefix + "1");
  }
  const auto info = m.ft_info(idx);
  EXPECT_EQ(info.index_name, idx);
  EXPECT_TRUE(m.ft_list().contains(idx));
  m.ft_dropindex(idx, {.delete_docs = true});
}

TEST_P(module_integration, ts_add_range_info) {
  REQUIRE_MODULE_SERVER();
  typedis::client r{with_protocol(*base_url, GetParam())};
  auto m = typedis::modules(r);
  const std::string k = key("ts");
  m.ts_create(k, {.labels = c::ts_create_labels{.label_value_pairs = {{"room", "kitchen"}}}});
  EXPECT_EQ(m.ts_add(k, "1000", 21.5), 1000);
  EXPECT_EQ(m.ts_add(k, "2000", 22, {.on_duplicate = c::ts_add_duplicate_policy_policy::sum}), 2000);
  const auto range = m.ts_range(k, "-", "+");
  ASSERT_EQ(range.size(), 2u);
  EXPECT_EQ(range[0].first, 1000);
  EXPECT_DOUBLE_EQ(range[0].second, 21.5);
  const auto last = m.ts_get(k);
  EXPECT_EQ(last.timestamp, 2000);
  const auto info = m.ts_info(k);
  EXPECT_EQ(info.total_samples, 2);
  ASSERT_TRUE(info.labels.has_value());
  EXPECT_EQ(info.labels->at("room"), "kitchen");
  r.del({k});
}

TEST_P(module_integration, vset_add_sim_emb) {
  REQUIRE_MODULE_SERVER();
  typedis::client r{with_protocol(*base_url, GetParam())};
  auto m = typedis::modules(r);
  const std::string k = key("vset");
  const float v1[] = {1.0f, 0.0f, 0.0f};
  std::string blob(sizeof v1, '\0');
  std::memcpy(blob.data(), v1, sizeof v1);
  EXPECT_TRUE(m.vadd(k, typedis::fp32{blob}, "a", {.quant_type = c::vadd_quant_type::noquant, .attributes = R"({"n":1})"}));
  EXPECT_TRUE(m.vadd(k, typedis::values{{0.0, 1.0, 0.0}}, "b", {.quant_type = c::vadd_quant_type::noquant}));
  EXPECT_EQ(m.vcard(k), 2);
  EXPECT_EQ(m.vdim(k), 3);
  const auto sim = m.vsim_withscores(k, typedis::ele{"a"}, {.count = 2});
  ASSERT_EQ(sim.size(), 2u);
  EXPECT_EQ(sim[0].first, "a");
  EXPECT_NEAR(sim[0].second, 1.0, 1e-6);
  const auto emb = m.vemb(k, "a");
  ASSERT_TRUE(emb.has_value());
  EXPECT_NEAR((*emb)[0], 1.0, 1e-6);
  EXPECT_EQ(m.vgetattr(k, "a")->at("n"), 1);
  EXPECT_TRUE(m.vismember(k, "b"));
  EXPECT_TRUE(m.vrem(k, "b"));
  r.del({k});
}

INSTANTIATE_TEST_SUITE_P(resp, module_integration, ::testing::Values(2, 3),
                         [](const ::testing::TestParamInfo<int>& p) { return "resp" + std::to_string(p.param); });

}  // namespace
