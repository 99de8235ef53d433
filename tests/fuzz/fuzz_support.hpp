// Shared by the libFuzzer targets (tests/fuzz/*.cpp): small parser limits, so that lengths from the
// input hit them, and a crash with a message for outcomes that no input may produce.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "typedis/resp/limits.hpp"

namespace typedis_fuzz {

inline typedis::resp::limits small_limits() {
  typedis::resp::limits l;
  l.max_bulk_length = 1 << 16;
  l.max_aggregate_size = 1 << 12;
  l.max_depth = 64;
  l.max_line_length = 1 << 12;
  return l;
}

// A broken invariant: print why and abort, so that libFuzzer saves the input.
[[noreturn]] inline void broken(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "invariant broken: %.*s %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(detail.size()), detail.data());
  std::abort();
}

}  // namespace typedis_fuzz
