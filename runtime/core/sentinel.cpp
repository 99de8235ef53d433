#include "core/sentinel.hpp"

#include <algorithm>
#include <charconv>

#include "typedis/resp/writer.hpp"

namespace typedis::core::sentinel {
namespace {

std::string encode(std::initializer_list<std::string_view> words) {
  resp::writer w;
  for (std::string_view word : words) w.bulk(word);
  const std::size_t start = w.finish();
  return std::string(w.buffer().view().substr(start));
}

std::optional<std::uint16_t> port_of(std::string_view text) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size() || value == 0 || value > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

// One entry of REPLICAS/SENTINELS: a map (RESP3) or a flat field/value array (RESP2).
std::optional<std::string_view> field(const resp::value& entry, std::string_view name) {
  const auto& e = entry.elements;
  for (std::size_t i = 0; i + 1 < e.size(); i += 2)
    if (e[i].string == name) return std::string_view(e[i + 1].string);
  return std::nullopt;
}

bool has_flag(std::string_view flags, std::string_view flag) {
  while (!flags.empty()) {
    const std::size_t comma = flags.find(',');
    if (flags.substr(0, comma) == flag) return true;
    if (comma == std::string_view::npos) break;
    flags.remove_prefix(comma + 1);
  }
  return false;
}

std::vector<address> usable_entries(const resp::value& reply, bool replicas) {
  std::vector<address> out;
  if (!reply.is_aggregate()) return out;
  for (const resp::value& entry : reply.elements) {
    const auto ip = field(entry, "ip");
    const auto port = field(entry, "port");
    if (!ip || !port) continue;
    const auto p = port_of(*port);
    if (!p) continue;
    const std::string_view flags = field(entry, "flags").value_or("");
    if (has_flag(flags, "s_down") || has_flag(flags, "o_down") || has_flag(flags, "disconnected")) continue;
    if (replicas && field(entry, "master-link-status").value_or("ok") != "ok") continue;
    out.push_back({std::string(*ip), *p});
  }
  return out;
}

}  // namespace

std::string address::text() const {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

std::string master_addr_request(std::string_view master) {
  return encode({"SENTINEL", "GET-MASTER-ADDR-BY-NAME", master});
}
std::string replicas_request(std::string_view master) { return encode({"SENTINEL", "REPLICAS", master}); }
std::string sentinels_request(std::string_view master) { return encode({"SENTINEL", "SENTINELS", master}); }
std::string subscribe_switch_master_request() { return encode({"SUBSCRIBE", "+switch-master"}); }
const std::string_view role_request = "*1\r\n$4\r\nROLE\r\n";

std::optional<address> parse_master_addr(const resp::value& reply) {
  if (!reply.is_aggregate() || reply.elements.size() != 2) return std::nullopt;
  const auto p = port_of(reply.elements[1].string);
  if (!p || reply.elements[0].string.empty()) return std::nullopt;
  return address{reply.elements[0].string, *p};
}

std::vector<address> parse_replicas(const resp::value& reply) { return usable_entries(reply, true); }
std::vector<address> parse_sentinels(const resp::value& reply) { return usable_entries(reply, false); }

std::string parse_role(const resp::value& reply) {
  if (!reply.is_aggregate() || reply.elements.empty()) return {};
  return reply.elements[0].string;
}

std::optional<address> parse_switch_master(std::string_view payload, std::string_view master) {
  std::vector<std::string_view> words;
  while (!payload.empty()) {
    const std::size_t space = payload.find(' ');
    words.push_back(payload.substr(0, space));
    if (space == std::string_view::npos) break;
    payload.remove_prefix(space + 1);
  }
  if (words.size() != 5 || words[0] != master) return std::nullopt;
  const auto p = port_of(words[4]);
  if (!p) return std::nullopt;
  return address{std::string(words[3]), *p};
}

sentinel_list::sentinel_list(const std::vector<sentinel_address>& seeds) {
  for (const auto& s : seeds) order_.push_back({s.host, s.port});
}

void sentinel_list::answered(const address& a) {
  const auto it = std::find(order_.begin(), order_.end(), a);
  if (it == order_.end() || it == order_.begin()) return;
  std::rotate(order_.begin(), it, it + 1);
}

void sentinel_list::learn(const std::vector<address>& others) {
  for (const auto& a : others)
    if (std::find(order_.begin(), order_.end(), a) == order_.end()) order_.push_back(a);
}

}  // namespace typedis::core::sentinel
