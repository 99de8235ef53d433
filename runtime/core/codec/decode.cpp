#include "typedis/codec/decode.hpp"

#include <charconv>
#include <cmath>
#include <string>

namespace typedis {
namespace detail {
namespace {

std::string describe(const resp::node& n, const resp::reply_cursor& cursor) {
  std::string out(resp::to_string(n.type));
  switch (n.type) {
    case resp::type::integer:
      out += " " + std::to_string(n.integer);
      break;
    case resp::type::boolean:
      out += n.integer != 0 ? " true" : " false";
      break;
    case resp::type::simple_string:
    case resp::type::bulk_string:
    case resp::type::double_type:
    case resp::type::big_number:
    case resp::type::verbatim_string: {
      std::string_view t = cursor.text(n);
      out += " \"";
      for (char c : t.substr(0, 40)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
      out += t.size() > 40 ? "...\"" : "\"";
      break;
    }
    case resp::type::array:
    case resp::type::set:
    case resp::type::push:
      out += " of " + std::to_string(n.size);
      break;
    case resp::type::map:
      out += " of " + std::to_string(n.size / 2) + " entries";
      break;
    default:
      break;
  }
  return out;
}

}  // namespace

void throw_mismatch(std::string_view expected, const resp::node& got, const resp::reply_cursor& cursor) {
  throw decode_error(std::string(expected), describe(got, cursor));
}

void throw_nested_error(const resp::node& got, const resp::reply_cursor& cursor) {
  throw server_error("", cursor.text(got));
}

void throw_out_of_range(std::string_view expected, std::string_view text) {
  throw decode_error(std::string(expected), "out-of-range value " + std::string(text.substr(0, 40)));
}

std::string_view string_text(const resp::node& n, const resp::reply_cursor& cursor, std::string_view expected) {
  switch (n.type) {
    case resp::type::simple_string:
    case resp::type::bulk_string:
    case resp::type::big_number:
    case resp::type::double_type:
      return cursor.text(n);
    case resp::type::verbatim_string: {
      std::string_view t = cursor.text(n);
      if (t.size() >= 4 && t[3] == ':') t.remove_prefix(4);
      return t;
    }
    case resp::type::simple_error:
    case resp::type::bulk_error:
      throw_nested_error(n, cursor);
    default:
      throw_mismatch(expected, n, cursor);
  }
}

bool parse_double(std::string_view s, double& out) noexcept {
  if (s.empty()) return false;
  if (s == "inf" || s == "+inf" || s == "infinity" || s == "+infinity") {
    out = HUGE_VAL;
    return true;
  }
  if (s == "-inf" || s == "-infinity") {
    out = -HUGE_VAL;
    return true;
  }
  if (s == "nan" || s == "-nan") {
    out = std::nan("");
    return true;
  }
  const char* first = s.data();
  if (*first == '+') ++first;
  if (first != s.data() && first != s.data() + s.size() && *first == '-') return false;  // "+-1"
  auto [p, ec] = std::from_chars(first, s.data() + s.size(), out);
  return ec == std::errc{} && p == s.data() + s.size();
}

}  // namespace detail

void decoder<std::string>::decode_other(const resp::node& n, resp::reply_cursor& cursor, std::string& out) {
  if (n.type == resp::type::integer) {
    out = std::to_string(n.integer);
    return;
  }
  out.assign(detail::string_text(n, cursor, "string"));
}

void decoder<std::string>::take_payload(std::string& owner, resp::reply_cursor& cursor, std::string& out) {
  if (&owner != &out) out = std::move(owner);  // the storage the socket wrote into, not a copy of it
  cursor.payload_taken(out);
}

void decoder<bool>::decode(resp::reply_cursor& cursor, bool& out) {
  const resp::node& n = cursor.next();
  if (n.type == resp::type::boolean || (n.type == resp::type::integer && (n.integer == 0 || n.integer == 1))) {
    out = n.integer != 0;
    return;
  }
  if (n.type == resp::type::bulk_string || n.type == resp::type::simple_string) {
    const std::string_view t = cursor.text(n);
    if (t == "1" || t == "0") {
      out = t == "1";
      return;
    }
    if (t == "OK") {  // commands that answer OK on success (and an error otherwise)
      out = true;
      return;
    }
  }
  if (resp::is_error(n.type)) detail::throw_nested_error(n, cursor);
  detail::throw_mismatch("boolean (or integer 0/1)", n, cursor);
}

void decoder<ignore_t>::decode(resp::reply_cursor& cursor, ignore_t&) {
  const resp::node& n = cursor.peek();
  if (resp::is_error(n.type)) detail::throw_nested_error(n, cursor);
  cursor.skip();
}

namespace resp {
void reply_cursor::missing() { throw decode_error("an element", "the end of the reply"); }
}  // namespace resp

}  // namespace typedis
