// resp::value: the generic tree read from parsed nodes (attributes attached to the element they
// annotate, cursor left after the element), equality, the factory helpers and to_display.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "resp_test_support.hpp"
#include "typedis/error.hpp"
#include "typedis/resp/value.hpp"

namespace {

using typedis::resp::to_display;
using typedis::resp::type;
using typedis::resp::value;
using typedis_test::parse_one;

TEST(resp_value, scalars) {
  const value s = parse_one("+OK\r\n").value();
  EXPECT_EQ(s.type, type::simple_string);
  EXPECT_EQ(s.string, "OK");
  const value i = parse_one(":-7\r\n").value();
  EXPECT_EQ(i.type, type::integer);
  EXPECT_EQ(i.integer, -7);
  const value b = parse_one("#t\r\n").value();
  EXPECT_EQ(b.type, type::boolean);
  EXPECT_EQ(b.integer, 1);
  const value d = parse_one(",-1.5e3\r\n").value();
  EXPECT_EQ(d.type, type::double_type);
  EXPECT_EQ(d.string, "-1.5e3");
  const value n = parse_one("$-1\r\n").value();
  EXPECT_TRUE(n.is_null());
  EXPECT_EQ(n, value::make_null());
  const value e = parse_one("!5\r\nERR x\r\n").value();
  EXPECT_TRUE(e.is_error());
  EXPECT_EQ(e.string, "ERR x");
  const value verb = parse_one("=8\r\nmkd:# hi\r\n").value();
  EXPECT_EQ(verb.verbatim_format, "mkd");
  EXPECT_EQ(verb.string, "# hi");
  const value odd = parse_one("=2\r\nab\r\n").value();  // no format prefix: kept as is
  EXPECT_EQ(odd.verbatim_format, "");
  EXPECT_EQ(odd.string, "ab");
}

TEST(resp_value, aggregates_and_equality) {
  const value v = parse_one("*3\r\n:1\r\n$1\r\na\r\n*0\r\n").value();
  const value want = value::make_array({value::make_integer(1), value::make_string("a"), value::make_array({})});
  EXPECT_EQ(v, want);
  EXPECT_TRUE(v.is_aggregate());
  // Type matters: a set is not an array, a simple string is not a bulk string.
  EXPECT_FALSE(parse_one("~1\r\n:1\r\n").value() == parse_one("*1\r\n:1\r\n").value());
  EXPECT_FALSE(parse_one("+a\r\n").value() == value::make_string("a"));
  EXPECT_EQ(parse_one("+a\r\n").value(), value::make_string("a", type::simple_string));
  const value m = parse_one("%1\r\n+k\r\n:2\r\n").value();
  EXPECT_EQ(m.type, type::map);
  ASSERT_EQ(m.elements.size(), 2u);
  EXPECT_EQ(m.elements[0].string, "k");
  EXPECT_EQ(m.elements[1].integer, 2);
}

TEST(resp_value, attributes_attach_to_the_annotated_element) {
  const value top = parse_one("|1\r\n+src\r\n+cache\r\n:5\r\n").value();
  EXPECT_EQ(top.type, type::integer);
  EXPECT_EQ(top.integer, 5);
  ASSERT_EQ(top.attributes.size(), 2u);
  EXPECT_EQ(top.attributes[1].string, "cache");
  // Two attributes in a row both annotate the element after them, in order; none leaks into the
  // array as an element.
  const value two = parse_one("*2\r\n|1\r\n+a\r\n:1\r\n|1\r\n+b\r\n:2\r\n:5\r\n:6\r\n").value();
  ASSERT_EQ(two.elements.size(), 2u);
  EXPECT_EQ(two.elements[0].integer, 5);
  ASSERT_EQ(two.elements[0].attributes.size(), 4u);
  EXPECT_EQ(two.elements[0].attributes[0].string, "a");
  EXPECT_EQ(two.elements[0].attributes[3].integer, 2);
  EXPECT_TRUE(two.elements[1].attributes.empty());
  // An attribute on an aggregate inside a map.
  const value deep = parse_one("%1\r\n+k\r\n|1\r\n+ttl\r\n:9\r\n*1\r\n:1\r\n").value();
  ASSERT_EQ(deep.elements.size(), 2u);
  EXPECT_EQ(deep.elements[1].type, type::array);
  ASSERT_EQ(deep.elements[1].attributes.size(), 2u);
  EXPECT_EQ(deep.elements[1].attributes[1].integer, 9);
}

TEST(resp_value, attribute_annotating_nothing_ends_with_its_aggregate) {
  // In a streamed aggregate an attribute may come right before the end marker: it annotates
  // nothing, and must neither shift to the next element nor stop the reading short.
  const auto p = parse_one("*2\r\n*?\r\n:1\r\n|1\r\n+a\r\n+b\r\n.\r\n:7\r\n");
  auto c = p.cursor();
  const value v = value::read(c);
  EXPECT_TRUE(c.at_end());
  EXPECT_EQ(c.position(), p.nodes.size());
  ASSERT_EQ(v.elements.size(), 2u);
  EXPECT_EQ(v.elements[0], value::make_array({value::make_integer(1)}));
  EXPECT_EQ(v.elements[1], value::make_integer(7));
  const auto e = parse_one("*?\r\n|1\r\n+a\r\n+b\r\n.\r\n");
  auto ec = e.cursor();
  EXPECT_TRUE(value::read(ec).elements.empty());
  EXPECT_EQ(ec.position(), e.nodes.size());
}

TEST(resp_value, read_advances_the_cursor_by_one_element) {
  const auto p = parse_one("*3\r\n*2\r\n:1\r\n:2\r\n+x\r\n_\r\n");
  auto c = p.cursor();
  c.next();  // into the outer array
  EXPECT_EQ(value::read(c), value::make_array({value::make_integer(1), value::make_integer(2)}));
  EXPECT_EQ(value::read(c), value::make_string("x", type::simple_string));
  EXPECT_TRUE(value::read(c).is_null());
  EXPECT_TRUE(c.at_end());
  EXPECT_THROW(value::read(c), typedis::decode_error);
}

TEST(resp_value, to_display_of_every_shape) {
  EXPECT_EQ(to_display(parse_one("*0\r\n").value()), "[]");
  EXPECT_EQ(to_display(parse_one("%2\r\n+a\r\n:1\r\n+b\r\n#f\r\n").value()), R"({"a": 1, "b": false})");
  EXPECT_EQ(to_display(parse_one("~1\r\n,2.5\r\n").value()), "~[2.5]");
  EXPECT_EQ(to_display(parse_one(">1\r\n(99\r\n").value()), ">[99]");
  EXPECT_EQ(to_display(parse_one("-ERR no\r\n").value()), "(error) ERR no");
  EXPECT_EQ(to_display(parse_one("_\r\n").value()), "null");
  EXPECT_EQ(to_display(parse_one("=7\r\ntxt:abc\r\n").value()), "\"abc\"");
  std::ostringstream os;
  os << parse_one("*1\r\n:3\r\n").value();
  EXPECT_EQ(os.str(), "[3]");
  // Deep values are cut off instead of recursing without bound.
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "*1\r\n";
  deep += ":1\r\n";
  const std::string shown = to_display(parse_one(deep).value());
  EXPECT_NE(shown.find("..."), std::string::npos);
  EXPECT_LT(shown.size(), 200u);
}

TEST(resp_value, copies_moves_and_deep_destruction) {
  std::string s;
  for (int i = 0; i < 1000; ++i) s += "*2\r\n:1\r\n";
  s += ":2\r\n";
  value v = parse_one(s).value();
  value copy = v;
  EXPECT_EQ(copy, v);
  value moved = std::move(copy);
  EXPECT_EQ(moved, v);
  moved = value::make_integer(3);  // assignment destroys the deep tree it held
  EXPECT_EQ(moved, value::make_integer(3));
  std::vector<value> many(3, v);
  many.clear();
  EXPECT_EQ(v.elements.size(), 2u);
}

}  // namespace
