#include "sync/connection.hpp"

#include <algorithm>
#include <cstring>

#include "core/protocol/handshake.hpp"
#include "typedis/error.hpp"

namespace typedis {
namespace {
constexpr std::size_t initial_buffer = 16 * 1024;
constexpr std::size_t min_read = 4096;
}  // namespace

connection::connection(std::unique_ptr<net::stream> s, const connection_options& options, resp::limits limits)
    : stream_(std::move(s)),
      options_(options),
      parser_(limits),
      buffer_(initial_buffer),
      created_(std::chrono::steady_clock::now()),
      last_used_(created_) {}

std::unique_ptr<connection> connection::open(const connection_options& options,
                                             const std::shared_ptr<net::tls_context>& tls, resp::limits limits) {
  std::unique_ptr<connection> c(new connection(net::connect(options, tls), options, limits));
  c->handshake();
  return c;
}

void connection::handshake() {
  protocol::handshake fsm(options_);
  for (auto step = fsm.start(); !step.done;) {
    write(step.request, step.command);
    protocol::handshake::action next;
    read_reply(step.command, [&](resp::reply_cursor& reply) { next = fsm.on_reply(reply); });
    step = std::move(next);
  }
  protocol_ = fsm.negotiated();
  server_name_ = fsm.server_name();
  server_version_ = fsm.server_version();
}

void connection::write(std::string_view bytes, std::string_view command) {
  if (broken_) throw closed_error(std::string(command) + ": connection is broken");
  try {
    stream_->write_all(std::span<const char>(bytes.data(), bytes.size()), net::deadline_after(options_.write_timeout),
                       command);
  } catch (...) {
    broken_ = true;
    throw;
  }
  last_used_ = std::chrono::steady_clock::now();
}

void connection::fill(std::string_view command) { fill(command, net::deadline_after(options_.read_timeout)); }

void connection::fill(std::string_view command, net::deadline until) {
  // Room for what the parser waits for (a large bulk arrives straight into a buffer of its size).
  const std::size_t pending = end_ - begin_;
  std::size_t want = std::max(parser_.bytes_wanted(), pending + min_read);
  if (begin_ > 0 && (begin_ + want > buffer_.size() || begin_ >= buffer_.size() / 2)) {
    // Compact: the partial reply moves to the front; node offsets are relative to it.
    if (pending > 0) std::memmove(buffer_.data(), buffer_.data() + begin_, pending);
    begin_ = 0;
    end_ = pending;
  }
  if (begin_ + want > buffer_.size()) buffer_.resize(std::max(begin_ + want, buffer_.size() * 2));
  const std::size_t n =
      stream_->read_some(std::span<char>(buffer_.data() + end_, buffer_.size() - end_), until, command);
  end_ += n;
}

bool connection::take_buffered(bool deliver_push, detail::function_ref<void(resp::reply_cursor&)> sink) {
  while (begin_ != end_) {
    if (parser_.feed(buffer_.data() + begin_, end_ - begin_) == resp::parser::status::need_more) return false;
    const auto nodes = parser_.nodes();
    resp::reply_cursor cursor(nodes, buffer_.data() + begin_);
    // The reply's bytes stay in the buffer until the next read, so the parser can be reset after.
    begin_ += parser_.consumed();
    bytes_received_ += parser_.consumed();
    struct reset_guard {
      resp::parser& p;
      ~reset_guard() { p.reset(); }
    } guard{parser_};
    if (nodes.front().type == resp::type::push && !deliver_push) {
      // RESP3 out-of-band data (invalidations, pub/sub on a shared connection): never a reply.
      if (push_handler_) push_handler_(resp::value::read(cursor));
      continue;
    }
    last_used_ = std::chrono::steady_clock::now();
    sink(cursor);
    return true;
  }
  begin_ = end_ = 0;  // nothing buffered: start from the front so the buffer never creeps
  return false;
}

void connection::read_reply(std::string_view command, detail::function_ref<void(resp::reply_cursor&)> sink) {
  if (broken_) throw closed_error(std::string(command) + ": connection is broken");
  try {
    while (!take_buffered(false, sink)) fill(command);
  } catch (const protocol_error&) {
    broken_ = true;
    throw;
  } catch (const io_error&) {
    broken_ = true;
    throw;
  }
}

bool connection::poll_reply(net::deadline until, bool deliver_push, std::string_view command,
                            detail::function_ref<void(resp::reply_cursor&)> sink) {
  if (broken_) throw closed_error(std::string(command) + ": connection is broken");
  // A deadline passing inside the stream is a timeout_error thrown before any byte of the read is
  // taken (poll() said nothing is there; a TLS read that wants more keeps its partial record in
  // the SSL object), so the stream and this buffer are intact and the caller may just come back.
  try {
    while (!take_buffered(deliver_push, sink)) {
      try {
        fill(command, until);
      } catch (const timeout_error&) {
        return false;
      }
    }
    return true;
  } catch (const protocol_error&) {
    broken_ = true;
    throw;
  } catch (const io_error&) {
    broken_ = true;
    throw;
  }
}

void connection::roundtrip(std::string_view bytes, std::string_view command,
                           detail::function_ref<void(resp::reply_cursor&)> sink) {
  write(bytes, command);
  read_reply(command, [&](resp::reply_cursor& cursor) {
    const resp::node& top = cursor.peek();
    if (resp::is_error(top.type)) throw server_error(command, cursor.text(top));
    try {
      sink(cursor);
    } catch (const decode_error& e) {
      if (!e.command().empty()) throw;
      throw e.with_command(command);
    } catch (const server_error& e) {
      if (!e.command().empty()) throw;
      throw server_error(command, e.message());  // an error nested in the reply
    }
  });
}

bool connection::absorb_pending() {
  if (broken_) return false;
  try {
    // Complete frames already buffered first, then whatever the socket holds right now. Push
    // frames go to the handler inside take_buffered; anything else is a reply nobody asked for.
    bool unsolicited = false;
    for (;;) {
      if (take_buffered(false, [&](resp::reply_cursor&) { unsolicited = true; })) break;
      if (!stream_->readable_now()) return true;
      fill("(idle)");  // readable: returns data at once, or throws for EOF
    }
    broken_ = broken_ || unsolicited;
    return !unsolicited;
  } catch (const error&) {
    broken_ = true;
    return false;
  }
}

void connection::close() noexcept {
  broken_ = true;
  stream_->close();
}

}  // namespace typedis
