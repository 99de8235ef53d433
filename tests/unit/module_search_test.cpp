// Unit tests of the RediSearch (FT.*) commands: wire tests (every command's exact request bytes for a
// representative call, written out by hand from the documented syntax, not from the generator) and
// decode tests (exact RESP2 and RESP3 reply fixtures written from the documented reply formats,
// decoded into the command's reply type; malformed variants must give typedis::decode_error).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <stdexcept>
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

TEST(module_wire, search_create_and_schema) {
  namespace search = typedis::search;
  search::schema schema;
  schema.text("title", {.sortable = true})
      .tag("tags", {.indexmissing = true})
      .numeric("price", {.sortable = true})
      .geo("$.loc", {.as = "loc", .noindex = true})
      .text("body", {.weight = 2.5, .nostem = true, .phonetic = "dm:en"})
      .tag("cats", {.separator = ';', .casesensitive = true})
      .vector("v", search::hnsw{.type = search::vector_type::float32, .dim = 2, .distance = search::distance_metric::cosine,
                            .m = 16, .ef_construction = 200})
      .vector("v2", search::flat{.type = search::vector_type::float64, .dim = 128, .distance = search::distance_metric::l2});
  EXPECT_EQ(schema.size(), 8u);
  EXPECT_EQ(c::ft_create("idx", schema,
                         {.on = c::ft_create_data_type::hash,
                          .prefix = {{"doc:", "item:"}},
                          .filter = "@price > 0",
                          .language = "english",
                          .score = 0.5,
                          .stopwords = c::ft_create_stopwords{},
                          .skipinitialscan = true})
                .bytes(),
            wire({"FT.CREATE", "idx", "ON", "HASH", "PREFIX", "2", "doc:", "item:", "FILTER", "@price > 0", "LANGUAGE",
                  "english", "SCORE", "0.5", "STOPWORDS", "0", "SKIPINITIALSCAN", "SCHEMA", "title", "TEXT", "SORTABLE",
                  "tags", "TAG", "INDEXMISSING", "price", "NUMERIC", "SORTABLE", "$.loc", "AS", "loc", "GEO",
                  "NOINDEX", "body", "TEXT", "WEIGHT", "2.5", "NOSTEM", "PHONETIC", "dm:en", "cats", "TAG",
                  "SEPARATOR", ";", "CASESENSITIVE", "v", "VECTOR", "HNSW", "10", "TYPE", "FLOAT32", "DIM", "2",
                  "DISTANCE_METRIC", "COSINE", "M", "16", "EF_CONSTRUCTION", "200", "v2", "VECTOR", "FLAT", "6",
                  "TYPE", "FLOAT64", "DIM", "128", "DISTANCE_METRIC", "L2"}));
  const std::string_view stop[] = {"a", "the"};
  EXPECT_EQ(c::ft_create("i", search::schema{}.text("t"), {.stopwords = c::ft_create_stopwords{.stopword = stop}}).bytes(),
            wire({"FT.CREATE", "i", "STOPWORDS", "2", "a", "the", "SCHEMA", "t", "TEXT"}));
  // JSON index: paths with AS; every option of every field type, in the builder's order.
  search::schema json_schema;
  json_schema.text("$.name", {.as = "name", .withsuffixtrie = true, .indexempty = true, .indexmissing = true,
                              .sortable = true, .unf = true})
      .tag("$.tags[*]", {.as = "tags", .withsuffixtrie = true, .indexempty = true, .sortable = true, .unf = true})
      .numeric("$.n", {.as = "n", .sortable = true, .noindex = true})
      .geo("$.g", {.as = "g", .indexmissing = true, .sortable = true})
      .geoshape("$.shape", {.as = "shape", .coord_system = search::coord_system::flat, .indexmissing = true})
      .geoshape("area")
      .vector("$.emb", search::hnsw{.type = search::vector_type::bfloat16, .dim = 4, .distance = search::distance_metric::ip,
                                .initial_cap = 1000, .m = 8, .ef_construction = 100, .ef_runtime = 20,
                                .epsilon = 0.01},
              {.as = "emb", .indexmissing = true})
      .vector("e8", search::flat{.type = search::vector_type::int8, .dim = 3, .initial_cap = 10, .block_size = 512})
      .vector("u8", search::flat{.type = search::vector_type::uint8, .dim = 3})
      .vector("h16", search::flat{.type = search::vector_type::float16, .dim = 3});
  EXPECT_EQ(c::ft_create("jidx", json_schema, {.on = c::ft_create_data_type::json}).bytes(),
            wire({"FT.CREATE", "jidx", "ON", "JSON", "SCHEMA",
                  "$.name", "AS", "name", "TEXT", "WITHSUFFIXTRIE", "INDEXEMPTY", "INDEXMISSING", "SORTABLE", "UNF",
                  "$.tags[*]", "AS", "tags", "TAG", "WITHSUFFIXTRIE", "INDEXEMPTY", "SORTABLE", "UNF",
                  "$.n", "AS", "n", "NUMERIC", "SORTABLE", "NOINDEX",
                  "$.g", "AS", "g", "GEO", "INDEXMISSING", "SORTABLE",
                  "$.shape", "AS", "shape", "GEOSHAPE", "FLAT", "INDEXMISSING",
                  "area", "GEOSHAPE",
                  "$.emb", "AS", "emb", "VECTOR", "HNSW", "16", "TYPE", "BFLOAT16", "DIM", "4", "DISTANCE_METRIC",
                  "IP", "INITIAL_CAP", "1000", "M", "8", "EF_CONSTRUCTION", "100", "EF_RUNTIME", "20", "EPSILON",
                  "0.01", "INDEXMISSING",
                  "e8", "VECTOR", "FLAT", "10", "TYPE", "INT8", "DIM", "3", "DISTANCE_METRIC", "L2", "INITIAL_CAP",
                  "10", "BLOCK_SIZE", "512",
                  "u8", "VECTOR", "FLAT", "6", "TYPE", "UINT8", "DIM", "3", "DISTANCE_METRIC", "L2",
                  "h16", "VECTOR", "FLAT", "6", "TYPE", "FLOAT16", "DIM", "3", "DISTANCE_METRIC", "L2"}));
  // SVS-VAMANA: its attribute count too.
  EXPECT_EQ(search::schema{}
                .vector("sv", search::svs_vamana{.type = search::vector_type::float16, .dim = 8,
                                             .distance = search::distance_metric::cosine,
                                             .compression = search::svs_compression::leanvec4x8,
                                             .construction_window_size = 200, .graph_max_degree = 32,
                                             .search_window_size = 10, .epsilon = 0.5, .training_threshold = 2048,
                                             .reduce = 4})
                .words(),
            (std::vector<std::string>{"sv", "VECTOR", "SVS-VAMANA", "20", "TYPE", "FLOAT16", "DIM", "8",
                                      "DISTANCE_METRIC", "COSINE", "COMPRESSION", "LeanVec4x8",
                                      "CONSTRUCTION_WINDOW_SIZE", "200", "GRAPH_MAX_DEGREE", "32",
                                      "SEARCH_WINDOW_SIZE", "10", "EPSILON", "0.5", "TRAINING_THRESHOLD", "2048",
                                      "REDUCE", "4"}));
  EXPECT_EQ(search::schema{}.vector("s2", search::svs_vamana{.dim = 2, .compression = search::svs_compression::lvq8}).words(),
            (std::vector<std::string>{"s2", "VECTOR", "SVS-VAMANA", "8", "TYPE", "FLOAT32", "DIM", "2",
                                      "DISTANCE_METRIC", "L2", "COMPRESSION", "LVQ8"}));
  EXPECT_EQ(c::ft_create("s", search::schema{}.geoshape("p", {.coord_system = search::coord_system::spherical})).bytes(),
            wire({"FT.CREATE", "s", "SCHEMA", "p", "GEOSHAPE", "SPHERICAL"}));
  // The schema owns its words: built from temporaries, used later.
  search::schema owned;
  {
    std::string name = "tmp";
    owned.tag(name, {.as = std::string("alias")});
  }
  EXPECT_EQ(owned.words(), (std::vector<std::string>{"tmp", "AS", "alias", "TAG"}));
  // UNF only with SORTABLE.
  EXPECT_EQ(search::schema{}.text("t", {.unf = true}).words(), (std::vector<std::string>{"t", "TEXT"}));
  EXPECT_EQ(c::ft_alter("idx", search::schema{}.numeric("year"), {.skipinitialscan = true}).bytes(),
            wire({"FT.ALTER", "idx", "SKIPINITIALSCAN", "SCHEMA", "ADD", "year", "NUMERIC"}));
  EXPECT_EQ(c::ft_alter("idx", search::schema{}.text("a").tag("b", {.sortable = true})).bytes(),
            wire({"FT.ALTER", "idx", "SCHEMA", "ADD", "a", "TEXT", "b", "TAG", "SORTABLE"}));
  EXPECT_EQ(c::ft_dropindex("idx", {.dd = true}).bytes(), wire({"FT.DROPINDEX", "idx", "DD"}));
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
                          .params = {{{"blob", blob}}},
                          .dialect = 2})
                .bytes(),
            wire({"FT.SEARCH", "idx", "*=>[KNN 2 @v $blob AS dist]", "WITHSCORES", "SORTBY", "dist", "ASC", "LIMIT", "0",
                  "2", "PARAMS", "2", "blob", blob, "DIALECT", "2"}));
  // The blob is binary: its length prefix counts bytes, NULs included.
  EXPECT_NE(c::ft_search("i", "q", {.params = {{{"b", blob}}}}).bytes().find(
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
                         {.return_ = {{{.identifier = "$.a", .as = "a"}}}})
                .bytes(),
            wire({"FT.SEARCH", "idx", "*", "RETURN", "3", "$.a", "AS", "a"}));

  using red = c::ft_aggregate_groupby_reduce_reducer_body_generic_body_function;
  const std::string_view avg_args[] = {"@price"};
  const std::string_view group_properties[] = {"@brand"};
  const c::ft_aggregate_groupby_reduce reducers[] = {
      {.reducer_body = c::ft_aggregate_groupby_reduce_reducer_body_generic_body{.function = red::count},
       .as = "n"},
      {.reducer_body = c::ft_aggregate_groupby_reduce_reducer_body_generic_body{.function = red::avg,
                                                                                  .arg = avg_args},
       .as = "avg_price"},
  };
  const c::ft_aggregate_groupby groupbys[] = {{.property = group_properties, .reduce = reducers}};
  EXPECT_EQ(c::ft_aggregate_withcursor("idx", "*",
                            {.load = {{"@price"}},
                             .groupby = groupbys,
                             .sortby = c::ft_aggregate_sortby{.fields = {{"@n", c::ft_aggregate_sortby_fields_order::desc}}},
                             .apply = {{"@n * 2", "n2"}},
                             .limit = c::ft_aggregate_limit{.offset = 0, .num = 10},
                             .count = 100,
                             .dialect = 2})
                .bytes(),
            wire({"FT.AGGREGATE", "idx", "*", "LOAD", "1", "@price", "GROUPBY", "1", "@brand", "REDUCE", "COUNT", "0",
                  "AS", "n", "REDUCE", "AVG", "1", "@price", "AS", "avg_price", "SORTBY", "2", "@n", "DESC", "APPLY",
                  "@n * 2", "AS", "n2", "LIMIT", "0", "10", "WITHCURSOR", "COUNT", "100", "DIALECT", "2"}));
  EXPECT_EQ(c::ft_cursor_read("idx", 123456789, {.count = 50}).bytes(),
            wire({"FT.CURSOR", "READ", "idx", "123456789", "COUNT", "50"}));
  EXPECT_EQ(c::ft_cursor_del("idx", 123456789).bytes(), wire({"FT.CURSOR", "DEL", "idx", "123456789"}));
  EXPECT_EQ(c::ft_hybrid("idx", "@title:shoes", "@v", "$vec",
                         {.vector_query_type = c::ft_hybrid_vector_query_type_knn_clause{.count = 2, .k = 10},
                          .combine = c::ft_hybrid_combine_method_rrf_method{.count = 2, .constant = 60},
                          .limit = c::ft_hybrid_limit{.offset = 0, .num = 5},
                          .params = {{{"vec", blob}}}})
                .bytes(),
            wire({"FT.HYBRID", "idx", "SEARCH", "@title:shoes", "VSIM", "@v", "$vec", "KNN", "2", "K", "10", "COMBINE",
                  "RRF", "2", "CONSTANT", "60", "LIMIT", "0", "5", "PARAMS", "2", "vec", blob}));
  EXPECT_EQ(c::ft_profile_search("idx", "@title:hello", {.limited = true}).bytes(),
            wire({"FT.PROFILE", "idx", "SEARCH", "LIMITED", "QUERY", "@title:hello"}));
  EXPECT_EQ(c::ft_profile_aggregate("idx", "*").bytes(),
            wire({"FT.PROFILE", "idx", "AGGREGATE", "QUERY", "*"}));
  EXPECT_EQ(c::ft_profile_search("idx", "hello", {.limited = true, .query_arguments = {"WITHSCORES", "LIMIT", "0", "5"}})
                .bytes(),
            wire({"FT.PROFILE", "idx", "SEARCH", "LIMITED", "QUERY", "hello", "WITHSCORES", "LIMIT", "0", "5"}));
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
  (void)decode_reply<REPLY_OF(c::ft_alter("i", typedis::search::schema{}))>("+OK\r\n");
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

// ---- FT.SEARCH, FT.AGGREGATE, cursors, FT.SPELLCHECK, FT.PROFILE: typed replies -------------------

template <class T>
void expect_decode_error_for(std::string_view request, const std::string& bytes) {
  SCOPED_TRACE(bytes.substr(0, 80));
  EXPECT_THROW((void)decode_for<T>(request, bytes), typedis::decode_error);
}

using search_t = typedis::search::search_result;
static_assert(std::is_same_v<REPLY_OF(c::ft_search("i", "q")), search_t>);

TEST(module_decode, ft_search_resp2_layouts) {
  {  // plain: total, then id and a flat field array per document
    const auto v = decode_for<search_t>(c::ft_search("idx", "hello").bytes(),
                                        arr(5) + i(2) + b("doc:1") + arr(4) + b("title") + b("hello") + b("price") +
                                            b("10") + b("doc:2") + arr(2) + b("title") + b("hello again"));
    EXPECT_EQ(v.total, 2);
    ASSERT_EQ(v.documents.size(), 2u);
    EXPECT_EQ(v.documents[0].id, "doc:1");
    EXPECT_FALSE(v.documents[0].score.has_value());
    EXPECT_FALSE(v.documents[0].payload.has_value());
    ASSERT_EQ(v.documents[0].fields.size(), 2u);
    EXPECT_EQ(v.documents[0].fields[1], (std::pair<std::string, std::string>{"price", "10"}));
    ASSERT_NE(v.documents[0].field("title"), nullptr);
    EXPECT_EQ(*v.documents[0].field("title"), "hello");
    EXPECT_EQ(v.documents[0].field("nope"), nullptr);
    EXPECT_EQ(v.documents[1].id, "doc:2");
    EXPECT_TRUE(v.warnings.empty());
  }
  {  // NOCONTENT: ids only; the total counts all matches, not only this page
    const auto v = decode_for<search_t>(c::ft_search("idx", "*", {.nocontent = true, .limit = {{0, 2}}}).bytes(),
                                        arr(3) + i(10) + b("doc:1") + b("doc:2"));
    EXPECT_EQ(v.total, 10);
    ASSERT_EQ(v.documents.size(), 2u);
    EXPECT_EQ(v.documents[1].id, "doc:2");
    EXPECT_TRUE(v.documents[1].fields.empty());
    // Without the request the decoder still tells ids-only pages apart (no array after an id).
    EXPECT_EQ(decode_reply<search_t>(arr(3) + i(2) + b("a") + b("b")).documents.size(), 2u);
    EXPECT_EQ(decode_reply<search_t>(arr(3) + i(1) + b("a") + arr(2) + b("f") + b("v")).documents[0].fields.size(), 1u);
    // RETURN 0 answers ids only, like NOCONTENT.
    EXPECT_EQ(decode_for<search_t>(c::ft_search("i", "*", {.return_ = typedis::arg_range<c::ft_search_return__identifiers>{}}).bytes(),
                                   arr(3) + i(2) + b("a") + b("b"))
                  .documents.size(),
              2u);
  }
  {  // WITHSCORES: the score (bulk text) after each id
    const auto v = decode_for<search_t>(c::ft_search("idx", "hello", {.withscores = true}).bytes(),
                                        arr(4) + i(1) + b("doc:1") + b("0.5") + arr(2) + b("title") + b("hello"));
    ASSERT_EQ(v.documents.size(), 1u);
    ASSERT_TRUE(v.documents[0].score.has_value());
    EXPECT_DOUBLE_EQ(*v.documents[0].score, 0.5);
    EXPECT_EQ(*v.documents[0].field("title"), "hello");
  }
  {  // WITHSCORES WITHPAYLOADS NOCONTENT: id, score, payload (null when the document has none)
    const auto v = decode_for<search_t>(
        c::ft_search("idx", "x", {.nocontent = true, .withscores = true, .withpayloads = true}).bytes(),
        arr(7) + i(2) + b("d1") + b("2") + b("pay") + b("d2") + b("1.5") + nil2);
    ASSERT_EQ(v.documents.size(), 2u);
    EXPECT_EQ(v.documents[0].payload, "pay");
    EXPECT_DOUBLE_EQ(*v.documents[1].score, 1.5);
    EXPECT_FALSE(v.documents[1].payload.has_value());
  }
  {  // WITHSCORES WITHPAYLOADS WITHSORTKEYS with content, options in any order and case
    const std::string request = wire({"FT.SEARCH", "idx", "x", "withsortkeys", "SORTBY", "price", "WITHPAYLOADS",
                                      "WITHSCORES"});
    const auto v = decode_for<search_t>(
        request, arr(6) + i(1) + b("d1") + b("3") + b("p") + b("#10") + arr(2) + b("price") + b("10"));
    ASSERT_EQ(v.documents.size(), 1u);
    EXPECT_DOUBLE_EQ(*v.documents[0].score, 3);
    EXPECT_EQ(v.documents[0].payload, "p");
    EXPECT_EQ(v.documents[0].sort_key, "#10");
    EXPECT_EQ(*v.documents[0].field("price"), "10");
  }
  {  // EXPLAINSCORE: the score is [score, explanation]
    const auto v = decode_for<search_t>(
        c::ft_search("idx", "x", {.withscores = true, .explainscore = true}).bytes(),
        arr(4) + i(1) + b("d1") + arr(2) + b("1.5") + arr(2) + b("Final TFIDF : words TFIDF 3.00 * document score 1.00") +
            arr(0) + arr(2) + b("t") + b("x"));
    ASSERT_TRUE(v.documents[0].score.has_value());
    EXPECT_DOUBLE_EQ(*v.documents[0].score, 1.5);
    ASSERT_TRUE(v.documents[0].score_explanation.has_value());
    EXPECT_EQ(v.documents[0].score_explanation->elements.size(), 2u);
  }
  {  // a value spelled like a flag (FILTER's field, a PARAMS blob) is not taken for one
    const std::string request = wire({"FT.SEARCH", "idx", "x", "FILTER", "WITHSCORES", "0", "1", "PARAMS", "2", "v",
                                      "NOCONTENT", "RETURN", "1", "WITHPAYLOADS"});
    const auto v = decode_for<search_t>(request, arr(3) + i(1) + b("d1") + arr(2) + b("WITHPAYLOADS") + b("1"));
    ASSERT_EQ(v.documents.size(), 1u);
    EXPECT_FALSE(v.documents[0].score.has_value());
    EXPECT_EQ(*v.documents[0].field("WITHPAYLOADS"), "1");
  }
  {  // JSON index: the whole document as "$"; a deleted document's fields may come as null
    const auto v = decode_for<search_t>(c::ft_search("jidx", "*").bytes(),
                                        arr(5) + i(2) + b("j:1") + arr(2) + b("$") + b(R"({"name":"a"})") + b("j:2") +
                                            "*-1\r\n");
    ASSERT_NE(v.documents[0].json(), nullptr);
    EXPECT_EQ(json::parse(*v.documents[0].json())["name"], "a");
    EXPECT_TRUE(v.documents[1].fields.empty());
  }
  EXPECT_EQ(decode_for<search_t>(c::ft_search("i", "q").bytes(), arr(1) + i(0)).documents.size(), 0u);
}

TEST(module_decode, ft_search_resp3) {
  const std::string doc1 = map(5) + b("id") + b("doc:1") + b("score") + d("0.5") + b("payload") + b("p1") +
                           b("extra_attributes") + map(2) + b("title") + b("hello") + b("n") + i(3) + b("values") +
                           arr(0);
  const std::string doc2 = map(4) + b("id") + b("doc:2") + b("sortkey") + b("$hello") + b("extra_attributes") +
                           map(1) + b("tags") + arr(2) + b("a") + b("b") + b("values") + arr(0);
  const std::string r3 = map(5) + b("attributes") + arr(0) + b("format") + b("STRING") + b("results") + arr(2) +
                         doc1 + doc2 + b("total_results") + i(7) + b("warning") + arr(1) + b("Timeout limit was reached");
  // The options of the request do not matter in RESP3: the map names every part.
  for (const std::string& request : {std::string{}, std::string(c::ft_search("i", "q", {.nocontent = true}).bytes())}) {
    const auto v = decode_for<search_t>(request, r3);
    EXPECT_EQ(v.total, 7);
    ASSERT_EQ(v.documents.size(), 2u);
    EXPECT_EQ(v.documents[0].id, "doc:1");
    EXPECT_DOUBLE_EQ(v.documents[0].score.value_or(-1), 0.5);
    EXPECT_EQ(v.documents[0].payload, "p1");
    EXPECT_EQ(*v.documents[0].field("title"), "hello");
    EXPECT_EQ(*v.documents[0].field("n"), "3");  // a native integer as text
    EXPECT_FALSE(v.documents[1].score.has_value());
    EXPECT_EQ(v.documents[1].sort_key, "$hello");
    EXPECT_EQ(*v.documents[1].field("tags"), R"(["a","b"])");  // nested: JSON text
    EXPECT_EQ(v.warnings, std::vector<std::string>{"Timeout limit was reached"});
    EXPECT_EQ(v.format, "STRING");
  }
  {  // EXPLAINSCORE in RESP3; FORMAT EXPAND on a JSON index: "$" as a native array
    const std::string r = map(2) + b("total_results") + i(1) + b("results") + arr(1) + map(3) + b("id") + b("j:1") +
                          b("score") + arr(2) + d("2") + arr(1) + b("why") + b("extra_attributes") + map(1) + b("$") +
                          arr(1) + map(2) + b("name") + b("a") + b("n") + d("1.5");
    const auto v = decode_reply<search_t>(r);
    EXPECT_DOUBLE_EQ(*v.documents[0].score, 2);
    ASSERT_TRUE(v.documents[0].score_explanation.has_value());
    const json doc = json::parse(*v.documents[0].json());
    EXPECT_EQ(doc[0]["name"], "a");
    EXPECT_DOUBLE_EQ(doc[0]["n"].get<double>(), 1.5);
  }
}

TEST(module_decode, ft_search_malformed) {
  const std::string plain(c::ft_search("idx", "q").bytes());
  const std::string scores(c::ft_search("idx", "q", {.withscores = true}).bytes());
  expect_decode_error_for<search_t>(plain, i(1));                                   // not an aggregate
  expect_decode_error_for<search_t>(plain, arr(0));                                 // no total
  expect_decode_error_for<search_t>(plain, arr(2) + b("x") + b("d"));               // total not a number
  expect_decode_error_for<search_t>(plain, arr(2) + i(1) + b("d1"));                // fields missing
  expect_decode_error_for<search_t>(scores, arr(3) + i(1) + b("d1") + arr(0));      // score missing
  expect_decode_error_for<search_t>(scores, arr(4) + i(1) + b("d1") + b("high") + arr(0));  // score not a number
  expect_decode_error_for<search_t>(plain, arr(3) + i(1) + b("d1") + arr(1) + b("odd"));    // odd field array
  expect_decode_error_for<search_t>(plain, arr(3) + i(1) + arr(0) + arr(0));        // id not a string
  expect_decode_error_for<search_t>(
      scores, arr(4) + i(1) + b("d1") + arr(3) + b("1") + b("2") + b("3") + arr(0));  // score array of 3
  // RESP3: total_results, results or an id missing; a result that is not a map; an odd flat map
  expect_decode_error<search_t>(map(1) + b("results") + arr(0));
  expect_decode_error<search_t>(map(1) + b("total_results") + i(0));
  expect_decode_error<search_t>(map(2) + b("total_results") + i(1) + b("results") + arr(1) + map(1) + b("score") +
                                d("1"));
  expect_decode_error<search_t>(map(2) + b("total_results") + i(1) + b("results") + arr(1) + b("doc:1"));
  expect_decode_error<search_t>(map(2) + b("total_results") + i(1) + b("results") + arr(1) + map(2) + b("id") +
                                b("d") + b("extra_attributes") + arr(1) + b("k"));
  EXPECT_THROW((void)decode_reply<search_t>("-Unknown index name\r\n"), typedis::server_error);
}

using aggregate_t = typedis::search::aggregate_result;
using page_t = typedis::search::aggregate_page;
static_assert(std::is_same_v<REPLY_OF(c::ft_aggregate("i", "*")), aggregate_t>);
static_assert(std::is_same_v<REPLY_OF(c::ft_aggregate_withcursor("i", "*")), page_t>);
static_assert(std::is_same_v<REPLY_OF(c::ft_cursor_read("i", 1)), page_t>);

TEST(module_decode, ft_aggregate_and_cursor_pages) {
  const std::string rows2 = arr(3) + i(2) + arr(4) + b("brand") + b("nike") + b("n") + b("3") + arr(4) + b("brand") +
                            b("adidas") + b("tags") + arr(2) + b("a") + b("b");
  const std::string rows3 = map(5) + b("attributes") + arr(0) + b("format") + b("STRING") + b("results") + arr(2) +
                            map(2) + b("extra_attributes") + map(2) + b("brand") + b("nike") + b("n") + b("3") +
                            b("values") + arr(0) + map(2) + b("extra_attributes") + map(2) + b("brand") + b("adidas") +
                            b("tags") + arr(2) + b("a") + b("b") + b("values") + arr(0) + b("total_results") + i(2) +
                            b("warning") + arr(0);
  for (const std::string& bytes : {rows2, rows3}) {
    SCOPED_TRACE(bytes.substr(0, 4));
    const auto v = decode_reply<aggregate_t>(bytes);
    EXPECT_EQ(v.total, 2);
    ASSERT_EQ(v.rows.size(), 2u);
    EXPECT_EQ(*v.rows[0].field("brand"), "nike");
    EXPECT_EQ(*v.rows[0].field("n"), "3");
    EXPECT_EQ(*v.rows[1].field("tags"), R"(["a","b"])");  // a TOLIST reducer's list
    EXPECT_EQ(v.rows[1].field("n"), nullptr);
    // WITHCURSOR / FT.CURSOR READ: [result, cursor id]
    const auto page = decode_reply<page_t>(arr(2) + bytes + i(42));
    EXPECT_EQ(page.cursor_id, 42);
    EXPECT_EQ(page.result.rows.size(), 2u);
    EXPECT_EQ(*page.result.rows[1].field("brand"), "adidas");
  }
  // A null value (a missing property) is left out of the row.
  EXPECT_TRUE(decode_reply<aggregate_t>(arr(2) + i(1) + arr(2) + b("x") + nil2).rows[0].fields.empty());
  EXPECT_EQ(decode_reply<page_t>(arr(2) + arr(1) + i(0) + i(0)).cursor_id, 0);
  // Malformed
  expect_decode_error<aggregate_t>(arr(0));
  expect_decode_error<aggregate_t>(arr(2) + i(1) + b("row"));
  expect_decode_error<aggregate_t>(arr(2) + i(1) + arr(3) + b("a") + b("b") + b("c"));
  expect_decode_error<aggregate_t>(map(1) + b("results") + arr(0));
  expect_decode_error<aggregate_t>(map(2) + b("total_results") + i(0) + b("results") + arr(1) + i(5));
  expect_decode_error<page_t>(arr(1) + arr(1) + i(0));
  expect_decode_error<page_t>(arr(3) + arr(1) + i(0) + i(1) + i(2));
  expect_decode_error<page_t>(arr(2) + arr(1) + i(0) + b("next"));
  expect_decode_error<page_t>(arr(2) + i(0) + i(0));
  EXPECT_THROW((void)decode_reply<page_t>("-Cursor not found\r\n"), typedis::server_error);
}

// A stand-in executor: answers each command with the next canned reply and records the requests.
struct scripted_executor {
  std::vector<std::string> replies;
  std::vector<std::string> requests;

  template <class T>
  T execute(const typedis::command<T>& cmd) {
    requests.emplace_back(cmd.bytes());
    if (requests.size() > replies.size()) throw std::runtime_error("no reply left");
    return decode_for<T>(requests.back(), replies[requests.size() - 1]);
  }
};

TEST(module_decode, cursor_pages_read_until_zero) {
  auto page_bytes = [](const std::string& brand, long long id) {
    return arr(2) + arr(2) + i(3) + arr(2) + b("brand") + b(brand) + i(id);
  };
  scripted_executor r{.replies = {page_bytes("b", 7), page_bytes("c", 0)}, .requests = {}};
  const page_t first = decode_reply<page_t>(page_bytes("a", 7));
  std::vector<std::string> brands;
  for (const page_t& page : typedis::search::pages(r, "idx", first, 1)) {
    for (const auto& row : page.result.rows) brands.push_back(*row.field("brand"));
  }
  EXPECT_EQ(brands, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(r.requests.size(), 2u);
  EXPECT_EQ(r.requests[0], wire({"FT.CURSOR", "READ", "idx", "7", "COUNT", "1"}));
  EXPECT_EQ(r.requests[1], wire({"FT.CURSOR", "READ", "idx", "7", "COUNT", "1"}));
  // An exhausted first page: one iteration, no request.
  scripted_executor none;
  int n = 0;
  for (const page_t& page : typedis::search::pages(none, "idx", decode_reply<page_t>(page_bytes("a", 0)))) {
    EXPECT_EQ(page.cursor_id, 0);
    ++n;
  }
  EXPECT_EQ(n, 1);
  EXPECT_TRUE(none.requests.empty());
}

TEST(module_wire, search_vector_blob_knn) {
  const float q[] = {1.0f, -2.0f, 0.5f};
  const std::string blob = typedis::search::vector_blob(q);
  // IEEE-754 single precision, little-endian: 1.0 = 00 00 80 3f, -2.0 = 00 00 00 c0, 0.5 = 00 00 00 3f
  EXPECT_EQ(blob, std::string("\x00\x00\x80\x3f\x00\x00\x00\xc0\x00\x00\x00\x3f", 12));
  EXPECT_EQ(blob, fp32_blob({1.0f, -2.0f, 0.5f}));
  const std::vector<double> q64 = {1.0};
  EXPECT_EQ(typedis::search::vector_blob(q64), std::string("\x00\x00\x00\x00\x00\x00\xf0\x3f", 8));
  EXPECT_EQ(c::ft_search("idx", "*=>[KNN 3 @emb $vec]", {.params = {{{"vec", blob}}}, .dialect = 2}).bytes(),
            "*9\r\n$9\r\nFT.SEARCH\r\n$3\r\nidx\r\n$20\r\n*=>[KNN 3 @emb $vec]\r\n$6\r\nPARAMS\r\n$1\r\n2\r\n"
            "$3\r\nvec\r\n$12\r\n" + std::string("\x00\x00\x80\x3f\x00\x00\x00\xc0\x00\x00\x00\x3f", 12) +
                "\r\n$7\r\nDIALECT\r\n$1\r\n2\r\n");
  // Two parameters: PARAMS counts words (4), not pairs.
  EXPECT_EQ(c::ft_search("idx", "@p:[$lo $hi]", {.params = {{{"lo", "1"}, {"hi", "5"}}}}).bytes(),
            wire({"FT.SEARCH", "idx", "@p:[$lo $hi]", "PARAMS", "4", "lo", "1", "hi", "5"}));
  // Other computed counts: INKEYS, INFIELDS, SUMMARIZE FIELDS, HIGHLIGHT FIELDS.
  EXPECT_EQ(c::ft_search("idx", "q",
                         {.in_keys = {{"k1", "k2"}},
                          .in_fields = {{"title"}},
                          .summarize = c::ft_search_summarize{.fields = {{"body"}}, .frags = 3},
                          .highlight = c::ft_search_highlight{.fields = {{"title", "body"}}}})
                .bytes(),
            wire({"FT.SEARCH", "idx", "q", "INKEYS", "2", "k1", "k2", "INFIELDS", "1", "title", "SUMMARIZE", "FIELDS",
                  "1", "body", "FRAGS", "3", "HIGHLIGHT", "FIELDS", "2", "title", "body"}));
  EXPECT_EQ(c::ft_aggregate("idx", "*", {.loadall = true, .limit = c::ft_aggregate_limit{.offset = 0, .num = 5}})
                .bytes(),
            wire({"FT.AGGREGATE", "idx", "*", "LOAD *", "LIMIT", "0", "5"}));
}

using spell_t = typedis::search::spellcheck_result;
static_assert(std::is_same_v<REPLY_OF(c::ft_spellcheck("i", "q")), spell_t>);

TEST(module_decode, ft_spellcheck) {
  const std::string r2 = arr(2) + arr(3) + b("TERM") + b("helo") + arr(2) + arr(2) + b("0.66") + b("hello") + arr(2) +
                         b("0.33") + b("help") + arr(3) + b("TERM") + b("wrld") + arr(0);
  const std::string r3 = map(1) + b("results") + map(2) + b("helo") + arr(2) + map(1) + b("hello") + d("0.66") +
                         map(1) + b("help") + d("0.33") + b("wrld") + arr(0);
  for (const std::string& bytes : {r2, r3}) {
    SCOPED_TRACE(bytes.substr(0, 4));
    const auto v = decode_reply<spell_t>(bytes);
    ASSERT_EQ(v.terms.size(), 2u);
    EXPECT_EQ(v.terms[0].term, "helo");
    ASSERT_EQ(v.terms[0].suggestions.size(), 2u);
    EXPECT_EQ(v.terms[0].suggestions[0].suggestion, "hello");
    EXPECT_DOUBLE_EQ(v.terms[0].suggestions[0].score, 0.66);
    EXPECT_EQ(v.terms[0].suggestions[1].suggestion, "help");
    EXPECT_EQ(v.terms[1].term, "wrld");
    EXPECT_TRUE(v.terms[1].suggestions.empty());
  }
  EXPECT_TRUE(decode_reply<spell_t>(arr(0)).terms.empty());
  EXPECT_TRUE(decode_reply<spell_t>(map(1) + b("results") + map(0)).terms.empty());
  expect_decode_error<spell_t>(map(0));                                                      // no results
  expect_decode_error<spell_t>(arr(1) + arr(2) + b("TERM") + b("helo"));                     // suggestions missing
  expect_decode_error<spell_t>(arr(1) + arr(3) + b("WORD") + b("helo") + arr(0));            // not TERM
  expect_decode_error<spell_t>(arr(1) + arr(3) + b("TERM") + b("helo") + arr(1) + arr(2) + b("x") + b("hello"));
  expect_decode_error<spell_t>(map(1) + b("results") + map(1) + b("helo") + arr(1) + map(1) + b("hello") + b("x"));
  expect_decode_error<spell_t>(i(3));
}

using hybrid_t = typedis::search::hybrid_result;
static_assert(std::is_same_v<REPLY_OF(c::ft_hybrid("i", "q", "@v", "$v")), hybrid_t>);

TEST(module_decode, ft_hybrid) {
  // The same map in both protocols; RESP2 flattens it and sends doubles as text.
  const std::string r2 = arr(8) + b("total_results") + i(2) + b("results") + arr(2) + arr(4) + b("__key") + b("d1") +
                         b("__score") + b("0.032") + arr(4) + b("__key") + b("d2") + b("__score") + b("0.016") +
                         b("warnings") + arr(0) + b("execution_time") + b("1.25");
  const std::string r3 = map(4) + b("total_results") + i(2) + b("results") + arr(2) + map(2) + b("__key") + b("d1") +
                         b("__score") + d("0.032") + map(2) + b("__key") + b("d2") + b("__score") + d("0.016") +
                         b("warnings") + arr(1) + st("Timeout limit was reached (SEARCH)") + b("execution_time") +
                         d("1.25");
  for (const std::string& bytes : {r2, r3}) {
    SCOPED_TRACE(bytes.substr(0, 4));
    const auto v = decode_reply<hybrid_t>(bytes);
    EXPECT_EQ(v.total, 2);
    ASSERT_EQ(v.results.size(), 2u);
    EXPECT_EQ(*v.results[0].field("__key"), "d1");
    EXPECT_DOUBLE_EQ(std::stod(*v.results[1].field("__score")), 0.016);
    EXPECT_DOUBLE_EQ(v.execution_time.value_or(-1), 1.25);
  }
  EXPECT_EQ(decode_reply<hybrid_t>(r3).warnings, std::vector<std::string>{"Timeout limit was reached (SEARCH)"});
  EXPECT_TRUE(decode_reply<hybrid_t>(r2).warnings.empty());
  // An expired document's result is null: no fields.
  EXPECT_TRUE(decode_reply<hybrid_t>(map(2) + b("total_results") + i(1) + b("results") + arr(1) + null3)
                  .results.at(0)
                  .fields.empty());
  expect_decode_error<hybrid_t>(map(1) + b("results") + arr(0));
  expect_decode_error<hybrid_t>(map(1) + b("total_results") + i(0));
  expect_decode_error<hybrid_t>(arr(3) + b("total_results") + i(0) + b("results"));
  expect_decode_error<hybrid_t>(map(2) + b("total_results") + i(1) + b("results") + arr(1) + i(3));
  expect_decode_error<hybrid_t>(map(3) + b("total_results") + i(0) + b("results") + arr(0) + b("execution_time") +
                                b("soon"));
}

TEST(module_decode, ft_profile) {
  using sp_t = REPLY_OF(c::ft_profile_search("i", "q"));
  using ap_t = REPLY_OF(c::ft_profile_aggregate("i", "q"));
  static_assert(std::is_same_v<sp_t, typedis::search::search_profile>);
  static_assert(std::is_same_v<ap_t, typedis::search::aggregate_profile>);
  const std::string profile2 = arr(2) + arr(2) + b("Total profile time") + b("0.1") + arr(2) + b("Parsing time") +
                               b("0.01");
  const std::string search2 = arr(3) + i(1) + b("d1") + arr(2) + b("t") + b("x");
  {
    const auto v = decode_for<sp_t>(c::ft_profile_search("i", "x").bytes(), arr(2) + search2 + profile2);
    EXPECT_EQ(v.result.total, 1);
    EXPECT_EQ(*v.result.documents.at(0).field("t"), "x");
    EXPECT_EQ(v.profile.elements.size(), 2u);
  }
  {  // the profiled query's own options shape the RESP2 result, as for FT.SEARCH
    const auto v = decode_for<sp_t>(
        c::ft_profile_search("i", "x", {.limited = true, .query_arguments = {"NOCONTENT", "WITHSCORES"}}).bytes(),
        arr(2) + arr(5) + i(2) + b("d1") + b("1.5") + b("d2") + b("0.5") + profile2);
    ASSERT_EQ(v.result.documents.size(), 2u);
    EXPECT_DOUBLE_EQ(v.result.documents[1].score.value_or(-1), 0.5);
    EXPECT_TRUE(v.result.documents[1].fields.empty());
  }
  {  // RESP3 {Results, Profile}
    const std::string search3 = map(2) + b("total_results") + i(1) + b("results") + arr(1) + map(1) + b("id") + b("d1");
    const auto v = decode_reply<sp_t>(map(2) + b("Results") + search3 + b("Profile") + map(1) + b("Shards") + arr(0));
    EXPECT_EQ(v.result.documents.at(0).id, "d1");
    EXPECT_EQ(v.profile.type, typedis::resp::type::map);
    // older spelling in lower case
    EXPECT_EQ(decode_reply<sp_t>(map(2) + b("results") + search3 + b("profile") + arr(0)).result.total, 1);
  }
  {  // RediSearch 2.10, RESP3 (observed): the query's own map with a `profile` entry added
    const std::string flat = map(6) + b("attributes") + arr(0) + b("format") + b("STRING") + b("results") + arr(1) +
                             map(3) + b("id") + b("d1") + b("extra_attributes") + map(1) + b("t") + b("x") + b("values") +
                             arr(0) + b("total_results") + i(1) + b("warning") + arr(0) + b("profile") + map(1) +
                             b("Total profile time") + d("0.12");
    const auto v = decode_reply<sp_t>(flat);
    EXPECT_EQ(v.result.total, 1);
    EXPECT_EQ(*v.result.documents.at(0).field("t"), "x");
    EXPECT_EQ(v.profile.type, typedis::resp::type::map);
    const auto a = decode_reply<ap_t>(map(3) + b("results") + arr(1) + map(1) + b("extra_attributes") + map(1) + b("n") +
                                      b("3") + b("total_results") + i(1) + b("profile") + map(0));
    EXPECT_EQ(*a.result.rows.at(0).field("n"), "3");
    // Without the profile it is no FT.PROFILE reply.
    expect_decode_error<sp_t>(map(2) + b("results") + arr(0) + b("total_results") + i(0));
  }
  {
    const auto v = decode_reply<ap_t>(arr(2) + arr(2) + i(1) + arr(2) + b("n") + b("3") + profile2);
    EXPECT_EQ(*v.result.rows.at(0).field("n"), "3");
  }
  expect_decode_error<sp_t>(arr(1) + search2);
  expect_decode_error<sp_t>(map(1) + b("Results") + map(2) + b("total_results") + i(0) + b("results") + arr(0));
  expect_decode_error<ap_t>(map(1) + b("Profile") + arr(0));
}

// Every byte of valid fixtures replaced by RESP type markers and digits: whatever still parses as
// one reply must decode or throw a typedis::error (decode_error, server_error), never anything else
// (no crash, no std::length_error from a length taken from the wire, no JSON library exception).
TEST(module_decode, search_decoders_survive_mutations) {
  const std::vector<std::string> valid = {
      arr(5) + i(2) + b("doc:1") + arr(4) + b("title") + b("hello") + b("n") + b("10") + b("doc:2") + arr(0),
      arr(7) + i(2) + b("d1") + b("2") + b("pay") + b("d2") + b("1.5") + nil2,
      map(3) + b("total_results") + i(1) + b("results") + arr(1) + map(3) + b("id") + b("d") + b("score") + d("1") +
          b("extra_attributes") + map(1) + b("v") + arr(2) + b("\xff\xfe") + i(1) + b("warning") + arr(0),
      arr(2) + arr(2) + i(1) + arr(2) + b("k") + b("v") + i(9),
      arr(1) + arr(3) + b("TERM") + b("helo") + arr(1) + arr(2) + b("0.5") + b("hello"),
      map(1) + b("results") + map(1) + b("helo") + arr(1) + map(1) + b("hello") + d("0.5"),
      map(4) + b("total_results") + i(1) + b("results") + arr(1) + map(1) + b("__key") + b("d") + b("warnings") +
          arr(0) + b("execution_time") + d("0.5"),
      arr(2) + arr(3) + i(1) + b("d1") + arr(0) + arr(1) + b("profile"),
  };
  const std::string requests[] = {std::string(c::ft_search("i", "q").bytes()),
                                  std::string(c::ft_search("i", "q", {.nocontent = true, .withscores = true,
                                                                      .withpayloads = true, .explainscore = true})
                                                  .bytes()),
                                  std::string{}};
  decode_tally tally;
  for (const std::string& bytes : mutated_replies(valid, "*%:$,_039-")) {
    for (const std::string& request : requests) {
      tally.attempt<search_t>(bytes, request);
      tally.attempt<typedis::search::search_profile>(bytes, request);
    }
    tally.attempt<aggregate_t>(bytes);
    tally.attempt<page_t>(bytes);
    tally.attempt<spell_t>(bytes);
    tally.attempt<hybrid_t>(bytes);
    tally.attempt<typedis::search::aggregate_profile>(bytes);
  }
  EXPECT_GT(tally.decoded, 10u);
  EXPECT_GT(tally.refused, 1000u);
}

}  // namespace
