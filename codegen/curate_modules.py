#!/usr/bin/env python3
"""Curation of the module command spec (commands-spec/{json,search,timeseries,vectorset}/).

The files were written by the importer:

  R=../shared/reference
  python3 codegen/import_commands.py --from-docs-json $R/redis-docs/commands_core.json \\
      --module ReJSON:json --from-module-file $R/json/commands.json --only-file $R/targets/json.txt \\
      --spec commands-spec          # likewise search:search, timeseries:timeseries, vectorset:vectorset

and this script applies the hand decisions on top (idempotent; run it again after a re-import):
argument names the schema does not allow, RediSearch's APPLY expression grammar (one opaque
string), key specs the runtime lacks, and the reply shapes (RESP2/RESP3) with methods for
option-dependent replies. The decisions and their sources are in each file's `notes`.

  python3 codegen/curate_modules.py --spec commands-spec
"""

import argparse
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from typedis_codegen import convert, spec_io  # noqa: E402

MODULES = ("json", "search", "timeseries", "vectorset")

NAME_FIX = {"+": "plus", "-": "minus", "~": "tilde", "=": "equal"}


def fix_names(args):
    seen = set()
    for a in args:
        if a["name"] in seen:  # FT.HYBRID has two FILTER arguments at the top level
            a["name"] = a["name"] + "-" + str(len(seen))
        seen.add(a["name"])
    for a in args:
        n = a["name"]
        if n in NAME_FIX:
            a["name"] = NAME_FIX[n]
        else:
            a["name"] = re.sub(r"[^a-z0-9_\-]+", "-", n.lower()).strip("-") or "arg"
        if a["type"] == "block" and a.get("arguments") and any(
                c["type"] == "block" and not c.get("arguments") for c in a["arguments"]) and a["name"] == "expression":
            pass
        fix_names(a.get("arguments", []))


def opaque_expressions(args):
    """RediSearch's APPLY/FILTER expression grammar (functions with untyped parameters) -> one string."""
    for a in args:
        kids = a.get("arguments", [])
        if a["type"] in ("block", "oneof") and kids and any(
                c["type"] in ("block", "oneof") and not c.get("arguments") for c in kids):
            for k in ("arguments",):
                a.pop(k)
            a["type"] = "string"
            continue
        opaque_expressions(kids)


def find(args, path):
    node = None
    for p in path.split("/"):
        node = next(a for a in args if a["name"] == p)
        args = node.get("arguments", [])
    return node


def ks(index, lastkey=0, step=1, flags=("ro",)):
    return {"flags": list(flags), "begin_search": {"type": "index", "index": index},
            "find_keys": {"type": "range", "lastkey": lastkey, "step": step, "limit": 0}}


def S(x):
    return x if isinstance(x, dict) else {"type": x}


def both(shape, resp2=None):
    return {"resp2": resp2 if resp2 is not None else shape, "resp3": shape}


def nullable(s):
    return {"type": "nullable", "of": s}


def arr(s):
    return {"type": "array", "of": s}


def mp(k, v, **kw):
    return dict({"type": "map", "key": k, "value": v}, **kw)


def tup(*items):
    return {"type": "tuple", "items": list(items)}


DSTR = {"type": "double", "encoding": "string"}
SAMPLE3 = tup("integer", "double")
SAMPLE2 = tup("integer", DSTR)
AI = arr(nullable("integer"))
SRC = ("the module's documented RESP2/RESP3 reply formats (redis.io command reference), written from the "
       "curator's knowledge of them; not yet checked against a module server (no module server here)")
NOT_YET = ("RESP2 and RESP3 replies differ in structure (not only in wire encodings), which the SHAPE language "
           "cannot express yet: typed as typedis::resp::value until a hand-written reply type lands "
           "(issue 4, second part)")
UNKNOWN = "command newer than the reference reply documentation; reply left generic until a server can be observed"

# full name -> {"reply": ...} | {"methods": [...]} | {"uncurated": note}, plus "note"
R = {}


def reply(name, shape, resp2=None, note=""):
    R[name] = {"reply": both(S(shape) if isinstance(shape, str) else shape, resp2), "note": note}


def methods(name, ms, note=""):
    R[name] = {"methods": ms, "note": note}


def method(name, args, shape, resp2=None, **kw):
    return dict({"name": name, "args": args, "reply": both(S(shape) if isinstance(shape, str) else shape, resp2)}, **kw)


def uncurated(name, why):
    R[name] = {"uncurated": why}


JSONV = S("json")
# ---- RedisJSON: the typed methods use JSONPath ($...) paths, whose replies are arrays (one element per match)
reply("JSON.SET", nullable("ok"), note="null when NX/XX prevented the write")
methods("JSON.GET", [method("json_get", {"path": "absent"}, nullable(JSONV)),
                     method("json_get_paths", {"path": "present"}, nullable(JSONV))],
        note="one $-path: JSON text of an array of matches; several paths: JSON text of an object path -> matches")
reply("JSON.MGET", arr(nullable(JSONV)), note="one JSON text (array of matches) per key, null for a missing key")
reply("JSON.MSET", "ok")
reply("JSON.MERGE", "ok")
reply("JSON.DEL", "integer")
reply("JSON.FORGET", "integer")
reply("JSON.CLEAR", "integer")
for n in ("JSON.ARRAPPEND", "JSON.ARRINDEX", "JSON.ARRINSERT", "JSON.ARRTRIM", "JSON.STRAPPEND"):
    reply(n, AI, note="one entry per match, null where the match has the wrong type")
for n, base in (("JSON.ARRLEN", "json_arrlen"), ("JSON.OBJLEN", "json_objlen"), ("JSON.STRLEN", "json_strlen"),
                ("JSON.TOGGLE", None)):
    if base:
        methods(n, [method(base, {"path": "present"}, AI)],
                note="typed for a $-path (a legacy path or no path answers a bare integer)")
    else:
        reply(n, AI, note="0/1 per match, null where the match is not a boolean")
methods("JSON.ARRPOP", [method("json_arrpop", {"path_index": "present"}, arr(nullable(JSONV)))],
        note="typed for a $-path: popped JSON text per match")
methods("JSON.OBJKEYS", [method("json_objkeys", {"path": "present"}, arr(nullable(arr("string"))))],
        note="typed for a $-path")
methods("JSON.DEBUG MEMORY", [method("json_debug_memory", {"path": "present"}, arr("integer"))],
        note="typed for a $-path: bytes per match")
reply("JSON.DEBUG HELP", arr("string"))
reply("JSON.NUMINCRBY", JSONV, note="RESP2: JSON text of the new values; RESP3: an array of numbers; the json "
                                    "decoder reads both into nlohmann::json")
reply("JSON.NUMMULTBY", JSONV, note="as JSON.NUMINCRBY")
uncurated("JSON.TYPE", "RESP2 answers an array of type names, RESP3 an array of arrays: " + NOT_YET)
uncurated("JSON.RESP", "deprecated; the reply mirrors the document in RESP types: generic by nature")

# ---- RediSearch
reply("FT._LIST", {"type": "set", "of": "string"})
for n in ("FT.ALIASADD", "FT.ALIASDEL", "FT.ALIASUPDATE", "FT.ALTER", "FT.CREATE", "FT.DROPINDEX",
          "FT.SYNUPDATE", "FT.CONFIG SET", "FT.CURSOR DEL"):
    reply(n, "ok")
reply("FT.CONFIG GET", mp("string", nullable("string")), mp("string", nullable("string"), pairs=True),
      note="RESP2: array of [name, value] pairs; RESP3: a map")
reply("FT.DICTADD", "integer")
reply("FT.DICTDEL", "integer")
reply("FT.DICTDUMP", {"type": "set", "of": "string"})
reply("FT.EXPLAIN", "string")
reply("FT.EXPLAINCLI", arr("string"))
reply("FT.SUGADD", "integer")
reply("FT.SUGDEL", "bool")
reply("FT.SUGLEN", "integer")
reply("FT.TAGVALS", {"type": "set", "of": "string"})
reply("FT.SYNDUMP", mp("string", arr("string")))
methods("FT.SUGGET", [
    method("ft_sugget", {"withscores": "absent", "withpayloads": "absent"}, arr("string")),
    method("ft_sugget_withscores", {"withscores": "present", "withpayloads": "absent"},
           {"type": "array", "of": tup("string", "double"), "flat": True},
           {"type": "array", "of": tup("string", DSTR), "flat": True}),
], note="WITHPAYLOADS (triples) only through the generic command() for now")
FT_INFO = {"type": "struct", "name": "ft_info", "form": "map", "fields": [
    {"name": "index_name", "type": "string"},
    {"name": "index_options", "type": "any", "optional": True},
    {"name": "index_definition", "type": "any", "optional": True},
    {"name": "attributes", "type": "any", "optional": True},
    {"name": "num_docs", "type": "integer", "optional": True},
    {"name": "max_doc_id", "type": "integer", "optional": True},
    {"name": "num_terms", "type": "integer", "optional": True},
    {"name": "num_records", "type": "integer", "optional": True},
    {"name": "indexing", "type": "integer", "optional": True},
    {"name": "percent_indexed", "type": "double", "optional": True},
    {"name": "hash_indexing_failures", "type": "integer", "optional": True},
]}
reply("FT.INFO", FT_INFO, note="RESP2 flat key/value array, RESP3 map; numbers come as integers, doubles or "
                               "numeric strings depending on version, which the decoders accept; the other keys "
                               "are skipped")
for n in ("FT.SEARCH", "FT.AGGREGATE", "FT.CURSOR READ", "FT.PROFILE", "FT.HYBRID", "FT.SPELLCHECK"):
    uncurated(n, "RESP2: flat array (FT.SEARCH: total, then id [score] [payload] [fields] per document); RESP3: "
                 "a map (total_results, results[{id, score, extra_attributes, values}], ...): " + NOT_YET)
uncurated("FT.ALIASLIST", UNKNOWN)
uncurated("FT.CONFIG HELP", "free-form help table: generic")

# ---- RedisTimeSeries
for n in ("TS.ADD", "TS.INCRBY", "TS.DECRBY"):
    reply(n, "integer", note="the sample's timestamp")
for n in ("TS.CREATE", "TS.ALTER", "TS.CREATERULE", "TS.DELETERULE"):
    reply(n, "ok")
reply("TS.DEL", "integer")
reply("TS.MADD", arr("integer"), note="one timestamp per sample; a failed sample is an error element (decode error)")
OPT_SAMPLE = {"type": "struct", "name": "ts_get_sample", "form": "array", "fields": [
    {"name": "timestamp", "type": "integer", "optional": True},
    {"name": "value", "type": "double", "optional": True}]}
reply("TS.GET", OPT_SAMPLE, note="[timestamp, value] or an empty array for an empty series; the value is a "
                                 "numeric string in RESP2 and a double in RESP3")
for n in ("TS.RANGE", "TS.REVRANGE"):
    reply(n, arr(SAMPLE3), arr(SAMPLE2), note="[timestamp, value] pairs; value numeric string in RESP2")
reply("TS.QUERYINDEX", arr("string"))
TS_INFO = {"type": "struct", "name": "ts_info", "form": "map", "fields": [
    {"name": "total_samples", "key": "totalSamples", "type": "integer"},
    {"name": "memory_usage", "key": "memoryUsage", "type": "integer"},
    {"name": "first_timestamp", "key": "firstTimestamp", "type": "integer"},
    {"name": "last_timestamp", "key": "lastTimestamp", "type": "integer"},
    {"name": "retention_time", "key": "retentionTime", "type": "integer"},
    {"name": "chunk_count", "key": "chunkCount", "type": "integer"},
    {"name": "chunk_size", "key": "chunkSize", "type": "integer"},
    {"name": "chunk_type", "key": "chunkType", "type": "string", "optional": True},
    {"name": "duplicate_policy", "key": "duplicatePolicy", "type": nullable("string"), "optional": True},
    {"name": "labels", "type": mp("string", "string"), "optional": True},
    {"name": "source_key", "key": "sourceKey", "type": nullable("string"), "optional": True},
    {"name": "rules", "type": "any", "optional": True},
    {"name": "ignore_max_time_diff", "key": "ignoreMaxTimeDiff", "type": "integer", "optional": True},
    {"name": "ignore_max_val_diff", "key": "ignoreMaxValDiff", "type": "double", "optional": True},
]}
TS_INFO2 = json.loads(json.dumps(TS_INFO))
for f in TS_INFO2["fields"]:
    if f["name"] == "labels":
        f["type"] = mp("string", "string", pairs=True)
    if f["name"] == "ignore_max_val_diff":
        f["type"] = DSTR
reply("TS.INFO", TS_INFO, TS_INFO2, note="RESP2 flat key/value array with labels as [name, value] pairs; RESP3 map "
                                         "with a labels map; rules differ in layout (array of 4-tuples vs map) and "
                                         "stay generic")
for n in ("TS.MGET", "TS.MRANGE", "TS.MREVRANGE"):
    uncurated(n, "RESP2: array of [key, labels as pairs, samples]; RESP3: map key -> [labels map, (GROUPBY: "
                 "reducers/sources), samples]: " + NOT_YET)
for n in ("TS.NRANGE", "TS.NREVRANGE", "TS.READ", "TS.QUERYLABELS"):
    uncurated(n, UNKNOWN)

# ---- Vector sets
for n in ("VADD", "VREM", "VSETATTR", "VISMEMBER"):
    reply(n, "bool", note="integer 0/1 in RESP2, boolean in RESP3")
reply("VCARD", "integer")
reply("VDIM", "integer")
reply("VGETATTR", nullable(JSONV), note="JSON text of the attributes, null when none")
reply("VRANGE", arr("string"))
reply("VINFO", nullable(mp("string", "any")), note="flat key/value array in RESP2, map in RESP3; null for a missing key")
methods("VEMB", [
    method("vemb", {"raw": "absent"}, nullable(arr("double")), nullable(arr(DSTR))),
    method("vemb_raw", {"raw": "present"}, {"type": "struct", "name": "vemb_raw", "form": "array", "fields": [
        {"name": "quantization", "type": "string"}, {"name": "data", "type": "string"},
        {"name": "norm", "type": "double"}, {"name": "range", "type": "double", "optional": True}]}),
])
PAIRS = {"type": "array", "of": tup("string", "double"), "flat": True}
PAIRS2 = {"type": "array", "of": tup("string", DSTR), "flat": True}
methods("VLINKS", [
    method("vlinks", {"withscores": "absent"}, nullable(arr(arr("string")))),
    method("vlinks_withscores", {"withscores": "present"}, nullable(arr(PAIRS)), nullable(arr(PAIRS2))),
], note="one entry per HNSW level; with scores RESP2 flat [element, score] per level, RESP3 a map per level "
        "(the pair decoder reads both, keeping the order)")
methods("VRANDMEMBER", [
    method("vrandmember", {"count": "absent"}, nullable("string")),
    method("vrandmember_count", {"count": "present"}, arr("string")),
])
methods("VSIM", [
    method("vsim", {"withscores": "absent", "withattribs": "absent"}, arr("string")),
    method("vsim_withscores", {"withscores": "present", "withattribs": "absent"}, PAIRS, PAIRS2),
    method("vsim_withattribs", {"withscores": "absent", "withattribs": "present"},
           {"type": "array", "of": tup("string", nullable(JSONV)), "flat": True}),
    method("vsim_withscores_withattribs", {"withscores": "present", "withattribs": "present"}, "any"),
], note="RESP2 flat [element, score] / [element, attributes]; RESP3 a map element -> score or attributes: the "
        "ordered pair decoder reads both. WITHSCORES WITHATTRIBS (RESP2 flat triples, RESP3 map element -> "
        "[score, attributes]) is generic (resp::value) until a hand-written reply type lands")


VECTOR = [{"name": "fp32", "type": "string", "token": "FP32"},
          {"name": "values", "type": "block", "token": "VALUES", "arguments": [
              {"name": "num", "type": "integer"}, {"name": "value", "type": "double", "multiple": True}]}]


def fix_grammar(fn, spec):
    args = spec["arguments"]
    fix_names(args)
    opaque_expressions(args)
    done = any(a["name"] in ("vector", "query") and a["type"] == "oneof" for a in args)
    if fn == "VADD" and not done:
        i = next(i for i, a in enumerate(args) if a["type"] == "oneof" and {c.get("token") for c in a["arguments"]} >= {"FP32", "VALUES"})
        assert args[i + 1]["name"] == "vector"
        args[i:i + 2] = [{"name": "vector", "type": "oneof", "arguments": json.loads(json.dumps(VECTOR))}]
    if fn == "VSIM" and not done:
        i = next(i for i, a in enumerate(args) if a["type"] == "oneof" and {c.get("token") for c in a["arguments"]} >= {"FP32", "VALUES"})
        assert args[i + 1]["name"] == "vector_or_element"
        args[i:i + 2] = [{"name": "query", "type": "oneof", "arguments": [
            {"name": "element", "type": "string", "token": "ELE"}] + json.loads(json.dumps(VECTOR))}]
    if fn == "FT.HYBRID":  # the VSIM clause has its own FILTER; the top-level one filters the results
        for a in args:
            if a["name"] == "filter":
                a["name"] = "post-filter"
    if fn.startswith("FT.SUG"):
        args[0]["type"] = "key"
        args[0]["key_spec_index"] = 0


def fix_keys(fn, spec):
    """Key positions: the runtime dump's key specs where right, by hand where missing or short."""
    if fn == "JSON.MGET":
        spec["key_specs"] = [ks(1, lastkey=-2)]
    elif fn == "JSON.DEBUG MEMORY":
        spec["key_specs"] = [ks(2)]
        spec["flags"] = ["readonly"]
    elif fn == "JSON.DEBUG HELP":
        spec["flags"] = ["readonly"]
    elif fn.startswith("FT.SUG"):
        flags = ("ro",) if "readonly" in spec["flags"] else ("rw",)
        spec["key_specs"] = [ks(1, flags=flags)]


KEY_NOTES = {
    "search": "FT.* index, alias and dictionary names are not keys (no key specs; in a cluster any node serves them)",
    "timeseries": "series found by label filters (TS.MGET/MRANGE/QUERYINDEX) have no key positions: fan out",
}


def curate(spec):
    fn = convert.full_name(spec["name"], spec.get("container"))
    fix_grammar(fn, spec)
    fix_keys(fn, spec)
    spec["flags"] = [f for f in spec["flags"] if f != "module"]
    spec["idempotent"] = "readonly" in spec["flags"] or fn in ("JSON.SET", "JSON.MSET", "JSON.DEL", "JSON.FORGET",
                                                            "JSON.CLEAR", "TS.CREATE", "TS.ALTER", "TS.DEL", "VREM",
                                                            "VSETATTR", "FT.ALIASUPDATE", "FT.CONFIG SET")
    d = R.get(fn)
    if d is None:
        raise SystemExit("curate_modules: no decision for %s" % fn)
    spec.pop("reply", None)
    spec.pop("methods", None)
    notes = []
    if "uncurated" in d:
        spec["reply"] = {"resp2": "any", "resp3": "any"}
        spec["curated"] = False
        notes.append(d["uncurated"])
    else:
        if "reply" in d:
            spec["reply"] = d["reply"]
        else:
            spec["methods"] = d["methods"]
        spec["curated"] = True
        notes.append("reply from " + SRC + (": " + d["note"] if d.get("note") else ""))
    if spec.get("module") in KEY_NOTES and not spec["key_specs"]:
        notes.append(KEY_NOTES[spec["module"]])
    notes.append("grammar from the runtime COMMAND DOCS dump (redis/docs commands_core.json) where it has the "
                 "command, else the upstream module file")
    spec["notes"] = "; ".join(notes)
    return convert.ordered(spec)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--spec", default="commands-spec")
    a = ap.parse_args(argv)
    for m in MODULES:
        folder = os.path.join(a.spec, m)
        for f in sorted(os.listdir(folder)):
            path = os.path.join(folder, f)
            with open(path, encoding="utf-8") as fh:
                spec = json.load(fh)
            fn = convert.full_name(spec["name"], spec.get("container"))
            if fn == "JSON.DEBUG":  # the runtime's container form; the spec has JSON.DEBUG MEMORY / HELP
                os.remove(path)
                continue
            spec_io.write_spec(a.spec, curate(spec), path=path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
