// Unit tests of the Vector Sets (V*) commands: wire tests (every command's exact request bytes for a
// representative call, written out by hand from the documented syntax, not from the generator) and
// decode tests (exact RESP2 and RESP3 reply fixtures written from the documented reply formats,
// decoded into the command's reply type; malformed variants must give typedis::decode_error).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "module_test_support.hpp"

namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using namespace module_test;
namespace c = typedis::cmd;
using nlohmann::json;
using typedis::resp::value;

TEST(module_wire, vectorset) {
  const std::string blob = fp32_blob({1.0f, 0.0f, -0.5f});
  EXPECT_EQ(c::vadd("vs", typedis::fp32{blob}, "e1", {.quant_type = c::vadd_quant_type::q8, .attributes = R"({"year":1950})"})
                .bytes(),
            wire({"VADD", "vs", "FP32", blob, "e1", "Q8", "SETATTR", R"({"year":1950})"}));
  EXPECT_EQ(c::vadd("vs", typedis::values{{0.1, 0.2, 0.3}}, "e2",
                    {.reduce = 2, .cas = true, .quant_type = c::vadd_quant_type::noquant, .build_exploration_factor = 200,
                     .numlinks = 16})
                .bytes(),
            wire({"VADD", "vs", "REDUCE", "2", "VALUES", "3", "0.1", "0.2", "0.3", "e2", "CAS", "NOQUANT", "EF", "200",
                  "M", "16"}));
  EXPECT_EQ(c::vrem("vs", "e1").bytes(), wire({"VREM", "vs", "e1"}));
  EXPECT_EQ(c::vsim("vs", typedis::ele{"e1"}, {.count = 5, .expression = ".year > 1940", .max_filtering_effort = 100})
                .bytes(),
            wire({"VSIM", "vs", "ELE", "e1", "COUNT", "5", "FILTER", ".year > 1940", "FILTER-EF", "100"}));
  EXPECT_EQ(c::vsim_withscores("vs", typedis::values{{0.5, -0.5}}, {.count = 3, .max_distance = 0.2}).bytes(),
            wire({"VSIM", "vs", "VALUES", "2", "0.5", "-0.5", "WITHSCORES", "COUNT", "3", "EPSILON", "0.2"}));
  EXPECT_EQ(c::vsim_withattribs("vs", typedis::fp32{blob}, {.truth = true}).bytes(),
            wire({"VSIM", "vs", "FP32", blob, "WITHATTRIBS", "TRUTH"}));
  EXPECT_EQ(c::vsim_withscores_withattribs("vs", typedis::ele{"e1"}, {.search_exploration_factor = 500, .nothread = true})
                .bytes(),
            wire({"VSIM", "vs", "ELE", "e1", "WITHSCORES", "WITHATTRIBS", "EF", "500", "NOTHREAD"}));
  EXPECT_EQ(c::vdim("vs").bytes(), wire({"VDIM", "vs"}));
  EXPECT_EQ(c::vcard("vs").bytes(), wire({"VCARD", "vs"}));
  EXPECT_EQ(c::vemb("vs", "e1").bytes(), wire({"VEMB", "vs", "e1"}));
  EXPECT_EQ(c::vemb_raw("vs", "e1").bytes(), wire({"VEMB", "vs", "e1", "RAW"}));
  EXPECT_EQ(c::vgetattr("vs", "e1").bytes(), wire({"VGETATTR", "vs", "e1"}));
  EXPECT_EQ(c::vsetattr("vs", "e1", R"({"year":1951})").bytes(), wire({"VSETATTR", "vs", "e1", R"({"year":1951})"}));
  EXPECT_EQ(c::vsetattr("vs", "e1", "").bytes(), wire({"VSETATTR", "vs", "e1", ""}));
  EXPECT_EQ(c::vinfo("vs").bytes(), wire({"VINFO", "vs"}));
  EXPECT_EQ(c::vismember("vs", "e1").bytes(), wire({"VISMEMBER", "vs", "e1"}));
  EXPECT_EQ(c::vlinks("vs", "e1").bytes(), wire({"VLINKS", "vs", "e1"}));
  EXPECT_EQ(c::vlinks_withscores("vs", "e1").bytes(), wire({"VLINKS", "vs", "e1", "WITHSCORES"}));
  EXPECT_EQ(c::vrandmember("vs").bytes(), wire({"VRANDMEMBER", "vs"}));
  EXPECT_EQ(c::vrandmember_count("vs", -3).bytes(), wire({"VRANDMEMBER", "vs", "-3"}));
  EXPECT_EQ(c::vrange("vs", "[a", "+", {.count = 10}).bytes(), wire({"VRANGE", "vs", "[a", "+", "10"}));
  EXPECT_EQ(c::vrange("vs", "-", "+").bytes(), wire({"VRANGE", "vs", "-", "+"}));
}

// ---- Vector Sets ---------------------------------------------------------------------------------

TEST(module_decode, vset_scalars) {
  // RESP2 integers 0/1, RESP3 booleans.
  for (const auto& [bytes, want] : {std::pair{i(1), true}, std::pair{i(0), false}, std::pair{"#t\r\n"s, true},
                                    std::pair{"#f\r\n"s, false}}) {
    EXPECT_EQ(decode_reply<REPLY_OF(c::vadd("k", typedis::fp32{"e"}, "e"))>(bytes), want);
    EXPECT_EQ(decode_reply<REPLY_OF(c::vrem("k", "e"))>(bytes), want);
    EXPECT_EQ(decode_reply<REPLY_OF(c::vsetattr("k", "e", "{}"))>(bytes), want);
    EXPECT_EQ(decode_reply<REPLY_OF(c::vismember("k", "e"))>(bytes), want);
  }
  expect_decode_error<REPLY_OF(c::vismember("k", "e"))>(i(2));
  EXPECT_EQ(decode_reply<REPLY_OF(c::vcard("k"))>(i(3000000)), 3000000);
  EXPECT_EQ(decode_reply<REPLY_OF(c::vdim("k"))>(i(300)), 300);
  EXPECT_EQ(decode_reply<REPLY_OF(c::vrandmember("k"))>(b("elem2")), "elem2");
  EXPECT_FALSE(decode_reply<REPLY_OF(c::vrandmember("k"))>(nil2).has_value());
  EXPECT_FALSE(decode_reply<REPLY_OF(c::vrandmember("k"))>(null3).has_value());
  EXPECT_EQ(decode_reply<REPLY_OF(c::vrandmember_count("k", 2))>(arr(2) + b("elem1") + b("elem3")).size(), 2u);
  EXPECT_TRUE(decode_reply<REPLY_OF(c::vrandmember_count("k", 2))>(arr(0)).empty());
  EXPECT_EQ(decode_reply<REPLY_OF(c::vrange("k", "-", "+"))>(arr(2) + b("a") + b("b")),
            (std::vector<std::string>{"a", "b"}));
  using attr_t = REPLY_OF(c::vgetattr("k", "e"));
  EXPECT_EQ(decode_reply<attr_t>(b(R"({"year": 1952})"))->at("year"), 1952);
  EXPECT_FALSE(decode_reply<attr_t>(nil2).has_value());
  EXPECT_FALSE(decode_reply<attr_t>(null3).has_value());
  expect_decode_error<attr_t>(b("{year"));
}

TEST(module_decode, vemb_vinfo_vlinks) {
  using emb_t = REPLY_OF(c::vemb("k", "e"));
  for (const auto& bytes : {arr(3) + b("0.18208661675453186") + b("-0.16501599550247192") + b("0"),
                            arr(3) + d("0.18208661675453186") + d("-0.16501599550247192") + d("0")}) {
    const auto v = decode_reply<emb_t>(bytes);
    ASSERT_TRUE(v.has_value());
    ASSERT_EQ(v->size(), 3u);
    EXPECT_DOUBLE_EQ((*v)[0], 0.18208661675453186);
    EXPECT_DOUBLE_EQ((*v)[1], -0.16501599550247192);
  }
  EXPECT_FALSE(decode_reply<emb_t>(nil2).has_value());
  EXPECT_FALSE(decode_reply<emb_t>(null3).has_value());
  expect_decode_error<emb_t>(arr(1) + b("x0.5"));

  using raw_t = REPLY_OF(c::vemb_raw("k", "e"));
  const std::string q8 = "\x7f\x81\x00"s;
  for (const auto& bytes : {arr(4) + b("q8") + b(q8) + b("1.5") + b("0.25"), arr(4) + b("q8") + b(q8) + d("1.5") + d("0.25")}) {
    const auto v = decode_reply<raw_t>(bytes);
    EXPECT_EQ(v.quantization, "q8");
    EXPECT_EQ(v.data, q8);
    EXPECT_DOUBLE_EQ(v.norm, 1.5);
    ASSERT_TRUE(v.range.has_value());
    EXPECT_DOUBLE_EQ(*v.range, 0.25);
  }
  const auto fp = decode_reply<raw_t>(arr(3) + b("fp32") + b("\0\0\x80\x3f"s) + d("2"));  // no range for fp32
  EXPECT_EQ(fp.data.size(), 4u);
  EXPECT_FALSE(fp.range.has_value());
  expect_decode_error<raw_t>(arr(2) + b("fp32") + b("x"));

  using info_t = REPLY_OF(c::vinfo("k"));
  for (const auto& bytes : {arr(4) + b("quant-type") + b("int8") + b("vector-dim") + i(300),
                            map(2) + b("quant-type") + b("int8") + b("vector-dim") + i(300)}) {
    const auto v = decode_reply<info_t>(bytes);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->at("quant-type").string, "int8");
    EXPECT_EQ(v->at("vector-dim").integer, 300);
  }
  EXPECT_FALSE(decode_reply<info_t>(nil2).has_value());
  expect_decode_error<info_t>(arr(3) + b("quant-type") + b("int8") + b("size"));

  using links_t = REPLY_OF(c::vlinks("k", "e"));
  const auto links = decode_reply<links_t>(arr(2) + arr(2) + b("a") + b("b") + arr(1) + b("c"));
  ASSERT_TRUE(links.has_value());
  EXPECT_EQ((*links)[0], (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ((*links)[1], std::vector<std::string>{"c"});
  EXPECT_FALSE(decode_reply<links_t>(null3).has_value());
  using lws_t = REPLY_OF(c::vlinks_withscores("k", "e"));
  // RESP2: per level a flat array element, score; RESP3: per level a map element -> score.
  for (const auto& bytes : {arr(1) + arr(4) + b("a") + b("0.9") + b("b") + b("0.8"),
                            arr(1) + map(2) + b("a") + d("0.9") + b("b") + d("0.8")}) {
    const auto v = decode_reply<lws_t>(bytes);
    ASSERT_TRUE(v.has_value());
    ASSERT_EQ((*v)[0].size(), 2u);
    EXPECT_EQ((*v)[0][1].first, "b");
    EXPECT_DOUBLE_EQ((*v)[0][1].second, 0.8);
  }
}

TEST(module_decode, vsim) {
  EXPECT_EQ(decode_reply<REPLY_OF(c::vsim("k", typedis::ele{"e"}))>(arr(3) + b("apple") + b("apples") + b("pear")).size(),
            3u);
  using ws_t = REPLY_OF(c::vsim_withscores("k", typedis::ele{"e"}));
  // README of the vector-sets module: RESP2 ele, score, ...; RESP3 a map ele -> score, in rank order.
  for (const auto& bytes : {arr(6) + b("apple") + b("0.9998867657923256") + b("apples") + b("0.8598527610301971") +
                                b("pear") + b("0.8226882219314575"),
                            map(3) + b("apple") + d("0.9998867657923256") + b("apples") + d("0.8598527610301971") +
                                b("pear") + d("0.8226882219314575")}) {
    const auto v = decode_reply<ws_t>(bytes);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[0].first, "apple");
    EXPECT_DOUBLE_EQ(v[0].second, 0.9998867657923256);
    EXPECT_EQ(v[2].first, "pear");
    EXPECT_DOUBLE_EQ(v[2].second, 0.8226882219314575);
  }
  expect_decode_error<ws_t>(arr(3) + b("apple") + b("0.9") + b("pear"));
  expect_decode_error<ws_t>(arr(2) + b("apple") + b("close"));

  using wa_t = REPLY_OF(c::vsim_withattribs("k", typedis::ele{"e"}));
  for (const auto& bytes : {arr(4) + b("a") + b(R"({"len": 5})") + b("b") + nil2,
                            map(2) + b("a") + b(R"({"len": 5})") + b("b") + null3}) {
    const auto v = decode_reply<wa_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].second->at("len"), 5);
    EXPECT_FALSE(v[1].second.has_value());
  }
  expect_decode_error<wa_t>(arr(2) + b("a") + b("{len"));

  // Both: RESP2 triplets ele, score, attribs; RESP3 ele -> [score, attribs]. Not typed yet (resp::value).
  using both_t = REPLY_OF(c::vsim_withscores_withattribs("k", typedis::ele{"e"}));
  const value v2 = decode_reply<both_t>(arr(6) + b("a") + b("0.99") + b(R"({"len": 1})") + b("b") + b("0.5") + nil2);
  ASSERT_EQ(v2.elements.size(), 6u);
  EXPECT_EQ(v2.elements[1].string, "0.99");
  EXPECT_TRUE(v2.elements[5].is_null());
  const value v3 = decode_reply<both_t>(map(2) + b("a") + arr(2) + d("0.99") + b(R"({"len": 1})") + b("b") + arr(2) +
                                        d("0.5") + null3);
  ASSERT_EQ(v3.elements.size(), 4u);
  EXPECT_EQ(v3.elements[1].elements[0].type, typedis::resp::type::double_type);
  EXPECT_TRUE(v3.elements[3].elements[1].is_null());
}

}  // namespace
