// A growable byte buffer with inline storage: a typical command (GET key, SET key value) is encoded
// without touching the heap.
#pragma once

#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>

namespace typedis::detail {

class byte_buffer {
 public:
  static constexpr std::size_t inline_capacity = 112;

  byte_buffer() noexcept = default;
  byte_buffer(const byte_buffer& other) { assign(other.view()); }
  byte_buffer(byte_buffer&& other) noexcept { take(other); }
  byte_buffer& operator=(const byte_buffer& other) {
    if (this != &other) {
      size_ = 0;
      assign(other.view());
    }
    return *this;
  }
  byte_buffer& operator=(byte_buffer&& other) noexcept {
    if (this != &other) {
      heap_.reset();
      take(other);
    }
    return *this;
  }
  ~byte_buffer() = default;

  char* data() noexcept { return heap_ ? heap_.get() : inline_; }
  const char* data() const noexcept { return heap_ ? heap_.get() : inline_; }
  std::size_t size() const noexcept { return size_; }
  std::size_t capacity() const noexcept { return heap_ ? capacity_ : inline_capacity; }
  std::string_view view() const noexcept { return {data(), size_}; }

  void clear() noexcept { size_ = 0; }

  // Makes room for n more bytes and returns where they go; commit(n) makes them part of the buffer.
  char* prepare(std::size_t n) {
    if (size_ + n > capacity()) grow(size_ + n);
    return data() + size_;
  }
  void commit(std::size_t n) noexcept { size_ += n; }

  void append(std::string_view s) {
    if (s.empty()) return;
    std::memcpy(prepare(s.size()), s.data(), s.size());
    size_ += s.size();
  }
  void push_back(char c) {
    *prepare(1) = c;
    ++size_;
  }
  void resize(std::size_t n) {
    if (n > capacity()) grow(n);
    size_ = n;
  }
  void reserve(std::size_t n) {
    if (n > capacity()) grow(n);
  }

 private:
  void assign(std::string_view s) { append(s); }
  void take(byte_buffer& other) noexcept {
    size_ = other.size_;
    if (other.heap_) {
      heap_ = std::move(other.heap_);
      capacity_ = other.capacity_;
    } else if (size_ != 0) {
      std::memcpy(inline_, other.inline_, size_);
    }
    other.size_ = 0;
  }
  // Out of line: prepare() and resize() run per argument and should inline to a compare.
  [[gnu::noinline]] void grow(std::size_t need) {
    std::size_t cap = capacity() * 2;
    if (cap < need) cap = need;
    std::unique_ptr<char[]> bigger(new char[cap]);
    if (size_ != 0) std::memcpy(bigger.get(), data(), size_);
    heap_ = std::move(bigger);
    capacity_ = cap;
  }

  std::unique_ptr<char[]> heap_;
  std::size_t capacity_ = 0;
  std::size_t size_ = 0;
  char inline_[inline_capacity];
};

}  // namespace typedis::detail
