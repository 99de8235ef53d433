/// @file
/// Decoding of JSON values (RedisJSON documents, vector set attributes) into nlohmann::json.
/// Not included by <typedis/typedis.hpp>; <typedis/modules.hpp> includes it.
///
/// The spec's shape "json" (docs/spec-format.md): a bulk string holding JSON text is parsed; a
/// RESP3 aggregate (JSON.NUMINCRBY's array of numbers in RESP3, FORMAT EXPAND replies) is
/// converted element by element (array/set -> array, map -> object with string keys, integer and
/// double -> number, boolean -> bool, null -> null, nested bulk strings -> parsed JSON text).
/// Invalid JSON text or an unconvertible element gives typedis::decode_error.
#pragma once

#include <nlohmann/json.hpp>

#include "typedis/codec/decode.hpp"

namespace typedis {

template <>
struct decoder<nlohmann::json> {
  static void decode(resp::reply_cursor& cursor, nlohmann::json& out);
};

}  // namespace typedis
