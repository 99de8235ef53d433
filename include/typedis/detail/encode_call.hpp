// Internal: how a generated mixin method hands its command to an executor. An executor that owns a
// write buffer (a pipeline, a transaction) declares `execute_encoded<T>(encode)` and has the command
// written straight into that buffer; every other executor gets a command<T>, built first.
#pragma once

#include <utility>

#include "typedis/command.hpp"
#include "typedis/resp/writer.hpp"

namespace typedis::detail {

template <class Executor, class T, class... Params, class... Args>
decltype(auto) call_encoder(Executor& e, encoded<T> (*encoder)(resp::writer&, Params...), Args&&... args) {
  auto encode = [&](resp::writer& w) { return encoder(w, std::forward<Args>(args)...); };
  if constexpr (requires { e.template execute_encoded<T>(encode); }) {
    return e.template execute_encoded<T>(encode);
  } else {
    resp::writer w;
    const encoded<T> done = encode(w);
    return e.execute(command<T>(done, std::move(w)));
  }
}

}  // namespace typedis::detail
