/// @file
/// Incremental RESP2/RESP3 parser. It turns bytes into a flat pre-order list of nodes whose strings
/// point into the caller's buffer, one reply at a time, resuming where it stopped when more bytes
/// arrive. No recursion (nesting is an explicit stack bounded by limits::max_depth) and no length
/// from the wire is trusted: every limit is checked before the caller has to grow a buffer for it.
/// Aggregate sizes are counted in elements: `%N` (a map of N entries) and `|N` are 2N elements
/// against limits::max_aggregate_size, like the flat RESP2 array of the same reply; a map of
/// max_aggregate_size / 2 entries parses, one more entry does not.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "typedis/resp/limits.hpp"
#include "typedis/resp/node.hpp"

namespace typedis::resp {

class parser {
 public:
  enum class status { need_more, done };

  // The fast path needs no line-limit check when every header line (18 digits and a sign at most)
  // fits max_line_length, and takes arrays only where one level of nesting is allowed.
  explicit parser(resp::limits l = {}) : limits_(l), fast_ok_(l.max_line_length >= 20 && l.max_depth >= 1) {}

  /// `data` starts at the first byte of the reply being parsed and holds `size` bytes; successive
  /// calls for the same reply pass the same start (possibly moved, with more bytes). The buffer
  /// must be writable: the chunks of a streamed string are merged in place.
  /// Throws protocol_error on malformed input or a broken limit; the parser is then unusable
  /// until reset().
  [[gnu::always_inline]] status feed(char* data, std::size_t size) {  // inline: it runs once per reply
    // A reply not started yet is tried in one pass first (a complete scalar or flat array of
    // scalars); the general path runs for the rest and resumes any reply that arrives in parts,
    // so a reply is never rescanned from its start.
    if (fresh_) {
      if (size >= 6 && data[0] == '$' && fast_ok_ && feed_short_bulk(data, size)) return status::done;
      if (feed_fast(data, size)) return status::done;
    }
    return feed_general(data, size);
  }

  /// After done: the reply's nodes, and how many bytes it took.
  std::span<const node> nodes() const noexcept {
    return single_ ? std::span<const node>(&top_, 1) : std::span<const node>(nodes_);
  }
  std::size_t consumed() const noexcept { return pos_; }

  /// How many bytes (from the reply's start) the parser needs before it can make progress, when
  /// it knows (a bulk string's payload); 0 otherwise. Lets the caller size its buffer once.
  std::size_t bytes_wanted() const noexcept { return state_ == state::payload ? payload_end_ + 2 : 0; }

  /// Prepare for the next reply (keeps capacity: no allocation per reply once warm).
  void reset() noexcept {  // inline: it runs once per reply
    fresh_ = true;
    if (single_) {  // the fast path touched nothing else
      pos_ = 0;
      done_ = single_ = false;
      return;
    }
    nodes_.clear();
    stack_.clear();
    pos_ = scan_ = 0;
    state_ = state::line;
    payload_node_ = payload_end_ = merge_end_ = 0;
    done_ = single_ = false;
  }

  /// While the payload of a top-level bulk string is awaited (nothing else in the reply): where it
  /// starts (the header's size) and its length; false otherwise. Lets a session read a large value
  /// straight into its destination instead of into the read buffer.
  bool awaiting_top_level_bulk(std::size_t& offset, std::size_t& length) const noexcept {
    if (state_ != state::payload || nodes_.size() != 1 || !stack_.empty() || nodes_[0].type != type::bulk_string)
      return false;
    offset = nodes_[0].offset;
    length = nodes_[0].length;
    return true;
  }

  const resp::limits& limits() const noexcept { return limits_; }

 private:
  enum class state { line, payload, chunk_line, chunk_payload };
  struct frame {
    std::size_t node_index;
    std::size_t remaining;  // children still expected (ignored when streamed)
    std::size_t count;      // children seen
    bool streamed;
  };

  // A whole reply in one pass, when it is a complete top-level scalar or a complete flat array of
  // scalars; false (with nothing changed) for anything else, which the general path then parses
  // and, if it is malformed, names.
  bool feed_fast(char* data, std::size_t size);
  // The commonest reply, "$<1 or 2 digits>\r\n<payload>\r\n" (a GET of a short value), inline:
  // false (nothing changed) for anything else, feed_fast then looks again. Needs size >= 6.
  bool feed_short_bulk(const char* data, std::size_t size) noexcept {
    const unsigned d0 = static_cast<unsigned>(static_cast<unsigned char>(data[1])) - unsigned{'0'};
    if (d0 > 9) return false;
    std::size_t length = d0;
    std::size_t header = 4;  // "$N\r\n"
    if (data[2] != '\r') {
      const unsigned d1 = static_cast<unsigned>(static_cast<unsigned char>(data[2])) - unsigned{'0'};
      if (d1 > 9 || data[3] != '\r') return false;
      length = d0 * 10 + d1;
      header = 5;
    }
    if (data[header - 1] != '\n' || length > limits_.max_bulk_length || size - header < length + 2 ||
        data[header + length] != '\r' || data[header + length + 1] != '\n')
      return false;
    return single(type::bulk_string, 0, header, length, header + length + 2);
  }
  bool feed_array_fast(char* data, std::size_t size, std::size_t count, std::size_t header);
  bool single(type t, std::int64_t integer, std::size_t offset, std::size_t length, std::size_t taken) noexcept {
    top_.type = t;
    top_.integer = integer;
    top_.offset = offset;
    top_.length = length;
    pos_ = taken;
    done_ = single_ = true;
    fresh_ = false;
    return true;
  }
  status feed_general(char* data, std::size_t size);
  void begin_aggregate(type t, std::size_t size, bool streamed);
  void begin_string(type t, std::size_t length);
  void push_leaf(type t, std::size_t offset, std::size_t length, std::int64_t integer = 0);
  void end_element();  ///< an element finished; closes every aggregate it completes
  node& add_node(type t);

  resp::limits limits_;
  bool fast_ok_;
  std::vector<node> nodes_;
  std::vector<frame> stack_;
  std::size_t pos_ = 0;   ///< next unparsed byte
  std::size_t scan_ = 0;  ///< where the search for CRLF resumes
  state state_ = state::line;
  std::size_t payload_node_ = 0;
  std::size_t payload_end_ = 0;  ///< end of the awaited payload (before its CRLF)
  std::size_t merge_end_ = 0;    ///< streamed string: end of the merged bytes so far
  bool done_ = false;
  bool single_ = false;  ///< the reply is top_ alone (fast path): the node vector is not used
  bool fresh_ = true;    ///< nothing of the current reply has been looked at yet
  node top_{type::null, 0, 0, 1, 0, 0, 0};  ///< depth, size and next never change
};

}  // namespace typedis::resp
