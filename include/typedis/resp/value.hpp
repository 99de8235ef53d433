/// @file
/// A generic RESP value: the whole reply as a tree. What `command<resp::value>` returns when no
/// typed decoder fits, and what tests and tools print. Typed decoding never builds one.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "typedis/resp/reply_cursor.hpp"
#include "typedis/resp/type.hpp"

namespace typedis::resp {

class value {
 public:
  resp::type type = resp::type::null;
  /// Strings, errors, verbatim strings (without the format prefix), doubles and big numbers as text.
  std::string string;
  std::int64_t integer = 0;         ///< integer; boolean as 0/1
  std::vector<value> elements;      ///< aggregates; maps and attributes as key, value, key, value...
  std::vector<value> attributes;    ///< RESP3 attribute pairs that came before this value, if any
  std::string verbatim_format;      ///< "txt", "mkd" for verbatim strings

  value() = default;
  value(const value&) = default;
  value(value&&) noexcept = default;
  value& operator=(const value&) = default;
  value& operator=(value&&) noexcept = default;
  /// Iterative: a reply nested as deep as a raised max_depth allows must not overflow the stack.
  ~value();

  static value make_null() { return {}; }
  static value make_string(std::string s, resp::type t = resp::type::bulk_string);
  static value make_integer(std::int64_t i);
  static value make_array(std::vector<value> elements, resp::type t = resp::type::array);

  bool is_null() const noexcept { return type == resp::type::null; }
  bool is_error() const noexcept { return is_error_type(type); }
  bool is_aggregate() const noexcept { return resp::is_aggregate(type); }

  /// Reads one element (with its attributes) from the cursor, iteratively: depth is bounded by the
  /// parser's limit, not by the stack.
  static value read(reply_cursor& cursor);

  friend bool operator==(const value& a, const value& b);

 private:
  static constexpr bool is_error_type(resp::type t) noexcept { return resp::is_error(t); }
};

/// Compact human-readable form, e.g. [1, "a", {"k": "v"}], for messages and tests.
std::string to_display(const value& v);
std::ostream& operator<<(std::ostream& os, const value& v);

}  // namespace typedis::resp
