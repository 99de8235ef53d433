// The I/O-free half of typedis::subscriber: Pub/Sub frames in their RESP2 and RESP3 forms, the
// subscription sets that are restored after a reconnect, and the reconnect backoff.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "resp_test_support.hpp"
#include "core/subscriber_state.hpp"
#include "typedis/error.hpp"

using typedis::message;
using typedis::message_kind;
using typedis::pubsub::family;
using typedis::pubsub::frame;
using typedis_test::parse_one;

namespace {

frame parse(std::string_view bytes) {
  const auto p = parse_one(bytes);
  auto c = p.cursor();
  return typedis::pubsub::parse_frame(c);
}

message data(message_kind k, std::string channel, std::string payload, std::string pattern = {}) {
  message m;
  m.kind = k;
  m.channel = std::move(channel);
  m.payload = std::move(payload);
  m.pattern = std::move(pattern);
  return m;
}

}  // namespace

TEST(subscriber_frames, message_in_resp2_and_resp3) {
  for (const char* bytes : {"*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n",
                            ">3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n"}) {
    const frame f = parse(bytes);
    ASSERT_EQ(f.type, frame::kind::message) << bytes;
    EXPECT_EQ(f.msg, data(message_kind::message, "news", "hello"));
    EXPECT_TRUE(f.msg.is_data());
  }
}

TEST(subscriber_frames, pmessage_carries_the_pattern) {
  for (const char* bytes : {"*4\r\n$8\r\npmessage\r\n$3\r\nn.*\r\n$5\r\nn.one\r\n$0\r\n\r\n",
                            ">4\r\n$8\r\npmessage\r\n$3\r\nn.*\r\n$5\r\nn.one\r\n$0\r\n\r\n"}) {
    const frame f = parse(bytes);
    ASSERT_EQ(f.type, frame::kind::message);
    EXPECT_EQ(f.msg, data(message_kind::pmessage, "n.one", "", "n.*"));
  }
}

TEST(subscriber_frames, smessage_and_binary_payload) {
  const std::string payload("a\0\r\nb", 5);
  const std::string bytes = ">3\r\n$8\r\nsmessage\r\n$2\r\nsc\r\n$5\r\n" + payload + "\r\n";
  const frame f = parse(bytes);
  ASSERT_EQ(f.type, frame::kind::message);
  EXPECT_EQ(f.msg, data(message_kind::smessage, "sc", payload));
}

TEST(subscriber_frames, confirmations_with_counts) {
  struct fixture {
    const char* bytes;
    message_kind kind;
    const char* channel;
    long long count;
  };
  const fixture cases[] = {
      {"*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n", message_kind::subscribe, "a", 1},
      {">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:2\r\n", message_kind::subscribe, "a", 2},
      {">3\r\n$10\r\npsubscribe\r\n$2\r\na*\r\n:3\r\n", message_kind::psubscribe, "a*", 3},
      {"*3\r\n$10\r\nssubscribe\r\n$1\r\ns\r\n:1\r\n", message_kind::ssubscribe, "s", 1},
      {">3\r\n$12\r\npunsubscribe\r\n$2\r\na*\r\n:0\r\n", message_kind::punsubscribe, "a*", 0},
      {">3\r\n$12\r\nsunsubscribe\r\n$1\r\ns\r\n:0\r\n", message_kind::sunsubscribe, "s", 0},
      // UNSUBSCRIBE with nothing subscribed: the channel is null (RESP2 $-1, RESP3 _).
      {"*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n", message_kind::unsubscribe, "", 0},
      {">3\r\n$11\r\nunsubscribe\r\n_\r\n:0\r\n", message_kind::unsubscribe, "", 0},
  };
  for (const auto& c : cases) {
    const frame f = parse(c.bytes);
    ASSERT_EQ(f.type, frame::kind::message) << c.bytes;
    EXPECT_EQ(f.msg.kind, c.kind);
    EXPECT_EQ(f.msg.channel, c.channel);
    EXPECT_EQ(f.msg.count, c.count);
    EXPECT_FALSE(f.msg.is_data());
  }
}

TEST(subscriber_frames, pong_forms_are_not_messages) {
  EXPECT_EQ(parse("*2\r\n$4\r\npong\r\n$0\r\n\r\n").type, frame::kind::pong);  // RESP2, subscribed
  EXPECT_EQ(parse("+PONG\r\n").type, frame::kind::pong);                       // RESP3, or RESP2 unsubscribed
}

TEST(subscriber_frames, error_replies_keep_their_text) {
  const frame f = parse("-NOPERM this user has no permissions to access the 'x' channel\r\n");
  ASSERT_EQ(f.type, frame::kind::error);
  EXPECT_EQ(f.error_text.rfind("NOPERM", 0), 0u);
}

TEST(subscriber_frames, unknown_push_kinds_are_ignored) {
  EXPECT_EQ(parse(">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n").type, frame::kind::ignored);
  EXPECT_EQ(parse(">1\r\n:5\r\n").type, frame::kind::ignored);
}

TEST(subscriber_frames, malformed_frames_are_protocol_errors) {
  const char* bad[] = {
      ":12\r\n",                                         // an integer reply
      "+OK\r\n",                                         // a string that is not PONG
      "*0\r\n",                                          // empty array
      "*2\r\n$7\r\nmessage\r\n$1\r\na\r\n",              // message without payload
      "*3\r\n$5\r\nhello\r\n$1\r\na\r\n$1\r\nb\r\n",     // unknown kind in a RESP2 array
      "*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n$1\r\n1\r\n",  // count that is not an integer
      ">3\r\n$7\r\nmessage\r\n*0\r\n$1\r\nb\r\n",         // channel that is not a string
  };
  for (const char* bytes : bad) EXPECT_THROW(parse(bytes), typedis::protocol_error) << bytes;
}

TEST(subscription_set, calls_decide_what_is_resubscribed) {
  typedis::pubsub::subscription_set s;
  EXPECT_TRUE(s.empty());
  EXPECT_TRUE(s.resubscribe_requests().empty());
  s.add(family::channel, {"b", "a"});
  s.add(family::channel, "a");  // already there
  s.add(family::pattern, "p*");
  s.add(family::shard, {"s1", "s2"});
  s.remove(family::shard, "s1");
  s.remove(family::channel, "never-added");
  const std::vector<std::string> expected{
      "*3\r\n$9\r\nSUBSCRIBE\r\n$1\r\na\r\n$1\r\nb\r\n",
      "*2\r\n$10\r\nPSUBSCRIBE\r\n$2\r\np*\r\n",
      "*2\r\n$10\r\nSSUBSCRIBE\r\n$2\r\ns2\r\n",
  };
  EXPECT_EQ(s.resubscribe_requests(), expected);

  s.remove(family::channel, {});  // unsubscribe(): all channels
  EXPECT_TRUE(s.names(family::channel).empty());
  EXPECT_EQ(s.names(family::pattern).size(), 1u);
  s.remove(family::pattern, {});
  s.remove(family::shard, {});
  EXPECT_TRUE(s.empty());
}

TEST(subscription_set, long_lists_are_chunked) {
  typedis::pubsub::subscription_set s;
  std::vector<std::string> names;
  for (int i = 0; i < 10; ++i) names.push_back("c" + std::to_string(i));
  s.add(family::channel, names);
  const auto requests = s.resubscribe_requests(4);
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].rfind("*5\r\n$9\r\nSUBSCRIBE\r\n", 0), 0u);
  EXPECT_EQ(requests[2].rfind("*3\r\n$9\r\nSUBSCRIBE\r\n", 0), 0u);
}

TEST(subscription_set, messages_for_removed_names_are_not_wanted) {
  typedis::pubsub::subscription_set s;
  s.add(family::channel, "c");
  s.add(family::pattern, "p*");
  s.add(family::shard, "s");
  EXPECT_TRUE(s.wanted(data(message_kind::message, "c", "x")));
  EXPECT_FALSE(s.wanted(data(message_kind::message, "p1", "x")));  // only the pattern matches it
  EXPECT_TRUE(s.wanted(data(message_kind::pmessage, "p1", "x", "p*")));
  EXPECT_TRUE(s.wanted(data(message_kind::smessage, "s", "x")));
  EXPECT_FALSE(s.wanted(data(message_kind::message, "s", "x")));   // a shard channel is its own family
  s.remove(family::channel, "c");
  s.remove(family::pattern, {});
  EXPECT_FALSE(s.wanted(data(message_kind::message, "c", "x")));
  EXPECT_FALSE(s.wanted(data(message_kind::pmessage, "p1", "x", "p*")));
  message confirmation;
  confirmation.kind = message_kind::unsubscribe;
  confirmation.channel = "c";
  EXPECT_TRUE(s.wanted(confirmation));
}

TEST(subscriber_messages, kind_names) {
  EXPECT_EQ(typedis::to_string(message_kind::pmessage), "pmessage");
  EXPECT_EQ(typedis::to_string(message_kind::sunsubscribe), "sunsubscribe");
}
