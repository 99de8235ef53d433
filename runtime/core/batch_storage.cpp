// The per-thread spare storage of batches (typedis/detail/batch.hpp): a fresh pipeline per batch
// reuses the buffers of the previous one instead of allocating them again.
#include <utility>

#include "typedis/detail/batch.hpp"

namespace typedis::detail {

namespace {
// What a typical batch needs before it first grows, and the most a spare may keep: a 100,000-command
// batch gives its memory back instead of pinning it for the thread's lifetime.
constexpr std::size_t first_commands = 64;
constexpr std::size_t first_bytes = 4096;
constexpr std::size_t max_spare_commands = 16 * 1024;
constexpr std::size_t max_spare_bytes = 1024 * 1024;
}  // namespace

thread_local batch::spare_storage batch::spare_;

void batch::first_use() {
  if (spare_.slots.capacity() != 0) {
    bytes_ = std::move(spare_.bytes);
    slots_ = std::move(spare_.slots);
    spare_.slots = {};  // a moved-from vector is valid but unspecified: make "no spare" certain
    bytes_.clear();
    slots_.clear();
    return;
  }
  reserve(first_commands, first_bytes);
}

void batch::recycle() noexcept {
  if (spare_.slots.capacity() != 0 || slots_.capacity() > max_spare_commands || bytes_.capacity() > max_spare_bytes)
    return;
  spare_.bytes = std::move(bytes_);
  spare_.slots = std::move(slots_);
}

}  // namespace typedis::detail
