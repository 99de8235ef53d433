// The generated typed API: every Redis command is a method with typed arguments, options and reply.
//
//   typed_commands [URL]      URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
#include <typedis/typedis.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

using namespace std::chrono_literals;

int main(int argc, char** argv) {
  const char* env_url = std::getenv("REDIS_URL");
  const std::string url = argc > 1 ? argv[1] : env_url ? env_url : "redis://127.0.0.1:6379";
  try {
    typedis::client r{url};
    const std::string user = "typedis:example:user:1";
    const std::string board = "typedis:example:board";
    r.del({user, board});

    // Options are a struct: a misspelt option or a wrong type does not compile.
    r.set(user, "ada", {.expiration = typedis::ex{30s}});
    std::optional<std::string> name = r.get(user);
    std::cout << "GET " << user << " -> " << name.value_or("(nil)") << '\n';

    // Repeated blocks are ranges of pairs (or initializer lists).
    r.zadd(board, {{10.0, "ada"}, {7.5, "bob"}, {12.25, "cy"}});
    for (const auto& [member, score] : r.zrange_withscores(board, "0", "-1"))
      std::cout << "  " << member << " " << score << '\n';

    long long removed = r.del({user, board});
    if (name != "ada" || removed != 2) {
      std::cerr << "unexpected reply\n";
      return 1;
    }
    return 0;
  } catch (const typedis::error& e) {
    std::cerr << "typedis error: " << e.what() << '\n';
    return 1;
  }
}
