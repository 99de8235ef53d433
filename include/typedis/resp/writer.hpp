/// @file
/// Encodes one command as a RESP array of bulk strings, straight into a byte buffer: the writer's
/// own (a command<T>), or the end of a batch's buffer (a pipeline's method), so a pipelined command
/// is encoded once, where it is sent from.
///
/// The argument count is only known at the end (options are optional). Into its own buffer the
/// writer leaves room for the longest array header in front and writes the header right-aligned
/// into it: no memmove. Appending to a batch it cannot leave a gap, so it reserves the 4 bytes of a
/// header for at most 9 arguments and moves the arguments only for a longer one.
#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "typedis/detail/byte_buffer.hpp"

namespace typedis::resp {

class writer {
 public:
  static constexpr std::size_t header_room = 24;  ///< "*" + 20 digits + CRLF fits
  static constexpr std::size_t short_header = 4;  ///< "*N\r\n" for N <= 9

  /// Into the writer's own buffer (buffer(), from finish()'s offset on).
  writer() : buffer_(&own_) { own_.resize(header_room); }
  /// Appends one request to `target`, from its current size on; finish() completes it. The caller
  /// truncates `target` back to its old size if the encoding throws.
  explicit writer(detail::byte_buffer& target) : buffer_(&target), base_(target.size()) {
    target.resize(base_ + short_header);
  }
  writer(const writer&) = delete;
  writer& operator=(const writer&) = delete;

  void bulk(std::string_view arg) {
    char* p = buffer_->prepare(arg.size() + 24);
    char* const start = p;
    *p++ = '$';
    const std::size_t n = arg.size();
    if (n < 10) {  // keys and small values: no digit loop
      *p++ = static_cast<char>('0' + n);
    } else if (n < 100) {
      *p++ = static_cast<char>('0' + n / 10);
      *p++ = static_cast<char>('0' + n % 10);
    } else {
      p = std::to_chars(p, p + 20, n).ptr;
    }
    *p++ = '\r';
    *p++ = '\n';
    if (!arg.empty()) std::memcpy(p, arg.data(), arg.size());
    p += arg.size();
    *p++ = '\r';
    *p++ = '\n';
    buffer_->commit(static_cast<std::size_t>(p - start));
    ++argc_;
  }

  /// An argument already encoded as a bulk string ("$3\r\nGET\r\n"): the generated code's command
  /// names and fixed option tokens, copied rather than encoded on every call.
  void token(std::string_view encoded_bulk) {
    buffer_->append(encoded_bulk);
    ++argc_;
  }

  /// Integers without a printf: the digits are written into place.
  template <class Int>
  void integer(Int v) {
    char digits[24];
    auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
    bulk(std::string_view(digits, static_cast<std::size_t>(end - digits)));
  }

  std::size_t argc() const noexcept { return argc_; }

  /// Writes the header; returns the offset of the request's first byte within buffer().
  std::size_t finish() {
    if (buffer_ != &own_ && argc_ <= 9) {  // the common case of a batch: the 4 reserved bytes fit
      char* const h = buffer_->data() + base_;
      h[0] = '*';
      h[1] = static_cast<char>('0' + argc_);
      h[2] = '\r';
      h[3] = '\n';
      return base_;
    }
    return finish_general();
  }

 private:
  // Out of line, so that the common case above inlines without this one's stack frame.
  [[gnu::noinline]] std::size_t finish_general() {
    char header[header_room + 8];  // slack: g++ cannot see that 20 digits always fit
    char* p = header;
    *p++ = '*';
    p = std::to_chars(p, p + 20, argc_).ptr;
    *p++ = '\r';
    *p++ = '\n';
    const std::size_t len = static_cast<std::size_t>(p - header);
    if (buffer_ == &own_) {
      const std::size_t start = header_room - len;
      std::memcpy(own_.data() + start, header, len);
      return start;
    }
    if (len > short_header) {  // 10 arguments or more: shift them to make room
      const std::size_t extra = len - short_header;
      const std::size_t args = buffer_->size() - base_ - short_header;
      buffer_->prepare(extra);
      buffer_->commit(extra);
      char* const from = buffer_->data() + base_ + short_header;
      std::memmove(from + extra, from, args);
    }
    std::memcpy(buffer_->data() + base_, header, len);
    return base_;
  }

 public:
  detail::byte_buffer& buffer() noexcept { return *buffer_; }

 private:
  detail::byte_buffer own_;
  detail::byte_buffer* buffer_;
  std::size_t base_ = 0;  ///< where the request starts in an appended-to buffer
  std::size_t argc_ = 0;
};

}  // namespace typedis::resp
