/// @file
/// typedis::async_pipeline and typedis::async_transaction: the typed batches of the synchronous
/// client (same methods, same result tuple), run with a completion token.
///
///   auto [n, v] = co_await c.pipeline().incr("n").get("k").async_exec(asio::use_awaitable);
///   std::optional<std::tuple<...>> r = co_await c.transaction().set("k", "v").incr("n").async_exec(asio::use_awaitable);
///
/// A pipeline's commands are written together (one op on the shared connection, no other
/// caller's request in between) and answered in call order. A transaction's MULTI ... EXEC block
/// is one such op as well: nothing can be queued inside it, so it needs no connection of its own.
/// WATCH needs one: async_pinned_connection::transaction() after watch().
#pragma once

#include <memory>
#include <optional>
#include <tuple>
#include <utility>

#include "typedis/async/operation.hpp"
#include "typedis/detail/batch.hpp"
#include "typedis/detail/batch_plans.hpp"
#include "typedis/pipeline.hpp"

namespace typedis {
namespace detail {

template <class... Ts>
class pipeline_body {
  using table = slot_table<Ts...>;

 public:
  explicit pipeline_body(batch&& b) : batch_(std::move(b)), results_(table::pending()) {}

  std::size_t size() const noexcept { return batch_.size(); }
  std::string_view request(std::size_t i) const noexcept { return batch_.request(i); }
  std::string_view name(std::size_t i) const noexcept { return batch_.name(i); }
  const command_info& info(std::size_t i) const noexcept { return batch_.info(i); }

  void on_reply(std::size_t i, resp::reply_cursor& reply) noexcept {
    if constexpr (sizeof...(Ts) > 0) {
      try {
        reply.set_request(batch_.request(i));
        table::table[i](results_, reply, batch_.name(i));
      } catch (...) {
        table::fail_from(results_, i, error_info::current());
      }
      received_ = i + 1;
    }
  }

  std::tuple<result<Ts>...> results(std::exception_ptr error) {
    // A connection lost mid-way: the replies read so far stay, the rest carry the failure.
    if (error) table::fail_from(results_, received_, error_info_of(error));
    return std::move(results_);
  }

 protected:
  batch batch_;
  std::tuple<result<Ts>...> results_;
  std::size_t received_ = 0;
};

template <class... Ts>
struct pipeline_exec_body : pipeline_body<Ts...> {
  using pipeline_body<Ts...>::pipeline_body;
  std::pair<std::exception_ptr, std::tuple<Ts...>> finish(std::exception_ptr error) {
    try {
      return {nullptr, unwrap_all<Ts...>(this->results(std::move(error)))};
    } catch (...) {
      return {std::current_exception(), std::tuple<Ts...>{}};
    }
  }
};

template <class... Ts>
struct pipeline_results_body : pipeline_body<Ts...> {
  using pipeline_body<Ts...>::pipeline_body;
  std::pair<std::exception_ptr, std::tuple<result<Ts>...>> finish(std::exception_ptr error) {
    return {nullptr, this->results(std::move(error))};
  }
};

// MULTI, the commands, EXEC (and the SCRIPT LOADs of its scripts) as one op.
template <class... Ts>
class transaction_body {
  using table = slot_table<Ts...>;
  struct state {
    explicit state(batch&& b) : commands(std::move(b)), plan(commands), results(table::pending()) {}
    batch commands;
    transaction_framing plan;  // refers to `commands`: both stay where the state is
    std::tuple<result<Ts>...> results;
    bool exec_seen = false;
  };

 public:
  using value_type = std::optional<std::tuple<Ts...>>;
  explicit transaction_body(batch&& b) : s_(std::make_unique<state>(std::move(b))) {}

  std::size_t size() const noexcept { return s_->plan.framed().size(); }
  std::string_view request(std::size_t i) const noexcept { return s_->plan.framed().request(i); }
  std::string_view name(std::size_t i) const noexcept { return s_->plan.framed().name(i); }
  const command_info& info(std::size_t i) const noexcept { return s_->plan.framed().info(i); }

  void on_reply(std::size_t framed_index, resp::reply_cursor& reply) noexcept {
    try {
      if (!s_->plan.on_reply(framed_index, reply)) return;
      s_->exec_seen = true;
      for (std::size_t k = 0; k < sizeof...(Ts); ++k) {  // EXEC's array, one element per command
        reply.set_request(s_->commands.request(k));
        table::table[k](s_->results, reply, s_->commands.name(k));
      }
    } catch (...) {
      table::fail_from(s_->results, 0, error_info::current());
    }
  }

  std::pair<std::exception_ptr, std::optional<std::tuple<result<Ts>...>>> results(std::exception_ptr error) {
    state& s = *s_;
    // Lost before EXEC's reply: the fate of every command is unknown, each says so.
    if (error && !s.exec_seen) {
      table::fail_from(s.results, 0, error_info_of(error));
      return {nullptr, std::move(s.results)};
    }
    if (s.plan.multi_error()) return {s.plan.multi_error()->exception, std::nullopt};
    if (s.plan.aborted()) return {nullptr, std::nullopt};
    if (s.plan.exec_error()) {
      std::size_t k = 0;
      std::apply(
          [&](auto&... slot) {
            ((slot = s.plan.queued_error(k) ? *s.plan.queued_error(k) : *s.plan.exec_error(), ++k), ...);
          },
          s.results);
    }
    return {nullptr, std::move(s.results)};
  }

 private:
  std::unique_ptr<state> s_;
};

template <class... Ts>
struct transaction_exec_body : transaction_body<Ts...> {
  using transaction_body<Ts...>::transaction_body;
  std::pair<std::exception_ptr, std::optional<std::tuple<Ts...>>> finish(std::exception_ptr error) {
    auto [e, r] = this->results(std::move(error));
    if (e) return {e, std::nullopt};
    if (!r) return {nullptr, std::nullopt};
    try {
      return {nullptr, unwrap_all<Ts...>(std::move(*r))};
    } catch (...) {
      return {std::current_exception(), std::nullopt};
    }
  }
};

}  // namespace detail

/// A typed pipeline on an asynchronous client: the synchronous pipeline's methods, then
/// async_exec(token) -> std::tuple<Ts...> (the first failed command's error is the operation's)
/// or async_exec_results(token) -> std::tuple<result<Ts>...>.
template <class Mixins, class IoExecutor, class... Ts>
class [[nodiscard]] async_pipeline : public Mixins::template bases<async_pipeline<Mixins, IoExecutor, Ts...>> {
 public:
  /// Made by a client's pipeline().
  async_pipeline(detail::initiate_request<IoExecutor> how, detail::batch&& commands = {})
      : how_(std::move(how)), batch_(std::move(commands)) {}

  /// Adds a command: the pipeline's type grows by its result type.
  template <class T>
  async_pipeline<Mixins, IoExecutor, Ts..., T> execute(const typedis::command<T>& cmd) {
    batch_.add(cmd.bytes(), cmd.info());
    return async_pipeline<Mixins, IoExecutor, Ts..., T>(std::move(how_), std::move(batch_));
  }

  /// Commands added so far.
  std::size_t size() const noexcept { return batch_.size(); }

  /// Runs the pipeline: std::tuple<Ts...>, or the first failed command's error.
  template <class CompletionToken>
  auto async_exec(CompletionToken&& token) {
    return detail::start_request<std::tuple<Ts...>>(how_, detail::pipeline_exec_body<Ts...>(std::move(batch_)),
                                                    std::forward<CompletionToken>(token));
  }
  /// Runs the pipeline: std::tuple<result<Ts>...>, each command's value or error.
  template <class CompletionToken>
  auto async_exec_results(CompletionToken&& token) {
    return detail::start_request<std::tuple<result<Ts>...>>(
        how_, detail::pipeline_results_body<Ts...>(std::move(batch_)), std::forward<CompletionToken>(token));
  }

 private:
  detail::initiate_request<IoExecutor> how_;
  detail::batch batch_;
};

/// MULTI ... EXEC with typed results: async_exec(token) -> std::optional<std::tuple<Ts...>>
/// (std::nullopt: a WATCHed key changed and nothing ran).
template <class Mixins, class IoExecutor, class... Ts>
class [[nodiscard]] async_transaction : public Mixins::template bases<async_transaction<Mixins, IoExecutor, Ts...>> {
 public:
  /// Made by a client's transaction().
  async_transaction(detail::initiate_request<IoExecutor> how, detail::batch&& commands = {})
      : how_(std::move(how)), batch_(std::move(commands)) {}

  /// Adds a command: the transaction's type grows by its result type.
  template <class T>
  async_transaction<Mixins, IoExecutor, Ts..., T> execute(const typedis::command<T>& cmd) {
    batch_.add(cmd.bytes(), cmd.info());
    return async_transaction<Mixins, IoExecutor, Ts..., T>(std::move(how_), std::move(batch_));
  }

  /// Commands added so far.
  std::size_t size() const noexcept { return batch_.size(); }

  /// Runs MULTI ... EXEC: std::optional<std::tuple<Ts...>> (std::nullopt: a watched key changed).
  template <class CompletionToken>
  auto async_exec(CompletionToken&& token) {
    return detail::start_request<std::optional<std::tuple<Ts...>>>(
        how_, detail::transaction_exec_body<Ts...>(std::move(batch_)), std::forward<CompletionToken>(token));
  }

 private:
  detail::initiate_request<IoExecutor> how_;
  detail::batch batch_;
};

}  // namespace typedis
