/// @file
/// One parsed RESP element, as a parser emits it: replies are a flat pre-order sequence of nodes
/// whose strings point into the read buffer, so a typed decoder reads straight from the bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "typedis/resp/type.hpp"

namespace typedis::resp {

struct node {
  resp::type type;
  std::uint32_t depth;     ///< 0 for the top-level element
  std::size_t size;        ///< aggregates: child elements (maps and attributes count keys and values)
  std::size_t next;        ///< index of the node after this one's subtree
  std::int64_t integer;    ///< integer and boolean (0/1) values
  std::size_t offset;      ///< string data: offset from the reply's first byte
  std::size_t length;      ///< string data: length in bytes
};

}  // namespace typedis::resp
