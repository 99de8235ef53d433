// Internal: ASCII case-insensitive comparison of command words (the server reads BLOCK, block and
// Block alike; so must anything that reads a request back).
#pragma once

#include <cstddef>
#include <string_view>

namespace typedis::core {

constexpr char ascii_upper(char c) noexcept { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

constexpr bool iequals_ascii(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (ascii_upper(a[i]) != ascii_upper(b[i])) return false;
  return true;
}

}  // namespace typedis::core
