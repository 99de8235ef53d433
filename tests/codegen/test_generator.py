"""Unit tests of the C++ generator (codegen/typedis_codegen/generator.py) on small hand-written specs.

Every grammar feature (key string integer double pattern unix-time pure-token oneof block;
optional multiple multiple_token token since unit), counts, method splits, reply shapes, name
mangling rules, validation messages and determinism.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

from _helpers import REPO, SPEC_ROOT  # noqa: F401  (sets sys.path)

from typedis_codegen import generator  # noqa: E402

SCHEMA = os.path.join(SPEC_ROOT, "schema.json")


def command(name, arguments=(), group="string", container=None, reply="integer", **extra):
    spec = {"name": name, "group": group, "since": "1.0.0", "arity": -1, "flags": ["write"],
            "acl_categories": ["write"], "key_specs": [
                {"flags": ["rw"], "begin_search": {"type": "index", "index": 1},
                 "find_keys": {"type": "range", "lastkey": 0, "step": 1, "limit": 0}}],
            "idempotent": False, "arguments": list(arguments), "curated": True}
    if container:
        spec["container"] = container
    if "methods" not in extra:
        spec["reply"] = {"resp2": reply, "resp3": reply}
    spec.update(extra)
    return spec


def read(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def key(name="key"):
    return {"name": name, "type": "key", "key_spec_index": 0}


class GeneratorCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="typedis_gen_test_")
        self.spec_dir = os.path.join(self.tmp, "spec")
        os.makedirs(self.spec_dir)
        shutil.copy(SCHEMA, self.spec_dir)

    def tearDown(self):
        shutil.rmtree(self.tmp)

    def write(self, *specs):
        for s in specs:
            d = os.path.join(self.spec_dir, "core", s["group"])
            os.makedirs(d, exist_ok=True)
            stem = ((s.get("container", "") + "-") if s.get("container") else "") + s["name"]
            with open(os.path.join(d, stem.lower() + ".json"), "w") as fh:
                json.dump(s, fh)

    def generate(self, *specs, namespace="typedis"):
        self.write(*specs)
        out = os.path.join(self.tmp, "out")
        gen, files = generator.generate(self.spec_dir, out, namespace=namespace)
        self.files = files
        return files

    def header(self, group="string"):
        return self.files["include/typedis/generated/%s.hpp" % group]

    def source(self, group="string"):
        return self.files["src/%s.cpp" % group]

    def body(self, fn, group="string"):
        src = self.source(group)
        # the encoder's body (the builder only wraps it into a command<T>)
        m = re.search(r"> %s\(typedis::resp::writer& w_.*?\) \{\n(.*?)\n\}\n" % re.escape(fn), src, re.S)
        self.assertIsNotNone(m, "no definition of %s in\n%s" % (fn, src))
        return m.group(1)


class ArgumentTypes(GeneratorCase):
    def test_scalars_map_to_cxx_types_in_order(self):
        self.generate(command("CMD", [key(), {"name": "field", "type": "string"},
                                      {"name": "n", "type": "integer"}, {"name": "score", "type": "double"},
                                      {"name": "pattern", "type": "pattern"}]))
        self.assertIn("typedis::command<long long> cmd(typedis::string_arg key, typedis::value_arg field, long long n, "
                      "double score, typedis::string_arg pattern);", self.header())
        b = self.body("cmd")
        self.assertIn('w_.token("$3\\r\\nCMD\\r\\n");\n  w_.bulk(key);\n  w_.bulk(field);\n  w_.integer(n);\n'
                      '  typedis::encode(w_, score);\n  w_.bulk(pattern);', b)

    def test_units_become_chrono_types(self):
        self.generate(command("CMD", [key(),
                                      {"name": "seconds", "type": "integer", "unit": "seconds"},
                                      {"name": "ms", "type": "integer", "unit": "milliseconds"},
                                      {"name": "timeout", "type": "double", "unit": "seconds"},
                                      {"name": "at", "type": "unix-time", "unit": "milliseconds"},
                                      {"name": "at-s", "type": "unix-time"}]))
        h = self.header()
        self.assertIn("std::chrono::seconds seconds, std::chrono::milliseconds ms, std::chrono::duration<double> timeout, "
                      "std::chrono::system_clock::time_point at, std::chrono::system_clock::time_point at_s", h)
        b = self.body("cmd")
        self.assertIn("w_.integer(seconds.count());", b)
        self.assertIn("typedis::encode(w_, timeout.count());", b)
        self.assertIn("duration_cast<std::chrono::milliseconds>(at.time_since_epoch())", b)
        self.assertIn("duration_cast<std::chrono::seconds>(at_s.time_since_epoch())", b)

    def test_optional_arguments_go_to_the_options_struct(self):
        self.generate(command("CMD", [key(), {"name": "count", "type": "integer", "token": "COUNT", "optional": True},
                                      {"name": "ch", "type": "pure-token", "token": "CH", "optional": True,
                                       "since": "3.0.2"}]))
        h = self.header()
        self.assertIn("struct cmd_options {\n  std::optional<long long> count = std::nullopt;  ///< `[COUNT count]`\n"
                      "  bool ch{};  ///< `[CH]` (since 3.0.2)\n};", h)
        self.assertIn("cmd(typedis::string_arg key, const typedis::cmd::cmd_options& options = {});", h)
        b = self.body("cmd")
        self.assertIn('if (options.count) {\n    w_.token("$5\\r\\nCOUNT\\r\\n");\n    w_.integer((*options.count));\n  }', b)
        self.assertIn('if (options.ch) w_.token("$2\\r\\nCH\\r\\n");', b)

    def test_required_pure_token_is_always_sent(self):
        self.generate(command("CMD", [key(), {"name": "len", "type": "pure-token", "token": "LEN"}]))
        self.assertIn("cmd(typedis::string_arg key);", self.header())
        self.assertIn('w_.token("$3\\r\\nLEN\\r\\n");', self.body("cmd"))

    def test_multiple_is_an_arg_range_and_multiple_token_repeats(self):
        self.generate(command("CMD", [{"name": "key", "type": "key", "key_spec_index": 0, "multiple": True},
                                      {"name": "get", "type": "pattern", "token": "GET", "optional": True,
                                       "multiple": True, "multiple_token": True},
                                      {"name": "id", "type": "string", "token": "IDS", "optional": True,
                                       "multiple": True}]))
        h = self.header()
        self.assertIn("cmd(typedis::arg_range<typedis::string_arg> key, const typedis::cmd::cmd_options& options = {});", h)
        self.assertIn("typedis::arg_range<typedis::string_arg> get{};", h)
        b = self.body("cmd")
        self.assertIn("key.for_each([&](const auto& e0_) {\n    w_.bulk(e0_);\n  });", b)
        self.assertIn('options.get.for_each([&](const auto& e0_) {\n      w_.token("$3\\r\\nGET\\r\\n");\n      w_.bulk(e0_);', b)
        self.assertIn('if (!options.ids.empty()) {\n    w_.token("$3\\r\\nIDS\\r\\n");\n    options.ids.for_each(', b)

    def test_counts_are_computed(self):
        self.generate(command("CMD", [{"name": "numkeys", "type": "integer"},
                                      {"name": "key", "type": "key", "key_spec_index": 0, "multiple": True},
                                      {"name": "fields", "type": "block", "token": "FIELDS", "arguments": [
                                          {"name": "numfields", "type": "integer"},
                                          {"name": "field", "type": "string", "multiple": True}]}]))
        self.assertIn("cmd(typedis::arg_range<typedis::string_arg> key, typedis::arg_range<typedis::value_arg> field);",
                      self.header())
        b = self.body("cmd")
        self.assertIn("w_.integer(key.size());", b)
        self.assertIn('w_.token("$6\\r\\nFIELDS\\r\\n");\n  w_.integer(field.size());', b)

    def test_declared_counts_items_and_words(self):
        self.generate(command("CMD", [key(), {"name": "prefix", "type": "block", "optional": True, "arguments": [
            {"name": "count", "type": "integer", "token": "PREFIX", "count": "items"},
            {"name": "prefix", "type": "string", "multiple": True}]},
            {"name": "params", "type": "block", "optional": True, "arguments": [
                {"name": "params", "type": "pure-token", "token": "PARAMS"},
                {"name": "nargs", "type": "integer", "count": "words"},
                {"name": "values", "type": "block", "multiple": True, "arguments": [
                    {"name": "name", "type": "string"}, {"name": "value", "type": "string"}]}]}]))
        b = self.body("cmd")
        self.assertIn('w_.token("$6\\r\\nPREFIX\\r\\n");\n    w_.integer((*options.prefix).size());', b)
        self.assertIn('w_.token("$6\\r\\nPARAMS\\r\\n");\n    w_.integer((*options.params).size() * 2);', b)
        self.assertNotIn("long long", self.header().split("///")[0])  # no count member for the user to fill

    def test_words_count_of_variable_width_elements_is_counted_as_encoded(self):
        self.generate(command("CMD", [key(), {"name": "n", "type": "integer", "token": "RETURN", "count": "words"},
                                      {"name": "items", "type": "block", "multiple": True, "arguments": [
                                          {"name": "a", "type": "string"},
                                          {"name": "b", "type": "string", "token": "AS", "optional": True}]}]))
        b = self.body("cmd")
        self.assertIn('w_.token("$6\\r\\nRETURN\\r\\n");\n  {\n    typedis::resp::writer c_;\n    items.for_each(', b)
        self.assertIn("c_.bulk(e1_.a);", b)
        self.assertIn("w_.integer(c_.argc());\n  }\n  items.for_each(", b)

    def test_json_and_custom_arguments(self):
        self.generate(command("CMD", [key(), {"name": "value", "type": "json"},
                                      {"name": "schema", "type": "custom", "custom": "field-list"},
                                      {"name": "attrs", "type": "json", "token": "SETATTR", "optional": True}],
                              group="search", reply={"type": "custom", "name": "search-result"}))
        h = self.header("search")
        self.assertIn("#include <nlohmann/json_fwd.hpp>", h)
        self.assertIn('#include "typedis/json_arg.hpp"', h)
        self.assertIn('#include "typedis/search/field_list.hpp"', h)
        # reply types written by hand are only declared: typedis.hpp never needs their headers
        self.assertIn("namespace typedis::search {\nstruct search_result;\n}", h)
        self.assertIn("typedis::command<typedis::search::search_result> cmd(typedis::string_arg key, "
                      "const typedis::json_arg& value, const typedis::search::field_list& schema, "
                      "const typedis::cmd::cmd_options& options = {});", h)
        self.assertIn("std::optional<typedis::json_arg> setattr = std::nullopt;", h)
        b = self.body("cmd", "search")
        self.assertIn("typedis::encode(w_, value);\n  typedis::encode(w_, schema);", b)
        self.assertIn('w_.token("$7\\r\\nSETATTR\\r\\n");\n    typedis::encode(w_, (*options.setattr));', b)

    def test_module_groups_are_only_declared_in_commands_hpp(self):
        self.generate(command("GET"), command("FT.CMD", [key(), {"name": "mode", "type": "oneof", "arguments": [
            {"name": "a", "type": "pure-token", "token": "A"}, {"name": "b", "type": "pure-token", "token": "B"}]},
            {"name": "pair", "type": "oneof", "arguments": [
                {"name": "x", "type": "integer", "token": "X"}, {"name": "y", "type": "string", "token": "Y"}]},
            {"name": "n", "type": "integer", "token": "N", "optional": True}],
            group="search", module="search", reply={"type": "custom", "name": "search-result"}))
        commands = self.files["include/typedis/generated/commands.hpp"]
        self.assertIn('#include "typedis/generated/search_decl.hpp"', commands)
        self.assertIn('#include "typedis/generated/string.hpp"', commands)
        self.assertNotIn('generated/search.hpp"', commands)
        self.assertIn('#include "typedis/generated/search.hpp"', self.files["include/typedis/generated/modules.hpp"])
        decl = self.files["include/typedis/generated/search_decl.hpp"]
        self.assertIn("enum class ft_cmd_mode : unsigned char;", decl)
        self.assertIn("struct ft_cmd_options;", decl)
        self.assertIn("namespace typedis::search {\nstruct search_result;\n}", decl)
        # class types by reference, no default arguments: the types are incomplete here
        self.assertIn("ft_cmd(typedis::string_arg key, typedis::cmd::ft_cmd_mode mode, "
                      "const std::variant<typedis::x, typedis::y>& pair, "
                      "const typedis::cmd::ft_cmd_options& options);", decl)
        full = self.header("search")
        self.assertIn("const typedis::cmd::ft_cmd_options& options = {});", full)

    def test_pure_token_oneof_is_an_enum(self):
        self.generate(command("CMD", [key(), {"name": "condition", "type": "oneof", "optional": True, "arguments": [
            {"name": "fnx", "type": "pure-token", "token": "FNX"}, {"name": "fxx", "type": "pure-token", "token": "FXX"}]},
            {"name": "where", "type": "oneof", "arguments": [
                {"name": "left", "type": "pure-token", "token": "LEFT"},
                {"name": "right", "type": "pure-token", "token": "RIGHT"}]}]))
        h = self.header()
        self.assertIn("enum class cmd_condition : unsigned char {\n  fnx,  ///< sent as `FNX`\n  fxx,  ///< sent as `FXX`\n};", h)
        self.assertIn("cmd(typedis::string_arg key, typedis::cmd::cmd_where where, const typedis::cmd::cmd_options& options = {});", h)
        self.assertIn("std::optional<typedis::cmd::cmd_condition> condition = std::nullopt;", h)
        src = self.source()
        self.assertIn('constexpr std::string_view cmd_condition_tokens[] = {"FNX", "FXX"};', src)
        self.assertIn("w_.bulk(cmd_where_tokens[static_cast<std::size_t>(where)]);", src)

    def test_oneof_with_values_is_a_variant_of_shared_tags(self):
        expiration = {"name": "expiration", "type": "oneof", "optional": True, "arguments": [
            {"name": "seconds", "type": "integer", "token": "EX", "unit": "seconds"},
            {"name": "keepttl", "type": "pure-token", "token": "KEEPTTL"}]}
        self.generate(command("SET", [key(), expiration]), command("GETEX", [key(), expiration]))
        tags = self.files["include/typedis/generated/tags.hpp"]
        self.assertIn("struct ex {\n  std::chrono::seconds value{};  ///< `seconds`\n};", tags)
        self.assertIn("struct keepttl {};", tags)
        h = self.header()
        self.assertIn("std::optional<std::variant<typedis::ex, typedis::keepttl>> expiration = std::nullopt;", h)
        self.assertEqual(h.count("std::variant<typedis::ex, typedis::keepttl>"), 2)  # shared by SET and GETEX
        b = self.body("set")
        self.assertIn("switch ((*options.expiration).index()) {", b)
        self.assertIn('w_.token("$2\\r\\nEX\\r\\n");\n        w_.integer(x0_.value.count());', b)

    def test_conflicting_tokens_are_not_shared(self):
        self.generate(command("A", [key(), {"name": "o", "type": "oneof", "arguments": [
            {"name": "id", "type": "integer", "token": "ID"}, {"name": "all", "type": "pure-token", "token": "ALL"}]}]),
            command("B", [key(), {"name": "o", "type": "oneof", "arguments": [
                {"name": "id", "type": "string", "token": "ID"}, {"name": "all", "type": "pure-token", "token": "ALL"}]}]))
        h = self.header()
        self.assertIn("std::variant<typedis::cmd::a_o_id, typedis::all>", h)
        self.assertIn("std::variant<typedis::cmd::b_o_id, typedis::all>", h)

    def test_block_is_a_struct_and_repeated_pairs_are_pairs(self):
        self.generate(command("CMD", [key(),
                                      {"name": "data", "type": "block", "multiple": True, "arguments": [
                                          {"name": "score", "type": "double"}, {"name": "member", "type": "string"}]},
                                      {"name": "pos", "type": "block", "multiple": True, "arguments": [
                                          {"name": "longitude", "type": "double"}, {"name": "latitude", "type": "double"},
                                          {"name": "member", "type": "string"}]},
                                      {"name": "limit", "type": "block", "token": "LIMIT", "optional": True, "arguments": [
                                          {"name": "offset", "type": "integer"}, {"name": "count", "type": "integer"}]}]))
        h = self.header()
        self.assertIn("typedis::arg_range<std::pair<double, typedis::value_arg>> data", h)
        self.assertIn("struct cmd_pos {\n  double longitude{};  ///< `longitude`\n  double latitude{};  ///< `latitude`\n"
                      "  typedis::value_arg member{};  ///< `member`\n};", h)
        self.assertIn("std::optional<typedis::cmd::cmd_limit> limit = std::nullopt;", h)
        b = self.body("cmd")
        self.assertIn("typedis::encode(w_, e0_.first);\n    w_.bulk(e0_.second);", b)
        self.assertIn('w_.token("$5\\r\\nLIMIT\\r\\n");\n    w_.integer((*options.limit).offset);', b)

    def test_required_block_is_flattened_into_parameters(self):
        self.generate(command("CMD", [key(), {"name": "range", "type": "block", "arguments": [
            {"name": "start", "type": "integer"}, {"name": "end", "type": "integer"}]}]))
        self.assertIn("cmd(typedis::string_arg key, long long start, long long end);", self.header())


class Names(GeneratorCase):
    def test_subcommands_hyphens_keywords(self):
        self.generate(command("GET", [key()], group="server", container="CONFIG"),
                      command("NO-EVICT", [{"name": "enabled", "type": "oneof", "arguments": [
                          {"name": "on", "type": "pure-token", "token": "ON"},
                          {"name": "off", "type": "pure-token", "token": "OFF"}]}], group="server", container="CLIENT"),
                      command("BITOP", [{"name": "operation", "type": "oneof", "arguments": [
                          {"name": "and", "type": "pure-token", "token": "AND"},
                          {"name": "not", "type": "pure-token", "token": "NOT"}]},
                          {"name": "default", "type": "string"}, {"name": "new", "type": "string"},
                          {"name": "lib-name", "type": "string"}], group="server"))
        h = self.header("server")
        self.assertIn(" config_get(typedis::string_arg key);", h)
        self.assertIn(" client_no_evict(typedis::cmd::client_no_evict_enabled enabled);", h)
        self.assertIn("  and_,  ///< sent as `AND`\n  not_,  ///< sent as `NOT`", h)
        self.assertIn("typedis::value_arg default_, typedis::value_arg new_, typedis::value_arg lib_name", h)
        self.assertIn('w_.token("$6\\r\\nCONFIG\\r\\n");\n  w_.token("$3\\r\\nGET\\r\\n");', self.body("config_get", "server"))

    def test_token_that_is_not_an_identifier_uses_the_argument_name(self):
        self.generate(command("XTRIM", [key(), {"name": "operator", "type": "oneof", "optional": True, "arguments": [
            {"name": "equal", "type": "pure-token", "token": "="},
            {"name": "approximately", "type": "pure-token", "token": "~"}]}]))
        h = self.header()
        self.assertIn("enum class xtrim_operator_ : unsigned char {\n  equal,  ///< sent as `=`\n  approximately,  ///< sent as `~`\n};", h)
        self.assertIn("std::optional<typedis::cmd::xtrim_operator_> operator_ = std::nullopt;", h)

    def test_mixin_renames_methods_that_hide_runtime_names(self):
        self.generate(command("INFO", [], group="server", container="COMMAND"))
        m = self.files["include/typedis/commands/server.hpp"]
        self.assertIn("decltype(auto) command_info_() {", m)
        self.assertIn("&typedis::cmd::encoders::command_info)", m)

    def test_one_mixin_per_group_and_their_unions(self):
        self.generate(command("GET", [key()]), command("LLEN", [key()], group="list"))
        s = self.files["include/typedis/commands/string.hpp"]
        self.assertIn('#include "typedis/generated/string.hpp"', s)
        self.assertIn("template <class Executor>\nclass string_commands {", s)
        self.assertIn("decltype(auto) get(typedis::string_arg key) {", s)
        self.assertNotIn("llen", s)
        self.assertIn("class list_commands {", self.files["include/typedis/commands/list.hpp"])
        u = self.files["include/typedis/generated/command_methods.hpp"]
        self.assertIn('#include "typedis/commands/list.hpp"\n#include "typedis/commands/string.hpp"', u)
        self.assertIn("class core_commands\n    : public list_commands<Executor>\n    , public string_commands<Executor>\n{};", u)
        self.assertIn("class all_commands\n    : public core_commands<Executor>\n    , public module_commands<Executor>\n{};", u)
        self.assertIn("using command_methods = all_commands<Executor>;", u)

    def test_connection_state_commands_are_only_on_pinned_connections(self):
        select = command("SELECT", [{"name": "index", "type": "integer"}], group="connection")
        select["connection_state"] = "pinned"
        multi = command("MULTI", [], group="transactions")
        multi["connection_state"] = "transaction"
        self.generate(select, multi, command("PING", [], group="connection"))
        c = self.files["include/typedis/commands/connection.hpp"]
        self.assertIn("decltype(auto) ping() {", c)
        self.assertNotIn("select", c)
        self.assertNotIn("multi", self.files["include/typedis/commands/transactions.hpp"])
        pinned = self.files["include/typedis/generated/connection_state_commands.hpp"]
        self.assertIn("class connection_state_commands {", pinned)
        self.assertIn("decltype(auto) select(long long index) {", pinned)
        self.assertNotIn("multi", pinned)  # the transaction objects send MULTI themselves
        self.assertIn("typedis::command_flag::connection_state", self.source("connection"))
        self.assertIn("typedis::command_flag::connection_state", self.source("transactions"))
        ping_info = re.search(r"ping_info\{.*?\};", self.source("connection"), re.S)
        self.assertIsNotNone(ping_info)
        self.assertNotIn("connection_state", ping_info.group(0))

    def test_ident(self):
        self.assertEqual(generator.ident("CLIENT NO-EVICT"), "client_no_evict")
        self.assertEqual(generator.ident("class"), "class_")
        self.assertEqual(generator.ident("xor"), "xor_")
        self.assertEqual(generator.ident("2nd"), "_2nd")
        self.assertEqual(generator.token_ident("LIB-NAME"), "lib_name")
        self.assertIsNone(generator.token_ident("*"))


class Methods(GeneratorCase):
    def test_a_builder_wraps_its_encoder_and_a_mixin_hands_the_encoder_over(self):
        # issue 16 item 2: the arguments are written once, by the encoder, which a pipeline calls
        # with its own buffer; the builder and the mixin method add nothing of their own.
        self.generate(command("KILL", [{"name": "addr", "type": "string"}], group="connection", container="CLIENT"))
        h = self.header("connection")
        self.assertIn("typedis::encoded<long long> client_kill(typedis::resp::writer& w, typedis::value_arg addr);", h)
        src = self.source("connection")
        self.assertIn("typedis::command<long long> client_kill(typedis::value_arg addr) {\n"
                      "  typedis::resp::writer w_;\n"
                      "  const auto done = encoders::client_kill(w_, addr);\n"
                      "  return typedis::command<long long>(done, std::move(w_));\n}", src)
        self.assertEqual(self.body("client_kill", "connection"),
                         '  w_.token("$6\\r\\nCLIENT\\r\\n");\n  w_.token("$4\\r\\nKILL\\r\\n");\n  w_.bulk(addr);\n'
                         '  return typedis::encoded<long long>(client_kill_info);')
        mixin = self.files["include/typedis/commands/connection.hpp"]
        self.assertIn("return typedis::detail::call_encoder(self_(), &typedis::cmd::encoders::client_kill, addr);", mixin)

    def test_fixed_words_are_pre_encoded_with_their_byte_length(self):
        self.assertEqual(generator.resp_bulk("GET"), '"$3\\r\\nGET\\r\\n"')
        self.assertEqual(generator.resp_bulk("WITHSCORES"), '"$10\\r\\nWITHSCORES\\r\\n"')
        self.assertEqual(generator.resp_bulk("é"), '"$2\\r\\né\\r\\n"')  # bytes, not characters

    def test_methods_split_the_reply_type(self):
        self.generate(command("SET", [key(), {"name": "value", "type": "string"},
                                      {"name": "get", "type": "pure-token", "token": "GET", "optional": True}],
                              idempotent=True, methods=[
                                  {"name": "set", "args": {"get": "absent"},
                                   "reply": {"resp2": {"type": "nullable", "of": "ok"}, "resp3": {"type": "nullable", "of": "ok"}}},
                                  {"name": "set_get", "args": {"get": "present"}, "idempotent": False,
                                   "reply": {"resp2": {"type": "nullable", "of": "string"}, "resp3": {"type": "nullable", "of": "string"}}}]))
        h = self.header()
        self.assertIn("typedis::command<std::optional<typedis::ok>> set(typedis::string_arg key, typedis::value_arg value);", h)
        self.assertIn("typedis::command<std::optional<std::string>> set_get(typedis::string_arg key, typedis::value_arg value);", h)
        self.assertIn('w_.token("$3\\r\\nGET\\r\\n");', self.body("set_get"))
        self.assertNotIn('"GET"', self.body("set"))
        src = self.source()
        self.assertRegex(src, r"set_info\{\n    \.name = \"SET\",\n    \.flags = [^\n]*idempotent")
        self.assertNotRegex(src, r"set_get_info\{\n    \.name = \"SET\",\n    \.flags = [^\n]*idempotent")

    def test_oneof_branch_selection(self):
        self.generate(command("ZRANGE", [key(), {"name": "mode", "type": "oneof", "optional": True, "arguments": [
            {"name": "withscores", "type": "pure-token", "token": "WITHSCORES"},
            {"name": "count", "type": "integer", "token": "COUNT"}]}], methods=[
            {"name": "zrange_count", "args": {"mode/count": "present"}, "reply": {"resp2": "integer", "resp3": "integer"}}]))
        self.assertIn("zrange_count(typedis::string_arg key, long long count);", self.header())


class Replies(GeneratorCase):
    def reply_of(self, shape, resp2=None):
        spec = command("CMD", [key()])
        spec["reply"] = {"resp2": resp2 or shape, "resp3": shape}
        self.generate(spec)
        m = re.search(r"typedis::command<(.*)> cmd\(", self.header())
        return m.group(1)

    def test_shapes(self):
        cases = [
            ("ok", "typedis::ok"), ("status", "std::string"), ("string", "std::string"), ("integer", "long long"),
            ("bool", "bool"), ("double", "double"), ("any", "typedis::resp::value"), ("null", "typedis::ignore_t"),
            ({"type": "nullable", "of": "string"}, "std::optional<std::string>"),
            ({"type": "array", "of": "integer"}, "std::vector<long long>"),
            ({"type": "set", "of": "string"}, "std::unordered_set<std::string>"),
            ({"type": "map", "key": "string", "value": "double"}, "std::unordered_map<std::string, double>"),
            ({"type": "tuple", "items": ["string", "double"]}, "std::pair<std::string, double>"),
            ({"type": "tuple", "items": ["string", "string", "double"]}, "std::tuple<std::string, std::string, double>"),
            ({"type": "variant", "of": ["ok", "string"]}, "std::variant<typedis::ok, std::string>"),
        ]
        for shape, cxx in cases:
            with self.subTest(shape=shape):
                self.tearDown()
                self.setUp()
                self.assertEqual(self.reply_of(shape), cxx)

    def test_uncurated_reply_is_a_generic_value_and_says_so(self):
        spec = command("CMD", [key()], reply={"type": "array", "of": "string"})
        spec["curated"] = False
        self.generate(spec)
        h = self.header()
        self.assertIn("typedis::command<typedis::resp::value> cmd(", h)
        self.assertIn("/// @note Reply not curated yet: returned as typedis::resp::value.", h)

    def test_struct_reply_and_decoder(self):
        shape = {"type": "struct", "name": "stream_info", "form": "map", "fields": [
            {"name": "length", "type": "integer"},
            {"name": "last_generated_id", "key": "last-generated-id", "type": "string"},
            {"name": "entries_added", "key": "entries-added", "type": "integer", "optional": True, "since": "7.0.0"}]}
        self.assertEqual(self.reply_of(shape), "typedis::reply::stream_info")
        h = self.files["include/typedis/generated/replies.hpp"]
        self.assertIn("struct stream_info {\n  long long length{};  ///< `length`\n"
                      "  std::string last_generated_id{};  ///< `last-generated-id`\n"
                      "  std::optional<long long> entries_added{};  ///< `entries-added`, since 7.0.0\n};", h)
        self.assertIn("struct decoder<typedis::reply::stream_info> {", h)
        src = self.files["src/replies.cpp"]
        self.assertIn('if (key == "last-generated-id") {', src)
        self.assertIn("cursor.skip();", src)  # unknown keys
        self.assertIn('if (!seen[1]) detail::throw_missing_field("stream_info", "last-generated-id");', src)
        self.assertNotIn('"entries-added");', src)  # optional: no check

    def test_array_struct_with_present_if_fields(self):
        shape = {"type": "array", "of": {"type": "struct", "name": "geo_entry", "form": "array", "fields": [
            {"name": "member", "type": "string"},
            {"name": "distance", "type": {"type": "double", "encoding": "string"}, "optional": True, "present_if": "withdist"},
            {"name": "hash", "type": "integer", "optional": True, "present_if": "withhash"}]}}
        self.assertEqual(self.reply_of(shape), "std::vector<typedis::reply::geo_entry>")
        src = self.files["src/replies.cpp"]
        self.assertIn("detail::next_wire_is(cursor, detail::wire_bit(resp::type::integer))", src)
        self.assertIn("detail::wire_bit(resp::type::double_type) | detail::wire_bit(resp::type::bulk_string)", src)


class Metadata(GeneratorCase):
    def test_flags_keys_tips_deprecation_docs(self):
        spec = command("LMPOP", [{"name": "numkeys", "type": "integer"},
                                 {"name": "key", "type": "key", "key_spec_index": 0, "multiple": True}],
                       group="list", complexity="O(N+M)", tips={"request_policy": "multi_shard"},
                       deprecated={"since": "6.2.0", "replaced_by": ["BLMPOP"]})
        spec["flags"] = ["write", "blocking", "movablekeys"]
        spec["key_specs"] = [{"flags": ["rw"], "begin_search": {"type": "index", "index": 1},
                              "find_keys": {"type": "keynum", "keynumidx": 0, "firstkey": 1, "step": 1}}]
        self.generate(spec)
        src = self.source("list")
        self.assertIn("{typedis::key_spec::kind::keynum, 1, 0, 1, 1, \"\", 0},", src)
        self.assertIn(".flags = typedis::command_flag::write | typedis::command_flag::blocking,", src)
        self.assertIn('.request_policy = "multi_shard",', src)
        h = self.header("list")
        self.assertIn('[[deprecated("use BLMPOP (deprecated since 6.2.0)")]]', h)
        # doxygen's form (docs/api/): grammar as a code span, since, complexity, escaped ACL categories
        self.assertIn("/// `LMPOP numkeys key [key ...]`\n///\n/// @since 1.0.0\n/// @par Complexity\n/// O(N+M)\n"
                      "/// @par ACL categories\n/// \\@write", h)
        self.assertIn("/// @ingroup commands_list\n", h)
        mixin = self.files["include/typedis/commands/list.hpp"]
        self.assertIn('#pragma GCC diagnostic ignored "-Wdeprecated-declarations"', mixin)
        self.assertIn("decltype(auto) lmpop(typedis::arg_range<typedis::string_arg> key) {\n"
                      "    return typedis::detail::call_encoder(self_(), &typedis::cmd::encoders::lmpop, key);", mixin)


class Cli(GeneratorCase):
    def run_cli(self, *args):
        return subprocess.run([sys.executable, os.path.join(REPO, "codegen", "generate.py")] + list(args),
                              capture_output=True, text=True)

    def test_invalid_spec_names_file_command_and_field(self):
        bad = command("CMD", [key(), {"name": "n", "type": "integr"}])
        self.write(bad)
        r = self.run_cli("--spec", self.spec_dir, "--out", os.path.join(self.tmp, "out"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("core/string/cmd.json", r.stderr)
        self.assertIn("command CMD", r.stderr)
        self.assertIn("field arguments[1].type (argument n)", r.stderr)
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "out")))

    def test_output_is_deterministic_and_stale_files_are_removed(self):
        self.write(command("A", [key()]), command("B", [key()], group="list"))
        out1, out2 = os.path.join(self.tmp, "o1"), os.path.join(self.tmp, "o2")
        self.assertEqual(self.run_cli("--spec", self.spec_dir, "--out", out1).returncode, 0)
        self.assertEqual(self.run_cli("--spec", self.spec_dir, "--out", out2).returncode, 0)
        self.assertEqual(subprocess.run(["diff", "-r", out1, out2]).returncode, 0)
        os.remove(os.path.join(self.spec_dir, "core", "list", "b.json"))
        self.assertEqual(self.run_cli("--spec", self.spec_dir, "--out", out1).returncode, 0)
        self.assertFalse(os.path.exists(os.path.join(out1, "src", "list.cpp")))

    def test_user_namespace(self):
        self.write(command("MYCMD", [key()], group="mymodule"))
        out = os.path.join(self.tmp, "user")
        self.assertEqual(self.run_cli("--spec", self.spec_dir, "--out", out, "--namespace", "acme").returncode, 0)
        h = read(os.path.join(out, "include", "acme", "generated", "mymodule.hpp"))
        self.assertIn("namespace acme::cmd {", h)
        self.assertIn("mycmd(typedis::string_arg key);", h)
        self.assertFalse(os.path.exists(os.path.join(out, "include", "typedis")))
        m = read(os.path.join(out, "include", "acme", "generated", "command_methods.hpp"))
        self.assertIn("namespace acme {", m)
        self.assertNotIn("make_command", m)  # the generic command<T>() is typedis::command_by_name's
        # one mixin for the whole extension, to compose with typedis's: basic_client<all_commands, acme::commands>
        self.assertIn("template <class Executor>\nclass commands {", m)
        self.assertIn("decltype(auto) mycmd(typedis::string_arg key) {", m)
        self.assertIn("template <class Executor>\nusing command_methods = commands<Executor>;", m)
        self.assertFalse(os.path.exists(os.path.join(out, "include", "acme", "generated", "connection_state_commands.hpp")))


class Unusable(GeneratorCase):
    """Issue 19: a file whose method could never make a valid call is refused, not generated."""

    def refused(self, spec):
        self.write(spec)
        with self.assertRaises(generator.SpecError) as ctx:
            generator.generate(self.spec_dir, os.path.join(self.tmp, "out"), namespace="acme")
        self.assertFalse(os.path.exists(os.path.join(self.tmp, "out")))
        return str(ctx.exception)

    def test_incomplete_file_is_refused_with_its_reason(self):
        msg = self.refused(command("FIELDS", [key()], group="json", container="JSON.DEBUG", module="json",
                                   incomplete="arity -3 allows further arguments after word 2"))
        self.assertIn("command JSON.DEBUG FIELDS: incomplete", msg)
        self.assertIn("arity -3 allows further arguments after word 2", msg)
        self.assertIn('delete "incomplete"', msg)

    def test_no_arguments_although_the_arity_needs_some(self):
        msg = self.refused(command("DEPTH", [], group="json", container="JSON.DEBUG", arity=3))
        self.assertIn("command JSON.DEBUG DEPTH: field arguments: none, but arity 3 needs at least 1", msg)
        msg = self.refused(command("DEBUG", [], group="server", arity=-2))
        self.assertIn("arity -2 needs at least 1", msg)

    def test_no_arguments_and_an_arity_without_any_is_fine(self):
        self.generate(command("HELP", [], group="json", container="JSON.DEBUG", arity=2),
                      command("PING", [], group="connection", arity=-1))
        self.assertIn("json_debug_help()", self.files["include/typedis/generated/json.hpp"])


class UserModuleGroups(GeneratorCase):
    """Issue 19, item 5: a user's module-flagged spec defines its option types where its mixin is."""

    def test_commands_hpp_defines_the_module_group_in_a_user_namespace(self):
        self.generate(command("FIELDS", [key(), {"name": "path", "type": "string", "optional": True}],
                              group="json", container="JSON.DEBUG", module="json", arity=-3),
                      namespace="vj")
        commands = self.files["include/vj/generated/commands.hpp"]
        self.assertIn('#include "vj/generated/json.hpp"', commands)
        self.assertNotIn("_decl", commands)
        self.assertNotIn("include/vj/generated/json_decl.hpp", self.files)
        self.assertNotIn("typedis/modules.hpp", commands)
        self.assertIn("struct json_debug_fields_options {", self.files["include/vj/generated/json.hpp"])
        methods = self.files["include/vj/generated/command_methods.hpp"]
        self.assertIn('#include "vj/generated/commands.hpp"', methods)


class NamingRules(GeneratorCase):
    """The naming rules of docs/generated-api.md ("Naming rules"), on small specs and on the whole
    spec."""

    def test_an_option_is_named_after_its_token(self):
        self.generate(command("CMD", [key(),
                                      {"name": "milliseconds", "type": "integer", "token": "BLOCK", "optional": True,
                                       "unit": "milliseconds"},
                                      {"name": "sorting", "type": "pure-token", "token": "ALPHA", "optional": True},
                                      {"name": "equal", "type": "pure-token", "token": "=", "optional": True},
                                      {"name": "a", "type": "integer", "token": "COUNT", "optional": True},
                                      {"name": "b", "type": "integer", "token": "COUNT", "optional": True}]))
        h = self.header()
        self.assertIn("std::optional<std::chrono::milliseconds> block = std::nullopt;", h)
        self.assertIn("bool alpha{};", h)
        self.assertIn("bool equal{};", h)  # '=' is no identifier: the argument's name
        self.assertIn("std::optional<long long> a = std::nullopt;", h)  # two COUNTs: the argument names
        self.assertIn("std::optional<long long> b = std::nullopt;", h)
        b = self.body("cmd")
        self.assertIn('if (options.block) {\n    w_.token("$5\\r\\nBLOCK\\r\\n");\n    w_.integer((*options.block).count());', b)
        self.assertIn('if (options.alpha) w_.token("$5\\r\\nALPHA\\r\\n");', b)

    def test_update_conditions_are_the_same_tags_everywhere(self):
        self.generate(command("SET", [key(), {"name": "condition", "type": "oneof", "optional": True, "arguments": [
            {"name": "nx", "type": "pure-token", "token": "NX"}, {"name": "xx", "type": "pure-token", "token": "XX"},
            {"name": "ifeq", "type": "string", "token": "IFEQ"}]}]),
            command("ZADD", [key(), {"name": "condition", "type": "oneof", "optional": True, "arguments": [
                {"name": "nx", "type": "pure-token", "token": "NX"}, {"name": "xx", "type": "pure-token", "token": "XX"}]},
                {"name": "comparison", "type": "oneof", "optional": True, "arguments": [
                    {"name": "gt", "type": "pure-token", "token": "GT"}, {"name": "lt", "type": "pure-token", "token": "LT"}]}]))
        h = self.header()
        self.assertIn("std::optional<std::variant<typedis::nx, typedis::xx, typedis::ifeq>> condition", h)
        self.assertIn("std::optional<std::variant<typedis::nx, typedis::xx>> condition", h)
        self.assertIn("std::optional<std::variant<typedis::gt, typedis::lt>> comparison", h)
        self.assertNotIn("enum class", h)
        tags = self.files["include/typedis/generated/tags.hpp"]
        for t in ("nx", "xx", "gt", "lt"):
            self.assertIn("struct %s {};" % t, tags)
        b = self.body("zadd")
        self.assertIn('case 1: {\n        w_.token("$2\\r\\nXX\\r\\n");', b)

    def test_a_shared_type_is_named_after_what_it_is(self):
        order = {"name": "order", "type": "oneof", "optional": True, "arguments": [
            {"name": "asc", "type": "pure-token", "token": "ASC"}, {"name": "desc", "type": "pure-token", "token": "DESC"}]}
        limit = {"name": "limit", "type": "block", "token": "LIMIT", "optional": True, "arguments": [
            {"name": "offset", "type": "integer"}, {"name": "count", "type": "integer"}]}
        self.generate(command("CLUSTERSTATS", [dict(order, name="filter-order"), limit]),
                      command("SORT", [key(), order, limit]))
        h = self.header()
        self.assertIn("enum class asc_desc : unsigned char {", h)
        self.assertIn("using clusterstats_filter_order = asc_desc;", h)
        self.assertIn("using sort_order = asc_desc;", h)
        self.assertIn("struct limit {", h)
        self.assertIn("using sort_limit = limit;", h)
        self.assertIn("std::optional<typedis::cmd::sort_order> order = std::nullopt;", h)
        # SORT's section, up to the encoders' declarations (which list every command of the group)
        self.assertNotIn("clusterstats", h.split("// ---- SORT ----")[1].split("namespace encoders")[0])
        # the token table stays under the name the encoder uses
        self.assertIn('clusterstats_filter_order_tokens[] = {"ASC", "DESC"}', self.source())

    def test_alternatives_that_look_alike_are_not_merged(self):
        self.generate(command("REPLICATE", [{"name": "args", "type": "oneof", "arguments": [
            {"name": "node-id", "type": "string"},
            {"name": "no-one", "type": "block", "arguments": [{"name": "no", "type": "pure-token", "token": "NO"},
                                                             {"name": "one", "type": "pure-token", "token": "ONE"}]}]}]),
            command("XADD", [key(), {"name": "id-selector", "type": "oneof", "arguments": [
                {"name": "auto-id", "type": "pure-token", "token": "*"}, {"name": "id", "type": "string"}]}]))
        h = self.header()
        xadd = h.split("// ---- XADD ----")[1].split("namespace encoders")[0]
        self.assertIn("struct xadd_id_selector_auto_id {", xadd)
        self.assertIn("struct xadd_id_selector_id {", xadd)
        self.assertNotIn("replicate", xadd)


class CoreSpecNames(unittest.TestCase):
    """The naming rules on the whole spec: every command's signatures and types."""

    @classmethod
    def setUpClass(cls):
        cls.gen = generator.Generator(generator.load_specs(SPEC_ROOT)).run()
        cls.cmds = [c for g in sorted(cls.gen.groups) for c in cls.gen.groups[g]]

    def test_no_type_of_a_command_is_named_after_an_unrelated_command(self):
        """XADD's id was std::variant<cluster_replicate_args_no_one, arop_integer_operation_match>:
        no type that command X uses (its signatures, its struct members, the targets of its aliases)
        may be named after a command X is not."""
        names = {}
        for c in self.cmds:
            for m in c["methods"]:
                names[m["name"]] = generator.full_name(c["spec"])
        prefixes = sorted(names, key=len, reverse=True)
        problems = []
        for c in self.cmds:
            fn = generator.full_name(c["spec"])
            own = {m["name"] for m in c["methods"]} | {generator.method_base_name(c["spec"])}
            used = set()
            for t in c["types"]:
                if t.kind == "alias":
                    text = "typedis::cmd::" + t.lines[0]
                elif t.kind == "struct":
                    text = " ".join(l.type for l in t.lines)
                else:
                    text = ""
                used |= set(re.findall(r"typedis::cmd::(\w+)", text))
            for m in c["methods"]:
                used |= set(re.findall(r"typedis::cmd::(\w+)", " ".join(ty for ty, _ in m["params"])))
                if m["options_type"]:
                    used.discard(m["options_type"].rsplit("::", 1)[1])
            for u in sorted(used):
                owner = next((p for p in prefixes if u == p or u.startswith(p + "_")), None)
                if owner is None or owner in own or names[owner] == fn:
                    continue
                # a method of a related command (GEORADIUS_RO's types may be GEORADIUS's)
                if any(owner.startswith(o) or o.startswith(owner) for o in own):
                    continue
                problems.append("%s uses %s (named after %s)" % (fn, u, names[owner]))
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_every_option_with_a_token_is_named_after_it(self):
        problems = []
        for c in self.cmds:
            spec = c["spec"]
            for m in c["methods"]:
                if not m["options_type"]:
                    continue
                oname = m["options_type"].rsplit("::", 1)[1]
                body = None
                for cc in self.cmds:
                    for t in cc["types"]:
                        if t.name == oname and t.kind == "struct":
                            body = t.lines
                if body is None:
                    continue
                members = {l.name for l in body}
                top = [a for a in spec["arguments"] if a.get("optional") and a.get("token")]
                tokens = [generator.token_ident(a["token"]) for a in top]
                for a in top:
                    t = generator.token_ident(a["token"])
                    if t and tokens.count(t) == 1 and t not in members and generator.ident(a["name"]) not in members:
                        continue  # absent in this method (a method split)
                    if t and tokens.count(t) == 1 and t not in members:
                        problems.append("%s: option %s is .%s, not .%s" % (
                            generator.full_name(spec), a["token"], generator.ident(a["name"]), t))
        self.assertEqual(problems, [], "\n" + "\n".join(problems))


class CoreSpec(unittest.TestCase):
    def test_committed_generated_tree_is_what_the_generator_makes(self):
        tmp = tempfile.mkdtemp(prefix="typedis_gen_core_")
        try:
            generator.generate(SPEC_ROOT, tmp)
            r = subprocess.run(["diff", "-r", "-q", os.path.join(REPO, "generated"), tmp], capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, "generated/ is stale; run python3 codegen/generate.py --spec "
                             "commands-spec --out generated\n" + r.stdout)
        finally:
            shutil.rmtree(tmp)


if __name__ == "__main__":
    unittest.main()
