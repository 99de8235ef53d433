/// @file
/// Vectors as the binary blobs RediSearch expects in PARAMS (a KNN query's $vec) and in HASH
/// fields of VECTOR type: the elements' IEEE-754 bytes, little-endian, back to back.
///
///   const float q[] = {0.1f, 0.2f, 0.3f, 0.4f};
///   r.ft_search("idx", "*=>[KNN 3 @emb $vec AS dist]",
///               {.params = {{"vec", typedis::search::vector_blob(q)}}, .dialect = 2});
///
/// FLOAT32 fields take vector_blob(std::span<const float>), FLOAT64 fields
/// vector_blob(std::span<const double>). The byte order does not depend on the host's.
#pragma once

#include <bit>
#include <cstdint>
#include <span>
#include <string>

namespace typedis::search {

namespace detail {
template <class Bits, class Float>
std::string little_endian_blob(std::span<const Float> v) {
  std::string out;
  out.reserve(v.size() * sizeof(Bits));
  for (Float f : v) {
    const Bits bits = std::bit_cast<Bits>(f);
    for (std::size_t i = 0; i < sizeof(Bits); ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xFF));
  }
  return out;
}
}  // namespace detail

/// FLOAT32 blob: 4 bytes per element.
inline std::string vector_blob(std::span<const float> v) { return detail::little_endian_blob<std::uint32_t>(v); }
/// FLOAT64 blob: 8 bytes per element.
inline std::string vector_blob(std::span<const double> v) { return detail::little_endian_blob<std::uint64_t>(v); }

}  // namespace typedis::search
