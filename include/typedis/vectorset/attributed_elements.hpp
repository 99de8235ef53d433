/// @file
/// VSIM ... WITHATTRIBS: the elements with their JSON attributes (nullopt for an element without
/// any). RESP2 sends a flat array element, attributes, ... (the JSON text or a null bulk); RESP3 a
/// map element -> JSON text or null. Both decode into the same list.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "typedis/codec/decode.hpp"
#include "typedis/codec/json.hpp"

namespace typedis::vectorset {

struct attributed_element {
  std::string element;
  std::optional<nlohmann::json> attributes;
  friend bool operator==(const attributed_element&, const attributed_element&) = default;
};

/// A std::vector by inheritance, like scored_elements.
struct attributed_elements : std::vector<attributed_element> {
  using std::vector<attributed_element>::vector;
};

}  // namespace typedis::vectorset

template <>
struct typedis::decoder<typedis::vectorset::attributed_elements> {
  static void decode(resp::reply_cursor& cursor, typedis::vectorset::attributed_elements& out);
};
