#!/usr/bin/env python3
"""Turns the raw outputs of scripts/bench into one table (stdout) and results.json, then the
"Async client" section (bench_async and redis-benchmark, when they ran) and the "Cluster client" section
(bench_cluster, when it ran). After scripts/bench --cluster-only, only the last.

Columns: row, typedis, hiredis (or the named reference), ratio typedis/reference, target, met?
Every ratio is typedis divided by the other column, whatever the unit; the target says which way is good.
"""
import argparse
import csv
import json
import os
import platform
import subprocess


def load(path):
    with open(path) as f:
        return json.load(f)


def read_ir(raw, name):
    try:
        with open(os.path.join(raw, name + ".ir")) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def replies_of(raw, name):
    """How many replies (parser drivers) or operations (pipeline drivers) a callgrind run counted."""
    try:
        d = load(os.path.join(raw, name + ".stdout"))
    except (OSError, ValueError):
        return None
    return d.get("replies") or d.get("ops")


def gbench(raw):
    """name -> {'replies/s': x, 'bytes/s': y} (median when repeated)."""
    data = load(os.path.join(raw, "parser.json"))
    out = {}
    for b in data["benchmarks"]:
        agg = b.get("aggregate_name")
        if agg not in (None, "", "median"):
            continue
        name = b.get("run_name", b["name"]).split("_median")[0]
        out[name] = {"replies_per_s": b.get("replies/s"), "bytes_per_s": b.get("bytes_per_second")}
    return out


def si(v, unit=""):
    if v is None:
        return "n/a"
    for factor, prefix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= factor:
            return f"{v / factor:.2f} {prefix}{unit}"
    return f"{v:.3g} {unit}".strip()


def redis_benchmark(raw):
    """'get'/'set' -> requests/s of redis-benchmark --csv, the mean of the runs in raw/redis_benchmark_*.csv
    (one before and one after bench_async); {} when redis-benchmark was not run."""
    runs = {}
    for name in sorted(os.listdir(raw)):
        if not (name.startswith("redis_benchmark") and name.endswith(".csv")):
            continue
        with open(os.path.join(raw, name), newline="") as f:
            for rec in csv.DictReader(f):
                test = (rec.get("test") or "").strip().lower()
                try:
                    runs.setdefault(test, []).append(float(rec["rps"]))
                except (KeyError, TypeError, ValueError):
                    pass
    return {test: {"rps": sum(v) / len(v), "runs": v} for test, v in runs.items() if test in ("get", "set") and v}


def async_section(raw):
    """The "Async client" section (issue 11): bench_async's table and the ratio rows; None when
    bench_async did not run (raw/async.json missing)."""
    path = os.path.join(raw, "async.json")
    if not os.path.exists(path):
        return None
    a = load(path)
    rb = redis_benchmark(raw)
    levels = (1, 64, 1024)
    table, rows = [], []
    for cmd in ("get", "set"):
        d = a[cmd]
        for c in levels:
            r = d.get(f"async_{c}")
            if r is None:
                continue
            table.append({"row": f"{cmd.upper()}, {c:,} in flight", "ops_per_s": r["ops_per_s"],
                          "cpu_ns_per_op": r["cpu_ns_per_op"], "reads_per_1k": r["reads_per_1k"],
                          "writes_per_1k": r["writes_per_1k"]})
        sp = d["sync_pipeline"]
        table.append({"row": f"{cmd.upper()}, sync dynamic_pipeline ×{sp['batch']} (reference)",
                      "ops_per_s": sp["ops_per_s"], "cpu_ns_per_op": sp["cpu_ns_per_op"],
                      "reads_per_1k": None, "writes_per_1k": None})
        if cmd in rb:
            table.append({"row": f"{cmd.upper()}, redis-benchmark -c 50 -P 16 (reference)", "ops_per_s": rb[cmd]["rps"],
                          "cpu_ns_per_op": None, "reads_per_1k": None, "writes_per_1k": None})

    def ratio_row(name, t, ref, ref_name, kind, x, fmt):
        ratio = t / ref if t is not None and ref not in (None, 0) else None
        met = None if ratio is None else (round(ratio, 2) >= x if kind == ">=" else round(ratio, 2) <= x)
        rows.append({"row": name, "typedis": t, "reference": ref, "reference_name": ref_name, "ratio": ratio,
                     "target": f"{'≥' if kind == '>=' else '≤'} {x:.1f}×", "met": met,
                     "typedis_text": fmt(t), "reference_text": f"{ref_name}: {fmt(ref)}"})

    us = lambda v: "n/a" if v is None else f"{v / 1000:.3f} µs"
    for cmd in ("get", "set"):
        top = a[cmd].get("async_1024")
        if top is None:
            continue
        ratio_row(f"{cmd.upper()}, 1,024 in flight: req/s vs redis-benchmark", top["ops_per_s"],
                  (rb.get(cmd) or {}).get("rps"), "redis-benchmark -c 50 -P 16", ">=", 1.0, lambda v: si(v, "/s"))
        ratio_row(f"{cmd.upper()}, 1,024 in flight: CPU/req vs the sync pipeline", top["cpu_ns_per_op"],
                  a[cmd]["sync_pipeline"]["cpu_ns_per_op"], "dynamic_pipeline ×128", "<=", 1.0, us)

    lines = ["", "Async client (issue 11): typedis::async_client, one connection, N coroutines on one thread each",
             "looping co_await c.get / c.set on one key (3-byte value); CPU is the process's getrusage user+sys per",
             "request; reads/writes are socket calls per 1,000 requests (c.stats()). Same run as the references.", ""]
    headers = ["row", "req/s", "CPU µs/req", "reads/1k", "writes/1k"]
    num = lambda v: "—" if v is None else f"{v:.2f}"
    body = [[t["row"], si(t["ops_per_s"], "/s"), "—" if t["cpu_ns_per_op"] is None else us(t["cpu_ns_per_op"]),
             num(t["reads_per_1k"]), num(t["writes_per_1k"])] for t in table]
    widths = [max(len(str(x[i])) for x in body + [headers]) for i in range(len(headers))]
    head = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    lines += [head, "-" * len(head)] + ["  ".join(str(c).ljust(w) for c, w in zip(b, widths)) for b in body]
    lines.append("")
    headers = ["ratio row", "async", "reference", "ratio", "target", "met?"]
    body = [[r["row"], r["typedis_text"], r["reference_text"], "n/a" if r["ratio"] is None else f"{r['ratio']:.2f}×",
             r["target"], "n/a" if r["met"] is None else ("met" if r["met"] else "missed")] for r in rows]
    widths = [max(len(str(x[i])) for x in body + [headers]) for i in range(len(headers))]
    head = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    lines += [head, "-" * len(head)] + ["  ".join(str(c).ljust(w) for c, w in zip(b, widths)) for b in body]
    if not rb:
        lines.append("(redis-benchmark was not run: no raw/redis_benchmark_*.csv)")
    lines = [ln.rstrip() for ln in lines]
    return {"lines": lines, "table": table,
            "rows": [{k: r[k] for k in ("row", "typedis", "reference", "reference_name", "ratio", "target", "met")}
                     for r in rows],
            "raw": {"bench_async": a, "redis_benchmark": rb}}


def cluster_section(raw):
    """The "Cluster client" section (issue 12): bench_cluster's medians and the two ratio rows; None when
    bench_cluster did not run (raw/cluster.json missing)."""
    path = os.path.join(raw, "cluster.json")
    if not os.path.exists(path):
        return None
    data = load(path)
    scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}
    runs = {}  # run name -> [benchmark entries]: the median when repeated, else every plain run
    for b in data["benchmarks"]:
        if b.get("error_occurred"):
            continue
        agg = b.get("aggregate_name")
        # "get/cluster/process_time", "pipeline/single/process_time/real_time": the name without the
        # suffixes Google Benchmark appends for MeasureProcessCPUTime and UseRealTime.
        name = "/".join(x for x in b.get("run_name", b["name"]).split("/") if x not in ("process_time", "real_time"))
        if agg == "median":
            runs[name] = [b]
        elif not agg and not any(x.get("aggregate_name") == "median" for x in runs.get(name, [])):
            runs.setdefault(name, []).append(b)

    def mean(name, field, per_ns=False):
        bs = runs.get(name)
        if not bs or any(field not in b for b in bs):
            return None
        vals = [b[field] * (scale[b.get("time_unit", "ns")] if per_ns else 1.0) for b in bs]
        return sum(vals) / len(vals)

    ctx = data.get("context", {})
    size = int(ctx.get("pipeline_size", 1000))
    pipe_cpu = lambda n: None if mean(n, "cpu_time", True) is None else mean(n, "cpu_time", True) / size
    table = [
        {"row": "GET, one per round trip: client::get", "cpu_ns_per_get": mean("get/single", "cpu_time", True),
         "wall_ns_per_get": mean("get/single", "real_time", True), "gets_per_s": None},
        {"row": "GET, one per round trip: cluster_client::get", "cpu_ns_per_get": mean("get/cluster", "cpu_time", True),
         "wall_ns_per_get": mean("get/cluster", "real_time", True), "gets_per_s": None},
        {"row": "GET, one per round trip: client::get on the key's cluster node (info)",
         "cpu_ns_per_get": mean("get/owner_node", "cpu_time", True),
         "wall_ns_per_get": mean("get/owner_node", "real_time", True), "gets_per_s": None},
        {"row": f"dynamic_pipeline of {size:,} GETs: client (one server)", "cpu_ns_per_get": pipe_cpu("pipeline/single"),
         "wall_ns_per_get": None, "gets_per_s": mean("pipeline/single", "items_per_second")},
        {"row": f"dynamic_pipeline of {size:,} GETs: cluster_client (3 primaries)",
         "cpu_ns_per_get": pipe_cpu("pipeline/cluster"), "wall_ns_per_get": None,
         "gets_per_s": mean("pipeline/cluster", "items_per_second")},
    ]
    rows = []

    def ratio_row(name, t, ref, kind, x, fmt):
        """kind: '>=' or '<=' against x, or None (information only)."""
        ratio = t / ref if t is not None and ref not in (None, 0) else None
        met = None if ratio is None or kind is None else (round(ratio, 2) >= x if kind == ">=" else round(ratio, 2) <= x)
        target = "info" if kind is None else f"{'≥' if kind == '>=' else '≤'} {x:.2f}×"
        rows.append({"row": name, "typedis": t, "reference": ref, "reference_name": "typedis::client, one server",
                     "ratio": ratio, "target": target, "met": met, "typedis_text": fmt(t), "reference_text": fmt(ref)})

    def ir_per_op(name):
        ir, ops = read_ir(raw, name), replies_of(raw, name)
        return ir / ops if ir is not None and ops else None

    us = lambda v: "n/a" if v is None else f"{v / 1000:.3f} µs"
    ratio_row("GET round trip: client CPU per GET (routing overhead)", table[1]["cpu_ns_per_get"],
              table[0]["cpu_ns_per_get"], "<=", 1.10, us)
    ratio_row(f"dynamic_pipeline of {size:,} GETs: GETs/s", table[4]["gets_per_s"], table[3]["gets_per_s"], ">=", 1.0,
              lambda v: si(v, "/s"))
    ratio_row("GET round trip: client CPU per GET, both on the key's cluster node", table[1]["cpu_ns_per_get"],
              table[2]["cpu_ns_per_get"], None, 0, us)
    insn = lambda v: "n/a" if v is None else f"{v:.0f}"
    ratio_row("GET round trip: instructions per GET (callgrind, user space)", ir_per_op("cluster_get_cluster"),
              ir_per_op("cluster_get_single"), None, 0, insn)
    ratio_row(f"dynamic_pipeline of {size:,} GETs: instructions per GET (callgrind)",
              ir_per_op("cluster_pipeline_cluster"), ir_per_op("cluster_pipeline_single"), None, 0, insn)

    reps = max((b.get("repetitions", 1) for b in data["benchmarks"]), default=1)
    lines = ["", "Cluster client (issue 12): typedis::cluster_client (3 primaries, no replicas) vs typedis::client (one",
             "redis-server), one thread, 3-byte values; CPU is the process's CPU time (Google Benchmark cpu_time);",
             f"GETs/s from wall time. Medians of {reps} randomly interleaved repetitions. Keys per node: "
             + ctx.get("pipeline_keys_per_node", "?"), ""]
    headers = ["row", "CPU µs/GET", "wall µs/GET", "GETs/s"]
    body = [[t["row"], us(t["cpu_ns_per_get"]), "—" if t["wall_ns_per_get"] is None else us(t["wall_ns_per_get"]),
             "—" if t["gets_per_s"] is None else si(t["gets_per_s"], "/s")] for t in table]
    widths = [max(len(str(x[i])) for x in body + [headers]) for i in range(len(headers))]
    head = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    lines += [head, "-" * len(head)] + ["  ".join(str(c).ljust(w) for c, w in zip(b, widths)) for b in body]
    lines.append("")
    headers = ["ratio row", "cluster_client", "client (one server)", "ratio", "target", "met?"]
    body = [[r["row"], r["typedis_text"], r["reference_text"], "n/a" if r["ratio"] is None else f"{r['ratio']:.2f}×",
             r["target"], ("—" if r["target"] == "info" else "n/a") if r["met"] is None
             else ("met" if r["met"] else "missed")] for r in rows]
    widths = [max(len(str(x[i])) for x in body + [headers]) for i in range(len(headers))]
    head = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    lines += [head, "-" * len(head)] + ["  ".join(str(c).ljust(w) for c, w in zip(b, widths)) for b in body]
    lines = [ln.rstrip() for ln in lines]
    return {"lines": lines, "table": table,
            "rows": [{k: r[k] for k in ("row", "typedis", "reference", "reference_name", "ratio", "target", "met")}
                     for r in rows],
            "raw": {"bench_cluster": data}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--raw", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--commit", default="unknown")
    ap.add_argument("--dirty", default="false")
    ap.add_argument("--quick", default="0")
    ap.add_argument("--date", default="")
    a = ap.parse_args()
    raw = a.raw
    rows = []

    def row(name, t, h, target=None, cmp=None, fmt=lambda v: si(v), ref="hiredis", absolute=None, note=""):
        """cmp: ('ratio>=', x) | ('ratio<=', x) | ('abs<=', x) | None (information only).

        A ratio is judged at the precision it is printed and its target written in (two decimals):
        1.0009× is "1.00×", which meets "≤ 1.00×"; 1.005× is "1.01×", which misses it."""
        ratio = (t / h) if (t is not None and h not in (None, 0)) else None
        met = None
        if cmp is not None and t is not None:
            kind, x = cmp
            shown = round(ratio, 2) if ratio is not None else None
            if kind == "ratio>=" and ratio is not None:
                met = shown >= x
            elif kind == "ratio<=" and ratio is not None:
                met = shown <= x
            elif kind == "abs<=":
                met = t <= x
        rows.append({
            "row": name, "typedis": t, "reference": h, "reference_name": ref, "ratio": ratio,
            "target": target or "info", "met": met, "note": note,
            "typedis_text": fmt(t), "reference_text": (f"{ref}: " if ref != "hiredis" else "") + fmt(h),
        })

    # The issue 6 table: absent after scripts/bench --cluster-only (no raw/parser.json).
    have_main = os.path.exists(os.path.join(raw, "parser.json"))
    main_raw = {}
    if have_main:
        g = gbench(raw)

        def rps(name):
            return (g.get(name) or {}).get("replies_per_s")

        def bps(name):
            return (g.get(name) or {}).get("bytes_per_s")

        def rate_fmt(v):
            return si(v, "/s")

        def ipr(name, per):
            ir = read_ir(raw, name)
            return ir / per if ir is not None and per else None

        # ---- parser (a) .. (e)
        row("parse (a) 100k GET -> optional<string>: replies/s", rps("get/typedis"), rps("get/hiredis16k"),
            "≥ 4×", ("ratio>=", 4.0), rate_fmt, note="hiredis fed 16 KiB at a time, as from a socket")
        n_get = replies_of(raw, "parse_get_typedis")
        row("parse (a) instructions/reply (callgrind)", ipr("parse_get_typedis", n_get), ipr("parse_get_hiredis16k", n_get),
            "≤ 0.25× (noise-free 4×)", ("ratio<=", 0.25), lambda v: "n/a" if v is None else f"{v:.0f}")
        row("parse (b) 10k × 100 integers -> vector<long long>: replies/s", rps("int_array/typedis"),
            rps("int_array/hiredis16k"), "≥ 2×", ("ratio>=", 2.0), rate_fmt)
        row("parse (b) instructions/reply (callgrind)", ipr("parse_int_array_typedis", 3000),
            ipr("parse_int_array_hiredis16k", 3000), fmt=lambda v: "n/a" if v is None else f"{v:.0f}")
        # What a connection does with a large value (issue 16 item 5): read through a session in
        # 256 KiB reads straight into the string returned. The target is the read into a
        # reused buffer; into a new string, fresh pages bound it (memcpy into fresh memory, below).
        if bps("bulk64m/session_direct") is not None:
            row("parse (c) 64 MiB bulk read through a session into a reused string (call_options::read_buffer): "
                "bytes/s vs memcpy", bps("bulk64m/session_direct_reused"), bps("bulk64m/memcpy"), "≥ 0.5× memcpy",
                ("ratio>=", 0.5), lambda v: si(v, "B/s"), ref="memcpy (reused buffer)")
            row("parse (c) the same into a new std::string (direct): bytes/s vs memcpy",
                bps("bulk64m/session_direct"), bps("bulk64m/memcpy"), fmt=lambda v: si(v, "B/s"),
                ref="memcpy (reused buffer)", note="fresh pages: compare memcpy into fresh memory below")
            row("parse (c) the same through the read buffer, copied out (before item 5): bytes/s vs memcpy",
                bps("bulk64m/session_buffered"), bps("bulk64m/memcpy"), fmt=lambda v: si(v, "B/s"),
                ref="memcpy (reused buffer)")
            row("parse (c) memcpy into fresh memory advised MADV_HUGEPAGE vs reused",
                bps("bulk64m/memcpy_fresh_hugepage"), bps("bulk64m/memcpy"), fmt=lambda v: si(v, "B/s"),
                ref="memcpy (reused buffer)")
        row("parse (c) 64 MiB bulk -> new std::string, from one buffer holding it: bytes/s vs memcpy",
            bps("bulk64m/typedis"), bps("bulk64m/memcpy"),
            "info" if bps("bulk64m/session_direct") is not None else "≥ 0.5× memcpy",
            None if bps("bulk64m/session_direct") is not None else ("ratio>=", 0.5), lambda v: si(v, "B/s"),
            ref="memcpy (reused buffer)")
        row("parse (c) 64 MiB bulk -> reused std::string: bytes/s vs memcpy", bps("bulk64m/typedis_reused"),
            bps("bulk64m/memcpy"), fmt=lambda v: si(v, "B/s"), ref="memcpy (reused buffer)")
        row("parse (c) memcpy into a fresh 64 MiB buffer vs reused (page faults)", bps("bulk64m/memcpy_fresh"),
            bps("bulk64m/memcpy"), fmt=lambda v: si(v, "B/s"), ref="memcpy (reused buffer)",
            note="the 'typedis' column is memcpy into new memory: the floor for a new result string")
        row("parse (c) 64 MiB bulk -> new std::string: bytes/s vs hiredis", bps("bulk64m/typedis"),
            bps("bulk64m/hiredis16k"), fmt=lambda v: si(v, "B/s"))
        row("parse (d) 10k RESP3 maps of 16 -> unordered_map: replies/s", rps("map16/typedis_resp3"),
            rps("map16/hiredis16k"), "≥ 2×", ("ratio>=", 2.0), rate_fmt,
            note="hiredis 0.14 has no RESP3: it reads the RESP2 shape (flat array of 32)")
        row("parse (d) same data as RESP2 flat array: replies/s", rps("map16/typedis_resp2"), rps("map16/hiredis16k"),
            fmt=rate_fmt)
        row("parse (d) only building the 10k unordered_maps (no parsing) vs hiredis", rps("map16/container_only"),
            rps("map16/hiredis16k"), fmt=rate_fmt, note="the container's own cost: the floor of any decoder into it")
        row("parse (d) instructions/reply (callgrind)", ipr("parse_map16_typedis", 3000), ipr("parse_map16_hiredis16k", 3000),
            fmt=lambda v: "n/a" if v is None else f"{v:.0f}")
        row("parse (e) mixed HGETALL/ZRANGE WITHSCORES/XRANGE: replies/s", rps("mixed/typedis"), rps("mixed/hiredis16k"),
            fmt=rate_fmt)
        row("parse (e) instructions/reply (callgrind)", ipr("parse_mixed_typedis", 3000), ipr("parse_mixed_hiredis16k", 3000),
            fmt=lambda v: "n/a" if v is None else f"{v:.0f}")

        # ---- end to end
        lat = load(os.path.join(raw, "latency.json"))
        us = lambda v: "n/a" if v is None else f"{v:.1f} µs"
        ns = lambda v: "n/a" if v is None else f"{v:.0f} ns"
        for cmd in ("get", "set"):
            side = lat[cmd]
            for q in ("p50", "p99"):
                row(f"round trip {cmd.upper()} {q} (r.{cmd}(), pool of 1)", side["typedis"][f"{q}_us"],
                    side["hiredis"][f"{q}_us"], "≤ 1.00×" if q == "p50" else "info",
                    ("ratio<=", 1.00) if q == "p50" else None, us)
            if "cpu_ns_per_op" in side["typedis"]:
                row(f"round trip {cmd.upper()}: client CPU/call (user+sys)", side["typedis"]["cpu_ns_per_op"],
                    side["hiredis"]["cpu_ns_per_op"], "≤ 1.00×", ("ratio<=", 1.00), ns)
            checked = side.get("typedis_closed_check_0")
            if checked:
                row(f"round trip {cmd.upper()} p50, pool_closed_check=0 (a poll per checkout)", checked["p50_us"],
                    side["hiredis"]["p50_us"], fmt=us)
                row(f"round trip {cmd.upper()}: client CPU/call, pool_closed_check=0", checked["cpu_ns_per_op"],
                    side["hiredis"]["cpu_ns_per_op"], fmt=ns)
        pipe = load(os.path.join(raw, "pipeline.json"))
        insn = lambda v: "n/a" if v is None else f"{v:.0f}"
        # The public API (issue 16's targets): the typed pipeline the README shows first, the dynamic
        # pipeline through its methods and through add(cmd::get(k)); conn: the internal floor.
        # (json key, callgrind name, label, CPU target vs hiredis or None, instructions target or None)
        contenders = (("typedis_typed", "typed", "typed pipeline ³", 0.55, None),
                      ("typedis_methods", "methods", "dynamic_pipeline, methods ⁵", 0.5, 600),
                      ("typedis", "typedis", "dynamic_pipeline, add() ¹", 0.5, 600),
                      ("typedis_conn", "conn", "connection-level floor ⁴", None, None))
        for cmd in ("get", "set"):
            p = pipe[cmd]
            floor = p["raw_floor"]["cpu_ns_per_op"] if "raw_floor" in p else None
            dyn_ir = ipr(f"pipe_{cmd}_typedis", replies_of(raw, f"pipe_{cmd}_typedis"))
            for key, cg_name, what, cpu_x, ir_max in contenders:
                if key not in p:
                    continue
                label = f"pipelined {cmd.upper()} ×128, {what}"
                targeted = cpu_x is not None
                row(f"{label}: ops/s", p[key]["ops_per_s"], p["hiredis"]["ops_per_s"], "≥ 1×" if targeted else "info",
                    ("ratio>=", 1.0) if targeted else None, rate_fmt)
                row(f"{label}: client CPU/op (user+sys)", p[key]["cpu_ns_per_op"], p["hiredis"]["cpu_ns_per_op"],
                    f"≤ {cpu_x}×" if targeted else "info", ("ratio<=", cpu_x) if targeted else None, ns)
                if floor is not None:
                    row(f"{label}: client CPU/op above the raw-socket floor ²", p[key]["cpu_ns_per_op"] - floor,
                        p["hiredis"]["cpu_ns_per_op"] - floor, fmt=ns, note=f"raw floor: {floor:.0f} ns/op")
                ir = ipr(f"pipe_{cmd}_{cg_name}", replies_of(raw, f"pipe_{cmd}_{cg_name}"))
                row(f"{label}: instructions/op (callgrind)", ir,
                    ipr(f"pipe_{cmd}_hiredis", replies_of(raw, f"pipe_{cmd}_hiredis")),
                    f"≤ {ir_max}" if ir_max else "info", ("abs<=", ir_max) if ir_max else None, insn)
                if key == "typedis_typed":
                    row(f"{label}: instructions/op vs the dynamic_pipeline's", ir, dyn_ir, "≤ 1.10×",
                        ("ratio<=", 1.10), insn, ref="dynamic_pipeline ¹")

        # ---- memory
        al = load(os.path.join(raw, "alloc.json"))
        cnt = lambda v: "n/a" if v is None else f"{v:.2f}"
        row("allocations per GET (3-byte value), decode only", al["decode"]["typedis_new"], al["decode"]["hiredis_malloc"],
            "0", ("abs<=", 0.0), cnt, note="typedis: operator new calls; hiredis: malloc calls")
        rtp = al["roundtrip"]
        cnt4 = lambda v: "n/a" if v is None else f"{v:.4f}"
        # A dynamic pipeline's exec() returns a std::vector: one allocation per batch is the result
        # itself; the target is no allocation besides it (the typed pipeline returns a tuple: none).
        result_share = 1.0 / rtp["batch"] if "batch" in rtp else 0.0
        for key, what, vector in (("typed", "typed pipeline ³", False),
                                  ("methods", "dynamic_pipeline ⁵ per batch, besides the returned vector", True),
                                  ("typedis", "dynamic_pipeline ¹ per batch, besides the returned vector", True),
                                  ("reused", "one dynamic_pipeline reused across batches, besides the vector", True),
                                  ("conn", "connection-level floor ⁴", False)):
            if f"{key}_new" not in rtp:
                continue
            targeted = key in ("typed", "methods", "typedis")
            value = rtp[f"{key}_new"] - (result_share if vector else 0.0)
            row(f"allocations per pipelined GET (3-byte value), {what}", max(value, 0.0), rtp["hiredis_malloc"],
                "0" if targeted else "info", ("abs<=", 1e-6) if targeted else None, cnt4,
                note=f"operator new calls {rtp[f'{key}_new']:.4f}, malloc calls {rtp[f'{key}_malloc']:.4f} per GET")
        rt, rh = load(os.path.join(raw, "rss_typedis.json")), load(os.path.join(raw, "rss_hiredis.json"))
        kib = lambda v: "n/a" if v is None else f"{v / 1024:.1f} MiB"
        row("peak RSS, one dynamic_pipeline ¹ of 100,000 GETs, results kept", rt["peak_kib"], rh["peak_kib"], fmt=kib,
            note=f"baselines before the batch: typedis {rt['baseline_kib']} KiB, hiredis {rh['baseline_kib']} KiB")
        row("RSS growth over the baseline for that batch", rt["peak_kib"] - rt["baseline_kib"],
            rh["peak_kib"] - rh["baseline_kib"], fmt=kib)

        # ---- print
        headers = ["row", "typedis", "hiredis / reference", "ratio", "target", "met?"]
        table = []
        for r in rows:
            met = "—" if r["met"] is None else ("yes" if r["met"] else "NO")
            ratio = "n/a" if r["ratio"] is None else f"{r['ratio']:.2f}×"
            table.append([r["row"], r["typedis_text"], r["reference_text"], ratio, r["target"], met])
        widths = [max(len(str(x[i])) for x in table + [headers]) for i in range(len(headers))]
        line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
        print(line)
        print("-" * len(line))
        for t in table:
            print("  ".join(str(c).ljust(w) for c, w in zip(t, widths)))
        print()
        print("¹ the public API, one fresh pipeline per batch: auto p = r.dynamic_pipeline<optional<string>>();")
        print("  p.add(typedis::cmd::get(key)) ×128; p.exec() -> vector (SET: optional<typedis::ok>); typedis::client, pool")
        print("  of 1. hiredis: redisAppendCommandArgv ×128 + redisGetReply ×128.")
        print("² the same request bytes prebuilt and sent/received on a plain blocking socket, replies not parsed: the")
        print("  kernel + loopback cost every client pays; CPU above it is the library's own.")
        print("³ r.pipeline().get(k0).get(k1)…(128 calls).exec() -> std::tuple of 128 results.")
        print("⁴ a floor, not an API: make_command + one write through the internal typedis::connection + 128")
        print("  read_reply + decoder; no pool checkout, no batch object, no result vector.")
        print("⁵ as ¹ through the pipeline's generated methods, each command encoded into the batch: p.get(key) ×128")
        print("  (SET: p.set(key, value)).")
        print("parse rows: both parsers are fed the same 16 KiB chunks, as from a socket; hiredis 0.14 (Debian 12) has no RESP3.")
        main_raw = {"parser": g, "latency": lat, "pipeline": pipe, "alloc": al, "rss": {"typedis": rt, "hiredis": rh}}
    asy = async_section(raw)
    if asy is not None:
        print("\n".join(asy["lines"]))
    clu = cluster_section(raw)
    if clu is not None:
        print("\n".join(clu["lines"]))
    hiredis_version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "libhiredis-dev"], capture_output=True,
                                     text=True).stdout
    redis_version = subprocess.run(["redis-server", "--version"], capture_output=True, text=True).stdout.strip()
    result = {
        "commit": a.commit, "dirty": a.dirty == "true", "quick": a.quick == "1", "date": a.date,
        "machine": {"cpus": os.cpu_count(), "kernel": platform.release(),
                    "compiler": "g++ " + subprocess.run(["g++", "-dumpfullversion"], capture_output=True,
                                                        text=True).stdout.strip()},
        "hiredis": hiredis_version, "redis_server": redis_version,
        "rows": [{k: r[k] for k in ("row", "typedis", "reference", "reference_name", "ratio", "target", "met", "note")}
                 for r in rows],
        "raw": main_raw,
    }
    if asy is not None:
        result["async"] = {"table": asy["table"], "rows": asy["rows"]}
        result["raw"]["async"] = asy["raw"]
    if clu is not None:
        result["cluster"] = {"table": clu["table"], "rows": clu["rows"]}
        result["raw"]["cluster"] = clu["raw"]
    with open(a.out, "w") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
