// Internal: the definition of the opaque typedis::net::tls_context declared in stream.hpp.
#pragma once

#include <openssl/ssl.h>

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

// The reason of the most recent error in this thread's OpenSSL error queue ("certificate verify
// failed", "no such file", ...), or `fallback` if the queue is empty.
std::string openssl_error_text(const char* fallback);

}  // namespace typedis::net
