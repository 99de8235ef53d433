// Shared pieces of the RediSearch reply decoders.
#include "reply_reading.hpp"

#include "core/ascii.hpp"

#include <nlohmann/json.hpp>

namespace typedis::search::detail {

namespace {

// One element as JSON; the recursion is bounded by the parser's depth limit.
nlohmann::json to_json(resp::reply_cursor& cursor) {
  const resp::node& n = cursor.peek();
  switch (n.type) {
    case resp::type::null:
      cursor.next();
      return nullptr;
    case resp::type::integer:
      cursor.next();
      return n.integer;
    case resp::type::boolean:
      cursor.next();
      return n.integer != 0;
    case resp::type::double_type: {
      cursor.next();
      double d = 0;
      if (!typedis::detail::parse_double(cursor.text(n), d)) typedis::detail::throw_mismatch("double", n, cursor);
      return d;
    }
    case resp::type::map: {
      nlohmann::json obj = nlohmann::json::object();
      cursor.next();
      for (std::size_t i = 0; i < n.size; i += 2) {
        const resp::node& k = cursor.next();
        std::string key(typedis::detail::string_text(k, cursor, "map key"));
        obj[std::move(key)] = to_json(cursor);
      }
      return obj;
    }
    default:
      break;
  }
  if (resp::is_aggregate(n.type)) {
    cursor.next();
    nlohmann::json arr = nlohmann::json::array();
    for (std::size_t i = 0; i < n.size; ++i) arr.push_back(to_json(cursor));
    return arr;
  }
  cursor.next();
  return std::string(typedis::detail::string_text(n, cursor, "value"));
}

}  // namespace

std::optional<std::string> read_value_text(resp::reply_cursor& cursor) {
  const resp::node& n = cursor.peek();
  if (n.type == resp::type::null) {
    cursor.next();
    return std::nullopt;
  }
  if (n.type == resp::type::integer) {
    cursor.next();
    return std::to_string(n.integer);
  }
  // Binary strings (vector blobs) are not UTF-8: replaced, not thrown on, in the JSON text.
  if (resp::is_aggregate(n.type) && n.type != resp::type::attribute)
    return to_json(cursor).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  cursor.next();
  return std::string(typedis::detail::string_text(n, cursor, "field value"));
}

void read_field_list(resp::reply_cursor& cursor, field_list& out, std::string_view what) {
  out.clear();
  if (cursor.peek().type == resp::type::null) {
    cursor.next();
    return;
  }
  read_map(cursor, what, [&](std::string_view key) {
    std::optional<std::string> v = read_value_text(cursor);
    if (v) out.emplace_back(std::string(key), std::move(*v));
  });
}

void read_warnings(resp::reply_cursor& cursor, std::vector<std::string>& out) {
  out.clear();
  const resp::node& n = cursor.peek();
  if (n.type == resp::type::null) {
    cursor.next();
    return;
  }
  if (!resp::is_aggregate(n.type)) {
    cursor.next();
    out.emplace_back(typedis::detail::string_text(n, cursor, "warning"));
    return;
  }
  decode_into(cursor, out);
}

bool same_word(std::string_view a, std::string_view b) noexcept { return core::iequals_ascii(a, b); }

}  // namespace typedis::search::detail
