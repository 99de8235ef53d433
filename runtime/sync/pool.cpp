#include "sync/pool.hpp"

#include "core/observed_call.hpp"
#include "typedis/detail/runtime_commands.hpp"
#include "typedis/error.hpp"

namespace typedis {

connection_pool::connection_pool(typedis::endpoint target, pool_options options)
    : target_(std::move(target)), options_(options) {
  if (options_.max_size == 0) throw config_error("pool_size must be at least 1");
}

connection_pool::~connection_pool() { close(); }

const char* connection_pool::unusable(connection& c) {
  const auto now = std::chrono::steady_clock::now();
  if (options_.max_lifetime.count() > 0 && now - c.created() > options_.max_lifetime) return "expired";
  if (!target_.current(c)) return "the sentinels name another node now";
  // Data or EOF with no request outstanding: the server closed it (restart, timeout, CLIENT KILL).
  // A connection used very recently is not polled when the options say so (closed_check_after).
  const auto idle_for = now - c.last_used();
  if (!c.absorb_pending(idle_for >= options_.closed_check_after)) return "closed by the server";
  if (options_.idle_check_after.count() >= 0 && idle_for >= options_.idle_check_after) {
    try {
      const auto& ping = detail::ping_command();
      c.roundtrip(ping.bytes(), ping.name(), [](resp::reply_cursor& cursor) { cursor.skip(); });
    } catch (const error&) {
      return "failed the idle health check";
    }
  }
  return nullptr;
}

void connection_pool::discard(std::unique_ptr<connection> c, std::string_view reason) {
  c->close();
  detail::report(target_.observer.get(), connection_event_kind::discard, target_.name, reason);
  std::lock_guard lock(mutex_);
  --open_;
  ++discarded_;
  freed_.notify_one();
}

connection_pool::lease connection_pool::acquire() {
  const auto deadline = std::chrono::steady_clock::now() + options_.checkout_timeout;
  std::unique_lock lock(mutex_);
  for (;;) {
    if (closed_) throw closed_error("client is closed");
    if (!idle_.empty()) {
      std::unique_ptr<connection> c = std::move(idle_.back());
      idle_.pop_back();
      lock.unlock();
      const char* const why_not = unusable(*c);
      if (why_not == nullptr) return lease(this, std::move(c));
      discard(std::move(c), why_not);
      lock.lock();
      continue;
    }
    if (open_ < options_.max_size) {
      ++open_;
      lock.unlock();
      try {
        std::unique_ptr<connection> c = target_.open();
        lock.lock();
        ++created_;
        lock.unlock();
        return lease(this, std::move(c));
      } catch (...) {
        lock.lock();
        --open_;
        freed_.notify_one();
        throw;
      }
    }
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() && open_ >= options_.max_size)
      throw pool_timeout_error("no connection became free within " + std::to_string(options_.checkout_timeout.count()) +
                               " ms (pool_size " + std::to_string(options_.max_size) + ")");
  }
}

void connection_pool::release(std::unique_ptr<connection> c) {
  const bool expired = options_.max_lifetime.count() > 0 &&
                       std::chrono::steady_clock::now() - c->created() > options_.max_lifetime;
  const bool moved = !target_.current(*c);
  if (c->broken() || expired || moved) {
    // Broken: an I/O or protocol error, or a pinned connection's state that cannot be undone.
    // Moved: a failover made another node the primary; the old one is drained, not reused.
    const char* const why = c->broken() ? "broken" : expired ? "expired" : "the sentinels name another node now";
    discard(std::move(c), why);
    return;
  }
  std::lock_guard lock(mutex_);
  if (closed_) {
    c->close();
    --open_;
    return;
  }
  idle_.push_back(std::move(c));
  freed_.notify_one();
}

void connection_pool::close() {
  std::vector<std::unique_ptr<connection>> idle;
  {
    std::lock_guard lock(mutex_);
    closed_ = true;
    idle.swap(idle_);
    open_ -= idle.size();
    freed_.notify_all();
  }
  for (auto& c : idle) c->close();
}

pool_stats connection_pool::stats() const {
  std::lock_guard lock(mutex_);
  return pool_stats{open_, idle_.size(), created_, discarded_};
}

}  // namespace typedis
