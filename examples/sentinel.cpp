// A client through Redis Sentinel: the sentinels name the primary of "mymaster" (or a replica),
// the client checks it with ROLE, and follows a failover on its own (docs/sentinel.md).
//
//   sentinel SENTINEL_URL      e.g. redis+sentinel://127.0.0.1:26379/mymaster
//                              (scripts/demo starts a sentinel beside its throwaway server)
#include <typedis/async.hpp>
#include <typedis/typedis.hpp>

#include <asio/io_context.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  const char* env_url = std::getenv("TYPEDIS_SENTINEL_URL");
  const std::string url = argc > 1 && std::string(argv[1]).find("+sentinel://") != std::string::npos ? argv[1]
                          : env_url                                                                ? env_url
                                                                                                   : "";
  if (url.empty()) {
    std::cerr << "usage: sentinel redis+sentinel://HOST:PORT[,HOST:PORT...]/MASTER\n";
    return 2;
  }
  try {
    // Writes and reads on the primary the sentinels name.
    typedis::client r{url};
    r.set("typedis:example:sentinel", "hello");
    std::cout << "GET via the primary -> " << r.get("typedis:example:sentinel").value_or("(nil)") << '\n';
    const auto role = r.command<typedis::resp::value>("ROLE");
    std::cout << "the node that answered says it is a " << role.elements.at(0).string << '\n';

    // The sentinel itself, for monitoring: its generated SENTINEL commands.
    const auto& first = r.options().sentinel->sentinels.front();
    typedis::sentinel s{"redis://" + first.host + ":" + std::to_string(first.port) + "?protocol=2"};
    const auto addr = s.sentinel_get_master_addr_by_name(r.options().sentinel->master_name);
    std::cout << "sentinel " << first.host << ":" << first.port << " names the primary "
              << (addr ? addr->first + ":" + addr->second : std::string("(unknown)")) << '\n';

    // The asynchronous client takes the same URL.
    asio::io_context io;
    typedis::async_client c{io.get_executor(), url};
    std::optional<std::string> v;
    c.get("typedis:example:sentinel", [&](std::exception_ptr e, std::optional<std::string> got) {
      if (!e) v = std::move(got);
      c.close();
    });
    io.run();
    std::cout << "async GET via the primary -> " << v.value_or("(nil)") << '\n';
    r.del("typedis:example:sentinel");
    if (v != "hello" || role.elements.at(0).string != "master") {
      std::cerr << "unexpected reply\n";
      return 1;
    }
  } catch (const typedis::error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
