// typedis::subscriber against real servers: every message form in RESP2 and RESP3, the threading
// contract of run()/stop(), reconnect and resubscribe across a server restart, health checks, and
// keyspace notifications.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "test_env.hpp"
#include "typedis/typedis.hpp"

using namespace std::chrono_literals;
using typedis::message;
using typedis::message_kind;
using typedis::test::require_env;
using typedis::test::spawned_server;
using typedis::test::unique_key;

namespace {

using clock_type = std::chrono::steady_clock;

std::string with_protocol(std::string url, int protocol) { return protocol == 2 ? url + "?protocol=2" : url; }

typedis::subscriber_options confirmations() {
  typedis::subscriber_options o;
  o.deliver_confirmations = true;
  return o;
}

// The next message of `kind` (others are skipped), waiting at most `within`.
std::optional<message> next_of(typedis::subscriber& sub, message_kind kind, std::chrono::milliseconds within = 5s) {
  const auto end = clock_type::now() + within;
  while (clock_type::now() < end) {
    auto m = sub.get_message(std::chrono::duration_cast<std::chrono::milliseconds>(end - clock_type::now()));
    if (m && m->kind == kind) return m;
  }
  return std::nullopt;
}

// Messages handed to run()'s handler, awaited with a bounded wait.
class inbox {
 public:
  void push(const message& m) {
    {
      std::lock_guard l(mutex_);
      messages_.push_back(m);
    }
    cv_.notify_all();
  }
  std::optional<message> wait_for(const std::function<bool(const message&)>& match, std::chrono::milliseconds within = 5s) {
    std::unique_lock l(mutex_);
    std::optional<message> found;
    cv_.wait_for(l, within, [&] {
      for (auto it = messages_.begin(); it != messages_.end(); ++it)
        if (match(*it)) {
          found = *it;
          messages_.erase(it);
          return true;
        }
      return false;
    });
    return found;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<message> messages_;
};

class subscriber_test : public ::testing::TestWithParam<int> {
 protected:
  std::string url() const { return with_protocol(require_env("TYPEDIS_TEST_URL"), GetParam()); }
};

}  // namespace

TEST_P(subscriber_test, subscribe_and_publish) {
  typedis::subscriber sub{url(), confirmations()};
  typedis::client r{url()};
  const std::string a = unique_key("a"), b = unique_key("b");
  sub.subscribe({a, b});
  auto c1 = next_of(sub, message_kind::subscribe);
  auto c2 = next_of(sub, message_kind::subscribe);
  ASSERT_TRUE(c1 && c2);
  EXPECT_EQ(c1->channel, a);
  EXPECT_EQ(c1->count, 1);
  EXPECT_EQ(c2->channel, b);
  EXPECT_EQ(c2->count, 2);

  EXPECT_EQ(r.publish(a, "hello"), 1);
  const std::string binary("x\0\r\ny", 5);
  EXPECT_EQ(r.publish(b, binary), 1);
  auto m1 = sub.get_message(5s);
  auto m2 = sub.get_message(5s);
  ASSERT_TRUE(m1 && m2);
  EXPECT_EQ(m1->kind, message_kind::message);
  EXPECT_EQ(m1->channel, a);
  EXPECT_EQ(m1->payload, "hello");
  EXPECT_TRUE(m1->pattern.empty());
  EXPECT_EQ(m2->channel, b);
  EXPECT_EQ(m2->payload, binary);
  EXPECT_EQ(sub.channels(), (std::set<std::string>{a, b}));
}

TEST_P(subscriber_test, confirmations_are_hidden_by_default) {
  typedis::subscriber sub{url()};
  typedis::client r{url()};
  const std::string ch = unique_key("c");
  sub.subscribe(ch);
  // The confirmation is consumed internally: nothing to return until a message is published.
  EXPECT_FALSE(sub.get_message(200ms));
  EXPECT_EQ(r.publish(ch, "p"), 1);
  auto m = sub.get_message(5s);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, message_kind::message);
  EXPECT_EQ(m->payload, "p");
}

TEST_P(subscriber_test, psubscribe_reports_the_pattern) {
  typedis::subscriber sub{url(), confirmations()};
  typedis::client r{url()};
  const std::string prefix = unique_key("p");
  const std::string pattern = prefix + ":*";
  sub.psubscribe(pattern);
  auto c = next_of(sub, message_kind::psubscribe);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->channel, pattern);
  EXPECT_EQ(r.publish(prefix + ":one", "1"), 1);
  auto m = sub.get_message(5s);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, message_kind::pmessage);
  EXPECT_EQ(m->pattern, pattern);
  EXPECT_EQ(m->channel, prefix + ":one");
  EXPECT_EQ(m->payload, "1");
  sub.punsubscribe();
  auto u = next_of(sub, message_kind::punsubscribe);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->channel, pattern);
  EXPECT_TRUE(sub.patterns().empty());
}

TEST_P(subscriber_test, ssubscribe_and_spublish) {
  typedis::subscriber sub{url(), confirmations()};
  typedis::client r{url()};
  const std::string sc = unique_key("s");
  sub.ssubscribe(sc);
  auto c = next_of(sub, message_kind::ssubscribe);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->channel, sc);
  EXPECT_EQ(r.spublish(sc, "shard"), 1);
  auto m = sub.get_message(5s);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->kind, message_kind::smessage);
  EXPECT_EQ(m->channel, sc);
  EXPECT_EQ(m->payload, "shard");
  sub.sunsubscribe(sc);
  ASSERT_TRUE(next_of(sub, message_kind::sunsubscribe));
  EXPECT_EQ(r.spublish(sc, "gone"), 0);
}

TEST_P(subscriber_test, unsubscribe_stops_delivery) {
  typedis::subscriber sub{url(), confirmations()};
  typedis::client r{url()};
  const std::string keep = unique_key("keep"), drop = unique_key("drop");
  sub.subscribe({keep, drop});
  ASSERT_TRUE(next_of(sub, message_kind::subscribe));
  ASSERT_TRUE(next_of(sub, message_kind::subscribe));
  // Published while still subscribed, read after unsubscribe(): dropped, never handed out.
  EXPECT_EQ(r.publish(drop, "in flight"), 1);
  sub.unsubscribe(drop);
  auto u = next_of(sub, message_kind::unsubscribe);
  ASSERT_TRUE(u);
  EXPECT_EQ(u->channel, drop);
  EXPECT_EQ(u->count, 1);
  EXPECT_EQ(r.publish(drop, "after"), 0);
  EXPECT_EQ(r.publish(keep, "kept"), 1);
  auto m = sub.get_message(5s);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->channel, keep);
  EXPECT_EQ(m->payload, "kept");
  sub.unsubscribe();  // all
  ASSERT_TRUE(next_of(sub, message_kind::unsubscribe));
  EXPECT_TRUE(sub.channels().empty());
  EXPECT_EQ(r.publish(keep, "none"), 0);
  EXPECT_FALSE(sub.get_message(100ms));
}

TEST_P(subscriber_test, get_message_timeout_returns_promptly) {
  typedis::subscriber sub{url()};
  sub.subscribe(unique_key("quiet"));
  for (auto timeout : {0ms, 30ms, 250ms}) {
    const auto start = clock_type::now();
    EXPECT_FALSE(sub.get_message(timeout));
    const auto took = clock_type::now() - start;
    EXPECT_GE(took, timeout);
    EXPECT_LT(took, timeout + 2s);  // not the 5 s health check interval nor for ever; slack for a loaded machine
  }
}

TEST_P(subscriber_test, run_on_a_thread_and_stop) {
  typedis::subscriber sub{url(), confirmations()};
  typedis::client r{url()};
  const std::string a = unique_key("a"), b = unique_key("b");
  sub.subscribe(a);
  inbox box;
  std::thread reader([&] { sub.run([&](const message& m) { box.push(m); }); });
  ASSERT_TRUE(box.wait_for([&](const message& m) { return m.kind == message_kind::subscribe && m.channel == a; }));

  // subscribe() from this thread while run() reads on the other.
  sub.subscribe(b);
  ASSERT_TRUE(box.wait_for([&](const message& m) { return m.kind == message_kind::subscribe && m.channel == b; }));
  EXPECT_EQ(r.publish(a, "to a"), 1);
  EXPECT_EQ(r.publish(b, "to b"), 1);
  EXPECT_TRUE(box.wait_for([&](const message& m) { return m.channel == a && m.payload == "to a"; }));
  EXPECT_TRUE(box.wait_for([&](const message& m) { return m.channel == b && m.payload == "to b"; }));
  sub.unsubscribe(a);
  ASSERT_TRUE(box.wait_for([&](const message& m) { return m.kind == message_kind::unsubscribe && m.channel == a; }));
  EXPECT_EQ(r.publish(a, "late"), 0);

  const auto start = clock_type::now();
  sub.stop();
  reader.join();
  EXPECT_LT(clock_type::now() - start, 3s);  // stop() wakes run(): well under the 5 s health check interval

  // run() can start again, and a stop() issued before it starts is not lost.
  sub.stop();
  std::thread again([&] { sub.run([&](const message& m) { box.push(m); }); });
  again.join();
}

TEST_P(subscriber_test, stop_from_the_handler) {
  typedis::subscriber sub{url(), confirmations()};
  int seen = 0;
  sub.subscribe(unique_key("c"));
  sub.run([&](const message&) {
    ++seen;
    sub.stop();
  });
  EXPECT_EQ(seen, 1);
}

TEST_P(subscriber_test, second_reader_is_refused) {
  typedis::subscriber sub{url(), confirmations()};
  inbox box;
  sub.subscribe(unique_key("c"));
  std::thread reader([&] { sub.run([&](const message& m) { box.push(m); }); });
  // The confirmation came through the handler: run() is active, so a second reader is refused.
  ASSERT_TRUE(box.wait_for([](const message& m) { return m.kind == message_kind::subscribe; }));
  EXPECT_THROW((void)sub.get_message(1ms), std::logic_error);
  sub.stop();
  reader.join();
  EXPECT_FALSE(sub.get_message(1ms));  // and allowed again once run() returned
}

INSTANTIATE_TEST_SUITE_P(protocols, subscriber_test, ::testing::Values(2, 3),
                         [](const auto& info) { return "resp" + std::to_string(info.param); });

// The server restarts mid-stream: the subscriber notices, reconnects with backoff, subscribes to
// every channel, pattern and shard channel again, and messages published afterwards arrive.
class subscriber_restart_test : public ::testing::TestWithParam<int> {};

TEST_P(subscriber_restart_test, resubscribes_after_server_restart) {
  spawned_server server;
  typedis::subscriber_options o = confirmations();
  o.reconnect.initial_delay = 20ms;
  o.reconnect.max_delay = 200ms;
  std::atomic<int> callbacks{0};
  std::string reason;
  o.on_reconnect = [&](const typedis::reconnect_info& info) {
    ++callbacks;
    reason = info.reason;
    EXPECT_EQ(info.reconnects, 1u);
    EXPECT_GE(info.attempts, 1);
  };
  typedis::subscriber sub{with_protocol(server.url(), GetParam()), o};
  sub.subscribe("news");
  sub.psubscribe("user:*");
  sub.ssubscribe("shard");
  ASSERT_TRUE(next_of(sub, message_kind::subscribe));
  ASSERT_TRUE(next_of(sub, message_kind::psubscribe));
  ASSERT_TRUE(next_of(sub, message_kind::ssubscribe));
  {
    typedis::client r{server.url()};
    EXPECT_EQ(r.publish("news", "before"), 1);
  }
  auto before = sub.get_message(5s);
  ASSERT_TRUE(before);
  EXPECT_EQ(before->payload, "before");

  server.restart();

  // The resubscription confirmations show that the new connection is subscribed again.
  ASSERT_TRUE(next_of(sub, message_kind::subscribe, 10s)) << "no resubscription after the restart";
  ASSERT_TRUE(next_of(sub, message_kind::psubscribe));
  ASSERT_TRUE(next_of(sub, message_kind::ssubscribe));
  EXPECT_EQ(sub.reconnects(), 1u);
  EXPECT_EQ(callbacks.load(), 1);
  EXPECT_FALSE(reason.empty());
  EXPECT_TRUE(sub.stats().connected);

  // A fresh server knows nothing of the old subscriptions: receivers counted here are the
  // subscriber's new ones, and the messages arrive.
  typedis::client r{server.url()};
  EXPECT_EQ(r.publish("news", "after"), 1);
  EXPECT_EQ(r.publish("user:7", "u"), 1);
  EXPECT_EQ(r.spublish("shard", "s"), 1);
  auto m1 = sub.get_message(5s);
  auto m2 = sub.get_message(5s);
  auto m3 = sub.get_message(5s);
  ASSERT_TRUE(m1 && m2 && m3);
  EXPECT_EQ(m1->kind, message_kind::message);
  EXPECT_EQ(m1->payload, "after");
  EXPECT_EQ(m2->kind, message_kind::pmessage);
  EXPECT_EQ(m2->channel, "user:7");
  EXPECT_EQ(m3->kind, message_kind::smessage);
  EXPECT_EQ(m3->payload, "s");
}

TEST_P(subscriber_restart_test, run_keeps_delivering_across_a_restart) {
  spawned_server server;
  typedis::subscriber_options o = confirmations();
  o.reconnect.initial_delay = 20ms;
  o.reconnect.max_delay = 200ms;
  typedis::subscriber sub{with_protocol(server.url(), GetParam()), o};
  sub.subscribe("feed");
  inbox box;
  std::thread reader([&] { sub.run([&](const message& m) { box.push(m); }); });
  const auto confirmed = [&] {
    return box.wait_for([](const message& m) { return m.kind == message_kind::subscribe && m.channel == "feed"; }, 10s);
  };
  ASSERT_TRUE(confirmed());
  server.restart();
  ASSERT_TRUE(confirmed()) << "no resubscription after the restart";
  typedis::client r{server.url()};
  EXPECT_EQ(r.publish("feed", "again"), 1);
  EXPECT_TRUE(box.wait_for([](const message& m) { return m.payload == "again"; }));
  sub.stop();
  reader.join();
  EXPECT_EQ(sub.reconnects(), 1u);
}

INSTANTIATE_TEST_SUITE_P(protocols, subscriber_restart_test, ::testing::Values(2, 3),
                         [](const auto& info) { return "resp" + std::to_string(info.param); });

// A server that stops answering without closing the connection (DEBUG SLEEP): the health-check
// PING gets no answer within the read timeout, the connection is replaced, and messages flow again.
TEST(subscriber_health, unanswered_ping_replaces_the_connection) {
  spawned_server server({"--enable-debug-command", "local"});
  typedis::client_options co = typedis::parse_url(server.url());
  co.connection.read_timeout = 300ms;
  co.connection.connect_timeout = 300ms;
  typedis::subscriber_options o = confirmations();
  o.health_check_interval = 100ms;
  o.reconnect.initial_delay = 50ms;
  o.reconnect.max_delay = 200ms;
  std::atomic<int> callbacks{0};
  std::string reason;
  o.on_reconnect = [&](const typedis::reconnect_info& info) {
    ++callbacks;
    reason = info.reason;
  };
  typedis::subscriber sub{co, o};
  sub.subscribe("hc");
  ASSERT_TRUE(next_of(sub, message_kind::subscribe));
  // Idle for a few intervals: PINGs are answered, nothing is reported, no reconnect.
  EXPECT_FALSE(sub.get_message(350ms));
  EXPECT_EQ(sub.stats().health_check_failures, 0u);

  typedis::client admin{server.url()};
  std::thread sleeper([&] { admin.command<std::string>("DEBUG", "SLEEP", "1.5"); });
  const auto end = clock_type::now() + 10s;
  while (sub.stats().health_check_failures == 0 && clock_type::now() < end) (void)sub.get_message(100ms);
  EXPECT_GE(sub.stats().health_check_failures, 1u);
  ASSERT_TRUE(next_of(sub, message_kind::subscribe, 10s)) << "no resubscription after the sleep";
  sleeper.join();
  EXPECT_GE(sub.reconnects(), 1u);
  EXPECT_EQ(callbacks.load(), static_cast<int>(sub.reconnects()));
  EXPECT_NE(reason.find("health check"), std::string::npos) << reason;
  typedis::client r{server.url()};
  EXPECT_EQ(r.publish("hc", "alive"), 1);
  auto m = sub.get_message(5s);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->payload, "alive");
}

// A server that is gone for good: reconnect attempts are counted, and with max_attempts the error
// reaches the caller.
TEST(subscriber_health, stopped_server_gives_up_after_max_attempts) {
  spawned_server server;
  typedis::client_options co = typedis::parse_url(server.url());
  co.connection.connect_timeout = 300ms;
  typedis::subscriber_options o;
  o.reconnect.initial_delay = 10ms;
  o.reconnect.max_delay = 50ms;
  o.reconnect.max_attempts = 3;
  typedis::subscriber sub{co, o};
  sub.subscribe("gone");
  EXPECT_FALSE(sub.get_message(50ms));
  server.stop();
  bool thrown = false;
  const auto end = clock_type::now() + 10s;
  while (!thrown && clock_type::now() < end) {
    try {
      (void)sub.get_message(100ms);
    } catch (const typedis::io_error&) {
      thrown = true;
    }
  }
  EXPECT_TRUE(thrown);
  const auto stats = sub.stats();
  EXPECT_GE(stats.failed_attempts, 3u);
  EXPECT_FALSE(stats.connected);
  EXPECT_EQ(stats.reconnects, 0u);
  // The sets survive, so a later reconnect would restore them.
  EXPECT_EQ(sub.channels(), std::set<std::string>{"gone"});
}

// Without reconnecting, a lost connection is an error for the caller; the next call reconnects.
TEST(subscriber_health, reconnect_disabled_reports_the_loss) {
  spawned_server server;
  typedis::subscriber_options o = confirmations();
  o.reconnect.enabled = false;
  typedis::subscriber sub{server.url(), o};
  sub.subscribe("x");
  ASSERT_TRUE(next_of(sub, message_kind::subscribe));
  server.restart();
  EXPECT_THROW((void)sub.get_message(5s), typedis::io_error);
  ASSERT_TRUE(next_of(sub, message_kind::subscribe));  // reconnected and resubscribed on this call
  EXPECT_EQ(sub.reconnects(), 1u);
}

// Keyspace notifications, on a private server since they are a server-wide setting.
TEST(subscriber_keyspace, notifications_for_a_set) {
  spawned_server server;
  typedis::client r{server.url()};
  r.config_set({{"notify-keyspace-events", "KEA"}});
  typedis::subscriber sub{server.url(), confirmations()};
  sub.psubscribe({"__keyspace@0__:*", "__keyevent@0__:set"});
  ASSERT_TRUE(next_of(sub, message_kind::psubscribe));
  ASSERT_TRUE(next_of(sub, message_kind::psubscribe));
  r.set("watched", "v");
  auto space = next_of(sub, message_kind::pmessage);
  auto event = next_of(sub, message_kind::pmessage);
  ASSERT_TRUE(space && event);
  EXPECT_EQ(space->pattern, "__keyspace@0__:*");
  EXPECT_EQ(space->channel, "__keyspace@0__:watched");
  EXPECT_EQ(space->payload, "set");
  EXPECT_EQ(event->channel, "__keyevent@0__:set");
  EXPECT_EQ(event->payload, "watched");
}

// Other transports and credentials go through the same connection::open as a client.
TEST(subscriber_transports, unix_socket_acl_user_and_tls) {
  std::vector<std::pair<typedis::connection_options, typedis::connection_options>> cases;  // {subscriber, publisher}
  const auto plain = typedis::parse_url(require_env("TYPEDIS_TEST_URL")).connection;
  typedis::connection_options unix_socket;
  unix_socket.transport = typedis::transport_kind::unix_socket;
  unix_socket.path = require_env("TYPEDIS_TEST_UNIX");
  cases.emplace_back(unix_socket, plain);
  cases.emplace_back(typedis::parse_url(require_env("TYPEDIS_TEST_ACL_URL")).connection, plain);
  typedis::connection_options tls = typedis::parse_url(require_env("TYPEDIS_TEST_TLS_URL")).connection;
  tls.tls.ca_file = require_env("TYPEDIS_TEST_TLS_CA");
  tls.tls.cert_file = require_env("TYPEDIS_TEST_TLS_CERT");
  tls.tls.key_file = require_env("TYPEDIS_TEST_TLS_KEY");
  cases.emplace_back(tls, tls);
  for (const auto& [sub_options, pub_options] : cases) {
    for (auto protocol : {typedis::protocol_version::resp2, typedis::protocol_version::resp3}) {
      auto o = sub_options;
      o.protocol = protocol;
      typedis::subscriber sub{o, confirmations()};
      typedis::client_options co;
      co.connection = pub_options;
      typedis::client r{co};
      const std::string ch = unique_key("t");
      sub.subscribe(ch);
      ASSERT_TRUE(next_of(sub, message_kind::subscribe)) << o.endpoint();
      // Idle reads that time out leave the stream (and a TLS session) usable.
      EXPECT_FALSE(sub.get_message(120ms));
      EXPECT_EQ(r.publish(ch, "via"), 1);
      auto m = sub.get_message(5s);
      ASSERT_TRUE(m) << o.endpoint();
      EXPECT_EQ(m->payload, "via");
    }
  }
}
