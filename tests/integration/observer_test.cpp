// The observer hooks (client_options::observer, subscriber_options::observer) against a real
// server: what a single command, the commands of a pipeline and of a transaction, a pinned
// connection, the pool and a subscriber report, for success, an error reply and an I/O error (the
// connection killed with CLIENT KILL).
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "test_env.hpp"
#include "typedis/typedis.hpp"

using typedis::command_context;
using typedis::command_outcome;
using typedis::connection_event_kind;
using typedis::test::require_env;
using typedis::test::unique_key;
using namespace std::chrono_literals;

namespace {

// Copies of the events (their string_views die with the call), in order.
struct recorded {
  enum class what { start, end, connection } type = what::start;
  std::string command;
  std::string endpoint;
  command_context context = command_context::single;
  typedis::command_end_event end{};  // string_views cleared; see error_prefix
  std::string error_prefix;
  connection_event_kind kind{};
  std::string reason;
  std::chrono::nanoseconds connect_time{0};
};

class recording_observer final : public typedis::observer {
 public:
  void on_command_start(const typedis::command_start_event& e) noexcept override {
    recorded r = make(recorded::what::start, e.command, e.endpoint);
    r.context = e.context;
    push(std::move(r));
  }
  void on_command_end(const typedis::command_end_event& e) noexcept override {
    recorded r = make(recorded::what::end, e.command, e.endpoint);
    r.context = e.context;
    r.end = e;
    r.end.command = r.end.endpoint = r.end.error_prefix = {};
    r.error_prefix = std::string(e.error_prefix);
    push(std::move(r));
  }
  void on_connection_event(const typedis::connection_event& e) noexcept override {
    recorded r = make(recorded::what::connection, {}, e.endpoint);
    r.kind = e.kind;
    r.reason = std::string(e.reason);
    r.connect_time = e.duration;
    push(std::move(r));
  }

  std::vector<recorded> take() {
    std::lock_guard lock(mutex_);
    return std::exchange(events_, {});
  }

 private:
  static recorded make(recorded::what type, std::string_view command, std::string_view endpoint) {
    recorded r;
    r.type = type;
    r.command = std::string(command);
    r.endpoint = std::string(endpoint);
    return r;
  }
  void push(recorded r) {
    std::lock_guard lock(mutex_);
    events_.push_back(std::move(r));
  }

  std::mutex mutex_;
  std::vector<recorded> events_;
};

struct observed_client {
  explicit observed_client(const std::string& url, std::size_t pool_size = 1) {
    typedis::client_options o = typedis::parse_url(url);
    o.pool.max_size = pool_size;
    o.observer = events;
    endpoint = o.connection.endpoint();
    client.emplace(o);
  }
  std::shared_ptr<recording_observer> events = std::make_shared<recording_observer>();
  std::string endpoint;
  std::optional<typedis::client> client;
};

std::vector<recorded> of_type(const std::vector<recorded>& all, recorded::what type) {
  std::vector<recorded> out;
  for (const auto& r : all)
    if (r.type == type) out.push_back(r);
  return out;
}

std::size_t count_kind(const std::vector<recorded>& all, connection_event_kind kind) {
  std::size_t n = 0;
  for (const auto& r : all) n += r.type == recorded::what::connection && r.kind == kind;
  return n;
}

// The id of the connection CLIENT SETNAME'd `name`, or 0.
long long id_of_client_named(typedis::client& admin, const std::string& name) {
  const std::string list = admin.command<std::string>("CLIENT", "LIST");
  const std::string needle = " name=" + name + " ";
  const std::size_t at = list.find(needle);
  if (at == std::string::npos) return 0;
  const std::size_t line = list.rfind('\n', at);
  const std::size_t id = list.find("id=", line == std::string::npos ? 0 : line + 1);
  return id == std::string::npos ? 0 : std::stoll(list.substr(id + 3));
}

}  // namespace

TEST(observer, command_success_reports_start_end_bytes_and_the_first_connect) {
  observed_client c{require_env("TYPEDIS_TEST_URL")};
  typedis::client& r = *c.client;
  const std::string key = unique_key();
  r.set(key, "value");
  const std::vector<recorded> events = c.events->take();

  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, recorded::what::start);
  EXPECT_EQ(events[0].command, "SET");
  EXPECT_EQ(events[0].endpoint, c.endpoint);
  EXPECT_EQ(events[0].context, command_context::single);
  // The pool opens its first connection inside the command.
  EXPECT_EQ(events[1].type, recorded::what::connection);
  EXPECT_EQ(events[1].kind, connection_event_kind::connect);
  EXPECT_EQ(events[1].endpoint, c.endpoint);
  EXPECT_GT(events[1].connect_time.count(), 0);
  const recorded& end = events[2];
  ASSERT_EQ(end.type, recorded::what::end);
  EXPECT_EQ(end.command, "SET");
  EXPECT_EQ(end.endpoint, c.endpoint);
  EXPECT_EQ(end.end.outcome, command_outcome::ok);
  EXPECT_EQ(end.end.bytes_out, typedis::cmd::set(key, "value").bytes().size());
  EXPECT_EQ(end.end.bytes_in, std::string_view("+OK\r\n").size());
  EXPECT_EQ(end.end.attempts, 1);
  EXPECT_GT(end.end.duration.count(), 0);

  // The next command reuses the pooled connection: no connection event.
  EXPECT_EQ(r.get(key), "value");
  const std::vector<recorded> again = c.events->take();
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[1].command, "GET");
  EXPECT_EQ(again[1].end.bytes_in, std::string_view("$5\r\nvalue\r\n").size());
}

TEST(observer, server_error_reports_the_prefix) {
  observed_client c{require_env("TYPEDIS_TEST_URL")};
  typedis::client& r = *c.client;
  const std::string key = unique_key();
  r.set(key, "not a list");
  c.events->take();
  EXPECT_THROW(r.lpush(key, "x"), typedis::server_error);
  const std::vector<recorded> ends = of_type(c.events->take(), recorded::what::end);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0].command, "LPUSH");
  EXPECT_EQ(ends[0].end.outcome, command_outcome::server_error);
  EXPECT_EQ(ends[0].error_prefix, "WRONGTYPE");
  EXPECT_GT(ends[0].end.bytes_in, std::string_view("-WRONGTYPE\r\n").size());
  EXPECT_EQ(ends[0].end.attempts, 1) << "server errors are never retried";
}

TEST(observer, killed_pinned_connection_reports_an_io_error_and_its_discard) {
  observed_client c{require_env("TYPEDIS_TEST_URL")};
  typedis::client admin{require_env("TYPEDIS_TEST_URL")};
  std::optional<typedis::send_state> thrown;
  {
    typedis::pinned_connection p = c.client->pin();
    const long long id = p.client_id();
    ASSERT_EQ(admin.command<long long>("CLIENT", "KILL", "ID", id), 1);
    c.events->take();
    try {
      p.get(unique_key());
    } catch (const typedis::io_error& e) {
      thrown = e.state();
    }
    ASSERT_TRUE(thrown.has_value()) << "a command on a killed connection must fail";
  }
  const std::vector<recorded> events = c.events->take();
  const std::vector<recorded> ends = of_type(events, recorded::what::end);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0].command, "GET");
  EXPECT_EQ(ends[0].end.outcome, command_outcome::io_error);
  EXPECT_EQ(ends[0].end.io_state, *thrown);
  EXPECT_EQ(ends[0].error_prefix, "");
  EXPECT_EQ(ends[0].end.attempts, 1) << "a pinned connection never retries";
  // Released broken: the pool closes it.
  ASSERT_EQ(count_kind(events, connection_event_kind::discard), 1u);
  EXPECT_EQ(events.back().type, recorded::what::connection);
  EXPECT_EQ(events.back().reason, "broken");
}

TEST(observer, killed_pooled_connection_is_replaced_and_reported) {
  observed_client c{require_env("TYPEDIS_TEST_URL")};
  typedis::client admin{require_env("TYPEDIS_TEST_URL")};
  typedis::client& r = *c.client;
  const long long id = r.client_id();
  ASSERT_EQ(admin.command<long long>("CLIENT", "KILL", "ID", id), 1);
  c.events->take();

  // GET is idempotent: whether the pool notices the dead socket at checkout (discard) or the
  // command fails on it and is resent (reconnect, then the broken one is discarded), it succeeds
  // on one new connection.
  const std::string key = unique_key();
  EXPECT_EQ(r.get(key), std::nullopt);
  const std::vector<recorded> events = c.events->take();
  const std::size_t reconnects = count_kind(events, connection_event_kind::reconnect);
  EXPECT_EQ(count_kind(events, connection_event_kind::connect), 1u);
  EXPECT_EQ(count_kind(events, connection_event_kind::discard), 1u);
  EXPECT_LE(reconnects, 1u);
  for (const auto& e : of_type(events, recorded::what::connection)) {
    if (e.kind == connection_event_kind::discard) {
      EXPECT_EQ(e.reason, reconnects == 1 ? "broken" : "closed by the server");
    }
    if (e.kind == connection_event_kind::reconnect) {
      EXPECT_NE(e.reason, "") << "a reconnect says why";
    }
  }
  const std::vector<recorded> ends = of_type(events, recorded::what::end);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0].end.outcome, command_outcome::ok);
  EXPECT_EQ(ends[0].end.attempts, reconnects == 1 ? 2 : 1);
  EXPECT_NE(r.client_id(), id);
}

TEST(observer, connect_failure_is_reported_and_the_command_ends_unsent) {
  typedis::client_options o = typedis::parse_url("redis://127.0.0.1:" + std::to_string(typedis::test::free_port()));
  o.retry.max_attempts = 2;
  o.retry.backoff.initial_delay = 1ms;
  auto events = std::make_shared<recording_observer>();
  o.observer = events;
  typedis::client r{o};
  std::optional<typedis::send_state> thrown;
  try {
    r.get(unique_key());
  } catch (const typedis::io_error& e) {
    thrown = e.state();
  }
  ASSERT_EQ(thrown, typedis::send_state::not_sent);
  const std::vector<recorded> all = events->take();
  EXPECT_EQ(count_kind(all, connection_event_kind::connect_failed), 2u) << "one per attempt";
  EXPECT_EQ(count_kind(all, connection_event_kind::connect), 0u);
  for (const auto& e : of_type(all, recorded::what::connection)) {
    EXPECT_NE(e.reason, "");
  }
  const std::vector<recorded> ends = of_type(all, recorded::what::end);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0].end.outcome, command_outcome::io_error);
  EXPECT_EQ(ends[0].end.io_state, typedis::send_state::not_sent);
  EXPECT_EQ(ends[0].end.bytes_out, 0u);
  EXPECT_EQ(ends[0].end.attempts, 0) << "no connection, so nothing was tried on one";
}

TEST(observer, pipeline_commands_are_counted_one_by_one) {
  observed_client c{require_env("TYPEDIS_TEST_URL")};
  typedis::client& r = *c.client;
  const std::string key = unique_key();
  const std::string list = unique_key("list");
  r.set(list, "not a list");
  c.events->take();

  auto results = r.pipeline().set(key, "1").incr(key).lpush(list, "x").exec_results();
  EXPECT_FALSE(std::get<2>(results).has_value());
  const std::vector<recorded> events = c.events->take();
  const std::vector<recorded> starts = of_type(events, recorded::what::start);
  const std::vector<recorded> ends = of_type(events, recorded::what::end);
  ASSERT_EQ(starts.size(), 3u);
  ASSERT_EQ(ends.size(), 3u);
  const std::vector<std::string> names{"SET", "INCR", "LPUSH"};
  const std::vector<std::size_t> request_sizes{typedis::cmd::set(key, "1").bytes().size(),
                                               typedis::cmd::incr(key).bytes().size(),
                                               typedis::cmd::lpush(list, "x").bytes().size()};
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(starts[i].command, names[i]);
    EXPECT_EQ(starts[i].context, command_context::pipeline);
    EXPECT_EQ(ends[i].command, names[i]);
    EXPECT_EQ(ends[i].context, command_context::pipeline);
    EXPECT_EQ(ends[i].end.bytes_out, request_sizes[i]);
    EXPECT_EQ(ends[i].end.attempts, 1);
  }
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(events[i].type, recorded::what::start) << "every command starts before the first ends";
  }
  EXPECT_EQ(ends[0].end.outcome, command_outcome::ok);
  EXPECT_EQ(ends[0].end.bytes_in, std::string_view("+OK\r\n").size());
  EXPECT_EQ(ends[1].end.outcome, command_outcome::ok);
  EXPECT_EQ(ends[1].end.bytes_in, std::string_view(":2\r\n").size());
  EXPECT_EQ(ends[2].end.outcome, command_outcome::server_error);
  EXPECT_EQ(ends[2].error_prefix, "WRONGTYPE");
}

TEST(observer, transaction_commands_are_counted_one_by_one_with_their_exec_outcome) {
  observed_client c{require_env("TYPEDIS_TEST_URL")};
  typedis::client& r = *c.client;
  const std::string key = unique_key();
  const std::string list = unique_key("list");
  r.set(list, "not a list");
  c.events->take();

  // LPUSH is queued fine and fails when EXEC runs it: its outcome is its element of EXEC's reply.
  auto results = r.transaction().incr(key).lpush(list, "x").exec_results();
  ASSERT_TRUE(results.has_value());
  EXPECT_EQ(std::get<0>(*results).value(), 1);
  EXPECT_FALSE(std::get<1>(*results).has_value());
  const std::vector<recorded> events = c.events->take();
  const std::vector<recorded> ends = of_type(events, recorded::what::end);
  ASSERT_EQ(ends.size(), 4u);
  ASSERT_EQ(of_type(events, recorded::what::start).size(), 4u);
  // MULTI and EXEC end with their own replies, the queued commands with EXEC's.
  EXPECT_EQ(ends[0].command, "MULTI");
  EXPECT_EQ(ends[1].command, "EXEC");
  EXPECT_EQ(ends[2].command, "INCR");
  EXPECT_EQ(ends[3].command, "LPUSH");
  for (const auto& e : ends) EXPECT_EQ(e.context, command_context::transaction) << e.command;
  EXPECT_EQ(ends[0].end.outcome, command_outcome::ok);
  EXPECT_EQ(ends[1].end.outcome, command_outcome::ok);
  EXPECT_EQ(ends[2].end.outcome, command_outcome::ok);
  EXPECT_EQ(ends[2].end.bytes_in, std::string_view("+QUEUED\r\n").size());
  EXPECT_EQ(ends[3].end.outcome, command_outcome::server_error);
  EXPECT_EQ(ends[3].error_prefix, "WRONGTYPE");
  EXPECT_GE(ends[2].end.duration, ends[0].end.duration) << "a queued command ends with EXEC";
}

TEST(observer, transaction_aborted_by_watch_ends_its_commands_aborted) {
  observed_client c{require_env("TYPEDIS_TEST_URL"), 2};
  typedis::client& r = *c.client;
  const std::string key = unique_key();
  typedis::pinned_connection p = r.pin();
  p.watch(key);
  r.set(key, "changed");  // another connection of the pool
  c.events->take();
  EXPECT_EQ(p.transaction().incr(key).exec(), std::nullopt);
  const std::vector<recorded> ends = of_type(c.events->take(), recorded::what::end);
  ASSERT_EQ(ends.size(), 3u);
  EXPECT_EQ(ends[1].command, "EXEC");
  EXPECT_EQ(ends[1].end.outcome, command_outcome::ok) << "a null EXEC is no error reply";
  EXPECT_EQ(ends[2].command, "INCR");
  EXPECT_EQ(ends[2].end.outcome, command_outcome::aborted);
  EXPECT_EQ(ends[2].end.endpoint, std::string_view{});  // cleared by the recorder
  EXPECT_EQ(ends[2].endpoint, c.endpoint);
}

TEST(observer, pinned_state_change_discards_the_connection_on_release) {
  observed_client c{require_env("TYPEDIS_TEST_URL")};
  {
    typedis::pinned_connection p = c.client->pin();
    p.select(0);
  }
  const std::vector<recorded> events = c.events->take();
  const std::vector<recorded> ends = of_type(events, recorded::what::end);
  ASSERT_EQ(ends.size(), 1u);
  EXPECT_EQ(ends[0].command, "SELECT");
  EXPECT_EQ(ends[0].end.outcome, command_outcome::ok);
  ASSERT_EQ(count_kind(events, connection_event_kind::discard), 1u);
  EXPECT_EQ(events.back().reason, "broken");
  EXPECT_EQ(c.client->stats().discarded, 1u);
}

TEST(observer, subscriber_reports_its_commands_and_a_reconnect) {
  const std::string name = unique_key("sub");
  typedis::client_options o = typedis::parse_url(require_env("TYPEDIS_TEST_URL"));
  o.connection.client_name = name;
  auto events = std::make_shared<recording_observer>();
  o.observer = events;  // taken over by a subscriber made from these options
  typedis::subscriber s{o};
  const std::string channel = unique_key("channel");
  s.subscribe({channel});
  std::vector<recorded> all = events->take();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].type, recorded::what::connection);
  EXPECT_EQ(all[0].kind, connection_event_kind::connect);
  EXPECT_EQ(all[1].type, recorded::what::start);
  EXPECT_EQ(all[1].command, "SUBSCRIBE");
  EXPECT_EQ(all[2].type, recorded::what::end);
  EXPECT_EQ(all[2].command, "SUBSCRIBE");
  EXPECT_EQ(all[2].end.outcome, command_outcome::ok);
  EXPECT_GT(all[2].end.bytes_out, channel.size());

  typedis::client admin{require_env("TYPEDIS_TEST_URL")};
  const long long id = id_of_client_named(admin, name);
  ASSERT_GT(id, 0) << "no connection named " << name << " in CLIENT LIST";
  ASSERT_EQ(admin.command<long long>("CLIENT", "KILL", "ID", id), 1);
  ASSERT_TRUE(typedis::test::eventually([&] {
    (void)s.get_message(50ms);
    return s.reconnects() >= 1;
  })) << "the subscriber did not reconnect";
  all = events->take();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].kind, connection_event_kind::discard);
  EXPECT_NE(all[0].reason, "");
  EXPECT_EQ(all[1].kind, connection_event_kind::connect);
  EXPECT_EQ(all[2].kind, connection_event_kind::reconnect);
  EXPECT_EQ(all[2].reason, all[0].reason) << "a reconnect says why the old connection went";
  for (const auto& e : all) EXPECT_EQ(e.type, recorded::what::connection);
}
