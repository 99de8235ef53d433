#include "typedis/pinned_connection.hpp"

#include "batch_runner.hpp"
#include "pinned_connection_impl.hpp"
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

void pinned_connection::impl::track(std::string_view name) noexcept {
  if (names(name, "WATCH")) watching = true;
  if (names(name, "EXEC") || names(name, "DISCARD") || names(name, "UNWATCH")) watching = false;
}

void pinned_connection::impl::run_batch(const detail::batch& commands, detail::reply_handler on_reply) {
  for (std::size_t i = 0; i < commands.size(); ++i) track(commands.name(i));
  run_batch_on(*lease, commands, on_reply);
}

pinned_connection::impl::~impl() {
  if (!watching || lease->broken()) return;
  try {
    static constexpr std::string_view unwatch = "*1\r\n$7\r\nUNWATCH\r\n";
    lease->roundtrip(unwatch, "UNWATCH", [](resp::reply_cursor& c) { c.skip(); });
  } catch (...) {
    lease->mark_broken();  // never back into the pool in a watched state
  }
}

pinned_connection::pinned_connection(std::unique_ptr<impl> i) : impl_(std::move(i)) {}
pinned_connection::pinned_connection(pinned_connection&&) noexcept = default;
pinned_connection& pinned_connection::operator=(pinned_connection&&) noexcept = default;
pinned_connection::~pinned_connection() = default;

bool pinned_connection::watching() const noexcept { return impl_ && impl_->watching; }

detail::batch_runner& pinned_connection::runner() {
  if (!impl_) throw closed_error("pinned connection was moved from");
  return *impl_;
}

void pinned_connection::execute_raw(std::string_view request, std::string_view name,
                                    detail::function_ref<void(resp::reply_cursor&)> decode) {
  if (!impl_) throw closed_error(std::string(name) + ": pinned connection was moved from");
  impl_->track(name);
  impl_->lease->roundtrip(request, name, decode);
}

}  // namespace typedis
