// The asynchronous client from ordinary threads: asio::use_future, with the io_context run by a
// background thread. future::get() rethrows the same typed exceptions as the synchronous client.
//
//   async_futures [URL]      URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
#include <typedis/async.hpp>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/use_future.hpp>

#include <cstdlib>
#include <future>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

int main(int argc, char** argv) {
  const char* env_url = std::getenv("REDIS_URL");
  const std::string url = argc > 1 ? argv[1] : env_url ? env_url : "redis://127.0.0.1:6379";
  asio::io_context io;
  auto work = asio::make_work_guard(io);
  std::thread loop([&] { io.run(); });
  int status = 0;
  {
    typedis::async_client c{io.get_executor(), url};
    const std::string key = "typedis:async:futures";
    c.del(key, asio::use_future).get();
    // Four threads, 250 requests each, one connection: the requests are pipelined together.
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        std::vector<std::future<long long>> replies;
        for (int i = 0; i < 250; ++i) replies.push_back(c.incr(key, asio::use_future));
        for (auto& f : replies) f.get();
      });
    for (auto& t : threads) t.join();
    const auto total = c.get(key, asio::use_future).get();
    std::cout << "4 threads x 250 INCR -> " << total.value_or("(nil)") << '\n';
    if (total != "1000") status = 1;
    try {
      c.lpush(key, {"x"}, asio::use_future).get();
      status = 1;
    } catch (const typedis::server_error& e) {
      std::cout << "LPUSH on a string -> " << e.prefix() << '\n';
    }
    const auto s = c.stats();
    std::cout << s.requests << " requests in " << s.writes << " writes\n";
    c.del(key, asio::use_future).get();
  }
  work.reset();
  loop.join();
  if (status) std::cerr << "unexpected reply\n";
  return status;
}
