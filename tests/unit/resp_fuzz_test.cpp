// Fuzz-style robustness of resp::parser and what consumes its output: deterministic random bytes,
// mutations of valid replies and every truncation of them. Each input lives in a buffer of exactly
// its size (ASan catches any over-read); the only outcomes allowed are need_more, done (with a
// well-formed node list that resp::value, to_display and the decoders accept or reject cleanly)
// and protocol_error.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "resp_test_support.hpp"
#include "typedis/codec/decode.hpp"
#include "typedis/error.hpp"
#include "typedis/resp/parser.hpp"
#include "typedis/resp/value.hpp"

namespace {

using typedis::resp::limits;
using typedis::resp::node;
using typedis::resp::parser;

// Small limits so random lengths hit them, and deep nesting stays cheap.
limits fuzz_limits() {
  limits l;
  l.max_bulk_length = 4096;
  l.max_aggregate_size = 256;
  l.max_depth = 32;
  l.max_line_length = 512;
  return l;
}

struct outcome {
  std::size_t replies = 0;
  std::size_t errors = 0;
};

// Structural invariants of a finished reply: pre-order indices, depths and string bounds.
void check_reply(std::span<const node> nodes, std::size_t consumed) {
  ASSERT_FALSE(nodes.empty());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const node& n = nodes[i];
    ASSERT_GT(n.next, i);
    ASSERT_LE(n.next, nodes.size());
    ASSERT_LE(n.offset + n.length, consumed);
    for (std::size_t j = i + 1; j < n.next; ++j) ASSERT_GT(nodes[j].depth, n.depth);
  }
}

// Typed decoders over arbitrary shapes: a mismatch is a decode_error, a nested error reply a
// server_error, and nothing else may escape.
template <class T>
void try_decode(const typedis::resp::reply_cursor& start) {
  auto c = start;
  try {
    (void)typedis::decode<T>(c);
  } catch (const typedis::decode_error&) {
  } catch (const typedis::server_error&) {
  }
}

void consume(std::span<const node> nodes, const char* base) {
  const typedis::resp::reply_cursor cursor(nodes, base);
  auto c = cursor;
  const auto v = typedis::resp::value::read(c);
  EXPECT_FALSE(typedis::resp::to_display(v).empty());
  try_decode<std::vector<std::string>>(cursor);
  try_decode<std::map<std::string, std::string>>(cursor);
  try_decode<std::optional<long long>>(cursor);
  try_decode<std::variant<double, std::vector<std::pair<std::string, double>>, bool>>(cursor);
  try_decode<std::tuple<std::string, long long>>(cursor);
  auto skip = cursor;
  try_decode<typedis::ignore_t>(skip);
}

// Parses every reply in `bytes`, first fed in pieces of random size, each in a buffer of exactly
// the bytes received so far.
outcome run(std::string_view bytes, std::mt19937_64& rng) {
  outcome out;
  parser p(fuzz_limits());
  std::unique_ptr<char[]> buf;
  std::size_t have = 0;
  std::size_t start = 0;  // first byte of the reply being parsed
  while (have < bytes.size()) {
    const std::size_t piece = 1 + static_cast<std::size_t>(rng() % 16);
    const std::size_t n = std::min(bytes.size(), have + piece);
    std::unique_ptr<char[]> bigger(new char[n]);
    if (have != 0) std::copy(buf.get(), buf.get() + have, bigger.get());  // keep merged chunks
    std::copy(bytes.begin() + static_cast<std::ptrdiff_t>(have), bytes.begin() + static_cast<std::ptrdiff_t>(n),
              bigger.get() + have);
    buf = std::move(bigger);
    have = n;
    try {
      while (start < have && p.feed(buf.get() + start, have - start) == parser::status::done) {
        check_reply(p.nodes(), p.consumed());
        consume(p.nodes(), buf.get() + start);
        start += p.consumed();
        ++out.replies;
        p.reset();
      }
    } catch (const typedis::protocol_error&) {
      ++out.errors;
      return out;
    }
  }
  return out;
}

std::string mutate(std::string s, std::mt19937_64& rng) {
  const int edits = 1 + static_cast<int>(rng() % 4);
  for (int e = 0; e < edits; ++e) {
    const std::size_t at = s.empty() ? 0 : static_cast<std::size_t>(rng() % s.size());
    switch (rng() % 5) {
      case 0:  // flip a bit
        if (!s.empty()) s[at] = static_cast<char>(s[at] ^ (1 << (rng() % 8)));
        break;
      case 1:  // insert a byte, often a RESP-significant one
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), "\r\n*$%;.?-0123456789"[rng() % 19]);
        break;
      case 2:  // delete a byte
        if (!s.empty()) s.erase(at, 1);
        break;
      case 3:  // truncate
        s.resize(at);
        break;
      default:  // replace a digit with a large number
        if (!s.empty()) s.replace(at, 1, std::to_string(rng() % 100000));
        break;
    }
  }
  return s;
}

TEST(resp_fuzz, every_truncation_of_every_fixture) {
  std::mt19937_64 rng(1);
  for (const std::string& f : typedis_test::fixtures()) {
    for (std::size_t k = 0; k <= f.size(); ++k) {
      const outcome o = run(std::string_view(f).substr(0, k), rng);
      // A strict prefix of a valid reply is never an error and never a reply.
      ASSERT_EQ(o.errors, 0u) << f << " truncated to " << k;
      ASSERT_EQ(o.replies, k == f.size() ? 1u : 0u) << f << " truncated to " << k;
    }
  }
}

TEST(resp_fuzz, mutated_fixtures) {
  std::mt19937_64 rng(0x7e57ed15);
  const auto& fx = typedis_test::fixtures();
  std::size_t replies = 0, errors = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string input = fx[rng() % fx.size()];
    if (rng() % 3 == 0) input += fx[rng() % fx.size()];  // two replies back to back
    input = mutate(std::move(input), rng);
    const outcome o = run(input, rng);
    replies += o.replies;
    errors += o.errors;
    if (HasFatalFailure()) FAIL() << "input: " << testing::PrintToString(input);
  }
  // Both paths are exercised: mutations must sometimes survive and sometimes be rejected.
  EXPECT_GT(replies, 500u);
  EXPECT_GT(errors, 500u);
}

TEST(resp_fuzz, random_bytes) {
  std::mt19937_64 rng(42);
  static constexpr std::string_view alphabet = "+-:$*%~|>_#,(!=.;?\r\n\r\n0123456789-tfinax";
  std::size_t replies = 0;
  for (int i = 0; i < 20000; ++i) {
    const std::size_t len = static_cast<std::size_t>(rng() % 64);
    std::string input;
    const bool raw = rng() % 4 == 0;  // sometimes any byte at all
    for (std::size_t j = 0; j < len; ++j)
      input += raw ? static_cast<char>(rng() & 0xff) : alphabet[rng() % alphabet.size()];
    replies += run(input, rng).replies;
    if (HasFatalFailure()) FAIL() << "input: " << testing::PrintToString(input);
  }
  EXPECT_GT(replies, 0u);
}

TEST(resp_fuzz, deep_and_wide_random_structures_respect_limits) {
  // Grammar-driven: random but well-formed replies, some beyond the limits; each must either
  // parse into exactly the generated shape or fail with a protocol_error naming a limit.
  std::mt19937_64 rng(2024);
  for (int i = 0; i < 300; ++i) {
    std::string s;
    std::vector<std::size_t> open{1};  // elements still due at each open level
    std::size_t max_seen = 0;        // deepest aggregate nesting generated
    while (!open.empty() && s.size() < 20000) {
      if (open.back() == 0) {
        open.pop_back();
        continue;
      }
      --open.back();
      if (rng() % 2 == 0 && open.size() < 40) {
        const std::size_t n = 1 + static_cast<std::size_t>(rng() % 3);
        s += "*" + std::to_string(n) + "\r\n";
        open.push_back(n);
        max_seen = std::max(max_seen, open.size() - 1);
      } else {
        s += ":" + std::to_string(rng() % 1000) + "\r\n";
      }
    }
    while (!open.empty() && open.back() == 0) open.pop_back();
    const bool complete = open.empty();
    if (!complete) continue;  // hit the size cap
    parser p(fuzz_limits());
    try {
      const auto st = p.feed(s.data(), s.size());
      ASSERT_EQ(st, parser::status::done);
      ASSERT_EQ(p.consumed(), s.size());
      EXPECT_LE(max_seen, fuzz_limits().max_depth);
      check_reply(p.nodes(), p.consumed());
    } catch (const typedis::protocol_error& e) {
      EXPECT_NE(std::string_view(e.what()).find("max_depth"), std::string_view::npos) << e.what();
      EXPECT_GT(max_seen, fuzz_limits().max_depth);
    }
  }
}

}  // namespace
