/// @file
/// The reply types most generated commands return (ok, long long, strings, their vectors and
/// optionals: 400 of the 500 core commands). command<T> and the executors' execute<T> for these
/// types are instantiated once in the library (runtime/sync/common_replies.cpp) and declared
/// `extern template` here and after each executor, so a user's translation unit neither
/// instantiates nor compiles them: about 0.7 s less for a file of 20 calls at -O0
/// (docs/generated-api.md, "Size and compile time").
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "typedis/command.hpp"
#include "typedis/generated/support.hpp"
#include "typedis/resp/value.hpp"

namespace typedis::detail {
// One token each, for the X-macro below (a macro argument cannot hold a bare comma).
using reply_string_map = std::unordered_map<std::string, std::string>;
using reply_scored_members = std::vector<std::pair<std::string, double>>;
}  // namespace typedis::detail

// X(T) for each common reply type. Only types every user TU already has: no module types.
#define TYPEDIS_COMMON_REPLIES(X)                  \
  X(typedis::ok)                                   \
  X(std::optional<typedis::ok>)                    \
  X(long long)                                     \
  X(std::optional<long long>)                      \
  X(std::vector<long long>)                        \
  X(std::vector<std::optional<long long>>)         \
  X(bool)                                          \
  X(double)                                        \
  X(std::optional<double>)                         \
  X(std::string)                                   \
  X(std::optional<std::string>)                    \
  X(std::vector<std::string>)                      \
  X(std::optional<std::vector<std::string>>)       \
  X(std::vector<std::optional<std::string>>)       \
  X(std::unordered_set<std::string>)               \
  X(typedis::detail::reply_string_map)             \
  X(typedis::detail::reply_scored_members)         \
  X(typedis::resp::value)

// Every typed call of these types builds a command<T>: its members are compiled in the library.
#define TYPEDIS_COMMAND_CLASS(T) extern template class typedis::command<T>;
TYPEDIS_COMMON_REPLIES(TYPEDIS_COMMAND_CLASS)
#undef TYPEDIS_COMMAND_CLASS
