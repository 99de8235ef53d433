// What a URL turns into: parses a rediss:// (TLS) URL with client certificates and a custom CA,
// plus any URLs given on the command line, with typedis::parse_url and prints the resulting
// connection options. It does not connect.
//
//   tls_url [URL...]
#include <typedis/typedis.hpp>

#include <iostream>
#include <string>

namespace {

const char* transport_name(typedis::transport_kind t) {
  switch (t) {
    case typedis::transport_kind::tcp: return "tcp";
    case typedis::transport_kind::tls: return "tls";
    case typedis::transport_kind::unix_socket: return "unix";
  }
  return "?";
}

std::string or_none(const std::string& s) { return s.empty() ? "(none)" : s; }

// Prints the options `url` parses into; false if it does not parse.
bool show(const std::string& url) {
  try {
    const typedis::client_options o = typedis::parse_url(url);
    const typedis::connection_options& c = o.connection;
    std::cout << "endpoint:        " << c.endpoint() << '\n'
              << "transport:       " << transport_name(c.transport) << '\n'
              << "database:        " << c.database << '\n'
              << "username:        " << or_none(c.username) << '\n'
              // Never print the password itself.
              << "password:        " << (c.password.empty() ? "(none)" : "(set)") << '\n'
              << "client name:     " << or_none(c.client_name) << '\n'
              << "protocol:        RESP" << static_cast<int>(c.protocol) << '\n'
              << "connect timeout: " << c.connect_timeout.count() << " ms\n"
              << "read timeout:    " << c.read_timeout.count() << " ms\n"
              << "pool size:       " << o.pool.max_size << '\n';
    if (c.transport == typedis::transport_kind::tls) {
      std::cout << "tls verify peer: " << (c.tls.verify_peer ? "yes" : "no") << '\n'
                << "tls verify host: " << (c.tls.verify_hostname ? "yes" : "no") << '\n'
                << "tls ca file:     " << or_none(c.tls.ca_file) << '\n'
                << "tls cert file:   " << or_none(c.tls.cert_file) << '\n'
                << "tls key file:    " << or_none(c.tls.key_file) << '\n'
                << "tls sni:         " << or_none(c.tls.sni) << '\n';
    }
    // Connecting is then just: typedis::client r{o};
    return true;
  } catch (const typedis::error& e) {
    std::cerr << "invalid URL: " << e.what() << '\n';
    return false;
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Everything TLS needs fits in the URL: CA, client certificate and key, SNI, verification mode.
  const std::string tls_url =
      "rediss://app:s3cret@cache.internal:6380/2"
      "?tls_ca_file=/etc/typedis/ca.crt&tls_cert_file=/etc/typedis/client.crt"
      "&tls_key_file=/etc/typedis/client.key&tls_verify=full"
      "&connect_timeout=2s&timeout=500ms&client_name=example";
  bool ok = show(tls_url);
  for (int i = 1; i < argc; ++i) {
    std::cout << '\n';
    ok = show(argv[i]) && ok;
  }
  return ok ? 0 : 1;
}
