// A throwaway Redis Sentinel deployment for the tests: one primary, two replicas and three sentinels,
// all child processes of the test on free 127.0.0.1 ports, each in its own directory under one
// mkdtemp root (/tmp/typedis-sentinel.XXXXXX). The fixture talks to the nodes through a tiny
// blocking RESP2 helper of its own (raw_command / resp_command), so that it does not depend on the
// client code the sentinel tests are about.
//
// Binaries: data nodes run $TYPEDIS_REDIS_SERVER; sentinels run `$TYPEDIS_REDIS_SENTINEL <conf>
// --sentinel` if that variable is set, else `$TYPEDIS_REDIS_SERVER <conf> --sentinel` (works for
// redis-server and valkey-server alike). TYPEDIS_KEEP_SENTINEL_DIRS=1 keeps the directories (configs
// as the sentinels rewrote them, logs) after the group is destroyed, and prints where they are.
//
// Timing: the sentinels monitor "mymaster" with quorum 2, down-after-milliseconds 1000 and
// failover-timeout 5000, and their internal periods are shortened with SENTINEL DEBUG (INFO every
// 1 s instead of 10 s, hello messages every 0.5 s instead of 2 s): with the defaults, a node that
// comes back as a primary after a failover is only turned into a replica 10 to 20 s later, which
// would make every destructive test slow. A client never depends on these periods.
//
// Not thread-safe: use one group from one thread at a time. The children get SIGKILL when the thread
// that started them exits (PR_SET_PDEATHSIG), so that a crashed or timed-out test leaves no server
// behind: create and restart nodes from a thread that outlives the group (the test's main thread).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "raw_resp.hpp"

namespace typedis::test {

class sentinel_group {
 public:
  // Starts the primary, then the two replicas (`replicaof 127.0.0.1 <primary>`), waits for both
  // replication links, then starts the three sentinels, and waits (at most 30 s, polling every
  // 50 ms) until the group is healthy (see wait_until_healthy). Throws std::runtime_error with the
  // tail of every log otherwise (and stops whatever it started).
  sentinel_group();
  // SIGKILLs every process still running and removes the directories (unless
  // TYPEDIS_KEEP_SENTINEL_DIRS is set).
  ~sentinel_group();
  sentinel_group(const sentinel_group&) = delete;
  sentinel_group& operator=(const sentinel_group&) = delete;

  std::string master_name() const { return "mymaster"; }
  // The three sentinels' ports, index 0..2 as stop_sentinel/start_sentinel take them.
  std::vector<int> sentinel_ports() const;
  // The three data nodes' ports: the primary at start first, then the two replicas. The ports never
  // change; which of them is the primary does (primary_port()).
  std::vector<int> data_ports() const;
  // "redis+sentinel://127.0.0.1:S1,127.0.0.1:S2,127.0.0.1:S3/mymaster"
  std::string sentinel_url() const;

  // The primary's port as the first running sentinel that answers reports it (SENTINEL
  // GET-MASTER-ADDR-BY-NAME). Right after a failover, sentinels may disagree for a moment: use
  // wait_for_new_primary to wait for a change.
  int primary_port() const;

  // SIGKILL (a crash: no shutdown, no last reply), and waits for the exit.
  void kill_data_node(int port);
  // SIGKILLs the node if it still runs, then starts it again on the same port with its config file, which the sentinels may have
  // rewritten (CONFIG REWRITE after REPLICAOF): a former replica comes back following the primary
  // it last knew. A former primary comes back as an empty primary until the sentinels turn it into
  // a replica of the current one (about 2-3 s here; see wait_for_replica). Waits until it answers.
  void restart_data_node(int port);

  // SIGTERM (then SIGKILL after 5 s) to sentinel `index` (0..2), and waits for the exit.
  void stop_sentinel(int index);
  // Starts sentinel `index` again with its (rewritten) config file and waits until it answers.
  void start_sentinel(int index);

  // SENTINEL FAILOVER mymaster to the first running sentinel: a failover without agreement, even
  // though the primary is fine. Retries for up to 10 s while the sentinel answers -NOGOODSLAVE (its
  // view of the replicas is not fresh yet, e.g. just after an earlier failover); throws on any other
  // error reply. Returns once the failover started: see wait_for_new_primary.
  void failover();

  // Waits until a running sentinel reports a primary other than `old_port` AND that node answers
  // ROLE as master; returns its port. Throws (with the logs) after `limit`.
  int wait_for_new_primary(int old_port, std::chrono::milliseconds limit = std::chrono::seconds(20));

  // Waits until the node on `port` answers ROLE as a connected replica of `primary_port`. Throws
  // (with the logs) after `limit`.
  void wait_for_replica(int port, int primary_port, std::chrono::milliseconds limit = std::chrono::seconds(20));

  // Waits until: every running sentinel names the same primary, which answers ROLE as master; each
  // knows two other sentinels and two replicas of it, both flagged plain "slave" (not down or
  // disconnected) with master-link-status ok; and both other data nodes report role:slave of that
  // primary with master_link_status:up. Needs all three data nodes running. Throws (with the reason
  // of the last failed check and the logs) after `limit`.
  void wait_until_healthy(std::chrono::milliseconds limit = std::chrono::seconds(30));

  // The last `lines` lines of every process's log, for failure messages.
  std::string logs_tail(std::size_t lines = 15) const;

 private:
  struct process {
    std::string name;    // "primary", "replica-1", "sentinel-0", ...
    std::string dir;     // its own directory (config file, log, working directory)
    std::string config;  // config file, rewritten by the process itself at times
    std::string log;     // the server's logfile
    std::string output;  // stdout/stderr of the process: errors from before the logfile is open
    bool sentinel = false;
    int port = 0;
    pid_t pid = -1;      // -1 while not running
  };

  process make_process(const std::string& name, bool sentinel);
  std::vector<std::string> data_config(std::optional<int> primary) const;
  std::vector<std::string> sentinel_config(int primary) const;
  int fresh_port();
  void start_new(process& p, const std::vector<std::string>& config_lines);  // new port, new config
  bool spawn_once(process& p, std::string& failure);                         // same port and config
  void signal_and_wait(process& p, int signal);
  void tune_sentinel(const process& p);
  process& data_node(int port);
  process& sentinel_at(int index);
  std::string replication_problem(int primary) const;  // "" if both other data nodes follow it
  std::string health_problem() const;                  // "" if wait_until_healthy's checks hold
  [[noreturn]] void fail(const std::string& what) const;
  void cleanup() noexcept;

  std::string root_;
  std::vector<process> data_;       // primary at start first
  std::vector<process> sentinels_;  // index = stop_sentinel/start_sentinel's argument
  std::vector<int> used_ports_;     // handed out here: free_port() may repeat one not yet bound
};

}  // namespace typedis::test
