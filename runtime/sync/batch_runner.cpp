#include "sync/batch_runner.hpp"

#include <algorithm>

#include "typedis/generated/scripting.hpp"

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
    for (std::size_t i = 0; i < commands.size(); ++i) {
      const net::deadline until = std::min(batch_end, net::deadline_after(timeout));
      conn.read_reply(commands.name(i), until, [&](resp::reply_cursor& reply) { on_reply(i, reply); });
    }
  } catch (...) {
    conn.mark_broken();
    throw;
  }
}

}  // namespace typedis

namespace typedis::detail {
namespace {
void add_load(batch& out, const script::data& s) {
  const auto load = cmd::script_load(s.source);
  out.add(load.bytes(), load.info());
}
}  // namespace

std::size_t add_script_loads(batch& out, const batch& original) {
  std::vector<const script::data*> seen;
  for (const auto& [index, data] : original.scripts()) {
    bool dup = false;
    for (const auto* s : seen) dup = dup || s->sha1 == data->sha1;
    if (dup) continue;
    seen.push_back(data.get());
    add_load(out, *data);
  }
  return seen.size();
}

void rerun_noscript(batch_runner& runner, const batch& original, function_ref<bool(std::size_t)> failed_noscript,
                    reply_handler redecode) {
  batch retry;
  std::vector<std::size_t> rerun;  // original indices of the commands sent again
  std::vector<const script::data*> loaded;
  for (const auto& [index, data] : original.scripts()) {
    if (!failed_noscript(index)) continue;
    bool dup = false;
    for (const auto* s : loaded) dup = dup || s->sha1 == data->sha1;
    if (!dup) {
      loaded.push_back(data.get());
      add_load(retry, *data);
    }
    rerun.push_back(index);
  }
  if (rerun.empty()) return;
  const std::size_t loads = loaded.size();
  for (std::size_t index : rerun) retry.add(original.request(index), original.info(index));
  runner.run_batch(retry, [&](std::size_t i, resp::reply_cursor& reply) {
    if (i < loads) {
      reply.skip();  // a failed load shows up again as the rerun's own error
      return;
    }
    redecode(rerun[i - loads], reply);
  });
}

}  // namespace typedis::detail
