#include "core/redirect.hpp"

#include <charconv>

namespace typedis {
namespace {

template <class T>
bool parse_number(std::string_view text, T max, T& out) {
  if (text.empty() || text.size() > 5) return false;
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value > max) return false;
  out = static_cast<T>(value);
  return true;
}

}  // namespace

std::optional<redirect> parse_redirect(std::string_view text) {
  redirect r;
  if (text.starts_with("MOVED ")) {
    r.type = redirect::kind::moved;
    text.remove_prefix(6);
  } else if (text.starts_with("ASK ")) {
    r.type = redirect::kind::ask;
    text.remove_prefix(4);
  } else {
    return std::nullopt;
  }
  const std::size_t space = text.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  if (!parse_number<std::uint16_t>(text.substr(0, space), 16383, r.slot)) return std::nullopt;
  std::string_view address = text.substr(space + 1);
  if (address.find(' ') != std::string_view::npos) return std::nullopt;
  const std::size_t colon = address.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  if (!parse_number<std::uint16_t>(address.substr(colon + 1), 65535, r.port) || r.port == 0) return std::nullopt;
  std::string_view host = address.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  r.host = std::string(host);
  return r;
}

}  // namespace typedis
