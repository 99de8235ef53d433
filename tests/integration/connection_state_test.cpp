// Commands that change a connection's state never leak through the pool (issue 15, item 6). With
// pool_size=1 every call reuses the one pooled connection, so any state left on it would show in the
// next call. The typed methods of these commands are not on the pooled client at all
// (tests/compile_fail/pooled_*.cpp); here: what reaches the pool another way, and pinned
// connections, which have the methods and are reset (UNWATCH) or discarded when released.
#include <gtest/gtest.h>

#include <optional>
#include <stdexcept>
#include <string>

#include "test_env.hpp"
#include "typedis/typedis.hpp"

using typedis::test::require_env;
using typedis::test::unique_key;

namespace {

class connection_state_test : public ::testing::TestWithParam<int> {
 protected:
  typedis::client_options options(int db = 0) const {
    typedis::client_options o = typedis::parse_url(require_env("TYPEDIS_TEST_URL"));
    if (GetParam() == 2) o.connection.protocol = typedis::protocol_version::resp2;
    o.connection.database = db;
    return o;
  }
  // One pooled connection: what one call leaves on it, the next call sees.
  typedis::client single(int db = 0) const {
    typedis::client_options o = options(db);
    o.pool.max_size = 1;
    return typedis::client{o};
  }
};

TEST_P(connection_state_test, pinned_watch_does_not_abort_a_later_unrelated_transaction) {
  typedis::client r = single();
  typedis::client other{options()};
  const std::string watched = unique_key("watched");
  const std::string k = unique_key();
  {
    auto conn = r.pin();
    conn.watch({watched});
    other.set(watched, "changed");
  }  // released while watching
  auto outcome = r.transaction().set(k, "v").incr(k + ":n").exec();
  ASSERT_TRUE(outcome.has_value()) << "a WATCH of a released pinned connection aborted a pooled transaction";
  EXPECT_EQ(std::get<1>(*outcome), 1);
  EXPECT_EQ(r.get(k), "v");
  EXPECT_EQ(r.stats().created, 1u) << "an UNWATCHed connection goes back to the pool";
}

TEST_P(connection_state_test, pinned_select_does_not_leak_into_later_pooled_writes) {
  typedis::client r = single();
  typedis::client db1{options(1)};
  const std::string pinned_key = unique_key("pinned");
  const std::string pooled_key = unique_key("pooled");
  {
    auto conn = r.pin();
    conn.select(1);
    conn.set(pinned_key, "in db 1");
    EXPECT_TRUE(conn.state_changed());
  }
  r.set(pooled_key, "in db 0");
  EXPECT_EQ(r.get(pooled_key), "in db 0");
  EXPECT_EQ(db1.exists({pooled_key}), 0) << "a pooled write landed in the database a pinned connection selected";
  EXPECT_EQ(db1.get(pinned_key), "in db 1");
  EXPECT_EQ(r.get(pinned_key), std::nullopt);
  EXPECT_EQ(r.stats().discarded, 1u) << "the connection that ran SELECT is discarded, not pooled";
  db1.del({pinned_key});
}

TEST_P(connection_state_test, pinned_setname_is_not_inherited_by_the_pool) {
  typedis::client r = single();
  {
    auto conn = r.pin();
    conn.client_setname("typedis-pinned");
    EXPECT_EQ(conn.client_getname(), "typedis-pinned");
  }
  EXPECT_NE(r.client_getname(), std::optional<std::string>("typedis-pinned"));
  EXPECT_EQ(r.stats().discarded, 1u);
}

TEST_P(connection_state_test, multi_sent_to_the_pool_is_refused_before_it_is_written) {
  typedis::client r = single();
  const std::string k = unique_key();
  r.set(k, "v");
  EXPECT_THROW(r.execute(typedis::cmd::multi()), std::logic_error);
  EXPECT_EQ(r.get(k), "v") << "the pooled connection is in a MULTI (GET answered QUEUED)";
  EXPECT_EQ(r.stats().created, 1u);
  EXPECT_EQ(r.stats().discarded, 0u);
}

TEST_P(connection_state_test, subscribe_sent_to_the_pool_is_refused_before_it_is_written) {
  typedis::client r = single();
  const std::string k = unique_key();
  EXPECT_THROW(r.execute(typedis::cmd::subscribe({unique_key("channel")})), std::logic_error);
  EXPECT_EQ(r.incr(k), 1) << "the pooled connection is in subscribed mode";
  EXPECT_EQ(r.stats().discarded, 0u);
}

TEST_P(connection_state_test, select_in_a_pooled_pipeline_refuses_the_whole_batch) {
  typedis::client r = single();
  const std::string k = unique_key();
  EXPECT_THROW((void)r.pipeline().set(k, "v").execute(typedis::cmd::select(1)).exec(), std::logic_error);
  EXPECT_EQ(r.exists({k}), 0) << "nothing of a refused batch is sent";
  r.set(k, "db 0");
  typedis::client db1{options(1)};
  EXPECT_EQ(db1.exists({k}), 0);
}

TEST_P(connection_state_test, watch_and_select_in_a_pinned_pipeline_stay_on_the_pinned_connection) {
  typedis::client r = single();
  typedis::client db1{options(1)};
  const std::string k = unique_key();
  {
    auto conn = r.pin();
    auto [n] = conn.pipeline().execute(typedis::cmd::select(1)).exec();
    (void)n;
    EXPECT_TRUE(conn.state_changed());
    conn.set(k, "in db 1");
  }
  EXPECT_EQ(r.get(k), std::nullopt);
  EXPECT_EQ(db1.get(k), "in db 1");
  EXPECT_EQ(r.stats().discarded, 1u);
  db1.del({k});
}

INSTANTIATE_TEST_SUITE_P(protocols, connection_state_test, ::testing::Values(2, 3),
                         [](const ::testing::TestParamInfo<int>& i) { return "resp" + std::to_string(i.param); });

}  // namespace
