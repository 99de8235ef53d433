// Typed module commands: RedisJSON (json_*), RediSearch (ft_*), RedisTimeSeries (ts_*) and Vector
// Sets (v*). Separate from <typedis/typedis.hpp> because JSON values are nlohmann::json, whose
// header is large.
//
//   #include <typedis/typedis.hpp>
//   #include <typedis/modules.hpp>
//   typedis::client r{"redis://localhost:6379"};
//   auto m = typedis::modules(r);               // any executor with execute(command<T>)
//   m.json_set("doc", "$", R"({"a":1})");
//   std::optional<nlohmann::json> v = m.json_get_paths("doc", {"$.a", "$.b"});
//   r.execute(typedis::cmd::ts_add("t", 1000, 21.5));   // the builders work directly too
#pragma once

#include <nlohmann/json.hpp>

#include "typedis/codec/json.hpp"
#include "typedis/command.hpp"
#include "typedis/generated/module_methods.hpp"
#include "typedis/generated/modules.hpp"

namespace typedis {

// The module methods bound to an executor (client, pinned connection, ...): forwards every
// typed module command to executor.execute(command).
template <class Executor>
class module_view : public module_methods<module_view<Executor>> {
 public:
  explicit module_view(Executor& e) noexcept : e_(&e) {}

  template <class T>
  decltype(auto) execute(const command<T>& c) {
    return e_->execute(c);
  }

 private:
  Executor* e_;
};

template <class Executor>
module_view<Executor> modules(Executor& e) noexcept {
  return module_view<Executor>(e);
}

}  // namespace typedis
