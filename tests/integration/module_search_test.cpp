// Opt-in integration tests of the RediSearch commands against a real module server
// (TYPEDIS_MODULES_URL; see module_test_env.hpp): skipped, never passed, without one. Every FT.*
// command runs through the typed client API, over RESP2 and RESP3.
#include <gtest/gtest.h>

#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "module_test_env.hpp"
#include "typedis/modules.hpp"
#include "typedis/typedis.hpp"

namespace {

namespace c = typedis::cmd;
namespace search = typedis::search;
using nlohmann::json;
using typedis::test::with_protocol;

std::string key(const std::string& suffix) { return typedis::test::module_key(suffix); }

// RediSearch's default query timeout (500 ms, ON_TIMEOUT RETURN) hands back partial results on a
// loaded machine, which the command allows: every query here asks for a timeout no test run reaches.
constexpr std::chrono::milliseconds patient{60'000};

// Indexing may lag the writes (an index over existing keys scans them in the background): polls.
using typedis::test::eventually;

// A command the server may not have (FT.HYBRID before 8.4, FT.ALIASLIST, FT.CONFIG once removed):
// runs it, or prints the server's refusal (decode errors still fail the test).
template <class F>
void if_supported(std::string_view what, F&& f) {
  try {
    f();
  } catch (const typedis::server_error& e) {
    std::cout << "[ note ] " << what << " refused by this server: " << e.what() << "\n";
  }
}

class search_module : public ::testing::TestWithParam<int> {
 protected:
  // An index over hashes with prefix `prefix_`, three documents, a FLOAT32 vector of 2 dims.
  void create_products(typedis::client& r) {
    search::schema schema;
    schema.text("title", {.weight = 2.0, .sortable = true})
        .tag("brand", {.sortable = true})
        .numeric("price", {.sortable = true})
        .geo("loc")
        .vector("emb", search::flat{.type = search::vector_type::float32, .dim = 2, .distance = search::distance_metric::l2});
    r.ft_create(idx_, schema, {.on = c::ft_create_data_type::hash, .prefix = {{prefix_}}});
    const float e1[] = {0.0f, 0.0f}, e2[] = {1.0f, 0.0f}, e3[] = {5.0f, 5.0f};
    r.hset(prefix_ + "1", {{"title", "hello world"}, {"brand", "acme"}, {"price", "10"}, {"loc", "2.35,48.85"},
                           {"emb", search::vector_blob(e1)}});
    r.hset(prefix_ + "2", {{"title", "hello there"}, {"brand", "acme"}, {"price", "20"}, {"loc", "2.29,48.86"},
                           {"emb", search::vector_blob(e2)}});
    r.hset(prefix_ + "3", {{"title", "goodbye world"}, {"brand", "other"}, {"price", "30"}, {"loc", "-0.12,51.5"},
                           {"emb", search::vector_blob(e3)}});
    ASSERT_TRUE(eventually([&] { return r.ft_search(idx_, "*", {.nocontent = true, .timeout = patient}).total == 3; }));
  }

  std::string prefix_ = key("ft") + ":";
  std::string idx_ = prefix_ + "idx";
};

TEST_P(search_module, create_search_info_alter_drop) {
  REQUIRE_MODULE_SERVER("FT.SEARCH");
  typedis::client r{with_protocol(*base_url, GetParam())};
  create_products(r);

  const search::search_result plain = r.ft_search(idx_, "@title:hello", {.timeout = patient, .sortby = c::ft_search_sortby{.sortby = "price"}});
  EXPECT_EQ(plain.total, 2);
  ASSERT_EQ(plain.documents.size(), 2u);
  EXPECT_EQ(plain.documents[0].id, prefix_ + "1");
  ASSERT_NE(plain.documents[0].field("title"), nullptr);
  EXPECT_EQ(*plain.documents[0].field("title"), "hello world");

  const search::search_result ids = r.ft_search(idx_, "@brand:{acme}", {.nocontent = true, .withscores = true, .timeout = patient});
  ASSERT_EQ(ids.documents.size(), 2u);
  EXPECT_TRUE(ids.documents[0].score.has_value());
  EXPECT_TRUE(ids.documents[0].fields.empty());

  const search::search_result sorted =
      r.ft_search(idx_, "*", {.withsortkeys = true, .return_ = {{{.identifier = "price"}}}, .timeout = patient,
                              .sortby = c::ft_search_sortby{.sortby = "price", .order = c::ft_search_sortby_order::desc},
                              .limit = c::ft_search_limit{.offset = 0, .num = 1}});
  EXPECT_EQ(sorted.total, 3);
  ASSERT_EQ(sorted.documents.size(), 1u);
  EXPECT_EQ(sorted.documents[0].id, prefix_ + "3");
  EXPECT_TRUE(sorted.documents[0].sort_key.has_value());
  EXPECT_EQ(*sorted.documents[0].field("price"), "30");

  // KNN: the nearest vectors to (0.9, 0) are doc 2 then doc 1.
  const float q[] = {0.9f, 0.0f};
  const search::search_result knn = r.ft_search(
      idx_, "*=>[KNN 2 @emb $vec AS dist]",
      {.return_ = {{{.identifier = "dist"}}}, .timeout = patient,
       .sortby = c::ft_search_sortby{.sortby = "dist"}, .params = {{{"vec", search::vector_blob(q)}}}, .dialect = 2});
  ASSERT_EQ(knn.documents.size(), 2u);
  EXPECT_EQ(knn.documents[0].id, prefix_ + "2");
  EXPECT_EQ(knn.documents[1].id, prefix_ + "1");

  const auto info = r.ft_info(idx_);
  EXPECT_EQ(info.index_name, idx_);
  EXPECT_EQ(info.num_docs.value_or(-1), 3);
  EXPECT_TRUE(r.ft_list().contains(idx_));

  r.ft_alter(idx_, search::schema{}.tag("color"), {.skipinitialscan = true});
  EXPECT_TRUE(r.ft_info(idx_).attributes.has_value());
  EXPECT_FALSE(r.ft_explain(idx_, "@title:hello").empty());
  EXPECT_FALSE(r.ft_explaincli(idx_, "@title:hello").empty());
  const auto tags = r.ft_tagvals(idx_, "brand");
  EXPECT_TRUE(tags.contains("acme") && tags.contains("other"));

  r.ft_dropindex(idx_, {.dd = true});
  EXPECT_FALSE(r.ft_list().contains(idx_));
}

TEST_P(search_module, aggregate_and_cursor_pages) {
  REQUIRE_MODULE_SERVER("FT.SEARCH");
  typedis::client r{with_protocol(*base_url, GetParam())};
  create_products(r);
  using red = c::ft_aggregate_groupby_reduce_reducer_body_generic_body_function;
  const std::string_view by_brand[] = {"@brand"};
  const std::string_view price[] = {"@price"};
  const c::ft_aggregate_groupby_reduce reducers[] = {
      {.reducer_body = c::ft_aggregate_groupby_reduce_reducer_body_generic_body{.function = red::count}, .as = "n"},
      {.reducer_body = c::ft_aggregate_groupby_reduce_reducer_body_generic_body{.function = red::sum, .arg = price},
       .as = "total"}};
  const c::ft_aggregate_groupby groupby[] = {{.property = by_brand, .reduce = reducers}};
  const search::aggregate_result grouped = r.ft_aggregate(
      idx_, "*",
      {.timeout = patient, .groupby = groupby,
       .sortby = c::ft_aggregate_sortby{.fields = {{"@n", c::ft_aggregate_sortby_fields_order::desc}}}});
  ASSERT_EQ(grouped.rows.size(), 2u);
  EXPECT_EQ(*grouped.rows[0].field("brand"), "acme");
  EXPECT_EQ(*grouped.rows[0].field("n"), "2");
  EXPECT_EQ(*grouped.rows[0].field("total"), "30");

  // One row per page: three pages, the last with cursor id 0.
  std::vector<std::string> ids;
  int pages = 0;
  for (const search::aggregate_page& page :
       search::pages(r, idx_, r.ft_aggregate_withcursor(idx_, "*", {.load = {{"@price"}}, .timeout = patient, .count = 1}), 1)) {
    ++pages;
    for (const auto& row : page.result.rows) ids.push_back(*row.field("price"));
  }
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_GE(pages, 3);

  // FT.CURSOR READ and DEL by hand.
  const search::aggregate_page first = r.ft_aggregate_withcursor(idx_, "*", {.load = {{"@price"}}, .timeout = patient, .count = 1});
  ASSERT_NE(first.cursor_id, 0);
  const search::aggregate_page second = r.ft_cursor_read(idx_, first.cursor_id, {.count = 1});
  EXPECT_EQ(second.result.rows.size(), 1u);
  if (second.cursor_id != 0) r.ft_cursor_del(idx_, second.cursor_id);

  // FT.PROFILE: the result typed, the profile generic.
  const search::search_profile sp = r.ft_profile_search(idx_, "@title:hello", {.query_arguments = {"WITHSCORES", "TIMEOUT", "60000"}});
  EXPECT_EQ(sp.result.total, 2);
  ASSERT_FALSE(sp.result.documents.empty());
  EXPECT_TRUE(sp.result.documents[0].score.has_value());
  EXPECT_FALSE(sp.profile.is_null());
  const search::aggregate_profile ap = r.ft_profile_aggregate(idx_, "*", {.query_arguments = {"TIMEOUT", "60000"}});
  EXPECT_LE(ap.result.rows.size(), 3u);  // without LOAD the rows may be empty, but they decode
  if_supported("FT.PROFILE HYBRID", [&] { EXPECT_FALSE(r.ft_profile_hybrid(idx_, "*").is_null()); });

  const float q[] = {0.9f, 0.0f};
  const std::string blob = search::vector_blob(q);
  if_supported("FT.HYBRID", [&] {
    const search::hybrid_result v =
        r.ft_hybrid(idx_, "@title:hello", "@emb", "$vec",
                    {.vector_query_type = c::ft_hybrid_vector_query_type_knn_clause{.count = 2, .k = 2},
                     .params = {{{"vec", blob}}}});
    EXPECT_GE(v.total, 1);
    ASSERT_FALSE(v.results.empty());
    EXPECT_NE(v.results[0].field("__key"), nullptr);
  });
  r.ft_dropindex(idx_, {.dd = true});
}

TEST_P(search_module, spellcheck_dictionaries_synonyms_aliases_config) {
  REQUIRE_MODULE_SERVER("FT.SEARCH");
  typedis::client r{with_protocol(*base_url, GetParam())};
  create_products(r);

  const search::spellcheck_result spell = r.ft_spellcheck(idx_, "helo wrld", {.distance = 1});
  ASSERT_FALSE(spell.terms.empty());
  EXPECT_EQ(spell.terms[0].term, "helo");
  ASSERT_FALSE(spell.terms[0].suggestions.empty());
  EXPECT_EQ(spell.terms[0].suggestions[0].suggestion, "hello");

  const std::string dict = key("ftdict");
  EXPECT_EQ(r.ft_dictadd(dict, {"foo", "bar"}), 2);
  EXPECT_EQ(r.ft_dictdump(dict).size(), 2u);
  EXPECT_EQ(r.ft_dictdel(dict, {"foo", "bar"}), 2);

  r.ft_synupdate(idx_, "g1", {"hello", "hi"});
  const auto syn = r.ft_syndump(idx_);
  ASSERT_TRUE(syn.contains("hi"));
  EXPECT_EQ(syn.at("hi"), std::vector<std::string>{"g1"});

  const std::string alias = key("ftalias");
  r.ft_aliasadd(alias, idx_);
  EXPECT_EQ(r.ft_search(alias, "*", {.nocontent = true, .timeout = patient}).total, 3);
  r.ft_aliasupdate(alias, idx_);
  if_supported("FT.ALIASLIST", [&] { (void)r.ft_aliaslist(idx_); });
  r.ft_aliasdel(alias);

  if_supported("FT.CONFIG", [&] {
    const auto timeout = r.ft_config_get("TIMEOUT");
    ASSERT_TRUE(timeout.contains("TIMEOUT"));
    if (timeout.at("TIMEOUT")) r.ft_config_set("TIMEOUT", *timeout.at("TIMEOUT"));  // unchanged
    EXPECT_FALSE(r.ft_config_help("TIMEOUT").is_null());
  });
  r.ft_dropindex(idx_, {.dd = true});
}

TEST_P(search_module, suggestions) {
  REQUIRE_MODULE_SERVER("FT.SEARCH");
  typedis::client r{with_protocol(*base_url, GetParam())};
  const std::string ac = key("ftsug");
  EXPECT_EQ(r.ft_sugadd(ac, "hello world", 1.0), 1);
  r.ft_sugadd(ac, "help", 2.0, {.payload = "p"});
  EXPECT_EQ(r.ft_suglen(ac), 2);
  EXPECT_EQ(r.ft_sugget(ac, "hel").size(), 2u);
  const auto scored = r.ft_sugget_withscores(ac, "hel", {.max = 1});
  ASSERT_EQ(scored.size(), 1u);
  EXPECT_TRUE(r.ft_sugdel(ac, "help"));
  r.del({ac});
}

// A JSON index: paths with AS, the document back as "$". RediSearch indexes JSON through RedisJSON's
// API: with no RedisJSON loaded (valkey-json does not offer that API) FT.CREATE ON JSON answers
// "Invalid rule type: JSON", and the test is skipped.
TEST_P(search_module, json_index) {
  REQUIRE_MODULE_SERVER("FT.SEARCH");
  REQUIRE_MODULE_COMMAND("JSON.SET");
  typedis::client r{with_protocol(*base_url, GetParam())};
  const std::string prefix = key("ftj") + ":";
  const std::string jidx = prefix + "idx";
  try {
    r.ft_create(jidx, search::schema{}.text("$.name", {.as = "name"}).numeric("$.n", {.as = "n"}),
                {.on = c::ft_create_data_type::json, .prefix = {{prefix}}});
  } catch (const typedis::server_error& e) {
    if (e.message().find("Invalid rule type") == std::string::npos) throw;
    GTEST_SKIP() << "this RediSearch cannot index JSON next to the JSON module here: " << e.what();
  }
  r.json_set(prefix + "1", "$", json{{"name", "alpha"}, {"n", 1}});
  ASSERT_TRUE(eventually([&] { return r.ft_search(jidx, "@name:alpha", {.timeout = patient}).total == 1; }));
  const search::search_result found = r.ft_search(jidx, "@name:alpha", {.timeout = patient});
  ASSERT_EQ(found.documents.size(), 1u);
  ASSERT_NE(found.documents[0].json(), nullptr);
  EXPECT_EQ(json::parse(*found.documents[0].json())["name"], "alpha");
  r.ft_dropindex(jidx, {.dd = true});
}

INSTANTIATE_TEST_SUITE_P(resp, search_module, ::testing::Values(2, 3), typedis::test::protocol_name);

}  // namespace
