/// @file
/// typedis::vectorset::vector: the vector of VADD (and of a VSIM query), in one of the two forms the
/// server accepts:
/// - `vector{floats}` -> `FP32 <blob>`: the floats as little-endian IEEE-754 binary32, one argument
///   (compact, exact for float data);
/// - `vector::values(doubles)` -> `VALUES <n> <v1> ... <vn>`: one text argument per component;
/// - `vector::fp32(blob)` -> `FP32 <blob>` for a blob that is already in that layout.
/// It owns its words (the blob or the numbers), so a vector can be built once and stored.
#pragma once

#include <concepts>
#include <cstddef>
#include <initializer_list>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "typedis/codec/encode.hpp"

namespace typedis::vectorset {

/// A contiguous range of floats (std::vector<float>, std::array<float, N>, float[N], spans).
template <class R>
concept float_range = std::ranges::contiguous_range<R> && std::ranges::sized_range<R> &&
                      std::same_as<std::remove_cv_t<std::ranges::range_value_t<R>>, float>;

struct vector {  // struct: <group>_decl.hpp declares it so (clang -Wmismatched-tags)
 public:
  /// FP32 blob of the floats.
  vector(std::span<const float> components);  ///< NOLINT: implicit, a vector of floats is a vector
  vector(std::initializer_list<float> components) : vector(std::span<const float>(components.begin(), components.size())) {}
  template <float_range R>
    requires(!std::same_as<std::remove_cvref_t<R>, std::span<const float>>)
  vector(const R& components)  // NOLINT: implicit, see above
      : vector(std::span<const float>(std::ranges::data(components), std::ranges::size(components))) {}

  /// VALUES n v1 ... vn (the numbers are sent as their shortest round-trip text).
  static vector values(std::span<const double> components);
  static vector values(std::initializer_list<double> components) {
    return values(std::span<const double>(components.begin(), components.size()));
  }
  /// FP32 with a blob already in little-endian binary32 layout (e.g. VEMB RAW of an fp32 set).
  static vector fp32(std::string_view blob);

  bool is_fp32() const noexcept { return !values_form_; }
  std::string_view blob() const noexcept { return blob_; }                       // FP32 form
  std::span<const double> components() const noexcept { return values_; }        // VALUES form
  /// Number of components (blob size / 4 in the FP32 form).
  std::size_t dimension() const noexcept { return values_form_ ? values_.size() : blob_.size() / 4; }

 private:
  vector() = default;
  std::string blob_;
  std::vector<double> values_;
  bool values_form_ = false;
};

}  // namespace typedis::vectorset

template <>
struct typedis::encoder<typedis::vectorset::vector> {
  static void encode(resp::writer& w, const typedis::vectorset::vector& v);
};
