// The synchronous cluster client: a slot map read from CLUSTER SHARDS (CLUSTER SLOTS on older
// servers), one pool per node, and one routing function for every command, driven by the spec's
// key specs and policy tips and by the dispatch policy (MOVED, ASK, TRYAGAIN, CLUSTERDOWN). No
// command is routed by hand, and no redirect is handled by catching a typed exception per command
// kind: the dispatch policy decides, this file moves bytes.
#include "typedis/cluster_client.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <shared_mutex>
#include <thread>

#include "core/cluster_topology.hpp"
#include "core/dispatch.hpp"
#include "core/slot.hpp"
#include "sync/batch_runner.hpp"
#include "sync/endpoint.hpp"
#include "sync/pinned_connection_impl.hpp"
#include "sync/pool.hpp"
#include "typedis/resp/request_args.hpp"
#include "typedis/url.hpp"

namespace typedis {
namespace {

using cluster_node = core::cluster::node;
using core::cluster::shard;

resp::value ask(connection& c, std::string_view request, std::string_view name) {
  resp::value v;
  c.roundtrip(request, name, [&](resp::reply_cursor& cursor) { v = resp::value::read(cursor); });
  return v;
}

bool is_redirect(std::string_view text) { return text.substr(0, 6) == "MOVED " || text.substr(0, 4) == "ASK "; }

}  // namespace

struct cluster_client_base::impl final : detail::batch_runner {
  explicit impl(cluster_options o) : options(std::move(o)) {
    if (options.seeds.empty()) throw config_error("cluster: no seed node given");
    base = parse_url(options.seeds.front());
    if (base.sentinel) throw config_error("cluster: a seed must be a redis:// or rediss:// URL, not a sentinel URL");
    base.pool.max_size = options.pool_size_per_node;
    for (const auto& s : options.seeds) {
      const auto c = parse_url(s).connection;
      seeds.push_back(cluster_node{c.host, c.port, true, {}});
    }
    policy_options.max_attempts = std::max(base.retry.max_attempts, 5);
    policy_options.backoff = base.retry.effective_backoff();
    policy_options.cluster = true;
    slots.fill(-1);
    refresh(version.load());
  }

  // ---- topology ----------------------------------------------------------------------------

  connection_pool& pool_of(const cluster_node& n) {
    const std::string key = n.name();
    {
      std::shared_lock lock(pools_mutex);
      auto it = pools.find(key);
      if (it != pools.end()) return *it->second;
    }
    std::unique_lock lock(pools_mutex);
    auto& slot = pools[key];
    if (!slot) {
      connection_options c = base.connection;
      c.host = n.host;
      c.port = n.port;
      slot = std::make_unique<connection_pool>(endpoint::make(std::move(c), base.on_push, base.observer), base.pool);
    }
    return *slot;
  }

  // Re-reads the topology unless someone else did since `seen` (a thousand requests that saw MOVED
  // cause one refresh, not a thousand).
  void refresh(std::uint64_t seen) {
    std::lock_guard lock(refresh_mutex);
    if (version.load() != seen) return;
    std::vector<cluster_node> ask_first;
    {
      std::shared_lock map_lock(map_mutex);
      for (const auto& s : shards) ask_first.push_back(s.primary);
    }
    ask_first.insert(ask_first.end(), seeds.begin(), seeds.end());
    std::string failures;
    for (const cluster_node& n : ask_first) {
      try {
        auto lease = pool_of(n).acquire();
        std::vector<shard> found;
        try {
          found = core::cluster::parse_shards(ask(*lease, core::cluster::shards_request, "CLUSTER SHARDS"),
                                              base.connection.transport == transport_kind::tls);
        } catch (const server_error&) {
          // A server before 7.0: CLUSTER SHARDS is unknown there.
        }
        if (found.empty()) found = core::cluster::parse_slots(ask(*lease, core::cluster::slots_request, "CLUSTER SLOTS"));
        if (found.empty()) {
          failures += (failures.empty() ? "" : "; ") + n.name() + ": no slot is served";
          continue;
        }
        install(std::move(found));
        if (options.reads == cluster_read_policy::nearest) measure_latency();
        return;
      } catch (const error& e) {
        failures += (failures.empty() ? "" : "; ") + n.name() + ": " + e.what();
      }
    }
    throw io_error("CLUSTER SHARDS", "", "cannot read the cluster topology (" + failures + ")", send_state::not_sent);
  }

  void install(std::vector<shard> found) {
    // The pools first (outside map_mutex: opening none, just finding or making the pool objects).
    std::vector<connection_pool*> primary;
    std::vector<std::vector<connection_pool*>> replica;
    for (const auto& s : found) {
      primary.push_back(&pool_of(s.primary));
      replica.emplace_back();
      for (const auto& r : s.replicas) replica.back().push_back(&pool_of(r));
    }
    std::unique_lock lock(map_mutex);
    shards = std::move(found);
    primary_pools = std::move(primary);
    replica_pools = std::move(replica);
    slots.fill(-1);
    last_refresh = std::chrono::steady_clock::now().time_since_epoch().count();
    for (std::size_t i = 0; i < shards.size(); ++i)
      for (const auto& [a, b] : shards[i].ranges)
        for (std::size_t s = a; s <= b; ++s) slots[s] = static_cast<int>(i);
    version.fetch_add(1);
  }

  // One PING per node, timed: what the nearest policy chooses by.
  void measure_latency() {
    for (const cluster_node& n : all_nodes()) {
      try {
        auto lease = pool_of(n).acquire();
        const auto start = std::chrono::steady_clock::now();
        lease->roundtrip("*1\r\n$4\r\nPING\r\n", "PING", [](resp::reply_cursor& c) { c.skip(); });
        const auto took = std::chrono::steady_clock::now() - start;
        std::lock_guard lock(latency_mutex);
        latency[n.name()] = took;
      } catch (const error&) {
        std::lock_guard lock(latency_mutex);
        latency.erase(n.name());
      }
    }
  }

  // MOVED: the slot lives on `target` now. The map is patched at once (the next request for that
  // slot goes straight there) and re-read in full at the next occasion.
  void moved(std::uint16_t slot, const cluster_node& target) {
    std::unique_lock lock(map_mutex);
    for (std::size_t i = 0; i < shards.size(); ++i) {
      if (shards[i].primary.host == target.host && shards[i].primary.port == target.port) {
        // Already known (a refresh or another redirect got there first): nothing is stale.
        if (slots[slot] == static_cast<int>(i)) return;
        slots[slot] = static_cast<int>(i);
        stale = true;
        return;
      }
    }
    shard s;
    s.primary = target;
    s.ranges.emplace_back(slot, slot);
    shards.push_back(std::move(s));
    primary_pools.push_back(&pool_of(target));
    replica_pools.emplace_back();
    slots[slot] = static_cast<int>(shards.size() - 1);
    stale = true;
  }

  // The node for a command on `slot`: its primary, or a replica for a read under a replica policy.
  std::optional<std::pair<cluster_node, bool>> node_for(std::uint16_t slot, const command_info& info) {
    std::shared_lock lock(map_mutex);
    const int i = slots[slot];
    if (i < 0) return std::nullopt;
    const shard& s = shards[static_cast<std::size_t>(i)];
    const bool read = has_flag(info.flags, command_flag::readonly);
    if (read && options.reads == cluster_read_policy::nearest) {
      std::lock_guard latency_lock(latency_mutex);
      const auto rtt = [&](const cluster_node& n) {
        auto it = latency.find(n.name());
        return it == latency.end() ? std::chrono::nanoseconds::max() : it->second;
      };
      std::pair<cluster_node, bool> best{s.primary, false};
      for (const auto& r : s.replicas)
        if (rtt(r) < rtt(best.first)) best = {r, true};
      return best;
    }
    if (read && options.reads != cluster_read_policy::primary && !s.replicas.empty()) {
      const std::size_t k = next_replica.fetch_add(1, std::memory_order_relaxed) % s.replicas.size();
      return std::make_pair(s.replicas[k], true);
    }
    return std::make_pair(s.primary, false);
  }

  // The pool for a command on `slot`: node_for's choice, without copying a node or looking a pool
  // up by name (the hot path of every routed command).
  struct route {
    connection_pool* pool = nullptr;
    bool replica = false;
  };
  std::optional<route> route_for(std::uint16_t slot, const command_info& info) {
    const bool read = has_flag(info.flags, command_flag::readonly);
    if (read && options.reads == cluster_read_policy::nearest) {
      const auto where = node_for(slot, info);
      if (!where) return std::nullopt;
      return route{&pool_of(where->first), where->second};
    }
    std::shared_lock lock(map_mutex);
    return route_in_map(slot, info);
  }
  // route_for without the nearest policy, map_mutex held by the caller.
  std::optional<route> route_in_map(std::uint16_t slot, const command_info& info) {
    const bool read = has_flag(info.flags, command_flag::readonly);
    const int i = slots[slot];
    if (i < 0) return std::nullopt;
    const auto& replicas = replica_pools[static_cast<std::size_t>(i)];
    if (read && options.reads != cluster_read_policy::primary && !replicas.empty())
      return route{replicas[next_replica.fetch_add(1, std::memory_order_relaxed) % replicas.size()], true};
    return route{primary_pools[static_cast<std::size_t>(i)], false};
  }

  std::vector<cluster_node> primaries() {
    std::shared_lock lock(map_mutex);
    std::vector<cluster_node> out;
    for (const auto& s : shards) out.push_back(s.primary);
    return out;
  }
  std::vector<cluster_node> all_nodes() {
    std::shared_lock lock(map_mutex);
    std::vector<cluster_node> out;
    for (const auto& s : shards) out.push_back(s.primary);
    for (const auto& s : shards) out.insert(out.end(), s.replicas.begin(), s.replicas.end());
    return out;
  }

  void refresh_if_stale() {
    if (options.refresh_interval.count() > 0 &&
        std::chrono::steady_clock::now().time_since_epoch().count() - last_refresh.load(std::memory_order_relaxed) >
            std::chrono::duration_cast<std::chrono::steady_clock::duration>(options.refresh_interval).count())
      stale = true;
    if (!stale.exchange(false)) return;
    try {
      refresh(version.load());
    } catch (const error&) {
      stale = true;  // try again next time; the patched map keeps working meanwhile
    }
  }

  // ---- running one command on one node, redirects followed --------------------------------

  // Runs `request` for `slot` (or on `fixed` when given), following MOVED/ASK and retrying
  // TRYAGAIN/CLUSTERDOWN as the dispatch policy decides.
  void run(std::optional<std::uint16_t> slot, std::optional<cluster_node> fixed, std::string_view request,
           std::string_view name, const command_info& info,
           detail::function_ref<void(resp::reply_cursor&)> sink) {
    dispatch::policy policy(policy_options, jitter_seed());
    dispatch::request req{&info, false, 1, 0, false};
    connection_pool* pool = fixed ? &pool_of(*fixed) : nullptr;
    bool replica = false;
    bool asking = false;
    for (;; ++req.attempt) {
      if (pool == nullptr) {
        refresh_if_stale();
        auto where = route_for(*slot, info);
        if (!where) {
          refresh(version.load());
          where = route_for(*slot, info);
          if (!where)
            throw io_error(name, "", "no node serves slot " + std::to_string(*slot) + " (CLUSTERDOWN?)", send_state::not_sent);
        }
        pool = where->pool;
        replica = where->replica;
      }
      std::optional<connection_pool::lease> lease;
      try {
        lease.emplace(pool->acquire());
      } catch (const io_error& e) {
        const auto d = policy.decide(req, dispatch::outcome::io(send_state::not_sent));
        if (d.what == dispatch::decision::action::fail || d.what == dispatch::decision::action::done) throw;
        stale = true;
        if (!fixed) pool = nullptr;
        std::this_thread::sleep_for(d.delay);
        continue;
      }
      try {
        if (replica && !(*lease)->cluster_readonly) {
          (*lease)->roundtrip(core::cluster::readonly_request, "READONLY", [](resp::reply_cursor& c) { c.skip(); });
          (*lease)->cluster_readonly = true;
        }
        if (asking) (*lease)->roundtrip(core::cluster::asking_request, "ASKING", [](resp::reply_cursor& c) { c.skip(); });
        (*lease)->roundtrip(request, info, name, sink);
        return;
      } catch (const server_error& e) {
        const auto d = policy.decide(req, dispatch::outcome::server(e.message()));
        using action = dispatch::decision::action;
        if (d.what == action::redirect) {
          ++req.redirects;
          std::string host = d.target->host;
          if (host.empty()) host = (*lease)->options().host;  // "the node you asked"
          cluster_node next{std::move(host), d.target->port, true, {}};
          if (!d.asking() && slot) moved(*slot, next);
          pool = &pool_of(next);
          replica = false;
          asking = d.asking();
          --req.attempt;  // a redirect is not a failed try
          if (d.delay.count() > 0) std::this_thread::sleep_for(d.delay);  // nodes still disagree
          continue;
        }
        if (d.what == action::retry || d.what == action::refresh_topology) {
          if (d.what == action::refresh_topology) stale = true;
          if (!fixed) pool = nullptr;
          asking = false;
          std::this_thread::sleep_for(d.delay);
          continue;
        }
        throw;
      } catch (const io_error& e) {
        const auto d = policy.decide(req, dispatch::outcome::io(e.state()));
        if (d.what != dispatch::decision::action::retry) throw;
        stale = true;  // the node may have failed over
        if (!fixed) pool = nullptr;
        asking = false;
        std::this_thread::sleep_for(d.delay);
      }
    }
  }

  // ---- pipelines and transactions -------------------------------------------------------------

  void run_batch(const detail::batch& commands, detail::reply_handler on_reply) override {
    const std::size_t n = commands.size();
    if (n == 0) return;
    // Where each command goes; anything that spans slots is refused before a byte is written.
    std::vector<part_request> parts;
    parts.reserve(n);
    std::optional<std::uint16_t> common;
    bool framed = false;
    for (std::size_t i = 0; i < n; ++i) {
      const command_info& info = commands.info(i);
      const std::string_view request = commands.request(i);
      const std::string_view name = commands.name(i);
      const auto s = core::slot_of(info, request);
      if (name == "MULTI") framed = true;
      if (s.what == core::command_slot::kind::cross)
        throw cross_slot_error(std::string(name) + ": keys in different slots in a cluster pipeline: " +
                               core::cluster::describe_keys(info, request));
      if (s.what == core::command_slot::kind::unknown)
        throw protocol_error(std::string(name) + ": its keys cannot be found in its request");
      std::optional<std::uint16_t> slot;
      if (s.what == core::command_slot::kind::one) {
        slot = s.slot;
        if (framed && common && *common != s.slot)
          throw cross_slot_error("transaction: its keys are in different slots (" + std::to_string(*common) +
                                 " and " + std::to_string(s.slot) + "): a cluster transaction runs on one node");
        if (!common) common = s.slot;
      }
      parts.push_back(part_request{slot, std::nullopt, request, name, &info});
    }
    if (framed) {
      // MULTI ... EXEC in one piece on the slot's node (keyless commands follow the keyed ones).
      const auto where = common ? node_for(*common, generic_command_info) : std::nullopt;
      const cluster_node target = where ? where->first : primaries().at(0);
      auto lease = pool_of(target).acquire();
      lease->send(commands.bytes(), n, commands.name(0));
      for (std::size_t i = 0; i < n; ++i)
        lease->read_reply(commands.name(i), [&](resp::reply_cursor& c) { on_reply(i, c); });
      return;
    }
    // A keyless command goes where the keyed command before it went (after it, if it comes first):
    // `SET k v` then `WAIT 1 0` waits for k's replicas, on k's connection.
    std::optional<std::uint16_t> last_keyed;
    for (part_request& part : parts) {
      if (part.slot)
        last_keyed = part.slot;
      else
        part.slot = last_keyed ? last_keyed : common;
    }
    // A pipeline hands every reply to its caller, errors included.
    run_grouped(parts, on_reply, false);
  }

  // One command of a group run: its slot (or the node it must go to) and its bytes.
  struct part_request {
    std::optional<std::uint16_t> slot;
    std::optional<cluster_node> fixed;
    std::string_view request;
    std::string_view name;
    const command_info* info = nullptr;
  };

  // Runs `parts` grouped per node: every group is written before any reply is read, so the nodes
  // work concurrently. A part that meets MOVED/ASK/TRYAGAIN/CLUSTERDOWN runs again on its own with
  // redirects followed. A group whose connection fails before it was written runs its parts one by
  // one (with the retry policy); after it was written, only parts whose resending cannot change
  // their answer (read-only) run again, the others fail with may_have_executed.
  // `replies_are_answers` (a routed command's parts): an error reply is thrown, after every reply
  // was read; otherwise (a pipeline) each reply, error or not, goes to `sink`.
  void run_grouped(const std::vector<part_request>& parts, detail::function_ref<void(std::size_t, resp::reply_cursor&)> sink,
                   bool replies_are_answers) {
    refresh_if_stale();
    struct group {
      connection_pool* pool = nullptr;
      bool replica = false;
      std::vector<std::size_t> indices;
      std::string bytes;
      std::optional<connection_pool::lease> lease;
      std::size_t written = 0;  // how many of `indices` were sent (all or none)
    };
    std::vector<group> groups;
    std::optional<cluster_node> any_primary;
    // The slot map is read under one shared lock for the whole run, not one per command; it is let
    // go for anything that takes it itself (a refresh, the nearest policy, the primaries' list).
    std::shared_lock map_lock(map_mutex, std::defer_lock);
    const bool nearest = options.reads == cluster_read_policy::nearest;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      const part_request& r = parts[i];
      route where;
      if (r.fixed) {
        where.pool = &pool_of(*r.fixed);
      } else if (r.slot) {
        std::optional<route> found;
        if (!nearest) {
          if (!map_lock.owns_lock()) map_lock.lock();
          found = route_in_map(*r.slot, *r.info);
        }
        if (!found) {
          if (map_lock.owns_lock()) map_lock.unlock();
          found = route_for(*r.slot, *r.info);
          if (!found) {
            refresh(version.load());
            found = route_for(*r.slot, *r.info);
          }
        }
        if (!found) throw io_error(r.name, "", "no node serves slot " + std::to_string(*r.slot), send_state::not_sent);
        where = *found;
      } else {
        if (map_lock.owns_lock()) map_lock.unlock();
        if (!any_primary) {
          const auto all = primaries();
          if (all.empty()) throw io_error(r.name, "", "the cluster has no primary", send_state::not_sent);
          any_primary = all.front();
        }
        where.pool = &pool_of(*any_primary);
      }
      // A handful of nodes: a linear search beats a map.
      std::size_t at = 0;
      while (at < groups.size() && (groups[at].pool != where.pool || groups[at].replica != where.replica)) ++at;
      if (at == groups.size()) groups.push_back(group{where.pool, where.replica, {}, {}, std::nullopt, 0});
      group& g = groups[at];
      g.indices.push_back(i);
      g.bytes.append(r.request);
    }
    if (map_lock.owns_lock()) map_lock.unlock();
    std::vector<std::size_t> again;        // run on their own, redirects followed
    std::vector<std::size_t> lost;         // written, connection lost before the reply
    std::exception_ptr lost_error;
    for (group& g : groups) {
      try {
        g.lease.emplace(g.pool->acquire());
        if (g.replica && !(*g.lease)->cluster_readonly) {
          (*g.lease)->roundtrip(core::cluster::readonly_request, "READONLY", [](resp::reply_cursor& c) { c.skip(); });
          (*g.lease)->cluster_readonly = true;
        }
        (*g.lease)->send(g.bytes, g.indices.size(), parts[g.indices.front()].name);
        g.written = g.indices.size();
      } catch (const io_error& e) {
        if (e.state() != send_state::not_sent) {
          lost_error = std::current_exception();
          g.written = g.indices.size();
          lost.insert(lost.end(), g.indices.begin(), g.indices.end());
        } else {
          again.insert(again.end(), g.indices.begin(), g.indices.end());
        }
        g.lease.reset();
        stale = true;
      }
    }
    std::exception_ptr first_error;
    for (group& g : groups) {
      if (!g.lease) continue;
      std::size_t k = 0;  // replies taken (a reply whose handling threw is not)
      const auto take = [&](std::size_t i, resp::reply_cursor& c) {
        const resp::node& top = c.peek();
        if (resp::is_error(top.type)) {
          const std::string_view text = c.text(top);
          if (is_redirect(text) || text.starts_with("TRYAGAIN") || text.starts_with("CLUSTERDOWN")) {
            again.push_back(i);
            c.skip();
            return;
          }
          if (replies_are_answers) {
            if (!first_error) first_error = std::make_exception_ptr(server_error(parts[i].name, text));
            c.skip();
            return;
          }
        }
        if (!replies_are_answers) return sink(i, c);
        try {
          sink(i, c);
        } catch (...) {
          if (!first_error) first_error = std::current_exception();
        }
      };
      try {
        (*g.lease)->read_replies(
            g.indices.size(), batch_deadline(**g.lease, g.indices.size()), [&](std::size_t at) { return parts[g.indices[at]].name; },
            [&](std::size_t at, resp::reply_cursor& c) {
              take(g.indices[at], c);
              k = at + 1;
            });
      } catch (const error&) {
        // The connection failed after the group was written: its unanswered parts may have run.
        // Whatever the failure, the replies after it are not read here: the connection cannot be reused.
        (*g.lease)->mark_broken();
        lost_error = std::current_exception();
        lost.insert(lost.end(), g.indices.begin() + static_cast<std::ptrdiff_t>(k), g.indices.end());
        stale = true;
      } catch (...) {
        (*g.lease)->mark_broken();
        throw;
      }
    }
    groups.clear();  // the leases go back before the parts run again
    for (std::size_t i : lost) {
      if (!has_flag(parts[i].info->flags, command_flag::readonly)) {
        if (!first_error) first_error = lost_error;
        continue;
      }
      again.push_back(i);
    }
    std::sort(again.begin(), again.end());
    if (!again.empty()) stale = true;
    for (std::size_t i : again) {
      const part_request& r = parts[i];
      try {
        run(r.slot, r.fixed ? r.fixed : (r.slot ? std::nullopt : any_primary), r.request, r.name, *r.info,
            [&](resp::reply_cursor& c) { sink(i, c); });
      } catch (...) {
        if (!replies_are_answers) throw;
        if (!first_error) first_error = std::current_exception();
      }
    }
    if (first_error) std::rethrow_exception(first_error);
  }

  cluster_options options;
  client_options base;
  std::vector<cluster_node> seeds;
  dispatch::policy_options policy_options;

  mutable std::shared_mutex map_mutex;
  std::vector<shard> shards;
  std::vector<connection_pool*> primary_pools;               // per shard (pools live as long as the client)
  std::vector<std::vector<connection_pool*>> replica_pools;  // per shard, one per replica
  std::array<int, core::slot_count> slots{};
  std::atomic<std::uint64_t> version{0};
  std::atomic<bool> stale{false};
  std::atomic<std::chrono::steady_clock::rep> last_refresh{0};
  std::mutex refresh_mutex;
  std::atomic<std::size_t> next_replica{0};

  std::mutex latency_mutex;
  std::map<std::string, std::chrono::nanoseconds> latency;

  mutable std::shared_mutex pools_mutex;
  std::map<std::string, std::unique_ptr<connection_pool>> pools;
};

namespace {
cluster_options one_seed(std::string_view url) {
  cluster_options o;
  o.seeds.emplace_back(url);
  return o;
}
}  // namespace

cluster_client_base::cluster_client_base(std::string_view seed_url) : cluster_client_base(one_seed(seed_url)) {}
cluster_client_base::cluster_client_base(cluster_options options) : impl_(std::make_unique<impl>(std::move(options))) {}
cluster_client_base::~cluster_client_base() = default;
cluster_client_base::cluster_client_base(cluster_client_base&&) noexcept = default;
cluster_client_base& cluster_client_base::operator=(cluster_client_base&&) noexcept = default;

detail::batch_runner& cluster_client_base::runner() {
  if (!impl_) throw closed_error("cluster client was moved from");
  return *impl_;
}

void cluster_client_base::refresh() { impl_->refresh(impl_->version.load()); }

std::size_t cluster_client_base::refreshes() const { return static_cast<std::size_t>(impl_->version.load()); }

pinned_connection_base cluster_client_base::pin_connection(std::string_view key) {
  if (!impl_) throw closed_error("cluster client was moved from");
  impl_->refresh_if_stale();
  const auto where = impl_->node_for(core::key_slot(key), generic_command_info);
  if (!where) throw io_error("pin", "", "no node serves the slot of the key", send_state::not_sent);
  auto& pool = impl_->pool_of(where->first);
  return pinned_connection_base(
      std::make_unique<pinned_connection_base::impl>(pool.acquire(), impl_->base.observer, where->first.name()));
}

std::vector<std::string> cluster_client_base::nodes() const {
  std::vector<std::string> out;
  for (const auto& n : impl_->all_nodes()) out.push_back(n.name());
  return out;
}

std::string cluster_client_base::primary_of_slot(std::uint16_t slot) const {
  impl_->refresh_if_stale();
  const auto where = impl_->node_for(slot, generic_command_info);
  return where ? where->first.name() : std::string{};
}

cluster_node_choice cluster_client_base::node_for(std::uint16_t slot, const command_info& info) const {
  impl_->refresh_if_stale();
  const auto where = impl_->node_for(slot, info);
  if (!where) return {};
  return {where->first.name(), where->second};
}

std::vector<std::string> cluster_client_base::primaries() const {
  std::vector<std::string> out;
  for (const auto& n : impl_->primaries()) out.push_back(n.name());
  return out;
}

const client_options& cluster_client_base::node_options() const { return impl_->base; }

std::string cluster_client_base::node_of(std::string_view key) const {
  const auto where = impl_->node_for(core::key_slot(key), generic_command_info);
  return where ? where->first.name() : std::string{};
}

void cluster_client_base::route(std::string_view request, std::string_view name, const command_info& info,
                                detail::function_ref<void(const detail::cluster_part&, resp::reply_cursor&)> sink) {
  if (!impl_) throw closed_error(std::string(name) + ": cluster client was moved from");
  if (has_flag(info.flags, command_flag::connection_state))
    throw std::logic_error(std::string(name) + " changes a connection's state: not on a cluster client");
  const core::command_slot where = core::slot_of(info, request);
  using kind = core::command_slot::kind;
  if (where.what == kind::one) {
    const detail::cluster_part single;
    impl_->run(where.slot, std::nullopt, request, name, info, [&](resp::reply_cursor& c) { sink(single, c); });
    return;
  }
  if (where.what == kind::unknown)
    throw protocol_error(std::string(name) + ": its keys cannot be found in its request (key specs of the spec)");
  if (where.what == kind::cross) {
    auto parts = info.request_policy == "multi_shard" ? core::cluster::split_by_slot(info, request) : std::nullopt;
    if (!parts)
      throw cross_slot_error(std::string(name) + ": keys in different slots cannot be sent to one node, and " +
                             std::string(name) + " cannot be split by slot: " +
                             core::cluster::describe_keys(info, request) +
                             " (use a hash tag, e.g. {user42}:a and {user42}:b, to keep keys in one slot)");
    std::size_t key_count = 0;
    std::vector<impl::part_request> requests;
    for (const auto& p : *parts) {
      key_count += p.positions.size();
      requests.push_back(impl::part_request{p.slot, std::nullopt, p.request, name, &info});
    }
    impl_->run_grouped(requests, [&](std::size_t i, resp::reply_cursor& c) {
      sink(detail::cluster_part{detail::cluster_part::kind::split, i, parts->size(), &(*parts)[i].positions, key_count}, c);
    }, true);
    return;
  }
  // Keyless: by the request policy tip.
  const std::string_view policy = info.request_policy;
  if (policy == "all_shards" || policy == "all_nodes") {
    const auto targets = policy == "all_nodes" ? impl_->all_nodes() : impl_->primaries();
    std::vector<impl::part_request> requests;
    for (const auto& t : targets) requests.push_back(impl::part_request{std::nullopt, t, request, name, &info});
    impl_->run_grouped(requests, [&](std::size_t i, resp::reply_cursor& c) {
      sink(detail::cluster_part{detail::cluster_part::kind::fanout, i, targets.size(), nullptr, 0}, c);
    }, true);
    return;
  }
  const auto primaries = impl_->primaries();
  if (primaries.empty()) throw io_error(name, "", "the cluster has no primary", send_state::not_sent);
  const cluster_node& any = primaries[impl_->next_replica.fetch_add(1, std::memory_order_relaxed) % primaries.size()];
  const detail::cluster_part single;
  impl_->run(std::nullopt, any, request, name, info, [&](resp::reply_cursor& c) { sink(single, c); });
}

void cluster_client_base::scan_each(std::string_view pattern, detail::function_ref<void(std::string_view)> fn) {
  for (const cluster_node& n : impl_->primaries()) {
    std::string cursor = "0";
    do {
      resp::writer w;
      w.bulk("SCAN");
      w.bulk(cursor);
      w.bulk("MATCH");
      w.bulk(pattern);
      w.bulk("COUNT");
      w.bulk("1000");
      const std::size_t start = w.finish();
      const std::string request(w.buffer().view().substr(start));
      resp::value reply;
      impl_->run(std::nullopt, n, request, "SCAN", generic_command_info,
                 [&](resp::reply_cursor& c) { reply = resp::value::read(c); });
      if (reply.elements.size() != 2) throw decode_error("[cursor, keys]", resp::to_display(reply), "SCAN");
      cursor = reply.elements[0].string;
      for (const auto& k : reply.elements[1].elements) fn(k.string);
    } while (cursor != "0");
  }
}

}  // namespace typedis
