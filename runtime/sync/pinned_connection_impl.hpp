// Internal: what a pinned_connection holds: a lease on one pooled connection.
#pragma once

#include "sync/pool.hpp"
#include "typedis/pinned_connection.hpp"

namespace typedis {

struct pinned_connection_base::impl final : detail::batch_runner {
  explicit impl(connection_pool::lease l) : lease(std::move(l)) {}
  ~impl();
  void run_batch(const detail::batch& commands, detail::reply_handler on_reply) override;
  void track(std::string_view command_name, const command_info& info) noexcept;

  connection_pool::lease lease;
  bool watching = false;
  bool state_changed = false;
};

}  // namespace typedis
