#include "typedis/vectorset/vector.hpp"

#include <bit>
#include <cstdint>
#include <limits>

namespace typedis::vectorset {

vector::vector(std::span<const float> components) {
  static_assert(sizeof(float) == 4 && std::numeric_limits<float>::is_iec559, "FP32 needs IEEE-754 binary32 floats");
  // Little-endian whatever the host's byte order: the server reads the blob as little-endian.
  blob_.resize(components.size() * 4);
  std::size_t at = 0;
  for (float f : components) {
    const auto bits = std::bit_cast<std::uint32_t>(f);
    for (int shift = 0; shift < 32; shift += 8) blob_[at++] = static_cast<char>((bits >> shift) & 0xffu);
  }
}

vector vector::values(std::span<const double> components) {
  vector v;
  v.values_.assign(components.begin(), components.end());
  v.values_form_ = true;
  return v;
}

vector vector::fp32(std::string_view blob) {
  vector v;
  v.blob_.assign(blob);
  return v;
}

}  // namespace typedis::vectorset

void typedis::encoder<typedis::vectorset::vector>::encode(resp::writer& w, const typedis::vectorset::vector& v) {
  if (v.is_fp32()) {
    w.bulk("FP32");
    w.bulk(v.blob());
    return;
  }
  w.bulk("VALUES");
  w.integer(v.components().size());
  for (double d : v.components()) typedis::encode(w, d);
}
