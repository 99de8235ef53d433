#include "core/observed_batch.hpp"

#include "core/observed_call.hpp"

namespace typedis::detail {
namespace {

bool named(std::string_view name, std::string_view upper) noexcept {
  if (name.size() != upper.size()) return false;
  for (std::size_t i = 0; i < name.size(); ++i)
    if ((name[i] & ~0x20) != upper[i]) return false;
  return true;
}

std::string_view first_word(std::string_view text) noexcept { return text.substr(0, text.find(' ')); }

}  // namespace

observed_batch::observed_batch(observer& o, const batch& commands, std::string_view endpoint)
    : observer_(o), commands_(commands), endpoint_(endpoint), started_(std::chrono::steady_clock::now()) {
  slots_.resize(commands.size());
  queued_.reserve(commands.size());  // reply() must not allocate: it is noexcept
  bool in_multi = false;
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const std::string_view name = commands.name(i);
    if (named(name, "MULTI")) in_multi = true;
    if (in_multi) slots_[i].context = command_context::transaction;
    if (named(name, "EXEC") || named(name, "DISCARD")) in_multi = false;
  }
  for (std::size_t i = 0; i < commands.size(); ++i)
    observer_.on_command_start(command_start_event{commands.name(i), endpoint_, slots_[i].context});
}

observed_batch::~observed_batch() {
  for (std::size_t i = 0; i < slots_.size(); ++i)
    if (!slots_[i].ended) end(i, command_outcome::other_error, {}, send_state::not_sent);
}

void observed_batch::reply(std::size_t index, resp::reply_cursor& reply, std::size_t bytes) noexcept {
  slot& s = slots_[index];
  s.bytes_in += bytes;
  const std::string_view name = commands_.name(index);
  const std::size_t position = reply.position();
  try {
    const resp::node& top = reply.peek();
    const bool error = resp::is_error(top.type);
    s.outcome = error ? command_outcome::server_error : command_outcome::ok;
    s.prefix = error ? first_word(reply.text(top)) : std::string_view{};
    if (!in_multi_) {
      if (named(name, "MULTI") && !error) {
        in_multi_ = true;
        queued_.clear();
      }
    } else if (named(name, "EXEC")) {
      in_multi_ = false;
      // An array holds the queued commands' replies in order; null (a WATCHed key changed) or
      // an error (EXECABORT) means none of them ran.
      const bool ran = resp::is_aggregate(top.type);
      if (ran) {
        const std::size_t elements = top.size;
        reply.next();
        for (std::size_t k = 0; k < elements; ++k) {
          const resp::node& element = reply.peek();
          if (k < queued_.size() && resp::is_error(element.type)) {
            slots_[queued_[k]].outcome = command_outcome::server_error;
            slots_[queued_[k]].prefix = first_word(reply.text(element));
          }
          reply.skip();
        }
      } else {
        for (std::size_t q : queued_) slots_[q].outcome = command_outcome::aborted;
      }
    } else if (named(name, "DISCARD")) {
      in_multi_ = false;
      for (std::size_t q : queued_) slots_[q].outcome = command_outcome::aborted;
    } else if (!error) {
      s.queued = true;  // QUEUED: its outcome comes with EXEC
      queued_.push_back(index);
    }
  } catch (...) {
    // A reply the cursor cannot walk: the caller's handler reports it; the outcome stays as noted.
  }
  reply.rewind(position);
}

void observed_batch::replied(std::size_t index) noexcept {
  slot& s = slots_[index];
  if (s.queued) return;
  end(index, s.outcome, s.prefix, send_state::not_sent);
  const std::string_view name = commands_.name(index);
  if (named(name, "EXEC") || named(name, "DISCARD")) {
    for (std::size_t q : queued_) end(q, slots_[q].outcome, slots_[q].prefix, send_state::not_sent);
    queued_.clear();
  }
}

void observed_batch::failed() noexcept {
  const failure f = classify_current_exception();
  for (std::size_t i = 0; i < slots_.size(); ++i)
    if (!slots_[i].ended) end(i, f.outcome, f.prefix, f.state);
}

void observed_batch::end(std::size_t index, command_outcome outcome, std::string_view prefix, send_state state) noexcept {
  slot& s = slots_[index];
  s.ended = true;
  command_end_event e;
  e.command = commands_.name(index);
  e.endpoint = endpoint_;
  e.context = s.context;
  e.duration = std::chrono::steady_clock::now() - started_;
  const bool unsent = outcome == command_outcome::io_error && state == send_state::not_sent;
  e.bytes_out = unsent ? 0 : commands_.request(index).size();
  e.bytes_in = s.bytes_in;
  e.outcome = outcome;
  e.error_prefix = outcome == command_outcome::server_error ? prefix : std::string_view{};
  e.io_state = state;
  e.attempts = attempts_;
  observer_.on_command_end(e);
}

}  // namespace typedis::detail
