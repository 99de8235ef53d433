// Talking to test servers without the client under test: one command (raw_command /
// resp_command) or several on one connection (resp_pipeline, for ASKING and READONLY), RESP2 only,
// every read and write bounded by 2 s. The sentinel and cluster fixtures use it to start, check and
// break their deployments; and a few shared helpers for their logs and INFO texts.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace typedis::test {

// One RESP2 reply, parsed just enough for the fixture and the tests (no RESP3: nothing here sends
// HELLO 3).
struct resp_reply {
  char type = 0;      // '+' simple string, '-' error, ':' integer, '$' bulk string, '*' array
  bool null = false;  // "$-1" or "*-1"
  std::string text;   // the string, the error (without its '-'), or the integer's digits
  std::vector<resp_reply> elements;  // an array's elements

  bool is_error() const noexcept { return type == '-'; }
};

// Sends one command to 127.0.0.1:`port` on a fresh connection and returns its complete raw reply
// ("+PONG\r\n", "*2\r\n$9\r\n127.0.0.1\r\n..."). Throws std::runtime_error if the node cannot be
// reached or does not answer within 2 s; an error reply is returned, not thrown.
std::string raw_command(int port, const std::vector<std::string>& args);

// The same, parsed.
resp_reply resp_command(int port, const std::vector<std::string>& args);

// Each call opens a connection of its own, so a command that depends on the connection's earlier
// commands sees none of them: WAIT through raw_command waits for offset 0 and returns at once, with
// every replica counted, whatever was written before. Several commands on one connection:
// resp_pipeline in cluster_group.hpp.

// Sends all `commands` to 127.0.0.1:`port` on one fresh connection (pipelined) and returns their
// replies in order: for commands that act on the connection, e.g. {{"ASKING"}, {"GET", key}} or
// {{"READONLY"}, {"GET", key}}. Throws std::runtime_error if the node cannot be reached or does not
// answer within 2 s; error replies are returned, not thrown.
std::vector<resp_reply> resp_pipeline(int port, const std::vector<std::vector<std::string>>& commands);

// The value of `name:` in an INFO text ("" when absent).
std::string info_field(const std::string& info, const std::string& name);
// The last `lines` lines of a file, indented, for failure messages.
std::string last_lines(const std::string& path, std::size_t lines);
// "exit status N" / "killed by signal N".
std::string describe_exit(int status);

}  // namespace typedis::test
