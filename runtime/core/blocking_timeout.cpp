#include "core/blocking_timeout.hpp"

#include "core/ascii.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>

namespace typedis::core {
namespace {

enum class unit { seconds, milliseconds };
enum class where { index, from_end, after_block };

struct rule {
  std::string_view name;
  where at;
  std::size_t position;  // index: argument position after the name (1-based); from_end: 1 = last
  unit in;
};

// One line per command the spec flags `blocking`.
constexpr std::array<rule, 13> rules{{
    {"BLPOP", where::from_end, 1, unit::seconds},
    {"BRPOP", where::from_end, 1, unit::seconds},
    {"BRPOPLPUSH", where::index, 3, unit::seconds},
    {"BLMOVE", where::index, 5, unit::seconds},
    {"BLMOVEM", where::index, 5, unit::seconds},
    {"BLMPOP", where::index, 1, unit::seconds},
    {"BZPOPMIN", where::from_end, 1, unit::seconds},
    {"BZPOPMAX", where::from_end, 1, unit::seconds},
    {"BZMPOP", where::index, 1, unit::seconds},
    {"WAIT", where::index, 2, unit::milliseconds},
    {"WAITAOF", where::index, 3, unit::milliseconds},
    {"XREAD", where::after_block, 0, unit::milliseconds},
    {"XREADGROUP", where::after_block, 0, unit::milliseconds},
}};

// Reads "<prefix><digits>\r\n" at `pos`.
bool read_length(std::string_view s, std::size_t& pos, char prefix, std::size_t& out) noexcept {
  if (pos >= s.size() || s[pos] != prefix) return false;
  const char* begin = s.data() + pos + 1;
  const char* end = s.data() + s.size();
  const auto [p, ec] = std::from_chars(begin, end, out);
  if (ec != std::errc{} || p + 2 > end || p[0] != '\r' || p[1] != '\n') return false;
  pos = static_cast<std::size_t>(p + 2 - s.data());
  return true;
}

// The arguments of a request we encoded ourselves; at most `max` of them (blocking commands have
// few fixed arguments, and a long key list only matters for from_end, handled by keeping the tail).
struct arguments {
  static constexpr std::size_t max = 64;
  std::array<std::string_view, max> items{};
  std::size_t count = 0;  // total in the request
  std::string_view at(std::size_t i) const noexcept { return i < max ? items[i] : std::string_view{}; }
};

bool split(std::string_view request, arguments& out, std::string_view& last) noexcept {
  std::size_t pos = 0, n = 0;
  if (!read_length(request, pos, '*', n) || n == 0) return false;
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t len = 0;
    if (!read_length(request, pos, '$', len) || pos + len + 2 > request.size()) return false;
    const std::string_view arg = request.substr(pos, len);
    if (i < arguments::max) out.items[i] = arg;
    last = arg;
    pos += len + 2;
  }
  out.count = n;
  return true;
}

std::optional<std::chrono::milliseconds> to_duration(std::string_view text, unit u) noexcept {
  double value = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || p != text.data() + text.size() || !(value >= 0) || value > 1e12) return std::nullopt;
  const double ms = u == unit::seconds ? value * 1000.0 : value;
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(ms)));
}

}  // namespace

std::optional<std::chrono::milliseconds> blocking_timeout(std::string_view request) noexcept {
  arguments args;
  std::string_view last;
  if (!split(request, args, last)) return std::nullopt;
  const std::string_view name = args.at(0);
  for (const rule& r : rules) {
    if (!iequals_ascii(r.name, name)) continue;
    switch (r.at) {
      case where::from_end:
        return r.position == 1 ? to_duration(last, r.in) : std::nullopt;
      case where::index:
        return r.position < args.count ? to_duration(args.at(r.position), r.in) : std::nullopt;
      case where::after_block:
        // BLOCK comes before STREAMS: stop there (a key may be called "BLOCK").
        for (std::size_t i = 1; i + 1 < args.count && i + 1 < arguments::max; ++i) {
          if (iequals_ascii(args.at(i), "STREAMS")) break;
          if (iequals_ascii(args.at(i), "BLOCK")) return to_duration(args.at(i + 1), r.in);
        }
        return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace typedis::core
