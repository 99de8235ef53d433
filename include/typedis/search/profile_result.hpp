/// @file
/// FT.PROFILE's reply, typed: the profiled query's result and the profile itself.
///   r.ft_profile_search(...)    -> typedis::search::search_profile
///   r.ft_profile_aggregate(...) -> typedis::search::aggregate_profile
/// RESP2 sends [result, profile], RESP3 {"Results": result, "Profile": profile} (keys matched
/// without regard to case; older servers spelled them in lower case). The result decodes as
/// FT.SEARCH's / FT.AGGREGATE's. The profile stays a generic typedis::resp::value: its layout
/// (iterator and result-processor trees, per-shard sections, timings) has changed between
/// RediSearch releases and differs between standalone and cluster, so no fixed type fits it.
#pragma once

#include "typedis/codec/decode.hpp"
#include "typedis/resp/value.hpp"
#include "typedis/search/aggregate_result.hpp"
#include "typedis/search/search_result.hpp"

namespace typedis::search {

struct search_profile {
  search_result result;
  resp::value profile;
};

struct aggregate_profile {
  aggregate_result result;
  resp::value profile;
};

}  // namespace typedis::search

template <>
struct typedis::decoder<typedis::search::search_profile> {
  static void decode(resp::reply_cursor& cursor, typedis::search::search_profile& out);
};

template <>
struct typedis::decoder<typedis::search::aggregate_profile> {
  static void decode(resp::reply_cursor& cursor, typedis::search::aggregate_profile& out);
};
