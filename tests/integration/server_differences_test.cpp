// Where Redis and Valkey differ (issue 17), against whichever server TYPEDIS_TEST_URL is (scripts/test
// runs the suite against Debian's Redis and, when given, Valkey 9.1 and a newer Redis): each test
// asks HELLO which server it talks to and checks what that server does. A command or form that only
// the other family has must fail with an error that names the servers and versions that have it and
// the server that does not, never a bare "unknown command".
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_env.hpp"
#include "typedis/typedis.hpp"

using typedis::test::require_env;
using typedis::test::unique_key;
namespace c = typedis::cmd;

namespace {

struct server_identity {
  std::string name;
  std::vector<long> version;
};

server_identity identify(typedis::client& r) {
  const auto hello = r.pin().hello();  // HELLO is connection state: pinned connections only
  server_identity out{hello.server, {}};
  long part = 0;
  for (char ch : hello.version) {
    if (ch == '.') {
      out.version.push_back(part);
      part = 0;
    } else {
      part = part * 10 + (ch - '0');
    }
  }
  out.version.push_back(part);
  return out;
}

bool at_least(const server_identity& s, std::vector<long> v) { return s.version >= v; }

// Runs `call`, which must fail with a server_error naming `needs` and this server.
template <class F>
void expect_unsupported(F&& call, const std::string& needs, const server_identity& s) {
  try {
    call();
    ADD_FAILURE() << "the call succeeded on " << s.name;
  } catch (const typedis::server_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(needs), std::string::npos) << what;
    EXPECT_NE(what.find("this server is " + s.name), std::string::npos) << what;
  }
}

class server_differences : public ::testing::TestWithParam<int> {
 protected:
  typedis::client r{require_env("TYPEDIS_TEST_URL") + "?protocol=" + std::to_string(GetParam())};
};

INSTANTIATE_TEST_SUITE_P(protocol, server_differences, ::testing::Values(2, 3),
                         [](const ::testing::TestParamInfo<int>& i) { return "resp" + std::to_string(i.param); });

// GEOSEARCH/GEOSEARCHSTORE BYPOLYGON: Valkey 9.0+, and only without FROM (the typed API has no FROM
// parameter for it); elsewhere the error says who has it.
TEST_P(server_differences, geosearch_bypolygon) {
  const server_identity s = identify(r);
  const std::string g = unique_key("geo");
  const std::string dest = unique_key("dest");
  ASSERT_EQ(r.geoadd(g, {{13.361389, 38.115556, "Palermo"}, {15.087269, 37.502669, "Catania"}, {2.35, 48.85, "Paris"}}), 3);
  // A square around Sicily holds Palermo and Catania, not Paris.
  const std::vector<std::pair<double, double>> sicily{{12, 36.5}, {16, 36.5}, {16, 38.5}, {12, 38.5}};
  if (s.name == "valkey" && at_least(s, {9, 0, 0})) {
    EXPECT_EQ(r.geosearch_polygon(g, sicily, {.order = c::geosearch_polygon_order::asc}).size(), 2u);
    const auto with = r.geosearch_polygon_with(g, sicily, {.withcoord = true});
    ASSERT_EQ(with.size(), 2u);
    EXPECT_TRUE(with[0].coordinates.has_value());
    EXPECT_EQ(r.geosearchstore_polygon(dest, g, sicily), 2);
    EXPECT_EQ(r.zcard(dest), 2);
  } else {
    expect_unsupported([&] { r.geosearch_polygon(g, sicily); }, "valkey >= 9.0.0", s);
    expect_unsupported([&] { r.geosearchstore_polygon(dest, g, sicily); }, "valkey >= 9.0.0", s);
  }
  // FROM + a circle works everywhere.
  EXPECT_EQ(r.geosearch(g, typedis::frommember{"Palermo"}, c::geosearch_by_circle{200, c::geosearch_by_circle_unit::km}).size(), 2u);
  r.del({g, dest});
}

// CLIENT KILL ID takes several ids on Valkey 8.1+; one elsewhere.
TEST_P(server_differences, client_kill_several_ids) {
  const server_identity s = identify(r);
  typedis::client a{require_env("TYPEDIS_TEST_URL")};
  typedis::client b{require_env("TYPEDIS_TEST_URL")};
  const long long id_a = a.command<long long>("CLIENT", "ID");
  const long long id_b = b.command<long long>("CLIENT", "ID");
  if (s.name == "valkey" && at_least(s, {8, 1, 0})) {
    EXPECT_EQ(r.client_kill_filter({c::client_kill_filter_new_format_id{{id_a, id_b}}}), 2);
  } else {
    EXPECT_EQ(r.client_kill_filter({c::client_kill_filter_new_format_id{{id_a}}}), 1);
    EXPECT_EQ(r.client_kill_filter({c::client_kill_filter_new_format_id{{id_b}}}), 1);
  }
}

// Valkey-only commands (DELIFEQ 9.0, COMMANDLOG 8.1) and Redis-only ones (HOTKEYS 8.6).
TEST_P(server_differences, family_only_commands_fail_with_the_servers_that_have_them) {
  const server_identity s = identify(r);
  const std::string k = unique_key();
  ASSERT_TRUE(r.set(k, "v").has_value());
  if (s.name == "valkey" && at_least(s, {9, 0, 0})) {
    EXPECT_EQ(r.delifeq(k, "other"), 0);
    EXPECT_EQ(r.delifeq(k, "v"), 1);
    EXPECT_NO_THROW(r.commandlog_get(1, c::commandlog_get_type::slow));
  } else {
    expect_unsupported([&] { r.delifeq(k, "v"); }, "valkey >= 9.0.0", s);
    expect_unsupported([&] { r.commandlog_get(1, c::commandlog_get_type::slow); }, "valkey >= 8.1.0", s);
    r.del({k});
  }
  // HOTKEYS came in Redis 8.6: no server of this suite has it (the newest Redis here predates it),
  // and the error says so whichever server it is.
  expect_unsupported([&] { r.hotkeys_get(); }, "redis >= 8.6.0", s);
}

}  // namespace
