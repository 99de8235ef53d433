/// @file
/// typedis::redisjson::matches: what a JSONPath ($...) selects, one JSON value per match, in document
/// order (JSON.GET key $.a, JSON.MGET, JSON.NUMINCRBY with a JSONPath). The server sends the JSON
/// text of an array (RESP2, and RESP3 for JSON.GET/MGET) or, for JSON.NUMINCRBY/NUMMULTBY in RESP3
/// and for FORMAT EXPAND, a RESP3 array; both decode into the same list. A match that is no number
/// (NUMINCRBY) is a JSON null.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "typedis/codec/decode.hpp"
#include "typedis/codec/json.hpp"

namespace typedis::redisjson {

/// A std::vector (by inheritance, so that the generated header can name it before it is defined).
struct matches : std::vector<nlohmann::json> {
  using std::vector<nlohmann::json>::vector;
};

}  // namespace typedis::redisjson

template <>
struct typedis::decoder<typedis::redisjson::matches> {
  static void decode(resp::reply_cursor& cursor, typedis::redisjson::matches& out);
};
