/// @file
/// typedis::redisjson::types: JSON.TYPE's answer, the type name of every match ("object", "array",
/// "string", "integer", "number", "boolean", "null"). The wire forms differ: RESP2 answers an array
/// of names for a JSONPath and one simple string for a legacy path; RESP3 wraps the array of names
/// in another array. All decode into the names; a missing key (null) gives none.
#pragma once

#include <string>
#include <vector>

#include "typedis/codec/decode.hpp"

namespace typedis::redisjson {

/// A std::vector (by inheritance, so that the generated header can name it before it is defined).
struct types : std::vector<std::string> {
  using std::vector<std::string>::vector;
};

}  // namespace typedis::redisjson

template <>
struct typedis::decoder<typedis::redisjson::types> {
  static void decode(resp::reply_cursor& cursor, typedis::redisjson::types& out);
};
