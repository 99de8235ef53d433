// The dispatch policy (what to do after each attempt) and the resend rule, without a server. The
// rule is checked on the command_info the generated builders attach, so a spec edit that would make
// SET NX or DEL resendable again fails here.
#include <gtest/gtest.h>

#include "core/dispatch.hpp"
#include "typedis/typedis.hpp"

using namespace std::chrono_literals;
using typedis::command_flag;
using typedis::command_info;
using typedis::send_state;
using typedis::dispatch::decision;
using typedis::dispatch::outcome;
using typedis::dispatch::policy;
using typedis::dispatch::policy_options;
using typedis::dispatch::request;
using action = decision::action;

namespace {

const command_info incr_info{"INCR", command_flag::write};
const command_info get_info{"GET", command_flag::readonly};
const command_info blocking_read{"XREAD", command_flag::readonly | command_flag::blocking};
const command_info idempotent_write{"SET", command_flag::write | command_flag::idempotent};

policy_options options(int max_attempts = 3) {
  policy_options o;
  o.max_attempts = max_attempts;
  o.backoff = {10ms, 100ms, 0.0};  // no jitter: delays are exact
  return o;
}

action after_lost_reply(const command_info& info, bool marked = false, bool resend_all = false) {
  policy_options o = options();
  o.resend_all = resend_all;
  policy p(o, 1);
  return p.decide(request{&info, marked, 1}, outcome::io(send_state::may_have_executed)).what;
}

}  // namespace

TEST(dispatch_policy, a_reply_is_done) {
  policy p(options(), 1);
  EXPECT_EQ(p.decide(request{&incr_info}, outcome::reply()).what, action::done);
}

TEST(dispatch_policy, unsent_requests_are_retried_with_backoff_while_attempts_last) {
  policy p(options(3), 1);
  for (const command_info* info : {&incr_info, &get_info, &blocking_read, &typedis::generic_command_info}) {
    const decision first = p.decide(request{info, false, 1}, outcome::io(send_state::not_sent));
    EXPECT_EQ(first.what, action::retry) << info->name;
    EXPECT_EQ(first.delay, 10ms);
    const decision second = p.decide(request{info, false, 2}, outcome::io(send_state::not_sent));
    EXPECT_EQ(second.what, action::retry) << info->name;
    EXPECT_EQ(second.delay, 20ms);
    EXPECT_EQ(p.decide(request{info, false, 3}, outcome::io(send_state::not_sent)).what, action::fail) << info->name;
  }
}

TEST(dispatch_policy, one_attempt_means_no_retry) {
  policy p(options(1), 1);
  EXPECT_EQ(p.decide(request{&get_info, true, 1}, outcome::io(send_state::not_sent)).what, action::fail);
}

TEST(dispatch_policy, possibly_executed_requests_are_resent_only_when_safe) {
  EXPECT_EQ(after_lost_reply(get_info), action::retry);
  EXPECT_EQ(after_lost_reply(incr_info), action::fail);
  // `idempotent` is about the data, not the reply: it does not make a resend safe.
  EXPECT_EQ(after_lost_reply(idempotent_write), action::fail);
  EXPECT_EQ(after_lost_reply(typedis::generic_command_info), action::fail);
  // The caller's mark, per call or for the whole client.
  EXPECT_EQ(after_lost_reply(incr_info, true), action::retry);
  EXPECT_EQ(after_lost_reply(typedis::generic_command_info, true), action::retry);
  EXPECT_EQ(after_lost_reply(incr_info, false, true), action::retry);
}

TEST(dispatch_policy, batches_are_resent_only_when_unsent) {
  policy_options o = options();
  o.resend_all = true;
  policy p(o, 1);
  request batch{&get_info, true, 1};
  batch.batch = true;
  EXPECT_EQ(p.decide(batch, outcome::io(send_state::not_sent)).what, action::retry);
  EXPECT_EQ(p.decide(batch, outcome::io(send_state::may_have_executed)).what, action::fail);
}

TEST(dispatch_policy, blocking_commands_are_never_resent_after_a_possible_execution) {
  EXPECT_EQ(after_lost_reply(blocking_read), action::fail);
  EXPECT_EQ(after_lost_reply(blocking_read, true), action::fail);
  EXPECT_EQ(after_lost_reply(blocking_read, false, true), action::fail);
}

// The cases, on the command_info the generated builders really attach.
TEST(dispatch_policy, resend_rule_on_generated_commands) {
  using namespace typedis;
  EXPECT_FALSE(dispatch::may_resend(cmd::set("k", "v", {.condition = nx{}}).info(), false));
  EXPECT_FALSE(dispatch::may_resend(cmd::set("k", "v").info(), false));
  EXPECT_FALSE(dispatch::may_resend(cmd::del({"k"}).info(), false));
  EXPECT_FALSE(dispatch::may_resend(cmd::rename("a", "b").info(), false));
  EXPECT_FALSE(dispatch::may_resend(cmd::swapdb(0, 1).info(), false));
  EXPECT_FALSE(dispatch::may_resend(cmd::incr("k").info(), false));
  EXPECT_FALSE(dispatch::may_resend(cmd::blpop({"q"}, std::chrono::seconds(1)).info(), false));
  EXPECT_FALSE(dispatch::may_resend(cmd::blpop({"q"}, std::chrono::seconds(1)).info(), true));
  EXPECT_TRUE(dispatch::may_resend(cmd::get("k").info(), false));
  EXPECT_TRUE(dispatch::may_resend(cmd::pfcount({"k"}).info(), false));
  EXPECT_TRUE(dispatch::may_resend(cmd::srandmember("k").info(), false));
  EXPECT_TRUE(dispatch::may_resend(cmd::set("k", "v").info(), true));
}

TEST(dispatch_policy, server_errors_are_the_callers_outside_a_cluster) {
  policy p(options(), 1);
  for (const char* text : {"ERR wrong", "MOVED 3999 127.0.0.1:6381", "ASK 1 127.0.0.1:1", "TRYAGAIN later",
                           "CLUSTERDOWN down", "LOADING"})
    EXPECT_EQ(p.decide(request{&get_info}, outcome::server(text)).what, action::done) << text;
}

TEST(dispatch_policy, cluster_redirections) {
  policy_options o = options();
  o.cluster = true;
  o.max_redirects = 2;
  policy p(o, 1);
  const decision moved = p.decide(request{&incr_info}, outcome::server("MOVED 3999 127.0.0.1:6381"));
  EXPECT_EQ(moved.what, action::redirect);
  ASSERT_TRUE(moved.target.has_value());
  EXPECT_EQ(moved.target->slot, 3999);
  EXPECT_EQ(moved.target->host, "127.0.0.1");
  EXPECT_EQ(moved.target->port, 6381);
  EXPECT_FALSE(moved.asking());
  EXPECT_TRUE(moved.refresh_topology);

  const decision ask = p.decide(request{&incr_info}, outcome::server("ASK 12 10.0.0.2:7000"));
  EXPECT_EQ(ask.what, action::redirect);
  EXPECT_TRUE(ask.asking());
  EXPECT_FALSE(ask.refresh_topology);

  request too_many{&incr_info};
  too_many.redirects = 2;
  EXPECT_EQ(p.decide(too_many, outcome::server("MOVED 1 h:1")).what, action::fail);
  // A malformed redirection is an ordinary error reply.
  EXPECT_EQ(p.decide(request{&incr_info}, outcome::server("MOVED nonsense")).what, action::done);
}

// Nodes may disagree about a slot that just moved (MOVED back and forth): the first two redirects of
// a request go at once, later ones wait a growing backoff step, and the default allows 16.
TEST(dispatch_policy, repeated_redirects_wait_while_the_nodes_disagree) {
  policy_options o = options();
  o.cluster = true;
  EXPECT_EQ(policy_options{}.max_redirects, 16);
  o.backoff.jitter = 0.0;
  policy p(o, 1);
  std::chrono::milliseconds previous{0};
  for (int redirects = 0; redirects < o.max_redirects; ++redirects) {
    request r{&incr_info};
    r.redirects = redirects;
    const decision d = p.decide(r, outcome::server("MOVED 3999 127.0.0.1:6381"));
    ASSERT_EQ(d.what, action::redirect) << redirects;
    if (redirects < 2) {
      EXPECT_EQ(d.delay.count(), 0) << redirects;
    } else {
      EXPECT_GT(d.delay.count(), 0) << redirects;
      EXPECT_GE(d.delay, previous) << redirects;
      EXPECT_LE(d.delay, o.backoff.max_delay) << redirects;
    }
    previous = d.delay;
  }
  request last{&incr_info};
  last.redirects = o.max_redirects;
  EXPECT_EQ(p.decide(last, outcome::server("MOVED 3999 127.0.0.1:6381")).what, action::fail);
}

TEST(dispatch_policy, cluster_transient_refusals) {
  policy_options o = options(2);
  o.cluster = true;
  policy p(o, 1);
  const decision again = p.decide(request{&incr_info, false, 1}, outcome::server("TRYAGAIN Multiple keys request during rehashing of slot"));
  EXPECT_EQ(again.what, action::retry);
  EXPECT_EQ(again.delay, 10ms);
  EXPECT_EQ(p.decide(request{&incr_info, false, 1}, outcome::server("CLUSTERDOWN The cluster is down")).what,
            action::refresh_topology);
  EXPECT_EQ(p.decide(request{&incr_info, false, 2}, outcome::server("TRYAGAIN x")).what, action::done);
  EXPECT_EQ(p.decide(request{&incr_info, false, 1}, outcome::server("ERR other")).what, action::done);
}
