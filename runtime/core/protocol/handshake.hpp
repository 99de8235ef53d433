// Internal: the connection handshake as an I/O-free state machine. A transport sends what it is told
// and feeds back each reply; the same machine serves the blocking transport (and the planned asio one) and is
// tested without a socket.
//
//   HELLO <proto> [AUTH <user> <pass>] [SETNAME <name>]
//     error "unknown command" (server < 6): AUTH [<user>] <pass>, CLIENT SETNAME <name>; RESP2
//     error NOAUTH while credentials were sent along: the server refused HELLO before looking it
//       up, which only happens when it has no HELLO (Valkey answers an unknown command of an
//       unauthenticated client with NOAUTH when requirepass is set): the same fallback
//     error NOPROTO (RESP3 unsupported): HELLO 2 ... again
//   SELECT <db>                              when db != 0
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include "typedis/connection_options.hpp"
#include "typedis/resp/reply_cursor.hpp"

namespace typedis::protocol {

class handshake {
 public:
  struct action {
    bool done = false;
    std::string request;       // bytes to send (when !done)
    std::string_view command;  // its name, for messages
  };

  // What the handshake needs of the connection options, held by value: the machine may outlive
  // the options it was made from (an asio connect in flight, a node discovered at run time).
  struct settings {
    protocol_version protocol = protocol_version::resp3;
    std::string username;
    std::string password;
    std::string client_name;
    int database = 0;
    bool readonly = false;  // READONLY last (a cluster replica connection)

    static settings from(const connection_options& o) {
      return {o.protocol, o.username, o.password, o.client_name, o.database, o.cluster_readonly};
    }
  };

  explicit handshake(settings s) : options_(std::move(s)) {}
  explicit handshake(const connection_options& options) : options_(settings::from(options)) {}

  action start();
  // The reply to the last request. Throws auth_error / server_error / protocol_error.
  action on_reply(resp::reply_cursor reply);

  protocol_version negotiated() const noexcept { return negotiated_; }
  // HELLO's `server` and `version` ("redis" / "valkey", "9.1.0"); empty without HELLO.
  const std::string& server_name() const noexcept { return server_name_; }
  const std::string& server_version() const noexcept { return server_version_; }

 private:
  enum class step { hello, auth, setname, select, readonly, done };
  action send_hello(protocol_version v);
  action after_hello();
  action send_auth();
  action send_setname();
  action send_select_or_done();
  action send_readonly_or_done();
  action legacy_fallback();
  void read_server_facts(resp::reply_cursor& reply);

  settings options_;
  step step_ = step::hello;
  protocol_version negotiated_ = protocol_version::resp2;
  protocol_version asked_ = protocol_version::resp3;
  std::string server_name_;
  std::string server_version_;
};

}  // namespace typedis::protocol
