#include "typedis/resp/parser.hpp"

#include <bit>
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

// The fast path's number: 1 to 18 digits (no overflow, as parse_short_integer) then CRLF. Returns
// the byte after the CRLF, or null for anything else (the general path decides what it is).
inline bool is_crlf(const char* p) noexcept {
  std::uint16_t two = 0;
  std::memcpy(&two, p, 2);  // one load and compare; the same on either byte order
  std::uint16_t crlf = 0;
  std::memcpy(&crlf, "\r\n", 2);
  return two == crlf;
}

// The leading digits of the 8 bytes at p, without a branch per digit (how many digits a number
// has is what a branch predictor cannot guess): their count, 8 when all are digits (more may
// follow), and their value. Little-endian loads: the first byte is the lowest.
inline unsigned leading_digits8(const char* p, std::uint64_t& value) noexcept {
  constexpr std::uint64_t ones = 0x0101010101010101ull;
  std::uint64_t w = 0;
  std::memcpy(&w, p, 8);
  // A byte is a digit when its high nibble is 3 before and after adding 6 ('0'..'9' -> 0x36..0x3F).
  // A carry out of a byte >= 0xFA only disturbs the bytes after it, past the first non-digit.
  const std::uint64_t high = w & (0xF0 * ones);
  const std::uint64_t plus6 = (w + 6 * ones) & (0xF0 * ones);
  const std::uint64_t non_digit = (high ^ (0x30 * ones)) | (plus6 ^ (0x30 * ones));
  const unsigned n = non_digit == 0 ? 8u : static_cast<unsigned>(std::countr_zero(non_digit)) / 8u;
  if (n == 0) return 0;
  // The digits' values moved to the top bytes (the bytes after them, and the borrows out of them,
  // fall off), leaving zeros in front: then 2, 4 and 8 digits are combined at a time.
  std::uint64_t d = (w - 0x30 * ones) << (8 * (8 - n));
  d = (d * 10 + (d >> 8)) & 0x00FF00FF00FF00FFull;
  d = (d * 100 + (d >> 16)) & 0x0000FFFF0000FFFFull;
  d = (d * 10000 + (d >> 32)) & 0xFFFFFFFFull;
  value = d;
  return n;
}

inline const char* digits_crlf(const char* p, const char* end, std::uint64_t& out) noexcept {
  const char* const first = p;
  const char* const stop = end - p > 19 ? p + 19 : end;  // a 19th digit already means "not here"
  std::uint64_t v = 0;
  for (; p != stop; ++p) {
    const unsigned digit = static_cast<unsigned>(static_cast<unsigned char>(*p)) - unsigned{'0'};
    if (digit > 9) break;
    v = v * 10 + digit;
  }
  if (static_cast<std::size_t>(p - first) - 1 > 17 || end - p < 2 || !is_crlf(p)) return nullptr;  // 1 to 18 digits
  out = v;
  return p + 2;
}

// digits_crlf for an integer reply's digits, whose count varies from one reply to the next: up to
// 7 digits read 8 bytes at once. Lengths and counts (`$3`, `*100`) keep the loop, which costs less
// for their one or two digits, always as many.
inline const char* value_digits_crlf(const char* p, const char* end, std::uint64_t& out) noexcept {
  if constexpr (std::endian::native == std::endian::little) {
    if (end - p >= 10) {  // 8 bytes to look at, and room for the CRLF after up to 7 digits
      std::uint64_t v = 0;
      const unsigned n = leading_digits8(p, v);
      if (n < 8) {
        if (n == 0 || !is_crlf(p + n)) return nullptr;
        out = v;
        return p + n + 2;
      }
      // 8 digits or more: the loop takes the whole number
    }
  }
  return digits_crlf(p, end, out);
}

// An optionally signed integer line (':' without its type byte): the byte after its CRLF, or null.
inline const char* integer_crlf(const char* p, const char* end, std::int64_t& out) noexcept {
  // The sign without a branch: half of a reply's integers may be negative, in no order.
  const char sign = p != end ? *p : '\0';
  const bool negative = sign == '-';
  p += static_cast<int>(negative || sign == '+');
  std::uint64_t v = 0;
  const char* after = value_digits_crlf(p, end, v);
  if (after != nullptr) out = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
  return after;
}

// The first CRLF at or after p, as the general path finds it; null when there is none yet.
inline const char* find_crlf(const char* p, const char* end) noexcept {
  while (end - p >= 2) {
    const auto* cr = static_cast<const char*>(std::memchr(p, '\r', static_cast<std::size_t>(end - p - 1)));
    if (cr == nullptr) return nullptr;
    if (cr[1] == '\n') return cr;
    p = cr + 1;
  }
  return nullptr;
}

}  // namespace

bool parser::feed_fast(char* data, std::size_t size) {
  if (size < 3 || !fast_ok_) return false;  // 3: the shortest reply
  const char* const end = data + size;
  const char c = data[0];
  if (c == '$') {  // the most common reply first (GET)
    std::uint64_t len = 0;
    const char* payload = digits_crlf(data + 1, end, len);
    if (payload == nullptr) {
      if (size >= 5 && std::memcmp(data, "$-1\r\n", 5) == 0) return single(type::null, 0, 1, 0, 5);  // RESP2 null
      return false;
    }
    // Over the limit or incomplete: the general path fails on it or waits for the rest.
    const auto header = static_cast<std::size_t>(payload - data);
    if (len > limits_.max_bulk_length || size - header < len + 2 || !is_crlf(payload + len)) return false;
    return single(type::bulk_string, 0, header, static_cast<std::size_t>(len), header + static_cast<std::size_t>(len) + 2);
  }
  if (c == ':') {
    std::int64_t v = 0;
    const char* after = integer_crlf(data + 1, end, v);
    if (after == nullptr) return false;
    const auto taken = static_cast<std::size_t>(after - data);
    return single(type::integer, v, 1, taken - 3, taken);
  }
  if (c == '+' || c == '-') {
    const char* cr = find_crlf(data + 1, end);
    if (cr == nullptr || static_cast<std::size_t>(cr - data) > limits_.max_line_length) return false;
    const auto line = static_cast<std::size_t>(cr - data);
    return single(c == '+' ? type::simple_string : type::simple_error, 0, 1, line - 1, line + 2);
  }
  if (c == '_') {
    if (data[1] != '\r' || data[2] != '\n') return false;
    return single(type::null, 0, 1, 0, 3);
  }
  if (c == '*') {
    std::uint64_t count = 0;
    const char* first = digits_crlf(data + 1, end, count);
    if (first == nullptr || count == 0 || count > limits_.max_aggregate_size) return false;
    return feed_array_fast(data, size, static_cast<std::size_t>(count), static_cast<std::size_t>(first - data));
  }
  return false;
}

bool parser::feed_array_fast(char* data, std::size_t size, std::size_t count, std::size_t header) {
  // Every element takes at least 3 bytes ("+\r\n"): fewer cannot hold the whole array. This also
  // bounds the nodes made below by the bytes at hand, whatever the header claims.
  if ((size - header) / 3 < count) return false;
  const char* p = data + header;
  const char* const end = data + size;
  nodes_.push_back(node{type::array, 0, count, count + 1, 0, 0, 0});
  // The count was checked against max_aggregate_size and the depth is 1: per element only what
  // its own header could break (a bulk length, a simple string's line length) is checked.
  for (std::size_t i = 1; i <= count; ++i) {
    if (p == end) break;
    const auto at = static_cast<std::size_t>(p - data);
    node n{type::integer, 1, 0, i + 1, 0, at + 1, 0};
    if (*p == ':') {
      const char* after = integer_crlf(p + 1, end, n.integer);
      if (after == nullptr) break;
      n.length = static_cast<std::size_t>(after - p) - 3;
      p = after;
    } else if (*p == '$') {
      std::uint64_t len = 0;
      const char* payload = digits_crlf(p + 1, end, len);
      if (payload == nullptr || len > limits_.max_bulk_length || static_cast<std::size_t>(end - payload) < len + 2 ||
          !is_crlf(payload + len))
        break;
      n.type = type::bulk_string;
      n.offset = static_cast<std::size_t>(payload - data);
      n.length = static_cast<std::size_t>(len);
      p = payload + len + 2;
    } else if (*p == '+') {
      const char* cr = find_crlf(p + 1, end);
      if (cr == nullptr || static_cast<std::size_t>(cr - p) > limits_.max_line_length) break;
      n.type = type::simple_string;
      n.length = static_cast<std::size_t>(cr - p) - 1;
      p = cr + 2;
    } else {
      break;
    }
    nodes_.push_back(n);
  }
  if (nodes_.size() != count + 1) {  // not a complete flat array of these scalars
    nodes_.clear();
    return false;
  }
  pos_ = scan_ = static_cast<std::size_t>(p - data);
  done_ = true;
  fresh_ = false;
  return true;
}

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

parser::status parser::feed_general(char* data, std::size_t size) {
  fresh_ = false;
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
