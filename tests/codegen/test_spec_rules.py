"""Every spec rule is enforced by the one loader/validator (spec_io) on both paths that read spec
files: the generator (generate.py) and the importer (import_commands.py). A rule checked by only
one of them is how the two drifted apart before (only one checked key_spec_index)."""
import contextlib
import io
import json
import os
import shutil
import tempfile
import unittest

from _helpers import SPEC_ROOT  # noqa: F401  (sets sys.path)

from typedis_codegen import generator, importer, spec_io  # noqa: E402


def good():
    return {"name": "GETTHING", "group": "string", "since": "1.0.0", "arity": -2, "flags": ["readonly"],
            "acl_categories": ["read"],
            "key_specs": [{"flags": ["ro"], "begin_search": {"type": "index", "index": 1},
                           "find_keys": {"type": "range", "lastkey": 0, "step": 1, "limit": 0}}],
            "idempotent": True,
            "arguments": [{"name": "key", "type": "key", "key_spec_index": 0},
                          {"name": "full", "type": "pure-token", "token": "FULL", "optional": True}],
            "reply": {"resp2": "string", "resp3": "string"}, "curated": True}


def bad_schema(s):
    s["arguments"][1]["type"] = "number"
    return "field arguments[1].type (argument full)"


def bad_key_spec_index(s):
    s["arguments"][0]["key_spec_index"] = 1
    return "key_spec_index 1 out of range (1 key specs)"


def key_spec_index_without_key_specs(s):
    s["key_specs"] = []
    return "key_spec_index 0 out of range (0 key specs)"


def unknown_method_argument(s):
    reply = s.pop("reply")
    s["methods"] = [{"name": "getthing", "args": {"nope": "present"}, "reply": reply}]
    return "unknown argument path 'nope'"


def duplicate_method(s):
    reply = s.pop("reply")
    s["methods"] = [{"name": "getthing", "args": {"full": "absent"}, "reply": reply},
                    {"name": "getthing", "args": {"full": "present"}, "reply": reply}]
    return "duplicate method name 'getthing'"


# every rule of spec_io.validate_spec: the schema, then each semantic check
SPEC_RULES = [bad_schema, bad_key_spec_index, key_spec_index_without_key_specs, unknown_method_argument,
              duplicate_method]


class SpecRoot:
    def __enter__(self):
        self.root = tempfile.mkdtemp(prefix="typedis-rules-")
        self.spec = os.path.join(self.root, "spec")
        os.makedirs(self.spec)
        shutil.copy(os.path.join(SPEC_ROOT, "schema.json"), self.spec)
        return self

    def write(self, spec, rel="core/string/getthing.json", text=None):
        path = os.path.join(self.spec, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text if text is not None else json.dumps(spec))

    def __exit__(self, *exc):
        shutil.rmtree(self.root, ignore_errors=True)


class BothPathsRejectEveryRule(unittest.TestCase):
    def test_the_good_spec_passes_both(self):
        with SpecRoot() as r:
            r.write(good())
            generator.generate(r.spec, os.path.join(r.root, "out"))
            rep = importer.run_import({"GETTHING": good()}, r.spec)
            self.assertEqual(rep.invalid, [])
            other = dict(good(), name="OTHERTHING")
            rep = importer.run_import({"OTHERTHING": other}, r.spec)
            self.assertEqual(rep.invalid, [])
            self.assertEqual([n for n, _ in rep.added], ["OTHERTHING"])

    def test_generator_rejects(self):
        for rule in SPEC_RULES:
            with self.subTest(rule=rule.__name__), SpecRoot() as r:
                spec = good()
                want = rule(spec)
                r.write(spec)
                with self.assertRaises(generator.SpecError) as cm:
                    generator.generate(r.spec, os.path.join(r.root, "out"))
                self.assertIn("spec/core/string/getthing.json: command GETTHING: ", str(cm.exception))
                self.assertIn(want, str(cm.exception))
                self.assertFalse(os.path.exists(os.path.join(r.root, "out")))

    def test_importer_does_not_write_an_imported_spec_that_breaks_a_rule(self):
        for rule in SPEC_RULES:
            with self.subTest(rule=rule.__name__), SpecRoot() as r:
                spec = good()
                want = rule(spec)
                rep = importer.run_import({"GETTHING": spec}, r.spec)
                self.assertEqual(rep.added, [])
                self.assertEqual(len(rep.invalid), 1, rep.invalid)
                self.assertIn("command GETTHING: ", rep.invalid[0])
                self.assertIn(want, rep.invalid[0])
                self.assertEqual(list(spec_io.iter_spec_files(r.spec)), [])

    def test_importer_does_not_update_a_file_into_breaking_a_rule(self):
        with SpecRoot() as r:
            r.write(good())
            src = good()
            src["key_specs"] = []
            rep = importer.run_import({"GETTHING": src}, r.spec, update_fields=("key_specs",))
            self.assertEqual(rep.updated, {})
            self.assertIn("key_spec_index 0 out of range (0 key specs)", "\n".join(rep.invalid))
            with open(os.path.join(r.spec, "core/string/getthing.json"), encoding="utf-8") as fh:
                self.assertEqual(json.load(fh), good())

    def test_importer_refuses_an_existing_file_that_breaks_a_rule(self):
        for rule in SPEC_RULES:
            with self.subTest(rule=rule.__name__), SpecRoot() as r:
                spec = good()
                want = rule(spec)
                r.write(spec)
                with self.assertRaises(spec_io.SpecError) as cm:
                    importer.run_import({"GETTHING": good()}, r.spec)
                self.assertIn(want, str(cm.exception))

    def test_file_level_rules_on_both_paths(self):
        cases = {
            "invalid JSON": ({"core/string/getthing.json": "{"}, "invalid JSON"),
            "duplicate": ({"core/string/getthing.json": json.dumps(good()),
                           "core/string/getthing2.json": json.dumps(good())},
                          "command GETTHING: also defined in spec/core/string/getthing.json"),
            "no name": ({"core/string/getthing.json": "[1]"}, "not a command spec"),
        }
        for what, (files, want) in cases.items():
            with self.subTest(what=what), SpecRoot() as r:
                for rel, text in files.items():
                    r.write(None, rel, text)
                with self.assertRaises(generator.SpecError) as cm:
                    generator.generate(r.spec, os.path.join(r.root, "out"))
                self.assertIn(want, str(cm.exception))
                with self.assertRaises(spec_io.SpecError) as cm:
                    importer.run_import({}, r.spec)
                self.assertIn(want, str(cm.exception))

    def test_importer_cli_exit_codes(self):
        def run(*argv):
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                return importer.main(list(argv)), out.getvalue(), err.getvalue()
        with SpecRoot() as r:
            spec = good()
            bad_key_spec_index(spec)
            r.write(spec)
            dump = os.path.join(r.root, "dump.json")
            with open(dump, "w") as fh:
                json.dump({}, fh)
            rc, _, err = run("--from-docs-json", dump, "--spec", r.spec)
            self.assertEqual(rc, 2)
            self.assertIn("key_spec_index 1 out of range", err)

    def test_unusable_files_the_importer_writes_and_the_generator_refuses(self):
        # by design: the importer writes a file marked "incomplete" for a human to finish, and the
        # generator (spec_io.load_specs(..., usable=True)) refuses it until then
        with SpecRoot() as r:
            spec = good()
            spec["incomplete"] = "no argument docs"
            rep = importer.run_import({"GETTHING": spec}, r.spec)
            self.assertEqual(rep.invalid, [])
            self.assertEqual([n for n, _ in rep.added], ["GETTHING"])
            with self.assertRaises(generator.SpecError) as cm:
                generator.generate(r.spec, os.path.join(r.root, "out"))
            self.assertIn("command GETTHING: incomplete", str(cm.exception))

    def test_every_committed_spec_file_passes(self):
        # the loader the generator and the importer share accepts the project's own spec
        specs = spec_io.load_specs(SPEC_ROOT)
        self.assertGreater(len(specs), 400)
        self.assertEqual(specs["GET"][1]["name"], "GET")


if __name__ == "__main__":
    unittest.main()
