#include "core/tls_context.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <string>
#include <system_error>

#include "typedis/error.hpp"

namespace typedis::net {

std::string openssl_error_text(const char* fallback) {
  const unsigned long e = ERR_peek_last_error();
  if (e == 0) return fallback;
  // A failed fopen() inside OpenSSL is queued as library "system lib" with errno as its reason:
  // say what the OS said ("No such file or directory"), not "system lib".
#ifdef ERR_SYSTEM_ERROR
  const bool system = ERR_SYSTEM_ERROR(e);  // OpenSSL 3
#else
  const bool system = ERR_GET_LIB(e) == ERR_LIB_SYS;
#endif
  if (system) return std::system_category().message(static_cast<int>(ERR_GET_REASON(e)));
  if (const char* reason = ERR_reason_error_string(e)) return reason;
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

namespace {

// Throws config_error naming `what`, the path and the OS's reason when `path` cannot be opened for
// reading as a regular file (or, with `directory`, is not a readable directory). Checked before
// OpenSSL sees the path, whose own report of a missing file is only "system lib".
void check_readable(const std::string& what, const std::string& path, bool directory = false) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  int error = fd < 0 ? errno : 0;
  if (fd >= 0) {
    struct stat st {};
    if (!directory && ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) error = EISDIR;
    ::close(fd);
  }
  if (error != 0)
    throw config_error("cannot read the " + what + " '" + path + "': " + std::system_category().message(error));
}

}  // namespace

tls_context::tls_context(const tls_options& options) {
  if (options.cert_file.empty() != options.key_file.empty())
    throw config_error(options.cert_file.empty() ? "a TLS client key file needs a certificate file (tls_cert_file)"
                                                 : "a TLS client certificate needs its key file (tls_key_file)");
  if (!options.ca_file.empty()) check_readable("TLS CA file", options.ca_file);
  if (!options.ca_dir.empty()) check_readable("TLS CA directory", options.ca_dir, /*directory=*/true);
  if (!options.cert_file.empty()) check_readable("TLS client certificate", options.cert_file);
  if (!options.key_file.empty()) check_readable("TLS client key", options.key_file);
  ERR_clear_error();
  ctx_ = SSL_CTX_new(TLS_client_method());
  if (ctx_ == nullptr) throw config_error("cannot create a TLS context: " + openssl_error_text("unknown error"));
  // From here on the destructor does not run if we throw: free by hand.
  auto fail = [this](const std::string& what) {
    const std::string reason = openssl_error_text("unknown error");
    SSL_CTX_free(ctx_);
    ctx_ = nullptr;
    throw config_error(what + ": " + reason);
  };

  SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
  // Partial writes let write_all count what really went out (for send_state); moving buffers
  // because a retried SSL_write may be given the same bytes at another address.
  SSL_CTX_set_mode(ctx_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);

  if (!options.ca_file.empty() || !options.ca_dir.empty()) {
    const char* file = options.ca_file.empty() ? nullptr : options.ca_file.c_str();
    const char* dir = options.ca_dir.empty() ? nullptr : options.ca_dir.c_str();
    if (SSL_CTX_load_verify_locations(ctx_, file, dir) != 1) {
      std::string what = "cannot load the TLS CA";
      if (file != nullptr) what += " file '" + options.ca_file + "'";
      if (file != nullptr && dir != nullptr) what += " or";
      if (dir != nullptr) what += " directory '" + options.ca_dir + "'";
      fail(what);
    }
  } else if (SSL_CTX_set_default_verify_paths(ctx_) != 1) {
    fail("cannot load the system's default TLS trust store");
  }

  if (!options.cert_file.empty()) {
    if (SSL_CTX_use_certificate_chain_file(ctx_, options.cert_file.c_str()) != 1)
      fail("cannot load the TLS client certificate '" + options.cert_file + "'");
    if (SSL_CTX_use_PrivateKey_file(ctx_, options.key_file.c_str(), SSL_FILETYPE_PEM) != 1)
      fail("cannot load the TLS client key '" + options.key_file + "'");
    if (SSL_CTX_check_private_key(ctx_) != 1)
      fail("the TLS client key '" + options.key_file + "' does not match the certificate '" + options.cert_file + "'");
  }

  SSL_CTX_set_verify(ctx_, options.verify_peer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
}

tls_context::~tls_context() { SSL_CTX_free(ctx_); }

std::shared_ptr<tls_context> make_tls_context(const tls_options& options) {
  return std::make_shared<tls_context>(options);
}

namespace {

// An IPv4 or IPv6 literal (an IPv6 zone suffix "%eth0" is ignored): such hosts are checked
// against the certificate's IP SANs and never sent as SNI, which must be a DNS name.
std::optional<std::string> ip_literal(const std::string& host) {
  std::string address = host.substr(0, host.find('%'));
  in_addr v4{};
  in6_addr v6{};
  if (::inet_pton(AF_INET, address.c_str(), &v4) == 1 || ::inet_pton(AF_INET6, address.c_str(), &v6) == 1)
    return address;
  return std::nullopt;
}

}  // namespace

const std::string& expected_peer_name(const connection_options& options) noexcept {
  return options.tls.sni.empty() ? options.host : options.tls.sni;
}

const char* configure_peer_check(SSL* ssl, const connection_options& options) {
  const tls_options& tls = options.tls;
  SSL_set_verify(ssl, tls.verify_peer ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, nullptr);
  const std::string& expected = expected_peer_name(options);
  const std::optional<std::string> expected_ip = ip_literal(expected);
  if (tls.verify_peer && tls.verify_hostname) {
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    const int ok = expected_ip ? X509_VERIFY_PARAM_set1_ip_asc(param, expected_ip->c_str())
                               : SSL_set1_host(ssl, expected.c_str());
    if (ok != 1) return "setting the expected peer name";
  }
  if (!expected_ip && !expected.empty() && SSL_set_tlsext_host_name(ssl, expected.c_str()) != 1)
    return "setting SNI";
  return nullptr;
}

}  // namespace typedis::net
