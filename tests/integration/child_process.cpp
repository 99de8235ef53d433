#include "child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "raw_resp.hpp"

namespace typedis::test {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;
constexpr auto poll_interval = 10ms;

pid_t spawn_child(std::vector<std::string> args, const std::string& output, const std::string& dir) {
  // Everything the child needs is prepared before fork(): the test process may have other threads,
  // so the child must only make async-signal-safe calls until exec.
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const char* out_path = output.c_str();
  const char* dir_path = dir.empty() ? nullptr : dir.c_str();
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    const int out = ::open(out_path, O_WRONLY | O_CREAT | O_APPEND, 0644);
    const int in = ::open("/dev/null", O_RDONLY);
    if (out >= 0) {
      ::dup2(out, STDOUT_FILENO);
      ::dup2(out, STDERR_FILENO);
    }
    if (in >= 0) ::dup2(in, STDIN_FILENO);
    if (dir_path != nullptr && ::chdir(dir_path) != 0) ::_exit(126);
    // A test that crashes or is killed by ctest's timeout must not leave servers running.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(126);
    // The test's own sockets (clients, listeners of canned servers) must not live on in the server.
    ::close_range(3, ~0U, 0);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

startup wait_until_serving(pid_t& pid, int port, std::chrono::milliseconds limit, int& exit_status) {
  const auto until = clock_type::now() + limit;
  for (;;) {
    if (::waitpid(pid, &exit_status, WNOHANG) == pid) {
      pid = -1;
      return startup::exited;
    }
    try {
      const auto info = resp_command(port, {"INFO", "server"});
      if (info_field(info.text, "process_id") == std::to_string(pid)) return startup::serving;
    } catch (const std::exception&) {
      // not listening yet
    }
    if (clock_type::now() >= until) {
      signal_and_wait(pid, SIGKILL);
      return startup::timed_out;
    }
    std::this_thread::sleep_for(poll_interval);
  }
}

void signal_and_wait(pid_t& pid, int signal) {
  if (pid <= 0) return;
  ::kill(pid, signal);
  int status = 0;
  const auto until = clock_type::now() + 5s;
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (clock_type::now() >= until) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(poll_interval);
  }
  pid = -1;
}

}  // namespace typedis::test
