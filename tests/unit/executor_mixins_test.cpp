// Which executor has which methods: a set of command mixins reaches every executor of a client
// (pipelines, whose type changes with each call, included), and the commands that change a
// connection's state are methods of pinned connections only (issue 15 item 6, issue 19 item 4).
// Checked at compile time; the tests below only name what is checked.
#include <gtest/gtest.h>

#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "typedis/typedis.hpp"

namespace {

// A user mixin, as typedis_add_commands generates them: ECHO under a name of its own.
template <class Executor>
class shout_commands {
 public:
  decltype(auto) shout(std::string_view message) {
    static constexpr typedis::command_info info{"ECHO"};
    return static_cast<Executor&>(*this).execute(typedis::make_command<std::string>(info, "ECHO", message));
  }
};

using extended = typedis::basic_client<typedis::all_commands, shout_commands>;
using strings_only = typedis::basic_client<typedis::string_commands>;

template <class E>
concept has_select = requires(E& e) { e.select(1); };
template <class E>
concept has_watch = requires(E& e) { e.watch({"k"}); };
template <class E>
concept has_multi = requires(E& e) { e.multi(); };
template <class E>
concept has_subscribe = requires(E& e) { e.subscribe({"c"}); };
template <class E>
concept has_client_setname = requires(E& e) { e.client_setname("n"); };
template <class E>
concept has_shout = requires(E& e) { e.shout("x"); };
template <class E>
concept has_get = requires(E& e) { e.get("k"); };
template <class E>
concept has_hset = requires(E& e) { e.hset("h", {{"f", "v"}}); };
template <class E>
concept has_command_by_name = requires(E& e) { e.template command<long long>("INCR", "n"); };

template <class E>
concept connection_state_free = !has_select<E> && !has_watch<E> && !has_multi<E> && !has_subscribe<E> &&
                                !has_client_setname<E>;

using pooled_pipeline = decltype(std::declval<typedis::client&>().pipeline());
using pooled_transaction = decltype(std::declval<typedis::client&>().transaction());
using pooled_nothrow = decltype(std::declval<typedis::client&>().nothrow());
static_assert(connection_state_free<typedis::client>);
static_assert(connection_state_free<pooled_pipeline>);
static_assert(connection_state_free<pooled_transaction>);
static_assert(connection_state_free<pooled_nothrow>);
static_assert(has_select<typedis::pinned_connection> && has_watch<typedis::pinned_connection> &&
              has_client_setname<typedis::pinned_connection>);
// MULTI/EXEC are the transaction object's, the subscribe family typedis::subscriber's.
static_assert(!has_multi<typedis::pinned_connection> && !has_subscribe<typedis::pinned_connection>);
static_assert(has_subscribe<typedis::subscriber>);  // the expression itself is right
static_assert(connection_state_free<decltype(std::declval<typedis::pinned_connection&>().pipeline())>);

using ext_pipeline = decltype(std::declval<extended&>().pipeline().shout("a").get("k"));
static_assert(has_shout<extended> && has_get<extended>);
static_assert(has_shout<ext_pipeline> && has_get<ext_pipeline>);
static_assert(std::is_same_v<decltype(std::declval<ext_pipeline&>().exec()),
                             std::tuple<std::string, std::optional<std::string>>>);
static_assert(has_shout<decltype(std::declval<extended&>().transaction().incr("n"))>);
static_assert(std::is_same_v<decltype(std::declval<extended&>().nothrow().shout("x")), typedis::result<std::string>>);
static_assert(has_shout<extended::pinned_connection> && has_select<extended::pinned_connection>);
static_assert(connection_state_free<extended>);

static_assert(has_get<strings_only> && !has_hset<strings_only> && !has_shout<strings_only>);
static_assert(has_command_by_name<strings_only> && has_command_by_name<typedis::client> &&
              has_command_by_name<pooled_pipeline>);
static_assert(std::is_same_v<typedis::client, typedis::basic_client<typedis::all_commands>>);

TEST(executor_mixins, connection_state_commands_are_on_pinned_connections_only) {
  EXPECT_FALSE(has_select<typedis::client>);
  EXPECT_TRUE(has_select<typedis::pinned_connection>);
}

TEST(executor_mixins, a_user_mixin_reaches_every_executor) {
  EXPECT_TRUE(has_shout<ext_pipeline>);
  EXPECT_FALSE(has_shout<typedis::client>);
}

TEST(executor_mixins, connection_state_builders_carry_the_flag) {
  EXPECT_TRUE(typedis::has_flag(typedis::cmd::select(1).info().flags, typedis::command_flag::connection_state));
  EXPECT_TRUE(typedis::has_flag(typedis::cmd::multi().info().flags, typedis::command_flag::connection_state));
  EXPECT_TRUE(typedis::has_flag(typedis::cmd::subscribe({"c"}).info().flags, typedis::command_flag::connection_state));
  EXPECT_FALSE(typedis::has_flag(typedis::cmd::get("k").info().flags, typedis::command_flag::connection_state));
}

}  // namespace
