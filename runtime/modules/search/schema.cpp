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

std::string_view to_token(svs_compression c) noexcept {
  switch (c) {
    case svs_compression::lvq4: return "LVQ4";
    case svs_compression::lvq8: return "LVQ8";
    case svs_compression::lvq4x4: return "LVQ4x4";
    case svs_compression::lvq4x8: return "LVQ4x8";
    case svs_compression::leanvec4x8: return "LeanVec4x8";
    case svs_compression::leanvec8x8: return "LeanVec8x8";
  }
  return "LVQ8";
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

schema& schema::vector(std::string_view identifier, const std::variant<flat, hnsw, svs_vamana>& algorithm, const vector_options& o) {
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
        auto count = [&](std::string_view name, const std::optional<long long>& v) {
          if (v) add(name, std::to_string(*v));
        };
        word(std::is_same_v<A, flat> ? "FLAT" : std::is_same_v<A, hnsw> ? "HNSW" : "SVS-VAMANA");
        add("TYPE", std::string(to_token(a.type)));
        add("DIM", std::to_string(a.dim));
        add("DISTANCE_METRIC", std::string(to_token(a.distance)));
        if constexpr (std::is_same_v<A, flat>) {
          count("INITIAL_CAP", a.initial_cap);
          count("BLOCK_SIZE", a.block_size);
        } else if constexpr (std::is_same_v<A, hnsw>) {
          count("INITIAL_CAP", a.initial_cap);
          count("M", a.m);
          count("EF_CONSTRUCTION", a.ef_construction);
          count("EF_RUNTIME", a.ef_runtime);
          if (a.epsilon) add("EPSILON", num(*a.epsilon));
        } else {
          if (a.compression) add("COMPRESSION", std::string(to_token(*a.compression)));
          count("CONSTRUCTION_WINDOW_SIZE", a.construction_window_size);
          count("GRAPH_MAX_DEGREE", a.graph_max_degree);
          count("SEARCH_WINDOW_SIZE", a.search_window_size);
          if (a.epsilon) add("EPSILON", num(*a.epsilon));
          count("TRAINING_THRESHOLD", a.training_threshold);
          count("REDUCE", a.reduce);
        }
      },
      algorithm);
  number(static_cast<long long>(attributes.size()));
  for (std::string& a : attributes) words_.push_back(std::move(a));
  if (o.indexmissing) word("INDEXMISSING");
  return *this;
}

}  // namespace typedis::search
