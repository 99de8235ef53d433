"""The asynchronous command mixins (generator.render_mixins): typedis::async_<group>_commands in
<typedis/async_commands/<group>.hpp>, their unions in <typedis/generated/async_command_methods.hpp>,
and <ns>::async_commands for a user namespace.

Each async method has the parameters of its synchronous method, then a completion token, and calls
Executor::async_execute; a method with an options struct has two overloads (without it, with it);
the connection-state commands are left out as in the synchronous mixins; no asio header is included.
AsyncMixinsCompile compiles a fake executor against the committed generated/ tree (-fsyntax-only).
"""
import collections
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from _helpers import REPO, SPEC_ROOT  # noqa: F401  (sets sys.path)

from typedis_codegen import generator  # noqa: E402
import test_generator as tg  # noqa: E402  (its spec helpers; its tests are not imported here)

TEMPLATES = os.path.join(REPO, "codegen", "templates")

SYNC_METHOD = re.compile(r'(?:  \[\[deprecated\("([^"]*)"\)\]\]\n)?  decltype\(auto\) (\w+)\((.*)\) \{\n')
ASYNC_METHOD = re.compile(r'  template <class CompletionToken>\n(?:  \[\[deprecated\("([^"]*)"\)\]\]\n)?'
                          r'  auto (\w+)\((.*)\) \{\n((?:    .*\n)+?)  \}\n')
OPTIONS = re.compile(r"(?:, )?const (?:typename typedis::detail::dependent<Executor, ([\w:]+)>::type|([\w:]+))& options = \{\}$")


def expected_async(sync_text):
    """(name, parameters, deprecation) of every async method that the sync mixin text asks for."""
    out = []
    for deprecated, name, params in SYNC_METHOD.findall(sync_text):
        m = OPTIONS.search(params)
        if not m:
            out.append((name, (params + ", " if params else "") + "CompletionToken&& token", deprecated))
            continue
        required = params[:m.start()]
        out.append((name, (required + ", " if required else "") + "CompletionToken&& token", deprecated))
        out.append((name, (required + ", " if required else "") + "const %s& options, CompletionToken&& token"
                    % (m.group(1) or m.group(2)), deprecated))
    return out


def includes(text):
    return re.findall(r'^#include [<"]([^>"]+)[>"]', text, re.M)


class BundledSpec(unittest.TestCase):
    """The async mixins of commands-spec/ against its sync mixins."""

    @classmethod
    def setUpClass(cls):
        gen = generator.Generator(generator.load_specs(SPEC_ROOT)).run()
        cls.files = generator.render(gen, TEMPLATES)
        cls.groups = sorted(gen.groups)

    def test_every_sync_method_has_an_async_form_with_a_token_last(self):
        for g in self.groups:
            sync = self.files["include/typedis/commands/%s.hpp" % g]
            text = self.files["include/typedis/async_commands/%s.hpp" % g]
            self.assertIn("template <class Executor>\nclass async_%s_commands {" % g, text)
            found = ASYNC_METHOD.findall(text)
            got = collections.Counter((name, params, dep) for dep, name, params, _ in found)
            self.assertEqual(got, collections.Counter(expected_async(sync)), g)
            for dep, name, params, body in found:
                self.assertTrue(params.endswith("CompletionToken&& token"), (g, name, params))
                self.assertRegex(body, r"return self_\(\)\.async_execute\(typedis::cmd::\w+\(.*\), "
                                       r"std::forward<CompletionToken>\(token\)\);\n$")
                self.assertNotIn("= {}", params)
            # one doc line per method (the one-field hset has its own)
            self.assertEqual(text.count("/// Asynchronous form of typedis::%s_commands::" % g),
                             len(found) - text.count("/// One field: "))

    def test_options_overload_pairs(self):
        text = self.files["include/typedis/async_commands/string.hpp"]
        self.assertIn("  auto set(typedis::string_arg key, typedis::value_arg value, CompletionToken&& token) {\n"
                      "    return self_().async_execute(typedis::cmd::set(key, value), "
                      "std::forward<CompletionToken>(token));", text)
        self.assertIn("  auto set(typedis::string_arg key, typedis::value_arg value, const typedis::cmd::set_options& "
                      "options, CompletionToken&& token) {\n    return self_().async_execute(typedis::cmd::set(key, "
                      "value, options), std::forward<CompletionToken>(token));", text)
        # a module group's builder is only declared (no default arguments): the default options are
        # a type that depends on Executor, completed by <typedis/modules.hpp> where the call is
        json = self.files["include/typedis/async_commands/json.hpp"]
        self.assertIn("typedis::cmd::json_get(key, jsonpath, typename typedis::detail::dependent<Executor, "
                      "typedis::cmd::json_get_options>::type{})", json)
        self.assertIn("auto json_get(typedis::string_arg key, typedis::value_arg jsonpath, const "
                      "typedis::cmd::json_get_options& options, CompletionToken&& token) {", json)

    def test_one_field_hset_and_no_scan_helpers(self):
        text = self.files["include/typedis/async_commands/hash.hpp"]
        self.assertIn("  auto hset(typedis::string_arg key, typedis::value_arg field, typedis::value_arg value, "
                      "CompletionToken&& token) {\n"
                      "    const std::pair<typedis::value_arg, typedis::value_arg> one{field, value};\n"
                      "    return self_().async_execute(typedis::cmd::hset(key, one), "
                      "std::forward<CompletionToken>(token));\n  }", text)
        for g in self.groups:
            self.assertNotIn("scan_all", self.files["include/typedis/async_commands/%s.hpp" % g])
            self.assertNotIn("scan_range", self.files["include/typedis/async_commands/%s.hpp" % g])

    def test_connection_state_commands_are_only_in_their_own_mixin(self):
        pinned = {name for _, name, _ in SYNC_METHOD.findall(
            self.files["include/typedis/generated/connection_state_commands.hpp"])}
        self.assertTrue({"select", "watch", "auth", "hello"} <= pinned, pinned)
        names = set()
        for g in self.groups:
            names |= {name for _, name, _, _ in ASYNC_METHOD.findall(self.files["include/typedis/async_commands/%s.hpp" % g])}
        self.assertEqual(pinned & names, set())
        for n in ("multi", "exec", "discard", "subscribe", "monitor"):
            self.assertNotIn(n, names)
        # They have their own asynchronous mixin, for the async client's pinned connections only.
        state = {name for _, name, _, _ in ASYNC_METHOD.findall(
            self.files["include/typedis/generated/async_connection_state_commands.hpp"])}
        self.assertEqual(state, pinned)

    def test_no_asio_and_only_the_sync_mixins_headers(self):
        for g in self.groups:
            sync = self.files["include/typedis/commands/%s.hpp" % g]
            text = self.files["include/typedis/async_commands/%s.hpp" % g]
            group_header = [h for h in includes(sync) if h.startswith("typedis/generated/")]
            want = ["utility"] + (["typedis/mixins.hpp"] if "detail::dependent" in text else []) + group_header
            self.assertEqual(includes(text), want, g)
        for path, text in self.files.items():
            if "async" in path:
                self.assertNotIn("asio", " ".join(includes(text)), path)

    def test_unions(self):
        u = self.files["include/typedis/generated/async_command_methods.hpp"]
        self.assertEqual(includes(u), ["typedis/async_commands/%s.hpp" % g for g in self.groups])
        self.assertIn("class async_core_commands\n    : public async_array_commands<Executor>\n", u)
        self.assertIn("class async_module_commands\n    : public async_json_commands<Executor>\n", u)
        self.assertIn("class async_all_commands\n    : public async_core_commands<Executor>\n"
                      "    , public async_module_commands<Executor>\n{};", u)
        sync = self.files["include/typedis/generated/command_methods.hpp"]
        self.assertEqual(len(re.findall(r"public async_\w+_commands<Executor>", u)),
                         len(re.findall(r"public \w+_commands<Executor>", sync)))


class SmallSpecs(tg.GeneratorCase):
    def test_token_after_the_arguments_and_renamed_methods(self):
        self.generate(tg.command("GET", [tg.key()]),
                      tg.command("INFO", [], group="server", container="COMMAND"))
        s = self.files["include/typedis/async_commands/string.hpp"]
        self.assertIn("  /// Asynchronous form of typedis::string_commands::get() (same arguments, then a completion token).\n"
                      "  template <class CompletionToken>\n"
                      "  auto get(typedis::string_arg key, CompletionToken&& token) {\n"
                      "    return self_().async_execute(typedis::cmd::get(key), std::forward<CompletionToken>(token));\n"
                      "  }\n", s)
        self.assertEqual(includes(s), ["utility", "typedis/generated/string.hpp"])
        m = self.files["include/typedis/async_commands/server.hpp"]
        self.assertIn("auto command_info_(CompletionToken&& token) {", m)
        self.assertIn("typedis::cmd::command_info()", m)

    def test_a_parameter_named_token_keeps_its_name(self):
        self.generate(tg.command("AUTHX", [tg.key(), {"name": "token", "type": "string"}]))
        s = self.files["include/typedis/async_commands/string.hpp"]
        self.assertIn("auto authx(typedis::string_arg key, typedis::value_arg token, CompletionToken&& token_) {", s)
        self.assertIn("std::forward<CompletionToken>(token_)", s)

    def test_async_execute_is_reserved(self):
        self.generate(tg.command("ASYNC_EXECUTE", [tg.key()]))
        self.assertIn("auto async_execute_(typedis::string_arg key, CompletionToken&& token)",
                      self.files["include/typedis/async_commands/string.hpp"])

    def test_user_namespace(self):
        self.generate(tg.command("MYCMD", [tg.key(), {"name": "n", "type": "integer", "token": "N", "optional": True}],
                                 group="mymodule"),
                      tg.command("FIELDS", [tg.key(), {"name": "path", "type": "string", "optional": True}],
                                 group="json", container="JSON.DEBUG", module="json", arity=-3),
                      namespace="acme")
        self.assertFalse([p for p in self.files if p.startswith("include/typedis")])
        m = self.files["include/acme/generated/async_command_methods.hpp"]
        self.assertEqual(includes(m), ["utility", "acme/generated/commands.hpp"])
        self.assertIn("namespace acme {", m)
        self.assertIn("template <class Executor>\nclass async_commands {", m)
        self.assertIn("/// Asynchronous form of acme::commands::mycmd()", m)
        self.assertIn("auto mycmd(typedis::string_arg key, CompletionToken&& token) {\n"
                      "    return self_().async_execute(acme::cmd::mycmd(key), std::forward<CompletionToken>(token));", m)
        self.assertIn("auto mycmd(typedis::string_arg key, const acme::cmd::mycmd_options& options, "
                      "CompletionToken&& token) {", m)
        # a user's module group is defined where its mixin is: the builder's default is used
        self.assertIn("async_execute(acme::cmd::json_debug_fields(key), ", m)
        self.assertNotIn("dependent", m)


def find_compiler():
    for c in (os.environ.get("CXX"), "g++", "clang++"):
        if c and shutil.which(c):
            return shutil.which(c)
    return None


CORE_TU = r"""
#include <typedis/generated/async_command_methods.hpp>
#if __has_include(<nlohmann/json.hpp>)
#include <typedis/modules.hpp>
#define WITH_MODULES 1
#endif
#include <chrono>
#include <type_traits>

struct fake : typedis::async_all_commands<fake> {
  template <class T, class Tok>
  int async_execute(const typedis::command<T>&, Tok&&) { return 0; }
};

int main() {
  fake f;
  auto handler = [](auto&&...) {};  // an lvalue token
  static_assert(std::is_same_v<decltype(f.get("k", 0)), int>);
  int n = f.get("k", 0) + f.get("k", handler);
  n += f.set("k", "v", 0);
  n += f.set("k", "v", {}, 0);
  n += f.set("k", "v", {.condition = typedis::nx{}, .expiration = typedis::ex{std::chrono::seconds(10)}}, 0);
  n += f.zadd("z", {{1.5, "a"}, {2, "b"}}, 0);
  n += f.zadd("z", {{1, "a"}}, {.condition = typedis::xx{}, .comparison = typedis::gt{}, .ch = true}, 0);
  n += f.hset("h", "f", "v", 0);
  n += f.hset("h", {{"f", "v"}, {"g", "w"}}, handler);
  n += f.del({"a", "b"}, 0);
  n += f.command_info_(0);
#ifdef WITH_MODULES
  n += f.json_get("doc", "$", 0);
  n += f.json_get("doc", "$", {.indent = "\t"}, 0);
  n += f.json_set("doc", "$", nlohmann::json{{"a", 1}}, 0);
  n += f.ts_add("t", typedis::timeseries::timestamp::now(), 1, 0);
  n += f.ts_add("t", typedis::timeseries::timestamp::now(), 1, {.retention = std::chrono::milliseconds(5)}, 0);
  n += f.ft_search("idx", "*", 0);
  n += f.ft_search("idx", "*", {.nocontent = true}, 0);
  n += f.vadd("vs", {1.0f, -2.0f}, "e", 0);
  n += f.vadd("vs", {1.0f, -2.0f}, "e", {.setattr = nlohmann::json{{"a", 1}}}, 0);
#endif
  return n;
}
"""

GROUP_TU = r"""
// one group's async mixin alone, and a module group's without <typedis/modules.hpp>
#include <typedis/async_commands/json.hpp>
#include <typedis/async_commands/string.hpp>

struct fake : typedis::async_string_commands<fake>, typedis::async_json_commands<fake> {
  template <class T, class Tok>
  int async_execute(const typedis::command<T>&, Tok&&) { return 0; }
};

int main() {
  fake f;
  return f.get("k", 0) + f.set("k", "v", {.condition = typedis::xx{}}, 0);
}
"""

USER_TU = r"""
#include <acme/generated/async_command_methods.hpp>
#include <typedis/generated/async_command_methods.hpp>

struct fake : typedis::async_all_commands<fake>, acme::async_commands<fake> {
  template <class T, class Tok>
  int async_execute(const typedis::command<T>&, Tok&&) { return 0; }
};

int main() {
  fake f;
  return f.get("k", 0) + f.mycmd("k", 0) + f.mycmd("k", {.n = 3}, 0) + f.myjson_debug_fields("k", {.path = "$"}, 0)
       + f.myjson_debug_fields("k", 0);
}
"""


@unittest.skipUnless(find_compiler(), "no C++ compiler (CXX, g++ or clang++)")
class AsyncMixinsCompile(unittest.TestCase):
    """A fake executor on the committed generated/ tree and on a user namespace: -fsyntax-only."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="typedis_async_mixins_")

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def compile(self, name, source, *include_dirs):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(source)
        cmd = [find_compiler(), "-std=c++20", "-fsyntax-only", "-Wall", "-Wextra", "-Wpedantic", "-Werror"]
        cmd += ["-I" + d for d in include_dirs + (os.path.join(REPO, "include"), os.path.join(REPO, "generated", "include"))]
        r = subprocess.run(cmd + [path], capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, " ".join(cmd) + "\n" + r.stderr[-6000:])

    def test_core(self):
        self.compile("core.cpp", CORE_TU)

    def test_one_group(self):
        self.compile("group.cpp", GROUP_TU)

    def test_user_namespace(self):
        spec = os.path.join(self.tmp, "spec")
        os.makedirs(spec)
        shutil.copy(os.path.join(SPEC_ROOT, "schema.json"), spec)
        case = tg.GeneratorCase()
        case.spec_dir = spec
        case.write(tg.command("MYCMD", [tg.key(), {"name": "n", "type": "integer", "token": "N", "optional": True}],
                              group="mymodule"),
                   tg.command("FIELDS", [tg.key(), {"name": "path", "type": "string", "optional": True}],
                              group="json", container="MYJSON.DEBUG", module="json", arity=-3))
        out = os.path.join(self.tmp, "out")
        generator.generate(spec, out, namespace="acme")
        self.compile("user.cpp", USER_TU, os.path.join(out, "include"))


if __name__ == "__main__":
    unittest.main()
