// The program every consumer test builds: connect to TYPEDIS_TEST_URL, SET a unique key, GET it
// back and compare. Exit 0 on success, 1 on mismatch or error, 77 when there is no server to use.
#include <typedis/typedis.hpp>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <string>

#include <unistd.h>

#ifndef TYPEDIS_CONSUMER_KIND
#define TYPEDIS_CONSUMER_KIND "unknown"
#endif

int main() {
  const char* url = std::getenv("TYPEDIS_TEST_URL");
  if (url == nullptr || *url == '\0') {
    std::cout << "TYPEDIS_TEST_URL is not set; nothing to connect to\n";
    return 77;
  }
  try {
    typedis::client r{url};
    // pid + clock: consumer tests of several build trees may share one server.
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    const std::string key = std::string{"typedis:consumer:"} + TYPEDIS_CONSUMER_KIND + ":" +
                            std::to_string(::getpid()) + ":" + std::to_string(now);
    const std::string value = "value-" + std::to_string(now);

    r.command<std::string>("SET", key, value, "EX", "60");
    const std::optional<std::string> got = r.command<std::optional<std::string>>("GET", key);
    r.command<long long>("DEL", key);

    if (!got || *got != value) {
      std::cerr << TYPEDIS_CONSUMER_KIND << ": GET returned "
                << (got ? "'" + *got + "'" : std::string{"nil"}) << ", expected '" << value << "'\n";
      return 1;
    }
    std::cout << TYPEDIS_CONSUMER_KIND << ": SET/GET round trip ok\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << TYPEDIS_CONSUMER_KIND << ": " << e.what() << '\n';
    return 1;
  }
}
