#include "typedis/pinned_connection.hpp"

#include "sync/batch_runner.hpp"
#include "sync/observed_run.hpp"
#include "sync/pinned_connection_impl.hpp"
#include "typedis/detail/runtime_commands.hpp"
#include "typedis/error.hpp"

namespace typedis {
namespace {

bool names(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  return true;
}

}  // namespace

void pinned_connection_base::impl::track(std::string_view name, const command_info& info) noexcept {
  if (names(name, "WATCH")) {
    watching = true;
    return;
  }
  // Any other state change (SELECT, CLIENT REPLY, HELLO, ...) cannot be undone reliably: the
  // connection is discarded on release. MULTI/EXEC framed by a transaction object leave no state.
  if (has_flag(info.flags, command_flag::connection_state) && !names(name, "UNWATCH") &&
      !names(name, "EXEC") && !names(name, "DISCARD"))
    state_changed = true;
  if (names(name, "EXEC") || names(name, "DISCARD") || names(name, "UNWATCH")) watching = false;
}

void pinned_connection_base::impl::run_batch(const detail::batch& commands, detail::reply_handler on_reply) {
  for (std::size_t i = 0; i < commands.size(); ++i) track(commands.name(i), commands.info(i));
  if (!observer) {
    run_batch_on(*lease, commands, on_reply);
    return;
  }
  detail::observed_batch observed(*observer, commands, endpoint);
  try {
    run_observed_batch_on(*lease, commands, on_reply, observed);
  } catch (...) {
    observed.failed();
    throw;
  }
}

pinned_connection_base::impl::~impl() {
  if (state_changed) {
    lease->mark_broken();  // the pool opens a fresh connection instead
    return;
  }
  if (!watching || lease->broken()) return;
  try {
    const auto& unwatch = detail::unwatch_command();
    lease->roundtrip(unwatch.bytes(), unwatch.name(), [](resp::reply_cursor& c) { c.skip(); });
  } catch (...) {
    lease->mark_broken();  // never back into the pool in a watched state
  }
}

pinned_connection_base::pinned_connection_base(std::unique_ptr<impl> i) : impl_(std::move(i)) {}
pinned_connection_base::pinned_connection_base(pinned_connection_base&&) noexcept = default;
pinned_connection_base& pinned_connection_base::operator=(pinned_connection_base&&) noexcept = default;
pinned_connection_base::~pinned_connection_base() = default;

bool pinned_connection_base::watching() const noexcept { return impl_ && impl_->watching; }
bool pinned_connection_base::state_changed() const noexcept { return impl_ && impl_->state_changed; }

detail::batch_runner& pinned_connection_base::runner() {
  if (!impl_) throw closed_error("pinned connection was moved from");
  return *impl_;
}

void pinned_connection_base::execute_raw(std::string_view request, std::string_view name, const command_info& info,
                                         detail::function_ref<void(resp::reply_cursor&)> decode) {
  if (!impl_) throw closed_error(std::string(name) + ": pinned connection was moved from");
  impl_->track(name, info);
  if (!impl_->observer) {
    impl_->lease->roundtrip(request, info, name, decode);
    return;
  }
  detail::observed_call call(*impl_->observer, name, impl_->endpoint);
  try {
    observe_attempt(*impl_->lease, request.size(), call, [&] { impl_->lease->roundtrip(request, info, name, decode); });
    call.succeeded();
  } catch (...) {
    call.failed();
    throw;
  }
}

}  // namespace typedis
