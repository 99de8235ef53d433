"""Checks of commands-spec/ as a whole:
  * every file validates against schema.json (messages name file, command and field);
  * every name in the target lists (tests/codegen/data/targets/<module>.txt) has a file;
  * every reply is curated, except exactly the commands listed in commands-spec/uncurated.txt
    (each with a reason; a listed command that is curated fails, so the list only shrinks);
  * method names are unique per command (and across the generated API).

The target lists are the command names each spec folder must cover (facts, one name a line), kept
in the repository's own test data so that the suite needs nothing outside the repository.
"""
import os
import unittest

from _helpers import REPO, SPEC_ROOT

from typedis_codegen import convert, spec_io


UNCURATED_LIST = os.path.join(SPEC_ROOT, "uncurated.txt")


def read_uncurated_list(path):
    """commands-spec/uncurated.txt: one full command name a line, each with its reason after '#'.
    Returns (set of names, list of problems: missing reason, duplicate)."""
    names, problems = set(), []
    if not os.path.exists(path):
        return names, problems
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, _, reason = line.partition("#")
            name = " ".join(name.split()).upper()
            if not reason.strip():
                problems.append("line %d: %s has no reason after '#'" % (n, name))
                continue
            if name in names:
                problems.append("line %d: %s listed twice" % (n, name))
            names.add(name)
    return names, problems


TARGETS_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "targets")
TARGETS = ("core", "json", "search", "timeseries", "vectorset")


class SpecCoverageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.specs = spec_io.load_specs(SPEC_ROOT)
        cls.schema = spec_io.load_schema(SPEC_ROOT)

    def test_every_file_validates(self):
        msgs = []
        for fn, (path, spec) in sorted(self.specs.items()):
            msgs += spec_io.validate_spec(spec, self.schema, os.path.relpath(path, REPO))
        self.assertEqual(msgs, [], "\n" + "\n".join(msgs))

    def test_file_location_matches_content(self):
        bad = []
        for fn, (path, spec) in sorted(self.specs.items()):
            # core commands in core/<group>/, module commands flat in their module's folder
            want = os.path.join(SPEC_ROOT, spec_io.spec_relpath(spec, spec.get("module") or "core"))
            if os.path.abspath(path) != os.path.abspath(want):
                bad.append("%s: command %s belongs in %s" % (path, fn, want))
        self.assertEqual(bad, [], "\n" + "\n".join(bad))

    def test_every_target_has_a_file(self):
        for target in TARGETS:
            with self.subTest(target=target):
                path = os.path.join(TARGETS_DIR, target + ".txt")
                self.assertTrue(os.path.exists(path), "target list %s not found" % path)
                with open(path, encoding="utf-8") as fh:
                    targets = [" ".join(l.split()).upper() for l in fh if l.strip()]
                # A container listed as a target (JSON.DEBUG) is covered by its subcommands' files.
                containers = {(spec.get("container") or "").upper() for _, spec in self.specs.values()}
                missing = [t for t in targets if t not in self.specs and t not in containers]
                self.assertEqual(missing, [], "%s commands without a spec file: %s" % (target, ", ".join(missing)))
                if target != "core":
                    wrong = [t for t in targets if t in self.specs and self.specs[t][1].get("module") != target]
                    self.assertEqual(wrong, [], "not marked as module %s: %s" % (target, ", ".join(wrong)))

    def test_every_reply_is_curated(self):
        """Every command is curated except exactly those listed in commands-spec/uncurated.txt."""
        allowed, problems = read_uncurated_list(UNCURATED_LIST)
        self.assertEqual(problems, [], "\n%s:\n" % UNCURATED_LIST + "\n".join(problems))
        uncurated = ["%s (%s)" % (fn, spec.get("notes", "no reason given"))
                     for fn, (_, spec) in sorted(self.specs.items())
                     if not spec.get("curated") and fn not in allowed]
        self.assertEqual(uncurated, [], "\n%d uncurated and not listed in %s:\n" % (len(uncurated), UNCURATED_LIST)
                         + "\n".join(uncurated))
        stale = ["%s: listed as uncurated but %s" % (fn, "curated" if fn in self.specs else "has no spec file")
                 for fn in sorted(allowed) if fn not in self.specs or self.specs[fn][1].get("curated")]
        self.assertEqual(stale, [], "\nremove from %s:\n" % UNCURATED_LIST + "\n".join(stale))

    def test_uncurated_list_parser(self):
        import tempfile
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
            fh.write("# comment\n\nHOTKEYS GET  # why\nxnack # why\nARGET\nARGET #\nXNACK # again\n")
        try:
            allowed, problems = read_uncurated_list(fh.name)
        finally:
            os.unlink(fh.name)
        self.assertEqual(allowed, {"HOTKEYS GET", "XNACK"})
        self.assertEqual(len(problems), 3, problems)  # ARGET without reason (twice), XNACK listed twice

    def test_method_names_unique(self):
        seen = {}
        dups = []
        for fn, (path, spec) in sorted(self.specs.items()):
            names = [m["name"] for m in spec.get("methods") or []] or [convert.snake(fn)]
            if len(set(names)) != len(names):
                dups.append("%s: duplicate method names in %s" % (path, fn))
            for n in names:
                if n in seen and seen[n] != fn:
                    dups.append("%s: method %s of %s clashes with %s" % (path, n, fn, seen[n]))
                seen[n] = fn
        self.assertEqual(dups, [], "\n" + "\n".join(dups))

    def test_reply_shapes_agree_between_protocols(self):
        """RESP2 and RESP3 shapes must give the same C++ type: same structure, only encodings differ."""
        def norm(s):
            if isinstance(s, str):
                return s
            s = dict(s)
            s.pop("encoding", None)
            s.pop("flat", None)
            s.pop("pairs", None)
            s.pop("values", None)
            for k in ("of", "key", "value"):
                if isinstance(s.get(k), (str, dict)):
                    s[k] = norm(s[k])
            if isinstance(s.get("of"), list):
                s["of"] = [norm(x) for x in s["of"]]
            if "items" in s:
                s["items"] = [norm(x) for x in s["items"]]
            if "fields" in s:
                s["fields"] = [dict(f, type=norm(f["type"])) for f in s["fields"]]
            return s if len(s) > 1 else s["type"]

        bad = []
        for fn, (path, spec) in sorted(self.specs.items()):
            replies = [spec["reply"]] if "reply" in spec else [m["reply"] for m in spec["methods"]]
            for r in replies:
                if norm(r["resp2"]) != norm(r["resp3"]):
                    bad.append("%s: command %s: resp2 and resp3 shapes differ in structure" % (path, fn))
        self.assertEqual(bad, [], "\n" + "\n".join(bad))


if __name__ == "__main__":
    unittest.main()
