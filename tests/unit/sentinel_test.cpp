// The sentinel machine without a server: the requests it sends, what it reads from the replies of
// both protocols (RESP2 flat arrays, RESP3 maps), which replicas and sentinels it keeps, the order
// in which sentinels are asked, and redis+sentinel:// URLs.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/sentinel.hpp"
#include "typedis/error.hpp"
#include "typedis/url.hpp"

namespace {

using typedis::resp::value;
namespace sentinel = typedis::core::sentinel;

value str(std::string s) { return value::make_string(std::move(s)); }

// One REPLICAS/SENTINELS entry as RESP2 sends it (a flat field/value array) or RESP3 (a map).
value entry(std::vector<std::pair<std::string, std::string>> fields, bool resp3) {
  std::vector<value> flat;
  for (auto& [k, v] : fields) {
    flat.push_back(str(k));
    flat.push_back(str(v));
  }
  return value::make_array(std::move(flat), resp3 ? typedis::resp::type::map : typedis::resp::type::array);
}

TEST(sentinel_core, requests_are_the_sentinel_commands) {
  EXPECT_EQ(sentinel::master_addr_request("mymaster"),
            "*3\r\n$8\r\nSENTINEL\r\n$23\r\nGET-MASTER-ADDR-BY-NAME\r\n$8\r\nmymaster\r\n");
  EXPECT_EQ(sentinel::replicas_request("m"), "*3\r\n$8\r\nSENTINEL\r\n$8\r\nREPLICAS\r\n$1\r\nm\r\n");
  EXPECT_EQ(sentinel::sentinels_request("m"), "*3\r\n$8\r\nSENTINEL\r\n$9\r\nSENTINELS\r\n$1\r\nm\r\n");
  EXPECT_EQ(sentinel::role_request, "*1\r\n$4\r\nROLE\r\n");
}

TEST(sentinel_core, master_address_or_unknown) {
  const auto a = sentinel::parse_master_addr(value::make_array({str("127.0.0.1"), str("6380")}));
  ASSERT_TRUE(a);
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 6380);
  EXPECT_EQ(a->text(), "127.0.0.1:6380");
  EXPECT_FALSE(sentinel::parse_master_addr(value::make_null())) << "a sentinel that does not know the master";
  EXPECT_FALSE(sentinel::parse_master_addr(value::make_array({str("127.0.0.1"), str("0")})));
  EXPECT_FALSE(sentinel::parse_master_addr(value::make_array({str("127.0.0.1"), str("70000")})));
  EXPECT_FALSE(sentinel::parse_master_addr(value::make_array({str("127.0.0.1")})));
  EXPECT_EQ((sentinel::address{"::1", 7000}.text()), "[::1]:7000");
}

TEST(sentinel_core, replicas_that_are_down_or_unlinked_are_skipped_in_both_protocols) {
  for (bool resp3 : {false, true}) {
    SCOPED_TRACE(resp3 ? "RESP3" : "RESP2");
    const value reply = value::make_array({
        entry({{"name", "a"}, {"ip", "10.0.0.1"}, {"port", "6380"}, {"flags", "slave"}, {"master-link-status", "ok"}}, resp3),
        entry({{"ip", "10.0.0.2"}, {"port", "6381"}, {"flags", "s_down,slave"}, {"master-link-status", "ok"}}, resp3),
        entry({{"ip", "10.0.0.3"}, {"port", "6382"}, {"flags", "slave,disconnected"}}, resp3),
        entry({{"ip", "10.0.0.4"}, {"port", "6383"}, {"flags", "slave"}, {"master-link-status", "err"}}, resp3),
        entry({{"ip", "10.0.0.5"}, {"port", "6384"}, {"flags", "slave,o_down"}}, resp3),
        entry({{"ip", "10.0.0.6"}, {"port", "not-a-port"}, {"flags", "slave"}}, resp3),
        entry({{"ip", "10.0.0.7"}, {"port", "6386"}, {"flags", "slave"}, {"master-link-status", "ok"}}, resp3),
    });
    const auto usable = sentinel::parse_replicas(reply);
    ASSERT_EQ(usable.size(), 2u);
    EXPECT_EQ(usable[0].text(), "10.0.0.1:6380");
    EXPECT_EQ(usable[1].text(), "10.0.0.7:6386");
  }
  EXPECT_TRUE(sentinel::parse_replicas(value::make_array({})).empty());
  EXPECT_TRUE(sentinel::parse_replicas(str("ERR")).empty());
}

TEST(sentinel_core, sentinels_are_learnt_and_the_one_that_answered_goes_first) {
  const value reply = value::make_array({
      entry({{"ip", "127.0.0.1"}, {"port", "26380"}, {"flags", "sentinel"}}, false),
      entry({{"ip", "127.0.0.1"}, {"port", "26381"}, {"flags", "s_down,sentinel"}}, false),
  });
  const auto others = sentinel::parse_sentinels(reply);
  ASSERT_EQ(others.size(), 1u);
  sentinel::sentinel_list list({{"127.0.0.1", 26379}, {"127.0.0.1", 26382}});
  list.learn(others);
  list.learn(others);  // no duplicates
  ASSERT_EQ(list.order().size(), 3u);
  EXPECT_EQ(list.order()[2].port, 26380);
  list.answered({"127.0.0.1", 26380});
  EXPECT_EQ(list.order()[0].port, 26380);
  EXPECT_EQ(list.order()[1].port, 26379);
  EXPECT_EQ(list.order()[2].port, 26382);
  list.answered({"127.0.0.1", 9});  // unknown: no change
  EXPECT_EQ(list.order()[0].port, 26380);
}

TEST(sentinel_core, role_and_switch_master) {
  EXPECT_EQ(sentinel::parse_role(value::make_array({str("master"), value::make_integer(0), value::make_array({})})), "master");
  EXPECT_EQ(sentinel::parse_role(value::make_array({str("slave"), str("127.0.0.1")})), "slave");
  EXPECT_EQ(sentinel::parse_role(str("OK")), "");
  const auto moved = sentinel::parse_switch_master("mymaster 127.0.0.1 6379 127.0.0.1 6380", "mymaster");
  ASSERT_TRUE(moved);
  EXPECT_EQ(moved->port, 6380);
  EXPECT_FALSE(sentinel::parse_switch_master("other 127.0.0.1 6379 127.0.0.1 6380", "mymaster"));
  EXPECT_FALSE(sentinel::parse_switch_master("mymaster 127.0.0.1 6379", "mymaster"));
  EXPECT_FALSE(sentinel::parse_switch_master("mymaster 127.0.0.1 6379 127.0.0.1 x", "mymaster"));
}

TEST(sentinel_url, hosts_master_database_and_options) {
  const auto o = typedis::parse_url(
      "redis+sentinel://user:secret@127.0.0.1:26379,[::1]:26380,sentinel-host/mymaster/2"
      "?role=replica&sentinel_password=s3&sentinel_username=admin&replica_fallback=true&timeout=2s");
  ASSERT_TRUE(o.sentinel);
  const auto& s = *o.sentinel;
  ASSERT_EQ(s.sentinels.size(), 3u);
  EXPECT_EQ(s.sentinels[0], (typedis::sentinel_address{"127.0.0.1", 26379}));
  EXPECT_EQ(s.sentinels[1], (typedis::sentinel_address{"::1", 26380}));
  EXPECT_EQ(s.sentinels[2], (typedis::sentinel_address{"sentinel-host", 26379}));
  EXPECT_EQ(s.master_name, "mymaster");
  EXPECT_EQ(s.role, typedis::sentinel_role::replica);
  EXPECT_TRUE(s.replica_fallback_to_primary);
  EXPECT_EQ(s.username, "admin");
  EXPECT_EQ(s.password, "s3");
  EXPECT_FALSE(s.tls);
  EXPECT_TRUE(s.watch_failover);
  // The userinfo and the other options are the data nodes'.
  EXPECT_EQ(o.connection.username, "user");
  EXPECT_EQ(o.connection.password, "secret");
  EXPECT_EQ(o.connection.database, 2);
  EXPECT_EQ(o.connection.read_timeout, std::chrono::seconds(2));

  const auto t = typedis::parse_url("rediss+sentinel://127.0.0.1/m?watch_failover=false");
  ASSERT_TRUE(t.sentinel);
  EXPECT_TRUE(t.sentinel->tls);
  EXPECT_EQ(t.connection.transport, typedis::transport_kind::tls);
  EXPECT_FALSE(t.sentinel->watch_failover);
  EXPECT_EQ(t.sentinel->role, typedis::sentinel_role::primary);
  EXPECT_FALSE(typedis::parse_url("redis://127.0.0.1").sentinel);
}

TEST(sentinel_url, malformed_urls_say_what_is_wrong) {
  const auto message = [](const std::string& url) {
    try {
      (void)typedis::parse_url(url);
    } catch (const typedis::config_error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("redis+sentinel://127.0.0.1:26379").find("missing master name"), std::string::npos);
  EXPECT_NE(message("redis+sentinel://127.0.0.1:26379/").find("missing master name"), std::string::npos);
  EXPECT_NE(message("redis+sentinel://127.0.0.1:26379,/m").find("missing sentinel host"), std::string::npos);
  EXPECT_NE(message("redis+sentinel://127.0.0.1:0/m").find("invalid port"), std::string::npos);
  EXPECT_NE(message("redis+sentinel://127.0.0.1/m/x").find("invalid database"), std::string::npos);
  EXPECT_NE(message("redis+sentinel://127.0.0.1/m?role=leader").find("primary or replica"), std::string::npos);
  // Sentinel options are refused on other URLs.
  EXPECT_NE(message("redis://127.0.0.1/?role=replica").find("unknown option"), std::string::npos);
}

}  // namespace
