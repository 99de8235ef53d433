#include "core/dispatch.hpp"

namespace typedis::dispatch {

bool may_resend(const command_info& info, bool marked_safe) noexcept {
  // Its wait may have started on the server, and a second one could consume what the first already
  // took (BLPOP, BLMOVE) or double the caller's time budget (XREAD BLOCK): never resent.
  if (has_flag(info.flags, command_flag::blocking)) return false;
  if (marked_safe) return true;
  // A read-only command left no trace, so a second run answers as the first would have a moment
  // later (nondeterministic output such as SRANDMEMBER or SCAN is no exception: the caller never saw
  // the first answer). Anything that writes may answer differently the second time (SET NX says
  // "not set", DEL says 0, RENAME says "no such key"), whatever the spec's `idempotent` says about
  // the data: that mark is about the server's state, not the reply.
  return has_flag(info.flags, command_flag::readonly);
}

decision policy::retry_after(int attempt, decision::action what) {
  decision d;
  d.what = what;
  d.delay = backoff_delay(options_.backoff, attempt, jitter_.next_unit());
  return d;
}

decision policy::decide(const request& r, const outcome& o) {
  switch (o.type) {
    case outcome::kind::reply:
      return {};
    case outcome::kind::io_error: {
      if (r.attempt >= options_.max_attempts) return decision::of(decision::action::fail);
      const bool resend = o.state == send_state::not_sent ||
                          (!r.batch && may_resend(*r.info, r.resend_safe || options_.resend_all));
      if (!resend) return decision::of(decision::action::fail);
      return retry_after(r.attempt);
    }
    case outcome::kind::server_error:
      break;
  }
  // A server error is the server's answer to this request: it ran (or was refused) once. Outside a
  // cluster it is the caller's to handle; in a cluster a redirection or a transient refusal means
  // the request did not run, so sending it again (elsewhere, or later) is safe.
  if (!options_.cluster) return {};
  if (auto target = parse_redirect(o.error_text)) {
    if (r.redirects >= options_.max_redirects) return decision::of(decision::action::fail);
    decision d;
    d.what = decision::action::redirect;
    d.refresh_topology = target->type == typedis::redirect::kind::moved;
    d.target = std::move(target);
    // Right after a slot moves, nodes may disagree about it for a moment (A answers MOVED to B while
    // B still answers MOVED to A, until every node has the new owner): from a request's third
    // redirect on, each waits a backoff step first, so the request outlives the disagreement instead
    // of spending its redirects in a microsecond.
    if (r.redirects >= 2) d.delay = backoff_delay(options_.backoff, r.redirects - 1, jitter_.next_unit());
    return d;
  }
  const std::string_view prefix = o.error_text.substr(0, o.error_text.find(' '));
  if (prefix == "TRYAGAIN" || prefix == "CLUSTERDOWN") {
    if (r.attempt >= options_.max_attempts) return {};
    return retry_after(r.attempt, prefix == "TRYAGAIN" ? decision::action::retry : decision::action::refresh_topology);
  }
  return {};
}

}  // namespace typedis::dispatch
