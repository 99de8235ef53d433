/// @file
/// typedis::message: one Pub/Sub frame as typedis::subscriber hands it out: a published message
/// (message, pmessage, smessage) or, when asked for, a subscription confirmation.
#pragma once

#include <string>
#include <string_view>

namespace typedis {

enum class message_kind {
  message,       ///< PUBLISH to a channel this subscriber SUBSCRIBEd to
  pmessage,      ///< PUBLISH to a channel matching a PSUBSCRIBEd pattern (`pattern` is set)
  smessage,      ///< SPUBLISH to an SSUBSCRIBEd shard channel
  subscribe,     ///< confirmations: `channel` is the name, `count` the subscriptions now active
  unsubscribe,
  psubscribe,
  punsubscribe,
  ssubscribe,
  sunsubscribe,
};

/// "message", "pmessage", ... as Redis spells them.
std::string_view to_string(message_kind kind) noexcept;

struct message {
  message_kind kind = message_kind::message;
  std::string channel;  ///< the channel (for pattern confirmations: the pattern); empty if the server sent null
  std::string pattern;  ///< pmessage only: the pattern that matched
  std::string payload;  ///< data messages only
  long long count = 0;  ///< confirmations only: subscriptions left on the connection after this one

  bool is_data() const noexcept {
    return kind == message_kind::message || kind == message_kind::pmessage || kind == message_kind::smessage;
  }
  friend bool operator==(const message&, const message&) = default;
};

}  // namespace typedis
