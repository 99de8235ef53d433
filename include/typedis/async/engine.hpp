// Internal: the factories of the compiled side of the asynchronous client (runtime/async). The
// executor is the one asio type that crosses into the library.
#pragma once

#include <asio/any_io_executor.hpp>

#include <memory>

#include "typedis/client_options.hpp"
#include "typedis/cluster_client.hpp"
#include "typedis/detail/async_op.hpp"

namespace typedis::detail {

std::shared_ptr<async_engine> make_async_engine(asio::any_io_executor ex, client_options options);
std::shared_ptr<async_subscription> make_async_subscription(asio::any_io_executor ex, client_options options);
std::shared_ptr<async_engine> make_async_cluster_engine(asio::any_io_executor ex, cluster_options options);

}  // namespace typedis::detail
