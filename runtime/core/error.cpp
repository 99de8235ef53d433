#include "typedis/error.hpp"

#include <string>

namespace typedis {
namespace {

std::string prefixed(std::string_view command, std::string_view text) {
  std::string out;
  if (!command.empty()) {
    out.append(command);
    out.append(": ");
  }
  out.append(text);
  return out;
}

std::string io_message(std::string_view command, std::string_view endpoint, std::string_view what, send_state state) {
  std::string out = prefixed(command, what);
  if (!endpoint.empty()) {
    out.append(" [");
    out.append(endpoint);
    out.append("]");
  }
  if (!command.empty())
    out.append(state == send_state::not_sent ? " (command not sent)" : " (command may have executed)");
  return out;
}

}  // namespace

server_error::server_error(std::string_view command, std::string_view reply_text)
    : error(prefixed(command, reply_text)), command_(command), message_(reply_text) {
  // The prefix is the first word when it is a code in capitals (ERR, WRONGTYPE, MOVED, NOSCRIPT...).
  const std::size_t end = reply_text.find(' ');
  const std::string_view first = reply_text.substr(0, end);
  bool code = !first.empty();
  for (char c : first)
    if (!((c >= 'A' && c <= 'Z') || c == '_' || (c >= '0' && c <= '9'))) code = false;
  if (code) prefix_ = std::string(first);
}

io_error::io_error(std::string_view command, std::string_view endpoint, std::string_view what, send_state state)
    : error(io_message(command, endpoint, what, state)), endpoint_(endpoint), state_(state) {}

timeout_error::timeout_error(std::string_view command, std::string_view endpoint, std::string_view what,
                             send_state state)
    : io_error(command, endpoint, what, state) {}

cancelled_error::cancelled_error(std::string_view command, std::string_view endpoint, send_state state)
    : io_error(command, endpoint, "cancelled", state) {}

decode_error::decode_error(std::string expected, std::string actual, std::string command)
    : error(prefixed(command, "cannot decode reply: expected " + expected + ", got " + actual)),
      expected_(std::move(expected)),
      actual_(std::move(actual)),
      command_(std::move(command)) {}

decode_error decode_error::with_command(std::string_view command) const {
  return decode_error(expected_, actual_, std::string(command));
}

}  // namespace typedis
