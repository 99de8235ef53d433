/// @file
/// Encoding C++ values as command arguments (bulk strings).
///
/// Customisation point: specialise `typedis::encoder<T>` with
///     static void encode(resp::writer& w, const T& value);
/// which appends one or more arguments (w.bulk(...), w.integer(...), or typedis::encode for parts).
///
/// Built in: strings and string views, byte spans, every integer type, float/double in the shortest
/// text that reads back to the same value, bool as 1/0, std::chrono durations and time points, and
/// ranges, pairs and tuples of these (one argument per element).
#pragma once

#include <charconv>
#include <chrono>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "typedis/resp/writer.hpp"

namespace typedis {

template <class T, class Enable = void>
struct encoder;  // undefined: a type without an encoder does not compile

template <class T>
concept encodable = requires(resp::writer& w, const T& v) { encoder<std::remove_cvref_t<T>>::encode(w, v); };

template <class T>
void encode(resp::writer& w, const T& v) {
  encoder<std::remove_cvref_t<T>>::encode(w, v);
}

// ---- strings and bytes ------------------------------------------------------------------------------

template <class T>
  requires std::convertible_to<const T&, std::string_view>
struct encoder<T> {
  static void encode(resp::writer& w, const T& v) { w.bulk(std::string_view(v)); }
};

template <class T>
concept byte_like = std::same_as<std::remove_cv_t<T>, std::byte> || std::same_as<std::remove_cv_t<T>, unsigned char>;

/// Any contiguous range of bytes (std::span<const std::byte>, std::vector<unsigned char>, ...) is
/// one binary-safe argument.
template <class R>
  requires(std::ranges::contiguous_range<R> && std::ranges::sized_range<R> && byte_like<std::ranges::range_value_t<R>>)
struct encoder<R> {
  static void encode(resp::writer& w, const R& v) {
    w.bulk(std::string_view(reinterpret_cast<const char*>(std::ranges::data(v)), std::ranges::size(v)));
  }
};

// ---- numbers ---------------------------------------------------------------------------------------

template <class Int>
  requires(std::integral<Int> && !std::same_as<Int, bool> && !std::same_as<Int, char>)
struct encoder<Int> {
  static void encode(resp::writer& w, Int v) { w.integer(v); }
};

template <>
struct encoder<bool> {
  static void encode(resp::writer& w, bool v) { w.bulk(v ? "1" : "0"); }
};

namespace detail {
/// Shortest round-trip text; infinities as Redis spells them.
void encode_double(resp::writer& w, double v);
}  // namespace detail

template <class Float>
  requires std::floating_point<Float>
struct encoder<Float> {
  static void encode(resp::writer& w, Float v) {
    if constexpr (std::same_as<Float, float>) {
      // shortest form of the float itself, not of its widened double (0.1f, not 0.100000001...)
      char buf[32];
      if (v == std::numeric_limits<float>::infinity() || v == -std::numeric_limits<float>::infinity()) {
        detail::encode_double(w, static_cast<double>(v));
        return;
      }
      auto end = std::to_chars(buf, buf + sizeof buf, v).ptr;
      w.bulk(std::string_view(buf, static_cast<std::size_t>(end - buf)));
    } else {
      detail::encode_double(w, static_cast<double>(v));
    }
  }
};

// ---- time ------------------------------------------------------------------------------------------
// Redis counts time in seconds or milliseconds. A duration or time point in exactly one of those is
// sent as is; a coarser unit (minutes, hours) is converted to seconds, a finer one (micro-, nanoseconds)
// to milliseconds, rounding toward zero. Generated commands convert to the unit the argument expects.

namespace detail {
template <class Period>
using redis_unit = std::conditional_t<std::ratio_greater_equal_v<Period, std::ratio<1>>, std::chrono::seconds,
                                      std::chrono::milliseconds>;
}

template <class Rep, class Period>
struct encoder<std::chrono::duration<Rep, Period>> {
  static void encode(resp::writer& w, const std::chrono::duration<Rep, Period>& d) {
    if constexpr (std::is_floating_point_v<Rep> && (std::is_same_v<Period, std::ratio<1>>)) {
      encoder<Rep>::encode(w, d.count());  // fractional seconds (BLPOP timeouts)
    } else {
      w.integer(std::chrono::duration_cast<detail::redis_unit<Period>>(d).count());
    }
  }
};

template <class Clock, class Duration>
struct encoder<std::chrono::time_point<Clock, Duration>> {
  static void encode(resp::writer& w, const std::chrono::time_point<Clock, Duration>& t) {
    using unit = detail::redis_unit<typename Duration::period>;
    w.integer(std::chrono::duration_cast<unit>(t.time_since_epoch()).count());
  }
};

// ---- ranges, pairs, tuples: one argument per element -----------------------------------------

template <class R>
  requires(std::ranges::input_range<R> && !std::convertible_to<const R&, std::string_view> &&
           !byte_like<std::ranges::range_value_t<R>> && encodable<std::ranges::range_value_t<R>>)
struct encoder<R> {
  static void encode(resp::writer& w, const R& r) {
    for (const auto& e : r) typedis::encode(w, e);
  }
};

template <class A, class B>
struct encoder<std::pair<A, B>> {
  static void encode(resp::writer& w, const std::pair<A, B>& p) {
    typedis::encode(w, p.first);
    typedis::encode(w, p.second);
  }
};

template <class... Ts>
struct encoder<std::tuple<Ts...>> {
  static void encode(resp::writer& w, const std::tuple<Ts...>& t) {
    std::apply([&](const auto&... e) { (typedis::encode(w, e), ...); }, t);
  }
};

}  // namespace typedis
