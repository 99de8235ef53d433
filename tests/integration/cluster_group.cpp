#include "cluster_group.hpp"

#include "child_process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

#include "test_env.hpp"

namespace typedis::test {
namespace {

using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

constexpr int slot_count = 16384;
// How often the group-level waits look again.
constexpr auto poll_interval = 50ms;
// A process that was just forked answers within a few ms: look more often than poll_interval so
// that starting six of them one after the other stays well under a second.
constexpr auto startup_poll_interval = 10ms;
constexpr auto startup_limit = 10s;
constexpr auto setup_limit = 30s;
constexpr auto migration_limit = 10s;
// The three primaries' slot ranges at start, in ports() order.
constexpr std::pair<int, int> initial_ranges[3] = {{0, 5460}, {5461, 10922}, {10923, 16383}};

// ---- reading the nodes' replies ----


// Sends a command that must succeed; throws with the node and the command otherwise.
resp_reply must(int port, const std::vector<std::string>& args) {
  auto reply = resp_command(port, args);
  if (reply.is_error()) {
    std::string command;
    for (const auto& a : args) command += (command.empty() ? "" : " ") + a;
    throw std::runtime_error("127.0.0.1:" + std::to_string(port) + " answered " + command + " with -" + reply.text);
  }
  return reply;
}

// One line of CLUSTER NODES:
// <id> <ip:port@cport[,hostname]> <flags> <primary id or -> <ping-sent> <pong-recv> <config-epoch>
// <link-state> <slot or range>... (plus "[slot->-id]" / "[slot-<-id]" on the node's own line while
// it migrates or imports a slot).
struct node_line {
  std::string id;
  int port = 0;
  std::vector<std::string> flags;
  std::string primary_id;  // "-" for a primary
  std::string link;
  long long config_epoch = 0;
  std::vector<std::pair<int, int>> ranges;

  bool has_flag(const std::string& f) const { return std::find(flags.begin(), flags.end(), f) != flags.end(); }
  bool is_primary() const { return has_flag("master"); }
  bool is_replica() const { return has_flag("slave") || has_flag("replica"); }
};

std::vector<node_line> cluster_nodes(int port) {
  const auto reply = must(port, {"CLUSTER", "NODES"});
  std::vector<node_line> out;
  std::istringstream in(reply.text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    std::istringstream fields(line);
    node_line n;
    std::string address, flags, ping, pong, epoch;
    if (!(fields >> n.id >> address >> flags >> n.primary_id >> ping >> pong >> epoch >> n.link)) {
      throw std::runtime_error("unexpected CLUSTER NODES line from " + std::to_string(port) + ": " + line);
    }
    const auto at = address.find_first_of("@,");
    const auto host_port = address.substr(0, at);
    const auto colon = host_port.rfind(':');
    if (colon == std::string::npos) throw std::runtime_error("unexpected CLUSTER NODES address: " + address);
    n.port = std::stoi(host_port.substr(colon + 1));
    n.config_epoch = std::stoll(epoch);
    std::istringstream flag_list(flags);
    for (std::string f; std::getline(flag_list, f, ',');) n.flags.push_back(f);
    for (std::string slot; fields >> slot;) {
      if (slot.front() == '[') continue;  // a slot this node migrates or imports
      const auto dash = slot.find('-');
      if (dash == std::string::npos) {
        n.ranges.emplace_back(std::stoi(slot), std::stoi(slot));
      } else {
        n.ranges.emplace_back(std::stoi(slot.substr(0, dash)), std::stoi(slot.substr(dash + 1)));
      }
    }
    out.push_back(std::move(n));
  }
  return out;
}

std::string ranges_text(const std::vector<std::pair<int, int>>& ranges) {
  std::string out;
  for (const auto& [from, to] : ranges) {
    out += (out.empty() ? "" : ",") + std::to_string(from) + (from == to ? "" : "-" + std::to_string(to));
  }
  return out;
}



std::string milliseconds_text(clock_type::duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) + " ms";
}

}  // namespace

int cluster_group::key_slot(std::string_view key) {
  const auto open = key.find('{');
  if (open != std::string_view::npos) {
    const auto close = key.find('}', open + 1);
    if (close != std::string_view::npos && close > open + 1) key = key.substr(open + 1, close - open - 1);
  }
  std::uint16_t crc = 0;  // CRC16/XMODEM: polynomial 0x1021, initial value 0
  for (const char c : key) {
    crc = static_cast<std::uint16_t>(crc ^ (static_cast<std::uint8_t>(c) << 8));
    for (int bit = 0; bit < 8; ++bit) {
      crc = static_cast<std::uint16_t>((crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1);
    }
  }
  return crc % slot_count;
}

std::string cluster_group::key_for_slot(int slot, std::string_view prefix) {
  if (slot < 0 || slot >= slot_count) throw std::invalid_argument("no slot " + std::to_string(slot));
  if (prefix.find('{') != std::string_view::npos) throw std::invalid_argument("key_for_slot: prefix with '{'");
  for (long n = 0; n < 10'000'000; ++n) {
    std::string key = std::string(prefix) + ":" + std::to_string(n);
    if (key_slot(key) == slot) return key;
  }
  throw std::runtime_error("key_for_slot: no key found for slot " + std::to_string(slot));
}

cluster_group::cluster_group(std::optional<cluster_tls_files> tls) : tls_(std::move(tls)) {
  const auto deadline = clock_type::now() + setup_limit;
  char root[] = "/tmp/typedis-cluster.XXXXXX";
  if (::mkdtemp(root) == nullptr) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
  root_ = root;
  try {
    for (int i = 0; i < 6; ++i) {
      node n;
      n.name = "node-" + std::to_string(i);
      n.dir = root_ + "/" + n.name;
      std::filesystem::create_directory(n.dir);
      n.log = n.dir + "/redis.log";
      n.output = n.dir + "/output.log";
      nodes_.push_back(std::move(n));
      start_new(nodes_.back());
      nodes_.back().id = must(nodes_.back().port, {"CLUSTER", "MYID"}).text;
    }
    // Distinct config epochs while every node still knows only itself (what redis-cli --cluster
    // create does too): without them, the nodes first resolve epoch collisions one by one.
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      must(nodes_[i].port, {"CLUSTER", "SET-CONFIG-EPOCH", std::to_string(i + 1)});
    }
    // Slots before MEET: then every node learns the final owners with the first gossip.
    for (std::size_t i = 0; i < 3; ++i) {
      const auto [from, to] = initial_ranges[i];
      const auto reply =
          resp_command(nodes_[i].port, {"CLUSTER", "ADDSLOTSRANGE", std::to_string(from), std::to_string(to)});
      if (!reply.is_error()) continue;
      // Before Redis 7.0: ADDSLOTS, a chunk at a time.
      for (int first = from; first <= to; first += 1000) {
        std::vector<std::string> args{"CLUSTER", "ADDSLOTS"};
        for (int slot = first; slot <= std::min(to, first + 999); ++slot) args.push_back(std::to_string(slot));
        must(nodes_[i].port, args);
      }
    }
    // Every node meets every other one: with MEETs to the first node only, the others learn of each
    // other through gossip, which takes about 2 s for six nodes instead of about 0.2 s.
    for (std::size_t i = 1; i < nodes_.size(); ++i) {
      for (std::size_t j = 0; j < i; ++j) {
        must(nodes_[i].port, {"CLUSTER", "MEET", "127.0.0.1", std::to_string(nodes_[j].port),
                              std::to_string(nodes_[j].bus_port)});
      }
    }
    wait_for("every node to know all six", deadline, &cluster_group::join_problem);
    for (std::size_t i = 3; i < 6; ++i) {
      const auto& primary = nodes_[i - 3];
      for (;;) {
        // A node that heard of the primary only through gossip may not accept it yet for a moment.
        const auto reply = resp_command(nodes_[i].port, {"CLUSTER", "REPLICATE", primary.id});
        if (!reply.is_error()) break;
        if (clock_type::now() >= deadline) {
          fail(nodes_[i].name + " refused CLUSTER REPLICATE " + primary.id + " (" + primary.name + "): -" + reply.text);
        }
        std::this_thread::sleep_for(poll_interval);
      }
    }
    // Redis 7+ and Valkey leave a replica out of CLUSTER SLOTS and CLUSTER SHARDS while the
    // replication offset it gossips is 0, i.e. until its primary wrote anything to the replication
    // stream (a write, or the PING sent every repl-ping-replica-period seconds). One write per
    // primary, undone at once, makes the replicas visible now.
    // Retried while the primary answers -CLUSTERDOWN: a primary keeps cluster_state:fail for 2 s
    // after it started (the servers' CLUSTER_WRITABLE_DELAY), which is most of the startup time.
    for (std::size_t i = 0; i < 3; ++i) {
      const std::string key = key_for_slot(initial_ranges[i].first, "typedis:cluster_group:offset");
      for (;;) {
        const auto reply = resp_command(nodes_[i].port, {"SET", key, "1"});
        if (!reply.is_error()) break;
        if (reply.text.rfind("CLUSTERDOWN", 0) != 0 || clock_type::now() >= deadline) {
          fail(nodes_[i].name + " answered SET " + key + " with -" + reply.text);
        }
        std::this_thread::sleep_for(poll_interval);
      }
      must(nodes_[i].port, {"DEL", key});
    }
    wait_for("the cluster to become healthy", deadline, &cluster_group::health_problem);
  } catch (const std::exception& e) {
    // Errors from fail() carry the logs already; others (a refused command) get them here, before
    // cleanup() removes the directories.
    std::string what = e.what();
    if (!has_logs(what)) what += "\n" + logs_tail();
    cleanup();
    throw std::runtime_error(what);
  } catch (...) {
    cleanup();
    throw;
  }
}

cluster_group::~cluster_group() { cleanup(); }

std::vector<int> cluster_group::ports() const {
  std::vector<int> out;
  for (const auto& n : nodes_) out.push_back(n.port);
  return out;
}

std::vector<int> cluster_group::primary_ports() const {
  std::vector<std::pair<int, int>> by_first_slot;  // (lowest slot, port)
  for (const auto& n : cluster_nodes(first_running_port())) {
    if (!n.is_primary() || n.ranges.empty()) continue;
    int lowest = slot_count;
    for (const auto& r : n.ranges) lowest = std::min(lowest, r.first);
    by_first_slot.emplace_back(lowest, n.port);
  }
  std::sort(by_first_slot.begin(), by_first_slot.end());
  std::vector<int> out;
  for (const auto& entry : by_first_slot) out.push_back(entry.second);
  return out;
}

std::vector<int> cluster_group::replica_ports() const {
  std::vector<int> out;
  for (const auto& n : cluster_nodes(first_running_port())) {
    if (n.is_replica()) out.push_back(n.port);
  }
  std::sort(out.begin(), out.end(), [&](int a, int b) {
    const auto index = [&](int port) {
      return std::find_if(nodes_.begin(), nodes_.end(), [&](const node& n) { return n.port == port; }) - nodes_.begin();
    };
    return index(a) < index(b);
  });
  return out;
}

std::string cluster_group::seed_url() const { return "redis://127.0.0.1:" + std::to_string(first_running_port()); }

std::string cluster_group::node_id(int port) const { return node_at(port).id; }

int cluster_group::owner_seen_by(int port, int slot) const {
  // CLUSTER SLOTS: one entry per range: start, end, then the primary and the replicas, each as
  // [ip, port, id, (Redis 7+: a map of hostname etc.)].
  const auto slots = must(port, {"CLUSTER", "SLOTS"});
  for (const auto& range : slots.elements) {
    if (range.elements.size() < 3 || range.elements[2].elements.size() < 2) continue;
    if (std::stoi(range.elements[0].text) <= slot && slot <= std::stoi(range.elements[1].text)) {
      return std::stoi(range.elements[2].elements[1].text);
    }
  }
  return -1;
}

int cluster_group::port_of_slot(int slot) const {
  if (slot < 0 || slot >= slot_count) throw std::invalid_argument("no slot " + std::to_string(slot));
  const int port = first_running_port();
  const int owner = owner_seen_by(port, slot);
  if (owner < 0) fail(std::to_string(port) + " reports slot " + std::to_string(slot) + " unassigned");
  return owner;
}

void cluster_group::migrate_slot(int slot, int to_port) {
  begin_migration(slot, to_port);
  finish_migration(slot, to_port);
}

void cluster_group::begin_migration(int slot, int to_port) {
  const int from_port = port_of_slot(slot);
  if (from_port == to_port) {
    throw std::invalid_argument("slot " + std::to_string(slot) + " already belongs to " + std::to_string(to_port));
  }
  const auto& target = node_at(to_port);
  const auto& source = node_at(from_port);
  try {
    // The target first, as the specification orders it: while only the source is MIGRATING, its
    // -ASK redirections would reach a target that answers -MOVED back.
    must(to_port, {"CLUSTER", "SETSLOT", std::to_string(slot), "IMPORTING", source.id});
    must(from_port, {"CLUSTER", "SETSLOT", std::to_string(slot), "MIGRATING", target.id});
  } catch (const std::runtime_error& e) {
    fail(std::string("begin_migration: ") + e.what());
  }
}

void cluster_group::finish_migration(int slot, int to_port) {
  const int from_port = port_of_slot(slot);
  if (from_port == to_port) {
    throw std::invalid_argument("slot " + std::to_string(slot) + " already belongs to " + std::to_string(to_port));
  }
  const auto& target = node_at(to_port);
  const auto until = clock_type::now() + migration_limit;
  const std::string slot_text = std::to_string(slot);
  try {
    for (;;) {
      const auto keys = must(from_port, {"CLUSTER", "GETKEYSINSLOT", slot_text, "100"});
      if (keys.elements.empty()) break;
      // With tls-cluster, MIGRATE speaks TLS: to the target's TLS port.
      const int migrate_port = tls_ ? node_at(to_port).tls_port : to_port;
      std::vector<std::string> args{"MIGRATE", "127.0.0.1", std::to_string(migrate_port), "", "0", "5000", "KEYS"};
      for (const auto& k : keys.elements) args.push_back(k.text);
      must(from_port, args);  // +OK, or +NOKEY if the keys went away meanwhile
      if (clock_type::now() >= until) fail("finish_migration: slot " + slot_text + " did not empty within 10 s");
    }
    // The target first (it takes the slot with a new config epoch, which then wins in gossip), then
    // the source (it stops sending -ASK), then the other primaries (Redis 7.0 refuses SETSLOT on a
    // replica; replicas learn the owner through gossip).
    must(to_port, {"CLUSTER", "SETSLOT", slot_text, "NODE", target.id});
    must(from_port, {"CLUSTER", "SETSLOT", slot_text, "NODE", target.id});
    for (const int port : primary_ports()) {
      if (port == to_port || port == from_port || node_at(port).pid <= 0) continue;
      must(port, {"CLUSTER", "SETSLOT", slot_text, "NODE", target.id});
    }
  } catch (const std::runtime_error& e) {
    if (has_logs(e.what())) throw;
    fail(std::string("finish_migration: ") + e.what());
  }
  std::string last;
  for (;;) {
    last.clear();
    for (const auto& n : nodes_) {
      if (n.pid <= 0) continue;
      try {
        const int owner = owner_seen_by(n.port, slot);
        if (owner != to_port) {
          last = n.name + " (" + std::to_string(n.port) + ") reports owner " + std::to_string(owner);
          break;
        }
      } catch (const std::exception& e) {
        last = e.what();
        break;
      }
    }
    if (last.empty()) break;
    if (clock_type::now() >= until) {
      fail("slot " + slot_text + " was not reported as " + std::to_string(to_port) + "'s by every node within 10 s; " +
           "last: " + last);
    }
    std::this_thread::sleep_for(poll_interval);
  }
  // The next migration's target takes its slot with a new config epoch only if it knows none
  // higher. While an epoch bumped here is still on its way to it, it may keep a lower one, and a
  // claim the old owner sent before its SETSLOT then wins: a slot that each of two nodes says is the
  // other's, for good (seen with Valkey 9.1 when slots moved back and forth within milliseconds).
  wait_for("the primaries' config epochs to reach every node", until, &cluster_group::epoch_problem);
}

std::string cluster_group::epoch_problem() const {
  std::map<std::string, long long> own;  // a primary's id -> the epoch it reports for itself
  std::vector<std::pair<const node*, std::vector<node_line>>> views;
  for (const auto& n : nodes_) {
    if (n.pid <= 0) continue;
    views.emplace_back(&n, cluster_nodes(n.port));
    for (const auto& l : views.back().second) {
      if (l.has_flag("myself") && l.is_primary()) own[l.id] = l.config_epoch;
    }
  }
  for (const auto& [n, lines] : views) {
    for (const auto& l : lines) {
      const auto mine = own.find(l.id);
      if (mine == own.end() || l.config_epoch == mine->second) continue;
      return n->name + " sees " + std::to_string(l.port) + " at config epoch " + std::to_string(l.config_epoch) +
             ", which reports " + std::to_string(mine->second);
    }
  }
  return {};
}

int cluster_group::tls_port(int port) const { return node_at(port).tls_port; }

std::string cluster_group::tls_seed_url() const {
  if (!tls_) throw std::logic_error("cluster_group: not the TLS variant");
  return "rediss://127.0.0.1:" + std::to_string(tls_port(first_running_port())) + "?tls_ca_file=" + tls_->ca;
}

void cluster_group::kill_node(int port) { signal_and_wait(node_at(port), SIGKILL); }

void cluster_group::restart_node(int port) {
  auto& n = node_at(port);
  signal_and_wait(n, SIGKILL);
  // Between the kill and the new bind, an outgoing connection (the nodes' bus links, the tests'
  // clients) may have taken the port as its local port for a moment: try again shortly.
  std::string failure;
  for (int attempt = 0; attempt < 5; ++attempt) {
    if (spawn_once(n, failure)) return;
    std::this_thread::sleep_for(200ms);
  }
  fail("restarting " + n.name + ": " + failure);
}

int cluster_group::wait_for_new_owner(int slot, int old_port, std::chrono::milliseconds limit) {
  const auto until = clock_type::now() + limit;
  std::string last = "no node is running";
  for (;;) {
    int owner = -1;
    bool agreed = true;
    for (const auto& n : nodes_) {
      if (n.pid <= 0) continue;
      try {
        const int seen = owner_seen_by(n.port, slot);
        if (seen == old_port || seen < 0 || (owner >= 0 && seen != owner)) {
          last = n.name + " (" + std::to_string(n.port) + ") reports owner " + std::to_string(seen);
          agreed = false;
          break;
        }
        owner = seen;
      } catch (const std::exception& e) {
        last = n.name + ": " + e.what();
        agreed = false;
        break;
      }
    }
    if (agreed && owner >= 0) {
      try {
        const auto role = resp_command(owner, {"ROLE"});
        if (!role.elements.empty() && role.elements[0].text == "master") return owner;
        last = "the new owner " + std::to_string(owner) + " answers ROLE " +
               (role.elements.empty() ? role.text : role.elements[0].text);
      } catch (const std::exception& e) {
        last = e.what();
      }
    }
    if (clock_type::now() >= until) {
      fail("slot " + std::to_string(slot) + " did not get an owner other than " + std::to_string(old_port) +
           " within " + milliseconds_text(limit) + "; last: " + last);
    }
    std::this_thread::sleep_for(poll_interval);
  }
}

void cluster_group::wait_until_healthy(std::chrono::milliseconds limit) {
  wait_for("the cluster to become healthy", clock_type::now() + limit, &cluster_group::health_problem);
}

bool cluster_group::has_logs(const std::string& message) const {
  return message.find(logs_header()) != std::string::npos;
}

std::string cluster_group::logs_header() const { return "cluster group in " + root_ + "\n"; }

std::string cluster_group::logs_tail(std::size_t lines) const {
  std::string out = logs_header();
  for (const auto& n : nodes_) {
    out += "--- " + n.name + " (port " + std::to_string(n.port) + ", bus " + std::to_string(n.bus_port) + ", id " +
           (n.id.empty() ? "?" : n.id.substr(0, 8)) + ", " +
           (n.pid > 0 ? "pid " + std::to_string(n.pid) : std::string("not running")) + ") " + n.log + "\n";
    out += last_lines(n.log, lines);
    std::error_code ec;
    if (std::filesystem::file_size(n.output, ec) > 0 && !ec) out += "  [stdout/stderr]\n" + last_lines(n.output, lines);
  }
  return out;
}

int cluster_group::fresh_port() {
  // free_port() closes its probe socket, so the kernel may hand the same port out again before the
  // server that got it binds it.
  for (;;) {
    const int port = free_port();
    if (std::find(used_ports_.begin(), used_ports_.end(), port) == used_ports_.end()) {
      used_ports_.push_back(port);
      return port;
    }
  }
}

void cluster_group::start_new(node& n) {
  // Another process may take a port between free_port() and the bind: then the server exits (or
  // another one answers there), and fresh ports are tried.
  std::string failure;
  for (int attempt = 0; attempt < 3; ++attempt) {
    n.port = fresh_port();
    n.bus_port = fresh_port();
    if (tls_) n.tls_port = fresh_port();
    std::error_code ignored;
    std::filesystem::remove(n.dir + "/nodes.conf", ignored);
    if (spawn_once(n, failure)) return;
  }
  fail(failure);
}

bool cluster_group::spawn_once(node& n, std::string& failure) {
  const std::string server = require_env("TYPEDIS_REDIS_SERVER");
  std::vector<std::string> args{server,
                                "--port", std::to_string(n.port),
                                "--bind", "127.0.0.1",
                                "--dir", n.dir,
                                "--logfile", n.log,
                                "--daemonize", "no",
                                "--cluster-enabled", "yes",
                                "--cluster-config-file", "nodes.conf",
                                "--cluster-node-timeout", "2000",
                                "--cluster-port", std::to_string(n.bus_port),
                                "--save", "",
                                "--appendonly", "no",
                                "--enable-debug-command", "yes",
                                // Redis 7.0 waits 5 s for more replicas before a diskless full sync.
                                "--repl-diskless-sync-delay", "0",
                                // The PING a primary writes to its replication stream (default every
                                // 10 s) makes a replica that resynced from an empty primary (e.g. one
                                // restarted before a failover) show in CLUSTER SLOTS again (see the
                                // constructor), within 1 s instead of 10.
                                "--repl-ping-replica-period", "1"};
  if (tls_) {
    for (const std::string& a :
         {std::string("--tls-port"), std::to_string(n.tls_port), std::string("--tls-cluster"), std::string("yes"),
          std::string("--tls-replication"), std::string("yes"), std::string("--tls-cert-file"), tls_->cert,
          std::string("--tls-key-file"), tls_->key, std::string("--tls-ca-cert-file"), tls_->ca,
          std::string("--tls-client-cert-file"), tls_->client_cert, std::string("--tls-client-key-file"), tls_->client_key,
          std::string("--tls-auth-clients"), std::string("no")})
      args.push_back(a);
  }
  // nodes.conf is relative to the working directory (--dir sets it too, this covers any order).
  n.pid = spawn_child(std::move(args), n.output, n.dir);
  int status = 0;
  switch (wait_until_serving(n.pid, n.port, std::chrono::duration_cast<std::chrono::milliseconds>(startup_limit),
                             status)) {
    case startup::serving:
      return true;
    case startup::exited:
      failure = n.name + " (" + server + ") exited during startup on port " + std::to_string(n.port) + ", bus port " +
                std::to_string(n.bus_port) + " (" + describe_exit(status) + ")\n" + last_lines(n.log, 10) +
                last_lines(n.output, 10);
      return false;
    case startup::timed_out:
      break;
  }
  failure = n.name + " did not answer on port " + std::to_string(n.port) + " within " + milliseconds_text(startup_limit);
  return false;
}

void cluster_group::signal_and_wait(node& n, int signal) { test::signal_and_wait(n.pid, signal); }

cluster_group::node& cluster_group::node_at(int port) {
  for (auto& n : nodes_) {
    if (n.port == port) return n;
  }
  throw std::invalid_argument("no node of the cluster group has port " + std::to_string(port));
}

const cluster_group::node& cluster_group::node_at(int port) const {
  return const_cast<cluster_group*>(this)->node_at(port);
}

int cluster_group::first_running_port() const {
  for (const auto& n : nodes_) {
    if (n.pid > 0) return n.port;
  }
  fail("no node of the cluster group is running");
}

std::string cluster_group::join_problem() const {
  for (const auto& n : nodes_) {
    const auto lines = cluster_nodes(n.port);
    if (lines.size() != nodes_.size()) {
      return n.name + " knows " + std::to_string(lines.size()) + " nodes, not " + std::to_string(nodes_.size());
    }
    for (const auto& l : lines) {
      if (l.has_flag("handshake") || l.has_flag("noaddr")) {
        return n.name + " still flags " + std::to_string(l.port) + " handshake/noaddr";
      }
    }
  }
  return {};
}

std::string cluster_group::health_problem() const {
  std::string reference;  // the first node's view, as text
  std::string reference_name;
  for (const auto& n : nodes_) {
    if (n.pid <= 0) return n.name + " (" + std::to_string(n.port) + ") is not running";
    const std::string info = must(n.port, {"CLUSTER", "INFO"}).text;
    if (info_field(info, "cluster_state") != "ok") {
      return n.name + " reports cluster_state:" + info_field(info, "cluster_state");
    }
    const auto lines = cluster_nodes(n.port);
    if (lines.size() != nodes_.size()) return n.name + " knows " + std::to_string(lines.size()) + " nodes";
    std::map<std::string, const node_line*> by_id;
    for (const auto& l : lines) {
      for (const char* bad : {"fail", "fail?", "handshake", "noaddr"}) {
        if (l.has_flag(bad)) return n.name + " flags " + std::to_string(l.port) + " " + bad;
      }
      if (l.link != "connected") return n.name + " sees the link to " + std::to_string(l.port) + " " + l.link;
      if (std::none_of(nodes_.begin(), nodes_.end(), [&](const node& x) { return x.port == l.port && x.id == l.id; })) {
        return n.name + " lists an unknown node " + l.id + " on port " + std::to_string(l.port);
      }
      by_id[l.id] = &l;
    }
    // The view as text: "<range>@<primary port><<replica port>" per slot range, in slot order.
    std::map<int, std::string> by_range;  // first slot of the range -> description
    int primaries = 0;                    // with slots
    int assigned = 0;
    int replicas = 0;
    for (const auto& l : lines) {
      if (l.is_replica()) {
        ++replicas;
        const auto primary = by_id.find(l.primary_id);
        if (primary == by_id.end() || !primary->second->is_primary() || primary->second->ranges.empty()) {
          return n.name + " sees " + std::to_string(l.port) + " replicate " + l.primary_id +
                 ", not a primary with slots";
        }
        continue;
      }
      if (!l.is_primary() || l.ranges.empty()) continue;
      std::string followers;
      for (const auto& r : lines) {
        if (r.is_replica() && r.primary_id == l.id) followers += "<" + std::to_string(r.port);
      }
      if (followers.empty()) return n.name + " sees no replica of " + std::to_string(l.port);
      if (followers.find('<', 1) != std::string::npos) {
        return n.name + " sees more than one replica of " + std::to_string(l.port) + ": " + followers;
      }
      ++primaries;
      for (const auto& range : l.ranges) {
        assigned += range.second - range.first + 1;
        by_range[range.first] = ranges_text({range}) + "@" + std::to_string(l.port) + followers;
      }
    }
    if (assigned != slot_count) return n.name + " sees " + std::to_string(assigned) + " slots assigned";
    if (primaries != 3 || replicas != 3) {
      return n.name + " sees " + std::to_string(primaries) + " primaries with slots and " + std::to_string(replicas) +
             " replicas";
    }
    std::string view;
    for (const auto& [from, text] : by_range) view += text + " ";
    if (reference_name.empty()) {
      reference = view;
      reference_name = n.name;
    } else if (view != reference) {
      return n.name + " sees " + view + "but " + reference_name + " sees " + reference;
    }
    // What a client sees: CLUSTER SLOTS lists the same ranges, each with its primary and replica.
    std::map<int, std::string> slots_view;
    for (const auto& range : must(n.port, {"CLUSTER", "SLOTS"}).elements) {
      if (range.elements.size() < 3) {
        return n.name + " sent a CLUSTER SLOTS entry of " + std::to_string(range.elements.size()) + " elements";
      }
      const int from = std::stoi(range.elements[0].text);
      std::string text = range.elements[0].text;
      if (range.elements[1].text != text) text += "-" + range.elements[1].text;
      for (std::size_t i = 2; i < range.elements.size(); ++i) {
        text += (i == 2 ? "@" : "<") + range.elements[i].elements.at(1).text;
      }
      slots_view[from] = text;
    }
    std::string slots_text;
    for (const auto& [from, text] : slots_view) slots_text += text + " ";
    if (slots_text != view) return n.name + " answers CLUSTER SLOTS " + slots_text + "but its CLUSTER NODES say " + view;
    // CLUSTER SHARDS (Redis 7+, Valkey) as well: Valkey lists a replica in a shard of its own, without
    // slots, for a moment after it started to replicate (until its shard id has spread).
    const auto shards = resp_command(n.port, {"CLUSTER", "SHARDS"});
    if (!shards.is_error()) {
      if (shards.elements.size() != 3) {
        return n.name + " lists " + std::to_string(shards.elements.size()) + " shards in CLUSTER SHARDS";
      }
      for (const auto& shard : shards.elements) {
        const resp_reply* slots = nullptr;
        const resp_reply* members = nullptr;
        for (std::size_t i = 0; i + 1 < shard.elements.size(); i += 2) {
          if (shard.elements[i].text == "slots") slots = &shard.elements[i + 1];
          if (shard.elements[i].text == "nodes") members = &shard.elements[i + 1];
        }
        if (slots == nullptr || members == nullptr || slots->elements.empty() || members->elements.size() != 2) {
          return n.name + " lists a shard without slots or without exactly two nodes in CLUSTER SHARDS";
        }
        for (const auto& member : members->elements) {
          for (std::size_t i = 0; i + 1 < member.elements.size(); i += 2) {
            if (member.elements[i].text == "health" && member.elements[i + 1].text != "online") {
              return n.name + " reports a shard member's health as " + member.elements[i + 1].text;
            }
          }
        }
      }
    }
    const auto self = std::find_if(lines.begin(), lines.end(), [](const node_line& l) { return l.has_flag("myself"); });
    if (self != lines.end() && self->is_replica()) {
      const std::string replication = must(n.port, {"INFO", "replication"}).text;
      if (info_field(replication, "master_link_status") != "up") {
        return n.name + " (a replica) reports master_link_status:" + info_field(replication, "master_link_status");
      }
    }
  }
  return {};
}

void cluster_group::wait_for(const std::string& what, clock_type::time_point until,
                             std::string (cluster_group::*problem)() const) const {
  const auto started = clock_type::now();
  for (;;) {
    std::string last;
    try {
      last = (this->*problem)();
    } catch (const std::exception& e) {
      last = e.what();
    }
    if (last.empty()) return;
    if (clock_type::now() >= until) {
      fail("gave up waiting for " + what + " after " + milliseconds_text(clock_type::now() - started) +
           "; last problem: " + last);
    }
    std::this_thread::sleep_for(poll_interval);
  }
}

void cluster_group::fail(const std::string& what) const { throw std::runtime_error(what + "\n" + logs_tail()); }

void cluster_group::cleanup() noexcept {
  for (auto& n : nodes_) signal_and_wait(n, SIGKILL);
  if (root_.empty()) return;
  const char* keep = std::getenv("TYPEDIS_KEEP_CLUSTER_DIRS");
  if (keep != nullptr && *keep != '\0') {
    std::cerr << "cluster_group: kept " << root_ << " (TYPEDIS_KEEP_CLUSTER_DIRS is set)\n";
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

}  // namespace typedis::test
