/// @file
/// The fields of a search document or an aggregate row: (name, value) pairs in the server's order.
/// Values are text: strings as sent, RESP3 numbers in their text form, and nested values (a TOLIST
/// reducer's list, a JSON index's FORMAT EXPAND attributes) as JSON text. Fields the server sends
/// as null (a missing attribute) are left out.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace typedis::search {

using field_list = std::vector<std::pair<std::string, std::string>>;

/// The value of the first field called `name`, or nullptr.
inline const std::string* find_field(const field_list& fields, std::string_view name) noexcept {
  for (const auto& [k, v] : fields) {
    if (k == name) return &v;
  }
  return nullptr;
}

}  // namespace typedis::search
