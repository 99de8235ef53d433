#include "sync/net/tls_stream.hpp"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <poll.h>

#include <algorithm>
#include <climits>

#include "core/tls_context.hpp"
#include "sync/net/wait.hpp"
#include "typedis/error.hpp"

namespace typedis::net {

namespace {

constexpr std::string_view closed_by_server = "connection closed by server";

send_state state_after(std::size_t written) {
  return written == 0 ? send_state::not_sent : send_state::may_have_executed;
}

}  // namespace

tls_stream::tls_stream(unique_fd fd, std::shared_ptr<tls_context> context, std::string endpoint)
    : stream(std::move(endpoint)), fd_(std::move(fd)), context_(std::move(context)) {
  io_.fd = fd_.get();
}

tls_stream::~tls_stream() { close(); }

std::unique_ptr<tls_stream> tls_stream::handshake(unique_fd fd, const connection_options& options,
                                                  std::shared_ptr<tls_context> context, deadline until) {
  const std::string endpoint = options.endpoint();
  std::unique_ptr<tls_stream> s(new tls_stream(std::move(fd), std::move(context), endpoint));
  auto setup_failed = [&](const char* step) {
    throw io_error("connect", endpoint,
                   std::string("TLS setup for ") + endpoint + " failed (" + step + "): " +
                       openssl_error_text("unknown error"),
                   send_state::not_sent);
  };
  ERR_clear_error();
  s->ssl_ = SSL_new(s->context_->native());
  if (s->ssl_ == nullptr) setup_failed("SSL_new");
  BIO* bio = make_socket_bio(&s->io_);
  if (bio == nullptr) setup_failed("BIO_new");
  SSL_set_bio(s->ssl_, bio, bio);  // the SSL owns the BIO (one reference for both directions)

  const tls_options& tls = options.tls;
  if (const char* step = configure_peer_check(s->ssl_, options)) setup_failed(step);
  const std::string& expected = expected_peer_name(options);

  const auto result = s->drive([&] { return SSL_connect(s->ssl_); }, until, "connect");
  if (!result) {
    s->broken_ = true;  // mid-handshake: no close_notify to send
    throw timeout_error("connect", endpoint,
                        "TLS handshake with " + endpoint + " timed out (connect_timeout " +
                            std::to_string(options.connect_timeout.count()) + " ms)",
                        send_state::not_sent);
  }
  if (result->error != SSL_ERROR_NONE) {
    std::string why;
    const long verify = SSL_get_verify_result(s->ssl_);
    if (tls.verify_peer && verify != X509_V_OK) {
      why = std::string("certificate verify failed (") + X509_verify_cert_error_string(verify);
      if (verify == X509_V_ERR_HOSTNAME_MISMATCH || verify == X509_V_ERR_IP_ADDRESS_MISMATCH)
        why += ": the server's certificate is not valid for '" + expected + "'";
      why += ")";
    } else {
      bool closed = false;
      why = s->describe(*result, closed);
    }
    s->broken_ = true;
    throw io_error("connect", endpoint, "TLS handshake with " + endpoint + " failed: " + why, send_state::not_sent);
  }
  return s;
}

template <typename Op>
std::optional<tls_stream::outcome> tls_stream::drive(Op op, deadline until, std::string_view command) {
  for (;;) {
    // SSL_get_error() reads this thread's error queue: it must hold only this call's errors.
    ERR_clear_error();
    io_.last_errno = 0;
    const int ret = op();
    if (ret > 0) return outcome{ret, SSL_ERROR_NONE};
    const int error = SSL_get_error(ssl_, ret);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
      // Either direction can be wanted by either call (handshake messages, key updates).
      if (!wait_for(fd_.get(), error == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, until, command, endpoint()))
        return std::nullopt;
      continue;
    }
    return outcome{ret, error};
  }
}

std::string tls_stream::describe(const outcome& failure, bool& closed) {
  closed = false;
  if (failure.error == SSL_ERROR_ZERO_RETURN) {  // close_notify from the server
    closed = true;
    return std::string(closed_by_server);
  }
  const unsigned long e = ERR_peek_last_error();
  if (failure.error == SSL_ERROR_SYSCALL && e == 0) {
    if (io_.last_errno != 0) return errno_text(io_.last_errno);
    closed = true;  // plain EOF without close_notify
    return std::string(closed_by_server);
  }
#ifdef SSL_R_UNEXPECTED_EOF_WHILE_READING
  if (ERR_GET_LIB(e) == ERR_LIB_SSL && ERR_GET_REASON(e) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
    closed = true;
    return std::string(closed_by_server);
  }
#endif
  return openssl_error_text("unknown TLS error");
}

void tls_stream::check_open(std::string_view command) const {
  if (ssl_ == nullptr) throw io_error(command, endpoint(), "connection is closed", send_state::not_sent);
  if (broken_) throw io_error(command, endpoint(), "connection is unusable after a TLS error", send_state::not_sent);
}

void tls_stream::write_all(std::span<const char> bytes, deadline until, std::string_view command) {
  check_open(command);
  std::size_t written = 0;
  while (written < bytes.size()) {
    const int chunk = static_cast<int>(std::min<std::size_t>(bytes.size() - written, INT_MAX));
    const char* data = bytes.data() + written;
    const auto result = drive([&] { return SSL_write(ssl_, data, chunk); }, until, command);
    if (!result) throw timeout_error(command, endpoint(), "write timed out", state_after(written));
    if (result->error != SSL_ERROR_NONE) {
      bool closed = false;
      std::string why = describe(*result, closed);
      if (result->error == SSL_ERROR_SYSCALL) {
        if (auto alert = pending_alert()) {
          why = *alert;
          closed = false;
        }
      }
      broken_ = true;
      // A record cut short is discarded by the server, so only complete SSL_write results count.
      throw io_error(command, endpoint(), closed ? why : "TLS write failed: " + why, state_after(written));
    }
    written += static_cast<std::size_t>(result->ret);
  }
}

std::size_t tls_stream::read_some(std::span<char> into, deadline until, std::string_view command) {
  check_open(command);
  if (into.empty()) throw io_error(command, endpoint(), "read into an empty buffer");
  const int size = static_cast<int>(std::min<std::size_t>(into.size(), INT_MAX));
  const auto result = drive([&] { return SSL_read(ssl_, into.data(), size); }, until, command);
  if (!result) throw timeout_error(command, endpoint(), "read timed out waiting for the reply");
  if (result->error != SSL_ERROR_NONE) {
    bool closed = false;
    const std::string why = describe(*result, closed);
    if (result->error != SSL_ERROR_ZERO_RETURN) broken_ = true;
    throw io_error(command, endpoint(), closed ? why : "TLS read failed: " + why);
  }
  return static_cast<std::size_t>(result->ret);
}

std::optional<std::string> tls_stream::pending_alert() {
  ERR_clear_error();
  char byte = 0;
  const int ret = SSL_read(ssl_, &byte, 1);
  std::optional<std::string> reason;
  if (ret <= 0 && SSL_get_error(ssl_, ret) == SSL_ERROR_SSL && ERR_peek_last_error() != 0)
    reason = openssl_error_text("");
  ERR_clear_error();
  return reason;
}

bool tls_stream::readable_now() {
  if (ssl_ == nullptr || broken_) return true;  // reading would fail at once, as with EOF
  if (SSL_pending(ssl_) > 0) return true;
  pollfd p{fd_.get(), POLLIN, 0};
  int n = 0;
  do {
    n = ::poll(&p, 1, 0);
  } while (n < 0 && errno == EINTR);
  if (n == 0) return false;
  // Bytes on the socket may be TLS housekeeping only (TLS 1.3 session tickets arrive after the
  // handshake): peeking processes those and says whether application data (or EOF) is there,
  // without consuming it. The socket is non-blocking, so this never waits.
  ERR_clear_error();
  char byte = 0;
  const int ret = SSL_peek(ssl_, &byte, 1);
  if (ret > 0) return true;
  const int error = SSL_get_error(ssl_, ret);
  ERR_clear_error();
  return error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE;
}

void tls_stream::close() noexcept {
  if (ssl_ != nullptr) {
    // One non-blocking attempt at close_notify; the server does not depend on it.
    if (!broken_) (void)SSL_shutdown(ssl_);
    SSL_free(ssl_);
    ssl_ = nullptr;
    ERR_clear_error();
  }
  fd_.reset();
}

}  // namespace typedis::net
