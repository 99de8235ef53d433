// Reading FT.SEARCH's layout-changing options back from the request.
#include "search_options.hpp"

#include <charconv>
#include <cstddef>

#include "reply_reading.hpp"
#include "typedis/resp/request_args.hpp"

namespace typedis::search::detail {

namespace {

bool to_count(std::string_view s, std::size_t& out) noexcept {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

// Options followed by a fixed number of values.
struct fixed_option {
  std::string_view word;
  std::size_t values;
};
constexpr fixed_option fixed_options[] = {
    {"FILTER", 3},  {"GEOFILTER", 5}, {"SLOP", 1},   {"TIMEOUT", 1},   {"LANGUAGE", 1},  {"EXPANDER", 1},
    {"SCORER", 1},  {"PAYLOAD", 1},   {"SORTBY", 1}, {"LIMIT", 2},     {"DIALECT", 1},   {"FRAGS", 1},
    {"LEN", 1},     {"SEPARATOR", 1}, {"TAGS", 2},   {"FORMAT", 1},
};
// Options followed by a count, then that many values.
constexpr std::string_view counted_options[] = {"INKEYS", "INFIELDS", "RETURN", "PARAMS", "FIELDS"};

}  // namespace

search_layout read_search_layout(std::string_view request) noexcept {
  search_layout out;
  resp::request_args args(request);
  std::string_view word;
  if (!args.next(word)) return out;
  if (same_word(word, "FT.SEARCH")) {
    if (!args.skip(2)) return out;  // index, query
  } else if (same_word(word, "FT.PROFILE")) {
    if (!args.skip(1)) return out;  // index
    bool query_seen = false;
    while (args.next(word)) {
      if (same_word(word, "QUERY")) {
        query_seen = true;
        break;
      }
    }
    if (!query_seen || !args.skip(1)) return out;
  } else {
    return out;
  }
  out.known = true;
  while (args.next(word)) {
    if (same_word(word, "NOCONTENT")) {
      out.nocontent = true;
    } else if (same_word(word, "WITHSCORES")) {
      out.withscores = true;
    } else if (same_word(word, "WITHPAYLOADS")) {
      out.withpayloads = true;
    } else if (same_word(word, "WITHSORTKEYS")) {
      out.withsortkeys = true;
    } else if (same_word(word, "EXPLAINSCORE")) {
      out.explainscore = true;
    } else {
      bool handled = false;
      for (const fixed_option& o : fixed_options) {
        if (same_word(word, o.word)) {
          args.skip(o.values);
          handled = true;
          break;
        }
      }
      if (handled) continue;
      for (std::string_view o : counted_options) {
        if (!same_word(word, o)) continue;
        std::string_view count_text;
        std::size_t n = 0;
        if (!args.next(count_text) || !to_count(count_text, n)) return out;
        if (same_word(word, "RETURN") && n == 0) out.nocontent = true;  // RETURN 0: ids only
        args.skip(n);
        break;
      }
    }
  }
  // EXPLAINSCORE only has an effect with WITHSCORES.
  if (!out.withscores) out.explainscore = false;
  return out;
}

}  // namespace typedis::search::detail
