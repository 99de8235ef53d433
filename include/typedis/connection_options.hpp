/// @file
/// How to reach one Redis server and what to say when connected. Filled by hand with designated
/// initializers or by typedis::parse_url.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "typedis/resp/limits.hpp"

namespace typedis {

/// How to reach the server.
enum class transport_kind {
  tcp,         ///< TCP (IPv4 or IPv6)
  tls,         ///< TLS over TCP (rediss://)
  unix_socket  ///< a unix domain socket (unix://)
};

/// The RESP version asked for in HELLO.
enum class protocol_version {
  resp2 = 2,  ///< RESP2 (also the fallback for servers without HELLO)
  resp3 = 3   ///< RESP3
};

/// TLS settings of a rediss:// connection.
struct tls_options {
  /// Peer verification against the CA and the hostname check are on unless turned off explicitly.
  bool verify_peer = true;
  bool verify_hostname = true;  ///< check the certificate's name against the host (or sni)
  std::string ca_file;    ///< PEM bundle; empty: the system's default trust store
  std::string ca_dir;     ///< hashed CA directory (c_rehash); may be combined with ca_file
  std::string cert_file;  ///< client certificate (PEM), for servers with tls-auth-clients
  std::string key_file;   ///< its private key (PEM)
  std::string sni;        ///< server name sent in the ClientHello; empty: the host, unless it is an IP
};

/// One server and how to connect to it; parse_url() fills it from a URL.
struct connection_options {
  transport_kind transport = transport_kind::tcp;  ///< TCP, TLS or a unix socket
  std::string host = "127.0.0.1";  ///< name, IPv4 or IPv6 literal (without brackets)
  std::uint16_t port = 6379;       ///< TCP port
  std::string path;                ///< unix socket path, for transport_kind::unix_socket

  std::string username;            ///< empty: "default"
  std::string password;            ///< empty: no AUTH
  int database = 0;                ///< SELECT after connecting (0: none)
  std::string client_name;         ///< CLIENT SETNAME / HELLO SETNAME, empty: none
  protocol_version protocol = protocol_version::resp3;  ///< RESP version asked for
  /// READONLY after connecting: the connection reads from a cluster replica (the cluster clients
  /// set it on their replica connections, so that a reconnect restores it too).
  bool cluster_readonly = false;

  std::chrono::milliseconds connect_timeout{5000};  ///< connect + TLS handshake + HELLO
  /// Per reply: a reply that does not arrive whole within this time fails with timeout_error
  /// (the deadline covers the whole reply, however slowly its bytes trickle in). A pipeline or
  /// transaction gets this much per reply and, for the batch as a whole, this much per started
  /// 1,000 commands. A blocking command (BLPOP, XREAD BLOCK, WAIT, ...) gets its own timeout on
  /// top, and no deadline when it blocks for ever (timeout 0). Zero disables the deadline.
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{5000};  ///< per write, like read_timeout

  bool keepalive = true;                   ///< TCP keep-alive probes on idle connections
  std::chrono::seconds keepalive_idle{60};  ///< idle time before the first probe

  tls_options tls;  ///< for transport_kind::tls

  /// What a reply may claim before a byte of it arrives (URL keys max_bulk, max_elements,
  /// max_depth, max_line): a reply beyond them is a protocol_error and the connection is dropped.
  /// The read buffer grows with the bytes that arrive, never to a size a header announces.
  resp::limits limits{};
  /// A read buffer grown beyond this many bytes by a large reply is released once the reply is
  /// done, so an idle pooled connection keeps at most this much (URL key read_buffer_keep).
  std::size_t read_buffer_keep = 1u << 20;

  /// "host:port" or "unix:/path": used in error messages (never with credentials).
  std::string endpoint() const;
};

}  // namespace typedis
