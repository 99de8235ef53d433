/// @file
/// typedis::call_options: what one call on a client may say about itself, beyond its command.
#pragma once

namespace typedis {

/// Passed with a command: `r.execute(cmd, {.resend_safe = true})`; `r.resend_safe().incr(k)` is the
/// same for the generated methods.
struct call_options {
  /// The caller accepts that this command runs twice, and that it is then answered by the second
  /// run: after the reply was lost (an I/O error once the request was written) the client may send
  /// it again. Without the mark only read-only commands are resent; blocking commands never are.
  bool resend_safe = false;
};

}  // namespace typedis
