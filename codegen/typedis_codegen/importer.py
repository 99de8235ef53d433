"""The importer: a live server or a folder of command files -> commands-spec/.

It writes files only for commands the spec lacks; for the others it reports the fields that
differ. A curated file is never rewritten unless --update names the field (and a curated
reply is never replaced).
"""

import argparse
import difflib
import fnmatch
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
        hello = _as_map(c.hello)
    docs = {k: _docs_entry(v) for k, v in _as_map(docs).items()}
    info_map = {}
    _info_entries(info, info_map)
    out = merge_docs_info(flatten_docs(docs), info_map)
    if hello.get("version"):
        out[SERVER_KEY] = {"server": str(hello.get("server", "redis")).lower(), "version": str(hello["version"])}
    return out


# Entry of a dump that is not a command: the server family and version (HELLO), when known.
SERVER_KEY = "_server"


def server_of(entries):
    """(family, version tuple) of the source, or None."""
    s = (entries or {}).get(SERVER_KEY)
    v = _version(s.get("version")) if isinstance(s, dict) else None
    return (s.get("server", "redis"), v) if v else None


def _version(text):
    try:
        return tuple(int(x) for x in str(text).split("."))
    except ValueError:
        return None


def load_docs_json(path):
    """A dump of runtime COMMAND DOCS (redis-cli --json) or of DOCS+INFO merged (the
    redis/docs commands_core.json form, keyed by full name)."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    server = data.pop(SERVER_KEY, None)
    out = flatten_docs({k: _docs_entry(v) for k, v in data.items()})
    if server:
        out[SERVER_KEY] = server
    return out


def specs_from_runtime(entries, known=None, include_modules=False):
    known = known if known is not None else set(entries)
    out = {}
    for fn, e in entries.items():
        if fn.startswith("_") or e.get("_container"):
            continue
        if e.get("module") and not include_modules:
            continue
        container = entries.get(fn.split(" ", 1)[0]) if " " in fn else None
        out[fn] = convert.from_runtime(fn, e, known, container_entry=container)
    return out


def save_dump(entries, path):
    """Writes merged COMMAND DOCS + COMMAND INFO entries as JSON, keyed by full name: the form
    --from-docs-json reads back (a fixture, or what a user sends along with a question)."""
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(entries, fh, indent=1, sort_keys=True)
        fh.write("\n")


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
        out[fn] = convert.ordered(spec, keep_private=True)
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

class Diff:
    """One difference between a spec file and the source.

    kind: "real" (the generated API or key routing would change: arity, arguments, key positions,
    group, deprecation), "meta" (documentation facts: flags, ACL categories, key spec flags, tips,
    complexity, per-argument versions), or "known" (explained elsewhere: a since recorded in
    since_by_server, a version or argument list the server does not publish, an argument renamed
    with the same token). group: what identical differences of several commands are grouped by."""

    def __init__(self, kind, text, group=None):
        self.kind, self.text, self.group = kind, text, group or text

    def __str__(self):
        return self.text

    def __repr__(self):
        return "Diff(%r, %r)" % (self.kind, self.text)


def _arg_index(args, prefix=""):
    out = {}
    for a in args or []:
        p = prefix + a["name"]
        out[p] = {k: v for k, v in a.items() if k not in ("arguments", "unit", "servers")}
        out.update(_arg_index(a.get("arguments"), p + "/"))
    return out


def _same_but_name(a, b):
    strip = lambda d: {k: v for k, v in d.items() if k not in ("name", "since", "deprecated_since")}
    return strip(a) == strip(b)


_DOC_KEYS = ("name", "since", "deprecated_since", "unit", "servers", "arguments")


def _renames_only(a, b, prefix_a="", prefix_b=""):
    """[(spec path, server path)] when the two argument trees have the same grammar and differ only
    in names (and per-argument versions); None otherwise. Arguments only one server family has
    ("servers") are left out of the spec's side."""
    a = [x for x in a if not x.get("servers")]
    if len(a) != len(b):
        return None
    out = []
    for x, y in zip(a, b):
        if {k: v for k, v in x.items() if k not in _DOC_KEYS} != {k: v for k, v in y.items() if k not in _DOC_KEYS}:
            return None
        pa, pb = prefix_a + x["name"], prefix_b + y["name"]
        sub = _renames_only(x.get("arguments") or [], y.get("arguments") or [], pa + "/", pb + "/")
        if sub is None:
            return None
        if x["name"] != y["name"]:
            out.append((pa, pb))
        out += sub
    return out


def _newer_than(server, since, servers=None):
    """Whether a spec version (of the Redis family unless `servers` names only the source's) is
    newer than the source server's."""
    if not server or not since:
        return False
    family, version = server
    if servers and family not in servers:
        return False
    if family != "redis" and servers != [family]:
        return False  # a Redis version says nothing about a Valkey server
    v = _version(since)
    return v is not None and v > version


def _own_since(node):
    """An argument's version: its own, else the oldest of its children's when all have one (SET's
    expiration oneof is as old as its oldest branch)."""
    if node.get("since"):
        return node["since"]
    kids = [_own_since(c) for c in node.get("arguments") or []]
    if kids and all(kids):
        return min(kids, key=_version)
    return None


def _arg_since(spec, path):
    """The newest version on the way to an argument (and its 'servers')."""
    node_list, since, servers = spec.get("arguments") or [], None, None
    for part in path.split("/"):
        node = next((a for a in node_list if a["name"] == part), None)
        if node is None:
            break
        own = _own_since(node)
        if own and (since is None or _version(own) > _version(since)):
            since = own
        servers = node.get("servers") or servers
        node_list = node.get("arguments") or []
    return since, servers


def _arg_diffs(curated, imported, server=None):
    out = []
    if imported.get("_no_argument_docs"):
        if not curated.get("arguments") and not imported.get("arguments"):
            return []  # a command without arguments: Redis leaves the field out
        if curated.get("arguments") or not imported.get("arguments"):
            return [Diff("known", "the server publishes no arguments", "server publishes no arguments")]
        # neither side describes the arguments the arity requires: no call of the method can work
        return [Diff("real", "arguments: none in the spec, none published by the server, but arity %d needs some"
                     % imported["arity"])]
    renames = _renames_only(curated.get("arguments") or [], imported.get("arguments") or [])
    if renames is not None:
        return [Diff("known", "argument %s is %s on the server (same grammar)" % r, "argument naming")
                for r in renames]
    a, b = _arg_index(curated.get("arguments")), _arg_index(imported.get("arguments"))
    new = [p for p in b if p not in a]
    gone = [p for p in a if p not in b and not _only_other_server(curated, p)]
    for p in list(new):
        parent = p.rpartition("/")[0]
        twin = next((q for q in gone if q.rpartition("/")[0] == parent and _same_but_name(a[q], b[p])), None)
        if twin:
            new.remove(p)
            gone.remove(twin)
            out.append(Diff("known", "argument %s is %s on the server (same token and type)" % (twin, p),
                            "argument naming"))
    out += [Diff("real", "arguments: new argument %s %s" % (p, json.dumps(b[p], sort_keys=True))) for p in new]
    for p in gone:
        since, servers = _arg_since(curated, p)
        if _newer_than(server, since, servers):
            out.append(Diff("known", "argument %s (since %s) is newer than the server" % (p, since),
                            "arguments newer than this server"))
        else:
            out.append(Diff("real", "arguments: argument %s not in source" % p))
    for p in a:
        if p in b and a[p] != b[p]:
            keys = sorted(set(a[p]) | set(b[p]))
            changed = [k for k in keys if a[p].get(k) != b[p].get(k)]
            ch = ", ".join("%s %s -> %s" % (k, json.dumps(a[p].get(k)), json.dumps(b[p].get(k))) for k in changed)
            doc_only = set(changed) <= {"since", "deprecated_since"} or (
                set(changed) == {"key_spec_index"} and a[p].get("type") != "key" and b[p].get("type") != "key")
            out.append(Diff("meta" if doc_only else "real", "arguments: %s: %s" % (p, ch),
                            "argument %s" % " ".join(changed)))
    return out


def diff_items(curated, imported, server=None):
    """Every difference as a Diff (see there). server: (family, version tuple) of the source."""
    out = []
    for f in COMPARED_FIELDS:
        if f == "arguments":
            out += _arg_diffs(curated, imported, server)
            continue
        x, y = curated.get(f), imported.get(f)
        if f == "since":
            if x != y and y is not None:
                if imported.get("_no_version"):
                    out.append(Diff("known", "the server publishes no version", "server publishes no version"))
                elif y in (curated.get("since_by_server") or {}).values():
                    out.append(Diff("known", "since %s is in since_by_server" % y, "since from since_by_server"))
                else:
                    out.append(Diff("meta", "since: %s -> %s" % (json.dumps(x), json.dumps(y))))
            continue
        if f in ("flags", "acl_categories") and x is not None and y is not None:
            add, rem = sorted(set(y) - set(x)), sorted(set(x) - set(y))
            if f == "acl_categories" and imported.get("_explicit_acl_only"):
                rem = []
            if add or rem:
                out.append(Diff("meta", "%s: %s" % (f, " ".join(["+" + v for v in add] + ["-" + v for v in rem]))))
            continue
        if f == "key_specs" and x is not None and y is not None:
            strip = lambda l, keep_flags=True: [{k: v for k, v in ks.items() if k != "servers" and (keep_flags or k != "flags")}
                                                for ks in l]
            if strip(x, False) == strip(y, False):
                if strip(x) != strip(y):
                    fx = [ks.get("flags") for ks in x]
                    fy = [ks.get("flags") for ks in y]
                    out.append(Diff("meta", "key spec flags: %s -> %s" % (json.dumps(fx), json.dumps(fy)),
                                    "key spec flags"))
                continue
            x, y = strip(x), strip(y)
        if x != y and y is not None:
            kind = "meta" if f in ("tips", "complexity") else "real"
            out.append(Diff(kind, "%s: %s -> %s" % (f, json.dumps(x, sort_keys=True), json.dumps(y, sort_keys=True))))
    return out


def diff_specs(curated, imported):
    """Human-readable differences, one string per field or argument."""
    return [d.text for d in diff_items(curated, imported)]


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


# ----------------------------------------------------------------------------- selection

class UsageError(Exception):
    """An option that matches nothing (names what would have matched)."""


def norm_name(name):
    """A command name as the user may write it: 'json.debug|depth', 'JSON.DEBUG DEPTH'."""
    return " ".join(str(name).replace("|", " ").split()).upper()


def read_name_list(path):
    """Names or patterns, one a line; '#' starts a comment."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line:
                out.append(line)
    return out


def excluded(fn, patterns):
    return any(fnmatch.fnmatchcase(fn, norm_name(p)) for p in patterns)


def modules_of(imported):
    """{module name as the server reports it: number of commands}."""
    out = {}
    for spec in imported.values():
        if spec.get("module"):
            out[spec["module"]] = out.get(spec["module"], 0) + 1
    return out


def _suggest(name, names):
    close = difflib.get_close_matches(name, sorted(names), n=5, cutoff=0.6)
    head = name.split(" ")[0]
    same = sorted(n for n in names if n.split(" ")[0] == head and n != name)
    seen = list(dict.fromkeys(close + same))[:12]
    return ("; did you mean: " + ", ".join(seen)) if seen else ""


def select_all(imported):
    """Every command of the source, module commands in their module's folder (compare mode)."""
    out = {}
    for fn, spec in imported.items():
        if spec.get("module"):
            folder = spec["module"].lower()
            spec = convert.ordered(dict(spec, group=folder, module=folder), keep_private=True)
        out[fn] = spec
    return out


def select(imported, module=None, only=None):
    """The commands to import: those of `module` (NAME, DIR) or the core ones, narrowed to `only`.
    Raises UsageError when --module or an --only name matches nothing. A module command named by
    --only without --module brings its module in (its folder is the module name in lower case).
    Returns (selection, module actually used)."""
    mods = modules_of(imported)
    listing = ", ".join("%s (%d commands)" % (m, n) for m, n in sorted(mods.items())) or "none"
    if module:
        match = [m for m in mods if m.lower() == module[0].lower()]
        if not match:
            raise UsageError("--module %s: the source has no module named %s; modules it has: %s"
                             % (module[0], module[0], listing))
    if only:
        unknown = [n for n in only if n not in imported]
        if unknown:
            raise UsageError("; ".join("--only %s: no such command in the source%s" % (n, _suggest(n, imported))
                                       for n in unknown))
        named_mods = sorted({imported[n]["module"] for n in only if imported[n].get("module")})
        if module:
            wrong = [n for n in only if (imported[n].get("module") or "").lower() != module[0].lower()]
            if wrong:
                raise UsageError("--only %s: not a command of module %s (--module)" % (", ".join(wrong), module[0]))
        elif named_mods:
            if len(named_mods) > 1 or any(not imported[n].get("module") for n in only):
                raise UsageError("--only names commands of several modules or of modules and the core (%s): "
                                 "import them in separate runs, each with its --module" % ", ".join(named_mods))
            module = (named_mods[0], named_mods[0].lower())
    if module:
        sel = restrict_to_module(imported, *module)
    else:
        sel = {fn: s for fn, s in imported.items() if not s.get("module")}
    if only:
        sel = {fn: s for fn, s in sel.items() if fn in only}
    return sel, module


# ----------------------------------------------------------------------------- report

class Report:
    def __init__(self):
        self.added = []          # (full name, path)
        self.incomplete = {}     # full name -> reason (written, but the generator refuses it)
        self.placeholders = []   # full names written with an 'any' reply
        self.differing = {}      # full name -> [Diff] (real differences only)
        self.meta = {}           # grouping text -> [full name]
        self.known = {}          # group -> [(full name, text)]
        self.updated = {}        # full name -> [field]
        self.absent = []         # spec commands the server lacks (same scope, no 'servers' restriction)
        self.absent_known = {}   # "servers: [...]" -> [full name]
        self.not_in_source = []  # every spec command not in the source (informational)
        self.skipped_bundled = []  # already in typedis (importing into a user's folder)
        self.excluded = []       # left out by --exclude / import-exclude.txt
        self.missing = {}        # compare: full name -> description
        self.invalid = []        # messages of specs not written: they break a spec rule (spec_io)

    def add_diffs(self, fn, diffs):
        real = [d for d in diffs if d.kind == "real"]
        if real:
            self.differing[fn] = real
        for d in diffs:
            if d.kind == "meta":
                self.meta.setdefault(d.text, []).append(fn)
            elif d.kind == "known":
                self.known.setdefault(d.group, []).append((fn, d.text))

    def as_dict(self):
        return {"added": [n for n, _ in self.added], "incomplete": self.incomplete,
                "differing": {n: [str(d) for d in ds] for n, ds in self.differing.items()},
                "metadata": self.meta, "known": {g: [n for n, _ in v] for g, v in self.known.items()},
                "placeholders": self.placeholders, "updated": self.updated, "absent": self.absent,
                "not_in_source": self.not_in_source, "skipped_in_typedis": self.skipped_bundled,
                "excluded": self.excluded, "missing": self.missing, "invalid": self.invalid}

    @staticmethod
    def _names(names, limit=8):
        names = sorted(names)
        more = len(names) - limit
        return ", ".join(names[:limit]) + (", ... (%d more)" % more if more > 0 else "")

    def text(self, dry_run, compare=False, details=True):
        lines = []
        if compare:
            lines.append("%d command(s) on the server that typedis and your spec lack%s"
                         % (len(self.missing), ":" if self.missing else ""))
            for n in sorted(self.missing):
                lines.append("  + %-28s %s" % (n, self.missing[n]))
        else:
            verb = "would add" if dry_run else "added"
            lines.append("%s %d command(s)%s" % (verb, len(self.added), ":" if self.added else ""))
            for n, p in self.added:
                lines.append("  + %s  (%s)" % (n, p))
        if self.incomplete:
            lines.append("")
            lines.append("!! %d command(s) the server documents too little for a usable method: the files are marked "
                         "\"incomplete\" and the generator refuses them until you fill in the arguments:"
                         % len(self.incomplete))
            for n in sorted(self.incomplete):
                lines.append("  ! %s: %s" % (n, self.incomplete[n]))
        if self.placeholders:
            lines.append("%d new command(s) have no reply schema; reply is a placeholder ('any': typedis::resp::value, "
                         "curated: false): %s" % (len(self.placeholders), self._names(self.placeholders, 20)))
        lines.append("")
        lines.append("%d command(s) differ from the source in their API or key routing%s"
                     % (len(self.differing), ":" if self.differing else ""))
        for n in sorted(self.differing):
            lines.append("  ~ " + n)
            lines.extend("      " + str(d) for d in self.differing[n])
        if self.absent:
            lines.append("%d spec command(s) the source lacks: %s" % (len(self.absent), self._names(self.absent, 30)))
        for n in sorted(self.updated):
            lines.append("  updated %s: %s" % (n, ", ".join(self.updated[n])))
        if self.meta and not details:
            lines.append("")
            lines.append("%d documentation difference(s) (flags, ACL categories, key spec flags, versions) on %d command(s): "
                         "--details lists them" % (len(self.meta), len({n for v in self.meta.values() for n in v})))
        elif self.meta:
            lines.append("")
            lines.append("documentation differences (flags, ACL categories, key spec flags, versions), grouped:")
            for text in sorted(self.meta, key=lambda t: (-len(self.meta[t]), t)):
                lines.append("  %s: %s" % (text, self._names(self.meta[text])))
        if self.known or self.absent_known or self.skipped_bundled or self.excluded:
            lines.append("")
            lines.append("known, not listed per command:")
            for g in sorted(self.known):
                v = self.known[g]
                if g == "argument naming":
                    cmds = sorted({n for n, _ in v})
                    lines.append("  argument naming (same grammar, other names), %d command(s): %s" % (
                        len(cmds), "; ".join("%s: %s" % x for x in v[:3]) + ("; ..." if len(v) > 3 else "")
                        + (" (%s)" % self._names(cmds) if len(cmds) > 1 else "")))
                else:
                    lines.append("  %s: %d command(s): %s" % (g, len(v), self._names([n for n, _ in v])))
            for g in sorted(self.absent_known):
                lines.append("  spec commands absent from this source, %s: %d" % (g, len(self.absent_known[g])))
            if self.skipped_bundled:
                lines.append("  already in typedis, not imported into your folder: %d" % len(self.skipped_bundled))
            if self.excluded:
                lines.append("  left out by the exclude list: %s" % self._names(self.excluded))
        if self.invalid:
            lines.append("")
            lines.append("!! %d problem(s) in what the source gave; those commands were not written:" % len(self.invalid))
            lines.extend("  ! " + m for m in self.invalid)
        return "\n".join(lines)


def describe_new(spec):
    """One line for a command typedis lacks: what the server documents about it."""
    bits = []
    if spec.get("module"):
        bits.append("module %s" % spec["module"])
    bits.append("arity %d" % spec["arity"])
    if spec.get("incomplete"):
        bits.append("server documents too little: needs a human")
    elif spec.get("_no_argument_docs"):
        bits.append("no argument docs; inferred (%s)" % ", ".join(a["name"] for a in spec["arguments"]) if spec["arguments"]
                    else "takes no arguments")
    else:
        bits.append("documented")
    return "  ".join(bits)


def _since_for(spec, family):
    """A command's version on a server family, when the spec knows it."""
    by = spec.get("since_by_server") or {}
    if family in by:
        return by[family]
    first = (spec.get("servers") or ["redis"])[0]
    return spec.get("since") if family == first else None


def _compare_absent(rep, imported, existing, module, only, server=None):
    """Spec commands the source lacks, within the source's scope: the core when it has core
    commands (and no --module), and each module folder the source has commands of."""
    if only:
        return
    folders = {existing[fn][1].get("module") for fn in imported if fn in existing}
    folders |= {s.get("module") for s in imported.values()}
    if module:
        folders = {module[1]}
    has_core = None in folders
    for fn, (_, spec) in sorted(existing.items()):
        if fn in imported or spec.get("module") not in folders or (not spec.get("module") and not has_core):
            continue
        if server and spec.get("since") and (not spec.get("servers") or server[0] in spec["servers"]) \
                and (_version(_since_for(spec, server[0])) or ()) > server[1]:
            rep.absent_known.setdefault("newer than this server (%s %s)" % (
                server[0], ".".join(map(str, server[1]))), []).append(fn)
        elif spec.get("servers"):
            rep.absent_known.setdefault("marked servers: %s" % json.dumps(spec["servers"]), []).append(fn)
        elif "only_sentinel" in spec.get("flags", []):
            rep.absent_known.setdefault("flagged only_sentinel (a Sentinel's)", []).append(fn)
        else:
            rep.absent.append(fn)


def run_import(imported, spec_root, subdir="core", dry_run=False, update_fields=(), only=None,
               bundled=None, module=None, server=None):
    """Writes the commands the spec lacks, compares the others. bundled: typedis's own spec
    ({full name: (path, spec)}) when importing into a user's folder; its commands are skipped.
    The existing files are loaded and validated by spec_io (SpecError if one is invalid: fix it
    first), and nothing is written that breaks a spec rule (Report.invalid says why)."""
    schema = spec_io.load_schema(spec_root)
    existing = spec_io.load_specs(spec_root, schema) if os.path.isdir(spec_root) else {}
    rep = Report()
    for fn in sorted(imported):
        if only and fn not in only:
            continue
        new = imported[fn]
        if fn not in existing:
            if bundled and fn in bundled:
                rep.skipped_bundled.append(fn)
                continue
            rel = spec_io.spec_relpath(new, subdir)
            msgs = spec_io.validate_spec(new, schema, rel)
            if msgs:
                rep.invalid.extend(msgs)
                continue
            path = os.path.join(spec_root, rel)
            if not dry_run:
                spec_io.write_spec(spec_root, new, subdir=subdir)
                existing[fn] = (path, new)
            rep.added.append((fn, os.path.relpath(path, spec_root)))
            if new.get("incomplete"):
                rep.incomplete[fn] = new["incomplete"]
            if new["reply"] == {"resp2": "any", "resp3": "any"}:
                rep.placeholders.append(fn)
            continue
        path, cur = existing[fn]
        diffs = diff_items(cur, new, server)
        if not diffs:
            continue
        rep.add_diffs(fn, diffs)
        fields = [f for f in update_fields if f in COMPARED_FIELDS and cur.get(f) != new.get(f)
                  and new.get(f) is not None]
        if fields:
            upd = dict(cur)
            for f in fields:
                upd[f] = new[f]
            msgs = spec_io.validate_spec(upd, schema, os.path.relpath(path, spec_root))
            if msgs:
                rep.invalid.extend(msgs)
                continue
            if not dry_run:
                spec_io.write_spec(spec_root, upd, path=path)
            rep.updated[fn] = fields
    rep.not_in_source = sorted(set(existing) - set(imported))
    _compare_absent(rep, imported, existing, module, only, server)
    return rep


def run_compare(imported, bundled, user, module=None, only=None, server=None):
    """What the source has that typedis (bundled) and the user's folder lack, and how the commands
    both have differ (the user's file wins over typedis's when both have a command)."""
    rep = Report()
    for fn in sorted(imported):
        new = imported[fn]
        have = user.get(fn) or bundled.get(fn)
        if have is None:
            rep.missing[fn] = describe_new(new)
            if new.get("incomplete"):
                rep.incomplete[fn] = new["incomplete"]
            continue
        diffs = diff_items(have[1], new, server)
        if diffs:
            rep.add_diffs(fn, diffs)
    both = dict(bundled)
    both.update(user)
    _compare_absent(rep, imported, both, module, only, server)
    return rep


# ----------------------------------------------------------------------------- run

def bundled_spec_root():
    """typedis's own spec: commands-spec/ beside codegen/ in the source tree, share/typedis/commands-spec
    beside share/typedis/codegen when installed."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    p = os.path.join(os.path.dirname(here), "commands-spec")
    return p if os.path.isdir(p) else None


def _same_dir(a, b):
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def main(argv=None):
    ap = argparse.ArgumentParser(prog="import_commands.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    src = ap.add_mutually_exclusive_group(required=False)
    src.add_argument("--from-server", metavar="URL", help="redis://host:port of a live server")
    src.add_argument("--from-files", metavar="DIR", help="folder of Redis command JSON files (src/commands)")
    src.add_argument("--from-docs-json", metavar="FILE",
                     help="JSON dump of COMMAND DOCS merged with COMMAND INFO (--save-dump writes one)")
    ap.add_argument("--spec", help="spec folder to write into / compare with (your own, or typedis's commands-spec)")
    ap.add_argument("--compare", action="store_true",
                    help="write nothing: list what the source has that typedis and --spec lack, and what differs")
    ap.add_argument("--typedis-spec", metavar="DIR",
                    help="typedis's own spec to compare with (default: the one installed with this importer)")
    ap.add_argument("--details", action="store_true",
                    help="with --compare: also list the documentation differences (flags, ACL categories, ...)")
    ap.add_argument("--save-dump", metavar="FILE", help="also write the source's merged COMMAND DOCS + INFO to FILE")
    ap.add_argument("--subdir", default="core", help="folder under the spec root for new files (default core)")
    ap.add_argument("--dry-run", action="store_true", help="write nothing, only report")
    ap.add_argument("--update", action="append", default=[], metavar="FIELD", choices=COMPARED_FIELDS,
                    help="rewrite this field of existing files from the source (repeatable); replies never")
    ap.add_argument("--only", action="append", default=[], metavar="NAME",
                    help="only this command (repeatable; 'JSON.DEBUG DEPTH' or 'json.debug|depth')")
    ap.add_argument("--include-modules", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--module", metavar="NAME[:DIR]",
                    help="import only this module's commands (the module name the server reports: MODULE LIST) "
                         "into <spec>/DIR/ with group and module DIR (default: NAME in lower case)")
    ap.add_argument("--from-module-file", metavar="FILE",
                    help="with --module: an upstream module commands.json, for commands the other source lacks")
    ap.add_argument("--only-file", metavar="FILE", help="only the command names listed in FILE, one a line")
    ap.add_argument("--exclude", action="append", default=[], metavar="PATTERN",
                    help="leave out commands matching this shell pattern ('JSON.DEBUG KEYTABLE-*'; repeatable); "
                         "import-exclude.txt in typedis's spec and in --spec are read too")
    ap.add_argument("--report-json", metavar="FILE", help="also write the report as JSON")
    a = ap.parse_args(argv)
    if not (a.from_server or a.from_files or a.from_docs_json or a.from_module_file):
        ap.error("one of --from-server, --from-files, --from-docs-json, --from-module-file is required")
    if not a.spec and not a.compare:
        ap.error("--spec is required (or --compare)")
    module = parse_module_arg(a.module) if a.module else None
    bundled_root = a.typedis_spec or bundled_spec_root()
    try:
        entries = None
        if not (a.from_server or a.from_files or a.from_docs_json):
            if not module:
                ap.error("--from-module-file needs --module")
            imported = {}
        elif a.from_files:
            imported = load_source_folder(a.from_files)
        else:
            entries = runtime_entries_from_server(a.from_server) if a.from_server else load_docs_json(a.from_docs_json)
            imported = specs_from_runtime(entries, include_modules=True)
        if a.save_dump:
            if entries is None:
                ap.error("--save-dump needs --from-server or --from-docs-json")
            save_dump(entries, a.save_dump)
    except (OSError, RespError, ValueError) as e:
        print("import_commands: cannot read the source: %s" % e, file=sys.stderr)
        return 2
    patterns = list(a.exclude)
    try:
        for root in {bundled_root, a.spec} - {None}:
            f = os.path.join(root, "import-exclude.txt")
            if os.path.exists(f):
                patterns += read_name_list(f)
        if a.only_file:
            a.only += read_name_list(a.only_file)
    except OSError as e:
        print("import_commands: %s" % e, file=sys.stderr)
        return 2
    only = {norm_name(n) for n in a.only} or None
    left_out = sorted(fn for fn in imported if excluded(fn, patterns) and not (only and fn in only))
    raw_modules = {fn: (imported[fn].get("module") or "").lower() for fn in left_out}
    for fn in left_out:
        del imported[fn]
    try:
        if a.compare and not module and not only:
            imported = select_all(imported)
        elif imported or not a.from_module_file:
            imported, module = select(imported, module, only)
    except UsageError as e:
        print("import_commands: %s" % e, file=sys.stderr)
        return 2
    if module:
        if a.subdir == "core":
            a.subdir = module[1]
        if a.from_module_file:
            for fn, spec in load_module_file(a.from_module_file, module[1], skip=set(imported)).items():
                imported.setdefault(fn, spec)  # the runtime grammar wins
    try:
        bundled = spec_io.load_specs(bundled_root) if bundled_root and os.path.isdir(bundled_root) else {}
        user = spec_io.load_specs(a.spec) if a.spec and os.path.isdir(a.spec) else {}
    except ValueError as e:
        print("import_commands: %s" % e, file=sys.stderr)
        return 2
    into_bundled = a.spec and bundled_root and _same_dir(a.spec, bundled_root)
    if a.compare:
        rep = run_compare(imported, {} if into_bundled else bundled, user, module, only, server_of(entries))
        what = "typedis (%s, %d commands)" % (bundled_root or "not found", len(bundled))
        if a.spec and not into_bundled:
            what += " + %s (%d commands)" % (a.spec, len(user))
        srv = server_of(entries)
        print("comparing %s%s with %s\n" % (a.from_server or a.from_docs_json or a.from_files,
                                            " (%s %s)" % (srv[0], ".".join(map(str, srv[1]))) if srv else "", what))
    else:
        rep = run_import(imported, a.spec, a.subdir, a.dry_run, a.update, only,
                         bundled=None if into_bundled else bundled, module=module, server=server_of(entries))
    if a.compare and not a.module and not only:
        rep.excluded = left_out
    else:
        rep.excluded = [fn for fn in left_out if raw_modules[fn] == (module[0].lower() if module else "")]
    print(rep.text(a.dry_run, compare=a.compare, details=a.details or not a.compare))
    if a.compare and rep.missing:
        src_opt = ("--from-server %s" % a.from_server if a.from_server else
                   "--from-docs-json %s" % a.from_docs_json if a.from_docs_json else "--from-files %s" % a.from_files)
        print("\nto add them to your spec folder (then typedis_add_commands(... SPEC <folder>)):\n"
              "  %s %s --spec %s %s" % (os.path.basename(sys.argv[0]) or "import_commands.py", src_opt,
                                        a.spec or "<your spec folder>",
                                        " ".join("--only '%s'" % n for n in sorted(rep.missing))))
    if a.report_json:
        with open(a.report_json, "w", encoding="utf-8") as fh:
            json.dump(rep.as_dict(), fh, indent=2, sort_keys=True)
    return 1 if rep.invalid else 0
