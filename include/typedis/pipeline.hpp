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
#include <type_traits>
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

/// The throwing exec() of a typed pipeline: each reply decoded straight into its element of a
/// std::tuple<Ts...>, with no result<T> in between; only a failing slot builds its error.
template <class... Ts>
struct in_place_table {
  using values = std::tuple<Ts...>;
  using entry = bool (*)(values&, resp::reply_cursor&);
  using error_entry = error_info (*)(resp::reply_cursor&, std::string_view);

  template <std::size_t I>
  static bool decode_slot(values& v, resp::reply_cursor& c) {
    return !resp::is_error(c.peek().type) && decode_into_slot(c, std::get<I>(v));
  }
  template <std::size_t I>
  static error_info error_of(resp::reply_cursor& c, std::string_view name) {  // the error path, from the start
    using T = std::tuple_element_t<I, values>;
    result<T> r = decode_result<T>(c, name);
    return r.has_value() ? no_reply() : r.error();
  }
  template <std::size_t... Is>
  static constexpr std::array<entry, sizeof...(Ts)> make(std::index_sequence<Is...>) {
    return {&decode_slot<Is>...};
  }
  template <std::size_t... Is>
  static constexpr std::array<error_entry, sizeof...(Ts)> make_errors(std::index_sequence<Is...>) {
    return {&error_of<Is>...};
  }
  static constexpr std::array<entry, sizeof...(Ts)> table = make(std::index_sequence_for<Ts...>{});
  static constexpr std::array<error_entry, sizeof...(Ts)> errors = make_errors(std::index_sequence_for<Ts...>{});
};

/// Runs a batch, decoding reply i with into(i, cursor) (false: it failed and the cursor is back at
/// its start) and, for a failed one, error(i, cursor); then throws the error of the first failed
/// command in order, or the transport error that cut the batch, as the result-based exec() would.
template <class Into, class Error>
void run_in_place(batch_runner& runner, batch& commands, Into&& into, Error&& error_of) {
  std::optional<error_info> first_error;
  try {
    runner.run_batch(commands, [&](std::size_t i, resp::reply_cursor& reply) {
      reply.set_request(commands.request(i));
      if (into(i, reply)) return;
      // Replies come in order: the first failure is the one reported, the later ones are skipped.
      if (first_error) {
        reply.skip();
      } else {
        first_error = error_of(i, reply);
      }
    });
  } catch (const error&) {
    commands.clear();
    if (first_error) first_error->rethrow();  // an earlier command failed first
    throw;
  }
  commands.clear();
  if (first_error) first_error->rethrow();
}

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

  /// What a generated method calls: the command is encoded straight into the batch.
  template <class T, class Encode>
  pipeline<Mixins, Ts..., T> execute_encoded(Encode&& encode) {
    batch_.add_encoded(encode);
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
  std::tuple<Ts...> exec() {
    if constexpr (sizeof...(Ts) > 0 && (std::is_default_constructible_v<Ts> && ...)) {
      // Straight into the tuple; a batch with scripts takes the result path, which reruns NOSCRIPT.
      if (batch_.scripts().empty()) return exec_in_place();
    }
    return detail::unwrap_all<Ts...>(exec_results());
  }

 private:
  // One return of one local: the tuple is built where the caller's result lives (NRVO), not moved.
  std::tuple<Ts...> exec_in_place() {
    using table = detail::in_place_table<Ts...>;
    std::tuple<Ts...> out;
    detail::run_in_place(
        *runner_, batch_, [&](std::size_t i, resp::reply_cursor& reply) { return table::table[i](out, reply); },
        [&](std::size_t i, resp::reply_cursor& reply) { return table::errors[i](reply, batch_.name(i)); });
    return out;
  }

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

  template <class T, class Encode>
  transaction<Mixins, Ts..., T> execute_encoded(Encode&& encode) {
    batch_.add_encoded(encode);
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

namespace detail {
/// The command methods of a dynamic_pipeline: none for dynamic_pipeline<T>, a mixin set's otherwise.
template <class Mixins, class Self>
struct methods_of : Mixins::template bases<Self> {};
template <class Self>
struct methods_of<void, Self> {};
}  // namespace detail

/// A pipeline of one reply type, for loops and very large batches (100,000 commands and more):
///   auto p = r.dynamic_pipeline<std::optional<std::string>>();
///   for (auto& k : keys) p.get(k);        // or p.add(typedis::cmd::get(k))
///   std::vector<std::optional<std::string>> values = p.exec();
/// A client's dynamic_pipeline() has the client's command methods (Mixins), each returning the
/// pipeline and encoding its command straight into the batch; a command whose reply type is not T
/// does not compile. It converts to dynamic_pipeline<T>, the type without methods, which takes
/// commands through add(). With T = resp::value, commands of any reply type can be added.
template <class T, class Mixins = void>
class dynamic_pipeline : public detail::methods_of<Mixins, dynamic_pipeline<T, Mixins>> {
 public:
  explicit dynamic_pipeline(detail::batch_runner& runner) : runner_(&runner) {}
  /// From a pipeline with methods (what a client's dynamic_pipeline() returns) to the plain type.
  template <class M>
    requires(std::is_void_v<Mixins> && !std::is_void_v<M>)
  dynamic_pipeline(dynamic_pipeline<T, M>&& other) noexcept  // NOLINT: implicit, like a derived-to-base move
      : runner_(other.runner_), batch_(std::move(other.batch_)) {}

  template <class U>
    requires(std::same_as<U, T> || std::same_as<T, resp::value>)
  dynamic_pipeline& add(const typedis::command<U>& cmd) {
    batch_.add(cmd.bytes(), cmd.info());
    return *this;
  }
  /// What the generated methods call (typedis/detail/encode_call.hpp).
  template <class U>
  dynamic_pipeline& execute(const typedis::command<U>& cmd) {
    check_reply_type<U>();
    return add(cmd);
  }
  template <class U, class Encode>
  dynamic_pipeline& execute_encoded(Encode&& encode) {
    check_reply_type<U>();
    batch_.add_encoded(encode);
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
    detail::run_in_place(
        *runner_, batch_,
        // Decoded in place: no result<T> in between, so a string is never moved.
        [&](std::size_t i, resp::reply_cursor& reply) {
          return !resp::is_error(reply.peek().type) && detail::decode_into_slot(reply, out[i]);
        },
        [&](std::size_t i, resp::reply_cursor& reply) {
          result<T> r = detail::decode_result<T>(reply, batch_.name(i));  // the error path, from the start
          return r.has_value() ? detail::no_reply() : r.error();
        });
    return out;
  }


 private:
  // A generated method of another reply type: a compile error that says what to do instead.
  template <class U>
  static constexpr void check_reply_type() {
    static_assert(std::same_as<U, T> || std::same_as<T, resp::value>,
                  "dynamic_pipeline<T>: this command's reply type is not T (use dynamic_pipeline<resp::value> "
                  "for commands of several reply types, or the typed pipeline())");
  }
  template <class, class>
  friend class dynamic_pipeline;

  detail::batch_runner* runner_;
  detail::batch batch_;
};

}  // namespace typedis
