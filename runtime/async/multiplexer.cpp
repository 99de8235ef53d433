#include "async/multiplexer.hpp"

#include <asio/bind_executor.hpp>
#include <asio/connect.hpp>
#include <asio/dispatch.hpp>
#include <asio/post.hpp>
#include <asio/write.hpp>

#include <algorithm>
#include <thread>
#include <array>
#include <atomic>
#include <string>
#include <utility>

#include "core/dispatch.hpp"
#include "core/subscriber_state.hpp"
#include "core/tls_context.hpp"
#include "typedis/codec/decode.hpp"
#include "typedis/error.hpp"

namespace typedis::async_impl {
namespace {


constexpr std::size_t read_chunk = 16 * 1024;

// The health check of the shared and dedicated connections: an op of the engine's own, whose
// reply (or failure) only proves the connection alive.
class ping_op final : public detail::async_op {
 public:
  std::size_t size() const noexcept override { return 1; }
  std::string_view request(std::size_t) const noexcept override { return "*1\r\n$4\r\nPING\r\n"; }
  std::string_view name(std::size_t) const noexcept override { return "PING"; }
  const command_info& info(std::size_t) const noexcept override { return generic_command_info; }
  void on_reply(std::size_t, resp::reply_cursor& reply) override { reply.skip(); }
  void complete(std::exception_ptr) noexcept override { delete this; }
};

std::string describe(const std::error_code& ec) {
  if (ec == asio::error::eof || ec == asio::error::connection_reset) return "connection closed by server";
  return ec.message();
}

}  // namespace

// The transport of one connection: TCP, TLS over TCP or a unix socket.
struct multiplexer::stream {
  using tcp = asio::ip::tcp;
  using unix_socket = asio::local::stream_protocol::socket;
  using tls_stream = asio::ssl::stream<tcp::socket>;
  std::variant<tcp::socket, unix_socket, tls_stream> s;

  template <class F>
  decltype(auto) visit(F&& f) {
    return std::visit(std::forward<F>(f), s);
  }
  void close() {
    std::error_code ignored;
    std::visit(
        [&](auto& x) {
          if constexpr (std::is_same_v<std::decay_t<decltype(x)>, tls_stream>)
            x.lowest_layer().close(ignored);
          else
            x.close(ignored);
        },
        s);
  }
};

multiplexer::multiplexer(asio::any_io_executor ex, std::shared_ptr<const client_options> options,
                         std::shared_ptr<asio::ssl::context> tls, role r, std::shared_ptr<shared_counters> counters,
                         std::shared_ptr<sentinel_impl::locator> locator)
    : strand_(asio::make_strand(ex)),
      options_(std::move(options)),
      tls_(std::move(tls)),
      role_(r),
      counters_(std::move(counters)),
      endpoint_(options_->sentinel ? "sentinel:" + options_->sentinel->master_name : options_->connection.endpoint()),
      locator_(std::move(locator)),
      resolver_(strand_),
      connect_timer_(strand_),
      retry_timer_(strand_),
      deadline_timer_(strand_),
      tick_timer_(strand_),
      jitter_(reinterpret_cast<std::uintptr_t>(this) ^ static_cast<std::uint64_t>(clock::now().time_since_epoch().count())) {}

multiplexer::~multiplexer() = default;

template <class F>
void multiplexer::on_strand(F&& f) {
  asio::dispatch(strand_, [self = shared_from_this(), f = std::forward<F>(f)]() mutable { f(*self); });
}

void multiplexer::submit(detail::async_op* op) {
  on_strand([op](multiplexer& m) { m.enqueue(op); });
}

void multiplexer::cancel(std::uint64_t id, bool timed_out) {
  on_strand([id, timed_out](multiplexer& m) { m.cancel_now(id, timed_out); });
}

void multiplexer::close(std::exception_ptr why) {
  on_strand([why](multiplexer& m) {
    if (m.state_ == state::closed) return;
    m.state_ = state::closed;
    ++m.gen_;
    if (m.stream_) m.stream_->close();
    m.resolver_.cancel();
    m.connect_timer_.cancel();
    m.retry_timer_.cancel();
    m.deadline_timer_.cancel();
    m.tick_timer_.cancel();
    auto flights = std::move(m.inflight_);
    m.inflight_.clear();
    for (flight& f : flights)
      if (f.op) m.finish(f.op, why);
    m.pending_.insert(m.pending_.begin(), m.requeued_.begin(), m.requeued_.end());
    m.requeued_.clear();
    m.fail_pending(why);
    m.on_frame = nullptr;
    m.on_ready = nullptr;
    m.on_lost = nullptr;
    m.on_idle = nullptr;
  });
}

void multiplexer::write_raw(std::string bytes) {
  on_strand([bytes = std::move(bytes)](multiplexer& m) {
    if (m.state_ == state::closed) return;
    m.raw_ += bytes;
    if (m.state_ == state::idle) m.start_connect();
    m.flush();
  });
}

void multiplexer::start() {
  on_strand([](multiplexer& m) {
    if (m.state_ == state::idle) m.start_connect();
  });
}

std::exception_ptr multiplexer::io_failure(std::string_view command, std::string_view what, send_state s) const {
  return std::make_exception_ptr(io_error(command, endpoint_, what, s));
}

void multiplexer::finish(detail::async_op* op, std::exception_ptr error) {
  forget_deadline(op);
  if (op->id != 0) counters_->requests.fetch_add(1, std::memory_order_relaxed);  // not our health PINGs
  op->complete(std::move(error));
}

void multiplexer::enqueue(detail::async_op* op) {
  if (state_ == state::closed) {
    op->complete(std::make_exception_ptr(closed_error(std::string(op->name(0)) + ": the client is closed")));
    return;
  }
  pending_.push_back(op);
  if (op->deadline != clock::time_point::max()) {
    deadlines_.emplace(op->deadline, op->id);
    arm_deadline();
  }
  if (state_ == state::idle) start_connect();
  else if (state_ == state::ready) flush();
}

// ---- connecting -----------------------------------------------------------------------------

void multiplexer::start_connect() {
  state_ = state::connecting;
  const std::uint64_t gen = ++gen_;
  draining_ = false;
  if (!locator_) {
    target_ = std::shared_ptr<const connection_options>(options_, &options_->connection);
    return connect_to(gen);
  }
  // The sentinels are asked on a thread of their own: the resolution is the blocking driver of the
  // sentinel machine (sentinel/locator.hpp), shared with the synchronous client and rare (at
  // connect and after a failover); the strand never waits for it.
  std::thread([self = shared_from_this(), gen, loc = locator_] {
    try {
      auto t = loc->current();
      asio::dispatch(self->strand_, [self, gen, t = std::move(t)]() mutable {
        if (gen != self->gen_ || self->state_ != state::connecting) return;
        self->target_ = std::move(t.options);
        self->target_generation_ = t.generation;
        self->endpoint_ = self->target_->endpoint();
        self->connect_to(gen);
      });
    } catch (...) {
      asio::dispatch(self->strand_, [self, gen, e = std::current_exception()] { self->connect_failed(gen, e); });
    }
  }).detach();
}

void multiplexer::connect_to(std::uint64_t gen) {
  const connection_options& o = *target_;
  auto self = shared_from_this();
  connect_timer_.expires_after(o.connect_timeout);
  connect_timer_.async_wait([this, self, gen](const std::error_code& ec) {
    if (ec || gen != gen_ || (state_ != state::connecting && state_ != state::handshaking && state_ != state::verifying)) return;
    const auto& co = options_->connection;
    connect_failed(gen, std::make_exception_ptr(timeout_error(
                            "connect", endpoint_,
                            "connecting to " + endpoint_ + " timed out (connect_timeout " +
                                std::to_string(co.connect_timeout.count()) + " ms)",
                            send_state::not_sent)));
  });
  auto fail = [this, self, gen](const std::error_code& ec, std::string_view step) {
    connect_failed(gen, std::make_exception_ptr(io_error("connect", endpoint_,
                                                         std::string(step) + " " + endpoint_ + " failed: " + ec.message(),
                                                         send_state::not_sent)));
  };
  if (o.transport == transport_kind::unix_socket) {
    stream_ = std::make_unique<stream>(stream{stream::unix_socket(strand_)});
    auto& sock = std::get<stream::unix_socket>(stream_->s);
    sock.async_connect(asio::local::stream_protocol::endpoint(o.path),
                       [this, self, gen, fail](const std::error_code& ec) {
                         if (gen != gen_) return;
                         if (ec) return fail(ec, "connecting to");
                         on_connected(gen);
                       });
    return;
  }
  // An IP literal needs no resolver (asio's runs a thread of its own for every lookup).
  auto connect_tcp = [this, self, gen, fail](const auto& endpoints) {
    stream_ = std::make_unique<stream>(stream{asio::ip::tcp::socket(strand_)});
    asio::async_connect(
        std::get<asio::ip::tcp::socket>(stream_->s), endpoints,
        [this, self, gen, fail](const std::error_code& ec2, const asio::ip::tcp::endpoint&) {
          if (gen != gen_) return;
          if (ec2) return fail(ec2, "connecting to");
          on_tcp_connected(gen);
        });
  };
  std::error_code not_literal;
  const asio::ip::address literal = asio::ip::make_address(o.host, not_literal);
  if (!not_literal) {
    const std::array<asio::ip::tcp::endpoint, 1> one{asio::ip::tcp::endpoint(literal, o.port)};
    connect_tcp(one);
    return;
  }
  resolver_.async_resolve(
      o.host, std::to_string(o.port),
      [this, self, gen, fail, connect_tcp](const std::error_code& ec, asio::ip::tcp::resolver::results_type endpoints) {
        if (gen != gen_) return;
        if (ec) return fail(ec, "resolving");
        connect_tcp(endpoints);
      });
}

void multiplexer::on_tcp_connected(std::uint64_t gen) {
  auto self = shared_from_this();
  auto& sock = std::get<asio::ip::tcp::socket>(stream_->s);
  std::error_code ignored;
  sock.set_option(asio::ip::tcp::no_delay(true), ignored);
  if (target_->keepalive) sock.set_option(asio::socket_base::keep_alive(true), ignored);
  if (target_->transport != transport_kind::tls) return on_connected(gen);
  auto tcp = std::move(sock);
  stream_->s.emplace<stream::tls_stream>(std::move(tcp), *tls_);
  auto& tls = std::get<stream::tls_stream>(stream_->s);
  if (const char* step = net::configure_peer_check(tls.native_handle(), *target_))
    return connect_failed(gen, std::make_exception_ptr(io_error(
                                   "connect", endpoint_, std::string("TLS setup for ") + endpoint_ + " failed (" + step + ")",
                                   send_state::not_sent)));
  tls.async_handshake(asio::ssl::stream_base::client, [this, self, gen](const std::error_code& ec3) {
    if (gen != gen_) return;
    if (ec3) {
      std::string why = ec3.message();
      auto& t = std::get<stream::tls_stream>(stream_->s);
      const long verify = SSL_get_verify_result(t.native_handle());
      if (options_->connection.tls.verify_peer && verify != X509_V_OK)
        why = std::string("certificate verify failed (") + X509_verify_cert_error_string(verify) + ")";
      return connect_failed(gen, std::make_exception_ptr(io_error(
                                     "connect", endpoint_, "TLS handshake with " + endpoint_ + " failed: " + why,
                                     send_state::not_sent)));
    }
    on_connected(gen);
  });
}

void multiplexer::on_connected(std::uint64_t gen) {
  if (gen != gen_) return;
  state_ = state::handshaking;
  // A subscriber's requests are rebuilt from its subscription set by on_ready.
  if (role_ == role::subscriber) raw_.clear();
  session_ = std::make_unique<core::session>(core::session::options::of(*target_));
  session_->start_handshake(*target_);
  writing_ = false;
  reading_ = false;
  start_read();
  flush();
}

void multiplexer::connect_failed(std::uint64_t gen, std::exception_ptr why) {
  if (gen != gen_ || state_ == state::closed) return;
  ++gen_;
  connect_timer_.cancel();
  resolver_.cancel();
  if (stream_) stream_->close();
  last_connect_failure_ = why;
  ++failed_connects_;
  if (locator_ && target_generation_ != 0) locator_->invalidate(target_generation_);
  state_ = state::waiting;
  const int max_attempts = std::max(1, options_->retry.max_attempts);
  if (failed_connects_ >= max_attempts) {
    // Requests that never left wait no longer: they fail with what the last attempt met (an
    // auth_error, "connection refused"), not sent.
    fail_pending(why);
    if (!raw_.empty() && role_ != role::subscriber) raw_.clear();
    if (role_ != role::subscriber) {
      state_ = state::idle;  // the next request starts again
      failed_connects_ = 0;
      maybe_idle();
      return;
    }
  }
  schedule_reconnect();
}

void multiplexer::schedule_reconnect() {
  const auto delay = backoff_delay(options_->retry.effective_backoff(), std::max(1, failed_connects_), jitter_.next_unit());
  state_ = state::waiting;
  const std::uint64_t gen = gen_;
  retry_timer_.expires_after(delay);
  retry_timer_.async_wait([this, self = shared_from_this(), gen](const std::error_code& ec) {
    if (ec || gen != gen_ || state_ != state::waiting) return;
    start_connect();
  });
}

// The node the sentinels named must be what they said (a primary, or a replica) before any request
// goes to it: a failover may have happened since they answered.
class multiplexer::role_op final : public detail::async_op {
 public:
  explicit role_op(std::weak_ptr<multiplexer> m, std::uint64_t gen) : m_(std::move(m)), gen_(gen) {}
  std::size_t size() const noexcept override { return 1; }
  std::string_view request(std::size_t) const noexcept override { return core::sentinel::role_request; }
  std::string_view name(std::size_t) const noexcept override { return "ROLE"; }
  const command_info& info(std::size_t) const noexcept override { return generic_command_info; }
  void on_reply(std::size_t, resp::reply_cursor& reply) override {
    try {
      role_ = core::sentinel::parse_role(resp::value::read(reply));
    } catch (...) {
      role_.clear();
    }
  }
  void complete(std::exception_ptr) noexcept override {
    if (auto m = m_.lock()) m->role_checked(gen_, role_);
    delete this;
  }

 private:
  std::weak_ptr<multiplexer> m_;
  std::uint64_t gen_;
  std::string role_;
};

void multiplexer::on_handshake_done() {
  if (locator_) {
    state_ = state::verifying;
    auto* check = new role_op(weak_from_this(), gen_);
    session_->queue(check->request(0), check->name(0));
    inflight_.push_back(flight{check, 1});
    return;
  }
  become_ready();
}

void multiplexer::role_checked(std::uint64_t gen, const std::string& role) {
  if (gen != gen_ || state_ != state::verifying) return;
  const auto& s = locator_->settings();
  const bool want_replica = s.role == sentinel_role::replica;
  const bool ok = role == (want_replica ? "slave" : "master") ||
                  (want_replica && s.replica_fallback_to_primary && role == "master");
  if (ok) return become_ready();
  locator_->invalidate(target_generation_);
  connect_failed(gen, std::make_exception_ptr(io_error("connect", endpoint_,
                                                       endpoint_ + " reports role '" + role + "', expected " +
                                                           (want_replica ? "a replica" : "the primary"),
                                                       send_state::not_sent)));
}

void multiplexer::become_ready() {
  state_ = state::ready;
  connect_timer_.cancel();
  failed_connects_ = 0;
  counters_->connects.fetch_add(1, std::memory_order_relaxed);
  last_activity_ = last_progress_ = clock::now();
  if (role_ == role::subscriber) session_->set_raw(true);
  if (on_ready) on_ready();
  arm_tick();
}

// ---- writing and reading --------------------------------------------------------------------

void multiplexer::flush() {
  if (writing_ || !session_ || (state_ != state::ready && state_ != state::handshaking && state_ != state::verifying)) return;
  if (state_ == state::ready && !in_dispatch_ && !draining_) {
    if (inflight_.empty() && !pending_.empty()) last_progress_ = clock::now();
    for (detail::async_op* op : pending_) {
      const std::size_t n = op->size();
      for (std::size_t i = 0; i < n; ++i) session_->queue(op->request(i), op->name(i));
      ++op->attempts;
      inflight_.push_back(flight{op, n});
    }
    pending_.clear();
    if (!raw_.empty()) {
      session_->queue_raw(raw_);
      raw_.clear();
    }
  }
  const std::string_view out = session_->pending_output();
  if (out.empty()) return;
  writing_ = true;
  counters_->writes.fetch_add(1, std::memory_order_relaxed);
  const std::uint64_t gen = gen_;
  auto handler = asio::bind_executor(strand_, [this, self = shared_from_this(), gen](const std::error_code& ec, std::size_t n) {
    if (gen != gen_) return;
    writing_ = false;
    if (ec) return lose(io_failure("", "writing to " + endpoint_ + " failed: " + describe(ec), send_state::may_have_executed));
    session_->consume_output(n);
    flush();
  });
  stream_->visit([&](auto& s) { asio::async_write(s, asio::buffer(out.data(), out.size()), std::move(handler)); });
}

void multiplexer::start_read() {
  if (reading_) return;
  reading_ = true;
  const std::span<char> buf = session_->prepare(read_chunk);
  counters_->reads.fetch_add(1, std::memory_order_relaxed);
  const std::uint64_t gen = gen_;
  auto handler = asio::bind_executor(strand_, [this, self = shared_from_this(), gen](const std::error_code& ec, std::size_t n) {
    if (gen != gen_) return;
    reading_ = false;
    if (ec) {
      const auto why = io_failure("", "reading from " + endpoint_ + " failed: " + describe(ec), send_state::may_have_executed);
      if (state_ == state::handshaking || state_ == state::verifying) return connect_failed(gen, why);
      return lose(why);
    }
    session_->commit(n);
    last_activity_ = last_progress_ = clock::now();
    ping_outstanding_ = false;
    process();
    if (gen == gen_ && state_ != state::closed) start_read();
  });
  stream_->visit([&](auto& s) { s.async_read_some(asio::buffer(buf.data(), buf.size()), std::move(handler)); });
}

void multiplexer::process() {
  const std::uint64_t gen = gen_;
  in_dispatch_ = true;
  for (;;) {
    core::session::event e = session_->next();
    using kind = core::session::event::kind;
    if (e.what == kind::reply) {
      deliver(e.cursor);
      if (gen != gen_) return;  // a handler closed the client
      continue;
    }
    if (e.what == kind::need_more) {
      if (state_ == state::handshaking && !session_->handshaking()) {
        on_handshake_done();
        continue;  // replies after the handshake's may already be buffered
      }
      break;
    }
    if (e.what == kind::frame) {
      if (on_frame) on_frame(e.cursor);
      if (gen != gen_) return;
      continue;
    }
    if (e.what == kind::push) {
      if (options_->on_push) {
        resp::value v;
        try {
          decoder<resp::value>::decode(e.cursor, v);
          options_->on_push(v);
        } catch (...) {
          // A push that does not decode or a throwing handler must not take the connection down.
        }
      }
      continue;
    }
    // failed
    in_dispatch_ = false;
    const auto why = session_->failure();
    if (state_ == state::handshaking || state_ == state::verifying) return connect_failed(gen, why);
    return lose(why);
  }
  in_dispatch_ = false;
  if (draining_ && inflight_.empty() && state_ == state::ready) return reconnect_drained();
  flush();
  maybe_idle();
}

void multiplexer::deliver(resp::reply_cursor& cursor) {
  flight& f = inflight_.front();
  if (locator_ && f.op && f.op->id != 0 && f.op->size() == 1 && refused_as_replica(cursor)) {
    // The node was demoted by a failover: the write was refused, not run, so it waits for the new
    // primary like a request never sent; so do the requests behind it.
    detail::async_op* op = f.op;
    inflight_.pop_front();
    requeued_.push_back(op);
    if (!draining_) {
      locator_->invalidate(target_generation_);
      draining_ = true;
    }
    return;
  }
  if (f.op) {
    try {
      f.op->on_reply(f.next, cursor);
    } catch (...) {
      // An op's reply handler does not throw (it keeps its errors); a bug must not lose the order.
    }
  }
  if (++f.next < f.count) return;
  detail::async_op* op = f.op;
  inflight_.pop_front();
  if (op) finish(op, nullptr);
}

bool multiplexer::refused_as_replica(resp::reply_cursor& cursor) {
  const resp::node& top = cursor.peek();
  if (!resp::is_error(top.type)) return false;
  return cursor.text(top).substr(0, 8) == "READONLY";
}

// Every reply from the old node is in: what it refused goes first on the new one.
void multiplexer::reconnect_drained() {
  pending_.insert(pending_.begin(), requeued_.begin(), requeued_.end());
  requeued_.clear();
  draining_ = false;
  ++gen_;
  if (stream_) stream_->close();
  tick_timer_.cancel();
  writing_ = reading_ = false;
  start_connect();
}

void multiplexer::moved(std::uint64_t stale_generation) {
  on_strand([stale_generation](multiplexer& m) {
    if (!m.locator_ || m.target_generation_ != stale_generation || m.state_ == state::closed) return;
    if (m.state_ != state::ready) return;  // a connect in progress asks the locator anew
    m.draining_ = true;
    if (m.inflight_.empty()) m.reconnect_drained();
  });
}

void multiplexer::maybe_idle() {
  if (role_ == role::dedicated && pending_.empty() && inflight_.empty() && on_idle && state_ != state::closed) on_idle();
}

// ---- failures -------------------------------------------------------------------------------

void multiplexer::fail_pending(const std::exception_ptr& why) {
  auto waiting = std::move(pending_);
  pending_.clear();
  for (detail::async_op* op : waiting) finish(op, why);
}

void multiplexer::lose(std::exception_ptr why) {
  if (state_ == state::closed) return;
  if (locator_) locator_->invalidate(target_generation_);  // the node may be gone: ask again
  ++gen_;
  if (stream_) stream_->close();
  tick_timer_.cancel();
  writing_ = reading_ = in_dispatch_ = false;
  std::string what = "connection lost";
  try {
    std::rethrow_exception(why);
  } catch (const std::exception& x) {
    what = x.what();
  }
  const bool timed_out = [&] {
    try {
      std::rethrow_exception(why);
    } catch (const timeout_error&) {
      return true;
    } catch (...) {
      return false;
    }
  }();
  // In order: those that may go again keep their place ahead of the requests not yet written.
  auto flights = std::move(inflight_);
  inflight_.clear();
  std::deque<detail::async_op*> again;
  const int max_attempts = std::max(1, options_->retry.max_attempts);
  for (flight& f : flights) {
    if (!f.op) continue;
    detail::async_op* op = f.op;
    const bool resend = f.next == 0 && op->size() == 1 && op->attempts < max_attempts &&
                        dispatch::may_resend(op->info(0), op->resend_safe || options_->retry.retry_unsafe);
    if (resend) {
      again.push_back(op);
      continue;
    }
    const std::string_view name = op->name(std::min(f.next, op->size() - 1));
    finish(op, timed_out ? std::make_exception_ptr(timeout_error(name, "", what, send_state::may_have_executed))
                         : std::make_exception_ptr(io_error(name, "", what, send_state::may_have_executed)));
  }
  pending_.insert(pending_.begin(), again.begin(), again.end());
  pending_.insert(pending_.begin(), requeued_.begin(), requeued_.end());
  requeued_.clear();
  draining_ = false;
  if (on_lost) on_lost(why);
  failed_connects_ = 0;
  if (role_ == role::dedicated && pending_.empty()) {
    state_ = state::idle;
    maybe_idle();
    return;
  }
  // Reconnect at once the first time (a server restart is the common case), then back off.
  state_ = state::waiting;
  start_connect();
}

// ---- cancellation and deadlines -------------------------------------------------------------

void multiplexer::cancel_now(std::uint64_t id, bool timed_out) {
  auto error = [&](std::string_view name, send_state s) {
    if (timed_out)
      return std::make_exception_ptr(timeout_error(name, endpoint_, "request timeout reached", s));
    return std::make_exception_ptr(cancelled_error(name, endpoint_, s));
  };
  for (auto it = pending_.begin(); it != pending_.end(); ++it) {
    if ((*it)->id != id) continue;
    detail::async_op* op = *it;
    pending_.erase(it);
    finish(op, error(op->name(0), send_state::not_sent));
    maybe_idle();
    return;
  }
  for (flight& f : inflight_) {
    if (!f.op || f.op->id != id) continue;
    detail::async_op* op = f.op;
    f.op = nullptr;  // keeps its place: its replies are read and dropped
    finish(op, error(op->name(std::min(f.next, op->size() - 1)), send_state::may_have_executed));
    return;
  }
}

void multiplexer::forget_deadline(const detail::async_op* op) {
  if (op->deadline == clock::time_point::max()) return;
  auto [first, last] = deadlines_.equal_range(op->deadline);
  for (auto it = first; it != last; ++it)
    if (it->second == op->id) {
      deadlines_.erase(it);
      return;
    }
}

void multiplexer::arm_deadline() {
  if (deadlines_.empty()) return;
  const auto when = deadlines_.begin()->first;
  if (deadline_armed_ && deadline_timer_.expiry() <= when) return;
  deadline_armed_ = true;
  deadline_timer_.expires_at(when);
  deadline_timer_.async_wait([this, self = shared_from_this()](const std::error_code& ec) {
    if (ec == asio::error::operation_aborted) return;  // re-armed earlier, or closed
    deadline_armed_ = false;
    on_deadline();
  });
}

void multiplexer::on_deadline() {
  if (state_ == state::closed) return;
  const auto now = clock::now();
  std::vector<std::uint64_t> due;
  for (auto it = deadlines_.begin(); it != deadlines_.end() && it->first <= now; ++it) due.push_back(it->second);
  for (std::uint64_t id : due) cancel_now(id, true);
  arm_deadline();
}

// The watchdog and the health check of a ready connection, one timer for both: requests in flight
// and no byte for read_timeout means a dead peer; nothing sent for pool.idle_check_after, a PING.
void multiplexer::arm_tick() {
  const auto& o = *options_;
  auto period = std::min(o.connection.read_timeout, o.pool.idle_check_after) / 4;
  period = std::clamp(period, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
  const std::uint64_t gen = gen_;
  tick_timer_.expires_after(period);
  tick_timer_.async_wait([this, self = shared_from_this(), gen](const std::error_code& ec) {
    if (ec || gen != gen_) return;
    on_tick(gen);
  });
}

void multiplexer::on_tick(std::uint64_t gen) {
  if (state_ != state::ready) return;
  const auto now = clock::now();
  const auto& o = *options_;
  bool blocking = false;
  for (const flight& f : inflight_)
    if (f.op && has_flag(f.op->info(0).flags, command_flag::blocking)) blocking = true;
  const bool waiting_for_reply = !inflight_.empty() || (role_ == role::subscriber && ping_outstanding_);
  if (waiting_for_reply && !blocking && now - last_progress_ > o.connection.read_timeout) {
    lose(std::make_exception_ptr(timeout_error("", endpoint_,
                                               "no reply from " + endpoint_ + " within read_timeout (" +
                                                   std::to_string(o.connection.read_timeout.count()) + " ms)",
                                               send_state::may_have_executed)));
    return;
  }
  if (inflight_.empty() && pending_.empty() && o.pool.idle_check_after.count() > 0 &&
      now - last_activity_ > o.pool.idle_check_after) {
    last_activity_ = last_progress_ = now;
    if (role_ == role::subscriber) {
      ping_outstanding_ = true;
      raw_ += "*1\r\n$4\r\nPING\r\n";
    } else {
      auto* ping = new ping_op;
      ping->id = 0;
      pending_.push_back(ping);
    }
    flush();
  }
  if (gen == gen_) arm_tick();
}

}  // namespace typedis::async_impl
