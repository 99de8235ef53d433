// Internal: Redis Sentinel, free of I/O. What to ask a sentinel and what its answers mean, and the
// order in which sentinels are asked (the one that answered first, then the others; sentinels
// learnt from SENTINEL SENTINELS are added). The blocking and the asio front ends drive it; a
// resolution is: for each sentinel in order, GET-MASTER-ADDR-BY-NAME (role primary) or REPLICAS
// (role replica), SENTINELS to learn the others, then ROLE on the data node before using it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "typedis/resp/value.hpp"
#include "typedis/sentinel_options.hpp"

namespace typedis::core::sentinel {

struct address {
  std::string host;
  std::uint16_t port = 0;
  std::string text() const;  // "host:port", "[v6]:port"
  friend bool operator==(const address&, const address&) = default;
};

std::string master_addr_request(std::string_view master);
std::string replicas_request(std::string_view master);
std::string sentinels_request(std::string_view master);
std::string subscribe_switch_master_request();
extern const std::string_view role_request;

// GET-MASTER-ADDR-BY-NAME: [ip, port], or null when the sentinel does not know the master.
std::optional<address> parse_master_addr(const resp::value& reply);
// REPLICAS (or SENTINELS): the entries a client may use: not down (s_down, o_down), not
// disconnected, and for replicas a link to the primary that is up.
std::vector<address> parse_replicas(const resp::value& reply);
std::vector<address> parse_sentinels(const resp::value& reply);
// ROLE's first element: "master", "slave" or "sentinel" (empty when the reply is not ROLE's).
std::string parse_role(const resp::value& reply);
// A +switch-master message's payload, "<master> <old-ip> <old-port> <new-ip> <new-port>": the new
// primary when it is about `master`.
std::optional<address> parse_switch_master(std::string_view payload, std::string_view master);

// The sentinels to ask, in order.
class sentinel_list {
 public:
  explicit sentinel_list(const std::vector<sentinel_address>& seeds);
  const std::vector<address>& order() const noexcept { return order_; }
  // `a` answered: it is asked first from now on.
  void answered(const address& a);
  // Sentinels another one told of: appended when new (losing every seed is then survivable).
  void learn(const std::vector<address>& others);

 private:
  std::vector<address> order_;
};

}  // namespace typedis::core::sentinel
