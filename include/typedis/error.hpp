/// @file
/// The exception hierarchy of the synchronous API. Every message names the command and, for I/O,
/// the endpoint; none ever contains a password or other argument value.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace typedis {

/// Base of every exception typedis throws.
class error : public std::runtime_error {
 public:
  /// `what` is the whole message.
  explicit error(const std::string& what) : std::runtime_error(what) {}
};

/// The server answered with an error reply. `prefix()` is its first word (WRONGTYPE, MOVED, NOSCRIPT,
/// ERR, ...), `message()` the whole error text as the server sent it (prefix included).
class server_error : public error {
 public:
  /// The error reply `reply_text` to `command`.
  server_error(std::string_view command, std::string_view reply_text);
  /// The error's first word: WRONGTYPE, MOVED, NOSCRIPT, ERR, ...
  const std::string& prefix() const noexcept { return prefix_; }
  /// The whole error text as the server sent it.
  const std::string& message() const noexcept { return message_; }
  /// The command's name.
  const std::string& command() const noexcept { return command_; }

 private:
  std::string command_;
  std::string prefix_;
  std::string message_;
};

/// Authentication failed (WRONGPASS, NOPERM during the handshake, or "invalid password").
class auth_error : public server_error {
 public:
  using server_error::server_error;
};

/// Whether a failed command could have reached the server: decides whether a retry is safe.
enum class send_state {
  not_sent,           ///< failed before any byte of the command was written
  may_have_executed,  ///< some or all bytes were written; the server may have run it
};

/// A socket, TLS or name-resolution failure.
class io_error : public error {
 public:
  /// `command` failed on `endpoint` for the reason `what`.
  io_error(std::string_view command, std::string_view endpoint, std::string_view what,
           send_state state = send_state::may_have_executed);
  /// The server ("host:port" or the unix socket), never with credentials.
  const std::string& endpoint() const noexcept { return endpoint_; }
  /// Whether the command was not sent or may have executed: decides whether a retry is safe.
  send_state state() const noexcept { return state_; }

 protected:
  /// For subclasses that build their own message.
  io_error(std::string full_message, std::string endpoint, send_state state)
      : error(full_message), endpoint_(std::move(endpoint)), state_(state) {}

 private:
  std::string endpoint_;
  send_state state_;
};

/// A connect, read or write deadline passed.
class timeout_error : public io_error {
 public:
  /// As io_error.
  timeout_error(std::string_view command, std::string_view endpoint, std::string_view what,
                send_state state = send_state::may_have_executed);
};

/// An asynchronous request cancelled by its caller (asio cancellation, an awaitable operator
/// that lost a race). state() says whether it was written: a written request keeps its place on
/// the connection and its reply is read and discarded.
class cancelled_error : public io_error {
 public:
  /// `command` was cancelled on `endpoint`; `state`: whether it had been written.
  cancelled_error(std::string_view command, std::string_view endpoint, send_state state);
};

/// A cluster command whose keys hash to different slots and that cannot be cut into one command
/// per slot: refused before anything is sent. The message names each key and its slot.
class cross_slot_error : public error {
 public:
  /// `what` is the whole message.
  explicit cross_slot_error(const std::string& what) : error(what) {}
};

/// No pooled connection became free before the checkout deadline.
class pool_timeout_error : public error {
 public:
  /// `what` is the whole message.
  explicit pool_timeout_error(const std::string& what) : error(what) {}
};

/// The bytes from the server are not valid RESP, or break a configured limit.
class protocol_error : public error {
 public:
  /// `what` is the whole message.
  explicit protocol_error(const std::string& what) : error(what) {}
};

/// A well-formed reply does not fit the requested C++ type.
class decode_error : public error {
 public:
  /// The reply was `actual` where `expected` was needed, in the reply of `command`.
  decode_error(std::string expected, std::string actual, std::string command = {});
  /// What the C++ type needed.
  const std::string& expected() const noexcept { return expected_; }
  /// What the reply held.
  const std::string& actual() const noexcept { return actual_; }
  /// The command's name (empty when not known yet).
  const std::string& command() const noexcept { return command_; }
  /// The same error with the command's name filled in (decoders do not know it).
  decode_error with_command(std::string_view command) const;

 private:
  std::string expected_;
  std::string actual_;
  std::string command_;
};

/// The client or connection was closed, or the server closed the connection.
class closed_error : public error {
 public:
  /// `what` is the whole message.
  explicit closed_error(const std::string& what) : error(what) {}
};

/// transaction_with_watch gave up: the watched keys changed on every attempt.
class watch_conflict_error : public error {
 public:
  /// `what` is the whole message.
  explicit watch_conflict_error(const std::string& what) : error(what) {}
};

/// A URL or option is malformed or unknown; the message names it.
class config_error : public error {
 public:
  /// `what` is the whole message.
  explicit config_error(const std::string& what) : error(what) {}
};

}  // namespace typedis
