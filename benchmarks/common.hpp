// Shared by the benchmark binaries: the in-memory reply buffers, the typedis and hiredis parse loops,
// and small helpers (command-line flags, CPU time, JSON output). Benchmarks only: nothing here is API.
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

extern "C" {
#include <hiredis/hiredis.h>
#include <hiredis/read.h>
}

#include <typedis/codec/decode.hpp>
#include <typedis/resp/parser.hpp>
#include <typedis/resp/reply_cursor.hpp>

namespace bench {

[[noreturn]] inline void die(std::string_view what) {
  std::fprintf(stderr, "bench: %.*s\n", static_cast<int>(what.size()), what.data());
  std::exit(2);
}

// ---- buffers --------------------------------------------------------------------------------------

// A reply stream: the bytes and how many top-level replies they hold.
struct stream {
  std::vector<char> bytes;
  std::size_t replies = 0;
};

// Concatenation by append (g++ 12 warns falsely (-Wrestrict) on chains of std::string operator+).
template <class... Parts>
std::string cat(const Parts&... parts) {
  std::string out;
  (out.append(std::string_view(parts)), ...);
  return out;
}
inline std::string num(long long v) { return std::to_string(v); }

inline void put(std::vector<char>& out, std::string_view s) { out.insert(out.end(), s.begin(), s.end()); }
// A RESP line: type byte, decimal number, CRLF.
inline void put_line(std::vector<char>& out, char type, long long v) {
  out.push_back(type);
  put(out, num(v));
  put(out, "\r\n");
}
inline void put_bulk(std::vector<char>& out, std::string_view s) {
  put_line(out, '$', static_cast<long long>(s.size()));
  put(out, s);
  put(out, "\r\n");
}

// (a) GET replies of a 3-byte value.
inline stream make_get_replies(std::size_t n) {
  stream s;
  s.bytes.reserve(n * 9);
  for (std::size_t i = 0; i < n; ++i) put(s.bytes, "$3\r\nabc\r\n");
  s.replies = n;
  return s;
}

// (b) arrays of 100 integers of mixed widths.
inline stream make_int_arrays(std::size_t n, std::size_t width = 100) {
  stream s;
  std::uint64_t x = 88172645463325252ull;
  for (std::size_t i = 0; i < n; ++i) {
    put_line(s.bytes, '*', static_cast<long long>(width));
    for (std::size_t j = 0; j < width; ++j) {
      x ^= x << 13, x ^= x >> 7, x ^= x << 17;
      const long long v = static_cast<long long>(x % 1000000000ull) >> (x % 27);  // 1 to 9 digits
      put_line(s.bytes, ':', (x & 1) ? -v : v);
    }
  }
  s.replies = n;
  return s;
}

// (c) one bulk string of `size` bytes.
inline stream make_big_bulk(std::size_t size) {
  stream s;
  const std::string head = cat("$", num(static_cast<long long>(size)), "\r\n");
  s.bytes.resize(head.size() + size + 2);
  std::copy(head.begin(), head.end(), s.bytes.begin());
  for (std::size_t i = 0; i < size; ++i) s.bytes[head.size() + i] = static_cast<char>('a' + i % 26);
  s.bytes[head.size() + size] = '\r';
  s.bytes[head.size() + size + 1] = '\n';
  s.replies = 1;
  return s;
}

// (d) maps of 16 field/value pairs: RESP3 '%' or, for a RESP2 reader, the flat array of 32.
inline stream make_maps(std::size_t n, bool resp3) {
  stream s;
  for (std::size_t i = 0; i < n; ++i) {
    put(s.bytes, resp3 ? "%16\r\n" : "*32\r\n");
    for (int f = 0; f < 16; ++f) {
      char field[16];
      char value[16];
      std::snprintf(field, sizeof field, "field_%02d", f);
      std::snprintf(value, sizeof value, "value_%04zu", (i * 16 + static_cast<std::size_t>(f)) % 10000);
      put_bulk(s.bytes, field);
      put_bulk(s.bytes, value);
    }
  }
  s.replies = n;
  return s;
}

// (e) a realistic mixed stream (RESP2, which every reader speaks): per group of three replies,
// HGETALL of a 10-field user hash, ZRANGE 0 19 WITHSCORES, XRANGE of 5 entries with 4 fields.
inline stream make_mixed(std::size_t groups) {
  stream s;
  for (std::size_t g = 0; g < groups; ++g) {
    // HGETALL: short fields, values of 5 to 40 bytes
    put(s.bytes, "*20\r\n");
    static constexpr const char* fields[] = {"name",    "email",     "created", "last_login", "plan",
                                             "country", "followers", "bio",     "avatar",     "flags"};
    for (int f = 0; f < 10; ++f) {
      put_bulk(s.bytes, fields[f]);
      put_bulk(s.bytes, std::string(static_cast<std::size_t>(5 + (f * 7 + g) % 36), static_cast<char>('a' + f)));
    }
    // ZRANGE WITHSCORES: member, score
    put(s.bytes, "*40\r\n");
    for (int m = 0; m < 20; ++m) {
      put_bulk(s.bytes, cat("player:", num(static_cast<long long>(g * 20) + m)));
      put_bulk(s.bytes, cat(num(1000 + m), ".", num(m * 37 % 100)));
    }
    // XRANGE: [id, [field, value, ...]]
    put(s.bytes, "*5\r\n");
    for (int e = 0; e < 5; ++e) {
      put(s.bytes, "*2\r\n");
      put_bulk(s.bytes, cat("1700000000", num(static_cast<long long>(100 + g % 900)), "-", num(e)));
      put(s.bytes, "*8\r\n");
      put_bulk(s.bytes, "sensor");
      put_bulk(s.bytes, cat("s-", num(e)));
      put_bulk(s.bytes, "temperature");
      put_bulk(s.bytes, cat(num(20 + e), ".5"));
      put_bulk(s.bytes, "humidity");
      put_bulk(s.bytes, num(40 + e));
      put_bulk(s.bytes, "note");
      put_bulk(s.bytes, "reading within the expected range");
    }
  }
  s.replies = groups * 3;
  return s;
}

using hash_t = std::unordered_map<std::string, std::string>;
using zrange_t = std::vector<std::pair<std::string, double>>;
using xrange_t = std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>;

// ---- the parse loops ------------------------------------------------------------------------------

// typedis: what the connection does after a read: feed from the reply's first byte, decode straight
// from the buffer into the target type, reset. `decode_one(i, cursor)` decodes reply i.
template <class DecodeOne>
std::size_t typedis_parse(typedis::resp::parser& p, std::vector<char>& buf, std::size_t replies, DecodeOne&& decode_one) {
  char* const data = buf.data();
  const std::size_t size = buf.size();
  std::size_t pos = 0;
  for (std::size_t i = 0; i < replies; ++i) {
    if (p.feed(data + pos, size - pos) != typedis::resp::parser::status::done) die("typedis: incomplete reply");
    typedis::resp::reply_cursor cursor(p.nodes(), data + pos);
    decode_one(i, cursor);
    pos += p.consumed();
    p.reset();
  }
  return pos;
}

// hiredis: redisReaderFeed (the whole buffer when chunk is 0, else `chunk` bytes at a time as a
// socket read would), redisReaderGetReply until every reply is out, freeReplyObject.
inline std::size_t hiredis_parse(redisReader* r, const std::vector<char>& buf, std::size_t replies, std::size_t chunk) {
  const char* const data = buf.data();
  const std::size_t size = buf.size();
  std::size_t fed = 0;
  if (chunk == 0) {
    redisReaderFeed(r, data, size);
    fed = size;
  }
  std::size_t got = 0;
  std::size_t checksum = 0;
  while (got < replies) {
    void* reply = nullptr;
    if (redisReaderGetReply(r, &reply) != REDIS_OK) die("hiredis: protocol error");
    if (reply == nullptr) {
      if (fed == size) die("hiredis: incomplete reply");
      const std::size_t n = std::min(chunk, size - fed);
      redisReaderFeed(r, data + fed, n);
      fed += n;
      continue;
    }
    checksum += static_cast<redisReply*>(reply)->type;
    freeReplyObject(reply);
    ++got;
  }
  return checksum;
}

// ---- misc -------------------------------------------------------------------------------------------

struct cpu_time {
  double user = 0, sys = 0;  // seconds
  double total() const noexcept { return user + sys; }
  cpu_time operator-(const cpu_time& o) const noexcept { return {user - o.user, sys - o.sys}; }
  cpu_time& operator+=(const cpu_time& o) noexcept {
    user += o.user, sys += o.sys;
    return *this;
  }
};

inline cpu_time cpu_now() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  auto secs = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) * 1e-6; };
  return {secs(ru.ru_utime), secs(ru.ru_stime)};
}

inline long max_rss_kib() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

inline double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// --name=value flags.
class flags {
 public:
  flags(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) args_.emplace_back(argv[i]);
  }
  std::optional<std::string> get(std::string_view name) const {
    for (const auto& a : args_) {
      if (a.size() > name.size() + 2 && a.compare(0, 2, "--") == 0 && a.compare(2, name.size(), name) == 0 &&
          a[name.size() + 2] == '=')
        return a.substr(name.size() + 3);
      if (a.size() == name.size() + 2 && a.compare(0, 2, "--") == 0 && a.compare(2, name.size(), name) == 0) return "";
    }
    return std::nullopt;
  }
  std::string get_or(std::string_view name, std::string fallback) const { return get(name).value_or(std::move(fallback)); }
  long long number(std::string_view name, long long fallback) const {
    auto v = get(name);
    return v && !v->empty() ? std::stoll(*v) : fallback;
  }

 private:
  std::vector<std::string> args_;
};

}  // namespace bench
