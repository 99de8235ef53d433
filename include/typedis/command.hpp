/// @file
/// typedis::command<T>: one encoded request, its static metadata, and (through T) its decoder.
/// Building a command does no I/O; any executor (client, pipeline, pinned connection) can run it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <utility>

#include "typedis/codec/decode.hpp"
#include "typedis/codec/encode.hpp"
#include "typedis/detail/byte_buffer.hpp"
#include "typedis/resp/writer.hpp"

namespace typedis {

/// Command flags, from the spec (COMMAND INFO flags plus the project's own).
enum class command_flag : std::uint32_t {
  none = 0,
  readonly = 1u << 0,
  write = 1u << 1,
  denyoom = 1u << 2,
  admin = 1u << 3,
  pubsub = 1u << 4,
  noscript = 1u << 5,
  blocking = 1u << 6,
  loading = 1u << 7,
  stale = 1u << 8,
  fast = 1u << 9,
  no_auth = 1u << 10,
  no_multi = 1u << 11,
  allow_busy = 1u << 12,
  /// A second run leaves the data as one run would (readonly commands, SET without GET, DEL, ...).
  /// Not a licence to resend after a lost reply: the second run's *answer* may differ (SET NX, DEL);
  /// the retry policy resends only `readonly` commands or calls marked resend_safe.
  idempotent = 1u << 13,
  /// Its reply arrives later or never on this connection (SUBSCRIBE, MONITOR): not for the pool.
  no_reply = 1u << 14,
  /// Changes the connection's state (SELECT, WATCH, MULTI, CLIENT REPLY, HELLO, ...; spec field
  /// `connection_state`): refused by the pooled client, discards a pinned connection on release.
  connection_state = 1u << 15,
};

constexpr command_flag operator|(command_flag a, command_flag b) noexcept {
  return static_cast<command_flag>(static_cast<std::uint32_t>(a) | static_cast<std::uint32_t>(b));
}
constexpr bool has_flag(command_flag set, command_flag f) noexcept {
  return (static_cast<std::uint32_t>(set) & static_cast<std::uint32_t>(f)) != 0;
}

/// Where the keys are among the arguments (argument 0 is the command name), as COMMAND INFO's key
/// specs describe them. Enough for cluster routing.
struct key_spec {
  enum class kind : std::uint8_t {
    range,   // keys from `first` to `last` (negative: counted from the end) every `step`
    keynum,  // the argument at `first` holds the key count; keys start `key_offset` after it
  };
  kind search = kind::range;
  int first = 1;
  int last = 1;
  int step = 1;
  int key_offset = 1;
  /// begin_search by keyword (e.g. STREAMS in XREAD): the keyword to look for from `first`, and which
  /// direction; empty when the start is a fixed index.
  std::string_view keyword{};
  int limit = 0;  ///< range with last = -1: keep only count/limit keys (0 = no limit)
};

/// Static facts about a command. Generated commands point at a constexpr instance.
struct command_info {
  std::string_view name;            ///< "GET", "CLIENT KILL"
  command_flag flags = command_flag::none;
  std::span<const key_spec> keys{};
  std::string_view request_policy{};   ///< cluster tips: "all_shards", "all_nodes", "multi_shard", ...
  std::string_view response_policy{};  ///< "agg_sum", "all_succeeded", "one_succeeded", ...
  /// Which servers have the command, from the spec ("redis >= 8.6.0", "valkey >= 9.0.0",
  /// "redis (module json)"): added to the "unknown command" error of a server that lacks it.
  std::string_view availability{};
};

/// The metadata of commands sent through the generic `client.command<T>("NAME", ...)`: nothing is
/// known about them, so they are never retried after a possible execution.
inline constexpr command_info generic_command_info{};

namespace detail {
/// The name in a request, for messages: the first bulk string (a generic command has no static name).
std::string_view first_argument(std::string_view request) noexcept;
}  // namespace detail

/// What a generated encoder (`typedis::cmd::encoders::get(w, key)`) returns after writing a command's
/// arguments into a resp::writer: the command's static facts, and through T its reply type. The
/// executors that own a buffer (pipelines, transactions) encode a method's command straight into it.
template <class T>
class encoded {
 public:
  using result_type = T;
  constexpr explicit encoded(const command_info& info) noexcept : info_(&info) {}
  constexpr const command_info& info() const noexcept { return *info_; }

 private:
  const command_info* info_;
};

template <class T>
class command {
 public:
  using result_type = T;

  command(encoded<T> e, resp::writer&& w) : command(e.info(), std::move(w)) {}
  command(const command_info& info, resp::writer&& w) : info_(&info) {
    start_ = w.finish();
    argc_ = w.argc();
    buffer_ = std::move(w.buffer());
  }

  /// The request exactly as written to the socket.
  std::string_view bytes() const noexcept { return buffer_.view().substr(start_); }
  const command_info& info() const noexcept { return *info_; }
  std::size_t argc() const noexcept { return argc_; }
  std::string_view name() const noexcept {
    return info_->name.empty() ? detail::first_argument(bytes()) : info_->name;
  }

  // The same request and command_info with another reply type: typed forms of a generated builder
  // whose reply the command does not fix (typedis::fcall<T>, script::evalsha<T>). Moves the
  // bytes; no copy.
  template <class U>
  command<U> with_reply() && {
    return command<U>(*info_, std::move(buffer_), start_, argc_);
  }

 private:
  template <class>
  friend class command;

  command(const command_info& info, detail::byte_buffer&& buffer, std::size_t start, std::size_t argc)
      : buffer_(std::move(buffer)), start_(start), argc_(argc), info_(&info) {}

  detail::byte_buffer buffer_;
  std::size_t start_ = 0;
  std::size_t argc_ = 0;
  const command_info* info_;
};

namespace detail {
/// "CLIENT KILL" is sent as two arguments.
inline void write_command_name(resp::writer& w, std::string_view name) {
  while (!name.empty()) {
    const std::size_t space = name.find(' ');
    if (space != 0) w.bulk(name.substr(0, space));
    if (space == std::string_view::npos) break;
    name.remove_prefix(space + 1);
  }
}
}  // namespace detail

/// Builds a command from a name ("GET", or "CONFIG GET" for a subcommand) and arguments; each
/// argument goes through typedis::encoder.
template <class T, class... Args>
command<T> make_command(const command_info& info, std::string_view name, const Args&... args) {
  resp::writer w;
  detail::write_command_name(w, name);
  (typedis::encode(w, args), ...);
  return command<T>(info, std::move(w));
}

}  // namespace typedis
