// resp::writer and command<T>: the exact request bytes, header placement for any argument count,
// buffer growth past the inline storage, copies and moves of commands, and command names.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>

#include "resp_test_support.hpp"
#include "typedis/command.hpp"
#include "typedis/resp/writer.hpp"

namespace {

using namespace std::string_literals;
using typedis::command;
using typedis::command_info;
using typedis::generic_command_info;
using typedis::ignore_t;
using typedis::make_command;

std::string finished(typedis::resp::writer& w) {
  const std::size_t start = w.finish();
  return std::string(w.buffer().view().substr(start));
}

TEST(resp_writer, bulk_and_integer_arguments) {
  typedis::resp::writer w;
  w.bulk("GET");
  w.bulk("");
  w.bulk("a\r\nb\0c"s);
  w.integer(-12);
  w.integer(0u);
  EXPECT_EQ(w.argc(), 5u);
  EXPECT_EQ(finished(w), "*5\r\n$3\r\nGET\r\n$0\r\n\r\n$6\r\na\r\nb\0c\r\n$3\r\n-12\r\n$1\r\n0\r\n"s);
}

// The length prefix has a fast path for 1 and 2 digits: every length around the edges is exact.
TEST(resp_writer, bulk_lengths_around_the_digit_edges) {
  for (std::size_t n : {0u, 1u, 9u, 10u, 11u, 99u, 100u, 101u, 999u, 1000u, 65537u}) {
    typedis::resp::writer w;
    const std::string arg(n, 'a');
    w.bulk(arg);
    EXPECT_EQ(finished(w), "*1\r\n$" + std::to_string(n) + "\r\n" + arg + "\r\n") << n;
  }
}

// A pre-encoded token counts as one argument and is copied as it is.
TEST(resp_writer, token_is_one_preencoded_argument) {
  typedis::resp::writer w;
  w.token("$3\r\nGET\r\n");
  w.bulk("k");
  EXPECT_EQ(w.argc(), 2u);
  EXPECT_EQ(finished(w), "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
}

TEST(resp_writer, empty_request) {
  typedis::resp::writer w;
  EXPECT_EQ(finished(w), "*0\r\n");
}

TEST(resp_writer, header_is_right_aligned_for_any_count) {
  for (std::size_t n : {1u, 9u, 10u, 99u, 100u, 1000u}) {
    typedis::resp::writer w;
    std::string body;
    for (std::size_t i = 0; i < n; ++i) {
      w.bulk("x");
      body += "$1\r\nx\r\n";
    }
    EXPECT_EQ(finished(w), "*" + std::to_string(n) + "\r\n" + body) << n;
  }
}

TEST(resp_writer, parses_back_as_an_array_of_bulk_strings) {
  auto c = make_command<ignore_t>(generic_command_info, "SET", "key", "value"s, 42);
  const auto p = typedis_test::parse_one(c.bytes());
  EXPECT_EQ(p.consumed, c.bytes().size());
  auto cur = p.cursor();
  EXPECT_EQ(typedis::decode<std::vector<std::string>>(cur), (std::vector<std::string>{"SET", "key", "value", "42"}));
}

TEST(command_bytes, exact_bytes_and_argc) {
  auto c = make_command<std::string>(generic_command_info, "SET", "k", "v");
  EXPECT_EQ(c.bytes(), "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n");
  EXPECT_EQ(c.argc(), 3u);
  EXPECT_EQ(c.name(), "SET");
  EXPECT_EQ(&c.info(), &generic_command_info);
}

TEST(command_bytes, multi_word_names_are_separate_arguments) {
  auto c = make_command<ignore_t>(generic_command_info, "CONFIG GET", "*");
  EXPECT_EQ(c.bytes(), "*3\r\n$6\r\nCONFIG\r\n$3\r\nGET\r\n$1\r\n*\r\n");
  EXPECT_EQ(c.argc(), 3u);
  EXPECT_EQ(c.name(), "CONFIG");  // a generic command only knows its first word
  // Stray spaces do not make empty arguments.
  auto d = make_command<ignore_t>(generic_command_info, " CLIENT  KILL ", "ID", 7);
  EXPECT_EQ(d.bytes(), "*4\r\n$6\r\nCLIENT\r\n$4\r\nKILL\r\n$2\r\nID\r\n$1\r\n7\r\n");
}

TEST(command_bytes, static_info_name_wins) {
  static constexpr command_info info{.name = "CLIENT KILL", .flags = typedis::command_flag::admin};
  auto c = make_command<long long>(info, "CLIENT KILL", "ID", 1);
  EXPECT_EQ(c.name(), "CLIENT KILL");
  EXPECT_TRUE(has_flag(c.info().flags, typedis::command_flag::admin));
  EXPECT_FALSE(has_flag(c.info().flags, typedis::command_flag::readonly));
}

TEST(command_bytes, generic_name_from_bytes) {
  EXPECT_EQ(typedis::detail::first_argument("*2\r\n$4\r\nPING\r\n$2\r\nhi\r\n"), "PING");
  EXPECT_EQ(typedis::detail::first_argument("*0\r\n"), "");
  EXPECT_EQ(typedis::detail::first_argument(""), "");
  EXPECT_EQ(typedis::detail::first_argument("*1\r\n$10\r\nPI\r\n"), "");  // truncated: no over-read
  auto empty = make_command<ignore_t>(generic_command_info, "");
  EXPECT_EQ(empty.bytes(), "*0\r\n");
  EXPECT_EQ(empty.name(), "");
}

TEST(command_bytes, large_command_grows_the_buffer) {
  const std::string big(100000, 'v');
  const std::string binary = "\0\r\n\xff"s + std::string(300, 'b');
  auto c = make_command<ignore_t>(generic_command_info, "MSET", "k1", big, "k2", binary);
  const std::string expected = "*5\r\n$4\r\nMSET\r\n$2\r\nk1\r\n$100000\r\n" + big + "\r\n$2\r\nk2\r\n$" +
                               std::to_string(binary.size()) + "\r\n" + binary + "\r\n";
  EXPECT_EQ(c.bytes(), expected);

  // Copies and moves keep the exact bytes, for heap-backed and inline buffers alike.
  auto copy = c;
  EXPECT_EQ(copy.bytes(), expected);
  EXPECT_EQ(copy.name(), "MSET");
  auto moved = std::move(copy);
  EXPECT_EQ(moved.bytes(), expected);
  EXPECT_EQ(moved.argc(), 5u);

  auto small = make_command<ignore_t>(generic_command_info, "GET", "k");
  auto small_copy = small;
  auto small_moved = std::move(small_copy);
  EXPECT_EQ(small_moved.bytes(), "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n");
  small_moved = c;  // assign a heap-backed command over an inline one
  EXPECT_EQ(small_moved.bytes(), expected);
  small_moved = make_command<ignore_t>(generic_command_info, "PING");
  EXPECT_EQ(small_moved.bytes(), "*1\r\n$4\r\nPING\r\n");
  moved = std::move(small_moved);
  EXPECT_EQ(moved.bytes(), "*1\r\n$4\r\nPING\r\n");
}

TEST(command_bytes, growth_at_every_size_around_the_inline_capacity) {
  // Arguments whose encoding ends right around the inline capacity, byte by byte.
  for (std::size_t n = 60; n < 140; ++n) {
    const std::string arg(n, 'a');
    auto c = make_command<ignore_t>(generic_command_info, "ECHO", arg);
    EXPECT_EQ(c.bytes(), "*2\r\n$4\r\nECHO\r\n$" + std::to_string(n) + "\r\n" + arg + "\r\n") << n;
    auto copy = c;
    EXPECT_EQ(copy.bytes(), c.bytes());
  }
}

}  // namespace
