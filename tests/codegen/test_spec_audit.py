"""Audits of commands-spec/ for classes of defects that a user meets as wrong C++ types (issue 15).

Each check finds every instance of one kind of defect, not only the one that was reported:
  * a floating-point argument typed as an integer (ZINCRBY's increment, ZUNION's weights);
  * a duration that is not a std::chrono duration (XCLAIM's min-idle-time);
  * a count or threshold typed as text (XADD's MAXLEN threshold);
  * Redis and Valkey grammars merged into siblings that both get sent (BITCOUNT's END twice);
  * a reply-struct field that depends on an option or on the server version but is required
    (FUNCTION LIST's library_code, sent only with WITHCODE).
The facts in the lists below (which arguments are floating point) come from the commands' own
grammar documentation, where upstream's JSON says `double`, and from the server's behaviour where
upstream's JSON says `integer` for a value the server parses as a float.
"""
import re
import unittest

from _helpers import SPEC_ROOT

from typedis_codegen import generator


def walk(args, path=""):
    for a in args:
        p = path + "/" + a["name"]
        yield p, a
        yield from walk(a.get("arguments", []), p)


def arguments_of(spec):
    return {generator.full_name(spec) + p: a for p, a in walk(spec["arguments"])}


# Arguments the server parses as floating-point numbers. Upstream's JSON types most of them
# `double`; those marked (*) it types `integer`, though the server reads a float (ZINCRBY z 2.5 m
# adds 2.5).
FLOATING = """
ZINCRBY/increment (*)
ZUNION/weight (*)
ZINTER/weight (*)
ZUNIONSTORE/weight (*)
ZINTERSTORE/weight (*)
ZADD/data/score
INCRBYFLOAT/increment
HINCRBYFLOAT/increment
INCREX/increment/float
GEOADD/data/longitude
GEOADD/data/latitude
GEORADIUS/longitude
GEORADIUS/latitude
GEORADIUS/radius
GEORADIUS_RO/longitude
GEORADIUS_RO/latitude
GEORADIUS_RO/radius
GEORADIUSBYMEMBER/radius
GEORADIUSBYMEMBER_RO/radius
GEOSEARCH/from/fromlonlat/longitude
GEOSEARCH/from/fromlonlat/latitude
GEOSEARCH/by/circle/radius
GEOSEARCH/by/box/width
GEOSEARCH/by/box/height
GEOSEARCHSTORE/from/fromlonlat/longitude
GEOSEARCHSTORE/from/fromlonlat/latitude
GEOSEARCHSTORE/by/circle/radius
GEOSEARCHSTORE/by/box/width
GEOSEARCHSTORE/by/box/height
BLPOP/timeout
BRPOP/timeout
BLMOVE/timeout
BLMPOP/timeout
BRPOPLPUSH/timeout
BZPOPMIN/timeout
BZPOPMAX/timeout
BZMPOP/timeout
DEBUG/subcommand/sleep
JSON.NUMINCRBY/number
JSON.NUMMULTBY/number
TS.ADD/value
TS.INCRBY/addend
TS.DECRBY/subtrahend
TS.MADD/ktv/value
TS.RANGE/filter_by_value/min
TS.RANGE/filter_by_value/max
TS.REVRANGE/filter_by_value/min
TS.REVRANGE/filter_by_value/max
TS.MRANGE/filter_by_value/min
TS.MRANGE/filter_by_value/max
TS.MREVRANGE/filter_by_value/min
TS.MREVRANGE/filter_by_value/max
FT.SEARCH/filter/min
FT.SEARCH/filter/max
FT.SEARCH/geo_filter/lon
FT.SEARCH/geo_filter/lat
FT.SEARCH/geo_filter/radius
FT.SUGADD/score
FT.CREATE/default_score
VSIM/max_distance
"""

# Score-interval bounds: upstream types them `double`, but the server also reads an exclusive
# bound "(1.5" and "-inf"/"+inf"; they are `string` (typedis::value_arg), which takes a number as
# well and writes it in the shortest form that reads back.
SCORE_BOUNDS = """
ZCOUNT/min ZCOUNT/max ZRANGEBYSCORE/min ZRANGEBYSCORE/max ZREVRANGEBYSCORE/min ZREVRANGEBYSCORE/max
ZREMRANGEBYSCORE/min ZREMRANGEBYSCORE/max
""".split()

# Names that mean a floating-point value wherever they appear.
FLOATING_NAMES = frozenset("score weight longitude latitude lon lat radius width height".split())

# Names (or tokens) of durations: such an integer or double argument must carry a unit, so that it
# is a std::chrono duration in C++.
DURATION_WORDS = re.compile(r"^(timeout|block|idle|min-idle-time|ms|milliseconds|seconds|ttl|delay|duration|"
                            r"retention|bucketduration|max_time_diff|temporary)$", re.I)
# ... except these, which are not durations although their names say so.
NOT_DURATIONS = {
    "FT.CREATE/seconds": "TEMPORARY: typed with a unit already",
}

# Tokens that introduce a count or a length limit: an integer, never text.
COUNT_TOKENS = frozenset("COUNT LIMIT MAXLEN RETRYCOUNT SAMPLES MAXCOUNT".split())


def entry_words(a):
    """The words an argument can start with: its token, else (a value) its name in angle brackets,
    else the entries of its children (a oneof: any child; a block: its first child, and the next
    while the children are optional)."""
    if a.get("token"):
        return {a["token"].upper()}
    if a["type"] == "oneof":
        return set().union(*(entry_words(c) for c in a["arguments"]))
    if a["type"] == "block":
        out = set()
        for c in a["arguments"]:
            out |= entry_words(c)
            if not c.get("optional"):
                break
        return out
    return {"<%s>" % a["name"]}


class SpecAudit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.specs = generator.load_specs(SPEC_ROOT)
        cls.args = {}
        for s in cls.specs:
            cls.args.update(arguments_of(s))

    def test_floating_point_arguments_are_double(self):
        problems = []
        for line in FLOATING.strip().splitlines():
            path = line.split()[0]
            a = self.args.get(path)
            if a is None:
                problems.append("%s: not in the spec (renamed? update the list)" % path)
            elif a["type"] != "double":
                problems.append("%s: type %s, the server reads a floating-point number" % (path, a["type"]))
        for path in SCORE_BOUNDS:
            a = self.args.get(path)
            if a is None or a["type"] != "string":
                problems.append("%s: a score bound takes '(1.5' and '-inf' as well: string" % path)
        for path, a in sorted(self.args.items()):
            if ident_of(a) in FLOATING_NAMES and a["type"] in ("integer",):
                problems.append("%s: named %s but typed integer" % (path, a["name"]))
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_durations_have_a_unit(self):
        problems = []
        for path, a in sorted(self.args.items()):
            word_hit = DURATION_WORDS.match(a["name"]) or (a.get("token") and DURATION_WORDS.match(a["token"]))
            if not word_hit or path in NOT_DURATIONS:
                continue
            if a["type"] in ("integer", "double") and not a.get("unit"):
                problems.append("%s: a duration without a unit (a plain number in C++)" % path)
            if a["type"] == "string":
                problems.append("%s: a duration typed as text" % path)
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_counts_and_thresholds_are_integers(self):
        problems = []
        for path, a in sorted(self.args.items()):
            tok = (a.get("token") or "").upper()
            if tok in COUNT_TOKENS and a["type"] not in ("integer", "block", "oneof", "pure-token"):
                problems.append("%s: %s takes a %s, not an integer" % (path, tok, a["type"]))
            if tok == "MAXLEN" and a["type"] == "block":
                vals = [c for c in a["arguments"] if c["type"] not in ("oneof", "pure-token")]
                if any(c["type"] != "integer" for c in vals):
                    problems.append("%s: the MAXLEN threshold is a length: integer" % path)
        # a threshold shared by MAXLEN (a length) and MINID (an id) is text for both: each strategy
        # takes its own (XADD/XTRIM used to take "1000" as a string)
        for s in self.specs:
            for path, a in walk(s["arguments"], generator.full_name(s)):
                if a["name"] == "threshold" and a["type"] == "string" and not path.split("/")[-2].upper() == "MINID":
                    problems.append("%s: a threshold as text (MAXLEN takes a length)" % path)
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_no_two_siblings_of_different_servers_start_alike(self):
        """Where Redis and Valkey grammars were merged, an argument of one family beside an
        argument of the other that can start with the same word means the merge kept both forms:
        a call sends both (BITCOUNT's END, CLUSTER REPLICATE's node id, BGSAVE's SCHEDULE)."""
        problems = []

        def check(args, where):
            for i, a in enumerate(args):
                for b in args[i + 1:]:
                    sa, sb = set(a.get("servers", [])), set(b.get("servers", []))
                    if sa == sb:
                        continue
                    common = entry_words(a) & entry_words(b)
                    if common:
                        problems.append("%s: %s (%s) and %s (%s) both start with %s" % (
                            where, a["name"], "/".join(sorted(sa)) or "both", b["name"],
                            "/".join(sorted(sb)) or "both", ", ".join(sorted(common))))
                if generator.ident(a["name"]) in {generator.ident(b["name"]) for b in args[i + 1:]}:
                    problems.append("%s: two arguments named %s" % (where, a["name"]))
            for a in args:
                check(a.get("arguments", []), where + "/" + a["name"])
        for s in self.specs:
            check(s["arguments"], generator.full_name(s))
        self.assertEqual(problems, [], "\n" + "\n".join(problems))

    def test_option_and_version_dependent_struct_fields_are_optional(self):
        """A field the server sends only with an option (WITHCODE -> library_code) or only from
        some version on (`since`) must be optional: a required one makes every reply without it a
        decode_error."""
        problems = []
        for s in self.specs:
            with_stems = set()
            for _, a in walk(s["arguments"]):
                tok = (a.get("token") or "").upper()
                if a.get("optional") and tok.startswith("WITH") and len(tok) > 4:
                    with_stems.add(tok[4:].lower())
            replies = [s["reply"]] if "reply" in s else [m["reply"] for m in s["methods"]]
            for shape in shapes(replies):
                if shape.get("type") != "struct":
                    continue
                for f in shape["fields"]:
                    if f.get("optional") or f.get("rest"):
                        continue
                    words = set(re.split(r"[_\-]", f["name"]))
                    hit = [w for w in with_stems if w in words or w in f["name"].replace("_", "")]
                    if hit:
                        problems.append("%s: %s.%s is sent only WITH%s: optional" % (
                            generator.full_name(s), shape["name"], f["name"], hit[0].upper()))
                    if f.get("since") or f.get("present_if"):
                        problems.append("%s: %s.%s depends on the version or an option: optional" % (
                            generator.full_name(s), shape["name"], f["name"]))
        self.assertEqual(problems, [], "\n" + "\n".join(problems))


def ident_of(a):
    return generator.ident(a["name"])


def shapes(x):
    if isinstance(x, dict):
        yield x
        for v in x.values():
            yield from shapes(v)
    elif isinstance(x, list):
        for v in x:
            yield from shapes(v)


if __name__ == "__main__":
    unittest.main()
