#include "typedis/redisjson/types.hpp"

namespace {

using typedis::resp::type;

bool is_text(type t) { return t == type::simple_string || t == type::bulk_string || t == type::verbatim_string; }

}  // namespace

void typedis::decoder<typedis::redisjson::types>::decode(resp::reply_cursor& cursor, typedis::redisjson::types& out) {
  out.clear();
  const resp::node& n = cursor.peek();
  if (n.type == resp::type::null) {  // missing key
    cursor.next();
    return;
  }
  if (is_text(n.type)) {  // RESP2, legacy path: one name
    decode_into(cursor, out.emplace_back());
    return;
  }
  const resp::node& head = detail::aggregate(cursor, "JSON type names");
  if (head.type == resp::type::map) detail::throw_mismatch("JSON type names", head, cursor);
  // RESP3: [[names...]]; RESP2: [names...]. A nested array is only accepted alone.
  if (head.size == 1 && resp::is_aggregate(cursor.peek().type)) {
    const resp::node& inner = detail::aggregate(cursor, "JSON type names");
    if (inner.type == resp::type::map) detail::throw_mismatch("JSON type names", inner, cursor);
    out.reserve(inner.size);
    for (std::size_t i = 0; i < inner.size; ++i) decode_into(cursor, out.emplace_back());
    return;
  }
  out.reserve(head.size);
  for (std::size_t i = 0; i < head.size; ++i) decode_into(cursor, out.emplace_back());
}
