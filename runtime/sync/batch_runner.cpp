#include "sync/batch_runner.hpp"

#include <algorithm>


namespace typedis {

void run_batch_on(connection& conn, const detail::batch& commands, detail::reply_handler on_reply) {
  if (commands.empty()) return;
  conn.send(commands.bytes(), commands.size(), commands.size() == 1 ? commands.name(0) : std::string_view("pipeline"));
  // Each reply within read_timeout, and the batch within read_timeout per started 1,000 commands.
  const auto timeout = conn.options().read_timeout;
  const net::deadline batch_end =
      timeout.count() <= 0 ? net::deadline::max()
                           : net::clock::now() + timeout * static_cast<long>(1 + (commands.size() - 1) / 1000);
  try {
    conn.read_replies(
        commands.size(), batch_end, [&](std::size_t i) { return commands.name(i); }, on_reply);
  } catch (...) {
    conn.mark_broken();
    throw;
  }
}

}  // namespace typedis
