// End-to-end benchmarks against a running redis-server (one connection each), and the memory figures.
//
//   bench_e2e --latency  --port=P [--n=20000]              round-trip GET/SET, p50/p99, CPU per call
//   bench_e2e --pipeline --port=P [--ops=1000000]          batches of 128 GET/SET: ops/s, CPU per op
//   bench_e2e --callgrind=get|set --lib=typedis|methods|typed|conn|hiredis --port=P [--ops=25600]
//                                                          driver for callgrind (--toggle-collect=bench_cg_*)
//   bench_e2e --rss --lib=typedis|hiredis --port=P [--n=100000]   peak RSS of one 100,000-GET batch
//   bench_alloc --alloc --port=P                            allocations per pipelined GET (bench_alloc only)
//
// Pipelined typedis contenders:
//   typedis  the public API, as an application writes it: per batch
//            `auto p = r.dynamic_pipeline<T>(); p.add(typedis::cmd::get(key)) x128; auto v = p.exec();`
//            on a typedis::client with a pool of 1;
//   methods  the same pipeline through its generated methods (each command encoded into the batch):
//            `auto p = r.dynamic_pipeline<T>(); p.get(key) x128; auto v = p.exec();`;
//   typed    the typed pipeline: r.pipeline().get(k0).get(k1)...(128 calls).exec() -> a tuple of 128;
//   conn     a floor, not an API: connection-level pipelining through the internal typedis::connection
//            (make_command, one write, read_reply + decoder per reply), no pool, no batch object.
// Every mode prints one JSON object on stdout.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cinttypes>
#include <memory>

#include "bench_keys.hpp"
#include "common.hpp"
#include "sync/connection.hpp"
#include "typedis/client.hpp"
#include "typedis/command.hpp"
#include "typedis/pipeline.hpp"

#ifdef TYPEDIS_BENCH_ALLOC
#include "alloc_counter.hpp"
#endif

namespace {

using typedis::resp::reply_cursor;
using opt_string = std::optional<std::string>;

constexpr std::size_t key_count = 1024;
constexpr std::string_view value = "abc";

struct redis_ctx_deleter {
  void operator()(redisContext* c) const noexcept { redisFree(c); }
};
using redis_ptr = std::unique_ptr<redisContext, redis_ctx_deleter>;

std::vector<std::string> make_keys() { return bench::numbered_keys("bench:key:", key_count); }

redis_ptr hiredis_connect(int port) {
  redis_ptr c(redisConnect("127.0.0.1", port));
  if (!c || c->err) bench::die("hiredis: cannot connect");
  return c;
}

typedis::connection_options typedis_options(int port) {
  typedis::connection_options o;
  o.host = "127.0.0.1";
  o.port = static_cast<std::uint16_t>(port);
  return o;  // RESP3 (HELLO 3), the default
}

void hiredis_expect(redisContext* c, void* reply, int type) {
  if (reply == nullptr) bench::die(bench::cat("hiredis: ", c->errstr));
  auto* r = static_cast<redisReply*>(reply);
  if (r->type != type) bench::die(bench::cat("hiredis: unexpected reply type ", bench::num(r->type)));
}

void preload(int port, const std::vector<std::string>& keys) {
  redis_ptr c = hiredis_connect(port);
  for (const auto& k : keys) {
    const char* argv[3] = {"SET", k.c_str(), value.data()};
    const std::size_t lens[3] = {3, k.size(), value.size()};
    void* r = redisCommandArgv(c.get(), 3, argv, lens);
    hiredis_expect(c.get(), r, REDIS_REPLY_STATUS);
    freeReplyObject(r);
  }
}

// ---- connection-level pipelining ------------------------------------------------------------------

struct typedis_pipe {
  typedis::connection_options options;
  std::unique_ptr<typedis::connection> conn;
  std::string batch;

  explicit typedis_pipe(int port) : options(typedis_options(port)) {
    conn = typedis::connection::open(std::make_shared<const typedis::connection_options>(options), {});
  }
};

enum class op { get, set };

// One batch: `n` commands built and written with one write, then their `n` replies read and decoded.
void typedis_batch(typedis_pipe& p, op which, const std::vector<std::string>& keys, std::size_t& k, std::size_t n) {
  p.batch.clear();
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& key = keys[k++ % key_count];
    if (which == op::get) {
      auto cmd = typedis::make_command<opt_string>(typedis::generic_command_info, "GET", key);
      p.batch.append(cmd.bytes());
    } else {
      auto cmd = typedis::make_command<bool>(typedis::generic_command_info, "SET", key, value);
      p.batch.append(cmd.bytes());
    }
  }
  const std::string_view name = which == op::get ? "GET" : "SET";
  p.conn->send(p.batch, n, name);
  for (std::size_t i = 0; i < n; ++i) {
    if (which == op::get) {
      opt_string out;
      p.conn->read_reply(name, [&](reply_cursor& c) {
        if (typedis::resp::is_error(c.peek().type)) bench::die("typedis: error reply");
        typedis::decode_into(c, out);
      });
      benchmark::DoNotOptimize(out);
    } else {
      bool out = false;
      p.conn->read_reply(name, [&](reply_cursor& c) {
        if (typedis::resp::is_error(c.peek().type)) bench::die("typedis: error reply");
        typedis::decode_into(c, out);
      });
      benchmark::DoNotOptimize(out);
    }
  }
}

// The public API: a fresh dynamic_pipeline per batch, generated builders, exec() -> vector<T>.
using opt_ok = std::optional<typedis::ok>;

typedis::client make_client(int port) {
  typedis::client_options co;
  co.connection = typedis_options(port);
  co.pool.max_size = 1;
  return typedis::client(co);
}

void api_batch(typedis::client& r, op which, const std::vector<std::string>& keys, std::size_t& k, std::size_t n) {
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

// The same through the pipeline's generated methods, which encode each command straight into the
// batch: `auto p = r.dynamic_pipeline<T>(); p.get(key) x128; auto v = p.exec();`.
void methods_batch(typedis::client& r, op which, const std::vector<std::string>& keys, std::size_t& k, std::size_t n) {
  if (which == op::get) {
    auto p = r.dynamic_pipeline<opt_string>();
    for (std::size_t i = 0; i < n; ++i) p.get(keys[k++ % key_count]);
    std::vector<opt_string> v = p.exec();
    if (v.size() != n) bench::die("typedis: wrong reply count");
    benchmark::DoNotOptimize(v.data());
  } else {
    auto p = r.dynamic_pipeline<opt_ok>();
    for (std::size_t i = 0; i < n; ++i) p.set(keys[k++ % key_count], value);
    std::vector<opt_ok> v = p.exec();
    if (v.size() != n) bench::die("typedis: wrong reply count");
    benchmark::DoNotOptimize(v.data());
  }
}

// The same, reusing one dynamic_pipeline across batches (exec() leaves its buffers' capacity).
template <class T>
void api_batch_reused(typedis::dynamic_pipeline<T>& p, op which, const std::vector<std::string>& keys, std::size_t& k,
                      std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    if constexpr (std::is_same_v<T, opt_string>) {
      (void)which;
      p.add(typedis::cmd::get(keys[k++ % key_count]));
    } else {
      p.add(typedis::cmd::set(keys[k++ % key_count], value));
    }
  }
  std::vector<T> v = p.exec();
  benchmark::DoNotOptimize(v.data());
}

// The typed pipeline: 128 chained calls, a tuple of 128 results.
template <std::size_t N, class P>
auto chain(P&& p, op which, const std::vector<std::string>& keys, std::size_t& k) {
  if constexpr (N == 0) {
    return std::move(p);
  } else if constexpr (N % 2 == 0 && N >= 2) {
    // two per step halves the recursion depth
    const std::string& a = keys[k++ % key_count];
    const std::string& b = keys[k++ % key_count];
    return chain<N - 2>(std::move(p).get(a).get(b), which, keys, k);
  } else {
    return chain<N - 1>(std::move(p).get(keys[k++ % key_count]), which, keys, k);
  }
}
template <std::size_t N, class P>
auto chain_set(P&& p, const std::vector<std::string>& keys, std::size_t& k) {
  if constexpr (N == 0) {
    return std::move(p);
  } else {
    const std::string& a = keys[k++ % key_count];
    const std::string& b = keys[k++ % key_count];
    return chain_set<N - 2>(std::move(p).set(a, value).set(b, value), keys, k);
  }
}

void typed_batch(typedis::client& r, op which, const std::vector<std::string>& keys, std::size_t& k, std::size_t n) {
  if (n != 128) bench::die("typed pipeline: batches of 128 only");
  if (which == op::get) {
    auto t = chain<128>(r.pipeline(), which, keys, k).exec();
    benchmark::DoNotOptimize(&t);
    if (!std::get<127>(t)) bench::die("typedis: missing value");
  } else {
    auto t = chain_set<128>(r.pipeline(), keys, k).exec();
    benchmark::DoNotOptimize(&t);
  }
}

void hiredis_batch(redisContext* c, op which, const std::vector<std::string>& keys, std::size_t& k, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& key = keys[k++ % key_count];
    if (which == op::get) {
      const char* argv[2] = {"GET", key.c_str()};
      const std::size_t lens[2] = {3, key.size()};
      if (redisAppendCommandArgv(c, 2, argv, lens) != REDIS_OK) bench::die("hiredis: append");
    } else {
      const char* argv[3] = {"SET", key.c_str(), value.data()};
      const std::size_t lens[3] = {3, key.size(), value.size()};
      if (redisAppendCommandArgv(c, 3, argv, lens) != REDIS_OK) bench::die("hiredis: append");
    }
  }
  const int expected = which == op::get ? REDIS_REPLY_STRING : REDIS_REPLY_STATUS;
  for (std::size_t i = 0; i < n; ++i) {
    void* r = nullptr;
    if (redisGetReply(c, &r) != REDIS_OK) bench::die(bench::cat("hiredis: ", c->errstr));
    hiredis_expect(c, r, expected);
    freeReplyObject(r);
  }
}

constexpr std::size_t batch_size = 128;

// The floor: the same request bytes, prebuilt, sent with one send() per batch on a plain blocking
// socket, and the replies received (counted by length, not parsed). What any client pays in the
// kernel and the loopback for these batches; neither library can get below it.
class raw_floor {
 public:
  raw_floor(int port, const std::vector<std::string>& keys) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || ::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) bench::die("raw: connect");
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    for (std::size_t b = 0; b < key_count / batch_size; ++b) {
      std::string get, set;
      for (std::size_t i = 0; i < batch_size; ++i) {
        get += typedis::make_command<opt_string>(typedis::generic_command_info, "GET", keys[b * batch_size + i]).bytes();
        set += typedis::make_command<bool>(typedis::generic_command_info, "SET", keys[b * batch_size + i], value).bytes();
      }
      gets_.push_back(std::move(get));
      sets_.push_back(std::move(set));
    }
    buffer_.resize(64 * 1024);
  }
  ~raw_floor() { ::close(fd_); }
  raw_floor(const raw_floor&) = delete;
  raw_floor& operator=(const raw_floor&) = delete;

  void batch(op which) {
    const std::string& req = (which == op::get ? gets_ : sets_)[next_++ % gets_.size()];
    for (std::size_t sent = 0; sent < req.size();) {
      const ssize_t n = ::send(fd_, req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) bench::die("raw: send");
      sent += static_cast<std::size_t>(n);
    }
    // "$3\r\nabc\r\n" or "+OK\r\n" per command
    const std::size_t expected = batch_size * (which == op::get ? 9 : 5);
    for (std::size_t got = 0; got < expected;) {
      const ssize_t n = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
      if (n <= 0) bench::die("raw: recv");
      got += static_cast<std::size_t>(n);
    }
  }

 private:
  int fd_ = -1;
  std::vector<std::string> gets_, sets_;
  std::vector<char> buffer_;
  std::size_t next_ = 0;
};

// ---- modes ------------------------------------------------------------------------------------------

struct percentiles {
  double p50, p99;
};
percentiles percentiles_of(std::vector<double>& v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
  return {at(0.50), at(0.99)};
}

// Round trips as an application writes them (`r.get(key)`, `r.set(key, value)` on a client with a
// pool of 1), next to hiredis's redisCommandArgv: three sides alternating in blocks of 500 (default
// pool options; pool_options::closed_check_after = 0, a poll on every checkout; hiredis), p50/p99
// of steady_clock per call and client CPU (getrusage user + sys) per call over each side's blocks.
int run_latency(int port, std::size_t n) {
  const auto keys = make_keys();
  preload(port, keys);
  typedis::client_options co;
  co.connection = typedis_options(port);
  co.pool.max_size = 1;
  typedis::client client(co);
  co.pool.closed_check_after = std::chrono::milliseconds(0);
  typedis::client checked(co);
  redis_ptr h = hiredis_connect(port);
  constexpr std::size_t sides = 3;
  static constexpr const char* names[sides] = {"typedis", "typedis_closed_check_0", "hiredis"};

  std::printf("{");
  for (op which : {op::get, op::set}) {
    std::vector<double> ns[sides];
    bench::cpu_time cpu[sides];
    std::size_t k = 0;
    auto typedis_one = [&](typedis::client& c) {
      const std::string& key = keys[k++ % key_count];
      if (which == op::get) {
        auto v = c.get(key);
        benchmark::DoNotOptimize(v);
      } else {
        auto v = c.set(key, value);
        benchmark::DoNotOptimize(v);
      }
    };
    auto hiredis_one = [&] {
      const std::string& key = keys[k++ % key_count];
      void* r = nullptr;
      if (which == op::get) {
        const char* argv[2] = {"GET", key.c_str()};
        const std::size_t lens[2] = {3, key.size()};
        r = redisCommandArgv(h.get(), 2, argv, lens);
        hiredis_expect(h.get(), r, REDIS_REPLY_STRING);
      } else {
        const char* argv[3] = {"SET", key.c_str(), value.data()};
        const std::size_t lens[3] = {3, key.size(), value.size()};
        r = redisCommandArgv(h.get(), 3, argv, lens);
        hiredis_expect(h.get(), r, REDIS_REPLY_STATUS);
      }
      freeReplyObject(r);
    };
    auto one = [&](std::size_t side) {
      if (side == 0)
        typedis_one(client);
      else if (side == 1)
        typedis_one(checked);
      else
        hiredis_one();
    };
    for (int i = 0; i < 500; ++i)
      for (std::size_t side = 0; side < sides; ++side) one(side);  // warm up
    const std::size_t block = 500;
    for (std::size_t done = 0, round = 0; done < n; done += block, ++round) {
      for (std::size_t i = 0; i < sides; ++i) {
        const std::size_t side = (round + i) % sides;  // rotate the order: each side sees the same drift
        const bench::cpu_time c0 = bench::cpu_now();
        for (std::size_t j = 0; j < block; ++j) {
          const auto t0 = std::chrono::steady_clock::now();
          one(side);
          ns[side].push_back(std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count());
        }
        cpu[side] += bench::cpu_now() - c0;
      }
    }
    std::printf("%s\"%s\": {\"samples\": %zu", which == op::get ? "" : ", ", which == op::get ? "get" : "set",
                ns[0].size());
    for (std::size_t i = 0; i < sides; ++i) {
      const auto p = percentiles_of(ns[i]);
      // the CPU includes the steady_clock reads around each call, the same on every side
      std::printf(", \"%s\": {\"p50_us\": %.3f, \"p99_us\": %.3f, \"cpu_ns_per_op\": %.1f}", names[i], p.p50 / 1e3,
                  p.p99 / 1e3, cpu[i].total() / static_cast<double>(ns[i].size()) * 1e9);
    }
    std::printf("}");
  }
  std::printf("}\n");
  return 0;
}

// Pipelined batches of 128: `ops` operations per library and command, in `rounds` alternating
// blocks; client CPU (user + sys, getrusage) and wall time summed over each library's blocks.
int run_pipeline(int port, std::size_t ops, std::size_t rounds) {
  const auto keys = make_keys();
  preload(port, keys);
  typedis::client api = make_client(port);
  typedis::client typed = make_client(port);
  typedis::client methods = make_client(port);
  typedis_pipe t(port);
  redis_ptr h = hiredis_connect(port);
  raw_floor raw(port, keys);
  const std::size_t batches_per_round = (ops / rounds + batch_size - 1) / batch_size;
  constexpr std::size_t sides = 6;
  static constexpr const char* names[sides] = {"typedis",      "hiredis",      "raw_floor",
                                               "typedis_conn", "typedis_typed", "typedis_methods"};

  std::printf("{");
  for (op which : {op::get, op::set}) {
    std::size_t k = 0;
    auto one = [&](std::size_t side) {
      switch (side) {
        case 0: api_batch(api, which, keys, k, batch_size); break;
        case 1: hiredis_batch(h.get(), which, keys, k, batch_size); break;
        case 2: raw.batch(which); break;
        case 3: typedis_batch(t, which, keys, k, batch_size); break;
        case 4: typed_batch(typed, which, keys, k, batch_size); break;
        default: methods_batch(methods, which, keys, k, batch_size); break;
      }
    };
    for (int i = 0; i < 50; ++i)
      for (std::size_t side = 0; side < sides; ++side) one(side);
    bench::cpu_time cpu[sides];
    double wall[sides] = {};
    std::size_t done = 0;
    for (std::size_t r = 0; r < rounds; ++r) {
      for (std::size_t i = 0; i < sides; ++i) {
        const std::size_t side = (r + i) % sides;  // rotate the order: each side sees the same drift
        const bench::cpu_time c0 = bench::cpu_now();
        const double w0 = bench::now_seconds();
        for (std::size_t b = 0; b < batches_per_round; ++b) one(side);
        cpu[side] += bench::cpu_now() - c0;
        wall[side] += bench::now_seconds() - w0;
      }
      done += batches_per_round * batch_size;
    }
    const double n = static_cast<double>(done);
    std::printf("%s\"%s\": {\"ops\": %zu, \"batch\": %zu", which == op::get ? "" : ", ",
                which == op::get ? "get" : "set", done, batch_size);
    // user/sys: getrusage splits them by tick sampling, only their sum is precise
    for (std::size_t i = 0; i < sides; ++i)
      std::printf(", \"%s\": {\"ops_per_s\": %.0f, \"cpu_ns_per_op\": %.1f, \"user_ns_per_op\": %.1f, \"sys_ns_per_op\": %.1f}",
                  names[i], n / wall[i], cpu[i].total() / n * 1e9, cpu[i].user / n * 1e9, cpu[i].sys / n * 1e9);
    std::printf("}");
  }
  std::printf("}\n");
  return 0;
}

// Peak RSS of one batch of n GETs whose n results are all kept until the end, as a pipeline's
// exec() would return them (typedis: the decoded optional<string>s; hiredis: the redisReply objects).
int run_rss(int port, const std::string& lib, std::size_t n) {
  const auto keys = make_keys();
  preload(port, keys);
  std::size_t k = 0;
  if (lib == "typedis") {
    typedis::client r = make_client(port);
    (void)r.command<opt_string>("GET", keys[0]);  // connect before the baseline
    const long baseline = bench::max_rss_kib();
    auto p = r.dynamic_pipeline<opt_string>();
    for (std::size_t i = 0; i < n; ++i) p.add(typedis::cmd::get(keys[k++ % key_count]));
    std::vector<opt_string> results = p.exec();
    if (results.size() != n || results.back() != value) bench::die("typedis: wrong value");
    std::printf("{\"lib\": \"typedis\", \"api\": \"dynamic_pipeline\", \"commands\": %zu, \"baseline_kib\": %ld, \"peak_kib\": %ld}\n",
                n, baseline, bench::max_rss_kib());
  } else {
    redis_ptr h = hiredis_connect(port);
    const long baseline = bench::max_rss_kib();
    for (std::size_t i = 0; i < n; ++i) {
      const std::string& key = keys[k++ % key_count];
      const char* argv[2] = {"GET", key.c_str()};
      const std::size_t lens[2] = {3, key.size()};
      if (redisAppendCommandArgv(h.get(), 2, argv, lens) != REDIS_OK) bench::die("hiredis: append");
    }
    std::vector<void*> results(n);
    for (std::size_t i = 0; i < n; ++i) {
      if (redisGetReply(h.get(), &results[i]) != REDIS_OK) bench::die("hiredis: read");
      hiredis_expect(h.get(), results[i], REDIS_REPLY_STRING);
    }
    const long peak = bench::max_rss_kib();
    for (void* r : results) freeReplyObject(r);
    std::printf("{\"lib\": \"hiredis\", \"commands\": %zu, \"baseline_kib\": %ld, \"peak_kib\": %ld}\n", n, baseline, peak);
  }
  return 0;
}

#ifdef TYPEDIS_BENCH_ALLOC
// Allocations per GET of a 3-byte value: around the decode of N replies from memory, and around
// whole pipelined round trips (build + write + read + decode), after a warm-up.
int run_alloc(int port) {
  using bench::alloc::snapshot;
  constexpr std::size_t n = 12'800;
  std::printf("{");
  {
    bench::stream s = bench::make_get_replies(n);
    typedis::resp::parser p;
    auto decode = [](std::size_t, reply_cursor& c) {
      opt_string out = typedis::decode<opt_string>(c);
      benchmark::DoNotOptimize(out);
    };
    bench::typedis_parse(p, s.bytes, 16, decode);  // warm-up
    const auto a0 = snapshot();
    bench::typedis_parse(p, s.bytes, n, decode);
    const auto a1 = snapshot();
    redisReader* r = redisReaderCreate();
    bench::hiredis_parse(r, s.bytes, 16, 0);
    redisReaderFree(r);
    r = redisReaderCreate();
    const auto b0 = snapshot();
    bench::hiredis_parse(r, s.bytes, n, 16 * 1024);
    const auto b1 = snapshot();
    redisReaderFree(r);
    std::printf("\"decode\": {\"replies\": %zu, \"typedis_new\": %.3f, \"typedis_malloc\": %.3f, \"hiredis_malloc\": %.3f}",
                n, static_cast<double>(a1.news - a0.news) / n, static_cast<double>(a1.mallocs - a0.mallocs) / n,
                static_cast<double>(b1.mallocs - b0.mallocs) / n);
  }
  {
    const auto keys = make_keys();
    preload(port, keys);
    typedis::client api = make_client(port);
    typedis::client typed = make_client(port);
    typedis::dynamic_pipeline<opt_string> reused = api.dynamic_pipeline<opt_string>();
    typedis_pipe t(port);
    redis_ptr h = hiredis_connect(port);
    std::size_t k = 0;
    // news, mallocs per GET over n / batch_size whole batches, after a warm-up of 10
    auto count = [&](auto&& batch) {
      for (int i = 0; i < 10; ++i) batch();
      const auto a0 = snapshot();
      for (std::size_t i = 0; i < n / batch_size; ++i) batch();
      const auto a1 = snapshot();
      return std::pair<double, double>(static_cast<double>(a1.news - a0.news) / n,
                                       static_cast<double>(a1.mallocs - a0.mallocs) / n);
    };
    const auto a = count([&] { api_batch(api, op::get, keys, k, batch_size); });
    const auto ar = count([&] { api_batch_reused(reused, op::get, keys, k, batch_size); });
    const auto ty = count([&] { typed_batch(typed, op::get, keys, k, batch_size); });
    const auto me = count([&] { methods_batch(api, op::get, keys, k, batch_size); });
    const auto c = count([&] { typedis_batch(t, op::get, keys, k, batch_size); });
    const auto hr = count([&] { hiredis_batch(h.get(), op::get, keys, k, batch_size); });
    // A dynamic pipeline's exec() returns a std::vector: one allocation per batch is the result itself.
    std::printf(", \"roundtrip\": {\"ops\": %zu, \"batch\": %zu, \"typedis_new\": %.6f, \"typedis_malloc\": %.6f, "
                "\"hiredis_malloc\": %.6f, \"reused_new\": %.6f, \"reused_malloc\": %.6f, \"typed_new\": %.6f, "
                "\"typed_malloc\": %.6f, \"methods_new\": %.6f, \"methods_malloc\": %.6f, \"conn_new\": %.6f, "
                "\"conn_malloc\": %.6f}",
                n, batch_size, a.first, a.second, hr.second, ar.first, ar.second, ty.first, ty.second, me.first,
                me.second, c.first, c.second);
  }
  std::printf("}\n");
  return 0;
}
#endif

}  // namespace

// callgrind drivers: --toggle-collect=bench_cg_* counts only what runs inside these.
extern "C" [[gnu::noinline]] void bench_cg_typedis_pipeline(void* client, int which, const void* keys, std::size_t batches) {
  std::size_t k = 0;
  auto& ks = *static_cast<const std::vector<std::string>*>(keys);
  for (std::size_t b = 0; b < batches; ++b)
    api_batch(*static_cast<typedis::client*>(client), which == 0 ? op::get : op::set, ks, k, batch_size);
}
extern "C" [[gnu::noinline]] void bench_cg_typedis_typed(void* client, int which, const void* keys, std::size_t batches) {
  std::size_t k = 0;
  auto& ks = *static_cast<const std::vector<std::string>*>(keys);
  for (std::size_t b = 0; b < batches; ++b)
    typed_batch(*static_cast<typedis::client*>(client), which == 0 ? op::get : op::set, ks, k, batch_size);
}
extern "C" [[gnu::noinline]] void bench_cg_typedis_methods(void* client, int which, const void* keys, std::size_t batches) {
  std::size_t k = 0;
  auto& ks = *static_cast<const std::vector<std::string>*>(keys);
  for (std::size_t b = 0; b < batches; ++b)
    methods_batch(*static_cast<typedis::client*>(client), which == 0 ? op::get : op::set, ks, k, batch_size);
}
extern "C" [[gnu::noinline]] void bench_cg_typedis_conn(void* pipe, int which, const void* keys, std::size_t batches) {
  std::size_t k = 0;
  auto& ks = *static_cast<const std::vector<std::string>*>(keys);
  for (std::size_t b = 0; b < batches; ++b)
    typedis_batch(*static_cast<typedis_pipe*>(pipe), which == 0 ? op::get : op::set, ks, k, batch_size);
}
extern "C" [[gnu::noinline]] void bench_cg_hiredis_pipeline(void* ctx, int which, const void* keys, std::size_t batches) {
  std::size_t k = 0;
  auto& ks = *static_cast<const std::vector<std::string>*>(keys);
  for (std::size_t b = 0; b < batches; ++b)
    hiredis_batch(static_cast<redisContext*>(ctx), which == 0 ? op::get : op::set, ks, k, batch_size);
}

namespace {
int run_callgrind(int port, const std::string& what, const std::string& lib, std::size_t ops) {
  const auto keys = make_keys();
  preload(port, keys);
  const int which = what == "get" ? 0 : 1;
  const std::size_t batches = ops / batch_size;
  std::size_t k = 0;
  const op o = which == 0 ? op::get : op::set;
  if (lib == "typedis" || lib == "typed" || lib == "methods") {
    typedis::client r = make_client(port);
    if (lib == "typedis") {
      for (int i = 0; i < 4; ++i) api_batch(r, o, keys, k, batch_size);
      bench_cg_typedis_pipeline(&r, which, &keys, batches);
    } else if (lib == "methods") {
      for (int i = 0; i < 4; ++i) methods_batch(r, o, keys, k, batch_size);
      bench_cg_typedis_methods(&r, which, &keys, batches);
    } else {
      for (int i = 0; i < 4; ++i) typed_batch(r, o, keys, k, batch_size);
      bench_cg_typedis_typed(&r, which, &keys, batches);
    }
  } else if (lib == "conn") {
    typedis_pipe t(port);
    for (int i = 0; i < 4; ++i) typedis_batch(t, o, keys, k, batch_size);
    bench_cg_typedis_conn(&t, which, &keys, batches);
  } else {
    redis_ptr h = hiredis_connect(port);
    for (int i = 0; i < 4; ++i) hiredis_batch(h.get(), o, keys, k, batch_size);
    bench_cg_hiredis_pipeline(h.get(), which, &keys, batches);
  }
  std::printf("{\"ops\": %zu}\n", batches * batch_size);
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  const bench::flags f(argc, argv);
  const int port = static_cast<int>(f.number("port", 6379));
  try {
    if (f.get("latency")) return run_latency(port, static_cast<std::size_t>(f.number("n", 20'000)));
    if (f.get("pipeline"))
      return run_pipeline(port, static_cast<std::size_t>(f.number("ops", 1'000'000)),
                          static_cast<std::size_t>(f.number("rounds", 10)));
    if (auto what = f.get("callgrind"))
      return run_callgrind(port, *what, f.get_or("lib", "typedis"), static_cast<std::size_t>(f.number("ops", 25'600)));
    if (f.get("rss")) return run_rss(port, f.get_or("lib", "typedis"), static_cast<std::size_t>(f.number("n", 100'000)));
#ifdef TYPEDIS_BENCH_ALLOC
    if (f.get("alloc")) return run_alloc(port);
#endif
  } catch (const std::exception& e) {
    bench::die(e.what());
  }
  bench::die("usage: --latency | --pipeline | --callgrind=get|set --lib=typedis|hiredis | --rss --lib=... (--port=P)");
}
