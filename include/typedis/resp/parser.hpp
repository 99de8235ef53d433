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

  explicit parser(resp::limits l = {}) : limits_(l) {}

  /// `data` starts at the first byte of the reply being parsed and holds `size` bytes; successive
  /// calls for the same reply pass the same start (possibly moved, with more bytes). The buffer
  /// must be writable: the chunks of a streamed string are merged in place.
  /// Throws protocol_error on malformed input or a broken limit; the parser is then unusable
  /// until reset().
  status feed(char* data, std::size_t size);

  /// After done: the reply's nodes, and how many bytes it took.
  std::span<const node> nodes() const noexcept { return nodes_; }
  std::size_t consumed() const noexcept { return pos_; }

  /// How many bytes (from the reply's start) the parser needs before it can make progress, when
  /// it knows (a bulk string's payload); 0 otherwise. Lets the caller size its buffer once.
  std::size_t bytes_wanted() const noexcept { return state_ == state::payload ? payload_end_ + 2 : 0; }

  /// Prepare for the next reply (keeps capacity: no allocation per reply once warm).
  void reset() noexcept {  // inline: it runs once per reply
    nodes_.clear();
    stack_.clear();
    pos_ = scan_ = 0;
    state_ = state::line;
    payload_node_ = payload_end_ = merge_end_ = 0;
    done_ = false;
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

  void begin_aggregate(type t, std::size_t size, bool streamed);
  void begin_string(type t, std::size_t length);
  void push_leaf(type t, std::size_t offset, std::size_t length, std::int64_t integer = 0);
  void end_element();  ///< an element finished; closes every aggregate it completes
  node& add_node(type t);

  resp::limits limits_;
  std::vector<node> nodes_;
  std::vector<frame> stack_;
  std::size_t pos_ = 0;   ///< next unparsed byte
  std::size_t scan_ = 0;  ///< where the search for CRLF resumes
  state state_ = state::line;
  std::size_t payload_node_ = 0;
  std::size_t payload_end_ = 0;  ///< end of the awaited payload (before its CRLF)
  std::size_t merge_end_ = 0;    ///< streamed string: end of the merged bytes so far
  bool done_ = false;
};

}  // namespace typedis::resp
