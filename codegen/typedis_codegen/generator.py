"""The C++ generator: commands-spec/**.json -> generated/ (headers, sources, the mixin).

All decisions live here; the Jinja2 templates in codegen/templates/ only lay the results out.
See docs/generated-api.md for the C++ API this produces.
"""

import collections
import copy
import os
import re

from . import spec_io

KEYWORDS = frozenset("""
alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
co_return co_yield decltype default delete do double dynamic_cast else enum explicit export extern
false float for friend goto if inline int long mutable namespace new noexcept not not_eq nullptr
operator or or_eq private protected public register reinterpret_cast requires return short signed
sizeof static static_assert static_cast struct switch template this thread_local throw true try
typedef typeid typename union unsigned using virtual void volatile wchar_t while xor xor_eq
""".split())

# Names a generated tag type may not take in namespace typedis (the runtime's own names).
RESERVED_TYPEDIS = frozenset("""
arg_range auth_error byte_buffer client client_options closed_error cmd command command_flag
command_info command_methods config_error connection_options decode decode_error decode_into decoder
detail encode encodable encoder error function_ref generic_command_info has_flag ignore ignore_t
io_error key_spec make_command ok parse_url pool_options pool_stats pool_timeout_error protocol_error
protocol_version reply resp server_error test timeout_error tls_options transport_kind url version
""".split())

# Methods of the executors that a generated method must not hide.
RESERVED_METHODS = frozenset("""execute async_execute options stats close self_ pin pipeline transaction nothrow dynamic_pipeline
transaction_with_watch run_script watching state_changed""".split())
# Names of runtime types that executors use unqualified in their own scope: a mixin method of that
# name would hide the type there, so the method (not the builder) gets a trailing '_'.
RESERVED_MIXIN = frozenset("command_info command_flag key_spec pool_stats client_options".split())

FLAG_MAP = ["readonly", "write", "denyoom", "admin", "pubsub", "noscript", "blocking", "loading",
            "stale", "fast", "no_auth", "no_multi", "allow_busy"]
# Commands whose reply does not come back as one reply on the same connection.
NO_REPLY = frozenset(["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "UNSUBSCRIBE", "PUNSUBSCRIBE",
                      "SUNSUBSCRIBE", "MONITOR", "SYNC", "PSYNC"])

SCALARS = ("key", "string", "pattern", "integer", "double", "unix-time")

# Update conditions spelled as tag types everywhere (typedis::nx{}), also where a command takes only
# pure tokens of them (ZADD NX|XX, EXPIRE NX|XX|GT|LT), so that NX is one C++ name across SET, ZADD,
# GEOADD, EXPIRE, ... (docs/generated-api.md, "Names").
CONDITION_TOKENS = frozenset(["NX", "XX", "GT", "LT"])

# Namespace (and include directory) of a group's hand-written types when the group's own name would
# clash: a typedis::json namespace would make `json` ambiguous in code that has both
# `using namespace typedis;` and nlohmann's customary `using json = nlohmann::json;`.
HANDWRITTEN_NAMESPACE = {"json": "redisjson"}


SpecError = spec_io.SpecError


# ---- names --------------------------------------------------------------------------------------

def ident(text):
    """snake_case C++ identifier: lower case, anything else -> '_', keywords get a trailing '_'."""
    s = re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
    if not s:
        s = "empty"
    if s[0].isdigit():
        s = "_" + s
    if s in KEYWORDS:
        s += "_"
    return s


def token_ident(token):
    """Identifier from a token when the token spells one (EX -> ex, LIB-NAME -> lib_name)."""
    if token and re.fullmatch(r"[A-Za-z][A-Za-z0-9_\-]*", token):
        return ident(token)
    return None


def method_base_name(spec):
    words = ([spec["container"]] if spec.get("container") else []) + [spec["name"]]
    return ident("_".join(words))


def full_name(spec):
    return (spec["container"] + " " + spec["name"]) if spec.get("container") else spec["name"]


# ---- loading -----------------------------------------------------------------------------------

def load_specs(spec_root, schema_path=None):
    """Every spec file under spec_root, validated by spec_io (the one loader and validator, shared
    with the importer), sorted by group and method name; raises SpecError listing every problem."""
    schema = spec_io.load_schema(spec_root, path=schema_path)
    specs = [spec for _, spec in spec_io.load_specs(spec_root, schema, usable=True).values()]
    specs.sort(key=lambda s: (s["group"], method_base_name(s)))
    return specs


# ---- method splits: apply a method's args (present/absent) to the grammar ------------------------

def apply_method_args(arguments, method_args):
    args = copy.deepcopy(arguments)
    for path, what in sorted(method_args.items(), key=lambda kv: -kv[0].count("/")):
        parts = path.split("/")
        siblings, node, parent = args, None, None
        for i, p in enumerate(parts):
            node = next(a for a in siblings if a["name"] == p)
            if i < len(parts) - 1:
                parent = node
                siblings = node["arguments"]
        if what == "absent":
            siblings.remove(node)
        elif parent is not None and parent["type"] == "oneof" and node is not None and \
                siblings is parent["arguments"]:
            # the oneof becomes that branch; a token on the oneof still precedes it
            branch = dict(node)
            branch["optional"] = False
            if parent.get("token"):
                branch = {"name": parent["name"], "type": "block", "token": parent["token"], "arguments": [branch]}
            parent.clear()
            parent.update(branch)
        else:
            node["optional"] = False
    return collapse_oneofs(args)


def _version_key(v):
    return tuple(int(x) for x in v.split(".") if x.isdigit())


def availability(spec, args=()):
    """Which servers have the command (a method: with its required arguments), for the error of a
    server that lacks it: "redis >= 8.6.0", "redis >= 6.2.0, valkey", "valkey >= 9.0.0",
    "redis (module json)". A family without a version: its first version is not recorded."""
    families = list(spec.get("servers") or ["redis", "valkey"])
    versions = {}
    if not spec.get("module"):
        versions[families[0]] = spec.get("since")
        versions.update(spec.get("since_by_server", {}))

    def narrow(required):
        nonlocal families
        for a in required:
            if a.get("optional"):
                continue
            if a.get("servers"):
                families = [f for f in families if f in a["servers"]]
                if a.get("since"):
                    f = a["servers"][0]
                    if versions.get(f) is None or _version_key(a["since"]) > _version_key(versions[f]):
                        versions[f] = a["since"]
            if a["type"] == "block":
                narrow(a.get("arguments", []))

    everyone = list(families)
    narrow(args)
    # Required arguments of different families (the union grammar of CLUSTER REPLICATE): the
    # method is each family's own form, the command's families stand.
    families = families or everyone
    out = ", ".join(("%s >= %s" % (f, versions[f])) if versions.get(f) else f for f in families)
    if spec.get("module"):
        out += " (module %s)" % spec["module"]
    return out


def first_token(a):
    if a.get("token"):
        return a["token"]
    for c in a.get("arguments", []):
        t = first_token(c)
        if t:
            return t
    return None


def server_notes(args, path=""):
    """Doc comment lines for arguments that not every server accepts the same way."""
    out = []
    for a in args:
        what = first_token(a) or a["name"]
        if a.get("servers"):
            out.append("%s: only %s%s." % (what, "/".join(a["servers"]),
                                            (" >= " + a["since"]) if a.get("since") else ""))
        if a.get("multiple_by_server"):
            out.append("%s takes several values only on %s; other servers take one." % (
                what, ", ".join("%s >= %s" % kv for kv in sorted(a["multiple_by_server"].items()))))
        out.extend(server_notes(a.get("arguments", [])))
    return out


def collapse_oneofs(args):
    """A oneof left with one branch (after a method removed the others) is that branch."""
    out = []
    for a in args:
        if "arguments" in a:
            a = dict(a, arguments=collapse_oneofs(a["arguments"]))
        if a["type"] == "oneof" and len(a["arguments"]) == 1:
            only = dict(a["arguments"][0])
            only["optional"] = bool(a.get("optional"))
            if a.get("multiple"):
                only["multiple"] = True
            if a.get("token"):
                only = {"name": a["name"], "type": "block", "token": a["token"], "optional": only.pop("optional"),
                        "arguments": [only]}
            a = only
        out.append(a)
    return out


# ---- the argument grammar -> C++ ---------------------------------------------------------------

def is_count(args, i):
    """A count the generator computes: `"count": "items"|"words"` in the spec, or by convention an
    integer named num* right before a `multiple` argument."""
    a = args[i]
    if a.get("count"):
        return True
    return (a["type"] == "integer" and a["name"].startswith("num") and not a.get("optional")
            and not a.get("multiple") and i + 1 < len(args) and args[i + 1].get("multiple"))


def words_per_item(a):
    """Words one element of the multiple argument `a` is sent as, when that is fixed (ValueError
    otherwise: the builder then counts them as encoded)."""
    if a["type"] in SCALARS or a["type"] in ("json",):
        return 1 + (1 if a.get("token") and a.get("multiple_token") else 0)
    if a["type"] == "block" and not a.get("token"):
        n = 0
        for c in a["arguments"]:
            if c.get("optional") or c.get("multiple") or c["type"] in ("oneof", "custom"):
                raise ValueError("argument %s: 'count: words' needs elements of a fixed word count" % a["name"])
            n += 1 + (1 if c.get("token") and c["type"] != "pure-token" else 0) if c["type"] != "block" else words_per_item(c)
        return n
    raise ValueError("argument %s: 'count: words' needs elements of a fixed word count" % a["name"])


def pure_oneof(a):
    return a["type"] == "oneof" and all(c["type"] == "pure-token" for c in a["arguments"])


def condition_oneof(a):
    """A oneof of update conditions only (NX|XX, GT|LT): a std::variant of the typedis:: tags."""
    return pure_oneof(a) and all(c["token"] in CONDITION_TOKENS for c in a["arguments"])


def enum_oneof(a):
    """A oneof of pure tokens generated as an enum class."""
    return pure_oneof(a) and not condition_oneof(a)


def member_name(a):
    """C++ name of a member of an options or block struct: an optional argument that starts with a
    token is named after the token (BLOCK -> block, ALPHA -> alpha, MATCH -> match), so that a
    member is spelled as the Redis documentation spells the option; otherwise the argument's name.
    build_method() falls back to the argument's name where two members would get one name."""
    return a.get("_member") or ident(a["name"])


def token_member(a):
    if a.get("optional") and a.get("token"):
        return token_ident(a["token"])
    return None


def name_members(args):
    """Sets `_member` on the optional token arguments of every argument list in the tree (siblings
    that would share a name keep their argument names)."""
    names = {}
    for a in args:
        t = token_member(a)
        if t:
            names.setdefault(t, []).append(a)
    plain = {ident(a["name"]) for a in args if not token_member(a)}
    for t, users in names.items():
        if len(users) == 1 and t not in plain:
            users[0]["_member"] = t
    for a in args:
        if a.get("arguments"):
            name_members(a["arguments"])


def name_options(optional):
    """The members of one options struct come from several levels (flattened required blocks): two
    that name_members() gave one name both fall back to their argument names."""
    taken = {}
    for a in optional:
        taken.setdefault(member_name(a), []).append(a)
    for users in taken.values():
        if len(users) > 1:
            for a in users:
                a.pop("_member", None)


def members_of(args):
    """The children of a block/top level that hold a value: no required pure tokens, no counts."""
    out = []
    for i, a in enumerate(args):
        if a["type"] == "pure-token" and not a.get("optional") and not a.get("multiple"):
            continue
        if is_count(args, i):
            continue
        if a["type"] == "block" and not a.get("multiple") and not members_of(a["arguments"]):
            if not a.get("optional"):
                continue
        out.append(a)
    return out


def syntax(args):
    parts = []
    for a in args:
        parts.append(syntax_one(a))
    return " ".join(p for p in parts if p)


def syntax_one(a, in_oneof=False):
    t = a["type"]
    if t == "pure-token":
        body = a["token"] or '""'
    elif t == "oneof":
        body = " | ".join(syntax_one(c, True) for c in a["arguments"])
        if a.get("token"):
            body = a["token"] + " " + ("<" + body + ">" if not a.get("optional") else body)
        elif not a.get("optional") and not in_oneof:
            body = "<" + body + ">"
    elif t == "block":
        body = syntax(a["arguments"])
        if a.get("token"):
            body = a["token"] + " " + body
    else:
        body = a["name"]
        if a.get("token") is not None:
            body = (a["token"] or '""') + " " + body
    if a.get("multiple"):
        rep = body
        if a.get("token") and not a.get("multiple_token") and t not in ("pure-token",):
            rep = body[len(a["token"]) + 1:]
        body = "%s [%s ...]" % (body, rep)
    if a.get("optional"):
        body = "[" + body + "]"
    return body


def doc_text(text):
    """Free text for a doxygen comment: characters doxygen would read as commands or tags escaped."""
    return re.sub(r"([@\\<>&#%])", r"\\\1", text)


class Member(collections.namedtuple("Member", "type name nullopt note doc", defaults=(None,))):
    """A data member of a generated struct: C++ type, name, whether it starts as std::nullopt
    (instead of value-initialised), a note (since, servers; or None) and its doc: the grammar of
    the argument it holds (or None). The doc never makes two types different."""


class EnumValue(collections.namedtuple("EnumValue", "name token")):
    """An enumerator of a generated enum and the token it is sent as (or None)."""


class TypeDef:
    """A generated C++ type. kind "struct": lines are Members; "enum": EnumValues; "alias": lines[0]
    is the name of the type it stands for. The templates lay them out."""

    def __init__(self, kind, name, lines, comment=None, tokens=None, hint=None):
        self.kind, self.name, self.lines, self.comment, self.tokens = kind, name, lines, comment, tokens
        self.hint = hint  # the name of the type when several commands share it (shared_type_names)


class Generator:
    def __init__(self, specs, namespace="typedis", core=True):
        self.specs = specs
        self.ns = namespace
        self.core = core
        self.cmd_ns = namespace + "::cmd"
        self.reply_ns = namespace + "::reply"
        self.function_names = set()
        self.shared_tags = {}      # name -> TypeDef (namespace <ns>)
        self.tag_candidates = {}   # name -> set of bodies
        self.reply_structs = {}    # name -> dict
        self.reply_struct_order = []

    # -- public -------------------------------------------------------------------------------
    def run(self):
        self.commands = []
        self.options_names = set()
        for spec in self.specs:
            for m in self.methods_of(spec):
                self.function_names.add(m["name"])
                self.options_names.add(m["name"] + "_options")
        # pass 1: which tag types can be shared (same token, same body everywhere)
        self.collecting = True
        self.type_names = {}
        self.global_types = {}
        self.alias_of = {}
        self.current_group = None
        self.current_deps = set()
        self.current_needs = {}
        self.current_types = []
        for spec in self.specs:
            self.spec_types = {}
            self.current_group = spec["group"]
            for m in self.methods_of(spec):
                self.build_method(spec, m)
        self.shareable = {n for n, bodies in self.tag_candidates.items() if len(bodies) == 1}
        # pass 2: the real thing
        self.collecting = False
        self.type_names = {}
        self.global_types = {}
        self.alias_of = {}
        self.group_deps = {}
        self.group_needs = {}
        self.reply_structs, self.reply_struct_order = {}, []
        groups = {}
        for spec in self.specs:
            cmd = {"spec": spec, "group": spec["group"], "methods": [], "types": [], "info": self.info_of(spec)}
            self.current_types = cmd["types"]
            self.spec_types = {}
            self.current_group = spec["group"]
            self.current_deps = self.group_deps.setdefault(spec["group"], set())
            self.current_needs = self.group_needs.setdefault(spec["group"], {})
            for m in self.methods_of(spec):
                cmd["methods"].append(self.build_method(spec, m))
            groups.setdefault(spec["group"], []).append(cmd)
        self.groups = groups
        self.shared_type_names()
        return self

    def shared_type_names(self):
        """A type that several commands share is named after what it is, not after the command
        that happened to define it first (sort_order used to be cluster_slot_stats_filter_orderby_order):
        an enum after its values (asc_desc), a block or an alternative after its token or argument
        name (limit). Every command keeps its own alias (georadius_order = asc_desc)."""
        cmds = [c for g in sorted(self.groups) for c in self.groups[g]]
        owner, users = {}, {}
        for c in cmds:
            fn = full_name(c["spec"])
            for t in c["types"]:
                if t.kind == "alias":
                    users.setdefault(t.lines[0], set()).add(fn)
                else:
                    owner[t.name] = (c, t)
        taken = set(self.function_names) | set(self.type_names) | set(self.options_names)
        taken |= {t.name for c in cmds for t in c["types"]}
        renames = {}
        for name in sorted(owner):
            c, t = owner[name]
            others = users.get(name, set()) - {full_name(c["spec"])}
            if not others or not t.hint:
                continue
            new = t.hint
            if new in taken or new in renames.values() or new in KEYWORDS or new in RESERVED_TYPEDIS:
                # two shared types with one hint (LIMIT offset count, LIMIT offset num): the members say
                # which is which
                members = [l.name for l in t.lines if t.kind == "struct"]
                new = "_".join([t.hint] + [m for m in members if m]) if members else t.hint + "_t"
                while new in taken or new in renames.values():
                    new += "_t"
            renames[name] = new
        if not renames:
            return

        def fix(text):
            return re.sub(re.escape(self.cmd_ns) + r"::(\w+)\b",
                          lambda m: self.cmd_ns + "::" + renames.get(m.group(1), m.group(1)), text)
        for c in cmds:
            out = []
            for t in c["types"]:
                if t.kind == "alias":
                    t.lines = [renames.get(t.lines[0], t.lines[0])]
                    out.append(t)
                    continue
                t.lines = [l._replace(type=fix(l.type)) if isinstance(l, Member) else l for l in t.lines]
                if t.name in renames:
                    old = t.name
                    t.name = renames[old]
                    # the defining command keeps its own name too; its token table stays under it
                    out.append(t)
                    out.append(TypeDef("alias", old, [t.name], tokens=t.tokens))
                    t.tokens = None
                else:
                    out.append(t)
            c["types"] = out
            for m in c["methods"]:
                m["params"] = [(fix(ty), n) for ty, n in m["params"]]
                if m["options_type"]:
                    m["options_type"] = fix(m["options_type"])
        self.type_renames = renames

    def methods_of(self, spec):
        base = method_base_name(spec)
        if base in RESERVED_METHODS:
            base += "_"
        if "methods" not in spec:
            return [{"name": base, "args": {}, "reply": spec["reply"], "idempotent": spec["idempotent"],
                     "main": True}]
        out = []
        for i, m in enumerate(spec["methods"]):
            name = ident(m["name"])
            if name in RESERVED_METHODS:
                name += "_"
            out.append({"name": name, "args": m.get("args", {}), "reply": m["reply"],
                        "idempotent": m.get("idempotent", spec["idempotent"]), "main": i == 0})
        return out

    # -- metadata -----------------------------------------------------------------------------
    def info_of(self, spec):
        keys = []
        for ks in spec["key_specs"]:
            bs, fk = ks["begin_search"], ks["find_keys"]
            if bs["type"] == "unknown" or fk["type"] == "unknown":
                continue
            if bs["type"] == "index":
                first, keyword = bs["index"], ""
            else:
                first, keyword = bs["startfrom"], bs["keyword"]
            # the fields of typedis::key_spec (include/typedis/command.hpp)
            if fk["type"] == "range":
                last = fk["lastkey"] if (fk["lastkey"] < 0 or keyword) else first + fk["lastkey"]
                keys.append({"search": "range", "first": first, "last": last, "step": fk["step"], "key_offset": 1,
                             "keyword": keyword, "limit": fk["limit"]})
            else:
                keys.append({"search": "keynum", "first": first + fk["keynumidx"], "last": 0, "step": fk["step"],
                             "key_offset": fk["firstkey"] - fk["keynumidx"], "keyword": keyword, "limit": 0})
        return {"keys": keys}

    def flags_of(self, spec, idempotent):
        """The typedis::command_flag names of a method."""
        flags = [f for f in FLAG_MAP if f in spec["flags"]]
        if idempotent:
            flags.append("idempotent")
        if spec["name"] in NO_REPLY and not spec.get("container"):
            flags.append("no_reply")
        if spec.get("connection_state"):
            flags.append("connection_state")
        return flags

    # -- types --------------------------------------------------------------------------------
    def add_type(self, base, kind, lines, comment=None, tokens=None, options_of=None, hint=None, identity=None):
        """Registers a per-command type named `base`, reusing an identical one; returns its
        qualified name. A type identical to one of another method of the same command becomes an
        alias of it."""
        # aliases compare as what they stand for, so a block using an aliased enum matches too
        canon = [l._replace(type=re.sub(r"typedis::cmd::[a-z0-9_]+",
                                        lambda m: self.alias_of.get(m.group(0), m.group(0)), l.type), doc=None)
                 if isinstance(l, Member) else l for l in lines]
        sig = (kind, tuple(canon), tuple(tokens or ()), identity)
        name = base
        n = 2
        if options_of is None and base in self.options_names:
            name = base = base + "_arg"
        while True:
            if name in self.type_names:
                if self.type_names[name] == sig:
                    return self.cmd_ns + "::" + name
            elif name not in self.function_names:
                break
            name = "%s_%d" % (base, n) if name != base or name in self.type_names else base + "_t"
            n += 1
        self.type_names[name] = sig
        same = self.spec_types.get(sig)
        if same is None and options_of is None:
            # the same enum or block in another command (NX|XX, LIMIT offset count, ...): one C++
            # type under several names, so that std::optional<> of it is instantiated once
            other = self.global_types.get(sig)
            if other is not None:
                same = other[0]
                if other[1] != self.current_group:
                    self.current_deps.add(other[1])
        if same is not None:
            self.alias_of[self.cmd_ns + "::" + name] = self.alias_of.get(self.cmd_ns + "::" + same, self.cmd_ns + "::" + same)
            if not self.collecting:
                self.current_types.append(TypeDef("alias", name, [same], tokens=tokens if kind == "enum" else None))
            return self.cmd_ns + "::" + name
        self.spec_types[sig] = name
        if options_of is None and kind in ("enum", "struct"):
            self.global_types[sig] = (name, self.current_group)
        if not self.collecting:
            self.current_types.append(TypeDef(kind, name, lines, comment, tokens, hint=hint))
        return self.cmd_ns + "::" + name

    def scalar_type(self, a):
        t, unit = a["type"], a.get("unit")
        if t in ("key", "pattern"):
            return "typedis::string_arg"
        if t == "string":
            return "typedis::value_arg"
        if t == "integer":
            return {"seconds": "std::chrono::seconds", "milliseconds": "std::chrono::milliseconds"}.get(unit, "long long")
        if t == "double":
            return {"seconds": "std::chrono::duration<double>",
                    "milliseconds": "std::chrono::duration<double, std::milli>"}.get(unit, "double")
        if t == "unix-time":
            return "std::chrono::system_clock::time_point"
        raise AssertionError(t)

    def value_type(self, a, path):
        """C++ type of one value of argument `a` (ignoring optional/multiple)."""
        t = a["type"]
        if t in SCALARS:
            return self.scalar_type(a)
        if t == "pure-token":
            return "bool"
        if t == "json":
            self.current_needs["json"] = True
            return "typedis::json_arg"
        if t == "custom":
            return self.custom_type(a["custom"], argument=True)
        if t == "oneof":
            if enum_oneof(a):
                values = [self.enum_value(c) for c in a["arguments"]]
                lines = [EnumValue(v, c["token"] or None) for v, c in zip(values, a["arguments"])]
                q = self.add_type(path, "enum", lines, tokens=[c["token"] for c in a["arguments"]],
                                  hint="_".join(values) if len(values) <= 4 else ident(a["name"]))
                a["_enum"] = q.rsplit("::", 1)[1]
                return q
            alts = []
            for c in a["arguments"]:
                ty = self.alt_type(c, path)
                if ty not in [x[0] for x in alts]:
                    alts.append((ty, c))
            a["_alts"] = [c for _, c in alts]
            return "std::variant<%s>" % ", ".join(ty for ty, _ in alts)
        if t == "block":
            mem = members_of(a["arguments"])
            if len(mem) == 1 and not mem[0].get("optional"):
                return self.slot_type(mem[0], path + "_" + ident(mem[0]["name"]))
            if a.get("multiple") and len(mem) == 2 and all(m["type"] in SCALARS and not m.get("optional")
                                                          and not m.get("multiple") for m in mem):
                return "std::pair<%s, %s>" % (self.scalar_type(mem[0]), self.scalar_type(mem[1]))
            return self.add_type(path, "struct", self.member_lines(mem, path),
                                 hint=token_ident(a.get("token")) or ident(a["name"]))
        raise AssertionError(t)

    def custom_type(self, name, argument):
        """A hand-written type of the current group: typedis::<group>::<name> (HANDWRITTEN_NAMESPACE
        renames a group). The group's full header includes an argument type's header
        (typedis/<group>/<name>.hpp); a reply type is only declared there (struct <name>;) and
        defined by its own header through <typedis/modules.hpp>. A module group's _decl header,
        which is all <typedis/typedis.hpp> sees of it, only declares both."""
        group = HANDWRITTEN_NAMESPACE.get(self.current_group, self.current_group)
        cxx = "%s::%s::%s" % (self.ns, group, ident(name))
        if not self.collecting:
            key = "custom_args" if argument else "custom_replies"
            self.current_needs.setdefault(key, set()).add((group, ident(name)))
        return cxx

    def is_class_type(self, ty):
        if ty.startswith(("std::variant<", "std::pair<", "std::optional<")):
            return True
        prefix = self.cmd_ns + "::"
        if ty.startswith(prefix) and "<" not in ty:
            sig = self.type_names.get(ty[len(prefix):])
            return sig is not None and sig[0] == "struct"
        return False

    def enum_value(self, c):
        return token_ident(c["token"]) or ident(c["name"])

    def member_lines(self, members, path):
        lines = []
        for m in members:
            ty = self.slot_type(m, path + "_" + ident(m["name"]))
            note = []
            if m.get("since"):
                note.append("since " + m["since"])
            if m.get("servers"):
                note.append("only " + "/".join(m["servers"]))
            if m.get("deprecated_since"):
                note.append("deprecated since " + m["deprecated_since"])
            # no "{}" on std::optional members: it would instantiate optional's constructors in every
            # TU (measured: 0.8 s for the whole API); they start empty anyway
            lines.append(Member(ty, member_name(m), ty.startswith("std::optional<"),
                                ", ".join(note) if note else None, syntax_one(m)))
        return lines

    def slot_type(self, a, path):
        """Type of a parameter or member for argument `a` (with optional/multiple)."""
        if a["type"] == "pure-token" and not a.get("multiple"):
            return "bool"
        if a["type"] == "block" and not a.get("multiple") and not members_of(a["arguments"]):
            return "bool"
        v = self.value_type(a, path)
        if a.get("multiple"):
            return "typedis::arg_range<%s>" % v
        if a.get("optional"):
            return "std::optional<%s>" % v
        return v

    def alt_type(self, c, path):
        """Alternative of a oneof with values: a small tag struct."""
        tok = token_ident(c.get("token")) if c.get("token") else None
        if c["type"] == "pure-token":
            lines = []
        elif c["type"] == "block" and not c.get("multiple"):
            mem = members_of(c["arguments"])
            lines = self.member_lines(mem, path + "_" + (tok or ident(c["name"])))
        else:
            lines = [Member(self.slot_type(c, path + "_" + (tok or ident(c["name"]))), "value", False, None,
                            syntax_one(dict(c, optional=False, token=None)))]
        generated = any(self.cmd_ns + "::" in l.type for l in lines)
        if tok and not generated and self.core_like_name(tok):
            body = tuple(lines)
            if self.collecting:
                self.tag_candidates.setdefault(tok, set()).add(body)
            elif tok in self.shareable:
                if tok not in self.shared_tags:
                    self.shared_tags[tok] = TypeDef("struct", tok, lines,
                                                    comment=syntax_one(dict(c, optional=False), True))
                return self.ns + "::" + tok
        # the token is part of the type's identity: alternatives of unrelated commands that merely
        # look alike (an empty struct, one string) are not one type
        return self.add_type(path + "_" + (tok or ident(c["name"])), "struct", lines,
                             identity=(c.get("token") or "", c["name"]), hint=tok or ident(c["name"]))

    def core_like_name(self, name):
        return name not in RESERVED_TYPEDIS and name not in KEYWORDS

    # -- encoding -----------------------------------------------------------------------------
    # The encoder decides which words a builder writes, in which order and under which condition;
    # it emits a tree of statements (dicts with an "op"; see cxx.j2's `encode` macro, which writes
    # them as C++). Expressions are the C++ names of the values (parameters, members).

    def encode_seq(self, args, expr_of, out, depth):
        """Writes the sequence `args` (top level or a block's children)."""
        for i, a in enumerate(args):
            if a["type"] == "pure-token" and not a.get("optional") and not a.get("multiple"):
                out.append({"op": "token", "text": a["token"]})
            elif a["type"] == "block" and not a.get("multiple") and not members_of(a["arguments"]) \
                    and not a.get("optional"):
                self.encode_block(a, None, out, depth)
            elif is_count(args, i):
                if i + 1 >= len(args) or not args[i + 1].get("multiple"):
                    raise ValueError("count %s: no multiple argument follows it" % a["name"])
                if a.get("token"):
                    out.append({"op": "token", "text": a["token"]})
                nxt = args[i + 1]
                try:
                    k = words_per_item(nxt) if a.get("count") == "words" else 1
                except ValueError:
                    k = None
                if k is not None:
                    out.append({"op": "size", "expr": expr_of(nxt), "times": k})
                else:
                    # elements of varying width (an optional AS alias, ASC|DESC): encoded once into a
                    # scratch writer to count their words
                    scratch = []
                    self.encode_slot({x: v for x, v in nxt.items() if x != "token"}, expr_of(nxt), scratch,
                                     depth + 1)
                    out.append({"op": "count_words", "body": scratch})
            else:
                self.encode_slot(a, expr_of(a), out, depth)

    def encode_slot(self, a, e, out, depth):
        tok = a.get("token")
        if a.get("multiple"):
            outer = out
            if a.get("optional"):
                out = []
                outer.append({"op": "if", "cond": "!%s.empty()" % e, "body": out})
            if tok is not None and not a.get("multiple_token") and a["type"] not in ("pure-token",):
                out.append({"op": "token", "text": tok})
            v = "e%d_" % depth
            body = []
            out.append({"op": "for_each", "range": e, "var": v, "body": body})
            if a["type"] == "pure-token":
                body.append({"op": "if_token", "cond": v, "text": tok})
            else:
                if tok is not None and a.get("multiple_token"):
                    body.append({"op": "token", "text": tok})
                elem = {k: x for k, x in a.items() if k != "token"}  # the token is written above
                self.encode_value(elem, v, body, depth + 1)
            return
        if a["type"] == "pure-token":
            out.append({"op": "if_token", "cond": e, "text": tok})
            return
        if a["type"] == "block" and not members_of(a["arguments"]):
            body = []
            out.append({"op": "if", "cond": e, "body": body})
            self.encode_block(a, None, body, depth)
            return
        if a.get("optional"):
            body = []
            out.append({"op": "if", "cond": e, "body": body})
            if tok is not None and a["type"] != "block":
                body.append({"op": "token", "text": tok})
            self.encode_value(a, "(*%s)" % e, body, depth)
            return
        if tok is not None and a["type"] != "block":
            out.append({"op": "token", "text": tok})
        self.encode_value(a, e, out, depth)

    def encode_value(self, a, e, out, depth):
        t, unit = a["type"], a.get("unit")
        if t in ("key", "string", "pattern"):
            out.append({"op": "bulk", "expr": e})
        elif t == "integer":
            out.append({"op": "integer", "expr": e, "duration": bool(unit)})
        elif t == "double":
            out.append({"op": "encode", "expr": e, "duration": bool(unit)})
        elif t == "unix-time":
            out.append({"op": "unix_time", "expr": e, "unit": "milliseconds" if unit == "milliseconds" else "seconds"})
        elif t in ("json", "custom"):
            out.append({"op": "encode", "expr": e, "duration": False})
        elif t == "oneof":
            self.encode_oneof(a, e, out, depth)
        elif t == "block":
            self.encode_block(a, e, out, depth)
        else:
            raise AssertionError(t)

    def encode_block(self, a, e, out, depth, named=False):
        if a.get("token") is not None:
            out.append({"op": "token", "text": a["token"]})
        mem = members_of(a["arguments"])
        flat = len(mem) == 1 and not mem[0].get("optional") and not named
        pair = (a.get("multiple") and not named and len(mem) == 2 and not flat and
                all(m["type"] in SCALARS and not m.get("optional") and not m.get("multiple") for m in mem))

        def expr_of(child):
            if "_expr" in child:
                return child["_expr"]
            if flat:
                return e
            if pair:
                return "%s.%s" % (e, "first" if child is mem[0] else "second")
            return "%s.%s" % (e, member_name(child))
        self.encode_seq(a["arguments"], expr_of, out, depth)

    def encode_oneof(self, a, e, out, depth):
        if enum_oneof(a):
            # the token table of an enum is named after the enum
            out.append({"op": "enum_token", "enum": a["_enum"], "expr": e})
            return
        cases = []
        for i, c in enumerate(a["_alts"]):
            x = "x%d_" % depth
            body = []
            if c["type"] == "pure-token":
                body.append({"op": "token", "text": c["token"]})
            elif c["type"] == "block" and not c.get("multiple"):
                self.encode_block(c, x, body, depth + 1, named=True)
            else:
                self.encode_slot(c, x + ".value", body, depth + 1)
            cases.append({"index": i, "var": x if _mentions(body, x) else None, "body": body})
        out.append({"op": "switch", "expr": e, "cases": cases})

    # -- one method ---------------------------------------------------------------------------
    def build_method(self, spec, m):
        base = m["name"]
        args = apply_method_args(spec["arguments"], m["args"])
        name_members(args)
        required, optional = [], []

        def collect(seq):
            """Required arguments become parameters (required blocks are flattened), optional
            ones members of the options struct; counts and required tokens are neither."""
            for i, a in enumerate(seq):
                if is_count(seq, i):
                    continue
                if a["type"] == "pure-token" and not a.get("optional"):
                    continue
                if (a["type"] == "block" and not a.get("optional") and not a.get("multiple")):
                    if members_of(a["arguments"]):
                        collect(a["arguments"])
                    continue
                (optional if a.get("optional") else required).append(a)
        collect(args)
        params, opt_members = [], []
        used = set()
        for a in required:
            pname = ident(a["name"])
            while pname in used or pname in ("options", "w_"):
                pname += "_"
            used.add(pname)
            a["_expr"] = pname
            ty = self.slot_type(a, base + "_" + ident(a["name"]))
            if a["type"] in ("json", "custom") and not a.get("multiple"):
                ty = "const %s&" % ty  # owning or large: not copied into the call
            elif spec.get("module") and self.is_class_type(ty):
                # module builders are declared where their types are only forward-declared
                # (<group>_decl.hpp): class types go by reference
                ty = "const %s&" % ty
            params.append((ty, pname))
        name_options(optional)
        for a in optional:
            a["_expr"] = "options." + member_name(a)
        options_type = None
        if optional:
            lines = self.member_lines(optional, base)
            options_type = self.add_type(base + "_options", "struct", lines, options_of=base)
        body = []
        self.encode_seq(args, lambda a: a.get("_expr", "?"), body, 0)
        reply_cxx, curated = self.reply_type(spec, m)
        info_name = base + "_info"
        return {
            "name": base,
            "mixin_name": base + "_" if base in RESERVED_MIXIN else base,
            "params": params,
            "options_type": options_type,
            "body": body,
            "return_type": reply_cxx,
            "info_name": info_name,
            "full_name": full_name(spec),
            "words": ([spec["container"]] if spec.get("container") else []) + [spec["name"]],
            "flags": self.flags_of(spec, m["idempotent"]),
            "tips": spec.get("tips", {}),
            "doc": self.doc_lines(spec, m, args, curated, reply_cxx, optional, options_type),
            "deprecated": self.deprecation(spec),
            "availability": availability(spec, args),
        }

    def deprecation(self, spec):
        d = spec.get("deprecated")
        if not d:
            return None
        if d.get("replaced_by"):
            return "use %s (deprecated since %s)" % (" or ".join(d["replaced_by"]), d["since"])
        return "deprecated since %s" % d["since"]

    def doc_lines(self, spec, m, args, curated, reply_cxx, optional=(), options_type=None):
        """The doc comment of a builder and of its method, in doxygen's form (docs/api/): the grammar
        as a code span, then since, complexity, ACL categories, the options and the other forms
        of the same command. `@` is escaped where doxygen would read a command."""
        name = " ".join(([spec["container"]] if spec.get("container") else []) + [spec["name"]])
        lines = ["`%s`" % (name + " " + syntax(args)).strip(), ""]
        since = spec["since"]
        for srv, ver in sorted(spec.get("since_by_server", {}).items()):
            since += " (%s %s)" % (srv, ver)
        lines.append("@since " + since)
        if spec.get("servers"):
            lines.append("@note Only on " + " and ".join(spec["servers"]) + ".")
        if spec.get("arity_by_server"):
            lines.append("@note Arity %d; %s." % (spec["arity"], ", ".join("%s %d" % kv for kv in sorted(spec["arity_by_server"].items()))))
        if spec.get("complexity"):
            lines += ["@par Complexity", doc_text(spec["complexity"])]
        if spec["acl_categories"]:
            lines += ["@par ACL categories", " ".join("\\@" + c for c in spec["acl_categories"])]
        if optional and options_type:
            lines.append("@par Options (%s)" % options_type)
            for a in optional:
                member = "- `%s`: `%s`" % (ident(a["name"]), syntax_one(a))
                if a.get("since"):
                    member += " (since %s)" % a["since"]
                lines.append(member)
        others = [x for x in spec.get("methods") or [] if x["name"] != m["name"]]
        if others:
            lines.append("@par Other forms of %s" % name)
            for x in others:
                other_args = apply_method_args(spec["arguments"], x.get("args", {}))
                lines.append("- %s(): `%s`" % (x["name"], (name + " " + syntax(other_args)).strip()))
        # Arguments that only one family (or only newer versions of it) accepts.
        for note in server_notes(args):
            lines.append("@note " + doc_text(note))
        if not curated:
            lines.append("@note Reply not curated yet: returned as typedis::resp::value.")
        if spec.get("syscmd"):
            lines.append("@note Internal command (replication/cluster bus), not meant for applications.")
        if self.core:
            lines.append("@ingroup commands_" + spec["group"])
        return lines

    # -- replies ------------------------------------------------------------------------------
    def reply_type(self, spec, m):
        if not spec.get("curated"):
            return "typedis::resp::value", False
        return self.shape_type(m["reply"]["resp3"], m["reply"]["resp2"]), True

    def shape_type(self, s, s2=None):
        if isinstance(s, str):
            s = {"type": s}
        if s2 is not None and isinstance(s2, str):
            s2 = {"type": s2}
        t = s["type"]
        simple = {"ok": "typedis::ok", "status": "std::string", "string": "std::string", "integer": "long long",
                  "bool": "bool", "double": "double", "null": "typedis::ignore_t", "any": "typedis::resp::value",
                  "json": "nlohmann::json"}
        if t in simple:
            return simple[t]

        def sub(key):
            return s2.get(key) if isinstance(s2, dict) and s2.get("type") == t else None
        if t == "nullable":
            inner = self.shape_type(s["of"], sub("of"))
            return inner if inner.startswith("std::optional<") else "std::optional<%s>" % inner
        if t == "array":
            return "std::vector<%s>" % self.shape_type(s["of"], sub("of"))
        if t == "set":
            inner = self.shape_type(s["of"], sub("of"))
            if inner in ("std::string", "long long", "double"):
                return "std::unordered_set<%s>" % inner
            return "std::vector<%s>" % inner
        if t == "map":
            k = self.shape_type(s["key"], sub("key"))
            v = self.shape_type(s["value"], sub("value"))
            if k in ("std::string", "long long", "double"):
                return "std::unordered_map<%s, %s>" % (k, v)
            return "std::vector<std::pair<%s, %s>>" % (k, v)
        if t == "tuple":
            items = [self.shape_type(x) for x in s["items"]]
            if len(items) == 2:
                return "std::pair<%s>" % ", ".join(items)
            return "std::tuple<%s>" % ", ".join(items)
        if t == "variant":
            alts = []
            for x in s["of"]:
                c = self.shape_type(x)
                if c not in alts:
                    alts.append(c)
            return alts[0] if len(alts) == 1 else "std::variant<%s>" % ", ".join(alts)
        if t == "struct":
            return self.reply_struct(s)
        if t == "custom":
            return self.custom_type(s["name"], argument=False)
        raise AssertionError(t)

    def reply_struct(self, s):
        name = ident(s["name"])
        fields = []
        for f in s["fields"]:
            ty = self.shape_type(f["type"])
            if f.get("optional") and not ty.startswith("std::optional<") and not f.get("rest"):
                ty = "std::optional<%s>" % ty
            fields.append({"name": ident(f["name"]), "key": f.get("key", f["name"]), "type": ty,
                           "optional": bool(f.get("optional")), "present_if": f.get("present_if"),
                           "rest": bool(f.get("rest")), "since": f.get("since"),
                           "wire": wire_mask(f["type"])})
        entry = {"name": name, "form": s["form"], "fields": fields}
        base, n = name, 2
        while name in self.reply_structs and self.reply_structs[name]["fields"] != fields:
            name = "%s_%d" % (base, n)
            n += 1
            entry["name"] = name
        if name not in self.reply_structs:
            self.reply_structs[name] = entry
            self.reply_struct_order.append(name)
        return self.reply_ns + "::" + name


WIRE = {"string": ["bulk_string", "simple_string", "verbatim_string"], "status": ["simple_string", "bulk_string"],
        "ok": ["simple_string"], "integer": ["integer"], "bool": ["boolean", "integer"],
        "double": ["double_type", "bulk_string"], "null": ["null"],
        "array": ["array", "set"], "set": ["set", "array"], "tuple": ["array"], "map": ["map", "array"],
        "json": []}


def wire_mask(shape):
    if isinstance(shape, str):
        shape = {"type": shape}
    t = shape["type"]
    if t == "nullable":
        return sorted(set(wire_mask(shape["of"]) + ["null"]))
    if t == "struct":
        return ["map", "array"] if shape["form"] == "map" else ["array"]
    if t in ("any", "variant", "custom"):
        return []
    return WIRE[t]


def cxx_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def resp_bulk(s):
    """A fixed word (a command's name, an option's token) already encoded as a RESP bulk string, as a
    C++ literal for resp::writer::token: the writer then copies it instead of encoding it per call."""
    data = s.encode("utf-8")
    return cxx_string("$%d" % len(data))[:-1] + "\\r\\n" + cxx_string(s)[1:-1] + '\\r\\n"'


def _mentions(ops, name):
    """Whether a statement tree mentions `name` (so a switch case binds its alternative)."""
    if isinstance(ops, str):
        return name in ops
    if isinstance(ops, dict):
        return any(_mentions(v, name) for v in ops.values())
    if isinstance(ops, list):
        return any(_mentions(v, name) for v in ops)
    return False


# ---- reply struct decoders ----------------------------------------------------------------------

def plan_struct_decoder(s):
    """How each field of a reply struct is decoded (replies.cpp.j2 writes it). Map form: required
    fields get a `seen` slot (checked after the loop). Array form, by position: `rest` takes what
    is left, `if_wire` is decoded when the next element has one of the field's wire types,
    `if_present` when there is a next element, `required` must be there."""
    required = [f for f in s["fields"] if not f["optional"]]
    s["required"] = required
    for f in s["fields"]:
        f["seen"] = required.index(f) if f in required else None
        if f["rest"]:
            f["array"] = "rest"
        elif f["present_if"] and f["wire"]:
            f["array"] = "if_wire"
        elif f["optional"] or f["present_if"]:
            f["array"] = "if_present"
        else:
            f["array"] = "required"


# ---- rendering ----------------------------------------------------------------------------------

def _env(template_dir):
    import jinja2
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(template_dir), trim_blocks=True,
                             lstrip_blocks=True, keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
                             autoescape=False)
    env.filters["cxx_string"] = cxx_string
    env.filters["resp_bulk"] = resp_bulk
    return env


def render(gen, template_dir):
    """{relative path: text} for everything the generator writes."""
    env = _env(template_dir)
    ns = gen.ns
    prefix = ns.replace("::", "/") + "/generated"
    files = {}
    common = {"ns": ns, "cmd_ns": gen.cmd_ns, "reply_ns": gen.reply_ns, "include_prefix": prefix, "core": gen.core}
    all_methods = []
    module_groups = {g for g, cmds in gen.groups.items() if any(c["spec"].get("module") for c in cmds)}
    # typedis.hpp includes only the declarations of its own module groups (compile time); a user's
    # namespace has no umbrella header, so its commands.hpp (and the mixin) define every type:
    # {.path = "$"} must work with <ns/generated/command_methods.hpp> alone
    declared_only = module_groups if gen.core else set()
    for group, cmds in sorted(gen.groups.items()):
        for c in cmds:
            for m in c["methods"]:
                m["key_specs"] = c["info"]["keys"]
                m["request_policy"] = m["tips"].get("request_policy")
                m["response_policy"] = m["tips"].get("response_policy")
                all_methods.append(m)
        needs_replies = any(gen.reply_ns + "::" in m["return_type"] for c in cmds for m in c["methods"])
        needs = gen.group_needs.get(group, {})
        ctx = dict(common, group=group, deps=sorted(gen.group_deps.get(group, ())), commands=[{"full_name": full_name(c["spec"]), "types": c["types"],
                                                    "methods": c["methods"]} for c in cmds],
                   needs_replies=needs_replies,
                   needs_json=needs.get("json", False) or any("nlohmann::json" in m["return_type"]
                                                               for c in cmds for m in c["methods"]),
                   custom_args=sorted("%s/%s/%s.hpp" % (ns.replace("::", "/"), g, n)
                                      for g, n in needs.get("custom_args", ())),
                   custom_replies=sorted(needs.get("custom_replies", ())),
                   has_decl=group in declared_only)
        files["include/%s/%s.hpp" % (prefix, group)] = env.get_template("group.hpp.j2").render(ctx)
        if group in declared_only:
            # what typedis.hpp includes of a module group: declarations only (compile time)
            decl = dict(ctx,
                        deps=[d + "_decl" if d in declared_only else d for d in ctx["deps"]],
                        custom_types=sorted(set(needs.get("custom_args", ())) | set(needs.get("custom_replies", ()))),
                        reply_structs=sorted({n for c in cmds for m in c["methods"]
                                              for n in re.findall(re.escape(gen.reply_ns) + r"::(\w+)", m["return_type"])}))
            files["include/%s/%s_decl.hpp" % (prefix, group)] = env.get_template("group_decl.hpp.j2").render(decl)
        files["src/%s.cpp" % group] = env.get_template("group.cpp.j2").render(ctx)
    tags = [gen.shared_tags[k] for k in sorted(gen.shared_tags)]
    files["include/%s/tags.hpp" % prefix] = env.get_template("tags.hpp.j2").render(dict(common, tags=tags))
    structs = [gen.reply_structs[n] for n in gen.reply_struct_order]
    for s in structs:
        plan_struct_decoder(s)
    if structs:
        files["include/%s/replies.hpp" % prefix] = env.get_template("replies.hpp.j2").render(dict(common, structs=structs))
        files["src/replies.cpp"] = env.get_template("replies.cpp.j2").render(dict(common, structs=structs))
    files["include/%s/commands.hpp" % prefix] = env.get_template("commands.hpp.j2").render(
        dict(common, groups=[g + "_decl" if g in declared_only else g for g in sorted(gen.groups)],
             count=len(all_methods),
             what="Every typed command builder" + (" (module groups declared only; <typedis/modules.hpp> defines them)"
                                                   if declared_only else "")))
    if module_groups:
        files["include/%s/modules.hpp" % prefix] = env.get_template("commands.hpp.j2").render(
            dict(common, groups=sorted(module_groups), what="The module command builders with their option types",
                 count=sum(len(c["methods"]) for g in module_groups for c in gen.groups[g])))
    files.update(render_mixins(gen, env, common, declared_only))
    if gen.core:
        files["include/typedis/generated/support.hpp"] = env.get_template("support.hpp.j2").render(common)
        files["src/support.cpp"] = env.get_template("support.cpp.j2").render(common)
    return files


def render_mixins(gen, env, common, declared_only):
    """The command mixins (docs/generated-api.md, "Executors"). For typedis: one per group
    (<typedis/commands/<group>.hpp>, typedis::<group>_commands), core_commands, module_commands
    and all_commands (<typedis/generated/command_methods.hpp>), and connection_state_commands
    (the commands flagged `connection_state: pinned`, only on pinned connections). For a user
    namespace: <ns>::commands in <ns/generated/command_methods.hpp> (+ connection_state_commands
    when its spec has such commands). A command flagged connection_state is in no other mixin.

    Each of these has an asynchronous form, for an executor that
    provides async_execute(command, token): typedis::async_<group>_commands
    (<typedis/async_commands/<group>.hpp>), async_core_commands, async_module_commands and
    async_all_commands (<typedis/generated/async_command_methods.hpp>); <ns>::async_commands
    (<ns/generated/async_command_methods.hpp>) for a user namespace; and
    async_connection_state_commands, for the asynchronous client's pinned connections."""
    ns = gen.ns
    root = ns.replace("::", "/")
    prefix = root + "/generated"
    files = {}
    tpl = env.get_template("command_methods.hpp.j2")
    async_tpl = env.get_template("async_command_methods.hpp.j2")

    def methods_of(group, state):
        out = []
        for c in gen.groups[group]:
            where = c["spec"].get("connection_state")
            if (where == "pinned") if state else (where is None):
                for m in c["methods"]:
                    # the options type is incomplete where the mixin is declared (<group>_decl.hpp)
                    m = dict(m, dependent_options=bool(group in declared_only and m["options_type"]))
                    out.append(m)
        return out

    def header(group):
        return "%s/%s%s.hpp" % (prefix, group, "_decl" if group in declared_only else "")

    def async_mixin(class_name, sync_class, ms, includes, what):
        """The asynchronous form of the mixin sync_class (methods ms): the same methods with the same
        parameters, then a completion token (the last parameter), each calling
        Executor::async_execute. A method with an options struct gets two overloads: without it
        (the builder's default options) and with it (no default, so the two never compete)."""
        methods = []
        for m in ms:
            names = {n for _, n in m["params"]}
            token = "token"
            while token in names:
                token += "_"
            overloads = [{"options": False, "dependent_default": m["dependent_options"]}]
            if m["options_type"]:
                overloads.append({"options": True, "dependent_default": False})
            methods.append(dict(m, token=token, overloads=overloads,
                                sync_method="%s::%s::%s()" % (ns, sync_class, m["mixin_name"])))
        return async_tpl.render(dict(
            common, class_name=class_name, sync_class=sync_class, methods=methods, count=len(ms),
            includes=includes, what=what,
            # typedis::detail::dependent, for the default options of a module group's method
            needs_mixins=any(m["dependent_options"] for m in ms),
            # the one-field hset(key, field, value, token) of the synchronous mixin's hset
            one_field_hset=any(m["mixin_name"] == "hset" for m in ms)))

    groups = sorted(gen.groups)
    state_methods, state_headers = [], []
    for g in groups:
        ms = methods_of(g, True)
        if ms:
            state_methods += ms
            state_headers.append(header(g))
    if gen.core:
        module_groups = declared_only  # for typedis: every module group is declared only
        core_groups = [g for g in groups if g not in module_groups]
        for g in groups:
            ms = methods_of(g, False)
            files["include/%s/commands/%s.hpp" % (root, g)] = tpl.render(
                dict(common, class_name=g + "_commands", methods=ms, count=len(ms), bases=[],
                     includes=[header(g)], what="the commands of group %s" % g))
            files["include/%s/async_commands/%s.hpp" % (root, g)] = async_mixin(
                "async_%s_commands" % g, g + "_commands", ms, [header(g)], "the commands of group %s" % g)
        agg = []
        for name, members, what in (("core_commands", core_groups, "every core command group"),
                                    ("module_commands", sorted(module_groups), "every module command group"),
                                    ("all_commands", ["core", "module"], "every command group (core and modules)")):
            agg.append(dict(name=name, bases=[m + "_commands" for m in members], what=what))
        files["include/%s/command_methods.hpp" % prefix] = env.get_template("all_commands.hpp.j2").render(
            dict(common, aggregates=agg, includes=["%s/commands/%s.hpp" % (root, g) for g in groups],
                 count=sum(len(methods_of(g, False)) for g in groups)))
        files["include/%s/async_command_methods.hpp" % prefix] = env.get_template("async_all_commands.hpp.j2").render(
            dict(common, aggregates=[dict(a, name="async_" + a["name"], sync=a["name"],
                                          bases=["async_" + b for b in a["bases"]]) for a in agg],
                 includes=["%s/async_commands/%s.hpp" % (root, g) for g in groups],
                 count=sum(len(methods_of(g, False)) for g in groups)))
    else:
        ms = [m for g in groups for m in methods_of(g, False)]
        files["include/%s/command_methods.hpp" % prefix] = tpl.render(
            dict(common, class_name="commands", methods=ms, count=len(ms), bases=[],
                 includes=["%s/commands.hpp" % prefix], what="every command of this extension",
                 alias="command_methods"))
        files["include/%s/async_command_methods.hpp" % prefix] = async_mixin(
            "async_commands", "commands", ms, ["%s/commands.hpp" % prefix], "every command of this extension")
    if state_methods or gen.core:
        files["include/%s/connection_state_commands.hpp" % prefix] = tpl.render(
            dict(common, class_name="connection_state_commands", methods=state_methods, count=len(state_methods),
                 bases=[], includes=state_headers,
                 what="the commands that change a connection's state (spec: connection_state pinned); "
                      "methods of pinned connections only"))
        files["include/%s/async_connection_state_commands.hpp" % prefix] = async_mixin(
            "async_connection_state_commands", "connection_state_commands", state_methods, state_headers,
            "the commands that change a connection's state; methods of async pinned connections only")
    return files


def write_tree(files, out_dir):
    """Writes the files (only those whose content changed) and removes stale generated files."""
    out_dir = os.path.abspath(out_dir)
    wanted = {os.path.join(out_dir, p) for p in files}
    for rel, text in sorted(files.items()):
        path = os.path.join(out_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        try:
            with open(path, encoding="utf-8") as fh:
                if fh.read() == text:
                    continue
        except OSError:
            pass
        with open(path, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
    for dirpath, _, filenames in os.walk(out_dir):
        for f in filenames:
            p = os.path.join(dirpath, f)
            if p not in wanted and (f.endswith(".hpp") or f.endswith(".cpp")):
                os.remove(p)


def generate(spec_root, out_dir, namespace="typedis", template_dir=None, schema=None):
    if template_dir is None:
        template_dir = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "templates")
    specs = load_specs(spec_root, schema)
    gen = Generator(specs, namespace=namespace, core=(namespace == "typedis")).run()
    files = render(gen, template_dir)
    write_tree(files, out_dir)
    return gen, files
