// Shared helpers for the RESP, codec and handshake unit tests: parse a complete reply in one shot
// into an owned buffer, and the fixture replies the split and fuzz tests run over.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "typedis/codec/decode.hpp"
#include "typedis/resp/limits.hpp"
#include "typedis/resp/node.hpp"
#include "typedis/resp/parser.hpp"
#include "typedis/resp/reply_cursor.hpp"
#include "typedis/resp/value.hpp"

namespace typedis_test {

// One parsed reply with the bytes its nodes point into (the parser may rewrite streamed strings).
struct parsed {
  std::string buffer;
  std::vector<typedis::resp::node> nodes;
  std::size_t consumed = 0;

  typedis::resp::reply_cursor cursor() const { return {nodes, buffer.data()}; }
  std::string_view text(const typedis::resp::node& n) const { return {buffer.data() + n.offset, n.length}; }
  typedis::resp::value value() const {
    auto c = cursor();
    return typedis::resp::value::read(c);
  }
};

// Parses the first reply in `bytes`; throws std::runtime_error when it is incomplete (a test
// fixture that does not parse completely is a broken test).
inline parsed parse_one(std::string_view bytes, typedis::resp::limits lim = {}) {
  parsed out;
  out.buffer.assign(bytes);
  typedis::resp::parser p(lim);
  if (p.feed(out.buffer.data(), out.buffer.size()) != typedis::resp::parser::status::done)
    throw std::runtime_error("fixture is incomplete: " + std::string(bytes.substr(0, 40)));
  out.nodes.assign(p.nodes().begin(), p.nodes().end());
  out.consumed = p.consumed();
  return out;
}

// Decodes a whole reply into T and insists that the decoder consumed exactly that reply.
template <class T>
T decode_reply(std::string_view bytes) {
  const parsed r = parse_one(bytes);
  auto c = r.cursor();
  T out = typedis::decode<T>(c);
  if (!c.at_end()) throw std::runtime_error("decoder left elements behind");
  return out;
}

// Every RESP2 and RESP3 shape, each a single complete reply. Used by the split, back-to-back and
// fuzz tests.
inline const std::vector<std::string>& fixtures() {
  using namespace std::string_literals;
  static const std::vector<std::string> all = {
      "+OK\r\n"s,
      "+\r\n"s,
      "-ERR something bad\r\n"s,
      ":0\r\n"s,
      ":-42\r\n"s,
      ":+7\r\n"s,
      ":9223372036854775807\r\n"s,
      ":-9223372036854775808\r\n"s,
      "$0\r\n\r\n"s,
      "$5\r\nhello\r\n"s,
      "$8\r\na\r\nb\0c\r\n\r\n"s,  // binary payload with CRLF and NUL inside
      "$-1\r\n"s,
      "*-1\r\n"s,
      "_\r\n"s,
      "#t\r\n"s,
      "#f\r\n"s,
      ",3.14\r\n"s,
      ",-1.5e-3\r\n"s,
      ",1E10\r\n"s,
      ",inf\r\n"s,
      ",-inf\r\n"s,
      ",nan\r\n"s,
      ",10\r\n"s,
      "(3492890328409238509324850943850943825024385\r\n"s,
      "(-12\r\n"s,
      "!21\r\nSYNTAX invalid syntax\r\n"s,
      "=15\r\ntxt:Some string\r\n"s,
      "*3\r\n:1\r\n:2\r\n:3\r\n"s,
      "*0\r\n"s,
      "%0\r\n"s,
      "~0\r\n"s,
      "%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n:2\r\n"s,
      "~3\r\n+a\r\n+b\r\n:3\r\n"s,
      "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n"s,
      "*2\r\n|1\r\n+ttl\r\n:3600\r\n:1\r\n:2\r\n"s,
      "|0\r\n+annotated\r\n"s,
      ">3\r\n+message\r\n+chan\r\n$5\r\nhello\r\n"s,
      "$?\r\n;4\r\nHell\r\n;6\r\no worl\r\n;1\r\nd\r\n;0\r\n"s,
      "$?\r\n;0\r\n"s,
      "*?\r\n:1\r\n:2\r\n.\r\n"s,
      "*?\r\n.\r\n"s,
      "%?\r\n+a\r\n:1\r\n+b\r\n:2\r\n.\r\n"s,
      "~?\r\n+x\r\n$?\r\n;2\r\nab\r\n;1\r\nc\r\n;0\r\n.\r\n"s,
      "*2\r\n*2\r\n:1\r\n%1\r\n+k\r\n*0\r\n~1\r\n*?\r\n$?\r\n;1\r\nz\r\n;0\r\n.\r\n"s,
      "*3\r\n$-1\r\n*-1\r\n_\r\n"s,
      "*2\r\n$?\r\n;2\r\nab\r\n;3\r\ncde\r\n;0\r\n$3\r\nxyz\r\n"s,
  };
  return all;
}

}  // namespace typedis_test
