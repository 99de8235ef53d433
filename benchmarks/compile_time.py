#!/usr/bin/env python3
"""Compile time of a user's translation unit (issue 15, item 13), measured in one run.

Compiles each TU of benchmarks/compile_time/ (-std=c++20 -O0 -c, the flags a debug build of a user's
file gets) several times, interleaved so that every TU sees the same load, and reports the median
CPU time (user + sys of the compiler) and its ratio to baseline.cpp (<string> + <vector>):

  baseline.cpp               the yardstick
  client_20_calls.cpp        <typedis/typedis.hpp> and 20 typed calls on typedis::client
  groups_20_calls.cpp        the same calls on a basic_client of the six command groups they use
  client_20_calls.cpp (pch)  client_20_calls.cpp against a precompiled <typedis/typedis.hpp>, as
                             typedis_precompile_headers() (cmake/typedis_pch.cmake) sets up

The precompiled header is built once per run, before the loop; its CPU time is reported on its own
line (a build pays it once, not per file).

    benchmarks/compile_time.py [--runs N] [--cxx g++] [--json out.json] [--target RATIO]

With --target, exits 1 when a row of TARGET_ROWS (the one docs/generated-api.md names as the
target's) exceeds RATIO x baseline; the other 20-call rows are reported against RATIO too, for
information. scripts/bench runs it and prints the table; docs/generated-api.md ("Size and compile
time") discusses the figures.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PLAIN_TUS = ["baseline.cpp", "client_20_calls.cpp", "groups_20_calls.cpp"]
PCH_ROW = "client_20_calls.cpp (pch)"
ROWS = PLAIN_TUS + [PCH_ROW]
# The rows the target is claimed for (docs/generated-api.md, "Measured against ...").
TARGET_ROWS = [PCH_ROW]
TWENTY_CALL_ROWS = ["client_20_calls.cpp", "groups_20_calls.cpp", PCH_ROW]


def cpu_seconds(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def is_clang(cxx):
    out = subprocess.run([cxx, "--version"], check=True, capture_output=True, text=True).stdout
    return "clang" in out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cxx", default=os.environ.get("CXX", "g++"))
    ap.add_argument("--json")
    ap.add_argument("--target", type=float)
    args = ap.parse_args()
    src = os.path.join(ROOT, "benchmarks", "compile_time")
    # The PCH must be built with exactly the flags of the files that use it.
    base_flags = ["-std=c++20", "-O0",
                  "-I" + os.path.join(ROOT, "include"), "-I" + os.path.join(ROOT, "generated", "include")]
    flags = base_flags + ["-c", "-o", os.devnull]

    with tempfile.TemporaryDirectory(prefix="typedis_pch_") as tmp:
        pch_header = os.path.join(tmp, "typedis_pch.hpp")
        with open(pch_header, "w") as fh:
            fh.write("#include <typedis/typedis.hpp>\n")
        if is_clang(args.cxx):
            pch_file = pch_header + ".pch"
            use_pch = ["-include-pch", pch_file]  # clang refuses a stale or mismatched PCH
        else:
            pch_file = pch_header + ".gch"
            # g++ silently parses the header instead of an unusable .gch: make that an error, so the
            # row never measures the plain path by mistake.
            use_pch = ["-include", pch_header, "-Winvalid-pch", "-Werror=invalid-pch"]
        pch_build_s = cpu_seconds([args.cxx] + base_flags + ["-x", "c++-header", pch_header, "-o", pch_file])
        pch_mb = os.path.getsize(pch_file) / 1e6

        commands = {tu: [args.cxx] + flags + [os.path.join(src, tu)] for tu in PLAIN_TUS}
        commands[PCH_ROW] = [args.cxx] + flags + use_pch + [os.path.join(src, "client_20_calls.cpp")]
        times = {row: [] for row in ROWS}
        for _ in range(args.runs):
            for row in ROWS:  # interleaved: a burst of load hits every TU alike
                times[row].append(cpu_seconds(commands[row]))

    base = statistics.median(times["baseline.cpp"])
    rows = []
    print("compile time, %s -std=c++20 -O0, CPU s (user+sys), median of %d interleaved runs, load %.1f"
          % (args.cxx, args.runs, os.getloadavg()[0]))
    for row in ROWS:
        med = statistics.median(times[row])
        rows.append({"tu": row, "median_s": round(med, 3), "ratio": round(med / base, 2),
                     "runs_s": [round(t, 3) for t in times[row]]})
        print("  %-26s %6.2f s  %5.2fx baseline   (%s)" % (row, med, med / base,
                                                          " ".join("%.2f" % t for t in times[row])))
    print("  precompiled <typedis/typedis.hpp>: built once in %.2f s CPU, %.0f MB" % (pch_build_s, pch_mb))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"compiler": args.cxx, "runs": args.runs, "rows": rows,
                       "pch_build_s": round(pch_build_s, 3), "pch_mb": round(pch_mb, 1),
                       "target_rows": TARGET_ROWS}, fh, indent=2)
    if args.target is not None:
        ok = True
        by_name = {r["tu"]: r for r in rows}
        for name in TWENTY_CALL_ROWS:
            ratio = by_name[name]["ratio"]
            met = ratio <= args.target
            named = name in TARGET_ROWS
            if named:
                ok = ok and met
            print("  target: %-26s <= %.2fx baseline: %s (%.2fx)%s"
                  % (name, args.target, "met" if met else "NOT met", ratio, "" if named else "  [for information]"))
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
