/// @file
/// The field list of FT.CREATE (after SCHEMA) and FT.ALTER (after SCHEMA ADD), built with typed
/// calls instead of loose words:
///
///   typedis::search::schema s;
///   s.text("title", {.weight = 2.0, .sortable = true})
///       .tag("tags", {.separator = ','})
///       .numeric("price", {.sortable = true})
///       .geo("loc")
///       .geoshape("area", {.coord_system = typedis::search::coord_system::spherical})
///       .vector("emb", typedis::search::hnsw{.type = typedis::search::vector_type::float32, .dim = 4,
///                                             .distance = typedis::search::distance_metric::cosine});
///   r.ft_create("idx", s, {.on = typedis::cmd::ft_create_data_type::hash});
///
/// On a JSON index the identifier is a JSON path and `.as` names the attribute:
/// s.text("$.title", {.as = "title"}). Each field is written as
///   identifier [AS alias] TYPE [type arguments] [type options] [INDEXEMPTY] [INDEXMISSING]
///   [SORTABLE [UNF]] [NOINDEX]
/// The builder copies what it is given: a schema may outlive the strings it was built from.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "typedis/codec/encode.hpp"
#include "typedis/resp/writer.hpp"

namespace typedis::search {

/// VECTOR TYPE
enum class vector_type : unsigned char { float32, float64, bfloat16, float16, int8, uint8 };
/// VECTOR DISTANCE_METRIC
enum class distance_metric : unsigned char { l2, ip, cosine };
/// GEOSHAPE coordinate system
enum class coord_system : unsigned char { flat, spherical };
/// VECTOR SVS-VAMANA COMPRESSION
enum class svs_compression : unsigned char { lvq4, lvq8, lvq4x4, lvq4x8, leanvec4x8, leanvec8x8 };

std::string_view to_token(vector_type t) noexcept;
std::string_view to_token(distance_metric d) noexcept;
std::string_view to_token(coord_system c) noexcept;
std::string_view to_token(svs_compression c) noexcept;

/// VECTOR FLAT: brute force.
struct flat {
  vector_type type = vector_type::float32;
  long long dim = 0;
  distance_metric distance = distance_metric::l2;
  std::optional<long long> initial_cap{};
  std::optional<long long> block_size{};
};

/// VECTOR HNSW: approximate, a navigable small-world graph.
struct hnsw {
  vector_type type = vector_type::float32;
  long long dim = 0;
  distance_metric distance = distance_metric::l2;
  std::optional<long long> initial_cap{};
  std::optional<long long> m{};
  std::optional<long long> ef_construction{};
  std::optional<long long> ef_runtime{};
  std::optional<double> epsilon{};
};

/// VECTOR SVS-VAMANA (Redis 8.2+): a graph index with optional vector compression; TYPE FLOAT32 or
/// FLOAT16 only. REDUCE and TRAINING_THRESHOLD only go with a compression (REDUCE with LeanVec).
struct svs_vamana {
  vector_type type = vector_type::float32;
  long long dim = 0;
  distance_metric distance = distance_metric::l2;
  std::optional<svs_compression> compression{};
  std::optional<long long> construction_window_size{};
  std::optional<long long> graph_max_degree{};
  std::optional<long long> search_window_size{};
  std::optional<double> epsilon{};
  std::optional<long long> training_threshold{};
  std::optional<long long> reduce{};
};

struct text_options {
  std::optional<std::string> as{};
  std::optional<double> weight{};
  bool nostem = false;
  std::optional<std::string> phonetic{};  ///< "dm:en", "dm:fr", "dm:pt", "dm:es"
  bool withsuffixtrie = false;
  bool indexempty = false;
  bool indexmissing = false;
  bool sortable = false;
  bool unf = false;  ///< with sortable: keep the original case and accents for sorting
  bool noindex = false;
};

struct tag_options {
  std::optional<std::string> as{};
  std::optional<char> separator{};  ///< the server's default is ','
  bool casesensitive = false;
  bool withsuffixtrie = false;
  bool indexempty = false;
  bool indexmissing = false;
  bool sortable = false;
  bool unf = false;
  bool noindex = false;
};

struct numeric_options {
  std::optional<std::string> as{};
  bool indexmissing = false;
  bool sortable = false;
  bool noindex = false;
};

struct geo_options {
  std::optional<std::string> as{};
  bool indexmissing = false;
  bool sortable = false;
  bool noindex = false;
};

struct geoshape_options {
  std::optional<std::string> as{};
  std::optional<search::coord_system> coord_system{};  ///< the server's default is SPHERICAL
  bool indexmissing = false;
  bool noindex = false;
};

struct vector_options {
  std::optional<std::string> as{};
  bool indexmissing = false;
};

struct schema {  // struct: <group>_decl.hpp declares it so (clang -Wmismatched-tags)
 public:
  schema& text(std::string_view identifier, const text_options& o = {});
  schema& tag(std::string_view identifier, const tag_options& o = {});
  schema& numeric(std::string_view identifier, const numeric_options& o = {});
  schema& geo(std::string_view identifier, const geo_options& o = {});
  schema& geoshape(std::string_view identifier, const geoshape_options& o = {});
  schema& vector(std::string_view identifier, const std::variant<flat, hnsw, svs_vamana>& algorithm, const vector_options& o = {});

  /// Number of fields added.
  std::size_t size() const noexcept { return fields_; }
  bool empty() const noexcept { return fields_ == 0; }
  /// The words sent for the fields, in order.
  const std::vector<std::string>& words() const noexcept { return words_; }

 private:
  void head(std::string_view identifier, const std::optional<std::string>& as, std::string_view type);
  void word(std::string_view w) { words_.emplace_back(w); }
  void number(long long v) { words_.push_back(std::to_string(v)); }
  void number(double v);

  std::vector<std::string> words_;
  std::size_t fields_ = 0;
};

}  // namespace typedis::search

template <>
struct typedis::encoder<typedis::search::schema> {
  static void encode(resp::writer& w, const typedis::search::schema& s) {
    for (const std::string& word : s.words()) w.bulk(word);
  }
};
