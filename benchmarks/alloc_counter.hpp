// Counting allocator hooks, linked into bench_alloc only: a replacement global operator new/delete
// (what typedis allocates through) and malloc/calloc/realloc/free interposed in front of glibc's
// (what hiredis allocates through; libstdc++'s operator new lands there too). Single-threaded use.
#pragma once

#include <cstdint>

namespace bench::alloc {

struct counts {
  std::uint64_t news = 0;     // operator new calls (every form)
  std::uint64_t mallocs = 0;  // malloc + calloc + realloc(nullptr, n): includes those behind operator new
};

counts snapshot() noexcept;

}  // namespace bench::alloc
