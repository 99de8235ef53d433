// The synchronous cluster client (issue 12) against a real 6-node cluster (cluster_group.hpp: 3
// primaries, 3 replicas): routing by key specs and hash tags, MOVED after a slot migration, ASK
// while one is half done, keyless commands by the spec's policy tips (DBSIZE summed, KEYS merged,
// FLUSHALL on every primary), multi-key commands split by slot and answered in the caller's order,
// cross-slot commands refused before anything is sent, pipelines grouped per node, single-slot
// transactions, replica reads, and one topology refresh for many redirected requests.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "cluster_group.hpp"
#include "stopping_threads.hpp"
#include "core/slot.hpp"
#include "test_env.hpp"
#include "typedis/async.hpp"
#include "typedis/typedis.hpp"

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>

using namespace std::chrono_literals;
using typedis::test::cluster_group;

namespace {

// ASSERT_* returns, which a coroutine cannot.
#define CO_ASSERT(cond)                          \
  if (!(cond)) {                                 \
    ADD_FAILURE() << "assertion failed: " #cond; \
    co_return;                                   \
  }

// One cluster per test suite: `make` starts it (nullptr: skip, with `missing` as the reason).
template <class Variant>
class cluster_suite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { group_ = Variant::make(); }
  static void TearDownTestSuite() {
    delete group_;
    group_ = nullptr;
  }
  void SetUp() override {
    if (!group_) GTEST_SKIP() << Variant::missing;
  }
  static inline cluster_group* group_ = nullptr;
};

struct plain_cluster {
  static constexpr const char* missing = "TYPEDIS_REDIS_SERVER not set";
  static cluster_group* make() { return std::getenv("TYPEDIS_REDIS_SERVER") ? new cluster_group() : nullptr; }
};
using cluster_client_test = cluster_suite<plain_cluster>;

// Moves `slot` to a primary other than its owner; returns the new owner's port.
int move_to_another_primary(cluster_group& group, int slot) {
  const int from = group.port_of_slot(slot);
  int to = 0;
  for (int port : group.primary_ports())
    if (port != from) to = port;
  group.migrate_slot(slot, to);
  return to;
}

// A key of each of the three primaries' slot ranges (0-5460, 5461-10922, 10923-16383).
std::vector<std::string> keys_on_every_shard(const std::string& prefix) {
  std::vector<std::string> out(3);
  for (int i = 0; out[0].empty() || out[1].empty() || out[2].empty(); ++i) {
    const std::string k = prefix + std::to_string(i);
    const auto slot = typedis::core::key_slot(k);
    const int shard = slot <= 5460 ? 0 : slot <= 10922 ? 1 : 2;
    if (out[shard].empty()) out[shard] = k;
  }
  return out;
}

TEST_F(cluster_client_test, commands_go_to_the_node_of_their_slot) {
  typedis::cluster_client c{group_->seed_url()};
  EXPECT_EQ(c.nodes().size(), 6u);
  const auto keys = keys_on_every_shard(typedis::test::unique_key("route") + ":");
  for (const auto& k : keys) {
    c.set(k, "v:" + k);
    EXPECT_EQ(c.get(k), std::optional<std::string>("v:" + k));
    EXPECT_EQ(c.node_of(k), "127.0.0.1:" + std::to_string(group_->port_of_slot(typedis::core::key_slot(k))));
  }
  // Hash tags keep keys together: a multi-key command that cannot be split works on one slot.
  const std::string a = "{tag}:" + typedis::test::unique_key("a");
  const std::string b = "{tag}:" + typedis::test::unique_key("b");
  c.sadd(a, {"x", "y"});
  c.sadd(b, {"y", "z"});
  EXPECT_EQ(c.sinter({a, b}), (std::unordered_set<std::string>{"y"}));
  c.del({a, b});
  c.del(keys);
}

TEST_F(cluster_client_test, multi_key_commands_are_split_by_slot_and_answered_in_order) {
  typedis::cluster_client c{group_->seed_url()};
  const std::string p = typedis::test::unique_key("split") + ":";
  std::vector<std::string> keys;
  for (int i = 0; i < 30; ++i) keys.push_back(p + std::to_string(i));
  std::vector<std::pair<std::string, std::string>> pairs;
  for (int i = 0; i < 30; i += 2) pairs.emplace_back(keys[i], "value" + std::to_string(i));
  c.mset(pairs);  // spans the three primaries
  const auto values = c.mget(keys);
  ASSERT_EQ(values.size(), keys.size());
  for (int i = 0; i < 30; ++i) {
    if (i % 2 == 0) EXPECT_EQ(values[i], std::optional<std::string>("value" + std::to_string(i))) << i;
    else EXPECT_EQ(values[i], std::nullopt) << i;
  }
  EXPECT_EQ(c.exists(keys), 15);
  EXPECT_EQ(c.touch(keys), 15);
  EXPECT_EQ(c.del(keys), 15);
  EXPECT_EQ(c.exists(keys), 0);
}

TEST_F(cluster_client_test, a_cross_slot_command_that_cannot_be_split_fails_before_sending) {
  typedis::cluster_client c{group_->seed_url()};
  const auto keys = keys_on_every_shard(typedis::test::unique_key("cross") + ":");
  try {
    (void)c.sinter({keys[0], keys[1]});
    FAIL() << "no error";
  } catch (const typedis::cross_slot_error& e) {
    const std::string what = e.what();
    std::printf("[ cluster ] %s\n", what.c_str());
    EXPECT_NE(what.find(keys[0]), std::string::npos) << what;
    EXPECT_NE(what.find(keys[1]), std::string::npos) << what;
    EXPECT_NE(what.find("slot " + std::to_string(typedis::core::key_slot(keys[0]))), std::string::npos) << what;
  }
  // Nothing was sent: RENAME across slots would have failed on the server with CROSSSLOT instead.
  EXPECT_THROW(c.rename(keys[0], keys[1]), typedis::cross_slot_error);
}

TEST_F(cluster_client_test, keyless_commands_follow_the_policy_tips) {
  typedis::cluster_client c{group_->seed_url()};
  const std::string p = typedis::test::unique_key("tips") + ":";
  const auto keys = keys_on_every_shard(p);
  for (const auto& k : keys) c.set(k, "1");
  // DBSIZE: agg_sum over every primary.
  long long by_node = 0;
  for (int port : group_->primary_ports()) {
    typedis::client node{"redis://127.0.0.1:" + std::to_string(port)};
    by_node += node.dbsize();
  }
  EXPECT_EQ(c.dbsize(), by_node);
  EXPECT_GE(c.dbsize(), 3);
  // KEYS: merged from every primary.
  auto found = c.keys(p + "*");
  std::sort(found.begin(), found.end());
  auto want = keys;
  std::sort(want.begin(), want.end());
  EXPECT_EQ(found, want);
  // The cluster-wide SCAN sees the same keys.
  std::set<std::string> scanned;
  c.scan_each(p + "*", [&](std::string_view k) { scanned.insert(std::string(k)); });
  EXPECT_EQ(scanned, std::set<std::string>(want.begin(), want.end()));
  // SCRIPT LOAD reaches every node: EVALSHA then works on any slot.
  const std::string sha = c.script_load("return 42");
  for (const auto& k : keys) {
    const std::vector<std::string> one{k};
    EXPECT_EQ(c.evalsha(sha, {.key = one}).integer, 42);
  }
  c.del(keys);
}

TEST_F(cluster_client_test, pipelines_are_grouped_per_node_and_transactions_need_one_slot) {
  typedis::cluster_client c{group_->seed_url()};
  const auto keys = keys_on_every_shard(typedis::test::unique_key("pipe") + ":");
  auto [a, b, n, v] = c.pipeline().set(keys[0], "x").set(keys[1], "y").incr(keys[2]).get(keys[1]).exec();
  EXPECT_TRUE(a);
  EXPECT_TRUE(b);
  EXPECT_EQ(n, 1);
  EXPECT_EQ(v, std::optional<std::string>("y"));
  const std::string t1 = "{tx}:" + typedis::test::unique_key("1");
  const std::string t2 = "{tx}:" + typedis::test::unique_key("2");
  auto tx = c.transaction().incr(t1).incrby(t2, 5).exec();
  ASSERT_TRUE(tx);
  EXPECT_EQ(std::get<0>(*tx), 1);
  EXPECT_EQ(std::get<1>(*tx), 5);
  EXPECT_THROW((void)c.transaction().incr(keys[0]).incr(keys[1]).exec(), typedis::cross_slot_error);
  c.del(keys);
  c.del({t1, t2});
}

TEST_F(cluster_client_test, moved_and_ask_are_followed_and_refresh_once) {
  typedis::cluster_client c{group_->seed_url()};
  const std::string k = typedis::test::unique_key("move");
  c.set(k, "before");
  const int slot = typedis::core::key_slot(k);
  const int from = group_->port_of_slot(slot);
  int to = 0;
  for (int p : group_->primary_ports())
    if (p != from) to = p;
  // Half done: the key is still on the source, a new key of the slot gets ASK to the target.
  group_->begin_migration(slot, to);
  EXPECT_EQ(c.get(k), std::optional<std::string>("before"));
  // A key of the slot that the source does not have: -ASK, then ASKING + SET on the target.
  const std::string fresh = cluster_group::key_for_slot(slot, typedis::test::unique_key("fresh"));
  c.set(fresh, "asked");
  EXPECT_EQ(c.get(fresh), std::optional<std::string>("asked"));
  EXPECT_EQ(c.node_of(k), "127.0.0.1:" + std::to_string(from)) << "ASK does not change the map";
  group_->finish_migration(slot, to);
  EXPECT_EQ(typedis::client("redis://127.0.0.1:" + std::to_string(to)).get(fresh), std::optional<std::string>("asked"))
      << "the fresh key was written on the importing node";
  // The client still thinks `from` serves the slot: MOVED, followed, the map patched.
  const auto before = c.refreshes();
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 8; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i)
        if (c.get(k) == std::optional<std::string>("before")) ++ok;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 160);
  EXPECT_EQ(c.node_of(k), "127.0.0.1:" + std::to_string(to));
  // One refresh at a time: threads that met MOVED while one ran may start one more each after
  // it (at most one per thread here), never one per request.
  EXPECT_LE(c.refreshes() - before, 8u) << "160 requests met MOVED: the topology must not be re-read per request";
  c.del(k);
}

long long get_calls(const std::vector<int>& ports) {
  long long total = 0;
  for (int port : ports) {
    typedis::client node{"redis://127.0.0.1:" + std::to_string(port)};
    const std::string stats = node.command<std::string>("INFO", "commandstats");
    const auto at = stats.find("cmdstat_get:calls=");
    if (at != std::string::npos) total += std::stoll(stats.substr(at + 18));
  }
  return total;
}

TEST_F(cluster_client_test, replica_reads) {
  typedis::cluster_options o;
  o.seeds = {group_->seed_url()};
  o.reads = typedis::cluster_read_policy::replica;
  typedis::cluster_client c{o};
  const std::string k = typedis::test::unique_key("replica");
  c.set(k, "v");
  // The replica may lag a moment behind its primary.
  EXPECT_TRUE(typedis::test::eventually([&] { return c.get(k) == std::optional<std::string>("v"); }, 5s));
  const long long on_primaries = get_calls(group_->primary_ports());
  const long long on_replicas = get_calls(group_->replica_ports());
  for (int i = 0; i < 20; ++i) EXPECT_EQ(c.get(k), std::optional<std::string>("v"));
  EXPECT_EQ(get_calls(group_->primary_ports()), on_primaries) << "reads went to a primary";
  EXPECT_GE(get_calls(group_->replica_ports()) - on_replicas, 20) << "reads answered by replicas";
  c.del(k);  // writes still go to the primary
}

TEST_F(cluster_client_test, pin_runs_a_watch_flow_on_the_primary_of_the_slot) {
  typedis::cluster_client c{group_->seed_url()};
  const std::string k = "{watch}:" + typedis::test::unique_key("n");
  c.set(k, "1");
  auto conn = c.pin(k);
  const std::vector<std::string> watched{k};
  conn.watch(watched);
  c.incr(k);  // another connection changes the watched key
  EXPECT_FALSE(conn.transaction().incr(k).exec()) << "EXEC must abort";
  conn.watch(watched);
  auto ran = conn.transaction().incr(k).exec();
  ASSERT_TRUE(ran);
  EXPECT_EQ(std::get<0>(*ran), 3);
  c.del(k);
}

TEST_F(cluster_client_test, nearest_reads_and_every_generated_group) {
  typedis::cluster_options o;
  o.seeds = {group_->seed_url()};
  o.reads = typedis::cluster_read_policy::nearest;
  typedis::cluster_client c{o};
  const std::string p = "{grp}:" + typedis::test::unique_key("g") + ":";
  c.hset(p + "h", "f", "v");
  c.rpush(p + "l", {"a", "b"});
  c.zadd(p + "z", {{1.5, "m"}});
  const std::vector<std::pair<std::string, std::string>> fields{{"f", "v"}};
  c.xadd(p + "s", typedis::cmd::xadd_id_selector_auto_id{}, fields);
  EXPECT_TRUE(typedis::test::eventually([&] { return c.hget(p + "h", "f") == std::optional<std::string>("v"); }, 5s));
  EXPECT_TRUE(typedis::test::eventually([&] { return c.llen(p + "l") == 2; }, 5s));
  EXPECT_TRUE(typedis::test::eventually([&] { return c.zscore(p + "z", "m") == std::optional<double>(1.5); }, 5s));
  EXPECT_TRUE(typedis::test::eventually([&] { return c.xlen(p + "s") == 1; }, 5s));
  const std::vector<std::string> all{p + "h", p + "l", p + "z", p + "s"};
  EXPECT_EQ(c.del(all), 4);
}

TEST_F(cluster_client_test, a_pipeline_of_ten_thousand_commands_across_every_node) {
  typedis::cluster_client c{group_->seed_url()};
  const std::string p = typedis::test::unique_key("big") + ":";
  auto writes = c.dynamic_pipeline<long long>();
  for (int i = 0; i < 10000; ++i) writes.add(typedis::cmd::incrby(p + std::to_string(i), i));
  const auto counts = writes.exec();
  ASSERT_EQ(counts.size(), 10000u);
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(counts[i], i) << i;
  auto reads = c.dynamic_pipeline<std::optional<std::string>>();
  for (int i = 0; i < 10000; ++i) reads.add(typedis::cmd::get(p + std::to_string(i)));
  const auto values = reads.exec();
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(values[i], std::optional<std::string>(std::to_string(i))) << i;
  std::vector<std::string> keys;
  for (int i = 0; i < 10000; ++i) keys.push_back(p + std::to_string(i));
  EXPECT_EQ(c.del(keys), 10000);
}

TEST_F(cluster_client_test, resharding_under_load_is_invisible_to_callers) {
  typedis::cluster_client c{group_->seed_url()};
  const std::string p = typedis::test::unique_key("reshard") + ":";
  // 64 keys in 4 slots; those slots move to another primary and back while 4 threads write and
  // read their own keys.
  std::vector<int> slots;
  std::vector<std::string> keys;
  for (int i = 0; keys.size() < 64; ++i) {
    const std::string k = "{" + p + std::to_string(i % 4) + "}:" + std::to_string(i);
    keys.push_back(k);
    const int s = typedis::core::key_slot(k);
    if (std::find(slots.begin(), slots.end(), s) == slots.end()) slots.push_back(s);
  }
  for (const auto& k : keys) c.set(k, "0");
  std::atomic<bool> stop{false};
  std::atomic<long long> errors{0}, operations{0};
  std::mutex first_errors_mutex;
  std::vector<std::string> first_errors;  // what the callers saw, for the failure message
  const auto note_error = [&](std::string what) {
    ++errors;
    const std::lock_guard lock{first_errors_mutex};
    if (first_errors.size() < 5) first_errors.push_back(std::move(what));
  };
  typedis::test::stopping_threads threads{stop};
  for (int t = 0; t < 4; ++t)
    threads.add([&, t] {
      long long n = 0;
      while (!stop) {
        for (int i = t; i < 64; i += 4) {
          try {
            c.set(keys[i], std::to_string(n));
            const auto got = c.get(keys[i]);
            if (got != std::optional<std::string>(std::to_string(n))) {
              note_error("GET " + keys[i] + " returned " + got.value_or("(nil)") + ", not " + std::to_string(n));
            }
            ++operations;
          } catch (const typedis::error& e) {
            note_error(e.what());
          }
        }
        ++n;
      }
    });
  const auto start = std::chrono::steady_clock::now();
  std::chrono::milliseconds slowest{0};  // the longest single migration
  for (int round = 0; round < 2; ++round) {
    for (int s : slots) {
      const auto began = std::chrono::steady_clock::now();
      move_to_another_primary(*group_, s);
      slowest = std::max(slowest, std::chrono::duration_cast<std::chrono::milliseconds>(
                                      std::chrono::steady_clock::now() - began));
    }
  }
  threads.join();
  std::printf("[ cluster ] %zu slots migrated twice under %lld operations in %lld ms (slowest migration %lld ms): "
              "%lld client-visible errors\n",
              slots.size(), static_cast<long long>(operations.load()),
              static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - start).count()),
              static_cast<long long>(slowest.count()), static_cast<long long>(errors.load()));
  std::string seen;
  for (const auto& e : first_errors) seen += "\n  " + e;
  EXPECT_EQ(errors.load(), 0) << "the first errors:" << seen;
  EXPECT_GT(operations.load(), 0);
  EXPECT_EQ(c.del(keys), 64);
}

// Runs `body` as a coroutine on `io`; fails the test instead of hanging.
template <class Body>
void run_coroutine(asio::io_context& io, Body body) {
  bool done = false;
  std::exception_ptr error;
  asio::co_spawn(io, std::move(body), [&](std::exception_ptr e) {
    error = e;
    done = true;
  });
  const auto until = std::chrono::steady_clock::now() + 30s;
  while (!done && std::chrono::steady_clock::now() < until) {
    if (io.stopped()) io.restart();
    io.run_for(20ms);
  }
  ASSERT_TRUE(done) << "the coroutine did not finish";
  if (error) std::rethrow_exception(error);
}

TEST_F(cluster_client_test, the_async_cluster_client_routes_like_the_sync_one) {
  asio::io_context io;
  typedis::async_cluster_client c{io.get_executor(), group_->seed_url()};
  typedis::cluster_client sync{group_->seed_url()};
  constexpr auto use = asio::use_awaitable;
  const std::string p = typedis::test::unique_key("async") + ":";
  const auto keys = keys_on_every_shard(p);
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    for (const auto& k : keys) co_await c.set(k, "v:" + k, use);
    for (const auto& k : keys) EXPECT_EQ(co_await c.get(k, use), std::optional<std::string>("v:" + k));
    // Split by slot, in the caller's order.
    std::vector<std::string> some{keys[2], p + "missing", keys[0], keys[1]};
    const auto values = co_await c.mget(some, use);
    CO_ASSERT(values.size() == 4u)
    EXPECT_EQ(values[0], std::optional<std::string>("v:" + keys[2]));
    EXPECT_EQ(values[1], std::nullopt);
    EXPECT_EQ(values[2], std::optional<std::string>("v:" + keys[0]));
    EXPECT_EQ(values[3], std::optional<std::string>("v:" + keys[1]));
    // Summed over every primary.
    EXPECT_EQ(co_await c.dbsize(use), sync.dbsize());
    // Refused before sending.
    bool refused = false;
    try {
      const std::vector<std::string> two{keys[0], keys[1]};
      co_await c.sinter(two, use);
    } catch (const typedis::cross_slot_error&) {
      refused = true;
    }
    EXPECT_TRUE(refused);
    // A pipeline over the three nodes, in call order.
    auto [a, b, n] = co_await c.pipeline().get(keys[0]).get(keys[1]).incr(p + "{n}").async_exec(use);
    EXPECT_EQ(a, std::optional<std::string>("v:" + keys[0]));
    EXPECT_EQ(b, std::optional<std::string>("v:" + keys[1]));
    EXPECT_EQ(n, 1);
    auto tx = co_await c.transaction().incr(p + "{n}").incr(p + "{n}").async_exec(use);
    CO_ASSERT(tx.has_value())
    EXPECT_EQ(std::get<1>(*tx), 3);
    EXPECT_EQ(co_await c.del(keys, use), 3);
    const std::vector<std::string> counter{p + "{n}"};
    co_await c.del(counter, use);
  });
  // MOVED after a migration: followed, the caller sees its value.
  const std::string k = typedis::test::unique_key("amove");
  sync.set(k, "moved-value");
  const int slot = typedis::core::key_slot(k);
  const int from = group_->port_of_slot(slot);
  move_to_another_primary(*group_, slot);
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    EXPECT_EQ(co_await c.get(k, use), std::optional<std::string>("moved-value"));
    co_await c.del(k, use);
  });
  group_->migrate_slot(slot, from);
}

TEST_F(cluster_client_test, the_async_cluster_client_reads_from_replicas_pins_and_scans) {
  asio::io_context io;
  typedis::cluster_options o;
  o.seeds = {group_->seed_url()};
  o.reads = typedis::cluster_read_policy::replica;
  typedis::async_cluster_client c{io.get_executor(), o};
  typedis::cluster_client sync{group_->seed_url()};
  constexpr auto use = asio::use_awaitable;
  const std::string p = typedis::test::unique_key("areplica") + ":";
  const auto keys = keys_on_every_shard(p);
  for (const auto& k : keys) sync.set(k, "v");
  // Reads on replicas (READONLY in the handshake of those connections), writes on primaries.
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    for (const auto& k : keys) {
      for (int i = 0; i < 100 && co_await c.get(k, use) != std::optional<std::string>("v"); ++i) {
        asio::steady_timer t(io, 20ms);
        co_await t.async_wait(use);  // the replica may lag a moment behind
      }
    }
    const long long on_primaries = get_calls(group_->primary_ports());
    const long long on_replicas = get_calls(group_->replica_ports());
    for (int i = 0; i < 10; ++i)
      for (const auto& k : keys) EXPECT_EQ(co_await c.get(k, use), std::optional<std::string>("v"));
    EXPECT_EQ(get_calls(group_->primary_ports()), on_primaries) << "reads went to a primary";
    EXPECT_GE(get_calls(group_->replica_ports()) - on_replicas, 30) << "reads answered by replicas";
    co_await c.set(keys[0], "w", use);  // a write: on the primary
    // A pipeline: the read on a replica, the write on the primary, answers in call order.
    auto [v, n] = co_await c.pipeline().get(keys[1]).incr(p + "{n}").async_exec(use);
    EXPECT_EQ(v, std::optional<std::string>("v"));
    EXPECT_EQ(n, 1);

    // pin(key): WATCH ... MULTI/EXEC on the primary of the key's slot.
    auto conn = c.pin(keys[2]);
    const std::vector<std::string> watched{keys[2]};
    co_await conn.watch(watched, use);
    sync.set(keys[2], "changed");  // another connection changes the watched key
    auto aborted = co_await conn.transaction().set(keys[2], "mine").async_exec(use);
    EXPECT_FALSE(aborted.has_value()) << "EXEC must abort";
    co_await conn.watch(watched, use);
    auto ran = co_await conn.transaction().set(keys[2], "mine").async_exec(use);
    EXPECT_TRUE(ran.has_value());

    // SCAN over every primary through node(): every key once.
    std::multiset<std::string> seen;
    for (const auto& n : c.primaries()) {
      auto node = c.node(n);
      std::string cursor = "0";
      do {
        auto page = co_await node.scan(cursor, {.match = p + "*", .count = 100}, use);
        cursor = page.first;
        seen.insert(page.second.begin(), page.second.end());
      } while (cursor != "0");
    }
    EXPECT_EQ(seen, (std::multiset<std::string>{keys[0], keys[1], keys[2], p + "{n}"}));
  });
  EXPECT_EQ(sync.get(keys[2]), std::optional<std::string>("mine"));
  EXPECT_EQ(sync.get(keys[0]), std::optional<std::string>("w"));
  sync.del(keys);
  sync.del(p + "{n}");
}

// A message on `channel` published until one arrives (a moving channel misses those published
// while it is between owners): true if one came within `limit`.
bool published_and_received(typedis::cluster_client& c, typedis::cluster_subscriber& sub, const std::string& channel,
                            const std::string& payload, std::chrono::milliseconds limit = 15s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    try {
      c.spublish(channel, payload);
    } catch (const typedis::error&) {
      // the slot's owner may be failing over: publish again
    }
    const auto wait_until = std::chrono::steady_clock::now() + 200ms;
    while (std::chrono::steady_clock::now() < wait_until)
      if (auto m = sub.get_message(50ms))
        if (m->kind == typedis::message_kind::smessage && m->channel == channel && m->payload == payload) return true;
  }
  return false;
}

TEST_F(cluster_client_test, sharded_pubsub_follows_its_slot_to_the_new_owner) {
  typedis::cluster_client c{group_->seed_url()};
  typedis::cluster_subscriber sub{c};
  const std::string p = typedis::test::unique_key("shard") + ":";
  // One shard channel per primary, two in the same slot, and a classic channel.
  auto channels = keys_on_every_shard(p);
  const std::string twin = "{" + channels[0] + "}:twin";
  channels[0] = "{" + channels[0] + "}";
  sub.ssubscribe({channels[0], channels[1], channels[2], twin});
  sub.subscribe("classic:" + p);
  for (const auto& ch : channels) {
    EXPECT_EQ(sub.node_of(ch), c.node_of(ch)) << ch;
    EXPECT_TRUE(published_and_received(c, sub, ch, "before " + ch)) << ch;
  }
  EXPECT_EQ(sub.node_of(twin), sub.node_of(channels[0]));

  // The slot of channels[0] (and twin) moves to another primary: the old owner drops both
  // subscriptions (an unsolicited sunsubscribe); the subscriber puts them on the new owner.
  const int slot = typedis::core::key_slot(channels[0]);
  const int from = group_->port_of_slot(slot);
  const int to = move_to_another_primary(*group_, slot);
  EXPECT_TRUE(published_and_received(c, sub, channels[0], "after the move"));
  EXPECT_TRUE(published_and_received(c, sub, twin, "twin after the move"));
  EXPECT_EQ(sub.node_of(channels[0]), "127.0.0.1:" + std::to_string(to));
  EXPECT_EQ(sub.node_of(twin), "127.0.0.1:" + std::to_string(to));
  EXPECT_GE(sub.stats().moves, 2u);
  // The other channels never moved and still deliver; so does the classic one.
  EXPECT_TRUE(published_and_received(c, sub, channels[1], "still " + channels[1]));
  EXPECT_TRUE(published_and_received(c, sub, channels[2], "still " + channels[2]));
  c.publish("classic:" + p, "hello");
  std::optional<typedis::message> classic;
  EXPECT_TRUE(typedis::test::eventually([&] {
    classic = sub.get_message(100ms);
    return classic && classic->kind == typedis::message_kind::message;
  }, 5s));
  if (classic) {
    EXPECT_EQ(classic->payload, "hello");
  }

  // Unsubscribed: nothing more is handed out for it.
  sub.sunsubscribe({channels[1]});
  EXPECT_EQ(sub.shard_channels(), (std::set<std::string>{channels[0], channels[2], twin}));
  c.spublish(channels[1], "gone");
  for (int i = 0; i < 5; ++i)
    if (auto m = sub.get_message(50ms)) {
      EXPECT_NE(m->channel, channels[1]);
    }
  group_->migrate_slot(slot, from);
  EXPECT_TRUE(published_and_received(c, sub, channels[0], "moved back"));
  EXPECT_EQ(sub.node_of(channels[0]), "127.0.0.1:" + std::to_string(from));
}

TEST_F(cluster_client_test, mset_mget_del_across_all_16384_slots_in_the_callers_order) {
  typedis::cluster_client c{group_->seed_url()};
  const std::string p = typedis::test::unique_key("every") ;
  // One key per slot (slots computed by the fixture, independently of the client).
  std::vector<std::string> keys(16384);
  for (std::size_t n = 0, filled = 0; filled < keys.size(); ++n) {
    std::string k = p + ":" + std::to_string(n);
    auto& place = keys[static_cast<std::size_t>(cluster_group::key_slot(k))];
    if (place.empty()) place = std::move(k), ++filled;
  }
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::size_t slot = 0; slot < keys.size(); ++slot) pairs.emplace_back(keys[slot], "v" + std::to_string(slot));
  // A caller's order unrelated to the slots.
  std::vector<std::size_t> order(keys.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = (i * 7919) % order.size();
  std::vector<std::pair<std::string, std::string>> shuffled;
  std::vector<std::string> shuffled_keys;
  for (std::size_t i : order) {
    shuffled.push_back(pairs[i]);
    shuffled_keys.push_back(keys[i]);
  }
  c.mset(shuffled);
  const auto values = c.mget(shuffled_keys);
  ASSERT_EQ(values.size(), keys.size());
  std::size_t right = 0;
  for (std::size_t j = 0; j < order.size(); ++j)
    right += values[j] == std::optional<std::string>("v" + std::to_string(order[j]));
  EXPECT_EQ(right, keys.size());
  // Every key landed on the node the server says serves its slot.
  std::set<std::string> nodes_used;
  for (int slot : {0, 5460, 5461, 10922, 10923, 16383}) {
    const auto owner = group_->port_of_slot(slot);
    const auto got = typedis::test::resp_command(owner, {"GET", keys[static_cast<std::size_t>(slot)]});
    EXPECT_EQ(got.text, "v" + std::to_string(slot)) << "slot " << slot;
    nodes_used.insert(c.node_of(keys[static_cast<std::size_t>(slot)]));
  }
  EXPECT_EQ(nodes_used.size(), 3u);
  EXPECT_EQ(c.exists(shuffled_keys), 16384);
  EXPECT_EQ(c.del(shuffled_keys), 16384);
  EXPECT_EQ(c.exists(keys), 0);
}

TEST_F(cluster_client_test, resharding_under_1000_coroutines_is_invisible_to_them) {
  asio::io_context io;
  typedis::async_cluster_client c{io.get_executor(), group_->seed_url()};
  const std::string p = typedis::test::unique_key("coro") + ":";
  std::vector<int> slots;
  std::vector<std::string> keys;
  for (int i = 0; keys.size() < 1000; ++i) {
    keys.push_back("{" + p + std::to_string(i % 4) + "}:" + std::to_string(i));
    const int s = typedis::core::key_slot(keys.back());
    if (std::find(slots.begin(), slots.end(), s) == slots.end()) slots.push_back(s);
  }
  std::atomic<bool> stop{false};
  std::atomic<long long> errors{0}, operations{0};
  std::atomic<int> running{0};
  std::string first_error;
  for (const auto& k : keys) {
    ++running;
    asio::co_spawn(io, [&, k]() -> asio::awaitable<void> {
      long long n = 0;
      while (!stop) {
        try {
          co_await c.set(k, std::to_string(n), asio::use_awaitable);
          const auto v = co_await c.get(k, asio::use_awaitable);
          if (v != std::optional<std::string>(std::to_string(n))) ++errors;
          ++operations;
        } catch (const std::exception& e) {
          if (errors++ == 0) first_error = e.what();
        }
        ++n;
      }
      --running;
    }, asio::detached);
  }
  std::thread loop([&] { io.run(); });
  const auto start = std::chrono::steady_clock::now();
  // The moves happen under load, however slow the build (ASan): once a round of operations has run,
  // and the load must go on for another round after them before it stops.
  const bool loaded = typedis::test::eventually([&] { return operations.load() >= 1000; }, 30s);
  try {
    for (int s : slots) move_to_another_primary(*group_, s);
  } catch (...) {  // a joinable std::thread would end the process and lose the failure
    stop = true;
    io.stop();
    loop.join();
    throw;
  }
  const long long after_moves = operations.load();
  const bool went_on = typedis::test::eventually([&] { return operations.load() >= after_moves + 1000; }, 30s);
  stop = true;
  // The client's own timers (health checks) keep the loop alive: stop it once every coroutine ended.
  const bool all_ended = typedis::test::eventually([&] { return running.load() == 0; }, 30s);
  io.stop();
  loop.join();
  EXPECT_TRUE(all_ended) << running.load() << " coroutines still wait for an answer";
  std::printf("[ cluster ] %zu slots migrated under 1000 coroutines, %lld operations in %lld ms: %lld errors\n",
              slots.size(), static_cast<long long>(operations.load()),
              static_cast<long long>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::steady_clock::now() - start).count()),
              static_cast<long long>(errors.load()));
  EXPECT_EQ(errors.load(), 0) << first_error;
  EXPECT_TRUE(loaded) << "the coroutines did not get going: " << operations.load() << " operations";
  EXPECT_TRUE(went_on) << "the load stalled after the moves: " << operations.load() - after_moves
                       << " operations since";
  typedis::cluster_client sync{group_->seed_url()};
  EXPECT_EQ(sync.del(keys), 1000);
}

// The TLS variant: a second cluster whose nodes speak TLS to clients, to each other (cluster bus)
// and to their replicas. Everything a TLS client learns (CLUSTER SHARDS, MOVED) must name the TLS
// ports. Needs the test certificates (TYPEDIS_TEST_TLS_CA, set by scripts/test).
struct tls_cluster {
  static constexpr const char* missing = "TYPEDIS_REDIS_SERVER or TYPEDIS_TEST_TLS_CA not set";
  static cluster_group* make() {
    const char* ca = std::getenv("TYPEDIS_TEST_TLS_CA");
    if (std::getenv("TYPEDIS_REDIS_SERVER") == nullptr || ca == nullptr) return nullptr;
    const std::string dir = std::filesystem::path(ca).parent_path().string();
    return new cluster_group(typedis::test::cluster_tls_files{ca, dir + "/server.crt", dir + "/server.key",
                                                              dir + "/client.crt", dir + "/client.key"});
  }
};
using cluster_tls_test = cluster_suite<tls_cluster>;

TEST_F(cluster_tls_test, routing_redirects_async_and_sharded_pubsub_over_tls) {
  const std::string url = group_->tls_seed_url();
  typedis::cluster_client c{url};
  EXPECT_EQ(c.node_options().connection.transport, typedis::transport_kind::tls);
  // The map names the TLS ports.
  std::set<std::string> tls_ports;
  for (int port : group_->ports()) tls_ports.insert("127.0.0.1:" + std::to_string(group_->tls_port(port)));
  for (const auto& n : c.nodes()) EXPECT_TRUE(tls_ports.contains(n)) << n << " is not a TLS port";
  const std::string p = typedis::test::unique_key("tls") + ":";
  const auto keys = keys_on_every_shard(p);
  for (const auto& k : keys) c.set(k, "v:" + k);
  const auto values = c.mget(keys);
  ASSERT_EQ(values.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(values[i], std::optional<std::string>("v:" + keys[i]));
  EXPECT_EQ(c.dbsize(), 3);

  typedis::cluster_subscriber sub{c};
  const std::string channel = "{" + keys[0] + "}";
  sub.ssubscribe({channel});
  EXPECT_TRUE(published_and_received(c, sub, channel, "over tls"));

  // A migration: MOVED (and the new map) must carry the TLS port of the new owner.
  const int slot = typedis::core::key_slot(keys[0]);
  const int to = move_to_another_primary(*group_, slot);
  EXPECT_EQ(c.get(keys[0]), std::optional<std::string>("v:" + keys[0]));
  EXPECT_EQ(c.node_of(keys[0]), "127.0.0.1:" + std::to_string(group_->tls_port(to)));
  EXPECT_TRUE(published_and_received(c, sub, channel, "moved over tls"));
  EXPECT_EQ(sub.node_of(channel), "127.0.0.1:" + std::to_string(group_->tls_port(to)));

  asio::io_context io;
  typedis::async_cluster_client a{io.get_executor(), url};
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    const auto got = co_await a.mget(keys, asio::use_awaitable);
    CO_ASSERT(got.size() == 3u)
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(got[i], std::optional<std::string>("v:" + keys[i]));
    EXPECT_EQ(co_await a.del(keys, asio::use_awaitable), 3);
  });
}

// Last: it changes which nodes are primaries. Under load from two threads: a manual CLUSTER
// FAILOVER on a replica, then the new primary is killed (its replica, the old primary, takes over).
// Writes acknowledged by WAIT (at least one replica has them) must all survive; the test reports
// how long each event kept writes from succeeding. A sharded subscription on the slot follows.
TEST_F(cluster_client_test, failover_under_load_loses_no_acknowledged_write) {
  typedis::cluster_client c{group_->seed_url()};
  typedis::cluster_subscriber sub{c};
  const std::string p = typedis::test::unique_key("failover") + ":";
  const auto keys = keys_on_every_shard(p);  // keys[0] on the shard that fails over
  const std::string channel = "{" + keys[0] + "}:events";
  sub.ssubscribe({channel});
  const int slot = typedis::core::key_slot(keys[0]);
  const int first_primary = group_->port_of_slot(slot);
  ASSERT_TRUE(published_and_received(c, sub, channel, "before"));

  std::mutex m;
  std::map<std::string, long long> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<long long> failures{0};
  // Writes of keys[0] (acknowledged or not): when the last one succeeded, and the longest time
  // without one since `longest_gap` was reset.
  std::mutex gap_mutex;
  auto last_ok_write = std::chrono::steady_clock::now();
  auto longest_gap = std::chrono::steady_clock::duration::zero();
  typedis::test::stopping_threads writers{stop};
  for (int t = 0; t < 2; ++t)
    writers.add([&, t] {
      for (long long n = 1; !stop; ++n) {
        for (std::size_t i = static_cast<std::size_t>(t); i < keys.size(); i += 2) {
          try {
            // WAIT runs on the connection of the SET before it (the pipeline keeps them together).
            // (With its only replica killed, a shard acknowledges nothing until that node is back.)
            auto [ok, replicas] = c.pipeline().set(keys[i], std::to_string(n)).wait(1, 200ms).exec();
            if (ok && i == 0) {
              std::lock_guard l(gap_mutex);
              const auto now = std::chrono::steady_clock::now();
              longest_gap = std::max(longest_gap, now - last_ok_write);
              last_ok_write = now;
            }
            if (ok && replicas >= 1) {
              std::lock_guard l(m);
              acknowledged[keys[i]] = n;
            }
          } catch (const typedis::error&) {
            ++failures;
          }
        }
      }
    });
  // The longest time keys[0] could not be written around an event: from just before it until a
  // write succeeded after `after` (the new owner known), or -1 if none did within 30 s.
  const auto start_event = [&] {
    std::lock_guard l(gap_mutex);
    longest_gap = std::chrono::steady_clock::duration::zero();
  };
  const auto unavailable = [&](std::chrono::steady_clock::time_point after) {
    const auto limit = after + 30s;
    while (std::chrono::steady_clock::now() < limit) {
      {
        std::lock_guard l(gap_mutex);
        if (last_ok_write > after) return std::chrono::duration_cast<std::chrono::milliseconds>(longest_gap);
      }
      std::this_thread::sleep_for(10ms);
    }
    return std::chrono::milliseconds(-1);
  };
  std::this_thread::sleep_for(300ms);

  // 1. A manual failover: the replica takes over, the old primary becomes its replica.
  const int replica = [&] {
    for (int port : group_->replica_ports()) {
      const auto role = typedis::test::resp_command(port, {"ROLE"});
      if (role.elements.size() >= 3 && role.elements[2].text == std::to_string(first_primary)) return port;
    }
    return 0;
  }();
  ASSERT_NE(replica, 0);
  start_event();
  ASSERT_EQ(typedis::test::resp_command(replica, {"CLUSTER", "FAILOVER"}).text, "OK");
  EXPECT_EQ(group_->wait_for_new_owner(slot, first_primary), replica);
  const auto manual = unavailable(std::chrono::steady_clock::now());
  // 2. The new primary is killed: the old one (its replica now) takes over again.
  std::this_thread::sleep_for(500ms);  // the demoted primary catches up with the new one
  start_event();
  group_->kill_node(replica);
  const int third = group_->wait_for_new_owner(slot, replica);
  const auto killed = unavailable(std::chrono::steady_clock::now());
  std::this_thread::sleep_for(300ms);
  writers.join();
  std::printf("[ cluster ] writes to the slot stopped for %lld ms around CLUSTER FAILOVER, %lld ms when its "
              "primary was killed (%lld failed writes in all)\n",
              static_cast<long long>(manual.count()), static_cast<long long>(killed.count()),
              static_cast<long long>(failures.load()));
  EXPECT_GE(manual.count(), 0) << "no write succeeded within 30 s of CLUSTER FAILOVER";
  EXPECT_GE(killed.count(), 0) << "no write succeeded within 30 s of the kill";
  EXPECT_EQ(third, first_primary);
  // Every acknowledged write is there (or a later one of the same writer).
  for (const auto& [k, n] : acknowledged) {
    const auto v = c.get(k);
    ASSERT_TRUE(v.has_value()) << k;
    EXPECT_GE(std::stoll(*v), n) << k << ": an acknowledged write was lost";
  }
  EXPECT_EQ(acknowledged.size(), keys.size());
  // The sharded subscription followed the slot to its current owner.
  EXPECT_TRUE(published_and_received(c, sub, channel, "after"))
      << "moves " << sub.stats().moves << ", lost connections " << sub.stats().lost_connections << ", failed attempts "
      << sub.stats().failed_attempts;
  EXPECT_EQ(sub.node_of(channel), "127.0.0.1:" + std::to_string(third));
  EXPECT_EQ(c.node_of(keys[0]), "127.0.0.1:" + std::to_string(third));
  group_->restart_node(replica);
  group_->wait_until_healthy();
  c.del(keys);
}

}  // namespace

