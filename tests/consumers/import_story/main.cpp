// The methods that story.py imported and typedis_add_commands() generated (namespace vj), called on
// a client, in a typed pipeline, in a transaction, through nothrow() and on a pinned connection: the
// mixin vj::commands joins typedis's own (here the string and generic groups) in every executor.
// DEBUG OBJECT / DEBUG SLEEP run on the test server (redis-server with enable-debug-command local);
// the valkey-json commands run only when TYPEDIS_TEST_VALKEY_JSON_URL names a Valkey server with
// valkey-json loaded.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <type_traits>

#include <typedis/typedis.hpp>
#include <vj/generated/command_methods.hpp>

using namespace std::chrono_literals;

// The story's typedis lacked these commands; today's has its own json_debug_depth() (issue 17) and
// debug_object() (issue 15), which would make vj's ambiguous next to typedis::all_commands. So the
// client takes only the groups this program uses besides vj's: the way to extend a typedis that
// already has a command of the same name.
using my_client = typedis::basic_client<typedis::string_commands, typedis::generic_commands, vj::commands>;

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  if (!ok) {
    std::printf("FAILED: %s\n", what);
    ++failures;
  }
}

bool describes_a_value(std::string_view debug_object_reply) {
  return debug_object_reply.find("encoding:") != std::string_view::npos;
}

}  // namespace

int main() {
  // Builders exist without a server: the inferred key and the completed optional path ({.path = ...}
  // needs the module group's option struct, defined by <vj/generated/command_methods.hpp>'s headers).
  check(vj::cmd::json_debug_depth("doc").bytes() == "*3\r\n$10\r\nJSON.DEBUG\r\n$5\r\nDEPTH\r\n$3\r\ndoc\r\n",
        "JSON.DEBUG DEPTH request");
  check(vj::cmd::json_debug_fields("doc", {.path = "$"}).bytes() ==
            "*4\r\n$10\r\nJSON.DEBUG\r\n$6\r\nFIELDS\r\n$3\r\ndoc\r\n$1\r\n$\r\n",
        "JSON.DEBUG FIELDS request with {.path = \"$\"}");
  check(vj::cmd::debug_object("k").bytes() == "*3\r\n$5\r\nDEBUG\r\n$6\r\nOBJECT\r\n$1\r\nk\r\n", "DEBUG OBJECT request");
  if (failures != 0) return 1;

  const char* url = std::getenv("TYPEDIS_TEST_URL");
  if (url == nullptr || *url == '\0') {
    std::puts("TYPEDIS_TEST_URL unset");
    return 77;
  }
  my_client r{url};
  const std::string key = "typedis:consumer:import_story";
  const std::string missing = key + ":missing";
  r.del({key, missing});
  r.set(key, "value");

  // client
  const std::string object = r.debug_object(key);
  check(describes_a_value(object), "client: debug_object");
  const typedis::ok slept = r.debug_sleep(0s);
  (void)slept;

  // typed pipeline: the extension's methods next to core ones, the tuple typed by both
  auto [set_reply, in_pipeline, pipeline_slept] = r.pipeline().set(key, "other").debug_object(key).debug_sleep(0s).exec();
  static_assert(std::is_same_v<decltype(in_pipeline), std::string>);
  static_assert(std::is_same_v<decltype(pipeline_slept), typedis::ok>);
  check(set_reply.has_value(), "pipeline: set");
  check(describes_a_value(in_pipeline), "pipeline: debug_object");
  (void)pipeline_slept;

  // transaction
  auto tx = r.transaction().debug_object(key).incr(key + ":n").exec();
  check(tx.has_value() && describes_a_value(std::get<0>(*tx)) && std::get<1>(*tx) > 0, "transaction: debug_object");

  // nothrow(): a value, and the server's error for a key that does not exist
  typedis::result<std::string> fine = r.nothrow().debug_object(key);
  check(fine.has_value() && describes_a_value(*fine), "nothrow: debug_object");
  typedis::result<std::string> failed = r.nothrow().debug_object(missing);
  check(!failed.has_value() && failed.error().kind == typedis::error_kind::server, "nothrow: error of a missing key");
  // pinned connection, and the builder through execute() as the methods call it
  auto conn = r.pin();
  check(describes_a_value(conn.debug_object(key)), "pinned connection: debug_object");
  check(describes_a_value(r.execute(vj::cmd::debug_object(key))), "execute(vj::cmd::debug_object)");
  r.del({key, key + ":n"});

  // the valkey-json commands (inferred key, completed path), opt-in
  const char* vj_url = std::getenv("TYPEDIS_TEST_VALKEY_JSON_URL");
  if (vj_url != nullptr && *vj_url != '\0') {
    my_client v{vj_url};
    v.del({key});
    v.command<typedis::ok>("JSON.SET", key, "$", R"({"a":{"b":[1]}})");
    check(v.json_debug_depth(key) == 3, "valkey-json: depth of {a:{b:[1]}}");
    auto [depth] = v.pipeline().json_debug_depth(key).exec();
    check(depth == 3, "valkey-json: depth in a pipeline");
    check(v.json_debug_fields(key, {.path = "$"}).type != typedis::resp::type::null, "valkey-json: fields");
    v.del({key});
    std::puts("valkey-json commands checked");
  }
  std::printf("import story: %s\n", failures == 0 ? "ok" : "FAILED");
  return failures == 0 ? 0 : 1;
}
