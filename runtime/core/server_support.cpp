#include "core/server_support.hpp"

#include <string>
#include <vector>

namespace typedis::detail {
namespace {

// "8.6.0" -> {8, 6, 0}; non-digits end a part ("8.0.0-rc1").
std::vector<long> parse_version(std::string_view v) {
  std::vector<long> out;
  long part = 0;
  bool digits = false;
  for (char c : v) {
    if (c >= '0' && c <= '9') {
      if (part < 1'000'000) part = part * 10 + (c - '0');
      digits = true;
    } else if (c == '.') {
      out.push_back(part);
      part = 0;
      digits = false;
    } else {
      break;
    }
  }
  if (digits || !out.empty()) out.push_back(part);
  while (out.size() < 3) out.push_back(0);
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool is_unknown_command(const server_error& e) {
  return e.prefix() == "ERR" && (e.message().find("unknown command") != std::string::npos ||
                                 e.message().find("unknown subcommand") != std::string::npos);
}

}  // namespace

std::optional<bool> server_has(std::string_view availability, std::string_view name, std::string_view version) {
  if (availability.empty() || name.empty()) return std::nullopt;
  // " (module json)": the module may or may not be loaded; the families before it still apply.
  if (const auto paren = availability.find(" ("); paren != std::string_view::npos) availability = availability.substr(0, paren);
  while (!availability.empty()) {
    const auto comma = availability.find(',');
    const std::string_view item = trim(availability.substr(0, comma));
    availability = comma == std::string_view::npos ? std::string_view{} : availability.substr(comma + 1);
    const auto ge = item.find(">=");
    const std::string_view family = trim(item.substr(0, ge));
    if (family != name) continue;
    if (ge == std::string_view::npos) return true;
    if (version.empty()) return std::nullopt;
    return parse_version(version) >= parse_version(trim(item.substr(ge + 2)));
  }
  return false;
}

server_error explain_server_error(const server_error& e, const command_info& info, std::string_view name,
                                  std::string_view version) {
  if (info.availability.empty() || e.prefix() != "ERR") return e;
  const std::optional<bool> has = server_has(info.availability, name, version);
  const bool unknown = is_unknown_command(e);
  if (!unknown && has != false) return e;
  std::string text = e.message();
  text += " (";
  text += info.name;
  text += " is available on ";
  text += info.availability;
  if (!name.empty()) {
    text += "; this server is ";
    text += name;
    if (!version.empty()) {
      text += " ";
      text += version;
    }
  }
  text += ")";
  return server_error(e.command(), text);
}

}  // namespace typedis::detail
