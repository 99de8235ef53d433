#include "sync/batch_runner.hpp"

#include <algorithm>


namespace typedis {

void run_batch_on(connection& conn, const detail::batch& commands, detail::reply_handler on_reply) {
  if (commands.empty()) return;
  conn.send(commands.bytes(), commands.size(), commands.size() == 1 ? commands.name(0) : std::string_view("pipeline"));
  const net::deadline batch_end = batch_deadline(conn, commands.size());
  try {
    conn.read_replies(
        commands.size(), batch_end, [&](std::size_t i) { return commands.name(i); }, on_reply);
  } catch (...) {
    conn.mark_broken();
    throw;
  }
}

net::deadline batch_deadline(const connection& conn, std::size_t replies) {
  const auto timeout = conn.options().read_timeout;
  if (timeout.count() <= 0 || replies == 0) return net::deadline::max();
  return net::clock::now() + timeout * static_cast<long>(1 + (replies - 1) / 1000);
}

}  // namespace typedis
