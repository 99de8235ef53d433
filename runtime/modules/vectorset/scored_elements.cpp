#include "typedis/vectorset/scored_elements.hpp"

#include <utility>

void typedis::decoder<typedis::vectorset::scored_elements>::decode(resp::reply_cursor& cursor,
                                                                    typedis::vectorset::scored_elements& out) {
  out.clear();
  // Map (RESP3), flat array (RESP2) or array of [element, score] pairs: decode_pairs reads all three.
  detail::decode_pairs<std::pair<std::string, double>>(cursor, "elements with scores", [&](std::pair<std::string, double>&& p) {
    out.push_back({std::move(p.first), p.second});
  });
}
