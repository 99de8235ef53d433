// The sentinel_group fixture itself (one primary, two replicas, three sentinels as child processes),
// checked with its own RESP helper only: the group becomes healthy, every sentinel names the
// primary, a sentinel can be stopped and started, SENTINEL FAILOVER moves the primary and demotes
// the old one, and a killed primary is replaced and comes back as a replica.
//
// One group for the whole suite (starting one takes a few seconds); the destructive tests come last
// and each starts by waiting until the group is healthy again, so they also pass alone (ctest runs
// every test in a process of its own, each with its own group).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "sentinel_group.hpp"
#include "test_env.hpp"

using namespace std::chrono_literals;
using typedis::test::eventually;
using typedis::test::raw_command;
using typedis::test::resp_command;
using typedis::test::resp_reply;
using typedis::test::sentinel_group;
using typedis::test::unique_key;

namespace {

using clock_type = std::chrono::steady_clock;

long long elapsed_ms(clock_type::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - since).count();
}

std::string field(const resp_reply& reply, const std::string& name) {
  for (std::size_t i = 0; i + 1 < reply.elements.size(); i += 2) {
    if (reply.elements[i].text == name) return reply.elements[i + 1].text;
  }
  return {};
}

// The primary port sentinel `port` names, or -1.
int named_primary(int sentinel_port) {
  try {
    const auto addr = resp_command(sentinel_port, {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"});
    return addr.elements.size() == 2 ? std::stoi(addr.elements[1].text) : -1;
  } catch (const std::exception&) {
    return -1;
  }
}

std::string role_of(int port) { return resp_command(port, {"ROLE"}).elements.at(0).text; }

class sentinel_group_test : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* server = std::getenv("TYPEDIS_REDIS_SERVER");
    if (server == nullptr || *server == '\0') return;
    const auto started = clock_type::now();
    try {
      group_ = std::make_unique<sentinel_group>();
      std::cout << "[ sentinel ] group healthy after " << elapsed_ms(started) << " ms (" << group_->sentinel_url()
                << ")\n";
    } catch (const std::exception& e) {
      setup_error_ = e.what();
    }
  }
  static void TearDownTestSuite() { group_.reset(); }

  void SetUp() override {
    const char* server = std::getenv("TYPEDIS_REDIS_SERVER");
    if (server == nullptr || *server == '\0') {
      GTEST_SKIP() << "TYPEDIS_REDIS_SERVER is not set: no server binary to start a sentinel group with";
    }
    ASSERT_NE(group_, nullptr) << "the sentinel group did not start: " << setup_error_;
  }

  static inline std::unique_ptr<sentinel_group> group_;
  static inline std::string setup_error_;
};

}  // namespace

TEST_F(sentinel_group_test, becomes_healthy) {
  const auto data = group_->data_ports();
  const auto sentinels = group_->sentinel_ports();
  ASSERT_EQ(data.size(), 3u);
  ASSERT_EQ(sentinels.size(), 3u);
  EXPECT_EQ(group_->master_name(), "mymaster");
  EXPECT_EQ(group_->sentinel_url(), "redis+sentinel://127.0.0.1:" + std::to_string(sentinels[0]) + ",127.0.0.1:" +
                                        std::to_string(sentinels[1]) + ",127.0.0.1:" + std::to_string(sentinels[2]) +
                                        "/mymaster");
  const int primary = group_->primary_port();
  EXPECT_EQ(primary, data[0]) << "the first data port is the primary at start";
  EXPECT_EQ(role_of(primary), "master");
  for (const int port : data) {
    if (port == primary) continue;
    const auto role = resp_command(port, {"ROLE"});
    ASSERT_GE(role.elements.size(), 4u) << raw_command(port, {"ROLE"});
    EXPECT_EQ(role.elements[0].text, "slave");
    EXPECT_EQ(role.elements[2].text, std::to_string(primary));
    EXPECT_EQ(role.elements[3].text, "connected");
  }
  for (const int port : sentinels) {
    EXPECT_EQ(role_of(port), "sentinel");
    const auto master = resp_command(port, {"SENTINEL", "MASTER", "mymaster"});
    EXPECT_EQ(field(master, "num-other-sentinels"), "2") << "sentinel on " << port;
    EXPECT_EQ(field(master, "num-slaves"), "2") << "sentinel on " << port;
    EXPECT_EQ(field(master, "quorum"), "2") << "sentinel on " << port;
  }
  // The raw helper returns the reply bytes as they came.
  EXPECT_EQ(raw_command(primary, {"PING"}), "+PONG\r\n");
  EXPECT_EQ(raw_command(primary, {"DEBUG", "SLEEP", "0"}), "+OK\r\n") << "data nodes enable DEBUG";
}

TEST_F(sentinel_group_test, every_sentinel_names_the_primary) {
  const int primary = group_->primary_port();
  for (const int port : group_->sentinel_ports()) {
    const auto addr = resp_command(port, {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"});
    ASSERT_EQ(addr.elements.size(), 2u) << raw_command(port, {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", "mymaster"});
    EXPECT_EQ(addr.elements[0].text, "127.0.0.1");
    EXPECT_EQ(addr.elements[1].text, std::to_string(primary)) << "sentinel on " << port;
  }
  // An unknown name is a nil reply, not an error.
  EXPECT_EQ(raw_command(group_->sentinel_ports()[0], {"SENTINEL", "GET-MASTER-ADDR-BY-NAME", "nosuchmaster"}),
            "*-1\r\n");
}

TEST_F(sentinel_group_test, a_stopped_sentinel_can_be_started_again) {
  const int primary = group_->primary_port();
  const int port = group_->sentinel_ports()[0];
  group_->stop_sentinel(0);
  EXPECT_THROW(raw_command(port, {"PING"}), std::runtime_error);
  EXPECT_EQ(group_->primary_port(), primary) << "the other sentinels still answer";
  const auto started = clock_type::now();
  group_->start_sentinel(0);
  std::cout << "[ sentinel ] sentinel restarted in " << elapsed_ms(started) << " ms\n";
  // It read its rewritten config: it names the primary at once and knows the others.
  EXPECT_EQ(named_primary(port), primary);
  group_->wait_until_healthy(10s);
}

TEST_F(sentinel_group_test, failover_moves_the_primary_and_demotes_the_old_one) {
  group_->wait_until_healthy(20s);
  const int old_primary = group_->primary_port();
  const std::string key = unique_key();
  ASSERT_EQ(raw_command(old_primary, {"SET", key, "before failover"}), "+OK\r\n");
  // Both replicas have it before the failover, so the new primary must have it too. (Not WAIT:
  // raw_command opens a connection per call, and WAIT on a connection that wrote nothing returns
  // at once.)
  for (const int port : group_->data_ports()) {
    ASSERT_TRUE(eventually([&] { return raw_command(port, {"GET", key}) == "$15\r\nbefore failover\r\n"; }, 5s))
        << "the write did not reach " << port;
  }

  const auto started = clock_type::now();
  group_->failover();
  const int new_primary = group_->wait_for_new_primary(old_primary, 20s);
  const auto promoted_ms = elapsed_ms(started);
  group_->wait_for_replica(old_primary, new_primary, 20s);
  const auto demoted_ms = elapsed_ms(started);
  std::cout << "[ sentinel ] SENTINEL FAILOVER: new primary " << new_primary << " after " << promoted_ms
            << " ms, old primary " << old_primary << " a replica after " << demoted_ms << " ms\n";

  EXPECT_NE(new_primary, old_primary);
  EXPECT_LT(promoted_ms, 20000);
  EXPECT_EQ(role_of(old_primary), "slave");
  EXPECT_EQ(raw_command(new_primary, {"GET", key}), "$15\r\nbefore failover\r\n");
  // A demoted primary refuses writes (READONLY), which a client must treat as "look up the primary again".
  const auto refused = resp_command(old_primary, {"SET", key, "after failover"});
  EXPECT_TRUE(refused.is_error());
  EXPECT_EQ(refused.text.rfind("READONLY", 0), 0u) << refused.text;
  // Every sentinel ends up naming the new primary (the others learn it from hello messages).
  for (const int port : group_->sentinel_ports()) {
    EXPECT_TRUE(eventually([&] { return named_primary(port) == new_primary; }, 10s)) << "sentinel on " << port;
  }
}

TEST_F(sentinel_group_test, a_killed_primary_is_replaced_and_comes_back_as_a_replica) {
  group_->wait_until_healthy(20s);
  const int old_primary = group_->primary_port();

  const auto started = clock_type::now();
  group_->kill_data_node(old_primary);
  const int new_primary = group_->wait_for_new_primary(old_primary, 20s);
  const auto promoted_ms = elapsed_ms(started);
  EXPECT_NE(new_primary, old_primary);
  EXPECT_LT(promoted_ms, 20000);

  const auto restarted = clock_type::now();
  group_->restart_data_node(old_primary);
  // It starts as an (empty) primary of its own: its config file still says so. The sentinels turn it
  // into a replica a few seconds later. Between the two a client that asked it ROLE would see a
  // second "master": only the sentinels' answer counts.
  group_->wait_for_replica(old_primary, new_primary, 20s);
  const auto demoted_ms = elapsed_ms(restarted);
  std::cout << "[ sentinel ] killed primary " << old_primary << ": new primary " << new_primary << " after "
            << promoted_ms << " ms; restarted old primary a replica after " << demoted_ms << " ms\n";
  EXPECT_EQ(role_of(old_primary), "slave");
  group_->wait_until_healthy(20s);
}
