// What an observer costs (issue 18 item 5), against a running redis-server:
//
//   bench_observer --port=P [--n=20000] [--rounds=9]
//
// Three clients (pool of 1) run the same work in the same process, round after round in rotating
// order: `plain` (no observer: the null check only), `noop` (an observer whose hooks do nothing:
// the events are built and dispatched) and `counting` (atomic counters of commands, errors and
// bytes: about the cheapest useful observer). Work: GET round trips, and pipelines of 128 GETs
// (dynamic_pipeline). Prints one JSON object: the median over rounds of CPU and wall time per
// command for each client, and the ratios to `plain` (1.0: no measurable cost).
#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "common.hpp"
#include "typedis/client.hpp"
#include "typedis/command.hpp"
#include "typedis/observer.hpp"
#include "typedis/pipeline.hpp"
#include "typedis/url.hpp"

namespace {

class counting_observer final : public typedis::observer {
 public:
  void on_command_end(const typedis::command_end_event& e) noexcept override {
    commands.fetch_add(1, std::memory_order_relaxed);
    if (e.outcome != typedis::command_outcome::ok) errors.fetch_add(1, std::memory_order_relaxed);
    bytes.fetch_add(e.bytes_out + e.bytes_in, std::memory_order_relaxed);
  }
  std::atomic<std::uint64_t> commands{0}, errors{0}, bytes{0};
};

struct sample {
  double cpu_ns = 0, wall_ns = 0;  // per command
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

constexpr std::size_t batch = 128;

template <class Work>
sample measure(std::size_t commands, Work&& work) {
  const auto cpu0 = bench::cpu_now();
  const double wall0 = bench::now_seconds();
  work();
  const double wall = bench::now_seconds() - wall0;
  const double cpu = (bench::cpu_now() - cpu0).total();
  return {cpu * 1e9 / static_cast<double>(commands), wall * 1e9 / static_cast<double>(commands)};
}

}  // namespace

int main(int argc, char** argv) {
  const bench::flags f(argc, argv);
  const std::string port = f.get_or("port", "");
  if (port.empty()) bench::die("--port=P is required");
  const auto n = static_cast<std::size_t>(f.number("n", 20000));
  const auto rounds = static_cast<std::size_t>(f.number("rounds", 9));
  const std::string key = "bench:observer:key";

  constexpr std::size_t clients = 3;
  const std::array<const char*, clients> names{"plain", "noop", "counting"};
  auto counting = std::make_shared<counting_observer>();
  std::vector<std::unique_ptr<typedis::client>> c;
  for (std::size_t i = 0; i < clients; ++i) {
    typedis::client_options o = typedis::parse_url("redis://127.0.0.1:" + port);
    o.pool.max_size = 1;
    if (i == 1) o.observer = std::make_shared<typedis::observer>();
    if (i == 2) o.observer = counting;
    c.push_back(std::make_unique<typedis::client>(o));
    c.back()->set(key, "abc");  // connects; warms up
  }

  std::array<std::vector<double>, clients> rt_cpu, rt_wall, pipe_cpu, pipe_wall;
  const std::size_t pipes = std::max<std::size_t>(1, n / batch) * 4;
  for (std::size_t round = 0; round < rounds; ++round) {
    for (std::size_t k = 0; k < clients; ++k) {
      const std::size_t i = (round + k) % clients;  // rotate who goes first
      typedis::client& r = *c[i];
      const sample rt = measure(n, [&] {
        for (std::size_t j = 0; j < n; ++j)
          if (!r.get(key)) bench::die("GET returned nil");
      });
      rt_cpu[i].push_back(rt.cpu_ns);
      rt_wall[i].push_back(rt.wall_ns);
      const sample pipe = measure(pipes * batch, [&] {
        for (std::size_t j = 0; j < pipes; ++j) {
          auto p = r.dynamic_pipeline<std::optional<std::string>>();
          for (std::size_t m = 0; m < batch; ++m) p.add(typedis::cmd::get(key));
          if (p.exec().size() != batch) bench::die("short pipeline");
        }
      });
      pipe_cpu[i].push_back(pipe.cpu_ns);
      pipe_wall[i].push_back(pipe.wall_ns);
    }
  }
  const std::uint64_t expected = rounds * (n + pipes * batch) + 1;
  if (counting->commands.load() != expected) bench::die("the counting observer missed commands");

  std::printf("{\n  \"n\": %zu, \"rounds\": %zu, \"pipeline_batch\": %zu,\n", n, rounds, batch);
  for (std::size_t i = 0; i < clients; ++i) {
    std::printf("  \"%s\": {\"roundtrip_cpu_ns\": %.1f, \"roundtrip_wall_ns\": %.1f, "
                "\"pipelined_cpu_ns\": %.1f, \"pipelined_wall_ns\": %.1f},\n",
                names[i], median(rt_cpu[i]), median(rt_wall[i]), median(pipe_cpu[i]), median(pipe_wall[i]));
  }
  const auto ratio = [&](const std::array<std::vector<double>, clients>& v, std::size_t i) {
    return median(v[i]) / median(v[0]);
  };
  std::printf("  \"ratio_to_plain\": {\"noop\": {\"roundtrip_cpu\": %.3f, \"roundtrip_wall\": %.3f, "
              "\"pipelined_cpu\": %.3f, \"pipelined_wall\": %.3f}, "
              "\"counting\": {\"roundtrip_cpu\": %.3f, \"roundtrip_wall\": %.3f, "
              "\"pipelined_cpu\": %.3f, \"pipelined_wall\": %.3f}}\n}\n",
              ratio(rt_cpu, 1), ratio(rt_wall, 1), ratio(pipe_cpu, 1), ratio(pipe_wall, 1), ratio(rt_cpu, 2),
              ratio(rt_wall, 2), ratio(pipe_cpu, 2), ratio(pipe_wall, 2));
  for (auto& client : c) client->del(key);
  return 0;
}
