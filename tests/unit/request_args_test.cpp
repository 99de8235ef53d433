// resp::request_args reads back the arguments of an encoded request, for decoders whose reply shape
// depends on the request's options; malformed input must read as fewer arguments, never past the end.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "typedis/command.hpp"
#include "typedis/resp/request_args.hpp"

namespace {

std::vector<std::string> all_args(std::string_view request) {
  typedis::resp::request_args args(request);
  std::vector<std::string> out;
  std::string_view a;
  while (args.next(a)) out.emplace_back(a);
  return out;
}

TEST(request_args, reads_what_the_writer_wrote) {
  const auto cmd = typedis::make_command<long long>(typedis::generic_command_info, "FT.SEARCH", "idx",
                                                    std::string("bin\r\n\0ary", 10), "WITHSCORES", 42);
  EXPECT_EQ(all_args(cmd.bytes()),
            (std::vector<std::string>{"FT.SEARCH", "idx", std::string("bin\r\n\0ary", 10), "WITHSCORES", "42"}));
}

TEST(request_args, skip_and_remaining) {
  typedis::resp::request_args args("*3\r\n$1\r\na\r\n$2\r\nbc\r\n$0\r\n\r\n");
  EXPECT_EQ(args.remaining(), 3u);
  EXPECT_TRUE(args.skip(2));
  std::string_view a = "x";
  ASSERT_TRUE(args.next(a));
  EXPECT_EQ(a, "");
  EXPECT_FALSE(args.next(a));
  EXPECT_FALSE(args.skip(1));
}

TEST(request_args, malformed_input_stops_early) {
  EXPECT_TRUE(all_args("").empty());
  EXPECT_TRUE(all_args("+OK\r\n").empty());
  EXPECT_TRUE(all_args("*x\r\n").empty());
  // The header promises more than there is; a length past the end; a missing CRLF.
  EXPECT_EQ(all_args("*3\r\n$1\r\na\r\n"), (std::vector<std::string>{"a"}));
  EXPECT_EQ(all_args("*2\r\n$1\r\na\r\n$99\r\nb\r\n"), (std::vector<std::string>{"a"}));
  EXPECT_TRUE(all_args("*1\r\n$1\r\nab").empty());
  EXPECT_TRUE(all_args("*1\r\n$\r\n\r\n").empty());
  // A length of 20 digits is refused rather than overflowing.
  EXPECT_TRUE(all_args("*1\r\n$99999999999999999999\r\nx\r\n").empty());
}

}  // namespace
