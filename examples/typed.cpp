// The generated, typed command methods and a pipeline: options are structs, replies come back as
// the C++ type the command's spec declares (a typo in an option or a wrong type does not compile).
//
//   typed [URL]      URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
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
  const std::string user = "typedis:example:typed:user";
  const std::string hits = "typedis:example:typed:hits";

  try {
    typedis::client r{url};

    r.set(user, "ada", {.expiration = typedis::ex{30s}});
    const std::optional<std::string> name = r.get(user);
    std::cout << "get -> " << name.value_or("(nil)") << '\n';

    r.del({user + ":none", hits});
    // One round trip; the result type is std::tuple<long long, long long, std::optional<std::string>>.
    auto [first, second, again] = r.pipeline().incr(hits).incr(hits).get(user).exec();
    std::cout << "pipeline -> " << first << ", " << second << ", " << again.value_or("(nil)") << '\n';

    r.del({user, hits});

    if (name != "ada" || first != 1 || second != 2 || again != "ada") {
      std::cerr << "unexpected reply\n";
      return 1;
    }
    return 0;
  } catch (const typedis::error& e) {
    std::cerr << "typedis error: " << e.what() << '\n';
    return 1;
  }
}
