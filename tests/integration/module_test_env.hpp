// Shared by the opt-in module integration tests (tests/integration/module_*_test.cpp): they run
// against a real module server (redis-stack-server, or Redis 8 with its modules) only when
//
//   TYPEDIS_MODULES_URL=redis://127.0.0.1:6379 ctest -R module_
//
// is set. Debian ships no module server, so without it every such test is reported as SKIPPED
// (never passed). Each test runs over RESP2 and RESP3 (`?protocol=` is appended to the URL), since
// the module replies differ most between the two.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "test_env.hpp"

namespace typedis::test {

inline std::optional<std::string> modules_url() {
  const char* url = std::getenv("TYPEDIS_MODULES_URL");
  if (url == nullptr || *url == '\0') return std::nullopt;
  return std::string(url);
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

#define REQUIRE_MODULE_SERVER()                                                                       \
  const std::optional<std::string> base_url = typedis::test::modules_url();                          \
  if (!base_url) GTEST_SKIP() << "TYPEDIS_MODULES_URL is not set: no module server to test against"
