// typedis::string_arg: the parameter type of a generated command's key and pattern arguments.
//
// It is a std::string_view that refuses what std::string_view silently accepts and then crashes on:
// a null pointer constant (`r.get(0)`, `r.get(nullptr)`, `r.get(NULL)` do not compile) and a
// character or number (a key is text: `r.get(42)` does not compile). A null `const char*` that only
// turns up at run time throws std::invalid_argument instead of reading address 0.
// Value arguments, which may be numbers, take typedis::value_arg instead.
#pragma once

#include <concepts>
#include <cstddef>
#include <string_view>
#include <type_traits>

namespace typedis {

namespace detail {
[[noreturn]] void throw_null_string_argument();
}  // namespace detail

class string_arg : public std::string_view {
 public:
  constexpr string_arg() noexcept = default;
  constexpr string_arg(std::string_view text) noexcept : std::string_view(text) {}  // NOLINT: implicit
  constexpr string_arg(const char* text)  // NOLINT: implicit on purpose
      : std::string_view(text != nullptr ? std::string_view(text) : (detail::throw_null_string_argument(), std::string_view())) {}

  // Anything else that converts to std::string_view (std::string, user string types).
  template <class T>
    requires(!std::is_same_v<std::remove_cvref_t<T>, string_arg> && !std::is_convertible_v<const T&, const char*> &&
             std::is_convertible_v<const T&, std::string_view>)
  constexpr string_arg(const T& text) noexcept(noexcept(std::string_view(text)))  // NOLINT: implicit
      : std::string_view(text) {}

  // `0`, `NULL`, `nullptr`, a char or a number: not text.
  string_arg(std::nullptr_t) = delete;
  template <class N>
    requires(std::is_arithmetic_v<N>)
  string_arg(N) = delete;
};

}  // namespace typedis
