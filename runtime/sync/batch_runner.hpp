// Internal: running a batch (pipeline or transaction) on one connection.
#pragma once

#include "sync/connection.hpp"
#include "typedis/detail/batch.hpp"

namespace typedis {

// Writes the whole batch in one go, then reads its replies in order. If anything but an I/O
// error escapes the handler, the connection still has unread replies: it is marked broken.
void run_batch_on(connection& conn, const detail::batch& commands, detail::reply_handler on_reply);

// The deadline of reading `replies` replies of one batch on `conn`, counted from now: read_timeout
// per started 1,000 replies (none when read_timeout is 0). Each reply also has read_timeout of its own.
net::deadline batch_deadline(const connection& conn, std::size_t replies);

}  // namespace typedis
