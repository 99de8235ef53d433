// Internal: what a pinned_connection holds: a lease on one pooled connection.
#pragma once

#include <memory>
#include <string>

#include "sync/pool.hpp"
#include "typedis/pinned_connection.hpp"

namespace typedis {

struct pinned_connection_base::impl final : detail::batch_runner {
  // `o` may be null; `endpoint_name` names the server in its events.
  impl(connection_pool::lease l, std::shared_ptr<typedis::observer> o, std::string endpoint_name)
      : lease(std::move(l)), observer(std::move(o)), endpoint(std::move(endpoint_name)) {}
  ~impl();
  void run_batch(const detail::batch& commands, detail::reply_handler on_reply) override;
  void track(std::string_view command_name, const command_info& info) noexcept;

  connection_pool::lease lease;
  std::shared_ptr<typedis::observer> observer;
  std::string endpoint;
  bool watching = false;
  bool state_changed = false;
};

}  // namespace typedis
