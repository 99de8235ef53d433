// Internal: the I/O-free half of typedis::subscriber: reading Pub/Sub frames (RESP2 arrays and
// RESP3 pushes) into messages, the sets of subscribed names and the commands that restore them after
// a reconnect. (The reconnect backoff is core/backoff.hpp, shared with the client.) Unit-tested without a socket.
#pragma once

#include <chrono>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "typedis/arg_range.hpp"
#include "typedis/message.hpp"
#include "typedis/resp/reply_cursor.hpp"

namespace typedis::pubsub {

// One frame read on a subscriber connection.
struct frame {
  enum class kind {
    message,  // `msg` holds a data message or a confirmation
    pong,     // answer to a health-check PING (RESP2 ["pong", x] or +PONG)
    error,    // an error reply to one of our commands: `error_text`
    ignored,  // a RESP3 push of a kind we do not know (future server features): skipped
  };
  kind type = kind::ignored;
  typedis::message msg;
  std::string error_text;
};

// Reads one complete reply. Throws protocol_error for anything that is neither a Pub/Sub frame, a
// PONG, nor an error (a RESP3 push of an unknown kind is `ignored`, not an error).
frame parse_frame(resp::reply_cursor& cursor);

enum class family { channel, pattern, shard };

// The command names for each family.
std::string_view subscribe_command(family f) noexcept;
std::string_view unsubscribe_command(family f) noexcept;

// The request bytes of the family's SUBSCRIBE (or, subscribe false, UNSUBSCRIBE; no names: all)
// with `names`, built by the generated builders. Resubscribing splits long lists into several
// requests of at most `chunk` names so that none grows without bound.
std::string encode_request(family f, bool subscribe, arg_range<std::string_view> names);

// What the user asked to be subscribed to, per family. Updated by the calls (not the
// confirmations): a name is resubscribed after a reconnect if it was requested and not removed
// since, whether or not its confirmation arrived before the connection dropped.
class subscription_set {
 public:
  void add(family f, arg_range<std::string_view> names);
  // Empty `names`: all of the family.
  void remove(family f, arg_range<std::string_view> names);

  const std::set<std::string, std::less<>>& names(family f) const noexcept { return sets_[index(f)]; }
  bool empty() const noexcept;

  // Whether a data message belongs to a current subscription: messages still in flight for a name
  // that was just removed are dropped rather than handed to a consumer that no longer wants them.
  bool wanted(const typedis::message& m) const;

  // SUBSCRIBE / PSUBSCRIBE / SSUBSCRIBE requests for everything in the sets (chunked).
  std::vector<std::string> resubscribe_requests(std::size_t chunk = 512) const;

 private:
  static std::size_t index(family f) noexcept { return static_cast<std::size_t>(f); }
  std::set<std::string, std::less<>> sets_[3];
};

}  // namespace typedis::pubsub
