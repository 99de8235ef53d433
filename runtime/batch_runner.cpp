#include "batch_runner.hpp"

namespace typedis {

void run_batch_on(connection& conn, const detail::batch& commands, detail::reply_handler on_reply) {
  if (commands.empty()) return;
  conn.write(commands.bytes(), commands.size() == 1 ? commands.name(0) : std::string_view("pipeline"));
  try {
    for (std::size_t i = 0; i < commands.size(); ++i)
      conn.read_reply(commands.name(i), [&](resp::reply_cursor& reply) { on_reply(i, reply); });
  } catch (...) {
    conn.mark_broken();
    throw;
  }
}

}  // namespace typedis
