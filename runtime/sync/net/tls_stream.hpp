// Internal: TLS over a non-blocking TCP socket, with OpenSSL driven directly (no asio): every
// WANT_READ / WANT_WRITE becomes a poll() bounded by the operation's deadline.
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <optional>

#include "sync/net/socket_bio.hpp"
#include "sync/net/stream.hpp"
#include "sync/net/unique_fd.hpp"

namespace typedis::net {

class tls_stream final : public stream {
 public:
  // Runs the handshake over the connected socket `fd` by `until`. Verification follows
  // options.tls: the peer's chain against the context's trust store, then its name against
  // options.tls.sni if set, else options.host (an IP literal is matched against IP SANs).
  // A failed verification is an io_error saying what failed; the deadline a timeout_error.
  static std::unique_ptr<tls_stream> handshake(unique_fd fd, const connection_options& options,
                                               std::shared_ptr<tls_context> context, deadline until);
  ~tls_stream() override;
  tls_stream(const tls_stream&) = delete;
  tls_stream& operator=(const tls_stream&) = delete;

  void write_all(std::span<const char> bytes, deadline until, std::string_view command) override;
  std::size_t read_some(std::span<char> into, deadline until, std::string_view command) override;
  bool readable_now() override;
  int native_handle() const noexcept override { return fd_.get(); }
  void close() noexcept override;

 private:
  tls_stream(unique_fd fd, std::shared_ptr<tls_context> context, std::string endpoint);

  struct outcome {
    int ret;    // the SSL call's return value
    int error;  // SSL_get_error(), SSL_ERROR_NONE on success
  };
  // Repeats an SSL call while it wants to read or write, polling until `until`; nullopt on timeout.
  template <typename Op>
  std::optional<outcome> drive(Op op, deadline until, std::string_view command);
  // A failed call in words; true in `closed` when it is the peer closing the connection.
  std::string describe(const outcome& failure, bool& closed);
  void check_open(std::string_view command) const;
  // After a write failed at the socket: the reason from an alert the server sent before closing,
  // if one is waiting (with TLS 1.3 a rejected client certificate is only reported that way,
  // after our side of the handshake has finished). Non-blocking, one attempt.
  std::optional<std::string> pending_alert();

  socket_bio_state io_;
  unique_fd fd_;
  std::shared_ptr<tls_context> context_;
  SSL* ssl_ = nullptr;
  bool broken_ = false;  // after a fatal TLS error OpenSSL forbids further calls, even shutdown
};

}  // namespace typedis::net
