// detail::server_has / explain_server_error: the spec's availability facts against the server a
// connection talks to, and the error a server that lacks a command leads to.
#include <gtest/gtest.h>

#include <string>

#include "core/server_support.hpp"

namespace {

using typedis::server_error;
using typedis::detail::explain_server_error;
using typedis::detail::server_has;

TEST(server_support, server_has_reads_families_and_versions) {
  EXPECT_EQ(server_has("redis >= 8.6.0", "redis", "8.6.0"), true);
  EXPECT_EQ(server_has("redis >= 8.6.0", "redis", "8.4.10"), false);
  EXPECT_EQ(server_has("redis >= 8.6.0", "redis", "8.10.0"), true);  // numeric, not text order
  EXPECT_EQ(server_has("redis >= 8.6.0", "valkey", "9.1.0"), false);
  EXPECT_EQ(server_has("redis >= 6.2.0, valkey", "valkey", "7.2.4"), true);
  EXPECT_EQ(server_has("redis >= 6.2.0, valkey >= 9.0.0", "valkey", "8.1.1"), false);
  EXPECT_EQ(server_has("redis (module json)", "valkey", "9.1.0"), false);
  EXPECT_EQ(server_has("redis, valkey (module json)", "valkey", "9.1.0"), true);
  EXPECT_EQ(server_has("redis >= 8.6.0", "", ""), std::nullopt);      // no HELLO
  EXPECT_EQ(server_has("", "redis", "7.0.15"), std::nullopt);          // no facts
  EXPECT_EQ(server_has("redis >= 8.6.0", "redis", ""), std::nullopt);
  EXPECT_EQ(server_has("redis >= 8.6.0", "redis", "255.255.255"), true);  // an unstable build
}

TEST(server_support, unknown_command_names_the_servers_that_have_it) {
  typedis::command_info info{.name = "HOTKEYS GET", .availability = "redis >= 8.6.0"};
  const server_error e("HOTKEYS GET", "ERR unknown command 'HOTKEYS', with args beginning with: 'GET' ");
  const server_error x = explain_server_error(e, info, "valkey", "9.1.0");
  EXPECT_EQ(x.prefix(), "ERR");
  EXPECT_EQ(x.command(), "HOTKEYS GET");
  const std::string what = x.what();
  EXPECT_NE(what.find("unknown command 'HOTKEYS'"), std::string::npos) << what;
  EXPECT_NE(what.find("HOTKEYS GET is available on redis >= 8.6.0; this server is valkey 9.1.0"), std::string::npos)
      << what;
  // Without HELLO the server is unknown: the facts alone.
  const std::string anonymous = explain_server_error(e, info, "", "").what();
  EXPECT_NE(anonymous.find("available on redis >= 8.6.0)"), std::string::npos) << anonymous;
}

TEST(server_support, a_syntax_error_is_explained_only_where_the_spec_says_the_server_lacks_it) {
  typedis::command_info polygon{.name = "GEOSEARCH", .availability = "valkey >= 9.0.0"};
  const server_error syntax("GEOSEARCH", "ERR syntax error");
  EXPECT_NE(std::string(explain_server_error(syntax, polygon, "redis", "7.0.15").what()).find("this server is redis 7.0.15"),
            std::string::npos);
  EXPECT_EQ(std::string(explain_server_error(syntax, polygon, "valkey", "9.1.0").what()), syntax.what());
  // Errors other than ERR (WRONGTYPE, NOSCRIPT, ...) are never touched.
  const server_error wrongtype("GEOSEARCH", "WRONGTYPE Operation against a key holding the wrong kind of value");
  EXPECT_EQ(std::string(explain_server_error(wrongtype, polygon, "redis", "7.0.15").what()), wrongtype.what());
}

}  // namespace
