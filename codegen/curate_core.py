#!/usr/bin/env python3
"""Reply curation of commands-spec/core (applied once after build_core_spec.py; kept so the
decisions are reviewable and can be re-applied to a fresh import).

  python3 codegen/curate_core.py --spec commands-spec
  python3 codegen/curate_core.py --spec commands-spec --only-8x     # only the Redis 8.4-8.10 additions

For every command it either
  * applies a hand-written reply / method list from CURATED below, or
  * accepts the reply derived from the upstream reply_schema after review (REVIEWED_AS_IMPORTED,
    with the generic fixes of fix_shape applied), or
  * leaves it "curated": false with the reason in UNCURATED.
Facts only; no upstream prose.
"""
import argparse
import copy
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from typedis_codegen import convert, spec_io  # noqa: E402

# ----------------------------------------------------------------------------- shape helpers
S, I, D, B, OK, ST, ANY, NUL = "string", "integer", "double", "bool", "ok", "status", "any", "null"
DS = {"type": "double", "encoding": "string"}  # a number in a bulk string (both protocols)


def N(x):
    return {"type": "nullable", "of": x}


def A(x, flat=False):
    s = {"type": "array", "of": x}
    if flat:
        s["flat"] = True
    return s


def SET(x):
    return {"type": "set", "of": x}


def T(*xs):
    return {"type": "tuple", "items": list(xs)}


def M(k, v, pairs=False):
    s = {"type": "map", "key": k, "value": v}
    if pairs:
        s["pairs"] = True
    return s


def V(*xs):
    return {"type": "variant", "of": list(xs)}


def STATUS(*vals):
    return {"type": "status", "values": list(vals)}


def F(name, shape, key=None, optional=False, present_if=None, since=None, rest=False):
    f = {"name": name}
    if key and key != name:
        f["key"] = key
    f["type"] = shape
    if optional:
        f["optional"] = True
    if present_if:
        f["present_if"] = present_if
    if since:
        f["since"] = since
    if rest:
        f["rest"] = True
    return f


def STRUCT(name, form, *fields):
    return {"type": "struct", "name": name, "form": form, "fields": list(fields)}


def R(r3, r2=None):
    """reply: RESP2 shape by the standard rules unless given."""
    return {"resp2": r2 if r2 is not None else convert.resp2_from_resp3(r3), "resp3": r3}


def METH(name, args, reply, idempotent=None):
    m = {"name": name}
    if args:
        m["args"] = args
    if idempotent is not None:
        m["idempotent"] = idempotent
    m["reply"] = reply
    return m


def pairs_reply(first, second):
    """RESP3: array of [a, b] arrays; RESP2: the same flattened, doubles as strings."""
    return R(A(T(first, second)), A(T(convert.resp2_from_resp3(first), convert.resp2_from_resp3(second)), flat=True))


PRESENT, ABSENT = "present", "absent"
STREAM_ENTRY = T(S, A(S))            # [id, [field, value, ...]]
STREAM_ENTRY_N = T(S, N(A(S)))       # XREADGROUP: fields nil for a deleted entry

# ----------------------------------------------------------------------------- hand curation


def withscores_methods(base, arg="withscores"):
    return [METH(base, {arg: ABSENT}, R(A(S))),
            METH(base + "_" + arg, {arg: PRESENT}, pairs_reply(S, D))]


def geo_methods(base, store=None):
    entry = STRUCT("geo_search_entry", "array",
                   F("member", S),
                   F("distance", DS, optional=True, present_if="withdist"),
                   F("hash", I, optional=True, present_if="withhash"),
                   F("coordinates", T(D, D), optional=True, present_if="withcoord"))
    fixed_none = {"withcoord": ABSENT, "withdist": ABSENT, "withhash": ABSENT}
    ms = [METH(base, dict(fixed_none, **({store: ABSENT} if store else {})), R(A(S)))]
    ms.append(METH(base + "_with", {store: ABSENT} if store else None, R(A(entry))))
    if store:
        ms.append(METH(base + "_store", dict(fixed_none, **{store: PRESENT}), R(I)))
    return ms


SLOWLOG_ENTRY = STRUCT("slowlog_entry", "array",
                       F("id", I), F("timestamp", I), F("duration_us", I), F("arguments", A(S)),
                       F("client_address", S, optional=True, since="4.0.0"),
                       F("client_name", S, optional=True, since="4.0.0"))

CLUSTER_NODE = STRUCT("cluster_slots_node", "array",
                      F("ip", N(S)), F("port", I), F("id", S, optional=True),
                      F("metadata", M(S, S), optional=True, since="7.0.0"))

COMMAND_DOC = STRUCT("command_doc", "map",
                     F("summary", S, optional=True), F("since", S, optional=True), F("group", S),
                     F("complexity", S, optional=True), F("module", S, optional=True),
                     F("doc_flags", A(ST), optional=True), F("deprecated_since", S, optional=True),
                     F("replaced_by", S, optional=True), F("history", A(T(S, S)), optional=True),
                     F("arguments", A(M(S, ANY)), optional=True), F("subcommands", M(S, ANY), optional=True))

COMMAND_INFO_ENTRY = STRUCT("command_info_entry", "array",
                            F("name", S), F("arity", I), F("flags", A(ST)), F("first_key", I), F("last_key", I),
                            F("step", I), F("acl_categories", A(ST), optional=True, since="6.0.0"),
                            F("tips", A(S), optional=True, since="7.0.0"),
                            F("key_specs", A(M(S, ANY)), optional=True, since="7.0.0"),
                            F("subcommands", A(ANY), optional=True, since="7.0.0"))

ROLE = V(T(STATUS("master"), I, A(T(S, S, S))),
         T(STATUS("slave"), S, I, STATUS("none", "connect", "connecting", "sync", "connected", "handshake", "unknown"), I),
         T(STATUS("sentinel"), A(S)))

CURATED = {
    # ---- string
    "SET": [METH("set", {"get": ABSENT}, R(N(OK))),
            METH("set_get", {"get": PRESENT}, R(N(S)), idempotent=False)],
    "LCS": [METH("lcs", {"len": ABSENT, "idx": ABSENT}, R(S)),
            METH("lcs_len", {"len": PRESENT, "idx": ABSENT}, R(I)),
            METH("lcs_idx", {"len": ABSENT, "idx": PRESENT}, R(STRUCT(
                "lcs_idx_reply", "map",
                F("matches", A(STRUCT("lcs_match", "array", F("key1_range", T(I, I)), F("key2_range", T(I, I)),
                                      F("length", I, optional=True, present_if="withmatchlen")))),
                F("len", I))))],
    "INCRBYFLOAT": R(DS, DS),
    "DELEX": R(B),
    "DIGEST": R(N(S)),
    # ---- list
    "LPOP": [METH("lpop", {"count": ABSENT}, R(N(S))), METH("lpop_count", {"count": PRESENT}, R(N(A(S))))],
    "RPOP": [METH("rpop", {"count": ABSENT}, R(N(S))), METH("rpop_count", {"count": PRESENT}, R(N(A(S))))],
    "LPOS": [METH("lpos", {"num-matches": ABSENT}, R(N(I))), METH("lpos_count", {"num-matches": PRESENT}, R(A(I)))],
    "LMOVE": R(N(S)),
    "LINSERT": R(I),
    # ---- set
    "SPOP": [METH("spop", {"count": ABSENT}, R(N(S))), METH("spop_count", {"count": PRESENT}, R(SET(S)))],
    "SRANDMEMBER": [METH("srandmember", {"count": ABSENT}, R(N(S))),
                    METH("srandmember_count", {"count": PRESENT}, R(A(S)))],
    "SDIFFCARD": R(I),
    "SUNIONCARD": R(I),
    # ---- hash
    "HRANDFIELD": [METH("hrandfield", {"options": ABSENT}, R(N(S))),
                   METH("hrandfield_count", {"options": PRESENT, "options/withvalues": ABSENT}, R(A(S))),
                   METH("hrandfield_withvalues", {"options": PRESENT, "options/withvalues": PRESENT}, pairs_reply(S, S))],
    "HINCRBYFLOAT": R(DS, DS),
    "HEXPIRETIME": R(A(I)), "HPEXPIRETIME": R(A(I)), "HTTL": R(A(I)), "HPTTL": R(A(I)),
    "HKEYS": R(A(S)),
    # ---- sorted set
    "ZADD": [METH("zadd", {"increment": ABSENT}, R(I)),
             METH("zadd_incr", {"increment": PRESENT}, R(N(D)), idempotent=False)],
    "ZDIFF": withscores_methods("zdiff"), "ZINTER": withscores_methods("zinter"),
    "ZUNION": withscores_methods("zunion"), "ZRANGE": withscores_methods("zrange"),
    "ZRANGEBYSCORE": withscores_methods("zrangebyscore"), "ZREVRANGE": withscores_methods("zrevrange"),
    "ZREVRANGEBYSCORE": withscores_methods("zrevrangebyscore"),
    "ZRANGEBYLEX": R(A(S)), "ZREVRANGEBYLEX": R(A(S)),
    "ZPOPMIN": [METH("zpopmin", {"count": ABSENT}, R(A(T(S, D), flat=True), A(T(S, DS), flat=True))),
                METH("zpopmin_count", {"count": PRESENT}, pairs_reply(S, D))],
    "ZPOPMAX": [METH("zpopmax", {"count": ABSENT}, R(A(T(S, D), flat=True), A(T(S, DS), flat=True))),
                METH("zpopmax_count", {"count": PRESENT}, pairs_reply(S, D))],
    "ZRANDMEMBER": [METH("zrandmember", {"options": ABSENT}, R(N(S))),
                    METH("zrandmember_count", {"options": PRESENT, "options/withscores": ABSENT}, R(A(S))),
                    METH("zrandmember_withscores", {"options": PRESENT, "options/withscores": PRESENT}, pairs_reply(S, D))],
    "ZRANK": [METH("zrank", {"withscore": ABSENT}, R(N(I))),
              METH("zrank_withscore", {"withscore": PRESENT}, R(N(T(I, D))))],
    "ZREVRANK": [METH("zrevrank", {"withscore": ABSENT}, R(N(I))),
                 METH("zrevrank_withscore", {"withscore": PRESENT}, R(N(T(I, D))))],
    "BZMPOP": R(N(T(S, A(T(S, D))))),
    "ZMPOP": R(N(T(S, A(T(S, D))))),
    # ---- stream
    "XADD": [METH("xadd", {"nomkstream": ABSENT}, R(S)),
             METH("xadd_nomkstream", {"nomkstream": PRESENT}, R(N(S)))],
    "XAUTOCLAIM": [METH("xautoclaim", {"justid": ABSENT}, R(T(S, A(STREAM_ENTRY), A(S)))),
                   METH("xautoclaim_justid", {"justid": PRESENT}, R(T(S, A(S), A(S))))],
    "XCLAIM": [METH("xclaim", {"justid": ABSENT}, R(A(STREAM_ENTRY))),
               METH("xclaim_justid", {"justid": PRESENT}, R(A(S)))],
    "XRANGE": R(A(STREAM_ENTRY)), "XREVRANGE": R(A(STREAM_ENTRY)),
    "XREAD": R(N(M(S, A(STREAM_ENTRY))), N(M(S, A(STREAM_ENTRY), pairs=True))),
    "XREADGROUP": R(N(M(S, A(STREAM_ENTRY_N))), N(M(S, A(STREAM_ENTRY_N), pairs=True))),
    "XPENDING": [
        METH("xpending", {"filters": ABSENT}, R(STRUCT(
            "xpending_summary", "array", F("count", I), F("min_id", N(S)), F("max_id", N(S)),
            F("consumers", N(A(T(S, S))))))),
        METH("xpending_range", {"filters": PRESENT}, R(A(STRUCT(
            "xpending_entry", "array", F("id", S), F("consumer", S), F("idle_ms", I), F("delivery_count", I)))))],
    "XACKDEL": R(A(I)),
    "XDELEX": R(A(I)),
    # ---- generic
    "EXPIRETIME": R(I), "PEXPIRETIME": R(I), "TTL": R(I), "PTTL": R(I),
    "TYPE": R(ST),
    "SORT": [METH("sort", {"destination": ABSENT}, R(A(N(S)))),
             METH("sort_store", {"destination": PRESENT}, R(I))],
    "SORT_RO": R(A(N(S))),
    "WAITAOF": R(T(I, I)),
    "MIGRATE": R(STATUS("OK", "NOKEY")),
    # ---- geo
    "GEODIST": R(N(DS), N(DS)),
    "GEOPOS": R(A(N(T(D, D)))),
    "GEOSEARCH": geo_methods("geosearch"),
    "GEORADIUS": geo_methods("georadius", "store"),
    "GEORADIUSBYMEMBER": geo_methods("georadiusbymember", "store"),
    "GEORADIUS_RO": geo_methods("georadius_ro"),
    "GEORADIUSBYMEMBER_RO": geo_methods("georadiusbymember_ro"),
    # ---- bitmap
    "BITPOS": R(I),
    # ---- pubsub: not request/reply (confirmations arrive as pushes; the pub/sub runtime owns them)
    "SUBSCRIBE": R(ANY), "PSUBSCRIBE": R(ANY), "SSUBSCRIBE": R(ANY),
    "UNSUBSCRIBE": R(ANY), "PUNSUBSCRIBE": R(ANY), "SUNSUBSCRIBE": R(ANY),
    "PUBSUB CHANNELS": R(A(S)), "PUBSUB SHARDCHANNELS": R(A(S)),
    "PUBSUB NUMSUB": R(M(S, I)), "PUBSUB SHARDNUMSUB": R(M(S, I)),
    # ---- scripting: the script decides
    "EVAL": R(ANY), "EVALSHA": R(ANY), "EVAL_RO": R(ANY), "EVALSHA_RO": R(ANY), "FCALL": R(ANY), "FCALL_RO": R(ANY),
    # ---- connection
    "PING": [METH("ping", {"message": ABSENT}, R(STATUS("PONG"))),
             METH("ping_message", {"message": PRESENT}, R(S))],
    "CLIENT KILL": [METH("client_kill", {"filter/old-format": PRESENT}, R(OK)),
                    METH("client_kill_filter", {"filter/new-format": PRESENT}, R(I))],
    "CLIENT GETREDIR": R(I),
    "HELLO": R(STRUCT("hello_reply", "map", F("server", S), F("version", S), F("proto", I), F("id", I),
                      F("mode", S), F("role", S), F("modules", A(M(S, ANY))),
                      F("availability_zone", S, key="availability_zone", optional=True))),
    # ---- server
    "ACL LOG": [METH("acl_log", {"operation/reset": ABSENT}, None),  # reply filled below
                METH("acl_log_reset", {"operation/reset": PRESENT}, R(OK))],
    "ACL DRYRUN": R(V(OK, S)),
    "BGSAVE": R(ST), "BGREWRITEAOF": R(ST), "REPLICAOF": R(ST), "SLAVEOF": R(ST),
    "COMMAND DOCS": R(M(S, COMMAND_DOC)),
    "COMMAND INFO": R(A(N(COMMAND_INFO_ENTRY))),
    "COMMAND GETKEYS": R(A(S)), "COMMAND LIST": R(A(S)),
    "COMMAND GETKEYSANDFLAGS": R(A(T(S, A(ST)))),
    "SLOWLOG GET": R(A(SLOWLOG_ENTRY)),
    "COMMANDLOG GET": R(A(SLOWLOG_ENTRY)),
    "ROLE": R(ROLE),
    "TIME": R(T(S, S)),
    "DEBUG": R(ANY), "PFDEBUG": R(ANY),
    "MONITOR": R(OK), "SYNC": R(ANY), "PSYNC": R(ANY),
    "BACKUP HELP": R(A(S)), "HOTKEYS HELP": R(A(S)),
    # ---- cluster
    "CLUSTER SLOTS": R(A(STRUCT("cluster_slot_range", "array", F("start", I), F("end", I),
                                F("nodes", A(CLUSTER_NODE), rest=True)))),
    "CLUSTER BUMPEPOCH": R(ST),
    # ---- sentinel
    "SENTINEL CONFIG": [METH("sentinel_config_get", {"action/parameter": PRESENT}, R(M(S, S))),
                        METH("sentinel_config_set", {"action/set": PRESENT}, R(OK))],
    "SENTINEL DEBUG": [METH("sentinel_debug", {"data": ABSENT}, R(M(S, S))),
                       METH("sentinel_debug_set", {"data": PRESENT}, R(OK))],
    "SENTINEL INFO-CACHE": R(M(S, A(T(I, N(S))))),
    "SENTINEL SIMULATE-FAILURE": [METH("sentinel_simulate_failure", {"mode/help": ABSENT}, R(OK)),
                                  METH("sentinel_simulate_failure_help", {"mode/help": PRESENT}, R(A(S)))],
    "SENTINEL CKQUORUM": R(ST),
}

# ---- Redis 8.4 .. 8.10 commands (no reply schema in the reference data): replies from the upstream
# command files' reply_schema (redis/redis src/commands/<file>.json at the commit in SOURCE_8X), read
# through the public-source index; facts only.
ARINFO_REPLY = STRUCT("arinfo_reply", "map",
                      F("count", I), F("len", I), F("next_insert_index", I, key="next-insert-index"),
                      F("slices", I), F("directory_size", I, key="directory-size"),
                      F("super_dir_entries", I, key="super-dir-entries"), F("slice_size", I, key="slice-size"),
                      F("dense_slices", I, key="dense-slices", optional=True, present_if="full"),
                      F("sparse_slices", I, key="sparse-slices", optional=True, present_if="full"),
                      F("avg_dense_size", D, key="avg-dense-size", optional=True, present_if="full"),
                      F("avg_dense_fill", D, key="avg-dense-fill", optional=True, present_if="full"),
                      F("avg_sparse_size", D, key="avg-sparse-size", optional=True, present_if="full"))
BACKUP_STATUS_REPLY = STRUCT("backup_status_reply", "map",
                             F("state", {"type": "string", "values": ["idle", "pending", "snapshotting",
                                                                     "incrementing", "sealed", "failed"]}),
                             F("error", S, optional=True), F("start_time", I, optional=True),
                             F("end_time", I, optional=True))
CLUSTER_MIGRATION_TASK = STRUCT("cluster_migration_task", "map",
                                *[F(n, t, optional=True) for n, t in (
                                    ("id", S), ("slots", S), ("source", S), ("dest", S), ("operation", S),
                                    ("state", S), ("last_error", S), ("retries", I), ("create_time", I),
                                    ("start_time", I), ("end_time", I), ("write_pause_ms", I))])
AROP_INT_OPS = ("and", "or", "xor", "match", "used")

CURATED_8X = {
    # ---- array (8.8)
    "ARCOUNT": R(I), "ARLEN": R(I), "ARDEL": R(I), "ARDELRANGE": R(I), "ARINSERT": R(I), "ARRING": R(I),
    "ARMSET": R(I), "ARSET": R(I), "ARSEEK": R(I),
    "ARGET": R(N(S)), "ARNEXT": R(N(I)),
    "ARGETRANGE": R(A(N(S))), "ARMGET": R(A(N(S))), "ARLASTITEMS": R(A(N(S))),
    "ARSCAN": R(A(T(I, S))),
    "ARGREP": [METH("argrep", {"options/withvalues": ABSENT}, R(A(I))),
               METH("argrep_withvalues", {"options/withvalues": PRESENT}, R(A(T(I, S))))],
    "AROP": [METH("arop", {"operation/" + o: ABSENT for o in AROP_INT_OPS}, R(N(S))),
             METH("arop_integer", {"operation/" + o: ABSENT for o in ("sum", "min", "max")}, R(N(I)))],
    "ARINFO": R(ARINFO_REPLY),
    # ---- string, list, stream, hash
    "INCREX": [METH("increx", {"increment/float": ABSENT}, R(T(I, I))),
               METH("increx_byfloat", {"increment/float": PRESENT}, R(T(D, D)))],
    "LMOVEM": R(N(A(S))), "BLMOVEM": R(N(A(S))),
    "XNACK": R(I), "XCFGSET": R(OK), "XIDMPRECORD": R(OK),
    "HIMPORT PREPARE": R(OK), "HIMPORT SET": R(OK), "HIMPORT DISCARD": R(I), "HIMPORT DISCARDALL": R(I),
    # ---- server, cluster
    "BACKUP ABORT": R(OK), "BACKUP CLEANUP": R(OK), "BACKUP SEAL": R(OK), "BACKUP START": R(OK),
    "BACKUP LIST": R(A(S)), "BACKUP STATUS": R(BACKUP_STATUS_REPLY),
    "HOTKEYS START": R(OK), "HOTKEYS STOP": R(OK), "HOTKEYS RESET": R(OK),
    "TRIMSLOTS": R(OK),
    "CLUSTER MIGRATION": [
        METH("cluster_migration_import", {"subcommand/import": PRESENT}, R(S)),
        METH("cluster_migration_cancel", {"subcommand/cancel": PRESENT}, R(I)),
        METH("cluster_migration_status", {"subcommand/status": PRESENT}, R(A(CLUSTER_MIGRATION_TASK)))],
}
CURATED.update(CURATED_8X)

# upstream file and commit each CURATED_8X reply was taken from (redis/redis src/commands/)
SOURCE_8X = {
    "ARCOUNT": ("arcount", "4f5ac6c6452947fd12e11c92536b798f77f99a6c"),
    "ARDEL": ("ardel", "ead90ea0c48f848f8fa935d64d5e6fd4256f3659"),
    "ARDELRANGE": ("ardelrange", "5fce32e2df82bab87bfc075d849086ea15283854"),
    "ARGET": ("arget", "84009f1c5503f43ae054a29e695f73739c795139"),
    "ARGETRANGE": ("argetrange", "ead90ea0c48f848f8fa935d64d5e6fd4256f3659"),
    "ARGREP": ("argrep", "72fd068a8d3f01373ffe7843eeebda22a0ef0d35"),
    "ARINFO": ("arinfo", "0cd8c045ea8460073a86e704da616c695a9d8733"),
    "ARINSERT": ("arinsert", "84009f1c5503f43ae054a29e695f73739c795139"),
    "ARLASTITEMS": ("arlastitems", "fd10ea6fc2df8ad00cb6f603fe4102264142ce1c"),
    "ARLEN": ("arlen", "f013bd340fc8c8efb04e1b30f336484100d6af13"),
    "ARMGET": ("armget", "f013bd340fc8c8efb04e1b30f336484100d6af13"),
    "ARMSET": ("armset", "67fcebffc5aa300bcc3b1cb5544fcdc5317f8c44"),
    "ARNEXT": ("arnext", "84009f1c5503f43ae054a29e695f73739c795139"),
    "AROP": ("arop", "f013bd340fc8c8efb04e1b30f336484100d6af13"),
    "ARRING": ("arring", "67fcebffc5aa300bcc3b1cb5544fcdc5317f8c44"),
    "ARSCAN": ("arscan", "1c8c7c33bb297ab0a36a7325fa2a68675d4fba0c"),
    "ARSEEK": ("arseek", "72fd068a8d3f01373ffe7843eeebda22a0ef0d35"),
    "ARSET": ("arset", "4566169bcde31f322c8f301c5b88e3dcba01d994"),
    "INCREX": ("increx", "883decb7ccb61befa557970d59805c77f4a1a43b"),
    "LMOVEM": ("lmovem", "5116a1f0de687332206454dc963115fa759da77d"),
    "BLMOVEM": ("blmovem", "77d303baf406890992e7228f63fa1af25c43184d"),
    "XNACK": ("xnack", "a3e68716dad6093695a872551dacdf4311566d96"),
    "XCFGSET": ("xcfgset", "01c5d48b3efab280e55a674696c152995fd4435c"),
    "XIDMPRECORD": ("xidmprecord", "3a84fd1c01f2db46bab5792a89580892d0568497"),
    "HIMPORT PREPARE": ("himport-prepare", "5116a1f0de687332206454dc963115fa759da77d"),
    "HIMPORT SET": ("himport-set", "5116a1f0de687332206454dc963115fa759da77d"),
    "HIMPORT DISCARD": ("himport-discard", "5116a1f0de687332206454dc963115fa759da77d"),
    "HIMPORT DISCARDALL": ("himport-discardall", "b7c314ba6b20abd5b767535665762c5224e52573"),
    "BACKUP ABORT": ("backup-abort", "dbdfb12bb05657d03e4fca4f092719e7f6cf8af1"),
    "BACKUP CLEANUP": ("backup-cleanup", "dbdfb12bb05657d03e4fca4f092719e7f6cf8af1"),
    "BACKUP LIST": ("backup-list", "dbdfb12bb05657d03e4fca4f092719e7f6cf8af1"),
    "BACKUP SEAL": ("backup-seal", "a077cf1e391511f793226cf9254b0dae5aff8333"),
    "BACKUP START": ("backup-start", "30379f310190e63dfe860608c7a56e9f6732ed1e"),
    "BACKUP STATUS": ("backup-status", "30379f310190e63dfe860608c7a56e9f6732ed1e"),
    "HOTKEYS START": ("hotkeys-start", "b0b8a62e4f64086b415860fda28b52c546957263"),
    "HOTKEYS STOP": ("hotkeys-stop", "9919a1458ff13e050a154f5870e1dceeb6272282"),
    "HOTKEYS RESET": ("hotkeys-reset", "b0b8a62e4f64086b415860fda28b52c546957263"),
    "TRIMSLOTS": ("trimslots", "f8c14a03ae548b3cf87b4a5de4b75abcec50e773"),
    "CLUSTER MIGRATION": ("cluster-migration", "0e77dec19221e2c58d3585f8013943f4edeba024"),
}
assert set(SOURCE_8X) == set(CURATED_8X)

# curation decisions beyond the bare schema (joined before the source in notes)
NOTES_8X = {
    "ARGREP": "methods: WITHVALUES gives [index, value] pairs instead of indexes",
    "AROP": "methods: SUM/MIN/MAX reply a bulk string, AND/OR/XOR/MATCH/USED an integer; null when nothing matched",
    "ARINFO": "the dense/sparse slice fields only with FULL",
    "INCREX": ("methods: [new value, applied increment]; integers without BYFLOAT, doubles with it (schema says "
               "number; wire types per mode as the node-redis #3288, redis-rs #2216, redis-rb #1372 client PRs state)"),
    "BACKUP STATUS": "schema lists no required field: all but state optional",
    "CLUSTER MIGRATION": ("methods per subcommand: IMPORT task id, CANCEL count, STATUS task maps; task fields "
                          "optional (older 8.x sources name them differently)"),
}

# commands left "curated": false on purpose (commands-spec/uncurated.txt lists the same names)
UNCURATED = {
    "HOTKEYS GET": ("upstream sources disagree on the form: redis/redis hotkeys-get.json @0e77dec says a flat array "
                    "or null, redis/docs hotkeys-get.md an array holding a map, with a flat example; reply left any"),
    "CLUSTER SYNCSLOTS": ("internal node-to-node slot migration; Redis's file says OK or +RDBCHANNELSYNCSLOTS "
                          "(cluster-syncslots.json @46850c2), Valkey's file (a9a8855) has no reply schema; reply left any"),
}

NOTES = {
    "SET": "methods: reply depends on GET; set() is null when an NX/XX/IF* condition blocked the write",
    "ZPOPMIN": "without count the reply is [member, score] flattened, empty when the key is missing: an array of 0 or 1 pairs",
    "ZPOPMAX": "without count the reply is [member, score] flattened, empty when the key is missing: an array of 0 or 1 pairs",
    "GEOSEARCH": "_with: WITH* flags stay options; fields appear in wire order member, dist, hash, coord",
    "SUBSCRIBE": "not a plain request/reply: one confirmation (push in RESP3) per channel, owned by the pub/sub runtime",
    "PSUBSCRIBE": "not a plain request/reply: one confirmation (push in RESP3) per pattern, owned by the pub/sub runtime",
    "SSUBSCRIBE": "not a plain request/reply: one confirmation (push in RESP3) per channel, owned by the pub/sub runtime",
    "UNSUBSCRIBE": "not a plain request/reply: one confirmation per channel, owned by the pub/sub runtime",
    "PUNSUBSCRIBE": "not a plain request/reply: one confirmation per pattern, owned by the pub/sub runtime",
    "SUNSUBSCRIBE": "not a plain request/reply: one confirmation per channel, owned by the pub/sub runtime",
    "MONITOR": "OK, then the connection streams monitor lines: needs a dedicated connection",
    "SYNC": "replication stream (RDB payload), not for clients",
    "PSYNC": "replication stream, not for clients",
    "DEBUG": "reply depends on the subcommand; debugging only",
    "PFDEBUG": "reply depends on the subcommand; debugging only",
    "EVAL": "any: the script decides", "EVALSHA": "any: the script decides", "EVAL_RO": "any: the script decides",
    "EVALSHA_RO": "any: the script decides", "FCALL": "any: the function decides", "FCALL_RO": "any: the function decides",
    "ACL DRYRUN": "OK when permitted, else a bulk string saying why not",
    "XREAD": "RESP2 sends [[key, entries], ...] (pairs), RESP3 a map",
    "XREADGROUP": "RESP2 sends [[key, entries], ...] (pairs), RESP3 a map; fields nil for deleted entries",
    "ROLE": "variant told apart by the leading role word",
    "CLUSTER SLOTS": "each range: start, end, then one node array per node (master first)",
    "DELEX": "1 when the key was deleted, 0 when not (missing key or condition not met)",
}

UNCURATED_REASON = ("no reply schema in the reference data and no server of this version here to observe "
                    "it; reply left as a placeholder")

# Struct fields newer than 7.0 or not always present: made optional.
OPTIONAL_FIELDS = {
    "XINFO STREAM": {"max_deleted_entry_id", "entries_added", "recorded_first_entry_id", "entries_read", "lag",
                     "active_time", "seen_time", "inactive", "pel_count", "pending"},
    "XINFO GROUPS": {"entries_read", "lag"},
    "XINFO CONSUMERS": {"inactive"},
    "CLUSTER SHARDS": {"port", "tls_port", "hostname"},
    "ACL LOG": {"entry_id", "timestamp_created", "timestamp_last_updated"},
}
ALL_OPTIONAL = {"MEMORY STATS", "CLUSTER LINKS", "CLUSTER GETSLOTMIGRATIONS", "FUNCTION STATS",
                "SENTINEL PENDING-SCRIPTS", "ACL GETUSER"}
REAL_SETS = {"SMEMBERS", "SINTER", "SUNION", "SDIFF"}


def fix_shape(shape, fn, allow_sets, all_optional=False, optional=()):
    """Generic fixes of an imported shape: uniqueItems arrays are RESP3 arrays unless the command
    really replies with a RESP3 set; struct field optionality as curated."""
    if isinstance(shape, str):
        return shape
    s = copy.deepcopy(shape)
    t = s["type"]
    if t == "set" and not allow_sets:
        s["type"] = "array"
    for k in ("of", "key", "value"):
        if isinstance(s.get(k), dict):
            s[k] = fix_shape(s[k], fn, allow_sets, all_optional, optional)
    if isinstance(s.get("of"), list):
        s["of"] = [fix_shape(x, fn, allow_sets, all_optional, optional) for x in s["of"]]
    if "items" in s:
        s["items"] = [fix_shape(x, fn, allow_sets, all_optional, optional) for x in s["items"]]
    if "fields" in s:
        nf = []
        for f in s["fields"]:
            f = dict(f, type=fix_shape(f["type"], fn, allow_sets, all_optional, optional))
            if all_optional or f["name"] in optional:
                f["optional"] = True
            nf.append(f)
        s["fields"] = nf
    return s


def fix_reply(reply, fn):
    kw = dict(allow_sets=fn in REAL_SETS, all_optional=fn in ALL_OPTIONAL, optional=OPTIONAL_FIELDS.get(fn, ()))
    return {"resp2": fix_shape(reply["resp2"], fn, **kw), "resp3": fix_shape(reply["resp3"], fn, **kw)}


def curate(spec):
    fn = spec_io.spec_full_name(spec)
    imported = spec.get("reply") or (spec.get("methods") or [{}])[0].get("reply")
    c = CURATED.get(fn)
    spec.pop("reply", None)
    spec.pop("methods", None)
    if fn == "ACL LOG":
        c = copy.deepcopy(c)
        entries = imported["resp3"]["of"][0]  # the array-of-entries branch of the imported variant
        r3 = fix_shape(entries, fn, False, optional=OPTIONAL_FIELDS[fn])
        c[0]["reply"] = R(r3)
    if fn == "XINFO STREAM":
        b = imported["resp3"]["of"]
        c = [METH("xinfo_stream", {"full-block": ABSENT}, fix_reply(R(b[0]), fn)),
             METH("xinfo_stream_full", {"full-block": PRESENT},
                  fix_reply(R(dict(b[1], name="xinfo_stream_full_reply")), fn))]
    if c is None and imported and imported["resp3"] != "any" and "variant" not in str(imported["resp3"]):
        spec["reply"] = fix_reply(imported, fn)
        spec["curated"] = True
        spec["notes"] = "reviewed: the upstream reply schema's shape"
        return True
    if c is None:
        spec["reply"] = imported or R(ANY)
        spec["curated"] = False
        if fn in UNCURATED:
            spec["notes"] = UNCURATED[fn]
        elif imported and "variant" in str(imported["resp3"]):
            spec["notes"] = "imported reply has alternatives; not yet split into methods"
        else:
            spec["notes"] = UNCURATED_REASON
        return False
    if isinstance(c, list):
        spec["methods"] = c
    else:
        spec["reply"] = c
    spec["curated"] = True
    if fn in SOURCE_8X:
        f, commit = SOURCE_8X[fn]
        src = "reply from redis/redis src/commands/%s.json reply_schema @ %s" % (f, commit)
        spec["notes"] = "curated: " + (NOTES_8X[fn] + "; " if fn in NOTES_8X else "") + src
        return True
    spec["notes"] = "curated" + (": " + NOTES[fn] if fn in NOTES else "")
    return True


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--spec", required=True)
    ap.add_argument("--only", action="append", default=[],
                    help="full command name (repeatable): curate only these files")
    ap.add_argument("--only-8x", action="store_true",
                    help="curate only the Redis 8.4-8.10 commands of CURATED_8X and UNCURATED")
    a = ap.parse_args(argv)
    specs = spec_io.load_specs(a.spec)
    only = {n.upper() for n in a.only} | (set(CURATED_8X) | set(UNCURATED) if a.only_8x else set())
    unknown = sorted(only - set(specs))
    if unknown:
        ap.error("no spec file for: " + ", ".join(unknown))
    left = []
    for fn, (path, spec) in sorted(specs.items()):
        if only and fn not in only:
            continue
        if not curate(spec):
            left.append(fn)
        spec_io.write_spec(a.spec, spec, path=path)
    print("uncurated: %d" % len(left))
    for fn in left:
        print("  " + fn + ": " + specs[fn][1]["notes"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
