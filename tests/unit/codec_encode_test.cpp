// typedis::encode: the exact argument bytes for every built-in encoder.
#include <gtest/gtest.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "typedis/codec/encode.hpp"
#include "typedis/command.hpp"

namespace {

using namespace std::string_literals;
using namespace std::chrono_literals;

// The arguments a value encodes to (without the array header), as one string of bulk strings.
template <class... Ts>
std::string args(const Ts&... v) {
  typedis::resp::writer w;
  (typedis::encode(w, v), ...);
  const std::size_t start = w.finish();
  std::string_view all = w.buffer().view().substr(start);
  return std::string(all.substr(all.find("\r\n") + 2));
}

// Appended piece by piece: `"$" + std::to_string(...)` trips GCC 12's -Wrestrict false positive
// at -O3 (GCC bug 105651).
std::string bulk(std::string_view s) {
  std::string out = "$";
  out += std::to_string(s.size());
  out += "\r\n";
  out += s;
  out += "\r\n";
  return out;
}

template <class... S>
std::string bulks(const S&... s) {
  return (std::string{} + ... + bulk(s));
}

template <class T>
std::size_t argc(const T& v) {
  typedis::resp::writer w;
  typedis::encode(w, v);
  return w.argc();
}

TEST(codec_encode, strings) {
  const std::string s = "hello";
  const std::string_view sv = "view";
  const char* cstr = "cstr";
  EXPECT_EQ(args(s), bulk("hello"));
  EXPECT_EQ(args(sv), bulk("view"));
  EXPECT_EQ(args(cstr), bulk("cstr"));
  EXPECT_EQ(args("literal"), bulk("literal"));
  EXPECT_EQ(args(std::string()), "$0\r\n\r\n");
  EXPECT_EQ(args(""), "$0\r\n\r\n");
  const std::string binary = "a\0b\r\n\xff"s;
  EXPECT_EQ(args(binary), "$6\r\na\0b\r\n\xff\r\n"s);
}

TEST(codec_encode, bytes_are_one_binary_argument) {
  const std::vector<unsigned char> v{0, '\r', '\n', 255, 'x'};
  EXPECT_EQ(argc(v), 1u);
  EXPECT_EQ(args(v), "$5\r\n\0\r\n\xffx\r\n"s);
  const std::array<std::byte, 3> a{std::byte{1}, std::byte{0}, std::byte{2}};
  EXPECT_EQ(args(std::span<const std::byte>(a)), "$3\r\n\x01\0\x02\r\n"s);
  EXPECT_EQ(args(std::span<const std::byte>()), "$0\r\n\r\n");
  EXPECT_EQ(args(std::vector<unsigned char>{}), "$0\r\n\r\n");
}

TEST(codec_encode, integers_of_every_type) {
  EXPECT_EQ(args(0), bulk("0"));
  EXPECT_EQ(args(-1), bulk("-1"));
  EXPECT_EQ(args(std::numeric_limits<std::int8_t>::min()), bulk("-128"));
  EXPECT_EQ(args(std::numeric_limits<std::uint8_t>::max()), bulk("255"));
  EXPECT_EQ(args(std::numeric_limits<short>::min()), bulk("-32768"));
  EXPECT_EQ(args(std::numeric_limits<unsigned short>::max()), bulk("65535"));
  EXPECT_EQ(args(std::numeric_limits<int>::min()), bulk("-2147483648"));
  EXPECT_EQ(args(std::numeric_limits<unsigned>::max()), bulk("4294967295"));
  EXPECT_EQ(args(std::numeric_limits<long>::max()), bulk(std::to_string(std::numeric_limits<long>::max())));
  EXPECT_EQ(args(std::numeric_limits<long long>::min()), bulk("-9223372036854775808"));
  EXPECT_EQ(args(std::numeric_limits<long long>::max()), bulk("9223372036854775807"));
  EXPECT_EQ(args(std::numeric_limits<unsigned long long>::max()), bulk("18446744073709551615"));
  EXPECT_EQ(args(std::size_t{42}), bulk("42"));
}

TEST(codec_encode, bool_as_one_or_zero) {
  EXPECT_EQ(args(true), bulk("1"));
  EXPECT_EQ(args(false), bulk("0"));
}

TEST(codec_encode, doubles_in_shortest_round_trip_form) {
  EXPECT_EQ(args(0.1), bulk("0.1"));
  EXPECT_EQ(args(1e300), bulk("1e+300"));
  EXPECT_EQ(args(-0.0), bulk("-0"));
  EXPECT_EQ(args(3.0), bulk("3"));
  EXPECT_EQ(args(-2.5), bulk("-2.5"));
  EXPECT_EQ(args(1.0 / 3), bulk("0.3333333333333333"));
  EXPECT_EQ(args(std::numeric_limits<double>::infinity()), bulk("+inf"));
  EXPECT_EQ(args(-std::numeric_limits<double>::infinity()), bulk("-inf"));
  // Round trip: the text reads back to the very same double.
  for (double d : {0.1, 1e300, 5e-324, std::numeric_limits<double>::max(), 123456.789, -1e-7}) {
    const std::string a = args(d);
    const std::string text = a.substr(a.find("\r\n") + 2, a.size() - a.find("\r\n") - 4);
    double back = 0;
    std::from_chars(text.data(), text.data() + text.size(), back);
    EXPECT_EQ(back, d) << text;
  }
}

TEST(codec_encode, floats_use_their_own_shortest_form) {
  EXPECT_EQ(args(0.1f), bulk("0.1"));
  EXPECT_EQ(args(3.0f), bulk("3"));
  EXPECT_EQ(args(std::numeric_limits<float>::infinity()), bulk("+inf"));
  EXPECT_EQ(args(-std::numeric_limits<float>::infinity()), bulk("-inf"));
}

TEST(codec_encode, durations) {
  EXPECT_EQ(args(5s), bulk("5"));
  EXPECT_EQ(args(1500ms), bulk("1500"));
  EXPECT_EQ(args(2min), bulk("120"));
  EXPECT_EQ(args(1h), bulk("3600"));
  EXPECT_EQ(args(2500us), bulk("2"));  // finer units become milliseconds, toward zero
  EXPECT_EQ(args(1999999ns), bulk("1"));
  EXPECT_EQ(args(-1500us), bulk("-1"));
  EXPECT_EQ(args(std::chrono::duration<double>(1.5)), bulk("1.5"));  // fractional seconds (BLPOP)
  EXPECT_EQ(args(std::chrono::duration<double, std::milli>(2.9)), bulk("2"));
}

TEST(codec_encode, time_points) {
  using namespace std::chrono;
  const sys_seconds s{1700000000s};
  EXPECT_EQ(args(s), bulk("1700000000"));
  const system_clock::time_point tp{duration_cast<system_clock::duration>(1700000000123ms)};
  EXPECT_EQ(args(tp), bulk("1700000000123"));  // the system clock's fine unit becomes ms
  const time_point<system_clock, minutes> m{minutes{2}};
  EXPECT_EQ(args(m), bulk("120"));
  const time_point<system_clock, milliseconds> ms{milliseconds{42}};
  EXPECT_EQ(args(ms), bulk("42"));
}

TEST(codec_encode, ranges_one_argument_per_element) {
  EXPECT_EQ(args(std::vector<std::string>{"a", "bb"}), bulks("a", "bb"));
  EXPECT_EQ(argc(std::vector<std::string>{"a", "bb"}), 2u);
  EXPECT_EQ(args(std::vector<int>{}), "");
  EXPECT_EQ(argc(std::vector<int>{}), 0u);
  const std::vector<long long> il{{1, -2, 3}};  // an initializer_list, through a vector
  EXPECT_EQ(args(il), bulks("1", "-2", "3"));
  EXPECT_EQ(args(std::set<int>{3, 1, 2}), bulks("1", "2", "3"));
  EXPECT_EQ(args(std::vector<double>{0.5, 2.0}), bulks("0.5", "2"));
  const std::array<std::string_view, 2> arr{"x", "y"};
  EXPECT_EQ(args(arr), bulks("x", "y"));
  // A vector of byte vectors: each inner one is one argument.
  EXPECT_EQ(args(std::vector<std::vector<unsigned char>>{{'a', 'b'}, {}}), bulks("ab", ""));
}

TEST(codec_encode, pairs_tuples_and_maps) {
  EXPECT_EQ(args(std::pair<std::string, int>{"field", 7}), bulks("field", "7"));
  EXPECT_EQ(args(std::tuple<std::string, int, double, bool>{"a", 1, 2.5, true}), bulks("a", "1", "2.5", "1"));
  EXPECT_EQ(args(std::tuple<>{}), "");
  EXPECT_EQ(args(std::vector<std::pair<std::string, double>>{{"m1", 1.5}, {"m2", -1}}), bulks("m1", "1.5", "m2", "-1"));
  EXPECT_EQ(args(std::map<std::string, int>{{"b", 2}, {"a", 1}}), bulks("a", "1", "b", "2"));
}

TEST(codec_encode, make_command_with_mixed_arguments) {
  auto c = typedis::make_command<typedis::ignore_t>(typedis::generic_command_info, "ZADD", "z",
                                                    std::vector<std::pair<double, std::string>>{{1.5, "a"}, {2, "b"}});
  EXPECT_EQ(c.bytes(), "*6\r\n" + bulks("ZADD", "z", "1.5", "a", "2", "b"));
  EXPECT_EQ(c.argc(), 6u);
  auto e = typedis::make_command<typedis::ignore_t>(typedis::generic_command_info, "SET", "k", 10s, 0.25, false);
  EXPECT_EQ(e.bytes(), "*5\r\n" + bulks("SET", "k", "10", "0.25", "0"));
}

}  // namespace
