// Internal: several encoded commands written in one go, and the interface of what can run them
// (a pooled client, or one pinned connection).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "typedis/command.hpp"
#include "typedis/detail/function_ref.hpp"
#include "typedis/resp/reply_cursor.hpp"
#include "typedis/script.hpp"

namespace typedis::detail {

class batch {
 public:
  batch() noexcept = default;
  batch(const batch&) = default;
  batch(batch&&) noexcept = default;
  batch& operator=(const batch&) = default;
  batch& operator=(batch&&) noexcept = default;
  ~batch() {
    if (slots_.capacity() != 0) recycle();
  }

  void add(std::string_view request, const command_info& info) {
    if (slots_.capacity() == 0) first_use();
    slots_.push_back(slot{&info, bytes_.size()});
    bytes_.append(request);
  }

  /// Encodes a command straight into the batch: `encode(resp::writer&)` writes its arguments and
  /// returns its encoded<T>. Nothing is added when it throws.
  template <class Encode>
  auto add_encoded(Encode&& encode) {
    if (slots_.capacity() == 0) first_use();
    const std::size_t base = bytes_.size();
    try {
      resp::writer w(bytes_);
      const auto done = encode(w);
      w.finish();
      slots_.push_back(slot{&done.info(), base});
      return done;
    } catch (...) {
      bytes_.resize(base);
      throw;
    }
  }
  void reserve(std::size_t commands, std::size_t bytes) {
    slots_.reserve(commands);
    bytes_.reserve(bytes);
  }
  std::string_view bytes() const noexcept { return bytes_.view(); }
  std::size_t size() const noexcept { return slots_.size(); }
  bool empty() const noexcept { return slots_.empty(); }
  const command_info& info(std::size_t i) const noexcept { return *slots_[i].info; }
  // The command's name, for messages: static for generated commands, read from the bytes otherwise.
  std::string_view name(std::size_t i) const noexcept {
    const command_info& ci = *slots_[i].info;
    return ci.name.empty() ? first_argument(bytes_.view().substr(slots_[i].offset)) : ci.name;
  }
  // The encoded bytes of command i.
  std::string_view request(std::size_t i) const noexcept {
    const std::size_t end = i + 1 < slots_.size() ? slots_[i + 1].offset : bytes_.size();
    return bytes_.view().substr(slots_[i].offset, end - slots_[i].offset);
  }
  void clear() noexcept {
    slots_.clear();
    bytes_.clear();
    scripts_.clear();
  }

  // Command `index` is an EVALSHA of this script: it can be loaded and rerun after NOSCRIPT.
  void add_script(std::size_t index, const script& s) { scripts_.emplace_back(index, s.shared()); }
  using script_slot = std::pair<std::size_t, std::shared_ptr<const script::data>>;
  const std::vector<script_slot>& scripts() const noexcept { return scripts_; }

 private:
  struct slot {
    const command_info* info;
    std::size_t offset;
  };
  // A pipeline per batch is how applications write them: the storage of the last batch this thread
  // destroyed (if not huge) is taken by the next one, so a batch costs no allocation once warm.
  struct spare_storage {
    byte_buffer bytes;
    std::vector<slot> slots;
  };
  static thread_local spare_storage spare_;
  void first_use();
  void recycle() noexcept;

  byte_buffer bytes_;
  std::vector<slot> slots_;
  std::vector<script_slot> scripts_;
};

// Receives reply `index` of a batch. Must consume exactly one element and should not throw for
// per-command failures (they belong in that command's result).
using reply_handler = function_ref<void(std::size_t index, resp::reply_cursor& reply)>;

class batch_runner {
 public:
  // Sends every command and hands each reply to `on_reply` with its index: every index exactly
  // once, in any order (the sync runners happen to go in order; a cluster runner answers node by
  // node). When the connection fails it throws io_error and friends after the replies that did
  // arrive were delivered (the connection is then discarded); the caller keeps those.
  virtual void run_batch(const batch& commands, reply_handler on_reply) = 0;

 protected:
  ~batch_runner() = default;
};

}  // namespace typedis::detail
