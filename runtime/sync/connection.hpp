// Internal: one established connection: a byte stream driving a core::session (which owns the
// buffers, the parser, push routing and the handshake). This class only moves bytes and keeps
// deadlines. Single-threaded; the pool hands it to one caller at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/session.hpp"
#include "typedis/command.hpp"
#include "sync/net/stream.hpp"
#include "typedis/connection_options.hpp"
#include "typedis/detail/function_ref.hpp"
#include "typedis/resp/reply_cursor.hpp"
#include "typedis/resp/value.hpp"

namespace typedis {

class connection {
 public:
  using push_handler = std::function<void(const resp::value&)>;

  // Connects and runs the handshake, all within options->connect_timeout; throws io_error,
  // timeout_error, auth_error, server_error, protocol_error.
  static std::unique_ptr<connection> open(std::shared_ptr<const connection_options> options,
                                          const std::shared_ptr<net::tls_context>& tls);

  // Writes `bytes`, holding `replies` requests (in raw mode: none, the answers are frames).
  void send(std::string_view bytes, std::size_t replies, std::string_view command);
  void write(std::string_view bytes, std::string_view command) { send(bytes, 1, command); }

  // Reads the reply to the oldest request sent and hands it to `sink` (RESP3 pushes read on the
  // way go to the push handler). The whole reply must arrive within read_timeout of the first wait
  // for it (issue 14 item 4: a deadline per reply, not per read) and before `cap` (a batch's
  // deadline); with per_reply false, `cap` alone (a blocking command's own deadline). The reply's
  // bytes stay valid only during the call.
  void read_reply(std::string_view command, detail::function_ref<void(resp::reply_cursor&)> sink);
  // `bulk_into`: where a large top-level bulk reply is read (core::session::read_bulk_into).
  void read_reply(std::string_view command, net::deadline cap, detail::function_ref<void(resp::reply_cursor&)> sink,
                  bool per_reply = true, std::string* bulk_into = nullptr);

  // The replies to a batch's `count` oldest requests, each handed to `sink` with its index: the same
  // deadlines as read_reply per reply, in one loop (a pipeline's replies mostly sit in the buffer
  // already, and per reply this costs only the session's next()). `name_of(i)` names request i in
  // errors, asked only when one is thrown or a read waits.
  void read_replies(std::size_t count, net::deadline cap, detail::function_ref<std::string_view(std::size_t)> name_of,
                    detail::function_ref<void(std::size_t, resp::reply_cursor&)> sink);

  // Raw mode (the subscriber): every frame, push or not, is read by poll_frame, nothing matched.
  void set_raw(bool raw) noexcept { session_.set_raw(raw); }
  // Raw mode: waits until `until` for the next complete frame and hands it to `sink`: true. False
  // when the deadline passes first; that is not an error and leaves the connection usable (a
  // partial frame stays buffered and the next call resumes), which a reader idling between
  // messages needs.
  bool poll_frame(net::deadline until, std::string_view command,
                  detail::function_ref<void(resp::reply_cursor&)> sink);

  // write + read_reply, with a server error reply turned into server_error.
  void roundtrip(std::string_view bytes, std::string_view command,
                 detail::function_ref<void(resp::reply_cursor&)> sink);
  // The same, where a blocking command may wait for its own timeout on top of read_timeout.
  void roundtrip(std::string_view bytes, const command_info& info, std::string_view command,
                 detail::function_ref<void(resp::reply_cursor&)> sink, std::string* bulk_into = nullptr);

  // For a blocking command that blocks in `request` (BLPOP's timeout, XREAD's BLOCK): read_timeout
  // from now plus that timeout; none (deadline::max) when it blocks for ever or read_timeout is 0.
  // Nothing for any other command.
  std::optional<net::deadline> blocking_deadline(const command_info& info, std::string_view request) const noexcept;
  void touch() noexcept { last_used_ = std::chrono::steady_clock::now(); }

  // True once an I/O or protocol error (or an abandoned reply) left the stream in an unknown state.
  bool broken() const noexcept { return broken_; }
  void mark_broken() noexcept { broken_ = true; }

  // Called with no request outstanding, before the pool hands the connection out: reads whatever
  // arrived meanwhile without blocking. RESP3 pushes (tracking invalidations) go to the push
  // handler; EOF (server restart, CLIENT KILL, idle timeout) or any other data makes the
  // connection unusable. Returns whether it can be reused. `may_poll` false: only what is already
  // buffered is looked at (no syscall; see pool_options::closed_check_after).
  bool absorb_pending(bool may_poll = true);

  protocol_version protocol() const noexcept { return session_.protocol(); }
  // The server's name and version from HELLO ("valkey", "9.1.0"); empty when it has no HELLO.
  const std::string& server_name() const noexcept { return session_.server_name(); }
  const std::string& server_version() const noexcept { return session_.server_version(); }
  const std::string& endpoint() const noexcept { return stream_->endpoint(); }
  const connection_options& options() const noexcept { return *options_; }
  std::chrono::steady_clock::time_point created() const noexcept { return created_; }
  std::chrono::steady_clock::time_point last_used() const noexcept { return last_used_; }
  void set_push_handler(push_handler h) { push_handler_ = std::move(h); }
  // Bytes of the frames taken from the stream so far (replies and push frames, the handshake's
  // included): an observer counts a reply's bytes as the difference across reading it.
  std::uint64_t bytes_received() const noexcept { return session_.bytes_received(); }
  std::size_t buffer_capacity() const noexcept { return session_.buffer_capacity(); }

  void close() noexcept;

  // The sentinel resolution this connection's node came from (sentinel/locator.hpp); 0 without one.
  std::uint64_t generation = 0;
  // A cluster replica's connection that has sent READONLY (reads served by the replica).
  bool cluster_readonly = false;

 private:
  connection(std::unique_ptr<net::stream> s, std::shared_ptr<const connection_options> options);
  void handshake();
  void flush(std::string_view command, net::deadline until);
  void roundtrip_until(std::string_view bytes, std::string_view command, std::optional<net::deadline> blocking,
                       detail::function_ref<void(resp::reply_cursor&)> sink, std::string* bulk_into = nullptr);
  // Reads what the stream has into the session. A timeout is an error that breaks the connection
  // when timeout_breaks, else a false return with everything intact.
  bool fill(std::string_view command, net::deadline until, bool timeout_breaks = true);
  // read_reply and read_replies: `count` replies, each within read_timeout of its first wait when
  // per_reply, and all before `cap`.
  void read_loop(std::size_t count, net::deadline cap, bool per_reply,
                 detail::function_ref<std::string_view(std::size_t)> name_of,
                 detail::function_ref<void(std::size_t, resp::reply_cursor&)> sink);
  [[noreturn]] void rethrow_failure();

  std::unique_ptr<net::stream> stream_;
  std::shared_ptr<const connection_options> options_;
  core::session session_;
  bool broken_ = false;
  std::chrono::steady_clock::time_point created_;
  std::chrono::steady_clock::time_point last_used_;
  push_handler push_handler_;
};

}  // namespace typedis
