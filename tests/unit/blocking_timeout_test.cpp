// core::blocking_timeout: the server-side timeout of each blocking command, read back from the
// bytes the generated builders produce (so a change of argument order in the spec shows here).
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "core/blocking_timeout.hpp"
#include "typedis/generated/generic.hpp"
#include "typedis/generated/list.hpp"
#include "typedis/generated/sorted_set.hpp"
#include "typedis/generated/stream.hpp"
#include "typedis/generated/string.hpp"

namespace {

using namespace std::chrono_literals;
using typedis::core::blocking_timeout;
namespace cmd = typedis::cmd;

TEST(blocking_timeout, list_and_sorted_set_pops_in_seconds) {
  EXPECT_EQ(blocking_timeout(cmd::blpop({"a", "b", "c"}, 10s).bytes()), 10000ms);
  EXPECT_EQ(blocking_timeout(cmd::brpop({"a"}, 1.5s).bytes()), 1500ms);
  EXPECT_EQ(blocking_timeout(cmd::bzpopmin({"z"}, 250ms).bytes()), 250ms);
  EXPECT_EQ(blocking_timeout(cmd::bzpopmax({"z", "y"}, 2s).bytes()), 2000ms);
  EXPECT_EQ(blocking_timeout("*4\r\n$10\r\nBRPOPLPUSH\r\n$1\r\ns\r\n$1\r\nd\r\n$1\r\n3\r\n"), 3000ms);  // deprecated builder
  EXPECT_EQ(blocking_timeout(cmd::blmove("s", "d", cmd::left_right::left, cmd::left_right::right, 4s).bytes()),
            4000ms);
  EXPECT_EQ(blocking_timeout(cmd::bzmpop(5s, {"a", "b"}, cmd::min_max::min).bytes()), 5000ms);
}

TEST(blocking_timeout, zero_blocks_for_ever) {
  EXPECT_EQ(blocking_timeout(cmd::blpop({"q"}, 0s).bytes()), 0ms);
}

TEST(blocking_timeout, wait_and_waitaof_in_milliseconds) {
  EXPECT_EQ(blocking_timeout(cmd::wait(1, 700ms).bytes()), 700ms);
  EXPECT_EQ(blocking_timeout(cmd::waitaof(1, 0, 900ms).bytes()), 900ms);
}

TEST(blocking_timeout, xread_blocks_only_with_block) {
  EXPECT_EQ(blocking_timeout(cmd::xread({"s"}, {"$"}, {.count = 5, .block = 2000ms}).bytes()), 2000ms);
  EXPECT_EQ(blocking_timeout(cmd::xread({"s"}, {"$"}, {.count = 5}).bytes()), std::nullopt);
  // A stream called BLOCK is a key, not the option.
  EXPECT_EQ(blocking_timeout(cmd::xread({"BLOCK", "x"}, {"1", "2"}).bytes()), std::nullopt);
}

TEST(blocking_timeout, other_commands_and_garbage_have_none) {
  EXPECT_EQ(blocking_timeout(cmd::get("k").bytes()), std::nullopt);
  EXPECT_EQ(blocking_timeout(""), std::nullopt);
  EXPECT_EQ(blocking_timeout("*2\r\n$5\r\nBLPOP\r\n$1\r\n"), std::nullopt);
  EXPECT_EQ(blocking_timeout("*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$3\r\nabc\r\n"), std::nullopt);
  EXPECT_EQ(blocking_timeout("*3\r\n$5\r\nBLPOP\r\n$1\r\nq\r\n$2\r\n-1\r\n"), std::nullopt);
}

}  // namespace
