"""The importer: a live server or a folder of command files -> commands-spec/.

It writes files only for commands the spec lacks; for the others it reports the fields that
differ. A curated file is never rewritten unless --update names the field (and a curated
reply is never replaced).
"""

import argparse
import glob
import json
import os
import sys

from . import convert, spec_io
from .resp import Connection, RespError

COMPARED_FIELDS = ["group", "since", "arity", "flags", "acl_categories", "key_specs", "tips",
                   "complexity", "deprecated", "arguments"]


# ----------------------------------------------------------------------------- sources

def load_source_folder(folder, known=None):
    """Redis's own command JSON files -> {full name: spec}. Containers are skipped."""
    raw = []
    for path in sorted(glob.glob(os.path.join(folder, "*.json"))):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        for name, obj in data.items():
            raw.append((name, obj, path))
    containers = {obj["container"].upper() for _, obj, _ in raw if obj.get("container")}
    names = {convert.full_name(n, o.get("container")) for n, o, _ in raw}
    if known is None:
        known = names
    out = {}
    for name, obj, path in raw:
        fn = convert.full_name(name, obj.get("container"))
        if not obj.get("container") and fn in containers:
            continue
        try:
            out[fn] = convert.from_source(name, obj, known)
        except (ValueError, KeyError, TypeError) as e:
            raise ValueError("%s: %s" % (path, e))
    return out


def _as_map(v):
    if isinstance(v, dict):
        return dict(v)
    if isinstance(v, list) and len(v) % 2 == 0:
        return {v[i]: v[i + 1] for i in range(0, len(v), 2)}
    return {}


def _doc_arg(a):
    d = _as_map(a)
    if "arguments" in d:
        d["arguments"] = [_doc_arg(x) for x in d["arguments"]]
    return d


def _docs_entry(v):
    d = _as_map(v)
    if "arguments" in d:
        d["arguments"] = [_doc_arg(a) for a in d["arguments"]]
    if "subcommands" in d:
        d["subcommands"] = {k: _docs_entry(x) for k, x in _as_map(d["subcommands"]).items()}
    return d


def _key_spec(ks):
    d = _as_map(ks)
    for part in ("begin_search", "find_keys"):
        p = _as_map(d.get(part))
        p["spec"] = _as_map(p.get("spec"))
        d[part] = p
    return d


def _info_entries(info, out):
    for e in info or []:
        if not isinstance(e, list) or len(e) < 7:
            continue
        fn = str(e[0]).replace("|", " ").upper()
        out[fn] = {
            "arity": e[1],
            "command_flags": list(e[2] or []),
            "acl_categories": list(e[6] or []),
            "hints": list(e[7] or []) if len(e) > 7 else [],
            "key_specs": [_key_spec(k) for k in (e[8] or [])] if len(e) > 8 else [],
        }
        if len(e) > 9:
            _info_entries(e[9], out)


def flatten_docs(docs):
    """COMMAND DOCS map (possibly nested subcommands, names like 'client|kill') ->
    {FULL NAME: entry}; containers are returned under their name with '_container': True."""
    out = {}

    def add(name, entry):
        fn = str(name).replace("|", " ").upper()
        subs = entry.pop("subcommands", None)
        if subs:
            entry["_container"] = True
            for sn, se in subs.items():
                add(sn, se)
        out[fn] = entry

    for name, entry in docs.items():
        add(name, dict(entry))
    return out


def merge_docs_info(docs, info):
    merged = {}
    for fn, d in docs.items():
        e = dict(d)
        e.update(info.get(fn, {}))
        merged[fn] = e
    return merged


def runtime_entries_from_server(url):
    """Live COMMAND DOCS + COMMAND INFO -> {FULL NAME: merged entry} (containers marked)."""
    with Connection(url, protocol=3) as c:
        docs = c.call("COMMAND", "DOCS")
        info = c.call("COMMAND", "INFO")
    docs = {k: _docs_entry(v) for k, v in _as_map(docs).items()}
    info_map = {}
    _info_entries(info, info_map)
    return merge_docs_info(flatten_docs(docs), info_map)


def load_docs_json(path):
    """A dump of runtime COMMAND DOCS (redis-cli --json) or of DOCS+INFO merged (the
    redis/docs commands_core.json form, keyed by full name)."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    data = {k: _docs_entry(v) for k, v in data.items()}
    return flatten_docs(data)


def specs_from_runtime(entries, known=None, include_modules=False):
    known = known if known is not None else set(entries)
    out = {}
    for fn, e in entries.items():
        if e.get("_container"):
            continue
        if e.get("module") and not include_modules:
            continue
        out[fn] = convert.from_runtime(fn, e, known)
    return out


# ----------------------------------------------------------------------------- modules

def parse_module_arg(text):
    """--module NAME[:DIR]: the server's module name (ReJSON, search, ...) and the spec folder,
    group and "module" value of its commands (json, search, ...); DIR defaults to NAME lower case."""
    name, _, folder = text.partition(":")
    return name, (folder or name).lower()


def restrict_to_module(imported, module_name, folder):
    """Keeps the commands of one module; group and "module" become the module's folder name
    (the runtime reports group "module" for all of them)."""
    out = {}
    for fn, spec in imported.items():
        if spec.get("module", "").lower() != module_name.lower():
            continue
        spec = dict(spec, group=folder, module=folder)
        out[fn] = convert.ordered(spec)
    return out


def load_module_file(path, folder, skip=()):
    """An upstream module commands.json ({"FULL NAME": {...}}, no arity/key specs/flags) ->
    {full name: spec}. Used for commands a runtime dump lacks (JSON.DEBUG MEMORY/HELP); the
    arity is computed from the grammar and key specs from the "key" arguments, both to review."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    out = {}
    for fn, obj in data.items():
        if fn.upper() in skip:
            continue
        parts = fn.upper().split(" ", 1)
        o = dict(obj)
        if len(parts) == 2:
            o["container"] = parts[0]
        spec = convert.from_source(parts[-1], o, set(data))
        spec.pop("_explicit_acl_only", None)
        spec["group"] = folder
        spec["module"] = folder
        words = len(parts)
        required = [a for a in spec["arguments"] if not a.get("optional")]
        variadic = any(a.get("multiple") or a.get("optional") for a in spec["arguments"])
        spec["arity"] = -(words + len(required)) if variadic else words + len(required)
        keys = [a for a in spec["arguments"] if a["type"] == "key"]
        for i, a in enumerate(keys):
            a["key_spec_index"] = i
            pos = words + spec["arguments"].index(a)
            spec["key_specs"].append({"flags": ["ro"], "begin_search": {"type": "index", "index": pos},
                                      "find_keys": {"type": "range", "lastkey": 0, "step": 1, "limit": 0}})
        spec["notes"] = "imported from the upstream module file (no runtime entry): arity and key specs derived; review"
        out[fn.upper()] = convert.ordered(spec)
    return out


# ----------------------------------------------------------------------------- comparison

def _arg_index(args, prefix=""):
    out = {}
    for a in args or []:
        p = prefix + a["name"]
        out[p] = {k: v for k, v in a.items() if k not in ("arguments", "unit", "servers")}
        out.update(_arg_index(a.get("arguments"), p + "/"))
    return out


def diff_specs(curated, imported):
    """Human-readable differences, one string per field or argument."""
    out = []
    for f in COMPARED_FIELDS:
        if f == "arguments":
            a, b = _arg_index(curated.get(f)), _arg_index(imported.get(f))
            for p in b:
                if p not in a:
                    out.append("arguments: new argument %s %s" % (p, json.dumps(b[p], sort_keys=True)))
            for p in a:
                if p not in b and not _only_other_server(curated, p):
                    out.append("arguments: argument %s not in source" % p)
            for p in a:
                if p in b and a[p] != b[p]:
                    keys = sorted(set(a[p]) | set(b[p]))
                    ch = ["%s %s -> %s" % (k, json.dumps(a[p].get(k)), json.dumps(b[p].get(k)))
                          for k in keys if a[p].get(k) != b[p].get(k)]
                    out.append("arguments: %s: %s" % (p, ", ".join(ch)))
            continue
        x, y = curated.get(f), imported.get(f)
        if f in ("flags", "acl_categories") and x is not None and y is not None:
            add, rem = sorted(set(y) - set(x)), sorted(set(x) - set(y))
            if f == "acl_categories" and imported.get("_explicit_acl_only"):
                rem = []
            if add or rem:
                out.append("%s: %s" % (f, " ".join(["+" + v for v in add] + ["-" + v for v in rem])))
            continue
        if f == "key_specs" and x is not None and y is not None:
            strip = lambda l: [{k: v for k, v in ks.items() if k != "servers"} for ks in l]
            x, y = strip(x), strip(y)
        if x != y and y is not None:
            out.append("%s: %s -> %s" % (f, json.dumps(x, sort_keys=True), json.dumps(y, sort_keys=True)))
    return out


def _only_other_server(spec, path):
    node_list, node = spec.get("arguments") or [], None
    for part in path.split("/"):
        node = next((a for a in node_list if a["name"] == part), None)
        if node is None:
            return False
        if node.get("servers"):
            return True
        node_list = node.get("arguments") or []
    return False


# ----------------------------------------------------------------------------- run

class Report:
    def __init__(self):
        self.added = []         # (full name, path)
        self.differing = {}     # full name -> [diff]
        self.placeholders = []  # full names written with an 'any' reply
        self.updated = {}       # full name -> [field]
        self.not_in_source = []  # in the spec but not in the source (informational)

    def as_dict(self):
        return {"added": [n for n, _ in self.added], "differing": self.differing,
                "placeholders": self.placeholders, "updated": self.updated,
                "not_in_source": self.not_in_source}

    def text(self, dry_run):
        lines = []
        verb = "would add" if dry_run else "added"
        lines.append("%s %d command(s)%s" % (verb, len(self.added), ":" if self.added else ""))
        for n, p in self.added:
            lines.append("  + %s  (%s)" % (n, p))
        if self.placeholders:
            lines.append("%d new command(s) have no reply schema; reply is a placeholder ('any', curated: false):" % len(self.placeholders))
            lines.extend("  ? " + n for n in self.placeholders)
        lines.append("%d existing command(s) differ from the source%s" % (len(self.differing), ":" if self.differing else ""))
        for n in sorted(self.differing):
            lines.append("  ~ " + n)
            lines.extend("      " + d for d in self.differing[n])
        for n in sorted(self.updated):
            lines.append("  updated %s: %s" % (n, ", ".join(self.updated[n])))
        if self.not_in_source:
            lines.append("%d spec command(s) not in the source (kept)" % len(self.not_in_source))
        return "\n".join(lines)


def run_import(imported, spec_root, subdir="core", dry_run=False, update_fields=(), only=None):
    existing = spec_io.load_specs(spec_root) if os.path.isdir(spec_root) else {}
    rep = Report()
    for fn in sorted(imported):
        if only and fn not in only:
            continue
        new = imported[fn]
        if fn not in existing:
            path = os.path.join(spec_root, spec_io.spec_relpath(new, subdir))
            if not dry_run:
                spec_io.write_spec(spec_root, new, subdir=subdir)
                existing[fn] = (path, new)
            rep.added.append((fn, os.path.relpath(path, spec_root)))
            if new["reply"] == {"resp2": "any", "resp3": "any"}:
                rep.placeholders.append(fn)
            continue
        path, cur = existing[fn]
        diffs = diff_specs(cur, new)
        if not diffs:
            continue
        rep.differing[fn] = diffs
        fields = [f for f in update_fields if f in COMPARED_FIELDS and cur.get(f) != new.get(f)
                  and new.get(f) is not None]
        if fields:
            upd = dict(cur)
            for f in fields:
                upd[f] = new[f]
            if not dry_run:
                spec_io.write_spec(spec_root, upd, path=path)
            rep.updated[fn] = fields
    rep.not_in_source = sorted(set(existing) - set(imported))
    return rep


def main(argv=None):
    ap = argparse.ArgumentParser(prog="import_commands.py", description=__doc__)
    src = ap.add_mutually_exclusive_group(required=False)
    src.add_argument("--from-server", metavar="URL", help="redis://host:port of a live server")
    src.add_argument("--from-files", metavar="DIR", help="folder of Redis command JSON files (src/commands)")
    src.add_argument("--from-docs-json", metavar="FILE", help="JSON dump of COMMAND DOCS (optionally merged with INFO)")
    ap.add_argument("--spec", required=True, help="spec root (commands-spec)")
    ap.add_argument("--subdir", default="core", help="folder under the spec root for new files (default core)")
    ap.add_argument("--dry-run", action="store_true", help="write nothing, only report")
    ap.add_argument("--update", action="append", default=[], metavar="FIELD", choices=COMPARED_FIELDS,
                    help="rewrite this field of existing files from the source (repeatable); replies never")
    ap.add_argument("--only", action="append", default=[], metavar="NAME", help="only this command (repeatable)")
    ap.add_argument("--include-modules", action="store_true", help="also import module commands")
    ap.add_argument("--module", metavar="NAME[:DIR]",
                    help="import only this module's commands (server module name, e.g. ReJSON:json) into "
                         "<spec>/DIR/ with group and module DIR; implies --include-modules")
    ap.add_argument("--from-module-file", metavar="FILE",
                    help="with --module: an upstream module commands.json, for commands the other source lacks")
    ap.add_argument("--only-file", metavar="FILE", help="only the command names listed in FILE, one a line")
    ap.add_argument("--report-json", metavar="FILE", help="also write the report as JSON")
    a = ap.parse_args(argv)
    if not (a.from_server or a.from_files or a.from_docs_json or a.from_module_file):
        ap.error("one of --from-server, --from-files, --from-docs-json, --from-module-file is required")
    module = parse_module_arg(a.module) if a.module else None
    if module:
        a.include_modules = True
        if a.subdir == "core":
            a.subdir = module[1]
    try:
        if not (a.from_server or a.from_files or a.from_docs_json):
            if not module:
                ap.error("--from-module-file needs --module")
            imported = {}
        elif a.from_server:
            imported = specs_from_runtime(runtime_entries_from_server(a.from_server), include_modules=a.include_modules)
        elif a.from_files:
            imported = load_source_folder(a.from_files)
        else:
            imported = specs_from_runtime(load_docs_json(a.from_docs_json), include_modules=a.include_modules)
    except (OSError, RespError, ValueError) as e:
        print("import_commands: cannot read the source: %s" % e, file=sys.stderr)
        return 2
    if module:
        imported = restrict_to_module(imported, *module) if imported else {}
        if a.from_module_file:
            for fn, spec in load_module_file(a.from_module_file, module[1], skip=set(imported)).items():
                imported.setdefault(fn, spec)  # the runtime grammar wins
    if a.only_file:
        with open(a.only_file, encoding="utf-8") as fh:
            a.only += [l.strip() for l in fh if l.strip()]
    only = {n.upper() for n in a.only} or None
    rep = run_import(imported, a.spec, a.subdir, a.dry_run, a.update, only)
    print(rep.text(a.dry_run))
    if a.report_json:
        with open(a.report_json, "w", encoding="utf-8") as fh:
            json.dump(rep.as_dict(), fh, indent=2, sort_keys=True)
    return 0
