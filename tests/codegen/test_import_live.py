"""Importing from a live redis-server reports no command missing from the curated spec.

Starts its own throwaway redis-server on a free 127.0.0.1 port: the binary is
$TYPEDIS_REDIS_SERVER, else redis-server from PATH. Fails (does not skip) when neither exists.
"""
import contextlib
import io
import json
import os
import tempfile
import unittest

from _helpers import SPEC_ROOT, RedisServer, find_redis_server

from typedis_codegen import importer


class LiveImportTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        binary = find_redis_server()
        if not binary:
            raise AssertionError("no redis-server: set TYPEDIS_REDIS_SERVER to a redis-server binary "
                                 "or put redis-server on PATH (Debian: apt-get install redis-server)")
        cls.server = RedisServer(binary)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_no_command_missing(self):
        with tempfile.TemporaryDirectory() as tmp:
            report_file = os.path.join(tmp, "report.json")
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                rc = importer.main(["--from-server", self.server.url, "--spec", SPEC_ROOT, "--dry-run",
                                    "--report-json", report_file])
            self.assertEqual(rc, 0, out.getvalue())
            with open(report_file, encoding="utf-8") as fh:
                report = json.load(fh)
        self.assertEqual(report["added"], [], "commands of the live server missing from commands-spec:\n"
                         + "\n".join(report["added"]))
        self.assertEqual(report["updated"], {})

    def test_server_entries_are_complete(self):
        entries = importer.runtime_entries_from_server(self.server.url)
        specs = importer.specs_from_runtime(entries)
        self.assertIn("SET", specs)
        self.assertIn("CLIENT KILL", specs)
        s = specs["SET"]
        self.assertEqual(s["arity"], -3)
        self.assertIn("write", s["flags"])
        self.assertIn("string", s["acl_categories"])
        self.assertEqual(s["key_specs"][0]["begin_search"], {"type": "index", "index": 1})
        self.assertFalse(s["curated"])


if __name__ == "__main__":
    unittest.main()
