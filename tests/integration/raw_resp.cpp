#include "raw_resp.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <deque>
#include <sstream>
#include <stdexcept>

namespace typedis::test {
namespace {

// Bounds every read and write, so that a hung node fails a wait instead of hanging it.
constexpr int io_timeout_ms = 2000;

class socket_fd {
 public:
  explicit socket_fd(int fd) noexcept : fd_(fd) {}
  ~socket_fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  socket_fd(const socket_fd&) = delete;
  socket_fd& operator=(const socket_fd&) = delete;
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

std::string encode(const std::vector<std::string>& args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& a : args) out += "$" + std::to_string(a.size()) + "\r\n" + a + "\r\n";
  return out;
}

// Parses the reply that starts at `pos` into `out` and moves `pos` past it; false if `buf` does not
// hold all of it yet. Re-parsing from the start when more bytes arrive is fine for replies this
// small.
bool parse_reply(const std::string& buf, std::size_t& pos, resp_reply& out) {
  const auto eol = buf.find("\r\n", pos);
  if (eol == std::string::npos) return false;
  if (eol == pos) throw std::runtime_error("malformed RESP reply: empty line");
  out = resp_reply{};
  out.type = buf[pos];
  std::string line = buf.substr(pos + 1, eol - pos - 1);
  pos = eol + 2;
  switch (out.type) {
    case '+':
    case '-':
    case ':':
      out.text = std::move(line);
      return true;
    case '$': {
      const long long length = std::stoll(line);
      if (length < 0) {
        out.null = true;
        return true;
      }
      const auto n = static_cast<std::size_t>(length);
      if (buf.size() < pos + n + 2) return false;
      out.text = buf.substr(pos, n);
      pos += n + 2;
      return true;
    }
    case '*': {
      const long long count = std::stoll(line);
      if (count < 0) {
        out.null = true;
        return true;
      }
      out.elements.resize(static_cast<std::size_t>(count));
      for (auto& element : out.elements) {
        if (!parse_reply(buf, pos, element)) return false;
      }
      return true;
    }
    default:
      throw std::runtime_error(std::string("unexpected RESP type byte '") + out.type + "'");
  }
}

// The value of `name` in a flat field/value array (SENTINEL MASTER, an entry of SENTINEL REPLICAS);
// "" if absent.

}  // namespace

// The value of a "name:value" line of an INFO reply; "" if absent.
std::string info_field(const std::string& info, const std::string& name) {
  std::istringstream in(info);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 && line[name.size()] == ':') {
      return line.substr(name.size() + 1);
    }
  }
  return {};
}

std::string last_lines(const std::string& path, std::size_t lines) {
  std::ifstream in(path);
  if (!in) return "  (no " + path + ")\n";
  std::deque<std::string> last;
  std::string line;
  while (std::getline(in, line)) {
    last.push_back(std::move(line));
    if (last.size() > lines) last.pop_front();
  }
  std::string out;
  for (const auto& l : last) out += "  " + l + "\n";
  return out;
}

std::string describe_exit(int status) {
  if (WIFEXITED(status)) {
    const int code = WEXITSTATUS(status);
    return "exit status " + std::to_string(code) + (code == 127 ? ": the binary could not be run" : "");
  }
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

namespace {

// Connects to 127.0.0.1:`port`, writes `request` (`count` commands) and returns the raw bytes of
// their `count` replies; `what` names the request in errors.
std::string exchange(int port, const std::string& request, std::size_t count, const std::string& what) {
  const std::string where = "127.0.0.1:" + std::to_string(port);
  const socket_fd fd{::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)};
  if (fd.get() < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  const timeval timeout{io_timeout_ms / 1000, (io_timeout_ms % 1000) * 1000};
  ::setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  ::setsockopt(fd.get(), SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
    throw std::runtime_error("connect to " + where + ": " + std::strerror(errno));
  }
  std::size_t sent = 0;
  while (sent < request.size()) {
    // MSG_NOSIGNAL: a node that just died must fail this call, not kill the test with SIGPIPE.
    const auto n = ::send(fd.get(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::runtime_error("send to " + where + ": " + std::strerror(errno));
    sent += static_cast<std::size_t>(n);
  }
  std::string buf;
  std::size_t pos = 0;
  std::size_t complete = 0;
  char chunk[4096];
  while (complete < count) {
    std::size_t end = pos;
    resp_reply ignored;
    if (pos < buf.size() && parse_reply(buf, end, ignored)) {
      pos = end;
      ++complete;
      continue;
    }
    const auto n = ::recv(fd.get(), chunk, sizeof chunk, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n == 0) throw std::runtime_error(where + " closed the connection before the whole reply to " + what);
    if (n < 0) {
      const bool timed_out = errno == EAGAIN || errno == EWOULDBLOCK;
      throw std::runtime_error(where + (timed_out ? " sent no whole reply within 2 s to " + what
                                                  : std::string(": recv: ") + std::strerror(errno)));
    }
    buf.append(chunk, static_cast<std::size_t>(n));
  }
  return buf.substr(0, pos);
}

}  // namespace

std::string raw_command(int port, const std::vector<std::string>& args) {
  return exchange(port, encode(args), 1, args.empty() ? std::string("(empty command)") : args[0]);
}

resp_reply resp_command(int port, const std::vector<std::string>& args) {
  const std::string raw = raw_command(port, args);
  std::size_t pos = 0;
  resp_reply reply;
  parse_reply(raw, pos, reply);
  return reply;
}

std::vector<resp_reply> resp_pipeline(int port, const std::vector<std::vector<std::string>>& commands) {
  std::string request;
  for (const auto& c : commands) request += encode(c);
  const std::string raw = exchange(port, request, commands.size(), "the pipeline");
  std::vector<resp_reply> replies(commands.size());
  std::size_t pos = 0;
  for (auto& r : replies) parse_reply(raw, pos, r);
  return replies;
}

}  // namespace typedis::test
