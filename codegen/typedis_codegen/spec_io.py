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
            if f.endswith(".json") and not (dirpath == root and f == SCHEMA_FILE):
                yield os.path.join(dirpath, f)


def load_specs(root):
    """full name -> (path, spec). Raises ValueError on unreadable JSON or a duplicate name."""
    out = {}
    for path in iter_spec_files(root):
        with open(path, encoding="utf-8") as fh:
            try:
                spec = json.load(fh)
            except ValueError as e:
                raise ValueError("%s: invalid JSON: %s" % (path, e))
        if not isinstance(spec, dict) or "name" not in spec:
            raise ValueError("%s: not a command spec (no 'name')" % path)
        fn = spec_full_name(spec)
        if fn in out:
            raise ValueError("%s: command %s is also defined in %s" % (path, fn, out[fn][0]))
        out[fn] = (path, spec)
    return out


def load_schema(root):
    with open(os.path.join(root, SCHEMA_FILE), encoding="utf-8") as fh:
        return json.load(fh)


def _json_path(parts):
    out = ""
    for p in parts:
        out += "[%d]" % p if isinstance(p, int) else ("." + p if out else p)
    return out or "(top level)"


def _field_label(spec, parts):
    """A readable field name: arguments[2].arguments[0] -> argument 'condition/nx'."""
    label = _json_path(parts)
    node, names = spec, []
    try:
        for i, p in enumerate(parts):
            node = node[p]
            if isinstance(p, int) and i > 0 and parts[i - 1] == "arguments" and isinstance(node, dict):
                names.append(str(node.get("name", p)))
    except (KeyError, IndexError, TypeError):
        pass
    if names:
        label += " (argument %s)" % "/".join(names)
    return label


def validate_spec(spec, schema, path="<spec>"):
    """List of messages 'file: command NAME: field F: problem' (empty when valid)."""
    import jsonschema
    if isinstance(spec, dict):
        spec = convert.ordered(spec)  # without the importer's private '_' facts, as written
    validator_cls = jsonschema.validators.validator_for(schema)
    v = validator_cls(schema)
    name = spec_full_name(spec) if isinstance(spec, dict) and "name" in spec else "?"
    msgs = []
    for err in sorted(v.iter_errors(spec), key=lambda e: list(map(str, e.absolute_path))):
        # descend to the most specific error of a oneOf/anyOf
        best = err
        if err.context:
            best = max(err.context, key=lambda e: len(e.absolute_path))
        parts = list(best.absolute_path)
        msgs.append("%s: command %s: field %s: %s" % (path, name, _field_label(spec, parts), best.message))
    msgs.extend("%s: command %s: %s" % (path, name, m) for m in semantic_checks(spec))
    return msgs


def _arg_paths(args, prefix=""):
    for a in args:
        p = prefix + a["name"]
        yield p, a
        if "arguments" in a:
            yield from _arg_paths(a["arguments"], p + "/")


def semantic_checks(spec):
    """Checks JSON Schema cannot express."""
    msgs = []
    if not isinstance(spec, dict):
        return msgs
    args = spec.get("arguments") or []
    paths = dict(_arg_paths(args))
    nks = len(spec.get("key_specs") or [])
    for p, a in paths.items():
        if "key_spec_index" in a and a["key_spec_index"] >= nks and nks:
            msgs.append("field arguments %s: key_spec_index %d out of range (%d key specs)" % (p, a["key_spec_index"], nks))
    seen = set()
    for m in spec.get("methods") or []:
        if m.get("name") in seen:
            msgs.append("field methods: duplicate method name %r" % m.get("name"))
        seen.add(m.get("name"))
        for ap in (m.get("args") or {}):
            if ap not in paths:
                msgs.append("field methods.%s.args: unknown argument path %r" % (m.get("name"), ap))
    return msgs


class _Enc(json.JSONEncoder):
    pass


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
