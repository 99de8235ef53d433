// Internal: Redis Cluster hash slots, free of I/O. A key's slot is CRC16 (XMODEM) of the key, or of
// its hash tag (the text between the first '{' and the next '}', when not empty), modulo 16384.
// A command's keys are found in its encoded request with the key specs the generator put in its
// command_info, so every generated command carries what a cluster router needs.
#pragma once

#include <cstdint>
#include <string_view>

#include "typedis/command.hpp"
#include "typedis/detail/function_ref.hpp"

namespace typedis::core {

inline constexpr std::uint16_t slot_count = 16384;

std::uint16_t crc16(std::string_view bytes) noexcept;
std::uint16_t key_slot(std::string_view key) noexcept;

// Calls `on_key` with each key of `request` that `info.keys` locates, in the order of the specs.
// False when a spec cannot be followed in this request (a malformed or truncated request).
bool for_each_key(const command_info& info, std::string_view request,
                  detail::function_ref<void(std::string_view)> on_key);

struct command_slot {
  enum class kind {
    none,   // no key: any node will do
    one,    // every key hashes to `slot`
    cross,  // keys in different slots: no single node can run it
    unknown,  // the request does not follow its key specs (malformed): route it nowhere
  };
  kind what = kind::none;
  std::uint16_t slot = 0;
};

command_slot slot_of(const command_info& info, std::string_view request);

}  // namespace typedis::core
