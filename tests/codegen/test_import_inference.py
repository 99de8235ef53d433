"""What the importer infers when a server documents less than a usable signature (issue 19, item 1).

Fixture: tests/codegen/fixtures/valkey_json_docs.json, the COMMAND DOCS + INFO of valkey-json, which
publishes no arguments, no versions, and registers JSON.DEBUG's subcommands without flags."""
import os
import unittest

from _helpers import FIXTURES

from typedis_codegen import convert, importer

VALKEY_JSON = os.path.join(FIXTURES, "valkey_json_docs.json")
DEBUG_SUBCOMMANDS = os.path.join(FIXTURES, "debug_subcommands_docs.json")


def specs(path):
    return importer.specs_from_runtime(importer.load_docs_json(path), include_modules=True)


class InferenceTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.specs = specs(VALKEY_JSON)

    def test_key_argument_from_key_spec_and_fixed_arity(self):
        depth = self.specs["JSON.DEBUG DEPTH"]
        self.assertEqual(depth["arity"], 3)
        self.assertEqual(depth["arguments"], [{"name": "key", "type": "key", "key_spec_index": 0}])
        self.assertNotIn("incomplete", depth)
        self.assertIn("inferred", depth["notes"])

    def test_flags_and_acl_categories_from_the_container(self):
        depth = self.specs["JSON.DEBUG DEPTH"]
        self.assertEqual(depth["flags"], ["readonly"])  # JSON.DEBUG's, without module/movablekeys
        self.assertEqual(depth["acl_categories"], ["read", "slow", "json"])
        self.assertTrue(depth["idempotent"])
        # a subcommand whose key spec writes does not inherit readonly
        shared = self.specs["JSON.DEBUG TEST-SHARED-API"]
        self.assertEqual(shared["key_specs"][0]["flags"], ["rw", "access", "update"])
        self.assertNotIn("readonly", shared["flags"])
        self.assertIn("readonly dropped", shared["notes"])
        self.assertFalse(shared["idempotent"])

    def test_module_flag_is_not_copied(self):
        self.assertNotIn("module", self.specs["JSON.GET"]["flags"])
        self.assertEqual(self.specs["JSON.GET"]["module"], "json")

    def test_variadic_arity_is_incomplete(self):
        fields = self.specs["JSON.DEBUG FIELDS"]
        self.assertIn("arity -3", fields["incomplete"])
        self.assertEqual(fields["arguments"][0], {"name": "key", "type": "key", "key_spec_index": 0})
        self.assertEqual(fields["arguments"][1]["name"], "rest")
        # JSON.GET (arity -2, key at 1): the key is inferred, the rest needs a human
        self.assertIn("incomplete", self.specs["JSON.GET"])

    def test_word_without_key_spec_is_incomplete(self):
        dist = self.specs["JSON.DEBUG KEYTABLE-DISTRIBUTION"]  # arity 3, no key spec
        self.assertIn("word 2", dist["incomplete"])
        self.assertEqual(dist["arguments"], [{"name": "arg1", "type": "string"}])

    def test_no_arguments_needed_is_complete(self):
        for fn in ("JSON.DEBUG HELP", "JSON.DEBUG MAX-DEPTH-KEY"):
            self.assertEqual(self.specs[fn]["arguments"], [], fn)
            self.assertNotIn("incomplete", self.specs[fn], fn)

    def test_documented_arguments_are_used_as_they_are(self):
        s = specs(DEBUG_SUBCOMMANDS)
        self.assertEqual(s["DEBUG SLEEP"]["arguments"], [{"name": "seconds", "type": "double", "unit": "seconds"}])
        self.assertEqual(s["DEBUG OBJECT"]["arguments"], [{"name": "key", "type": "key", "key_spec_index": 0}])
        self.assertNotIn("incomplete", s["DEBUG SLEEP"])
        self.assertEqual(s["DEBUG SLEEP"]["since"], "1.0.0")

    def test_documented_command_without_arguments_but_arity_needing_some(self):
        # Redis documents DEBUG (arity -2) with a summary and no arguments
        entry = {"summary": "x", "since": "1.0.0", "group": "server", "arity": -2, "command_flags": ["admin"]}
        spec = convert.from_runtime("DEBUG", entry)
        self.assertIn("although arity -2 needs some", spec["incomplete"])

    def test_files_never_hold_private_facts(self):
        written = convert.ordered(self.specs["JSON.DEBUG DEPTH"])
        self.assertFalse([k for k in written if k.startswith("_")])


if __name__ == "__main__":
    unittest.main()
