#include "core/session.hpp"

#if defined(__linux__)
#include <sys/mman.h>
#endif

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "typedis/error.hpp"
#include "typedis/resp/node.hpp"

namespace typedis::core {

session::options session::options::of(const connection_options& o) {
  options s;
  s.limits = o.limits;
  s.buffer_keep = o.read_buffer_keep;
  s.endpoint = o.endpoint();
  return s;
}

namespace {

// Fresh memory for a large value: every 4 KiB page faults on its first write, which costs several
// times the copy itself (docs/benchmarks.md, "Large values"); with transparent huge pages asked
// for, one fault maps 2 MiB. A hint only: where THP is off (or not Linux) nothing changes.
void advise_huge_pages(char* p, std::size_t n) noexcept {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::size_t huge = 2u << 20;
  if (n < huge) return;
  const auto first = (reinterpret_cast<std::uintptr_t>(p) + 4095) & ~std::uintptr_t{4095};
  const auto last = (reinterpret_cast<std::uintptr_t>(p) + n) & ~std::uintptr_t{4095};
  if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
#else
  (void)p;
  (void)n;
#endif
}

constexpr std::size_t min_read = 4096;
// A header may announce up to max_bulk_length; the buffer grows toward it as bytes arrive, at
// most by this much or by what arrived so far, whichever is more (a value that does arrive is
// read in a few geometric steps; one that never does costs little).
constexpr std::size_t lookahead_floor = 1u << 20;
// A value read straight into its string grows it to at most this many times what arrived (1 MiB
// for the header alone): a lying header costs little, and growth copies about 1/7 of a value that
// does arrive.
constexpr std::size_t direct_growth = 8;
// Room initialised (zeroed: std::string has no uninitialised growth in C++20) just ahead of the
// reads, so the zeroing stays in cache and the transport writes over it at once.
constexpr std::size_t direct_step = 1u << 20;
}  // namespace

bool session::event::is_error() const noexcept {
  if (what != kind::reply && what != kind::frame) return false;
  resp::reply_cursor c = cursor;
  return !c.at_end() && resp::is_error(c.peek().type);
}

std::string_view session::event::error_text() const noexcept {
  if (!is_error()) return {};
  resp::reply_cursor c = cursor;
  return c.text(c.peek());
}

session::session(options o) : options_(std::move(o)), parser_(options_.limits) {}

void session::start_handshake(const connection_options& o) {
  handshake_.emplace(o);
  auto step = handshake_->start();
  handshake_command_ = step.command;
  append_output(step.request);
}

void session::append_output(std::string_view bytes) {
  if (output_begin_ == output_.size()) {
    output_.clear();
    output_begin_ = 0;
  }
  output_.append(bytes);
}

void session::add_run(request_id first, std::size_t count, std::string_view command) {
  if (count == 0) return;
  if (pending_head_ < pending_.size()) {
    pending_run& last = pending_.back();
    // Same name, next ids: the run grows (a loop of queue() calls of one command).
    if (last.command.data() == command.data() && last.command.size() == command.size() &&
        last.first + last.count == first) {
      last.count += count;
      outstanding_ += count;
      return;
    }
  }
  pending_.push_back({first, count, command});
  outstanding_ += count;
}

request_id session::queue(std::string_view bytes, std::string_view command) {
  const request_id id = next_id_++;
  if (handshake_) {
    held_.append(bytes);
  } else {
    append_output(bytes);
  }
  add_run(id, 1, command);
  return id;
}

request_id session::expect(std::size_t count, std::string_view command) {
  if (handshake_) throw std::logic_error("session::expect during the handshake");
  const request_id first = next_id_;
  next_id_ += count;
  add_run(first, count, command);
  return first;
}

void session::queue_raw(std::string_view bytes) {
  if (handshake_) {
    held_.append(bytes);
  } else {
    append_output(bytes);
  }
}

void session::abandon(request_id id) noexcept {
  if (outstanding_ == 0) return;
  const request_id oldest = pending_[pending_head_].first + head_taken_;
  if (id < oldest || id >= next_id_) return;  // answered already, or never queued
  for (const request_id a : abandoned_)
    if (a == id) return;
  try {
    abandoned_.push_back(id);
  } catch (...) {  // out of memory: the reply will be handed out after all, never misrouted
  }
}

bool session::take_abandoned(request_id id) noexcept {
  for (std::size_t i = 0; i < abandoned_.size(); ++i) {
    if (abandoned_[i] == id) {
      abandoned_[i] = abandoned_.back();
      abandoned_.pop_back();
      return true;
    }
  }
  return false;
}

void session::consume_output(std::size_t n) noexcept {
  n = std::min(n, output_.size() - output_begin_);
  output_begin_ += n;
  bytes_out_ += n;
  if (output_begin_ == output_.size()) {
    output_.clear();
    output_begin_ = 0;
  }
}

std::span<char> session::prepare(std::size_t min) {
  release_frame();
  direct_room_ = direct_.active && !failure_ && direct_.filled < direct_.length + 2;
  if (direct_room_) {
    // The rest of the value and never beyond it: what follows goes to the read buffer.
    std::string& t = *direct_.target;
    const std::size_t total = direct_.length + 2;
    const std::size_t need = std::min(total - direct_.filled, min);
    if (t.size() < direct_.filled + need) {  // not enough initialised room ahead of the reads
      const std::size_t step = std::min(total - direct_.filled, std::max(need, direct_step));
      if (direct_.filled + step > t.capacity()) {
        const std::size_t claim = direct_.filled < lookahead_floor ? lookahead_floor : direct_growth * direct_.filled;
        t.reserve(std::min(total, std::max(direct_.filled + step, claim)));
        advise_huge_pages(t.data(), t.capacity());
      }
      t.resize(direct_.filled + step);
    }
    return {t.data() + direct_.filled, std::min(t.size(), total) - direct_.filled};
  }
  if (input_.empty()) input_.shrink_if_empty(options_.buffer_keep);
  const std::size_t have = input_.size();  // the start of a frame not complete yet
  const std::size_t room = std::max(min, min_read);
  std::size_t target = room;
  const std::size_t wanted = parser_.bytes_wanted();
  if (wanted > have) {
    target = std::max(room, std::min(wanted - have, std::max(lookahead_floor, have)));
  } else {
    target = std::max(room, have / 2);  // a long frame of unknown size: grow geometrically
  }
  return input_.prepare(room, target);
}

void session::commit(std::size_t n) noexcept {
  if (direct_room_) {
    direct_.filled += n;
  } else {
    input_.commit(n);
  }
  bytes_in_ += n;
}

void session::fail(std::exception_ptr e) noexcept {
  if (!failure_) failure_ = std::move(e);
  direct_ = direct_read{};  // never touches a caller's string again
}

std::string_view session::reading_for() const noexcept {
  if (handshake_) return handshake_command_;
  if (raw_) return "(subscriber)";
  if (outstanding_ > 0) return pending_[pending_head_].command;
  return "(no request)";
}

session::event session::failed_with(std::string_view what) {
  fail_with(what);
  frame_size_ = 0;
  event e;
  e.what = event::kind::failed;
  return e;
}

void session::fail_with(std::string_view what) {
  std::string message = "protocol error from " + options_.endpoint + " (reply to " + std::string(reading_for()) +
                        "): " + std::string(what);
  failure_ = std::make_exception_ptr(protocol_error(message));
  direct_ = direct_read{};
}

void session::handshake_step(resp::reply_cursor& cursor) {
  auto step = handshake_->on_reply(cursor);  // throws auth_error / server_error / protocol_error
  if (!step.done) {
    handshake_command_ = step.command;
    append_output(step.request);
    return;
  }
  protocol_ = handshake_->negotiated();
  server_name_ = handshake_->server_name();
  server_version_ = handshake_->server_version();
  handshake_.reset();
  handshake_command_ = {};
  append_output(held_);
  held_.clear();
  held_.shrink_to_fit();
}

void session::start_direct_if_large() {
  std::size_t offset = 0;
  std::size_t length = 0;
  if (!parser_.awaiting_top_level_bulk(offset, length) || length < options_.direct_min) return;
  if (raw_ || handshake_ || outstanding_ == 0) return;  // replies to requests only
  std::string& t = bulk_target_ != nullptr ? *bulk_target_ : own_payload_;
  const std::size_t have = input_.size() - offset;  // payload bytes already here: fewer than length + 2
  if (t.capacity() < length + 2) t.clear();         // its old bytes would only be copied by growth
  if (t.size() < have) t.resize(have);
  if (have > 0) std::memcpy(t.data(), input_.data() + offset, have);
  direct_ = direct_read{&t, have, length, offset, true, false};
  input_.consume(input_.size());
  parser_.reset();
  parser_dirty_ = false;
}

void session::release_direct() noexcept {
  direct_.handed_out = false;
  direct_.target = nullptr;
  // The session's own string when no decoder took it: not kept past buffer_keep, like the buffer.
  if (own_payload_.capacity() > options_.buffer_keep) {
    std::string().swap(own_payload_);
  } else {
    own_payload_.clear();
  }
}

session::event session::finish_direct() {
  event e;
  std::string& t = *direct_.target;
  const std::size_t length = direct_.length;
  direct_.active = false;
  if (t[length] != '\r' || t[length + 1] != '\n') return failed_with("RESP protocol error: bulk payload not terminated by CRLF");
  t.resize(length);
  direct_.handed_out = true;
  bytes_received_ += direct_.header + length + 2;
  direct_node_ = resp::node{resp::type::bulk_string, 0, 0, 1, 0, 0, length};
  e.cursor = resp::reply_cursor(std::span<const resp::node>(&direct_node_, 1), t.data());
  e.cursor.set_payload_owner(&t);
  e.request = take_request(e.command);  // a reply: start_direct_if_large saw one outstanding
  e.what = event::kind::reply;
  return e;
}

session::event session::next_general(bool parsed) {
  // One event object returned from every path, so that it is built in the caller's slot.
  event e;
  if (!parsed) release_frame();
  while (!failure_) {
    if (!parsed && direct_.active) {
      if (direct_.filled < direct_.length + 2) return e;  // need_more
      e = finish_direct();
      if (e.what == event::kind::reply && !abandoned_.empty() && take_abandoned(e.request)) {
        release_frame();
        e = event{};
        continue;
      }
      return e;
    }
    if (!parsed) {
      if (input_.empty()) {
        input_.shrink_if_empty(options_.buffer_keep);
        return e;  // need_more
      }
      resp::parser::status status;
      try {
        status = parser_.feed(input_.data(), input_.size());
      } catch (const protocol_error& x) {
        fail_with(x.what());
        break;
      }
      if (status == resp::parser::status::need_more) {
        start_direct_if_large();
        return e;
      }
      parser_dirty_ = true;
      frame_size_ = parser_.consumed();
      bytes_received_ += frame_size_;
    }
    parsed = false;
    const auto nodes = parser_.nodes();
    e.cursor = resp::reply_cursor(nodes, input_.data());
    const bool push = nodes.front().type == resp::type::push;

    if (!push && !raw_ && !handshake_ && outstanding_ > 0) {  // the common case: a reply
      const request_id id = take_request(e.command);
      if (!abandoned_.empty() && take_abandoned(id)) {
        release_frame();
        continue;
      }
      e.what = event::kind::reply;
      e.request = id;
      return e;
    }
    if (push && protocol_ == protocol_version::resp2 && !handshake_) {
      fail_with("a RESP3 push frame on a RESP2 connection");
      break;
    }
    if (raw_ && !handshake_) {
      e.what = event::kind::frame;
      return e;
    }
    if (push) {
      e.what = event::kind::push;
      return e;
    }
    if (handshake_) {
      try {
        handshake_step(e.cursor);
      } catch (...) {
        failure_ = std::current_exception();
        break;
      }
      release_frame();
      continue;
    }
    fail_with("a reply with no request outstanding");
    break;
  }
  // A failed session keeps nothing it read: no cursor can point into the buffer any more.
  frame_size_ = 0;
  e = event{};
  e.what = event::kind::failed;
  return e;
}

void session::next_run() noexcept {
  head_taken_ = 0;
  if (++pending_head_ == pending_.size()) {
    pending_.clear();
    pending_head_ = 0;
  } else if (pending_head_ >= 64 && pending_head_ * 2 >= pending_.size()) {
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(pending_head_));
    pending_head_ = 0;
  }
}

}  // namespace typedis::core
