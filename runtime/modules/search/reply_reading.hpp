// Internal helpers shared by the RediSearch reply decoders (runtime/modules/search/*.cpp).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "typedis/codec/decode.hpp"
#include "typedis/search/field_list.hpp"

namespace typedis::search::detail {

// A string-like element as text (integers and doubles in their text form); null gives nullopt;
// an aggregate gives its JSON text (strings as JSON strings, maps as objects).
std::optional<std::string> read_value_text(resp::reply_cursor& cursor);

// A RESP3 map or a RESP2 flat [name, value, ...] array of fields (null: no fields).
void read_field_list(resp::reply_cursor& cursor, field_list& out, std::string_view what);

// The entries of a RESP3 map or RESP2 flat key/value array: `on_entry(key)` must consume the
// value. Returns nothing; throws decode_error on an odd flat array or a non-string key.
template <class OnEntry>
void read_map(resp::reply_cursor& cursor, std::string_view what, OnEntry&& on_entry) {
  const resp::node& head = typedis::detail::aggregate(cursor, what);
  if (head.type != resp::type::map && head.size % 2 != 0) typedis::detail::throw_mismatch(what, head, cursor);
  for (std::size_t i = 0; i < head.size; i += 2) {
    const resp::node& k = cursor.next();
    const std::string key(typedis::detail::string_text(k, cursor, std::string(what) + " key"));
    on_entry(std::string_view(key));
  }
}

// RESP3 "warning": an array of strings (a single string is accepted too).
void read_warnings(resp::reply_cursor& cursor, std::vector<std::string>& out);

// Case-insensitive equality of ASCII words (request tokens, reply keys).
bool same_word(std::string_view a, std::string_view b) noexcept;

}  // namespace typedis::search::detail
