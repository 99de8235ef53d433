/// @file
/// typedis::pinned_connection: one connection taken out of the client's pool for exclusive use, for
/// what needs the same connection across calls: WATCH ... MULTI ... EXEC, CLIENT TRACKING, SELECT.
/// Not thread-safe (one user at a time, like the connection itself).
///
/// The commands that change a connection's state (spec flag `connection_state: pinned`: SELECT,
/// WATCH, UNWATCH, CLIENT REPLY, CLIENT TRACKING, READONLY, HELLO, AUTH, RESET, ...) are methods here
/// and nowhere on the pooled client. On destruction the connection goes back to the pool: a WATCH
/// still active is cleared first (UNWATCH); a connection whose state was changed otherwise (or that
/// cannot be cleared) is discarded, so the pool never hands out a connection in a changed state.
#pragma once

#include <memory>

#include "typedis/command.hpp"
#include "typedis/detail/batch.hpp"
#include "typedis/detail/common_replies.hpp"
#include "typedis/detail/function_ref.hpp"
#include "typedis/generated/connection_state_commands.hpp"
#include "typedis/mixins.hpp"
#include "typedis/pipeline.hpp"
#include "typedis/script.hpp"

namespace typedis {

class client_base;

/// What every pinned connection is, whatever its command methods.
class pinned_connection_base {
 public:
  pinned_connection_base(pinned_connection_base&&) noexcept;
  pinned_connection_base& operator=(pinned_connection_base&&) noexcept;
  ~pinned_connection_base();

  template <class T>
  T execute(const typedis::command<T>& cmd) {
    T out{};
    execute_raw(cmd.bytes(), cmd.name(), cmd.info(), [&](resp::reply_cursor& cursor) {
      cursor.set_request(cmd.bytes());
      decoder<T>::decode(cursor, out);
    });
    return out;
  }

  /// True between a WATCH and the EXEC, DISCARD or UNWATCH that ends it.
  bool watching() const noexcept;
  /// True once a command changed the connection's state beyond a WATCH (SELECT, CLIENT REPLY, ...):
  /// the connection is then discarded instead of going back to the pool.
  bool state_changed() const noexcept;

  struct impl;

 protected:
  detail::batch_runner& runner();

 private:
  friend class client_base;
  friend class cluster_client_base;
  explicit pinned_connection_base(std::unique_ptr<impl> i);
  void execute_raw(std::string_view request, std::string_view name, const command_info& info,
                   detail::function_ref<void(resp::reply_cursor&)> decode);

  std::unique_ptr<impl> impl_;
};

// Compiled once in the library for the common reply types (typedis/detail/common_replies.hpp).
#define TYPEDIS_PINNED_EXECUTE(T) extern template T pinned_connection_base::execute<T>(const typedis::command<T>&);
TYPEDIS_COMMON_REPLIES(TYPEDIS_PINNED_EXECUTE)
#undef TYPEDIS_PINNED_EXECUTE

/// A pinned connection with the command mixins Ms (those of the client it came from) and the
/// connection-state commands.
template <template <class> class... Ms>
class basic_pinned_connection : public pinned_connection_base,
                                public mixins<Ms...>::template bases<basic_pinned_connection<Ms...>>,
                                public connection_state_commands<basic_pinned_connection<Ms...>>,
                                public script_methods<basic_pinned_connection<Ms...>> {
 public:
  using mixin_set = mixins<Ms...>;

  explicit basic_pinned_connection(pinned_connection_base&& base) noexcept
      : pinned_connection_base(std::move(base)) {}

  using pinned_connection_base::execute;

  typedis::pipeline<mixin_set> pipeline() { return typedis::pipeline<mixin_set>(runner()); }
  typedis::transaction<mixin_set> transaction() { return typedis::transaction<mixin_set>(runner()); }
};

}  // namespace typedis
