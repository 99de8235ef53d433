"""Reading, validating and writing spec files (commands-spec/**.json)."""

import json
import os

from . import convert

SCHEMA_FILE = "schema.json"


def spec_full_name(spec):
    return convert.full_name(spec["name"], spec.get("container"))


def spec_relpath(spec, subdir="core"):
    """Where a command's file lives, relative to the spec root (module commands: directly in the
    module's folder, json/json.get.json)."""
    if spec.get("module"):
        return os.path.join(subdir, convert.file_stem(spec["name"], spec.get("container")) + ".json")
    return os.path.join(subdir, spec["group"], convert.file_stem(spec["name"], spec.get("container")) + ".json")


def iter_spec_files(root):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for f in sorted(filenames):
            if f.endswith(".json") and f != SCHEMA_FILE:
                yield os.path.join(dirpath, f)


class SpecError(ValueError):
    """Invalid spec files; the message lists every problem, one 'FILE: command NAME: ...' a line."""


def find_schema(root):
    """<root>/schema.json, else the project's schema (source tree) or the one installed beside this
    package (share/typedis/codegen/schema.json)."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for p in (os.path.join(root, SCHEMA_FILE), os.path.join(os.path.dirname(here), "commands-spec", SCHEMA_FILE),
              os.path.join(here, SCHEMA_FILE)):
        if os.path.exists(p):
            return p
    raise SpecError("no %s found for %s" % (SCHEMA_FILE, root))


def load_schema(root=None, path=None):
    with open(path or find_schema(root), encoding="utf-8") as fh:
        return json.load(fh)


def _field_label(spec, parts):
    """A readable field name: arguments[2].arguments[0] (argument condition/nx)."""
    out, node, names = "", spec, []
    for i, p in enumerate(parts):
        out += "[%d]" % p if isinstance(p, int) else ("." + str(p) if out else str(p))
        try:
            node = node[p]
            if isinstance(p, int) and i > 0 and parts[i - 1] == "arguments" and isinstance(node, dict):
                names.append(str(node.get("name", p)))
        except (KeyError, IndexError, TypeError):
            pass
    out = out or "(top level)"
    if names:
        out += " (argument %s)" % "/".join(names)
    return out


def validate_spec(spec, schema, path="<spec>"):
    """Every rule a spec file must follow: the JSON Schema, then (on a schema-valid file) the checks
    a schema cannot express (semantic_checks). Messages 'FILE: command NAME: field F: problem';
    empty when the file is valid. The generator and the importer both validate with this."""
    import jsonschema
    if isinstance(spec, dict):
        spec = convert.ordered(spec)  # without the importer's private '_' facts, as written
    validator = jsonschema.validators.validator_for(schema)(schema)
    name = spec_full_name(spec) if isinstance(spec, dict) and "name" in spec else "?"
    msgs = []
    for err in sorted(validator.iter_errors(spec), key=lambda e: [str(x) for x in e.absolute_path]):
        # descend to the most specific error of a oneOf/anyOf
        best = err
        while best.context:
            best = max(best.context, key=lambda e: len(e.absolute_path))
        msgs.append("%s: command %s: field %s: %s" % (path, name, _field_label(spec, list(best.absolute_path)),
                                                       best.message))
    if msgs:
        return msgs  # the semantic checks assume the structure the schema guarantees
    return ["%s: command %s: %s" % (path, name, m) for m in semantic_checks(spec)]


def _arg_paths(args, prefix=""):
    for a in args:
        p = prefix + a["name"]
        yield p, a
        if "arguments" in a:
            yield from _arg_paths(a["arguments"], p + "/")


def semantic_checks(spec):
    """Checks JSON Schema cannot express, on a schema-valid spec."""
    msgs = []
    paths = dict(_arg_paths(spec.get("arguments") or []))
    nks = len(spec.get("key_specs") or [])
    for p, a in paths.items():
        if "key_spec_index" in a and a["key_spec_index"] >= nks:
            msgs.append("field arguments %s: key_spec_index %d out of range (%d key specs)"
                        % (p, a["key_spec_index"], nks))
    seen = set()
    for m in spec.get("methods") or []:
        if m["name"] in seen:
            msgs.append("field methods: duplicate method name %r" % m["name"])
        seen.add(m["name"])
        for ap in (m.get("args") or {}):
            if ap not in paths:
                msgs.append("field methods[%s].args: unknown argument path %r" % (m["name"], ap))
    return msgs


def unusable(spec):
    """Why a valid file could still never make a valid call (empty when it can): marked
    "incomplete" by the importer, or without arguments although the arity needs some (every call
    would fail with 'wrong number of arguments'). The importer writes such files on purpose, for a
    human to finish; the generator refuses them (load_specs(..., usable=True))."""
    if "incomplete" in spec:
        return ["incomplete (the server documents too little for a usable method): %s. Fill in "
                "\"arguments\" and delete \"incomplete\", or delete the file" % spec["incomplete"]]
    words = 2 if spec.get("container") else 1
    arity = spec["arity"]
    if not spec["arguments"] and (arity > words or arity < -words):
        return ["field arguments: none, but arity %d needs at least %d argument(s): describe them "
                "(docs/spec-format.md)" % (arity, abs(arity) - words)]
    return []


def load_specs(root, schema=None, validate=True, usable=False):
    """Every spec file under root: {full name: (path, spec)}. With validate (the default) each file
    is checked by validate_spec against `schema` (a loaded schema, default find_schema(root)).
    Raises SpecError listing every problem: unreadable JSON, invalid files, duplicate names.
    With usable (the generator) a file must also make usable methods (unusable). Messages name
    files relative to root's parent (commands-spec/core/...)."""
    if validate and schema is None:
        schema = load_schema(root)
    base = os.path.dirname(os.path.abspath(root))
    out, errors = {}, []
    for path in iter_spec_files(root):
        rel = os.path.relpath(path, base)
        try:
            with open(path, encoding="utf-8") as fh:
                spec = json.load(fh)
        except ValueError as e:
            errors.append("%s: invalid JSON: %s" % (rel, e))
            continue
        if not isinstance(spec, dict) or "name" not in spec:
            errors.append("%s: not a command spec (no 'name')" % rel)
            continue
        if validate:
            msgs = validate_spec(spec, schema, rel)
            if usable and not msgs:
                name = spec_full_name(spec)
                msgs = ["%s: command %s: %s" % (rel, name, m) for m in unusable(spec)]
            if msgs:
                errors.extend(msgs)
                continue
        fn = spec_full_name(spec)
        if fn in out:
            errors.append("%s: command %s: also defined in %s" % (rel, fn, os.path.relpath(out[fn][0], base)))
            continue
        out[fn] = (path, spec)
    if errors:
        raise SpecError("\n".join(errors))
    return out


def dumps(obj, width=100):
    """Deterministic pretty JSON: containers that fit in `width` columns stay on one line."""
    def one_line(o):
        return json.dumps(o, ensure_ascii=False, separators=(", ", ": "))

    def rec(o, indent):
        s = one_line(o)
        if len(s) + indent <= width or not isinstance(o, (dict, list)) or not o:
            return s
        pad = " " * (indent + 2)
        if isinstance(o, dict):
            items = ["%s%s: %s" % (pad, json.dumps(k, ensure_ascii=False), rec(v, indent + 2)) for k, v in o.items()]
            return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
        items = [pad + rec(v, indent + 2) for v in o]
        return "[\n" + ",\n".join(items) + "\n" + " " * indent + "]"

    return rec(obj, 0) + "\n"


def write_spec(root, spec, path=None, subdir="core"):
    path = path or os.path.join(root, spec_relpath(spec, subdir))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write(dumps(convert.ordered(spec)))
    return path
