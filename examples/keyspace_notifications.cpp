// Keyspace notifications: turn them on with CONFIG SET notify-keyspace-events, subscribe to the
// keyspace and keyevent channels, change a key, and read the events with get_message.
//
//   keyspace_notifications [URL]     URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
#include <typedis/typedis.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <set>
#include <string>

using namespace std::chrono_literals;

int main(int argc, char** argv) {
  const char* env_url = std::getenv("REDIS_URL");
  const std::string url = argc > 1 ? argv[1] : env_url ? env_url : "redis://127.0.0.1:6379";
  const std::string key = "typedis:example:watched";

  try {
    typedis::client r{url};
    // K: __keyspace@<db>__ channels, E: __keyevent@<db>__ channels, A: every event class.
    // A server-wide setting: the previous value is put back at the end.
    const auto previous = r.command<std::vector<std::string>>("CONFIG", "GET", "notify-keyspace-events");
    r.config_set({{"notify-keyspace-events", "KEA"}});

    typedis::subscriber_options options;
    options.deliver_confirmations = true;
    typedis::subscriber sub{url, options};
    const int db = r.options().connection.database;
    const std::string space = "__keyspace@" + std::to_string(db) + "__:" + key;
    const std::string events = "__keyevent@" + std::to_string(db) + "__:*";
    sub.psubscribe({space, events});

    // Wait for both confirmations so that no event is missed.
    int confirmed = 0;
    while (confirmed < 2) {
      auto m = sub.get_message(5s);
      if (!m) break;
      if (m->kind == typedis::message_kind::psubscribe) ++confirmed;
    }

    r.set(key, "1");
    r.incr(key);
    r.del(key);

    // Each change yields one keyspace event (payload: the event) and one keyevent event
    // (payload: the key).
    std::set<std::string> seen;
    while (auto m = sub.get_message(1s)) {
      std::cout << "  " << m->channel << " -> " << m->payload << '\n';
      if (m->channel == space) seen.insert(m->payload);
      if (seen.size() == 3) break;
    }

    r.config_set({{"notify-keyspace-events", previous.size() == 2 ? previous[1] : std::string()}});

    const std::set<std::string> expected{"set", "incrby", "del"};
    if (confirmed != 2 || seen != expected) {
      std::cerr << "unexpected keyspace events\n";
      return 1;
    }
    std::cout << "saw set, incrby and del on " << key << '\n';
    return 0;
  } catch (const typedis::error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
}
