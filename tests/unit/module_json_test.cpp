// Unit tests of the RedisJSON (JSON.*) commands: wire tests (every command's exact request bytes for a
// representative call, written out by hand from the documented syntax, not from the generator) and
// decode tests (exact RESP2 and RESP3 reply fixtures written from the documented reply formats,
// decoded into the command's reply type; malformed variants must give typedis::decode_error).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
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

TEST(module_wire, json) {
  using typedis::json_arg;
  // JSON values go in as JSON documents: nlohmann::json, numbers, strings (JSON strings), raw text.
  EXPECT_EQ(c::json_set("doc", "$", json{{"a", 1}}, {.condition = typedis::nx{}}).bytes(),
            "*5\r\n$8\r\nJSON.SET\r\n$3\r\ndoc\r\n$1\r\n$\r\n$7\r\n{\"a\":1}\r\n$2\r\nNX\r\n");
  EXPECT_EQ(c::json_set("doc", "$.b", json_arg::raw("[1,2]"), {.condition = typedis::xx{}}).bytes(),
            wire({"JSON.SET", "doc", "$.b", "[1,2]", "XX"}));
  EXPECT_EQ(c::json_set("doc", "$.n", 42).bytes(), wire({"JSON.SET", "doc", "$.n", "42"}));
  EXPECT_EQ(c::json_set("doc", "$.s", "{}").bytes(), wire({"JSON.SET", "doc", "$.s", R"("{}")"}));  // a C string is a JSON string
  EXPECT_EQ(c::json_set("doc", "$", json::object()).bytes(), wire({"JSON.SET", "doc", "$", "{}"}));
  EXPECT_EQ(c::json_set("doc", "$.z", json_arg{}).bytes(), wire({"JSON.SET", "doc", "$.z", "null"}));  // default: null
  EXPECT_EQ(c::json_set("doc", "$.s", std::string("a\"b")).bytes(), wire({"JSON.SET", "doc", "$.s", R"("a\"b")"}));
  EXPECT_EQ(c::json_set("doc", "$.v", nullptr).bytes(), wire({"JSON.SET", "doc", "$.v", "null"}));
  EXPECT_EQ(c::json_get("doc", "$.a").bytes(), wire({"JSON.GET", "doc", "$.a"}));
  EXPECT_EQ(c::json_get("doc", "$", {.indent = "\t", .newline = "\n", .space = " "}).bytes(),
            wire({"JSON.GET", "doc", "INDENT", "\t", "NEWLINE", "\n", "SPACE", " ", "$"}));
  EXPECT_EQ(c::json_get("doc", "$", {.format = c::json_get_format_format_token::expand}).bytes(),
            wire({"JSON.GET", "doc", "FORMAT", "EXPAND", "$"}));
  EXPECT_EQ(c::json_get_legacy("doc", ".").bytes(), wire({"JSON.GET", "doc", "."}));
  EXPECT_EQ(c::json_get_paths("doc", {"$.a", "$..b"}).bytes(), wire({"JSON.GET", "doc", "$.a", "$..b"}));
  EXPECT_EQ(c::json_mget({"d1", "d2", "d3"}, "$.a").bytes(), wire({"JSON.MGET", "d1", "d2", "d3", "$.a"}));
  EXPECT_EQ(c::json_mget_legacy({"d1", "d2"}, ".a").bytes(), wire({"JSON.MGET", "d1", "d2", ".a"}));
  EXPECT_EQ(c::json_mset({{"d1", "$", json{{"a", 1}}}, {"d2", "$.a", 2}, {"d3", "$", json_arg::raw("[]")}}).bytes(),
            wire({"JSON.MSET", "d1", "$", R"({"a":1})", "d2", "$.a", "2", "d3", "$", "[]"}));
  EXPECT_EQ(c::json_merge("doc", "$", json{{"a", nullptr}}).bytes(), wire({"JSON.MERGE", "doc", "$", R"({"a":null})"}));
  EXPECT_EQ(c::json_del("doc", {.path = "$.a"}).bytes(), wire({"JSON.DEL", "doc", "$.a"}));
  EXPECT_EQ(c::json_del("doc").bytes(), wire({"JSON.DEL", "doc"}));
  EXPECT_EQ(c::json_forget("doc", {.path = "$..x"}).bytes(), wire({"JSON.FORGET", "doc", "$..x"}));
  EXPECT_EQ(c::json_clear("doc", {.path = "$.*"}).bytes(), wire({"JSON.CLEAR", "doc", "$.*"}));
  EXPECT_EQ(c::json_type("doc", "$..a").bytes(), wire({"JSON.TYPE", "doc", "$..a"}));
  EXPECT_EQ(c::json_type_legacy("doc", ".a").bytes(), wire({"JSON.TYPE", "doc", ".a"}));
  EXPECT_EQ(c::json_resp("doc", {.path = "$"}).bytes(), wire({"JSON.RESP", "doc", "$"}));
  EXPECT_EQ(c::json_toggle("doc", "$.flag").bytes(), wire({"JSON.TOGGLE", "doc", "$.flag"}));
  EXPECT_EQ(c::json_toggle_legacy("doc", ".flag").bytes(), wire({"JSON.TOGGLE", "doc", ".flag"}));
  EXPECT_EQ(c::json_numincrby("doc", "$.n", 1.5).bytes(), wire({"JSON.NUMINCRBY", "doc", "$.n", "1.5"}));
  EXPECT_EQ(c::json_numincrby("doc", "$.n", -3).bytes(), wire({"JSON.NUMINCRBY", "doc", "$.n", "-3"}));
  EXPECT_EQ(c::json_numincrby_legacy("doc", ".n", 2).bytes(), wire({"JSON.NUMINCRBY", "doc", ".n", "2"}));
  EXPECT_EQ(c::json_nummultby("doc", "$.n", 0.5).bytes(), wire({"JSON.NUMMULTBY", "doc", "$.n", "0.5"}));
  EXPECT_EQ(c::json_nummultby_legacy("doc", ".n", 3).bytes(), wire({"JSON.NUMMULTBY", "doc", ".n", "3"}));
  // STRAPPEND's value is a JSON string: a C++ string is sent quoted.
  EXPECT_EQ(c::json_strappend("doc", "$.s", "!").bytes(), wire({"JSON.STRAPPEND", "doc", "$.s", R"("!")"}));
  EXPECT_EQ(c::json_strappend_legacy("doc", ".s", "ab").bytes(), wire({"JSON.STRAPPEND", "doc", ".s", R"("ab")"}));
  EXPECT_EQ(c::json_strlen("doc", "$.s").bytes(), wire({"JSON.STRLEN", "doc", "$.s"}));
  EXPECT_EQ(c::json_strlen_legacy("doc", ".s").bytes(), wire({"JSON.STRLEN", "doc", ".s"}));
  EXPECT_EQ(c::json_arrappend("doc", "$.arr", {1, "two", nullptr, json{{"o", true}}}).bytes(),
            wire({"JSON.ARRAPPEND", "doc", "$.arr", "1", R"("two")", "null", R"({"o":true})"}));
  const std::vector<json> more{1.5, json::array({1})};
  EXPECT_EQ(c::json_arrappend_legacy("doc", ".arr", more).bytes(), wire({"JSON.ARRAPPEND", "doc", ".arr", "1.5", "[1]"}));
  EXPECT_EQ(c::json_arrindex("doc", "$.arr", 3, {.range = c::json_arrindex_range{.start = 0, .stop = -1}}).bytes(),
            wire({"JSON.ARRINDEX", "doc", "$.arr", "3", "0", "-1"}));
  EXPECT_EQ(c::json_arrindex("doc", "$.arr", "x", {.range = c::json_arrindex_range{.start = 2}}).bytes(),
            wire({"JSON.ARRINDEX", "doc", "$.arr", R"("x")", "2"}));
  EXPECT_EQ(c::json_arrindex_legacy("doc", ".arr", nullptr).bytes(), wire({"JSON.ARRINDEX", "doc", ".arr", "null"}));
  EXPECT_EQ(c::json_arrinsert("doc", "$.arr", -1, {7, 8}).bytes(), wire({"JSON.ARRINSERT", "doc", "$.arr", "-1", "7", "8"}));
  EXPECT_EQ(c::json_arrinsert_legacy("doc", ".arr", 0, {"a"}).bytes(),
            wire({"JSON.ARRINSERT", "doc", ".arr", "0", R"("a")"}));
  EXPECT_EQ(c::json_arrlen("doc", "$.arr").bytes(), wire({"JSON.ARRLEN", "doc", "$.arr"}));
  EXPECT_EQ(c::json_arrlen_legacy("doc", ".arr").bytes(), wire({"JSON.ARRLEN", "doc", ".arr"}));
  EXPECT_EQ(c::json_arrpop("doc", "$.arr", {.index = -1}).bytes(), wire({"JSON.ARRPOP", "doc", "$.arr", "-1"}));
  EXPECT_EQ(c::json_arrpop("doc", "$.arr").bytes(), wire({"JSON.ARRPOP", "doc", "$.arr"}));
  EXPECT_EQ(c::json_arrpop_legacy("doc", ".arr", {.index = 0}).bytes(), wire({"JSON.ARRPOP", "doc", ".arr", "0"}));
  EXPECT_EQ(c::json_arrtrim("doc", "$.arr", 0, 2).bytes(), wire({"JSON.ARRTRIM", "doc", "$.arr", "0", "2"}));
  EXPECT_EQ(c::json_arrtrim_legacy("doc", ".arr", 1, -1).bytes(), wire({"JSON.ARRTRIM", "doc", ".arr", "1", "-1"}));
  EXPECT_EQ(c::json_objkeys("doc", "$").bytes(), wire({"JSON.OBJKEYS", "doc", "$"}));
  EXPECT_EQ(c::json_objkeys_legacy("doc", ".").bytes(), wire({"JSON.OBJKEYS", "doc", "."}));
  EXPECT_EQ(c::json_objlen("doc", "$..o").bytes(), wire({"JSON.OBJLEN", "doc", "$..o"}));
  EXPECT_EQ(c::json_objlen_legacy("doc", ".o").bytes(), wire({"JSON.OBJLEN", "doc", ".o"}));
  EXPECT_EQ(c::json_debug_memory("doc", "$").bytes(), wire({"JSON.DEBUG", "MEMORY", "doc", "$"}));
  EXPECT_EQ(c::json_debug_memory_legacy("doc", ".").bytes(), wire({"JSON.DEBUG", "MEMORY", "doc", "."}));
  EXPECT_EQ(c::json_debug_help().bytes(), wire({"JSON.DEBUG", "HELP"}));
}

// ---- RedisJSON -----------------------------------------------------------------------------------

TEST(module_decode, json_set_and_get) {
  using set_t = REPLY_OF(c::json_set("k", "$", 1));
  EXPECT_TRUE(decode_reply<set_t>("+OK\r\n").has_value());
  EXPECT_FALSE(decode_reply<set_t>(nil2).has_value());   // NX/XX condition not met (RESP2)
  EXPECT_FALSE(decode_reply<set_t>(null3).has_value());  // RESP3

  // A legacy path: the value itself, as JSON text, in both protocols.
  using legacy_t = REPLY_OF(c::json_get_legacy("k", "."));
  static_assert(std::is_same_v<legacy_t, std::optional<json>>);
  const auto doc = decode_reply<legacy_t>(b(R"({"name":"ada","tags":["x","y"],"n":1.5})"));
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ((*doc)["name"], "ada");
  EXPECT_EQ((*doc)["tags"], json({"x", "y"}));
  EXPECT_DOUBLE_EQ((*doc)["n"].get<double>(), 1.5);
  EXPECT_EQ(*decode_reply<legacy_t>(b("3")), 3);
  EXPECT_FALSE(decode_reply<legacy_t>(nil2).has_value());  // no such key
  EXPECT_FALSE(decode_reply<legacy_t>(null3).has_value());

  // One JSONPath: the matches, one JSON value each (JSON text of an array in both protocols).
  using get_t = REPLY_OF(c::json_get("k", "$.a"));
  static_assert(std::is_same_v<get_t, std::optional<typedis::redisjson::matches>>);
  const auto two = decode_reply<get_t>(b(R"([1,{"b":2}])"));
  ASSERT_TRUE(two.has_value());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[0], 1);
  EXPECT_EQ((*two)[1].at("b"), 2);
  EXPECT_TRUE(decode_reply<get_t>(b("[]"))->empty());  // the path matches nothing
  EXPECT_FALSE(decode_reply<get_t>(nil2).has_value());
  EXPECT_FALSE(decode_reply<get_t>(null3).has_value());
  // FORMAT EXPAND (RESP3): the matches as RESP3 aggregates instead of text, converted element-wise.
  const auto expanded = decode_reply<get_t>(arr(1) + map(2) + b("a") + i(1) + b("b") + arr(2) + d("2.5") + "#t\r\n");
  ASSERT_TRUE(expanded.has_value());
  ASSERT_EQ(expanded->size(), 1u);
  EXPECT_EQ((*expanded)[0], json::parse(R"({"a":1,"b":[2.5,true]})"));
  expect_decode_error<get_t>(b(R"({"a":1})"));  // a value, not matches: a legacy path's answer
  expect_decode_error<get_t>(b("[1,2"));
  expect_decode_error<get_t>(i(1));

  // Several paths: an object keyed by path, each value the matches of that path.
  using paths_t = REPLY_OF(c::json_get_paths("k", {"$.a", "$..b"}));
  const auto many = decode_reply<paths_t>(b(R"({"$.a":[1],"$..b":[true,"s"]})"));
  ASSERT_TRUE(many.has_value());
  EXPECT_EQ(many->at("$.a"), json::array({1}));
  EXPECT_EQ(many->at("$..b"), json::array({true, "s"}));
  EXPECT_FALSE(decode_reply<paths_t>(null3).has_value());

  // Invalid JSON text, a wrong wire type, an error reply.
  expect_decode_error<legacy_t>(b("{\"a\":"));
  expect_decode_error<legacy_t>(b("not json"));
  expect_decode_error<paths_t>(b("[1,2"));
  expect_decode_error<legacy_t>("(12345678901234567890\r\n"s);  // a big number is no JSON text
  EXPECT_THROW((void)decode_reply<legacy_t>("!3\r\nbad\r\n"s), typedis::server_error);
  EXPECT_THROW((void)decode_reply<get_t>("-ERR new objects must be created at the root\r\n"), typedis::server_error);
}

TEST(module_decode, json_mget) {
  using mget_t = REPLY_OF(c::json_mget({"a", "b"}, "$.x"));
  for (const auto& bytes : {arr(3) + b("[1]") + nil2 + b(R"(["s",2])"), arr(3) + b("[1]") + null3 + b(R"(["s",2])")}) {
    const auto v = decode_reply<mget_t>(bytes);
    ASSERT_EQ(v.size(), 3u);
    ASSERT_TRUE(v[0].has_value());
    EXPECT_EQ(*v[0], (typedis::redisjson::matches{1}));
    EXPECT_FALSE(v[1].has_value());
    ASSERT_TRUE(v[2].has_value());
    EXPECT_EQ(*v[2], (typedis::redisjson::matches{"s", 2}));
  }
  expect_decode_error<mget_t>(arr(1) + b("[oops"));
  expect_decode_error<mget_t>(arr(1) + b("7"));  // a value where matches belong
  expect_decode_error<mget_t>(b("[1]"));        // not an array of replies

  using legacy_t = REPLY_OF(c::json_mget_legacy({"a", "b"}, ".x"));
  for (const auto& bytes : {arr(2) + b("1") + nil2, arr(2) + b("1") + null3}) {
    const auto v = decode_reply<legacy_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(*v[0], 1);
    EXPECT_FALSE(v[1].has_value());
  }
}

TEST(module_decode, json_per_match_counts) {
  // JSONPath: one integer per match (null where the match has the wrong type), both protocols.
  using counts_t = REPLY_OF(c::json_arrappend("k", "$..a", {1}));
  static_assert(std::is_same_v<counts_t, std::vector<std::optional<long long>>>);
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_arrlen("k", "$"))>);
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_strlen("k", "$"))>);
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_objlen("k", "$"))>);
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_arrindex("k", "$", 1))>);
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_arrinsert("k", "$", 0, {1}))>);
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_arrtrim("k", "$", 0, 1))>);
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_strappend("k", "$", "x"))>);
  for (const auto& bytes : {arr(2) + i(3) + nil2, arr(2) + i(3) + null3}) {
    const auto v = decode_reply<counts_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0], 3);
    EXPECT_FALSE(v[1].has_value());
  }
  EXPECT_TRUE(decode_reply<counts_t>(arr(0)).empty());
  expect_decode_error<counts_t>(arr(1) + b("three"));
  expect_decode_error<counts_t>(i(3));  // a legacy path's bare integer: the _legacy method's shape

  // Legacy path: the single integer (RESP2 and RESP3 alike).
  using one_t = REPLY_OF(c::json_arrappend_legacy("k", ".a", {1}));
  static_assert(std::is_same_v<one_t, long long>);
  static_assert(std::is_same_v<one_t, REPLY_OF(c::json_arrindex_legacy("k", ".a", 1))>);
  static_assert(std::is_same_v<one_t, REPLY_OF(c::json_arrinsert_legacy("k", ".a", 0, {1}))>);
  static_assert(std::is_same_v<one_t, REPLY_OF(c::json_arrtrim_legacy("k", ".a", 0, 1))>);
  static_assert(std::is_same_v<one_t, REPLY_OF(c::json_strappend_legacy("k", ".a", "x"))>);
  EXPECT_EQ(decode_reply<one_t>(i(4)), 4);
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_arrindex_legacy("k", ".a", 1))>(i(-1)), -1);
  expect_decode_error<one_t>(arr(1) + i(4));
  // Lengths may be null for a missing key.
  using len_t = REPLY_OF(c::json_arrlen_legacy("k", ".a"));
  static_assert(std::is_same_v<len_t, std::optional<long long>>);
  static_assert(std::is_same_v<len_t, REPLY_OF(c::json_strlen_legacy("k", ".a"))>);
  static_assert(std::is_same_v<len_t, REPLY_OF(c::json_objlen_legacy("k", ".a"))>);
  EXPECT_EQ(decode_reply<len_t>(i(2)), 2);
  EXPECT_FALSE(decode_reply<len_t>(nil2).has_value());
  EXPECT_FALSE(decode_reply<len_t>(null3).has_value());

  // TOGGLE: JSONPath 0/1 (RESP2) or booleans, null for a non-boolean; legacy: the JSON text true/false.
  using toggle_t = REPLY_OF(c::json_toggle("k", "$.f"));
  for (const auto& bytes : {arr(3) + i(1) + i(0) + nil2, arr(3) + "#t\r\n"s + "#f\r\n"s + null3, arr(3) + i(1) + i(0) + null3}) {
    const auto v = decode_reply<toggle_t>(bytes);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[0], true);
    EXPECT_EQ(v[1], false);
    EXPECT_FALSE(v[2].has_value());
  }
  expect_decode_error<toggle_t>(arr(1) + i(2));
  using toggle_legacy_t = REPLY_OF(c::json_toggle_legacy("k", ".f"));
  EXPECT_EQ(decode_reply<toggle_legacy_t>(b("false")), false);
  EXPECT_EQ(decode_reply<toggle_legacy_t>(b("true")), true);
  expect_decode_error<toggle_legacy_t>(b("tru"));

  // DEBUG MEMORY: bytes per match / of the value.
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_debug_memory("k", "$"))>(arr(2) + i(120) + i(8)), (std::vector<long long>{120, 8}));
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_debug_memory_legacy("k", "."))>(i(120)), 120);
  expect_decode_error<REPLY_OF(c::json_debug_memory("k", "$"))>(i(120));
}

TEST(module_decode, json_values_per_match) {
  using pop_t = REPLY_OF(c::json_arrpop("k", "$.a"));
  for (const auto& bytes :
       {arr(3) + b(R"("x")") + b(R"({"o":[1]})") + nil2, arr(3) + b(R"("x")") + b(R"({"o":[1]})") + null3}) {
    const auto v = decode_reply<pop_t>(bytes);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(*v[0], "x");
    EXPECT_EQ(v[1]->at("o"), json::array({1}));
    EXPECT_FALSE(v[2].has_value());
  }
  expect_decode_error<pop_t>(arr(1) + b("{x"));
  using pop_legacy_t = REPLY_OF(c::json_arrpop_legacy("k", ".a"));
  EXPECT_EQ(*decode_reply<pop_legacy_t>(b("[1,2]")), json::array({1, 2}));
  EXPECT_FALSE(decode_reply<pop_legacy_t>(null3).has_value());

  using keys_t = REPLY_OF(c::json_objkeys("k", "$"));
  for (const auto& bytes : {arr(2) + arr(2) + b("a") + b("b") + nil2, arr(2) + arr(2) + b("a") + b("b") + null3}) {
    const auto v = decode_reply<keys_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(*v[0], (std::vector<std::string>{"a", "b"}));
    EXPECT_FALSE(v[1].has_value());
  }
  using keys_legacy_t = REPLY_OF(c::json_objkeys_legacy("k", "."));
  EXPECT_EQ(*decode_reply<keys_legacy_t>(arr(2) + b("a") + b("b")), (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(decode_reply<keys_legacy_t>(nil2).has_value());
  expect_decode_error<keys_legacy_t>(b("a"));

  // NUMINCRBY / NUMMULTBY with a JSONPath: RESP2 JSON text of the new values, RESP3 an array of
  // numbers; null where the match is not a number. Legacy path: the new number.
  using num_t = REPLY_OF(c::json_numincrby("k", "$.n", 1));
  static_assert(std::is_same_v<num_t, typedis::redisjson::matches>);
  for (const auto& bytes : {b("[3,null,7.5]"), arr(3) + i(3) + null3 + d("7.5")}) {
    const auto v = decode_reply<num_t>(bytes);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(v[0], 3);
    EXPECT_TRUE(v[1].is_null());
    EXPECT_DOUBLE_EQ(v[2].get<double>(), 7.5);
  }
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_nummultby("k", "$.n", 2))>(b("[4.5]")), (typedis::redisjson::matches{4.5}));
  expect_decode_error<num_t>(b("[3,"));
  expect_decode_error<num_t>(b("3"));
  using num_legacy_t = REPLY_OF(c::json_numincrby_legacy("k", ".n", 1));
  EXPECT_EQ(decode_reply<num_legacy_t>(b("4")), 4);
  EXPECT_EQ(decode_reply<num_legacy_t>(d("4.5")), 4.5);
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_nummultby_legacy("k", ".n", 2))>(b("9")), 9);

  // Counters, OK replies, debug output.
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_del("k"))>(i(2)), 2);
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_forget("k"))>(i(0)), 0);
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_clear("k"))>(i(1)), 1);
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_merge("k", "$", json::object()))>("+OK\r\n"), typedis::ok{});
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_mset({{"k", "$", 1}}))>("+OK\r\n"), typedis::ok{});
  expect_decode_error<REPLY_OF(c::json_mset({{"k", "$", 1}}))>(b("OK?"));
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_debug_help())>(arr(2) + b("MEMORY <key> [path]") + b("HELP")).size(), 2u);
  expect_decode_error<REPLY_OF(c::json_del("k"))>(b("x"));
}

TEST(module_decode, json_type) {
  using types_t = REPLY_OF(c::json_type("k", "$..a"));
  static_assert(std::is_same_v<types_t, typedis::redisjson::types>);
  static_assert(std::is_same_v<types_t, REPLY_OF(c::json_type_legacy("k", ".a"))>);
  // JSONPath: RESP2 an array of names, RESP3 that array inside another one.
  for (const auto& bytes : {arr(2) + b("object") + b("integer"), arr(1) + arr(2) + b("object") + b("integer")}) {
    const auto v = decode_reply<types_t>(bytes);
    EXPECT_EQ(v, (typedis::redisjson::types{"object", "integer"}));
  }
  EXPECT_EQ(decode_reply<types_t>(arr(1) + b("string")), (typedis::redisjson::types{"string"}));
  EXPECT_EQ(decode_reply<types_t>(arr(1) + arr(1) + b("string")), (typedis::redisjson::types{"string"}));
  EXPECT_TRUE(decode_reply<types_t>(arr(0)).empty());
  EXPECT_TRUE(decode_reply<types_t>(arr(1) + arr(0)).empty());
  // Legacy path: RESP2 one simple string; a missing key is null.
  EXPECT_EQ(decode_reply<types_t>(st("boolean")), (typedis::redisjson::types{"boolean"}));
  EXPECT_EQ(decode_reply<types_t>(b("null")), (typedis::redisjson::types{"null"}));
  EXPECT_TRUE(decode_reply<types_t>(nil2).empty());
  EXPECT_TRUE(decode_reply<types_t>(null3).empty());
  // Malformed: a number, a map, per-match arrays (RESP3 sends one array of all names), nesting.
  expect_decode_error<types_t>(i(1));
  expect_decode_error<types_t>(map(1) + b("a") + b("object"));
  expect_decode_error<types_t>(arr(2) + arr(1) + b("object") + arr(1) + b("integer"));
  expect_decode_error<types_t>(arr(1) + arr(1) + arr(0));
  EXPECT_THROW((void)decode_reply<types_t>("-WRONGTYPE Operation against a key holding the wrong kind of value\r\n"),
               typedis::server_error);

  // JSON.RESP stays generic: the document in RESP types (deprecated).
  const value v = decode_reply<REPLY_OF(c::json_resp("k"))>(arr(3) + st("{") + b("a") + i(1));
  ASSERT_EQ(v.elements.size(), 3u);
  EXPECT_EQ(v.elements[2].integer, 1);
}

// A user type through nlohmann's to_json/from_json: JSON.SET sends its text, JSON.GET decodes it.
struct user {
  std::string name;
  int age = 0;
  std::vector<std::string> roles;
  bool operator==(const user&) const = default;
};
void to_json(json& j, const user& u) { j = json{{"name", u.name}, {"age", u.age}, {"roles", u.roles}}; }
void from_json(const json& j, user& u) {
  j.at("name").get_to(u.name);
  j.at("age").get_to(u.age);
  j.at("roles").get_to(u.roles);
}

TEST(module_decode, user_struct_round_trip) {
  const user ada{"ada", 36, {"admin", "dev"}};
  const std::string text = R"({"age":36,"name":"ada","roles":["admin","dev"]})";
  // The user type goes straight in: json_arg serialises it with its to_json.
  EXPECT_EQ(c::json_set("user:1", "$", ada).bytes(),
            "*4\r\n$8\r\nJSON.SET\r\n$6\r\nuser:1\r\n$1\r\n$\r\n$47\r\n" + text + "\r\n");
  EXPECT_EQ(c::json_arrappend("users", "$", {ada}).bytes(), wire({"JSON.ARRAPPEND", "users", "$", text}));
  EXPECT_EQ(c::json_mset({{"user:1", "$", ada}}).bytes(), wire({"JSON.MSET", "user:1", "$", text}));
  // JSON.GET user:1 . : the document; JSON.GET user:1 $ : the matches, here one.
  const auto root = decode_reply<REPLY_OF(c::json_get_legacy("user:1", "."))>(b(text));
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(root->get<user>(), ada);
  const auto dollar = decode_reply<REPLY_OF(c::json_get("user:1", "$"))>(b("[" + text + "]"));
  ASSERT_TRUE(dollar.has_value());
  ASSERT_EQ(dollar->size(), 1u);
  EXPECT_EQ(dollar->front().get<user>(), ada);
  // JSON.MGET over users: the matches per key.
  const auto all = decode_reply<REPLY_OF(c::json_mget({"user:1", "user:2"}, "$"))>(arr(2) + b("[" + text + "]") + null3);
  ASSERT_TRUE(all[0].has_value());
  EXPECT_EQ(all[0]->at(0).get<user>(), ada);
  EXPECT_FALSE(all[1].has_value());
  // A document missing a member: nlohmann's error, not a crash.
  const auto partial = decode_reply<REPLY_OF(c::json_get_legacy("user:1", "."))>(b(R"({"name":"x"})"));
  EXPECT_THROW((void)partial->get<user>(), json::exception);
}

}  // namespace
