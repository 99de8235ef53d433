#include "sync/observed_run.hpp"

#include "sync/batch_runner.hpp"

namespace typedis {

void run_observed_batch_on(connection& conn, const detail::batch& commands, detail::reply_handler on_reply,
                           detail::observed_batch& observed) {
  observed.attempt();
  std::uint64_t seen = conn.bytes_received();
  run_batch_on(conn, commands, [&](std::size_t index, resp::reply_cursor& reply) {
    const std::uint64_t now = conn.bytes_received();
    observed.reply(index, reply, static_cast<std::size_t>(now - seen));
    seen = now;
    on_reply(index, reply);
    observed.replied(index);
  });
}

}  // namespace typedis
