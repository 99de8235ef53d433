// Parser and decoder benchmarks (no server): the same in-memory reply buffers parsed by typedis's
// resp::parser + decoder<T> and by hiredis's redisReader.
//
//   bench_parser [Google Benchmark flags]          the benchmarks
//   bench_parser --callgrind=K --lib=L --n=N        driver for valgrind --tool=callgrind: parses N
//                                                  replies of kind K (get | int_array | map16 | mixed)
//                                                  once with L (typedis | hiredis16k | hiredis_whole)
//                                                  inside bench_cg_* (--toggle-collect=bench_cg_*)
#include <benchmark/benchmark.h>

#include <cstring>
#include <memory>

#include "common.hpp"

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

int main(int argc, char** argv) {
  const bench::flags f(argc, argv);
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
