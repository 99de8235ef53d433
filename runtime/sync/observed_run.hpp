// Internal: one attempt of a command or a batch on a connection, with what it wrote and read told
// to its observed_call / observed_batch. Used only when an observer is set; the connection's
// bytes_received() counter gives each reply's size.
#pragma once

#include <cstddef>
#include <cstdint>

#include "core/observed_batch.hpp"
#include "core/observed_call.hpp"
#include "sync/connection.hpp"
#include "typedis/detail/batch.hpp"
#include "typedis/error.hpp"

namespace typedis {

// Runs `work` (which writes a request of `request_size` bytes on `conn` and reads its reply) as
// one attempt of `call`, whether it returns or throws.
template <class Work>
void observe_attempt(connection& conn, std::size_t request_size, detail::observed_call& call, Work&& work) {
  call.attempt(request_size);
  const std::uint64_t before = conn.bytes_received();
  try {
    work();
  } catch (const io_error& e) {
    if (e.state() == send_state::not_sent) call.unsent(request_size);
    call.received(static_cast<std::size_t>(conn.bytes_received() - before));
    throw;
  } catch (...) {
    call.received(static_cast<std::size_t>(conn.bytes_received() - before));
    throw;
  }
  call.received(static_cast<std::size_t>(conn.bytes_received() - before));
}

// run_batch_on, observed: each reply is told to `observed` before and after `on_reply` takes it.
void run_observed_batch_on(connection& conn, const detail::batch& commands, detail::reply_handler on_reply,
                           detail::observed_batch& observed);

}  // namespace typedis
