// core::slot: cluster hash slots (CRC16 and hash tags) and the keys of generated commands found
// through their key specs, with no server.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/slot.hpp"
#include "typedis/generated/connection.hpp"
#include "typedis/generated/generic.hpp"
#include "typedis/generated/list.hpp"
#include "typedis/generated/scripting.hpp"
#include "typedis/generated/server.hpp"
#include "typedis/generated/stream.hpp"
#include "typedis/generated/string.hpp"

namespace {

using typedis::core::command_slot;
using typedis::core::key_slot;
namespace cmd = typedis::cmd;

template <class T>
std::vector<std::string> keys_of(const typedis::command<T>& c) {
  std::vector<std::string> out;
  EXPECT_TRUE(typedis::core::for_each_key(c.info(), c.bytes(), [&](std::string_view k) { out.emplace_back(k); }));
  return out;
}

TEST(slot, crc16_and_known_slots) {
  EXPECT_EQ(typedis::core::crc16("123456789"), 0x31C3);  // the cluster specification's check value
  EXPECT_EQ(key_slot("foo"), 12182);
  EXPECT_EQ(key_slot("bar"), 5061);
  EXPECT_EQ(key_slot(""), 0);
}

// A bit-at-a-time CRC16-XMODEM, straight from the definition: what the table-driven one must match.
std::uint16_t crc16_by_bits(std::string_view bytes) {
  std::uint16_t crc = 0;
  for (const char ch : bytes) {
    crc = static_cast<std::uint16_t>(crc ^ (static_cast<unsigned char>(ch) << 8));
    for (int b = 0; b < 8; ++b) crc = static_cast<std::uint16_t>((crc & 0x8000) ? (crc << 1) ^ 0x1021 : crc << 1);
  }
  return crc;
}

TEST(slot, crc16_matches_the_definition_at_every_length) {
  std::string bytes;
  std::uint32_t seed = 12345;
  for (std::size_t len = 0; len <= 70; ++len) {
    SCOPED_TRACE(len);
    EXPECT_EQ(typedis::core::crc16(bytes), crc16_by_bits(bytes));
    seed = seed * 1103515245u + 12345u;
    bytes.push_back(static_cast<char>(seed >> 16));  // every byte value over the run, high bit too
  }
  const std::string all_ones(37, '\xff');
  EXPECT_EQ(typedis::core::crc16(all_ones), crc16_by_bits(all_ones));
}

TEST(slot, hash_tags) {
  EXPECT_EQ(key_slot("{user1000}.following"), key_slot("{user1000}.followers"));
  EXPECT_EQ(key_slot("{user1000}.following"), key_slot("user1000"));
  EXPECT_EQ(key_slot("foo{}{bar}"), typedis::core::crc16("foo{}{bar}") % 16384);  // empty tag: whole key
  EXPECT_EQ(key_slot("foo{{bar}}zap"), key_slot("{bar"));                         // up to the first '}'
  EXPECT_EQ(key_slot("foo{bar}{zap}"), key_slot("bar"));                          // the first tag only
  EXPECT_EQ(key_slot("foo{bar"), typedis::core::crc16("foo{bar") % 16384);         // unclosed: whole key
}

TEST(slot, keys_by_index_range_keyword_and_keynum) {
  EXPECT_EQ(keys_of(cmd::get("foo")), std::vector<std::string>{"foo"});
  EXPECT_EQ(keys_of(cmd::mset({{"a", "1"}, {"b", "2"}, {"c", "3"}})), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(keys_of(cmd::xread({"s1", "s2"}, {"0", "0"}, {.count = 1})), (std::vector<std::string>{"s1", "s2"}));
  EXPECT_EQ(keys_of(cmd::eval("return 1", {.key = {"k1", "k2"}, .arg = {"a1"}})),
            (std::vector<std::string>{"k1", "k2"}));
  EXPECT_TRUE(keys_of(cmd::ping()).empty());
}

TEST(slot, one_cross_none_and_unknown) {
  const auto one = cmd::mset({{"{t}a", "1"}, {"{t}b", "2"}});
  const command_slot s = typedis::core::slot_of(one.info(), one.bytes());
  EXPECT_EQ(s.what, command_slot::kind::one);
  EXPECT_EQ(s.slot, key_slot("t"));
  const auto cross = cmd::mset({{"foo", "1"}, {"bar", "2"}});
  EXPECT_EQ(typedis::core::slot_of(cross.info(), cross.bytes()).what, command_slot::kind::cross);
  const auto none = cmd::ping();
  EXPECT_EQ(typedis::core::slot_of(none.info(), none.bytes()).what, command_slot::kind::none);
  // A truncated request cannot be followed: never routed as if it had one slot.
  const auto get = cmd::get("foo");
  EXPECT_EQ(typedis::core::slot_of(get.info(), get.bytes().substr(0, 12)).what, command_slot::kind::unknown);
  // Only the arguments up to the last key are read for LMOVE: a request cut after its first key
  // still lacks the second and is not routed by the first alone.
  const auto lmove = cmd::lmove("{t}src", "{t}dst", cmd::lmove_wherefrom::left, cmd::lmove_whereto::right);
  EXPECT_EQ(keys_of(lmove), (std::vector<std::string>{"{t}src", "{t}dst"}));
  const std::string_view bytes = lmove.bytes();
  const std::size_t after_first_key = bytes.find("{t}src") + 8;  // the key and its CRLF
  EXPECT_EQ(typedis::core::slot_of(lmove.info(), bytes.substr(0, after_first_key)).what, command_slot::kind::unknown);
  EXPECT_EQ(typedis::core::slot_of(lmove.info(), bytes.substr(0, bytes.find("{t}dst") + 8)).what, command_slot::kind::one);
}

// A single key at a fixed index is walked to without collecting the arguments: the same slot and
// keys as the general path, and a request cut before or inside the key is unknown.
TEST(slot, one_key_at_a_fixed_index) {
  for (const std::string key : {"foo", "{user1000}.following", "", "k\r\nwith crlf"}) {
    SCOPED_TRACE(key);
    const auto get = cmd::get(key);
    const command_slot g = typedis::core::slot_of(get.info(), get.bytes());
    EXPECT_EQ(g.what, command_slot::kind::one);
    EXPECT_EQ(g.slot, key_slot(key));
    const auto set = cmd::set(key, "value");
    EXPECT_EQ(typedis::core::slot_of(set.info(), set.bytes()).slot, key_slot(key));
    EXPECT_EQ(keys_of(set), std::vector<std::string>{key});
    const std::string_view bytes = get.bytes();
    for (std::size_t cut = 0; cut < bytes.size(); ++cut)
      EXPECT_EQ(typedis::core::slot_of(get.info(), bytes.substr(0, cut)).what, command_slot::kind::unknown) << cut;
  }
}

// The arguments are kept inline up to 16 and spill beyond: keys on either side of that edge, and
// specs that count from the end (XREAD's ids after its keys), are found the same.
TEST(slot, keys_of_requests_longer_than_the_inline_arguments) {
  for (std::size_t count : {7u, 8u, 9u, 15u, 16u, 17u, 40u}) {
    std::vector<std::string> keys, values;
    std::vector<std::pair<std::string_view, std::string_view>> pairs;
    for (std::size_t i = 0; i < count; ++i) {
      keys.push_back("key:" + std::to_string(i));
      values.push_back("v" + std::to_string(i));
    }
    for (std::size_t i = 0; i < count; ++i) pairs.emplace_back(keys[i], values[i]);
    std::vector<std::string_view> key_views(keys.begin(), keys.end());
    std::vector<std::string_view> ids(count, "0");
    SCOPED_TRACE(count);
    EXPECT_EQ(keys_of(cmd::mset(pairs)), keys);  // 1 + 2 * count arguments
    EXPECT_EQ(keys_of(cmd::del(key_views)), keys);
    EXPECT_EQ(keys_of(cmd::xread(key_views, ids, {.count = 1})), keys);
    std::vector<std::string> tagged;
    for (const auto& k : keys) tagged.push_back("{t}" + k);
    std::vector<std::pair<std::string_view, std::string_view>> tagged_pairs;
    for (std::size_t i = 0; i < count; ++i) tagged_pairs.emplace_back(tagged[i], values[i]);
    const auto one = cmd::mset(tagged_pairs);
    const command_slot s = typedis::core::slot_of(one.info(), one.bytes());
    EXPECT_EQ(s.what, command_slot::kind::one);
    EXPECT_EQ(s.slot, key_slot("t"));
    // The last key moved to another slot is seen, however far it is.
    tagged_pairs.back().first = "elsewhere";
    const auto cross = cmd::mset(tagged_pairs);
    EXPECT_EQ(typedis::core::slot_of(cross.info(), cross.bytes()).what, command_slot::kind::cross);
  }
}

}  // namespace
