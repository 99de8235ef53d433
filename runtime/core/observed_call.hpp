// Internal: the start and end events of one command for an observer. Executors create one only
// when an observer is set (the unobserved path stays a null check), tell it what each attempt
// sent and read, and end it with succeeded() or, inside a catch block, failed().
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "typedis/error.hpp"
#include "typedis/observer.hpp"

namespace typedis::detail {

// How the exception being handled ends a command (call inside a catch block only).
struct failure {
  command_outcome outcome = command_outcome::other_error;
  std::string prefix;  // server_error: the error's first word
  send_state state = send_state::not_sent;  // io_error
};

inline failure classify_current_exception() noexcept {
  failure f;
  try {
    throw;
  } catch (const server_error& e) {
    f.outcome = command_outcome::server_error;
    try {
      f.prefix = e.prefix();
    } catch (...) {  // no memory for a copy: the prefix stays empty
    }
  } catch (const io_error& e) {
    f.outcome = command_outcome::io_error;
    f.state = e.state();
  } catch (...) {
    f.outcome = command_outcome::other_error;
  }
  return f;
}

class observed_call {
 public:
  observed_call(observer& o, std::string_view command, std::string_view endpoint) noexcept
      : observer_(o), started_(std::chrono::steady_clock::now()) {
    event_.command = command;
    event_.endpoint = endpoint;
    event_.attempts = 0;
    observer_.on_command_start(command_start_event{command, endpoint, command_context::single});
  }
  observed_call(const observed_call&) = delete;
  observed_call& operator=(const observed_call&) = delete;
  // A call left without succeeded()/failed() (the executors never do) still ends.
  ~observed_call() {
    if (!ended_) end(command_outcome::other_error);
  }

  // One more attempt writes `request_bytes`; unsent() takes them back when it failed unsent.
  void attempt(std::size_t request_bytes) noexcept {
    ++event_.attempts;
    event_.bytes_out += request_bytes;
  }
  void unsent(std::size_t request_bytes) noexcept {
    event_.bytes_out -= request_bytes <= event_.bytes_out ? request_bytes : event_.bytes_out;
  }
  void received(std::size_t bytes) noexcept { event_.bytes_in += bytes; }

  void succeeded() noexcept { end(command_outcome::ok); }

  // Call from a catch block: ends the command with the exception being handled.
  void failed() noexcept {
    failure f = classify_current_exception();
    prefix_ = std::move(f.prefix);
    event_.error_prefix = prefix_;
    event_.io_state = f.state;
    end(f.outcome);
  }

 private:
  void end(command_outcome outcome) noexcept {
    ended_ = true;
    event_.outcome = outcome;
    event_.duration = std::chrono::steady_clock::now() - started_;
    observer_.on_command_end(event_);
  }

  observer& observer_;
  std::chrono::steady_clock::time_point started_;
  command_end_event event_;
  std::string prefix_;  // owns the error prefix the end event points at
  bool ended_ = false;
};

// A connection event (null observer: nothing).
inline void report(observer* o, connection_event_kind kind, std::string_view endpoint, std::string_view reason = {},
                   std::chrono::nanoseconds duration = {}) noexcept {
  if (o != nullptr) o->on_connection_event(connection_event{kind, endpoint, reason, duration});
}

}  // namespace typedis::detail
