// Parser and decoder benchmarks (no server): the same in-memory reply buffers parsed by typedis's
// resp::parser + decoder<T> and by hiredis's redisReader.
//
//   bench_parser [Google Benchmark flags]          the benchmarks
//   bench_parser --callgrind=K --lib=L --n=N        driver for valgrind --tool=callgrind: parses N
//                                                  replies of kind K (get | int_array | map16 | mixed)
//                                                  once with L (typedis | hiredis16k | hiredis_whole)
//                                                  inside bench_cg_* (--toggle-collect=bench_cg_*)
//   bench_parser --big-get --port=P [--mib=64] [--rounds=9]
//                                                  GET of one large value from a real server, end to
//                                                  end: typedis into a new string, into a reused
//                                                  buffer (call_options::read_buffer), as MGET's
//                                                  element (through the read buffer), hiredis, and
//                                                  a raw socket receiving it unparsed (the floor)
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include <typedis/typedis.hpp>

#include "common.hpp"
#include "core/session.hpp"

namespace {

using bench::stream;
using typedis::resp::parser;
using typedis::resp::reply_cursor;

constexpr std::size_t get_count = 100'000;
constexpr std::size_t array_count = 10'000;
constexpr std::size_t big_size = 64u << 20;
constexpr std::size_t map_count = 10'000;
constexpr std::size_t mixed_groups = 3'000;
constexpr std::size_t hiredis_chunk = 16 * 1024;  // what hiredis reads from a socket at a time

stream& get_stream() {
  static stream s = bench::make_get_replies(get_count);
  return s;
}
stream& array_stream() {
  static stream s = bench::make_int_arrays(array_count);
  return s;
}
stream& big_stream() {
  static stream s = bench::make_big_bulk(big_size);
  return s;
}
stream& map_stream(bool resp3) {
  static stream s3 = bench::make_maps(map_count, true);
  static stream s2 = bench::make_maps(map_count, false);
  return resp3 ? s3 : s2;
}
stream& mixed_stream() {
  static stream s = bench::make_mixed(mixed_groups);
  return s;
}

void set_counters(benchmark::State& st, const stream& s) {
  st.counters["replies/s"] =
      benchmark::Counter(static_cast<double>(s.replies), benchmark::Counter::kIsIterationInvariantRate);
  st.SetBytesProcessed(static_cast<std::int64_t>(st.iterations()) * static_cast<std::int64_t>(s.bytes.size()));
}

struct reader_deleter {
  void operator()(redisReader* r) const noexcept { redisReaderFree(r); }
};
using reader_ptr = std::unique_ptr<redisReader, reader_deleter>;

void run_hiredis(benchmark::State& st, stream& s, std::size_t chunk) {
  reader_ptr r(redisReaderCreate());
  for (auto _ : st) benchmark::DoNotOptimize(bench::hiredis_parse(r.get(), s.bytes, s.replies, chunk));
  set_counters(st, s);
}

template <class DecodeOne>
void run_typedis(benchmark::State& st, stream& s, DecodeOne decode_one) {
  parser p;
  for (auto _ : st) benchmark::DoNotOptimize(bench::typedis_parse(p, s.bytes, s.replies, decode_one));
  set_counters(st, s);
}

template <class T>
auto decode_as() {
  return [](std::size_t, reply_cursor& c) {
    T out = typedis::decode<T>(c);
    benchmark::DoNotOptimize(out);
  };
}

void decode_mixed(std::size_t i, reply_cursor& c) {
  switch (i % 3) {
    case 0: {
      auto v = typedis::decode<bench::hash_t>(c);
      benchmark::DoNotOptimize(v);
      break;
    }
    case 1: {
      auto v = typedis::decode<bench::zrange_t>(c);
      benchmark::DoNotOptimize(v);
      break;
    }
    default: {
      auto v = typedis::decode<bench::xrange_t>(c);
      benchmark::DoNotOptimize(v);
      break;
    }
  }
}

// The reference for (c): a plain memcpy of the same bytes into a buffer reused across iterations.
void bm_memcpy_64mib(benchmark::State& st) {
  stream& s = big_stream();
  std::vector<char> dst(big_size);
  const char* src = s.bytes.data() + (s.bytes.size() - 2 - big_size);
  for (auto _ : st) {
    std::memcpy(dst.data(), src, big_size);
    benchmark::DoNotOptimize(dst.data());
    benchmark::ClobberMemory();
  }
  set_counters(st, s);
}

// What a new 64 MiB result costs before any parsing: allocate (fresh pages), memcpy, free.
void bm_memcpy_fresh_64mib(benchmark::State& st) {
  stream& s = big_stream();
  const char* src = s.bytes.data() + (s.bytes.size() - 2 - big_size);
  for (auto _ : st) {
    std::unique_ptr<char[]> dst(new char[big_size]);
    std::memcpy(dst.get(), src, big_size);
    benchmark::DoNotOptimize(dst.get());
    benchmark::ClobberMemory();
  }
  set_counters(st, s);
}

// What fresh pages cost with transparent huge pages asked for (MADV_HUGEPAGE on the new buffer
// before the copy): the same as memcpy_fresh otherwise.
void bm_memcpy_fresh_hugepage_64mib(benchmark::State& st) {
  stream& s = big_stream();
  const char* src = s.bytes.data() + (s.bytes.size() - 2 - big_size);
  constexpr std::size_t huge = 2u << 20;
  for (auto _ : st) {
    void* p = std::aligned_alloc(huge, big_size);
    if (p == nullptr) bench::die("aligned_alloc");
    madvise(p, big_size, MADV_HUGEPAGE);
    std::memcpy(p, src, big_size);
    benchmark::DoNotOptimize(p);
    benchmark::ClobberMemory();
    std::free(p);
  }
  set_counters(st, s);
}

// (c) as a connection reads it: the reply arrives through a core::session in 256 KiB reads (a
// memcpy from the stream standing in for recv), then decoder<std::string>. direct_min at its
// default reads the value straight into the string returned (issue 16 item 5); huge, it goes
// through the read buffer and is copied out (the path before); `reuse`: into one string kept
// across replies (session::read_bulk_into, what call_options::read_buffer does).
void run_session_big(benchmark::State& st, std::size_t direct_min, bool reuse) {
  stream& s = big_stream();
  typedis::core::session::options o;
  if (direct_min != 0) o.direct_min = direct_min;
  typedis::core::session ses(o);
  std::string kept;
  constexpr std::size_t read_size = 256 * 1024;
  for (auto _ : st) {
    ses.expect(1, "GET");
    if (reuse) ses.read_bulk_into(&kept);
    for (std::size_t fed = 0;;) {
      auto e = ses.next();
      if (e.what == typedis::core::session::event::kind::need_more) {
        const auto room = ses.prepare(read_size);
        const std::size_t n = std::min({room.size(), read_size, s.bytes.size() - fed});
        std::memcpy(room.data(), s.bytes.data() + fed, n);
        ses.commit(n);
        fed += n;
        continue;
      }
      if (e.what != typedis::core::session::event::kind::reply) bench::die("session: no reply");
      if (reuse) {
        typedis::decode_into(e.cursor, kept);
        benchmark::DoNotOptimize(kept.data());
      } else {
        std::string out = typedis::decode<std::string>(e.cursor);
        benchmark::DoNotOptimize(out.data());
      }
      break;
    }
    ses.read_bulk_into(nullptr);
  }
  set_counters(st, s);
}

// (d) without parsing: the same 10,000 unordered_maps built from string_views of the fields and
// values. The floor of any decoder that returns this container (17 allocations and 16 hashes each).
void bm_map16_container_only(benchmark::State& st) {
  stream& s = map_stream(true);
  std::vector<std::string_view> items;  // 32 per map, pointing into the buffer
  parser p;
  bench::typedis_parse(p, s.bytes, s.replies, [&](std::size_t, reply_cursor& c) {
    c.next();
    while (!c.at_end()) items.push_back(c.text(c.next()));
  });
  for (auto _ : st) {
    for (std::size_t i = 0; i < items.size(); i += 32) {
      bench::hash_t m;
      for (std::size_t j = 0; j < 32; j += 2) m.insert_or_assign(std::string(items[i + j]), std::string(items[i + j + 1]));
      benchmark::DoNotOptimize(m);
    }
  }
  set_counters(st, s);
}

void register_all() {
  using benchmark::RegisterBenchmark;
  using opt_string = std::optional<std::string>;
  // (a)
  RegisterBenchmark("get/typedis", [](benchmark::State& st) { run_typedis(st, get_stream(), decode_as<opt_string>()); });
  RegisterBenchmark("get/hiredis16k", [](benchmark::State& st) { run_hiredis(st, get_stream(), hiredis_chunk); });
  RegisterBenchmark("get/hiredis_whole", [](benchmark::State& st) { run_hiredis(st, get_stream(), 0); });
  // (b)
  RegisterBenchmark("int_array/typedis",
                    [](benchmark::State& st) { run_typedis(st, array_stream(), decode_as<std::vector<long long>>()); });
  RegisterBenchmark("int_array/hiredis16k", [](benchmark::State& st) { run_hiredis(st, array_stream(), hiredis_chunk); });
  // (c): typedis into a new string per reply (what client::execute returns), and into a reused one
  RegisterBenchmark("bulk64m/typedis", [](benchmark::State& st) { run_typedis(st, big_stream(), decode_as<std::string>()); })
      ->Unit(benchmark::kMillisecond);
  RegisterBenchmark("bulk64m/typedis_reused",
                    [](benchmark::State& st) {
                      std::string out;
                      run_typedis(st, big_stream(), [&](std::size_t, reply_cursor& c) {
                        typedis::decode_into(c, out);
                        benchmark::DoNotOptimize(out.data());
                      });
                    })
      ->Unit(benchmark::kMillisecond);
  RegisterBenchmark("bulk64m/hiredis16k", [](benchmark::State& st) { run_hiredis(st, big_stream(), hiredis_chunk); })
      ->Unit(benchmark::kMillisecond);
  RegisterBenchmark("bulk64m/hiredis_whole", [](benchmark::State& st) { run_hiredis(st, big_stream(), 0); })
      ->Unit(benchmark::kMillisecond);
  RegisterBenchmark("bulk64m/memcpy", bm_memcpy_64mib)->Unit(benchmark::kMillisecond);
  RegisterBenchmark("bulk64m/memcpy_fresh", bm_memcpy_fresh_64mib)->Unit(benchmark::kMillisecond);
  RegisterBenchmark("bulk64m/memcpy_fresh_hugepage", bm_memcpy_fresh_hugepage_64mib)->Unit(benchmark::kMillisecond);
  RegisterBenchmark("bulk64m/session_buffered", [](benchmark::State& st) { run_session_big(st, std::size_t{1} << 40, false); })
      ->Unit(benchmark::kMillisecond);
  RegisterBenchmark("bulk64m/session_direct", [](benchmark::State& st) { run_session_big(st, 0, false); })
      ->Unit(benchmark::kMillisecond);
  RegisterBenchmark("bulk64m/session_direct_reused", [](benchmark::State& st) { run_session_big(st, 0, true); })
      ->Unit(benchmark::kMillisecond);
  // (d): hiredis 0.14 has no RESP3, so it reads the RESP2 shape of the same data (flat array of 32)
  RegisterBenchmark("map16/typedis_resp3",
                    [](benchmark::State& st) { run_typedis(st, map_stream(true), decode_as<bench::hash_t>()); });
  RegisterBenchmark("map16/typedis_resp2",
                    [](benchmark::State& st) { run_typedis(st, map_stream(false), decode_as<bench::hash_t>()); });
  RegisterBenchmark("map16/container_only", bm_map16_container_only);
  RegisterBenchmark("map16/hiredis16k", [](benchmark::State& st) { run_hiredis(st, map_stream(false), hiredis_chunk); });
  // (e)
  RegisterBenchmark("mixed/typedis", [](benchmark::State& st) { run_typedis(st, mixed_stream(), decode_mixed); });
  RegisterBenchmark("mixed/hiredis16k", [](benchmark::State& st) { run_hiredis(st, mixed_stream(), hiredis_chunk); });
}

// Sanity: both libraries see the expected data (a benchmark of a wrong parse measures nothing).
void check_all() {
  parser p;
  std::size_t n = 0;
  bench::typedis_parse(p, get_stream().bytes, 3, [&](std::size_t, reply_cursor& c) {
    if (typedis::decode<std::optional<std::string>>(c) != "abc") bench::die("check: GET");
    ++n;
  });
  bench::typedis_parse(p, map_stream(true).bytes, 1, [&](std::size_t, reply_cursor& c) {
    auto m = typedis::decode<bench::hash_t>(c);
    if (m.size() != 16 || m.at("field_03") != "value_0003") bench::die("check: map");
  });
  bench::typedis_parse(p, mixed_stream().bytes, 3, [&](std::size_t i, reply_cursor& c) {
    if (i == 0 && typedis::decode<bench::hash_t>(c).size() != 10) bench::die("check: HGETALL");
    if (i == 1 && typedis::decode<bench::zrange_t>(c).at(1).second != 1001.37) bench::die("check: ZRANGE");
    if (i == 2 && typedis::decode<bench::xrange_t>(c).at(4).second.at(3).second != "reading within the expected range")
      bench::die("check: XRANGE");
  });
  reader_ptr r(redisReaderCreate());
  bench::hiredis_parse(r.get(), mixed_stream().bytes, mixed_stream().replies, hiredis_chunk);
}

}  // namespace

// callgrind driver: everything inside these functions is what --toggle-collect=bench_cg_* counts.
extern "C" [[gnu::noinline]] std::size_t bench_cg_typedis(void* p, void* s, int which) {
  auto& pr = *static_cast<parser*>(p);
  auto& st = *static_cast<stream*>(s);
  switch (which) {
    case 0: return bench::typedis_parse(pr, st.bytes, st.replies, decode_as<std::optional<std::string>>());
    case 1: return bench::typedis_parse(pr, st.bytes, st.replies, decode_as<std::vector<long long>>());
    case 2: return bench::typedis_parse(pr, st.bytes, st.replies, decode_as<bench::hash_t>());
    default: return bench::typedis_parse(pr, st.bytes, st.replies, decode_mixed);
  }
}

extern "C" [[gnu::noinline]] std::size_t bench_cg_hiredis(void* r, void* s, std::size_t chunk) {
  auto& st = *static_cast<stream*>(s);
  return bench::hiredis_parse(static_cast<redisReader*>(r), st.bytes, st.replies, chunk);
}

// --big-get: one large value from a real server, end to end, the contenders alternating per round.
int big_get(const bench::flags& f) {
  const int port = static_cast<int>(f.number("port", 0));
  if (port == 0) bench::die("--big-get needs --port=P");
  const auto size = static_cast<std::size_t>(f.number("mib", 64)) << 20;
  const auto rounds = static_cast<int>(f.number("rounds", 9));
  typedis::client r("redis://127.0.0.1:" + std::to_string(port) + "?pool_size=1");
  const std::string key = "bench:big:" + std::to_string(size);
  r.set(key, std::string(size, 'v'));
  struct reader_free {
    void operator()(redisContext* c) const noexcept { redisFree(c); }
  };
  std::unique_ptr<redisContext, reader_free> h(redisConnect("127.0.0.1", port));
  if (!h || h->err) bench::die("hiredis: connect");
  // The floor every client pays: the same request on a plain socket, the reply received into a
  // reused buffer and not parsed (the server's work, the kernel's copy, loopback).
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd < 0 || ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) bench::die("raw: connect");
  const std::string request = "*2\r\n$3\r\nGET\r\n$" + std::to_string(key.size()) + "\r\n" + key + "\r\n";
  const std::size_t reply_size = 1 + std::to_string(size).size() + 2 + size + 2;
  std::vector<char> raw(reply_size);
  auto raw_get = [&] {
    if (::send(fd, request.data(), request.size(), 0) != static_cast<ssize_t>(request.size())) bench::die("raw: send");
    for (std::size_t got = 0; got < reply_size;) {
      const ssize_t n = ::recv(fd, raw.data() + got, reply_size - got, 0);
      if (n <= 0) bench::die("raw: recv");
      got += static_cast<std::size_t>(n);
    }
  };
  std::string buffer;
  std::vector<char> reused(size);
  std::vector<double> t_new, t_reused, t_buffered, t_hiredis, t_raw, t_memcpy_fresh, t_memcpy;
  auto timed = [](auto&& fn) {
    const double start = bench::now_seconds();
    fn();
    return bench::now_seconds() - start;
  };
  for (int i = 0; i < rounds + 1; ++i) {  // the first round warms up and is not counted
    const double a = timed([&] {
      auto v = r.get(key);
      if (!v || v->size() != size) bench::die("typedis: wrong value");
    });
    const double b = timed([&] {
      auto v = r.execute(typedis::cmd::get(key), {.read_buffer = &buffer});
      if (!v || v->size() != size) bench::die("typedis: wrong value");
      buffer = std::move(*v);
    });
    const double c = timed([&] {
      auto* reply = static_cast<redisReply*>(redisCommand(h.get(), "GET %s", key.c_str()));
      if (reply == nullptr || static_cast<std::size_t>(reply->len) != size) bench::die("hiredis: wrong value");
      freeReplyObject(reply);
    });
    const double f = timed(raw_get);
    // The same value as MGET's only element: inside an array it goes through the read buffer and
    // is copied out, the path every large GET took before issue 16 item 5.
    const double g = timed([&] {
      auto v = r.command<std::vector<std::optional<std::string>>>("MGET", key);
      if (v.size() != 1 || !v[0] || v[0]->size() != size) bench::die("typedis: wrong value");
    });
    const double d = timed([&] {
      std::unique_ptr<char[]> dst(new char[size]);
      std::memcpy(dst.get(), buffer.data(), size);
      benchmark::DoNotOptimize(dst.get());
    });
    const double e = timed([&] {
      std::memcpy(reused.data(), buffer.data(), size);
      benchmark::DoNotOptimize(reused.data());
    });
    if (i == 0) continue;
    t_new.push_back(a), t_reused.push_back(b), t_hiredis.push_back(c), t_raw.push_back(f), t_buffered.push_back(g);
    t_memcpy_fresh.push_back(d), t_memcpy.push_back(e);
  }
  ::close(fd);
  r.del(key);
  auto median = [](std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  };
  const double gb = static_cast<double>(size) / 1e9;
  std::printf("{\"mib\": %zu, \"rounds\": %d", size >> 20, rounds);
  for (const auto& [name, v] : {std::pair<const char*, const std::vector<double>*>{"typedis_new", &t_new},
                                {"typedis_read_buffer", &t_reused},
                                {"typedis_mget_buffered", &t_buffered},
                                {"hiredis", &t_hiredis},
                                {"raw_socket_floor", &t_raw},
                                {"memcpy_fresh", &t_memcpy_fresh},
                                {"memcpy_reused", &t_memcpy}})
    std::printf(", \"%s_ms\": %.2f, \"%s_gbps\": %.2f", name, median(*v) * 1e3, name, gb / median(*v));
  std::printf("}\n");
  return 0;
}

int main(int argc, char** argv) {
  const bench::flags f(argc, argv);
  if (f.get("big-get") || std::find(argv + 1, argv + argc, std::string_view("--big-get")) != argv + argc) return big_get(f);
  if (auto which = f.get("callgrind")) {
    // --callgrind=get|int_array|map16|mixed; --n: replies (groups of three for mixed)
    const auto n = static_cast<std::size_t>(f.number("n", 10'000));
    int kind = 0;
    stream s;
    const std::string lib = f.get_or("lib", "typedis");
    if (*which == "get") {
      s = bench::make_get_replies(n);
    } else if (*which == "int_array") {
      kind = 1, s = bench::make_int_arrays(n);
    } else if (*which == "map16") {
      kind = 2, s = bench::make_maps(n, lib == "typedis");  // hiredis 0.14 reads the RESP2 shape
    } else if (*which == "mixed") {
      kind = 3, s = bench::make_mixed(n / 3);
    } else {
      bench::die("--callgrind: get, int_array, map16 or mixed");
    }
    if (lib == "typedis") {
      parser p;
      stream warm = bench::make_get_replies(16);  // warms the parser's node vector, not counted
      bench::typedis_parse(p, warm.bytes, warm.replies, [](std::size_t, reply_cursor& c) { c.skip(); });
      std::printf("{\"replies\": %zu, \"check\": %zu}\n", s.replies, bench_cg_typedis(&p, &s, kind));
    } else if (lib == "hiredis16k" || lib == "hiredis_whole") {
      reader_ptr r(redisReaderCreate());
      std::printf("{\"replies\": %zu, \"check\": %zu}\n", s.replies,
                  bench_cg_hiredis(r.get(), &s, lib == "hiredis16k" ? hiredis_chunk : 0));
    } else {
      bench::die("--lib: typedis, hiredis16k or hiredis_whole");
    }
    return 0;
  }
  check_all();
  register_all();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
