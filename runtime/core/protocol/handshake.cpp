#include "core/protocol/handshake.hpp"

#include "typedis/command.hpp"
#include "typedis/error.hpp"
#include "typedis/generated/cluster.hpp"
#include "typedis/generated/connection.hpp"

// Every request of the handshake is built by the generated builders (typedis::cmd), like any
// command a user sends.
namespace typedis::protocol {
namespace {

template <class T>
std::string bytes_of(const command<T>& c) {
  return std::string(c.bytes());
}

bool is_auth_failure(const server_error& e) {
  const std::string& p = e.prefix();
  return p == "WRONGPASS" || p == "NOPERM" || p == "NOAUTH" ||
         e.message().find("invalid password") != std::string::npos ||
         e.message().find("invalid username-password") != std::string::npos;
}

bool is_unknown_command(const server_error& e) {
  return e.prefix() == "ERR" && e.message().find("unknown command") != std::string::npos;
}

}  // namespace

handshake::action handshake::start() {
  asked_ = options_.protocol;
  return send_hello(asked_);
}

handshake::action handshake::send_hello(protocol_version v) {
  step_ = step::hello;
  cmd::hello_arguments args{.protover = static_cast<int>(v)};
  if (!options_.password.empty())
    args.auth = cmd::hello_arguments_auth{
        .username = options_.username.empty() ? std::string_view("default") : std::string_view(options_.username),
        .password = options_.password};
  if (!options_.client_name.empty()) args.setname = options_.client_name;
  return {false, bytes_of(cmd::hello({.arguments = args})), "HELLO"};
}

handshake::action handshake::send_auth() {
  step_ = step::auth;
  if (options_.username.empty()) return {false, bytes_of(cmd::auth(options_.password)), "AUTH"};
  return {false, bytes_of(cmd::auth(options_.password, {.username = options_.username})), "AUTH"};
}

handshake::action handshake::send_setname() {
  step_ = step::setname;
  return {false, bytes_of(cmd::client_setname(options_.client_name)), "CLIENT SETNAME"};
}

handshake::action handshake::send_select_or_done() {
  if (options_.database != 0) {
    step_ = step::select;
    return {false, bytes_of(cmd::select(options_.database)), "SELECT"};
  }
  return send_readonly_or_done();
}

handshake::action handshake::send_readonly_or_done() {
  if (options_.readonly) {
    step_ = step::readonly;
    return {false, bytes_of(cmd::readonly()), "READONLY"};
  }
  step_ = step::done;
  return {true, {}, {}};
}

handshake::action handshake::legacy_fallback() {
  negotiated_ = protocol_version::resp2;
  if (!options_.password.empty()) return send_auth();
  if (!options_.client_name.empty()) return send_setname();
  return send_select_or_done();
}

void handshake::read_server_facts(resp::reply_cursor& reply) {
  // A RESP3 map or a RESP2 flat array of name/value pairs; only string values are kept.
  const resp::node& top = reply.next();
  for (std::size_t i = 0; i + 1 < top.size; i += 2) {
    const resp::node& key = reply.next();
    const resp::node& value = reply.peek();
    const auto is_text = [](resp::type t) { return t == resp::type::bulk_string || t == resp::type::simple_string; };
    if (is_text(key.type) && is_text(value.type)) {
      if (reply.text(key) == "server") server_name_ = reply.text(value);
      if (reply.text(key) == "version") server_version_ = reply.text(value);
    }
    reply.skip();
  }
}

handshake::action handshake::on_reply(resp::reply_cursor reply) {
  // Checked first: an error reply here must not be reported as the failure of some step.
  if (step_ == step::done) throw protocol_error("handshake: reply after the handshake finished");
  const resp::node& top = reply.peek();
  const std::string_view command = step_ == step::hello     ? "HELLO"
                                   : step_ == step::auth    ? "AUTH"
                                   : step_ == step::setname ? "CLIENT SETNAME"
                                   : step_ == step::select  ? "SELECT"
                                                            : "READONLY";
  if (resp::is_error(top.type)) {
    server_error e(command, reply.text(top));
    if (step_ == step::hello) {
      if (e.prefix() == "NOPROTO" && asked_ == protocol_version::resp3) {
        asked_ = protocol_version::resp2;
        return send_hello(protocol_version::resp2);
      }
      // A server without HELLO (before 6.0, or HELLO renamed away): legacy AUTH and SETNAME, RESP2.
      if (is_unknown_command(e)) return legacy_fallback();
      // HELLO ... AUTH with the right or a wrong password answers OK or WRONGPASS; NOAUTH means the
      // server did not run HELLO at all (see the header).
      if (e.prefix() == "NOAUTH" && !options_.password.empty()) return legacy_fallback();
    }
    if (is_auth_failure(e)) throw auth_error(command, reply.text(top));
    throw e;
  }
  switch (step_) {
    case step::hello:
      // HELLO answers a map (RESP3) or a flat array (RESP2) of server facts.
      if (!resp::is_aggregate(top.type)) throw protocol_error("HELLO: unexpected reply type " + std::string(resp::to_string(top.type)));
      negotiated_ = asked_;
      read_server_facts(reply);
      return send_select_or_done();
    case step::auth:
      if (!options_.client_name.empty()) return send_setname();
      return send_select_or_done();
    case step::setname:
      return send_select_or_done();
    case step::select:
      return send_readonly_or_done();
    case step::readonly:
      step_ = step::done;
      return {true, {}, {}};
    case step::done:
      break;
  }
  throw protocol_error("handshake: reply after the handshake finished");
}

}  // namespace typedis::protocol
