// Decoding FT.SPELLCHECK's reply (include/typedis/search/spellcheck_result.hpp).
#include "typedis/search/spellcheck_result.hpp"

#include "reply_reading.hpp"

namespace typedis {

namespace {

namespace sd = search::detail;

// The suggestions of one term: RESP2 [[score, suggestion], ...]; RESP3 [{suggestion: score}, ...].
void read_suggestions(resp::reply_cursor& cursor, std::vector<search::spelling_suggestion>& out) {
  const resp::node& head = detail::aggregate(cursor, "suggestions (array)");
  out.reserve(head.size);
  for (std::size_t i = 0; i < head.size; ++i) {
    if (cursor.peek().type == resp::type::map) {
      sd::read_map(cursor, "suggestion {suggestion: score}", [&](std::string_view key) {
        search::spelling_suggestion& s = out.emplace_back();
        s.suggestion = std::string(key);
        decode_into(cursor, s.score);
      });
      continue;
    }
    const resp::node& pair = detail::aggregate(cursor, "suggestion [score, suggestion]");
    if (pair.size != 2) detail::throw_mismatch("suggestion [score, suggestion]", pair, cursor);
    search::spelling_suggestion& s = out.emplace_back();
    decode_into(cursor, s.score);
    decode_into(cursor, s.suggestion);
  }
}

}  // namespace

void decoder<search::spellcheck_result>::decode(resp::reply_cursor& cursor, search::spellcheck_result& out) {
  out = {};
  if (cursor.peek().type == resp::type::map) {
    bool has_results = false;
    sd::read_map(cursor, "FT.SPELLCHECK reply (map)", [&](std::string_view key) {
      if (key != "results") {
        cursor.skip();
        return;
      }
      has_results = true;
      sd::read_map(cursor, "FT.SPELLCHECK results (map)", [&](std::string_view term) {
        search::misspelled_term& t = out.terms.emplace_back();
        t.term = std::string(term);
        read_suggestions(cursor, t.suggestions);
      });
    });
    if (!has_results) throw decode_error("FT.SPELLCHECK reply with results", "no results");
    return;
  }
  const resp::node& head = detail::aggregate(cursor, "FT.SPELLCHECK reply (array or map)");
  out.terms.reserve(head.size);
  for (std::size_t i = 0; i < head.size; ++i) {
    const resp::node& entry = detail::aggregate(cursor, "[TERM, term, suggestions]");
    if (entry.size != 3) detail::throw_mismatch("[TERM, term, suggestions]", entry, cursor);
    const resp::node& marker = cursor.next();
    if (!sd::same_word(detail::string_text(marker, cursor, "TERM"), "TERM")) detail::throw_mismatch("TERM", marker, cursor);
    search::misspelled_term& t = out.terms.emplace_back();
    decode_into(cursor, t.term);
    read_suggestions(cursor, t.suggestions);
  }
}

}  // namespace typedis
