// A client with the extra typed methods that typedis_add_commands() generated from spec/: the mixin
// ext::commands joins typedis's own in every executor (client, pipeline, transaction, nothrow view,
// pinned connection).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <tuple>
#include <type_traits>

#include <ext/generated/command_methods.hpp>
#include <typedis/typedis.hpp>

using ext_client = typedis::basic_client<typedis::all_commands, ext::commands>;

// The pipeline's type changes with each call and still has the extension's methods.
static_assert(std::is_same_v<decltype(std::declval<ext_client&>().pipeline().shout("a").incr("n").shout("b").exec()),
                             std::tuple<std::string, long long, std::string>>);

static int failures = 0;
static void check(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAILED: %s\n", what);
    ++failures;
  }
}

int main() {
  // The builder exists without a server.
  check(ext::cmd::shout("hi").bytes() == "*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n", "request bytes");
  const char* url = std::getenv("TYPEDIS_TEST_URL");
  if (url == nullptr || *url == '\0') {
    std::puts("TYPEDIS_TEST_URL unset");
    return 77;
  }
  ext_client r{url};
  const std::string echoed = r.shout("hello");  // generated method, typed reply
  const long long n = r.incr("typedis:consumer:add_commands");  // and the core methods as well
  check(echoed == "hello" && n > 0, "client");

  auto [a, m, b] = r.pipeline().shout("a").incr("typedis:consumer:add_commands").shout("b").exec();
  check(a == "a" && m == n + 1 && b == "b", "pipeline");

  auto tx = r.transaction().shout("t").incr("typedis:consumer:add_commands").exec();
  check(tx.has_value() && std::get<0>(*tx) == "t" && std::get<1>(*tx) == n + 2, "transaction");

  typedis::result<std::string> nt = r.nothrow().shout("nothrow");
  check(nt.has_value() && *nt == "nothrow", "nothrow");

  auto conn = r.pin();
  check(conn.shout("pinned") == "pinned", "pinned connection");
  auto [p] = conn.pipeline().shout("pinned pipeline").exec();
  check(p == "pinned pipeline", "pinned pipeline");

  std::printf("shout -> %s, incr -> %lld, %d failure(s)\n", echoed.c_str(), n, failures);
  return failures == 0 ? 0 : 1;
}
