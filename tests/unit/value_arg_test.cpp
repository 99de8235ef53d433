// typedis::value_arg and typedis::string_arg: what a string parameter of a generated command
// accepts and how a number is written (issue 15: r.set("counter", 0) compiled and crashed).
#include <gtest/gtest.h>

#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "typedis/typedis.hpp"

namespace c = typedis::cmd;
using typedis::value_arg;

TEST(value_arg, text_is_referred_to) {
  const std::string s = "hello";
  EXPECT_EQ(value_arg(s).view(), "hello");
  EXPECT_EQ(value_arg(s).view().data(), s.data());
  EXPECT_EQ(value_arg("lit").view(), "lit");
  EXPECT_EQ(value_arg(std::string_view("sv")).view(), "sv");
  EXPECT_EQ(value_arg().view(), "");
}

TEST(value_arg, integers_in_decimal) {
  EXPECT_EQ(value_arg(0).view(), "0");
  EXPECT_EQ(value_arg(-42).view(), "-42");
  EXPECT_EQ(value_arg(std::numeric_limits<long long>::min()).view(), "-9223372036854775808");
  EXPECT_EQ(value_arg(std::numeric_limits<unsigned long long>::max()).view(), "18446744073709551615");
  EXPECT_EQ(value_arg(static_cast<unsigned char>(200)).view(), "200");
}

TEST(value_arg, floating_point_in_the_shortest_form_that_reads_back) {
  EXPECT_EQ(value_arg(3.14).view(), "3.14");
  EXPECT_EQ(value_arg(0.1).view(), "0.1");
  EXPECT_EQ(value_arg(0.1f).view(), "0.1");  // the float's own shortest form
  EXPECT_EQ(value_arg(2.5).view(), "2.5");
  EXPECT_EQ(value_arg(1e300).view(), "1e+300");
  EXPECT_EQ(value_arg(-0.0).view(), "-0");
  EXPECT_EQ(value_arg(std::numeric_limits<double>::infinity()).view(), "+inf");
  EXPECT_EQ(value_arg(-std::numeric_limits<double>::infinity()).view(), "-inf");
  const double third = 1.0 / 3;
  EXPECT_EQ(std::stod(std::string(value_arg(third).view())), third);
}

TEST(value_arg, a_copy_keeps_its_own_number) {
  value_arg a(12345);
  value_arg b = a;
  a = value_arg(7);
  EXPECT_EQ(b.view(), "12345");
  EXPECT_EQ(a.view(), "7");
  const std::vector<value_arg> many{1, 2.5, "x"};
  EXPECT_EQ(many[0].view(), "1");
  EXPECT_EQ(many[1].view(), "2.5");
  EXPECT_EQ(many[2].view(), "x");
}

TEST(value_arg, a_null_pointer_at_run_time_throws) {
  const char* null = nullptr;
  EXPECT_THROW((void)c::get(null), std::invalid_argument);
  EXPECT_THROW((void)c::set("k", null), std::invalid_argument);
}

// What the commands send (issue 15 items 1 and 2).
TEST(value_arg, commands_send_numbers_as_redis_reads_them) {
  EXPECT_EQ(c::set("n", 0).bytes(), "*3\r\n$3\r\nSET\r\n$1\r\nn\r\n$1\r\n0\r\n");
  EXPECT_EQ(c::set("pi", 3.14).bytes(), "*3\r\n$3\r\nSET\r\n$2\r\npi\r\n$4\r\n3.14\r\n");
  EXPECT_EQ(c::sadd("s", std::vector<int>{1, 2}).bytes(), "*4\r\n$4\r\nSADD\r\n$1\r\ns\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(c::hset("h", {{"f", 1}, {"g", 0.5}}).bytes(),
            "*6\r\n$4\r\nHSET\r\n$1\r\nh\r\n$1\r\nf\r\n$1\r\n1\r\n$1\r\ng\r\n$3\r\n0.5\r\n");
  // score bounds: a number, or an exclusive bound / infinity as text
  EXPECT_EQ(c::zcount("z", 1.5, "+inf").bytes(), "*4\r\n$6\r\nZCOUNT\r\n$1\r\nz\r\n$3\r\n1.5\r\n$4\r\n+inf\r\n");
  EXPECT_EQ(c::zremrangebyscore("z", "(1", 2).bytes(),
            "*4\r\n$16\r\nZREMRANGEBYSCORE\r\n$1\r\nz\r\n$2\r\n(1\r\n$1\r\n2\r\n");
}

TEST(value_arg, floating_point_arguments_keep_their_fraction) {
  EXPECT_EQ(c::zincrby("z", 2.5, "d").bytes(), "*4\r\n$7\r\nZINCRBY\r\n$1\r\nz\r\n$3\r\n2.5\r\n$1\r\nd\r\n");
  EXPECT_EQ(c::zunion({"a", "b"}, {.weights = {1, 0.5}}).bytes(),
            "*7\r\n$6\r\nZUNION\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\nb\r\n$7\r\nWEIGHTS\r\n$1\r\n1\r\n$3\r\n0.5\r\n");
  const std::vector<double> weights{2, 0.25};
  EXPECT_EQ(c::zinterstore("d", {"a", "b"}, {.weights = weights}).bytes(),
            "*8\r\n$11\r\nZINTERSTORE\r\n$1\r\nd\r\n$1\r\n2\r\n$1\r\na\r\n$1\r\nb\r\n$7\r\nWEIGHTS\r\n$1\r\n2\r\n$4\r\n0.25\r\n");
}
