// typedis::subscriber: the blocking transport around the I/O-free pieces in subscriber_state.hpp.
//
// Locking: `io_mutex` guards the connection (stream, TLS object, read buffer, parser) and the
// health-check fields. The reading thread holds it only for one poll slice (at most slice_length),
// so a thread calling subscribe() waits at most that long; writers announce themselves through
// `gate` and the reader lets them in before taking the next slice (a plain mutex re-locked in a
// loop would starve them). Nothing is ever read or written on the connection without io_mutex, so
// a TLS connection is never used from two threads at once. The connection pointer itself changes
// only on the reading thread (reconnect, drop) or in close(), always under io_mutex.
#include "typedis/subscriber.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <random>
#include <stdexcept>

#include "core/observed_call.hpp"
#include "sync/connection.hpp"
#include "sync/endpoint.hpp"
#include "sync/net/stream.hpp"
#include "core/backoff.hpp"
#include "core/subscriber_state.hpp"
#include "typedis/detail/runtime_commands.hpp"
#include "typedis/error.hpp"
#include "typedis/url.hpp"

namespace typedis {

namespace {
using clock = std::chrono::steady_clock;

// A subscriber made from a client's options reports to the client's observer unless it has its own.
subscriber_options with_observer(subscriber_options o, const std::shared_ptr<observer>& fallback) {
  if (!o.observer) o.observer = fallback;
  return o;
}
using namespace std::chrono_literals;

// How long the reader holds the I/O lock per poll: bounds stop() latency and how long a
// subscribe() from another thread waits.
constexpr auto slice_length = 50ms;
constexpr std::string_view reader_name = "subscriber";
}  // namespace

client_options client_of(connection_options c) {
  client_options o;
  o.connection = std::move(c);
  return o;
}

// The client options with the subscriber's observer (the subscriber's own wins).
client_options with_client_observer(client_options c, const std::shared_ptr<typedis::observer>& o) {
  if (o) c.observer = o;
  return c;
}

struct subscriber::impl {
  impl(const client_options& c, subscriber_options o)
      : target(endpoint::make(with_client_observer(c, o.observer), {})),
        conn_options(*target.options),
        options(std::move(o)),
        rng(std::random_device{}()) {
    conn = target.open();
    conn->set_raw(true);  // replies to (UN)SUBSCRIBE and PING interleave with messages
    connected = true;
    last_traffic = clock::now();
  }

  endpoint target;  // owns the connection options every (re)connection reads
  const connection_options& conn_options;
  subscriber_options options;

  std::mutex io_mutex;
  std::unique_ptr<connection> conn;  // null while disconnected
  bool closed = false;
  clock::time_point last_traffic;    // last byte read or written
  bool ping_outstanding = false;
  clock::time_point ping_deadline;

  std::mutex gate_mutex;
  std::condition_variable gate_cv;
  int writers_waiting = 0;

  mutable std::mutex set_mutex;  // changes happen under io_mutex too; readers of snapshots take this only
  pubsub::subscription_set subs;

  std::atomic<bool> reading{false};
  std::atomic<bool> stop_requested{false};
  std::mutex stop_mutex;
  std::condition_variable stop_cv;

  // Reconnect state: reading thread only.
  int failed_attempts = 0;  // consecutive
  clock::time_point next_attempt;
  std::string drop_reason;
  std::optional<reconnect_info> pending_callback;
  std::mt19937_64 rng;

  std::atomic<std::uint64_t> reconnects{0};
  std::atomic<std::uint64_t> failed_total{0};
  std::atomic<std::uint64_t> health_failures{0};
  std::atomic<bool> connected{false};

  // Writes a (un)subscribe request; with an observer, as one command that ends once written.
  void send(std::string_view request, std::string_view command) {
    if (!options.observer) {
      conn->write(request, command);
      return;
    }
    detail::observed_call call(*options.observer, command, target.name);
    try {
      call.attempt(request.size());
      conn->write(request, command);
      call.succeeded();
    } catch (...) {
      call.failed();
      throw;
    }
  }

  std::unique_lock<std::mutex> lock_io_for_writer() {
    {
      std::lock_guard g(gate_mutex);
      ++writers_waiting;
    }
    std::unique_lock l(io_mutex);
    {
      std::lock_guard g(gate_mutex);
      --writers_waiting;
    }
    gate_cv.notify_all();
    return l;
  }

  std::unique_lock<std::mutex> lock_io_for_reader() {
    {
      std::unique_lock g(gate_mutex);
      gate_cv.wait(g, [&] { return writers_waiting == 0; });
    }
    return std::unique_lock(io_mutex);
  }

  // (Un)subscribe: record the change, then send it if connected. With reconnect on, a failed
  // write is left to the reader, which finds the connection broken and restores the sets.
  void change(pubsub::family f, bool add, arg_range<std::string_view> names) {
    if (add && names.empty()) return;
    auto io = lock_io_for_writer();
    if (closed) throw closed_error("subscriber is closed");
    {
      std::lock_guard g(set_mutex);
      if (add)
        subs.add(f, names);
      else
        subs.remove(f, names);
    }
    if (!conn || conn->broken()) return;
    const std::string_view command = add ? pubsub::subscribe_command(f) : pubsub::unsubscribe_command(f);
    try {
      send(pubsub::encode_request(f, add, names), command);
      last_traffic = clock::now();
    } catch (const error&) {
      if (!options.reconnect.enabled) throw;
    }
  }

  // With io_mutex held.
  void drop(std::string reason) {
    if (conn) {
      conn->close();
      detail::report(options.observer.get(), connection_event_kind::discard, target.name, reason);
    }
    conn.reset();
    connected = false;
    ping_outstanding = false;
    drop_reason = std::move(reason);
    failed_attempts = 0;
    next_attempt = clock::now();  // the first attempt is immediate
  }

  // Reading thread, io_mutex not held. Throws when the policy says to give up.
  void try_reconnect() {
    std::unique_ptr<connection> fresh;
    try {
      fresh = target.open();
      fresh->set_raw(true);
      auto io = lock_io_for_reader();
      if (closed) throw closed_error("subscriber is closed");
      std::vector<std::string> requests;
      {
        std::lock_guard g(set_mutex);
        requests = subs.resubscribe_requests();
      }
      for (const auto& r : requests) fresh->write(r, "SUBSCRIBE");
      conn = std::move(fresh);
      connected = true;
      last_traffic = clock::now();
      ping_outstanding = false;
    } catch (const closed_error&) {
      throw;
    } catch (const error&) {
      ++failed_attempts;
      ++failed_total;
      std::uniform_real_distribution<double> unit(0.0, 1.0);
      next_attempt = clock::now() + backoff_delay(options.reconnect.effective_backoff(), failed_attempts, unit(rng));
      const bool give_up = !options.reconnect.enabled ||
                           (options.reconnect.max_attempts > 0 && failed_attempts >= options.reconnect.max_attempts);
      if (give_up) {
        failed_attempts = 0;
        throw;
      }
      return;
    }
    detail::report(options.observer.get(), connection_event_kind::reconnect, target.name, drop_reason);
    const auto n = ++reconnects;
    pending_callback = reconnect_info{n, failed_attempts + 1, drop_reason};
    failed_attempts = 0;
  }

  // Waits until `until` without holding any lock; run() can cut it short with stop().
  void pause_until(clock::time_point until, bool interruptible) {
    std::unique_lock l(stop_mutex);
    if (interruptible)
      stop_cv.wait_until(l, until, [&] { return stop_requested.load(); });
    else
      stop_cv.wait_until(l, until, [] { return false; });
  }

  // One step of reading: reconnects, health checks and at most one poll of at most slice_length.
  // Returns a message to hand out, or nullopt (nothing yet, or a frame consumed internally).
  std::optional<message> slice(clock::time_point end, bool interruptible) {
    const auto now = clock::now();
    const auto slice_end = std::min(end, now + slice_length);
    bool disconnected = false;
    {
      // `conn` changes only on this thread or in close(); reading it here unlocked is race-free
      // except against close(), which the caller must not run concurrently.
      disconnected = !conn;
    }
    if (disconnected) {
      if (closed) throw closed_error("subscriber is closed");
      if (now < next_attempt) {
        pause_until(std::min(next_attempt, slice_end), interruptible);
        return std::nullopt;
      }
      try_reconnect();
      return std::nullopt;
    }

    auto io = lock_io_for_reader();
    if (closed || !conn) throw closed_error("subscriber is closed");
    if (conn->broken()) return lost("connection failed while sending a command", nullptr);
    // A sentinel-backed subscriber follows the primary: messages are published there.
    if (!target.current(*conn)) return lost("the sentinels name another node now", nullptr);

    const auto interval = options.health_check_interval;
    if (ping_outstanding && clock::now() >= ping_deadline) {
      ++health_failures;
      return lost("health check: no answer to PING within the read timeout", nullptr);
    }
    if (!ping_outstanding && interval.count() > 0 && clock::now() - last_traffic >= interval) {
      try {
        conn->write(detail::ping_command().bytes(), detail::ping_command().name());
      } catch (const error& e) {
        return lost(std::string("health check PING failed: ") + e.what(), &e);
      }
      ping_outstanding = true;
      const auto wait = conn_options.read_timeout.count() > 0 ? conn_options.read_timeout : interval;
      ping_deadline = clock::now() + wait;
      last_traffic = clock::now();
    }
    auto poll_end = slice_end;
    if (ping_outstanding)
      poll_end = std::min(poll_end, ping_deadline);
    else if (interval.count() > 0)
      poll_end = std::min(poll_end, last_traffic + interval);

    pubsub::frame f;
    bool got = false;
    try {
      got = conn->poll_frame(poll_end, reader_name,
                             [&](resp::reply_cursor& cursor) { f = pubsub::parse_frame(cursor); });
    } catch (const protocol_error&) {
      drop("protocol error");
      throw;  // not a network hiccup: the caller must hear about it
    } catch (const error& e) {
      return lost(e.what(), &e);
    }
    if (!got) return std::nullopt;
    last_traffic = clock::now();
    switch (f.type) {
      case pubsub::frame::kind::pong:
        ping_outstanding = false;
        return std::nullopt;
      case pubsub::frame::kind::error:
        throw server_error(reader_name, f.error_text);
      case pubsub::frame::kind::ignored:
        return std::nullopt;
      case pubsub::frame::kind::message:
        break;
    }
    if (f.msg.is_data()) {
      if (!subs.wanted(f.msg)) return std::nullopt;  // unsubscribed meanwhile
      return std::move(f.msg);
    }
    if (options.deliver_confirmations) return std::move(f.msg);
    return std::nullopt;
  }

  // With io_mutex held: the connection is gone. Rethrows `cause` when reconnecting is off.
  std::optional<message> lost(std::string reason, const error* cause) {
    drop(std::move(reason));
    if (!options.reconnect.enabled) {
      if (cause != nullptr) throw io_error(reader_name, conn_options.endpoint(), cause->what());
      throw io_error(reader_name, conn_options.endpoint(), drop_reason);
    }
    return std::nullopt;
  }

  void fire_callback() {
    if (!pending_callback) return;
    reconnect_info info = std::move(*pending_callback);
    pending_callback.reset();
    if (options.on_reconnect) options.on_reconnect(info);
  }

  struct reader_guard {
    std::atomic<bool>& flag;
    explicit reader_guard(std::atomic<bool>& f) : flag(f) {
      if (flag.exchange(true))
        throw std::logic_error("typedis::subscriber: another thread is already reading (get_message/run)");
    }
    ~reader_guard() { flag = false; }
  };
};

subscriber::subscriber(std::string_view url, subscriber_options options)
    : subscriber(parse_url(url), std::move(options)) {}
subscriber::subscriber(const client_options& options, subscriber_options sub_options)
    : impl_(std::make_unique<impl>(options, with_observer(std::move(sub_options), options.observer))) {}
subscriber::subscriber(connection_options connection, subscriber_options options)
    : impl_(std::make_unique<impl>(client_of(std::move(connection)), std::move(options))) {}
subscriber::~subscriber() = default;
subscriber::subscriber(subscriber&&) noexcept = default;
subscriber& subscriber::operator=(subscriber&&) noexcept = default;

subscriber::impl& subscriber::self() const {
  if (!impl_) throw closed_error("subscriber was moved from");
  return *impl_;
}

void subscriber::subscribe(arg_range<std::string_view> channels) {
  self().change(pubsub::family::channel, true, channels);
}
void subscriber::psubscribe(arg_range<std::string_view> patterns) {
  self().change(pubsub::family::pattern, true, patterns);
}
void subscriber::ssubscribe(arg_range<std::string_view> shard_channels) {
  self().change(pubsub::family::shard, true, shard_channels);
}
void subscriber::unsubscribe(arg_range<std::string_view> channels) {
  self().change(pubsub::family::channel, false, channels);
}
void subscriber::punsubscribe(arg_range<std::string_view> patterns) {
  self().change(pubsub::family::pattern, false, patterns);
}
void subscriber::sunsubscribe(arg_range<std::string_view> shard_channels) {
  self().change(pubsub::family::shard, false, shard_channels);
}

std::optional<message> subscriber::get_message(std::chrono::milliseconds timeout) {
  impl& s = self();
  impl::reader_guard guard(s.reading);
  const auto end = clock::now() + std::max(timeout, std::chrono::milliseconds{0});
  for (;;) {
    auto m = s.slice(end, false);
    s.fire_callback();
    if (m) return m;
    if (clock::now() >= end) return std::nullopt;
  }
}

void subscriber::run(const std::function<void(const message&)>& handler) {
  impl& s = self();
  impl::reader_guard guard(s.reading);
  while (!s.stop_requested.exchange(false)) {
    auto m = s.slice(clock::now() + slice_length, true);
    s.fire_callback();
    if (m) handler(*m);
  }
}

void subscriber::stop() noexcept {
  if (!impl_) return;
  {
    std::lock_guard l(impl_->stop_mutex);
    impl_->stop_requested = true;
  }
  impl_->stop_cv.notify_all();
}

std::set<std::string> subscriber::channels() const {
  const impl& s = self();
  std::lock_guard g(s.set_mutex);
  const auto& n = s.subs.names(pubsub::family::channel);
  return {n.begin(), n.end()};
}
std::set<std::string> subscriber::patterns() const {
  const impl& s = self();
  std::lock_guard g(s.set_mutex);
  const auto& n = s.subs.names(pubsub::family::pattern);
  return {n.begin(), n.end()};
}
std::set<std::string> subscriber::shard_channels() const {
  const impl& s = self();
  std::lock_guard g(s.set_mutex);
  const auto& n = s.subs.names(pubsub::family::shard);
  return {n.begin(), n.end()};
}

std::uint64_t subscriber::reconnects() const noexcept { return impl_ ? impl_->reconnects.load() : 0; }

subscriber_stats subscriber::stats() const {
  const impl& s = self();
  return {s.reconnects.load(), s.failed_total.load(), s.health_failures.load(), s.connected.load()};
}

const connection_options& subscriber::options() const noexcept { return impl_->conn_options; }

void subscriber::close() {
  if (!impl_) return;
  auto io = impl_->lock_io_for_writer();
  impl_->closed = true;
  if (impl_->conn) impl_->conn->close();
  impl_->conn.reset();
  impl_->connected = false;
}

}  // namespace typedis
