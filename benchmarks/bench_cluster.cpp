// The cluster client's cost (issue 12): typedis::cluster_client against typedis::client on the same
// work, in one Google Benchmark run.
//
//   TYPEDIS_BENCH_URL=redis://127.0.0.1:P TYPEDIS_BENCH_CLUSTER_URL=redis://127.0.0.1:Q bench_cluster [benchmark flags]
//   bench_cluster --url=redis://127.0.0.1:P --cluster-url=redis://127.0.0.1:Q [benchmark flags]
//
//   bench_cluster --callgrind=get|pipeline --lib=single|cluster [--n=N]   (same URLs)
//
// (the flags win over the environment). The single-node URL names a plain redis-server, the cluster
// URL any node of a cluster (scripts/bench starts 3 primaries).
//
//   get/single, get/cluster   one `c.get(key)` per iteration, one thread, the same key holding the same
//       3-byte value on both sides; the figure is CPU time per GET (the process's, see below): what
//       routing (slot of the key, node lookup, the node's pool) adds to a round trip.
//   get/owner_node   information: typedis::client on the cluster node that holds the key, the server of
//       get/cluster without the routing.
//   pipeline/single, pipeline/cluster   per iteration a fresh `c.dynamic_pipeline<optional<string>>()`
//       of 1,000 `typedis::cmd::get(k)` on 1,000 keys spread over the slots (so over the 3 primaries),
//       `p.exec()`; items/s (GETs) from wall time, as throughput is; cpu_time / 1,000 is the client CPU per GET.
//
// --callgrind: a driver for `valgrind --tool=callgrind --toggle-collect='bench_cg_*'`: N GETs (default
// 20,000) or N pipelines of 1,000 (default 20) inside bench_cg_*, after a warm-up; prints
// {"ops": GETs}. Instruction counts do not move with the machine's load, CPU time does.
//
// scripts/bench runs it with repetitions and --benchmark_enable_random_interleaving, so both sides of
// a row see the same machine drift; benchmarks/report.py takes the medians.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench_keys.hpp"
#include "common.hpp"
#include "typedis/typedis.hpp"

namespace {

using opt_string = std::optional<std::string>;

constexpr std::string_view value = "abc";  // the value size of bench_e2e and bench_async
constexpr std::string_view get_key = "bench:cluster:get";
constexpr std::size_t pipeline_size = 1000;

// Built once in main(), outside any measurement: connecting and reading the topology are not per GET.
struct fixture {
  std::unique_ptr<typedis::client> single;
  std::unique_ptr<typedis::cluster_client> cluster;
  std::unique_ptr<typedis::client> owner;  // a plain client on the cluster node that holds get_key
  std::vector<std::string> keys;  // the pipeline's keys
};
fixture* fx = nullptr;

std::vector<std::string> make_keys() { return bench::numbered_keys("bench:cluster:key:", pipeline_size); }

template <class Client>
void one_get(benchmark::State& state, Client& c) {
  for (auto _ : state) {
    opt_string v = c.get(get_key);
    if (!v) {
      state.SkipWithError("GET found no value");
      break;
    }
    benchmark::DoNotOptimize(v);
  }
}

template <class Client>
void pipeline_of_gets(benchmark::State& state, Client& c) {
  for (auto _ : state) {
    auto p = c.template dynamic_pipeline<opt_string>();
    for (const auto& k : fx->keys) p.add(typedis::cmd::get(k));
    std::vector<opt_string> v = p.exec();
    if (v.size() != pipeline_size || !v.back()) {
      state.SkipWithError("wrong pipeline reply");
      break;
    }
    benchmark::DoNotOptimize(v.data());
  }
  // items/s: GETs per second of wall time (UseRealTime below); CPU per GET is cpu_time / 1,000.
  state.SetItemsProcessed(state.iterations() * static_cast<benchmark::IterationCount>(pipeline_size));
}

void get_single(benchmark::State& state) { one_get(state, *fx->single); }
void get_cluster(benchmark::State& state) { one_get(state, *fx->cluster); }
void get_owner(benchmark::State& state) { one_get(state, *fx->owner); }
void pipeline_single(benchmark::State& state) { pipeline_of_gets(state, *fx->single); }
void pipeline_cluster(benchmark::State& state) { pipeline_of_gets(state, *fx->cluster); }

// Process CPU rather than the thread's: equal with today's single-threaded sync clients, and it would
// also count any helper thread a client started, which is still the client's cost.
BENCHMARK(get_single)->Name("get/single")->MeasureProcessCPUTime();
BENCHMARK(get_cluster)->Name("get/cluster")->MeasureProcessCPUTime();
// Information: the same server as get/cluster without the routing, to tell the client's cost from the
// cluster-enabled server's.
BENCHMARK(get_owner)->Name("get/owner_node")->MeasureProcessCPUTime();
// Throughput is a wall-clock figure (the client waits while the servers work), so items/s comes
// from real time here; cpu_time stays in the JSON for the client CPU per GET.
BENCHMARK(pipeline_single)->Name("pipeline/single")->MeasureProcessCPUTime()->UseRealTime();
BENCHMARK(pipeline_cluster)->Name("pipeline/cluster")->MeasureProcessCPUTime()->UseRealTime();

// callgrind drivers: --toggle-collect=bench_cg_* counts only what runs inside these (extern "C": plain
// names to match).
extern "C" [[gnu::noinline]] void bench_cg_get_single(std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) benchmark::DoNotOptimize(fx->single->get(get_key));
}
extern "C" [[gnu::noinline]] void bench_cg_get_cluster(std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) benchmark::DoNotOptimize(fx->cluster->get(get_key));
}
template <class Client>
void pipelines(Client& c, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    auto p = c.template dynamic_pipeline<opt_string>();
    for (const auto& k : fx->keys) p.add(typedis::cmd::get(k));
    std::vector<opt_string> v = p.exec();
    benchmark::DoNotOptimize(v.data());
  }
}
extern "C" [[gnu::noinline]] void bench_cg_pipeline_single(std::size_t n) { pipelines(*fx->single, n); }
extern "C" [[gnu::noinline]] void bench_cg_pipeline_cluster(std::size_t n) { pipelines(*fx->cluster, n); }

int run_callgrind(std::string_view what, std::string_view lib, long long n_flag) {
  const bool cluster = lib == "cluster";
  if (!cluster && lib != "single") bench::die("--lib: single or cluster");
  if (what == "get") {
    const auto n = static_cast<std::size_t>(n_flag > 0 ? n_flag : 20'000);
    for (int i = 0; i < 200; ++i)  // warm-up outside bench_cg_*: connection, buffers
      benchmark::DoNotOptimize(cluster ? fx->cluster->get(get_key) : fx->single->get(get_key));
    cluster ? bench_cg_get_cluster(n) : bench_cg_get_single(n);
    std::printf("{\"ops\": %zu}\n", n);
  } else if (what == "pipeline") {
    const auto n = static_cast<std::size_t>(n_flag > 0 ? n_flag : 20);
    cluster ? pipelines(*fx->cluster, 2) : pipelines(*fx->single, 2);  // warm-up, not counted
    cluster ? bench_cg_pipeline_cluster(n) : bench_cg_pipeline_single(n);
    std::printf("{\"ops\": %zu}\n", n * pipeline_size);
  } else {
    bench::die("--callgrind: get or pipeline");
  }
  return 0;
}

std::string url_from(const bench::flags& f, std::string_view flag, const char* env) {
  if (auto v = f.get(flag); v && !v->empty()) return *v;
  if (const char* e = std::getenv(env); e != nullptr && *e != '\0') return e;
  bench::die(bench::cat("no ", env, " in the environment and no --", flag, "=redis://HOST:PORT"));
}

// Removes our own flags so that benchmark::Initialize sees only its own flags.
void drop_own_flags(int& argc, char** argv) {
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a.starts_with("--url=") || a.starts_with("--cluster-url=") || a.starts_with("--callgrind=") ||
        a.starts_with("--lib=") || a.starts_with("--n="))
      continue;
    argv[out++] = argv[i];
  }
  argc = out;
}

}  // namespace

int main(int argc, char** argv) {
  const bench::flags f(argc, argv);
  const std::string single_url = url_from(f, "url", "TYPEDIS_BENCH_URL");
  const std::string cluster_url = url_from(f, "cluster-url", "TYPEDIS_BENCH_CLUSTER_URL");
  drop_own_flags(argc, argv);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  try {
    fixture fixture_storage;
    fx = &fixture_storage;
    fx->single = std::make_unique<typedis::client>(single_url);
    fx->cluster = std::make_unique<typedis::cluster_client>(cluster_url);
    fx->keys = make_keys();
    // The same data on both sides, written through each client's normal path.
    fx->single->set(get_key, value);
    fx->cluster->set(get_key, value);
    fx->owner = std::make_unique<typedis::client>(bench::cat("redis://", fx->cluster->node_of(get_key)));
    for (const auto& k : fx->keys) {
      fx->single->set(k, value);
      fx->cluster->set(k, value);
    }
    // How the pipeline's keys fall over the primaries: in the context block of the JSON.
    std::map<std::string, std::size_t> per_node;
    for (const auto& k : fx->keys) ++per_node[fx->cluster->node_of(k)];
    std::string spread;
    for (const auto& [node, n] : per_node) spread += bench::cat(spread.empty() ? "" : " ", node, "=", bench::num(static_cast<long long>(n)));
    if (auto what = f.get("callgrind")) {
      const int rc = run_callgrind(*what, f.get_or("lib", "cluster"), f.number("n", 0));
      fx = nullptr;
      return rc;
    }
    benchmark::AddCustomContext("cluster_primaries", bench::num(static_cast<long long>(fx->cluster->primaries().size())));
    benchmark::AddCustomContext("pipeline_keys_per_node", spread);
    benchmark::AddCustomContext("pipeline_size", bench::num(static_cast<long long>(pipeline_size)));
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    fx = nullptr;
  } catch (const std::exception& e) {
    bench::die(e.what());
  }
  return 0;
}
