// typedis::decode: every standard decoder, fed the RESP2 and the RESP3 shape of the same data,
// and the errors for replies that do not fit (expected and actual shapes, nested server errors).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "resp_test_support.hpp"
#include "typedis/codec/decode.hpp"
#include "typedis/error.hpp"

namespace {

using namespace std::string_literals;
using typedis::decode_error;
using typedis::server_error;
using typedis_test::decode_reply;

// Expects a decode_error naming both shapes.
template <class T>
void expect_decode_error(std::string_view bytes, std::string_view expected, std::string_view actual_prefix) {
  SCOPED_TRACE(std::string(bytes.substr(0, 60)));
  try {
    (void)decode_reply<T>(bytes);
    ADD_FAILURE() << "no decode_error";
  } catch (const decode_error& e) {
    EXPECT_EQ(e.expected(), expected);
    EXPECT_EQ(e.actual().substr(0, actual_prefix.size()), actual_prefix) << e.actual();
    const std::string_view what = e.what();
    EXPECT_NE(what.find(expected), std::string_view::npos) << what;
    EXPECT_NE(what.find(e.actual()), std::string_view::npos) << what;
  }
}

template <class T>
void expect_server_error(std::string_view bytes, std::string_view prefix, std::string_view message) {
  SCOPED_TRACE(std::string(bytes.substr(0, 60)));
  try {
    (void)decode_reply<T>(bytes);
    ADD_FAILURE() << "no server_error";
  } catch (const server_error& e) {
    EXPECT_EQ(e.prefix(), prefix);
    EXPECT_EQ(e.message(), message);
  }
}

// ---- maps -------------------------------------------------------------------------------------------

const std::string flat_pairs = "*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n";  // RESP2 HGETALL
const std::string map_pairs = "%2\r\n$1\r\na\r\n:1\r\n+b\r\n$1\r\n2\r\n";              // RESP3

TEST(codec_decode, map_from_flat_array_and_from_map) {
  const std::map<std::string, std::string> want{{"a", "1"}, {"b", "2"}};
  EXPECT_EQ(decode_reply<std::remove_cvref_t<decltype(want)>>(flat_pairs), want);
  EXPECT_EQ(decode_reply<std::remove_cvref_t<decltype(want)>>(map_pairs), want);
  const std::unordered_map<std::string, long long> want_n{{"a", 1}, {"b", 2}};
  EXPECT_EQ(decode_reply<std::remove_cvref_t<decltype(want_n)>>(flat_pairs), want_n);
  EXPECT_EQ(decode_reply<std::remove_cvref_t<decltype(want_n)>>(map_pairs), want_n);
  EXPECT_TRUE((decode_reply<std::map<std::string, int>>("%0\r\n").empty()));
  EXPECT_TRUE((decode_reply<std::map<std::string, int>>("*0\r\n").empty()));
  // An odd flat array is not a map.
  expect_decode_error<std::map<std::string, std::string>>("*3\r\n+a\r\n+b\r\n+c\r\n", "map", "array of 3");
  expect_decode_error<std::map<std::string, std::string>>("$1\r\na\r\n", "map", "bulk string \"a\"");
}

TEST(codec_decode, pairs_from_nested_flat_and_map) {
  using scores = std::vector<std::pair<std::string, double>>;
  const scores want{{"a", 1.5}, {"b", 2}};
  // RESP3 ZRANGE WITHSCORES: an array of [member, double] pairs.
  EXPECT_EQ(decode_reply<scores>("*2\r\n*2\r\n$1\r\na\r\n,1.5\r\n*2\r\n$1\r\nb\r\n,2\r\n"), want);
  // RESP2: a flat array, scores as bulk strings.
  EXPECT_EQ(decode_reply<scores>("*4\r\n$1\r\na\r\n$3\r\n1.5\r\n$1\r\nb\r\n$1\r\n2\r\n"), want);
  EXPECT_EQ(decode_reply<scores>("%2\r\n$1\r\na\r\n,1.5\r\n$1\r\nb\r\n:2\r\n"), want);
  EXPECT_TRUE(decode_reply<scores>("*0\r\n").empty());
  expect_decode_error<scores>("*1\r\n*3\r\n+a\r\n+b\r\n+c\r\n", "pair (array of 2)", "array of 3");
}

TEST(codec_decode, sets_from_set_and_array) {
  const std::set<std::string> want{"x", "y"};
  EXPECT_EQ(decode_reply<std::set<std::string>>("~2\r\n+x\r\n$1\r\ny\r\n"), want);
  EXPECT_EQ(decode_reply<std::set<std::string>>("*3\r\n$1\r\ny\r\n$1\r\nx\r\n$1\r\ny\r\n"), want);
  const std::unordered_set<long long> nums{1, 2};
  EXPECT_EQ(decode_reply<std::unordered_set<long long>>("~2\r\n:1\r\n:2\r\n"), nums);
  EXPECT_EQ(decode_reply<std::unordered_set<long long>>("*2\r\n$1\r\n1\r\n$1\r\n2\r\n"), nums);
  expect_decode_error<std::set<std::string>>(":1\r\n", "set", "integer 1");
}

TEST(codec_decode, vectors) {
  EXPECT_EQ(decode_reply<std::vector<std::string>>("*2\r\n$1\r\na\r\n+b\r\n"), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(decode_reply<std::vector<std::string>>(">2\r\n+message\r\n+x\r\n"), (std::vector<std::string>{"message", "x"}));
  EXPECT_EQ(decode_reply<std::vector<std::vector<int>>>("*2\r\n*1\r\n:1\r\n*0\r\n"), (std::vector<std::vector<int>>{{1}, {}}));
  EXPECT_EQ(decode_reply<std::vector<std::optional<std::string>>>("*2\r\n$-1\r\n$1\r\nv\r\n"),
            (std::vector<std::optional<std::string>>{std::nullopt, "v"}));
  expect_decode_error<std::vector<std::string>>("+OK\r\n", "array", "simple string \"OK\"");
  expect_decode_error<std::vector<std::string>>("_\r\n", "array", "null");
}

// ---- scalars ----------------------------------------------------------------------------------------

TEST(codec_decode, doubles) {
  EXPECT_EQ(decode_reply<double>("$3\r\n1.5\r\n"), 1.5);
  EXPECT_EQ(decode_reply<double>(",1.5\r\n"), 1.5);
  EXPECT_EQ(decode_reply<double>("+1.5\r\n"), 1.5);
  EXPECT_EQ(decode_reply<double>(":3\r\n"), 3.0);
  EXPECT_EQ(decode_reply<double>(",1e-3\r\n"), 1e-3);
  EXPECT_EQ(decode_reply<double>("$3\r\ninf\r\n"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(decode_reply<double>("$4\r\n-inf\r\n"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(decode_reply<double>(",inf\r\n"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(decode_reply<double>(",-inf\r\n"), -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(decode_reply<double>(",nan\r\n")));
  EXPECT_EQ(decode_reply<float>("$4\r\n0.25\r\n"), 0.25f);
  expect_decode_error<double>("$3\r\nabc\r\n", "double", "bulk string \"abc\"");
  expect_decode_error<double>("$0\r\n\r\n", "double", "bulk string");
  expect_decode_error<double>("#t\r\n", "double", "boolean true");
  expect_decode_error<double>("$5\r\n+-1.5\r\n", "double", "bulk string \"+-1.5\"");
  expect_decode_error<double>("_\r\n", "double", "null");
}

TEST(codec_decode, booleans) {
  EXPECT_TRUE(decode_reply<bool>("#t\r\n"));
  EXPECT_FALSE(decode_reply<bool>("#f\r\n"));
  EXPECT_TRUE(decode_reply<bool>(":1\r\n"));
  EXPECT_FALSE(decode_reply<bool>(":0\r\n"));
  EXPECT_TRUE(decode_reply<bool>("+OK\r\n"));
  EXPECT_TRUE(decode_reply<bool>("$1\r\n1\r\n"));
  expect_decode_error<bool>(":2\r\n", "boolean (or integer 0/1)", "integer 2");
  expect_decode_error<bool>("$3\r\nyes\r\n", "boolean (or integer 0/1)", "bulk string \"yes\"");
}

TEST(codec_decode, optionals_from_every_null) {
  EXPECT_EQ(decode_reply<std::optional<std::string>>("_\r\n"), std::nullopt);
  EXPECT_EQ(decode_reply<std::optional<std::string>>("$-1\r\n"), std::nullopt);
  EXPECT_EQ(decode_reply<std::optional<std::vector<std::string>>>("*-1\r\n"), std::nullopt);
  EXPECT_EQ(decode_reply<std::optional<std::string>>("$1\r\nx\r\n"), "x");
  EXPECT_EQ(decode_reply<std::optional<long long>>(":-3\r\n"), -3);
}

TEST(codec_decode, empty_is_not_null_in_every_nullable_shape) {
  using opt_string = std::optional<std::string>;
  using opt_vector = std::optional<std::vector<std::string>>;
  // Empty strings of every string shape are values, in RESP2 and RESP3.
  EXPECT_EQ(decode_reply<opt_string>("$0\r\n\r\n"), opt_string{""});
  EXPECT_EQ(decode_reply<opt_string>("+\r\n"), opt_string{""});
  EXPECT_EQ(decode_reply<opt_string>("=4\r\ntxt:\r\n"), opt_string{""});
  EXPECT_EQ(decode_reply<opt_string>("$?\r\n;0\r\n"), opt_string{""});  // streamed, no chunk
  // Every null is nullopt: RESP2 null bulk and null array, RESP3 null.
  EXPECT_EQ(decode_reply<opt_string>("$-1\r\n"), std::nullopt);
  EXPECT_EQ(decode_reply<opt_string>("*-1\r\n"), std::nullopt);
  EXPECT_EQ(decode_reply<opt_string>("_\r\n"), std::nullopt);
  // Aggregates: empty is a value, null is not.
  EXPECT_EQ(decode_reply<opt_vector>("*0\r\n"), opt_vector{std::vector<std::string>{}});
  EXPECT_EQ(decode_reply<opt_vector>("~0\r\n"), opt_vector{std::vector<std::string>{}});
  EXPECT_EQ(decode_reply<opt_vector>("*-1\r\n"), std::nullopt);
  EXPECT_EQ(decode_reply<opt_vector>("_\r\n"), std::nullopt);
  EXPECT_EQ(decode_reply<opt_vector>("$-1\r\n"), std::nullopt);
  EXPECT_EQ(decode_reply<opt_vector>("*1\r\n$0\r\n\r\n"), opt_vector{std::vector<std::string>{""}});
  using opt_map = std::optional<std::map<std::string, std::string>>;
  EXPECT_EQ(decode_reply<opt_map>("%0\r\n"), (opt_map{std::map<std::string, std::string>{}}));
  EXPECT_EQ(decode_reply<opt_map>("_\r\n"), std::nullopt);
  // Inside aggregates (MGET, HMGET): "" and null side by side, in both protocols.
  const std::vector<opt_string> mixed{"", std::nullopt, std::nullopt, "", "x"};
  EXPECT_EQ(decode_reply<std::vector<opt_string>>("*5\r\n$0\r\n\r\n$-1\r\n*-1\r\n+\r\n$1\r\nx\r\n"), mixed);
  EXPECT_EQ(decode_reply<std::vector<opt_string>>("*5\r\n$0\r\n\r\n_\r\n_\r\n=4\r\ntxt:\r\n$1\r\nx\r\n"), mixed);
  // Map values (RESP2 flat array, RESP3 map).
  const std::map<std::string, opt_string> fields{{"a", ""}, {"b", std::nullopt}};
  EXPECT_EQ((decode_reply<std::map<std::string, opt_string>>("*4\r\n$1\r\na\r\n$0\r\n\r\n$1\r\nb\r\n$-1\r\n")), fields);
  EXPECT_EQ((decode_reply<std::map<std::string, opt_string>>("%2\r\n$1\r\na\r\n$0\r\n\r\n$1\r\nb\r\n_\r\n")), fields);
  // A tuple item (e.g. BLPOP's value) may be empty.
  using popped = std::optional<std::pair<std::string, std::string>>;
  EXPECT_EQ(decode_reply<popped>("*2\r\n$1\r\nk\r\n$0\r\n\r\n"), (popped{std::pair<std::string, std::string>{"k", ""}}));
  EXPECT_EQ(decode_reply<popped>("*-1\r\n"), std::nullopt);
  // An optional integer: 0 is a value.
  EXPECT_EQ(decode_reply<std::optional<long long>>(":0\r\n"), std::optional<long long>{0});
  EXPECT_EQ(decode_reply<std::optional<long long>>("_\r\n"), std::nullopt);
}

TEST(codec_decode, integers_range_checked) {
  EXPECT_EQ(decode_reply<long long>(":9223372036854775807\r\n"), std::numeric_limits<long long>::max());
  EXPECT_EQ(decode_reply<long long>(":-9223372036854775808\r\n"), std::numeric_limits<long long>::min());
  EXPECT_EQ(decode_reply<std::uint8_t>(":255\r\n"), 255);
  EXPECT_EQ(decode_reply<std::int8_t>(":-128\r\n"), -128);
  EXPECT_EQ(decode_reply<int>("$2\r\n42\r\n"), 42);  // RESP2 numbers in bulk strings
  EXPECT_EQ(decode_reply<int>("$3\r\n+42\r\n"), 42);
  EXPECT_EQ(decode_reply<int>("+12\r\n"), 12);
  EXPECT_EQ(decode_reply<unsigned long long>("(18446744073709551615\r\n"), std::numeric_limits<unsigned long long>::max());
  expect_decode_error<std::uint8_t>(":300\r\n", "unsigned integer", "out-of-range value 300");
  expect_decode_error<std::int8_t>(":-129\r\n", "integer", "out-of-range value -129");
  expect_decode_error<unsigned>(":-1\r\n", "unsigned integer", "out-of-range value -1");
  expect_decode_error<std::uint8_t>("$3\r\n300\r\n", "unsigned integer", "out-of-range value 300");
  expect_decode_error<long long>("(123456789012345678901234567890\r\n", "integer", "out-of-range");
  expect_decode_error<long long>("$3\r\nabc\r\n", "integer", "bulk string \"abc\"");
  expect_decode_error<long long>("$2\r\n4x\r\n", "integer", "bulk string \"4x\"");
  expect_decode_error<long long>("$0\r\n\r\n", "integer", "bulk string");
  expect_decode_error<long long>("$3\r\n+-4\r\n", "integer", "bulk string");
  expect_decode_error<long long>(",1.5\r\n", "integer", "double \"1.5\"");
  expect_decode_error<long long>("*1\r\n:1\r\n", "integer", "array of 1");
  expect_decode_error<long long>("%1\r\n:1\r\n:2\r\n", "integer", "map of 1 entries");
}

TEST(codec_decode, strings_from_every_string_shape) {
  EXPECT_EQ(decode_reply<std::string>("+OK\r\n"), "OK");
  EXPECT_EQ(decode_reply<std::string>("$5\r\nhello\r\n"), "hello");
  EXPECT_EQ(decode_reply<std::string>("$4\r\na\r\nb\r\n"), "a\r\nb");
  EXPECT_EQ(decode_reply<std::string>("=15\r\ntxt:Some string\r\n"), "Some string");
  EXPECT_EQ(decode_reply<std::string>("=4\r\ntxt:\r\n"), "");
  EXPECT_EQ(decode_reply<std::string>(":-42\r\n"), "-42");
  EXPECT_EQ(decode_reply<std::string>(",1.5\r\n"), "1.5");
  EXPECT_EQ(decode_reply<std::string>("(12345678901234567890123\r\n"), "12345678901234567890123");
  EXPECT_EQ(decode_reply<std::string>("$?\r\n;2\r\nab\r\n;1\r\nc\r\n;0\r\n"), "abc");
  expect_decode_error<std::string>("_\r\n", "string", "null");
  expect_decode_error<std::string>("*2\r\n:1\r\n:2\r\n", "string", "array of 2");
  expect_decode_error<std::string>("#f\r\n", "string", "boolean false");
}

// ---- pair, tuple, variant ---------------------------------------------------------------------------

TEST(codec_decode, tuples_and_pairs) {
  using t3 = std::tuple<std::string, long long, double>;
  EXPECT_EQ(decode_reply<t3>("*3\r\n$1\r\na\r\n:2\r\n$3\r\n2.5\r\n"), (t3{"a", 2, 2.5}));
  EXPECT_EQ(decode_reply<t3>("*3\r\n+a\r\n$1\r\n2\r\n,2.5\r\n"), (t3{"a", 2, 2.5}));
  expect_decode_error<t3>("*2\r\n+a\r\n:2\r\n", "tuple of 3", "array of 2");
  expect_decode_error<t3>("*4\r\n+a\r\n:2\r\n:3\r\n:4\r\n", "tuple of 3", "array of 4");
  using p = std::pair<std::string, int>;
  EXPECT_EQ(decode_reply<p>("*2\r\n+k\r\n:5\r\n"), (p{"k", 5}));
  expect_decode_error<p>("*3\r\n+k\r\n:5\r\n:6\r\n", "pair (array of 2)", "array of 3");
  expect_decode_error<p>("+k\r\n", "pair (array of 2)", "simple string");
}

TEST(codec_decode, variant_picks_first_alternative_that_fits) {
  using v1 = std::variant<long long, std::string>;
  EXPECT_EQ(decode_reply<v1>(":5\r\n").index(), 0u);
  const v1 s = decode_reply<v1>("$3\r\nabc\r\n");
  ASSERT_EQ(s.index(), 1u);
  EXPECT_EQ(std::get<1>(s), "abc");
  // A string alternative first takes the integer too: the order decides.
  using v2 = std::variant<std::string, long long>;
  const v2 i = decode_reply<v2>(":5\r\n");
  ASSERT_EQ(i.index(), 0u);
  EXPECT_EQ(std::get<0>(i), "5");
  // A partially decoded alternative is rewound before the next one is tried.
  using v3 = std::variant<std::vector<long long>, std::vector<std::string>>;
  const v3 vs = decode_reply<v3>("*2\r\n:1\r\n+x\r\n");
  ASSERT_EQ(vs.index(), 1u);
  EXPECT_EQ(std::get<1>(vs), (std::vector<std::string>{"1", "x"}));
  using v4 = std::variant<long long, double>;
  expect_decode_error<v4>("*0\r\n", "one of the variant's alternatives", "array of 0");
  // A server error is not a mismatch: it is not swallowed by the alternatives.
  expect_server_error<v4>("-ERR nope\r\n", "ERR", "ERR nope");
}

// ---- value, ignore, durations ---------------------------------------------------------------------

TEST(codec_decode, generic_value) {
  const auto v = decode_reply<typedis::resp::value>("*2\r\n:1\r\n%1\r\n+k\r\n$1\r\nv\r\n");
  EXPECT_EQ(typedis::resp::to_display(v), R"([1, {"k": "v"}])");
  const auto e = decode_reply<typedis::resp::value>("-ERR x\r\n");  // errors are values here
  EXPECT_TRUE(e.is_error());
  EXPECT_EQ(e.string, "ERR x");
}

TEST(codec_decode, ignore_skips_any_shape) {
  for (const std::string& f : typedis_test::fixtures()) {
    const auto p = typedis_test::parse_one(f);
    auto c = p.cursor();
    if (typedis::resp::is_error(c.peek().type)) {
      EXPECT_THROW(typedis::decode<typedis::ignore_t>(c), server_error) << f;
      continue;
    }
    EXPECT_NO_THROW(typedis::decode<typedis::ignore_t>(c)) << f;
    EXPECT_TRUE(c.at_end()) << f;
  }
}

TEST(codec_decode, durations) {
  EXPECT_EQ(decode_reply<std::chrono::seconds>(":100\r\n"), std::chrono::seconds(100));
  EXPECT_EQ(decode_reply<std::chrono::milliseconds>(":1500\r\n"), std::chrono::milliseconds(1500));
  EXPECT_EQ(decode_reply<std::chrono::seconds>(":-2\r\n"), std::chrono::seconds(-2));  // TTL of a missing key
  expect_decode_error<std::chrono::seconds>("+x\r\n", "integer", "simple string \"x\"");
}

// ---- errors inside replies --------------------------------------------------------------------------

TEST(codec_decode, nested_errors_become_server_errors) {
  expect_server_error<std::vector<std::string>>("*2\r\n$1\r\na\r\n-WRONGTYPE Operation against a key\r\n", "WRONGTYPE",
                                                "WRONGTYPE Operation against a key");
  expect_server_error<std::vector<long long>>("*1\r\n!11\r\nERR in bulk\r\n", "ERR", "ERR in bulk");
  expect_server_error<std::map<std::string, long long>>("%1\r\n+k\r\n-NOSCRIPT no script\r\n", "NOSCRIPT", "NOSCRIPT no script");
  expect_server_error<std::optional<long long>>("-ERR boom\r\n", "ERR", "ERR boom");
  expect_server_error<std::string>("-MOVED 3999 127.0.0.1:6381\r\n", "MOVED", "MOVED 3999 127.0.0.1:6381");
  expect_server_error<std::vector<std::vector<int>>>("*1\r\n-ERR inner\r\n", "ERR", "ERR inner");
  expect_server_error<bool>("-ERR b\r\n", "ERR", "ERR b");
  expect_server_error<double>("-ERR d\r\n", "ERR", "ERR d");
  expect_server_error<std::tuple<int>>("-ERR t\r\n", "ERR", "ERR t");
}

TEST(codec_decode, decode_error_with_command) {
  try {
    (void)decode_reply<long long>("+x\r\n");
    FAIL() << "no decode_error";
  } catch (const decode_error& e) {
    const decode_error named = e.with_command("INCR");
    EXPECT_EQ(named.command(), "INCR");
    EXPECT_EQ(named.expected(), "integer");
    EXPECT_EQ(std::string_view(named.what()).substr(0, 6), "INCR: ");
  }
}

TEST(codec_decode, missing_element_is_a_decode_error) {
  typedis::resp::reply_cursor empty({}, "");
  EXPECT_THROW(typedis::decode<std::string>(empty), decode_error);
}

}  // namespace
