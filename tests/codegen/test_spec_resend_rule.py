"""The resend rule checked on the whole spec (issue 14 item 1).

After a lost reply the client resends a command only when it is `readonly` and not `blocking`
(runtime/core/dispatch.cpp, may_resend), or when the caller marked the call safe. The spec's
`idempotent` mark describes the data after a second run, not the second run's answer, so it plays no
part. These checks find every command that the rule would get wrong:
  * a command flagged both readonly and write would be resent although it writes;
  * a blocking command flagged readonly (XREAD) must be excluded by `blocking`;
  * the writes the issue names (SET with NX, DEL, RENAME, SWAPDB) and the counters are never resent;
  * an `idempotent` mark must be true of the data: writes whose second run changes the data again
    (SWAPDB swaps back, INCR adds again, LPUSH pushes again) are not marked.
"""
import unittest

from _helpers import SPEC_ROOT

from typedis_codegen import spec_io


def resent_after_lost_reply(flags):
    """The C++ rule of dispatch::may_resend for a call nobody marked."""
    return "readonly" in flags and "blocking" not in flags


# Writes whose second run changes the data again: never `idempotent`.
NOT_IDEMPOTENT = [
    "SWAPDB", "INCR", "INCRBY", "INCRBYFLOAT", "DECR", "DECRBY", "APPEND", "HINCRBY", "HINCRBYFLOAT",
    "ZINCRBY", "LPUSH", "RPUSH", "LPOP", "RPOP", "SPOP", "RPOPLPUSH", "LMOVE", "XADD", "PUBLISH",
    "GETDEL",
]


class resend_rule_on_the_spec(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.specs = {name: spec for name, (_, spec) in spec_io.load_specs(SPEC_ROOT).items()}

    def test_readonly_never_writes(self):
        both = sorted(n for n, s in self.specs.items() if "readonly" in s["flags"] and "write" in s["flags"])
        self.assertEqual(both, [], "flagged readonly and write: the resend rule would resend a write")

    def test_blocking_reads_are_not_resent(self):
        blocking_reads = sorted(n for n, s in self.specs.items()
                                if "readonly" in s["flags"] and "blocking" in s["flags"])
        self.assertIn("XREAD", blocking_reads)
        for n in blocking_reads:
            self.assertFalse(resent_after_lost_reply(self.specs[n]["flags"]), n)

    def test_the_issues_writes_are_not_resent(self):
        for n in ["SET", "DEL", "UNLINK", "RENAME", "SWAPDB", "INCR", "HSET", "SADD", "EXPIRE", "MSETNX",
                  "SETNX", "COPY", "MOVE", "SMOVE", "FLUSHALL"]:
            self.assertIn(n, self.specs)
            self.assertFalse(resent_after_lost_reply(self.specs[n]["flags"]), n)

    def test_every_resent_command_is_a_read(self):
        resent = [n for n, s in self.specs.items() if resent_after_lost_reply(s["flags"])]
        self.assertGreater(len(resent), 100)  # GET, MGET, HGETALL, SCAN, ... (the rule is not empty)
        for n in resent:
            flags = self.specs[n]["flags"]
            self.assertNotIn("write", flags, n)
            self.assertNotIn("blocking", flags, n)

    def test_idempotent_marks_are_true_of_the_data(self):
        for n in NOT_IDEMPOTENT:
            self.assertIn(n, self.specs)
            spec = self.specs[n]
            self.assertFalse(spec["idempotent"], "%s: a second run changes the data again" % n)
            for m in spec.get("methods", []):
                self.assertFalse(m.get("idempotent", spec["idempotent"]), "%s method %s" % (n, m["name"]))

    def test_readonly_commands_are_marked_idempotent(self):
        # The converter's default; a readonly command marked otherwise would be a curation mistake.
        wrong = sorted(n for n, s in self.specs.items() if "readonly" in s["flags"] and not s["idempotent"])
        self.assertEqual(wrong, [])


if __name__ == "__main__":
    unittest.main()
