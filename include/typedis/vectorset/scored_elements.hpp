/// @file
/// VSIM ... WITHSCORES (and each level of VLINKS ... WITHSCORES): the elements with their similarity
/// score, best first. RESP2 sends a flat array element, score, element, score, ... (scores as bulk
/// text); RESP3 a map element -> double (in rank order). Both decode into the same list.
#pragma once

#include <string>
#include <vector>

#include "typedis/codec/decode.hpp"

namespace typedis::vectorset {

struct scored_element {
  std::string element;
  double score = 0;
  friend bool operator==(const scored_element&, const scored_element&) = default;
};

/// A std::vector (by inheritance, so that it can be named by the generated header before it is
/// defined): iterate it, index it, compare it.
struct scored_elements : std::vector<scored_element> {
  using std::vector<scored_element>::vector;
};

}  // namespace typedis::vectorset

template <>
struct typedis::decoder<typedis::vectorset::scored_elements> {
  static void decode(resp::reply_cursor& cursor, typedis::vectorset::scored_elements& out);
};
