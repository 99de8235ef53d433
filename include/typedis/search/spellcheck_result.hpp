/// @file
/// FT.SPELLCHECK's reply, typed: typedis::search::spellcheck_result (the return type of
/// r.ft_spellcheck). Per misspelled term, its suggestions with their scores.
/// RESP2: [["TERM", term, [[score, suggestion], ...]], ...] with scores as bulk text;
/// RESP3: {"results": {term: [{suggestion: score}, ...], ...}} with scores as doubles.
#pragma once

#include <string>
#include <vector>

#include "typedis/codec/decode.hpp"

namespace typedis::search {

struct spelling_suggestion {
  std::string suggestion;
  double score = 0;  ///< 0 when the suggestion comes only from a dictionary given with TERMS INCLUDE
};

struct misspelled_term {
  std::string term;
  std::vector<spelling_suggestion> suggestions;  ///< empty: no suggestion found
};

struct spellcheck_result {
  std::vector<misspelled_term> terms;
};

}  // namespace typedis::search

template <>
struct typedis::decoder<typedis::search::spellcheck_result> {
  static void decode(resp::reply_cursor& cursor, typedis::search::spellcheck_result& out);
};
