/// @file
/// Limits the parser checks before it allocates or descends: a peer cannot make it allocate more,
/// nest deeper, or wait for more than these.
#pragma once

#include <cstddef>

namespace typedis::resp {

struct limits {
  std::size_t max_bulk_length = 512u * 1024 * 1024;  ///< bytes of one bulk/verbatim/error string
  /// Elements of one array/set/push/map/attribute. A map (or attribute) of N entries counts 2N,
  /// the same as its RESP2 form (a flat array of keys and values), so a reply hits the limit at the
  /// same size in both protocols; a streamed aggregate is counted as its elements arrive.
  std::size_t max_aggregate_size = 1u << 28;
  std::size_t max_depth = 1024;                    ///< nesting of aggregates
  std::size_t max_line_length = 64u * 1024 * 1024;  ///< a simple string/error/number line
};

}  // namespace typedis::resp
