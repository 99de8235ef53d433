#include "typedis/vectorset/attributed_elements.hpp"

#include <utility>

void typedis::decoder<typedis::vectorset::attributed_elements>::decode(resp::reply_cursor& cursor,
                                                                        typedis::vectorset::attributed_elements& out) {
  using pair = std::pair<std::string, std::optional<nlohmann::json>>;
  out.clear();
  // Map (RESP3) or flat array (RESP2) of element, attributes.
  detail::decode_pairs<pair>(cursor, "elements with attributes",
                             [&](pair&& p) { out.push_back({std::move(p.first), std::move(p.second)}); });
}
