/// @file
/// FT.AGGREGATE's reply, typed: typedis::search::aggregate_result (the return type of
/// r.ft_aggregate). RESP2 sends [total, [name, value, ...], ...], one flat array per row; RESP3 a map
/// {total_results, results: [{extra_attributes: {...}, values: []}], attributes, format, warning}.
/// `total` is what the server reports: for a GROUPBY pipeline it is not always the number of rows.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "typedis/codec/decode.hpp"
#include "typedis/search/field_list.hpp"

namespace typedis::search {

struct aggregate_row {
  field_list fields;

  const std::string* field(std::string_view name) const noexcept { return find_field(fields, name); }
};

struct aggregate_result {
  long long total = 0;
  std::vector<aggregate_row> rows;
  std::vector<std::string> warnings;  ///< RESP3 "warning"
};

}  // namespace typedis::search

template <>
struct typedis::decoder<typedis::search::aggregate_result> {
  static void decode(resp::reply_cursor& cursor, typedis::search::aggregate_result& out);
};
