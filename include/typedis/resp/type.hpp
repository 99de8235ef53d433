/// @file
/// The RESP2 and RESP3 wire types.
#pragma once

#include <cstdint>
#include <string_view>

namespace typedis::resp {

enum class type : std::uint8_t {
  simple_string,    ///< +
  simple_error,     ///< -
  integer,          ///< :
  bulk_string,      ///< $   (also the merged form of a streamed string $?)
  bulk_error,       ///< !
  verbatim_string,  ///< =   (the "txt:" format prefix is kept in the node; decoders strip it)
  null,             ///< _   (and RESP2's $-1 / *-1)
  boolean,          ///< #
  double_type,      ///< ,
  big_number,       ///< (
  array,            ///< *
  map,              ///< %   (size counts keys and values: 2 per entry)
  set,              ///< ~
  attribute,        ///< |   (size counts keys and values; precedes the value it annotates)
  push,             ///< >
};

constexpr bool is_aggregate(type t) noexcept {
  return t == type::array || t == type::map || t == type::set || t == type::attribute || t == type::push;
}

constexpr bool is_error(type t) noexcept { return t == type::simple_error || t == type::bulk_error; }

/// Human-readable name, used in decode and protocol error messages.
std::string_view to_string(type t) noexcept;

}  // namespace typedis::resp
