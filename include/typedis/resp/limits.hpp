// Limits the parser checks before it allocates or descends: a peer cannot make it allocate more,
// nest deeper, or wait for more than these.
#pragma once

#include <cstddef>

namespace typedis::resp {

struct limits {
  std::size_t max_bulk_length = 512u * 1024 * 1024;  // bytes of one bulk/verbatim/error string
  std::size_t max_aggregate_size = 1u << 28;       // elements of one array/map/set/push
  std::size_t max_depth = 1024;                    // nesting of aggregates
  std::size_t max_line_length = 64u * 1024 * 1024;  // a simple string/error/number line
};

}  // namespace typedis::resp
