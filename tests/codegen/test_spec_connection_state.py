"""Spec audit: the commands that change the state of the connection they run on carry
`connection_state` (docs/spec-format.md), which keeps them off the pooled client (issue 15, item 6).

The full list is written out below, so that adding or dropping the flag is a visible decision; and
rules find the kinds of commands that must have it, so that a newly imported one is not missed.
"""
import unittest

from _helpers import SPEC_ROOT

from typedis_codegen import spec_io

EXPECTED = {
    # methods of pinned connections only; a pinned connection that ran one is discarded on release
    # (WATCH/UNWATCH: cleared by UNWATCH instead)
    "pinned": {
        "SELECT", "WATCH", "UNWATCH", "AUTH", "HELLO", "RESET", "QUIT", "READONLY", "READWRITE", "ASKING",
        "CLIENT REPLY", "CLIENT TRACKING", "CLIENT CACHING", "CLIENT SETNAME", "CLIENT SETINFO",
        "CLIENT NO-EVICT", "CLIENT NO-TOUCH", "CLIENT CAPA", "CLIENT IMPORT-SOURCE",
    },
    # sent by typedis::transaction itself
    "transaction": {"MULTI", "EXEC", "DISCARD"},
    # typedis::subscriber's own methods
    "subscriber": {"SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE"},
    # the connection is taken over for good: no typed method anywhere
    "own_connection": {"MONITOR", "SYNC", "PSYNC", "REPLCONF"},
}


def flagged(specs):
    out = {}
    for name, (_, spec) in specs.items():
        where = spec.get("connection_state")
        if where:
            out.setdefault(where, set()).add(name)
    return out


class ConnectionState(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.specs = spec_io.load_specs(SPEC_ROOT)

    def test_the_flagged_commands_are_exactly_the_listed_ones(self):
        self.assertEqual(flagged(self.specs), EXPECTED)

    def test_every_kind_of_state_changing_command_is_flagged(self):
        # Rules, not names: what a new command of these kinds would be caught by.
        missing = []
        for name, (path, spec) in sorted(self.specs.items()):
            word = spec["name"]
            rules = [
                spec["group"] == "transactions",                                   # MULTI/EXEC/WATCH family
                word.endswith("SUBSCRIBE"),                                        # (un)subscribe, all kinds
                spec.get("container") == "CLIENT" and (word.startswith("SET") or word.startswith("NO-")
                                                       or word in ("REPLY", "TRACKING", "CACHING", "CAPA")),
                spec.get("syscmd", False) and "admin" in spec["flags"] and "noscript" in spec["flags"]
                and not spec.get("container") and word in ("SYNC", "PSYNC", "REPLCONF"),
                spec.get("container") is None and spec["group"] == "connection"
                and word in ("SELECT", "AUTH", "HELLO", "RESET", "QUIT"),
            ]
            if any(rules) and not spec.get("connection_state"):
                missing.append("%s (%s)" % (name, path))
        self.assertEqual(missing, [], "commands that change the connection's state without connection_state")

    def test_only_core_commands_are_flagged_by_the_bundled_spec(self):
        for where, names in flagged(self.specs).items():
            for name in names:
                self.assertFalse(self.specs[name][1].get("module"), name)


if __name__ == "__main__":
    unittest.main()
