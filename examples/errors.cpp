// How failures surface in the synchronous API: every exception derives from typedis::error, and
// a server error keeps its prefix (WRONGTYPE, ERR, ...) so code can branch on it.
//
//   errors [URL]     URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
#include <typedis/typedis.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

int main(int argc, char** argv) {
  const char* env_url = std::getenv("REDIS_URL");
  const std::string url = argc > 1 ? argv[1] : env_url ? env_url : "redis://127.0.0.1:6379";

  try {
    typedis::client r{url};
    r.command<std::string>("SET", "typedis:example:not-a-number", "abc", "EX", "60");

    bool got_server_error = false;
    try {
      r.command<long long>("INCR", "typedis:example:not-a-number");
    } catch (const typedis::server_error& e) {
      // prefix() is the error code to branch on; what() also names the command.
      std::cout << "INCR on a string -> prefix " << e.prefix() << "; " << e.what() << '\n';
      got_server_error = e.prefix() == "ERR";
    }
    r.command<long long>("DEL", "typedis:example:not-a-number");

    if (!got_server_error) {
      std::cerr << "expected a server_error with prefix ERR\n";
      return 1;
    }
    return 0;
  } catch (const typedis::error& e) {
    // I/O, timeout and protocol failures land here (their messages never contain passwords).
    std::cerr << "typedis error: " << e.what() << '\n';
    return 1;
  }
}
