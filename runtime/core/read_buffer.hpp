// Internal: the read buffer of a protocol session. Bytes arrive at the end (prepare/commit), frames
// are taken from the front (consume). Growth leaves new bytes uninitialised (the transport writes
// them), so a large announced value costs no memset; what is consumed is reclaimed by moving the
// unread tail to the front, never by a new allocation while the capacity suffices.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <span>

namespace typedis::core {

class read_buffer {
 public:
  static constexpr std::size_t initial_capacity = 16 * 1024;

  // The unread bytes. Writable: the parser merges the chunks of a streamed string in place.
  char* data() noexcept { return data_.get() + begin_; }
  std::size_t size() const noexcept { return end_ - begin_; }
  bool empty() const noexcept { return begin_ == end_; }
  std::size_t capacity() const noexcept { return capacity_; }

  // Room for at least `n` more bytes after the unread ones; when it has to grow, room for
  // `target` (>= n) so that the next calls need not grow again.
  std::span<char> prepare(std::size_t n, std::size_t target) {
    if (capacity_ - end_ < n) make_room(std::max(n, target));
    return {data_.get() + end_, capacity_ - end_};
  }
  void commit(std::size_t n) noexcept { end_ += n; }

  // The first `n` unread bytes are done with.
  void consume(std::size_t n) noexcept {
    begin_ += n;
    if (begin_ == end_) begin_ = end_ = 0;  // empty: start from the front, the cheap case
  }

  // Called when empty: gives back a buffer grown beyond `keep` (one huge reply must not pin its
  // memory for the life of a pooled connection).
  void shrink_if_empty(std::size_t keep) {
    if (begin_ != end_ || capacity_ <= keep) return;
    data_.reset();
    capacity_ = 0;
    begin_ = end_ = 0;
  }

 private:
  void make_room(std::size_t n) {
    const std::size_t unread = end_ - begin_;
    const std::size_t needed = unread + n;
    if (needed <= capacity_) {  // enough once the consumed front is reclaimed
      std::memmove(data_.get(), data_.get() + begin_, unread);
    } else {
      // Exactly what was asked: the session asks in geometric steps, bounded by what arrived.
      const std::size_t grown = std::max(needed, initial_capacity);
      auto bigger = std::make_unique_for_overwrite<char[]>(grown);
      if (unread > 0) std::memcpy(bigger.get(), data_.get() + begin_, unread);
      data_ = std::move(bigger);
      capacity_ = grown;
    }
    begin_ = 0;
    end_ = unread;
  }

  std::unique_ptr<char[]> data_;
  std::size_t capacity_ = 0;
  std::size_t begin_ = 0;
  std::size_t end_ = 0;
};

}  // namespace typedis::core
