// Redis Cluster: commands routed by their keys, multi-key commands split by slot, keyless commands
// answered by every primary, a pipeline grouped per node, sharded pub/sub on the owner of each
// channel's slot, and the asynchronous cluster client.
//
//   cluster CLUSTER_URL        a redis:// URL of any node (scripts/demo starts a 3-node cluster and
//                              passes it through TYPEDIS_CLUSTER_URL)
#include <typedis/async.hpp>
#include <typedis/typedis.hpp>

#include <asio/io_context.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  const char* env_url = std::getenv("TYPEDIS_CLUSTER_URL");
  const std::string url = env_url ? env_url : argc > 1 ? argv[1] : "";
  if (url.empty()) {
    std::cerr << "usage: TYPEDIS_CLUSTER_URL=redis://HOST:PORT cluster\n";
    return 2;
  }
  try {
    typedis::cluster_client c{url};
    std::cout << "nodes: " << c.nodes().size() << '\n';
    std::vector<std::string> keys;
    std::vector<std::pair<std::string, std::string>> pairs;
    for (int i = 0; i < 6; ++i) {
      keys.push_back("typedis:example:cluster:" + std::to_string(i));
      pairs.emplace_back(keys.back(), "v" + std::to_string(i));
    }
    c.mset(pairs);  // one MSET per slot, on the nodes that own them
    for (const auto& k : keys) std::cout << k << " lives on " << c.node_of(k) << '\n';
    const auto values = c.mget(keys);  // answered in the order asked
    std::cout << "MGET -> " << values.at(0).value_or("(nil)") << " ... " << values.at(5).value_or("(nil)") << '\n';
    std::cout << "DBSIZE over every primary -> " << c.dbsize() << '\n';

    // Keys that must stay together share a hash tag.
    c.sadd("typedis:example:{team}:a", {"ada", "alan"});
    c.sadd("typedis:example:{team}:b", {"alan", "grace"});
    const auto both = c.sinter({"typedis:example:{team}:a", "typedis:example:{team}:b"});
    std::cout << "SINTER on one slot -> " << both.size() << " member\n";
    try {
      (void)c.sinter({keys[0], keys[1]});
    } catch (const typedis::cross_slot_error& e) {
      std::cout << "refused before sending: " << std::string(e.what()).substr(0, 60) << "...\n";
    }

    auto [n, v] = c.pipeline().incr("typedis:example:cluster:counter").get(keys[3]).exec();
    std::cout << "pipeline -> " << n << ", " << v.value_or("(nil)") << '\n';

    // Sharded pub/sub: each channel is subscribed on the primary of its slot.
    typedis::cluster_subscriber sub{c};
    const std::vector<std::string> channels{"typedis:example:{eu}:orders", "typedis:example:{us}:orders"};
    sub.ssubscribe(channels);
    std::string received;
    for (int attempt = 0; attempt < 50 && received.empty(); ++attempt) {
      c.spublish(channels[1], "order 42");
      if (auto m = sub.get_message(std::chrono::milliseconds(100))) received = m->channel + ": " + m->payload;
    }
    std::cout << "sharded message on " << sub.node_of(channels[1]) << " -> " << received << '\n';

    asio::io_context io;
    typedis::async_cluster_client ac{io.get_executor(), url};
    long long async_dbsize = -1;
    ac.dbsize([&](std::exception_ptr e, long long size) {
      if (!e) async_dbsize = size;
      ac.close();
    });
    io.run();
    std::cout << "async DBSIZE -> " << async_dbsize << '\n';

    c.del(keys);
    c.del({"typedis:example:{team}:a", "typedis:example:{team}:b"});
    c.del("typedis:example:cluster:counter");
    if (values.at(5) != "v5" || both.size() != 1 || async_dbsize < 0 || received.empty()) {
      std::cerr << "unexpected reply\n";
      return 1;
    }
  } catch (const typedis::error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
