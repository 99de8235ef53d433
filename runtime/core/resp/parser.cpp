#include "typedis/resp/parser.hpp"

#include <charconv>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

#include "typedis/error.hpp"

namespace typedis::resp {
namespace {

[[noreturn]] void fail(const std::string& what) { throw protocol_error("RESP protocol error: " + what); }

[[noreturn]] void limit_broken(std::string_view what, std::size_t value, std::string_view limit, std::size_t max) {
  fail(std::string(what) + " " + std::to_string(value) + " exceeds limit " + std::string(limit) + "=" +
       std::to_string(max));
}

std::string printable(std::string_view s) {
  std::string out;
  for (char c : s.substr(0, 32)) {
    if (c >= 0x20 && c < 0x7f) {
      out += c;
    } else {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
      out += hex[static_cast<unsigned char>(c) & 0xf];
    }
  }
  if (s.size() > 32) out += "...";
  return out;
}

// The common case of parse_integer, inline: an optional sign and 1 to 18 digits (which cannot
// overflow an int64). Anything else (longer, malformed) takes the general path below, so the
// accepted inputs and the results are exactly those of std::from_chars.
inline bool parse_short_integer(std::string_view s, std::int64_t& out) noexcept {
  const char* p = s.data();
  const char* const end = p + s.size();
  bool negative = false;
  if (p != end && (*p == '+' || *p == '-')) negative = *p++ == '-';
  if (p == end || end - p > 18) return false;
  std::int64_t v = 0;
  for (; p != end; ++p) {
    const unsigned digit = static_cast<unsigned>(static_cast<unsigned char>(*p)) - unsigned{'0'};
    if (digit > 9) return false;
    v = v * 10 + static_cast<std::int64_t>(digit);
  }
  out = negative ? -v : v;
  return true;
}

std::int64_t parse_integer_general(std::string_view s, std::string_view what);

// A signed decimal integer that fills the whole line.
inline std::int64_t parse_integer(std::string_view s, std::string_view what) {
  std::int64_t v = 0;
  if (parse_short_integer(s, v)) [[likely]]
    return v;
  return parse_integer_general(s, what);
}

[[gnu::noinline]] std::int64_t parse_integer_general(std::string_view s, std::string_view what) {
  std::int64_t v = 0;
  const char* first = s.data();
  const char* last = s.data() + s.size();
  if (first != last && *first == '+') ++first;  // RESP3 allows an explicit sign
  const bool two_signs = first != s.data() && first != last && *first == '-';  // "+-5"
  auto [p, ec] = std::from_chars(first, last, v);
  if (s.empty() || two_signs || ec != std::errc{} || p != last) fail("invalid " + std::string(what) + " '" + printable(s) + "'");
  return v;
}

// A length or count: a non-negative integer, or -1 for RESP2 null.
[[gnu::noinline]] std::int64_t parse_length_general(std::string_view s, std::string_view what) {
  std::int64_t v = parse_integer(s, what);
  if (v < -1) fail("negative " + std::string(what) + " " + std::to_string(v));
  return v;
}

inline std::int64_t parse_length(std::string_view s, std::string_view what) {
  std::int64_t v = 0;
  if (parse_short_integer(s, v) && v >= -1) [[likely]]
    return v;
  return parse_length_general(s, what);
}

bool is_big_number(std::string_view s) {
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool is_double_text(std::string_view s) {
  if (s == "inf" || s == "-inf" || s == "+inf" || s == "nan" || s == "-nan") return true;
  double d = 0;
  const char* first = s.data();
  if (!s.empty() && *first == '+') ++first;
  if (first != s.data() && first != s.data() + s.size() && *first == '-') return false;  // "+-1": one sign only
  auto [p, ec] = std::from_chars(first, s.data() + s.size(), d);
  // out of range (e.g. 1e999) is still a well-formed double on the wire
  return !s.empty() && p == s.data() + s.size() && (ec == std::errc{} || ec == std::errc::result_out_of_range);
}

}  // namespace

node& parser::add_node(type t) {
  node& n = nodes_.emplace_back();
  n.type = t;
  n.depth = static_cast<std::uint32_t>(stack_.size());
  n.size = 0;
  n.next = nodes_.size();
  n.integer = 0;
  n.offset = 0;
  n.length = 0;
  return n;
}

void parser::push_leaf(type t, std::size_t offset, std::size_t length, std::int64_t integer) {
  node& n = add_node(t);
  n.offset = offset;
  n.length = length;
  n.integer = integer;
  end_element();
}

void parser::begin_aggregate(type t, std::size_t size, bool streamed) {
  if (stack_.size() >= limits_.max_depth) limit_broken("nesting depth", stack_.size() + 1, "max_depth", limits_.max_depth);
  // sizes were checked against limits::max_aggregate_size by the caller (counted: on the header)
  const std::size_t index = nodes_.size();
  node& n = add_node(t);
  n.size = size;
  if (!streamed && size == 0) {
    // An empty attribute annotates nothing and counts as no element.
    if (t != type::attribute) end_element();
    return;
  }
  stack_.push_back(frame{index, size, 0, streamed});
}

void parser::begin_string(type t, std::size_t length) {
  if (length > limits_.max_bulk_length) limit_broken("bulk length", length, "max_bulk_length", limits_.max_bulk_length);
  payload_node_ = nodes_.size();
  node& n = add_node(t);
  n.offset = pos_;
  n.length = length;
  payload_end_ = pos_ + length;
  state_ = state::payload;
}

void parser::end_element() {
  // The node just finished sits at nodes_.back() or is an aggregate whose subtree just closed.
  while (!stack_.empty()) {
    frame& f = stack_.back();
    ++f.count;
    if (f.streamed) return;
    if (--f.remaining != 0) return;
    node& agg = nodes_[f.node_index];
    agg.next = nodes_.size();
    const bool attribute = agg.type == type::attribute;
    stack_.pop_back();
    // An attribute annotates the element that follows it: closing it completes nothing above.
    if (attribute) return;
  }
  done_ = true;
}

parser::status parser::feed(char* data, std::size_t size) {
  if (done_) return status::done;
  for (;;) {
    if (state_ == state::payload || state_ == state::chunk_payload) {
      if (size < payload_end_ + 2) return status::need_more;
      if (data[payload_end_] != '\r' || data[payload_end_ + 1] != '\n')
        fail("bulk payload not terminated by CRLF");
      if (state_ == state::payload) {
        pos_ = scan_ = payload_end_ + 2;
        state_ = state::line;
        end_element();
      } else {
        // Merge this chunk right after the previous ones: the string stays contiguous.
        const std::size_t chunk_start = pos_;
        const std::size_t len = payload_end_ - chunk_start;
        if (merge_end_ != chunk_start) std::memmove(data + merge_end_, data + chunk_start, len);
        merge_end_ += len;
        nodes_[payload_node_].length += len;
        pos_ = scan_ = payload_end_ + 2;
        state_ = state::chunk_line;
      }
      if (done_) return status::done;
      continue;
    }

    // Every other state starts with a line: find its CRLF.
    std::size_t from = scan_ > pos_ ? scan_ : pos_;
    const char* crlf = nullptr;
    while (from + 1 < size) {
      const void* cr = std::memchr(data + from, '\r', size - from - 1);
      if (cr == nullptr) break;
      const std::size_t at = static_cast<std::size_t>(static_cast<const char*>(cr) - data);
      if (data[at + 1] == '\n') {
        crlf = data + at;
        break;
      }
      from = at + 1;
    }
    if (crlf == nullptr) {
      // A trailing '\r' may be the start of this line's CRLF: it does not count toward the limit.
      const std::size_t pending = size - pos_ - (size > pos_ && data[size - 1] == '\r' ? 1 : 0);
      if (pending > limits_.max_line_length)
        limit_broken("line length", pending, "max_line_length", limits_.max_line_length);
      scan_ = size > 0 ? size - 1 : 0;
      return status::need_more;
    }
    const std::size_t line_end = static_cast<std::size_t>(crlf - data);
    if (line_end - pos_ > limits_.max_line_length)
      limit_broken("line length", line_end - pos_, "max_line_length", limits_.max_line_length);
    if (line_end == pos_) fail("empty line where a type byte was expected");
    const char prefix = data[pos_];
    const std::size_t body = pos_ + 1;
    const std::string_view line(data + body, line_end - body);
    pos_ = scan_ = line_end + 2;

    if (state_ == state::chunk_line) {
      if (prefix != ';') fail("expected a streamed string chunk (';'), got '" + printable(std::string_view(&prefix, 1)) + "'");
      const std::int64_t len = parse_length(line, "chunk length");
      if (len < 0) fail("negative chunk length");
      if (len == 0) {
        state_ = state::line;
        end_element();
        if (done_) return status::done;
        continue;
      }
      const std::size_t total = nodes_[payload_node_].length + static_cast<std::size_t>(len);
      if (static_cast<std::uint64_t>(len) > limits_.max_bulk_length || total > limits_.max_bulk_length)
        limit_broken("streamed string length", total, "max_bulk_length", limits_.max_bulk_length);
      payload_end_ = pos_ + static_cast<std::size_t>(len);
      state_ = state::chunk_payload;
      continue;
    }

    switch (prefix) {
      case '+':
        push_leaf(type::simple_string, body, line.size());
        break;
      case '-':
        push_leaf(type::simple_error, body, line.size());
        break;
      case ':':
        push_leaf(type::integer, body, line.size(), parse_integer(line, "integer"));
        break;
      case '_':
        if (!line.empty()) fail("null with a payload '" + printable(line) + "'");
        push_leaf(type::null, body, 0);
        break;
      case '#':
        if (line != "t" && line != "f") fail("invalid boolean '" + printable(line) + "'");
        push_leaf(type::boolean, body, 1, line == "t" ? 1 : 0);
        break;
      case ',':
        if (!is_double_text(line)) fail("invalid double '" + printable(line) + "'");
        push_leaf(type::double_type, body, line.size());
        break;
      case '(':
        if (!is_big_number(line)) fail("invalid big number '" + printable(line) + "'");
        push_leaf(type::big_number, body, line.size());
        break;
      case '$':
      case '!':
      case '=': {
        const type t = prefix == '$' ? type::bulk_string : prefix == '!' ? type::bulk_error : type::verbatim_string;
        if (prefix == '$' && line == "?") {
          payload_node_ = nodes_.size();
          node& n = add_node(type::bulk_string);
          n.offset = merge_end_ = pos_;
          state_ = state::chunk_line;
          break;
        }
        const std::int64_t len = parse_length(line, "bulk length");
        if (len < 0) {
          if (prefix != '$') fail("negative length for a " + std::string(to_string(t)));
          push_leaf(type::null, body, 0);
          break;
        }
        begin_string(t, static_cast<std::size_t>(len));
        break;
      }
      case '*':
      case '%':
      case '~':
      case '|':
      case '>': {
        const type t = prefix == '*'   ? type::array
                       : prefix == '%' ? type::map
                       : prefix == '~' ? type::set
                       : prefix == '|' ? type::attribute
                                       : type::push;
        if (line == "?") {
          if (t == type::attribute) fail("streamed attribute");
          begin_aggregate(t, 0, true);
          break;
        }
        const std::int64_t count = parse_length(line, "aggregate size");
        if (count < 0) {
          if (prefix != '*') fail("negative size for a " + std::string(to_string(t)));
          push_leaf(type::null, body, 0);
          break;
        }
        const std::size_t n = static_cast<std::size_t>(count);
        // max_aggregate_size counts elements: a map or attribute of N entries is 2N elements (the
        // same reply in RESP2 is a flat array of 2N, and it takes 2N nodes). Divided, not
        // multiplied, so that a huge N cannot wrap around.
        const std::size_t per_entry = t == type::map || t == type::attribute ? 2 : 1;
        if (n > limits_.max_aggregate_size / per_entry) {
          if (per_entry == 1) limit_broken("aggregate size", n, "max_aggregate_size", limits_.max_aggregate_size);
          fail(std::string(to_string(t)) + " of " + std::to_string(n) + " entries (2 elements each) exceeds limit " +
               "max_aggregate_size=" + std::to_string(limits_.max_aggregate_size) + " elements");
        }
        begin_aggregate(t, n * per_entry, false);
        break;
      }
      case '.':
        // End of a streamed aggregate.
        if (!line.empty() || stack_.empty() || !stack_.back().streamed) fail("unexpected end-of-aggregate marker '.'");
        {
          frame f = stack_.back();
          node& agg = nodes_[f.node_index];
          if ((agg.type == type::map) && f.count % 2 != 0) fail("streamed map with an odd number of elements");
          if (f.count > limits_.max_aggregate_size)
            limit_broken("aggregate size", f.count, "max_aggregate_size", limits_.max_aggregate_size);
          agg.size = f.count;
          agg.next = nodes_.size();
          stack_.pop_back();
          end_element();
        }
        break;
      default:
        fail("unknown type byte '" + printable(std::string_view(&prefix, 1)) + "'");
    }
    if (state_ == state::line && !stack_.empty() && stack_.back().streamed &&
        stack_.back().count > limits_.max_aggregate_size)
      limit_broken("aggregate size", stack_.back().count, "max_aggregate_size", limits_.max_aggregate_size);
    if (done_) return status::done;
  }
}

std::string_view to_string(type t) noexcept {
  switch (t) {
    case type::simple_string: return "simple string";
    case type::simple_error: return "error";
    case type::integer: return "integer";
    case type::bulk_string: return "bulk string";
    case type::bulk_error: return "bulk error";
    case type::verbatim_string: return "verbatim string";
    case type::null: return "null";
    case type::boolean: return "boolean";
    case type::double_type: return "double";
    case type::big_number: return "big number";
    case type::array: return "array";
    case type::map: return "map";
    case type::set: return "set";
    case type::attribute: return "attribute";
    case type::push: return "push";
  }
  return "unknown";
}

}  // namespace typedis::resp
