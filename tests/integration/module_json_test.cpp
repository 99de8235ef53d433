// Opt-in integration tests of the RedisJSON commands against a real module server
// (TYPEDIS_MODULES_URL; see module_test_env.hpp): skipped, never passed, without one. Every JSON.*
// command goes through the typed client, over RESP2 and RESP3, with JSONPaths and legacy paths.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "module_test_env.hpp"
#include "typedis/modules.hpp"
#include "typedis/typedis.hpp"

namespace {

namespace c = typedis::cmd;
using nlohmann::json;
using typedis::json_arg;
using typedis::test::with_protocol;
using counts = std::vector<std::optional<long long>>;

std::string key(const std::string& suffix) { return typedis::test::module_key(suffix); }

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

class json_module : public ::testing::TestWithParam<int> {};

TEST_P(json_module, set_get_mget_mset) {
  REQUIRE_MODULE_SERVER("JSON.SET");
  typedis::client r{with_protocol(*base_url, GetParam())};
  const std::string k = key("json");
  ASSERT_TRUE(r.json_set(k, "$", json{{"name", "ada"}, {"tags", {"a"}}, {"n", 1}, {"flag", true}}).has_value());
  EXPECT_FALSE(r.json_set(k, "$", json::object(), {.condition = typedis::nx{}}).has_value());
  EXPECT_TRUE(r.json_set(k, "$.extra", json_arg::raw(R"({"x":[1,2]})"), {.condition = typedis::nx{}}).has_value());

  EXPECT_EQ(r.json_get(k, "$.name"), typedis::redisjson::matches{"ada"});
  EXPECT_EQ(r.json_get(k, "$..x")->at(0), json::array({1, 2}));
  EXPECT_TRUE(r.json_get(k, "$.nothing")->empty());
  EXPECT_FALSE(r.json_get(key("missing"), "$").has_value());
  EXPECT_EQ(r.json_get_legacy(k, ".name"), json("ada"));
  EXPECT_EQ(r.json_get_legacy(k, ".").value().at("n"), 1);
  const auto many = r.json_get_paths(k, {"$.name", "$.n"});
  EXPECT_EQ(many->at("$.n"), json::array({1}));
  const auto pretty = r.json_get(k, "$.extra", {.indent = "  ", .newline = "\n", .space = " "});
  EXPECT_EQ(pretty->at(0).at("x"), json::array({1, 2}));

  const std::string k2 = key("json2");
  EXPECT_EQ(r.json_mset({{k2, "$", json{{"name", "bob"}}}, {k, "$.n", 5}}), typedis::ok{});
  const auto mget = r.json_mget({k, k2, key("missing")}, "$.name");
  ASSERT_EQ(mget.size(), 3u);
  EXPECT_EQ(mget[0], typedis::redisjson::matches{"ada"});
  EXPECT_EQ(mget[1], typedis::redisjson::matches{"bob"});
  EXPECT_FALSE(mget[2].has_value());
  const auto mget_legacy = r.json_mget_legacy({k, k2}, ".name");
  EXPECT_EQ(mget_legacy[1], json("bob"));


  // A user type through to_json/from_json, both path kinds.
  const user ada{"ada", 36, {"admin"}};
  const std::string ku = key("user");
  ASSERT_TRUE(r.json_set(ku, "$", ada).has_value());
  EXPECT_EQ(r.json_get_legacy(ku, ".").value().get<user>(), ada);
  EXPECT_EQ(r.json_get(ku, "$").value().at(0).get<user>(), ada);
  r.del({k, k2, ku});
}

TEST_P(json_module, merge) {
  REQUIRE_MODULE_SERVER("JSON.SET");
  REQUIRE_MODULE_COMMAND("JSON.MERGE");  // RedisJSON only: valkey-json has none
  typedis::client r{with_protocol(*base_url, GetParam())};
  const std::string k = key("merge");
  ASSERT_TRUE(r.json_set(k, "$", json{{"name", "bob"}}).has_value());
  EXPECT_EQ(r.json_merge(k, "$", json{{"age", 40}, {"name", nullptr}}), typedis::ok{});
  EXPECT_EQ(r.json_get_legacy(k, ".").value(), (json{{"age", 40}}));
  r.del({k});
}

// valkey-json's JSON.DEBUG subcommands (not in RedisJSON).
TEST_P(json_module, debug_depth_fields_max_keys) {
  REQUIRE_MODULE_SERVER("JSON.SET");
  REQUIRE_MODULE_COMMAND("JSON.DEBUG|DEPTH");
  typedis::client r{with_protocol(*base_url, GetParam())};
  const std::string k = key("debug");
  ASSERT_TRUE(r.json_set(k, "$", json{{"a", {{"b", json::array({1, 2, {{"c", 3}}})}}}, {"s", "x"}}).has_value());
  EXPECT_EQ(r.json_debug_depth(k), 4);
  EXPECT_EQ(r.json_debug_depth(key("missing")), std::nullopt);
  EXPECT_EQ(r.json_debug_fields_legacy(k, ".a"), 5);  // b, its three elements, c
  EXPECT_EQ(r.json_debug_fields(k, "$.a"), (std::optional<std::vector<long long>>{{5}}));
  const auto [depth, deepest] = r.json_debug_max_depth_key();
  EXPECT_GE(depth, 4);
  EXPECT_FALSE(deepest.empty());
  const auto [size, largest] = r.json_debug_max_size_key();
  EXPECT_GT(size, 0);
  EXPECT_FALSE(largest.empty());
  r.del({k});
}

// valkey-json: the path of JSON.TOGGLE is optional (arity -2), of JSON.ARRAPPEND required (-4);
// the typed methods always send one.
TEST_P(json_module, toggle_and_arrappend_with_paths) {
  REQUIRE_MODULE_SERVER("JSON.SET");
  typedis::client r{with_protocol(*base_url, GetParam())};
  const std::string k = key("toggle");
  ASSERT_TRUE(r.json_set(k, "$", json{{"f", false}, {"l", json::array()}}).has_value());
  EXPECT_EQ(r.json_toggle_legacy(k, ".f"), json(true));
  EXPECT_EQ(r.json_arrappend_legacy(k, ".l", {json_arg(1), json_arg("x")}), 2);
  r.del({k});
}

TEST_P(json_module, arrays) {
  REQUIRE_MODULE_SERVER("JSON.SET");
  typedis::client r{with_protocol(*base_url, GetParam())};
  const std::string k = key("jsonarr");
  r.json_set(k, "$", json{{"arr", {1, 2, 3}}, {"o", {{"arr", json::array()}}}, {"s", "x"}});
  EXPECT_EQ(r.json_arrappend(k, "$..arr", {4, "five"}), (counts{5, 2}));
  EXPECT_EQ(r.json_arrappend(k, "$.s", {1}), (counts{std::nullopt}));
  EXPECT_EQ(r.json_arrappend_legacy(k, ".arr", {json{{"six", 6}}}), 6);
  EXPECT_EQ(r.json_arrindex(k, "$.arr", 2), (counts{1}));
  EXPECT_EQ(r.json_arrindex(k, "$.arr", "five", {.range = c::json_arrindex_range{.start = 0, .stop = -1}}), (counts{4}));
  EXPECT_EQ(r.json_arrindex_legacy(k, ".arr", 42), -1);
  EXPECT_EQ(r.json_arrinsert(k, "$.arr", 0, {0}), (counts{7}));
  EXPECT_EQ(r.json_arrinsert_legacy(k, ".arr", -1, {"x", "y"}), 9);
  EXPECT_EQ(r.json_arrlen(k, "$..arr"), (counts{9, 2}));
  EXPECT_EQ(r.json_arrlen_legacy(k, ".arr"), 9);
  EXPECT_EQ(r.json_arrlen_legacy(key("missing"), ".arr"), std::nullopt);
  const auto popped = r.json_arrpop(k, "$.arr");
  ASSERT_EQ(popped.size(), 1u);
  EXPECT_EQ(popped[0], (json{{"six", 6}}));  // ARRINSERT at -1 went before the last element
  EXPECT_EQ(r.json_arrpop_legacy(k, ".arr", {.index = 0}), json(0));
  EXPECT_EQ(r.json_arrtrim(k, "$.arr", 0, 2), (counts{3}));
  EXPECT_EQ(r.json_arrtrim_legacy(k, ".arr", 0, 0), 1);
  r.del({k});
}

TEST_P(json_module, objects_strings_numbers_booleans) {
  REQUIRE_MODULE_SERVER("JSON.SET");
  typedis::client r{with_protocol(*base_url, GetParam())};
  const std::string k = key("jsonobj");
  r.json_set(k, "$", json{{"o", {{"a", 1}, {"b", 2}}}, {"s", "ab"}, {"n", 2}, {"f", false}, {"list", json::array()}});
  EXPECT_EQ(r.json_objkeys(k, "$.o"), (std::vector<std::optional<std::vector<std::string>>>{std::vector<std::string>{"a", "b"}}));
  EXPECT_EQ(r.json_objkeys_legacy(k, ".o"), (std::vector<std::string>{"a", "b"}));
  // "$.*" answers in the document's key order, which nlohmann::json (sorted keys) does not keep on
  // the way in: count the one object among the five matches instead of expecting a position.
  const counts lens = r.json_objlen(k, "$.*");
  EXPECT_EQ(lens.size(), 5u);
  EXPECT_EQ(std::count(lens.begin(), lens.end(), std::optional<long long>(2)), 1);
  EXPECT_EQ(std::count(lens.begin(), lens.end(), std::nullopt), 4);
  EXPECT_EQ(r.json_objlen_legacy(k, ".o"), 2);
  EXPECT_EQ(r.json_strappend(k, "$.s", "cd"), (counts{4}));
  EXPECT_EQ(r.json_strappend_legacy(k, ".s", "e"), 5);
  EXPECT_EQ(r.json_strlen(k, "$.s"), (counts{5}));
  EXPECT_EQ(r.json_strlen_legacy(k, ".s"), 5);
  EXPECT_EQ(r.json_numincrby(k, "$.n", 1.5), (typedis::redisjson::matches{3.5}));
  EXPECT_EQ(r.json_numincrby(k, "$.s", 1).at(0), json(nullptr));  // not a number
  EXPECT_EQ(r.json_numincrby_legacy(k, ".n", 1), 4.5);
  EXPECT_EQ(r.json_nummultby(k, "$.n", 2), (typedis::redisjson::matches{9.0}));
  EXPECT_EQ(r.json_nummultby_legacy(k, ".n", 2), 18.0);
  EXPECT_EQ(r.json_toggle(k, "$.f"), (std::vector<std::optional<bool>>{true}));
  EXPECT_EQ(r.json_toggle(k, "$.n"), (std::vector<std::optional<bool>>{std::nullopt}));
  EXPECT_EQ(r.json_toggle_legacy(k, ".f"), json(false));
  EXPECT_EQ(r.json_type(k, "$.o"), (typedis::redisjson::types{"object"}));
  EXPECT_EQ(r.json_type(k, "$..a"), (typedis::redisjson::types{"integer"}));
  EXPECT_EQ(r.json_type_legacy(k, ".s"), (typedis::redisjson::types{"string"}));
  EXPECT_TRUE(r.json_type_legacy(key("missing"), ".").empty());
  EXPECT_EQ(r.json_debug_memory(k, "$.o").size(), 1u);
  EXPECT_GT(r.json_debug_memory_legacy(k, "."), 0);
  EXPECT_FALSE(r.json_debug_help().empty());
  const typedis::resp::value resp = r.json_resp(k, {.path = ".o"});
  EXPECT_FALSE(resp.elements.empty());
  EXPECT_EQ(r.json_clear(k, {.path = "$.o"}), 1);
  EXPECT_EQ(r.json_objlen_legacy(k, ".o"), 0);
  EXPECT_EQ(r.json_forget(k, {.path = "$.s"}), 1);
  EXPECT_EQ(r.json_del(k, {.path = "$.n"}), 1);
  EXPECT_EQ(r.json_del(k), 1);
  EXPECT_EQ(r.json_del(k), 0);
}

INSTANTIATE_TEST_SUITE_P(resp, json_module, ::testing::Values(2, 3), typedis::test::protocol_name);

}  // namespace
