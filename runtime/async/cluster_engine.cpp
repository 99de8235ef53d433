// The compiled side of typedis::async_cluster_client: the routing of the synchronous cluster client
// (the same key specs, policy tips, split by slot and dispatch decisions), each part of a request
// sent as a sub-request on the asynchronous engine of its node (one multiplexed connection per
// node). The topology is the synchronous client's (its blocking refresh runs off the strands, on a
// short-lived thread, at most one at a time).
#include <asio/steady_timer.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "core/cluster_topology.hpp"
#include "core/dispatch.hpp"
#include "core/redirect.hpp"
#include "core/slot.hpp"
#include "typedis/async/engine.hpp"
#include "typedis/cluster_client.hpp"
#include "typedis/error.hpp"

namespace typedis::async_impl {
namespace {

class cluster_engine;

// A caller's request, answered by one or more sub-requests. Replies reach the caller's op under
// `mutex` (sub-requests complete on the strands of different nodes).
struct parent_state {
  detail::async_op* op = nullptr;
  std::mutex mutex;
  std::size_t pending = 0;
  std::exception_ptr error;
  bool done = false;
};

// One node's share of a request: some of the caller's commands (by index), or one part of a
// fanned-out or split command; ASKING first after an ASK redirect.
class sub_op final : public detail::async_op {
 public:
  sub_op(std::shared_ptr<cluster_engine> engine, std::shared_ptr<parent_state> parent)
      : engine_(std::move(engine)), parent_(std::move(parent)) {}

  std::size_t size() const noexcept override { return requests_.size() + (asking_ ? 1 : 0); }
  std::string_view request(std::size_t i) const noexcept override {
    if (asking_ && i == 0) return core::cluster::asking_request;
    return requests_[i - (asking_ ? 1 : 0)];
  }
  std::string_view name(std::size_t i) const noexcept override {
    if (asking_ && i == 0) return "ASKING";
    return parent_->op->name(indices_[i - (asking_ ? 1 : 0)]);
  }
  const command_info& info(std::size_t i) const noexcept override {
    if (asking_ && i == 0) return generic_command_info;
    return parent_->op->info(indices_[i - (asking_ ? 1 : 0)]);
  }
  void on_reply(std::size_t i, resp::reply_cursor& reply) override;
  void complete(std::exception_ptr error) noexcept override;

  std::shared_ptr<cluster_engine> engine_;
  std::shared_ptr<parent_state> parent_;
  std::vector<std::string> requests_;      // owned bytes
  std::vector<std::size_t> indices_;       // the caller's index of each request
  std::optional<detail::cluster_part> part_;  // a part of one command (fan-out or split)
  std::vector<std::size_t> positions_;     // split: the caller's key positions (part_ points here)
  bool asking_ = false;
  int attempt = 1;
  int redirects = 0;
  std::string node;                        // "host:port" it was sent to
  std::optional<std::uint16_t> slot;       // for MOVED (patches and refreshes the map)
  // Replies that were not answers: the request's index (in requests_) and what to do.
  struct redo {
    std::size_t request;
    std::string error_text;
  };
  std::vector<redo> redos;
};

// A node's engine name: "host:port" for its primary connection, "host:port/replica" for the
// connection that reads from it as a replica (READONLY in its handshake).
constexpr std::string_view replica_suffix = "/replica";

std::string engine_name(const cluster_node_choice& c) { return c.replica ? c.node + std::string(replica_suffix) : c.node; }

std::pair<std::string, std::uint16_t> split_name(std::string name) {
  if (name.ends_with(replica_suffix)) name.resize(name.size() - replica_suffix.size());
  const std::size_t colon = name.rfind(':');
  std::string host = name.substr(0, colon);
  if (!host.empty() && host.front() == '[') host = host.substr(1, host.size() - 2);
  return {host, static_cast<std::uint16_t>(std::stoi(name.substr(colon + 1)))};
}

class cluster_engine final : public detail::async_engine, public std::enable_shared_from_this<cluster_engine> {
 public:
  cluster_engine(asio::any_io_executor ex, cluster_options o)
      : ex_(std::move(ex)), topology_(std::make_shared<cluster_client_base>(std::move(o))) {
    policy_options_.max_attempts = std::max(topology_->node_options().retry.max_attempts, 5);
    policy_options_.backoff = topology_->node_options().retry.effective_backoff();
    policy_options_.cluster = true;
  }
  ~cluster_engine() override { close(); }

  std::uint64_t next_id() noexcept override { return ids_.fetch_add(1, std::memory_order_relaxed); }
  std::shared_ptr<detail::async_target> pin() override {
    throw std::logic_error("async_cluster_client: pin(key), on the primary of the key's slot");
  }
  // A connection of its own to the primary of `slot`.
  std::shared_ptr<detail::async_target> pin_slot(std::uint16_t slot) {
    const std::string node = topology_->primary_of_slot(slot);
    if (node.empty()) throw io_error("pin", "", "no node serves slot " + std::to_string(slot), send_state::not_sent);
    return node_engine(node)->pin();
  }
  // The shared connection of one node (SCAN on each primary, commands for one node).
  std::shared_ptr<detail::async_target> node(const std::string& name) { return node_engine(name); }
  const cluster_client_base& topology() const { return *topology_; }

  void close() override {
    std::map<std::string, std::shared_ptr<detail::async_engine>> nodes;
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
      nodes.swap(nodes_);
    }
    for (auto& [name, e] : nodes) e->close();
  }

  detail::async_stats stats() const override {
    detail::async_stats s;
    std::lock_guard lock(mutex_);
    for (const auto& [name, e] : nodes_) {
      const auto n = e->stats();
      s.requests += n.requests;
      s.writes += n.writes;
      s.reads += n.reads;
      s.connects += n.connects;
      s.dedicated += n.dedicated;
    }
    return s;
  }

  void cancel(std::uint64_t id, bool timed_out) override {
    std::vector<std::pair<std::shared_ptr<detail::async_engine>, std::uint64_t>> subs;
    {
      std::lock_guard lock(mutex_);
      auto range = subs_of_.equal_range(id);
      for (auto it = range.first; it != range.second; ++it) subs.push_back(it->second);
    }
    for (auto& [e, sub] : subs) e->cancel(sub, timed_out);
  }

  void submit(detail::async_op* op) override {
    auto parent = std::make_shared<parent_state>();
    parent->op = op;
    try {
      route(parent);
    } catch (...) {
      // Refused before anything was sent (a cross-slot command, no node for a slot).
      finish_parent(parent, std::current_exception(), /*count_down=*/false);
    }
  }

  // ---- routing -------------------------------------------------------------------------------

  void route(const std::shared_ptr<parent_state>& parent) {
    detail::async_op* op = parent->op;
    std::vector<std::unique_ptr<sub_op>> subs;
    if (op->size() == 1) {
      const std::string_view request = op->request(0);
      const command_info& info = op->info(0);
      const auto where = core::slot_of(info, request);
      using kind = core::command_slot::kind;
      if (where.what == kind::one) {
        subs.push_back(make_sub(parent, engine_name(topology_->node_for(where.slot, info)), where.slot));
        subs.back()->requests_.emplace_back(request);
        subs.back()->indices_.push_back(0);
      } else if (where.what == kind::cross) {
        auto parts = info.request_policy == "multi_shard" ? core::cluster::split_by_slot(info, request) : std::nullopt;
        if (!parts)
          throw cross_slot_error(std::string(op->name(0)) + ": keys in different slots cannot be sent to one node, and " +
                                 std::string(op->name(0)) + " cannot be split by slot: " +
                                 core::cluster::describe_keys(info, request));
        std::size_t key_count = 0;
        for (const auto& p : *parts) key_count += p.positions.size();
        for (std::size_t i = 0; i < parts->size(); ++i) {
          auto& p = (*parts)[i];
          auto s = make_sub(parent, topology_->primary_of_slot(p.slot), p.slot);
          s->positions_ = std::move(p.positions);
          s->part_ = detail::cluster_part{detail::cluster_part::kind::split, i, parts->size(), &s->positions_, key_count};
          s->requests_.push_back(std::move(p.request));
          s->indices_.push_back(0);
          subs.push_back(std::move(s));
        }
      } else if (where.what == kind::unknown) {
        throw protocol_error(std::string(op->name(0)) + ": its keys cannot be found in its request");
      } else if (info.request_policy == "all_shards" || info.request_policy == "all_nodes") {
        const auto targets = info.request_policy == "all_nodes" ? topology_->nodes() : topology_->primaries();
        for (std::size_t i = 0; i < targets.size(); ++i) {
          auto s = make_sub(parent, targets[i], std::nullopt);
          s->part_ = detail::cluster_part{detail::cluster_part::kind::fanout, i, targets.size(), nullptr, 0};
          s->requests_.emplace_back(request);
          s->indices_.push_back(0);
          subs.push_back(std::move(s));
        }
      } else {
        const auto primaries = topology_->primaries();
        if (primaries.empty()) throw io_error(op->name(0), "", "the cluster has no primary", send_state::not_sent);
        subs.push_back(make_sub(parent, primaries[next_.fetch_add(1) % primaries.size()], std::nullopt));
        subs.back()->requests_.emplace_back(request);
        subs.back()->indices_.push_back(0);
      }
    } else {
      // A pipeline or a transaction: grouped per node; a transaction stays on one node.
      std::optional<std::uint16_t> common;
      bool framed = false;
      std::vector<std::optional<std::uint16_t>> slots(op->size());
      for (std::size_t i = 0; i < op->size(); ++i) {
        if (op->name(i) == "MULTI") framed = true;
        const auto s = core::slot_of(op->info(i), op->request(i));
        if (s.what == core::command_slot::kind::cross)
          throw cross_slot_error(std::string(op->name(i)) + ": keys in different slots in a cluster pipeline: " +
                                 core::cluster::describe_keys(op->info(i), op->request(i)));
        if (s.what == core::command_slot::kind::one) {
          if (framed && common && *common != s.slot)
            throw cross_slot_error("transaction: its keys are in different slots: a cluster transaction runs on one node");
          if (!common) common = s.slot;
          slots[i] = s.slot;
        }
      }
      // A keyless command goes where the keyed command before it went (after it, if it comes
      // first): `SET k v` then `WAIT 1 0` waits for k's replicas, on k's connection.
      std::optional<std::uint16_t> last_keyed;
      for (auto& s : slots) {
        if (s)
          last_keyed = s;
        else
          s = last_keyed ? last_keyed : common;
      }
      const auto primaries = topology_->primaries();
      if (primaries.empty()) throw io_error(op->name(0), "", "the cluster has no primary", send_state::not_sent);
      std::map<std::string, std::size_t> group;
      for (std::size_t i = 0; i < op->size(); ++i) {
        const std::optional<std::uint16_t> s = framed ? common : slots[i];
        const std::string node = !s ? primaries.front()
                                 : framed ? topology_->primary_of_slot(*s)
                                          : engine_name(topology_->node_for(*s, op->info(i)));
        auto [it, fresh] = group.try_emplace(node, subs.size());
        if (fresh) subs.push_back(make_sub(parent, node, s));
        subs[it->second]->requests_.emplace_back(op->request(i));
        subs[it->second]->indices_.push_back(i);
      }
    }
    parent->pending = subs.size();
    for (auto& s : subs) send(std::move(s));
  }

  std::unique_ptr<sub_op> make_sub(const std::shared_ptr<parent_state>& parent, std::string node,
                                   std::optional<std::uint16_t> slot) {
    if (node.empty())
      throw io_error(parent->op->name(0), "", "no node serves slot " + (slot ? std::to_string(*slot) : std::string("?")),
                     send_state::not_sent);
    auto s = std::make_unique<sub_op>(shared_from_this(), parent);
    s->node = std::move(node);
    s->slot = slot;
    return s;
  }

  void send(std::unique_ptr<sub_op> s) {
    auto engine = node_engine(s->node);
    s->id = next_id();
    s->deadline = s->parent_->op->deadline;
    s->resend_safe = s->parent_->op->resend_safe;
    {
      std::lock_guard lock(mutex_);
      subs_of_.emplace(s->parent_->op->id, std::make_pair(engine, s->id));
    }
    engine->submit(s.release());
  }

  std::shared_ptr<detail::async_engine> node_engine(const std::string& node) {
    std::lock_guard lock(mutex_);
    if (closed_) throw closed_error("the cluster client is closed");
    auto& e = nodes_[node];
    if (!e) {
      client_options o = topology_->node_options();
      auto [host, port] = split_name(node);
      o.connection.host = host;
      o.connection.port = port;
      o.connection.cluster_readonly = node.ends_with(replica_suffix);
      e = detail::make_async_engine(ex_, std::move(o));
    }
    return e;
  }

  // ---- completion ------------------------------------------------------------------------------

  void sub_done(sub_op* s, std::exception_ptr error) {
    std::unique_ptr<sub_op> owned(s);
    {
      std::lock_guard lock(mutex_);
      auto range = subs_of_.equal_range(s->parent_->op->id);
      for (auto it = range.first; it != range.second; ++it)
        if (it->second.second == s->id) {
          subs_of_.erase(it);
          break;
        }
    }
    if (!error && !s->redos.empty()) {
      // Each redirected or refused command goes again on its own, as the dispatch policy says.
      std::vector<std::unique_ptr<sub_op>> again;
      for (const auto& r : s->redos) {
        dispatch::policy policy(policy_options_, jitter_seed());
        dispatch::request req{&s->info(r.request + (s->asking_ ? 1 : 0)), false, s->attempt, s->redirects, false};
        const auto d = policy.decide(req, dispatch::outcome::server(r.error_text));
        using action = dispatch::decision::action;
        if (d.what != action::redirect && d.what != action::retry && d.what != action::refresh_topology) {
          error = std::make_exception_ptr(server_error(s->name(r.request + (s->asking_ ? 1 : 0)), r.error_text));
          break;
        }
        auto next = std::make_unique<sub_op>(shared_from_this(), s->parent_);
        next->requests_.push_back(s->requests_[r.request]);
        next->indices_.push_back(s->indices_[r.request]);
        next->part_ = s->part_;
        next->positions_ = s->positions_;
        if (next->part_ && next->part_->positions) next->part_->positions = &next->positions_;
        next->slot = s->slot;
        next->attempt = s->attempt + (d.what == action::redirect ? 0 : 1);
        next->redirects = s->redirects + (d.what == action::redirect ? 1 : 0);
        if (d.what == action::redirect) {
          const auto [host, port] = split_name(s->node);
          next->node = (d.target->host.empty() ? host : d.target->host) + ":" + std::to_string(d.target->port);
          next->asking_ = d.asking();
          if (!d.asking()) refresh_soon();
        } else {
          refresh_soon();
          next->node = next->slot ? topology_->primary_of_slot(*next->slot) : s->node;
        }
        again.push_back(std::move(next));
        if (d.delay.count() > 0) delay_ = d.delay;
      }
      if (!error) {
        {
          std::lock_guard lock(s->parent_->mutex);
          s->parent_->pending += again.size();
        }
        const auto delay = delay_;
        for (auto& n : again) {
          if (delay.count() == 0) {
            send(std::move(n));
            continue;
          }
          auto timer = std::make_shared<asio::steady_timer>(ex_, delay);
          auto* raw = n.release();
          timer->async_wait([self = shared_from_this(), timer, raw](const std::error_code&) {
            self->send(std::unique_ptr<sub_op>(raw));
          });
        }
      }
    }
    if (error && s->slot) refresh_soon();  // a lost node: its slots may have moved
    finish_parent(s->parent_, error, true);
  }

  void finish_parent(const std::shared_ptr<parent_state>& p, std::exception_ptr error, bool count_down) {
    detail::async_op* op = nullptr;
    std::exception_ptr first;
    {
      std::lock_guard lock(p->mutex);
      if (error && !p->error) p->error = error;
      if (count_down && p->pending > 0) --p->pending;
      if (p->done || (count_down && p->pending > 0)) return;
      p->done = true;
      op = p->op;
      first = p->error;
    }
    op->complete(first);
  }

  // Re-reads the topology off the strands (the synchronous client's refresh: one at a time).
  void refresh_soon() {
    if (refreshing_.exchange(true)) return;
    std::thread([self = shared_from_this()] {
      try {
        self->topology_->refresh();
      } catch (...) {
        // The next MOVED or failure asks again.
      }
      self->refreshing_ = false;
    }).detach();
  }

  asio::any_io_executor ex_;
  std::shared_ptr<cluster_client_base> topology_;
  dispatch::policy_options policy_options_;
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<detail::async_engine>> nodes_;
  std::multimap<std::uint64_t, std::pair<std::shared_ptr<detail::async_engine>, std::uint64_t>> subs_of_;
  std::atomic<std::uint64_t> ids_{1};
  std::atomic<std::size_t> next_{0};
  std::atomic<bool> refreshing_{false};
  std::chrono::milliseconds delay_{0};
  bool closed_ = false;
};

void sub_op::on_reply(std::size_t i, resp::reply_cursor& reply) {
  if (asking_ && i == 0) return reply.skip();  // ASKING's +OK
  const std::size_t k = i - (asking_ ? 1 : 0);
  const resp::node& top = reply.peek();
  if (resp::is_error(top.type)) {
    const std::string_view text = reply.text(top);
    if (text.substr(0, 6) == "MOVED " || text.substr(0, 4) == "ASK " || text.substr(0, 8) == "TRYAGAIN" ||
        text.substr(0, 11) == "CLUSTERDOWN") {
      redos.push_back({k, std::string(text)});
      return reply.skip();
    }
  }
  std::lock_guard lock(parent_->mutex);
  if (part_) parent_->op->on_part(*part_, reply);
  else parent_->op->on_reply(indices_[k], reply);
}

void sub_op::complete(std::exception_ptr error) noexcept {
  auto engine = std::move(engine_);
  engine->sub_done(this, std::move(error));
}

}  // namespace
}  // namespace typedis::async_impl

namespace typedis::detail {

std::shared_ptr<async_engine> make_async_cluster_engine(asio::any_io_executor ex, cluster_options options) {
  return std::make_shared<async_impl::cluster_engine>(std::move(ex), std::move(options));
}

namespace {
async_impl::cluster_engine& as_cluster(async_engine& e) {
  auto* c = dynamic_cast<async_impl::cluster_engine*>(&e);
  if (c == nullptr) throw std::logic_error("not an asynchronous cluster client's engine");
  return *c;
}
}  // namespace

std::shared_ptr<async_target> async_cluster_pin(async_engine& cluster, std::string_view key) {
  return as_cluster(cluster).pin_slot(core::key_slot(key));
}

std::shared_ptr<async_target> async_cluster_node(async_engine& cluster, const std::string& node) {
  return as_cluster(cluster).node(node);
}

const cluster_client_base& async_cluster_topology(async_engine& cluster) { return as_cluster(cluster).topology(); }

}  // namespace typedis::detail
