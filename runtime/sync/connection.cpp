#include "sync/connection.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <span>
#include <stdexcept>

#include "core/blocking_timeout.hpp"
#include "typedis/error.hpp"

namespace typedis {
connection::connection(std::unique_ptr<net::stream> s, std::shared_ptr<const connection_options> options)
    : stream_(std::move(s)),
      options_(std::move(options)),
      session_(core::session::options::of(*options_)),
      created_(std::chrono::steady_clock::now()),
      last_used_(created_) {}

std::unique_ptr<connection> connection::open(std::shared_ptr<const connection_options> options,
                                             const std::shared_ptr<net::tls_context>& tls) {
  // The TCP connect and the TLS handshake are bounded inside net::connect; HELLO and the rest
  // get what is left of the same connect_timeout.
  const net::deadline until = net::deadline_after(options->connect_timeout);
  auto stream = net::connect(*options, tls);
  std::unique_ptr<connection> c(new connection(std::move(stream), std::move(options)));
  c->session_.start_handshake(*c->options_);
  while (c->session_.handshaking()) {
    // A reply may have moved the machine on (HELLO -> SELECT): its request goes out first.
    c->flush("HELLO", until);
    const auto e = c->session_.next();
    if (e.what == core::session::event::kind::failed) c->rethrow_failure();
    if (e.what != core::session::event::kind::need_more || !c->session_.handshaking()) continue;
    c->flush("HELLO", until);
    c->fill("HELLO", until);
  }
  return c;
}

void connection::rethrow_failure() {
  broken_ = true;
  std::rethrow_exception(session_.failure());
}

void connection::flush(std::string_view command, net::deadline until) {
  const std::string_view out = session_.pending_output();
  if (out.empty()) return;
  try {
    stream_->write_all(std::span<const char>(out.data(), out.size()), until, command);
  } catch (...) {
    broken_ = true;
    throw;
  }
  session_.consume_output(out.size());
}

bool connection::fill(std::string_view command, net::deadline until, bool timeout_breaks) {
  const std::span<char> room = session_.prepare();
  std::size_t n = 0;
  try {
    n = stream_->read_some(room, until, command);
  } catch (const timeout_error&) {
    // A deadline passing inside the stream is thrown before any byte of the read is taken (poll()
    // said nothing is there; a TLS read that wants more keeps its partial record in the SSL
    // object): the stream and the session are intact, and a reader idling between messages may
    // come back. A reply that missed its deadline, though, will still arrive: the connection is
    // out of step with its requests.
    if (!timeout_breaks) return false;
    broken_ = true;
    session_.fail(std::current_exception());
    throw;
  } catch (...) {
    broken_ = true;
    session_.fail(std::current_exception());
    throw;
  }
  session_.commit(n);
  return true;
}

void connection::send(std::string_view bytes, std::size_t replies, std::string_view command) {
  if (broken_) throw closed_error(std::string(command) + ": connection is broken");
  if (!session_.raw()) session_.expect(replies, command);
  try {
    stream_->write_all(std::span<const char>(bytes.data(), bytes.size()), net::deadline_after(options_->write_timeout),
                       command);
  } catch (...) {
    broken_ = true;
    throw;
  }
  last_used_ = std::chrono::steady_clock::now();
}

void connection::read_reply(std::string_view command, detail::function_ref<void(resp::reply_cursor&)> sink) {
  read_reply(command, net::deadline::max(), sink);
}

void connection::read_reply(std::string_view command, net::deadline cap,
                            detail::function_ref<void(resp::reply_cursor&)> sink, bool per_reply,
                            std::string* bulk_into) {
  // Only for this reply; a read that fails half-way fails the session, which then lets go of it.
  struct bulk_target {
    core::session& s;
    bool set;
    ~bulk_target() {
      if (set) s.read_bulk_into(nullptr);
    }
  } const target{session_, bulk_into != nullptr};
  if (bulk_into != nullptr) session_.read_bulk_into(bulk_into);
  read_loop(
      1, cap, per_reply, [&](std::size_t) { return command; },
      [&](std::size_t, resp::reply_cursor& cursor) { sink(cursor); });
}

void connection::read_replies(std::size_t count, net::deadline cap,
                              detail::function_ref<std::string_view(std::size_t)> name_of,
                              detail::function_ref<void(std::size_t, resp::reply_cursor&)> sink) {
  read_loop(count, cap, true, name_of, sink);
}

void connection::read_loop(std::size_t count, net::deadline cap, bool per_reply,
                           detail::function_ref<std::string_view(std::size_t)> name_of,
                           detail::function_ref<void(std::size_t, resp::reply_cursor&)> sink) {
  if (broken_) throw closed_error(std::string(name_of(0)) + ": connection is broken");
  // A reply's deadline is fixed when it is first waited for: a reply already buffered (most of a
  // pipeline's) costs no clock read.
  net::deadline until{};
  for (std::size_t i = 0; i < count;) {
    auto e = session_.next();
    switch (e.what) {
      case core::session::event::kind::reply:
        sink(i, e.cursor);
        ++i;
        until = net::deadline{};
        break;
      case core::session::event::kind::push:
        if (push_handler_) push_handler_(resp::value::read(e.cursor));
        break;
      case core::session::event::kind::need_more:
        if (until == net::deadline{}) until = per_reply ? std::min(cap, net::deadline_after(options_->read_timeout)) : cap;
        fill(name_of(i), until);  // a timeout leaves the reply unread: the connection is broken
        break;
      case core::session::event::kind::failed:
        rethrow_failure();
      case core::session::event::kind::frame:
        broken_ = true;
        throw std::logic_error("connection: a reply read in raw mode");
    }
  }
}

bool connection::poll_frame(net::deadline until, std::string_view command,
                            detail::function_ref<void(resp::reply_cursor&)> sink) {
  if (broken_) throw closed_error(std::string(command) + ": connection is broken");
  for (;;) {
    auto e = session_.next();
    switch (e.what) {
      case core::session::event::kind::frame:
      case core::session::event::kind::reply:
      case core::session::event::kind::push:
        last_used_ = std::chrono::steady_clock::now();
        sink(e.cursor);
        return true;
      case core::session::event::kind::failed:
        rethrow_failure();
      case core::session::event::kind::need_more:
        break;
    }
    if (!fill(command, until, /*timeout_breaks=*/false)) return false;
  }
}

std::optional<net::deadline> connection::blocking_deadline(const command_info& info,
                                                          std::string_view request) const noexcept {
  if (!has_flag(info.flags, command_flag::blocking)) return std::nullopt;
  const auto own = core::blocking_timeout(request);
  if (!own) return std::nullopt;
  const auto read = options_->read_timeout;
  if (own->count() == 0 || read.count() <= 0) return net::deadline::max();
  return net::clock::now() + read + *own;
}

void connection::roundtrip(std::string_view bytes, std::string_view command,
                           detail::function_ref<void(resp::reply_cursor&)> sink) {
  roundtrip_until(bytes, command, std::nullopt, sink);
}

void connection::roundtrip(std::string_view bytes, const command_info& info, std::string_view command,
                           detail::function_ref<void(resp::reply_cursor&)> sink, std::string* bulk_into) {
  roundtrip_until(bytes, command, blocking_deadline(info, bytes), sink, bulk_into);
}

void connection::roundtrip_until(std::string_view bytes, std::string_view command,
                                 std::optional<net::deadline> blocking,
                                 detail::function_ref<void(resp::reply_cursor&)> sink, std::string* bulk_into) {
  write(bytes, command);
  // A blocking command's deadline replaces read_timeout; any other reply gets read_timeout.
  read_reply(command, blocking.value_or(net::deadline::max()), [&](resp::reply_cursor& cursor) {
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
  }, !blocking.has_value(), bulk_into);
}

bool connection::absorb_pending(bool may_poll) {
  if (broken_) return false;
  try {
    for (;;) {
      auto e = session_.next();
      switch (e.what) {
        case core::session::event::kind::push:
          if (push_handler_) push_handler_(resp::value::read(e.cursor));
          continue;
        case core::session::event::kind::need_more:
          if (!may_poll || !stream_->readable_now()) return true;
          fill("(idle)", net::deadline_after(options_->read_timeout));  // data at once, or EOF
          continue;
        default:  // a reply nobody asked for (the session fails on it), or a failure
          broken_ = true;
          return false;
      }
    }
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
