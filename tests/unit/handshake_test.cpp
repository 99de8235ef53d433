// protocol::handshake, the I/O-free connection handshake: the exact requests it asks for, how it
// reacts to each reply (HELLO, legacy AUTH/SETNAME for old servers, NOPROTO, SELECT) and the
// errors it raises, which never quote the password.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>

#include "core/protocol/handshake.hpp"
#include "resp_test_support.hpp"
#include "typedis/connection_options.hpp"
#include "typedis/error.hpp"

namespace {

using typedis::connection_options;
using typedis::protocol_version;
using typedis::protocol::handshake;

std::string bulk(std::string_view s) { return "$" + std::to_string(s.size()) + "\r\n" + std::string(s) + "\r\n"; }

template <class... S>
std::string request(const S&... s) {
  return "*" + std::to_string(sizeof...(S)) + "\r\n" + (std::string{} + ... + bulk(s));
}

handshake::action reply(handshake& h, std::string_view bytes) {
  const auto p = typedis_test::parse_one(bytes);
  return h.on_reply(p.cursor());
}

const std::string hello3_reply = "%2\r\n+server\r\n+redis\r\n+proto\r\n:3\r\n";
const std::string hello2_reply = "*4\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:2\r\n";
const std::string unknown_hello = "-ERR unknown command 'HELLO', with args beginning with: '3' \r\n";
const std::string secret = "s3cr3t-p4ss";

TEST(handshake, default_is_hello_3_then_done) {
  connection_options o;
  handshake h(o);
  const auto a = h.start();
  EXPECT_FALSE(a.done);
  EXPECT_EQ(a.request, request("HELLO", "3"));
  EXPECT_EQ(a.command, "HELLO");
  const auto b = reply(h, hello3_reply);
  EXPECT_TRUE(b.done);
  EXPECT_TRUE(b.request.empty());
  EXPECT_EQ(h.negotiated(), protocol_version::resp3);
}

TEST(handshake, hello_with_auth_setname_then_select) {
  connection_options o;
  o.username = "alice";
  o.password = secret;
  o.client_name = "worker-1";
  o.database = 5;
  handshake h(o);
  EXPECT_EQ(h.start().request, request("HELLO", "3", "AUTH", "alice", secret, "SETNAME", "worker-1"));
  const auto sel = reply(h, hello3_reply);
  EXPECT_FALSE(sel.done);
  EXPECT_EQ(sel.request, request("SELECT", "5"));
  EXPECT_EQ(sel.command, "SELECT");
  EXPECT_TRUE(reply(h, "+OK\r\n").done);
  EXPECT_EQ(h.negotiated(), protocol_version::resp3);
}

// A cluster replica connection: READONLY last, after SELECT when there is one, on the legacy path
// too; an error to it fails the handshake under its own name.
TEST(handshake, readonly_last_for_a_cluster_replica_connection) {
  connection_options o;
  o.cluster_readonly = true;
  {
    handshake h(o);
    h.start();
    const auto ro = reply(h, hello3_reply);
    EXPECT_FALSE(ro.done);
    EXPECT_EQ(ro.request, request("READONLY"));
    EXPECT_EQ(ro.command, "READONLY");
    EXPECT_TRUE(reply(h, "+OK\r\n").done);
  }
  {
    o.database = 2;
    o.password = secret;
    handshake h(o);
    h.start();
    EXPECT_EQ(reply(h, unknown_hello).request, request("AUTH", secret));
    EXPECT_EQ(reply(h, "+OK\r\n").request, request("SELECT", "2"));
    EXPECT_EQ(reply(h, "+OK\r\n").request, request("READONLY"));
    EXPECT_TRUE(reply(h, "+OK\r\n").done);
  }
  {
    connection_options ro;
    ro.cluster_readonly = true;
    handshake h(ro);
    h.start();
    reply(h, hello3_reply);
    try {
      reply(h, "-ERR This instance has cluster support disabled\r\n");
      ADD_FAILURE() << "no error";
    } catch (const typedis::server_error& e) {
      EXPECT_EQ(e.command(), "READONLY");
    }
  }
}

TEST(handshake, select_only_for_a_database_other_than_0) {
  // The boundary: database 0 is the default (no SELECT), 1 is the first that needs one.
  for (const int db : {0, 1, 15}) {
    SCOPED_TRACE("database " + std::to_string(db));
    connection_options o;
    o.database = db;
    handshake h(o);
    EXPECT_EQ(h.start().request, request("HELLO", "3"));
    const auto next = reply(h, hello3_reply);
    if (db == 0) {
      EXPECT_TRUE(next.done);
      EXPECT_TRUE(next.request.empty());
      continue;
    }
    EXPECT_FALSE(next.done);
    EXPECT_EQ(next.request, request("SELECT", std::to_string(db)));
    EXPECT_TRUE(reply(h, "+OK\r\n").done);
  }
}

TEST(handshake, password_without_username_authenticates_default_user) {
  connection_options o;
  o.password = secret;
  handshake h(o);
  EXPECT_EQ(h.start().request, request("HELLO", "3", "AUTH", "default", secret));
  EXPECT_TRUE(reply(h, hello3_reply).done);
}

TEST(handshake, resp2_option_sends_hello_2) {
  connection_options o;
  o.protocol = protocol_version::resp2;
  o.client_name = "n";
  handshake h(o);
  EXPECT_EQ(h.start().request, request("HELLO", "2", "SETNAME", "n"));
  EXPECT_TRUE(reply(h, hello2_reply).done);
  EXPECT_EQ(h.negotiated(), protocol_version::resp2);
}

TEST(handshake, old_server_falls_back_to_auth_setname_select) {
  connection_options o;
  o.username = "alice";
  o.password = secret;
  o.client_name = "worker-1";
  o.database = 2;
  handshake h(o);
  h.start();
  const auto auth = reply(h, unknown_hello);
  EXPECT_EQ(auth.request, request("AUTH", "alice", secret));
  EXPECT_EQ(auth.command, "AUTH");
  const auto name = reply(h, "+OK\r\n");
  EXPECT_EQ(name.request, request("CLIENT", "SETNAME", "worker-1"));
  EXPECT_EQ(name.command, "CLIENT SETNAME");
  const auto sel = reply(h, "+OK\r\n");
  EXPECT_EQ(sel.request, request("SELECT", "2"));
  EXPECT_TRUE(reply(h, "+OK\r\n").done);
  EXPECT_EQ(h.negotiated(), protocol_version::resp2);
}

TEST(handshake, old_server_auth_without_username) {
  connection_options o;
  o.password = secret;
  handshake h(o);
  h.start();
  EXPECT_EQ(reply(h, unknown_hello).request, request("AUTH", secret));
  EXPECT_TRUE(reply(h, "+OK\r\n").done);
  EXPECT_EQ(h.negotiated(), protocol_version::resp2);
}

TEST(handshake, old_server_without_options) {
  connection_options o;
  handshake h(o);
  h.start();
  EXPECT_TRUE(reply(h, "-ERR unknown command `HELLO`, with args beginning with: `3`, \r\n").done);
  EXPECT_EQ(h.negotiated(), protocol_version::resp2);

  connection_options only_name;
  only_name.client_name = "n";
  handshake n(only_name);
  n.start();
  EXPECT_EQ(reply(n, unknown_hello).request, request("CLIENT", "SETNAME", "n"));
  EXPECT_TRUE(reply(n, "+OK\r\n").done);

  connection_options only_db;
  only_db.database = 9;
  handshake d(only_db);
  d.start();
  EXPECT_EQ(reply(d, unknown_hello).request, request("SELECT", "9"));
  EXPECT_TRUE(reply(d, "+OK\r\n").done);
}

TEST(handshake, noproto_retries_with_hello_2) {
  connection_options o;
  o.password = secret;
  o.client_name = "c";
  handshake h(o);
  h.start();
  const auto retry = reply(h, "-NOPROTO sorry, this protocol version is not supported\r\n");
  EXPECT_EQ(retry.request, request("HELLO", "2", "AUTH", "default", secret, "SETNAME", "c"));
  EXPECT_EQ(retry.command, "HELLO");
  EXPECT_TRUE(reply(h, hello2_reply).done);
  EXPECT_EQ(h.negotiated(), protocol_version::resp2);
}

TEST(handshake, noproto_to_hello_2_is_an_error) {
  connection_options o;
  o.protocol = protocol_version::resp2;
  handshake h(o);
  h.start();
  try {
    reply(h, "-NOPROTO unsupported\r\n");
    FAIL() << "no error";
  } catch (const typedis::auth_error&) {
    FAIL() << "not an authentication failure";
  } catch (const typedis::server_error& e) {
    EXPECT_EQ(e.prefix(), "NOPROTO");
  }
}

// Valkey with requirepass and HELLO renamed away answers NOAUTH (not "unknown command") to the
// HELLO that carries the credentials: the handshake falls back to AUTH as for an old server.
TEST(handshake, noauth_to_hello_with_credentials_falls_back_to_auth) {
  connection_options o;
  o.password = secret;
  o.client_name = "legacy";
  handshake h(o);
  h.start();
  const auto auth = reply(h, "-NOAUTH Authentication required.\r\n");
  EXPECT_EQ(auth.request, request("AUTH", secret));
  EXPECT_EQ(reply(h, "+OK\r\n").request, request("CLIENT", "SETNAME", "legacy"));
  EXPECT_TRUE(reply(h, "+OK\r\n").done);
  EXPECT_EQ(h.negotiated(), protocol_version::resp2);
  EXPECT_TRUE(h.server_name().empty());

  // A wrong password then fails in AUTH, as an auth_error.
  handshake wrong(o);
  wrong.start();
  reply(wrong, "-NOAUTH Authentication required.\r\n");
  EXPECT_THROW(reply(wrong, "-WRONGPASS invalid username-password pair or user is disabled.\r\n"),
               typedis::auth_error);
}

// Without credentials NOAUTH is what it says: the server wants a password.
TEST(handshake, noauth_without_credentials_is_an_auth_error) {
  connection_options o;
  handshake h(o);
  h.start();
  try {
    reply(h, "-NOAUTH HELLO must be called with the client already authenticated\r\n");
    FAIL() << "no error";
  } catch (const typedis::auth_error& e) {
    EXPECT_EQ(e.prefix(), "NOAUTH");
    EXPECT_EQ(e.command(), "HELLO");
  }
}

TEST(handshake, hello_reply_names_the_server_and_its_version) {
  connection_options o;
  handshake h(o);
  h.start();
  EXPECT_TRUE(reply(h, "%3\r\n+server\r\n+valkey\r\n+version\r\n+9.1.0\r\n+proto\r\n:3\r\n").done);
  EXPECT_EQ(h.server_name(), "valkey");
  EXPECT_EQ(h.server_version(), "9.1.0");

  connection_options o2;
  o2.protocol = protocol_version::resp2;
  handshake h2(o2);
  h2.start();
  EXPECT_TRUE(reply(h2, "*6\r\n$6\r\nserver\r\n$5\r\nredis\r\n$5\r\nproto\r\n:2\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n").done);
  EXPECT_EQ(h2.server_name(), "redis");
  EXPECT_EQ(h2.server_version(), "7.0.15");
}

TEST(handshake, wrong_password_is_auth_error_without_the_password) {
  connection_options o;
  o.username = "alice";
  o.password = secret;
  handshake h(o);
  h.start();
  try {
    reply(h, "-WRONGPASS invalid username-password pair or user is disabled.\r\n");
    FAIL() << "no error";
  } catch (const typedis::auth_error& e) {
    EXPECT_EQ(e.prefix(), "WRONGPASS");
    EXPECT_EQ(e.command(), "HELLO");
    EXPECT_EQ(std::string_view(e.what()).find(secret), std::string_view::npos) << e.what();
    EXPECT_NE(std::string_view(e.what()).find("WRONGPASS"), std::string_view::npos) << e.what();
  }
  // The same during the legacy AUTH of an old server ("ERR invalid password").
  handshake old(o);
  old.start();
  EXPECT_EQ(reply(old, unknown_hello).command, "AUTH");
  try {
    reply(old, "-ERR invalid password\r\n");
    FAIL() << "no error";
  } catch (const typedis::auth_error& e) {
    EXPECT_EQ(e.command(), "AUTH");
    EXPECT_EQ(std::string_view(e.what()).find(secret), std::string_view::npos) << e.what();
  }
}

TEST(handshake, other_errors_are_server_errors_with_prefix) {
  connection_options o;
  o.database = 99;
  handshake h(o);
  h.start();
  EXPECT_EQ(reply(h, hello3_reply).command, "SELECT");
  try {
    reply(h, "-ERR DB index is out of range\r\n");
    FAIL() << "no error";
  } catch (const typedis::auth_error&) {
    FAIL() << "not an authentication failure";
  } catch (const typedis::server_error& e) {
    EXPECT_EQ(e.prefix(), "ERR");
    EXPECT_EQ(e.command(), "SELECT");
    EXPECT_EQ(e.message(), "ERR DB index is out of range");
  }
  connection_options plain;
  handshake b(plain);
  b.start();
  try {
    reply(b, "-LOADING Redis is loading the dataset in memory\r\n");
    FAIL() << "no error";
  } catch (const typedis::server_error& e) {
    EXPECT_EQ(e.prefix(), "LOADING");
    EXPECT_EQ(e.command(), "HELLO");
  }
}

TEST(handshake, unexpected_replies_are_protocol_errors) {
  connection_options o;
  handshake h(o);
  h.start();
  EXPECT_THROW(reply(h, "+OK\r\n"), typedis::protocol_error);  // HELLO answers an aggregate
  handshake d(o);
  d.start();
  ASSERT_TRUE(reply(d, hello3_reply).done);
  EXPECT_THROW(reply(d, "+OK\r\n"), typedis::protocol_error);  // nothing is pending any more
  EXPECT_THROW(reply(d, "-ERR late\r\n"), typedis::protocol_error);
}

TEST(handshake, attribute_before_hello_reply_is_skipped) {
  connection_options o;
  handshake h(o);
  h.start();
  EXPECT_TRUE(reply(h, "|1\r\n+a\r\n+b\r\n" + hello3_reply).done);
}

}  // namespace

// The machine holds what it needs by value: the options it was made from may be gone before it
// runs (a node's options replaced at run time, an asynchronous connect still in flight).
TEST(handshake, outlives_the_options_it_was_made_from) {
  std::optional<handshake> h;
  {
    connection_options o;
    o.username = "alice";
    o.password = secret;
    o.client_name = "legacy";
    o.database = 3;
    h.emplace(o);
    o.username = "changed-after";  // neither a change nor the end of `o` reaches the machine
  }
  std::string scribble(256, 'x');  // reuse the stack/heap the options occupied
  EXPECT_EQ(h->start().request, request("HELLO", "3", "AUTH", "alice", secret, "SETNAME", "legacy"));
  EXPECT_EQ(reply(*h, unknown_hello).request, request("AUTH", "alice", secret));
  EXPECT_EQ(reply(*h, "+OK\r\n").request, request("CLIENT", "SETNAME", "legacy"));
  EXPECT_EQ(reply(*h, "+OK\r\n").request, request("SELECT", "3"));
  EXPECT_TRUE(reply(*h, "+OK\r\n").done);
  EXPECT_EQ(scribble.size(), 256u);
}
