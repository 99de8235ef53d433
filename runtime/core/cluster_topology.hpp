// Internal: Redis Cluster topology and multi-key splitting, free of I/O. What CLUSTER SHARDS (Redis
// 7+) or CLUSTER SLOTS (older servers) say about which node serves which slots, and how a command
// whose keys fall in several slots is cut into one command per slot (MGET, MSET, DEL, EXISTS, ...:
// every command whose keys are a plain range of one step), each part remembering where its keys
// were in the caller's command so that the answers come back in the caller's order.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/slot.hpp"
#include "typedis/command.hpp"
#include "typedis/resp/value.hpp"

namespace typedis::core::cluster {

struct node {
  std::string host;
  std::uint16_t port = 0;
  bool primary = true;
  std::string id;
  std::string name() const;  // "host:port"
};

// Slot ranges and the nodes serving them: for each range, its primary and its replicas.
struct shard {
  std::vector<std::pair<std::uint16_t, std::uint16_t>> ranges;  // inclusive
  node primary;
  std::vector<node> replicas;
};

// CLUSTER SHARDS (RESP2 arrays or RESP3 maps). Failed nodes are left out;
// a shard without an online primary is left out. Empty when the reply is not understood. `tls`: the
// client connects with TLS, so a node's "tls-port" is used where it lists both ports.
std::vector<shard> parse_shards(const resp::value& reply, bool tls = false);
// CLUSTER SLOTS: [[start, end, [ip, port, id], [replica...]...], ...].
std::vector<shard> parse_slots(const resp::value& reply);

extern const std::string_view shards_request;
extern const std::string_view slots_request;
extern const std::string_view asking_request;
extern const std::string_view readonly_request;

// One command per slot, cut from a command whose keys span several slots.
struct part {
  std::uint16_t slot = 0;
  std::string request;                // the encoded command with only this slot's keys
  std::vector<std::size_t> positions;  // for each key of this part: its index among the caller's keys
};

// The parts of `request`, or nullopt when the command cannot be cut (its keys are not one range
// with a fixed step, or other arguments follow the keys). Keys of one slot keep their order.
std::optional<std::vector<part>> split_by_slot(const command_info& info, std::string_view request);

// The keys of `request` and their slots, for the message of a command that cannot run anywhere.
std::string describe_keys(const command_info& info, std::string_view request);

}  // namespace typedis::core::cluster
