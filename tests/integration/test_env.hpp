// Shared by the integration tests: the servers scripts/test started (described by TYPEDIS_TEST_*
// environment variables), unique key names, and a redis-server the test starts, stops and
// restarts itself.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

namespace typedis::test {

// The value of a variable scripts/test sets. A missing one fails the test (it is never skipped:
// a run without servers must not look green).
std::string require_env(const char* name);

// A key no other test (or earlier run) uses: "typedis:test:<test name>:<suffix>:<counter>".
std::string unique_key(const std::string& suffix = "k");

// Polls `condition` until it holds or `limit` passes; returns whether it held. For waiting on
// something observable (CLIENT LIST showing a command, a flag another thread set), never as a
// fixed sleep: a slow machine only makes it take longer.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit = std::chrono::seconds(20));

// A TCP port on 127.0.0.1 that nothing listens on right now.
int free_port();

// A redis-server child process on 127.0.0.1, for tests that must stop or reconfigure a server.
class spawned_server {
 public:
  // Extra arguments go to redis-server after the defaults (--port, --bind 127.0.0.1, no persistence).
  explicit spawned_server(std::vector<std::string> extra_args = {});
  ~spawned_server();
  spawned_server(const spawned_server&) = delete;
  spawned_server& operator=(const spawned_server&) = delete;

  int port() const noexcept { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

  void start();  // waits until the port accepts connections
  void stop();   // SIGTERM, then waits for the process to exit
  void kill();   // SIGKILL (a crash: nothing more is answered), then waits for the exit
  void restart() {
    stop();
    start();
  }

 private:
  std::vector<std::string> extra_args_;
  int port_;
  int pid_ = -1;
};

}  // namespace typedis::test
