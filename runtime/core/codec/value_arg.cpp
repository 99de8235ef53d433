#include "typedis/value_arg.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace typedis {

namespace detail {
void throw_null_string_argument() {
  throw std::invalid_argument("typedis: a null const char* was passed as a string argument");
}
}  // namespace detail

void value_arg::set_signed(long long v) noexcept {
  text_ = nullptr;
  size_ = static_cast<std::size_t>(std::to_chars(number_, number_ + sizeof number_, v).ptr - number_);
}

void value_arg::set_unsigned(unsigned long long v) noexcept {
  text_ = nullptr;
  size_ = static_cast<std::size_t>(std::to_chars(number_, number_ + sizeof number_, v).ptr - number_);
}

void value_arg::set_double(double v) noexcept {
  text_ = nullptr;
  if (std::isinf(v)) {  // as Redis spells them
    const std::string_view s = v > 0 ? "+inf" : "-inf";
    s.copy(number_, s.size());
    size_ = s.size();
    return;
  }
  size_ = static_cast<std::size_t>(std::to_chars(number_, number_ + sizeof number_, v).ptr - number_);
}

void value_arg::set_float(float v) noexcept {
  if (std::isinf(v)) {
    set_double(static_cast<double>(v));
    return;
  }
  text_ = nullptr;  // the float's own shortest form, not its widened double's (0.1f is "0.1")
  size_ = static_cast<std::size_t>(std::to_chars(number_, number_ + sizeof number_, v).ptr - number_);
}

}  // namespace typedis
