#include "typedis/connection_options.hpp"

namespace typedis {

std::string connection_options::endpoint() const {
  if (transport == transport_kind::unix_socket) return "unix:" + path;
  // An IPv6 literal needs brackets, or its colons would run into the port's.
  const bool ipv6 = host.find(':') != std::string::npos;
  std::string out;
  out.reserve(host.size() + 8);
  if (ipv6) out += '[';
  out += host;
  if (ipv6) out += ']';
  out += ':';
  out += std::to_string(port);
  return out;
}

}  // namespace typedis
