// The asynchronous client in coroutines: typed commands, a pipeline, a transaction, a timeout and
// 100 coroutines sharing one connection.
//
//   async_coroutines [URL]      URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
#include <typedis/async.hpp>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/use_awaitable.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

using namespace std::chrono_literals;

namespace {

asio::awaitable<int> run(typedis::async_client& c) {
  constexpr auto use = asio::use_awaitable;
  co_await c.set("typedis:async:greeting", "hello", {.expiration = typedis::ex{60s}}, use);
  const std::optional<std::string> greeting = co_await c.get("typedis:async:greeting", use);
  std::cout << "GET -> " << greeting.value_or("(nil)") << '\n';

  // Every coroutine's INCR shares the one connection: they are written together.
  co_await c.del("typedis:async:counter", use);
  int done = 0;
  for (int i = 0; i < 100; ++i)
    asio::co_spawn(
        c.get_executor(),
        [&]() -> asio::awaitable<void> {
          co_await c.incr("typedis:async:counter", use);
          ++done;
        },
        asio::detached);
  while (done < 100) co_await c.ping(use);  // each round trip lets the others finish
  const auto [hits, text] = co_await c.pipeline().get("typedis:async:counter").strlen("typedis:async:greeting").async_exec(use);
  std::cout << "100 coroutines, INCR -> " << hits.value_or("?") << ", STRLEN -> " << text << '\n';

  const auto tx = co_await c.transaction().incr("typedis:async:counter").expire("typedis:async:counter", 60s).async_exec(use);
  std::cout << "MULTI/EXEC -> " << (tx ? std::get<0>(*tx) : -1) << '\n';

  // A deadline per request: the server sleeps longer than we wait.
  bool timed_out = false;
  try {
    const std::string seconds = "0.3";
    co_await c.with_timeout(100ms).debug("SLEEP", {.args = seconds}, use);
  } catch (const typedis::timeout_error& e) {
    timed_out = true;
    std::cout << "timeout -> " << e.what() << '\n';
  } catch (const typedis::server_error& e) {
    timed_out = true;  // DEBUG is disabled on this server: the point is made either way
    std::cout << "DEBUG not allowed here: " << e.what() << '\n';
  }
  const std::vector<std::string> keys{"typedis:async:greeting", "typedis:async:counter"};
  co_await c.del(keys, use);
  co_return greeting == "hello" && hits == "100" && tx && std::get<0>(*tx) == 101 && timed_out ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const char* env_url = std::getenv("REDIS_URL");
  const std::string url = argc > 1 ? argv[1] : env_url ? env_url : "redis://127.0.0.1:6379";
  asio::io_context io;
  typedis::async_client c{io.get_executor(), url};
  int status = 1;
  asio::co_spawn(io, run(c), [&](std::exception_ptr e, int s) {
    status = s;
    if (e) {
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& x) {
        std::cerr << "error: " << x.what() << '\n';
      }
      status = 1;
    }
    c.close();
  });
  io.run();
  if (status != 0) std::cerr << "unexpected reply\n";
  return status;
}
