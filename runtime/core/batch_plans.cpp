#include "typedis/detail/batch_plans.hpp"

#include "typedis/detail/runtime_commands.hpp"
#include "typedis/error.hpp"
#include "typedis/generated/scripting.hpp"

namespace typedis::detail {
namespace {
void add_load(batch& out, const script::data& s) {
  const auto load = cmd::script_load(s.source);
  out.add(load.bytes(), load.info());
}

bool seen_before(const std::vector<const script::data*>& seen, const script::data& s) {
  for (const auto* x : seen)
    if (x->sha1 == s.sha1) return true;
  return false;
}
}  // namespace

noscript_rerun::noscript_rerun(const batch& original, function_ref<bool(std::size_t)> failed_noscript) {
  std::vector<const script::data*> loaded;
  for (const auto& [index, data] : original.scripts()) {
    if (!failed_noscript(index)) continue;
    if (!seen_before(loaded, *data)) {
      loaded.push_back(data.get());
      add_load(commands_, *data);
    }
    rerun_.push_back(index);
  }
  loads_ = loaded.size();
  for (std::size_t index : rerun_) commands_.add(original.request(index), original.info(index));
}

transaction_framing::transaction_framing(const batch& commands)
    : commands_(commands), queued_errors_(commands.size()) {
  framed_.reserve(commands.size() + commands.scripts().size() + 2, commands.bytes().size() + 32);
  std::vector<const script::data*> seen;
  for (const auto& [index, data] : commands.scripts()) {
    if (seen_before(seen, *data)) continue;
    seen.push_back(data.get());
    add_load(framed_, *data);
  }
  loads_ = seen.size();
  framed_.add(multi_command().bytes(), multi_command().info());
  for (std::size_t k = 0; k < commands.size(); ++k) framed_.add(commands.request(k), commands.info(k));
  framed_.add(exec_command().bytes(), exec_command().info());
}

bool transaction_framing::on_reply(std::size_t framed_index, resp::reply_cursor& reply) {
  if (framed_index < loads_) {
    reply.skip();  // SCRIPT LOAD; a failure resurfaces as the EVALSHA's own error
    return false;
  }
  const std::size_t n = commands_.size();
  const std::size_t i = framed_index - loads_;
  const resp::node& top = reply.peek();
  if (i == 0) {  // MULTI
    if (resp::is_error(top.type)) multi_error_ = error_info::from_server(server_error("MULTI", reply.text(top)));
    reply.skip();
    return false;
  }
  if (i <= n) {  // QUEUED, or the command's rejection
    if (resp::is_error(top.type))
      queued_errors_[i - 1] = error_info::from_server(server_error(commands_.name(i - 1), reply.text(top)));
    reply.skip();
    return false;
  }
  exec_arrived_ = true;
  if (top.type == resp::type::null) {
    aborted_ = true;
    reply.skip();
    return false;
  }
  if (resp::is_error(top.type)) {
    exec_error_ = error_info::from_server(server_error("EXEC", reply.text(top)));
    reply.skip();
    return false;
  }
  if (!resp::is_aggregate(top.type) || top.size != n) {
    // Cannot happen with a conforming server; the reply is read whole regardless.
    exec_error_ = error_info::from_server(server_error("EXEC", "ERR unexpected EXEC reply shape"));
    reply.skip();
    return false;
  }
  reply.next();  // into the array
  return true;
}

}  // namespace typedis::detail
