/// @file
/// typedis::vectorset::query: what VSIM searches around: a vector (FP32 blob or VALUES, see
/// vector.hpp) or an element of the set (ELE name).
///
///   r.vsim("vs", std::vector<float>{0.1f, 0.2f});                       // FP32 blob
///   r.vsim("vs", typedis::vectorset::vector::values({0.1, 0.2}));       // VALUES 2 0.1 0.2
///   r.vsim("vs", typedis::vectorset::element{"apple"});                 // ELE apple
#pragma once

#include <initializer_list>
#include <span>
#include <type_traits>
#include <utility>
#include <variant>

#include "typedis/codec/encode.hpp"
#include "typedis/vectorset/element.hpp"
#include "typedis/vectorset/vector.hpp"

namespace typedis::vectorset {

struct query {  // struct: <group>_decl.hpp declares it so (clang -Wmismatched-tags)
 public:
  query(vector v) : what_(std::move(v)) {}       // NOLINT: implicit, a vector is a query
  query(element e) : what_(std::move(e)) {}      // NOLINT: implicit, so is an element
  /// The float forms of vector, so that one conversion is enough at the call site.
  query(std::initializer_list<float> components) : what_(vector(components)) {}
  template <float_range R>
  query(const R& components) : what_(vector(components)) {}  // NOLINT: implicit, see above

  const vector* as_vector() const noexcept { return std::get_if<vector>(&what_); }
  const element* as_element() const noexcept { return std::get_if<element>(&what_); }

 private:
  std::variant<vector, element> what_;
};

}  // namespace typedis::vectorset

template <>
struct typedis::encoder<typedis::vectorset::query> {
  static void encode(resp::writer& w, const typedis::vectorset::query& q);
};
