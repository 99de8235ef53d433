// Typed pipelines, MULTI/EXEC transactions, optimistic locking with WATCH, and scripts.
//
//   pipelines_and_transactions [URL]      URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
#include <typedis/typedis.hpp>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  const char* env_url = std::getenv("REDIS_URL");
  const std::string url = argc > 1 ? argv[1] : env_url ? env_url : "redis://127.0.0.1:6379";
  try {
    typedis::client r{url};
    const std::string hits = "typedis:example:hits", page = "typedis:example:page";
    r.del({hits, page});

    // One round trip; the tuple's types follow the commands: tuple<long long, optional<string>, long long>.
    auto [first, missing, second] = r.pipeline().incr(hits).get(page).incr(hits).exec();
    std::cout << "pipeline -> " << first << ", " << missing.value_or("(nil)") << ", " << second << '\n';

    // A loop of one reply type: the pipeline's methods encode each command into one buffer.
    auto lengths = r.dynamic_pipeline<long long>();
    for (const std::string& key : {hits, page}) lengths.strlen(key);
    const std::vector<long long> sizes = lengths.exec();  // {1, 0}: "2" and a missing key
    std::cout << "dynamic pipeline -> " << sizes.size() << " lengths\n";

    // MULTI/EXEC: std::nullopt would mean a WATCHed key changed.
    auto tx = r.transaction().set(page, "home").incr(hits).exec();
    std::cout << "transaction -> " << (tx ? "committed" : "aborted") << '\n';

    // Check-and-set with WATCH, retried on conflict.
    auto [doubled] = r.transaction_with_watch({hits}, [&](typedis::pinned_connection& conn) {
      const long long current = std::stoll(conn.get(hits).value_or("0"));
      return conn.transaction().set(hits, std::to_string(current * 2));
    });
    std::cout << "watched update -> " << (doubled ? "ok" : "?") << ", hits = " << r.get(hits).value_or("(nil)") << '\n';

    // A script runs as EVALSHA; an unknown script is loaded transparently.
    const typedis::script add{"return redis.call('INCRBY', KEYS[1], ARGV[1])"};
    const long long after = r.run_script<long long>(add, {hits}, {"4"});
    std::cout << "script -> " << after << '\n';

    const bool ok = first == 1 && !missing && second == 2 && sizes == std::vector<long long>{1, 0} && tx && after == 10;
    r.del({hits, page});
    if (!ok) {
      std::cerr << "unexpected reply\n";
      return 1;
    }
    return 0;
  } catch (const typedis::error& e) {
    std::cerr << "typedis error: " << e.what() << '\n';
    return 1;
  }
}
