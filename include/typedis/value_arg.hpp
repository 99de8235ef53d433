// typedis::value_arg: the parameter type of a generated command's value (`string`) arguments:
// SET's value, HSET's fields and values, SADD's members, ZRANGE's bounds, SCAN's cursor, ...
//
// Text is referred to, like std::string_view (pass it in the call, do not keep it). A number is
// written as Redis reads it: an integer in decimal (`r.set("n", 0)` sends "0"), a floating-point
// value in the shortest text that reads back to the same value (`3.14` sends "3.14", infinities
// "+inf"/"-inf"), held in the value_arg itself. A null pointer constant does not compile (it used to
// become a null `const char*`), nor do bool and char (1/0 or a character code would be a guess); a
// null `const char*` that only turns up at run time throws std::invalid_argument.
#pragma once

#include <concepts>
#include <cstddef>
#include <string_view>
#include <type_traits>

#include "typedis/string_arg.hpp"

namespace typedis {

class value_arg {
 public:
  constexpr value_arg() noexcept = default;
  constexpr value_arg(std::string_view text) noexcept : text_(text.data()), size_(text.size()) {}  // NOLINT
  constexpr value_arg(string_arg text) noexcept : text_(text.data()), size_(text.size()) {}      // NOLINT
  constexpr value_arg(const char* text) : value_arg(string_arg(text)) {}                         // NOLINT

  template <class T>
    requires(!std::is_same_v<std::remove_cvref_t<T>, value_arg> && !std::is_same_v<std::remove_cvref_t<T>, string_arg> &&
             !std::is_convertible_v<const T&, const char*> && std::is_convertible_v<const T&, std::string_view>)
  constexpr value_arg(const T& text) noexcept(noexcept(std::string_view(text)))  // NOLINT: implicit
      : value_arg(std::string_view(text)) {}

  template <class I>
    requires(std::integral<I> && !std::same_as<I, bool> && !std::same_as<I, char> && !std::same_as<I, wchar_t> &&
             !std::same_as<I, char8_t> && !std::same_as<I, char16_t> && !std::same_as<I, char32_t>)
  value_arg(I number) noexcept {  // NOLINT: implicit on purpose
    if constexpr (std::is_signed_v<I>) {
      set_signed(static_cast<long long>(number));
    } else {
      set_unsigned(static_cast<unsigned long long>(number));
    }
  }
  value_arg(double number) noexcept { set_double(number); }  // NOLINT: implicit on purpose
  value_arg(float number) noexcept { set_float(number); }    // NOLINT: implicit on purpose
  value_arg(long double) = delete;                           // no shortest form that Redis reads back

  value_arg(std::nullptr_t) = delete;
  value_arg(bool) = delete;
  value_arg(char) = delete;

  value_arg(const value_arg& other) noexcept { *this = other; }
  value_arg& operator=(const value_arg& other) noexcept {
    size_ = other.size_;
    if (other.text_ != nullptr) {
      text_ = other.text_;
    } else {
      text_ = nullptr;
      for (std::size_t i = 0; i < size_; ++i) number_[i] = other.number_[i];
    }
    return *this;
  }

  // The argument as sent.
  constexpr std::string_view view() const noexcept {
    return text_ != nullptr ? std::string_view(text_, size_) : std::string_view(number_, size_);
  }
  constexpr operator std::string_view() const noexcept { return view(); }  // NOLINT: implicit

  friend bool operator==(const value_arg& a, const value_arg& b) noexcept { return a.view() == b.view(); }

 private:
  void set_signed(long long v) noexcept;
  void set_unsigned(unsigned long long v) noexcept;
  void set_double(double v) noexcept;
  void set_float(float v) noexcept;

  const char* text_ = "";  // nullptr: the text is in number_
  std::size_t size_ = 0;
  char number_[32] = {};
};

}  // namespace typedis
