// SET, GET and INCR through the generic command API.
//
//   basic [URL]      URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
#include <typedis/typedis.hpp>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

int main(int argc, char** argv) {
  const char* env_url = std::getenv("REDIS_URL");
  const std::string url = argc > 1 ? argv[1] : env_url ? env_url : "redis://127.0.0.1:6379";

  try {
    typedis::client r{url};

    // The template argument is the C++ type the reply is decoded into.
    const std::string ok = r.command<std::string>("SET", "typedis:example:greeting", "hello", "EX", "60");
    std::cout << "SET -> " << ok << '\n';

    // A missing key is a nil reply: ask for std::optional to receive it as std::nullopt.
    const std::optional<std::string> greeting =
        r.command<std::optional<std::string>>("GET", "typedis:example:greeting");
    std::cout << "GET -> " << greeting.value_or("(nil)") << '\n';

    r.command<long long>("DEL", "typedis:example:counter");
    long long hits = 0;
    for (int i = 0; i < 3; ++i) hits = r.command<long long>("INCR", "typedis:example:counter");
    std::cout << "INCR x3 -> " << hits << '\n';

    const std::optional<std::string> missing =
        r.command<std::optional<std::string>>("GET", "typedis:example:no-such-key");
    std::cout << "GET missing -> " << (missing ? *missing : "(nil)") << '\n';

    r.command<long long>("DEL", "typedis:example:greeting", "typedis:example:counter");

    if (greeting != "hello" || hits != 3 || missing) {
      std::cerr << "unexpected reply\n";
      return 1;
    }
    return 0;
  } catch (const typedis::error& e) {
    std::cerr << "typedis error: " << e.what() << '\n';
    return 1;
  }
}
