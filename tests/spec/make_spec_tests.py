#!/usr/bin/env python3
"""Writes gtest sources that check the generated builders and reply decoders against the spec.

    make_spec_tests.py --spec commands-spec --out DIR [--shards N] [--reply-shards M] [--report]

Reads commands-spec/core/**.json on its own and writes DIR/spec_builders_<i>.cpp and
DIR/spec_replies_<j>.cpp (several files, so that a 2-core build compiles them side by side; the
reply tests instantiate the most templates). Of codegen/ it uses only the naming rules (typedis_codegen.generator: ident,
token_ident, name_members/member_name/name_options, RESERVED_METHODS, which oneofs of tokens are
tag variants and which enums), so that the tests spell every C++ name as the generated API does;
the expected requests and reply values come from the grammar and reply shapes alone (a generator
bug must not be copied into the expected values):

* builders: for every method of every core command, a minimal call (required arguments only) and
  "full" calls that set every optional argument, choosing branch b of every oneof in call b, so
  that each optional argument, each oneof branch and each keyword of the grammar is sent by some
  call. The expected request is built here from the spec's grammar alone (tokens, order, counts,
  units): every keyword the spec lists must appear in the encoded request, in the grammar's order,
  byte-exact. Values are distinct per argument, so two arguments sent in swapped order fail too.
* replies: for every method whose reply holds a named struct, a canned RESP2 and a canned RESP3
  reply built from that protocol's shape, with a distinct value in every field (and every element
  of every container), decoded with the method's own result type; every field is checked.

What this does not catch on its own is a wrong keyword *in the spec* (the generator and this
script would agree on it): tests/codegen/test_spec_tokens_live.py compares the spec's keywords
with the ones a live server documents (COMMAND DOCS).

The C++ surface follows the naming rules of docs/generated-api.md, taken from the generator's own
functions: snake_case identifiers, options structs with one member per optional argument in grammar
order (an option that starts with a token named after it), NX/XX/GT/LT as variants of the
typedis:: tags, enums for other oneofs of pure tokens, variants of small structs for other oneofs.
Types are never named here: the C++ side finds them from the builder's own signature (param_t) and
decltype.
"""
import argparse
import copy
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "codegen"))
from typedis_codegen import generator as naming  # noqa: E402  (the naming rules only, see above)

SCALARS = ("key", "string", "pattern", "integer", "double", "unix-time")
ident = naming.ident


# Oneofs whose branches the generator maps to one C++ type (a generator defect: a variant with the
# same alternative twice cannot be built from that type, so callers cannot pick the second branch).
# Each entry is checked to still be broken, so that the list cannot go stale; any other oneof with
# shared types fails. Empty since the generator keys an alternative's type on its token too (the
# four of issue 20, ARGREP's MATCH/RE and CLIENT KILL / CLIENT SETINFO's LIB-NAME/LIB-VER, are fixed).
KNOWN_SHARED_TYPES = set()


class Skip(Exception):
    """A method this script cannot express (hand-written argument types): counted, not tested."""


def enum_value(c):
    return naming.token_ident(c.get("token")) or ident(c["name"])


def cxx_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ---- the grammar, as docs/spec-format.md defines it ------------------------------------------

def apply_method(arguments, method_args):
    """The grammar of one method: `absent` removes an argument (or a oneof's branch), `present`
    makes it required (a pure token is then always sent; a oneof becomes that branch)."""
    args = copy.deepcopy(arguments)
    for path, what in sorted(method_args.items(), key=lambda kv: -kv[0].count("/")):
        parts = path.split("/")
        siblings, node, parent = args, None, None
        for i, p in enumerate(parts):
            node = next(a for a in siblings if a["name"] == p)
            if i < len(parts) - 1:
                parent, siblings = node, node["arguments"]
        if what == "absent":
            siblings.remove(node)
        elif parent is not None and parent["type"] == "oneof":
            branch = dict(node, optional=False)
            if parent.get("token"):
                branch = {"name": parent["name"], "type": "block", "token": parent["token"], "arguments": [branch]}
            parent.clear()
            parent.update(branch)
        else:
            node["optional"] = False
    return single_branch_oneofs(args)


def single_branch_oneofs(args):
    out = []
    for a in args:
        if "arguments" in a:
            a = dict(a, arguments=single_branch_oneofs(a["arguments"]))
        if a["type"] == "oneof" and len(a["arguments"]) == 1:
            only = dict(a["arguments"][0], optional=bool(a.get("optional")))
            if a.get("multiple"):
                only["multiple"] = True
            if a.get("token"):
                only = {"name": a["name"], "type": "block", "token": a["token"], "optional": only.pop("optional"),
                        "arguments": [only]}
            a = only
        out.append(a)
    return out


def is_count(args, i):
    a = args[i]
    if a.get("count"):
        return True
    return (a["type"] == "integer" and a["name"].startswith("num") and not a.get("optional")
            and not a.get("multiple") and i + 1 < len(args) and bool(args[i + 1].get("multiple")))


def has_values(a):
    """Members of a block or the top level that hold a value (not required tokens, not counts)."""
    return bool(value_members(a["arguments"]))


def value_members(args):
    out = []
    for i, a in enumerate(args):
        if a["type"] == "pure-token" and not a.get("optional") and not a.get("multiple"):
            continue
        if is_count(args, i):
            continue
        if a["type"] == "block" and not a.get("multiple") and not has_values(a) and not a.get("optional"):
            continue
        out.append(a)
    return out


def split_params(args):
    """Required arguments (positional parameters; required blocks are flattened) and optional ones
    (members of the options struct), in grammar order."""
    required, optional = [], []

    def walk(seq):
        for i, a in enumerate(seq):
            if is_count(seq, i) or (a["type"] == "pure-token" and not a.get("optional")):
                continue
            if a["type"] == "block" and not a.get("optional") and not a.get("multiple"):
                if has_values(a):
                    walk(a["arguments"])
                continue
            (optional if a.get("optional") else required).append(a)
    walk(args)
    return required, optional


def widest(args):
    """The most branches of any oneof in the grammar."""
    n = 0
    for a in args:
        if a["type"] == "oneof":
            n = max(n, len(a["arguments"]))
        if "arguments" in a:
            n = max(n, widest(a["arguments"]))
    return n


def label(args, prefix=""):
    """Gives every argument a stable key (its path), which copies of it keep."""
    for a in args:
        a["_key"] = prefix + a["name"]
        if "arguments" in a:
            label(a["arguments"], a["_key"] + "/")
    return args


# ---- values and their expected words ----------------------------------------------------------

class Case:
    """One call: which branch every oneof takes, whether optional arguments are set, and a counter
    that makes every value distinct."""

    def __init__(self, branch, full, covered=None):
        self.branch = branch
        self.full = full
        self.n = 0
        self.keywords = set()
        # oneof (by its path in the grammar) -> branches some call of this method already took:
        # each oneof takes a branch not taken yet, so nested oneofs are covered too
        self.covered = covered if covered is not None else {}
        self.gained = False
        self.variants = set()  # (oneof key, C++ type expression) of the variants built

    def pick(self, a):
        n = len(a["arguments"])
        done = self.covered.setdefault(a["_key"], set())
        b = next((i for i in range(n) if i not in done), self.branch % n)
        if b not in done:
            self.gained = True
        done.add(b)
        return b

    def next(self):
        self.n += 1
        return self.n


def scalar(a, case):
    """(C++ expression, wire word) of one scalar value."""
    t, unit, n = a["type"], a.get("unit"), case.next()
    if t in ("key", "string", "pattern"):
        w = "%s%d" % ({"key": "k", "pattern": "p"}.get(t, "s"), n)
        return cxx_string(w), w
    if t == "integer":
        v = 100 + n
        if unit == "seconds":
            return "std::chrono::seconds{%d}" % v, str(v)
        if unit == "milliseconds":
            return "std::chrono::milliseconds{%d}" % v, str(v)
        return "%dLL" % v, str(v)
    if t == "double":
        v = n + 0.5  # exact in binary: the shortest text is "n.5"
        if unit == "seconds":
            return "std::chrono::duration<double>{%r}" % v, repr(v)
        if unit == "milliseconds":
            return "std::chrono::duration<double, std::milli>{%r}" % v, repr(v)
        return repr(v), repr(v)
    if t == "unix-time":
        if unit == "milliseconds":
            v = 1700000000000 + n
            return "epoch + std::chrono::milliseconds{%dLL}" % v, str(v)
        v = 1700000000 + n
        return "epoch + std::chrono::seconds{%dLL}" % v, str(v)
    raise Skip("argument type " + t)


def unopt(ty):
    return "unopt_t<%s>" % ty


def slot(a, ty, case):
    """An argument in its slot (parameter or member of type `ty`): (C++ expression or None when
    left out, words it sends including its token)."""
    t, tok = a["type"], a.get("token")
    if t in ("json", "custom"):
        raise Skip("hand-written argument type")
    if a.get("optional") and not case.full:
        return None, []
    if a.get("multiple"):
        elem_ty = "%s::value_type" % ty
        exprs, words = [], []
        for _ in range(2):
            if t == "pure-token":
                exprs.append("true")
                words.append(tok)
                case.keywords.add(tok)
                continue
            e, w = value(dict(a, multiple=False, optional=False, token=None), elem_ty, case, element=True)
            exprs.append(e)
            if tok is not None and a.get("multiple_token"):
                words.append(tok)
                case.keywords.add(tok)
            words.extend(w)
        if tok is not None and not a.get("multiple_token") and t != "pure-token":
            words.insert(0, tok)
            case.keywords.add(tok)
        return "%s{%s}" % (ty, ", ".join(exprs)), words
    if t == "pure-token":
        case.keywords.add(tok)
        return "true", [tok]
    if t == "block" and not has_values(a):
        return "true", block_words(a, {}, case)
    e, w = value(a, unopt(ty), case)
    if tok is not None and t != "block":
        case.keywords.add(tok)
        w = [tok] + w
    return e, w


def value(a, ty, case, element=False):
    """One value of argument `a` (its token not included unless a block's), `ty` its C++ type."""
    t = a["type"]
    if t in SCALARS:
        e, w = scalar(a, case)
        return e, [w]
    if t == "oneof":
        b = case.pick(a)
        c = a["arguments"][b]
        if naming.enum_oneof(a):
            case.keywords.add(c["token"])
            return "%s::%s" % (ty, enum_value(c)), [c["token"]]
        # Built by index: two branches of one oneof must not share a C++ type, but if they do
        # (see KNOWN_SHARED_TYPES), each branch's encoding is still checked.
        case.variants.add((a["_key"], ty))
        alt = "std::variant_alternative_t<%d, %s>" % (b, ty)
        made = "%s{std::in_place_index<%d>, %%s}" % (ty, b)
        if c["type"] == "pure-token":
            case.keywords.add(c["token"])
            return made % ("%s{}" % alt), [c["token"]]
        if c["type"] == "block" and not c.get("multiple"):
            inits, vals = members(value_members(c["arguments"]), alt, case)
            return made % ("%s{%s}" % (alt, inits)), block_words(c, vals, case)
        e, w = slot(dict(c, optional=False), "decltype(%s::value)" % alt, case)
        return made % ("%s{.value = %s}" % (alt, e)), w
    if t == "block":
        mem = value_members(a["arguments"])
        if len(mem) == 1 and not mem[0].get("optional"):
            e, w = slot(mem[0], ty, case)
            return e, block_words(a, {id(mem[0]): w}, case)
        if element and len(mem) == 2 and all(m["type"] in SCALARS and not m.get("optional")
                                              and not m.get("multiple") for m in mem):
            (e1, w1), (e2, w2) = scalar(mem[0], case), scalar(mem[1], case)
            return "{%s, %s}" % (e1, e2), block_words(a, {id(mem[0]): [w1], id(mem[1]): [w2]}, case)
        inits, vals = members(mem, ty, case)
        return "%s{%s}" % (ty, inits), block_words(a, vals, case)
    raise Skip("argument type " + t)


def members(mem, struct_ty, case):
    """Designated initializers of a struct's members, and the words of each (by id)."""
    inits, vals = [], {}
    for m in mem:
        e, w = slot(m, "decltype(%s::%s)" % (struct_ty, naming.member_name(m)), case)
        vals[id(m)] = w
        if e is not None:
            inits.append(".%s = %s" % (naming.member_name(m), e))
    return ", ".join(inits), vals


def block_words(a, vals, case):
    words = []
    if a.get("token") is not None:
        words.append(a["token"])
        case.keywords.add(a["token"])
    words.extend(sequence_words(a["arguments"], vals, case))
    return words


def sequence_words(args, vals, case):
    """Words of a sequence (top level or a block's children), given each value's words by id."""
    words = []
    for i, a in enumerate(args):
        if a["type"] == "pure-token" and not a.get("optional") and not a.get("multiple"):
            words.append(a["token"])
            case.keywords.add(a["token"])
        elif a["type"] == "block" and not a.get("multiple") and not a.get("optional") and not has_values(a):
            words.extend(block_words(a, vals, case))
        elif is_count(args, i):
            if a.get("token"):
                words.append(a["token"])
                case.keywords.add(a["token"])
            nxt = args[i + 1]
            sent = vals.get(id(nxt), [])
            if nxt.get("token") is not None and not nxt.get("multiple_token") and sent and nxt["type"] != "pure-token":
                sent = sent[1:]  # the multiple's own token is not one of its items
            items = 2 if sent else 0
            count = len(sent) if a.get("count") == "words" else items
            words.append(str(count))
        elif a["type"] == "block" and not a.get("multiple") and not a.get("optional"):
            words.extend(block_words(a, vals, case))
        else:
            words.extend(vals.get(id(a), []))
    return words


def resp_request(words):
    out = "*%d\r\n" % len(words)
    for w in words:
        b = w.encode()
        out += "$%d\r\n%s\r\n" % (len(b), w)
    return out


def cxx_bytes(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r").replace("\n", "\\n") + '"'


def method_name(spec, m):
    if m is None:
        words = ([spec["container"]] if spec.get("container") else []) + [spec["name"]]
        name = ident("_".join(words))
    else:
        name = ident(m["name"])
    return name + "_" if name in naming.RESERVED_METHODS else name


def methods_of(spec):
    if "methods" not in spec:
        return [(method_name(spec, None), {}, spec.get("reply"))]
    return [(method_name(spec, m), m.get("args", {}), m["reply"]) for m in spec["methods"]]


def builder_call(spec, fn, args, case):
    """(C++ call expression, expected request) of one case."""
    required, optional = split_params(args)
    params, vals = [], {}

    def fill(seq):
        for i, a in enumerate(seq):
            if is_count(seq, i) or (a["type"] == "pure-token" and not a.get("optional")):
                continue
            if a["type"] == "block" and not a.get("optional") and not a.get("multiple"):
                if has_values(a):
                    fill(a["arguments"])
                continue
            if a.get("optional"):
                ty = "decltype(%s::%s)" % (options_ty, naming.member_name(a))
                e, w = slot(a, ty, case)
                vals[id(a)] = w
                if e is not None:
                    opt_inits.append(".%s = %s" % (naming.member_name(a), e))
            else:
                ty = "param_t<&typedis::cmd::%s, %d>" % (fn, len(params))
                e, w = slot(a, ty, case)
                vals[id(a)] = w
                params.append(e)
    options_ty = "param_t<&typedis::cmd::%s, %d>" % (fn, len(required))
    opt_inits = []
    fill(args)
    if opt_inits:
        params.append("%s{%s}" % (options_ty, ", ".join(opt_inits)))
    words = ([spec["container"]] if spec.get("container") else []) + [spec["name"]]
    words += sequence_words(args, vals, case)
    return "typedis::cmd::%s(%s)" % (fn, ", ".join(params)), resp_request(words)


def grammar_tokens(args):
    out = set()
    for a in args:
        if a.get("token"):
            out.add(a["token"])
        if "arguments" in a:
            out |= grammar_tokens(a["arguments"])
    return out


# ---- replies ------------------------------------------------------------------------------------

SIMPLE = {"string", "status", "integer"}


def norm(s):
    return {"type": s} if isinstance(s, str) else s


def cxx_scalar(s):
    t = norm(s)["type"]
    return {"string": "str", "status": "str", "integer": "int", "double": "dbl"}.get(t)


def has_struct(s):
    s = norm(s)
    if s["type"] == "struct":
        return True
    return any(has_struct(x) for x in children(s))


def children(s):
    t = s["type"]
    if t in ("nullable", "array", "set"):
        return [s["of"]]
    if t == "map":
        return [s["key"], s["value"]]
    if t == "tuple":
        return s["items"]
    if t == "variant":
        return s["of"][:1]
    if t == "struct":
        return [f["type"] for f in s["fields"]]
    return []


def type_key(s):
    """Equality of the C++ types two shapes map to (for variant alternatives that coincide)."""
    s = norm(s)
    t = s["type"]
    if t in ("string", "status"):
        return "string"
    if t == "nullable":
        inner = type_key(s["of"])
        return inner if inner.startswith("opt:") else "opt:" + inner
    if t == "struct":
        return "struct:" + s["name"]
    if t == "variant":
        alts = []
        for x in s["of"]:
            k = type_key(x)
            if k not in alts:
                alts.append(k)
        return alts[0] if len(alts) == 1 else "variant(%s)" % ",".join(alts)
    return t + "(" + ",".join(type_key(c) for c in children(s)) + ")" if children(s) else t


class Reply:
    def __init__(self, protocol):
        self.protocol = protocol
        self.n = 0
        self.fields = 0
        self.structs = set()

    def next(self):
        self.n += 1
        return self.n


def bulk(text):
    return "$%d\r\n%s\r\n" % (len(text.encode()), text)


def canned(s, expr, r, out, optional=False):
    """Wire bytes of shape `s` with distinct values, appending to `out` the C++ checks of `expr`
    (the decoded value; `optional`: its C++ type is a std::optional)."""
    s = norm(s)
    t = s["type"]
    if optional or t == "nullable":
        out.append("ASSERT_TRUE((%s).has_value());" % expr)
        expr = "(*(%s))" % expr
        if t == "nullable":
            inner = norm(s["of"])
            while inner["type"] == "nullable":
                inner = norm(inner["of"])
            return canned(inner, expr, r, out)
    n = r.next()
    if t == "ok":
        return "+OK\r\n"
    if t == "null":
        return "_\r\n" if r.protocol == 3 else "$-1\r\n"
    if t == "status":
        v = s["values"][n % len(s["values"])] if s.get("values") else "st%d" % n
        out.append("EXPECT_EQ(%s, %s);" % (expr, cxx_string(v)))
        return "+%s\r\n" % v
    if t == "string":
        v = "v%d" % n
        out.append("EXPECT_EQ(%s, %s);" % (expr, cxx_string(v)))
        return bulk(v)
    if t == "integer":
        v = s["values"][n % len(s["values"])] if s.get("values") else 1000 + n
        out.append("EXPECT_EQ(%s, %dLL);" % (expr, v))
        return ":%d\r\n" % v
    if t == "bool":
        v = n % 2 == 1
        out.append("EXPECT_EQ(%s, %s);" % (expr, "true" if v else "false"))
        if r.protocol == 3:
            return "#%s\r\n" % ("t" if v else "f")
        return ":%d\r\n" % (1 if v else 0)
    if t == "double":
        v = n + 0.25
        out.append("EXPECT_EQ(%s, %r);" % (expr, v))
        if r.protocol == 3 and s.get("encoding") != "string":
            return ",%r\r\n" % v
        return bulk(repr(v))
    if t == "any":
        v = 5000 + n
        out.append("EXPECT_EQ((%s).integer, %d);" % (expr, v))
        return ":%d\r\n" % v
    if t in ("array", "set"):
        inner = norm(s["of"])
        scalar_set = t == "set" and cxx_scalar(inner) is not None
        if s.get("flat") and inner["type"] == "tuple":
            body, count = "", 0
            out.append("ASSERT_EQ((%s).size(), 2u);" % expr)
            for i in range(2):
                for j, item in enumerate(inner["items"]):
                    body += canned(item, "std::get<%d>((%s)[%d])" % (j, expr, i), r, out)
                    count += 1
            return "*%d\r\n%s" % (count, body)
        head = "~" if t == "set" and r.protocol == 3 else "*"
        out.append("ASSERT_EQ((%s).size(), 2u);" % expr)
        body = ""
        for i in range(2):
            if scalar_set:
                probe = []
                body += canned(inner, "x", r, probe)
                want = probe[-1][len("EXPECT_EQ(x, "):-2]
                out.append("EXPECT_EQ((%s).count(%s), 1u);" % (expr, want))
            else:
                body += canned(inner, "(%s)[%d]" % (expr, i), r, out)
        return "%s2\r\n%s" % (head, body)
    if t == "map":
        key, val = norm(s["key"]), norm(s["value"])
        keyed = cxx_scalar(key) is not None
        out.append("ASSERT_EQ((%s).size(), 2u);" % expr)
        body = ""
        for i in range(2):
            probe = []
            kbytes = canned(key, "x", r, probe)
            if keyed:
                want = probe[-1][len("EXPECT_EQ(x, "):-2]
                vexpr = "(%s).at(%s)" % (expr, want)
            else:
                out.extend(l.replace("x", "(%s)[%d].first" % (expr, i), 1) if l.startswith("EXPECT_EQ(x,") else l
                           for l in probe)
                vexpr = "(%s)[%d].second" % (expr, i)
            vbytes = canned(val, vexpr, r, out)
            body += ("*2\r\n" + kbytes + vbytes) if s.get("pairs") else kbytes + vbytes
        if s.get("pairs"):
            return "*2\r\n" + body
        return ("%2\r\n" if r.protocol == 3 else "*4\r\n") + body
    if t == "tuple":
        body = ""
        for j, item in enumerate(s["items"]):
            body += canned(item, "std::get<%d>(%s)" % (j, expr), r, out)
        return "*%d\r\n%s" % (len(s["items"]), body)
    if t == "variant":
        if len({type_key(x) for x in s["of"]}) > 1:
            out.append("ASSERT_EQ((%s).index(), 0u);" % expr)
            expr = "std::get<0>(%s)" % expr
        r.n -= 1
        return canned(s["of"][0], expr, r, out)
    if t == "struct":
        r.structs.add(s["name"])
        body, count = "", 0
        for f in s["fields"]:
            r.fields += 1
            fexpr = "(%s).%s" % (expr, ident(f["name"]))
            ftype = norm(f["type"])
            opt = bool(f.get("optional")) and ftype["type"] != "nullable" and not f.get("rest")
            if f.get("rest"):
                out.append("ASSERT_EQ(%s.size(), 2u);" % fexpr)
                for i in range(2):
                    body += canned(ftype["of"], "%s[%d]" % (fexpr, i), r, out)
                    count += 1
                continue
            fbytes = canned(ftype, fexpr, r, out, optional=opt)
            if s["form"] == "map":
                body += bulk(f.get("key", f["name"]))
                count += 1
            body += fbytes
            count += 1
        if s["form"] == "map" and r.protocol == 3:
            return "%%%d\r\n%s" % (count // 2, body)
        return "*%d\r\n%s" % (count, body)
    raise Skip("reply shape " + t)


# ---- output ---------------------------------------------------------------------------------------

PROLOGUE = """// Generated by tests/spec/make_spec_tests.py from commands-spec/: do not edit (rebuilt with the
// tests). The expected values come from the spec's grammar and reply shapes, not from codegen/.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

#include "resp_test_support.hpp"
#include "typedis/typedis.hpp"

#if defined(__GNUC__)
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  // deprecated commands are checked too
#endif

namespace {

template <class F>
struct params_of;
template <class R, class... A>
struct params_of<R (*)(A...)> {
  using type = std::tuple<A...>;
};
// The type of parameter I of builder F, as the generated header declares it.
template <auto F, std::size_t I>
using param_t = std::remove_cvref_t<std::tuple_element_t<I, typename params_of<decltype(F)>::type>>;

template <class T>
struct unopt {
  using type = T;
};
template <class T>
struct unopt<std::optional<T>> {
  using type = T;
};
template <class T>
using unopt_t = typename unopt<std::remove_cvref_t<T>>::type;

[[maybe_unused]] const std::chrono::system_clock::time_point epoch{};

// Whether a variant's alternatives are distinct types (each branch of a oneof selectable by type).
template <class V>
struct distinct_alternatives;
template <class... T>
struct distinct_alternatives<std::variant<T...>> {
  template <class U>
  static constexpr std::size_t occurrences = (std::size_t{std::is_same_v<U, T>} + ... + 0);
  static constexpr bool value = ((occurrences<T> == 1) && ...);
};

}  // namespace
"""


def load(spec_root):
    specs = []
    for dirpath, dirnames, filenames in os.walk(os.path.join(spec_root, "core")):
        dirnames.sort()
        for f in sorted(filenames):
            if f.endswith(".json"):
                with open(os.path.join(dirpath, f)) as fh:
                    specs.append(json.load(fh))
    return specs


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--spec", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--shards", type=int, default=6, help="files of builder tests")
    ap.add_argument("--reply-shards", type=int, default=3, help="files of reply tests")
    ap.add_argument("--report", action="store_true", help="print what is covered")
    opts = ap.parse_args()
    specs = load(opts.spec)
    shards = [[] for _ in range(opts.shards)]
    replies = []
    known = set()
    stats = {"builders": 0, "calls": 0, "skipped": [], "keywords": set(), "grammar_keywords": set(),
             "pairs": set(), "grammar_pairs": set(), "structs": set(), "fields": 0, "reply_tests": 0}
    for index, spec in enumerate(specs):
        for fn, margs, reply in methods_of(spec):
            args = label(apply_method(spec.get("arguments", []), margs))
            # member names as the generator gives them: after a token, unless two would clash
            naming.name_members(args)
            naming.name_options(split_params(args)[1])
            try:
                lines = []
                calls = []
                kw = set()
                covered = {}
                variants = set()
                minimal = Case(0, False, covered)
                calls.append(builder_call(spec, fn, args, minimal))
                kw |= minimal.keywords
                variants |= minimal.variants
                idle = 0
                for b in range(256):  # full calls until a round of them takes no new oneof branch
                    case = Case(b, True, covered)
                    calls.append(builder_call(spec, fn, args, case))
                    kw |= case.keywords
                    variants |= case.variants
                    idle = 0 if case.gained else idle + 1
                    if idle > widest(args):
                        break
                seen = set()
                for call, expected in calls:
                    if (call, expected) in seen:
                        continue
                    seen.add((call, expected))
                    lines.append("  EXPECT_EQ(%s.bytes(),\n            %s);" % (call, cxx_bytes(expected)))
                for key, ty in sorted(variants):
                    if (fn, key) in KNOWN_SHARED_TYPES:
                        known.add((fn, key))
                        lines.append('  EXPECT_FALSE((distinct_alternatives<%s>::value)) << "%s %s: fixed? remove it from '
                                     'KNOWN_SHARED_TYPES in tests/spec/make_spec_tests.py";' % (ty, fn, key))
                    else:
                        lines.append('  EXPECT_TRUE((distinct_alternatives<%s>::value)) << "%s %s: two branches of the oneof '
                                     'have one C++ type, so a caller cannot choose between them";' % (ty, fn, key))
                minimal = builder_call(spec, fn, args, Case(0, False))[0]
                stats["pairs"] |= {(fn, k) for k in kw}
                stats["grammar_pairs"] |= {(fn, k) for k in grammar_tokens(args)}
            except Skip as e:
                stats["skipped"].append("%s (%s)" % (fn, e))
                continue
            stats["builders"] += 1
            stats["calls"] += len(seen)
            stats["keywords"] |= kw
            stats["grammar_keywords"] |= grammar_tokens(args)
            shards[index % opts.shards].append("TEST(spec_builders, %s) {\n%s\n}\n" % (fn, "\n".join(lines)))
            if spec.get("curated") and reply and (has_struct(reply["resp3"]) or has_struct(reply["resp2"])):
                body = ["  using result = decltype(%s)::result_type;" % minimal]
                try:
                    for proto in (2, 3):
                        r = Reply(proto)
                        checks = []
                        wire = canned(reply["resp%d" % proto], "v", r, checks)
                        body.append("  {")
                        body.append("    SCOPED_TRACE(\"RESP%d\");" % proto)
                        body.append("    const result v = typedis_test::decode_reply<result>(%s);" % cxx_bytes(wire))
                        body.extend("    " + c for c in checks)
                        body.append("  }")
                        stats["structs"] |= {(proto, n) for n in r.structs}
                        stats["fields"] += r.fields
                except Skip as e:
                    stats["skipped"].append("%s reply (%s)" % (fn, e))
                    continue
                stats["reply_tests"] += 1
                replies.append("TEST(spec_replies, %s) {\n%s\n}\n" % (fn, "\n".join(body)))
    stale = KNOWN_SHARED_TYPES - known
    if stale:
        sys.exit("KNOWN_SHARED_TYPES lists oneofs that no builder has: %s" % sorted(stale))
    os.makedirs(opts.out, exist_ok=True)
    outputs = {"spec_builders_%d.cpp" % i: PROLOGUE + "\nnamespace {\n\n" + "\n".join(tests) + "\n}  // namespace\n"
               for i, tests in enumerate(shards)}
    for i in range(opts.reply_shards):
        outputs["spec_replies_%d.cpp" % i] = (PROLOGUE + "\nnamespace {\n\n" + "\n".join(replies[i::opts.reply_shards])
                                              + "\n}  // namespace\n")
    for name, text in outputs.items():
        path = os.path.join(opts.out, name)
        old = None
        if os.path.exists(path):
            with open(path) as fh:
                old = fh.read()
        if old != text:  # unchanged files keep their time stamp: nothing recompiles
            with open(path, "w") as fh:
                fh.write(text)
    if opts.report:
        missing = sorted(stats["grammar_keywords"] - stats["keywords"])
        print("builders: %d methods, %d distinct calls checked byte-exact" % (stats["builders"], stats["calls"]))
        print("keywords: %d of the %d distinct keywords of their grammars sent in some checked call%s"
              % (len(stats["keywords"] & stats["grammar_keywords"]), len(stats["grammar_keywords"]),
                 (" (missing: %s)" % " ".join(missing)) if missing else ""))
        print("keywords per builder: %d of %d (builder, keyword) pairs" % (
            len(stats["pairs"] & stats["grammar_pairs"]), len(stats["grammar_pairs"])))
        names = {n for _, n in stats["structs"]}
        print("replies: %d methods with named structs, %d distinct structs, %d field checks (RESP2 + RESP3)"
              % (stats["reply_tests"], len(names), stats["fields"]))
        if stats["skipped"]:
            print("skipped: %s" % ", ".join(stats["skipped"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
