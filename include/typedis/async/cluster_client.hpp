/// @file
/// typedis::basic_async_cluster_client: Redis Cluster on asio (docs/cluster.md). The routing of
/// typedis::cluster_client (key specs, hash tags, policy tips, split by slot, MOVED/ASK/TRYAGAIN/
/// CLUSTERDOWN, cross-slot commands refused before sending) with one multiplexed asynchronous
/// connection per node and the completion tokens of typedis::async_client.
///
///   typedis::async_cluster_client c{io.get_executor(), "redis://127.0.0.1:7000"};
///   long long n = co_await c.dbsize(asio::use_awaitable);          // every primary, summed
///   auto values = co_await c.mget(keys, asio::use_awaitable);      // split by slot, in order
#pragma once

#include <asio/any_io_executor.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "typedis/async/client.hpp"
#include "typedis/async/engine.hpp"
#include "typedis/async/operation.hpp"
#include "typedis/async/pipeline.hpp"
#include "typedis/cluster_client.hpp"
#include "typedis/detail/cluster_answer.hpp"
#include "typedis/generated/async_connection_state_commands.hpp"

namespace typedis {
namespace detail {

// One command of a cluster: its answer is made from one reply or from several parts.
template <class T>
class cluster_command_body {
 public:
  explicit cluster_command_body(command<T>&& cmd) : cmd_(std::move(cmd)), answer_(cmd_.info(), cmd_.name()) {}

  std::size_t size() const noexcept { return 1; }
  std::string_view request(std::size_t) const noexcept { return cmd_.bytes(); }
  std::string_view name(std::size_t) const noexcept { return cmd_.name(); }
  const command_info& info(std::size_t) const noexcept { return cmd_.info(); }

  void on_reply(std::size_t, resp::reply_cursor& reply) noexcept { on_part(cluster_part{}, reply); }
  void on_part(const cluster_part& part, resp::reply_cursor& reply) noexcept {
    try {
      reply.set_request(cmd_.bytes());
      const resp::node& top = reply.peek();
      if (resp::is_error(top.type)) {
        if (!error_) error_ = std::make_exception_ptr(server_error(cmd_.name(), reply.text(top)));
        return;
      }
      answer_.add(part, reply);
    } catch (const decode_error& e) {
      if (!error_) error_ = std::make_exception_ptr(e.command().empty() ? e.with_command(cmd_.name()) : e);
    } catch (...) {
      if (!error_) error_ = std::current_exception();
    }
  }

  std::pair<std::exception_ptr, T> finish(std::exception_ptr error) {
    if (!error) error = std::move(error_);
    if (error) return {std::move(error), T{}};
    return {nullptr, answer_.take()};
  }

 private:
  command<T> cmd_;
  cluster_answer<T> answer_;
  std::exception_ptr error_;
};

}  // namespace detail

/// The asynchronous cluster client: the asynchronous mixins AsyncMs routed through the cluster;
/// SyncMixins are the methods its pipelines chain.
template <class SyncMixins, template <class> class... AsyncMs>
class basic_async_cluster_client : public AsyncMs<basic_async_cluster_client<SyncMixins, AsyncMs...>>... {
 public:
  using executor_type = asio::any_io_executor;  ///< the executor it was made with

  /// One seed URL; its options apply to every node. Reads the topology before returning.
  basic_async_cluster_client(executor_type ex, std::string_view seed_url)
      : basic_async_cluster_client(ex, cluster_options{.seeds = {std::string(seed_url)}}) {}
  /// Seeds, pool size per node; reads the topology before returning.
  basic_async_cluster_client(executor_type ex, cluster_options options)
      : ex_(ex), engine_(detail::make_async_cluster_engine(std::move(ex), std::move(options))) {}
  ~basic_async_cluster_client() {
    if (engine_) engine_->close();
  }
  basic_async_cluster_client(basic_async_cluster_client&&) noexcept = default;             ///< Moves the engines.
  basic_async_cluster_client& operator=(basic_async_cluster_client&&) noexcept = default;  ///< Moves the engines.

  /// The executor it was made with.
  executor_type get_executor() const noexcept { return ex_; }

  /// Any command<T>, routed like the generated methods.
  template <class T, class CompletionToken>
  auto async_execute(command<T> cmd, CompletionToken&& token) {
    return detail::start_request<T>(how(), detail::cluster_command_body<T>(std::move(cmd)),
                                    std::forward<CompletionToken>(token));
  }

  /// Grouped per node, written concurrently, results in call order (the sync pipeline's tuple).
  async_pipeline<SyncMixins, executor_type> pipeline() { return async_pipeline<SyncMixins, executor_type>(how()); }
  /// MULTI/EXEC on the node of its slot; keys in two slots are refused before sending.
  async_transaction<SyncMixins, executor_type> transaction() {
    return async_transaction<SyncMixins, executor_type>(how());
  }

  /// A connection of its own to the primary of `key`'s slot, for WATCH flows:
  /// `auto conn = c.pin(k); co_await conn.watch({k}, t); ... co_await conn.transaction()...async_exec(t);`.
  /// Every key used on it must be in that slot (nothing is redirected on it).
  async_pinned_connection<SyncMixins, AsyncMs..., async_connection_state_commands> pin(std::string_view key) {
    return async_pinned_connection<SyncMixins, AsyncMs..., async_connection_state_commands>(
        ex_, detail::async_cluster_pin(*engine_, key));
  }
  /// The commands on one node's shared connection, unrouted ("host:port" as primaries() and
  /// nodes() give them): SCAN over the whole cluster is a SCAN loop on each primary,
  /// `for (auto& n : c.primaries()) { auto node = c.node(n); ... co_await node.scan(cursor, {...}, t); }`.
  async_pinned_connection<SyncMixins, AsyncMs...> node(std::string_view name) {
    return async_pinned_connection<SyncMixins, AsyncMs...>(ex_, detail::async_cluster_node(*engine_, std::string(name)));
  }
  /// "host:port" of every primary.
  std::vector<std::string> primaries() const { return detail::async_cluster_topology(*engine_).primaries(); }
  /// "host:port" of every node known, primaries first.
  std::vector<std::string> nodes() const { return detail::async_cluster_topology(*engine_).nodes(); }
  /// The node that serves `key`'s slot now ("host:port").
  std::string node_of(std::string_view key) const { return detail::async_cluster_topology(*engine_).node_of(key); }

  /// Fails every request not answered yet with closed_error and closes every node's connection.
  void close() { engine_->close(); }
  /// The nodes' counters, summed (sub-requests, reads, writes, connections).
  detail::async_stats stats() const { return engine_->stats(); }

 private:
  detail::initiate_request<executor_type> how() const { return {engine_, ex_}; }

  executor_type ex_;
  std::shared_ptr<detail::async_engine> engine_;
};

}  // namespace typedis
