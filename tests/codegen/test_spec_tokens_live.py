"""Every keyword a live redis-server documents (COMMAND DOCS) for a command is a keyword of that
command in commands-spec.

The builder tests (tests/spec/make_spec_tests.py) derive the expected bytes from the spec, so a
misspelt keyword *in the spec* (SET ... KEEPTL) would pass them; the server is the independent
source that catches it. Starts its own throwaway redis-server ($TYPEDIS_REDIS_SERVER, else
redis-server from PATH); fails (does not skip) when there is none.
"""
import json
import os
import unittest

from _helpers import SPEC_ROOT, RedisServer, find_redis_server

from typedis_codegen import importer


def tokens(args, path=""):
    """{argument path: token} of a grammar, paths by argument name."""
    out = {}
    for a in args or []:
        p = path + "/" + a["name"]
        if a.get("token"):
            out[p] = a["token"]
        out.update(tokens(a.get("arguments"), p))
    return out


def load_core():
    specs = {}
    for dirpath, _, filenames in os.walk(os.path.join(SPEC_ROOT, "core")):
        for f in filenames:
            if f.endswith(".json"):
                with open(os.path.join(dirpath, f), encoding="utf-8") as fh:
                    s = json.load(fh)
                name = ((s["container"] + " ") if s.get("container") else "") + s["name"]
                specs[name] = s
    return specs


class LiveTokenAudit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        binary = find_redis_server()
        if not binary:
            raise AssertionError("no redis-server: set TYPEDIS_REDIS_SERVER to a redis-server binary "
                                 "or put redis-server on PATH (Debian: apt-get install redis-server)")
        cls.server = RedisServer(binary)
        try:
            cls.live = importer.specs_from_runtime(importer.runtime_entries_from_server(cls.server.url))
        finally:
            cls.server.stop()
        cls.spec = load_core()

    def test_every_live_keyword_is_in_the_spec(self):
        wrong = []
        checked = 0
        for name, live in sorted(self.live.items()):
            spec = self.spec.get(name)
            if spec is None:
                continue  # test_import_live reports commands missing from the spec
            spec_tokens = set(tokens(spec.get("arguments")).values())
            for path, tok in sorted(tokens(live.get("arguments")).items()):
                checked += 1
                if tok not in spec_tokens:
                    wrong.append("%s: the server documents %s (%s); the spec has no such keyword" % (name, tok, path))
        self.assertGreater(checked, 300, "the live server documented almost no keywords")
        self.assertEqual(wrong, [], "\n".join(wrong))


if __name__ == "__main__":
    unittest.main()
