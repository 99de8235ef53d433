#include "sentinel/locator.hpp"

#include <algorithm>
#include <chrono>

#include "core/subscriber_state.hpp"
#include "sync/net/wait.hpp"
#include "typedis/error.hpp"

namespace typedis::sentinel_impl {
namespace {

using clock = std::chrono::steady_clock;

resp::value ask(connection& c, std::string_view request, std::string_view name) {
  resp::value v;
  c.roundtrip(request, name, [&](resp::reply_cursor& cursor) { v = resp::value::read(cursor); });
  return v;
}

}  // namespace

locator::locator(const client_options& base)
    : base_(base), options_(*base.sentinel), sentinels_(base.sentinel->sentinels) {
  base_.sentinel.reset();
  if (options_.sentinels.empty()) throw config_error("sentinel: no sentinel address given");
  if (options_.master_name.empty()) throw config_error("sentinel: no master name given");
  if (options_.tls) sentinel_tls_ = net::make_tls_context(base_.connection.tls);
  if (base_.connection.transport == transport_kind::tls) data_tls_ = net::make_tls_context(base_.connection.tls);
}

locator::~locator() {
  {
    std::lock_guard lock(watch_mutex_);
    stopping_ = true;
  }
  watch_wake_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

std::string locator::describe() const {
  std::string out = "master '" + options_.master_name + "' via sentinels";
  bool first = true;
  for (const auto& s : options_.sentinels) {
    out += first ? " " : ", ";
    first = false;
    out += core::sentinel::address{s.host, s.port}.text();
  }
  return out;
}

connection_options locator::sentinel_connection(const core::sentinel::address& a) const {
  connection_options o;
  o.transport = options_.tls ? transport_kind::tls : transport_kind::tcp;
  o.host = a.host;
  o.port = a.port;
  o.username = options_.username;
  o.password = options_.password;
  o.protocol = protocol_version::resp2;  // what every sentinel speaks; replies are read generically
  o.connect_timeout = base_.connection.connect_timeout;
  o.read_timeout = base_.connection.read_timeout;
  o.write_timeout = base_.connection.write_timeout;
  o.tls = base_.connection.tls;
  o.limits = base_.connection.limits;
  return o;
}

std::unique_ptr<connection> locator::open_sentinel(const core::sentinel::address& a) {
  return connection::open(std::make_shared<const connection_options>(sentinel_connection(a)), sentinel_tls_);
}

locator::target locator::current() {
  std::lock_guard lock(mutex_);
  if (!valid_) return resolve_locked();
  const auto& node = nodes_[next_node_++ % nodes_.size()];
  connection_options o = base_.connection;
  o.host = node.host;
  o.port = node.port;
  return {std::make_shared<const connection_options>(std::move(o)), generation()};
}

// Asks each sentinel in turn; the first that answers (and whose answer is usable) wins and is
// asked first next time. Called with mutex_ held: a thousand callers that saw a failure wait for
// this one resolution instead of starting their own.
locator::target locator::resolve_locked() {
  const bool want_replica = options_.role == sentinel_role::replica;
  std::string tried;
  const auto deadline = clock::now() + std::max(base_.connection.connect_timeout, std::chrono::milliseconds(1));
  const std::vector<core::sentinel::address> order = sentinels_.order();
  for (const auto& s : order) {
    if (!tried.empty()) tried += "; ";
    if (clock::now() >= deadline) {
      tried += s.text() + ": not asked (connect_timeout reached)";
      continue;
    }
    try {
      auto conn = open_sentinel(s);
      std::vector<core::sentinel::address> nodes;
      if (want_replica) nodes = core::sentinel::parse_replicas(ask(*conn, core::sentinel::replicas_request(options_.master_name), "SENTINEL REPLICAS"));
      if (nodes.empty() && (!want_replica || options_.replica_fallback_to_primary)) {
        const auto primary = core::sentinel::parse_master_addr(
            ask(*conn, core::sentinel::master_addr_request(options_.master_name), "SENTINEL GET-MASTER-ADDR-BY-NAME"));
        if (primary) nodes.push_back(*primary);
      }
      if (nodes.empty()) {
        tried += s.text() + (want_replica ? ": no usable replica" : ": does not know the master");
        continue;
      }
      try {
        sentinels_.learn(core::sentinel::parse_sentinels(
            ask(*conn, core::sentinel::sentinels_request(options_.master_name), "SENTINEL SENTINELS")));
      } catch (const error&) {
        // Only discovery failed: the answer stands.
      }
      sentinels_.answered(s);
      // Spread the connections over the replicas from a different start each resolution.
      if (want_replica) std::rotate(nodes.begin(), nodes.begin() + (generation() % nodes.size()), nodes.end());
      nodes_ = std::move(nodes);
      next_node_ = 0;
      valid_ = true;
      const std::uint64_t g = generation_.fetch_add(1, std::memory_order_acq_rel) + 1;
      connection_options o = base_.connection;
      o.host = nodes_[0].host;
      o.port = nodes_[0].port;
      next_node_ = 1;
      return {std::make_shared<const connection_options>(std::move(o)), g};
    } catch (const error& e) {
      tried += s.text() + ": " + e.what();
    }
  }
  throw io_error("connect", "", "no sentinel could resolve " + describe() + " (" + tried + ")", send_state::not_sent);
}

void locator::invalidate(std::uint64_t generation_seen) {
  {
    std::lock_guard lock(mutex_);
    if (generation_seen != generation() || !valid_) return;  // already resolved again since
    valid_ = false;
    // Every connection of the stale generation is now out of date: the pool drains them at once
    // instead of reusing them until the old primary refuses a write.
    generation_.fetch_add(1, std::memory_order_acq_rel);
  }
  notify(generation_seen);
}

std::unique_ptr<connection> locator::open(const std::shared_ptr<net::tls_context>& /*unused*/) {
  const std::string expected = options_.role == sentinel_role::replica ? "slave" : "master";
  std::string failures;
  for (int round = 0; round < 3; ++round) {
    const target t = current();
    try {
      auto c = connection::open(t.options, data_tls_);
      const std::string role = core::sentinel::parse_role(ask(*c, core::sentinel::role_request, "ROLE"));
      const bool fallback_ok = options_.role == sentinel_role::replica && options_.replica_fallback_to_primary && role == "master";
      if (role == expected || fallback_ok) {
        c->generation = t.generation;
        return c;
      }
      failures += (failures.empty() ? "" : "; ") + t.options->endpoint() + " reports role " + role + ", expected " + expected;
    } catch (const io_error& e) {
      failures += (failures.empty() ? "" : "; ") + std::string(e.what());
    }
    invalidate(t.generation);
  }
  throw io_error("connect", "", "no usable node for " + describe() + " (" + failures + ")", send_state::not_sent);
}

std::shared_ptr<void> locator::listen(listener l) {
  auto owned = std::make_shared<listener>(std::move(l));
  std::lock_guard lock(listeners_mutex_);
  listeners_.push_back(owned);
  return owned;
}

void locator::notify(std::uint64_t generation_seen) {
  std::vector<std::shared_ptr<listener>> alive;
  {
    std::lock_guard lock(listeners_mutex_);
    std::erase_if(listeners_, [](const std::weak_ptr<listener>& w) { return w.expired(); });
    for (auto& w : listeners_)
      if (auto l = w.lock()) alive.push_back(std::move(l));
  }
  for (auto& l : alive) (*l)(generation_seen);
}

void locator::start_watching() {
  if (!options_.watch_failover || watcher_.joinable()) return;
  watcher_ = std::thread([this] { watch(); });
}

// The +switch-master subscription: on one sentinel at a time (the first that accepts), moved to
// the next on any failure. A message for our master invalidates what is known, before any request
// fails on the old primary.
void locator::watch() {
  const auto wait = [this](std::chrono::milliseconds d) {
    std::unique_lock lock(watch_mutex_);
    return !watch_wake_.wait_for(lock, d, [this] { return stopping_; });
  };
  std::size_t index = 0;
  while (wait(std::chrono::milliseconds(0))) {
    core::sentinel::address s;
    {
      std::lock_guard lock(mutex_);
      const auto& order = sentinels_.order();
      s = order[index++ % order.size()];
    }
    try {
      auto conn = open_sentinel(s);
      conn->set_raw(true);
      conn->send(core::sentinel::subscribe_switch_master_request(), 0, "SUBSCRIBE");
      while (wait(std::chrono::milliseconds(0))) {
        bool switched = false;
        conn->poll_frame(net::deadline_after(std::chrono::milliseconds(100)), "SUBSCRIBE", [&](resp::reply_cursor& c) {
          const pubsub::frame f = pubsub::parse_frame(c);
          if (f.type == pubsub::frame::kind::message && f.msg.is_data() &&
              core::sentinel::parse_switch_master(f.msg.payload, options_.master_name))
            switched = true;
        });
        if (switched) invalidate(generation());
      }
      return;
    } catch (const std::exception&) {
      if (!wait(std::chrono::milliseconds(200))) return;
    }
  }
}

std::shared_ptr<locator> make_locator(const client_options& o) {
  if (!o.sentinel) return nullptr;
  auto l = std::make_shared<locator>(o);
  l->start_watching();
  return l;
}

}  // namespace typedis::sentinel_impl
