// Server processes for the test fixtures (cluster_group, sentinel_group): started as children of
// the test, watched until they serve, stopped with a signal. The children get SIGKILL when the
// thread that started them exits (PR_SET_PDEATHSIG), so a crashed or timed-out test leaves no
// server behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace typedis::test {

// Starts args[0] with `args`: stdout and stderr appended to `output`, stdin from /dev/null, in the
// working directory `dir` (empty: the test's), none of the test's file descriptors inherited.
// Returns its pid; throws std::runtime_error if fork fails.
pid_t spawn_child(std::vector<std::string> args, const std::string& output, const std::string& dir = {});

enum class startup { serving, exited, timed_out };

// Polls (every 10 ms, for at most `limit`) until the server on 127.0.0.1:`port` answers INFO with
// `pid` as its process_id (serving; not whatever else listens there), the child exits (exited:
// `exit_status` is its wait status, `pid` is set to -1) or `limit` passes (timed_out: the child was
// SIGKILLed and `pid` is -1).
startup wait_until_serving(pid_t& pid, int port, std::chrono::milliseconds limit, int& exit_status);

// Sends `signal` and waits (at most 5 s, then SIGKILL) for the child to exit; `pid` becomes -1.
// Nothing happens when `pid` is not positive.
void signal_and_wait(pid_t& pid, int signal);

}  // namespace typedis::test
