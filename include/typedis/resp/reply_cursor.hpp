/// @file
/// A read position in one parsed reply: decoders walk the flat node list with it, reading strings
/// straight from the bytes the parser left in the read buffer. Attributes (RESP3 '|') are skipped
/// transparently; a decoder never sees them.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "typedis/resp/node.hpp"

namespace typedis::resp {

class reply_cursor {
 public:
  reply_cursor(std::span<const node> nodes, const char* base) noexcept : nodes_(nodes), base_(base) {}

  bool at_end() noexcept {
    skip_attributes();
    return index_ >= nodes_.size();
  }

  /// The current element (throws decode_error if there is none).
  const node& peek() {
    skip_attributes();
    if (index_ >= nodes_.size()) missing();
    return nodes_[index_];
  }

  /// Takes the current element's own node: for an aggregate, the cursor moves to its first child.
  const node& next() {
    const node& n = peek();
    ++index_;
    return n;
  }

  /// After peek(): takes that element's own node, as next() would, without looking again.
  void advance() noexcept { ++index_; }

  /// Skips the current element with everything inside it.
  void skip() {
    const node& n = peek();
    index_ = n.next;
  }

  std::string_view text(const node& n) const noexcept { return {base_ + n.offset, n.length}; }

  std::size_t position() const noexcept { return index_; }
  void rewind(std::size_t position) noexcept { index_ = position; }

  std::span<const node> nodes() const noexcept { return nodes_; }
  const char* base() const noexcept { return base_; }

  /// The request this reply answers, as sent (empty when the executor does not know it). Replies
  /// whose RESP2 shape depends on the request's options (FT.SEARCH WITHSCORES, ...) and cannot be
  /// told apart on the wire are decoded with it: see typedis::resp::request_args.
  std::string_view request() const noexcept { return request_; }
  void set_request(std::string_view request) noexcept { request_ = request; }

  /// A large top-level bulk string that a session read straight into a std::string (the reply's
  /// only node, its bytes exactly that string's): a decoder into a std::string may take the string
  /// instead of copying the bytes. Null for every other reply.
  std::string* payload_owner(const node& n) const noexcept {
    return owner_ != nullptr && &n == nodes_.data() ? owner_ : nullptr;
  }
  void set_payload_owner(std::string* owner) noexcept { owner_ = owner; }
  /// The payload's string was taken by `taker`: the text now lives there.
  void payload_taken(const std::string& taker) noexcept {
    owner_ = nullptr;
    base_ = taker.data();
  }

 private:
  void skip_attributes() noexcept {
    while (index_ < nodes_.size() && nodes_[index_].type == type::attribute) index_ = nodes_[index_].next;
  }
  [[noreturn]] static void missing();

  std::span<const node> nodes_;
  const char* base_;
  std::size_t index_ = 0;
  std::string_view request_{};
  std::string* owner_ = nullptr;
};

}  // namespace typedis::resp
