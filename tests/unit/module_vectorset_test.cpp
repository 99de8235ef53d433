// Unit tests of the Vector Sets (V*) commands: wire tests (every command's exact request bytes for a
// representative call, written out by hand from the documented syntax, not from the generator) and
// decode tests (exact RESP2 and RESP3 reply fixtures written from the documented reply formats,
// decoded into the command's reply type; malformed variants must give typedis::decode_error).
#include <gtest/gtest.h>

#include <array>
#include <chrono>
#include <span>
#include <type_traits>
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

namespace vs = typedis::vectorset;

TEST(module_wire, vectorset) {
  const std::string blob = fp32_blob({1.0f, 0.0f, -0.5f});
  // A float range is an FP32 blob; SETATTR takes a JSON document.
  const std::vector<float> floats{1.0f, 0.0f, -0.5f};
  EXPECT_EQ(c::vadd("vs", floats, "e1", {.quant_type = c::vadd_quant_type::q8, .setattr = json{{"year", 1950}}}).bytes(),
            wire({"VADD", "vs", "FP32", blob, "e1", "Q8", "SETATTR", R"({"year":1950})"}));
  EXPECT_EQ(c::vadd("vs", {1.0f, 0.0f, -0.5f}, "e1").bytes(), wire({"VADD", "vs", "FP32", blob, "e1"}));
  const std::array<float, 3> arr3{1.0f, 0.0f, -0.5f};
  EXPECT_EQ(c::vadd("vs", std::span<const float>(arr3), "e1").bytes(), wire({"VADD", "vs", "FP32", blob, "e1"}));
  EXPECT_EQ(c::vadd("vs", vs::vector::fp32(blob), "e1", {.setattr = typedis::json_arg::raw(R"({"a": [1]})")}).bytes(),
            wire({"VADD", "vs", "FP32", blob, "e1", "SETATTR", R"({"a": [1]})"}));
  EXPECT_EQ(c::vadd("vs", vs::vector::values({0.1, 0.2, 0.3}), "e2",
                    {.reduce = 2, .cas = true, .quant_type = c::vadd_quant_type::noquant, .ef = 200,
                     .m = 16})
                .bytes(),
            wire({"VADD", "vs", "REDUCE", "2", "VALUES", "3", "0.1", "0.2", "0.3", "e2", "CAS", "NOQUANT", "EF", "200",
                  "M", "16"}));
  const std::vector<double> doubles{1.5, -2};
  EXPECT_EQ(c::vadd("vs", vs::vector::values(doubles), "e3", {.quant_type = c::vadd_quant_type::bin}).bytes(),
            wire({"VADD", "vs", "VALUES", "2", "1.5", "-2", "e3", "BIN"}));
  EXPECT_EQ(c::vrem("vs", "e1").bytes(), wire({"VREM", "vs", "e1"}));
  EXPECT_EQ(c::vsim("vs", vs::element{"e1"}, {.count = 5, .filter = ".year > 1940", .filter_ef = 100})
                .bytes(),
            wire({"VSIM", "vs", "ELE", "e1", "COUNT", "5", "FILTER", ".year > 1940", "FILTER-EF", "100"}));
  EXPECT_EQ(c::vsim("vs", floats).bytes(), wire({"VSIM", "vs", "FP32", blob}));
  EXPECT_EQ(c::vsim("vs", {1.0f, 0.0f, -0.5f}).bytes(), wire({"VSIM", "vs", "FP32", blob}));
  EXPECT_EQ(c::vsim_withscores("vs", vs::vector::values({0.5, -0.5}), {.count = 3, .epsilon = 0.2}).bytes(),
            wire({"VSIM", "vs", "VALUES", "2", "0.5", "-0.5", "WITHSCORES", "COUNT", "3", "EPSILON", "0.2"}));
  EXPECT_EQ(c::vsim_withattribs("vs", vs::vector::fp32(blob), {.truth = true}).bytes(),
            wire({"VSIM", "vs", "FP32", blob, "WITHATTRIBS", "TRUTH"}));
  EXPECT_EQ(c::vsim_withscores_withattribs("vs", vs::element{"e1"}, {.ef = 500, .nothread = true})
                .bytes(),
            wire({"VSIM", "vs", "ELE", "e1", "WITHSCORES", "WITHATTRIBS", "EF", "500", "NOTHREAD"}));
  EXPECT_EQ(c::vdim("vs").bytes(), wire({"VDIM", "vs"}));
  EXPECT_EQ(c::vcard("vs").bytes(), wire({"VCARD", "vs"}));
  EXPECT_EQ(c::vemb("vs", "e1").bytes(), wire({"VEMB", "vs", "e1"}));
  EXPECT_EQ(c::vemb_raw("vs", "e1").bytes(), wire({"VEMB", "vs", "e1", "RAW"}));
  EXPECT_EQ(c::vgetattr("vs", "e1").bytes(), wire({"VGETATTR", "vs", "e1"}));
  EXPECT_EQ(c::vsetattr("vs", "e1", json{{"year", 1951}}).bytes(), wire({"VSETATTR", "vs", "e1", R"({"year":1951})"}));
  // An empty attribute text removes the attributes: it is not JSON, so it goes in raw.
  EXPECT_EQ(c::vsetattr("vs", "e1", typedis::json_arg::raw("")).bytes(), wire({"VSETATTR", "vs", "e1", ""}));
  EXPECT_EQ(c::vinfo("vs").bytes(), wire({"VINFO", "vs"}));
  EXPECT_EQ(c::vismember("vs", "e1").bytes(), wire({"VISMEMBER", "vs", "e1"}));
  EXPECT_EQ(c::vlinks("vs", "e1").bytes(), wire({"VLINKS", "vs", "e1"}));
  EXPECT_EQ(c::vlinks_withscores("vs", "e1").bytes(), wire({"VLINKS", "vs", "e1", "WITHSCORES"}));
  EXPECT_EQ(c::vrandmember("vs").bytes(), wire({"VRANDMEMBER", "vs"}));
  EXPECT_EQ(c::vrandmember_count("vs", -3).bytes(), wire({"VRANDMEMBER", "vs", "-3"}));
  EXPECT_EQ(c::vrange("vs", "[a", "+", {.count = 10}).bytes(), wire({"VRANGE", "vs", "[a", "+", "10"}));
  EXPECT_EQ(c::vrange("vs", "-", "+").bytes(), wire({"VRANGE", "vs", "-", "+"}));
}

TEST(module_wire, vectorset_vector_type) {
  // FP32 is little-endian IEEE-754 binary32, written out byte by byte here (not via memcpy).
  const vs::vector v{1.0f, -2.0f, 0.15625f};
  EXPECT_TRUE(v.is_fp32());
  EXPECT_EQ(v.dimension(), 3u);
  EXPECT_EQ(v.blob(), "\x00\x00\x80\x3f\x00\x00\x00\xc0\x00\x00\x20\x3e"s);
  const vs::vector empty{std::vector<float>{}};
  EXPECT_EQ(empty.dimension(), 0u);
  EXPECT_EQ(c::vadd("vs", empty, "e").bytes(), wire({"VADD", "vs", "FP32", "", "e"}));
  const vs::vector values = vs::vector::values({1e300, -0.0});
  EXPECT_FALSE(values.is_fp32());
  EXPECT_EQ(values.dimension(), 2u);
  EXPECT_EQ(c::vadd("vs", values, "e").bytes(), wire({"VADD", "vs", "VALUES", "2", "1e+300", "-0", "e"}));
  // A query holds either form or an element; it owns its data (stored, then sent).
  const vs::query q = vs::element{"apple"};
  ASSERT_NE(q.as_element(), nullptr);
  EXPECT_EQ(q.as_element()->name, "apple");
  EXPECT_EQ(q.as_vector(), nullptr);
  const vs::query qv = vs::vector::values({0.25});
  ASSERT_NE(qv.as_vector(), nullptr);
  EXPECT_EQ(c::vsim("vs", qv).bytes(), wire({"VSIM", "vs", "VALUES", "1", "0.25"}));
}

// ---- Vector Sets ---------------------------------------------------------------------------------

TEST(module_decode, vset_scalars) {
  // RESP2 integers 0/1, RESP3 booleans.
  for (const auto& [bytes, want] : {std::pair{i(1), true}, std::pair{i(0), false}, std::pair{"#t\r\n"s, true},
                                    std::pair{"#f\r\n"s, false}}) {
    EXPECT_EQ(decode_reply<REPLY_OF(c::vadd("k", {1.0f}, "e"))>(bytes), want);
    EXPECT_EQ(decode_reply<REPLY_OF(c::vrem("k", "e"))>(bytes), want);
    EXPECT_EQ(decode_reply<REPLY_OF(c::vsetattr("k", "e", json::object()))>(bytes), want);
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
  for (const auto& bytes : {arr(4) + b("int8") + b(q8) + b("1.5") + b("0.25"), arr(4) + b("int8") + b(q8) + d("1.5") + d("0.25")}) {
    const auto v = decode_reply<raw_t>(bytes);
    EXPECT_EQ(v.quantization, "int8");
    EXPECT_EQ(v.data, q8);
    EXPECT_DOUBLE_EQ(v.norm, 1.5);
    ASSERT_TRUE(v.range.has_value());
    EXPECT_DOUBLE_EQ(*v.range, 0.25);
  }
  const auto fp = decode_reply<raw_t>(arr(3) + st("f32") + b("\0\0\x80\x3f"s) + d("2"));  // no range for fp32
  EXPECT_EQ(fp.data.size(), 4u);
  EXPECT_FALSE(fp.range.has_value());
  expect_decode_error<raw_t>(arr(2) + st("f32") + b("x"));
  expect_decode_error<raw_t>(arr(3) + st("f32") + b("x") + b("norm"));

  using info_t = REPLY_OF(c::vinfo("k"));
  // The README's example: a flat key/value array in RESP2, a map in RESP3; unknown keys skipped.
  for (const auto& bytes :
       {arr(12) + b("quant-type") + b("int8") + b("vector-dim") + i(300) + b("size") + i(3000000) + b("max-level") + i(12) +
            b("vset-uid") + i(1) + b("hnsw-max-node-uid") + i(3000000),
        map(7) + b("quant-type") + st("int8") + b("vector-dim") + i(300) + b("size") + i(3000000) + b("max-level") + i(12) +
            b("vset-uid") + i(1) + b("hnsw-max-node-uid") + i(3000000) + b("attributes-count") + i(5)}) {
    const auto v = decode_reply<info_t>(bytes);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->quant_type, "int8");
    EXPECT_EQ(v->vector_dim, 300);
    EXPECT_EQ(v->size, 3000000);
    EXPECT_EQ(v->max_level, 12);
    EXPECT_EQ(v->vset_uid, 1);
    EXPECT_EQ(v->hnsw_max_node_uid, 3000000);
  }
  // A newer server's extra fields.
  const auto newer = decode_reply<info_t>(map(6) + st("quant-type") + st("int8") + st("hnsw-m") + i(16) + st("vector-dim") + i(4) +
                                          st("projection-input-dim") + i(8) + st("size") + i(3) + st("attributes-count") + i(1));
  ASSERT_TRUE(newer.has_value());
  EXPECT_EQ(newer->hnsw_m, 16);
  EXPECT_EQ(newer->projection_input_dim, 8);
  EXPECT_EQ(newer->attributes_count, 1);
  const auto minimal = decode_reply<info_t>(map(3) + b("size") + i(0) + b("vector-dim") + i(2) + b("quant-type") + b("f32"));
  ASSERT_TRUE(minimal.has_value());
  EXPECT_EQ(minimal->quant_type, "f32");
  EXPECT_FALSE(minimal->max_level.has_value());
  EXPECT_FALSE(decode_reply<info_t>(nil2).has_value());
  EXPECT_FALSE(decode_reply<info_t>(null3).has_value());
  expect_decode_error<info_t>(arr(3) + b("quant-type") + b("int8") + b("size"));
  expect_decode_error<info_t>(arr(4) + b("quant-type") + b("int8") + b("size") + i(1));  // vector-dim missing
  expect_decode_error<info_t>(map(3) + b("quant-type") + b("int8") + b("vector-dim") + b("many") + b("size") + i(1));

  using links_t = REPLY_OF(c::vlinks("k", "e"));
  const auto links = decode_reply<links_t>(arr(2) + arr(2) + b("a") + b("b") + arr(1) + b("c"));
  ASSERT_TRUE(links.has_value());
  EXPECT_EQ((*links)[0], (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ((*links)[1], std::vector<std::string>{"c"});
  EXPECT_FALSE(decode_reply<links_t>(null3).has_value());
  using lws_t = REPLY_OF(c::vlinks_withscores("k", "e"));
  // RESP2: per level a flat array element, score; RESP3: per level a map element -> score.
  for (const auto& bytes : {arr(2) + arr(4) + b("a") + b("0.9") + b("b") + b("0.8") + arr(2) + b("c") + b("0.5"),
                            arr(2) + map(2) + b("a") + d("0.9") + b("b") + d("0.8") + map(1) + b("c") + d("0.5")}) {
    const auto v = decode_reply<lws_t>(bytes);
    ASSERT_TRUE(v.has_value());
    ASSERT_EQ(v->size(), 2u);
    ASSERT_EQ((*v)[0].size(), 2u);
    EXPECT_EQ((*v)[0][1].element, "b");
    EXPECT_DOUBLE_EQ((*v)[0][1].score, 0.8);
    EXPECT_EQ((*v)[1], (vs::scored_elements{{"c", 0.5}}));
  }
  EXPECT_FALSE(decode_reply<lws_t>(nil2).has_value());
  EXPECT_FALSE(decode_reply<lws_t>(null3).has_value());
  expect_decode_error<lws_t>(arr(1) + arr(3) + b("a") + b("0.9") + b("b"));
  expect_decode_error<lws_t>(arr(1) + b("a"));
}

TEST(module_decode, vsim) {
  EXPECT_EQ(decode_reply<REPLY_OF(c::vsim("k", vs::element{"e"}))>(arr(3) + b("apple") + b("apples") + b("pear")).size(),
            3u);
  using ws_t = REPLY_OF(c::vsim_withscores("k", vs::element{"e"}));
  static_assert(std::is_same_v<ws_t, vs::scored_elements>);
  // RESP2: element, score, ... (scores as bulk text); RESP3: a map element -> double, in rank order.
  for (const auto& bytes : {arr(6) + b("apple") + b("0.9998867657923256") + b("apples") + b("0.8598527610301971") +
                                b("pear") + b("0.8226882219314575"),
                            map(3) + b("apple") + d("0.9998867657923256") + b("apples") + d("0.8598527610301971") +
                                b("pear") + d("0.8226882219314575")}) {
    const auto v = decode_reply<ws_t>(bytes);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[0].element, "apple");
    EXPECT_DOUBLE_EQ(v[0].score, 0.9998867657923256);
    EXPECT_EQ(v[1].element, "apples");
    EXPECT_EQ(v[2].element, "pear");
    EXPECT_DOUBLE_EQ(v[2].score, 0.8226882219314575);
  }
  EXPECT_TRUE(decode_reply<ws_t>(arr(0)).empty());
  EXPECT_TRUE(decode_reply<ws_t>(map(0)).empty());
  expect_decode_error<ws_t>(arr(3) + b("apple") + b("0.9") + b("pear"));
  expect_decode_error<ws_t>(arr(2) + b("apple") + b("close"));
  expect_decode_error<ws_t>(map(1) + b("apple") + arr(2) + d("0.9") + null3);
  expect_decode_error<ws_t>(b("apple"));
  EXPECT_THROW((void)decode_reply<ws_t>("-ERR key is not a vector set\r\n"), typedis::server_error);

  using wa_t = REPLY_OF(c::vsim_withattribs("k", vs::element{"e"}));
  static_assert(std::is_same_v<wa_t, vs::attributed_elements>);
  for (const auto& bytes : {arr(4) + b("a") + b(R"({"len": 5})") + b("b") + nil2,
                            map(2) + b("a") + b(R"({"len": 5})") + b("b") + null3}) {
    const auto v = decode_reply<wa_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].element, "a");
    ASSERT_TRUE(v[0].attributes.has_value());
    EXPECT_EQ(v[0].attributes->at("len"), 5);
    EXPECT_EQ(v[1].element, "b");
    EXPECT_FALSE(v[1].attributes.has_value());
  }
  expect_decode_error<wa_t>(arr(2) + b("a") + b("{len"));
  expect_decode_error<wa_t>(arr(3) + b("a") + nil2 + b("b"));

  // Both: RESP2 triples element, score, attributes; RESP3 element -> [score, attributes].
  using both_t = REPLY_OF(c::vsim_withscores_withattribs("k", vs::element{"e"}));
  static_assert(std::is_same_v<both_t, vs::scored_attributed_elements>);
  for (const auto& bytes :
       {arr(6) + b("a") + b("0.99") + b(R"({"len": 1})") + b("b") + b("0.5") + nil2,
        map(2) + b("a") + arr(2) + d("0.99") + b(R"({"len": 1})") + b("b") + arr(2) + d("0.5") + null3}) {
    const auto v = decode_reply<both_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].element, "a");
    EXPECT_DOUBLE_EQ(v[0].score, 0.99);
    ASSERT_TRUE(v[0].attributes.has_value());
    EXPECT_EQ(*v[0].attributes, (json{{"len", 1}}));
    EXPECT_EQ(v[1].element, "b");
    EXPECT_DOUBLE_EQ(v[1].score, 0.5);
    EXPECT_FALSE(v[1].attributes.has_value());
  }
  EXPECT_TRUE(decode_reply<both_t>(arr(0)).empty());
  EXPECT_TRUE(decode_reply<both_t>(map(0)).empty());
  // A RESP2 reply that is not made of triples, a RESP3 value that is not [score, attributes].
  expect_decode_error<both_t>(arr(4) + b("a") + b("0.99") + nil2 + b("b"));
  expect_decode_error<both_t>(map(1) + b("a") + d("0.99"));
  expect_decode_error<both_t>(map(1) + b("a") + arr(1) + d("0.99"));
  expect_decode_error<both_t>(map(1) + b("a") + arr(3) + d("0.99") + null3 + null3);
  expect_decode_error<both_t>(map(1) + b("a") + arr(2) + b("close") + null3);
  expect_decode_error<both_t>(arr(3) + b("a") + b("0.5") + b("{bad"));
  expect_decode_error<both_t>(i(3));
}

}  // namespace
