// Scripts (EVALSHA with transparent SCRIPT LOAD) and functions (FCALL) with typed results. On a
// private server: SCRIPT FLUSH would disturb tests running in parallel on the shared one.
#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <tuple>
#include <type_traits>

#include "test_env.hpp"
#include "typedis/typedis.hpp"

using typedis::test::unique_key;

namespace {

const typedis::script incr_by{"return redis.call('INCRBY', KEYS[1], ARGV[1])"};
const typedis::script concat{"return KEYS[1] .. '|' .. KEYS[2] .. '|' .. ARGV[1]"};

class script_test : public ::testing::TestWithParam<int> {
 protected:
  static void SetUpTestSuite() { server_ = new typedis::test::spawned_server(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  typedis::client make() {
    return typedis::client{server_->url() + (GetParam() == 2 ? "?protocol=2" : "")};
  }
  void flush(typedis::client& r) { r.command<typedis::ignore_t>("SCRIPT", "FLUSH"); }
  static typedis::test::spawned_server* server_;
};
typedis::test::spawned_server* script_test::server_ = nullptr;

}  // namespace

TEST(script, sha1_matches_the_server) {
  typedis::test::spawned_server server;
  typedis::client r{server.url()};
  EXPECT_EQ(incr_by.sha1().size(), 40u);
  EXPECT_EQ(r.execute(incr_by.load()), incr_by.sha1());
}

TEST_P(script_test, runs_after_script_flush) {
  auto r = make();
  const std::string k = unique_key();
  flush(r);
  EXPECT_EQ(r.run_script<long long>(incr_by, {k}, {"5"}), 5);  // NOSCRIPT -> load -> rerun
  EXPECT_EQ(r.run_script<long long>(incr_by, {k}, {"5"}), 10);  // cached
  flush(r);
  EXPECT_EQ(r.run_script<long long>(incr_by, {k}, {"1"}), 11) << "ran exactly once after the flush";
}

TEST_P(script_test, keys_and_arguments_are_kept_apart) {
  auto r = make();
  EXPECT_EQ(r.run_script<std::string>(concat, {"k1", "k2"}, {"a1"}), "k1|k2|a1");
  // The wire form: numkeys computed, keys before arguments.
  EXPECT_EQ(concat.evalsha<std::string>({"k1", "k2"}, {"a1"}).bytes(),
            "*6\r\n$7\r\nEVALSHA\r\n$40\r\n" + concat.sha1() + "\r\n$1\r\n2\r\n$2\r\nk1\r\n$2\r\nk2\r\n$2\r\na1\r\n");
}

TEST_P(script_test, pipeline_reloads_transparently) {
  auto r = make();
  const std::string k = unique_key();
  flush(r);
  auto results = r.pipeline().run_script<long long>(incr_by, {k}, {"2"}).get(k).run_script<long long>(incr_by, {k}, {"3"}).exec();
  static_assert(std::is_same_v<decltype(results), std::tuple<long long, std::optional<std::string>, long long>>);
  auto [first, between, second] = results;
  // The two EVALSHAs failed with NOSCRIPT and were rerun after the GET, in order, once each.
  EXPECT_EQ(first, 2);
  EXPECT_EQ(second, 5);
  EXPECT_EQ(between, std::nullopt);
  EXPECT_EQ(r.get(k), "5");
}

TEST_P(script_test, transaction_loads_scripts_before_multi) {
  auto r = make();
  const std::string k = unique_key();
  flush(r);
  auto outcome = r.transaction().run_script<long long>(incr_by, {k}, {"7"}).incr(k).exec();
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(std::get<0>(*outcome), 7);
  EXPECT_EQ(std::get<1>(*outcome), 8);
}

TEST_P(script_test, script_errors_are_server_errors) {
  auto r = make();
  const typedis::script bad{"return redis.call('NO_SUCH_COMMAND')"};
  EXPECT_THROW(r.run_script<long long>(bad), typedis::server_error);
}

TEST_P(script_test, functions_with_typed_results) {
  auto r = make();
  r.command<std::string>("FUNCTION", "LOAD", "REPLACE",
                         "#!lua name=typedis_test\n"
                         "redis.register_function('td_double', function(keys, args) return tonumber(args[1]) * 2 end)\n"
                         "redis.register_function{function_name='td_get', callback=function(keys, args) "
                         "return redis.call('GET', keys[1]) end, flags={'no-writes'}}\n");
  EXPECT_EQ(r.execute(typedis::fcall<long long>("td_double", {}, {"21"})), 42);
  const std::string k = unique_key();
  r.set(k, "stored");
  EXPECT_EQ(r.execute(typedis::fcall_ro<std::optional<std::string>>("td_get", {k})), "stored");
  auto [a, b] = r.pipeline().execute(typedis::fcall<long long>("td_double", {}, {"5"})).execute(typedis::fcall_ro<std::optional<std::string>>("td_get", {unique_key("absent")})).exec();
  EXPECT_EQ(a, 10);
  EXPECT_EQ(b, std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(protocols, script_test, ::testing::Values(2, 3),
                         [](const auto& info) { return "resp" + std::to_string(info.param); });
