// The cluster topology and the split of multi-key commands, without a server: CLUSTER SHARDS in
// both protocols and CLUSTER SLOTS, failed nodes left out, malformed entries skipped; MGET/MSET/DEL
// cut by slot with the caller's key positions; commands that cannot be cut.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/cluster_topology.hpp"
#include "core/slot.hpp"
#include "typedis/resp/request_args.hpp"
#include "typedis/typedis.hpp"

namespace {

using typedis::resp::value;
namespace cluster = typedis::core::cluster;

value str(std::string s) { return value::make_string(std::move(s)); }
value num(long long n) { return value::make_integer(n); }
value fields(std::vector<std::pair<std::string, value>> f, bool resp3) {
  std::vector<value> flat;
  for (auto& [k, v] : f) {
    flat.push_back(str(k));
    flat.push_back(std::move(v));
  }
  return value::make_array(std::move(flat), resp3 ? typedis::resp::type::map : typedis::resp::type::array);
}
value node_entry(int port, const char* role, const char* health, bool resp3) {
  return fields({{"id", str("id" + std::to_string(port))},
                 {"port", num(port)},
                 {"ip", str("10.0.0.1")},
                 {"endpoint", str("node" + std::to_string(port) + ".example")},
                 {"role", str(role)},
                 {"health", str(health)}},
                resp3);
}

TEST(cluster_topology, shards_in_both_protocols) {
  for (bool resp3 : {false, true}) {
    SCOPED_TRACE(resp3 ? "RESP3" : "RESP2");
    const value reply = value::make_array({
        fields({{"slots", value::make_array({num(0), num(5460), num(7000), num(7001)})},
                {"nodes", value::make_array({node_entry(7000, "master", "online", resp3),
                                             node_entry(7003, "replica", "loading", resp3),
                                             node_entry(7004, "replica", "failed", resp3)})}},
               resp3),
        fields({{"slots", value::make_array({num(5461), num(16383)})},
                {"nodes", value::make_array({node_entry(7001, "master", "failed", resp3)})}},
               resp3),  // no online primary: left out
    });
    const auto shards = cluster::parse_shards(reply);
    ASSERT_EQ(shards.size(), 1u);
    EXPECT_EQ(shards[0].ranges.size(), 2u);
    EXPECT_EQ(shards[0].ranges[1], (std::pair<std::uint16_t, std::uint16_t>{7000, 7001}));
    EXPECT_EQ(shards[0].primary.name(), "node7000.example:7000") << "the endpoint, not the ip";
    ASSERT_EQ(shards[0].replicas.size(), 1u) << "a loading replica serves; a failed one does not";
    EXPECT_EQ(shards[0].replicas[0].port, 7003);
  }
  EXPECT_TRUE(cluster::parse_shards(str("ERR")).empty());
}

// Valkey and Redis 8 spell a failed node's health "fail" (Redis documents "failed"), and keep it in
// its shard as a second "master" after its replica took over: the failed one must never be chosen,
// whichever comes first and however its health is spelled. (Seen as a client that kept sending a
// killed primary's slots to it.)
TEST(cluster_topology, a_failed_primary_is_never_chosen_however_its_health_is_spelled) {
  for (bool resp3 : {false, true})
    for (const char* failed : {"fail", "failed"})
      for (bool failed_first : {false, true}) {
        SCOPED_TRACE(std::string(resp3 ? "RESP3 " : "RESP2 ") + failed + (failed_first ? ", listed first" : ""));
        std::vector<value> nodes;
        nodes.push_back(node_entry(7000, "master", failed, resp3));
        nodes.push_back(node_entry(7003, "master", "online", resp3));
        if (!failed_first) std::swap(nodes[0], nodes[1]);
        const value reply = value::make_array(
            {fields({{"slots", value::make_array({num(0), num(16383)})}, {"nodes", value::make_array(std::move(nodes))}},
                    resp3)});
        const auto shards = cluster::parse_shards(reply);
        ASSERT_EQ(shards.size(), 1u);
        EXPECT_EQ(shards[0].primary.port, 7003);
        EXPECT_TRUE(shards[0].replicas.empty());
      }
  // Two primaries, neither flagged: the first that says online.
  const value reply = value::make_array(
      {fields({{"slots", value::make_array({num(0), num(16383)})},
               {"nodes", value::make_array({node_entry(7000, "master", "loading", false),
                                            node_entry(7003, "master", "online", false)})}},
              false)});
  EXPECT_EQ(cluster::parse_shards(reply).at(0).primary.port, 7003);
}

// A node with both a plain and a TLS port lists both in CLUSTER SHARDS: a TLS client must use the
// TLS one (else its first TLS handshake meets a plain port), a plain client the plain one; a node
// with only one of them is reached there either way.
TEST(cluster_topology, a_tls_client_uses_the_tls_port) {
  for (bool resp3 : {false, true}) {
    const auto both = fields({{"id", str("a")},
                              {"port", num(7000)},
                              {"tls-port", num(8000)},
                              {"ip", str("127.0.0.1")},
                              {"role", str("master")},
                              {"health", str("online")}},
                             resp3);
    const auto tls_only = fields({{"id", str("b")},
                                  {"tls-port", num(8001)},
                                  {"ip", str("127.0.0.1")},
                                  {"role", str("replica")},
                                  {"health", str("online")}},
                                 resp3);
    const value reply = value::make_array(
        {fields({{"slots", value::make_array({num(0), num(16383)})}, {"nodes", value::make_array({both, tls_only})}},
                resp3)});
    const auto over_tls = cluster::parse_shards(reply, true);
    ASSERT_EQ(over_tls.size(), 1u);
    EXPECT_EQ(over_tls[0].primary.port, 8000);
    ASSERT_EQ(over_tls[0].replicas.size(), 1u);
    EXPECT_EQ(over_tls[0].replicas[0].port, 8001);
    const auto plain = cluster::parse_shards(reply, false);
    ASSERT_EQ(plain.size(), 1u);
    EXPECT_EQ(plain[0].primary.port, 7000);
    EXPECT_EQ(plain[0].replicas.at(0).port, 8001);
  }
}

TEST(cluster_topology, slots_of_older_servers) {
  const value reply = value::make_array({
      value::make_array({num(0), num(8191), value::make_array({str("127.0.0.1"), num(7000), str("a")}),
                         value::make_array({str("127.0.0.1"), num(7003), str("b")})}),
      value::make_array({num(8192), num(16383), value::make_array({str("127.0.0.1"), num(7001)})}),
      value::make_array({num(9), num(3)}),  // malformed: skipped
  });
  const auto shards = cluster::parse_slots(reply);
  ASSERT_EQ(shards.size(), 2u);
  EXPECT_EQ(shards[0].primary.port, 7000);
  EXPECT_EQ(shards[0].replicas.at(0).port, 7003);
  EXPECT_EQ(shards[1].ranges.at(0).second, 16383);
  EXPECT_TRUE(shards[1].replicas.empty());
}

TEST(cluster_topology, mget_and_mset_are_cut_by_slot_with_the_callers_positions) {
  const std::vector<std::string> keys{"a", "b", "{a}x", "c", "{b}y"};
  const auto get = typedis::cmd::mget(keys);
  const auto parts = cluster::split_by_slot(get.info(), get.bytes());
  ASSERT_TRUE(parts);
  std::vector<int> seen(keys.size(), 0);
  for (const auto& p : *parts) {
    typedis::resp::request_args args(p.request);
    std::string_view word;
    ASSERT_TRUE(args.next(word));
    EXPECT_EQ(word, "MGET");
    for (std::size_t pos : p.positions) {
      ASSERT_TRUE(args.next(word));
      EXPECT_EQ(word, keys[pos]);
      EXPECT_EQ(typedis::core::key_slot(word), p.slot);
      ++seen[pos];
    }
    EXPECT_FALSE(args.next(word));
  }
  EXPECT_EQ(seen, std::vector<int>(keys.size(), 1));
  // "a" and "{a}x" share a slot, in the caller's order.
  for (const auto& p : *parts)
    if (p.slot == typedis::core::key_slot("a")) {
      EXPECT_EQ(p.positions, (std::vector<std::size_t>{0, 2}));
    }

  const std::vector<std::pair<std::string, std::string>> pairs{{"a", "1"}, {"b", "2"}, {"{a}z", "3"}};
  const auto set = typedis::cmd::mset(pairs);
  const auto mset_parts = cluster::split_by_slot(set.info(), set.bytes());
  ASSERT_TRUE(mset_parts);
  for (const auto& p : *mset_parts) {
    if (p.slot != typedis::core::key_slot("a")) continue;
    EXPECT_EQ(p.request, "*5\r\n$4\r\nMSET\r\n$1\r\na\r\n$1\r\n1\r\n$4\r\n{a}z\r\n$1\r\n3\r\n");
  }
}

TEST(cluster_topology, commands_that_cannot_be_cut) {
  const std::vector<std::string> keys{"a", "b"};
  const auto inter = typedis::cmd::sinter(keys);
  const auto zu = typedis::cmd::zunionstore("dest", keys);
  const auto parts_zu = cluster::split_by_slot(zu.info(), zu.bytes());
  EXPECT_FALSE(parts_zu) << "numkeys form";
  const std::string text = cluster::describe_keys(inter.info(), inter.bytes());
  EXPECT_NE(text.find("'a' (slot " + std::to_string(typedis::core::key_slot("a")) + ")"), std::string::npos) << text;
  EXPECT_NE(text.find("'b' (slot " + std::to_string(typedis::core::key_slot("b")) + ")"), std::string::npos) << text;
}

}  // namespace
