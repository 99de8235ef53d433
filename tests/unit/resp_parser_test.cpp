// resp::parser: every RESP2/RESP3 type node by node, every reply split at every byte boundary,
// replies back to back, the limits (with their exact boundaries) and malformed input.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "resp_test_support.hpp"
#include "typedis/codec/decode.hpp"
#include "typedis/error.hpp"
#include "typedis/resp/parser.hpp"
#include "typedis/resp/value.hpp"

namespace {

using namespace std::string_literals;
using typedis::protocol_error;
using typedis::resp::limits;
using typedis::resp::node;
using typedis::resp::parser;
using typedis::resp::type;
using typedis_test::parse_one;
using typedis_test::parsed;

struct want {
  type t;
  std::uint32_t depth;
  std::size_t size;
  std::size_t next;
  std::int64_t integer;
  std::string text;
};

void expect_nodes(const parsed& p, const std::vector<want>& w) {
  ASSERT_EQ(p.nodes.size(), w.size());
  for (std::size_t i = 0; i < w.size(); ++i) {
    SCOPED_TRACE("node " + std::to_string(i));
    const node& n = p.nodes[i];
    EXPECT_EQ(n.type, w[i].t) << to_string(n.type);
    EXPECT_EQ(n.depth, w[i].depth);
    EXPECT_EQ(n.size, w[i].size);
    EXPECT_EQ(n.next, w[i].next);
    EXPECT_EQ(n.integer, w[i].integer);
    EXPECT_EQ(p.text(n), w[i].text);
  }
}

// Same nodes and same string bytes (offsets are relative to the reply's start).
void expect_same(const parsed& ref, std::span<const node> nodes, const char* base) {
  ASSERT_EQ(nodes.size(), ref.nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    SCOPED_TRACE("node " + std::to_string(i));
    const node& a = ref.nodes[i];
    const node& b = nodes[i];
    EXPECT_EQ(a.type, b.type);
    EXPECT_EQ(a.depth, b.depth);
    EXPECT_EQ(a.size, b.size);
    EXPECT_EQ(a.next, b.next);
    EXPECT_EQ(a.integer, b.integer);
    EXPECT_EQ(a.offset, b.offset);
    EXPECT_EQ(ref.text(a), std::string_view(base + b.offset, b.length));
  }
}

// Feeds `bytes` and expects a protocol_error whose message contains `needle`.
void expect_protocol_error(std::string bytes, std::string_view needle, limits lim = {}) {
  SCOPED_TRACE(bytes.substr(0, 60));
  parser p(lim);
  try {
    const auto st = p.feed(bytes.data(), bytes.size());
    ADD_FAILURE() << "no protocol_error, status " << static_cast<int>(st);
  } catch (const protocol_error& e) {
    EXPECT_NE(std::string_view(e.what()).find(needle), std::string_view::npos) << e.what();
    EXPECT_NE(std::string_view(e.what()).find("RESP protocol error"), std::string_view::npos) << e.what();
  }
}

// ---- every type ----------------------------------------------------------------------------------

TEST(resp_parser, simple_string_error_integer) {
  expect_nodes(parse_one("+OK\r\n"), {{type::simple_string, 0, 0, 1, 0, "OK"}});
  expect_nodes(parse_one("+\r\n"), {{type::simple_string, 0, 0, 1, 0, ""}});
  expect_nodes(parse_one("-ERR bad thing\r\n"), {{type::simple_error, 0, 0, 1, 0, "ERR bad thing"}});
  expect_nodes(parse_one(":0\r\n"), {{type::integer, 0, 0, 1, 0, "0"}});
  expect_nodes(parse_one(":-42\r\n"), {{type::integer, 0, 0, 1, -42, "-42"}});
  expect_nodes(parse_one(":+7\r\n"), {{type::integer, 0, 0, 1, 7, "+7"}});
  expect_nodes(parse_one(":9223372036854775807\r\n"),
               {{type::integer, 0, 0, 1, std::numeric_limits<std::int64_t>::max(), "9223372036854775807"}});
  expect_nodes(parse_one(":-9223372036854775808\r\n"),
               {{type::integer, 0, 0, 1, std::numeric_limits<std::int64_t>::min(), "-9223372036854775808"}});
}

TEST(resp_parser, bulk_strings_and_nulls) {
  expect_nodes(parse_one("$0\r\n\r\n"), {{type::bulk_string, 0, 0, 1, 0, ""}});
  expect_nodes(parse_one("$5\r\nhello\r\n"), {{type::bulk_string, 0, 0, 1, 0, "hello"}});
  const parsed bin = parse_one("$8\r\na\r\nb\0c\r\n\r\n"s);
  expect_nodes(bin, {{type::bulk_string, 0, 0, 1, 0, "a\r\nb\0c\r\n"s}});
  EXPECT_EQ(bin.consumed, 14u);
  expect_nodes(parse_one("$-1\r\n"), {{type::null, 0, 0, 1, 0, ""}});
  expect_nodes(parse_one("*-1\r\n"), {{type::null, 0, 0, 1, 0, ""}});
  expect_nodes(parse_one("_\r\n"), {{type::null, 0, 0, 1, 0, ""}});
  expect_nodes(parse_one("!21\r\nSYNTAX invalid syntax\r\n"), {{type::bulk_error, 0, 0, 1, 0, "SYNTAX invalid syntax"}});
  expect_nodes(parse_one("=15\r\ntxt:Some string\r\n"), {{type::verbatim_string, 0, 0, 1, 0, "txt:Some string"}});
  // A null inside an array is an element like any other.
  expect_nodes(parse_one("*3\r\n$-1\r\n*-1\r\n_\r\n"), {{type::array, 0, 3, 4, 0, ""},
                                                        {type::null, 1, 0, 2, 0, ""},
                                                        {type::null, 1, 0, 3, 0, ""},
                                                        {type::null, 1, 0, 4, 0, ""}});
}

TEST(resp_parser, boolean_double_big_number) {
  expect_nodes(parse_one("#t\r\n"), {{type::boolean, 0, 0, 1, 1, "t"}});
  expect_nodes(parse_one("#f\r\n"), {{type::boolean, 0, 0, 1, 0, "f"}});
  for (std::string d : {"3.14", "-1.5e-3", "1E10", "1e+300", "inf", "-inf", "+inf", "nan", "10", "-0", "1e999"}) {
    SCOPED_TRACE(d);
    expect_nodes(parse_one("," + d + "\r\n"), {{type::double_type, 0, 0, 1, 0, d}});
  }
  expect_nodes(parse_one("(3492890328409238509324850943850943825024385\r\n"),
               {{type::big_number, 0, 0, 1, 0, "3492890328409238509324850943850943825024385"}});
  expect_nodes(parse_one("(-12\r\n"), {{type::big_number, 0, 0, 1, 0, "-12"}});
}

TEST(resp_parser, aggregates) {
  expect_nodes(parse_one("*3\r\n:1\r\n:2\r\n:3\r\n"), {{type::array, 0, 3, 4, 0, ""},
                                                       {type::integer, 1, 0, 2, 1, "1"},
                                                       {type::integer, 1, 0, 3, 2, "2"},
                                                       {type::integer, 1, 0, 4, 3, "3"}});
  // Map and attribute sizes count keys and values.
  expect_nodes(parse_one("%2\r\n+first\r\n:1\r\n$6\r\nsecond\r\n:2\r\n"), {{type::map, 0, 4, 5, 0, ""},
                                                                          {type::simple_string, 1, 0, 2, 0, "first"},
                                                                          {type::integer, 1, 0, 3, 1, "1"},
                                                                          {type::bulk_string, 1, 0, 4, 0, "second"},
                                                                          {type::integer, 1, 0, 5, 2, "2"}});
  expect_nodes(parse_one("~2\r\n+a\r\n+b\r\n"),
               {{type::set, 0, 2, 3, 0, ""}, {type::simple_string, 1, 0, 2, 0, "a"}, {type::simple_string, 1, 0, 3, 0, "b"}});
  expect_nodes(parse_one(">3\r\n+message\r\n+chan\r\n$5\r\nhello\r\n"), {{type::push, 0, 3, 4, 0, ""},
                                                                        {type::simple_string, 1, 0, 2, 0, "message"},
                                                                        {type::simple_string, 1, 0, 3, 0, "chan"},
                                                                        {type::bulk_string, 1, 0, 4, 0, "hello"}});
  expect_nodes(parse_one("*0\r\n"), {{type::array, 0, 0, 1, 0, ""}});
  expect_nodes(parse_one("%0\r\n"), {{type::map, 0, 0, 1, 0, ""}});
  expect_nodes(parse_one("~0\r\n"), {{type::set, 0, 0, 1, 0, ""}});
  expect_nodes(parse_one(">0\r\n"), {{type::push, 0, 0, 1, 0, ""}});
}

TEST(resp_parser, nested_aggregates) {
  // [[1, {k: []}], ~[]]
  expect_nodes(parse_one("*2\r\n*2\r\n:1\r\n%1\r\n+k\r\n*0\r\n~0\r\n"), {{type::array, 0, 2, 7, 0, ""},
                                                                        {type::array, 1, 2, 6, 0, ""},
                                                                        {type::integer, 2, 0, 3, 1, "1"},
                                                                        {type::map, 2, 2, 6, 0, ""},
                                                                        {type::simple_string, 3, 0, 5, 0, "k"},
                                                                        {type::array, 3, 0, 6, 0, ""},
                                                                        {type::set, 1, 0, 7, 0, ""}});
}

TEST(resp_parser, top_level_attribute) {
  const parsed p = parse_one(
      "|1\r\n+key-popularity\r\n%2\r\n$1\r\na\r\n,0.1923\r\n$1\r\nb\r\n,0.0012\r\n*2\r\n:2039123\r\n:9543892\r\n");
  expect_nodes(p, {{type::attribute, 0, 2, 7, 0, ""},
                   {type::simple_string, 1, 0, 2, 0, "key-popularity"},
                   {type::map, 1, 4, 7, 0, ""},
                   {type::bulk_string, 2, 0, 4, 0, "a"},
                   {type::double_type, 2, 0, 5, 0, "0.1923"},
                   {type::bulk_string, 2, 0, 6, 0, "b"},
                   {type::double_type, 2, 0, 7, 0, "0.0012"},
                   {type::array, 0, 2, 10, 0, ""},
                   {type::integer, 1, 0, 9, 2039123, "2039123"},
                   {type::integer, 1, 0, 10, 9543892, "9543892"}});
  // Decoders never see the attribute ...
  auto c = p.cursor();
  EXPECT_EQ(typedis::decode<std::vector<long long>>(c), (std::vector<long long>{2039123, 9543892}));
  EXPECT_TRUE(c.at_end());
  // ... while the generic value keeps it.
  const auto v = p.value();
  EXPECT_EQ(v.type, type::array);
  ASSERT_EQ(v.elements.size(), 2u);
  EXPECT_EQ(v.elements[1].integer, 9543892);
  ASSERT_EQ(v.attributes.size(), 2u);
  EXPECT_EQ(v.attributes[0].string, "key-popularity");
  EXPECT_EQ(v.attributes[1].type, type::map);
  ASSERT_EQ(v.attributes[1].elements.size(), 4u);
  EXPECT_EQ(v.attributes[1].elements[3].string, "0.0012");
}

TEST(resp_parser, nested_attribute) {
  const parsed p = parse_one("*2\r\n|1\r\n+ttl\r\n:3600\r\n:1\r\n:2\r\n");
  expect_nodes(p, {{type::array, 0, 2, 6, 0, ""},
                   {type::attribute, 1, 2, 4, 0, ""},
                   {type::simple_string, 2, 0, 3, 0, "ttl"},
                   {type::integer, 2, 0, 4, 3600, "3600"},
                   {type::integer, 1, 0, 5, 1, "1"},
                   {type::integer, 1, 0, 6, 2, "2"}});
  auto c = p.cursor();
  EXPECT_EQ(typedis::decode<std::vector<int>>(c), (std::vector<int>{1, 2}));
  EXPECT_TRUE(c.at_end());
  const auto v = p.value();
  ASSERT_EQ(v.elements.size(), 2u);
  EXPECT_TRUE(v.attributes.empty());
  ASSERT_EQ(v.elements[0].attributes.size(), 2u);
  EXPECT_EQ(v.elements[0].attributes[0].string, "ttl");
  EXPECT_EQ(v.elements[0].attributes[1].integer, 3600);
  EXPECT_EQ(v.elements[0].integer, 1);
  EXPECT_TRUE(v.elements[1].attributes.empty());
  // An empty attribute annotates nothing and is skipped as well.
  const parsed e = parse_one("|0\r\n+annotated\r\n");
  auto ec = e.cursor();
  EXPECT_EQ(typedis::decode<std::string>(ec), "annotated");
}

TEST(resp_parser, streamed_string_is_merged_in_place) {
  const parsed p = parse_one("$?\r\n;4\r\nHell\r\n;6\r\no worl\r\n;1\r\nd\r\n;0\r\n");
  expect_nodes(p, {{type::bulk_string, 0, 0, 1, 0, "Hello world"}});
  EXPECT_EQ(p.consumed, 37u);
  EXPECT_EQ(p.nodes[0].offset, 4u);  // contiguous, starting where the first chunk header was
  expect_nodes(parse_one("$?\r\n;0\r\n"), {{type::bulk_string, 0, 0, 1, 0, ""}});
  // Inside an aggregate, followed by a plain bulk.
  expect_nodes(parse_one("*2\r\n$?\r\n;2\r\nab\r\n;3\r\ncde\r\n;0\r\n$3\r\nxyz\r\n"),
               {{type::array, 0, 2, 3, 0, ""}, {type::bulk_string, 1, 0, 2, 0, "abcde"}, {type::bulk_string, 1, 0, 3, 0, "xyz"}});
}

TEST(resp_parser, streamed_aggregates) {
  expect_nodes(parse_one("*?\r\n:1\r\n:2\r\n.\r\n"),
               {{type::array, 0, 2, 3, 0, ""}, {type::integer, 1, 0, 2, 1, "1"}, {type::integer, 1, 0, 3, 2, "2"}});
  expect_nodes(parse_one("*?\r\n.\r\n"), {{type::array, 0, 0, 1, 0, ""}});
  expect_nodes(parse_one("%?\r\n+a\r\n:1\r\n+b\r\n:2\r\n.\r\n"), {{type::map, 0, 4, 5, 0, ""},
                                                                  {type::simple_string, 1, 0, 2, 0, "a"},
                                                                  {type::integer, 1, 0, 3, 1, "1"},
                                                                  {type::simple_string, 1, 0, 4, 0, "b"},
                                                                  {type::integer, 1, 0, 5, 2, "2"}});
  expect_nodes(parse_one("~?\r\n+x\r\n$?\r\n;2\r\nab\r\n;1\r\nc\r\n;0\r\n.\r\n"),
               {{type::set, 0, 2, 3, 0, ""}, {type::simple_string, 1, 0, 2, 0, "x"}, {type::bulk_string, 1, 0, 3, 0, "abc"}});
  // A streamed aggregate inside a counted one, and the other way round.
  expect_nodes(parse_one("*2\r\n*?\r\n~1\r\n:5\r\n.\r\n:6\r\n"), {{type::array, 0, 2, 5, 0, ""},
                                                                   {type::array, 1, 1, 4, 0, ""},
                                                                   {type::set, 2, 1, 4, 0, ""},
                                                                   {type::integer, 3, 0, 4, 5, "5"},
                                                                   {type::integer, 1, 0, 5, 6, "6"}});
}

TEST(resp_parser, value_of_every_type) {
  using typedis::resp::to_display;
  EXPECT_EQ(to_display(parse_one("*3\r\n:1\r\n$1\r\na\r\n%1\r\n+k\r\n+v\r\n").value()), R"([1, "a", {"k": "v"}])");
  EXPECT_EQ(to_display(parse_one("~2\r\n#t\r\n,1.5\r\n").value()), "~[true, 1.5]");
  EXPECT_EQ(to_display(parse_one(">2\r\n_\r\n-ERR x\r\n").value()), ">[null, (error) ERR x]");
  const auto verb = parse_one("=15\r\ntxt:Some string\r\n").value();
  EXPECT_EQ(verb.string, "Some string");
  EXPECT_EQ(verb.verbatim_format, "txt");
  const auto big = parse_one("(123456789012345678901234567890\r\n").value();
  EXPECT_EQ(big.type, type::big_number);
  EXPECT_EQ(big.string, "123456789012345678901234567890");
}

// ---- every reply split at every byte boundary -----------------------------------------------------

// A buffer of exactly n bytes, so ASan catches a read past what the parser was given.
std::unique_ptr<char[]> exact(std::string_view prefix, std::string_view rest) {
  std::unique_ptr<char[]> b(new char[prefix.size() + rest.size() + 1]);
  std::copy(prefix.begin(), prefix.end(), b.get());
  std::copy(rest.begin(), rest.end(), b.get() + prefix.size());
  return b;
}

TEST(resp_parser, every_split_point) {
  for (const std::string& f : typedis_test::fixtures()) {
    SCOPED_TRACE(f);
    const parsed ref = parse_one(f);
    ASSERT_EQ(ref.consumed, f.size());
    for (std::size_t k = 0; k < f.size(); ++k) {
      SCOPED_TRACE("split at " + std::to_string(k));
      parser p;
      // First k bytes in their own buffer, then a new (moved) buffer with the same first k bytes
      // (as the parser left them: merged chunks included) and the rest.
      auto first = exact(std::string_view(f).substr(0, k), {});
      ASSERT_EQ(p.feed(first.get(), k), parser::status::need_more);
      auto whole = exact(std::string_view(first.get(), k), std::string_view(f).substr(k));
      first.reset();
      ASSERT_EQ(p.feed(whole.get(), f.size()), parser::status::done);
      EXPECT_EQ(p.consumed(), f.size());
      expect_same(ref, p.nodes(), whole.get());
    }
  }
}

// The tightest limits a fixture parses under in one shot must be enough at every split point too:
// a limit must not fire earlier because the bytes arrive in pieces.
TEST(resp_parser, every_split_point_under_the_tightest_limits) {
  auto parses = [](const std::string& f, limits lim) {
    try {
      (void)parse_one(f, lim);
      return true;
    } catch (const protocol_error&) {
      return false;
    }
  };
  for (const std::string& f : typedis_test::fixtures()) {
    SCOPED_TRACE(f);
    limits tight;
    auto minimise = [&](std::size_t limits::*field) {
      for (std::size_t v = 0; v <= f.size(); ++v) {
        limits l = tight;
        l.*field = v;
        if (parses(f, l)) {
          tight.*field = v;
          return;
        }
      }
      FAIL() << "no limit small enough";
    };
    minimise(&limits::max_line_length);
    minimise(&limits::max_bulk_length);
    minimise(&limits::max_aggregate_size);
    minimise(&limits::max_depth);
    for (std::size_t k = 0; k < f.size(); ++k) {
      std::string b = f;
      parser p(tight);
      ASSERT_NO_THROW(EXPECT_EQ(p.feed(b.data(), k), parser::status::need_more)) << "split at " << k;
      ASSERT_NO_THROW(EXPECT_EQ(p.feed(b.data(), b.size()), parser::status::done)) << "split at " << k;
    }
  }
}

TEST(resp_parser, one_byte_at_a_time) {
  for (const std::string& f : typedis_test::fixtures()) {
    SCOPED_TRACE(f);
    const parsed ref = parse_one(f);
    parser p;
    std::unique_ptr<char[]> buf;
    for (std::size_t n = 1; n <= f.size(); ++n) {
      buf = exact(std::string_view(buf ? buf.get() : "", n - 1), std::string_view(f).substr(n - 1, 1));
      const auto st = p.feed(buf.get(), n);
      ASSERT_EQ(st, n == f.size() ? parser::status::done : parser::status::need_more) << "at " << n;
    }
    expect_same(ref, p.nodes(), buf.get());
    // The generic value is the same as from a one-shot parse.
    typedis::resp::reply_cursor c(p.nodes(), buf.get());
    EXPECT_EQ(typedis::resp::value::read(c), ref.value());
  }
}

TEST(resp_parser, replies_back_to_back) {
  std::string all;
  for (const std::string& f : typedis_test::fixtures()) all += f;
  const std::string original = all;
  parser p;
  std::size_t off = 0;
  for (const std::string& f : typedis_test::fixtures()) {
    SCOPED_TRACE(f);
    const parsed ref = parse_one(f);
    ASSERT_EQ(p.feed(all.data() + off, all.size() - off), parser::status::done);
    EXPECT_EQ(p.consumed(), f.size());
    expect_same(ref, p.nodes(), all.data() + off);
    off += p.consumed();
    p.reset();
  }
  EXPECT_EQ(off, all.size());
  EXPECT_EQ(p.feed(all.data() + off, 0), parser::status::need_more);

  // The same stream arriving in 7-byte pieces: parse every complete reply after each piece.
  std::string buf;
  std::size_t start = 0;
  std::size_t replies = 0;
  p.reset();
  for (std::size_t i = 0; i < original.size(); i += 7) {
    buf += original.substr(i, 7);
    while (p.feed(buf.data() + start, buf.size() - start) == parser::status::done) {
      const parsed ref = parse_one(typedis_test::fixtures()[replies]);
      expect_same(ref, p.nodes(), buf.data() + start);
      start += p.consumed();
      ++replies;
      p.reset();
    }
  }
  EXPECT_EQ(replies, typedis_test::fixtures().size());
  EXPECT_EQ(start, buf.size());
}

TEST(resp_parser, done_is_sticky_and_reset_reuses) {
  std::string b = "+a\r\n+b\r\n";
  parser p;
  ASSERT_EQ(p.feed(b.data(), b.size()), parser::status::done);
  EXPECT_EQ(p.consumed(), 4u);
  EXPECT_EQ(p.feed(b.data(), b.size()), parser::status::done);
  EXPECT_EQ(p.consumed(), 4u);
  p.reset();
  EXPECT_TRUE(p.nodes().empty());
  ASSERT_EQ(p.feed(b.data() + 4, 4), parser::status::done);
  EXPECT_EQ(std::string_view(b.data() + 4 + p.nodes()[0].offset, p.nodes()[0].length), "b");
}

TEST(resp_parser, bytes_wanted_for_bulk_payload) {
  std::string b = "$10\r\nabc";
  parser p;
  ASSERT_EQ(p.feed(b.data(), b.size()), parser::status::need_more);
  EXPECT_EQ(p.bytes_wanted(), 5u + 10u + 2u);
  b += "defghij\r\n";
  ASSERT_EQ(p.feed(b.data(), b.size()), parser::status::done);
  EXPECT_EQ(p.bytes_wanted(), 0u);
}

// ---- limits ------------------------------------------------------------------------------------------

TEST(resp_parser_limits, bulk_length) {
  limits lim;
  lim.max_bulk_length = 10;
  EXPECT_NO_THROW(parse_one("$10\r\n0123456789\r\n", lim));
  expect_protocol_error("$11\r\n", "max_bulk_length", lim);
  expect_protocol_error("=11\r\n", "max_bulk_length", lim);
  expect_protocol_error("!11\r\n", "max_bulk_length", lim);
  // A streamed string's total counts, not only each chunk.
  EXPECT_NO_THROW(parse_one("$?\r\n;5\r\n01234\r\n;5\r\n56789\r\n;0\r\n", lim));
  expect_protocol_error("$?\r\n;5\r\n01234\r\n;6\r\n", "max_bulk_length", lim);
  expect_protocol_error("$?\r\n;11\r\n", "max_bulk_length", lim);
}

TEST(resp_parser_limits, huge_declared_length_fails_at_once) {
  // Only the header has arrived: the parser must refuse before the caller grows a buffer or waits.
  expect_protocol_error("$2000000000\r\n", "max_bulk_length");
  expect_protocol_error("$9223372036854775807\r\n", "max_bulk_length");
  expect_protocol_error("*2000000000\r\n", "max_aggregate_size");
  expect_protocol_error("%9223372036854775807\r\n", "max_aggregate_size");
  expect_protocol_error("$?\r\n;9223372036854775807\r\n", "max_bulk_length");
  // Exactly at the default limit: accepted, and the parser says how much it wants.
  std::string b = "$536870912\r\n";
  parser p;
  EXPECT_EQ(p.feed(b.data(), b.size()), parser::status::need_more);
  EXPECT_EQ(p.bytes_wanted(), b.size() + 536870912u + 2u);
}

TEST(resp_parser_limits, aggregate_size) {
  limits lim;
  lim.max_aggregate_size = 3;
  EXPECT_NO_THROW(parse_one("*3\r\n:1\r\n:2\r\n:3\r\n", lim));
  expect_protocol_error("*4\r\n", "max_aggregate_size", lim);
  expect_protocol_error("~4\r\n", "max_aggregate_size", lim);
  expect_protocol_error(">4\r\n", "max_aggregate_size", lim);
  expect_protocol_error("*?\r\n:1\r\n:2\r\n:3\r\n:4\r\n", "max_aggregate_size", lim);
  EXPECT_NO_THROW(parse_one("*?\r\n:1\r\n:2\r\n:3\r\n.\r\n", lim));
}

// max_aggregate_size counts elements; a map of N entries is 2N elements (see limits.hpp). Each
// boundary is checked at N-1, N and N+1, for every aggregate type, counted and streamed.
namespace {
std::string array_of(char prefix, std::size_t n) {
  std::string s = std::string(1, prefix) + std::to_string(n) + "\r\n";
  for (std::size_t i = 0; i < n; ++i) s += ":" + std::to_string(i) + "\r\n";
  return s;
}
std::string map_of(char prefix, std::size_t entries, bool streamed = false) {
  std::string s = std::string(1, prefix) + (streamed ? std::string("?") : std::to_string(entries)) + "\r\n";
  for (std::size_t i = 0; i < entries; ++i) s += "+k" + std::to_string(i) + "\r\n:" + std::to_string(i) + "\r\n";
  if (prefix == '|') s += "+annotated\r\n";
  return streamed ? s + ".\r\n" : s;
}
}  // namespace

TEST(resp_parser_limits, aggregate_size_counts_elements_at_the_boundary) {
  for (const std::size_t max : {std::size_t{6}, std::size_t{7}}) {
    SCOPED_TRACE("max_aggregate_size=" + std::to_string(max));
    limits lim;
    lim.max_aggregate_size = max;
    for (const char prefix : {'*', '~', '>'}) {
      SCOPED_TRACE(std::string(1, prefix));
      EXPECT_NO_THROW(parse_one(array_of(prefix, max - 1), lim));
      EXPECT_NO_THROW(parse_one(array_of(prefix, max), lim));
      expect_protocol_error(array_of(prefix, max + 1), "max_aggregate_size", lim);
    }
    // Maps and attributes: max / 2 entries (max or max - 1 elements) parse, one more does not.
    const std::size_t entries = max / 2;
    for (const char prefix : {'%', '|'}) {
      SCOPED_TRACE(std::string(1, prefix));
      EXPECT_NO_THROW(parse_one(map_of(prefix, entries - 1), lim));
      EXPECT_NO_THROW(parse_one(map_of(prefix, entries), lim));
      expect_protocol_error(map_of(prefix, entries + 1), "max_aggregate_size", lim);
    }
    // The RESP2 form of the same reply (a flat array of 2N) and a streamed map agree.
    EXPECT_NO_THROW(parse_one(array_of('*', 2 * entries), lim));
    expect_protocol_error(array_of('*', 2 * entries + 2), "max_aggregate_size", lim);
    EXPECT_NO_THROW(parse_one(map_of('%', entries - 1, true), lim));
    EXPECT_NO_THROW(parse_one(map_of('%', entries, true), lim));
    expect_protocol_error(map_of('%', entries + 1, true), "max_aggregate_size", lim);
  }
}

TEST(resp_parser_limits, nesting_depth_boundary) {
  // "nesting depth (default 1024)": 1024 nested aggregates parse, 1025 do not.
  auto nested = [](std::size_t n, std::string_view inner) {
    std::string s;
    for (std::size_t i = 0; i < n; ++i) s += "*1\r\n";
    s += inner;
    return s;
  };
  const parsed ok = parse_one(nested(1024, ":1\r\n"));
  EXPECT_EQ(ok.nodes.back().depth, 1024u);
  EXPECT_EQ(ok.nodes.front().next, ok.nodes.size());
  expect_protocol_error(nested(1025, ":1\r\n"), "max_depth");
  expect_protocol_error(nested(1024, "*0\r\n"), "max_depth");  // an empty aggregate still nests
  expect_protocol_error(nested(2000, ":1\r\n"), "max_depth");
  // Streamed aggregates and maps count the same way.
  std::string streamed;
  for (int i = 0; i < 1025; ++i) streamed += "%?\r\n+k\r\n";
  expect_protocol_error(streamed, "max_depth");
  limits lim;
  lim.max_depth = 3;
  EXPECT_NO_THROW(parse_one(nested(3, ":1\r\n"), lim));
  expect_protocol_error(nested(4, ":1\r\n"), "max_depth=3", lim);

  // The generic value at the deepest allowed nesting: read, compare, display and destroy.
  {
    const auto v = ok.value();
    const auto* e = &v;
    std::size_t depth = 0;
    while (!e->elements.empty()) {
      e = &e->elements[0];
      ++depth;
    }
    EXPECT_EQ(depth, 1024u);
    EXPECT_EQ(e->integer, 1);
    EXPECT_FALSE(typedis::resp::to_display(v).empty());
  }
}

TEST(resp_parser_limits, depth_100000_does_not_overflow_the_stack) {
  std::string s;
  for (int i = 0; i < 100000; ++i) s += "*1\r\n";
  s += ":1\r\n";
  expect_protocol_error(s, "max_depth");
  // With the limit raised the parser itself has no recursion either; value::read and the value's
  // destruction do not recurse per level.
  limits lim;
  lim.max_depth = 100000;
  const parsed p = parse_one(s, lim);
  EXPECT_EQ(p.nodes.size(), 100001u);
  EXPECT_EQ(p.nodes.back().depth, 100000u);
  {
    auto v = p.value();
    EXPECT_EQ(v.elements.size(), 1u);
  }
  auto c = p.cursor();
  typedis::decode<typedis::ignore_t>(c);
  EXPECT_TRUE(c.at_end());
}

TEST(resp_parser_limits, line_length) {
  limits lim;
  lim.max_line_length = 16;
  // The limit counts the whole line (type byte included), without its CRLF.
  EXPECT_NO_THROW(parse_one("+" + std::string(15, 'a') + "\r\n", lim));
  expect_protocol_error("+" + std::string(16, 'a') + "\r\n", "max_line_length", lim);
  // Without a CRLF in sight the parser gives up as soon as the line cannot fit any more ...
  expect_protocol_error("+" + std::string(40, 'a'), "max_line_length", lim);
  expect_protocol_error(":" + std::string(40, '1'), "max_line_length", lim);
  // ... but not while the longest allowed line may still end with the byte that follows.
  std::string b = "+" + std::string(15, 'a') + "\r";
  parser p(lim);
  EXPECT_EQ(p.feed(b.data(), b.size()), parser::status::need_more);
  b += "\n";
  EXPECT_EQ(p.feed(b.data(), b.size()), parser::status::done);
  // Every split point of a line at the limit.
  const std::string line = "-" + std::string(15, 'e') + "\r\n";
  for (std::size_t k = 0; k < line.size(); ++k) {
    parser q(lim);
    std::string part = line.substr(0, k);
    EXPECT_EQ(q.feed(part.data(), part.size()), parser::status::need_more) << k;
    part = line;
    EXPECT_EQ(q.feed(part.data(), part.size()), parser::status::done) << k;
  }
}

// ---- malformed input --------------------------------------------------------------------------------

TEST(resp_parser_malformed, gives_protocol_errors_naming_the_problem) {
  expect_protocol_error("?abc\r\n", "unknown type byte '?'");
  expect_protocol_error("\x01\r\n", "unknown type byte '\\x01'");
  expect_protocol_error("\r\n", "empty line");
  expect_protocol_error(":12a\r\n", "invalid integer '12a'");
  expect_protocol_error(":\r\n", "invalid integer");
  expect_protocol_error(":+\r\n", "invalid integer");
  expect_protocol_error(":+-5\r\n", "invalid integer");
  expect_protocol_error(": 5\r\n", "invalid integer");
  expect_protocol_error(":9223372036854775808\r\n", "invalid integer");
  expect_protocol_error(":1.5\r\n", "invalid integer");
  expect_protocol_error("#x\r\n", "invalid boolean 'x'");
  expect_protocol_error("#\r\n", "invalid boolean");
  expect_protocol_error("#true\r\n", "invalid boolean");
  expect_protocol_error(",1.2.3\r\n", "invalid double");
  expect_protocol_error(",abc\r\n", "invalid double");
  expect_protocol_error(",\r\n", "invalid double");
  expect_protocol_error(",1e\r\n", "invalid double");
  expect_protocol_error(",+-1\r\n", "invalid double");
  expect_protocol_error("(12a\r\n", "invalid big number");
  expect_protocol_error("(\r\n", "invalid big number");
  expect_protocol_error("_x\r\n", "null with a payload");
  expect_protocol_error("$3\r\nabcXY", "not terminated by CRLF");
  expect_protocol_error("$3\r\nabc\n\r", "not terminated by CRLF");
  expect_protocol_error("$x\r\n", "invalid bulk length");
  expect_protocol_error("$-2\r\n", "negative bulk length");
  expect_protocol_error("*-5\r\n", "negative aggregate size");
  expect_protocol_error("%-1\r\n", "negative size for a map");
  expect_protocol_error("~-1\r\n", "negative size for a set");
  expect_protocol_error(">-1\r\n", "negative size for a push");
  expect_protocol_error("!-1\r\n", "negative length for a bulk error");
  expect_protocol_error("=-1\r\n", "negative length for a verbatim string");
  expect_protocol_error(".\r\n", "unexpected end-of-aggregate marker");
  expect_protocol_error("*2\r\n:1\r\n.\r\n", "unexpected end-of-aggregate marker");
  expect_protocol_error("*?\r\n.x\r\n", "unexpected end-of-aggregate marker");
  expect_protocol_error("%?\r\n+a\r\n.\r\n", "odd number");
  expect_protocol_error("|?\r\n", "streamed attribute");
  expect_protocol_error("$?\r\n:1\r\n", "expected a streamed string chunk");
  expect_protocol_error("$?\r\n;-1\r\n", "negative chunk length");
  expect_protocol_error("$?\r\n;x\r\n", "invalid chunk length");
  expect_protocol_error("$?\r\n;3\r\nabcXX", "not terminated by CRLF");
  expect_protocol_error("*1\r\n$?\r\n;1\r\na\r\n.\r\n", "expected a streamed string chunk");
}

TEST(resp_parser_malformed, error_inside_aggregate_after_valid_elements) {
  expect_protocol_error("*3\r\n:1\r\n+ok\r\n#maybe\r\n", "invalid boolean");
  expect_protocol_error("%1\r\n+k\r\n$2\r\nabc\r\n", "not terminated by CRLF");
}

}  // namespace

// ---- the fast path (issue 16 item 4) ----------------------------------------------------------------
// A reply the parser has not looked at yet is first tried in one pass (complete top-level scalars
// and flat arrays of scalars); an empty first feed skips that try, so the general path's result
// is the reference every fast parse is compared with.
namespace {

struct outcome {
  bool ok = false;
  std::vector<node> nodes;
  std::string text;  // every node's string bytes, in order
  std::size_t consumed = 0;
  std::string error;
};

outcome run(parser& p, char* data, std::size_t size) {
  outcome o;
  try {
    if (p.feed(data, size) != parser::status::done) return o;
    o.ok = true;
    o.nodes.assign(p.nodes().begin(), p.nodes().end());
    for (const node& n : o.nodes) o.text.append(data + n.offset, n.length).append("|");
    o.consumed = p.consumed();
  } catch (const protocol_error& e) {
    o.error = e.what();
  }
  return o;
}

outcome general_path(std::string bytes, limits lim = {}) {
  parser p(lim);
  char none = 0;
  EXPECT_EQ(p.feed(&none, 0), parser::status::need_more);  // from now on the general path
  return run(p, bytes.data(), bytes.size());
}

void expect_same_outcome(const outcome& ref, const outcome& got) {
  ASSERT_EQ(got.ok, ref.ok) << got.error << " / " << ref.error;
  EXPECT_EQ(got.error, ref.error);
  EXPECT_EQ(got.consumed, ref.consumed);
  EXPECT_EQ(got.text, ref.text);
  ASSERT_EQ(got.nodes.size(), ref.nodes.size());
  for (std::size_t i = 0; i < ref.nodes.size(); ++i) {
    SCOPED_TRACE("node " + std::to_string(i));
    EXPECT_EQ(got.nodes[i].type, ref.nodes[i].type);
    EXPECT_EQ(got.nodes[i].depth, ref.nodes[i].depth);
    EXPECT_EQ(got.nodes[i].size, ref.nodes[i].size);
    EXPECT_EQ(got.nodes[i].next, ref.nodes[i].next);
    EXPECT_EQ(got.nodes[i].integer, ref.nodes[i].integer);
    EXPECT_EQ(got.nodes[i].offset, ref.nodes[i].offset);
    EXPECT_EQ(got.nodes[i].length, ref.nodes[i].length);
  }
}

// What the fast path takes, what it must hand back to the general path, and malformed variants.
std::vector<std::string> fast_path_cases() {
  std::vector<std::string> v = {
      "$3\r\nabc\r\n"s, "$0\r\n\r\n"s, "$-1\r\n"s, "_\r\n"s, "+OK\r\n"s, "+\r\n"s, "-ERR x\r\n"s, "+a\rb\r\n"s,
      ":0\r\n"s, ":-0\r\n"s, ":+7\r\n"s, ":-42\r\n"s, ":999999999999999999\r\n"s, ":-999999999999999999\r\n"s,
      ":1000000000000000000\r\n"s, ":9223372036854775807\r\n"s, ":-9223372036854775808\r\n"s,
      "$007\r\nabcdefg\r\n"s, "$10\r\n0123456789\r\n"s, "$4\r\na\r\nb\r\n"s,
      "*1\r\n:1\r\n"s, "*3\r\n:1\r\n$2\r\nab\r\n+s\r\n"s, "*2\r\n:-5\r\n:+6\r\n"s, "*3\r\n:1\r\n$-1\r\n:2\r\n"s,
      "*2\r\n*1\r\n:1\r\n:2\r\n"s, "*2\r\n:1\r\n_\r\n"s, "*0\r\n"s, "*-1\r\n"s, "*2\r\n$0\r\n\r\n+\r\n"s,
      // malformed: the general path's message, whichever path saw it first
      "$3\r\nabcXY"s, "$3\r\nabc\n\r"s, "$x\r\n"s, "$-2\r\n"s, "$+3\r\nabc\r\n"s, "$3\rx\nabc\r\n"s,
      ":\r\n"s, ":+-5\r\n"s, ":12a\r\n"s, ":12\r3\r\n"s, ":99999999999999999999\r\n"s, "_x\r\n"s,
      "*2\r\n:1\r\n:x\r\n"s, "*2\r\n:1\r\n$3\r\nabcXY"s, "*2\r\n:1\r\n#maybe\r\n"s, "*1\r\n+a\rb\r\n"s,
      "*x\r\n"s, "*-3\r\n"s,
  };
  std::string a = "*100\r\n";
  for (int i = 0; i < 100; ++i) a += ":" + std::to_string((i * 7919) % 1000000 - 500000) + "\r\n";
  v.push_back(a);
  std::string b = "*5\r\n";
  for (int i = 0; i < 5; ++i) b += "$" + std::to_string(i * 3) + "\r\n" + std::string(static_cast<std::size_t>(i * 3), 'x') + "\r\n";
  v.push_back(b);
  // Numbers of every digit count (the fast path reads up to 8 digits at once), with a sign or
  // none, followed by the CRLF or by a byte just outside '0'..'9' on either side, or by a high byte
  // (whose carry in the 8-byte digit test must not reach back), at the top and inside an array.
  const std::string digits = "98765432109876543210";
  for (std::size_t n = 1; n <= digits.size(); ++n) {
    for (const char* sign : {"", "-", "+"}) {
      for (const std::string& tail : {"\r\n"s, "/\r\n"s, ":\r\n"s, "\xfa\r\n"s, "\xff\r\n"s, "\r\r\n"s, "0"s}) {
        const std::string number = sign + digits.substr(0, n) + tail;
        v.push_back(":" + number);
        v.push_back("*2\r\n:" + number + ":1\r\n");
        v.push_back("*2\r\n:1\r\n:" + number);
      }
    }
  }
  for (const std::size_t length : {0u, 7u, 8u, 9u, 10u, 99u, 100u, 12345u}) {
    const std::string bulk = "$" + std::to_string(length) + "\r\n" + std::string(length, 'b') + "\r\n";
    v.push_back(bulk);
    v.push_back("*1\r\n" + bulk);
  }
  for (const std::string& f : typedis_test::fixtures()) v.push_back(f);
  return v;
}

}  // namespace

TEST(resp_parser_fast_path, one_shot_agrees_with_the_general_path) {
  for (const std::string& f : fast_path_cases()) {
    SCOPED_TRACE(f.substr(0, 60));
    const outcome ref = general_path(f);
    std::string b = f;
    parser p;
    expect_same_outcome(ref, run(p, b.data(), b.size()));
    // Followed by the next reply's bytes: the same reply, the same length taken.
    std::string more = f + ":1\r\n$3\r\nabc\r\n";
    parser q;
    const outcome ref_more = general_path(more);
    expect_same_outcome(ref_more, run(q, more.data(), more.size()));
  }
}

TEST(resp_parser_fast_path, every_split_point_byte_by_byte_and_in_chunks) {
  for (const std::string& f : fast_path_cases()) {
    SCOPED_TRACE(f.substr(0, 60));
    const outcome ref = general_path(f);
    // Split once at every offset.
    for (std::size_t k = 0; k <= f.size(); ++k) {
      SCOPED_TRACE("split at " + std::to_string(k));
      parser p;
      auto first = exact(std::string_view(f).substr(0, k), {});
      outcome o = run(p, first.get(), k);
      if (!o.ok && o.error.empty()) {
        auto whole = exact(std::string_view(first.get(), k), std::string_view(f).substr(k));
        o = run(p, whole.get(), f.size());
      }
      expect_same_outcome(ref, o);
    }
    // Byte by byte, and in chunks of 2, 3 and 7 bytes.
    for (const std::size_t step : {std::size_t{1}, std::size_t{2}, std::size_t{3}, std::size_t{7}}) {
      SCOPED_TRACE("chunks of " + std::to_string(step));
      parser p;
      std::string b;
      outcome o;
      for (std::size_t n = 0; n < f.size();) {
        n = std::min(f.size(), n + step);
        b.append(f, b.size(), n - b.size());  // the bytes as the parser left them, and more
        o = run(p, b.data(), b.size());
        if (o.ok || !o.error.empty()) break;
      }
      expect_same_outcome(ref, o);
    }
  }
}

TEST(resp_parser_fast_path, limits_hold_on_the_fast_path) {
  limits lim;
  lim.max_bulk_length = 3;
  lim.max_aggregate_size = 2;
  for (const std::string& f : {"$4\r\nabcd\r\n"s, "$3\r\nabc\r\n"s, "*3\r\n:1\r\n:2\r\n:3\r\n"s, "*2\r\n:1\r\n:2\r\n"s,
                              "*2\r\n$4\r\nabcd\r\n:1\r\n"s, "*2\r\n$3\r\nabc\r\n:1\r\n"s}) {
    SCOPED_TRACE(f);
    std::string b = f;
    parser p(lim);
    expect_same_outcome(general_path(f, lim), run(p, b.data(), b.size()));
  }
  expect_protocol_error("$4\r\nabcd\r\n", "bulk length 4 exceeds limit max_bulk_length=3", lim);
  expect_protocol_error("*3\r\n:1\r\n:2\r\n:3\r\n", "aggregate size 3 exceeds limit max_aggregate_size=2", lim);
  expect_protocol_error("*2\r\n$4\r\nabcd\r\n:1\r\n", "bulk length 4 exceeds limit max_bulk_length=3", lim);
  // A line limit under 20 bytes turns the fast path off; the general path enforces it.
  limits line;
  line.max_line_length = 4;
  expect_protocol_error(":12345\r\n", "line length", line);
  expect_protocol_error("+hello\r\n", "line length", line);
  limits shallow;
  shallow.max_depth = 0;
  expect_protocol_error("*1\r\n:1\r\n", "nesting depth", shallow);
  // A simple string over the line limit inside an array.
  limits l20;
  l20.max_line_length = 20;
  expect_protocol_error("*1\r\n+" + std::string(25, 'x') + "\r\n", "line length", l20);
}

TEST(resp_parser_fast_path, a_huge_declared_count_is_not_trusted) {
  // Claims 2^28 elements with a handful of bytes: need_more, and no node made for them yet.
  std::string b = "*268435456\r\n:1\r\n:2\r\n";
  parser p;
  EXPECT_EQ(p.feed(b.data(), b.size()), parser::status::need_more);
  EXPECT_EQ(p.bytes_wanted(), 0u);
}

TEST(resp_parser_fast_path, reset_after_a_fast_reply_then_a_general_one) {
  std::string b = "$3\r\nabc\r\n%1\r\n+a\r\n:1\r\n*2\r\n:1\r\n:2\r\n:7\r\n";
  parser p;
  ASSERT_EQ(p.feed(b.data(), b.size()), parser::status::done);
  EXPECT_EQ(p.consumed(), 9u);
  EXPECT_EQ(p.feed(b.data(), b.size()), parser::status::done) << "done is sticky";
  std::size_t pos = p.consumed();
  p.reset();
  ASSERT_EQ(p.feed(b.data() + pos, b.size() - pos), parser::status::done);
  EXPECT_EQ(p.nodes().size(), 3u);
  EXPECT_EQ(p.nodes()[0].type, type::map);
  pos += p.consumed();
  p.reset();
  ASSERT_EQ(p.feed(b.data() + pos, b.size() - pos), parser::status::done);
  EXPECT_EQ(p.nodes().size(), 3u);
  pos += p.consumed();
  p.reset();
  ASSERT_EQ(p.feed(b.data() + pos, b.size() - pos), parser::status::done);
  ASSERT_EQ(p.nodes().size(), 1u);
  EXPECT_EQ(p.nodes()[0].integer, 7);
  EXPECT_EQ(pos + p.consumed(), b.size());
}
