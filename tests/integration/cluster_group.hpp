// A throwaway Redis Cluster for the tests: six cluster-mode nodes (three primaries with slots
// 0-5460, 5461-10922 and 10923-16383, one replica each), all child processes of the test on free
// 127.0.0.1 ports, each in its own directory under one mkdtemp root (/tmp/typedis-cluster.XXXXXX).
// Only the server binary is needed: the cluster is formed with raw commands (CLUSTER
// SET-CONFIG-EPOCH, ADDSLOTSRANGE, MEET, REPLICATE), not with redis-cli, and the fixture talks to the
// nodes through the raw RESP2 helper of sentinel_group.hpp (resp_command, one connection per
// command) and resp_pipeline below (several commands on one connection, for ASKING and READONLY),
// never through the client code the cluster tests are about.
//
// Binary: $TYPEDIS_REDIS_SERVER (redis-server 7.0 and later, valkey-server). Each node runs with
// --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 2000 and an explicit
// --cluster-port (a free port, not port + 10000, which may not exist for a high port).
// TYPEDIS_KEEP_CLUSTER_DIRS=1 keeps the directories (nodes.conf, redis.log) after the group is
// destroyed, and prints where they are.
//
// Not thread-safe: use one group from one thread at a time. The children get SIGKILL when the thread
// that started them exits (PR_SET_PDEATHSIG), so that a crashed or timed-out test leaves no server
// behind: create and restart nodes from a thread that outlives the group (the test's main thread).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <optional>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "raw_resp.hpp"

namespace typedis::test {


// TLS material for a TLS cluster: every node also listens on a TLS port (tls-port), and the
// cluster bus and the replication links use TLS (tls-cluster, tls-replication). The plain ports stay
// open for the fixture's raw RESP helpers; a client that connects with TLS is told the TLS ports
// in CLUSTER SHARDS / SLOTS and in MOVED and ASK.
struct cluster_tls_files {
  std::string ca;    // CA certificate (tls-ca-cert-file)
  std::string cert;  // the nodes' server certificate and key (valid for 127.0.0.1)
  std::string key;
  // What a node presents when it connects to another (cluster bus, replication): the bus always
  // asks for a client certificate, and a server-only one (extendedKeyUsage serverAuth) is refused.
  std::string client_cert;
  std::string client_key;
};

class cluster_group {
 public:
  // Starts the six nodes, forms the cluster and waits (at most 30 s in all, polling every 50 ms)
  // until it is healthy (see wait_until_healthy): CLUSTER SET-CONFIG-EPOCH 1..6, ADDSLOTSRANGE (ADDSLOTS
  // if refused) on the three primaries, CLUSTER MEET between every pair, CLUSTER REPLICATE on the
  // other three once all know each other, then one SET and DEL per primary (so that the replicas'
  // replication offsets are not 0 and CLUSTER SLOTS lists them). Throws std::runtime_error with the
  // tail of every log otherwise (and kills whatever it started).
  // With `tls`: the TLS variant (see cluster_tls_files).
  explicit cluster_group(std::optional<cluster_tls_files> tls = std::nullopt);
  // SIGKILLs every node still running and removes the directories (unless TYPEDIS_KEEP_CLUSTER_DIRS
  // is set).
  ~cluster_group();
  cluster_group(const cluster_group&) = delete;
  cluster_group& operator=(const cluster_group&) = delete;

  // All six ports, fixed for the group's life: the three primaries at start (in slot order), then
  // their replicas in the same order (ports()[3] replicates ports()[0], ...).
  std::vector<int> ports() const;
  // The primaries that own slots, ordered by their lowest slot, and the replicas, as the first
  // running node sees them in CLUSTER NODES (so after a failover or a migration they may differ from
  // ports()'s order; a dead node stays listed until the cluster forgets it, which it never does here).
  std::vector<int> primary_ports() const;
  std::vector<int> replica_ports() const;
  // "redis://127.0.0.1:P" for the first running node of ports().
  std::string seed_url() const;
  // The TLS port of the node whose plain port is `port` (TLS variant only; 0 otherwise).
  int tls_port(int port) const;
  // "rediss://127.0.0.1:T?tls_ca_file=..." for the first running node's TLS port (TLS variant).
  std::string tls_seed_url() const;
  // The node's 40-character id (fixed: it lives in the node's nodes.conf, also across restarts).
  std::string node_id(int port) const;

  // The port of the node that owns `slot`, per CLUSTER SLOTS on the first running node.
  int port_of_slot(int slot) const;

  // Moves `slot` to the primary on `to_port` the standard way (begin_migration, then
  // finish_migration). Throws std::invalid_argument if `to_port` already owns it.
  void migrate_slot(int slot, int to_port);
  // First half: CLUSTER SETSLOT <slot> IMPORTING <source id> on the target, then SETSLOT <slot>
  // MIGRATING <target id> on the current owner. Afterwards the owner answers -ASK for keys of the
  // slot it does not have, and the target serves them only after ASKING (else -MOVED to the owner).
  void begin_migration(int slot, int to_port);
  // Second half: MIGRATEs every key of the slot from the owner to `to_port` (CLUSTER GETKEYSINSLOT,
  // MIGRATE 127.0.0.1 <port> "" 0 5000 KEYS ...), then SETSLOT <slot> NODE <target id> on the target,
  // the source and the other primaries, and waits (at most 10 s) until every running node reports
  // the new owner in CLUSTER SLOTS and sees every primary at the config epoch it reports itself.
  void finish_migration(int slot, int to_port);

  // SIGKILL (a crash: no shutdown, no last reply), and waits for the exit. With the 2 s node timeout,
  // a killed primary's replica takes over about 2-4 s later (see wait_for_new_owner).
  void kill_node(int port);
  // SIGKILLs the node if it still runs, then starts it again on the same ports and directory: it
  // reads its nodes.conf (same id, its last known view of the cluster) but has no data (no
  // persistence). A primary that was replaced meanwhile comes back as a replica of the new one.
  // Waits until it answers; see wait_until_healthy for the cluster as a whole.
  void restart_node(int port);

  // Waits until every running node reports `slot` owned by a node other than `old_port`, all the
  // same one, and that node answers ROLE master; returns its port. Throws (with the logs) after
  // `limit`.
  int wait_for_new_owner(int slot, int old_port, std::chrono::milliseconds limit = std::chrono::seconds(20));

  // Waits until: all six nodes run and each reports cluster_state:ok; their CLUSTER NODES views all
  // agree (same slot ranges per primary, same replica of each primary, all 16384 slots assigned) and
  // list six nodes, none flagged fail, fail?, handshake or noaddr, all links connected; three
  // primaries own slots and each has exactly one replica; every node's CLUSTER SLOTS says the same
  // (each range with its primary and its replica: Redis 7+ and Valkey leave out a replica whose
  // replication offset is still 0), and so does CLUSTER SHARDS where it exists (three shards of two
  // nodes each, all "online"); and every replica reports master_link_status:up. Throws (with the
  // reason of the last failed check and the logs) after `limit`.
  void wait_until_healthy(std::chrono::milliseconds limit = std::chrono::seconds(30));

  // The last `lines` lines of every node's log, for failure messages.
  std::string logs_tail(std::size_t lines = 15) const;

  // The hash slot of `key` (CRC16/XMODEM mod 16384 of the key, or of its first non-empty {hash tag}),
  // computed here, independently of the server (the tests compare it with CLUSTER KEYSLOT).
  static int key_slot(std::string_view key);
  // A key "<prefix>:<n>" (the first n that fits) whose slot is `slot`. `prefix` must not contain '{'.
  static std::string key_for_slot(int slot, std::string_view prefix);

 private:
  struct node {
    std::string name;    // "node-0" .. "node-5"
    std::string dir;     // its own directory (working directory, nodes.conf, log)
    std::string log;     // the server's logfile
    std::string output;  // stdout/stderr of the process: errors from before the logfile is open
    std::string id;      // CLUSTER MYID, known once it started the first time
    int port = 0;
    int bus_port = 0;
    int tls_port = 0;  // TLS variant only
    pid_t pid = -1;  // -1 while not running
  };

  int fresh_port();
  void start_new(node& n);                         // new ports
  bool spawn_once(node& n, std::string& failure);  // same ports and directory
  void signal_and_wait(node& n, int signal);
  node& node_at(int port);
  const node& node_at(int port) const;
  int first_running_port() const;
  int owner_seen_by(int port, int slot) const;  // -1 if `port` reports the slot unassigned
  std::string join_problem() const;    // "" once every node knows all six, none in handshake
  std::string health_problem() const;  // "" if wait_until_healthy's checks hold
  // "" once every running node sees each primary at the config epoch that primary reports itself.
  std::string epoch_problem() const;
  void wait_for(const std::string& what, std::chrono::steady_clock::time_point until,
                std::string (cluster_group::*problem)() const) const;
  [[noreturn]] void fail(const std::string& what) const;  // throws `what` and logs_tail()
  std::string logs_header() const;
  bool has_logs(const std::string& message) const;  // from fail() already
  void cleanup() noexcept;

  std::string root_;
  std::optional<cluster_tls_files> tls_;
  std::vector<node> nodes_;     // ports()'s order
  std::vector<int> used_ports_;  // handed out here: free_port() may repeat one not yet bound
};

}  // namespace typedis::test
