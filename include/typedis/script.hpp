/// @file
/// Lua scripts and functions with typed results.
///
///   typedis::script add{"return redis.call('INCRBY', KEYS[1], ARGV[1])"};
///   long long v = r.run_script<long long>(add, {"counter"}, {"5"});
///   auto [a, b] = r.pipeline().run_script<long long>(add, {"k"}, {"1"}).get("k").exec();
///
/// A script is sent as EVALSHA. When the server does not know it (NOSCRIPT: first use, a restart,
/// SCRIPT FLUSH), it is loaded with SCRIPT LOAD and the call is repeated, transparently, in pipelines
/// too; transactions load their scripts before MULTI, so EXEC never fails for that reason. Keys and
/// arguments are separate ranges (numkeys is computed), so cluster routing sees the keys.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "typedis/arg_range.hpp"
#include "typedis/command.hpp"
#include "typedis/error.hpp"
#include "typedis/generated/scripting.hpp"

namespace typedis {

class script {
 public:
  explicit script(std::string source);

  const std::string& source() const noexcept { return data_->source; }
  const std::string& sha1() const noexcept { return data_->sha1; }  // lower-case hex, as Redis prints it

  /// The EVALSHA (or EVALSHA_RO) command for these keys and arguments: the generated builder's
  /// request and command_info (key specs, flags), typed T.
  template <class T = resp::value>
  typedis::command<T> evalsha(arg_range<std::string_view> keys = {}, arg_range<std::string_view> args = {},
                              bool read_only = false) const {
    if (read_only) return cmd::evalsha_ro(sha1(), {.key = keys, .arg = args}).template with_reply<T>();
    return cmd::evalsha(sha1(), {.key = keys, .arg = args}).template with_reply<T>();
  }

  /// `SCRIPT LOAD <source>`
  typedis::command<std::string> load() const;

  /// Shared by every copy: a script can be copied freely and outlive the objects that used it.
  struct data {
    std::string source;
    std::string sha1;
  };
  const std::shared_ptr<const data>& shared() const noexcept { return data_; }

 private:
  std::shared_ptr<const data> data_;
};

/// FCALL / FCALL_RO with a typed reply: r.execute(typedis::fcall<long long>("myfunc", {"k"}, {"1"})).
/// The generated builders' requests and command_info (key specs for routing, flags), typed T.
template <class T = resp::value>
typedis::command<T> fcall(std::string_view function, arg_range<std::string_view> keys = {},
                          arg_range<std::string_view> args = {}) {
  return cmd::fcall(function, {.key = keys, .arg = args}).template with_reply<T>();
}

template <class T = resp::value>
typedis::command<T> fcall_ro(std::string_view function, arg_range<std::string_view> keys = {},
                             arg_range<std::string_view> args = {}) {
  return cmd::fcall_ro(function, {.key = keys, .arg = args}).template with_reply<T>();
}

/// run_script for executors whose execute() returns the reply (client, pinned_connection): EVALSHA,
/// and on NOSCRIPT a SCRIPT LOAD and the call once more. (Pipelines and transactions have their own,
/// which extends their result tuple.)
template <class Executor>
class script_methods {
 public:
  template <class T = resp::value>
  T run_script(const script& s, arg_range<std::string_view> keys = {}, arg_range<std::string_view> args = {}) {
    Executor& self = static_cast<Executor&>(*this);
    try {
      return self.execute(s.evalsha<T>(keys, args));
    } catch (const server_error& e) {
      if (e.prefix() != "NOSCRIPT") throw;
    }
    self.execute(s.load());
    return self.execute(s.evalsha<T>(keys, args));
  }
};

}  // namespace typedis
