// detail::observed_batch (runtime/core): the per-command events of a pipeline or transaction,
// driven with parsed replies, no server: the paths a live server rarely takes (EXECABORT, DISCARD,
// a connection lost in the middle, a reply that fails to decode).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "core/observed_batch.hpp"
#include "resp_test_support.hpp"
#include "typedis/error.hpp"
#include "typedis/generated/commands.hpp"

using typedis::command_context;
using typedis::command_outcome;

namespace {

struct ended {
  std::string command;
  command_context context;
  command_outcome outcome;
  std::string prefix;
  typedis::send_state state;
  std::size_t bytes_out, bytes_in;
};

class recorder final : public typedis::observer {
 public:
  void on_command_start(const typedis::command_start_event& e) noexcept override { starts.emplace_back(e.command); }
  void on_command_end(const typedis::command_end_event& e) noexcept override {
    ends.push_back({std::string(e.command), e.context, e.outcome, std::string(e.error_prefix), e.io_state,
                    e.bytes_out, e.bytes_in});
  }
  std::vector<std::string> starts;
  std::vector<ended> ends;
};

// A raw command (no generated info): its name is read from the request.
const typedis::command_info raw_info{};
const std::string bogus_request = "*1\r\n$5\r\nBOGUS\r\n";

template <class C>
void add(typedis::detail::batch& b, const C& c) {
  b.add(c.bytes(), c.info());
}

// Feeds `reply` for command `index` as an executor does: before and after the handler.
void answer(typedis::detail::observed_batch& o, std::size_t index, std::string_view reply) {
  const typedis_test::parsed p = typedis_test::parse_one(reply);
  auto cursor = p.cursor();
  o.reply(index, cursor, reply.size());
  EXPECT_EQ(cursor.position(), 0u) << "reply() must leave the cursor where it was";
  cursor.skip();  // the caller's handler
  o.replied(index);
}

}  // namespace

TEST(observed_batch, pipeline_commands_end_one_by_one_with_their_own_bytes) {
  typedis::detail::batch b;
  add(b, typedis::cmd::set("k", "v"));
  add(b, typedis::cmd::incr("k"));
  recorder r;
  {
    typedis::detail::observed_batch o(r, b, "127.0.0.1:1");
    o.attempt();
    ASSERT_EQ(r.starts, (std::vector<std::string>{"SET", "INCR"}));
    EXPECT_TRUE(r.ends.empty()) << "nothing ends before its reply";
    answer(o, 0, "+OK\r\n");
    ASSERT_EQ(r.ends.size(), 1u);
    answer(o, 1, "-ERR value is not an integer or out of range\r\n");
  }
  ASSERT_EQ(r.ends.size(), 2u) << "the destructor ends nothing twice";
  EXPECT_EQ(r.ends[0].outcome, command_outcome::ok);
  EXPECT_EQ(r.ends[0].context, command_context::pipeline);
  EXPECT_EQ(r.ends[0].bytes_out, b.request(0).size());
  EXPECT_EQ(r.ends[0].bytes_in, 5u);
  EXPECT_EQ(r.ends[1].outcome, command_outcome::server_error);
  EXPECT_EQ(r.ends[1].prefix, "ERR");
}

TEST(observed_batch, execabort_aborts_the_queued_commands_and_keeps_the_refused_ones_error) {
  typedis::detail::batch b;
  add(b, typedis::cmd::multi());
  add(b, typedis::cmd::set("k", "v"));
  b.add(bogus_request, raw_info);
  add(b, typedis::cmd::exec());
  recorder r;
  typedis::detail::observed_batch o(r, b, "ep");
  o.attempt();
  answer(o, 0, "+OK\r\n");
  answer(o, 1, "+QUEUED\r\n");
  EXPECT_EQ(r.ends.size(), 1u) << "a queued command waits for EXEC";
  answer(o, 2, "-ERR unknown command 'BOGUS'\r\n");
  answer(o, 3, "-EXECABORT Transaction discarded because of previous errors.\r\n");
  ASSERT_EQ(r.ends.size(), 4u);
  EXPECT_EQ(r.ends[0].command, "MULTI");
  EXPECT_EQ(r.ends[1].command, "BOGUS");
  EXPECT_EQ(r.ends[1].outcome, command_outcome::server_error);
  EXPECT_EQ(r.ends[1].prefix, "ERR");
  EXPECT_EQ(r.ends[2].command, "EXEC");
  EXPECT_EQ(r.ends[2].outcome, command_outcome::server_error);
  EXPECT_EQ(r.ends[2].prefix, "EXECABORT");
  EXPECT_EQ(r.ends[3].command, "SET");
  EXPECT_EQ(r.ends[3].outcome, command_outcome::aborted);
  EXPECT_EQ(r.ends[3].prefix, "");
  EXPECT_EQ(r.ends[3].bytes_in, 9u) << "its QUEUED reply";
  for (const auto& e : r.ends) EXPECT_EQ(e.context, command_context::transaction);
}

TEST(observed_batch, exec_array_gives_each_queued_command_its_outcome_and_discard_aborts) {
  typedis::detail::batch b;
  add(b, typedis::cmd::get("before"));  // a pipelined command ahead of the transaction
  add(b, typedis::cmd::multi());
  add(b, typedis::cmd::incr("a"));
  add(b, typedis::cmd::lpush("s", "x"));
  add(b, typedis::cmd::exec());
  add(b, typedis::cmd::multi());
  add(b, typedis::cmd::incr("a"));
  add(b, typedis::cmd::discard());
  recorder r;
  typedis::detail::observed_batch o(r, b, "ep");
  o.attempt();
  answer(o, 0, "$-1\r\n");
  answer(o, 1, "+OK\r\n");
  answer(o, 2, "+QUEUED\r\n");
  answer(o, 3, "+QUEUED\r\n");
  answer(o, 4, "*2\r\n:1\r\n-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  answer(o, 5, "+OK\r\n");
  answer(o, 6, "+QUEUED\r\n");
  answer(o, 7, "+OK\r\n");
  ASSERT_EQ(r.ends.size(), 8u);
  EXPECT_EQ(r.ends[0].context, command_context::pipeline);
  const std::vector<std::string> order{"GET", "MULTI", "EXEC", "INCR", "LPUSH", "MULTI", "DISCARD", "INCR"};
  for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(r.ends[i].command, order[i]) << i;
  EXPECT_EQ(r.ends[3].outcome, command_outcome::ok);
  EXPECT_EQ(r.ends[4].outcome, command_outcome::server_error);
  EXPECT_EQ(r.ends[4].prefix, "WRONGTYPE");
  EXPECT_EQ(r.ends[6].outcome, command_outcome::ok);
  EXPECT_EQ(r.ends[7].outcome, command_outcome::aborted);
  for (std::size_t i = 1; i < order.size(); ++i) EXPECT_EQ(r.ends[i].context, command_context::transaction) << i;
}

TEST(observed_batch, null_exec_aborts_the_queued_commands) {
  typedis::detail::batch b;
  add(b, typedis::cmd::multi());
  add(b, typedis::cmd::incr("a"));
  add(b, typedis::cmd::exec());
  recorder r;
  typedis::detail::observed_batch o(r, b, "ep");
  o.attempt();
  answer(o, 0, "+OK\r\n");
  answer(o, 1, "+QUEUED\r\n");
  answer(o, 2, "*-1\r\n");
  ASSERT_EQ(r.ends.size(), 3u);
  EXPECT_EQ(r.ends[1].command, "EXEC");
  EXPECT_EQ(r.ends[1].outcome, command_outcome::ok);
  EXPECT_EQ(r.ends[2].outcome, command_outcome::aborted);
}

TEST(observed_batch, a_lost_connection_ends_the_rest_with_the_io_error) {
  typedis::detail::batch b;
  add(b, typedis::cmd::get("a"));
  add(b, typedis::cmd::get("b"));
  add(b, typedis::cmd::get("c"));
  recorder r;
  typedis::detail::observed_batch o(r, b, "ep");
  o.attempt();
  answer(o, 0, "$1\r\nx\r\n");
  try {
    throw typedis::io_error("pipeline", "ep", "connection reset", typedis::send_state::may_have_executed);
  } catch (...) {
    o.failed();
  }
  ASSERT_EQ(r.ends.size(), 3u);
  EXPECT_EQ(r.ends[0].outcome, command_outcome::ok);
  for (std::size_t i = 1; i < 3; ++i) {
    EXPECT_EQ(r.ends[i].outcome, command_outcome::io_error);
    EXPECT_EQ(r.ends[i].state, typedis::send_state::may_have_executed);
    EXPECT_EQ(r.ends[i].bytes_out, b.request(i).size()) << "written before the failure";
    EXPECT_EQ(r.ends[i].bytes_in, 0u);
  }
}

TEST(observed_batch, unsent_batch_reports_no_bytes_out_and_a_decode_failure_is_other_error) {
  typedis::detail::batch b;
  add(b, typedis::cmd::get("a"));
  recorder unsent;
  {
    typedis::detail::observed_batch o(unsent, b, "ep");
    try {
      throw typedis::io_error("pipeline", "ep", "connection refused", typedis::send_state::not_sent);
    } catch (...) {
      o.failed();
    }
  }
  ASSERT_EQ(unsent.ends.size(), 1u);
  EXPECT_EQ(unsent.ends[0].outcome, command_outcome::io_error);
  EXPECT_EQ(unsent.ends[0].bytes_out, 0u);

  recorder bad;
  typedis::detail::observed_batch o(bad, b, "ep");
  o.attempt();
  const typedis_test::parsed p = typedis_test::parse_one(":12\r\n");
  auto cursor = p.cursor();
  o.reply(0, cursor, 5);
  try {
    throw typedis::decode_error("bulk string", "integer");
  } catch (...) {
    o.failed();  // the handler threw: replied() never came
  }
  ASSERT_EQ(bad.ends.size(), 1u);
  EXPECT_EQ(bad.ends[0].outcome, command_outcome::other_error);
  EXPECT_EQ(bad.ends[0].bytes_in, 5u);
}
