// typedis_soak: mixed load for a bounded time through tests/integration/fault_proxy.hpp, which cuts
// connections and injects faults at random; scripts/soak runs it and restarts the server meanwhile.
// Prints ops/s, errors by kind, wrong answers and RSS after warm-up and at the end. Exit status 1
// if a value read back was one its thread never wrote, or RSS grew beyond a bound.
//
//   typedis_soak --url redis://127.0.0.1:PORT [--seconds 60] [--threads 8] [--seed N]
//                [--faults cutall,cut,delay,drop,stall,none]   (the faults to inject; default all)
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <unistd.h>

#include "fault_proxy.hpp"
#include "typedis/typedis.hpp"

using namespace std::chrono_literals;
using typedis::test::fault;

namespace {

const char* kind_name(typedis::error_kind k) {
  switch (k) {
    case typedis::error_kind::server: return "server";
    case typedis::error_kind::auth: return "auth";
    case typedis::error_kind::io: return "io";
    case typedis::error_kind::timeout: return "timeout";
    case typedis::error_kind::protocol: return "protocol";
    case typedis::error_kind::decode: return "decode";
    case typedis::error_kind::closed: return "closed";
    case typedis::error_kind::pool_timeout: return "pool_timeout";
    case typedis::error_kind::other: break;
  }
  return "other";
}

struct tally {
  std::mutex mutex;
  std::map<std::string, long> errors;
  std::atomic<long> ops{0};
  std::atomic<long> wrong{0};
  void error() {
    const auto info = typedis::error_info::current();
    std::lock_guard lock(mutex);
    ++errors[kind_name(info.kind)];
  }
};

// One worker: its own keys, checked on every read (a value it never wrote is a wrong answer). A nil
// GET and an INCR answering 1 are always accepted: the server restarts (without persistence)
// between any two calls.
void work(typedis::client& r, tally& t, int id, unsigned seed, const std::atomic<bool>& done) {
  std::mt19937 rng(seed + static_cast<unsigned>(id));
  // Keys of this run only: a value left by an earlier run would count as a wrong answer.
  static const std::string run = std::to_string(::getpid()) + ":" +
                                 std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
  const std::string key = "typedis:soak:" + run + ":" + std::to_string(id);
  const std::string counter = key + ":n";
  std::set<std::string> possible;
  long long counter_low = 0;  // INCRs that surely ran (their reply arrived)
  for (long i = 0; !done; ++i) {
    try {
      switch (rng() % 5) {
        case 0: {
          const std::string value = std::to_string(id) + ":" + std::to_string(i) + std::string(rng() % 2000, 'v');
          possible.insert(value);
          r.set(key, value);
          possible = {value};
          break;
        }
        case 1: {
          const std::string got = r.get(key).value_or("");
          if (!got.empty() && possible.count(got) == 0) {
            ++t.wrong;
            std::fprintf(stderr, "worker %d: GET returned a value it never wrote: %.12s... (%zu bytes)\n", id,
                         got.c_str(), got.size());
          } else {
            possible = {got};
          }
          break;
        }
        case 2: {
          const long long n = r.incr(counter);
          if (n <= counter_low && n != 1) {
            ++t.wrong;
            std::fprintf(stderr, "worker %d: INCR went backwards (%lld after %lld)\n", id, n, counter_low);
          }
          counter_low = n;
          break;
        }
        case 3: {
          auto p = r.dynamic_pipeline<std::optional<std::string>>();
          for (int j = 0; j < 20; ++j) p.add(typedis::cmd::get(key));
          for (const auto& v : p.exec()) {
            if (v && possible.count(*v) == 0) ++t.wrong;
          }
          break;
        }
        default: {
          auto outcome = r.transaction().incr(counter).get(key).exec();
          if (outcome) {
            const long long n = std::get<0>(*outcome);
            if (n <= counter_low && n != 1) ++t.wrong;
            counter_low = n;
          }
          break;
        }
      }
      ++t.ops;
    } catch (const typedis::error&) {
      t.error();
      counter_low = 0;  // a failed INCR may have run (or not), a restart may have reset it
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string url;
  int seconds = 60, threads = 8;
  // Which faults the chaos loop injects (all by default); "none" switches faults off again.
  static constexpr const char* fault_names[] = {"cutall", "cut", "delay", "drop", "stall", "none"};
  std::string faults_allowed = "cutall,cut,delay,drop,stall,none";
  unsigned seed = static_cast<unsigned>(std::random_device{}());
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string arg = argv[i];
    if (arg == "--url") url = argv[i + 1];
    else if (arg == "--seconds") seconds = std::atoi(argv[i + 1]);
    else if (arg == "--threads") threads = std::atoi(argv[i + 1]);
    else if (arg == "--faults") faults_allowed = argv[i + 1];
    else if (arg == "--seed") seed = static_cast<unsigned>(std::strtoul(argv[i + 1], nullptr, 10));
    else {
      std::fprintf(stderr, "unknown argument %s\n", arg.c_str());
      return 2;
    }
  }
  if (url.empty() || seconds <= 0 || threads <= 0) {
    std::fprintf(stderr, "usage: typedis_soak --url redis://HOST:PORT [--seconds N] [--threads N] [--seed N]\n");
    return 2;
  }
  const typedis::client_options upstream = typedis::parse_url(url);
  typedis::test::fault_proxy proxy(upstream.connection.host, upstream.connection.port);
  typedis::client_options o = typedis::parse_url(proxy.url());
  o.connection.read_timeout = o.connection.write_timeout = 1s;
  o.connection.connect_timeout = 1s;
  o.pool.max_size = static_cast<std::size_t>(threads);
  typedis::client r(o);
  std::printf("soak: %d s, %d threads, seed %u, server %s via proxy port %d\n", seconds, threads, seed, url.c_str(),
              proxy.port());

  tally t;
  std::atomic<bool> done{false};
  std::vector<std::thread> workers;
  for (int id = 0; id < threads; ++id) workers.emplace_back([&, id] { work(r, t, id, seed, done); });

  // Warm-up (pool, allocator caches) before the first RSS reading.
  std::this_thread::sleep_for(std::min(5s, std::chrono::seconds(seconds) / 5));
  const std::size_t rss_start = typedis::test::resident_bytes();
  const long ops_start = t.ops;
  const auto start = std::chrono::steady_clock::now();
  const auto end = start + std::chrono::seconds(seconds);
  std::mt19937 rng(seed);
  long faults = 0;
  while (std::chrono::steady_clock::now() < end) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50 + rng() % 450));
    const int pick = static_cast<int>(rng() % 6);
    if (faults_allowed.find(fault_names[pick]) == std::string::npos) continue;
    switch (pick) {
      case 0: proxy.cut_all(); break;
      case 1: proxy.set(fault::cut_after_bytes(rng() % 5000)); break;
      case 2: proxy.set(fault::delayed(std::chrono::milliseconds(rng() % 20))); break;
      case 3: proxy.set(fault::drop_every_kth(2 + rng() % 3)); break;
      case 4: proxy.set(fault::stall_after_bytes(rng() % 5000)); break;
      default: proxy.set(fault::none()); break;
    }
    ++faults;
  }
  proxy.set(fault::none());
  done = true;
  for (auto& w : workers) w.join();
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::size_t rss_end = typedis::test::resident_bytes();

  const long ops = t.ops - ops_start;
  std::printf("soak: %ld ops in %.1f s = %.0f ops/s; %ld faults injected, %zu connections through the proxy\n", ops,
              elapsed, static_cast<double>(ops) / elapsed, faults, proxy.accepted());
  long errors = 0;
  for (const auto& [kind, n] : t.errors) {
    std::printf("soak: errors %-12s %ld\n", kind.c_str(), n);
    errors += n;
  }
  std::printf("soak: errors total %ld; wrong answers %ld\n", errors, t.wrong.load());
  std::printf("soak: RSS after warm-up %.1f MiB, at the end %.1f MiB\n", static_cast<double>(rss_start) / 1048576.0,
              static_cast<double>(rss_end) / 1048576.0);
  const bool rss_flat = rss_end < rss_start + rss_start / 2 + (32u << 20);
  if (!rss_flat) std::printf("soak: FAIL: RSS grew\n");
  if (t.wrong != 0) std::printf("soak: FAIL: wrong answers\n");
  return t.wrong == 0 && rss_flat ? 0 : 1;
}
