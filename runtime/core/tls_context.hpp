// Internal: the TLS configuration shared by the blocking and the asio transports (OpenSSL, no I/O):
// the SSL_CTX of a client and the per-connection peer check.
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "typedis/connection_options.hpp"

namespace typedis::net {

// An SSL_CTX configured from tls_options: trust store (CA file and/or directory, else the system
// default paths), client certificate and key, TLS 1.2 at least. Shared by the connections of a
// client; OpenSSL allows an SSL_CTX to be used by many threads once configured.
class tls_context {
 public:
  // Throws config_error naming the file that could not be loaded.
  explicit tls_context(const tls_options& options);
  ~tls_context();
  tls_context(const tls_context&) = delete;
  tls_context& operator=(const tls_context&) = delete;

  SSL_CTX* native() const noexcept { return ctx_; }

 private:
  SSL_CTX* ctx_ = nullptr;
};

std::shared_ptr<tls_context> make_tls_context(const tls_options& options);

// The name the server's certificate must carry: tls.sni when set (the way to reach a server by
// address while checking it under its DNS name), else the host.
const std::string& expected_peer_name(const connection_options& options) noexcept;

// Sets up one connection's SSL before its handshake: peer verification, the expected name (an IP
// literal is checked against IP SANs and never sent as SNI) and SNI. Returns the step that failed,
// or null.
const char* configure_peer_check(SSL* ssl, const connection_options& options);

// The reason of the most recent error in this thread's OpenSSL error queue ("certificate verify
// failed", "no such file", ...), or `fallback` if the queue is empty.
std::string openssl_error_text(const char* fallback);

}  // namespace typedis::net
