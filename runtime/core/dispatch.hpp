// Internal: the dispatch policy. Given a request and what came of one attempt, it decides what the
// front end does next: done, retry after a backoff delay, redirect to another endpoint (with or
// without ASKING), refresh the topology, or fail. I/O-free and unit-tested; the sync client's retry
// loop is its driver, and the cluster and sentinel front ends add outcomes here, not new loops.
//
// The resend rule (docs/pipelines-transactions-scripts.md, "Retries"): a request that was never
// written may always be sent again; one that may have executed only when it is read-only (spec flag
// `readonly`) or the caller marked that call safe, and a blocking command never.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/backoff.hpp"
#include "core/redirect.hpp"
#include "typedis/command.hpp"
#include "typedis/error.hpp"

namespace typedis::dispatch {

// What the policy knows of a request.
struct request {
  const command_info* info = &generic_command_info;
  bool resend_safe = false;  // the caller marked this call safe to send twice
  int attempt = 1;           // 1-based: the attempt whose outcome is decided
  int redirects = 0;         // redirections followed so far
  // A pipeline or transaction: never resent once written, marks or not (its replies may have been
  // partly consumed, and resending would run the part that did execute again).
  bool batch = false;
};

// What came of one attempt.
struct outcome {
  enum class kind { reply, server_error, io_error };
  kind type = kind::reply;
  std::string_view error_text;                // server_error: the whole error reply, prefix first
  send_state state = send_state::not_sent;    // io_error

  static outcome reply() noexcept { return {}; }
  static outcome server(std::string_view text) noexcept { return {kind::server_error, text, send_state::not_sent}; }
  static outcome io(send_state s) noexcept { return {kind::io_error, {}, s}; }
};

struct decision {
  enum class action {
    done,              // the reply is the answer (an error reply is handed to the caller as is)
    retry,             // send again after `delay`, on a fresh connection
    redirect,          // send to `target` (with ASKING first when target->type is ask)
    refresh_topology,  // re-read the topology (slot map, primary), then send again after `delay`
    fail,              // hand the error to the caller
  };
  action what = action::done;
  std::chrono::milliseconds delay{0};
  std::optional<typedis::redirect> target;
  bool refresh_topology = false;  // with redirect: the slot map is stale (MOVED)

  static decision of(action a) noexcept {
    decision d;
    d.what = a;
    return d;
  }
  bool asking() const noexcept { return target && target->type == typedis::redirect::kind::ask; }
};

struct policy_options {
  int max_attempts = 3;       // tries per request, the first included
  backoff_options backoff{};  // waits between tries
  bool resend_all = false;    // every call counts as marked safe (blocking commands excepted)
  bool cluster = false;       // follow MOVED/ASK, retry TRYAGAIN, refresh on CLUSTERDOWN
  int max_redirects = 16;     // redirections per request before failing (from the third, each waits)
};

// Whether a request that may have executed may be sent again.
bool may_resend(const command_info& info, bool marked_safe) noexcept;

class policy {
 public:
  policy(policy_options options, std::uint64_t seed) noexcept : options_(options), jitter_(seed) {}

  decision decide(const request& r, const outcome& o);

  const policy_options& options() const noexcept { return options_; }

 private:
  decision retry_after(int attempt, decision::action what = decision::action::retry);

  policy_options options_;
  jitter_source jitter_;
};

}  // namespace typedis::dispatch
