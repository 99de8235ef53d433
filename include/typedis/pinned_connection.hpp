// typedis::pinned_connection: one connection taken out of the client's pool for exclusive use, for
// what needs the same connection across calls: WATCH ... MULTI ... EXEC, CLIENT TRACKING, SELECT.
// Not thread-safe (one user at a time, like the connection itself). On destruction it goes back to
// the pool; if a WATCH is still active it is cleared first (UNWATCH), and a connection that cannot
// be cleared is discarded: the pool never hands out a connection in a watched state.
#pragma once

#include <memory>

#include "typedis/command.hpp"
#include "typedis/detail/batch.hpp"
#include "typedis/detail/function_ref.hpp"
#include "typedis/generated/command_methods.hpp"
#include "typedis/pipeline.hpp"
#include "typedis/script.hpp"

namespace typedis {

class client;

class pinned_connection : public command_methods<pinned_connection>, public script_methods<pinned_connection> {
 public:
  pinned_connection(pinned_connection&&) noexcept;
  pinned_connection& operator=(pinned_connection&&) noexcept;
  ~pinned_connection();

  template <class T>
  T execute(const typedis::command<T>& cmd) {
    T out{};
    execute_raw(cmd.bytes(), cmd.name(), [&](resp::reply_cursor& cursor) {
      cursor.set_request(cmd.bytes());
      decoder<T>::decode(cursor, out);
    });
    return out;
  }

  typedis::pipeline<> pipeline() { return typedis::pipeline<>(runner()); }
  typedis::transaction<> transaction() { return typedis::transaction<>(runner()); }

  // True between a WATCH and the EXEC, DISCARD or UNWATCH that ends it.
  bool watching() const noexcept;

  struct impl;

 private:
  friend class client;
  explicit pinned_connection(std::unique_ptr<impl> i);
  void execute_raw(std::string_view request, std::string_view name,
                   detail::function_ref<void(resp::reply_cursor&)> decode);
  detail::batch_runner& runner();

  std::unique_ptr<impl> impl_;
};

}  // namespace typedis
