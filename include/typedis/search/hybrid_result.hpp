/// @file
/// FT.HYBRID's reply, typed: typedis::search::hybrid_result (the return type of r.ft_hybrid).
/// Both protocols send the same map (RESP2 as a flat array, doubles as text):
///   {total_results, results: [{field: value, ...}, ...], warnings: [...], execution_time}
/// Each result holds the fields the request loads: the document key as "__key" and the fused
/// score as "__score" (RediSearch 8.4+), plus the names given with YIELD_SCORE_AS and LOAD.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "typedis/codec/decode.hpp"
#include "typedis/search/aggregate_result.hpp"

namespace typedis::search {

struct hybrid_result {
  long long total = 0;
  std::vector<aggregate_row> results;
  std::vector<std::string> warnings;
  std::optional<double> execution_time{};  ///< milliseconds, as the server measured them
};

}  // namespace typedis::search

template <>
struct typedis::decoder<typedis::search::hybrid_result> {
  static void decode(resp::reply_cursor& cursor, typedis::search::hybrid_result& out);
};
