/// @file
/// typedis::cluster_client: Redis Cluster, synchronous and thread-safe (docs/cluster.md). Every
/// generated method is routed by the spec: the keys (key specs, hash tags) give the slot when the
/// command is built; keyless commands follow the spec's request/response policy tips (DBSIZE sums
/// every primary, KEYS merges, FLUSHALL reaches every primary); MGET, MSET, DEL, EXISTS, UNLINK,
/// TOUCH and every command the tips mark multi_shard are cut into one command per slot and
/// answered in the caller's order; any other command whose keys span slots is refused before
/// anything is sent (cross_slot_error, naming each key and its slot).
///
///   typedis::cluster_client c{"redis://127.0.0.1:7000"};
///   c.set("user:{42}:name", "ada");
///   auto [n, v] = c.pipeline().incr("a").get("b").exec();   // grouped per node
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "typedis/client_options.hpp"
#include "typedis/codec/decode.hpp"
#include "typedis/command.hpp"
#include "typedis/detail/batch.hpp"
#include "typedis/detail/cluster_answer.hpp"
#include "typedis/detail/function_ref.hpp"
#include "typedis/error.hpp"
#include "typedis/mixins.hpp"
#include "typedis/pinned_connection.hpp"
#include "typedis/pipeline.hpp"
#include "typedis/resp/reply_cursor.hpp"

namespace typedis {

/// Where read-only commands go.
enum class cluster_read_policy {
  primary,         ///< every command to the slot's primary (default)
  prefer_replica,  ///< read-only commands spread over the replicas of the slot, the primary when it has none
  replica,         ///< read-only commands to a replica of the slot, the primary when it has none
  nearest,         ///< read-only commands to the node of the slot (primary or replica) with the
                   ///< lowest PING round trip, measured at each topology refresh
};

/// How a cluster client finds and uses the cluster (docs/cluster.md).
struct cluster_options {
  /// Nodes to learn the topology from: redis:// or rediss:// URLs. The first URL's user,
  /// password, TLS and every other option apply to every node.
  std::vector<std::string> seeds;
  cluster_read_policy reads = cluster_read_policy::primary;  ///< where read-only commands go
  /// Connections per node.
  std::size_t pool_size_per_node = 4;
  /// The topology is re-read this long after the last refresh, when a command runs (0: only on
  /// MOVED and failures).
  std::chrono::milliseconds refresh_interval{30000};
};


/// Where a command goes: a node, and whether it is a replica (read under a replica read policy).
struct cluster_node_choice {
  std::string node;      ///< "host:port"; empty when no node serves the slot
  bool replica = false;  ///< a replica: the connection must have sent READONLY
};

/// The routing and the pools: everything of a cluster client that does not depend on its methods.
class cluster_client_base {
 public:
  /// One seed URL (redis:// or rediss://); its options apply to every node.
  explicit cluster_client_base(std::string_view seed_url);
  /// Seeds, read policy and pool size per node; reads the topology before returning.
  explicit cluster_client_base(cluster_options options);
  ~cluster_client_base();
  cluster_client_base(cluster_client_base&&) noexcept;             ///< Moves the pools and the map.
  cluster_client_base& operator=(cluster_client_base&&) noexcept;  ///< Moves the pools and the map.

  /// Runs `cmd` where the spec says (see the file comment) and returns its answer.
  template <class T>
  T execute(const typedis::command<T>& cmd) {
    detail::cluster_answer<T> answer(cmd.info(), cmd.name());
    route(cmd.bytes(), cmd.name(), cmd.info(),
          [&](const detail::cluster_part& part, resp::reply_cursor& reply) { answer.add(part, reply); });
    return answer.take();
  }

  /// Reads the topology again now (it is also re-read after MOVED, at most one refresh at a time).
  void refresh();
  /// "host:port" of every node known, primaries first.
  std::vector<std::string> nodes() const;
  /// The node that serves `key`'s slot now ("host:port").
  std::string node_of(std::string_view key) const;
  /// The primary of `slot` ("host:port"; empty when no node serves it).
  std::string primary_of_slot(std::uint16_t slot) const;
  /// "host:port" of every primary.
  std::vector<std::string> primaries() const;
  /// Where a command described by `info` goes for `slot` under the read policy (a replica only
  /// for commands the spec flags readonly).
  cluster_node_choice node_for(std::uint16_t slot, const command_info& info) const;
  /// The options every node is reached with (the first seed's).
  const client_options& node_options() const;
  /// Topology refreshes so far (at start, after MOVED, after a lost node, and every
  /// `refresh_interval` when a command runs).
  std::size_t refreshes() const;
  /// Calls fn(key) for every key of every primary matching `pattern` (SCAN on each, cursor inside).
  void scan_each(std::string_view pattern, detail::function_ref<void(std::string_view)> fn);

 protected:
  /// What pipelines and transactions run their batches on (grouped per node).
  detail::batch_runner& runner();
  /// A connection to the primary of `key`'s slot, for pin().
  pinned_connection_base pin_connection(std::string_view key);

 private:
  void route(std::string_view request, std::string_view name, const command_info& info,
             detail::function_ref<void(const detail::cluster_part&, resp::reply_cursor&)> sink);

  struct impl;
  std::unique_ptr<impl> impl_;
};

/// Every generated command of the mixins Ms, routed through the cluster.
template <template <class> class... Ms>
class basic_cluster_client : public cluster_client_base,
                             public mixins<Ms...>::template bases<basic_cluster_client<Ms...>> {
 public:
  using mixin_set = mixins<Ms...>;  ///< the command mixins, for pipelines and transactions
  using cluster_client_base::cluster_client_base;
  using cluster_client_base::execute;

  /// Commands grouped per node, written to every node before any reply is read, redirects
  /// followed per command, results in call order: the synchronous pipeline's tuple.
  typedis::pipeline<mixin_set> pipeline() { return typedis::pipeline<mixin_set>(runner()); }
  /// One reply type, any number of commands (100,000-command batches), grouped per node like
  /// pipeline(): `auto p = c.dynamic_pipeline<long long>(); for (...) p.incr(k); p.exec();`
  template <class T = resp::value>
  typedis::dynamic_pipeline<T, mixin_set> dynamic_pipeline() {
    return typedis::dynamic_pipeline<T, mixin_set>(runner());
  }
  /// MULTI/EXEC on the node of the transaction's slot; every key must share one slot (checked
  /// before anything is sent).
  typedis::transaction<mixin_set> transaction() { return typedis::transaction<mixin_set>(runner()); }

  /// A connection of its own to the primary of `key`'s slot, for WATCH flows:
  /// `auto conn = c.pin(k); conn.watch({k}); ... conn.transaction()...exec();`. Every key used on
  /// it must be in that slot (the server answers MOVED otherwise: nothing is redirected here).
  basic_pinned_connection<Ms...> pin(std::string_view key) {
    return basic_pinned_connection<Ms...>(pin_connection(key));
  }
};

}  // namespace typedis

#include "typedis/generated/command_methods.hpp"

namespace typedis {
/// Every command of the bundled spec on a cluster.
using cluster_client = basic_cluster_client<all_commands>;
}  // namespace typedis
