// Internal: one established connection: a byte stream, its read buffer and parser, and the
// handshake already done. Single-threaded; the pool hands it to one caller at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sync/net/stream.hpp"
#include "typedis/connection_options.hpp"
#include "typedis/detail/function_ref.hpp"
#include "typedis/resp/parser.hpp"
#include "typedis/resp/reply_cursor.hpp"
#include "typedis/resp/value.hpp"

namespace typedis {

class connection {
 public:
  using push_handler = std::function<void(const resp::value&)>;

  // Connects and runs the handshake; throws io_error, timeout_error, auth_error, server_error.
  static std::unique_ptr<connection> open(const connection_options& options,
                                          const std::shared_ptr<net::tls_context>& tls,
                                          resp::limits limits = {});

  void write(std::string_view bytes, std::string_view command);

  // Reads the next reply (not a RESP3 push: those go to the push handler) and hands it to `sink`.
  // The reply's bytes stay valid only during the call.
  void read_reply(std::string_view command, detail::function_ref<void(resp::reply_cursor&)> sink);

  // Waits until `until` for the next complete reply and hands it to `sink`: true. False when the
  // deadline passes first; unlike read_reply that is not an error and leaves the connection usable
  // (bytes of a partial reply stay buffered and the next call resumes), which is what a Pub/Sub
  // reader idling between messages needs. With deliver_push, RESP3 push frames go to `sink` like
  // replies; otherwise to the push handler. Other failures are as for read_reply.
  bool poll_reply(net::deadline until, bool deliver_push, std::string_view command,
                  detail::function_ref<void(resp::reply_cursor&)> sink);

  // write + read_reply, with a server error reply turned into server_error.
  void roundtrip(std::string_view bytes, std::string_view command,
                 detail::function_ref<void(resp::reply_cursor&)> sink);

  // True once an I/O or protocol error left the stream in an unknown state.
  bool broken() const noexcept { return broken_; }
  void mark_broken() noexcept { broken_ = true; }

  // Called with no request outstanding, before the pool hands the connection out: reads whatever
  // arrived meanwhile without blocking. RESP3 push frames (tracking invalidations) go to the push
  // handler; EOF (server restart, CLIENT KILL, idle timeout) or any other unsolicited data makes
  // the connection unusable. Returns whether it can be reused.
  bool absorb_pending();

  protocol_version protocol() const noexcept { return protocol_; }
  // The server's name and version from HELLO ("valkey", "9.1.0"); empty when it has no HELLO.
  const std::string& server_name() const noexcept { return server_name_; }
  const std::string& server_version() const noexcept { return server_version_; }
  const std::string& endpoint() const noexcept { return stream_->endpoint(); }
  std::chrono::steady_clock::time_point created() const noexcept { return created_; }
  std::chrono::steady_clock::time_point last_used() const noexcept { return last_used_; }
  void set_push_handler(push_handler h) { push_handler_ = std::move(h); }
  // Bytes of the frames taken from the stream so far (replies and push frames, the handshake's
  // included): an observer counts a reply's bytes as the difference across reading it.
  std::uint64_t bytes_received() const noexcept { return bytes_received_; }

  void close() noexcept;

 private:
  connection(std::unique_ptr<net::stream> s, const connection_options& options, resp::limits limits);
  void handshake();
  // Hands the next complete buffered frame to `sink` (push frames to the push handler unless
  // deliver_push) and returns true; false when no complete reply is buffered.
  bool take_buffered(bool deliver_push, detail::function_ref<void(resp::reply_cursor&)> sink);
  void fill(std::string_view command);
  void fill(std::string_view command, net::deadline until);

  std::unique_ptr<net::stream> stream_;
  const connection_options& options_;
  resp::parser parser_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0;  // first byte of the reply being parsed
  std::size_t end_ = 0;    // end of the bytes read
  protocol_version protocol_ = protocol_version::resp2;
  std::string server_name_;
  std::string server_version_;
  bool broken_ = false;
  std::chrono::steady_clock::time_point created_;
  std::chrono::steady_clock::time_point last_used_;
  push_handler push_handler_;
  std::uint64_t bytes_received_ = 0;
};

}  // namespace typedis
