/// @file
/// typedis::arg_range<T>: a non-owning, type-erased view of "one or more arguments of type T".
///
/// Generated builders take `arg_range<T>` for every `multiple` argument, so they are ordinary
/// functions compiled once into the library, yet accept any range whose elements convert to T:
///
///     r.del({"a", "b"});                          // std::initializer_list<T>
///     r.del(std::vector<std::string>{...});      // any forward or sized range
///     r.del("only-one");                          // a single value convertible to T
///     r.hset("h", {{"f1", "v1"}, {"f2", "v2"}});  // pairs / generated structs for repeated blocks
///
/// Like std::string_view it refers to the caller's data: use it in the call expression, never store it.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <ranges>
#include <string_view>
#include <type_traits>

namespace typedis {

namespace detail {
// A range whose elements convert to T (a concept, so that a non-range U short-circuits instead of
// failing substitution: a single int for arg_range<long long> used to match no constructor).
template <class U, class T>
concept range_of = std::ranges::input_range<const U> && std::is_convertible_v<std::ranges::range_reference_t<const U>, T>;
}  // namespace detail

template <class T>
class arg_range {
  // A floating-point element for an integer argument would be truncated silently (a
  // std::vector<double> of weights sent as integers): refused.
  template <class E>
  static constexpr bool lossy = std::is_integral_v<T> && std::is_floating_point_v<std::remove_cvref_t<E>>;

 public:
  using value_type = T;

  arg_range() noexcept = default;

  /// {{"a", "b"}} would otherwise be ONE string_view made from two unrelated pointers (its
  /// iterator-pair constructor), read out of bounds: refused at compile time; write {"a", "b"}.
  arg_range(std::initializer_list<std::initializer_list<const char*>>)
    requires std::is_convertible_v<T, std::string_view>
  = delete;

  arg_range(std::initializer_list<T> list) noexcept
      : object_(list.begin()), size_(list.size()), visit_(&visit_array) {}

  /// Any range whose elements convert to T. Its size must be known without consuming it (counts
  /// such as numkeys are written before the elements): sized or forward ranges.
  template <class R>
    requires(!std::is_same_v<std::remove_cvref_t<R>, arg_range> && std::ranges::input_range<const R> &&
             (std::ranges::sized_range<const R> || std::ranges::forward_range<const R>) &&
             std::is_convertible_v<std::ranges::range_reference_t<const R>, T> &&
             !lossy<std::ranges::range_reference_t<const R>>)
  arg_range(const R& range) noexcept(noexcept(std::ranges::distance(range)))  // NOLINT: implicit on purpose
      : object_(std::addressof(range)),
        size_(static_cast<std::size_t>(std::ranges::distance(range))),
        visit_(&visit_range<R>) {}

  /// A single value (r.del("k")).
  template <class U>
    requires(!std::is_same_v<std::remove_cvref_t<U>, arg_range> && std::is_convertible_v<const U&, T> && !lossy<U> &&
             !detail::range_of<U, T>)
  arg_range(const U& one) noexcept  // NOLINT: implicit on purpose
      : object_(std::addressof(one)), size_(1), visit_(&visit_one<U>) {}

  // Another arg_range whose elements convert to T (the runtime's arg_range<std::string_view> of
  // script keys for a builder's arg_range<typedis::string_arg>): refers to it, converting each element.
  template <class U>
    requires(!std::is_same_v<U, T> && std::is_convertible_v<const U&, T> && !lossy<U>)
  arg_range(const arg_range<U>& other) noexcept  // NOLINT: implicit on purpose
      : object_(std::addressof(other)), size_(other.size()), visit_(&visit_other<U>) {}

  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

  /// Calls f(const T&) for every element, in order.
  template <class F>
  void for_each(F&& f) const {
    if (size_ == 0) return;
    visit_(*this, &call<std::remove_reference_t<F>>, std::addressof(f));
  }

 private:
  using sink = void (*)(void* context, const T& value);
  using visitor = void (*)(const arg_range& self, sink s, void* context);

  template <class F>
  static void call(void* context, const T& value) {
    (*static_cast<F*>(context))(value);
  }

  static void visit_array(const arg_range& self, sink s, void* context) {
    const T* first = static_cast<const T*>(self.object_);
    for (std::size_t i = 0; i < self.size_; ++i) s(context, first[i]);
  }

  template <class R>
  static void visit_range(const arg_range& self, sink s, void* context) {
    for (auto&& element : *static_cast<const R*>(self.object_)) {
      if constexpr (std::is_same_v<std::remove_cvref_t<decltype(element)>, T>) {
        s(context, element);
      } else {
        const T converted(element);
        s(context, converted);
      }
    }
  }

  template <class U>
  static void visit_other(const arg_range& self, sink s, void* context) {
    static_cast<const arg_range<U>*>(self.object_)->for_each([&](const U& u) {
      const T converted(u);
      s(context, converted);
    });
  }

  template <class U>
  static void visit_one(const arg_range& self, sink s, void* context) {
    if constexpr (std::is_same_v<U, T>) {
      s(context, *static_cast<const T*>(self.object_));
    } else {
      const T converted(*static_cast<const U*>(self.object_));
      s(context, converted);
    }
  }

  const void* object_ = nullptr;
  std::size_t size_ = 0;
  visitor visit_ = nullptr;
};

}  // namespace typedis
