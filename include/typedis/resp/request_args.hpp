/// @file
/// Reading back the arguments of an encoded request (an array of bulk strings, as resp::writer
/// makes it): for decoders whose reply shape depends on the options of the request
/// (reply_cursor::request()). Trusts no length: anything that is not a well-formed request reads
/// as fewer arguments, never past the end.
#pragma once

#include <cstddef>
#include <string_view>

namespace typedis::resp {

class request_args {
 public:
  explicit request_args(std::string_view request) noexcept : rest_(request) {
    std::size_t n = 0;
    if (!header('*', n)) rest_ = {};
    remaining_ = n;
  }

  /// The next argument; false at the end (or on malformed input).
  bool next(std::string_view& out) noexcept {
    std::size_t len = 0;
    if (remaining_ == 0 || !header('$', len) || rest_.size() < len + 2) {
      remaining_ = 0;
      return false;
    }
    out = rest_.substr(0, len);
    rest_.remove_prefix(len + 2);
    --remaining_;
    return true;
  }

  /// Skips n arguments; false when fewer were left.
  bool skip(std::size_t n) noexcept {
    std::string_view ignored;
    for (std::size_t i = 0; i < n; ++i) {
      if (!next(ignored)) return false;
    }
    return true;
  }

  std::size_t remaining() const noexcept { return remaining_; }

 private:
  /// "<marker><digits>\r\n"
  bool header(char marker, std::size_t& value) noexcept {
    if (rest_.empty() || rest_[0] != marker) return false;
    std::size_t i = 1;
    std::size_t v = 0;
    while (i < rest_.size() && rest_[i] >= '0' && rest_[i] <= '9' && i < 20) v = v * 10 + static_cast<std::size_t>(rest_[i++] - '0');
    if (i == 1 || i + 1 >= rest_.size() || rest_[i] != '\r' || rest_[i + 1] != '\n') return false;
    rest_.remove_prefix(i + 2);
    value = v;
    return true;
  }

  std::string_view rest_;
  std::size_t remaining_ = 0;
};

}  // namespace typedis::resp
