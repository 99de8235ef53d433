#include "core/cluster_topology.hpp"

#include <charconv>
#include <map>

#include "typedis/resp/request_args.hpp"
#include "typedis/resp/writer.hpp"

namespace typedis::core::cluster {
namespace {

std::optional<std::int64_t> number(const resp::value& v) {
  if (v.type == resp::type::integer) return v.integer;
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(v.string.data(), v.string.data() + v.string.size(), n);
  if (ec != std::errc{} || end != v.string.data() + v.string.size()) return std::nullopt;
  return n;
}

const resp::value* field(const resp::value& map, std::string_view name) {
  const auto& e = map.elements;
  for (std::size_t i = 0; i + 1 < e.size(); i += 2)
    if (e[i].string == name) return &e[i + 1];
  return nullptr;
}

bool valid_port(std::int64_t p) { return p > 0 && p <= 65535; }

}  // namespace

const std::string_view shards_request = "*2\r\n$7\r\nCLUSTER\r\n$6\r\nSHARDS\r\n";
const std::string_view slots_request = "*2\r\n$7\r\nCLUSTER\r\n$5\r\nSLOTS\r\n";
const std::string_view asking_request = "*1\r\n$6\r\nASKING\r\n";
const std::string_view readonly_request = "*1\r\n$8\r\nREADONLY\r\n";

std::string node::name() const {
  if (host.find(':') != std::string::npos) return "[" + host + "]:" + std::to_string(port);
  return host + ":" + std::to_string(port);
}

std::vector<shard> parse_shards(const resp::value& reply, bool tls) {
  std::vector<shard> out;
  if (!reply.is_aggregate()) return out;
  for (const resp::value& s : reply.elements) {
    const resp::value* slots = field(s, "slots");
    const resp::value* nodes = field(s, "nodes");
    if (!slots || !nodes) continue;
    shard sh;
    for (std::size_t i = 0; i + 1 < slots->elements.size(); i += 2) {
      const auto a = number(slots->elements[i]);
      const auto b = number(slots->elements[i + 1]);
      if (!a || !b || *a < 0 || *b >= slot_count || *a > *b) continue;
      sh.ranges.emplace_back(static_cast<std::uint16_t>(*a), static_cast<std::uint16_t>(*b));
    }
    bool has_primary = false;
    for (const resp::value& n : nodes->elements) {
      const resp::value* ip = field(n, "ip");
      const resp::value* endpoint = field(n, "endpoint");
      // A node with TLS and plain ports lists both: a TLS client uses the TLS one.
      const resp::value* port = field(n, tls ? "tls-port" : "port");
      if (!port) port = field(n, tls ? "port" : "tls-port");
      const resp::value* role = field(n, "role");
      const resp::value* health = field(n, "health");
      const resp::value* id = field(n, "id");
      if (!port || !role) continue;
      // "loading" is also what Redis 7.0 reports for a replica whose offset is still 0 (an empty
      // data set): such a replica serves reads; only a failed node is left out.
      // Redis documents "failed"; Valkey and Redis 8 send "fail".
      if (health && (health->string == "failed" || health->string == "fail")) continue;
      const auto p = number(*port);
      if (!p || !valid_port(*p)) continue;
      node nd;
      // The endpoint is what clients should use; "?" or empty means "the address you reached me at",
      // which the ip stands for here.
      nd.host = endpoint && !endpoint->string.empty() && endpoint->string != "?" ? endpoint->string
                : ip                                                             ? ip->string
                                                                                 : "";
      if (nd.host.empty()) continue;
      nd.port = static_cast<std::uint16_t>(*p);
      nd.primary = role->string == "master";
      if (id) nd.id = id->string;
      if (nd.primary) {
        // Two primaries in one shard (a failed one not flagged yet, in the middle of a failover):
        // the one that reports itself online wins.
        if (has_primary && !(health && health->string == "online")) continue;
        sh.primary = std::move(nd);
        has_primary = true;
      } else {
        sh.replicas.push_back(std::move(nd));
      }
    }
    if (has_primary && !sh.ranges.empty()) out.push_back(std::move(sh));
  }
  return out;
}

std::vector<shard> parse_slots(const resp::value& reply) {
  std::vector<shard> out;
  if (!reply.is_aggregate()) return out;
  for (const resp::value& r : reply.elements) {
    if (r.elements.size() < 3) continue;
    const auto a = number(r.elements[0]);
    const auto b = number(r.elements[1]);
    if (!a || !b || *a < 0 || *b >= slot_count || *a > *b) continue;
    shard sh;
    sh.ranges.emplace_back(static_cast<std::uint16_t>(*a), static_cast<std::uint16_t>(*b));
    bool ok = true;
    for (std::size_t i = 2; i < r.elements.size(); ++i) {
      const auto& n = r.elements[i].elements;
      if (n.size() < 2) {
        ok = i > 2;
        continue;
      }
      const auto p = number(n[1]);
      if (!p || !valid_port(*p) || n[0].string.empty()) {
        if (i == 2) ok = false;
        continue;
      }
      node nd{n[0].string, static_cast<std::uint16_t>(*p), i == 2, n.size() > 2 ? n[2].string : std::string{}};
      if (i == 2) sh.primary = std::move(nd);
      else sh.replicas.push_back(std::move(nd));
    }
    if (ok) out.push_back(std::move(sh));
  }
  return out;
}

std::optional<std::vector<part>> split_by_slot(const command_info& info, std::string_view request) {
  // One range spec whose keys run to the end (or a fixed last) with a fixed step: the step is the
  // width of one unit (MSET: key value), and every argument after the first key is in a unit.
  if (info.keys.size() != 1) return std::nullopt;
  const key_spec& ks = info.keys[0];
  if (ks.search != key_spec::kind::range || ks.step < 1 || ks.limit != 0 || ks.last != -1) return std::nullopt;
  std::vector<std::string_view> args;
  resp::request_args it(request);
  std::string_view a;
  while (it.next(a)) args.push_back(a);
  const std::size_t first = static_cast<std::size_t>(ks.first);
  const std::size_t step = static_cast<std::size_t>(ks.step);
  if (args.size() <= first || (args.size() - first) % step != 0) return std::nullopt;
  std::map<std::uint16_t, part> by_slot;
  std::vector<std::uint16_t> order;
  for (std::size_t i = first, k = 0; i < args.size(); i += step, ++k) {
    const std::uint16_t slot = key_slot(args[i]);
    auto [pos, fresh] = by_slot.try_emplace(slot);
    if (fresh) {
      pos->second.slot = slot;
      order.push_back(slot);
    }
    pos->second.positions.push_back(k);
  }
  std::vector<part> out;
  for (std::uint16_t slot : order) {
    part& p = by_slot[slot];
    resp::writer w;
    for (std::size_t i = 0; i < first; ++i) w.bulk(args[i]);
    for (std::size_t k : p.positions)
      for (std::size_t j = 0; j < step; ++j) w.bulk(args[first + k * step + j]);
    const std::size_t start = w.finish();
    p.request = std::string(w.buffer().view().substr(start));
    out.push_back(std::move(p));
  }
  return out;
}

std::string describe_keys(const command_info& info, std::string_view request) {
  std::string out;
  std::size_t shown = 0;
  for_each_key(info, request, [&](std::string_view key) {
    if (shown++ == 8) out += ", ...";
    if (shown > 8) return;
    if (!out.empty()) out += ", ";
    // Long keys are cut: a message is not the place for a 1 MiB key.
    out += "'" + std::string(key.substr(0, 200)) + (key.size() > 200 ? "...'" : "'") + " (slot " +
           std::to_string(key_slot(key)) + ")";
  });
  return out;
}

}  // namespace typedis::core::cluster
