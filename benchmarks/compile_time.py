#!/usr/bin/env python3
"""Compile time of a user's translation unit (issue 15, item 13), measured in one run.

Compiles each TU of benchmarks/compile_time/ (-std=c++20 -O0 -c, the flags a debug build of a user's
file gets) several times, interleaved so that every TU sees the same load, and reports the median
CPU time (user + sys of the compiler) and its ratio to baseline.cpp (<string> + <vector>):

  baseline.cpp          the yardstick
  client_20_calls.cpp   <typedis/typedis.hpp> and 20 typed calls on typedis::client
  groups_20_calls.cpp   the same calls on a basic_client of the six command groups they use

    benchmarks/compile_time.py [--runs N] [--cxx g++] [--json out.json] [--target RATIO]

With --target, exits 1 when client_20_calls exceeds RATIO x baseline. scripts/bench runs it and
prints the table; docs/generated-api.md ("Size and compile time") discusses the figures.
"""
import argparse
import json
import os
import resource
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TUS = ["baseline.cpp", "client_20_calls.cpp", "groups_20_calls.cpp"]


def cpu_seconds(cmd):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cxx", default=os.environ.get("CXX", "g++"))
    ap.add_argument("--json")
    ap.add_argument("--target", type=float)
    args = ap.parse_args()
    src = os.path.join(ROOT, "benchmarks", "compile_time")
    flags = ["-std=c++20", "-O0", "-c", "-o", os.devnull,
             "-I" + os.path.join(ROOT, "include"), "-I" + os.path.join(ROOT, "generated", "include")]
    times = {tu: [] for tu in TUS}
    for _ in range(args.runs):
        for tu in TUS:  # interleaved: a burst of load hits every TU alike
            times[tu].append(cpu_seconds([args.cxx] + flags + [os.path.join(src, tu)]))
    base = statistics.median(times["baseline.cpp"])
    rows = []
    print("compile time, %s -std=c++20 -O0, CPU s (user+sys), median of %d interleaved runs, load %.1f"
          % (args.cxx, args.runs, os.getloadavg()[0]))
    for tu in TUS:
        med = statistics.median(times[tu])
        rows.append({"tu": tu, "median_s": round(med, 3), "ratio": round(med / base, 2),
                     "runs_s": [round(t, 3) for t in times[tu]]})
        print("  %-22s %6.2f s  %5.2fx baseline   (%s)" % (tu, med, med / base,
                                                        " ".join("%.2f" % t for t in times[tu])))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({"compiler": args.cxx, "runs": args.runs, "rows": rows}, fh, indent=2)
    if args.target is not None:
        ratio = rows[1]["ratio"]
        ok = ratio <= args.target
        print("  target: client_20_calls <= %.2fx baseline: %s (%.2fx)" % (args.target, "met" if ok else "NOT met", ratio))
        return 0 if ok else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
