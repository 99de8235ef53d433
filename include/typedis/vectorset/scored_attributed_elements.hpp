/// @file
/// VSIM ... WITHSCORES WITHATTRIBS: the elements with their score and JSON attributes. RESP2 sends
/// a flat array of triples element, score, attributes; RESP3 a map element -> [score, attributes].
/// Both decode into the same list.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "typedis/codec/decode.hpp"
#include "typedis/codec/json.hpp"

namespace typedis::vectorset {

struct scored_attributed_element {
  std::string element;
  double score = 0;
  std::optional<nlohmann::json> attributes;
  friend bool operator==(const scored_attributed_element&, const scored_attributed_element&) = default;
};

/// A std::vector by inheritance, like scored_elements.
struct scored_attributed_elements : std::vector<scored_attributed_element> {
  using std::vector<scored_attributed_element>::vector;
};

}  // namespace typedis::vectorset

template <>
struct typedis::decoder<typedis::vectorset::scored_attributed_elements> {
  static void decode(resp::reply_cursor& cursor, typedis::vectorset::scored_attributed_elements& out);
};
