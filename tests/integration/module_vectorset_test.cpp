// Opt-in integration tests of the Vector Sets commands against a real module server
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

class vectorset_module : public ::testing::TestWithParam<int> {};

TEST_P(vectorset_module, vset_add_sim_emb) {
  REQUIRE_MODULE_SERVER();
  typedis::client r{with_protocol(*base_url, GetParam())};
  auto& m = r;
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

INSTANTIATE_TEST_SUITE_P(resp, vectorset_module, ::testing::Values(2, 3), typedis::test::protocol_name);

}  // namespace
