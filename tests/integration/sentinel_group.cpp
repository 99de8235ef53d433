#include "sentinel_group.hpp"

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
#include <sstream>
#include <stdexcept>
#include <thread>
#include <utility>

#include "test_env.hpp"

namespace typedis::test {
namespace {

using clock_type = std::chrono::steady_clock;
using namespace std::chrono_literals;

// How often the group-level waits look again: fast enough that startup and failover checks add
// little to what the servers themselves take.
constexpr auto poll_interval = 50ms;
// A process that was just forked answers within a few ms: look more often than poll_interval so
// that starting six of them one after the other stays well under a second.
constexpr auto startup_poll_interval = 10ms;
constexpr auto startup_limit = 10s;

std::string field(const resp_reply& reply, const std::string& name) {
  for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
    if (reply.elements[i].text == name) return reply.elements[i + 1].text;
  }
  return {};
}


// Valkey may call replicas "replica" where Redis says "slave"; accept both.
bool is_replica_role(const std::string& role) { return role == "slave" || role == "replica"; }

// ROLE's first element ("master", "slave", "sentinel"); throws if the node cannot be reached.
std::string role_name(int port) {
  const auto role = resp_command(port, {"ROLE"});
  if (role.is_error() || role.elements.empty()) throw std::runtime_error("ROLE on " + std::to_string(port) + " failed: " + role.text);
  return role.elements[0].text;
}



std::string milliseconds_text(std::chrono::milliseconds d) { return std::to_string(d.count()) + " ms"; }

}  // namespace

sentinel_group::sentinel_group() {
  const auto deadline = clock_type::now() + 30s;
  char root[] = "/tmp/typedis-sentinel.XXXXXX";
  if (::mkdtemp(root) == nullptr) throw std::runtime_error(std::string("mkdtemp: ") + std::strerror(errno));
  root_ = root;
  try {
    data_.push_back(make_process("primary", false));
    start_new(data_[0], data_config(std::nullopt));
    const int primary = data_[0].port;
    for (int i = 1; i <= 2; ++i) {
      data_.push_back(make_process("replica-" + std::to_string(i), false));
      start_new(data_.back(), data_config(primary));
    }
    // Sentinels start only once both replicas are linked: the first INFO a sentinel sends the primary
    // (at once, on connecting) then lists both, instead of the sentinel learning of them an INFO
    // period later.
    for (;;) {
      std::string problem;
      try {
        problem = replication_problem(primary);
      } catch (const std::exception& e) {
        problem = e.what();
      }
      if (problem.empty()) break;
      if (clock_type::now() >= deadline) fail("the replicas did not link to the primary within 30 s: " + problem);
      std::this_thread::sleep_for(poll_interval);
    }
    for (int i = 0; i < 3; ++i) {
      sentinels_.push_back(make_process("sentinel-" + std::to_string(i), true));
      start_new(sentinels_.back(), sentinel_config(primary));
      tune_sentinel(sentinels_.back());
    }
    wait_until_healthy(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now()));
  } catch (...) {
    cleanup();
    throw;
  }
}

sentinel_group::~sentinel_group() { cleanup(); }

std::vector<int> sentinel_group::sentinel_ports() const {
  std::vector<int> ports;
  for (const auto& s : sentinels_) ports.push_back(s.port);
  return ports;
}

std::vector<int> sentinel_group::data_ports() const {
  std::vector<int> ports;
  for (const auto& d : data_) ports.push_back(d.port);
  return ports;
}

std::string sentinel_group::sentinel_url() const {
  std::string url = "redis+sentinel://";
  for (std::size_t i = 0; i < sentinels_.size(); ++i) {
    if (i > 0) url += ",";
    url += "127.0.0.1:" + std::to_string(sentinels_[i].port);
  }
  return url + "/" + master_name();
}

int sentinel_group::primary_port() const {
  std::string last = "no sentinel is running";
  for (const auto& s : sentinels_) {
    if (s.pid <= 0) continue;
    try {
      const auto addr = resp_command(s.port, {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", master_name()});
      if (addr.elements.size() == 2) return std::stoi(addr.elements[1].text);
      last = s.name + " knows no address for " + master_name() + " (" + (addr.is_error() ? addr.text : "nil") + ")";
    } catch (const std::exception& e) {
      last = s.name + ": " + e.what();
    }
  }
  fail("no sentinel named the primary: " + last);
}

void sentinel_group::kill_data_node(int port) { signal_and_wait(data_node(port), SIGKILL); }

void sentinel_group::restart_data_node(int port) {
  auto& p = data_node(port);
  signal_and_wait(p, SIGKILL);
  std::string failure;
  if (!spawn_once(p, failure)) fail("restarting " + p.name + ": " + failure);
}

void sentinel_group::stop_sentinel(int index) { signal_and_wait(sentinel_at(index), SIGTERM); }

void sentinel_group::start_sentinel(int index) {
  auto& s = sentinel_at(index);
  if (s.pid > 0) throw std::logic_error(s.name + " is already running");
  std::string failure;
  if (!spawn_once(s, failure)) fail("restarting " + s.name + ": " + failure);
  // SENTINEL DEBUG settings live in memory only: a restarted sentinel has the default periods again.
  tune_sentinel(s);
}

void sentinel_group::failover() {
  const auto until = clock_type::now() + 10s;
  const auto running = std::find_if(sentinels_.begin(), sentinels_.end(), [](const process& s) { return s.pid > 0; });
  if (running == sentinels_.end()) fail("failover: no sentinel is running");
  for (;;) {
    resp_reply reply;
    try {
      reply = resp_command(running->port, {"SENTINEL", "FAILOVER", master_name()});
    } catch (const std::exception& e) {
      fail("SENTINEL FAILOVER to " + running->name + ": " + e.what());
    }
    if (!reply.is_error()) return;
    if (reply.text.rfind("NOGOODSLAVE", 0) != 0 || clock_type::now() >= until) {
      fail(running->name + " refused SENTINEL FAILOVER: " + reply.text);
    }
    std::this_thread::sleep_for(poll_interval);
  }
}

int sentinel_group::wait_for_new_primary(int old_port, std::chrono::milliseconds limit) {
  const auto until = clock_type::now() + limit;
  std::string last = "no sentinel is running";
  for (;;) {
    for (const auto& s : sentinels_) {
      if (s.pid <= 0) continue;
      try {
        const auto addr = resp_command(s.port, {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", master_name()});
        if (addr.elements.size() != 2) {
          last = s.name + " knows no address for " + master_name();
          continue;
        }
        const int port = std::stoi(addr.elements[1].text);
        if (port == old_port) {
          last = s.name + " still names " + std::to_string(old_port);
          continue;
        }
        const std::string role = role_name(port);
        if (role == "master") return port;
        last = s.name + " names " + std::to_string(port) + ", which answers ROLE " + role;
      } catch (const std::exception& e) {
        last = s.name + ": " + e.what();
      }
    }
    if (clock_type::now() >= until) {
      fail("no new primary other than " + std::to_string(old_port) + " within " + milliseconds_text(limit) +
           "; last: " + last);
    }
    std::this_thread::sleep_for(poll_interval);
  }
}

void sentinel_group::wait_for_replica(int port, int primary_port, std::chrono::milliseconds limit) {
  const auto until = clock_type::now() + limit;
  std::string last;
  for (;;) {
    try {
      // ROLE of a replica: "slave", primary host, primary port, link state, offset.
      const auto role = resp_command(port, {"ROLE"});
      if (role.elements.size() >= 4 && is_replica_role(role.elements[0].text) &&
          role.elements[2].text == std::to_string(primary_port) && role.elements[3].text == "connected") {
        return;
      }
      last = "ROLE says " + raw_command(port, {"ROLE"});
    } catch (const std::exception& e) {
      last = e.what();
    }
    if (clock_type::now() >= until) {
      fail(std::to_string(port) + " did not become a connected replica of " + std::to_string(primary_port) + " within " +
           milliseconds_text(limit) + "; last: " + last);
    }
    std::this_thread::sleep_for(poll_interval);
  }
}

void sentinel_group::wait_until_healthy(std::chrono::milliseconds limit) {
  const auto until = clock_type::now() + limit;
  for (;;) {
    std::string problem;
    try {
      problem = health_problem();
    } catch (const std::exception& e) {
      problem = e.what();
    }
    if (problem.empty()) return;
    if (clock_type::now() >= until) {
      fail("the sentinel group was not healthy within " + milliseconds_text(limit) + "; last problem: " + problem);
    }
    std::this_thread::sleep_for(poll_interval);
  }
}

std::string sentinel_group::logs_tail(std::size_t lines) const {
  std::string out = "sentinel group in " + root_ + "\n";
  auto add = [&](const process& p) {
    out += "--- " + p.name + " (port " + std::to_string(p.port) + ", " +
           (p.pid > 0 ? "pid " + std::to_string(p.pid) : std::string("not running")) + ") " + p.log + "\n";
    out += last_lines(p.log, lines);
    std::error_code ec;
    if (std::filesystem::file_size(p.output, ec) > 0 && !ec) out += "  [stdout/stderr]\n" + last_lines(p.output, lines);
  };
  for (const auto& p : data_) add(p);
  for (const auto& p : sentinels_) add(p);
  return out;
}

sentinel_group::process sentinel_group::make_process(const std::string& name, bool sentinel) {
  process p;
  p.name = name;
  p.sentinel = sentinel;
  p.dir = root_ + "/" + name;
  std::filesystem::create_directory(p.dir);
  p.config = p.dir + (sentinel ? "/sentinel.conf" : "/redis.conf");
  p.log = p.dir + (sentinel ? "/sentinel.log" : "/redis.log");
  p.output = p.dir + "/output.log";
  return p;
}

std::vector<std::string> sentinel_group::data_config(std::optional<int> primary) const {
  // Everything lives in the config file, nothing on the command line: sentinels persist REPLICAOF
  // with CONFIG REWRITE, and a --replicaof argument would override the rewritten file on restart.
  std::vector<std::string> lines{"bind 127.0.0.1", "daemonize no", "save \"\"", "appendonly no",
                                 "enable-debug-command yes",
                                 // Redis 7.0 waits 5 s for more replicas before a diskless full sync.
                                 "repl-diskless-sync-delay 0",
                                 // A replica loads a full sync straight from the socket: Valkey 9 would
                                 // write it to disk in a thread and notice the end up to 1 s later.
                                 "repl-diskless-load on-empty-db"};
  if (primary) lines.push_back("replicaof 127.0.0.1 " + std::to_string(*primary));
  return lines;
}

std::vector<std::string> sentinel_group::sentinel_config(int primary) const {
  return {"bind 127.0.0.1",
          "daemonize no",
          "sentinel monitor " + master_name() + " 127.0.0.1 " + std::to_string(primary) + " 2",
          "sentinel down-after-milliseconds " + master_name() + " 1000",
          "sentinel failover-timeout " + master_name() + " 5000",
          "sentinel parallel-syncs " + master_name() + " 1"};
}

int sentinel_group::fresh_port() {
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

void sentinel_group::start_new(process& p, const std::vector<std::string>& config_lines) {
  // Another process may take the port between free_port() and the bind: then the server exits (or
  // another one answers there), and a fresh port is tried. A bad config fails every attempt alike.
  std::string failure;
  for (int attempt = 0; attempt < 3; ++attempt) {
    p.port = fresh_port();
    std::ofstream out(p.config, std::ios::trunc);
    out << "port " << p.port << "\n"
        << "dir " << p.dir << "\n"
        << "logfile " << p.log << "\n";
    for (const auto& line : config_lines) out << line << "\n";
    out.close();
    if (!out) fail("cannot write " + p.config);
    if (spawn_once(p, failure)) return;
  }
  fail(failure);
}

bool sentinel_group::spawn_once(process& p, std::string& failure) {
  const std::string server = require_env("TYPEDIS_REDIS_SERVER");
  std::vector<std::string> args;
  if (p.sentinel) {
    const char* sentinel = std::getenv("TYPEDIS_REDIS_SENTINEL");
    args = {sentinel != nullptr && *sentinel != '\0' ? std::string(sentinel) : server, p.config, "--sentinel"};
  } else {
    args = {server, p.config};
  }
  p.pid = spawn_child(args, p.output);
  int status = 0;
  switch (wait_until_serving(p.pid, p.port, std::chrono::duration_cast<std::chrono::milliseconds>(startup_limit),
                             status)) {
    case startup::serving:
      return true;
    case startup::exited:
      failure = p.name + " (" + args[0] + ") exited during startup on port " + std::to_string(p.port) + " (" +
                describe_exit(status) + ")";
      return false;
    case startup::timed_out:
      break;
  }
  failure = p.name + " did not answer on port " + std::to_string(p.port) + " within " +
            milliseconds_text(std::chrono::duration_cast<std::chrono::milliseconds>(startup_limit));
  return false;
}

void sentinel_group::signal_and_wait(process& p, int signal) { test::signal_and_wait(p.pid, signal); }

void sentinel_group::tune_sentinel(const process& p) {
  // info-period 1000 (default 10000) and publish-period 500 (default 2000): with the defaults a
  // returning former primary waits 10-20 s before it is turned into a replica (4 hello periods since
  // it last changed role, as seen through INFO).
  // ping-period 250 (default 1000): with down-after-milliseconds 1000 equal to the ping period, a
  // sentinel that switches to a new primary after the old one died reuses the link whose reconnects
  // to the dead node are rate-limited to one per ping period, while the new primary's "pending ping
  // since" clock starts at the switch: it can flag the new primary down about 1 s later before its
  // first PONG arrives, and with the other sentinels' "master down" answers about the old primary
  // still counted (they expire after 5 s) reach ODOWN at once and start a second, spurious failover.
  // Without SENTINEL DEBUG (servers before 7.0) the group still works, only slower and less steady,
  // so an error reply is ignored.
  resp_command(p.port, {"SENTINEL", "DEBUG", "info-period", "1000", "publish-period", "500", "ping-period", "250"});
}

sentinel_group::process& sentinel_group::data_node(int port) {
  for (auto& d : data_) {
    if (d.port == port) return d;
  }
  throw std::invalid_argument("no data node of the sentinel group has port " + std::to_string(port));
}

sentinel_group::process& sentinel_group::sentinel_at(int index) {
  if (index < 0 || static_cast<std::size_t>(index) >= sentinels_.size()) {
    throw std::invalid_argument("no sentinel with index " + std::to_string(index));
  }
  return sentinels_[static_cast<std::size_t>(index)];
}

std::string sentinel_group::replication_problem(int primary) const {
  for (const auto& d : data_) {
    if (d.pid <= 0) return d.name + " is not running";
    if (d.port == primary) {
      const std::string role = role_name(d.port);
      if (role != "master") return d.name + " (the primary) answers ROLE " + role;
      continue;
    }
    const std::string info = resp_command(d.port, {"INFO", "replication"}).text;
    if (!is_replica_role(info_field(info, "role")) || info_field(info, "master_port") != std::to_string(primary) ||
        info_field(info, "master_link_status") != "up") {
      return d.name + " is not a linked replica of " + std::to_string(primary) + ": role:" + info_field(info, "role") +
             " master_port:" + info_field(info, "master_port") +
             " master_link_status:" + info_field(info, "master_link_status");
    }
  }
  return {};
}

std::string sentinel_group::health_problem() const {
  int primary = -1;
  std::string named_by;
  for (const auto& s : sentinels_) {
    if (s.pid <= 0) continue;
    const auto addr = resp_command(s.port, {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", master_name()});
    if (addr.elements.size() != 2) return s.name + " knows no address for " + master_name();
    const int port = std::stoi(addr.elements[1].text);
    if (primary == -1) {
      primary = port;
      named_by = s.name;
    } else if (port != primary) {
      return s.name + " names primary " + std::to_string(port) + ", " + named_by + " names " + std::to_string(primary);
    }
    const auto master = resp_command(s.port, {"SENTINEL", "MASTER", master_name()});
    if (master.is_error()) return s.name + ": SENTINEL MASTER: " + master.text;
    if (field(master, "flags") != "master") return s.name + " flags the primary " + field(master, "flags");
    if (field(master, "num-other-sentinels") != "2") {
      return s.name + " knows " + field(master, "num-other-sentinels") + " other sentinels, not 2";
    }
    if (field(master, "num-slaves") != "2") return s.name + " knows " + field(master, "num-slaves") + " replicas, not 2";
    const auto replicas = resp_command(s.port, {"SENTINEL", "REPLICAS", master_name()});
    for (const auto& r : replicas.elements) {
      const std::string flags = field(r, "flags");
      if (!is_replica_role(flags)) return s.name + " flags replica " + field(r, "name") + " " + flags;
      if (field(r, "master-link-status") != "ok") {
        return s.name + " sees the link of replica " + field(r, "name") + " as " + field(r, "master-link-status");
      }
      if (field(r, "master-port") != std::to_string(primary)) {
        return s.name + " sees replica " + field(r, "name") + " following port " + field(r, "master-port");
      }
    }
  }
  if (primary == -1) return "no sentinel is running";
  return replication_problem(primary);
}

void sentinel_group::fail(const std::string& what) const { throw std::runtime_error(what + "\n" + logs_tail()); }

void sentinel_group::cleanup() noexcept {
  for (auto& p : data_) signal_and_wait(p, SIGKILL);
  for (auto& p : sentinels_) signal_and_wait(p, SIGKILL);
  if (root_.empty()) return;
  const char* keep = std::getenv("TYPEDIS_KEEP_SENTINEL_DIRS");
  if (keep != nullptr && *keep != '\0') {
    std::cerr << "sentinel_group: kept " << root_ << " (TYPEDIS_KEEP_SENTINEL_DIRS is set)\n";
    return;
  }
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

}  // namespace typedis::test
