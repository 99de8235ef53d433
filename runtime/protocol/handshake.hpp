// Internal: the connection handshake as an I/O-free state machine. A transport sends what it is told
// and feeds back each reply; the same machine serves the blocking and the asio transports and is
// tested without a socket.
//
//   HELLO <proto> [AUTH <user> <pass>] [SETNAME <name>]
//     error "unknown command" (server < 6): AUTH [<user>] <pass>, CLIENT SETNAME <name>; RESP2
//     error NOPROTO (RESP3 unsupported): HELLO 2 ... again
//   SELECT <db>                              when db != 0
#pragma once

#include <string>
#include <string_view>

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

  explicit handshake(const connection_options& options) : options_(options) {}

  action start();
  // The reply to the last request. Throws auth_error / server_error / protocol_error.
  action on_reply(resp::reply_cursor reply);

  protocol_version negotiated() const noexcept { return negotiated_; }

 private:
  enum class step { hello, auth, setname, select, done };
  action send_hello(protocol_version v);
  action after_hello();
  action send_auth();
  action send_setname();
  action send_select_or_done();

  const connection_options& options_;
  step step_ = step::hello;
  protocol_version negotiated_ = protocol_version::resp2;
  protocol_version asked_ = protocol_version::resp3;
};

}  // namespace typedis::protocol
