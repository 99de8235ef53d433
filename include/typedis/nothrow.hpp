/// @file
/// A non-throwing view of an executor: every generated method returns typedis::result<T> instead of
/// throwing.  `if (auto v = r.nothrow().get("k"); v) use(*v); else log(v.error().message);`
#pragma once

#include <utility>

#include "typedis/command.hpp"
#include "typedis/mixins.hpp"
#include "typedis/result.hpp"

namespace typedis {

/// The same command mixins as the executor it wraps (Executor::mixin_set), user extensions included.
template <class Executor>
class nothrow_executor : public Executor::mixin_set::template bases<nothrow_executor<Executor>> {
 public:
  explicit nothrow_executor(Executor& executor) noexcept : executor_(&executor) {}

  template <class T>
  result<T> execute(const typedis::command<T>& cmd) {
    try {
      return result<T>(executor_->execute(cmd));
    } catch (...) {
      return error_info::current();
    }
  }

 private:
  Executor* executor_;
};

}  // namespace typedis
