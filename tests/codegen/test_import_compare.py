"""The importer's compare mode, its option errors and its report (issue 19, items 2, 3 and 6), on the
valkey-json fixture (tests/codegen/fixtures/valkey_json_docs.json) and typedis's own spec."""
import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import unittest

from _helpers import FIXTURES, SPEC_ROOT

from typedis_codegen import importer, spec_io

sys.path.insert(0, FIXTURES)
import story_spec  # noqa: E402  (fixtures/story_spec.py)

# The story ("valkey-json has JSON.DEBUG DEPTH ... that typedis lacks") needs typedis's spec as it
# was before issue 17 added those entries: every importer run here compares with that copy
# (--typedis-spec STORY_SPEC), built from commands-spec/ once for this module.
STORY_SPEC = None


def setUpModule():
    global STORY_SPEC
    STORY_SPEC = story_spec.build(SPEC_ROOT, os.path.join(tempfile.mkdtemp(prefix="typedis-story-spec-"), "spec"))


def tearDownModule():
    shutil.rmtree(os.path.dirname(STORY_SPEC), ignore_errors=True)


VALKEY_JSON = os.path.join(FIXTURES, "valkey_json_docs.json")
DEBUG_SUBCOMMANDS = os.path.join(FIXTURES, "debug_subcommands_docs.json")


def run_cli(*argv, typedis_spec=None):
    """The importer's command line, against the story spec unless typedis_spec names another."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = importer.main(list(argv) + ["--typedis-spec", typedis_spec or STORY_SPEC])
    return rc, out.getvalue(), err.getvalue()


class Folder:
    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="typedis-user-spec-")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)


class CompareTest(unittest.TestCase):
    def compare(self, *extra):
        with tempfile.TemporaryDirectory() as tmp:
            report = os.path.join(tmp, "r.json")
            rc, out, err = run_cli("--from-docs-json", VALKEY_JSON, "--compare", "--report-json", report, *extra)
            self.assertEqual(rc, 0, err)
            with open(report, encoding="utf-8") as fh:
                return out, json.load(fh)

    def test_lists_what_typedis_lacks(self):
        out, rep = self.compare()
        # KEYTABLE-* and TEST-SHARED-API are left out by commands-spec/import-exclude.txt
        self.assertEqual(sorted(rep["missing"]), ["JSON.DEBUG DEPTH", "JSON.DEBUG FIELDS",
                                                  "JSON.DEBUG MAX-DEPTH-KEY", "JSON.DEBUG MAX-SIZE-KEY"])
        self.assertIn("inferred (key)", rep["missing"]["JSON.DEBUG DEPTH"])
        self.assertIn("needs a human", rep["missing"]["JSON.DEBUG FIELDS"])
        self.assertIn("JSON.DEBUG KEYTABLE-CORRUPT", rep["excluded"])
        self.assertIn("--only 'JSON.DEBUG DEPTH'", out)  # the next command to run

    def test_real_differences_first_known_ones_grouped(self):
        out, rep = self.compare()
        # the four real differences of valkey-json against the bundled spec
        self.assertEqual(rep["differing"], {
            "JSON.ARRAPPEND": ["arity: -3 -> -4"],
            "JSON.TOGGLE": ["arity: 3 -> -2"],
            "JSON.MSET": [rep["differing"]["JSON.MSET"][0]]})
        self.assertIn('"lastkey": -3', rep["differing"]["JSON.MSET"][0])
        self.assertEqual(rep["absent"], ["JSON.MERGE"])
        # "no arguments" once for all commands, not once per argument
        self.assertEqual(out.count("server publishes no arguments"), 1)
        self.assertNotIn("not in source", out)
        self.assertIn("JSON.GET", rep["known"]["server publishes no arguments"])
        self.assertIn("JSON.GET", rep["known"]["server publishes no version"])
        # real differences are printed before the grouped ones
        self.assertLess(out.index("JSON.ARRAPPEND\n      arity"), out.index("known, not listed"))
        # no core command is reported absent: the source has module commands only
        self.assertNotIn("GET", rep["absent"])

    def test_documentation_differences_are_counted_unless_details_are_asked_for(self):
        out, rep = self.compare()
        self.assertIn("JSON.ARRAPPEND", rep["metadata"]["flags: +fast"])
        self.assertNotIn("flags: +fast", out)
        self.assertIn("documentation difference(s)", out)
        out, _ = self.compare("--details")
        self.assertIn("flags: +fast: JSON.ARRAPPEND", out)

    def test_user_folder_counts_as_having_the_command(self):
        with Folder() as user:
            rc, _, err = run_cli("--from-docs-json", VALKEY_JSON, "--spec", user, "--only", "JSON.DEBUG DEPTH")
            self.assertEqual(rc, 0, err)
            _, rep = self.compare("--spec", user)
        self.assertNotIn("JSON.DEBUG DEPTH", rep["missing"])
        self.assertIn("JSON.DEBUG MAX-SIZE-KEY", rep["missing"])

    def test_compare_writes_nothing(self):
        with Folder() as user:
            self.compare("--spec", user)
            self.assertEqual(list(spec_io.iter_spec_files(user)), [])


class StorySpecTest(unittest.TestCase):
    """The story spec is today's spec minus what issue 17 added, and --typedis-spec is what decides."""

    def test_bundled_spec_has_what_the_story_spec_lacks(self):
        reports = {}
        for name, root in (("bundled", SPEC_ROOT), ("story", STORY_SPEC)):
            with tempfile.TemporaryDirectory() as tmp:
                report = os.path.join(tmp, "r.json")
                rc, _, err = run_cli("--from-docs-json", VALKEY_JSON, "--compare", "--report-json", report,
                                     typedis_spec=root)
                self.assertEqual(rc, 0, err)
                with open(report, encoding="utf-8") as fh:
                    reports[name] = json.load(fh)
        self.assertEqual(reports["bundled"]["missing"], {})
        self.assertNotIn("JSON.TOGGLE", reports["bundled"]["differing"])
        self.assertEqual(sorted(reports["story"]["missing"]), sorted(story_spec.REMOVED))
        self.assertIn("JSON.TOGGLE", reports["story"]["differing"])

    def test_a_spec_without_the_story_entries_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(ValueError) as ctx:
                story_spec.build(STORY_SPEC, os.path.join(tmp, "again"))
        self.assertIn("JSON.DEBUG DEPTH", str(ctx.exception))


class ServerVersionTest(unittest.TestCase):
    """A dump that knows its server's version (HELLO, kept by --save-dump) tells what is only newer."""

    def test_commands_and_arguments_newer_than_the_server_are_known(self):
        get = {"summary": "x", "since": "1.0.0", "group": "string", "arity": -3, "command_flags": ["write"],
               "acl_categories": ["@write"], "key_specs": [{"flags": ["RW"], "begin_search": {"type": "index", "spec": {"index": 1}},
                                                            "find_keys": {"type": "range", "spec": {"lastkey": 0, "keystep": 1, "limit": 0}}}],
               "arguments": [{"name": "key", "type": "key", "key_spec_index": 0}, {"name": "value", "type": "string"}]}
        with tempfile.TemporaryDirectory() as tmp:
            dump, report = os.path.join(tmp, "dump.json"), os.path.join(tmp, "r.json")
            with open(dump, "w", encoding="utf-8") as fh:
                json.dump({"_server": {"server": "redis", "version": "2.0.0"}, "SET": get}, fh)
            rc, out, err = run_cli("--from-docs-json", dump, "--compare", "--report-json", report)
            self.assertEqual(rc, 0, err)
            with open(report, encoding="utf-8") as fh:
                rep = json.load(fh)
        self.assertIn("(redis 2.0.0)", out)
        # SET's options all came after 2.0.0; GETDEL (6.2.0) is newer, APPEND (2.0.0) is not
        self.assertNotIn("SET", rep["differing"])
        self.assertIn("SET", rep["known"]["arguments newer than this server"])
        self.assertIn("APPEND", rep["absent"])
        self.assertNotIn("GETDEL", rep["absent"])
        self.assertIn("newer than this server (redis 2.0.0): ", out)


class OptionErrorTest(unittest.TestCase):
    def test_module_name_that_matches_nothing(self):
        with Folder() as user:
            rc, out, err = run_cli("--from-docs-json", VALKEY_JSON, "--spec", user, "--module", "ReJSON:json")
        self.assertEqual(rc, 2)
        self.assertIn("no module named ReJSON", err)
        self.assertIn("modules it has: json (", err)

    def test_misspelt_only(self):
        with Folder() as user:
            rc, _, err = run_cli("--from-docs-json", VALKEY_JSON, "--spec", user, "--only", "JSON.DEBUG DEPT")
            self.assertEqual(rc, 2)
            self.assertIn("--only JSON.DEBUG DEPT: no such command", err)
            self.assertIn("JSON.DEBUG DEPTH", err)
            self.assertEqual(list(spec_io.iter_spec_files(user)), [])

    def test_pipe_spelling_is_accepted(self):
        with Folder() as user:
            rc, out, err = run_cli("--from-docs-json", VALKEY_JSON, "--spec", user, "--only", "json.debug|depth")
            self.assertEqual(rc, 0, err)
            self.assertIn("added 1 command(s)", out)

    def test_module_command_named_by_only_is_imported_into_its_module_folder(self):
        with Folder() as user:
            rc, out, err = run_cli("--from-docs-json", VALKEY_JSON, "--spec", user, "--only", "JSON.DEBUG DEPTH")
            self.assertEqual(rc, 0, err)
            path = os.path.join(user, "json", "json.debug-depth.json")
            self.assertTrue(os.path.exists(path), out)
            spec = spec_io.load_specs(user)["JSON.DEBUG DEPTH"][1]
        self.assertEqual((spec["group"], spec["module"]), ("json", "json"))

    def test_only_of_a_module_command_under_another_module(self):
        with Folder() as user:
            rc, _, err = run_cli("--from-docs-json", DEBUG_SUBCOMMANDS, "--spec", user, "--module", "json",
                                 "--only", "DEBUG SLEEP")
        self.assertEqual(rc, 2)
        self.assertIn("no module named json", err)

    def test_exclude_pattern(self):
        with Folder() as user:
            rc, out, err = run_cli("--from-docs-json", DEBUG_SUBCOMMANDS, "--spec", user, "--exclude", "DEBUG S*")
            self.assertEqual(rc, 0, err)
            self.assertEqual(sorted(spec_io.load_specs(user)), ["DEBUG OBJECT"])
            self.assertIn("left out by the exclude list: DEBUG SLEEP", out)


class ImportIntoUserFolderTest(unittest.TestCase):
    def test_incomplete_is_reported_loudly_and_written_marked(self):
        with Folder() as user:
            rc, out, err = run_cli("--from-docs-json", VALKEY_JSON, "--spec", user, "--module", "json")
            self.assertEqual(rc, 0, err)
            specs = spec_io.load_specs(user)
            schema = spec_io.load_schema(SPEC_ROOT)
            for fn, (p, spec) in specs.items():
                self.assertEqual(spec_io.validate_spec(spec, schema, p), [])
        self.assertIn("!! ", out)
        self.assertIn("JSON.DEBUG FIELDS", out.split("!! ")[1])
        self.assertIn("incomplete", specs["JSON.DEBUG FIELDS"][1])
        # what typedis already has is not copied into the user's folder
        self.assertNotIn("JSON.GET", specs)
        self.assertIn("already in typedis", out)
        self.assertEqual(sorted(specs), ["JSON.DEBUG DEPTH", "JSON.DEBUG FIELDS",
                                         "JSON.DEBUG MAX-DEPTH-KEY", "JSON.DEBUG MAX-SIZE-KEY"])


if __name__ == "__main__":
    unittest.main()
