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

enum class error_kind { server, auth, io, timeout, protocol, decode, closed, pool_timeout, other };

/// What went wrong, without throwing: the kind, the server's prefix for server errors (WRONGTYPE,
/// EXECABORT, ...), the message, and the original exception for rethrowing.
struct error_info {
  error_kind kind = error_kind::other;
  std::string prefix;
  std::string message;  ///< what() of the exception
  send_state state = send_state::may_have_executed;  ///< for io and timeout errors
  std::exception_ptr exception;

  [[noreturn]] void rethrow() const {
    if (exception) std::rethrow_exception(exception);
    throw error(message);
  }

  /// Classifies the exception in flight (call inside a catch block).
  static error_info current();
  static error_info from_server(const server_error& e);
};

template <class T>
class result {
 public:
  using value_type = T;

  result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
  result(error_info e) : v_(std::in_place_index<1>, std::move(e)) {}  // NOLINT

  bool has_value() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  /// The value, or the original exception rethrown.
  T& value() & {
    if (!has_value()) error().rethrow();
    return std::get<0>(v_);
  }
  const T& value() const& {
    if (!has_value()) error().rethrow();
    return std::get<0>(v_);
  }
  T&& value() && {
    if (!has_value()) error().rethrow();
    return std::get<0>(std::move(v_));
  }
  T value_or(T fallback) const& { return has_value() ? std::get<0>(v_) : std::move(fallback); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// Precondition: !has_value().
  const error_info& error() const& { return std::get<1>(v_); }

 private:
  std::variant<T, error_info> v_;
};

}  // namespace typedis
