/// @file
/// A view of a client whose calls are marked safe to resend: `r.resend_safe().set(k, v)` is sent
/// again after a lost reply, where `r.set(k, v)` would report io_error (may_have_executed). Mark only
/// calls whose second run is harmless to you and whose second answer you accept (a plain SET of a
/// value you own; not SET NX, INCR or DEL whose answers describe the first run).
#pragma once

#include "typedis/call_options.hpp"
#include "typedis/command.hpp"
#include "typedis/mixins.hpp"

namespace typedis {

/// The same command mixins as the executor it wraps (Executor::mixin_set), user extensions included.
template <class Executor>
class resend_safe_executor : public Executor::mixin_set::template bases<resend_safe_executor<Executor>> {
 public:
  /// A view of `executor`, which must outlive it.
  explicit resend_safe_executor(Executor& executor) noexcept : executor_(&executor) {}

  /// Runs `cmd` on the executor, marked call_options::resend_safe.
  template <class T>
  T execute(const typedis::command<T>& cmd) {
    return executor_->execute(cmd, call_options{.resend_safe = true});
  }

 private:
  Executor* executor_;
};

}  // namespace typedis
