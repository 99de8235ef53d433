// The keys the end-to-end benchmarks use: "<prefix>0000", "<prefix>0001", ... (four digits, so that
// every key of a run has the same length and every request the same size).
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

inline std::vector<std::string> numbered_keys(std::string_view prefix, std::size_t count) {
  std::vector<std::string> keys;
  keys.reserve(count);
  char digits[24];
  for (std::size_t i = 0; i < count; ++i) {
    std::snprintf(digits, sizeof digits, "%04zu", i);
    keys.emplace_back(std::string(prefix) + digits);
  }
  return keys;
}

}  // namespace bench
