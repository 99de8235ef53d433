// RediSearch through the typed module API: an index made with the schema builder, hashes with a
// vector field, a scored full-text search, an aggregation read page by page through a cursor, and
// a KNN vector query. Needs a server with RediSearch (Redis 8, redis-stack-server); against a
// server without it the example says so and exits 0.
//
//   module_search [URL]    URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
#include <typedis/modules.hpp>
#include <typedis/typedis.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>

namespace search = typedis::search;
namespace c = typedis::cmd;

int main(int argc, char** argv) {
  const char* env_url = std::getenv("REDIS_URL");
  const std::string url = argc > 1 ? argv[1] : env_url ? env_url : "redis://127.0.0.1:6379";

  try {
    typedis::client r{url};
    try {
      (void)r.ft_list();
    } catch (const typedis::server_error& e) {
      std::cout << "this server has no RediSearch (" << e.what() << "): nothing to show\n";
      return 0;
    }

    const std::string prefix = "typedis:example:product:";
    const std::string idx = "typedis:example:products";
    try {
      r.ft_dropindex(idx, {.dd = true});  // left over from an earlier run
    } catch (const typedis::server_error&) {
    }

    search::schema schema;
    schema.text("title", {.weight = 2.0, .sortable = true})
        .tag("brand")
        .numeric("price", {.sortable = true})
        .vector("emb", search::hnsw{.type = search::vector_type::float32, .dim = 2, .distance = search::distance_metric::cosine,
                                .m = 16, .ef_construction = 200});
    r.ft_create(idx, schema, {.on = c::ft_create_data_type::hash, .prefix = {{prefix}}});

    struct product {
      const char* id;
      const char* title;
      const char* brand;
      const char* price;
      float emb[2];
    };
    const product products[] = {{"1", "red running shoes", "acme", "60", {1.0f, 0.1f}},
                                {"2", "blue running shoes", "acme", "80", {0.9f, 0.3f}},
                                {"3", "red rain coat", "other", "120", {0.1f, 1.0f}}};
    for (const product& p : products) {
      r.hset(prefix + p.id,
             {{"title", p.title}, {"brand", p.brand}, {"price", p.price}, {"emb", search::vector_blob(p.emb)}});
    }
    // Indexing is asynchronous: wait until every document is searchable.
    for (int i = 0; i < 50 && r.ft_search(idx, "*", {.nocontent = true}).total < 3; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));

    // Full text, with scores.
    const search::search_result hits = r.ft_search(idx, "running shoes", {.withscores = true});
    std::cout << hits.total << " documents match 'running shoes'\n";
    for (const search::document& d : hits.documents)
      std::cout << "  " << d.id << " score " << d.score.value_or(0) << ": " << *d.field("title") << '\n';

    // Aggregation through a cursor, one row per page.
    using red = c::ft_aggregate_groupby_reduce_reducer_body_generic_body_function;
    const std::string_view by_brand[] = {"@brand"};
    const c::ft_aggregate_groupby_reduce count[] = {
        {.reducer_body = c::ft_aggregate_groupby_reduce_reducer_body_generic_body{.function = red::count},
         .as = "n"}};
    const c::ft_aggregate_groupby groupby[] = {{.property = by_brand, .reduce = count}};
    for (const search::aggregate_page& page :
         search::pages(r, idx, r.ft_aggregate_withcursor(idx, "*", {.groupby = groupby, .count = 1}))) {
      for (const search::aggregate_row& row : page.result.rows)
        std::cout << "  brand " << *row.field("brand") << ": " << *row.field("n") << " products\n";
    }

    // KNN: the two products nearest to a query vector, their distance returned as "dist".
    const float query[] = {1.0f, 0.0f};
    const search::search_result nearest =
        r.ft_search(idx, "*=>[KNN 2 @emb $vec AS dist]",
                    {.return_ = {{{.identifier = "title"}, {.identifier = "dist"}}},
                     .sortby = c::ft_search_sortby{.sortby = "dist"},
                     .params = {{{"vec", search::vector_blob(query)}}},
                     .dialect = 2});
    std::cout << "nearest to (1, 0):\n";
    for (const search::document& d : nearest.documents)
      std::cout << "  " << *d.field("title") << " at distance " << *d.field("dist") << '\n';

    r.ft_dropindex(idx, {.dd = true});
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
