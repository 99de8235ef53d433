// typedis::client: the synchronous, thread-safe client. It owns a bounded pool of connections to
// one server; every call checks one out, writes the request, reads the reply and decodes it
// straight from the read buffer into the requested type.
#pragma once

#include <memory>
#include <string_view>

#include "typedis/arg_range.hpp"
#include "typedis/client_options.hpp"
#include "typedis/command.hpp"
#include "typedis/detail/function_ref.hpp"
#include "typedis/generated/command_methods.hpp"
#include "typedis/nothrow.hpp"
#include "typedis/pinned_connection.hpp"
#include "typedis/pipeline.hpp"
#include "typedis/script.hpp"
#include "typedis/resp/reply_cursor.hpp"

namespace typedis {

struct pool_stats {
  std::size_t open = 0;    // connections that exist (idle + in use)
  std::size_t idle = 0;    // of which waiting in the pool
  std::size_t created = 0;  // connections opened since the client was made
  std::size_t discarded = 0;  // connections dropped as broken, expired or unhealthy
};

// Every Redis command is a method, generated once for all executors (typedis::command_methods).
class client : public command_methods<client>, public script_methods<client> {
 public:
  // A URL as described in <typedis/url.hpp>.
  explicit client(std::string_view url);
  explicit client(client_options options);
  ~client();
  client(client&&) noexcept;
  client& operator=(client&&) noexcept;
  client(const client&) = delete;
  client& operator=(const client&) = delete;

  // Runs one command and returns its decoded reply. Throws server_error for an error reply,
  // io_error/timeout_error for transport failures (the connection is then discarded),
  // decode_error when the reply does not fit T.
  template <class T>
  T execute(const typedis::command<T>& cmd) {  // qualified: command() is also a method
    T out{};
    execute_raw(cmd.bytes(), cmd.name(), cmd.info(), [&](resp::reply_cursor& cursor) {
      cursor.set_request(cmd.bytes());
      decoder<T>::decode(cursor, out);
    });
    return out;
  }

  // Any command, typed by the caller: r.command<long long>("INCR", "n"), and every Redis command
  // as a typed method (r.get, r.set, ...): see typedis::command_methods, generated from the spec.

  // A typed pipeline: r.pipeline().incr("n").get("k").exec() -> std::tuple<long long, std::optional<std::string>>.
  typedis::pipeline<> pipeline() { return typedis::pipeline<>(runner()); }

  // MULTI ... EXEC with typed results: r.transaction().set("k", "v").incr("n").exec(). On a pooled
  // connection; for WATCH use transaction_with_watch or pin().
  typedis::transaction<> transaction() { return typedis::transaction<>(runner()); }

  // One reply type, any number of commands (loops, 100,000-command batches).
  template <class T = resp::value>
  typedis::dynamic_pipeline<T> dynamic_pipeline() {
    return typedis::dynamic_pipeline<T>(runner());
  }

  // The same methods, returning typedis::result<T> instead of throwing.
  nothrow_executor<client> nothrow() noexcept { return nothrow_executor<client>(*this); }

  // A connection for exclusive use until the returned object is destroyed.
  pinned_connection pin();

  // Optimistic locking: WATCHes `keys` on a pinned connection, calls body(pinned_connection&),
  // which reads what it needs and returns the transaction to run (built with conn.transaction()),
  // and runs it. When a watched key changed meanwhile, it starts again, at most max_attempts times,
  // then throws watch_conflict_error. Returns the transaction's results.
  template <class Body>
  auto transaction_with_watch(arg_range<std::string_view> keys, Body&& body, int max_attempts = 16) {
    for (int attempt = 1;; ++attempt) {
      pinned_connection conn = pin();
      resp::writer watch;
      watch.bulk("WATCH");
      keys.for_each([&](std::string_view k) { watch.bulk(k); });
      conn.execute(typedis::command<ignore_t>(generic_command_info, std::move(watch)));
      auto tx = body(conn);
      auto outcome = tx.exec();
      if (outcome) return std::move(*outcome);
      if (attempt >= max_attempts)
        throw watch_conflict_error("transaction_with_watch: watched keys changed on each of " +
                                   std::to_string(max_attempts) + " attempts");
    }
  }

  const client_options& options() const noexcept;
  pool_stats stats() const;

  // Closes every idle connection; calls made afterwards throw closed_error.
  void close();

 private:
  void execute_raw(std::string_view request, std::string_view name, const command_info& info,
                   detail::function_ref<void(resp::reply_cursor&)> decode);
  detail::batch_runner& runner();

  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace typedis
