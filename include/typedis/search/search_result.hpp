/// @file
/// FT.SEARCH's reply, typed: typedis::search::search_result (the return type of r.ft_search).
///
/// RESP3 sends a map {total_results, results: [{id, score, payload, sortkey, extra_attributes,
/// values}], attributes, format, warning}. RESP2 sends a flat array
///   [total, id, (score), (payload), (sortkey), (fields)...]
/// whose per-document layout depends on the request's NOCONTENT, WITHSCORES, WITHPAYLOADS and
/// WITHSORTKEYS (and EXPLAINSCORE makes the score [score, explanation]): the decoder reads those
/// options back from the request (reply_cursor::request()). Without a request it assumes none of
/// them, except that a document without a following fields array is taken as NOCONTENT.
/// FT.PROFILE SEARCH's result part is read the same way.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "typedis/codec/decode.hpp"
#include "typedis/resp/value.hpp"
#include "typedis/search/field_list.hpp"

namespace typedis::search {

struct document {
  std::string id;
  std::optional<double> score{};                  ///< WITHSCORES (RESP3: also when the server adds it)
  std::optional<resp::value> score_explanation{}; ///< EXPLAINSCORE: the scorer's nested explanation
  std::optional<std::string> payload{};           ///< WITHPAYLOADS (absent when the document has none)
  std::optional<std::string> sort_key{};          ///< WITHSORTKEYS: "$text" or "#number", as sent
  field_list fields;                              ///< empty with NOCONTENT

  /// The value of field `name`, or nullptr.
  const std::string* field(std::string_view name) const noexcept { return find_field(fields, name); }
  /// A JSON index returns the whole document as the field "$" (JSON text), unless RETURN says otherwise.
  const std::string* json() const noexcept { return field("$"); }
};

struct search_result {
  long long total = 0;                ///< all matches, not only the documents of this page
  std::vector<document> documents;
  std::vector<std::string> warnings;  ///< RESP3 "warning" (e.g. a timeout with partial results)
  std::optional<std::string> format;  ///< RESP3 "format": STRING or EXPAND
};

}  // namespace typedis::search

template <>
struct typedis::decoder<typedis::search::search_result> {
  static void decode(resp::reply_cursor& cursor, typedis::search::search_result& out);
};
