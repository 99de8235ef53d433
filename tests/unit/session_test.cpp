// core::session, the I/O-free protocol session, driven byte by byte with no socket: replies split
// at every boundary, pushes interleaved, error replies as data, abandoned requests, stray and
// malformed input (named after the endpoint and the command), the handshake with requests queued
// during it, raw mode, the read buffer's bounded growth and its release, transport failures.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/session.hpp"
#include "typedis/codec/decode.hpp"
#include "typedis/error.hpp"
#include "typedis/resp/value.hpp"

namespace {

using typedis::core::request_id;
using typedis::core::session;
using kind = session::event::kind;

const std::string get_k = "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n";

session make(typedis::protocol_version v = typedis::protocol_version::resp3) {
  session::options o;
  o.endpoint = "127.0.0.1:7777";
  session s(o);
  s.assume_protocol(v);
  return s;
}

// As a transport does: the room may be smaller (a large value read straight into its string ends
// where the value ends), so it fills room after room.
void feed(session& s, std::string_view bytes) {
  while (!bytes.empty()) {
    auto room = s.prepare(bytes.size());
    ASSERT_GE(room.size(), 1u);
    const std::size_t n = std::min(room.size(), bytes.size());
    std::memcpy(room.data(), bytes.data(), n);
    s.commit(n);
    bytes.remove_prefix(n);
  }
}

// What one event says, as text: "reply 3 OK", "push [invalidate, [k]]", "need_more", ...
std::string describe(const session& s, const session::event& e) {
  switch (e.what) {
    case kind::need_more:
      return "need_more";
    case kind::failed:
      try {
        std::rethrow_exception(s.failure());
      } catch (const std::exception& x) {
        return std::string("failed ") + x.what();
      }
    case kind::reply:
    case kind::push:
    case kind::frame: {
      auto c = e.cursor;
      const auto v = typedis::resp::value::read(c);
      const char* name = e.what == kind::reply ? "reply " : e.what == kind::push ? "push " : "frame ";
      return name + (e.what == kind::reply ? std::to_string(e.request) + " " : std::string()) + typedis::resp::to_display(v);
    }
  }
  return "?";
}

// Feeds `input` in pieces of `step` bytes and collects every event but need_more.
std::vector<std::string> drive(session& s, std::string_view input, std::size_t step) {
  std::vector<std::string> out;
  std::size_t fed = 0;
  for (;;) {
    const auto e = s.next();
    if (e.what == kind::need_more) {
      if (fed == input.size()) return out;
      const std::size_t n = std::min(step, input.size() - fed);
      feed(s, input.substr(fed, n));
      fed += n;
      continue;
    }
    out.push_back(describe(s, e));
    if (e.what == kind::failed) return out;
  }
}

TEST(session, replies_split_at_every_boundary_come_whole_and_in_order) {
  const std::string input =
      "+OK\r\n$5\r\nhello\r\n*2\r\n:1\r\n$-1\r\n%1\r\n+a\r\n,1.5\r\n-ERR bad thing\r\n$?\r\n;3\r\nabc\r\n;0\r\n";
  std::vector<std::string> expected;
  {
    session s = make();
    for (int i = 0; i < 6; ++i) s.expect(1, "X");
    expected = drive(s, input, input.size());
    ASSERT_EQ(expected.size(), 6u);
  }
  for (std::size_t split = 1; split <= input.size(); ++split) {
    session s = make();
    for (int i = 0; i < 6; ++i) s.expect(1, "X");
    EXPECT_EQ(drive(s, input, split), expected) << "pieces of " << split;
    EXPECT_EQ(s.outstanding(), 0u);
    EXPECT_EQ(s.bytes_in(), input.size());
    EXPECT_EQ(s.bytes_received(), input.size());
  }
  EXPECT_EQ(expected[0].rfind("reply 1 ", 0), 0u);
  EXPECT_NE(expected[4].find("ERR bad thing"), std::string::npos);
  EXPECT_NE(expected[5].find("abc"), std::string::npos);
}

TEST(session, pushes_interleave_with_replies_without_taking_a_request) {
  const std::string input = ">2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n+first\r\n>1\r\n+x\r\n+second\r\n";
  for (std::size_t split : {1u, 3u, 7u, 100u}) {
    session s = make();
    const request_id a = s.queue(get_k, "GET");
    const request_id b = s.queue(get_k, "GET");
    const auto events = drive(s, input, split);
    ASSERT_EQ(events.size(), 4u);
    EXPECT_EQ(events[0].rfind("push ", 0), 0u);
    EXPECT_NE(events[0].find("invalidate"), std::string::npos);
    EXPECT_EQ(events[1], "reply " + std::to_string(a) + " \"first\"");
    EXPECT_EQ(events[2].rfind("push ", 0), 0u);
    EXPECT_EQ(events[3], "reply " + std::to_string(b) + " \"second\"");
  }
}

TEST(session, an_error_reply_is_data_with_its_prefix) {
  session s = make();
  s.expect(1, "INCR");
  feed(s, "-WRONGTYPE Operation against a key\r\n");
  const auto e = s.next();
  ASSERT_EQ(e.what, kind::reply);
  EXPECT_TRUE(e.is_error());
  EXPECT_EQ(e.error_text(), "WRONGTYPE Operation against a key");
  EXPECT_EQ(e.command, "INCR");
  EXPECT_FALSE(s.failed()) << "an error reply does not end the session";
  s.expect(1, "PING");
  feed(s, "+PONG\r\n");
  const auto f = s.next();
  ASSERT_EQ(f.what, kind::reply);
  EXPECT_FALSE(f.is_error());
}

TEST(session, a_reply_to_an_abandoned_request_is_read_and_dropped) {
  session s = make();
  const request_id a = s.queue(get_k, "GET");
  const request_id b = s.queue(get_k, "GET");
  const request_id c = s.queue(get_k, "GET");
  s.abandon(b);
  EXPECT_EQ(s.outstanding(), 3u);
  const auto events = drive(s, "$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n", 2);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0], "reply " + std::to_string(a) + " \"a\"");
  EXPECT_EQ(events[1], "reply " + std::to_string(c) + " \"c\"");
  EXPECT_EQ(s.outstanding(), 0u);
}

TEST(session, a_reply_nobody_asked_for_fails_the_session) {
  session s = make();
  const auto events = drive(s, "+surprise\r\n", 100);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].find("failed protocol error from 127.0.0.1:7777"), std::string::npos) << events[0];
  EXPECT_NE(events[0].find("no request outstanding"), std::string::npos) << events[0];
}

TEST(session, malformed_input_names_the_endpoint_and_the_command) {
  session s = make();
  s.queue(get_k, "GET");
  const auto events = drive(s, "$3\r\nabc\r\n", 100);  // fine
  ASSERT_EQ(events.size(), 1u);
  s.queue(get_k, "HGETALL");
  const auto bad = drive(s, "@oops\r\n", 1);
  ASSERT_EQ(bad.size(), 1u);
  EXPECT_EQ(bad[0].rfind("failed protocol error from 127.0.0.1:7777 (reply to HGETALL): ", 0), 0u) << bad[0];
  // Failed stays failed, with the same failure, whatever arrives next.
  const auto first = s.next();
  ASSERT_EQ(first.what, kind::failed);
  const std::exception_ptr failure = s.failure();
  ASSERT_TRUE(failure);
  feed(s, "+OK\r\n");
  const auto again = s.next();
  ASSERT_EQ(again.what, kind::failed);
  EXPECT_EQ(s.failure(), failure);
}

TEST(session, a_push_on_a_resp2_connection_is_a_protocol_error) {
  session s = make(typedis::protocol_version::resp2);
  s.queue(get_k, "GET");
  const auto events = drive(s, ">1\r\n+x\r\n", 100);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].find("push frame on a RESP2 connection"), std::string::npos) << events[0];
}

TEST(session, raw_mode_hands_out_every_frame_unmatched) {
  session s = make(typedis::protocol_version::resp2);
  s.set_raw(true);
  s.queue_raw("*2\r\n$9\r\nSUBSCRIBE\r\n$1\r\nc\r\n");
  EXPECT_EQ(s.pending_output().size(), 26u);
  const auto events = drive(s, "*3\r\n$9\r\nsubscribe\r\n$1\r\nc\r\n:1\r\n*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$2\r\nhi\r\n", 5);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].rfind("frame ", 0), 0u);
  EXPECT_NE(events[1].find("hi"), std::string::npos);
  EXPECT_EQ(s.outstanding(), 0u);
}

TEST(session, queue_copies_into_the_output_and_consume_takes_it_in_parts) {
  session s = make();
  s.queue(get_k, "GET");
  s.queue("*1\r\n$4\r\nPING\r\n", "PING");
  EXPECT_EQ(s.pending_output(), get_k + "*1\r\n$4\r\nPING\r\n");
  s.consume_output(5);
  EXPECT_EQ(s.pending_output(), (get_k + "*1\r\n$4\r\nPING\r\n").substr(5));
  s.consume_output(1000);
  EXPECT_TRUE(s.pending_output().empty());
  EXPECT_EQ(s.bytes_out(), get_k.size() + 14);
  EXPECT_EQ(s.outstanding(), 2u);
}

TEST(session, expect_counts_requests_written_elsewhere) {
  session s = make();
  const request_id first = s.expect(3, "pipeline");
  const auto events = drive(s, ":1\r\n:2\r\n:3\r\n", 1);
  ASSERT_EQ(events.size(), 3u);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(events[static_cast<std::size_t>(i)], "reply " + std::to_string(first + static_cast<unsigned>(i)) + " " +
                                                       std::to_string(i + 1));
}

TEST(session, handshake_runs_inside_and_holds_requests_queued_meanwhile) {
  session s = make();
  typedis::connection_options o;
  o.password = "pw";
  o.database = 2;
  s.start_handshake(o);
  EXPECT_TRUE(s.handshaking());
  const std::string hello(s.pending_output());
  EXPECT_EQ(hello.rfind("*5\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$4\r\nAUTH\r\n", 0), 0u) << hello;
  s.consume_output(hello.size());
  const request_id id = s.queue(get_k, "GET");  // before the handshake is over: held back
  EXPECT_TRUE(s.pending_output().empty());
  EXPECT_THROW(s.expect(1, "GET"), std::logic_error);

  feed(s, "%2\r\n$6\r\nserver\r\n$6\r\nvalkey\r\n$7\r\nversion\r\n$5\r\n9.1.0\r\n");
  EXPECT_EQ(s.next().what, kind::need_more);
  EXPECT_EQ(s.pending_output(), "*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n");
  s.consume_output(s.pending_output().size());
  feed(s, "+OK\r\n");
  EXPECT_EQ(s.next().what, kind::need_more);
  EXPECT_FALSE(s.handshaking());
  EXPECT_EQ(s.protocol(), typedis::protocol_version::resp3);
  EXPECT_EQ(s.server_name(), "valkey");
  EXPECT_EQ(s.server_version(), "9.1.0");
  EXPECT_EQ(s.pending_output(), get_k) << "the held request goes out after the handshake";
  feed(s, "$1\r\nv\r\n");
  const auto e = s.next();
  ASSERT_EQ(e.what, kind::reply);
  EXPECT_EQ(e.request, id);
}

TEST(session, handshake_falls_back_to_resp2_on_noproto) {
  session s = make();
  typedis::connection_options o;
  s.start_handshake(o);
  s.consume_output(s.pending_output().size());
  feed(s, "-NOPROTO sorry, this protocol version is not supported\r\n");
  EXPECT_EQ(s.next().what, kind::need_more);
  EXPECT_EQ(std::string(s.pending_output()).rfind("*2\r\n$5\r\nHELLO\r\n$1\r\n2\r\n", 0), 0u);
  s.consume_output(s.pending_output().size());
  feed(s, "*4\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$5\r\n7.0.0\r\n");
  EXPECT_EQ(s.next().what, kind::need_more);
  EXPECT_FALSE(s.handshaking());
  EXPECT_EQ(s.protocol(), typedis::protocol_version::resp2);
}

TEST(session, a_refused_handshake_fails_with_the_auth_error_and_never_sends_held_requests) {
  session s = make();
  typedis::connection_options o;
  o.username = "u";
  o.password = "Secr3t";
  s.start_handshake(o);
  s.consume_output(s.pending_output().size());
  s.queue(get_k, "GET");
  feed(s, "-WRONGPASS invalid username-password pair or user is disabled.\r\n");
  const auto e = s.next();
  ASSERT_EQ(e.what, kind::failed);
  EXPECT_THROW(std::rethrow_exception(s.failure()), typedis::auth_error);
  try {
    std::rethrow_exception(s.failure());
  } catch (const std::exception& x) {
    EXPECT_EQ(std::string(x.what()).find("Secr3t"), std::string::npos);
  }
  EXPECT_TRUE(s.pending_output().empty()) << "the held GET must not be sent";
}

TEST(session, a_huge_announced_bulk_grows_the_buffer_only_as_bytes_arrive) {
  session s = make();
  s.expect(1, "GET");
  feed(s, "$536870000\r\n");  // 12 bytes claiming 512 MiB
  EXPECT_EQ(s.next().what, kind::need_more);
  const auto room = s.prepare();
  EXPECT_LE(s.buffer_capacity(), (1u << 20) + 64 * 1024) << "the header alone must not claim the memory";
  EXPECT_GE(room.size(), 4096u);
  // Bytes that do arrive make it grow geometrically (few copies for a large value).
  std::size_t growths = 0, last = s.buffer_capacity();
  const std::string chunk(256 * 1024, 'x');
  for (int i = 0; i < 64; ++i) {  // 16 MiB
    feed(s, chunk);
    if (s.buffer_capacity() != last) ++growths;
    last = s.buffer_capacity();
    // Read straight into the value's own string (issue 16 item 5), which grows to at most 8x what
    // arrived (pages untouched until written): 1 MiB, 8 MiB, 64 MiB, ...
    EXPECT_LE(s.buffer_capacity(), 8 * s.bytes_in() + (2u << 20));
  }
  EXPECT_LE(growths, 8u);
  EXPECT_EQ(s.next().what, kind::need_more);
}

TEST(session, a_large_reply_of_known_size_arrives_in_few_growths_and_is_released_after) {
  session::options o;
  o.buffer_keep = 32 * 1024;  // under the 64 KiB pieces fed below: the read buffer goes too
  session s(o);
  s.assume_protocol(typedis::protocol_version::resp3);
  s.expect(1, "GET");
  const std::string value(3u << 20, 'v');
  const std::string reply = "$" + std::to_string(value.size()) + "\r\n" + value + "\r\n";
  std::size_t growths = 0, last = 0;
  session::event e;
  for (std::size_t fed = 0; (e = s.next()).what == kind::need_more;) {
    ASSERT_LT(fed, reply.size());
    const std::size_t n = std::min<std::size_t>(64 * 1024, reply.size() - fed);
    feed(s, std::string_view(reply).substr(fed, n));
    fed += n;
    if (s.buffer_capacity() != last) ++growths;
    last = s.buffer_capacity();
  }
  ASSERT_EQ(e.what, kind::reply);
  EXPECT_LE(growths, 5u);  // the first buffer, then doubling toward the announced size
  auto c = e.cursor;
  EXPECT_EQ(c.text(c.peek()).size(), value.size());
  EXPECT_EQ(s.next().what, kind::need_more);  // the reply is consumed: the buffer goes
  EXPECT_EQ(s.buffer_capacity(), 0u);
  EXPECT_EQ(s.buffered(), 0u);
}

TEST(session, limits_from_the_options_apply) {
  session::options o;
  o.limits.max_bulk_length = 10;
  o.endpoint = "e:1";
  session s(o);
  s.expect(1, "GET");
  const auto events = drive(s, "$11\r\nhello world\r\n", 100);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].rfind("failed protocol error from e:1 (reply to GET)", 0), 0u) << events[0];
}

TEST(session, a_transport_failure_ends_the_session) {
  session s = make();
  s.expect(1, "GET");
  feed(s, "$5\r\nhel");
  EXPECT_EQ(s.next().what, kind::need_more);
  s.fail(std::make_exception_ptr(typedis::io_error("GET", "e:1", "connection reset")));
  const auto e = s.next();
  ASSERT_EQ(e.what, kind::failed);
  EXPECT_THROW(std::rethrow_exception(s.failure()), typedis::io_error);
}

TEST(session, thousands_in_flight_keep_their_order) {
  session s = make();
  std::vector<request_id> ids;
  std::string input;
  for (int i = 0; i < 5000; ++i) {
    ids.push_back(s.queue(get_k, "GET"));
    input += ":" + std::to_string(i) + "\r\n";
  }
  const auto events = drive(s, input, 777);
  ASSERT_EQ(events.size(), 5000u);
  for (int i = 0; i < 5000; ++i)
    ASSERT_EQ(events[static_cast<std::size_t>(i)],
              "reply " + std::to_string(ids[static_cast<std::size_t>(i)]) + " " + std::to_string(i));
}

}  // namespace

namespace {
TEST(session, handshake_with_a_real_hello_reply_in_one_piece) {
  session s;
  typedis::connection_options o;
  s.start_handshake(o);
  s.consume_output(s.pending_output().size());
  feed(s,
       "%7\r\n$6\r\nserver\r\n$5\r\nredis\r\n$7\r\nversion\r\n$6\r\n7.0.15\r\n$5\r\nproto\r\n:3\r\n$2\r\nid\r\n:12906\r\n$"
       "4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n");
  const auto e = s.next();
  EXPECT_EQ(e.what, kind::need_more) << describe(s, e);
  EXPECT_FALSE(s.handshaking());
  EXPECT_EQ(s.server_version(), "7.0.15");
}
}  // namespace

namespace {
TEST(session, abandoning_one_request_inside_a_pipeline_run_skips_only_its_reply) {
  session s = make();
  const request_id first = s.expect(5, "pipeline");
  s.abandon(first + 2);
  s.abandon(first + 2);     // twice: still one reply dropped
  s.abandon(first + 99);    // never queued: ignored
  const auto events = drive(s, ":0\r\n:1\r\n:2\r\n:3\r\n:4\r\n", 3);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0], "reply " + std::to_string(first) + " 0");
  EXPECT_EQ(events[1], "reply " + std::to_string(first + 1) + " 1");
  EXPECT_EQ(events[2], "reply " + std::to_string(first + 3) + " 3");
  EXPECT_EQ(events[3], "reply " + std::to_string(first + 4) + " 4");
  EXPECT_EQ(s.outstanding(), 0u);
}

TEST(session, runs_of_different_commands_keep_their_names) {
  session s = make();
  s.expect(2, "GET");
  s.queue(get_k, "SET");
  s.expect(1, "INCR");
  std::vector<std::string> names;
  feed(s, "+a\r\n+b\r\n+c\r\n:1\r\n");
  for (auto e = s.next(); e.what == kind::reply; e = s.next()) names.emplace_back(e.command);
  EXPECT_EQ(names, (std::vector<std::string>{"GET", "GET", "SET", "INCR"}));
  s.expect(1, "HGETALL");
  feed(s, "@bad\r\n");
  ASSERT_EQ(s.next().what, kind::failed);
  EXPECT_EQ(describe(s, s.next()).find("failed protocol error from 127.0.0.1:7777 (reply to HGETALL)"), 0u);
}

TEST(session, a_hundred_thousand_expected_replies_cost_one_entry) {
  session s = make();
  s.expect(100'000, "pipeline");
  EXPECT_EQ(s.outstanding(), 100'000u);
  std::string input;
  for (int i = 0; i < 100'000; ++i) input += ":1\r\n";
  const auto events = drive(s, input, 16 * 1024);
  EXPECT_EQ(events.size(), 100'000u);
  EXPECT_EQ(s.outstanding(), 0u);
}
}  // namespace

// ---- large values read straight into their string (issue 16 item 5) ------------------------------
namespace {

session make_direct(std::size_t direct_min) {
  session::options o;
  o.endpoint = "127.0.0.1:7777";
  o.direct_min = direct_min;
  session s(o);
  s.assume_protocol(typedis::protocol_version::resp3);
  return s;
}

const std::string big_value = [] {
  std::string v;
  for (int i = 0; i < 60; ++i) v += static_cast<char>(i % 7 == 0 ? '\r' : i % 11 == 0 ? '\n' : 'a' + i % 26);
  return v;
}();
const std::string direct_input = "$" + std::to_string(big_value.size()) + "\r\n" + big_value + "\r\n:1\r\n$3\r\nabc\r\n$" +
                                 std::to_string(big_value.size()) + "\r\n" + big_value + "\r\n*2\r\n:1\r\n:2\r\n";

}  // namespace

TEST(session, a_large_value_split_at_every_boundary_matches_the_buffered_path) {
  std::vector<std::string> expected;
  {
    session s = make_direct(std::size_t{1} << 40);  // never direct: the reference
    s.expect(5, "GET");
    expected = drive(s, direct_input, direct_input.size());
    ASSERT_EQ(expected.size(), 5u);
  }
  for (const std::size_t min : {std::size_t{0}, std::size_t{8}, big_value.size()}) {
    for (std::size_t step = 1; step <= direct_input.size(); ++step) {
      session s = make_direct(min);
      s.expect(5, "GET");
      EXPECT_EQ(drive(s, direct_input, step), expected) << "pieces of " << step << ", direct from " << min;
      EXPECT_EQ(s.outstanding(), 0u);
      EXPECT_EQ(s.bytes_in(), direct_input.size());
      EXPECT_EQ(s.bytes_received(), direct_input.size());
    }
  }
}

TEST(session, a_decoder_takes_the_string_the_value_was_read_into) {
  session s = make_direct(8);
  s.expect(2, "GET");
  const std::string reply = "$" + std::to_string(big_value.size()) + "\r\n" + big_value + "\r\n";
  feed(s, reply.substr(0, 10));
  ASSERT_EQ(s.next().what, kind::need_more);
  feed(s, reply.substr(10));
  auto e = s.next();
  ASSERT_EQ(e.what, kind::reply);
  const char* landed = e.cursor.text(e.cursor.peek()).data();
  std::optional<std::string> v = typedis::decode<std::optional<std::string>>(e.cursor);
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, big_value);
  EXPECT_EQ(v->data(), landed) << "moved, not copied";
  EXPECT_EQ(e.cursor.text(e.cursor.nodes()[0]), big_value) << "the cursor follows the string";
  // The same value decoded as a generic value is copied, and the session's string released.
  feed(s, reply);
  e = s.next();
  ASSERT_EQ(e.what, kind::reply);
  std::string copy;
  {
    auto c = e.cursor;
    c.set_payload_owner(nullptr);  // what a decoder that does not take the string sees: the bytes
    copy = typedis::decode<std::string>(c);
  }
  EXPECT_EQ(copy, big_value);
  EXPECT_EQ(typedis::resp::value::read(e.cursor).string, big_value);
  EXPECT_EQ(s.next().what, kind::need_more);
}

TEST(session, a_large_value_lands_in_the_callers_buffer_and_reuses_its_capacity) {
  session s = make_direct(8);
  std::string buffer;
  buffer.reserve(4096);
  const char* storage = buffer.data();
  const std::string reply = "$" + std::to_string(big_value.size()) + "\r\n" + big_value + "\r\n";
  for (int round = 0; round < 3; ++round) {
    s.expect(1, "GET");
    s.read_bulk_into(&buffer);
    std::vector<std::string> got;
    for (std::size_t fed = 0;;) {  // 5 bytes at a time
      auto e = s.next();
      if (e.what == kind::need_more) {
        ASSERT_LT(fed, reply.size());
        const std::size_t n = std::min<std::size_t>(5, reply.size() - fed);
        auto room = s.prepare(n);
        ASSERT_GE(room.size(), 1u);
        const std::size_t m = std::min(n, room.size());
        std::memcpy(room.data(), reply.data() + fed, m);
        s.commit(m);
        fed += m;
        continue;
      }
      ASSERT_EQ(e.what, kind::reply);
      typedis::decode_into(e.cursor, buffer);  // decoding into the buffer itself: nothing to do
      break;
    }
    s.read_bulk_into(nullptr);
    EXPECT_EQ(buffer, big_value);
    EXPECT_EQ(buffer.data(), storage) << "the caller's storage, reused";
  }
}

TEST(session, a_large_value_without_its_crlf_fails_naming_endpoint_and_command) {
  session s = make_direct(8);
  s.expect(1, "GET");
  const std::string bad = "$" + std::to_string(big_value.size()) + "\r\n" + big_value + "XY";
  const auto events = drive(s, bad, 7);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NE(events[0].find("failed protocol error from 127.0.0.1:7777 (reply to GET)"), std::string::npos) << events[0];
  EXPECT_NE(events[0].find("not terminated by CRLF"), std::string::npos) << events[0];
}

TEST(session, a_large_value_to_an_abandoned_request_is_read_and_dropped) {
  session s = make_direct(8);
  const request_id first = s.expect(2, "GET");
  s.abandon(first);
  const std::string input = "$" + std::to_string(big_value.size()) + "\r\n" + big_value + "\r\n:5\r\n";
  const auto events = drive(s, input, 3);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0], "reply " + std::to_string(first + 1) + " 5");
}
