"""Blocking commands and their timeouts (issue 15 item 7), checked on the whole spec.

The client gives a blocking command's reply its own timeout on top of read_timeout
(runtime/core/blocking_timeout.cpp reads that timeout back from the request). The table there names,
for each command, where the timeout argument is and its unit. This test derives the same from each
spec's grammar, so a blocking command added to the spec without a rule, or a grammar that moves the
timeout, fails here instead of timing out early at run time.
"""
import os
import re
import unittest

from _helpers import REPO, SPEC_ROOT

from typedis_codegen import spec_io

RULES_FILE = os.path.join(REPO, "runtime", "core", "blocking_timeout.cpp")
RULE = re.compile(r'\{"([A-Z]+)", where::(index|from_end|after_block), (\d+), unit::(seconds|milliseconds)\}')


def rule_from_grammar(spec):
    """(where, position, unit) of the timeout in `spec`'s top-level arguments, or None."""
    args = spec.get("arguments", [])
    for i, arg in enumerate(args):
        if arg.get("token") == "BLOCK":
            return ("after_block", 0, arg.get("unit"))
        if arg.get("name") != "timeout":
            continue
        fixed_before = all(not a.get("optional") and not a.get("multiple") and a.get("type") != "block"
                           for a in args[:i])
        if fixed_before:
            return ("index", i + 1, arg.get("unit"))
        if i == len(args) - 1 and not arg.get("optional"):
            return ("from_end", 1, arg.get("unit"))
        return ("unplaceable", i, arg.get("unit"))
    return None


class blocking_timeouts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.specs = {name: spec for name, (_, spec) in spec_io.load_specs(SPEC_ROOT).items()}
        with open(RULES_FILE, encoding="utf-8") as f:
            cls.rules = {m.group(1): (m.group(2), int(m.group(3)), m.group(4)) for m in RULE.finditer(f.read())}

    def test_the_table_parses(self):
        self.assertGreaterEqual(len(self.rules), 10, "the rule table in blocking_timeout.cpp was not found")

    def test_every_blocking_command_has_a_rule_that_matches_its_grammar(self):
        blocking = sorted(n for n, s in self.specs.items() if "blocking" in s.get("flags", []))
        self.assertIn("BLPOP", blocking)
        self.assertIn("XREAD", blocking)
        for name in blocking:
            with self.subTest(command=name):
                want = rule_from_grammar(self.specs[name])
                self.assertIsNotNone(want, f"{name} is blocking but has no timeout argument in its grammar")
                self.assertNotEqual(want[0], "unplaceable", f"{name}: the timeout cannot be found by position")
                self.assertIn(name, self.rules, f"{name} is blocking but blocking_timeout.cpp has no rule")
                self.assertEqual(self.rules[name], want, f"{name}: rule and grammar disagree")

    def test_no_rule_for_a_command_that_does_not_block(self):
        for name in self.rules:
            with self.subTest(command=name):
                self.assertIn(name, self.specs)
                self.assertIn("blocking", self.specs[name].get("flags", []))


if __name__ == "__main__":
    unittest.main()
