// The codec's customisation points with a user type: encoder<point> and decoder<point>,
// round-tripped through a command's bytes and the reply a server would send (RESP2 and RESP3),
// and composed with the standard containers.
#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resp_test_support.hpp"
#include "typedis/codec/decode.hpp"
#include "typedis/codec/encode.hpp"
#include "typedis/command.hpp"
#include "typedis/error.hpp"

namespace user {
struct point {
  double x = 0;
  double y = 0;
  std::string label;
  friend bool operator==(const point&, const point&) = default;
};
}  // namespace user

// Encoded as field/value pairs, the way HSET wants them.
template <>
struct typedis::encoder<user::point> {
  static void encode(resp::writer& w, const user::point& p) {
    w.bulk("x");
    typedis::encode(w, p.x);
    w.bulk("y");
    typedis::encode(w, p.y);
    w.bulk("label");
    w.bulk(p.label);
  }
};

// Decoded from the reply to HGETALL: a flat array (RESP2) or a map (RESP3), in any field order.
template <>
struct typedis::decoder<user::point> {
  static void decode(resp::reply_cursor& cursor, user::point& out) {
    const resp::node& head = cursor.next();
    if (head.type != resp::type::map && head.type != resp::type::array)
      throw decode_error("point (map)", std::string(resp::to_string(head.type)));
    if (head.size % 2 != 0) throw decode_error("point (map)", "odd array");
    unsigned seen = 0;
    for (std::size_t i = 0; i < head.size; i += 2) {
      const auto field = typedis::decode<std::string>(cursor);
      if (field == "x") {
        typedis::decode_into(cursor, out.x);
        seen |= 1;
      } else if (field == "y") {
        typedis::decode_into(cursor, out.y);
        seen |= 2;
      } else if (field == "label") {
        typedis::decode_into(cursor, out.label);
        seen |= 4;
      } else {
        typedis::decode<typedis::ignore_t>(cursor);  // fields added later are ignored
      }
    }
    if (seen != 7) throw decode_error("point with x, y and label", "a map missing fields");
  }
};

namespace {

using user::point;
using namespace std::string_literals;

std::string bulk(std::string_view s) { return "$" + std::to_string(s.size()) + "\r\n" + std::string(s) + "\r\n"; }

// The arguments of a command, read back from its bytes with the parser.
std::vector<std::string> arguments(std::string_view request) {
  return typedis_test::decode_reply<std::vector<std::string>>(request);
}

// What HGETALL answers after "HSET key <fields>": RESP2 puts every value in a bulk string,
// RESP3 uses a map, and here the numbers as RESP3 doubles.
std::string resp2_reply(const std::vector<std::string>& fields) {
  std::string r = "*" + std::to_string(fields.size()) + "\r\n";
  for (const auto& f : fields) r += bulk(f);
  return r;
}
std::string resp3_reply(const std::vector<std::string>& fields) {
  std::string r = "%" + std::to_string(fields.size() / 2) + "\r\n";
  for (std::size_t i = 0; i < fields.size(); i += 2) {
    r += bulk(fields[i]);
    r += fields[i] == "label" ? bulk(fields[i + 1]) : "," + fields[i + 1] + "\r\n";
  }
  return r;
}

const std::vector<point> samples = {
    {1.5, -2, "home"},
    {0.1, 1e300, ""},
    {-0.0, 5e-324, "with\r\nCRLF and \0 NUL"s},
    {std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), "far"},
    {3, 123456.789, std::string(300, 'L')},
};

TEST(codec_user_type, encodes_into_the_command_bytes) {
  auto c = typedis::make_command<long long>(typedis::generic_command_info, "HSET", "pt", point{1.5, -2, "home"});
  EXPECT_EQ(c.bytes(), "*8\r\n" + bulk("HSET") + bulk("pt") + bulk("x") + bulk("1.5") + bulk("y") + bulk("-2") +
                           bulk("label") + bulk("home"));
}

TEST(codec_user_type, round_trip_through_resp2_and_resp3_replies) {
  for (const point& p : samples) {
    SCOPED_TRACE(p.label.substr(0, 20));
    auto c = typedis::make_command<long long>(typedis::generic_command_info, "HSET", "pt", p);
    std::vector<std::string> args = arguments(c.bytes());
    ASSERT_EQ(args.size(), 8u);
    const std::vector<std::string> fields(args.begin() + 2, args.end());
    const point from2 = typedis_test::decode_reply<point>(resp2_reply(fields));
    const point from3 = typedis_test::decode_reply<point>(resp3_reply(fields));
    EXPECT_EQ(from2, p);
    EXPECT_EQ(from3, p);
    EXPECT_EQ(std::signbit(from2.x), std::signbit(p.x));  // -0.0 survives
  }
}

TEST(codec_user_type, composes_with_standard_containers) {
  // A range of user values encodes element by element.
  auto c = typedis::make_command<typedis::ignore_t>(typedis::generic_command_info, "X", std::vector<point>{samples[0], samples[1]});
  EXPECT_EQ(arguments(c.bytes()).size(), 13u);
  // An array of maps decodes into a vector; a null into an empty optional.
  const std::string reply = "*2\r\n%3\r\n+label\r\n+a\r\n+x\r\n,1\r\n+y\r\n,2\r\n"
                            "*6\r\n$1\r\ny\r\n$1\r\n4\r\n$1\r\nx\r\n$1\r\n3\r\n$5\r\nlabel\r\n$1\r\nb\r\n";
  EXPECT_EQ(typedis_test::decode_reply<std::vector<point>>(reply), (std::vector<point>{{1, 2, "a"}, {3, 4, "b"}}));
  EXPECT_EQ(typedis_test::decode_reply<std::optional<point>>("*-1\r\n"), std::nullopt);
  EXPECT_EQ(typedis_test::decode_reply<std::optional<point>>("_\r\n"), std::nullopt);
  // Unknown fields are skipped, whatever their shape.
  EXPECT_EQ(typedis_test::decode_reply<point>("%4\r\n+z\r\n*1\r\n:1\r\n+x\r\n:1\r\n+y\r\n:2\r\n+label\r\n+c\r\n"),
            (point{1, 2, "c"}));
}

TEST(codec_user_type, user_decoder_errors_propagate) {
  EXPECT_THROW(typedis_test::decode_reply<point>("%1\r\n+x\r\n,1\r\n"), typedis::decode_error);
  EXPECT_THROW(typedis_test::decode_reply<point>(":1\r\n"), typedis::decode_error);
  EXPECT_THROW(typedis_test::decode_reply<point>("%3\r\n+x\r\n$3\r\nabc\r\n+y\r\n,1\r\n+label\r\n+l\r\n"),
               typedis::decode_error);
  try {
    (void)typedis_test::decode_reply<std::vector<point>>("*1\r\n-WRONGTYPE not a hash\r\n");
    ADD_FAILURE() << "no error";
  } catch (const typedis::server_error&) {
    ADD_FAILURE() << "the user decoder decides: it reports a mismatch, not a server error";
  } catch (const typedis::decode_error& e) {
    EXPECT_EQ(e.expected(), "point (map)");
    EXPECT_EQ(e.actual(), "error");
  }
}

}  // namespace
