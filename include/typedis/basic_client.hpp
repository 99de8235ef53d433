/// @file
/// typedis::basic_client<Ms...>: the synchronous, thread-safe client, with the command methods of the
/// mixins Ms (typedis::mixins). It owns a bounded pool of connections to one server; every call checks
/// one out, writes the request, reads the reply and decodes it straight from the read buffer into the
/// requested type. typedis::client (<typedis/client.hpp>) is basic_client<typedis::all_commands>;
/// a client of a few command groups, or with a user extension, is another basic_client:
///
///   typedis::basic_client<typedis::all_commands, acme::commands> r{url};    // + typedis_add_commands
///   typedis::basic_client<typedis::string_commands, typedis::hash_commands> s{url};  // only these
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "typedis/arg_range.hpp"
#include "typedis/call_options.hpp"
#include "typedis/client_options.hpp"
#include "typedis/command.hpp"
#include "typedis/detail/common_replies.hpp"
#include "typedis/detail/function_ref.hpp"
#include "typedis/mixins.hpp"
#include "typedis/nothrow.hpp"
#include "typedis/pinned_connection.hpp"
#include "typedis/pipeline.hpp"
#include "typedis/pool_stats.hpp"
#include "typedis/resend_safe.hpp"
#include "typedis/script.hpp"
#include "typedis/resp/reply_cursor.hpp"

namespace typedis {

/// The pool and execute(): everything of a client that does not depend on its command methods.
class client_base {
 public:
  /// A URL as described in <typedis/url.hpp>.
  explicit client_base(std::string_view url);
  explicit client_base(client_options options);
  ~client_base();
  client_base(client_base&&) noexcept;
  client_base& operator=(client_base&&) noexcept;
  client_base(const client_base&) = delete;
  client_base& operator=(const client_base&) = delete;

  /// Runs one command and returns its decoded reply. Throws server_error for an error reply,
  /// io_error/timeout_error for transport failures (the connection is then discarded),
  /// decode_error when the reply does not fit T, std::logic_error for a command that would change
  /// the pooled connection's state (SELECT, WATCH, MULTI, SUBSCRIBE, ...: use pin() or a subscriber).
  /// `options` marks the call (call_options::resend_safe: may be sent again after a lost reply).
  template <class T>
  T execute(const typedis::command<T>& cmd, const call_options& options = {}) {  ///< qualified: command() is also a method
    T out{};
    execute_raw(cmd.bytes(), cmd.name(), cmd.info(), options, [&](resp::reply_cursor& cursor) {
      cursor.set_request(cmd.bytes());
      decoder<T>::decode(cursor, out);
    });
    return out;
  }

  /// One reply type, any number of commands (loops, 100,000-command batches).
  template <class T = resp::value>
  typedis::dynamic_pipeline<T> dynamic_pipeline() {
    return typedis::dynamic_pipeline<T>(runner());
  }

  const client_options& options() const noexcept;
  pool_stats stats() const;

  /// Closes every idle connection; calls made afterwards throw closed_error.
  void close();

 protected:
  detail::batch_runner& runner();
  pinned_connection_base pin_connection();

 private:
  void execute_raw(std::string_view request, std::string_view name, const command_info& info,
                   const call_options& options, detail::function_ref<void(resp::reply_cursor&)> decode);

  struct impl;
  std::unique_ptr<impl> impl_;
};

// Compiled once in the library for the common reply types, not in every caller's file.
#define TYPEDIS_CLIENT_EXECUTE(T) \
  extern template T client_base::execute<T>(const typedis::command<T>&, const call_options&);
TYPEDIS_COMMON_REPLIES(TYPEDIS_CLIENT_EXECUTE)
#undef TYPEDIS_CLIENT_EXECUTE

/// Every Redis command is a method (r.get, r.set, ...), generated from the spec into the mixins Ms;
/// and any command by name: r.command<long long>("INCR", "n").
template <template <class> class... Ms>
class basic_client : public client_base,
                     public mixins<Ms...>::template bases<basic_client<Ms...>>,
                     public script_methods<basic_client<Ms...>> {
 public:
  using mixin_set = mixins<Ms...>;
  using pinned_connection = basic_pinned_connection<Ms...>;

  using client_base::client_base;
  using client_base::execute;

  /// One reply type, any number of commands, with this client's command methods:
  /// `auto p = r.dynamic_pipeline<long long>(); for (auto& k : keys) p.incr(k); auto v = p.exec();`
  template <class T = resp::value>
  typedis::dynamic_pipeline<T, mixin_set> dynamic_pipeline() {
    return typedis::dynamic_pipeline<T, mixin_set>(runner());
  }

  /// A typed pipeline: r.pipeline().incr("n").get("k").exec() -> std::tuple<long long, std::optional<std::string>>.
  typedis::pipeline<mixin_set> pipeline() { return typedis::pipeline<mixin_set>(runner()); }

  /// MULTI ... EXEC with typed results: r.transaction().set("k", "v").incr("n").exec(). On a pooled
  /// connection; for WATCH use transaction_with_watch or pin().
  typedis::transaction<mixin_set> transaction() { return typedis::transaction<mixin_set>(runner()); }

  /// The same methods, returning typedis::result<T> instead of throwing.
  nothrow_executor<basic_client> nothrow() noexcept { return nothrow_executor<basic_client>(*this); }

  /// The same methods, each call marked safe to resend after a lost reply (call_options::resend_safe):
  /// r.resend_safe().set(k, v). See docs/pipelines-transactions-scripts.md, "Retries".
  resend_safe_executor<basic_client> resend_safe() noexcept { return resend_safe_executor<basic_client>(*this); }

  /// A connection for exclusive use until the returned object is destroyed; it has the
  /// connection-state commands (select, watch, ...) as well.
  pinned_connection pin() { return pinned_connection(pin_connection()); }

  /// Optimistic locking: WATCHes `keys` on a pinned connection, calls body(pinned_connection&),
  /// which reads what it needs and returns the transaction to run (built with conn.transaction()),
  /// and runs it. When a watched key changed meanwhile, it starts again, at most max_attempts times,
  /// then throws watch_conflict_error. Returns the transaction's results.
  template <class Body>
  auto transaction_with_watch(arg_range<std::string_view> keys, Body&& body, int max_attempts = 16) {
    for (int attempt = 1;; ++attempt) {
      pinned_connection conn = pin();
      conn.watch(keys);
      auto tx = body(conn);
      auto outcome = tx.exec();
      if (outcome) return std::move(*outcome);
      if (attempt >= max_attempts)
        throw watch_conflict_error("transaction_with_watch: watched keys changed on each of " +
                                   std::to_string(max_attempts) + " attempts");
    }
  }
};

}  // namespace typedis
