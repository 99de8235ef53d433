// Internal: the protocol session of one connection, free of I/O (no socket, no clock, no thread).
// A front end (the blocking connection, an asio driver, a cluster node) moves bytes and the session
// does the rest:
//
//   output:  queue(bytes) / expect(n) -> pending_output() -> the transport writes -> consume_output(n)
//   input:   prepare(n) -> the transport reads into it -> commit(n) -> next() until need_more
//
// next() hands back one event at a time: the reply to request i (an error reply is a reply: the
// front end decides what it means), a RESP3 push (invalidations, pub/sub on a shared connection),
// in raw mode every frame unmatched (the subscriber), or the failure that ended the session (a
// protocol error names the endpoint and the command it was reading for; a transport failure is
// handed in by fail()). A failed session stays failed with the same failure.
//
// A cursor in an event points into the read buffer and is valid until the next call of next() or
// prepare(). The handshake runs inside: requests queued before it finishes are held back and go
// out after it, so an asynchronous front end may queue from the start.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/protocol/handshake.hpp"
#include "core/read_buffer.hpp"
#include "typedis/connection_options.hpp"
#include "typedis/error.hpp"
#include "typedis/resp/limits.hpp"
#include "typedis/resp/parser.hpp"
#include "typedis/resp/reply_cursor.hpp"

namespace typedis::core {

using request_id = std::uint64_t;

class session {
 public:
  struct options {
    resp::limits limits{};
    // A read buffer grown beyond this is released once it is empty again (issue 14 item 3).
    std::size_t buffer_keep = 1u << 20;
    // "host:port" or "unix:/path", for messages.
    std::string endpoint;
    // A top-level bulk string at least this long is read straight into a string of its own (or
    // the caller's, read_bulk_into) instead of the read buffer, and a decoder into std::string
    // takes that string: its bytes are copied once, by the transport (issue 16 item 5).
    std::size_t direct_min = 256u * 1024;
    // The limits, buffer size and endpoint name of a connection made with `o`.
    static options of(const connection_options& o);
  };

  struct event {
    enum class kind {
      need_more,  // feed more bytes (prepare/commit), then call next() again
      reply,      // the reply to `request`
      push,       // a RESP3 push frame, not a reply
      frame,      // raw mode: any frame, matched to nothing
      failed,     // the session is over: `failure`
    };
    kind what = kind::need_more;
    request_id request = 0;
    std::string_view command;  // the request's name (reply), for messages
    resp::reply_cursor cursor{{}, nullptr};

    // A reply (or frame) whose top element is an error reply: its text, prefix first.
    bool is_error() const noexcept;
    std::string_view error_text() const noexcept;
  };

  session() : session(options{}) {}
  explicit session(options o);

  // Starts the handshake for `o` (copied: the session may outlive it). Without it, the session
  // speaks the protocol given to assume_protocol() (RESP2 by default).
  void start_handshake(const connection_options& o);
  void assume_protocol(protocol_version v) noexcept { protocol_ = v; }
  bool handshaking() const noexcept { return handshake_.has_value(); }
  protocol_version protocol() const noexcept { return protocol_; }
  const std::string& server_name() const noexcept { return server_name_; }
  const std::string& server_version() const noexcept { return server_version_; }

  // A request whose bytes the session copies into its output; its one reply comes back as a
  // reply event with the returned id. `command` must outlive the request.
  request_id queue(std::string_view bytes, std::string_view command);
  // `count` requests whose bytes the front end writes itself (a pipeline's buffer, sent without a
  // copy), after pending_output() is written. Returns the first id; the others follow in order.
  // Not during the handshake.
  request_id expect(std::size_t count, std::string_view command);
  // Bytes that expect no reply of their own (SUBSCRIBE in raw mode: its answers are frames).
  void queue_raw(std::string_view bytes);
  // Its reply, when it comes, is read and dropped (a cancelled call).
  void abandon(request_id id) noexcept;

  std::string_view pending_output() const noexcept { return {output_.data() + output_begin_, output_.size() - output_begin_}; }
  void consume_output(std::size_t n) noexcept;

  // While a large value is read straight into its string, the room is in that string: at least
  // `min` bytes or the rest of the value, whichever is less, and never past the value's end.
  std::span<char> prepare(std::size_t min = 4096);
  void commit(std::size_t n) noexcept;
  // The string a large bulk reply (top-level, >= options::direct_min) to the next reply handed out
  // is read into, instead of one of the session's own; null for the session's own. The caller
  // keeps it alive until that reply is handed out or the setting is cleared; its capacity is
  // reused. After a failure its contents are unspecified.
  void read_bulk_into(std::string* target) noexcept { bulk_target_ = target; }
  // Inline for the common case (a whole reply to the oldest request of a running session), which
  // runs once per reply; everything else is in next_general().
  event next() {
    if (failure_ || raw_ || handshake_ || outstanding_ == 0 || !abandoned_.empty() || direct_.active)
      return next_general(false);
    release_frame();
    if (input_.empty()) return next_general(false);  // need_more, and the buffer's release
    resp::parser::status status;
    try {
      status = parser_.feed(input_.data(), input_.size());
    } catch (const protocol_error& x) {
      return failed_with(x.what());
    }
    event e;
    if (status == resp::parser::status::need_more) {
      start_direct_if_large();
      return e;
    }
    parser_dirty_ = true;
    frame_size_ = parser_.consumed();
    bytes_received_ += frame_size_;
    const auto nodes = parser_.nodes();
    if (nodes.front().type == resp::type::push) return next_general(true);
    e.cursor = resp::reply_cursor(nodes, input_.data());
    e.request = take_request(e.command);
    e.what = event::kind::reply;
    return e;
  }

  // Raw mode: every frame (pushes included) is a frame event, no request is matched. The
  // subscriber's connection, where replies to SUBSCRIBE and messages interleave.
  void set_raw(bool raw) noexcept { raw_ = raw; }
  bool raw() const noexcept { return raw_; }
  // The transport failed: the session is over.
  void fail(std::exception_ptr e) noexcept;
  bool failed() const noexcept { return failure_ != nullptr; }
  // What ended the session (after a failed event); null while it runs. Kept out of the event so
  // that the per-reply path copies no exception_ptr.
  const std::exception_ptr& failure() const noexcept { return failure_; }

  // Requests whose replies have not arrived (abandoned ones included).
  std::size_t outstanding() const noexcept { return outstanding_; }
  std::uint64_t bytes_in() const noexcept { return bytes_in_; }    // committed
  std::uint64_t bytes_out() const noexcept { return bytes_out_; }  // consumed output
  // Bytes of the frames taken so far (replies and pushes, the handshake's included).
  std::uint64_t bytes_received() const noexcept { return bytes_received_; }
  // The read buffer, and the string a large value is being read into (issue 16 item 5).
  std::size_t buffer_capacity() const noexcept {
    const std::size_t own = own_payload_.capacity() > std::string().capacity() ? own_payload_.capacity() : 0;
    return input_.capacity() + (direct_.active && direct_.target != &own_payload_ ? direct_.target->capacity() : own);
  }
  std::size_t buffered() const noexcept { return input_.size(); }
  const options& settings() const noexcept { return options_; }

 private:
  // Requests in order as runs of consecutive ids with one name: a pipeline of 100,000 commands
  // written by expect() is one entry, not 100,000.
  struct pending_run {
    request_id first;
    std::size_t count;
    std::string_view command;
  };
  void add_run(request_id first, std::size_t count, std::string_view command);
  bool take_abandoned(request_id id) noexcept;
  void next_run() noexcept;
  // The oldest outstanding request (there is one): its id, and its name into `command`.
  request_id take_request(std::string_view& command) noexcept {
    const pending_run& run = pending_[pending_head_];
    const request_id id = run.first + head_taken_;
    command = run.command;
    --outstanding_;
    if (++head_taken_ == run.count) next_run();  // `run` is not used after this
    return id;
  }

  // The frame handed out last is done with: its bytes go, the parser starts afresh.
  void release_frame() noexcept {
    if (direct_.handed_out) [[unlikely]]
      release_direct();
    if (frame_size_ > 0) {
      input_.consume(frame_size_);
      frame_size_ = 0;
    }
    if (parser_dirty_) {
      parser_.reset();
      parser_dirty_ = false;
    }
  }
  std::string_view reading_for() const noexcept;
  void fail_with(std::string_view what);
  event failed_with(std::string_view what);
  // next() beyond the common case; `parsed`: a frame is parsed and not handed out yet.
  event next_general(bool parsed);
  void handshake_step(resp::reply_cursor& cursor);
  // A large value's payload is awaited: it goes on into its own string (direct_), not the buffer.
  void start_direct_if_large();
  // The direct read is complete: its reply, or the failure if its CRLF is missing.
  event finish_direct();
  void release_direct() noexcept;
  void append_output(std::string_view bytes);

  options options_;
  resp::parser parser_;
  read_buffer input_;
  std::size_t frame_size_ = 0;  // bytes of the frame last handed out, consumed at the next call
  bool parser_dirty_ = false;

  // A large top-level bulk string being read straight into *target (own_payload_ or the
  // caller's): [0, filled) holds the payload and its CRLF so far, [filled, target->size()) is
  // initialised room ahead of the reads.
  struct direct_read {
    std::string* target = nullptr;
    std::size_t filled = 0;
    std::size_t length = 0;  // the payload, without its CRLF
    std::size_t header = 0;  // bytes of the `$<length>\r\n` line
    bool active = false;
    bool handed_out = false;  // its reply was handed out: release at the next call
  };
  direct_read direct_;
  std::string own_payload_;
  std::string* bulk_target_ = nullptr;
  bool direct_room_ = false;  // the last prepare() handed out room in the value's string
  resp::node direct_node_{};

  std::string output_;
  std::size_t output_begin_ = 0;
  std::string held_;  // requests queued during the handshake

  std::vector<pending_run> pending_;
  std::size_t pending_head_ = 0;  // the run the next reply belongs to
  std::size_t head_taken_ = 0;    // replies already taken from that run
  std::size_t outstanding_ = 0;
  std::vector<request_id> abandoned_;  // rare (a cancelled call): searched only when not empty
  request_id next_id_ = 1;

  std::optional<protocol::handshake> handshake_;
  std::string_view handshake_command_;
  protocol_version protocol_ = protocol_version::resp2;
  std::string server_name_;
  std::string server_version_;

  bool raw_ = false;
  std::exception_ptr failure_;
  std::uint64_t bytes_in_ = 0;
  std::uint64_t bytes_out_ = 0;
  std::uint64_t bytes_received_ = 0;
};

}  // namespace typedis::core
