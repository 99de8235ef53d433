#!/usr/bin/env python3
"""Opt-in check that commands-spec/ agrees with a live server (TYPEDIS_SPEC_AUDIT=1, server at
TYPEDIS_TEST_URL; scripts/test sets both for every server it starts). Exit 77 (ctest: skipped)
without it.

For every command and subcommand the server lists (COMMAND INFO, COMMAND DOCS), for the server's
family (redis or valkey, from HELLO):
  - the spec has it (or it is in NOT_IN_SPEC below, with the reason);
  - its arity equals the spec's `arity_by_server[family]`, else `arity`;
  - every argument the server documents is in the spec (matched by token, else by name, level by
    level, among the arguments the spec gives that family), with the same `optional` and
    `multiple` flags.
A core command the server lacks is reported only when the spec says the server should have it
(same family, `since` not above the server's version; not for an unstable build, which reports
255.255.255): a newer spec is fine against an older server. Module commands are compared only in
the server -> spec direction (a module's `since` is its own version, which the server does not say).
Prints every difference and exits 1 when there is one.
"""
import json
import os
import pathlib
import socket
import sys
import urllib.parse

SPEC = pathlib.Path(__file__).resolve().parents[2] / "commands-spec"

# Commands a server publishes that the spec leaves out on purpose: full name -> why.
NOT_IN_SPEC = {
    "JSON.DEBUG KEYTABLE-CORRUPT": "valkey-json test hook that corrupts the key table",
    "JSON.DEBUG KEYTABLE-CLEAR": "valkey-json test hook",
    "JSON.DEBUG TEST-SHARED-API": "valkey-json test hook",
    "JSON.DEBUG KEYTABLE-CHECK": "valkey-json key table integrity check (module internals)",
    "JSON.DEBUG KEYTABLE-DISTRIBUTION": "valkey-json key table statistics (module internals; unknown subcommand when called)",
    "FT.ADD": "removed from RediSearch 2.0 (HSET indexes documents); 2.10 keeps it for old clients",
    "FT.SAFEADD": "as FT.ADD",
    "FT.DEL": "as FT.ADD",
    "FT.GET": "as FT.ADD",
    "FT.MGET": "as FT.ADD",
    "FT.DROP": "replaced by FT.DROPINDEX",
    "FT.SYNADD": "replaced by FT.SYNUPDATE",
    "FT.CURSOR": "RediSearch 2.10 registers it without subcommands; the spec has FT.CURSOR READ/DEL",
    "FT.CONFIG": "as FT.CURSOR: the spec has FT.CONFIG GET/SET/HELP",
}
# ... and by prefix: internal and debug commands of modules.
NOT_IN_SPEC_PREFIXES = {
    "FT._": "RediSearch internal (replication, cluster coordinator)",
    "FT.DEBUG": "RediSearch debugging",
    "TIMESERIES.": "RedisTimeSeries cluster internals",
}
# Tokens a hand-written argument type sends (type "custom" in the spec, which lists no tokens):
# command -> tokens.
CUSTOM_TOKENS = {
    "VADD": {"FP32", "VALUES"},  # typedis::vectorset::vector
    "VSIM": {"FP32", "VALUES", "ELE"},  # typedis::vectorset::query
}
# The server versions the spec's core commands were taken from: arity and arguments of an older
# server may lawfully differ (ZRANK WITHSCORE came in 7.2), so against one only the command list
# is compared.
SPEC_BASELINE = {"redis": (8, 4, 0), "valkey": (9, 1, 0)}


class resp_client:
    """A minimal RESP2 client: enough for HELLO 2, COMMAND INFO and COMMAND DOCS."""

    def __init__(self, url):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname or "127.0.0.1", u.port or 6379), timeout=30)
        self.file = self.sock.makefile("rb")
        if u.password:
            self.call("AUTH", urllib.parse.unquote(u.username or "default"), urllib.parse.unquote(u.password))

    def call(self, *args):
        out = [b"*%d\r\n" % len(args)]
        for a in args:
            b = str(a).encode()
            out.append(b"$%d\r\n%s\r\n" % (len(b), b))
        self.sock.sendall(b"".join(out))
        reply = self.read()
        if isinstance(reply, RuntimeError):
            raise reply
        return reply

    def read(self):
        line = self.file.readline()
        if not line.endswith(b"\r\n"):
            raise RuntimeError("connection closed")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            return RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            data = self.file.read(n + 2)
            return data[:-2].decode(errors="replace")
        if kind == b"*":
            n = int(rest)
            return None if n < 0 else [self.read() for _ in range(n)]
        raise RuntimeError("unexpected RESP type %r" % kind)


def pairs(flat):
    return {flat[i]: flat[i + 1] for i in range(0, len(flat), 2)}


def version_tuple(v):
    out = []
    for part in str(v).split("."):
        digits = "".join(ch for ch in part if ch.isdigit())
        out.append(int(digits or 0))
    return tuple(out + [0] * (3 - len(out)))


def load_spec():
    spec = {}
    for path in SPEC.rglob("*.json"):
        if path.name == "schema.json":
            continue
        d = json.loads(path.read_text())
        full = (d["container"] + " " + d["name"]) if d.get("container") else d["name"]
        spec[full.upper()] = (d, path.relative_to(SPEC))
    return spec


def for_family(args, family):
    return [a for a in args or [] if family in a.get("servers", [family])]


def flags_of(server_arg):
    f = server_arg.get("flags") or []
    return set(f if isinstance(f, list) else [f])


def server_tokens(args, optional=False, multiple=False, out=None):
    """token -> [(optional, multiple)] over the server's COMMAND DOCS arguments: optional when the
    token's argument or one around it is (a token in an optional block is optional), multiple when
    the token's own argument repeats (ID id [id ...])."""
    out = {} if out is None else out
    for a in args or []:
        a = pairs(a) if isinstance(a, list) else a
        flags = flags_of(a)
        opt, mult = optional or "optional" in flags, multiple or "multiple" in flags
        # Non-word tokens (TimeSeries's "-", "+", "~") are values of a string argument in the spec.
        if a.get("token") and a["token"][0].isalpha():
            out.setdefault(a["token"].upper(), []).append((opt, "multiple" in flags))
        server_tokens(a.get("arguments"), opt, mult, out)
    return out


def spec_tokens(args, family, optional=False, multiple=False, out=None):
    out = {} if out is None else out
    for a in for_family(args, family):
        opt, mult = optional or bool(a.get("optional")), multiple or bool(a.get("multiple"))
        if a.get("token"):
            out.setdefault(a["token"].upper(), []).append((opt, bool(a.get("multiple"))))
        spec_tokens(a.get("arguments"), family, opt, mult, out)
    return out


def compare_arguments(name, server_args, spec_args, family, problems):
    """The spec holds the union of what the servers accept: every token the server documents must
    be in it, at least as optional and as repeatable as the server says."""
    spec = spec_tokens(spec_args, family)
    for token, uses in sorted(server_tokens(server_args).items()):
        if token in CUSTOM_TOKENS.get(name, ()):
            continue
        if token not in spec:
            problems.append("%s: the server accepts %s, the spec does not" % (name, token))
            continue
        for opt, mult in uses:
            if opt and not any(o for o, _ in spec[token]):
                problems.append("%s: %s is optional on the server, required in the spec" % (name, token))
            if mult and not any(m for _, m in spec[token]):
                problems.append("%s: %s may repeat on the server, once in the spec" % (name, token))


def main():
    if os.environ.get("TYPEDIS_SPEC_AUDIT") != "1":
        print("TYPEDIS_SPEC_AUDIT is not 1: no live server to compare the spec with (skipped)")
        return 77
    url = os.environ.get("TYPEDIS_TEST_URL")
    if not url:
        print("TYPEDIS_SPEC_AUDIT=1 needs TYPEDIS_TEST_URL")
        return 1
    r = resp_client(url)
    hello = pairs(r.call("HELLO", "2"))
    family = "valkey" if hello.get("server") == "valkey" else "redis"
    version = version_tuple(hello["version"])
    print("server: %s %s (%s)" % (hello.get("server"), hello["version"], url))
    spec = load_spec()

    server = {}  # full name -> (arity, docs)
    docs = pairs(r.call("COMMAND", "DOCS"))
    for info in r.call("COMMAND", "INFO"):
        if info is None:
            continue
        name = info[0].upper()
        d = pairs(docs.get(info[0]) or docs.get(info[0].lower()) or [])
        sub_docs = pairs(d.get("subcommands") or [])
        subs = info[9] if len(info) > 9 and info[9] else []
        if not subs:
            server[name] = (info[1], d)
        for sub in subs:
            full = sub[0].replace("|", " ").upper()
            sd = sub_docs.get(sub[0]) or sub_docs.get(sub[0].lower()) or []
            server[full] = (sub[1], pairs(sd))

    # An unstable build reports 255.255.255: its real version is unknown.
    unstable = version == (255, 255, 255)
    current = version >= SPEC_BASELINE[family]
    if not current:
        print("older than the spec's baseline %s %s: comparing the command list only"
              % (family, ".".join(map(str, SPEC_BASELINE[family]))))
    problems = []
    for name, (arity, d) in sorted(server.items()):
        if name in NOT_IN_SPEC or any(name.startswith(p) for p in NOT_IN_SPEC_PREFIXES):
            continue
        if name not in spec:
            problems.append("%s: the server has it, the spec does not" % name)
            continue
        s, path = spec[name]
        if family not in s.get("servers", [family]):
            problems.append("%s (%s): the spec says only %s have it" % (name, path, s["servers"]))
        if not current and not s.get("module"):
            continue
        want = s.get("arity_by_server", {}).get(family, s["arity"])
        # -1 from a module: it declared no arity (RediSearch 2.10), nothing to compare.
        if arity != want and not (s.get("module") and arity == -1):
            problems.append("%s (%s): arity %d on the server, %d in the spec for %s" % (name, path, arity, want, family))
        if d.get("arguments"):
            compare_arguments(name, d["arguments"], s.get("arguments"), family, problems)
    for name, (s, path) in sorted(spec.items()):
        if unstable or name in server or family not in s.get("servers", [family]) or "only_sentinel" in s.get("flags", []):
            continue
        since = s.get("since_by_server", {}).get(family, s.get("since", "0"))
        if "servers" in s and s["servers"][0] == family:
            since = s.get("since", "0")
        if s.get("module"):
            continue  # a module's `since` is the module's version, which the server does not tell
        if version_tuple(since) <= version:
            problems.append("%s (%s): the spec says %s >= %s has it, the server does not" % (name, path, family, since))

    for p in problems:
        print(p)
    print("%d commands compared, %d differences" % (len(server), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
