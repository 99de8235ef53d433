#!/usr/bin/env python3
"""One-off bulk import of the core spec from the reference data (kept for the record).

  python3 codegen/build_core_spec.py --reference DIR --spec commands-spec [--dry-run]

DIR (required, no default) is a folder of upstream reference data that is not part of the
repository: targets/core.txt, redis-docs/commands_core.json, redis-core/commands/,
valkey-core/commands/, valkey-server-9.1.0/command-docs.json.

Sources and precedence (see docs/spec-format.md, "servers, since"):
  * Redis grammar, flags, ACL categories, key specs, tips: the Redis 8.x runtime dump
    (redis-docs/commands_core.json = live COMMAND DOCS + INFO), else redis-core source files.
  * Valkey grammar: the live Valkey 9.1 COMMAND DOCS dump, else valkey-core source files;
    flags/key specs of Valkey-only commands from valkey-core (implicit ACL categories added).
  * Arguments of commands in both: the union; an argument only one family accepts is marked
    "servers": [...]. On a conflict for the same argument name, Redis's form is kept.
  * Reply: reply_schema of redis-core, else valkey-core, else a placeholder (curated: false).
Like the importer it writes only files the spec lacks.
"""
import argparse
import copy
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from typedis_codegen import convert, importer, spec_io  # noqa: E402


def implicit_acl(spec):
    """What Redis/Valkey add to the explicit ACL categories at startup."""
    cats = list(spec["acl_categories"])
    f = set(spec["flags"])

    def add(c):
        if c not in cats:
            cats.append(c)
    if "write" in f:
        add("write")
    if "readonly" in f and "scripting" not in cats:
        add("read")
    if "admin" in f:
        add("admin")
        add("dangerous")
    if "pubsub" in f:
        add("pubsub")
    if "fast" in f:
        add("fast")
    if "blocking" in f:
        add("blocking")
    if "fast" not in f:
        add("slow")
    return cats


def merge_args(r_args, v_args, notes, path=""):
    """Union of two argument lists (Redis first). Marks one-sided arguments with servers."""
    v_by = {a["name"]: a for a in v_args}
    v_by_token = {(a.get("token"), a["type"]): a for a in v_args if a.get("token")}
    r_names = set()  # names of the Valkey arguments matched by a Redis one
    out = []
    for a in r_args:
        a = copy.deepcopy(a)
        v = v_by.get(a["name"])
        if v is None and a.get("token"):
            # same word on the wire under another name (SET IFEQ: ifeq-value / comparison-value)
            v = v_by_token.get((a["token"], a["type"]))
            if v is not None and v["name"] in {x["name"] for x in r_args}:
                v = None
        if v is not None:
            r_names.add(v["name"])
        if v is None:
            a["servers"] = ["redis"]
        else:
            for k in ("type", "token", "multiple", "optional", "multiple_token"):
                if a.get(k) != v.get(k):
                    notes.append("argument %s%s: %s differs (redis %r, valkey %r); redis kept"
                                 % (path, a["name"], k, a.get(k), v.get(k)))
            if "arguments" in a and "arguments" in v:
                a["arguments"] = merge_args(a["arguments"], v["arguments"], notes, path + a["name"] + "/")
        out.append(a)
    # insert Valkey-only arguments after their preceding sibling
    prev = None
    for v in v_args:
        if v["name"] in r_names:
            prev = v["name"]
            continue
        v = copy.deepcopy(v)
        v["servers"] = ["valkey"]
        idx = len(out) if prev is None and out and False else None
        if prev is None:
            idx = 0
        else:
            idx = next(i for i, a in enumerate(out) if a["name"] == prev) + 1
        out.insert(idx, v)
        prev = v["name"]
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reference", required=True,
                    help="folder of upstream reference data (outside the repository; see above)")
    ap.add_argument("--spec", required=True)
    ap.add_argument("--dry-run", action="store_true")
    a = ap.parse_args(argv)
    ref = a.reference
    targets = [l.strip() for l in open(os.path.join(ref, "targets", "core.txt"), encoding="utf-8") if l.strip()]
    known = set(targets)
    r_rt = importer.specs_from_runtime(importer.load_docs_json(os.path.join(ref, "redis-docs", "commands_core.json")), known)
    r_src = importer.load_source_folder(os.path.join(ref, "redis-core", "commands"), known)
    v_src = importer.load_source_folder(os.path.join(ref, "valkey-core", "commands"), known)
    v_rt = importer.specs_from_runtime(importer.load_docs_json(os.path.join(ref, "valkey-server-9.1.0", "command-docs.json")), known)
    raw = {}
    for folder in ("redis-core", "valkey-core"):
        import glob
        import json
        for p in glob.glob(os.path.join(ref, folder, "commands", "*.json")):
            for n, o in json.load(open(p, encoding="utf-8")).items():
                raw.setdefault(folder, {})[convert.full_name(n, o.get("container"))] = o
    out = {}
    for fn in targets:
        notes = []
        in_r = fn in r_rt or fn in r_src
        in_v = fn in v_src or fn in v_rt
        if fn in r_rt:
            spec = copy.deepcopy(r_rt[fn])
        elif fn in r_src:
            spec = copy.deepcopy(r_src[fn])
            spec["acl_categories"] = implicit_acl(spec)
        else:
            spec = copy.deepcopy(v_src[fn])
            spec["acl_categories"] = implicit_acl(spec)
        spec.pop("_explicit_acl_only", None)
        if in_v:
            v_args = (v_rt.get(fn) or v_src[fn])["arguments"]
            v_since = (v_src.get(fn) or v_rt.get(fn))["since"]
            if in_r:
                spec["arguments"] = merge_args(spec["arguments"], v_args, notes)
                if v_since != spec["since"]:
                    spec["since_by_server"] = {"valkey": v_since}
            else:
                spec["arguments"] = v_args
                spec["servers"] = ["valkey"]
        elif in_r:
            spec["servers"] = ["redis"]
        # reply
        schema_src = None
        if "reply_schema" in raw["redis-core"].get(fn, {}):
            schema_src = raw["redis-core"][fn]["reply_schema"]
            origin = "redis"
        elif "reply_schema" in raw["valkey-core"].get(fn, {}):
            schema_src = raw["valkey-core"][fn]["reply_schema"]
            origin = "valkey"
        if schema_src is not None:
            reply, review = convert.reply_from_schema(schema_src, convert.snake(fn) + "_reply")
            spec["reply"] = reply
            spec["notes"] = ("imported from the %s reply_schema; review" % origin) + (": " + "; ".join(review) if review else "")
        else:
            spec["reply"] = {"resp2": "any", "resp3": "any"}
            spec["notes"] = "no reply schema in any source: reply is a placeholder"
        if notes:
            spec["notes"] += "; merge: " + "; ".join(notes)
        spec["curated"] = False
        out[fn] = convert.ordered(spec)
    rep = importer.run_import(out, a.spec, "core", a.dry_run)
    print(rep.text(a.dry_run))
    try:
        spec_io.load_specs(a.spec)  # validates every file
    except spec_io.SpecError as e:
        print(e)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
