// typedis::search::schema: the words of each field, in the order the FT.CREATE grammar gives.
#include "typedis/search/schema.hpp"

#include <charconv>
#include <type_traits>

namespace typedis::search {

std::string_view to_token(vector_type t) noexcept {
  switch (t) {
    case vector_type::float32: return "FLOAT32";
    case vector_type::float64: return "FLOAT64";
    case vector_type::bfloat16: return "BFLOAT16";
    case vector_type::float16: return "FLOAT16";
    case vector_type::int8: return "INT8";
    case vector_type::uint8: return "UINT8";
  }
  return "FLOAT32";
}

std::string_view to_token(distance_metric d) noexcept {
  switch (d) {
    case distance_metric::l2: return "L2";
    case distance_metric::ip: return "IP";
    case distance_metric::cosine: return "COSINE";
  }
  return "L2";
}

std::string_view to_token(coord_system c) noexcept {
  return c == coord_system::flat ? "FLAT" : "SPHERICAL";
}

void schema::number(double v) {
  char buf[32];
  auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  words_.emplace_back(buf, end);
}

void schema::head(std::string_view identifier, const std::optional<std::string>& as, std::string_view type) {
  word(identifier);
  if (as) {
    word("AS");
    word(*as);
  }
  word(type);
  ++fields_;
}

schema& schema::text(std::string_view identifier, const text_options& o) {
  head(identifier, o.as, "TEXT");
  if (o.weight) {
    word("WEIGHT");
    number(*o.weight);
  }
  if (o.nostem) word("NOSTEM");
  if (o.phonetic) {
    word("PHONETIC");
    word(*o.phonetic);
  }
  if (o.withsuffixtrie) word("WITHSUFFIXTRIE");
  if (o.indexempty) word("INDEXEMPTY");
  if (o.indexmissing) word("INDEXMISSING");
  if (o.sortable) word("SORTABLE");
  if (o.sortable && o.unf) word("UNF");
  if (o.noindex) word("NOINDEX");
  return *this;
}

schema& schema::tag(std::string_view identifier, const tag_options& o) {
  head(identifier, o.as, "TAG");
  if (o.separator) {
    word("SEPARATOR");
    word(std::string_view(&*o.separator, 1));
  }
  if (o.casesensitive) word("CASESENSITIVE");
  if (o.withsuffixtrie) word("WITHSUFFIXTRIE");
  if (o.indexempty) word("INDEXEMPTY");
  if (o.indexmissing) word("INDEXMISSING");
  if (o.sortable) word("SORTABLE");
  if (o.sortable && o.unf) word("UNF");
  if (o.noindex) word("NOINDEX");
  return *this;
}

schema& schema::numeric(std::string_view identifier, const numeric_options& o) {
  head(identifier, o.as, "NUMERIC");
  if (o.indexmissing) word("INDEXMISSING");
  if (o.sortable) word("SORTABLE");
  if (o.noindex) word("NOINDEX");
  return *this;
}

schema& schema::geo(std::string_view identifier, const geo_options& o) {
  head(identifier, o.as, "GEO");
  if (o.indexmissing) word("INDEXMISSING");
  if (o.sortable) word("SORTABLE");
  if (o.noindex) word("NOINDEX");
  return *this;
}

schema& schema::geoshape(std::string_view identifier, const geoshape_options& o) {
  head(identifier, o.as, "GEOSHAPE");
  if (o.coord_system) word(to_token(*o.coord_system));
  if (o.indexmissing) word("INDEXMISSING");
  if (o.noindex) word("NOINDEX");
  return *this;
}

schema& schema::vector(std::string_view identifier, const std::variant<flat, hnsw>& algorithm, const vector_options& o) {
  head(identifier, o.as, "VECTOR");
  // The attributes go into a scratch list first: the count of words precedes them.
  std::vector<std::string> attributes;
  auto add = [&](std::string_view name, std::string value) {
    attributes.emplace_back(name);
    attributes.push_back(std::move(value));
  };
  auto num = [](double v) {
    char buf[32];
    auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
    return std::string(buf, end);
  };
  std::visit(
      [&](const auto& a) {
        using A = std::decay_t<decltype(a)>;
        word(std::is_same_v<A, flat> ? "FLAT" : "HNSW");
        add("TYPE", std::string(to_token(a.type)));
        add("DIM", std::to_string(a.dim));
        add("DISTANCE_METRIC", std::string(to_token(a.distance)));
        if (a.initial_cap) add("INITIAL_CAP", std::to_string(*a.initial_cap));
        if constexpr (std::is_same_v<A, flat>) {
          if (a.block_size) add("BLOCK_SIZE", std::to_string(*a.block_size));
        } else {
          if (a.m) add("M", std::to_string(*a.m));
          if (a.ef_construction) add("EF_CONSTRUCTION", std::to_string(*a.ef_construction));
          if (a.ef_runtime) add("EF_RUNTIME", std::to_string(*a.ef_runtime));
          if (a.epsilon) add("EPSILON", num(*a.epsilon));
        }
      },
      algorithm);
  number(static_cast<long long>(attributes.size()));
  for (std::string& a : attributes) words_.push_back(std::move(a));
  if (o.indexmissing) word("INDEXMISSING");
  return *this;
}

}  // namespace typedis::search
