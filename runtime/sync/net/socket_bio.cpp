#include "sync/net/socket_bio.hpp"

#include <sys/socket.h>

#include <cerrno>

namespace typedis::net {

namespace {

socket_bio_state* state_of(BIO* bio) { return static_cast<socket_bio_state*>(BIO_get_data(bio)); }

bool retriable(int e) { return e == EAGAIN || e == EWOULDBLOCK || e == EINTR; }

int bio_write(BIO* bio, const char* data, int len) {
  socket_bio_state* s = state_of(bio);
  BIO_clear_retry_flags(bio);
  const ssize_t n = ::send(s->fd, data, static_cast<std::size_t>(len), MSG_NOSIGNAL);
  if (n >= 0) return static_cast<int>(n);
  s->last_errno = errno;
  if (retriable(s->last_errno)) BIO_set_retry_write(bio);
  return -1;
}

int bio_read(BIO* bio, char* data, int len) {
  socket_bio_state* s = state_of(bio);
  BIO_clear_retry_flags(bio);
  const ssize_t n = ::recv(s->fd, data, static_cast<std::size_t>(len), 0);
  if (n >= 0) return static_cast<int>(n);  // 0: end of stream, no retry flag
  s->last_errno = errno;
  if (retriable(s->last_errno)) BIO_set_retry_read(bio);
  return -1;
}

long bio_ctrl(BIO*, int cmd, long, void*) {
  // Writes go straight to the socket, so there is never anything to flush; every other control
  // (pending bytes, kTLS offload, ...) is "not supported", which OpenSSL handles.
  return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

int bio_create(BIO* bio) {
  BIO_set_init(bio, 1);
  return 1;
}

int bio_destroy(BIO*) { return 1; }  // the socket belongs to the stream, not to the BIO

BIO_METHOD* make_method() {
  BIO_METHOD* m = BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "typedis socket");
  if (m == nullptr) return nullptr;
  BIO_meth_set_write(m, bio_write);
  BIO_meth_set_read(m, bio_read);
  BIO_meth_set_ctrl(m, bio_ctrl);
  BIO_meth_set_create(m, bio_create);
  BIO_meth_set_destroy(m, bio_destroy);
  return m;
}

}  // namespace

BIO* make_socket_bio(socket_bio_state* state) {
  // Built once (thread-safe static init) and kept for the life of the process, as OpenSSL's
  // own methods are.
  static BIO_METHOD* const method = make_method();
  if (method == nullptr) return nullptr;
  BIO* bio = BIO_new(method);
  if (bio != nullptr) BIO_set_data(bio, state);
  return bio;
}

}  // namespace typedis::net
