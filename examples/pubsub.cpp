// Pub/Sub: a subscriber reading on its own thread with run(), a client publishing, a pattern
// subscription added while run() is active, then stop().
//
//   pubsub [URL]     URL defaults to $REDIS_URL, then redis://127.0.0.1:6379
#include <typedis/typedis.hpp>

#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

int main(int argc, char** argv) {
  const char* env_url = std::getenv("REDIS_URL");
  const std::string url = argc > 1 ? argv[1] : env_url ? env_url : "redis://127.0.0.1:6379";

  try {
    typedis::client r{url};
    // Confirmations tell us when a subscription is active, so nothing is published too early.
    typedis::subscriber_options options;
    options.deliver_confirmations = true;
    typedis::subscriber sub{url, options};

    std::mutex mutex;
    std::condition_variable changed;
    std::vector<typedis::message> received;
    auto wait_for = [&](std::size_t count) {
      std::unique_lock lock(mutex);
      return changed.wait_for(lock, 5s, [&] { return received.size() >= count; });
    };

    sub.subscribe("typedis:example:news");
    std::thread reader([&] {
      sub.run([&](const typedis::message& m) {
        std::cout << "  " << typedis::to_string(m.kind) << ' ' << m.channel;
        if (!m.pattern.empty()) std::cout << " (pattern " << m.pattern << ')';
        if (m.is_data()) std::cout << ": " << m.payload;
        std::cout << '\n';
        {
          std::lock_guard lock(mutex);
          received.push_back(m);
        }
        changed.notify_all();
      });
    });

    bool ok = wait_for(1);                       // subscribe confirmation
    sub.psubscribe("typedis:example:user:*");    // from this thread, while run() reads
    ok = ok && wait_for(2);                      // psubscribe confirmation
    const long long n1 = r.publish("typedis:example:news", "hello subscribers");
    const long long n2 = r.publish("typedis:example:user:42", "logged in");
    ok = ok && wait_for(4);
    std::cout << "PUBLISH reached " << n1 << " and " << n2 << " subscriber(s)\n";

    sub.stop();
    reader.join();

    std::lock_guard lock(mutex);
    if (!ok || n1 != 1 || n2 != 1 || received.size() != 4 || received[2].payload != "hello subscribers" ||
        received[3].kind != typedis::message_kind::pmessage) {
      std::cerr << "unexpected messages\n";
      return 1;
    }
    return 0;
  } catch (const typedis::error& e) {
    std::cerr << "error: " << e.what() << '\n';
    return 1;
  }
}
