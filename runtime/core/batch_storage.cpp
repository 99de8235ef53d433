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

thread_local std::unique_ptr<batch::storage> batch::spare_;
const std::vector<batch::script_slot> batch::no_scripts_;

void batch::first_use() {
  if (spare_) {
    s_ = std::move(spare_);
    return;
  }
  s_ = std::make_unique<storage>();
  s_->slots.reserve(first_commands);
  s_->bytes.reserve(first_bytes);
}

void batch::recycle() noexcept {
  if (spare_ || s_->slots.capacity() > max_spare_commands || s_->bytes.capacity() > max_spare_bytes) return;
  s_->clear();
  spare_ = std::move(s_);
}

}  // namespace typedis::detail
