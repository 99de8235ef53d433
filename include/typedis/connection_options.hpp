/// @file
/// How to reach one Redis server and what to say when connected. Filled by hand with designated
/// initializers or by typedis::parse_url.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace typedis {

enum class transport_kind { tcp, tls, unix_socket };

enum class protocol_version { resp2 = 2, resp3 = 3 };

struct tls_options {
  /// Peer verification against the CA and the hostname check are on unless turned off explicitly.
  bool verify_peer = true;
  bool verify_hostname = true;
  std::string ca_file;    ///< PEM bundle; empty: the system's default trust store
  std::string ca_dir;     ///< hashed CA directory (c_rehash); may be combined with ca_file
  std::string cert_file;  ///< client certificate (PEM), for servers with tls-auth-clients
  std::string key_file;   ///< its private key (PEM)
  std::string sni;        ///< server name sent in the ClientHello; empty: the host, unless it is an IP
};

struct connection_options {
  transport_kind transport = transport_kind::tcp;
  std::string host = "127.0.0.1";  // name, IPv4 or IPv6 literal (without brackets)
  std::uint16_t port = 6379;
  std::string path;                ///< unix socket path, for transport_kind::unix_socket

  std::string username;            ///< empty: "default"
  std::string password;            ///< empty: no AUTH
  int database = 0;
  std::string client_name;         ///< CLIENT SETNAME / HELLO SETNAME, empty: none
  protocol_version protocol = protocol_version::resp3;

  std::chrono::milliseconds connect_timeout{5000};
  /// Per call: a reply (or a write) that takes longer fails with timeout_error.
  /// Zero disables the deadline (blocking commands with their own timeout may want that).
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};

  bool keepalive = true;
  std::chrono::seconds keepalive_idle{60};

  tls_options tls;

  /// "host:port" or "unix:/path": used in error messages (never with credentials).
  std::string endpoint() const;
};

}  // namespace typedis
