// The asynchronous client's throughput (issue 11) against a running redis-server, with the
// synchronous client's pipelined figure measured in the same run for the ratios.
//
//   bench_async --port=P [--ops=1000000] [--serial-ops=100000] [--rounds=5] [--concurrency=1,64,1024]
//
// Per command (GET, then SET) and per contender, requests/s and the process's CPU time
// (getrusage user + sys) per request:
//   async_1, async_64, async_1024   one typedis::async_client each (one connection each), driven
//            by 1, 64 or 1,024 coroutines on one single-threaded io_context; every coroutine loops
//            `co_await c.get(key, asio::use_awaitable)` (SET: `c.set(key, "abc", ...)`) on one fixed
//            key until the block's requests are done. Also socket reads and writes per 1,000
//            requests, from c.stats(): what automatic pipelining achieved. A lone coroutine runs
//            --serial-ops requests (default 100,000: one round trip each), the others --ops;
//   sync_pipeline   bench_e2e's "typedis" row: the public synchronous API in batches of 128,
//            `auto p = r.dynamic_pipeline<T>(); p.add(typedis::cmd::get(key)) x128; p.exec();` on a
//            typedis::client with a pool of 1, over bench_e2e's 1,024 keys of the same length.
// The contenders run in --rounds alternating blocks, their order rotated each round, so that all
// see the same machine noise; CPU and wall time are summed over each contender's blocks. Prints one
// JSON object on stdout. --concurrency picks other levels (a profile of one level, say).
#include <benchmark/benchmark.h>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench_keys.hpp"
#include "common.hpp"
#include "typedis/async.hpp"
#include "typedis/client.hpp"
#include "typedis/command.hpp"
#include "typedis/pipeline.hpp"

namespace {

using opt_string = std::optional<std::string>;
using opt_ok = std::optional<typedis::ok>;

// The keys and the value of bench_e2e: 1,024 keys "bench:key:NNNN", a 3-byte value.
constexpr std::size_t key_count = 1024;
constexpr std::string_view value = "abc";
constexpr std::size_t batch_size = 128;

std::vector<std::string> make_keys() { return bench::numbered_keys("bench:key:", key_count); }

typedis::client_options options_for(int port) {
  typedis::client_options co;
  co.connection.host = "127.0.0.1";
  co.connection.port = static_cast<std::uint16_t>(port);
  // The synchronous client: one connection, as in bench_e2e. (The async client shares one
  // connection whatever this says; it only bounds its idle dedicated ones, which are not used here.)
  co.pool.max_size = 1;
  return co;  // RESP3 (HELLO 3), the default
}

enum class op { get, set };

// ---- the synchronous reference: bench_e2e's api_batch ------------------------------------------
// The same code as bench_e2e's (kept there in its own translation unit, so that its callgrind
// counts are not disturbed by a shared header).

// noinline here and in async_block: frames of their own, for callgrind --toggle-collect='*sync_batch*'
// (once per batch or block: no measurable cost).
[[gnu::noinline]] void sync_batch(typedis::client& r, op which, const std::vector<std::string>& keys, std::size_t& k,
                                  std::size_t n) {
  if (which == op::get) {
    auto p = r.dynamic_pipeline<opt_string>();
    for (std::size_t i = 0; i < n; ++i) p.add(typedis::cmd::get(keys[k++ % key_count]));
    std::vector<opt_string> v = p.exec();
    if (v.size() != n) bench::die("typedis: wrong reply count");
    benchmark::DoNotOptimize(v.data());
  } else {
    auto p = r.dynamic_pipeline<opt_ok>();
    for (std::size_t i = 0; i < n; ++i) p.add(typedis::cmd::set(keys[k++ % key_count], value));
    std::vector<opt_ok> v = p.exec();
    if (v.size() != n) bench::die("typedis: wrong reply count");
    benchmark::DoNotOptimize(v.data());
  }
}

// ---- the asynchronous client ---------------------------------------------------------------------

// One coroutine: requests on the fixed key until the block's budget is spent.
asio::awaitable<void> worker(typedis::async_client& c, op which, const std::string& key, std::size_t& remaining) {
  while (remaining > 0) {
    --remaining;
    if (which == op::get) {
      opt_string v = co_await c.get(key, asio::use_awaitable);
      if (!v) bench::die("async: GET found no value");
      benchmark::DoNotOptimize(v);
    } else {
      auto v = co_await c.set(key, value, asio::use_awaitable);
      benchmark::DoNotOptimize(v);
    }
  }
}

// `n` requests from `concurrency` coroutines on `c`; returns when every coroutine is done.
[[gnu::noinline]] void async_block(asio::io_context& io, typedis::async_client& c, op which, const std::string& key,
                                   std::size_t concurrency, std::size_t n) {
  std::size_t remaining = n;
  std::size_t running = concurrency;
  std::exception_ptr failure;
  for (std::size_t i = 0; i < concurrency; ++i)
    asio::co_spawn(io, worker(c, which, key, remaining), [&](std::exception_ptr e) {
      if (e && !failure) failure = e;
      --running;
    });
  // run_one, not run(): the client's timers keep the io_context busy for as long as it lives.
  while (running > 0)
    if (io.run_one() == 0) bench::die("async: the io_context ran out of work before the requests completed");
  if (failure) std::rethrow_exception(failure);
}

struct side_totals {
  bench::cpu_time cpu;
  double wall = 0;
  std::size_t requests = 0;  // issued by the benchmark
  typedis::detail::async_stats stats;  // deltas over the measured blocks (async only)
};

void add_stats(typedis::detail::async_stats& to, const typedis::detail::async_stats& a,
               const typedis::detail::async_stats& b) {  // to += b - a
  to.requests += b.requests - a.requests;
  to.writes += b.writes - a.writes;
  to.reads += b.reads - a.reads;
  to.connects += b.connects - a.connects;
  to.dedicated += b.dedicated - a.dedicated;
}

std::vector<std::size_t> parse_levels(const std::string& list) {
  std::vector<std::size_t> out;
  for (std::size_t pos = 0; pos <= list.size();) {
    const std::size_t comma = std::min(list.find(',', pos), list.size());
    const long long v = std::stoll(list.substr(pos, comma - pos));
    if (v < 1) bench::die("--concurrency: levels of at least 1");
    out.push_back(static_cast<std::size_t>(v));
    pos = comma + 1;
  }
  return out;
}

int run(int port, std::size_t ops, std::size_t serial_ops, std::size_t rounds,
        const std::vector<std::size_t>& concurrencies) {
  if (rounds == 0) bench::die("--rounds must be at least 1");
  const auto keys = make_keys();
  const std::string& key = keys[0];  // the async coroutines' fixed key
  typedis::client sync(options_for(port));
  {
    std::size_t k = 0;
    for (std::size_t b = 0; b < key_count / batch_size; ++b) sync_batch(sync, op::set, keys, k, batch_size);  // preload
  }

  asio::io_context io{1};  // one thread runs it
  std::vector<std::unique_ptr<typedis::async_client>> clients;
  for (std::size_t i = 0; i < concurrencies.size(); ++i)
    clients.push_back(std::make_unique<typedis::async_client>(io.get_executor(), options_for(port)));

  const std::size_t sides = 1 + concurrencies.size();  // 0: sync pipeline, 1..: async
  const std::size_t sync_batches = (ops / rounds + batch_size - 1) / batch_size;
  auto async_n = [&](std::size_t a) {
    return std::max<std::size_t>(1, (concurrencies[a] == 1 ? serial_ops : ops) / rounds);
  };

  std::printf("{\"rounds\": %zu", rounds);
  for (op which : {op::get, op::set}) {
    std::size_t k = 0;
    auto one = [&](std::size_t side, std::size_t n_or_batches) {
      if (side == 0) {
        for (std::size_t b = 0; b < n_or_batches; ++b) sync_batch(sync, which, keys, k, batch_size);
      } else {
        const std::size_t a = side - 1;
        async_block(io, *clients[a], which, key, std::min(concurrencies[a], n_or_batches), n_or_batches);
      }
    };
    // Warm-up: connections, buffers, the coroutine frames' recycling allocator.
    one(0, 50);
    for (std::size_t a = 0; a < concurrencies.size(); ++a)
      one(1 + a, std::max<std::size_t>(2000, 4 * concurrencies[a]));

    std::vector<side_totals> t(sides);
    for (std::size_t r = 0; r < rounds; ++r) {
      for (std::size_t i = 0; i < sides; ++i) {
        const std::size_t side = (r + i) % sides;  // rotate the order: each side sees the same drift
        const std::size_t n = side == 0 ? sync_batches : async_n(side - 1);
        const typedis::detail::async_stats s0 = side == 0 ? typedis::detail::async_stats{} : clients[side - 1]->stats();
        const bench::cpu_time c0 = bench::cpu_now();
        const double w0 = bench::now_seconds();
        one(side, n);
        t[side].cpu += bench::cpu_now() - c0;
        t[side].wall += bench::now_seconds() - w0;
        t[side].requests += side == 0 ? n * batch_size : n;
        if (side != 0) add_stats(t[side].stats, s0, clients[side - 1]->stats());
      }
    }

    auto figures = [](const side_totals& s) {
      const double n = static_cast<double>(s.requests);
      // user/sys: getrusage splits them by tick sampling, only their sum is precise
      std::printf("\"ops\": %zu, \"ops_per_s\": %.0f, \"cpu_ns_per_op\": %.1f, \"user_ns_per_op\": %.1f, "
                  "\"sys_ns_per_op\": %.1f",
                  s.requests, n / s.wall, s.cpu.total() / n * 1e9, s.cpu.user / n * 1e9, s.cpu.sys / n * 1e9);
    };
    std::printf(", \"%s\": {\"sync_pipeline\": {\"batch\": %zu, ", which == op::get ? "get" : "set", batch_size);
    figures(t[0]);
    std::printf("}");
    for (std::size_t a = 0; a < concurrencies.size(); ++a) {
      const side_totals& s = t[1 + a];
      const double per_1k = 1000.0 / static_cast<double>(s.requests);
      std::printf(", \"async_%zu\": {\"concurrency\": %zu, ", concurrencies[a], concurrencies[a]);
      figures(s);
      std::printf(", \"reads_per_1k\": %.2f, \"writes_per_1k\": %.2f, \"completed\": %" PRIu64 ", \"reads\": %" PRIu64
                  ", \"writes\": %" PRIu64 ", \"connects\": %" PRIu64 "}",
                  static_cast<double>(s.stats.reads) * per_1k, static_cast<double>(s.stats.writes) * per_1k,
                  s.stats.requests, s.stats.reads, s.stats.writes, s.stats.connects);
    }
    std::printf("}");
  }
  // One connection per client for the whole run: anything else was a reconnect.
  std::printf(", \"connections\": [");
  for (std::size_t a = 0; a < clients.size(); ++a) {
    const auto s = clients[a]->stats();
    std::printf("%s{\"concurrency\": %zu, \"connects\": %" PRIu64 ", \"dedicated\": %" PRIu64 "}", a ? ", " : "",
                concurrencies[a], s.connects, s.dedicated);
  }
  std::printf("]}\n");
  std::fflush(stdout);

  for (auto& c : clients) c->close();
  io.run_for(std::chrono::seconds(5));
  if (!io.stopped()) std::fprintf(stderr, "bench_async: the io_context still had work 5 s after close()\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const bench::flags f(argc, argv);
  const int port = static_cast<int>(f.number("port", 6379));
  try {
    return run(port, static_cast<std::size_t>(f.number("ops", 1'000'000)),
               static_cast<std::size_t>(f.number("serial-ops", 100'000)),
               static_cast<std::size_t>(f.number("rounds", 5)),
               parse_levels(f.get_or("concurrency", "1,64,1024")));
  } catch (const std::exception& e) {
    bench::die(e.what());
  }
}
