/// @file
/// typedis::call_options: what one call on a client may say about itself, beyond its command.
#pragma once

#include <string>

namespace typedis {

/// Passed with a command: `r.execute(cmd, {.resend_safe = true})`; `r.resend_safe().incr(k)` is the
/// same for the generated methods.
struct call_options {
  /// The caller accepts that this command runs twice, and that it is then answered by the second
  /// run: after the reply was lost (an I/O error once the request was written) the client may send
  /// it again. Without the mark only read-only commands are resent; blocking commands never are.
  bool resend_safe = false;
  /// typedis::client only: where a large bulk reply (from 256 KiB) is read, instead of the
  /// connection's buffer: its
  /// bytes land in this string's storage, with no second copy, and a std::string result (or
  /// std::optional<std::string>) then takes that storage, leaving the buffer empty. Hand it back
  /// (`buf = std::move(*v)`) and the next large reply reuses its capacity: no allocation, and
  /// none of the page faults that make fresh memory slow (docs/benchmarks.md, "Large values").
  /// Replies under 256 KiB, and results of other types, leave it unused or untouched by
  /// the result. Its contents are unspecified after a failed call.
  std::string* read_buffer = nullptr;
};

}  // namespace typedis
