// The commands the runtime sends by itself are built by the generated builders, so each carries its
// command_info like a user's command: the name, the flags a retry policy or the pool reads, and
// key specs that locate the keys in the request (a cluster router must see WATCH's keys and
// FCALL's). The keys are found here from the request bytes and the key specs alone, as a router
// would; the expected values are written out from the Redis command syntax.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "typedis/detail/runtime_commands.hpp"
#include "typedis/resp/request_args.hpp"
#include "typedis/typedis.hpp"

namespace {

namespace c = typedis::cmd;
using typedis::command_flag;
using typedis::has_flag;
using typedis::key_spec;

std::vector<std::string_view> args_of(std::string_view request) {
  typedis::resp::request_args r(request);
  std::vector<std::string_view> out;
  std::string_view a;
  while (r.next(a)) out.push_back(a);
  return out;
}

// The keys of a request by its key specs (index-based ones: what these commands use).
template <class T>
std::vector<std::string> keys_of(const typedis::command<T>& cmd) {
  const auto args = args_of(cmd.bytes());
  const int argc = static_cast<int>(args.size());
  std::vector<std::string> out;
  for (const key_spec& ks : cmd.info().keys) {
    EXPECT_TRUE(ks.keyword.empty()) << "keyword search not expected for " << cmd.name();
    if (ks.search == key_spec::kind::range) {
      const int last = ks.last < 0 ? argc + ks.last : ks.last;
      for (int i = ks.first; i <= last && i < argc; i += ks.step) out.emplace_back(args[static_cast<std::size_t>(i)]);
    } else {
      if (ks.first >= argc) continue;
      const int n = std::stoi(std::string(args[static_cast<std::size_t>(ks.first)]));
      const int begin = ks.first + ks.key_offset;
      for (int k = 0; k < n && begin + k * ks.step < argc; ++k)
        out.emplace_back(args[static_cast<std::size_t>(begin + k * ks.step)]);
    }
  }
  return out;
}

using keys = std::vector<std::string>;

bool flagged(command_flag set, command_flag f) { return has_flag(set, f); }

TEST(runtime_commands, transaction_commands) {
  const auto watch = c::watch({"a", "b"});
  EXPECT_EQ(watch.bytes(), "*3\r\n$5\r\nWATCH\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(watch.info().name, "WATCH");
  EXPECT_EQ(keys_of(watch), (keys{"a", "b"}));
  EXPECT_TRUE(flagged(watch.info().flags, command_flag::noscript));
  EXPECT_TRUE(flagged(watch.info().flags, command_flag::idempotent));

  for (const auto& [cmd, name] : {std::pair{c::multi().info(), "MULTI"}, std::pair{c::discard().info(), "DISCARD"},
                                  std::pair{c::unwatch().info(), "UNWATCH"}}) {
    EXPECT_EQ(cmd.name, name);
    EXPECT_TRUE(cmd.keys.empty()) << name;
    EXPECT_TRUE(flagged(cmd.flags, command_flag::noscript)) << name;
  }
  // resending MULTI, EXEC or DISCARD after a possible execution is not safe; UNWATCH is
  EXPECT_FALSE(flagged(c::multi().info().flags, command_flag::idempotent));
  EXPECT_FALSE(flagged(c::exec().info().flags, command_flag::idempotent));
  EXPECT_FALSE(flagged(c::discard().info().flags, command_flag::idempotent));
  EXPECT_TRUE(flagged(c::unwatch().info().flags, command_flag::idempotent));
  EXPECT_EQ(c::exec().info().name, "EXEC");
  static_assert(std::is_same_v<decltype(c::exec()),
                               typedis::command<std::optional<std::vector<typedis::resp::value>>>>);

  // the cached ones the runtime writes are the builders' requests and command_info
  EXPECT_EQ(typedis::detail::multi_command().bytes(), "*1\r\n$5\r\nMULTI\r\n");
  EXPECT_EQ(typedis::detail::exec_command().bytes(), "*1\r\n$4\r\nEXEC\r\n");
  EXPECT_EQ(typedis::detail::unwatch_command().bytes(), "*1\r\n$7\r\nUNWATCH\r\n");
  EXPECT_EQ(&typedis::detail::multi_command().info(), &c::multi().info());
  EXPECT_EQ(&typedis::detail::exec_command().info(), &c::exec().info());
  EXPECT_EQ(&typedis::detail::unwatch_command().info(), &c::unwatch().info());
}

TEST(runtime_commands, health_check_ping) {
  const auto& ping = typedis::detail::ping_command();
  EXPECT_EQ(ping.bytes(), "*1\r\n$4\r\nPING\r\n");
  EXPECT_EQ(ping.name(), "PING");
  EXPECT_EQ(&ping.info(), &c::ping().info());
  EXPECT_TRUE(flagged(ping.info().flags, command_flag::fast));
  EXPECT_TRUE(flagged(ping.info().flags, command_flag::idempotent));
  EXPECT_TRUE(ping.info().keys.empty());
}

TEST(runtime_commands, cluster_connection_commands) {
  for (const auto* info : {&c::asking().info(), &c::readonly().info(), &c::readwrite().info()}) {
    EXPECT_TRUE(info->keys.empty()) << info->name;
    EXPECT_TRUE(flagged(info->flags, command_flag::fast)) << info->name;
    EXPECT_TRUE(flagged(info->flags, command_flag::idempotent)) << info->name;
  }
  EXPECT_EQ(c::asking().bytes(), "*1\r\n$6\r\nASKING\r\n");
  EXPECT_EQ(c::readonly().bytes(), "*1\r\n$8\r\nREADONLY\r\n");
  EXPECT_EQ(c::readwrite().bytes(), "*1\r\n$9\r\nREADWRITE\r\n");
  // topology queries may be resent
  EXPECT_EQ(c::cluster_shards().bytes(), "*2\r\n$7\r\nCLUSTER\r\n$6\r\nSHARDS\r\n");
  EXPECT_EQ(c::cluster_shards().info().name, "CLUSTER SHARDS");
  EXPECT_TRUE(flagged(c::cluster_shards().info().flags, command_flag::idempotent));
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  // CLUSTER SLOTS: servers before 7.0 have only it
#endif
  EXPECT_EQ(c::cluster_slots().bytes(), "*2\r\n$7\r\nCLUSTER\r\n$5\r\nSLOTS\r\n");
  EXPECT_TRUE(flagged(c::cluster_slots().info().flags, command_flag::idempotent));
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
}

TEST(runtime_commands, sentinel_primary_address) {
  const auto q = c::sentinel_get_master_addr_by_name("mymaster");
  // one name argument: Redis's master-name and Valkey's primary-name are the same word on the wire
  EXPECT_EQ(q.bytes(), "*3\r\n$8\r\nSENTINEL\r\n$23\r\nGET-MASTER-ADDR-BY-NAME\r\n$8\r\nmymaster\r\n");
  EXPECT_EQ(q.info().name, "SENTINEL GET-MASTER-ADDR-BY-NAME");
  EXPECT_TRUE(flagged(q.info().flags, command_flag::idempotent));
  // a null array when the name is not monitored
  static_assert(std::is_same_v<decltype(q), const typedis::command<std::optional<std::pair<std::string, std::string>>>>);
}

TEST(runtime_commands, handshake_commands) {
  const auto hello = c::hello({.arguments = c::hello_arguments{.protover = 3}});
  EXPECT_EQ(hello.bytes(), "*2\r\n$5\r\nHELLO\r\n$1\r\n3\r\n");
  EXPECT_EQ(hello.info().name, "HELLO");
  EXPECT_TRUE(flagged(hello.info().flags, command_flag::no_auth));
  const auto auth = c::auth("pw", {.username = "u"});
  EXPECT_EQ(auth.bytes(), "*3\r\n$4\r\nAUTH\r\n$1\r\nu\r\n$2\r\npw\r\n");
  EXPECT_TRUE(flagged(auth.info().flags, command_flag::no_auth));
  EXPECT_EQ(c::client_setname("me").info().name, "CLIENT SETNAME");
  EXPECT_EQ(c::select(2).bytes(), "*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n");
  for (const auto* info : {&hello.info(), &auth.info(), &c::client_setname("me").info(), &c::select(2).info()})
    EXPECT_TRUE(info->keys.empty()) << info->name;
}

TEST(runtime_commands, subscriber_commands) {
  const std::vector<std::string> names{"n1", "n2"};
  const auto sub = c::subscribe(names);
  EXPECT_EQ(sub.bytes(), "*3\r\n$9\r\nSUBSCRIBE\r\n$2\r\nn1\r\n$2\r\nn2\r\n");
  EXPECT_TRUE(keys_of(sub).empty());  // channels are not keys, except shard channels
  const auto ssub = c::ssubscribe(names);
  EXPECT_EQ(keys_of(ssub), (keys{"n1", "n2"}));  // a shard channel routes by its slot
  EXPECT_EQ(keys_of(c::sunsubscribe({.shardchannel = names})), (keys{"n1", "n2"}));
  for (const auto* info : {&sub.info(), &c::psubscribe(names).info(), &ssub.info()}) {
    EXPECT_TRUE(flagged(info->flags, command_flag::pubsub)) << info->name;
    EXPECT_TRUE(flagged(info->flags, command_flag::no_reply)) << info->name;  // never on the pool
  }
  for (const auto* info : {&c::unsubscribe().info(), &c::punsubscribe().info(), &c::sunsubscribe().info()})
    EXPECT_TRUE(flagged(info->flags, command_flag::pubsub)) << info->name;
  EXPECT_EQ(c::unsubscribe().bytes(), "*1\r\n$11\r\nUNSUBSCRIBE\r\n");  // no names: all
}

TEST(runtime_commands, scripts_and_functions_carry_their_keys) {
  const typedis::script s{"return 1"};
  const auto load = s.load();
  EXPECT_EQ(load.bytes(), "*3\r\n$6\r\nSCRIPT\r\n$4\r\nLOAD\r\n$8\r\nreturn 1\r\n");
  EXPECT_EQ(&load.info(), &c::script_load("").info());
  EXPECT_EQ(load.info().name, "SCRIPT LOAD");

  const auto call = s.evalsha<long long>({"k1", "k2"}, {"a"});
  EXPECT_EQ(keys_of(call), (keys{"k1", "k2"}));
  EXPECT_EQ(call.info().name, "EVALSHA");
  EXPECT_FALSE(flagged(call.info().flags, command_flag::readonly));
  const auto ro = s.evalsha<long long>({"k1"}, {}, true);
  EXPECT_EQ(ro.info().name, "EVALSHA_RO");
  EXPECT_EQ(keys_of(ro), (keys{"k1"}));
  EXPECT_TRUE(flagged(ro.info().flags, command_flag::readonly));

  const auto f = typedis::fcall<long long>("fn", {"k1", "k2"}, {"a", "b"});
  EXPECT_EQ(f.bytes(), "*7\r\n$5\r\nFCALL\r\n$2\r\nfn\r\n$1\r\n2\r\n$2\r\nk1\r\n$2\r\nk2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(f.info().name, "FCALL");
  EXPECT_EQ(keys_of(f), (keys{"k1", "k2"}));
  EXPECT_FALSE(flagged(f.info().flags, command_flag::readonly));
  EXPECT_FALSE(flagged(f.info().flags, command_flag::idempotent));
  EXPECT_EQ(&f.info(), &c::fcall("fn").info());

  const auto fro = typedis::fcall_ro<long long>("fn", {"k1"}, {"a"});
  EXPECT_EQ(fro.info().name, "FCALL_RO");
  EXPECT_EQ(keys_of(fro), (keys{"k1"}));
  EXPECT_TRUE(flagged(fro.info().flags, command_flag::readonly));
  EXPECT_EQ(&fro.info(), &c::fcall_ro("fn").info());
  EXPECT_TRUE(keys_of(typedis::fcall<long long>("fn")).empty());  // numkeys 0
}

TEST(runtime_commands, with_reply_keeps_the_request_and_its_info) {
  auto generic = c::fcall("fn", {.key = {"k"}});
  const std::string bytes(generic.bytes());
  const auto* info = &generic.info();
  auto typed = std::move(generic).with_reply<long long>();
  static_assert(std::is_same_v<decltype(typed), typedis::command<long long>>);
  EXPECT_EQ(typed.bytes(), bytes);
  EXPECT_EQ(&typed.info(), info);
  EXPECT_EQ(typed.argc(), 4u);
}

}  // namespace
