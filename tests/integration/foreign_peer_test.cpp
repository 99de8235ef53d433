// A peer that is not a Redis server (issue 15 item 11): the error names the endpoint and the
// command it was reading for, never just "unknown type byte".
#include <gtest/gtest.h>

#include <string>

#include "canned_server.hpp"
#include "typedis/typedis.hpp"

namespace {

TEST(foreign_peer, an_http_server_gives_a_protocol_error_naming_endpoint_and_command) {
  typedis::test::canned_server http([](const std::string&) {
    return std::string("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  });
  typedis::client_options o;
  o.connection.port = http.port();
  o.retry.max_attempts = 1;
  typedis::client r(o);
  const std::string endpoint = "127.0.0.1:" + std::to_string(http.port());
  try {
    (void)r.get("k");
    ADD_FAILURE() << "no error from an HTTP peer";
  } catch (const typedis::protocol_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(endpoint), std::string::npos) << what;
    EXPECT_NE(what.find("HELLO"), std::string::npos) << what;
    EXPECT_NE(what.find("'H'"), std::string::npos) << what;
  }
}

TEST(foreign_peer, garbage_after_a_good_handshake_names_the_command_being_read) {
  typedis::test::canned_server odd([](const std::string& request) -> std::string {
    if (request.find("HELLO") != std::string::npos) return "-ERR unknown command 'HELLO'\r\n";
    return "?what\r\n";
  });
  typedis::client_options o;
  o.connection.port = odd.port();
  o.retry.max_attempts = 1;
  typedis::client r(o);
  try {
    (void)r.hgetall("h");
    ADD_FAILURE() << "no error for a reply that is not RESP";
  } catch (const typedis::protocol_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("127.0.0.1:" + std::to_string(odd.port())), std::string::npos) << what;
    EXPECT_NE(what.find("HGETALL"), std::string::npos) << what;
  }
}

}  // namespace
