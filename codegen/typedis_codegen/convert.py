"""Conversion of Redis's command descriptions into the typedis spec format.

Two inputs are understood:
  * Redis's own command files (src/commands/*.json: one object keyed by the command name,
    "container" for subcommands, key specs in source form, optional reply_schema);
  * runtime COMMAND DOCS + COMMAND INFO of a live server, normalised into one dict per command
    (see runtime_entries_from_server in importer.py; the redis/docs commands_core.json dump has
    the same merged form).

Only facts are kept: names, arity, flags, grammar, key specs, tips, versions, reply shapes.
Summaries, histories and complexity prose are dropped.
"""

import re

# Writes whose repetition leaves the same server state (see docs/spec-format.md, idempotent).
# Not SWAPDB: a second SWAPDB 0 1 swaps the databases back.
IDEMPOTENT_WRITES = {
    "SET", "SETEX", "PSETEX", "MSET", "DEL", "UNLINK", "HSET", "HMSET", "HDEL", "SADD", "SREM",
    "ZADD", "ZREM", "ZREMRANGEBYSCORE", "ZREMRANGEBYLEX", "EXPIRE", "PEXPIRE", "EXPIREAT",
    "PEXPIREAT", "PERSIST", "SETRANGE", "SETBIT", "LSET", "HEXPIRE", "HPEXPIRE", "HEXPIREAT",
    "HPEXPIREAT", "HPERSIST", "GEOADD", "PFADD", "XGROUP CREATECONSUMER", "XGROUP DESTROY",
    "XGROUP DELCONSUMER", "XGROUP SETID", "XACK", "XDEL", "SMOVE", "COPY", "SELECT", "FLUSHDB",
    "FLUSHALL", "CONFIG SET", "CLIENT SETNAME", "CLIENT SETINFO", "CLIENT NO-EVICT",
    "CLIENT NO-TOUCH", "CLIENT REPLY", "READONLY", "READWRITE", "ASKING", "AUTH", "HELLO",
    "RESET", "ACL SETUSER", "ACL DELUSER", "SCRIPT FLUSH", "SCRIPT LOAD",
    "FUNCTION DELETE", "FUNCTION FLUSH", "HSETEX", "MSETEX", "DELIFEQ", "HGETDEL", "TOUCH",
    "WATCH", "UNWATCH", "CLIENT TRACKING", "CLIENT CACHING", "SORT", "RESTORE",
    "ZREMRANGEBYRANK", "LTRIM", "HSETNX", "SETNX", "MSETNX", "RENAME", "MOVE", "SINTERSTORE",
    "SUNIONSTORE", "SDIFFSTORE", "ZUNIONSTORE", "ZINTERSTORE", "ZDIFFSTORE", "ZRANGESTORE",
    "GEOSEARCHSTORE", "BITOP", "PFMERGE", "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE",
    "UNSUBSCRIBE", "PUNSUBSCRIBE", "SUNSUBSCRIBE",
}

GROUPS_RENAME = {"sorted-set": "sorted_set"}

VERSION_RE = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")


def full_name(name, container=None):
    return ("%s %s" % (container, name) if container else name).upper()


def file_stem(name, container=None):
    stem = ("%s-%s" % (container, name) if container else name).lower()
    return stem.replace(" ", "-").replace("|", "-")


def snake(name):
    s = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    if not s or s[0].isdigit():
        s = "f_" + s
    return s


def complexity_class(text):
    """The leading O(...) expression of a complexity text, or None."""
    if not text:
        return None
    i = text.find("O(")
    if i < 0:
        return None
    depth = 0
    for j in range(i + 1, len(text)):
        c = text[j]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return text[i:j + 1]
    return None


def norm_version(v):
    if v is None:
        return None
    v = str(v).strip()
    if VERSION_RE.match(v):
        return v
    m = re.match(r"^([0-9]+)\.([0-9]+)$", v)
    if m:
        return v + ".0"
    return None


def norm_group(g):
    g = (g or "server").lower()
    return GROUPS_RENAME.get(g, g.replace("-", "_"))


def _flag_list(values):
    out = []
    for f in values or []:
        f = str(f).lower().lstrip("@")
        if f not in out:
            out.append(f)
    return out


def tips_from_list(values):
    tips = {}
    for t in values or []:
        t = str(t).lower()
        if ":" in t:
            k, v = t.split(":", 1)
            tips[k] = v
        else:
            tips[t] = True
    return tips


# ----------------------------------------------------------------------------- key specs

_KS_FLAGS = ["rw", "ro", "ow", "rm", "access", "update", "insert", "delete", "not_key",
             "incomplete", "variable_flags"]


def _ks_flags_from(ks):
    flags = []
    if "flags" in ks:
        flags = [str(f).lower() for f in ks["flags"]]
    else:  # runtime dump form: "RW": true, "access": true, ...
        flags = [k.lower() for k, v in ks.items() if v is True]
    return [f for f in _KS_FLAGS if f in flags]


def convert_key_spec(ks):
    """A key spec in either source form or runtime form -> project form."""
    bs, fk = ks.get("begin_search", {}), ks.get("find_keys", {})
    out = {"flags": _ks_flags_from(ks)}
    if "type" in bs:  # runtime form
        t, spec = bs["type"], bs.get("spec") or {}
    else:
        t = next(iter(bs), "unknown")
        spec = bs.get(t) or {}
    if t == "index":
        out["begin_search"] = {"type": "index", "index": int(spec.get("pos", spec.get("index", 0)))}
    elif t == "keyword":
        out["begin_search"] = {"type": "keyword", "keyword": spec["keyword"],
                               "startfrom": int(spec.get("startfrom", 1))}
    else:
        out["begin_search"] = {"type": "unknown"}
    if "type" in fk:
        t, spec = fk["type"], fk.get("spec") or {}
    else:
        t = next(iter(fk), "unknown")
        spec = fk.get(t) or {}
    if t == "range":
        out["find_keys"] = {"type": "range", "lastkey": int(spec.get("lastkey", 0)),
                            "step": int(spec.get("step", spec.get("keystep", 1))),
                            "limit": int(spec.get("limit", 0))}
    elif t == "keynum":
        out["find_keys"] = {"type": "keynum", "keynumidx": int(spec.get("keynumidx", 0)),
                            "firstkey": int(spec.get("firstkey", 1)),
                            "step": int(spec.get("step", spec.get("keystep", 1)))}
    else:
        out["find_keys"] = {"type": "unknown"}
    return out


# ----------------------------------------------------------------------------- arguments

ARG_TYPES = {"key", "string", "integer", "double", "pattern", "unix-time", "pure-token", "oneof", "block"}

# (full command name, argument name) -> unit, for names that do not say it themselves.
UNIT_OVERRIDES = {
    ("CLIENT PAUSE", "timeout"): "milliseconds",
    ("WAIT", "timeout"): "milliseconds",
    ("WAITAOF", "timeout"): "milliseconds",
    ("MIGRATE", "timeout"): "milliseconds",
    ("CLUSTER SETSLOT", "timeout"): "milliseconds",
    ("CLIENT KILL", "idle"): "seconds",
    ("CLIENT KILL", "maxage"): "seconds",
    ("CLIENT LIST", "idle"): "seconds",
    ("CLIENT LIST", "maxage"): "seconds",
    ("RESTORE", "ttl"): "milliseconds",
    ("RESTORE-ASKING", "ttl"): "milliseconds",
    ("XPENDING", "min-idle-time"): "milliseconds",
    ("XREADGROUP", "min-idle-time"): "milliseconds",
    ("XCLAIM", "ms"): "milliseconds",
}


def arg_unit(cmd, a):
    t = a["type"]
    if t not in ("integer", "double", "unix-time"):
        return None
    n = a["name"]
    u = UNIT_OVERRIDES.get((cmd, n))
    if u:
        return u
    if n in ("seconds", "unix-time-seconds"):
        return "seconds"
    if n in ("milliseconds", "unix-time-milliseconds"):
        return "milliseconds"
    if n == "timeout" and t == "double":
        return "seconds"  # BLPOP & co: fractional seconds
    return None


def _arg_flags(a):
    flags = set(a.get("flags") or [])
    for f in ("optional", "multiple", "multiple_token"):
        if a.get(f) is True:
            flags.add(f)
    return flags


def convert_argument(cmd, a):
    t = a.get("type")
    if t not in ARG_TYPES:
        raise ValueError("%s: argument %r has unknown type %r" % (cmd, a.get("name"), t))
    out = {"name": str(a["name"]).lower().replace(" ", "-"), "type": t}
    if a.get("token") is not None:
        out["token"] = str(a["token"])
    elif t == "pure-token":
        out["token"] = out["name"].upper()  # a few upstream files leave it implicit
    flags = _arg_flags(a)
    for f in ("optional", "multiple", "multiple_token"):
        if f in flags:
            out[f] = True
    if norm_version(a.get("since")):
        out["since"] = norm_version(a["since"])
    if norm_version(a.get("deprecated_since")):
        out["deprecated_since"] = norm_version(a["deprecated_since"])
    if "key_spec_index" in a:
        out["key_spec_index"] = int(a["key_spec_index"])
    elif t == "key":
        out["key_spec_index"] = 0
    unit = arg_unit(cmd, out)
    if unit:
        out["unit"] = unit
    if t in ("oneof", "block"):
        out["arguments"] = [convert_argument(cmd, c) for c in a.get("arguments") or []]
    return out


# ----------------------------------------------------------------------------- replies

def _is(shape, name):
    return shape == name or (isinstance(shape, dict) and shape.get("type") == name)


def _stype(shape):
    return shape if isinstance(shape, str) else shape.get("type")


class ShapeContext:
    def __init__(self, name_hint):
        self.name_hint = name_hint
        self.review = []  # reasons this reply needs a human


def shape_from_schema(schema, ctx, hint=None):
    """RESP3 reply SHAPE from a reply_schema (JSON Schema of the RESP3 reply)."""
    hint = hint or ctx.name_hint
    if not isinstance(schema, dict):
        return "any"
    if "const" in schema:
        c = schema["const"]
        if c == "OK":
            return "ok"
        if isinstance(c, bool):
            return "bool"
        if isinstance(c, int):
            return {"type": "integer", "values": [c]}
        return {"type": "status", "values": [str(c)]}
    if "enum" in schema:
        vals = schema["enum"]
        if all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
            return {"type": "integer", "values": sorted(vals)}
        return {"type": "string", "values": [str(v) for v in vals]}
    for alt in ("oneOf", "anyOf"):
        if alt in schema:
            return _alternatives([shape_from_schema(b, ctx, hint) for b in schema[alt]], ctx, alt)
    t = schema.get("type")
    if isinstance(t, list):
        return _alternatives([shape_from_schema(dict(schema, type=x), ctx, hint) for x in t], ctx, "type list")
    if t == "string":
        return "string"
    if t == "integer":
        return "integer"
    if t == "number":
        return "double"
    if t == "boolean":
        return "bool"
    if t == "null":
        return "null"
    if t == "array":
        items = schema.get("items")
        if isinstance(items, list):
            tup = [shape_from_schema(x, ctx, "%s_%d" % (hint, i)) for i, x in enumerate(items)]
            if schema.get("additionalItems") not in (None, False):
                ctx.review.append("tuple with additionalItems")
            if schema.get("minItems", len(items)) < len(items):
                ctx.review.append("tuple with optional items")
            return {"type": "tuple", "items": tup}
        of = shape_from_schema(items, ctx, hint + "_item") if isinstance(items, dict) else "any"
        return {"type": "set" if schema.get("uniqueItems") else "array", "of": of}
    if t == "object":
        props = schema.get("properties")
        if props:
            # no "required" list: every listed property is always there
            req = set(schema["required"]) if "required" in schema else set(props)
            fields = []
            for k, v in props.items():
                f = {"name": snake(k), "key": k, "type": shape_from_schema(v, ctx, hint + "_" + snake(k))}
                if f["key"] == f["name"]:
                    del f["key"]
                if k not in req:
                    f["optional"] = True
                fields.append(f)
            return {"type": "struct", "name": snake(hint), "form": "map", "fields": fields}
        ap = schema.get("additionalProperties")
        if isinstance(ap, dict):
            return {"type": "map", "key": "string", "value": shape_from_schema(ap, ctx, hint + "_value")}
        pp = schema.get("patternProperties")
        if isinstance(pp, dict) and pp:
            vals = [shape_from_schema(v, ctx, hint + "_value") for v in pp.values()]
            val = vals[0] if all(v == vals[0] for v in vals) else "any"
            return {"type": "map", "key": "string", "value": val}
        return {"type": "map", "key": "string", "value": "any"}
    if not t and not any(k in schema for k in ("items", "properties")):
        return "any"
    return "any"


def _alternatives(branches, ctx, why):
    uniq = []
    for b in branches:
        if b not in uniq:
            uniq.append(b)
    has_null = "null" in uniq
    rest = [b for b in uniq if b != "null"]
    if rest and all(_is(b, "integer") and isinstance(b, dict) and "values" in b for b in rest):
        vals = sorted({v for b in rest for v in b["values"]})
        merged = "bool" if vals == [0, 1] else {"type": "integer", "values": vals}
        rest = [merged]
    elif rest and all(_is(b, "integer") for b in rest):
        rest = ["integer"]  # e.g. TTL: a count, or -1 / -2
    elif rest and all(isinstance(b, dict) and b.get("type") == "status" and "values" in b for b in rest):
        rest = [{"type": "status", "values": sorted({v for b in rest for v in b["values"]})}]
    elif "ok" in rest and len(rest) == 2 and any(isinstance(b, dict) and b.get("type") == "status" for b in rest):
        rest = ["status"]
    if not rest:
        return "null"
    if len(rest) == 1:
        one = rest[0]
        return {"type": "nullable", "of": one} if has_null else one
    ctx.review.append("%s with %d distinct branches" % (why, len(rest)))
    v = {"type": "variant", "of": rest}
    return {"type": "nullable", "of": v} if has_null else v


def resp2_from_resp3(shape):
    """RESP2 shape by the standard rules: doubles come as bulk strings; map/set/bool/null keep
    their shape (the decoder reads RESP2's flat array / array / integer / null forms)."""
    if isinstance(shape, str):
        return {"type": "double", "encoding": "string"} if shape == "double" else shape
    t = shape["type"]
    if t == "double":
        return {"type": "double", "encoding": "string"}
    out = dict(shape)
    for k in ("of", "key", "value"):
        if k in out and not isinstance(out[k], list):
            out[k] = resp2_from_resp3(out[k])
    if t == "variant":
        out["of"] = [resp2_from_resp3(x) for x in shape["of"]]
    if t == "tuple":
        out["items"] = [resp2_from_resp3(x) for x in shape["items"]]
    if t == "struct":
        out["fields"] = [dict(f, type=resp2_from_resp3(f["type"])) for f in shape["fields"]]
    return out


def reply_from_schema(schema, name_hint):
    ctx = ShapeContext(name_hint)
    r3 = shape_from_schema(schema, ctx)
    return {"resp2": resp2_from_resp3(r3), "resp3": r3}, ctx.review


# ----------------------------------------------------------------------------- commands

_BACKTICK = re.compile(r"`([^`]+)`")


def replaced_by_names(text, known=None):
    if not text:
        return []
    if isinstance(text, list):
        text = " ".join(text)
    out = []
    for m in _BACKTICK.findall(text):
        n = m.strip().upper()
        if not re.match(r"^[A-Z0-9_.\-]+( [A-Z0-9_.\-]+)?$", n):
            continue
        if known is not None and n not in known:
            continue
        if n not in out:
            out.append(n)
    return out


ORDER = ["name", "container", "group", "module", "since", "servers", "since_by_server", "arity",
         "flags", "acl_categories", "key_specs", "tips", "complexity", "deprecated", "syscmd",
         "idempotent", "arguments", "reply", "methods", "curated", "incomplete", "notes"]


def ordered(spec, keep_private=False):
    """The fields in file order; private '_' facts (for the importer's comparison) only on request."""
    out = {k: spec[k] for k in ORDER if k in spec}
    for k in spec:
        if k not in out and (keep_private or not k.startswith("_")):
            out[k] = spec[k]
    return out


def _finish(spec, reply_schema_present, reply_schema, known):
    fn = full_name(spec["name"], spec.get("container"))
    readonly = "readonly" in spec["flags"]
    spec["idempotent"] = readonly or fn in IDEMPOTENT_WRITES
    if reply_schema_present:
        reply, review = reply_from_schema(reply_schema, snake(fn) + "_reply")
        spec["reply"] = reply
        spec["curated"] = False
        spec["notes"] = "imported from reply_schema; review" + (": " + "; ".join(review) if review else "")
    else:
        spec["reply"] = {"resp2": "any", "resp3": "any"}
        spec["curated"] = False
        spec["notes"] = "no reply schema in the source: reply is a placeholder"
    return ordered(spec, keep_private=True)  # files are written with ordered(): no '_' facts


def from_source(top_name, obj, known=None):
    """One command from Redis's src/commands/<file>.json object ({NAME: obj})."""
    container = obj.get("container")
    fn = full_name(top_name, container)
    spec = {"name": top_name.upper()}
    if container:
        spec["container"] = container.upper()
    spec["group"] = norm_group(obj.get("group"))
    spec["since"] = norm_version(obj.get("since")) or "0.0.0"
    spec["arity"] = int(obj.get("arity", 0))
    spec["flags"] = _flag_list(obj.get("command_flags"))
    spec["acl_categories"] = _flag_list(obj.get("acl_categories"))
    # the source files list only the explicit categories; the server adds implicit ones
    # (write, read, fast, slow, ...) from the flags at build time
    spec["_explicit_acl_only"] = True
    spec["key_specs"] = [convert_key_spec(k) for k in obj.get("key_specs") or []]
    tips = tips_from_list(obj.get("command_tips"))
    if tips:
        spec["tips"] = tips
    c = complexity_class(obj.get("complexity"))
    if c:
        spec["complexity"] = c
    doc_flags = [str(f).lower() for f in obj.get("doc_flags") or []]
    if obj.get("deprecated_since") or "deprecated" in doc_flags:
        dep = {"since": norm_version(obj.get("deprecated_since")) or spec["since"]}
        rb = replaced_by_names(obj.get("replaced_by"), known)
        if rb:
            dep["replaced_by"] = rb
        spec["deprecated"] = dep
    if "syscmd" in doc_flags:
        spec["syscmd"] = True
    spec["arguments"] = [convert_argument(fn, a) for a in obj.get("arguments") or []]
    return _finish(spec, "reply_schema" in obj, obj.get("reply_schema"), known)


def from_runtime(fn, entry, known=None, container_entry=None):
    """One command from a merged runtime COMMAND DOCS + COMMAND INFO entry, keyed by full name."""
    parts = fn.upper().split(" ", 1)
    spec = {"name": parts[-1]}
    if len(parts) == 2:
        spec["container"] = parts[0]
    spec["group"] = norm_group(entry.get("group"))
    if entry.get("module"):
        spec["module"] = entry["module"]
    spec["since"] = norm_version(entry.get("since")) or "0.0.0"
    spec["arity"] = int(entry.get("arity", 0))
    spec["flags"] = _flag_list(entry.get("command_flags", entry.get("flags")))
    spec["acl_categories"] = _flag_list(entry.get("acl_categories"))
    spec["key_specs"] = [convert_key_spec(k) for k in entry.get("key_specs") or []]
    tips = tips_from_list(entry.get("hints", entry.get("tips")))
    if tips:
        spec["tips"] = tips
    c = complexity_class(entry.get("complexity"))
    if c:
        spec["complexity"] = c
    doc_flags = [str(f).lower() for f in entry.get("doc_flags") or []]
    if entry.get("deprecated_since") or "deprecated" in doc_flags:
        dep = {"since": norm_version(entry.get("deprecated_since")) or spec["since"]}
        rb = replaced_by_names(entry.get("replaced_by"), known)
        if rb:
            dep["replaced_by"] = rb
        spec["deprecated"] = dep
    if "syscmd" in doc_flags:
        spec["syscmd"] = True
    spec["arguments"] = [convert_argument(fn.upper(), a) for a in entry.get("arguments") or []]
    inferred = []
    if spec.get("module"):
        # every module command carries the flag "module"; the spec's "module" field says it already
        spec["flags"] = [f for f in spec["flags"] if f != "module"]
        if container_entry is not None:
            inferred += _inherit_from_container(spec, container_entry)
    if "arguments" not in entry:
        spec["_no_argument_docs"] = True
    if not _documented(entry) and spec["since"] == "0.0.0":
        spec["_no_version"] = True
    incomplete = None
    if not spec["arguments"]:
        args, incomplete, note = infer_arguments(spec, documented=_documented(entry))
        spec["arguments"] = args
        if note:
            inferred.append(note)
    out = _finish(spec, "reply_schema" in entry, entry.get("reply_schema"), known)
    if inferred:
        out["notes"] += "; " + "; ".join(inferred)
    if spec.get("_no_version"):
        out["notes"] += "; the server publishes no version: since 0.0.0"
    if incomplete:
        out["incomplete"] = incomplete
    return out


# ----------------------------------------------------------------------------- inference

def _documented(entry):
    """Whether COMMAND DOCS describes the command at all. Redis omits "arguments" for a command
    without any, but always sends a summary or a version; modules such as valkey-json send only
    group and module."""
    return any(k in entry for k in ("summary", "since", "arguments", "complexity"))


_WRITE_KS = {"rw", "ow", "rm"}


def _inherit_from_container(spec, container):
    """Module subcommands often register without flags or ACL categories of their own (valkey-json's
    JSON.DEBUG DEPTH has only "module"): they run under the container's, which COMMAND INFO gives."""
    notes = []
    cflags = [f for f in _flag_list(container.get("command_flags", container.get("flags")))
              if f not in ("module", "movablekeys")]
    writes = any(set(k.get("flags", [])) & _WRITE_KS for k in spec["key_specs"])
    if not spec["flags"] and cflags:
        spec["flags"] = [f for f in cflags if not (f == "readonly" and writes)]
        notes.append("flags inherited from %s (the server reports none for the subcommand)%s"
                     % (spec["container"], ": readonly dropped, a key spec writes" if writes and "readonly" in cflags else ""))
    cacl = _flag_list(container.get("acl_categories"))
    if not spec["acl_categories"] and cacl:
        spec["acl_categories"] = cacl
        notes.append("ACL categories inherited from %s" % spec["container"])
    return notes


def _key_positions(spec, argc_fixed):
    """{word index: key_spec_index} for the keys the key specs locate, and whether they locate all."""
    pos, exact = {}, True
    for i, ks in enumerate(spec["key_specs"]):
        bs, fk = ks["begin_search"], ks["find_keys"]
        if bs["type"] != "index" or fk["type"] != "range":
            exact = False
            continue
        first, last, step = bs["index"], fk["lastkey"], max(1, fk["step"])
        if last < 0:
            if argc_fixed is None:
                exact = False  # keys up to the end of a variadic command
                pos.setdefault(first, i)
                continue
            last = argc_fixed + last - first
        for p in range(first, first + last + 1, step):
            pos.setdefault(p, i)
    return pos, exact


def infer_arguments(spec, documented):
    """Arguments for a command whose server documents none, from its arity and key specs.

    Returns (arguments, incomplete reason or None, note). Keys are placed where the key specs point;
    a word no key spec explains, or the optional words a negative arity allows, cannot be inferred:
    the command is then marked incomplete (the generator refuses it until a human fills it in) and
    gets placeholder string arguments to edit."""
    words = 2 if spec.get("container") else 1
    arity = spec["arity"]
    fixed = arity > 0
    n_required = (arity if fixed else -arity) - words
    if arity == 0:
        return [], "the source gives no arity (COMMAND DOCS without COMMAND INFO) and no arguments", None
    if n_required < 0:
        return [], "arity %d is shorter than the command's own words" % arity, None
    if documented and not fixed and n_required == 0:
        return [], None, None  # documented as taking none: trust the documentation
    keys, _ = _key_positions(spec, arity if fixed else None)
    args, unknown, names = [], [], []
    nkeys = sum(1 for p in range(words, words + n_required) if p in keys)
    for p in range(words, words + n_required):
        if p in keys:
            name = "key" if nkeys == 1 else "key%d" % (len(names) + 1)
            names.append(name)
            args.append({"name": name, "type": "key", "key_spec_index": keys[p]})
        else:
            name = "arg%d" % (p - words + 1)
            unknown.append("word %d (%s)" % (p, name))
            args.append({"name": name, "type": "string"})
    reasons = []
    if unknown:
        reasons.append("no key spec explains %s" % ", ".join(unknown))
    if not fixed:
        args.append({"name": "rest", "type": "string", "optional": True, "multiple": True})
        reasons.append("arity %d allows further arguments after word %d (placeholder 'rest')"
                       % (arity, words + n_required - 1))
    if not args:
        return [], None, None
    what = "the server documents no arguments" if not documented else "the server documents no arguments although arity %d needs some" % arity
    note = None
    if names:
        note = "key argument(s) %s inferred from the key specs and arity %d" % (", ".join(names), arity)
    if reasons:
        return args, "%s: %s. Describe the arguments (docs/spec-format.md), then delete this field" % (
            what, "; ".join(reasons)), note
    return args, None, (note or "arguments inferred") + " (%s): check their names" % what
