// The asynchronous client (issue 11) against a real server: one multiplexed connection shared by
// thousands of coroutines, every reply to its own caller, cancellation and per-request timeouts
// that never shift replies, a server killed under load, TLS and unix sockets, the three forms of
// completion (coroutines, callbacks, futures), pipelines, transactions, blocking commands on
// dedicated connections, and a subscriber that survives a restart.
#include <gtest/gtest.h>

#include <asio/bind_cancellation_slot.hpp>
#include <asio/cancellation_signal.hpp>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/experimental/deferred.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/use_future.hpp>

#include <atomic>
#include <chrono>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "test_env.hpp"
#include "typedis/async.hpp"

using namespace std::chrono_literals;
using typedis::test::require_env;
using typedis::test::unique_key;

namespace {

constexpr auto use = asio::use_awaitable;

// ASSERT_* returns, which a coroutine cannot: this fails the test and leaves the coroutine.
#define CO_ASSERT(cond)                          \
  if (!(cond)) {                                 \
    ADD_FAILURE() << "assertion failed: " #cond; \
    co_return;                                   \
  }

// Runs the io_context for `d`; an io_context that ran out of work stops and must be restarted
// (the client has no work while its connection is idle or down).
void pump(asio::io_context& io, std::chrono::milliseconds d) {
  if (io.stopped()) io.restart();
  io.run_for(d);
}

// Runs `body` as a coroutine on `io` and fails the test (instead of hanging) if it has not
// finished within `limit`.
template <class Body>
void run_coroutine(asio::io_context& io, Body body, std::chrono::seconds limit = 30s) {
  std::atomic<bool> done{false};
  std::exception_ptr error;
  asio::co_spawn(io, std::move(body), [&](std::exception_ptr e) {
    error = e;
    done = true;
  });
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done && std::chrono::steady_clock::now() < until) pump(io, 50ms);
  ASSERT_TRUE(done.load()) << "the coroutine did not finish within " << limit.count() << " s";
  if (error) std::rethrow_exception(error);
}

typedis::client_options options_of(const std::string& url) { return typedis::parse_url(url); }

std::string what_of(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    return x.what();
  }
}

TEST(async_client, get_set_and_typed_errors_in_a_coroutine) {
  asio::io_context io;
  typedis::async_client c{io.get_executor(), require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key("s");
  const std::string h = unique_key("h");
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    co_await c.set(k, "v1", {.expiration = typedis::ex{30s}}, use);
    EXPECT_EQ(co_await c.get(k, use), std::optional<std::string>("v1"));
    EXPECT_EQ(co_await c.get(unique_key("missing"), use), std::nullopt);
    EXPECT_GT(co_await c.ttl(k, use), 0);
    co_await c.hset(h, "f", "1", use);
    try {
      co_await c.incr(h, use);  // a hash: WRONGTYPE
      ADD_FAILURE() << "no exception";
    } catch (const typedis::server_error& e) {
      EXPECT_EQ(e.prefix(), "WRONGTYPE") << e.what();
      EXPECT_EQ(e.command(), "INCR");
    }
    // The connection is fine after the error reply.
    EXPECT_EQ(co_await c.hget(h, "f", use), std::optional<std::string>("1"));
    const std::vector<std::string> both{k, h};  // g++ 12: no braced list inside a co_await (docs/async.md)
    co_await c.async_execute(typedis::cmd::del(both), use);
  });
}

TEST(async_client, ten_thousand_coroutines_share_one_connection_and_get_their_own_replies) {
  asio::io_context io;
  typedis::async_client c{io.get_executor(), require_env("TYPEDIS_TEST_URL")};
  const std::string counter = unique_key("counter");
  const std::string prefix = unique_key("own");
  constexpr int n = 10000;
  std::atomic<int> finished{0};
  std::atomic<int> wrong{0};
  for (int i = 0; i < n; ++i) {
    asio::co_spawn(
        io,
        [&, i]() -> asio::awaitable<void> {
          const std::string own = prefix + ":" + std::to_string(i);
          co_await c.incr(counter, use);
          // Each coroutine's own key gets its own number: a reply handed to the wrong caller shows.
          const long long mine = co_await c.incrby(own, i, use);
          const auto back = co_await c.get(own, use);
          if (mine != i || back != std::to_string(i)) ++wrong;
          co_await c.del(own, use);
          ++finished;
        },
        asio::detached);
  }
  const auto until = std::chrono::steady_clock::now() + 60s;
  while (finished < n && std::chrono::steady_clock::now() < until) pump(io, 50ms);
  ASSERT_EQ(finished.load(), n);
  EXPECT_EQ(wrong.load(), 0);
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    EXPECT_EQ(co_await c.get(counter, use), std::optional<std::string>(std::to_string(n)));
    co_await c.del(counter, use);
  });
  const auto s = c.stats();
  EXPECT_EQ(s.connects, 1u) << "one connection for every coroutine";
  // Automatic pipelining: far fewer writes than requests (40,000 requests here).
  EXPECT_LT(s.writes * 10, s.requests) << "writes " << s.writes << ", requests " << s.requests;
  std::printf("[ async ] %d coroutines: %llu requests, %llu writes, %llu reads\n", n,
              static_cast<unsigned long long>(s.requests), static_cast<unsigned long long>(s.writes),
              static_cast<unsigned long long>(s.reads));
}

TEST(async_client, callbacks_futures_deferred_and_as_tuple) {
  asio::io_context io;
  typedis::async_client c{io.get_executor(), require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key("n");
  std::thread runner([&] {
    auto guard = asio::make_work_guard(io);
    io.run_for(30s);
  });

  // A callback gets the error without a throw.
  std::promise<long long> got;
  c.incr(k, [&](std::exception_ptr e, long long n) {
    if (e) got.set_exception(e);
    else got.set_value(n);
  });
  EXPECT_EQ(got.get_future().get(), 1);

  std::promise<std::string> error_text;
  c.lpush(k, {"x"}, [&](std::exception_ptr e, long long) { error_text.set_value(e ? what_of(e) : "no error"); });
  EXPECT_NE(error_text.get_future().get().find("WRONGTYPE"), std::string::npos);

  // A future rethrows the typed exception.
  std::future<long long> f = c.incrby(k, 41, asio::use_future);
  EXPECT_EQ(f.get(), 42);
  std::future<long long> bad = c.lpush(k, {"x"}, asio::use_future);
  EXPECT_THROW(bad.get(), typedis::server_error);

  // Deferred: nothing is sent until the operation is started.
  auto op = c.incr(k, asio::experimental::deferred);
  std::future<long long> later = std::move(op)(asio::use_future);
  EXPECT_EQ(later.get(), 43);

  std::promise<std::tuple<std::exception_ptr, std::optional<std::string>>> tuple;
  c.get(k, asio::experimental::as_tuple([&](std::tuple<std::exception_ptr, std::optional<std::string>> t) {
    tuple.set_value(std::move(t));
  }));
  auto [e, v] = tuple.get_future().get();
  EXPECT_FALSE(e);
  EXPECT_EQ(v, std::optional<std::string>("43"));

  c.del(k, asio::use_future).get();
  c.close();
  io.stop();
  runner.join();
}

TEST(async_client, cancelled_requests_in_a_batch_do_not_shift_replies) {
  asio::io_context io;
  typedis::async_client c{io.get_executor(), require_env("TYPEDIS_TEST_URL")};
  const std::string prefix = unique_key("c");
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    for (int i = 0; i < 200; ++i) co_await c.set(prefix + std::to_string(i), std::to_string(i), use);
  });
  // 200 GETs issued together; every third is cancelled before its reply is read (some before
  // they are written, some after). The others must each get their own key's value.
  std::vector<asio::cancellation_signal> signals(200);
  std::vector<std::optional<std::string>> values(200);
  std::vector<std::exception_ptr> errors(200);
  int completed = 0;
  for (int i = 0; i < 200; ++i) {
    c.get(prefix + std::to_string(i),
          asio::bind_cancellation_slot(signals[i].slot(), [&, i](std::exception_ptr e, std::optional<std::string> v) {
            errors[i] = e;
            values[i] = std::move(v);
            ++completed;
          }));
    if (i % 3 == 0) signals[i].emit(asio::cancellation_type::terminal);
  }
  // A request written and then cancelled while the server is busy.
  asio::cancellation_signal sleep_signal;
  std::exception_ptr sleep_error;
  c.debug("SLEEP", {.args = std::vector<std::string>{"0.2"}},
          asio::bind_cancellation_slot(sleep_signal.slot(), [&](std::exception_ptr e, const typedis::resp::value&) {
            sleep_error = e;
            ++completed;
          }));
  asio::steady_timer t(io, 50ms);
  t.async_wait([&](std::error_code) { sleep_signal.emit(asio::cancellation_type::terminal); });
  std::optional<std::string> after;
  c.get(prefix + "7", [&](std::exception_ptr, std::optional<std::string> v) {
    after = std::move(v);
    ++completed;
  });
  const auto until = std::chrono::steady_clock::now() + 20s;
  while (completed < 202 && std::chrono::steady_clock::now() < until) pump(io, 20ms);
  ASSERT_EQ(completed, 202);
  for (int i = 0; i < 200; ++i) {
    if (i % 3 == 0) {
      ASSERT_TRUE(errors[i]) << i;
      try {
        std::rethrow_exception(errors[i]);
      } catch (const typedis::cancelled_error&) {
      } catch (const std::exception& x) {
        ADD_FAILURE() << i << ": " << x.what();
      }
    } else {
      EXPECT_FALSE(errors[i]) << i << ": " << what_of(errors[i]);
      EXPECT_EQ(values[i], std::optional<std::string>(std::to_string(i))) << i;
    }
  }
  ASSERT_TRUE(sleep_error);
  EXPECT_NE(what_of(sleep_error).find("may have executed"), std::string::npos) << what_of(sleep_error);
  EXPECT_EQ(after, std::optional<std::string>("7"));
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    for (int i = 0; i < 200; ++i) co_await c.del(prefix + std::to_string(i), use);
  });
}

TEST(async_client, a_request_timeout_fires_against_debug_sleep_and_the_next_reply_is_right) {
  asio::io_context io;
  typedis::async_client c{io.get_executor(), require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key("t");
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    co_await c.set(k, "after", use);
    const std::vector<std::string> sleep_args{"0.6"};
    const auto start = std::chrono::steady_clock::now();
    try {
      co_await c.with_timeout(150ms).debug("SLEEP", {.args = sleep_args}, use);
      ADD_FAILURE() << "no timeout";
    } catch (const typedis::timeout_error& e) {
      EXPECT_EQ(e.state(), typedis::send_state::may_have_executed) << e.what();
    }
    const auto waited = std::chrono::steady_clock::now() - start;
    EXPECT_GE(waited, 140ms);
    EXPECT_LT(waited, 550ms) << "the timeout fired before DEBUG SLEEP's reply";
    // The sleep's reply comes later and is dropped; this GET gets its own.
    EXPECT_EQ(co_await c.get(k, use), std::optional<std::string>("after"));
    co_await c.del(k, use);
  });
}

TEST(async_client, awaitable_operators_race_a_request_against_a_timer) {
  using namespace asio::experimental::awaitable_operators;
  asio::io_context io;
  typedis::async_client c{io.get_executor(), require_env("TYPEDIS_TEST_URL")};
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    asio::steady_timer timer(co_await asio::this_coro::executor, 100ms);
    const std::vector<std::string> sleep_args{"0.4"};
    auto r = co_await (c.debug("SLEEP", {.args = sleep_args}, use) || timer.async_wait(use));
    EXPECT_EQ(r.index(), 1u) << "the timer won";
    EXPECT_EQ(co_await c.ping(use), "PONG");
    asio::steady_timer slow(co_await asio::this_coro::executor, 5s);
    auto r2 = co_await (c.ping(use) || slow.async_wait(use));
    EXPECT_EQ(r2.index(), 0u) << "the request won";
  });
}

TEST(async_client, blocking_commands_use_their_own_connection) {
  asio::io_context io;
  typedis::async_client c{io.get_executor(), require_env("TYPEDIS_TEST_URL")};
  const std::string q = unique_key("q");
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    std::optional<std::pair<std::string, std::string>> popped;
    bool popped_done = false;
    c.blpop({q}, 5s, [&](std::exception_ptr e, auto v) {
      EXPECT_FALSE(e) << what_of(e);
      popped = std::move(v);
      popped_done = true;
    });
    // The shared connection is not stuck behind BLPOP.
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < 5; ++i) EXPECT_EQ(co_await c.ping(use), "PONG");
    EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
    const std::string item = "item";
    co_await c.rpush(q, item, use);
    asio::steady_timer t(co_await asio::this_coro::executor);
    for (int i = 0; i < 100 && !popped_done; ++i) {
      t.expires_after(20ms);
      co_await t.async_wait(use);
    }
    CO_ASSERT(popped_done)
    CO_ASSERT(popped)
    EXPECT_EQ(popped->first, q);
    EXPECT_EQ(popped->second, "item");
  });
  EXPECT_GE(c.stats().dedicated, 1u);
}

TEST(async_client, pipeline_and_transaction_return_the_sync_tuples) {
  asio::io_context io;
  typedis::async_client c{io.get_executor(), require_env("TYPEDIS_TEST_URL")};
  const std::string n = unique_key("n");
  const std::string k = unique_key("k");
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    std::tuple<long long, std::optional<std::string>, long long> r =
        co_await c.pipeline().incr(n).get(k).incrby(n, 10).async_exec(use);
    EXPECT_EQ(std::get<0>(r), 1);
    EXPECT_EQ(std::get<1>(r), std::nullopt);
    EXPECT_EQ(std::get<2>(r), 11);

    auto results = co_await c.pipeline().set(k, "x").incr(k).get(k).async_exec_results(use);
    EXPECT_TRUE(std::get<0>(results).has_value());
    CO_ASSERT(!(std::get<1>(results).has_value()))
    EXPECT_EQ(std::get<1>(results).error().prefix, "ERR");
    EXPECT_EQ(*std::get<2>(results), std::optional<std::string>("x"));

    std::optional<std::tuple<long long, long long>> tx = co_await c.transaction().incr(n).incr(n).async_exec(use);
    CO_ASSERT(tx)
    EXPECT_EQ(std::get<0>(*tx), 12);
    EXPECT_EQ(std::get<1>(*tx), 13);

    // WATCH on a pinned connection; a change by another connection aborts EXEC (std::nullopt).
    auto pinned = c.pin();
    const std::vector<std::string> watched{n};
    co_await pinned.watch(watched, use);
    co_await c.incr(n, use);  // the shared connection changes the watched key
    auto aborted = co_await pinned.transaction().incr(n).async_exec(use);
    EXPECT_FALSE(aborted) << "a watched key changed: EXEC must abort";
    co_await pinned.watch(watched, use);
    auto ran = co_await pinned.transaction().incr(n).async_exec(use);
    CO_ASSERT(ran)
    EXPECT_EQ(std::get<0>(*ran), 15);
    const std::vector<std::string> both{n, k};
    co_await c.del(both, use);
  });
}

TEST(async_client, runs_on_a_multithreaded_io_context) {
  asio::io_context io(4);
  typedis::async_client c{io.get_executor(), require_env("TYPEDIS_TEST_URL")};
  const std::string k = unique_key("mt");
  std::atomic<int> done{0};
  std::atomic<int> errors{0};
  constexpr int per_thread = 500;
  auto guard = asio::make_work_guard(io);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back([&] { io.run(); });
  // Requests from threads that do not run the io_context, too.
  std::vector<std::thread> callers;
  for (int t = 0; t < 4; ++t)
    callers.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i)
        c.incr(k, [&](std::exception_ptr e, long long) {
          if (e) ++errors;
          ++done;
        });
    });
  for (auto& t : callers) t.join();
  const auto until = std::chrono::steady_clock::now() + 30s;
  while (done < 4 * per_thread && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(done.load(), 4 * per_thread);
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(c.get(k, asio::use_future).get(), std::optional<std::string>(std::to_string(4 * per_thread)));
  c.del(k, asio::use_future).get();
  guard.reset();
  c.close();
  io.stop();
  for (auto& t : threads) t.join();
}

TEST(async_client, unix_socket_and_tls) {
  const char* unix_path = std::getenv("TYPEDIS_TEST_UNIX");
  const char* tls_url = std::getenv("TYPEDIS_TEST_TLS_URL");
  if (!unix_path || !tls_url) GTEST_SKIP() << "TYPEDIS_TEST_UNIX / TYPEDIS_TEST_TLS_URL not set";
  asio::io_context io;
  typedis::async_client over_unix{io.get_executor(), std::string("unix://") + unix_path};
  typedis::client_options tls = options_of(tls_url);
  tls.connection.tls.ca_file = require_env("TYPEDIS_TEST_TLS_CA");
  tls.connection.tls.cert_file = require_env("TYPEDIS_TEST_TLS_CERT");
  tls.connection.tls.key_file = require_env("TYPEDIS_TEST_TLS_KEY");
  typedis::async_client over_tls{io.get_executor(), tls};
  typedis::client_options wrong = tls;
  wrong.connection.tls.ca_file = require_env("TYPEDIS_TEST_TLS_WRONG_CA");
  wrong.retry.max_attempts = 1;
  typedis::async_client unverified{io.get_executor(), wrong};
  const std::string k = unique_key("u");
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    co_await over_unix.set(k, "via unix", use);
    EXPECT_EQ(co_await over_unix.get(k, use), std::optional<std::string>("via unix"));
    co_await over_unix.del(k, use);
    EXPECT_EQ(co_await over_tls.echo("via tls", use), "via tls");
    auto r = co_await over_tls.pipeline().ping().echo("x").async_exec(use);
    EXPECT_EQ(std::get<1>(r), "x");
    try {
      co_await unverified.ping(use);
      ADD_FAILURE() << "a certificate from an unknown CA was accepted";
    } catch (const typedis::io_error& e) {
      EXPECT_NE(std::string(e.what()).find("certificate verify failed"), std::string::npos) << e.what();
      EXPECT_EQ(e.state(), typedis::send_state::not_sent);
    }
  });
}

TEST(async_client, server_killed_with_a_thousand_requests_in_flight) {
  typedis::test::spawned_server server({"--enable-debug-command", "yes"});
  asio::io_context io;
  typedis::client_options o = options_of(server.url());
  o.retry.max_attempts = 2;
  o.retry.backoff.initial_delay = 10ms;
  o.connection.connect_timeout = 1000ms;
  typedis::async_client c{io.get_executor(), o};
  run_coroutine(io, [&]() -> asio::awaitable<void> { EXPECT_EQ(co_await c.ping(use), "PONG"); });

  // The server sleeps, then is killed: the INCRs behind the sleep are written but never answered.
  int completed = 0;
  int may_have_executed = 0;
  int other = 0;
  std::string sleep_outcome;
  c.debug("SLEEP", {.args = std::vector<std::string>{"2"}}, [&](std::exception_ptr e, const typedis::resp::value&) {
    sleep_outcome = e ? what_of(e) : "replied";
    ++completed;
  });
  std::string first_outcome;
  for (int i = 0; i < 1000; ++i)
    c.incr("killed:n", [&](std::exception_ptr e, long long n) {
      if (first_outcome.empty()) first_outcome = e ? what_of(e) : "replied " + std::to_string(n);
      ++completed;
      try {
        if (e) std::rethrow_exception(e);
        ++other;
      } catch (const typedis::io_error& x) {
        if (x.state() == typedis::send_state::may_have_executed) ++may_have_executed;
        else ++other;
      } catch (...) {
        ++other;
      }
    });
  pump(io, 300ms);  // everything is written
  server.kill();
  const auto until = std::chrono::steady_clock::now() + 20s;
  while (completed < 1001 && std::chrono::steady_clock::now() < until) pump(io, 20ms);
  ASSERT_EQ(completed, 1001) << "a request hangs";
  EXPECT_EQ(may_have_executed, 1000) << "other outcomes: " << other << "; DEBUG SLEEP: " << sleep_outcome
                                      << "; the first INCR: " << first_outcome;

  // While the server is down, a request fails (not sent) instead of hanging.
  std::exception_ptr down;
  bool down_done = false;
  c.ping([&](std::exception_ptr e, std::string) {
    down = e;
    down_done = true;
  });
  const auto until2 = std::chrono::steady_clock::now() + 20s;
  while (!down_done && std::chrono::steady_clock::now() < until2) pump(io, 20ms);
  ASSERT_TRUE(down_done);
  ASSERT_TRUE(down);
  EXPECT_NE(what_of(down).find("not sent"), std::string::npos) << what_of(down);

  server.start();
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    EXPECT_EQ(co_await c.ping(use), "PONG") << "the client works again once the server is back";
    EXPECT_EQ(co_await c.incr("killed:n", use), 1) << "a new server, nothing was resent";
  });
}

TEST(async_client, read_only_requests_in_flight_are_resent_after_a_restart) {
  typedis::test::spawned_server server({"--enable-debug-command", "yes"});
  asio::io_context io;
  typedis::client_options o = options_of(server.url());
  o.retry.backoff.initial_delay = 10ms;
  typedis::async_client c{io.get_executor(), o};
  run_coroutine(io, [&]() -> asio::awaitable<void> { EXPECT_EQ(co_await c.ping(use), "PONG"); });
  int completed = 0;
  int ok = 0;
  c.debug("SLEEP", {.args = std::vector<std::string>{"1"}}, [&](std::exception_ptr, const typedis::resp::value&) { ++completed; });
  for (int i = 0; i < 50; ++i)
    c.exists(std::vector<std::string>{"nothing-here"}, [&](std::exception_ptr e, long long n) {
      ++completed;
      if (!e && n == 0) ++ok;
    });
  pump(io, 200ms);
  server.kill();
  server.start();
  const auto until = std::chrono::steady_clock::now() + 20s;
  while (completed < 51 && std::chrono::steady_clock::now() < until) pump(io, 20ms);
  ASSERT_EQ(completed, 51);
  EXPECT_EQ(ok, 50) << "EXISTS is read-only: resent on the new connection";
}

TEST(async_subscriber, receives_messages_and_survives_a_server_restart) {
  typedis::test::spawned_server server;
  asio::io_context io;
  typedis::client_options o = options_of(server.url());
  o.retry.backoff.initial_delay = 20ms;
  o.retry.backoff.max_delay = 200ms;
  typedis::async_subscriber sub{io.get_executor(), o};
  typedis::async_client pub{io.get_executor(), o};
  sub.subscribe({"news"});
  sub.psubscribe({"sport.*"});
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    auto first = co_await sub.async_receive(use);
    EXPECT_EQ(first.kind, typedis::message_kind::subscribe);
    auto second = co_await sub.async_receive(use);
    EXPECT_EQ(second.kind, typedis::message_kind::psubscribe);
    EXPECT_EQ(co_await pub.publish("news", "one", use), 1);
    auto m = co_await sub.async_receive(use);
    EXPECT_EQ(m.kind, typedis::message_kind::message);
    EXPECT_EQ(m.channel, "news");
    EXPECT_EQ(m.payload, "one");
    co_await pub.publish("sport.tennis", "ace", use);
    auto p = co_await sub.async_receive(use);
    EXPECT_EQ(p.kind, typedis::message_kind::pmessage);
    EXPECT_EQ(p.pattern, "sport.*");
    EXPECT_EQ(p.payload, "ace");
  });

  server.restart();
  run_coroutine(io, [&]() -> asio::awaitable<void> {
    // Resubscribed: publish until a subscriber is counted again.
    asio::steady_timer t(co_await asio::this_coro::executor);
    long long receivers = 0;
    for (int i = 0; i < 200 && receivers == 0; ++i) {
      try {
        receivers = co_await pub.publish("news", "two", use);
      } catch (const typedis::io_error&) {
      }
      if (receivers == 0) {
        t.expires_after(25ms);
        co_await t.async_wait(use);
      }
    }
    CO_ASSERT((receivers) == (1))
    for (;;) {
      auto m = co_await sub.async_receive(use);
      if (!m.is_data()) continue;  // the confirmations of the resubscription
      EXPECT_EQ(m.channel, "news");
      EXPECT_EQ(m.payload, "two");
      break;
    }
  });
  EXPECT_GE(sub.reconnects(), 1u);
}

}  // namespace
