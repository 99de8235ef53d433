"""Unit tests of the converter and importer on small fixture files (no server needed)."""
import io
import json
import os
import shutil
import socket
import tempfile
import unittest
import contextlib

from _helpers import FIXTURES, SPEC_ROOT

from typedis_codegen import convert, importer, spec_io
from typedis_codegen.resp import Reader, RespError, encode_command

SRC = os.path.join(FIXTURES, "src_commands")


def _read(path):
    with open(path, encoding="utf-8") as fh:
        return fh.read()


def reader_of(data):
    chunks = [data]

    def recv(_n):
        return chunks.pop(0) if chunks else b""
    return Reader(recv)


class TempSpec:
    def __enter__(self):
        self.root = tempfile.mkdtemp(prefix="typedis-spec-")
        shutil.copy(os.path.join(SPEC_ROOT, "schema.json"), self.root)
        return self.root

    def __exit__(self, *exc):
        shutil.rmtree(self.root, ignore_errors=True)


class ComplexityTest(unittest.TestCase):
    def test_leading_class_only(self):
        self.assertEqual(convert.complexity_class("O(1)"), "O(1)")
        self.assertEqual(convert.complexity_class("O(log(N)) where N is the size"), "O(log(N))")
        self.assertEqual(convert.complexity_class("O(1) for each field, so O(N) when..."), "O(1)")
        self.assertEqual(convert.complexity_class("Depends on subcommand."), None)
        self.assertEqual(convert.complexity_class(None), None)


class ReplySchemaTest(unittest.TestCase):
    def conv(self, schema):
        reply, review = convert.reply_from_schema(schema, "x_reply")
        return reply["resp2"], reply["resp3"], review

    def test_scalars(self):
        self.assertEqual(self.conv({"const": "OK"})[1], "ok")
        self.assertEqual(self.conv({"type": "integer"})[1], "integer")
        self.assertEqual(self.conv({"type": "string"})[1], "string")
        self.assertEqual(self.conv({"description": "anything"})[1], "any")

    def test_double_is_string_in_resp2(self):
        r2, r3, _ = self.conv({"type": "number"})
        self.assertEqual(r3, "double")
        self.assertEqual(r2, {"type": "double", "encoding": "string"})

    def test_nullable_and_bool(self):
        r2, r3, review = self.conv({"oneOf": [{"type": "number"}, {"type": "null"}]})
        self.assertEqual(r3, {"type": "nullable", "of": "double"})
        self.assertEqual(r2, {"type": "nullable", "of": {"type": "double", "encoding": "string"}})
        self.assertEqual(review, [])
        self.assertEqual(self.conv({"oneOf": [{"const": 0}, {"const": 1}]})[1], "bool")
        self.assertEqual(self.conv({"oneOf": [{"const": -2}, {"const": 1}]})[1], {"type": "integer", "values": [-2, 1]})

    def test_option_dependent_needs_review(self):
        _, r3, review = self.conv({"anyOf": [{"type": "null"}, {"const": "OK"}, {"type": "string"}]})
        self.assertEqual(r3, {"type": "nullable", "of": {"type": "variant", "of": ["ok", "string"]}})
        self.assertTrue(review)

    def test_containers(self):
        self.assertEqual(self.conv({"type": "array", "uniqueItems": True, "items": {"type": "string"}})[1],
                         {"type": "set", "of": "string"})
        self.assertEqual(self.conv({"type": "object", "additionalProperties": {"type": "number"}})[0],
                         {"type": "map", "key": "string", "value": {"type": "double", "encoding": "string"}})
        self.assertEqual(self.conv({"type": "array", "items": [{"type": "string"}, {"type": "integer"}]})[1],
                         {"type": "tuple", "items": ["string", "integer"]})


class SourceFolderTest(unittest.TestCase):
    def setUp(self):
        self.specs = importer.load_source_folder(SRC)

    def test_container_skipped(self):
        self.assertEqual(sorted(self.specs), ["GETTHING", "NOTHING", "THING INFO"])

    def test_command_fields(self):
        s = self.specs["GETTHING"]
        self.assertEqual(s["group"], "sorted_set")
        self.assertEqual(s["flags"], ["readonly", "fast"])
        self.assertEqual(s["complexity"], "O(log(N))")
        self.assertEqual(s["tips"], {"nondeterministic_output": True, "request_policy": "all_shards",
                                     "response_policy": "agg_sum"})
        self.assertTrue(s["idempotent"])
        self.assertEqual(s["key_specs"], [{"flags": ["ro", "access"], "begin_search": {"type": "index", "index": 1},
                                           "find_keys": {"type": "range", "lastkey": 0, "step": 1, "limit": 0}}])
        exp = s["arguments"][1]["arguments"]
        self.assertEqual(exp[0], {"name": "seconds", "type": "integer", "token": "EX", "unit": "seconds"})
        self.assertEqual(exp[1]["unit"], "milliseconds")
        self.assertEqual(exp[1]["since"], "9.9.1")
        self.assertEqual(s["arguments"][2]["unit"], "seconds")  # double timeout
        self.assertTrue(s["arguments"][3]["multiple"])
        self.assertEqual(s["reply"]["resp3"], {"type": "nullable", "of": "double"})
        self.assertFalse(s["curated"])
        self.assertNotIn("summary", s)

    def test_subcommand_and_struct(self):
        s = self.specs["THING INFO"]
        self.assertEqual((s["name"], s["container"]), ("INFO", "THING"))
        self.assertEqual(s["deprecated"], {"since": "9.1.0", "replaced_by": ["GETTHING"]})
        self.assertFalse(s["idempotent"])
        ks = s["key_specs"][0]
        self.assertEqual(ks["begin_search"], {"type": "keyword", "keyword": "KEYS", "startfrom": -2})
        self.assertEqual(ks["find_keys"], {"type": "keynum", "keynumidx": 0, "firstkey": 1, "step": 1})
        r3 = s["reply"]["resp3"]
        self.assertEqual(r3["type"], "struct")
        self.assertEqual(r3["form"], "map")
        fields = {f["name"]: f for f in r3["fields"]}
        self.assertEqual(fields["last_id"]["key"], "last-id")
        self.assertNotIn("optional", fields["length"])
        self.assertTrue(fields["ratio"]["optional"])
        self.assertEqual(fields["members"]["type"], {"type": "set", "of": "string"})
        self.assertEqual(fields["exists"]["type"], "bool")
        r2 = {f["name"]: f for f in s["reply"]["resp2"]["fields"]}
        self.assertEqual(r2["ratio"]["type"], {"type": "double", "encoding": "string"})

    def test_placeholder_without_schema(self):
        s = self.specs["NOTHING"]
        self.assertEqual(s["reply"], {"resp2": "any", "resp3": "any"})
        self.assertFalse(s["curated"])
        self.assertIn("placeholder", s["notes"])


class DocsDumpTest(unittest.TestCase):
    def test_nested_docs(self):
        entries = importer.load_docs_json(os.path.join(FIXTURES, "docs_dump.json"))
        specs = importer.specs_from_runtime(entries)
        self.assertEqual(sorted(specs), ["GETTHING", "THING INFO"])
        self.assertEqual(specs["GETTHING"]["group"], "sorted_set")
        mode = specs["THING INFO"]["arguments"][1]
        self.assertTrue(mode["optional"])
        self.assertEqual(mode["arguments"][1], {"name": "count", "type": "integer", "token": "COUNT",
                                                "optional": True, "multiple": True, "multiple_token": True})


class RunImportTest(unittest.TestCase):
    def run_cli(self, *argv):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            rc = importer.main(list(argv))
        return rc, out.getvalue()

    def test_adds_then_reports_and_never_overwrites(self):
        with TempSpec() as root:
            rc, out = self.run_cli("--from-files", SRC, "--spec", root, "--dry-run")
            self.assertEqual(rc, 0)
            self.assertIn("would add 3", out)
            self.assertEqual(list(spec_io.iter_spec_files(root)), [])  # dry run writes nothing
            rc, out = self.run_cli("--from-files", SRC, "--spec", root)
            self.assertIn("added 3", out)
            self.assertIn("NOTHING", out.split("placeholder")[1])
            path = os.path.join(root, "core", "sorted_set", "getthing.json")
            self.assertTrue(os.path.exists(path))
            # every written file validates
            schema = spec_io.load_schema(root)
            for fn, (p, spec) in spec_io.load_specs(root).items():
                self.assertEqual(spec_io.validate_spec(spec, schema, p), [])
            # curate a file by hand: new arity, drop an argument, curated reply
            spec = json.loads(_read(path))
            spec["arity"] = -3
            spec["arguments"].pop()
            spec["reply"] = {"resp2": "integer", "resp3": "integer"}
            spec["curated"] = True
            with open(path, "w") as fh:
                fh.write(spec_io.dumps(spec))
            before = _read(path)
            rc, out = self.run_cli("--from-files", SRC, "--spec", root)
            self.assertIn("added 0", out)
            self.assertIn("~ GETTHING", out)
            self.assertIn("arity: -3 -> -2", out)
            self.assertIn("new argument data", out)
            self.assertEqual(_read(path), before)  # never silently overwritten
            rc, out = self.run_cli("--from-files", SRC, "--spec", root, "--update", "arity")
            after = json.loads(_read(path))
            self.assertEqual(after["arity"], -2)
            self.assertEqual(after["reply"], {"resp2": "integer", "resp3": "integer"})  # reply kept
            self.assertEqual(len(after["arguments"]), 3)  # only the named field changed


class RespReaderTest(unittest.TestCase):
    def test_resp2_and_resp3(self):
        r = reader_of(b"*3\r\n$3\r\nfoo\r\n:42\r\n$-1\r\n")
        self.assertEqual(r.read(), ["foo", 42, None])
        r = reader_of(b"%2\r\n+a\r\n,3.5\r\n+b\r\n~2\r\n#t\r\n_\r\n")
        self.assertEqual(r.read(), {"a": 3.5, "b": [True, None]})
        r = reader_of(b"=8\r\ntxt:abcd\r\n|1\r\n+k\r\n+v\r\n:1\r\n")
        self.assertEqual(r.read(), "abcd")
        self.assertEqual(r.read(), 1)
        with self.assertRaises(RespError):
            reader_of(b"-ERR nope\r\n").read()

    def test_encode(self):
        self.assertEqual(encode_command(["GET", "k"]), b"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n")


class ValidationMessageTest(unittest.TestCase):
    def test_message_names_file_command_and_field(self):
        schema = spec_io.load_schema(SPEC_ROOT)
        spec = importer.load_source_folder(SRC)["GETTHING"]
        spec["arguments"][1]["arguments"][0]["type"] = "number"
        msgs = spec_io.validate_spec(spec, schema, "x/getthing.json")
        self.assertTrue(msgs)
        self.assertIn("x/getthing.json: command GETTHING: field arguments[1].arguments[0]", msgs[0])
        self.assertIn("expiration/seconds", msgs[0])

    def test_unknown_method_argument(self):
        schema = spec_io.load_schema(SPEC_ROOT)
        spec = importer.load_source_folder(SRC)["GETTHING"]
        spec["methods"] = [{"name": "a", "args": {"nope": "present"}, "reply": spec.pop("reply")},
                           {"name": "a", "reply": {"resp2": "ok", "resp3": "ok"}}]
        msgs = "\n".join(spec_io.validate_spec(spec, schema, "f.json"))
        self.assertIn("unknown argument path 'nope'", msgs)
        self.assertIn("duplicate method name 'a'", msgs)


if __name__ == "__main__":
    unittest.main()
