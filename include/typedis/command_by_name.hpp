/// @file
/// typedis::command_by_name<Executor>: the generic `r.command<T>("NAME", args...)` of every executor,
/// for anything the spec does not cover. Not generated, so that a client composed of a few command
/// groups (docs/generated-api.md) keeps it.
#pragma once

#include <string_view>

#include "typedis/command.hpp"
#include "typedis/resp/value.hpp"

namespace typedis {

template <class Executor>
class command_by_name {
 public:
  /// Any command, typed by the caller: r.command<long long>("INCR", "n"). Its arguments are encoded
  /// by typedis::encoder. Nothing is known about it, so it is never retried after a write.
  template <class T = typedis::resp::value, class... Args>
  decltype(auto) command(std::string_view name, const Args&... args) {
    return static_cast<Executor&>(*this).execute(typedis::make_command<T>(typedis::generic_command_info, name, args...));
  }
};

}  // namespace typedis
