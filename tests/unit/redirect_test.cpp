// MOVED / ASK error replies read into slot and endpoint, without a server.
#include <gtest/gtest.h>

#include "core/redirect.hpp"

using typedis::parse_redirect;
using typedis::redirect;

TEST(redirect, moved_and_ask) {
  auto m = parse_redirect("MOVED 3999 127.0.0.1:6381");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->type, redirect::kind::moved);
  EXPECT_EQ(m->slot, 3999);
  EXPECT_EQ(m->host, "127.0.0.1");
  EXPECT_EQ(m->port, 6381);

  auto a = parse_redirect("ASK 0 node-7.example:7000");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->type, redirect::kind::ask);
  EXPECT_EQ(a->slot, 0);
  EXPECT_EQ(a->host, "node-7.example");
  EXPECT_EQ(a->port, 7000);
}

TEST(redirect, ipv6_and_unknown_host) {
  auto bracketed = parse_redirect("MOVED 16383 [::1]:6380");
  ASSERT_TRUE(bracketed.has_value());
  EXPECT_EQ(bracketed->slot, 16383);
  EXPECT_EQ(bracketed->host, "::1");
  EXPECT_EQ(bracketed->port, 6380);
  auto bare = parse_redirect("MOVED 12 fe80::1:6380");  // the port follows the last colon
  ASSERT_TRUE(bare.has_value());
  EXPECT_EQ(bare->host, "fe80::1");
  EXPECT_EQ(bare->port, 6380);
  auto empty = parse_redirect("ASK 12 :6380");  // the answering node did not know its address
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->host, "");
  EXPECT_EQ(empty->port, 6380);
}

TEST(redirect, anything_else_is_not_a_redirection) {
  for (const char* text : {"", "ERR unknown command", "MOVED", "MOVED ", "MOVED 3999", "MOVED 3999 ",
                           "MOVED 3999 127.0.0.1", "MOVED 3999 127.0.0.1:", "MOVED 16384 127.0.0.1:6381",
                           "MOVED -1 127.0.0.1:6381", "MOVED 12a 127.0.0.1:6381", "MOVED 3999 127.0.0.1:0",
                           "MOVED 3999 127.0.0.1:65536", "MOVED 3999 127.0.0.1:6381 extra",
                           "MOVED  3999 127.0.0.1:6381", "moved 3999 127.0.0.1:6381", "ASKING 1 h:1",
                           "MOVED 999999999999 h:1", "MOVED 1 h:99999999999"})
    EXPECT_FALSE(parse_redirect(text).has_value()) << text;
}
