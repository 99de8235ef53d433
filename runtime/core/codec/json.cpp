#include "typedis/codec/json.hpp"

#include <string>
#include <string_view>

namespace typedis {

namespace {

nlohmann::json parse_text(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    std::string shown(text.substr(0, 40));
    throw decode_error("JSON text", "bulk string that is not valid JSON: " + shown);
  }
  return j;
}

void convert(resp::reply_cursor& cursor, nlohmann::json& out, int depth) {
  const resp::node& n = cursor.peek();
  switch (n.type) {
    case resp::type::bulk_string:
    case resp::type::simple_string:
    case resp::type::verbatim_string:
      out = parse_text(detail::string_text(cursor.next(), cursor, "JSON text"));
      return;
    case resp::type::null:
      cursor.next();
      out = nullptr;
      return;
    case resp::type::boolean: {
      bool b = false;
      decode_into(cursor, b);
      out = b;
      return;
    }
    case resp::type::integer: {
      long long v = 0;
      decode_into(cursor, v);
      out = v;
      return;
    }
    case resp::type::double_type: {
      double v = 0;
      decode_into(cursor, v);
      out = v;
      return;
    }
    case resp::type::array:
    case resp::type::set:
    case resp::type::map: {
      if (depth > 64) throw decode_error("JSON value", "aggregate nested too deeply");
      const resp::node& head = detail::aggregate(cursor, "JSON value");
      if (head.type == resp::type::map) {
        out = nlohmann::json::object();
        for (std::size_t i = 0; i < head.size / 2; ++i) {
          std::string key;
          decode_into(cursor, key);
          convert(cursor, out[key], depth + 1);
        }
      } else {
        out = nlohmann::json::array();
        for (std::size_t i = 0; i < head.size; ++i) convert(cursor, out.emplace_back(), depth + 1);
      }
      return;
    }
    default: {
      const resp::node& bad = cursor.next();
      if (resp::is_error(bad.type)) detail::throw_nested_error(bad, cursor);
      detail::throw_mismatch("JSON value", bad, cursor);
    }
  }
}

}  // namespace

void decoder<nlohmann::json>::decode(resp::reply_cursor& cursor, nlohmann::json& out) { convert(cursor, out, 0); }

}  // namespace typedis
