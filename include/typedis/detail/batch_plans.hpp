// Internal: batches as plans, free of I/O. A plan says what to send and how to read each reply by
// its index; a runner (a pooled client, a pinned connection, later an asio or cluster runner)
// only moves the bytes. Runner contract: every reply index is delivered exactly once, in any
// order; a plan keeps no reference to the runner and owns what it needs to interpret replies.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <vector>

#include "typedis/detail/batch.hpp"
#include "typedis/detail/function_ref.hpp"
#include "typedis/resp/reply_cursor.hpp"
#include "typedis/result.hpp"

namespace typedis::detail {

// The NOSCRIPT re-run of a finished batch: SCRIPT LOAD of each distinct script whose call failed
// with NOSCRIPT, then those calls again, in one more round trip.
class noscript_rerun {
 public:
  noscript_rerun(const batch& original, function_ref<bool(std::size_t)> failed_noscript);
  bool empty() const noexcept { return rerun_.empty(); }
  const batch& commands() const noexcept { return commands_; }
  // The original index of reply `i` of commands(), or nothing for a SCRIPT LOAD (whose failure
  // shows up again as the call's own error: skip it).
  std::optional<std::size_t> original_index(std::size_t i) const noexcept {
    if (i < loads_) return std::nullopt;
    return rerun_[i - loads_];
  }

 private:
  batch commands_;
  std::size_t loads_ = 0;
  std::vector<std::size_t> rerun_;  // original indices, in the order they are sent again
};

// MULTI/EXEC framing of a transaction: SCRIPT LOAD of its scripts (EXEC cannot fail with NOSCRIPT
// then), MULTI, the commands, EXEC; then what each framed reply means.
class transaction_framing {
 public:
  explicit transaction_framing(const batch& commands);
  const batch& framed() const noexcept { return framed_; }

  // Framed reply `framed_index`. Returns true when it is EXEC's array of one element per command,
  // with the cursor on its first element: the caller decodes them in order. Otherwise the reply
  // is consumed here (MULTI's OK, QUEUED or a rejection, a null or error EXEC).
  bool on_reply(std::size_t framed_index, resp::reply_cursor& reply);

  bool exec_arrived() const noexcept { return exec_arrived_; }
  bool aborted() const noexcept { return aborted_; }  // a WATCHed key changed: EXEC answered null
  const std::optional<error_info>& multi_error() const noexcept { return multi_error_; }
  const std::optional<error_info>& exec_error() const noexcept { return exec_error_; }
  // Command k's rejection while queued (EXECABORT), if any.
  const std::optional<error_info>& queued_error(std::size_t k) const noexcept { return queued_errors_[k]; }

 private:
  const batch& commands_;
  batch framed_;
  std::size_t loads_ = 0;
  std::vector<std::optional<error_info>> queued_errors_;
  std::optional<error_info> multi_error_;
  std::optional<error_info> exec_error_;
  bool aborted_ = false;
  bool exec_arrived_ = false;
};

}  // namespace typedis::detail
