// typedis::cluster_subscriber: one typedis::subscriber per node that has subscriptions (shard
// channels on their slot's primary, classic channels and patterns on any one node), each read by a
// thread of its own that only queues what it reads. Everything else happens on the caller's
// reading thread (get_message/run) or in the (un)subscribe calls, under one state mutex: deciding
// that a channel has to move, reading the topology, opening the connection on the new owner.
//
// A shard channel moves when its node (1) sends a `sunsubscribe` nobody asked for (Redis does that
// to every subscriber of a slot it gives away), (2) answers SSUBSCRIBE with MOVED (the topology we
// read was older than the node's), or (3) is lost (killed, failed over, network). In (1) and (3)
// the new owner comes from a fresh topology; a topology that still names the node that dropped
// the channel is not believed until it changes or a few retries passed. In (2) the MOVED names it.
#include "typedis/cluster_subscriber.hpp"

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "core/backoff.hpp"
#include "core/redirect.hpp"
#include "core/slot.hpp"
#include "typedis/error.hpp"

namespace typedis {
namespace {

using clock = std::chrono::steady_clock;
using name_set = std::set<std::string, std::less<>>;

// For this long after a node dropped a channel, a topology that still names that node is not
// believed (it is older than the drop); after it, it is (the slot may have come back). Meanwhile
// the topology is read again every `distrust_poll`.
constexpr auto distrust_period = std::chrono::seconds(2);
constexpr auto distrust_poll = std::chrono::milliseconds(50);

bool is_cluster_refusal(std::string_view text) {
  return text.starts_with("MOVED ") || text.starts_with("ASK ") || text.starts_with("CLUSTERDOWN") ||
         text.starts_with("TRYAGAIN");
}

}  // namespace

struct cluster_subscriber::impl {
  // One node connection and the thread that reads it.
  struct link {
    std::uint64_t id = 0;
    std::string node;  // "host:port"
    std::unique_ptr<subscriber> sub;
    std::thread reader;
  };

  // What a reading thread hands over.
  struct event {
    std::uint64_t link = 0;
    std::optional<message> msg;     // a frame (data or confirmation)
    std::exception_ptr failure;     // the reader stopped with this
    bool wake = false;              // only: look at the pending work again
  };

  // A shard channel that needs a node.
  struct pending_channel {
    std::string avoid;  // the node that dropped it: not believed at once
    std::string hint;   // the node a MOVED named: tried first
    clock::time_point dropped_at = clock::now();
  };

  impl(cluster_client_base& c, subscriber_options o) : cluster(c), options(std::move(o)) {
    node_subscriber_options = options;
    node_subscriber_options.deliver_confirmations = true;  // to see unsolicited sunsubscribes
    node_subscriber_options.reconnect.enabled = false;     // a lost node is replaced here, maybe elsewhere
    node_subscriber_options.on_reconnect = nullptr;
  }

  ~impl() {
    std::lock_guard lock(state_mutex);
    for (auto& [node, l] : shard_links) close_link(*l);
    if (classic) close_link(*classic);
  }

  // ---- links --------------------------------------------------------------------------------

  std::unique_ptr<link> open_link(const std::string& node) {
    const auto colon = node.rfind(':');
    client_options o = cluster.node_options();
    o.connection.host = node.substr(0, colon);
    o.connection.port = static_cast<std::uint16_t>(std::stoi(node.substr(colon + 1)));
    auto l = std::make_unique<link>();
    l->id = ++last_link_id;
    l->node = node;
    l->sub = std::make_unique<subscriber>(o, node_subscriber_options);
    link* raw = l.get();
    const std::uint64_t id = l->id;
    l->reader = std::thread([this, raw, id] {
      try {
        raw->sub->run([this, id](const message& m) { push(event{id, m, nullptr, false}); });
      } catch (...) {
        push(event{id, std::nullopt, std::current_exception(), false});
      }
    });
    return l;
  }

  // With state_mutex held. The reader only queues (never takes state_mutex): joining cannot deadlock.
  static void close_link(link& l) {
    l.sub->stop();
    if (l.reader.joinable()) l.reader.join();
    try {
      l.sub->close();
    } catch (const error&) {
    }
  }

  link& shard_link(const std::string& node) {
    auto& slot = shard_links[node];
    if (!slot) slot = open_link(node);
    return *slot;
  }

  void push(event e) {
    {
      std::lock_guard lock(queue_mutex);
      queue.push_back(std::move(e));
    }
    queue_cv.notify_all();
  }

  // ---- subscribing --------------------------------------------------------------------------

  enum class placed { all, waiting, failed };

  // With state_mutex held: SSUBSCRIBE `names` (one slot each group) where the topology says, or
  // leave them pending: `waiting` while the topology may be older than a drop, `failed` when a
  // node could not be reached or served no slot.
  placed place_shard_channels(std::map<std::string, pending_channel> work) {
    std::map<std::uint16_t, std::vector<std::string>> by_slot;
    for (const auto& [name, p] : work) by_slot[core::key_slot(name)].push_back(name);
    placed result = placed::all;
    for (auto& [slot, names] : by_slot) {
      const pending_channel& p = work.at(names.front());
      std::string owner = !p.hint.empty() ? p.hint : cluster.primary_of_slot(slot);
      const bool distrusted = owner == p.avoid && clock::now() - p.dropped_at < distrust_period;
      if (owner.empty() || distrusted) {
        for (const auto& n : names) pending[n] = work.at(n), pending[n].hint.clear();
        if (owner.empty()) result = placed::failed;
        else if (result == placed::all) result = placed::waiting;
        continue;
      }
      try {
        shard_link(owner).sub->ssubscribe(names);
        for (const auto& n : names) {
          home[n] = owner;
          pending.erase(n);
          if (!work.at(n).avoid.empty() || !work.at(n).hint.empty()) ++counters.moves;
        }
      } catch (const error&) {
        ++counters.failed_attempts;
        if (auto it = shard_links.find(owner); it != shard_links.end()) {
          close_link(*it->second);
          shard_links.erase(it);
        }
        for (const auto& n : names) pending[n] = work.at(n), pending[n].hint.clear();
        result = placed::failed;
      }
    }
    return result;
  }

  // With state_mutex held: the classic link (any primary that accepts a connection).
  bool place_classic() {
    if (classic || (channels.empty() && patterns.empty())) return true;
    for (const std::string& node : cluster.primaries()) {
      try {
        auto l = open_link(node);
        if (!channels.empty()) l->sub->subscribe(std::vector<std::string>(channels.begin(), channels.end()));
        if (!patterns.empty()) l->sub->psubscribe(std::vector<std::string>(patterns.begin(), patterns.end()));
        classic = std::move(l);
        return true;
      } catch (const error&) {
        ++counters.failed_attempts;
      }
    }
    return false;
  }

  // With state_mutex held: retry whatever is pending, if it is time.
  void retry_pending() {
    if ((pending.empty() && !classic_pending) || clock::now() < next_try) return;
    try {
      cluster.refresh();
    } catch (const error&) {
      // keep the map we have; the next try reads it again
    }
    placed result = placed::all;
    if (!pending.empty()) {
      auto work = std::move(pending);
      pending.clear();
      result = place_shard_channels(std::move(work));
    }
    if (classic_pending) {
      classic_pending = !place_classic();
      if (classic_pending) result = placed::failed;
    }
    if (result == placed::failed) {
      next_try = clock::now() + backoff_delay(options.reconnect.effective_backoff(), ++attempts, jitter.next_unit());
    } else {
      attempts = 0;
      next_try = result == placed::waiting ? clock::now() + distrust_poll : clock::time_point{};
    }
  }

  // With state_mutex held: what an event means; a message to hand out, or nothing.
  std::optional<message> handle(event& e) {
    link* from = nullptr;
    bool from_classic = false;
    if (classic && classic->id == e.link) {
      from = classic.get();
      from_classic = true;
    }
    for (auto& [node, l] : shard_links)
      if (l->id == e.link) from = l.get();
    if (e.failure) {
      if (from == nullptr) return std::nullopt;  // an old link, already replaced
      std::string moved_to;
      std::optional<std::uint16_t> moved_slot;
      try {
        std::rethrow_exception(e.failure);
      } catch (const server_error& s) {
        if (!is_cluster_refusal(s.message())) {
          drop_link(from, from_classic, {}, {});
          throw;
        }
        if (auto r = parse_redirect(s.message()); r && !r->host.empty()) {
          moved_slot = r->slot;
          moved_to = r->host + ":" + std::to_string(r->port);
        }
      } catch (const error&) {
        ++counters.lost_connections;
      }
      drop_link(from, from_classic, moved_slot, moved_to);
      return std::nullopt;
    }
    if (!e.msg) return std::nullopt;
    message& m = *e.msg;
    switch (m.kind) {
      case message_kind::message:
        return channels.contains(m.channel) ? std::move(e.msg) : std::nullopt;
      case message_kind::pmessage:
        return patterns.contains(m.pattern) ? std::move(e.msg) : std::nullopt;
      case message_kind::smessage:
        return shard.contains(m.channel) ? std::move(e.msg) : std::nullopt;
      case message_kind::sunsubscribe: {
        auto it = home.find(m.channel);
        if (from != nullptr && !from_classic && shard.contains(m.channel) && it != home.end() &&
            it->second == from->node) {
          // Not asked for: the node gave the slot away. Subscribe again where it lives now.
          home.erase(it);
          pending[m.channel] = pending_channel{from->node, {}, clock::now()};
          next_try = clock::time_point{};
          return std::nullopt;
        }
        break;
      }
      default: break;
    }
    if (options.deliver_confirmations) return std::move(e.msg);
    return std::nullopt;
  }

  // With state_mutex held: the link stopped reading. A MOVED for one slot moves that slot's channels
  // (to the node it names) and restarts the reader; anything else replaces the link.
  void drop_link(link* l, bool was_classic, std::optional<std::uint16_t> moved_slot, const std::string& moved_to) {
    const std::string node = l->node;
    if (moved_slot && !was_classic) {
      for (auto it = home.begin(); it != home.end();) {
        if (it->second == node && core::key_slot(it->first) == *moved_slot) {
          pending[it->first] = pending_channel{node, moved_to, clock::now()};
          it = home.erase(it);
        } else {
          ++it;
        }
      }
      // The connection itself is fine: read it again.
      if (l->reader.joinable()) l->reader.join();
      const std::uint64_t id = l->id = ++last_link_id;
      l->reader = std::thread([this, l, id] {
        try {
          l->sub->run([this, id](const message& m) { push(event{id, m, nullptr, false}); });
        } catch (...) {
          push(event{id, std::nullopt, std::current_exception(), false});
        }
      });
      next_try = clock::time_point{};
      return;
    }
    if (was_classic) {
      close_link(*classic);
      classic.reset();
      classic_pending = true;
    } else {
      for (auto it = home.begin(); it != home.end();) {
        if (it->second == node) {
          pending[it->first] = pending_channel{node, {}, clock::now()};
          it = home.erase(it);
        } else {
          ++it;
        }
      }
      auto it = shard_links.find(node);
      close_link(*it->second);
      shard_links.erase(it);
    }
    next_try = clock::time_point{};
  }

  using subscriber_call = void (subscriber::*)(arg_range<std::string_view>);

  // SUBSCRIBE / PSUBSCRIBE: the names not in `set` yet, on the classic link (made if needed).
  void change_classic(name_set& set, subscriber_call call, arg_range<std::string_view> names) {
    if (names.empty()) return;
    std::lock_guard lock(state_mutex);
    std::vector<std::string> fresh;
    names.for_each([&](std::string_view n) {
      if (set.emplace(n).second) fresh.emplace_back(n);
    });
    if (fresh.empty()) return;
    if (classic) {
      try {
        ((*classic->sub).*call)(fresh);
      } catch (const error&) {
        drop_link(classic.get(), true, std::nullopt, {});
      }
    } else if (!place_classic()) {
      classic_pending = true;
    }
    push(event{0, std::nullopt, nullptr, true});
  }

  // UNSUBSCRIBE / PUNSUBSCRIBE: `names` (empty: all) out of `set`, then from the classic link.
  void remove_classic(name_set& set, subscriber_call call, arg_range<std::string_view> names) {
    std::lock_guard lock(state_mutex);
    std::vector<std::string> gone;
    if (names.empty()) {
      gone.assign(set.begin(), set.end());
      set.clear();
    } else {
      names.for_each([&](std::string_view n) {
        if (auto it = set.find(n); it != set.end()) gone.push_back(*it), set.erase(it);
      });
    }
    if (gone.empty() || !classic) return;
    try {
      ((*classic->sub).*call)(gone);
    } catch (const error&) {
      drop_link(classic.get(), true, std::nullopt, {});
    }
  }

  std::optional<message> get_message(std::chrono::milliseconds timeout) {
    const auto deadline = clock::now() + timeout;
    for (;;) {
      clock::time_point wake_at = deadline;
      {
        std::lock_guard lock(state_mutex);
        retry_pending();
        if ((!pending.empty() || classic_pending) && next_try < wake_at) wake_at = next_try;
      }
      event e;
      {
        std::unique_lock lock(queue_mutex);
        queue_cv.wait_until(lock, wake_at, [&] { return !queue.empty() || stop_requested.load(); });
        if (queue.empty()) {
          if (stop_requested.load() || clock::now() >= deadline) return std::nullopt;
          continue;
        }
        e = std::move(queue.front());
        queue.pop_front();
      }
      if (e.wake) continue;
      std::lock_guard lock(state_mutex);
      if (auto m = handle(e)) return m;
    }
  }

  cluster_client_base& cluster;
  subscriber_options options;
  subscriber_options node_subscriber_options;

  mutable std::mutex state_mutex;
  name_set channels, patterns, shard;
  std::map<std::string, std::string, std::less<>> home;  // shard channel -> node it is on
  std::map<std::string, pending_channel> pending;         // shard channels waiting for a node
  bool classic_pending = false;
  std::map<std::string, std::unique_ptr<link>> shard_links;
  std::unique_ptr<link> classic;
  std::uint64_t last_link_id = 0;
  clock::time_point next_try{};
  int attempts = 0;
  jitter_source jitter{jitter_seed()};
  cluster_subscriber_stats counters;

  std::mutex queue_mutex;
  std::condition_variable queue_cv;
  std::deque<event> queue;
  std::atomic<bool> stop_requested{false};
};

cluster_subscriber::cluster_subscriber(cluster_client_base& cluster, subscriber_options options)
    : impl_(std::make_unique<impl>(cluster, std::move(options))) {}
cluster_subscriber::~cluster_subscriber() = default;

void cluster_subscriber::subscribe(arg_range<std::string_view> names) {
  impl_->change_classic(impl_->channels, &subscriber::subscribe, names);
}

void cluster_subscriber::psubscribe(arg_range<std::string_view> names) {
  impl_->change_classic(impl_->patterns, &subscriber::psubscribe, names);
}

void cluster_subscriber::ssubscribe(arg_range<std::string_view> names) {
  if (names.empty()) return;
  std::lock_guard lock(impl_->state_mutex);
  std::map<std::string, impl::pending_channel> work;
  names.for_each([&](std::string_view n) {
    if (impl_->shard.emplace(n).second) work.emplace(std::string(n), impl::pending_channel{});
  });
  if (!work.empty() && impl_->place_shard_channels(std::move(work)) != impl::placed::all)
    impl_->next_try = clock::time_point{};
  impl_->push(impl::event{0, std::nullopt, nullptr, true});
}

void cluster_subscriber::unsubscribe(arg_range<std::string_view> names) {
  impl_->remove_classic(impl_->channels, &subscriber::unsubscribe, names);
}

void cluster_subscriber::punsubscribe(arg_range<std::string_view> names) {
  impl_->remove_classic(impl_->patterns, &subscriber::punsubscribe, names);
}

void cluster_subscriber::sunsubscribe(arg_range<std::string_view> names) {
  std::lock_guard lock(impl_->state_mutex);
  std::vector<std::string> gone;
  if (names.empty())
    gone.assign(impl_->shard.begin(), impl_->shard.end());
  else
    names.for_each([&](std::string_view n) {
      if (impl_->shard.contains(n)) gone.emplace_back(n);
    });
  // Per node, per slot: SUNSUBSCRIBE is routed by slot like SSUBSCRIBE.
  std::map<std::pair<std::string, std::uint16_t>, std::vector<std::string>> groups;
  for (const auto& n : gone) {
    impl_->shard.erase(impl_->shard.find(n));
    impl_->pending.erase(n);
    if (auto it = impl_->home.find(n); it != impl_->home.end()) {
      groups[{it->second, core::key_slot(n)}].push_back(n);
      impl_->home.erase(it);
    }
  }
  for (auto& [where, list] : groups) {
    auto it = impl_->shard_links.find(where.first);
    if (it == impl_->shard_links.end()) continue;
    try {
      it->second->sub->sunsubscribe(list);
    } catch (const error&) {
      impl_->drop_link(it->second.get(), false, std::nullopt, {});
    }
  }
}

std::optional<message> cluster_subscriber::get_message(std::chrono::milliseconds timeout) {
  return impl_->get_message(timeout);
}

void cluster_subscriber::run(const std::function<void(const message&)>& handler) {
  struct reset {
    std::atomic<bool>& flag;
    ~reset() { flag = false; }
  } at_exit{impl_->stop_requested};
  while (!impl_->stop_requested.load())
    if (auto m = impl_->get_message(std::chrono::milliseconds(200))) handler(*m);
}

void cluster_subscriber::stop() noexcept {
  {
    std::lock_guard lock(impl_->queue_mutex);
    impl_->stop_requested = true;
  }
  impl_->queue_cv.notify_all();
}

std::set<std::string> cluster_subscriber::channels() const {
  std::lock_guard lock(impl_->state_mutex);
  return {impl_->channels.begin(), impl_->channels.end()};
}
std::set<std::string> cluster_subscriber::patterns() const {
  std::lock_guard lock(impl_->state_mutex);
  return {impl_->patterns.begin(), impl_->patterns.end()};
}
std::set<std::string> cluster_subscriber::shard_channels() const {
  std::lock_guard lock(impl_->state_mutex);
  return {impl_->shard.begin(), impl_->shard.end()};
}
std::string cluster_subscriber::node_of(std::string_view shard_channel) const {
  std::lock_guard lock(impl_->state_mutex);
  auto it = impl_->home.find(shard_channel);
  return it == impl_->home.end() ? std::string{} : it->second;
}
cluster_subscriber_stats cluster_subscriber::stats() const {
  std::lock_guard lock(impl_->state_mutex);
  return impl_->counters;
}

}  // namespace typedis
