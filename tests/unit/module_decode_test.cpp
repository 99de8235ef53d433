// Decode tests of the module command replies: exact RESP2 and RESP3 byte fixtures written from the
// modules' documented reply formats (redis.io command pages, module READMEs and test suites),
// decoded into each command's generated reply type and checked field by field; malformed variants
// that must end in typedis::decode_error (or protocol_error from the parser), never a crash; and,
// for the commands whose reply is not typed yet (commands-spec/uncurated.txt), the RESP2 and RESP3
// fixtures decoded into resp::value with their structure checked, ready for the typed decoders.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "resp_test_support.hpp"
#include "typedis/error.hpp"
#include "typedis/modules.hpp"
#include "typedis/typedis.hpp"

namespace {

using namespace std::string_literals;
namespace c = typedis::cmd;
using nlohmann::json;
using typedis::resp::value;

// typedis_test::decode_reply, and the fixture must be exactly one reply (no bytes left over: a
// miscounted aggregate header would otherwise pass silently).
template <class T>
T decode_reply(std::string_view bytes) {
  if (typedis_test::parse_one(bytes).consumed != bytes.size())
    throw std::runtime_error("fixture is more than one reply: " + std::string(bytes.substr(0, 40)));
  return typedis_test::decode_reply<T>(bytes);
}

// The reply type of a builder call.
#define REPLY_OF(call) typename decltype(call)::result_type

// RESP framing helpers (the contents are the documented replies).
std::string b(std::string_view s) { return "$" + std::to_string(s.size()) + "\r\n" + std::string(s) + "\r\n"; }
std::string st(std::string_view s) { return "+" + std::string(s) + "\r\n"; }
std::string i(long long v) { return ":" + std::to_string(v) + "\r\n"; }
std::string d(std::string_view v) { return "," + std::string(v) + "\r\n"; }
std::string arr(int n) { return "*" + std::to_string(n) + "\r\n"; }
std::string map(int n) { return "%" + std::to_string(n) + "\r\n"; }
std::string set(int n) { return "~" + std::to_string(n) + "\r\n"; }
const std::string nil2 = "$-1\r\n";
const std::string null3 = "_\r\n";

template <class T>
void expect_decode_error(const std::string& bytes) {
  SCOPED_TRACE(bytes.substr(0, 80));
  EXPECT_THROW((void)decode_reply<T>(bytes), typedis::decode_error);
}

value as_value(const std::string& bytes) {
  const typedis_test::parsed r = typedis_test::parse_one(bytes);
  if (r.consumed != bytes.size()) throw std::runtime_error("fixture is more than one reply");
  return r.value();
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

// ---- RediSearch ----------------------------------------------------------------------------------

TEST(module_decode, ft_list_dict_tagvals_syn_config) {
  using list_t = REPLY_OF(c::ft_list());
  for (const auto& bytes : {arr(2) + b("idx") + b("idx2"), set(2) + b("idx") + b("idx2")}) {
    const auto v = decode_reply<list_t>(bytes);
    EXPECT_EQ(v.size(), 2u);
    EXPECT_TRUE(v.contains("idx") && v.contains("idx2"));
  }
  EXPECT_TRUE(decode_reply<list_t>(arr(0)).empty());
  expect_decode_error<list_t>(i(1));
  for (const auto& bytes : {arr(2) + b("foo") + b("bar"), set(2) + b("foo") + b("bar")}) {
    EXPECT_EQ(decode_reply<REPLY_OF(c::ft_dictdump("d"))>(bytes).size(), 2u);
    EXPECT_TRUE(decode_reply<REPLY_OF(c::ft_tagvals("i", "f"))>(bytes).contains("bar"));
  }
  using syn_t = REPLY_OF(c::ft_syndump("i"));
  for (const auto& bytes : {arr(4) + b("car") + arr(1) + b("g1") + b("auto") + arr(1) + b("g1"),
                            map(2) + b("car") + arr(1) + b("g1") + b("auto") + arr(1) + b("g1")}) {
    const auto v = decode_reply<syn_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v.at("auto"), std::vector<std::string>{"g1"});
  }
  expect_decode_error<syn_t>(arr(3) + b("car") + arr(1) + b("g1") + b("auto"));
  using cfg_t = REPLY_OF(c::ft_config_get("*"));
  // RESP2: an array of [name, value] pairs; RESP3: a map. Unset values are null.
  for (const auto& bytes : {arr(2) + arr(2) + b("TIMEOUT") + b("500") + arr(2) + b("EXTLOAD") + nil2,
                            map(2) + b("TIMEOUT") + b("500") + b("EXTLOAD") + null3}) {
    const auto v = decode_reply<cfg_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v.at("TIMEOUT"), "500");
    EXPECT_FALSE(v.at("EXTLOAD").has_value());
  }
  expect_decode_error<cfg_t>(arr(1) + arr(3) + b("a") + b("b") + b("c"));
}

TEST(module_decode, ft_small_replies) {
  (void)decode_reply<REPLY_OF(c::ft_aliasadd("a", "i"))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::ft_aliasdel("a"))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::ft_aliasupdate("a", "i"))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::ft_alter("i", "f", "TEXT"))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::ft_config_set("A", "1"))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::ft_cursor_del("i", 1))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::ft_dropindex("i"))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::ft_synupdate("i", "g", {"t"}))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::ft_create("i", {}))>("+OK\r\n");
  expect_decode_error<REPLY_OF(c::ft_create("i", {}))>(i(1));
  EXPECT_THROW((void)decode_reply<REPLY_OF(c::ft_create("i", {}))>("-Index already exists\r\n"), typedis::server_error);
  EXPECT_EQ(decode_reply<REPLY_OF(c::ft_dictadd("d", {"a"}))>(i(2)), 2);
  EXPECT_EQ(decode_reply<REPLY_OF(c::ft_dictdel("d", {"a"}))>(i(1)), 1);
  EXPECT_EQ(decode_reply<REPLY_OF(c::ft_sugadd("k", "s", 1))>(i(3)), 3);
  EXPECT_TRUE(decode_reply<REPLY_OF(c::ft_sugdel("k", "s"))>(i(1)));
  EXPECT_FALSE(decode_reply<REPLY_OF(c::ft_sugdel("k", "s"))>(i(0)));
  EXPECT_EQ(decode_reply<REPLY_OF(c::ft_suglen("k"))>(i(7)), 7);
  EXPECT_EQ(decode_reply<REPLY_OF(c::ft_sugget("k", "he"))>(arr(2) + b("hello") + b("help")),
            (std::vector<std::string>{"hello", "help"}));
  using sws_t = REPLY_OF(c::ft_sugget_withscores("k", "he"));
  for (const auto& bytes : {arr(4) + b("hello") + b("2.5") + b("help") + b("0.5"),
                            arr(4) + b("hello") + d("2.5") + b("help") + d("0.5")}) {
    const auto v = decode_reply<sws_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].first, "hello");
    EXPECT_DOUBLE_EQ(v[0].second, 2.5);
    EXPECT_DOUBLE_EQ(v[1].second, 0.5);
  }
  expect_decode_error<sws_t>(arr(3) + b("hello") + b("2.5") + b("help"));
  expect_decode_error<sws_t>(arr(2) + b("hello") + b("high"));
  EXPECT_EQ(decode_reply<REPLY_OF(c::ft_explain("i", "q"))>(b("INTERSECT {\n  a\n}\n")), "INTERSECT {\n  a\n}\n");
  EXPECT_EQ(decode_reply<REPLY_OF(c::ft_explaincli("i", "q"))>(arr(2) + b("INTERSECT {") + b("}")).size(), 2u);
}

TEST(module_decode, ft_info) {
  using info_t = REPLY_OF(c::ft_info("idx"));
  // RESP2 (redis.io FT.INFO example): a flat key/value array, numbers as bulk strings.
  const std::string r2 = arr(24) + b("index_name") + b("idx:bicycle") + b("index_options") + arr(0) +
                         b("index_definition") + arr(6) + b("key_type") + b("JSON") + b("prefixes") + arr(1) +
                         b("bicycle:") + b("default_score") + b("1") + b("attributes") + arr(1) + arr(6) +
                         b("identifier") + b("$.brand") + b("attribute") + b("brand") + b("type") + b("TEXT") +
                         b("num_docs") + b("10") + b("max_doc_id") + b("10") + b("num_terms") + b("546") +
                         b("num_records") + b("692") + b("hash_indexing_failures") + b("0") + b("indexing") + b("0") +
                         b("percent_indexed") + b("1") + b("number_of_uses") + i(1);
  // RESP3: a map with native integers and doubles.
  const std::string r3 = map(10) + b("index_name") + b("idx:bicycle") + b("index_options") + arr(0) +
                         b("index_definition") + map(3) + b("key_type") + b("JSON") + b("prefixes") + arr(1) +
                         b("bicycle:") + b("default_score") + d("1") + b("attributes") + arr(1) + map(3) +
                         b("identifier") + b("$.brand") + b("attribute") + b("brand") + b("type") + b("TEXT") +
                         b("num_docs") + i(10) + b("max_doc_id") + i(10) + b("num_terms") + i(546) + b("num_records") +
                         i(692) + b("percent_indexed") + d("1") + b("number_of_uses") + i(1);
  for (const auto& bytes : {r2, r3}) {
    SCOPED_TRACE(bytes.substr(0, 4));
    const auto v = decode_reply<info_t>(bytes);
    EXPECT_EQ(v.index_name, "idx:bicycle");
    EXPECT_EQ(v.num_docs, 10);
    EXPECT_EQ(v.max_doc_id, 10);
    EXPECT_EQ(v.num_terms, 546);
    EXPECT_EQ(v.num_records, 692);
    ASSERT_TRUE(v.percent_indexed.has_value());
    EXPECT_DOUBLE_EQ(*v.percent_indexed, 1.0);
    ASSERT_TRUE(v.index_definition.has_value());
    EXPECT_EQ(v.index_definition->elements.size(), 6u);
    ASSERT_TRUE(v.attributes.has_value());
    EXPECT_EQ(v.attributes->elements.size(), 1u);
  }
  EXPECT_EQ(decode_reply<info_t>(r2).hash_indexing_failures, 0);
  // Malformed: the required index_name missing, a number that is not one, an odd flat array.
  expect_decode_error<info_t>(arr(2) + b("num_docs") + b("1"));
  expect_decode_error<info_t>(arr(4) + b("index_name") + b("i") + b("num_docs") + b("ten"));
  expect_decode_error<info_t>(arr(3) + b("index_name") + b("i") + b("num_docs"));
  EXPECT_THROW((void)decode_reply<info_t>("-Unknown index name\r\n"), typedis::server_error);
}

TEST(module_decode, ft_uncurated_structures) {
  // FT.SEARCH RESP2: total, then per document: id [score] [fields as a flat array].
  {
    const value v = as_value(arr(5) + i(2) + b("doc:1") + arr(2) + b("title") + b("hello") + b("doc:2") + arr(2) +
                             b("title") + b("world"));
    ASSERT_EQ(v.elements.size(), 5u);
    EXPECT_EQ(v.elements[0].integer, 2);
    EXPECT_EQ(v.elements[1].string, "doc:1");
    EXPECT_EQ(v.elements[2].elements[1].string, "hello");
    (void)decode_reply<REPLY_OF(c::ft_search("i", "q"))>(arr(1) + i(0));
  }
  {  // WITHSCORES: the score (bulk string) after each id.
    const value v = as_value(arr(4) + i(1) + b("doc:1") + b("0.5") + arr(2) + b("title") + b("hello"));
    EXPECT_EQ(v.elements[2].string, "0.5");
    EXPECT_EQ(v.elements[3].type, typedis::resp::type::array);
  }
  {  // NOCONTENT: ids only.
    const value v = as_value(arr(3) + i(2) + b("doc:1") + b("doc:2"));
    EXPECT_EQ(v.elements.size(), 3u);
    EXPECT_EQ(v.elements[2].string, "doc:2");
  }
  {  // RESP3: a map with total_results and results (each a map: id, score, extra_attributes, values).
    const value v = as_value(map(5) + b("attributes") + arr(0) + b("format") + b("STRING") + b("results") + arr(1) +
                             map(4) + b("id") + b("doc:1") + b("score") + d("0.5") + b("extra_attributes") + map(1) +
                             b("title") + b("hello") + b("values") + arr(0) + b("total_results") + i(1) +
                             b("warning") + arr(0));
    ASSERT_EQ(v.type, typedis::resp::type::map);
    ASSERT_EQ(v.elements.size(), 10u);
    EXPECT_EQ(v.elements[4].string, "results");
    const value& doc = v.elements[5].elements[0];
    EXPECT_EQ(doc.elements[1].string, "doc:1");
    EXPECT_EQ(doc.elements[3].type, typedis::resp::type::double_type);
    EXPECT_EQ(doc.elements[5].elements[1].string, "hello");
    EXPECT_EQ(v.elements[7].integer, 1);
  }
  {  // FT.AGGREGATE RESP2: total, then one flat field array per row; WITHCURSOR: [that, cursor id].
    const value v = as_value(arr(2) + arr(2) + i(1) + arr(4) + b("brand") + b("nike") + b("n") + b("3") + i(42));
    ASSERT_EQ(v.elements.size(), 2u);
    EXPECT_EQ(v.elements[0].elements[1].elements[3].string, "3");
    EXPECT_EQ(v.elements[1].integer, 42);
    // RESP3: [map with results of {extra_attributes, values}, cursor id]; FT.CURSOR READ answers the same.
    const std::string r3 = arr(2) + map(4) + b("attributes") + arr(0) + b("results") + arr(1) + map(2) +
                           b("extra_attributes") + map(2) + b("brand") + b("nike") + b("n") + b("3") + b("values") +
                           arr(0) + b("total_results") + i(1) + b("warning") + arr(0) + i(0);
    const value w = as_value(r3);
    EXPECT_EQ(w.elements[0].type, typedis::resp::type::map);
    EXPECT_EQ(w.elements[0].elements[3].elements[0].elements[1].elements[1].string, "nike");
    EXPECT_EQ(w.elements[1].integer, 0);  // cursor exhausted
    (void)decode_reply<REPLY_OF(c::ft_cursor_read("i", 1))>(r3);
    (void)decode_reply<REPLY_OF(c::ft_aggregate("i", "*"))>(r3);
  }
  {  // FT.SPELLCHECK RESP2: per term [TERM, term, [[score, suggestion]...]]; RESP3: {results: {term: [{sugg: score}]}}.
    const value v = as_value(arr(1) + arr(3) + b("TERM") + b("helo") + arr(1) + arr(2) + b("0.66") + b("hello"));
    EXPECT_EQ(v.elements[0].elements[2].elements[0].elements[1].string, "hello");
    const value w = as_value(map(1) + b("results") + map(1) + b("helo") + arr(1) + map(1) + b("hello") + d("0.66"));
    EXPECT_EQ(w.elements[1].elements[0].string, "helo");
    EXPECT_EQ(w.elements[1].elements[1].elements[0].elements[0].string, "hello");
    (void)decode_reply<REPLY_OF(c::ft_spellcheck("i", "q"))>(map(0));
  }
}

// ---- RedisTimeSeries -----------------------------------------------------------------------------

TEST(module_decode, ts_samples) {
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_add("t", "*", 1))>(i(1700000000000)), 1700000000000);
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_incrby("t", 1))>(i(1000)), 1000);
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_decrby("t", 1))>(i(1000)), 1000);
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_del("t", 0, 1))>(i(2)), 2);
  (void)decode_reply<REPLY_OF(c::ts_create("t"))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::ts_alter("t"))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::ts_createrule("a", "b", c::ts_createrule_aggregator::avg, 1))>("+OK\r\n");
  (void)decode_reply<REPLY_OF(c::ts_deleterule("a", "b"))>("+OK\r\n");
  EXPECT_EQ(decode_reply<REPLY_OF(c::ts_madd({{"a", "1", 1}}))>(arr(2) + i(1000) + i(1001)),
            (std::vector<long long>{1000, 1001}));
  // A per-sample error inside TS.MADD's array surfaces as the server error, not a crash.
  EXPECT_THROW((void)decode_reply<REPLY_OF(c::ts_madd({{"a", "1", 1}}))>(arr(2) + i(1000) + "-ERR TSDB: the key does not exist\r\n"),
               typedis::server_error);

  using get_t = REPLY_OF(c::ts_get("t"));
  for (const auto& bytes : {arr(2) + i(1000) + b("21.5"), arr(2) + i(1000) + d("21.5")}) {
    const auto v = decode_reply<get_t>(bytes);
    EXPECT_EQ(v.timestamp, 1000);
    ASSERT_TRUE(v.value.has_value());
    EXPECT_DOUBLE_EQ(*v.value, 21.5);
  }
  const auto empty = decode_reply<get_t>(arr(0));  // series without samples
  EXPECT_FALSE(empty.timestamp.has_value());
  EXPECT_FALSE(empty.value.has_value());
  expect_decode_error<get_t>(arr(2) + i(1000) + b("warm"));
  expect_decode_error<get_t>(b("21.5"));

  using range_t = REPLY_OF(c::ts_range("t", "-", "+"));
  static_assert(std::is_same_v<range_t, REPLY_OF(c::ts_revrange("t", "-", "+"))>);
  for (const auto& bytes : {arr(2) + arr(2) + i(1000) + b("21.5") + arr(2) + i(2000) + b("nan"),
                            arr(2) + arr(2) + i(1000) + d("21.5") + arr(2) + i(2000) + d("nan")}) {
    const auto v = decode_reply<range_t>(bytes);
    ASSERT_EQ(v.size(), 2u);
    EXPECT_EQ(v[0].first, 1000);
    EXPECT_DOUBLE_EQ(v[0].second, 21.5);
    EXPECT_EQ(v[1].first, 2000);
    EXPECT_TRUE(std::isnan(v[1].second));  // EMPTY buckets of some aggregators
  }
  EXPECT_TRUE(decode_reply<range_t>(arr(0)).empty());
  expect_decode_error<range_t>(arr(1) + arr(1) + i(1000));
  expect_decode_error<range_t>(arr(1) + arr(3) + i(1000) + b("1") + b("2"));
  expect_decode_error<range_t>(arr(1) + arr(2) + b("noon") + b("1"));

  using qi_t = REPLY_OF(c::ts_queryindex({"a=b"}));
  for (const auto& bytes : {arr(2) + b("t:kitchen:hum") + b("t:kitchen:temp"), set(2) + b("t:kitchen:hum") + b("t:kitchen:temp")})
    EXPECT_EQ(decode_reply<qi_t>(bytes).size(), 2u);
}

TEST(module_decode, ts_info) {
  using info_t = REPLY_OF(c::ts_info("t"));
  const std::string r2 = arr(28) + b("totalSamples") + i(2) + b("memoryUsage") + i(4239) + b("firstTimestamp") +
                         i(1000) + b("lastTimestamp") + i(2000) + b("retentionTime") + i(0) + b("chunkCount") + i(1) +
                         b("chunkSize") + i(4096) + b("chunkType") + st("compressed") + b("duplicatePolicy") + nil2 +
                         b("labels") + arr(1) + arr(2) + b("room") + b("kitchen") + b("sourceKey") + nil2 + b("rules") +
                         arr(1) + arr(3) + b("t:avg") + i(60000) + b("AVG") + b("ignoreMaxTimeDiff") + i(0) +
                         b("ignoreMaxValDiff") + b("0.5");
  const std::string r3 = map(13) + b("totalSamples") + i(2) + b("memoryUsage") + i(4239) + b("firstTimestamp") +
                         i(1000) + b("lastTimestamp") + i(2000) + b("retentionTime") + i(0) + b("chunkCount") + i(1) +
                         b("chunkSize") + i(4096) + b("chunkType") + st("compressed") + b("duplicatePolicy") + null3 +
                         b("labels") + map(1) + b("room") + b("kitchen") + b("sourceKey") + null3 + b("rules") +
                         map(1) + b("t:avg") + arr(2) + i(60000) + b("AVG") + b("ignoreMaxValDiff") + d("0.5");
  for (const auto& bytes : {r2, r3}) {
    SCOPED_TRACE(bytes.substr(0, 4));
    const auto v = decode_reply<info_t>(bytes);
    EXPECT_EQ(v.total_samples, 2);
    EXPECT_EQ(v.memory_usage, 4239);
    EXPECT_EQ(v.first_timestamp, 1000);
    EXPECT_EQ(v.last_timestamp, 2000);
    EXPECT_EQ(v.retention_time, 0);
    EXPECT_EQ(v.chunk_count, 1);
    EXPECT_EQ(v.chunk_size, 4096);
    EXPECT_EQ(v.chunk_type, "compressed");
    EXPECT_FALSE(v.duplicate_policy.has_value());
    ASSERT_TRUE(v.labels.has_value());
    EXPECT_EQ(v.labels->at("room"), "kitchen");
    EXPECT_FALSE(v.source_key.has_value());
    ASSERT_TRUE(v.rules.has_value());
    ASSERT_TRUE(v.ignore_max_val_diff.has_value());
    EXPECT_DOUBLE_EQ(*v.ignore_max_val_diff, 0.5);
  }
  expect_decode_error<info_t>(arr(2) + b("totalSamples") + i(2));              // required fields missing
  expect_decode_error<info_t>(arr(14) + b("totalSamples") + b("two") + b("memoryUsage") + i(1) + b("firstTimestamp") +
                              i(1) + b("lastTimestamp") + i(1) + b("retentionTime") + i(0) + b("chunkCount") + i(1) +
                              b("chunkSize") + i(1));
  expect_decode_error<info_t>(i(1));
}

TEST(module_decode, ts_uncurated_structures) {
  {  // TS.MGET WITHLABELS: RESP2 [[key, [[label, value]...], [ts, value]]...]; RESP3 {key: [{labels}, [ts, value]]}.
    const value v = as_value(arr(1) + arr(3) + b("temp:kitchen") + arr(1) + arr(2) + b("room") + b("kitchen") + arr(2) +
                             i(1000) + b("21.5"));
    const value& row = v.elements[0];
    EXPECT_EQ(row.elements[0].string, "temp:kitchen");
    EXPECT_EQ(row.elements[1].elements[0].elements[1].string, "kitchen");
    EXPECT_EQ(row.elements[2].elements[0].integer, 1000);
    const std::string r3 = map(1) + b("temp:kitchen") + arr(2) + map(1) + b("room") + b("kitchen") + arr(2) + i(1000) +
                           d("21.5");
    const value w = as_value(r3);
    EXPECT_EQ(w.elements[0].string, "temp:kitchen");
    EXPECT_EQ(w.elements[1].elements[0].type, typedis::resp::type::map);
    EXPECT_EQ(w.elements[1].elements[1].elements[1].type, typedis::resp::type::double_type);
    (void)decode_reply<REPLY_OF(c::ts_mget({"a=b"}))>(r3);
  }
  {  // TS.MRANGE ... GROUPBY room REDUCE max: RESP2 rows [group, labels incl. __reducer__/__source__, samples].
    const value v = as_value(arr(1) + arr(3) + b("room=kitchen") + arr(3) + arr(2) + b("room") + b("kitchen") + arr(2) +
                             b("__reducer__") + b("max") + arr(2) + b("__source__") + b("t1,t2") + arr(2) + arr(2) +
                             i(1000) + b("30") + arr(2) + i(2000) + b("31.5"));
    const value& row = v.elements[0];
    EXPECT_EQ(row.elements[0].string, "room=kitchen");
    EXPECT_EQ(row.elements[1].elements[1].elements[1].string, "max");
    EXPECT_EQ(row.elements[1].elements[2].elements[1].string, "t1,t2");
    EXPECT_EQ(row.elements[2].elements.size(), 2u);
    // RESP3: {group: [{labels}, {reducers: [..]}, {sources: [..]}, [[ts, value]...]]}.
    const std::string r3 = map(1) + b("room=kitchen") + arr(4) + map(1) + b("room") + b("kitchen") + map(1) +
                           b("reducers") + arr(1) + b("max") + map(1) + b("sources") + arr(2) + b("t1") + b("t2") +
                           arr(2) + arr(2) + i(1000) + d("30") + arr(2) + i(2000) + d("31.5");
    const value w = as_value(r3);
    const value& group = w.elements[1];
    ASSERT_EQ(group.elements.size(), 4u);
    EXPECT_EQ(group.elements[1].elements[1].elements[0].string, "max");
    EXPECT_EQ(group.elements[2].elements[1].elements.size(), 2u);
    EXPECT_EQ(group.elements[3].elements[1].elements[0].integer, 2000);
    (void)decode_reply<REPLY_OF(c::ts_mrange("-", "+", {"a=b"}))>(r3);
    (void)decode_reply<REPLY_OF(c::ts_mrevrange("-", "+", {"a=b"}))>(r3);
  }
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

// ---- protocol-level damage: the parser refuses, nothing is decoded ---------------------------------

TEST(module_decode, malformed_wire_is_a_protocol_error_or_incomplete) {
  // A truncated aggregate never completes (the connection waits for more bytes).
  EXPECT_THROW((void)typedis_test::parse_one(arr(2) + b("[1]")), std::runtime_error);
  EXPECT_THROW((void)typedis_test::parse_one(map(2) + b("totalSamples") + i(1)), std::runtime_error);
  // A length that is not a number, a bulk without its CRLF: protocol_error.
  EXPECT_THROW((void)typedis_test::parse_one("$x\r\nabc\r\n"), typedis::protocol_error);
  EXPECT_THROW((void)typedis_test::parse_one("*1\r\n$3\r\nabcde\r\n"), typedis::protocol_error);
}

}  // namespace
