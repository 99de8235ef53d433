// Opt-in integration tests of the Vector Sets commands against a real module server
// (TYPEDIS_MODULES_URL; see module_test_env.hpp): skipped, never passed, without one. Every V*
// command goes through the typed client, over RESP2 and RESP3. VISMEMBER needs Redis 8.2, VRANGE 8.4.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "module_test_env.hpp"
#include "typedis/modules.hpp"
#include "typedis/typedis.hpp"

namespace {

namespace c = typedis::cmd;
namespace vs = typedis::vectorset;
using nlohmann::json;
using typedis::test::with_protocol;

std::string key(const std::string& suffix) { return typedis::test::module_key(suffix); }

class vectorset_module : public ::testing::TestWithParam<int> {};

TEST_P(vectorset_module, add_and_read_back) {
  REQUIRE_MODULE_SERVER("VADD");
  typedis::client r{with_protocol(*base_url, GetParam())};
  const std::string k = key("vset");
  const std::vector<float> a{1.0f, 0.0f, 0.0f};
  EXPECT_TRUE(r.vadd(k, a, "a", {.quant_type = c::vadd_quant_type::noquant, .setattr = json{{"n", 1}, {"kind", "x"}}}));
  EXPECT_TRUE(r.vadd(k, vs::vector::values({0.0, 1.0, 0.0}), "b", {.quant_type = c::vadd_quant_type::noquant}));
  EXPECT_TRUE(r.vadd(k, {0.7f, 0.7f, 0.0f}, "c", {.cas = true, .quant_type = c::vadd_quant_type::noquant,
                                                  .ef = 100, .setattr = json{{"n", 3}}}));
  EXPECT_FALSE(r.vadd(k, a, "a", {.quant_type = c::vadd_quant_type::noquant}));  // already there: updated, not added
  EXPECT_EQ(r.vcard(k), 3);
  EXPECT_EQ(r.vdim(k), 3);
  EXPECT_TRUE(r.vismember(k, "b"));
  EXPECT_FALSE(r.vismember(k, "zz"));

  const auto emb = r.vemb(k, "a");
  ASSERT_TRUE(emb.has_value());
  ASSERT_EQ(emb->size(), 3u);
  EXPECT_NEAR((*emb)[0], 1.0, 1e-6);
  EXPECT_FALSE(r.vemb(k, "zz").has_value());
  const auto raw = r.vemb_raw(k, "a");
  EXPECT_EQ(raw.quantization, "f32");
  EXPECT_EQ(raw.data.size(), 12u);
  EXPECT_GT(raw.norm, 0.0);

  EXPECT_EQ(r.vgetattr(k, "a").value().at("kind"), "x");
  EXPECT_FALSE(r.vgetattr(k, "b").has_value());
  EXPECT_TRUE(r.vsetattr(k, "b", json{{"n", 2}}));
  EXPECT_EQ(r.vgetattr(k, "b").value().at("n"), 2);
  EXPECT_TRUE(r.vsetattr(k, "b", typedis::json_arg::raw("")));  // removes the attributes
  EXPECT_FALSE(r.vgetattr(k, "b").has_value());

  const auto info = r.vinfo(k);
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->vector_dim, 3);
  EXPECT_EQ(info->size, 3);
  EXPECT_EQ(info->quant_type, "f32");
  // The HNSW graph's top level: present, and within the module's level cap (16).
  ASSERT_TRUE(info->max_level.has_value());
  EXPECT_GE(*info->max_level, 0);
  EXPECT_LE(*info->max_level, 16);
  EXPECT_FALSE(r.vinfo(key("missing")).has_value());

  const auto links = r.vlinks(k, "a");
  ASSERT_TRUE(links.has_value());
  ASSERT_FALSE(links->empty());
  const auto scored_links = r.vlinks_withscores(k, "a");
  ASSERT_TRUE(scored_links.has_value());
  ASSERT_FALSE(scored_links->empty());
  for (const auto& e : scored_links->front()) EXPECT_NE(e.element, "a");

  const auto one = r.vrandmember(k);
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(r.vrandmember_count(k, 2).size(), 2u);
  EXPECT_FALSE(r.vrandmember(key("missing")).has_value());
  EXPECT_EQ(r.vrange(k, "-", "+"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(r.vrange(k, "(a", "+", {.count = 1}), std::vector<std::string>{"b"});

  EXPECT_TRUE(r.vrem(k, "b"));
  EXPECT_FALSE(r.vrem(k, "b"));
  EXPECT_EQ(r.vcard(k), 2);
  r.del({k});
}

TEST_P(vectorset_module, similarity) {
  REQUIRE_MODULE_SERVER("VADD");
  typedis::client r{with_protocol(*base_url, GetParam())};
  const std::string k = key("vsim");
  r.vadd(k, {1.0f, 0.0f}, "east", {.quant_type = c::vadd_quant_type::noquant, .setattr = json{{"year", 1950}}});
  r.vadd(k, {0.0f, 1.0f}, "north", {.quant_type = c::vadd_quant_type::noquant, .setattr = json{{"year", 1990}}});
  r.vadd(k, {0.9f, 0.1f}, "east-ish", {.quant_type = c::vadd_quant_type::noquant});

  EXPECT_EQ(r.vsim(k, vs::element{"east"}, {.count = 1}), std::vector<std::string>{"east"});
  const auto scores = r.vsim_withscores(k, std::vector<float>{1.0f, 0.0f}, {.count = 3});
  ASSERT_EQ(scores.size(), 3u);
  EXPECT_EQ(scores[0].element, "east");
  EXPECT_NEAR(scores[0].score, 1.0, 1e-6);
  EXPECT_EQ(scores[1].element, "east-ish");
  EXPECT_TRUE(std::is_sorted(scores.begin(), scores.end(), [](const auto& x, const auto& y) { return x.score > y.score; }));

  const auto attribs = r.vsim_withattribs(k, vs::vector::values({0.0, 1.0}), {.count = 3});
  ASSERT_EQ(attribs.size(), 3u);
  EXPECT_EQ(attribs[0].element, "north");
  EXPECT_EQ(attribs[0].attributes.value().at("year"), 1990);
  const auto plain = std::find_if(attribs.begin(), attribs.end(), [](const auto& e) { return e.element == "east-ish"; });
  ASSERT_NE(plain, attribs.end());
  EXPECT_FALSE(plain->attributes.has_value());

  const auto both = r.vsim_withscores_withattribs(k, vs::element{"east"}, {.count = 3, .filter = ".year < 2000"});
  ASSERT_EQ(both.size(), 2u);  // east-ish has no attributes: the filter drops it
  EXPECT_EQ(both[0].element, "east");
  EXPECT_NEAR(both[0].score, 1.0, 1e-6);
  EXPECT_EQ(both[0].attributes.value().at("year"), 1950);
  EXPECT_EQ(both[1].element, "north");

  const auto filtered = r.vsim(k, {1.0f, 0.0f}, {.filter = ".year > 1960", .filter_ef = 100, .truth = true});
  EXPECT_EQ(filtered, std::vector<std::string>{"north"});
  const auto close = r.vsim(k, {1.0f, 0.0f}, {.epsilon = 0.1, .ef = 50, .nothread = true});
  EXPECT_EQ(close, (std::vector<std::string>{"east", "east-ish"}));
  r.del({k});
}

TEST_P(vectorset_module, reduce_and_quantisation) {
  REQUIRE_MODULE_SERVER("VADD");
  typedis::client r{with_protocol(*base_url, GetParam())};
  const std::string k = key("vreduce");
  const std::vector<float> v(8, 0.5f);
  EXPECT_TRUE(r.vadd(k, v, "e", {.reduce = 4, .quant_type = c::vadd_quant_type::q8, .m = 8}));
  EXPECT_EQ(r.vdim(k), 4);
  const auto raw = r.vemb_raw(k, "e");
  EXPECT_EQ(raw.quantization, "int8");
  EXPECT_EQ(r.vinfo(k).value().quant_type, "int8");
  EXPECT_TRUE(raw.range.has_value());
  const std::string b = key("vbin");
  EXPECT_TRUE(r.vadd(b, {1.0f, -1.0f}, "e", {.quant_type = c::vadd_quant_type::bin}));
  EXPECT_EQ(r.vemb_raw(b, "e").quantization, "bin");
  r.del({k, b});
}

INSTANTIATE_TEST_SUITE_P(resp, vectorset_module, ::testing::Values(2, 3), typedis::test::protocol_name);

}  // namespace
