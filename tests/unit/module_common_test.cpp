// Unit tests common to all module commands: wire tests (every command's exact request bytes for a
// representative call, written out by hand from the documented syntax, not from the generator) and
// decode tests (exact RESP2 and RESP3 reply fixtures written from the documented reply formats,
// decoded into the command's reply type; malformed variants must give typedis::decode_error).
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "module_test_support.hpp"

namespace {

using namespace std::chrono_literals;
using namespace std::string_literals;
using namespace module_test;
namespace c = typedis::cmd;
using nlohmann::json;
using typedis::resp::value;

TEST(module_wire, helper_frames_like_the_protocol) {
  EXPECT_EQ(wire({"JSON.GET", "doc"}), "*2\r\n$8\r\nJSON.GET\r\n$3\r\ndoc\r\n");
  // The FP32 blob of {1.0f, -2.0f}: 0x3f800000, 0xc0000000 little-endian (with a NUL and no text).
  EXPECT_EQ(fp32_blob({1.0f, -2.0f}), "\x00\x00\x80\x3f\x00\x00\x00\xc0"s);
}

// Module commands are methods of every executor (the generated mixin): a recording executor sees
// the same commands as the builders make.
struct recorder : typedis::command_methods<recorder> {
  std::vector<std::string> sent;
  template <class T>
  int execute(const typedis::command<T>& cmd) {
    sent.emplace_back(cmd.bytes());
    return 0;
  }
};

TEST(module_wire, executors_have_the_module_methods) {
  recorder r;
  auto& m = r;
  m.json_set("doc", "$", nlohmann::json::object());
  m.ts_add("t", typedis::timeseries::timestamp::now(), 1);
  m.vcard("vs");
  m.ft_list();
  // The hand-written argument types go through the executor methods as through the builders.
  m.vadd("vs", {1.0f, -2.0f}, "e", {.setattr = nlohmann::json{{"a", 1}}});
  m.vsim_withscores("vs", typedis::vectorset::element{"e"});
  m.json_mset({{"doc", "$.n", 1}});
  ASSERT_EQ(r.sent.size(), 7u);
  EXPECT_EQ(r.sent[0], wire({"JSON.SET", "doc", "$", "{}"}));
  EXPECT_EQ(r.sent[1], wire({"TS.ADD", "t", "*", "1"}));
  EXPECT_EQ(r.sent[2], wire({"VCARD", "vs"}));
  EXPECT_EQ(r.sent[3], wire({"FT._LIST"}));
  EXPECT_EQ(r.sent[4], wire({"VADD", "vs", "FP32", fp32_blob({1.0f, -2.0f}), "e", "SETATTR", R"({"a":1})"}));
  EXPECT_EQ(r.sent[5], wire({"VSIM", "vs", "ELE", "e", "WITHSCORES"}));
  EXPECT_EQ(r.sent[6], wire({"JSON.MSET", "doc", "$.n", "1"}));
}

// ---- protocol-level damage: the parser refuses, nothing is decoded ---------------------------------

TEST(module_decode, malformed_wire_is_a_protocol_error_or_incomplete) {
  // A truncated aggregate never completes (the connection waits for more bytes).
  EXPECT_THROW((void)typedis_test::parse_one(arr(2) + b("[1]")), std::runtime_error);
  EXPECT_THROW((void)typedis_test::parse_one(map(2) + b("totalSamples") + i(1)), std::runtime_error);
  // A length that is not a number, a bulk without its CRLF: protocol_error.
  EXPECT_THROW((void)typedis_test::parse_one("$x\r\nabc\r\n"), typedis::protocol_error);
  EXPECT_THROW((void)typedis_test::parse_one("*1\r\n$3\r\nabcde\r\n"), typedis::protocol_error);
}

// The vector set and JSON reply decoders over mutated fixtures (the search and time series ones have
// their own): what still parses as one reply is decoded or refused with a typedis::error, never a
// crash or another exception (no nlohmann exception escapes, no length from the wire is trusted).
TEST(module_decode, vectorset_and_json_decoders_survive_mutations) {
  namespace vs = typedis::vectorset;
  const std::vector<std::string> valid = {
      arr(4) + b("a") + b("0.9") + b("b") + b("0.5"),
      map(2) + b("a") + d("0.9") + b("b") + d("0.5"),
      arr(4) + b("a") + b(R"({"y":1})") + b("b") + nil2,
      arr(6) + b("a") + b("0.9") + b(R"({"y":1})") + b("b") + b("0.5") + nil2,
      map(1) + b("a") + arr(2) + d("0.9") + b(R"({"y":[1,2]})"),
      arr(2) + arr(2) + b("a") + b("0.5") + arr(0),
      b(R"([{"a":1},[true,null,"x",1.5]])"),
      arr(2) + b("integer") + b("object"),
      arr(1) + arr(2) + b("integer") + b("string"),
  };
  decode_tally tally;
  for (const std::string& bytes : mutated_replies(valid, "*%:$,_019-[{\"")) {
    tally.attempt<REPLY_OF(c::vsim_withscores("k", vs::element{"e"}))>(bytes);
    tally.attempt<REPLY_OF(c::vsim_withattribs("k", vs::element{"e"}))>(bytes);
    tally.attempt<REPLY_OF(c::vsim_withscores_withattribs("k", vs::element{"e"}))>(bytes);
    tally.attempt<REPLY_OF(c::vlinks_withscores("k", "e"))>(bytes);
    tally.attempt<REPLY_OF(c::json_get("k", "$"))>(bytes);
    tally.attempt<REPLY_OF(c::json_type("k", "$"))>(bytes);
    tally.attempt<REPLY_OF(c::json_get_paths("k", {"$.a", "$.b"}))>(bytes);
  }
  EXPECT_GT(tally.decoded, 50u);
  EXPECT_GT(tally.refused, 1000u);
}

}  // namespace
