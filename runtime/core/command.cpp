#include "typedis/command.hpp"

#include <charconv>

namespace typedis::detail {

std::string_view first_argument(std::string_view request) noexcept {
  // "*N\r\n$L\r\nNAME\r\n..."
  std::size_t p = request.find("\r\n");
  if (p == std::string_view::npos) return {};
  std::size_t q = request.find("\r\n", p + 2);
  if (q == std::string_view::npos) return {};
  std::size_t len = 0;
  std::string_view digits = request.substr(p + 3, q - p - 3);
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), len);
  if (ec != std::errc{} || q + 2 + len > request.size()) return {};
  return request.substr(q + 2, len);
}

}  // namespace typedis::detail
