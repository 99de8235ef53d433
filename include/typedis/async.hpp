/// @file
/// The asynchronous client on standalone asio (docs/async.md): typedis::async_client,
/// typedis::async_subscriber, async pipelines and transactions. The only typedis header that
/// includes asio; <typedis/typedis.hpp> stays free of it. Module commands (RedisJSON, RediSearch,
/// time series, vector sets) take their option types from <typedis/modules.hpp>, included by the
/// programs that call them, as with the synchronous client.
#pragma once

#include "typedis/async/client.hpp"
#include "typedis/async/cluster_client.hpp"
#include "typedis/async/operation.hpp"
#include "typedis/async/pipeline.hpp"
#include "typedis/async/subscriber.hpp"
#include "typedis/generated/async_command_methods.hpp"
#include "typedis/generated/command_methods.hpp"
#include "typedis/typedis.hpp"

namespace typedis {

/// Every command of the bundled spec, asynchronous: typedis::async_client c{executor, url}.
using async_client = basic_async_client<mixins<all_commands>, async_all_commands>;

/// Every command of the bundled spec on a cluster, asynchronous.
using async_cluster_client = basic_async_cluster_client<mixins<all_commands>, async_all_commands>;

}  // namespace typedis
