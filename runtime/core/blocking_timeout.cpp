#include "core/blocking_timeout.hpp"

#include "core/ascii.hpp"
#include "typedis/resp/request_args.hpp"

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
  std::size_t position;  // index: argument position after the name (1-based); from_end: 1 (the last)
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

std::optional<std::chrono::milliseconds> to_duration(std::string_view text, unit u) noexcept {
  double value = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || p != text.data() + text.size() || !(value >= 0) || value > 1e12) return std::nullopt;
  const double ms = u == unit::seconds ? value * 1000.0 : value;
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(ms)));
}

}  // namespace

std::optional<std::chrono::milliseconds> blocking_timeout(std::string_view request) noexcept {
  resp::request_args args(request);
  std::string_view name;
  if (!args.next(name)) return std::nullopt;
  const rule* found = nullptr;
  for (const rule& r : rules)
    if (iequals_ascii(r.name, name)) found = &r;
  if (found == nullptr) return std::nullopt;
  std::string_view arg;
  switch (found->at) {
    case where::index:
      if (!args.skip(found->position - 1) || !args.next(arg)) return std::nullopt;
      return to_duration(arg, found->in);
    case where::from_end: {  // the last argument
      std::string_view last;
      bool any = false;
      while (args.next(arg)) {
        last = arg;
        any = true;
      }
      return any ? to_duration(last, found->in) : std::nullopt;
    }
    case where::after_block:
      // BLOCK comes before STREAMS: stop there (a key may be called "BLOCK").
      while (args.next(arg) && !iequals_ascii(arg, "STREAMS")) {
        if (iequals_ascii(arg, "BLOCK")) return args.next(arg) ? to_duration(arg, found->in) : std::nullopt;
      }
      return std::nullopt;
  }
  return std::nullopt;
}

}  // namespace typedis::core
