/// @file
/// Typed pipelines and MULTI/EXEC transactions. Both reuse every generated method: each call
/// appends the encoded command and returns a pipeline whose result type has grown by that
/// command's reply type, checked at compile time:
///
///   auto [n, v, h] = r.pipeline().incr("n").get("k").hgetall("h").exec();
///   // std::tuple<long long, std::optional<std::string>, std::unordered_map<...>>
///
/// exec() writes the whole batch in one go and reads every reply (one round trip). A failing
/// command does not lose the others: exec_results() gives a result<T> per command, and exec()
/// throws the first error only after every reply was read.
///
/// A pipeline is a value that each call consumes: chain the calls in one expression, or reassign
/// (`auto p2 = std::move(p).get("k");`). For loops, use dynamic_pipeline.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "typedis/command.hpp"
#include "typedis/detail/batch.hpp"
#include "typedis/detail/batch_plans.hpp"
#include "typedis/detail/decode_result.hpp"
#include "typedis/detail/runtime_commands.hpp"
#include "typedis/error.hpp"
#include "typedis/mixins.hpp"
#include "typedis/result.hpp"
#include "typedis/script.hpp"

namespace typedis {

namespace detail {

/// What a slot holds until its reply arrives.
inline error_info no_reply() {
  error_info none;
  none.kind = error_kind::other;
  none.message = "no reply";
  return none;
}

/// Decodes reply i of a batch into slot i of a tuple of results: a table of one function per slot,
/// so the runtime dispatches on the index without knowing the types.
template <class... Ts>
struct slot_table {
  using results = std::tuple<result<Ts>...>;
  using entry = void (*)(results&, resp::reply_cursor&, std::string_view);

  template <std::size_t I>
  static void decode_slot(results& r, resp::reply_cursor& c, std::string_view name) {
    using T = std::tuple_element_t<I, std::tuple<Ts...>>;
    std::get<I>(r) = decode_result<T>(c, name);
  }
  template <std::size_t... Is>
  static constexpr std::array<entry, sizeof...(Ts)> make(std::index_sequence<Is...>) {
    return {&decode_slot<Is>...};
  }
  static constexpr std::array<entry, sizeof...(Ts)> table = make(std::index_sequence_for<Ts...>{});

  template <std::size_t I>
  static bool noscript_slot(const results& r) {
    const auto& slot = std::get<I>(r);
    return !slot.has_value() && slot.error().prefix == "NOSCRIPT";
  }
  using check = bool (*)(const results&);
  template <std::size_t... Is>
  static constexpr std::array<check, sizeof...(Ts)> make_checks(std::index_sequence<Is...>) {
    return {&noscript_slot<Is>...};
  }
  static constexpr std::array<check, sizeof...(Ts)> noscript = make_checks(std::index_sequence_for<Ts...>{});

  // Slots from `first` on take `e`: what a batch cut by a failed connection did not receive.
  static void fail_from(results& r, std::size_t first, const error_info& e) {
    std::size_t k = 0;
    std::apply([&](auto&... slot) { ((k++ >= first ? void(slot = e) : void()), ...); }, r);
  }

  static results pending() {
    const error_info none = no_reply();  // copied into each slot
    return results{result<Ts>(none)...};
  }
};

template <class... Ts>
std::tuple<Ts...> unwrap_all(std::tuple<result<Ts>...>&& r) {
  /// The first failing command, in order, is the one reported.
  std::apply([](auto&... slot) { ((slot.has_value() ? void() : slot.error().rethrow()), ...); }, r);
  return std::apply([](auto&&... slot) { return std::tuple<Ts...>(std::move(slot).value()...); }, std::move(r));
}

}  // namespace detail

/// Mixins: the typedis::mixins set of the executor that made it (its command methods).
template <class Mixins, class... Ts>
class [[nodiscard]] pipeline : public Mixins::template bases<pipeline<Mixins, Ts...>> {
 public:
  explicit pipeline(detail::batch_runner& runner) : runner_(&runner) {}
  pipeline(detail::batch_runner& runner, detail::batch&& commands) : runner_(&runner), batch_(std::move(commands)) {}

  /// Appends a command; the returned pipeline's results end with T. Consumes this pipeline.
  template <class T>
  pipeline<Mixins, Ts..., T> execute(const typedis::command<T>& cmd) {
    batch_.add(cmd.bytes(), cmd.info());
    return pipeline<Mixins, Ts..., T>(*runner_, std::move(batch_));
  }

  /// EVALSHA of a script, loaded and rerun transparently if the server answers NOSCRIPT.
  template <class T = resp::value>
  pipeline<Mixins, Ts..., T> run_script(const typedis::script& s, arg_range<std::string_view> keys = {},
                                arg_range<std::string_view> args = {}) {
    batch_.add_script(batch_.size(), s);
    return execute(s.evalsha<T>(keys, args));
  }

  std::size_t size() const noexcept { return batch_.size(); }

  /// Every reply, each a value or the error that took its place.
  std::tuple<result<Ts>...> exec_results() {
    using table = detail::slot_table<Ts...>;
    auto results = table::pending();
    if constexpr (sizeof...(Ts) > 0) {
      std::size_t received = 0;
      try {
        runner_->run_batch(batch_, [&](std::size_t i, resp::reply_cursor& reply) {
          reply.set_request(batch_.request(i));
          table::table[i](results, reply, batch_.name(i));
          received = i + 1;
        });
      } catch (const io_error&) {
        // The connection failed mid-way: the replies read so far stay, the rest carry the failure
        // (its state says whether they may have executed or were never sent).
        table::fail_from(results, received, error_info::current());
        batch_.clear();
        return results;
      } catch (const protocol_error&) {
        table::fail_from(results, received, error_info::current());
        batch_.clear();
        return results;
      }
      if (!batch_.scripts().empty()) {
        const detail::noscript_rerun again(batch_, [&](std::size_t i) { return table::noscript[i](results); });
        if (!again.empty()) {
          runner_->run_batch(again.commands(), [&](std::size_t i, resp::reply_cursor& reply) {
            const auto k = again.original_index(i);
            if (!k) return reply.skip();
            reply.set_request(batch_.request(*k));
            table::table[*k](results, reply, batch_.name(*k));
          });
        }
      }
    }
    batch_.clear();
    return results;
  }

  /// Every reply decoded; throws the first failing command's error after all were read.
  std::tuple<Ts...> exec() { return detail::unwrap_all<Ts...>(exec_results()); }

 private:
  detail::batch_runner* runner_;
  detail::batch batch_;
};

/// The error exec() throws when a queued command was rejected (EXECABORT): the whole transaction was
/// discarded. The per-command reasons are in exec_results().
/// A transaction aborted by WATCH is not an error: exec() returns std::nullopt.
template <class Mixins, class... Ts>
class [[nodiscard]] transaction : public Mixins::template bases<transaction<Mixins, Ts...>> {
 public:
  explicit transaction(detail::batch_runner& runner) : runner_(&runner) {}
  transaction(detail::batch_runner& runner, detail::batch&& commands) : runner_(&runner), batch_(std::move(commands)) {}

  template <class T>
  transaction<Mixins, Ts..., T> execute(const typedis::command<T>& cmd) {
    batch_.add(cmd.bytes(), cmd.info());
    return transaction<Mixins, Ts..., T>(*runner_, std::move(batch_));
  }

  /// EVALSHA of a script; the transaction loads its scripts before MULTI, so EXEC cannot fail with
  /// NOSCRIPT.
  template <class T = resp::value>
  transaction<Mixins, Ts..., T> run_script(const typedis::script& s, arg_range<std::string_view> keys = {},
                                   arg_range<std::string_view> args = {}) {
    batch_.add_script(batch_.size(), s);
    return execute(s.evalsha<T>(keys, args));
  }

  std::size_t size() const noexcept { return batch_.size(); }

  /// std::nullopt when a WATCHed key changed (EXEC answered null). Otherwise a result per command:
  /// the value, the error the command raised when it ran, or (when EXEC was refused with
  /// EXECABORT) the reason it was rejected while queued.
  std::optional<std::tuple<result<Ts>...>> exec_results() {
    using table = detail::slot_table<Ts...>;
    constexpr std::size_t n = sizeof...(Ts);
    detail::transaction_framing plan(batch_);
    auto results = table::pending();
    try {
      runner_->run_batch(plan.framed(), [&](std::size_t framed_index, resp::reply_cursor& reply) {
        if (!plan.on_reply(framed_index, reply)) return;
        for (std::size_t k = 0; k < n; ++k) {  // EXEC's array, one element per command
          reply.set_request(batch_.request(k));
          table::table[k](results, reply, batch_.name(k));
        }
      });
    } catch (const io_error&) {
      if (plan.exec_arrived()) throw;  // cannot be: EXEC's is the last reply
      // The connection failed before EXEC's reply: its fate is unknown, every slot says so.
      table::fail_from(results, 0, error_info::current());
      batch_.clear();
      return results;
    } catch (const protocol_error&) {
      table::fail_from(results, 0, error_info::current());
      batch_.clear();
      return results;
    }
    batch_.clear();
    if (plan.multi_error()) plan.multi_error()->rethrow();
    if (plan.aborted()) return std::nullopt;
    if (plan.exec_error()) {
      std::size_t k = 0;
      std::apply(
          [&](auto&... slot) {
            ((slot = plan.queued_error(k) ? *plan.queued_error(k) : *plan.exec_error(), ++k), ...);
          },
          results);
    }
    return results;
  }

  /// std::nullopt when aborted by WATCH; throws the first error (a queued command's rejection
  /// rather than the bare EXECABORT) otherwise.
  std::optional<std::tuple<Ts...>> exec() {
    auto r = exec_results();
    if (!r) return std::nullopt;
    return detail::unwrap_all<Ts...>(std::move(*r));
  }

 private:
  detail::batch_runner* runner_;
  detail::batch batch_;
};

/// A pipeline of one reply type, for loops and very large batches (100,000 commands and more):
///   typedis::dynamic_pipeline<std::optional<std::string>> p = r.dynamic_pipeline<...>();
///   for (auto& k : keys) p.add(typedis::cmd::get(k));
///   std::vector<std::optional<std::string>> values = p.exec();
/// With T = resp::value, commands of any reply type can be added.
template <class T>
class dynamic_pipeline {
 public:
  explicit dynamic_pipeline(detail::batch_runner& runner) : runner_(&runner) {}

  template <class U>
    requires(std::same_as<U, T> || std::same_as<T, resp::value>)
  dynamic_pipeline& add(const typedis::command<U>& cmd) {
    batch_.add(cmd.bytes(), cmd.info());
    return *this;
  }
  void reserve(std::size_t commands, std::size_t bytes = 0) { batch_.reserve(commands, bytes); }
  std::size_t size() const noexcept { return batch_.size(); }

  /// A result per command, by index. When the connection fails mid-way, the replies read so far
  /// stay and the rest carry the failure (io_error::state(): may have executed, or not sent).
  std::vector<result<T>> exec_results() {
    // Written by index: a runner may deliver replies in any order, each exactly once.
    const std::size_t n = batch_.size();
    std::vector<result<T>> out(n, result<T>(detail::no_reply()));
    std::vector<bool> received(n, false);
    const auto cut = [&] {
      const error_info e = error_info::current();
      for (std::size_t i = 0; i < n; ++i)
        if (!received[i]) out[i] = e;
    };
    try {
      runner_->run_batch(batch_, [&](std::size_t i, resp::reply_cursor& reply) {
        reply.set_request(batch_.request(i));
        out[i] = detail::decode_result<T>(reply, batch_.name(i));
        received[i] = true;
      });
    } catch (const io_error&) {
      cut();
    } catch (const protocol_error&) {
      cut();
    }
    batch_.clear();
    return out;
  }

  /// Throws the first failing command's error after every reply was read.
  std::vector<T> exec() {
    std::vector<T> out(batch_.size());
    std::optional<error_info> first_error;
    std::size_t first_error_index = 0;
    try {
      runner_->run_batch(batch_, [&](std::size_t i, resp::reply_cursor& reply) {
        // Decoded in place: no result<T> in between, so a string is never moved.
        T& slot = out[i];
        reply.set_request(batch_.request(i));
        if (resp::is_error(reply.peek().type) || !detail::decode_into_slot(reply, slot)) {
          result<T> r = detail::decode_result<T>(reply, batch_.name(i));  // the error path, from the start
          if (!r.has_value() && (!first_error || i < first_error_index)) {
            first_error = r.error();
            first_error_index = i;
          }
        }
      });
    } catch (const error&) {
      batch_.clear();
      if (first_error) first_error->rethrow();  // an earlier command failed first
      throw;
    }
    batch_.clear();
    if (first_error) first_error->rethrow();
    return out;
  }

 private:
  detail::batch_runner* runner_;
  detail::batch batch_;
};

}  // namespace typedis
