// Internal: a connected byte stream (TCP, TLS over TCP, or Unix socket) with deadlines.
// Blocking from the caller's view; implemented with non-blocking sockets and poll() so that every
// deadline fires. Errors are thrown as typedis::io_error / timeout_error naming the endpoint; the
// `command` argument only feeds the message.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "typedis/connection_options.hpp"

namespace typedis::net {

using clock = std::chrono::steady_clock;
using deadline = clock::time_point;  // deadline::max(): wait forever

inline deadline deadline_after(std::chrono::milliseconds timeout) {
  return timeout.count() <= 0 ? deadline::max() : clock::now() + timeout;
}

class stream {
 public:
  virtual ~stream() = default;

  // Writes every byte or throws. `command` names what is being written, for error messages.
  // Throws io_error/timeout_error with send_state::not_sent if nothing was written yet.
  virtual void write_all(std::span<const char> bytes, deadline until, std::string_view command) = 0;

  // Reads at least one byte into `into` and returns how many; never returns 0.
  // End of stream is an io_error ("connection closed by server").
  virtual std::size_t read_some(std::span<char> into, deadline until, std::string_view command) = 0;

  // Whether bytes (or EOF) are readable right now without blocking: used by the pool's health
  // check to find connections the server closed, and to spot unsolicited data.
  virtual bool readable_now() = 0;

  // The socket's descriptor (-1 once closed), for tests that wait on the kernel's view of it.
  virtual int native_handle() const noexcept = 0;

  virtual void close() noexcept = 0;

  const std::string& endpoint() const noexcept { return endpoint_; }

 protected:
  explicit stream(std::string endpoint) : endpoint_(std::move(endpoint)) {}

 private:
  std::string endpoint_;
};

// Shared TLS configuration (an SSL_CTX), built once per client from tls_options and reused by
// every connection. Opaque here so that no OpenSSL header leaks.
class tls_context;
std::shared_ptr<tls_context> make_tls_context(const tls_options& options);

// Resolves and connects within options.connect_timeout (trying every resolved address, IPv6 and
// IPv4), sets TCP_NODELAY and keep-alive, and for TLS runs the handshake with verification.
// `tls` should be the client's shared context when options.transport is tls; if null, one is built
// from options.tls for this connection alone.
// TLS names: options.tls.sni, when set, is both the SNI sent and the name the server certificate
// must match (a DNS name, or an IP literal checked against IP SANs); otherwise options.host is
// checked, and sent as SNI unless it is an IP literal.
// After a timeout or an I/O error the stream must be discarded (a TLS record may be half done).
std::unique_ptr<stream> connect(const connection_options& options, const std::shared_ptr<tls_context>& tls);

}  // namespace typedis::net
