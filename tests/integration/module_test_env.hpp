// Shared by the opt-in module integration tests (tests/integration/module_*_test.cpp): they run
// against a real module server only when
//
//   TYPEDIS_MODULES_URL=redis://127.0.0.1:6379 ctest -R module_
//
// is set (scripts/test sets it for every server it starts). Without it every such test is reported
// as SKIPPED (never passed). With it, each test skips (reported as SKIPPED, with the reason) what
// that server lacks: a module that is not loaded (REQUIRE_MODULE_SERVER("JSON.SET")), or one
// command the module does not have (REQUIRE_MODULE_COMMAND("JSON.MERGE"): valkey-json has none),
// found out with COMMAND INFO. Each test runs over RESP2 and RESP3 (`?protocol=` is appended to the
// URL), since the module replies differ most between the two.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "typedis/typedis.hpp"

#include "test_env.hpp"

namespace typedis::test {

inline std::optional<std::string> modules_url() {
  const char* url = std::getenv("TYPEDIS_MODULES_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
}

// Whether the server at `url` knows `command` (COMMAND INFO answers a null for an unknown one).
// Cached: every parameterised test asks again.
inline bool server_has_command(const std::string& url, const std::string& command) {
  static std::mutex mutex;
  static std::map<std::string, bool> known;
  const std::lock_guard<std::mutex> lock(mutex);
  const std::string id = url + " " + command;
  if (const auto it = known.find(id); it != known.end()) return it->second;
  typedis::client r{url};
  const auto info = r.command<typedis::resp::value>("COMMAND", "INFO", command);
  const bool has = !info.elements.empty() && !info.elements.front().is_null();
  known.emplace(id, has);
  return has;
}

inline std::string with_protocol(const std::string& url, int protocol) {
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "protocol=" + std::to_string(protocol);
}

inline std::string module_key(const std::string& suffix) {
  return unique_key(suffix + ":p" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
}

// The RESP version a parameterised module test runs with, in its name (`.../resp2`).
inline std::string protocol_name(const ::testing::TestParamInfo<int>& p) { return "resp" + std::to_string(p.param); }

}  // namespace typedis::test

// The module server, or a skip; `command` names the module (one of its commands).
#define REQUIRE_MODULE_SERVER(command)                                                                \
  const std::optional<std::string> base_url = typedis::test::modules_url();                          \
  if (!base_url) GTEST_SKIP() << "TYPEDIS_MODULES_URL is not set: no module server to test against"; \
  if (!typedis::test::server_has_command(*base_url, command))                                         \
  GTEST_SKIP() << "the server at TYPEDIS_MODULES_URL has no " << (command) << ": its module is not loaded"

// After REQUIRE_MODULE_SERVER: skips when the loaded module lacks this command.
#define REQUIRE_MODULE_COMMAND(command)                 \
  if (!typedis::test::server_has_command(*base_url, command)) \
  GTEST_SKIP() << "the module on this server has no " << (command)
