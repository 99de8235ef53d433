// Unit tests of the RediSearch (FT.*) commands: wire tests (every command's exact request bytes for a
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

TEST(module_wire, search_create_and_schema) {
  // arg_range members only view their elements: lists that outlive the declaration of `schema`
  // (a braced list inside a named aggregate would die at the end of that declaration).
  const std::pair<std::string_view, std::string_view> hnsw_attributes[] = {
      {"TYPE", "FLOAT32"}, {"DIM", "2"}, {"DISTANCE_METRIC", "COSINE"}, {"M", "16"}, {"EF_CONSTRUCTION", "200"}};
  const std::pair<std::string_view, std::string_view> flat_attributes[] = {
      {"TYPE", "FLOAT64"}, {"DIM", "128"}, {"DISTANCE_METRIC", "L2"}};
  const c::ft_create_field schema[] = {
      {.field_name = "title", .field_type = typedis::text{}, .sortable = c::ft_create_field_sortable{}},
      {.field_name = "tags", .field_type = typedis::tag{}, .indexmissing = true},
      {.field_name = "price", .field_type = typedis::numeric{},
       .sortable = c::ft_create_field_sortable{.unf = true}},
      {.field_name = "$.loc", .alias = "loc", .field_type = typedis::geo{}, .noindex = true},
      {.field_name = "body", .field_type = typedis::text{}, .nostem = true, .weight = 2.5, .phonetic = "dm:en"},
      {.field_name = "cats", .field_type = typedis::tag{}, .separator = ";", .casesensitive = true},
      {.field_name = "v",
       .field_type = c::ft_create_field_field_type_vector{
           .algorithm = c::ft_create_field_field_type_vector_algorithm::hnsw,
           .nargs = 10,
           .attribute = hnsw_attributes}},
      {.field_name = "v2",
       .field_type = c::ft_create_field_field_type_vector{
           .algorithm = c::ft_create_field_field_type_vector_algorithm::flat,
           .nargs = 6,
           .attribute = flat_attributes}},
  };
  EXPECT_EQ(c::ft_create("idx", schema,
                         {.data_type = c::ft_create_data_type::hash,
                          .prefix = c::ft_create_prefix{.count = 2, .prefix = {"doc:", "item:"}},
                          .filter = "@price > 0",
                          .default_lang = "english",
                          .default_score = 0.5,
                          .stopwords = c::ft_create_stopwords{.count = 0},
                          .skipinitialscan = true})
                .bytes(),
            wire({"FT.CREATE", "idx", "ON", "HASH", "PREFIX", "2", "doc:", "item:", "FILTER", "@price > 0", "LANGUAGE",
                  "english", "SCORE", "0.5", "STOPWORDS", "0", "SKIPINITIALSCAN", "SCHEMA", "title", "TEXT", "SORTABLE",
                  "tags", "TAG", "INDEXMISSING", "price", "NUMERIC", "SORTABLE", "UNF", "$.loc", "AS", "loc", "GEO",
                  "NOINDEX", "body", "TEXT", "NOSTEM", "WEIGHT", "2.5", "PHONETIC", "dm:en", "cats", "TAG",
                  "SEPARATOR", ";", "CASESENSITIVE", "v", "VECTOR", "HNSW", "10", "TYPE", "FLOAT32", "DIM", "2",
                  "DISTANCE_METRIC", "COSINE", "M", "16", "EF_CONSTRUCTION", "200", "v2", "VECTOR", "FLAT", "6",
                  "TYPE", "FLOAT64", "DIM", "128", "DISTANCE_METRIC", "L2"}));
  const c::ft_create_field json_schema[] = {
      {.field_name = "$.name", .alias = "name", .field_type = typedis::text{}}};
  EXPECT_EQ(c::ft_create("jidx", json_schema, {.data_type = c::ft_create_data_type::json}).bytes(),
            wire({"FT.CREATE", "jidx", "ON", "JSON", "SCHEMA", "$.name", "AS", "name", "TEXT"}));
  EXPECT_EQ(c::ft_alter("idx", "year", "NUMERIC", {.skipinitialscan = true}).bytes(),
            wire({"FT.ALTER", "idx", "SKIPINITIALSCAN", "SCHEMA", "ADD", "year", "NUMERIC"}));
  EXPECT_EQ(c::ft_dropindex("idx", {.delete_docs = true}).bytes(), wire({"FT.DROPINDEX", "idx", "DD"}));
  EXPECT_EQ(c::ft_dropindex("idx").bytes(), wire({"FT.DROPINDEX", "idx"}));
  EXPECT_EQ(c::ft_info("idx").bytes(), wire({"FT.INFO", "idx"}));
  EXPECT_EQ(c::ft_list().bytes(), "*1\r\n$8\r\nFT._LIST\r\n");
  EXPECT_EQ(c::ft_aliasadd("a", "idx").bytes(), wire({"FT.ALIASADD", "a", "idx"}));
  EXPECT_EQ(c::ft_aliasupdate("a", "idx2").bytes(), wire({"FT.ALIASUPDATE", "a", "idx2"}));
  EXPECT_EQ(c::ft_aliasdel("a").bytes(), wire({"FT.ALIASDEL", "a"}));
  EXPECT_EQ(c::ft_aliaslist("idx").bytes(), wire({"FT.ALIASLIST", "idx"}));
  EXPECT_EQ(c::ft_tagvals("idx", "tags").bytes(), wire({"FT.TAGVALS", "idx", "tags"}));
  EXPECT_EQ(c::ft_config_get("TIMEOUT").bytes(), wire({"FT.CONFIG", "GET", "TIMEOUT"}));
  EXPECT_EQ(c::ft_config_set("TIMEOUT", "500").bytes(), wire({"FT.CONFIG", "SET", "TIMEOUT", "500"}));
  EXPECT_EQ(c::ft_config_help("TIMEOUT").bytes(), wire({"FT.CONFIG", "HELP", "TIMEOUT"}));
  EXPECT_EQ(c::ft_synupdate("idx", "g1", {"car", "auto"}, {.skipinitialscan = true}).bytes(),
            wire({"FT.SYNUPDATE", "idx", "g1", "SKIPINITIALSCAN", "car", "auto"}));
  EXPECT_EQ(c::ft_syndump("idx").bytes(), wire({"FT.SYNDUMP", "idx"}));
  EXPECT_EQ(c::ft_dictadd("dict", {"foo", "bar"}).bytes(), wire({"FT.DICTADD", "dict", "foo", "bar"}));
  EXPECT_EQ(c::ft_dictdel("dict", {"foo"}).bytes(), wire({"FT.DICTDEL", "dict", "foo"}));
  EXPECT_EQ(c::ft_dictdump("dict").bytes(), wire({"FT.DICTDUMP", "dict"}));
}

TEST(module_wire, search_queries) {
  const std::string blob = fp32_blob({0.25f, -1.0f});
  EXPECT_EQ(c::ft_search("idx", "*=>[KNN 2 @v $blob AS dist]",
                         {.withscores = true,
                          .sortby = c::ft_search_sortby{.sortby = "dist", .order = c::ft_search_sortby_order::asc},
                          .limit = c::ft_search_limit{.offset = 0, .num = 2},
                          .params = c::ft_search_params{.nargs = 2, .values = {{"blob", blob}}},
                          .dialect = 2})
                .bytes(),
            wire({"FT.SEARCH", "idx", "*=>[KNN 2 @v $blob AS dist]", "WITHSCORES", "SORTBY", "dist", "ASC", "LIMIT", "0",
                  "2", "PARAMS", "2", "blob", blob, "DIALECT", "2"}));
  // The blob is binary: its length prefix counts bytes, NULs included.
  EXPECT_NE(c::ft_search("i", "q", {.params = c::ft_search_params{.nargs = 2, .values = {{"b", blob}}}}).bytes().find(
                "$8\r\n" + blob + "\r\n"),
            std::string::npos);
  EXPECT_EQ(c::ft_search("idx", "@title:hello",
                         {.nocontent = true,
                          .filter = {{.numeric_field = "price", .min = 10, .max = 99.5}},
                          .geo_filter = {{.geo_field = "loc", .lon = 2.5, .lat = 48, .radius = 10,
                                          .radius_type = c::ft_search_geo_filter_radius_type::km}},
                          .inorder = true,
                          .language = "english"})
                .bytes(),
            wire({"FT.SEARCH", "idx", "@title:hello", "NOCONTENT", "FILTER", "price", "10", "99.5", "GEOFILTER", "loc",
                  "2.5", "48", "10", "km", "INORDER", "LANGUAGE", "english"}));
  EXPECT_EQ(c::ft_search("idx", "*",
                         {.return_ = c::ft_search_return_{.count = "3",
                                                          .identifiers = {{.identifier = "$.a", .property = "a"}}}})
                .bytes(),
            wire({"FT.SEARCH", "idx", "*", "RETURN", "3", "$.a", "AS", "a"}));

  using red = c::ft_aggregate_groupby_reduce_reducer_body_generic_body_function;
  const std::string_view avg_args[] = {"@price"};
  const std::string_view group_properties[] = {"@brand"};
  const c::ft_aggregate_groupby_reduce reducers[] = {
      {.reducer_body = c::ft_aggregate_groupby_reduce_reducer_body_generic_body{.function = red::count, .nargs = 0},
       .name = "n"},
      {.reducer_body = c::ft_aggregate_groupby_reduce_reducer_body_generic_body{.function = red::avg, .nargs = 1,
                                                                                  .arg = avg_args},
       .name = "avg_price"},
  };
  const c::ft_aggregate_groupby groupbys[] = {{.nargs = 1, .property = group_properties, .reduce = reducers}};
  EXPECT_EQ(c::ft_aggregate("idx", "*",
                            {.load = c::ft_aggregate_load{.count = "1", .field = {"@price"}},
                             .groupby = groupbys,
                             .sortby = c::ft_aggregate_sortby{.nargs = 2, .fields = {{"@n", c::ft_aggregate_sortby_fields_order::desc}}},
                             .apply = {{"@n * 2", "n2"}},
                             .limit = c::ft_aggregate_limit{.offset = 0, .num = 10},
                             .cursor = c::ft_aggregate_cursor{.read_size = 100},
                             .dialect = 2})
                .bytes(),
            wire({"FT.AGGREGATE", "idx", "*", "LOAD", "1", "@price", "GROUPBY", "1", "@brand", "REDUCE", "COUNT", "0",
                  "AS", "n", "REDUCE", "AVG", "1", "@price", "AS", "avg_price", "SORTBY", "2", "@n", "DESC", "APPLY",
                  "@n * 2", "AS", "n2", "LIMIT", "0", "10", "WITHCURSOR", "COUNT", "100", "DIALECT", "2"}));
  EXPECT_EQ(c::ft_cursor_read("idx", 123456789, {.read_size = 50}).bytes(),
            wire({"FT.CURSOR", "READ", "idx", "123456789", "COUNT", "50"}));
  EXPECT_EQ(c::ft_cursor_del("idx", 123456789).bytes(), wire({"FT.CURSOR", "DEL", "idx", "123456789"}));
  EXPECT_EQ(c::ft_hybrid("idx", "@title:shoes", "@v", "$vec",
                         {.vector_query_type = c::ft_hybrid_vector_query_type_knn_clause{.count = 2, .k = 10},
                          .combine = c::ft_hybrid_combine_method_rrf_method{.count = 2, .constant = 60},
                          .limit = c::ft_hybrid_limit{.offset = 0, .num = 5},
                          .params = c::ft_hybrid_params{.nargs = 2, .values = {{"vec", blob}}}})
                .bytes(),
            wire({"FT.HYBRID", "idx", "SEARCH", "@title:shoes", "VSIM", "@v", "$vec", "KNN", "2", "K", "10", "COMBINE",
                  "RRF", "2", "CONSTANT", "60", "LIMIT", "0", "5", "PARAMS", "2", "vec", blob}));
  EXPECT_EQ(c::ft_profile("idx", c::ft_profile_querytype::search, "@title:hello", {.limited = true}).bytes(),
            wire({"FT.PROFILE", "idx", "SEARCH", "LIMITED", "QUERY", "@title:hello"}));
  EXPECT_EQ(c::ft_profile("idx", c::ft_profile_querytype::aggregate, "*").bytes(),
            wire({"FT.PROFILE", "idx", "AGGREGATE", "QUERY", "*"}));
  EXPECT_EQ(c::ft_explain("idx", "@a:b", {.dialect = 2}).bytes(), wire({"FT.EXPLAIN", "idx", "@a:b", "DIALECT", "2"}));
  EXPECT_EQ(c::ft_explaincli("idx", "@a:b").bytes(), wire({"FT.EXPLAINCLI", "idx", "@a:b"}));
  EXPECT_EQ(c::ft_spellcheck("idx", "helo wrld",
                             {.distance = 2,
                              .terms = c::ft_spellcheck_terms{.inclusion = c::ft_spellcheck_terms_inclusion::exclude,
                                                              .dictionary = "stop"}})
                .bytes(),
            wire({"FT.SPELLCHECK", "idx", "helo wrld", "DISTANCE", "2", "TERMS", "EXCLUDE", "stop"}));
}

TEST(module_wire, search_suggestions) {
  EXPECT_EQ(c::ft_sugadd("ac", "hello world", 1.5, {.incr = true, .payload = "p1"}).bytes(),
            wire({"FT.SUGADD", "ac", "hello world", "1.5", "INCR", "PAYLOAD", "p1"}));
  EXPECT_EQ(c::ft_sugget("ac", "hel", {.fuzzy = true, .max = 5}).bytes(),
            wire({"FT.SUGGET", "ac", "hel", "FUZZY", "MAX", "5"}));
  EXPECT_EQ(c::ft_sugget_withscores("ac", "hel", {.max = 3}).bytes(),
            wire({"FT.SUGGET", "ac", "hel", "WITHSCORES", "MAX", "3"}));
  EXPECT_EQ(c::ft_sugdel("ac", "hello world").bytes(), wire({"FT.SUGDEL", "ac", "hello world"}));
  EXPECT_EQ(c::ft_suglen("ac").bytes(), wire({"FT.SUGLEN", "ac"}));
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

}  // namespace
