/// @file
/// Encodes one command as a RESP array of bulk strings, straight into a byte buffer.
///
/// The argument count is only known at the end (options are optional), so the writer leaves room
/// for the longest array header in front, writes the arguments, and finally writes the header
/// right-aligned into that room: no second pass, no memmove.
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

  writer() { buffer_.resize(header_room); }

  void bulk(std::string_view arg) {
    char* p = buffer_.prepare(arg.size() + 24);
    char* const start = p;
    *p++ = '$';
    p = std::to_chars(p, p + 20, arg.size()).ptr;
    *p++ = '\r';
    *p++ = '\n';
    if (!arg.empty()) std::memcpy(p, arg.data(), arg.size());
    p += arg.size();
    *p++ = '\r';
    *p++ = '\n';
    buffer_.commit(static_cast<std::size_t>(p - start));
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
    char header[header_room];
    char* p = header;
    *p++ = '*';
    p = std::to_chars(p, header + header_room, argc_).ptr;
    *p++ = '\r';
    *p++ = '\n';
    const std::size_t len = static_cast<std::size_t>(p - header);
    const std::size_t start = header_room - len;
    std::memcpy(buffer_.data() + start, header, len);
    return start;
  }

  detail::byte_buffer& buffer() noexcept { return buffer_; }

 private:
  detail::byte_buffer buffer_;
  std::size_t argc_ = 0;
};

}  // namespace typedis::resp
