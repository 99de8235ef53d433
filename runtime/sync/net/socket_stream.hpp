// Internal: a plain connected socket (TCP or Unix) as a stream.
#pragma once

#include "sync/net/stream.hpp"
#include "sync/net/unique_fd.hpp"

namespace typedis::net {

class socket_stream final : public stream {
 public:
  // `fd` is connected and non-blocking.
  socket_stream(unique_fd fd, std::string endpoint);

  void write_all(std::span<const char> bytes, deadline until, std::string_view command) override;
  std::size_t read_some(std::span<char> into, deadline until, std::string_view command) override;
  bool readable_now() override;
  int native_handle() const noexcept override { return fd_.get(); }
  void close() noexcept override;

 private:
  int open_fd(std::string_view command) const;

  unique_fd fd_;
};

}  // namespace typedis::net
