#include "typedis/vectorset/scored_attributed_elements.hpp"

#include <utility>

void typedis::decoder<typedis::vectorset::scored_attributed_elements>::decode(
    resp::reply_cursor& cursor, typedis::vectorset::scored_attributed_elements& out) {
  constexpr std::string_view expected = "elements with scores and attributes";
  out.clear();
  const resp::node& head = detail::aggregate(cursor, expected);
  const std::size_t count = head.size;
  if (head.type == resp::type::map) {
    // RESP3: element -> [score, attributes] (size counts keys and values)
    out.reserve(count / 2);
    for (std::size_t i = 0; i < count; i += 2) {
      auto& e = out.emplace_back();
      decode_into(cursor, e.element);
      const resp::node& inner = detail::aggregate(cursor, "[score, attributes]");
      if (inner.size != 2 || inner.type == resp::type::map) detail::throw_mismatch("[score, attributes]", inner, cursor);
      decode_into(cursor, e.score);
      decode_into(cursor, e.attributes);
    }
    return;
  }
  // RESP2: flat triples element, score, attributes
  if (count % 3 != 0) detail::throw_mismatch(expected, head, cursor);
  out.reserve(count / 3);
  for (std::size_t i = 0; i < count; i += 3) {
    auto& e = out.emplace_back();
    decode_into(cursor, e.element);
    decode_into(cursor, e.score);
    decode_into(cursor, e.attributes);
  }
}
