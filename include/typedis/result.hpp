/// @file
/// typedis::result<T>: a value or the error that took its place. What pipeline slots and the
/// non-throwing view (client::nothrow()) return, so one failing command does not lose the others.
#pragma once

#include <exception>
#include <string>
#include <utility>
#include <variant>

#include "typedis/error.hpp"

namespace typedis {

/// Which exception an error_info stands for.
enum class error_kind {
  server,        ///< server_error
  auth,          ///< auth_error
  io,            ///< io_error
  timeout,       ///< timeout_error
  protocol,      ///< protocol_error
  decode,        ///< decode_error
  closed,        ///< closed_error
  pool_timeout,  ///< pool_timeout_error
  other          ///< anything else
};

/// What went wrong, without throwing: the kind, the server's prefix for server errors (WRONGTYPE,
/// EXECABORT, ...), the message, and the original exception for rethrowing.
struct error_info {
  error_kind kind = error_kind::other;  ///< which exception
  std::string prefix;                   ///< server errors: the first word (WRONGTYPE, ...)
  std::string message;  ///< what() of the exception
  send_state state = send_state::may_have_executed;  ///< for io and timeout errors
  std::exception_ptr exception;  ///< the original exception

  /// Throws the original exception (or an error with the message).
  [[noreturn]] void rethrow() const {
    if (exception) std::rethrow_exception(exception);
    throw error(message);
  }

  /// Classifies the exception in flight (call inside a catch block).
  static error_info current();
  /// The error_info of a server error.
  static error_info from_server(const server_error& e);
};

/// A value or an error_info: what the nothrow executor and exec_results() return.
template <class T>
class result {
 public:
  using value_type = T;  ///< the value's type

  /// A value.
  result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
  /// An error.
  result(error_info e) : v_(std::in_place_index<1>, std::move(e)) {}  // NOLINT

  /// Whether it holds a value.
  bool has_value() const noexcept { return v_.index() == 0; }
  /// has_value().
  explicit operator bool() const noexcept { return has_value(); }

  /// The value, or the original exception rethrown.
  T& value() & {
    if (!has_value()) error().rethrow();
    return std::get<0>(v_);
  }
  /// The value, or the original exception rethrown.
  const T& value() const& {
    if (!has_value()) error().rethrow();
    return std::get<0>(v_);
  }
  /// The value, or the original exception rethrown.
  T&& value() && {
    if (!has_value()) error().rethrow();
    return std::get<0>(std::move(v_));
  }
  /// The value, or `fallback` when it holds an error.
  T value_or(T fallback) const& { return has_value() ? std::get<0>(v_) : std::move(fallback); }

  T& operator*() & { return value(); }                ///< value()
  const T& operator*() const& { return value(); }     ///< value()
  T* operator->() { return &value(); }                ///< &value()
  const T* operator->() const { return &value(); }    ///< &value()

  /// Precondition: !has_value().
  const error_info& error() const& { return std::get<1>(v_); }

 private:
  std::variant<T, error_info> v_;
};

}  // namespace typedis
