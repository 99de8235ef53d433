// Internal: the per-command events of one pipeline or transaction for an observer. Every command
// of the batch starts when the batch does; each ends when its reply has been handled, except the
// commands queued between MULTI and EXEC, which end with EXEC's reply (their outcome is their
// element of EXEC's array; aborted when EXEC returns null or an error, or on DISCARD). Created
// only when an observer is set.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "typedis/detail/batch.hpp"
#include "typedis/observer.hpp"
#include "typedis/resp/reply_cursor.hpp"

namespace typedis::detail {

class observed_batch {
 public:
  observed_batch(observer& o, const batch& commands, std::string_view endpoint);
  observed_batch(const observed_batch&) = delete;
  observed_batch& operator=(const observed_batch&) = delete;
  ~observed_batch();  // ends what is still open (the executors never leave anything) as other_error

  void attempt() noexcept { ++attempts_; }
  // Before reply `index` goes to the caller's handler: notes its outcome (for EXEC, those of the
  // queued commands) without consuming it. `bytes`: the reply's size.
  void reply(std::size_t index, resp::reply_cursor& reply, std::size_t bytes) noexcept;
  // After the handler took reply `index` (still inside the read): ends it, and for EXEC or DISCARD
  // the commands it answers for.
  void replied(std::size_t index) noexcept;
  // Call from a catch block: ends every open command with the exception being handled.
  void failed() noexcept;

 private:
  struct slot {
    command_context context = command_context::pipeline;
    bool queued = false;  // between MULTI and EXEC: ends with EXEC's reply
    bool ended = false;
    std::size_t bytes_in = 0;
    command_outcome outcome = command_outcome::ok;
    std::string_view prefix;  // valid from reply() to the end of the read it came from
  };

  void end(std::size_t index, command_outcome outcome, std::string_view prefix, send_state state) noexcept;

  observer& observer_;
  const batch& commands_;
  std::string_view endpoint_;
  std::chrono::steady_clock::time_point started_;
  std::vector<slot> slots_;
  std::vector<std::size_t> queued_;  // commands of the open transaction that answered QUEUED
  bool in_multi_ = false;            // while replies are read: between MULTI and EXEC/DISCARD
  int attempts_ = 0;
};

}  // namespace typedis::detail
