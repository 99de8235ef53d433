/// @file
/// Decoding replies into C++ types, straight from the parsed nodes (no generic tree).
///
/// Customisation point: specialise `typedis::decoder<T>` with
///     static void decode(resp::reply_cursor& cursor, T& out);
/// which must consume exactly one element from the cursor. The standard specialisations accept the
/// RESP2 and the RESP3 shape of the same data: a flat array or a map decode into a map, a bulk "1.5"
/// or a RESP3 double into a double, an array or a set into a set, and so on.
#pragma once

#include <charconv>
#include <chrono>
#include <concepts>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "typedis/error.hpp"
#include "typedis/resp/reply_cursor.hpp"
#include "typedis/resp/value.hpp"

namespace typedis {

template <class T, class Enable = void>
struct decoder;  // undefined: a type without a decoder does not compile

namespace detail {

[[noreturn]] void throw_mismatch(std::string_view expected, const resp::node& got, const resp::reply_cursor& cursor);
[[noreturn]] void throw_nested_error(const resp::node& got, const resp::reply_cursor& cursor);
[[noreturn]] void throw_out_of_range(std::string_view expected, std::string_view text);

/// Text of a string-like node (verbatim strings lose their "txt:" prefix); throws on others.
std::string_view string_text(const resp::node& n, const resp::reply_cursor& cursor, std::string_view expected);

/// Aggregate header: the node and the number of child elements.
inline const resp::node& aggregate(resp::reply_cursor& cursor, std::string_view expected) {
  const resp::node& n = cursor.next();
  if (!resp::is_aggregate(n.type) || n.type == resp::type::attribute) {
    if (resp::is_error(n.type)) throw_nested_error(n, cursor);
    throw_mismatch(expected, n, cursor);
  }
  return n;
}

bool parse_double(std::string_view text, double& out) noexcept;

template <class T>
inline constexpr bool is_pair_v = false;
template <class A, class B>
inline constexpr bool is_pair_v<std::pair<A, B>> = true;

}  // namespace detail

/// Decodes one element of the cursor into a new T.
template <class T>
T decode(resp::reply_cursor& cursor) {
  T out{};
  decoder<T>::decode(cursor, out);
  return out;
}

template <class T>
void decode_into(resp::reply_cursor& cursor, T& out) {
  decoder<T>::decode(cursor, out);
}

// ---- strings ------------------------------------------------------------------------------------

template <>
struct decoder<std::string> {
  /// Inline for the common case, a bulk string; every other shape goes to decode_other.
  static void decode(resp::reply_cursor& cursor, std::string& out) {
    const resp::node& n = cursor.next();
    if (n.type == resp::type::bulk_string) [[likely]] {
      if (std::string* owner = cursor.payload_owner(n)) [[unlikely]]
        return take_payload(*owner, cursor, out);
      out.assign(cursor.base() + n.offset, n.length);
      return;
    }
    decode_other(n, cursor, out);
  }
  static void decode_other(const resp::node& n, resp::reply_cursor& cursor, std::string& out);
  /// A large value already read into a string of its own: moved, not copied (no-op when `out` is
  /// that string).
  static void take_payload(std::string& owner, resp::reply_cursor& cursor, std::string& out);
};

// ---- integers: range-checked; RESP2 numbers in bulk strings are accepted ------------------------

template <class Int>
  requires(std::integral<Int> && !std::same_as<Int, bool> && !std::same_as<Int, char>)
struct decoder<Int> {
  static void decode(resp::reply_cursor& cursor, Int& out) {
    const resp::node& n = cursor.next();
    if (n.type == resp::type::integer) {
      if (!std::in_range<Int>(n.integer)) detail::throw_out_of_range(type_name(), std::to_string(n.integer));
      out = static_cast<Int>(n.integer);
      return;
    }
    if (n.type == resp::type::bulk_string || n.type == resp::type::simple_string || n.type == resp::type::big_number) {
      const std::string_view s = cursor.text(n);
      const char* first = s.data();
      const char* last = s.data() + s.size();
      if (first != last && *first == '+') ++first;
      const bool two_signs = first != s.data() && first != last && *first == '-';  // "+-5"
      Int v{};
      auto [p, ec] = std::from_chars(first, last, v);
      if (ec == std::errc::result_out_of_range && !two_signs) detail::throw_out_of_range(type_name(), s);
      if (ec != std::errc{} || p != last || s.empty() || two_signs) detail::throw_mismatch(type_name(), n, cursor);
      out = v;
      return;
    }
    if (resp::is_error(n.type)) detail::throw_nested_error(n, cursor);
    detail::throw_mismatch(type_name(), n, cursor);
  }
  static std::string_view type_name() { return std::is_signed_v<Int> ? "integer" : "unsigned integer"; }
};

// ---- double: RESP3 double, RESP2 bulk text, or an integer -------------------------------------

template <class Float>
  requires std::floating_point<Float>
struct decoder<Float> {
  static void decode(resp::reply_cursor& cursor, Float& out) {
    const resp::node& n = cursor.next();
    if (n.type == resp::type::integer) {
      out = static_cast<Float>(n.integer);
      return;
    }
    if (n.type == resp::type::double_type || n.type == resp::type::bulk_string ||
        n.type == resp::type::simple_string || n.type == resp::type::big_number) {
      double d = 0;
      if (!detail::parse_double(cursor.text(n), d)) detail::throw_mismatch("double", n, cursor);
      out = static_cast<Float>(d);
      return;
    }
    if (resp::is_error(n.type)) detail::throw_nested_error(n, cursor);
    detail::throw_mismatch("double", n, cursor);
  }
};

// ---- bool: RESP3 boolean, or the integer 0/1 that RESP2 (and many commands) answer -------------

template <>
struct decoder<bool> {
  static void decode(resp::reply_cursor& cursor, bool& out);
};

// ---- optional: null is nullopt -----------------------------------------------------------------

template <class T>
struct decoder<std::optional<T>> {
  static void decode(resp::reply_cursor& cursor, std::optional<T>& out) {
    const resp::node& n = cursor.peek();
    if (n.type == resp::type::null) {
      cursor.advance();
      out.reset();
      return;
    }
    if constexpr (std::is_same_v<T, std::string>) {
      // The common GET reply: the string is constructed from the bytes in place, not assigned.
      if (n.type == resp::type::bulk_string && !out && cursor.payload_owner(n) == nullptr) {
        cursor.advance();
        out.emplace(cursor.base() + n.offset, n.length);
        return;
      }
      if (out) return decoder<T>::decode(cursor, *out);  // keeps the string's capacity
    }
    out.emplace();
    decoder<T>::decode(cursor, *out);
  }
};

// ---- sequences ------------------------------------------------------------------------------------

namespace detail {

/// Elements of a sequence of pairs: an array of 2-element arrays (RESP3), a flat array of
/// alternating items (RESP2), or a map.
template <class Pair, class Sink>
void decode_pairs(resp::reply_cursor& cursor, std::string_view expected, Sink&& sink) {
  const resp::node& head = aggregate(cursor, expected);
  std::size_t count = head.size;
  const bool nested = head.type != resp::type::map && count > 0 && resp::is_aggregate(cursor.peek().type);
  if (nested) {
    for (std::size_t i = 0; i < count; ++i) {
      const resp::node& inner = aggregate(cursor, "pair (array of 2)");
      if (inner.size != 2) throw_mismatch("pair (array of 2)", inner, cursor);
      Pair p{};
      decoder<typename Pair::first_type>::decode(cursor, p.first);
      decoder<typename Pair::second_type>::decode(cursor, p.second);
      sink(std::move(p));
    }
    return;
  }
  if (count % 2 != 0) throw_mismatch(expected, head, cursor);
  for (std::size_t i = 0; i < count; i += 2) {
    Pair p{};
    decoder<typename Pair::first_type>::decode(cursor, p.first);
    decoder<typename Pair::second_type>::decode(cursor, p.second);
    sink(std::move(p));
  }
}

}  // namespace detail

template <class T, class Alloc>
struct decoder<std::vector<T, Alloc>> {
  static void decode(resp::reply_cursor& cursor, std::vector<T, Alloc>& out) {
    out.clear();
    if constexpr (detail::is_pair_v<T>) {
      detail::decode_pairs<T>(cursor, "array of pairs", [&](T&& p) { out.push_back(std::move(p)); });
    } else {
      const resp::node& head = detail::aggregate(cursor, "array");
      out.reserve(head.size);
      for (std::size_t i = 0; i < head.size; ++i) decoder<T>::decode(cursor, out.emplace_back());
    }
  }
};

namespace detail {
template <class Set>
void decode_set(resp::reply_cursor& cursor, Set& out) {
  out.clear();
  const resp::node& head = aggregate(cursor, "set");
  for (std::size_t i = 0; i < head.size; ++i) {
    typename Set::value_type v{};
    decoder<typename Set::value_type>::decode(cursor, v);
    out.insert(std::move(v));
  }
}
template <class Map>
void decode_map(resp::reply_cursor& cursor, Map& out) {
  out.clear();
  using pair_type = std::pair<typename Map::key_type, typename Map::mapped_type>;
  decode_pairs<pair_type>(cursor, "map", [&](pair_type&& p) { out.insert_or_assign(std::move(p.first), std::move(p.second)); });
}
}  // namespace detail

template <class T, class C, class A>
struct decoder<std::set<T, C, A>> {
  static void decode(resp::reply_cursor& cursor, std::set<T, C, A>& out) { detail::decode_set(cursor, out); }
};
template <class T, class H, class E, class A>
struct decoder<std::unordered_set<T, H, E, A>> {
  static void decode(resp::reply_cursor& cursor, std::unordered_set<T, H, E, A>& out) { detail::decode_set(cursor, out); }
};
template <class K, class V, class C, class A>
struct decoder<std::map<K, V, C, A>> {
  static void decode(resp::reply_cursor& cursor, std::map<K, V, C, A>& out) { detail::decode_map(cursor, out); }
};
template <class K, class V, class H, class E, class A>
struct decoder<std::unordered_map<K, V, H, E, A>> {
  static void decode(resp::reply_cursor& cursor, std::unordered_map<K, V, H, E, A>& out) {
    detail::decode_map(cursor, out);
  }
};

// ---- pair and tuple: an aggregate of exactly that many elements ---------------------------------

template <class... Ts>
struct decoder<std::tuple<Ts...>> {
  static void decode(resp::reply_cursor& cursor, std::tuple<Ts...>& out) {
    const resp::node& head = detail::aggregate(cursor, "tuple");
    if (head.size != sizeof...(Ts)) detail::throw_mismatch(expected(), head, cursor);
    std::apply([&](auto&... e) { (decoder<std::remove_cvref_t<decltype(e)>>::decode(cursor, e), ...); }, out);
  }
  static std::string expected() { return "tuple of " + std::to_string(sizeof...(Ts)); }
};

template <class A, class B>
struct decoder<std::pair<A, B>> {
  static void decode(resp::reply_cursor& cursor, std::pair<A, B>& out) {
    const resp::node& head = detail::aggregate(cursor, "pair (array of 2)");
    if (head.size != 2) detail::throw_mismatch("pair (array of 2)", head, cursor);
    decoder<A>::decode(cursor, out.first);
    decoder<B>::decode(cursor, out.second);
  }
};

// ---- variant: the first alternative that decodes ----------------------------------------------

template <class... Ts>
struct decoder<std::variant<Ts...>> {
  static void decode(resp::reply_cursor& cursor, std::variant<Ts...>& out) {
    const std::size_t start = cursor.position();
    if (!(try_one<Ts>(cursor, start, out) || ...)) {
      const resp::node& n = cursor.peek();
      if (resp::is_error(n.type)) detail::throw_nested_error(n, cursor);
      detail::throw_mismatch("one of the variant's alternatives", n, cursor);
    }
  }

 private:
  template <class T>
  static bool try_one(resp::reply_cursor& cursor, std::size_t start, std::variant<Ts...>& out) {
    try {
      T v{};
      decoder<T>::decode(cursor, v);
      out = std::move(v);
      return true;
    } catch (const decode_error&) {
      cursor.rewind(start);
      return false;
    }
  }
};

// ---- generic value, and "don't care" ----------------------------------------------------------------

template <>
struct decoder<resp::value> {
  static void decode(resp::reply_cursor& cursor, resp::value& out) { out = resp::value::read(cursor); }
};

/// Skips one element of any shape (e.g. the "OK" of a command whose answer carries no information).
struct ignore_t {
  friend bool operator==(ignore_t, ignore_t) = default;
};
inline constexpr ignore_t ignore{};

template <>
struct decoder<ignore_t> {
  static void decode(resp::reply_cursor& cursor, ignore_t&);
};

// ---- durations: integer replies in the duration's own unit (TTL in seconds, PTTL in ms) ----------

template <class Rep, class Period>
struct decoder<std::chrono::duration<Rep, Period>> {
  static void decode(resp::reply_cursor& cursor, std::chrono::duration<Rep, Period>& out) {
    Rep r{};
    decoder<Rep>::decode(cursor, r);
    out = std::chrono::duration<Rep, Period>(r);
  }
};

}  // namespace typedis
