// The asynchronous client with plain callbacks: each handler receives (std::exception_ptr, T),
// the error without a throw.
//
//   async_callbacks [URL]      URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
#include <typedis/async.hpp>

#include <asio/io_context.hpp>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <string>

int main(int argc, char** argv) {
  const char* env_url = std::getenv("REDIS_URL");
  const std::string url = argc > 1 ? argv[1] : env_url ? env_url : "redis://127.0.0.1:6379";
  asio::io_context io;
  typedis::async_client c{io.get_executor(), url};
  const std::string key = "typedis:async:callbacks";
  int failures = 0;

  c.set(key, "41", [&](std::exception_ptr e, auto) {
    if (e) ++failures;
    c.incr(key, [&](std::exception_ptr e2, long long n) {
      std::cout << "INCR -> " << n << '\n';
      if (e2 || n != 42) ++failures;
      // An error reply reaches the callback as an exception_ptr: no throw, no try needed here.
      c.lpush(key, {"x"}, [&](std::exception_ptr e3, long long) {
        const typedis::error_info info = typedis::detail::error_info_of(e3);
        std::cout << "LPUSH on a string -> " << info.prefix << '\n';
        if (!e3 || info.prefix != "WRONGTYPE") ++failures;
        c.del(key, [&](std::exception_ptr, long long) { c.close(); });
      });
    });
  });
  io.run();
  if (failures) std::cerr << "unexpected reply\n";
  return failures == 0 ? 0 : 1;
}
