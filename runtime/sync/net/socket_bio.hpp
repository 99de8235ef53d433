// Internal: an OpenSSL BIO over a non-blocking socket that sends with MSG_NOSIGNAL.
//
// Why not BIO_s_socket: OpenSSL's own socket BIO writes with write(2), so TLS traffic to a peer
// that has gone away raises SIGPIPE, whose default action kills the process. A library must not
// change the process-wide SIGPIPE disposition, and blocking the signal per thread around every
// SSL call (pthread_sigmask + sigtimedwait to drain it) costs syscalls and is easy to get wrong.
// A BIO that calls send(..., MSG_NOSIGNAL) turns the signal into a plain EPIPE, like the plain
// socket path.
#pragma once

#include <openssl/bio.h>

namespace typedis::net {

// The BIO's view of its socket; `last_errno` keeps the errno of the last failed call, because
// OpenSSL may make other calls (which clobber errno) before the caller gets to look.
struct socket_bio_state {
  int fd = -1;
  int last_errno = 0;
};

// A new BIO reading and writing `state->fd`; `state` must outlive it. Returns nullptr on failure.
BIO* make_socket_bio(socket_bio_state* state);

}  // namespace typedis::net
