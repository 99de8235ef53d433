// Wire tests of the module command builders (RedisJSON, RediSearch, RedisTimeSeries, Vector Sets):
// every module command's request for a representative call, the expected argument list written
// out by hand from the module's documented command syntax (not from the generator). `wire()`
// only frames that list as a RESP array of bulk strings; a few cases spell the bytes out in full
// as a check on wire() itself.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "typedis/modules.hpp"
#include "typedis/typedis.hpp"

namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
namespace c = typedis::cmd;

// A request as RESP: *N then $len/bytes for every word.
std::string wire(std::initializer_list<std::string_view> words) {
  std::string out = "*" + std::to_string(words.size()) + "\r\n";
  for (std::string_view w : words) {
    out += "$" + std::to_string(w.size()) + "\r\n";
    out.append(w.data(), w.size());
    out += "\r\n";
  }
  return out;
}

// Little-endian IEEE-754 FP32 blob of a vector (what VADD FP32 and FT vector PARAMS expect).
std::string fp32_blob(std::initializer_list<float> v) {
  std::string out;
  for (float f : v) {
    unsigned char b[4];
    std::memcpy(b, &f, 4);
    out.append(reinterpret_cast<const char*>(b), 4);
  }
  return out;
}

TEST(module_wire, helper_frames_like_the_protocol) {
  EXPECT_EQ(wire({"JSON.GET", "doc"}), "*2\r\n$8\r\nJSON.GET\r\n$3\r\ndoc\r\n");
  // The FP32 blob of {1.0f, -2.0f}: 0x3f800000, 0xc0000000 little-endian (with a NUL and no text).
  EXPECT_EQ(fp32_blob({1.0f, -2.0f}), "\x00\x00\x80\x3f\x00\x00\x00\xc0"s);
}

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

TEST(module_wire, timeseries_writes) {
  using dp = c::ts_add_duplicate_policy_policy;
  EXPECT_EQ(c::ts_add("t", "1000", 21.5, {.on_duplicate = dp::sum}).bytes(),
            "*6\r\n$6\r\nTS.ADD\r\n$1\r\nt\r\n$4\r\n1000\r\n$4\r\n21.5\r\n$12\r\nON_DUPLICATE\r\n$3\r\nSUM\r\n");
  EXPECT_EQ(c::ts_add("t", "*", -1.25,
                      {.retention = 86400000,
                       .encoding = c::ts_add_encoding_enc::uncompressed,
                       .chunk_size = 4096,
                       .duplicate_policy = dp::last,
                       .ignore = c::ts_add_ignore{.ignoremaxtimediff = 10, .ignoremaxvaldiff = 0.5},
                       .labels = {{{"room", "kitchen"}, {"type", "temp"}}}})
                .bytes(),
            wire({"TS.ADD", "t", "*", "-1.25", "RETENTION", "86400000", "ENCODING", "UNCOMPRESSED", "CHUNK_SIZE", "4096",
                  "DUPLICATE_POLICY", "LAST", "IGNORE", "10", "0.5", "LABELS", "room", "kitchen", "type", "temp"}));
  EXPECT_EQ(c::ts_create("t", {.retention = 60000,
                               .encoding = c::ts_create_encoding_enc::compressed,
                               .duplicate_policy = dp::max,
                               .labels = c::ts_create_labels{.label_value_pairs = {{"room", "study"}}}})
                .bytes(),
            wire({"TS.CREATE", "t", "RETENTION", "60000", "ENCODING", "COMPRESSED", "DUPLICATE_POLICY", "MAX", "LABELS",
                  "room", "study"}));
  EXPECT_EQ(c::ts_alter("t", {.retention = 0, .chunk_size = 128, .duplicate_policy = dp::block}).bytes(),
            wire({"TS.ALTER", "t", "RETENTION", "0", "CHUNK_SIZE", "128", "DUPLICATE_POLICY", "BLOCK"}));
  EXPECT_EQ(c::ts_createrule("t", "t:avg", c::ts_createrule_aggregator::twa, 60000, {.aligntimestamp = 500}).bytes(),
            wire({"TS.CREATERULE", "t", "t:avg", "AGGREGATION", "twa", "60000", "500"}));
  EXPECT_EQ(c::ts_createrule("t", "t:s", c::ts_createrule_aggregator::std_p, 1000).bytes(),
            wire({"TS.CREATERULE", "t", "t:s", "AGGREGATION", "std.p", "1000"}));
  EXPECT_EQ(c::ts_deleterule("t", "t:avg").bytes(), wire({"TS.DELETERULE", "t", "t:avg"}));
  EXPECT_EQ(c::ts_incrby("cnt", 2.5, {.timestamp_block = "*", .retention_block = 1000}).bytes(),
            wire({"TS.INCRBY", "cnt", "2.5", "TIMESTAMP", "*", "RETENTION", "1000"}));
  EXPECT_EQ(c::ts_decrby("cnt", 1, {.timestamp_block = "1700000000000", .labels_block = {{{"k", "v"}}}}).bytes(),
            wire({"TS.DECRBY", "cnt", "1", "TIMESTAMP", "1700000000000", "LABELS", "k", "v"}));
  EXPECT_EQ(c::ts_del("t", 0, 1000).bytes(), wire({"TS.DEL", "t", "0", "1000"}));
  EXPECT_EQ(c::ts_madd({{"a", "1000", 1.5}, {"b", "*", 2}}).bytes(),
            wire({"TS.MADD", "a", "1000", "1.5", "b", "*", "2"}));
}

TEST(module_wire, timeseries_reads) {
  EXPECT_EQ(c::ts_get("t", {.latest = true}).bytes(), wire({"TS.GET", "t", "LATEST"}));
  EXPECT_EQ(c::ts_info("t", {.debug = true}).bytes(), wire({"TS.INFO", "t", "DEBUG"}));
  EXPECT_EQ(c::ts_queryindex({"room=kitchen", "type!="}).bytes(), wire({"TS.QUERYINDEX", "room=kitchen", "type!="}));
  using bt = c::ts_range_aggregation_block_buckettimestamp_block_bt;
  EXPECT_EQ(c::ts_range("t", "-", "+",
                        {.latest = true,
                         .filter_by_ts_block = {{1000, 2000}},
                         .filter_by_value_block = c::ts_range_filter_by_value_block{.min = 0, .max = 100},
                         .count_block = 10,
                         .aggregation_block = c::ts_range_aggregation_block{.align_block = "start",
                                                                            .aggregators = "avg",
                                                                            .bucketduration = 60000,
                                                                            .buckettimestamp_block = bt::mid,
                                                                            .empty_token = true}})
                .bytes(),
            wire({"TS.RANGE", "t", "-", "+", "LATEST", "FILTER_BY_TS", "1000", "2000", "FILTER_BY_VALUE", "0", "100",
                  "COUNT", "10", "ALIGN", "start", "AGGREGATION", "avg", "60000", "BUCKETTIMESTAMP", "mid", "EMPTY"}));
  EXPECT_EQ(c::ts_revrange("t", "0", "1700000000000", {.count_block = 3}).bytes(),
            wire({"TS.REVRANGE", "t", "0", "1700000000000", "COUNT", "3"}));
  EXPECT_EQ(c::ts_mget({"room=kitchen"}, {.latest = true, .labels_block = typedis::withlabels{}}).bytes(),
            wire({"TS.MGET", "LATEST", "WITHLABELS", "FILTER", "room=kitchen"}));
  EXPECT_EQ(c::ts_mget({"a=1", "b=(x,y)"},
                       {.labels_block = c::ts_mget_labels_block_selected_labels_block{.label = {"room", "type"}}})
                .bytes(),
            wire({"TS.MGET", "SELECTED_LABELS", "room", "type", "FILTER", "a=1", "b=(x,y)"}));
  EXPECT_EQ(c::ts_mrange("-", "+", {"type=temp"},
                         {.labels = typedis::withlabels{},
                          .count = 100,
                          .aggregation = c::ts_mrange_aggregation{.aggregation = {.aggregators = "max", .bucketduration = 3600000}},
                          .groupby = c::ts_mrange_groupby{.label = "room", .reducer = c::ts_mrange_groupby_reducer::sum}})
                .bytes(),
            wire({"TS.MRANGE", "-", "+", "WITHLABELS", "COUNT", "100", "AGGREGATION", "max", "3600000", "FILTER",
                  "type=temp", "GROUPBY", "room", "REDUCE", "sum"}));
  EXPECT_EQ(c::ts_mrevrange("0", "+", {"type=temp", "room!="},
                            {.filter_by_value = c::ts_mrevrange_filter_by_value{.min = -10, .max = 40.5},
                             .groupby = c::ts_mrevrange_groupby{.label = "type", .reducer = c::ts_mrevrange_groupby_reducer::avg}})
                .bytes(),
            wire({"TS.MREVRANGE", "0", "+", "FILTER_BY_VALUE", "-10", "40.5", "FILTER", "type=temp", "room!=", "GROUPBY",
                  "type", "REDUCE", "avg"}));
  EXPECT_EQ(c::ts_nrange({"a", "b"}, "-", "+", {.count_block = 5}).bytes(),
            wire({"TS.NRANGE", "2", "a", "b", "-", "+", "COUNT", "5"}));
  EXPECT_EQ(c::ts_nrevrange({"a"}, "1000", "+", {.latest = true}).bytes(),
            wire({"TS.NREVRANGE", "1", "a", "1000", "+", "LATEST"}));
  EXPECT_EQ(c::ts_querylabels(typedis::labels{}, {.filter = {{"room=kitchen"}}}).bytes(),
            wire({"TS.QUERYLABELS", "LABELS", "FILTER", "room=kitchen"}));
  EXPECT_EQ(c::ts_querylabels(c::ts_querylabels_subtype_values{.label = "room"}).bytes(),
            wire({"TS.QUERYLABELS", "VALUES", "room"}));
  EXPECT_EQ(c::ts_read("t", "1000", {.block = c::ts_read_block{.milliseconds = 2s, .min_count = 1}, .max_count = 10}).bytes(),
            wire({"TS.READ", "t", "1000", "BLOCK", "2000", "1", "MAX_COUNT", "10"}));
}

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

// The module view forwards to any executor: a recording executor sees the same command.
struct recorder {
  std::vector<std::string> sent;
  template <class T>
  int execute(const typedis::command<T>& cmd) {
    sent.emplace_back(cmd.bytes());
    return 0;
  }
};

TEST(module_wire, module_view_forwards_the_builders) {
  recorder r;
  auto m = typedis::modules(r);
  m.json_set("doc", "$", "{}");
  m.ts_add("t", "*", 1);
  m.vcard("vs");
  m.ft_list();
  ASSERT_EQ(r.sent.size(), 4u);
  EXPECT_EQ(r.sent[0], wire({"JSON.SET", "doc", "$", "{}"}));
  EXPECT_EQ(r.sent[1], wire({"TS.ADD", "t", "*", "1"}));
  EXPECT_EQ(r.sent[2], wire({"VCARD", "vs"}));
  EXPECT_EQ(r.sent[3], wire({"FT._LIST"}));
}

}  // namespace
