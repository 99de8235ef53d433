// Internal: the factories of the compiled side of the asynchronous client (runtime/async). The
// executor is the one asio type that crosses into the library.
#pragma once

#include <asio/any_io_executor.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "typedis/client_options.hpp"
#include "typedis/cluster_client.hpp"
#include "typedis/detail/async_op.hpp"

namespace typedis::detail {

std::shared_ptr<async_engine> make_async_engine(asio::any_io_executor ex, client_options options);
std::shared_ptr<async_subscription> make_async_subscription(asio::any_io_executor ex, client_options options);
std::shared_ptr<async_engine> make_async_cluster_engine(asio::any_io_executor ex, cluster_options options);
// Of an engine made by make_async_cluster_engine: a connection of its own to the primary of
// `key`'s slot; the shared connection of `node` ("host:port"); the topology it routes by.
std::shared_ptr<async_target> async_cluster_pin(async_engine& cluster, std::string_view key);
std::shared_ptr<async_target> async_cluster_node(async_engine& cluster, const std::string& node);
const cluster_client_base& async_cluster_topology(async_engine& cluster);

}  // namespace typedis::detail
