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
  EXPECT_EQ(c::json_set("doc", "$", R"({"a":1})", {.condition = c::json_set_condition::nx}).bytes(),
            "*5\r\n$8\r\nJSON.SET\r\n$3\r\ndoc\r\n$1\r\n$\r\n$7\r\n{\"a\":1}\r\n$2\r\nNX\r\n");
  EXPECT_EQ(c::json_set("doc", "$.b", "[1,2]", {.condition = c::json_set_condition::xx}).bytes(),
            wire({"JSON.SET", "doc", "$.b", "[1,2]", "XX"}));
  EXPECT_EQ(c::json_get("doc").bytes(), wire({"JSON.GET", "doc"}));
  EXPECT_EQ(c::json_get("doc", {.indent = "\t", .newline = "\n", .space = " "}).bytes(),
            wire({"JSON.GET", "doc", "INDENT", "\t", "NEWLINE", "\n", "SPACE", " "}));
  EXPECT_EQ(c::json_get_paths("doc", {"$.a"}).bytes(), wire({"JSON.GET", "doc", "$.a"}));
  EXPECT_EQ(c::json_get_paths("doc", {"$.a", "$..b"}).bytes(), wire({"JSON.GET", "doc", "$.a", "$..b"}));
  EXPECT_EQ(c::json_mget({"d1", "d2", "d3"}, "$.a").bytes(), wire({"JSON.MGET", "d1", "d2", "d3", "$.a"}));
  EXPECT_EQ(c::json_mset({{"d1", "$", R"({"a":1})"}, {"d2", "$.a", "2"}}).bytes(),
            wire({"JSON.MSET", "d1", "$", R"({"a":1})", "d2", "$.a", "2"}));
  EXPECT_EQ(c::json_merge("doc", "$", R"({"a":null})").bytes(), wire({"JSON.MERGE", "doc", "$", R"({"a":null})"}));
  EXPECT_EQ(c::json_del("doc", {.path = "$.a"}).bytes(), wire({"JSON.DEL", "doc", "$.a"}));
  EXPECT_EQ(c::json_del("doc").bytes(), wire({"JSON.DEL", "doc"}));
  EXPECT_EQ(c::json_forget("doc", {.path = "$..x"}).bytes(), wire({"JSON.FORGET", "doc", "$..x"}));
  EXPECT_EQ(c::json_clear("doc", {.path = "$.*"}).bytes(), wire({"JSON.CLEAR", "doc", "$.*"}));
  EXPECT_EQ(c::json_type("doc", {.path = "$..a"}).bytes(), wire({"JSON.TYPE", "doc", "$..a"}));
  EXPECT_EQ(c::json_resp("doc", {.path = "$"}).bytes(), wire({"JSON.RESP", "doc", "$"}));
  EXPECT_EQ(c::json_toggle("doc", "$.flag").bytes(), wire({"JSON.TOGGLE", "doc", "$.flag"}));
  EXPECT_EQ(c::json_numincrby("doc", "$.n", 1.5).bytes(), wire({"JSON.NUMINCRBY", "doc", "$.n", "1.5"}));
  EXPECT_EQ(c::json_numincrby("doc", "$.n", -3).bytes(), wire({"JSON.NUMINCRBY", "doc", "$.n", "-3"}));
  EXPECT_EQ(c::json_nummultby("doc", "$.n", 0.5).bytes(), wire({"JSON.NUMMULTBY", "doc", "$.n", "0.5"}));
  EXPECT_EQ(c::json_strappend("doc", R"("!")", {.path = "$.s"}).bytes(),
            wire({"JSON.STRAPPEND", "doc", "$.s", R"("!")"}));
  EXPECT_EQ(c::json_strlen("doc", "$.s").bytes(), wire({"JSON.STRLEN", "doc", "$.s"}));
  EXPECT_EQ(c::json_arrappend("doc", "$.arr", {"1", R"("two")", "null"}).bytes(),
            wire({"JSON.ARRAPPEND", "doc", "$.arr", "1", R"("two")", "null"}));
  EXPECT_EQ(c::json_arrindex("doc", "$.arr", "3", {.range = c::json_arrindex_range{.start = 0, .stop = -1}}).bytes(),
            wire({"JSON.ARRINDEX", "doc", "$.arr", "3", "0", "-1"}));
  EXPECT_EQ(c::json_arrindex("doc", "$.arr", R"("x")", {.range = c::json_arrindex_range{.start = 2}}).bytes(),
            wire({"JSON.ARRINDEX", "doc", "$.arr", R"("x")", "2"}));
  EXPECT_EQ(c::json_arrinsert("doc", "$.arr", -1, {"7", "8"}).bytes(),
            wire({"JSON.ARRINSERT", "doc", "$.arr", "-1", "7", "8"}));
  EXPECT_EQ(c::json_arrlen("doc", "$.arr").bytes(), wire({"JSON.ARRLEN", "doc", "$.arr"}));
  EXPECT_EQ(c::json_arrpop("doc", "$.arr", {.index = -1}).bytes(), wire({"JSON.ARRPOP", "doc", "$.arr", "-1"}));
  EXPECT_EQ(c::json_arrtrim("doc", "$.arr", 0, 2).bytes(), wire({"JSON.ARRTRIM", "doc", "$.arr", "0", "2"}));
  EXPECT_EQ(c::json_objkeys("doc", "$").bytes(), wire({"JSON.OBJKEYS", "doc", "$"}));
  EXPECT_EQ(c::json_objlen("doc", "$..o").bytes(), wire({"JSON.OBJLEN", "doc", "$..o"}));
  EXPECT_EQ(c::json_debug_memory("doc", "$").bytes(), wire({"JSON.DEBUG", "MEMORY", "doc", "$"}));
  EXPECT_EQ(c::json_debug_help().bytes(), wire({"JSON.DEBUG", "HELP"}));
}

// ---- RedisJSON -----------------------------------------------------------------------------------

TEST(module_decode, json_set_and_get) {
  using set_t = REPLY_OF(c::json_set("k", "$", "1"));
  for (const auto& ok : {"+OK\r\n"s}) EXPECT_TRUE(decode_reply<set_t>(ok).has_value());
  EXPECT_FALSE(decode_reply<set_t>(nil2).has_value());   // NX/XX condition not met (RESP2)
  EXPECT_FALSE(decode_reply<set_t>(null3).has_value());  // RESP3

  using get_t = REPLY_OF(c::json_get("k"));
  // Without a path (legacy root): the document as JSON text, in both protocols.
  const auto doc = decode_reply<get_t>(b(R"({"name":"ada","tags":["x","y"],"n":1.5})"));
  ASSERT_TRUE(doc.has_value());
  EXPECT_EQ((*doc)["name"], "ada");
  EXPECT_EQ((*doc)["tags"], json({"x", "y"}));
  EXPECT_DOUBLE_EQ((*doc)["n"].get<double>(), 1.5);
  EXPECT_FALSE(decode_reply<get_t>(nil2).has_value());  // no such key
  EXPECT_FALSE(decode_reply<get_t>(null3).has_value());

  using paths_t = REPLY_OF(c::json_get_paths("k", {"$.a"}));
  // One $-path: a JSON array of every match.
  for (const auto& bytes : {b("[1]"), b("[1,2]")}) {
    const auto one = decode_reply<paths_t>(bytes);
    ASSERT_TRUE(one.has_value());
    EXPECT_TRUE(one->is_array());
    EXPECT_EQ(one->at(0), 1);
  }
  EXPECT_EQ(*decode_reply<paths_t>(b("[]")), json::array());  // path matches nothing
  // Several paths: an object keyed by path, each value an array of matches.
  const auto many = decode_reply<paths_t>(b(R"({"$.a":[1],"$..b":[true,"s"]})"));
  ASSERT_TRUE(many.has_value());
  EXPECT_EQ(many->at("$.a"), json::array({1}));
  EXPECT_EQ(many->at("$..b"), json::array({true, "s"}));
  // FORMAT EXPAND (RESP3): the value as RESP3 aggregates instead of text, converted element-wise.
  const auto expanded = decode_reply<paths_t>(arr(1) + map(2) + b("a") + i(1) + b("b") + arr(2) + d("2.5") + "#t\r\n");
  ASSERT_TRUE(expanded.has_value());
  EXPECT_EQ(*expanded, json::parse(R"([{"a":1,"b":[2.5,true]}])"));

  // Invalid JSON text, a wrong wire type, an error reply.
  expect_decode_error<get_t>(b("{\"a\":"));
  expect_decode_error<get_t>(b("not json"));
  expect_decode_error<paths_t>(b("[1,2"));
  expect_decode_error<get_t>("(12345678901234567890\r\n"s);  // a big number is no JSON text
  EXPECT_THROW((void)decode_reply<get_t>("!3\r\nbad\r\n"s), typedis::server_error);
  EXPECT_THROW((void)decode_reply<get_t>("-ERR new objects must be created at the root\r\n"), typedis::server_error);
}

TEST(module_decode, json_mget_and_arrays) {
  using mget_t = REPLY_OF(c::json_mget({"a", "b"}, "$.x"));
  for (const auto& bytes : {arr(3) + b("[1]") + nil2 + b(R"(["s"])"), arr(3) + b("[1]") + null3 + b(R"(["s"])")}) {
    const auto v = decode_reply<mget_t>(bytes);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(*v[0], json::array({1}));
    EXPECT_FALSE(v[1].has_value());
    EXPECT_EQ(*v[2], json::array({"s"}));
  }
  expect_decode_error<mget_t>(arr(1) + b("[oops"));
  expect_decode_error<mget_t>(b("[1]"));  // not an array

  // $-paths answer one integer (or null for a non-array match) per match.
  using counts_t = REPLY_OF(c::json_arrappend("k", "$..a", {"1"}));
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_arrlen("k", "$"))>);
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_strlen("k", "$"))>);
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_objlen("k", "$"))>);
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_toggle("k", "$"))>);
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_arrindex("k", "$", "1"))>);
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_arrinsert("k", "$", 0, {"1"}))>);
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_arrtrim("k", "$", 0, 1))>);
  static_assert(std::is_same_v<counts_t, REPLY_OF(c::json_strappend("k", "\"x\""))>);
  for (const auto& bytes : {arr(2) + i(3) + nil2, arr(2) + i(3) + null3}) {
    const auto v = decode_reply<counts_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0], 3);
    EXPECT_FALSE(v[1].has_value());
  }
  EXPECT_TRUE(decode_reply<counts_t>(arr(0)).empty());
  expect_decode_error<counts_t>(arr(1) + b("three"));
  expect_decode_error<counts_t>(i(3));  // legacy (non-$) path answers a bare integer: not this method's shape

  using pop_t = REPLY_OF(c::json_arrpop("k", "$.a"));
  for (const auto& bytes : {arr(3) + b(R"("x")") + b(R"({"o":[1]})") + nil2, arr(3) + b(R"("x")") + b(R"({"o":[1]})") + null3}) {
    const auto v = decode_reply<pop_t>(bytes);
    ASSERT_EQ(v.size(), 3u);
    EXPECT_EQ(*v[0], "x");
    EXPECT_EQ(v[1]->at("o"), json::array({1}));
    EXPECT_FALSE(v[2].has_value());
  }

  using keys_t = REPLY_OF(c::json_objkeys("k", "$"));
  for (const auto& bytes : {arr(2) + arr(2) + b("a") + b("b") + nil2, arr(2) + arr(2) + b("a") + b("b") + null3}) {
    const auto v = decode_reply<keys_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(*v[0], (std::vector<std::string>{"a", "b"}));
    EXPECT_FALSE(v[1].has_value());
  }

  // NUMINCRBY / NUMMULTBY: RESP2 answers JSON text of the new values, RESP3 an array of numbers.
  using num_t = REPLY_OF(c::json_numincrby("k", "$.n", 1));
  EXPECT_EQ(decode_reply<num_t>(b("[3,null]")), json::parse("[3,null]"));
  EXPECT_EQ(decode_reply<num_t>(arr(2) + i(3) + null3), json::parse("[3,null]"));
  EXPECT_EQ(decode_reply<num_t>(arr(1) + d("7.5")), json::parse("[7.5]"));
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_nummultby("k", "$.n", 2))>(b("[4.5]")), json::parse("[4.5]"));
  expect_decode_error<num_t>(b("[3,"));

  // Counters, OK replies, debug output.
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_del("k"))>(i(2)), 2);
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_forget("k"))>(i(0)), 0);
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_clear("k"))>(i(1)), 1);
  (void)decode_reply<REPLY_OF(c::json_merge("k", "$", "{}"))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::json_mset({{"k", "$", "1"}}))>("+OK\r\n");
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_debug_memory("k", "$"))>(arr(1) + i(120)), std::vector<long long>{120});
  EXPECT_EQ(decode_reply<REPLY_OF(c::json_debug_help())>(arr(2) + b("MEMORY <key> [path]") + b("HELP")).size(), 2u);
  expect_decode_error<REPLY_OF(c::json_del("k"))>(b("x"));
}

TEST(module_decode, json_type_uncurated_structure) {
  // RESP2: one type name per match; RESP3: one array of type names per match.
  const value v2 = as_value(arr(2) + b("object") + b("integer"));
  ASSERT_EQ(v2.elements.size(), 2u);
  EXPECT_EQ(v2.elements[0].string, "object");
  const value v3 = as_value(arr(2) + arr(1) + b("object") + arr(1) + b("integer"));
  ASSERT_EQ(v3.elements.size(), 2u);
  ASSERT_EQ(v3.elements[1].elements.size(), 1u);
  EXPECT_EQ(v3.elements[1].elements[0].string, "integer");
  (void)decode_reply<REPLY_OF(c::json_type("k"))>(arr(1) + b("object"));
  (void)decode_reply<REPLY_OF(c::json_resp("k"))>(arr(3) + b("{") + b("a") + i(1));
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
  const std::string text = json(ada).dump();
  EXPECT_EQ(text, R"({"age":36,"name":"ada","roles":["admin","dev"]})");
  EXPECT_EQ(c::json_set("user:1", "$", text).bytes(),
            "*4\r\n$8\r\nJSON.SET\r\n$6\r\nuser:1\r\n$1\r\n$\r\n$47\r\n" + text + "\r\n");
  // JSON.GET user:1 (root): the document; JSON.GET user:1 $ : an array holding it.
  const auto root = decode_reply<REPLY_OF(c::json_get("user:1"))>(b(text));
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(root->get<user>(), ada);
  const auto dollar = decode_reply<REPLY_OF(c::json_get_paths("user:1", {"$"}))>(b("[" + text + "]"));
  ASSERT_TRUE(dollar.has_value());
  EXPECT_EQ(dollar->get<std::vector<user>>(), std::vector<user>{ada});
  // A document missing a member: nlohmann's error, not a crash.
  const auto partial = decode_reply<REPLY_OF(c::json_get("user:1"))>(b(R"({"name":"x"})"));
  EXPECT_THROW((void)partial->get<user>(), json::exception);
}

}  // namespace
