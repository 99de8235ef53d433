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

// The commands' bytes, one slot per command and the scripts, behind one pointer: a typed pipeline
// moves its batch into a new pipeline object on every call, which is then a pointer copy.
class batch {
 public:
  batch() noexcept = default;
  batch(const batch& other) : s_(other.s_ ? std::make_unique<storage>(*other.s_) : nullptr) {}
  batch(batch&&) noexcept = default;
  batch& operator=(const batch& other) {
    if (this != &other) s_ = other.s_ ? std::make_unique<storage>(*other.s_) : nullptr;
    return *this;
  }
  batch& operator=(batch&& other) noexcept {
    if (this != &other) {
      if (s_) recycle();
      s_ = std::move(other.s_);
    }
    return *this;
  }
  ~batch() {
    if (s_) recycle();
  }

  void add(std::string_view request, const command_info& info) {
    storage& st = use();
    st.slots.push_back(slot{&info, st.bytes.size()});
    st.bytes.append(request);
  }

  /// Encodes a command straight into the batch: `encode(resp::writer&)` writes its arguments and
  /// returns its encoded<T>. Nothing is added when it throws.
  template <class Encode>
  auto add_encoded(Encode&& encode) {
    storage& st = use();
    const std::size_t base = st.bytes.size();
    try {
      resp::writer w(st.bytes);
      const auto done = encode(w);
      w.finish();
      st.slots.push_back(slot{&done.info(), base});
      return done;
    } catch (...) {
      st.bytes.resize(base);
      throw;
    }
  }
  void reserve(std::size_t commands, std::size_t bytes) {
    storage& st = use();
    st.slots.reserve(commands);
    st.bytes.reserve(bytes);
  }
  std::string_view bytes() const noexcept { return s_ ? s_->bytes.view() : std::string_view(); }
  std::size_t size() const noexcept { return s_ ? s_->slots.size() : 0; }
  bool empty() const noexcept { return size() == 0; }
  const command_info& info(std::size_t i) const noexcept { return *s_->slots[i].info; }
  // The command's name, for messages: static for generated commands, read from the bytes otherwise.
  std::string_view name(std::size_t i) const noexcept {
    const command_info& ci = *s_->slots[i].info;
    return ci.name.empty() ? first_argument(s_->bytes.view().substr(s_->slots[i].offset)) : ci.name;
  }
  // The encoded bytes of command i.
  std::string_view request(std::size_t i) const noexcept {
    const auto& slots = s_->slots;
    const std::size_t end = i + 1 < slots.size() ? slots[i + 1].offset : s_->bytes.size();
    return s_->bytes.view().substr(slots[i].offset, end - slots[i].offset);
  }
  void clear() noexcept {
    if (s_) s_->clear();
  }

  // Command `index` is an EVALSHA of this script: it can be loaded and rerun after NOSCRIPT.
  using script_slot = std::pair<std::size_t, std::shared_ptr<const script::data>>;
  void add_script(std::size_t index, const script& s) { use().scripts.emplace_back(index, s.shared()); }
  const std::vector<script_slot>& scripts() const noexcept { return s_ ? s_->scripts : no_scripts_; }

 private:
  struct slot {
    const command_info* info;
    std::size_t offset;
  };
  struct storage {
    byte_buffer bytes;
    std::vector<slot> slots;
    std::vector<script_slot> scripts;
    void clear() noexcept {
      bytes.clear();
      slots.clear();
      scripts.clear();
    }
  };
  storage& use() {
    if (!s_) first_use();
    return *s_;
  }
  // A pipeline per batch is how applications write them: the storage of the last batch this thread
  // destroyed (if not huge) is taken by the next one, so a batch costs no allocation once warm.
  static thread_local std::unique_ptr<storage> spare_;
  static const std::vector<script_slot> no_scripts_;
  void first_use();
  void recycle() noexcept;

  std::unique_ptr<storage> s_;
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
