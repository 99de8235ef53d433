/// @file
/// typedis::redisjson::mset_triplet: one "key path value" of JSON.MSET. Like the generated argument
/// structs it refers to the key and path (string views: keep them alive for the call) and owns the
/// JSON value (a json_arg).
///
///   r.json_mset({{"doc:1", "$", nlohmann::json{{"a", 1}}}, {"doc:2", "$.b", 2}});
#pragma once

#include <string_view>

#include "typedis/codec/encode.hpp"
#include "typedis/json_arg.hpp"

namespace typedis::redisjson {

struct mset_triplet {
  std::string_view key;
  std::string_view path;
  typedis::json_arg value;
};

}  // namespace typedis::redisjson

template <>
struct typedis::encoder<typedis::redisjson::mset_triplet> {
  static void encode(resp::writer& w, const typedis::redisjson::mset_triplet& t) {
    w.bulk(t.key);
    w.bulk(t.path);
    typedis::encode(w, t.value);
  }
};
