#!/usr/bin/env python3
"""Generates the typed C++ command API from the command spec.

    python3 codegen/generate.py --spec commands-spec --out generated

Every spec file is validated against <spec>/schema.json first; an invalid file stops the run with
messages naming the file, the command and the field. The output is deterministic. Users run it on
their own spec folder with --namespace (through the CMake function typedis_add_commands).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from typedis_codegen import generator  # noqa: E402


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--spec", required=True, help="spec folder (holds schema.json and */*.json)")
    p.add_argument("--out", required=True, help="output folder (include/ and src/ are written in it)")
    p.add_argument("--namespace", default="typedis",
                   help="C++ namespace of the generated API (default typedis; a user extension uses its own)")
    p.add_argument("--schema", help="schema.json to validate with (default: <spec>/schema.json)")
    p.add_argument("--check", action="store_true",
                   help="write nothing: generate into a temporary folder and fail if --out differs from it")
    args = p.parse_args(argv)
    if args.check:
        return check(args)
    try:
        gen, files = generator.generate(args.spec, args.out, namespace=args.namespace, schema=args.schema)
    except generator.SpecError as e:
        print("generate.py: invalid command spec:\n" + str(e), file=sys.stderr)
        return 1
    n = sum(len(c["methods"]) for cmds in gen.groups.values() for c in cmds)
    print("generate.py: %d methods, %d files in %s" % (n, len(files), args.out))
    return 0


def check(args):
    import filecmp
    import tempfile
    with tempfile.TemporaryDirectory(prefix="typedis_generate_check_") as tmp:
        try:
            generator.generate(args.spec, tmp, namespace=args.namespace, schema=args.schema)
        except generator.SpecError as e:
            print("generate.py: invalid command spec:\n" + str(e), file=sys.stderr)
            return 1
        differ = []

        def walk(cmp, prefix):
            differ.extend(prefix + f for f in cmp.left_only + cmp.right_only + cmp.diff_files + cmp.funny_files)
            for name, sub in sorted(cmp.subdirs.items()):
                walk(sub, prefix + name + "/")
        walk(filecmp.dircmp(tmp, args.out), "")
        # dircmp compares by stat signature first; compare contents for certainty
        for dirpath, _, files in os.walk(tmp):
            for f in files:
                rel = os.path.relpath(os.path.join(dirpath, f), tmp)
                other = os.path.join(args.out, rel)
                if os.path.exists(other) and not filecmp.cmp(os.path.join(dirpath, f), other, shallow=False):
                    if rel not in differ:
                        differ.append(rel)
    if differ:
        print("generate.py --check: %s is not what the generator makes from %s; differing: %s\n"
              "regenerate with: python3 codegen/generate.py --spec %s --out %s"
              % (args.out, args.spec, ", ".join(sorted(differ)), args.spec, args.out), file=sys.stderr)
        return 1
    print("generate.py --check: %s is up to date" % args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
