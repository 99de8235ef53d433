#include "core/slot.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <span>
#include <vector>

#include "core/ascii.hpp"
#include "typedis/resp/request_args.hpp"

namespace typedis::core {
namespace {

// CRC16-XMODEM (polynomial 0x1021, not reflected), 8 bytes per step ("slicing by 8"): tables[k][b]
// is the CRC of byte b followed by k zero bytes, so by linearity a block's CRC is the XOR of one
// lookup per byte, with the running CRC folded into the block's first two bytes. A key of a few
// dozen bytes is hashed for every routed command; byte by byte that cost ~9 instructions a byte.
using crc_tables = std::array<std::array<std::uint16_t, 256>, 8>;
constexpr crc_tables make_crc_tables() {
  crc_tables t{};
  for (unsigned i = 0; i < 256; ++i) {
    auto c = static_cast<std::uint16_t>(i << 8);
    for (int b = 0; b < 8; ++b) c = static_cast<std::uint16_t>((c & 0x8000) ? (c << 1) ^ 0x1021 : c << 1);
    t[0][i] = c;
  }
  for (std::size_t k = 1; k < 8; ++k)
    for (unsigned i = 0; i < 256; ++i) {
      const std::uint16_t prev = t[k - 1][i];
      t[k][i] = static_cast<std::uint16_t>((prev << 8) ^ t[0][prev >> 8]);
    }
  return t;
}
constexpr crc_tables crc_table = make_crc_tables();

// A request's arguments, at most `limit` of them: the first 16 kept inline, so that finding the key
// of a GET or SET (every routed command, every command of a cluster pipeline) does not allocate;
// longer requests spill.
class request_arg_list {
 public:
  request_arg_list(std::string_view request, std::size_t limit) {
    resp::request_args reader(request);
    for (std::string_view a; size_ < limit && reader.next(a);) {
      if (size_ < inline_.size()) {
        inline_[size_++] = a;
        continue;
      }
      if (spill_.empty()) spill_.assign(inline_.begin(), inline_.end());
      spill_.push_back(a);
      ++size_;
    }
  }
  std::span<const std::string_view> view() const noexcept {
    return spill_.empty() ? std::span<const std::string_view>(inline_.data(), size_) : std::span<const std::string_view>(spill_);
  }

 private:
  std::array<std::string_view, 16> inline_{};
  std::vector<std::string_view> spill_;
  std::size_t size_ = 0;
};

// How many leading arguments the specs of `info` look at: up to the last key when every spec names
// its keys by index (GET, SET, HSET, LMOVE: most commands), so that the values after the keys are
// not read; all of them when a spec counts from the end, searches a keyword or reads a key count.
// Fewer arguments than that in the request still fail a spec, as with all of them read.
std::size_t arguments_needed(const command_info& info) noexcept {
  std::size_t needed = 0;
  for (const key_spec& ks : info.keys) {
    if (ks.search != key_spec::kind::range || !ks.keyword.empty() || ks.first < 0 || ks.last < 0)
      return static_cast<std::size_t>(-1);
    needed = std::max(needed, static_cast<std::size_t>(std::max(ks.first, ks.last)) + 1);
  }
  return needed;
}

// Index of the first key of a spec in `args` (0 is the command name), or -1.
long first_key(const key_spec& ks, std::span<const std::string_view> args) {
  const long n = static_cast<long>(args.size());
  if (ks.keyword.empty()) return ks.first;
  if (ks.first >= 0) {
    for (long i = ks.first; i < n; ++i)
      if (iequals_ascii(args[static_cast<std::size_t>(i)], ks.keyword)) return i + 1;
  } else {  // search backwards from `first` counted from the end (MIGRATE ... KEYS k1 k2)
    for (long i = n + ks.first; i > 0; --i)
      if (iequals_ascii(args[static_cast<std::size_t>(i)], ks.keyword)) return i + 1;
  }
  return -1;
}

}  // namespace

std::uint16_t crc16(std::string_view bytes) noexcept {
  std::uint16_t crc = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  std::size_t n = bytes.size();
  for (; n >= 8; p += 8, n -= 8) {
    crc = static_cast<std::uint16_t>(crc_table[7][p[0] ^ (crc >> 8)] ^ crc_table[6][p[1] ^ (crc & 0xff)] ^
                                     crc_table[5][p[2]] ^ crc_table[4][p[3]] ^ crc_table[3][p[4]] ^
                                     crc_table[2][p[5]] ^ crc_table[1][p[6]] ^ crc_table[0][p[7]]);
  }
  for (; n > 0; ++p, --n) crc = static_cast<std::uint16_t>((crc << 8) ^ crc_table[0][((crc >> 8) ^ *p) & 0xff]);
  return crc;
}

std::uint16_t key_slot(std::string_view key) noexcept {
  const auto open = key.find('{');
  if (open != std::string_view::npos) {
    const auto close = key.find('}', open + 1);
    if (close != std::string_view::npos && close > open + 1) key = key.substr(open + 1, close - open - 1);
  }
  return static_cast<std::uint16_t>(crc16(key) % slot_count);
}

bool for_each_key(const command_info& info, std::string_view request,
                  detail::function_ref<void(std::string_view)> on_key) {
  if (info.keys.empty()) return true;
  // One key at a fixed index (GET, SET, INCR, HGET, LPUSH: most commands): walked to, not collected.
  if (info.keys.size() == 1) {
    const key_spec& ks = info.keys[0];
    if (ks.search == key_spec::kind::range && ks.keyword.empty() && ks.first > 0 && ks.first == ks.last) {
      resp::request_args reader(request);
      std::string_view key;
      if (!reader.skip(static_cast<std::size_t>(ks.first)) || !reader.next(key)) return false;
      on_key(key);
      return true;
    }
  }
  const request_arg_list list(request, arguments_needed(info));
  const std::span<const std::string_view> args = list.view();
  const long n = static_cast<long>(args.size());
  for (const key_spec& ks : info.keys) {
    const long start = first_key(ks, args);
    if (start < 0 || start > n) return false;
    if (ks.search == key_spec::kind::keynum) {
      // `first` holds the key count; the keys start key_offset after it.
      if (ks.first <= 0 || ks.first >= n) return false;
      long count = 0;
      const std::string_view text = args[static_cast<std::size_t>(ks.first)];
      const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
      if (ec != std::errc{} || p != text.data() + text.size() || count < 0) return false;
      const long from = ks.first + ks.key_offset;
      const long step = ks.step > 0 ? ks.step : 1;
      if (from + (count - 1) * step >= n && count > 0) return false;
      for (long i = 0; i < count; ++i) on_key(args[static_cast<std::size_t>(from + i * step)]);
      continue;
    }
    // range: `last` absolute when the start is an index and last >= 0; otherwise relative (for a
    // keyword start) or counted from the end (negative).
    long last = 0;
    if (ks.last < 0) {
      last = n + ks.last;
      if (ks.limit > 1) last = start + (last - start + 1) / ks.limit - 1;  // XREAD: keys, then as many ids
    } else {
      last = ks.keyword.empty() ? ks.last : start + ks.last;
    }
    if (last >= n) return false;
    const long step = ks.step > 0 ? ks.step : 1;
    for (long i = start; i <= last; i += step) on_key(args[static_cast<std::size_t>(i)]);
  }
  return true;
}

command_slot slot_of(const command_info& info, std::string_view request) {
  command_slot out;
  const bool ok = for_each_key(info, request, [&](std::string_view key) {
    const std::uint16_t s = key_slot(key);
    if (out.what == command_slot::kind::none) {
      out = {command_slot::kind::one, s};
    } else if (out.what == command_slot::kind::one && out.slot != s) {
      out.what = command_slot::kind::cross;
    }
  });
  if (!ok) out.what = command_slot::kind::unknown;
  return out;
}

}  // namespace typedis::core
