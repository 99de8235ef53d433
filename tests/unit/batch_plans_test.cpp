// The I/O-free batch plans: a transaction's MULTI/EXEC framing and the NOSCRIPT re-run, fed
// replies by index (in any order, as a runner may deliver them) with no socket.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "resp_test_support.hpp"
#include "typedis/detail/batch_plans.hpp"
#include "typedis/generated/string.hpp"
#include "typedis/script.hpp"

namespace {

using typedis::detail::batch;
using typedis::detail::noscript_rerun;
using typedis::detail::transaction_framing;

batch two_incrs() {
  batch b;
  const auto a = typedis::cmd::incr("a");
  const auto c = typedis::cmd::incr("c");
  b.add(a.bytes(), a.info());
  b.add(c.bytes(), c.info());
  return b;
}

// Feeds `reply` as framed reply `i`; returns on_reply's answer and, when it is EXEC's array, the
// integers in it.
bool feed(transaction_framing& plan, std::size_t i, std::string_view reply, std::vector<long long>* exec = nullptr) {
  const auto p = typedis_test::parse_one(reply);
  auto c = p.cursor();
  const bool is_exec = plan.on_reply(i, c);
  if (is_exec && exec != nullptr)
    while (!c.at_end()) exec->push_back(c.next().integer);
  if (!is_exec) {
    EXPECT_TRUE(c.at_end()) << "a reply the plan takes must be consumed whole";
  }
  return is_exec;
}

TEST(transaction_framing, frames_the_commands_between_multi_and_exec) {
  const batch b = two_incrs();
  transaction_framing plan(b);
  ASSERT_EQ(plan.framed().size(), 4u);
  EXPECT_EQ(plan.framed().name(0), "MULTI");
  EXPECT_EQ(plan.framed().request(1), b.request(0));
  EXPECT_EQ(plan.framed().request(2), b.request(1));
  EXPECT_EQ(plan.framed().name(3), "EXEC");
  EXPECT_EQ(plan.framed().bytes(), "*1\r\n$5\r\nMULTI\r\n" + std::string(b.bytes()) + "*1\r\n$4\r\nEXEC\r\n");
}

TEST(transaction_framing, exec_array_is_handed_to_the_caller_in_any_delivery_order) {
  const batch b = two_incrs();
  transaction_framing plan(b);
  std::vector<long long> values;
  EXPECT_TRUE(feed(plan, 3, "*2\r\n:7\r\n:8\r\n", &values));  // EXEC's first: order does not matter
  EXPECT_FALSE(feed(plan, 1, "+QUEUED\r\n"));
  EXPECT_FALSE(feed(plan, 0, "+OK\r\n"));
  EXPECT_FALSE(feed(plan, 2, "+QUEUED\r\n"));
  EXPECT_EQ(values, (std::vector<long long>{7, 8}));
  EXPECT_TRUE(plan.exec_arrived());
  EXPECT_FALSE(plan.aborted());
  EXPECT_FALSE(plan.exec_error());
  EXPECT_FALSE(plan.queued_error(0));
}

TEST(transaction_framing, a_rejected_command_and_execabort) {
  const batch b = two_incrs();
  transaction_framing plan(b);
  feed(plan, 0, "+OK\r\n");
  feed(plan, 1, "+QUEUED\r\n");
  feed(plan, 2, "-ERR wrong number of arguments for 'incr' command\r\n");
  EXPECT_FALSE(feed(plan, 3, "-EXECABORT Transaction discarded because of previous errors.\r\n"));
  ASSERT_TRUE(plan.queued_error(1));
  EXPECT_EQ(plan.queued_error(1)->prefix, "ERR");
  EXPECT_NE(plan.queued_error(1)->message.find("INCR"), std::string::npos) << plan.queued_error(1)->message;
  ASSERT_TRUE(plan.exec_error());
  EXPECT_EQ(plan.exec_error()->prefix, "EXECABORT");
}

TEST(transaction_framing, a_null_exec_is_a_watch_abort_and_a_multi_error_is_kept) {
  const batch b = two_incrs();
  transaction_framing watched(b);
  EXPECT_FALSE(feed(watched, 3, "*-1\r\n"));
  EXPECT_TRUE(watched.aborted());
  transaction_framing refused(b);
  feed(refused, 0, "-ERR MULTI calls can not be nested\r\n");
  ASSERT_TRUE(refused.multi_error());
  EXPECT_FALSE(refused.exec_arrived());
}

TEST(transaction_framing, an_exec_array_of_the_wrong_length_is_an_error_not_a_misdecode) {
  const batch b = two_incrs();
  transaction_framing plan(b);
  EXPECT_FALSE(feed(plan, 3, "*3\r\n:1\r\n:2\r\n:3\r\n"));
  ASSERT_TRUE(plan.exec_error());
}

TEST(transaction_framing, scripts_are_loaded_before_multi_once_each) {
  const typedis::script s("return 1");
  batch b;
  const auto call = s.evalsha<long long>();
  b.add(call.bytes(), call.info());
  b.add_script(0, s);
  b.add(call.bytes(), call.info());
  b.add_script(1, s);
  transaction_framing plan(b);
  ASSERT_EQ(plan.framed().size(), 5u);  // SCRIPT LOAD, MULTI, 2 calls, EXEC
  EXPECT_EQ(plan.framed().name(1), "MULTI");
  EXPECT_NE(plan.framed().request(0).find("return 1"), std::string_view::npos);
  EXPECT_FALSE(feed(plan, 0, "$40\r\n" + s.sha1() + "\r\n"));
  std::vector<long long> values;
  EXPECT_TRUE(feed(plan, 4, "*2\r\n:1\r\n:1\r\n", &values));
  EXPECT_EQ(values.size(), 2u);
}

TEST(noscript_rerun, loads_each_failed_script_once_and_maps_replies_back) {
  const typedis::script one("return 1"), two("return 2");
  batch b;
  const auto get = typedis::cmd::get("k");
  const auto c1 = one.evalsha<long long>(), c2 = two.evalsha<long long>();
  b.add(get.bytes(), get.info());  // 0
  b.add(c1.bytes(), c1.info());    // 1
  b.add_script(1, one);
  b.add(c2.bytes(), c2.info());  // 2
  b.add_script(2, two);
  b.add(c1.bytes(), c1.info());  // 3
  b.add_script(3, one);
  const noscript_rerun again(b, [](std::size_t i) { return i == 1 || i == 3; });  // script two ran
  ASSERT_FALSE(again.empty());
  ASSERT_EQ(again.commands().size(), 3u);  // one SCRIPT LOAD, two calls
  EXPECT_EQ(again.commands().name(0), "SCRIPT LOAD");
  EXPECT_FALSE(again.original_index(0));
  EXPECT_EQ(again.original_index(1), 1u);
  EXPECT_EQ(again.original_index(2), 3u);
  EXPECT_EQ(again.commands().request(1), b.request(1));

  const noscript_rerun nothing(b, [](std::size_t) { return false; });
  EXPECT_TRUE(nothing.empty());
}

}  // namespace
