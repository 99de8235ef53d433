#include "typedis/detail/runtime_commands.hpp"

namespace typedis::detail {

// Function-local statics: built on first use (thread-safe initialisation).
const decltype(cmd::multi())& multi_command() {
  static const auto c = cmd::multi();
  return c;
}

const decltype(cmd::exec())& exec_command() {
  static const auto c = cmd::exec();
  return c;
}

const decltype(cmd::unwatch())& unwatch_command() {
  static const auto c = cmd::unwatch();
  return c;
}

const decltype(cmd::ping())& ping_command() {
  static const auto c = cmd::ping();
  return c;
}

}  // namespace typedis::detail
