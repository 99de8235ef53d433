// The connection pool as a cluster or sentinel client will use it: built from one endpoint whose
// options it owns (nothing refers back into a client or a caller's options), one pool per node.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "sync/endpoint.hpp"
#include "sync/pool.hpp"
#include "test_env.hpp"
#include "typedis/typedis.hpp"

namespace {

std::optional<std::string> client_name_of(typedis::connection_pool& pool) {
  auto lease = pool.acquire();
  const auto getname = typedis::cmd::client_getname();
  std::optional<std::string> name;
  lease->roundtrip(getname.bytes(), getname.name(), [&](typedis::resp::reply_cursor& cursor) {
    typedis::decoder<std::optional<std::string>>::decode(cursor, name);
  });
  return name;
}

std::unique_ptr<typedis::connection_pool> pool_named(const std::string& name) {
  typedis::connection_options o = typedis::parse_url(typedis::test::require_env("TYPEDIS_TEST_URL")).connection;
  o.client_name = name;
  auto pool = std::make_unique<typedis::connection_pool>(typedis::endpoint::make(o), typedis::pool_options{});
  o.client_name = "changed-after";  // the pool took a copy
  return pool;
}

}  // namespace

TEST(endpoint_pool, owns_the_options_it_was_built_from) {
  auto pool = pool_named("node-a");  // the options it was built from are gone
  EXPECT_EQ(client_name_of(*pool), "node-a");
  EXPECT_EQ(client_name_of(*pool), "node-a");  // the same connection, reused
  const typedis::pool_stats s = pool->stats();
  EXPECT_EQ(s.created, 1u);
  EXPECT_EQ(s.idle, 1u);
  EXPECT_EQ(pool->target().options->client_name, "node-a");
}

TEST(endpoint_pool, one_pool_per_node) {
  auto a = pool_named("node-a");
  auto b = pool_named("node-b");
  EXPECT_EQ(client_name_of(*a), "node-a");
  EXPECT_EQ(client_name_of(*b), "node-b");
  a.reset();  // one node goes away; the other's connections are unaffected
  EXPECT_EQ(client_name_of(*b), "node-b");
  EXPECT_EQ(b->stats().created, 1u);
}
