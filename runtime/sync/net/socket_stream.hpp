// Internal: a plain connected socket (TCP or Unix) as a stream.
//
// Two syscalls per round trip, like hiredis: the socket is switched to blocking mode once connected,
// so a read is one recv() that waits in the kernel (SO_RCVTIMEO bounds it by the reply's deadline)
// instead of poll() + recv(). Writes pass MSG_DONTWAIT and wait with poll() only when the send
// buffer is full, so a write still never blocks past its deadline.
#pragma once

#include <chrono>

#include "sync/net/stream.hpp"
#include "sync/net/unique_fd.hpp"

namespace typedis::net {

class socket_stream final : public stream {
 public:
  // `fd` is connected (blocking or not: it is made blocking here).
  socket_stream(unique_fd fd, std::string endpoint);

  void write_all(std::span<const char> bytes, deadline until, std::string_view command) override;
  std::size_t read_some(std::span<char> into, deadline until, std::string_view command) override;
  bool readable_now() override;
  int native_handle() const noexcept override { return fd_.get(); }
  void close() noexcept override;

 private:
  int open_fd(std::string_view command) const;
  // Makes SO_RCVTIMEO fit `until` when the one set last would end a wait much too early or late.
  void fit_receive_timeout(deadline until, std::string_view command);

  unique_fd fd_;
  // The SO_RCVTIMEO in force (zero: none, recv waits for ever).
  std::chrono::microseconds receive_timeout_{0};
};

}  // namespace typedis::net
