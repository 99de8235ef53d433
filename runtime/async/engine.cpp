// The compiled side of typedis::async_client and async_subscriber: the shared multiplexed
// connection, the dedicated connections of blocking commands and pins, and the subscription.
#include <asio/dispatch.hpp>

#include <atomic>
#include <deque>
#include <mutex>
#include <openssl/ssl.h>

#include "async/multiplexer.hpp"
#include "core/subscriber_state.hpp"
#include "core/tls_context.hpp"
#include "sentinel/locator.hpp"
#include "typedis/async/engine.hpp"
#include "typedis/error.hpp"
#include "typedis/message.hpp"

namespace typedis::async_impl {
namespace {

std::shared_ptr<asio::ssl::context> make_tls(const client_options& o) {
  if (o.connection.transport != transport_kind::tls) return nullptr;
  auto ctx = net::make_tls_context(o.connection.tls);  // throws config_error naming a bad file
  // asio's context takes ownership of the SSL_CTX it wraps: it gets a reference of its own, and
  // `ctx` (with the rest of the configuration the blocking client uses) is released here.
  SSL_CTX_up_ref(ctx->native());
  return std::make_shared<asio::ssl::context>(ctx->native());
}

class engine_impl;

// A dedicated connection handed to one caller (a pin): closed when the last handle goes.
class pinned_target final : public detail::async_target {
 public:
  pinned_target(std::shared_ptr<multiplexer> m, std::shared_ptr<std::atomic<std::uint64_t>> ids)
      : m_(std::move(m)), ids_(std::move(ids)) {}
  ~pinned_target() override { m_->close(std::make_exception_ptr(closed_error("the pinned connection is released"))); }
  void submit(detail::async_op* op) override { m_->submit(op); }
  void cancel(std::uint64_t id, bool timed_out) override { m_->cancel(id, timed_out); }
  std::uint64_t next_id() noexcept override { return ids_->fetch_add(1, std::memory_order_relaxed); }

 private:
  std::shared_ptr<multiplexer> m_;
  std::shared_ptr<std::atomic<std::uint64_t>> ids_;
};

class engine_impl final : public detail::async_engine, public std::enable_shared_from_this<engine_impl> {
 public:
  engine_impl(asio::any_io_executor ex, client_options o)
      : ex_(std::move(ex)),
        options_(std::make_shared<const client_options>(std::move(o))),
        tls_(make_tls(*options_)),
        counters_(std::make_shared<shared_counters>()),
        ids_(std::make_shared<std::atomic<std::uint64_t>>(1)),
        locator_(sentinel_impl::make_locator(*options_)),
        shared_(std::make_shared<multiplexer>(ex_, options_, tls_, multiplexer::role::shared, counters_, locator_)) {}

  // Sentinel-backed: every connection follows a failover (+switch-master, or a failure seen by
  // any of them).
  void follow_failovers() {
    if (!locator_) return;
    std::weak_ptr<engine_impl> weak = weak_from_this();
    listening_ = locator_->listen([weak](std::uint64_t stale) {
      if (auto e = weak.lock()) e->moved(stale);
    });
  }

  void moved(std::uint64_t stale) {
    shared_->moved(stale);
    std::lock_guard lock(mutex_);
    for (auto& m : busy_) m->moved(stale);
    for (auto& m : idle_) m->moved(stale);
  }

  ~engine_impl() override { close(); }

  void submit(detail::async_op* op) override {
    // A blocking command would stall every request behind it: it gets a connection of its own.
    if (op->size() == 1 && has_flag(op->info(0).flags, command_flag::blocking)) return dedicated()->submit(op);
    shared_->submit(op);
  }

  void cancel(std::uint64_t id, bool timed_out) override {
    shared_->cancel(id, timed_out);
    std::lock_guard lock(mutex_);
    for (auto& m : busy_) m->cancel(id, timed_out);
  }

  std::uint64_t next_id() noexcept override { return ids_->fetch_add(1, std::memory_order_relaxed); }

  std::shared_ptr<detail::async_target> pin() override {
    auto m = std::make_shared<multiplexer>(ex_, options_, tls_, multiplexer::role::dedicated, counters_, locator_);
    counters_->dedicated.fetch_add(1, std::memory_order_relaxed);
    return std::make_shared<pinned_target>(std::move(m), ids_);
  }

  void close() override {
    std::vector<std::shared_ptr<multiplexer>> all;
    {
      std::lock_guard lock(mutex_);
      if (closed_) return;
      closed_ = true;
      all = std::move(idle_);
      all.insert(all.end(), busy_.begin(), busy_.end());
      idle_.clear();
      busy_.clear();
    }
    const auto why = std::make_exception_ptr(closed_error("the client is closed"));
    shared_->close(why);
    for (auto& m : all) m->close(why);
  }

  detail::async_stats stats() const override {
    detail::async_stats s;
    s.requests = counters_->requests.load();
    s.writes = counters_->writes.load();
    s.reads = counters_->reads.load();
    s.connects = counters_->connects.load();
    s.dedicated = counters_->dedicated.load();
    return s;
  }

  const std::shared_ptr<const client_options>& options() const noexcept { return options_; }
  const std::shared_ptr<asio::ssl::context>& tls() const noexcept { return tls_; }
  const asio::any_io_executor& executor() const noexcept { return ex_; }

 private:
  // An idle dedicated connection, or a new one; back to the idle list when it has nothing to do
  // (at most pool.max_size kept).
  std::shared_ptr<multiplexer> dedicated() {
    std::lock_guard lock(mutex_);
    std::shared_ptr<multiplexer> m;
    if (!idle_.empty()) {
      m = std::move(idle_.back());
      idle_.pop_back();
    } else {
      m = std::make_shared<multiplexer>(ex_, options_, tls_, multiplexer::role::dedicated, counters_, locator_);
      counters_->dedicated.fetch_add(1, std::memory_order_relaxed);
      std::weak_ptr<engine_impl> weak = weak_from_this();
      std::weak_ptr<multiplexer> wm = m;
      m->on_idle = [weak, wm] {
        auto e = weak.lock();
        auto self = wm.lock();
        if (e && self) e->released(self);
      };
    }
    if (closed_) {
      m->close(std::make_exception_ptr(closed_error("the client is closed")));
      return m;
    }
    busy_.push_back(m);
    return m;
  }

  void released(const std::shared_ptr<multiplexer>& m) {
    std::lock_guard lock(mutex_);
    auto it = std::find(busy_.begin(), busy_.end(), m);
    if (it == busy_.end()) return;
    busy_.erase(it);
    if (closed_ || idle_.size() >= options_->pool.max_size) {
      m->close(std::make_exception_ptr(closed_error("surplus dedicated connection")));
      return;
    }
    idle_.push_back(m);
  }

  asio::any_io_executor ex_;
  std::shared_ptr<const client_options> options_;
  std::shared_ptr<asio::ssl::context> tls_;
  std::shared_ptr<shared_counters> counters_;
  std::shared_ptr<std::atomic<std::uint64_t>> ids_;
  std::shared_ptr<sentinel_impl::locator> locator_;
  std::shared_ptr<void> listening_;
  std::shared_ptr<multiplexer> shared_;
  std::mutex mutex_;
  std::vector<std::shared_ptr<multiplexer>> idle_;
  std::vector<std::shared_ptr<multiplexer>> busy_;
  bool closed_ = false;
};

// ---- the subscriber -----------------------------------------------------------------------------

pubsub::family core_family(detail::async_subscription::family f) {
  switch (f) {
    case detail::async_subscription::family::pattern: return pubsub::family::pattern;
    case detail::async_subscription::family::shard: return pubsub::family::shard;
    default: return pubsub::family::channel;
  }
}

class subscription_impl final : public detail::async_subscription,
                                public std::enable_shared_from_this<subscription_impl> {
 public:
  subscription_impl(asio::any_io_executor ex, std::shared_ptr<const client_options> options,
                    std::shared_ptr<asio::ssl::context> tls)
      : locator_(sentinel_impl::make_locator(*options)),
        m_(std::make_shared<multiplexer>(ex, std::move(options), std::move(tls), multiplexer::role::subscriber,
                                         std::make_shared<shared_counters>(), locator_)) {}

  void start() {
    std::weak_ptr<subscription_impl> weak = weak_from_this();
    // Called on the multiplexer's strand: the subscription's own state is under its mutex.
    m_->on_frame = [weak](resp::reply_cursor& cursor) {
      if (auto s = weak.lock()) s->on_frame(cursor);
    };
    m_->on_ready = [weak] {
      if (auto s = weak.lock()) s->on_ready();
    };
    if (locator_) {
      // Messages are published on the primary: the subscriber moves with it.
      std::weak_ptr<multiplexer> wm = m_;
      listening_ = locator_->listen([wm](std::uint64_t stale) {
        if (auto m = wm.lock()) m->moved(stale);
      });
    }
    m_->start();
  }

  ~subscription_impl() override { close(); }

  void change(family f, bool subscribe, std::vector<std::string> names) override {
    std::vector<std::string_view> views(names.begin(), names.end());
    std::string request;
    {
      std::lock_guard lock(mutex_);
      if (subscribe)
        set_.add(core_family(f), views);
      else
        set_.remove(core_family(f), views);
      request = pubsub::encode_request(core_family(f), subscribe, views);
    }
    m_->write_raw(std::move(request));
  }

  void receive(detail::async_message_op* op) override {
    std::unique_lock lock(mutex_);
    if (closed_) {
      lock.unlock();
      op->complete(std::make_exception_ptr(closed_error("the subscriber is closed")), nullptr);
      return;
    }
    if (!messages_.empty()) {
      message m = std::move(messages_.front());
      messages_.pop_front();
      lock.unlock();
      op->complete(nullptr, &m);
      return;
    }
    if (!error_.empty()) {
      const std::string text = std::move(error_);
      error_.clear();
      lock.unlock();
      op->complete(std::make_exception_ptr(server_error("SUBSCRIBE", text)), nullptr);
      return;
    }
    waiting_.push_back(op);
  }

  void cancel(std::uint64_t id) override {
    std::unique_lock lock(mutex_);
    for (auto it = waiting_.begin(); it != waiting_.end(); ++it) {
      if ((*it)->id != id) continue;
      detail::async_message_op* op = *it;
      waiting_.erase(it);
      lock.unlock();
      op->complete(std::make_exception_ptr(cancelled_error("receive", "", send_state::not_sent)), nullptr);
      return;
    }
  }

  std::uint64_t next_id() noexcept override { return ids_.fetch_add(1, std::memory_order_relaxed); }

  void close() override {
    std::deque<detail::async_message_op*> waiting;
    {
      std::lock_guard lock(mutex_);
      if (closed_) return;
      closed_ = true;
      waiting = std::move(waiting_);
      waiting_.clear();
    }
    m_->close(std::make_exception_ptr(closed_error("the subscriber is closed")));
    for (auto* op : waiting) op->complete(std::make_exception_ptr(closed_error("the subscriber is closed")), nullptr);
  }

  std::uint64_t reconnects() const noexcept override { return readies_.load() > 0 ? readies_.load() - 1 : 0; }

 private:
  void on_frame(resp::reply_cursor& cursor) {
    pubsub::frame f;
    try {
      f = pubsub::parse_frame(cursor);
    } catch (const std::exception&) {
      return;  // not a pub/sub frame: skipped (the parser already validated it)
    }
    std::unique_lock lock(mutex_);
    if (f.type == pubsub::frame::kind::error) {
      if (!waiting_.empty()) {
        auto* op = waiting_.front();
        waiting_.pop_front();
        lock.unlock();
        op->complete(std::make_exception_ptr(server_error("SUBSCRIBE", f.error_text)), nullptr);
      } else {
        error_ = f.error_text;
      }
      return;
    }
    if (f.type != pubsub::frame::kind::message) return;
    // A data message for a name no longer wanted (in flight during an UNSUBSCRIBE) is dropped.
    if (f.msg.is_data() && !set_.wanted(f.msg)) return;
    if (!waiting_.empty()) {
      auto* op = waiting_.front();
      waiting_.pop_front();
      lock.unlock();
      op->complete(nullptr, &f.msg);
      return;
    }
    messages_.push_back(std::move(f.msg));
  }

  void on_ready() {
    readies_.fetch_add(1);
    std::vector<std::string> again;
    {
      std::lock_guard lock(mutex_);
      again = set_.resubscribe_requests();
    }
    for (auto& r : again) m_->write_raw(std::move(r));
  }

  std::shared_ptr<sentinel_impl::locator> locator_;
  std::shared_ptr<void> listening_;
  std::shared_ptr<multiplexer> m_;
  std::mutex mutex_;
  pubsub::subscription_set set_;
  std::deque<message> messages_;
  std::deque<detail::async_message_op*> waiting_;
  std::string error_;
  bool closed_ = false;
  std::atomic<std::uint64_t> ids_{1};
  std::atomic<std::uint64_t> readies_{0};
};

}  // namespace
}  // namespace typedis::async_impl

namespace typedis::detail {

std::shared_ptr<async_engine> make_async_engine(asio::any_io_executor ex, client_options options) {
  auto e = std::make_shared<async_impl::engine_impl>(std::move(ex), std::move(options));
  e->follow_failovers();
  return e;
}

std::shared_ptr<async_subscription> make_async_subscription(asio::any_io_executor ex, client_options options) {
  auto tls = async_impl::make_tls(options);
  auto s = std::make_shared<async_impl::subscription_impl>(
      std::move(ex), std::make_shared<const client_options>(std::move(options)), std::move(tls));
  s->start();
  return s;
}

}  // namespace typedis::detail
