// Syscalls per round trip (issue 16 item 1): a synchronous GET costs send + recv, like hiredis: the
// pool's closed-connection check is time-based (pool_closed_check, default 1 s) and skips a
// connection just used; with pool_closed_check=0 it adds one poll() per checkout. Counted by interposing send/recv/poll/setsockopt in this test binary (the
// library is linked into it, so its calls resolve here first); only calls made while a counting
// scope is open on the calling thread are counted, everything else goes straight to libc.
#include <dlfcn.h>
#include <poll.h>
#include <sys/socket.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <chrono>
#include <string>
#include <thread>

#include "test_env.hpp"
#include "typedis/typedis.hpp"

namespace {

struct counts {
  long send = 0;
  long recv = 0;
  long poll = 0;
  long setsockopt = 0;
};
thread_local counts* counting = nullptr;

template <class F>
F next_symbol(const char* name) {
  return reinterpret_cast<F>(::dlsym(RTLD_NEXT, name));
}

// While alive, this thread's calls are counted into `c`.
class counting_scope {
 public:
  explicit counting_scope(counts& c) { counting = &c; }
  ~counting_scope() { counting = nullptr; }
  counting_scope(const counting_scope&) = delete;
  counting_scope& operator=(const counting_scope&) = delete;
};

}  // namespace

extern "C" {
ssize_t send(int fd, const void* buf, size_t len, int flags) {
  static const auto real = next_symbol<ssize_t (*)(int, const void*, size_t, int)>("send");
  if (counting != nullptr) ++counting->send;
  return real(fd, buf, len, flags);
}
ssize_t recv(int fd, void* buf, size_t len, int flags) {
  static const auto real = next_symbol<ssize_t (*)(int, void*, size_t, int)>("recv");
  if (counting != nullptr) ++counting->recv;
  return real(fd, buf, len, flags);
}
int poll(struct pollfd* fds, nfds_t n, int timeout) {
  static const auto real = next_symbol<int (*)(struct pollfd*, nfds_t, int)>("poll");
  if (counting != nullptr) ++counting->poll;
  return real(fds, n, timeout);
}
int setsockopt(int fd, int level, int name, const void* value, socklen_t length) {
  static const auto real = next_symbol<int (*)(int, int, int, const void*, socklen_t)>("setsockopt");
  if (counting != nullptr) ++counting->setsockopt;
  return real(fd, level, name, value, length);
}
}

namespace {

using typedis::test::require_env;

constexpr int round_trips = 200;

TEST(syscall_count, a_round_trip_is_one_send_and_one_recv_by_default) {
  typedis::client c{require_env("TYPEDIS_TEST_URL")};
  const std::string k = typedis::test::unique_key();
  c.set(k, "value");
  c.get(k);  // connected, SO_RCVTIMEO set
  counts n;
  {
    counting_scope scope(n);
    for (int i = 0; i < round_trips; ++i) ASSERT_EQ(c.get(k), std::optional<std::string>("value"));
  }
  std::printf("[ syscalls ] per GET: send %.2f, recv %.2f, poll %.2f, setsockopt %.2f\n",
              static_cast<double>(n.send) / round_trips, static_cast<double>(n.recv) / round_trips,
              static_cast<double>(n.poll) / round_trips, static_cast<double>(n.setsockopt) / round_trips);
  EXPECT_EQ(n.send, round_trips);
  EXPECT_EQ(n.recv, round_trips);
  EXPECT_EQ(n.poll, 0) << "no poll() before a recv that has data, no closed check on a connection just used";
  EXPECT_EQ(n.setsockopt, 0) << "the receive timeout in force fits every reply's deadline";
  c.del(k);
}

TEST(syscall_count, a_closed_check_on_every_checkout_adds_one_poll) {
  typedis::client c{require_env("TYPEDIS_TEST_URL") + "?pool_closed_check=0"};
  const std::string k = typedis::test::unique_key();
  c.set(k, "value");
  counts n;
  {
    counting_scope scope(n);
    for (int i = 0; i < round_trips; ++i) ASSERT_EQ(c.get(k), std::optional<std::string>("value"));
  }
  EXPECT_EQ(n.send, round_trips);
  EXPECT_EQ(n.recv, round_trips);
  EXPECT_EQ(n.poll, round_trips) << "one check per checkout, no poll() in the read";
  c.del(k);
}

// A connection idle for longer than pool_closed_check is checked once before it is used again.
TEST(syscall_count, a_connection_idle_past_the_closed_check_window_is_polled_once) {
  typedis::client c{require_env("TYPEDIS_TEST_URL") + "?pool_closed_check=50ms"};
  const std::string k = typedis::test::unique_key();
  c.set(k, "value");
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  counts n;
  {
    counting_scope scope(n);
    for (int i = 0; i < 3; ++i) ASSERT_EQ(c.get(k), std::optional<std::string>("value"));
  }
  EXPECT_EQ(n.poll, 1) << "the first GET after the pause checks, the next two do not";
  EXPECT_EQ(n.send, 3);
  EXPECT_EQ(n.recv, 3);
  c.del(k);
}

TEST(syscall_count, a_pipeline_of_a_thousand_gets_waits_in_recv_not_in_poll) {
  typedis::client c{require_env("TYPEDIS_TEST_URL")};
  const std::string k = typedis::test::unique_key();
  c.set(k, "value");
  c.get(k);
  counts n;
  {
    counting_scope scope(n);
    auto p = c.dynamic_pipeline<std::optional<std::string>>();
    for (int i = 0; i < 1000; ++i) p.add(typedis::cmd::get(k));
    const auto values = p.exec();
    ASSERT_EQ(values.size(), 1000u);
    EXPECT_EQ(values.back(), std::optional<std::string>("value"));
  }
  EXPECT_EQ(n.poll, 0);
  EXPECT_EQ(n.send, 1) << "one write for the batch (the socket buffer holds 1,000 GETs)";
  EXPECT_GE(n.recv, 1);
  EXPECT_LE(n.recv, 40) << "recv returns what has arrived; 15 KB of replies take a few reads, not one per reply";
  c.del(k);
}

}  // namespace
