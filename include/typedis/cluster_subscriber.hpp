/// @file
/// typedis::cluster_subscriber: Pub/Sub on a Redis Cluster (docs/cluster.md).
///
///   typedis::cluster_client c{"redis://127.0.0.1:7000"};
///   typedis::cluster_subscriber sub{c};
///   sub.subscribe("news");           // classic: one connection to any node (the cluster relays)
///   sub.ssubscribe({"orders:{eu}"});  // sharded: on the primary that owns the channel's slot
///   while (auto m = sub.get_message(1s)) ...
///
/// Shard channels are grouped by slot (one SSUBSCRIBE per slot, never a CROSSSLOT) on one connection
/// per owning primary. When a slot moves (the old owner sends an unsolicited `sunsubscribe`, answers
/// MOVED, or its connection is lost in a failover), the channels of that slot are subscribed again
/// on the slot's new owner, read from a fresh topology: the subscription is kept. Messages published
/// while a channel was between owners are lost, as Redis Pub/Sub keeps nothing for absent
/// subscribers.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "typedis/arg_range.hpp"
#include "typedis/cluster_client.hpp"
#include "typedis/message.hpp"
#include "typedis/subscriber.hpp"

namespace typedis {

/// What a cluster subscriber has done to keep its subscriptions.
struct cluster_subscriber_stats {
  std::uint64_t moves = 0;             ///< shard channels subscribed again on a new owner
  std::uint64_t lost_connections = 0;  ///< node connections that failed and were replaced
  std::uint64_t failed_attempts = 0;   ///< re-subscriptions that failed and were retried
};

/// Pub/Sub on a cluster: classic channels and patterns on one node, shard channels on the owner of
/// their slot, followed across migrations and failovers.
class cluster_subscriber {
 public:
  /// Uses `cluster`'s topology and node options (TLS, ACL user, protocol); `cluster` must outlive
  /// the subscriber. `options` apply to every node connection (health checks, observer,
  /// deliver_confirmations); the reconnect policy is the cluster subscriber's own: a lost node
  /// connection is replaced on whichever node serves the channels then, retried with
  /// `options.reconnect.backoff` for as long as it takes.
  explicit cluster_subscriber(cluster_client_base& cluster, subscriber_options options = {});
  ~cluster_subscriber();
  cluster_subscriber(const cluster_subscriber&) = delete;
  cluster_subscriber& operator=(const cluster_subscriber&) = delete;

  /// Classic SUBSCRIBE / PSUBSCRIBE: on one node (the cluster relays every PUBLISH to all).
  /// Callable from any thread, also while another thread is in get_message() or run().
  void subscribe(arg_range<std::string_view> channels);
  /// Classic PSUBSCRIBE, on the same node as subscribe().
  void psubscribe(arg_range<std::string_view> patterns);
  /// SSUBSCRIBE on the primary of each channel's slot (one command per slot).
  void ssubscribe(arg_range<std::string_view> shard_channels);

  /// Removes names (no argument: all of that family); no message for a removed name is handed out
  /// once the call returns.
  void unsubscribe(arg_range<std::string_view> channels = {});
  /// PUNSUBSCRIBE, as unsubscribe().
  void punsubscribe(arg_range<std::string_view> patterns = {});
  /// SUNSUBSCRIBE on the node each channel is on, as unsubscribe().
  void sunsubscribe(arg_range<std::string_view> shard_channels = {});

  /// The next message from any node, waiting at most `timeout`; nullopt when none came. Moving
  /// channels to a new owner happens inside this call (and run()). Throws server_error when a node
  /// refused a subscription for a reason other than the slot's owner (NOPERM, for example).
  /// One reading thread at a time.
  std::optional<message> get_message(std::chrono::milliseconds timeout);
  /// Calls `handler` for every message until stop() is called (from the handler or any thread).
  void run(const std::function<void(const message&)>& handler);
  /// Makes run() return soon; thread-safe, does not block.
  void stop() noexcept;

  /// Snapshots of what is subscribed (what the calls asked for).
  std::set<std::string> channels() const;
  /// PSUBSCRIBEd patterns.
  std::set<std::string> patterns() const;
  /// SSUBSCRIBEd shard channels.
  std::set<std::string> shard_channels() const;
  /// "host:port" of the node `shard_channel` is subscribed on now (empty if it is between owners
  /// or not subscribed).
  std::string node_of(std::string_view shard_channel) const;
  /// Moves, lost connections and failed attempts so far.
  cluster_subscriber_stats stats() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace typedis
