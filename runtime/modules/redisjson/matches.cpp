#include "typedis/redisjson/matches.hpp"

#include <utility>

void typedis::decoder<typedis::redisjson::matches>::decode(resp::reply_cursor& cursor, typedis::redisjson::matches& out) {
  out.clear();
  const resp::node& n = cursor.peek();
  nlohmann::json parsed;
  decode_into(cursor, parsed);  // JSON text or RESP3 aggregate; errors are reported there
  if (!parsed.is_array()) detail::throw_mismatch("JSON array of matches", n, cursor);
  out.reserve(parsed.size());
  for (auto& v : parsed) out.push_back(std::move(v));
}
