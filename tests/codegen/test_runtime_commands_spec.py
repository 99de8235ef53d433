"""The commands the runtime sends by itself (health checks, transactions, scripts, handshake,
subscriber, topology queries) are built by the generated builders, so their spec entries must say
what a router and a retry policy need: key positions, flags, idempotency. Plus an audit of the
class of defect found in SENTINEL GET-MASTER-ADDR-BY-NAME: a merged Redis/Valkey grammar whose
builder would send both servers' spelling of one argument."""
import unittest

from _helpers import SPEC_ROOT  # noqa: F401  (sets sys.path)

from typedis_codegen import generator, spec_io  # noqa: E402

# full name -> (flags the spec must have, idempotent, key specs as (begin index, find_keys type))
RUNTIME_SENT = {
    "PING": ({"fast"}, True, []),
    "WATCH": ({"noscript", "fast"}, True, [(1, "range")]),
    "UNWATCH": ({"noscript", "fast"}, True, []),
    "MULTI": ({"noscript", "fast"}, False, []),
    "EXEC": ({"noscript"}, False, []),
    "DISCARD": ({"noscript", "fast"}, False, []),
    "ASKING": ({"fast"}, True, []),
    "READONLY": ({"fast"}, True, []),
    "READWRITE": ({"fast"}, True, []),
    "SCRIPT LOAD": ({"noscript"}, True, []),
    "HELLO": ({"no_auth", "fast"}, True, []),
    "AUTH": ({"no_auth", "fast"}, True, []),
    "CLIENT SETNAME": ({"noscript"}, True, []),
    "SELECT": ({"fast"}, True, []),
    "SUBSCRIBE": ({"pubsub"}, True, []),
    "PSUBSCRIBE": ({"pubsub"}, True, []),
    "SSUBSCRIBE": ({"pubsub"}, True, [(1, "range")]),  # shard channels route like keys
    "UNSUBSCRIBE": ({"pubsub"}, True, []),
    "PUNSUBSCRIBE": ({"pubsub"}, True, []),
    "SUNSUBSCRIBE": ({"pubsub"}, True, [(1, "range")]),
    "SENTINEL GET-MASTER-ADDR-BY-NAME": ({"admin"}, True, []),
    "CLUSTER SHARDS": (set(), True, []),
    "CLUSTER SLOTS": (set(), True, []),
    "EVALSHA": ({"noscript"}, False, [(2, "keynum")]),
    "EVALSHA_RO": ({"readonly", "noscript"}, True, [(2, "keynum")]),
    "FCALL": ({"noscript"}, False, [(2, "keynum")]),
    "FCALL_RO": ({"readonly", "noscript"}, True, [(2, "keynum")]),
}


class RuntimeSentCommands(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.specs = spec_io.load_specs(SPEC_ROOT)

    def test_each_has_its_flags_idempotency_and_key_specs(self):
        for fn, (flags, idempotent, keys) in RUNTIME_SENT.items():
            with self.subTest(command=fn):
                self.assertIn(fn, self.specs)
                spec = self.specs[fn][1]
                self.assertLessEqual(flags, set(spec["flags"]))
                self.assertEqual(spec["idempotent"], idempotent)
                got = [(ks["begin_search"].get("index"), ks["find_keys"]["type"]) for ks in spec["key_specs"]]
                self.assertEqual(got, keys)
                # a key argument for every key spec, so the builder writes the keys where they say
                # (shard channels are not_key: no argument carries a key_spec_index)
                if keys and not any("not_key" in ks["flags"] for ks in spec["key_specs"]):
                    used = set()

                    def walk(args):
                        for a in args:
                            if "key_spec_index" in a:
                                used.add(a["key_spec_index"])
                            walk(a.get("arguments", []))
                    walk(spec["arguments"])
                    self.assertEqual(used, set(range(len(keys))))

    def test_each_has_one_builder(self):
        gen = generator.Generator(generator.load_specs(SPEC_ROOT)).run()
        names = {fn: [m["name"] for c in cmds for m in c["methods"]]
                 for cmds in gen.groups.values() for c in cmds
                 for fn in [generator.full_name(c["spec"])]}
        for fn in RUNTIME_SENT:
            with self.subTest(command=fn):
                self.assertTrue(names.get(fn), "no builder for %s" % fn)

    def test_sentinel_primary_address_is_one_name_and_may_be_null(self):
        spec = self.specs["SENTINEL GET-MASTER-ADDR-BY-NAME"][1]
        self.assertEqual([a["name"] for a in spec["arguments"]], ["master-name"])
        self.assertEqual(spec["reply"]["resp3"]["type"], "nullable")
        self.assertEqual(spec["reply"]["resp2"]["type"], "nullable")


class MergedGrammarAudit(unittest.TestCase):
    def test_no_builder_sends_both_servers_spelling_of_one_argument(self):
        """Two sibling arguments that are each required and restricted to disjoint server
        families (Redis's master-name, Valkey's primary-name) are one argument named twice: every
        call would send both."""
        bad = []

        def walk(fn, args, path):
            required = [a for a in args if a.get("servers") and not a.get("optional")]
            for i, a in enumerate(required):
                for b in required[i + 1:]:
                    if not set(a["servers"]) & set(b["servers"]):
                        bad.append("%s: %s%s (%s) and %s (%s)" % (fn, path, a["name"], "/".join(a["servers"]),
                                                               b["name"], "/".join(b["servers"])))
            for a in args:
                if a["type"] != "oneof":  # alternatives of a oneof are not sent together
                    walk(fn, a.get("arguments", []), path + a["name"] + "/")
        for fn, (_, spec) in sorted(spec_io.load_specs(SPEC_ROOT).items()):
            walk(fn, spec["arguments"], "")
        self.assertEqual(bad, [], "merged grammars that send both spellings:\n" + "\n".join(bad))


if __name__ == "__main__":
    unittest.main()
