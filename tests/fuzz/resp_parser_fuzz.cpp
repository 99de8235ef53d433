// libFuzzer target: resp::parser over arbitrary bytes, fed in pieces whose sizes the first input
// byte chooses, each piece in a buffer of exactly the bytes received so far (ASan sees any
// over-read). Allowed outcomes: need_more, done with a well-formed node list (which resp::value and
// to_display read), or protocol_error. Replies are parsed back to back until the input ends.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "fuzz_support.hpp"
#include "typedis/error.hpp"
#include "typedis/resp/parser.hpp"
#include "typedis/resp/reply_cursor.hpp"
#include "typedis/resp/value.hpp"

namespace {

using typedis::resp::node;
using typedis::resp::parser;
using typedis_fuzz::broken;

void check_reply(std::span<const node> nodes, std::size_t consumed) {
  if (nodes.empty()) broken("done with no node");
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const node& n = nodes[i];
    if (n.next <= i || n.next > nodes.size()) broken("node.next out of order");
    if (n.offset + n.length > consumed) broken("string beyond the consumed bytes");
    for (std::size_t j = i + 1; j < n.next; ++j)
      if (nodes[j].depth <= n.depth) broken("child not deeper than its parent");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t step = 1 + data[0] % 17;  // 17: one piece of up to 16 bytes ... or everything
  const bool whole = data[0] % 17 == 16;
  ++data;
  --size;
  parser p(typedis_fuzz::small_limits());
  std::unique_ptr<char[]> buf;
  std::size_t have = 0;
  std::size_t start = 0;
  try {
    while (have < size) {
      const std::size_t n = whole ? size : std::min(size, have + step);
      std::unique_ptr<char[]> bigger(new char[n]);
      if (have != 0) std::memcpy(bigger.get(), buf.get(), have);  // keeps chunks merged in place
      std::memcpy(bigger.get() + have, data + have, n - have);
      buf = std::move(bigger);
      have = n;
      while (start < have && p.feed(buf.get() + start, have - start) == parser::status::done) {
        check_reply(p.nodes(), p.consumed());
        const typedis::resp::reply_cursor cursor(p.nodes(), buf.get() + start);
        auto c = cursor;
        const auto v = typedis::resp::value::read(c);
        if (typedis::resp::to_display(v).empty()) broken("empty display");
        if (p.consumed() == 0) broken("a reply of zero bytes");
        start += p.consumed();
        p.reset();
      }
      if (p.bytes_wanted() > typedis_fuzz::small_limits().max_bulk_length + 2 + have)
        broken("wants more than max_bulk_length");
    }
  } catch (const typedis::protocol_error&) {
  }
  return 0;
}
