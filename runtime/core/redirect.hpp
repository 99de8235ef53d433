// Internal: the cluster redirections a server answers with, read from the error text.
//   MOVED <slot> <host>:<port>   the slot lives elsewhere for good: go there, refresh the slot map
//   ASK <slot> <host>:<port>     the slot is being migrated: send ASKING then the command there, once
// The host may be an IPv6 address ("[::1]:6381" or "::1:6381", the port after the last colon) or
// empty (":6381": the node that answered, as servers say when they do not know their own address).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace typedis {

struct redirect {
  enum class kind { moved, ask };
  kind type = kind::moved;
  std::uint16_t slot = 0;  // 0..16383
  std::string host;        // empty: the node that sent the redirection
  std::uint16_t port = 0;
};

// The redirection in `error_text` (the whole error reply, prefix included), or nullopt when it is
// not a MOVED/ASK error or does not have exactly that shape (a slot outside 0..16383, no port, a
// port outside 1..65535, trailing words).
std::optional<redirect> parse_redirect(std::string_view error_text);

}  // namespace typedis
